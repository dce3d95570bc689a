"""`skip_init`: build a module whose parameters you will set yourself."""

from __future__ import annotations

import inspect
from typing import Any, TypeVar

from autograd.generator import get_rng_state, set_rng_state

from ..module import Module

__all__ = ["skip_init"]

M = TypeVar("M", bound=Module)


def skip_init(module_cls: type[M], *args: Any, **kwargs: Any) -> M:
    """``module_cls(*args, **kwargs)`` with its parameters' values left unspecified, as
    PyTorch's: overwrite them before use (e.g. with ``load_state_dict`` or ``nn.init``).

    As PyTorch's, the module must accept a ``device`` argument, and the random generator
    is left as it was (PyTorch draws nothing; graphgrad, having no "meta" device, runs the
    constructor's initialization and then restores the generator's state, so the values
    happen to be the usual initial ones and later random numbers are as without the call).
    """
    if not (isinstance(module_cls, type) and issubclass(module_cls, Module)):
        raise RuntimeError(f"Expected a Module; got {module_cls!r}")
    if "device" not in inspect.signature(module_cls).parameters:
        raise RuntimeError("Module must support a 'device' arg to skip initialization")
    state = get_rng_state()
    try:
        return module_cls(*args, **kwargs)
    finally:
        set_rng_state(state)
