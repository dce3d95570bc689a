"""Losses: values against numpy formulas, all reductions, gradcheck and gradgradcheck,
the fused cross-entropy against its composed definition, stability and errors."""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor


@pytest.fixture(autouse=True)
def float64():
    autograd.set_default_dtype(np.float64)
    yield
    autograd.set_default_dtype(np.float32)


rng = np.random.default_rng(0)
REDUCTIONS = ["mean", "sum", "none"]


def _reduce(v, reduction):
    return v.mean() if reduction == "mean" else v.sum() if reduction == "sum" else v


def _leaf(v):
    return Tensor(np.asarray(v, dtype=np.float64), requires_grad=True)


def _check_grads(fn, *inputs):
    assert autograd.gradcheck(fn, inputs)
    assert autograd.gradgradcheck(fn, inputs)


# ------------------------------------------------------------ elementwise
X = rng.uniform(-2, 2, (3, 4))
Y = rng.uniform(-2, 2, (3, 4))
Y[0, 0] = X[0, 0] + 0.5  # some residuals under delta, some over, none at the kinks
P = rng.uniform(0.1, 0.9, (3, 4))
T01 = rng.uniform(0, 1, (3, 4))

ELEMENTWISE = [
    ("mse", F.mse_loss, lambda x, y: (x - y) ** 2, X, Y),
    ("l1", F.l1_loss, lambda x, y: np.abs(x - y), X, Y),
    (
        "huber",
        lambda x, y, reduction: F.huber_loss(x, y, reduction, delta=0.7),
        lambda x, y: np.where(
            np.abs(x - y) < 0.7, 0.5 * (x - y) ** 2, 0.7 * (np.abs(x - y) - 0.35)
        ),
        X,
        Y,
    ),
    (
        "smooth_l1",
        lambda x, y, reduction: F.smooth_l1_loss(x, y, reduction=reduction, beta=0.7),
        lambda x, y: np.where(np.abs(x - y) < 0.7, 0.5 * (x - y) ** 2 / 0.7, np.abs(x - y) - 0.35),
        X,
        Y,
    ),
    (
        "bce",
        F.binary_cross_entropy,
        lambda p, t: -(t * np.log(p) + (1 - t) * np.log(1 - p)),
        P,
        T01,
    ),
    (
        "bce_logits",
        F.binary_cross_entropy_with_logits,
        lambda x, t: (
            -(t * np.log(1 / (1 + np.exp(-x))) + (1 - t) * np.log(1 - 1 / (1 + np.exp(-x))))
        ),
        X,
        T01,
    ),
]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("name,fn,ref,a,b", ELEMENTWISE, ids=[c[0] for c in ELEMENTWISE])
def test_elementwise_losses(name, fn, ref, a, b, reduction):
    out = fn(Tensor(a), Tensor(b), reduction=reduction)
    np.testing.assert_allclose(out.data, _reduce(ref(a, b), reduction), rtol=1e-10)
    _check_grads(lambda x, y: fn(x, y, reduction=reduction), _leaf(a), _leaf(b))


def test_module_forms_match():
    for m, f, a, b in [
        (nn.MSELoss(reduction="sum"), lambda x, y: F.mse_loss(x, y, reduction="sum"), X, Y),
        (nn.L1Loss(), F.l1_loss, X, Y),
        (nn.HuberLoss(delta=0.5), lambda x, y: F.huber_loss(x, y, delta=0.5), X, Y),
        (nn.SmoothL1Loss(beta=0.5), lambda x, y: F.smooth_l1_loss(x, y, beta=0.5), X, Y),
        (nn.BCELoss(), F.binary_cross_entropy, P, T01),
        (nn.BCEWithLogitsLoss(), F.binary_cross_entropy_with_logits, X, T01),
        (
            nn.KLDivLoss(reduction="batchmean"),
            lambda x, y: F.kl_div(x, y, reduction="batchmean"),
            X,
            P,
        ),
    ]:
        np.testing.assert_allclose(m(Tensor(a), Tensor(b)).data, f(Tensor(a), Tensor(b)).data)
        assert "reduction=" in repr(m)


