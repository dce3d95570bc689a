"""Anomaly mode and the engine's loud errors: NaN/Inf, stale saved values.

`detect_anomaly()` (a context manager and a decorator) turns anomaly mode on in
this thread: every recorded op keeps the user line that created it and a
fingerprint of its inputs and output; an op whose forward turns finite inputs
into NaN or Inf, or whose backward rule produces a NaN or Inf gradient, raises
`AnomalyError` naming the op and showing that line; and a raw numpy write into a
saved array (`x.data[...] = 0`) between forward and backward is caught. The flag
is part of the thread's mode (autograd/grad_mode.py), which the recorder reads
once per op anyway: normal mode pays one test per op on tensors that require
grad. The backward reads it once per call.

This module also builds the message of a check that runs in every mode: an input
modified in place after an op used it (version counters, autograd/versions.py).
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
import zlib

import numpy as np

from . import grad_mode as _gm
from .op import SparseGrad

__all__ = ["AnomalyError", "detect_anomaly", "is_anomaly_enabled", "set_detect_anomaly"]

_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_COPY_LIMIT = 100_000  # inputs up to this many elements are copied, larger ones hashed
_FRAMES = 6  # user frames kept per op


class AnomalyError(RuntimeError):
    """An op produced NaN/Inf (forward or backward) while anomaly mode was on."""


def is_anomaly_enabled() -> bool:
    """Whether anomaly mode is on (in this thread)."""
    return _gm.is_anomaly()


class set_detect_anomaly:
    """Turn anomaly mode on or off in this thread (for good, or as a context/decorator)."""

    def __init__(self, mode: bool = True):
        self.prev = is_anomaly_enabled()
        self.mode = bool(mode)
        _gm.set_anomaly(self.mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _gm.set_anomaly(self.prev)
        return False

    def __call__(self, fn):
        mode = self.mode
        _gm.set_anomaly(self.prev)  # as a decorator it acts only while fn runs

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            prev = is_anomaly_enabled()
            _gm.set_anomaly(mode)
            try:
                return fn(*args, **kwargs)
            finally:
                _gm.set_anomaly(prev)

        return wrapper


class detect_anomaly:
    """Anomaly mode inside: `with detect_anomaly():` or `@detect_anomaly()`."""

    def __init__(self, check_nan: bool = True):
        self.check_nan = check_nan
        self._prev: list[bool] = []

    def __enter__(self):
        self._prev.append(is_anomaly_enabled())
        _gm.set_anomaly(True)
        return self

    def __exit__(self, *exc):
        _gm.set_anomaly(self._prev.pop())
        return False

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with detect_anomaly():
                return fn(*args, **kwargs)

        return wrapper


# ----------------------------------------------------------------- forward
class _Trace:
    """What anomaly mode keeps on an op: where it was created and its inputs' fingerprints."""

    __slots__ = ("frames", "prints")

    def __init__(self, frames, prints):
        self.frames, self.prints = frames, prints


def _user_frames(depth: int = 1) -> list:
    """(filename, lineno, function) of the calling frames outside autograd/, innermost last."""
    f = sys._getframe(depth)
    out = []
    while f is not None and len(out) < _FRAMES:
        code = f.f_code
        if not code.co_filename.startswith(_HERE):
            out.append(traceback.FrameSummary(code.co_filename, f.f_lineno, code.co_name))
        f = f.f_back
    out.reverse()
    return out


def _where(frames) -> str:
    if not frames:
        return "  (no user frame)"
    return "".join(traceback.format_list(frames)).rstrip()


def _nonfinite(a) -> bool:
    a = getattr(a, "_data", a)
    if a.__class__ is SparseGrad:
        a = a.values
    a = np.asarray(a)
    if a.dtype.kind not in "fc":
        return False
    return not bool(np.isfinite(a).all())


def _fingerprint(a):
    if not isinstance(a, np.ndarray):
        return None  # numpy scalars are immutable
    if a.size <= _COPY_LIMIT:
        return a.copy()
    return (a.shape, a.dtype, zlib.crc32(np.ascontiguousarray(a).view(np.uint8)))


def _same(a, fp) -> bool:
    if fp is None:
        return True
    if isinstance(fp, np.ndarray):
        return (
            isinstance(a, np.ndarray)
            and a.shape == fp.shape
            and a.dtype == fp.dtype
            and a.tobytes() == fp.tobytes()
        )
    return isinstance(a, np.ndarray) and fp == _fingerprint(a)


def _label(node) -> str:
    return node._op.name


def after_forward(op, out, inputs) -> None:
    """Anomaly mode, after an op's forward: raise on new NaN/Inf, remember where and what."""
    frames = _user_frames()
    data = out._data
    if _nonfinite(data) and not any(_nonfinite(t._data) for t in inputs):
        shapes = ", ".join(str(tuple(np.shape(t._data))) for t in inputs)
        name = op.name
        raise AnomalyError(
            f"{name} produced NaN or Inf from finite inputs (shapes {shapes}); "
            f"the op was called at:\n{_where(frames)}"
        )
    if out._op is not None:
        prints = tuple(_fingerprint(t._data) for t in out._inputs) + (_fingerprint(data),)
        out._trace = _Trace(frames, prints)


# ----------------------------------------------------------------- backward
# `node` below is the tensor an op made: it holds the op, its inputs, stamp and trace.
def _created(node) -> str:
    trace = getattr(node, "_trace", None)
    if trace is None:
        return "  (created outside anomaly mode: its line is unknown)"
    return _where(trace.frames)


def _describe(node, index: int, t) -> str:
    who = "its output" if index < 0 else f"input {index}"
    return f"{_label(node)} ({who}, shape {tuple(np.shape(t._data))})"


def stale(node, index: int, t, how: str = "") -> RuntimeError:
    """The error for t, saved by node's op, modified in place since (index -1: the output)."""
    version = f"version {t._version}, the op saw an older one" if not how else how
    return RuntimeError(
        f"one of the tensors needed for the backward of {_describe(node, index, t)} was "
        f"modified in place after {_label(node)} used it ({version}); the gradient would be "
        "wrong. Use .detach().copy() (or .copy()) before modifying it, or do the update "
        f"after backward().\n{_label(node)} was created at:\n{_created(node)}"
    )


def check_versions(node, inputs) -> None:
    """Raise `stale` for the first input (or the output) modified after node was recorded."""
    stamp = node._stamp
    for i, p in enumerate(inputs):
        if p._version > stamp:
            raise stale(node, i, p)
    if node._version > stamp:
        raise stale(node, -1, node)


def before_backward(node, inputs) -> None:
    """Anomaly mode, before an op's backward: catch raw writes into its saved arrays."""
    trace = getattr(node, "_trace", None)
    if trace is None:
        return
    for i, (p, fp) in enumerate(zip((*inputs, node), trace.prints)):
        if not _same(p._data, fp):
            raise stale(
                node,
                i if i < len(inputs) else -1,
                p,
                "a raw write into its .data array, found by anomaly mode",
            )


def after_backward(node, g, gs, inputs) -> None:
    """Anomaly mode, after an op's backward: raise on a NaN/Inf gradient it made."""
    if _nonfinite(g):
        return  # not this op's doing: the gradient it received was already bad
    for i, gp in enumerate(gs):
        if gp is not None and i < len(inputs) and _nonfinite(gp):
            raise AnomalyError(
                f"the backward of {_label(node)} produced NaN or Inf in the gradient of input "
                f"{i} (shape {tuple(np.shape(inputs[i]._data))}) from a finite gradient; "
                f"{_label(node)} was created at:\n{_created(node)}"
            )
    node._trace = None
