"""Pooling of (N, C, D, H, W) volumes, as PyTorch's: MaxPool3d, AvgPool3d, MaxUnpool3d,
AdaptiveAvgPool3d, AdaptiveMaxPool3d, the LPPool1d/2d/3d family and their functions.

Max pooling finds PyTorch's index of each window in numpy (the first largest value in
(depth, row, column) order, the last NaN when there is one) and gathers the values at
those indices, so the gradient goes where PyTorch sends it (to the first maximum) and its
double backward is the gather's. Average pooling sums each window as kd two-dimensional
window sums (the 2-d pooling primitive on the depth slabs) and divides by PyTorch's
divisor per window. Adaptive average pooling is separable: one averaging matrix per axis.
Unpooling writes into the volume flattened to one row, with the 2-d unpooling primitive.
"""

from __future__ import annotations

import math

import numpy as np

import autograd
from autograd import Tensor
from autograd.argcheck import integer, number

from .activations import relu
from .adaptive_pool import _bounds, _output_size
from .conv import _ints, _unpool_size, avg_pool1d, avg_pool2d
from .conv_kernels import Geom, last_writes, lowest
from .conv_ops import MaxUnpool2dOp, PoolGather
from .module import Module
from .padding import pad

__all__ = [
    "AdaptiveAvgPool3d",
    "AdaptiveMaxPool3d",
    "AvgPool3d",
    "LPPool1d",
    "LPPool2d",
    "LPPool3d",
    "MaxPool3d",
    "MaxUnpool3d",
    "adaptive_avg_pool3d",
    "adaptive_max_pool3d",
    "adaptive_max_pool3d_with_indices",
    "avg_pool3d",
    "lp_pool1d",
    "lp_pool2d",
    "lp_pool3d",
    "max_pool3d",
    "max_pool3d_with_indices",
    "max_unpool3d",
]


