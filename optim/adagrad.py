"""Adagrad: per-coordinate step sizes from the running sum of squared gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer, _check_implementation, _check_nonneg

__all__ = ["Adagrad"]


class Adagrad(Optimizer):
    r"""Adagrad, PyTorch's update exactly.

    With gradient ``g_t`` (negated if ``maximize``), at step ``t = 1, 2, ...``::

        g_t  <- g_t + weight_decay * p_{t-1}        if weight_decay != 0
        clr   = lr / (1 + (t - 1) * lr_decay)
        s_t   = s_{t-1} + g_t * g_t                 s_0 = initial_accumulator_value
        p_t   = p_{t-1} - clr * g_t / (sqrt(s_t) + eps)

    State per parameter: ``step`` (``t``) and ``sum`` (``s_t``).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lr_decay: float = 0.0,
        weight_decay: float = 0.0,
        initial_accumulator_value: float = 0.0,
        eps: float = 1e-10,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        _check_implementation("Adagrad", foreach, fused, differentiable=differentiable)
        defaults = dict(
            lr=lr,
            lr_decay=lr_decay,
            weight_decay=weight_decay,
            initial_accumulator_value=initial_accumulator_value,
            eps=eps,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        _check_nonneg(
            options,
            "lr",
            "lr_decay",
            "weight_decay",
            "initial_accumulator_value",
            "eps",
            who=type(self).__name__,
        )

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        s = self.state.get(p)
        if s is None:
            init = group["initial_accumulator_value"]
            s = self.state[p] = {"step": 0, "sum": np.full_like(data, init)}
        s["step"] += 1
        acc = s["sum"]
        clr = group["lr"] / (1 + (s["step"] - 1) * group["lr_decay"])
        tmp = self._buffer(data)
        np.multiply(g, g, out=tmp)
        np.add(acc, tmp, out=acc)
        np.sqrt(acc, out=tmp)
        np.add(tmp, group["eps"], out=tmp)
        np.divide(g, tmp, out=tmp)
        np.multiply(tmp, clr, out=tmp)
        np.subtract(data, tmp, out=data)
