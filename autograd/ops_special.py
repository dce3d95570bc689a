"""Elementwise primitives of trigonometry, hyperbolic and special functions.

Each is a primitive (not composed) for accuracy: numpy's `tan`, `arcsinh`, `hypot`,
`logaddexp`, ... are exact where compositions lose digits (sinh near 0, hypot of large
values, logaddexp of large values), and the special functions come from
autograd/special_kernels.py. Backward rules are PyTorch's formulas (derivatives.yaml).
"""

from __future__ import annotations

import math

import numpy as np

from . import special_kernels as sk
from .float_warnings import quiet
from .op import Op, masked, value, xp

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_PI_OVER_TWO = math.sqrt(math.pi) / 2.0
_LN2 = math.log(2.0)


@quiet
class Tan(Op):
    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.tan(a)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g * (1 + out * out),)


@quiet
class Asin(Op):
    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.arcsin(a)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g / xp(g).sqrt(1 - a * a),)


@quiet
class Acos(Op):
    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.arccos(a)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (-g / xp(g).sqrt(1 - a * a),)


@quiet
class Atan(Op):
    __slots__ = ()

    def forward(self, a):
        return np.arctan(a)

    def backward(self, g, out, a):
        return (g / (1 + a * a),)


@quiet
class Atan2(Op):
    """The angle of the point (b, a): arctan(a / b) in the right quadrant."""

    __slots__ = ()
    broadcasts = True

    def forward(self, a, b):
        return np.arctan2(a, b)

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs
        av, bv = value(a), value(b)
        with np.errstate(all="ignore"):
            r = masked(g / (a * a + b * b), (av * av + bv * bv) != 0)  # 0 at the origin
            return (r * b if need_a else None), (-r * a if need_b else None)  # (inf * 0)


@quiet
class Sinh(Op):
    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.sinh(a)

    def backward(self, g, out, a):
        return (g * Cosh.call(a),)


@quiet
class Cosh(Op):
    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.cosh(a)

    def backward(self, g, out, a):
        return (g * Sinh.call(a),)


@quiet
class Asinh(Op):
    __slots__ = ()

    def forward(self, a):
        return np.arcsinh(a)

    def backward(self, g, out, a):
        return (g / xp(g).sqrt(a * a + 1),)


@quiet
class Acosh(Op):
    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.arccosh(a)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g / xp(g).sqrt(a * a - 1),)


@quiet
class Atanh(Op):
    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.arctanh(a)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g / (1 - a * a),)


@quiet
class Hypot(Op):
    """sqrt(a**2 + b**2) without overflow or underflow (numpy's hypot)."""

    __slots__ = ()
    broadcasts = True

    def forward(self, a, b):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.hypot(a, b)

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs
        with np.errstate(all="ignore"):  # (NaN at 0, as PyTorch's)
            r = g / out
            return (r * a if need_a else None), (r * b if need_b else None)


@quiet
class LogAddExp(Op):
    """log(exp(a) + exp(b)) without overflow (numpy's logaddexp)."""

    __slots__ = ()
    broadcasts = True

    def forward(self, a, b):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.logaddexp(a, b)

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs  # PyTorch's: g / (1 + exp(b - a)), and symmetrically
        f = xp(g)
        with np.errstate(all="ignore"):  # (NaN at inf - inf, as PyTorch's)
            return (g / (1 + f.exp(b - a)) if need_a else None), (
                g / (1 + f.exp(a - b)) if need_b else None
            )


@quiet
class LogAddExp2(Op):
    """log2(2**a + 2**b) without overflow (numpy's logaddexp2)."""

    __slots__ = ()
    broadcasts = True

    def forward(self, a, b):
        with np.errstate(all="ignore"):  # NaN or inf, without numpy's warning
            return np.logaddexp2(a, b)

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs  # g / (1 + 2**(b - a)), and symmetrically
        f = xp(g)
        with np.errstate(all="ignore"):
            return (g / (1 + f.exp((b - a) * _LN2)) if need_a else None), (
                g / (1 + f.exp((a - b) * _LN2)) if need_b else None
            )


@quiet
class Erf(Op):
    __slots__ = ()

    forward = staticmethod(sk.erf)

    def backward(self, g, out, a):
        return (g * (_TWO_OVER_SQRT_PI * xp(g).exp(-(a * a))),)


@quiet
class Erfc(Op):
    __slots__ = ()

    forward = staticmethod(sk.erfc)

    def backward(self, g, out, a):
        return (g * (-_TWO_OVER_SQRT_PI * xp(g).exp(-(a * a))),)


@quiet
class Erfinv(Op):
    __slots__ = ()

    forward = staticmethod(sk.erfinv)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g * (_SQRT_PI_OVER_TWO * xp(g).exp(out * out)),)


@quiet
class Lgamma(Op):
    __slots__ = ()

    forward = staticmethod(sk.lgamma)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g * Digamma.call(a),)


@quiet
class Digamma(Op):
    __slots__ = ()

    forward = staticmethod(sk.digamma)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g * Polygamma.call(a, n=1),)


@quiet
class Polygamma(Op):
    """The n-th derivative of digamma (n >= 1): digamma's derivatives, to any order."""

    __slots__ = ("n",)

    def forward(self, a):
        return sk.polygamma(self.n, a)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g * Polygamma.call(a, n=self.n + 1),)


@quiet
class Logit(Op):
    """log(x / (1 - x)), x first clamped to [eps, 1 - eps] when eps >= 0 is given.

    A primitive for PyTorch's gradient at the ends: without eps, NaN outside [0, 1] and
    g * inf at 0 and 1; with eps, 0 outside [eps, 1 - eps] (where the clamp is flat).
    """

    __slots__ = ("eps",)

    def forward(self, a):
        eps = self.eps
        if eps is not None and eps >= 0:
            a = np.clip(a, eps, 1 - eps)
        with np.errstate(all="ignore"):
            return np.log(a / (1 - a))

    def backward(self, g, out, a):
        eps, av = self.eps, value(a)
        with np.errstate(all="ignore"):
            d = g / (a * (1 - a))
            if eps is not None and eps >= 0:
                return (masked(d, (av >= eps) & (av <= 1 - eps)),)
            f = xp(g)
            ends = f.where((av == 0) | (av == 1), g * math.inf, d)
            return (f.where((av < 0) | (av > 1), math.nan, ends),)
