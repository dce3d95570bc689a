"""SparseAdam: PyTorch's Adam for sparse gradients, which graphgrad does not have."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from autograd.argcheck import number
from autograd.grad_mode import enable_grad

from .optimizer import Optimizer

__all__ = ["SparseAdam"]


class SparseAdam(Optimizer):
    """PyTorch's SparseAdam: Adam that updates only the entries a sparse gradient holds.

    graphgrad's gradients are always dense, so, as PyTorch's SparseAdam given a dense
    gradient, ``step`` raises ``RuntimeError`` for any parameter that has a gradient. Use
    :class:`Adam` (or :class:`AdamW`) instead: for gradients that are zero outside the
    rows used, Adam's moments still decay there, the only difference from SparseAdam.
    The constructor takes and checks PyTorch's options.
    """

    _refusal = True  # tools/pytorch_names.py: a name that only raises is not counted

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        maximize: bool = False,
    ) -> None:
        defaults = dict(lr=lr, betas=betas, eps=eps, maximize=maximize)
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        """PyTorch's checks and messages (TypeError for a value that is not a number)."""
        lr = number(options["lr"], "lr", "SparseAdam")
        if not 0.0 < lr:
            raise ValueError(f"Invalid learning rate: {lr}")
        eps = number(options["eps"], "eps", "SparseAdam")
        if not 0.0 < eps:
            raise ValueError(f"Invalid epsilon value: {eps}")
        betas = options["betas"]
        for i in (0, 1):
            beta = number(betas[i], f"betas[{i}]", "SparseAdam")
            if not 0.0 <= beta < 1.0:
                raise ValueError(f"Invalid beta parameter at index {i}: {beta}")

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Run ``closure`` (if given), then raise for the first parameter with a gradient
        (dense, as all of graphgrad's), as PyTorch does; with no gradients, nothing."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is not None:
                    raise RuntimeError(
                        "SparseAdam does not support dense gradients, please consider Adam instead"
                    )
        return loss
