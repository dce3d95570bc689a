"""Module-level functions mirroring Tensor methods, with PyTorch's signatures: reductions,
shape functions, joining (the elementwise ones are in autograd/torch_math.py).

`autograd.sum(x, 1)`, `autograd.cat(tensors, dim=1)`, `autograd.max(x, 1)`,
`autograd.split(x, 2)`, ...: each calls the Tensor method (so there is one definition of
each op) and takes PyTorch's keyword names (`input`, `other`, `dim`, `keepdim`). Where
PyTorch has `out=`, the result is written into the given tensor in place (resized if its
shape differs, with PyTorch's warning when it was not empty); that is refused when
gradients are being recorded and a tensor involved requires grad, as in PyTorch.

Also here: `histc`/`histogram` (no gradient), `one_hot`, `einsum` (differentiable: one
`Einsum` op, whose backward is einsums), `is_tensor`, `numel`.
"""

from __future__ import annotations

import functools

import numpy as np

from . import return_types
from .dtypes import promote_types
from .ops_einsum import Einsum, parse
from .tensor_class import Tensor, as_tensor
from .tensor_class import concatenate as _concatenate
from .tensor_class import stack as _stack
from .tensor_order import bin_spec, value_range
from .tensor_order import edges as bin_edges

__all__ = [
    "adjoint",
    "all",
    "amax",
    "amin",
    "any",
    "argmax",
    "argmin",
    "argsort",
    "broadcast_to",
    "cat",
    "chunk",
    "clone",
    "concat",
    "concatenate",
    "count_nonzero",
    "cumprod",
    "cumsum",
    "dsplit",
    "einsum",
    "flatten",
    "flip",
    "gather",
    "histc",
    "histogram",
    "histogramdd",
    "hsplit",
    "hstack",
    "index_select",
    "is_tensor",
    "log_softmax",
    "logsumexp",
    "masked_select",
    "max",
    "mean",
    "min",
    "moveaxis",
    "movedim",
    "narrow",
    "norm",
    "numel",
    "one_hot",
    "permute",
    "positive",
    "prod",
    "ravel",
    "repeat_interleave",
    "reshape",
    "roll",
    "row_stack",
    "scatter",
    "scatter_add",
    "select",
    "softmax",
    "sort",
    "split",
    "squeeze",
    "stack",
    "std",
    "std_mean",
    "sum",
    "swapaxes",
    "swapdims",
    "t",
    "take_along_dim",
    "tile",
    "topk",
    "transpose",
    "tril",
    "triu",
    "unbind",
    "unflatten",
    "unsqueeze",
    "var",
    "var_mean",
    "vsplit",
    "vstack",
]


def _out(result, out):
    """result, or written into `out` in place (PyTorch's `out=`; see the module docstring).
    A named tuple of results (`(values, indices)`) goes into a tuple of as many tensors."""
    if out is None:
        return result
    if isinstance(result, tuple):
        if not isinstance(out, (tuple, list)) or len(out) != len(result):
            raise TypeError(f"out= must be a tuple of {len(result)} Tensors for this function")
        return type(result)(*(_as_out(o)._store("out=", r) for o, r in zip(out, result)))
    return _as_out(out)._store("out=", result)


def _as_out(out) -> Tensor:
    if not isinstance(out, Tensor):
        raise TypeError(f"out= must be a Tensor, got {type(out).__name__}")
    return out


def _tensor(x) -> Tensor:
    return as_tensor(x)


# ------------------------------------------------------------------ reductions
def sum(input, dim=None, keepdim: bool = False, *, dtype=None, axis=None, out=None) -> Tensor:  # noqa: A001
    """The sum over dims (all by default)."""
    return _out(_tensor(input).sum(axis if dim is None else dim, keepdim, dtype=dtype), out)


def mean(input, dim=None, keepdim: bool = False, *, dtype=None, axis=None, out=None) -> Tensor:
    """The mean over dims (all by default)."""
    return _out(_tensor(input).mean(axis if dim is None else dim, keepdim, dtype=dtype), out)


def prod(input, dim=None, keepdim: bool = False, *, dtype=None, out=None) -> Tensor:
    """The product over a dim (or all); its gradient is exact at zeros."""
    return _out(_tensor(input).prod(dim, keepdim, dtype=dtype), out)


