"""Dropout (train/eval, scaling, seeding) and Embedding (lookup, gradients, padding)."""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor


def test_dropout_train_scales_and_zeroes():
    autograd.manual_seed(0)
    x = Tensor(np.ones((200, 100), dtype=np.float32), requires_grad=True)
    d = nn.Dropout(0.3)
    y = d(x)
    kept = y.data != 0
    assert kept.mean() == pytest.approx(0.7, abs=0.02)
    np.testing.assert_allclose(y.data[kept], 1 / 0.7, rtol=1e-6)
    assert y.data.mean() == pytest.approx(1.0, abs=0.03)  # expectation preserved
    y.sum().backward()
    np.testing.assert_allclose(x.grad.data, y.data)  # same mask and scale in the backward
    assert y.dtype == np.float32


def test_dropout_eval_and_edge_probabilities():
    x = Tensor(np.ones((3, 4)))
    d = nn.Dropout(0.5).eval()
    assert d(x) is x
    assert F.dropout(x, 0.0, training=True) is x
    np.testing.assert_array_equal(F.dropout(x, 1.0).data, 0)
    for p in (-0.1, 1.5):
        with pytest.raises(ValueError, match="probability"):
            nn.Dropout(p)
        with pytest.raises(ValueError):
            F.dropout(x, p)
    assert repr(nn.Dropout(0.25)) == "Dropout(p=0.25)"


def test_dropout_seeded_and_gradcheck():
    autograd.manual_seed(3)
    a = F.dropout(Tensor(np.ones(50)), 0.5).data
    autograd.manual_seed(3)
    b = F.dropout(Tensor(np.ones(50)), 0.5).data
    np.testing.assert_array_equal(a, b)

    def f(x):
        autograd.manual_seed(1)  # the same mask on every call
        return F.dropout(x, 0.4)

    x = Tensor(np.random.default_rng(0).standard_normal((3, 4)), requires_grad=True)
    assert autograd.gradcheck(f, (x,))
    assert autograd.gradgradcheck(f, (x,))


def test_dropout2d_zeroes_whole_channels():
    autograd.manual_seed(0)
    y = nn.Dropout2d(0.5)(Tensor(np.ones((8, 6, 3, 3)))).data
    per_channel = y.reshape(8, 6, 9)
    assert np.all((per_channel == 0).all(-1) | (per_channel == 2).all(-1))


def test_dropout2d_other_ranks_as_pytorch():
    """PyTorch's dropout2d keeps one factor per (sample, channel) at any rank, and warns
    for inputs that are not 4-d (a 2-d (N, C) input: every element is its own channel)."""
    autograd.manual_seed(0)
    with pytest.warns(UserWarning, match="Received a 2-D input to dropout2d") as rec:
        y = nn.Dropout2d(0.5)(Tensor(np.ones((40, 50)))).data
    assert rec[0].filename == __file__  # the warning names the caller's line
    assert set(np.unique(y)) == {0.0, 2.0} and 0.4 < (y == 0).mean() < 0.6
    with pytest.warns(UserWarning, match="interpreted as shape \\(N, C, L\\)"):
        y3 = F.dropout2d(Tensor(np.ones((4, 6, 5))), 0.5).data
    assert np.all((y3 == 0).all(-1) | (y3 == 2).all(-1))  # whole (sample, channel) rows
    with pytest.warns(UserWarning, match="Received a 5-D input"):
        y5 = F.dropout2d(Tensor(np.ones((2, 3, 2, 2, 2))), 0.5).data.reshape(2, 3, 8)
    assert np.all((y5 == 0).all(-1) | (y5 == 2).all(-1))
    with pytest.warns(UserWarning, match="Received a 1-D input"):
        with pytest.raises(ValueError, match="at least 2 dimensions"):
            F.dropout2d(Tensor(np.ones(5)), 0.5)
    with pytest.warns(UserWarning, match="Received a 2-D input"):  # also in eval, as PyTorch
        out = nn.Dropout2d(0.5).eval()(Tensor(np.ones((2, 3))))
    np.testing.assert_array_equal(out.data, 1.0)


def test_embedding_lookup_and_init():
    autograd.manual_seed(0)
    emb = nn.Embedding(1000, 20)
    assert emb.weight.shape == (1000, 20) and emb.weight.dtype == np.float32
    assert emb.weight.data.std() == pytest.approx(1.0, rel=0.03)  # N(0, 1)
    idx = np.array([[1, 2], [3, 1]])
    out = emb(idx)
    assert out.shape == (2, 2, 20)
    np.testing.assert_array_equal(out.data[1, 1], emb.weight.data[1])
    assert emb(Tensor(idx)).shape == (2, 2, 20)
    assert repr(nn.Embedding(5, 3, padding_idx=0)) == "Embedding(5, 3, padding_idx=0)"


def test_embedding_repeated_indices_accumulate():
    emb = nn.Embedding(5, 3)
    idx = np.array([1, 4, 1, 1])
    g = np.random.default_rng(0).standard_normal((4, 3)).astype(np.float32)
    emb(idx).backward(Tensor(g))
    expected = np.zeros((5, 3), dtype=np.float32)
    np.add.at(expected, idx, g)
    np.testing.assert_allclose(emb.weight.grad.data, expected, rtol=1e-6)


def test_embedding_padding_idx():
    emb = nn.Embedding(4, 2, padding_idx=2)
    np.testing.assert_array_equal(emb.weight.data[2], 0)
    emb.weight.data[2] = 5.0  # values still come from the table
    out = emb(np.array([2, 0, 2]))
    np.testing.assert_array_equal(out.data[0], [5, 5])
    out.sum().backward()
    np.testing.assert_array_equal(emb.weight.grad.data[2], 0)
    np.testing.assert_array_equal(emb.weight.grad.data[0], 1)


def test_embedding_gradcheck():
    w = Tensor(np.random.default_rng(0).standard_normal((4, 3)), requires_grad=True)
    idx = np.array([[0, 3], [3, 2]])
    assert autograd.gradcheck(lambda w: F.embedding(idx, w), (w,))  # (padding rows get none)
    assert autograd.gradgradcheck(lambda w: F.embedding(idx, w) * F.embedding(idx, w), (w,))


def test_embedding_errors():
    emb = nn.Embedding(10, 3)
    with pytest.raises(IndexError, match=r"Embedding\(10, 3\).*12.*\[0, 10\)"):
        emb(np.array([1, 12]))
    with pytest.raises(IndexError, match="-1"):
        emb(np.array([-1]))
    with pytest.raises(TypeError):
        emb(np.array([1.5]))
    with pytest.raises(ValueError):
        nn.Embedding(3, 2, padding_idx=3)
