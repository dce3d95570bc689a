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
"""

from __future__ import annotations

import os
import warnings

MESSAGE = r"(divide by zero|invalid value|overflow|underflow) encountered in"
MODULES = r"(autograd|nn|optim)(\.|$)"


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
