"""`draw`: the computation graph that produced a tensor, as a `graphviz.Digraph`.

Tensors are rounded tables (name, shape, value, gradient), ops are ellipses
(class name and attributes). The graph is walked breadth-first from the root
without recursion; `max_nodes` keeps the nearest nodes and summarises the rest
in one "… N more nodes" box, so a 100,000-node chain draws in well under a
second. With a model, nodes are grouped in nested clusters per `nn.Module`
(the module path each tensor was recorded in), and parameters take their
dotted names. Gradients are computed here with `autograd.grad` while the
graph is alive, so every tensor shows d(root)/d(tensor) without
`retain_grad()`. See docs/graphs.md.
"""

from __future__ import annotations

import collections
import warnings
from collections.abc import Iterable

import graphviz
import numpy as np

from . import draw_style as style
from . import grad_mode
from .draw_nodes import _Drawing, _Options
from .engine import backward_step, grad, total
from .tensor_class import Tensor

_INSTALL = (
    "rendering a graph needs Graphviz's `dot` program, which was not found on PATH. "
    "Install it with `sudo apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` "
    "(macOS) or `conda install graphviz`, or run `make graphviz`. Without it, `.source` "
    "still gives the DOT text."
)


class GraphvizNotFoundError(graphviz.ExecutableNotFound):
    """Raised when a drawing is rendered but Graphviz's `dot` program is missing."""

    def __init__(self, message: str = _INSTALL):
        RuntimeError.__init__(self, message)


class GraphDigraph(graphviz.Digraph):
    """A `graphviz.Digraph` that says how to install Graphviz when `dot` is missing."""

    def pipe(self, *args, **kwargs):
        try:
            return super().pipe(*args, **kwargs)
        except graphviz.ExecutableNotFound as e:
            if isinstance(e, GraphvizNotFoundError):
                raise
            raise GraphvizNotFoundError() from e

    def render(self, *args, **kwargs):
        try:
            return super().render(*args, **kwargs)
        except graphviz.ExecutableNotFound as e:
            if isinstance(e, GraphvizNotFoundError):
                raise
            raise GraphvizNotFoundError() from e


class _Walk:
    """The tensors reachable from the roots, in breadth-first order, and their wiring."""

    def __init__(self, roots: list[Tensor]):
        order: list[Tensor] = []
        index: dict[Tensor, int] = {}
        for r in roots:
            if r not in index:
                index[r] = len(order)
                order.append(r)
        inputs: dict[int, list[int]] = {}  # tensor -> input tensors of its op
        consumers = collections.Counter()
        freed: list[int] = []
        i = 0
        while i < len(order):  # breadth-first: order grows while we read it
            if order[i]._op is not None:
                ins = order[i]._inputs
                if ins is None:
                    freed.append(i)
                else:
                    ids = []
                    for p in ins:
                        j = index.get(p)
                        if j is None:
                            j = index[p] = len(order)
                            order.append(p)
                        ids.append(j)
                        consumers[j] += 1
                    inputs[i] = ids
            i += 1
        self.order, self.index, self.inputs = order, index, inputs
        self.consumers, self.freed = consumers, freed
        self.n_ops = sum(1 for t in order if t._op is not None)


def _as_show(show) -> set:
    if show is None:
        return set()
    if isinstance(show, str):
        return {show}
    return set(show)


def _gradients(walk: _Walk, roots: list[Tensor], mode: str) -> tuple[dict, str]:
    """Gradient (array) per tensor index, and where they came from ('computed'/'stored'/'')."""
    if mode not in ("auto", "compute", "stored"):
        raise ValueError(f"draw: grads must be 'auto', 'compute' or 'stored', got {mode!r}")
    live = [r for r in roots if r.requires_grad]
    can = bool(live) and not walk.freed and all(r.size == 1 for r in live)
    if mode == "compute" and not can:
        raise RuntimeError(
            "draw(grads='compute') needs a live graph from one-element outputs; "
            + (
                "this graph was freed by backward(): call backward(retain_graph=True)"
                if walk.freed
                else "the output is not a scalar (or does not require grad)"
            )
        )
    if mode != "stored" and can:
        targets = [t for t in walk.order if t.requires_grad]
        gs = grad(live, targets, retain_graph=True, allow_unused=True)
        out = {}
        for t, g in zip(targets, gs):
            if g is not None:
                out[walk.index[t]] = np.asarray(g._data)
        return out, "computed"
    out = {}
    for i, t in enumerate(walk.order):
        if t.grad is not None:
            out[i] = np.asarray(t.grad._data)
    return out, "stored" if out else ""


