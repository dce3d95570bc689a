"""ASGD: stochastic gradient descent with a decaying rate and Polyak averaging."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.argcheck import number

from .axpy import axpy
from .optimizer import Optimizer, _check_nonneg, _refuse_cuda_options, _scalar_dtype

__all__ = ["ASGD"]


class ASGD(Optimizer):
    r"""Averaged SGD, PyTorch's update exactly.

    With gradient ``g_t`` (negated if ``maximize``), at step ``t = 1, 2, ...``, the rate
    ``eta`` starting at ``lr``, the averaging weight ``mu`` at 1 and the average ``a`` at 0::

        g_t  <- g_t + weight_decay * p_{t-1}
        p_t   = p_{t-1} * (1 - lambd * eta) - eta * g_t
        a_t   = a_{t-1} + mu * (p_t - a_{t-1})      (a_t = p_t while mu == 1)
        eta  <- lr / (1 + lambd * lr * t) ** alpha
        mu   <- 1 / max(1, t - t0)

    The average ``a`` is kept in the state as ``ax`` and not written to the parameters
    (copy it yourself to evaluate the averaged model). State per parameter: ``step``,
    ``eta``, ``mu`` (floats rounded to float32 unless the default dtype is float64, as
    PyTorch's) and ``ax``. ``foreach`` is accepted for PyTorch's signature.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        lambd: float = 1e-4,
        alpha: float = 0.75,
        t0: float = 1e6,
        weight_decay: float = 0.0,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
        capturable: bool = False,
    ) -> None:
        _refuse_cuda_options("ASGD", capturable, differentiable)
        defaults = dict(
            lr=lr,
            lambd=lambd,
            alpha=alpha,
            t0=t0,
            weight_decay=weight_decay,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        who = type(self).__name__
        _check_nonneg(options, "lr", "weight_decay", who=who)
        for name in ("lambd", "alpha", "t0"):
            if name in options:
                number(options[name], name, who)

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        lr, lambd = group["lr"], group["lambd"]
        scalar = _scalar_dtype()
        s = self.state[p]
        if not s:
            s.update(step=0, eta=float(scalar(lr)), mu=1.0, ax=np.zeros_like(data))
        s["step"] += 1
        step, eta, mu, ax = s["step"], s["eta"], s["mu"], s["ax"]
        np.multiply(data, 1 - lambd * eta, out=data)
        axpy(-eta, g, data)
        if mu != 1:
            tmp = self._buffer(data)
            np.subtract(data, ax, out=tmp)
            np.multiply(tmp, mu, out=tmp)
            np.add(ax, tmp, out=ax)
        else:
            ax[...] = data
        s["eta"] = float(scalar(lr / ((1 + lambd * lr * step) ** group["alpha"])))
        s["mu"] = float(scalar(1 / max(1, step - group["t0"])))
