"""Cases of PyTorch's elementwise math and small tensor facts, written once for both
libraries (the `Case` of tests/tensor_api_cases.py: fn(T, *tensors), T being torch or
autograd).

tools/make_math_fixtures.py runs them with PyTorch and records the outputs, dtypes and
gradients in tests/data/math_ops_pytorch.npz, and PyTorch's special functions over the
grids of `special_grid` (wide ranges, float64 and float32); tests/test_math_ops_pytorch.py
runs them with graphgrad and compares. This module needs only numpy.
"""

from __future__ import annotations

import numpy as np
from tensor_api_cases import Case

INF, NAN = float("inf"), float("nan")
# values where the functions have their edge cases: signed zeros, +-1, infinities, NaN
EDGES = [-INF, -2.5, -1.0, -0.5, -0.0, 0.0, 0.3, 0.5, 1.0, 2.0, 10.0, INF, NAN]
EDGES32 = np.array(EDGES, dtype=np.float32)
UNIT = [-1.0, -0.999, -0.7, -0.2, 0.0, 0.25, 0.6, 0.95, 1.0]  # inside [-1, 1] and its ends
INTS = np.array([[-3, -1, 0], [1, 2, 7]], dtype=np.int64)
BOOLS = np.array([True, False, True, False])
POS = [0.05, 0.5, 1.0, 1.5, 2.0, 3.7, 12.0, 50.0]
NEG = [-3.7, -2.5, -1.5, -0.5, -0.05]  # between the poles of lgamma and digamma
NANS = np.array([[1.0, NAN, 2.0], [NAN, NAN, NAN], [0.5, -1.0, 4.0]])
TIES = np.array([[1.0, 3.0, 3.0, -2.0], [0.5, 0.5, 0.5, 0.5], [2.0, -1.0, 7.0, -1.0]])

UNARY = [
    "tan", "asin", "arcsin", "acos", "arccos", "atan", "arctan", "sinh", "cosh", "asinh",
    "arcsinh", "acosh", "arccosh", "atanh", "arctanh", "erf", "erfc", "erfinv", "lgamma",
    "digamma", "deg2rad", "rad2deg", "logit", "nan_to_num",
]  # fmt: skip
# the functions whose domain is [-1, 1] (their edges are UNIT's), and those of x > 0
_UNIT_DOMAIN = {"asin", "arcsin", "acos", "arccos", "atanh", "arctanh", "erfinv"}


def _unary_cases() -> list[Case]:
    out = []
    for name in UNARY:
        both = lambda T, x, n=name: (getattr(T, n)(x), getattr(x, n)())  # noqa: E731
        inputs = np.array(UNIT if name in _UNIT_DOMAIN else EDGES)
        out.append(Case(f"{name}_edges", both, [inputs]))
        if name == "digamma":  # (no pole: PyTorch's float32 trigamma is finite there, by chance)
            inputs = inputs[inputs != -1.0]
        out.append(Case(f"{name}_float32", both, [inputs.astype(np.float32)]))
        out.append(Case(f"{name}_0d", both, [np.array(0.5)]))
        out.append(Case(f"{name}_empty", both, [np.zeros((0, 3))]))
        out.append(Case(f"{name}_ints", both, [INTS], grad=False))
        out.append(Case(f"{name}_random", both, [(3, 4)]))
    return out


def _inplace(name: str):
    def fn(T, x, *args):
        y = x * 1
        getattr(y, f"{name}_")(*args)
        return y

    return fn


