"""Tensor's shape and indexing methods (`reshape`, `transpose`, `x[idx]`, `split`, `gather`,
...), a mixin.

Each is one primitive (Reshape, Transpose, GetItem, BroadcastTo, Copy, SetItem) or a
few: `split`, `flip`, `roll`, `gather`, `index_select` are indexing, `repeat` is a
broadcast and a reshape. Dims follow PyTorch (`transpose(d0, d1)` swaps two dims) and
numpy's spellings stay where they do not conflict (`transpose(perm)`, `axis=`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .argcheck import integer
from .composite import mark, start
from .layouts import check_memory_format
from .op import index_value
from .ops_elementwise import Where
from .ops_shape import BroadcastTo, Copy, GetItem, Reshape, ScatterAdd, SetItem, Transpose
from .shapes import ElementCount, count, dim_index, dims_arg, resolve, shape_arg

if TYPE_CHECKING:
    from .tensor_class import Tensor


def _index_array(index) -> np.ndarray:
    """An integer index (a Tensor, array or list) as an int64 array."""
    arr = np.asarray(index_value(index))
    if arr.dtype.kind not in "iu":
        raise TypeError(f"an index must hold integers, got dtype {arr.dtype}")
    return arr.astype(np.int64, copy=False)


def _along(dim: int, index) -> tuple:
    """An index selecting `index` along dim and everything along the dims before it."""
    return (slice(None),) * dim + (index,)


def _own(out: Tensor, src: Tensor) -> Tensor:
    """out in memory of its own, as PyTorch's repeat gives: a view of src or of a broadcast
    of it (read-only, its copies one memory), as numpy's reshape may leave it, is copied."""
    return out.clone() if np.may_share_memory(out._data, src._data) else out


def _grid(index: np.ndarray, dim: int) -> tuple:
    """Advanced indices that put `index` along dim and every other position in place
    (the positions `gather` reads and `scatter` writes). A 0-d index (of a 0-d tensor, as
    one element along dim 0) must be 0: the empty index, the element itself."""
    if index.ndim == 0:
        if index != 0:
            raise RuntimeError(f"index {int(index)} is out of bounds for dimension 0 with size 1")
        return ()
    grid = list(np.indices(index.shape, sparse=True))
    grid[dim] = index
    return tuple(grid)


