"""The in-place Tensor methods (`add_`, `zero_`, `t[idx] = v`, ...), mixed into Tensor.

Each bumps the tensor's version counter, so an op that saved the old values
refuses to backward (docs/reliability.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import versions
from .grad_mode import is_grad_enabled
from .op import index_value as _index
from .op import value as _value

if TYPE_CHECKING:
    from .tensor_class import Tensor


class InPlaceMethods:
    """In-place methods of Tensor; allowed where PyTorch allows them (not inside a graph)."""

    __slots__ = ()

    def _inplace(self, what: str) -> None:
        versions.check_mutable(self, what)
        if self.requires_grad and is_grad_enabled():
            if self._op is None:
                raise RuntimeError(
                    f"{what}: a leaf Tensor that requires grad is being used in an in-place "
                    "operation; do it under `with autograd.no_grad():` (as optimizers do)"
                )
            raise RuntimeError(
                f"{what}: in-place operations on a tensor that is part of a graph (made by "
                f"{self._op.name}) are not supported; use the out-of-place form"
            )

    def _apply_(self, what: str, fn) -> Tensor:
        self._inplace(what)
        d = self._data
        if type(d) is np.ndarray:
            fn(d)
        else:  # a numpy scalar (0-d): immutable, so replace it
            arr = np.array(d)
            fn(arr)
            self._data = arr[()]
        versions.bump(self)
        return self

    def add_(self, other, alpha=1) -> Tensor:
        v = _value(other) if alpha == 1 else _value(other) * alpha
        return self._apply_("add_", lambda d: np.add(d, v, out=d))

    def sub_(self, other, alpha=1) -> Tensor:
        v = _value(other) if alpha == 1 else _value(other) * alpha
        return self._apply_("sub_", lambda d: np.subtract(d, v, out=d))

    def mul_(self, other) -> Tensor:
        v = _value(other)
        return self._apply_("mul_", lambda d: np.multiply(d, v, out=d))

    def div_(self, other) -> Tensor:
        v = _value(other)
        return self._apply_("div_", lambda d: np.true_divide(d, v, out=d))

    def zero_(self) -> Tensor:
        return self._apply_("zero_", lambda d: d.fill(0))

    def fill_(self, value) -> Tensor:
        v = _value(value)
        return self._apply_("fill_", lambda d: d.fill(v))

    def copy_(self, src) -> Tensor:
        v = _value(src)
        return self._apply_("copy_", lambda d: np.copyto(d, v, casting="same_kind"))

    def clamp_(self, min=None, max=None) -> Tensor:
        if min is None and max is None:
            raise ValueError("clamp_: at least one of min and max must be given")
        lo, hi = _value(min), _value(max)
        return self._apply_("clamp_", lambda d: np.clip(d, lo, hi, out=d))

    def __setitem__(self, index, value) -> None:
        """t[idx] = v: allowed on tensors that do not require grad, or on leaves under no_grad."""
        self._inplace("t[idx] = v")
        d = self.data
        try:
            d[_index(index)] = _value(value)
        except IndexError as e:
            raise IndexError(f"t[idx] = v on a tensor of shape {self.shape}: {e}") from None
        if self._data is not d:  # a 0-d tensor was a numpy scalar
            self._data = d[()]
        versions.bump(self)
