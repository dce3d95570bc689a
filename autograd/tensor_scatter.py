"""Tensor methods that write values into a copy at an index: `scatter_reduce`,
`index_copy`, `index_fill`, `index_reduce`, `put`, `masked_scatter`, the `*_scatter` forms
of the views (`diagonal_scatter`, `select_scatter`, `slice_scatter`, `as_strided_scatter`),
`as_strided`, `unfold` (sliding windows), and the splits PyTorch names separately
(`split_with_sizes`, `unsafe_split`, `unsafe_chunk`), with their in-place `_` forms.

All are compositions of recorded ops (SetItem, GetItem, ScatterAdd) except
`scatter_reduce`/`index_reduce`, whose gradients are PyTorch's own rules
(autograd/ops_scatter.py). Positions are read in row-major order: `as_strided` sees the
elements as a contiguous tensor's storage, whatever the tensor's memory layout, and
returns a copy, not a view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .argcheck import integer
from .op import index_value
from .ops_scatter import REDUCES, ScatterReduce
from .ops_shape import SetItem
from .shapes import dim_index, shape_arg

if TYPE_CHECKING:
    from .tensor_class import Tensor


def _long_index(index, who: str) -> np.ndarray:
    """An index tensor's values as int64 (PyTorch refuses other dtypes)."""
    arr = np.asarray(index_value(index))
    if arr.dtype.kind not in "iu":
        raise RuntimeError(f"{who}: Expected dtype int32/int64 for index, got {arr.dtype}")
    return arr.astype(np.int64, copy=False)


def _in_bounds(
    index: np.ndarray, n: int, dim: int, who: str, error=IndexError, negative: bool = True
) -> np.ndarray:
    """index with negatives counted from the end (refused unless `negative`, as PyTorch's
    scatters and index_copy); `error` (PyTorch's type) past either end."""
    bad = (index < (-n if negative else 0)) | (index >= n)
    if bad.any():
        raise error(
            f"{who}: index {int(index[bad][0])} is out of bounds for dimension {dim} with size {n}"
        )
    return np.where(index < 0, index + n, index)


