"""Muon: momentum steps orthogonalised by a Newton-Schulz iteration, for 2-d parameters."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd.argcheck import integer, number
from autograd.grad_mode import enable_grad
from autograd.versions import bump as _bump

from .optimizer import Optimizer, _lerp_

__all__ = ["Muon"]

EPS = 1e-7
DEFAULT_A, DEFAULT_B, DEFAULT_C = 3.4445, -4.7750, 2.0315
DEFAULT_NS_STEPS = 5


class Muon(Optimizer):
    r"""Muon, PyTorch 2.13's update exactly, for 2-d parameters (hidden layers' weights).

    With gradient ``g_t``, momentum buffer ``B`` starting at 0 and ``mu = momentum``::

        B_t = lerp(B_{t-1}, g_t, 1 - mu)
        U_t = lerp(g_t, B_t, mu) if nesterov else B_t
        O_t = NS(U_t)                     # ns_steps Newton-Schulz steps, ns_coefficients
        p  <- p * (1 - lr * weight_decay)
        p_t = p - lr * s * O_t

    ``s`` is ``sqrt(max(1, rows / cols))`` (``adjust_lr_fn=None`` or ``"original"``) or
    ``0.2 * sqrt(max(rows, cols))`` (``"match_rms_adamw"``). As PyTorch's, ``NS`` runs in
    bfloat16: ``X = U / max(||U||, eps)`` (transposed when taller than wide), then
    ``A = X X^T``, ``X <- a X + (b A + c A A) X``, every result rounded to bfloat16 (numpy
    has no bfloat16: its values are kept in float32). A bfloat16 result may differ from
    PyTorch's in its last bit where PyTorch's float32 sums round differently.

    Parameters of other shapes (biases, embeddings, scalars) are refused: optimize them
    with another optimizer such as AdamW. State per parameter: ``momentum_buffer``.
    """

    def __init__(
        self,
        params: Iterable[Any],
        lr: float = 1e-3,
        weight_decay: float = 0.1,
        momentum: float = 0.95,
        nesterov: bool = True,
        ns_coefficients: tuple[float, float, float] = (DEFAULT_A, DEFAULT_B, DEFAULT_C),
        eps: float = EPS,
        ns_steps: int = DEFAULT_NS_STEPS,
        adjust_lr_fn: str | None = None,
    ) -> None:
        defaults = dict(
            lr=lr,
            weight_decay=weight_decay,
            momentum=momentum,
            nesterov=nesterov,
            ns_coefficients=ns_coefficients,
            eps=eps,
            ns_steps=ns_steps,
            adjust_lr_fn=adjust_lr_fn,
        )
        super().__init__(params, defaults)
        for group in self.param_groups:
            for p in group["params"]:
                if p.ndim != 2:
                    raise ValueError(
                        "Muon only supports 2D parameters whereas we found a parameter "
                        f"with size: {p.size()}"
                    )

    def _validate(self, options: dict[str, Any]) -> None:
        """PyTorch's checks and messages (TypeError for a value that is not a number)."""
        lr = number(options["lr"], "lr", "Muon")
        if not 0.0 <= lr:
            raise ValueError(f"Learning rate should be >= 0 but is: {lr}")
        momentum = number(options["momentum"], "momentum", "Muon")
        if not 0.0 <= momentum:
            raise ValueError(f"momentum should be >= 0 but is: {momentum}")
        weight_decay = number(options["weight_decay"], "weight_decay", "Muon")
        if not 0.0 <= weight_decay:
            raise ValueError(f"weight decay should be >= 0 but is: {weight_decay}")
        number(options["eps"], "eps", "Muon")  # any sign, as PyTorch
        integer(options["ns_steps"], "ns_steps", "Muon")  # < 100, checked by step as PyTorch
        fn = options["adjust_lr_fn"]
        if fn is not None and fn not in ["original", "match_rms_adamw"]:
            raise ValueError(f"Adjust learning rate function {fn} is not supported")

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """One Muon step for every parameter with a gradient; return ``closure()``."""
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        for group in self.param_groups:
            lr, weight_decay, momentum = group["lr"], group["weight_decay"], group["momentum"]
            for p in group["params"]:
                if p.grad is None:
                    continue
                data, g = p.numpy(), p.grad.numpy()
                if g.ndim != 2:
                    raise ValueError("Param gradient must be a 2D matrix")
                s = self.state[p]
                if "momentum_buffer" not in s:
                    s["momentum_buffer"] = np.zeros_like(g)
                buf = s["momentum_buffer"]
                _lerp_(buf, g, 1 - momentum, np.empty_like(buf))
                if group["nesterov"]:
                    update = g.copy()
                    _lerp_(update, buf, momentum, np.empty_like(buf))
                else:
                    update = buf
                ortho = newton_schulz(
                    update, group["ns_coefficients"], group["ns_steps"], group["eps"]
                )
                adjusted_lr = _adjust_lr(lr, group["adjust_lr_fn"], data.shape)
                np.multiply(data, 1 - lr * weight_decay, out=data)
                data += (-adjusted_lr) * ortho.astype(data.dtype)
                _bump(p)
        return loss


def newton_schulz(
    grad: np.ndarray, ns_coefficients: tuple[float, float, float], ns_steps: int, eps: float
) -> np.ndarray:
    """PyTorch's bfloat16 Newton-Schulz orthogonalisation of a matrix (float32 values)."""
    if ns_steps >= 100:
        raise ValueError("Number of steps must be less than 100 for computational efficiency")
    if grad.ndim != 2:
        raise ValueError("Input tensor gradient must be a 2D matrix")
    if len(ns_coefficients) != 3:
        raise ValueError("Coefficients must be a tuple of exactly 3 values")
    a, b, c = (float(np.float32(v)) for v in ns_coefficients)
    x = _bf16(grad).astype(np.float64)
    tall = grad.shape[0] > grad.shape[1]
    if tall:
        x = x.T
    norm = float(_bf16(np.sqrt(np.vdot(x.ravel(), x.ravel()))))
    norm = max(norm, float(_bf16(eps)))
    x = _bf16(x.astype(np.float32) / np.float32(norm)).astype(np.float64)
    for _ in range(ns_steps):
        gram = _bf16(x @ x.T).astype(np.float64)
        # addmm(C, A, B, beta, alpha): the float32 product times alpha, plus beta * C
        gram_sq = (c * (gram @ gram).astype(np.float32)).astype(np.float64)
        gram_update = _bf16(b * gram + gram_sq).astype(np.float64)
        x = _bf16(a * x + (gram_update @ x).astype(np.float32)).astype(np.float64)
    return (x.T if tall else x).astype(np.float32)


def _bf16(x: Any) -> np.ndarray:
    """x rounded to bfloat16 (to nearest, ties to even), as float32 values."""
    f = np.asarray(x, dtype=np.float32)
    bits = f.view(np.uint32).astype(np.uint64)
    bits = ((bits + 0x7FFF + ((bits >> 16) & 1)) >> 16) << 16
    out = bits.astype(np.uint32).view(np.float32)
    return np.where(np.isnan(f), f, out)


def _adjust_lr(lr: float, adjust_lr_fn: str | None, shape: tuple[int, ...]) -> float:
    """The learning rate scaled for the parameter's shape, as PyTorch's."""
    rows, cols = shape[:2]
    if adjust_lr_fn is None or adjust_lr_fn == "original":
        ratio = math.sqrt(max(1, rows / cols))
    elif adjust_lr_fn == "match_rms_adamw":
        ratio = 0.2 * math.sqrt(max(rows, cols))
    else:
        ratio = 1.0
    return lr * ratio
