"""nn.init: statistics of each initialiser, orthogonality, gains, fans, seeding."""

import math

import numpy as np
import pytest

import autograd
import nn
from nn import init


def _t(*shape):
    return nn.Parameter(np.zeros(shape, dtype=np.float32))


def test_calculate_gain_table():
    assert init.calculate_gain("linear") == 1
    assert init.calculate_gain("conv2d") == 1
    assert init.calculate_gain("sigmoid") == 1
    assert init.calculate_gain("tanh") == pytest.approx(5 / 3)
    assert init.calculate_gain("relu") == pytest.approx(math.sqrt(2))
    assert init.calculate_gain("leaky_relu") == pytest.approx(math.sqrt(2 / (1 + 0.01**2)))
    assert init.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    assert init.calculate_gain("selu") == 0.75
    with pytest.raises(ValueError):
        init.calculate_gain("swish")


def test_fans():
    assert init._calculate_fan_in_and_fan_out(_t(5, 3)) == (3, 5)
    assert init._calculate_fan_in_and_fan_out(_t(8, 4, 3, 3)) == (36, 72)
    with pytest.raises(ValueError):
        init._calculate_fan_in_and_fan_out(_t(5))


def test_uniform_normal_constant():
    t = _t(200, 300)
    assert init.uniform_(t, -2, 3) is t
    assert t.data.min() >= -2 and t.data.max() <= 3
    assert t.data.mean() == pytest.approx(0.5, abs=0.02)
    init.normal_(t, 1.0, 2.0)
    assert t.data.mean() == pytest.approx(1.0, abs=0.03) and t.data.std() == pytest.approx(
        2, rel=0.02
    )
    assert t.dtype == np.float32
    init.constant_(t, 0.3)
    assert np.all(t.data == np.float32(0.3))
    init.zeros_(t)
    assert not t.data.any()
    init.ones_(t)
    assert np.all(t.data == 1)
    init.trunc_normal_(t, std=1.0, a=-1.0, b=1.0)
    assert t.data.min() >= -1 and t.data.max() <= 1


def test_xavier():
    t = _t(300, 200)
    init.xavier_uniform_(t, gain=2.0)
    bound = 2.0 * math.sqrt(6 / 500)
    assert np.abs(t.data).max() <= bound and np.abs(t.data).max() > 0.98 * bound
    assert t.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)
    init.xavier_normal_(t)
    assert t.data.std() == pytest.approx(math.sqrt(2 / 500), rel=0.02)


@pytest.mark.parametrize("mode", ["fan_in", "fan_out"])
def test_kaiming(mode):
    t = _t(200, 400)
    fan = 400 if mode == "fan_in" else 200
    init.kaiming_uniform_(t, a=0, mode=mode, nonlinearity="relu")
    bound = math.sqrt(2) * math.sqrt(3 / fan)
    assert np.abs(t.data).max() <= bound and np.abs(t.data).max() > 0.98 * bound
    init.kaiming_normal_(t, mode=mode, nonlinearity="relu")
    assert t.data.std() == pytest.approx(math.sqrt(2 / fan), rel=0.02)
    assert t.data.mean() == pytest.approx(0, abs=0.01)
    with pytest.raises(ValueError):
        init.kaiming_normal_(t, mode="fan_avg")


@pytest.mark.parametrize("shape", [(5, 5), (4, 7), (7, 4), (3, 2, 2)])
def test_orthogonal(shape):
    t = _t(*shape)
    init.orthogonal_(t, gain=2.0)
    w = t.data.reshape(shape[0], -1).astype(np.float64)
    if w.shape[0] <= w.shape[1]:
        np.testing.assert_allclose(w @ w.T, 4 * np.eye(w.shape[0]), atol=1e-5)
    else:
        np.testing.assert_allclose(w.T @ w, 4 * np.eye(w.shape[1]), atol=1e-5)
    with pytest.raises(ValueError):
        init.orthogonal_(_t(3))


def test_seeded_and_in_place():
    t = _t(3, 4)
    arr = t.numpy()
    autograd.manual_seed(7)
    init.xavier_uniform_(t)
    first = t.data.copy()
    autograd.manual_seed(7)
    init.xavier_uniform_(t)
    np.testing.assert_array_equal(first, t.data)
    assert t.numpy() is arr and t.grad_fn is None


def test_linear_default_init_is_pytorchs():
    autograd.manual_seed(0)
    lin = nn.Linear(400, 300)
    bound = 1 / math.sqrt(400)
    for p in (lin.weight, lin.bias):
        assert np.abs(p.data).max() <= bound and np.abs(p.data).max() > 0.95 * bound
    assert lin.weight.shape == (300, 400) and lin.bias.shape == (300,)
    assert lin.weight.data.std() == pytest.approx(bound / math.sqrt(3), rel=0.02)
