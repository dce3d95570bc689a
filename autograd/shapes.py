"""Argument handling shared by Tensor methods (shapes given as ints or a tuple, axes and
dims), and `Size` and `ElementCount`, what `x.size()` and `x.size` are.

API.md fixes both spellings of size: `x.size()` is PyTorch's shape and `x.size(dim)` one
length, while `x.size` used as a number is numpy's element count (`x.size == 6`,
`range(x.size)`, `np.zeros(x.size)`). `ElementCount` is an int (arithmetic,
comparisons, hashing, `%d`, json and numpy all see the count) that can also be
called; used as a sequence (`x.size[0]`, `n, m = x.size`) it raises a TypeError that
says to write `x.size()` or `x.shape`, so neither spelling silently misbehaves.

Sizes, axes and dims must be integers in the sense of `operator.index` (Python and
numpy ints pass; `2.7`, `2.0` and `"2"` are a TypeError naming the argument, as in
PyTorch), so a Tensor method that takes a shape or an axis through these helpers checks
it the same way (autograd/argcheck.py does the same for layers and optimizers).
"""

from __future__ import annotations

import math
import operator

import numpy as np

from .argcheck import integer


def _ints(values, name: str, who: str) -> tuple:
    """A tuple of ints (each by operator.index), or a TypeError naming the argument."""
    out = []
    for v in values:
        try:
            out.append(operator.index(v))
        except TypeError:
            raise TypeError(
                f"{who}: {name} must be integers, got {v!r} ({type(v).__name__}) in "
                f"{tuple(values)!r}"
            ) from None
    return tuple(out)


