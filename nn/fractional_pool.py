"""Fractional max pooling (Graham, 2014): FractionalMaxPool2d/3d and their functions.

Each axis of length n is pooled to `o` windows of `k` values whose starts step by about
(n - k) / (o - 1), a pseudo-random mix of two step sizes: for the plane's sample u in
[0, 1) the start of window i is int((i + u) * alpha) - int(u * alpha), alpha =
(n - k) / (o - 1), computed in the input's dtype, and the last window ends at the input's
end, PyTorch's intervals exactly. A plane's samples come from `_random_samples` (N, C, 2 or
3), or are drawn as PyTorch draws them (`autograd.rand(N, C, dims)` in the input's dtype:
the same seed gives PyTorch's windows). In 2-d the first sample sets the columns, the
second the rows; in 3-d they set depth, rows and columns in order. Within a window the
first largest value (or a NaN) wins; its index into the flattened plane is returned with
`return_indices=True`, and the values are gathered there, so the gradient and its own
derivative go where PyTorch's do.
"""

from __future__ import annotations

import itertools

import numpy as np

import autograd
from autograd import Tensor
from autograd.argcheck import number
from autograd.tensor_class import as_tensor

from .conv import _ints
from .module import Module
from .pool3d import _gather

__all__ = [
    "FractionalMaxPool2d",
    "FractionalMaxPool3d",
    "fractional_max_pool2d",
    "fractional_max_pool2d_with_indices",
    "fractional_max_pool3d",
    "fractional_max_pool3d_with_indices",
]

_AXES = {2: ("height", "width"), 3: ("time", "height", "width")}


def _starts(sample: np.ndarray, n: int, o: int, k: int) -> np.ndarray:
    """PyTorch's window starts along one axis, per plane: (..., o) from samples (...)."""
    dt = sample.dtype.type
    out = np.zeros(sample.shape + (o,), np.int64)
    if o > 1:
        alpha = dt(n - k) / dt(o - 1)
        i = np.arange(o).astype(sample.dtype)
        lead = ((i + sample[..., None]) * alpha).astype(np.int64)
        out = lead - (sample * alpha).astype(np.int64)[..., None]
    if o > 0:
        out[..., -1] = n - k
    return out


def _indices(x: np.ndarray, samples: np.ndarray, kernel: tuple, out: tuple) -> np.ndarray:
    """Each window's index into its flattened plane: the first largest value or a NaN."""
    n, c = x.shape[:2]
    dims = x.shape[2:]
    d = len(dims)
    order = (1, 0) if d == 2 else (0, 1, 2)  # which sample sets which axis
    starts = []
    for axis in range(d):
        s = _starts(samples[:n, :, order[axis]], dims[axis], out[axis], kernel[axis])
        shape = [n, c] + [1] * d
        shape[2 + axis] = out[axis]
        starts.append(s.reshape(shape))
    strides = [int(np.prod(dims[a + 1 :])) for a in range(d)]
    flat = x.reshape(n, c, -1)
    first = sum(s * st for s, st in zip(starts, strides))
    index = np.broadcast_to(first, (n, c, *out)).copy()
    best = np.full((n, c, *out), -np.inf, np.result_type(x.dtype, np.float16))
    for offset in itertools.product(*(range(k) for k in kernel)):
        at = np.broadcast_to(
            sum((s + o) * st for s, o, st in zip(starts, offset, strides)), index.shape
        )
        part = np.take_along_axis(flat, at.reshape(n, c, -1), axis=2).reshape(at.shape)
        take = (part > best) | np.isnan(part)
        np.copyto(best, part, where=take)
        np.copyto(index, at, where=take)
    return index


def _fractional(input, kernel_size, output_size, output_ratio, samples, d: int):
    """(values, indices) of d-dimensional fractional max pooling (the checks PyTorch makes)."""
    who = f"fractional_max_pool{d}d"
    x = as_tensor(input)
    if output_size is None and output_ratio is None:
        raise ValueError(f"{who} requires specifying either an output_size or an output_ratio")
    if x.ndim not in (d + 1, d + 2):
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-x.ndim}, {x.ndim - 1}], "
            f"but got {-d - 1})"
        )
    if x.dtype.kind != "f":
        raise NotImplementedError(f'"check_uniform_bounds" not implemented for {x.dtype}')
    dims = tuple(x.shape[-d:])
    if output_size is None:
        if d == 2 and len(output_ratio) > 2:
            raise ValueError(
                f"{who} requires output_ratio to either be a single Int or tuple of Ints."
            )
        ratio = (output_ratio,) * d if not isinstance(output_ratio, (tuple, list)) else output_ratio
        output_size = [int(n * float(r)) for n, r in zip(dims, ratio)]
    out = tuple(_ints(output_size, "output_size", who, length=d))
    kernel = tuple(_ints(kernel_size, "kernel_size", who, length=d))
    if min(kernel) <= 0:
        raise ValueError(f"kernel_size must be greater than 0, but got {kernel_size}")
    unbatched = x.ndim == d + 1
    x5 = x.unsqueeze(0) if unbatched else x
    batch, channels = x5.shape[:2]
    if samples is None:
        samples = autograd.rand(batch, channels, d, dtype=x.dtype)
    s = as_tensor(samples)
    if s.ndim != 3:
        raise RuntimeError(f"Expect _random_samples to be 3-d (N, C, {d}), got {s.ndim}-d")
    if s.shape[2] != d:
        raise RuntimeError(f"Expect _random_samples.size(2) equals to {d}; got {s.shape[2]}.")
    if s.shape[0] < batch:
        raise RuntimeError("Expect _random_samples.size(0) no less then input batch size.")
    if s.shape[1] != channels:
        raise RuntimeError("Expect _random_samples.size(1) equals to input channel size.")
    if s.dtype != x.dtype:
        raise RuntimeError("Expect _random_samples to have the same dtype as input")
    where = "fractional_max_pool2d()" if d == 2 else "fractional_max_pool3d_out()"
    for name, n, o, k in zip(_AXES[d], dims, out, kernel):
        if o + k - 1 > n:
            raise RuntimeError(f"{where}: pool {name} {k} too large relative to input {name} {n}")
    index = _indices(x5.numpy(), s.numpy(), kernel, out)
    values = _gather(x5, index)
    if unbatched:
        values, index = values.squeeze(0), index[0]
    return values, Tensor(index)


