"""Activations: values against numpy formulas, gradcheck and gradgradcheck, modules."""

import math

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


def _x(shape=(3, 4), seed=0, away=0.1):
    """Random values kept away from 0 (where relu-like functions have a kink)."""
    rng = np.random.default_rng(seed)
    v = rng.uniform(-3, 3, shape)
    v = np.where(np.abs(v) < away, np.sign(v + 1e-12) * away, v)
    return v


_erf = np.vectorize(math.erf)
_phi = lambda v: 0.5 * (1 + _erf(v / math.sqrt(2)))  # noqa: E731
_SA, _SS = 1.6732632423543772848170429916717, 1.0507009873554804934193349852946


def _sqnl(v):
    return np.where(v > 2, 1, np.where(v >= 0, v - v**2 / 4, np.where(v >= -2, v + v**2 / 4, -1)))


def _bipolar(v):
    even = (np.arange(v.shape[-1]) % 2 == 0)[None, :]
    return np.where(even, np.maximum(v, 0), -np.maximum(-v, 0))


# name, function, numpy reference, has a second derivative worth checking
CASES = [
    ("identity", F.identity, lambda v: v),
    ("relu", F.relu, lambda v: np.maximum(v, 0)),
    ("leaky_relu", lambda x: F.leaky_relu(x, 0.2), lambda v: np.where(v > 0, v, 0.2 * v)),
    ("rrelu_eval", F.rrelu, lambda v: np.where(v >= 0, v, v * (1 / 8 + 1 / 3) / 2)),
    ("elu", lambda x: F.elu(x, 1.5), lambda v: np.where(v > 0, v, 1.5 * (np.exp(v) - 1))),
    ("selu", F.selu, lambda v: _SS * np.where(v > 0, v, _SA * (np.exp(v) - 1))),
    ("gelu", F.gelu, lambda v: v * _phi(v)),
    (
        "gelu_tanh",
        lambda x: F.gelu(x, approximate="tanh"),
        lambda v: 0.5 * v * (1 + np.tanh(math.sqrt(2 / math.pi) * (v + 0.044715 * v**3))),
    ),
    ("silu", F.silu, lambda v: v / (1 + np.exp(-v))),
    ("sigmoid", F.sigmoid, lambda v: 1 / (1 + np.exp(-v))),
    ("tanh", F.tanh, np.tanh),
    ("softplus", F.softplus, lambda v: np.log1p(np.exp(v))),
    (
        "softplus_beta",
        lambda x: F.softplus(x, beta=2.0, threshold=3.0),
        lambda v: np.where(2 * v > 3, v, np.log1p(np.exp(2 * v)) / 2),
    ),
    ("softsign", F.softsign, lambda v: v / (1 + np.abs(v))),
    ("softmax", F.softmax, lambda v: np.exp(v) / np.exp(v).sum(-1, keepdims=True)),
    (
        "softmax_dim0",
        lambda x: F.softmax(x, dim=0),
        lambda v: np.exp(v) / np.exp(v).sum(0, keepdims=True),
    ),
    ("log_softmax", F.log_softmax, lambda v: v - np.log(np.exp(v).sum(-1, keepdims=True))),
    ("arctan", F.arctan, np.arctan),
    ("isru", lambda x: F.isru(x, 0.5), lambda v: v / np.sqrt(1 + 0.5 * v**2)),
    ("isrlu", F.isrlu, lambda v: np.where(v >= 0, v, v / np.sqrt(1 + v**2))),
    ("sqnl", F.sqnl, _sqnl),
    ("bipolar_relu", F.bipolar_relu, _bipolar),
]


@pytest.mark.parametrize("name,fn,ref", CASES, ids=[c[0] for c in CASES])
def test_values(name, fn, ref):
    v = _x()
    np.testing.assert_allclose(fn(Tensor(v)).data, ref(v), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("name,fn,ref", CASES, ids=[c[0] for c in CASES])
def test_gradcheck_and_gradgradcheck(name, fn, ref):
    x = Tensor(_x((2, 3), seed=1), requires_grad=True)
    assert autograd.gradcheck(fn, (x,))
    assert autograd.gradgradcheck(fn, (x,))


def test_known_values():
    # from PyTorch's documentation and standard tables
    x = Tensor(np.array([-1.0, 0.0, 1.0]))
    np.testing.assert_allclose(F.gelu(x).data, [-0.15865525, 0.0, 0.84134475], atol=1e-8)
    np.testing.assert_allclose(F.selu(x).data, [-1.11133074, 0.0, 1.05070099], atol=1e-8)
    np.testing.assert_allclose(F.silu(x).data, [-0.26894142, 0.0, 0.73105858], atol=1e-8)
    np.testing.assert_allclose(F.softplus(x).data, [0.31326169, 0.69314718, 1.31326169])
    np.testing.assert_allclose(F.binary_step(x).data, [0, 1, 1])
    np.testing.assert_allclose(
        F.sqnl(Tensor(np.array([-3.0, -2.0, 1.0, 2.0, 5.0]))).data, [-1, -1, 0.75, 1, 1]
    )


def test_softplus_and_sigmoid_stable_at_extremes():
    x = Tensor(np.array([-1e4, -50.0, 50.0, 1e4]), requires_grad=True)
    y = F.softplus(x)
    y.sum().backward()
    assert np.all(np.isfinite(y.data)) and np.all(np.isfinite(x.grad.data))
    np.testing.assert_allclose(y.data, [0, np.exp(-50), 50, 1e4], rtol=1e-12)
    e = Tensor(np.array([-1e4, 1e3]), requires_grad=True)
    F.elu(e).sum().backward()
    assert np.all(np.isfinite(e.grad.data))
    np.testing.assert_allclose(e.grad.data, [0, 1])


def test_relu_derivative_at_zero_is_zero():
    x = Tensor(np.array([-1.0, 0.0, 1.0]), requires_grad=True)
    F.relu(x).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [0, 0, 1])


