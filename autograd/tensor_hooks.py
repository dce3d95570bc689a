"""Tensor's autograd hooks and flags (`register_hook`, `retain_grad`, `is_inference`), a mixin.

The hooks themselves run in the engine (autograd/hooks.py says how): a backward
without hooks pays nothing for them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import hooks

if TYPE_CHECKING:
    from collections.abc import Callable

    from .tensor_class import Tensor


class HookMethods:
    """Gradient hooks, `retain_grad`, and inference-mode marks."""

    __slots__ = ()

    def register_hook(self, hook: Callable) -> hooks.RemovableHandle:
        """Call hook(grad) when this tensor's gradient is computed; a returned tensor
        replaces the gradient. Returns a handle whose `.remove()` unregisters it."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        return hooks.register(self, hook)

    def register_post_accumulate_grad_hook(self, hook: Callable) -> hooks.RemovableHandle:
        """Call hook(tensor) after this leaf's `.grad` was updated by a backward."""
        if not self.requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self._op is not None:
            raise RuntimeError(
                "post accumulate grad hooks cannot be registered on non-leaf tensors"
            )
        return hooks.register(self, hook, post=True)

    def retain_grad(self) -> Tensor:
        """Keep the gradient of this non-leaf tensor in `.grad` after backward (after any
        hooks, as PyTorch's); a no-op on a leaf."""
        if not self.requires_grad:
            raise RuntimeError("retain_grad() on a tensor that does not require grad")
        if self._op is None:
            return self  # a leaf's gradient goes to .grad anyway
        r = getattr(self, "_retain", False)
        if type(r) is hooks.Hooks:
            r.retain = True
        else:
            self._retain = True
        return self

    @property
    def retains_grad(self) -> bool:
        """Whether `retain_grad()` was called on this non-leaf tensor."""
        return self._op is not None and hooks.retains(self)

    def is_inference(self) -> bool:
        """Whether the tensor was made in inference mode (`autograd.inference_mode`)."""
        return getattr(self, "_inf", False)
