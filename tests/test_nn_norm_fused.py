"""The fused normalisation primitive (nn/norm_ops.py) against PyTorch's numbers
(tests/data/norm.npz, written by tools/make_norm_fixtures.py with PyTorch 2.13) and
against its composed definition: values, gradients and second derivatives."""

import json
from pathlib import Path

import numpy as np
import pytest

import autograd
from autograd import Tensor, gradcheck, gradgradcheck
from nn import functional as F
from nn.norm_ops import LayerNormOp

DATA = Path(__file__).parent / "data" / "norm.npz"
with np.load(DATA) as _z:
    FIX = {k: _z[k] for k in _z.files}
CASES = sorted({k.split("/")[0] for k in FIX})
TOL = {  # (rtol, atol) per dtype, atol relative to the values' scale
    "float64": (1e-10, 1e-12),
    "float32": (1e-5, 1e-5),
    "float16": (2e-3, 2e-3),
}


def _run(case: str, create_graph: bool = False):
    """graphgrad's output, its leaves, and their gradients for one recorded case."""
    cfg = json.loads(str(FIX[f"{case}/config"]))
    get = lambda k: FIX.get(f"{case}/{k}")  # noqa: E731
    x = Tensor(get("x"), requires_grad=True)
    params = {k: Tensor(get(k), requires_grad=True) for k in ("weight", "bias") if k in _keys(case)}
    w, b = params.get("weight"), params.get("bias")
    if cfg["fn"] == "layer_norm":
        y = F.layer_norm(x, tuple(cfg["arg"]), w, b, cfg["eps"])
    else:
        y = F.group_norm(x, cfg["arg"], w, b, cfg["eps"])
    g = Tensor(get("g"), requires_grad=create_graph)
    leaves = [x, *params.values()]
    grads = autograd.grad(y, leaves, g, create_graph=create_graph)
    return cfg, y, leaves, grads, g


def _keys(case: str) -> set:
    return {k.split("/", 1)[1] for k in FIX if k.startswith(case + "/")}


def _close(got, want, dtype: str, what: str):
    rtol, atol = TOL[dtype]
    scale = max(1.0, float(np.max(np.abs(want.astype(np.float64)), initial=0.0)))
    np.testing.assert_allclose(
        np.asarray(got, np.float64), want.astype(np.float64), rtol, atol * scale, err_msg=what
    )


# PyTorch's float16 weight gradient of rows far from zero is off by up to 10% (its sum
# cancels); ours is compared with the float64 computation of the same inputs instead.
LESS_ACCURATE_IN_PYTORCH = {("ln_float16_offset", "weight")}


@pytest.mark.parametrize("case", CASES)
def test_values_and_gradients_match_pytorch(case):
    cfg, y, leaves, grads, _ = _run(case)
    dtype = cfg["dtype"]
    assert y.dtype == np.dtype(dtype), case  # float16 in, float16 out (computed in float32)
    _close(y.data, FIX[f"{case}/y"], dtype, f"{case}: output")
    names = ["x"] + [k for k in ("weight", "bias") if k in _keys(case)]
    exact = _float64_gradients(case) if dtype != "float64" else None
    for i, (name, leaf, grad) in enumerate(zip(names, leaves, grads)):
        assert grad.dtype == leaf.dtype and grad.shape == leaf.shape, (case, name)
        want = FIX[f"{case}/g{name}"]
        if (case, name) in LESS_ACCURATE_IN_PYTORCH:
            assert np.abs(want - exact[i]).max() > 10 * np.abs(grad.data - exact[i]).max()
            want = exact[i]
        _close(grad.data, want, dtype, f"{case}: gradient of {name}")


def _float64_gradients(case: str) -> list:
    """The gradients of a case's inputs, computed from them in float64."""
    saved = {k: FIX[k] for k in FIX if k.startswith(case + "/")}
    try:
        for k, a in saved.items():
            if a.dtype.kind == "f":
                FIX[k] = a.astype(np.float64)
        return [g.data for g in _run(case)[3]]
    finally:
        FIX.update(saved)


@pytest.mark.parametrize("case", [c for c in CASES if f"{c}/v" in FIX])
def test_double_backward_matches_pytorch(case):
    _, _, leaves, grads, g = _run(case, create_graph=True)
    v = Tensor(FIX[f"{case}/v"])
    wrt = [leaves[0]] + ([leaves[1]] if "weight" in _keys(case) else []) + [g]
    second = autograd.grad((grads[0] * v).sum(), wrt, allow_unused=True)
    names = ["x"] + (["weight"] if "weight" in _keys(case) else []) + ["g"]
    for name, got in zip(names, second):
        want = FIX[f"{case}/h{name}"]
        _close(np.zeros_like(want) if got is None else got.data, want, "float64", f"{case}: {name}")


def _composed(x, k, w, b, eps):
    """The definition the fused op replaces: engine ops only."""
    axes = tuple(range(x.ndim - k, x.ndim))
    centred = x - x.mean(axis=axes, keepdims=True)
    y = centred * ((centred * centred).mean(axis=axes, keepdims=True) + eps) ** -0.5
    y = y * w if w is not None else y
    return y + b if b is not None else y


