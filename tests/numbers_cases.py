"""Cases of PyTorch's number functions, statistics, integrals and module-level in-place forms,
written once for both libraries (the `Case` of tests/tensor_api_cases.py: fn(T, *tensors), T
being torch or autograd).

tools/make_numbers_fixtures.py runs them with PyTorch and records the outputs, dtypes,
gradients, and errors (type and message) in tests/data/numbers_pytorch.npz;
tests/test_numbers_pytorch.py runs them with graphgrad and compares. Needs only numpy.
"""

from __future__ import annotations

import numpy as np
from tensor_api_cases import Case

INF, NAN = float("inf"), float("nan")
SIGNS = [1.0, -2.0, 0.0, -0.0, 3.5, -INF, INF, NAN]
OTHER = [-1.0, 3.0, -0.0, 2.0, 0.0, 1.0, -5.0, -2.0]
INTS = np.array([3, 4, -6, 0, 0, 12], dtype=np.int64)
INTS2 = np.array([6, 6, 4, 0, 5, -8], dtype=np.int64)
I32 = np.array([0, -4, 5], dtype=np.int32)
OBS = np.array([[1.0, 2.0, 3.0, 5.0], [2.0, 4.0, 7.0, 1.0], [0.5, -1.0, 2.0, 2.5]])
F32 = np.array([[0.5, -1.5, 2.0], [3.0, 0.25, -2.0]], dtype=np.float32)
SAMPLES = np.array([[1.0, 2.0, 4.0, 8.0, 7.0], [1.0, 3.0, 5.0, 9.0, -1.0]])
COORDS = np.array([0.0, 1.0, 3.0, 4.0, 6.5])
POINTS = np.array([[0.0, 1.0], [1.0, 2.0], [2.0, 0.5], [0.5, 0.5]])


def _t(T, values, dtype=None):
    return T.tensor(values) if dtype is None else T.tensor(values, dtype=getattr(T, dtype))


# PyTorch has no derivative for these in place (its NotImplementedError at recording)
_NO_GRAD = {"atanh", "arctanh", "asinh", "arcsinh"}


def _inplace(name: str, *args):
    """torch.<name>_(y, *args) on a copy y of x (in the graph), returning y."""

    def fn(T, x, *rest):
        y = x * 1
        out = getattr(T, f"{name}_")(y, *args, *rest)
        assert out is y
        return y

    return fn


