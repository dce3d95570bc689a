"""The nodes and edges of an `autograd.draw` drawing, grouped by module path.

Tensors become rounded tables, ops ellipses, collapsed modules one 3-D box
each; edges run tensor -> op -> tensor (or back, with the gradient they
carried). `_Drawing` builds them as plain (id, attributes) statements, which
`emit` adds to a `graphviz.Digraph` in nested clusters.
"""

from __future__ import annotations

import collections
from dataclasses import dataclass
from typing import TYPE_CHECKING

import graphviz
import numpy as np

from . import draw_style as style
from .draw_modules import _Boxes, _emit_clusters, _module_paths, _Modules

if TYPE_CHECKING:
    from .draw import _Walk
    from .tensor_class import Tensor

_FREED_NOTE = (
    "inputs freed by backward()\\ncall backward(retain_graph=True)\\nto draw the whole graph"
)


def _nonfinite(a) -> bool:
    """Whether a float or complex array holds a NaN or an Inf."""
    a = np.asarray(a)
    return a.dtype.kind in "fc" and not np.isfinite(a).all()


def _red(text: str) -> str:
    """Label text drawn in red (a NaN or Inf in it)."""
    return f'<FONT COLOR="red">{text}</FONT>'


@dataclass(frozen=True)
class _Options:
    """The arguments of `draw` that decide what nodes and edges show."""

    show: set[str]
    model: object
    collapse: object
    gradient_flow: bool
    backward: bool
    flow_stat: str
    small: int
    precision: int


