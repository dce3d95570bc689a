"""Resampling: interpolate / Upsample (nearest, nearest-exact, linear, bilinear, bicubic,
trilinear, area) and pixel_shuffle / PixelShuffle, PixelUnshuffle, as PyTorch's.

Interpolation reads each output position from input positions with PyTorch 2.13's index
arithmetic (its CPU kernels): nearest takes `floor(i * scale)` in float32 (`nearest-exact`
`floor((i + 0.5) * scale)`; 2-d nearest copies i, or i // 2, when the output is as large as
the input, or twice, as PyTorch's 2-d kernel does), and the linear modes, one spatial axis
after another, mix the two neighbours of `scale * (i + 0.5) - 0.5` (clamped at 0), or of
`i * (in - 1) / (out - 1)` with `align_corners=True` (bicubic: four neighbours, cubic
convolution with A = -0.75, the position not clamped, the neighbours clamped). The scale
is 1 / scale_factor when a scale factor is given (and not recomputed), else in / out.
Everything is composed of reads along one axis at a time (`AxisTake`, whose adjoint
`AxisSum` adds each run of a sorted index with one `add.reduceat`), products and sums, so
gradients of every order follow; 'area' is adaptive average pooling.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from autograd import Tensor
from autograd.argcheck import integer
from autograd.op import Op

from .adaptive_pool import adaptive_avg_pool1d, adaptive_avg_pool2d
from .module import Module

__all__ = [
    "PixelShuffle",
    "PixelUnshuffle",
    "Upsample",
    "UpsamplingBilinear2d",
    "UpsamplingNearest2d",
    "interpolate",
    "pixel_shuffle",
    "pixel_unshuffle",
    "upsample",
    "upsample_bilinear",
    "upsample_nearest",
]

_MODES = ("nearest", "nearest-exact", "linear", "bilinear", "bicubic", "trilinear", "area")
_LINEAR = {"linear": 3, "bilinear": 4, "bicubic": 4, "trilinear": 5}
_CUBIC_A = -0.75  # PyTorch's (and OpenCV's) cubic convolution coefficient


# ------------------------------------------------------------------ primitives
class AxisTake(Op):
    """x's slices at a sorted 1-d `index` along `axis` (the reads of an interpolation)."""

    __slots__ = ("axis", "index")

    def label(self, inputs: tuple = ()) -> str:
        return f"take along axis {self.axis}\n{self.index.size} of them"

    def forward(self, x):
        return np.take(x, self.index, axis=self.axis)

    def backward(self, g, out, x):
        return (AxisSum.call(g, axis=self.axis, index=self.index, length=x.shape[self.axis]),)


class AxisSum(Op):
    """The adjoint of AxisTake: g's slices along `axis` summed into the positions `index`
    names (zeros elsewhere), one `add.reduceat` over the index's runs (it is sorted)."""

    __slots__ = ("axis", "index", "length")

    def label(self, inputs: tuple = ()) -> str:
        return f"sum into axis {self.axis}\n{self.length} positions"

    def forward(self, g):
        at, first = np.unique(self.index, return_index=True)
        if g.size and at.size == self.length:  # every position read (upsampling): no gaps
            return np.add.reduceat(g, first, axis=self.axis)
        shape = list(g.shape)
        shape[self.axis] = self.length
        out = np.zeros(shape, g.dtype)
        if g.size:
            where = [slice(None)] * g.ndim
            where[self.axis] = at
            out[tuple(where)] = np.add.reduceat(g, first, axis=self.axis)
        return out

    def backward(self, gg, out, g):
        return (AxisTake.call(gg, axis=self.axis, index=self.index),)


def _take(x: Tensor, axis: int, index: np.ndarray) -> Tensor:
    return AxisTake.apply(x, axis=axis, index=index)


# ------------------------------------------------------------------ source indices
def _scale(n_in: int, n_out: int, align_corners: bool, scale: float | None, t) -> object:
    """PyTorch's area_pixel_compute_scale in the arithmetic type t (float32 or float64)."""
    if align_corners:
        return t(n_in - 1) / t(n_out - 1) if n_out > 1 else t(0)
    if scale is not None and scale > 0:
        return t(1.0 / scale)
    return t(n_in) / t(n_out)


def _nearest_index(
    n_in: int, n_out: int, scale: float | None, exact: bool, shortcut: bool
) -> np.ndarray:
    """The input index each output position copies (PyTorch's float32 arithmetic). With
    `shortcut` (PyTorch's 2-d nearest kernel), an output of the input's size, or twice
    it, copies i, or i // 2, whatever the scale factor."""
    i = np.arange(n_out, dtype=np.int64)
    if shortcut and not exact:
        if n_out == n_in:
            return i
        if n_out == 2 * n_in:
            return i >> 1
    s = _scale(n_in, n_out, False, scale, np.float32)
    if exact:  # (i + 0.5) * scale in double, then floorf (float32)
        src = np.floor(((i + 0.5) * np.float64(s)).astype(np.float32))
    else:
        src = np.floor(i.astype(np.float32) * s)
    return np.minimum(src.astype(np.int64), n_in - 1)


