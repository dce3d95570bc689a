"""graphgrad's engine: Tensor, recorded ops, reverse-mode backward of any order."""

from . import functional
from .anomaly import AnomalyError, detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from .creation import arange, eye, full, linspace, ones, ones_like, zeros, zeros_like
from .dtypes import get_default_dtype, set_default_dtype
from .engine import grad
from .function import Context, Function
from .grad_mode import enable_grad, is_grad_enabled, no_grad, set_grad_enabled
from .gradcheck import GradcheckError, gradcheck, gradgradcheck
from .op import Op, unbroadcast
from .random import (
    Generator,
    bernoulli,
    default_generator,
    get_rng_state,
    initial_seed,
    manual_seed,
    multinomial,
    normal,
    rand,
    rand_like,
    randint,
    randint_like,
    randn,
    randn_like,
    randperm,
    seed,
    set_rng_state,
)
from .tensor import Tensor, concatenate, matmul, maximum, minimum, stack, where

__all__ = [
    "AnomalyError",
    "detect_anomaly",
    "is_anomaly_enabled",
    "set_detect_anomaly",
    "Context",
    "Function",
    "Generator",
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
    "bernoulli",
    "default_generator",
    "get_default_dtype",
    "get_rng_state",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "initial_seed",
    "is_grad_enabled",
    "linspace",
    "manual_seed",
    "matmul",
    "maximum",
    "minimum",
    "multinomial",
    "no_grad",
    "normal",
    "ones",
    "ones_like",
    "rand",
    "rand_like",
    "randint",
    "randint_like",
    "randn",
    "randn_like",
    "randperm",
    "seed",
    "set_default_dtype",
    "set_grad_enabled",
    "set_rng_state",
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
