"""Tensor construction, dtypes, conversions, operators and creation functions."""

import warnings

import numpy as np
import pytest

import autograd as ag
from autograd import Tensor


def test_python_floats_take_the_default_dtype():
    assert Tensor([1.0, 2.0]).dtype == np.float32
    assert Tensor(1.5).dtype == np.float32
    assert Tensor([1, 2]).dtype == np.int64
    assert Tensor([True]).dtype == np.bool_


def test_numpy_arrays_and_scalars_keep_their_dtype():
    assert Tensor(np.zeros(2)).dtype == np.float64
    assert Tensor(np.float64(1.0)).dtype == np.float64
    assert Tensor(np.zeros(2, np.float16)).dtype == np.float16
    assert Tensor([1.0], dtype=np.float64).dtype == np.float64


def test_set_default_dtype():
    ag.set_default_dtype(np.float64)
    try:
        assert Tensor([1.0]).dtype == np.float64
        assert ag.zeros(2).dtype == np.float64
    finally:
        ag.set_default_dtype(np.float32)
    with pytest.raises(TypeError):
        ag.set_default_dtype(np.int32)


def test_python_scalars_do_not_promote():
    x = Tensor([1.0, 2.0])
    assert (x * 2.0).dtype == np.float32
    assert (2 * x).dtype == np.float32
    assert (x / 3).dtype == np.float32
    np.testing.assert_array_equal((x / 3).data, np.array([1.0, 2.0], np.float32) / 3)
    assert (Tensor(np.ones(2)) * 2.0).dtype == np.float64


def test_scalar_is_a_0d_tensor():
    s = Tensor(2.0, requires_grad=True)
    assert s.shape == () and s.ndim == 0 and s.size == 1
    assert isinstance(s.data, np.ndarray)
    y = s * s + 1
    assert y.item() == 5.0 and isinstance(y.data, np.ndarray)


def test_attributes():
    x = Tensor(np.ones((2, 3)), requires_grad=True, name="x")
    assert x.is_leaf and x.grad_fn is None and x.name == "x"
    y = x * 2
    assert not y.is_leaf and y.grad_fn.name == "Mul"
    assert x.T.shape == (3, 2)
    assert len(x) == 2


def test_conversions():
    assert float(Tensor(2.5)) == 2.5
    assert int(Tensor(3.0)) == 3
    assert bool(Tensor(1.0)) and not bool(Tensor(0.0))
    with pytest.raises(ValueError, match="ambiguous"):
        bool(Tensor([1.0, 2.0]))
    with pytest.raises(TypeError):
        len(Tensor(1.0))


def test_comparisons_are_boolean_and_not_differentiable():
    x = Tensor([1.0, 2.0, 3.0], requires_grad=True)
    m = x > 1.5
    assert m.dtype == np.bool_ and not m.requires_grad
    np.testing.assert_array_equal(m.data, [False, True, True])
    np.testing.assert_array_equal((x == 2.0).data, [False, True, False])


def test_hash_is_identity():
    a, b = Tensor([1.0]), Tensor([1.0])
    assert len({a: 1, b: 2}) == 2


def test_numpy_array_on_the_left_defers_to_the_tensor():
    x = Tensor([1.0, 2.0], requires_grad=True)
    y = np.array([2.0, 3.0], np.float32) * x
    assert isinstance(y, Tensor) and y.requires_grad


def test_converting_a_tracked_tensor_to_numpy_warns():
    x = Tensor([1.0, 2.0], requires_grad=True)
    with pytest.warns(UserWarning, match="not tracked"):
        np.asarray(x)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        np.asarray(x.detach())


def test_numpy_ufuncs_on_tensors_are_refused():
    with pytest.raises(TypeError):
        np.exp(Tensor([1.0]))


def test_copy_detach_and_data_sharing():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    c = x.copy()
    assert not np.shares_memory(c.data, x.data) and c.requires_grad
    d = x.detach()
    assert np.shares_memory(d.data, x.data) and not d.requires_grad


def test_shape_methods():
    x = Tensor(np.arange(24.0).reshape(2, 3, 4))
    assert x.reshape(4, 6).shape == (4, 6)
    assert x.reshape((6, -1)).shape == (6, 4)
    assert x.reshape(-1).shape == (24,)
    assert Tensor(np.ones((1, 1))).reshape(()).shape == ()
    assert x.transpose().shape == (4, 3, 2)
    assert x.transpose(1, 0, 2).shape == (3, 2, 4)
    assert x.swapaxes(0, 2).shape == (4, 3, 2)
    assert x.unsqueeze(0).shape == (1, 2, 3, 4)
    assert x.unsqueeze(-1).squeeze().shape == (2, 3, 4)
    assert x.flatten().shape == (24,) and x.flatten(1).shape == (2, 12)
    assert Tensor(np.ones(3)).broadcast_to(2, 3).shape == (2, 3)
    with pytest.raises(ValueError, match="reshape"):
        x.reshape(5, 5)
    with pytest.raises(ValueError, match="permutation"):
        x.transpose(0, 0, 1)


