"""nn.utils: BatchNorm folding (fuse_conv_bn_*, fuse_linear_bn_*) against PyTorch's fused
weights (tests/data/optim_extra.npz, written by tools/make_optim_extra_fixtures.py) and
against the unfused eval-mode model's outputs; clip_grads_with_norm_, clip_grad_norm,
get_total_norm's error_if_nonfinite; skip_init."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from nn.utils import (
    clip_grad_norm,
    clip_grad_norm_,
    clip_grads_with_norm_,
    fuse_conv_bn_eval,
    fuse_conv_bn_weights,
    fuse_linear_bn_eval,
    fuse_linear_bn_weights,
    get_total_norm,
    skip_init,
)

FIX = dict(np.load(Path(__file__).parent / "data" / "optim_extra.npz"))
IN = {k[len("fuse.in.") :]: v for k, v in FIX.items() if k.startswith("fuse.in.")}


def _want(name):
    return FIX[f"fuse.out.{name}.w"], FIX[f"fuse.out.{name}.b"]


def _t(name, requires_grad=False):
    return Tensor(IN[name].copy(), requires_grad=requires_grad)


@pytest.mark.parametrize(
    "name, args",
    [
        ("conv", lambda: (_t("conv_w", True), _t("conv_b", True), IN["rm"], IN["rv"], 1e-3,
                          _t("bn_w"), _t("bn_b"))),
        ("conv_plain", lambda: (_t("conv_w", True), None, IN["rm"], IN["rv"], 1e-3, None, None)),
        ("convt", lambda: (_t("convt_w", True), _t("conv_b", True), IN["rm"], IN["rv"], 1e-3,
                           _t("bn_w"), _t("bn_b"), True)),
    ],
)  # fmt: skip
def test_fuse_conv_bn_weights_matches_pytorch(name, args):
    a = args()
    w, b = fuse_conv_bn_weights(*a)
    want_w, want_b = _want(name)
    assert isinstance(w, nn.Parameter) and isinstance(b, nn.Parameter)
    assert w.dtype == np.float32 and b.dtype == np.float32 and w.shape == a[0].shape
    np.testing.assert_allclose(w.numpy(), want_w, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(b.numpy(), want_b, rtol=1e-6, atol=1e-7)
    assert w.requires_grad and b.requires_grad == (a[1] is not None)  # as PyTorch's


@pytest.mark.parametrize(
    "name, args",
    [
        ("linear", lambda: (_t("linear_w", True), _t("conv_b", True), IN["rm"], IN["rv"], 1e-3,
                            _t("bn_w"), _t("bn_b"))),
        ("linear_one", lambda: (_t("linear_w", True), None, IN["rm1"], IN["rv1"], 1e-3,
                                _t("bn_w1"), _t("bn_b1"))),
    ],
)  # fmt: skip
def test_fuse_linear_bn_weights_matches_pytorch(name, args):
    w, b = fuse_linear_bn_weights(*args())
    want_w, want_b = _want(name)
    assert w.dtype == np.float32 and b.dtype == np.float32
    np.testing.assert_allclose(w.numpy(), want_w, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(b.numpy(), want_b, rtol=1e-6, atol=1e-7)


def _trained_bn(bn, x, steps=3):
    """A BatchNorm with non-trivial running statistics and affine terms, in eval mode."""
    bn.train()
    for _ in range(steps):
        bn(x)
    if bn.weight is not None:
        bn.weight.data[...] = np.linspace(0.5, 1.5, bn.num_features)
        bn.bias.data[...] = np.linspace(-1.0, 1.0, bn.num_features)
    return bn.eval()


@pytest.mark.parametrize("bias, affine", [(True, True), (False, True), (True, False)])
def test_fused_conv_equals_the_unfused_model_in_eval_mode(bias, affine):
    autograd.manual_seed(0)
    conv = nn.Conv2d(3, 6, 3, padding=1, bias=bias).eval()
    x = autograd.randn(4, 3, 7, 7) * 2.0 + 0.5
    bn = _trained_bn(nn.BatchNorm2d(6, eps=1e-3, affine=affine), conv(x))
    fused = fuse_conv_bn_eval(conv, bn)
    assert fused is not conv and isinstance(fused, nn.Conv2d)
    assert (conv.bias is None) == (not bias)  # the originals are untouched
    want = bn(conv(x)).numpy()
    got = fused(x).numpy()
    assert got.dtype == np.float32
    np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-6)


def test_fused_linear_equals_the_unfused_model_in_eval_mode():
    autograd.manual_seed(1)
    linear = nn.Linear(5, 4).eval()
    x = autograd.randn(16, 5) * 3.0
    bn = _trained_bn(nn.BatchNorm1d(4), linear(x))
    before = linear.weight.numpy().copy()
    fused = fuse_linear_bn_eval(linear, bn)
    np.testing.assert_allclose(fused(x).numpy(), bn(linear(x)).numpy(), rtol=1e-6, atol=1e-6)
    np.testing.assert_array_equal(linear.weight.numpy(), before)  # the original is untouched
    assert fused.weight.requires_grad and fused.bias.requires_grad


def test_fusion_refuses_training_mode_and_mismatched_features():
    conv, bn = nn.Conv2d(3, 4, 3), nn.BatchNorm2d(4)
    with pytest.raises(AssertionError, match="Fusion only for eval"):
        fuse_conv_bn_eval(conv, bn)
    with pytest.raises(AssertionError, match="out_features == bn.num_features"):
        fuse_linear_bn_eval(nn.Linear(3, 4).eval(), nn.BatchNorm1d(3).eval())
    with pytest.raises(AssertionError, match="running_var must not be None"):
        fuse_conv_bn_eval(conv.eval(), nn.BatchNorm2d(4, track_running_stats=False).eval())


# ------------------------------------------------------------------ clipping
def _params_with_grads(*grads):
    ps = []
    for g in grads:
        p = Tensor(np.zeros_like(np.asarray(g, dtype=np.float64)), requires_grad=True)
        p.grad = Tensor(np.asarray(g, dtype=np.float64))
        ps.append(p)
    return ps


def test_clip_grads_with_norm_scales_by_the_given_total():
    ps = _params_with_grads([3.0, 4.0], [12.0])
    total = get_total_norm([p.grad for p in ps])
    assert total.item() == pytest.approx(13.0)
    clip_grads_with_norm_(ps, 1.0, total)
    coef = 1.0 / (13.0 + 1e-6)
    np.testing.assert_allclose(ps[0].grad.numpy(), [3 * coef, 4 * coef])
    np.testing.assert_allclose(ps[1].grad.numpy(), [12 * coef])
    # a larger total (from gradients elsewhere) scales these more; a small one not at all
    qs = _params_with_grads([3.0, 4.0])
    clip_grads_with_norm_(qs, 1.0, 100.0)
    np.testing.assert_allclose(qs[0].grad.numpy(), [3 / (100 + 1e-6), 4 / (100 + 1e-6)])
    rs = _params_with_grads([3.0, 4.0])
    clip_grads_with_norm_(rs, 10.0, Tensor(5.0))
    np.testing.assert_array_equal(rs[0].grad.numpy(), [3.0, 4.0])
    ns = _params_with_grads([3.0, 4.0])
    clip_grads_with_norm_(ns, 1.0, float("nan"))
    assert np.isnan(ns[0].grad.numpy()).all()  # as PyTorch: clamp(nan) is nan
    clip_grads_with_norm_([Tensor(np.zeros(2), requires_grad=True)], 1.0, 5.0)  # no grads


def test_clip_grad_norm_is_the_deprecated_spelling():
    ps = _params_with_grads([3.0, 4.0])
    with pytest.warns(FutureWarning, match="clip_grad_norm_"):
        total = clip_grad_norm(ps, 1.0)
    qs = _params_with_grads([3.0, 4.0])
    assert total.item() == clip_grad_norm_(qs, 1.0).item() == pytest.approx(5.0)
    np.testing.assert_array_equal(ps[0].grad.numpy(), qs[0].grad.numpy())


def test_get_total_norm_error_if_nonfinite():
    grads = [Tensor(np.array([1.0, np.inf]))]
    assert get_total_norm(grads).item() == np.inf
    with pytest.raises(RuntimeError, match="non-finite, so it cannot be clipped"):
        get_total_norm(grads, error_if_nonfinite=True)
    assert get_total_norm(grads, 1, False, None).item() == np.inf  # PyTorch's positions


# ------------------------------------------------------------------ skip_init
def test_skip_init_leaves_the_random_generator_as_it_was():
    autograd.manual_seed(0)
    m = skip_init(nn.Linear, 5, 3, bias=False)
    after = autograd.rand(4).numpy()
    autograd.manual_seed(0)
    np.testing.assert_array_equal(after, autograd.rand(4).numpy())
    assert isinstance(m, nn.Linear) and m.weight.shape == (3, 5) and m.bias is None
    m2 = skip_init(nn.Linear, in_features=6, out_features=1, dtype=np.float64)
    assert m2.weight.shape == (1, 6) and m2.weight.dtype == np.float64


def test_skip_init_errors():
    with pytest.raises(RuntimeError, match="Expected a Module"):
        skip_init(dict)

    class NoDevice(nn.Module):
        def __init__(self, n):
            super().__init__()

    with pytest.raises(RuntimeError, match="must support a 'device' arg"):
        skip_init(NoDevice, 3)
