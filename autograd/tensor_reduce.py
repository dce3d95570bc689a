"""Tensor's reductions (`sum`, `mean`, `max`, `var`, `sort`, `cumsum`, ...), mixed into Tensor.

Dims follow PyTorch: `max(dim)`/`min(dim)` give `(values, indices)` (the gradient goes to
the index, as PyTorch's), `var`/`std` are unbiased (`correction=1`). numpy's spellings
stay where they do not conflict: `axis=`/`keepdims=` beside `dim=`/`keepdim=`, `ddof=`,
and `max(axis=...)` gives the values as numpy's does (ties share the gradient evenly,
as `amax`).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from . import dtypes, return_types
from .argcheck import integer
from .composite import mark, start
from .dtypes import HALF, in_float32
from .grad_mode import is_grad_enabled
from .ops_elementwise import Where
from .ops_reduce import Cumprod, Cumsum, LogSoftmax, Max, Min, Norm, Softmax, Sum, Var
from .shapes import axis_arg, axis_args, count, dim_index, norm_axis, reducible
from .tensor_order import OrderMethods

if TYPE_CHECKING:
    from .tensor_class import Tensor

_UNSET = object()


def complex_only(name: str, t: Tensor, fn) -> Tensor:
    """numpy's answer for a complex tensor that does not require grad, else a TypeError."""
    if t.requires_grad and is_grad_enabled():
        raise TypeError(
            f"{name}: not differentiable for complex tensors (it needs a conjugate); "
            "use .detach() for the value"
        )
    return t._result(fn(t._data))


def _correction(name, unbiased, correction, ddof) -> float:
    """The divisor's offset: numpy's ddof=, PyTorch's correction= or unbiased= (default 1)."""
    given = [
        (k, v)
        for k, v in (("unbiased", unbiased), ("correction", correction), ("ddof", ddof))
        if v is not None
    ]
    if len(given) > 1:
        raise TypeError(f"{name}: give one of unbiased=, correction= and ddof=, got {given}")
    if unbiased is not None:
        return int(bool(unbiased))
    if correction is not None:
        return correction
    return 1 if ddof is None else ddof


def _sqrt_zero_safe(v):
    """sqrt(v) whose gradient at v == 0 is 0 (as PyTorch's std), not 0 * inf."""
    zero = np.asarray(v._data == 0)
    if not zero.any():
        return v.sqrt()
    return Where.apply(
        v._operand(0.0), Where.apply(v._operand(1.0), v, _cond=zero).sqrt(), _cond=zero
    )