class ShapeMethods:
    """Methods that move elements without computing on them."""

    __slots__ = ()

    # ----------------------------------------------------------------- sizes
    @property
    def size(self) -> ElementCount:
        """The element count as a number (numpy's attribute); `size()` is the shape (a
        `Size`), `size(dim)` one length (PyTorch's method)."""
        return ElementCount(self._data.shape)

    def numel(self) -> int:
        """The number of elements."""
        return self._data.size

    def nelement(self) -> int:
        """The number of elements (`numel`)."""
        return self._data.size

    def dim(self) -> int:
        """The number of dims (`ndim`)."""
        return self._data.ndim

    ndimension = dim

    def __getitem__(self, index) -> Tensor:
        return GetItem.apply(self, index=index_value(index))

    # -------------------------------------------------------------- reshaping
    def reshape(self, *sizes, shape=None) -> Tensor:
        """The same elements in a new shape (ints or one tuple, or PyTorch's keyword `shape=`;
        one entry may be -1)."""
        if shape is not None:
            sizes = _keyword(sizes, shape, "reshape", "shape")
        return Reshape.apply(self, shape=resolve(shape_arg(sizes, "reshape"), self._data.size))

    def view(self, *shape, size=None, dtype=None) -> Tensor:
        """`reshape` (PyTorch's spelling); `view(dtype)` reinterprets the bytes (no grad)."""
        shape = _keyword(shape, size if dtype is None else dtype, "view", "size or dtype")
        if len(shape) == 1 and isinstance(shape[0], (np.dtype, type, str)):
            if self.requires_grad:
                raise RuntimeError("view(dtype) is not differentiable; use .detach().view(dtype)")
            return self._result(self.numpy().view(shape[0]))
        return self.reshape(*shape)

    def view_as(self, other) -> Tensor:
        """`reshape` to other's shape."""
        return self.reshape(other.shape)

    def reshape_as(self, other) -> Tensor:
        """`reshape` to other's shape."""
        return self.reshape(other.shape)

    def squeeze(self, axis=None, *, dim=None) -> Tensor:
        """Drop dims of length 1: all, or those given (a given dim of another length stays,
        as in PyTorch)."""
        axis = dim if dim is not None else axis
        if axis is None:
            return self.reshape(tuple(n for n in self.shape if n != 1))
        drop = dims_arg((axis,), self.ndim, "squeeze")
        return self.reshape(
            tuple(n for i, n in enumerate(self.shape) if not (i in drop and n == 1))
        )

    def unsqueeze(self, axis: int = None, *, dim=None) -> Tensor:
        """Insert a dim of length 1 at position `dim` (negative counts from the end)."""
        axis = dim if dim is not None else axis
        if axis is None:
            raise TypeError("unsqueeze() needs the position of the new dim")
        d = dim_index(axis, self.ndim + 1, "unsqueeze")
        return self.reshape(self.shape[:d] + (1,) + self.shape[d:])

    def expand_dims(self, axis: int) -> Tensor:
        """numpy's name for `unsqueeze`."""
        return self.unsqueeze(axis)

    def flatten(self, start_axis: int = 0, end_axis: int = -1, *, start_dim=None, end_dim=None):
        """Merge dims start..end (inclusive) into one (`start_dim=`/`end_dim=` as PyTorch)."""
        start_axis = start_dim if start_dim is not None else start_axis
        end_axis = end_dim if end_dim is not None else end_axis
        shape = self.shape
        if not shape:
            return self.reshape(1)
        s, e = (
            dim_index(start_axis, len(shape), "flatten"),
            dim_index(end_axis, len(shape), "flatten"),
        )
        if s > e:
            raise ValueError(f"flatten: start dim {start_axis} comes after end dim {end_axis}")
        t0 = start()
        out = self.reshape(shape[:s] + (count(shape[s : e + 1], None),) + shape[e + 1 :])
        return mark(out, t0, "flatten")

    def unflatten(self, dim: int, sizes) -> Tensor:
        """Split dim into several of the given sizes (one may be -1)."""
        d = dim_index(dim, self.ndim, "unflatten")
        sizes = resolve(tuple(sizes), self.shape[d])
        return self.reshape(self.shape[:d] + sizes + self.shape[d + 1 :])

    # ------------------------------------------------------- permuting dims
    def transpose(self, *axes, dim0=None, dim1=None) -> Tensor:
        """`transpose(d0, d1)` swaps two dims (PyTorch); `transpose()` reverses all dims;
        one tuple, or one entry per dim of a tensor with 3 or more, is numpy's permutation."""
        if dim0 is not None or dim1 is not None:
            axes = (dim0, dim1)
        n = self.ndim
        if not axes or axes == (None,):
            return Transpose.apply(self, axes=None)
        if len(axes) == 1 and isinstance(axes[0], (tuple, list)):
            return self.permute(axes[0])
        if len(axes) == 2:
            return self.swapaxes(*axes)
        if len(axes) == n:
            return self.permute(axes)
        raise TypeError(
            f"transpose: give two dims to swap (PyTorch), or a permutation of all {n} dims "
            f"(numpy); got {axes}"
        )

    def permute(self, *dims_, dims=None) -> Tensor:
        """Reorder the dims: `permute(2, 0, 1)`, `permute((2, 0, 1))` or `permute(dims=...)`."""
        dims = _keyword(dims_, dims, "permute", "dims")
        dims = dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
        n = self.ndim
        perm = tuple(dim_index(d, n, "permute") for d in dims) if n else tuple(dims)
        if n == 0 and perm in ((), (0,), (-1,)):
            return self.reshape(())
        if sorted(perm) != list(range(n)):
            raise ValueError(f"permute: dims {tuple(dims)} are not a permutation of {n} dims")
        return Transpose.apply(self, axes=perm)

    def swapaxes(self, axis0: int, axis1: int) -> Tensor:
        """Swap two dims."""
        n = self.ndim
        a, b = dim_index(axis0, n, "swapaxes"), dim_index(axis1, n, "swapaxes")
        if n < 2 or a == b:
            return self.reshape(self.shape)  # an identity op: a new tensor, as PyTorch's view
        perm = list(range(n))
        perm[a], perm[b] = perm[b], perm[a]
        return Transpose.apply(self, axes=tuple(perm))

    def swapdims(self, dim0: int, dim1: int) -> Tensor:
        """Swap two dims (`swapaxes` by PyTorch's parameter names)."""
        return self.swapaxes(dim0, dim1)

    def t(self) -> Tensor:
        """The transpose of a 2-d tensor (0-d and 1-d tensors come back as they are)."""
        if self.ndim > 2:
            raise RuntimeError(
                f"t() expects a tensor with <= 2 dimensions, but it has {self.ndim}; "
                "use transpose(d0, d1) or permute(...)"
            )
        return self.swapaxes(0, 1) if self.ndim == 2 else self

    @property
    def mT(self) -> Tensor:  # noqa: N802 (PyTorch's name)
        """The last two dims swapped (a batch of matrix transposes)."""
        if self.ndim < 2:
            raise RuntimeError("mT needs a tensor with at least 2 dimensions")
        return self.swapaxes(-2, -1)

    def movedim(self, source, destination) -> Tensor:
        """Move dims from `source` to `destination` positions (ints or sequences)."""
        n = self.ndim
        src = dims_arg((source,), n, "movedim")
        dst = dims_arg((destination,), n, "movedim")
        if len(src) != len(dst):
            raise ValueError("movedim: source and destination need the same number of dims")
        rest = [d for d in range(n) if d not in src]
        perm = [None] * n
        for s, d in zip(src, dst):
            perm[d] = s
        it = iter(rest)
        return self.permute(tuple(p if p is not None else next(it) for p in perm))

    def moveaxis(self, source, destination) -> Tensor:
        """`movedim` by numpy's name."""
        return self.movedim(source, destination)

    def ravel(self) -> Tensor:
        """The elements as a 1-d tensor (`reshape(-1)`)."""
        return self.reshape(-1)

    def positive(self) -> Tensor:
        """The tensor itself (unary `+`); refused for bool, as PyTorch's."""
        if self._data.dtype.kind == "b":
            raise RuntimeError("The `+` operator, on a bool tensor is not supported.")
        return self

    def _dim_split(self, name: str, least: int, dim: int, indices_or_sections) -> tuple:
        """hsplit/vsplit/dsplit: tensor_split along dim, sections dividing the dim exactly."""
        if self.ndim < least:
            raise RuntimeError(
                f"torch.{name} requires a tensor with at least {least} dimension, but got a "
                f"tensor with {self.ndim} dimensions!"
            )
        if not isinstance(indices_or_sections, (list, tuple)):
            sections = integer(indices_or_sections, "sections", name)
            size = self.shape[dim]
            if sections == 0 or size % sections:
                raise RuntimeError(
                    f"torch.{name} attempted to split along dimension {dim}, but the size of "
                    f"the dimension {size} is not divisible by the split_size {sections}!"
                )
        return self.tensor_split(indices_or_sections, dim)

    def hsplit(self, sections=None, *, indices=None) -> tuple:
        """Pieces along dim 1 (dim 0 for 1-d): `sections` equal ones, or cut at the indices
        (a list by position, or `indices=`, as PyTorch's two overloads)."""
        cuts = _sections_or_indices("hsplit", sections, indices)
        return self._dim_split("hsplit", 1, 1 if self.ndim > 1 else 0, cuts)

    def vsplit(self, sections=None, *, indices=None) -> tuple:
        """Pieces along dim 0: `sections` equal ones, or cut at the indices."""
        return self._dim_split("vsplit", 2, 0, _sections_or_indices("vsplit", sections, indices))

    def dsplit(self, sections=None, *, indices=None) -> tuple:
        """Pieces along dim 2: `sections` equal ones, or cut at the indices."""
        return self._dim_split("dsplit", 3, 2, _sections_or_indices("dsplit", sections, indices))

    # ------------------------------------------------------ broadcasting, copies
    def broadcast_to(self, *shape, size=None) -> Tensor:
        """A read-only view broadcast to shape (numpy's rules; `size=` is PyTorch's keyword)."""
        shape = shape_arg(_keyword(shape, size, "broadcast_to", "size"), "broadcast_to")
        if shape == self.shape:
            return self
        return BroadcastTo.apply(self, shape=shape)

    def expand(self, *sizes, size=None) -> Tensor:
        """`broadcast_to`, where -1 keeps a dim's length (PyTorch; `size=` its keyword)."""
        sizes = shape_arg(_keyword(sizes, size, "expand", "size"), "expand")
        lead = len(sizes) - self.ndim
        if lead < 0:
            raise ValueError(f"expand: {len(sizes)} sizes for a tensor of {self.ndim} dims")
        shape = tuple(
            self.shape[i - lead] if n == -1 and i >= lead else n for i, n in enumerate(sizes)
        )
        if -1 in shape:
            raise ValueError(f"expand: -1 is not allowed for a new leading dim, got {sizes}")
        return self.broadcast_to(shape)

    def expand_as(self, other) -> Tensor:
        """`broadcast_to` other's shape."""
        return self.broadcast_to(other.shape)

    def copy(self) -> Tensor:
        """A copy in new memory (differentiable)."""
        return Copy.apply(self)

    def clone(self, *, memory_format=None) -> Tensor:
        """A copy in new memory (differentiable), PyTorch's name for `copy`."""
        check_memory_format(memory_format, "clone()")
        return self.copy()

    def contiguous(self, memory_format=None) -> Tensor:
        """self (numpy arrays need no contiguous copy for graphgrad's ops)."""
        check_memory_format(memory_format, "contiguous()")
        return self

    # ----------------------------------------------------------------- pieces
    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        """The `length` elements from `start` along dim (a view)."""
        d = dim_index(dim, self.ndim, "narrow")
        n = self.shape[d]
        s = start + n if start < 0 else start
        if not (0 <= s <= n and 0 <= length and s + length <= n):
            raise IndexError(f"narrow: start {start} + length {length} exceeds dim {d} ({n})")
        return self[_along(d, slice(s, s + length))]

    def select(self, dim: int, index: int) -> Tensor:
        """The slice at `index` along dim (that dim removed)."""
        d = dim_index(dim, self.ndim, "select")
        return self[_along(d, integer(index, "index", "select"))]

    def split(self, split_size, dim: int = 0) -> tuple:
        """Pieces along dim: of one size (the last may be shorter), or of the given sizes."""
        d = dim_index(dim, self.ndim, "split")
        n = self.shape[d]
        if isinstance(split_size, (list, tuple)):
            sizes = list(shape_arg((split_size,), "split"))
            if sum(sizes) != n:
                raise ValueError(f"split: sizes {sizes} do not add up to dim {d}'s length {n}")
        else:
            step = integer(split_size, "split_size", "split")
            if step <= 0:
                raise ValueError(f"split: the size must be positive, got {step}")
            sizes = [min(step, n - s) for s in range(0, n, step)] or [0]
        out, start = [], 0
        for s in sizes:
            out.append(self[_along(d, slice(start, start + s))])
            start += s
        return tuple(out)

    def chunk(self, chunks: int, dim: int = 0) -> tuple:
        """`chunks` pieces along dim of ceil(n / chunks) elements (maybe fewer pieces)."""
        chunks = integer(chunks, "chunks", "chunk")
        if chunks <= 0:
            raise ValueError(f"chunk: chunks must be positive, got {chunks}")
        n = self.shape[dim_index(dim, self.ndim, "chunk")]
        return self.split(max(-(-n // chunks), 1), dim)

    def unbind(self, dim: int = 0) -> tuple:
        """The slices along dim, that dim removed."""
        d = dim_index(dim, self.ndim, "unbind")
        return tuple(self[_along(d, i)] for i in range(self.shape[d]))

    def flip(self, *dims_, dims=None) -> Tensor:
        """The elements in reverse order along the given dims (ints, or one sequence, or
        PyTorch's keyword `dims=`)."""
        ds = dims_arg(_keyword(dims_, dims, "flip", "dims"), self.ndim, "flip")
        index = [slice(None)] * self.ndim
        for d in ds:
            index[d] = slice(None, None, -1)
        return self[tuple(index)]

    def roll(self, shifts, dims=None) -> Tensor:
        """Shift elements along dims, wrapping around (flattened when dims is None)."""
        if dims is None:
            return self.flatten().roll(shifts, 0).reshape(self.shape)
        shifts = shifts if isinstance(shifts, (tuple, list)) else (shifts,)
        dims = dims if isinstance(dims, (tuple, list)) else (dims,)
        if len(shifts) != len(dims):
            raise ValueError("roll: shifts and dims need the same length")
        out = self
        for s, dim in zip(shifts, dims):
            d = dim_index(dim, self.ndim, "roll")
            n = self.shape[d]
            if n and integer(s, "shifts", "roll") % n:
                out = out[_along(d, (np.arange(n) - int(s)) % n)]
        return out

    # ------------------------------------------------------------- repeating
    def repeat(self, *sizes, repeats=None) -> Tensor:
        """The tensor tiled `sizes` times along each dim (PyTorch's repeat, numpy's tile;
        `repeats=` its keyword)."""
        sizes = shape_arg(_keyword(sizes, repeats, "repeat", "repeats"), "repeat")
        lead = len(sizes) - self.ndim
        if lead < 0:
            raise ValueError(
                f"repeat: give at least one count per dim ({self.ndim}), got {len(sizes)}"
            )
        shape = (1,) * lead + self.shape
        spread = tuple(v for n in shape for v in (1, n))  # (1, n0, 1, n1, ...)
        wide = tuple(v for r, n in zip(sizes, shape) for v in (r, n))  # (r0, n0, r1, n1, ...)
        out = self.reshape(spread).broadcast_to(wide)
        return _own(out.reshape(tuple(r * n for r, n in zip(sizes, shape))), self)

    def tile(self, *dims_, dims=None) -> Tensor:
        """numpy's tile: `repeat`, with missing leading counts taken as 1 (`dims=` as
        PyTorch's keyword)."""
        dims = shape_arg(_keyword(dims_, dims, "tile", "dims"), "tile")
        return self.repeat((1,) * (self.ndim - len(dims)) + tuple(dims))

    def repeat_interleave(self, repeats, dim=None, *, output_size=None) -> Tensor:
        """Each element repeated `repeats` times (one count, or one per element) along dim
        (the flattened tensor when dim is None)."""
        x = self.flatten() if dim is None else self
        d = 0 if dim is None else dim_index(dim, self.ndim, "repeat_interleave")
        if isinstance(repeats, (int, np.integer)):
            r = int(repeats)
            shape = x.shape
            out = x.unsqueeze(d + 1).broadcast_to(shape[: d + 1] + (r,) + shape[d + 1 :])
            return _own(out.reshape(shape[:d] + (shape[d] * r,) + shape[d + 1 :]), x)
        counts = _index_array(repeats).reshape(-1)
        index = np.repeat(np.arange(x.shape[d]), counts)
        return x[_along(d, index)]

    # ------------------------------------------------- gathering, scattering
    def gather(self, dim: int, index) -> Tensor:
        """`out[i][j] = self[index[i][j]][j]` for dim 0 (and likewise for other dims)."""
        index = _index_array(index)
        d = dim_index(dim, self.ndim, "gather")
        if index.ndim != self.ndim:
            raise ValueError(f"gather: index needs {self.ndim} dims, got {index.ndim}")
        return self[_grid(index, d)]

    def take_along_dim(self, indices, dim=None) -> Tensor:
        """numpy's take_along_axis: indices broadcast against self along the other dims."""
        if dim is None:
            return self.flatten()[_index_array(indices).reshape(-1)]
        index = _index_array(indices)
        d = dim_index(dim, self.ndim, "take_along_dim")
        shape = np.broadcast_shapes(
            tuple(1 if i == d else n for i, n in enumerate(self.shape)),
            tuple(1 if i == d else n for i, n in enumerate(index.shape)),
        )
        full = np.broadcast_to(index, shape[:d] + (index.shape[d],) + shape[d + 1 :])
        base = self.broadcast_to(shape[:d] + (self.shape[d],) + shape[d + 1 :])
        return base[_grid(full, d)]

    def scatter(self, dim: int, index, src=None, *, value=None, reduce=None) -> Tensor:
        """A copy with src's values (or one value) written at `index` along dim:
        `out[index[i][j]][j] = src[i][j]` for dim 0."""
        if reduce is not None:
            raise NotImplementedError("scatter(reduce=...) is not supported; use scatter_add")
        index = _index_array(index)
        d = dim_index(dim, self.ndim, "scatter")
        if src is None:
            src = value
        where = _grid(index, d)
        if hasattr(src, "_data") and np.ndim(src._data):
            src = src[tuple(slice(0, n) for n in index.shape)]
        elif not hasattr(src, "_data"):
            src = self._operand(src)
        return self.index_put(where, src)

    def scatter_add(self, dim: int, index, src) -> Tensor:
        """A copy with src's values added at `index` along dim (repeated indices add up)."""
        index = _index_array(index)
        d = dim_index(dim, self.ndim, "scatter_add")
        src = src[tuple(slice(0, n) for n in index.shape)]
        return self + ScatterAdd.apply(src, index=_grid(index, d), shape=self.shape)

    def index_select(self, dim: int, index) -> Tensor:
        """The slices at the (1-d) `index` along dim."""
        index = _index_array(index)
        if index.ndim > 1:
            raise ValueError("index_select: the index must be 1-d")
        return self[_along(dim_index(dim, self.ndim, "index_select"), index.reshape(-1))]

    def masked_select(self, mask) -> Tensor:
        """The elements where mask (broadcast) is True, as a 1-d tensor."""
        mask = np.asarray(index_value(mask), dtype=bool)
        shape = np.broadcast_shapes(self.shape, mask.shape)
        return self.broadcast_to(shape)[np.broadcast_to(mask, shape)]

    def index_put(self, indices, values, accumulate: bool = False) -> Tensor:
        """A copy with `values` written at `indices` (a tuple of indices, as `x[indices] =
        values`); `accumulate=True` adds instead (repeated indices add up)."""
        index = index_value(tuple(indices) if isinstance(indices, list) else indices)
        values = values if hasattr(values, "_data") else self._operand(values)
        if values._data.dtype != self._data.dtype:
            values = values.astype(self._data.dtype)
        if accumulate:
            shape = self[index].shape
            return self + ScatterAdd.apply(
                values.broadcast_to(shape), index=index, shape=self.shape
            )
        return SetItem.apply(self, values, index=index)

    # ------------------------------------------------------------- triangles
    def tril(self, diagonal: int = 0) -> Tensor:
        """The lower triangle of the last two dims (elements above `diagonal` set to 0)."""
        k = integer(diagonal, "diagonal", "tril")
        return self._triangle(np.tri(*self.shape[-2:], k=k, dtype=bool), "tril")

    def triu(self, diagonal: int = 0) -> Tensor:
        """The upper triangle of the last two dims (elements below `diagonal` set to 0)."""
        k = integer(diagonal, "diagonal", "triu")
        return self._triangle(~np.tri(*self.shape[-2:], k=k - 1, dtype=bool), "triu")

    def _triangle(self, keep: np.ndarray, name: str) -> Tensor:
        if self.ndim < 2:
            raise ValueError(f"{name}: the tensor needs at least 2 dims, got {self.ndim}")
        if self.dtype.kind not in "fc":
            return self._result(np.where(keep, self._data, self._data.dtype.type(0)))
        return Where.apply(self, self._operand(0), _cond=keep)


def _keyword(args: tuple, value, what: str, name: str) -> tuple:
    """Positional arguments, or PyTorch's keyword for them (`flip(dims=...)`) as one."""
    if value is None:
        return args
    if args:
        raise TypeError(f"{what}(): {name} given both by position and by keyword")
    return (value,)


def _sections_or_indices(name: str, sections, indices):
    """The one split argument of hsplit/vsplit/dsplit: by position, `sections=` or `indices=`."""
    if (sections is None) == (indices is None):
        raise TypeError(
            f"{name}() takes one of sections (a count, or a list of indices by position) and "
            f"indices=, got {'neither' if sections is None else 'both'}"
        )
    return sections if indices is None else indices
