"""Issue 14's edge values: gradients where the math and PyTorch are finite, reductions over
nothing, float16, tensor arguments. PyTorch 2.13's numbers are in tests/data/torch_edge_values.json,
written by tools/make_edge_gradient_fixtures.py (PyTorch is not needed to run these tests).

Each test failed before its fix (the engine branch as issue 14 found it).
"""

from __future__ import annotations

import datetime
import json
import math
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor

INF = math.inf
NAN = math.nan

TORCH = json.loads((Path(__file__).parent / "data" / "torch_edge_values.json").read_text())

FLOAT = {"float16": np.float16, "float32": np.float32}


def _grads(fn, *xs, dtype=np.float64, second=False, head=None):
    """As tools/make_edge_gradient_fixtures.py: value, gradients of the sum, second derivative."""
    with np.errstate(all="ignore"):  # (0 * inf on the way, where the masks take it out)
        return _grads_of(fn, xs, dtype, second, head)


def _grads_of(fn, xs, dtype, second, head):
    ts = [Tensor(np.array(x, dtype=dtype), requires_grad=True) for x in xs]
    out = fn(*ts)
    gs = autograd.grad(out.sum(), ts, create_graph=second, allow_unused=True)
    grads = [g.data.reshape(-1)[:head] if head else g.data for g in gs]
    row = {"value": out.data, "grads": grads}
    if second:
        total = None
        for g in gs:
            if g.requires_grad:
                total = g.sum() if total is None else total + g.sum()
        hs = autograd.grad(total, ts, allow_unused=True)
        row["second"] = [np.zeros(t.shape) if h is None else h.data for h, t in zip(hs, ts)]
    return row


def _same(row, expected, rtol=1e-12):
    """row equals PyTorch's numbers (and holds no NaN where they hold none)."""
    for key, want in expected.items():
        got = row[key]
        if key == "value":
            got, want = [got], [want]
        for g, w in zip(got, want):
            g, w = np.asarray(g, dtype=np.float64), np.asarray(w, dtype=np.float64)
            assert not np.isnan(g).any() or np.isnan(w).any(), f"{key}: nan, PyTorch {w}"
            np.testing.assert_allclose(g, w, rtol=rtol, atol=0, err_msg=key)


def _zeros_like(x):
    return Tensor(np.zeros(x.shape, x.dtype))


# ------------------------------------------------------ nan gradients (issue 14, first bullet)
def test_pow_zero_exponent_has_a_zero_gradient():
    _same(_grads(lambda x: x**0, [0.0, 2.0]), TORCH["pow0"])


def test_second_derivative_of_x_to_the_one_at_zero():
    _same(_grads(lambda x: x**1, [0.0, 2.0], second=True), TORCH["pow1"])


def test_x_to_the_y_at_zero_zero():
    _same(_grads(lambda x, y: x**y, [0.0, 0.0, 2.0], [0.0, 1.0, 0.0]), TORCH["pow_tensor_00"])
    _same(_grads(lambda y: 0.0**y, [0.0, 0.5, 2.0]), TORCH["zero_pow_y"])
    # and x**y's second derivatives are symmetric (PyTorch's d/dy of d/dx is 0 at y = 0)
    h = autograd.functional.hessian(lambda x, y: (x**y).sum(), (Tensor([0.5]), Tensor([0.0])))
    np.testing.assert_allclose([h[0][1].data.item(), h[1][0].data.item()], [2.0, 2.0])


@pytest.mark.parametrize(
    "name, fn, xs",
    [
        ("relu_sqrt", lambda x: x.relu().sqrt(), [-1.0, 0.0, 4.0]),
        ("maximum_sqrt", lambda x: autograd.maximum(x, _zeros_like(x)).sqrt(), [-1.0, 4.0]),
        ("minimum_sqrt", lambda x: (-x.minimum(_zeros_like(x))).sqrt(), [1.0, -4.0]),
        ("clamp_sqrt", lambda x: x.clip(0, 1).sqrt(), [-1.0, 0.25, 2.0]),
    ],
)
def test_a_mask_times_an_infinite_gradient_is_zero(name, fn, xs):
    """relu/maximum/minimum/clip at an infinite upstream gradient: where(mask, g, 0)."""
    with np.errstate(divide="ignore"):
        _same(_grads(fn, xs, second=True), TORCH[name])


