"""The Tensor's memory methods, as PyTorch's CPU tensors: `data_ptr`, `storage_offset`,
`resize_`/`resize_as_`,
`share_memory_`/`is_shared`, `pin_memory`/`is_pinned`, and the elementwise Python
callables `apply_`/`map_` (mixed into Tensor).

A tensor's storage is the memory of the numpy array that owns its elements (views keep a
chain of bases to it): `data_ptr()` is the address of the first element and
`storage_offset()` its distance from the start of that memory, in elements, so a view's
`data_ptr()` is its base's plus `storage_offset() * element_size()`.
"""

from __future__ import annotations

import mmap
import numbers
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.lib.array_utils import byte_bounds

from . import versions
from .layouts import check_memory_format
from .shapes import shape_arg

if TYPE_CHECKING:
    from .tensor_class import Tensor

# the anonymous shared mappings `share_memory_` made (a forked process shares them)
_SHARED: weakref.WeakSet = weakref.WeakSet()

_NO_ACCELERATOR = (
    "Cannot access accelerator device when none is available. (graphgrad runs on the CPU: "
    "pinned memory only speeds up copies to a GPU; use the tensor as it is, and "
    "DataLoader(pin_memory=False))"
)


def _root(d: np.ndarray) -> np.ndarray:
    """The array that owns d's memory."""
    return versions.owner(d)


def _buffer_object(a: np.ndarray) -> Any:
    """The non-array object a's memory comes from (an mmap, bytes, ...), or None."""
    b = a.base
    return b.obj if isinstance(b, memoryview) else b


def _to_python(dtype: np.dtype) -> Callable[[Any], Any]:
    """How an element is handed to the callable: float, int or bool, as PyTorch's."""
    return {"b": bool, "f": float}.get(dtype.kind, int)


def _from_python(dtype: np.dtype) -> Callable[[Any], Any]:
    """How the callable's result is stored, with PyTorch's errors for other values."""
    if dtype.kind == "f":

        def store(r: Any) -> float:
            if not isinstance(r, numbers.Real):
                raise TypeError(f"must be real number, not {type(r).__name__}")
            return float(r)

        return store
    info = np.iinfo(dtype) if dtype.kind in "iu" else None

    def store_int(r: Any) -> int | bool:
        if not isinstance(r, numbers.Real):
            raise TypeError(f"'{type(r).__name__}' object cannot be interpreted as an integer")
        if info is None:
            return bool(r)
        v = int(r)
        if not info.min <= v <= info.max:
            raise RuntimeError(f"value cannot be converted to type {dtype} without overflow")
        return v

    return store_int


