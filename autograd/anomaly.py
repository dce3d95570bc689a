"""Anomaly mode and the engine's loud errors: NaN gradients, stale saved values.

`detect_anomaly()` (a context manager and a decorator) turns anomaly mode on in
this thread, with PyTorch's semantics: every recorded op keeps the user line that
created it and a fingerprint of its inputs and output; a backward rule that returns
NaN in the gradient of an input that requires grad (one that reaches a leaf or the
user) raises `AnomalyError` naming the op and showing that line (with
`check_nan=False` it does not); infinite gradients and NaN or Inf in forward values
are not errors (`0.0 ** y`, a clamped log and `relu(x).sqrt()` pass through an inf
and end finite); and a raw numpy write into a saved array (`x.data[...] = 0`)
between forward and backward is caught. The flag is part of the thread's mode
(autograd/grad_mode.py), which the recorder reads once per op anyway: normal mode
pays one test per op on tensors that require grad. The backward reads it once per
call.

This module also builds the message of a check that runs in every mode: an input
modified in place after an op used it (version counters, autograd/versions.py).
"""

from __future__ import annotations

import functools
import os
import sys
import zlib

import numpy as np

from . import grad_mode as _gm
from . import versions
from .op import SparseGrad, reads_value

__all__ = [
    "AnomalyError",
    "detect_anomaly",
    "is_anomaly_check_nan_enabled",
    "is_anomaly_enabled",
    "set_detect_anomaly",
]

_HERE = os.path.dirname(os.path.abspath(__file__)) + os.sep
_COPY_LIMIT = 100_000  # inputs up to this many elements are copied, larger ones hashed
_FRAMES = 6  # user frames kept per op


class AnomalyError(RuntimeError):
    """A backward rule returned NaN in a gradient while anomaly mode was on."""


def is_anomaly_enabled() -> bool:
    """Whether anomaly mode is on (in this thread)."""
    return _gm.is_anomaly()


def is_anomaly_check_nan_enabled() -> bool:
    """Whether anomaly mode, when on, raises on NaN gradients (in this thread)."""
    return _gm.local.state.check_nan


class set_detect_anomaly:
    """Turn anomaly mode on or off in this thread (for good, or as a context/decorator).

    `check_nan=False` records the traces and checks saved values but does not raise on
    NaN gradients, as PyTorch's.
    """

    def __init__(self, mode: bool = True, check_nan: bool = True):
        self.prev = (is_anomaly_enabled(), is_anomaly_check_nan_enabled())
        self.mode = (bool(mode), bool(check_nan))
        _gm.set_anomaly(*self.mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _gm.set_anomaly(*self.prev)
        return False

    def __call__(self, fn):
        mode = self.mode
        _gm.set_anomaly(*self.prev)  # as a decorator it acts only while fn runs

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            prev = (is_anomaly_enabled(), is_anomaly_check_nan_enabled())
            _gm.set_anomaly(*mode)
            try:
                return fn(*args, **kwargs)
            finally:
                _gm.set_anomaly(*prev)

        return wrapper


class detect_anomaly:
    """Anomaly mode inside: `with detect_anomaly():` or `@detect_anomaly()`.

    `check_nan=False`: keep the traces and the checks of saved values, but do not raise
    on NaN gradients (PyTorch's `detect_anomaly(check_nan=False)`).
    """

    def __init__(self, check_nan: bool = True):
        self.check_nan = bool(check_nan)
        self._prev: list[tuple[bool, bool]] = []

    def __enter__(self):
        self._prev.append((is_anomaly_enabled(), is_anomaly_check_nan_enabled()))
        _gm.set_anomaly(True, self.check_nan)
        return self

    def __exit__(self, *exc):
        _gm.set_anomaly(*self._prev.pop())
        return False

    def __call__(self, fn):
        check_nan = self.check_nan

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with detect_anomaly(check_nan):
                return fn(*args, **kwargs)

        return wrapper


# ----------------------------------------------------------------- forward
class _Trace:
    """What anomaly mode keeps on an op: where it was created, its inputs' fingerprints, and
    whether its forward turned finite inputs into NaN or Inf (named if its backward fails)."""

    __slots__ = ("frames", "prints", "made_nonfinite")

    def __init__(self, frames, prints, made_nonfinite: bool):
        self.frames, self.prints, self.made_nonfinite = frames, prints, made_nonfinite


def _user_frames(depth: int = 1) -> list:
    """(filename, lineno, function) of the calling frames outside autograd/, innermost last."""
    from traceback import FrameSummary  # loaded in anomaly mode only (import autograd stays light)

    f = sys._getframe(depth)
    out = []
    while f is not None and len(out) < _FRAMES:
        code = f.f_code
        if not code.co_filename.startswith(_HERE):
            out.append(FrameSummary(code.co_filename, f.f_lineno, code.co_name))
        f = f.f_back
    out.reverse()
    return out


def _where(frames) -> str:
    if not frames:
        return "  (no user frame)"
    from traceback import format_list

    return "".join(format_list(frames)).rstrip()


def _floats(a):
    """The array behind a Tensor, a SparseGrad or a number; None unless floating."""
    a = getattr(a, "_data", a)
    if a.__class__ is SparseGrad:
        a = a.values
    a = np.asarray(a)
    return a if a.dtype.kind in "fc" else None


def _nonfinite(a) -> bool:
    a = _floats(a)
    return a is not None and not bool(np.isfinite(a).all())


def _has_nan(a) -> bool:
    a = _floats(a)
    return a is not None and bool(np.isnan(a).any())


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
    """Anomaly mode, after an op's forward: remember where it was made and what it saw.

    NaN or Inf in a forward value is not an error (as in PyTorch): a backward through it
    may well be finite (a clamped log, `0.0 ** y`); only NaN gradients raise.
    """
    if out._op is None:
        return
    data = out._data
    made = _nonfinite(data) and not any(_nonfinite(t._data) for t in inputs)
    prints = tuple(_fingerprint(t._data) for t in out._inputs) + (_fingerprint(data),)
    out._trace = _Trace(_user_frames(), prints, made)


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
        "wrong. Modify a .clone() instead (a copy that stays in the graph), or do the "
        f"update after backward().\n{_label(node)} was created at:\n{_created(node)}"
    )


