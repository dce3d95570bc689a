"""nn.functional's activations, padding, distances, rms_norm and losses against PyTorch.

tests/data/nnfunc_pytorch.npz holds PyTorch 2.13's numbers (tools/make_nnfunc_fixtures.py):
each case is a PyTorch expression with its imports changed, evaluated here with graphgrad.
Values, dtypes, first gradients (with a random upstream gradient, at kinks too) and
second derivatives must match; away from kinks the float64 cases are also checked against
finite differences (gradcheck and gradgradcheck). Bad input raises PyTorch's exception
type with a message that names the problem; modules print as PyTorch's.
"""

from __future__ import annotations

import builtins
import json
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor

DATA = np.load(Path(__file__).parent / "data" / "nnfunc_pytorch.npz")
CASES = [str(n) for n in DATA["cases"]]
ERRORS = [str(n) for n in DATA["errors"]]
ENV = {"F": nn.functional, "nn": nn, "autograd": autograd}


def _config(name: str) -> dict:
    return json.loads(str(DATA[f"{name}/config"]))


def _inputs(prefix: str, grads=()) -> dict:
    keys = sorted(k for k in DATA.files if k.startswith(f"{prefix}/in/"))
    return {k.rsplit("/", 1)[1]: Tensor(DATA[k], requires_grad=k[-1] in grads) for k in keys}


def _run(expr: str, env: dict):
    return eval(expr, dict(ENV), env)  # noqa: S307 (the recorded expression)


# PyTorch's hardsigmoid backward multiplies by 1/6 rounded to float32, in float64 too; and
# its cosine_similarity of a float32 and a float64 input rounds in float32 along the way.
LOOSE = {"hardsigmoid_kinks": 1e-7, "hardsigmoid": 1e-7, "Hardsigmoid": 1e-7,
         "hardsigmoid_inplace": 1e-7, "cosine_mixed": 1e-5}  # fmt: skip
# Where PyTorch's own derivative is NaN and graphgrad's finite (the second derivative of
# the norm at a zero vector, in normalize, cosine_similarity and pairwise_distance, is
# PyTorch's NaN, through the norm's own backward, and compared as is):
# mish's second derivative at x = 1000 (PyTorch's exp overflows) and the Poisson loss's
# target gradient at target 0 (PyTorch's 0 * log(0) before its mask). Compared where
# PyTorch's is finite; graphgrad's must be finite there.
PYTORCH_NAN = {"mish_large", "poisson_full"}


def _tol(dtype: str, name: str = "") -> dict:
    if name in LOOSE:
        return {"rtol": LOOSE[name], "atol": LOOSE[name] * 1e-3}
    if dtype == "float16":
        return {"rtol": 1e-3, "atol": 1e-4}
    return {"rtol": 1e-8, "atol": 1e-12} if dtype == "float64" else {"rtol": 2e-5, "atol": 2e-6}


def _close(ours, theirs, dtype: str, what: str) -> None:
    ours = np.asarray(ours)
    name = what.split(":")[0]
    assert ours.shape == theirs.shape, f"{what}: shape {ours.shape} != PyTorch's {theirs.shape}"
    if name in PYTORCH_NAN:
        finite = np.isfinite(theirs)
        assert np.isfinite(ours[~finite]).all(), what
        ours, theirs = ours[finite], theirs[finite]
    np.testing.assert_allclose(ours, theirs, equal_nan=True, err_msg=what, **_tol(dtype, name))


@pytest.mark.filterwarnings("ignore:size_average and reduce args will be deprecated")
@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # numpy's, at NaN, inf and empty means
@pytest.mark.parametrize("name", CASES)
def test_values_and_gradients_match_pytorch(name):
    cfg = _config(name)
    grads = cfg["grads"]
    env = _inputs(name, grads)
    y = _run(cfg["expr"], env)
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


@pytest.mark.filterwarnings("ignore:size_average and reduce args will be deprecated")
@pytest.mark.parametrize("name", FD_CASES)
def test_gradients_match_finite_differences(name):
    cfg = _config(name)
    grads = cfg["grads"]
    env = _inputs(name, grads)

    def fn(*ts):
        return _run(cfg["expr"], dict(env, **dict(zip(grads, ts, strict=True))))

    leaves = tuple(env[k] for k in grads)
    assert autograd.gradcheck(fn, leaves, atol=1e-6, rtol=1e-4)
    assert autograd.gradgradcheck(fn, leaves, atol=1e-6, rtol=1e-4)


