"""The torch-style namespace against PyTorch's documented behaviour (issue 13).

Creation (`tensor`, `from_numpy`, `as_tensor`, `asarray`, the factories with `dtype=`,
`device=`, `out=`), the values of `arange`/`linspace`/`logspace` and of adaptive pooling,
dtype names, promotion (`promote_types`, `result_type`, `can_cast`), `finfo`/`iinfo`, the
CPU device, conversions (`to`, `float`, `type`, `new_*`), and the type names PyTorch
prints. PyTorch's answers were recorded by tools/make_namespace_fixtures.py into
tests/data/namespace.npz (PyTorch 2.13, CPU).
"""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "namespace.npz")
ANSWERS = json.loads(str(DATA["__answers__"]))
DT = {
    "bool": np.bool_,
    "uint8": np.uint8,
    "int8": np.int8,
    "int16": np.int16,
    "int32": np.int32,
    "int64": np.int64,
    "float16": np.float16,
    "float32": np.float32,
    "float64": np.float64,
    "complex64": np.complex64,
    "complex128": np.complex128,
    "complex32": np.complex64,  # numpy has no complex32: graphgrad's nearest
}


@pytest.fixture
def float64_default():
    old = autograd.get_default_dtype()
    autograd.set_default_dtype(autograd.float64)
    yield
    autograd.set_default_dtype(old)


# ---------------------------------------------------------------------- ranges
@pytest.mark.parametrize("i", range(len(ANSWERS["arange"])))
@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_arange_gives_pytorchs_bits(i, dt):
    a, b, s = ANSWERS["arange"][i]
    got = autograd.arange(a, b, s, dtype=DT[dt]).data
    want = DATA[f"arange_{i}_{dt}"]
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got, want)


def test_integer_arange_dtype_and_values():
    for (a, b, s), dt, values in ANSWERS["arange_int"]:
        t = autograd.arange(a, b, s)
        assert t.dtype == DT[dt] and t.tolist() == values, (a, b, s)
    assert autograd.arange(5).dtype == autograd.int64
    assert autograd.arange(5.0).dtype == autograd.float32
    assert autograd.arange(Tensor(4)).tolist() == [0, 1, 2, 3]  # a 0-d tensor as a bound


def test_arange_errors_are_pytorchs():
    with pytest.raises(RuntimeError, match="step must be nonzero"):
        autograd.arange(0, 1, 0)
    with pytest.raises(RuntimeError, match="inconsistent with step sign"):
        autograd.arange(0, 5, -1)


@pytest.mark.parametrize("i", range(len(ANSWERS["linspace"])))
@pytest.mark.parametrize("dt", ["float32", "float64", "int64", "int32"])
def test_linspace_gives_pytorchs_bits(i, dt):
    a, b, n = ANSWERS["linspace"][i]
    got = autograd.linspace(a, b, n, dtype=DT[dt]).data
    want = DATA[f"linspace_{i}_{dt}"]
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("i", range(len(ANSWERS["logspace"])))
def test_logspace_matches_pytorch(i):
    a, b, n, base = ANSWERS["logspace"][i]
    got = autograd.logspace(a, b, n, base, dtype=np.float32).data
    np.testing.assert_array_equal(got, DATA[f"logspace_{i}_float32"])
    got = autograd.logspace(a, b, n, base=base, dtype=np.float64).data
    want = DATA[f"logspace_{i}_float64"]
    # float64: the C library's pow may differ from PyTorch's by one unit in the last place
    assert np.all(np.abs(got - want) <= np.spacing(np.abs(want)))


def test_linspace_steps_is_required_by_name_or_position():
    assert autograd.linspace(0, 1, steps=3).tolist() == [0.0, 0.5, 1.0]
    assert autograd.linspace(0, 1, num=3).tolist() == [0.0, 0.5, 1.0]  # numpy's name
    with pytest.raises(RuntimeError, match="non-negative"):
        autograd.linspace(0, 1, -1)


# ---------------------------------------------------------------- adaptive pooling
POOLS = {
    "avg2d": (F.adaptive_avg_pool2d, nn.AdaptiveAvgPool2d),
    "max2d": (F.adaptive_max_pool2d, nn.AdaptiveMaxPool2d),
    "avg1d": (F.adaptive_avg_pool1d, nn.AdaptiveAvgPool1d),
    "max1d": (F.adaptive_max_pool1d, nn.AdaptiveMaxPool1d),
}


@pytest.mark.parametrize("i", range(len(ANSWERS["adaptive"])))
@pytest.mark.parametrize("dt", ["float32", "float64"])
def test_adaptive_pooling_matches_pytorch(i, dt):
    kind, _, size = ANSWERS["adaptive"][i]
    size = tuple(size) if isinstance(size, list) else size
    fn, module = POOLS[kind]
    key = f"adaptive_{i}_{dt}"
    for f in (lambda x: fn(x, size), module(size)):
        x = Tensor(DATA[f"{key}_x"], requires_grad=True)
        y = f(x)
        y.backward(DATA[f"{key}_g"])
        want_y, want_dx = DATA[f"{key}_y"], DATA[f"{key}_dx"]
        assert y.dtype == want_y.dtype and x.grad.dtype == want_dx.dtype
        if kind == "avg2d" and size == 1:  # PyTorch takes its mean: its summation order
            np.testing.assert_allclose(y.data, want_y, rtol=1e-6 if dt == "float32" else 1e-14)
        else:  # the same sums in the same order: the same bits
            np.testing.assert_array_equal(y.data, want_y)
        np.testing.assert_array_equal(x.grad.data, want_dx)
    if kind.startswith("max"):
        _, idx = fn(Tensor(DATA[f"{key}_x"]), size, return_indices=True)
        np.testing.assert_array_equal(idx.data, DATA[f"{key}_idx"])
        assert idx.dtype == np.int64


