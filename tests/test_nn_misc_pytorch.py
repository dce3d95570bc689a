"""nn's bilinear, gumbel_softmax, alpha dropout, channel shuffle, local response norm,
multilabel margin loss, adaptive max pooling with indices and deprecated aliases against
PyTorch.

tests/data/nnmisc_pytorch.npz holds PyTorch 2.13's numbers (tools/make_nnmisc_fixtures.py):
each case is a PyTorch expression with its imports changed, evaluated here with graphgrad
(the random ones after seeding the default generator as PyTorch's was: the same noise).
Values, dtypes, first gradients and second derivatives must match; the float64 cases are
also checked against finite differences (gradcheck and gradgradcheck, the random ones
re-seeded at every evaluation). Bad input raises PyTorch's exception type with a message
that names the problem; modules print as PyTorch's.
"""

from __future__ import annotations

import builtins
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "nnmisc_pytorch.npz")
CASES = [str(n) for n in DATA["cases"]]
ERRORS = [str(n) for n in DATA["errors"]]
ENV = {"F": nn.functional, "nn": nn, "autograd": autograd}

pytestmark = [
    pytest.mark.filterwarnings("ignore:size_average and reduce args will be deprecated"),
    pytest.mark.filterwarnings("ignore:`NLLLoss2d` has been deprecated:FutureWarning"),
    pytest.mark.filterwarnings("ignore:`nn.Container` is deprecated:FutureWarning"),
]


def _config(name: str) -> dict:
    return json.loads(str(DATA[f"{name}/config"]))


def _inputs(prefix: str, grads=()) -> dict:
    keys = sorted(k for k in DATA.files if k.startswith(f"{prefix}/in/"))
    return {k.rsplit("/", 1)[1]: Tensor(DATA[k], requires_grad=k.rsplit("/", 1)[1] in grads)
            for k in keys}  # fmt: skip


def _run(expr: str, env: dict, seed=None):
    if seed is not None:
        autograd.manual_seed(seed)
    return eval(expr, dict(ENV), env)  # noqa: S307 (the recorded expression)


def _tol(dtype: str) -> dict:
    return {"rtol": 1e-8, "atol": 1e-12} if dtype == "float64" else {"rtol": 2e-5, "atol": 2e-6}


def _close(ours, theirs, dtype: str, what: str) -> None:
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} != PyTorch's {theirs.shape}"
    np.testing.assert_allclose(ours, theirs, equal_nan=True, err_msg=what, **_tol(dtype))


@pytest.mark.parametrize("name", CASES)
def test_values_and_gradients_match_pytorch(name):
    cfg = _config(name)
    grads = cfg["grads"]
    env = _inputs(name, grads)
    y = _run(cfg["expr"], env, cfg["seed"])
    _close(y.numpy(), DATA[f"{name}/y"], cfg["dtype"], f"{name}: value")
    assert str(y.dtype) == str(DATA[f"{name}/ydtype"]), name
    if not grads:
        return
    leaves = [env[k] for k in grads]
    first = autograd.grad(y, leaves, Tensor(DATA[f"{name}/g"]), create_graph=True,
                          allow_unused=True)  # fmt: skip
    for k, d in zip(grads, first, strict=True):
        ours = np.zeros(env[k].shape) if d is None else d.numpy()
        _close(ours, DATA[f"{name}/grad/{k}"], cfg["dtype"], f"{name}: gradient of {k}")
    if f"{name}/gg/{grads[0]}" not in DATA.files:
        return  # float32, or PyTorch has no second derivative here (gradgradcheck below)
    terms = [
        (d * Tensor(DATA[f"{name}/v/{k}"])).sum() for k, d in zip(grads, first) if d is not None
    ]
    s = sum(terms[1:], terms[0]) if terms else None
    second = [None] * len(leaves)
    if s is not None and s.requires_grad:
        second = autograd.grad(s, leaves, allow_unused=True)
    for k, d in zip(grads, second, strict=True):
        ours = np.zeros(env[k].shape) if d is None else d.numpy()
        _close(ours, DATA[f"{name}/gg/{k}"], "float64", f"{name}: second derivative, {k}")


def _differences_apply(name: str) -> bool:
    """float64, away from kinks, with inputs to vary (an empty one has nothing to vary)."""
    cfg = _config(name)
    sizes = [DATA[f"{name}/in/{k}"].size for k in cfg["grads"]]
    if not (cfg["fd"] and cfg["dtype"] == "float64" and sizes):
        return False
    return min(sizes) > 0 and DATA[f"{name}/y"].size > 0