def test_bce_weight_and_log_clamp():
    w = rng.uniform(0.5, 2, (4,))
    out = F.binary_cross_entropy(Tensor(P), Tensor(T01), weight=w, reduction="sum")
    ref = (-(T01 * np.log(P) + (1 - T01) * np.log(1 - P)) * w).sum()
    np.testing.assert_allclose(out.data, ref)
    # log(0) is clamped at -100, as in PyTorch
    out = F.binary_cross_entropy(
        Tensor(np.array([0.0, 1.0])), Tensor(np.array([1.0, 0.0])), reduction="none"
    )
    np.testing.assert_allclose(out.data, [100.0, 100.0])
    assert nn.BCELoss(weight=w)(Tensor(P), Tensor(T01)).data == pytest.approx(
        F.binary_cross_entropy(Tensor(P), Tensor(T01), weight=w).data
    )


def test_bce_with_logits_pos_weight_and_weight():
    pw = np.array([1.0, 2.0, 3.0, 0.5])
    w = rng.uniform(0.5, 2, (3, 1))
    out = F.binary_cross_entropy_with_logits(
        Tensor(X), Tensor(T01), weight=w, pos_weight=pw, reduction="none"
    )
    s = 1 / (1 + np.exp(-X))
    ref = -w * (pw * T01 * np.log(s) + (1 - T01) * np.log(1 - s))
    np.testing.assert_allclose(out.data, ref, rtol=1e-10)
    _check_grads(
        lambda x, t: F.binary_cross_entropy_with_logits(x, t, weight=w, pos_weight=pw),
        _leaf(X),
        _leaf(T01),
    )


def test_bce_with_logits_finite_at_extremes():
    x = Tensor(np.array([1e4, -1e4, 1e4, -1e4]), requires_grad=True)
    t = Tensor(np.array([1.0, 0.0, 0.0, 1.0]))
    loss = F.binary_cross_entropy_with_logits(x, t, reduction="none")
    np.testing.assert_allclose(loss.data, [0, 0, 1e4, 1e4])
    loss.sum().backward()
    np.testing.assert_allclose(x.grad.data, [0, 0, 1, -1])
    # derivative at exactly 0 is sigmoid(0) - y
    z = Tensor(np.zeros(2), requires_grad=True)
    F.binary_cross_entropy_with_logits(z, Tensor(np.array([1.0, 0.0])), reduction="sum").backward()
    np.testing.assert_allclose(z.grad.data, [-0.5, 0.5])


def test_shape_mismatch_names_both_shapes():
    with pytest.raises(ValueError, match=r"\(3, 4\).*\(4, 3\)"):
        F.mse_loss(Tensor(X), Tensor(X.T))
    with pytest.raises(ValueError, match="reduction"):
        F.l1_loss(Tensor(X), Tensor(Y), reduction="avg")


# ---------------------------------------------------------- cross-entropy
LOGITS = rng.standard_normal((5, 4))
TARGET = np.array([0, 3, 1, 1, 2])
CW = np.array([0.5, 2.0, 1.0, 1.5])


def _ce_reference(x, t, weight=None, ignore_index=-100, reduction="mean", eps=0.0):
    """PyTorch's definition in numpy (class axis 1)."""
    c = x.shape[1]
    logp = x - np.log(np.exp(x).sum(1, keepdims=True))
    w = np.ones(c) if weight is None else weight
    mask = t != ignore_index
    ts = np.where(mask, t, 0)
    picked = np.take_along_axis(logp, ts[:, None], 1)[:, 0]
    nll = -w[ts] * picked
    smooth = -(logp * w.reshape((c,) + (1,) * (x.ndim - 2))).sum(1)
    loss = np.where(mask, (1 - eps) * nll + eps / c * smooth, 0)
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / (w[ts] * mask).sum()


