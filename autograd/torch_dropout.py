"""`dropout(input, p, train)` (torch.dropout) and the dropout noise, drawn as PyTorch's.

The noise is a tensor filled by `bernoulli_(1 - p)` from the default generator (one double
uniform per element, or per channel for the feature forms), in the input's dtype; the
inverted form divides it by `1 - p`, the alpha form (SELU networks) maps it to keep the
mean and variance, both in the input's dtype with PyTorch's scalars.
"""

from __future__ import annotations

import math

import numpy as np

from . import random_kernels as _rk
from .argcheck import number
from .generator import resolve
from .tensor_class import Tensor, as_tensor

__all__ = ["alpha_noise", "bernoulli_noise", "dropout", "dropout_factors"]

# SELU's scale * alpha: the value an alpha-dropped unit is set to is -ALPHA (PyTorch's)
ALPHA = 1.7580993408473766


def bernoulli_noise(shape: tuple, p: float, dtype) -> np.ndarray:
    """PyTorch's `empty(shape, dtype).bernoulli_(1 - p)`: 0 with probability p, else 1."""
    return _rk.bernoulli_scalar(resolve(None), math.prod(shape), np.dtype(dtype), 1.0 - p).reshape(
        shape
    )


def dropout_factors(shape: tuple, p: float, dtype) -> np.ndarray:
    """Inverted dropout's factors, drawn as PyTorch's: `bernoulli_(1 - p)` in the dtype (0
    with probability p, else 1), divided by `1 - p` in the dtype, so the expected output
    equals the input."""
    dtype = np.dtype(dtype)
    if p == 1.0:
        return np.zeros(shape, dtype)
    noise = bernoulli_noise(shape, p, dtype)
    noise /= dtype.type(1.0 - p)  # noise.div_(1 - p): the scalar in the input's dtype
    return noise


def alpha_noise(shape: tuple, p: float, dtype) -> tuple[np.ndarray, np.ndarray]:
    """Alpha dropout's factor and offset (a, b), drawn as PyTorch's: the input becomes
    x * a + b, with a kept unit's a = A and b = A * ALPHA * p, a dropped unit's a = 0 and
    b = A * ALPHA * (p - 1) = -ALPHA * A (1 - p), A = 1 / sqrt((ALPHA^2 p + 1)(1 - p))."""
    dtype = np.dtype(dtype)
    t = dtype.type
    noise = bernoulli_noise(shape, p, dtype)
    a = 1.0 / math.sqrt((ALPHA * ALPHA * p + 1) * (1 - p))
    b = (noise - t(1)) * t(ALPHA * a) + t(ALPHA * a * p)  # noise.add(-1).mul_().add_()
    noise *= t(a)
    return noise, b


def dropout(input, p: float, train: bool) -> Tensor:
    """torch.dropout: zero each element with probability p and scale the rest by
    1/(1-p) when `train`, else return the input (p, train required, as PyTorch's)."""
    x = as_tensor(input)
    p = number(p, "p", "dropout")
    if not 0.0 <= p <= 1.0:
        raise RuntimeError(f"dropout probability has to be between 0 and 1, but got {p}")
    if not train or p == 0.0 or x.size == 0:
        return x
    if p == 1.0:
        return x * 0.0
    return x * dropout_factors(tuple(x.shape), p, x.dtype)