_NO_INPLACE_GRAD = {"asinh", "arcsinh", "acosh", "arccosh", "atanh", "arctanh"}  # PyTorch's
INPLACE = [
    Case(f"{n}_inplace", _inplace(n), [np.array([0.1, 0.4, 0.7])], grad=n not in _NO_INPLACE_GRAD)
    for n in UNARY
    if n != "nan_to_num"
] + [
    Case("atan2_inplace", _inplace("atan2"), [(2, 3), (3,)]),
    Case("arctan2_inplace", _inplace("arctan2"), [(2, 3), (2, 3)]),
    Case("hypot_inplace", _inplace("hypot"), [(2, 3), (3,)]),
    Case("fmod_inplace", _inplace("fmod"), [(2, 3), (3,)]),
    Case("nan_to_num_inplace", lambda T, x: _inplace("nan_to_num")(T, x, 1.0, 2.0, -3.0), [EDGES]),
    Case("logit_eps_inplace", lambda T, x: _inplace("logit")(T, x, 0.2), [[0.1, 0.5, 0.95]]),
    Case(
        "bitwise_inplace",
        lambda T, a, b: (
            a.clone().bitwise_and_(b),
            a.clone().bitwise_or_(b),
            a.clone().bitwise_xor_(b),
            a.clone().bitwise_not_(),
        ),
        [INTS, INTS[::-1].copy()],
        grad=False,
    ),  # fmt: skip
]

# value pairs for the two-operand functions: signed zeros, infinities, NaN, both signs
_A = np.array([0.0, -0.0, 0.0, -0.0, 1.0, -1.0, INF, -INF, INF, NAN, 3.5, -3.5, 5.0, -7.25, 1e308])
_B = np.array([0.0, 0.0, -0.0, -1.0, INF, -INF, 2.0, INF, INF, 1.0, 2.0, 2.0, -1.5, 0.0, 1e308])
PAIRS = [_A, _B]

BINARY = [
    Case("atan2_edges", lambda T, a, b: (T.atan2(a, b), a.atan2(b), T.arctan2(a, b)), PAIRS),
    Case("atan2_broadcast", lambda T, a, b: T.atan2(a, b), [(3, 1), (4,)]),
    Case("atan2_ints", lambda T, a, b: T.atan2(a, b), [INTS, INTS[::-1].copy()], grad=False),
    Case("atan2_0d", lambda T, a, b: (T.atan2(a, b), b.atan2(a)), [(2, 3), np.array(-0.5)]),
    Case("hypot_edges", lambda T, a, b: (T.hypot(a, b), a.hypot(b)), PAIRS),
    Case("hypot_broadcast", lambda T, a, b: T.hypot(a, b), [(3, 1), (1, 4)]),
    Case("hypot_float32", lambda T, a, b: T.hypot(a, b), [_A[:-1].astype(np.float32), (14,)]),
    Case("logaddexp_edges", lambda T, a, b: (T.logaddexp(a, b), a.logaddexp(b)), PAIRS),
    Case("logaddexp_broadcast", lambda T, a, b: T.logaddexp(a, b), [(2, 1, 3), (4, 1)]),
    Case("logaddexp_large", lambda T, a, b: T.logaddexp(a, b), [[800.0, -800.0], [799.0, -801.0]]),
    Case("logaddexp2_edges", lambda T, a, b: (T.logaddexp2(a, b), a.logaddexp2(b)), PAIRS),
    Case("logaddexp2_broadcast", lambda T, a, b: T.logaddexp2(a, b), [(3,), (2, 3)]),
    Case("fmod_edges", lambda T, a, b: (T.fmod(a, b), a.fmod(b)), PAIRS),
    Case(
        "fmod_signs",
        lambda T, a, b: (T.fmod(a, b), T.fmod(a, -b), T.fmod(-a, b), T.remainder(-a, b)),
        [[5.5, 0.3, 7.0, 1.0, 3.0], [2.0, 0.1, 7.0, 0.05, 0.7]],
    ),
    Case("fmod_scalar", lambda T, a: (T.fmod(a, 1.5), a.fmod(-0.75)), [(2, 3)]),
    Case(
        "fmod_ints",
        lambda T, a, b: (T.fmod(a, b), T.fmod(a, 2.5), T.fmod(a, -2)),
        [INTS, np.array([2, -3, 4], dtype=np.int64)],
        grad=False,
    ),
    Case("fmod_int_by_zero", lambda T, a: T.fmod(a, 0), [INTS], grad=False),
    Case("fmod_float32_float64", lambda T, a, b: T.fmod(a, b), [EDGES32[:4], [1.5, 2.0, 0.5, 3.0]]),
]

