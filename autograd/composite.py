"""Composite ops: a public function made of primitives marks its result, so that a drawing
shows those primitives as one node with the name users know (`mean`, `mse_loss`,
`layer_norm`), which it can expand again.

    t0 = start()
    out = self.sum(axis) / n
    return mark(out, t0, "mean", {"axis": axis})

Functions use the `composite` decorator (`@composite(show=("reduction",))`) or the two
calls above. The mark is one tuple on the result: its name, the stamp taken before the first
primitive (every op recorded since has a later stamp, `versions.tick`) and the
attributes worth showing. Its members are the nodes reachable from the result whose
stamps are later than `t0`; its inputs are what feeds them from before. Nothing is
done per primitive, nothing at all when the result is not recorded. When a composite
returns another's result unchanged (`mse_loss` returns `mean`'s), the outer name wins.
"""

from __future__ import annotations

import functools
import inspect

from .tensor_base import TensorBase
from .versions import tick as start

__all__ = ["composite", "mark", "start"]


def mark(out, t0: int, name: str, attrs: dict | None = None):
    """Mark `out`, made by ops recorded after stamp `t0` (`start()`), as the result of the
    composite op `name` (with `attrs` to show: None values are left out); returns `out`.
    A tuple of results marks one composite with several outputs (an LSTM step's h and c).
    """
    if out.__class__ is tuple:
        tag = (name, t0, attrs)
        for t in out:
            if isinstance(t, TensorBase) and t._op is not None and t._stamp > t0:
                t._composite = tag
    elif isinstance(out, TensorBase) and out._op is not None and out._stamp > t0:
        out._composite = (name, t0, attrs)
    return out


def composite(name: str | None = None, show: tuple = ()):
    """Decorator: the function's result is the composite op `name` (the function's name by
    default); `show`: keyword arguments a drawing shows when given other than their
    default (`reduction="sum"`)."""

    def wrap(fn):
        label = name or fn.__name__
        params = inspect.signature(fn).parameters
        defaults = {k: params[k].default for k in show}

        @functools.wraps(fn)
        def run(*args, **kwargs):
            t0 = start()
            out = fn(*args, **kwargs)
            attrs = None
            if kwargs and defaults:
                attrs = {k: v for k, v in kwargs.items() if k in defaults and v != defaults[k]}
            return mark(out, t0, label, attrs or None)

        return run

    return wrap
