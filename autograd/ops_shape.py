"""Shape and indexing primitives, and matmul."""

from __future__ import annotations

import operator

import numpy as np

from .float_warnings import quietly
from .op import Op, SparseGrad, dims, value, xp


class Reshape(Op):
    __slots__ = ("shape",)
    reads = ()  # only shapes

    def forward(self, a):
        return a.reshape(self.shape)

    def label(self, inputs: tuple = ()) -> str:
        return f"Reshape\n→ {dims(self.shape)}"

    def backward(self, g, out, a):
        return (g.reshape(a.shape),)


class Transpose(Op):
    """numpy's transpose: a permutation of the axes (None reverses them)."""

    __slots__ = ("axes",)
    reads = ()

    def forward(self, a):
        return a.transpose(self.axes)

    def label(self, inputs: tuple = ()) -> str:
        return "Transpose" if self.axes is None else f"Transpose\n{tuple(self.axes)}"

    def backward(self, g, out, a):
        if self.axes is None:
            return (g.transpose(),)
        return (g.transpose(tuple(np.argsort(self.axes))),)


class BroadcastTo(Op):
    __slots__ = ("shape",)
    reads = ()
    broadcasts = True  # the engine sums the gradient back to the input's shape

    def forward(self, a):
        return np.broadcast_to(a, self.shape)

    def label(self, inputs: tuple = ()) -> str:
        return f"BroadcastTo\n→ {dims(self.shape)}"

    def backward(self, g, out, a):
        return (g,)


class Copy(Op):
    __slots__ = ()
    reads = ()

    def forward(self, a):
        return np.array(a, copy=True)

    def backward(self, g, out, a):
        return (g,)


class GetItem(Op):
    """x[index], basic or advanced; repeated indices accumulate their gradients."""

    __slots__ = ("index",)
    reads = ()

    def forward(self, a):
        return a[self.index]

    def backward(self, g, out, a):
        # on arrays a SparseGrad (op.SparseGrad), on Tensors a ScatterAdd node
        return (xp(g).scatter_add(g, self.index, a.shape),)

    def label(self, inputs: tuple = ()) -> str:
        """`x[:, 1]`, with the input's name for x when it has one."""
        return f"{inputs[0] if inputs and inputs[0] else 'x'}[{index_text(self.index)}]"


def index_text(index) -> str:
    """An index as Python writes it: ':, 1', '..., None', '2:5:2', '[0, 3]', 'mask 3×4'."""
    items = index if isinstance(index, tuple) else (index,)
    return ", ".join(_item_text(i) for i in items)


def _item_text(i) -> str:
    if i is None:
        return "None"
    if i is Ellipsis:
        return "..."
    if isinstance(i, slice):
        parts = ["" if v is None else str(v) for v in (i.start, i.stop, i.step)]
        return ":".join(parts[:2] if i.step is None else parts)
    if isinstance(i, (int, np.integer)):
        return str(int(i))
    a = np.asarray(i)
    if a.dtype == bool:
        return f"mask {dims(a.shape)}"
    if a.size <= 4:
        return str(a.tolist())
    return f"index {dims(a.shape)}"


class ScatterAdd(Op):
    """Zeros of `shape` with g added at `index`: the backward of GetItem (and vice versa)."""

    __slots__ = ("index", "shape")
    reads = ()

    def forward(self, g):
        return SparseGrad(self.index, g, self.shape).dense()

    def backward(self, g, out, a):
        return (g[self.index],)


