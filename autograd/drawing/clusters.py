"""Module clusters for `autograd.draw`: where each node sits, collapsed boxes, emission.

Ops record the module path (tuple of modules, outermost first) they ran in; parameters
take the path of the module that owns them; the model's input sits in the model's
cluster. Nodes are drawn in nested clusters along those paths, or swallowed by one box
per collapsed module. A module that holds a single op (a Linear, a ReLU, a Flatten) gets
no cluster: its op is labelled with the module ("fc1: Linear") and its parameters sit
beside it, which keeps a deep model's picture free of nested boxes.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING

import graphviz

from . import style

if TYPE_CHECKING:
    from .composites import Composites
    from .graph import Graph


class Modules:
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

    def label(self, m) -> str:
        """A cluster's or box's title: 'fc1 (Linear)', or the class name alone."""
        if not hasattr(m, "__dict__") and hasattr(m, "label"):  # an expanded composite
            return m.label().replace("\n", ", ")
        name = self.names.get(id(m))
        kind = type(m).__name__
        return f"{name} ({kind})" if name else kind

    def name(self, m) -> str:
        """The dotted name of module m ('block2.conv'), or its class name."""
        name = self.names.get(id(m))
        return name if name else type(m).__name__

    def param_path(self, pname: str) -> tuple:
        """The module path (tuple of modules, outermost first) that owns parameter `pname`."""
        parts = pname.split(".")[:-1]
        path = [self.model] if self.model is not None else []
        for k in range(1, len(parts) + 1):
            m = self.by_name.get(".".join(parts[:k]))
            if m is not None:
                path.append(m)
        return tuple(path)


def module_paths(graph: Graph, keep: set[int], mods: Modules, comps: Composites) -> dict:
    """The cluster path of every drawn tensor that has one: ops (and the composite around
    them when it is expanded), parameters, the model's input, scalar constants."""
    path_of: dict[int, tuple] = {}
    for i in keep:
        if graph.order[i]._op is not None:
            path_of[i] = _from_model(graph.scope(i), mods.model) + comps.within.get(i, ())
    for i in keep:
        t = graph.order[i]
        if t._op is None and id(t) in mods.params:
            path_of[i] = mods.param_path(mods.params[id(t)])
    users = comps.users
    for i in keep:  # other leaves sit in the innermost cluster around all their ops
        t = graph.order[i]
        if t._op is not None or i in path_of or not users.get(i):
            continue
        paths = [path_of.get(j, ()) for j in users[i]]
        if t.size == 1 and not t.requires_grad:
            path_of[i] = paths[0]  # the 2 in `2 * x` sits with its op
        else:
            common = paths[0]
            for p in paths[1:]:
                k = 0
                while k < min(len(common), len(p)) and common[k] is p[k]:
                    k += 1
                common = common[:k]
            path_of[i] = tuple(m for m in common if hasattr(m, "__dict__"))
    return path_of


def model_input(graph: Graph, keep: set[int], mods: Modules, path_of: dict) -> int | None:
    """The model's input: of the leaves (not parameters, not numbers) only the model uses,
    the one farthest from the output (the last the breadth-first walk met)."""
    if mods.model is None:
        return None
    found = [
        i
        for i in sorted(keep)
        if graph.order[i]._op is None
        and id(graph.order[i]) not in mods.params
        and path_of.get(i, ())[:1] == (mods.model,)
        and graph.order[i].size > 1
    ]
    return found[-1] if found else None


def _from_model(path: tuple, model) -> tuple:
    """`path` starting at `model` when it runs through it (model= may be a submodule)."""
    for k, m in enumerate(path):
        if m is model:
            return path[k:]
    return path


class Run:
    """A run of identical blocks of sibling modules (eight Linear -> Tanh layers), drawn as
    its first block, one box for the middle ones, and its last block."""

    __slots__ = ("hidden", "label")

    def __init__(self, hidden: list, block: list, count: int, names: dict):
        self.hidden = hidden  # the modules of the middle blocks
        kinds = " → ".join(type(m).__name__ for m in block)
        first, last = (names.get(id(m), "") for m in (hidden[0], hidden[-1]))
        where = f"{first} … {last}: " if first and last else ""
        self.label = f"{where}{count} more ×\n{kinds}"


def _signature(m) -> tuple:
    params = m.named_parameters() if hasattr(m, "named_parameters") else ()
    return type(m).__name__, tuple((n, tuple(p.shape)) for n, p in params)


def repeated_runs(model, least: int = 4) -> list[Run]:
    """The longest run of at least `least` identical blocks (1 to 4 sibling modules) under
    each module of the model, by duck typing (children(), named_parameters())."""
    if model is None or not hasattr(model, "named_modules"):
        return []
    runs = []
    names = {id(m): name for name, m in model.named_modules()}
    for _, m in model.named_modules():
        kids = list(m.children()) if hasattr(m, "children") else []
        sigs = [_signature(c) for c in kids]
        best = None  # (hidden count, start, block length, repeats)
        for k in range(1, 5):
            for start in range(len(kids) - k + 1):
                n = 1
                while sigs[start + n * k : start + (n + 1) * k] == sigs[start : start + k]:
                    n += 1
                if n >= least and (best is None or (n - 2) * k > best[0]):
                    best = ((n - 2) * k, start, k, n)
        if best is not None:
            _, start, k, n = best
            hidden, block = kids[start + k : start + (n - 1) * k], kids[start : start + k]
            runs.append(Run(hidden, block, n - 2, names))
    return runs


def _collapse_names(collapse) -> set:
    """The module names `collapse` lists (none for True, False or None)."""
    if collapse in (False, None, True):
        return set()
    return {collapse} if isinstance(collapse, str) else set(collapse)


