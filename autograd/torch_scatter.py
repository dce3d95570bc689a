"""torch-level indexing and scatter functions, the `*_copy` forms of the views, and the
creation functions that take a layout: `empty_strided`, `empty_permuted`, `frombuffer`.

Each indexing function calls the Tensor method of autograd/tensor_scatter.py (one
definition per op). A `*_copy` function is its view op followed by a copy: the same values
and gradient, in memory of its own (`view_copy(x, shape)` is `x.view(shape).clone()`).
"""

from __future__ import annotations

import numpy as np

from . import devices
from .creation import _check_storage, _dtype, _finish, _float, _size
from .shapes import shape_arg
from .tensor_class import Tensor, as_tensor
from .torch_functions import _out

__all__ = [
    "alias_copy",
    "as_strided",
    "as_strided_copy",
    "as_strided_scatter",
    "detach_copy",
    "diagonal_copy",
    "diagonal_scatter",
    "empty_permuted",
    "empty_strided",
    "expand_copy",
    "frombuffer",
    "index_copy",
    "index_fill",
    "index_put",
    "index_put_",
    "index_reduce",
    "masked_scatter",
    "narrow_copy",
    "permute_copy",
    "put",
    "scatter_reduce",
    "select_copy",
    "select_scatter",
    "slice_copy",
    "slice_scatter",
    "split_copy",
    "split_with_sizes",
    "split_with_sizes_copy",
    "squeeze_copy",
    "t_copy",
    "transpose_copy",
    "unbind_copy",
    "unfold_copy",
    "unsafe_chunk",
    "unsafe_split",
    "unsafe_split_with_sizes",
    "unsqueeze_copy",
    "view_copy",
]


# ------------------------------------------------------------------ indexing and scatter
def scatter_reduce(
    input, dim: int, index, src, reduce: str, *, include_self: bool = True, out=None
) -> Tensor:
    """src's values reduced into a copy of input at index along dim (`Tensor.scatter_reduce`)."""
    return _out(
        as_tensor(input).scatter_reduce(dim, index, src, reduce, include_self=include_self), out
    )


def index_reduce(
    input, dim: int, index, source, reduce: str, *, include_self: bool = True, out=None
) -> Tensor:
    """source's slices reduced into a copy of input at index along dim (`Tensor.index_reduce`)."""
    return _out(
        as_tensor(input).index_reduce(dim, index, source, reduce, include_self=include_self), out
    )


def index_copy(input, dim: int, index, source, *, out=None) -> Tensor:
    """A copy of input with source's slices at index along dim (`Tensor.index_copy`)."""
    return _out(as_tensor(input).index_copy(dim, index, source), out)


def index_fill(input, dim: int, index, value) -> Tensor:
    """A copy of input with the slices at index along dim set to value."""
    return as_tensor(input).index_fill(dim, index, value)


def index_put(input, indices, values, accumulate: bool = False) -> Tensor:
    """A copy of input with values written (or added) at the tuple of indices."""
    return as_tensor(input).index_put(indices, values, accumulate)


def index_put_(input, indices, values, accumulate: bool = False) -> Tensor:
    """`index_put`, written into input."""
    return input.index_put_(indices, values, accumulate)


def put(input, index, source, accumulate: bool = False) -> Tensor:
    """A copy of input with source written (or added) at positions of the flattened input."""
    return as_tensor(input).put(index, source, accumulate)


def masked_scatter(input, mask, source) -> Tensor:
    """A copy of input with source's first elements written where mask is True."""
    return as_tensor(input).masked_scatter(mask, source)


def diagonal_scatter(
    input, src, offset: int = 0, dim1: int = 0, dim2: int = 1, *, out=None
) -> Tensor:
    """A copy of input with src written over its diagonal (`Tensor.diagonal_scatter`)."""
    return _out(as_tensor(input).diagonal_scatter(src, offset, dim1, dim2), out)


def select_scatter(input, src, dim: int, index: int, *, out=None) -> Tensor:
    """A copy of input with src written over `select(dim, index)`."""
    return _out(as_tensor(input).select_scatter(src, dim, index), out)


def slice_scatter(
    input,
    src,
    dim: int = 0,
    start: int | None = None,
    end: int | None = None,
    step: int = 1,
    *,
    out=None,
) -> Tensor:
    """A copy of input with src written over the slice start:end:step along dim."""
    return _out(as_tensor(input).slice_scatter(src, dim, start, end, step), out)


def as_strided(input, size, stride, storage_offset: int | None = None) -> Tensor:
    """The elements of input read with the given sizes and strides (`Tensor.as_strided`)."""
    return as_tensor(input).as_strided(size, stride, storage_offset)


def as_strided_scatter(
    input, src, size, stride, storage_offset: int | None = None, *, out=None
) -> Tensor:
    """A copy of input with src written over the elements `as_strided` reads."""
    return _out(as_tensor(input).as_strided_scatter(src, size, stride, storage_offset), out)


