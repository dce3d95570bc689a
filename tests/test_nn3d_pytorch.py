"""The 3-d layers, the power-average pools and the lazy convolutions and norms against
PyTorch 2.13.

Recorded by tools/make_nn3d_fixtures.py (tests/data/nn3d.npz): conv3d, conv_transpose3d,
max/avg/adaptive 3-d pooling (with indices), max_unpool3d and lp_pool1d/2d/3d with their
outputs, first and (in float64) second derivatives; the default initialisation of the
3-d and lazy layers for a seed (bit for bit); seeded modules' outputs and reprs. Then
finite-difference checks (single and double backward), the lazy layers' life cycle
(optimizer, state dict) and the errors for bad input.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
import optim
from autograd import Tensor, gradcheck, gradgradcheck

DATA = np.load(Path(__file__).parent / "data" / "nn3d.npz")


def _cases(prefix: str) -> list[str]:
    keys = {k.split("/")[0] for k in DATA.files if k.startswith(prefix)}
    return sorted(keys, key=lambda k: int(k[1:]))


def _config(key: str) -> dict:
    return json.loads(str(DATA[f"{key}/config"]))


def _args(v):
    """JSON lists back to the tuples PyTorch was given."""
    if isinstance(v, list):
        return tuple(_args(e) for e in v)
    if isinstance(v, dict):
        return {k: _args(e) for k, e in v.items()}
    return v


def _tol(dtype: str) -> dict:
    return {"rtol": 1e-5, "atol": 1e-5} if dtype == "float32" else {"rtol": 1e-10, "atol": 1e-11}


FUNCTIONS = _cases("f")


def _repeats(index: np.ndarray) -> bool:
    """Whether some volume's indices repeat (overlapping pooling windows)."""
    flat = index.reshape(-1, int(np.prod(index.shape[-3:])))
    return any(len(np.unique(row)) < len(row) for row in flat)


@pytest.mark.filterwarnings("ignore:invalid value")  # x ** p of negative x: NaN, as PyTorch's
@pytest.mark.parametrize("key", FUNCTIONS, ids=lambda k: f"{k}-{_config(k)['fn']}")
def test_function_matches_pytorch(key):
    cfg = _config(key)
    tensors = {}
    for name in cfg["tensors"]:
        a = DATA[f"{key}/{name}"]
        tensors[name] = Tensor(a, requires_grad=a.dtype.kind == "f")
    out = getattr(F, cfg["fn"])(*tensors.values(), *_args(cfg["args"]), **_args(cfg["kwargs"]))
    if f"{key}/indices_out" in DATA.files:
        out, indices = out
        assert indices.dtype == np.int64
        np.testing.assert_array_equal(indices.numpy(), DATA[f"{key}/indices_out"])
    want = DATA[f"{key}/y"]
    assert out.shape == want.shape and out.dtype == want.dtype
    tol = _tol(cfg["dtype"])
    np.testing.assert_allclose(out.numpy(), want, equal_nan=True, **tol)
    if f"{key}/g" not in DATA.files:
        return
    if cfg["fn"] == "max_unpool3d" and _repeats(tensors["indices"].numpy()):
        # PyTorch's backward sends the gradient to every copy of a repeated index, its forward
        # keeps the last (docs/from-pytorch.md): graphgrad's is the forward's derivative
        rest = [tensors["indices"], *_args(cfg["args"])]
        kw = _args(cfg["kwargs"])
        assert gradcheck(lambda x: F.max_unpool3d(x, *rest, **kw), tensors["x"])
        return
    floating = [n for n, t in tensors.items() if t.requires_grad]
    g = Tensor(DATA[f"{key}/g"], requires_grad=True)
    second = f"{key}/v" in DATA.files
    grads = autograd.grad(out, [tensors[n] for n in floating], g, create_graph=second)
    for n, gr in zip(floating, grads):
        assert gr.shape == tensors[n].shape and gr.dtype == tensors[n].dtype, n
        np.testing.assert_allclose(gr.numpy(), DATA[f"{key}/g{n}"], err_msg=n, **tol)
    if second:
        v = Tensor(DATA[f"{key}/v"])
        leaves = [tensors[n] for n in floating] + [g]
        hs = autograd.grad((grads[0] * v).sum(), leaves, allow_unused=True)
        for n, h in zip(floating + ["g"], hs):
            got = np.zeros(DATA[f"{key}/h{n}"].shape) if h is None else h.numpy()
            np.testing.assert_allclose(got, DATA[f"{key}/h{n}"], err_msg=f"h{n}", **tol)


