"""PyTorch fidelity of existing nn modules: the instance norms, the convolutions' reprs and
argument errors, the lazy modules and nn.Buffer, against PyTorch 2.13's answers recorded
in tests/data/fid5_pytorch.npz (tools/make_fid5_fixtures.py)."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "fid5_pytorch.npz")


def _json(key: str):
    return json.loads(str(DATA[key]))


INORMS = ("InstanceNorm1d", "InstanceNorm2d", "InstanceNorm3d")


# ------------------------------------------------------------------ instance norms
@pytest.mark.parametrize("name", INORMS)
def test_instance_norm_state_dict_keys_and_repr_match_pytorch(name):
    for affine, track, keys, text in _json("inorm_meta")[name]:
        m = getattr(nn, name)(3, affine=affine, track_running_stats=track)
        assert list(m.state_dict()) == keys
        assert repr(m) == text
        if track:  # the buffer is there (0-d int64)
            assert _buffer(m.num_batches_tracked).shape == ()
            assert _buffer(m.num_batches_tracked).dtype == np.int64


def _module(name: str, case: str):
    cls, key = getattr(nn, name), f"inorm/{name}/{case}/"
    if case in ("train", "eval"):
        m = cls(3, affine=True, track_running_stats=True, momentum=0.3, dtype=np.float64)
    elif case == "none":
        m = cls(3, track_running_stats=True, momentum=None, dtype=np.float64)
    else:
        m = cls(3, dtype=np.float64)
    if m.affine:
        m.weight.data = DATA[key + "w"].copy()
        m.bias.data = DATA[key + "b"].copy()
    if m.track_running_stats:
        np.copyto(autograd.op.value(m.running_mean), DATA[key + "rm0"])
        np.copyto(autograd.op.value(m.running_var), DATA[key + "rv0"])
    m.train(case in ("train", "none"))
    return m, key


def _buffer(v) -> np.ndarray:
    return v.numpy() if isinstance(v, Tensor) else np.asarray(v)


@pytest.mark.parametrize("name", INORMS)
@pytest.mark.parametrize("case", ["train", "eval", "none", "plain"])
def test_instance_norm_values_gradients_and_running_stats_match_pytorch(name, case):
    m, key = _module(name, case)
    x = Tensor(DATA[key + "x"], requires_grad=True)
    y = m(x)
    (y * Tensor(DATA[key + "g"])).sum().backward()
    np.testing.assert_allclose(y.numpy(), DATA[key + "out"], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(x.grad.numpy(), DATA[key + "gx"], rtol=1e-9, atol=1e-11)
    if m.affine:
        np.testing.assert_allclose(m.weight.grad.numpy(), DATA[key + "gw"], rtol=1e-9)
        np.testing.assert_allclose(m.bias.grad.numpy(), DATA[key + "gb"], rtol=1e-9)
    if m.track_running_stats:  # momentum=None leaves them unchanged, as PyTorch's
        np.testing.assert_allclose(_buffer(m.running_mean), DATA[key + "rm"], rtol=1e-12)
        np.testing.assert_allclose(_buffer(m.running_var), DATA[key + "rv"], rtol=1e-12)
        assert int(_buffer(m.num_batches_tracked)) == int(DATA[key + "nbt"]) == 0


@pytest.mark.parametrize("name", INORMS)
def test_instance_norm_gradcheck_batched_and_unbatched(name):
    rng = np.random.default_rng(0)
    spatial = {"InstanceNorm1d": (4,), "InstanceNorm2d": (3, 2), "InstanceNorm3d": (2, 2, 2)}
    m = getattr(nn, name)(2, affine=True, dtype=np.float64)
    m.weight.data = rng.uniform(0.5, 1.5, 2)
    m.bias.data = rng.standard_normal(2)
    for shape in ((2, 2, *spatial[name]), (2, *spatial[name])):
        x = Tensor(rng.standard_normal(shape), requires_grad=True)
        assert autograd.gradcheck(lambda x, w, b: m(x), (x, m.weight, m.bias))


@pytest.mark.parametrize("name", INORMS)
def test_instance_norm_unbatched_input_has_no_warning(name):
    dims = {"InstanceNorm1d": 2, "InstanceNorm2d": 3, "InstanceNorm3d": 4}[name]
    m = getattr(nn, name)(3, track_running_stats=True)
    x = Tensor(np.random.default_rng(1).standard_normal((3,) + (4,) * (dims - 1)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        y = m(x)
    assert y.shape == x.shape
    batched = getattr(nn, name)(3, track_running_stats=True)(x.unsqueeze(0))
    np.testing.assert_allclose(y.numpy(), batched.numpy()[0], rtol=1e-6)
    with pytest.raises(ValueError, match=f"expected {dims}D or {dims + 1}D input"):
        m(Tensor(np.zeros((3,) * (dims + 2))))


@pytest.mark.parametrize("name", INORMS)
def test_instance_norm_channel_mismatch_warns_without_affine(name):
    dims = {"InstanceNorm1d": 2, "InstanceNorm2d": 3, "InstanceNorm3d": 4}[name]
    x = Tensor(np.random.default_rng(2).standard_normal((2, 4) + (3,) * (dims - 1)))
    with pytest.warns(UserWarning, match="input's size at dim=1 does not match num_features"):
        y = getattr(nn, name)(3)(x)  # the parameters are unused: PyTorch only warns
    assert y.shape == x.shape
    with pytest.warns(UserWarning, match="at dim=0"):  # unbatched: dim 0
        getattr(nn, name)(3)(x[0])
    with pytest.raises(ValueError, match=r"dim=1 to match num_features \(3\), but got: 4"):
        getattr(nn, name)(3, affine=True)(x)
    with (
        pytest.warns(UserWarning),
        pytest.raises(RuntimeError, match="should contain 8 elements not 6"),
    ):
        getattr(nn, name)(3, track_running_stats=True)(x)  # PyTorch's instance_norm


def test_instance_norm_eval_without_running_stats_uses_the_input():
    x = Tensor(np.arange(12.0).reshape(3, 2, 2))
    m = nn.InstanceNorm2d(3).eval()
    np.testing.assert_allclose(m(x).numpy()[0], [[-1.3416, -0.4472], [0.4472, 1.3416]], atol=1e-4)
    tracked = nn.InstanceNorm2d(3, track_running_stats=True).eval()  # fresh: mean 0, var 1
    np.testing.assert_allclose(tracked(x).numpy(), x.numpy() / np.sqrt(1 + 1e-5), rtol=1e-6)


# ------------------------------------------------------------------ nn.Buffer
def test_an_assigned_buffer_is_a_plain_tensor_sharing_the_values():
    t = autograd.ones(3)
    b = nn.Buffer(t, persistent=False)
    m = nn.Module()
    m.buf = b
    assert type(m.buf) is Tensor  # as PyTorch's: Buffer only marks the tensor
    assert not m.buf.requires_grad and list(m.state_dict()) == []
    assert [name for name, _ in m.named_buffers()] == ["buf"]
    autograd.op.value(m.buf)[0] = 5.0  # shares memory with the tensor it was made from
    assert t.numpy()[0] == 5.0
    m.buf2 = nn.Buffer(autograd.zeros(2))
    assert type(m.buf2) is Tensor and list(m.state_dict()) == ["buf2"]
    m.register_buffer("b3", nn.Buffer(autograd.zeros(1), persistent=False))
    assert list(m.state_dict()) == ["buf2", "b3"]  # register_buffer's flag wins, as PyTorch
    assert type(m.b3) is Tensor
    m.buf = nn.Buffer(autograd.ones(5))  # re-assigned persistent: now saved
    assert list(m.state_dict()) == ["buf", "buf2", "b3"] and type(m.buf) is Tensor
    leaf = nn.Module()
    leaf.w = nn.Buffer(autograd.ones(2, requires_grad=True))
    assert type(leaf.w) is Tensor and leaf.w.requires_grad and leaf.w.grad_fn is None


# ------------------------------------------------------------------ convolutions
def _args(args: list) -> tuple:
    return tuple(tuple(a) if isinstance(a, list) else a for a in args)


def _kwargs(kwargs: dict) -> dict:
    return {k: tuple(v) if isinstance(v, list) else v for k, v in kwargs.items()}


@pytest.mark.parametrize("row", _json("conv_reprs"), ids=lambda r: r[0])
def test_convolution_reprs_are_pytorchs(row):
    name, args, kwargs, text = row
    assert repr(getattr(nn, name)(*_args(args), **_kwargs(kwargs))) == text


@pytest.mark.parametrize("row", _json("conv_errors"), ids=lambda r: r[0])
def test_convolution_argument_errors_are_pytorchs(row):
    name, args, kwargs, kind, message = row
    with pytest.raises({"ValueError": ValueError, "RuntimeError": RuntimeError}[kind]) as err:
        getattr(nn, name)(*_args(args), **_kwargs(kwargs))
    assert type(err.value).__name__ == kind and message in str(err.value)
    assert str(err.value).startswith(name + ": ")  # which layer, as the project's errors


@pytest.mark.parametrize("mode", ["reflect", "replicate", "circular"])
@pytest.mark.parametrize("padding", [1, "same", "valid"])
def test_conv1d_and_conv2d_padding_modes_pad_the_input_first(mode, padding):
    rng = np.random.default_rng(3)
    for cls, shape, dims in ((nn.Conv1d, (2, 2, 7), 1), (nn.Conv2d, (2, 2, 5, 6), 2)):
        m = cls(2, 4, 3, padding=padding, padding_mode=mode, dtype=np.float64)
        x = Tensor(rng.standard_normal(shape), requires_grad=True)
        if padding == "valid":
            amounts = (0,) * (2 * dims)
        else:
            amounts = (1,) * (2 * dims)
        zero = cls(2, 4, 3, dtype=np.float64)
        zero.load_state_dict(m.state_dict())
        want = zero(nn.functional.pad(x, amounts, mode=mode) if any(amounts) else x)
        np.testing.assert_allclose(m(x).numpy(), want.numpy(), rtol=1e-12)
        assert autograd.gradcheck(m, (x,))


def test_conv_constructors_share_one_base():
    from nn.conv import _ConvNd

    assert all(issubclass(c, _ConvNd) for c in (nn.Conv1d, nn.Conv2d, nn.Conv3d))
    for cls, n in ((nn.Conv1d, 1), (nn.Conv2d, 2), (nn.Conv3d, 3)):
        m = cls(4, 6, 3, groups=2, bias=False)
        assert m.weight.shape == (6, 2) + (3,) * n and m.bias is None
        bound = 1 / np.sqrt(2 * 3**n)  # kaiming_uniform_(a=sqrt(5)): U(-1/sqrt(fan_in), +)
        assert np.abs(m.weight.numpy()).max() <= bound


# ------------------------------------------------------------------ lazy modules
@pytest.mark.parametrize("row", _json("lazy_meta"), ids=lambda r: r[0])
def test_lazy_module_before_and_after_its_first_call_as_pytorch(row):
    name, args, kwargs, shape, before, after, kinds, keys, keys_after = row
    m = getattr(nn, name)(*args, **_kwargs(kwargs))
    assert repr(m) == before and type(m).__name__ == name and m.has_uninitialized_params()
    assert [type(p).__name__ for p in m.parameters()] == kinds
    state = m.state_dict()  # the uninitialized objects themselves, as PyTorch's
    assert list(state) == keys
    assert all(isinstance(state[k], nn.UninitializedParameter) for k in ("weight", "bias")
               if k in state)  # fmt: skip
    m(autograd.zeros(*shape))
    assert repr(m) == after and type(m).__name__ == name[len("Lazy") :]
    assert list(m.state_dict()) == keys_after
    assert all(type(p) is nn.Parameter for p in m.parameters())


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9),
        lambda ps: optim.Adam(ps, lr=0.1),
        lambda ps: optim.AdamW(ps, lr=0.1),
        lambda ps: optim.RMSprop(ps, lr=0.1),
    ],
    ids=["SGD", "Adam", "AdamW", "RMSprop"],
)
def test_an_optimizer_built_before_the_first_call_trains_the_materialised_parameters(make):
    autograd.manual_seed(0)
    model = nn.Sequential(nn.LazyConv2d(3, 3, bias=False), nn.LazyBatchNorm2d(), nn.Flatten(),
                          nn.LazyLinear(2))  # fmt: skip
    params = list(model.parameters())
    assert all(isinstance(p, nn.UninitializedParameter) for p in params)
    opt = make(model.parameters())
    x = autograd.randn(4, 2, 5, 5)
    for _ in range(2):  # the dry run is the first step
        opt.zero_grad()
        before = [p.numpy().copy() for p in model.parameters()] if _ else None
        model(x).square().mean().backward()
        opt.step()
    assert [type(m).__name__ for m in model] == ["Conv2d", "BatchNorm2d", "Flatten", "Linear"]
    assert all(p is q for p, q in zip(params, model.parameters()))  # the same objects
    assert all(not np.array_equal(b, p.numpy()) for b, p in zip(before, model.parameters()))


def test_initialize_parameters_alone_keeps_the_lazy_class_until_the_next_call():
    m = nn.LazyLinear(3)
    m.initialize_parameters(autograd.randn(2, 7))
    assert type(m) is nn.LazyLinear and not m.has_uninitialized_params()
    assert repr(m) == "LazyLinear(in_features=7, out_features=3, bias=True)"  # PyTorch's
    w = m.weight.numpy().copy()
    m(autograd.randn(2, 7))
    assert type(m) is nn.Linear and np.array_equal(m.weight.numpy(), w)  # drawn once


def test_loading_a_full_state_dict_materialises_from_its_shapes():
    src = nn.Sequential(nn.Conv2d(2, 4, 3), nn.BatchNorm2d(4), nn.Flatten(), nn.Linear(36, 2))
    dst = nn.Sequential(nn.LazyConv2d(4, 3), nn.LazyBatchNorm2d(), nn.Flatten(), nn.LazyLinear(2))
    assert dst.load_state_dict(src.state_dict()) == ([], [])
    assert [type(m).__name__ for m in dst][:2] == ["LazyConv2d", "LazyBatchNorm2d"]
    assert not any(m.has_uninitialized_params() for m in (dst[0], dst[1], dst[3]))
    for k, v in src.state_dict().items():
        np.testing.assert_array_equal(np.asarray(dst.state_dict()[k]), v, err_msg=k)
    x = autograd.randn(1, 2, 5, 5)
    src.eval(), dst.eval()
    np.testing.assert_array_equal(dst(x).numpy(), src(x).numpy())
    assert [type(m).__name__ for m in dst] == ["Conv2d", "BatchNorm2d", "Flatten", "Linear"]


def test_uninitialized_state_dicts():
    fresh = nn.LazyLinear(3)
    assert fresh.load_state_dict(nn.LazyLinear(3).state_dict()) == ([], [])  # as PyTorch
    assert fresh.has_uninitialized_params()
    with pytest.raises(RuntimeError, match="uninitialized"):
        nn.Linear(5, 3).load_state_dict(nn.LazyLinear(3).state_dict())
    p = nn.UninitializedParameter()
    assert repr(p) == "<UninitializedParameter>" and p.requires_grad
    with pytest.raises(RuntimeError, match="Can't access the shape of an uninitialized"):
        _ = p.shape
    with pytest.raises(ValueError, match="Attempted to use an uninitialized parameter"):
        p.numel()
    p.materialize((2, 3))
    assert type(p) is nn.Parameter and p.shape == (2, 3)
    b = nn.UninitializedBuffer(dtype=np.float64)
    b.materialize((4,))
    assert type(b) is Tensor and b.dtype == np.float64 and not b.requires_grad


# ------------------------------------------------------------------ the 3-d primitive
def _naive_conv3d(x, w, b, stride, padding, dilation):
    """The definition, one kernel offset at a time (float64)."""
    x = np.pad(x, [(0, 0), (0, 0)] + [(p, p) for p in padding])
    n, c = x.shape[:2]
    o, _, *k = w.shape
    out = [(s_ - d * (kk - 1) - 1) // st + 1
           for s_, kk, st, d in zip(x.shape[2:], k, stride, dilation)]  # fmt: skip
    y = np.zeros((n, o, *out))
    for a in range(k[0]):
        for i in range(k[1]):
            for j in range(k[2]):
                sl = tuple(
                    slice(t * d, t * d + (m - 1) * st + 1, st)
                    for t, d, m, st in zip((a, i, j), dilation, out, stride)
                )
                y += np.einsum("nc...,oc->no...", x[(slice(None), slice(None), *sl)],
                               w[:, :, a, i, j])  # fmt: skip
    return y + b.reshape(1, o, 1, 1, 1)


@pytest.mark.parametrize(
    "stride, padding, dilation",
    [((1, 1, 1), (1, 2, 0), (1, 1, 2)), ((2, 1, 3), (0, 1, 1), (1, 2, 1)), ((1, 1, 1), 0, 1)],
)
def test_conv3d_primitive_matches_the_definition_with_double_backward(stride, padding, dilation):
    rng = np.random.default_rng(7)
    x = Tensor(rng.standard_normal((2, 3, 5, 6, 5)), requires_grad=True)
    w = Tensor(rng.standard_normal((4, 3, 2, 3, 2)), requires_grad=True)
    b = Tensor(rng.standard_normal(4), requires_grad=True)
    p3 = (padding,) * 3 if isinstance(padding, int) else padding
    d3 = (dilation,) * 3 if isinstance(dilation, int) else dilation
    y = nn.functional.conv3d(x, w, b, stride, padding, dilation)
    want = _naive_conv3d(x.numpy(), w.numpy(), b.numpy(), stride, p3, d3)
    np.testing.assert_allclose(y.numpy(), want, rtol=1e-12, atol=1e-12)

    def f(x, w, b):
        return nn.functional.conv3d(x, w, b, stride, padding, dilation)

    small = (Tensor(rng.standard_normal((1, 2, 4, 4, 3)), requires_grad=True),
             Tensor(rng.standard_normal((2, 2, 2, 2, 2)), requires_grad=True),
             Tensor(rng.standard_normal(2), requires_grad=True))  # fmt: skip
    assert autograd.gradcheck(f, (x, w, b))
    assert autograd.gradgradcheck(f, small)


def test_conv3d_empty_batch_and_float32():
    w = autograd.randn(4, 3, 3, 3, 3, requires_grad=True)
    x = autograd.zeros(0, 3, 5, 5, 5, requires_grad=True)
    y = nn.functional.conv3d(x, w, padding=1)
    assert y.shape == (0, 4, 5, 5, 5)
    y.sum().backward()
    assert x.grad.shape == x.shape and not w.grad.numpy().any()
    m = nn.Conv3d(2, 3, 3, padding="same")
    out = m(autograd.randn(2, 2, 4, 5, 6))
    assert out.dtype == np.float32 and out.shape == (2, 3, 4, 5, 6)


def test_instance_norm_with_one_spatial_element_is_pytorchs_error():
    # PyTorch 2.13's words (recorded): any use of the input's statistics, eval mode too when
    # there are no running stats; an unbatched input is named by its batched size
    import nn.functional as F

    words = "Expected more than 1 spatial element when training, got input size "
    cases = [
        (lambda: nn.InstanceNorm1d(3)(autograd.ones(2, 3, 1)), "Size([2, 3, 1])"),
        (lambda: F.instance_norm(autograd.ones(2, 3, 1, 1)), "Size([2, 3, 1, 1])"),
        (lambda: nn.InstanceNorm1d(3).eval()(autograd.ones(2, 3, 1)), "Size([2, 3, 1])"),
        (lambda: nn.InstanceNorm1d(3)(autograd.ones(3, 1)), "Size([1, 3, 1])"),
    ]
    for run, size in cases:
        with pytest.raises(ValueError) as err:
            run()
        assert str(err.value) == words + size
    y = F.instance_norm(
        autograd.ones(2, 3, 1),
        running_mean=autograd.zeros(3),
        running_var=autograd.ones(3),
        use_input_stats=False,
    )
    assert y.shape == (2, 3, 1)
    with pytest.warns(UserWarning), pytest.raises(RuntimeError, match="6 elements not 8"):
        nn.InstanceNorm1d(4, track_running_stats=True)(autograd.ones(2, 3, 5))


def test_an_uninitialized_parameter_refuses_use_before_the_first_forward():
    # PyTorch 2.13's ValueError: an op, a method or an init fill before the dry run (they
    # computed on the empty placeholder or did nothing); the module machinery still works
    words = "Attempted to use an uninitialized parameter in"
    m = nn.LazyLinear(3)
    for use in [
        lambda: m.weight + 1,
        lambda: 2 * m.weight,
        lambda: m.weight.sum(),
        lambda: m.weight.exp(),
        lambda: m.weight[0],
        lambda: nn.init.normal_(m.weight),
        lambda: nn.init.zeros_(m.bias),
        lambda: nn.init.constant_(nn.LazyBatchNorm1d().running_mean, 1.0),
    ]:
        with pytest.raises(ValueError, match=words):
            use()
    opt = optim.SGD(m.parameters(), lr=0.1, momentum=0.9)
    assert m.weight.requires_grad and m.weight.dtype == np.float32
    m(autograd.randn(2, 5)).sum().backward()
    opt.step()
    assert (m.weight + 1).shape == (3, 5) and type(m.weight.numpy()) is np.ndarray
