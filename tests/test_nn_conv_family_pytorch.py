"""The convolution family and resampling against PyTorch 2.13, and their gradients.

Recorded by tools/make_conv_family_fixtures.py (tests/data/conv_family.npz): the functions
(conv1d, conv_transpose1d/2d, max/avg_pool1d, max-pool indices, max_unpool1d/2d,
unfold/fold, pixel_shuffle/unshuffle, interpolate) with their outputs, first and (in
float64) second derivatives; the layers' default initialisation for a seed (the same
weights, bit for bit); and seeded modules' outputs. Then finite-difference gradient checks
(single and double backward) and the errors for bad input.
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
from autograd import Tensor, gradcheck, gradgradcheck

DATA = np.load(Path(__file__).parent / "data" / "conv_family.npz")


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


def _pytorch_backward_differs(cfg: dict, shape: tuple) -> bool:
    """1-d and 3-d nearest interpolation by a factor that keeps an axis's length (or
    doubles it) without being 1 (or 2): PyTorch's backward then sends the gradient to i
    (or i // 2), not where its forward read (docs/from-pytorch.md); graphgrad's gradient is
    the forward's derivative, checked against finite differences instead."""
    kw = cfg["kwargs"]
    if cfg["fn"] != "interpolate" or kw.get("mode", "nearest") != "nearest":
        return False
    factors = kw.get("scale_factor")
    if len(shape) == 4 or factors is None or kw.get("recompute_scale_factor"):
        return False
    factors = factors if isinstance(factors, list) else [factors] * (len(shape) - 2)
    return any(
        int(n * f) in (n, 2 * n) and f not in (1, 2) for n, f in zip(shape[2:], factors)
    )


@pytest.mark.parametrize("key", FUNCTIONS, ids=lambda k: f"{k}-{_config(k)['fn']}")
def test_function_matches_pytorch(key):
    cfg = _config(key)
    tensors = {}
    for name in cfg["tensors"]:
        a = DATA[f"{key}/{name}"]
        tensors[name] = Tensor(a, requires_grad=a.dtype.kind == "f")
    kwargs = _args(cfg["kwargs"])
    out = getattr(F, cfg["fn"])(*tensors.values(), *_args(cfg["args"]), **kwargs)
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
    if _pytorch_backward_differs(cfg, tensors["x"].shape):
        assert gradcheck(lambda x: getattr(F, cfg["fn"])(x, **kwargs), (tensors["x"],))
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


@pytest.mark.parametrize("key", MODULES, ids=lambda k: f"{k}-{_config(k)['cls']}")
def test_module_matches_pytorch(key):
    cfg = _config(key)
    m = getattr(nn, cfg["cls"])(*_args(cfg["args"]), **_args(cfg["kwargs"]))
    prefix = f"{key}/param/"
    state = {k[len(prefix) :]: DATA[k] for k in DATA.files if k.startswith(prefix)}
    assert list(dict(m.named_parameters())) == list(state)
    m.load_state_dict(state)  # PyTorch's weights (test_default_initialisation checks those)
    assert repr(m) == cfg["repr"]
    y = m(Tensor(DATA[f"{key}/x"]), **_args(cfg["forward"]))
    want = DATA[f"{key}/y"]
    assert y.shape == want.shape and y.dtype == want.dtype
    np.testing.assert_allclose(y.numpy(), want, rtol=1e-5, atol=1e-6)
