"""Shape and indexing primitives, and matmul."""

from __future__ import annotations

import numpy as np

from .function import Op, Tensor


class Reshape(Op):
    __slots__ = ("shape",)

    def forward(self, a):
        return a.reshape(self.shape)

    def backward(self, g, out, a):
        return (g.reshape(a.shape),)


class Transpose(Op):
    """numpy's transpose: a permutation of the axes (None reverses them)."""

    __slots__ = ("axes",)

    def forward(self, a):
        return a.transpose(self.axes)

    def backward(self, g, out, a):
        if self.axes is None:
            return (g.transpose(),)
        return (g.transpose(tuple(np.argsort(self.axes))),)


class BroadcastTo(Op):
    __slots__ = ("shape",)
    broadcasts = True  # the engine sums the gradient back to the input's shape

    def forward(self, a):
        return np.broadcast_to(a, self.shape)

    def backward(self, g, out, a):
        return (g,)


class Copy(Op):
    __slots__ = ()

    def forward(self, a):
        return np.array(a, copy=True)

    def backward(self, g, out, a):
        return (g,)


def _is_basic(index) -> bool:
    """Basic indexing (ints, slices, None, ...) never repeats an element."""
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (int, np.integer, slice)) for i in items)


class GetItem(Op):
    """x[index], basic or advanced; repeated indices accumulate their gradients."""

    __slots__ = ("index",)

    def forward(self, a):
        return a[self.index]

    def backward(self, g, out, a):
        return (
            ScatterAdd.apply(g, index=self.index, shape=a.shape)
            if isinstance(g, Tensor)
            else _scatter(g, self.index, a.shape),
        )


def _scatter(g, index, shape):
    z = np.zeros(shape, dtype=g.dtype)
    if _is_basic(index):
        z[index] = g
    else:
        np.add.at(z, index, g)
    return z


class ScatterAdd(Op):
    """Zeros of `shape` with g added at `index`: the backward of GetItem (and vice versa)."""

    __slots__ = ("index", "shape")

    def forward(self, g):
        return _scatter(g, self.index, self.shape)

    def backward(self, g, out, a):
        return (g[self.index],)


class Concatenate(Op):
    __slots__ = ("axis",)

    def forward(self, *arrays):
        return np.concatenate(arrays, axis=self.axis)

    def backward(self, g, out, *inputs):
        axis = self.axis % g.ndim
        grads, start = [], 0
        for t in inputs:
            stop = start + t.shape[axis]
            grads.append(g[(slice(None),) * axis + (slice(start, stop),)])
            start = stop
        return tuple(grads)


class MatMul(Op):
    """numpy's matmul: 1-d, 2-d and batched with broadcasting."""

    __slots__ = ()
    broadcasts = True  # batch dimensions broadcast

    def forward(self, a, b):
        return a @ b

    def backward(self, g, out, a, b):
        if a.ndim == 1 and b.ndim == 1:
            return g * b, g * a
        if a.ndim == 1:  # (k) @ (..., k, n) -> (..., n)
            return (b @ g[..., None])[..., 0], a[:, None] * g[..., None, :]
        if b.ndim == 1:  # (..., m, k) @ (k) -> (..., m)
            return g[..., None] * b, (a.swapaxes(-1, -2) @ g[..., None])[..., 0]
        return g @ b.swapaxes(-1, -2), a.swapaxes(-1, -2) @ g
