"""`autograd.special`: PyTorch's `torch.special` functions on real tensors.

The names graphgrad already has delegate to it (`expit` is `sigmoid`, `gammaln` is
`lgamma`, `psi` is `digamma`, `softmax`, `logsumexp`, ...); the others are primitives of
autograd/ops_torch_special.py (`erfcx`, `ndtri`, `log_ndtr`, `i0`, `i0e`, `i1`, `i1e`,
`xlogy`, `xlog1py`, `entr`, `sinc`, `zeta`, `gammainc`, `gammaincc`) or made of them
(`ndtr`, `multigammaln`). Gradients are PyTorch's; where PyTorch has none, neither has
graphgrad: `zeta` in its first argument and `gammainc`/`gammaincc` in theirs raise
PyTorch's "the derivative for ... is not implemented" in the backward, and the Bessel
functions and orthogonal polynomials (autograd/bessel_polynomials.py) return tensors
that do not require grad, as PyTorch's do.

Loaded on first use (`autograd.special` or `import autograd.special`).
"""

from __future__ import annotations

import math

from . import bessel_polynomials as _poly
from . import torch_special_kernels as _tk
from .ops_torch_special import (
    I0,
    I1,
    Entr,
    Erfcx,
    Gammainc,
    Gammaincc,
    I0e,
    I1e,
    LogNdtr,
    Ndtri,
    Sinc,
    Xlog1py,
    Xlogy,
    Zeta,
)
from .tensor_class import Tensor
from .tensor_pointwise import _floating, _pair
from .torch_functions import log_softmax as _log_softmax
from .torch_functions import logsumexp as _logsumexp
from .torch_functions import softmax as _softmax
from .torch_math import _out, _tensor

__all__ = [
    "airy_ai",
    "bessel_j0",
    "bessel_j1",
    "bessel_y0",
    "bessel_y1",
    "chebyshev_polynomial_t",
    "chebyshev_polynomial_u",
    "chebyshev_polynomial_v",
    "chebyshev_polynomial_w",
    "digamma",
    "entr",
    "erf",
    "erfc",
    "erfcx",
    "erfinv",
    "exp2",
    "expit",
    "expm1",
    "gammainc",
    "gammaincc",
    "gammaln",
    "hermite_polynomial_h",
    "hermite_polynomial_he",
    "i0",
    "i0e",
    "i1",
    "i1e",
    "laguerre_polynomial_l",
    "legendre_polynomial_p",
    "log1p",
    "log_ndtr",
    "log_softmax",
    "logit",
    "logsumexp",
    "modified_bessel_i0",
    "modified_bessel_i1",
    "modified_bessel_k0",
    "modified_bessel_k1",
    "multigammaln",
    "ndtr",
    "ndtri",
    "polygamma",
    "psi",
    "round",
    "scaled_modified_bessel_k0",
    "scaled_modified_bessel_k1",
    "shifted_chebyshev_polynomial_t",
    "shifted_chebyshev_polynomial_u",
    "shifted_chebyshev_polynomial_v",
    "shifted_chebyshev_polynomial_w",
    "sinc",
    "softmax",
    "spherical_bessel_j0",
    "xlog1py",
    "xlogy",
    "zeta",
]

_SQRT_HALF = math.sqrt(0.5)


def _real(x, name: str) -> Tensor:
    t = _tensor(x)
    if t._data.dtype.kind == "c":
        raise TypeError(f"special.{name}: a real function; for a complex tensor, take .real first")
    return _floating(t)


def _unary(op, name: str, doc: str):
    def fn(input, *, out=None) -> Tensor:
        return _out(op.apply(_real(input, name)), out)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


def _binary(op, name: str, doc: str):
    def fn(input, other, *, out=None) -> Tensor:
        a = input if isinstance(input, Tensor) else None
        first = _tensor(input) if a is not None or not isinstance(other, Tensor) else None
        if first is None:  # a Python number first: it takes the other's dtype
            first = other._operand(input)
        a, b = _pair(first, other, f"special.{name}")
        return _out(op.apply(a, b), out)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


def _method(name: str, doc: str, method: str | None = None):
    def fn(input, *, out=None) -> Tensor:
        return _out(getattr(_tensor(input), method or name)(), out)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc
    return fn


