"""`DataArray`: what `Tensor.data` returns, a numpy array view that also speaks PyTorch.

API.md keeps `Tensor.data` a `numpy.ndarray` (the deliberate exception). PyTorch
programs use `.data` as a Tensor outside autograd: `p.data.add_(p.grad, alpha=-lr)`,
`w.data.normal_(0, 0.02)`, `p.data.std()`, `x.data.size(0)`. A DataArray is an ndarray
(`isinstance(x.data, np.ndarray)`, `np.asarray(x.data)` is a plain array sharing the
memory) with, in addition:

- PyTorch's in-place methods (`add_`, `sub_`, `mul_`, `div_`, `zero_`, `fill_`,
  `copy_`, `clamp_`, `normal_`, `uniform_`, ...), writing into the tensor's memory;
  like PyTorch's `.data`, nothing is recorded, but the memory's version is bumped, so
  an op that saved the old values refuses to backward (loud where PyTorch is silent);
- where numpy's method of the same name means something else, PyTorch's meaning:
  `std()`/`var()` unbiased (`ddof=` or `correction=` to choose), `size()`/`size(dim)`
  (`size` as a number is still the count), `view(*shape)`, `transpose(d0, d1)`,
  `max(dim)`/`min(dim)`/`sort(dim)` giving `(values, indices)`, `repeat(*sizes)` (tile),
  `flatten(start_dim)`. numpy's own calls keep numpy's meaning: they pass numpy's
  keywords (`np.std(a)` calls `a.std(..., ddof=0)`, `np.max(a, axis=1)` calls
  `a.max(axis=1)`), and those select numpy's behaviour here too;
- PyTorch's spellings numpy lacks: `numel()`, `nelement()`, `dim()`, `t()`, `clone()`,
  `detach()`, `cpu()`, `numpy()`, `abs()`, `sign()`, `norm()`, `permute()`, `unsqueeze()`, ...

Results of numpy operations on a DataArray are DataArrays too (numpy keeps subclasses);
library code computes on the plain array (`Tensor.numpy()`), so this costs the engine
nothing. Limits: `nonzero()` stays numpy's (numpy calls it without arguments), and a
DataArray is not a Tensor: `p.data.requires_grad`, `p.data.grad` do not exist.
"""

from __future__ import annotations

import math

import numpy as np

from . import random_kernels as _k
from . import return_types, versions
from .generator import resolve
from .op import sign as _sign
from .op import value as _value
from .shapes import ElementCount, dim_index, shape_arg
from .shapes import resolve as _resolve_shape

_NUMPY_REDUCE = ("axis", "dtype", "out", "where", "initial", "kind", "order")


def _plain(a) -> np.ndarray:
    return a.view(np.ndarray)


def _numpy_call(kwargs: dict) -> bool:
    """Whether a call used numpy's keywords (numpy's functions call methods with them)."""
    return any(k in kwargs for k in _NUMPY_REDUCE)


