"""Stochastic gradient descent with momentum, dampening, Nesterov and weight decay."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.argcheck import number

from .axpy import axpy
from .optimizer import Optimizer, _check_implementation, _check_nonneg

__all__ = ["SGD"]


class SGD(Optimizer):
    r"""Stochastic gradient descent, PyTorch's update exactly.

    With gradient ``g_t`` (negated if ``maximize``), at step ``t``::

        g_t <- g_t + weight_decay * p_{t-1}                  if weight_decay != 0
        b_t  = g_t                                           if t == 1
        b_t  = momentum * b_{t-1} + (1 - dampening) * g_t    otherwise   (if momentum != 0)
        d_t  = g_t + momentum * b_t   if nesterov   else   b_t           (if momentum != 0)
        d_t  = g_t                                                       (if momentum == 0)
        p_t  = p_{t-1} - lr * d_t

    State per parameter: ``momentum_buffer`` (``b_t``), when ``momentum != 0``.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        momentum: float = 0.0,
        dampening: float = 0.0,
        weight_decay: float = 0.0,
        nesterov: bool = False,
        *,
        maximize: bool = False,
        foreach: bool | None = None,
        differentiable: bool = False,
        fused: bool | None = None,
    ) -> None:
        _check_implementation("SGD", foreach, fused, differentiable=differentiable)
        defaults = dict(
            lr=lr,
            momentum=momentum,
            dampening=dampening,
            weight_decay=weight_decay,
            nesterov=nesterov,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        who = type(self).__name__
        _check_nonneg(options, "lr", "momentum", "weight_decay", who=who)
        if "dampening" in options:
            number(options["dampening"], "dampening", who)
        if options.get("nesterov") and (
            options.get("momentum", 0) <= 0 or options.get("dampening", 0) != 0
        ):
            raise ValueError(
                "Nesterov momentum requires a momentum > 0 and zero dampening "
                f"(got momentum={options.get('momentum')!r}, "
                f"dampening={options.get('dampening')!r})"
            )

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        lr, momentum = group["lr"], group["momentum"]
        if momentum == 0:
            axpy(-lr, g, data)  # p.add_(g, alpha=-lr): one pass (optim/axpy.py)
            return
        tmp = self._buffer(data)
        s = self.state.get(p)
        if s is None:
            s = self.state[p] = {}
        buf = s.get("momentum_buffer")
        if buf is None:
            buf = s["momentum_buffer"] = np.array(g, dtype=data.dtype, copy=True)
        else:
            dampening = group["dampening"]
            np.multiply(buf, momentum, out=buf)
            if dampening == 0:
                np.add(buf, g, out=buf)
            else:
                axpy(1 - dampening, g, buf)
        if group["nesterov"]:
            np.multiply(buf, momentum, out=tmp)
            np.add(g, tmp, out=tmp)
            d = tmp
        else:
            d = buf
        axpy(-lr, d, data)
