"""The backward pass: ops run newest first, each exactly once, without recursion.

A recorded tensor holds its op (`_op`), its inputs (`_in0`, `_in1`, `_many`) and a
stamp from one clock (`_stamp`, `versions.tick`); its inputs existed before it, so
recording order is a topological order of the graph. The backward keeps the
tensors that have received a gradient in a heap keyed by their stamps and always
takes the newest: by then every op that used it (all newer) has sent its gradient
back, and the parts are summed once. No pass counts consumers first; the cost is
linear in the graph's size times the log of the number of tensors waiting. An input
that only the node just taken links (`sys.getrefcount` counts no other reference: no
other consumer, nobody else holding it) has its whole gradient already: it is ready,
and taken next from a list, without the heap (a chain of ops, a sum of products). Leaves
are never in the heap: their gradients are summed and accumulated at the end, so a
backward that fails half-way (a freed graph, say) leaves every `.grad` as it was.

Without `retain_graph` a node is freed after its step: its op drops its saved buffers
and its stamp is negated (a second backward raises), but it keeps its op and its
links, so `draw` still shows the whole structure (of the `KEEP_STRUCTURE` nodes nearest
the output). The arrays go: an intermediate that nothing but the graph references gives
up its values (a `Released` shape and dtype takes their place), and a large constant
input is linked through a stand-in.

`backward_step` is the one place a gradient crosses an op (anomaly mode, the drawing
and the loop below call it; the loop runs its common case itself: one or two inputs,
nothing changed in place, nothing to sum back). autograd/reference.py is the same algorithm in about
fifty plain lines; docs/engine-internals.md walks from one to the other.

This module sits below the Tensor class (Tensor.backward calls it): it knows tensors
by their fields (`TensorBase`) and wraps arrays with `Tensor._result` reached from a
tensor.
"""

from __future__ import annotations

import sys
import threading
import warnings
import weakref
from collections import deque
from functools import reduce
from heapq import heappop, heappush
from operator import add

import numpy as np

from . import anomaly, grad_mode, hooks, malloc, versions
from .float_warnings import quietly
from .op import SparseGrad, unbroadcast
from .tensor_base import Released, TensorBase

_FREED = (
    "backward through a graph that was already freed: op {op} lost its saved inputs in an "
    "earlier backward. Pass retain_graph=True to the first backward to backpropagate twice."
)
_accumulating = threading.Lock()  # one leaf's .grad += g at a time, whatever the thread
_getrefcount = sys.getrefcount
_KEEP_CONSTANT = 64  # constant inputs of at most this many elements stay linked after a free
# A backward keeps the structure of the nodes it frees first (the newest: those nearest the
# output) up to this many, and drops the links of the others as it goes. Dropped at once,
# the structure of a large graph costs its deallocation twice over (cold, after the
# backward, rather than each node as the backward leaves it: +5% on a 60,000-node scalar
# graph); a drawing shows 400 nodes by default.
KEEP_STRUCTURE = 10_000
# What getrefcount counts of an input of node t in the loop beyond a lone local, when t was
# its only consumer: in the inlined step, t's link (beside the local a or b); through
# `backward_step`, the tuple of inputs and t's link (beside the loop variable p).
_LINKED_ONCE = 1
_LINKED_STEPPED = 2


def _count(a) -> int:
    """getrefcount of a as `_sole` sees it (one call deep)."""
    return _getrefcount(a)


def _counts() -> tuple[int, int, int]:
    """What getrefcount counts of an object nothing else holds, measured here as `_sole`
    sees one: a local passed on (`_propagate`'s g: 3 on CPython 3.11), a local taken from
    a two-element list (`_sum`'s first or second: 4), and an array's base that only the
    array links (3)."""
    g = object()
    parts = [object(), object()]
    first, second = parts
    view = np.empty(1)[:]
    base = view.base
    return _count(g), _count(first), _getrefcount(base)


_HELD_BY_LOOP, _HELD_IN_PARTS, _BASE_ALONE = _counts()


