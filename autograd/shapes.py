"""Argument handling shared by Tensor methods: shapes given as ints or a tuple, axes."""

from __future__ import annotations

import numpy as np


def shape_arg(shape: tuple) -> tuple:
    """Accept `f(2, 3)` and `f((2, 3))` alike."""
    if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
        return tuple(shape[0])
    return tuple(shape)


def axis_args(axis, keepdims, dim, keepdim):
    """Reductions take numpy's axis/keepdims; PyTorch's dim/keepdim are aliases."""
    if dim is not None:
        axis = dim
    if keepdim is not None:
        keepdims = keepdim
    return axis, bool(keepdims)


def norm_axis(axis, ndim: int):
    """None, or a sorted tuple of non-negative axes (checked against ndim)."""
    if axis is None:
        return None
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    out = []
    for a in axes:
        a = int(a)
        if not -max(ndim, 1) <= a < max(ndim, 1):
            raise np.exceptions.AxisError(a, ndim)
        out.append(a % max(ndim, 1))
    if len(set(out)) != len(out):
        raise ValueError(f"repeated axis in {axis}")
    return tuple(sorted(out))


def count(shape: tuple, axis) -> int:
    n = 1
    for i, s in enumerate(shape):
        if axis is None or i in axis:
            n *= s
    return n


def resolve(shape: tuple, size: int) -> tuple:
    """Fill in one -1 in a reshape target, checking the element count."""
    shape = tuple(int(s) for s in shape)
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