def shape_arg(shape: tuple, who: str = "shape", name: str = "the sizes") -> tuple:
    """Accept `f(2, 3)` and `f((2, 3))` alike; every size an integer (operator.index)."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        shape = tuple(shape[0])
    if shape and type(shape[0]) is int and all(type(s) is int for s in shape):
        return tuple(shape)  # the common case, checked without a call per size
    return _ints(shape, name, who)


def axis_arg(axis, ndim: int, who: str = "axis", name: str = "axis") -> int:
    """One axis (dim), an integer in [-ndim, ndim) (at least one axis for 0-d tensors)."""
    if type(axis) is not int:
        axis = integer(axis, name, who)
    if not -max(ndim, 1) <= axis < max(ndim, 1):
        raise np.exceptions.AxisError(axis, ndim)
    return axis


def axis_args(axis, keepdims, dim, keepdim):
    """Reductions take numpy's axis/keepdims; PyTorch's dim/keepdim are aliases."""
    if dim is not None:
        axis = dim
    if keepdim is not None:
        keepdims = keepdim
    return axis, bool(keepdims)


def norm_axis(axis, ndim: int, who: str = "reduction"):
    """None, or a sorted tuple of non-negative axes (integers, checked against ndim)."""
    if axis is None:
        return None
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    out = []
    for a in axes:
        if type(a) is not int:
            try:
                a = operator.index(a)
            except TypeError:
                raise TypeError(
                    f"{who}: axis (dim) must be an int or a tuple of ints, got {axis!r} "
                    f"({type(a).__name__})"
                ) from None
        if not -max(ndim, 1) <= a < max(ndim, 1):
            raise np.exceptions.AxisError(a, ndim)
        out.append(a % max(ndim, 1))
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in {axis}")
    if not ndim:  # 0-d: dim 0 (or -1) is the whole tensor, as in PyTorch
        return None
    return tuple(sorted(out))


def reducible(name: str, shape: tuple, axis) -> None:
    """PyTorch's errors for max/min over no elements (numpy's say "zero-size array").

    Over all axes of an empty tensor: RuntimeError; over an axis of length 0: IndexError.
    """
    if axis is None:
        if 0 in shape:
            raise RuntimeError(
                f"{name}(): Expected reduction dim to be specified for input.numel() == 0 "
                f"(the tensor has shape {shape}). Specify the reduction dim with the 'dim' "
                "argument."
            )
        return
    for a in axis:
        if shape and not shape[a]:
            raise IndexError(
                f"{name}(): Expected reduction dim {a} to have non-zero size (the tensor has "
                f"shape {shape})."
            )


def count(shape: tuple, axis) -> int:
    n = 1
    for i, s in enumerate(shape):
        if axis is None or i in axis:
            n *= s
    return n


def resolve(shape: tuple, size: int) -> tuple:
    """Fill in one -1 in a reshape target, checking the element count."""
    shape = shape_arg(shape, "reshape")
    if shape.count(-1) > 1:
        raise ValueError(f"reshape: only one dimension can be -1, got {shape}")
    known = count(tuple(s for s in shape if s != -1), None)
    if -1 in shape:
        if known == 0 or size % known:
            raise ValueError(f"reshape: cannot reshape {size} elements into {shape}")
        shape = tuple(size // known if s == -1 else s for s in shape)
    elif known != size:
        raise ValueError(f"reshape: cannot reshape {size} elements into shape {shape}")
    return shape


def dim_index(dim, ndim: int, who: str = "Tensor") -> int:
    """A dim (PyTorch) or axis (numpy) as a non-negative int; IndexError if out of range,
    TypeError naming the dim if it is not an integer.

    A 0-d tensor accepts 0 and -1, as PyTorch's reductions do.
    """
    d = dim if type(dim) is int else integer(dim, "dim", who)
    n = max(ndim, 1)
    if not -n <= d < n:
        raise IndexError(
            f"dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {d})"
        )
    return d % n


def dims_arg(dims, ndim: int, who: str = "Tensor") -> tuple:
    """One dim, or several (ints or one sequence), as a tuple of non-negative ints."""
    if len(dims) == 1 and isinstance(dims[0], (tuple, list)):
        dims = dims[0]
    out = tuple(dim_index(d, ndim, who) for d in dims)
    if len(set(out)) != len(out):
        raise ValueError(f"repeated dim in {tuple(dims)}")
    return out


class Size(tuple):
    """A tensor's shape, as PyTorch's `torch.Size`: a tuple with `numel()`."""

    __slots__ = ()

    def numel(self) -> int:
        """The number of elements a tensor of this shape has."""
        return math.prod(self)

    def __getitem__(self, index):
        item = tuple.__getitem__(self, index)
        return Size(item) if isinstance(index, slice) else item

    def __add__(self, other):
        return Size(tuple.__add__(self, tuple(other)))

    def __radd__(self, other):
        return Size(tuple(other) + tuple(self))

    def __mul__(self, n):
        return Size(tuple.__mul__(self, n))

    __rmul__ = __mul__

    def __repr__(self) -> str:
        return f"Size({list(self)})"

    def __reduce__(self):
        return (Size, (tuple(self),))


class ElementCount(int):
    """`x.size`: the number of elements (numpy's attribute), callable as PyTorch's method.

    `x.size()` is the shape as a `Size`, `x.size(dim)` one length; as a number it is
    the element count.
    """

    def __new__(cls, shape: tuple):
        self = int.__new__(cls, math.prod(shape))
        self._shape = shape
        return self

    def __call__(self, dim=None):
        if dim is None:
            return Size(self._shape)
        shape = self._shape
        if not shape:
            raise IndexError(
                f"size({dim}): dimension specified as {dim} but the tensor has no dimensions"
            )
        return shape[dim_index(dim, len(shape), "size")]

    def _not_a_shape(self, *args):
        raise TypeError(
            f"x.size is the number of elements ({int(self)}), as numpy's attribute; for the "
            "shape write x.size() (PyTorch) or x.shape"
        )

    __getitem__ = __iter__ = __len__ = _not_a_shape

    def __reduce__(self):  # pickles and copies as the plain count
        return (int, (int(self),))
