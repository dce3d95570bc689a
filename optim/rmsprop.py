"""RMSprop: steps scaled by a running average of squared gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer, _average_square_, _check_implementation, _check_nonneg, _lerp_

__all__ = ["RMSprop"]


class RMSprop(Optimizer):
    r"""RMSprop, PyTorch's update exactly.

    With gradient ``g_t`` (negated if ``maximize``), at step ``t``, all state starting at 0::

        g_t  <- g_t + weight_decay * p_{t-1}              if weight_decay != 0
        v_t   = alpha * v_{t-1} + (1 - alpha) * g_t^2
        a_t   = a_{t-1} + (1 - alpha) * (g_t - a_{t-1})   if centered
        den   = sqrt(v_t - a_t^2) + eps   if centered   else   sqrt(v_t) + eps
        b_t   = momentum * b_{t-1} + g_t / den            if momentum > 0
        p_t   = p_{t-1} - lr * b_t        if momentum > 0  else  p_{t-1} - lr * g_t / den

    State per parameter: ``step``, ``square_avg`` (``v``), ``momentum_buffer`` (``b``, if
    momentum > 0) and ``grad_avg`` (``a``, if centered).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        alpha: float = 0.99,
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum: float = 0.0,
        centered: bool = False,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check_implementation("RMSprop", foreach, None, capturable, differentiable)
        defaults = dict(
            lr=lr,
            alpha=alpha,
            eps=eps,
            weight_decay=weight_decay,
            momentum=momentum,
            centered=centered,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        _check_nonneg(
            options, "lr", "alpha", "eps", "weight_decay", "momentum", who=type(self).__name__
        )

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        alpha, momentum, centered = group["alpha"], group["momentum"], group["centered"]
        s = self.state.get(p)
        if s is None:
            s = self.state[p] = {"step": 0, "square_avg": np.zeros_like(data)}
            if momentum > 0:
                s["momentum_buffer"] = np.zeros_like(data)
            if centered:
                s["grad_avg"] = np.zeros_like(data)
        s["step"] += 1
        v = s["square_avg"]
        tmp = self._buffer(data)
        _average_square_(v, g, alpha, tmp)
        if centered:
            a = s["grad_avg"]
            _lerp_(a, g, 1 - alpha, tmp)
            np.multiply(a, a, out=tmp)
            np.subtract(v, tmp, out=tmp)
            np.sqrt(tmp, out=tmp)
        else:
            np.sqrt(v, out=tmp)
        np.add(tmp, group["eps"], out=tmp)
        np.divide(g, tmp, out=tmp)
        if momentum > 0:
            buf = s["momentum_buffer"]
            np.multiply(buf, momentum, out=buf)
            np.add(buf, tmp, out=buf)
            np.multiply(buf, group["lr"], out=tmp)
        else:
            np.multiply(tmp, group["lr"], out=tmp)
        np.subtract(data, tmp, out=data)
