"""PyTorch's CPU samplers of the gamma, Dirichlet and binomial distributions, and the
implicit reparameterisation gradient of a standard gamma draw.

Each sampler walks the elements in memory order, drawing from the generator exactly as
ATen's serial CPU kernel does: double uniforms (`uniform_real_distribution<double>`) and
double normals (`normal_distribution<double>`, Box-Muller with the generator's cached
second value), in the same order, with the same float and double constants; so under
`manual_seed(s)` the draws are PyTorch's. The arithmetic is Python's floats (glibc's libm,
as ATen's `std::` functions).

- standard gamma: Marsaglia and Tsang's rejection method, a concentration below 1 boosted
  by one with a uniform power; at least the dtype's smallest normal number;
- Dirichlet: standard gammas in float64, divided by their sum over the last dim;
- binomial: inversion of geometric waiting times for count * p below 10, else Hormann's
  BTRS rejection (p above 1/2 by symmetry);
- `standard_gamma_grad(alpha, x)`: -(d/dalpha F(x; alpha)) / f(x; alpha), ATen's series
  (x < 0.8), saddle-point (alpha > 8) and rational approximations.
"""

from __future__ import annotations

import math

import numpy as np

from ..generator import Generator
from ..random_kernels import _uniform01_f64, normal_doubles
from ..special_kernels import digamma64

__all__ = ["binomial", "dirichlet", "standard_gamma", "standard_gamma_grad"]

_F32 = np.float32
_THIRD_F = float(_F32(1.0) / _F32(3.0))  # `1.0f / 3.0f`
_C0331_F = float(_F32(0.0331))
_P08_F, _P09_F, _P11_F = float(_F32(0.8)), float(_F32(0.9)), float(_F32(1.1))


def _uniform(g: Generator) -> float:
    return float(_uniform01_f64(g, 1)[0])


def _normal(g: Generator) -> float:
    return float(normal_doubles(g, 1)[0])


def _gamma_one(alpha: float, g: Generator, single: bool) -> float:
    """One standard gamma draw (ATen's sample_gamma; `single`: its float instantiation)."""
    scale = 1.0
    if alpha < 1.0:
        if alpha == 0.0:
            return 0.0
        inv = float(_F32(1.0) / _F32(alpha)) if single else 1.0 / alpha
        scale *= math.pow(1 - _uniform(g), inv)
        alpha = float(_F32(alpha) + _F32(1.0)) if single else alpha + 1.0
    d = float(_F32(alpha) - _F32(_THIRD_F)) if single else alpha - _THIRD_F
    c = 1.0 / math.sqrt(9.0 * d)
    while True:
        while True:
            x = _normal(g)
            y = 1.0 + c * x
            if y > 0:
                break
        v = y * y * y
        u = 1 - _uniform(g)
        xx = x * x
        if u < 1.0 - _C0331_F * xx * xx:
            return scale * d * v
        if math.log(u) < 0.5 * xx + d * (1.0 - v + math.log(v)):
            return scale * d * v


