"""Tensor's order statistics, counting and indexing (mixed into Tensor through
ReductionMethods): `median`, `nanmedian`, `mode`, `kthvalue`, `cummax`/`cummin`,
`logcumsumexp`, `msort`, `unique`, `unique_consecutive`, `bincount`, `histc`, `argwhere`,
`take`, `index_add`, `tensor_split`.

With a dim, an order statistic is `(values, indices)` and its values are read at the
index, so the gradient goes to that one element, as PyTorch's. Which element, among equal
ones, is PyTorch's (CPU) choice, recorded in tests/data/order_pytorch.npz: median and
nanmedian take the element at that rank when the slice is sorted stably (NaN last);
kthvalue the one PyTorch's quickselect leaves at rank k (replayed step for step where the
k-th value is tied); cummax/cummin the latest equal element; mode the last occurrence,
which is PyTorch's for slices of up to 16 elements (for longer ones PyTorch's unstable sort
decides: implementation-defined). A nanmedian of a slice of only NaNs gives its first
(PyTorch's for up to 3 elements; beyond, implementation-defined). PyTorch's documentation
does not promise these indices.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import return_types
from .argcheck import integer
from .dtypes import HALF, in_float32
from .op import index_value
from .ops_reduce import LogCumSumExp, SharedPick
from .ops_shape import ScatterAdd
from .shapes import dim_index, reducible

if TYPE_CHECKING:
    from .tensor_class import Tensor


def _orderable(t, name: str, bools: bool = False) -> None:
    """PyTorch's order statistics take integers and floats (mode bool too), not complex."""
    kind = t._data.dtype.kind
    if (kind == "b" and not bools) or kind == "c":
        raise TypeError(f"{name}: not implemented for {t._data.dtype} tensors")


def _floating(t, name: str) -> None:
    if t._data.dtype.kind != "f":
        raise TypeError(f"{name}: needs a floating tensor, got {t._data.dtype}")


def _ranked(a: np.ndarray, d: int, rank) -> np.ndarray:
    """The index along d of the element at `rank` (an int, or one per slice) in each slice
    sorted stably, NaN last."""
    order = np.argsort(a, axis=d, kind="stable")
    rank = np.broadcast_to(rank, np.delete(a.shape, d))
    return np.take_along_axis(order, np.expand_dims(rank, d), d).squeeze(d)


def _quickselect(values: list, k: int) -> int:
    """The index PyTorch's kthvalue gives: its quickselect (median-of-three pivot, NaN
    largest), step for step on one slice, and the original index left at position k."""
    v, idx = values, list(range(len(values)))

    def gt(x, y) -> bool:  # x > y, NaN the largest
        return (x != x and y == y) or x > y

    def swap(i: int, j: int) -> None:
        v[i], v[j] = v[j], v[i]
        idx[i], idx[j] = idx[j], idx[i]

    lo, hi = 0, len(v) - 1
    while hi > lo + 1:
        mid = lo + (hi - lo) // 2
        swap(mid, lo + 1)
        if gt(v[lo + 1], v[hi]):
            swap(lo + 1, hi)
        if gt(v[lo], v[hi]):
            swap(lo, hi)
        if gt(v[lo + 1], v[lo]):
            swap(lo + 1, lo)
        i, j, pivot = lo + 1, hi, v[lo]
        while True:
            i += 1
            while gt(pivot, v[i]):
                i += 1
            j -= 1
            while gt(v[j], pivot):
                j -= 1
            if j < i:
                break
            swap(i, j)
        swap(lo, j)
        if j <= k:
            lo = i
        if j >= k:
            hi = j - 1
    if hi == lo + 1 and gt(v[lo], v[hi]):
        swap(lo, hi)
    return idx[k]


def _kth_index(a: np.ndarray, d: int, k: int) -> np.ndarray:
    """kthvalue's index along d: the stable rank where the k-th value is not tied (the
    one answer), PyTorch's quickselect on the slices where it is."""
    index = _ranked(a, d, k)
    n = a.shape[d]
    rows = np.moveaxis(a, d, -1).reshape(-1, n)
    flat = index.reshape(-1).copy()
    kth = rows[np.arange(rows.shape[0]), flat][:, None]
    same = rows == kth
    if a.dtype.kind == "f":
        same |= np.isnan(rows) & np.isnan(kth)
    for r in np.flatnonzero(same.sum(1) > 1):
        flat[r] = _quickselect(rows[r].tolist(), k)
    return flat.reshape(index.shape)


