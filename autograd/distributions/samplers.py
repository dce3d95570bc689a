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
from ..special_kernels import digamma64

__all__ = ["binomial", "dirichlet", "standard_gamma", "standard_gamma_grad"]

_F32 = np.float32
_THIRD_F = float(_F32(1.0) / _F32(3.0))  # `1.0f / 3.0f`
_C0331_F = float(_F32(0.0331))
_P08_F, _P09_F, _P11_F = float(_F32(0.8)), float(_F32(0.9)), float(_F32(1.1))


_MASK53 = (1 << 53) - 1
_TWO_PI = 2.0 * math.pi


def _uniform(g: Generator) -> float:
    """One `uniform_real_distribution<double>(0, 1)` draw: 53 bits of random64()."""
    g._fresh = False
    hi, lo = g._bits.random_raw(2).tolist()
    return (((hi << 32) | lo) & _MASK53) * 2.0**-53


def _normal(g: Generator) -> float:
    """One `normal_distribution<double>(0, 1)` draw: Box-Muller on two uniforms with the C
    library's log1p, cos and sin (Python's math module), the sine kept in the generator's
    cache for the next draw (as `random_kernels.normal_doubles`)."""
    cached = g._normal_double
    if cached is not None:
        g._normal_double = None
        return cached + 0.0
    u1 = _uniform(g)
    u2 = _uniform(g)
    radius = math.sqrt(-2.0 * math.log1p(-u2))
    theta = _TWO_PI * u1
    g._normal_double = radius * math.sin(theta)
    return radius * math.cos(theta) + 0.0


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
).tolist()  # fmt: skip


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
    c0, c1, c2 = _COEF_UV
    cv = [c0[i] + u * (c1[i] + u * c2[i]) for i in range(8)]
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


# ------------------------------------------------------------------ Dirichlet's gradient
def _psi(v: float) -> float:
    return float(digamma64(np.array([v], dtype=np.float64))[0])


def _beta_grad_alpha_small(x: float, alpha: float, beta: float) -> float:
    """d/dalpha for x near 0: a Taylor series."""
    factor = _psi(alpha) - _psi(alpha + beta) - math.log(x)
    numer = 1.0
    series = numer / alpha * (factor + 1 / alpha)
    for i in range(1, 11):
        numer *= (i - beta) * x / i
        denom = alpha + i
        series += numer / denom * (factor + 1 / denom)
    result = x * math.pow(1 - x, -beta) * series
    return 0.0 if math.isnan(result) else result


def _beta_grad_beta_small(x: float, alpha: float, beta: float) -> float:
    """d/dbeta for x near 0: a Taylor series."""
    factor = _psi(alpha + beta) - _psi(beta)
    numer, betas, dbetas, series = 1.0, 1.0, 0.0, factor / alpha
    for i in range(1, 9):
        numer *= -x / i
        dbetas = dbetas * (beta - i) + betas
        betas = betas * (beta - i)
        series += numer / (alpha + i) * (dbetas + factor * betas)
    result = -math.pow(1 - x, 1 - beta) * series
    return 0.0 if math.isnan(result) else result


def _beta_grad_alpha_mid(x: float, alpha: float, beta: float) -> float:
    """d/dalpha for large alpha and beta: Rice's saddle-point expansion."""
    total = alpha + beta
    mean = alpha / total
    std = math.sqrt(alpha * beta / (total + 1)) / total
    if mean - 0.1 * std <= x <= mean + 0.1 * std:  # (the singularity at the mean)
        bb = beta * beta
        poly = 47 * x * bb * bb + alpha * (
            (43 + 20 * (16 + 27 * beta) * x) * bb * beta
            + alpha
            * (
                3 * (59 + 180 * beta - 90 * x) * bb
                + alpha
                * (
                    (453 + 1620 * beta * (1 - x) - 455 * x) * beta
                    + alpha * (8 * (1 - x) * (135 * beta - 11))
                )
            )
        )
        prefactor_num = (1 + 12 * alpha) * (1 + 12 * beta) / (total * total)
        prefactor_den = 12960 * alpha * alpha * alpha * beta * beta * (1 + 12 * total)
        return prefactor_num / (1 - x) * poly / prefactor_den
    prefactor = -x / math.sqrt(2 * alpha * beta / total)
    stirling = (
        (1 + 1 / (12 * alpha) + 1 / (288 * alpha * alpha))
        * (1 + 1 / (12 * beta) + 1 / (288 * beta * beta))
        / (1 + 1 / (12 * total) + 1 / (288 * total * total))
    )
    term1_num = 2 * (alpha * alpha) * (x - 1) + alpha * beta * (x - 1) - x * (beta * beta)
    axbx = alpha * (x - 1) + beta * x
    term1_den = math.sqrt(2 * alpha / beta) * math.pow(total, 1.5) * axbx * axbx
    term1 = term1_num / term1_den
    term2 = 0.5 * math.log(alpha / (total * x))
    term3 = math.sqrt(8 * alpha * beta / total) / (beta * x + alpha * (x - 1))
    term4_base = beta * math.log(beta / (total * (1 - x))) + alpha * math.log(alpha / (total * x))
    term4 = math.pow(term4_base, -1.5)
    term1234 = term1 + term2 * (term3 + (term4 if x < mean else -term4))
    return stirling * prefactor * term1234