# The words graphgrad's message must contain (PyTorch's exception type is recorded).
MESSAGES = {
    "hardtanh_bounds": "min_val cannot be greater than max_val",
    "Hardtanh_bounds": r"max_val \(1.0\) must be greater than min_val \(1.0\)",
    "celu_alpha_0": "alpha cannot be 0",
    "softshrink_negative": "lambda must be >= 0",
    "glu_odd": "Halving dimension must be even, but dimension 1 is size 3",
    "glu_0d": "glu does not support scalars",
    "mish_int": '"mish" not implemented for int64',
    "softmax2d_2d": "expected input to be 3D or 4D, got 2D",
    "pad_odd": "Padding length must be divisible by 2",
    "pad_too_long": "padding length 4 and input of dimension 1",
    "pad_float": r"pad\[0\] must be an int",
    "pad_mode": "Unrecognised padding mode zeros",
    "pad_reflect_value": "doesn't take in value argument",
    "pad_reflect_1d": "Padding size 2 is not supported for 1D input",
    "pad_reflect_4d_two": "Padding size 2 is not supported for 4D input",
    "pad_reflect_too_much": "Padding size should be less than the corresponding input dimension",
    "pad_reflect_crop_all": r"input \(W: 3\) is too small. Calculated output W: 0",
    "pad_replicate_empty": "non-zero dimensions for input, but got: \\[1, 2, 0\\]",
    "pad_circular_wrap": "wrapping around more than once",
    "pad_circular_wrap_crop": "wrapping around more than once",
    "pad_circular_negative": "resulting in an empty dimension",
    "pad_constant_crop": "crop more than the 3 elements",
    "CircularPad1d_1d": r"expected 2D or 3D input \(got 1D input\)",
    "cosine_int": "expected common dtype to be floating point",
    "cosine_dim": "Dimension out of range",
    "cosine_broadcast": "do not broadcast",
    "normalize_dim": "Dimension out of range",
    "normalize_int": "expected a floating point tensor",
    "pdist_1d": "pdist only supports 2D tensors, got: 1D",
    "pdist_negative_p": "pdist only supports non-negative p values",
    "pdist_int": "pdist only supports floating-point dtypes",
    "rms_norm_shape": r"normalized_shape=\[4\], expected input with shape \[\*, 4\]",
    "rms_norm_weight": "Expected weight to be of same shape as normalized_shape",
    "rms_norm_empty_shape": "at least 1-dimensional",
    "rms_norm_int": "not implemented for int64",
    "margin_ranking_dims": "All input tensors should have same dimension",
    "margin_ranking_reduction": "reduction must be one of",
    "cosine_embedding_target": "0D or 1D target tensor expected",
    "cosine_embedding_dims": "0D target tensor expects 1D input tensors",
    "triplet_dims": "anchor 2D, positive 1D, and negative 2D inputs",
    "triplet_margin": "margin must be greater than 0, got 0.0",
    "triplet_distance_margin": "margin must be greater than 0, got -1.0",
    "triplet_distance_reduction": "x is not a valid value for reduction",
    "gaussian_negative_var": "var has negative entry",
    "gaussian_negative_float": "var has negative entry",
    "gaussian_var_size": "var is of incorrect size",
    "gaussian_reduction": "avg is not valid",
    "poisson_reduction": "reduction must be one of",
    "soft_margin_shapes": r"soft_margin_loss: the shapes of input \(3,\), target \(2,\)",
    "hinge_embedding_shapes": r"hinge_embedding_loss: the shapes of input \(3,\), target",
    "margin_ranking_shapes": r"input1 \(3,\), input2 \(2,\), target \(3,\) do not broadcast",
    "cosine_embedding_shapes": r"input1 \(2, 3\), input2 \(2, 4\) do not broadcast",
    "cosine_embedding_target_size": "the target has 3 elements for 2 pairs",
    "triplet_shapes": r"anchor \(2, 3\), positive \(2, 4\), negative \(2, 3\)",
    "poisson_shapes": "poisson_nll_loss: the shapes of input",
    "multilabel_shapes": "multilabel_soft_margin_loss: the shapes of input",
    "pairwise_shapes": "pairwise_distance: x1 of shape",
    "multilabel_0d": "the input has no class dimension",
}


# PyTorch's nn.Hardtanh asserts (AssertionError, gone under python -O); graphgrad raises.
OUR_TYPE = {"Hardtanh_bounds": ValueError}


def test_every_recorded_error_has_its_words():
    assert set(MESSAGES) == set(ERRORS)


@pytest.mark.parametrize("name", ERRORS)
def test_errors_match_pytorch(name):
    cfg = json.loads(str(DATA[f"error/{name}/config"]))
    exc = OUR_TYPE.get(name) or getattr(builtins, cfg["type"])
    with pytest.raises(exc, match=MESSAGES[name]):
        _run(cfg["expr"], _inputs(f"error/{name}"))