INITS = _cases("i")


@pytest.mark.skipif(
    not autograd.random.matches_pytorch_cpu(),
    reason="recorded on x86-64 with AVX2/AVX-512 (PyTorch's float32 draws differ by CPU)",
)
@pytest.mark.parametrize("key", INITS, ids=lambda k: f"{k}-{_config(k)['cls']}")
def test_default_initialisation_matches_pytorch(key):
    cfg = _config(key)
    autograd.set_default_dtype(cfg["dtype"])
    try:
        autograd.manual_seed(cfg["seed"])
        m = getattr(nn, cfg["cls"])(*_args(cfg["args"]), **_args(cfg["kwargs"]))
        if "input" in cfg:  # a lazy layer: sized and drawn at its first forward
            m(autograd.ones(*cfg["input"]))
        params = dict(m.named_parameters())
        prefix = f"{key}/param/"
        want = {k[len(prefix) :]: DATA[k] for k in DATA.files if k.startswith(prefix)}
        assert list(params) == list(want)  # the same parameters, in PyTorch's order
        for name, arr in want.items():
            got = params[name].numpy()
            assert got.dtype == arr.dtype and got.shape == arr.shape, name
            np.testing.assert_array_equal(got, arr, err_msg=name)
        np.testing.assert_array_equal(autograd.rand(3).numpy(), DATA[f"{key}/rand"])
    finally:
        autograd.set_default_dtype(np.float32)


MODULES = _cases("m")


@pytest.mark.filterwarnings("ignore:invalid value")
@pytest.mark.parametrize("key", MODULES, ids=lambda k: f"{k}-{_config(k)['cls']}")
def test_module_matches_pytorch(key):
    cfg = _config(key)
    m = getattr(nn, cfg["cls"])(*_args(cfg["args"]), **_args(cfg["kwargs"]))
    assert repr(m) == cfg["repr"]
    x = Tensor(DATA[f"{key}/x"])
    if cfg.get("indices"):
        y = m(x, Tensor(DATA[f"{key}/indices"]))
    else:
        prefix = f"{key}/param/"
        state = {k[len(prefix) :]: DATA[k] for k in DATA.files if k.startswith(prefix)}
        assert list(dict(m.named_parameters())) == list(state)
        m.load_state_dict(state, strict=False)  # PyTorch's weights (buffers: the defaults)
        y = m(x, **_args(cfg["forward"]))
    want = DATA[f"{key}/y"]
    assert y.shape == want.shape and y.dtype == want.dtype
    np.testing.assert_allclose(y.numpy(), want, rtol=1e-5, atol=1e-5)


# ------------------------------------------------------------------ finite differences
def _pool_indices(shape, k, s=None, p=0):
    """Max-pool indices for a volume of `shape` (distinct values: the gradient is smooth)."""
    x = Tensor(np.random.default_rng(5).permutation(int(np.prod(shape))).reshape(shape) * 1.0)
    return F.max_pool3d(x, k, s, p, return_indices=True)[1]


IDX3 = _pool_indices((1, 2, 4, 4, 5), 2)
IDX3_OVERLAP = _pool_indices((1, 2, 3, 4, 4), 3, 2, 1)  # overlapping windows: repeats

