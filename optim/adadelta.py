"""Adadelta: steps scaled by the ratio of running RMS of past updates and of gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.argcheck import number

from .optimizer import Optimizer, _average_square_, _check_implementation, _check_nonneg

__all__ = ["Adadelta"]


class Adadelta(Optimizer):
    r"""Adadelta (Zeiler, 2012), PyTorch's update exactly.

    With gradient ``g_t`` (negated if ``maximize``), at step ``t``, all state starting at 0::

        g_t  <- g_t + weight_decay * p_{t-1}               if weight_decay != 0
        v_t   = rho * v_{t-1} + (1 - rho) * g_t^2
        d_t   = sqrt(u_{t-1} + eps) / sqrt(v_t + eps) * g_t
        u_t   = rho * u_{t-1} + (1 - rho) * d_t^2
        p_t   = p_{t-1} - lr * d_t

    State per parameter: ``step``, ``square_avg`` (``v``) and ``acc_delta`` (``u``).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1.0,
        rho: float = 0.9,
        eps: float = 1e-6,
        weight_decay: float = 0.0,
        foreach: bool | None = None,
        *,
        capturable: bool = False,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        _check_implementation("Adadelta", foreach, None, capturable, differentiable)
        defaults = dict(lr=lr, rho=rho, eps=eps, weight_decay=weight_decay, maximize=maximize)
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        who = type(self).__name__
        _check_nonneg(options, "lr", "eps", "weight_decay", who=who)
        rho = options.get("rho", 0.9)
        if not 0.0 <= number(rho, "rho", who) <= 1.0:
            raise ValueError(f"Invalid rho value: {rho!r} (must be in [0, 1])")

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        rho, eps = group["rho"], group["eps"]
        s = self.state[p]
        if not s:
            s.update(step=0, square_avg=np.zeros_like(data), acc_delta=np.zeros_like(data))
        s["step"] += 1
        v, u = s["square_avg"], s["acc_delta"]
        tmp, delta = self._buffer(data), self._buffer(data, 2)
        _average_square_(v, g, rho, tmp)
        np.add(v, eps, out=tmp)
        np.sqrt(tmp, out=tmp)  # std
        np.add(u, eps, out=delta)
        np.sqrt(delta, out=delta)
        np.divide(delta, tmp, out=delta)
        np.multiply(delta, g, out=delta)
        _average_square_(u, delta, rho, tmp)
        np.multiply(delta, -group["lr"], out=delta)
        np.add(data, delta, out=data)
