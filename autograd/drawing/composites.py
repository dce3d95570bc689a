"""Composite ops in a drawing: the primitives of `mean`, `mse_loss`, `layer_norm`, ...

A public function made of primitives marks its result (`autograd.composite.mark`): a
name, the stamp taken before its first primitive and the attributes to show. Its
members are the op nodes reachable from its result(s) whose stamps are later; its
inputs are the tensors that feed them from outside. Collapsed (the default), the
members become one node with the function's name; expanded (`expand=True`, or the
function's name in `expand`), they are drawn in a dashed cluster named after it.
Composites nest (`var` calls `mean`): the outermost collapsed one wins.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..op import shown

if TYPE_CHECKING:
    from .graph import Graph


class Composite:
    """One call of a composite function: its outputs, members and how it is drawn."""

    __slots__ = ("key", "name", "attrs", "t0", "outputs", "members", "collapsed", "id")

    def __init__(self, key: int, tag: tuple, collapsed: bool):
        self.key = key
        self.name, self.t0, self.attrs = tag
        self.outputs: list[int] = []
        self.members: set[int] = set()
        self.collapsed = collapsed
        self.id = f"c{key}"

    def label(self) -> str:
        """The composite's text: its name, then the attributes worth showing."""
        lines = [self.name]
        for k, v in (self.attrs or {}).items():
            text = shown(v)
            if text is not None:
                lines.append(f"{k}={text}")
        return "\n".join(lines)


def _expanded(expand, name: str) -> bool:
    if expand is True:
        return True
    if not expand:
        return False
    return name in ({expand} if isinstance(expand, str) else set(expand))


class Composites:
    """The composite calls among the drawn tensors, and which of them hides each op node.

    hidden_in[i]: the collapsed composite whose node stands for op node i (tensor i is
    then not drawn unless it is one of its outputs); within[i]: the expanded composites
    around op node i, outermost first (drawn as nested dashed clusters).
    """

    def __init__(self, graph: Graph, keep: set[int], expand):
        self.graph = graph
        self.all: list[Composite] = []
        by_tag: dict[int, Composite] = {}
        for i in sorted(keep):
            t = graph.unrolled.get(i, graph.order[i])  # an unrolled node: its loop's output
            tag = getattr(t, "_composite", None) if t._op is not None else None
            if tag is None:
                continue
            c = by_tag.get(id(tag))
            if c is None:
                c = by_tag[id(tag)] = Composite(len(self.all), tag, not _expanded(expand, tag[0]))
                self.all.append(c)
            c.outputs.append(i)
        for c in self.all:
            c.members = _members(graph, keep, c.outputs, c.t0)
        # outermost first: a composite with more members cannot be inside a smaller one
        self.all.sort(key=lambda c: -len(c.members))
        self.hidden_in: dict[int, Composite] = {}
        self.within: dict[int, tuple] = {}  # op node -> the expanded composites around it
        for c in self.all:
            for i in c.members:
                if i in self.hidden_in:
                    continue
                if c.collapsed:
                    self.hidden_in[i] = c
                else:
                    self.within[i] = self.within.get(i, ()) + (c,)  # outermost first
        self.users: dict[int, list[int]] = {}  # tensor -> the drawn ops that use it
        for i in keep:
            for j in graph.inputs.get(i, ()):
                self.users.setdefault(j, []).append(i)
        for c in self.all:  # a member used outside its composite is one of its outputs too
            if c.collapsed:
                for i in sorted(c.members):
                    if i not in c.outputs and self.hidden_in.get(i) is c and self._outside(i, c):
                        c.outputs.append(i)

    def _outside(self, i: int, c: Composite) -> bool:
        return any(self.hidden_in.get(u) is not c for u in self.users.get(i, ()))

    def shown(self, i: int) -> bool:
        """Whether tensor i is drawn (not a value inside a collapsed composite)."""
        c = self.hidden_in.get(i)
        if c is not None:
            return i in c.outputs
        if self.graph.order[i]._op is None and self._internal_number(i):
            return False
        return True

    def _internal_number(self, j: int) -> bool:
        """A Python number a collapsed composite used (the n of mean's division)."""
        t = self.graph.order[j]
        if t.requires_grad or t.name or getattr(t._data, "ndim", 0):
            return False
        users = self.users.get(j, ())
        return bool(users) and all(u in self.hidden_in for u in users)

    def op_id(self, i: int) -> str:
        """The DOT id of the node standing for the op that made tensor i."""
        c = self.hidden_in.get(i)
        return c.id if c is not None else f"o{i}"


def _members(graph: Graph, keep: set[int], outputs: list[int], t0: int) -> set[int]:
    """The op nodes reachable from the outputs, recorded after stamp t0."""
    members: set[int] = set()
    stack = list(outputs)
    while stack:
        i = stack.pop()
        if i in members or i not in keep or graph.op(i) is None or graph.stamp(i) <= t0:
            continue
        members.add(i)
        stack.extend(graph.inputs.get(i, ()))
    return members
