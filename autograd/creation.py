"""Creation functions with PyTorch's signatures (the random ones are in random.py).

`tensor` copies its data and infers the dtype as PyTorch does (Python floats take the
default dtype, ints int64, bools bool; numpy arrays and scalars and Tensors keep theirs);
`from_numpy` and `as_tensor` share a numpy array's memory. The factories take the shape
as ints or one tuple, and `dtype=`, `device=` (the CPU), `requires_grad=` and `out=`
where PyTorch has them. `arange`, `linspace` and `logspace` give PyTorch's values to the
last bit (ranges.py).
"""

from __future__ import annotations

import math
import warnings
from itertools import chain

import numpy as np

from . import devices, dtypes, ranges, versions
from .argcheck import integer
from .grad_mode import is_grad_enabled
from .layouts import check_storage as _check_storage
from .shapes import shape_arg as _shape_arg
from .tensor_class import Tensor

__all__ = [
    "arange",
    "as_tensor",
    "asarray",
    "empty",
    "empty_like",
    "eye",
    "from_numpy",
    "full",
    "full_like",
    "linspace",
    "logspace",
    "ones",
    "ones_like",
    "tensor",
    "zeros",
    "zeros_like",
]

_BOOL, _INT64 = np.dtype(np.bool_), np.dtype(np.int64)


# ------------------------------------------------------------------------ helpers
def _dtype(dtype) -> np.dtype | None:
    return None if dtype is None else dtypes.to_dtype(dtype)


def _size(size: tuple, what: str) -> tuple:
    shape = _shape_arg(size, what)  # integers (operator.index): a TypeError naming the size
    if any(s < 0 for s in shape):
        raise RuntimeError(f"{what}(): negative dimension in size {list(shape)}")
    return shape


def _sizes(sizes: tuple, size, what: str) -> tuple:
    """The shape given as ints, one tuple, or PyTorch's keyword `size=`."""
    if size is None:
        return _size(sizes, what)
    if sizes:
        raise TypeError(f"{what}(): the size was given both by position and as size=")
    return _size((size,), what)


def _finish(arr: np.ndarray, requires_grad: bool, out, what: str) -> Tensor:
    """A new tensor of arr, or arr written into `out` (resized if its shape differs)."""
    if out is None:
        return Tensor(arr, requires_grad=requires_grad)
    return write_out(out, arr, what)


def write_out(out, arr: np.ndarray, what: str) -> Tensor:
    """Write arr into the Tensor `out` (PyTorch's `out=`), in place; returns out."""
    if not isinstance(out, Tensor):
        raise TypeError(f"{what}(): out= must be a Tensor, got {type(out).__name__}")
    if out.requires_grad and is_grad_enabled():
        raise RuntimeError(
            f"{what}(): functions with out=... arguments don't support automatic "
            "differentiation, but out requires grad"
        )
    versions.check_mutable(out, f"{what}(out=...)")
    if arr.dtype != out.dtype:
        arr = arr.astype(out.dtype)
    d = out._data
    if type(d) is np.ndarray and d.shape == arr.shape:
        np.copyto(d, arr)
        versions.bump(out)
        return out
    if out._data.size:
        warnings.warn(
            f"{what}(): an output with one or more elements was resized since it had shape "
            f"{list(out.shape)}, which does not match the required output shape "
            f"{list(arr.shape)}",
            stacklevel=3,
        )
    out._data = arr[()] if arr.ndim == 0 else arr
    versions.bump(out, memory=False)
    return out


def _out_dtype(dtype, out, what: str) -> np.dtype | None:
    """The dtype asked for: `dtype`, else out's (PyTorch fills `out` in its own dtype)."""
    d = _dtype(dtype)
    if out is not None and isinstance(out, Tensor):
        if d is not None and d != out.dtype:
            raise RuntimeError(
                f"{what}(): dtype {d} does not match the dtype of the out parameter ({out.dtype})"
            )
        return out.dtype
    return d


def _number_dtype(x) -> np.dtype:
    """The dtype PyTorch gives a Python number (or a one-element tensor or numpy scalar)."""
    if isinstance(x, Tensor):
        return x.dtype
    if isinstance(x, np.generic):
        return x.dtype
    if isinstance(x, bool):
        return _BOOL
    if isinstance(x, int):
        return _INT64
    if isinstance(x, complex):
        return dtypes.default_complex()
    return dtypes.get_default_dtype()


