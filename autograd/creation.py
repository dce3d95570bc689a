"""Creation functions (the random ones are in random.py)."""

from __future__ import annotations

import numpy as np

from . import dtypes
from .shapes import shape_arg as _shape_arg
from .tensor import Tensor


def _make(arr, dtype, requires_grad) -> Tensor:
    if dtype is not None:
        arr = arr.astype(dtype, copy=False)
    return Tensor(arr, requires_grad=requires_grad)


def _float(dtype):
    return np.dtype(dtype) if dtype is not None else dtypes.get_default_dtype()


def zeros(*shape, dtype=None, requires_grad: bool = False) -> Tensor:
    return _make(np.zeros(_shape_arg(shape), _float(dtype)), None, requires_grad)


def ones(*shape, dtype=None, requires_grad: bool = False) -> Tensor:
    return _make(np.ones(_shape_arg(shape), _float(dtype)), None, requires_grad)


def full(shape, fill_value, dtype=None, requires_grad: bool = False) -> Tensor:
    shape = tuple(shape) if isinstance(shape, (tuple, list)) else (shape,)
    if dtype is None and isinstance(fill_value, (bool, int)) and not isinstance(fill_value, float):
        arr = np.full(shape, fill_value)
    else:
        arr = np.full(shape, fill_value, _float(dtype))
    return _make(arr, None, requires_grad)


def zeros_like(t, dtype=None, requires_grad: bool = False) -> Tensor:
    a = t._data if isinstance(t, Tensor) else np.asarray(t)
    return _make(np.zeros(a.shape, dtype or a.dtype), None, requires_grad)


def ones_like(t, dtype=None, requires_grad: bool = False) -> Tensor:
    a = t._data if isinstance(t, Tensor) else np.asarray(t)
    return _make(np.ones(a.shape, dtype or a.dtype), None, requires_grad)


def eye(n: int, m: int | None = None, dtype=None, requires_grad: bool = False) -> Tensor:
    return _make(np.eye(n, m, dtype=_float(dtype)), None, requires_grad)


def arange(start, stop=None, step=1, dtype=None, requires_grad: bool = False) -> Tensor:
    """Like numpy's; integer arguments give an int64 tensor, float ones the default dtype."""
    if stop is None:
        start, stop = 0, start
    arr = np.arange(start, stop, step)
    if dtype is None and arr.dtype.kind == "f":
        dtype = dtypes.get_default_dtype()
    return _make(arr, dtype, requires_grad)


def linspace(start, stop, num: int = 50, dtype=None, requires_grad: bool = False) -> Tensor:
    return _make(np.linspace(start, stop, num, dtype=_float(dtype)), None, requires_grad)