def test_max_reduction_masks_too():
    with np.errstate(divide="ignore"):
        _same(_grads(lambda x: x.max().sqrt(), [-3.0, 0.0, -1.0]), TORCH["max_sqrt"])


def test_std_of_constant_data_has_a_zero_gradient():
    _same(_grads(lambda x: x.std(), [1.5, 1.5, 1.5]), TORCH["std_constant"])


def test_binary_cross_entropy_at_zero_and_one():
    target = [0.0, 1.0, 1.0, 0.0, 1.0]
    p = [0.0, 1.0, 0.0, 1.0, 0.3]
    _same(_grads(lambda x: F.binary_cross_entropy(x, Tensor(np.array(target))), p), TORCH["bce"])
    row = _grads(
        lambda x: F.binary_cross_entropy(x, Tensor(np.array(target, np.float32))),
        p,
        dtype=np.float32,
    )
    _same(row, TORCH["bce_float32"], rtol=1e-6)


def test_one_saturated_sigmoid_does_not_poison_the_batch():
    z = [20.0, 20.0, -3.0, 0.5]  # float32 sigmoid(20) is exactly 1
    target = Tensor(np.array([1.0, 0.0, 1.0, 0.0], np.float32))
    row = _grads(lambda x: F.binary_cross_entropy(x.sigmoid(), target), z, dtype=np.float32)
    _same(row, TORCH["bce_sigmoid_batch_float32"], rtol=1e-6)
    assert np.isfinite(row["grads"][0]).all()


def test_binary_cross_entropy_matches_its_composed_definition():
    """The fused primitive against -(y log p + (1 - y) log(1 - p)), away from 0 and 1."""
    rng = np.random.default_rng(0)
    p0, y0 = rng.uniform(0.05, 0.95, (3, 4)), rng.uniform(0, 1, (3, 4))
    p, y = Tensor(p0, requires_grad=True), Tensor(y0, requires_grad=True)
    fused = F.binary_cross_entropy(p, y, reduction="sum")
    composed = -(y * p.log() + (1 - y) * (1 - p).log()).sum()
    np.testing.assert_allclose(fused.data, composed.data, rtol=1e-13)
    for a, b in zip(autograd.grad(fused, [p, y]), autograd.grad(composed, [p, y])):
        np.testing.assert_allclose(a.data, b.data, rtol=1e-12)
    assert autograd.gradgradcheck(lambda p, y: F.binary_cross_entropy(p, y), [p, y])


@pytest.mark.parametrize("dtype", ["float16", "float32"])
def test_tanh_gelu_gradient_at_300(dtype):
    row = _grads(lambda x: F.gelu(x, approximate="tanh"), [300.0, -300.0, 1.0], dtype=FLOAT[dtype])
    _same(row, TORCH[f"gelu_tanh_{dtype}"], rtol=2e-3 if dtype == "float16" else 1e-6)


def test_tanh_gelu_gradient_beyond_float32_cubes():
    # PyTorch gives nan here (x**3 overflows float32): the math, and graphgrad, give 1 and 0
    row = _grads(lambda x: F.gelu(x, approximate="tanh"), [1e20, -1e20], dtype=np.float32)
    np.testing.assert_array_equal(row["grads"][0], [1.0, 0.0])


# ------------------------------------------------- reductions over a 0-length axis (bullet 2)
@pytest.mark.parametrize("shape, axis", [((0,), -1), ((2, 0), 1), ((2, 0), 0), ((0, 3), 0)])
def test_softmax_and_log_softmax_over_nothing(shape, axis):
    x = Tensor(np.empty(shape), requires_grad=True)
    for out in (x.softmax(axis), x.log_softmax(axis), F.softmax(x, dim=axis)):
        assert out.shape == shape
        out.sum().backward()
        assert x.grad.shape == shape


def test_logsumexp_sum_mean_over_nothing():
    x = Tensor(np.empty((2, 0)), requires_grad=True)
    lse = x.logsumexp(1)
    np.testing.assert_array_equal(lse.data, [-INF, -INF])  # PyTorch's -inf
    lse.sum().backward()
    assert x.grad.shape == (2, 0)
    assert x.logsumexp().data == -INF and x.logsumexp(0).shape == (0,)
    np.testing.assert_array_equal(x.sum(1).data, [0.0, 0.0])
    with np.errstate(all="raise"):  # nan, without numpy's warning
        assert np.isnan(x.mean().data) and np.isnan(x.mean(1).data).all()


