"""The gradients a drawing shows: d(root)/d(tensor) on every node, and on every edge.

Only leaves keep `.grad` after `backward()`, so while the graph is alive and the root
has one element, `draw` computes every tensor's gradient itself with `autograd.grad`
(`.grad` untouched, the graph kept). The gradient an edge carried back is the engine's
own step (`engine.backward_step`) applied to the gradient of the op's output: broadcast
inputs summed back, an index's sparse gradient made dense, exactly what the backward
passes. An unrolled loop's steps get theirs from a backward through the unrolled ops.
"""

from __future__ import annotations

import numpy as np

from .. import grad_mode
from ..engine import backward_step, grad, total
from .graph import Graph


def gradients(graph: Graph, roots: list, mode: str) -> tuple[dict, str]:
    """Gradient (array) per tensor index, and where they came from ('computed'/'stored'/'')."""
    if mode not in ("auto", "compute", "stored"):
        raise ValueError(f"draw: grads must be 'auto', 'compute' or 'stored', got {mode!r}")
    live = [r for r in roots if r.requires_grad]
    freed = graph.freed()
    can = bool(live) and not freed and all(r.size == 1 for r in live)
    if mode == "compute" and not can:
        raise RuntimeError(
            "draw(grads='compute') needs a live graph from one-element outputs; "
            + (
                "this graph was freed by backward(): call backward(retain_graph=True)"
                if freed
                else "the output is not a scalar (or does not require grad)"
            )
        )
    out: dict[int, np.ndarray] = {}
    if mode != "stored" and can:
        real = [t for i, t in enumerate(graph.order) if t.requires_grad and not graph.synthetic(i)]
        gs = grad(live, real, retain_graph=True, allow_unused=True)
        for t, g in zip(real, gs):
            if g is not None:
                out[graph.index[t]] = np.asarray(g._data)
        _unrolled_gradients(graph, out)
        return out, "computed"
    for i, t in enumerate(graph.order):
        if t.grad is not None:
            out[i] = np.asarray(t.grad._data)
    return out, "stored" if out else ""


def _unrolled_gradients(graph: Graph, out: dict) -> None:
    """The gradients inside each unrolled loop, from the gradient of its output."""
    for i, twin in graph.unrolled.items():
        g = out.get(i)
        if g is None:
            continue
        inner = [
            t
            for j, t in enumerate(graph.order)
            if graph.synthetic(j) and t.requires_grad and t is not twin
        ]
        if not inner:
            continue
        gs = grad(twin, inner, grad_outputs=g, retain_graph=True, allow_unused=True)
        for t, gt in zip(inner, gs):
            if gt is not None:
                j = graph.index[t]
                out[j] = out[j] + gt._data if j in out else np.asarray(gt._data)


def edge_gradients(graph: Graph, keep: set[int], grads: dict) -> dict:
    """(input index, output index, position) -> the gradient that edge carried backward."""
    out = {}
    with grad_mode.no_grad():
        for i in keep:
            ins = graph.inputs.get(i)
            g = grads.get(i)
            if ins is None or g is None:
                continue
            node = graph.unrolled.get(i, graph.order[i])
            try:  # the engine's own step: broadcasting summed back, SparseGrad included
                inputs, gs = backward_step(node, g, False)
            except Exception:  # a freed Function context, a stale input, a graph-mode-only rule
                continue
            for k, (p, gp) in enumerate(zip(inputs, gs)):
                if gp is not None and p.requires_grad:
                    out[(ins[k], i, k)] = np.asarray(total(gp))
    return out