def split_with_sizes(input, split_sizes, dim: int = 0) -> tuple:
    """The pieces of the given sizes along dim."""
    return as_tensor(input).split_with_sizes(split_sizes, dim)


def unsafe_split(tensor, split_size: int, dim: int = 0) -> tuple:
    """`split` with one size (PyTorch's form without view tracking)."""
    return as_tensor(tensor).unsafe_split(split_size, dim)


def unsafe_chunk(input, chunks: int, dim: int = 0) -> tuple:
    """`chunk` (PyTorch's form without view tracking)."""
    return as_tensor(input).unsafe_chunk(chunks, dim)


def unsafe_split_with_sizes(input, split_sizes, dim: int = 0) -> tuple:
    """`split_with_sizes` (PyTorch's form without view tracking)."""
    return as_tensor(input).split_with_sizes(split_sizes, dim)


# ------------------------------------------------------------------ the views' copies
def _copies(pieces, out):
    """Each piece copied (a tuple of views becomes a tuple of new tensors)."""
    result = tuple(p.clone() for p in pieces)
    if out is not None:
        if len(out) != len(result):
            raise RuntimeError(f"out= needs {len(result)} tensors, got {len(out)}")
        for o, r in zip(out, result):
            _out(r, o)
        return None
    return list(result)


def view_copy(input, size, *, out=None) -> Tensor:
    """`input.view(size)`, copied."""
    return _out(as_tensor(input).view(size).clone(), out)


def permute_copy(input, dims, *, out=None) -> Tensor:
    """`input.permute(dims)`, copied."""
    return _out(as_tensor(input).permute(dims).clone(), out)


def expand_copy(input, size, *, implicit: bool = False, out=None) -> Tensor:
    """`input.expand(size)`, copied (a tensor of its own, not a broadcast view)."""
    return _out(as_tensor(input).expand(size).clone(), out)


def as_strided_copy(input, size, stride, storage_offset: int | None = None, *, out=None) -> Tensor:
    """`as_strided(input, size, stride, storage_offset)` (already a copy here)."""
    return _out(as_tensor(input).as_strided(size, stride, storage_offset), out)


def diagonal_copy(input, offset: int = 0, dim1: int = 0, dim2: int = 1, *, out=None) -> Tensor:
    """`input.diagonal(offset, dim1, dim2)`, copied."""
    return _out(as_tensor(input).diagonal(offset, dim1, dim2).clone(), out)


def select_copy(input, dim: int, index: int, *, out=None) -> Tensor:
    """`input.select(dim, index)`, copied."""
    return _out(as_tensor(input).select(dim, index).clone(), out)


def slice_copy(
    input,
    dim: int = 0,
    start: int | None = None,
    end: int | None = None,
    step: int = 1,
    *,
    out=None,
) -> Tensor:
    """`input[..., start:end:step]` along dim, copied."""
    x = as_tensor(input)
    d = dim % max(x.ndim, 1)
    if step <= 0:
        raise RuntimeError("slice step must be positive")
    return _out(x[(slice(None),) * d + (slice(start, end, step),)].clone(), out)


def narrow_copy(input, dim: int, start: int, length: int, *, out=None) -> Tensor:
    """`input.narrow(dim, start, length)`, copied."""
    return _out(as_tensor(input).narrow_copy(dim, start, length), out)


def squeeze_copy(input, dim=None, *, out=None) -> Tensor:
    """`input.squeeze(dim)`, copied."""
    x = as_tensor(input)
    return _out((x.squeeze() if dim is None else x.squeeze(dim)).clone(), out)


def unsqueeze_copy(input, dim: int, *, out=None) -> Tensor:
    """`input.unsqueeze(dim)`, copied."""
    return _out(as_tensor(input).unsqueeze(dim).clone(), out)


def t_copy(input, *, out=None) -> Tensor:
    """`input.t()`, copied."""
    return _out(as_tensor(input).t().clone(), out)


def transpose_copy(input, dim0: int, dim1: int, *, out=None) -> Tensor:
    """`input.transpose(dim0, dim1)`, copied."""
    return _out(as_tensor(input).transpose(dim0, dim1).clone(), out)


def unfold_copy(input, dimension: int, size: int, step: int, *, out=None) -> Tensor:
    """`input.unfold(dimension, size, step)`, copied (the method's is a read-only view)."""
    return _out(as_tensor(input).unfold(dimension, size, step).clone(), out)


def detach_copy(input, *, out=None) -> Tensor:
    """`input.detach()`, copied (outside the graph)."""
    return _out(as_tensor(input).detach().clone(), out)


def alias_copy(input, *, out=None) -> Tensor:
    """A copy of input (PyTorch's alias, copied)."""
    return _out(as_tensor(input).clone(), out)