@pytest.mark.parametrize(
    "shape,k,affine",
    [
        ((4, 6), 1, "wb"),
        ((2, 3, 5), 2, "wb"),
        ((3, 4), 1, ""),
        ((3, 4), 1, "w"),
        ((3, 4), 1, "b"),
        ((2, 1, 4), 1, "wb"),
        ((0, 4), 1, "wb"),
        ((5,), 1, "wb"),
    ],
)
def test_fused_equals_the_composed_definition(shape, k, affine):
    """Outputs, gradients and second derivatives (through a create_graph backward) of
    the fused op equal those of the composed ops, in float64."""
    rng = np.random.default_rng(sum(shape) + k)
    x = Tensor(rng.standard_normal(shape) * 3 + 1, requires_grad=True)
    pshape = shape[len(shape) - k :]
    w = Tensor(rng.uniform(0.5, 2, pshape), requires_grad=True) if "w" in affine else None
    b = Tensor(rng.standard_normal(pshape), requires_grad=True) if "b" in affine else None
    leaves = [t for t in (x, w, b) if t is not None]
    g = Tensor(rng.standard_normal(shape), requires_grad=True)
    v = Tensor(rng.standard_normal(shape))
    results = []
    for fn in (
        lambda *a: F.layer_norm(a[0], pshape, *a[1:]),
        lambda *a: _composed(a[0], k, *a[1:]),
    ):
        y = fn(x, w, b, 1e-3)
        first = autograd.grad(y, leaves, g, create_graph=True)
        second = autograd.grad((first[0] * v).sum(), leaves + [g], allow_unused=True)
        results.append([y, *first, *second])
    assert results[0][0].grad_fn.name == "LayerNormOp"
    for fused, composed in zip(*results):
        if fused is None or composed is None:  # a bias has no second derivative
            assert fused is None or not np.any(fused.data)
            assert composed is None or not np.any(composed.data)
            continue
        np.testing.assert_allclose(fused.data, composed.data, rtol=1e-10, atol=1e-12)


def test_gradcheck_and_gradgradcheck(f64):
    rng = np.random.default_rng(3)
    x = Tensor(rng.standard_normal((3, 2, 4)), requires_grad=True)
    w = Tensor(rng.uniform(0.5, 1.5, (2, 4)), requires_grad=True)
    b = Tensor(rng.standard_normal((2, 4)), requires_grad=True)
    fn = lambda x, w, b: F.layer_norm(x, (2, 4), w, b, 1e-2)  # noqa: E731
    assert gradcheck(fn, (x, w, b))
    assert gradgradcheck(fn, (x, w, b))


def test_float16_statistics_are_float32():
    """Rows of float16 values far from zero: summed in float16 their mean and variance
    would be wrong in the first digit; the result is float16, the gradients too."""
    x16 = (np.random.default_rng(4).standard_normal((4, 256)) * 0.05 + 200).astype(np.float16)
    x = Tensor(x16, requires_grad=True)
    y = F.layer_norm(x, (256,))
    want = F.layer_norm(Tensor(x16.astype(np.float64)), (256,)).data
    assert y.dtype == np.float16
    np.testing.assert_allclose(y.data.astype(np.float64), want, atol=4e-3 * np.abs(want).max())
    y.sum().backward()
    assert x.grad.dtype == np.float16
    assert np.all(np.abs(x.grad.data.astype(np.float64)) < 1e-2)  # d sum(y)/dx = 0


def test_the_output_does_not_share_the_saved_buffer():
    """Without an affine, the output is a copy: changing it in place leaves the
    gradient intact."""
    x = Tensor(np.random.default_rng(5).standard_normal((3, 4)), requires_grad=True)
    y = F.layer_norm(x, (4,))
    g = np.random.default_rng(6).standard_normal((3, 4))
    (want,) = autograd.grad(F.layer_norm(x, (4,)), [x], Tensor(g))
    with autograd.no_grad():
        y.data[...] = 7.0
    (got,) = autograd.grad(y, [x], Tensor(g))
    np.testing.assert_allclose(got.data, want.data)


def test_weight_of_the_wrong_shape_is_an_error():
    x = Tensor(np.zeros((2, 4)))
    with pytest.raises(ValueError, match=r"expected weight of shape normalized_shape \(4,\)"):
        F.layer_norm(x, (4,), Tensor(np.ones(3)))
    with pytest.raises(ValueError, match=r"expected bias of shape"):
        F.layer_norm(x, 4, None, Tensor(np.ones((1, 4))))


def test_the_op_is_registered_and_drawn_by_name():
    x = Tensor(np.ones((2, 3)), requires_grad=True)
    node = F.layer_norm(x, (3,)).grad_fn
    assert isinstance(node.op, LayerNormOp)
    assert node.attributes() == {"normalized_ndim": 1, "eps": 1e-5, "weight": False, "bias": False}