def test_max_and_min_over_nothing_raise_as_pytorch():
    x = Tensor(np.empty((2, 0)), requires_grad=True)
    with pytest.raises(RuntimeError, match=r"max\(\): Expected reduction dim to be specified"):
        x.max()
    with pytest.raises(IndexError, match=r"min\(\): Expected reduction dim 1 to have non-zero"):
        x.min(1)
    assert x.max(0).values.shape == (0,)  # a non-empty axis of an empty tensor is fine
    assert x.amax(0).shape == (0,)
    with pytest.raises(RuntimeError, match=r"amin\(\): Expected reduction dim to be specified"):
        x.amin()


# -------------------------------------------------------------------- float16 (bullet 3)
def test_float16_sums_and_means_accumulate_in_float32():
    ones = Tensor(np.ones(100_000, np.float16), requires_grad=True)
    m = ones.mean()
    assert m.dtype == np.float16 and m.item() == 1.0  # was nan
    m.backward()
    assert ones.grad.dtype == np.float16 and np.isfinite(ones.grad.data).all()
    assert ones.sum().item() == INF  # 100,000 > 65504, as PyTorch
    assert Tensor(np.ones(60_000, np.float16)).sum().item() == 60_000
    assert Tensor(np.ones(4097, np.float16)).sum().item() == 4096  # rounded once, at the end
    assert ones.sum(dtype=np.float32).dtype == np.float32


def test_float16_mse_loss_is_finite():
    x = Tensor(np.ones(100_000, np.float16), requires_grad=True)
    loss = F.mse_loss(x, Tensor(np.zeros(100_000, np.float16)))
    assert loss.item() == 1.0  # PyTorch's 1; was nan
    loss.backward()
    assert np.isfinite(x.grad.data).all()


def test_float16_layer_norm_of_values_near_300():
    w = Tensor(np.array([1.0, 2.0, 3.0], np.float16))
    row = _grads(lambda x: F.layer_norm(x, (3,)) * w, [300.0, 301.0, 302.0], dtype=np.float16)
    expected = TORCH["layer_norm_float16"]
    np.testing.assert_allclose(row["value"], expected["value"], rtol=2e-3, atol=2e-5)
    # the float64 gradient is +-1.837e-05 (it nearly cancels); PyTorch's float16 one is
    # +-2.7e-4, graphgrad's (computed in float32, rounded once) the float64 one to 2%
    assert np.abs(np.asarray(expected["grads"][0])).max() < 3e-4
    np.testing.assert_allclose(row["grads"][0], [-1.83707597e-05, 0, 1.83707597e-05], rtol=3e-2)
    big = F.layer_norm(Tensor(np.array([0.0, 600.0], np.float16)), (2,))
    np.testing.assert_allclose(big.data, [-1.0, 1.0], rtol=1e-3)  # (x - mean)^2 > 65504


def test_float16_softmax_and_cross_entropy():
    row = _grads(
        lambda x: x.softmax(0)[:2] * Tensor(np.array([1.0, 2.0], np.float16)),
        [1.0] * 5000,
        dtype=np.float16,
        head=3,
    )
    _same(row, TORCH["softmax_float16"], rtol=2e-3)
    row = _grads(
        lambda x: F.cross_entropy(x, Tensor(np.array([0, 1, 2, 0]))),
        [[300.0, 301.0, 299.0]] * 4,
        dtype=np.float16,
    )
    _same(row, TORCH["cross_entropy_float16"], rtol=2e-3)
    assert Tensor(np.ones(100_000, np.float16)).logsumexp().item() == pytest.approx(12.5129, 1e-3)