# name: (function of float64 tensors, their shapes)
GRAD_CASES = {
    "conv3d": (
        lambda x, w, b: F.conv3d(x, w, b, (2, 1, 1), (1, 0, 1), (1, 2, 1)),
        [(2, 2, 4, 5, 3), (3, 2, 2, 2, 2), (3,)],
    ),
    "conv3d_same_groups_unbatched": (
        lambda x, w: F.conv3d(x, w, padding="same", groups=2),
        [(4, 3, 3, 4), (2, 2, 2, 1, 2)],
    ),
    "conv3d_reflect": (
        lambda x, w: nn.functional.conv3d(nn.functional.pad(x, (1,) * 6, "reflect"), w),
        [(1, 1, 3, 3, 3), (2, 1, 2, 2, 2)],
    ),
    "conv_transpose3d": (
        lambda x, w, b: F.conv_transpose3d(x, w, b, (2, 1, 2), (1, 0, 0), (1, 0, 0), 1, 1),
        [(1, 2, 2, 3, 2), (2, 2, 3, 2, 2), (2,)],
    ),
    "conv_transpose3d_groups_dilation": (
        lambda x, w: F.conv_transpose3d(x, w, None, 1, 1, 0, 2, (2, 1, 1)),
        [(4, 2, 2, 3), (4, 1, 2, 2, 2)],
    ),
    "max_pool3d": (lambda x: F.max_pool3d(x, 2, 1, 1), [(1, 2, 3, 3, 4)]),
    "max_pool3d_ceil_dilated": (
        lambda x: F.max_pool3d(x, (2, 2, 3), 2, 1, (1, 2, 1), True),
        [(2, 4, 5, 5)],
    ),
    "avg_pool3d": (lambda x: F.avg_pool3d(x, 2, 1, 1), [(1, 2, 3, 3, 4)]),
    "avg_pool3d_ceil_no_pad_count": (
        lambda x: F.avg_pool3d(x, 3, 2, 1, True, False),
        [(2, 4, 5, 4)],
    ),
    "avg_pool3d_divisor": (lambda x: F.avg_pool3d(x, 2, divisor_override=3), [(1, 1, 4, 4, 4)]),
    "adaptive_avg_pool3d": (lambda x: F.adaptive_avg_pool3d(x, (2, 3, 2)), [(1, 2, 3, 4, 5)]),
    "adaptive_max_pool3d": (lambda x: F.adaptive_max_pool3d(x, (2, 3, 2)), [(2, 3, 4, 5)]),
    "max_unpool3d": (
        lambda x: F.max_unpool3d(x, IDX3, 2, output_size=(4, 4, 5)),
        [(1, 2, 2, 2, 2)],
    ),
    "max_unpool3d_overlap": (
        lambda x: F.max_unpool3d(x, IDX3_OVERLAP, 3, 2, 1, output_size=(3, 4, 4)),
        [(1, 2, 2, 2, 2)],
    ),
    "lp_pool3d": (lambda x: F.lp_pool3d(x.abs() + 0.5, 2, 2, 1), [(1, 2, 3, 3, 3)]),
    "lp_pool2d": (lambda x: F.lp_pool2d(x.abs() + 0.5, 3, (2, 3), ceil_mode=True), [(2, 4, 5)]),
    "lp_pool1d": (lambda x: F.lp_pool1d(x.abs() + 0.5, 1.5, 2), [(2, 2, 5)]),
    "batch_norm3d": (lambda x: nn.BatchNorm3d(2, dtype=autograd.float64)(x), [(2, 2, 2, 2, 3)]),
    "instance_norm3d": (lambda x: nn.InstanceNorm3d(2)(x), [(2, 2, 2, 3, 3)]),
    "instance_norm1d_unbatched": (lambda x: nn.InstanceNorm1d(2)(x), [(2, 5)]),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradients_match_finite_differences(name):
    fn, shapes = GRAD_CASES[name]
    rng = np.random.default_rng(len(name))
    xs = tuple(Tensor(rng.standard_normal(s), requires_grad=True) for s in shapes)
    assert gradcheck(fn, xs)
    assert gradgradcheck(fn, xs)


def test_max_pool3d_sends_the_gradient_to_the_first_maximum():
    x = Tensor(np.ones((1, 1, 2, 2, 2)), requires_grad=True)
    F.max_pool3d(x, 2).sum().backward()  # PyTorch's rule, with or without indices
    want = np.zeros((1, 1, 2, 2, 2))
    want[0, 0, 0, 0, 0] = 1
    np.testing.assert_array_equal(x.grad.numpy(), want)


def test_empty_batches():
    x = Tensor(np.zeros((0, 2, 3, 4, 4)), requires_grad=True)
    w = Tensor(np.ones((3, 2, 2, 2, 2)), requires_grad=True)
    y = F.conv3d(x, w)
    assert y.shape == (0, 3, 2, 3, 3)
    y.sum().backward()
    assert x.grad.shape == x.shape and not w.grad.numpy().any()
    assert F.conv_transpose3d(x, Tensor(np.ones((2, 1, 2, 2, 2)))).shape == (0, 1, 4, 5, 5)
    assert F.max_pool3d(x, 2).shape == (0, 2, 1, 2, 2)
    assert F.avg_pool3d(x, 2).shape == (0, 2, 1, 2, 2)


def test_round_trips():
    autograd.manual_seed(0)
    x = autograd.rand(1, 2, 4, 4, 4) + 0.5
    y, idx = nn.MaxPool3d(2, return_indices=True)(x)
    back = nn.MaxUnpool3d(2)(y, idx)
    np.testing.assert_array_equal(nn.MaxPool3d(2)(back).numpy(), y.numpy())
    conv, convt = nn.Conv3d(2, 3, 3, stride=2, padding=1), nn.ConvTranspose3d(3, 2, 3, 2, 1)
    assert convt(conv(x), output_size=x.shape).shape == x.shape


# ------------------------------------------------------------------ lazy layers
LAZY = [
    ("LazyConv1d", (4, 3), (2, 3, 6), "Conv1d"),
    ("LazyConv2d", (4, 3), (3, 5, 5), "Conv2d"),
    ("LazyConv3d", (4, 2), (2, 3, 3, 3, 3), "Conv3d"),
    ("LazyConvTranspose1d", (4, 3), (2, 3, 6), "ConvTranspose1d"),
    ("LazyConvTranspose2d", (4, 3), (2, 3, 4, 4), "ConvTranspose2d"),
    ("LazyConvTranspose3d", (4, 2), (3, 3, 3, 3), "ConvTranspose3d"),
    ("LazyBatchNorm1d", (), (4, 3), "BatchNorm1d"),
    ("LazyBatchNorm2d", (), (2, 3, 4, 4), "BatchNorm2d"),
    ("LazyBatchNorm3d", (), (2, 3, 2, 2, 2), "BatchNorm3d"),
    ("LazyInstanceNorm1d", (), (2, 3, 5), "InstanceNorm1d"),
    ("LazyInstanceNorm2d", (), (2, 3, 4, 4), "InstanceNorm2d"),
    ("LazyInstanceNorm3d", (), (2, 3, 2, 2, 2), "InstanceNorm3d"),
]


@pytest.mark.parametrize("name, args, shape, becomes", LAZY, ids=[c[0] for c in LAZY])
def test_lazy_layer_materialises_in_place_and_keeps_its_optimizer(name, args, shape, becomes):
    m = getattr(nn, name)(*args)
    assert m.has_uninitialized_params() and repr(m).startswith(f"{name}(0, ")
    params = list(m.parameters())
    assert all(isinstance(p, nn.UninitializedParameter) for p in params)  # as PyTorch's
    opt = optim.SGD(m.parameters(), lr=0.1)  # built before the sizes are known, as PyTorch
    y = m(autograd.randn(*shape))
    assert type(m) is getattr(nn, becomes) and list(m.parameters()) == params
    assert all(type(p) is nn.Parameter and p.numel() > 0 for p in params)
    before = [p.numpy().copy() for p in params]
    y.square().sum().backward()
    opt.step()
    assert any(not np.array_equal(b, p.numpy()) for b, p in zip(before, params))
    # a fresh lazy layer takes its sizes from the state dict and draws nothing; it stays
    # lazy until its next call, as PyTorch's
    fresh = getattr(nn, name)(*args)
    fresh.load_state_dict(m.state_dict())
    assert type(fresh).__name__ == name and repr(fresh) == "Lazy" + repr(m)
    assert not fresh.has_uninitialized_params()
    for (k, a), b in zip(fresh.state_dict().items(), m.state_dict().values()):
        np.testing.assert_array_equal(np.asarray(a), np.asarray(b), err_msg=k)


def test_lazy_errors():
    with pytest.raises(RuntimeError, match="Expected 5D \\(batched\\) or 4D"):
        nn.LazyConv3d(2, 2)(autograd.randn(2, 3, 4))
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        nn.LazyConv2d(4, 1, groups=2)(autograd.randn(1, 3, 2, 2))


# ------------------------------------------------------------------ errors
def _raises(fn, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        fn()


def test_errors_name_the_problem():
    x = autograd.randn(1, 2, 4, 4, 4)
    _raises(lambda: F.conv3d(autograd.randn(2, 4, 4), autograd.randn(3, 2, 2, 2, 2)), "4-d")
    _raises(lambda: F.conv3d(x, autograd.randn(3, 3, 2, 2, 2)), "3 channels")
    _raises(lambda: F.conv3d(x, autograd.randn(3, 2, 2, 2)), "weight must be")
    _raises(lambda: F.conv3d(x, autograd.randn(3, 2, 5, 2, 2)), "larger than the padded")
    _raises(lambda: F.conv3d(x, autograd.randn(3, 2, 2, 2, 2), stride=2, padding="same"),
            "needs stride 1")  # fmt: skip
    _raises(lambda: F.conv3d(x, autograd.randn(4, 1, 2, 2, 2), groups=3), "groups=3")
    _raises(lambda: F.conv_transpose3d(x, autograd.randn(2, 1, 2, 2, 2), output_padding=1),
            "output_padding must be smaller")  # fmt: skip
    _raises(lambda: F.max_pool3d(x, 2, padding=2), "at most half")
    _raises(lambda: F.max_pool3d(x, 5), "too small")
    _raises(lambda: F.avg_pool3d(autograd.randn(4, 4, 4), 2), "4-d")
    _raises(lambda: F.avg_pool3d(x, 2, divisor_override=0), "non-zero")
    _raises(lambda: F.adaptive_avg_pool3d(autograd.randn(1, 2, 0, 3, 3), 2), "non-zero")
    _raises(lambda: F.adaptive_max_pool3d(x, (2, 2)), "3 ints")
    y, idx = F.max_pool3d(x, 2, return_indices=True)
    _raises(lambda: F.max_unpool3d(y, idx, 2, output_size=(9, 9, 9)), "invalid output_size")
    _raises(lambda: F.max_unpool3d(y, idx * 100, 2), "invalid max index")
    _raises(lambda: nn.Conv3d(3, 4, 2, groups=2), "in_channels must be divisible")
    _raises(lambda: nn.Conv3d(2, 4, 2, padding_mode="mirror"), "padding_mode")
    _raises(lambda: nn.ConvTranspose3d(2, 4, 2, padding_mode="reflect"), "Only .zeros. padding")
    _raises(lambda: nn.BatchNorm3d(2)(autograd.randn(2, 2, 3, 3)), "D, H, W")
    _raises(lambda: nn.InstanceNorm3d(2)(autograd.randn(2, 3)), "expected 4D or 5D")
    _raises(lambda: nn.InstanceNorm1d(3, affine=True)(autograd.randn(2, 2, 5)), "num_features")


def test_instance_norm_with_other_channels_warns_without_affine():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        y = nn.InstanceNorm1d(3)(autograd.randn(2, 4, 5))
    assert y.shape == (2, 4, 5) and "does not match num_features" in str(caught[0].message)


def test_instance_norm_running_stats_as_pytorch():
    m = nn.InstanceNorm3d(2, track_running_stats=True)
    x = autograd.randn(3, 2, 2, 3, 3)
    m(x)
    assert int(np.asarray(m.num_batches_tracked)) == 0  # PyTorch's instance norms do not count
    assert not np.allclose(np.asarray(m.running_mean), 0)
    m.eval()
    mean, var = np.asarray(m.running_mean), np.asarray(m.running_var)
    want = (x.numpy() - mean.reshape(1, 2, 1, 1, 1)) / np.sqrt(var.reshape(1, 2, 1, 1, 1) + 1e-5)
    np.testing.assert_allclose(m(x).numpy(), want, rtol=1e-5, atol=1e-6)
