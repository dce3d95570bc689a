"""nn's CTC loss, fractional max pooling, adaptive log-softmax, linear cross-entropy,
CrossMapLRN2d, conv_tbc, SyncBatchNorm and DataParallel against PyTorch.

tests/data/nnextra_pytorch.npz holds PyTorch 2.13's numbers (tools/make_nnextra_fixtures.py):
each case is a PyTorch expression with its imports changed, evaluated here with graphgrad
(the random ones after seeding the default generator as PyTorch's was: the same samples and
weights). Values, dtypes, first gradients and, where PyTorch has them, second derivatives
must match; the float64 cases are also checked against finite differences (gradcheck, and
gradgradcheck where PyTorch has a second derivative). Where PyTorch's gradient is a closed
form that is not the derivative of its value (CTC with respect to log-probabilities that are
not a log_softmax, CrossMapLRN2d's legacy kernel) only PyTorch's numbers are compared. Bad
input raises PyTorch's exception type with PyTorch's message (or one naming the problem
where noted); modules print as PyTorch's.
"""

from __future__ import annotations

import builtins
import json
import re
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.linear_cross_entropy as lce
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "nnextra_pytorch.npz")
CASES = [str(n) for n in DATA["cases"]]
ERRORS = [str(n) for n in DATA["errors"]]
ENV = {"F": nn.functional, "nn": nn, "autograd": autograd}

# an adaptive softmax tail of hidden size 0 (6 // 2**3), as PyTorch warns too
pytestmark = pytest.mark.filterwarnings("ignore:Initializing zero-element tensors is a no-op")


def _config(name: str) -> dict:
    return json.loads(str(DATA[f"{name}/config"]))


def _inputs(prefix: str, grads=()) -> dict:
    keys = sorted(k for k in DATA.files if k.startswith(f"{prefix}/in/"))
    return {k.rsplit("/", 1)[1]: Tensor(DATA[k], requires_grad=k.rsplit("/", 1)[1] in grads)
            for k in keys}  # fmt: skip


def _run(expr: str, env: dict, seed=None):
    if seed is not None:
        autograd.manual_seed(seed)
    return eval(expr, {**ENV, **env})  # noqa: S307 (the recorded expression; lambdas see env)


def _tol(dtype: str) -> dict:
    return {"rtol": 1e-8, "atol": 1e-11} if dtype == "float64" else {"rtol": 2e-5, "atol": 2e-6}


def _close(ours, theirs, dtype: str, what: str) -> None:
    ours = np.asarray(ours)
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} != PyTorch's {theirs.shape}"
    np.testing.assert_allclose(ours, theirs, equal_nan=True, err_msg=what, **_tol(dtype))


def _array(y) -> np.ndarray:
    return y.detach().numpy() if isinstance(y, Tensor) else np.asarray(y)


@pytest.mark.parametrize("name", CASES)
def test_values_and_gradients_match_pytorch(name):
    cfg = _config(name)
    grads = cfg["grads"]
    env = _inputs(name, grads)
    y = _run(cfg["expr"], env, cfg["seed"])
    _close(_array(y), DATA[f"{name}/y"], cfg["dtype"], f"{name}: value")
    assert str(y.dtype) == str(DATA[f"{name}/ydtype"]), name
    if not grads:
        return
    leaves = [env[k] for k in grads]
    first = autograd.grad(y, leaves, Tensor(DATA[f"{name}/g"]), create_graph=cfg["second"],
                          allow_unused=True)  # fmt: skip
    for k, d in zip(grads, first, strict=True):
        ours = np.zeros(env[k].shape) if d is None else d.numpy()
        _close(ours, DATA[f"{name}/grad/{k}"], cfg["dtype"], f"{name}: gradient of {k}")
    if f"{name}/gg/{grads[0]}" not in DATA.files:
        return  # float32, or PyTorch has no second derivative here
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
    if cfg["second"]:
        assert autograd.gradgradcheck(fn, leaves, atol=1e-6, rtol=1e-4)


NO_SECOND = [n for n in CASES if not _config(n)["second"] and _config(n)["dtype"] == "float64"]


