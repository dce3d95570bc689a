"""Inverted dropout: `Dropout` (elements) and `Dropout2d` (whole channels)."""

from __future__ import annotations

import warnings

import numpy as np

from autograd.argcheck import number
from autograd.creation import generator
from autograd.function import Tensor

from .module import Module


def _check_p(name: str, p: float) -> float:
    x = number(p, "p", name)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"{name}: dropout probability must be in [0, 1], got {p}")
    return x


def dropout_factors(shape: tuple, p: float, dtype) -> np.ndarray:
    """Inverted dropout's factors: 0 with probability p, else 1 / (1 - p), so the expected
    output equals the input."""
    dtype = np.dtype(dtype)
    if p == 1.0:
        return np.zeros(shape, dtype)
    keep = generator().random(shape, dtype="float32") >= p
    return keep * dtype.type(1.0 / (1.0 - p))


def _dropout(x, p: float, training: bool, mask_shape) -> Tensor:
    x = x if isinstance(x, Tensor) else Tensor(x)
    if not training or p == 0.0:
        return x
    if p == 1.0:
        return x * 0.0
    return x * dropout_factors(mask_shape, p, x.dtype)


def dropout(x, p: float = 0.5, training: bool = True) -> Tensor:
    """Zero each element with probability p and scale the rest by 1/(1-p) (identity if not
    training)."""
    return _dropout(x, _check_p("dropout", p), training, x.shape)


def dropout2d(x, p: float = 0.5, training: bool = True) -> Tensor:
    """Zero whole channels (axis 1) of (N, C, ...) input with probability p, as PyTorch.

    As PyTorch's: one factor per (sample, channel), so a 3-d input is read as (N, C, L)
    (channel-wise 1-d dropout) and a 2-d one as (N, C) (then each element is a channel);
    both warn, as does any input that is not 4-d or 3-d, and 1-d input is an error.
    """
    return _dropout2d(x, _check_p("dropout2d", p), training, stacklevel=3)


def _dropout2d(x, p: float, training: bool, stacklevel: int) -> Tensor:
    shape = tuple(x.shape)
    if len(shape) not in (3, 4):
        warnings.warn(
            f"dropout2d: Received a {len(shape)}-D input to dropout2d, which is deprecated "
            "and will result in an error in a future release. To retain the behavior and "
            "silence this warning, please use dropout instead. Note that dropout2d exists to "
            "provide channel-wise dropout on inputs with 2 spatial dimensions, a channel "
            "dimension, and an optional batch dimension (i.e. 3D or 4D inputs).",
            stacklevel=stacklevel,
        )
    if len(shape) == 3:
        warnings.warn(
            "dropout2d: Received a 3D input to dropout2d and assuming that channel-wise 1D "
            "dropout behavior is desired - input is interpreted as shape (N, C, L), where C "
            "is the channel dim. This behavior will change in a future release to interpret "
            "the input as one without a batch dimension, i.e. shape (C, H, W). To maintain "
            "the 1D channel-wise dropout behavior, please switch to using dropout1d instead.",
            stacklevel=stacklevel,
        )
    if len(shape) < 2:
        raise ValueError(
            f"dropout2d: feature dropout requires at least 2 dimensions in the input, got "
            f"shape {shape}"
        )
    return _dropout(x, p, training, shape[:2] + (1,) * (len(shape) - 2))


class Dropout(Module):
    """Inverted dropout: random zeros and 1/(1-p) scaling in training, identity in eval."""

    def __init__(self, p: float = 0.5):
        super().__init__()
        self.p = _check_p(type(self).__name__, p)

    def forward(self, x) -> Tensor:
        return dropout(x, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Dropout2d(Dropout):
    """Channel-wise inverted dropout for (N, C, H, W) input (see `dropout2d` for others)."""

    def forward(self, x) -> Tensor:
        return _dropout2d(x, self.p, self.training, stacklevel=4)  # warnings name the caller