def _shape_str(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _triple(v, what: str, who: str, minimum: int | None = None) -> tuple[int, int, int]:
    return _ints(v, what, who, length=3, minimum=minimum)


def _volume(x, who: str) -> tuple[Tensor, bool]:
    """x as (N, C, D, H, W), and whether it was one (C, D, H, W) volume."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    if x.ndim not in (4, 5):
        raise ValueError(
            f"{who}: expected a 4-d (C, D, H, W) or 5-d (N, C, D, H, W) input, got {x.ndim}-d "
            f"input {_shape_str(x.shape)}"
        )
    return (x.unsqueeze(0), True) if x.ndim == 4 else (x, False)


def _out_len(n: int, k: int, s: int, p: int, d: int, ceil_mode: bool) -> int:
    """PyTorch's pooling output size (ceil_mode: rounded up, the last window starting inside
    the input or its left padding)."""
    span = d * (k - 1) + 1
    out = (n + 2 * p - span + ((s - 1) if ceil_mode else 0)) // s + 1
    if ceil_mode and (out - 1) * s >= n + p:
        out -= 1
    return out


class _Window:
    """The geometry of a 3-d pooling: kernel, stride, padding, dilation and output sizes."""

    __slots__ = ("kernel", "stride", "padding", "dilation", "out")

    def __init__(self, x5, kernel_size, stride, padding, dilation, ceil_mode, who: str):
        self.kernel = _triple(kernel_size, "kernel_size", who, 1)
        self.stride = self.kernel if stride is None else _triple(stride, "stride", who, 1)
        self.padding = _triple(padding, "padding", who, 0)
        self.dilation = _triple(dilation, "dilation", who, 1)
        if any(2 * p > k for p, k in zip(self.padding, self.kernel)):
            raise ValueError(
                f"{who}: padding {self.padding} must be at most half the kernel size {self.kernel}"
            )
        dims = x5.shape[2:]
        self.out = tuple(
            _out_len(n, k, s, p, d, ceil_mode)
            for n, k, s, p, d in zip(dims, self.kernel, self.stride, self.padding, self.dilation)
        )
        if min(self.out) < 1 or min(dims) < 1:
            raise ValueError(
                f"{who}: the input {_shape_str(x5.shape[1:])} is too small for kernel "
                f"{self.kernel} (with padding {self.padding} and dilation {self.dilation}): "
                f"the output would be {_shape_str(x5.shape[1:2] + self.out)}"
            )

    def padded(self, x: np.ndarray, fill) -> np.ndarray:
        """x padded (and extended for ceil_mode) so that every window fits."""
        widths = [(0, 0), (0, 0)]
        for n, k, s, p, d, o in zip(x.shape[2:], self.kernel, self.stride, self.padding,
                                    self.dilation, self.out):  # fmt: skip
            widths.append((p, max(p, (o - 1) * s + d * (k - 1) + 1 - n - p)))
        return np.pad(x, widths, constant_values=fill)


# ------------------------------------------------------------------ max pooling
def _first_inside(o: int, s: int, p: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    start = np.arange(o, dtype=np.int64) * s - p
    return start, np.where(start < 0, start + (-start + d - 1) // d * d, start)


def _max_indices(x: np.ndarray, win: _Window) -> np.ndarray:
    """PyTorch's max-pooling indices into each flattened D * H * W volume: per window the
    first largest value, the last NaN, or (a window of -inf) its first voxel inside."""
    n, c, dd, h, w = x.shape
    out = win.out
    starts = [_first_inside(o, s, p, d) for o, s, p, d in zip(out, win.stride, win.padding,
                                                              win.dilation)]  # fmt: skip
    (zs, z0), (rs, r0), (cs, c0) = starts
    best = np.full((n, c, *out), lowest(x.dtype), np.result_type(x.dtype, np.float16))
    index = np.empty((n, c, *out), np.int64)
    index[...] = (z0[:, None, None] * h + r0[None, :, None]) * w + c0[None, None, :]
    xp = win.padded(x, lowest(x.dtype))
    (kd, kh, kw), (sd, sh, sw), (ed, eh, ew) = win.kernel, win.stride, win.dilation
    for i in range(kd):
        zi = slice(i * ed, i * ed + (out[0] - 1) * sd + 1, sd)
        for j in range(kh):
            rj = slice(j * eh, j * eh + (out[1] - 1) * sh + 1, sh)
            for k in range(kw):
                ck = slice(k * ew, k * ew + (out[2] - 1) * sw + 1, sw)
                part = xp[:, :, zi, rj, ck]
                take = (part > best) | np.isnan(part)
                np.copyto(best, part, where=take)
                at = ((zs + i * ed)[:, None, None] * h + (rs + j * eh)[None, :, None]) * w
                at = at + (cs + k * ew)[None, None, :]
                np.copyto(index, np.broadcast_to(at, index.shape), where=take)
    return index


def _gather(x5: Tensor, index: np.ndarray) -> Tensor:
    """x5's values at flat spatial indices (N, C, ...): recorded, so the gradient goes there."""
    n, c = x5.shape[:2]
    rows = np.arange(n)[:, None, None], np.arange(c)[None, :, None]
    flat = x5.reshape(n, c, math.prod(x5.shape[2:]))
    return flat[(*rows, index.reshape(n, c, math.prod(index.shape[2:])))].reshape(*index.shape)


def _max_pool3d(x, kernel_size, stride, padding, dilation, ceil_mode, return_indices, who):
    x5, unbatched = _volume(x, who)
    win = _Window(x5, kernel_size, stride, padding, dilation, ceil_mode, who)
    index = _max_indices(x5.numpy(), win)
    values = _gather(x5, index)
    if unbatched:
        values, index = values.squeeze(0), index[0]
    return (values, Tensor(index)) if return_indices else values


def max_pool3d(
    input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False,
):  # fmt: skip
    """Max over each window of (N, C, D, H, W) or (C, D, H, W), as PyTorch's (stride
    defaults to the kernel size; dilation spaces a window's voxels; ceil_mode rounds the
    output size up); the gradient goes to each window's first maximum.
    `return_indices=True`: (values, indices into each flattened D * H * W volume)."""
    return _max_pool3d(
        input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, "max_pool3d"
    )


def max_pool3d_with_indices(
    input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False,
) -> tuple[Tensor, Tensor]:  # fmt: skip
    """(values, indices) of 3-d max pooling, as torch.nn.functional.max_pool3d_with_indices
    (int64 indices into each flattened D * H * W volume; MaxUnpool3d inverts it)."""
    return _max_pool3d(
        input, kernel_size, stride, padding, dilation, ceil_mode, True, "max_pool3d_with_indices"
    )


