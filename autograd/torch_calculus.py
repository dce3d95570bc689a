"""Numerical integration and differentiation of sampled values, with PyTorch's signatures and
order of operations: `trapezoid` (and its old name `trapz`), `cumulative_trapezoid` and
`gradient`. Each is composed of recorded ops (slices, sums, products), so its gradient with
respect to the samples (and to trapezoid's sample points x), of any order, is the
composition's, as PyTorch's; `gradient`'s coordinates are constants.
"""

from __future__ import annotations

import numpy as np

from . import dtypes
from .shapes import dim_index
from .tensor_class import Tensor
from .tensor_class import concatenate as _concatenate
from .torch_math import _tensor

__all__ = ["cumulative_trapezoid", "gradient", "trapezoid", "trapz"]


def _floating(t: Tensor) -> Tensor:
    return t if t._data.dtype.kind in "fc" else t.astype(dtypes.get_default_dtype())


def _cut(t: Tensor, dim: int, start, stop=None) -> Tensor:
    index = [slice(None)] * t.ndim
    index[dim] = slice(start, stop)
    return t[tuple(index)]


def _spacings(x, y: Tensor, dim: int, who: str) -> Tensor:
    """The steps between the sample points x, shaped to broadcast against y's slices."""
    if not isinstance(x, Tensor):
        raise TypeError(
            f"{who}(): x must be a Tensor of sample points, got {type(x).__name__} (a "
            f"constant spacing is the keyword dx: {who}(y, dx={x!r}))"
        )
    if x.ndim == 1:
        if x.shape[0] != y.shape[dim]:
            raise RuntimeError(
                f"{who}: There must be one `x` value for each sample point (got {x.shape[0]} "
                f"x values and {y.shape[dim]} sample points)"
            )
        shape = [1] * y.ndim
        shape[dim] = -1
        x = x.reshape(shape)
        return _cut(x, dim, 1) - _cut(x, dim, 0, -1)
    return _cut(x, dim, 1) - _cut(x, dim, 0, -1)


def _samples(y, dim: int, who: str) -> tuple[Tensor, int]:
    y = _tensor(y)
    if y.ndim == 0:
        raise IndexError(f"Dimension specified as {dim} but tensor has no dimensions")
    return y, dim_index(dim, y.ndim, who)


def trapezoid(y, x=None, *, dx=None, dim: int = -1) -> Tensor:
    """The integral of the samples y along dim by the trapezoidal rule, at spacing dx (1 by
    default) or at the sample points x."""
    if x is not None and dx is not None:
        raise TypeError("trapezoid() received both x and dx: give one of them")
    y, d = _samples(y, dim, "trapezoid")
    if y.shape[d] == 0:
        return _floating(y).sum(d) * 0
    if x is not None:
        steps = _spacings(x, y, d, "trapezoid")
        return (steps * (_cut(y, d, 1) + _cut(y, d, 0, -1))).sum(d) / 2.0
    ends = _cut(y, d, 0, 1).sum(d) + _cut(y, d, -1).sum(d)
    return (y.sum(d) - ends * 0.5) * (1 if dx is None else dx)


def trapz(y, x=None, *, dx=None, dim: int = -1) -> Tensor:
    """`trapezoid`'s old name."""
    return trapezoid(y, x, dx=dx, dim=dim)


def cumulative_trapezoid(y, x=None, *, dx=None, dim: int = -1) -> Tensor:
    """The running integral of the samples y along dim by the trapezoidal rule (one value
    fewer than y along dim)."""
    if x is not None and dx is not None:
        raise TypeError("cumulative_trapezoid() received both x and dx: give one of them")
    y, d = _samples(y, dim, "cumulative_trapezoid")
    pairs = _cut(y, d, 1) + _cut(y, d, 0, -1)
    if x is not None:
        return (_spacings(x, y, d, "cumulative_trapezoid") * pairs).cumsum(d) / 2.0
    return ((1 if dx is None else dx) / 2.0 * pairs).cumsum(d)


def _coefficients(h: np.ndarray) -> tuple:
    """PyTorch's weights of f[i-1], f[i], f[i+1] at uneven steps h (the diffs of coordinates)."""
    h1, h2 = h[:-1], h[1:]
    return -h2 / (h1 * (h1 + h2)), (h2 - h1) / (h1 * h2), h1 / (h2 * (h1 + h2))