def unbind_copy(input, dim: int = 0, *, out=None):
    """`input.unbind(dim)`, each piece copied."""
    return _copies(as_tensor(input).unbind(dim), out)


def split_copy(input, split_size, dim: int = 0, *, out=None):
    """`input.split(split_size, dim)`, each piece copied."""
    return _copies(as_tensor(input).split(split_size, dim), out)


def split_with_sizes_copy(input, split_sizes, dim: int = 0, *, out=None):
    """`input.split_with_sizes(split_sizes, dim)`, each piece copied."""
    return _copies(as_tensor(input).split_with_sizes(split_sizes, dim), out)


# ------------------------------------------------------------------ creation with a layout
def _creation_dtype(dtype, device, layout, pin_memory, who: str) -> np.dtype:
    _check_storage(who, layout=layout, pin_memory=pin_memory)
    devices.check(device, who)
    return _float(dtype)


def empty_strided(
    size,
    stride,
    *,
    dtype=None,
    layout=None,
    device=None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """An uninitialised tensor of `size` whose elements sit `stride` elements apart (its
    `stride()` is the one given; overlapping strides share elements, as PyTorch's)."""
    d = _creation_dtype(dtype, device, layout, pin_memory, "empty_strided")
    shape = _size((size,), "empty_strided")
    steps = tuple(shape_arg((stride,), "empty_strided"))
    if len(steps) != len(shape):
        raise RuntimeError(
            f"mismatch in length of strides and shape: {len(steps)} strides for {len(shape)} sizes"
        )
    if any(s < 0 for s in steps):
        raise RuntimeError(
            f"as_strided: Negative strides are not supported at the moment, "
            f"got strides: {list(steps)}"
        )
    need = 0 if 0 in shape else sum((n - 1) * s for n, s in zip(shape, steps)) + 1
    buffer = np.empty(need, d)
    arr = np.lib.stride_tricks.as_strided(
        buffer, shape, tuple(s * d.itemsize for s in steps), writeable=True
    )
    return _finish(arr, requires_grad, None, "empty_strided")


def empty_permuted(
    size,
    physical_layout,
    *,
    dtype=None,
    layout=None,
    device=None,
    requires_grad: bool = False,
    pin_memory: bool = False,
) -> Tensor:
    """An uninitialised tensor of `size` laid out in memory in the dim order
    `physical_layout` (the dims from the outermost in memory to the innermost)."""
    d = _creation_dtype(dtype, device, layout, pin_memory, "empty_permuted")
    shape = _size((size,), "empty_permuted")
    order = tuple(shape_arg((physical_layout,), "empty_permuted"))
    if len(order) != len(shape):
        raise RuntimeError(
            "Number of dimensions in size does not match the length of the physical_layout; "
            f"i.e. len(size) = {len(shape)} is not equal to len(physical_layout) = {len(order)}"
        )
    if sorted(order) != list(range(len(shape))):
        raise RuntimeError(
            f"Dimension {order} is not a permutation of the dims of size {list(shape)}"
        )
    inverse = np.argsort(order)
    arr = np.empty(tuple(shape[k] for k in order), d).transpose(inverse)
    return _finish(arr, requires_grad, None, "empty_permuted")


def frombuffer(
    buffer, *, dtype, count: int = -1, offset: int = 0, requires_grad: bool = False
) -> Tensor:
    """A 1-d tensor sharing the memory of an object with the buffer protocol (bytes are
    read-only), from byte `offset`, of `count` elements (-1: all that remain)."""
    d = _dtype(dtype)
    if d is None:
        raise TypeError("frombuffer() missing required keyword argument 'dtype'")
    view = memoryview(buffer)
    nbytes = view.nbytes
    if offset < 0 or (nbytes and offset >= nbytes):
        raise ValueError(
            f"both buffer length ({nbytes}) and offset ({offset}) must be greater than 0 and "
            "offset must be less than the buffer length"
        )
    if nbytes == 0:
        raise ValueError(
            f"both buffer length ({nbytes}) and offset ({offset}) must be greater "
            "than 0 and offset must be less than the buffer length"
        )
    if count == 0 or count < -1:
        raise ValueError(f"expected count to be -1 or a positive number, got {count}")
    if count == -1:
        if (nbytes - offset) % d.itemsize:
            raise ValueError(
                f"buffer length ({nbytes - offset} bytes) after offset ({offset} bytes) must be a "
                f"multiple of element size ({d.itemsize})"
            )
        count = (nbytes - offset) // d.itemsize
    elif offset + count * d.itemsize > nbytes:
        raise ValueError(
            f"requested buffer length ({count} * {d.itemsize} bytes) after offset ({offset} "
            f"bytes) must not be greater than actual buffer length ({nbytes} bytes)"
        )
    arr = np.frombuffer(buffer, dtype=d, count=count, offset=offset)
    return Tensor(arr, requires_grad=requires_grad)