def backward_step(t: TensorBase, g, graph: bool, owned: bool = False) -> tuple:
    """Run the backward of the op that made t on t's gradient g: (inputs, gradients).

    The one place a gradient crosses an op (the loop below, anomaly mode and the
    drawing call it; the loop inlines the common case). One gradient per input, in
    the input's shape (summed back where the op broadcast it), or None; a gradient
    for an input that does not require grad may be computed anyway (callers skip
    those). A `SparseGrad` stays sparse (`total` makes it an array). `graph`
    (create_graph): g, t and the inputs are Tensors and the rule records itself.
    Raises if the graph was freed or an input was changed in place since the op used
    it. `owned`: g is an array nothing else holds, given to the op's `backward_owned`.
    """
    op = t._op
    stamp = t._stamp
    if stamp < 0:  # freed by an earlier backward
        raise RuntimeError(_FREED.format(op=op.name))
    a, b, many = t._in0, t._in1, t._many
    inputs = many if many is not None else (a,) if b is None else (a, b)
    if stamp < versions._latest:  # something was modified in place since the op ran
        changed = anomaly.check_versions(t, inputs)  # one version compare per edge
        if changed is not inputs:  # an input changed since: the node it was instead
            inputs = changed
            a, b = inputs[0], inputs[1] if b is not None else None
            many = inputs if many is not None else None
    if graph:
        gs = op.backward(g, t, *inputs)
    elif owned:
        gs = op.backward_owned(g, t._data, *[p._data for p in inputs])
    elif b is None:  # one and two inputs are the common cases: no list per node
        gs = op.backward(g, t._data, a._data)
    elif many is None:
        gs = op.backward(g, t._data, a._data, b._data)
    else:
        gs = op.backward(g, t._data, *[p._data for p in inputs])
    # Sum gradients back to the shapes of inputs the op broadcast. Only inputs whose shape
    # differs from the output's can have been (an output that is a numpy scalar has 0-d
    # inputs), so the common case costs two shape compares.
    if op.broadcasts and t._data.__class__ is np.ndarray:
        shape = t._data.shape
        if a._data.shape != shape or many is not None or (b is not None and b._data.shape != shape):
            gs = [
                unbroadcast(gp, p._data.shape)
                if gp is not None and p._requires_grad and gp.shape != p._data.shape
                else gp
                for p, gp in zip(inputs, gs)
            ]
    return inputs, gs


def _anomalous_step(t: TensorBase, g, graph: bool) -> tuple:
    """`backward_step` in anomaly mode: stale inputs and NaN/Inf gradients are errors."""
    inputs = t._inputs
    if inputs is not None:  # (a freed graph: backward_step says so)
        anomaly.check_versions(t, inputs)  # before the fingerprints: it names the version
        anomaly.before_backward(t, inputs)  # (backward_step checks again: the same inputs)
    inputs, gs = backward_step(t, g, graph)
    anomaly.after_backward(t, g, gs, inputs)
    return inputs, gs


def run_backward(roots, root_grads, retain_graph=False, create_graph=False, targets=None):
    """Propagate root_grads from roots through the graph.

    Without `targets`, gradients accumulate into `.grad` of leaves (and of
    tensors that called `retain_grad()`). With `targets` (a dict tensor ->
    None), their gradients are stored there instead and `.grad` is untouched.
    Gradients are arrays, or Tensors under create_graph.
    """
    if malloc.pending:  # the first backward: a training loop's steady state begins
        malloc.settle()
    grads: dict = {}  # tensor -> its gradient so far (a list of parts once there are several)
    heap: list = []  # minus the stamps of the non-leaf tensors in `grads`
    waiting: dict = {}  # stamp -> tensor
    for r, g in zip(roots, root_grads):
        old = grads.get(r)
        if old is not None:
            grads[r] = [old, g] if type(old) is not list else [*old, g]
            continue
        grads[r] = g
        if r._op is not None:
            if r._stamp < 0:
                raise RuntimeError(_FREED.format(op=r._op.name))
            waiting[r._stamp] = r
            heappush(heap, -r._stamp)
    given = {id(versions.owner(g)) for g in root_grads}  # memory handed out: never twice
    step = _anomalous_step if grad_mode.is_anomaly() else backward_step
    if create_graph:  # record the backward itself
        with grad_mode.enable_grad():
            _propagate(heap, waiting, grads, retain_graph, True, targets, given, step)
    else:  # rules compute on arrays: nothing is recorded whatever the grad mode
        _propagate(heap, waiting, grads, retain_graph, False, targets, given, step)
    if targets is None:  # what is left: the leaves
        if hooks.made:  # leaf hooks are possible: look (nothing until a hook was registered)
            for t in grads:  # (a leaf made by detach() + requires_grad_() may lack the slot)
                if getattr(t, "_retain", False):
                    _accumulate_hooked(grads, create_graph, given)
                    return
        with _accumulating:
            for t, g in grads.items():
                _accumulate(t, total(g), create_graph, given)
    else:
        for t, g in grads.items():
            if t in targets:
                g = total(g)
                if getattr(t, "_retain", False):
                    g = hooks.run_pre_hooks(t, g, create_graph)
                targets[t] = _private(g, given)


