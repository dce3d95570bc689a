"""The special functions on numpy arrays: erf, erfc, erfinv, lgamma, digamma, polygamma.

numpy has none of them, and graphgrad does not depend on scipy. Each kernel computes in
float64 (a float32 or float16 array is rounded once at the end) with rational
approximations and series of the Cephes library (S. L. Moshier), vectorised: each element
takes only its own branch, and a large array is computed 16384 elements at a time (the
temporaries stay in the cache: about 4 times faster than `math.erf` element by element).

- erf, erfc: Cephes' rational approximations on |x| < 1, [1, 8) and [8, 27.3); the factor
  exp(-x**2) of the tail is computed from an exact split of x**2 (x = hi + lo), so erfc
  keeps its relative accuracy down to its underflow;
- erfinv: a closed-form first guess (Winitzki's) refined by three Halley steps on erf(x) = y
  (on erfc(x) = 1 - y for |y| > 0.5, where 1 - y is exact);
- lgamma: a Taylor series around its zeros at 1 and 2 (coefficients zeta(k) - 1 from the
  zeta below), Stirling's series from 13, Cephes' rational approximation on [2, 3) reached
  by the recurrence between -34 and 13, the reflection formula below -34;
- digamma and trigamma: PyTorch's algorithms (recurrence to x >= 10, then the asymptotic
  series; reflection for x < 0 and x < 0.5), so the values and their edge cases match;
- polygamma(n >= 2): (-1)**(n+1) n! zeta(n + 1, x), the Hurwitz zeta function summed to
  x + N > 9 and finished by the Euler-Maclaurin series (as Cephes' zeta); below x = -100,
  the reflection formula (the derivatives of pi cot(pi x)) instead of a sum of -x terms.

tests/test_math_ops_pytorch.py compares each with PyTorch over wide ranges and states the
largest error in ulps.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

_SQRT_PI = math.sqrt(math.pi)

# erf on |x| < 1: x T(x**2) / U(x**2)
_ERF_T = (
    9.60497373987051638749e0,
    9.00260197203842689217e1,
    2.23200534594684319226e3,
    7.00332514112805075473e3,
    5.55923013010394962768e4,
)
_ERF_U = (
    1.0,
    3.35617141647503099647e1,
    5.21357949780152679795e2,
    4.59432382970980127987e3,
    2.26290000613890934246e4,
    4.92673942608635921086e4,
)
# erfc on 1 <= x < 8: exp(-x**2) P(x) / Q(x); on x >= 8: exp(-x**2) R(x) / S(x)
_ERFC_P = (
    2.46196981473530512524e-10,
    5.64189564831068821977e-1,
    7.46321056442269912687e0,
    4.86371970985681366614e1,
    1.96520832956077098242e2,
    5.26445194995477358631e2,
    9.34528527171957607540e2,
    1.02755188689515710272e3,
    5.57535335369399327526e2,
)
_ERFC_Q = (
    1.0,
    1.32281951154744992508e1,
    8.67072140885989742329e1,
    3.54937778887819891062e2,
    9.75708501743205489753e2,
    1.82390916687909736289e3,
    2.24633760818710981792e3,
    1.65666309194161350182e3,
    5.57535340817727675546e2,
)
_ERFC_R = (
    5.64189583547755073984e-1,
    1.27536670759978104416e0,
    5.01905042251180477414e0,
    6.16021097993053585195e0,
    7.40974269950448939160e0,
    2.97886665372100240670e0,
)
_ERFC_S = (
    1.0,
    2.26052863220117276590e0,
    9.39603524938001434673e0,
    1.20489539808096656605e1,
    1.70814450747565897222e1,
    9.60896809063285878198e0,
    3.36907645100081516050e0,
)
_ERFC_UNDERFLOW = 27.3  # erfc(x) < the smallest subnormal double beyond

# lgamma: Stirling's correction in 1/x**2 (A), and x B(x) / C(x) for lgamma(2 + x), 0 <= x < 1
_LGAMMA_A = (
    8.11614167470508450300e-4,
    -5.95061904284301438324e-4,
    7.93650340457716943945e-4,
    -2.77777777730099687205e-3,
    8.33333333333331927722e-2,
)
_LGAMMA_B = (
    -1.37825152569120859100e3,
    -3.88016315134637840924e4,
    -3.31612992738871184744e5,
    -1.16237097492762307383e6,
    -1.72173700820839662146e6,
    -8.53555664245765465627e5,
)
_LGAMMA_C = (
    1.0,
    -3.51815701436523470549e2,
    -1.70642106651881159223e4,
    -2.20528590553854454839e5,
    -1.13933444367982507207e6,
    -2.53252307177582951285e6,
    -2.01889141433532773231e6,
)
_LS2PI = 0.91893853320467274178  # log(sqrt(2 pi))
_LOGPI = 1.14472988584940017414  # log(pi)

# digamma's asymptotic series in 1/x**2 (PyTorch's coefficients) and digamma(10)
_PSI_A = (
    8.33333333333333333333e-2,
    -2.10927960927960927961e-2,
    7.57575757575757575758e-3,
    -4.16666666666666666667e-3,
    3.96825396825396825397e-3,
    -8.33333333333333333333e-3,
    8.33333333333333333333e-2,
)
_PSI_10 = 2.25175258906672110764


@cache  # computed on the first zeta: fractions (it loads decimal) stays out of import autograd
def _bernoulli_ratios(n: int) -> tuple[float, ...]:
    """(2k)! / B_2k for k = 1..n: the Euler-Maclaurin divisors of the zeta tail."""
    from fractions import Fraction

    b = [Fraction(1)]  # Bernoulli numbers B_0.., from their recurrence
    for m in range(1, 2 * n + 1):
        b.append(-sum(math.comb(m + 1, k) * b[k] for k in range(m)) / (m + 1))
    return tuple(float(math.factorial(2 * k) / b[2 * k]) for k in range(1, n + 1))


_ZETA_TERMS = 12  # divisors 12, -720, 30240, ...
_EULER_GAMMA = 0.57721566490153286061


def _poly(x, coeffs):
    """sum(c x**(n-k)) by Horner's rule, highest power first (in place: no temporaries)."""
    out = np.full_like(x, coeffs[0])
    for c in coeffs[1:]:
        out *= x
        out += c
    return out