OTHERS = [
    Case(
        "polygamma",
        lambda T, x: (
            T.polygamma(0, x),
            T.polygamma(1, x),
            x.polygamma(2),
            T.polygamma(3, x),
            T.polygamma(5, x),
        ),
        [POS + NEG + [0.0, -0.0, -2.0, INF, -INF, NAN]],
    ),  # fmt: skip
    Case(
        "polygamma_far",  # the reflection below -100
        lambda T, x: (T.polygamma(2, x), T.polygamma(3, x), T.polygamma(4, x)),
        [[-150.3, -1234.56, -99.7, -5000.25, -100.6, 120.4]],
        grad=False,
    ),
    Case(
        "polygamma_float32",
        lambda T, x: (T.polygamma(1, x), T.polygamma(2, x)),
        [np.array(POS, dtype=np.float32)],
    ),  # fmt: skip
    Case("polygamma_ints", lambda T, x: T.polygamma(2, x), [INTS + 4], grad=False),
    Case("polygamma_0d", lambda T, x: T.polygamma(2, x), [np.array(1.5)]),
    Case("polygamma_inplace", lambda T, x: _inplace("polygamma")(T, x, 2), [POS]),
    Case("polygamma_negative_n", lambda T, x: T.polygamma(-1, x), [POS], grad=False),
    Case(
        "logit_eps",
        lambda T, x: (T.logit(x, eps=0.1), x.logit(0.25), T.logit(x, 0.5), T.logit(x, eps=-1.0)),
        [[0.0, 0.05, 0.1, 0.3, 0.5, 0.9, 0.97, 1.0, 1.5, -0.5]],
    ),
    Case(
        "nan_to_num_values",
        lambda T, x: (
            T.nan_to_num(x, nan=1.5),
            T.nan_to_num(x, 0.0, 1e4, -1e4),
            x.nan_to_num(posinf=7.0),
            T.nan_to_num(x, neginf=-7.0),
        ),
        [EDGES],
    ),  # fmt: skip
    Case("nan_to_num_defaults32", lambda T, x: T.nan_to_num(x), [EDGES32]),
    Case(
        "nan_to_num_float16", lambda T, x: T.nan_to_num(x), [EDGES32.astype(np.float16)], grad=False
    ),  # fmt: skip
    Case("nan_to_num_ints", lambda T, x: (T.nan_to_num(x), x.nan_to_num(1.0)), [INTS], grad=False),
    Case(
        "bitwise",
        lambda T, a, b: (
            T.bitwise_and(a, b),
            T.bitwise_or(a, b),
            T.bitwise_xor(a, b),
            T.bitwise_not(a),
            a.bitwise_and(b),
            a.bitwise_or(6),
            a.bitwise_xor(-1),
            a.bitwise_not(),
            a & b,
            a | b,
            a ^ b,
            ~a,
        ),
        [INTS, INTS[::-1].copy()],
        grad=False,
    ),  # fmt: skip
    Case(
        "bitwise_bool",
        lambda T, a, b: (
            T.bitwise_and(a, b),
            T.bitwise_or(a, b),
            T.bitwise_xor(a, b),
            T.bitwise_not(a),
        ),
        [BOOLS, BOOLS[::-1].copy()],
        grad=False,
    ),  # fmt: skip
    Case(
        "bitwise_mixed",
        lambda T, a, b: (T.bitwise_and(a, b), T.bitwise_or(b, a)),
        [np.array([3, 5, 6], dtype=np.int32), np.array([1, 4, 7], dtype=np.int64)],
        grad=False,
    ),
    Case(
        "nansum",
        lambda T, x: (
            T.nansum(x),
            T.nansum(x, 1),
            T.nansum(x, dim=0, keepdim=True),
            x.nansum(),
            T.nansum(x, (0, 1)),
        ),
        [NANS],
    ),  # fmt: skip
    Case("nansum_dtype", lambda T, x: T.nansum(x, dtype=T.float64), [NANS.astype(np.float32)]),
    Case(
        "nansum_ints",
        lambda T, x: (T.nansum(x), T.nansum(x, 1)),
        [INTS.astype(np.int32)],
        grad=False,
    ),  # fmt: skip
    Case("nansum_empty", lambda T, x: (T.nansum(x), T.nansum(x, 0)), [np.zeros((0, 3))]),
    Case(
        "nanmean",
        lambda T, x: (
            T.nanmean(x),
            T.nanmean(x, 1),
            T.nanmean(x, dim=0, keepdim=True),
            x.nanmean(),
            x.nanmean(-1, True),
            T.nanmean(x, (0, 1)),
        ),
        [NANS],
    ),  # fmt: skip
    Case(
        "nanmean_float32",
        lambda T, x: (T.nanmean(x, 1), T.nanmean(x, dtype=T.float64)),
        [NANS.astype(np.float32)],
    ),  # fmt: skip
    Case("nanmean_empty", lambda T, x: (T.nanmean(x), T.nanmean(x, 0)), [np.zeros((0, 3))]),
    Case("nanmean_ints", lambda T, x: T.nanmean(x), [INTS], grad=False),
    Case(
        "aminmax",
        lambda T, x: (
            *T.aminmax(x),
            *T.aminmax(x, dim=1),
            *x.aminmax(dim=0, keepdim=True),
            T.aminmax(x, dim=-1).min,
            x.aminmax().max,
        ),
        [TIES],
    ),  # fmt: skip
    # (values only: amin/amax route a NaN's gradient differently from PyTorch's, which
    # gives NaN to the whole slice)
    Case("aminmax_nan", lambda T, x: (*T.aminmax(x), *T.aminmax(x, dim=1)), [NANS], grad=False),
    Case("aminmax_0d", lambda T, x: (*T.aminmax(x), *T.aminmax(x, dim=0)), [np.array(2.5)]),
    Case("aminmax_ints", lambda T, x: (*T.aminmax(x), *T.aminmax(x, dim=1)), [INTS], grad=False),
    Case("aminmax_empty", lambda T, x: T.aminmax(x), [np.zeros((0, 3))]),
    Case("aminmax_empty_dim", lambda T, x: T.aminmax(x, dim=0), [np.zeros((0, 3))]),
    Case("aminmax_empty_other_dim", lambda T, x: T.aminmax(x, dim=1), [np.zeros((0, 3))]),
    Case(
        "dist",
        lambda T, a, b: (
            T.dist(a, b),
            a.dist(b, 1),
            T.dist(a, b, p=3),
            T.dist(a, b, 0.5),
            T.dist(a, b, float("inf")),
            a.dist(b, p=float("-inf")),
        ),
        [(2, 3), (3,)],
    ),  # fmt: skip
    Case("dist_p0", lambda T, a, b: (T.dist(a, b, 0), a.dist(b, p=0)), [(2, 3), (3,)], grad=False),
    Case("dist_same", lambda T, a: (T.dist(a, a * 1), T.dist(a, a * 1, 3)), [(4,)]),
    Case("dist_0d", lambda T, a, b: T.dist(a, b), [np.array(1.5), (2, 2)]),
    Case("dist_float32", lambda T, a, b: T.dist(a, b), [EDGES32[1:4], [1.0, 2.0, 3.0]]),
    Case("dist_ints", lambda T, a, b: T.dist(a, b), [INTS, INTS], grad=False),
]


