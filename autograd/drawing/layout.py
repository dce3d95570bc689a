"""Fitting a drawing to the width people see it at, and emitting it.

A drawing is shown at most `max_width` pixels wide (a notebook column, 900 by default;
Jupyter and browsers scale a wider SVG down). Before `dot` lays it out we estimate its
size from Helvetica's character widths and the nodes' ranks (longest path from the
inputs, as `dot` ranks them): left to right the ranks sit side by side, top to bottom
each rank's nodes do. The first direction whose width keeps the smallest text at least
`style.MIN_TEXT_PX` pixels high once scaled to the column wins (left to right first,
micrograd's habit); edges along the main chain (each op's first input) are heavy, so
the chain runs straight and module clusters line up instead of stepping like stairs.
The legend is one compact key above the drawing, with the title.
"""

from __future__ import annotations

import collections
import html
import math
import re

from . import style
from .clusters import emit_clusters, flatten_single_ops

RANKSEP = 0.25  # inches (dot's default is 0.5)
NODESEP = 0.2
_TAG = re.compile(r"<[^>]+>")


def budget_pt(max_width: float, smallest_pt: float) -> float:
    """The widest natural size (points) at which text of `smallest_pt` points stays readable
    once the drawing is scaled to max_width pixels."""
    return max_width * smallest_pt / style.MIN_TEXT_PX


def _lines(text: str) -> list[str]:
    return [html.unescape(_TAG.sub("", x)) for x in re.split(r"<BR/>|\\n", text)]


def node_size(attrs: dict) -> tuple[float, float]:
    """Estimated (width, height) in points of a node with these DOT attributes."""
    label = attrs.get("label", "")
    pt = float(attrs.get("fontsize", style.NODE_PT))
    line_h = pt * 1.2
    shape = attrs.get("shape", "ellipse")
    if shape == "plain" and label.startswith("<<TABLE"):
        rows = re.findall(r"<TR>(.*?)</TR>", label)
        width = height = 0.0
        for row in rows:
            cells = re.findall(r"<TD[^>]*>(.*?)</TD>", row)
            lines = [_lines(c) for c in cells]
            w = sum(max(style.text_width(x, pt) for x in ls) * 1.05 + 8 for ls in lines)
            width = max(width, w)
            height += max(len(ls) for ls in lines) * line_h + 8
        return width + 4, height + 4
    if shape in ("circle", "point"):
        return 14.0, 14.0
    lines = _lines(label)
    tw = max((style.text_width(x, pt) for x in lines), default=0.0)
    th = len(lines) * line_h
    if shape == "ellipse":
        return max(54.0, (tw + 8) * 1.42), max(30.0, (th + 4) * 1.42)
    return tw + 22, max(30.0, th + 10)


def ranks(ids: list[str], edges: list[tuple]) -> dict[str, int]:
    """The rank of every node as `dot` tends to give it: as late as its longest path to the
    output allows, so an input (a parameter) sits just before the op that uses it
    (constraint=false edges are ignored)."""
    pred = collections.defaultdict(list)
    outdeg = dict.fromkeys(ids, 0)
    for a, b, attrs in edges:
        if attrs.get("constraint") == "false" or a not in outdeg or b not in outdeg or a == b:
            continue
        pred[b].append(a)
        outdeg[a] += 1
    height = dict.fromkeys(ids, 0)  # longest path to a sink
    queue = collections.deque(i for i in ids if outdeg[i] == 0)
    while queue:
        b = queue.popleft()
        for a in pred[b]:
            height[a] = max(height[a], height[b] + 1)
            outdeg[a] -= 1
            if outdeg[a] == 0:
                queue.append(a)
    top = max(height.values(), default=0)
    return {k: top - h for k, h in height.items()}


def estimate(nodes: dict[str, dict], edges: list[tuple], depth: int) -> dict[str, tuple]:
    """Estimated (width, height) in points of the drawing laid out "LR" and "TB"."""
    sizes = {k: node_size(a) for k, a in nodes.items()}
    rank = ranks(list(nodes), edges)
    by_rank: dict[int, list[str]] = collections.defaultdict(list)
    for k, r in rank.items():
        by_rank[r].append(k)
    gap = collections.defaultdict(float)  # label widths between rank r and r + 1
    for a, _, attrs in edges:
        if "label" in attrs and a in rank:
            w = max(style.text_width(x, style.EDGE_PT) for x in _lines(attrs["label"]))
            gap[rank[a]] = max(gap[rank[a]], w)
    sep, nsep = RANKSEP * 72, NODESEP * 72
    margin = 16 + 16 * depth
    n = len(by_rank)
    lr_w = sum(max(sizes[k][0] for k in ks) for ks in by_rank.values())
    lr_w += sum(max(sep, gap[r] + 8) for r in by_rank) - sep if n else 0
    lr_h = max(
        (sum(sizes[k][1] for k in ks) + nsep * (len(ks) - 1) for ks in by_rank.values()), default=0
    )
    tb_w = max(
        (sum(sizes[k][0] for k in ks) + nsep * (len(ks) - 1) for ks in by_rank.values()), default=0
    )
    tb_h = sum(max(sizes[k][1] for k in ks) for ks in by_rank.values()) + sep * max(n - 1, 0)
    extra = 24 * depth
    return {
        "LR": (lr_w + margin, lr_h + margin + extra),
        "TB": (tb_w + margin, tb_h + margin + extra),
    }