def _pieces(x: np.ndarray, conditions, kernels, default: float = np.nan) -> np.ndarray:
    """Each kernel on the elements of (float64) x where its condition holds (the first
    that does; `True`: all the others), so each element pays for its own branch only;
    `default` where none holds (NaN, for NaN inputs)."""
    flat = x.reshape(-1)
    out = np.full_like(flat, default)
    rest = np.ones(flat.shape, dtype=bool)
    for cond, kernel in zip(conditions, kernels, strict=True):
        sel = rest.copy() if cond is True else rest & cond.reshape(-1)
        if sel.any():
            out[sel] = kernel(flat[sel])
        rest &= ~sel
    return out.reshape(x.shape)


def _float64(x: np.ndarray) -> np.ndarray:
    return np.asarray(x, dtype=np.float64)


def _back(result: np.ndarray, like: np.ndarray):
    """result (float64) rounded to like's dtype; a 0-d result as a numpy scalar."""
    with np.errstate(all="ignore"):  # beyond float32's range: inf
        return np.asarray(result).astype(like.dtype, copy=False)[()]


def _exp_minus_square(x: np.ndarray) -> np.ndarray:
    """exp(-x**2) without the error of rounding x**2 (which exp would multiply by x**2)."""
    hi = np.round(x * 4096.0) / 4096.0  # at most 17 significant bits: hi**2 is exact
    lo = x - hi
    return np.exp(-hi * hi) * np.exp(-lo * (x + hi))


def _erfc_tail(ax: np.ndarray) -> np.ndarray:
    """erfc(ax) for ax >= 1 (and +inf, NaN)."""
    with np.errstate(all="ignore"):
        return _pieces(
            ax,
            (ax < 8.0, ax <= _ERFC_UNDERFLOW, True),
            (
                lambda v: _exp_minus_square(v) * _poly(v, _ERFC_P) / _poly(v, _ERFC_Q),
                lambda v: _exp_minus_square(v) * _poly(v, _ERFC_R) / _poly(v, _ERFC_S),
                lambda v: np.where(np.isnan(v), v, 0.0),  # underflow (and NaN stays)
            ),
        )


def _erf_small(x: np.ndarray) -> np.ndarray:
    z = x * x
    return x * _poly(z, _ERF_T) / _poly(z, _ERF_U)


