"""Normalisation layers: gradcheck, running statistics by hand, train/eval, errors."""

import numpy as np
import pytest

import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn import functional as F


def _rand(*shape, seed=0, grad=True):
    return Tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=grad)


def _set_affine(m, seed=5):
    rng = np.random.default_rng(seed)
    m.weight.data[...] = rng.standard_normal(m.weight.shape)
    m.bias.data[...] = rng.standard_normal(m.bias.shape)


@pytest.mark.parametrize(
    "make,shape",
    [
        (lambda: nn.BatchNorm1d(3), (5, 3)),
        (lambda: nn.BatchNorm1d(3), (4, 3, 2)),
        (lambda: nn.BatchNorm2d(2), (3, 2, 2, 3)),
        (lambda: nn.LayerNorm((2, 3)), (3, 2, 3)),
        (lambda: nn.GroupNorm(2, 4), (2, 4, 2, 2)),
        (lambda: nn.InstanceNorm2d(2, affine=True), (2, 2, 3, 2)),
    ],
)
def test_norm_gradcheck_input_and_affine(make, shape, f64):
    m = make()
    _set_affine(m)
    x = _rand(*shape)

    def f(x, w, b):
        vars(m).update(weight=w, bias=b)  # gradcheck passes float64 copies: use them
        return m(x)

    assert gradcheck(f, (x, m.weight, m.bias))
    r = Tensor(np.random.default_rng(7).standard_normal(shape))
    assert gradgradcheck(lambda x: m(x) * r, (x,))