def _facts(T, x):
    e = x.expand(3, 2, 4) if hasattr(x, "expand") else x
    t = x.transpose(0, 1)
    return (
        x.stride(), x.stride(0), x.stride(-1), t.stride(), t.stride(1), e.stride(),
        x[:, ::2].stride(), T.tensor(1.5).stride(), x.is_contiguous(), t.is_contiguous(),
        x[:, ::2].is_contiguous(), x.nbytes, x.itemsize, T.tensor(1.5).nbytes,
        x.float().itemsize, x.long().nbytes, x.bool().nbytes, x[:0].nbytes,
        T.is_floating_point(x), T.is_floating_point(x.long()), T.is_complex(x),
        T.is_nonzero(T.tensor([0.0])), T.is_nonzero(T.tensor(-2)), T.is_nonzero(T.tensor(NAN)),
    )  # fmt: skip


def _detach(T, x):
    y = x * 2
    z = y.detach_()
    return z is y, y.requires_grad, y.grad_fn is None, y.is_leaf, y


def _detach_leaf(T, x):
    x.detach_()
    return x.requires_grad, x


FACTS = [
    Case("facts", _facts, [(2, 4)], grad=False),
    Case("facts_float32", lambda T, x: (x.nbytes, x.itemsize, x.stride()), [EDGES32], grad=False),
    Case("is_nonzero_many", lambda T, x: T.is_nonzero(x), [[1.0, 2.0]], grad=False),
    Case("is_nonzero_none", lambda T, x: T.is_nonzero(x), [np.zeros(0)], grad=False),
    Case("is_nonzero_method", lambda T, x: x.is_nonzero(), [[[3.0]]], grad=False),
    Case("stride_bad_dim", lambda T, x: x.stride(2), [(2, 3)], grad=False),
    Case("detach_", _detach, [(3,)], grad=False, requires_grad=True),
    Case("detach_leaf", _detach_leaf, [(3,)], grad=False, requires_grad=True),
]

