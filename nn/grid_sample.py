"""`affine_grid` and `grid_sample`: spatial transformers' sampling grids and sampling.

`affine_grid` maps the output's normalised coordinates ([-1, 1] across each axis, pixel
centres unless `align_corners`) through a batch of affine matrices. `grid_sample` reads a
(N, C, H, W) input at the grid's (x, y) points: bilinear (four taps), nearest (rounded
half to even, as PyTorch's nearbyint) or bicubic (sixteen taps, PyTorch's cubic
convolution with A = -0.75); points outside are zeros, the border value, or reflected.
Both are made of differentiable ops, so the gradient reaches the input and the grid (and
theta), to any order; the piecewise parts (the taps chosen, the reflections) are fixed
at the point, as PyTorch's kernels.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from autograd import ranges
from autograd.argcheck import integers
from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor

__all__ = ["affine_grid", "grid_sample"]

_DEFAULT_CHANGED = (
    "Default grid_sample and affine_grid behavior has changed to align_corners=False since "
    "1.3.0. Please specify align_corners=True if the old behavior is desired. See the "
    "documentation of grid_sample for details."
)
_A = -0.75  # the cubic convolution's parameter (PyTorch's)


def _steps(n: int, align_corners: bool, dtype) -> np.ndarray:
    """PyTorch's linspace_from_neg_one, to the last bit: n normalised positions (0 for
    n <= 1), `linspace(-1, 1, n)` and, without align_corners, `* (n - 1) / n` rounded in
    dtype at each step (the points fall on pixel centres or beside them, and grid_sample's
    gradient there depends on which side)."""
    if n <= 1:
        return np.zeros(n, dtype)
    r = ranges.linspace(-1.0, 1.0, n, dtype)
    return r if align_corners else (r * dtype.type(n - 1)) / dtype.type(n)


@composite()
def affine_grid(theta, size, align_corners: bool | None = None) -> Tensor:
    """The sampling grid (N, H, W, 2) of a batch of 2-d affine matrices theta (N, 2, 3) for
    an output of `size` (N, C, H, W); (N, D, H, W, 3) from (N, 3, 4) for a 5-d size."""
    if align_corners is None:
        warnings.warn(_DEFAULT_CHANGED, stacklevel=3)
        align_corners = False
    theta = as_tensor(theta)
    size = integers(size, "size", "affine_grid")
    if theta.dtype.kind != "f":
        raise ValueError(f"Expected theta to have floating point type, but got {theta.dtype}")
    shape = tuple(theta.shape)
    if len(size) == 4:
        if len(shape) != 3 or shape[-2:] != (2, 3):
            raise ValueError(
                f"Expected a batch of 2D affine matrices of shape Nx2x3 for size {list(size)}. "
                f"Got {shape}."
            )
    elif len(size) == 5:
        if len(shape) != 3 or shape[-2:] != (3, 4):
            raise ValueError(
                f"Expected a batch of 3D affine matrices of shape Nx3x4 for size {list(size)}. "
                f"Got {shape}."
            )
    else:
        raise NotImplementedError(
            "affine_grid only supports 4D and 5D sizes, for 2D and 3D affine transforms, "
            f"respectively. Got size {list(size)}."
        )
    spatial = size[2:]
    if align_corners and min(spatial) == 1:
        warnings.warn(
            "Since version 1.3.0, affine_grid behavior has changed for unit-size grids when "
            "align_corners=True. This is not an intended use case of affine_grid. See the "
            "documentation of affine_grid for details.",
            stacklevel=3,
        )
    elif min(size) <= 0:
        raise ValueError(f"Expected non-zero, positive output size. Got {size}")
    dt = theta.dtype
    axes = [_steps(n, align_corners, dt) for n in reversed(spatial)]  # x (W), y (H), z (D)
    mesh = np.meshgrid(*axes[::-1], indexing="ij")[::-1]  # each of shape spatial
    base = np.stack([*mesh, np.ones(tuple(spatial), dt)], -1).reshape(1, -1, len(spatial) + 1)
    grid = Tensor(base) @ theta.transpose(1, 2)  # (N, prod(spatial), k)
    return grid.reshape((size[0], *spatial, len(spatial)))


# ---------------------------------------------------------------------- grid_sample
def _unnormalize(c: Tensor, n: int, align_corners: bool) -> Tensor:
    """Pixel coordinates from normalised ones, rounded as PyTorch's CPU kernel rounds them:
    `(c + 1) * ((n - 1) / 2)`, or without align_corners `(c + 1) * (n / 2) - 0.5` as one
    fused multiply-add. A point on a pixel centre can land a bit below it (x.99...96), and
    the gradient there takes the left pair of taps, as PyTorch's does."""
    if align_corners:
        return (c + 1) * ((n - 1) / 2)
    t = c + 1
    u = t * (n / 2) - 0.5  # the gradient; its value, rounded twice, is corrected below
    a = t.numpy()
    fused = ranges.fma32(a, n / 2, -0.5) if a.dtype == np.float32 else ranges.fma(a, n / 2, -0.5)
    fix = fused.astype(a.dtype) - u.numpy()
    return u + fix if fix.any() else u


