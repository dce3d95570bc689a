"""Inverted dropout: `Dropout` (elements) and `Dropout1d`/`Dropout2d`/`Dropout3d` (channels).

The masks are PyTorch's for the same seed: a noise tensor filled by `bernoulli_(1 - p)`
from the default generator (one double uniform per element, or per channel), divided by
`1 - p` in the input's dtype, times the input.
"""

from __future__ import annotations

import warnings

from autograd.argcheck import number
from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor
from autograd.torch_dropout import dropout_factors

from .module import Module


def _check_p(name: str, p: float) -> float:
    x = number(p, "p", name)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"{name}: dropout probability must be in [0, 1], got {p}")
    return x


def _dropout(x, p: float, training: bool, mask_shape) -> Tensor:
    x = as_tensor(x)
    if not training or p == 0.0 or x.size == 0:
        return x
    if p == 1.0:
        return x * 0.0
    return x * dropout_factors(mask_shape, p, x.dtype)


@composite(show=("p",))
def dropout(input, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability p and scale the rest by 1/(1-p) (identity if not
    training). `inplace` is accepted and computes out of place (use the result)."""
    return _dropout(input, _check_p("dropout", p), training, tuple(input.shape))


def _unbatched(x, p: float, training: bool, batched: bool) -> Tensor:
    """Channel-wise dropout of (N, C, ...) input, or of (C, ...) input as one sample."""
    x = as_tensor(x)
    if not batched:
        return _unbatched(x.unsqueeze(0), p, training, True).squeeze(0)
    shape = tuple(x.shape)
    return _dropout(x, p, training, shape[:2] + (1,) * (len(shape) - 2))


def dropout1d(input, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero whole channels of (N, C, L) or (C, L) input with probability p."""
    p = _check_p("dropout1d", p)
    if len(input.shape) not in (2, 3):
        raise RuntimeError(
            f"dropout1d: Expected 2D or 3D input, but received a {len(input.shape)}D input; "
            "dropout1d is channel-wise dropout of (N, C, L) or (C, L) inputs (use dropout)"
        )
    return _unbatched(input, p, training, len(input.shape) == 3)


def dropout2d(input, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero whole channels (axis 1) of (N, C, ...) input with probability p, as PyTorch.

    As PyTorch's: one factor per (sample, channel), so a 3-d input is read as (N, C, L)
    (channel-wise 1-d dropout) and a 2-d one as (N, C) (then each element is a channel);
    both warn, as does any input that is not 4-d or 3-d, and 1-d input is an error.
    """
    return _dropout2d(input, _check_p("dropout2d", p), training, stacklevel=3)


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


def dropout3d(input, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero whole channels of (N, C, D, H, W) or (C, D, H, W) input with probability p."""
    p = _check_p("dropout3d", p)
    ndim = len(input.shape)
    if ndim not in (4, 5):
        warnings.warn(
            f"dropout3d: Received a {ndim}-D input to dropout3d, which is deprecated and will "
            "result in an error in a future release (use dropout for other ranks).",
            stacklevel=2,
        )
    return _unbatched(input, p, training, ndim == 5)


class Dropout(Module):
    """Inverted dropout: random zeros and 1/(1-p) scaling in training, identity in eval.
    (`inplace` is accepted; the result is computed out of place.)"""

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        self.p = _check_p(type(self).__name__, p)
        self.inplace = bool(inplace)

    def forward(self, input) -> Tensor:
        return dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Dropout1d(Dropout):
    """Channel-wise inverted dropout for (N, C, L) or (C, L) input."""

    def forward(self, input) -> Tensor:
        return dropout1d(input, self.p, self.training)


class Dropout2d(Dropout):
    """Channel-wise inverted dropout for (N, C, H, W) input (see `dropout2d` for others)."""

    def forward(self, input) -> Tensor:
        return _dropout2d(input, self.p, self.training, stacklevel=4)  # warnings name the caller


class Dropout3d(Dropout):
    """Channel-wise inverted dropout for (N, C, D, H, W) or (C, D, H, W) input."""

    def forward(self, input) -> Tensor:
        return dropout3d(input, self.p, self.training)
