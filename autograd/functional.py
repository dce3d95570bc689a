"""Higher-level derivatives with `torch.autograd.functional`'s signatures.

`vjp`, `jvp`, `jacobian`, `hessian`, `hvp` and `vhp` take a function of
Tensors and the point (a Tensor or a tuple of Tensors) and return results with
the same nesting as the inputs and outputs.
"""

from __future__ import annotations

import numpy as np

from . import grad_mode
from .engine import grad
from .tensor_class import Tensor, stack


def _tuple(x) -> tuple[tuple, bool]:
    if isinstance(x, (tuple, list)):
        return tuple(x), True
    return (x,), False


def _leaves(inputs: tuple, create_graph: bool) -> tuple:
    """Fresh leaves at the inputs (kept in the graph under create_graph)."""
    out = []
    for x in inputs:
        if not isinstance(x, Tensor):
            raise TypeError(f"expected Tensors as inputs, got {type(x).__name__}")
        if create_graph and x.requires_grad:
            out.append(x * 1)
        else:
            t = Tensor._result(x._data)
            t.requires_grad_(True)
            out.append(t)
    return tuple(out)


def _grads(outputs, inputs, vs, create_graph) -> tuple:
    live = [(o, v) for o, v in zip(outputs, vs) if o.requires_grad]
    if not live:
        return tuple(Tensor(np.zeros(x.shape, x.dtype)) for x in inputs)
    gs = grad(
        [o for o, _ in live],
        list(inputs),
        [v for _, v in live],
        retain_graph=True,
        create_graph=create_graph,
        allow_unused=True,
    )
    return tuple(
        g if g is not None else Tensor(np.zeros(x.shape, x.dtype)) for g, x in zip(gs, inputs)
    )


def _scalar_grad(out, xs: tuple, what: str) -> tuple:
    """d out / d xs for a one-element out, kept in the graph (for a second derivative)."""
    if not isinstance(out, Tensor) or out.size != 1:
        raise RuntimeError(f"{what}: the function must return a Tensor with one element")
    return _grads((out,), xs, (Tensor(np.ones(out.shape, out.dtype)),), create_graph=True)


def _detach(ts: tuple, create_graph: bool) -> tuple:
    return ts if create_graph else tuple(t.detach() for t in ts)


def _check_v(v, outputs: tuple, what: str) -> tuple:
    if v is None:
        if len(outputs) != 1 or outputs[0].size != 1:
            raise RuntimeError(
                f"{what}: v can be omitted only for a function with one scalar output"
            )
        return (Tensor(np.ones(outputs[0].shape, outputs[0].dtype)),)
    vs, _ = _tuple(v)
    if len(vs) != len(outputs):
        raise RuntimeError(f"{what}: v has {len(vs)} entries for {len(outputs)} tensors")
    for a, b in zip(vs, outputs):
        if tuple(a.shape) != tuple(b.shape):
            raise RuntimeError(f"{what}: v of shape {a.shape} does not match shape {b.shape}")
    return tuple(a if isinstance(a, Tensor) else Tensor(a) for a in vs)


def vjp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), v^T J)."""
    xs, is_tuple = _tuple(inputs)
    with grad_mode.enable_grad():
        xs = _leaves(xs, create_graph)
        outs, out_tuple = _tuple(func(*xs))
        vs = _check_v(v, outs, "vjp")
        result = _detach(_grads(outs, xs, vs, create_graph), create_graph)
    outs = _detach(outs, create_graph)
    return (outs if out_tuple else outs[0]), (result if is_tuple else result[0])


def jvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), J v), by differentiating a vector-Jacobian product once more."""
    xs, is_tuple = _tuple(inputs)
    with grad_mode.enable_grad():
        xs = _leaves(xs, create_graph)
        outs, out_tuple = _tuple(func(*xs))
        vs = _check_v(v, xs, "jvp")
        us = tuple(Tensor(np.zeros(o.shape, o.dtype), requires_grad=True) for o in outs)
        gs = _grads(outs, xs, us, create_graph=True)  # u^T J, linear in u
        res = _grads(gs, us, vs, create_graph)  # its derivative along v: J v
    res = _detach(res, create_graph)
    outs = _detach(outs, create_graph)
    return (outs if out_tuple else outs[0]), (res if out_tuple else res[0])


def jacobian(
    func,
    inputs,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    strategy: str = "reverse-mode",
):
    """d func / d inputs, shaped output.shape + input.shape for each pair."""
    xs, is_tuple = _tuple(inputs)
    with grad_mode.enable_grad():
        xs = _leaves(xs, create_graph)
        outs, out_tuple = _tuple(func(*xs))
        table = []
        for o in outs:
            rows = [[] for _ in xs]
            for k in range(o.size):
                onehot = np.zeros(o.size, o.dtype)
                onehot[k] = 1
                gs = _grads([o], xs, [Tensor(onehot.reshape(o.shape))], create_graph)
                for m, g in enumerate(gs):
                    rows[m].append(g)
            entry = []
            for m, x in enumerate(xs):
                if rows[m]:
                    j = stack(rows[m]).reshape(o.shape + x.shape)
                else:
                    j = Tensor(np.zeros(o.shape + x.shape, x.dtype))
                entry.append(j if create_graph else j.detach())
            table.append(tuple(entry))
    if out_tuple:
        return tuple(row if is_tuple else row[0] for row in table)
    return table[0] if is_tuple else table[0][0]


def hessian(
    func,
    inputs,
    create_graph: bool = False,
    strict: bool = False,
    vectorize: bool = False,
    outer_jacobian_strategy: str = "reverse-mode",
):
    """Second derivatives of a scalar func: input.shape + input.shape per pair of inputs."""
    xs, is_tuple = _tuple(inputs)

    jac = jacobian(
        lambda *ys: _scalar_grad(func(*ys), ys, "hessian"), xs, create_graph=create_graph
    )
    if is_tuple:
        return jac
    return jac[0][0]


def hvp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), H v) for a scalar func."""
    xs, is_tuple = _tuple(inputs)
    with grad_mode.enable_grad():
        xs = _leaves(xs, create_graph)
        out = func(*xs)
        gs = _scalar_grad(out, xs, "hvp")
        res = _grads(gs, xs, _check_v(v, xs, "hvp"), create_graph)
    res = _detach(res, create_graph)
    out = out if create_graph else out.detach()
    return out, (res if is_tuple else res[0])


def vhp(func, inputs, v=None, create_graph: bool = False, strict: bool = False):
    """(func(inputs), v^T H); equal to hvp since the Hessian is symmetric."""
    return hvp(func, inputs, v, create_graph, strict)
