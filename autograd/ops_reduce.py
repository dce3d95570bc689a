"""Reductions: sum, max, and the fused softmax / log-softmax."""

from __future__ import annotations

import numpy as np

from .op import Op, value, xp


def _kept_shape(shape: tuple, axis) -> tuple:
    """The shape a reduction over `axis` has with keepdims=True."""
    if axis is None:
        return (1,) * len(shape)
    return tuple(1 if i in axis else n for i, n in enumerate(shape))


class Sum(Op):
    __slots__ = ("axis", "keepdims")

    def forward(self, a):
        return a.sum(axis=self.axis, keepdims=self.keepdims)

    def backward(self, g, out, a):
        # the backward of a sum is a broadcast (copy gates sum their gradients going forward)
        shape = a.shape
        if not self.keepdims:
            g = g.reshape(_kept_shape(shape, self.axis))
        return (xp(g).broadcast_to(g, shape),)


class Max(Op):
    """Largest value over `axis`. At ties the gradient is split evenly between the maxima."""

    __slots__ = ("axis", "keepdims")

    def forward(self, a):
        return a.max(axis=self.axis, keepdims=self.keepdims)

    def backward(self, g, out, a):
        kept = _kept_shape(a.shape, self.axis)
        av = value(a)
        hit = av == np.reshape(value(out), kept)
        share = hit / hit.sum(axis=self.axis, keepdims=True)
        if not self.keepdims:
            g = g.reshape(kept)
        return (g * share.astype(av.dtype, copy=False),)


class Softmax(Op):
    # Fused: exp(x - max) / sum is stable and its backward needs only the output.
    __slots__ = ("axis",)

    def forward(self, a):
        e = np.exp(a - a.max(axis=self.axis, keepdims=True))
        e /= e.sum(axis=self.axis, keepdims=True)
        return e

    def backward(self, g, out, a):
        return (out * (g - (g * out).sum(axis=self.axis, keepdims=True)),)


class LogSoftmax(Op):
    # Fused: x - max - log(sum(exp(x - max))) never overflows and never takes log(0).
    __slots__ = ("axis",)

    def forward(self, a):
        shifted = a - a.max(axis=self.axis, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=self.axis, keepdims=True))

    def backward(self, g, out, a):
        return (g - xp(g).exp(out) * g.sum(axis=self.axis, keepdims=True),)