def _ce_composed(x, t, weight=None, ignore_index=-100, reduction="mean", eps=0.0):
    """The same from engine ops (the composed definition the fused op must equal)."""
    c = x.shape[1]
    logp = x.log_softmax(axis=1)
    w = np.ones(c) if weight is None else weight
    mask = t != ignore_index
    ts = np.where(mask, t, 0)
    onehot = np.eye(c)[ts] * (w[ts] * mask)[:, None]
    target = (1 - eps) * onehot + eps / c * w[None, :] * mask[:, None]
    loss = -(logp * target).sum(axis=1)
    if reduction == "none":
        return loss
    if reduction == "sum":
        return loss.sum()
    return loss.sum() / (w[ts] * mask).sum()


CE_CASES = [
    dict(),
    dict(weight=CW),
    dict(label_smoothing=0.1),
    dict(weight=CW, label_smoothing=0.2),
    dict(ignore_index=1),
    dict(weight=CW, ignore_index=3, label_smoothing=0.3),
]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("kw", CE_CASES, ids=[str(sorted(k)) for k in CE_CASES])
def test_cross_entropy_fused_matches_composed(kw, reduction):
    eps = kw.get("label_smoothing", 0.0)
    kw_ref = {k: v for k, v in kw.items() if k != "label_smoothing"}
    fused = lambda x: F.cross_entropy(x, TARGET, reduction=reduction, **kw)  # noqa: E731
    composed = lambda x: _ce_composed(x, TARGET, reduction=reduction, eps=eps, **kw_ref)  # noqa: E731
    x1, x2 = _leaf(LOGITS), _leaf(LOGITS)
    a, b = fused(x1), composed(x2)
    np.testing.assert_allclose(a.data, b.data, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(
        a.data, _ce_reference(LOGITS, TARGET, reduction=reduction, eps=eps, **kw_ref)
    )
    g = rng.standard_normal(a.shape)
    a.backward(Tensor(g))
    b.backward(Tensor(g))
    np.testing.assert_allclose(x1.grad.data, x2.grad.data, rtol=1e-10, atol=1e-14)
    _check_grads(fused, _leaf(LOGITS))


def test_cross_entropy_spatial_targets():
    x = rng.standard_normal((2, 3, 2, 2))
    t = rng.integers(0, 3, (2, 2, 2))
    t[0, 0, 0] = -100
    for reduction in REDUCTIONS:
        out = F.cross_entropy(Tensor(x), t, weight=CW[:3], label_smoothing=0.1, reduction=reduction)
        ref = _ce_reference(x, t, weight=CW[:3], reduction=reduction, eps=0.1)
        np.testing.assert_allclose(out.data, ref, rtol=1e-12)
    _check_grads(lambda x: F.cross_entropy(x, t, weight=CW[:3], label_smoothing=0.1), _leaf(x))


def test_cross_entropy_known_value_and_single_sample():
    # uniform logits: loss is log(C)
    assert float(F.cross_entropy(Tensor(np.zeros((2, 4))), np.array([1, 2])).data) == pytest.approx(
        np.log(4)
    )
    x = rng.standard_normal(4)
    out = F.cross_entropy(Tensor(x), np.array(2))
    assert out.shape == () and float(out.data) == pytest.approx(np.log(np.exp(x).sum()) - x[2])


def test_cross_entropy_probability_targets():
    probs = rng.dirichlet(np.ones(4), 5)
    for reduction in REDUCTIONS:
        out = F.cross_entropy(
            Tensor(LOGITS), Tensor(probs), reduction=reduction, label_smoothing=0.1
        )
        logp = LOGITS - np.log(np.exp(LOGITS).sum(1, keepdims=True))
        y = probs * 0.9 + 0.1 / 4
        np.testing.assert_allclose(out.data, _reduce(-(y * logp).sum(1), reduction))
    _check_grads(lambda x, y: F.cross_entropy(x, y, weight=CW), _leaf(LOGITS), _leaf(probs))


def test_cross_entropy_finite_at_huge_logits():
    x = Tensor(np.array([[1e4, -1e4, 0.0], [-1e4, 1e4, 0.0]]), requires_grad=True)
    loss = F.cross_entropy(x, np.array([1, 1]), label_smoothing=0.1)
    loss.backward()
    assert np.isfinite(loss.data) and np.all(np.isfinite(x.grad.data))
    assert float(loss.data) > 1e3
    x32 = Tensor(np.array([[1e4, -1e4]], dtype=np.float32), requires_grad=True)
    l32 = F.cross_entropy(x32, np.array([0]))
    l32.backward()
    assert l32.dtype == np.float32 and np.isfinite(l32.data) and np.all(np.isfinite(x32.grad.data))


def test_cross_entropy_errors():
    with pytest.raises(ValueError, match=r"cross_entropy.*7.*4 classes"):
        F.cross_entropy(Tensor(LOGITS), np.array([0, 7, 1, 1, 2]))
    with pytest.raises(ValueError, match=r"cross_entropy.*-1.*4 classes"):
        F.cross_entropy(Tensor(LOGITS), np.array([0, -1, 1, 1, 2]))
    with pytest.raises(ValueError, match=r"\(4,\).*\(5, 4\)"):
        F.cross_entropy(Tensor(LOGITS), np.array([0, 1, 1, 2]))
    with pytest.raises(ValueError, match="CrossEntropyLoss|cross_entropy"):
        nn.CrossEntropyLoss()(Tensor(LOGITS), np.array([0, 4, 1, 1, 2]))
    with pytest.raises(ValueError, match="weight"):
        F.cross_entropy(Tensor(LOGITS), TARGET, weight=np.ones(3))


def test_cross_entropy_module():
    m = nn.CrossEntropyLoss(weight=CW, ignore_index=1, reduction="sum", label_smoothing=0.05)
    out = m(Tensor(LOGITS), TARGET)
    ref = _ce_reference(LOGITS, TARGET, weight=CW, ignore_index=1, reduction="sum", eps=0.05)
    np.testing.assert_allclose(out.data, ref)


# ----------------------------------------------------------------- NLL
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_nll_loss(reduction):
    logp = LOGITS - np.log(np.exp(LOGITS).sum(1, keepdims=True))
    t = TARGET.copy()
    out = F.nll_loss(Tensor(logp), t, weight=CW, ignore_index=3, reduction=reduction)
    np.testing.assert_allclose(
        out.data, _ce_reference(LOGITS, t, weight=CW, ignore_index=3, reduction=reduction)
    )
    _check_grads(
        lambda x: F.nll_loss(x, t, weight=CW, ignore_index=3, reduction=reduction), _leaf(logp)
    )
    m = nn.NLLLoss(weight=CW, ignore_index=3, reduction=reduction)
    np.testing.assert_allclose(m(Tensor(logp), t).data, out.data)


def test_nll_loss_spatial_and_errors():
    x = rng.standard_normal((2, 3, 4))
    t = rng.integers(0, 3, (2, 4))
    ref = -np.take_along_axis(x, t[:, None], 1)[:, 0]
    np.testing.assert_allclose(F.nll_loss(Tensor(x), t, reduction="none").data, ref)
    _check_grads(lambda x: F.nll_loss(x, t), _leaf(x))
    with pytest.raises(ValueError, match=r"nll_loss.*5.*3 classes"):
        F.nll_loss(Tensor(x), np.full((2, 4), 5))


# --------------------------------------------------------- multi-margin
def _mm_reference(x, t, p=1, margin=1.0, weight=None):
    n, c = x.shape
    out = np.zeros(n)
    for i in range(n):
        for j in range(c):
            if j != t[i]:
                z = max(0.0, margin - x[i, t[i]] + x[i, j]) ** p
                out[i] += z * (1 if weight is None else weight[t[i]])
    return out / c


@pytest.mark.parametrize("p", [1, 2])
@pytest.mark.parametrize("reduction", REDUCTIONS)
def test_multi_margin_loss(p, reduction):
    x = rng.standard_normal((4, 3)) * 2
    t = np.array([0, 2, 1, 2])
    # keep away from the hinge
    z = 1.0 - np.take_along_axis(x, t[:, None], 1) + x
    x = np.where(np.abs(z) < 0.05, x + 0.1, x)
    w = np.array([1.0, 0.5, 2.0])
    out = F.multi_margin_loss(Tensor(x), t, p=p, margin=1.0, weight=w, reduction=reduction)
    np.testing.assert_allclose(out.data, _reduce(_mm_reference(x, t, p, 1.0, w), reduction))
    _check_grads(lambda x: F.multi_margin_loss(x, t, p=p, weight=w, reduction=reduction), _leaf(x))
    m = nn.MultiMarginLoss(p=p, weight=w, reduction=reduction)
    np.testing.assert_allclose(m(Tensor(x), t).data, out.data)


def test_multi_margin_loss_known_value():
    # PyTorch documentation example: loss = 0.3250
    x = Tensor(np.array([[0.1, 0.2, 0.4, 0.8]]))
    assert float(F.multi_margin_loss(x, np.array([3])).data) == pytest.approx(0.325)


# -------------------------------------------------------------- KL div
@pytest.mark.parametrize("reduction", REDUCTIONS + ["batchmean"])
def test_kl_div(reduction):
    logq = np.log(rng.dirichlet(np.ones(4), 3))
    p = rng.dirichlet(np.ones(4), 3)
    p[0, 1] = 0.0  # xlogy(0, 0) = 0
    ref = np.where(p > 0, p * (np.log(np.where(p > 0, p, 1)) - logq), 0)
    ref = ref.sum() / 3 if reduction == "batchmean" else _reduce(ref, reduction)
    np.testing.assert_allclose(F.kl_div(Tensor(logq), Tensor(p), reduction=reduction).data, ref)
    # d/dtarget of t log t is unbounded at t = 0: check the target's gradient where t > 0 only
    _check_grads(lambda a: F.kl_div(a, Tensor(p), reduction=reduction), _leaf(logq))
    p_pos = rng.dirichlet(np.ones(4), 3)
    _check_grads(lambda a, b: F.kl_div(a, b, reduction=reduction), _leaf(logq), _leaf(p_pos))
    logp = np.log(rng.dirichlet(np.ones(4), 3))
    out = F.kl_div(Tensor(logq), Tensor(logp), reduction=reduction, log_target=True)
    ref = np.exp(logp) * (logp - logq)
    ref = ref.sum() / 3 if reduction == "batchmean" else _reduce(ref, reduction)
    np.testing.assert_allclose(out.data, ref)
    _check_grads(
        lambda a, b: F.kl_div(a, b, reduction=reduction, log_target=True), _leaf(logq), _leaf(logp)
    )


def test_broadcast_weight_gradient():
    # a broadcasting case: per-column weights against a (3, 4) input
    w = _leaf(rng.uniform(0.5, 2, (1, 4)))
    _check_grads(lambda x, w: F.mse_loss(x * w, Tensor(Y)), _leaf(X), w)


# PyTorch 2.13's F.smooth_l1_loss on these inputs (residuals at, below and above beta, and
# 0): (loss, d loss / d input) per (beta, reduction); "none" backpropagates arange(8).
_SL1_X = [[-2.5, -1.0, -0.3, 0.0], [0.2, 0.5, 1.0, 3.0]]
_SL1_T = [[0.0, 0.0, 0.1, 0.0], [-0.3, 0.0, 0.0, 1.0]]
_SL1_TORCH = {
    (1.0, "mean"): (0.60375, [[-0.125, -0.125, -0.05, 0.0], [0.0625, 0.0625, 0.125, 0.125]]),
    (1.0, "none"): (
        [[2.0, 0.5, 0.08, 0.0], [0.125, 0.125, 0.5, 1.5]],
        [[-0.0, -1.0, -0.8, 0.0], [2.0, 2.5, 6.0, 7.0]],
    ),
    (0.5, "sum"): (6.16, [[-1.0, -1.0, -0.8, 0.0], [1.0, 1.0, 1.0, 1.0]]),
    (0.0, "none"): (
        [[2.5, 1.0, 0.4, 0.0], [0.5, 0.5, 1.0, 2.0]],
        [[-0.0, -1.0, -2.0, 0.0], [4.0, 5.0, 6.0, 7.0]],
    ),
    (2.0, "mean"): (0.395625, [[-0.125, -0.0625, -0.025, 0.0], [0.03125, 0.03125, 0.0625, 0.125]]),
}


@pytest.mark.parametrize("beta,reduction", list(_SL1_TORCH))
def test_smooth_l1_loss_matches_pytorch(beta, reduction):
    x = _leaf(_SL1_X)
    loss = nn.SmoothL1Loss(reduction=reduction, beta=beta)(x, Tensor(np.array(_SL1_T)))
    want_loss, want_grad = _SL1_TORCH[beta, reduction]
    np.testing.assert_allclose(loss.data, want_loss, rtol=1e-12)
    g = np.arange(8.0).reshape(2, 4) if reduction == "none" else np.ones(())
    loss.backward(Tensor(g))
    np.testing.assert_allclose(x.grad.data, want_grad, rtol=1e-12)


def test_smooth_l1_loss_arguments():
    with pytest.raises(ValueError, match="negative values for beta"):
        F.smooth_l1_loss(Tensor(X), Tensor(Y), beta=-1.0)
    with pytest.warns(
        UserWarning,
        match="size_average and reduce args will be deprecated, please use reduction=.sum. instead",
    ):
        loss = F.smooth_l1_loss(Tensor(X), Tensor(Y), size_average=False)
    np.testing.assert_allclose(
        loss.data, F.smooth_l1_loss(Tensor(X), Tensor(Y), reduction="sum").data
    )
    assert repr(nn.SmoothL1Loss(beta=0.5)) == "SmoothL1Loss(reduction='mean')"


def test_cross_entropy_row_max_by_columns_gives_the_reduction():
    # many rows and few classes take the max column by column: the same values as numpy's
    # reduction, NaN and infinities included, and so the same loss and gradient bits
    from nn.losses import _row_max

    rng = np.random.default_rng(0)
    x = rng.standard_normal((256, 10)).astype(np.float32)
    x[3, 4], x[5, :], x[7, 2], x[9, 0] = np.nan, -np.inf, np.inf, np.nan
    np.testing.assert_array_equal(_row_max(x), np.maximum.reduce(x, axis=1, keepdims=True))
    x = rng.standard_normal((256, 10)).astype(np.float32)
    t = rng.integers(0, 10, 256)
    xt = Tensor(x, requires_grad=True)
    loss = nn.functional.cross_entropy(xt, Tensor(t))
    loss.backward()
    shifted = x - x.max(axis=1, keepdims=True)
    e = np.exp(shifted)
    s = e.sum(axis=1, keepdims=True)
    want = (np.log(s).sum() - shifted[np.arange(256), t].sum()) / 256
    assert loss.item() == np.float32(want)
    p = e / s
    onehot = np.zeros_like(x)
    onehot[np.arange(256), t] = 1
    np.testing.assert_array_equal(
        xt.grad.numpy(), p * np.float32(1 / 256) - onehot * np.float32(1 / 256)
    )
