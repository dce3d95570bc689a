"""Per-thread modes: grad mode (`no_grad`, `enable_grad`, `set_grad_enabled`), anomaly
mode's flag, and the module scope.

Each thread has its own `State` (`local.state`); a new thread starts with grad
enabled, anomaly mode off and no module scope (as in PyTorch), so one thread
evaluating under `no_grad` never stops another from recording. A thread changes
only its own state, and each context manager restores only the field it set.

The module scope is the path of `nn.Module` objects whose `__call__` is running
(outermost first, None outside any module): `enter_scope`/`exit_scope` (or the
`module_scope` context manager) extend it, and a recorded tensor keeps it
(`_scope`) so a drawing can group ops by module.

The recorder reads a thread's state once per op. A thread-local read costs about
50 ns, 8% of a small recorded op, so the module keeps the set of states that are
not the default (`off`; adding and discarding are atomic under the GIL): while it
is empty, the recorder knows the state without reading it. A thread puts its own
state in the set before it records anything, so the shortcut is never wrong; a
thread that ends inside `no_grad` only costs the others the read.
"""

from __future__ import annotations

import functools
import threading


class State:
    """One thread's modes: recording on (`grad`), anomaly mode, the module scope."""

    __slots__ = ("grad", "anomaly", "scope", "__weakref__")

    def __init__(self):
        self.grad, self.anomaly, self.scope = True, False, None

    def __repr__(self) -> str:
        return f"State(grad={self.grad}, anomaly={self.anomaly}, scope={self.scope})"


class _Local(threading.local):
    """`local.state`: the current thread's State (threading.local runs __init__ per thread)."""

    def __init__(self):
        self.state = State()


local = _Local()
off: set[State] = set()  # the states that are not the default, of any thread


def _recount(st: State) -> None:
    """Keep `off` right after st (this thread's state) changed."""
    if not st.grad or st.anomaly or st.scope is not None:
        off.add(st)
    else:
        off.discard(st)


def is_grad_enabled() -> bool:
    """Whether ops are being recorded (in this thread)."""
    return local.state.grad


def is_anomaly() -> bool:
    """Whether anomaly mode is on in this thread (autograd.is_anomaly_enabled)."""
    return local.state.anomaly


def set_anomaly(flag: bool) -> None:
    """Turn anomaly mode on or off in this thread (see autograd.anomaly)."""
    st = local.state
    st.anomaly = bool(flag)
    _recount(st)


def _set_grad(flag: bool) -> None:
    st = local.state
    st.grad = flag
    _recount(st)


class set_grad_enabled:
    """Turn recording on or off (in this thread); a context manager and a decorator."""

    def __init__(self, mode: bool = True):
        self.mode = bool(mode)
        self._prev: list[bool] = []

    def __enter__(self):
        self._prev.append(local.state.grad)
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


def enter_scope(module) -> tuple | None:
    """Put `module` inside the current module scope (this thread); returns the scope before,
    for `exit_scope`. `nn.Module.__call__` runs `forward` between the two."""
    st = local.state
    outer = st.scope
    if outer is None:
        st.scope = (module,)
        _recount(st)
    else:
        st.scope = outer + (module,)
    return outer


def exit_scope(outer: tuple | None) -> None:
    """Restore the module scope `enter_scope` returned."""
    st = local.state
    st.scope = outer
    if outer is None:
        _recount(st)


class module_scope:
    """Ops recorded inside belong to `module` (inside the modules already in scope)."""

    __slots__ = ("module", "_outer")

    def __init__(self, module):
        self.module = module

    def __enter__(self):
        self._outer = enter_scope(self.module)
        return self

    def __exit__(self, *exc):
        exit_scope(self._outer)
        return False


def current_scope() -> tuple | None:
    """The modules whose `__call__` is running in this thread, outermost first (None: none)."""
    return local.state.scope