def _reflect(v: np.ndarray, twice_low: int, twice_high: int) -> tuple[np.ndarray, np.ndarray]:
    """PyTorch's reflect_coordinates as (sign, offset): reflected = sign * v + offset."""
    if twice_low == twice_high:
        return np.zeros_like(v), np.zeros_like(v)
    low, span = twice_low / 2, (twice_high - twice_low) / 2
    d = v - low
    sign_in = np.where(d < 0, -1.0, 1.0)
    a = np.abs(d)
    flips = np.floor(a / span)
    even = flips % 2 == 0
    # even: extra + low = a - flips * span + low; odd: span - extra + low
    # a = sign_in * (v - low); even: a - flips * span + low, odd: span - (a - flips * span) + low
    sign = np.where(even, sign_in, -sign_in)
    offset = np.where(
        even, -sign_in * low - flips * span + low, span + flips * span + sign_in * low + low
    )
    return sign.astype(v.dtype), offset.astype(v.dtype)


def _pad_coord(c: Tensor, n: int, padding_mode: str, align_corners: bool) -> Tensor:
    """PyTorch's compute_coordinates on a source coordinate (zeros: unchanged)."""
    if padding_mode == "zeros":
        return c
    if padding_mode == "reflection":
        v = c.numpy()
        sign, offset = _reflect(v, 0, 2 * (n - 1)) if align_corners else _reflect(v, -1, 2 * n - 1)
        c = c * sign + offset
    v = c.numpy()
    inside = (v > 0) & (v < n - 1)  # PyTorch's clip: no gradient at or beyond the border
    return c * inside + np.clip(v, 0, n - 1).astype(v.dtype) * ~inside


def _pad_index(i: np.ndarray, n: int, padding_mode: str, align_corners: bool) -> np.ndarray:
    """compute_coordinates on integer tap positions (bicubic's bounded reads)."""
    if padding_mode == "zeros":
        return i
    v = i.astype(np.float64)
    if padding_mode == "reflection":
        sign, offset = _reflect(v, 0, 2 * (n - 1)) if align_corners else _reflect(v, -1, 2 * n - 1)
        v = sign * v + offset
    return np.clip(v, 0, n - 1)


def _taps(flat: Tensor, w: int, h: int, ys: np.ndarray, xs: np.ndarray) -> Tensor:
    """input[n, :, ys, xs] for integer positions (N, Ho, Wo) -> (N, C, Ho, Wo); positions
    outside the input read zeros."""
    n_, c = flat.shape[0], flat.shape[1]
    ys, xs = ys.astype(np.int64), xs.astype(np.int64)
    inside = (ys >= 0) & (ys < h) & (xs >= 0) & (xs < w)
    index = np.where(inside, ys * w + xs, 0).reshape(n_, 1, -1)
    index = np.broadcast_to(index, (n_, c, index.shape[-1]))
    vals = flat.gather(2, Tensor(np.ascontiguousarray(index)))
    vals = vals.reshape((n_, c) + ys.shape[1:])
    if inside.all():
        return vals
    return vals * inside[:, None].astype(flat.dtype)


def _cubic(t: Tensor) -> list[Tensor]:
    """The four cubic convolution coefficients at fractional offset t (PyTorch's)."""

    def near(x):  # |x| <= 1
        return ((_A + 2) * x - (_A + 3)) * x * x + 1

    def far(x):  # 1 < |x| < 2
        return ((_A * x - 5 * _A) * x + 8 * _A) * x - 4 * _A

    return [far(t + 1), near(t), near(1 - t), far(2 - t)]