def test_reductions_take_numpy_and_torch_keywords():
    x = Tensor(np.arange(6.0).reshape(2, 3))
    np.testing.assert_array_equal(x.sum(axis=0).data, [3.0, 5.0, 7.0])
    np.testing.assert_array_equal(x.sum(dim=1, keepdim=True).data, [[3.0], [12.0]])
    assert x.mean().item() == 2.5
    np.testing.assert_allclose(x.var().item(), np.var(np.arange(6.0), ddof=1))  # unbiased
    np.testing.assert_allclose(x.std(axis=1, ddof=1).data, np.std(x.data, axis=1, ddof=1))
    np.testing.assert_array_equal(x.max(axis=1).data, [2.0, 5.0])
    np.testing.assert_array_equal(x.min(axis=0).data, [0.0, 1.0, 2.0])
    np.testing.assert_allclose(x.logsumexp(axis=1).data, np.log(np.exp(x.data).sum(1)))
    assert x.argmax().item() == 5
    np.testing.assert_allclose(x.softmax().data.sum(axis=-1), [1.0, 1.0], rtol=1e-6)
    with pytest.raises(np.exceptions.AxisError):
        x.sum(axis=2)


def test_logsumexp_and_softmax_are_stable():
    x = Tensor(np.array([1e4, -1e4, 0.0]))
    assert np.isfinite(x.logsumexp().item())
    assert np.isfinite(x.log_softmax().data).all()
    assert np.isfinite(x.softmax().data).all()


def test_module_functions():
    a, b = Tensor([1.0, 5.0]), Tensor([3.0, 2.0])
    np.testing.assert_array_equal(ag.maximum(a, b).data, [3.0, 5.0])
    np.testing.assert_array_equal(ag.minimum(a, b).data, [1.0, 2.0])
    np.testing.assert_array_equal(ag.where(a.data > 2, a, 0.0).data, [0.0, 5.0])
    np.testing.assert_array_equal(ag.where(a.data > 2, 1.0, b).data, [3.0, 1.0])
    assert ag.stack([a, b], axis=1).shape == (2, 2)
    assert ag.concatenate([a, b]).shape == (4,)
    assert ag.matmul(a, b).item() == 13.0


def test_creation_functions():
    assert ag.zeros(2, 3).shape == (2, 3) and ag.zeros((2, 3)).dtype == np.float32
    assert ag.ones(2, dtype=np.float64).dtype == np.float64
    assert ag.full((2,), 7.0).data.tolist() == [7.0, 7.0]
    assert ag.eye(3).data.trace() == 3
    assert ag.arange(5).dtype == np.int64 and ag.arange(0.0, 1.0, 0.25).dtype == np.float32
    t = ag.zeros_like(Tensor(np.ones(3)))
    assert t.dtype == np.float64 and ag.ones_like(t).data.sum() == 3
    assert ag.randn(3, 4, requires_grad=True).requires_grad
    ag.manual_seed(0)
    a = ag.rand(5).data
    ag.manual_seed(0)
    np.testing.assert_array_equal(a, ag.rand(5).data)


def test_repr():
    assert repr(Tensor([1.0], requires_grad=True)) == "Tensor([1.], requires_grad=True)"
    assert "grad_fn=<Mul>" in repr(Tensor([1.0], requires_grad=True) * 2)


def test_registry_lists_every_primitive():
    names = {cls.__name__ for cls in ag.Op.registry.values()}
    for name in ("Add", "Mul", "Pow", "Exp", "Log", "Maximum", "Sum", "Max", "MatMul"):
        assert name in names
    for name in ("Reshape", "Transpose", "GetItem", "Copy", "Concatenate", "Where"):
        assert name in names


def test_python_number_constants_are_shared_but_keep_their_meaning():
    x = Tensor([1.0, -2.0], requires_grad=True)
    a, b = x * 0.5, x * 0.5
    assert a.grad_fn.inputs[1] is b.grad_fn.inputs[1]  # one constant for 0.5
    z = Tensor(np.array([1.0]), requires_grad=True)
    assert np.signbit((z * -0.0).data[0]) and not np.signbit((z * 0.0).data[0])
    assert np.isnan((x * float("nan")).data).all()
    assert (x * 0.5).dtype == np.float32 and (Tensor(np.ones(1)) * 0.5).dtype == np.float64


def test_cached_constants_refuse_every_change():
    x = Tensor([1.0, -2.0], requires_grad=True)
    c = (x * 0.5).grad_fn.inputs[1]  # the shared constant for 0.5
    changes = [
        lambda: c.fill_(3.0),
        lambda: c.add_(1.0),
        lambda: c.__setitem__((), 3.0),
        lambda: setattr(c, "data", np.float32(3.0)),
        lambda: c.requires_grad_(),
        lambda: setattr(c, "name", "half"),
    ]
    for change in changes:
        with pytest.raises(RuntimeError, match="cached constant"):
            change()
    with pytest.raises(ValueError, match="read-only"):
        c.data[()] = 3.0
    np.testing.assert_array_equal((Tensor([2.0, 4.0]) * 0.5).data, [1.0, 2.0])
    assert not c.requires_grad and c.item() == 0.5 and type(c) is Tensor  # (one class: fast)
