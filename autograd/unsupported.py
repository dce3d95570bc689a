"""`jit`, `onnx`, `distributed`, `complex` and `polar`: PyTorch features graphgrad does not
have, as namespaces and functions whose calls fail with a message that says what to do
instead.

The helpers that model code calls while running eagerly work as in eager PyTorch
(`jit.is_scripting()` is False, `@jit.ignore` and `@jit.unused` return the function,
`jit.annotate(T, v)` is v, `distributed.is_available()` is False); compiling, tracing,
exporting and starting process groups raise a RuntimeError. `complex` and `polar` (graphgrad
has no complex dtype) raise a TypeError saying what to write with two real tensors.
"""

from __future__ import annotations

import types

_WEIGHTS = (
    "graphgrad's state dicts have PyTorch's names and shapes: save the weights with "
    "nn.save(model.state_dict(), 'weights.npz'), load them in PyTorch with "
    "model.load_state_dict({k: torch.from_numpy(v) for k, v in numpy.load('weights.npz')"
    ".items()})"
)


class _Namespace(types.ModuleType):
    """A module-like namespace; a name it lacks is an AttributeError that says why."""

    def __init__(self, name: str, doc: str, why: str, **attrs):
        super().__init__(name, doc)
        self._why = why
        for k, v in attrs.items():
            setattr(self, k, v)

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)
        raise AttributeError(f"{self.__name__}.{name}: {self._why}")


def _refuse(what: str, why: str):
    def refuse(*args, **kwargs):
        raise RuntimeError(f"{what}: {why}")

    refuse.__name__ = refuse.__qualname__ = what.rsplit(".", 1)[-1].rstrip("()")
    refuse.__doc__ = f"Refused: {why}"
    return refuse


def _identity_decorator(fn=None, *args, **kwargs):
    """Returns the function unchanged (eager execution, as in PyTorch outside TorchScript)."""
    if fn is None or not callable(fn):
        return lambda f: f
    return fn


def _false(*args, **kwargs) -> bool:
    """False (eager execution)."""
    return False


_NO_JIT = (
    "graphgrad has no TorchScript compiler; run the model as it is (graphgrad is eager). "
    "To deploy it, " + _WEIGHTS
)

jit = _Namespace(
    "autograd.jit",
    "torch.jit: graphgrad runs eagerly; scripting, tracing and TorchScript files are refused.",
    _NO_JIT,
    script=_refuse("jit.script()", _NO_JIT),
    trace=_refuse("jit.trace()", _NO_JIT),
    trace_module=_refuse("jit.trace_module()", _NO_JIT),
    save=_refuse("jit.save()", _NO_JIT),
    load=_refuse("jit.load()", _NO_JIT),
    freeze=_refuse("jit.freeze()", _NO_JIT),
    optimize_for_inference=_refuse("jit.optimize_for_inference()", _NO_JIT),
    is_scripting=_false,
    is_tracing=_false,
    ignore=_identity_decorator,
    unused=_identity_decorator,
    export=_identity_decorator,
    annotate=lambda the_type, the_value: the_value,
)

_NO_ONNX = "graphgrad cannot export ONNX. Export from PyTorch instead: " + _WEIGHTS

onnx = _Namespace(
    "autograd.onnx",
    "torch.onnx: exporting is refused; export from PyTorch with graphgrad's weights.",
    _NO_ONNX,
    export=_refuse("onnx.export()", _NO_ONNX),
    dynamo_export=_refuse("onnx.dynamo_export()", _NO_ONNX),
    is_in_onnx_export=_false,
)

_NO_DIST = (
    "graphgrad has no distributed training (one process, one CPU); run the program in one "
    "process. nn.training.search runs independent fits in parallel processes"
)

distributed = _Namespace(
    "autograd.distributed",
    "torch.distributed: not available; process groups are refused.",
    _NO_DIST,
    is_available=_false,
    is_initialized=_false,
    is_torchelastic_launched=_false,
    init_process_group=_refuse("distributed.init_process_group()", _NO_DIST),
    get_rank=_refuse("distributed.get_rank()", _NO_DIST),
    get_world_size=_refuse("distributed.get_world_size()", _NO_DIST),
    barrier=_refuse("distributed.barrier()", _NO_DIST),
    all_reduce=_refuse("distributed.all_reduce()", _NO_DIST),
    destroy_process_group=_refuse("distributed.destroy_process_group()", _NO_DIST),
)


_NO_COMPLEX = (
    "graphgrad has no complex dtype (its tensors hold real numpy arrays); keep the real and "
    "imaginary parts as two real tensors, re and im, and write the complex arithmetic out "
    "on them: (a + bi)(c + di) is (a*c - b*d, a*d + b*c), |z| is hypot(re, im)"
)


def complex(real, imag, *, out=None):
    """Refused (graphgrad has no complex dtype): keep ``real`` and ``imag`` as two real
    tensors and write the complex arithmetic out on them."""
    raise TypeError(f"autograd.complex(): {_NO_COMPLEX}")


def polar(abs, angle, *, out=None):
    """Refused (graphgrad has no complex dtype): the parts are ``abs * cos(angle)`` and
    ``abs * sin(angle)``, two real tensors."""
    raise TypeError(
        "autograd.polar(): graphgrad has no complex dtype; compute the real and imaginary "
        "parts as two real tensors: re = abs * autograd.cos(angle), "
        "im = abs * autograd.sin(angle)"
    )


# Marked for tools/pytorch_names.py: names that only raise do not count as present.
complex._refusal = polar._refusal = True  # type: ignore[attr-defined]


NO_SPARSE = (
    "graphgrad has no sparse layouts (its tensors are dense numpy arrays); keep the dense "
    "tensor (leave out .to_sparse()): @, mm, spmm, sum and the elementwise ops give the "
    "same values on it. A sparse matrix from indices and values is dense as "
    "autograd.zeros(size).index_put_(tuple(indices), values, accumulate=True)"
)


def sparse_coo_tensor(indices, values, size=None, *, dtype=None, device=None, **kwargs):
    """Refused (graphgrad has no sparse layouts): build the dense tensor with
    ``autograd.zeros(size).index_put_(tuple(indices), values, accumulate=True)``."""
    raise TypeError(f"autograd.sparse_coo_tensor(): {NO_SPARSE}")


sparse_coo_tensor._refusal = True  # type: ignore[attr-defined]
