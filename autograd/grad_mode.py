"""Per-thread modes: grad mode (`no_grad`, `enable_grad`, `set_grad_enabled`), anomaly
mode's flag, and the module scope.

Each thread has its own `Mode`; a new thread starts with grad enabled, anomaly mode
off and no module scope (as in PyTorch), so one thread evaluating under `no_grad`
never stops another from recording. A Mode is immutable: a change installs a new
one (`_install`, the only way a mode changes), and the recorder reads the thread's
mode once per op with `current()`.

Reading a thread-local costs about 50 ns, 8% of a small recorded op. So the module
counts the threads whose mode is not the default (`changed`, under a lock): while
there are none, `current()` is `DEFAULT` without reading the thread-local. A
thread's own count is up to date before it records anything, so the shortcut is
never wrong; a thread that ends inside `no_grad` only costs the others the read.

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


DEFAULT = Mode(True, False, None)


class _Local(threading.local):
    """`local.mode`: the current thread's Mode (threading.local runs __init__ once per thread)."""

    def __init__(self):
        self.mode = DEFAULT


local = _Local()
changed = 0  # threads whose mode is not the default
_lock = threading.Lock()


def _mode(grad: bool, anomaly: bool, scope: tuple | None) -> Mode:
    """A Mode with these fields (the default one itself when they are the default's)."""
    if grad and not anomaly and scope is None:
        return DEFAULT
    return Mode(grad, anomaly, scope)


def _install(mode: Mode) -> None:
    """Make `mode` this thread's mode, keeping the count of threads not in the default."""
    global changed
    was_default = local.mode is DEFAULT
    local.mode = mode
    if was_default is not (mode is DEFAULT):
        with _lock:
            changed += 1 if was_default else -1


def current() -> Mode:
    """This thread's mode: `DEFAULT` itself while no thread changed its mode (tensor.record
    reads it in the same way, inline)."""
    return local.mode if changed else DEFAULT


def is_grad_enabled() -> bool:
    """Whether ops are being recorded (in this thread)."""
    return local.mode.grad


def _set_grad(flag: bool) -> None:
    m = local.mode
    _install(_mode(flag, m.anomaly, m.scope))


def set_anomaly(flag: bool) -> None:
    """Turn anomaly mode on or off in this thread (see autograd.anomaly)."""
    m = local.mode
    _install(_mode(m.grad, bool(flag), m.scope))


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
        self._inner = Mode(m.grad, m.anomaly, scope)
        _install(self._inner)
        return self

    def __exit__(self, *exc):
        m = local.mode
        if m is self._inner:  # nothing changed inside: the mode from before, as it was
            _install(self._outer)
        else:  # keep what changed inside (a plain set_detect_anomaly call), restore the scope
            _install(_mode(m.grad, m.anomaly, self._outer.scope))
        return False


def current_scope() -> tuple | None:
    """The modules whose `__call__` is running in this thread, outermost first (None: none)."""
    return local.mode.scope