def test_adaptive_pooling_reprs_and_errors():
    mods = [
        nn.AdaptiveAvgPool2d(1),
        nn.AdaptiveAvgPool2d((2, 3)),
        nn.AdaptiveMaxPool2d((None, 4)),
        nn.AdaptiveAvgPool1d(5),
    ]
    assert [repr(m) for m in mods] == ANSWERS["adaptive_repr"]
    with pytest.raises(ValueError, match="output_size must be >= 0"):
        F.adaptive_avg_pool2d(autograd.zeros(1, 1, 4, 4), -1)
    with pytest.raises(ValueError, match="non-zero sizes"):
        F.adaptive_avg_pool2d(autograd.zeros(1, 1, 0, 4), 2)
    with pytest.raises(ValueError, match="3-d or 4-d"):
        F.adaptive_max_pool2d(autograd.zeros(4, 4), 2)


def test_adaptive_pooling_gradients_and_second_order():
    rng = np.random.default_rng(0)
    for size in [(3, 2), (4, 5), 1]:
        x = Tensor(rng.standard_normal((2, 2, 5, 3)), requires_grad=True)
        assert autograd.gradcheck(lambda x, s=size: F.adaptive_avg_pool2d(x, s), (x,))
        assert autograd.gradgradcheck(lambda x, s=size: F.adaptive_avg_pool2d(x, s), (x,))
        assert autograd.gradcheck(lambda x, s=size: F.adaptive_max_pool2d(x, s), (x,))
        assert autograd.gradgradcheck(lambda x, s=size: F.adaptive_max_pool2d(x, s), (x,))


# ------------------------------------------------------------------------ dtypes
def test_dtype_names_are_numpy_dtypes():
    assert autograd.float is autograd.float32 == np.float32
    assert autograd.double == autograd.float64 == np.dtype("float64")
    assert autograd.half == autograd.float16
    assert autograd.long == autograd.int64 and autograd.int == autograd.int32
    assert autograd.short == autograd.int16 and autograd.bool == np.bool_
    assert autograd.cfloat == autograd.complex64 and autograd.cdouble == autograd.complex128
    assert autograd.uint8 == np.uint8
    x = autograd.zeros(2)
    assert x.dtype == autograd.float32 and x.dtype == np.float32


def test_bfloat16_can_be_named_but_not_used():
    table = {"float32": autograd.float32, "bfloat16": autograd.bfloat16}  # as nanoGPT does
    assert "bfloat16" in repr(table["bfloat16"])
    for use in (
        lambda: autograd.zeros(2, dtype=autograd.bfloat16),
        lambda: autograd.zeros(2).to(autograd.bfloat16),
        lambda: autograd.zeros(2).bfloat16(),
        lambda: nn.Linear(2, 2).bfloat16(),
        lambda: np.zeros(2, autograd.bfloat16),
    ):
        with pytest.raises(TypeError, match="numpy has no bfloat16.*use autograd.float32"):
            use()


def test_promote_types_and_can_cast_are_pytorchs_tables():
    for key, want in ANSWERS["promote_types"].items():
        a, b = key.split()
        assert autograd.promote_types(DT[a], DT[b]) == DT[want], key
    for key, want in ANSWERS["can_cast"].items():
        a, b = key.split()
        assert autograd.can_cast(DT[a], DT[b]) is want, key
    with pytest.raises(RuntimeError, match="uint16, uint32, uint64"):
        autograd.promote_types(np.uint32, np.int32)


def _operand(spec):
    kind, val = spec
    if kind == "py":
        return complex(*val) if isinstance(val, list) else val
    dt, nd = kind.split(":")
    return autograd.ones((2,) * int(nd), dtype=DT[dt])


def test_result_type_is_pytorchs():
    """Dimensioned tensors, then 0-d tensors, then Python numbers: a higher category wins."""
    for a, b, want in ANSWERS["result_type"]:
        got = autograd.result_type(_operand(a), _operand(b))
        assert got == DT[want], (a, b, want)
    # numpy arrays count as tensors, numpy scalars as Python numbers (as in PyTorch's ops)
    assert autograd.result_type(np.zeros(2, np.float32), np.float64(2.0)) == np.float32
    with pytest.raises(TypeError, match="expected tensors, arrays or numbers"):
        autograd.result_type(autograd.ones(2), "a")


def test_result_type_follows_the_default_dtype(float64_default):
    assert autograd.result_type(autograd.ones(2, dtype=np.int32), 1.0) == np.float64
    assert autograd.result_type(1, 1j) == np.complex128


