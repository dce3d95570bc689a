"""The graph a drawing shows: the tensors reachable from the roots and their wiring.

The walk is breadth-first from the roots with an explicit queue (no recursion) and
follows each node's links (`_links`), which a backward that freed the graph keeps: the
structure is there after `loss.backward()`, only the arrays nobody held are gone (a
`Released` shape and dtype in their place; a large constant is linked through a
stand-in whose constant is drawn while it lives). With `unroll`, a node whose op fuses
a loop (a recurrent layer) is drawn from `op.unrolled(...)`: the same output computed
step by step with recorded ops, which the walk follows instead.
"""

from __future__ import annotations

import collections

import numpy as np

from .. import grad_mode, versions
from ..op import Op
from ..tensor_base import Released
from ..tensor_class import Tensor


def _alive(t: Tensor) -> Tensor:
    """t, or the constant a freed graph's stand-in was made for, while it lives."""
    d = t._data
    if d.__class__ is Released and d.source is not None:
        src = d.source()
        if src is not None:
            return src
    return t


class Graph:
    """The tensors reachable from `roots`, in breadth-first order, and their wiring.

    order[i]: the i-th tensor; inputs[i]: the indices of the inputs of the op that made it
    (absent for leaves); consumers[i]: how many op inputs it is; op(i): the op drawn for
    it (the unrolled output's op where a fused loop was unrolled).
    """

    def __init__(self, roots: list[Tensor], unroll: bool = False):
        self.order: list[Tensor] = []
        self.index: dict[Tensor, int] = {}
        self.inputs: dict[int, list[int]] = {}
        self.consumers: collections.Counter = collections.Counter()
        self.unrolled: dict[int, Tensor] = {}  # i -> the step-by-step twin drawn for it
        self.synthetic_after: int | None = None  # ops stamped later were made by unrolling
        self.made_up = False  # an unrolled loop was computed from stand-in (zero) values
        self.cut: list[int] = []  # ops whose links a backward dropped (far from its output)
        for r in roots:
            self._add(r)
        i = 0
        while i < len(self.order):  # breadth-first: order grows while we read it
            t = self.order[i]
            if t._op is not None:
                links = t._links
                if links is None:
                    self.cut.append(i)
                    i += 1
                    continue
                if unroll:
                    twin = self._unroll(t, links)
                    if twin is not None:
                        self.unrolled[i] = twin
                        links = twin._links
                ids = []
                stamp = abs(t._stamp)
                for p in links:  # (an input changed in place since: the node t used)
                    j = self._add(_alive(versions.seen(p, stamp)))
                    ids.append(j)
                    self.consumers[j] += 1
                self.inputs[i] = ids
            i += 1
        self.n_ops = len(self.inputs)

    def _add(self, t: Tensor) -> int:
        j = self.index.get(t)
        if j is None:
            j = self.index[t] = len(self.order)
            self.order.append(t)
        return j

    def op(self, i: int) -> Op | None:
        twin = self.unrolled.get(i)
        return twin._op if twin is not None else self.order[i]._op

    def stamp(self, i: int) -> int:
        """When tensor i's op was recorded (0 for leaves), freed or not."""
        t = self.unrolled.get(i, self.order[i])
        return abs(t._stamp) if t._op is not None else 0

    def scope(self, i: int) -> tuple:
        """The modules tensor i's op ran in, outermost first."""
        return tuple(getattr(self.order[i], "_scope", None) or ())

    def value(self, i: int):
        """Tensor i's values as an array, or None once a backward freed them."""
        t = self.order[i]
        d = t._data
        if d.__class__ is Released or (self.made_up and self.synthetic(i)):
            return None
        return np.asarray(d)

    def freed(self) -> bool:
        """Whether a backward freed (part of) the graph: its structure is drawn, but
        gradients cannot be computed again through it."""
        return any(t._op is not None and t._stamp < 0 for t in self.order)

    def synthetic(self, i: int) -> bool:
        """Whether tensor i was made by the drawing (inside an unrolled loop)."""
        t = self.order[i]
        return (
            self.synthetic_after is not None
            and t._op is not None
            and abs(t._stamp) > self.synthetic_after
            and i not in self.unrolled
        )

    def _unroll(self, t: Tensor, links: tuple) -> Tensor | None:
        """The step-by-step twin of t if its op fuses a loop, recorded in t's module scope."""
        op = t._op
        if type(op).unrolled is Op.unrolled:
            return None
        if self.synthetic_after is None:
            self.synthetic_after = versions.tick()
        args = []
        for p in links:
            p = _alive(p)
            if p._data.__class__ is Released:  # freed: the loop's shape from zeros
                self.made_up = True
                stand = Tensor(np.zeros(p.shape, p.dtype), requires_grad=p.requires_grad)
                self.index[stand] = self._add(p)
                p = stand
            args.append(p)
        outer = grad_mode.current_scope()
        try:
            for m in getattr(t, "_scope", None) or ():
                grad_mode.enter_scope(m)
            with grad_mode.enable_grad():
                twin = op.unrolled(*args)
        finally:
            grad_mode.exit_scope(outer)
        if twin is not None and t.name and twin.name is None:
            twin._name = t.name
        return twin