FD_CASES = [n for n in CASES if _differences_apply(n)]


@pytest.mark.parametrize("name", FD_CASES)
def test_gradients_match_finite_differences(name):
    cfg = _config(name)
    grads = cfg["grads"]
    env = _inputs(name, grads)

    def fn(*ts):
        return _run(cfg["expr"], dict(env, **dict(zip(grads, ts, strict=True))), cfg["seed"])

    leaves = tuple(env[k] for k in grads)
    assert autograd.gradcheck(fn, leaves, atol=1e-6, rtol=1e-4)
    assert autograd.gradgradcheck(fn, leaves, atol=1e-6, rtol=1e-4)


# The words graphgrad's message must contain (PyTorch's exception type is recorded).
MESSAGES = {
    "bilinear_batch": "input batch dimensions do not match at dim 0: got 2 and 3",
    "bilinear_in2": "input2 size does not match weight size: got 5 but expected 4",
    "bilinear_in1": "input1 size does not match weight size: got 4 but expected 3",
    "bilinear_bias": "bias size does not match weight size: got 4 but expected 5",
    "bilinear_0d": "tensor has no dimensions",
    "Bilinear_zero": r"in1_features must be > 0, but got \(in1_features=0\)",
    "alpha_dropout_p": "dropout probability has to be between 0 and 1, but got 1.5",
    "AlphaDropout_p": "dropout probability has to be between 0 and 1, but got 2",
    "feature_alpha_1d": "Feature dropout requires at least 2 dimensions in the input",
    "torch_dropout_p": "dropout probability has to be between 0 and 1, but got 1.5",
    "torch_dropout_train": "train",
    "channel_shuffle_groups": "Got 3 channels and 2 groups",
    "channel_shuffle_2d": r"expects input with > 2 dims, but got input with sizes \[2, 4\]",
    "channel_shuffle_zero": "groups to divide channels in must be positive. Value of groups:0",
    "lrn_2d": r"Expected 3D or higher dimensionality input \(got 2 dimensions\)",
    "lrn_size_0": "kernel size should be greater than zero",
    "multilabel_float_target": "expected scalar type Long but found float64",
    "multilabel_target_size": r"inconsistent target size: \[2, 3\] for input of size: \[2, 4\]",
    "multilabel_range": "'target' is out of range",
    "multilabel_no_classes": r"Expected non-empty vector or matrix .* but got: \[2, 0\]",
    "multilabel_3d": r"Expected non-empty vector or matrix .* but got: \[2, 3, 4\]",
    "multilabel_reduction": "reduction must be one of",
    "embedding_bag_first_offset": "offsets\\[0\\] has to be 0",
    "embedding_bag_last_offset": r"greater than input's length 3 but got offsets\[-1\] of 4",
    "embedding_bag_2d_offsets": "if input is 2D, then offsets has to be None",
    "embedding_bag_no_offsets": "offsets has to be a 1D Tensor but got None",
    "embedding_bag_3d": "input has to be 1D or 2D Tensor, but got Tensor of dimension 3",
    "embedding_bag_mode": "mode has to be one of sum, mean or max",
    "embedding_bag_psw_mean": "per_sample_weights is only supported for mode='sum'",
    "embedding_bag_psw_shape": "it must have the same shape as the input",
    "embedding_bag_weight_1d": "weight has to be a 2D Tensor, but got Tensor of dimension 1",
    "grid_sample_mode": "expected mode to be 'bilinear', 'nearest' or 'bicubic', but got: 'area'",
    "grid_sample_padding": "padding_mode to be 'zeros', 'border', or 'reflection', but got: 'wrap'",
    "grid_sample_dims": "expected 4D input and grid with same number of dimensions",
    "grid_sample_batch": "expected grid and input to have same batch size",
    "grid_sample_last": "expected grid to have size 2 in last dimension",
    "affine_grid_theta": "Expected a batch of 2D affine matrices of shape Nx2x3",
    "affine_grid_size": "affine_grid only supports 4D and 5D sizes",
    "affine_grid_int": "Expected theta to have floating point type, but got int64",
    "affine_grid_zero": r"Expected non-zero, positive output size. Got \(1, 1, 0, 2\)",
    "rnn_base_mode": "Unrecognized RNN mode: X",
    "poisson_negative": "invalid Poisson rate, expected rate to be non-negative",
    "poisson_nan": "invalid Poisson rate, expected rate to be non-negative",
    "poisson_int": '"poisson_cpu" not implemented for int64',
    "gumbel_int": "dtype must be a floating point but you specified int64",
    "gumbel_dim": r"Dimension out of range \(expected to be in range of \[-1, 0\], but got 3\)",
}