def _along(values: np.ndarray, ndim: int, dim: int, like: Tensor) -> Tensor:
    shape = [1] * ndim
    shape[dim] = -1
    return like._result(np.asarray(values, dtype=like._data.dtype).reshape(shape))


def _one_dim(f: Tensor, d: int, h, edge_order: int) -> Tensor:
    if isinstance(h, Tensor) and h.ndim == 1:  # coordinates
        c = np.asarray(h._data, dtype=f._data.dtype)
        if c.shape[0] != f.shape[d]:
            raise RuntimeError(
                "torch.gradient expected each tensor to be on the same device and to have as "
                f"many coordinates as the input has elements along dim {d}"
            )
        dx = np.diff(c)
        a, b, cc = (_along(v, f.ndim, d, f) for v in _coefficients(dx))
        centre = a * _cut(f, d, 0, -2) + b * _cut(f, d, 1, -1) + cc * _cut(f, d, 2)
        f0, f1, f2 = _cut(f, d, 0, 1), _cut(f, d, 1, 2), _cut(f, d, 2, 3)
        fl, fm, fn = _cut(f, d, -3, -2), _cut(f, d, -2, -1), _cut(f, d, -1)
        if edge_order == 1:
            first = (f1 - f0) / float(dx[0])
            last = (fn - fm) / float(dx[-1])
        else:
            h0, h1 = dx[0], dx[1]
            first = (
                -(2.0 * h0 + h1) / (h0 * (h0 + h1)) * f0
                + (h0 + h1) / (h0 * h1) * f1
                + (-h0) / (h1 * (h0 + h1)) * f2
            )
            hl, hm = dx[-1], dx[-2]
            last = (
                hl / (hm * (hl + hm)) * fl
                + -(hl + hm) / (hl * hm) * fm
                + (2 * hl + hm) / (hl * (hl + hm)) * fn
            )
        return _concatenate([first, centre, last], d)
    step = float(h._data) if isinstance(h, Tensor) else h
    centre = (_cut(f, d, 2) - _cut(f, d, 0, -2)) / step
    if edge_order == 1:
        first = (_cut(f, d, 1, 2) - _cut(f, d, 0, 1)) / step
        last = (_cut(f, d, -1) - _cut(f, d, -2, -1)) / step
    else:
        first = (-1.5 * _cut(f, d, 0, 1) + 2 * _cut(f, d, 1, 2) - 0.5 * _cut(f, d, 2, 3)) / step
        last = (0.5 * _cut(f, d, -3, -2) - 2 * _cut(f, d, -2, -1) + 1.5 * _cut(f, d, -1)) / step
    return _concatenate([first, centre / 2, last], d)


def gradient(input, *, spacing=1, dim=None, edge_order: int = 1) -> tuple:
    """The derivative of the samples along each dim (all by default), by central differences
    inside and one-sided ones of order `edge_order` (1 or 2) at the ends; `spacing`: one
    step, a step per dim, or the coordinates of the samples per dim (1-d tensors)."""
    f = _floating(_tensor(input))
    if edge_order not in (1, 2):
        raise RuntimeError("torch.gradient only supports edge_order=1 and edge_order=2.")
    if dim is None:
        dims = list(range(f.ndim))
    else:
        dims = [dim] if isinstance(dim, (int, np.integer)) else list(dim)
    dims = [dim_index(d, f.ndim, "gradient") for d in dims]
    if isinstance(spacing, (list, tuple)):
        steps = list(spacing)
        if len(steps) != len(dims):
            raise RuntimeError(
                f"torch.gradient expected spacing to be unspecified, a scalar, or a list of "
                f"length equal to 'self.dim() = {f.ndim}', since dim argument was not given, "
                f"but got a list of length {len(steps)}"
                if dim is None
                else f"torch.gradient expected spacing to be unspecified, a scalar or it's "
                f"spacing and dim arguments to have the same length, but got a spacing "
                f"argument of length {len(steps)} and a dim argument of length {len(dims)}."
            )
    else:
        steps = [spacing] * len(dims)
    for d in dims:
        if f.shape[d] < edge_order + 1:
            raise RuntimeError(
                "torch.gradient expected each dimension size to be at least edge_order+1"
            )
    return tuple(_one_dim(f, d, h, edge_order) for d, h in zip(dims, steps, strict=True))