class Concatenate(Op):
    __slots__ = ("axis",)
    reads = ()

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
    reads = ((1,), (0,))
    broadcasts = True  # batch dimensions broadcast

    forward = staticmethod(operator.matmul)  # a @ b

    def backward(self, g, out, a, b):
        try:  # free unless a filter raised numpy's inf * 0 warning: then the same, quietly
            return self._grads(g, a, b)
        except RuntimeWarning:
            return quietly(self._grads, g, a, b)

    def _grads(self, g, a, b):
        need_a, need_b = self.needs  # a product nobody needs is never computed
        if a.ndim == 1 and b.ndim == 1:
            ga = g * b if need_a else None
            gb = g * a if need_b else None
        elif a.ndim == 1:  # (k) @ (..., k, n) -> (..., n)
            ga = (b @ g[..., None])[..., 0] if need_a else None
            gb = a[:, None] * g[..., None, :] if need_b else None
        elif b.ndim == 1:  # (..., m, k) @ (k) -> (..., m)
            ga = g[..., None] * b if need_a else None
            gb = (a.swapaxes(-1, -2) @ g[..., None])[..., 0] if need_b else None
        else:
            ga = g @ b.swapaxes(-1, -2) if need_a else None
            gb = a.swapaxes(-1, -2) @ g if need_b else None
        return ga, gb


class SetItem(Op):
    """a with a[index] = v (PyTorch's index_put): the recorded form of `x[index] = v`.

    A primitive: its backward masks g where v went and takes g[index] for v, with no
    dense scatter of v (the composed `where(mask, scatter(v), a)` would make one per
    assignment, which a loop filling a buffer row by row cannot afford). v broadcasts to
    a[index]; repeated advanced indices keep the last value, as numpy's assignment, and
    every one of them receives its gradient, as PyTorch's index_put.
    """

    __slots__ = ("index",)
    reads = ((), ())
    broadcasts = True  # v is broadcast to a[index]: the engine sums its gradient back

    def forward(self, a, v):
        out = np.array(a, copy=True)
        out[self.index] = v
        return out

    def backward(self, g, out, a, v):
        need_a, need_v = self.needs
        ga = gv = None
        if need_a:
            hit = np.zeros(np.shape(value(a)), dtype=bool)
            hit[self.index] = True
            ga = xp(g).where(hit, 0, g)
        if need_v:
            gv = g[self.index]
            vshape = np.shape(value(v))
            if gv.ndim < len(vshape):  # v had leading ones that the assignment dropped
                gv = gv.reshape((1,) * (len(vshape) - gv.ndim) + gv.shape)
        return ga, gv


class CopySlices(Op):
    """A tensor after an in-place change made through a view of it (PyTorch's CopySlices):
    its values as they were, with the view's elements replaced by the view's new values.
    Inputs: the tensor as it was and the view after the change; `_positions`: the flat
    index in the tensor of each element of the view (`view_positions`)."""

    __slots__ = ("_positions",)
    reads = ((), ())

    def forward(self, a, v):
        out = np.array(a, copy=True)
        out.reshape(-1)[self._positions] = v
        return out

    def backward(self, g, out, a, v):
        need_a, need_v = self.needs
        ga = gv = None
        if need_a:
            hit = np.zeros(np.shape(value(a)), dtype=bool)
            hit.reshape(-1)[self._positions] = True
            ga = xp(g).where(hit, 0, g)
        if need_v:
            gv = g.reshape(-1)[self._positions]
        return ga, gv


def view_positions(base: np.ndarray, view: np.ndarray) -> np.ndarray | None:
    """The flat (C-order) index in base of each element of view, an array over base's
    memory; None if an element of view is not one of base's, or base repeats one (a
    broadcast), or their dtypes differ."""
    if base.dtype != view.dtype:
        return None
    if not view.size:
        return np.zeros(view.shape, np.int64)
    ab = _addresses(base).reshape(-1)
    order = np.argsort(ab, kind="stable")
    ab = ab[order]
    if (ab[1:] == ab[:-1]).any():
        return None
    av = _addresses(view)
    at = np.minimum(np.searchsorted(ab, av), ab.size - 1)
    if not (ab[at] == av).all():
        return None
    return order[at]