def _serial(values: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(values).reshape(-1)


def standard_gamma(alpha: np.ndarray, g: Generator) -> np.ndarray:
    """Gamma(alpha, 1) draws of alpha's shape and dtype (ATen's `_standard_gamma` on the CPU)."""
    dtype = alpha.dtype
    single = dtype == np.float32
    tiny = np.finfo(dtype).tiny
    out = np.array([_gamma_one(float(a), g, single) for a in _serial(alpha)], dtype=np.float64)
    return np.maximum(out.astype(dtype), tiny).reshape(alpha.shape)


def dirichlet(alpha: np.ndarray, g: Generator) -> tuple[np.ndarray, np.ndarray]:
    """Dirichlet(alpha) draws over the last dim (ATen's `_sample_dirichlet` on the CPU),
    and the float64 gamma draws they normalise."""
    dtype = alpha.dtype
    tiny64 = np.finfo(np.float64).tiny
    gammas = np.array([_gamma_one(float(a), g, False) for a in _serial(alpha)], np.float64)
    gammas = np.maximum(gammas, tiny64).reshape(alpha.shape)
    total = np.zeros(alpha.shape[:-1] + (1,))
    for k in range(alpha.shape[-1]):  # ATen's sum: in order along the dim
        total = total + gammas[..., k : k + 1]
    ratio = (gammas / total).astype(dtype)
    top = np.nextafter(dtype.type(1.0), dtype.type(0.0))
    return np.clip(ratio, np.finfo(dtype).tiny, top), gammas


# ------------------------------------------------------------------ binomial
_TAIL = (0.0810614667953272, 0.0413406959554092, 0.0276779256849983, 0.02079067210376509,
         0.0166446911898211, 0.0138761288230707, 0.0118967099458917, 0.0104112652619720,
         0.00925546218271273, 0.00833056343336287)  # fmt: skip


def _stirling_tail(k: float) -> float:
    if k <= 9:
        return _TAIL[int(k)]
    kp1sq = (k + 1) * (k + 1)
    return (1.0 / 12 - (1.0 / 360 - 1.0 / 1260 / kp1sq) / kp1sq) / (k + 1)


def _inversion(count: float, prob: float, g: Generator) -> float:
    geom_sum, num_geom = 0.0, 0.0
    logprob = math.log1p(-prob)
    while True:
        u = _uniform(g)
        geom_sum += math.ceil(math.log(u) / logprob) if u > 0 else math.inf
        if geom_sum > count:
            return num_geom
        num_geom += 1


def _btrs(count: float, prob: float, g: Generator) -> float:
    stddev = math.sqrt(count * prob * (1 - prob))
    b = 1.15 + 2.53 * stddev
    a = -0.0873 + 0.0248 * b + 0.01 * prob
    c = count * prob + 0.5
    v_r = 0.92 - 4.2 / b
    r = prob / (1 - prob)
    alpha = (2.83 + 5.1 / b) * stddev
    m = math.floor((count + 1) * prob)
    while True:
        u = _uniform(g) - 0.5
        v = _uniform(g)
        us = 0.5 - abs(u)
        k = float(math.floor((2 * a / us + b) * u + c))
        if k < 0 or k > count:
            continue
        if us >= 0.07 and v <= v_r:
            return k
        v = math.log(v * alpha / (a / (us * us) + b))
        bound = (
            (m + 0.5) * math.log((m + 1) / (r * (count - m + 1)))
            + (count + 1) * math.log((count - m + 1) / (count - k + 1))
            + (k + 0.5) * math.log(r * (count - k + 1) / (k + 1))
            + _stirling_tail(m)
            + _stirling_tail(count - m)
            - _stirling_tail(k)
            - _stirling_tail(count - k)
        )
        if v <= bound:
            return k


def _binomial_one(count: float, prob: float, g: Generator) -> float:
    if count <= 0.0 or prob <= 0.0:
        return 0.0
    if prob >= 1.0:
        return count
    if prob <= 0.5:
        if count * prob >= 10.0:
            return _btrs(count, prob, g)
        return _inversion(count, prob, g)
    if prob > 0.5:
        q = 1.0 - prob
        if count * q >= 10.0:
            return count - _btrs(count, q, g)
        return count - _inversion(count, q, g)
    return math.nan


def binomial(count: np.ndarray, prob: np.ndarray, g: Generator) -> np.ndarray:
    """Binomial(count, prob) draws of their (equal) shape (ATen's `binomial` on the CPU)."""
    flat = zip(_serial(count), _serial(prob))
    out = [_binomial_one(float(n), float(p), g) for n, p in flat]
    return np.array(out, dtype=count.dtype).reshape(count.shape)


# ------------------------------------------------------------------ gradients
_COEF_UV = np.array(
    [
        [0.16009398, -0.094634809, 0.025146376, -0.0030648343, 1, 0.32668115, 0.10406089,
         0.0014179084],
        [0.53487893, 0.1298071, 0.065735949, -0.0015649758, 0.16639465, 0.020070113,
         -0.0035938915, -0.00058392623],
        [0.040121004, -0.0065914022, -0.0026286047, -0.0013441777, 0.017050642,
         -0.0021309326, 0.00085092367, -1.5247877e-07],
    ]
)  # fmt: skip


def _gamma_grad_one(alpha: float, x: float, psi: float) -> float:
    if x < _P08_F:  # a Taylor series in x
        numer, denom = 1.0, alpha
        series1, series2 = numer / denom, numer / (denom * denom)
        for i in range(1, 6):
            numer *= -x / i
            denom += 1
            series1 += numer / denom
            series2 += numer / (denom * denom)
        pow_x_alpha = math.pow(x, alpha)
        pdf = math.pow(x, alpha - 1) * math.exp(-x)
        cdf = pow_x_alpha * series1
        cdf_alpha = (math.log(x) - psi) * cdf - pow_x_alpha * series2
        result = -cdf_alpha / pdf if pdf != 0 else math.nan
        return 0.0 if math.isnan(result) else result
    if alpha > 8.0:  # Rice's saddle-point expansion
        if _P09_F * alpha <= x <= _P11_F * alpha:
            numer_1 = 1 + 24 * alpha * (1 + 12 * alpha)
            numer_2 = (
                1440 * (alpha * alpha)
                + 6 * x * (53 - 120 * x)
                - 65 * x * x / alpha
                + alpha * (107 + 3600 * x)
            )
            return numer_1 * numer_2 / (1244160 * (alpha * alpha) * (alpha * alpha))
        denom = math.sqrt(8 * alpha)
        term2 = denom / (alpha - x)
        term3 = math.pow(x - alpha - alpha * math.log(x / alpha), -1.5)
        term23 = term2 - term3 if x < alpha else term2 + term3
        term1 = math.log(x / alpha) * term23 - math.sqrt(2 / alpha) * (alpha + x) / (
            (alpha - x) * (alpha - x)
        )
        stirling = 1 + 1 / (12 * alpha) * (1 + 1 / (24 * alpha))
        return -stirling * (x * term1) / denom
    u, v = math.log(x / alpha), math.log(alpha)  # a bivariate rational approximation
    cv = [float(_COEF_UV[0, i] + u * (_COEF_UV[1, i] + u * _COEF_UV[2, i])) for i in range(8)]
    p = cv[0] + v * (cv[1] + v * (cv[2] + v * cv[3]))
    q = cv[4] + v * (cv[5] + v * (cv[6] + v * cv[7]))
    return math.exp(p / q)


def standard_gamma_grad(alpha: np.ndarray, x: np.ndarray) -> np.ndarray:
    """dx/dalpha of standard gamma draws x at concentration alpha (ATen's
    `_standard_gamma_grad`), of their broadcast shape and alpha's dtype."""
    a, xs = np.broadcast_arrays(alpha.astype(np.float64), x.astype(np.float64))
    psi = digamma64(np.ascontiguousarray(a))
    flat = zip(_serial(a), _serial(xs), _serial(psi))
    out = [_gamma_grad_one(float(ai), float(xi), float(pi)) for ai, xi, pi in flat]
    return np.array(out, dtype=alpha.dtype).reshape(a.shape)
