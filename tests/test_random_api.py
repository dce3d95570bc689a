"""autograd.random's API: seeding, generators, states, argument forms and PyTorch's errors.

(That the numbers equal PyTorch's is tests/test_random_pytorch.py.)
"""

import numpy as np
import pytest

import autograd
from autograd import Generator, Tensor


def test_seeding_and_generators():
    g = Generator()
    assert g.initial_seed() == 67280421310721  # PyTorch's default for a new generator
    assert g.manual_seed(5) is g and g.initial_seed() == 5 and g.device == "cpu"
    assert autograd.manual_seed(3) is autograd.default_generator
    assert autograd.initial_seed() == 3
    assert Generator().manual_seed(-1).initial_seed() == 2**64 - 1  # wraps to 64 bits
    assert Generator().manual_seed(2**32 + 5).get_state().data.tobytes() != (
        Generator().manual_seed(5).get_state().data.tobytes()
    )  # the seed is kept whole (the engine uses its low 32 bits)
    np.testing.assert_array_equal(
        autograd.rand(5, generator=Generator().manual_seed(2**32 + 5)).data,
        autograd.rand(5, generator=Generator().manual_seed(5)).data,
    )
    s = autograd.seed()
    assert autograd.initial_seed() == s and 0 <= s < 2**53
    with pytest.raises(RuntimeError, match="out of range"):
        autograd.manual_seed(2**64)
    with pytest.raises(TypeError, match="int"):
        autograd.manual_seed("seven")
    with pytest.raises(RuntimeError, match="CPU"):
        Generator("cuda")
    with pytest.raises(TypeError, match="Generator"):
        autograd.rand(2, generator=np.random.default_rng(0))


def test_state_round_trip_includes_the_cached_normal():
    autograd.manual_seed(11)
    autograd.randn(3)  # leaves the second value of a Box-Muller pair cached
    state = autograd.get_rng_state()
    assert state.dtype == np.uint8 and state.shape == (5056,)
    expected = autograd.randn(5).data
    autograd.manual_seed(0)
    autograd.set_rng_state(state)
    np.testing.assert_array_equal(autograd.randn(5).data, expected)
    g = Generator().set_state(state.data.tobytes())  # bytes work too
    np.testing.assert_array_equal(g.get_state().data, state.data)
    with pytest.raises(RuntimeError, match="5056 bytes"):
        autograd.set_rng_state(Tensor(np.zeros(10, np.uint8)))
    bad = state.data.copy()
    bad[8:12] = 0  # left = 0: not a state mt19937 can be in
    with pytest.raises(RuntimeError, match="invalid"):
        autograd.set_rng_state(bad)
    with pytest.raises(TypeError, match="uint8"):
        autograd.set_rng_state(np.zeros(5056, np.float32))


def test_creation_forms_and_dtypes():
    autograd.manual_seed(0)
    a = autograd.rand(2, 3)
    autograd.manual_seed(0)
    b = autograd.rand((2, 3))
    np.testing.assert_array_equal(a.data, b.data)
    assert a.dtype == np.float32 and autograd.randn(2, dtype=np.float64).dtype == np.float64
    assert autograd.randn(()).shape == () and autograd.rand(0, 3).shape == (0, 3)
    assert autograd.rand(2, requires_grad=True).requires_grad
    r = autograd.randint(5, (4,))
    assert r.dtype == np.int64 and r.shape == (4,) and (0 <= r.data).all() and (r.data < 5).all()
    assert autograd.randint(2, 4, size=(3,)).data.min() >= 2
    assert autograd.randint(high=3, size=(2,)).shape == (2,)
    assert sorted(autograd.randperm(6).tolist()) == list(range(6))
    assert autograd.randn_like(Tensor(np.zeros((2, 2), np.float64))).dtype == np.float64
    assert autograd.randint_like(Tensor(np.zeros(3)), 7).data.max() < 7
    assert autograd.normal(0.0, 1.0, (2, 5)).shape == (2, 5)
    assert autograd.normal(Tensor(np.zeros(4)), 2.0).shape == (4,)
    with pytest.raises(TypeError, match="randint"):
        autograd.randint(5)
    with pytest.raises(RuntimeError, match="not implemented for dtype int64"):
        autograd.rand(2, dtype=np.int64)
    with pytest.raises(TypeError, match="size"):
        autograd.normal(0.0, 1.0)
    with pytest.raises(RuntimeError, match="CPU"):
        autograd.rand(2, device="cuda")


def test_in_place_methods_bump_the_version_and_respect_grad():
    t = Tensor(np.zeros((3, 4), np.float32))
    arr = t.numpy()
    assert t.uniform_(-1, 1) is t and t.numpy() is arr  # the same memory
    assert (t.data >= -1).all() and (t.data < 1).all()
    assert t.normal_(2.0, 0.0).data.tolist() == [[2.0] * 4] * 3  # std 0: the mean
    assert set(t.random_(3).data.ravel().tolist()) <= {0.0, 1.0, 2.0}
    assert set(t.bernoulli_(0.5).data.ravel().tolist()) <= {0.0, 1.0}
    assert (t.exponential_(2.0).data >= 0).all()
    scalar = Tensor(np.float32(0.0))  # 0-d: an immutable numpy scalar inside
    scalar.uniform_(5, 6)
    assert 5 <= float(scalar) < 6
    w = Tensor(np.zeros(3), requires_grad=True)
    with pytest.raises(RuntimeError, match="no_grad"):
        w.normal_()
    with autograd.no_grad():
        w.normal_()
    probs = Tensor(np.array([0.0, 1.0, 0.0, 1.0]))
    assert Tensor(np.zeros(4)).bernoulli_(probs).tolist() == [0.0, 1.0, 0.0, 1.0]
    assert probs.bernoulli().tolist() == [0.0, 1.0, 0.0, 1.0]
    assert probs.multinomial(2).tolist() in ([1, 3], [3, 1])


def test_pytorchs_argument_errors():
    t = Tensor(np.zeros(4, np.float32))
    with pytest.raises(RuntimeError, match=r"\[from, to\)"):
        t.uniform_(1, 0)
    with pytest.raises(RuntimeError, match="std >= 0.0"):
        t.normal_(0, -1)
    with pytest.raises(RuntimeError, match=r"p to be in \[0, 1\]"):
        t.bernoulli_(1.5)
    with pytest.raises(RuntimeError, match="lambda > 0.0"):
        t.exponential_(0)
    with pytest.raises(RuntimeError, match="less than 'to'"):
        t.random_(5, 5)
    with pytest.raises(RuntimeError, match="out of bounds"):
        Tensor(np.zeros(2, np.uint8)).random_(0, 300)
    p = Tensor(np.array([0.2, 0.8]))
    with pytest.raises(RuntimeError, match="without replacement"):
        autograd.multinomial(p, 3)
    with pytest.raises(RuntimeError, match="inf"):
        autograd.multinomial(Tensor(np.array([0.5, -0.1])), 1)
    with pytest.raises(RuntimeError, match="sum of probabilities"):
        autograd.multinomial(Tensor(np.zeros(3)), 1)
    with pytest.raises(RuntimeError, match="n_sample <= 0"):
        autograd.multinomial(p, 0)
    with pytest.raises(RuntimeError, match="1 or 2 dim"):
        autograd.multinomial(Tensor(np.ones((2, 2, 2))), 1)