def _accumulate_hooked(grads: dict, create_graph: bool, given: set) -> None:
    """The leaves' gradients accumulated, some leaves having hooks: every pre-hook runs
    before anything is accumulated (and outside the lock), the post-accumulate hooks
    after."""
    leaves, hooked = [], []
    for t, g in grads.items():
        g = total(g)
        if getattr(t, "_retain", False):
            hooked.append(t)
            g = hooks.run_pre_hooks(t, g, create_graph)
        leaves.append((t, g))
    with _accumulating:
        for t, g in leaves:
            _accumulate(t, g, create_graph, given)
    for t in hooked:
        hooks.run_post_hooks(t)


def _propagate(heap, waiting, grads, retain_graph, graph, targets, given, step) -> None:
    """The loop: take a ready tensor (its only consumer ran), else the newest that has a
    gradient, and step back through its op."""
    pop_grad, get_grad, pop_waiting = grads.pop, grads.get, waiting.pop
    push, pop, ndarray, sparse, parts_list = heappush, heappop, np.ndarray, SparseGrad, list
    kept = KEEP_STRUCTURE  # nodes whose structure may still be kept
    probe = object()
    alone = _getrefcount(probe)  # what getrefcount says of a local nothing else holds
    plain = step is backward_step and not graph  # `backward_step`'s common case inlined
    # An input that only its consumer t links has no other consumer: its gradient is
    # complete after t's step, so it is ready, taken before the heap's, without the heap
    # and the dictionaries (a chain of ops, a sum of products: most nodes of a scalar
    # graph). Inlined, its references are the local a (or b) and t's link: `once`; through
    # `backward_step`, the loop variable p, the tuple of inputs and t's link: `stepped`.
    once = alone + _LINKED_ONCE if plain else 0
    stepped = alone + _LINKED_STEPPED if plain else 0
    # tensors whose gradient is complete, each followed by its gradient (a deque: a list
    # that grows and shrinks by two at every node reallocates its memory each time)
    ready = deque()
    take, keep = ready.pop, ready.append
    # ready tensors wait in two pairs of locals before the deque (nt, ng taken first, then
    # nt2, ng2): a node's second input in nt, its first in nt2 (what nt2 held goes to the
    # deque), so a sum of products (`act + w * x`: the product, then the rest of the sum)
    # does not reach the deque. (Ready tensors may be taken in any order: each has its
    # whole gradient.)
    nt = ng = nt2 = ng2 = None
    early: dict = {}  # tensor -> gradients it received from uses made before its values
    # were changed through another tensor (`_check_view`)
    while True:
        if nt is not None:
            t = nt
            g = ng
            nt = ng = None  # (no stale reference: `_sole` and the free count them)
            parts = 1
        elif nt2 is not None:
            t = nt2
            g = ng2
            nt2 = ng2 = None
            parts = 1
        elif ready:
            g = take()
            t = take()
            parts = 1
        elif heap:
            t = pop_waiting(-pop(heap))
            g = pop_grad(t)
            parts = 1  # the gradients t received: one per link from a consumer that ran
            if g.__class__ is parts_list:
                parts = len(g)
                g = _sum(g)
            elif g.__class__ is sparse:
                g = g.dense()
        else:
            break
        if t._retain:  # hooks, or retain_grad(): g after the hooks is what flows on
            g = hooks.run_pre_hooks(t, g, graph)
            if targets is None and hooks.retains(t):
                with _accumulating:
                    _accumulate(t, g, graph, given)
        if targets is not None and t in targets:
            targets[t] = _private(g, given)
        op, data = t._op, t._data
        if (
            plain
            and t._many is None
            and t._stamp > versions._latest  # recorded after every in-place change, not freed
            and (data.__class__ is not ndarray or not op.via_step)
        ):  # one or two inputs and nothing to check or sum back: `backward_step`, inlined,
            # and its inputs taken one by one (no tuple, no loop: a scalar graph's node)
            a, b = t._in0, t._in1
            if b is None:
                ga = op.backward(g, data, a._data)[0]
                gb = None
            elif op.passes:  # the rule would return (g, g): no call, no tuple (a sum)
                ga = gb = g
            else:  # (a rule may return more gradients than inputs: Linear's absent bias)
                gs = op.backward(g, data, a._data, b._data)
                ga = gs[0]
                gb = gs[1]
            if ga is not None and a._requires_grad:
                if a._op is not None and _getrefcount(a) == once and ga.__class__ is not sparse:
                    if nt2 is not None:  # t was its only consumer (not in `grads`): a is
                        keep(nt2)  # ready; the one nt2 held waits in the deque
                        keep(ng2)
                    nt2 = a
                    ng2 = ga
                else:
                    old = get_grad(a)
                    if old is None:  # the first gradient a receives
                        grads[a] = ga
                        if a._op is not None:
                            stamp = a._stamp
                            waiting[stamp] = a
                            push(heap, -stamp)
                    elif old.__class__ is parts_list:  # summed once, when a is taken
                        old.append(ga)
                    else:
                        grads[a] = [old, ga]
            if gb is not None and b._requires_grad:  # the same for the second input
                if b._op is not None and _getrefcount(b) == once and gb.__class__ is not sparse:
                    if nt is None:  # (always: nt was taken, and a goes to nt2)
                        nt = b
                        ng = gb
                    else:
                        keep(b)
                        keep(gb)
                else:
                    old = get_grad(b)
                    if old is None:
                        grads[b] = gb
                        if b._op is not None:
                            stamp = b._stamp
                            waiting[stamp] = b
                            push(heap, -stamp)
                    elif old.__class__ is parts_list:
                        old.append(gb)
                    else:
                        grads[b] = [old, gb]
        else:
            a = b = None  # (no local may hold a tensor the free below counts references to)
            if 0 < t._stamp < versions._latest and versions.graph_change(data) > t._stamp:
                _check_view(t, parts, early)  # (a freed node: the step says so)
            if (
                plain
                and g.__class__ is ndarray
                and op.backward_owned is not None
                and _sole(g, _HELD_BY_LOOP)  # the local g only: nobody else holds it
            ):
                inputs, gs = backward_step(t, g, False, True)
            else:
                inputs, gs = step(t, g, graph)
            # (`_many` holds more links; an input changed in place since t used it is
            # replaced by the node it was, which t does not link: never taken as ready)
            if t._stamp > versions._latest:
                single = stepped if t._many is None else 0
            else:
                single = 0
                if versions._memory:
                    _count_early(t, inputs, gs, early)
            k = 0  # (an index into gs, not zip: zip costs a node 0.1 us, a scalar graph 14%)
            for p in inputs:
                gp = gs[k]
                k += 1
                if gp is None or not p._requires_grad:
                    continue
                if p._op is not None:
                    if single and _getrefcount(p) == single and gp.__class__ is not sparse:
                        if nt is None:  # t was its only consumer (not in `grads`): p is ready
                            nt = p
                            ng = gp
                        else:
                            if nt2 is not None:
                                keep(nt2)
                                keep(ng2)
                            nt2 = p
                            ng2 = gp
                        continue
                old = get_grad(p)
                if old is None:  # the first gradient p receives
                    grads[p] = gp
                    if p._op is not None:
                        stamp = p._stamp
                        waiting[stamp] = p
                        push(heap, -stamp)
                elif old.__class__ is parts_list:  # summed once, when p is taken
                    old.append(gp)
                else:
                    grads[p] = [old, gp]
        if not retain_graph:  # free the node: saved buffers and arrays, not its structure
            t._stamp = -t._stamp  # freed (the order of recording stays readable)
            if op._buffers:
                op.free()
            if data.__class__ is ndarray:  # (a numpy scalar is not worth the work)
                gs = gp = old = ga = gb = None  # (no stale reference: `_sole` counts all)
                if t._many is not None:  # one link per input: `_many` holds them all
                    t._in0 = t._in1 = None
                # every consumer that ran keeps its link to t: if getrefcount counts no
                # more than those, nothing outside the graph can reach t's values (counted
                # in a statement of its own, as `alone` was: no argument on the stack).
                # Far from the output consumers drop their links (or die): the count is
                # short, and a tensor the user holds would look unreferenced; t dies with
                # its last link there anyway, so its values are left alone.
                outside = _getrefcount(t) - alone - parts
                _free(t, outside if kept else 1)
            if kept:
                kept -= 1
            else:  # far from the output: its links go too
                t._in0 = t._in1 = t._many = None


