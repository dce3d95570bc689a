"""Edge-value answers checked against PyTorch 2.13's.

Each expected value was printed by PyTorch 2.13 (CPU, float64) for the same call, as a
literal here or recorded by tools/make_fidelity_fixtures.py into
tests/data/fidelity_pytorch.npz; -0.0 and 0.0 are told apart, NaN equals NaN.
Gradchecks cover the differentiable paths.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import autograd
import nn.functional as F
from autograd import Tensor

FIXTURES = np.load(Path(__file__).resolve().parent / "data" / "fidelity_pytorch.npz")

NAN, INF = float("nan"), float("inf")


def _same(got, want) -> None:
    """Equal values (NaN == NaN) with the same sign of every zero."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0, equal_nan=True)
    signs = np.isnan(want) | (np.signbit(got) == np.signbit(want))  # a NaN's sign is free
    assert signs.all(), (got, want)


def _value_and_grad(fn, x, upstream=None):
    t = Tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    y = fn(t)
    y.backward(autograd.ones_like(y) if upstream is None else Tensor(np.float64(upstream)))
    return y.data, t.grad.data


# ------------------------------------------------------------------ amax, amin, max, min
REDUCTIONS = {
    "amax": lambda x: x.amax(),
    "amin": lambda x: x.amin(),
    "max": lambda x: x.max(),
    "min": lambda x: x.min(),
    "max_dim": lambda x: x.max(0).values,
    "amax_dim": lambda x: x.amax(0),
}

# PyTorch 2.13: x = [1., 2., 3.], the upstream gradient -1, inf, nan, -inf. amax/amin use
# (g / count) * mask (NaN off the extreme for a non-finite g; -0.0 for g < 0); max()/min()
# and max(dim) fill zeros.
UPSTREAM = {
    "amax": [[-0.0, -0.0, -1.0], [NAN, NAN, INF], [NAN, NAN, NAN], [NAN, NAN, -INF]],
    "amin": [[-1.0, -0.0, -0.0], [INF, NAN, NAN], [NAN, NAN, NAN], [-INF, NAN, NAN]],
    "max": [[0.0, 0.0, -1.0], [0.0, 0.0, INF], [0.0, 0.0, NAN], [0.0, 0.0, -INF]],
    "min": [[-1.0, 0.0, 0.0], [INF, 0.0, 0.0], [NAN, 0.0, 0.0], [-INF, 0.0, 0.0]],
    "max_dim": [[0.0, 0.0, -1.0], [0.0, 0.0, INF], [0.0, 0.0, NAN], [0.0, 0.0, -INF]],
    "amax_dim": [[-0.0, -0.0, -1.0], [NAN, NAN, INF], [NAN, NAN, NAN], [NAN, NAN, -INF]],
}


@pytest.mark.parametrize("name", sorted(UPSTREAM))
def test_extreme_gradients_for_signed_and_non_finite_upstream_match_pytorch(name):
    for up, want in zip([-1.0, INF, NAN, -INF], UPSTREAM[name]):
        with np.errstate(all="ignore"):
            _, grad = _value_and_grad(REDUCTIONS[name], [1.0, 2.0, 3.0], up)
        _same(grad, want)