class MemoryMethods:
    """`data_ptr`, `storage_offset`, shared and pinned memory, `apply_`/`map_`."""

    __slots__ = ()  # (a mixin without slots would give every tensor a __dict__)
    _data: Any

    def _array(self) -> np.ndarray:
        """The tensor's array (a 0-d tensor's numpy scalar becomes a 0-d array, in place,
        so that its address stays the same)."""
        if not isinstance(self._data, np.ndarray):
            self._data = np.array(self._data)
        return self._data

    def data_ptr(self) -> int:
        """The address of the first element (0 for a tensor without elements, as PyTorch)."""
        d = self._array()
        return 0 if d.size == 0 else int(d.__array_interface__["data"][0])

    def const_data_ptr(self) -> int:
        """`data_ptr` (PyTorch's read-only spelling of it)."""
        return self.data_ptr()

    def dim_order(self, *, ambiguity_check: bool | list = False) -> tuple:
        """The dims from outermost to innermost in memory (by stride, largest first; ties
        keep their order): (0, 1, ..., n-1) for a contiguous tensor. ambiguity_check=True
        refuses a tensor whose order two dims of equal stride leave open."""
        strides = self.stride()
        order = tuple(sorted(range(self.ndim), key=lambda d: -strides[d]))
        if ambiguity_check is not False and len(set(strides)) != len(strides):
            raise RuntimeError(
                "The tensor does not have unique dim order, or cannot map to exact one of the "
                "given memory formats."
            )
        return order

    def storage_offset(self) -> int:
        """The first element's distance from the start of the storage, in elements."""
        d = self._array()
        start = byte_bounds(_root(d))[0]
        return (int(d.__array_interface__["data"][0]) - start) // d.dtype.itemsize

    def resize_(self, *sizes, memory_format=None) -> Tensor:
        """The tensor takes the shape `sizes` over its storage, as PyTorch's: the same shape
        changes nothing; otherwise a contiguous view of the storage from the tensor's first
        element (its values in memory order), and where the storage is too short, new memory
        holding them followed by zeros (PyTorch's are uninitialized; views made before keep
        the old memory). Refused on a tensor that requires grad, as PyTorch's."""
        check_memory_format(memory_format, "resize_()")
        if self.requires_grad:
            raise RuntimeError("cannot resize variables that require grad")
        shape = shape_arg(sizes, "resize_")
        if any(n < 0 for n in shape):
            raise RuntimeError(
                f"resize_: sizes must be non-negative, got {list(shape)} (a -1 is not inferred)"
            )
        versions.check_mutable(self, "resize_")
        d = self._array()
        if shape == d.shape:
            return self  # type: ignore[return-value]
        n = int(np.prod(shape, dtype=np.int64))
        root = _root(d)
        flat = root.ravel(order="K") if root.dtype == d.dtype else None
        start = self.storage_offset() if flat is not None else 0
        if flat is not None and np.shares_memory(flat, root) and start + n <= flat.size:
            self._data = flat[start : start + n].reshape(shape)
        else:  # the storage grows: new memory, the old values first
            old = flat[start:] if flat is not None else d.ravel()
            new = np.zeros(n, d.dtype)
            new[: min(n, old.size)] = old[:n]
            self._data = new.reshape(shape)
        versions.bump(self, memory=False)
        return self  # type: ignore[return-value]

    def resize_as_(self, the_template, *, memory_format=None) -> Tensor:
        """`resize_` to the_template's shape."""
        return self.resize_(tuple(the_template.shape), memory_format=memory_format)

    def share_memory_(self) -> Tensor:
        """Move the elements into shared memory (an anonymous shared mapping, which a
        forked process shares); nothing if they are there already. Returns self.

        As PyTorch's, the tensor keeps its identity, values and graph; views made before
        the move keep the old memory (PyTorch's share the storage object)."""
        if self.is_shared():
            return self  # type: ignore[return-value]
        d = self._array()
        buf = mmap.mmap(-1, max(d.nbytes, 1))
        _SHARED.add(buf)
        arr = np.frombuffer(buf, dtype=d.dtype, count=d.size).reshape(d.shape)
        arr[...] = d
        self._data = arr
        return self  # type: ignore[return-value]

    def is_shared(self) -> bool:
        """Whether the elements are in shared memory (after `share_memory_`, or in a view
        of such a tensor)."""
        d = self._data
        if not isinstance(d, np.ndarray):
            return False
        return _buffer_object(_root(d)) in _SHARED

    def pin_memory(self, device: Any = None) -> Tensor:
        """Refused, as PyTorch's on a machine without an accelerator (a RuntimeError)."""
        raise RuntimeError(_NO_ACCELERATOR)

    def is_pinned(self, device: Any = None) -> bool:
        """False: graphgrad's tensors are never in pinned memory."""
        return False

    def apply_(self, callable: Callable[[Any], Any]) -> Tensor:
        """Replace each element x (in row-major order) by ``callable(x)``, in place.

        The element is a Python float, int or bool (by dtype); an integer tensor truncates
        a float result. As PyTorch's: refused for a tensor that requires grad (use
        ``x.detach().apply_(f)``), and slow (a Python call per element): write the function
        with tensor operations where you can."""
        self._refuse_grad("apply_", self)
        return self._elementwise("apply_", callable, None)

    def map_(self, other: Any, callable: Callable[[Any, Any], Any]) -> Tensor:
        """Replace each element x by ``callable(x, y)``, y the element of ``other``
        (broadcast to self's shape, of self's dtype) at the same place, in place.

        Refused, as PyTorch's, for tensors that require grad (use
        ``x.detach().map_(y.detach(), f)``)."""
        if not hasattr(other, "_data"):
            raise TypeError(
                f"map_(): argument 'other' (position 1) must be Tensor, not {type(other).__name__}"
            )
        self._refuse_grad("map_", self, other)
        d = self._array()
        o = np.asarray(other._data)
        if o.dtype != d.dtype:
            raise TypeError(
                f"map_: expected a tensor of dtype {d.dtype} for 'other' (got {o.dtype}); "
                f"cast it first: other.to(x.dtype)"
            )
        try:
            o = np.broadcast_to(o, d.shape)
        except ValueError:
            raise RuntimeError(
                f"map_: the other tensor's shape {tuple(o.shape)} does not broadcast to "
                f"self's shape {tuple(d.shape)}"
            ) from None
        return self._elementwise("map_", callable, o)

    @staticmethod
    def _refuse_grad(what: str, *tensors: Any) -> None:
        if any(getattr(t, "requires_grad", False) for t in tensors):
            raise RuntimeError(
                f"Can't call {what}() on Variable that requires grad. "
                f"Use var.detach().{what}() instead."
            )

    def _elementwise(self, what: str, fn: Any, other: np.ndarray | None) -> Tensor:
        if not callable(fn):
            raise TypeError(f"'{type(fn).__name__}' object is not callable")
        versions.check_mutable(self, what)
        d = self._array()
        to_py, store = _to_python(d.dtype), _from_python(d.dtype)
        for idx in np.ndindex(d.shape):
            if other is None:
                d[idx] = store(fn(to_py(d[idx])))
            else:
                d[idx] = store(fn(to_py(d[idx]), to_py(other[idx])))
        versions.bump(self)
        return self  # type: ignore[return-value]
