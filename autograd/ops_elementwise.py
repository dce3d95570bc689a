"""Elementwise primitives: arithmetic, exp/log, trigonometry, maximum, where, cast."""

from __future__ import annotations

import operator

import numpy as np

from .float_warnings import quiet, quietly
from .op import Op, masked, masked_into, sigmoid, value, xp

_FLOAT_SCALARS = frozenset((np.float16, np.float32, np.float64, np.longdouble))


class Add(Op):
    __slots__ = ()
    reads = ((), ())  # (saves nothing, as PyTorch's: Op.reads)
    broadcasts = True
    passes = True  # (the engine's inlined step gives g to both inputs without the call)

    forward = staticmethod(operator.add)  # a + b

    def backward(self, g, out, a, b):
        return g, g  # add distributes the gradient


class Sub(Op):
    __slots__ = ()
    reads = ((), ())
    broadcasts = True

    forward = staticmethod(operator.sub)  # a - b

    def backward(self, g, out, a, b):
        return g, (-g if self.needs[1] else None)


class Mul(Op):
    __slots__ = ()
    reads = ((1,), (0,))  # each gradient reads the other input
    broadcasts = True

    forward = staticmethod(operator.mul)  # a * b

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs  # gradients only for the inputs that need them
        try:  # free unless a filter raised numpy's inf * 0 warning: then the same, quietly
            return (g * b if need_a else None), (g * a if need_b else None)
        except RuntimeWarning:
            with np.errstate(all="ignore"):
                return (g * b if need_a else None), (g * a if need_b else None)


class Div(Op):
    # A primitive (not a * b**-1) so that x / 3 equals numpy's x / 3 to the bit.
    __slots__ = ()
    reads = ((1,), (0, 1))  # as PyTorch's (not the output: a / b is computed again)
    broadcasts = True

    forward = staticmethod(operator.truediv)  # a / b

    def backward(self, g, out, a, b):
        # PyTorch's grouping: -g * ((a / b) / b), finite where -(g / b) * out is inf * 0;
        # a / b again, not out: the output may have been changed in place since
        try:  # free unless a filter raised numpy's g / 0 warning: then the same, quietly
            return g / b, (-g * ((a / b) / b) if self.needs[1] else None)
        except RuntimeWarning:
            with np.errstate(all="ignore"):
                return g / b, (-g * ((a / b) / b) if self.needs[1] else None)


def _power(a, b):
    """a ** b; float32 and float16 computed in float64 and rounded once, as PyTorch's pow
    (numpy's float32 powf can be an ulp off: x ** 3 for a third of the values)."""
    dt = np.result_type(a, b)
    if dt.kind == "f" and dt.itemsize < 8:
        return (np.asarray(a, np.float64) ** np.asarray(b, np.float64)).astype(dt)[()]
    return a**b


class Pow(Op):
    """x ** exponent for a constant exponent (PyTorch's special cases: 2, 3, 0.5, -0.5, -1,
    -2 by multiplication, square root and division, as its pow kernel).

    The derivative p x**(p-1) is taken as 0 where p == 0 (x**0 is constant; at x = 0 the
    formula is 0 * inf), as PyTorch's pow_backward does; the same rule, recorded under
    create_graph, makes the second derivative of x**1 at 0 zero too.
    """

    __slots__ = ("exponent",)
    reads = ((0,),)

    def forward(self, a):
        try:  # free unless a filter raised numpy's warning (overflow, 0 ** -1): then quietly
            return self._value(a)
        except RuntimeWarning:
            return quietly(self._value, a)

    def backward(self, g, out, a):
        try:
            return self._grad(g, a)
        except RuntimeWarning:
            return quietly(self._grad, g, a)

    def _value(self, a):
        p = self.exponent
        if type(p) in (int, float):  # exact, fast special cases
            if p == 2:
                return a * a
            if p == 0.5:
                return np.sqrt(a)
            if p == 1:
                return a.copy()
            if p == 3:
                return a * a * a
            if p == -1:
                return 1 / a
            if p == -2:
                return 1 / (a * a)
            if p == -0.5:
                return 1 / np.sqrt(a)
            if a.dtype.kind == "c":
                return a**p
            return _power(a, np.asarray(p, a.dtype))
        return _power(a, p)

    def _grad(self, g, a):
        p = self.exponent
        if type(p) in (int, float):
            if p == 2:
                return (g * 2 * a,)
            if p == 0:  # a constant (it does not require grad), as PyTorch's zeros
                return (masked(g, False),)
            return (g * (p * Pow.call(a, exponent=p - 1)),)  # PyTorch's grouping (g * p
        # can overflow: inf * 0 at 0 ** 1e300); below, an array exponent
        return (masked(g * (p * Pow.call(a, exponent=p - 1)), np.not_equal(p, 0)),)

    def label(self, inputs: tuple = ()) -> str:
        p = self.exponent
        if isinstance(p, (int, float)) and p == 0.5:
            return "Sqrt"
        return super().label(inputs)


