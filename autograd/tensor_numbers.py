"""Tensor's number functions (`gcd`, `lcm`, `bitwise_left_shift`, `heaviside`, `copysign`,
`float_power`, `frexp`, `ldexp`, `nextafter`, `signbit`), the complex parts and flags of real
tensors (`real`, `imag`, `angle`, `conj`, `is_conj`, `resolve_neg`, ...), `is_signed` and
`is_same_size`, a mixin.

As PyTorch's: the dtype rules (copysign and ldexp of integers give the default floating
dtype, float_power computes in float64, gcd, lcm and the shifts take integers only), the
gradients (copysign: result / x, 0 at x = 0; frexp: 2**-exponent; nextafter: 1 where
x != other) and the messages. A real tensor is its own conjugate, real part and resolved
form (the same object); its imaginary part is an error. The in-place forms (`gcd_`,
`copysign_`, ...) are at the end.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from . import dtypes, return_types
from .ops_elementwise import Rescaled
from .promotion import promote
from .tensor_base import TensorBase
from .tensor_pointwise import _inplace

if TYPE_CHECKING:
    from .tensor_class import Tensor

# PyTorch's scalar type names, for its "not implemented for 'Float'" messages
_SCALAR_NAMES = {
    "float16": "Half", "float32": "Float", "float64": "Double", "complex64": "ComplexFloat",
    "complex128": "ComplexDouble", "uint8": "Byte", "int8": "Char", "int16": "Short",
    "int32": "Int", "int64": "Long", "bool": "Bool",
}  # fmt: skip


def _not_implemented(kernel: str, dtype: np.dtype) -> NotImplementedError:
    name = _SCALAR_NAMES.get(dtype.name, dtype.name)
    return NotImplementedError(f"\"{kernel}\" not implemented for '{name}'")


def _floating(t: Tensor) -> Tensor:
    return t if t._data.dtype.kind in "fc" else t.astype(dtypes.get_default_dtype())


def _real_only(t: Tensor, name: str) -> None:
    if t._data.dtype.kind == "c":
        raise TypeError(f"{name}: a real function; for a complex tensor, take .real first")


def _integers(self: Tensor, other, kernel: str):
    a, b = promote(self, self._operand(other))
    if a._data.dtype.kind not in "iu":
        raise _not_implemented(kernel, a._data.dtype)
    return a, b


def _shift(self: Tensor, other, kernel: str, left: bool) -> Tensor:
    a, b = promote(self, self._operand(other))
    if a._data.dtype.kind == "b":
        a, b = a.astype(np.int64), b.astype(np.int64)
    if a._data.dtype.kind not in "iu":
        raise _not_implemented(kernel, a._data.dtype)
    x, n = np.asarray(a._data), np.asarray(b._data)
    width = x.dtype.itemsize * 8
    inside = (n >= 0) & (n < width)
    count = np.where(inside, n, 0).astype(x.dtype)
    if left:
        out = np.where(inside, np.left_shift(x, count), 0)
    else:
        fill = np.where(x < 0, -1, 0) if x.dtype.kind == "i" else 0
        out = np.where(inside, np.right_shift(x, count), fill)
    return a._result(np.asarray(out, dtype=x.dtype))


class NumberMethods:
    """Number functions, and the complex parts and flags of real tensors."""

    __slots__ = ()

    # ------------------------------------------------------- integer arithmetic
    def gcd(self, other) -> Tensor:
        """The greatest common divisor, elementwise (integer tensors; gcd(0, 0) = 0)."""
        a, b = _integers(self, other, "gcd_cpu")
        return a._result(np.gcd(a._data, b._data))

    def lcm(self, other) -> Tensor:
        """The least common multiple, elementwise (integer tensors; 0 if either is 0)."""
        a, b = _integers(self, other, "lcm_cpu")
        return a._result(np.lcm(a._data, b._data))

    def bitwise_left_shift(self, other) -> Tensor:
        """self << other, elementwise (integer tensors; bool counts as int64): 0 where the
        shift is negative or not below the width, as PyTorch's."""
        return _shift(self, other, "lshift_cpu", left=True)

    def bitwise_right_shift(self, other) -> Tensor:
        """self >> other, elementwise, keeping the sign (integer tensors): the sign's fill
        (0 or -1) where the shift is negative or not below the width, as PyTorch's."""
        return _shift(self, other, "rshift_cpu", left=False)

    def __lshift__(self, other) -> Tensor:
        return self.bitwise_left_shift(other)

    def __rshift__(self, other) -> Tensor:
        return self.bitwise_right_shift(other)

    def __rlshift__(self, other) -> Tensor:
        return self._operand(other).bitwise_left_shift(self)

    def __rrshift__(self, other) -> Tensor:
        return self._operand(other).bitwise_right_shift(self)

    def __ilshift__(self, other) -> Tensor:
        return self.bitwise_left_shift_(other)

    def __irshift__(self, other) -> Tensor:
        return self.bitwise_right_shift_(other)

    # ------------------------------------------------------------ signs and steps
    def signbit(self) -> Tensor:
        """Whether the sign bit is set (-0.0 and negative NaNs too), a bool tensor."""
        _real_only(self, "signbit")
        d = self._data
        return self._result(np.signbit(d) if d.dtype.kind == "f" else np.asarray(d) < 0)

    def heaviside(self, values) -> Tensor:
        """The step function: 0 where x < 0 (and at NaN), 1 where x > 0, `values` where x == 0
        (a tensor of the same dtype, broadcast). No gradient (PyTorch has none)."""
        if not isinstance(values, TensorBase):
            raise TypeError(
                f"heaviside(): argument 'values' (position 2) must be Tensor, not "
                f"{type(values).__name__}"
            )
        _real_only(self, "heaviside")
        if values._data.dtype != self._data.dtype:
            raise RuntimeError(
                "heaviside is not yet implemented for tensors with different dtypes."
            )
        x, v = self._data, values._data
        with np.errstate(invalid="ignore"):
            out = np.where(x == 0, v, (x > 0).astype(x.dtype))
        return self._result(np.asarray(out, dtype=x.dtype))

    def copysign(self, other) -> Tensor:
        """|self| with the sign of other (a number or a tensor, broadcast; integers give the
        default floating dtype). The gradient is result / self (sign(self) * sign(result)),
        0 at self = 0, NaN at +-inf, as PyTorch's."""
        a, b = promote(self, self._operand(other))
        _real_only(a, "copysign")
        a, b = _floating(a), _floating(b)
        x = a._data
        values = np.asarray(np.copysign(x, b._data), dtype=x.dtype)
        if not (a.requires_grad or b.requires_grad):
            return a._result(values)
        with np.errstate(invalid="ignore", divide="ignore"):  # PyTorch's: result / self, 0 at 0
            factor = np.where(x == 0, 0.0, values / x).astype(x.dtype)
        if not b.requires_grad:
            return Rescaled.apply(a, values=values, factor=factor)
        return Rescaled.apply(a, b, values=values, factor=factor)  # other's gradient: zeros

    # ----------------------------------------------------------------- powers of two
    def float_power(self, exponent) -> Tensor:
        """self ** exponent computed in float64 (complex128 for complex operands)."""
        wide = np.dtype(np.complex128)
        if self._data.dtype.kind != "c" and not (
            isinstance(exponent, TensorBase) and exponent._data.dtype.kind == "c"
        ) and not isinstance(exponent, complex):  # fmt: skip
            wide = np.dtype(np.float64)
        base = self if self._data.dtype == wide else self.astype(wide)
        if isinstance(exponent, TensorBase):
            exponent = exponent if exponent._data.dtype == wide else exponent.astype(wide)
            return base**exponent
        return base ** base._operand(exponent)

    def float_power_(self, exponent) -> Tensor:
        """`float_power`, in place (the tensor must be float64, or complex128)."""
        want = "Double"
        if self._data.dtype.kind == "c" or isinstance(exponent, complex):
            want = "ComplexDouble"
        have = _SCALAR_NAMES.get(self._data.dtype.name, self._data.dtype.name)
        if have != want:
            raise RuntimeError(
                f"the base given to float_power_ has dtype {have} but the operation's result "
                f"requires dtype {want}"
            )
        others = [exponent] if hasattr(exponent, "_data") else []
        return self._update("float_power_", lambda t: t.float_power(exponent), others)

    def frexp(self):
        """(mantissa, exponent): self = mantissa * 2**exponent, |mantissa| in [0.5, 1) (an int32
        exponent, 0 for 0, inf and NaN), the named tuple `frexp`."""
        if self._data.dtype.kind != "f":
            raise RuntimeError("torch.frexp() only supports floating-point dtypes")
        mantissa, exponent = np.frexp(self._data)
        exponent = np.asarray(exponent, dtype=np.int32)
        d = self._data.dtype
        m = np.asarray(mantissa, dtype=d)
        if self.requires_grad:  # PyTorch's: g / 2**exponent, the power taken in float32
            with np.errstate(over="ignore", divide="ignore"):
                power = np.float32(2.0) ** exponent.astype(np.float32)
                factor = (1.0 / power.astype(np.float64)).astype(d)
            m = Rescaled.apply(self, values=m, factor=factor)
        else:
            m = self._result(m)
        return return_types.frexp(m, self._result(exponent))

    def ldexp(self, other) -> Tensor:
        """self * 2**other (other a tensor; integers give the default floating dtype)."""
        if not isinstance(other, TensorBase):
            raise TypeError(
                f"ldexp(): argument 'other' (position 2) must be Tensor, not {type(other).__name__}"
            )
        return self * (2.0**other)

    def nextafter(self, other) -> Tensor:
        """The next floating-point value after self towards other, elementwise; the gradient
        is 1 where self != other (as PyTorch's)."""
        a, b = promote(self, self._operand(other))
        if a._data.dtype.kind != "f":
            raise _not_implemented("nextafter_cpu", a._data.dtype)
        values = np.nextafter(a._data, b._data)
        if not a.requires_grad:
            return a._result(np.asarray(values, dtype=a._data.dtype))
        values = np.asarray(values, dtype=a._data.dtype)
        with np.errstate(invalid="ignore"):
            factor = (a._data != b._data).astype(a._data.dtype)  # as PyTorch's (NaN: moves)
        return Rescaled.apply(a, values=values, factor=np.broadcast_to(factor, values.shape))

    # --------------------------------------------------------- complex parts of reals
    @property
    def real(self) -> Tensor:
        """The real part: a real tensor itself (a complex one: its real values, no graph)."""
        if self._data.dtype.kind == "c":
            return self._result(np.real(self._data).copy())
        return self

    @property
    def imag(self) -> Tensor:
        """The imaginary part (complex tensors only; a real tensor raises, as PyTorch)."""
        if self._data.dtype.kind == "c":
            return self._result(np.imag(self._data).copy())
        raise RuntimeError("imag is not implemented for tensors with non-complex dtypes.")

    def angle(self) -> Tensor:
        """The argument: pi where x < 0, else 0 (NaN stays NaN; integers give the default
        floating dtype); zero gradient."""
        _real_only(self, "angle")
        x = _floating(self)
        d = x._data
        with np.errstate(invalid="ignore"):
            out = np.where(np.isnan(d), d, np.where(d < 0, math.pi, 0.0)).astype(d.dtype)
        return x._stepped(out)

    def isreal(self) -> Tensor:
        """Whether each element is real: all True for a real tensor (a bool tensor)."""
        d = self._data
        if d.dtype.kind == "c":
            return self._result(np.imag(d) == 0)
        return self._result(np.ones(np.shape(d), dtype=bool))

    def conj(self) -> Tensor:
        """The complex conjugate: a real tensor itself."""
        if self._data.dtype.kind == "c":
            return self._result(np.conj(self._data))
        return self

    def conj_physical(self) -> Tensor:
        """The complex conjugate, computed: a real tensor itself."""
        return self.conj()

    def conj_physical_(self) -> Tensor:
        """`conj_physical`, in place: nothing to do for a real tensor."""
        if self._data.dtype.kind == "c":
            return self._update("conj_physical_", lambda t: t.conj())
        return self

    def resolve_conj(self) -> Tensor:
        """The tensor with a pending conjugation applied: graphgrad has none, so itself."""
        return self

    def resolve_neg(self) -> Tensor:
        """The tensor with a pending negation applied: graphgrad has none, so itself."""
        return self

    def is_conj(self) -> bool:
        """Whether a conjugation is pending (never: graphgrad conjugates at once)."""
        return False

    def is_neg(self) -> bool:
        """Whether a negation is pending (never)."""
        return False

    # -------------------------------------------------------------------- facts
    def is_signed(self) -> bool:
        """Whether the dtype has a sign: False for uint8 and bool, True otherwise."""
        return self._data.dtype.kind not in "ub"

    def is_same_size(self, other) -> bool:
        """Whether other (a tensor) has the same shape."""
        return tuple(np.shape(self._data)) == tuple(np.shape(other._data))


for _name in (
    "gcd", "lcm", "copysign", "ldexp", "nextafter", "bitwise_left_shift", "bitwise_right_shift",
):  # fmt: skip
    setattr(NumberMethods, f"{_name}_", _inplace(_name))
del _name
