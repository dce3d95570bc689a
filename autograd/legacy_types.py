"""PyTorch's legacy tensor types: `FloatTensor`, `LongTensor`, ... as constructors and in
`isinstance` checks.

`FloatTensor(2, 3)` (sizes) is `empty(2, 3, dtype=float32)`; `FloatTensor(data)` is
`tensor(data, dtype=float32)`, sharing the memory of a numpy array or Tensor that already
has the dtype (as PyTorch's does); `FloatTensor()` is empty. `isinstance(x, FloatTensor)`
is true for a float32 Tensor. What PyTorch refuses (a number as data, a tensor of another
dtype, `requires_grad=`) is a TypeError saying what to write.
"""

from __future__ import annotations

import numpy as np

from . import devices
from .creation import empty, from_numpy, tensor
from .shapes import Size
from .tensor_class import Tensor

__all__ = [
    "BoolTensor",
    "ByteTensor",
    "CharTensor",
    "DoubleTensor",
    "FloatTensor",
    "HalfTensor",
    "IntTensor",
    "LongTensor",
    "ShortTensor",
]


class _TensorType(type):
    """The metaclass: calling a legacy type makes a Tensor; isinstance checks the dtype."""

    _dtype: np.dtype

    def __instancecheck__(cls, obj) -> bool:
        return isinstance(obj, Tensor) and obj.dtype == cls._dtype

    def __call__(cls, *args, device=None, **kwargs) -> Tensor:
        name = f"autograd.{cls.__name__}"
        if kwargs:
            raise TypeError(
                f"{name}() takes sizes or data and device= only (got {', '.join(kwargs)}): "
                f"write autograd.tensor(data, dtype=autograd.{cls._dtype.name}, "
                f"{', '.join(f'{k}=...' for k in kwargs)})"
            )
        devices.check(device, f"{cls.__name__}()")
        ints = all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in args)
        if not args or ints or (len(args) == 1 and isinstance(args[0], Size)):
            return empty(*args if args else (0,), dtype=cls._dtype)
        if len(args) > 1:
            raise TypeError(f"{name}(): give sizes as ints, or one sequence of data")
        data = args[0]
        if isinstance(data, (int, float, bool, complex, np.generic)):
            raise TypeError(
                f"{name}(): data must be a sequence (got {type(data).__name__}); "
                f"write autograd.tensor({data!r}, dtype=...) for a 0-d tensor"
            )
        if isinstance(data, Tensor):
            if data.dtype != cls._dtype:
                raise TypeError(
                    f"{name}(): expected a tensor of dtype {cls._dtype}, got {data.dtype}; "
                    f"write x.to(autograd.{cls._dtype.name})"
                )
            return data.detach()  # the same memory, as PyTorch's
        if isinstance(data, np.ndarray) and data.dtype == cls._dtype:
            return from_numpy(data)  # the same memory, as PyTorch's
        return tensor(data, dtype=cls._dtype)


def _legacy(name: str, dtype) -> type:
    doc = (
        f"PyTorch's legacy `torch.{name}`: `{name}(*sizes)` is uninitialised, `{name}(data)` "
        f"holds data as {np.dtype(dtype)}; `isinstance(x, {name})` checks the dtype."
    )
    return _TensorType(
        name, (), {"_dtype": np.dtype(dtype), "__doc__": doc, "__module__": __name__}
    )


FloatTensor = _legacy("FloatTensor", np.float32)
DoubleTensor = _legacy("DoubleTensor", np.float64)
HalfTensor = _legacy("HalfTensor", np.float16)
LongTensor = _legacy("LongTensor", np.int64)
IntTensor = _legacy("IntTensor", np.int32)
ShortTensor = _legacy("ShortTensor", np.int16)
CharTensor = _legacy("CharTensor", np.int8)
ByteTensor = _legacy("ByteTensor", np.uint8)
BoolTensor = _legacy("BoolTensor", np.bool_)