def _edge_grads(walk: _Walk, keep: set, grads: dict) -> dict:
    """(input index, output index, position) -> the gradient that edge carried backward."""
    out = {}
    with grad_mode.no_grad():
        for i in keep:
            ins = walk.inputs.get(i)
            g = grads.get(i)
            if ins is None or g is None:
                continue
            try:  # the engine's own step: broadcasting summed back, SparseGrad included
                inputs, gs = backward_step(walk.order[i], g, False)
            except Exception:  # a freed Function context, a stale input, a graph-mode-only rule
                continue
            for k, (p, gp) in enumerate(zip(inputs, gs)):
                if gp is not None and p.requires_grad:
                    out[(ins[k], i, k)] = np.asarray(total(gp))
    return out


def _nearest(walk: _Walk, max_nodes: int) -> set[int]:
    """Indices of the tensors to draw: the nearest max_nodes nodes (a tensor and its op count 2)."""
    keep: set[int] = set()
    used = 0
    for i, t in enumerate(walk.order):
        cost = 2 if t._op is not None else 1
        if used + cost > max(max_nodes, 2) and keep:
            break
        keep.add(i)
        used += cost
    return keep


def _checked(root, show, rankdir: str) -> tuple[list[Tensor], set[str]]:
    """The roots as a list and `show` as a set (with "name"); TypeError/ValueError if bad."""
    roots = [root] if isinstance(root, Tensor) else list(root) if _iterable(root) else []
    if not roots or not all(isinstance(r, Tensor) for r in roots):
        raise TypeError(
            f"draw: root must be a Tensor or a list of Tensors, got {type(root).__name__}"
        )
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"draw: rankdir must be LR, RL, TB or BT, got {rankdir!r}")
    show = _as_show(show)
    unknown = show - {"name", "value", "grad", "shape", "stats", "dtype"}
    if unknown:
        raise ValueError(f"draw: unknown show option(s) {sorted(unknown)}")
    show.add("name")
    return roots, show


def _iterable(x) -> bool:
    try:
        iter(x)
    except TypeError:
        return False
    return True


def _digraph(rankdir: str, title: str | None) -> GraphDigraph:
    """An empty drawing with the graph-wide layout, fonts and colours."""
    g = GraphDigraph(name="graphgrad")
    g.attr(rankdir=rankdir, fontname=style.FONT, fontsize="12", nodesep="0.25", ranksep="0.35")
    if title:
        g.attr(label=title, labelloc="t", fontsize="14")
    g.attr("node", fontname=style.FONT, fontsize="11")
    g.attr("edge", fontname=style.FONT, fontsize="9", color=style.FORWARD_EDGE, arrowsize="0.6")
    return g