CASES = [
    # ---------------------------------------------------------------- integers
    Case("gcd", lambda T, a, b: (T.gcd(a, b), a.gcd(b)), [INTS, INTS2], grad=False),
    Case("lcm", lambda T, a, b: (T.lcm(a, b), a.lcm(b)), [INTS, INTS2], grad=False),
    Case("gcd_int32_int64", lambda T, a, b: T.gcd(a, b), [I32, INTS2[:3]], grad=False),
    Case("gcd_float", lambda T, a: T.gcd(a, a), [[1.0, 2.0]], grad=False),
    Case("lcm_bool", lambda T, a: T.lcm(a, a), [np.array([True, False])], grad=False),
    Case("gcd_inplace", lambda T, a, b: a.clone().gcd_(b), [INTS, INTS2], grad=False),
    Case(
        "shifts",
        lambda T, a, b: (
            T.bitwise_left_shift(a, b),
            T.bitwise_right_shift(a, b),
            a << 2,
            a >> 1,
            a.bitwise_left_shift(3),
            3 << a.abs(),
            T.bitwise_right_shift(-100, a.abs()),
        ),  # fmt: skip
        [np.array([1, -8, 5, 3, -1]), np.array([2, 1, 64, -1, 70])],
        grad=False,
    ),
    Case(
        "shifts_small",
        lambda T, a, b: (T.bitwise_left_shift(a, 7), T.bitwise_right_shift(b, 9), a << b.abs()),
        [np.array([1, 2], np.uint8), np.array([-128, 5], np.int8)],
        grad=False,
    ),
    Case(
        "shifts_bool",
        lambda T, a: T.bitwise_left_shift(a, 1),
        [np.array([True, False])],
        grad=False,
    ),
    Case(
        "shifts_int32",
        lambda T, a, b: a >> b,
        [np.array([64], np.int32), np.array([3])],
        grad=False,
    ),
    Case("shifts_float", lambda T, a: T.bitwise_left_shift(a, 1), [[1.0]], grad=False),
    Case(
        "shifts_inplace",
        lambda T, a: (a.clone().bitwise_left_shift_(2), a.clone().bitwise_right_shift_(1)),
        [np.array([3, -7])],
        grad=False,
    ),
    # ----------------------------------------------------------- signs and steps
    Case("signbit", lambda T, x: (T.signbit(x), x.signbit()), [SIGNS], grad=False),
    Case("signbit_ints", lambda T, x: T.signbit(x), [INTS], grad=False),
    Case("heaviside", lambda T, x: T.heaviside(x, _t(T, 0.5, "float64")), [SIGNS], grad=False),
    Case("heaviside_values", lambda T, x, v: x.heaviside(v), [SIGNS, OTHER], grad=False),
    Case("heaviside_ints", lambda T, x: T.heaviside(x, _t(T, 7)), [INTS], grad=False),
    Case("heaviside_dtypes", lambda T, x: T.heaviside(x, _t(T, 1)), [SIGNS], requires_grad=False),
    Case("heaviside_number", lambda T, x: T.heaviside(x, 0.5), [SIGNS], grad=False),
    Case("copysign", lambda T, x, y: (T.copysign(x, y), x.copysign(y)), [SIGNS, OTHER]),
    Case("copysign_number", lambda T, x: T.copysign(x, -1), [SIGNS]),
    Case("copysign_broadcast", lambda T, x, y: T.copysign(x, y), [(2, 3), (3,)]),
    Case("copysign_ints", lambda T, x: T.copysign(x, -1), [INTS], grad=False),
    Case("copysign_float32", lambda T, x, y: T.copysign(x, y), [F32, (3,)]),
    Case("copysign_inplace", lambda T, x, y: (x * 1).copysign_(y), [(2, 3), (2, 3)]),
    # ------------------------------------------------------------- powers of two
    Case(
        "float_power",
        lambda T, x, y: T.float_power(x, y),
        [[0.5, 2.0, 3.0, 0.0], [2.0, -1.0, 0.5, 2.0]],
    ),
    Case(
        "float_power_negative",
        lambda T, x, y: T.float_power(x, y),
        [[-2.0, 0.0, -0.0], [3.0, -0.0, 2.0]],
    ),
    Case("float_power_float32", lambda T, x: (T.float_power(x, 2), x.float_power(0.5)), [F32]),
    Case("float_power_ints", lambda T, x, y: T.float_power(x, y), [INTS, INTS2 % 3], grad=False),
    Case("float_power_number_base", lambda T, y: T.float_power(2, y), [[1.0, -1.0, 0.5]]),
    Case("float_power_inplace_float32", lambda T, x: x.clone().float_power_(2), [F32], grad=False),
    Case("float_power_inplace", lambda T, x: (x * 1).float_power_(2), [(3,)]),
    Case("frexp", lambda T, x: T.frexp(x), [[1.0, -2.0, 0.0, 0.3, 1e-310, INF, NAN, -1e300]]),
    Case("frexp_float32", lambda T, x: x.frexp(), [F32]),
    Case("frexp_ints", lambda T, x: T.frexp(x), [INTS], grad=False),
    Case("ldexp", lambda T, x, e: T.ldexp(x, e), [[1.0, -2.0, 0.0, 3.0], np.array([1, 2, 3, 0])]),
    # PyTorch's gradient takes 2**e in integers (0 for e < 0); graphgrad's is 2**e
    Case(
        "ldexp_negative", lambda T, x, e: x.ldexp(e), [[1.0, 0.5], np.array([-3, -1])], grad=False
    ),
    Case("ldexp_float_exponent", lambda T, x, e: x.ldexp(e), [(2, 3), (3,)]),
    Case("ldexp_ints", lambda T, x, e: T.ldexp(x, e), [INTS[:3], np.array([1, 2, 3])], grad=False),
    Case("ldexp_number", lambda T, x: T.ldexp(x, 2), [[1.0]], grad=False),
    Case(
        "nextafter",
        lambda T, x, y: T.nextafter(x, y),
        [[1.0, 2.0, 0.0, INF, 5.0], [1.0, 3.0, 0.0, 0.0, NAN]],
    ),
    Case("nextafter_float32", lambda T, x, y: x.nextafter(y), [F32, (3,)]),
    Case("nextafter_ints", lambda T, x: T.nextafter(x, x), [INTS], grad=False),
    # ------------------------------------------------------ complex parts of reals
    Case("real", lambda T, x: (T.real(x), x.real), [(2, 3)]),
    Case("imag", lambda T, x: x.imag, [(2, 3)], grad=False),
    Case("imag_torch", lambda T, x: T.imag(x), [(2, 3)], grad=False),
    Case("angle", lambda T, x: (T.angle(x), x.angle()), [SIGNS]),
    Case("angle_ints", lambda T, x: T.angle(x), [INTS], grad=False),
    Case("isreal", lambda T, x: (T.isreal(x), x.isreal()), [SIGNS], grad=False),
    Case(
        "conj",
        lambda T, x: (T.conj(x), x.conj_physical(), T.resolve_conj(x), x.resolve_neg()),
        [(3,)],
    ),
    Case(
        "flags",
        lambda T, x, i, u: (
            T.is_conj(x),
            x.is_neg(),
            T.is_signed(x),
            i.is_signed(),
            u.is_signed(),
            T.is_same_size(x, x),
            x.is_same_size(i),
            T.is_inference(x),
        ),  # fmt: skip
        [(3,), INTS[:3], np.array([1, 2], dtype=np.uint8)],
        grad=False,
    ),
    # ------------------------------------------------------------- statistics
    Case("cov", lambda T, x: (T.cov(x), x.cov(correction=0)), [OBS]),
    Case("cov_1d", lambda T, x: T.cov(x), [[1.0, 2.0, 4.0]]),
    Case("cov_ints", lambda T, x: T.cov(x), [np.array([[1, 2, 3], [2, 4, 7]])], grad=False),
    Case(
        "cov_weights",
        lambda T, x, a: T.cov(x, correction=2, fweights=_t(T, [1, 2, 1, 3]), aweights=a),
        [OBS, [0.5, 1.0, 2.0, 0.25]],
    ),
    Case("cov_fweights", lambda T, x: x.cov(fweights=_t(T, [1, 0, 2, 1])), [OBS]),
    Case("cov_3d", lambda T, x: T.cov(x), [(2, 3, 4)], grad=False),
    Case(
        "cov_fweights_float",
        lambda T, x: T.cov(x, fweights=_t(T, [1.0, 2, 1, 1])),
        [OBS],
        grad=False,
    ),
    Case(
        "cov_fweights_negative",
        lambda T, x: T.cov(x, fweights=_t(T, [1, -2, 1, 1])),
        [OBS],
        grad=False,
    ),
    Case(
        "cov_aweights_ints", lambda T, x: T.cov(x, aweights=_t(T, [1, 2, 1, 1])), [OBS], grad=False
    ),
    Case(
        "cov_weights_length", lambda T, x: T.cov(x, aweights=_t(T, [1.0, 2.0])), [OBS], grad=False
    ),
    Case("corrcoef", lambda T, x: (T.corrcoef(x), x.corrcoef()), [OBS]),
    Case("corrcoef_float32", lambda T, x: T.corrcoef(x), [F32]),
    Case("corrcoef_1d", lambda T, x: T.corrcoef(x), [[1.0, 2.0, 4.0]]),
    Case(
        "corrcoef_ints", lambda T, x: T.corrcoef(x), [np.array([[1, 2, 3], [2, 4, 7]])], grad=False
    ),
    Case(
        "renorm",
        lambda T, x: (T.renorm(x, 2, 0, 5), x.renorm(1, 1, 4.0)),
        [[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]],
    ),
    Case("renorm_inf", lambda T, x: T.renorm(x, INF, 1, 2.5), [[[1.0, 2.0, 3.0], [2.0, 4.0, 7.0]]]),
    Case("renorm_3d", lambda T, x: T.renorm(x, 3, -1, 1.0), [(2, 3, 4)]),
    Case("renorm_inplace", lambda T, x: (x * 1).renorm_(2, 0, 1.0), [(2, 3)]),
    Case("renorm_p0", lambda T, x: T.renorm(x, 0, 0, 5), [(2, 3)], grad=False),
    Case("renorm_1d", lambda T, x: T.renorm(x, 2, 0, 5), [(3,)], grad=False),
    Case(
        "renorm_ints", lambda T, x: T.renorm(x, 2, 0, 5), [np.array([[1, 2], [3, 4]])], grad=False
    ),
    Case("addr", lambda T, m, a, b: T.addr(m, a, b, beta=0.5, alpha=2), [(2, 3), (2,), (3,)]),
    Case("addr_method", lambda T, m, a, b: (m * 1).addr(a, b), [(3,), (2,), (3,)]),
    Case("addr_inplace", lambda T, m, a, b: (m * 1).addr_(a, b, alpha=-1), [(2, 3), (2,), (3,)]),
    Case("addr_2d_vector", lambda T, m, a, b: T.addr(m, a, b), [(2, 3), (2, 1), (3,)], grad=False),
    Case("ger", lambda T, a, b: T.ger(a, b), [(2,), (3,)]),
    Case("chain_matmul", lambda T, a, b, c: T.chain_matmul(a, b, c), [(2, 3), (3, 4), (4, 2)]),
    Case("chain_matmul_one", lambda T, a: T.chain_matmul(a), [(2, 3)]),
    Case("frobenius_norm", lambda T, x: T.frobenius_norm(x, (0, 1), keepdim=True), [(2, 3)]),
    Case("frobenius_norm_dim", lambda T, x: T.frobenius_norm(x, 1), [(2, 3, 2)]),
    Case("nuclear_norm", lambda T, x: T.nuclear_norm(x), [(3, 2)]),
    Case("nuclear_norm_dim", lambda T, x: T.nuclear_norm(x, (1, 2), keepdim=True), [(2, 3, 2)]),
    # ----------------------------------------------------------------- integrals
    Case("trapezoid", lambda T, y: (T.trapezoid(y), T.trapezoid(y, dx=0.5, dim=0)), [SAMPLES]),
    Case("trapezoid_x", lambda T, y, x: T.trapezoid(y, x), [SAMPLES, COORDS]),
    Case("trapezoid_x_2d", lambda T, y, x: T.trapezoid(y, x, dim=0), [SAMPLES, (2, 5)]),
    Case("trapezoid_number_x", lambda T, y: T.trapezoid(y, 2), [SAMPLES], grad=False),
    Case("trapezoid_ints", lambda T, y: T.trapezoid(y), [INTS], grad=False),
    Case("trapz", lambda T, y: (T.trapz(y, dx=2.0), T.trapz(y, T.tensor(COORDS))), [SAMPLES]),
    Case("trapezoid_empty", lambda T, y: T.trapezoid(y), [np.zeros((2, 0))]),
    Case(
        "cumulative_trapezoid",
        lambda T, y: (T.cumulative_trapezoid(y), T.cumulative_trapezoid(y, dx=3.0, dim=0)),
        [SAMPLES],
    ),
    Case("cumulative_trapezoid_x", lambda T, y, x: T.cumulative_trapezoid(y, x), [SAMPLES, COORDS]),
    Case("cumulative_trapezoid_float32", lambda T, y: T.cumulative_trapezoid(y), [F32]),
    Case("gradient", lambda T, f: T.gradient(f), [SAMPLES]),
    Case("gradient_spacing", lambda T, f: T.gradient(f, spacing=2.0, dim=1), [SAMPLES]),
    Case("gradient_spacings", lambda T, f: T.gradient(f, spacing=[0.5, 3.0]), [SAMPLES]),
    Case("gradient_order2", lambda T, f: T.gradient(f, dim=1, edge_order=2), [SAMPLES]),
    Case(
        "gradient_coordinates",
        lambda T, f: T.gradient(f, spacing=(T.tensor(COORDS),), dim=1),
        [SAMPLES],
    ),
    Case(
        "gradient_coordinates_order2",
        lambda T, f: T.gradient(f, spacing=(T.tensor(COORDS),), dim=1, edge_order=2),
        [SAMPLES],
    ),
    Case(
        "gradient_1d_float32",
        lambda T, f: T.gradient(f),
        [np.array([1.0, 2.0, 4.0, 8.0], np.float32)],
    ),
    Case("gradient_ints", lambda T, f: T.gradient(f), [np.array([1, 2, 4, 8])], grad=False),
    Case("gradient_short", lambda T, f: T.gradient(f, dim=0, edge_order=2), [SAMPLES], grad=False),
    # ------------------------------------------------------------------ the rest
    Case(
        "isin", lambda T, a, b: (T.isin(a, b), T.isin(a, b, invert=True)), [INTS, INTS2], grad=False
    ),
    Case("isin_number", lambda T, a: (T.isin(a, 4), T.isin(4, a)), [INTS], grad=False),
    Case("isin_nan", lambda T, a, b: T.isin(a, b), [SIGNS, [NAN, 1.0, -0.0]], grad=False),
    Case("isin_mixed", lambda T, a, b: T.isin(a, b), [INTS, [4.0, 0.5]], grad=False),
    Case("rsub", lambda T, x, y: (T.rsub(x, y), T.rsub(x, 1, alpha=2)), [(2, 3), (3,)]),
    Case(
        "unravel_index",
        lambda T, i: T.unravel_index(i, (2, 3)),
        [np.array([4, 1, -1, 7])],
        grad=False,
    ),
    Case("unravel_index_int", lambda T, i: T.unravel_index(i, 6), [np.array(4)], grad=False),
    Case("unravel_index_float", lambda T, i: T.unravel_index(i, (2, 3)), [[1.0]], grad=False),
    Case(
        "unravel_index_negative",
        lambda T, i: T.unravel_index(i, (2, -3)),
        [np.array([1])],
        grad=False,
    ),
    Case(
        "broadcast_shapes",
        lambda T: (T.broadcast_shapes((2, 1), (3,)), T.broadcast_shapes(2, (3, 1))),
        grad=False,
    ),
    Case("broadcast_shapes_error", lambda T: T.broadcast_shapes((2, 1), (3, 2)), grad=False),
    Case(
        "scalar_tensor",
        lambda T: (
            T.scalar_tensor(3),
            T.scalar_tensor(3, dtype=T.int64),
            T.scalar_tensor(True),
            T.scalar_tensor(2.5, dtype=T.float64),
        ),  # fmt: skip
        grad=False,
    ),
    Case("constants", lambda T: T.tensor([T.e, T.pi, T.inf, T.nan]), grad=False),
    Case("newaxis", lambda T, x: x[T.newaxis, :, T.newaxis], [(2, 3)]),
    Case("histogramdd", lambda T, x: T.histogramdd(x, bins=[2, 3]), [POINTS], grad=False),
    Case(
        "histogramdd_range_weight_density",
        lambda T, x, w: T.histogramdd(x, 2, range=[0.0, 1.0, 0.0, 1.0], weight=w, density=True),
        [POINTS, [1.0, 2.0, 3.0, 4.0]],
        grad=False,
    ),
    Case(
        "histogramdd_edges",
        lambda T, x: T.histogramdd(x, [T.tensor([0.0, 1.0, 2.0]), T.tensor([0.0, 2.0])]),
        [POINTS],
        grad=False,
    ),
    Case(
        "histogramdd_edges_float64",
        lambda T, x: T.histogramdd(
            x, [T.tensor([0.0, 1.0, 2.0], dtype=T.float64), T.tensor([0.0, 2.0], dtype=T.float64)]
        ),
        [POINTS],
        grad=False,
    ),
    Case("histogramdd_one_point", lambda T, x: T.histogramdd(x, 2), [[[1.0, 1.0]]], grad=False),
    Case("histogramdd_3d", lambda T, x: T.histogramdd(x, 3), [(2, 5, 3)], grad=False),
    Case("histogramdd_ints", lambda T, x: T.histogramdd(x, 2), [INTS.reshape(3, 2)], grad=False),
    Case(
        "tensor_histogram",
        lambda T, x: (x.histogram(3), x.histogram(bins=4, range=(-1.0, 1.0), density=True)),
        [(10,)],
        grad=False,
    ),
    Case("pdist", lambda T, x: (T.pdist(x), T.pdist(x, p=1)), [(4, 3)]),
    # ------------------------------------------------------ 0-d and empty shapes
    Case("copysign_0d", lambda T, x, y: T.copysign(x, y), [np.array(-1.5), (2,)]),
    Case("copysign_empty", lambda T, x, y: T.copysign(x, y), [np.zeros((0, 3)), (3,)]),
    Case("frexp_0d", lambda T, x: T.frexp(x), [np.array(12.0)]),
    Case("frexp_empty", lambda T, x: T.frexp(x), [np.zeros((2, 0))]),
    Case(
        "nextafter_0d", lambda T, x: T.nextafter(x, T.tensor(0.0, dtype=T.float64)), [np.array(1.0)]
    ),
    Case("ldexp_0d", lambda T, x: T.ldexp(x, T.tensor(3)), [np.array(1.5)]),
    Case("float_power_0d", lambda T, x: T.float_power(x, 3), [np.array(-1.5)]),
    Case("gcd_0d", lambda T: T.gcd(T.tensor(12), T.tensor([8, 18])), grad=False),
    Case("gcd_empty", lambda T: T.lcm(T.zeros(0, dtype=T.int64), T.tensor(3)), grad=False),
    Case("signbit_empty", lambda T, x: T.signbit(x), [np.zeros((0,))], grad=False),
    Case("angle_0d", lambda T, x: T.angle(x), [np.array(-2.0)]),
    Case("cov_0d", lambda T, x: T.cov(x), [np.array(2.0)], grad=False),
    Case("cov_empty", lambda T, x: T.cov(x), [np.zeros((2, 0))], grad=False),
    Case("corrcoef_empty", lambda T, x: T.corrcoef(x), [np.zeros((0, 3))], grad=False),
    Case("renorm_empty", lambda T, x: T.renorm(x, 2, 0, 1.0), [np.zeros((0, 3))]),
    Case("trapezoid_0d", lambda T, y: T.trapezoid(y), [np.array(2.0)], grad=False),
    Case("cumulative_trapezoid_empty", lambda T, y: T.cumulative_trapezoid(y), [np.zeros((2, 0))]),
    Case("gradient_0d", lambda T, f: len(T.gradient(f)), [np.array(1.0)], grad=False),
    Case("isin_empty", lambda T, a: T.isin(a, T.zeros(0)), [(2, 2)], grad=False),
    Case(
        "unravel_index_empty",
        lambda T: T.unravel_index(T.zeros(0, dtype=T.int64), (2, 3)),
        grad=False,
    ),
    Case("histogramdd_empty", lambda T, x: T.histogramdd(x, 2), [np.zeros((0, 2))], grad=False),
    Case(
        "float16",
        lambda T, x, y: (
            T.copysign(x, y),
            T.frexp(x),
            T.nextafter(x, y),
            T.signbit(x),
            T.float_power(x, 2),
        ),
        [np.array([1.5, -2.0], np.float16), np.array([-1.0, 3.0], np.float16)],
        grad=False,
    ),
    # ---------------------------------------------- module-level in-place forms
    *[
        Case(f"torch_{n}_", _inplace(n), [[0.1, 0.4, 0.7, 0.9]], grad=n not in _NO_GRAD)
        for n in (
            "abs acos asin atan ceil cos cosh deg2rad exp exp2 expm1 fix floor frac log log10 "
            "log1p log2 logit neg negative rad2deg reciprocal relu round rsqrt sigmoid sin sinh "
            "sqrt square tan tanh trunc zero arccos arcsin arctan arctanh atanh asinh arcsinh "
            "nan_to_num"
        ).split()
    ],
    Case("torch_acosh_", _inplace("acosh"), [[1.5, 2.0, 3.0]], grad=False),
    Case("torch_clamp_", _inplace("clamp", 0.2, 0.8), [[0.1, 0.4, 0.7, 0.9]]),
    Case("torch_clip_", _inplace("clip", None, 0.5), [[0.1, 0.4, 0.7, 0.9]]),
    Case("torch_clamp_min_", _inplace("clamp_min", 0.5), [[0.1, 0.4, 0.7, 0.9]]),
    Case("torch_clamp_max_", _inplace("clamp_max", 0.5), [[0.1, 0.4, 0.7, 0.9]]),
    Case("torch_fill_", _inplace("fill", 2.5), [[0.1, 0.4]]),
    Case("torch_addmv_", _inplace("addmv"), [(2,), (2, 3), (3,)]),
    Case("torch_ldexp_", _inplace("ldexp"), [(3,), np.array([1, 0, 2])]),
    Case("torch_gcd_", lambda T, a, b: T.gcd_(a.clone(), b), [INTS, INTS2], grad=False),
    Case("torch_lcm_", lambda T, a, b: T.lcm_(a.clone(), b), [INTS, INTS2], grad=False),
    Case("torch_conj_physical_", _inplace("conj_physical"), [(3,)]),
    Case("torch_detach_", lambda T, x: T.detach_(x * 2), [(3,)]),
    Case("torch_abs_leaf", lambda T, x: T.abs_(x), [(3,)]),
    Case("torch_exp_view_of_leaf", lambda T, x: T.exp_(x[0]), [(2, 3)]),
    Case("torch_abs_ints", lambda T, x: T.abs_(x.clone()), [INTS], grad=False),
    Case("torch_sqrt_ints", lambda T, x: T.sqrt_(x.clone()), [INTS], grad=False),
    Case("torch_fill", lambda T, x: T.fill(x, 3.0), [(2, 3)]),
    Case("torch_fill_tensor", lambda T, x, v: T.fill(x, v), [(2, 3), np.array(1.5)]),
    Case("torch_fill_ints", lambda T, x: T.fill(x, 2.7), [INTS], grad=False),
    Case("torch_fill_1d_value", lambda T, x, v: T.fill(x, v), [(2, 3), (2,)], grad=False),
    # ---------------------------------------------- Tensor in-place forms added
    *[
        Case(
            f"method_{n}_",
            lambda T, x, y, n=n: getattr(x * 1, f"{n}_")(y),
            [(2, 3), (3,)],
            grad=n != "floor_divide",  # PyTorch: "derivative ... not implemented"
        )
        for n in "multiply divide true_divide subtract remainder floor_divide".split()
    ],
    *[
        Case(f"method_{n}_", lambda T, x, y, n=n: getattr(x * 1, f"{n}_")(y), [(2, 3), (3,)])
        for n in "eq ne not_equal lt less le less_equal gt greater ge greater_equal".split()
    ],
    *[
        Case(f"method_{n}_", lambda T, x, n=n: getattr(x * 1, f"{n}_")(), [(2, 3)], grad=n != "sgn")
        for n in "absolute negative sgn fix exp2 tril triu".split()
    ],
    Case("method_logical_not_", lambda T, x: (x * 1).logical_not_(), [(2, 3)], grad=False),
    Case("method_cumsum_", lambda T, x: (x * 1).cumsum_(1), [(2, 3)]),
    Case("method_cumprod_", lambda T, x: (x * 1).cumprod_(0), [(2, 3)]),
    # (PyTorch's logical in-place forms are not recorded: the gradient passes as if they were
    # not there; graphgrad's is zero, as for every step function)
    Case(
        "method_logical_and_",
        lambda T, x, y: (x * 1).logical_and_(y),
        [(2, 3), [0.0, 1.0, 2.0]],
        grad=False,
    ),
    Case("method_mvlgamma_", lambda T, x: (x * 1).mvlgamma_(2), [[1.5, 2.0, 4.0]]),
    Case(
        "method_addmm_", lambda T, m, a, b: (m * 1).addmm_(a, b, beta=0.5), [(2, 2), (2, 3), (3, 2)]
    ),
    Case(
        "method_baddbmm_",
        lambda T, m, a, b: (m * 1).baddbmm_(a, b),
        [(2, 2, 2), (2, 2, 3), (2, 3, 2)],
    ),
    Case(
        "method_addbmm_",
        lambda T, m, a, b: (m * 1).addbmm_(a, b, alpha=2),
        [(2, 2), (3, 2, 3), (3, 3, 2)],
    ),
    Case("method_leaf_refused", lambda T, x: x.tril_(), [(2, 3)]),
]