def _check_view(t: TensorBase, parts: int, early: dict) -> None:
    """t's values were changed through another tensor sharing its memory (a view, or the
    base of a view) in a recorded change after t was made: its node does not say how they
    were made. Uses recorded before the change saw the values it does say (`early`
    counts their gradients); a gradient from any other (a use recorded after, or the
    root) would be wrong: raise, naming t's op."""
    if parts > early.get(t, 0):
        raise anomaly.stale(
            t,
            -1,
            t,
            f"version {t._version}: changed through another tensor sharing its memory (a "
            "view) after its op made it, and used since; its node does not follow that change",
        )


def _count_early(t: TensorBase, inputs, gs, early: dict) -> None:
    """Count the gradients t sends to inputs whose values were changed through another
    tensor after t used them (`_check_view`)."""
    stamp = t._stamp
    for p, gp in zip(inputs, gs):
        if gp is not None and p._op is not None and p._requires_grad:
            changed = versions.graph_change(p._data)
            if changed > stamp and changed > p._stamp > 0:
                early[p] = early.get(p, 0) + 1


def _free(t: TensorBase, outside: int) -> None:
    """Drop the arrays a freed node t keeps: its values when nothing outside the graph
    references t (`outside` == 0), and its links to large constant inputs."""
    if outside == 0:
        t._data = Released(t._data)
    many = t._many
    for p in (t._in0, t._in1) if many is None else many:  # (a loop: no generator per node)
        if p is not None and p._op is None and not p._requires_grad and _large(p._data):
            break
    else:
        return
    inputs = t._links
    kept = tuple([_stand_in(p) for p in inputs])  # (a generator would resize the tuple)
    if many is not None:
        t._many = kept
    else:
        t._in0 = kept[0]
        t._in1 = kept[1] if len(kept) > 1 else None