# ------------------------------------------------------------------ average pooling
def _divisors(dims, win: _Window, count_include_pad: bool) -> np.ndarray:
    """PyTorch's divisor of each window: its size clipped to the padded input (and to the
    input itself when padded zeros do not count), (Do, Ho, Wo)."""
    sizes = []
    for n, k, s, p, o in zip(dims, win.kernel, win.stride, win.padding, win.out):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, n + p)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, n)
        sizes.append(end - start)
    return sizes[0][:, None, None] * sizes[1][None, :, None] * sizes[2][None, None, :]


def _window_sums(x5: Tensor, win: _Window) -> Tensor:
    """Each window's sum (recorded): kd 2-d window sums of the depth slabs, added."""
    n, c = x5.shape[:2]
    widths = []
    for dim, k, s, p, o in zip(x5.shape[2:], win.kernel, win.stride, win.padding, win.out):
        widths.append((p, max(p, (o - 1) * s + k - dim - p)))
    amounts = tuple(a for pair in reversed(widths) for a in pair)
    xp = pad(x5, amounts) if any(amounts) else x5
    (kd, kh, kw), (sd, sh, sw), (do, ho, wo) = win.kernel, win.stride, win.out
    stop = (do - 1) * sd + 1
    slabs = autograd.stack([xp[:, :, i : i + stop : sd] for i in range(kd)], 2)
    h, w = xp.shape[3:]
    images = slabs.reshape(n, c * kd * do, h, w)
    one = np.dtype(xp.dtype).type(1) if xp.dtype.kind == "f" else np.float64(1)
    geom = Geom((kh, kw), (sh, sw), (0, 0), (1, 1))
    sums = PoolGather.apply(images, geom=geom, _share=one)
    return sums[..., :ho, :wo].reshape(n, c, kd, do, ho, wo).sum(axis=2)


def avg_pool3d(
    input: Tensor, kernel_size, stride=None, padding=0, ceil_mode=False,
    count_include_pad=True, divisor_override=None,
) -> Tensor:  # fmt: skip
    """Mean over each window of (N, C, D, H, W) or (C, D, H, W), as PyTorch's (stride
    defaults to the kernel size): padded zeros count unless `count_include_pad=False`,
    `ceil_mode` rounds the output size up (a window past the padding divides by what it
    covers), and `divisor_override` replaces every divisor."""
    return _avg_pool3d(
        input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override,
        "avg_pool3d",
    )  # fmt: skip


def _avg_pool3d(x, kernel_size, stride, padding, ceil_mode, count_include_pad,
                divisor_override, who) -> Tensor:  # fmt: skip
    x5, unbatched = _volume(x, who)
    win = _Window(x5, kernel_size, stride, padding, 1, ceil_mode, who)
    if divisor_override is not None:
        divisor_override = integer(divisor_override, "divisor_override", who)
        if divisor_override == 0:
            raise ValueError(f"{who}: divisor_override must be non-zero")
        div = np.full(win.out, divisor_override)
    else:
        div = _divisors(x5.shape[2:], win, count_include_pad)
    sums = _window_sums(x5, win)
    y = sums / Tensor(div.astype(sums.dtype if sums.dtype.kind == "f" else np.float64))
    return y.squeeze(0) if unbatched else y


# ------------------------------------------------------------------ adaptive pooling
def _size3(output_size, dims: tuple, who: str) -> tuple[int, int, int]:
    size = _output_size(output_size, who, 3)
    triple = size if isinstance(size, tuple) else (size,) * 3
    return tuple(n if v is None else v for v, n in zip(triple, dims))


def _adaptive_input(x, who: str) -> tuple[Tensor, bool]:
    x5, unbatched = _volume(x, who)
    if any(s == 0 for s in x.shape[-4:]):
        raise ValueError(
            f"{who}: expected an input with non-zero sizes for the non-batch dimensions, got "
            f"shape {_shape_str(x.shape)}"
        )
    return x5, unbatched