@pytest.mark.parametrize("name", NO_SECOND[:3] + [n for n in NO_SECOND if "chunked" in n][:1])
def test_no_second_derivative_where_pytorch_has_none(name):
    cfg = _config(name)
    grads = cfg["grads"]
    env = _inputs(name, grads)
    y = _run(cfg["expr"], env, cfg["seed"])
    (d, *_) = autograd.grad(y.sum(), [env[k] for k in grads], create_graph=True)
    with pytest.raises(RuntimeError, match="derivative"):
        autograd.grad(d.sum(), [env[grads[0]]], allow_unused=True)


# Where graphgrad's words differ from PyTorch's (the recorded message is checked otherwise).
MESSAGES = {
    # graphgrad's Size prints as Size([...]), PyTorch's as torch.Size([...])
    "asm_input_3d": r"1D target tensor expects 2D input tensors, but found inputs with size "
    r"Size\(\[2, 1, 4\]\)",
}


@pytest.mark.parametrize("name", ERRORS)
def test_errors_match_pytorch(name):
    cfg = json.loads(str(DATA[f"error/{name}/config"]))
    exc = getattr(builtins, cfg["type"])
    words = MESSAGES.get(name, re.escape(cfg["message"]))
    with pytest.raises(exc, match=words):
        _run(cfg["expr"], _inputs(f"error/{name}"))


@pytest.mark.parametrize(
    "expr, text", list(zip(map(str, DATA["reprs"]), map(str, DATA["repr_text"]), strict=True))
)
def test_modules_print_as_pytorch(expr, text):
    assert repr(_run(expr, {})) == text


# ------------------------------------------------------------ by hand
def test_adaptive_log_softmax_loads_a_pytorch_state_dict():
    m = nn.AdaptiveLogSoftmaxWithLoss(5, 9, [2, 6], head_bias=True)
    keys = [str(k) for k in DATA["asm_state/keys"]]
    assert list(m.state_dict()) == keys
    m.load_state_dict({k: Tensor(DATA[f"asm_state/param/{k}"]) for k in keys})
    x, t = Tensor(DATA["asm_state/x"]), Tensor(DATA["asm_state/t"])
    out = m(x, t)
    assert type(out).__name__ == "_ASMoutput" and out._fields == ("output", "loss")
    _close(out.output.detach().numpy(), DATA["asm_state/output"], "float32", "output")
    _close(out.loss.detach().numpy(), DATA["asm_state/loss"], "float32", "loss")
    _close(m.log_prob(x).detach().numpy(), DATA["asm_state/log_prob"], "float32", "log_prob")
    assert m.predict(x).numpy().tolist() == DATA["asm_state/predict"].tolist()


def test_fractional_max_pool_draws_as_pytorch_and_keeps_given_samples():
    x = autograd.randn(2, 3, 9, 9)
    autograd.manual_seed(7)
    drawn = nn.functional.fractional_max_pool2d(x, 2, output_size=4, return_indices=True)[1]
    autograd.manual_seed(7)
    samples = autograd.rand(2, 3, 2)  # PyTorch's draw: (N, C, 2) in the input's dtype
    given = nn.functional.fractional_max_pool2d(x, 2, 4, return_indices=True,
                                                _random_samples=samples)[1]  # fmt: skip
    assert np.array_equal(drawn.numpy(), given.numpy())
    m = nn.FractionalMaxPool2d(2, output_size=4, _random_samples=samples)
    assert list(m.state_dict()) == ["_random_samples"]
    assert np.array_equal(m(x).numpy(), nn.functional.fractional_max_pool2d(
        x, 2, 4, _random_samples=samples).numpy())  # fmt: skip
    assert list(nn.FractionalMaxPool2d(2, output_size=4).state_dict()) == []


def test_linear_cross_entropy_chunks_never_hold_all_logits():
    """The chunked op sees each chunk's rows only; its numbers are the reference path's."""
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((10, 3)), requires_grad=True)
    w = Tensor(rng.standard_normal((50, 3)), requires_grad=True)
    t = Tensor(rng.integers(0, 50, 10))
    opts = nn.LinearCrossEntropyOptions(batch_chunk_size=4)
    seen = []
    chunk = lce._chunk

    def spy(x_, wt_, b_, t_, cw_, rows):
        seen.append(rows)
        return chunk(x_, wt_, b_, t_, cw_, rows)

    lce._chunk = spy
    try:
        loss = nn.functional.linear_cross_entropy(x, w, t, options=opts)
        gx, gw = autograd.grad(loss, [x, w])
    finally:
        lce._chunk = chunk
    assert [(r.start, r.stop) for r in seen] == [(0, 4), (4, 8), (8, 12)] * 2  # forward, backward
    ref = nn.functional.cross_entropy(x @ w.T, t)
    rx, rw = autograd.grad(ref, [x, w])
    np.testing.assert_allclose(loss.item(), ref.item(), rtol=1e-12)
    np.testing.assert_allclose(gx.numpy(), rx.numpy(), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gw.numpy(), rw.numpy(), rtol=1e-10, atol=1e-12)
    loss = nn.functional.linear_cross_entropy(x, w, t, options=opts)
    loss.backward(retain_graph=True)
    loss.backward()  # a second backward works (PyTorch's allow_retain_graph=True)


