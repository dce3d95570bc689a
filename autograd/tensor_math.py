"""Tensor's elementwise math methods (`exp`, `sigmoid`, `clamp`, `log10`, `add(alpha=)`,
comparisons, ...), a mixin.

Functions of floats given an integer tensor compute in the default floating dtype, as
PyTorch's do (integer tensors never require grad, so the check costs a tensor that
requires grad one attribute read). Step functions (`floor`, `round`, `sign`, ...) have
a zero gradient, as PyTorch's: their result is recorded with a `Where` that routes
nothing back.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from . import dtypes
from .composite import mark, start
from .op import sign as _sign
from .op import value as _value
from .ops_elementwise import (
    _FLOAT_SCALARS,  # numpy's float scalar classes
    Cos,
    Exp,
    Expm1,
    Log,
    Log1p,
    Maximum,
    Mul,
    Pow,
    Relu,
    Remainder,
    Sigmoid,
    Sin,
    Tanh,
    Where,
)
from .promotion import promote
from .tensor_reduce import complex_only

_RELU = Relu._shared((True,))  # the shared Relu of an input that requires grad

if TYPE_CHECKING:
    from .tensor_class import Tensor

_LN10, _LN2 = math.log(10.0), math.log(2.0)


def _is_int(t) -> bool:
    """An integer or bool tensor (never requires grad: the float functions cast it)."""
    return not t.requires_grad and t._data.dtype.kind not in "fc"


def _as_float(t):
    return t.astype(dtypes.get_default_dtype())


class ElementwiseMethods:
    """Methods that compute each element from the same element(s) of their inputs."""

    __slots__ = ()

    # ------------------------------------------------------------ functions
    def exp(self):
        """e ** x."""
        return _as_float(self).exp() if _is_int(self) else Exp.apply(self)

    def exp2(self):
        """2 ** x."""
        return 2.0**self

    def expm1(self):
        """exp(x) - 1, exact for small x."""
        return _as_float(self).expm1() if _is_int(self) else Expm1.apply(self)

    def log(self):
        """The natural logarithm."""
        return _as_float(self).log() if _is_int(self) else Log.apply(self)

    def log1p(self):
        """log(1 + x), exact for small x."""
        return _as_float(self).log1p() if _is_int(self) else Log1p.apply(self)

    def log10(self):
        """The base-10 logarithm."""
        return self.log() * (1 / _LN10)

    def log2(self):
        """The base-2 logarithm."""
        return self.log() * (1 / _LN2)

    def sqrt(self):
        """The square root."""
        return _as_float(self).sqrt() if _is_int(self) else Pow.apply(self, exponent=0.5)

    def rsqrt(self):
        """1 / sqrt(x)."""
        return _as_float(self).rsqrt() if _is_int(self) else Pow.apply(self, exponent=-0.5)

    def square(self):
        """x * x."""
        return self**2

    def reciprocal(self):
        """1 / x."""
        return 1.0 / self if _is_int(self) else self._operand(1) / self

    def sin(self):
        """The sine."""
        return _as_float(self).sin() if _is_int(self) else Sin.apply(self)

    def cos(self):
        """The cosine."""
        return _as_float(self).cos() if _is_int(self) else Cos.apply(self)

    def tanh(self):
        """The hyperbolic tangent."""
        return _as_float(self).tanh() if _is_int(self) else Tanh.apply(self)

    def sigmoid(self):
        """1 / (1 + exp(-x)), computed without overflow."""
        return _as_float(self).sigmoid() if _is_int(self) else Sigmoid.apply(self)

    def relu(self):
        """max(x, 0); the derivative at 0 is 0."""
        d = self._data
        if d.__class__ in _FLOAT_SCALARS:  # a 0-d float (a scalar graph's unit): no dtype
            # read and no `Op.apply` (its instance, its checks): half the cost of the node
            out = _RELU.forward(d)
            return self._record(out, _RELU, self) if self._requires_grad else self._result(out)
        kind = d.dtype.kind
        if kind == "c":
            raise TypeError("relu: complex numbers are not ordered; relu needs a real tensor")
        if kind != "f":  # integers and bool keep their dtype
            return self._result(np.maximum(self._data, self._data.dtype.type(0)))
        return Relu.apply(self)

    def hardshrink(self, lambd: float = 0.5):
        """x where |x| > lambd, else 0 (derivative 0 on [-lambd, lambd], ends included; NaN
        stays NaN); nn.functional.hardshrink's definition."""
        if self._data.dtype.kind != "f":
            raise NotImplementedError(
                f'"hardshrink" not implemented for {self.dtype} input (integer, bool or '
                "complex); convert it first, e.g. x.float()"
            )
        v = self._data
        return self.masked_fill((v >= -lambd) & (v <= lambd), 0.0)

    def abs(self):
        """|x|; the derivative at 0 and at NaN is 0 (sign(0) = sign(nan) = 0, as PyTorch)."""
        if self._data.dtype.kind == "c":
            return complex_only("abs", self, np.abs)
        if self._data.dtype.kind not in "f":
            return self._result(np.abs(self._data))
        t0 = start()
        return mark(Mul.apply(self, self._result(_sign(self._data))), t0, "abs")

    absolute = abs

    def neg(self):
        """-x."""
        return -self

    negative = neg

    # ------------------------------------------------ step functions (zero grad)
    def _stepped(self, values):
        """values, computed from self by a step function: recorded with gradient 0."""
        if not self.requires_grad:
            return self._result(values)
        return Where.apply(self._result(values), self, _cond=np.True_)

    def sign(self):
        """-1, 0 or 1 (zero gradient); 0 at NaN, as PyTorch's."""
        return self._stepped(_sign(self._data))

    sgn = sign

    def floor(self):
        """The largest integer <= x (zero gradient)."""
        return self._stepped(np.floor(self._data))

    def ceil(self):
        """The smallest integer >= x (zero gradient)."""
        return self._stepped(np.ceil(self._data))

    def round(self, decimals: int = 0):
        """Rounded to `decimals` places, halves to even (zero gradient)."""
        return self._stepped(np.round(self._data, decimals))

    def trunc(self):
        """Rounded towards zero (zero gradient)."""
        return self._stepped(np.trunc(self._data))

    fix = trunc

    def frac(self):
        """x - trunc(x) (gradient 1)."""
        return self - self.trunc()

    # --------------------------------------------------- clamping, masking
    def clip(self, min=None, max=None):
        """Clamp to [min, max]; the gradient passes where min <= x <= max."""
        if min is None and max is None:
            raise ValueError("clip: at least one of min and max must be given")
        lo, hi = _value(min), _value(max)
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

    def clamp(self, min=None, max=None):
        """PyTorch's name for `clip`."""
        return self.clip(min, max)

    def clamp_min(self, min):
        """`clip(min, None)`."""
        return self.clip(min, None)

    def clamp_max(self, max):
        """`clip(None, max)`."""
        return self.clip(None, max)

    def masked_fill(self, mask, value):
        """A copy with `value` (a number or a 0-d tensor) where mask (broadcast) is True."""
        cond = np.broadcast_to(np.asarray(_value(mask), dtype=bool), self.shape)
        if hasattr(value, "_data"):
            if np.ndim(value._data):
                raise ValueError("masked_fill: value must be a number or a 0-d tensor")
            fill = value if value._data.dtype == self._data.dtype else value.astype(self.dtype)
        else:
            fill = self._result(np.asarray(value).astype(self._data.dtype)[()])
        return Where.apply(fill, self, _cond=cond)

    def maximum(self, other) -> Tensor:
        """Elementwise max; at ties the gradient is split evenly."""
        a, b = promote(self, self._operand(other))
        if not (a.requires_grad or b.requires_grad) or a._data.dtype.kind not in "fc":
            return a._result(np.maximum(a._data, b._data))
        return Maximum.apply(a, b)

    def minimum(self, other) -> Tensor:
        """Elementwise min; at ties the gradient is split evenly."""
        a, b = promote(self, self._operand(other))
        if not (a._requires_grad or b._requires_grad) or a._data.dtype.kind not in "fc":
            return a._result(np.minimum(a._data, b._data))
        t0 = start()
        return mark(-Maximum.apply(-a, -b), t0, "minimum")

    def fmax(self, other) -> Tensor:
        """Elementwise max ignoring NaN (NaN only where both are); ties route to self."""
        a, b = promote(self, self._operand(other))
        return a._nan_ignoring(b, np.fmax, a._data >= b._data)

    def fmin(self, other) -> Tensor:
        """Elementwise min ignoring NaN (NaN only where both are); ties route to self."""
        a, b = promote(self, self._operand(other))
        return a._nan_ignoring(b, np.fmin, a._data <= b._data)

    def _nan_ignoring(self, b, fn, first):
        """fmax/fmin: self where `first` or b is NaN, else b (PyTorch's gradient routing)."""
        if not (self._requires_grad or b._requires_grad) or self._data.dtype.kind not in "fc":
            return self._result(fn(self._data, b._data))
        t0 = start()
        return mark(Where.apply(self, b, _cond=first | np.isnan(b._data)), t0, fn.__name__)

    # -------------------------------------------------- arithmetic methods
    def add(self, other, *, alpha=1):
        """self + alpha * other."""
        return self + (other if alpha == 1 else other * alpha)

    def sub(self, other, *, alpha=1):
        """self - alpha * other."""
        return self - (other if alpha == 1 else other * alpha)

    subtract = sub

    def mul(self, other):
        """self * other."""
        return self * other

    multiply = mul

    def div(self, other, *, rounding_mode=None):
        """self / other; `rounding_mode="trunc"` or `"floor"` rounds (zero gradient)."""
        if rounding_mode is None:
            return self / other
        if rounding_mode not in ("trunc", "floor"):
            raise ValueError(
                f"div: rounding_mode must be None, 'trunc' or 'floor', got {rounding_mode!r}"
            )
        a, b = promote(self, self._operand(other))
        with np.errstate(all="ignore"):
            if a._data.dtype.kind in "iub":
                q = np.floor_divide(a._data, b._data)
                if rounding_mode == "trunc":
                    q = np.where((q < 0) & (q * b._data != a._data), q + 1, q)
                return a._result(q)
            if rounding_mode == "floor":  # fmod-based, as PyTorch's: 1.0 // 0.05 is 19
                q = np.floor_divide(a._data, b._data)
            else:
                q = np.trunc(np.true_divide(a._data, b._data))
        out = a._stepped(q)
        return out if not b.requires_grad else Where.apply(out, b, _cond=np.True_)

    divide = true_divide = div

    def floor_divide(self, other):
        """self / other rounded down (zero gradient)."""
        return self.div(other, rounding_mode="floor")

    def pow(self, exponent):
        """self ** exponent."""
        return self**exponent

    def __floordiv__(self, other):
        return self.div(other, rounding_mode="floor")

    def __rfloordiv__(self, other):
        return self._operand(other).div(self, rounding_mode="floor")

    def __mod__(self, other):
        return self.remainder(other)

    def __rmod__(self, other):
        return self._operand(other).remainder(self)

    def remainder(self, other):
        """self - floor(self / other) * other (the sign of other, as Python's %)."""
        a, b = promote(self, self._operand(other))
        if not (a._requires_grad or b._requires_grad) or a._data.dtype.kind not in "fc":
            with np.errstate(all="ignore"):
                return a._result(np.remainder(a._data, b._data))
        return Remainder.apply(a, b)

    def where(self, condition, other) -> Tensor:
        """self where condition holds, else other (`autograd.where(condition, self, other)`)."""
        cond = np.asarray(_value(condition), dtype=bool)
        a, b = promote(self, self._operand(other))
        return Where.apply(a, b, _cond=cond)

    def lerp(self, end, weight):
        """self + weight * (end - self)."""
        return self + weight * (end - self)

    def addcmul(self, tensor1, tensor2, *, value=1):
        """self + value * tensor1 * tensor2."""
        prod = tensor1 * tensor2
        return self + (prod if value == 1 else prod * value)

    def addcdiv(self, tensor1, tensor2, *, value=1):
        """self + value * tensor1 / tensor2."""
        quot = tensor1 / tensor2
        return self + (quot if value == 1 else quot * value)

    def matmul(self, other):
        """self @ other (numpy's matmul: 1-d, 2-d and batched)."""
        return self @ other

    def mm(self, mat2):
        """The product of two matrices (2-d tensors only)."""
        if self.ndim != 2 or np.ndim(_value(mat2)) != 2:
            raise RuntimeError(
                f"mm: both arguments must be 2-d, got {self.ndim}-d and {np.ndim(_value(mat2))}-d"
            )
        return self @ mat2

    def bmm(self, mat2):
        """A batch of matrix products (3-d tensors with the same batch size)."""
        if self.ndim != 3 or np.ndim(_value(mat2)) != 3:
            raise RuntimeError("bmm: both arguments must be 3-d")
        if self.shape[0] != np.shape(_value(mat2))[0]:
            raise RuntimeError(
                f"bmm: batch sizes differ: {self.shape[0]} and {np.shape(_value(mat2))[0]}"
            )
        return self @ mat2

    def mv(self, vec):
        """A matrix (2-d) times a vector (1-d)."""
        if self.ndim != 2 or np.ndim(_value(vec)) != 1:
            raise RuntimeError("mv: expects a 2-d matrix and a 1-d vector")
        return self @ vec

    def dot(self, tensor):
        """The dot product of two 1-d tensors."""
        if self.ndim != 1 or np.ndim(_value(tensor)) != 1:
            raise RuntimeError("dot: expects two 1-d tensors")
        return self @ tensor

    def outer(self, vec2):
        """The outer product of two 1-d tensors."""
        return self.reshape(-1, 1) * vec2.reshape(1, -1)

    ger = outer

    # --------------------------------------- comparisons and tests (no grad)
    def eq(self, other):
        """self == other, elementwise (a bool tensor)."""
        return self == other

    def ne(self, other):
        """self != other, elementwise."""
        return self != other

    def lt(self, other):
        """self < other, elementwise."""
        return self < other

    def le(self, other):
        """self <= other, elementwise."""
        return self <= other

    def gt(self, other):
        """self > other, elementwise."""
        return self > other

    def ge(self, other):
        """self >= other, elementwise."""
        return self >= other

    greater, greater_equal, less, less_equal, not_equal = gt, ge, lt, le, ne

    def isnan(self):
        """Where x is NaN."""
        return self._result(np.isnan(self._data))

    def isinf(self):
        """Where x is +inf or -inf."""
        return self._result(np.isinf(self._data))

    def isfinite(self):
        """Where x is neither NaN nor infinite."""
        return self._result(np.isfinite(self._data))

    def isposinf(self):
        """Where x is +inf."""
        return self._result(np.isposinf(self._data))

    def isneginf(self):
        """Where x is -inf."""
        return self._result(np.isneginf(self._data))

    def logical_not(self):
        """not x, elementwise (a bool tensor)."""
        return self._result(np.logical_not(self._data))

    def logical_and(self, other):
        """x and other, elementwise."""
        return self._result(np.logical_and(self._data, _value(other)))

    def logical_or(self, other):
        """x or other, elementwise."""
        return self._result(np.logical_or(self._data, _value(other)))

    def logical_xor(self, other):
        """x xor other, elementwise."""
        return self._result(np.logical_xor(self._data, _value(other)))

    def isclose(self, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False):
        """|self - other| <= atol + rtol * |other|, elementwise (PyTorch's defaults)."""
        return self._result(np.isclose(self._data, _value(other), rtol, atol, equal_nan))

    def allclose(self, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False):
        """Whether every element is close (`isclose`): a Python bool."""
        return bool(np.allclose(self._data, _value(other), rtol, atol, equal_nan))

    def equal(self, other) -> bool:
        """Whether other has the same shape and elements: a Python bool."""
        o = np.asarray(_value(other))
        return self.shape == o.shape and bool(np.array_equal(self._data, o))
