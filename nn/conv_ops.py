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

Max-pool ties: the gradient of a window goes to every position equal to the window's
maximum, split evenly between them (a window of four zeros sends a quarter to each).
AvgPool2d counts padded zeros in the average (PyTorch's count_include_pad=True).
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd.argcheck import integers
from autograd.function import Op

from . import conv_kernels as K
from .conv_kernels import Geom


def _pair(v, what: str, who: str, minimum: int | None = None) -> tuple[int, int]:
    """An int or a pair of ints as a pair (TypeError for anything else, such as 2.5)."""
    return integers(v, what, who, length=2, minimum=minimum)


# The three convolution products, on arrays or (under create_graph) recorded on Tensors.
def _conv(x, w, geom: Geom):
    if isinstance(x, Tensor):
        return Conv2dOp.apply(x, w, geom=geom)
    return K.conv_forward(x, w, None, geom)[0]


def _conv_t(g, w, x_shape, geom: Geom):
    if isinstance(g, Tensor):
        return ConvTranspose2dOp.apply(g, w, x_shape=x_shape, geom=geom)
    return K.conv_input_grad(g, w, x_shape, geom)


def _conv_w(x, g, w_shape, geom: Geom):
    if isinstance(g, Tensor):
        return Conv2dWeightGradOp.apply(x, g, w_shape=w_shape, geom=geom)
    return K.conv_weight_grad(K.im2col(x, geom), g).reshape(w_shape)


class Conv2dOp(Op):
    """Cross-correlation of x (N, C, H, W) with w (O, C, kh, kw), plus an optional bias (O,)."""

    __slots__ = ("geom", "_cols")

    def forward(self, x, w, b=None):
        y, self._cols = K.conv_forward(x, w, b, self.geom)
        return y

    def backward(self, g, out, x, w, b=None):
        need_x, need_w = self.needs[:2]
        need_b = b is not None and self.needs[2]
        gx = _conv_t(g, w, x.shape, self.geom) if need_x else None
        gw = gb = None
        if isinstance(g, Tensor):  # recorded: the backward's own graph gives higher orders
            gw = _conv_w(x, g, w.shape, self.geom) if need_w else None
            gb = g.sum(axis=(0, 2, 3)) if need_b else None
        elif need_w:  # the forward's columns: one product gives the weight (and bias) grads
            full = K.conv_weight_grad(self._cols, g)
            k = w.shape[1] * w.shape[2] * w.shape[3]
            gw = full[:, :k].reshape(w.shape)
            if need_b:
                gb = full[:, k] if full.shape[1] > k else K.bias_grad(g)
        elif need_b:
            gb = K.bias_grad(g)
        return (gx, gw) if b is None else (gx, gw, gb)


class ConvTranspose2dOp(Op):
    """The input gradient of a convolution: g (N, O, Ho, Wo) and w -> (N, C, H, W)."""

    __slots__ = ("x_shape", "geom")

    def forward(self, g, w):
        return K.conv_input_grad(g, w, self.x_shape, self.geom)

    def backward(self, gg, out, g, w):
        # <gg, convT(g, w)> = <conv(gg, w), g> = <weight_grad(gg, g), w>
        need_g, need_w = self.needs
        return (
            _conv(gg, w, self.geom) if need_g else None,
            _conv_w(gg, g, w.shape, self.geom) if need_w else None,
        )


class Conv2dWeightGradOp(Op):
    """The weight gradient of a convolution: x (N, C, H, W) and g (N, O, Ho, Wo) -> w's shape."""

    __slots__ = ("w_shape", "geom")

    def forward(self, x, g):
        return K.conv_weight_grad(K.im2col(x, self.geom), g).reshape(self.w_shape)

    def backward(self, gw, out, x, g):
        # <gw, weight_grad(x, g)> = <conv(x, gw), g> = <convT(g, gw), x>
        need_x, need_g = self.needs
        return (
            _conv_t(g, gw, x.shape, self.geom) if need_x else None,
            _conv(x, gw, self.geom) if need_g else None,
        )


class PoolScatter(Op):
    """Backward of pooling: g (N, C, Ho, Wo) spread over the windows with constant weights."""

    __slots__ = ("x_shape", "geom", "_share")

    def forward(self, g):
        return K.scatter(g, self._share, self.x_shape, self.geom)

    def backward(self, gg, out, g):
        if isinstance(gg, Tensor):
            return (PoolGather.apply(gg, geom=self.geom, _share=self._share),)
        return (K.gather(gg, self._share, self.geom),)


class PoolGather(Op):
    """Weighted window sums with constant weights: the adjoint of PoolScatter."""

    __slots__ = ("geom", "_share")

    def forward(self, x):
        return K.gather(x, self._share, self.geom)

    def backward(self, g, out, x):
        if isinstance(g, Tensor):
            return (PoolScatter.apply(g, x_shape=x.shape, geom=self.geom, _share=self._share),)
        return (K.scatter(g, self._share, x.shape, self.geom),)


class MaxPool2dOp(Op):
    """The largest value of each window; ties split the gradient evenly (see module doc)."""

    __slots__ = ("geom",)

    def forward(self, x):
        return K.max_pool(x, self.geom)

    def backward(self, g, out, x):
        xv = x._data if isinstance(x, Tensor) else x
        m = out._data if isinstance(out, Tensor) else out
        if isinstance(g, Tensor):  # the weights become a constant of the recorded scatter
            share = K.max_share(xv, m, self.geom)
            return (PoolScatter.apply(g, x_shape=xv.shape, geom=self.geom, _share=share),)
        return (K.max_pool_backward(g, xv, m, self.geom),)


class AvgPool2dOp(Op):
    """The mean of each window (padded zeros count, as in PyTorch's default)."""

    __slots__ = ("geom",)

    def forward(self, x):
        kh, kw = self.geom.kernel
        return K.gather(x, x.dtype.type(1.0 / (kh * kw)), self.geom)

    def backward(self, g, out, x):
        kh, kw = self.geom.kernel
        share = np.dtype(g.dtype).type(1.0 / (kh * kw))
        if isinstance(g, Tensor):
            return (PoolScatter.apply(g, x_shape=x.shape, geom=self.geom, _share=share),)
        return (K.scatter(g, share, x.shape, self.geom),)