@composite(show=("mode", "padding_mode"))
def grid_sample(
    input,
    grid,
    mode: str = "bilinear",
    padding_mode: str = "zeros",
    align_corners: bool | None = None,
) -> Tensor:
    """Sample (N, C, H, W) input at grid (N, Ho, Wo, 2)'s normalised (x, y) points ->
    (N, C, Ho, Wo); `mode` "bilinear", "nearest" or "bicubic", `padding_mode` "zeros",
    "border" or "reflection" for points outside."""
    if mode not in ("bilinear", "nearest", "bicubic"):
        raise ValueError(
            "nn.functional.grid_sample(): expected mode to be 'bilinear', 'nearest' or "
            f"'bicubic', but got: '{mode}'"
        )
    if padding_mode not in ("zeros", "border", "reflection"):
        raise ValueError(
            "nn.functional.grid_sample(): expected padding_mode to be 'zeros', 'border', or "
            f"'reflection', but got: '{padding_mode}'"
        )
    if align_corners is None:
        warnings.warn(_DEFAULT_CHANGED, stacklevel=3)
        align_corners = False
    x, g = as_tensor(input), as_tensor(grid)
    xs, gs = tuple(x.shape), tuple(g.shape)
    if len(xs) != len(gs) or len(xs) not in (4, 5):
        raise RuntimeError(
            f"grid_sampler(): expected {'5D' if len(xs) == 5 else '4D'} input and grid with same "
            f"number of dimensions, but got input with sizes {list(xs)} and grid with sizes "
            f"{list(gs)}"
        )
    if xs[0] != gs[0]:
        raise RuntimeError(
            "grid_sampler(): expected grid and input to have same batch size, but got input "
            f"with sizes {list(xs)} and grid with sizes {list(gs)}"
        )
    if gs[-1] != len(xs) - 2:
        raise RuntimeError(
            f"grid_sampler(): expected grid to have size {len(xs) - 2} in last dimension, but "
            f"got grid with sizes {list(gs)}"
        )
    if len(xs) == 5:
        raise NotImplementedError(
            "grid_sample of 5-d (volumetric) input is not supported: sample each depth slice "
            "with 4-d grid_sample, or write the trilinear weights out"
        )
    if mode == "bicubic" and len(xs) != 4:
        raise RuntimeError("grid_sampler(): bicubic interpolation only supports 4D input")
    if x.dtype != g.dtype:
        raise RuntimeError(
            f"grid_sampler(): expected input and grid to have the same dtype, but input has "
            f"{x.dtype} and grid has {g.dtype}"
        )
    n, c, h, w = xs
    if any(s == 0 for s in xs[2:]):
        raise RuntimeError(
            f"grid_sampler(): expected input to have non-empty spatial dimensions, but input "
            f"has sizes {list(xs)} with dimension 2 being empty"
        )
    out_shape = (n, c) + gs[1:3]
    if n == 0 or c == 0 or math.prod(gs[1:3]) == 0:
        return (x.reshape(-1).sum() * 0 + g.reshape(-1).sum() * 0).expand(out_shape)
    flat = x.reshape(n, c, h * w)
    ix = _unnormalize(g[..., 0], w, align_corners)
    iy = _unnormalize(g[..., 1], h, align_corners)
    if mode == "bicubic":
        x0, y0 = np.floor(ix.numpy()), np.floor(iy.numpy())
        tx, ty = ix - x0, iy - y0
        cx, cy = _cubic(tx), _cubic(ty)
        out = None
        for j in range(4):
            row = None
            py = _pad_index(y0 - 1 + j, h, padding_mode, align_corners)
            for i in range(4):
                px = _pad_index(x0 - 1 + i, w, padding_mode, align_corners)
                term = _taps(flat, w, h, py, px) * cx[i].unsqueeze(1)
                row = term if row is None else row + term
            term = row * cy[j].unsqueeze(1)
            out = term if out is None else out + term
        return out
    ix = _pad_coord(ix, w, padding_mode, align_corners)
    iy = _pad_coord(iy, h, padding_mode, align_corners)
    if mode == "nearest":
        return _taps(flat, w, h, np.rint(iy.numpy()), np.rint(ix.numpy()))
    x0, y0 = np.floor(ix.numpy()), np.floor(iy.numpy())
    tx, ty = (ix - x0).unsqueeze(1), (iy - y0).unsqueeze(1)
    taps = [_taps(flat, w, h, y0 + j, x0 + i) for j in (0, 1) for i in (0, 1)]
    weights = [(1 - tx) * (1 - ty), tx * (1 - ty), (1 - tx) * ty, tx * ty]  # nw ne sw se
    out = None
    for v, wt in zip(taps, weights):
        out = v * wt if out is None else out + v * wt
    return _fused_sum(out, [v.numpy() for v in taps], [wt.numpy() for wt in weights])


def _fma(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """a * b + c rounded once, in a's dtype (float32: the product is exact in float64)."""
    if a.dtype == np.float32:
        return ranges.fma32(a, b, c)
    return ranges.fma(a, b, c).astype(a.dtype)


def _fused_sum(out: Tensor, values: list, weights: list) -> Tensor:
    """out (the taps' weighted sum, for its gradient) with the value PyTorch's CPU kernel
    computes: v0 * w0, then each further tap added by a fused multiply-add. The last bits
    matter downstream: a constant background sampled off the pixel centres must stay as
    constant as PyTorch's, or max pooling's ties pick other positions."""
    if out.dtype not in (np.float32, np.float64):
        return out
    acc = values[0] * weights[0]
    for v, wt in zip(values[1:], weights[1:]):
        acc = _fma(*np.broadcast_arrays(v, wt, acc))
    fix = acc - out.numpy()
    return out + fix if fix.any() else out
