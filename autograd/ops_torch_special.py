"""The primitives of `autograd.special` that autograd/ops_special.py does not have.

Kernels from autograd/torch_special_kernels.py; backward rules are PyTorch's formulas
(derivatives.yaml), written once over `xp`. Where PyTorch has no derivative (zeta in x,
the incomplete gamma functions in a), the backward raises PyTorch's RuntimeError.
"""

from __future__ import annotations

import math

import numpy as np

from . import special_kernels as sk
from . import torch_special_kernels as tk
from .float_warnings import quiet
from .op import Op, masked, sign, value, xp

_TWO_OVER_SQRT_PI = 2.0 / math.sqrt(math.pi)
_SQRT_2PI = math.sqrt(2.0 * math.pi)


def _not_implemented(name: str):
    return RuntimeError(
        f"the derivative for '{name}' is not implemented (as in PyTorch); detach that "
        f"input (x.detach()) if it needs no gradient"
    )


@quiet
class Erfcx(Op):
    """exp(x**2) erfc(x), the scaled complementary error function."""

    __slots__ = ()

    forward = staticmethod(tk.erfcx)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g * (2.0 * a * out - _TWO_OVER_SQRT_PI),)


@quiet
class Ndtri(Op):
    """The inverse of the standard normal distribution function."""

    __slots__ = ()

    forward = staticmethod(tk.ndtri)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g * (_SQRT_2PI * xp(g).exp(out * out * 0.5)),)


@quiet
class LogNdtr(Op):
    """log of the standard normal distribution function, without underflow."""

    __slots__ = ()

    forward = staticmethod(tk.log_ndtr)

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g / _SQRT_2PI * xp(g).exp(-(out + a * a * 0.5)),)


@quiet
class I0(Op):
    """The modified Bessel function of the first kind of order 0."""

    __slots__ = ()

    forward = staticmethod(tk.i0)

    def backward(self, g, out, a):
        return (g * I1.call(a),)


@quiet
class I0e(Op):
    """exp(-|x|) I0(x)."""

    __slots__ = ()

    forward = staticmethod(tk.i0e)

    def backward(self, g, out, a):
        return (g * (I1e.call(a) - sign(value(a)) * out),)


@quiet
class I1(Op):
    """The modified Bessel function of the first kind of order 1."""

    __slots__ = ()

    forward = staticmethod(tk.i1)

    def backward(self, g, out, a):
        av = value(a)
        zero = av == 0
        safe = xp(g).where(zero, 1.0, a)
        with np.errstate(all="ignore"):
            return (g * xp(g).where(zero, 0.5, I0.call(a) - out / safe),)


@quiet
class I1e(Op):
    """exp(-|x|) I1(x)."""

    __slots__ = ()

    forward = staticmethod(tk.i1e)

    def backward(self, g, out, a):
        av = value(a)
        zero = av == 0
        safe = xp(g).where(zero, 1.0, a)
        with np.errstate(all="ignore"):
            d = I0e.call(a) - out * (sign(av) + 1.0 / safe)
            return (g * xp(g).where(zero, 0.5, d),)


def _log_term(g, a, b, log_b, edge: float):
    """PyTorch's gradient in the first input: g * log_b, 0 where a == 0 and b <= edge."""
    flat = (value(a) == 0) & (value(b) <= edge)
    return xp(g).where(flat, 0.0, g * log_b)


@quiet
class Xlogy(Op):
    """x * log(y), 0 where x is 0 (unless y is NaN)."""

    __slots__ = ()
    broadcasts = True

    def forward(self, a, b):
        with np.errstate(all="ignore"):
            out = a * np.log(b)
            return np.where((a == 0) & ~np.isnan(b), 0.0, out).astype(out.dtype)[()]

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs
        with np.errstate(all="ignore"):
            ga = _log_term(g, a, b, xp(g).log(b), 0.0) if need_a else None
            return ga, (g * a / b if need_b else None)


@quiet
class Xlog1py(Op):
    """x * log1p(y), 0 where x is 0 (unless y is NaN)."""

    __slots__ = ()
    broadcasts = True

    def forward(self, a, b):
        with np.errstate(all="ignore"):
            out = a * np.log1p(b)
            return np.where((a == 0) & ~np.isnan(b), 0.0, out).astype(out.dtype)[()]

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs
        with np.errstate(all="ignore"):
            ga = _log_term(g, a, b, xp(g).log(b + 1.0), -1.0) if need_a else None
            return ga, (g * a / (b + 1.0) if need_b else None)


@quiet
class Entr(Op):
    """-x log(x) for x > 0, 0 at 0, -inf below."""

    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):
            out = np.where(a > 0, -a * np.log(np.where(a > 0, a, 1)), 0.0)
            out = np.where(a < 0, -np.inf, out)
            return np.where(np.isnan(a), a, out).astype(a.dtype)[()]

    def backward(self, g, out, a):
        with np.errstate(all="ignore"):
            return (g * -(1.0 + xp(g).log(a)),)


@quiet
class Sinc(Op):
    """sin(pi x) / (pi x), 1 at 0."""

    __slots__ = ()

    def forward(self, a):
        x = np.asarray(a, dtype=np.float64)  # (in double: sin(pi n) stays near 0 in float32)
        with np.errstate(all="ignore"):
            px = np.pi * np.where(x == 0, 1.0, x)
            return np.where(x == 0, 1.0, np.sin(px) / px).astype(a.dtype)[()]

    def backward(self, g, out, a):
        f = xp(g)
        zero = value(a) == 0
        px = math.pi * f.where(zero, 1.0, a)
        with np.errstate(all="ignore"):
            d = (f.cos(px) - f.sin(px) / px) / f.where(zero, 1.0, a)
        return (masked(g * d, zero, invert=True),)


@quiet
class Zeta(Op):
    """The Hurwitz zeta function zeta(x, q) = sum((q + k) ** -x); differentiable in q."""

    __slots__ = ()
    broadcasts = True

    forward = staticmethod(tk.zeta)

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs
        if need_a:
            raise _not_implemented("zeta")
        with np.errstate(all="ignore"):
            return None, g * -a * Zeta.call(a + 1.0, b)


@quiet
class Gammainc(Op):
    """The regularized lower incomplete gamma function P(a, x); differentiable in x."""

    __slots__ = ()
    broadcasts = True

    forward = staticmethod(tk.gammainc)

    def backward(self, g, out, a, b):
        if self.needs[0]:
            raise _not_implemented("igamma: input")
        return None, g * _gamma_density(a, b)


@quiet
class Gammaincc(Op):
    """The regularized upper incomplete gamma function Q(a, x) = 1 - P(a, x)."""

    __slots__ = ()
    broadcasts = True

    forward = staticmethod(tk.gammaincc)

    def backward(self, g, out, a, b):
        if self.needs[0]:
            raise _not_implemented("igammac: input")
        return None, -g * _gamma_density(a, b)


def _gamma_density(a, x):
    """x**(a - 1) exp(-x) / Gamma(a): d P(a, x) / dx (a enters as a constant)."""
    av = value(a)
    with np.errstate(all="ignore"):
        return xp(x).exp((av - 1.0) * xp(x).log(x) - x - sk.lgamma(av))
