"""autograd.testing: broken ops, one per check, are caught and named; correct ops at kinks pass."""

from __future__ import annotations

import importlib
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import autograd
from autograd import Function, Op, Tensor
from autograd.testing import (
    OpCheckError,
    axes,
    broadcastable_shapes,
    check_op,
    index_expressions,
    tensors,
)
from autograd.testing import config as toolkit_config


def T(*values) -> Tensor:
    return Tensor(np.array(values, dtype=np.float64), requires_grad=True)


def R(*shape, seed=0) -> Tensor:
    return Tensor(np.random.default_rng(seed).standard_normal(shape), requires_grad=True)


def failures(fn, *inputs, **options) -> dict:
    """check name -> joined messages of the failures check_op raises for fn."""
    with pytest.raises(OpCheckError) as info:
        check_op(fn, *inputs, **options)
    assert isinstance(info.value, AssertionError)
    out: dict = {}
    for f in info.value.report.failures:
        out[f.check] = out.get(f.check, "") + f.message + "\n"
    return out


# ------------------------------------------------------------ correct ops
class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 3 * x**2 * grad


def test_correct_function_passes_with_second_order():
    report = check_op(Cube, R(2, 3), second_order=True)
    assert report.ok and not report.notes
    assert "Cube.apply" in str(report)


def test_correct_callable_with_constants_and_float32():
    x = Tensor(
        np.random.default_rng(1).standard_normal((3, 2)).astype(np.float32), requires_grad=True
    )
    w = Tensor(np.ones((2,)))  # does not require grad: passed through
    report = check_op(lambda a, b, k: (a * b).sum(axis=k), x, w, 1)
    assert report.ok


def test_no_input_requiring_grad_is_an_error():
    with pytest.raises(ValueError, match="no input requires grad"):
        check_op(lambda a: a * 2, Tensor(np.ones(3)))


