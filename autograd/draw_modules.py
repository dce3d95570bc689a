"""Module clusters for `autograd.draw`: which module each node sits in, and collapsed boxes.

Ops record the module path (tuple of modules, outermost first) they ran in;
parameters take the path of the module that owns them. Nodes are drawn in
nested clusters along those paths, or swallowed by one box per collapsed module.
"""

from __future__ import annotations

import collections
from typing import TYPE_CHECKING

import graphviz

from . import draw_style as style

if TYPE_CHECKING:
    from .draw import _Walk


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

    def label(self, m) -> str:
        """A cluster's or box's title: 'fc1 (Linear)', or the class name alone."""
        name = self.names.get(id(m))
        kind = type(m).__name__
        if name:
            return f"{name} ({kind})"
        return kind

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


def _module_paths(walk: _Walk, keep: set[int], mods: _Modules) -> dict[int, tuple]:
    """The module path of every drawn tensor that has one: ops, parameters, scalar constants."""
    path_of: dict[int, tuple] = {}
    for i in keep:
        t = walk.order[i]
        if t._op is not None:
            path_of[i] = _from_model(tuple(getattr(t, "_scope", None) or ()), mods.model)
    for i in keep:
        t = walk.order[i]
        if t._op is None and id(t) in mods.params:
            path_of[i] = mods.param_path(mods.params[id(t)])
    for i in keep:  # scalar constants (the 2 in `2 * x`) sit with their consumer
        t = walk.order[i]
        if t._op is None and i not in path_of and t.size == 1 and not t.requires_grad:
            for j in keep:
                if i in walk.inputs.get(j, ()):
                    path_of[i] = path_of.get(j, ())
                    break
    return path_of


def _from_model(path: tuple, model) -> tuple:
    """`path` starting at `model` when it runs through it (model= may be a submodule)."""
    for k, m in enumerate(path):
        if m is model:
            return path[k:]
    return path


def _collapse_names(collapse) -> set:
    """The module names `collapse` lists (none for True, False or None)."""
    if collapse in (False, None, True):
        return set()
    return {collapse} if isinstance(collapse, str) else set(collapse)


class _Boxes:
    """Collapsed modules: the box each drawn tensor falls in, and what each box holds."""

    def __init__(
        self, walk: _Walk, path_of: dict[int, tuple], roots: set[int], collapse, mods: _Modules
    ):
        self.mods = mods
        self.collapse_all = collapse is True
        self.names = _collapse_names(collapse)
        self.of: dict[int, tuple] = {}  # tensor index -> module path of its box
        for i, p in path_of.items():
            if i in roots:
                continue
            c = self._prefix(p)
            if c is not None:
                self.of[i] = c
        self.ids: dict[tuple, str] = {}
        self.counts: dict[tuple, list] = {}
        self.params: dict[tuple, list] = collections.defaultdict(list)
        for i, c in self.of.items():
            if c not in self.ids:
                self.ids[c] = f"m{len(self.ids)}"
                self.counts[c] = [0, 0, 0]  # ops, params, elements of params
            t = walk.order[i]
            if t._op is not None:
                self.counts[c][0] += 1
            elif id(t) in mods.params:
                self.params[c].append(i)
                self.counts[c][1] += 1
                self.counts[c][2] += t.size

    def _prefix(self, path: tuple) -> tuple | None:
        """The part of `path` down to its outermost collapsed module, if any."""
        for k in range(1, len(path) + 1):
            m = path[k - 1]
            if (self.collapse_all and k == 2) or (self.names and self.mods.name(m) in self.names):
                return path[:k]
        return None

    def tid(self, i: int) -> str:
        """DOT id of tensor i: its own node, or the box that swallows it."""
        return self.ids[self.of[i]] if i in self.of else f"t{i}"

    def oid(self, i: int) -> str:
        """DOT id of the op that made tensor i: its own node, or the box that swallows it."""
        return self.ids[self.of[i]] if i in self.of else f"o{i}"


def _breadth_first(members: dict[tuple, list]) -> list[tuple]:
    """The module paths holding nodes and all their ancestors, parents first, () first of all.

    Siblings keep the order in which their nodes were added (a dict, not a set:
    modules hash by identity, so a set's order would change from run to run).
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


def _cluster(n: int, depth: int, label: str) -> graphviz.Digraph:
    """An empty cluster, shaded darker the deeper it is nested."""
    sub = graphviz.Digraph(name=f"cluster_{n}")
    sub.attr(
        label=label,
        style="rounded,filled",
        fillcolor=style.CLUSTER_FILLS[(depth - 1) % len(style.CLUSTER_FILLS)],
        color="#adb5bd",
        fontname=style.FONT,
        fontsize="11",
        labeljust="l",
    )
    return sub


def _emit_clusters(g: graphviz.Digraph, members: dict[tuple, list], mods: _Modules) -> None:
    """Add the nodes of `members` (module path -> (id, attrs)) to g, in nested clusters."""
    order = _breadth_first(members)
    graphs: dict[tuple, graphviz.Digraph] = {(): g}
    for n, p in enumerate(order[1:], start=1):
        graphs[p] = _cluster(n, len(p), mods.label(p[-1]))
    for p, items in members.items():
        sg = graphs[p]
        for nid, attrs in items:
            sg.node(nid, **attrs)
    for p in reversed(order[1:]):  # children first, so nested clusters are complete
        graphs[p[:-1]].subgraph(graphs[p])