class DataArray(np.ndarray):
    """`Tensor.data`: an ndarray sharing the tensor's memory, with PyTorch's methods too
    (see the module docstring)."""

    # ------------------------------------------------------------ in place
    def _write(self, fn):
        fn(_plain(self))
        versions.bump_memory(self)
        return self

    def add_(self, other, *, alpha=1):
        """self += alpha * other, in place."""
        v = _value(other) if alpha == 1 else _value(other) * alpha
        return self._write(lambda d: np.add(d, v, out=d))

    def sub_(self, other, *, alpha=1):
        """self -= alpha * other, in place."""
        v = _value(other) if alpha == 1 else _value(other) * alpha
        return self._write(lambda d: np.subtract(d, v, out=d))

    def mul_(self, other):
        """self *= other, in place."""
        v = _value(other)
        return self._write(lambda d: np.multiply(d, v, out=d))

    def div_(self, other):
        """self /= other, in place."""
        v = _value(other)
        return self._write(lambda d: np.true_divide(d, v, out=d))

    def pow_(self, exponent):
        """self **= exponent, in place."""
        v = _value(exponent)
        return self._write(lambda d: np.power(d, v, out=d))

    def addcmul_(self, tensor1, tensor2, *, value=1):
        """self += value * tensor1 * tensor2, in place."""
        v = _value(tensor1) * _value(tensor2) * value
        return self._write(lambda d: np.add(d, v, out=d, casting="same_kind"))

    def addcdiv_(self, tensor1, tensor2, *, value=1):
        """self += value * tensor1 / tensor2, in place."""
        v = _value(tensor1) / _value(tensor2) * value
        return self._write(lambda d: np.add(d, v, out=d, casting="same_kind"))

    def lerp_(self, end, weight):
        """self += weight * (end - self), in place."""
        v = (_value(end) - _plain(self)) * _value(weight)
        return self._write(lambda d: np.add(d, v, out=d, casting="same_kind"))

    def zero_(self):
        """Set every element to 0, in place."""
        return self._write(lambda d: d.fill(0))

    def fill_(self, value):
        """Set every element to value, in place."""
        v = _value(value)
        return self._write(lambda d: d.fill(v))

    def copy_(self, src):
        """Copy src's values into self (broadcast), in place."""
        v = _value(src)
        return self._write(lambda d: np.copyto(d, v, casting="unsafe"))

    def clamp_(self, min=None, max=None):
        """Clamp to [min, max], in place."""
        lo, hi = _value(min), _value(max)
        return self._write(lambda d: np.clip(d, lo, hi, out=d))

    clip_ = clamp_

    def masked_fill_(self, mask, value):
        """Set the elements where mask (broadcast) is True to value, in place."""
        m, v = np.asarray(_value(mask), dtype=bool), _value(value)
        return self._write(lambda d: np.copyto(d, v, where=np.broadcast_to(m, d.shape)))

    def abs_(self):
        """|x|, in place."""
        return self._write(lambda d: np.abs(d, out=d))

    def neg_(self):
        """-x, in place."""
        return self._write(lambda d: np.negative(d, out=d))

    def sqrt_(self):
        """sqrt(x), in place."""
        return self._write(lambda d: np.sqrt(d, out=d))

    def exp_(self):
        """exp(x), in place."""
        return self._write(lambda d: np.exp(d, out=d))

    def log_(self):
        """log(x), in place."""
        return self._write(lambda d: np.log(d, out=d))

    def uniform_(self, from_: float = _k.UNSET, to: float = 1.0, *, generator=None, **kwargs):
        """Fill with U(from, to) draws (PyTorch's stream), in place (`from` as Tensor's)."""
        from_ = _k.from_keyword("uniform_", from_, kwargs, 0.0)
        g = resolve(generator)
        return self._write(lambda d: _k.write(d, _k.uniform(g, d.size, d.dtype, from_, to)))

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator=None):
        """Fill with N(mean, std^2) draws (PyTorch's stream), in place."""
        g = resolve(generator)
        return self._write(
            lambda d: _k.write(d, _k.normal(g, d.size, d.dtype, mean, std, d.flags.c_contiguous))
        )

    # ------------------------------------------ PyTorch's meaning where numpy's differs
    @property
    def size(self):
        """The element count (numpy's attribute); `size()` the shape, `size(dim)` a length."""
        return ElementCount(self.shape)

    def var(self, dim=None, unbiased=None, keepdim=False, *, correction=None, **kwargs):
        """Unbiased by default (PyTorch's `correction=1`); `ddof=` as numpy's."""
        return self._spread(np.var, dim, unbiased, keepdim, correction, kwargs)

    def std(self, dim=None, unbiased=None, keepdim=False, *, correction=None, **kwargs):
        """Unbiased by default (PyTorch's `correction=1`); `ddof=` as numpy's."""
        return self._spread(np.std, dim, unbiased, keepdim, correction, kwargs)

    def _spread(self, fn, dim, unbiased, keepdim, correction, kwargs):
        ddof = 1 if correction is None else correction
        if unbiased is not None:
            ddof = int(bool(unbiased))
        kwargs.setdefault("ddof", ddof)  # numpy's own calls pass ddof (np.std(a): ddof=0)
        kwargs.setdefault("axis", dim)
        kwargs.setdefault("keepdims", keepdim)
        with np.errstate(all="ignore"):
            return fn(_plain(self), **kwargs)

    def max(self, dim=None, keepdim=False, **kwargs):
        """The largest value; with a dim (PyTorch's spelling) `(values, indices)`."""
        return self._extreme(np.max, np.argmax, return_types.max, dim, keepdim, kwargs)

    def min(self, dim=None, keepdim=False, **kwargs):
        """The smallest value; with a dim (PyTorch's spelling) `(values, indices)`."""
        return self._extreme(np.min, np.argmin, return_types.min, dim, keepdim, kwargs)

    def _extreme(self, reduce, arg, result, dim, keepdim, kwargs):
        a = _plain(self)
        if dim is None or _numpy_call(kwargs) or "keepdims" in kwargs:
            return reduce(a, axis=kwargs.pop("axis", dim), **kwargs)
        d = dim_index(dim, a.ndim)
        idx = arg(a, axis=d, keepdims=True)
        vals = np.take_along_axis(a, idx, axis=d)
        if not keepdim:
            vals, idx = vals.squeeze(d), idx.squeeze(d)
        return result(vals, idx)

    def sort(self, dim=-1, descending=False, stable=False, **kwargs):
        """`(values, indices)` along dim (PyTorch); numpy's `sort(axis=, kind=)` sorts in place."""
        if _numpy_call(kwargs):
            return np.ndarray.sort(self, **kwargs)
        a = _plain(self)
        d = dim_index(dim, a.ndim)
        if descending:
            rev = np.flip(a, axis=d)
            idx = a.shape[d] - 1 - np.flip(np.argsort(rev, axis=d, kind="stable"), axis=d)
        else:
            idx = np.argsort(a, axis=d, kind="stable")
        return return_types.sort(np.take_along_axis(a, idx, axis=d), idx)

    def transpose(self, *axes):
        """`transpose(d0, d1)` swaps two dims (PyTorch); a permutation or none is numpy's."""
        if len(axes) == 2 and all(isinstance(x, (int, np.integer)) for x in axes):
            return np.swapaxes(self, axes[0], axes[1])
        return np.ndarray.transpose(self, *axes)

    def view(self, *args, **kwargs):
        """`view(*shape)` reshapes (PyTorch, sharing memory); `view(dtype)`/`view(type)` is
        numpy's."""
        if kwargs or not args or isinstance(args[0], (np.dtype, type, str)) or args[0] is None:
            return np.ndarray.view(self, *args, **kwargs)
        shape = _resolve_shape(shape_arg(args), math.prod(self.shape))
        out = np.ndarray.reshape(self, shape)
        if out.size and not np.shares_memory(out, self):
            raise RuntimeError(
                "view: this shape cannot share the array's memory (it is not contiguous); "
                "use .reshape(...) instead"
            )
        return out

    def repeat(self, *sizes, **kwargs):
        """`repeat(*sizes)` tiles (PyTorch); numpy's `repeat(n, axis=)` (with axis) repeats
        each element."""
        if (
            "axis" in kwargs
            or not sizes
            or not all(isinstance(s, (int, np.integer)) for s in sizes)
        ):
            return np.ndarray.repeat(self, *sizes, **kwargs)
        return np.tile(self, sizes)

    def flatten(self, start_dim=0, end_dim=-1, **kwargs):
        """`flatten(start_dim, end_dim)` (PyTorch); numpy's `flatten(order)` with a letter."""
        if isinstance(start_dim, str) or kwargs:
            return np.ndarray.flatten(self, start_dim if isinstance(start_dim, str) else "C")
        if self.ndim == 0:
            return np.ndarray.reshape(self, 1)
        s, e = dim_index(start_dim, self.ndim), dim_index(end_dim, self.ndim)
        shape = self.shape[:s] + (math.prod(self.shape[s : e + 1]),) + self.shape[e + 1 :]
        return np.ndarray.reshape(self, shape).copy()

    # ------------------------------------------------- PyTorch's names numpy lacks
    def numel(self) -> int:
        """The number of elements."""
        return int(math.prod(self.shape))

    nelement = numel

    def dim(self) -> int:
        """The number of dims."""
        return self.ndim

    ndimension = dim

    def t(self):
        """The transpose of a 2-d array (0-d and 1-d as they are)."""
        if self.ndim > 2:
            raise RuntimeError(f"t() expects <= 2 dimensions, got {self.ndim}")
        return np.ndarray.transpose(self)

    def permute(self, *dims):
        """Reorder the dims."""
        dims = dims[0] if len(dims) == 1 and isinstance(dims[0], (tuple, list)) else dims
        return np.ndarray.transpose(self, dims)

    def unsqueeze(self, dim: int):
        """Insert a dim of length 1."""
        return np.expand_dims(self, dim_index(dim, self.ndim + 1))

    def clone(self):
        """A copy."""
        return self.copy()

    def detach(self):
        """self (a DataArray is outside any graph)."""
        return self

    def cpu(self):
        """self (graphgrad runs on the CPU)."""
        return self

    def numpy(self) -> np.ndarray:
        """The plain numpy array (shared memory)."""
        return _plain(self)

    def abs(self):
        """|x|."""
        return np.abs(self)

    def norm(self, p=2, dim=None, keepdim=False):
        """The p-norm over dims (all by default)."""
        a = np.abs(_plain(self))
        if p == float("inf"):
            return a.max(axis=dim, keepdims=keepdim)
        return (a**p).sum(axis=dim, keepdims=keepdim) ** (1 / p)

    def sign(self):
        """-1, 0 or 1; 0 at NaN and a bool array as it is, as PyTorch's (numpy's: NaN, an
        error)."""
        if self.dtype == np.bool_:
            return self.copy()
        return np.asarray(_sign(_plain(self))).view(DataArray)

    def sqrt(self):
        """sqrt(x)."""
        return np.sqrt(self)

    def exp(self):
        """exp(x)."""
        return np.exp(self)

    def log(self):
        """log(x)."""
        return np.log(self)

    def __repr__(self) -> str:  # printed as the ndarray it is
        return repr(_plain(self))