def _linear_taps(n_in, n_out, align_corners, scale, dtype) -> list:
    """[(index, weight)] * 2: the two input positions each output position mixes."""
    t = np.float64 if dtype == np.float64 else np.float32
    i = np.arange(n_out, dtype=np.int64)
    if n_out == n_in:
        return [(i, np.ones(n_out, dtype))]
    s = _scale(n_in, n_out, align_corners, scale, t)
    if align_corners:
        src = s * i.astype(t)
    else:
        src = np.maximum(s * (i.astype(t) + t(0.5)) - t(0.5), t(0))
    i0 = np.minimum(np.floor(src.astype(np.float32)).astype(np.int64), n_in - 1)
    w1 = np.clip(src - i0.astype(t), t(0), t(1))
    i1 = i0 + (i0 < n_in - 1)
    return [(i0, (t(1) - w1).astype(dtype)), (i1, w1.astype(dtype))]


def _cubic_taps(n_in, n_out, align_corners, scale, dtype) -> list:
    """[(index, weight)] * 4: PyTorch's bicubic taps (cubic convolution, A = -0.75, the
    source position not clamped at 0, indices clamped to the image)."""
    t = np.float64 if dtype == np.float64 else np.float32
    i = np.arange(n_out, dtype=np.int64)
    s = _scale(n_in, n_out, align_corners, scale, t)
    src = s * i.astype(t) if align_corners else s * (i.astype(t) + t(0.5)) - t(0.5)
    i0 = np.minimum(np.floor(src.astype(np.float32)).astype(np.int64), n_in - 1)
    lam = np.clip(src - i0.astype(t), t(0), t(1))
    a = t(_CUBIC_A)

    def near(x):  # |x| <= 1
        return ((a + 2) * x - (a + 3)) * x * x + 1

    def far(x):  # 1 < |x| < 2
        return ((a * x - 5 * a) * x + 8 * a) * x - 4 * a

    weights = (far(lam + 1), near(lam), near(t(1) - lam), far(t(2) - lam))
    return [(np.clip(i0 - 1 + j, 0, n_in - 1), w.astype(dtype)) for j, w in enumerate(weights)]


# ------------------------------------------------------------------ interpolate
def _spatial(value, dims: int, what: str, x: Tensor, number) -> list:
    """size or scale_factor as one value per spatial axis."""
    if isinstance(value, (list, tuple)):
        if len(value) != dims:
            raise ValueError(
                f"interpolate: input and {what} must have the same number of spatial "
                f"dimensions, but got input with spatial dimensions of {list(x.shape[2:])} and "
                f"{what} {tuple(value)}; give the input as (N, C, d1, ..., dK) and the {what} "
                "as (s1, ..., sK)"
            )
        return [number(v) for v in value]
    return [number(value)] * dims


def _size_of(v) -> int:
    return integer(v, "size", "interpolate", minimum=0)


def _factor_of(v) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, np.integer, np.floating)):
        raise TypeError(f"interpolate: scale_factor must be a number, got {type(v).__name__}")
    return float(v)


