"""numpy's floating-point warnings from inside graphgrad's own code, silenced as PyTorch is.

`log(0)`, `1 / 0` or `0 / 0` inside an op give PyTorch's values (-inf, inf, nan) and
PyTorch says nothing; numpy would print "RuntimeWarning: divide by zero encountered in
log", pointing into graphgrad's source. At import graphgrad adds one warnings filter: a
RuntimeWarning with numpy's floating-point message ("divide by zero", "invalid value",
"overflow" or "underflow" ... "encountered in"), raised by a module of graphgrad's own
packages (autograd, nn, optim), is ignored. A user's own numpy calls still warn, and
graphgrad's deliberate warnings are untouched. Nothing is added on the hot path: filters
are read only when a warning is raised.

To find where a NaN or inf appears, use anomaly mode (`autograd.detect_anomaly()`), which
names the op. `GRAPHGRAD_FLOAT_WARNINGS=1` in the environment keeps numpy's warnings.

The filter is read only while nothing in front of it matches: under
`warnings.simplefilter("error")` (or pytest's `-W error::RuntimeWarning`) numpy's warning
would be raised. So the ops also keep quiet at the source: a kernel that gives an exact
IEEE answer at edge inputs (log(0), 1 / 0, inf * 0, exp's overflow) runs under
`np.errstate`, and the hot kernels (operators, Mul's and Div's backward, sums, the
engine's gradient sums), where an errstate would cost more than the arithmetic, catch the
raised warning and run again under `quietly`: free unless raised, and the same bits.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np

MESSAGE = r"(divide by zero|invalid value|overflow|underflow) encountered in"
MODULES = r"(autograd|nn|optim)(\.|$)"


def quietly(f: Callable[..., Any], *args: Any) -> Any:
    """f(*args) with numpy's floating-point warnings off: the retry of a kernel whose warning
    a filter turned into an exception (f must be pure: it runs again, to the same bits)."""
    with np.errstate(all="ignore"):
        return f(*args)


def _quiet_kernel(f: Callable[..., Any]) -> Callable[..., Any]:
    def kernel(*args: Any) -> Any:
        with np.errstate(all="ignore"):
            return f(*args)

    kernel.__name__, kernel.__qualname__, kernel.__doc__ = f.__name__, f.__qualname__, f.__doc__
    return kernel


def _retrying_kernel(f: Callable[..., Any]) -> Callable[..., Any]:
    def kernel(*args: Any) -> Any:
        try:  # free unless a filter raised numpy's warning
            return f(*args)
        except RuntimeWarning:
            with np.errstate(all="ignore"):
                return f(*args)

    kernel.__name__, kernel.__qualname__, kernel.__doc__ = f.__name__, f.__qualname__, f.__doc__
    return kernel


def _wrap(cls: type, make: Callable[..., Any]) -> type:
    for name in ("forward", "backward"):
        f = cls.__dict__.get(name)
        if isinstance(f, staticmethod):
            setattr(cls, name, staticmethod(make(f.__func__)))
        elif f is not None:
            setattr(cls, name, make(f))
    return cls


def quiet(cls: type) -> type:
    """Class decorator for an op that is not on a hot path: its own `forward` and `backward`
    run under `np.errstate(all="ignore")` (IEEE's inf and nan at edge inputs, as PyTorch,
    without numpy's warning under any filter)."""
    return _wrap(cls, _quiet_kernel)


def quiet_when_raised(cls: type) -> type:
    """Class decorator for an op on a warm path (softmax): its own `forward` and `backward`
    run as they are and, only if a filter turned numpy's floating-point warning into an
    exception, again under `np.errstate(all="ignore")` (pure kernels: the same bits)."""
    return _wrap(cls, _retrying_kernel)


def silence() -> bool:
    """Add the filter (once) unless GRAPHGRAD_FLOAT_WARNINGS is set; whether it was added."""
    if os.environ.get("GRAPHGRAD_FLOAT_WARNINGS", "").strip() not in ("", "0"):
        return False
    for f in warnings.filters:
        if f[0] == "ignore" and f[1] is not None and f[1].pattern == MESSAGE:
            return True
    warnings.filterwarnings("ignore", MESSAGE, RuntimeWarning, MODULES)
    return True


silence()
