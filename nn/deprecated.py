"""PyTorch's deprecated nn names, kept so old programs run: `Container` and `NLLLoss2d`.

Each warns as PyTorch's (a FutureWarning with PyTorch's message, which names what to
write instead) and then behaves as its replacement.
"""

from __future__ import annotations

import warnings

from autograd.argcheck import integer

from .losses import NLLLoss
from .module import Module

__all__ = ["Container", "NLLLoss2d"]


class Container(Module):
    """Deprecated: a Module holding the submodules given as keywords (subclass Module)."""

    def __init__(self, **kwargs) -> None:
        warnings.warn(
            "`nn.Container` is deprecated. All of its functionality is now implemented in "
            "`nn.Module`. Subclass that instead.",
            FutureWarning,
            stacklevel=2,
        )
        super().__init__()
        for key, value in kwargs.items():
            self.add_module(key, value)


class NLLLoss2d(NLLLoss):
    """Deprecated: `NLLLoss` (which takes (N, C, H, W) input itself)."""

    def __init__(self, weight=None, size_average=None, ignore_index: int = -100, reduce=None,
                 reduction: str = "mean") -> None:  # fmt: skip
        warnings.warn(
            "`NLLLoss2d` has been deprecated. Please use `NLLLoss` instead as a drop-in "
            "replacement and see https://pytorch.org/docs/main/nn.html#torch.nn.NLLLoss for "
            "more details.",
            FutureWarning,
            stacklevel=2,
        )
        ignore_index = integer(ignore_index, "ignore_index", "NLLLoss2d")
        super().__init__(weight, size_average, ignore_index, reduce, reduction)

    def extra_repr(self) -> str:
        return ""
