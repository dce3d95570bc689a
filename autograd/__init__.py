"""graphgrad's engine: Tensor, recorded ops, reverse-mode backward of any order."""

from . import functional
from .anomaly import AnomalyError, detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from .creation import (
    arange,
    eye,
    full,
    generator,
    linspace,
    manual_seed,
    ones,
    ones_like,
    rand,
    randn,
    zeros,
    zeros_like,
)
from .dtypes import get_default_dtype, set_default_dtype
from .engine import grad
from .function import Context, Function, Op, unbroadcast
from .functions import concatenate, matmul, maximum, minimum, stack, where
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .tensor import Tensor

__all__ = [
    "AnomalyError",
    "detect_anomaly",
    "is_anomaly_enabled",
    "set_detect_anomaly",
    "Context",
    "Function",
    "GradcheckError",
    "Op",
    "Tensor",
    "arange",
    "concatenate",
    "draw",
    "enable_grad",
    "eye",
    "full",
    "functional",
    "generator",
    "get_default_dtype",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "is_grad_enabled",
    "linspace",
    "manual_seed",
    "matmul",
    "maximum",
    "minimum",
    "no_grad",
    "ones",
    "ones_like",
    "rand",
    "randn",
    "set_default_dtype",
    "set_grad_enabled",
    "stack",
    "testing",
    "unbroadcast",
    "where",
    "zeros",
    "zeros_like",
]


def __getattr__(name: str):
    # `draw` imports graphviz (and with it subprocess, pathlib, ...) and `testing` its
    # checks: both load on first use, so `import autograd` stays light and
    # `autograd.testing.check_op` works after a plain `import autograd`.
    if name == "draw":
        from .draw import draw

        globals()["draw"] = draw
        return draw
    if name == "testing":
        import importlib

        return importlib.import_module(".testing", __name__)
    raise AttributeError(f"module 'autograd' has no attribute {name!r}")
