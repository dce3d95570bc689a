"""The points at which tests/test_special_pytorch.py compares autograd.special with
PyTorch's torch.special (recorded by tools/make_special_fixtures.py): ordinary values,
edges (0, -0, negatives, +-inf, NaN) and large arguments. Imported by both."""

from __future__ import annotations

import numpy as np

_EDGES = [0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 2.0, -2.0, np.inf, -np.inf, np.nan, 1e-300, -1e-300]


def _mix(seed: int, *parts) -> np.ndarray:
    rng = np.random.default_rng(seed)
    out = [np.asarray(_EDGES)]
    for kind, a, b, n in parts:
        out.append(rng.uniform(a, b, n) if kind == "u" else rng.normal(a, b, n))
    return np.concatenate(out)


REAL = _mix(0, ("n", 0, 3, 150), ("n", 0, 40, 100), ("u", -800, 800, 30))
UNIT = np.concatenate(
    [
        [0.0, 1.0, -0.1, 1.1, 0.5, np.nan, 1e-300, 1e-20, 1 - 1e-16, 0.135, 0.865],
        np.random.default_rng(1).uniform(0, 1, 200),
        10.0 ** -np.random.default_rng(2).uniform(1, 300, 50),
    ]
)
POSITIVE = np.abs(REAL)

# name -> the points (float64); float32 fixtures use the same points rounded
UNARY = {
    "expit": REAL,
    "logit": UNIT,
    "erf": REAL,
    "erfc": REAL,
    "erfcx": REAL,
    "erfinv": np.concatenate([UNIT, -UNIT]),
    "exp2": REAL,
    "expm1": REAL,
    "log1p": REAL,
    "gammaln": REAL,
    "digamma": REAL,
    "psi": REAL,
    "i0": REAL,
    "i0e": REAL,
    "i1": REAL,
    "i1e": REAL,
    "ndtr": REAL,
    "ndtri": UNIT,
    "log_ndtr": REAL,
    "sinc": REAL,
    "entr": REAL,
    "round": REAL,
    "bessel_j0": REAL,
    "bessel_j1": REAL,
    "bessel_y0": REAL,
    "bessel_y1": REAL,
    "modified_bessel_i0": REAL,
    "modified_bessel_i1": REAL,
    "modified_bessel_k0": REAL,
    "modified_bessel_k1": REAL,
    "scaled_modified_bessel_k0": REAL,
    "scaled_modified_bessel_k1": REAL,
    "spherical_bessel_j0": REAL,
    "airy_ai": REAL,
}
# functions of two tensors: name -> (first points, second points), paired elementwise
_rng = np.random.default_rng(3)
_A = np.concatenate([[0.0, 0.0, 0.0, 1.0, 2.0, -1.0, np.nan, 1.0, 0.0], _rng.normal(0, 3, 120)])
_B = np.concatenate(
    [[0.0, np.nan, np.inf, 0.0, -1.0, 2.0, 1.0, np.inf, -0.5], _rng.normal(0, 3, 120)]
)
_S = np.concatenate([[1.0, 0.5, 2.0, 3.0, 2.0, 2.5, np.nan, 4.0], _rng.uniform(1, 12, 100)])
_Q = np.concatenate([[1.0, 1.0, 0.0, -2.0, -1.5, -1.5, 1.0, -3.25], _rng.uniform(-10, 10, 100)])
_GA = np.concatenate(
    [
        [0.0, 0.0, 1.0, np.inf, np.inf, -1.0, 1.0, 2.0, 1.0, 30.0, 150.0, 0.5],
        10 ** _rng.uniform(-2, 2.3, 150),
    ]
)
_GX = np.concatenate(
    [
        [1.0, 0.0, 0.0, 1.0, np.inf, 1.0, -1.0, np.inf, np.nan, 31.0, 140.0, 1e-10],
        10 ** _rng.uniform(-2, 2.4, 150),
    ]
)
BINARY = {
    "xlogy": (_A, _B),
    "xlog1py": (_A, _B),
    "zeta": (_S, _Q),
    "gammainc": (_GA, _GX),
    "gammaincc": (_GA, _GX),
}
# polynomials: name -> (x points, degrees)
_PX = np.concatenate([[1.0, -1.0, 0.0, 0.5, -0.5, 2.0, 0.25, 0.75], _rng.uniform(-1.5, 1.5, 150)])
_PN = np.concatenate([[3, 3, 3, 0, 1, 2, -1, 12], _rng.integers(-1, 25, 150)]).astype(np.float64)
POLYNOMIALS = [
    "chebyshev_polynomial_t",
    "chebyshev_polynomial_u",
    "chebyshev_polynomial_v",
    "chebyshev_polynomial_w",
    "shifted_chebyshev_polynomial_t",
    "shifted_chebyshev_polynomial_u",
    "shifted_chebyshev_polynomial_v",
    "shifted_chebyshev_polynomial_w",
    "hermite_polynomial_h",
    "hermite_polynomial_he",
    "laguerre_polynomial_l",
    "legendre_polynomial_p",
]
POLY_POINTS = (_PX, _PN)
# the shifted polynomials are evaluated at (x + 1) / 2, so that 2x - 1 covers the same points
SHIFTED_POINTS = ((_PX + 1) / 2, _PN)