# ------------------------------------------------------------------ graphgrad's own ops
expit = _method("expit", "1 / (1 + exp(-x)): the logistic sigmoid.", "sigmoid")
erf = _method("erf", "The error function.")
erfc = _method("erfc", "1 - erf(x), accurate where erf(x) is near 1.")
erfinv = _method("erfinv", "The inverse of erf (+-inf at +-1, NaN outside).")
exp2 = _method("exp2", "2 ** x.")
expm1 = _method("expm1", "exp(x) - 1, accurate near 0.")
log1p = _method("log1p", "log(1 + x), accurate near 0.")
gammaln = _method("gammaln", "log |Gamma(x)| (lgamma).", "lgamma")
digamma = _method("digamma", "The derivative of lgamma.")
psi = _method("psi", "The derivative of lgamma (digamma).", "digamma")


def logit(input, eps: float | None = None, *, out=None) -> Tensor:
    """log(x / (1 - x)); with eps, x is first clamped to [eps, 1 - eps]."""
    return _out(_tensor(input).logit(eps), out)


def polygamma(n: int, input, *, out=None) -> Tensor:
    """The n-th derivative of digamma."""
    return _out(_tensor(input).polygamma(n), out)


def round(input, *, decimals: int = 0, out=None) -> Tensor:  # noqa: A001 (PyTorch's name)
    """x rounded to `decimals` places, halves to even (zero gradient)."""
    return _out(_tensor(input).round(decimals), out)


def softmax(input, dim: int, *, dtype=None) -> Tensor:
    """exp(x) / sum(exp(x)) along dim."""
    return _softmax(input, dim, dtype=dtype)


def log_softmax(input, dim: int, *, dtype=None) -> Tensor:
    """log(softmax(x)) along dim."""
    return _log_softmax(input, dim, dtype=dtype)


def logsumexp(input, dim, keepdim: bool = False, *, out=None) -> Tensor:
    """log(sum(exp(x))) over dims, without overflow."""
    return _logsumexp(input, dim, keepdim, out=out)


# ------------------------------------------------------------------ the primitives
erfcx = _unary(Erfcx, "erfcx", "exp(x**2) erfc(x), without overflow or underflow.")
ndtri = _unary(Ndtri, "ndtri", "The x with ndtr(x) = p: the standard normal quantile.")
log_ndtr = _unary(LogNdtr, "log_ndtr", "log(ndtr(x)), without underflow far below 0.")
i0 = _unary(I0, "i0", "The modified Bessel function of the first kind, order 0.")
i0e = _unary(I0e, "i0e", "exp(-|x|) i0(x).")
i1 = _unary(I1, "i1", "The modified Bessel function of the first kind, order 1.")
i1e = _unary(I1e, "i1e", "exp(-|x|) i1(x).")
entr = _unary(Entr, "entr", "-x log(x) for x > 0, 0 at 0, -inf below (elementwise entropy).")
sinc = _unary(Sinc, "sinc", "sin(pi x) / (pi x), 1 at 0 (the normalized sinc).")
xlogy = _binary(Xlogy, "xlogy", "input * log(other), 0 where input is 0 (unless other is NaN).")
xlog1py = _binary(Xlog1py, "xlog1py", "input * log1p(other), 0 where input is 0.")
zeta = _binary(Zeta, "zeta", "The Hurwitz zeta function sum((other + k) ** -input, k >= 0).")
gammainc = _binary(Gammainc, "gammainc", "The regularized lower incomplete gamma function.")
gammaincc = _binary(Gammaincc, "gammaincc", "The regularized upper incomplete gamma function.")


def ndtr(input, *, out=None) -> Tensor:
    """The standard normal distribution function, (1 + erf(x / sqrt 2)) / 2."""
    x = _real(input, "ndtr")
    return _out((x * -_SQRT_HALF).erfc() * 0.5, out)


def multigammaln(input, p: int, *, out=None) -> Tensor:
    """The multivariate log-gamma function of dimension p: the sum of lgamma(x - j / 2),
    j < p, plus p (p - 1) / 4 log(pi)."""
    return _out(_real(input, "multigammaln").mvlgamma(p), out)


