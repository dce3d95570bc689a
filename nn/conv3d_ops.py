"""The 3-d convolution primitive behind nn/conv3d.py: im2col + one GEMM per sample, as the
2-d one (nn/conv_ops.py, nn/conv_kernels.py), on (N, C, D, H, W) volumes.

The columns are batch-major, (N, K, L) with K = C*kd*kh*kw rows in (c, a, i, j) order and
L = Do*Ho*Wo, built with kd*kh*kw slab copies (one per kernel offset, never per voxel);
the bias rides in the product as a row of ones. The weight gradient reuses the 2-d kernel
(`conv_weight_grad`, summed in fixed pieces, whatever the threads) and so does the input
gradient (`conv_input_grad` on the N * Do output planes, added back at their depths). The three ops
(the convolution, its input gradient, its weight gradient) are adjoint to each other, as
the 2-d trio, so double backward and higher orders work. The padding is symmetric per
axis here; nn/conv3d.py pads an uneven 'same' itself.
"""

from __future__ import annotations

import math

import numpy as np

from autograd.float_warnings import quiet
from autograd.op import Op, xp
from autograd.threads import parallel_for

from . import conv_kernels as K


class Geom3:
    """The window geometry of a 3-d convolution: kernel, stride, padding, dilation (triples)."""

    __slots__ = ("kernel", "stride", "padding", "dilation")

    def __init__(self, kernel, stride, padding, dilation):
        self.kernel, self.stride, self.padding, self.dilation = kernel, stride, padding, dilation

    def out_dhw(self, dhw) -> tuple[int, int, int]:
        """The output's depth, height and width for an input of sizes `dhw`."""
        return tuple(
            (n + 2 * p - d * (k - 1) - 1) // s + 1
            for n, k, s, p, d in zip(dhw, self.kernel, self.stride, self.padding, self.dilation)
        )

    def text(self, name: str) -> str:
        """How a drawing labels the op: 'Conv3d 3×3×3', then what differs from the default."""
        lines = [f"{name} {'×'.join(map(str, self.kernel))}"]
        for what, v, default in (
            ("stride", self.stride, 1),
            ("padding", self.padding, 0),
            ("dilation", self.dilation, 1),
        ):
            if v != (default,) * 3:
                lines.append(f"{what} {', '.join(map(str, v))}")
        return "\n".join(lines)

    def slab(self, a: int, i: int, j: int, out: tuple) -> tuple:
        """The padded input's voxels that kernel offset (a, i, j) reads, for every output."""
        return (slice(None), slice(None)) + tuple(
            slice(t * d, t * d + (o - 1) * s + 1, s)
            for t, d, s, o in zip((a, i, j), self.dilation, self.stride, out)
        )

    def padded(self, x: np.ndarray) -> np.ndarray:
        """x with the zero padding (x itself without)."""
        if not any(self.padding):
            return x
        pd, ph, pw = self.padding
        n, c, d, h, w = x.shape
        out = np.zeros((n, c, d + 2 * pd, h + 2 * ph, w + 2 * pw), x.dtype)
        out[:, :, pd : pd + d, ph : ph + h, pw : pw + w] = x
        return out


# ------------------------------------------------------------------ stride 1: flat columns
# With stride 1 the columns are laid out on the padded volume's flat index: kernel offset
# (a, i, j) reads one contiguous run of it, so im2col is one copy from a strided view
# instead of kd*kh*kw strided 5-d slabs; the product then also computes the outputs at
# the padded height and width's extra positions, which are dropped (the weight gradient
# lays g out the same way, with zeros there).
def _flat_sizes(x_shape: tuple, geom: Geom3) -> tuple[tuple, int]:
    """((Dp, Hp, Wp), the flat length with the tail the last offset reads past)."""
    dp, hp, wp = (n + 2 * p for n, p in zip(x_shape[2:], geom.padding))
    (_, kh, kw), (_, dh, dw) = geom.kernel, geom.dilation
    return (dp, hp, wp), dp * hp * wp + (kh - 1) * dh * wp + (kw - 1) * dw


def _flat_padded(x: np.ndarray, geom: Geom3) -> np.ndarray:
    """x zero-padded, flattened per channel, with the zero tail: (N, C, flat length)."""
    n, c, d, h, w = x.shape
    (dp, hp, wp), length = _flat_sizes(x.shape, geom)
    pd, ph, pw = geom.padding
    buf = np.zeros((n, c, length), x.dtype)
    buf[:, :, : dp * hp * wp].reshape(n, c, dp, hp, wp)[
        :, :, pd : pd + d, ph : ph + h, pw : pw + w
    ] = x
    return buf


