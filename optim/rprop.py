"""Rprop: resilient backpropagation, steps from the signs of successive gradients."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np

from autograd.argcheck import number

from .optimizer import Optimizer, _check_nonneg, _refuse_cuda_options

__all__ = ["Rprop"]


class Rprop(Optimizer):
    r"""Rprop, PyTorch's update exactly (the variant without weight backtracking).

    Each entry keeps its own step size ``s`` (starting at ``lr``) and previous gradient
    ``q`` (starting at 0). With gradient ``g_t`` (negated if ``maximize``) and
    ``(eta_minus, eta_plus) = etas``, ``(s_min, s_max) = step_sizes``::

        f     = eta_plus if g_t * q > 0, eta_minus if g_t * q < 0, else 1
        s    <- clamp(s * f, s_min, s_max)
        g_t  <- 0 where f == eta_minus           (the sign flipped: no step, forget it)
        p_t   = p_{t-1} - sign(g_t) * s,   q <- g_t

    As PyTorch's, the sign of NaN is 0 here: a NaN gradient (or ``inf * 0``) neither moves
    the entry nor changes its step size.

    State per parameter: ``step``, ``prev`` (``q``), ``step_size`` (``s``).
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-2,
        etas: tuple[float, float] = (0.5, 1.2),
        step_sizes: tuple[float, float] = (1e-6, 50),
        *,
        capturable: bool = False,
        foreach: bool | None = None,
        maximize: bool = False,
        differentiable: bool = False,
    ) -> None:
        _refuse_cuda_options("Rprop", capturable, differentiable)
        defaults = dict(
            lr=lr,
            etas=tuple(etas) if isinstance(etas, list) else etas,
            step_sizes=tuple(step_sizes) if isinstance(step_sizes, list) else step_sizes,
            maximize=maximize,
        )
        super().__init__(params, defaults)

    def _validate(self, options: dict[str, Any]) -> None:
        who = type(self).__name__
        _check_nonneg(options, "lr", who=who)
        for name in ("etas", "step_sizes"):
            if name not in options:
                continue
            pair = options[name]
            if isinstance(pair, (str, bytes)) or not hasattr(pair, "__len__") or len(pair) != 2:
                raise TypeError(f"{who}: {name} must be a pair of numbers, got {pair!r}")
            for i, value in enumerate(pair):
                number(value, f"{name}[{i}]", who)
        etas = options.get("etas")
        if etas is not None and not 0.0 < etas[0] < 1.0 < etas[1]:
            raise ValueError(
                f"Invalid eta values: {etas[0]}, {etas[1]} (need 0 < etaminus < 1 < etaplus)"
            )

    def _l2(self, group: dict[str, Any]) -> float:
        return 0.0  # Rprop has no weight decay

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        etaminus, etaplus = group["etas"]
        step_size_min, step_size_max = group["step_sizes"]
        s = self.state[p]
        if not s:
            s.update(step=0, prev=np.zeros_like(data), step_size=np.full_like(g, group["lr"]))
        s["step"] += 1
        prev, step_size = s["prev"], s["step_size"]
        with np.errstate(all="ignore"):  # inf * 0 is nan: its sign counts as 0
            product = g * prev
        factor = np.where(product > 0, etaplus, np.where(product < 0, etaminus, 1.0))
        np.multiply(step_size, factor.astype(step_size.dtype, copy=False), out=step_size)
        np.clip(step_size, step_size_min, step_size_max, out=step_size)
        g = np.where(product < 0, 0, g).astype(data.dtype, copy=False)
        np.subtract(data, _sign(g) * step_size, out=data)
        prev[...] = g


def _sign(a: np.ndarray) -> np.ndarray:
    """PyTorch's sign: -1, 0 or 1, and 0 for NaN (numpy's gives NaN)."""
    return (a > 0).astype(a.dtype) - (a < 0).astype(a.dtype)