def test_finfo_and_iinfo_are_pytorchs():
    for dt, want in ANSWERS["finfo"].items():
        f = autograd.finfo(DT[dt])
        for k, v in want.items():
            assert (repr(f) if k == "repr" else getattr(f, k)) == v, (dt, k)
    for dt, want in ANSWERS["iinfo"].items():
        i = autograd.iinfo(DT[dt])
        for k, v in want.items():
            assert (repr(i) if k == "repr" else getattr(i, k)) == v, (dt, k)
    assert autograd.finfo().dtype == "float32"  # the default dtype's
    with pytest.raises(TypeError, match="floating point"):
        autograd.finfo(autograd.int32)
    with pytest.raises(TypeError, match="integer"):
        autograd.iinfo(autograd.float32)


def test_set_default_dtype_takes_the_names(float64_default):
    autograd.set_default_dtype(autograd.float)
    assert autograd.get_default_dtype() == np.float32
    autograd.set_default_dtype("float64")
    assert autograd.tensor([1.5]).dtype == np.float64
    with pytest.raises(TypeError, match="only floating dtypes"):
        autograd.set_default_dtype(autograd.long)


# ---------------------------------------------------------------------- creation
def _data(key):
    """The Python value a key of the fixture names (built the same way as the tool)."""
    t = autograd.tensor  # the tool made these tensors under the float32 default
    return {
        "[torch.tensor(1.0), torch.tensor(2.0)]": [
            t(1.0, dtype=np.float32),
            t(2.0, dtype=np.float32),
        ],
        "[torch.tensor(1.0, dtype=float64), 2.5]": [t(1.0, dtype=np.float64), 2.5],
    }.get(key) or eval(key, {"np": np})


def _plain(x):
    if isinstance(x, complex):
        return [x.real, x.imag]
    return [_plain(v) for v in x] if isinstance(x, list) else x


@pytest.mark.parametrize("key", list(ANSWERS["tensor_dtype"]))
def test_tensor_infers_pytorchs_dtype(key):
    dt, shape, values = ANSWERS["tensor_dtype"][key]
    t = autograd.tensor(_data(key))
    assert t.dtype == DT[dt] and list(t.shape) == shape and _plain(t.tolist()) == values


def test_tensor_infers_float64_under_a_float64_default(float64_default):
    for key, dt in ANSWERS["tensor_dtype_f64"].items():
        assert autograd.tensor(_data(key)).dtype == DT[dt], key


def test_tensor_copies_and_its_options():
    a = np.arange(3.0)
    t = autograd.tensor(a)
    a[0] = 9
    assert t.tolist() == [0.0, 1.0, 2.0]  # a copy
    w = autograd.tensor([1.0, 2.0], dtype=autograd.float64, device="cpu", requires_grad=True)
    assert w.is_leaf and w.requires_grad and w.dtype == np.float64
    with pytest.warns(UserWarning, match=r"detach\(\).clone\(\)"):
        c = autograd.tensor(w)
    assert not c.requires_grad and np.shares_memory(c.data, w.data) is False
    with pytest.raises(TypeError, match="invalid data type 'str'"):
        autograd.tensor("abc")
    with pytest.raises(ValueError, match="rectangular"):
        autograd.tensor([[1, 2], [3]])
    with pytest.raises(TypeError, match="only one-element tensors"):
        autograd.tensor([autograd.ones(2), autograd.ones(2)])
    with pytest.raises(TypeError, match="floating"):
        autograd.tensor([1, 2], requires_grad=True)


def test_from_numpy_shares_memory_and_keeps_the_dtype():
    a = np.zeros(3, np.float64)
    t = autograd.from_numpy(a)
    a[0] = 5
    assert t.dtype == np.float64 and t.tolist() == [5.0, 0.0, 0.0]
    t.data[1] = 7
    assert a[1] == 7
    z = autograd.from_numpy(np.array(3.0))
    assert z.shape == ()
    with pytest.raises(TypeError, match=r"expected np.ndarray \(got list\)"):
        autograd.from_numpy([1, 2])
    with pytest.raises(TypeError, match=r"expected np.ndarray \(got float64\)"):
        autograd.from_numpy(np.float64(2))
    with pytest.raises(TypeError, match="object"):
        autograd.from_numpy(np.array([1, None], dtype=object))
    with pytest.raises(ValueError, match="byte order"):
        autograd.from_numpy(np.zeros(3, ">f4"))


def test_as_tensor_and_asarray_share_when_they_can():
    a = np.arange(3.0)
    assert np.shares_memory(autograd.as_tensor(a).data, a)
    assert not np.shares_memory(autograd.as_tensor(a, dtype=np.float32).data, a)
    t = autograd.ones(2)
    assert autograd.as_tensor(t) is t and autograd.asarray(t) is t
    assert autograd.as_tensor(t, dtype=np.float64).dtype == np.float64
    assert autograd.as_tensor([1, 2]).dtype == np.int64
    assert np.shares_memory(autograd.asarray(a).data, a)
    assert not np.shares_memory(autograd.asarray(a, copy=True).data, a)
    with pytest.raises(ValueError, match="copy=False"):
        autograd.asarray([1.0, 2.0], copy=False)
    with pytest.raises(ValueError, match="copy=False"):
        autograd.asarray(a, dtype=np.float32, copy=False)