def erf64(x: np.ndarray) -> np.ndarray:
    """erf of a float64 array."""
    return _pieces(
        x,
        (np.abs(x) < 1.0, True),
        (_erf_small, lambda v: np.copysign(1.0 - _erfc_tail(np.abs(v)), v)),
    )


def erfc64(x: np.ndarray) -> np.ndarray:
    """erfc of a float64 array."""
    return _pieces(
        x,
        (np.abs(x) < 1.0, x > 0, True),
        (lambda v: 1.0 - _erf_small(v), _erfc_tail, lambda v: 2.0 - _erfc_tail(-v)),
    )


def erfinv64(y: np.ndarray) -> np.ndarray:
    """The inverse of erf on [-1, 1] (+-inf at +-1, NaN outside) of a float64 array."""
    ay = np.abs(y)
    with np.errstate(all="ignore"):
        x = _pieces(
            ay,
            (ay <= 0.5, ay < 1.0, ay == 1.0, True),
            (
                lambda a: _erfinv_halley(a, lambda v: erf64(v) - a),
                lambda a: _erfinv_halley(a, lambda v: (1.0 - a) - erfc64(v)),  # 1 - a exact
                lambda a: np.full_like(a, np.inf),
                lambda a: np.full_like(a, np.nan),
            ),
        )
    return np.copysign(x, y)


def _erfinv_halley(a: np.ndarray, f) -> np.ndarray:
    """The root of f (erf(x) - a, written to keep its digits) for 0 <= a < 1: Winitzki's
    approximation (to 2e-3) refined by Halley's steps (f'' / f' = -2x)."""
    w = np.log1p(-a * a)
    c = 2.0 / (math.pi * 0.147) + 0.5 * w
    x = np.sqrt(np.sqrt(c * c - w / 0.147) - c)
    x = np.maximum(x, a * (_SQRT_PI / 2))  # (its cancellation below 1e-8)
    for _ in range(3):  # cubic convergence (two steps leave 12 ulps near y = 1)
        step = f(x) / (2.0 / _SQRT_PI * np.exp(-x * x))
        x = x - step / (1.0 + x * step)
    return x


def lgamma64(x: np.ndarray) -> np.ndarray:
    """log |Gamma(x)| of a float64 array (+inf at 0, the negative integers and +-inf)."""
    with np.errstate(all="ignore"):
        return _pieces(
            x,
            (
                np.isinf(x),
                np.abs(x) < 1e-17,  # -log|x| to the last bit (x / Gamma(x) ~ 1 - 0.58 x)
                (x > 0.5) & (x < 2.5),
                (x >= -34.0) & (x < 13.0),
                x >= 13.0,
                x < -34.0,
            ),
            (
                np.abs,
                _lgamma_tiny,
                _lgamma_near,
                _lgamma_middle,
                _lgamma_stirling,
                _lgamma_reflected,
            ),
            np.nan,
        )


def _lgamma_tiny(x: np.ndarray) -> np.ndarray:
    """lgamma(x) for |x| < 1e-17: -log|x| (inf at 0; the middle branch's 1 / x overflowed
    to inf for subnormal x)."""
    return -np.log(np.abs(x))


def _lgamma_near(x: np.ndarray) -> np.ndarray:
    """lgamma(x) for 0.5 < x < 2.5, around its zeros at 1 and 2: a series in x - 2, and
    lgamma(x) = lgamma(x + 1) - log(x) below 1.5 (x - 1 and x - 2 are exact)."""
    upper = x >= 1.5
    e = np.where(upper, x - 2.0, x - 1.0)
    out = _lgamma2_series(e)
    return np.where(upper, out, out - np.log1p(e))


def _lgamma_reflected(x: np.ndarray) -> np.ndarray:
    """lgamma(x) for x < -34: log(pi / |x sin(pi x)|) - lgamma(-x) (inf at the integers)."""
    q = -x
    p = np.floor(q)
    z = q - p
    z = np.where(z > 0.5, p + 1.0 - q, z)
    s = q * np.sin(math.pi * z)
    return np.where(s == 0.0, np.inf, _LOGPI - np.log(s) - _lgamma_stirling(q))


