"""Common mistakes get errors that say what to write instead; the checks take both input forms."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor
from autograd.testing import check_op


class Cube(autograd.Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x**3

    @staticmethod
    def backward(ctx, grad):
        (x,) = ctx.saved_tensors
        return 3 * x**2 * grad


def test_calling_a_function_subclass_says_use_apply():
    x = Tensor([1.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"write Cube\.apply\(\.\.\.\) instead of Cube\(\.\.\.\)"):
        Cube(x)
    assert Cube.apply(x).item() == 1.0


def test_cross_entropy_with_float_class_indices_says_integers_or_probabilities():
    logits = Tensor(np.zeros((3, 4)))
    with pytest.raises(ValueError) as info:
        nn.functional.cross_entropy(logits, Tensor([0.0, 1.0, 2.0]))
    msg = str(info.value)
    assert "class indices must be integers" in msg and "astype(np.int64)" in msg
    assert "probabilities of the input's shape (3, 4)" in msg
    with pytest.raises(ValueError, match="class indices must be integers"):
        nn.CrossEntropyLoss()(logits, np.array([0.0, 1.0, 2.0]))
    # both correct forms work
    nn.functional.cross_entropy(logits, np.array([0, 1, 2]))
    nn.functional.cross_entropy(logits, np.full((3, 4), 0.25))


def test_gradcheck_names_a_kink():
    x = Tensor(np.array([0.0, 1.0]), requires_grad=True)
    with pytest.raises(autograd.GradcheckError) as info:
        autograd.gradcheck(lambda t: t.relu(), (x,))
    msg = str(info.value)
    assert "numerical" in msg and "analytic" in msg
    assert "one-sided derivatives 0.000000e+00 and 1.000000e+00" in msg
    assert "the analytic value is between them" in msg
    assert "non-differentiable point" in msg and "check_op" in msg


def test_gradcheck_does_not_call_a_smooth_mismatch_a_kink():
    x = Tensor(np.array([0.3, 1.0]), requires_grad=True)

    class WrongCube(Cube):
        @staticmethod
        def backward(ctx, grad):
            (x,) = ctx.saved_tensors
            return 2 * x**2 * grad

    with pytest.raises(autograd.GradcheckError) as info:
        autograd.gradcheck(WrongCube.apply, (x,))
    assert "kink" not in str(info.value) and "one-sided" not in str(info.value)


def test_gradcheck_and_check_op_take_a_tuple_or_the_tensors():
    x = Tensor([0.5, -1.5], requires_grad=True)
    y = Tensor([2.0, 3.0], requires_grad=True)
    assert autograd.gradcheck(Cube.apply, (x,))
    assert autograd.gradcheck(Cube.apply, x)
    assert check_op(Cube.apply, x).ok
    assert check_op(Cube.apply, (x,)).ok
    assert check_op(lambda a, b: a * b, (x, y)).ok
    assert check_op(lambda a, b: a * b, x, y).ok
    assert autograd.gradcheck(lambda a, b: a * b, (x, y))


def test_import_autograd_gives_autograd_testing_on_first_use():
    import subprocess
    import sys

    code = (
        "import sys, autograd\n"
        "assert 'autograd.testing' not in sys.modules\n"  # not loaded by import autograd
        "print(autograd.testing.check_op.__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "check_op"