# ---------------------------------------------------------- tensor arguments (bullet 6)
@pytest.mark.parametrize(
    "call, pattern",
    [
        (lambda t: t.reshape(2.7, 2), r"reshape: the sizes must be integers, got 2.7"),
        (lambda t: t.reshape((3.0, 2)), r"reshape: the sizes must be integers, got 3.0"),
        (lambda t: t.view(6.0), r"reshape: the sizes must be integers"),
        (lambda t: t.sum(axis=0.9), r"sum: axis \(dim\) must be an int .* got 0.9"),
        (lambda t: t.mean(dim=1.0), r"mean: axis"),
        (lambda t: t.max(axis=0.5), r"max: axis"),
        (lambda t: t.logsumexp(axis=0.5), r"logsumexp: axis"),
        (lambda t: t.softmax(0.5), r"softmax: dim must be an int, got 0.5"),
        (lambda t: t.unsqueeze(1.0), r"unsqueeze: dim must be an int, got 1.0"),
        (lambda t: t.squeeze(0.5), r"squeeze: dim must be an int"),
        (lambda t: t.permute(1.0, 0), r"permute: dim must be an int, got 1.0"),
        (lambda t: t.transpose(0.0, 1), r"dim must be an int, got 0.0"),
        (lambda t: t.swapaxes(0.0, 1), r"swapaxes: dim must be an int"),
        (lambda t: t.flatten(0.0), r"flatten: dim must be an int"),
        # issue 13's methods take their dims, sizes and counts through the same helpers
        (lambda t: t.max(0.5), r"max: dim must be an int, got 0.5"),
        (lambda t: t.var(0.5), r"var: axis \(dim\) must be an int"),
        (lambda t: t.std(dim=0.5), r"std|var: axis \(dim\) must be an int"),
        (lambda t: t.cumsum(0.5), r"cumsum: dim must be an int"),
        (lambda t: t.prod(0.5), r"prod: axis \(dim\) must be an int"),
        (lambda t: t.norm(dim=0.5), r"norm: axis \(dim\) must be an int"),
        (lambda t: t.select(0, 1.5), r"select: index must be an int, got 1.5"),
        (lambda t: t.narrow(0.5, 0, 1), r"narrow: dim must be an int"),
        (lambda t: t.roll(1.5, 0), r"roll: shifts must be an int"),
        (lambda t: t.repeat(2.0, 1), r"repeat: the sizes must be integers"),
        (lambda t: t.topk(1.5), r"topk: k must be an int"),
        (lambda t: t.split(1.5), r"split: split_size must be an int"),
        (lambda t: t.split([1.0, 1]), r"split: the sizes must be integers"),
        (lambda t: t.chunk(2.0), r"chunk: chunks must be an int"),
        (lambda t: t.tile((2.0,)), r"tile: the sizes must be integers"),
        (lambda t: t.flip(0.0), r"flip: dim must be an int"),
        (lambda t: t.movedim(0.0, 1), r"movedim: dim must be an int"),
        (lambda t: t.expand(2.0, 3), r"expand: the sizes must be integers"),
        (lambda t: t.new_zeros(2.0), r"new_zeros: the sizes must be integers"),
        (lambda t: t.size(0.0), r"size: dim must be an int"),
        (lambda t: t.gather(0.5, Tensor(np.zeros((2, 3), np.int64))), r"gather: dim must be"),
        (lambda t: t.tril(0.5), r"tril: diagonal must be an int"),
        (lambda t: t.sort(0.5), r"sort: dim must be an int"),
        (lambda t: t.unbind(0.5), r"unbind: dim must be an int"),
        (lambda t: t.broadcast_to((2.0, 3)), r"broadcast_to: the sizes must be integers"),
        (lambda t: t.argmax(0.0), r"argmax: dim must be an int"),
        (lambda t: autograd.zeros(2.5), r"zeros: the sizes must be integers, got 2.5"),
        (lambda t: autograd.ones((2, "3")), r"ones: the sizes must be integers, got '3'"),
        (lambda t: autograd.full(2.0, 1.0), r"full: the sizes must be integers"),
        (lambda t: autograd.eye(2.0), r"eye: n must be an int"),
        (lambda t: autograd.randn(2.0), r"the sizes must be integers"),
        (lambda t: autograd.concatenate([t, t], axis=0.0), r"concatenate: axis must be an int"),
        (lambda t: autograd.stack([t, t], axis=0.0), r"stack: axis must be an int"),
    ],
)
def test_sizes_axes_and_dims_must_be_integers(call, pattern):
    t = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True)
    with pytest.raises(TypeError, match=pattern):
        call(t)


def test_numpy_integers_are_integers():
    t = Tensor(np.arange(6.0))
    assert t.reshape(np.int64(2), np.int32(3)).shape == (2, 3)
    assert t.reshape(2, 3).sum(axis=np.int64(1)).shape == (2,)
    assert autograd.zeros(np.int64(2)).shape == (2,)


