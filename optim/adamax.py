"""Adamax: Adam with the infinity norm in place of the root mean square."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from .optimizer import Optimizer, _check_betas, _check_nonneg, _lerp_, _refuse_cuda_options

__all__ = ["Adamax"]


class Adamax(Optimizer):
    r"""Adamax, PyTorch's update exactly.

    With gradient ``g_t`` (negated if ``maximize``), at step ``t = 1, 2, ...``, ``m`` and
    ``u`` starting at 0 and ``(beta1, beta2) = betas``::

        g_t  <- g_t + weight_decay * p_{t-1}
        m_t   = beta1 * m_{t-1} + (1 - beta1) * g_t
        u_t   = max(beta2 * u_{t-1}, |g_t| + eps)
        p_t   = p_{t-1} - lr / (1 - beta1^t) * m_t / u_t

    State per parameter: ``step``, ``exp_avg`` (``m``), ``exp_inf`` (``u``).
    ``foreach`` is accepted for PyTorch's signature (graphgrad has one implementation).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 2e-3,
        betas: tuple[float, float] = (0.9, 0.999),
        eps: float = 1e-8,
        weight_decay: float = 0.0,
        foreach: bool | None = None,
        *,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        _refuse_cuda_options("Adamax", capturable, differentiable)
        defaults = dict(
            lr=lr,
            betas=tuple(betas) if isinstance(betas, list) else betas,
            eps=eps,
            weight_decay=weight_decay,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        _check_nonneg(options, "lr", "eps", "weight_decay", who=type(self).__name__)
        _check_betas(options, type(self).__name__)

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        beta1, beta2 = group["betas"]
        s = self.state[p]
        if not s:
            s.update(step=0, exp_avg=np.zeros_like(data), exp_inf=np.zeros_like(data))
        s["step"] += 1
        m, u = s["exp_avg"], s["exp_inf"]
        tmp = self._buffer(data)
        _lerp_(m, g, 1 - beta1, tmp)
        np.multiply(u, beta2, out=u)
        np.abs(g, out=tmp)
        np.add(tmp, group["eps"], out=tmp)
        np.maximum(u, tmp, out=u)  # NaN in either propagates, as torch.maximum
        clr = group["lr"] / (1 - beta1 ** s["step"])
        np.divide(m, u, out=tmp)
        np.multiply(tmp, -clr, out=tmp)
        np.add(data, tmp, out=data)
