"""Untracked numpy: lowering a Tensor that requires grad into numpy is visible, never silent."""

import warnings

import numpy as np
import pytest

from autograd import Tensor


def _grad():
    return Tensor(np.array([1.0, 2.0, 3.0], np.float32), requires_grad=True)


def _plain():
    return Tensor(np.array([1.0, 2.0, 3.0], np.float32))


@pytest.mark.parametrize("convert", [np.asarray, np.array], ids=["asarray", "array"])
def test_conversion_of_a_tensor_requiring_grad_warns(convert):
    with pytest.warns(UserWarning, match="not tracked") as record:
        a = convert(_grad())
    assert record[0].filename == __file__  # the warning points at the user's line
    np.testing.assert_array_equal(a, [1.0, 2.0, 3.0])


@pytest.mark.parametrize("convert", [np.asarray, np.array, np.sum], ids=["asarray", "array", "sum"])
def test_no_warning_without_grad(convert):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        convert(_plain())
        convert(_grad().detach())


def test_array_function_warns_and_computes():
    with pytest.warns(UserWarning, match=r"numpy.sum\(\) .* not tracked") as record:
        s = np.sum(_grad())
    assert record[0].filename == __file__
    assert isinstance(s, np.floating) and s == 6.0
    with pytest.warns(UserWarning, match="numpy.concatenate"):
        c = np.concatenate([_grad(), _plain()])
    assert isinstance(c, np.ndarray) and c.shape == (6,)
    with pytest.warns(UserWarning, match="numpy.mean"):
        assert np.mean(_grad(), axis=0) == 2.0


def test_array_function_without_grad_is_numpy():
    assert np.shape(_plain()) == (3,)
    np.testing.assert_allclose(np.cumsum(_plain()), [1.0, 3.0, 6.0])
    assert np.allclose(_plain(), [1.0, 2.0, 3.0])


@pytest.mark.parametrize("ufunc", [np.exp, np.add, np.sqrt, np.maximum])
def test_ufuncs_on_tensors_raise_typeerror(ufunc):
    args = (_grad(),) * ufunc.nin
    with pytest.raises(TypeError):
        ufunc(*args)


def test_array_operator_tensor_defers_to_tensor():
    x = _grad()
    y = np.ones(3, np.float32) * x  # Tensor.__rmul__, tracked
    assert isinstance(y, Tensor) and y.grad_fn is not None
    y.sum().backward()
    np.testing.assert_array_equal(x.grad.data, np.ones(3))


def test_float_and_item_are_reads_without_warning():
    x = Tensor(np.float32(2.5), requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(x) == 2.5 and x.item() == 2.5 and int(x) == 2
        assert float((x * 2).sum()) == 5.0
    with pytest.raises(ValueError, match="exactly one element"):
        float(_grad())


def test_numpy_and_detach_are_the_untracked_ways():
    x = _grad()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        a = x.detach().numpy()
        b = x.numpy()
    assert a.base is x.numpy() or a is x.numpy()
    assert b is x.numpy()