def interpolate(
    input: Tensor,
    size=None,
    scale_factor=None,
    mode: str = "nearest",
    align_corners: bool | None = None,
    recompute_scale_factor: bool | None = None,
    antialias: bool = False,
) -> Tensor:
    """Resize (N, C, *spatial) to `size` or by `scale_factor`, as
    torch.nn.functional.interpolate: mode 'nearest', 'nearest-exact', 'linear' (3-d),
    'bilinear' or 'bicubic' (4-d), 'trilinear' (5-d) or 'area' (3-d and 4-d);
    `align_corners` for the linear and cubic modes only (default False)."""
    if not isinstance(input, Tensor):
        raise TypeError(f"interpolate: expected a Tensor input, got {type(input).__name__}")
    if mode not in _MODES:
        raise NotImplementedError(
            f"interpolate: mode={mode!r} is not supported; use one of {', '.join(_MODES)}"
        )
    if mode in ("nearest", "area", "nearest-exact"):
        if align_corners is not None:
            raise ValueError(
                "interpolate: align_corners option can only be set with the interpolating "
                "modes: linear | bilinear | bicubic | trilinear"
            )
    elif align_corners is None:
        align_corners = False
    if antialias:
        raise NotImplementedError(
            "interpolate: antialias=True is not implemented; blur the input first (e.g. "
            "avg_pool2d) then interpolate, or keep antialias=False"
        )
    dims = input.ndim - 2
    if dims not in (1, 2, 3):
        raise NotImplementedError(
            f"interpolate: only 3-d, 4-d and 5-d inputs (N, C, *spatial) are supported (got "
            f"{input.ndim}-d, mode {mode!r})"
        )
    if size is not None and scale_factor is not None:
        raise ValueError("interpolate: only one of size or scale_factor should be defined")
    if size is None and scale_factor is None:
        raise ValueError("interpolate: either size or scale_factor should be defined")
    if recompute_scale_factor and size is not None:
        raise ValueError(
            "interpolate: recompute_scale_factor is not meaningful with an explicit size"
        )
    scales = None
    if size is not None:
        out = _spatial(size, dims, "output size", input, _size_of)
    else:
        scales = _spatial(scale_factor, dims, "scale_factor", input, _factor_of)
        out = [int(math.floor(n * s)) for n, s in zip(input.shape[2:], scales)]
        if recompute_scale_factor or mode == "area":
            scales = None
    if min(input.shape[2:]) < 1 or min(out) < 1:
        raise ValueError(
            f"interpolate: input and output sizes should be greater than 0, but got input "
            f"{list(input.shape[2:])} and output {out}"
        )
    if mode == "area":
        if dims == 3:
            raise NotImplementedError(
                "interpolate: mode='area' on 5-d input (adaptive_avg_pool3d) is not implemented"
            )
        return adaptive_avg_pool1d(input, out) if dims == 1 else adaptive_avg_pool2d(input, out)
    scales = scales or [None] * dims
    if mode in _LINEAR:
        if _LINEAR[mode] != input.ndim:
            raise NotImplementedError(
                f"interpolate: got {input.ndim}-d input, but {mode} mode needs "
                f"{_LINEAR[mode]}-d input"
            )
        if input.dtype.kind != "f":
            raise TypeError(
                f"interpolate: mode {mode!r} needs a floating-point input, got {input.dtype} "
                "(convert it with .float())"
            )
        return _linear(input, out, align_corners, scales, mode == "bicubic")
    exact = mode == "nearest-exact"
    x = input
    for axis in range(2, input.ndim):
        n, m = input.shape[axis], out[axis - 2]
        if m != n or (exact or dims != 2):  # (2-d nearest copies an axis of the same length)
            x = _take(x, axis, _nearest_index(n, m, scales[axis - 2], exact, dims == 2))
    return x


def _linear(x: Tensor, out: list, align_corners: bool, scales: list, cubic: bool) -> Tensor:
    """Linear (or cubic) interpolation along each spatial axis in turn, last axis first."""
    dtype = x.dtype
    taps_of = _cubic_taps if cubic else _linear_taps
    for axis in range(x.ndim - 1, 1, -1):
        k = axis - 2
        if out[k] == x.shape[axis] and not cubic:  # PyTorch copies (bicubic computes)
            continue
        tail = (1,) * (x.ndim - axis - 1)
        terms = [
            _take(x, axis, index) * w.reshape(-1, *tail)
            for index, w in taps_of(x.shape[axis], out[k], align_corners, scales[k], dtype)
        ]
        x = terms[0]
        for term in terms[1:]:
            x = x + term
    return x


def upsample(
    input: Tensor, size=None, scale_factor=None, mode: str = "nearest", align_corners=None
) -> Tensor:
    """Deprecated alias of `interpolate` (warns, as PyTorch)."""
    warnings.warn(
        "`nn.functional.upsample` is deprecated. Use `nn.functional.interpolate` instead.",
        stacklevel=2,
    )
    return interpolate(input, size, scale_factor, mode, align_corners)


def upsample_nearest(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """Deprecated: `interpolate(input, size, scale_factor, mode='nearest')` (warns)."""
    warnings.warn(
        "`nn.functional.upsample_nearest` is deprecated. Use `nn.functional.interpolate` instead.",
        stacklevel=2,
    )
    return interpolate(input, size, scale_factor, mode="nearest")


def upsample_bilinear(input: Tensor, size=None, scale_factor=None) -> Tensor:
    """Deprecated: `interpolate(..., mode='bilinear', align_corners=True)` (warns)."""
    warnings.warn(
        "`nn.functional.upsample_bilinear` is deprecated. Use `nn.functional.interpolate` instead.",
        stacklevel=2,
    )
    return interpolate(input, size, scale_factor, mode="bilinear", align_corners=True)


class Upsample(Module):
    """Resizes (N, C, *spatial) to `size` or by `scale_factor` (see `interpolate`)."""

    def __init__(
        self,
        size=None,
        scale_factor=None,
        mode: str = "nearest",
        align_corners: bool | None = None,
        recompute_scale_factor: bool | None = None,
    ):
        super().__init__()
        self.name = type(self).__name__
        self.size = size
        if isinstance(scale_factor, tuple):
            self.scale_factor = tuple(float(f) for f in scale_factor)
        else:
            self.scale_factor = float(scale_factor) if scale_factor else None
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input: Tensor) -> Tensor:
        return interpolate(
            input, self.size, self.scale_factor, self.mode, self.align_corners,
            recompute_scale_factor=self.recompute_scale_factor,
        )  # fmt: skip

    def extra_repr(self) -> str:
        if self.scale_factor is not None:
            info = f"scale_factor={self.scale_factor!r}"
        else:
            info = f"size={self.size!r}"
        return f"{info}, mode={self.mode!r}"