def test_factories_infer_pytorchs_dtypes():
    got = {
        "full(2, 3)": autograd.full((2,), 3).dtype,
        "full(2, 3.0)": autograd.full((2,), 3.0).dtype,
        "full(2, True)": autograd.full((2,), True).dtype,
        "arange(5)": autograd.arange(5).dtype,
        "arange(5.0)": autograd.arange(5.0).dtype,
        "zeros(2)": autograd.zeros(2).dtype,
        "eye(2)": autograd.eye(2).dtype,
        "empty(2)": autograd.empty(2).dtype,
        "linspace(0, 1, 3)": autograd.linspace(0, 1, 3).dtype,
        "full_like(long, 2.7)": autograd.full_like(autograd.zeros(3, dtype=np.int64), 2.7),
        "new_full(float, (2,), 3)": autograd.zeros(1).new_full((2,), 3).dtype,
        "new_tensor(float, [1, 2])": autograd.zeros(1).new_tensor([1, 2]).dtype,
        "zeros_like(long)": autograd.zeros_like(autograd.zeros(2, dtype=np.int64)).dtype,
    }
    for key, want in ANSWERS["factory_dtype"].items():
        if isinstance(want, list):
            assert got[key].tolist() == want, key
        else:
            assert got[key] == DT[want], key


def test_factories_take_sizes_as_ints_or_one_tuple_and_pytorchs_keywords():
    for f in (autograd.zeros, autograd.ones, autograd.empty):
        assert f(2, 3).shape == f((2, 3)).shape == f([2, 3]).shape == (2, 3)
        t = f(2, dtype=autograd.float64, device=autograd.device("cpu"), requires_grad=True)
        assert t.dtype == np.float64 and t.requires_grad and t.is_leaf
    assert autograd.zeros(()).shape == autograd.zeros([]).shape == ()
    assert autograd.full((), 2.0, requires_grad=True).requires_grad
    assert autograd.eye(2, 3, dtype=np.float64).tolist() == [[1, 0, 0], [0, 1, 0]]
    like = autograd.ones(2, 3, dtype=np.float64)
    for f in (autograd.zeros_like, autograd.ones_like, autograd.empty_like):
        r = f(like, requires_grad=True)
        assert r.shape == (2, 3) and r.dtype == np.float64 and r.requires_grad
        assert f(like, dtype=np.int64).dtype == np.int64
    assert autograd.full_like(like, 7).tolist() == [[7.0] * 3] * 2
    with pytest.raises(RuntimeError, match="negative dimension"):
        autograd.zeros(-1)


def test_out_writes_into_the_given_tensor():
    o = autograd.empty(3)
    keep = o.numpy()
    r = autograd.zeros(3, out=o)
    assert r is o and o.tolist() == [0.0] * 3 and o.numpy() is keep  # written in place
    o = autograd.empty(2, dtype=np.float64)
    with pytest.warns(UserWarning, match="resized"):
        autograd.arange(3, out=o)
    assert o.tolist() == [0.0, 1.0, 2.0] and o.dtype == np.float64  # out's dtype
    assert autograd.linspace(0, 1, 3, out=autograd.empty(0)).tolist() == [0.0, 0.5, 1.0]
    with pytest.raises(RuntimeError, match="does not match the dtype of the out"):
        autograd.zeros(2, out=autograd.empty(2), dtype=np.float64)
    with pytest.raises(RuntimeError, match="out=.*automatic differentiation"):
        autograd.ones(2, out=autograd.zeros(2, requires_grad=True))
    with pytest.raises(TypeError, match="out= must be a Tensor"):
        autograd.ones(2, out=np.zeros(2))


def test_tensor_constructor_keeps_numpys_rules_and_refuses_pytorchs_sizes():
    # API.md: Tensor(data) takes what numpy.asarray takes; integers stay integers (PyTorch's
    # torch.Tensor([1, 2]) is float32: a difference written down in docs/from-pytorch.md)
    assert Tensor([1, 2]).dtype == np.int64 and Tensor([1.0, 2]).dtype == np.float32
    with pytest.raises(TypeError, match=r"autograd.empty\(3, 4\)"):
        Tensor(3, 4)
    with pytest.raises(TypeError, match=r"autograd.empty\(2, 3, 4\)"):
        Tensor(2, 3, 4)


# ------------------------------------------------------------------- conversions
def test_to_returns_self_when_nothing_changes_and_casts_otherwise():
    x = autograd.zeros(2, requires_grad=True)
    assert x.to("cpu") is x and x.to(autograd.float32) is x and x.to(x) is x and x.cpu() is x
    assert x.to(autograd.device("cpu")) is x and x.to("cpu:0") is x
    y = x.to(autograd.float64)
    assert y.dtype == np.float64 and y.grad_fn is not None  # differentiable, as PyTorch's
    assert x.to("cpu", autograd.float64).dtype == np.float64
    assert x.to(autograd.zeros(1, dtype=np.float64)).dtype == np.float64
    assert x.to(device="cpu", dtype=autograd.float64).dtype == np.float64
    c = x.to(dtype=autograd.float32, copy=True)
    assert c is not x and not np.shares_memory(c.data, x.data)
    assert not x.to(autograd.int64).requires_grad and not x.long().requires_grad
    y.sum().backward()
    assert x.grad.tolist() == [1.0, 1.0]