def _flat_im2col_into(x: np.ndarray, geom: Geom3, cols: np.ndarray) -> None:
    """Write x's flat columns into cols (N, C*kd*kh*kw, Do*Hp*Wp): one copy from a strided
    view of the flat padded volume (offset (a, i, j) starts a*dd*Hp*Wp + i*dh*Wp + j*dw
    in)."""
    buf = _flat_padded(x, geom)
    n, c = x.shape[:2]
    hp, wp = (n + 2 * p for n, p in zip(x.shape[3:], geom.padding[1:]))
    (dd, dh, dw), e = geom.dilation, buf.itemsize
    span = cols.shape[2]
    windows = np.lib.stride_tricks.as_strided(
        buf,
        shape=(n, c, *geom.kernel, span),
        strides=(*buf.strides[:2], dd * hp * wp * e, dh * wp * e, dw * e, e),
        writeable=False,
    )
    cols.reshape(n, c, *geom.kernel, span)[...] = windows


def _flat_grad(g: np.ndarray, x_shape: tuple, geom: Geom3) -> np.ndarray:
    """g (N, O, Do, Ho, Wo) laid on the flat columns: (N, O, Do*Hp*Wp), zeros elsewhere."""
    n, o, do, ho, wo = g.shape
    (_, hp, wp), _ = _flat_sizes(x_shape, geom)
    out = np.zeros((n, o, do, hp, wp), g.dtype)
    out[..., :ho, :wo] = g
    return out.reshape(n, o, do * hp * wp)


def _im2col_into(x: np.ndarray, geom: Geom3, view: np.ndarray) -> None:
    """Write x's columns into view (N, C, kd, kh, kw, Do, Ho, Wo): kd*kh*kw slab copies."""
    xp_ = geom.padded(x)
    kd, kh, kw = geom.kernel
    out = view.shape[5:]
    for a in range(kd):
        for i in range(kh):
            for j in range(kw):
                view[:, :, a, i, j] = xp_[geom.slab(a, i, j, out)]


def im2col(x: np.ndarray, geom: Geom3, bias_row: bool = False) -> np.ndarray:
    """(N, C, D, H, W) -> columns (N, C*kd*kh*kw (+1: a row of ones), L): L = Do*Ho*Wo, or
    with stride 1 the flat layout's Do*Hp*Wp."""
    n, c = x.shape[:2]
    out = geom.out_dhw(x.shape[2:])
    k = c * math.prod(geom.kernel)
    flat = geom.stride == (1, 1, 1)
    (_, hp, wp), _ = _flat_sizes(x.shape, geom)
    span = out[0] * hp * wp
    cols = np.empty((n, k + bias_row, span if flat else math.prod(out)), x.dtype)
    if bias_row:
        cols[:, k] = 1
    if flat:
        fill = lambda lo, hi: _flat_im2col_into(x[lo:hi], geom, cols[lo:hi, :k])  # noqa: E731
    else:
        view = cols[:, :k].reshape(n, c, *geom.kernel, *out)
        fill = lambda lo, hi: _im2col_into(x[lo:hi], geom, view[lo:hi])  # noqa: E731
    parallel_for(fill, n, cols.size)
    return cols


def conv3d_forward(x: np.ndarray, w: np.ndarray, b, geom: Geom3) -> tuple[np.ndarray, np.ndarray]:
    """y (N, O, Do, Ho, Wo) = W * x + b, and the columns kept for the weight gradient (with
    a last row of ones when there is a bias: the product adds it)."""
    n, o = x.shape[0], w.shape[0]
    out = geom.out_dhw(x.shape[2:])
    k = math.prod(w.shape[1:])
    w2 = w.reshape(o, k)
    fused = b is not None
    flat = geom.stride == (1, 1, 1)
    (_, hp, wp), _ = _flat_sizes(x.shape, geom)
    cols = np.empty((n, k + fused, out[0] * hp * wp if flat else math.prod(out)), x.dtype)
    if fused:
        cols[:, k] = 1
        w2 = np.concatenate([w2, b.reshape(o, 1).astype(w2.dtype, copy=False)], axis=1)
    view = None if flat else cols[:, :k].reshape(n, x.shape[1], *geom.kernel, *out)
    y = np.empty((n, o, cols.shape[2]), np.result_type(cols, w2))

    def part(lo, hi):
        if flat:
            _flat_im2col_into(x[lo:hi], geom, cols[lo:hi, :k])
        else:
            _im2col_into(x[lo:hi], geom, view[lo:hi])
        np.matmul(w2, cols[lo:hi], out=y[lo:hi])  # one GEMM per sample

    parallel_for(part, n, cols.size + y.size)
    if flat:  # the outputs at the padded height and width's extra positions dropped
        return np.ascontiguousarray(y.reshape(n, o, out[0], hp, wp)[..., : out[1], : out[2]]), cols
    return y.reshape(n, o, *out), cols