class ReductionMethods(OrderMethods):
    """Methods that reduce over dims (numpy's axis/keepdims or PyTorch's dim/keepdim); the
    order statistics, counting and index arithmetic come from `OrderMethods`."""

    __slots__ = ()

    def sum(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None, dtype=None):
        """The sum over dims (all by default), in `dtype` if given; float16 adds in float32."""
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        dtype = None if dtype is None else dtypes.to_dtype(dtype, "sum")
        ax = norm_axis(axis, self.ndim, "sum")
        return Sum.apply(self, axis=ax, keepdims=keepdims, dtype=dtype)

    def mean(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None, dtype=None):
        """The mean over dims (all by default); nan over no elements, as PyTorch. float16
        accumulates and divides in float32 (the mean of 100,000 float16 ones is 1)."""
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        ax = norm_axis(axis, self.ndim, "mean")
        n = count(self.shape, ax)
        half = dtype is None and self._data.dtype is HALF
        t0 = start()
        total = self.sum(ax, keepdims, dtype=np.float32 if half else dtype)
        if n:
            out = total / n
        else:  # 0 / 0: nan, without numpy's warning
            with np.errstate(all="ignore"):
                out = total / n
        if half:
            out = out.astype(HALF)
        return mark(out, t0, "mean", {"axis": ax})

    def nansum(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None, dtype=None):
        """The sum over dims, NaNs counted as 0 (in `dtype` if given)."""
        return self._not_nan(0.0).sum(axis, keepdims, dim=dim, keepdim=keepdim, dtype=dtype)

    def _not_nan(self, fill):
        nan = np.isnan(self._data) if self.dtype.kind in "fc" else False
        return Where.apply(self._operand(fill), self, _cond=nan) if np.any(nan) else self

    # ----------------------------------------------------------- max and min
    def max(self, dim=_UNSET, keepdim: bool = False, *, axis=None, keepdims=None, other=None):
        """The largest value; with a dim, PyTorch's `(values, indices)` (the gradient goes to
        the index); with another tensor (`other=`), the elementwise maximum; with numpy's
        `axis=`, the values (ties share the gradient evenly, as `amax`)."""
        if other is not None:
            return self.maximum(other)
        return self._extreme("max", dim, keepdim, axis, keepdims)

    def min(self, dim=_UNSET, keepdim: bool = False, *, axis=None, keepdims=None, other=None):
        """The smallest value; with a dim, `(values, indices)`; see `max`."""
        if other is not None:
            return self.minimum(other)
        return self._extreme("min", dim, keepdim, axis, keepdims)

    def _extreme(self, name, dim, keepdim, axis, keepdims):
        if hasattr(dim, "_data"):  # max(other): elementwise, as torch.max(input, other)
            return self.maximum(dim) if name == "max" else self.minimum(dim)
        if dim is _UNSET or dim is None:
            keep = bool(keepdims) if keepdims is not None else bool(keepdim)
            if not self._data.size:  # PyTorch's errors, naming max or min
                reducible(name, self.shape, norm_axis(axis, self.ndim, name))
            ax = norm_axis(axis, self.ndim, name)
            if ax is not None or self._data.dtype.kind not in "fc":  # numpy's axis=: as amax
                return (self.amax if name == "max" else self.amin)(axis, keep)
            # over all elements: PyTorch's max()/min() rule (the NaNs share the gradient)
            return (Max if name == "max" else Min).apply(
                self, axis=None, keepdims=keep, scaled=False
            )
        if axis is not None:
            raise TypeError(f"{name}: give dim (PyTorch) or axis= (numpy), not both")
        d = dim_index(dim, self.ndim, name)
        keep = bool(keepdim) if keepdims is None else bool(keepdims)
        reducible(name, self.shape, (d,))  # a 0-length dim: PyTorch's IndexError
        pick = np.argmax if name == "max" else np.argmin
        index = pick(self._data, axis=d) if self.ndim else np.int64(0)
        values = self._take(d, index, keep)
        idx = self._result(np.expand_dims(index, d) if keep and self.ndim else index)
        return (return_types.max if name == "max" else return_types.min)(values, idx)

    def _take(self, d: int, index, keep: bool) -> Tensor:
        """The elements at `index` (one per slice, the dim removed) along dim d."""
        if not self.ndim:
            return self.reshape(())
        grid = list(np.indices(np.shape(index), sparse=True))
        grid.insert(d, np.asarray(index))
        values = self[tuple(grid)]
        return values.unsqueeze(d) if keep else values

    def amax(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        """The largest value over dims (all by default); ties share the gradient evenly, and
        a slice whose maximum is NaN has a NaN gradient (PyTorch's amax)."""
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        ax = norm_axis(axis, self.ndim, "amax")
        reducible("amax", self.shape, ax)
        if self._data.dtype.kind not in "fc":  # not differentiable: numpy's max (bool too)
            return self._result(np.max(self._data, axis=ax, keepdims=keepdims))
        return Max.apply(self, axis=ax, keepdims=keepdims, scaled=True)

    def amin(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        """The smallest value over dims (all by default); ties share the gradient evenly, and
        a slice whose minimum is NaN has a NaN gradient (PyTorch's amin)."""
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        ax = norm_axis(axis, self.ndim, "amin")
        reducible("amin", self.shape, ax)
        if self._data.dtype.kind not in "fc":  # not differentiable: numpy's min (bool too)
            return self._result(np.min(self._data, axis=ax, keepdims=keepdims))
        if not self._data.size:  # the error names min
            reducible("min", self.shape, norm_axis(axis_args(axis, 0, dim, 0)[0], self.ndim))
        return Min.apply(self, axis=ax, keepdims=keepdims, scaled=True)

    def argmax(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        """The index of the largest value (of the flattened tensor without a dim; no grad)."""
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        if axis is not None:
            axis = axis_arg(axis, self.ndim, "argmax", "dim")
        return self._result(np.argmax(self._data, axis=axis, keepdims=keepdims))

    def argmin(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        """The index of the smallest value (of the flattened tensor without a dim; no grad)."""
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        if axis is not None:
            axis = axis_arg(axis, self.ndim, "argmin", "dim")
        return self._result(np.argmin(self._data, axis=axis, keepdims=keepdims))

    # ------------------------------------------------------- variance and std
    def var(
        self,
        dim=None,
        unbiased=None,
        keepdim=None,
        *,
        correction=None,
        ddof=None,
        axis=None,
        keepdims=None,
    ):
        """The variance over dims, unbiased by default (PyTorch's `correction=1`); also
        `unbiased=`, `correction=`, numpy's `ddof=`, and `axis=`/`keepdims=`."""
        if dim is not None and axis is not None:
            raise TypeError("var: give dim (PyTorch) or axis= (numpy), not both")
        axis, keep = axis_args(axis, keepdims or False, dim, keepdim)
        c = _correction("var", unbiased, correction, ddof)
        ax = norm_axis(axis, self.ndim, "var")
        if self._data.dtype.kind == "c":  # |x - mean|^2 needs a conjugate
            return complex_only("var", self, lambda a: np.var(a, axis=ax, keepdims=keep, ddof=c))
        if self._data.dtype is HALF:  # squares of float16 overflow beyond 256: float32
            return in_float32(self, lambda t: t.var(ax, correction=c, keepdim=keep))
        n = count(self.shape, ax)
        dof = max(n - c, 0)
        if dof <= 0:
            warnings.warn(
                f"var()/std(): degrees of freedom is <= 0 ({n} elements, correction {c}): "
                "the result is inf or nan, as PyTorch's",
                stacklevel=3,
            )
        if self._data.dtype.kind not in "f":  # integers and bool: in the default dtype
            return self.astype(dtypes.get_default_dtype()).var(ax, correction=c, keepdim=keep)
        return Var.apply(self, axis=ax, keepdims=keep, n=n, correction=c)  # one op: no mark

    def std(
        self,
        dim=None,
        unbiased=None,
        keepdim=None,
        *,
        correction=None,
        ddof=None,
        axis=None,
        keepdims=None,
    ):
        """The standard deviation over dims, unbiased by default (see `var`); its gradient
        is 0 where it is 0 (constant data), as PyTorch's."""
        t0 = start()
        v = self.var(
            dim,
            unbiased,
            keepdim,
            correction=correction,
            ddof=ddof,
            axis=axis,
            keepdims=keepdims,
        )
        out = v.sqrt() if v._data.dtype.kind == "c" else _sqrt_zero_safe(v)
        return mark(out, t0, "std", {"axis": axis if dim is None else dim})

    def var_mean(self, dim=None, unbiased=None, keepdim=None, *, correction=None, ddof=None):
        """`(var, mean)` over dims (see `var`)."""
        v = self.var(dim, unbiased, keepdim, correction=correction, ddof=ddof)
        return v, self.mean(dim, bool(keepdim))

    def std_mean(self, dim=None, unbiased=None, keepdim=None, *, correction=None, ddof=None):
        """`(std, mean)` over dims (see `std`)."""
        s = self.std(dim, unbiased, keepdim, correction=correction, ddof=ddof)
        return s, self.mean(dim, bool(keepdim))

    # --------------------------------------------------------- other reductions
    def logsumexp(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None):
        """log(sum(exp(x))) over dims, computed without overflow; -inf over no elements (as
        PyTorch); float16 in float32."""
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        ax = norm_axis(axis, self.ndim, "logsumexp")
        if self._data.dtype is HALF:
            return in_float32(self, lambda t: t.logsumexp(ax, keepdims))
        if not count(self.shape, ax):  # sums of no terms: log(0) = -inf, as PyTorch
            return self.sum(ax, keepdims) + float("-inf")
        m = np.max(self._data, axis=ax, keepdims=True)
        m = np.where(np.isfinite(m), m, 0)
        t0 = start()
        out = (self - m).exp().sum(ax, keepdims=True).log() + m
        out = out if keepdims else out.reshape(np.squeeze(m, ax).shape)
        return mark(out, t0, "logsumexp", {"axis": ax})

    def softmax(self, axis: int = -1, *, dim=None):
        """exp(x) / sum(exp(x)) along a dim (fused: stable; float16 computed in float32)."""
        axis = axis_arg(dim if dim is not None else axis, self.ndim, "softmax", "dim")
        axis = axis if self.ndim else None  # 0-d: over its one element
        if self._data.dtype is HALF:
            return in_float32(self, lambda t: t.softmax(axis))
        return Softmax.apply(self, axis=axis)

    def log_softmax(self, axis: int = -1, dtype=None, *, dim=None):
        """log(softmax(x)) along a dim (fused: stable; float16 computed in float32); with
        `dtype`, of the tensor cast to it (PyTorch's)."""
        if dtype is not None:
            return self.astype(dtypes.to_dtype(dtype, "log_softmax")).log_softmax(axis, dim=dim)
        axis = axis_arg(dim if dim is not None else axis, self.ndim, "log_softmax", "dim")
        axis = axis if self.ndim else None  # 0-d: over its one element
        if self._data.dtype is HALF:
            return in_float32(self, lambda t: t.log_softmax(axis))
        return LogSoftmax.apply(self, axis=axis)

    def prod(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None, dtype=None):
        """The product over a dim (or all); its gradient is exact at zeros."""
        axis, keepdims = axis_args(axis, keepdims, dim, keepdim)
        x = self if dtype is None else self.astype(dtype)
        ax = norm_axis(axis, x.ndim, "prod")
        if x._data.dtype.kind not in "fc":  # not differentiable: numpy's product
            return x._result(np.prod(x._data, axis=ax, keepdims=keepdims))
        keep = tuple(i for i in range(x.ndim) if ax is not None and i not in ax)
        moved = x.permute(keep + tuple(i for i in range(x.ndim) if i not in keep))
        # the reduced length given, not -1: with a kept dim of length 0, -1 is ambiguous
        flat = moved.reshape(tuple(x.shape[i] for i in keep) + (count(x.shape, ax),))
        if flat.shape[-1] == 0:  # the empty product, 1, still in the graph (zero gradient)
            out = (
                flat.sum(axis=-1) * 0 + 1
                if x.requires_grad
                else x._result(np.ones(flat.shape[:-1], x.dtype))
            )
        else:
            out = Cumprod.apply(flat, axis=flat.ndim - 1)[..., -1]
        if keepdims:
            out = out.reshape(
                tuple(1 if ax is None or i in ax else n for i, n in enumerate(x.shape))
            )
        return out

    def cumsum(self, dim=None, *, axis=None, dtype=None):
        """Running sums along a dim (numpy's axis=None: of the flattened tensor)."""
        return self._scan(Cumsum, "cumsum", dim, axis, dtype)

    def cumprod(self, dim=None, *, axis=None, dtype=None):
        """Running products along a dim; the gradient is exact at zeros (as PyTorch's)."""
        return self._scan(Cumprod, "cumprod", dim, axis, dtype)

    def _scan(self, op, name, dim, axis, dtype):
        d = dim if dim is not None else axis
        x = self if dtype is None else self.astype(dtype)
        if d is None or x.ndim == 0:
            flat = x.reshape(-1)
            out = flat._scan(op, name, 0, None, None)
            return out if d is None else out.reshape(x.shape)
        d = dim_index(d, x.ndim, name)
        if x._data.dtype.kind not in "fc":  # integers and bool: int64, as PyTorch's
            fn = np.cumsum if op is Cumsum else np.cumprod
            return x._result(fn(x._data, axis=d, dtype=np.int64 if x.dtype.kind in "bi" else None))
        return op.apply(x, axis=d)

    def norm(
        self, p="fro", dim=None, keepdim: bool = False, dtype=None, *, axis=None, keepdims=None
    ):
        """The p-norm over dims (all by default): 2 ("fro"), any p > 0, inf, -inf, 0. Its
        gradient is PyTorch's, first and second: 0 at the zero vector (a NaN upstream
        gradient stays NaN for p = 1, 2, inf, p < 1); with `dtype`, of the tensor cast to
        it."""
        if dtype is not None:
            x = self.astype(dtypes.to_dtype(dtype, "norm"))
            return x.norm(p, dim, keepdim, axis=axis, keepdims=keepdims)
        axis, keep = axis_args(axis, keepdims or False, dim, keepdim)
        ax = norm_axis(axis, self.ndim, "norm")
        if p in ("fro", None):
            p = 2
        if p == "nuc":
            raise NotImplementedError("norm(p='nuc') is not supported")
        if not isinstance(p, str) and (p < 0 or p == float("inf")):
            _refuse_empty_norm(self.shape, ax, p)
        if self.dtype.kind == "f" and p != 0 and (self._data.size or p > 0 and p != np.inf):
            return Norm.apply(self, p=float(p), axis=ax, keepdims=keep)
        if p == 2 and self.dtype.kind != "c":
            total = (self * self).sum(ax, keep)
        else:
            a = self.abs()
            if p == float("inf"):
                return a.amax(ax, keep)
            if p == float("-inf"):
                return a.amin(ax, keep)
            if p == 0:
                return (a != 0).astype(self.dtype).sum(ax, keep)
            total = (a * a if p == 2 else a**p).sum(ax, keep)
        zero = np.asarray(total._data == 0)
        if not zero.any():
            return total.sqrt() if p == 2 else total ** (1 / p)
        safe = Where.apply(total._operand(1.0), total, _cond=zero)
        root = safe.sqrt() if p == 2 else safe ** (1 / p)
        return Where.apply(total._operand(0.0), root, _cond=zero)

    def all(self, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
        """Whether every element (over a dim) is nonzero (a bool tensor, no grad)."""
        axis, keep = axis_args(axis, keepdims or keepdim, dim, None)
        return self._result(np.all(self._data, axis=norm_axis(axis, self.ndim), keepdims=keep))

    def any(self, dim=None, keepdim: bool = False, *, axis=None, keepdims=None):
        """Whether any element (over a dim) is nonzero (a bool tensor, no grad)."""
        axis, keep = axis_args(axis, keepdims or keepdim, dim, None)
        return self._result(np.any(self._data, axis=norm_axis(axis, self.ndim), keepdims=keep))

    def count_nonzero(self, dim=None):
        """The number of nonzero elements (over dims), as an int64 tensor."""
        ax = norm_axis(dim, self.ndim)
        return self._result(np.asarray(np.count_nonzero(self._data, axis=ax), dtype=np.int64))

    def nonzero(self, *, as_tuple: bool = False):
        """The indices of the nonzero elements: an (n, ndim) int64 tensor, or one per dim."""
        arr = np.asarray(self._data)
        idx = np.nonzero(arr) if arr.ndim else np.nonzero(arr.reshape(1))
        if as_tuple:
            return tuple(self._result(i.astype(np.int64)) for i in idx)
        if not arr.ndim:  # a 0-d tensor: one row (or none) of no coordinates, as PyTorch's
            return self._result(np.empty((idx[0].size, 0), np.int64))
        return self._result(np.stack(idx, axis=-1).astype(np.int64))

    def nonzero_static(self, *, size: int, fill_value: int = -1) -> Tensor:
        """`nonzero` with exactly `size` rows: the first ones found, then rows of fill_value."""
        if isinstance(size, bool) or not isinstance(size, (int, np.integer)) or size < 0:
            raise RuntimeError("nonzero_static: 'size' must be an non-negative integer")
        found = self.nonzero()._data
        rows = np.full((int(size), found.shape[1]), int(fill_value), np.int64)
        n = min(int(size), found.shape[0])
        rows[:n] = found[:n]
        return self._result(rows)

    # ---------------------------------------------------------------- sorting
    def sort(self, dim: int = -1, descending: bool = False, stable: bool = False):
        """`(values, indices)` sorted along dim (stable; NaN sorts as the largest value)."""
        idx = self._order(dim, descending)
        d = dim_index(dim, self.ndim, "sort")
        return return_types.sort(self._gather(d, idx), self._result(idx))

    def argsort(self, dim: int = -1, descending: bool = False, stable: bool = False):
        """The indices that sort along dim (stable)."""
        return self._result(self._order(dim, descending))

    def topk(self, k: int, dim: int = -1, largest: bool = True, sorted: bool = True):
        """`(values, indices)` of the k largest (or smallest) along dim, in sorted order."""
        d = dim_index(dim, self.ndim, "topk")
        k = integer(k, "k", "topk")
        n = self.shape[d] if self.ndim else 1
        if not 0 <= k <= n:
            raise IndexError(f"topk: k ({k}) is out of range for a dim of length {n}")
        idx = self._order(d, largest)
        idx = idx[(slice(None),) * d + (slice(0, k),)] if self.ndim else idx
        return return_types.topk(self._gather(d, idx), self._result(idx))

    def _order(self, dim, descending: bool) -> np.ndarray:
        a = self._data
        if not np.ndim(a):
            return np.asarray(0)
        d = dim_index(dim, a.ndim, "sort")
        if not descending:
            return np.argsort(a, axis=d, kind="stable")
        # stable and NaN first: sort the reversed tensor ascending, then reverse back
        rev = np.flip(a, axis=d)
        return a.shape[d] - 1 - np.flip(np.argsort(rev, axis=d, kind="stable"), axis=d)

    def _gather(self, d: int, idx: np.ndarray):
        if not self.ndim:
            return self.reshape(())
        grid = list(np.indices(idx.shape, sparse=True))
        grid[d] = idx
        return self[tuple(grid)]


def _refuse_empty_norm(shape: tuple, ax, p) -> None:
    """PyTorch's error for a norm without an identity (p < 0, inf) over an empty dim."""
    if ax is None:
        if 0 in shape:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {p} norm on an empty tensor because "
                "the operation does not have an identity"
            )
        return
    for d in ax:
        if shape and shape[d] == 0:
            raise RuntimeError(
                f"linalg.vector_norm cannot compute the {p} norm on the dimension {d} because "
                "this dimension is empty and the operation does not have an identity"
            )