def test_binary_step_has_zero_gradient():
    x = Tensor(_x(), requires_grad=True)
    y = F.binary_step(x)
    assert y.requires_grad
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, 0)


def test_gelu_derivative_formula():
    v = _x((5,))
    x = Tensor(v, requires_grad=True)
    F.gelu(x).sum().backward()
    pdf = np.exp(-(v**2) / 2) / math.sqrt(2 * math.pi)
    np.testing.assert_allclose(x.grad.data, _phi(v) + v * pdf, rtol=1e-10)


def test_prelu_learnable_per_channel_broadcast():
    x = Tensor(_x((2, 3, 4), seed=3), requires_grad=True)
    w = Tensor(np.array([0.1, 0.2, 0.3]), requires_grad=True)
    y = F.prelu(x, w)
    ref = np.where(x.data > 0, x.data, x.data * w.data[None, :, None])
    np.testing.assert_allclose(y.data, ref)
    assert autograd.gradcheck(F.prelu, (x, w))
    assert autograd.gradgradcheck(F.prelu, (x, w))
    m = nn.PReLU()
    assert m.weight.shape == (1,) and float(m.weight.data[0]) == 0.25
    assert [n for n, _ in m.named_parameters()] == ["weight"]
    out = m(Tensor(np.array([-2.0, 2.0])))
    np.testing.assert_allclose(out.data, [-0.5, 2.0])


def test_broadcasting_activation_in_expression():
    x = Tensor(_x((3, 1)), requires_grad=True)
    b = Tensor(_x((1, 4), seed=5), requires_grad=True)
    assert autograd.gradcheck(lambda x, b: F.gelu(x + b) * F.sigmoid(b), (x, b))
    assert autograd.gradgradcheck(lambda x, b: F.isrlu(x * b), (x, b))


def test_rrelu_train_vs_eval():
    autograd.manual_seed(0)
    m = nn.RReLU(0.1, 0.3)
    v = -np.ones((200,))
    y = m(Tensor(v)).data
    slopes = -y
    assert np.all((slopes >= 0.1) & (slopes <= 0.3)) and slopes.std() > 0.01
    m.eval()
    np.testing.assert_allclose(m(Tensor(v)).data, -0.2 * np.ones(200))
    np.testing.assert_allclose(m(Tensor(np.array([2.0]))).data, [2.0])


def test_bipolar_relu_axis():
    v = _x((4, 3))
    y = F.bipolar_relu(Tensor(v), axis=0).data
    np.testing.assert_allclose(y, _bipolar(v.T).T)


MODULES = [
    (nn.ReLU(), F.relu),
    (nn.LeakyReLU(0.3), lambda x: F.leaky_relu(x, 0.3)),
    (nn.ELU(0.5), lambda x: F.elu(x, 0.5)),
    (nn.SELU(), F.selu),
    (nn.GELU(), F.gelu),
    (nn.GELU("tanh"), lambda x: F.gelu(x, "tanh")),
    (nn.SiLU(), F.silu),
    (nn.Sigmoid(), F.sigmoid),
    (nn.Tanh(), F.tanh),
    (nn.Softplus(2.0, 5.0), lambda x: F.softplus(x, 2.0, 5.0)),
    (nn.Softsign(), F.softsign),
    (nn.Softmax(dim=0), lambda x: F.softmax(x, 0)),
    (nn.Softmax(axis=1), lambda x: F.softmax(x, 1)),
    (nn.LogSoftmax(dim=-1), F.log_softmax),
    (nn.Identity(), F.identity),
    (nn.BinaryStep(), F.binary_step),
    (nn.ArcTan(), F.arctan),
    (nn.ISRU(0.3), lambda x: F.isru(x, 0.3)),
    (nn.ISRLU(0.3), lambda x: F.isrlu(x, 0.3)),
    (nn.SQNL(), F.sqnl),
    (nn.BipolarReLU(axis=0), lambda x: F.bipolar_relu(x, 0)),
]