def var(input, dim=None, unbiased=None, keepdim=False, *, correction=None, ddof=None, out=None):
    """The variance over dims, unbiased by default (PyTorch's `correction=1`)."""
    return _out(_tensor(input).var(dim, unbiased, keepdim, correction=correction, ddof=ddof), out)


def std(input, dim=None, unbiased=None, keepdim=False, *, correction=None, ddof=None, out=None):
    """The standard deviation over dims, unbiased by default."""
    return _out(_tensor(input).std(dim, unbiased, keepdim, correction=correction, ddof=ddof), out)


def var_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """`(var, mean)` over dims."""
    return _tensor(input).var_mean(dim, unbiased, keepdim, correction=correction)


def std_mean(input, dim=None, unbiased=None, keepdim=False, *, correction=None):
    """`(std, mean)` over dims."""
    return _tensor(input).std_mean(dim, unbiased, keepdim, correction=correction)


def max(input, dim=None, keepdim: bool = False, *, out=None, other=None):  # noqa: A001
    """The largest value; `max(x, dim)` gives `(values, indices)`; `max(x, other)` is the
    elementwise maximum."""
    x = _tensor(input)
    if other is not None:
        return _out(x.maximum(other), out)
    return _out(x.max(), out) if dim is None else _out(x.max(dim, keepdim), out)


def min(input, dim=None, keepdim: bool = False, *, out=None, other=None):  # noqa: A001
    """The smallest value; `min(x, dim)` gives `(values, indices)`; `min(x, other)` is the
    elementwise minimum."""
    x = _tensor(input)
    if other is not None:
        return _out(x.minimum(other), out)
    return _out(x.min(), out) if dim is None else _out(x.min(dim, keepdim), out)


def amax(input, dim=(), keepdim: bool = False, *, out=None) -> Tensor:
    """The largest values over dims (all by default); ties share the gradient."""
    return _out(_tensor(input).amax(None if dim == () else dim, keepdim), out)


def amin(input, dim=(), keepdim: bool = False, *, out=None) -> Tensor:
    """The smallest values over dims (all by default); ties share the gradient."""
    return _out(_tensor(input).amin(None if dim == () else dim, keepdim), out)


def argmax(input, dim=None, keepdim: bool = False) -> Tensor:
    """The index of the largest value (of the flattened tensor without a dim)."""
    return _tensor(input).argmax(dim=dim, keepdim=keepdim)


def argmin(input, dim=None, keepdim: bool = False) -> Tensor:
    """The index of the smallest value (of the flattened tensor without a dim)."""
    return _tensor(input).argmin(dim=dim, keepdim=keepdim)


def all(input, dim=None, keepdim: bool = False, *, out=None) -> Tensor:  # noqa: A001
    """Whether every element (over a dim) is nonzero (a bool tensor)."""
    return _out(_tensor(input).all(dim, keepdim), out)


def any(input, dim=None, keepdim: bool = False, *, out=None) -> Tensor:  # noqa: A001
    """Whether any element (over a dim) is nonzero (a bool tensor)."""
    return _out(_tensor(input).any(dim, keepdim), out)


def count_nonzero(input, dim=None) -> Tensor:
    """The number of nonzero elements (over dims)."""
    return _tensor(input).count_nonzero(dim)


def logsumexp(input, dim, keepdim: bool = False, *, out=None) -> Tensor:
    """log(sum(exp(x))) over dims, without overflow."""
    return _out(_tensor(input).logsumexp(dim=dim, keepdim=keepdim), out)


def softmax(input, dim: int, *, dtype=None) -> Tensor:
    """exp(x) / sum(exp(x)) along dim."""
    x = _tensor(input) if dtype is None else _tensor(input).astype(dtype)
    return x.softmax(dim=dim)


def log_softmax(input, dim: int, dtype=None) -> Tensor:
    """log(softmax(x)) along dim."""
    x = _tensor(input) if dtype is None else _tensor(input).astype(dtype)
    return x.log_softmax(dim=dim)


def norm(input, p="fro", dim=None, keepdim: bool = False, out=None, dtype=None) -> Tensor:
    """The p-norm over dims (all by default); its gradient at zero is 0."""
    x = _tensor(input) if dtype is None else _tensor(input).astype(dtype)
    return _out(x.norm(p, dim, keepdim), out)


def cumsum(input, dim, *, dtype=None, out=None) -> Tensor:
    """Running sums along dim."""
    return _out(_tensor(input).cumsum(dim, dtype=dtype), out)


