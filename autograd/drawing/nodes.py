"""The nodes and edges of an `autograd.draw` drawing, grouped by cluster path.

Tensors become rounded tables (name and shape, value, gradient), ops ellipses, collapsed
composites one ellipse with the function's name (double-bordered: it can be expanded),
collapsed modules one 3-D box each. Edges run tensor -> op -> tensor (or back, with the
gradient they carried). `Scene` builds them as plain (id, attributes, role) statements
keyed by cluster path; layout.py places them and emits the Digraph.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass

import numpy as np

from .. import engine
from . import style
from .clusters import Boxes, Modules, Run, model_input, module_paths
from .composites import Composites
from .graph import Graph

_FREED_NOTE = "values freed by backward(): shapes only"


def _nonfinite(a) -> bool:
    """Whether a float or complex array holds a NaN or an Inf."""
    a = np.asarray(a)
    return a.dtype.kind in "fc" and not np.isfinite(a).all()


def _red(text: str) -> str:
    return f'<FONT COLOR="red">{text}</FONT>'


def dot_text(label: str) -> str:
    """A plain label's lines in DOT's escape ('\\n' between lines)."""
    return label.replace("\n", "\\n")


@dataclass(frozen=True)
class Options:
    """The arguments of `draw` that decide what nodes and edges show."""

    show: set
    model: object
    collapse: object
    expand: object
    gradient_flow: bool
    backward: bool
    flow_stat: str
    small: int
    precision: int
    runs: tuple = ()  # repeated blocks drawn as one box (clusters.repeated_runs)


class Scene:
    """Node and edge statements of one drawing; nodes keyed by their cluster path."""

    def __init__(
        self,
        graph: Graph,
        roots: list,
        keep: set[int],
        grads: dict,
        egrads: dict,
        opts: Options,
        gsource: str = "",
    ):
        self.graph, self.keep, self.opts = graph, keep, opts
        self.gsource = gsource  # where the gradients came from: "computed", "stored" or ""
        self.grads, self.edge_grads = grads, egrads
        self.mods = Modules(opts.model)
        self.comps = Composites(graph, keep, opts.expand)
        self.path_of = module_paths(graph, keep, self.mods, self.comps)
        self.roots = {graph.index[r] for r in roots}
        self.boxes = Boxes(graph, self.path_of, self.roots, opts.collapse, self.mods, opts.runs)
        self.input = model_input(graph, keep, self.mods, self.path_of)
        self._layer_magnitude = self._layers() if opts.gradient_flow else {}
        self.flow = self._flow_scale() if opts.gradient_flow else None
        self.members: dict[tuple, list] = collections.defaultdict(list)  # path -> items
        self.edges: list[tuple[str, str, dict]] = []
        self.spine: set[tuple[str, str]] = set()  # edges along the main chain (layout)
        # a constant used by several ops (the shared 0.5 of every `x * 0.5`) is drawn once
        # per use: one node wired to hundreds of ops would make dot's layout take minutes
        self.const_attrs: dict[int, dict] = {}
        self.elided: set[int] = set()  # intermediates with nothing to show: edges pass
        self.kinds: set[str] = set()  # tensor kinds drawn, for the legend
        self.nonfinite = False
        self.released = False  # values freed by a backward
        self._seen: set[tuple[str, str]] = set()
        self._cut: set[str] = set()
        self._drawn_composites: set[str] = set()
        self.functions = False  # a composite of several ops is drawn (for the legend)
        self._add_tensors()
        self._add_boxes()
        self._add_edges()
        self._add_cut()
        self._add_summary()

    # ---- measures

    def value(self, i: int):
        return self.graph.value(i)

    def _magnitude(self, g, i: int | None) -> float | None:
        x = self.value(i) if i is not None else None
        return style.magnitude(g, x, self.opts.flow_stat)

    def _tensor_magnitude(self, i: int) -> float | None:
        """What tensor i's fill shows: its gradient's size, or for a module's parameter
        that of the module's parameters together (its layer: a bias, small, reads as
        healthy when its weight does)."""
        if i in self._layer_magnitude:
            return self._layer_magnitude[i]
        return self._magnitude(self.grads[i], i)

    def _layers(self) -> dict[int, float | None]:
        groups: dict[int, list[int]] = collections.defaultdict(list)
        for i in self.keep:
            t = self.graph.order[i]
            name = self.mods.params.get(id(t))
            if name is not None and i in self.grads:
                path = self.mods.param_path(name)
                groups[id(path[-1]) if path else 0].append(i)
        out = {}
        for members in groups.values():
            if len(members) < 2:
                continue
            g = np.concatenate([self.grads[i].ravel() for i in members])
            vals = [self.value(i) for i in members]
            x = None if any(v is None for v in vals) else np.concatenate([v.ravel() for v in vals])
            m = style.magnitude(g, x, self.opts.flow_stat)
            out.update(dict.fromkeys(members, m))
        return out

    def _flow_scale(self) -> style.FlowScale:
        """The colour scale spanning every gradient drawn, on tensors and on edges."""
        mags = [self._tensor_magnitude(i) for i in self.keep if i in self.grads]
        mags += [self._magnitude(g, k[0]) for k, g in self.edge_grads.items()]
        mags += [self._box_magnitude(c)[0] for c in self.boxes.ids]
        return style.FlowScale(mags)

    # ---- tensor and op nodes

    def _add_tensors(self) -> None:
        """A table per drawn tensor outside collapsed modules, and a node per op."""
        for i in sorted(self.keep):
            if i in self.boxes.of:
                continue
            t = self.graph.order[i]
            path = self.path_of.get(i, ())
            if self.comps.shown(i):
                kind, attrs = self._tensor_node(i, t)
                if attrs is None:
                    self.elided.add(i)
                elif kind == "constant" and t.size == 1 and self.graph.consumers[i] > 1:
                    self.const_attrs[i] = attrs
                else:
                    self.members[path].append((f"t{i}", attrs, "tensor"))
            if t._op is not None:
                self._add_op(i, path)

    def _add_op(self, i: int, path: tuple) -> None:
        c = self.comps.hidden_in.get(i)
        if c is None:
            op = self.graph.op(i)
            names = tuple(self.graph.order[j].name or "" for j in self.graph.inputs.get(i, ()))
            label = op.label(names)
            if self.opts.backward and op.name in style.BACKWARD_RULES:
                label += f"\n({style.BACKWARD_RULES[op.name]})"
            attrs = _op_attrs(label, style.OP_FILL)
            self.members[path].append((f"o{i}", attrs, "op"))
        elif c.id not in self._drawn_composites and i in c.outputs:
            self._drawn_composites.add(c.id)
            attrs = _op_attrs(c.label(), style.OP_FILL)
            if len(c.members) > 1:  # a double border: several ops, expand= draws them
                attrs.update(peripheries="2", tooltip=f"{c.name}: expand={c.name!r} shows its ops")
                self.functions = True
            self.members[self.path_of.get(i, ())].append((c.id, attrs, "composite"))

    def _kind(self, i: int, t) -> str:
        """output, intermediate, parameter, leaf or constant: what fills tensor i."""
        if i in self.roots:
            return "output"
        if t._op is not None:
            return "intermediate"
        if id(t) in self.mods.params:
            return "parameter"
        return "leaf" if t.requires_grad else "constant"

    def _tensor_node(self, i: int, t) -> tuple[str, dict | None]:
        """Tensor i's kind and node attributes (None: nothing to show, not drawn)."""
        kind = self._kind(i, t)
        data = self.value(i)
        if data is None and t._op is not None and not self.graph.synthetic(i):
            self.released = True
        gr = self.grads.get(i)
        bad_v = data is not None and _nonfinite(data)
        bad_g = gr is not None and _nonfinite(gr)
        bad = bad_v or bad_g
        cells = self._cells(i, t, data, gr, bad_v, bad_g)
        if not cells:
            if kind == "intermediate":
                return kind, None
            cells = []
        self.kinds.add(kind)
        self.nonfinite |= bad
        fill, font = self._fill(kind, gr, i)
        border = style.NONFINITE if bad else "#343a40"
        width = "3" if (bad or kind == "output") else "1"
        if not cells:  # a leaf with nothing to show: a small swatch of its kind
            return kind, {
                "shape": "circle",
                "label": "",
                "width": "0.18",
                "style": "filled",
                "fillcolor": fill,
                "color": border,
                "penwidth": width,
                "tooltip": kind,
            }
        label = style.tensor_table(cells, t.size == 1, fill, border, width)
        return kind, {"shape": "plain", "label": label, "fontcolor": font, "tooltip": kind}

    def _fill(self, kind: str, gr, i: int) -> tuple[str, str]:
        """Background and text colour: by kind, or by gradient magnitude with gradient_flow."""
        if self.flow is None or gr is None:
            return style.KIND_FILL[kind], "black"
        m = self._tensor_magnitude(i)
        if m is None:
            return style.KIND_FILL[kind], "black"
        fill = style.ZERO_GRAD_FILL if m == 0 else self.flow.color(m)
        return fill, self.flow.text_color(m) if np.isfinite(m) else "white"

    def _name(self, i: int, t) -> str:
        name = t.name or self.mods.params.get(id(t)) or ""
        if not name and self.input == i:
            name = "input"
        return name

    def _cells(self, i: int, t, data, gr, bad_v: bool, bad_g: bool) -> list[str]:
        """A tensor's lines: name and shape, data, gradient."""
        show, cells = self.opts.show, []
        name = self._name(i, t)
        head = f"<B>{style.esc(name)}</B>" if name else ""
        big = t.size > self.opts.small or (data is None and t._op is not None)
        if ("shape" in show or "dtype" in show or big and show - {"name"}) and t.ndim > 0:
            sh = style.esc(style.fmt_shape(t.shape, t.dtype))
            head = f"{head}<BR/>{sh}" if head else sh
        if head:
            cells.append(head)
        if data is not None and ("value" in show or "stats" in show):
            v = self._numbers("data", data, t.size)
            if v:
                cells.append(_red(v) if bad_v else v)
        if gr is not None and ("grad" in show or "stats" in show or self.flow is not None):
            v = self._grad_line(i, t, gr)
            if v:
                cells.append(_red(v) if bad_g else v)
        if not cells and data is not None and t.size == 1 and not t.requires_grad:
            cells.append(style.esc(style.fmt_array(data, self.opts.precision)))  # a number
        return cells

    def _numbers(self, what: str, a, size: int) -> str:
        """'data …' or 'grad …': in full when small, else min/max/mean with "stats", else ''."""
        if size <= self.opts.small:
            return f"{what} " + style.esc(style.fmt_array(a, self.opts.precision))
        if "stats" in self.opts.show:
            return f"{what} " + style.esc(style.stats(a, self.opts.precision))
        return ""

    def _grad_line(self, i: int, t, gr) -> str:
        """The gradient line; with backward=True, a small gradient with several parts as a sum
        whose shown numbers add up."""
        o = self.opts
        if o.backward and self.graph.consumers[i] > 1 and t.size <= o.small:
            parts = [self.edge_grads[k] for k in sorted(self.edge_grads) if k[0] == i]
            if len(parts) > 1:
                total, terms = style.fmt_sum(parts, o.precision)
                return f"grad {style.esc(total)}<BR/>= " + " + ".join(map(style.esc, terms))
        v = self._numbers("grad", gr, t.size)
        if not v and (self.flow is not None or "grad" in o.show):
            m = self._tensor_magnitude(i)
            if m is not None and (self.flow is not None or "stats" in o.show):
                what = "layer" if i in self._layer_magnitude else "grad"
                v = style.magnitude_text(what, m, o.flow_stat)
        return v

    # ---- collapsed modules

    def _add_boxes(self) -> None:
        """One 3-D box per collapsed module, inside the cluster of its parent module."""
        for c, bid in self.boxes.ids.items():
            self.members[c[:-1]].append((bid, self._box_node(c), "box"))

    def _box_node(self, c: tuple) -> dict:
        """Attributes of the box of module path c: its name, op and parameter counts, gradient."""
        nops, npar, nel = self.boxes.counts[c]
        lines = [self.boxes.label(c)]
        if self.opts.show - {"name"}:
            lines.append(
                f"{nops} op{'s' if nops != 1 else ''}" + (f", {nel:,} parameters" if npar else "")
            )
        attrs = {"shape": "box3d", "style": "filled", "fillcolor": style.COLLAPSED_FILL}
        mag, what, bad = self._box_magnitude(c)
        spread = self._run_spread(c) if isinstance(c[-1], Run) else None
        if spread is not None and self.flow is not None and not bad:
            lo, hi = spread  # the middle blocks' layers, from the input side's to the output's
            lines.append(
                f"{style.FLOW_SHORT[self.opts.flow_stat]} {style.fmt(lo, 2)} … {style.fmt(hi, 2)}"
            )
            attrs.update(
                fillcolor=f"{self.flow.color(lo)}:{self.flow.color(hi)}",
                gradientangle="270",  # (runs are drawn top to bottom)
                fontcolor=self.flow.text_color(max(lo, hi)),
            )
        elif mag is not None and (self.flow is not None or "grad" in self.opts.show):
            lines.append(style.magnitude_text("", mag, self.opts.flow_stat))
            if bad:
                self.nonfinite = True
                attrs.update(color=style.NONFINITE, penwidth="3")
            elif self.flow is not None:
                attrs.update(fillcolor=self.flow.color(mag), fontcolor=self.flow.text_color(mag))
        attrs["label"] = dot_text("\n".join(lines))
        return attrs

    def _run_spread(self, c: tuple) -> tuple[float, float] | None:
        """The sizes of the gradients of the first and last hidden layers of a run."""
        run = c[-1]
        mags = []
        for m in run.hidden:
            ps = [
                i
                for i in self.boxes.params[c]
                if self.mods.params[id(self.graph.order[i])].startswith(self.mods.name(m) + ".")
                and i in self.grads
            ]
            if ps:
                g = np.concatenate([self.grads[i].ravel() for i in ps])
                vals = [self.value(i) for i in ps]
                if all(v is not None for v in vals):
                    x = np.concatenate([v.ravel() for v in vals])
                    mags.append(style.magnitude(g, x, self.opts.flow_stat))
        mags = [m for m in mags if m is not None]
        return (mags[0], mags[-1]) if mags else None

    def _box_magnitude(self, c: tuple) -> tuple[float | None, str, bool]:
        """The gradient size a collapsed module reports: its parameters', else its output's."""
        ps = [i for i in self.boxes.params[c] if i in self.grads]
        if ps:
            g = np.concatenate([self.grads[i].ravel() for i in ps])
            vals = [self.value(i) for i in ps]
            x = None if any(v is None for v in vals) else np.concatenate([v.ravel() for v in vals])
            m = style.magnitude(g, x, self.opts.flow_stat)
            return m, "param grad", _nonfinite(g)
        outs = [i for i, b in self.boxes.of.items() if b == c and self.graph.order[i]._op]
        if outs and min(outs) in self.grads:  # its output: the op nearest the root
            i = min(outs)
            g = self.grads[i]
            return self._magnitude(g, i), "out grad", _nonfinite(g)
        return None, "", False

    # ---- edges

    def tensor_id(self, i: int) -> str | None:
        """DOT id of tensor i: its own node, its box, or (elided) the op that made it."""
        if i in self.boxes.of:
            return self.boxes.ids[self.boxes.of[i]]
        if i in self.elided:
            return self.op_id(i)
        return f"t{i}"

    def op_id(self, i: int) -> str:
        if i in self.boxes.of:
            return self.boxes.ids[self.boxes.of[i]]
        return self.comps.op_id(i)

    def _add_edges(self) -> None:
        """For every drawn op: op -> its tensor, and each input -> op."""
        for i in sorted(self.keep):
            if self.graph.order[i]._op is None:
                continue
            if self.comps.shown(i) or i in self.boxes.of:
                self._output_edge(i)
            for k, j in enumerate(self.graph.inputs.get(i, ())):
                self._input_edge(i, k, j)

    def _output_edge(self, i: int) -> None:
        """The edge from the op that made tensor i to tensor i (none inside a box)."""
        a, b = self.op_id(i), self.tensor_id(i)
        if a != b and (a, b) not in self._seen:
            self._seen.add((a, b))
            g = self.grads.get(i)
            small = self.graph.order[i].size <= self.opts.small
            self.edges.append((a, b, self._edge_attrs(g, small, g, i)))
            self.spine.add((a, b))

    def _input_edge(self, i: int, k: int, j: int) -> None:
        """The edge from tensor j, input k of the op that made tensor i."""
        b = self.op_id(i)
        if j not in self.keep:
            if b not in self._cut:  # one edge per cut point is plenty
                self._cut.add(b)
                self.edges.append(("more", b, {"style": "dashed"}))
            return
        c = self.comps.hidden_in.get(i)
        if c is not None and self.comps.hidden_in.get(j) is c and j not in c.outputs:
            return  # inside a collapsed composite
        if not self.comps.shown(j):
            return  # a number a composite used
        a = self.tensor_id(j)
        if a == b:
            return
        if j in self.const_attrs:
            a = f"t{j}_{i}_{k}"
            path = self.path_of.get(i, ())
            if i in self.boxes.of:
                path = self.boxes.of[i][:-1]
            self.members[path].append((a, self.const_attrs[j], "tensor"))
        merged = c is not None or j in self.boxes.of or i in self.boxes.of or j in self.elided
        if merged:  # one edge per pair of nodes, or per tensor passed between them
            key = (a, b, j) if j in self.elided else (a, b)
            if key in self._seen:
                return
            self._seen.add(key)
        eg = self._carried(j, i, k, c)
        small = self.graph.order[j].size <= self.opts.small
        attrs = self._edge_attrs(eg, small, eg if eg is not None else self.grads.get(j), j)
        self.edges.append((a, b, attrs))
        if k == 0:
            self.spine.add((a, b))

    def _carried(self, j: int, i: int, k: int, c):
        """The gradient edge j -> op i carried; into a collapsed composite, the sum over its
        members' edges from j."""
        if c is None:
            return self.edge_grads.get((j, i, k))
        parts = [
            g
            for (src, dst, _), g in self.edge_grads.items()
            if src == j and self.comps.hidden_in.get(dst) is c
        ]
        return sum(parts[1:], parts[0]) if parts else None

    def _edge_attrs(self, carried, small_ok: bool, flow_grad, i: int | None) -> dict:
        """Attributes of an edge, from the gradient it `carried` and the one that colours it.

        With backward=True it points back, labelled with `carried` when small; `flow_grad`
        turns it red when non-finite, else colours it by magnitude with gradient_flow.
        """
        attrs: dict = {}
        if self.opts.backward:
            attrs.update(dir="back", color=style.BACKWARD_EDGE, fontcolor=style.BACKWARD_EDGE)
            if carried is not None and small_ok:
                attrs["label"] = style.esc(style.fmt_array(carried, self.opts.precision))
        if flow_grad is None:
            return attrs
        if _nonfinite(flow_grad):
            attrs.update(color=style.NONFINITE, penwidth="2.5")
        elif self.flow is not None:
            m = (
                self._layer_magnitude[i]
                if i in self._layer_magnitude
                else self._magnitude(flow_grad, i)
            )
            if m is not None:
                attrs["color"] = self.flow.color(m)
                idx = self.flow.index(m)
                attrs["penwidth"] = "1.2" if idx is None else f"{1.2 + 2.5 * idx / 8:.2f}"
        return attrs

    # ---- what is not drawn

    def _add_cut(self) -> None:
        """A note wired to the ops whose inputs a backward dropped (engine.KEEP_STRUCTURE)."""
        cut = [i for i in self.graph.cut if i in self.keep and i not in self.boxes.of]
        if not cut:
            return
        label = "inputs freed by backward()\nit keeps the structure of the\n"
        label += f"{engine.KEEP_STRUCTURE:,} nodes nearest its output"
        attrs = {"shape": "note", "label": label, "fontcolor": style.MUTED, "color": "#adb5bd"}
        self.members[()].append(("cut", attrs, "more"))
        for i in cut[:20]:
            self.edges.append(("cut", self.op_id(i), {"style": "dashed", "color": "#adb5bd"}))

    def _add_summary(self) -> None:
        """One "… N more nodes" box for the tensors and ops beyond max_nodes."""
        order, keep = self.graph.order, self.keep
        hidden_t = len(order) - len(keep)
        if not hidden_t:
            return
        hidden_ops = self.graph.n_ops - sum(1 for i in keep if order[i]._op is not None)
        counts = collections.Counter(
            self.graph.op(i).name
            for i in range(len(order))
            if i not in keep and order[i]._op is not None
        )
        top = ", ".join(f"{n} ×{c:,}" for n, c in counts.most_common(3))
        label = (
            f"… {hidden_t + hidden_ops:,} more nodes\\n({hidden_ops:,} ops, {hidden_t:,} tensors)"
        )
        if top:
            label += f"\\n{top}"
        self.members[()].append(
            ("more", {"shape": "box", "style": "dashed,rounded", "label": label}, "more")
        )


def _op_attrs(label: str, fill: str) -> dict:
    return {
        "shape": "ellipse",
        "style": "filled",
        "fillcolor": fill,
        "label": dot_text(label),
        "margin": "0.04,0.02",
    }
