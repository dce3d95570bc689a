"""The fast engine against the reference (autograd/reference.py), which any reader can check.

Both run the same backward rules; what is compared is the engines: the order they
visit the graph, how they sum a tensor's gradient parts, unbroadcasting, sparse
index gradients, freeing. Every row of the op table, first and (through a
create_graph backward) second order, and random graphs with shared sub-expressions.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_ops_table import OPS, _inputs

import autograd
from autograd import Tensor, reference


def _fast_and_reference(out: Tensor, xs: list, g: np.ndarray) -> None:
    fast = autograd.grad(out, xs, Tensor(g), retain_graph=True, allow_unused=True)
    ref = reference.gradients(out, g)
    for i, (x, f) in enumerate(zip(xs, fast)):
        r = ref.get(x)
        assert (f is None) == (r is None), f"input {i}: fast {f}, reference {r}"
        if f is not None:
            np.testing.assert_allclose(f.data, r, rtol=1e-12, atol=1e-12, err_msg=f"input {i}")


@pytest.mark.parametrize(("name", "fn", "shapes", "options"), OPS, ids=[r[0] for r in OPS])
def test_every_op_table_row(name, fn, shapes, options):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    xs = [x.double() if x.dtype != np.float64 else x for x in _inputs(shapes, options, rng)]
    for x in xs:
        x.requires_grad_()
    out = fn(*xs)
    g = rng.standard_normal(out.shape)
    _fast_and_reference(out, xs, g)
    if options.get("second_order") is False:
        return  # a closed-form gradient without a derivative of its own (as PyTorch's)
    # second order: the graph the fast engine records under create_graph, differentiated
    firsts = autograd.grad(out, xs, Tensor(g), create_graph=True, allow_unused=True)
    total = sum(((f * rng.standard_normal(f.shape)).sum() for f in firsts if f is not None), 0.0)
    if isinstance(total, Tensor) and total.requires_grad:
        _fast_and_reference(total, xs, np.ones(()))


_UNARY = {
    "tanh": lambda a: a.tanh(),
    "sin": lambda a: a.sin(),
    "sigmoid": lambda a: a.sigmoid(),
    "relu": lambda a: a.relu(),
    "square": lambda a: a**2,
    "scale": lambda a: a * 0.7,
    "neg": lambda a: -a,
    "sum_last": lambda a: a.sum(axis=-1, keepdims=True) if a.ndim else a,
    "reverse_last": lambda a: a[..., ::-1] if a.ndim else a,
    "pick": lambda a: a[..., [0, 0, 2]] if a.ndim and a.shape[-1] == 3 else a,
    "copy": lambda a: a.copy(),
}
_BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "maximum": lambda a, b: autograd.maximum(a, b),
    "where": lambda a, b: autograd.where(np.array([True, False, True]), a, b),
}
_SHAPES = [(), (3,), (1, 3), (2, 3)]  # all broadcast together to (2, 3)


@given(st.data())
def test_random_graphs(data):
    n_inputs = data.draw(st.integers(1, 3), label="inputs")
    rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))
    pool = []
    for _ in range(n_inputs):
        shape = data.draw(st.sampled_from(_SHAPES), label="shape")
        pool.append(Tensor(rng.standard_normal(shape), requires_grad=True))
    xs = list(pool)
    for _ in range(data.draw(st.integers(1, 12), label="ops")):
        if data.draw(st.booleans(), label="binary"):
            name = data.draw(st.sampled_from(sorted(_BINARY)), label="op")
            a, b = (pool[data.draw(st.integers(0, len(pool) - 1))] for _ in range(2))
            pool.append(_BINARY[name](a, b))  # a and b may be the same tensor
        else:
            name = data.draw(st.sampled_from(sorted(_UNARY)), label="op")
            pool.append(_UNARY[name](pool[data.draw(st.integers(0, len(pool) - 1))]))
    # the root uses several tensors of the pool: shared sub-expressions, diamonds
    used = data.draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=4))
    root = sum((pool[i] * (k + 1.0) for k, i in enumerate(used)), Tensor(np.zeros((2, 3))))
    _fast_and_reference(root, xs, rng.standard_normal(root.shape))


def test_reference_backward_fills_grad_as_tensor_backward_does():
    x = Tensor(np.array([0.5, -1.0, 2.0]), requires_grad=True)
    w = Tensor(np.array([1.5, 0.25, -3.0]), requires_grad=True)
    ((x * w).tanh().sum() + (x**2).sum()).backward()
    expected = x.grad.data.copy(), w.grad.data.copy()
    x.grad = w.grad = None
    reference.backward((x * w).tanh().sum() + (x**2).sum())
    np.testing.assert_allclose(x.grad.data, expected[0], rtol=1e-15)
    np.testing.assert_allclose(w.grad.data, expected[1], rtol=1e-15)


def test_reference_order_needs_no_recursion():
    x = Tensor(1.0, requires_grad=True)
    y = x
    for _ in range(5000):  # deeper than Python's recursion limit
        y = y * 1.0
    order = reference.topological_order(y)
    assert order[-1] is y and len(order) == 5002  # y, its 5000 ops' results, x, the constant
    position = {id(t): i for i, t in enumerate(order)}
    assert all(position[id(p)] < position[id(t)] for t in order for p in t._inputs or ())
