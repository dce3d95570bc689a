"""Gradients written in place where nothing else holds them (Op.backward_owned, the sum of a
fork's two gradients): the same numbers as out of place, and no array that someone else
holds (a hook, the caller's gradient, a sibling input, a leaf's .grad) is ever changed."""

import numpy as np
import pytest

import autograd
import nn
from autograd import engine
from autograd.op import masked, masked_into
from autograd.ops_elementwise import Relu
from nn.attention_ops import _add_bias
from nn.norm_ops import LayerNormOp


def leaf(a, dtype=np.float64):
    return autograd.tensor(np.asarray(a, dtype=dtype), requires_grad=True)


@pytest.fixture
def into_calls(monkeypatch):
    """Counts the calls of Relu.backward_owned (and still runs it)."""
    calls = []
    rule = Relu.backward_owned

    def spy(self, g, out, a):
        calls.append(g)
        return rule(self, g, out, a)

    monkeypatch.setattr(Relu, "backward_owned", spy)
    return calls


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("invert", [False, True])
def test_masked_into_gives_masked_bits(dtype, invert):
    rng = np.random.default_rng(0)
    g = rng.standard_normal((40, 17)).astype(dtype)
    g[0, :4] = [np.inf, -np.inf, np.nan, -0.0]
    mask = rng.random((40, 17)) < 0.5
    want = masked(g, mask, invert)
    got = masked_into(g.copy(), mask.copy(), invert)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got.view(np.uint8), want.view(np.uint8))


def test_masked_into_writes_into_g_and_falls_back_on_small_or_broadcast_masks():
    g = np.arange(1.0, 301.0)
    out = masked_into(g, g > 150.0)
    assert out is g and (g[:150] == 0).all() and (g[150:] == np.arange(151.0, 301.0)).all()
    small = np.array([1.0, -2.0, 3.0])
    np.testing.assert_array_equal(masked_into(small, small > 0), [1.0, 0.0, 3.0])
    wide = np.ones((200, 3))
    np.testing.assert_array_equal(masked_into(wide, np.array([True, False, True]))[0], [1, 0, 1])


def test_relu_backward_owned_matches_backward_at_edge_values(into_calls):
    # PyTorch's threshold_backward: zero where x <= 0 (also -0.0), g passes at NaN, and an
    # infinite g at a dead input gives 0, not NaN
    x0 = np.array([-1.0, -0.0, 0.0, 2.0, np.nan, 3.0] * 50)
    g0 = np.array([np.inf, 5.0, -np.inf, 7.0, 11.0, np.nan] * 50)
    x = leaf(x0)
    (x.relu() * autograd.tensor(np.ones_like(x0))).backward(autograd.tensor(g0))
    assert len(into_calls) == 1  # the product's gradient was fresh: written in place
    want = Relu.shared[3].backward(g0, np.maximum(x0, 0.0), x0)[0]
    np.testing.assert_array_equal(x.grad.numpy(), want)
    np.testing.assert_array_equal(x.grad.numpy()[:6], [0.0, 0.0, 0.0, 7.0, 11.0, np.nan])


def test_a_gradient_a_hook_keeps_is_not_overwritten(into_calls):
    x = leaf(np.linspace(-1.0, 1.0, 400))
    y = x * 3.0
    kept = []
    y.register_hook(lambda g: kept.append(g))
    r = y.relu()
    before = []
    r.register_hook(lambda g: before.append(g.copy()) or kept.append(g))
    (r * 2.0).sum().backward()
    assert not into_calls  # the hook holds relu's gradient: out of place
    np.testing.assert_array_equal(kept[0], before[0])  # (all 2.0)
    np.testing.assert_array_equal(x.grad.numpy(), np.where(x.numpy() * 3 > 0, 6.0, 0.0))


def test_the_callers_gradient_is_not_overwritten(into_calls):
    x = leaf(np.linspace(-1.0, 1.0, 400))
    g = np.full(400, 2.0)
    x.relu().backward(autograd.tensor(g))
    assert not into_calls
    assert (g == 2.0).all()


def test_one_gradient_given_to_two_inputs_is_not_overwritten(into_calls):
    # Add gives the same array to both inputs, and reshape a view of it: neither may be
    # written into while the other still needs it
    a, b = leaf(np.linspace(-1.0, 1.0, 400)), leaf(np.linspace(1.0, -1.0, 400))
    z = a.relu().reshape(20, 20) + b.relu().reshape(20, 20)
    g = np.arange(400.0).reshape(20, 20)
    (z * 1.0).backward(autograd.tensor(g))
    flat = g.ravel()
    np.testing.assert_array_equal(a.grad.numpy(), np.where(a.numpy() > 0, flat, 0.0))
    np.testing.assert_array_equal(b.grad.numpy(), np.where(b.numpy() > 0, flat, 0.0))


