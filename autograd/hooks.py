"""Tensor hooks (`register_hook`, `register_post_accumulate_grad_hook`) and their handles.

A tensor's `_retain` slot is False (nothing to do), True (`retain_grad()`: keep the
gradient in `.grad`) or a `Hooks` object. The engine already looks at `_retain` for
every non-leaf it steps through, so a backward without hooks pays nothing for them;
leaves are looked at (once, when their gradients are accumulated) only once some tensor
has had a hook (`made`).

As in PyTorch: a hook gets the gradient (a Tensor) and may return a replacement, which
is what flows on (and what `.grad` receives); hooks run in the order they were
registered, and `retain_grad()` keeps the gradient after all of them. Hooks on a leaf
run before its gradient is accumulated (and in `autograd.grad`); post-accumulate hooks
get the leaf once its `.grad` is updated.
"""

from __future__ import annotations

import itertools

import numpy as np

_ids = itertools.count()
made = False  # whether any tensor has had a Hooks object (until then leaves are not looked at)


class RemovableHandle:
    """What `register_hook` returns: `.remove()` unregisters the hook (also as `with`)."""

    __slots__ = ("_hooks", "id")

    def __init__(self, hooks: dict):
        self._hooks = hooks
        self.id = next(_ids)

    def remove(self) -> None:
        """Unregister the hook (removing twice is harmless)."""
        self._hooks.pop(self.id, None)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.remove()
        return False


class Hooks:
    """A tensor's hooks and whether it retains its gradient."""

    __slots__ = ("retain", "pre", "post")

    def __init__(self, retain: bool):
        self.retain = retain
        self.pre: dict = {}  # id -> fn(grad) -> grad or None
        self.post: dict = {}  # id -> fn(tensor), leaves only


def hooks_of(t) -> Hooks:
    """t's Hooks object, made (and kept in `_retain`) on first use."""
    global made
    r = getattr(t, "_retain", False)
    if type(r) is not Hooks:
        r = t._retain = Hooks(bool(r))
        made = True
    return r


def register(t, fn, post: bool = False) -> RemovableHandle:
    """Add fn to t's hooks (pre: gradient hooks; post: after accumulation)."""
    table = hooks_of(t).post if post else hooks_of(t).pre
    handle = RemovableHandle(table)
    table[handle.id] = fn
    return handle


def run_pre_hooks(t, g, graph: bool):
    """g after t's gradient hooks (an array, or a Tensor under create_graph)."""
    r = t._retain
    if type(r) is not Hooks or not r.pre:
        return g
    for fn in list(r.pre.values()):
        if graph:
            arg = g
        elif type(g) is np.ndarray:
            view = g.view()  # the hook must not write into it (siblings may share it)
            view.flags.writeable = False
            arg = t._result(view)
        else:
            arg = t._result(g)
        new = fn(arg)
        if new is None:
            continue
        value = new if graph else getattr(new, "_data", new)
        if not graph:
            value = np.asarray(value) if not isinstance(value, np.generic) else value
        if np.shape(getattr(value, "_data", value)) != np.shape(getattr(g, "_data", g)):
            raise RuntimeError(
                f"hook {getattr(fn, '__name__', fn)!r} changed the gradient's shape from "
                f"{tuple(np.shape(getattr(g, '_data', g)))} to "
                f"{tuple(np.shape(getattr(value, '_data', value)))}"
            )
        if graph and not hasattr(value, "_data"):
            value = t._result(np.asarray(value))
        g = value
    return g


def move_pre_hooks(t, old) -> None:
    """After an in-place change of t recorded as a new node (old: the node it was), the
    gradient hooks registered so far belong to old, as PyTorch's (they get the gradient of
    the values before the change); `retain_grad()` and later hooks stay with t."""
    r = t._retain
    if type(r) is Hooks and r.pre:
        moved = Hooks(False)
        moved.pre, r.pre = r.pre, {}
        old._retain = moved


def retains(t) -> bool:
    """Whether t keeps its gradient in `.grad` (`retain_grad()`)."""
    r = getattr(t, "_retain", False)
    return r is True or (type(r) is Hooks and r.retain)


def run_post_hooks(t) -> None:
    """The post-accumulate hooks of leaf t, after its `.grad` was updated."""
    r = t._retain
    if type(r) is Hooks and r.post:
        for fn in list(r.post.values()):
            fn(t)
