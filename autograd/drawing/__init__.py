"""`draw`: the computation graph that produced a tensor, as a `graphviz.Digraph`.

Tensors are rounded tables (name, shape, value, gradient), ops ellipses (`Op.label`),
functions made of primitives (`mean`, `mse_loss`) one double-bordered ellipse each unless
expanded. The graph is walked breadth-first from the root without recursion (graph.py),
also after a backward that freed it (its structure stays); `max_nodes` keeps the nearest
nodes and summarises the rest in one "… N more nodes" box. With a model, nodes sit in
clusters per `nn.Module` and parameters take their dotted names (clusters.py). Gradients
are computed here with `autograd.grad` while the graph is alive (gradients.py). The
drawing is laid out to read well at the width it is shown at (layout.py). See
docs/graphs.md.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Iterable

import graphviz

from ..tensor_class import Tensor
from . import layout, style
from .clusters import repeated_runs
from .gradients import edge_gradients, gradients
from .graph import Graph
from .nodes import Options, Scene

__all__ = ["GraphvizNotFoundError", "draw"]

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
    """A `graphviz.Digraph` that says how to install Graphviz when `dot` is missing, and
    that puts its DOT source beside the SVG it shows in Jupyter (a notebook keeps both:
    tests/test_pictures.py renders the source and checks that its text reads well)."""

    def _repr_mimebundle_(self, include=None, exclude=None, **kwargs):
        out = super()._repr_mimebundle_(include, exclude, **kwargs)
        if "image/svg+xml" in out:
            out["text/vnd.graphviz"] = self.source
        return out

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


def _nearest(graph: Graph, max_nodes: int) -> set[int]:
    """Indices of the tensors to draw: the nearest max_nodes nodes (a tensor and its op count 2)."""
    keep: set[int] = set()
    used = 0
    for i, t in enumerate(graph.order):
        cost = 2 if t._op is not None else 1
        if used + cost > max(max_nodes, 2) and keep:
            break
        keep.add(i)
        used += cost
    return keep


def _checked(root, show, rankdir) -> tuple[list[Tensor], set[str]]:
    """The roots as a list and `show` as a set (with "name"); TypeError/ValueError if bad."""
    roots = [root] if isinstance(root, Tensor) else list(root) if _iterable(root) else []
    if not roots or not all(isinstance(r, Tensor) for r in roots):
        raise TypeError(
            f"draw: root must be a Tensor or a list of Tensors, got {type(root).__name__}"
        )
    if rankdir not in (None, "LR", "RL", "TB", "BT"):
        raise ValueError(
            f"draw: rankdir must be None (automatic), LR, RL, TB or BT, got {rankdir!r}"
        )
    show = _as_show(show)
    unknown = show - {"name", "value", "grad", "shape", "stats", "dtype"}
    if unknown:
        raise ValueError(f"draw: unknown show option(s) {sorted(unknown)}")
    show.add("name")
    return roots, show


def _as_show(show) -> set:
    if show is None:
        return set()
    if isinstance(show, str):
        return {show}
    return set(show)


def _iterable(x) -> bool:
    try:
        iter(x)
    except TypeError:
        return False
    return True


def draw(
    root: Tensor | Iterable[Tensor],
    show: Iterable[str] | str = ("value", "grad", "shape"),
    model=None,
    collapse: Iterable[str] | str | bool = (),
    expand: Iterable[str] | str | bool = False,
    gradient_flow: bool = False,
    backward: bool = False,
    rankdir: str | None = None,
    max_width: float = 900,
    max_nodes: int = 400,
    grads: str = "auto",
    flow_stat: str = "relative",
    unroll: bool = False,
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
    expand: functions made of primitives (mean, mse_loss, layer_norm, ...) are one
        node each; True draws every one as its primitives, names expand those.
    gradient_flow: fill tensors and colour edges by the size of their gradient
        (`flow_stat`: "relative", ‖grad‖·‖value‖, which does not depend on the batch
        size; "norm"; "mean_abs"), with a colour key.
    backward: draw the backward pass: each edge points back and carries the
        gradient that flowed along it; ops state their rule (distribute, swap,
        route, ...), tensors with several consumers show the sum.
    rankdir: None chooses left to right when that fits `max_width`, else top to
        bottom; or "LR", "TB", "RL", "BT".
    max_width: the width in pixels the drawing is shown at (a notebook column): the
        layout keeps its text readable there.
    grads: "auto" computes d(root)/d(tensor) for every tensor with
        autograd.grad when the graph is alive and root has one element (no
        retain_grad() needed, `.grad` untouched), else uses the stored `.grad`;
        "stored" always uses `.grad`; "compute" insists on computing.
    unroll: draw a recurrent layer (one fused node) as its time steps.
    max_nodes: at most this many tensor and op nodes, nearest the root first;
        the rest become one summary node.
    Returns a graphviz.Digraph (inline in Jupyter; `.pipe(format="svg")`,
    `.render(...)`, `.source`).
    """
    roots, show = _checked(root, show, rankdir)
    if flow_stat not in style.FLOW_STATS:
        raise ValueError(f"draw: flow_stat must be one of {style.FLOW_STATS}, got {flow_stat!r}")
    graph = Graph(roots, unroll)
    keep = _nearest(graph, max_nodes)
    need_grads = "grad" in show or "stats" in show or gradient_flow or backward
    gmap, gsource = gradients(graph, roots, grads) if need_grads else ({}, "")
    egrads = edge_gradients(graph, keep, gmap) if (backward or gradient_flow) and gmap else {}
    if backward and graph.freed() and grads != "stored":
        warnings.warn(
            "draw(backward=True): this graph was freed by backward(), so the gradients along "
            "its edges are unknown; call backward(retain_graph=True), or draw before backward",
            stacklevel=2,
        )
    opts = Options(
        show, model, collapse, expand, gradient_flow, backward, flow_stat, small, precision
    )
    scene = Scene(graph, roots, keep, gmap, egrads, opts, gsource)
    plan = layout.Plan(scene, rankdir, max_width)
    if plan.too_tall and collapse is not True:  # repeated blocks: the first, "× n", the last
        runs = tuple(repeated_runs(model))
        if runs:
            opts = dataclasses.replace(opts, runs=runs)
            plan = layout.Plan(
                Scene(graph, roots, keep, gmap, egrads, opts, gsource), None, max_width
            )
    g = GraphDigraph(name="graphgrad")
    layout.emit(plan, g, title, legend)
    return g