def test_dtype_methods_and_type_names():
    x = autograd.zeros(2, dtype=np.float64)
    assert x.float().dtype == np.float32  # always float32, whatever the default dtype
    casts = {
        "double": np.float64,
        "half": np.float16,
        "long": np.int64,
        "int": np.int32,
        "short": np.int16,
        "char": np.int8,
        "byte": np.uint8,
        "bool": np.bool_,
        "cfloat": np.complex64,
        "cdouble": np.complex128,
    }
    for name, dt in casts.items():
        assert getattr(x, name)().dtype == dt, name
    for dt, name in ANSWERS["type_names"].items():
        assert autograd.zeros(1, dtype=DT[dt]).type() == name
    assert x.type(autograd.float32).dtype == np.float32
    assert x.type("torch.LongTensor").dtype == np.int64
    assert x.type_as(autograd.zeros(1, dtype=np.int32)).dtype == np.int32
    for dt, size in ANSWERS["element_size"].items():
        assert autograd.zeros(1, dtype=DT[dt]).element_size() == size
    assert x.is_floating_point() and not x.long().is_floating_point()
    assert x.cfloat().is_complex() and not x.is_complex()


def test_float_is_float32_under_a_float64_default(float64_default):
    assert autograd.zeros(2).dtype == np.float64
    assert autograd.zeros(2).float().dtype == np.float32


def test_new_factories_keep_the_dtype():
    x = autograd.zeros(2, 3, dtype=np.float64)
    assert x.new_zeros(2).dtype == np.float64 and x.new_ones((2, 3)).shape == (2, 3)
    assert x.new_empty(4).shape == (4,) and x.new_full((2,), 3).tolist() == [3.0, 3.0]
    assert x.new_tensor([1, 2]).dtype == np.float64
    assert x.new_zeros(2, dtype=autograd.long).dtype == np.int64
    assert x.new_tensor([1.0], requires_grad=True).requires_grad
    assert x.long().new_zeros(2).dtype == np.int64
    with pytest.warns(UserWarning, match="detach"):
        x.new_tensor(autograd.ones(2))


# ------------------------------------------------------------------------ device
def test_device_is_pytorchs():
    d = autograd.device("cpu")
    want = ANSWERS["device"]
    assert repr(d) == want["repr"] and str(d) == want["str"]
    assert repr(autograd.device("cpu:0")) == want["repr cpu:0"]
    assert str(autograd.device("cpu:0")) == want["str cpu:0"]
    assert repr(autograd.device("cpu", 0)) == want["repr cpu, 0"]
    assert (d.type, d.index) == (want["type"], want["index"])
    assert (d == "cpu") is want["== 'cpu'"]  # PyTorch: a device is not equal to a string
    assert (d == autograd.device("cpu:0")) is want["cpu == cpu:0"]
    assert d == autograd.device(d) and hash(d) == hash(autograd.device("cpu"))
    assert repr(autograd.zeros(1).device) == want["tensor.device"]
    assert autograd.zeros(1).get_device() == want["get_device"]
    assert f"{autograd.zeros(1).device}" == "cpu"
    x = autograd.zeros(1)  # PyTorch's CPU tensor answers, as in `if x.is_cuda or x.is_xpu:`
    assert x.is_cpu and not (x.is_cuda or x.is_xpu or x.is_mps)
    assert pickle.loads(pickle.dumps(d)) == d
    with autograd.device("cpu"):
        assert autograd.zeros(1).device == d


def test_other_devices_can_be_named_but_not_used():
    cuda = autograd.device("cuda:1")  # as in PyTorch on a machine without CUDA
    assert repr(cuda) == "device(type='cuda', index=1)"
    uses = [
        lambda: autograd.zeros(2, device="cuda"),
        lambda: autograd.tensor([1.0], device=cuda),
        lambda: autograd.randn(2, device="mps"),
        lambda: autograd.zeros(2).to("cuda"),
        lambda: autograd.zeros(2).cuda(),
        lambda: nn.Linear(2, 2, device="cuda"),
        lambda: nn.Linear(2, 2).to(cuda),
        lambda: nn.Linear(2, 2).cuda(),
        lambda: autograd.set_default_device("cuda"),
        lambda: autograd.zeros(1).new_zeros(2, device="cuda"),
    ]
    for use in uses:
        with pytest.raises(RuntimeError, match="graphgrad runs on the CPU"):
            use()
    with pytest.raises(RuntimeError, match="device type at start of device string: foo"):
        autograd.device("foo")
    with pytest.raises(RuntimeError, match="Invalid device string"):
        autograd.device("cpu:x")
    autograd.set_default_device("cpu")
    autograd.set_default_device(None)
    assert autograd.get_default_device() == autograd.device("cpu")