# ------------------------------------------------------------------ without a gradient
def _constant(kernel, name: str, doc: str, x_named: bool = False):
    """A function without a gradient; x_named: its parameter is `x`, as PyTorch names it for
    airy_ai, spherical_bessel_j0 and the scaled K Bessel functions (`input` for the others)."""

    def by_input(input, *, out=None) -> Tensor:
        x = _real(input, name)
        return _out(x._result(kernel(x._data)), out)

    def by_x(x, *, out=None) -> Tensor:
        return by_input(x, out=out)

    fn = by_x if x_named else by_input
    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc + " (No gradient, as PyTorch's.)"
    return fn


modified_bessel_i0 = _constant(_tk.i0, "modified_bessel_i0", "I0(x), as i0.")
modified_bessel_i1 = _constant(_tk.i1, "modified_bessel_i1", "I1(x), as i1.")
modified_bessel_k0 = _constant(_poly.k0, "modified_bessel_k0", "K0(x): second kind, order 0.")
modified_bessel_k1 = _constant(_poly.k1, "modified_bessel_k1", "K1(x): second kind, order 1.")
scaled_modified_bessel_k0 = _constant(
    _poly.k0e, "scaled_modified_bessel_k0", "exp(x) K0(x).", x_named=True
)
scaled_modified_bessel_k1 = _constant(
    _poly.k1e, "scaled_modified_bessel_k1", "exp(x) K1(x).", x_named=True
)
bessel_j0 = _constant(_poly.j0, "bessel_j0", "J0(x): the Bessel function of the first kind.")
bessel_j1 = _constant(_poly.j1, "bessel_j1", "J1(x): the Bessel function of the first kind.")
bessel_y0 = _constant(_poly.y0, "bessel_y0", "Y0(x): the Bessel function of the second kind.")
bessel_y1 = _constant(_poly.y1, "bessel_y1", "Y1(x): the Bessel function of the second kind.")
spherical_bessel_j0 = _constant(
    _poly.spherical_j0, "spherical_bessel_j0", "sin(x) / x.", x_named=True
)
airy_ai = _constant(
    _poly.airy_ai, "airy_ai", "Ai(x), the Airy function of the first kind.", x_named=True
)


def _polynomial(kernel, name: str, doc: str):
    def fn(x, n, *, out=None) -> Tensor:
        x, k = _pair(_tensor(x), n, f"special.{name}")
        return _out(x._result(kernel(x._data, k._data)), out)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = doc + " of degree n at x. (No gradient, as PyTorch's.)"
    return fn


chebyshev_polynomial_t = _polynomial(_poly.chebyshev_t, "chebyshev_polynomial_t", "T_n(x)")
chebyshev_polynomial_u = _polynomial(_poly.chebyshev_u, "chebyshev_polynomial_u", "U_n(x)")
chebyshev_polynomial_v = _polynomial(_poly.chebyshev_v, "chebyshev_polynomial_v", "V_n(x)")
chebyshev_polynomial_w = _polynomial(_poly.chebyshev_w, "chebyshev_polynomial_w", "W_n(x)")
shifted_chebyshev_polynomial_t = _polynomial(
    _poly.shifted(_poly.chebyshev_t), "shifted_chebyshev_polynomial_t", "T_n(2x - 1)"
)
shifted_chebyshev_polynomial_u = _polynomial(
    _poly.shifted(_poly.chebyshev_u), "shifted_chebyshev_polynomial_u", "U_n(2x - 1)"
)
shifted_chebyshev_polynomial_v = _polynomial(
    _poly.shifted(_poly.chebyshev_v), "shifted_chebyshev_polynomial_v", "V_n(2x - 1)"
)
shifted_chebyshev_polynomial_w = _polynomial(
    _poly.shifted(_poly.chebyshev_w), "shifted_chebyshev_polynomial_w", "W_n(2x - 1)"
)
hermite_polynomial_h = _polynomial(_poly.hermite_h, "hermite_polynomial_h", "H_n(x) (physicists')")
hermite_polynomial_he = _polynomial(
    _poly.hermite_he, "hermite_polynomial_he", "He_n(x) (probabilists')"
)
laguerre_polynomial_l = _polynomial(_poly.laguerre_l, "laguerre_polynomial_l", "L_n(x)")
legendre_polynomial_p = _polynomial(_poly.legendre_p, "legendre_polynomial_p", "P_n(x)")
