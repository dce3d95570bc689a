"""Per-thread modes: grad mode (`no_grad`, `enable_grad`, `set_grad_enabled`,
`inference_mode`), anomaly mode's flag, and the module scope.

The grad-mode managers work as PyTorch's: `with no_grad():`, `@no_grad()`, bare
`@no_grad`, on generator functions (the mode is set around each resumption, not
around the creation of the generator), and `set_grad_enabled(False)` as a plain call.

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
import inspect
import threading


class State:
    """One thread's modes: recording on (`grad`), inference mode, anomaly mode (and whether
    it raises on NaN gradients, `check_nan`), the module scope."""

    __slots__ = ("grad", "inference", "anomaly", "check_nan", "scope", "__weakref__")

    def __init__(self):
        self.grad, self.inference, self.anomaly = True, False, False
        self.check_nan, self.scope = True, None

    def __repr__(self) -> str:
        return (
            f"State(grad={self.grad}, inference={self.inference}, anomaly={self.anomaly}, "
            f"check_nan={self.check_nan}, "
            f"scope={self.scope})"
        )


class _Local(threading.local):
    """`local.state`: the current thread's State (threading.local runs __init__ per thread)."""

    def __init__(self):
        self.state = State()


local = _Local()
off: set[State] = set()  # the states that are not the default, of any thread
inferring: set[State] = set()  # the states in inference mode (new tensors are marked)


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


def set_anomaly(flag: bool, check_nan: bool = True) -> None:
    """Turn anomaly mode on or off in this thread (see autograd.anomaly)."""
    st = local.state
    st.anomaly = bool(flag)
    st.check_nan = bool(check_nan)
    _recount(st)


def _set_grad(flag: bool) -> None:
    st = local.state
    st.grad = flag
    _recount(st)


def _set_inference(flag: bool) -> None:
    st = local.state
    st.inference = flag
    if flag:
        inferring.add(st)
    else:
        inferring.discard(st)


def is_inference_mode_enabled() -> bool:
    """Whether inference mode is on (in this thread)."""
    return local.state.inference


def _wrap_generator(make_context, gen_fn):
    """gen_fn with a fresh context from make_context() around each of its resumptions."""

    @functools.wraps(gen_fn)
    def generator(*args, **kwargs):
        gen = gen_fn(*args, **kwargs)
        try:
            with make_context():
                response = gen.send(None)
            while True:
                try:
                    request = yield response
                except GeneratorExit:
                    with make_context():
                        gen.close()
                    raise
                except BaseException as e:
                    with make_context():
                        response = gen.throw(e)
                else:
                    with make_context():
                        response = gen.send(request)
        except StopIteration as e:
            return e.value

    return generator


class _ModeContext:
    """A context manager that is also a decorator (of functions and generator functions)."""

    def clone(self):
        """A fresh manager with the same settings (each decorated call enters its own)."""
        return type(self)()

    def __call__(self, fn):
        if inspect.isgeneratorfunction(fn):
            return _wrap_generator(self.clone, fn)

        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self.clone():
                return fn(*args, **kwargs)

        return wrapper


class _NoParamContext(_ModeContext):
    """A manager that also works as a bare decorator: `@no_grad` as well as `@no_grad()`."""

    def __new__(cls, orig_func=None):
        if orig_func is None:
            return super().__new__(cls)
        return cls()(orig_func)


class no_grad(_NoParamContext):
    """Record nothing inside: `with no_grad():`, `@no_grad()` or `@no_grad`."""

    def __init__(self):
        self._prev: list[bool] = []

    def __enter__(self):
        self._prev.append(local.state.grad)
        _set_grad(False)
        return self

    def __exit__(self, *exc):
        _set_grad(self._prev.pop())
        return False


class enable_grad(_NoParamContext):
    """Record ops inside, even within `no_grad`: `with`, `@enable_grad()` or `@enable_grad`."""

    def __init__(self):
        self._prev: list[bool] = []

    def __enter__(self):
        self._prev.append(local.state.grad)
        _set_grad(True)
        return self

    def __exit__(self, *exc):
        _set_grad(self._prev.pop())
        return False


class set_grad_enabled(_ModeContext):
    """Turn recording on or off in this thread: as a plain call it stays so (as PyTorch's);
    as a context manager or a decorator the mode before is restored afterwards."""

    def __init__(self, mode: bool):
        self.mode = bool(mode)
        self.prev = local.state.grad
        _set_grad(self.mode)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        _set_grad(self.prev)
        return False

    def __call__(self, fn):
        _set_grad(self.prev)  # as a decorator it acts only while fn runs
        return super().__call__(fn)

    def clone(self):
        return set_grad_enabled(self.mode)


class inference_mode(_NoParamContext):
    """No recording, as `no_grad`; tensors made inside are marked (`Tensor.is_inference()`)
    and cannot require grad afterwards. `inference_mode(False)` turns it off (and grad on)."""

    def __new__(cls, mode=True):
        if callable(mode) and not isinstance(mode, bool):  # bare @inference_mode
            return cls()(mode)
        return object.__new__(cls)

    def __init__(self, mode: bool = True):
        self.mode = bool(mode)
        self._prev: list[tuple[bool, bool]] = []

    def __enter__(self):
        st = local.state
        self._prev.append((st.grad, st.inference))
        _set_inference(self.mode)
        _set_grad(not self.mode)
        return self

    def __exit__(self, *exc):
        grad, inference = self._prev.pop()
        _set_inference(inference)
        _set_grad(grad)
        return False

    def clone(self):
        return inference_mode(self.mode)


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
