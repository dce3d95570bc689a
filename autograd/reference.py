"""The backward pass in plain Python: micrograd's algorithm on graphgrad's graph.

Read this first (docs/engine-internals.md walks from here to autograd/engine.py).
Order the graph so that every tensor comes after the tensors it was made from (a
depth-first search, with a stack instead of recursion: a 100,000-op chain is fine),
then walk that order backwards: each op's `backward` turns its output's gradient
into its inputs' gradients, which are added up. The fast engine computes the same
numbers (tests/test_reference_engine.py checks every op and random graphs).
"""

from __future__ import annotations

import numpy as np

from . import versions
from .op import SparseGrad, unbroadcast


def topological_order(root) -> list:
    """Every tensor root was made from, each one after the tensors it was made from."""
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        t, inputs_done = stack.pop()
        if inputs_done:
            order.append(t)
        elif t not in visited:
            visited.add(t)
            stack.append((t, True))  # come back to t once its inputs are in the order
            for p in _used(t):
                stack.append((p, False))
    return order


def _used(t) -> list:
    """t's inputs as its op used them: an input changed in place since is the node it was
    then (autograd/versions.py's `seen`)."""
    return [versions.seen(p, t._stamp) for p in t._inputs or ()]


def gradients(root, grad) -> dict:
    """d(root)/d(t) for every tensor t that requires grad, given d(root) = grad (arrays)."""
    grads = {root: grad}
    for t in reversed(topological_order(root)):
        g = grads.get(t)
        if g is None or t._op is None:  # nothing reached t, or t is a leaf
            continue
        inputs = _used(t)
        input_grads = t._op.backward(g, t._data, *[p._data for p in inputs])
        for p, gp in zip(inputs, input_grads):
            if gp is None or not p.requires_grad:
                continue
            if isinstance(gp, SparseGrad):  # x[index]'s gradient: zeros but at index
                gp = gp.dense()
            gp = unbroadcast(gp, p._data.shape)  # the backward of broadcasting is a sum
            grads[p] = grads[p] + gp if p in grads else gp
    return grads


def backward(root) -> None:
    """`root.backward()` for a one-element root: add d(root)/d(leaf) into each leaf's .grad."""
    for t, g in gradients(root, np.ones_like(root._data)).items():
        if t._op is None:
            t.grad = t._result(g) if t.grad is None else t._result(t.grad._data + g)
