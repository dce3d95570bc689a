"""Property tests of graphgrad's ops against numpy, built with autograd.testing's strategies.

Values are compared with numpy over broadcastable shapes, axes and keepdims;
gradients are checked with check_op (inside op_property_test) on small inputs.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from autograd.testing import (
    axes,
    broadcastable_shapes,
    check_op,
    index_expressions,
    op_property_test,
    tensors,
)

SMALL = {"max_dims": 3, "max_side": 3}


def _one_shape(**kw):
    """One shape (as broadcastable_shapes draws them)."""
    return broadcastable_shapes(1, **kw).map(lambda b: b[0][0])


def _reduction_kwargs(shapes):
    return axes(len(shapes[0]), keepdims=True).map(lambda a: {"axis": a[0], "keepdims": a[1]})


def add(a, b):
    return a + b


def mul(a, b):
    return a * b


def tensor_sum(x, axis=None, keepdims=False):
    return x.sum(axis=axis, keepdims=keepdims)


def tensor_mean(x, axis=None, keepdims=False):
    return x.mean(axis=axis, keepdims=keepdims)


def tensor_max(x, axis=None, keepdims=False):
    return x.max(axis=axis, keepdims=keepdims)


# Add returns one gradient array to both operands by design (the engine copies it
# before it reaches .grad), so its aliasing check is skipped.
test_add = op_property_test(
    add, np.add, shapes=broadcastable_shapes(2, **SMALL), check_op_options={"skip": ("aliasing",)}
)
test_mul = op_property_test(mul, np.multiply, shapes=broadcastable_shapes(2, **SMALL))
test_sum = op_property_test(
    tensor_sum, np.sum, shapes=broadcastable_shapes(1, **SMALL), kwargs=_reduction_kwargs
)
test_mean = op_property_test(
    tensor_mean, np.mean, shapes=broadcastable_shapes(1, **SMALL), kwargs=_reduction_kwargs
)
# max: hypothesis likes ties (all zeros); check_op reports them as kinks, not failures
# Values on a 0.5 grid: exact ties are kinks (recognised as such), while near-ties closer
# than the finite-difference step would make the second-order check meaningless.
test_max = op_property_test(
    tensor_max,
    np.max,
    shapes=broadcastable_shapes(1, **SMALL),
    kwargs=_reduction_kwargs,
    elements=st.integers(-20, 20).map(lambda i: i * 0.5),
)


@given(data=st.data())
def test_reshape(data):
    x = data.draw(tensors(shape=_one_shape(max_dims=3, max_side=4)))
    target = data.draw(st.sampled_from([(-1,), (x.size, 1), (1, -1), x.shape[::-1]]))
    got = x.reshape(*target)
    np.testing.assert_array_equal(got.data, x.data.reshape(target))
    if x.size <= 24:
        check_op(lambda t: t.reshape(*target), x)


@given(data=st.data())
def test_transpose(data):
    x = data.draw(tensors(shape=_one_shape(max_dims=4, max_side=3)))
    perm = tuple(data.draw(st.permutations(range(x.ndim))))
    np.testing.assert_array_equal(x.transpose(perm).data, x.data.transpose(perm))
    if x.size <= 24:
        report = check_op(lambda t: t.transpose(perm), x)
        assert report.ok


@given(data=st.data())
def test_getitem(data):
    x = data.draw(tensors(shape=_one_shape(min_dims=1, max_dims=3, max_side=4)))
    index = data.draw(index_expressions(x.shape))
    got = x[index]
    want = x.data[index]
    np.testing.assert_array_equal(got.data, want)
    if x.size <= 24 and want.size:
        check_op(lambda t: t[index], x)
    got.backward(np.ones(got.shape))
    assert x.grad.shape == x.shape
    expected = np.zeros(x.shape)
    np.add.at(expected, index, 1.0)
    np.testing.assert_array_equal(x.grad.data, expected)


def _sum_to(g, shape):
    """numpy reference of the backward of broadcasting."""
    g = g.sum(axis=tuple(range(g.ndim - len(shape))))
    return g.sum(axis=tuple(i for i, n in enumerate(shape) if n == 1), keepdims=True)


@given(data=st.data())
def test_broadcast_gradients(data):
    (sa, sb), result = data.draw(broadcastable_shapes(2, max_dims=4, max_side=4))
    a, b = data.draw(tensors(shape=sa)), data.draw(tensors(shape=sb))
    out = a * b + a
    assert out.shape == result
    g = np.random.default_rng(0).standard_normal(result)
    out.backward(g)
    assert a.grad.shape == sa and b.grad.shape == sb
    np.testing.assert_allclose(a.grad.data, _sum_to(g * (b.data + 1), sa), rtol=1e-10, atol=1e-10)
    np.testing.assert_allclose(b.grad.data, _sum_to(g * a.data, sb), rtol=1e-10, atol=1e-10)
