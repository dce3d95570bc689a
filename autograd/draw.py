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

from . import draw_style as st
from . import grad_mode
from .function import unbroadcast
from .tensor import Tensor

_INSTALL = (
    "rendering a graph needs Graphviz's `dot` program, which was not found on PATH. "
    "Install it with `sudo apt-get install graphviz` (Debian/Ubuntu), `brew install graphviz` "
    "(macOS) or `conda install graphviz`, or run `make graphviz`. Without it, `.source` "
    "still gives the DOT text."
)

_FREED_NOTE = (
    "inputs freed by backward()\\ncall backward(retain_graph=True)\\nto draw the whole graph"
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
        from .engine import grad

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
            t = walk.order[i]
            op = t._op
            tensors = [walk.order[j] for j in ins]
            try:
                gs = op.backward(g, t._data, *[p._data for p in tensors])
            except Exception:  # a freed Function context or a graph-mode-only rule
                continue
            for k, (p, gp) in enumerate(zip(tensors, gs)):
                if gp is None or not p.requires_grad:
                    continue
                gp = np.asarray(gp._data if isinstance(gp, Tensor) else gp)
                if op.broadcasts and gp.shape != p.shape:
                    gp = unbroadcast(gp, p.shape)
                out[(ins[k], i, k)] = gp
    return out


def _short(v) -> str:
    if isinstance(v, np.ndarray):
        return f"array{tuple(v.shape)}" if v.size > 6 else st.fmt_array(v)
    if isinstance(v, (float, np.floating)):
        return st.fmt(v)
    if isinstance(v, np.dtype):
        return v.name
    s = repr(v)
    return s if len(s) <= 24 else s[:21] + "..."


def _op_label(op, backward: bool) -> str:
    lines = [op.name]
    for k, v in op.attributes().items():
        if k == "fn" or v is None or v is False:
            continue
        if isinstance(v, tuple) and len(v) == 1:
            v = v[0]
        lines.append(f"{k}={_short(v)}")
    if backward and op.name in st.BACKWARD_RULES:
        lines.append(f"({st.BACKWARD_RULES[op.name]})")
    return "\\n".join(lines)


def _nonfinite(a) -> bool:
    a = np.asarray(a)
    return a.dtype.kind in "fc" and not np.isfinite(a).all()


class _Modules:
    """Names of modules (from model.named_modules()) and of parameters, by duck typing."""

    def __init__(self, model):
        self.names: dict[int, str] = {}
        self.by_name: dict[str, object] = {}
        self.params: dict[int, str] = {}
        self.model = model
        if model is None:
            return
        if hasattr(model, "named_modules"):
            for name, m in model.named_modules():
                self.names.setdefault(id(m), name)
                self.by_name.setdefault(name, m)
        if hasattr(model, "named_parameters"):
            for name, p in model.named_parameters():
                self.params.setdefault(id(p), name)
        self.anon: dict[int, str] = {}

    def label(self, m) -> str:
        name = self.names.get(id(m))
        kind = type(m).__name__
        if name:
            return f"{name} ({kind})"
        return kind

    def name(self, m) -> str:
        name = self.names.get(id(m))
        return name if name else type(m).__name__

    def param_path(self, pname: str, scope_root) -> tuple:
        """The module path (tuple of modules, outermost first) that owns parameter `pname`."""
        parts = pname.split(".")[:-1]
        path = [self.model] if self.model is not None else []
        for k in range(1, len(parts) + 1):
            m = self.by_name.get(".".join(parts[:k]))
            if m is not None:
                path.append(m)
        if scope_root is not None and path and path[0] is not scope_root:
            path = path[1:]
        return tuple(path)


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
) -> graphviz.Digraph:
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
    roots = [root] if isinstance(root, Tensor) else list(root)
    if not roots or not all(isinstance(r, Tensor) for r in roots):
        raise TypeError("draw: root must be a Tensor or a list of Tensors")
    if rankdir not in ("LR", "RL", "TB", "BT"):
        raise ValueError(f"draw: rankdir must be LR, RL, TB or BT, got {rankdir!r}")
    show = _as_show(show)
    unknown = show - {"name", "value", "grad", "shape", "stats", "dtype"}
    if unknown:
        raise ValueError(f"draw: unknown show option(s) {sorted(unknown)}")
    show.add("name")
    walk = _Walk(roots)
    if walk.freed:
        warnings.warn(
            f"draw: {len(walk.freed)} op(s) lost their inputs in a backward() without "
            "retain_graph=True; only what is still reachable is drawn. Call "
            "backward(retain_graph=True) (or draw before backward) to see the whole graph.",
            stacklevel=2,
        )

    # ---- which tensors to draw: the nearest max_nodes nodes (a tensor and its op count 2)
    keep: set[int] = set()
    used = 0
    for i, t in enumerate(walk.order):
        cost = 2 if t._op is not None else 1
        if used + cost > max(max_nodes, 2) and keep:
            break
        keep.add(i)
        used += cost
    hidden_t = len(walk.order) - len(keep)
    hidden_ops = walk.n_ops - sum(1 for i in keep if walk.order[i]._op is not None)

    need_grads = "grad" in show or "stats" in show or gradient_flow or backward
    gmap, gsource = _gradients(walk, roots, grads) if need_grads else ({}, "")
    egrads = _edge_grads(walk, keep, gmap) if (backward or gradient_flow) and gmap else {}

    mods = _Modules(model)
    flow = None
    if gradient_flow:
        mags = [st.magnitude(gmap[i], flow_stat) for i in keep if i in gmap]
        mags += [st.magnitude(g, flow_stat) for g in egrads.values()]
        flow = st.FlowScale(mags)

    g = GraphDigraph(name="graphgrad")
    g.attr(rankdir=rankdir, fontname=st.FONT, fontsize="12", nodesep="0.25", ranksep="0.35")
    if title:
        g.attr(label=title, labelloc="t", fontsize="14")
    g.attr("node", fontname=st.FONT, fontsize="11")
    g.attr("edge", fontname=st.FONT, fontsize="9", color=st.FORWARD_EDGE, arrowsize="0.6")

    # ---- clusters: module path (tuple of modules) of every drawn node
    scope_root = None
    if model is not None:
        scope_root = model
    path_of: dict[int, tuple] = {}
    for i in keep:
        t = walk.order[i]
        if t._op is not None:
            path_of[i] = tuple(getattr(t, "_scope", None) or ())
    for i in keep:
        t = walk.order[i]
        if t._op is None and id(t) in mods.params:
            path_of[i] = mods.param_path(mods.params[id(t)], scope_root)
    for i in keep:  # scalar constants (the 2 in `2 * x`) sit with their consumer
        t = walk.order[i]
        if t._op is None and i not in path_of and t.size == 1 and not t.requires_grad:
            for j in keep:
                if i in walk.inputs.get(j, ()):
                    path_of[i] = path_of.get(j, ())
                    break

    roots_idx = {walk.index[r] for r in roots}
    collapse_all = collapse is True
    names = (
        set()
        if collapse in (False, None, True)
        else {collapse}
        if isinstance(collapse, str)
        else set(collapse)
    )

    def collapsed_prefix(path: tuple) -> tuple | None:
        for k in range(1, len(path) + 1):
            m = path[k - 1]
            if (collapse_all and k == 2) or (names and mods.name(m) in names):
                return path[:k]
        return None

    box_of: dict[int, tuple] = {}
    for i, p in path_of.items():
        if i in roots_idx:
            continue
        c = collapsed_prefix(p)
        if c is not None:
            box_of[i] = c
    box_ids: dict[tuple, str] = {}
    box_count: dict[tuple, list] = {}
    box_params: dict[tuple, list] = collections.defaultdict(list)
    for i, c in box_of.items():
        if c not in box_ids:
            box_ids[c] = f"m{len(box_ids)}"
            box_count[c] = [0, 0, 0]  # ops, params, elements of params
        t = walk.order[i]
        if t._op is not None:
            box_count[c][0] += 1
        elif id(t) in mods.params:
            box_params[c].append(i)
            box_count[c][1] += 1
            box_count[c][2] += t.size

    def tid(i: int) -> str:
        return box_ids[box_of[i]] if i in box_of else f"t{i}"

    def oid(i: int) -> str:
        return box_ids[box_of[i]] if i in box_of else f"o{i}"

    # cluster tree: path -> list of node statements; nested when emitted
    members: dict[tuple, list] = collections.defaultdict(list)
    # a constant used by several ops (the shared 0.5 of every `x * 0.5`) is drawn once per
    # use: one node wired to hundreds of ops would make dot's layout take minutes
    const_attrs: dict[int, dict] = {}
    kinds_used: set[str] = set()
    any_nonfinite = False

    def kind_of(i: int, t: Tensor) -> str:
        if i in roots_idx:
            return "output"
        if t._op is not None:
            return "intermediate"
        if id(t) in mods.params:
            return "parameter"
        return "leaf" if t.requires_grad else "constant"

    for i in sorted(keep):
        if i in box_of:
            continue
        t = walk.order[i]
        kind = kind_of(i, t)
        kinds_used.add(kind)
        data = np.asarray(t._data)
        gr = gmap.get(i)
        bad_v, bad_g = _nonfinite(data), gr is not None and _nonfinite(gr)
        any_nonfinite |= bad_v or bad_g
        fill, font = st.KIND_FILL[kind], "black"
        if flow is not None and gr is not None:
            m = st.magnitude(gr, flow_stat)
            fill, font = st.FLOW_PALETTE[0], "white"
            fill = st.ZERO_GRAD_FILL if m == 0 else flow.color(m)
            font = flow.text_color(m) if np.isfinite(m) else "white"
        name = t.name or mods.params.get(id(t)) or ""
        cells = []
        head = f"<B>{st.esc(name)}</B>" if name else ""
        if ("shape" in show or "dtype" in show or t.size > small) and t.ndim > 0:
            sh = st.esc(st.fmt_shape(t.shape, t.dtype))
            head = f"{head}<BR/>{sh}" if head else sh
        if head:
            cells.append(head)
        red = '<FONT COLOR="red">{}</FONT>'
        if "value" in show or "stats" in show:
            if t.size <= small:
                v = "data " + st.esc(st.fmt_array(data, precision))
            elif "stats" in show:
                v = "data " + st.esc(st.stats(data, precision))
            else:
                v = ""
            if v:
                cells.append(red.format(v) if bad_v else v)
        if gr is not None and ("grad" in show or "stats" in show or flow is not None):
            if t.size <= small:
                v = "grad " + st.esc(st.fmt_array(gr, precision))
            elif "stats" in show:
                v = "grad " + st.esc(st.stats(gr, precision))
            else:
                v = f"grad {flow_stat.replace('_', ' ')} {st.fmt(st.magnitude(gr, flow_stat), 3)}"
            if backward and walk.consumers[i] > 1 and t.size <= small:
                parts = [egrads[k] for k in sorted(egrads) if k[0] == i]
                if len(parts) > 1:
                    v += "<BR/>= " + " + ".join(st.esc(st.fmt_array(p, precision)) for p in parts)
                    v += " (sum)"
            cells.append(red.format(v) if bad_g else v)
        if not cells:
            cells.append(" ")
        border = st.NONFINITE if (bad_v or bad_g) else "#343a40"
        width = "3" if (bad_v or bad_g or kind == "output") else "1"
        if t.ndim == 0:  # micrograd's one-line record: name | data | grad
            rows = "<TR>" + "<VR/>".join(f"<TD>{c}</TD>" for c in cells) + "</TR>"
        else:  # arrays stack their lines, which keeps wide values readable
            rows = "<HR/>".join(f"<TR><TD>{c}</TD></TR>" for c in cells)
        label = (
            f'<<TABLE BORDER="{width}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
            f'STYLE="ROUNDED" BGCOLOR="{fill}" COLOR="{border}">{rows}</TABLE>>'
        )
        attrs = {"shape": "plain", "label": label, "fontcolor": font, "tooltip": kind}
        if kind == "constant" and walk.consumers[i] > 1 and i not in box_of:
            const_attrs[i] = attrs
        else:
            members[path_of.get(i, ())].append(("node", f"t{i}", attrs))
        op = t._op
        if op is not None:
            attrs = {
                "shape": "ellipse",
                "style": "filled",
                "fillcolor": st.OP_FILL,
                "label": _op_label(op, backward),
                "margin": "0.05,0.02",
            }
            members[path_of.get(i, ())].append(("node", f"o{i}", attrs))

    # collapsed modules: one box each
    for c, bid in box_ids.items():
        nops, npar, nel = box_count[c]
        m = c[-1]
        lines = [
            mods.label(m),
            f"{nops} op{'s' if nops != 1 else ''}"
            + (f", {npar} param{'s' if npar != 1 else ''} ({nel:,} values)" if npar else ""),
        ]
        attrs = {"shape": "box3d", "style": "filled", "fillcolor": st.COLLAPSED_FILL}
        pgrads = [gmap[i].ravel() for i in box_params[c] if i in gmap]
        what = "param grad"
        if not pgrads:  # no parameters: the gradient at the module's output (nearest the root)
            outs = [i for i, b in box_of.items() if b == c and walk.order[i]._op is not None]
            if outs and min(outs) in gmap:
                pgrads, what = [gmap[min(outs)].ravel()], "out grad"
        if pgrads:  # a collapsed module reports the gradient of its parameters
            pg = np.concatenate(pgrads)
            mag = st.magnitude(pg, flow_stat)
            lines.append(f"{what} {flow_stat.replace('_', ' ')} {st.fmt(mag, 3)}")
            if _nonfinite(pg):
                any_nonfinite = True
                attrs.update(color=st.NONFINITE, penwidth="3")
            elif flow is not None:
                attrs.update(fillcolor=flow.color(mag), fontcolor=flow.text_color(mag))
        attrs["label"] = "\\n".join(lines)
        members[c[:-1]].append(("node", bid, attrs))

    # ---- edges
    edges: list[tuple[str, str, dict]] = []
    seen: set[tuple[str, str]] = set()

    def flow_edge(attrs: dict, grad_arr) -> None:
        if grad_arr is None:
            return
        if _nonfinite(grad_arr):
            attrs.update(color=st.NONFINITE, penwidth="2.5")
            return
        if flow is not None:
            m = st.magnitude(grad_arr, flow_stat)
            attrs["color"] = flow.color(m)
            idx = flow.index(m)
            attrs["penwidth"] = "1" if idx is None else f"{1 + 2.5 * idx / 8:.2f}"

    def bw_edge(attrs: dict, grad_arr, small_ok: bool) -> None:
        attrs.update(dir="back", color=st.BACKWARD_EDGE, fontcolor=st.BACKWARD_EDGE)
        if grad_arr is not None and small_ok:
            attrs["label"] = st.esc(st.fmt_array(grad_arr, precision))

    for i in sorted(keep):
        ins = walk.inputs.get(i)
        t = walk.order[i]
        if t._op is None:
            continue
        a, b = oid(i), tid(i)
        if a != b and (a, b) not in seen:
            seen.add((a, b))
            attrs: dict = {}
            if backward:
                bw_edge(attrs, gmap.get(i), t.size <= small)
            flow_edge(attrs, gmap.get(i))
            edges.append((a, b, attrs))
        if ins is None:
            nid = f"freed{i}"
            members[()].append(
                (
                    "node",
                    nid,
                    {
                        "shape": "note",
                        "label": _FREED_NOTE,
                        "fontcolor": "#868e96",
                        "color": "#adb5bd",
                    },
                )
            )
            edges.append((nid, oid(i), {"style": "dashed", "color": "#adb5bd"}))
            continue
        for k, j in enumerate(ins):
            if j not in keep:
                edges.append(("more", oid(i), {"style": "dashed"}))
                continue
            a, b = tid(j), oid(i)
            if a == b:
                continue
            if j in const_attrs:
                a = f"t{j}_{i}_{k}"
                members[path_of.get(i, ())].append(("node", a, const_attrs[j]))
            if j in box_of or i in box_of:
                if (a, b) in seen:
                    continue
                seen.add((a, b))
            attrs = {}
            eg = egrads.get((j, i, k))
            if backward:
                bw_edge(attrs, eg, walk.order[j].size <= small)
            flow_edge(attrs, eg if eg is not None else gmap.get(j))
            edges.append((a, b, attrs))

    if hidden_t:
        counts = collections.Counter(
            walk.order[i]._op.name
            for i in range(len(walk.order))
            if i not in keep and walk.order[i]._op is not None
        )
        top = ", ".join(f"{n} ×{c:,}" for n, c in counts.most_common(3))
        label = (
            f"… {hidden_t + hidden_ops:,} more nodes\\n({hidden_ops:,} ops, {hidden_t:,} tensors)"
        )
        if top:
            label += f"\\n{top}"
        members[()].append(
            ("node", "more", {"shape": "box", "style": "dashed,rounded", "label": label})
        )
        # one edge per cut point is plenty: deduplicate
        uniq, out = set(), []
        for e in edges:
            if e[0] == "more":
                if e[1] in uniq:
                    continue
                uniq.add(e[1])
            out.append(e)
        edges = out

    # ---- emit clusters, nested like the modules (iteratively, innermost last)
    paths = set(members)
    for p in list(paths):
        for k in range(1, len(p)):
            paths.add(p[:k])
    children: dict[tuple, list] = collections.defaultdict(list)
    for p in sorted(paths, key=len):
        if p:
            children[p[:-1]].append(p)
    graphs: dict[tuple, graphviz.Digraph] = {(): g}
    order = [()]
    k = 0
    while k < len(order):
        p = order[k]
        k += 1
        for c in children.get(p, ()):
            sub = graphviz.Digraph(name=f"cluster_{len(graphs)}")
            depth = len(c)
            sub.attr(
                label=mods.label(c[-1]),
                style="rounded,filled",
                fillcolor=st.CLUSTER_FILLS[(depth - 1) % len(st.CLUSTER_FILLS)],
                color="#adb5bd",
                fontname=st.FONT,
                fontsize="11",
                labeljust="l",
            )
            graphs[c] = sub
            order.append(c)
    for p, items in members.items():
        sg = graphs[p]
        for _, nid, attrs in items:
            sg.node(nid, **attrs)
    for p in reversed(order[1:]):  # children first, so nested clusters are complete
        graphs[p[:-1]].subgraph(graphs[p])
    for a, b, attrs in edges:
        g.edge(a, b, **attrs)

    if legend:
        _legend(g, kinds_used, flow, any_nonfinite, backward, gsource, flow_stat, bool(box_ids))
    return g


