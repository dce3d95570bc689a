"""No numpy floating-point warning escapes an op at edge values, even under
`warnings.simplefilter("error", RuntimeWarning)` (which takes precedence over the filter of
autograd/float_warnings.py): PyTorch is silent at 0, inf, nan and overflow, and its values
are IEEE's. Each program runs forward and backward (upstream gradients 1, 0, inf, nan) under
the "error" filter, and its values and gradients must be the same bits as under "ignore"
(the quiet retries of the hot kernels recompute exactly)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
import optim
from autograd import Tensor

# 0, signed zeros, +-1, infinities, nan, the largest and smallest magnitudes, exp's and
# log's overflow points, a denormal
EDGES = [0.0, -0.0, 1.0, -1.0, np.inf, -np.inf, np.nan, 1e308, -1e308, 1e-308, 5e-324]
EDGES += [710.0, -746.0, 89.0, 0.5, -0.5, 2.0, 1e19]
UPSTREAM = [1.0, 0.0, np.inf, np.nan, -1e308]


def _attr(path: str):
    obj = autograd
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


UNARY = {
    name: _attr(name)
    for name in (
        "exp exp2 expm1 log log2 log10 log1p sqrt rsqrt sin cos tan tanh sigmoid relu asin "
        "acos atan sinh cosh asinh acosh atanh erf erfc erfinv lgamma digamma reciprocal "
        "square abs sign neg logit nan_to_num deg2rad rad2deg special.sinc special.i0 "
        "special.entr special.ndtri special.log_ndtr special.erfcx special.i0e special.i1 "
        "special.expit"
    ).split()
}
UNARY.update(
    {
        f"F.{name}": getattr(F, name)
        for name in (
            "softplus gelu silu mish elu selu celu leaky_relu hardtanh softsign tanhshrink "
            "logsigmoid"
        ).split()
    }
)
UNARY.update(
    {
        "pow2": lambda x: x**2,
        "pow3": lambda x: x**3,
        "pow-1": lambda x: x**-1,
        "pow-0.5": lambda x: x**-0.5,
        "pow0.5": lambda x: x**0.5,
        "pow1.5": lambda x: x**1.5,
        "rpow": lambda x: 2.0**x,
        "rdiv": lambda x: 1.0 / x,
        "self_mul": lambda x: x * x,
        "self_div": lambda x: x / x,
        "self_sub": lambda x: x - x,
        "sum": lambda x: x.sum(),
        "mean": lambda x: x.mean(),
        "prod": lambda x: x.prod(),
        "var": lambda x: x.var(),
        "std": lambda x: x.std(),
        "norm": lambda x: x.norm(),
        "cumsum": lambda x: x.cumsum(0),
        "cumprod": lambda x: x.cumprod(0),
        "logcumsumexp": lambda x: x.logcumsumexp(0),
        "nanmean": lambda x: x.nanmean(),
        "nansum": lambda x: x.nansum(),
        "logsumexp": lambda x: x.logsumexp(0),
        "softmax": lambda x: x.softmax(0),
        "log_softmax": lambda x: x.log_softmax(0),
        "normalize": lambda x: F.normalize(x, dim=0),
        "nanmean_empty": lambda x: x[:0].nanmean(),
        "mean_empty": lambda x: x[:0].mean(),
    }
)

BINARY = {
    name: _attr(name)
    for name in (
        "add sub mul div pow atan2 hypot maximum minimum fmax fmin fmod remainder logaddexp "
        "logaddexp2 true_divide special.xlogy special.xlog1py"
    ).split()
}
BINARY.update(
    {
        "F.mse_loss": lambda a, b: F.mse_loss(a, b),
        "F.l1_loss": lambda a, b: F.l1_loss(a, b),
        "F.huber_loss": lambda a, b: F.huber_loss(a, b),
        "F.binary_cross_entropy_with_logits": F.binary_cross_entropy_with_logits,
        "F.kl_div": lambda a, b: F.kl_div(a, b, reduction="sum"),
        "F.poisson_nll_loss": F.poisson_nll_loss,
        "F.cosine_similarity": lambda a, b: F.cosine_similarity(a, b, dim=0),
    }
)


def _run(fn, arrays: list[np.ndarray], dtype) -> list[np.ndarray]:
    """fn's value and the inputs' gradients for each upstream gradient."""
    results = []
    with np.errstate(over="ignore"):  # (1e308 is inf in float32)
        arrays = [a.astype(dtype) for a in arrays]
        ups = [np.array(up).astype(dtype) for up in UPSTREAM]
    for up in ups:
        xs = [Tensor(a.copy(), requires_grad=True) for a in arrays]
        out = fn(*xs)
        results.append(out.numpy().copy())
        with np.errstate(over="ignore"):  # (the test's own cast)
            upstream = np.full(out.shape, up).astype(out.dtype)
        out.backward(Tensor(upstream))
        results += [x.grad.numpy().copy() if x.grad is not None else None for x in xs]
    return results


def _check(fn, arrays: list[np.ndarray], dtype) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        quiet = _run(fn, arrays, dtype)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        strict = _run(fn, arrays, dtype)  # raises if numpy's warning escapes
    for q, s in zip(quiet, strict):
        if q is None:
            assert s is None
            continue
        assert q.dtype == s.dtype and q.shape == s.shape
        assert q.tobytes() == s.tobytes(), (q, s)  # the same bits


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_ops_are_silent_at_edge_values(name, dtype):
    _check(UNARY[name], [np.array(EDGES)], dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_ops_are_silent_at_edge_values(name, dtype):
    a, b = np.meshgrid(np.array(EDGES), np.array(EDGES), indexing="ij")
    _check(BINARY[name], [a.ravel(), b.ravel()], dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_scalar_graphs_are_silent_at_edge_values(dtype):
    """0-d tensors (numpy scalars inside): the operators, a fork's gradient sum, a chain."""

    def program(x, y):
        z = x * y + x / y - y**2 + (x * 0.0).exp() * y.log()
        return z * z + z  # z is used twice: the engine sums its two gradients

    for u in EDGES:
        for v in EDGES:
            _check(program, [np.array(u), np.array(v)], dtype)