@pytest.mark.parametrize(
    ("fn", "x", "value", "grad"),
    [  # PyTorch 2.13's values and gradients (upstream ones)
        (lambda x: x.amax(), [1.0, NAN, 3.0, NAN], NAN, [NAN, NAN, NAN, NAN]),
        (lambda x: x.max(), [1.0, NAN, 3.0, NAN], NAN, [0.0, 0.5, 0.0, 0.5]),
        (lambda x: x.amax(1), [[1, NAN, 3], [1, 2, 2]], [NAN, 2], [[NAN] * 3, [0, 0.5, 0.5]]),
        (lambda x: x.amin(1), [[1, NAN, 3], [1, 2, 1]], [NAN, 1], [[NAN] * 3, [0.5, 0, 0.5]]),
        (lambda x: x.amax(0), [[1, 2], [1, NAN]], [1, NAN], [[0.5, NAN], [0.5, NAN]]),
        (lambda x: x.amin((0, 1)), [[1, 2], [1, 3]], 1.0, [[0.5, 0.0], [0.5, 0.0]]),
        (lambda x: x.amin(), [1.0, 2.0, 3.0], 1.0, [1.0, 0.0, 0.0]),
        (lambda x: x.amin(), [-0.0, 1.0, 2.0], -0.0, [1.0, 0.0, 0.0]),
        (lambda x: x.amax(), [0.0, -0.0, 1.0], 1.0, [0.0, 0.0, 1.0]),
        (lambda x: x.amax(), [INF, 1.0, INF], INF, [0.5, 0.0, 0.5]),
        (lambda x: x.max(), [3.0, 1.0, 3.0], 3.0, [0.5, 0.0, 0.5]),
        (lambda x: x.min(), [3.0, 1.0, 1.0], 1.0, [0.0, 0.5, 0.5]),
        (lambda x: x.min(0).values, [-0.0, 1.0, 2.0], -0.0, [1.0, 0.0, 0.0]),
        # max(dim)/min(dim): the gradient goes to the returned index, the first extreme
        # (the first NaN of a NaN slice)
        (lambda x: x.max(1).values, [[3, 1, 3], [1, NAN, NAN]], [3, NAN], [[1, 0, 0], [0, 1, 0]]),
        (lambda x: x.min(1).values, [[3, 1, 1], [1, NAN, NAN]], [1, NAN], [[0, 1, 0], [0, 1, 0]]),
        (lambda x: x.max(1).indices.double(), [[3, 1, 3], [1, NAN, NAN]], [0, 1], None),
    ],
)
def test_extreme_values_ties_and_nan_slices_match_pytorch(fn, x, value, grad):
    if grad is None:
        _same(fn(Tensor(np.asarray(x, dtype=np.float64))).data, value)
        return
    got_value, got_grad = _value_and_grad(fn, x)
    _same(got_value, value)
    _same(got_grad, grad)


def test_extreme_double_backward_matches_pytorch():
    x = Tensor([[3.0, 1.0, 3.0], [0.0, -1.0, 2.0]], requires_grad=True)
    want = {  # PyTorch 2.13: d(y)/dx with create_graph (upstream ones)
        "amax": [[0.5, 0.0, 0.5], [0.0, 0.0, 1.0]],
        "amin": [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]],
        "max": [[0.5, 0.0, 0.5], [0.0, 0.0, 0.0]],
        "max_dim": [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]],
    }
    fns = {
        "amax": lambda t: t.amax(1),
        "amin": lambda t: t.amin(1),
        "max": lambda t: t.max(),
        "max_dim": lambda t: t.max(1).values,
    }
    for name, fn in fns.items():
        y = fn(x)
        gy = autograd.ones_like(y).requires_grad_()
        (gx,) = autograd.grad(y, x, gy, create_graph=True)
        assert gx.requires_grad
        _same(gx.data, want[name])
        x2 = Tensor(np.random.default_rng(0).normal(size=(2, 3)), requires_grad=True)
        assert autograd.gradgradcheck(fn, (x2,))


# ------------------------------------------------------------------ norms at the zero vector
NORMS = {
    "vector_norm": lambda x, p: autograd.linalg.vector_norm(x, p, dim=1),
    "linalg_norm": lambda x, p: autograd.linalg.norm(x, p, dim=1, keepdim=True),
    "tensor_norm": lambda x, p: x.norm(p, dim=1),
    "normalize": lambda x, p: F.normalize(x, p, dim=1),
}
PS = {"1": 1.0, "2": 2.0, "inf": float("inf"), "0.5": 0.5, "3": 3.0}
NORM_UPSTREAM = {"one": 1.0, "nan": NAN, "inf": INF}


