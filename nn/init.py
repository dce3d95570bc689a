"""Weight initialisers, with PyTorch's names, formulas and defaults.

Each fills a tensor's array in place (nothing is recorded), draws from
`autograd.generator()` (seeded by `autograd.manual_seed`) and returns the tensor.
"""

from __future__ import annotations

import math

import numpy as np

from autograd.creation import generator
from autograd.grad_mode import bump
from autograd.tensor import Tensor

_LINEAR = (
    "linear",
    "conv1d",
    "conv2d",
    "conv3d",
    "conv_transpose1d",
    "conv_transpose2d",
    "conv_transpose3d",
    "sigmoid",
)


def calculate_gain(nonlinearity: str, param=None) -> float:
    """The recommended gain for a nonlinearity (PyTorch's table)."""
    if nonlinearity in _LINEAR:
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif isinstance(param, (int, float)) and not isinstance(param, bool):
            slope = param
        else:
            raise ValueError(f"calculate_gain: negative_slope {param!r} is not a valid number")
        return math.sqrt(2.0 / (1 + slope**2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"calculate_gain: unsupported nonlinearity {nonlinearity!r}")


def _array(t) -> np.ndarray:
    return t.data if isinstance(t, Tensor) else t


def _fill(t, values) -> Tensor:
    arr = _array(t)
    arr[...] = values
    if isinstance(t, Tensor):
        bump(t)  # an in-place change: ops that saved the old values refuse to backward
    return t


def _calculate_fan_in_and_fan_out(t) -> tuple[int, int]:
    """fan_in = shape[1] * receptive field, fan_out = shape[0] * receptive field."""
    shape = _array(t).shape
    if len(shape) < 2:
        raise ValueError(
            "fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions "
            f"(shape {shape})"
        )
    receptive = math.prod(shape[2:])
    return shape[1] * receptive, shape[0] * receptive


def _calculate_correct_fan(t, mode: str) -> int:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode {mode!r} is not supported; use 'fan_in' or 'fan_out'")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(t)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(t, a: float = 0.0, b: float = 1.0):
    """Fill with U(a, b)."""
    return _fill(t, generator().uniform(a, b, _array(t).shape))


def normal_(t, mean: float = 0.0, std: float = 1.0):
    """Fill with N(mean, std^2)."""
    return _fill(t, generator().normal(mean, std, _array(t).shape))


def trunc_normal_(t, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0):
    """Fill with N(mean, std^2) truncated to [a, b] (redrawing values outside)."""
    shape = _array(t).shape
    out = generator().normal(mean, std, shape)
    bad = (out < a) | (out > b)
    while bad.any():
        out[bad] = generator().normal(mean, std, int(bad.sum()))
        bad = (out < a) | (out > b)
    return _fill(t, out)


def constant_(t, val: float):
    """Fill `t` with `val`, in place; returns `t`."""
    return _fill(t, val)


def zeros_(t):
    """Fill `t` with zeros, in place; returns `t`."""
    return _fill(t, 0)


def ones_(t):
    """Fill `t` with ones, in place; returns `t`.

    Examples:
        >>> nn.init.ones_(nn.Parameter(np.zeros(2))).tolist()
        [1.0, 1.0]
    """
    return _fill(t, 1)


def eye_(t):
    """The identity matrix (2-d tensors)."""
    arr = _array(t)
    if arr.ndim != 2:
        raise ValueError(f"eye_: only 2-d tensors are supported, got shape {arr.shape}")
    return _fill(t, np.eye(*arr.shape))


def xavier_uniform_(t, gain: float = 1.0):
    """Glorot: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(t)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(t, -a, a)


def xavier_normal_(t, gain: float = 1.0):
    """Glorot: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(t)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(t, 0.0, std)


def kaiming_uniform_(t, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu"):
    """He: U(-bound, bound) with bound = gain(nonlinearity, a) * sqrt(3 / fan)."""
    fan = _calculate_correct_fan(t, mode)
    if fan == 0:
        return t
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return uniform_(t, -bound, bound)


def kaiming_normal_(t, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu"):
    """He: N(0, std^2) with std = gain(nonlinearity, a) / sqrt(fan)."""
    fan = _calculate_correct_fan(t, mode)
    if fan == 0:
        return t
    std = calculate_gain(nonlinearity, a) / math.sqrt(fan)
    return normal_(t, 0.0, std)


def orthogonal_(t, gain: float = 1.0):
    """A (semi-)orthogonal matrix from the QR decomposition of a Gaussian one, times gain."""
    arr = _array(t)
    if arr.ndim < 2:
        raise ValueError(f"orthogonal_: needs at least 2 dimensions, got shape {arr.shape}")
    if arr.size == 0:
        return t
    rows = arr.shape[0]
    cols = arr.size // rows
    flat = generator().normal(0.0, 1.0, (rows, cols))
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    d = np.sign(np.diag(r))
    d[d == 0] = 1
    q = q * d  # makes the decomposition unique (as PyTorch does)
    if rows < cols:
        q = q.T
    return _fill(t, gain * q.reshape(arr.shape))