@pytest.mark.parametrize(
    "expr, text", list(zip(map(str, DATA["reprs"]), map(str, DATA["repr_text"]), strict=True))
)
def test_modules_print_as_pytorch(expr, text):
    assert repr(_run(expr, {})) == text


# ------------------------------------------------------------ by hand
@pytest.mark.parametrize(
    "fn",
    [
        lambda t: nn.functional.relu_(t),
        lambda t: nn.functional.elu_(t),
        lambda t: nn.functional.leaky_relu_(t, 0.1),
        lambda t: nn.functional.selu_(t),
        lambda t: nn.functional.rrelu_(t),
        lambda t: nn.functional.celu_(t),
        lambda t: nn.functional.hardtanh_(t),
        lambda t: nn.functional.threshold_(t, 0.0, -1.0),
        lambda t: nn.functional.hardswish(t, inplace=True),
        lambda t: nn.functional.mish(t, inplace=True),
        lambda t: nn.Hardtanh(inplace=True)(t),
        lambda t: nn.ReLU6(inplace=True)(t),
    ],
)
def test_in_place_forms_overwrite_their_input(fn):
    x = Tensor(np.array([-2.0, -0.5, 0.5, 2.0]))
    before = x.numpy().copy()
    out = fn(x)
    assert out is x
    assert not np.array_equal(x.numpy(), before)
    leaf = Tensor(np.array([1.0, -1.0]), requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Tensor that requires grad"):
        fn(leaf)


def test_logsigmoid_and_softplus_forms_stay_finite_far_out():
    x = Tensor(np.array([-1e4, -800.0, 800.0, 1e4]), requires_grad=True)
    y = nn.functional.logsigmoid(x)
    assert np.isfinite(y.numpy()).all()
    y.sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), [1.0, 1.0, 0.0, 0.0])
    loss = nn.functional.soft_margin_loss(x, Tensor(np.array([1.0, 1.0, -1.0, -1.0])))
    assert np.isfinite(loss.item())


def test_softmin_without_dim_warns_and_picks_pytorchs_dim():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    with pytest.warns(UserWarning, match="Implicit dimension choice for softmin"):
        y = nn.functional.softmin(x)
    np.testing.assert_allclose(y.numpy(), nn.functional.softmin(x, 1).numpy())


def test_normalize_gives_no_nan_at_a_zero_vector():
    x = Tensor(np.zeros((2, 3)), requires_grad=True)
    y = nn.functional.normalize(x)
    y.sum().backward()
    assert np.isfinite(y.numpy()).all() and np.isfinite(x.grad.numpy()).all()


def test_rms_norm_module_trains_its_weight():
    m = nn.RMSNorm(4, dtype=autograd.float64)
    x = Tensor(np.random.default_rng(0).standard_normal((3, 4)))
    m(x).pow(2).sum().backward()
    assert m.weight.grad.shape == (4,)
    assert nn.RMSNorm(4, elementwise_affine=False).weight is None
    assert [n for n, _ in m.named_parameters()] == ["weight"]


def test_multilabel_soft_margin_weight_is_a_buffer():
    w = np.array([1.0, 2.0, 0.5])
    m = nn.MultiLabelSoftMarginLoss(weight=w)
    x, y = Tensor(np.zeros((2, 3))), Tensor(np.ones((2, 3)))
    expected = (np.log(2.0) * w).mean()
    np.testing.assert_allclose(m(x, y).item(), expected)
    assert "weight" in dict(m.named_buffers())


def test_padding_gradients_add_into_the_border():
    x = Tensor(np.array([[[0.0, 1.0, 2.0]]]), requires_grad=True)
    g = Tensor(np.arange(7.0).reshape(1, 1, 7))
    for mode, expected in (("reflect", [8.0, 9.0, 4.0]), ("replicate", [3.0, 3.0, 15.0]),
                           ("circular", [7.0, 9.0, 5.0])):  # fmt: skip
        (d,) = autograd.grad(nn.functional.pad(x, (2, 2), mode), [x], g)
        np.testing.assert_array_equal(d.numpy()[0, 0], expected)


def test_norm_second_derivative_at_a_zero_component():
    # |x|^2 has slope 0 at x = 0 on both sides of abs: the 2-norm squares x itself
    x = Tensor(np.array([[0.5, 0.0, -1.0], [0.0, 2.0, 0.0]]), requires_grad=True)
    assert autograd.gradgradcheck(lambda t: t.norm(2, 1), (x,))
    assert autograd.gradgradcheck(lambda t: nn.functional.normalize(t), (x,))