def test_every_recorded_error_has_its_words():
    assert set(MESSAGES) == set(ERRORS)


@pytest.mark.parametrize("name", ERRORS)
def test_errors_match_pytorch(name):
    cfg = json.loads(str(DATA[f"error/{name}/config"]))
    exc = getattr(builtins, cfg["type"])
    with pytest.raises(exc, match=MESSAGES[name]):
        _run(cfg["expr"], _inputs(f"error/{name}"))


@pytest.mark.parametrize(
    "expr, text", list(zip(map(str, DATA["reprs"]), map(str, DATA["repr_text"]), strict=True))
)
def test_modules_print_as_pytorch(expr, text):
    assert repr(_run(expr, {})) == text


# ------------------------------------------------------------ by hand
def test_deprecated_names_warn_as_pytorch():
    with pytest.warns(FutureWarning, match="`NLLLoss2d` has been deprecated. Please use `NLLLoss`"):
        loss = nn.NLLLoss2d(ignore_index=1)
    assert isinstance(loss, nn.NLLLoss) and loss.ignore_index == 1
    with pytest.warns(FutureWarning, match="`nn.Container` is deprecated"):
        c = nn.Container(fc=nn.Linear(2, 3))
    assert [n for n, _ in c.named_parameters()] == ["fc.weight", "fc.bias"]


