"""NAdam: Adam with Nesterov momentum (Dozat), with PyTorch's momentum-decay schedule."""

from __future__ import annotations

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
    _scalar_dtype,
)

__all__ = ["NAdam"]


class NAdam(Optimizer):
    r"""NAdam, PyTorch's update exactly.

    With gradient ``g_t`` (negated if ``maximize``), at step ``t = 1, 2, ...``, ``m`` and
    ``v`` starting at 0, ``P_0 = 1`` and ``(beta1, beta2) = betas``::

        g_t  <- g_t + weight_decay * p_{t-1}   (decoupled_weight_decay: p_{t-1} *= 1 - lr * wd)
        mu_t  = beta1 * (1 - 0.5 * 0.96 ** (t * momentum_decay))
        P_t   = P_{t-1} * mu_t
        m_t   = beta1 * m_{t-1} + (1 - beta1) * g_t
        v_t   = beta2 * v_{t-1} + (1 - beta2) * g_t^2
        d_t   = sqrt(v_t / (1 - beta2^t)) + eps
        p_t   = p_{t-1} - lr * (1 - mu_t) / (1 - P_t) * g_t / d_t
                        - lr * mu_{t+1} / (1 - P_t * mu_{t+1}) * m_t / d_t

    State per parameter: ``step``, ``mu_product`` (``P``, a float rounded to float32 unless
    the default dtype is float64, as PyTorch's), ``exp_avg`` (``m``), ``exp_avg_sq`` (``v``).
    ``foreach`` is accepted for PyTorch's signature (graphgrad has one implementation).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        momentum_decay: float = 4e-3,
        decoupled_weight_decay: bool = False,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
        capturable: bool = False,
        differentiable: bool = False,
    ) -> None:
        _refuse_cuda_options("NAdam", capturable, differentiable)
        defaults = dict(
            lr=lr,
            betas=tuple(betas) if isinstance(betas, list) else betas,
            eps=eps,
            weight_decay=weight_decay,
            momentum_decay=momentum_decay,
            decoupled_weight_decay=decoupled_weight_decay,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        who = type(self).__name__
        _check_nonneg(options, "lr", "eps", "weight_decay", "momentum_decay", who=who)
        _check_betas(options, who)

    def _l2(self, group: dict[str, Any]) -> float:
        return 0.0 if group["decoupled_weight_decay"] else group["weight_decay"]

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        lr, eps, weight_decay = group["lr"], group["eps"], group["weight_decay"]
        beta1, beta2 = group["betas"]
        s = self.state[p]
        if not s:
            s.update(
                step=0,
                mu_product=1.0,
                exp_avg=np.zeros_like(data),
                exp_avg_sq=np.zeros_like(data),
            )
        s["step"] += 1
        step = s["step"]
        if group["decoupled_weight_decay"] and weight_decay != 0:
            np.multiply(data, 1 - lr * weight_decay, out=data)
        momentum_decay = group["momentum_decay"]
        mu = beta1 * (1.0 - 0.5 * 0.96 ** (step * momentum_decay))
        mu_next = beta1 * (1.0 - 0.5 * 0.96 ** ((step + 1) * momentum_decay))
        scalar = _scalar_dtype()
        mu_product = float(scalar(s["mu_product"]) * scalar(mu))
        s["mu_product"] = mu_product
        m, v = s["exp_avg"], s["exp_avg_sq"]
        tmp, denom = self._buffer(data), self._buffer(data, 2)
        _lerp_(m, g, 1 - beta1, tmp)
        _average_square_(v, g, beta2, tmp)
        np.divide(v, 1 - beta2**step, out=denom)
        np.sqrt(denom, out=denom)
        np.add(denom, eps, out=denom)
        np.multiply(g, -lr * (1.0 - mu) / (1.0 - mu_product), out=tmp)
        np.divide(tmp, denom, out=tmp)
        np.add(data, tmp, out=data)
        np.multiply(m, -lr * mu_next / (1.0 - mu_product * mu_next), out=tmp)
        np.divide(tmp, denom, out=tmp)
        np.add(data, tmp, out=data)