class ScatterMethods:
    """Writing into a copy at an index, and the views' scatter forms."""

    __slots__ = ()

    # ------------------------------------------------------------ scatter_reduce
    def scatter_reduce(
        self, dim: int, index, src, reduce: str, *, include_self: bool = True
    ) -> Tensor:
        """A copy with src's values reduced in at `index` along dim ("sum", "prod", "mean",
        "amax" or "amin"; include_self=False leaves the copy's own values out where src
        lands). Gradients are PyTorch's: amax/amin split evenly among ties."""
        who = "scatter_reduce"
        reduce = {"max": "amax", "min": "amin"}.get(reduce, reduce)  # PyTorch takes both
        if reduce not in REDUCES:
            raise RuntimeError(
                f"reduce argument must be either sum, prod, mean, amax or amin, got {reduce}"
            )
        src = self._operand(src) if not hasattr(src, "_data") else src
        if src.dtype != self.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
        idx = _long_index(index, "scatter()")
        d = dim_index(dim, max(self.ndim, 1), who)
        x, s = self.reshape(1) if not self.ndim else self, src.reshape(1) if not src.ndim else src
        idx = idx.reshape(1) if not idx.ndim else idx
        if idx.ndim != x.ndim:
            raise RuntimeError(
                "Index tensor must have the same number of dimensions as self tensor"
            )
        if idx.size and any(
            n > (s.shape[k]) or (k != d and n > x.shape[k]) for k, n in enumerate(idx.shape)
        ):
            raise RuntimeError(
                f"Expected index {list(idx.shape)} to be no larger than self {list(x.shape)} "
                f"apart from dimension {d} and to be no larger size than src {list(s.shape)}"
            )
        grid = list(np.indices(idx.shape, sparse=True))
        grid[d] = _in_bounds(idx, x.shape[d], d, who, RuntimeError, False) if idx.size else idx
        part = s[tuple(slice(0, n) for n in idx.shape)]
        out = ScatterReduce.apply(
            x, part, index=tuple(grid), reduce=reduce, include_self=bool(include_self)
        )
        return out.reshape(()) if not self.ndim else out

    def scatter_reduce_(
        self, dim: int, index, src, reduce: str, *, include_self: bool = True
    ) -> Tensor:
        """`scatter_reduce`, in place."""
        return self._update(
            "scatter_reduce_",
            lambda t: t.scatter_reduce(dim, index, src, reduce, include_self=include_self),
            (src,),
        )

    def index_reduce(
        self, dim: int, index, source, reduce: str, *, include_self: bool = True
    ) -> Tensor:
        """A copy with source's slices reduced into the slices at `index` (1-d) along dim:
        "prod", "mean", "amax" or "amin" (gradients as `scatter_reduce`'s)."""
        if reduce not in ("prod", "mean", "amax", "amin"):
            raise RuntimeError(
                "index_reduce(): Expected reduce to be one of prod, mean, amax or amin but got "
                f"{reduce}."
            )
        source = source if hasattr(source, "_data") else self._operand(source)
        idx, d = self._slice_index(dim, index, source, "index_reduce_()")
        shape = [1] * max(source.ndim, 1)
        shape[d] = -1
        full = np.broadcast_to(idx.reshape(shape), source.shape or (1,))
        return self.scatter_reduce(d, full, source, reduce, include_self=include_self)

    def index_reduce_(
        self, dim: int, index, source, reduce: str, *, include_self: bool = True
    ) -> Tensor:
        """`index_reduce`, in place."""
        return self._update(
            "index_reduce_",
            lambda t: t.index_reduce(dim, index, source, reduce, include_self=include_self),
            (source,),
        )

    def _slice_index(self, dim: int, index, source, who: str) -> tuple[np.ndarray, int]:
        """The 1-d index of index_copy/index_reduce, checked against self and source."""
        arr = np.asarray(index_value(index))
        if arr.dtype.kind not in "iu":
            raise RuntimeError(f"{who}: Expected a long tensor for index, but got {arr.dtype}")
        if arr.ndim > 1:
            raise IndexError(f"{who}: Index should have dimension 1 or 0 (got {arr.ndim})")
        arr = arr.reshape(-1).astype(np.int64)
        d = dim_index(dim, max(self.ndim, 1), who)
        n = source.shape[d] if source.ndim else 1
        if arr.size != n:
            raise IndexError(
                f"{who}: Number of indices ({arr.size}) should be equal to source.size(dim) ({n})"
            )
        size = self.shape[d] if self.ndim else 1
        same = source.ndim == self.ndim or (not self.ndim and source.ndim == 1)
        if not same or any(
            a != b for k, (a, b) in enumerate(zip(self.shape, source.shape)) if k != d
        ):
            raise IndexError(
                f"{who}: Source/destination tensor must have same slice shapes; got self "
                f"{list(self.shape)} and source {list(source.shape)} along dims other than {d}"
            )
        if ((arr < 0) | (arr >= size)).any() and who == "index_reduce_()":
            raise IndexError("index out of range in self")
        return _in_bounds(arr, size, d, who, negative=False), d

    # ------------------------------------------------------------ index_copy, index_fill
    def index_copy(self, dim: int, index, source) -> Tensor:
        """A copy with source's slices written at `index` (1-d) along dim."""
        source = source if hasattr(source, "_data") else self._operand(source)
        if source.dtype != self.dtype:
            raise RuntimeError(
                f"index_copy_(): self and source expected to have the same dtype, but got "
                f"(self) {self.dtype} and (source) {source.dtype}"
            )
        idx, d = self._slice_index(dim, index, source, "index_copy_()")
        if not self.ndim:
            return SetItem.apply(self.reshape(1), source.reshape(1), index=(idx,)).reshape(())
        return SetItem.apply(self, source, index=(slice(None),) * d + (idx,))

    def index_copy_(self, dim: int, index, source) -> Tensor:
        """`index_copy`, in place."""
        return self._update("index_copy_", lambda t: t.index_copy(dim, index, source), (source,))

    def index_fill(self, dim: int, index, value) -> Tensor:
        """A copy with the slices at `index` along dim set to value (a number or 0-d
        tensor, whose gradient is the sum of the slices')."""
        if hasattr(value, "_data") and value.ndim:
            raise RuntimeError(
                "index_fill_ only supports a 0-dimensional value tensor, but got tensor with "
                f"{value.ndim} dimension(s)."
            )
        arr = np.asarray(index_value(index))
        if arr.dtype.kind not in "iu":
            raise RuntimeError(f"index_fill_(): Expected dtype int64 for index, got {arr.dtype}")
        if arr.ndim > 1:
            raise IndexError(f"index_fill_(): Index is supposed to be a vector, got {arr.ndim}-d")
        x = self.reshape(1) if not self.ndim else self
        d = dim_index(dim, x.ndim, "index_fill")
        idx = _in_bounds(arr.reshape(-1).astype(np.int64), x.shape[d], d, "index_fill")
        v = value if hasattr(value, "_data") else self._operand(value)
        if v.dtype != self.dtype:
            v = v.astype(self.dtype)
        out = SetItem.apply(x, v, index=(slice(None),) * d + (idx,))
        return out.reshape(()) if not self.ndim else out

    # ------------------------------------------------------------ put, masked_scatter
    def put(self, index, source, accumulate: bool = False) -> Tensor:
        """A copy with source's elements written (accumulate=True: added) at the positions
        `index` of the flattened tensor (negative positions count from the end)."""
        arr = np.asarray(index_value(index))
        if arr.dtype.kind not in "iu":
            raise RuntimeError(f"put_(): Expected a long tensor for index, but got {arr.dtype}")
        source = source if hasattr(source, "_data") else self._operand(source)
        n = int(np.size(self._data))
        if arr.size != source.numel():
            raise IndexError(
                "put_(): Expected source and index to have the same number of elements, but got "
                f"source.numel() = {source.numel()}, index.numel() = {arr.size}"
            )
        flat = arr.reshape(-1).astype(np.int64)
        bad = (flat < -n) | (flat >= n)
        if bad.any():
            raise IndexError(
                f"out of range: tried to access index {int(flat[bad][0])} on a tensor of {n} "
                "elements."
            )
        flat = np.where(flat < 0, flat + n, flat)
        if source.dtype != self.dtype:
            source = source.astype(self.dtype)
        out = self.reshape(-1).index_put((flat,), source.reshape(-1), accumulate)
        return out.reshape(self.shape)

    def put_(self, index, source, accumulate: bool = False) -> Tensor:
        """`put`, in place."""
        return self._update("put_", lambda t: t.put(index, source, accumulate), (source,))

    def masked_scatter(self, mask, source) -> Tensor:
        """A copy with source's first elements, in order, written where mask (broadcast)
        is True."""
        m = np.asarray(index_value(mask))
        if m.dtype != np.bool_:
            raise RuntimeError(
                f"masked_scatter_ only supports boolean masks, but got mask with dtype {m.dtype}"
            )
        source = source if hasattr(source, "_data") else self._operand(source)
        shape = np.broadcast_shapes(self.shape, m.shape)
        pos = np.flatnonzero(np.broadcast_to(m, shape))
        if pos.size > source.numel():
            raise RuntimeError("Number of elements of source < number of ones in mask")
        if source.dtype != self.dtype:
            raise RuntimeError(
                f"masked_scatter_: expected self and source to have same dtypes but got "
                f"{self.dtype} and {source.dtype}"
            )
        flat = self.broadcast_to(shape).reshape(-1)
        out = SetItem.apply(flat, source.reshape(-1)[: pos.size], index=(pos,))
        return out.reshape(shape)

    def masked_scatter_(self, mask, source) -> Tensor:
        """`masked_scatter`, in place (mask broadcasts to the tensor's shape)."""
        return self._update("masked_scatter_", lambda t: t.masked_scatter(mask, source), (source,))

    # ------------------------------------------------------------ the views' scatters
    def _positions(self) -> np.ndarray:
        """Each element's position in the flattened tensor, in the tensor's shape."""
        return np.arange(int(np.size(self._data)), dtype=np.int64).reshape(self.shape)

    def _scatter_view(self, view: np.ndarray, src) -> Tensor:
        """A copy with src written over the elements a view selects (`view`: their
        positions in the flattened tensor, in the view's shape)."""
        src = src if hasattr(src, "_data") else self._operand(src)
        if tuple(src.shape) != view.shape:
            raise RuntimeError(
                f"expected src to have a size equal to the slice of self. src size = "
                f"{list(src.shape)}, slice size = {list(view.shape)}"
            )
        if src.dtype != self.dtype:
            src = src.astype(self.dtype)
        out = SetItem.apply(self.reshape(-1), src.reshape(-1), index=(view.reshape(-1),))
        return out.reshape(self.shape)

    def diagonal_scatter(self, src, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        """A copy with src written over `diagonal(offset, dim1, dim2)`."""
        view = self._positions().diagonal(
            integer(offset, "offset", "diagonal_scatter"),
            dim_index(dim1, self.ndim, "diagonal_scatter"),
            dim_index(dim2, self.ndim, "diagonal_scatter"),
        )
        return self._scatter_view(view, src)

    def select_scatter(self, src, dim: int, index: int) -> Tensor:
        """A copy with src written over `select(dim, index)`."""
        d = dim_index(dim, self.ndim, "select_scatter")
        i = integer(index, "index", "select_scatter")
        n = self.shape[d]
        if not -n <= i < n:
            raise IndexError(
                f"select_scatter(): index {i} out of range for tensor of size "
                f"{list(self.shape)} at dimension {d}"
            )
        return self._scatter_view(self._positions()[(slice(None),) * d + (i,)], src)

    def slice_scatter(
        self, src, dim: int = 0, start: int | None = None, end: int | None = None, step: int = 1
    ) -> Tensor:
        """A copy with src written over `self[..., start:end:step, ...]` (along dim)."""
        d = dim_index(dim, self.ndim, "slice_scatter")
        step = integer(step, "step", "slice_scatter")
        if step <= 0:
            raise RuntimeError("slice step must be positive")
        view = self._positions()[(slice(None),) * d + (slice(start, end, step),)]
        return self._scatter_view(view, src)

    def _strided(self, size, stride, storage_offset, who: str) -> np.ndarray:
        """The positions `as_strided(size, stride, storage_offset)` reads, checked."""
        size = tuple(shape_arg((size,), who))
        stride = tuple(shape_arg((stride,), who))
        if len(size) != len(stride):
            raise RuntimeError(
                f"mismatch in length of strides and shape: {len(stride)} strides for "
                f"{len(size)} sizes"
            )
        if any(s < 0 for s in stride):
            raise RuntimeError(
                f"as_strided: Negative strides are not supported at the moment, "
                f"got strides: {list(stride)}"
            )
        offset = 0 if storage_offset is None else integer(storage_offset, "storage_offset", who)
        if offset < 0:
            raise RuntimeError(f"Tensor: invalid storage offset {offset}")
        pos = np.full(size, offset, dtype=np.int64)
        for k, (n, s) in enumerate(zip(size, stride)):
            pos += (np.arange(n) * s).reshape((-1,) + (1,) * (len(size) - k - 1))
        numel = int(np.size(self._data))
        need = 0 if 0 in size else offset + sum((n - 1) * s for n, s in zip(size, stride)) + 1
        if need > numel:
            item = self._data.dtype.itemsize
            raise RuntimeError(
                f"setStorage: sizes {list(size)}, strides {list(stride)}, storage offset "
                f"{offset}, and itemsize {item} requiring a storage size of {need * item} are "
                f"out of bounds for storage of size {numel * item}"
            )
        return pos

    def as_strided(self, size, stride, storage_offset: int | None = None) -> Tensor:
        """The elements at `storage_offset + sum(i_k * stride[k])` of the flattened tensor,
        in the shape `size` (a copy; positions read more than once add their gradients)."""
        pos = self._strided(size, stride, storage_offset, "as_strided")
        return self.reshape(-1)[pos.reshape(-1)].reshape(pos.shape)

    def as_strided_scatter(self, src, size, stride, storage_offset: int | None = None) -> Tensor:
        """A copy with src written over the elements `as_strided(size, stride,
        storage_offset)` reads."""
        return self._scatter_view(
            self._strided(size, stride, storage_offset, "as_strided_scatter"), src
        )

    def fill_diagonal_(self, fill_value, wrap: bool = False) -> Tensor:
        """Set the main diagonal (of a matrix, or of a tensor whose dims are all equal) to
        fill_value, in place; wrap=True restarts it every n + 1 rows of a tall matrix."""
        if self.ndim < 2:
            raise RuntimeError("dimensions must larger than 1")
        shape = self.shape
        if self.ndim > 2 and len(set(shape)) != 1:
            raise RuntimeError("all dimensions of input must be of equal length")
        numel = int(np.size(self._data))
        step = sum(int(np.prod(shape[k + 1 :])) for k in range(self.ndim))
        stop = numel if wrap and self.ndim == 2 else min(shape) * step
        pos = np.arange(0, min(stop, numel), step)
        return self._update("fill_diagonal_", lambda t: t._scatter_filled(pos, fill_value))

    def _scatter_filled(self, positions: np.ndarray, value) -> Tensor:
        """A copy with `value` at the given positions of the flattened tensor."""
        v = value if hasattr(value, "_data") else self._operand(value)
        if v.dtype != self.dtype:
            v = v.astype(self.dtype)
        return SetItem.apply(self.reshape(-1), v, index=(positions,)).reshape(self.shape)

    def narrow_copy(self, dim: int, start: int, length: int) -> Tensor:
        """`narrow(dim, start, length)`, copied."""
        return self.narrow(dim, start, length).clone()

    # ------------------------------------------------------------ splits
    def split_with_sizes(self, split_sizes, dim: int = 0) -> tuple:
        """The pieces of the given sizes along dim (they must add up to its length)."""
        sizes = list(shape_arg((split_sizes,), "split_with_sizes"))
        d = dim_index(dim, self.ndim, "split_with_sizes")
        if sum(sizes) != self.shape[d]:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {self.shape[d]} (input "
                f"tensor's size at dimension {d}), but got split_sizes={sizes}"
            )
        return self.split(sizes, d)

    def unsafe_split(self, split_size: int, dim: int = 0) -> tuple:
        """`split` (PyTorch's form without view tracking; here the same pieces)."""
        return self.split(split_size, dim)

    def unsafe_chunk(self, chunks: int, dim: int = 0) -> tuple:
        """`chunk` (PyTorch's form without view tracking; here the same pieces)."""
        return self.chunk(chunks, dim)

    def unsafe_split_with_sizes(self, split_sizes, dim: int = 0) -> tuple:
        """`split_with_sizes` (PyTorch's form without view tracking)."""
        return self.split_with_sizes(split_sizes, dim)
