"""`xp`: the functions backward rules call, the same for numpy arrays and for Tensors.

A rule written with operators, methods both share and `xp(g)` runs on arrays in an
ordinary backward and records itself on Tensors under create_graph; so no rule
needs to know which it got.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

import numpy as np
import pytest

import autograd
import nn  # noqa: F401  (registers nn's primitives)
from autograd import Tensor
from autograd.op import ArrayFunctions, SparseGrad, xp
from autograd.tensor_class import TensorFunctions

# modules whose backward rules may still fork on Tensors (none left)
NOT_YET: tuple = ()


def _names(namespace) -> set:
    return {n for n in vars(namespace) if not n.startswith("_")}


def test_both_namespaces_have_the_same_functions():
    assert _names(ArrayFunctions) == _names(TensorFunctions)
    assert xp(np.ones(2)) is ArrayFunctions and xp(np.float32(1)) is ArrayFunctions
    assert xp(Tensor([1.0])) is TensorFunctions


CALLS = {
    "exp": lambda f, a, b: f.exp(a),
    "log": lambda f, a, b: f.log(a * a + 1),
    "sin": lambda f, a, b: f.sin(a),
    "cos": lambda f, a, b: f.cos(a),
    "tanh": lambda f, a, b: f.tanh(a),
    "sqrt": lambda f, a, b: f.sqrt(a * a + 1),
    "sigmoid": lambda f, a, b: f.sigmoid(a),
    "where": lambda f, a, b: f.where(np.array([True, False, True]), a, 0),
    "broadcast_to": lambda f, a, b: f.broadcast_to(a, (2, 3)),
    "concatenate": lambda f, a, b: f.concatenate([a, b], 0),
    "stack": lambda f, a, b: f.stack([a, b], 1),
    "scatter_add": lambda f, a, b: f.scatter_add(a, np.array([0, 2, 0]), (4,)),
    "saved": lambda f, a, b: f.saved(a, lambda: b),
}


def test_every_function_is_exercised():
    assert set(CALLS) == _names(ArrayFunctions)


@pytest.mark.parametrize("name", sorted(CALLS))
def test_arrays_and_tensors_give_the_same_values(name):
    a, b = np.array([0.5, -1.0, 2.0]), np.array([1.5, 0.25, -3.0])
    on_arrays = CALLS[name](ArrayFunctions, a, b)
    if isinstance(on_arrays, SparseGrad):
        on_arrays = on_arrays.dense()
    ta, tb = Tensor(a, requires_grad=True), Tensor(b, requires_grad=True)
    on_tensors = CALLS[name](TensorFunctions, ta, tb)
    assert isinstance(on_tensors, Tensor)
    if name == "saved":  # arrays: what forward saved; Tensors: recomputed (here b)
        np.testing.assert_array_equal(on_arrays, a)
        assert on_tensors is tb
        return
    assert on_tensors.requires_grad  # recorded: differentiable again
    np.testing.assert_allclose(on_tensors.data, on_arrays, rtol=1e-15)


def test_no_backward_rule_asks_whether_it_got_tensors():
    forks = []
    for key, cls in sorted(autograd.Op.registry.items()):
        if not key.startswith(("autograd.", "nn.")) or key.startswith(NOT_YET):
            continue
        for name in ("backward", *(n for n in vars(cls) if "backward" in n)):
            fn = vars(cls).get(name)
            if fn is None:
                continue
            tree = ast.parse(textwrap.dedent(inspect.getsource(fn)))
            for node in ast.walk(tree):
                if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "isinstance":
                    if "Tensor" in ast.unparse(node.args[1]):
                        forks.append(f"{key}.{name}: {ast.unparse(node)}")
    assert not forks, forks