@pytest.mark.parametrize("name", sorted(NORMS))
@pytest.mark.parametrize("p", sorted(PS))
def test_norm_at_zero_first_and_second_derivatives_match_pytorch(name, p):
    for u_name, u in NORM_UPSTREAM.items():
        key = f"norm/{name}/{p}/{u_name}"
        x = Tensor(FIXTURES["x"], requires_grad=True)
        with np.errstate(all="ignore"):
            y = NORMS[name](x, PS[p])
            gy = autograd.full(y.shape, u, dtype=autograd.float64).requires_grad_()
            (gx,) = autograd.grad(y, x, gy, create_graph=True)
            hx, hg = autograd.grad(gx.sum(), (x, gy), allow_unused=True)
        _same(y.data, FIXTURES[f"{key}/y"])
        _same(gx.data, FIXTURES[f"{key}/gx"])
        for got, what in ((hx, "hx"), (hg, "hg")):
            got = np.zeros(FIXTURES[f"{key}/{what}"].shape) if got is None else got.data
            np.testing.assert_allclose(got, FIXTURES[f"{key}/{what}"], rtol=1e-10, equal_nan=True)


@pytest.mark.parametrize("p", [1.0, 2.0, INF, -INF, 0.5, 1.5, 3.0])
def test_norm_gradients_pass_gradcheck_away_from_zero(p):
    x = Tensor(np.random.default_rng(1).normal(size=(3, 4)), requires_grad=True)
    assert autograd.gradcheck(lambda t: t.norm(p, dim=1), (x,))
    assert autograd.gradgradcheck(lambda t: t.norm(p, dim=1), (x,))
    assert autograd.gradcheck(lambda t: F.normalize(t, p, dim=0), (x,))


# ------------------------------------------------------------------ uniform_/random_ `from`
def test_uniform_and_random_take_from_as_pytorchs_binding_does():
    autograd.manual_seed(0)
    got = autograd.empty(4, dtype=autograd.float64).uniform_(**{"from": -1.0, "to": 1.0})
    want = [0.9401060036131061, 0.4156397287995759, -0.08123411374509826, 0.8414953682439206]
    np.testing.assert_array_equal(got.numpy(), want)  # PyTorch 2.13, manual_seed(0)
    autograd.manual_seed(0)
    got = autograd.empty(4, dtype=autograd.float64).uniform_(**{"from": 0.5})
    np.testing.assert_array_equal(got.numpy()[:1], [0.9850265009032766])
    autograd.manual_seed(0)
    got = autograd.empty(4, dtype=autograd.int64).random_(**{"from": 3, "to": 10})
    np.testing.assert_array_equal(got.numpy(), [7, 6, 3, 5])
    autograd.manual_seed(0)
    got = autograd.empty(3, dtype=autograd.int64).random_(2, to=4)
    np.testing.assert_array_equal(got.numpy(), [2, 3, 3])
    t = autograd.empty(3)
    t.data.uniform_(**{"from": 2.0, "to": 3.0})
    assert ((t.numpy() >= 2) & (t.numpy() < 3)).all()
    with pytest.raises(TypeError, match="unexpected keyword argument 'junk'"):
        t.uniform_(**{"from": 2.0, "to": 3.0, "junk": 1})
    with pytest.raises(TypeError, match="multiple values for argument 'from'"):
        t.uniform_(2.0, **{"from": 2.0})
    ints = autograd.empty(3, dtype=autograd.int64)
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        ints.random_(**{"from": 5})  # PyTorch's overloads need `to` with `from`
    with pytest.raises(TypeError, match="invalid combination of arguments"):
        ints.random_(**{"from": None, "to": 4})