# ------------------------------------------------------------ broken ops
class IgnoresUpstream(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 3 * x**2  # forgot `* grad`


def test_backward_that_ignores_the_upstream_gradient():
    found = failures(IgnoresUpstream, R(4))
    assert "ignores the upstream gradient" in found["linearity"]
    assert "differ from central differences" in found["gradient"]


class WrongShape(Function):
    @staticmethod
    def forward(ctx, x):
        return x * 2

    @staticmethod
    def backward(ctx, grad):
        return (grad * 2).sum(axis=0)


def test_backward_with_the_wrong_shape_function():
    found = failures(WrongShape, R(3, 2))
    assert "shape (2,)" in found["shape/dtype"] and "(3, 2)" in found["shape/dtype"]


class _WrongShapeOp(Op):  # a leading underscore keeps it out of Op.registry
    __slots__ = ()

    def forward(self, a):
        return a * 2

    def backward(self, g, out, a):
        return (g.sum(),)


class _WrongDtypeOp(Op):
    __slots__ = ()

    def forward(self, a):
        return a * 2

    def backward(self, g, out, a):
        return ((g * 2).astype(np.float64),)


def test_primitive_with_the_wrong_shape_or_dtype():
    found = failures(_WrongShapeOp.apply, R(3))
    assert "has shape ()" in found["shape/dtype"]
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    found = failures(_WrongDtypeOp.apply, x)
    assert "dtype float64, but the input is float32" in found["shape/dtype"]


class MutatesInForward(Function):
    @staticmethod
    def forward(ctx, x):
        y = x**2
        ctx.save_for_backward(x.copy())
        x *= 0.5  # oops: in place on the caller's array
        return y

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x * grad


class MutatesInBackward(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**2

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        x *= 2  # reuses the saved input as a buffer
        return x * grad


def test_op_that_mutates_its_input():
    assert "forward modified input 0" in failures(MutatesInForward, R(3))["mutation"]
    assert "backward modified input 0" in failures(MutatesInBackward, R(3))["mutation"]


class SameGradientTwice(Function):
    @staticmethod
    def forward(ctx, a, b):
        return a + b

    @staticmethod
    def backward(ctx, grad):
        return grad, grad  # one array for both inputs


class ExpInPlace(Function):
    @staticmethod
    def forward(ctx, x):
        out = np.exp(x)
        ctx.save_for_backward(out)
        return out

    @staticmethod
    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        out *= grad  # the output array becomes the gradient
        return out


def test_op_whose_gradients_alias():
    found = failures(SameGradientTwice, R(3), R(3, seed=1))
    assert "gradients of inputs 0 and 1 share memory" in found["aliasing"]
    found = failures(ExpInPlace, R(3))
    assert "shares memory with output 0" in found["aliasing"]


class OffAtOneElement(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.sin(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        g = np.cos(x) * grad
        g[1, 2] *= 1.01  # off by 1% at one element
        return g


def test_gradient_off_by_a_factor_at_one_element():
    found = failures(OffAtOneElement, R(2, 3))
    assert "1 of 6 elements differ" in found["gradient"]
    assert "element [1, 2]" in found["gradient"]
    assert set(found) == {"gradient"}


def _c_strided(x):
    """x read as if it were C-contiguous: wrong for views."""
    return np.lib.stride_tricks.as_strided(x, x.shape, np.empty(x.shape, x.dtype).strides)


class ContiguousForward(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return _c_strided(x) ** 2

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * x * grad


class ContiguousBackward(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**2

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 2 * _c_strided(x) * grad


def test_op_that_fails_only_for_non_contiguous_inputs():
    found = failures(ContiguousForward, R(3, 4), second_order=False)
    assert set(found) == {"non-contiguous"}
    assert "transposed" in found["non-contiguous"] and "output 0 differs" in found["non-contiguous"]
    assert "sliced with step 2" in found["non-contiguous"]
    found = failures(ContiguousBackward, R(3, 4), second_order=False)
    assert set(found) == {"non-contiguous"}
    assert "the gradient of input 0 differs" in found["non-contiguous"]


def test_all_failures_are_reported_at_once():
    class Everything(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x.copy())
            x += 1.0
            return x.copy() * 2

        @staticmethod
        def backward(ctx, grad):
            return np.ones_like(grad)

    found = failures(Everything, R(3), second_order=False)
    assert {"mutation", "linearity", "gradient"} <= set(found)
    with pytest.raises(OpCheckError) as info:
        check_op(Everything, R(3), second_order=False)
    message = str(info.value)
    assert message.startswith("check_op(Everything.apply) found")
    assert "[mutation]" in message and "[linearity]" in message


# ---------------------------------------------------------- second order
class FirstOrderOnly(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.sin(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return np.cos(x) * grad  # numpy on Tensors: no double backward


class WrongSecondOrder(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        constant = x.detach() if isinstance(x, Tensor) else x
        return 3 * x * constant * grad  # half of the second derivative is lost


def test_second_order_support_is_detected():
    report = check_op(FirstOrderOnly, R(3))
    assert any("does not support double backward" in n.message for n in report.notes)
    found = failures(FirstOrderOnly, R(3), second_order=True)
    assert "does not support double backward" in found["second order"]
    assert check_op(FirstOrderOnly, R(3), second_order=False).notes == []


def test_wrong_second_derivatives():
    check_op(WrongSecondOrder, R(3), second_order=False)
    found = failures(WrongSecondOrder, R(3))
    assert "second derivatives are wrong" in found["second order"]


# ----------------------------------------------------------------- kinks
@pytest.mark.parametrize(
    ("name", "fn", "inputs"),
    [
        ("abs at 0", lambda x: x.abs(), [T(0.0, 1.5, -2.0)]),
        ("relu at 0", lambda x: x.relu(), [T(-1.0, 0.0, 2.0)]),
        ("maximum at a tie", autograd.maximum, [T(1.0, 2.0), T(1.0, -3.0)]),
        ("max at a tie", lambda x: x.max(axis=-1), [T(3.0, 3.0, 1.0)]),
        ("clip at the bound", lambda x: x.clip(-1.0, 1.0), [T(1.0, 0.5, -1.0)]),
    ],
)
def test_correct_ops_at_kinks_pass_with_a_note(name, fn, inputs):
    report = check_op(fn, *inputs)
    kinks = [n.message for n in report.notes if n.check == "kink"]
    assert kinks and all("not a failure" in k for k in kinks), report
    assert "kink at input" in kinks[0] and "one-sided derivatives" in kinks[0]


class BadAbs(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return np.abs(x)

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return np.where(x >= 0, 2.0, -1.0) * grad  # 2 at 0: outside [-1, 1]


def test_wrong_value_at_a_kink_fails():
    found = failures(BadAbs, T(0.0, 1.5), second_order=False)
    assert "kink at input 0 element [0]" in found["kink"] and "outside" in found["kink"]


# ------------------------------------------------------------ strategies
@given(data=st.data(), n=st.integers(1, 3))
def test_broadcastable_shapes_broadcast(data, n):
    shapes, result = data.draw(broadcastable_shapes(n, max_dims=3))
    assert len(shapes) == n
    assert np.broadcast_shapes(*shapes) == result


@given(data=st.data())
def test_axes_are_valid_for_numpy(data):
    x = data.draw(tensors(dtype=np.float64, requires_grad=False))
    axis, keepdims = data.draw(axes(x.ndim, keepdims=True))
    want = np.sum(x.data, axis=axis, keepdims=keepdims)
    np.testing.assert_allclose(x.sum(axis=axis, keepdims=keepdims).data, want)


@given(data=st.data())
def test_index_expressions_are_valid_for_numpy(data):
    x = data.draw(tensors(shape=(3, 2, 4), requires_grad=True))
    index = data.draw(index_expressions(x.shape))
    np.testing.assert_array_equal(x[index].data, x.data[index])


@given(x=tensors(shape=st.just((2, 3)), dtype=np.float32, min_value=-1, max_value=1))
def test_tensors_strategy(x):
    assert x.shape == (2, 3) and x.dtype == np.float32 and x.requires_grad
    assert np.all(np.abs(x.data) <= 1)


def test_import_without_hypothesis(monkeypatch):
    for name in [m for m in sys.modules if m == "hypothesis" or m.startswith("hypothesis.")]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.delitem(sys.modules, "autograd.testing.strategies")
    monkeypatch.delattr(importlib.import_module("autograd.testing"), "strategies")
    testing = importlib.import_module("autograd.testing")
    assert testing.check_op is check_op
    with pytest.raises(ImportError, match="pip install hypothesis"):
        testing.tensors  # noqa: B018
    with pytest.raises(ImportError, match="pip install hypothesis"):
        importlib.import_module("autograd.testing.strategies")


# ---------------------------------------------------------- pytest plugin
pytest_plugins = ["pytester"]

PLUGIN_TESTS = """
import numpy as np
from autograd import Function, Tensor


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 3 * x ** 2


def test_cube(gradcheck):
    gradcheck(Cube, Tensor(np.array([1.0, -0.5]), requires_grad=True))


def test_sin(gradcheck):
    report = gradcheck(lambda x: x.sin(), Tensor(np.array([1.0, -0.5]), requires_grad=True))
    assert report.ok
"""

COUNTING_TESTS = """
import numpy as np
from hypothesis import given
from autograd.testing import tensors

calls = []


@given(x=tensors(shape=(2,)))
def test_counted(x):
    calls.append(1)
    with open("calls.txt", "a") as f:
        f.write("x")
"""


@pytest.fixture
def restore_toolkit_config():
    saved = dict(vars(toolkit_config))
    yield
    vars(toolkit_config).update(saved)


def test_plugin_fixture_reports_the_broken_op(pytester, restore_toolkit_config):
    pytester.makepyfile(test_user_ops=PLUGIN_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", "--graphgrad-seed", "5")
    result.assert_outcomes(passed=1, failed=1)
    out = result.stdout.str()
    assert "check_op(Cube.apply) found 2 problems" in out
    assert "[linearity]" in out and "seed 5" in out


@pytest.mark.parametrize("n", [3, 7])
def test_plugin_sets_the_number_of_examples(pytester, restore_toolkit_config, n):
    pytester.makepyfile(test_counting=COUNTING_TESTS)
    result = pytester.runpytest("-p", "no:cacheprovider", f"--graphgrad-examples={n}")
    result.assert_outcomes(passed=1)
    assert len((pytester.path / "calls.txt").read_text()) == n


def test_plugin_is_registered(pytestconfig):
    assert pytestconfig.pluginmanager.has_plugin("graphgrad")
    assert pytestconfig.getoption("--graphgrad-seed") is not None


@pytest.mark.parametrize("shape", [(0,), (0, 3), (2, 0)])
def test_gradcheck_on_empty_inputs_and_outputs(shape):
    """An input or output with no elements has an empty Jacobian: it passes, as PyTorch's."""
    x = autograd.randn(*shape, dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(lambda t: (t * t).sum(-1), (x,))
    assert autograd.gradgradcheck(lambda t: t * t * t, (x,))
    y = autograd.randn(3, dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(lambda t: t[:0] * 2, (y,))  # an empty output of a full input