def _large(d) -> bool:
    return d.__class__ is np.ndarray and d.size > _KEEP_CONSTANT


def _stand_in(p: TensorBase) -> TensorBase:
    """p, or for a large constant a tensor with its name, shape and dtype but no values."""
    if p._op is not None or p._requires_grad or not _large(p._data):
        return p
    s = p._result(Released(p._data, weakref.ref(p)))
    name = getattr(p, "_name", None)
    if name is not None:
        s._name = name
    return s


def total(g):
    """A tensor's complete gradient from what it collected: a part, a list of parts, or a
    SparseGrad (made dense)."""
    if type(g) is list:
        return _sum(g)
    if g.__class__ is SparseGrad:
        return g.dense()
    return g


def _sum(parts: list):
    """The sum of the gradients a tensor received (a value used twice adds its gradients)."""
    if SparseGrad.made and SparseGrad in map(type, parts):
        sparse = [x for x in parts if x.__class__ is SparseGrad]
        dense = [x for x in parts if x.__class__ is not SparseGrad]
        first = sparse[0]
        total = _sum(dense) if dense else np.zeros(first.shape, first.values.dtype)
        if len(dense) == 1 or type(total) is not np.ndarray:
            total = np.array(total, copy=True)  # never write into a gradient someone else holds
        for x in sparse:
            x.add_into(total)
        return total
    if len(parts) == 1:
        return parts[0]
    if len(parts) == 2:
        first, second = parts
        if (
            first.__class__ is np.ndarray
            and second.__class__ is np.ndarray
            and first.shape == second.shape
            and first.dtype == second.dtype
            and first.dtype.kind in "fc"
        ):  # a fork's two gradients: into one of them that nothing else holds, if any
            # (an "error" filter raises numpy's inf + -inf warning after the sum is written)
            if _sole(first, _HELD_IN_PARTS):
                try:
                    return np.add(first, second, out=first)
                except RuntimeWarning:
                    return first
            if _sole(second, _HELD_IN_PARTS):
                try:
                    return np.add(second, first, out=second)
                except RuntimeWarning:
                    return second
        try:  # free unless a filter raised numpy's warning: then the same sum, quietly
            return first + second
        except RuntimeWarning:
            return quietly(add, first, second)
    first = parts[0]
    n = len(parts)
    if n > 8 and type(first) is np.ndarray and first.ndim and first.size <= 4096:
        # many small arrays (a weight used at every step): one concatenate, one reduce.
        # concatenate checks all but the first axis, set(map(len, ...)) the first (in C)
        try:
            if len(set(map(len, parts))) == 1:
                stacked = np.concatenate(parts).reshape((n, *first.shape))
                try:
                    return np.add.reduce(stacked, axis=0)
                except RuntimeWarning:  # inf + -inf under an "error" filter
                    return quietly(np.add.reduce, stacked, 0)
        except (ValueError, TypeError):  # ndims or shapes differ, or a 0-d part
            pass
    try:
        return reduce(add, parts)
    except RuntimeWarning:  # inf + -inf under an "error" filter: the same sum, quietly
        return quietly(reduce, add, parts)