def _median_index(a: np.ndarray, d: int, skip_nan: bool) -> np.ndarray:
    """The lower median's index along d: its stable rank (PyTorch's nth_element breaks ties
    by index), or the first NaN for median."""
    if a.dtype.kind != "f":
        return _ranked(a, d, (a.shape[d] - 1) // 2)
    nan = np.isnan(a)
    if skip_nan:  # the lower median of the numbers; a slice of NaNs: its first
        return _ranked(a, d, np.maximum(((~nan).sum(d) - 1) // 2, 0))
    index = _ranked(a, d, (a.shape[d] - 1) // 2)
    return np.where(nan.any(d), nan.argmax(d), index)  # a NaN: the median is its first


def _mode_index(a: np.ndarray, d: int) -> np.ndarray:
    """The index along d of the most frequent value (the smallest of equally frequent
    ones), at its last occurrence; NaNs count as one value."""
    order = np.argsort(a, axis=d, kind="stable")
    s = np.moveaxis(np.take_along_axis(a, order, d), d, -1)
    same = s[..., 1:] == s[..., :-1]
    if a.dtype.kind == "f":
        same |= np.isnan(s[..., 1:]) & np.isnan(s[..., :-1])
    edge = np.ones(s.shape[:-1] + (1,), bool)
    starts = np.concatenate([edge, ~same], -1)
    ends = np.concatenate([~same, edge], -1)
    pos = np.arange(s.shape[-1])
    first = np.maximum.accumulate(np.where(starts, pos, 0), axis=-1)
    length = np.where(ends, pos - first + 1, 0)
    best = np.argmax(length, axis=-1)  # the first longest run: the smallest value
    moved = np.moveaxis(order, d, -1)
    return np.take_along_axis(moved, best[..., None], -1)[..., 0]


def _groups(rows: np.ndarray, consecutive: bool):
    """(first row of each group, group of each row, group sizes) of equal rows, the
    groups in sorted order (or in order of appearance for runs); NaN equals nothing."""
    n = rows.shape[0]
    if consecutive or not rows.shape[1]:
        order = np.arange(n)
    else:  # lexicographic, the first column first; stable, NaN last
        order = np.lexsort(rows.T[::-1])
    s = rows[order]
    new = np.ones(n, bool)
    new[1:] = (s[1:] != s[:-1]).any(axis=1)
    group = np.cumsum(new) - 1
    inverse = np.empty(n, np.int64)
    inverse[order] = group
    counts = np.diff(np.append(np.flatnonzero(new), n)).astype(np.int64)
    return order[new], inverse, counts


def edges(lo: float, hi: float, bins: int, dtype) -> np.ndarray:
    """bins + 1 edges from lo to hi in dtype, computed as PyTorch's linspace (from both ends)."""
    dt = np.dtype(dtype).type
    first, last = dt(lo), dt(hi)
    step = (last - first) / dt(bins)
    i = np.arange(bins + 1)
    fwd = first + step * i.astype(dt)
    back = last - step * (bins - i).astype(dt)
    return np.where(i < (bins + 1) // 2, fwd, back).astype(dt)


def value_range(arr: np.ndarray, lo, hi, pad: float):
    """(lo, hi) of a histogram: the data's range when not given (or both 0), widened by pad
    when it is one point."""
    if lo is None or hi is None or lo == hi == 0:
        lo, hi = (float(arr.min()), float(arr.max())) if arr.size else (0.0, 0.0)
    if lo == hi:
        lo, hi = lo - pad, hi + pad
    if lo > hi:
        raise ValueError(f"histogram: max ({hi}) must be larger than min ({lo})")
    return lo, hi


_DTYPE_NAMES = {"float64": "double", "float32": "float", "float16": "half", "int64": "long int"}


def bin_spec(bins, dtype, k: int = 0):
    """A histogram's bins for dimension k, checked as PyTorch's: a count (an int > 0) or
    the edges (1-d, at least one, a tensor of the input's dtype), as an int or an array."""
    if isinstance(bins, (int, np.integer)):
        if bins <= 0:
            raise RuntimeError(
                f"torch.histogram(): bins must be > 0, but got {bins} for dimension {k}"
            )
        return int(bins)
    given = np.asarray(getattr(bins, "_data", bins))
    if hasattr(bins, "_data") and given.dtype != dtype:
        name = _DTYPE_NAMES.get(np.dtype(dtype).name, np.dtype(dtype).name)
        raise RuntimeError(
            "torch.histogramdd: input tensor and bins tensors should have the same dtype, but "
            f"got input with dtype {name} and bins for dimension {k} with dtype "
            f"{_DTYPE_NAMES.get(given.dtype.name, given.dtype.name)}"
        )
    if given.ndim != 1:
        raise RuntimeError(
            "torch.histogramdd: bins tensor should have one dimension, but got "
            f"{given.ndim} dimensions in the bins tensor for dimension {k}"
        )
    if given.size < 2:  # one edge makes no bin
        raise RuntimeError(f"torch.histogram(): bins must be > 0, but got 0 for dimension {k}")
    return given.astype(dtype)


def _index_vector(index, who: str) -> np.ndarray:
    """An index tensor of integers (0-d or 1-d) as a 1-d int64 array."""
    arr = np.asarray(index_value(index))
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{who}: the index must hold integers, got dtype {arr.dtype}")
    if arr.ndim > 1:
        raise IndexError(f"{who}: the index must be 0-d or 1-d, got shape {arr.shape}")
    return arr.reshape(-1).astype(np.int64, copy=False)


class OrderMethods:
    """Order statistics, running extremes, unique values, counting and index arithmetic."""

    __slots__ = ()

    # ------------------------------------------------------ order statistics
    def median(self, dim=None, keepdim: bool = False):
        """The lower median: of all elements (NaN if there is one; the gradient is shared
        by the elements equal to it), or `(values, indices)` along dim (the gradient goes
        to the index: at ties, the element at that rank in a stable sort, as PyTorch's)."""
        return self._median("median", dim, keepdim, skip_nan=False)

    def nanmedian(self, dim=None, keepdim: bool = False):
        """The lower median of the non-NaN elements (NaN where there are none); see
        `median`."""
        return self._median("nanmedian", dim, keepdim, skip_nan=True)

    def quantile(self, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear"):
        """The q-th quantiles (q a number or a 1-d tensor in [0, 1]) of all elements or
        along dim, as PyTorch's: a NaN in a slice gives NaN; q's own dimension comes first.
        The gradient flows through the sorted values it picks."""
        return self._quantile("quantile", q, dim, keepdim, interpolation, skip_nan=False)

    def nanquantile(self, q, dim=None, keepdim: bool = False, *, interpolation: str = "linear"):
        """`quantile` of the non-NaN elements of each slice (NaN where there are none)."""
        return self._quantile("nanquantile", q, dim, keepdim, interpolation, skip_nan=True)

    def _quantile(self, name: str, q, dim, keepdim: bool, interpolation: str, skip_nan: bool):
        if self.dtype not in (np.float32, np.float64):
            raise RuntimeError(f"{name}() input tensor must be either float or double dtype")
        qs = np.asarray(q._data if hasattr(q, "_data") else q, dtype=np.float64)
        if qs.ndim > 1:
            raise RuntimeError(f"{name}() q must be a scalar or 1D tensor")
        if ((qs < 0) | (qs > 1)).any():
            if qs.ndim:
                raise RuntimeError(f"{name}() q values must be in the range [0, 1]")
            raise RuntimeError(f"{name}() q must be in the range [0, 1] but got {q}")
        if interpolation not in ("linear", "lower", "higher", "midpoint", "nearest"):
            raise RuntimeError(
                f"{name}() interpolation must be one of linear, lower, higher, midpoint or "
                f"nearest, but got {interpolation}"
            )
        if dim is None:
            x, d = self.reshape(-1), 0
        else:
            d = dim_index(dim, self.ndim, name) if self.ndim else 0
            x = self if self.ndim else self.reshape(1)
        x = x.movedim(d, -1)
        n = x.shape[-1]
        if n == 0:
            raise RuntimeError(f"{name}() input tensor must be non-empty")
        ordered = x.sort(dim=-1).values  # NaNs last
        nan = np.isnan(ordered._data)
        valid = (n - nan.sum(-1, keepdims=True)) if skip_nan else np.full(nan.shape[:-1] + (1,), n)
        last = (valid - 1).astype(np.float64)
        ranks = qs.reshape(-1, *([1] * x.ndim)) * last  # (Q, ..., 1)
        if not skip_nan:  # a NaN in the slice: its rank is the last (the NaN), as PyTorch
            ranks = np.where(nan[..., -1:], float(n - 1), ranks)
        ranks = np.where(last < 0, 0.0, ranks)  # an all-NaN slice: picks a NaN
        if interpolation == "lower":
            ranks = np.floor(ranks)
        elif interpolation == "higher":
            ranks = np.ceil(ranks)
        elif interpolation == "nearest":
            ranks = np.round(ranks)  # half to even, as torch.round
        below = ranks.astype(np.int64)
        picked = ordered.unsqueeze(0).expand(len(ranks), *ordered.shape)
        out = picked.take_along_dim(self._result(below), -1)
        if interpolation in ("linear", "midpoint"):
            above = np.ceil(ranks).astype(np.int64)
            upper = picked.take_along_dim(self._result(above), -1)
            w = np.full(ranks.shape, 0.5) if interpolation == "midpoint" else ranks - below
            out = out.lerp(upper, self._result(w.astype(self.dtype)))
        out = out.squeeze(-1)  # (Q, reduced...)
        if keepdim:
            if dim is None:
                out = out.reshape((len(ranks),) + (1,) * self.ndim)
            elif self.ndim:
                out = out.unsqueeze(d + 1)
        return out if qs.ndim else out.squeeze(0)

    def _median(self, name: str, dim, keepdim: bool, skip_nan: bool):
        _orderable(self, name)
        if dim is None:
            return self._median_all(name, skip_nan)
        d = dim_index(dim, self.ndim, name)
        reducible(name, self.shape, (d,))
        index = _median_index(self._data, d, skip_nan) if self.ndim else np.int64(0)
        return self._picked(name, d, index, keepdim)

    def _median_all(self, name: str, skip_nan: bool) -> Tensor:
        flat = np.reshape(self._data, -1)
        floating = flat.dtype.kind == "f"
        if not flat.size:
            if not floating:
                raise IndexError(f"{name}(): cannot take the median of an empty integer tensor")
            return self.sum() + float("nan")  # PyTorch's NaN (a zero gradient)
        nan = np.isnan(flat) if floating else np.zeros(flat.shape, bool)
        if nan.all() or (nan.any() and not skip_nan):  # the median is NaN: the first
            index, ties = int(np.argmax(nan)), nan
        else:  # the element at the lower median's rank in a stable sort, as PyTorch's
            numbers = np.flatnonzero(~nan)
            order = numbers[np.argsort(flat[numbers], kind="stable")]
            index = int(order[(order.size - 1) // 2])
            ties = flat == flat[index]
        if not floating:
            return self._result(flat[index])
        return SharedPick.apply(self, index=index, mask=ties.reshape(self.shape))

    def kthvalue(self, k: int, dim: int = -1, keepdim: bool = False):
        """`(values, indices)` of the k-th smallest element (k from 1) along dim; NaN sorts
        as the largest. The gradient goes to the index (at ties, PyTorch's choice)."""
        _orderable(self, "kthvalue")
        k = integer(k, "k", "kthvalue")
        d = dim_index(dim, self.ndim, "kthvalue")
        reducible("kthvalue", self.shape, (d,))
        n = self.shape[d] if self.ndim else 1
        if not 1 <= k <= n:
            raise RuntimeError(
                f"kthvalue(): selected number k ({k}) out of range for dimension {d} of length {n}"
            )
        index = _kth_index(self._data, d, k - 1) if self.ndim else np.int64(0)
        return self._picked("kthvalue", d, index, keepdim)

    def mode(self, dim: int = -1, keepdim: bool = False):
        """`(values, indices)` of the most frequent value along dim: the smallest of equally
        frequent ones, its index the last occurrence (PyTorch's answer; with NaNs PyTorch's
        is not well defined: here they count as one value). The gradient goes to the index."""
        _orderable(self, "mode", bools=True)
        d = dim_index(dim, self.ndim, "mode")
        reducible("mode", self.shape, (d,))
        index = _mode_index(self._data, d) if self.ndim else np.int64(0)
        return self._picked("mode", d, index, keepdim)

    def _picked(self, name: str, d: int, index, keep: bool):
        values = self._take(d, index, keep)
        index = np.asarray(index, np.int64)
        idx = self._result(np.expand_dims(index, d) if keep and self.ndim else index)
        return getattr(return_types, name)(values, idx)

    def msort(self) -> Tensor:
        """Sorted along dim 0 (`sort(0).values`)."""
        return self.sort(0).values

    # -------------------------------------------------------- running values
    def cummax(self, dim: int):
        """`(values, indices)` of the running maximum along dim. At ties the index moves to
        the latest equal element, and a NaN is the maximum from where it appears (PyTorch's
        rule); the gradient goes to the index."""
        return self._running("cummax", np.maximum, dim)

    def cummin(self, dim: int):
        """`(values, indices)` of the running minimum along dim; see `cummax`."""
        return self._running("cummin", np.minimum, dim)

    def _running(self, name: str, pick, dim):
        if self._data.dtype.kind == "c":
            raise TypeError(f"{name}: not implemented for {self._data.dtype} tensors")
        d = dim_index(dim, self.ndim, name)
        if not self.ndim:
            return getattr(return_types, name)(self.reshape(()), self._result(np.int64(0)))
        a = self._data
        run = pick.accumulate(a, axis=d)
        moved = a == run  # the element is the new extreme (>= the old one), or NaN
        if a.dtype.kind == "f":
            moved |= np.isnan(a)
        pos = np.arange(a.shape[d]).reshape((-1,) + (1,) * (a.ndim - d - 1))
        index = np.maximum.accumulate(np.where(moved, pos, 0), axis=d).astype(np.int64)
        return getattr(return_types, name)(self._gather(d, index), self._result(index))

    def logcumsumexp(self, dim: int) -> Tensor:
        """log(cumsum(exp(x))) along dim, computed without overflow (one fused op; its
        gradient is stable too); float16 in float32."""
        _floating(self, "logcumsumexp")
        d = dim_index(dim, self.ndim, "logcumsumexp")
        if self._data.dtype is HALF:
            return in_float32(self, lambda t: t.logcumsumexp(d))
        if not self.ndim:
            return LogCumSumExp.apply(self.reshape(1), axis=0).reshape(())
        return LogCumSumExp.apply(self, axis=d)

    # ---------------------------------------------------------- unique values
    def unique(
        self,
        sorted: bool = True,  # noqa: A002 (PyTorch's name)
        return_inverse: bool = False,
        return_counts: bool = False,
        dim=None,
    ):
        """The distinct elements (or slices along dim), sorted; with `return_inverse` each
        element's position in them, with `return_counts` how often each occurs. NaNs are
        all distinct (which output NaN a NaN's inverse names, and where slices with NaNs
        sort, PyTorch leaves implementation-defined), -0.0 equals 0.0. `sorted=False`
        sorts too (PyTorch's order is then implementation-defined). No gradient."""
        return self._unique("unique", False, return_inverse, return_counts, dim)

    def unique_consecutive(
        self, return_inverse: bool = False, return_counts: bool = False, dim=None
    ):
        """Each run of equal consecutive elements (or slices along dim) once, in order; see
        `unique`. No gradient."""
        return self._unique("unique_consecutive", True, return_inverse, return_counts, dim)

    def _unique(self, name, consecutive, return_inverse, return_counts, dim):
        a = self._data
        if dim is None:
            rows = np.reshape(a, (-1, 1))
        else:
            d = dim_index(dim, self.ndim, name)
            if not self.ndim:
                raise IndexError(f"{name}: a 0-d tensor has no dim {dim}")
            moved = np.moveaxis(a, d, 0)
            rows = moved.reshape(moved.shape[0], -1)
        firsts, inverse, counts = _groups(rows, consecutive)
        if dim is None:
            values, inverse = np.reshape(a, -1)[firsts], inverse.reshape(np.shape(a))
        else:
            values = np.take(a, firsts, axis=d)
        out = (self._result(values),)
        out += (self._result(inverse),) * bool(return_inverse)
        out += (self._result(counts),) * bool(return_counts)
        return out[0] if len(out) == 1 else out

    # ---------------------------------------------------------------- counting
    def bincount(self, weights=None, minlength: int = 0) -> Tensor:
        """How often each value 0, 1, ..., max occurs in this 1-d tensor of non-negative
        integers (int64), or the sum of `weights` at each (float32 weights give float32,
        others float64); at least `minlength` bins. No gradient."""
        a = self._data
        minlength = integer(minlength, "minlength", "bincount")
        if a.dtype.kind not in "iu":
            raise TypeError(f"bincount: needs an integer tensor, got {a.dtype}")
        if np.ndim(a) != 1 or (a.size and a.min() < 0):
            raise RuntimeError(
                f"bincount only supports 1-d non-negative integral inputs (got shape {np.shape(a)})"
            )
        if minlength < 0:
            raise RuntimeError(f"bincount: minlength should be >= 0, got {minlength}")
        if weights is None:
            return self._result(np.bincount(a.astype(np.int64), minlength=minlength))
        w = np.asarray(index_value(weights))
        if w.shape != a.shape:
            raise RuntimeError(
                "bincount: weights should be 1-d and have the same length as input "
                f"(got {w.shape} for {a.shape})"
            )
        dt = np.float32 if w.dtype == np.float32 else np.float64
        counts = np.bincount(a.astype(np.int64), w.astype(np.float64), minlength)
        return self._result(counts.astype(dt))

    def histc(self, bins: int = 100, min: float = 0, max: float = 0) -> Tensor:  # noqa: A002
        """Counts in `bins` equal bins over [min, max] (the data's range when both are 0);
        values outside are ignored (no gradient)."""
        if self._data.dtype.kind != "f":
            raise TypeError(f"histc: needs a floating tensor, got {self._data.dtype}")
        bins = integer(bins, "bins", "histc", minimum=1)
        arr = np.reshape(self._data, -1)
        lo, hi = value_range(arr, min, max, 1.0)
        hist, _ = np.histogram(arr, bins=edges(lo, hi, bins, arr.dtype))
        return self._result(hist.astype(arr.dtype))

    def histogram(self, bins=100, *, range=None, weight=None, density: bool = False):  # noqa: A002
        """`(hist, bin_edges)` of the values: `bins` equal bins over `range` (the data's by
        default) or the given edges; `density=True` normalises to a density (no gradient)."""
        x = self
        if x.dtype.kind != "f":
            raise TypeError(f"histogram: needs a floating tensor, got {x.dtype}")
        arr = x._data.reshape(-1) if np.ndim(x._data) else np.reshape(x._data, 1)
        w = None if weight is None else np.asarray(getattr(weight, "_data", weight)).reshape(-1)
        bins = bin_spec(bins, x._data.dtype)
        if isinstance(bins, int):
            lo, hi = value_range(arr, *(range if range is not None else (None, None)), 0.5)
            cuts = edges(lo, hi, bins, x.dtype)
        else:
            cuts = bins
        hist, _ = np.histogram(arr, bins=cuts, weights=w)
        hist = hist.astype(x.dtype)
        if density:
            total = hist.sum()
            hist = (hist / (total * np.diff(cuts))).astype(x.dtype) if total else hist
        return return_types.histogram(self._result(hist), self._result(cuts))

    def argwhere(self) -> Tensor:
        """The indices of the nonzero elements, one row each (`nonzero()`)."""
        return self.nonzero()

    # --------------------------------------------------------------- indexing
    def take(self, index) -> Tensor:
        """The elements at `index` of the flattened tensor, in index's shape (negative
        indices count from the end); the gradient adds up at repeated indices."""
        idx = np.asarray(index_value(index))
        if idx.dtype.kind not in "iu":
            raise TypeError(f"take(): the index must hold integers, got dtype {idx.dtype}")
        n = int(np.size(self._data))
        if idx.size and not n:
            raise IndexError("take(): tried to take from an empty tensor")
        bad = (idx < -n) | (idx >= n)
        if bad.any():
            raise IndexError(
                f"out of range: tried to access index {idx[bad].flat[0]} on a tensor of "
                f"{n} elements."
            )
        return self.reshape(-1)[idx.astype(np.int64, copy=False)]

    def index_add(self, dim: int, index, source, *, alpha=1) -> Tensor:
        """A copy with `alpha * source` added at `index` along dim (repeated indices add
        up); the gradient reaches both self and source."""
        x = self.reshape(1) if not self.ndim else self
        d = dim_index(dim, x.ndim, "index_add")
        idx = _index_vector(index, "index_add")
        src = source if hasattr(source, "_data") else x._operand(source)
        src = src.reshape(1) if not src.ndim else src
        if src._data.dtype != x._data.dtype:
            raise RuntimeError(
                f"index_add(): self ({x._data.dtype}) and source ({src._data.dtype}) must "
                "have the same dtype"
            )
        want = x.shape[:d] + (idx.size,) + x.shape[d + 1 :]
        if src.shape != want:
            raise RuntimeError(
                f"index_add(): source has shape {src.shape}; for {idx.size} indices along "
                f"dim {d} of a tensor of shape {x.shape} it must be {want}"
            )
        bad = (idx < 0) | (idx >= x.shape[d])
        if bad.any():
            raise IndexError(
                f"index_add(): index {idx[bad][0]} is out of range for dim {d} of length "
                f"{x.shape[d]}"
            )
        where = (slice(None),) * d + (idx,)
        if x._data.dtype.kind in "fc":
            added = src if alpha == 1 else src * alpha
            out = x + ScatterAdd.apply(added, index=where, shape=x.shape)
        else:  # integers and bool: no gradient; alpha in the tensor's dtype, as PyTorch
            data = np.array(x._data, copy=True)
            np.add.at(data, where, src._data * np.asarray(alpha).astype(data.dtype))
            out = x._result(data)
        return out.reshape(()) if not self.ndim else out

    def index_add_(self, dim: int, index, source, *, alpha=1) -> Tensor:
        """`index_add`, in place."""
        return self._update(
            "index_add_", lambda t: t.index_add(dim, index, source, alpha=alpha), (source,)
        )

    def tensor_split(
        self,
        indices_or_sections=None,
        dim: int = 0,
        *,
        sections=None,
        indices=None,
        tensor_indices_or_sections=None,
    ) -> tuple:
        """Pieces along dim: `n` of nearly equal sizes (the first ones one longer), or cut
        at the given indices (as Python slices: `x[:i0], x[i0:i1], ..., x[ik:]`); also by
        PyTorch's keywords `sections=`, `indices=`, `tensor_indices_or_sections=`."""
        given = [
            c
            for c in (indices_or_sections, sections, indices, tensor_indices_or_sections)
            if c is not None
        ]
        if len(given) != 1:
            raise TypeError(
                "tensor_split: give one of indices_or_sections, sections=, indices= and "
                f"tensor_indices_or_sections=, got {len(given)}"
            )
        if not self.ndim:
            raise RuntimeError(
                "tensor_split expected at least a 1-dimensional tensor, but got a tensor "
                "with 0 dims"
            )
        d = dim_index(dim, self.ndim, "tensor_split")
        cuts = given[0]
        if hasattr(cuts, "_data") or isinstance(cuts, np.ndarray):
            arr = np.asarray(index_value(cuts))
            if arr.dtype.kind not in "iu" or arr.ndim > 1:
                raise RuntimeError(
                    "tensor_split: a tensor of indices_or_sections must be 0-d or 1-d and "
                    f"hold integers, got shape {arr.shape} and dtype {arr.dtype}"
                )
            cuts = int(arr) if arr.ndim == 0 else [int(i) for i in arr]
        if isinstance(cuts, (list, tuple)):
            bounds = [integer(i, "an index", "tensor_split") for i in cuts]
            starts, stops = [None, *bounds], [*bounds, None]
        else:
            sections = integer(cuts, "sections", "tensor_split")
            if sections <= 0:
                raise RuntimeError(
                    f"tensor_split: number of sections must be larger than 0, got {sections}"
                )
            q, r = divmod(self.shape[d], sections)
            stops = list(np.cumsum([q + 1] * r + [q] * (sections - r)))
            starts = [0, *stops[:-1]]
        return tuple(
            self[(slice(None),) * d + (slice(a, b),)] for a, b in zip(starts, stops, strict=True)
        )