class UpsamplingNearest2d(Upsample):
    """Nearest-neighbour upsampling of (N, C, H, W): Upsample(mode='nearest')."""

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="nearest")


class UpsamplingBilinear2d(Upsample):
    """Bilinear upsampling of (N, C, H, W): Upsample(mode='bilinear', align_corners=True)."""

    def __init__(self, size=None, scale_factor=None):
        super().__init__(size, scale_factor, mode="bilinear", align_corners=True)


# ------------------------------------------------------------------ pixel shuffle
def _shuffle_check(x, r, what: str, who: str) -> int:
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    r = integer(r, what, who)
    if r < 1:
        raise ValueError(f"{who}: {what} must be greater than 0, but got {r}")
    if x.ndim < 3:
        raise ValueError(
            f"{who}: expected an input with at least 3 dimensions (*, C, H, W), but got "
            f"{x.ndim}-d input {tuple(x.shape)}"
        )
    return r


def pixel_shuffle(input: Tensor, upscale_factor: int) -> Tensor:
    """(*, C * r * r, H, W) -> (*, C, H * r, W * r), r = upscale_factor (sub-pixel
    convolution's rearrangement), as torch.nn.functional.pixel_shuffle."""
    r = _shuffle_check(input, upscale_factor, "upscale_factor", "pixel_shuffle")
    *lead, c, h, w = input.shape
    if c % (r * r):
        raise ValueError(
            f"pixel_shuffle: the input's channel dimension must be divisible by the square of "
            f"upscale_factor, but input.shape[-3]={c} is not divisible by {r * r}"
        )
    k = len(lead)
    y = input.reshape(*lead, c // (r * r), r, r, h, w)
    y = y.permute(*range(k), k, k + 3, k + 1, k + 4, k + 2)
    return y.reshape(*lead, c // (r * r), h * r, w * r)


def pixel_unshuffle(input: Tensor, downscale_factor: int) -> Tensor:
    """(*, C, H * r, W * r) -> (*, C * r * r, H, W), r = downscale_factor: the inverse of
    pixel_shuffle, as torch.nn.functional.pixel_unshuffle."""
    r = _shuffle_check(input, downscale_factor, "downscale_factor", "pixel_unshuffle")
    *lead, c, h, w = input.shape
    if h % r or w % r:
        side, n = ("height", h) if h % r else ("width", w)
        raise ValueError(
            f"pixel_unshuffle: the input's {side} must be divisible by downscale_factor, but "
            f"input.shape[{-2 if side == 'height' else -1}]={n} is not divisible by {r}"
        )
    k = len(lead)
    y = input.reshape(*lead, c, h // r, r, w // r, r)
    y = y.permute(*range(k), k, k + 2, k + 4, k + 1, k + 3)
    return y.reshape(*lead, c * r * r, h // r, w // r)


class PixelShuffle(Module):
    """(*, C * r * r, H, W) -> (*, C, H * r, W * r) (see `pixel_shuffle`)."""

    def __init__(self, upscale_factor: int):
        super().__init__()
        self.upscale_factor = integer(upscale_factor, "upscale_factor", "PixelShuffle")

    def forward(self, input: Tensor) -> Tensor:
        return pixel_shuffle(input, self.upscale_factor)

    def extra_repr(self) -> str:
        return f"upscale_factor={self.upscale_factor}"


class PixelUnshuffle(Module):
    """(*, C, H * r, W * r) -> (*, C * r * r, H, W) (see `pixel_unshuffle`)."""

    def __init__(self, downscale_factor: int):
        super().__init__()
        self.downscale_factor = integer(downscale_factor, "downscale_factor", "PixelUnshuffle")

    def forward(self, input: Tensor) -> Tensor:
        return pixel_unshuffle(input, self.downscale_factor)

    def extra_repr(self) -> str:
        return f"downscale_factor={self.downscale_factor}"
