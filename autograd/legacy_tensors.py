"""PyTorch's legacy typed constructors: `torch.LongTensor([1, 2])`, `torch.FloatTensor(2, 3)`.

Each makes a tensor of its fixed dtype (not the default one): from data (a sequence or an
array, copied and cast, as `torch.tensor(data, dtype=...)`), of a size (ints or a
`Size`: uninitialised, as `torch.empty`), or empty with no argument. A tensor of the same
dtype is returned as a view of the same memory; another dtype is a TypeError, as in
PyTorch. Old programs use them (`torch.LongTensor(indexes)` for targets); new code writes
`torch.tensor(data, dtype=torch.long)`.
"""

from __future__ import annotations

import numpy as np

from . import devices
from .creation import empty, tensor
from .dtypes import _FROM_TYPE_NAME
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


def _make(name: str, dtype: np.dtype, args: tuple, device) -> Tensor:
    what = f"{name}()"
    devices.check(device, what)
    if not args:
        return empty(0, dtype=dtype)
    if len(args) == 1 and isinstance(args[0], Tensor):
        t = args[0]
        if t.dtype != dtype:
            raise TypeError(
                f"{what}: expected a {dtype} tensor (got {t.dtype}); write "
                f"t.to(torch.{dtype}) to cast it"
            )
        return t.detach()
    if all(isinstance(a, (int, np.integer)) and not isinstance(a, bool) for a in args):
        return empty(*(int(a) for a in args), dtype=dtype)
    if len(args) == 1 and isinstance(args[0], Size):
        return empty(*args[0], dtype=dtype)
    if len(args) > 1:
        raise TypeError(
            f"{what} takes sizes as ints (torch.{name}(2, 3)) or one sequence of data "
            f"(torch.{name}([1, 2])), got {', '.join(type(a).__name__ for a in args)}"
        )
    data = args[0]
    if not isinstance(data, (list, tuple, range, np.ndarray)):
        raise TypeError(f"{what}: data must be a sequence (got {type(data).__name__})")
    return tensor(data, dtype=dtype)


def _constructor(name: str):
    dtype = np.dtype(_FROM_TYPE_NAME[name])

    def construct(*args, device=None) -> Tensor:
        return _make(name, dtype, args, device)

    construct.__name__ = construct.__qualname__ = name
    construct.__module__ = __name__
    construct.__doc__ = (
        f"A {dtype} tensor from data (`torch.{name}([1, 2])`), of a size "
        f"(`torch.{name}(2, 3)`, uninitialised) or empty (PyTorch's legacy constructor)."
    )
    return construct


BoolTensor = _constructor("BoolTensor")
ByteTensor = _constructor("ByteTensor")
CharTensor = _constructor("CharTensor")
DoubleTensor = _constructor("DoubleTensor")
FloatTensor = _constructor("FloatTensor")
HalfTensor = _constructor("HalfTensor")
IntTensor = _constructor("IntTensor")
LongTensor = _constructor("LongTensor")
ShortTensor = _constructor("ShortTensor")