def _sole(a: np.ndarray, held: int) -> bool:
    """Whether nothing outside the engine can see array a's memory: getrefcount counts
    `held` references to a (those of the engine's caller, this argument and
    getrefcount's), a is writable and owns its memory, or is the only view of an array
    that nothing else references (a reshaped product, say). Then a gradient may be
    written into a: no one else holds it, or a view of it."""
    if _getrefcount(a) != held or not a.flags.writeable:
        return False
    base = a.base
    # a base that only a links (a's link, the local `base`, getrefcount's argument)
    return base is None or (
        base.__class__ is np.ndarray and base.base is None and _getrefcount(base) == _BASE_ALONE
    )


def _private(g, given: set, data=None):
    """g, or a copy of it if its memory was already handed out, or is `data` (the input's).

    Add gives the same array to both inputs and reshape gives a view: without
    this, two leaves' `.grad` would share memory and an in-place change of one
    (gradient clipping, say) would silently change the other.
    """
    if type(g) is not np.ndarray:
        return g  # numpy scalars and Tensors are never shared mutable memory
    if g.base is None:
        owner = g
    elif not g.flags.writeable:
        return g.copy()  # a broadcast view: give the user an array they can write to
    else:
        owner = versions.owner(g)
    key = id(owner)
    if key in given or (
        data is not None
        and (owner is data or data.base is not None and owner is versions.owner(data))
    ):
        return g.copy()  # shared, or a custom backward returned the input itself
    given.add(key)
    return g


def _accumulate(t: TensorBase, g, graph: bool, given: set) -> None:
    """Add g into t.grad, out of place (g may be shared with a sibling's gradient).

    Callers hold `_accumulating`: threads running backward(retain_graph=True) into one
    leaf lose no update.
    """
    if graph:
        if not isinstance(g, TensorBase):
            g = t._result(g)
        if g.dtype != t.dtype:
            g = g.astype(t.dtype)
        t.grad = g if t.grad is None else t.grad + g
        return
    data = t._data
    dt = data.dtype
    if g.dtype is not dt and g.dtype != dt:
        with np.errstate(all="ignore"):  # (1e308 is inf in float32, as PyTorch)
            g = g.astype(dt)
    old = t.grad
    if old is None:
        t.grad = t._result(_private(g, given, data))
    elif old._op is None:
        old._data = old._data + g
    else:
        t.grad = t._result(old._data + g)


def _root_grad(root: TensorBase, gradient, create_graph: bool):
    if gradient is None:
        if root._data.size != 1:
            raise RuntimeError(
                f"backward() without a gradient needs a tensor with one element, got shape "
                f"{root.shape}; pass gradient= (e.g. loss.sum().backward() or "
                "y.backward(ones_like(y)))"
            )
        g = root._data.dtype.type(1) if root._data.ndim == 0 else np.ones_like(root._data)
    else:
        g = gradient._data if isinstance(gradient, TensorBase) else np.asarray(gradient)
        if g.shape != root.shape:
            raise RuntimeError(
                f"backward(): gradient has shape {tuple(g.shape)} but the tensor has shape "
                f"{root.shape}"
            )
        if g.dtype != root.dtype:
            g = g.astype(root.dtype)
    if create_graph:
        if isinstance(gradient, TensorBase):
            return gradient
        return root._result(g)
    return g


