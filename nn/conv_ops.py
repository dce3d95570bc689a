"""The convolution and pooling primitives behind nn/conv.py, and their numpy kernels.

Each is a fused primitive: composing a convolution from engine ops would record one
node per kernel offset and materialise every product; im2col + one GEMM does the same
arithmetic in a few large numpy calls. Loops run over kernel offsets (9 for 3x3), never
over pixels.

Double backward: the convolution's backward is written with two more primitives,
`ConvTranspose2dOp` (the input gradient) and `Conv2dWeightGradOp` (the weight gradient);
the three are adjoint to each other, so under `create_graph=True` the backward records
itself and derivatives of any order work. Pooling's backward is `PoolScatter` (a
weighted scatter into the windows) whose adjoint is `PoolGather`, so pooling supports
double backward too.

Max-pool ties: the gradient of a window goes to every position equal to the window's
maximum, split evenly between them (a window of four zeros sends a quarter to each).
AvgPool2d counts padded zeros in the average (PyTorch's count_include_pad=True).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

from autograd import Tensor
from autograd.argcheck import integers
from autograd.function import Op


def _pair(v, what: str, who: str, minimum: int | None = None) -> tuple[int, int]:
    """An int or a pair of ints as a pair (TypeError for anything else, such as 2.5)."""
    return integers(v, what, who, length=2, minimum=minimum)


def _out_len(n: int, k: int, s: int, p: int, d: int) -> int:
    return (n + 2 * p - d * (k - 1) - 1) // s + 1


def _pair_text(p: tuple) -> str:
    return str(p[0]) if p[0] == p[1] else f"{p[0]}, {p[1]}"


class _Geom:
    """The window geometry shared by a convolution or pooling and its backward ops."""

    __slots__ = ("kernel", "stride", "padding", "dilation")

    def __init__(self, kernel, stride, padding, dilation=(1, 1)):
        self.kernel, self.stride, self.padding, self.dilation = kernel, stride, padding, dilation

    def text(self, name: str, pool: bool = False) -> str:
        """How a drawing labels the op: 'Conv2d 3×3', then what differs from the default."""
        lines = [f"{name} {self.kernel[0]}×{self.kernel[1]}"]
        if self.stride != ((self.kernel) if pool else (1, 1)):
            lines.append(f"stride {_pair_text(self.stride)}")
        if self.padding != (0, 0):
            lines.append(f"padding {_pair_text(self.padding)}")
        if self.dilation != (1, 1):
            lines.append(f"dilation {_pair_text(self.dilation)}")
        return "\n".join(lines)

    def out_hw(self, h: int, w: int) -> tuple[int, int]:
        (kh, kw), (sh, sw), (ph, pw), (dh, dw) = (
            self.kernel,
            self.stride,
            self.padding,
            self.dilation,
        )
        return _out_len(h, kh, sh, ph, dh), _out_len(w, kw, sw, pw, dw)

    def slab(self, i: int, j: int, ho: int, wo: int) -> tuple:
        """The index (into a padded image) of the pixels kernel offset (i, j) touches."""
        (sh, sw), (dh, dw) = self.stride, self.dilation
        return (
            Ellipsis,
            slice(i * dh, i * dh + sh * (ho - 1) + 1, sh),
            slice(j * dw, j * dw + sw * (wo - 1) + 1, sw),
        )

    def pad(self, x, value=0.0):
        ph, pw = self.padding
        if not (ph or pw):
            return x
        return np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw)), constant_values=value)

    def crop(self, xp, h: int, w: int):
        ph, pw = self.padding
        return xp[..., ph : ph + h, pw : pw + w]

    def disjoint(self) -> bool:
        """Windows never overlap, so a scatter can assign instead of add."""
        (kh, kw), (sh, sw), (dh, dw) = self.kernel, self.stride, self.dilation
        return sh >= dh * (kh - 1) + 1 and sw >= dw * (kw - 1) + 1

    def __repr__(self) -> str:
        return f"kernel={self.kernel}, stride={self.stride}, padding={self.padding}"


# ------------------------------------------------------------------ numpy kernels
def _im2col(x: np.ndarray, geom: _Geom) -> np.ndarray:
    """(N, C, H, W) -> columns (C, kh, kw, N, Ho, Wo), ready for one GEMM with (O, C*kh*kw)."""
    n, c, h, w = x.shape
    (kh, kw), (sh, sw), (dh, dw) = geom.kernel, geom.stride, geom.dilation
    ho, wo = geom.out_hw(h, w)
    xp = geom.pad(x)
    win = sliding_window_view(xp, (dh * (kh - 1) + 1, dw * (kw - 1) + 1), axis=(2, 3))
    win = win[:, :, ::sh, ::sw, ::dh, ::dw][:, :, :ho, :wo]  # (N, C, Ho, Wo, kh, kw), a view
    cols = np.empty((c, kh, kw, n, ho, wo), dtype=x.dtype)
    cols[...] = win.transpose(1, 4, 5, 0, 2, 3)  # the one gather copy
    return cols


def _col2im(cols: np.ndarray, x_shape: tuple, geom: _Geom) -> np.ndarray:
    """Add every column entry back onto its pixel: (N, Ho, Wo, C, kh, kw) -> (N, C, H, W).

    The adjoint of `_im2col` up to the columns' layout (this one is the input gradient's
    GEMM output, rows per output pixel); the adds run on a channels-last buffer.
    """
    n, ho, wo, c, kh, kw = cols.shape
    h, w = x_shape[2:]
    ph, pw = geom.padding
    xp = np.zeros((n, h + 2 * ph, w + 2 * pw, c), dtype=cols.dtype)
    for i in range(kh):  # a loop over kernel offsets: kh*kw shifted slab adds
        for j in range(kw):
            _, rows, columns = geom.slab(i, j, ho, wo)
            xp[:, rows, columns] += cols[..., i, j]
    return np.ascontiguousarray(xp[:, ph : ph + h, pw : pw + w].transpose(0, 3, 1, 2))


def _conv_forward(x, w, b, geom: _Geom):
    n, _, h, wd = x.shape
    o = w.shape[0]
    ho, wo = geom.out_hw(h, wd)
    cols = _im2col(x, geom)
    # the one GEMM, (N*Ho*Wo, C*kh*kw) @ (C*kh*kw, O): the big dimension first, as in the
    # reference (see _conv_weight_grad)
    y = cols.reshape(-1, n * ho * wo).T @ w.reshape(o, -1).T
    if b is not None:
        y += b
    return np.ascontiguousarray(y.reshape(n, ho, wo, o).transpose(0, 3, 1, 2)), cols


def _grad_rows(g: np.ndarray) -> np.ndarray:
    """(N, O, Ho, Wo) -> (O, N*Ho*Wo), the GEMM layout of an output gradient."""
    return np.ascontiguousarray(g.transpose(1, 0, 2, 3)).reshape(g.shape[1], -1)


def _conv_input_grad(g, w, x_shape, geom: _Geom):
    """The transposed convolution: g @ W as columns (one row per output pixel), then col2im."""
    o, c, kh, kw = w.shape
    n, _, ho, wo = g.shape
    # (N*Ho*Wo, O) @ (O, C*kh*kw): the orientation of the reference's GEMMs, whose big
    # dimension is the output's rows; W^T @ rows (C*kh*kw, N*Ho*Wo) threads worse
    dcols = _grad_rows(g).T @ w.reshape(o, -1)
    return _col2im(dcols.reshape(n, ho, wo, c, kh, kw), x_shape, geom)


def _conv_weight_grad(x, g, w_shape, geom: _Geom, cols=None):
    if cols is None:
        cols = _im2col(x, geom)
    rows = _grad_rows(g)
    # one GEMM, (C*kh*kw, N*Ho*Wo) @ (N*Ho*Wo, O), then the small result transposed. Not
    # rows @ cols.T: that orientation, (O, C*kh*kw) out of a 12544-long inner product,
    # makes multi-threaded OpenBLAS (0.3.31) stall for up to hundreds of ms on a busy machine
    gw = cols.reshape(-1, rows.shape[1]) @ rows.T
    return np.ascontiguousarray(gw.T).reshape(w_shape)


# ------------------------------------------------------------------ primitives
def _conv_t(g, w, x_shape, geom):
    if isinstance(g, Tensor):
        return ConvTranspose2dOp.apply(g, w, x_shape=x_shape, geom=geom)
    return _conv_input_grad(g, w, x_shape, geom)


def _conv_w(x, g, w_shape, geom):
    if isinstance(g, Tensor):
        return Conv2dWeightGradOp.apply(x, g, w_shape=w_shape, geom=geom)
    return _conv_weight_grad(x, g, w_shape, geom)


def _conv(x, w, geom):
    if isinstance(x, Tensor):
        return Conv2dOp.apply(x, w, geom=geom, needs_input_grad=True)
    return _conv_forward(x, w, None, geom)[0]


class Conv2dOp(Op):
    """Cross-correlation of x (N, C, H, W) with w (O, C, kh, kw), plus an optional bias (O,)."""

    __slots__ = ("geom", "needs_input_grad", "_cols")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("Conv2d")

    def forward(self, x, w, b=None):
        y, self._cols = _conv_forward(x, w, b, self.geom)
        return y

    def backward(self, g, out, x, w, b=None):
        gb = None if b is None else g.sum(axis=(0, 2, 3))
        gx = _conv_t(g, w, x.shape, self.geom) if self.needs_input_grad else None
        if isinstance(g, Tensor):
            gw = _conv_w(x, g, w.shape, self.geom)
        else:  # reuse the forward's columns: the weight gradient is one GEMM
            gw = _conv_weight_grad(x, g, w.shape, self.geom, self._cols)
        return (gx, gw) if b is None else (gx, gw, gb)


class ConvTranspose2dOp(Op):
    """The input gradient of a convolution: g (N, O, Ho, Wo) and w -> (N, C, H, W)."""

    __slots__ = ("x_shape", "geom")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("ConvTranspose2d")

    def forward(self, g, w):
        return _conv_input_grad(g, w, self.x_shape, self.geom)

    def backward(self, gg, out, g, w):
        # <gg, convT(g, w)> = <conv(gg, w), g> = <weight_grad(gg, g), w>
        return _conv(gg, w, self.geom), _conv_w(gg, g, w.shape, self.geom)


class Conv2dWeightGradOp(Op):
    """The weight gradient of a convolution: x (N, C, H, W) and g (N, O, Ho, Wo) -> w's shape."""

    __slots__ = ("w_shape", "geom")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("Conv2d weight grad")

    def forward(self, x, g):
        return _conv_weight_grad(x, g, self.w_shape, self.geom)

    def backward(self, gw, out, x, g):
        # <gw, weight_grad(x, g)> = <conv(x, gw), g> = <convT(g, gw), x>
        return _conv_t(g, gw, x.shape, self.geom), _conv(x, gw, self.geom)