def test_accelerator_namespaces_answer_as_a_cpu_machine():
    want = ANSWERS["device"]
    assert autograd.cuda.is_available() is want["cuda.is_available"]
    assert autograd.cuda.device_count() == want["cuda.device_count"]
    assert autograd.accelerator.is_available() is want["accelerator.is_available"]
    assert autograd.accelerator.current_accelerator() is want["accelerator.current_accelerator"]
    assert autograd.backends.mps.is_available() is want["backends.mps.is_available"]
    assert autograd.mps.is_available() is False and not autograd.cuda.is_bf16_supported()
    autograd.cuda.manual_seed_all(0)  # ignored, as PyTorch ignores it without CUDA
    autograd.cuda.empty_cache()
    autograd.backends.cudnn.deterministic = True  # a setting that changes nothing
    autograd.backends.cudnn.benchmark = False
    autograd.backends.cuda.matmul.allow_tf32 = True
    assert autograd.backends.cudnn.deterministic is True
    assert autograd.backends.cpu.get_cpu_capability() in ("AVX512", "AVX2", "DEFAULT")
    for refused in (autograd.cuda.current_device, autograd.cuda.synchronize):
        with pytest.raises(RuntimeError, match="graphgrad runs on the CPU"):
            refused()


# --------------------------------------------------------------------- namespace
def test_torch_style_attributes_are_the_packages():
    import optim
    from autograd import nn as nn2

    assert autograd.nn is nn and nn2 is nn and autograd.optim is optim
    assert autograd.nn.functional is F and autograd.nn.init is nn.init
    assert autograd.nn.utils.clip_grad_norm_ is nn.utils.clip_grad_norm_
    assert autograd.utils.data is nn.data
    assert autograd.utils.data.DataLoader is nn.data.DataLoader
    assert autograd.autograd.Function is autograd.Function
    assert autograd.autograd.grad is autograd.grad
    assert autograd.autograd.functional is autograd.functional
    assert isinstance(autograd.__version__, str)
    assert autograd.version.__version__ == autograd.__version__
    assert autograd.version.cuda is None


def test_pytorchs_import_spellings_work():
    code = (
        "import autograd.nn as nn, autograd.nn.functional as F, nn as real\n"
        "from autograd.utils.data import DataLoader, TensorDataset\n"
        "from autograd.cuda.amp import GradScaler\n"
        "from autograd.autograd import Function, Variable\n"
        "import autograd.optim.lr_scheduler as s\n"
        "import autograd.backends.cudnn as cudnn\n"
        "cudnn.benchmark = True\n"
        "import autograd\n"
        "assert autograd.backends.cudnn is cudnn and cudnn.benchmark is True\n"
        "assert nn is real and F is real.functional and DataLoader is real.data.DataLoader\n"
        "assert nn.__spec__.name == 'nn'  # the real module's spec stays its own\n"
        "print('ok')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "ok", run.stderr


def test_import_autograd_does_not_import_nn():
    code = "import sys, autograd; print(sorted(m for m in sys.modules if m in ('nn', 'optim')))"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.stdout.strip() == "[]", run.stderr


def test_autograd_backward_and_variable():
    x = autograd.ones(2, requires_grad=True)
    a, b = x * 2, (x * 3).sum()
    autograd.autograd.backward([a, b], [autograd.ones(2), None])
    assert x.grad.tolist() == [5.0, 5.0]  # PyTorch's answer
    v = autograd.autograd.Variable(autograd.ones(2), requires_grad=True)
    assert v.requires_grad and v.is_leaf


# ------------------------------------------------------------------ save and load
def test_save_and_load_state_dicts_and_checkpoints(tmp_path):
    model = nn.Linear(3, 2)
    opt = autograd.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    model(autograd.ones(1, 3)).sum().backward()
    opt.step()
    autograd.save(model.state_dict(), tmp_path / "w.pth")
    loaded = autograd.load(tmp_path / "w.pth", weights_only=True)
    assert list(loaded) == ["weight", "bias"] and isinstance(loaded["weight"], Tensor)
    assert set(nn.load(tmp_path / "w.pth")) == {"weight", "bias"}  # nn.save's format
    fresh = nn.Linear(3, 2)
    fresh.load_state_dict(autograd.load(tmp_path / "w.pth", map_location="cpu"))
    np.testing.assert_array_equal(fresh.weight.data, model.weight.data)
    ckpt = {
        "epoch": 3,
        "model_state_dict": model.state_dict(),
        "optimizer_state_dict": opt.state_dict(),
        "loss": 0.25,
    }
    with open(tmp_path / "ckpt.pt", "wb") as f:
        autograd.save(ckpt, f)
    with open(tmp_path / "ckpt.pt", "rb") as f:
        back = autograd.load(f, map_location=autograd.device("cpu"), weights_only=False)
    assert back["epoch"] == 3 and back["loss"] == 0.25
    opt2 = autograd.optim.SGD(fresh.parameters(), lr=0.1, momentum=0.9)
    fresh.load_state_dict(back["model_state_dict"])
    opt2.load_state_dict(back["optimizer_state_dict"])
    autograd.save(autograd.arange(3.0), tmp_path / "t.pt")
    assert autograd.load(tmp_path / "t.pt").tolist() == [0.0, 1.0, 2.0]


def test_save_and_load_refuse_what_needs_pickle(tmp_path):
    model = nn.Linear(2, 2)
    with pytest.raises(TypeError, match=r"never pickles.*autograd.save\(model.state_dict\(\)"):
        autograd.save(model, tmp_path / "m.pt")
    with pytest.raises(TypeError, match="never pickles"):
        autograd.save(autograd.optim.SGD(model.parameters(), lr=0.1), tmp_path / "o.pt")
    with pytest.raises(TypeError, match="never pickles"):
        autograd.save({"f": print}, tmp_path / "f.pt")
    import zipfile

    with zipfile.ZipFile(tmp_path / "torch.pt", "w") as z:  # the layout torch.save writes
        z.writestr("archive/data.pkl", b"\x80\x02}q\x00.")
    with pytest.raises(ValueError, match=r"PyTorch's torch.save.*never pickles.*numpy.savez"):
        autograd.load(tmp_path / "torch.pt")
    (tmp_path / "legacy.pt").write_bytes(b"\x80\x02}q\x00.")
    with pytest.raises(ValueError, match="never pickles"):
        autograd.load(tmp_path / "legacy.pt")
    autograd.save(model.state_dict(), tmp_path / "w.pt")
    with pytest.raises(RuntimeError, match="graphgrad runs on the CPU"):
        autograd.load(tmp_path / "w.pt", map_location="cuda:0")
    assert autograd.load(tmp_path / "w.pt", map_location={"cuda:0": "cpu"})
    assert autograd.load(tmp_path / "w.pt", map_location=lambda storage, loc: storage)


def test_whole_models_pickle_and_copy_as_python_objects():
    # graphgrad's files never hold pickles, but a model is a Python object: pickle.dumps
    # and copy.deepcopy work on it (as in PyTorch), for the user's own process pools
    model = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Linear(3, 1))
    for clone in (pickle.loads(pickle.dumps(model)), copy.deepcopy(model)):
        np.testing.assert_array_equal(clone[0].weight.data, model[0].weight.data)
        assert clone[0].weight is not model[0].weight


