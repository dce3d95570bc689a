"""Per-thread modes: grad mode (`no_grad`, `enable_grad`, `set_grad_enabled`), anomaly
mode's flag, and the module scope.

Each thread has its own `Mode`; a new thread starts with grad enabled, anomaly mode
off and no module scope (as in PyTorch), so one thread evaluating under `no_grad`
never stops another from recording. A Mode is immutable: a change installs a new
one, and the recorder reads the thread's mode once per op (`local.mode`).

The module scope is the path of `nn.Module` objects whose `__call__` is running
(outermost first, None outside any module): `module_scope(m)` extends it, and a
recorded tensor keeps it (`_scope`) so a drawing can group ops by module.
"""

from __future__ import annotations

import functools
import threading


class Mode:
    """The modes of one thread: recording on (`grad`), anomaly mode, module scope."""

    __slots__ = ("grad", "anomaly", "scope")

    def __init__(self, grad: bool, anomaly: bool, scope: tuple | None):
        self.grad, self.anomaly, self.scope = grad, anomaly, scope

    def __repr__(self) -> str:
        return f"Mode(grad={self.grad}, anomaly={self.anomaly}, scope={self.scope})"


_DEFAULT = Mode(True, False, None)


class _Local(threading.local):
    """`local.mode`: the current thread's Mode (threading.local runs __init__ once per thread)."""

    def __init__(self):
        self.mode = _DEFAULT


local = _Local()


def is_grad_enabled() -> bool:
    """Whether ops are being recorded (in this thread)."""
    return local.mode.grad


def _set_grad(flag: bool) -> None:
    m = local.mode
    local.mode = Mode(flag, m.anomaly, m.scope)


def set_anomaly(flag: bool) -> None:
    """Turn anomaly mode on or off in this thread (see autograd.anomaly)."""
    m = local.mode
    local.mode = Mode(m.grad, bool(flag), m.scope)


class set_grad_enabled:
    """Turn recording on or off (in this thread); a context manager and a decorator."""

    def __init__(self, mode: bool = True):
        self.mode = bool(mode)
        self._prev: list[bool] = []

    def __enter__(self):
        self._prev.append(local.mode.grad)
        _set_grad(self.mode)
        return self

    def __exit__(self, *exc):
        _set_grad(self._prev.pop())
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


class module_scope:
    """Ops recorded inside belong to `module` (inside the modules already in scope).

    `nn.Module.__call__` runs `forward` in one; a drawing groups ops by it.
    """

    __slots__ = ("module", "_outer", "_inner")

    def __init__(self, module):
        self.module = module

    def __enter__(self):
        m = self._outer = local.mode
        scope = (self.module,) if m.scope is None else m.scope + (self.module,)
        self._inner = local.mode = Mode(m.grad, m.anomaly, scope)
        return self

    def __exit__(self, *exc):
        m = local.mode
        if m is self._inner:  # nothing changed inside: the mode from before, as it was
            local.mode = self._outer
        else:  # keep what changed inside (a plain set_detect_anomaly call), restore the scope
            local.mode = Mode(m.grad, m.anomaly, self._outer.scope)
        return False


def current_scope() -> tuple | None:
    """The modules whose `__call__` is running in this thread, outermost first (None: none)."""
    return local.mode.scope