def _legend(g, kinds, flow, nonfinite, backward, gsource, flow_stat, boxes) -> None:
    rows = []
    if flow is None:
        for k in ("output", "parameter", "leaf", "constant", "intermediate"):
            if k in kinds:
                rows.append((st.KIND_FILL[k], "black", st.KIND_TEXT[k]))
    else:
        what = "mean |grad|" if flow_stat == "mean_abs" else "‖grad‖"
        for c, text in reversed(flow.ticks()):
            i = st.FLOW_PALETTE.index(c)
            rows.append((c, "white" if i < st.FLOW_DARK else "black", f"{what} {text}"))
        rows.append((st.ZERO_GRAD_FILL, "black", "zero gradient"))
    rows.append((st.OP_FILL, "black", "op (ellipse)"))
    if boxes and flow is None:
        rows.append((st.COLLAPSED_FILL, "black", "collapsed module"))
    if nonfinite:
        rows.append(("#ffffff", st.NONFINITE, "red: NaN / Inf"))
    if backward:
        rows.append(("#ffffff", st.BACKWARD_EDGE, "red arrows: gradient carried back"))
    if gsource == "computed":
        rows.append(("#ffffff", "#495057", "grad = d(output)/d(tensor)"))
    body = "".join(
        f'<TR><TD BGCOLOR="{fill}"><FONT COLOR="{font}">{st.esc(text)}</FONT></TD></TR>'
        for fill, font, text in rows
    )
    label = f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">{body}</TABLE>>'
    with g.subgraph(name="cluster_legend") as c:
        c.attr(label="legend", style="rounded", color="#ced4da", fontname=st.FONT, fontsize="10")
        c.node("legend", label=label, shape="plain", fontsize="9")