def adaptive_avg_pool3d(input: Tensor, output_size) -> Tensor:
    """Mean over PyTorch's adaptive windows: (N, C, D, H, W) or (C, D, H, W) ->
    (..., od, oh, ow); output_size an int, a triple, None keeps that axis."""
    who = "adaptive_avg_pool3d"
    x5, unbatched = _adaptive_input(input, who)
    size = _size3(output_size, x5.shape[2:], who)
    if size == (1, 1, 1):  # PyTorch takes the mean over the spatial axes here
        return input.mean(axis=(-3, -2, -1), keepdims=True)
    dt = x5.dtype if x5.dtype.kind == "f" else np.float64
    mats = []
    for n, m in zip(x5.shape[2:], size):
        start, length = _bounds(n, m)
        a = np.zeros((m, n), dt)
        for i, (s0, k) in enumerate(zip(start, length)):
            a[i, s0 : s0 + k] = 1 / k
        mats.append(Tensor(a))
    y = autograd.einsum("ncdhw,ad,bh,ew->ncabe", x5, *mats)
    return y.squeeze(0) if unbatched else y


def _adaptive_max(input, output_size, who: str) -> tuple[Tensor, Tensor]:
    x5, unbatched = _adaptive_input(input, who)
    dims = x5.shape[2:]
    size = _size3(output_size, dims, who)
    (sd, kd), (sh, kh), (sw, kw) = (_bounds(n, m) for n, m in zip(dims, size))
    x = x5.numpy()
    d, h, w = dims
    best = np.full(x.shape[:2] + size, -np.inf, np.result_type(x.dtype, np.float16))
    index = np.empty(x.shape[:2] + size, np.int64)
    index[...] = (sd[:, None, None] * h + sh[None, :, None]) * w + sw[None, None, :]
    for i in range(int(kd.max(initial=0))):
        zi = np.minimum(sd + i, d - 1)[:, None, None]
        for j in range(int(kh.max(initial=0))):
            rj = np.minimum(sh + j, h - 1)[None, :, None]
            for k in range(int(kw.max(initial=0))):
                ck = np.minimum(sw + k, w - 1)[None, None, :]
                inside = (i < kd)[:, None, None] & (j < kh)[None, :, None]
                inside = inside & (k < kw)[None, None, :]
                part = x[:, :, zi, rj, ck]
                take = inside & ((part > best) | np.isnan(part))  # a NaN wins, as PyTorch
                np.copyto(best, part, where=take)
                at = (zi * h + rj) * w + ck
                np.copyto(index, np.broadcast_to(at, index.shape), where=take)
    values = _gather(x5, index)
    if unbatched:
        return values.squeeze(0), Tensor(index[0])
    return values, Tensor(index)


def adaptive_max_pool3d(input: Tensor, output_size, return_indices: bool = False):
    """Max over PyTorch's adaptive windows of (N, C, D, H, W) or (C, D, H, W); with
    `return_indices`, also the index (into the flattened D * H * W) of each window's first
    largest value, which receives the gradient."""
    values, index = _adaptive_max(input, output_size, "adaptive_max_pool3d")
    return (values, index) if return_indices else values


def adaptive_max_pool3d_with_indices(
    input: Tensor, output_size, return_indices: bool = False
) -> tuple[Tensor, Tensor]:
    """(values, indices) of 3-d adaptive max pooling, as
    torch.nn.functional.adaptive_max_pool3d_with_indices."""
    return _adaptive_max(input, output_size, "adaptive_max_pool3d_with_indices")


# ------------------------------------------------------------------ unpooling
def max_unpool3d(
    input: Tensor, indices, kernel_size, stride=None, padding=0, output_size=None
) -> Tensor:
    """The partial inverse of max_pool3d: each value put back at its index (from
    `return_indices=True`), zeros elsewhere; each output size is (n - 1) * stride -
    2 * padding + kernel_size unless `output_size` says otherwise. A repeated index takes
    the last value, which alone gets the gradient."""
    return _max_unpool3d(input, indices, kernel_size, stride, padding, output_size,
                         "max_unpool3d")  # fmt: skip