def _lgamma_stirling(x: np.ndarray) -> np.ndarray:
    """lgamma(x) for x >= 13 by Stirling's series."""
    with np.errstate(all="ignore"):
        q = (x - 0.5) * np.log(x) - x + _LS2PI
        p = 1.0 / (x * x)
        corr = np.where(
            x >= 1000.0,
            (
                (7.9365079365079365079365e-4 * p - 2.7777777777777777777778e-3) * p
                + 0.0833333333333333333333
            )
            / x,
            _poly(p, _LGAMMA_A) / x,
        )
        return np.where(x > 1.0e8, q, q + corr)


def _lgamma2_series(e: np.ndarray) -> np.ndarray:
    """lgamma(2 + e) for |e| <= 0.5: (1 - gamma) e + sum((-1)**k (zeta(k) - 1) / k e**k)."""
    return e * _poly(e, _lgamma2_coefficients())


def _lgamma_middle(x: np.ndarray) -> np.ndarray:
    """lgamma(x) for -34 <= x < 13: by Gamma(x + 1) = x Gamma(x), down (or up) to
    u = x - floor(x) + 2 in [2, 3), where a rational function of u - 2 gives it."""
    steps = np.floor(x) - 2.0  # > 0: factors x - 1, ..., u taken out; < 0: x, ..., u - 1
    z = np.ones_like(x)
    for j in range(1, int(steps.max(initial=0.0)) + 1):
        z *= np.where(j <= steps, x - j, 1.0)
    for j in range(int(-steps.min(initial=0.0))):
        z /= np.where(j < -steps, x + j, 1.0)
    r = x - np.floor(x)  # u - 2, exact
    out = np.log(np.abs(z)) + r * _poly(r, _LGAMMA_B) / _poly(r, _LGAMMA_C)
    return np.where(np.isinf(z), np.inf, out)


def digamma64(x: np.ndarray) -> np.ndarray:
    """digamma (psi) of a float64 array: -+inf at +-0, NaN at the negative integers."""
    with np.errstate(all="ignore"):
        neg = x < 0
        bad = neg & (x == np.trunc(x))
        r = np.fmod(x, 1.0)
        reflect = np.where(neg, -math.pi / np.tan(math.pi * r), 0.0)
        y = np.where(neg, 1.0 - x, x)
        result = np.zeros_like(y)
        while True:
            small = y < 10.0
            if not small.any():
                break
            result = np.where(small, result - 1.0 / y, result)
            y = np.where(small, y + 1.0, y)
        z = 1.0 / (y * y)
        series = np.where(y < 1.0e17, z * _poly(z, _PSI_A), 0.0)
        tail = np.where(y == 10.0, _PSI_10, np.log(y) - 0.5 / y - series)
        out = result + tail + reflect
        out = np.where(bad, np.nan, out)
        return np.where(x == 0, np.copysign(np.inf, -x), out)


def trigamma64(x: np.ndarray) -> np.ndarray:
    """polygamma(1, x) of a float64 array (PyTorch's algorithm)."""
    with np.errstate(all="ignore"):
        flip = x < 0.5
        s = np.sin(math.pi * x)
        result = np.where(flip, -(math.pi * math.pi) / (s * s), 0.0)
        y = np.where(flip, 1.0 - x, x)
        for _ in range(6):
            result = result + 1.0 / (y * y)
            y = y + 1.0
        ixx = 1.0 / (y * y)
        result = (
            result + (1.0 + 1.0 / (2.0 * y) + ixx * (1.0 / 6 - ixx * (1.0 / 30 - ixx / 42))) / y
        )
        return np.where(flip, -result, result)


def zeta64(s: float, q: np.ndarray) -> np.ndarray:
    """The Hurwitz zeta function sum((q + k) ** -s) for an integer s >= 2 and float64 q."""
    with np.errstate(all="ignore"):
        pole = (q <= 0) & (q == np.floor(q))
        bad = np.isnan(q) | (q == np.inf)  # NaN (-inf counts as a pole, as in PyTorch)
        q = np.where(pole | bad, 1.0, q)
        last = np.maximum(9.0, np.floor(9.0 - q) + 1.0)  # sum to q + last > 9
        total = np.zeros_like(q)
        for k in range(int(last.max(initial=9.0)) + 1):
            total = np.where(k <= last, total + (q + k) ** -s, total)
        w = q + last
        b = w**-s
        total = total + b * w / (s - 1) - 0.5 * b
        fac, k, done = 1.0, 0.0, np.zeros(q.shape, dtype=bool)
        for div in _bernoulli_ratios(
            _ZETA_TERMS
        ):  # Euler-Maclaurin, until the terms are below an ulp
            fac = fac * (s + k)
            b = b / w
            t = fac * b / div
            add = ~done
            total = np.where(add, total + t, total)
            done |= np.abs(t) < 1.1e-16 * np.abs(total)
            k += 1.0
            fac = fac * (s + k)
            b = b / w
            k += 1.0
        return np.where(bad, np.nan, np.where(pole, np.inf, total))


