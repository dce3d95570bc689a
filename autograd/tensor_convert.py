"""Tensor's dtype and device conversions (`to`, `float`, `type`, `cpu`, ...) and `new_*`.

Mixed into Tensor. A conversion that changes nothing returns the tensor itself, as in
PyTorch (`x.to("cpu") is x`); a cast between floating dtypes is differentiable.
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from . import devices, dtypes
from .layouts import check_memory_format, check_storage
from .shapes import shape_arg
from .unsupported import NO_SPARSE

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
    is_xpu = False  # PyTorch programs test `x.is_cuda or x.is_xpu` (pytorch/examples dcgan)
    is_mps = False

    def to_sparse(self, *args, **kwargs) -> Tensor:
        """Refused: graphgrad's tensors are dense numpy arrays (a TypeError saying what to
        write: the dense tensor itself)."""
        raise TypeError(f"Tensor.to_sparse(): {NO_SPARSE}")

    def get_device(self) -> int:
        """-1: a CPU tensor (PyTorch's answer for the CPU)."""
        return -1

    def cpu(self, memory_format=None) -> Tensor:
        """The tensor itself: it is on the CPU."""
        check_memory_format(memory_format, "cpu()")
        return self

    def cuda(self, device=None, non_blocking: bool = False, memory_format=None) -> Tensor:
        """Refused: graphgrad runs on the CPU (a RuntimeError saying so)."""
        raise devices.unavailable(devices.device("cuda" if device is None else device), "cuda()")

    def to(self, *args, **kwargs) -> Tensor:
        """`to(dtype)`, `to(device)`, `to(device, dtype)`, `to(other)` (its dtype), with
        `copy=`: the tensor itself when nothing changes, else a (differentiable) cast."""
        _, dtype, copy = devices.parse_to(args, kwargs)
        out = self if dtype is None else self.astype(dtype)
        return out.clone() if copy and out is self else out

    # -------------------------------------------------------------- dtype
    def float(self, memory_format=None) -> Tensor:
        """Cast to float32 (always float32, as PyTorch, whatever the default dtype)."""
        if memory_format is not None:
            check_memory_format(memory_format, "float()")
        return self.astype(_F32)

    def double(self, memory_format=None) -> Tensor:
        """Cast to float64."""
        if memory_format is not None:
            check_memory_format(memory_format, "double()")
        return self.astype(_F64)

    def half(self, memory_format=None) -> Tensor:
        """Cast to float16."""
        if memory_format is not None:
            check_memory_format(memory_format, "half()")
        return self.astype(_F16)

    def bfloat16(self, memory_format=None) -> Tensor:
        """Refused: numpy has no bfloat16 (a TypeError naming what to use)."""
        if memory_format is not None:
            check_memory_format(memory_format, "bfloat16()")
        return self.astype(dtypes.to_dtype(dtypes.bfloat16))

    def long(self, memory_format=None) -> Tensor:
        """Cast to int64."""
        if memory_format is not None:
            check_memory_format(memory_format, "long()")
        return self.astype(np.int64)

    def int(self, memory_format=None) -> Tensor:
        """Cast to int32."""
        if memory_format is not None:
            check_memory_format(memory_format, "int()")
        return self.astype(np.int32)

    def short(self, memory_format=None) -> Tensor:
        """Cast to int16."""
        if memory_format is not None:
            check_memory_format(memory_format, "short()")
        return self.astype(np.int16)

    def char(self, memory_format=None) -> Tensor:
        """Cast to int8."""
        if memory_format is not None:
            check_memory_format(memory_format, "char()")
        return self.astype(np.int8)

    def byte(self, memory_format=None) -> Tensor:
        """Cast to uint8."""
        if memory_format is not None:
            check_memory_format(memory_format, "byte()")
        return self.astype(np.uint8)

    def bool(self, memory_format=None) -> Tensor:
        """Cast to bool."""
        if memory_format is not None:
            check_memory_format(memory_format, "bool()")
        return self.astype(np.bool_)

    def cfloat(self, memory_format=None) -> Tensor:
        """Cast to complex64."""
        if memory_format is not None:
            check_memory_format(memory_format, "cfloat()")
        return self.astype(np.complex64)

    def cdouble(self, memory_format=None) -> Tensor:
        """Cast to complex128."""
        if memory_format is not None:
            check_memory_format(memory_format, "cdouble()")
        return self.astype(np.complex128)

    def type(self, dtype=None, non_blocking: bool = False, *, memory_format=None):
        """Without an argument, PyTorch's type name ("torch.FloatTensor"); with a dtype, a
        type name ("torch.DoubleTensor") or a legacy type (`autograd.DoubleTensor`), the
        tensor cast to it."""
        check_memory_format(memory_format, "type()")
        if dtype is None:
            return dtypes.type_name(self.dtype)
        if isinstance(dtype, str):
            return self.astype(dtypes.from_type_name(dtype))
        if isinstance(getattr(dtype, "_dtype", None), np.dtype):  # legacy_types' FloatTensor
            return self.astype(dtype._dtype)
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

    def _new_dtype(self, dtype, device, what: str, layout=None, pin_memory=None) -> np.dtype:
        check_storage(what, layout=layout, pin_memory=pin_memory)
        devices.check(device, what)
        return self._data.dtype if dtype is None else dtypes.to_dtype(dtype, what)

    def new_zeros(
        self,
        *sizes,
        size=None,
        dtype=None,
        device=None,
        requires_grad: bool = False,
        layout=None,
        pin_memory: bool = False,
    ) -> Tensor:
        """Zeros of `size`, in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_zeros", layout, pin_memory)
        return self._new(np.zeros(_sizes(sizes, size, "new_zeros"), d), requires_grad)

    def new_ones(
        self,
        *sizes,
        size=None,
        dtype=None,
        device=None,
        requires_grad: bool = False,
        layout=None,
        pin_memory: bool = False,
    ) -> Tensor:
        """Ones of `size`, in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_ones", layout, pin_memory)
        return self._new(np.ones(_sizes(sizes, size, "new_ones"), d), requires_grad)

    def new_empty(
        self,
        *sizes,
        size=None,
        dtype=None,
        device=None,
        requires_grad: bool = False,
        layout=None,
        pin_memory: bool = False,
    ) -> Tensor:
        """An uninitialised tensor of `size`, in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_empty", layout, pin_memory)
        return self._new(np.empty(_sizes(sizes, size, "new_empty"), d), requires_grad)

    def new_full(self, size, fill_value, *, dtype=None, device=None,
                 requires_grad: bool = False, layout=None,
                 pin_memory: bool = False) -> Tensor:  # fmt: skip
        """`fill_value` in `size`, in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_full", layout, pin_memory)
        value = fill_value.item() if hasattr(fill_value, "item") else fill_value
        return self._new(np.full(shape_arg((size,), "new_full"), value, d), requires_grad)

    def new_tensor(self, data, *, dtype=None, device=None,
                   requires_grad: bool = False, layout=None,
                   pin_memory: bool = False) -> Tensor:  # fmt: skip
        """A copy of `data` as a tensor in this tensor's dtype unless `dtype` is given."""
        d = self._new_dtype(dtype, device, "new_tensor", layout, pin_memory)
        if hasattr(data, "_data"):
            warnings.warn(
                "To copy construct from a tensor, use t.detach().clone() rather than "
                "x.new_tensor(t)",
                UserWarning,
                stacklevel=2,
            )
        src = data._data if hasattr(data, "_data") else data
        return self._new(np.array(src, dtype=d), requires_grad)


def _sizes(sizes: tuple, size, what: str) -> tuple:
    """The shape given as ints, one tuple, or PyTorch's keyword `size=`."""
    if size is None:
        return shape_arg(sizes, what)
    if sizes:
        raise TypeError(f"{what}(): the size was given both by position and as size=")
    return shape_arg((size,), what)


# Marked for tools/pytorch_names.py: a name that only raises does not count as present.
ConversionMethods.to_sparse._refusal = True  # type: ignore[attr-defined]