@quiet
class PowTensor(Op):
    """a ** b where the exponent b is differentiated too.

    As PyTorch: d/da = b a**(b-1), taken as 0 where b == 0 (masked only where a == 0 too,
    where it is 0 * inf: elsewhere it is 0 anyway, and its derivative in b, 1/a, stays, which
    PyTorch's loses); d/db = a**b log a, taken as 0 where a == 0 and b >= 0 (so `0.0 ** y`
    has a finite gradient for y >= 0).
    """

    __slots__ = ()
    broadcasts = True

    def forward(self, a, b):
        return _power(a, b)

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs  # only what is needed: a constant base 0 has d/da = inf
        av, bv = value(a), value(b)
        ga = gb = None
        with np.errstate(all="ignore"):
            if need_a:
                ga = masked(g * (b * a ** (b - 1)), (bv != 0) | (av != 0))
            if need_b:
                f = xp(g)
                flat = (av == 0) & (bv >= 0)
                gb = masked(g * out * f.log(f.where(flat, 1, a)), ~flat)
        return ga, gb


class Exp(Op):
    __slots__ = ()
    reads = ((-1,),)  # its output, as PyTorch's (not the input)

    def forward(self, a):
        try:  # free unless a filter raised numpy's overflow warning: inf, quietly
            return np.exp(a)
        except RuntimeWarning:
            return quietly(np.exp, a)

    def backward(self, g, out, a):
        try:  # (inf * 0 is nan, as PyTorch)
            return (g * out,)
        except RuntimeWarning:
            return (quietly(operator.mul, g, out),)


class Log(Op):
    __slots__ = ()
    reads = ((0,),)

    def forward(self, a):
        try:  # free unless a filter raised numpy's warning: -inf at 0, nan below, quietly
            return np.log(a)
        except RuntimeWarning:
            return quietly(np.log, a)

    def backward(self, g, out, a):
        try:  # (g / 0 is inf, as PyTorch)
            return (g / a,)
        except RuntimeWarning:
            return (quietly(operator.truediv, g, a),)


class Log1p(Op):
    # A primitive: log(1 + x) loses the digits of small x in the addition.
    __slots__ = ()
    reads = ((0,),)

    def forward(self, a):
        with np.errstate(all="ignore"):  # -inf at -1, nan below
            return np.log1p(a)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):  # g / 0 at -1
            return (g / (a + 1),)


class Expm1(Op):
    # A primitive: exp(x) - 1 loses the digits of small x in the subtraction.
    __slots__ = ()
    reads = ((-1,),)

    def forward(self, a):
        with np.errstate(all="ignore"):  # inf beyond log(max)
            return np.expm1(a)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):  # inf * 0
            return (g * (out + 1),)


@quiet
class Sin(Op):
    __slots__ = ()
    reads = ((0,),)

    def forward(self, a):
        return np.sin(a)

    def backward(self, g, out, a):
        return (g * xp(g).cos(a),)


@quiet
class Cos(Op):
    __slots__ = ()
    reads = ((0,),)

    def forward(self, a):
        return np.cos(a)

    def backward(self, g, out, a):
        return (-g * xp(g).sin(a),)


class Tanh(Op):
    # A primitive: numpy's tanh is exact near 0, where 2 sigmoid(2x) - 1 loses digits.
    __slots__ = ()
    reads = ((-1,),)

    def forward(self, a):
        return np.tanh(a)

    def backward(self, g, out, a):
        try:  # free unless a filter raised numpy's inf * 0 warning: then the same, quietly
            return (g * (1 - out * out),)
        except RuntimeWarning:
            with np.errstate(all="ignore"):
                return (g * (1 - out * out),)


class Sigmoid(Op):
    # A primitive: 1 / (1 + exp(-x)) overflows for large negative x; op.sigmoid does not.
    __slots__ = ()
    reads = ((-1,),)

    forward = staticmethod(sigmoid)

    def backward(self, g, out, a):
        try:  # free unless a filter raised numpy's inf * 0 warning: then the same, quietly
            return (g * out * (1 - out),)
        except RuntimeWarning:
            with np.errstate(all="ignore"):
                return (g * out * (1 - out),)


