"""Inverted dropout: `Dropout` (elements) and `Dropout2d` (whole channels)."""

from __future__ import annotations

import numpy as np

from autograd.creation import generator
from autograd.function import Tensor

from .module import Module


def _check_p(name: str, p: float) -> float:
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"{name}: dropout probability must be in [0, 1], got {p}")
    return float(p)


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
    """Zero whole channels of (N, C, H, W) (or (C, H, W)) input with probability p."""
    p = _check_p("dropout2d", p)
    shape = x.shape
    if len(shape) not in (3, 4):
        raise ValueError(f"dropout2d: expected a 3-d or 4-d input, got shape {tuple(shape)}")
    return _dropout(x, p, training, shape[:-2] + (1, 1))


class Dropout(Module):
    """Inverted dropout: random zeros and 1/(1-p) scaling in training, identity in eval."""

    def __init__(self, p: float = 0.5):
        super().__init__()
        self.p = _check_p("Dropout", p)

    def forward(self, x) -> Tensor:
        return dropout(x, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}"


class Dropout2d(Dropout):
    """Channel-wise inverted dropout for (N, C, H, W) input."""

    def forward(self, x) -> Tensor:
        return dropout2d(x, self.p, self.training)
