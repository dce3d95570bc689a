"""Tensor's elementwise math methods (`exp`, `sigmoid`, `relu`, `clip`, ...), a mixin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .composite import mark, start
from .op import value
from .ops_elementwise import Cos, Exp, Log, Maximum, Mul, Pow, Relu, Sigmoid, Sin, Tanh, Where
from .tensor_reduce import complex_only

if TYPE_CHECKING:
    from .tensor_class import Tensor


class ElementwiseMethods:
    """Methods that compute each element from the same element(s) of their inputs."""

    __slots__ = ()

    def exp(self):
        return Exp.apply(self)

    def log(self):
        return Log.apply(self)

    def sqrt(self):
        return Pow.apply(self, exponent=0.5)

    def sin(self):
        return Sin.apply(self)

    def cos(self):
        return Cos.apply(self)

    def tanh(self):
        return Tanh.apply(self)

    def sigmoid(self):
        if self._data.dtype.kind not in "fc":  # as numpy's exp: integers become floats
            return self.astype(np.result_type(self._data.dtype, np.float16)).sigmoid()
        return Sigmoid.apply(self)

    def relu(self):
        """max(x, 0); the derivative at 0 is 0."""
        kind = self._data.dtype.kind
        if kind == "c":
            raise TypeError("relu: complex numbers are not ordered; relu needs a real tensor")
        if kind != "f":  # integers and bool keep their dtype
            return self._result(np.maximum(self._data, self._data.dtype.type(0)))
        return Relu.apply(self)

    def abs(self):
        """|x|; the derivative at 0 is 0 (sign(0) = 0)."""
        if self._data.dtype.kind == "c":
            return complex_only("abs", self, np.abs)
        t0 = start()
        return mark(Mul.apply(self, self._result(np.sign(self._data))), t0, "abs")

    def sign(self):
        return self._result(np.sign(self._data))

    def pow(self, exponent):
        return self**exponent

    def clip(self, min=None, max=None):
        """Clamp to [min, max]; the gradient passes where min <= x <= max."""
        if min is None and max is None:
            raise ValueError("clip: at least one of min and max must be given")
        lo, hi = value(min), value(max)
        clipped = np.clip(self._data, lo, hi)
        inside = np.ones(self.shape, dtype=bool)
        if lo is not None:
            inside &= self._data >= lo
        if hi is not None:
            inside &= self._data <= hi
        if self.dtype.kind not in "fc":  # not differentiable: numpy's result and dtype
            return self._result(clipped)
        clipped = self._result(clipped.astype(self.dtype, copy=False))
        t0 = start()
        return mark(Where.apply(self, clipped, _cond=inside), t0, "clip", {"min": min, "max": max})

    def maximum(self, other) -> Tensor:
        """Elementwise max; at ties the gradient is split evenly."""
        return Maximum.apply(self, self._operand(other))

    def minimum(self, other) -> Tensor:
        """Elementwise min; at ties the gradient is split evenly."""
        other = self._operand(other)
        if not (self.requires_grad or other.requires_grad):  # also right for unsigned and bool
            return self._result(np.minimum(self._data, other._data))
        dt = np.result_type(self._data, other._data)  # negate in the result's dtype (not uint8)
        t0 = start()
        return mark(-Maximum.apply(-self.astype(dt), -other.astype(dt)), t0, "minimum")
