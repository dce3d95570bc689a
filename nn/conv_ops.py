"""The convolution and pooling primitives behind nn/conv.py (their numpy kernels are in
nn/conv_kernels.py).

Each is a fused primitive: composing a convolution from engine ops would record one
node per kernel offset and materialise every product; im2col + one GEMM per sample does
the same arithmetic in a few large numpy calls. Loops run over kernel offsets (9 for
3x3), never over pixels.

Double backward: the convolution's backward is written with two more primitives,
`ConvTranspose2dOp` (the input gradient) and `Conv2dWeightGradOp` (the weight gradient);
the three are adjoint to each other, so under `create_graph=True` the backward records
itself and derivatives of any order work. Pooling's backward is `PoolScatter` (a
weighted scatter into the windows) whose adjoint is `PoolGather`, so pooling supports
double backward too. Each backward computes only the gradients its inputs need
(`Op.needs`): a frozen weight costs no weight gradient, an input image no input gradient.

Every backward rule is written once: the ops it needs are called with `Op.call` (numpy
kernels on arrays, recorded on Tensors under create_graph), and what the forward saved
is read with `xp(g).saved` (the im2col columns on arrays, recomputed from x on Tensors).

Max-pool ties: the gradient of a window goes to one position, PyTorch's: the first
maximum in row-major order, or the last NaN (a window of four zeros sends all to its
top-left); adaptive max pooling does the same (nn/adaptive_pool.py).
AvgPool2d counts padded zeros in the average (PyTorch's count_include_pad=True).
"""

from __future__ import annotations

import numpy as np

from autograd.argcheck import integers
from autograd.float_warnings import quiet
from autograd.op import Op, masked, value, xp

from . import conv_kernels as K


def _pair(v, what: str, who: str, minimum: int | None = None) -> tuple[int, int]:
    """An int or a pair of ints as a pair (TypeError for anything else, such as 2.5)."""
    return integers(v, what, who, length=2, minimum=minimum)


def _cols_k(w_shape: tuple) -> int:
    """The rows of a convolution's columns for a weight of shape (O, C, kh, kw)."""
    return w_shape[1] * w_shape[2] * w_shape[3]


@quiet
class Conv2dOp(Op):
    """Cross-correlation of x (N, C, H, W) with w (O, C, kh, kw), plus an optional bias (O,)."""

    __slots__ = ("geom", "_cols")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("Conv2d")

    def forward(self, x, w, b=None):
        y, self._cols = K.conv_forward(x, w, b, self.geom)
        return y

    def backward(self, g, out, x, w, b=None):
        need_x, need_w = self.needs[:2]
        need_b = b is not None and self.needs[2]
        gx = ConvTranspose2dOp.call(g, w, x_shape=x.shape, geom=self.geom) if need_x else None
        gw = gb = None
        if need_w:  # one product gives the weight gradient and, with the bias, its gradient
            cols = xp(g).saved(self._cols, lambda: None)  # on Tensors: from x, recorded
            full = Conv2dWeightGradOp.call(x, g, geom=self.geom, bias=need_b, _cols=cols)
            k = _cols_k(w.shape)
            gw = full[:, :k].reshape(w.shape)
            gb = full[:, k] if need_b else None
        elif need_b:
            gb = g.sum(axis=(0, 2, 3))
        return (gx, gw) if b is None else (gx, gw, gb)


@quiet
class ConvTranspose2dOp(Op):
    """The input gradient of a convolution: g (N, O, Ho, Wo) and w -> (N, C, H, W)."""

    __slots__ = ("x_shape", "geom")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("ConvTranspose2d")

    def forward(self, g, w):
        return K.conv_input_grad(g, w, self.x_shape, self.geom)

    def backward(self, gg, out, g, w):
        # <gg, convT(g, w)> = <conv(gg, w), g> = <weight_grad(gg, g), w>
        need_g, need_w = self.needs
        gw = None
        if need_w:
            gw = Conv2dWeightGradOp.call(gg, g, geom=self.geom, bias=False, _cols=None)
            gw = gw.reshape(w.shape)
        return (Conv2dOp.call(gg, w, geom=self.geom) if need_g else None), gw


@quiet
class Conv2dWeightGradOp(Op):
    """The weight gradient of a convolution as a matrix: x (N, C, H, W) and g (N, O, Ho, Wo)
    -> (O, C*kh*kw), with the bias gradient as one more column when `bias` is set.

    `_cols` are the forward's columns when it kept them (x's are computed otherwise); with
    a row of ones for the bias, the bias gradient comes out of the same product.
    """

    __slots__ = ("geom", "bias", "_cols")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("Conv2d weight grad")

    def forward(self, x, g):
        cols = self._cols if self._cols is not None else K.im2col(x, self.geom)
        full = K.conv_weight_grad(cols, g)
        k = x.shape[1] * self.geom.kernel[0] * self.geom.kernel[1]
        if not self.bias:
            return full[:, :k] if full.shape[1] > k else full
        if full.shape[1] > k:
            return full
        return np.concatenate([full, K.bias_grad(g)[:, None].astype(full.dtype)], axis=1)

    def backward(self, gfull, out, x, g):
        # <gW, weight_grad(x, g)> = <conv(x, gW), g> = <convT(g, gW), x>, and the bias
        # column's adjoint adds gb to every pixel of g's channel: conv(x, gW) + gb
        need_x, need_g = self.needs
        o, c = g.shape[1], x.shape[1]
        k = c * self.geom.kernel[0] * self.geom.kernel[1]
        gw = gfull[:, :k].reshape((o, c, *self.geom.kernel))
        gx = ConvTranspose2dOp.call(g, gw, x_shape=x.shape, geom=self.geom) if need_x else None
        gg = None
        if need_g:
            bias = (gfull[:, k],) if self.bias else ()
            gg = Conv2dOp.call(x, gw, *bias, geom=self.geom)
        return gx, gg