def _number(x):
    """A Python number from a number, a numpy scalar or a one-element tensor."""
    if isinstance(x, Tensor):
        return x.item()
    if isinstance(x, np.generic):
        return x.item()
    return x


# ------------------------------------------------------------------- from data
_SEQUENCES = (list, tuple, range)


def _leaf_dtype(x) -> np.dtype | None:
    """The dtype PyTorch gives one element (None: not a number, array or tensor)."""
    t = type(x)
    if t is float or (isinstance(x, float) and not isinstance(x, np.generic)):
        return dtypes.get_default_dtype()
    if t is bool:
        return _BOOL
    if t is int or (isinstance(x, int) and not isinstance(x, np.generic)):
        return _INT64
    if t is complex:
        return dtypes.default_complex()
    if isinstance(x, (Tensor, np.ndarray, np.generic)) and x.dtype.kind in "biufc":
        return x.dtype
    return None


def _lower(data):
    """data (nested lists and tuples) with one-element Tensors as their arrays, and the dtype
    PyTorch infers for it (every element's, promoted by PyTorch's table).

    The elements' types are collected one nesting level at a time (`set(map(type, ...))`,
    in C), so a long list of Python numbers costs little more than numpy's own conversion.
    """
    found: set = set()
    has_tensor = False
    level = [data]  # one nesting level at a time: its elements, then theirs
    while level:
        elements = list(chain.from_iterable(level))
        kinds = set(map(type, elements))
        if kinds.isdisjoint(_SEQUENCES):
            level = []
        elif kinds.issubset(_SEQUENCES):
            level = elements
        else:
            level = [v for v in elements if type(v) in _SEQUENCES]
        for kind in kinds.difference(_SEQUENCES):
            d = _leaf_dtype(next(v for v in elements if type(v) is kind))
            if d is None:
                raise TypeError(f"tensor(): invalid data type '{kind.__name__}'")
            if not issubclass(kind, (Tensor, np.ndarray)):
                found.add(d)
                continue
            for v in elements:  # arrays and tensors each have their own dtype (and size)
                if type(v) is kind:
                    found.add(v.dtype)
                    if kind is not np.ndarray and v._data.size != 1:
                        raise TypeError(
                            "tensor(): a list may hold only one-element tensors (as PyTorch); "
                            "stack tensors with autograd.stack(tensors)"
                        )
            has_tensor = has_tensor or not issubclass(kind, np.ndarray)
    dtype = None
    for d in found:
        dtype = d if dtype is None else dtypes.promote_types(dtype, d)
    if has_tensor:
        data = _without_tensors(data)
    return data, dtype


def _without_tensors(x):
    if isinstance(x, Tensor):
        return x._data
    if isinstance(x, (list, tuple)):
        return [_without_tensors(v) for v in x]
    return x


def _array_of(data, dtype: np.dtype | None, what: str) -> np.ndarray:
    """A new array of `data` (always a copy), in `dtype` or the dtype PyTorch infers."""
    if isinstance(data, Tensor):
        arr = data._data
        return np.array(arr, dtype=dtype or arr.dtype)
    if isinstance(data, (np.ndarray, np.generic)):
        _check_numpy(data, what)
        return np.array(data, dtype=dtype or data.dtype)
    if isinstance(data, str) or data is None:
        raise TypeError(f"{what}(): invalid data type '{type(data).__name__}'")
    if isinstance(data, (list, tuple, range)):
        data, inferred = _lower(data)
        inferred = inferred or dtypes.get_default_dtype()  # [] is float, as in PyTorch
    else:
        inferred = _leaf_dtype(data)
        if inferred is None:
            try:  # other sequences and array-likes (numpy's protocols)
                arr = np.asarray(data)
            except Exception:
                arr = None
            if arr is None or arr.dtype.hasobject:
                raise TypeError(
                    f"{what}(): cannot make a tensor from {type(data).__name__}"
                ) from None
            return np.array(arr, dtype=dtype or arr.dtype)
    try:
        return np.array(data, dtype=dtype or inferred)
    except ValueError as e:
        raise ValueError(
            f"{what}(): the data is not a regular (rectangular) nested sequence: {e}"
        ) from None