class Boxes:
    """Collapsed modules: the box each drawn tensor falls in, and what each box holds."""

    def __init__(
        self, graph: Graph, path_of: dict, roots: set[int], collapse, mods: Modules, runs=()
    ):
        self.mods = mods
        self.collapse_all = collapse is True
        self.names = _collapse_names(collapse)
        self.runs = {id(h): r for r in runs for h in r.hidden}  # module -> its run
        self.of: dict[int, tuple] = {}  # tensor index -> module path of its box
        for i, p in path_of.items():
            t = graph.order[i]
            if i in roots or t._op is None and id(t) not in mods.params:
                continue  # the outputs, and the inputs other than parameters, stay outside
            c = self._prefix(p)
            if c is not None:
                self.of[i] = c
        self.ids: dict[tuple, str] = {}
        self.counts: dict[tuple, list] = {}
        self.params: dict[tuple, list] = collections.defaultdict(list)
        for i, c in sorted(self.of.items()):
            if c not in self.ids:
                self.ids[c] = f"m{len(self.ids)}"
                self.counts[c] = [0, 0, 0]  # ops, params, elements of params
            t = graph.order[i]
            if t._op is not None:
                self.counts[c][0] += 1
            elif id(t) in mods.params:
                self.params[c].append(i)
                self.counts[c][1] += 1
                self.counts[c][2] += t.size

    def _prefix(self, path: tuple) -> tuple | None:
        """The part of `path` down to its outermost collapsed module, if any (for a module
        in the middle of a run, the path to the run)."""
        for k in range(1, len(path) + 1):
            m = path[k - 1]
            if not hasattr(m, "__dict__"):  # an expanded composite: not a module
                return None
            run = self.runs.get(id(m))
            if run is not None:
                return path[: k - 1] + (run,)
            if (self.collapse_all and k == 2) or (self.names and self.mods.name(m) in self.names):
                return path[:k]
        return None

    def label(self, c: tuple) -> str:
        last = c[-1]
        return last.label if isinstance(last, Run) else self.mods.label(last)


# --------------------------------------------------------------------------- emission
def _all_paths(members: dict) -> list[tuple]:
    """The paths holding nodes and all their ancestors, parents first, () first of all.

    Siblings keep the order in which their nodes were added (a dict, not a set: modules
    hash by identity, so a set's order would change from run to run).
    """
    paths = dict.fromkeys(members)
    for p in list(paths):
        for k in range(1, len(p)):
            paths.setdefault(p[:k])
    children: dict[tuple, list] = collections.defaultdict(list)
    for p in sorted(paths, key=len):
        if p:
            children[p[:-1]].append(p)
    order = [()]
    for p in order:  # breadth-first: order grows while we read it
        order.extend(children.get(p, ()))
    return order


def flatten_single_ops(members: dict, mods: Modules, keep_paths: set) -> dict:
    """Merge each module cluster that holds one op node (and no sub-cluster) into its
    parent; the op is labelled with the module. Returns the new path -> members map."""
    order = _all_paths(members)
    has_child = {p[:-1] for p in order if p}
    out = dict(members)
    for p in reversed(order[1:]):
        items = out.get(p, [])
        ops = [it for it in items if it[2] in ("op", "composite")]
        if p in keep_paths or p in has_child or len(ops) > 1 or any(it[2] == "box" for it in items):
            continue
        m = p[-1]
        if not hasattr(m, "__dict__"):  # an expanded composite keeps its cluster
            continue
        if ops:
            nid, attrs, role = ops[0]
            attrs["label"] = module_op_label(mods, m, attrs["label"])
            attrs["tooltip"] = mods.label(m)
        out.setdefault(p[:-1], []).extend(out.pop(p))
    return out


def module_op_label(mods: Modules, m, op_label: str) -> str:
    """'fc1: Linear': the op of a one-op module, named by the module."""
    kind = type(m).__name__
    lines = op_label.split("\\n")
    first = lines[0]
    lines[0] = kind + first[len(kind) :] if first.lower().startswith(kind.lower()) else kind
    name = mods.names.get(id(m))
    if name:
        lines[0] = f"{name}: {lines[0]}"
    return "\\n".join(lines)


def _cluster(n: int, depth: int, label: str, dashed: bool) -> graphviz.Digraph:
    """An empty cluster, shaded darker the deeper it is nested (dashed for a composite)."""
    sub = graphviz.Digraph(name=f"cluster_{n}")
    sub.attr(
        label=label,
        style="rounded,dashed" if dashed else "rounded,filled",
        fillcolor=style.CLUSTER_FILLS[(depth - 1) % len(style.CLUSTER_FILLS)],
        color="#adb5bd",
        fontname=style.FONT,
        fontsize=str(style.NODE_PT),
        labeljust="l",
        margin="6",
    )
    return sub


def emit_clusters(g: graphviz.Digraph, members: dict, mods: Modules, extra=None) -> dict:
    """Add the nodes of `members` (path -> (id, attrs, role)) to g, in nested clusters;
    `extra(path, subgraph)` may add statements to each. Returns path -> subgraph."""
    order = _all_paths(members)
    graphs: dict[tuple, graphviz.Digraph] = {(): g}
    for n, p in enumerate(order[1:], start=1):
        composite = not hasattr(p[-1], "__dict__")
        graphs[p] = _cluster(n, len(p), mods.label(p[-1]), composite)
    for p, items in members.items():
        sg = graphs[p]
        for nid, attrs, _ in items:
            sg.node(nid, **attrs)
    if extra is not None:
        for p in order:
            extra(p, graphs[p])
    for p in reversed(order[1:]):  # children first, so nested clusters are complete
        graphs[p[:-1]].subgraph(graphs[p])
    return graphs
