"""Module-level order statistics, counting and index functions, with PyTorch's signatures:
`autograd.median(x, 1)`, `autograd.unique(x, return_counts=True)`, `autograd.bucketize`,
`autograd.searchsorted`, ... Each calls the Tensor method (autograd/tensor_order.py) where
there is one; `bucketize` and `searchsorted`, which Tensor lacks (as in PyTorch), are here.
`out=` writes into the given tensor (or pair of tensors), as in autograd/torch_functions.py.
"""

from __future__ import annotations

import numpy as np

from .op import index_value
from .tensor_class import Tensor
from .torch_functions import _as_out, _out, _tensor

__all__ = [
    "argwhere",
    "bincount",
    "bucketize",
    "cummax",
    "cummin",
    "index_add",
    "kthvalue",
    "logcumsumexp",
    "median",
    "mode",
    "msort",
    "nanmedian",
    "nanquantile",
    "quantile",
    "searchsorted",
    "take",
    "tensor_split",
    "unique",
    "unique_consecutive",
]


def _out_pair(result, out):
    """result (values, indices), or written into the pair of tensors `out`."""
    if out is None:
        return result
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise TypeError("out= must be a pair of tensors (values, indices)")
    values, indices = (_as_out(t)._store("out=", r) for t, r in zip(out, result, strict=True))
    return type(result)(values, indices)


# ------------------------------------------------------------ order statistics
def median(input, dim=None, keepdim: bool = False, *, out=None):  # noqa: A002
    """The lower median of all elements, or `(values, indices)` along dim."""
    result = _tensor(input).median(dim, keepdim)
    return _out(result, out) if dim is None else _out_pair(result, out)


def nanmedian(input, dim=None, keepdim: bool = False, *, out=None):  # noqa: A002
    """The lower median ignoring NaNs, of all elements or `(values, indices)` along dim."""
    result = _tensor(input).nanmedian(dim, keepdim)
    return _out(result, out) if dim is None else _out_pair(result, out)


def quantile(
    input, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear", out=None
) -> Tensor:  # noqa: A002
    """The q-th quantiles of all elements or along dim (see Tensor.quantile)."""
    return _out(_tensor(input).quantile(q, dim, keepdim, interpolation=interpolation), out)


def nanquantile(
    input, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear", out=None
) -> Tensor:  # noqa: A002
    """The q-th quantiles ignoring NaNs (see Tensor.nanquantile)."""
    return _out(_tensor(input).nanquantile(q, dim, keepdim, interpolation=interpolation), out)


def mode(input, dim: int = -1, keepdim: bool = False, *, out=None):  # noqa: A002
    """`(values, indices)` of the most frequent value along dim."""
    return _out_pair(_tensor(input).mode(dim, keepdim), out)


def kthvalue(input, k: int, dim: int = -1, keepdim: bool = False, *, out=None):  # noqa: A002
    """`(values, indices)` of the k-th smallest element (k from 1) along dim."""
    return _out_pair(_tensor(input).kthvalue(k, dim, keepdim), out)


def msort(input, *, out=None) -> Tensor:  # noqa: A002
    """Sorted along dim 0."""
    return _out(_tensor(input).msort(), out)


def cummax(input, dim: int, *, out=None):  # noqa: A002
    """`(values, indices)` of the running maximum along dim."""
    return _out_pair(_tensor(input).cummax(dim), out)


def cummin(input, dim: int, *, out=None):  # noqa: A002
    """`(values, indices)` of the running minimum along dim."""
    return _out_pair(_tensor(input).cummin(dim), out)


def logcumsumexp(input, dim: int, *, out=None) -> Tensor:  # noqa: A002
    """log(cumsum(exp(x))) along dim, without overflow."""
    return _out(_tensor(input).logcumsumexp(dim), out)


def unique(
    input,  # noqa: A002
    sorted: bool = True,  # noqa: A002
    return_inverse: bool = False,
    return_counts: bool = False,
    dim=None,
):
    """The distinct elements (or slices along dim), sorted; optionally the inverse
    indices and the counts (no gradient)."""
    return _tensor(input).unique(sorted, return_inverse, return_counts, dim)


def unique_consecutive(
    input,  # noqa: A002
    return_inverse: bool = False,
    return_counts: bool = False,
    dim=None,
):
    """Each run of equal consecutive elements (or slices along dim) once (no gradient)."""
    return _tensor(input).unique_consecutive(return_inverse, return_counts, dim)


# -------------------------------------------------------------------- counting
def bincount(input, weights=None, minlength: int = 0) -> Tensor:  # noqa: A002
    """How often each non-negative integer occurs (or the sum of its weights)."""
    return _tensor(input).bincount(weights, minlength)


def argwhere(input) -> Tensor:  # noqa: A002
    """The indices of the nonzero elements, one row each."""
    return _tensor(input).argwhere()


# -------------------------------------------------------------------- indexing
def take(input, index) -> Tensor:  # noqa: A002
    """The elements at `index` of the flattened tensor, in index's shape."""
    return _tensor(input).take(index)