def test_gumbel_softmax_eps_is_deprecated():
    x = Tensor(np.zeros((2, 3)))
    with pytest.warns(UserWarning, match="`eps` parameter is deprecated and has no effect"):
        nn.functional.gumbel_softmax(x, eps=1e-5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.functional.gumbel_softmax(x)


def test_alpha_dropout_keeps_mean_and_variance():
    autograd.manual_seed(3)
    x = Tensor(np.random.default_rng(0).standard_normal(200_000))
    y = nn.functional.alpha_dropout(x, 0.3, True).numpy()
    assert abs(y.mean()) < 0.01 and abs(y.std() - 1.0) < 0.01
    dropped = -1.7580993408473766 * (1 / np.sqrt((1.7580993408473766**2 * 0.3 + 1) * 0.7))
    assert abs((np.isclose(y, dropped + 0.3 * 1.7580993408473766 / np.sqrt(
        (1.7580993408473766**2 * 0.3 + 1) * 0.7))).mean() - 0.3) < 0.01  # fmt: skip


def test_grid_functions_warn_when_align_corners_is_left_out():
    theta = Tensor(np.array([[[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]]))
    with pytest.warns(UserWarning, match="changed to align_corners=False since 1.3.0"):
        grid = nn.functional.affine_grid(theta, (1, 1, 2, 2))
    x = Tensor(np.arange(4.0).reshape(1, 1, 2, 2))
    with pytest.warns(UserWarning, match="changed to align_corners=False since 1.3.0"):
        y = nn.functional.grid_sample(x, grid)
    np.testing.assert_allclose(y.numpy(), x.numpy())  # the identity transform
    with pytest.raises(NotImplementedError, match="5-d"):
        volume, grid3 = Tensor(np.zeros((1, 1, 2, 2, 2))), Tensor(np.zeros((1, 1, 1, 1, 3)))
        nn.functional.grid_sample(volume, grid3, align_corners=False)


def test_recurrent_layers_derive_from_pytorchs_bases():
    assert all(issubclass(c, nn.RNNBase) for c in (nn.RNN, nn.LSTM, nn.GRU))
    assert all(issubclass(c, nn.RNNCellBase) for c in (nn.RNNCell, nn.LSTMCell, nn.GRUCell))
    autograd.manual_seed(0)
    base = nn.RNNBase("LSTM", 3, 4, dtype=autograd.float64)
    autograd.manual_seed(0)
    lstm = nn.LSTM(3, 4, dtype=autograd.float64)
    assert [n for n, _ in base.named_parameters()] == [n for n, _ in lstm.named_parameters()]
    x = Tensor(np.random.default_rng(0).standard_normal((5, 2, 3)))
    np.testing.assert_array_equal(base(x)[0].numpy(), lstm(x)[0].numpy())
    cell = nn.RNNCellBase(3, 4, True, 3)
    assert cell.weight_ih.shape == (12, 3)
    with pytest.raises(NotImplementedError, match="use RNNCell, LSTMCell or GRUCell"):
        cell(Tensor(np.zeros((2, 3))))


def test_a_buffer_assigned_to_a_module_is_registered():
    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.fc = nn.Linear(2, 2)
            self.mean = nn.Buffer(autograd.zeros(2))
            self.scratch = nn.Buffer(autograd.ones(3), persistent=False)
            self.plain = autograd.ones(1)  # a Tensor: not registered, as PyTorch's

    net = Net()
    assert [n for n, _ in net.named_buffers()] == ["mean", "scratch"]
    assert list(net.state_dict()) == ["mean", "fc.weight", "fc.bias"]
    assert type(net.mean) is Tensor  # Buffer is a marker: the module keeps a plain Tensor
    net.mean = nn.Buffer(autograd.ones(2), persistent=False)  # re-assigned: now left out
    assert list(net.state_dict()) == ["fc.weight", "fc.bias"]
    assert nn.Buffer().shape == (0,) and nn.Buffer().persistent
    t = autograd.ones(2, requires_grad=True)
    b = nn.Buffer(t * 2)
    assert b.grad_fn is None and np.array_equal(b.numpy(), [2.0, 2.0])


def test_with_indices_forms_return_both():
    x = Tensor(np.random.default_rng(1).standard_normal((1, 2, 6, 5)))
    v, i = nn.functional.adaptive_max_pool2d_with_indices(x, 3)
    v2, i2 = nn.functional.adaptive_max_pool2d(x, 3, return_indices=True)
    assert np.array_equal(v.numpy(), v2.numpy()) and np.array_equal(i.numpy(), i2.numpy())
    v, i = nn.functional.adaptive_max_pool1d_with_indices(x[0], 2)
    assert v.shape == (2, 6, 2) and i.dtype == autograd.int64


@pytest.mark.parametrize(
    "mode, out, grad",
    [  # PyTorch 2.13: the last offset (5) closes nothing, the last bag runs to the end
        ("sum", [3.0, 0.0, 27.0], [0, 1, 2, 1, 2, 1, 0, 0, 0, 1]),
        ("mean", [1.5, 0.0, 4.5], [0, 1 / 2, 2 / 3, 1 / 6, 1 / 3, 1 / 6, 0, 0, 0, 1 / 6]),
        ("max", [2.0, 0.0, 9.0], [0, 0, 1, 0, 0, 0, 0, 0, 0, 1]),
    ],
)
def test_embedding_bag_last_offset_short_of_the_input_ends_the_last_bag_at_its_end(mode, out, grad):
    import nn.functional as F

    w = autograd.tensor(np.arange(10.0)[:, None] * np.array([1.0, 100.0]), requires_grad=True)
    idx, offsets = autograd.tensor([1, 2, 4, 5, 4, 3, 2, 9]), autograd.tensor([0, 2, 2, 5])
    y = F.embedding_bag(idx, w, offsets, mode=mode, include_last_offset=True)
    y.sum().backward()
    np.testing.assert_allclose(y.numpy()[:, 0], out)
    np.testing.assert_allclose(w.grad.numpy()[:, 0], grad)
    one = F.embedding_bag(idx, w, autograd.tensor([0]), include_last_offset=True)
    assert one.shape == (0, 2)  # a single offset with include_last_offset: no bags


def test_buffer_assignment_follows_pytorchs_rules():
    lin = nn.Linear(2, 2)
    with pytest.raises(TypeError, match="as parameter 'weight'"):
        lin.weight = nn.Buffer(autograd.ones(2, 2))
    seq = nn.Sequential()
    seq.add_module("x", nn.Linear(1, 1))
    with pytest.raises(TypeError, match="as child module 'x'"):
        seq.x = nn.Buffer(autograd.ones(1))
    m = nn.Module()
    m.b = nn.Buffer(autograd.ones(2), persistent=False)
    with pytest.raises(TypeError, match="as buffer 'b'"):
        m.b = 3
    m.b = nn.Parameter(autograd.ones(2))  # a parameter over a buffer: no longer a buffer
    assert [n for n, _ in m.named_buffers()] == []
    assert [n for n, _ in m.named_parameters()] == ["b"] and list(m.state_dict()) == ["b"]
    m.c = nn.Buffer(autograd.ones(2))
    m.c = nn.Linear(1, 1)  # so is a module
    assert list(m.state_dict()) == ["b", "c.weight", "c.bias"]


def test_embedding_bag_index_out_of_range_is_pytorchs_error():
    import nn.functional as F

    with pytest.raises(
        RuntimeError,
        match=r"Index 1 of input takes value 7 which is not in the valid range \[0, 3\)",
    ):
        F.embedding_bag(autograd.tensor([0, 7]), autograd.zeros(3, 2), autograd.tensor([0]))
