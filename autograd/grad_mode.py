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
an input with `_version > _stamp` was modified after the op used it.
"""

from __future__ import annotations

import functools
import itertools

_enabled = True
_scope: tuple | None = None
_anomaly = False
tick = itertools.count(1).__next__  # the next stamp
_bumped = 0  # the stamp of the latest in-place change


def bump(t) -> None:
    """Record an in-place modification of tensor t (its saved values are now stale)."""
    global _bumped
    _bumped = t._vers = tick()


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