def test_gradient_sums_are_silent():
    """The engine's sums of many gradients (inf + -inf), a fork's in-place sum, and sparse
    gradients (indexing's) added into a dense one."""
    big = np.array([np.inf, -np.inf, 1.0, np.nan])

    def many(x):
        return sum((x * (1.0 if k % 2 else -1.0) for k in range(12)), x * 0.0)

    def fork(x):
        y = x * 2.0
        return y * np.inf + y * -np.inf

    def sparse(x):  # indexing's gradients are sparse until summed into a dense one
        return (x[np.array([0, 1, 1, 3])] * big).sum() + (x[np.array([2, 1, 0, 0])] * big).sum()

    for fn in (many, fork, sparse):
        _check(fn, [big], np.float64)


def test_a_users_own_numpy_still_warns():
    """Only graphgrad's kernels are quiet: np.errstate is scoped to them, never global."""
    autograd.log(Tensor(np.zeros(3))).sum()
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(RuntimeWarning, match="divide by zero"):
            np.log(np.zeros(3))
        with pytest.raises(RuntimeWarning, match="invalid value"):
            np.zeros(2) * np.inf


def _layers():
    autograd.manual_seed(0)
    lin, conv, lstm = nn.Linear(8, 3), nn.Conv2d(2, 3, 3), nn.LSTM(8, 3)
    return {
        "matmul": lambda x: x.reshape(2, 8) @ x.reshape(8, 2),
        "linear": lambda x: lin(x.reshape(2, 8)),
        "conv2d": lambda x: conv(x.reshape(1, 2, 4, 2).repeat(1, 1, 2, 4)),
        "attention": lambda x: F.scaled_dot_product_attention(*[x.reshape(1, 2, 8)] * 3),
        "lstm": lambda x: lstm(x.reshape(2, 1, 8))[0],
        "cross_entropy": lambda x: F.cross_entropy(x.reshape(2, 8), Tensor(np.array([0, 3]))),
        "layer_norm": lambda x: F.layer_norm(x.reshape(2, 8), (8,)),
    }


@pytest.mark.parametrize("name", sorted(_layers()))
def test_layers_are_silent_at_edge_values(name):
    """Linear, matmul, convolution, attention, LSTM (their kernels may run on worker
    threads, which keep the caller's np.errstate), losses and norms."""
    fn = _layers()[name]
    for lo in range(0, len(EDGES) - 1, 2):
        pair = [EDGES[lo], EDGES[lo + 1]]
        _check(fn, [np.array((pair * 8)[:16])], np.float64)


@pytest.mark.parametrize("name", ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "Adamax"])
def test_optimizer_steps_are_silent_with_edge_gradients(name):
    def step(action: str) -> bytes:
        p = Tensor(np.ones(len(EDGES)), requires_grad=True)
        p.grad = Tensor(np.array(EDGES))
        opt = getattr(optim, name)([p], lr=0.1)
        with warnings.catch_warnings():
            warnings.simplefilter(action, RuntimeWarning)
            opt.step()
            opt.step()
        return p.numpy().tobytes()

    assert step("error") == step("ignore")