# ----------------------------------------------------- runtime and unsupported
def test_amp_without_cuda_is_disabled_as_in_pytorch_and_refused_on_the_cpu():
    with pytest.warns(UserWarning, match="Disabling autocast"):
        ctx = autograd.autocast("cuda")
    with ctx:
        assert (autograd.ones(2, 2) @ autograd.ones(2, 2)).dtype == np.float32
    with autograd.amp.autocast("cpu", enabled=False):
        pass
    with pytest.raises(RuntimeError, match="does not do mixed precision"):
        autograd.autocast("cpu")
    with pytest.warns(UserWarning, match="Disabling"):
        scaler = autograd.cuda.amp.GradScaler()
    w = autograd.ones(2, requires_grad=True)
    opt = autograd.optim.SGD([w], lr=0.5)
    loss = (w * w).sum()
    assert scaler.scale(loss) is loss and not scaler.is_enabled() and scaler.get_scale() == 1.0
    scaler.scale(loss).backward()
    scaler.step(opt)
    scaler.update()
    assert w.tolist() == [0.0, 0.0]
    assert autograd.amp.GradScaler(enabled=False).state_dict() == {}
    with pytest.raises(RuntimeError, match="does not do mixed precision"):
        autograd.amp.GradScaler("cpu")


def test_compile_returns_the_model_and_jit_onnx_distributed_refuse():
    model = nn.Linear(2, 2)
    assert autograd.compile(model) is model
    assert autograd.compile(mode="reduce-overhead")(model) is model

    @autograd.compile
    def f(x):
        return x * 2

    assert f(autograd.ones(1)).tolist() == [2.0]
    assert autograd.jit.is_scripting() is False and autograd.jit.ignore(f) is f
    for refused, match in [
        (lambda: autograd.jit.script(model), "no TorchScript.*nn.save"),
        (lambda: autograd.jit.trace(model, autograd.ones(1, 2)), "no TorchScript"),
        (lambda: autograd.onnx.export(model, autograd.ones(1, 2), "m.onnx"), "cannot export"),
        (lambda: autograd.distributed.init_process_group("gloo"), "no distributed"),
    ]:
        with pytest.raises(RuntimeError, match=match):
            refused()
    assert autograd.distributed.is_available() is False
    with pytest.raises(AttributeError, match="no TorchScript"):
        autograd.jit.ScriptModule  # noqa: B018


def test_threads_determinism_and_matmul_precision():
    n = autograd.get_num_threads()
    autograd.set_num_threads(1)
    assert autograd.get_num_threads() == 1
    autograd.set_num_threads(n)
    autograd.use_deterministic_algorithms(True)
    assert autograd.are_deterministic_algorithms_enabled()
    autograd.use_deterministic_algorithms(False)
    autograd.set_float32_matmul_precision("high")
    assert autograd.get_float32_matmul_precision() == "high"
    autograd.set_float32_matmul_precision("highest")


