"""`autograd.autograd`: the names PyTorch programs reach as `torch.autograd.*`.

`Function`, `grad`, `backward`, `functional`, `gradcheck`, `gradgradcheck`, the grad modes
(`inference_mode` too) and anomaly mode are graphgrad's own (the same objects as
`autograd.Function`, ...); `Variable` is PyTorch's legacy wrapper, which today makes a
tensor; `set_multithreading_enabled` is accepted (graphgrad's backward is single-threaded).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Sequence

from . import engine, functional
from .anomaly import detect_anomaly, set_detect_anomaly
from .engine import grad
from .function import Context, Function
from .grad_mode import _ModeContext, enable_grad, inference_mode, no_grad, set_grad_enabled
from .gradcheck import gradcheck, gradgradcheck
from .tensor_class import Tensor

__all__ = [
    "Context",
    "Function",
    "Variable",
    "backward",
    "detect_anomaly",
    "enable_grad",
    "functional",
    "grad",
    "gradcheck",
    "gradgradcheck",
    "no_grad",
    "set_detect_anomaly",
    "set_grad_enabled",
    "inference_mode",
    "set_multithreading_enabled",
]


def backward(tensors, grad_tensors=None, retain_graph: bool | None = None,
             create_graph: bool = False, grad_variables=None, inputs=None) -> None:  # fmt: skip
    """Accumulate the gradients of one tensor or a sequence of them into the leaves' `.grad`
    in one pass (`grad_tensors`: one gradient, or None for a one-element tensor, each; only
    into the `.grad` of `inputs` when given). `grad_variables` is PyTorch's old name of
    `grad_tensors`."""
    if grad_variables is not None:
        if grad_tensors is not None:
            raise RuntimeError(
                "backward(): 'grad_tensors' and 'grad_variables' (deprecated) arguments both "
                "passed to backward(). Please only use 'grad_tensors'."
            )
        warnings.warn(
            "`grad_variables` is deprecated. Use `grad_tensors` instead.",
            FutureWarning,
            stacklevel=2,
        )
        grad_tensors = grad_variables
    roots = [tensors] if isinstance(tensors, Tensor) else list(tensors)
    if grad_tensors is None or isinstance(grad_tensors, Tensor):
        grads = [grad_tensors] + [None] * (len(roots) - 1)
    elif isinstance(grad_tensors, Sequence):
        grads = list(grad_tensors)
    else:
        grads = [grad_tensors]
    if len(grads) != len(roots):
        raise ValueError(f"backward: {len(roots)} tensors but {len(grads)} gradients")
    for t in roots:
        if not t.requires_grad:
            raise RuntimeError(
                "backward(): element of tensors does not require grad and does not have a grad_fn"
            )
    gs = [engine._root_grad(t, g, create_graph) for t, g in zip(roots, grads)]
    retain = create_graph if retain_graph is None else retain_graph
    if inputs is not None:
        engine.backward_into(roots, gs, retain or create_graph, create_graph, inputs)
        return
    engine.run_backward(roots, gs, retain or create_graph, create_graph)


def Variable(data, requires_grad: bool = False, volatile: bool = False) -> Tensor:
    """PyTorch's legacy `Variable(tensor, requires_grad=...)`: a new tensor sharing the
    data's memory (a leaf), requiring grad if asked."""
    src = data._data if isinstance(data, Tensor) else data
    return Tensor(src, requires_grad=requires_grad)


class _Multithreading(threading.local):
    enabled = True


_multithreading = _Multithreading()


class set_multithreading_enabled(_ModeContext):
    """PyTorch's switch for running backward on device worker threads, in this thread: as a
    call it stays set, as a context manager or decorator the setting before comes back.

    graphgrad's backward always runs on the calling thread, one node at a time, so this
    changes nothing but the recorded setting: code written for PyTorch runs unchanged.
    """

    def __init__(self, mode: bool) -> None:
        self.prev = _multithreading.enabled
        _multithreading.enabled = bool(mode)
        self.mode = bool(mode)

    def __enter__(self) -> None:
        pass

    def __exit__(self, *exc) -> bool:
        _multithreading.enabled = self.prev
        return False

    def __call__(self, fn):
        _multithreading.enabled = self.prev  # as a decorator it acts only while fn runs
        return super().__call__(fn)

    def clone(self) -> set_multithreading_enabled:
        """A fresh manager with the same mode (each decorated call enters its own)."""
        return type(self)(self.mode)


def _is_multithreading_enabled() -> bool:
    """The setting `set_multithreading_enabled` last made in this thread (default True)."""
    return _multithreading.enabled