def _addresses(a: np.ndarray) -> np.ndarray:
    """The byte address of each element of a."""
    addr = np.full(a.shape, a.__array_interface__["data"][0], dtype=np.int64)
    for k, (n, step) in enumerate(zip(a.shape, a.strides)):
        addr += (np.arange(n, dtype=np.int64) * step).reshape((n,) + (1,) * (a.ndim - k - 1))
    return addr


# ------------------------------------------- diagonals (autograd/tensor_matrix.py)
def diagonal_index(n1: int, n2: int, offset: int) -> tuple[np.ndarray, np.ndarray]:
    """The (row, column) positions of the diagonal `offset` of an n1 x n2 matrix."""
    r0, c0 = max(-offset, 0), max(offset, 0)
    steps = np.arange(max(min(n1 - r0, n2 - c0), 0))
    return steps + r0, steps + c0


class Diagonal(Op):
    """The diagonal `offset` of the matrices over dims (dim1, dim2), as a new last dim: a view
    of the input, as PyTorch's (`x.diagonal().fill_(0)` writes into x)."""

    __slots__ = ("offset", "dim1", "dim2")
    reads = ()

    def _order(self, ndim: int) -> list:
        """The axes with dim1 and dim2 moved last (the layout the diagonal is read from)."""
        return [i for i in range(ndim) if i not in (self.dim1, self.dim2)] + [self.dim1, self.dim2]

    def forward(self, a):
        moved = a.transpose(self._order(a.ndim))
        rows, cols = diagonal_index(moved.shape[-2], moved.shape[-1], self.offset)
        n = len(rows)
        r0, c0 = (int(rows[0]), int(cols[0])) if n else (0, 0)
        # einsum's diagonal is a writable view whose bases lead to a's memory (versions.owner)
        return np.einsum("...ii->...i", moved[..., r0 : r0 + n, c0 : c0 + n])

    def backward(self, g, out, a):
        shape = np.shape(value(a))
        order = self._order(len(shape))
        moved = tuple(shape[i] for i in order)
        rows, cols = diagonal_index(moved[-2], moved[-1], self.offset)
        full = ScatterAdd.call(g, index=(Ellipsis, rows, cols), shape=moved)
        return (Transpose.call(full, axes=tuple(int(i) for i in np.argsort(order))),)


class Unfold(Op):
    """Tensor.unfold: the windows of `size` elements every `step` along `dim`, a new last dim
    of size `size` (dim's length becomes the number of windows). The value is a read-only
    strided view of the input (overlapping windows share memory); the gradient adds each
    window's gradient back where it was read."""

    __slots__ = ("dim", "size", "step")

    def _windows(self, length: int) -> np.ndarray:
        """The input positions each window reads: shape (windows, size)."""
        n = (length - self.size) // self.step + 1
        return np.arange(n)[:, None] * self.step + np.arange(self.size)

    def forward(self, a):
        moved = np.moveaxis(a, self.dim, -1)
        n = (moved.shape[-1] - self.size) // self.step + 1
        st = moved.strides[-1]
        view = np.lib.stride_tricks.as_strided(
            moved,
            moved.shape[:-1] + (n, self.size),
            moved.strides[:-1] + (st * self.step, st),
            writeable=False,
        )
        return np.moveaxis(view, -2, self.dim)

    def backward(self, g, out, a):
        shape = np.shape(value(a))
        ndim = len(shape)
        # g: shape with dim -> windows, plus the window's last dim; windows moved next to it
        to_end = [i for i in range(ndim) if i != self.dim] + [self.dim, ndim]
        moved = Transpose.call(g, axes=tuple(to_end))
        moved_shape = tuple(shape[i] for i in range(ndim) if i != self.dim) + (shape[self.dim],)
        index = (Ellipsis, self._windows(shape[self.dim]))
        full = ScatterAdd.call(moved, index=index, shape=moved_shape)
        back = list(range(ndim - 1))
        back.insert(self.dim, ndim - 1)
        return (Transpose.call(full, axes=tuple(back)),)