_DIRICHLET_C = np.array(
    [
        [[[1.003668233, -0.01061107488, -0.0657888334, 0.01201642863],
          [0.6336835991, -0.3557432599, 0.05486251648, -0.001465281033],
          [-0.03276231906, 0.004474107445, 0.002429354597, -0.0001557569013]],
         [[0.221950385, -0.3187676331, 0.01799915743, 0.01074823814],
          [-0.2951249643, 0.06219954479, 0.01535556598, 0.001550077057],
          [0.02155310298, 0.004170831599, 0.001292462449, 6.976601077e-05]],
         [[-0.05980841433, 0.008441916499, 0.01085618172, 0.002319392565],
          [0.02911413504, 0.01400243777, -0.002721828457, 0.000751041181],
          [0.005900514878, -0.001936558688, -9.495446725e-06, 5.385558597e-05]]],
        [[[1, -0.02924021934, -0.04438342661, 0.007285809825],
          [0.6357567472, -0.3473456711, 0.05454656494, -0.002407477521],
          [-0.03301322327, 0.004845219414, 0.00231480583, -0.0002307248149]],
         [[0.5925320577, -0.1757678135, 0.01505928619, 0.000564515273],
          [0.1014815858, -0.06589186703, 0.01272886114, -0.0007316646956],
          [-0.007258481865, 0.001096195486, 0.0003934994223, -4.12701925e-05]],
         [[0.06469649321, -0.0236701437, 0.002902096474, -5.896963079e-05],
          [0.001925008108, -0.002869809258, 0.0008000589141, -6.063713228e-05],
          [-0.0003477407336, 6.959756487e-05, 1.097287507e-05, -1.650964693e-06]]],
    ]
).tolist()  # fmt: skip


def _dirichlet_grad_one(x: float, alpha: float, total: float) -> float:
    """-(d/dalpha of the Beta(alpha, total - alpha) cdf at x) / pdf / (1 - x)."""
    beta = total - alpha
    boundary = total * x * (1 - x)
    if x <= 0.5 and boundary < 2.5:  # x near 0
        return _beta_grad_alpha_small(x, alpha, beta)
    if x >= 0.5 and boundary < 0.75:  # x near 1
        return -_beta_grad_beta_small(1 - x, beta, alpha)
    if alpha > 6 and beta > 6:
        return _beta_grad_alpha_mid(x, alpha, beta)
    u = math.log(x)  # a rational correction to an analytic approximation
    a = math.log(alpha) - u
    b = math.log(total) - a
    pow_u, pow_a = (1.0, u, u * u), (1.0, a, a * a)
    p = q = 0.0
    for i in range(3):
        for j in range(3):
            ua = pow_u[i] * pow_a[j]
            c0, c1 = _DIRICHLET_C[0][i][j], _DIRICHLET_C[1][i][j]
            p += ua * (c0[0] + b * (c0[1] + b * (c0[2] + b * c0[3])))
            q += ua * (c1[0] + b * (c1[1] + b * (c1[2] + b * c1[3])))
    approx = x * (_psi(total) - _psi(alpha)) / beta
    return p / q * approx


def dirichlet_grad(x: np.ndarray, alpha: np.ndarray, total: np.ndarray) -> np.ndarray:
    """ATen's `_dirichlet_grad(x, alpha, total)`, elementwise over the (equal) shapes."""
    flat = zip(_serial(x), _serial(alpha), _serial(total))
    out = [_dirichlet_grad_one(float(xi), float(ai), float(ti)) for xi, ai, ti in flat]
    return np.array(out, dtype=x.dtype).reshape(x.shape)