def _scatter(g, share, x_shape, geom: _Geom):
    """Adjoint of `_gather`: each window sends share * its output gradient to its pixels."""
    n, c, h, w = x_shape
    kh, kw = geom.kernel
    ho, wo = g.shape[2:]
    ph, pw = geom.padding
    exact = geom.disjoint() and not (ph or pw) and h == kh * ho and w == kw * wo
    xp = (np.empty if exact else np.zeros)((n, c, h + 2 * ph, w + 2 * pw), dtype=g.dtype)
    scalar = np.ndim(share) == 0
    if scalar:
        g = g * share
    for i in range(kh):
        for j in range(kw):
            idx = geom.slab(i, j, ho, wo)
            part = g if scalar else g * share[i, j]
            if geom.disjoint():
                xp[idx] = part
            else:
                xp[idx] += part
    return np.ascontiguousarray(geom.crop(xp, h, w)) if (ph or pw) else xp


def _gather(x, share, geom: _Geom):
    """Per window, the sum of share * pixel: (N, C, H, W) -> (N, C, Ho, Wo)."""
    ho, wo = geom.out_hw(*x.shape[2:])
    xp = geom.pad(x)
    kh, kw = geom.kernel
    scalar = np.ndim(share) == 0
    out = None
    for i in range(kh):
        for j in range(kw):
            part = xp[geom.slab(i, j, ho, wo)]
            part = part if scalar else part * share[i, j]
            out = part.copy() if out is None else np.add(out, part, out=out)
    return out * share if scalar else out