def index_add(input, dim: int, index, source, *, alpha=1, out=None) -> Tensor:  # noqa: A002
    """A copy of input with `alpha * source` added at `index` along dim."""
    return _out(_tensor(input).index_add(dim, index, source, alpha=alpha), out)


def tensor_split(
    input,  # noqa: A002
    indices_or_sections=None,
    dim: int = 0,
    *,
    sections=None,
    indices=None,
    tensor_indices_or_sections=None,
) -> tuple:
    """Pieces along dim: n of nearly equal sizes, or cut at the given indices."""
    return _tensor(input).tensor_split(
        indices_or_sections,
        dim,
        sections=sections,
        indices=indices,
        tensor_indices_or_sections=tensor_indices_or_sections,
    )


# ------------------------------------------------------------ sorted searching
def _search(boundaries: np.ndarray, values: np.ndarray, right: bool) -> np.ndarray:
    """PyTorch's binary search, step for step over all values at once (so NaNs, which
    leave the order undefined, give PyTorch's answer too): the first position whose
    boundary is >= the value (> with `right`), in rows of boundaries and of values."""
    m = boundaries.shape[-1]
    start = np.zeros(values.shape, np.int64)
    end = np.full(values.shape, m, np.int64)
    rows = np.arange(values.shape[0])[:, None]
    while (active := start < end).any():
        mid = start + ((end - start) >> 1)
        at = boundaries[rows, np.minimum(mid, m - 1)]
        with np.errstate(all="ignore"):
            after = ~(at > values) if right else ~(at >= values)
        start = np.where(active & after, mid + 1, start)
        end = np.where(active & ~after, mid, end)
    return start


def _array(x, name: str, who: str) -> np.ndarray:
    arr = np.asarray(index_value(x))
    if arr.dtype.kind not in "biuf":
        raise TypeError(f"{who}: {name} must hold real numbers, got dtype {arr.dtype}")
    return arr


def searchsorted(
    sorted_sequence,
    input,  # noqa: A002
    *,
    out_int32: bool = False,
    right: bool = False,
    side: str | None = None,
    out=None,
    sorter=None,
) -> Tensor:
    """Where each value of input would be inserted in `sorted_sequence` to keep it sorted
    (along its last dim; an N-d sequence has a row per row of input): before equal
    boundaries, or after them with `right=True` / `side="right"`. `sorter` gives the
    indices that sort an unsorted sequence. int64 (int32 with `out_int32`)."""
    who = "torch.searchsorted()"
    if side not in (None, "left", "right"):
        raise RuntimeError(f"{who}: side can only be 'left' or 'right' but got {side}")
    if side == "left" and right:
        raise RuntimeError(
            f"{who}: side and right can't be set to opposites, got side of left while "
            "right was True"
        )
    right = bool(right) or side == "right"
    seq = _array(sorted_sequence, "sorted_sequence", who)
    vals = _array(input, "input", who)
    if seq.ndim == 0:
        raise RuntimeError(f"{who}: sorted_sequence must have at least 1 dim, got 0")
    if sorter is not None:
        order = np.asarray(index_value(sorter))
        if order.shape != seq.shape:
            raise RuntimeError(
                f"{who}: boundary and sorter must have the same size, but got boundary "
                f"tensor {list(seq.shape)} and sorter tensor {list(order.shape)}"
            )
        if order.dtype.kind not in "iu":
            raise TypeError(f"{who}: sorter must hold integers, got dtype {order.dtype}")
        seq = np.take_along_axis(seq, order.astype(np.int64), -1)
    if seq.ndim == 1:
        index = _search(seq[None], vals.reshape(1, -1), right)
    else:
        if vals.shape[:-1] != seq.shape[:-1]:
            raise RuntimeError(
                f"{who}: boundaries tensor should be 1 dimension or the first N-1 dimensions "
                "of boundaries tensor and input value tensor must match, but we got "
                f"boundaries tensor {list(seq.shape)} and input value tensor {list(vals.shape)}"
            )
        rows = seq.reshape(-1, seq.shape[-1])
        index = _search(rows, vals.reshape(rows.shape[0], -1), right)
    index = index.reshape(vals.shape).astype(np.int32 if out_int32 else np.int64)
    return _out(Tensor(index), out)


def bucketize(
    input,  # noqa: A002
    boundaries,
    *,
    out_int32: bool = False,
    right: bool = False,
    out=None,
) -> Tensor:
    """The bucket of each value of input between the 1-d sorted `boundaries`: the index of
    the first boundary >= the value (> with `right=True`); int64 (int32 with `out_int32`)."""
    bounds = _array(boundaries, "boundaries", "bucketize")
    if bounds.ndim != 1:
        raise RuntimeError(f"boundaries tensor must be 1 dimension, but got dim({bounds.ndim})")
    return searchsorted(bounds, input, out_int32=out_int32, right=right, out=out)