def _check_numpy(a, what: str) -> None:
    if a.dtype.hasobject or a.dtype.kind not in "biufc":
        raise TypeError(
            f"{what}(): can't convert np.ndarray of type {a.dtype}. The supported types are "
            "float64, float32, float16, complex64, complex128, int64, int32, int16, int8, "
            "uint64, uint32, uint16, uint8 and bool"
        )


def tensor(
    data, *, dtype=None, device=None, pin_memory: bool = False, requires_grad: bool = False
) -> Tensor:
    """A new tensor holding a copy of `data` (numbers, nested lists, arrays, tensors).

    The dtype is inferred as PyTorch does: Python floats take the default dtype (float32),
    ints int64, bools bool; numpy arrays, numpy scalars and Tensors keep theirs. Given a
    Tensor it copies and warns: write `t.detach().clone()` instead.
    """
    _check_storage("tensor", pin_memory=pin_memory)
    devices.check(device, "tensor")
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, use t.detach().clone() (or "
            "t.detach().clone().requires_grad_(True)) rather than autograd.tensor(t)",
            UserWarning,
            stacklevel=2,
        )
    return Tensor(_array_of(data, _dtype(dtype), "tensor"), requires_grad=requires_grad)


def as_tensor(data, dtype=None, device=None) -> Tensor:
    """`data` as a tensor, sharing memory when it can: a Tensor of that dtype is returned
    itself, a numpy array of it is shared (`from_numpy`); anything else is copied."""
    devices.check(device, "as_tensor")
    d = _dtype(dtype)
    if isinstance(data, Tensor):
        return data if d is None or d == data.dtype else data.to(d)
    if isinstance(data, np.ndarray) and (d is None or d == data.dtype):
        return from_numpy(data)
    return Tensor(_array_of(data, d, "as_tensor"))


def asarray(obj, *, dtype=None, device=None, copy: bool | None = None,
            requires_grad: bool = False) -> Tensor:  # fmt: skip
    """`obj` as a tensor (the array API's `asarray`): shares a Tensor's or an array's memory
    unless `copy=True` or a cast is needed; `copy=False` refuses to copy."""
    devices.check(device, "asarray")
    d = _dtype(dtype)
    src = obj._data if isinstance(obj, Tensor) else obj
    if isinstance(src, (np.ndarray, np.generic)) or isinstance(obj, Tensor):
        _check_numpy(src, "asarray")
        same = d is None or d == src.dtype
        if copy is False and not (same and isinstance(src, np.ndarray)):
            raise ValueError(f"asarray(): copy=False, but a copy is needed (to {d})")
        if isinstance(obj, Tensor) and same and not copy and not requires_grad:
            return obj
        arr = np.array(src, dtype=d or src.dtype, copy=True if copy else None)
    else:
        if copy is False:
            raise ValueError(f"asarray(): copy=False, but {type(obj).__name__} must be copied")
        arr = _array_of(obj, d, "asarray")
    return Tensor(arr, requires_grad=requires_grad)


def from_numpy(ndarray: np.ndarray) -> Tensor:
    """A tensor sharing the numpy array's memory and dtype: writes to one show in the other."""
    if not isinstance(ndarray, np.ndarray):
        raise TypeError(f"from_numpy(): expected np.ndarray (got {type(ndarray).__name__})")
    _check_numpy(ndarray, "from_numpy")
    if not ndarray.dtype.isnative:
        raise ValueError(
            "from_numpy(): the array's byte order differs from the machine's; convert it "
            "first: a.astype(a.dtype.newbyteorder('='))"
        )
    return Tensor(ndarray)  # the array itself, also when 0-d


# ---------------------------------------------------------------- factories
def _float(dtype) -> np.dtype:
    d = _dtype(dtype)
    return d if d is not None else dtypes.get_default_dtype()


def zeros(
    *sizes, size=None, out=None, dtype=None, device=None, layout=None, requires_grad: bool = False
) -> Tensor:
    """A tensor of zeros of the given size (ints or one tuple), in the default dtype."""
    _check_storage("zeros", layout=layout)
    devices.check(device, "zeros")
    shape = _sizes(sizes, size, "zeros")
    return _finish(np.zeros(shape, _float(_out_dtype(dtype, out, "zeros"))), requires_grad, out,
                   "zeros")  # fmt: skip