def _max_unpool3d(x, indices, kernel_size, stride, padding, output_size, who) -> Tensor:
    x5, unbatched = _volume(x, who)
    index = indices.numpy() if isinstance(indices, Tensor) else np.asarray(indices)
    if index.dtype.kind not in "iu" or index.shape != tuple(x.shape):
        raise ValueError(
            f"{who}: indices must be integers of the input's shape {tuple(x.shape)} (as "
            f"max_pool3d(..., return_indices=True) gives), got {index.dtype} "
            f"{tuple(index.shape)}"
        )
    k = _triple(kernel_size, "kernel_size", who, 1)
    s = k if stride is None else _triple(stride, "stride", who, 1)
    p = _triple(padding, "padding", who, 0)
    size = _unpool_size(x5.shape[2:], k, s, p, output_size, who)
    index = index[None] if unbatched else index
    total = math.prod(size)
    bad = (index < 0) | (index >= total)
    if bad.any():
        raise ValueError(
            f"{who}: found an invalid max index {int(index[bad][0])} (the output volumes are "
            f"{' x '.join(str(n) for n in size)}, {total} values)"
        )
    n, c = x5.shape[:2]
    length = math.prod(x5.shape[2:])
    flat = index.astype(np.int64, copy=False).reshape(n, c, 1, length)
    last = last_writes(flat, total)
    y = MaxUnpool2dOp.apply(x5.reshape(n, c, 1, length), indices=flat, out_hw=(1, total), last=last)
    y = y.reshape(n, c, *size)
    return y.squeeze(0) if unbatched else y


# ------------------------------------------------------------------ power-average pooling
def _lp(out: Tensor, norm_type: float, count: int) -> Tensor:
    """PyTorch's last step of lp_pool: (sign(out) * relu(|out|) * count) ** (1 / p)."""
    return (autograd.sign(out) * relu(out.abs()) * count) ** (1.0 / norm_type)


def lp_pool1d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:  # fmt: skip
    """Power-average pooling of (N, C, L) or (C, L), as torch.nn.functional.lp_pool1d: per
    window (sum of x ** p) ** (1 / p) (p = inf: max pooling's value, p = 1: the sum)."""
    k = _ints(kernel_size, "kernel_size", "lp_pool1d", length=1, minimum=1)[0]
    out = avg_pool1d(input ** number(norm_type, "norm_type", "lp_pool1d"), kernel_size,
                     stride, 0, ceil_mode)  # fmt: skip
    return _lp(out, norm_type, k)


def lp_pool2d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:  # fmt: skip
    """Power-average pooling of (N, C, H, W) or (C, H, W), as torch.nn.functional.lp_pool2d:
    per window (sum of x ** p) ** (1 / p)."""
    kh, kw = _ints(kernel_size, "kernel_size", "lp_pool2d", length=2, minimum=1)
    out = avg_pool2d(input ** number(norm_type, "norm_type", "lp_pool2d"), kernel_size,
                     stride, 0, ceil_mode)  # fmt: skip
    return _lp(out, norm_type, kh * kw)


def lp_pool3d(input: Tensor, norm_type: float, kernel_size, stride=None,
              ceil_mode: bool = False) -> Tensor:  # fmt: skip
    """Power-average pooling of (N, C, D, H, W) or (C, D, H, W), as
    torch.nn.functional.lp_pool3d: per window (sum of x ** p) ** (1 / p)."""
    kd, kh, kw = _triple(kernel_size, "kernel_size", "lp_pool3d", 1)
    out = avg_pool3d(input ** number(norm_type, "norm_type", "lp_pool3d"), kernel_size,
                     stride, 0, ceil_mode)  # fmt: skip
    return _lp(out, norm_type, kd * kh * kw)


# ------------------------------------------------------------------ modules
def _size_arg(v, what: str, who: str, minimum: int):
    """A pooling size, checked: an int stays an int, a sequence becomes a tuple (as PyTorch)."""
    triple = _triple(v, what, who, minimum)
    return triple if isinstance(v, (tuple, list)) else triple[0]


class MaxPool3d(Module):
    """Max pooling over (N, C, D, H, W); the gradient goes to each window's first maximum."""

    def __init__(
        self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
        ceil_mode=False,
    ):  # fmt: skip
        super().__init__()
        who = type(self).__name__
        self.kernel_size = _size_arg(kernel_size, "kernel_size", who, 1)
        self.stride = self.kernel_size if stride is None else _size_arg(stride, "stride", who, 1)
        self.padding = _size_arg(padding, "padding", who, 0)
        self.dilation = _size_arg(dilation, "dilation", who, 1)
        self.return_indices = bool(return_indices)
        self.ceil_mode = bool(ceil_mode)

    def forward(self, input: Tensor):
        return _max_pool3d(
            input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
            self.return_indices, type(self).__name__,
        )  # fmt: skip

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}, "
            f"dilation={self.dilation}, ceil_mode={self.ceil_mode}"
        )


