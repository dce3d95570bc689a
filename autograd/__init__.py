"""graphgrad's engine: Tensor, recorded ops, reverse-mode backward of any order.

Also the `torch.`-style namespace, so that `import autograd as torch` finds what PyTorch
programs use: the dtypes (`autograd.float32`, `long`, ...), `device`, creation functions
(`tensor`, `from_numpy`, `zeros`, ...), and, loaded on first use, `autograd.nn`,
`autograd.optim`, `autograd.utils.data` (nn.data), `autograd.save`/`load`, and the
accelerator and compiler namespaces, answered for a CPU (`cuda.is_available()` is False).
"""

from types import ModuleType as _ModuleType

from . import aliases as _aliases
from . import dtypes, functional, malloc  # malloc: glibc's thresholds (GRAPHGRAD_MALLOC)
from .anomaly import AnomalyError, detect_anomaly, is_anomaly_enabled, set_detect_anomaly
from .creation import (
    arange,
    as_tensor,
    asarray,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    linspace,
    logspace,
    ones,
    ones_like,
    tensor,
    zeros,
    zeros_like,
)
from .devices import device, get_default_device, set_default_device
from .dtypes import (
    bfloat16,
    can_cast,
    cdouble,
    cfloat,
    chalf,
    complex32,
    complex64,
    complex128,
    double,
    dtype,
    finfo,
    float16,
    float32,
    float64,
    get_default_dtype,
    half,
    iinfo,
    int8,
    int16,
    int32,
    int64,
    long,
    promote_types,
    result_type,
    set_default_dtype,
    short,
    uint8,
    uint16,
    uint32,
    uint64,
)
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
from .tensor_class import Tensor, concatenate, matmul, maximum, minimum, stack, where

# PyTorch's dtype names that are Python's too: they shadow the builtins in this module only
float = float32
int = int32
bool = dtypes.bool_

__all__ = [
    "AnomalyError",
    "detect_anomaly",
    "is_anomaly_enabled",
    "set_detect_anomaly",
    "Context",
    "Function",
    "Generator",
    "GradcheckError",
    "GraphvizNotFoundError",
    "Op",
    "Tensor",
    "accelerator",
    "amp",
    "arange",
    "are_deterministic_algorithms_enabled",
    "as_tensor",
    "asarray",
    "autocast",
    "autograd",
    "backends",
    "can_cast",
    "compile",
    "concatenate",
    "cuda",
    "device",
    "distributed",
    "draw",
    "dtype",
    "empty",
    "empty_like",
    "enable_grad",
    "eye",
    "finfo",
    "from_numpy",
    "full",
    "full_like",
    "functional",
    "bernoulli",
    "default_generator",
    "get_default_device",
    "get_default_dtype",
    "get_float32_matmul_precision",
    "get_num_interop_threads",
    "get_num_threads",
    "get_rng_state",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "iinfo",
    "initial_seed",
    "is_grad_enabled",
    "jit",
    "linspace",
    "load",
    "logspace",
    "malloc",
    "manual_seed",
    "matmul",
    "maximum",
    "minimum",
    "mps",
    "multinomial",
    "nn",
    "no_grad",
    "normal",
    "ones",
    "ones_like",
    "onnx",
    "optim",
    "promote_types",
    "rand",
    "rand_like",
    "randint",
    "randint_like",
    "randn",
    "randn_like",
    "randperm",
    "result_type",
    "save",
    "seed",
    "set_default_device",
    "set_default_dtype",
    "set_float32_matmul_precision",
    "set_grad_enabled",
    "set_num_interop_threads",
    "set_num_threads",
    "set_rng_state",
    "stack",
    "tensor",
    "testing",
    "unbroadcast",
    "use_deterministic_algorithms",
    "utils",
    "version",
    "where",
    "zeros",
    "zeros_like",
    # dtypes
    "bfloat16",
    "bool",
    "cdouble",
    "cfloat",
    "chalf",
    "complex32",
    "complex64",
    "complex128",
    "double",
    "float",
    "float16",
    "float32",
    "float64",
    "half",
    "int",
    "int8",
    "int16",
    "int32",
    "int64",
    "long",
    "short",
    "uint8",
    "uint16",
    "uint32",
    "uint64",
]

_aliases.install(__name__)


def __getattr__(name: str):
    # Loaded on first use, so that `import autograd` stays light and never imports nn:
    # `draw` (graphviz, subprocess, ...), `testing` (its checks), and the torch-style names
    # (aliases.py: `nn`, `optim`, `utils`, `save`, `load`, `cuda`, `jit`, `compile`, ...).
    # The drawing lives in the package `autograd.drawing`: no module is named `draw`, so
    # importing it can never replace the function.
    if name in ("draw", "GraphvizNotFoundError"):
        from . import drawing

        value = globals()[name] = getattr(drawing, name)
        return value
    value = _aliases.lazy(name)
    if value is _aliases.MISSING:
        raise AttributeError(f"module 'autograd' has no attribute {name!r}")
    if isinstance(value, _ModuleType):  # functions stay lazy: the API pages find their module
        globals()[name] = value
    return value
