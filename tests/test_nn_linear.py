"""Linear and the fused Affine primitive against the composed x @ W.T + b."""

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor

rng = np.random.default_rng(0)


def _leaf(*shape):
    return Tensor(rng.standard_normal(shape), requires_grad=True)


@pytest.mark.parametrize("xshape", [(4, 3), (2, 5, 3), (3,)])
@pytest.mark.parametrize("bias", [True, False])
def test_fused_matches_composed(xshape, bias):
    x, w = _leaf(*xshape), _leaf(2, 3)
    b = _leaf(2) if bias else None
    x2, w2 = Tensor(x.data, requires_grad=True), Tensor(w.data, requires_grad=True)
    b2 = Tensor(b.data, requires_grad=True) if bias else None
    y = F.linear(x, w, b)
    y2 = x2 @ w2.T + b2 if bias else x2 @ w2.T
    np.testing.assert_allclose(y.data, y2.data, rtol=1e-12)
    assert y.grad_fn.name == "Affine" and y.grad_fn.inputs[0] is x  # one node
    g = rng.standard_normal(y.shape)
    y.backward(Tensor(g))
    y2.backward(Tensor(g))
    for a, c in [(x, x2), (w, w2)] + ([(b, b2)] if bias else []):
        np.testing.assert_allclose(a.grad.data, c.grad.data, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("xshape", [(4, 3), (2, 2, 3)])
def test_gradcheck_and_double_backward(xshape):
    args = (_leaf(*xshape), _leaf(2, 3), _leaf(2))
    assert autograd.gradcheck(F.linear, args)
    assert autograd.gradgradcheck(F.linear, args)
    assert autograd.gradgradcheck(lambda x, w: F.linear(x, w).tanh(), args[:2])


def test_broadcasting_bias_and_inputs_without_grad():
    x = Tensor(rng.standard_normal((4, 3)))  # no grad: no gradient work for it
    w, b = _leaf(2, 3), _leaf(1)
    assert autograd.gradcheck(F.linear, (x, w, b))
    y = F.linear(x, w, b)
    y.sum().backward()
    assert x.grad is None
    np.testing.assert_allclose(b.grad.data, [8.0])


def test_module_shapes_names_and_errors():
    lin = nn.Linear(784, 256)
    assert lin.weight.shape == (256, 784) and lin.bias.shape == (256,)
    assert [n for n, _ in lin.named_parameters()] == ["weight", "bias"]
    assert repr(lin) == "Linear(in_features=784, out_features=256, bias=True)"
    assert nn.Linear(2, 3, bias=False).bias is None
    assert [n for n, _ in nn.Linear(2, 3, bias=False).named_parameters()] == ["weight"]
    with pytest.raises(ValueError, match=r"Linear\(784 -> 256\).*100 features.*\(32, 100\)"):
        lin(Tensor(np.zeros((32, 100), dtype=np.float32)))
    x = Tensor(np.ones((5, 784), dtype=np.float32))
    y = lin(x)
    assert y.shape == (5, 256) and y.dtype == np.float32
    np.testing.assert_allclose(y.data, x.data @ lin.weight.data.T + lin.bias.data, rtol=1e-5)
    assert lin(np.ones((2, 784), dtype=np.float32)).shape == (2, 256)  # arrays are accepted


def test_mlp_trains():
    autograd.manual_seed(0)
    import optim

    x = Tensor(rng.standard_normal((64, 2)).astype(np.float32))
    y = (x.data[:, 0] * x.data[:, 1] > 0).astype(np.int64)
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 2))
    opt = optim.Adam(model.parameters(), lr=0.05)
    for _ in range(150):
        opt.zero_grad()
        loss = F.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
    assert float(loss.data) < 0.2


@pytest.mark.parametrize("shape", [(5, 160), (2, 3, 160), (0, 160), (32, 160), (33, 160), (160,)])
@pytest.mark.parametrize("bias", [None, np.float32, np.float64])
def test_affine_layouts_agree(shape, bias):
    """Few rows into a wide layer take the (W @ x.T).T product: the same values, C-contiguous."""
    from nn.linear import Affine

    rng = np.random.default_rng(0)
    x = rng.standard_normal(shape).astype(np.float32)
    w = rng.standard_normal((96, 160)).astype(np.float32)
    b = None if bias is None else rng.standard_normal(96).astype(bias)
    out = Affine().forward(x, w, b)
    want = x @ w.T if b is None else x @ w.T + b
    assert out.shape == want.shape and out.dtype == want.dtype
    assert out.flags.c_contiguous
    np.testing.assert_allclose(out, want, rtol=1e-5, atol=1e-5)


def test_bias_gradient_over_changing_batch_sizes():
    # the bias gradient is a product with a cached vector of ones sliced to the rows: every
    # batch size sums its own rows, the user's gradient is theirs to write, the ones stay ones
    from nn import linear as linear_module

    lin = nn.Linear(6, 4)
    rng = np.random.default_rng(5)
    for rows in (3, 2000, 5, 1):
        lin.zero_grad()
        x = Tensor(rng.standard_normal((rows, 6)).astype(np.float32))
        g = rng.standard_normal((rows, 4)).astype(np.float32)
        lin(x).backward(g)
        np.testing.assert_allclose(lin.bias.grad.numpy(), g.sum(axis=0), rtol=1e-5, atol=1e-5)
        lin.bias.grad.numpy()[...] = 7.0  # writable, and not the cache
    ones = linear_module._ONES[np.dtype(np.float32)]
    assert not ones.flags.writeable and (ones == 1).all() and ones.shape[0] >= 2000