class Relu(Op):
    """max(x, 0). A primitive for speed (one node, no mask tensor); relu'(0) = 0."""

    __slots__ = ()
    reads = ((-1,),)  # its output, as PyTorch's threshold_backward

    def label(self, inputs: tuple = ()) -> str:
        return "ReLU"

    def forward(self, a):  # NaN stays NaN
        if a.__class__ is not np.ndarray:  # a numpy scalar: its class makes the zero (fast)
            return a if not a <= 0 else a.__class__(0)
        return np.maximum(a, 0) if a.ndim else (a if not a <= 0 else a.dtype.type(0))

    def backward(self, g, out, a):
        # PyTorch's threshold_backward: g except where out <= 0, so a NaN passes it on
        if out.__class__ in _FLOAT_SCALARS and g.__class__ in _FLOAT_SCALARS:  # 0-d values
            return (g if not out <= 0 else g.__class__(0),)  # (`masked`'s scalar case)
        return (masked(g, value(out) <= 0, invert=True),)  # a constant mask

    def backward_owned(self, g, out, a):
        """`backward`, written in place into g (called only when the engine owns g)."""
        return (masked_into(g, out <= 0, invert=True),)


class Maximum(Op):
    """Elementwise max. At ties the gradient is split evenly between both inputs."""

    __slots__ = ()
    reads = ((0, 1), (0, 1))
    broadcasts = True

    def forward(self, a, b):
        return np.maximum(a, b)

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs
        av, bv = value(a), value(b)
        # max routes the gradient (masked: the smaller side is flat), as PyTorch's rule:
        # each side is zeroed only where it is smaller, so a NaN passes it to both
        below, above, ties = av < bv, av > bv, av == bv
        if not ties.any():
            return (masked(g, ~below) if need_a else None), (masked(g, ~above) if need_b else None)
        half = masked(g * 0.5, ties)
        ga = masked(g, ~(below | ties)) + half if need_a else None
        gb = masked(g, ~(above | ties)) + half if need_b else None
        return ga, gb


@quiet
class Remainder(Op):
    """a - floor(a / b) * b with the sign of b (Python's %), as PyTorch's and numpy's.

    A primitive, not composed of floor division: the fmod-based value is exact (1.0 % 0.05
    is 0.04999..., 0 % inf is 0), where a - (a // b) * b rounds or gives nan.
    """

    __slots__ = ()
    reads = ((), (0, 1))
    broadcasts = True

    def forward(self, a, b):
        return np.remainder(a, b)

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs
        with np.errstate(all="ignore"):
            q = self._quotient(value(a), value(b))  # the steps are flat: a constant
        return (g if need_a else None), (-(g * q) if need_b else None)

    _quotient = staticmethod(np.floor_divide)  # the rounded a / b the remainder took away


class Fmod(Remainder):
    """a - trunc(a / b) * b with the sign of a (C's fmod), as PyTorch's fmod; exact."""

    __slots__ = ()

    def forward(self, a, b):
        with np.errstate(all="ignore"):  # NaN for b = 0, as PyTorch
            return np.fmod(a, b)

    @staticmethod
    def _quotient(a, b):
        return np.trunc(a / b)  # PyTorch's: div(a, b, rounding_mode="trunc")


class Where(Op):
    """Elements of a where the (constant) condition holds, else of b."""

    __slots__ = ("_cond",)
    reads = ((), ())  # (the condition is a constant the op keeps, not an input)
    broadcasts = True

    def forward(self, a, b):
        return np.where(self._cond, a, b)

    def backward(self, g, out, a, b):
        f = xp(g)
        need_a, need_b = self.needs  # a branch that is a constant gets no gradient computed
        ga = f.where(self._cond, g, 0) if need_a else None
        gb = f.where(self._cond, 0, g) if need_b else None
        return ga, gb


class Rescaled(Op):
    """Values computed outside the graph (frexp's mantissa, nextafter's step, copysign) whose
    derivative is a constant factor: the gradient is g * factor. A second input, if
    given, only shapes the result: its gradient is zeros (copysign's sign source)."""

    __slots__ = ("values", "factor")
    broadcasts = True

    def forward(self, a, b=None):
        return self.values

    def backward(self, g, out, a, b=None):
        return g * self.factor, (None if b is None else masked(g, np.False_))


class Cast(Op):
    """A change of floating dtype; the gradient is cast back."""

    __slots__ = ("dtype",)
    reads = ((),)

    def forward(self, a):
        return a.astype(self.dtype)

    def label(self, inputs: tuple = ()) -> str:
        return f"Cast\n→ {np.dtype(self.dtype).name}"

    def backward(self, g, out, a):
        return (g.astype(a.dtype),)