def ones(
    *sizes, size=None, out=None, dtype=None, device=None, layout=None, requires_grad: bool = False
) -> Tensor:
    """A tensor of ones of the given size (ints or one tuple), in the default dtype."""
    _check_storage("ones", layout=layout)
    devices.check(device, "ones")
    shape = _sizes(sizes, size, "ones")
    return _finish(np.ones(shape, _float(_out_dtype(dtype, out, "ones"))), requires_grad, out,
                   "ones")  # fmt: skip


def empty(
    *sizes,
    size=None,
    out=None,
    dtype=None,
    device=None,
    layout=None,
    pin_memory: bool = False,
    memory_format=None,
    requires_grad: bool = False,
) -> Tensor:
    """A tensor of the given size whose values are whatever the memory held (as PyTorch)."""
    _check_storage("empty", layout=layout, pin_memory=pin_memory, memory_format=memory_format)
    devices.check(device, "empty")
    shape = _sizes(sizes, size, "empty")
    return _finish(np.empty(shape, _float(_out_dtype(dtype, out, "empty"))), requires_grad, out,
                   "empty")  # fmt: skip


def full(
    size, fill_value, *, out=None, dtype=None, device=None, layout=None, requires_grad: bool = False
) -> Tensor:
    """A tensor of `size` filled with `fill_value`; the dtype is the value's (PyTorch: a
    float gives the default dtype, an int int64, a bool bool)."""
    _check_storage("full", layout=layout)
    devices.check(device, "full")
    shape = _size((size,) if isinstance(size, (tuple, list)) else (size,), "full")
    d = _out_dtype(dtype, out, "full") or _number_dtype(fill_value)
    return _finish(np.full(shape, _number(fill_value), d), requires_grad, out, "full")


def eye(
    n: int,
    m: int | None = None,
    *,
    out=None,
    dtype=None,
    device=None,
    layout=None,
    pin_memory: bool = False,
    requires_grad: bool = False,
) -> Tensor:
    """The n x m (default n x n) identity matrix, in the default dtype."""
    _check_storage("eye", layout=layout, pin_memory=pin_memory)
    devices.check(device, "eye")
    n = integer(n, "n", "eye")
    m = None if m is None else integer(m, "m", "eye")
    d = _float(_out_dtype(dtype, out, "eye"))
    return _finish(np.eye(n, m, dtype=d), requires_grad, out,
                   "eye")  # fmt: skip


def arange(
    start=0,
    end=None,
    step=1,
    *,
    out=None,
    dtype=None,
    device=None,
    layout=None,
    pin_memory: bool = False,
    requires_grad: bool = False,
) -> Tensor:
    """Values from start to end (excluded) by step: `arange(end)`, `arange(start, end,
    step)`. Integer arguments give int64, any float the default dtype; PyTorch's values."""
    _check_storage("arange", layout=layout, pin_memory=pin_memory)
    devices.check(device, "arange")
    if end is None:
        start, end = 0, start
    start, end, step = _number(start), _number(end), _number(step)
    d = _out_dtype(dtype, out, "arange")
    if d is None:
        kinds = {np.asarray(v).dtype.kind for v in (start, end, step)}
        d = dtypes.get_default_dtype() if kinds & {"f", "c"} else _INT64
    return _finish(ranges.arange(start, end, step, d), requires_grad, out, "arange")


def linspace(
    start,
    end,
    steps: int = 50,
    *,
    out=None,
    dtype=None,
    device=None,
    layout=None,
    pin_memory: bool = False,
    requires_grad: bool = False,
    num: int | None = None,
) -> Tensor:
    """`steps` evenly spaced values from start to end, both included (`num=` is numpy's
    name for steps); PyTorch's values."""
    _check_storage("linspace", layout=layout, pin_memory=pin_memory)
    devices.check(device, "linspace")
    d = _float(_out_dtype(dtype, out, "linspace"))
    n = steps if num is None else num
    return _finish(ranges.linspace(_number(start), _number(end), n, d), requires_grad, out,
                   "linspace")  # fmt: skip