class PoolScatter(Op):
    """Backward of pooling: g (N, C, Ho, Wo) spread over the windows with constant weights."""

    __slots__ = ("x_shape", "geom", "_share")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("pool scatter", pool=True)

    def forward(self, g):
        return _scatter(g, self._share, self.x_shape, self.geom)

    def backward(self, gg, out, g):
        if isinstance(gg, Tensor):
            return (PoolGather.apply(gg, geom=self.geom, _share=self._share),)
        return (_gather(gg, self._share, self.geom),)


class PoolGather(Op):
    """Weighted window sums with constant weights: the adjoint of PoolScatter."""

    __slots__ = ("geom", "_share")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("pool gather", pool=True)

    def forward(self, x):
        return _gather(x, self._share, self.geom)

    def backward(self, g, out, x):
        if isinstance(g, Tensor):
            return (PoolScatter.apply(g, x_shape=x.shape, geom=self.geom, _share=self._share),)
        return (_scatter(g, self._share, x.shape, self.geom),)


class MaxPool2dOp(Op):
    """The largest value of each window; ties split the gradient evenly (see module doc)."""

    __slots__ = ("geom",)

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("MaxPool2d", pool=True)

    def forward(self, x):
        ho, wo = self.geom.out_hw(*x.shape[2:])
        xp = self.geom.pad(x, -np.inf)
        kh, kw = self.geom.kernel
        m = None
        for i in range(kh):
            for j in range(kw):
                part = xp[self.geom.slab(i, j, ho, wo)]
                m = part.copy() if m is None else np.maximum(m, part, out=m)
        return m

    def backward(self, g, out, x):
        geom = self.geom
        xv = x._data if isinstance(x, Tensor) else x
        m = out._data if isinstance(out, Tensor) else out
        ho, wo = m.shape[2:]
        xp = geom.pad(xv, -np.inf)
        kh, kw = geom.kernel
        hits = np.empty((kh, kw) + m.shape, dtype=xv.dtype)
        for i in range(kh):
            for j in range(kw):
                np.equal(xp[geom.slab(i, j, ho, wo)], m, out=hits[i, j])
        count = hits.sum(axis=(0, 1))
        if count.max() > 1:  # ties: split the window's gradient evenly
            hits /= count
        if isinstance(g, Tensor):
            return (PoolScatter.apply(g, x_shape=xv.shape, geom=geom, _share=hits),)
        return (_scatter(g, hits, xv.shape, geom),)


class AvgPool2dOp(Op):
    """The mean of each window (padded zeros count, as in PyTorch's default)."""

    __slots__ = ("geom",)

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("AvgPool2d", pool=True)

    def forward(self, x):
        kh, kw = self.geom.kernel
        return _gather(x, x.dtype.type(1.0 / (kh * kw)), self.geom)

    def backward(self, g, out, x):
        kh, kw = self.geom.kernel
        share = np.dtype(g.dtype).type(1.0 / (kh * kw))
        if isinstance(g, Tensor):
            return (PoolScatter.apply(g, x_shape=x.shape, geom=self.geom, _share=share),)
        return (_scatter(g, share, x.shape, self.geom),)
