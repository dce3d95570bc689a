"""Adafactor: Adam-like steps from factored second moments (a row and a column average)."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd.argcheck import number
from autograd.grad_mode import enable_grad
from autograd.versions import bump as _bump

from .optimizer import Optimizer, _lerp_, _scalar_dtype

__all__ = ["Adafactor"]


class Adafactor(Optimizer):
    r"""Adafactor, PyTorch's update exactly (its use of ``lr`` and ``eps1`` included).

    With gradient ``G_t`` (negated if ``maximize``) at step ``t = 1, 2, ...``,
    ``(eps1, eps2) = eps`` (``eps1=None``: the machine epsilon of the parameter's dtype) and
    ``w_t = t ** beta2_decay``::

        rho_t   = min(lr, 1 / sqrt(t))
        alpha_t = max(eps2, RMS(p_{t-1})) * rho_t
        p      <- p * (1 - lr * weight_decay)
        if p has 2 or more dims (factored over the last two):
            R_t = lerp(R_{t-1}, mean(G_t^2, dim=-1), w_t)      # "row_var", shape (..., m, 1)
            C_t = lerp(C_{t-1}, mean(G_t^2, dim=-2), w_t)      # "col_var", shape (..., 1, n)
            V_t = R_t @ C_t / max(mean(R_t, dim=-2), eps1)
        else:
            V_t = lerp(V_{t-1}, G_t^2, w_t)                    # "variance"
        U_t = G_t / sqrt(max(V_t, eps1^2))
        p_t = p - alpha_t / max(1, RMS(U_t) / d) * U_t

    State per parameter: ``step`` (a float, as PyTorch's) and ``row_var``/``col_var`` or
    ``variance``. ``foreach`` is accepted for PyTorch's signature (one implementation).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        beta2_decay: float = -0.8,
        eps: tuple[float | None, float] = (None, 1e-3),
        d: float = 1.0,
        weight_decay: float = 0.0,
        *,
        foreach: bool | None = None,
        maximize: bool = False,
    ) -> None:
        defaults = dict(
            lr=lr,
            beta2_decay=beta2_decay,
            eps=tuple(eps) if isinstance(eps, list) else eps,
            d=d,
            weight_decay=weight_decay,
            foreach=foreach,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        """PyTorch's checks and messages (TypeError for a value that is not a number)."""
        who = "Adafactor"
        lr = number(options["lr"], "lr", who)
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        beta2_decay = number(options["beta2_decay"], "beta2_decay", who)
        if not 0.0 >= beta2_decay:
            raise ValueError(f"beta2_decay should be <= 0 but is: {beta2_decay}")
        eps = options["eps"]
        if isinstance(eps, (str, bytes)) or not hasattr(eps, "__len__") or len(eps) != 2:
            raise TypeError(f"{who}: eps must be a pair (eps1 or None, eps2), got {eps!r}")
        if eps[0] is not None and not 0.0 <= number(eps[0], "eps[0]", who):
            raise ValueError(f"epsilon1 should be >= 0 but is: {eps[0]}")
        if not 0.0 <= number(eps[1], "eps[1]", who):
            raise ValueError(f"epsilon2 should be >= 0 but is: {eps[1]}")
        d = number(options["d"], "d", who)
        if not 1.0 <= d:
            raise ValueError(f"Clipping threshold d should be >= 1 but is: {d}")
        weight_decay = number(options["weight_decay"], "weight_decay", who)
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight_decay should be >= 0 but is: {weight_decay}")

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Adafactor step for every parameter with a gradient; return ``closure()``."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            eps1 = group["eps"][0]
            for p in group["params"]:
                if p.grad is None:
                    continue
                data = p.numpy()
                g = p.grad.numpy()
                if group["maximize"]:
                    g = -g
                if eps1 is None:  # as PyTorch: the first parameter's dtype, for the group
                    eps1 = float(np.finfo(data.dtype).eps)
                self._adafactor(p, data, g, group, eps1)
                _bump(p)
        return loss

    def _adafactor(
        self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any], eps1: float
    ) -> None:
        s = self.state[p]
        if not s:
            s["step"] = _scalar_dtype()(0.0)
            if g.ndim > 1:
                s["row_var"] = np.zeros(g.shape[:-1] + (1,), dtype=g.dtype)
                s["col_var"] = np.zeros(g.shape[:-2] + (1, g.shape[-1]), dtype=g.dtype)
            else:
                s["variance"] = np.zeros_like(g)
        s["step"] += 1
        t = float(s["step"])
        lr, weight_decay = group["lr"], group["weight_decay"]
        one_minus_beta2_t = t ** group["beta2_decay"]
        rho_t = min(lr, 1 / (t**0.5))
        alpha = max(group["eps"][1], _norm(data) / (data.size**0.5)) * rho_t
        if weight_decay != 0:
            np.multiply(data, 1 - lr * weight_decay, out=data)
        if g.ndim > 1:
            row_var, col_var = s["row_var"], s["col_var"]
            row_mean = np.square(np.sqrt(np.sum(g * g, axis=-1, keepdims=True))) / g.shape[-1]
            _lerp_(row_var, row_mean, one_minus_beta2_t, np.empty_like(row_var))
            col_mean = np.square(np.sqrt(np.sum(g * g, axis=-2, keepdims=True))) / g.shape[-2]
            _lerp_(col_var, col_mean, one_minus_beta2_t, np.empty_like(col_var))
            var_estimate = row_var @ col_var
            var_estimate /= np.maximum(row_var.mean(axis=-2, keepdims=True), eps1)
        else:
            variance = s["variance"]
            _lerp_(variance, g * g, one_minus_beta2_t, np.empty_like(variance))
            var_estimate = variance.copy()
        update = np.maximum(var_estimate, eps1 * eps1, out=var_estimate)
        np.sqrt(update, out=update)
        np.divide(1, update, out=update)
        update *= g
        denom = max(1.0, _norm(update) / ((update.size**0.5) * group["d"]))
        data += update * (-alpha / denom)


def _norm(a: np.ndarray) -> float:
    """The 2-norm of all of a's elements, as a Python float."""
    return math.sqrt(float(np.vdot(a.ravel(), a.ravel()))) if a.size else 0.0