CASES = _unary_cases() + INPLACE + BINARY + OTHERS + FACTS


# ------------------------------------------------- special functions over wide ranges
def special_grid(name: str) -> np.ndarray:
    """The float64 points where `name` (erf, erfc, erfinv, lgamma, digamma, trigamma,
    polygamma2) is compared with PyTorch: an even grid over a wide range, small and large
    magnitudes, and the points near the function's zeros."""
    lin = {
        "erf": (-6.0, 6.0),
        "erfc": (-6.0, 27.0),
        "erfinv": (-1.0, 1.0),
        "lgamma": (-40.0, 60.0),
        "digamma": (-40.0, 60.0),
        "trigamma": (-20.0, 50.0),
        "polygamma2": (-5.0, 50.0),
    }[name]
    parts = [np.linspace(*lin, 1201)[1:-1] + 1e-3]  # (off the poles at the integers)
    if name == "erfinv":
        parts += [1 - np.geomspace(1e-15, 0.5, 200), -1 + np.geomspace(1e-15, 0.5, 100)]
        parts += [np.geomspace(1e-300, 1e-1, 100)]
    elif name in ("erf", "erfc"):
        parts += [np.geomspace(1e-300, 1.0, 100), -np.geomspace(1e-300, 1.0, 100)]
    else:
        parts += [np.geomspace(1e-300 if name != "polygamma2" else 1e-50, 1e300, 200)]
    if name == "lgamma":  # lgamma's zeros at 1 and 2 (and its negative ones, near -2.457)
        near = np.geomspace(1e-12, 0.4, 100)
        parts += [1 + near, 1 - near, 2 + near, 2 - near, -2.4570247 + near / 40]
    if name == "digamma":  # digamma's zero at 1.4616...
        parts += [1.4616321449683622 + np.geomspace(1e-10, 0.3, 100) * s for s in (1, -1)]
    return np.concatenate(parts)


SPECIAL = ["erf", "erfc", "erfinv", "lgamma", "digamma", "trigamma", "polygamma2"]
