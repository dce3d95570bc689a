"""One clock for the graph and for in-place changes, and who owns a tensor's memory.

`tick()` gives the next stamp. Every recorded tensor takes one (`_stamp`), so
its inputs were made before it and reverse stamp order is a topological order
(the backward's). An in-place change takes one as the tensor's version
(`bump`), so an input whose version is later than an op's stamp was modified
after the op used it. Tensors can share memory (`detach()`, `Tensor(t)`, views
made under no_grad), so an in-place change also stamps the array that owns
the memory, and a tensor's version is the later of its own and its memory's.

A recorded change (an in-place op inside a graph, autograd/inplace.py) makes the tensor
object the node of the new op and keeps the node it was as a snapshot: `prior(t)` is
(stamp of the change, snapshot), and the snapshot's own `prior` the change before.
`seen(t, stamp)` walks that chain back to the node an op stamped `stamp` used, as
PyTorch's graph keeps the earlier `grad_fn`. The memory also remembers its latest
recorded change (`graph_change`): a tensor sharing that memory whose node is older than
it (a view the change went through) is not what its node says. A view changed in place
keeps the tensors it views weakly (`remember_bases`).

A frozen tensor refuses every change: the cached constants of Python numbers
(the 0.5 of `x * 0.5`), which every op with that number shares.
"""

from __future__ import annotations

import itertools
import weakref

import numpy as np

clock = itertools.count(1)  # the stamps: next(clock) is tick() (the recorder's hot path)
tick = clock.__next__  # the next stamp (atomic: one C call)
frozen: set[int] = set()  # ids of tensors that refuse every change (cached constants)
_latest = 0  # the stamp of the latest in-place change
# id(array owning memory) -> (weakref to it, stamp of change, stamp of recorded change)
_memory: dict[int, tuple] = {}


def freeze(t) -> None:
    """Make t refuse in-place changes (`check_mutable`); t must live as long as the process."""
    frozen.add(id(t))


def check_mutable(t, what: str) -> None:
    """Raise if t is frozen: a cached constant, shared by every op that uses its number."""
    if frozen and id(t) in frozen:
        v = t._data
        raise RuntimeError(
            f"{what}: this tensor is the cached constant {v!r} that every op with the Python "
            f"number uses, so it cannot be changed; make a tensor of your own "
            f"(autograd.full(shape, {v!r}) or Tensor({v!r}))"
        )


def latest_change() -> int:
    """The stamp of the latest in-place change (0: none yet); an op stamped later saw it."""
    return _latest


def bump(t, memory: bool = True) -> None:
    """Record an in-place modification of tensor t (its saved values are now stale).

    `memory=False` when t was given other memory (the `data` setter), not written into.
    """
    global _latest
    _latest = t._vers = tick()
    d = t._data
    if memory and type(d) is np.ndarray:
        _stamp_memory(d, _latest)


def bump_memory(arr: np.ndarray) -> None:
    """Record an in-place write into the memory of array arr (a `.data` view, say): the
    tensors whose values live there are changed."""
    global _latest
    _latest = tick()
    _stamp_memory(arr, _latest)


def _stamp_memory(d: np.ndarray, stamp: int, recorded: bool = False) -> None:
    owner = _owner_of(d)
    key = id(owner)
    entry = _memory.get(key)
    ref = entry[0] if entry is not None and entry[0]() is owner else None
    if ref is None:
        ref = weakref.ref(owner, lambda _, key=key: _memory.pop(key, None))
        entry = None
    _memory[key] = (ref, stamp, stamp if recorded else entry[2] if entry is not None else 0)


def bump_recorded(t) -> None:
    """`bump(t)` for a change recorded in the graph (t became the node of the in-place op):
    the memory remembers it too (`graph_change`)."""
    global _latest
    _latest = t._vers = tick()
    d = t._data
    if type(d) is np.ndarray:
        _stamp_memory(d, _latest, True)


def graph_change(d) -> int:
    """The stamp of the latest recorded change of the memory array d lives in (0: none): a
    tensor over that memory whose node is older was changed through another (a view)."""
    if not _memory or type(d) is not np.ndarray:
        return 0
    owner = _owner_of(d)
    entry = _memory.get(id(owner))
    return entry[2] if entry is not None and entry[0]() is owner else 0


_views: dict[int, tuple] = {}  # id(view) -> (weakref to it, weakrefs to what it views)


def remember_bases(view, bases: list) -> None:
    """Keep (weakly: no reference cycle) the tensors a view changed in place is a view of,
    which a later change of it changes too; its node's links to them now point at their
    snapshots (autograd/inplace.py)."""
    key = id(view)
    entry = _views.get(key)
    ref = entry[0] if entry is not None and entry[0]() is view else None
    if ref is None:
        ref = weakref.ref(view, lambda _, key=key: _views.pop(key, None))
    _views[key] = (ref, tuple(weakref.ref(b) for b in bases))


def bases_of(view) -> list | None:
    """The tensors `remember_bases` kept for view (those still alive), or None."""
    entry = _views.get(id(view))
    if entry is None or entry[0]() is not view:
        return None
    return [b for b in (r() for r in entry[1]) if b is not None]


# id(tensor) -> (weakref to it, (stamp of its latest recorded change, snapshot)): kept
# beside the tensors rather than in a slot, so that a node stays the size it was (a slot
# made every Tensor 16 bytes larger: the scalar engine paid 3-7%)
_priors: dict[int, tuple] = {}


def prior(t):
    """(stamp, snapshot) of t's latest recorded in-place change (module docstring), or None."""
    if not _priors:
        return None
    entry = _priors.get(id(t))
    return entry[1] if entry is not None and entry[0]() is t else None


def set_prior(t, value: tuple) -> None:
    """Record t's latest recorded change: (its stamp, the snapshot of the node t was)."""
    key = id(t)
    _priors[key] = (weakref.ref(t, lambda _, key=key, table=_priors: table.pop(key, None)), value)


def seen(t, stamp: int):
    """The node tensor t was when the op stamped `stamp` used it: t itself, or the snapshot
    its first recorded change after `stamp` kept (`prior(t)`, module docstring)."""
    p = prior(t)
    while p is not None and p[0] > stamp:
        t = p[1]
        p = prior(t)
    return t


def memory_version(d) -> int:
    """The stamp of the latest in-place change of the memory array d lives in (0: none)."""
    if not _memory or type(d) is not np.ndarray:
        return 0
    owner = _owner_of(d)
    entry = _memory.get(id(owner))
    return entry[1] if entry is not None and entry[0]() is owner else 0


def owner(x):
    """The array that owns x's memory (views keep a chain of bases to it); x if no array."""
    return _owner_of(x) if type(x) is np.ndarray else x


def _owner_of(a: np.ndarray) -> np.ndarray:
    while isinstance(a.base, np.ndarray):
        a = a.base
    return a
