"""Adam (with L2 weight decay and AMSGrad) and AdamW (decoupled weight decay)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import (
    Optimizer,
    _average_square_,
    _check_betas,
    _check_implementation,
    _check_nonneg,
    _lerp_,
)

__all__ = ["Adam", "AdamW"]


class Adam(Optimizer):
    r"""Adam, PyTorch's update exactly.

    With gradient ``g_t`` (negated if ``maximize``), at step ``t = 1, 2, ...``, all state
    starting at 0 and ``(beta1, beta2) = betas``::

        g_t  <- g_t + weight_decay * p_{t-1}      (L2; AdamW instead: p_{t-1} *= 1 - lr * wd)
        m_t   = beta1 * m_{t-1} + (1 - beta1) * g_t
        v_t   = beta2 * v_{t-1} + (1 - beta2) * g_t^2
        u_t   = max(u_{t-1}, v_t)   if amsgrad   else   v_t
        p_t   = p_{t-1} - lr / (1 - beta1^t) * m_t / (sqrt(u_t) / sqrt(1 - beta2^t) + eps)

    ``m`` is updated as ``m += (1 - beta1) * (g - m)``, the form torch's ``lerp_`` uses.
    State per parameter: ``step``, ``exp_avg`` (``m``), ``exp_avg_sq`` (``v``) and
    ``max_exp_avg_sq`` (``u``, if amsgrad).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        amsgrad: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
        decoupled_weight_decay: bool = False,
    ) -> None:
        _check_implementation(type(self).__name__, foreach, fused, capturable, differentiable)
        defaults = dict(
            lr=lr,
            betas=tuple(betas) if isinstance(betas, list) else betas,  # checked by _validate
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
            decoupled_weight_decay=decoupled_weight_decay,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        _check_nonneg(options, "lr", "eps", "weight_decay", who=type(self).__name__)
        _check_betas(options, type(self).__name__)

    def _l2(self, group: dict[str, Any]) -> float:
        return 0.0 if group["decoupled_weight_decay"] else group["weight_decay"]

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        lr, amsgrad = group["lr"], group["amsgrad"]
        beta1, beta2 = group["betas"]
        s = self.state.get(p)
        if s is None:
            s = self.state[p] = {
                "step": 0,
                "exp_avg": np.zeros_like(data),
                "exp_avg_sq": np.zeros_like(data),
            }
            if amsgrad:
                s["max_exp_avg_sq"] = np.zeros_like(data)
        s["step"] += 1
        step = s["step"]
        weight_decay = group["weight_decay"]
        if group["decoupled_weight_decay"] and weight_decay != 0:
            np.multiply(data, 1 - lr * weight_decay, out=data)
        m = s["exp_avg"]
        v = s["exp_avg_sq"]
        tmp = self._buffer(data)
        _lerp_(m, g, 1 - beta1, tmp)
        _average_square_(v, g, beta2, tmp)
        step_size = lr / (1 - beta1**step)
        bias_correction2_sqrt = math.sqrt(1 - beta2**step)
        if amsgrad:
            u = s["max_exp_avg_sq"]
            np.maximum(u, v, out=u)
        else:
            u = v
        np.sqrt(u, out=tmp)
        np.divide(tmp, bias_correction2_sqrt, out=tmp)
        np.add(tmp, group["eps"], out=tmp)
        np.divide(m, tmp, out=tmp)
        np.multiply(tmp, step_size, out=tmp)
        np.subtract(data, tmp, out=data)


class AdamW(Adam):
    r"""Adam with decoupled weight decay (Loshchilov & Hutter), PyTorch's update exactly.

    Each step first shrinks the parameter, ``p <- p * (1 - lr * weight_decay)``, then takes
    the Adam step of :class:`Adam` with no L2 term in the gradient.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 1e-2,
        amsgrad: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        capturable: bool = False,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        super().__init__(
            params,
            lr=lr,
            betas=betas,
            eps=eps,
            weight_decay=weight_decay,
            amsgrad=amsgrad,
            maximize=maximize,
            foreach=foreach,
            capturable=capturable,
            differentiable=differentiable,
            fused=fused,
            decoupled_weight_decay=True,
        )