def test_linear_cross_entropy_warns_when_options_do_not_apply():
    x, w = autograd.randn(4, 3), autograd.randn(5, 3)
    t = autograd.tensor([0, 1, 2, 3])
    opts = nn.LinearCrossEntropyOptions()
    with pytest.warns(UserWarning, match="``options`` ignored; chunked path needs"):
        a = nn.functional.linear_cross_entropy(x, w, t, label_smoothing=0.1, options=opts)
    b = nn.functional.linear_cross_entropy(x, w, t, label_smoothing=0.1)
    assert a.item() == b.item()


def test_ctc_impossible_alignment_is_inf_or_zero():
    x = autograd.randn(4, 1, 3, dtype=autograd.float64, requires_grad=True)
    lp = x.log_softmax(2)
    t = autograd.tensor([[1, 1, 1]])  # needs 5 frames (blanks between repeats)
    assert nn.functional.ctc_loss(lp, t, (4,), (3,), reduction="sum").item() == np.inf
    loss = nn.functional.ctc_loss(lp, t, (4,), (3,), reduction="sum", zero_infinity=True)
    loss.backward()
    assert loss.item() == 0 and not x.grad.numpy().any()


def test_data_parallel_and_sync_batchnorm_on_the_cpu():
    lin = nn.Linear(3, 2)
    dp = nn.DataParallel(lin)
    assert dp.module is lin and dp.device_ids == []
    assert list(dp.state_dict()) == ["module.weight", "module.bias"]
    x = autograd.randn(4, 3)
    assert np.array_equal(dp(x).detach().numpy(), lin(x).detach().numpy())
    bn = nn.BatchNorm1d(3)
    model = nn.Sequential(lin, bn)
    converted = nn.SyncBatchNorm.convert_sync_batchnorm(model)
    sync = converted[1]
    assert isinstance(sync, nn.SyncBatchNorm) and sync.weight is bn.weight
    assert sync.running_mean is bn.running_mean
    assert [type(m).__name__ for m in converted] == ["Linear", "SyncBatchNorm"]


def test_conv_weight_memory_format_keeps_values():
    conv = nn.Conv2d(2, 3, 3)
    before = conv.weight.detach().numpy().copy()
    model = nn.Sequential(conv, nn.Conv3d(2, 2, 1), nn.Linear(2, 2))
    fmt = nn.utils.convert_conv2d_weight_memory_format
    assert fmt(model, autograd.channels_last) is model
    assert fmt(model, autograd.contiguous_format) is model
    assert np.array_equal(conv.weight.detach().numpy(), before)
    c3 = nn.Conv3d(2, 2, 2)
    assert nn.utils.convert_conv3d_weight_memory_format(c3, autograd.channels_last_3d) is c3


def test_assert_int_or_pair_accepts_ints_and_pairs():
    assert nn.functional.assert_int_or_pair(3, "k", "{} bad") is None
    assert nn.functional.assert_int_or_pair((3, 4), "k", "{} bad") is None


def test_conv_tbc_with_no_output_step_is_empty_and_in_the_graph():
    # PyTorch 2.13: time 2, kernel width 3 gives (0, 2, 4) and zero gradients
    x = autograd.randn(2, 2, 3, requires_grad=True)
    w = autograd.randn(3, 3, 4, requires_grad=True)
    b = autograd.randn(4, requires_grad=True)
    y = nn.functional.conv_tbc(x, w, b)
    assert y.shape == (0, 2, 4)
    y.sum().backward()
    assert x.grad.shape == x.shape and not x.grad.numpy().any()
    assert not w.grad.numpy().any() and not b.grad.numpy().any()