def test_batchnorm_running_stats_by_hand(f64):
    bn = nn.BatchNorm2d(3, momentum=0.2)
    rng = np.random.default_rng(0)
    rm, rv = np.zeros(3), np.ones(3)
    for step in range(4):
        x = rng.standard_normal((4, 3, 2, 2)) * (step + 1) + step
        y = bn(Tensor(x))
        mean = x.mean(axis=(0, 2, 3))
        var = x.var(axis=(0, 2, 3))
        rm = 0.8 * rm + 0.2 * mean
        rv = 0.8 * rv + 0.2 * x.var(axis=(0, 2, 3), ddof=1)  # unbiased in the running estimate
        want = (x - mean[None, :, None, None]) / np.sqrt(var[None, :, None, None] + 1e-5)
        np.testing.assert_allclose(y.data, want, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(bn.running_mean, rm, rtol=1e-12)
    np.testing.assert_allclose(bn.running_var, rv, rtol=1e-12)
    assert int(bn.num_batches_tracked) == 4
    bn.eval()
    x = rng.standard_normal((2, 3, 2, 2))
    want = (x - rm[None, :, None, None]) / np.sqrt(rv[None, :, None, None] + 1e-5)
    np.testing.assert_allclose(bn(Tensor(x)).data, want, rtol=1e-10)
    np.testing.assert_allclose(bn.running_mean, rm, rtol=1e-12)  # eval does not update


def test_batchnorm_cumulative_average_and_no_tracking(f64):
    bn = nn.BatchNorm1d(2, momentum=None)
    xs = [np.random.default_rng(i).standard_normal((5, 2)) for i in range(3)]
    for x in xs:
        bn(Tensor(x))
    np.testing.assert_allclose(bn.running_mean, np.mean([x.mean(0) for x in xs], axis=0))
    free = nn.BatchNorm1d(2, track_running_stats=False).eval()
    x = xs[0]
    want = (x - x.mean(0)) / np.sqrt(x.var(0) + 1e-5)
    np.testing.assert_allclose(free(Tensor(x)).data, want, rtol=1e-10)


def test_functional_forms_match_modules(f64):
    x = _rand(3, 4, 2, 2)
    ln = nn.LayerNorm([2, 2])
    np.testing.assert_allclose(F.layer_norm(x, (2, 2)).data, ln(x).data)
    d = x.numpy()  # numpy's (biased) var below
    want = (d - d.mean((1, 2, 3), keepdims=True)) / np.sqrt(d.var((1, 2, 3), keepdims=True) + 1e-5)
    np.testing.assert_allclose(F.group_norm(x, 1).data, want, rtol=1e-10)
    want = (d - d.mean((2, 3), keepdims=True)) / np.sqrt(d.var((2, 3), keepdims=True) + 1e-5)
    np.testing.assert_allclose(F.instance_norm(x).data, want, rtol=1e-10)
    np.testing.assert_allclose(nn.InstanceNorm2d(4)(x).data, want, rtol=1e-10)
    np.testing.assert_allclose(F.group_norm(x, 4).data, want, rtol=1e-10)
    rm, rv = np.zeros(4), np.ones(4)
    F.batch_norm(x, rm, rv, training=True)
    np.testing.assert_allclose(rm, 0.1 * d.mean((0, 2, 3)))


def test_instance_norm_running_stats(f64):
    m = nn.InstanceNorm2d(2, track_running_stats=True)
    x = np.random.default_rng(0).standard_normal((3, 2, 2, 2))
    m(Tensor(x))
    np.testing.assert_allclose(m.running_mean, 0.1 * x.mean((2, 3)).mean(0))
    np.testing.assert_allclose(m.running_var, 0.9 + 0.1 * x.var((2, 3), ddof=1).mean(0))
    m.eval()
    y = m(Tensor(x)).data
    rm, rv = m.running_mean[None, :, None, None], m.running_var[None, :, None, None]
    np.testing.assert_allclose(y, (x - rm) / np.sqrt(rv + 1e-5), rtol=1e-10)


def test_norm_defaults_and_dtypes():
    bn = nn.BatchNorm2d(4)
    assert bn.weight.dtype == np.float32 and bn.running_var.dtype == np.float32
    np.testing.assert_array_equal(bn.weight.data, np.ones(4))
    np.testing.assert_array_equal(bn.bias.data, np.zeros(4))
    assert bn.momentum == 0.1 and bn.eps == 1e-5
    y = bn(Tensor(np.random.default_rng(0).standard_normal((2, 4, 3, 3)).astype(np.float32)))
    assert y.dtype == np.float32 and bn.running_mean.dtype == np.float32
    assert nn.InstanceNorm2d(3).weight is None
    assert nn.LayerNorm(5).weight.shape == (5,)


def test_norm_errors():
    with pytest.raises(ValueError, match=r"BatchNorm2d\(3\).*\(N, 3, H, W\).*\(2, 4, 5, 5\)"):
        nn.BatchNorm2d(3)(Tensor(np.zeros((2, 4, 5, 5))))
    with pytest.raises(ValueError, match=r"BatchNorm1d\(3\).*\(2, 3, 4, 5\)"):
        nn.BatchNorm1d(3)(Tensor(np.zeros((2, 3, 4, 5))))
    with pytest.raises(ValueError, match="more than 1 value per channel"):
        nn.BatchNorm1d(3)(Tensor(np.zeros((1, 3))))
    with pytest.raises(ValueError, match="LayerNorm"):
        nn.LayerNorm(4)(Tensor(np.zeros((2, 5))))
    with pytest.raises(ValueError, match="divisible"):
        nn.GroupNorm(3, 4)
    with pytest.raises(ValueError, match=r"InstanceNorm2d\(2\): expected 3D or 4D input"):
        nn.InstanceNorm2d(2)(Tensor(np.zeros((2, 3, 4, 4, 1))))
    with pytest.raises(ValueError, match="to match num_features"):  # affine: an error
        nn.InstanceNorm2d(2, affine=True)(Tensor(np.zeros((2, 3, 4, 4))))


def test_layer_norm_without_bias_and_with_dtype():
    ln = nn.LayerNorm(4, bias=False, dtype=np.float64)
    assert [n for n, _ in ln.named_parameters()] == ["weight"] and ln.weight.dtype == np.float64
    assert list(ln.state_dict()) == ["weight"]  # PyTorch's LayerNorm(4, bias=False)
    x = np.random.default_rng(0).standard_normal((2, 4))
    want = (x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + 1e-5)
    np.testing.assert_allclose(ln(Tensor(x)).data, want, rtol=1e-12)
    assert nn.LayerNorm(4, elementwise_affine=False).bias is None