# ------------------------------------------------------------------ embedding
EMB_IDX = np.array([[0, 2, 0], [1, 0, 3]])
EMB_WANT = {  # PyTorch 2.13: w = arange(12).reshape(4, 3), upstream arange(18)
    None: [[6.0, 7.0, 7.999999999999999], [9, 10, 11], [3, 4, 5], [15, 16, 17]],
    2: [[6.0, 7.0, 7.999999999999999], [9, 10, 11], [0, 0, 0], [15, 16, 17]],
    0: [[0, 0, 0], [9, 10, 11], [3, 4, 5], [15, 16, 17]],
}


@pytest.mark.parametrize("padding_idx", [None, 2, 0])
def test_embedding_scale_grad_by_freq_matches_pytorch(padding_idx):
    import nn

    g = Tensor(np.arange(18.0).reshape(2, 3, 3))
    w = Tensor(np.arange(12.0).reshape(4, 3), requires_grad=True)
    out = F.embedding(Tensor(EMB_IDX), w, padding_idx, scale_grad_by_freq=True)
    np.testing.assert_array_equal(out.numpy(), np.arange(12.0).reshape(4, 3)[EMB_IDX])
    out.backward(g)
    np.testing.assert_allclose(w.grad.numpy(), EMB_WANT[padding_idx], rtol=1e-15)
    layer = nn.Embedding(4, 3, padding_idx, scale_grad_by_freq=True)
    assert "scale_grad_by_freq=True" in repr(layer)
    layer(Tensor(EMB_IDX)).backward(g)
    np.testing.assert_allclose(layer.weight.grad.numpy(), EMB_WANT[padding_idx], rtol=1e-15)


def test_embedding_scale_grad_by_freq_second_derivative_keeps_the_scale():
    # the gradient is a rescaled one, not a derivative (no gradcheck): the gradient of the
    # weight is linear in the upstream g, gw = A g with A summing rows scaled by 1 / count,
    # so d sum(gw^2) / dg = 2 A^T gw = 2 gw[idx] / count. PyTorch's double backward drops
    # the 1 / count (2 gw[idx]).
    w = Tensor(np.random.default_rng(2).normal(size=(4, 3)), requires_grad=True)
    y = F.embedding(Tensor(EMB_IDX), w, scale_grad_by_freq=True)
    gy = Tensor(np.arange(18.0).reshape(2, 3, 3), requires_grad=True)
    (gw,) = autograd.grad(y, w, gy, create_graph=True)
    (hg,) = autograd.grad((gw * gw).sum(), gy)
    count = np.array([[3, 1, 3], [1, 3, 1]])[..., None]
    np.testing.assert_allclose(hg.numpy(), 2 * gw.numpy()[EMB_IDX] / count, rtol=1e-14)


# ------------------------------------------------------------------ older linalg methods
LINALG = {  # as tools/make_fidelity_fixtures.py's
    "cholesky": (lambda A, L, B, R: A.cholesky(), "A"),
    "cholesky_upper": (lambda A, L, B, R: A.cholesky(upper=True), "A"),
    "cholesky_solve": (lambda A, L, B, R: B.cholesky_solve(L), "L"),
    "cholesky_solve_b": (lambda A, L, B, R: B.cholesky_solve(L), "B"),
    "cholesky_solve_upper": (lambda A, L, B, R: B.cholesky_solve(L.mT, upper=True), "L"),
    "cholesky_inverse": (lambda A, L, B, R: L.cholesky_inverse(), "L"),
    "cholesky_inverse_upper": (lambda A, L, B, R: L.mT.cholesky_inverse(upper=True), "L"),
    "svd_s": (lambda A, L, B, R: R.svd().S, "R"),
    "svd_usv": (lambda A, L, B, R: (lambda u, s, v: u @ autograd.diag(s) @ v.mT)(*R.svd()), "R"),
    "qr_r_abs": (lambda A, L, B, R: R.qr().R.abs(), "R"),
}