def backward(
    root: TensorBase, gradient=None, retain_graph=False, create_graph=False, inputs=None
) -> None:
    """`Tensor.backward`: accumulate gradients of root into the leaves' `.grad` (only into
    those of `inputs` when given)."""
    if not root._requires_grad:
        raise RuntimeError(
            "backward() on a tensor that does not require grad: no input of the computation "
            "that produced it requires grad (or it was computed under no_grad)"
        )
    g = _root_grad(root, gradient, create_graph)
    if inputs is None:
        run_backward([root], [g], retain_graph or create_graph, create_graph)
    else:
        backward_into([root], [g], retain_graph or create_graph, create_graph, inputs)


def backward_into(roots, root_grads, retain_graph: bool, create_graph: bool, inputs) -> None:
    """PyTorch's `backward(inputs=...)`: the gradients accumulated into `.grad` of `inputs`
    only (leaves or not); every other tensor's `.grad` is untouched."""
    inputs = [inputs] if isinstance(inputs, TensorBase) else list(inputs)
    if not inputs:
        raise RuntimeError("`inputs` argument to `backward()` cannot be empty.")
    for i, t in enumerate(inputs):
        if not isinstance(t, TensorBase) or not t._requires_grad:
            raise RuntimeError(f"backward(): input {i} of inputs= does not require grad")
    targets = dict.fromkeys(inputs)
    run_backward(roots, root_grads, retain_graph, create_graph, targets)
    given: set = set()
    with _accumulating:
        for t, g in targets.items():
            if g is not None:
                _accumulate(t, g, create_graph, given)


def grad(
    outputs,
    inputs,
    grad_outputs=None,
    retain_graph=None,
    create_graph: bool = False,
    only_inputs: bool = True,
    allow_unused: bool | None = None,
    is_grads_batched: bool = False,
    materialize_grads: bool = False,
) -> tuple:
    """The gradients of outputs with respect to inputs, as a tuple (`.grad` is untouched).

    `materialize_grads=True` gives zeros (not None) for an input the outputs do not use;
    `only_inputs` is PyTorch's deprecated flag (ignored, with its warning); a batch of
    grad_outputs (`is_grads_batched=True`) is refused: call grad once per gradient."""
    if materialize_grads and allow_unused is False:
        raise ValueError(
            "Expected allow_unused to be True or not passed when materialize_grads=True, "
            "but got: allow_unused=False."
        )
    if allow_unused is None:
        allow_unused = materialize_grads
    if not only_inputs:
        warnings.warn(
            "only_inputs argument is deprecated and is ignored now (defaults to True). To "
            "accumulate gradient for other parts of the graph, please use "
            "torch.autograd.backward.",
            FutureWarning,
            stacklevel=2,
        )
    if is_grads_batched:
        raise NotImplementedError(
            "grad(is_grads_batched=True) is not supported (graphgrad has no vmap): call "
            "autograd.grad once per row of grad_outputs, with retain_graph=True"
        )
    outputs = [outputs] if isinstance(outputs, TensorBase) else list(outputs)
    inputs = [inputs] if isinstance(inputs, TensorBase) else list(inputs)
    if grad_outputs is None:
        grad_outputs = [None] * len(outputs)
    elif isinstance(grad_outputs, (TensorBase, np.ndarray)):
        grad_outputs = [grad_outputs]
    grad_outputs = list(grad_outputs)
    if len(grad_outputs) != len(outputs):
        raise ValueError(f"grad: {len(grad_outputs)} grad_outputs given for {len(outputs)} outputs")
    for i, t in enumerate(inputs):
        if not isinstance(t, TensorBase) or not t._requires_grad:
            raise RuntimeError(f"grad: input {i} does not require grad")
    roots, gs = [], []
    for o, go in zip(outputs, grad_outputs):
        if not o._requires_grad:
            raise RuntimeError("grad: an output does not require grad (nothing to differentiate)")
        roots.append(o)
        gs.append(_root_grad(o, go, create_graph))
    if retain_graph is None:
        retain_graph = create_graph
    targets = dict.fromkeys(inputs)
    run_backward(roots, gs, retain_graph, create_graph, targets)
    result = []
    for i, t in enumerate(inputs):
        g = targets[t]
        if g is None:
            if not allow_unused:
                raise RuntimeError(
                    f"grad: input {i} was not used to compute the outputs; "
                    "pass allow_unused=True to get None for it"
                )
            result.append(t._result(np.zeros_like(t._data)) if materialize_grads else None)
            continue
        if not isinstance(g, TensorBase):
            if g.dtype != t.dtype:
                g = g.astype(t.dtype)
            g = t._result(g)
        result.append(g)
    return tuple(result)