class PoolScatter(Op):
    """Backward of pooling: g (N, C, Ho, Wo) spread over the windows with constant weights:
    `_share` (a scalar, or one weight per window and offset), or for max-pooling
    `_max_of` = (x, its pooled maxima), from which the weights follow."""

    __slots__ = ("x_shape", "geom", "_share", "_max_of")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("pool scatter", pool=True)

    def forward(self, g):
        if self._max_of is not None:  # the fused kernel: masks and ties in one pass
            return K.max_pool_backward(g, *self._max_of, self.geom)
        return K.scatter(g, self._share, self.x_shape, self.geom)

    def backward(self, gg, out, g):
        share = self._share
        if self._max_of is not None:  # the weights, only when a second order asks for them
            share = K.max_share(*self._max_of, self.geom)
        return (PoolGather.call(gg, geom=self.geom, _share=share),)


class PoolGather(Op):
    """Weighted window sums with constant weights: the adjoint of PoolScatter."""

    __slots__ = ("geom", "_share")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("pool gather", pool=True)

    def forward(self, x):
        return K.gather(x, self._share, self.geom)

    def backward(self, g, out, x):
        return (
            PoolScatter.call(g, x_shape=x.shape, geom=self.geom, _share=self._share, _max_of=None),
        )


class MaxPool2dOp(Op):
    """The largest value of each window; at ties the gradient goes to PyTorch's choice of
    index (see module doc)."""

    __slots__ = ("geom",)

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("MaxPool2d", pool=True)

    def forward(self, x):
        return K.max_pool(x, self.geom)

    def backward(self, g, out, x):
        maxima = (value(x), value(out))  # constants of the scatter, also under create_graph
        return (PoolScatter.call(g, x_shape=x.shape, geom=self.geom, _share=None, _max_of=maxima),)


class AvgPool2dOp(Op):
    """The mean of each window (padded zeros count, as in PyTorch's default)."""

    __slots__ = ("geom",)

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("AvgPool2d", pool=True)

    def forward(self, x):
        kh, kw = self.geom.kernel
        return K.gather(x, x.dtype.type(1.0 / (kh * kw)), self.geom)

    def backward(self, g, out, x):
        kh, kw = self.geom.kernel
        share = np.dtype(g.dtype).type(1.0 / (kh * kw))
        return (PoolScatter.call(g, x_shape=x.shape, geom=self.geom, _share=share, _max_of=None),)


class MaxUnpool2dOp(Op):
    """x (N, C, H, W) written at `indices` (flat, into each output image of `out_hw`), zeros
    elsewhere. Where several values share an index the last is written (PyTorch's CPU
    order), and only it receives the gradient (`last`: which ones; None when indices are
    distinct), so the gradient is the forward's derivative."""

    __slots__ = ("indices", "out_hw", "last")

    def label(self, inputs: tuple = ()) -> str:
        return f"MaxUnpool2d\n{self.out_hw[0]}×{self.out_hw[1]}"

    def forward(self, x):
        return K.unpool(x, self.indices, self.out_hw)

    def backward(self, g, out, x):
        n, c = x.shape[:2]
        flat = g.reshape(n, c, self.out_hw[0] * self.out_hw[1])
        rows = np.arange(n)[:, None, None], np.arange(c)[None, :, None]
        gx = flat[(*rows, self.indices.reshape(n, c, -1))].reshape(x.shape)
        return (gx if self.last is None else masked(gx, self.last),)


@quiet
class UnfoldOp(Op):
    """im2col: x (N, C, H, W) -> its sliding blocks as columns (N, C*kh*kw, L)."""

    __slots__ = ("geom",)

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("Unfold")

    def forward(self, x):
        cols = K.im2col(x, self.geom)
        return cols.copy() if self.geom.pointwise() else cols  # (a pointwise one is a view)

    def backward(self, g, out, x):
        return (FoldOp.call(g, x_shape=x.shape, geom=self.geom),)


@quiet
class FoldOp(Op):
    """col2im: columns (N, C*kh*kw, L) summed back onto the pixels of (N, C, H, W)."""

    __slots__ = ("x_shape", "geom")

    def label(self, inputs: tuple = ()) -> str:
        return self.geom.text("Fold")

    def forward(self, cols):
        return K.col2im(cols, self.x_shape, self.geom)

    def backward(self, g, out, cols):
        return (UnfoldOp.call(g, geom=self.geom),)