def draw(
    root: Tensor | Iterable[Tensor],
    show: Iterable[str] | str = ("value", "grad", "shape"),
    model=None,
    collapse: Iterable[str] | str | bool = (),
    gradient_flow: bool = False,
    backward: bool = False,
    rankdir: str = "LR",
    max_nodes: int = 400,
    grads: str = "auto",
    flow_stat: str = "mean_abs",
    small: int = 6,
    precision: int = 4,
    legend: bool = True,
    title: str | None = None,
) -> GraphDigraph:
    """Draw the graph that produced `root` (a Tensor or a list of Tensors).

    show: what tensor labels hold, any of "name", "value", "grad", "shape" (shape
        and dtype), "stats" (min/max/mean of large tensors and their gradients).
        Tensors with at most `small` elements show their values in full.
    model: an nn.Module (anything with named_parameters()/named_modules()):
        parameters are labelled with their dotted names and ops are grouped in
        nested clusters per module.
    collapse: module names (e.g. "fc1", "block2") drawn as one box each, or True
        for every child of the outermost module.
    gradient_flow: fill tensors and colour edges by log10 of the gradient's
        magnitude (`flow_stat`: "mean_abs" or "norm"), with a colour legend.
    backward: draw the backward pass: each edge points back and carries the
        gradient that flowed along it; ops state their rule (distribute, swap,
        route, ...), tensors with several consumers show the sum.
    grads: "auto" computes d(root)/d(tensor) for every tensor with
        autograd.grad when the graph is alive and root has one element (no
        retain_grad() needed, `.grad` untouched), else uses the stored `.grad`;
        "stored" always uses `.grad`; "compute" insists on computing.
    max_nodes: at most this many tensor and op nodes, nearest the root first;
        the rest become one summary node.
    Returns a graphviz.Digraph (inline in Jupyter; `.pipe(format="svg")`,
    `.render(...)`, `.source`).
    """
    roots, show = _checked(root, show, rankdir)
    walk = _Walk(roots)
    if walk.freed:
        warnings.warn(
            f"draw: {len(walk.freed)} op(s) lost their inputs in a backward() without "
            "retain_graph=True; only what is still reachable is drawn. Call "
            "backward(retain_graph=True) (or draw before backward) to see the whole graph.",
            stacklevel=2,
        )
    keep = _nearest(walk, max_nodes)
    need_grads = "grad" in show or "stats" in show or gradient_flow or backward
    gmap, gsource = _gradients(walk, roots, grads) if need_grads else ({}, "")
    egrads = _edge_grads(walk, keep, gmap) if (backward or gradient_flow) and gmap else {}
    opts = _Options(show, model, collapse, gradient_flow, backward, flow_stat, small, precision)
    drawing = _Drawing(walk, roots, keep, gmap, egrads, opts)
    g = _digraph(rankdir, title)
    drawing.emit(g)
    if legend:
        _legend(g, drawing, gsource)
    return g


def _legend(g: graphviz.Digraph, drawing: _Drawing, gsource: str) -> None:
    """A key to the fills and colours the drawing uses."""
    flow, flow_stat = drawing.flow, drawing.opts.flow_stat
    rows = []
    if flow is None:
        for k in ("output", "parameter", "leaf", "constant", "intermediate"):
            if k in drawing.kinds:
                rows.append((style.KIND_FILL[k], "black", style.KIND_TEXT[k]))
    else:
        what = "mean |grad|" if flow_stat == "mean_abs" else "‖grad‖"
        for c, text in reversed(flow.ticks()):
            i = style.FLOW_PALETTE.index(c)
            rows.append((c, "white" if i < style.FLOW_DARK else "black", f"{what} {text}"))
        rows.append((style.ZERO_GRAD_FILL, "black", "zero gradient"))
    rows.append((style.OP_FILL, "black", "op (ellipse)"))
    if drawing.boxes.ids and flow is None:
        rows.append((style.COLLAPSED_FILL, "black", "collapsed module"))
    if drawing.nonfinite:
        rows.append(("#ffffff", style.NONFINITE, "red: NaN / Inf"))
    if drawing.opts.backward:
        rows.append(("#ffffff", style.BACKWARD_EDGE, "red arrows: gradient carried back"))
    if gsource == "computed":
        rows.append(("#ffffff", "#495057", "grad = d(output)/d(tensor)"))
    body = "".join(
        f'<TR><TD BGCOLOR="{fill}"><FONT COLOR="{font}">{style.esc(text)}</FONT></TD></TR>'
        for fill, font, text in rows
    )
    label = f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">{body}</TABLE>>'
    with g.subgraph(name="cluster_legend") as c:
        c.attr(label="legend", style="rounded", color="#ced4da", fontname=style.FONT, fontsize="10")
        c.node("legend", label=label, shape="plain", fontsize="9")