def fractional_max_pool2d_with_indices(
    input: Tensor,
    kernel_size,
    output_size=None,
    output_ratio=None,
    return_indices: bool = False,
    _random_samples=None,
) -> tuple[Tensor, Tensor]:
    """(values, indices) of 2-d fractional max pooling of (N, C, H, W) or (C, H, W) to
    `output_size` (or `output_ratio` times the input's size); indices into each H * W."""
    return _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 2)


def fractional_max_pool2d(
    input: Tensor,
    kernel_size,
    output_size=None,
    output_ratio=None,
    return_indices: bool = False,
    _random_samples=None,
):
    """2-d fractional max pooling: windows of `kernel_size` at pseudo-random steps, to
    `output_size` or `output_ratio` of the input; with `return_indices`, also the indices."""
    out = _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 2)
    return out if return_indices else out[0]


def fractional_max_pool3d_with_indices(
    input: Tensor,
    kernel_size,
    output_size=None,
    output_ratio=None,
    return_indices: bool = False,
    _random_samples=None,
) -> tuple[Tensor, Tensor]:
    """(values, indices) of 3-d fractional max pooling of (N, C, T, H, W) or (C, T, H, W);
    indices into each T * H * W."""
    return _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 3)


def fractional_max_pool3d(
    input: Tensor,
    kernel_size,
    output_size=None,
    output_ratio=None,
    return_indices: bool = False,
    _random_samples=None,
):
    """3-d fractional max pooling (see `fractional_max_pool2d`)."""
    out = _fractional(input, kernel_size, output_size, output_ratio, _random_samples, 3)
    return out if return_indices else out[0]


class _FractionalMaxPoolNd(Module):
    _dims = 2

    def __init__(
        self,
        kernel_size,
        output_size=None,
        output_ratio=None,
        return_indices: bool = False,
        _random_samples=None,
    ):
        super().__init__()
        d, name = self._dims, type(self).__name__
        if d == 3 and (
            (isinstance(kernel_size, int) and kernel_size <= 0)
            or (isinstance(kernel_size, (tuple, list)) and not all(k > 0 for k in kernel_size))
        ):
            raise ValueError(f"kernel_size must be greater than 0, but got {kernel_size}")
        self.kernel_size = _ints(kernel_size, "kernel_size", name, length=d)
        self.return_indices = return_indices
        self.register_buffer("_random_samples", _random_samples)
        self.output_size = None
        if output_size is not None:
            self.output_size = _ints(output_size, "output_size", name, length=d)
        self.output_ratio = None
        if output_ratio is not None:
            ratio = _tuple(output_ratio, d)
            self.output_ratio = tuple(number(r, f"output_ratio[{i}]", name) for i, r in
                                      enumerate(ratio)) if len(ratio) == d else ratio  # fmt: skip
        if output_size is None and output_ratio is None:
            raise ValueError(
                f"{name} requires specifying either an output size, or a pooling ratio"
            )
        if output_size is not None and output_ratio is not None:
            raise ValueError("only one of output_size and output_ratio may be specified")
        if self.output_ratio is not None and not all(0 < r < 1 for r in self.output_ratio):
            raise ValueError(f"output_ratio must be between 0 and 1 (got {output_ratio})")

    def forward(self, input: Tensor):
        out = _fractional(
            input,
            self.kernel_size,
            self.output_size,
            self.output_ratio,
            self._random_samples,
            self._dims,
        )
        return out if self.return_indices else out[0]


def _tuple(v, d: int) -> tuple:
    return tuple(v) if isinstance(v, (tuple, list)) else (v,) * d


class FractionalMaxPool2d(_FractionalMaxPoolNd):
    """2-d fractional max pooling of (N, C, H, W) (`fractional_max_pool2d`); the samples
    of each plane are drawn at every call unless `_random_samples` is given."""


class FractionalMaxPool3d(_FractionalMaxPoolNd):
    """3-d fractional max pooling of (N, C, T, H, W) (`fractional_max_pool3d`)."""

    _dims = 3
