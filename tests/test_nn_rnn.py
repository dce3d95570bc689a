"""RNN, LSTM, GRU and their cells: numpy gate equations, gradcheck, shapes, errors."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, gradcheck, gradgradcheck


def sig(a):
    return 1 / (1 + np.exp(-a))


def np_lstm_step(x, h, c, wi, wh, bi, bh):
    H = h.shape[1]
    a = x @ wi.T + bi + h @ wh.T + bh
    i, f, g, o = (
        sig(a[:, :H]),
        sig(a[:, H : 2 * H]),
        np.tanh(a[:, 2 * H : 3 * H]),
        sig(a[:, 3 * H :]),
    )
    c2 = f * c + i * g
    return o * np.tanh(c2), c2


def np_gru_step(x, h, wi, wh, bi, bh):
    H = h.shape[1]
    gi, gh = x @ wi.T + bi, h @ wh.T + bh
    r = sig(gi[:, :H] + gh[:, :H])
    z = sig(gi[:, H : 2 * H] + gh[:, H : 2 * H])
    n = np.tanh(gi[:, 2 * H :] + r * gh[:, 2 * H :])
    return (1 - z) * n + z * h


def _params(m, k=0, suffix=None):
    s = f"_l{k}" if suffix is None else suffix
    names = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    return [getattr(m, n + s).data for n in names]


def test_lstm_cell_and_layer_match_numpy_gates(f64):
    autograd.manual_seed(0)
    rng = np.random.default_rng(1)
    x, h, c = rng.standard_normal((3, 4)), rng.standard_normal((3, 5)), rng.standard_normal((3, 5))
    cell = nn.LSTMCell(4, 5)
    h2, c2 = cell(Tensor(x), (Tensor(h), Tensor(c)))
    wh, wc = np_lstm_step(x, h, c, *_params(cell, suffix=""))
    np.testing.assert_allclose(h2.data, wh, rtol=1e-12)
    np.testing.assert_allclose(c2.data, wc, rtol=1e-12)

    lstm = nn.LSTM(4, 5)
    xs = rng.standard_normal((6, 3, 4))
    out, (hn, cn) = lstm(Tensor(xs), (Tensor(h[None]), Tensor(c[None])))
    hh, cc = h, c
    for t in range(6):
        hh, cc = np_lstm_step(xs[t], hh, cc, *_params(lstm))
        np.testing.assert_allclose(out.data[t], hh, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(hn.data[0], hh, rtol=1e-10)
    np.testing.assert_allclose(cn.data[0], cc, rtol=1e-10)


def test_gru_and_rnn_match_numpy(f64):
    autograd.manual_seed(0)
    rng = np.random.default_rng(2)
    xs, h = rng.standard_normal((5, 2, 3)), rng.standard_normal((2, 4))
    gru = nn.GRU(3, 4)
    out, hn = gru(Tensor(xs), Tensor(h[None]))
    hh = h
    for t in range(5):
        hh = np_gru_step(xs[t], hh, *_params(gru))
        np.testing.assert_allclose(out.data[t], hh, rtol=1e-10, atol=1e-12)
    cell = nn.GRUCell(3, 4)
    np.testing.assert_allclose(
        cell(Tensor(xs[0]), Tensor(h)).data, np_gru_step(xs[0], h, *_params(cell, suffix=""))
    )
    for nl, act in (("tanh", np.tanh), ("relu", lambda a: np.maximum(a, 0))):
        rnn = nn.RNN(3, 4, nonlinearity=nl)
        wi, wh, bi, bh = _params(rnn)
        out, hn = rnn(Tensor(xs))
        hh = np.zeros((2, 4))
        for t in range(5):
            hh = act(xs[t] @ wi.T + bi + hh @ wh.T + bh)
        np.testing.assert_allclose(hn.data[0], hh, rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("cls", [nn.RNN, nn.LSTM, nn.GRU])
@pytest.mark.parametrize("batch_first", [False, True])
def test_recurrent_gradcheck_two_layers(cls, batch_first, f64):
    autograd.manual_seed(3)
    m = cls(2, 3, num_layers=2, batch_first=batch_first)
    x = Tensor(np.random.default_rng(4).standard_normal((2, 3, 2)), requires_grad=True)
    names, params = zip(*m.named_parameters())

    def f(x, *ps):
        vars(m).update(zip(names, ps))  # gradcheck passes float64 copies: use them
        out, hn = m(x)
        return out, (hn if cls is not nn.LSTM else hn[1])

    assert gradcheck(f, (x, *params))


@pytest.mark.parametrize("cls", [nn.LSTMCell, nn.GRUCell])
def test_fused_cells_double_backward(cls, f64):
    autograd.manual_seed(5)
    m = cls(2, 3)
    rng = np.random.default_rng(6)
    x = Tensor(rng.standard_normal((2, 2)), requires_grad=True)
    h = Tensor(rng.standard_normal((2, 3)), requires_grad=True)
    if cls is nn.LSTMCell:
        c = Tensor(rng.standard_normal((2, 3)), requires_grad=True)
        assert gradgradcheck(lambda x, h, c: m(x, (h, c))[0] * m(x, (h, c))[1], (x, h, c))
    else:
        assert gradgradcheck(lambda x, h: m(x, h), (x, h))


def test_shapes_names_and_init():
    lstm = nn.LSTM(10, 20, num_layers=2, batch_first=True)
    names = [n for n, _ in lstm.named_parameters()]
    assert names == [
        f"{w}_l{k}" for k in range(2) for w in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")
    ]
    assert lstm.weight_ih_l0.shape == (80, 10) and lstm.weight_ih_l1.shape == (80, 20)
    assert nn.GRU(10, 20).weight_hh_l0.shape == (60, 20)
    assert all(np.abs(p.data).max() <= 1 / np.sqrt(20) for p in lstm.parameters())
    assert lstm.weight_ih_l0.dtype == np.float32
    x = Tensor(np.zeros((4, 7, 10), np.float32))
    out, (h, c) = lstm(x)
    assert out.shape == (4, 7, 20) and h.shape == (2, 4, 20) and c.shape == (2, 4, 20)
    out, h = nn.GRU(10, 20)(Tensor(np.zeros((7, 10), np.float32)))  # unbatched
    assert out.shape == (7, 20) and h.shape == (1, 20)
    names = [n for n, _ in nn.RNN(10, 20, bias=False).named_parameters()]
    assert names == ["weight_ih_l0", "weight_hh_l0"]


def test_dropout_between_layers_only_in_training():
    autograd.manual_seed(0)
    m = nn.GRU(3, 4, num_layers=2, dropout=0.5)
    x = Tensor(np.random.default_rng(0).standard_normal((5, 2, 3)).astype(np.float32))
    m.eval()
    a, b = m(x)[0].data, m(x)[0].data
    np.testing.assert_array_equal(a, b)
    m.train()
    assert not np.allclose(m(x)[0].data, a)


def test_recurrent_errors():
    with pytest.raises(ValueError, match=r"LSTM\(4, 5\).*\(L, N, 4\).*\(3, 2, 7\)"):
        nn.LSTM(4, 5)(Tensor(np.zeros((3, 2, 7))))
    with pytest.raises(ValueError, match="h0 of shape"):
        nn.GRU(4, 5)(Tensor(np.zeros((3, 2, 4))), Tensor(np.zeros((1, 3, 5))))
    with pytest.raises(ValueError, match="nonlinearity"):
        nn.RNN(4, 5, nonlinearity="sigmoid")
    with pytest.raises(ValueError, match=r"GRUCell\(4, 5\)"):
        nn.GRUCell(4, 5)(Tensor(np.zeros((2, 3))))


@pytest.mark.parametrize("mode", ["LSTM", "GRU", "RNN_TANH", "RNN_RELU"])
@pytest.mark.parametrize("bias", [True, False])
def test_fused_layer_gradcheck_and_double_backward(mode, bias, f64):
    """The whole-sequence layer op: gradients of every input, and second derivatives."""
    autograd.manual_seed(7)
    nl = "relu" if mode == "RNN_RELU" else "tanh"
    m = {"LSTM": nn.LSTM, "GRU": nn.GRU}.get(mode)
    m = m(2, 3, bias=bias) if m else nn.RNN(2, 3, nonlinearity=nl, bias=bias)
    rng = np.random.default_rng(8)
    x = Tensor(rng.standard_normal((4, 2, 2)), requires_grad=True)
    h = Tensor(rng.standard_normal((1, 2, 3)), requires_grad=True)
    c = Tensor(rng.standard_normal((1, 2, 3)), requires_grad=True)
    names, params = zip(*m.named_parameters())

    def f(x, h, c, *ps):
        vars(m).update(zip(names, ps))
        if mode == "LSTM":
            out, (hn, cn) = m(x, (h, c))
            return out, hn, cn
        out, hn = m(x, h)
        return out, hn * c  # c: an input of the test only

    assert gradcheck(f, (x, h, c, *params))
    assert gradgradcheck(f, (x, h, c, *params))


def test_fused_layer_array_and_graph_backward_agree(f64):
    """The numpy backward and the engine-op backward (create_graph) give the same gradients."""
    autograd.manual_seed(9)
    rng = np.random.default_rng(10)
    for m in (nn.LSTM(3, 4, num_layers=2), nn.GRU(3, 4), nn.RNN(3, 4, nonlinearity="relu")):
        x = Tensor(rng.standard_normal((5, 2, 3)), requires_grad=True)
        w = Tensor(rng.standard_normal((5, 2, 4)))
        ps = [x, *m.parameters()]
        loss = (m(x)[0] * w).sum()
        fast = autograd.grad(loss, ps, retain_graph=True)
        graph = autograd.grad(loss, ps, create_graph=True)
        for a, b in zip(fast, graph):
            np.testing.assert_allclose(a.data, b.data, rtol=1e-10, atol=1e-12)


def test_fused_layer_skips_inputs_without_grad():
    autograd.manual_seed(11)
    m = nn.LSTM(3, 4)
    for p in m.parameters():
        p.requires_grad = False
    m.weight_hh_l0.requires_grad = True
    x = Tensor(np.ones((2, 1, 3), np.float32))
    m(x)[0].sum().backward()
    assert m.weight_hh_l0.grad.shape == (16, 4) and m.weight_ih_l0.grad is None


def test_flatten_parameters_is_a_no_op():
    for cls in (nn.RNN, nn.LSTM, nn.GRU):
        m = cls(3, 4)
        before = {k: v.copy() for k, v in m.state_dict().items()}
        assert m.flatten_parameters() is None
        assert all(np.array_equal(v, m.state_dict()[k]) for k, v in before.items())
