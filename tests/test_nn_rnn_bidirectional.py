"""Bidirectional RNN, LSTM and GRU against PyTorch's (tests/data/rnn_bidirectional.npz,
recorded by tools/make_rnn_bidirectional_fixtures.py), and gradcheck in float64."""

from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, gradcheck

DATA = np.load(Path(__file__).parent / "data" / "rnn_bidirectional.npz")
CASES = [  # (layer, batch_first, with an initial state), as the fixture's cases
    ("RNN", False, True),
    ("LSTM", False, True),
    ("LSTM", True, False),
    ("GRU", True, True),
]


@pytest.mark.parametrize("cls", ["RNN", "LSTM", "GRU"])
def test_initialisation_draws_pytorch_numbers_in_its_order(cls):
    autograd.manual_seed(0)
    m = getattr(nn, cls)(3, 2, 2, bidirectional=True)
    state = m.state_dict()
    want = [k.split(".", 2)[2] for k in DATA.files if k.startswith(f"init.{cls}.")]
    assert list(state) == want  # each layer's forward weights, then its _reverse ones
    for k in want:
        np.testing.assert_array_equal(np.asarray(state[k]), DATA[f"init.{cls}.{k}"], err_msg=k)
    assert m.weight_ih_l1.shape == (m.weight_ih_l0.shape[0], 4)  # layer 2 reads both ways
    assert repr(m).endswith(", num_layers=2, bidirectional=True)")


@pytest.mark.parametrize("i", range(len(CASES)))
def test_outputs_and_gradients_match_pytorch(i):
    cls, batch_first, with_h0 = CASES[i]
    name, lstm = f"case{i}", cls == "LSTM"
    m = getattr(nn, cls)(3, 2, 2, batch_first=batch_first, bidirectional=True, dtype=np.float64)
    params = [k.split(".", 2)[2] for k in DATA.files if k.startswith(f"{name}.state.")]
    m.load_state_dict({k: Tensor(DATA[f"{name}.state.{k}"]) for k in params})
    x = Tensor(DATA[f"{name}.x"], requires_grad=True)
    hx = None
    if with_h0:
        hx = Tensor(DATA[f"{name}.h0"])
        if lstm:
            hx = (hx, Tensor(DATA[f"{name}.c0"]))
    out, state = m(x, hx)
    h_n, c_n = state if lstm else (state, None)
    np.testing.assert_allclose(out.numpy(), DATA[f"{name}.out"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(h_n.numpy(), DATA[f"{name}.h_n"], rtol=1e-12, atol=1e-12)
    if lstm:
        np.testing.assert_allclose(c_n.numpy(), DATA[f"{name}.c_n"], rtol=1e-12, atol=1e-12)
    loss = (out * Tensor(DATA[f"{name}.gy"])).sum() + h_n.sum() + (c_n.sum() if lstm else 0)
    loss.backward()
    np.testing.assert_allclose(x.grad.numpy(), DATA[f"{name}.grad.x"], rtol=1e-10, atol=1e-12)
    for k, p in m.named_parameters():
        np.testing.assert_allclose(
            p.grad.numpy(), DATA[f"{name}.grad.{k}"], rtol=1e-10, atol=1e-12, err_msg=k
        )


@pytest.mark.parametrize("cls", ["RNN", "LSTM", "GRU"])
def test_gradcheck_float64(cls):
    autograd.manual_seed(3)
    m = getattr(nn, cls)(3, 2, 2, bidirectional=True, dtype=np.float64)
    x = Tensor(np.random.default_rng(0).standard_normal((4, 2, 3)), requires_grad=True)
    h0 = Tensor(np.random.default_rng(1).standard_normal((4, 2, 2)), requires_grad=True)

    def f(x, h0, *params):  # the parameters are the module's own (gradcheck perturbs them)
        out, state = m(x, (h0, h0 * 0.5) if cls == "LSTM" else h0)
        h_n = state[0] if cls == "LSTM" else state
        return out.sum() + (h_n * h_n).sum()

    assert gradcheck(f, (x, h0, *m.parameters()))


def test_unbatched_and_shapes():
    autograd.manual_seed(0)
    m = nn.GRU(3, 2, bidirectional=True)
    out, h_n = m(autograd.randn(5, 3))  # (L, H_in) without a batch
    assert out.shape == (5, 4) and h_n.shape == (2, 2)
    with pytest.raises(ValueError, match=r"expected h0 of shape \(2, 1, 2\)"):
        m(autograd.randn(5, 1, 3), autograd.zeros(1, 1, 2))
