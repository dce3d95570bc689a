"""Weight initialisers, with PyTorch's names, formulas, defaults and draws.

Each fills a tensor (or a numpy array) in place and returns it; nothing is recorded.
The draws go through the tensor's random methods (autograd.random), from the default
generator or `generator=`, in PyTorch's order, so that `autograd.manual_seed(s)` and
`torch.manual_seed(s)` give the same weights bit for bit (docs/randomness.md; the one
exception is `orthogonal_`, whose QR factorisation is numpy's LAPACK, not PyTorch's).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from autograd import random_kernels as _rk
from autograd.generator import resolve
from autograd.grad_mode import no_grad
from autograd.tensor_class import Tensor
from autograd.versions import bump

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
    return t.numpy() if isinstance(t, Tensor) else np.asarray(t)


def _tensor(t) -> Tensor:
    """t itself, or a Tensor sharing the memory of a numpy array."""
    return t if isinstance(t, Tensor) else Tensor(np.asarray(t))


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
    mode = mode.lower()
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"mode {mode!r} is not supported; use 'fan_in' or 'fan_out'")
    fan_in, fan_out = _calculate_fan_in_and_fan_out(t)
    return fan_in if mode == "fan_in" else fan_out


def uniform_(tensor, a: float = 0.0, b: float = 1.0, generator=None):
    """Fill with U(a, b)."""
    with no_grad():
        _tensor(tensor).uniform_(a, b, generator=generator)
    return tensor


def normal_(tensor, mean: float = 0.0, std: float = 1.0, generator=None):
    """Fill with N(mean, std^2)."""
    with no_grad():
        _tensor(tensor).normal_(mean, std, generator=generator)
    return tensor


def trunc_normal_(
    tensor, mean: float = 0.0, std: float = 1.0, a: float = -2.0, b: float = 2.0, generator=None
):
    """Fill with N(mean, std^2) truncated to [a, b]: PyTorch 2.13's sampler (redrawn normals
    when [a, b] holds over 30% of the mass, else uniform proposals with a rejection test)."""

    def norm_cdf(x: float) -> float:
        return (1.0 + math.erf(x / math.sqrt(2.0))) / 2.0

    if (mean < a - 2 * std) or (mean > b + 2 * std):
        warnings.warn(
            "mean is more than 2 std from [a, b] in nn.init.trunc_normal_. "
            "The distribution of values may be incorrect.",
            stacklevel=2,
        )
    target = _tensor(tensor)
    arr = target.numpy()
    g = resolve(generator)
    with no_grad():
        p = norm_cdf((b - mean) / std) - norm_cdf((a - mean) / std)
        if p > 0.3:
            lo, hi = arr.dtype.type(a), arr.dtype.type(b)
            target.normal_(mean, std, generator=g)
            result = target.numpy()
            while True:
                mask = (result < lo) | (result > hi)
                if not mask.any():
                    break
                redraw = _fresh_like(result)
                _rk.write(redraw, _rk.normal(g, redraw.size, redraw.dtype, mean, std, True))
                result = np.where(mask, redraw, result)
        else:
            result = _trunc_by_rejection(target, mean, std, a, b, g)
        if result is not target.numpy():
            target.numpy()[...] = result
    return tensor


def _fresh_like(arr: np.ndarray) -> np.ndarray:
    return np.empty_like(arr)  # keeps the layout, as torch.empty_like


def _trunc_by_rejection(tensor, mean, std, a, b, g) -> np.ndarray:
    """PyTorch's narrow-window branch: uniform proposals accepted when log(u) <= log_pdf."""
    dt = tensor.numpy().dtype.type
    mode = max(a, min(mean, b))
    log_peak = -0.5 * ((mode - mean) / std) ** 2

    def log_pdf(x):
        x = (x - dt(mean)) / dt(std)
        return (x * x) * dt(-0.5) - dt(log_peak)

    def accept_test(cand):
        u = _fresh_like(cand)
        _rk.write(u, _rk.uniform(g, u.size, u.dtype))
        return np.log(u.astype(np.float64)).astype(u.dtype) > cand

    tensor.uniform_(a, b, generator=g)
    result = tensor.numpy()
    candidates = log_pdf(result)
    pending = accept_test(candidates)
    while pending.any():
        cand = _fresh_like(result)
        _rk.write(cand, _rk.uniform(g, cand.size, cand.dtype, a, b))
        result = np.where(pending, cand, result)
        pending = np.where(pending, accept_test(log_pdf(cand)), pending)
    return result


def constant_(tensor, val: float):
    """Fill `tensor` with `val`, in place; returns `tensor`."""
    _array(tensor)[...] = val
    _bump(tensor)
    return tensor


def zeros_(tensor):
    """Fill `tensor` with zeros, in place; returns `tensor`."""
    return constant_(tensor, 0)


