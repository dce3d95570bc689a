"""Tests of nn.utils: gradient clipping, penalties, pruning, weight reparametrizations."""

import copy

import numpy as np
import pytest

import autograd
from autograd import Tensor, gradcheck
from nn.containers import Sequential
from nn.conv import Conv2d
from nn.linear import Linear
from nn.module import Module, Parameter
from nn.utils import (
    clip_grad_norm_,
    clip_grad_value_,
    elastic_net,
    l1_penalty,
    l2_penalty,
    parameters_to_vector,
    prune,
    remove_spectral_norm,
    remove_weight_norm,
    remove_weight_standardization,
    spectral_norm,
    standardize_weight,
    vector_to_parameters,
    weight_norm,
    weight_standardization,
    weights_only,
)
from optim import SGD


def _params_with_grads(rng, shapes, dtype=np.float64):
    ps = []
    for s in shapes:
        p = Parameter(rng.standard_normal(s).astype(dtype))
        p.grad = Tensor(rng.standard_normal(s).astype(dtype))
        ps.append(p)
    return ps


def _mlp(dtype=np.float64):
    autograd.manual_seed(0)
    return Sequential(Linear(4, 6, dtype=dtype), Linear(6, 3, dtype=dtype))


def _sgd_steps(model, n, lr=0.1, **kw):
    rng = np.random.default_rng(1)
    opt = SGD(model.parameters(), lr=lr, **kw)
    for _ in range(n):
        x = Tensor(rng.standard_normal((8, 4)))
        loss = (model(x) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    return opt


# ------------------------------------------------------------------ clipping
@pytest.mark.parametrize("norm_type", [2.0, 1.0, 3.0, float("inf"), "inf"])
def test_clip_grad_norm_matches_numpy(norm_type):
    rng = np.random.default_rng(0)
    ps = _params_with_grads(rng, [(3, 4), (5,), ()])
    before = [p.grad.data.copy() for p in ps]
    flat = np.concatenate([g.ravel() for g in before])
    p = np.inf if norm_type == "inf" else norm_type
    expected = np.linalg.norm(flat, ord=p)
    total = clip_grad_norm_(ps, max_norm=0.5, norm_type=norm_type)
    assert isinstance(total, Tensor) and total.shape == ()
    np.testing.assert_allclose(total.item(), expected, rtol=1e-12)
    coef = 0.5 / (expected + 1e-6)
    for prm, g in zip(ps, before):
        np.testing.assert_allclose(prm.grad.data, g * coef, rtol=1e-12)
    clipped = np.concatenate([prm.grad.data.ravel() for prm in ps])
    assert np.linalg.norm(clipped, ord=p) == pytest.approx(0.5, rel=1e-5)


def test_clip_grad_norm_below_max_single_tensor_and_missing_grads():
    rng = np.random.default_rng(1)
    (p,) = _params_with_grads(rng, [(4,)])
    g = p.grad.data.copy()
    total = clip_grad_norm_(p, max_norm=100.0)  # a single Tensor is accepted
    assert total.item() == pytest.approx(np.linalg.norm(g))
    np.testing.assert_array_equal(p.grad.data, g)
    q = Parameter(np.ones(3))  # no grad: skipped
    total = clip_grad_norm_([p, q], 100.0)
    assert q.grad is None and total.item() == pytest.approx(np.linalg.norm(g))
    assert clip_grad_norm_([q], 1.0).item() == 0.0


def test_clip_grad_norm_float32_and_nonfinite():
    p = Parameter(np.zeros(2, np.float32))
    p.grad = Tensor(np.array([3.0, 4.0], np.float32))
    total = clip_grad_norm_([p], 1.0)
    assert total.dtype == np.float32 and p.grad.dtype == np.float32
    np.testing.assert_allclose(p.grad.data, [0.6, 0.8], rtol=1e-5)
    p.grad = Tensor(np.array([np.inf, 1.0], np.float32))
    with pytest.raises(RuntimeError, match="inf"):
        clip_grad_norm_([p], 1.0, error_if_nonfinite=True)


def test_clip_grad_value():
    rng = np.random.default_rng(2)
    ps = _params_with_grads(rng, [(3, 3), (2,)])
    before = [p.grad.data.copy() for p in ps]
    clip_grad_value_(ps, 0.5)
    for p, g in zip(ps, before):
        np.testing.assert_array_equal(p.grad.data, np.clip(g, -0.5, 0.5))
    with pytest.raises(ValueError):
        clip_grad_value_(ps, -1.0)


def test_clipping_does_not_corrupt_shared_gradient_arrays():
    # z = x + y hands the same upstream array to both leaves; the engine copies it, and
    # clipping replaces gradients rather than scaling them in place
    x = Tensor(np.zeros(3), requires_grad=True)
    y = Tensor(np.zeros(3), requires_grad=True)
    up = np.array([3.0, 4.0, 12.0])
    (x + y).backward(up)
    assert not np.shares_memory(x.grad.data, y.grad.data)
    total = clip_grad_norm_([x, y], 1.0)
    assert total.item() == pytest.approx(np.sqrt(2) * 13.0)
    coef = 1.0 / (np.sqrt(2) * 13.0 + 1e-6)
    np.testing.assert_allclose(x.grad.data, up * coef)
    np.testing.assert_allclose(y.grad.data, up * coef)  # scaled once, not twice
    np.testing.assert_array_equal(up, [3.0, 4.0, 12.0])
    x.grad = y.grad = None
    (x + y).backward(up)
    clip_grad_value_([x, y], 3.5)
    np.testing.assert_array_equal(x.grad.data, [3.0, 3.5, 3.5])
    np.testing.assert_array_equal(y.grad.data, [3.0, 3.5, 3.5])


# ----------------------------------------------------------------- penalties
def test_l1_l2_values_and_gradients():
    rng = np.random.default_rng(3)
    a, b = rng.standard_normal((3, 4)), rng.standard_normal(5)
    ta, tb = Tensor(a, requires_grad=True), Tensor(b, requires_grad=True)
    assert l1_penalty([ta, tb]).item() == pytest.approx(np.abs(a).sum() + np.abs(b).sum())
    assert l2_penalty([ta, tb]).item() == pytest.approx((a**2).sum() + (b**2).sum())
    l2_penalty([ta, tb]).backward()
    np.testing.assert_allclose(ta.grad.data, 2 * a)
    ta.grad = tb.grad = None
    l1_penalty(ta).backward()
    np.testing.assert_allclose(ta.grad.data, np.sign(a))
    assert gradcheck(lambda u, v: l1_penalty([u, v]), (ta, tb))
    assert gradcheck(lambda u, v: l2_penalty([u, v]), (ta, tb))
    assert gradcheck(lambda u, v: elastic_net([u, v], alpha=0.3, l1_ratio=0.2), (ta, tb))
    en = elastic_net([ta, tb], alpha=0.3, l1_ratio=0.2).item()
    l1 = np.abs(a).sum() + np.abs(b).sum()
    l2 = (a**2).sum() + (b**2).sum()
    assert en == pytest.approx(0.3 * (0.2 * l1 + 0.8 / 2 * l2))
    assert l2_penalty([]).item() == 0.0


def test_weights_only_and_penalty_as_weight_decay():
    model = _mlp()
    names = [n for n, p in model.named_parameters()]
    chosen = weights_only(model)
    assert [id(p) for p in chosen] == [
        id(p) for n, p in model.named_parameters() if n.endswith("weight")
    ]
    assert len(chosen) == 2 and len(names) == 4
    # loss + lam/2 * l2_penalty trains exactly like SGD(weight_decay=lam)
    lam = 0.3
    m1, m2 = _mlp(), _mlp()
    x = Tensor(np.random.default_rng(4).standard_normal((5, 4)))
    o1, o2 = SGD(m1.parameters(), lr=0.1), SGD(m2.parameters(), lr=0.1, weight_decay=lam)
    for _ in range(3):
        o1.zero_grad()
        ((m1(x) ** 2).mean() + lam / 2 * l2_penalty(m1)).backward()
        o1.step()
        o2.zero_grad()
        (m2(x) ** 2).mean().backward()
        o2.step()
    for p1, p2 in zip(m1.parameters(), m2.parameters()):
        np.testing.assert_allclose(p1.data, p2.data, rtol=1e-12, atol=1e-14)


# ------------------------------------------------------------------- pruning
def test_l1_unstructured_removes_exact_fraction_of_smallest():
    lin = Linear(10, 10, dtype=np.float64)
    w = lin.weight.data.copy()
    prune.l1_unstructured(lin, "weight", amount=0.3)
    assert prune.is_pruned(lin)
    mask = lin.weight_mask
    assert mask.shape == (10, 10) and mask.dtype == np.float64
    assert int((mask == 0).sum()) == 30
    cutoff = np.sort(np.abs(w).ravel())[30]
    assert np.all(np.abs(w)[mask == 0] < cutoff) and np.all(np.abs(w)[mask == 1] >= cutoff)
    np.testing.assert_array_equal(lin.weight.data, w * mask)
    names = [n for n, _ in lin.named_parameters()]
    assert names == ["weight_orig", "bias"]
    assert list(lin.state_dict()) == ["weight_orig", "bias", "weight_mask"]
    # an int amount counts entries; pruning again applies to the unpruned ones
    prune.l1_unstructured(lin, "weight", amount=7)
    assert int((lin.weight_mask == 0).sum()) == 37
    prune.l1_unstructured(lin, "weight", amount=0.5)
    assert int((lin.weight_mask == 0).sum()) == 37 + round(0.5 * 63)
    with pytest.raises(ValueError):
        prune.l1_unstructured(lin, "weight", amount=1.5)
    with pytest.raises(ValueError):
        prune.l1_unstructured(lin, "bogus", amount=0.1)


def test_pruned_weights_stay_zero_through_training():
    model = _mlp()
    prune.l1_unstructured(model[0], "weight", amount=0.5)
    mask = model[0].weight_mask.copy()
    orig = model[0].weight_orig.data.copy()
    rng = np.random.default_rng(1)
    opt = SGD(model.parameters(), lr=0.1, momentum=0.9, weight_decay=1e-2)
    for _ in range(20):
        x = Tensor(rng.standard_normal((8, 4)))
        loss = (model(x) ** 2).mean()
        opt.zero_grad()
        loss.backward()
        g = model[0].weight_orig.grad.data
        assert np.all(g[mask == 0] == 0) and np.any(g[mask == 1] != 0)
        opt.step()
        model(x)  # the forward recomputes the weight from the updated weight_orig
        assert np.all(model[0].weight.data[mask == 0] == 0)
    assert not np.allclose(model[0].weight_orig.data[mask == 1], orig[mask == 1])
    assert float(prune.sparsity(model[0])) == pytest.approx(12 / 30)


def test_optimizer_built_before_pruning_keeps_working():
    model = _mlp()
    opt = SGD(model.parameters(), lr=0.1)
    prune.l1_unstructured(model[1], "weight", amount=0.5)
    assert model[1].weight_orig is opt.param_groups[0]["params"][2]  # the same Parameter object
    before = model[1].weight_orig.data.copy()
    x = Tensor(np.ones((2, 4)))
    opt.zero_grad()
    (model(x) ** 2).sum().backward()
    opt.step()
    mask = model[1].weight_mask
    assert not np.allclose(model[1].weight_orig.data[mask == 1], before[mask == 1])
    np.testing.assert_array_equal(model[1].weight_orig.data[mask == 0], before[mask == 0])


def test_remove_makes_pruning_permanent():
    lin = Linear(5, 4, dtype=np.float64)
    param = lin.weight
    prune.l1_unstructured(lin, "weight", amount=8)
    mask = lin.weight_mask.copy()
    prune.remove(lin, "weight")
    assert lin.weight is param and isinstance(lin.weight, Parameter)
    assert not prune.is_pruned(lin)
    assert list(lin.state_dict()) == ["weight", "bias"]
    assert "forward" not in vars(lin)
    assert np.all(lin.weight.data[mask == 0] == 0)
    with pytest.raises(ValueError, match="has to be pruned"):
        prune.remove(lin, "weight")


def test_global_pruning_across_layers_and_sparsity_report():
    model = _mlp()
    l0, l1 = model[0], model[1]
    w = np.concatenate([l0.weight.data.ravel(), l1.weight.data.ravel()])
    prune.global_unstructured([(l0, "weight"), (l1, "weight")], amount=0.4)
    k = round(0.4 * w.size)
    zeros = (l0.weight_mask == 0).sum() + (l1.weight_mask == 0).sum()
    assert zeros == k
    cutoff = np.sort(np.abs(w))[k]
    for m in (l0, l1):
        assert np.all(np.abs(m.weight_orig.data)[m.weight_mask == 0] < cutoff)
    assert prune.is_pruned(model)
    rep = prune.sparsity(model)
    assert set(rep.counts) == {"0.weight", "0.bias", "1.weight", "1.bias"}
    assert rep["0.weight"] == pytest.approx((l0.weight_mask == 0).mean())
    n_all = sum(p.size for p in model.parameters())
    assert rep.total == pytest.approx(k / n_all)
    assert "total" in str(rep) and rep.as_dict()["total"] == rep.total
    # positional amount and a list of tensors
    model2 = _mlp()
    prune.global_unstructured([(model2[0], "weight"), (model2[1], "weight")], 10)
    assert float(prune.sparsity([model2[0].weight, model2[1].weight])) == pytest.approx(10 / 42)


def test_ln_structured_fro_and_nuclear_norms():
    rng = np.random.default_rng(0)
    w = rng.standard_normal((6, 4, 3))
    conv_like = Module()
    conv_like.weight = Parameter(w.copy())
    prune.ln_structured(conv_like, "weight", amount=2, n="fro", dim=1)
    fro = np.sqrt((w**2).sum(axis=(0, 2)))  # each slice along dim 1 as one vector
    dead = np.all(conv_like.weight_mask == 0, axis=(0, 2))
    assert dead.sum() == 2 and fro[dead].max() <= fro[~dead].min()
    nuc_like = Module()
    nuc_like.weight = Parameter(w.copy())
    prune.ln_structured(nuc_like, "weight", amount=3, n="nuc", dim=0)
    nuc = [np.linalg.svd(w[i], compute_uv=False).sum() for i in range(6)]
    dead = np.all(nuc_like.weight_mask == 0, axis=(1, 2))
    assert dead.tolist() == [i in np.argsort(nuc)[:3] for i in range(6)]
    with pytest.raises(ValueError, match="n='nuc' needs 2-d slices"):
        prune.ln_structured(Linear(3, 4), "weight", amount=1, n="nuc")
    with pytest.raises(ValueError, match="n must be a number, inf, -inf, 'fro' or 'nuc'"):
        prune.ln_structured(Linear(3, 4), "weight", amount=1, n="max")


def test_pruning_structured_random_custom_and_deepcopy():
    lin = Linear(3, 4, dtype=np.float64)
    prune.ln_structured(lin, "weight", amount=2, n=2, dim=0)
    rows = np.linalg.norm(lin.weight_orig.data, axis=1)
    dead = np.all(lin.weight_mask == 0, axis=1)
    assert dead.sum() == 2 and rows[dead].max() <= rows[~dead].min()
    lin2 = Linear(3, 4, dtype=np.float64)
    prune.random_unstructured(lin2, "weight", amount=5)
    assert (lin2.weight_mask == 0).sum() == 5
    prune.custom_from_mask(lin2, "bias", np.array([1, 0, 1, 1]))
    assert lin2.bias.data[1] == 0 and lin2.bias_mask.tolist() == [1, 0, 1, 1]
    clone = copy.deepcopy(lin2)
    clone.weight_orig.data = clone.weight_orig.data + 1.0
    y = clone(Tensor(np.ones((1, 3))))
    assert np.all(clone.weight.data[clone.weight_mask == 0] == 0)
    assert not np.allclose(clone.weight.data, lin2.weight.data)
    assert y.shape == (1, 4)


# ---------------------------------------------------- weight standardisation
def test_weight_standardization_forward_and_gradcheck():
    rng = np.random.default_rng(5)
    w = Tensor(rng.standard_normal((4, 3, 2, 2)) * 3 + 1, requires_grad=True)
    wh = standardize_weight(w, eps=0.0).data.reshape(4, -1)
    np.testing.assert_allclose(wh.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(np.std(wh, axis=1), 1, rtol=1e-12)  # numpy's (biased) std
    assert gradcheck(lambda t: standardize_weight(t), (w,))

    lin = Linear(5, 3, dtype=np.float64)
    weight_standardization(lin)
    x = Tensor(rng.standard_normal((2, 5)))
    lin(x)
    np.testing.assert_allclose(lin.weight.data.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(np.std(lin.weight.data, axis=1), 1, rtol=1e-4)

    def through_module(wo, xx):
        lin.weight_orig = wo
        return lin(xx)

    xx = Tensor(rng.standard_normal((2, 5)), requires_grad=True)
    assert gradcheck(through_module, (Tensor(rng.standard_normal((3, 5)), requires_grad=True), xx))
    lin.weight_orig = Parameter(rng.standard_normal((3, 5)))
    remove_weight_standardization(lin)
    np.testing.assert_allclose(np.std(lin.weight.data, axis=1), 1, rtol=1e-4)
    assert [n for n, _ in lin.named_parameters()] == ["weight", "bias"]


def test_weight_standardized_conv2d():
    autograd.manual_seed(3)
    conv = weight_standardization(Conv2d(2, 3, 3, padding=1).double())
    x = Tensor(np.random.default_rng(8).standard_normal((2, 2, 5, 5)))
    y = conv(x)
    w = conv.weight.data.reshape(3, -1)
    np.testing.assert_allclose(w.mean(axis=1), 0, atol=1e-12)
    np.testing.assert_allclose(np.std(w, axis=1), 1, rtol=1e-4)
    y.sum().backward()
    g = conv.weight_orig.grad.data.reshape(3, -1)
    # the standardisation removes the mean and scale directions from the gradient
    np.testing.assert_allclose(g.sum(axis=1), 0, atol=1e-8)


def test_weight_norm_matches_original_and_gradcheck():
    rng = np.random.default_rng(6)
    lin = Linear(4, 3, dtype=np.float64)
    w = lin.weight.data.copy()
    weight_norm(lin)
    assert lin.weight_g.shape == (3, 1) and lin.weight_v.shape == (3, 4)
    x = Tensor(rng.standard_normal((2, 4)))
    np.testing.assert_allclose(lin(x).data, x.data @ w.T + lin.bias.data, rtol=1e-12)

    def fn(g, v):
        lin.weight_g, lin.weight_v = g, v
        return lin(x)

    g0 = Tensor(rng.standard_normal((3, 1)), requires_grad=True)
    v0 = Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    assert gradcheck(fn, (g0, v0))
    lin.weight_g, lin.weight_v = Parameter(g0.data), Parameter(v0.data)
    remove_weight_norm(lin)
    assert isinstance(lin.weight, Parameter) and "weight_g" not in vars(lin)


# ------------------------------------------------------------- spectral norm
def test_spectral_norm_power_iteration_and_training_mode():
    autograd.manual_seed(0)
    lin = Linear(6, 5, dtype=np.float64)
    spectral_norm(lin)
    assert [n for n, _ in lin.named_parameters()] == ["weight_orig", "bias"]
    assert list(lin.state_dict()) == ["weight_orig", "bias", "weight_u", "weight_v"]
    x = Tensor(np.ones((1, 6)))
    for _ in range(30):
        lin(x)
    s_true = np.linalg.svd(lin.weight_orig.data, compute_uv=False)
    assert np.linalg.svd(lin.weight.data, compute_uv=False)[0] == pytest.approx(1.0, rel=1e-6)
    sigma = lin.weight_u @ lin.weight_orig.data @ lin.weight_v
    assert sigma == pytest.approx(s_true[0], rel=1e-6)
    # eval: u and v are frozen
    lin.eval()
    u = lin.weight_u.copy()
    lin(x)
    np.testing.assert_array_equal(lin.weight_u, u)
    lin.train()
    lin.weight_orig.data = lin.weight_orig.data * 2 + 0.1
    lin(x)
    assert not np.array_equal(lin.weight_u, u)


def test_spectral_norm_conv_shaped_weight_and_gradcheck():
    rng = np.random.default_rng(7)

    class Holder(Module):
        def __init__(self):
            super().__init__()
            self.weight = Parameter(rng.standard_normal((4, 2, 3, 3)))

        def forward(self, x):
            return self.weight * x

    m = spectral_norm(Holder(), n_power_iterations=50)
    m(Tensor(1.0))
    s = np.linalg.svd(m.weight.data.reshape(4, -1), compute_uv=False)[0]
    assert s == pytest.approx(1.0, rel=1e-6)

    lin = Linear(4, 3, dtype=np.float64)
    spectral_norm(lin, n_power_iterations=5)
    lin(Tensor(np.ones((1, 4))))
    lin.eval()  # fixed u and v: the forward is a function of weight_orig and x

    def fn(w, xx):
        lin.weight_orig = w
        return lin(xx)

    w0 = Tensor(rng.standard_normal((3, 4)), requires_grad=True)
    x0 = Tensor(rng.standard_normal((2, 4)), requires_grad=True)
    assert gradcheck(fn, (w0, x0))
    # the gradient flows through sigma: it is not just grad / sigma
    lin.weight_orig = Parameter(w0.data.copy())
    lin(x0).sum().backward()
    u, v = lin.weight_u, lin.weight_v
    sigma = u @ w0.data @ v
    naive = np.ones((2, 3)).T @ x0.data / sigma
    assert not np.allclose(lin.weight_orig.grad.data, naive)
    remove_spectral_norm(lin)
    np.testing.assert_allclose(lin.weight.data, w0.data / sigma)
    assert list(lin.state_dict()) == ["weight", "bias"]


# ------------------------------------------------------- parameters <-> vector
def test_parameters_to_vector_round_trip():
    model = _mlp()
    vec = parameters_to_vector(model.parameters())
    assert vec.shape == (sum(p.size for p in model.parameters()),)
    np.testing.assert_array_equal(
        vec.data, np.concatenate([p.data.ravel() for p in model.parameters()])
    )
    vec.sum().backward()  # differentiable
    assert all(np.all(p.grad.data == 1) for p in model.parameters())
    new = np.arange(vec.size, dtype=np.float64)
    vector_to_parameters(Tensor(new), model.parameters())
    np.testing.assert_array_equal(parameters_to_vector(model.parameters()).data, new)
    new[0] = -1.0
    assert next(model.parameters()).data.ravel()[0] == 0.0  # no shared memory
    with pytest.raises(ValueError):
        vector_to_parameters(Tensor(new[:-1]), model.parameters())