@pytest.mark.parametrize(
    "f",
    [
        lambda x: x + x,  # one array twice in the parts
        lambda x: (x * 2.0).relu() + x.relu() * 3.0,
        lambda x: (x.exp() + x.sin()) * (x * 2.0 + x.relu()),
    ],
)
def test_forks_sum_their_gradients_exactly(f):
    x0 = np.linspace(-2.0, 2.0, 300)
    x = leaf(x0)
    f(x).sum().backward()
    ones = np.ones(300)  # the same gradient, held by the caller: nothing summed into it
    x2 = leaf(x0)
    f(x2).backward(autograd.tensor(ones))
    np.testing.assert_array_equal(x.grad.numpy(), x2.grad.numpy())
    assert (ones == 1.0).all()
    assert autograd.gradcheck(lambda t: f(t).sum(), (leaf(x0[:7]),))


def test_sum_of_two_parts_writes_into_the_one_nobody_holds():
    held = np.ones(1000)
    parts = [held, np.full(1000, 2.0)]
    out = engine._sum(parts)
    assert out is parts[1] and (held == 1.0).all() and (out == 3.0).all()
    out = engine._sum([np.ones(1000), np.full(1000, 2.0)])
    assert (out == 3.0).all()
    a = np.ones(1000)
    out = engine._sum([a, a])  # the same array twice: a new one
    assert out is not a and (a == 1.0).all() and (out == 2.0).all()
    i = np.ones(1000, dtype=np.int64)
    assert engine._sum([i, np.ones(1000, dtype=np.int64)]).dtype == np.int64


def test_retain_graph_twice_and_leaf_grads_stay_private():
    x = leaf(np.linspace(-1.0, 1.0, 300))
    y = (x * 2.0).relu() + x * 3.0
    y.sum().backward(retain_graph=True)
    first = x.grad.numpy().copy()
    g1 = x.grad
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), 2 * first)
    assert g1 is x.grad  # accumulated into the leaf's .grad


def _layer_norm_op(shape, affine: bool):
    op = LayerNormOp.__new__(LayerNormOp)
    op.normalized_ndim, op.eps, op.weight, op.bias = len(shape), 1e-5, affine, affine
    op.needs = (True, True, True) if affine else (True,)
    return op


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
@pytest.mark.parametrize("shape", [(8,), (2, 3)])
@pytest.mark.parametrize("affine", [True, False])
def test_layer_norm_backward_owned_gives_backward_bits(dtype, shape, affine):
    rng = np.random.default_rng(1)
    x = rng.standard_normal((5, 4, *shape)).astype(dtype)
    params = (rng.standard_normal(shape).astype(dtype),) * 2 if affine else ()
    g = rng.standard_normal(x.shape).astype(dtype)
    op = _layer_norm_op(shape, affine)
    y = op.forward(x, *params)
    want = op.backward(g, y, x, *params)
    g_copy = g.copy()
    got = op.backward_owned(g_copy, y, x, *params)
    for w, o in zip(want, got):
        assert w.dtype == o.dtype and w.shape == o.shape
        np.testing.assert_array_equal(w, o)
    np.testing.assert_array_equal(op.backward(g, y, x, *params)[0], want[0])  # g unchanged


def test_transformer_block_grads_agree_with_the_out_of_place_rules(monkeypatch):
    def grads():
        autograd.manual_seed(0)
        layer = nn.TransformerEncoderLayer(16, 2, 32, dropout=0.0, batch_first=True)
        x = autograd.tensor(np.random.default_rng(0).standard_normal((3, 5, 16)))
        x.requires_grad_()
        mask = nn.Transformer.generate_square_subsequent_mask(5)
        layer(x, src_mask=mask, is_causal=True).sum().backward()
        return [x.grad.numpy()] + [p.grad.numpy() for p in layer.parameters()]

    fast = grads()
    monkeypatch.setattr(Relu, "backward_owned", None)
    monkeypatch.setattr(LayerNormOp, "backward_owned", None)
    monkeypatch.setattr(engine, "_HELD_IN_PARTS", -1)  # no fork summed in place
    for a, b in zip(fast, grads()):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("st_shape", "bt_shape"),
    [((2, 3, 4, 5), (4, 5)), ((2, 3, 4, 5), (1, 1, 4, 5)), ((2, 3, 4, 5), (2, 1, 4, 5)),
     ((5, 3, 1, 5), (5, 1, 1, 1)), ((2, 3, 4, 5), (4, 1))],
)  # fmt: skip
def test_attention_bias_add_flattened_or_not_is_the_sum(st_shape, bt_shape):
    rng = np.random.default_rng(2)
    st = rng.standard_normal(st_shape).astype(np.float32)
    bt = rng.standard_normal(bt_shape).astype(np.float32)
    got = st.copy()
    _add_bias(got, bt)
    np.testing.assert_array_equal(got, st + bt)


@pytest.mark.parametrize("after", ["exp", "tanh", "mul"])
def test_relu_under_a_one_input_consumer_writes_in_place(into_calls, after):
    # the inlined step's locals must not keep the queued gradient alive (they did: the
    # ReLU under exp or tanh then always made a new array)
    x = leaf(np.linspace(-1.0, 1.0, 4096).reshape(64, 64))
    h = (x @ x).relu()
    out = {"exp": h.exp, "tanh": h.tanh, "mul": lambda: h * 2.0}[after]()
    out.sum().backward()
    assert len(into_calls) == 1