@cache  # computed on the first lgamma near 2, not at import
def _lgamma2_coefficients() -> tuple[float, ...]:
    """lgamma(2 + e)'s Taylor coefficients (highest power first): (-1)**k (zeta(k) - 1) / k
    for k = 2..30, then 1 - gamma (zeta(k) - 1 is the Hurwitz zeta at q = 2)."""
    series = ((-1) ** k * float(zeta64(float(k), np.array([2.0]))[0]) / k for k in range(30, 1, -1))
    return (*series, 1.0 - _EULER_GAMMA)


def polygamma64(n: int, x: np.ndarray) -> np.ndarray:
    """The n-th derivative of digamma (n >= 0: digamma itself) of a float64 array."""
    if n == 0:
        return digamma64(x)
    if n == 1:
        return trigamma64(x)
    with np.errstate(all="ignore"):
        return _pieces(
            x,
            ((x >= _REFLECT_BELOW) | (x == -np.inf), np.isfinite(x)),
            (lambda v: _polygamma_zeta(n, v), lambda v: _polygamma_reflected(n, v)),
        )


_REFLECT_BELOW = -100.0  # below, the zeta sum would need -x terms: reflect instead


def _polygamma_zeta(n: int, x: np.ndarray) -> np.ndarray:
    sign = 1.0 if n % 2 else -1.0
    return sign * math.factorial(n) * zeta64(float(n + 1), x)


def _polygamma_reflected(n: int, x: np.ndarray) -> np.ndarray:
    """polygamma(n, x) for x < 0 from psi(1 - x) - psi(x) = pi cot(pi x), differentiated n
    times: (-1)**n polygamma(n, 1 - x) - pi d^n/dx^n cot(pi x); the derivatives of cot are
    polynomials in c = cot(pi x): P_0 = c, P_k+1 = -pi (1 + c**2) P_k'."""
    p = np.polynomial.Polynomial([0.0, 1.0])
    for _ in range(n):
        p = -math.pi * np.polynomial.Polynomial([1.0, 0.0, 1.0]) * p.deriv()
    r = x - np.trunc(x)  # cot has period 1: its argument's fraction keeps the digits
    with np.errstate(all="ignore"):
        c = 1.0 / np.tan(math.pi * r)
        sign = 1.0 if n % 2 == 0 else -1.0
        return sign * _polygamma_zeta(n, 1.0 - x) - math.pi * p(c)


_CHUNK = 16384  # elements per pass: the kernels' temporaries stay in the cache


def _chunked(kernel, x: np.ndarray) -> np.ndarray:
    """kernel(x) for a float64 array x, computed a chunk at a time."""
    if x.size <= _CHUNK:
        return kernel(x)
    flat = x.reshape(-1)
    out = np.empty_like(flat)
    for i in range(0, flat.size, _CHUNK):
        out[i : i + _CHUNK] = kernel(flat[i : i + _CHUNK])
    return out.reshape(x.shape)


def _unary(kernel):
    def fn(x):
        x = np.asarray(x)
        return _back(_chunked(kernel, _float64(x)), x)

    fn.__name__ = kernel.__name__.removesuffix("64")
    fn.__doc__ = kernel.__doc__.replace(" of a float64 array", "").replace("float64 ", "")
    return fn


erf = _unary(erf64)
erfc = _unary(erfc64)
erfinv = _unary(erfinv64)
lgamma = _unary(lgamma64)
digamma = _unary(digamma64)


def polygamma(n: int, x):
    """The n-th derivative of digamma (n >= 1), in x's floating dtype."""
    x = np.asarray(x)
    return _back(_chunked(lambda v: polygamma64(n, v), _float64(x)), x)