@pytest.mark.parametrize("case", sorted(LINALG))
def test_older_linalg_methods_match_pytorch(case):
    fn, wrt = LINALG[case]
    ts = {k: Tensor(FIXTURES[f"linalg/{k}"], requires_grad=k == wrt) for k in "ALBR"}
    y = fn(ts["A"], ts["L"], ts["B"], ts["R"])
    (y**3).sum().backward()
    np.testing.assert_allclose(y.numpy(), FIXTURES[f"linalg/{case}/out"], rtol=1e-9, atol=1e-12)
    want = FIXTURES[f"linalg/{case}/grad"]
    np.testing.assert_allclose(ts[wrt].grad.numpy(), want, rtol=1e-8, atol=1e-11)
    x = Tensor(FIXTURES[f"linalg/{wrt}"], requires_grad=True)
    others = {k: Tensor(FIXTURES[f"linalg/{k}"]) for k in "ALBR" if k != wrt}
    f = lambda t: fn(**others, **{wrt: t})  # noqa: E731
    if wrt == "A":  # a symmetric input: perturbed symmetrically
        f = lambda t: fn(**others, A=(t + t.mT) / 2)  # noqa: E731
    if wrt == "L":  # a triangular factor: perturbed in its triangle
        f = lambda t: fn(**others, L=t.tril())  # noqa: E731
    assert autograd.gradcheck(f, (x,))
    assert autograd.gradgradcheck(f, (x,))


def test_older_linalg_functions_and_flags():
    a = Tensor(FIXTURES["linalg/A"])
    L, b = Tensor(FIXTURES["linalg/L"]), Tensor(FIXTURES["linalg/B"])
    np.testing.assert_allclose(autograd.cholesky(a).numpy(), L.numpy(), rtol=1e-12)
    np.testing.assert_allclose(
        autograd.cholesky_solve(b, L).numpy(), FIXTURES["linalg/cholesky_solve_b/out"], rtol=1e-9
    )
    np.testing.assert_allclose(
        autograd.cholesky_inverse(L).numpy(), FIXTURES["linalg/cholesky_inverse/out"], rtol=1e-9
    )
    # only the factor's triangle is read, as PyTorch's (here: A itself, not triangular)
    np.testing.assert_allclose(b.cholesky_solve(a).numpy(), b.cholesky_solve(a.tril()).numpy())
    r = Tensor(FIXTURES["linalg/R"])
    u, s, v = r.svd(compute_uv=False)  # PyTorch: zero U (m x m) and V (n x n)
    assert u.shape == (4, 4) and v.shape == (3, 3) and not u.numpy().any()
    u, s, v = r.svd(some=False)
    assert u.shape == (4, 4) and v.shape == (3, 3)
    q, rr = r.qr(some=False)
    assert q.shape == (4, 4) and rr.shape == (4, 3)


# ------------------------------------------------------------------ max pooling at ties
POOL = {  # as tools/make_fidelity_fixtures.py's
    "2d_k2": lambda t: F.max_pool2d(t, 2),
    "2d_k3_s1": lambda t: F.max_pool2d(t, 3, 1),
    "2d_k2_s1_p1": lambda t: F.max_pool2d(t, 2, 1, 1),
    "2d_dilation": lambda t: F.max_pool2d(t, 2, 1, 0, 2),
    "2d_ceil": lambda t: F.max_pool2d(t, 3, 2, ceil_mode=True),
    "2d_unbatched": lambda t: F.max_pool2d(t, 2, 1),
    "2d_zeros": lambda t: F.max_pool2d(t, 2, 1),
    "2d_minus_inf_pad": lambda t: F.max_pool2d(t, 3, 1, 1),
    "2d_nan_pair": lambda t: F.max_pool2d(t, 2),
    "1d_k3": lambda t: F.max_pool1d(t, 3),
    "1d_k2_s1_p1": lambda t: F.max_pool1d(t, 2, 1, 1),
    "1d_dilation": lambda t: F.max_pool1d(t, 2, 1, 0, 2),
    "adaptive_2d": lambda t: F.adaptive_max_pool2d(t, 3),
    "adaptive_1d": lambda t: F.adaptive_max_pool1d(t, 4),
}