def logspace(
    start,
    end,
    steps: int = 50,
    base: float = 10.0,
    *,
    out=None,
    dtype=None,
    device=None,
    layout=None,
    pin_memory: bool = False,
    requires_grad: bool = False,
) -> Tensor:
    """`steps` values from base**start to base**end, evenly spaced in the exponent."""
    _check_storage("logspace", layout=layout, pin_memory=pin_memory)
    devices.check(device, "logspace")
    d = _float(_out_dtype(dtype, out, "logspace"))
    values = ranges.logspace(_number(start), _number(end), steps, float(base), d)
    return _finish(values, requires_grad, out, "logspace")


# --------------------------------------------------------------------- *_like
def _like(input, dtype, device, what: str):
    devices.check(device, what)
    a = input._data if isinstance(input, Tensor) else np.asarray(input)
    d = _dtype(dtype)
    return a.shape, (d if d is not None else a.dtype)


def zeros_like(
    input, *, dtype=None, device=None, layout=None, memory_format=None, requires_grad: bool = False
) -> Tensor:
    """Zeros in the shape and dtype of `input`."""
    _check_storage("zeros_like", layout=layout, memory_format=memory_format)
    shape, d = _like(input, dtype, device, "zeros_like")
    return Tensor(np.zeros(shape, d), requires_grad=requires_grad)


def ones_like(
    input, *, dtype=None, device=None, layout=None, memory_format=None, requires_grad: bool = False
) -> Tensor:
    """Ones in the shape and dtype of `input`."""
    _check_storage("ones_like", layout=layout, memory_format=memory_format)
    shape, d = _like(input, dtype, device, "ones_like")
    return Tensor(np.ones(shape, d), requires_grad=requires_grad)


def empty_like(
    input, *, dtype=None, device=None, layout=None, memory_format=None, requires_grad: bool = False
) -> Tensor:
    """An uninitialised tensor in the shape and dtype of `input`."""
    _check_storage("empty_like", layout=layout, memory_format=memory_format)
    shape, d = _like(input, dtype, device, "empty_like")
    return Tensor(np.empty(shape, d), requires_grad=requires_grad)


def full_like(
    input,
    fill_value,
    *,
    dtype=None,
    device=None,
    layout=None,
    memory_format=None,
    requires_grad: bool = False,
) -> Tensor:
    """`fill_value` in the shape and dtype of `input` (the value is cast to it)."""
    _check_storage("full_like", layout=layout, memory_format=memory_format)
    shape, d = _like(input, dtype, device, "full_like")
    value = _number(fill_value)
    if d.kind in "iu" and isinstance(value, float):  # PyTorch truncates toward zero
        value = int(value)
    return Tensor(np.full(shape, value, d), requires_grad=requires_grad)


def torch_range(
    start=0,
    end=None,
    step=1,
    *,
    out=None,
    dtype=None,
    layout=None,
    device=None,
    requires_grad: bool = False,
) -> Tensor:
    """Deprecated in PyTorch (its warning): the values from start to end *included* by step,
    floor((end - start) / step) + 1 of them, in the default dtype. Write `arange(start,
    end + step, step)` (end excluded)."""
    warnings.warn(
        "torch.range is deprecated and will be removed in a future release because its "
        "behavior is inconsistent with Python's range builtin. Instead, use torch.arange, "
        "which produces values in [start, end).",
        UserWarning,
        stacklevel=2,
    )
    if end is None:
        raise TypeError('range() missing 1 required positional arguments: "end"')
    _check_storage("range", layout=layout)
    devices.check(device, "range")
    start, end, step = _number(start), _number(end), _number(step)
    d = _out_dtype(dtype, out, "range") or dtypes.get_default_dtype()
    d = np.dtype(d)
    if not step:
        raise RuntimeError("step must be nonzero")
    if (step > 0 and end < start) or (step < 0 and end > start):
        raise RuntimeError("upper bound and lower bound inconsistent with step sign")
    if d.kind in "iub":
        start, end, step = int(start), int(end), int(step)
        values = start + step * np.arange((end - start) // step + 1, dtype=np.int64)
    else:
        n = int(math.floor((float(end) - float(start)) / float(step))) + 1
        values = float(start) + float(step) * np.arange(n, dtype=np.float64)
    return _finish(values.astype(d), requires_grad, out, "range")