# gradients (float64, PyTorch's autograd): finite points away from the edges
GRAD_REAL = np.concatenate(
    [[0.0, -0.0, 0.5, -0.5, 3.0, -3.0, 12.0, -12.0, 40.0], _rng.normal(0, 3, 40)]
)
GRAD_UNIT = np.concatenate([[0.5, 0.01, 0.99, 1e-10], _rng.uniform(0.001, 0.999, 40)])
GRAD_UNARY = {
    "expit": GRAD_REAL,
    "logit": GRAD_UNIT,
    "erfcx": GRAD_REAL,
    "ndtr": GRAD_REAL,
    "ndtri": GRAD_UNIT,
    "log_ndtr": np.concatenate([GRAD_REAL, [-30.0, -100.0]]),
    "i0": GRAD_REAL,
    "i0e": GRAD_REAL,
    "i1": GRAD_REAL,
    "i1e": GRAD_REAL,
    "sinc": GRAD_REAL,
    "entr": np.abs(GRAD_REAL[GRAD_REAL != 0]),
    "gammaln": np.abs(GRAD_REAL[GRAD_REAL != 0]),
    "digamma": np.abs(GRAD_REAL[GRAD_REAL != 0]),
}
_POS = np.abs(_rng.normal(0, 3, 40)) + 0.05
GRAD_BINARY = {  # name -> (a, b, which inputs are differentiated)
    "xlogy": (
        np.concatenate([[0.0, 1.0], _rng.normal(0, 2, 40)]),
        np.concatenate([[2.0, 0.5], _POS]),
        (0, 1),
    ),
    "xlog1py": (
        np.concatenate([[0.0, 1.0], _rng.normal(0, 2, 40)]),
        np.concatenate([[2.0, 0.5], _POS]),
        (0, 1),
    ),
    "zeta": (
        np.concatenate([[2.0, 3.0], _rng.uniform(1.5, 6, 40)]),
        np.concatenate([[1.0, 0.5], _POS]),
        (1,),
    ),
    "gammainc": (
        np.concatenate([[1.0, 2.0], _POS]),
        np.concatenate([[1.0, 3.0], _POS[::-1]]),
        (1,),
    ),
    "gammaincc": (
        np.concatenate([[1.0, 2.0], _POS]),
        np.concatenate([[1.0, 3.0], _POS[::-1]]),
        (1,),
    ),
}
MULTIGAMMALN = (np.array([1.6, 2.0, 3.5, 10.0, 40.0]), 3)