@pytest.mark.parametrize("case", sorted(POOL))
@pytest.mark.parametrize("create_graph", [False, True])
def test_max_pool_ties_send_the_gradient_where_pytorch_does(case, create_graph):
    # PyTorch's CPU kernels: the first maximum of a window in row-major order, the last NaN
    x = Tensor(FIXTURES[f"pool/{case}/x"], requires_grad=True)
    y = POOL[case](x)
    _same(y.numpy(), FIXTURES[f"pool/{case}/y"])
    g = Tensor(np.arange(1.0, y.numel() + 1).reshape(y.shape), requires_grad=create_graph)
    (gx,) = autograd.grad(y, x, g, create_graph=create_graph)
    np.testing.assert_array_equal(gx.numpy(), FIXTURES[f"pool/{case}/grad"])
    if create_graph:  # the second order reads v at the same index, as PyTorch's
        v = Tensor(np.arange(1.0, x.numel() + 1).reshape(x.shape))
        (back,) = autograd.grad((gx * v).sum(), g)
        np.testing.assert_array_equal(back.numpy(), FIXTURES[f"pool/{case}/back"])


@pytest.mark.parametrize(
    "p, grad",
    [  # PyTorch 2.13: sign(nan) = 0, so the NaN's gradient is 0 where the rule scales by sign
        (1, [0.0, 1.0, -1.0, 0.0]),
        (2, [np.nan] * 4),
        (np.inf, [0.0, 0.0, -0.0, 0.0]),
        (3, [np.nan] * 4),
        (0.5, [np.nan] * 4),
    ],
)
def test_sign_of_nan_is_zero_in_sign_abs_and_norms(p, grad):
    x = autograd.tensor([np.nan, 1.0, -1.0, 0.0], dtype=autograd.float64, requires_grad=True)
    x.norm(p=p).backward()
    np.testing.assert_array_equal(x.grad.numpy(), grad)
    assert np.array_equal(np.signbit(x.grad.numpy()), np.signbit(grad))
    y = autograd.tensor([np.nan, 1.0, -1.0, 0.0], dtype=autograd.float64, requires_grad=True)
    np.testing.assert_array_equal(autograd.sign(y).numpy(), [0.0, 1.0, -1.0, 0.0])
    y.abs().sum().backward()
    np.testing.assert_array_equal(y.grad.numpy(), [0.0, 1.0, -1.0, 0.0])


@pytest.mark.parametrize("n", [6, 600])  # the small path and the bitwise one
def test_relu_passes_the_gradient_at_nan_as_pytorchs_threshold_backward(n):
    base = [np.nan, 1.0, -1.0, 0.0, np.inf, -np.inf]
    x = autograd.tensor(np.resize(base, n), dtype=autograd.float64, requires_grad=True)
    x.relu().backward(autograd.tensor(np.resize([1.0, 2, 3, 4, np.inf, 6], n)))
    # PyTorch 2.13: where(x <= 0, 0, g)
    np.testing.assert_array_equal(x.grad.numpy(), np.resize([1.0, 2, 0, 0, np.inf, 0], n))


@pytest.mark.parametrize("p", [-1, -0.5, np.inf, -np.inf])
def test_norms_without_an_identity_refuse_only_an_empty_reduced_dim(p):
    # PyTorch 2.13: an error names the empty dim (or the empty tensor); other dims are fine
    with pytest.raises(RuntimeError, match="on the dimension 1 because this dimension is empty"):
        autograd.linalg.vector_norm(autograd.zeros(2, 0), ord=p, dim=1)
    with pytest.raises(RuntimeError, match="on an empty tensor"):
        autograd.zeros(0).norm(p=p)
    assert autograd.linalg.vector_norm(autograd.zeros(0, 3), ord=p, dim=1).shape == (0,)
    assert autograd.zeros(2, 0).norm(p=2, dim=1).tolist() == [0.0, 0.0]