def cumprod(input, dim, *, dtype=None, out=None) -> Tensor:
    """Running products along dim (the gradient is exact at zeros)."""
    return _out(_tensor(input).cumprod(dim, dtype=dtype), out)


def sort(input, dim: int = -1, descending: bool = False, stable: bool = False, *, out=None):
    """`(values, indices)` sorted along dim."""
    return _out(_tensor(input).sort(dim, descending, stable), out)


def argsort(
    input, dim: int = -1, descending: bool = False, stable: bool = False, *, out=None
) -> Tensor:
    """The indices that sort along dim."""
    return _out(_tensor(input).argsort(dim, descending, stable), out)


def topk(input, k: int, dim: int = -1, largest: bool = True, sorted: bool = True, *, out=None):  # noqa: A002
    """`(values, indices)` of the k largest (or smallest) along dim."""
    return _out(_tensor(input).topk(k, dim, largest, sorted), out)


# ----------------------------------------------------------------------- shape
def reshape(input, shape) -> Tensor:
    """The same elements in a new shape."""
    return _tensor(input).reshape(shape)


def flatten(input, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """Dims start_dim..end_dim merged into one."""
    return _tensor(input).flatten(start_dim, end_dim)


def unflatten(input, dim: int, sizes) -> Tensor:
    """dim split into several of the given sizes."""
    return _tensor(input).unflatten(dim, sizes)


def squeeze(input, dim=None) -> Tensor:
    """Dims of length 1 removed (all, or those given)."""
    return _tensor(input).squeeze(dim)


def unsqueeze(input, dim: int) -> Tensor:
    """A dim of length 1 inserted at dim."""
    return _tensor(input).unsqueeze(dim)


def transpose(input, dim0: int, dim1: int) -> Tensor:
    """Two dims swapped."""
    return _tensor(input).transpose(dim0, dim1)


swapdims = transpose


def swapaxes(input, axis0: int, axis1: int) -> Tensor:
    """`transpose` by numpy's name: axes axis0 and axis1 swapped."""
    return _tensor(input).swapaxes(axis0, axis1)


def permute(input, dims) -> Tensor:
    """The dims reordered."""
    return _tensor(input).permute(dims)


def movedim(input, source, destination) -> Tensor:
    """Dims moved from source to destination positions."""
    return _tensor(input).movedim(source, destination)


def moveaxis(input, source, destination) -> Tensor:
    """`movedim` by numpy's name."""
    return _tensor(input).moveaxis(source, destination)


def ravel(input) -> Tensor:
    """The elements as a 1-d tensor."""
    return _tensor(input).ravel()


def positive(input) -> Tensor:
    """The input itself (unary `+`); refused for bool."""
    return _tensor(input).positive()


def hsplit(input, sections=None, *, indices=None) -> tuple:
    """Pieces along dim 1 (dim 0 for 1-d): `sections` equal ones, or cut at the indices."""
    return _tensor(input).hsplit(sections, indices=indices)


def vsplit(input, sections=None, *, indices=None) -> tuple:
    """Pieces along dim 0: `sections` equal ones, or cut at the indices."""
    return _tensor(input).vsplit(sections, indices=indices)


def dsplit(input, sections=None, *, indices=None) -> tuple:
    """Pieces along dim 2: `sections` equal ones, or cut at the indices."""
    return _tensor(input).dsplit(sections, indices=indices)


def adjoint(input) -> Tensor:
    """The conjugate transpose of each matrix (`Tensor.adjoint`, `mH`)."""
    return _tensor(input).adjoint()


def t(input) -> Tensor:
    """The transpose of a 2-d tensor (0-d and 1-d as they are)."""
    return _tensor(input).t()


def narrow(input, dim: int, start: int, length: int) -> Tensor:
    """The `length` elements from `start` along dim."""
    return _tensor(input).narrow(dim, start, length)


def select(input, dim: int, index: int) -> Tensor:
    """The slice at index along dim."""
    return _tensor(input).select(dim, index)


def split(tensor, split_size_or_sections, dim: int = 0) -> tuple:
    """Pieces along dim, of one size or of the given sizes."""
    return _tensor(tensor).split(split_size_or_sections, dim)


def chunk(input, chunks: int, dim: int = 0) -> tuple:
    """`chunks` pieces along dim."""
    return _tensor(input).chunk(chunks, dim)


def unbind(input, dim: int = 0) -> tuple:
    """The slices along dim."""
    return _tensor(input).unbind(dim)


def flip(input, dims) -> Tensor:
    """The elements reversed along dims."""
    return _tensor(input).flip(dims)


def roll(input, shifts, dims=None) -> Tensor:
    """Elements shifted along dims, wrapping around."""
    return _tensor(input).roll(shifts, dims)


def tile(input, dims) -> Tensor:
    """The tensor repeated along each dim (numpy's tile)."""
    return _tensor(input).tile(dims)


def repeat_interleave(input, repeats, dim=None, *, output_size=None) -> Tensor:
    """Each element repeated along dim (of the flattened tensor without a dim)."""
    return _tensor(input).repeat_interleave(repeats, dim)


def broadcast_to(input, size) -> Tensor:
    """A view broadcast to size."""
    return _tensor(input).broadcast_to(size)


def clone(input, *, memory_format=None) -> Tensor:
    """A copy in new memory (differentiable)."""
    return _tensor(input).clone(memory_format=memory_format)


def gather(input, dim: int, index, *, sparse_grad: bool = False, out=None) -> Tensor:
    """`out[i][j] = input[index[i][j]][j]` for dim 0 (and likewise)."""
    if sparse_grad:
        raise NotImplementedError(
            "gather(sparse_grad=True) is not supported: graphgrad's gradients are dense "
            "arrays (the same values); leave sparse_grad out"
        )
    return _out(_tensor(input).gather(dim, index), out)


def take_along_dim(input, indices, dim=None, *, out=None) -> Tensor:
    """numpy's take_along_axis."""
    return _out(_tensor(input).take_along_dim(indices, dim), out)


def scatter(input, dim: int, index, src=None, *, value=None, reduce=None, out=None) -> Tensor:
    """A copy with src (or value) written at index along dim."""
    return _out(_tensor(input).scatter(dim, index, src, value=value, reduce=reduce), out)


def scatter_add(input, dim: int, index, src) -> Tensor:
    """A copy with src added at index along dim."""
    return _tensor(input).scatter_add(dim, index, src)


def index_select(input, dim: int, index, *, out=None) -> Tensor:
    """The slices at index along dim."""
    return _out(_tensor(input).index_select(dim, index), out)


def masked_select(input, mask, *, out=None) -> Tensor:
    """The elements where mask is True, 1-d."""
    return _out(_tensor(input).masked_select(mask), out)


def tril(input, diagonal: int = 0, *, out=None) -> Tensor:
    """The lower triangle of the last two dims (the rest 0)."""
    return _out(_tensor(input).tril(diagonal), out)


def triu(input, diagonal: int = 0, *, out=None) -> Tensor:
    """The upper triangle of the last two dims (the rest 0)."""
    return _out(_tensor(input).triu(diagonal), out)


# --------------------------------------------------------- joining tensors
def cat(tensors, dim: int = 0, *, axis=None, out=None) -> Tensor:
    """The tensors joined along an existing dim (dtypes promoted as PyTorch's)."""
    return _out(_concatenate(list(tensors), dim if axis is None else axis), out)


concat = cat


def concatenate(tensors, axis: int = 0, *, dim=None, out=None) -> Tensor:
    """The tensors joined along an existing dim (`cat`, numpy's name)."""
    return _out(_concatenate(list(tensors), axis if dim is None else dim), out)


def stack(tensors, dim: int = 0, *, axis=None, out=None) -> Tensor:
    """The tensors (all of one shape) joined along a new dim."""
    return _out(_stack(list(tensors), dim if axis is None else axis), out)


def hstack(tensors, *, out=None) -> Tensor:
    """Joined along dim 1 (dim 0 for 1-d tensors)."""
    tensors = [_tensor(t) for t in tensors]
    return _out(_concatenate(tensors, 0 if tensors[0].ndim == 1 else 1), out)


def vstack(tensors, *, out=None) -> Tensor:
    """Joined along dim 0 (1-d tensors become rows)."""
    tensors = [_tensor(t) for t in tensors]
    return _out(_concatenate([t.reshape(1, -1) if t.ndim < 2 else t for t in tensors], 0), out)


row_stack = vstack


# --------------------------------------------------------------------- others
def numel(input) -> int:
    """The number of elements."""
    return _tensor(input).numel()


def is_tensor(obj) -> bool:
    """Whether obj is a Tensor."""
    return isinstance(obj, Tensor)


def einsum(equation: str, *operands) -> Tensor:
    """Einstein summation (numpy's subscripts, `...` included), differentiable: one op
    whose backward is an einsum per input. Operands as arguments or as one list."""
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    tensors = [_tensor(x) for x in operands]
    kinds = {t._data.dtype for t in tensors}
    if len(kinds) > 1:
        dt = functools.reduce(promote_types, kinds)
        tensors = [t if t._data.dtype == dt else t.astype(dt) for t in tensors]
    subscripts = parse(equation, [t.shape for t in tensors])
    return Einsum.apply(*tensors, subscripts=subscripts)


def one_hot(input, num_classes: int = -1) -> Tensor:
    """int64 one-hot rows for the class indices in tensor (`nn.functional.one_hot`)."""
    idx = np.asarray(input._data if isinstance(input, Tensor) else input)
    if idx.dtype.kind not in "iu":
        raise TypeError(f"one_hot: the class indices must be integers, got dtype {idx.dtype}")
    if idx.size and idx.min() < 0:
        raise RuntimeError("one_hot: class values must be non-negative")
    n = int(idx.max()) + 1 if num_classes == -1 and idx.size else num_classes
    if num_classes == -1 and not idx.size:
        raise RuntimeError("one_hot: can not infer the number of classes of an empty tensor")
    if idx.size and idx.max() >= n:
        raise RuntimeError(f"one_hot: class values must be smaller than num_classes ({n})")
    return Tensor((idx[..., None] == np.arange(n)).astype(np.int64))


def histc(input, bins: int = 100, min: float = 0, max: float = 0, *, out=None) -> Tensor:  # noqa: A002
    """Counts in `bins` equal bins over [min, max] (the data's range when both are 0);
    values outside are ignored (no gradient)."""
    return _out(_tensor(input).histc(bins, min, max), out)


def histogram(input, bins=100, *, range=None, weight=None, density: bool = False, out=None):  # noqa: A002
    """`(hist, bin_edges)` of the values: `bins` equal bins over `range` (the data's by
    default) or the given edges; `density=True` normalises to a density (no gradient)."""
    return _out(_tensor(input).histogram(bins, range=range, weight=weight, density=density), out)


def histogramdd(input, bins, range=None, weight=None, density: bool = False):  # noqa: A002
    """`(hist, bin_edges)` of the points input[..., :] (D coordinates each): `bins` equal
    bins per dim (an int, or one per dim) over `range` (min0, max0, min1, max1, ...; the
    data's by default) or the given edges per dim; `density=True` normalises (no gradient)."""
    x = _tensor(input)
    if x._data.dtype.kind != "f":
        name = {"i": "Long", "u": "Byte", "b": "Bool"}.get(x._data.dtype.kind, str(x.dtype))
        raise NotImplementedError(f"\"histogramdd\" not implemented for '{name}'")
    if x.ndim < 1:
        raise RuntimeError("torch.histogramdd: input tensor should have at least 1 dimension")
    d = x.shape[-1]
    points = np.reshape(x._data, (-1, d))
    if isinstance(bins, (int, np.integer)):
        bins = [int(bins)] * d
    if len(bins) != d:
        raise RuntimeError(
            f"torch.histogramdd: expected {d} sequences of bin edges for each of the {d} "
            f"input dimensions, but got {len(bins)} sequences"
        )
    if range is not None and len(range) != 2 * d:
        raise RuntimeError(
            f"torch.histogramdd: for a {d}-dimensional histogram range should have {2 * d} "
            f"elements, but got {len(range)}"
        )
    edges = []
    for k, b in enumerate(bins):
        b = bin_spec(b, x._data.dtype, k)
        if isinstance(b, int):
            given = (None, None) if range is None else (range[2 * k], range[2 * k + 1])
            if range is None and not len(points):  # no points: PyTorch's bins span [0, 1]
                given = (0.0, 1.0)
            lo, hi = value_range(points[:, k], *given, 0.5)
            edges.append(bin_edges(lo, hi, b, x.dtype))
        else:
            edges.append(b)
    w = None if weight is None else np.asarray(getattr(weight, "_data", weight)).reshape(-1)
    hist, _ = np.histogramdd(points, bins=edges, weights=w)
    hist = hist.astype(x.dtype)
    if density:
        total = hist.sum()
        if total:
            volume = functools.reduce(np.multiply.outer, [np.diff(e) for e in edges])
            hist = (hist / total / volume).astype(x.dtype)
    return return_types.histogramdd(Tensor(hist), tuple(Tensor(e) for e in edges))