def check_versions(node, inputs) -> tuple:
    """The inputs node's backward runs on: an input modified in place after node was
    recorded raises `stale` if the backward reads it (`Op.reads`), else is replaced by the
    node it was when node used it (`versions.seen`); the output raises if the backward
    reads it. (A change through a view of node's memory: engine._check_view.)"""
    stamp = node._stamp
    op = node._op
    n = len(inputs)
    out = None
    for i, p in enumerate(inputs):
        if p._version > stamp:
            if reads_value(op, i, n):
                raise stale(node, i, p)
            q = versions.seen(p, stamp)
            if q is not p:
                if out is None:
                    out = list(inputs)
                out[i] = q
    if node._version > stamp:
        if reads_value(op, -1, n):
            raise stale(node, -1, node)
    elif -getattr(node, "_vers", 0) > stamp and op.reads is not None and reads_value(op, -1, n):
        # a snapshot (the tensor moved on to a later in-place op): its values are a copy,
        # but PyTorch's saved output is the tensor itself, changed (an unannotated op reads
        # the copy, as before `Op.reads`)
        raise stale(node, -1, node, f"version {-node._vers}, the op saw an older one")
    return inputs if out is None else tuple(out)


def before_backward(node, inputs) -> None:
    """Anomaly mode, before an op's backward: catch raw writes into its saved arrays (those
    of the inputs and output not modified in place since: the version check let them
    through because the backward does not read them)."""
    trace = getattr(node, "_trace", None)
    if trace is None:
        return
    stamp = node._stamp
    for i, (p, fp) in enumerate(zip((*inputs, node), trace.prints)):
        if p._version <= stamp and not _same(p._data, fp):
            raise stale(
                node,
                i if i < len(inputs) else -1,
                p,
                "a raw write into its .data array, found by anomaly mode",
            )


def after_backward(node, g, gs, inputs) -> None:
    """Anomaly mode, after an op's backward: raise if it returned NaN in the gradient of an
    input that requires grad (unless check_nan is off), as PyTorch's anomaly mode does.

    Inf is not an error (the derivative of sqrt at 0 is inf), nor is a gradient computed
    for an input that does not require grad (nobody sees it).
    """
    if _gm.local.state.check_nan:
        for i, gp in enumerate(gs):
            if gp is not None and i < len(inputs) and inputs[i]._requires_grad and _has_nan(gp):
                raise AnomalyError(_nan_message(node, g, i, inputs[i]))
    node._trace = None


def _nan_message(node, g, i: int, t) -> str:
    name = _label(node)
    received = (
        "a gradient that already held NaN (the gradient given to backward())"
        if _has_nan(g)
        else "a gradient without NaN"
    )
    trace = getattr(node, "_trace", None)
    forward = (
        "; its forward had turned finite inputs into NaN or Inf"
        if trace is not None and trace.made_nonfinite
        else ""
    )
    return (
        f"the backward of {name} returned NaN in the gradient of input {i} (shape "
        f"{tuple(np.shape(t._data))}) from {received}{forward}; {name} was created at:\n"
        f"{_created(node)}"
    )