@pytest.mark.parametrize(
    "data, pattern",
    [
        ([1.0, "a"], "got str elements"),
        ("abc", "got str elements"),
        (b"abc", "got bytes elements"),
        (np.array(["2020-01-01"], dtype="datetime64[D]"), "got datetime64 elements"),
        (np.array([1], dtype="timedelta64[s]"), "got timedelta64 elements"),
        ([datetime.datetime(2020, 1, 1)], "got datetime elements"),
        ([datetime.timedelta(1)], "got timedelta elements"),
        ([None, 1.0], "got NoneType elements"),
        ([{"a": 1}], "got dict elements"),
        (np.zeros(2, dtype=[("a", "f4")]), "structured"),
    ],
)
def test_tensor_data_must_be_numbers_or_bools(data, pattern):
    with pytest.raises(TypeError, match=pattern):
        Tensor(data)
    with pytest.raises(TypeError, match=pattern):  # also when a dtype would parse strings
        Tensor(data, dtype=np.float32)


def test_tensor_of_none_is_a_type_error():
    with pytest.raises(TypeError, match=r"Tensor\(None\)"):
        Tensor(None)


def test_integer_tensor_cannot_require_grad_by_attribute():
    t = Tensor([1, 2])
    with pytest.raises(RuntimeError, match="only Tensors of floating point and complex dtype"):
        t.requires_grad = True
    assert not t.requires_grad
    x = Tensor([1.0], requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match="only change requires_grad flags of leaf"):
        y.requires_grad = False
    x.requires_grad = False  # a leaf may
    assert not x.requires_grad and x.is_leaf
    c = Tensor([1.0])._operand(0.25)
    with pytest.raises(RuntimeError):
        c.requires_grad = True  # shared by every `t * 0.25`: it refuses changes


def test_layers_accept_numpy_integers_and_refuse_floats():
    assert nn.Linear(np.int64(2), 3).weight.shape == (3, 2)
    with pytest.raises(TypeError, match="in_features must be an int"):
        nn.Linear(2.5, 3)


def test_gradients_grouped_as_pytorch_do_not_overflow_into_nan():
    # found by the long program fuzz; PyTorch 2.13 (float64) gives 0, 0 and 0, and -0
    x = Tensor(np.float64(0.0), requires_grad=True)
    y = Tensor(np.float64(1e300), requires_grad=True)
    big = Tensor(np.float64(1e10))
    assert autograd.grad(x**1e300, x, big)[0].item() == 0.0  # was (g * p) * 0 = inf * 0
    gx, gy = autograd.grad(x**y, [x, y], big)
    assert gx.item() == 0.0 and gy.item() == 0.0
    b = Tensor(np.float64(1e-300), requires_grad=True)
    (gb,) = autograd.grad(Tensor(np.float64(0.0)) / b, b, Tensor(np.float64(1e300)))
    assert gb.item() == 0.0  # was -(g / b) * out = -inf * 0


def test_max_pool_masks_an_infinite_gradient():
    # PyTorch 2.13: [inf, 0] (the window's other element is flat; inf * 0 gave nan)
    x = Tensor(np.array([0.0, -1.0]).reshape(1, 1, 1, 2), requires_grad=True)
    with np.errstate(divide="ignore"):
        F.max_pool2d(x, (1, 2)).sqrt().sum().backward()
    np.testing.assert_array_equal(x.grad.data.ravel(), [INF, 0.0])