class AvgPool3d(Module):
    """Average pooling over (N, C, D, H, W) (padded zeros count unless
    count_include_pad=False; ceil_mode and divisor_override as avg_pool3d)."""

    def __init__(
        self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
        divisor_override=None,
    ):  # fmt: skip
        super().__init__()
        who = type(self).__name__
        self.kernel_size = _size_arg(kernel_size, "kernel_size", who, 1)
        self.stride = self.kernel_size if stride is None else _size_arg(stride, "stride", who, 1)
        self.padding = _size_arg(padding, "padding", who, 0)
        self.ceil_mode = bool(ceil_mode)
        self.count_include_pad = bool(count_include_pad)
        if divisor_override is not None:
            divisor_override = integer(divisor_override, "divisor_override", who)
        self.divisor_override = divisor_override

    def forward(self, input: Tensor) -> Tensor:
        return _avg_pool3d(
            input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
            self.count_include_pad, self.divisor_override, type(self).__name__,
        )  # fmt: skip

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool3d(Module):
    """The partial inverse of MaxPool3d: `forward(input, indices, output_size=None)`."""

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        who = type(self).__name__
        self.kernel_size = _triple(kernel_size, "kernel_size", who, 1)
        self.stride = self.kernel_size if stride is None else _triple(stride, "stride", who, 1)
        self.padding = _triple(padding, "padding", who, 0)

    def forward(self, input: Tensor, indices, output_size=None) -> Tensor:
        return _max_unpool3d(
            input, indices, self.kernel_size, self.stride, self.padding, output_size,
            type(self).__name__,
        )  # fmt: skip

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class _Adaptive3d(Module):
    def __init__(self, output_size):
        super().__init__()
        self.output_size = _output_size(output_size, type(self).__name__, 3)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool3d(_Adaptive3d):
    """Mean pooling to `output_size` (an int, a triple, None keeps that axis) from any size."""

    def forward(self, input: Tensor) -> Tensor:
        return adaptive_avg_pool3d(input, self.output_size)


class AdaptiveMaxPool3d(_Adaptive3d):
    """Max pooling to `output_size` from any size; `return_indices=True` also returns the
    indices (into the flattened D * H * W)."""

    def __init__(self, output_size, return_indices: bool = False):
        super().__init__(output_size)
        self.return_indices = return_indices

    def forward(self, input: Tensor):
        return adaptive_max_pool3d(input, self.output_size, self.return_indices)


class _LPPool(Module):
    _function = staticmethod(lp_pool2d)
    _dims = 2

    def __init__(self, norm_type: float, kernel_size, stride=None, ceil_mode: bool = False):
        super().__init__()
        who, n = type(self).__name__, self._dims
        if isinstance(norm_type, (int, np.integer)) and not isinstance(norm_type, bool):
            self.norm_type = int(norm_type)  # kept as given: PyTorch prints norm_type=2
        else:
            self.norm_type = number(norm_type, "norm_type", who)
        self.kernel_size = _sizes(kernel_size, "kernel_size", who, n)
        self.stride = None if stride is None else _sizes(stride, "stride", who, n)
        self.ceil_mode = ceil_mode

    def forward(self, input: Tensor) -> Tensor:
        return type(self)._function(
            input, self.norm_type, self.kernel_size, self.stride, self.ceil_mode
        )

    def extra_repr(self) -> str:
        return (
            f"norm_type={self.norm_type}, kernel_size={self.kernel_size}, stride={self.stride}, "
            f"ceil_mode={self.ceil_mode}"
        )


def _sizes(v, what: str, who: str, n: int):
    """A pooling size of n dims, checked: an int stays an int, a sequence becomes a tuple."""
    sizes = _ints(v, what, who, length=n, minimum=1)
    return sizes if isinstance(v, (tuple, list)) else sizes[0]


class LPPool1d(_LPPool):
    """Power-average pooling over (N, C, L): per window (sum of x ** p) ** (1 / p)."""

    _function = staticmethod(lp_pool1d)
    _dims = 1


class LPPool2d(_LPPool):
    """Power-average pooling over (N, C, H, W): per window (sum of x ** p) ** (1 / p)."""


class LPPool3d(_LPPool):
    """Power-average pooling over (N, C, D, H, W): per window (sum of x ** p) ** (1 / p)."""

    _function = staticmethod(lp_pool3d)
    _dims = 3
