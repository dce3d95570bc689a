"""graphgrad's module-level functions that mirror numpy's: where, maximum, stack, ..."""

from __future__ import annotations

import numpy as np

from . import ops_elementwise as E
from . import ops_shape as S
from .tensor import Tensor, _value


def where(condition, a, b) -> Tensor:
    """Elements of a where condition holds, else of b (either may be a Python scalar)."""
    cond = np.asarray(_value(condition), dtype=bool)
    if not isinstance(a, Tensor):
        a = b._operand(a) if isinstance(b, Tensor) else Tensor(a)
    if not isinstance(b, Tensor):
        b = a._operand(b)
    return E.Where.apply(a, b, _cond=cond)


def maximum(a, b) -> Tensor:
    """Elementwise max; at ties the gradient is split evenly."""
    if not isinstance(a, Tensor):
        a = b._operand(a)
    return E.Maximum.apply(a, a._operand(b))


def minimum(a, b) -> Tensor:
    """Elementwise min; at ties the gradient is split evenly."""
    if not isinstance(a, Tensor):
        a = b._operand(a)
    b = a._operand(b)
    if not (a.requires_grad or b.requires_grad):  # also right for unsigned and bool
        return Tensor._result(np.minimum(a._data, b._data))
    dt = np.result_type(a._data, b._data)  # negate in the result's dtype (never in uint8)
    return -E.Maximum.apply(-a.astype(dt), -b.astype(dt))


def matmul(a, b) -> Tensor:
    a = a if isinstance(a, Tensor) else Tensor(a)
    return a @ b


def concatenate(tensors, axis: int = 0) -> Tensor:
    tensors = [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]
    if not tensors:
        raise ValueError("concatenate: need at least one tensor")
    return S.Concatenate.apply(*tensors, axis=axis)


def stack(tensors, axis: int = 0) -> Tensor:
    tensors = [t if isinstance(t, Tensor) else Tensor(t) for t in tensors]
    if not tensors:
        raise ValueError("stack: need at least one tensor")
    shapes = {t.shape for t in tensors}
    if len(shapes) != 1:
        raise ValueError(f"stack: all tensors must have the same shape, got {sorted(shapes)}")
    return concatenate([t.unsqueeze(axis) for t in tensors], axis)
