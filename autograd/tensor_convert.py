"""Tensor's dtype and device conversions (`to`, `float`, `type`, `cpu`, ...) and `new_*`.

Mixed into Tensor. A conversion that changes nothing returns the tensor itself, as in
PyTorch (`x.to("cpu") is x`); a cast between floating dtypes is differentiable.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from . import devices, dtypes
from .shapes import shape_arg

if TYPE_CHECKING:
    from .tensor_class import Tensor

_F16, _F32, _F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)


class ConversionMethods:
    """dtype and device conversions and `new_*` factories, mixed into Tensor."""

    __slots__ = ()

    # ------------------------------------------------------------- device
    @property
    def device(self) -> devices.device:
        """Where the tensor lives: always `device(type='cpu')`."""
        return devices.CPU

    is_cpu = True
    is_cuda = False

    def get_device(self) -> int:
        """-1: a CPU tensor (PyTorch's answer for the CPU)."""
        return -1

    def cpu(self) -> Tensor:
        """The tensor itself: it is on the CPU."""
        return self

    def cuda(self, device=None, non_blocking: bool = False) -> Tensor:
        """Refused: graphgrad runs on the CPU (a RuntimeError saying so)."""
        raise devices.unavailable(devices.device("cuda" if device is None else device), "cuda()")

    def to(self, *args, **kwargs) -> Tensor:
        """`to(dtype)`, `to(device)`, `to(device, dtype)`, `to(other)` (its dtype), with
        `copy=`: the tensor itself when nothing changes, else a (differentiable) cast."""
        _, dtype, copy = devices.parse_to(args, kwargs)
        out = self if dtype is None else self.astype(dtype)
        return out.clone() if copy and out is self else out

    # -------------------------------------------------------------- dtype
    def float(self) -> Tensor:
        """Cast to float32 (always float32, as PyTorch, whatever the default dtype)."""
        return self.astype(_F32)

    def double(self) -> Tensor:
        """Cast to float64."""
        return self.astype(_F64)

    def half(self) -> Tensor:
        """Cast to float16."""
        return self.astype(_F16)

    def bfloat16(self) -> Tensor:
        """Refused: numpy has no bfloat16 (a TypeError naming what to use)."""
        return self.astype(dtypes.to_dtype(dtypes.bfloat16))

    def long(self) -> Tensor:
        """Cast to int64."""
        return self.astype(np.int64)

    def int(self) -> Tensor:
        """Cast to int32."""
        return self.astype(np.int32)

    def short(self) -> Tensor:
        """Cast to int16."""
        return self.astype(np.int16)

    def char(self) -> Tensor:
        """Cast to int8."""
        return self.astype(np.int8)

    def byte(self) -> Tensor:
        """Cast to uint8."""
        return self.astype(np.uint8)

    def bool(self) -> Tensor:
        """Cast to bool."""
        return self.astype(np.bool_)

    def cfloat(self) -> Tensor:
        """Cast to complex64."""
        return self.astype(np.complex64)

    def cdouble(self) -> Tensor:
        """Cast to complex128."""
        return self.astype(np.complex128)

    def type(self, dtype=None, non_blocking: bool = False):
        """Without an argument, PyTorch's type name ("torch.FloatTensor"); with a dtype or a
        type name ("torch.DoubleTensor"), the tensor cast to it."""
        if dtype is None:
            return dtypes.type_name(self.dtype)
        if isinstance(dtype, str):
            return self.astype(dtypes.from_type_name(dtype))
        return self.astype(dtypes.to_dtype(dtype, "type"))

    def type_as(self, other) -> Tensor:
        """Cast to other's dtype."""
        return self.astype(other.dtype)

    def is_floating_point(self) -> bool:
        """Whether the dtype is a floating one (float16, float32, float64)."""
        return self._data.dtype.kind == "f"

    def is_complex(self) -> bool:
        """Whether the dtype is complex."""
        return self._data.dtype.kind == "c"

    def element_size(self) -> int:
        """Bytes per element."""
        return self._data.dtype.itemsize

    # -------------------------------------------------------------- new_*
    def _new(self, arr: np.ndarray, requires_grad: bool) -> Tensor:
        t = self._result(arr[()] if arr.ndim == 0 else arr)
        return t.requires_grad_(True) if requires_grad else t

    def _new_dtype(self, dtype, device, what: str) -> np.dtype:
        devices.check(device, what)
        return self._data.dtype if dtype is None else dtypes.to_dtype(dtype, what)

    def new_zeros(self, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
        """Zeros of `size`, in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_zeros")
        return self._new(np.zeros(shape_arg(size, "new_zeros"), d), requires_grad)

    def new_ones(self, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
        """Ones of `size`, in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_ones")
        return self._new(np.ones(shape_arg(size, "new_ones"), d), requires_grad)

    def new_empty(self, *size, dtype=None, device=None, requires_grad: bool = False) -> Tensor:
        """An uninitialised tensor of `size`, in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_empty")
        return self._new(np.empty(shape_arg(size, "new_empty"), d), requires_grad)

    def new_full(self, size, fill_value, *, dtype=None, device=None,
                 requires_grad: bool = False) -> Tensor:  # fmt: skip
        """`fill_value` in `size`, in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_full")
        value = fill_value.item() if hasattr(fill_value, "item") else fill_value
        return self._new(np.full(shape_arg((size,), "new_full"), value, d), requires_grad)

    def new_tensor(self, data, *, dtype=None, device=None,
                   requires_grad: bool = False) -> Tensor:  # fmt: skip
        """A copy of `data` as a tensor in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_tensor")
        if hasattr(data, "_data"):
            warnings.warn(
                "To copy construct from a tensor, use t.detach().clone() rather than "
                "x.new_tensor(t)",
                UserWarning,
                stacklevel=2,
            )
        src = data._data if hasattr(data, "_data") else data
        return self._new(np.array(src, dtype=d), requires_grad)