# ---------------------------------------------------------------- nn factories
def test_layers_take_device_and_dtype_as_pytorch():
    cases = [
        (nn.Linear(3, 4, device="cpu", dtype=autograd.float64), "weight"),
        (nn.Conv2d(1, 2, 3, device="cpu", dtype=autograd.float64), "weight"),
        (nn.BatchNorm1d(3, device="cpu", dtype=autograd.float64), "running_mean"),
        (nn.BatchNorm2d(3, dtype=autograd.float64), "weight"),
        (nn.LayerNorm(3, dtype=autograd.float64), "weight"),
        (nn.GroupNorm(1, 3, dtype=autograd.float64), "weight"),
        (nn.Embedding(3, 2, device="cpu", dtype=autograd.float64), "weight"),
        (nn.LSTM(2, 3, device="cpu", dtype=autograd.float64), "weight_ih_l0"),
        (nn.GRUCell(2, 3, dtype=autograd.float64), "weight_hh"),
        (nn.PReLU(dtype=autograd.float64), "weight"),
        (nn.MultiheadAttention(4, 2, dtype=autograd.float64), "in_proj_weight"),
    ]
    for m, name in cases:
        assert np.asarray(getattr(m, name).data if hasattr(getattr(m, name), "data")
                          else getattr(m, name)).dtype == np.float64, m  # fmt: skip


def test_module_to_cpu_double_half():
    m = nn.Sequential(nn.Linear(2, 3), nn.BatchNorm1d(3))
    assert m.to(autograd.device("cpu")) is m and m.cpu() is m and m.to("cpu") is m
    assert m.to("cpu", autograd.float64)[0].weight.dtype == np.float64
    assert m.to(dtype=autograd.float32)[1].running_var.dtype == np.float32
    assert m.to(autograd.zeros(1, dtype=np.float64))[0].weight.dtype == np.float64
    assert m.half()[0].weight.dtype == np.float16 and m.float()[0].weight.dtype == np.float32
    assert m[1].num_batches_tracked.dtype == np.int64  # integer buffers keep their dtype
    with pytest.raises(TypeError, match="floating point or complex dtypes"):
        m.to(autograd.int64)


def test_warnings_are_clean():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        autograd.tensor([[1.0, 2.0]])
        autograd.as_tensor(np.zeros(2))
        autograd.arange(0, 1, 0.1)


# ------------------------------------------------------------ legacy types, sparse
def test_legacy_tensor_types_are_pytorchs():
    # PyTorch 2.13's answers: sizes are uninitialised, data is converted, an array or tensor
    # of the type's dtype shares its memory, isinstance checks the dtype
    F = autograd.FloatTensor
    assert F(2, 3).shape == (2, 3) and F(2, 3).dtype == autograd.float32
    assert F(autograd.Size([2])).shape == (2,) and F().shape == (0,)
    assert F([1, 2]).tolist() == [1.0, 2.0] and F([1, 2]).dtype == autograd.float32
    assert F(np.array([1, 2], np.int32)).dtype == autograd.float32
    a = np.array([1.0, 2.0], np.float32)
    t = F(a)
    a[0] = 9
    assert t.tolist() == [9.0, 2.0]
    assert autograd.LongTensor([1.7]).tolist() == [1] and autograd.LongTensor([1]).dtype == np.int64
    assert autograd.BoolTensor([1, 0]).tolist() == [True, False]
    assert isinstance(autograd.ones(2), F) and not isinstance(autograd.ones(2), autograd.LongTensor)
    assert not isinstance(autograd.ones(2, dtype=autograd.long), F) and not isinstance(2.0, F)
    assert autograd.ones(2).type(autograd.DoubleTensor).dtype == autograd.float64
    with pytest.raises(TypeError, match="data must be a sequence"):
        F(2.5)
    with pytest.raises(TypeError, match=r"x.to\(autograd.float32\)"):
        F(autograd.ones(2, dtype=autograd.long))
    with pytest.raises(TypeError, match="requires_grad=..."):
        F([1, 2], requires_grad=True)


def test_sparse_layouts_are_refused_saying_what_to_write():
    x = autograd.eye(2)
    for call in (x.to_sparse, lambda: autograd.sparse_coo_tensor([[0], [1]], [1.0], (2, 2))):
        with pytest.raises(TypeError, match=r"no sparse layouts.*index_put_") as e:
            call()
        assert "leave out .to_sparse()" in str(e.value)
    # the dense form the message gives is the sparse tensor's (PyTorch's to_dense())
    i = autograd.tensor([[0, 1, 1], [1, 0, 0]])
    dense = autograd.zeros(2, 2).index_put_(tuple(i), autograd.ones(3), accumulate=True)
    assert dense.tolist() == [[0.0, 1.0], [2.0, 0.0]]
    assert autograd.spmm(dense, x).tolist() == [[0.0, 1.0], [2.0, 0.0]]  # torch.spmm: mm


def test_save_and_load_keep_numpy_arrays_numpy(tmp_path):
    # PyTorch's torch.load(weights_only=False) gives back what was pickled: a numpy array
    # as a numpy array (time_sequence_prediction saves its data so), a tensor as a tensor
    data = np.sin(np.arange(6.0).reshape(2, 3))
    autograd.save(data, tmp_path / "data.pt")
    back = autograd.load(tmp_path / "data.pt")
    assert type(back) is np.ndarray and back.dtype == np.float64
    np.testing.assert_array_equal(back, data)
    autograd.save({"a": data, "b": [autograd.ones(2), 3, np.float32(2)]}, tmp_path / "mix.pt")
    mix = autograd.load(tmp_path / "mix.pt")
    assert type(mix["a"]) is np.ndarray and isinstance(mix["b"][0], Tensor)
    assert mix["b"][1:] == [3, np.float32(2)] and type(mix["b"][2]) is np.float32