@pytest.mark.parametrize("module,fn", MODULES, ids=[repr(m) for m, _ in MODULES])
def test_modules_match_functions(module, fn):
    x = Tensor(_x())
    np.testing.assert_allclose(module(x).data, fn(x).data)
    assert list(module.parameters()) == []
    assert type(module).__name__ in repr(module)


def test_gelu_rejects_unknown_approximation():
    with pytest.raises(ValueError, match="approximate"):
        F.gelu(Tensor(np.ones(2)), approximate="fast")


def test_float32_stays_float32():
    autograd.set_default_dtype(np.float32)
    x = Tensor(np.ones((2, 2), dtype=np.float32))
    for fn in (F.gelu, F.softplus, F.arctan, F.relu, F.sqnl, F.binary_step, F.elu):
        assert fn(x).dtype == np.float32


# PyTorch 2.13, float64: x below, h = x * 1.5, y = f(h, inplace=True), (y * y * arange(6)).sum()
# backward; y's values and x's gradient.
_INPLACE_X = [1.5409961082440433, -0.2934289057609464, -2.1787893820745574,
              0.5684312772806678, -1.084522342424021, -1.3985953953708767]  # fmt: skip
_INPLACE_TORCH = {
    "relu": (
        [2.311494162366065, 0.0, 0.0, 0.8526469159210017, 0.0, 0.0],
        [0.0, 0.0, 0.0, 7.673822243289015, 0.0, 0.0],
    ),
    "leaky_relu": (
        [2.311494162366065, -0.08802867172828392, -0.6536368146223673, 0.8526469159210017,
         -0.3253567027272063, -0.41957861861126305],
        [0.0, -0.05281720303697036, -0.7843641775468408, 7.673822243289015,
         -0.7808560865452951, -1.258735855833789],
    ),
    "elu": (
        [2.311494162366065, -0.24923913033985307, -0.6733471453304486, 0.8526469159210017,
         -0.5624074445216499, -0.6140997068230677],
        [0.0, -0.33704174143599264, -0.10767974163989835, 7.673822243289015,
         -0.9285969301413861, -0.7912701728395449],
    ),
    "selu": (
        [2.428689198664454, -0.6259816439483844, -1.691158817667035, 0.8958769564238018,
         -1.4125259392873861, -1.5423546996860038],
        [0.0, -2.1260546911436697, -0.6792423362140767, 8.471689223971602,
         -5.857576723575152, -4.991321418409708],
    ),
    "silu": (
        [2.103054060380469, -0.1724071510833848, -0.1198735194862811, 0.5978095950153698,
         -0.26723410969597194, -0.229303428579874],
        [0.0, -0.1483560333959712, 0.05667458072269178, 4.733544599258424,
         0.18940604596799604, 0.3265454674973841],
    ),
}  # fmt: skip
_INPLACE_CALLS = {
    "relu": lambda t: nn.functional.relu(t, inplace=True),
    "leaky_relu": lambda t: nn.functional.leaky_relu(t, 0.2, inplace=True),
    "elu": lambda t: nn.functional.elu(t, 0.7, inplace=True),
    "selu": lambda t: nn.functional.selu(t, inplace=True),
    "silu": lambda t: nn.functional.silu(t, inplace=True),
}


@pytest.mark.parametrize("name", sorted(_INPLACE_TORCH))
def test_inplace_activations_overwrite_their_input_and_backpropagate_as_pytorch(name):
    x = autograd.tensor(_INPLACE_X, dtype=autograd.float64, requires_grad=True)
    h = x * 1.5
    y = _INPLACE_CALLS[name](h)
    assert y is h
    (y * y * autograd.arange(6.0, dtype=autograd.float64)).sum().backward()
    values, grad = _INPLACE_TORCH[name]
    np.testing.assert_allclose(y.numpy(), values, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(x.grad.numpy(), grad, rtol=1e-12, atol=1e-15)


def test_inplace_modules_as_pytorch():
    m = nn.Sequential(
        nn.ReLU(inplace=True), nn.LeakyReLU(0.1, inplace=True), nn.ELU(inplace=True),
        nn.SELU(inplace=True), nn.SiLU(inplace=True),
    )  # fmt: skip
    assert "ReLU(inplace=True)" in repr(m) and "ELU(alpha=1.0, inplace=True)" in repr(m)
    x = autograd.tensor([-1.0, 2.0])
    assert m[0](x) is x and x.tolist() == [0.0, 2.0]  # no grad: the values are overwritten
    leaf = autograd.tensor([-1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Tensor that requires grad"):
        nn.SiLU(inplace=True)(leaf)  # PyTorch refuses it too
    with autograd.no_grad():
        nn.ReLU(inplace=True)(leaf)
    assert leaf.tolist() == [0.0, 2.0]
    with pytest.raises(TypeError, match="needs a Tensor"):
        nn.functional.relu(np.array([1.0]), inplace=True)