def ones_(tensor):
    """Fill `tensor` with ones, in place; returns `tensor`.

    Examples:
        >>> nn.init.ones_(nn.Parameter(np.zeros(2))).tolist()
        [1.0, 1.0]
    """
    return constant_(tensor, 1)


def _bump(t) -> None:
    if isinstance(t, Tensor):
        bump(t)  # an in-place change: ops that saved the old values refuse to backward


def eye_(tensor):
    """The identity matrix (2-d tensors)."""
    arr = _array(tensor)
    if arr.ndim != 2:
        raise ValueError(f"eye_: only 2-d tensors are supported, got shape {arr.shape}")
    arr[...] = np.eye(*arr.shape)
    _bump(tensor)
    return tensor


def dirac_(tensor, groups: int = 1):
    """The Dirac delta of a (3, 4 or 5-d) convolution weight: the identity map per group."""
    arr = _array(tensor)
    if arr.ndim not in (3, 4, 5):
        raise ValueError(f"dirac_: only 3, 4 or 5-d tensors are supported, got {arr.shape}")
    if arr.shape[0] % groups:
        raise ValueError(f"dirac_: dim 0 ({arr.shape[0]}) must be divisible by groups ({groups})")
    per_group = arr.shape[0] // groups
    arr[...] = 0
    centre = tuple(s // 2 for s in arr.shape[2:])
    for g in range(groups):
        for d in range(min(per_group, arr.shape[1])):
            arr[(g * per_group + d, d) + centre] = 1
    _bump(tensor)
    return tensor


def xavier_uniform_(tensor, gain: float = 1.0, generator=None):
    """Glorot: U(-a, a) with a = gain * sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    a = math.sqrt(3.0) * std
    return uniform_(tensor, -a, a, generator)


def xavier_normal_(tensor, gain: float = 1.0, generator=None):
    """Glorot: N(0, std^2) with std = gain * sqrt(2 / (fan_in + fan_out))."""
    fan_in, fan_out = _calculate_fan_in_and_fan_out(tensor)
    std = gain * math.sqrt(2.0 / float(fan_in + fan_out))
    return normal_(tensor, 0.0, std, generator)


def _empty_warning(t) -> bool:
    if 0 in _array(t).shape:
        warnings.warn("Initializing zero-element tensors is a no-op", stacklevel=3)
        return True
    return False


def kaiming_uniform_(
    tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu", generator=None
):
    """He: U(-bound, bound) with bound = gain(nonlinearity, a) * sqrt(3 / fan)."""
    if _empty_warning(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    bound = math.sqrt(3.0) * std
    return uniform_(tensor, -bound, bound, generator)


def kaiming_normal_(
    tensor, a: float = 0, mode: str = "fan_in", nonlinearity: str = "leaky_relu", generator=None
):
    """He: N(0, std^2) with std = gain(nonlinearity, a) / sqrt(fan)."""
    if _empty_warning(tensor):
        return tensor
    fan = _calculate_correct_fan(tensor, mode)
    gain = calculate_gain(nonlinearity, a)
    std = gain / math.sqrt(fan)
    return normal_(tensor, 0, std, generator)


def orthogonal_(tensor, gain: float = 1.0, generator=None):
    """A (semi-)orthogonal matrix from the QR decomposition of a Gaussian one, times gain.

    The Gaussian draws are PyTorch's; the QR factorisation is numpy's LAPACK, so the
    result agrees with PyTorch's to rounding, not bit for bit.
    """
    arr = _array(tensor)
    if arr.ndim < 2:
        raise ValueError(f"orthogonal_: needs at least 2 dimensions, got shape {arr.shape}")
    if arr.size == 0:
        return tensor
    rows = arr.shape[0]
    cols = arr.size // rows
    flat = _rk.normal(resolve(generator), rows * cols, arr.dtype).reshape(rows, cols)
    if rows < cols:
        flat = flat.T
    q, r = np.linalg.qr(flat)
    q = q * np.sign(np.diag(r))  # makes the decomposition unique, as PyTorch does
    if rows < cols:
        q = q.T
    arr[...] = q.reshape(arr.shape)
    arr *= arr.dtype.type(gain)
    _bump(tensor)
    return tensor


def sparse_(tensor, sparsity: float, std: float = 0.01, generator=None):
    """N(0, std^2) with a fraction `sparsity` of each column set to zero (2-d tensors); the
    zeroed rows come from the default generator, as in PyTorch."""
    arr = _array(tensor)
    if arr.ndim != 2:
        raise ValueError(f"sparse_: only 2-d tensors are supported, got shape {arr.shape}")
    rows, cols = arr.shape
    num_zeros = math.ceil(sparsity * rows)
    normal_(tensor, 0, std, generator)
    for col in range(cols):
        zero_rows = _rk.randperm(resolve(None), rows)[:num_zeros]
        arr[zero_rows, col] = 0
    return tensor
