"""Grad modes: `no_grad`, `enable_grad`, `set_grad_enabled`.

The engine reads the module-level flag `_enabled` on every op; `_scope` is the
module path that `nn.Module.__call__` pushes so ops can be grouped by module
when a graph is drawn (None outside any module). `_anomaly` is anomaly mode
(`autograd.detect_anomaly`; the backward reads it once per call, and the
mode swaps in checked forward entry points, so ops never read it).

One clock orders the graph and the in-place changes: `tick()` gives the next
stamp. Every recorded tensor takes one (`_stamp`), so its inputs were made
before it and reverse stamp order is a topological order (the backward's);
an in-place change takes one as the tensor's `_version` (and `_bumped`), so
an input with `_version > _stamp` was modified after the op used it. Tensors
can share memory (`detach()`, `Tensor(t)`, views made under no_grad), so an
in-place change also stamps the array that owns the memory, and a tensor's
version is the later of its own and its memory's.
"""

from __future__ import annotations

import functools
import itertools
import weakref

import numpy as np

_enabled = True
_scope: tuple | None = None
_anomaly = False
tick = itertools.count(1).__next__  # the next stamp
_bumped = 0  # the stamp of the latest in-place change


_memory: dict[int, tuple] = {}  # id(array owning memory) -> (weakref to it, stamp of change)


def bump(t, memory: bool = True) -> None:
    """Record an in-place modification of tensor t (its saved values are now stale).

    `memory=False` when t was given other memory (the `data` setter), not written into.
    """
    global _bumped
    _bumped = t._vers = tick()
    d = t._data
    if memory and type(d) is np.ndarray:
        owner = _owner_of(d)
        key = id(owner)
        entry = _memory.get(key)
        ref = entry[0] if entry is not None and entry[0]() is owner else None
        if ref is None:
            ref = weakref.ref(owner, lambda _, key=key: _memory.pop(key, None))
        _memory[key] = (ref, _bumped)


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


def is_grad_enabled() -> bool:
    """Whether ops are being recorded."""
    return _enabled


class set_grad_enabled:
    """Turn recording on or off; a context manager and a decorator."""

    def __init__(self, mode: bool = True):
        self.mode = bool(mode)
        self._prev: list[bool] = []

    def __enter__(self):
        global _enabled
        self._prev.append(_enabled)
        _enabled = self.mode
        return self

    def __exit__(self, *exc):
        global _enabled
        _enabled = self._prev.pop()
        return False

    def __call__(self, fn):
        mode = self.mode

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with set_grad_enabled(mode):
                return fn(*args, **kwargs)

        return wrapper


class no_grad(set_grad_enabled):
    """Record nothing inside: `with no_grad():` or `@no_grad()`."""

    def __init__(self):
        super().__init__(False)


class enable_grad(set_grad_enabled):
    """Record ops inside, even within `no_grad`."""

    def __init__(self):
        super().__init__(True)
