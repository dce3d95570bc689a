"""RAdam: Adam with the variance of its adaptive rate rectified (Liu et al.)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import (
    Optimizer,
    _average_square_,
    _check_betas,
    _check_nonneg,
    _lerp_,
    _refuse_cuda_options,
)

__all__ = ["RAdam"]


class RAdam(Optimizer):
    r"""RAdam, PyTorch's update exactly.

    With gradient ``g_t`` (negated if ``maximize``), at step ``t = 1, 2, ...``, ``m`` and
    ``v`` starting at 0 and ``(beta1, beta2) = betas``::

        g_t  <- g_t + weight_decay * p_{t-1}   (decoupled_weight_decay: p_{t-1} *= 1 - lr * wd)
        m_t   = beta1 * m_{t-1} + (1 - beta1) * g_t
        v_t   = beta2 * v_{t-1} + (1 - beta2) * g_t^2
        rho_inf = 2 / (1 - beta2) - 1,   rho_t = rho_inf - 2 t beta2^t / (1 - beta2^t)
        if rho_t > 5:
            r_t = sqrt((rho_t - 4)(rho_t - 2) rho_inf / ((rho_inf - 4)(rho_inf - 2) rho_t))
            p_t = p_{t-1} - lr * m_t / (1 - beta1^t) * sqrt(1 - beta2^t) / (sqrt(v_t) + eps) * r_t
        else:
            p_t = p_{t-1} - lr * m_t / (1 - beta1^t)          (an SGD-with-momentum step)

    State per parameter: ``step``, ``exp_avg`` (``m``), ``exp_avg_sq`` (``v``).
    ``foreach`` is accepted for PyTorch's signature (graphgrad has one implementation).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        decoupled_weight_decay: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        _refuse_cuda_options("RAdam", capturable, differentiable)
        defaults = dict(
            lr=lr,
            betas=tuple(betas) if isinstance(betas, list) else betas,
            eps=eps,
            weight_decay=weight_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        _check_nonneg(options, "lr", "eps", "weight_decay", who=type(self).__name__)
        _check_betas(options, type(self).__name__)

    def _l2(self, group: dict[str, Any]) -> float:
        return 0.0 if group["decoupled_weight_decay"] else group["weight_decay"]

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        s = self.state[p]
        if not s:
            s.update(step=0, exp_avg=np.zeros_like(data), exp_avg_sq=np.zeros_like(data))
        s["step"] += 1
        step = s["step"]
        if group["decoupled_weight_decay"] and weight_decay != 0:
            np.multiply(data, 1 - lr * weight_decay, out=data)
        m, v = s["exp_avg"], s["exp_avg_sq"]
        tmp, upd = self._buffer(data), self._buffer(data, 2)
        _lerp_(m, g, 1 - beta1, tmp)
        _average_square_(v, g, beta2, tmp)
        bias_correction1 = 1 - beta1**step
        bias_correction2 = 1 - beta2**step
        np.divide(m, bias_correction1, out=upd)
        np.multiply(upd, lr, out=upd)
        rho_inf = 2 / (1 - beta2) - 1
        rho_t = rho_inf - 2 * step * (beta2**step) / bias_correction2
        if rho_t > 5.0:
            rect = math.sqrt(
                (rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t)
            )
            np.sqrt(v, out=tmp)
            np.add(tmp, eps, out=tmp)
            np.divide(bias_correction2**0.5, tmp, out=tmp)
            np.multiply(upd, tmp, out=upd)
            np.multiply(upd, rect, out=upd)
        np.subtract(data, upd, out=data)