# PyTorch 2.13's values, gradients and gradients of the gradient's sum (float64, recorded
# with /work/torchenv): var/std of constant data and of one element, unbiased and not
@pytest.mark.parametrize(
    "name, data, correction, value, grad, second",
    [
        ("var", [2.0, 2.0, 2.0], 1, 0.0, [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]),
        ("var", [2.0, 2.0, 2.0], 0, 0.0, [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]),
        ("var", [3.0], 0, 0.0, [0.0], [0.0]),
        ("std", [2.0, 2.0, 2.0], 1, 0.0, [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]),
        ("std", [2.0, 2.0, 2.0], 0, 0.0, [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]),
        ("std", [3.0], 1, NAN, [NAN], [NAN]),
        ("std", [3.0], 0, 0.0, [0.0], [0.0]),
        ("var", [3.0], 1, NAN, [NAN], None),  # PyTorch's gradient does not require grad
    ],
)
def test_var_and_std_of_constant_data_and_one_element(name, data, correction, value, grad, second):
    x = Tensor(np.array(data), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PyTorch's warning: degrees of freedom <= 0
        y = getattr(x, name)(correction=correction)
    np.testing.assert_array_equal(y.data, value)
    (g,) = autograd.grad(y, x, create_graph=True)
    np.testing.assert_array_equal(g.data, grad)
    if second is not None:
        (h,) = autograd.grad(g.sum(), x)
        np.testing.assert_array_equal(h.data, second)
    x = Tensor(np.array([[1.0, 1.0], [2.0, 3.0]]), requires_grad=True)
    x.std(dim=1).sum().backward()  # a constant row and another: PyTorch's 0 and +-1/sqrt(2)
    np.testing.assert_allclose(x.grad.data, [[0.0, 0.0], [-0.7071067811865475, 0.7071067811865475]])


def test_cumprod_and_prod_at_zeros_and_empty_dims():
    # PyTorch 2.13: the Hessian of cumprod([0, 0]).sum() is [[0, 1], [1, 0]] (found by the
    # program fuzz: the gradient after the first zero was a constant 0); prod over dim 0 of a
    # (1, 0) tensor is empty
    x = Tensor(np.zeros(2), requires_grad=True)
    (g,) = autograd.grad(x.cumprod(0).sum(), x, create_graph=True)
    rows = [autograd.grad(g[i], x, retain_graph=True)[0].data for i in range(2)]
    np.testing.assert_array_equal(rows, [[0.0, 1.0], [1.0, 0.0]])
    assert Tensor(np.zeros((1, 0)), requires_grad=True).prod(0).shape == (0,)


def test_floor_divide_and_remainder_are_fmod_based_as_pytorch():
    """PyTorch 2.13's values: the quotient of 1.0 // 0.05 is 19 (1.0 / 0.05 rounds to 20),
    x // -inf is -1 and 0 % inf is 0 (x - (x // y) * y gave 20, -0 and nan)."""
    a = Tensor([1.0, 1.0, 0.0, -3.5, 5.0, -0.0], dtype=np.float64)
    b = Tensor([0.05, -np.inf, np.inf, 2.0, -0.0, 3.0], dtype=np.float64)
    np.testing.assert_array_equal((a // b).numpy(), [19.0, -1.0, 0.0, -2.0, -np.inf, -0.0])
    np.testing.assert_array_equal(
        (a % b).numpy(), [0.04999999999999995, -np.inf, 0.0, 0.5, np.nan, -0.0]
    )
    x = Tensor([5.5, -3.2, 7.0], dtype=np.float64, requires_grad=True)
    y = Tensor([2.0, 1.5, -2.5], dtype=np.float64, requires_grad=True)
    out = x % y
    out.sum().backward()
    np.testing.assert_allclose(out.numpy(), [1.5, 1.2999999999999998, -0.5], rtol=0, atol=1e-15)
    np.testing.assert_array_equal(x.grad.numpy(), [1.0, 1.0, 1.0])
    np.testing.assert_array_equal(y.grad.numpy(), [-2.0, 3.0, 3.0])


@pytest.mark.parametrize(
    "name, values, grad_x, grad_y",
    [
        ("fmax", [2.0, 1.0, 2.0, 3.0], [0.0, 2.0, 3.0, 4.0], [1.0, 0.0, 0.0, 0.0]),
        ("fmin", [2.0, 1.0, 2.0, -1.0], [0.0, 2.0, 3.0, 0.0], [1.0, 0.0, 0.0, 4.0]),
    ],
)
def test_fmax_and_fmin_ignore_nan_and_route_ties_to_the_first_as_pytorch(
    name, values, grad_x, grad_y
):
    """PyTorch 2.13's values and gradients (fmax was maximum: nan spread, ties split)."""
    x = Tensor([np.nan, 1.0, 2.0, 3.0], requires_grad=True)
    y = Tensor([2.0, np.nan, 2.0, -1.0], requires_grad=True)
    out = getattr(autograd, name)(x, y)
    (out * Tensor([1.0, 2.0, 3.0, 4.0])).sum().backward()
    np.testing.assert_array_equal(out.numpy(), values)
    np.testing.assert_array_equal(x.grad.numpy(), grad_x)
    np.testing.assert_array_equal(y.grad.numpy(), grad_y)


@pytest.mark.parametrize(
    "loss",
    [
        lambda x: F.cross_entropy(x, autograd.tensor([-100, -100])),
        lambda x: F.cross_entropy(x, autograd.tensor([-100, -100]), label_smoothing=0.1),
        lambda x: F.nll_loss(F.log_softmax(x, 1), autograd.tensor([-100, -100])),
        lambda x: F.cross_entropy(x[..., None].expand(2, 3, 4), autograd.full((2, 4), -100)),
    ],
)
def test_a_batch_whose_targets_are_all_ignored_has_a_nan_loss_and_a_zero_gradient(loss):
    """PyTorch 2.13: loss nan, gradient 0 (it was nan everywhere: one all-padding batch
    made Adam's parameters nan)."""
    x = autograd.zeros(2, 3, requires_grad=True)
    out = loss(x)
    out.backward()
    assert math.isnan(out.item())
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros((2, 3)))


def test_cross_entropy_of_an_empty_batch_is_nan_with_an_empty_gradient():
    x = autograd.zeros(0, 3, requires_grad=True)
    out = F.cross_entropy(x, autograd.zeros(0, dtype=autograd.long))
    out.backward()
    assert math.isnan(out.item()) and x.grad.shape == (0, 3)


def test_the_empty_product_stays_in_the_graph():
    """PyTorch 2.13: prod over nothing is 1 with a zero gradient of the input's shape (the
    result did not require grad)."""
    x = autograd.tensor([], requires_grad=True)
    y = x.prod()
    y.backward()
    assert y.item() == 1.0 and x.grad.shape == (0,)
    x = autograd.zeros(0, 3, dtype=autograd.float64, requires_grad=True)
    y = x.prod(0)
    y.sum().backward()
    assert y.tolist() == [1.0, 1.0, 1.0] and y.dtype == np.float64 and x.grad.shape == (0, 3)


def test_maximum_and_minimum_pass_the_gradient_of_a_nan_to_both_sides_as_pytorch():
    """PyTorch 2.13's rule zeroes a side only where it is the smaller (larger) one."""
    n = np.nan
    a = autograd.tensor([n, 1.0, 2.0, n, 3.0], requires_grad=True)
    b = autograd.tensor([1.0, n, 2.0, n, 1.0], requires_grad=True)
    autograd.maximum(a, b).sum().backward()
    assert a.grad.tolist() == [1.0, 1.0, 0.5, 1.0, 1.0]
    assert b.grad.tolist() == [1.0, 1.0, 0.5, 1.0, 0.0]
    a.grad = b.grad = None
    autograd.minimum(a, b).sum().backward()
    assert a.grad.tolist() == [1.0, 1.0, 0.5, 1.0, 0.0]
    assert b.grad.tolist() == [1.0, 1.0, 0.5, 1.0, 1.0]


@pytest.mark.parametrize("name", ["max", "min"])
def test_a_nan_extreme_gets_the_gradient(name):
    """max()/min() of a slice with NaNs: the NaNs share the gradient (PyTorch 2.13:
    [0, 0.5, 0, 0.5] for [1, nan, 3, nan]); it was 0 everywhere."""
    x = Tensor([1.0, np.nan, 3.0, np.nan], requires_grad=True)
    with np.errstate(invalid="ignore"):
        y = getattr(x, name)()
        y.backward()
    assert np.isnan(y.item())
    np.testing.assert_array_equal(np.abs(x.grad.numpy()), [0.0, 0.5, 0.0, 0.5])


def test_gather_and_scatter_of_a_0d_tensor_as_pytorch():
    # a 0-d tensor is one element along dim 0: index 0 reads or writes it (PyTorch 2.13)
    i = autograd.tensor(0)
    a = autograd.tensor(5.0, requires_grad=True)
    g = a.gather(0, i)
    g.backward()
    assert (g.item(), a.grad.item()) == (5.0, 1.0)
    b, s = autograd.tensor(5.0, requires_grad=True), autograd.tensor(7.0, requires_grad=True)
    r = b.scatter_add(0, i, s)
    r.backward()
    assert (r.item(), b.grad.item(), s.grad.item()) == (12.0, 1.0, 1.0)
    b, s = autograd.tensor(5.0, requires_grad=True), autograd.tensor(7.0, requires_grad=True)
    r = b.scatter(0, i, s)
    r.backward()
    assert (r.item(), b.grad.item(), s.grad.item()) == (7.0, 0.0, 1.0)
    assert b.scatter(-1, i, value=2.0).item() == 2.0
    with pytest.raises(RuntimeError, match="index 1 is out of bounds for dimension 0 with size 1"):
        b.gather(0, autograd.tensor(1))