def conv3d_input_grad(g: np.ndarray, w: np.ndarray, x_shape: tuple, geom: Geom3) -> np.ndarray:
    """The transposed convolution, on the 2-d kernel: the N * Do output planes' input
    gradients as (C * kd, H, W) images (`conv_input_grad`, whose stride-1 form works in
    cache-sized pieces), each added back at the kd depths its plane read."""
    n, o, do, ho, wo = g.shape
    c, (kd, kh, kw) = w.shape[1], geom.kernel
    (sd, sh, sw), (pd, ph, pw), (dd, dh, dw) = geom.stride, geom.padding, geom.dilation
    d, h, wd = x_shape[2:]
    geom2 = K.Geom((kh, kw), (sh, sw), (ph, pw), (dh, dw))
    g2 = np.ascontiguousarray(g.transpose(0, 2, 1, 3, 4)).reshape(n * do, o, ho, wo)
    planes = K.conv_input_grad(g2, w.reshape(o, c * kd, kh, kw), (n * do, c * kd, h, wd), geom2)
    planes = planes.reshape(n, do, c, kd, h, wd)
    full = np.zeros((n, c, d + 2 * pd, h, wd), planes.dtype)
    for a in range(kd):
        full[:, :, a * dd : a * dd + (do - 1) * sd + 1 : sd] += planes[:, :, :, a].transpose(
            0, 2, 1, 3, 4
        )
    return full[:, :, pd : pd + d] if pd else full


def _weight_grad(cols: np.ndarray, g: np.ndarray, x_shape: tuple, geom: Geom3) -> np.ndarray:
    """sum_n g[n] @ cols[n].T (the 2-d kernel, on g seen as (N, O, Do, Ho*Wo), or laid on
    the flat columns)."""
    n, o, do, ho, wo = g.shape
    if cols.shape[2] != do * ho * wo:  # flat columns
        g = _flat_grad(g, x_shape, geom)
    return K.conv_weight_grad(cols, g.reshape(n, o, 1, cols.shape[2]))


@quiet
class Conv3dOp(Op):
    """Cross-correlation of x (N, C, D, H, W) with w (O, C, kd, kh, kw), plus a bias (O,)."""

    __slots__ = ("geom", "_cols")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("Conv3d")

    def forward(self, x, w, b=None):
        y, self._cols = conv3d_forward(x, w, b, self.geom)
        return y

    def backward(self, g, out, x, w, b=None):
        need_x, need_w = self.needs[:2]
        need_b = b is not None and self.needs[2]
        gx = ConvTranspose3dOp.call(g, w, x_shape=x.shape, geom=self.geom) if need_x else None
        gw = gb = None
        if need_w:  # one product gives the weight gradient and, with the bias, its gradient
            cols = xp(g).saved(self._cols, lambda: None)  # on Tensors: from x, recorded
            full = Conv3dWeightGradOp.call(x, g, geom=self.geom, bias=need_b, _cols=cols)
            k = math.prod(w.shape[1:])
            gw = full[:, :k].reshape(w.shape)
            gb = full[:, k] if need_b else None
        elif need_b:
            gb = g.sum(axis=(0, 2, 3, 4))
        return (gx, gw) if b is None else (gx, gw, gb)


@quiet
class ConvTranspose3dOp(Op):
    """The input gradient of a 3-d convolution: g (N, O, Do, Ho, Wo) and w -> (N, C, D, H, W)."""

    __slots__ = ("x_shape", "geom")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("Conv3d input grad")

    def forward(self, g, w):
        return conv3d_input_grad(g, w, self.x_shape, self.geom)

    def backward(self, gg, out, g, w):
        # <gg, convT(g, w)> = <conv(gg, w), g> = <weight_grad(gg, g), w>
        need_g, need_w = self.needs
        gw = None
        if need_w:
            gw = Conv3dWeightGradOp.call(gg, g, geom=self.geom, bias=False, _cols=None)
            gw = gw.reshape(w.shape)
        return (Conv3dOp.call(gg, w, geom=self.geom) if need_g else None), gw


@quiet
class Conv3dWeightGradOp(Op):
    """The weight gradient of a 3-d convolution as a matrix: x and g -> (O, C*kd*kh*kw), with
    the bias gradient as one more column when `bias` is set (`_cols`: the forward's)."""

    __slots__ = ("geom", "bias", "_cols")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("Conv3d weight grad")

    def forward(self, x, g):
        cols = self._cols
        if cols is None or (
            self.bias and cols.shape[1] == x.shape[1] * math.prod(self.geom.kernel)
        ):
            cols = im2col(x, self.geom, bias_row=self.bias)
        full = _weight_grad(cols, g, x.shape, self.geom)
        k = x.shape[1] * math.prod(self.geom.kernel)
        return full if self.bias else full[:, :k]

    def backward(self, gfull, out, x, g):
        # <gW, weight_grad(x, g)> = <conv(x, gW), g> = <convT(g, gW), x>, and the bias
        # column's adjoint adds gb to every voxel of g's channel: conv(x, gW) + gb
        need_x, need_g = self.needs
        o, c = g.shape[1], x.shape[1]
        k = c * math.prod(self.geom.kernel)
        gw = gfull[:, :k].reshape((o, c, *self.geom.kernel))
        gx = ConvTranspose3dOp.call(g, gw, x_shape=x.shape, geom=self.geom) if need_x else None
        gg = None
        if need_g:
            bias = (gfull[:, k],) if self.bias else ()
            gg = Conv3dOp.call(x, gw, *bias, geom=self.geom)
        return gx, gg