class _Drawing:
    """Node and edge statements of one drawing; nodes keyed by their module path (cluster)."""

    def __init__(
        self,
        walk: _Walk,
        roots: list[Tensor],
        keep: set[int],
        grads: dict[int, np.ndarray],
        edge_grads: dict[tuple, np.ndarray],
        opts: _Options,
    ):
        self.walk, self.keep, self.opts = walk, keep, opts
        self.grads, self.edge_grads = grads, edge_grads
        self.mods = _Modules(opts.model)
        self.flow = self._flow_scale() if opts.gradient_flow else None
        self.path_of = _module_paths(walk, keep, self.mods)
        self.roots = {walk.index[r] for r in roots}
        self.boxes = _Boxes(walk, self.path_of, self.roots, opts.collapse, self.mods)
        self.members: dict[tuple, list] = collections.defaultdict(list)  # path -> (id, attrs)
        self.edges: list[tuple[str, str, dict]] = []
        # a constant used by several ops (the shared 0.5 of every `x * 0.5`) is drawn once per
        # use: one node wired to hundreds of ops would make dot's layout take minutes
        self.const_attrs: dict[int, dict] = {}
        self.kinds: set[str] = set()  # tensor kinds drawn, for the legend
        self.nonfinite = False  # whether anything is drawn red
        self._seen: set[tuple[str, str]] = set()  # edges into or out of boxes, drawn once
        self._cut: set[str] = set()  # ops with an edge from the summary node
        self._add_tensors()
        self._add_boxes()
        self._add_edges()
        self._add_summary()

    def emit(self, g: graphviz.Digraph) -> None:
        """Add every node (in nested clusters) and edge to g."""
        _emit_clusters(g, self.members, self.mods)
        for a, b, attrs in self.edges:
            g.edge(a, b, **attrs)

    def _flow_scale(self) -> style.FlowScale:
        """The colour scale spanning every gradient drawn, on tensors and on edges."""
        fs = self.opts.flow_stat
        mags = [style.magnitude(self.grads[i], fs) for i in self.keep if i in self.grads]
        mags += [style.magnitude(g, fs) for g in self.edge_grads.values()]
        return style.FlowScale(mags)

    # ---- tensor and op nodes

    def _add_tensors(self) -> None:
        """A table per drawn tensor outside collapsed modules, and an ellipse per op."""
        for i in sorted(self.keep):
            if i in self.boxes.of:
                continue
            t = self.walk.order[i]
            path = self.path_of.get(i, ())
            kind, attrs = self._tensor_node(i, t)
            if kind == "constant" and self.walk.consumers[i] > 1:
                self.const_attrs[i] = attrs
            else:
                self.members[path].append((f"t{i}", attrs))
            if t._op is not None:
                attrs = {
                    "shape": "ellipse",
                    "style": "filled",
                    "fillcolor": style.OP_FILL,
                    "label": style.op_label(t._op, self.opts.backward),
                    "margin": "0.05,0.02",
                }
                self.members[path].append((f"o{i}", attrs))

    def _kind(self, i: int, t: Tensor) -> str:
        """output, intermediate, parameter, leaf or constant: what fills tensor i."""
        if i in self.roots:
            return "output"
        if t._op is not None:
            return "intermediate"
        if id(t) in self.mods.params:
            return "parameter"
        return "leaf" if t.requires_grad else "constant"

    def _tensor_node(self, i: int, t: Tensor) -> tuple[str, dict]:
        """Tensor i's kind and node attributes."""
        kind = self._kind(i, t)
        self.kinds.add(kind)
        data = np.asarray(t._data)
        gr = self.grads.get(i)
        bad_v, bad_g = _nonfinite(data), gr is not None and _nonfinite(gr)
        bad = bad_v or bad_g
        self.nonfinite |= bad
        fill, font = self._fill(kind, gr)
        cells = self._cells(i, t, data, gr, bad_v, bad_g)
        border = style.NONFINITE if bad else "#343a40"
        width = "3" if (bad or kind == "output") else "1"
        label = style.tensor_table(cells, t.ndim == 0, fill, border, width)
        return kind, {"shape": "plain", "label": label, "fontcolor": font, "tooltip": kind}

    def _fill(self, kind: str, gr) -> tuple[str, str]:
        """Background and text colour: by kind, or by gradient magnitude with gradient_flow."""
        if self.flow is None or gr is None:
            return style.KIND_FILL[kind], "black"
        m = style.magnitude(gr, self.opts.flow_stat)
        fill = style.ZERO_GRAD_FILL if m == 0 else self.flow.color(m)
        return fill, self.flow.text_color(m) if np.isfinite(m) else "white"

    def _cells(self, i: int, t: Tensor, data, gr, bad_v: bool, bad_g: bool) -> list[str]:
        """A tensor's lines: name and shape, data, gradient."""
        show, cells = self.opts.show, []
        name = t.name or self.mods.params.get(id(t)) or ""
        head = f"<B>{style.esc(name)}</B>" if name else ""
        if ("shape" in show or "dtype" in show or t.size > self.opts.small) and t.ndim > 0:
            sh = style.esc(style.fmt_shape(t.shape, t.dtype))
            head = f"{head}<BR/>{sh}" if head else sh
        if head:
            cells.append(head)
        if "value" in show or "stats" in show:
            v = self._numbers("data", data, t.size)
            if v:
                cells.append(_red(v) if bad_v else v)
        if gr is not None and ("grad" in show or "stats" in show or self.flow is not None):
            v = self._grad_line(i, t, gr)
            cells.append(_red(v) if bad_g else v)
        return cells or [" "]

    def _numbers(self, what: str, a, size: int) -> str:
        """'data …' or 'grad …': in full when small, else min/max/mean with "stats", else ''."""
        if size <= self.opts.small:
            return f"{what} " + style.esc(style.fmt_array(a, self.opts.precision))
        if "stats" in self.opts.show:
            return f"{what} " + style.esc(style.stats(a, self.opts.precision))
        return ""

    def _grad_line(self, i: int, t: Tensor, gr) -> str:
        """The gradient line; with backward=True, a small gradient with several parts as a sum."""
        o = self.opts
        v = self._numbers("grad", gr, t.size)
        if not v:
            v = style.magnitude_text("grad", style.magnitude(gr, o.flow_stat), o.flow_stat)
        if o.backward and self.walk.consumers[i] > 1 and t.size <= o.small:
            parts = [self.edge_grads[k] for k in sorted(self.edge_grads) if k[0] == i]
            if len(parts) > 1:
                terms = (style.esc(style.fmt_array(p, o.precision)) for p in parts)
                v += "<BR/>= " + " + ".join(terms)
                v += " (sum)"
        return v

    # ---- collapsed modules

    def _add_boxes(self) -> None:
        """One 3-D box per collapsed module, inside the cluster of its parent module."""
        for c, bid in self.boxes.ids.items():
            self.members[c[:-1]].append((bid, self._box_node(c)))

    def _box_node(self, c: tuple) -> dict:
        """Attributes of the box of module path c: its name, op and parameter counts, gradient."""
        nops, npar, nel = self.boxes.counts[c]
        lines = [
            self.mods.label(c[-1]),
            f"{nops} op{'s' if nops != 1 else ''}"
            + (f", {npar} param{'s' if npar != 1 else ''} ({nel:,} values)" if npar else ""),
        ]
        attrs = {"shape": "box3d", "style": "filled", "fillcolor": style.COLLAPSED_FILL}
        pg, what = self._box_grad(c)
        if pg is not None:
            mag = style.magnitude(pg, self.opts.flow_stat)
            lines.append(style.magnitude_text(what, mag, self.opts.flow_stat))
            if _nonfinite(pg):
                self.nonfinite = True
                attrs.update(color=style.NONFINITE, penwidth="3")
            elif self.flow is not None:
                attrs.update(fillcolor=self.flow.color(mag), fontcolor=self.flow.text_color(mag))
        attrs["label"] = "\\n".join(lines)
        return attrs

    def _box_grad(self, c: tuple) -> tuple[np.ndarray | None, str]:
        """The gradient a collapsed module reports: its parameters', else its output's."""
        pgrads = [self.grads[i].ravel() for i in self.boxes.params[c] if i in self.grads]
        if pgrads:
            return np.concatenate(pgrads), "param grad"
        # no parameters: the gradient at the module's output (nearest the root)
        outs = [
            i for i, b in self.boxes.of.items() if b == c and self.walk.order[i]._op is not None
        ]
        if outs and min(outs) in self.grads:
            return self.grads[min(outs)].ravel(), "out grad"
        return None, ""

    # ---- edges

    def _add_edges(self) -> None:
        """For every drawn op: op -> its tensor, and each input -> op."""
        for i in sorted(self.keep):
            t = self.walk.order[i]
            if t._op is None:
                continue
            self._output_edge(i, t)
            ins = self.walk.inputs.get(i)
            if ins is None:
                self._freed_note(i)
                continue
            for k, j in enumerate(ins):
                self._input_edge(i, k, j)

    def _output_edge(self, i: int, t: Tensor) -> None:
        """The edge from the op that made tensor i to tensor i (none inside a box)."""
        a, b = self.boxes.oid(i), self.boxes.tid(i)
        if a != b and (a, b) not in self._seen:
            self._seen.add((a, b))
            g = self.grads.get(i)
            self.edges.append((a, b, self._edge_attrs(g, t.size <= self.opts.small, g)))

    def _input_edge(self, i: int, k: int, j: int) -> None:
        """The edge from tensor j, input k of the op that made tensor i."""
        b = self.boxes.oid(i)
        if j not in self.keep:
            if b not in self._cut:  # one edge per cut point is plenty
                self._cut.add(b)
                self.edges.append(("more", b, {"style": "dashed"}))
            return
        a = self.boxes.tid(j)
        if a == b:
            return
        if j in self.const_attrs:
            a = f"t{j}_{i}_{k}"
            self.members[self.path_of.get(i, ())].append((a, self.const_attrs[j]))
        if j in self.boxes.of or i in self.boxes.of:
            if (a, b) in self._seen:
                return
            self._seen.add((a, b))
        eg = self.edge_grads.get((j, i, k))
        small_ok = self.walk.order[j].size <= self.opts.small
        attrs = self._edge_attrs(eg, small_ok, eg if eg is not None else self.grads.get(j))
        self.edges.append((a, b, attrs))

    def _edge_attrs(self, carried, small_ok: bool, flow_grad) -> dict:
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
            m = style.magnitude(flow_grad, self.opts.flow_stat)
            attrs["color"] = self.flow.color(m)
            idx = self.flow.index(m)
            attrs["penwidth"] = "1" if idx is None else f"{1 + 2.5 * idx / 8:.2f}"
        return attrs

    def _freed_note(self, i: int) -> None:
        """A note in place of the inputs that backward() freed, wired to the op."""
        nid = f"freed{i}"
        attrs = {"shape": "note", "label": _FREED_NOTE, "fontcolor": "#868e96", "color": "#adb5bd"}
        self.members[()].append((nid, attrs))
        self.edges.append((nid, self.boxes.oid(i), {"style": "dashed", "color": "#adb5bd"}))

    # ---- what is not drawn

    def _add_summary(self) -> None:
        """One "… N more nodes" box for the tensors and ops beyond max_nodes."""
        order, keep = self.walk.order, self.keep
        hidden_t = len(order) - len(keep)
        if not hidden_t:
            return
        hidden_ops = self.walk.n_ops - sum(1 for i in keep if order[i]._op is not None)
        counts = collections.Counter(
            order[i]._op.name
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
            ("more", {"shape": "box", "style": "dashed,rounded", "label": label})
        )
