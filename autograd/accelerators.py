"""`cuda`, `mps`, `accelerator` and `backends`: PyTorch's accelerator namespaces, answered
for a machine that has none (graphgrad runs on the CPU).

What PyTorch answers on a CPU-only machine, graphgrad answers too (`cuda.is_available()` is
False, `cuda.device_count()` 0, `cuda.manual_seed_all(s)` does nothing, settings such as
`backends.cudnn.deterministic = True` are kept and change nothing); what PyTorch refuses
there (`cuda.current_device()`, `cuda.synchronize()`) raises a RuntimeError saying graphgrad
runs on the CPU.
"""

from __future__ import annotations

import types

from . import amp, devices
from .random import cpu_capability


def _no_device(what: str):
    def refuse(*args, **kwargs):
        raise devices.unavailable("cuda", what)

    refuse.__name__ = refuse.__qualname__ = what.rsplit(".", 1)[-1].rstrip("()")
    refuse.__doc__ = f"Refused: {what} needs a CUDA device (graphgrad runs on the CPU)."
    return refuse


def _value(v, name: str, doc: str):
    def answer(*args, **kwargs):
        return v

    answer.__name__ = answer.__qualname__ = name
    answer.__doc__ = doc
    return answer


def _namespace(name: str, doc: str, **attrs) -> types.ModuleType:
    m = types.ModuleType(name, doc)
    for k, v in attrs.items():
        setattr(m, k, v)
    return m


class _Settings:
    """A namespace of settings (`backends.cudnn.benchmark = True`): kept, without effect."""

    def __init__(self, name: str, **values):
        object.__setattr__(self, "_name", name)
        self.__dict__.update(values)

    def __repr__(self) -> str:
        shown = ", ".join(f"{k}={v!r}" for k, v in vars(self).items() if not k.startswith("_"))
        return f"<{self._name} ({shown}): settings kept for PyTorch programs, no effect on the CPU>"


cuda = _namespace(
    "autograd.cuda",
    "torch.cuda on a machine without CUDA: nothing is available.",
    is_available=_value(False, "is_available", "False: graphgrad runs on the CPU."),
    device_count=_value(0, "device_count", "0: graphgrad runs on the CPU."),
    is_initialized=_value(False, "is_initialized", "False."),
    is_bf16_supported=_value(False, "is_bf16_supported", "False (numpy has no bfloat16)."),
    manual_seed=_value(None, "manual_seed", "Nothing to seed without CUDA (PyTorch ignores it)."),
    manual_seed_all=_value(None, "manual_seed_all", "Nothing to seed without CUDA."),
    seed=_value(None, "seed", "Nothing to seed without CUDA."),
    seed_all=_value(None, "seed_all", "Nothing to seed without CUDA."),
    empty_cache=_value(None, "empty_cache", "Nothing to free without CUDA."),
    memory_allocated=_value(0, "memory_allocated", "0 bytes: no CUDA memory."),
    max_memory_allocated=_value(0, "max_memory_allocated", "0 bytes: no CUDA memory."),
    memory_reserved=_value(0, "memory_reserved", "0 bytes: no CUDA memory."),
    current_device=_no_device("cuda.current_device()"),
    get_device_name=_no_device("cuda.get_device_name()"),
    get_device_properties=_no_device("cuda.get_device_properties()"),
    set_device=_no_device("cuda.set_device()"),
    synchronize=_no_device("cuda.synchronize()"),
    reset_peak_memory_stats=_no_device("cuda.reset_peak_memory_stats()"),
    __path__=[],  # a package: autograd.cuda.amp is imported through aliases' finder
    amp=_namespace(
        "autograd.cuda.amp",
        "torch.cuda.amp (deprecated in PyTorch): autocast and GradScaler for CUDA, disabled.",
        autocast=amp.cuda_autocast,
        GradScaler=amp.cuda_grad_scaler,
    ),
)

mps = _namespace(
    "autograd.mps",
    "torch.mps on a machine without Apple's Metal: nothing is available.",
    is_available=_value(False, "is_available", "False: graphgrad runs on the CPU."),
    device_count=_value(0, "device_count", "0: graphgrad runs on the CPU."),
    manual_seed=_value(None, "manual_seed", "Nothing to seed without MPS."),
)

accelerator = _namespace(
    "autograd.accelerator",
    "torch.accelerator (PyTorch 2.6+): no accelerator, graphgrad runs on the CPU.",
    is_available=_value(False, "is_available", "False: graphgrad runs on the CPU."),
    current_accelerator=_value(None, "current_accelerator", "None: there is no accelerator."),
    device_count=_value(0, "device_count", "0: there is no accelerator."),
)


backends = _namespace(
    "autograd.backends",
    "torch.backends: CUDA, cuDNN, MPS and MKL-DNN are not available; settings are kept.",
    cudnn=_Settings(
        "backends.cudnn",
        enabled=True,
        benchmark=False,
        deterministic=False,
        allow_tf32=True,
        is_available=_value(False, "is_available", "False: no cuDNN."),
        version=_value(None, "version", "None: no cuDNN."),
    ),
    cuda=_Settings(
        "backends.cuda",
        matmul=_Settings(
            "backends.cuda.matmul", allow_tf32=False, allow_fp16_reduced_precision_reduction=True
        ),  # fmt: skip
        is_built=_value(False, "is_built", "False: graphgrad is not built with CUDA."),
    ),
    mps=_Settings(
        "backends.mps",
        is_available=_value(False, "is_available", "False: graphgrad runs on the CPU."),
        is_built=_value(False, "is_built", "False: graphgrad is not built with MPS."),
    ),
    mkldnn=_Settings(
        "backends.mkldnn",
        enabled=True,
        is_available=_value(False, "is_available", "False: graphgrad computes with numpy."),
    ),
    cpu=_Settings("backends.cpu", get_cpu_capability=cpu_capability),
    __path__=[],  # a package: `import autograd.backends.cudnn as cudnn` through aliases' finder
)