def choose_rankdir(sizes: dict[str, tuple], budget: float) -> str:
    """Left to right if it fits the budget (with a margin for the estimate's error), else
    top to bottom if that does, else the narrower of the two."""
    if sizes["LR"][0] <= 0.94 * budget:
        return "LR"
    if sizes["TB"][0] <= 0.94 * budget:
        return "TB"
    return "LR" if sizes["LR"][0] <= sizes["TB"][0] else "TB"


def legend_label(title: str | None, chips: list[tuple[str, str, str, str]], width: float) -> str:
    """The key above the drawing: the title, then coloured chips (fill, border, text colour,
    text) in rows no wider than `width` points."""
    # (dot measures text about a sixth wider than Helvetica's metrics: its fixed-size cells must
    # hold it)
    widths = [math.ceil(style.text_width(c[3], style.NODE_PT) * 1.2 + 10) for c in chips]
    count = max(1, -(-int(sum(widths)) // int(max(width, 1))))  # rows, as even as they go
    target = sum(widths) / count
    rows, row, used = [], [], 0.0
    for chip, w in zip(chips, widths):
        if row and used + w / 2 > target and len(rows) < count - 1:
            rows.append(row)
            row, used = [], 0.0
        row.append(chip)
        used += w
    if row:
        rows.append(row)
    body = ""
    if title:
        body += (
            f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="{style.TITLE_PT}"><B>{style.esc(title)}'
            "</B></FONT></TD></TR>"
        )
    size = dict(zip(map(id, chips), widths))
    for r in rows:
        # chips of fixed sizes and an empty last cell: Graphviz stretches a nested table to
        # its cell's width, and the empty cell takes what a short row leaves
        cells = (
            "".join(
                f'<TD FIXEDSIZE="TRUE" WIDTH="{size[id(chip)]}" HEIGHT="20" BGCOLOR="{chip[0]}" '
                f'COLOR="{chip[1]}" BORDER="1" STYLE="ROUNDED"><FONT COLOR="{chip[2]}" '
                f'POINT-SIZE="{style.NODE_PT}">{style.esc(chip[3])}</FONT></TD>'
                for chip in r
            )
            + "<TD></TD>"
        )
        body += (
            '<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="3" '
            f'CELLPADDING="2"><TR>{cells}</TR></TABLE></TD></TR>'
        )
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{body}</TABLE>>'


def cluster_depth(members: dict) -> int:
    return max((len(p) for p, items in members.items() if items), default=0)


class Plan:
    """How a scene will be laid out: its nodes by cluster, direction, folding."""

    def __init__(self, scene, rankdir: str | None, max_width: float):
        self.scene = scene
        self.members = flatten_single_ops(scene.members, scene.mods, _kept_clusters(scene))
        self.nodes = {nid: attrs for items in self.members.values() for nid, attrs, _ in items}
        self.labelled = any("label" in attrs for _, _, attrs in scene.edges)
        self.budget = budget_pt(max_width, style.EDGE_PT if self.labelled else style.NODE_PT)
        self.sizes = estimate(self.nodes, scene.edges, cluster_depth(self.members))
        self.fixed = rankdir is not None
        self.rankdir = rankdir if rankdir is not None else choose_rankdir(self.sizes, self.budget)
        self.rows, self.wraps = [], set()
        if self.rankdir == "TB" and not self.fixed and self.sizes["TB"][1] > 0.75 * self.budget:
            path_of = {nid: p for p, items in self.members.items() for nid, _, _ in items}
            line = chain(scene, self.nodes)
            self.rows, self.wraps = fold(
                line, self.nodes, path_of, scene, self.budget, self.sizes["TB"]
            )

    @property
    def too_tall(self) -> bool:
        """Laid out top to bottom, unfolded, and over 1.5 times the width budget high: repeated
        blocks are worth drawing once."""
        height = self.sizes["LR" if self.rankdir in ("LR", "RL") else "TB"][1]
        return not self.fixed and not self.rows and height > 1.5 * self.budget


def emit(plan: Plan, digraph, title, legend: bool) -> str:
    """Lay the plan out in `digraph` (a GraphDigraph): direction, clusters, edges, key.
    Returns the direction used."""
    scene, rankdir = plan.scene, plan.rankdir
    width = plan.sizes["LR" if rankdir in ("LR", "RL") else "TB"][0]
    digraph.attr(
        rankdir=rankdir,
        fontname=style.FONT,
        fontsize=str(style.NODE_PT),
        nodesep=str(NODESEP),
        ranksep=str(RANKSEP),
        labelloc="t",
        labeljust="l",
    )
    digraph.attr("node", fontname=style.FONT, fontsize=str(style.NODE_PT))
    edge = {"color": style.FORWARD_EDGE, "arrowsize": "0.6"}
    if plan.labelled:  # the gradients on a backward view's edges: the smallest text
        edge.update(fontname=style.FONT, fontsize=str(style.EDGE_PT))
    digraph.attr("edge", **edge)
    if plan.rows:
        digraph.attr(newrank="true")
    emit_clusters(digraph, plan.members, scene.mods)
    for a, b, attrs in scene.edges:
        if (a, b) in scene.spine and "weight" not in attrs:
            attrs = {**attrs, "weight": "4"}
        if (a, b) in plan.wraps:
            attrs = {**attrs, "constraint": "false"}
        digraph.edge(a, b, **attrs)
    for row in plan.rows:  # folded: the k-th node of every column on one rank, in order
        with digraph.subgraph() as same:
            same.attr(rank="same")
            for nid in row:
                same.node(nid)
            for a, b in zip(row, row[1:]):
                same.edge(a, b, style="invis")
    chips = legend_chips(scene) if legend else []
    if title or chips:  # rows of even widths, as wide as the drawing (or half the budget)
        digraph.attr(label=legend_label(title, chips, max(width, 0.5 * plan.budget)))
    return rankdir


def _kept_clusters(scene) -> set:
    """Clusters drawn even when they hold one op: the model's own."""
    model = scene.mods.model
    return {(model,)} if model is not None else set()


def legend_chips(scene) -> list[tuple[str, str, str, str]]:
    """The key to the fills, borders and colours the drawing uses."""
    chips = []
    dark = "#343a40"
    if scene.flow is None:
        for k in ("output", "parameter", "leaf", "constant", "intermediate"):
            if k in scene.kinds:
                chips.append((style.KIND_FILL[k], dark, "black", style.KIND_TEXT[k]))
    else:
        what = style.FLOW_WHAT[scene.opts.flow_stat]
        ticks = scene.flow.ticks()
        chips.append(("#ffffff", "#ffffff", "black", f"{what}:"))
        for i, (c, text) in enumerate(ticks):
            chips.append((c, c, "white" if i < style.FLOW_DARK else "black", f"≥{text}"))
        chips.append((style.ZERO_GRAD_FILL, dark, "black", "0"))
    chips.append((style.OP_FILL, dark, "black", "op"))
    if scene.functions:
        chips.append((style.OP_FILL, dark, "black", "double border: several ops (expand=)"))
    if scene.boxes.ids and scene.flow is None:
        chips.append((style.COLLAPSED_FILL, dark, "black", "collapsed module"))
    if scene.nonfinite:
        chips.append(("#ffffff", style.NONFINITE, style.NONFINITE, "red: NaN / Inf"))
    if scene.opts.backward:
        chips.append(("#ffffff", style.BACKWARD_EDGE, style.BACKWARD_EDGE, "arrows: gradient back"))
    if scene.gsource == "computed":
        chips.append(("#ffffff", "#ffffff", style.MUTED, "grad = d(output)/d(tensor)"))
    if scene.released:
        chips.append(("#ffffff", "#ffffff", style.MUTED, "values freed by backward()"))
    return chips


def chain(scene, nodes: dict) -> list[str]:
    """The main chain, from the input to the output: from the root back along the edges
    into each node's producer and first input."""
    into: dict[str, str] = {}
    for a, b in sorted(scene.spine):
        if a in nodes and b in nodes:
            into.setdefault(b, a)
    roots = [f"t{i}" for i in sorted(scene.roots)]
    node = roots[0] if roots and roots[0] in nodes else None
    out, seen = [], set()
    while node is not None and node not in seen:
        seen.add(node)
        out.append(node)
        node = into.get(node)
    return out[::-1]


def fold(line: list[str], nodes: dict, path_of: dict, scene, budget: float, tb: tuple):
    """Fold a long main chain into columns side by side (read top to bottom, then left to
    right), when the drawing is taller than wide budget allows and the chain stays in the
    model's cluster (a module cluster cut across two columns would be a large empty box).
    Returns the rows (the k-th node of each column) and the wrap edges between columns."""
    outer = {(), (scene.mods.model,)}
    if len(line) < 6 or any(path_of.get(n, ()) not in outer for n in line):
        return [], set()
    on_line = set(line)
    if sum(n in on_line for n in nodes) < 0.85 * len(nodes):  # side inputs and branches:
        return [], set()  # folding would tangle them
    sizes = {n: node_size(nodes[n]) for n in line}
    col_w = max(tb[0], max(w for w, _ in sizes.values())) + NODESEP * 72
    # about as tall as the column is wide (0.6 of the budget is 880 px at 900): a screen
    columns = min(int(budget // col_w), math.ceil(tb[1] / (0.6 * budget)), len(line) // 3)
    if columns < 2:
        return [], set()
    length = -(-len(line) // columns)
    cols = [line[k : k + length] for k in range(0, len(line), length)]
    rows = [[c[r] for c in cols if r < len(c)] for r in range(length)]
    wraps = {(a[-1], b[0]) for a, b in zip(cols, cols[1:])}
    return rows, wraps
