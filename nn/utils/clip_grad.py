"""Gradient clipping: `clip_grad_norm_`, `clip_grads_with_norm_`, `clip_grad_value_` and
`get_total_norm`, as in `torch.nn.utils`.

Both replace `p.grad` by a new Tensor instead of scaling its array in place: the
engine may hand one gradient array to two leaves (`z = x + y` gives `x.grad`
and `y.grad` the same array), and an in-place update would then clip it twice.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from autograd import Tensor

from ._common import tensor_list

__all__ = [
    "clip_grad_norm",
    "clip_grad_norm_",
    "clip_grad_value_",
    "clip_grads_with_norm_",
    "get_total_norm",
]


def _norm_type(norm_type) -> float:
    if isinstance(norm_type, str):
        if norm_type.lower() in ("inf", "+inf"):
            return math.inf
        if norm_type.lower() == "-inf":
            return -math.inf
    return float(norm_type)


def _vector_norm(a: np.ndarray, p: float):
    """The p-norm of a flattened array, in its dtype (0-norm: count of non-zeros)."""
    return np.linalg.norm(a.reshape(-1), ord=p).astype(a.dtype, copy=False)


def get_total_norm(
    tensors,
    norm_type: float | str = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """The p-norm of all `tensors` together (the norm of their per-tensor norms).

    With `error_if_nonfinite` a norm of nan or inf raises a `RuntimeError`; ``foreach`` is
    accepted for PyTorch's signature (graphgrad has one implementation).
    """
    p = _norm_type(norm_type)
    arrays = [t.numpy() for t in tensor_list(tensors, "get_total_norm")]
    if not arrays:
        return Tensor(0.0)
    norms = np.array([_vector_norm(a, p) for a in arrays], dtype=np.result_type(*arrays))
    total = _vector_norm(norms, p)
    if error_if_nonfinite and not np.isfinite(total):
        raise RuntimeError(
            f"The total norm of order {p} for gradients from `parameters` is non-finite, so "
            "it cannot be clipped. To disable this error and scale the gradients by the "
            "non-finite norm anyway, set `error_if_nonfinite=False`"
        )
    return Tensor(total)


def clip_grad_norm_(
    parameters,
    max_norm: float,
    norm_type: float | str = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """Scale the gradients of `parameters` so that their joint p-norm is at most `max_norm`.

    `parameters` is a Tensor, an iterable of Tensors or a Module; tensors without
    a gradient are skipped. Returns the total norm of the gradients before
    clipping, as a 0-d Tensor. The scale factor is PyTorch's,
    ``min(1, max_norm / (total_norm + 1e-6))``. With `error_if_nonfinite` a
    total norm of nan or inf raises a `RuntimeError`.
    """
    params = [p for p in tensor_list(parameters, "clip_grad_norm_") if p.grad is not None]
    if not params:
        return Tensor(0.0)
    total = get_total_norm([p.grad for p in params], norm_type)
    value = float(total.numpy())
    if error_if_nonfinite and not math.isfinite(value):
        raise RuntimeError(
            f"clip_grad_norm_: the total {norm_type}-norm of the gradients is {value}, so they "
            "cannot be clipped; pass error_if_nonfinite=False to scale them anyway"
        )
    coef = _clip_coef(max_norm, value)
    if coef < 1.0 or math.isnan(coef):
        _scale_grads(params, coef)
    return total


def _clip_coef(max_norm: float, total: float) -> float:
    """PyTorch's ``min(max_norm / (total + 1e-6), 1)``, NaN if either is NaN."""
    coef = float(max_norm) / (total + 1e-6)
    return coef if math.isnan(coef) else min(coef, 1.0)


def _scale_grads(params: list, coef: float) -> None:
    """Replace each ``p.grad`` by ``p.grad * coef`` (a new Tensor; in the graph if it was)."""
    for p in params:
        g = p.grad
        if g._op is not None:  # a gradient recorded under create_graph: stay in the graph
            p.grad = g * coef
        else:
            a = g.numpy()
            p.grad = Tensor(a * a.dtype.type(coef))


def clip_grads_with_norm_(
    parameters, max_norm: float, total_norm, foreach: bool | None = None
) -> None:
    """Scale the gradients of `parameters` by ``min(1, max_norm / (total_norm + 1e-6))``.

    `total_norm` (a number or 0-d Tensor) is the norm `get_total_norm` computed, perhaps
    over more gradients than these (a model split across stages). Tensors without a
    gradient are skipped; ``foreach`` is accepted for PyTorch's signature.
    """
    params = [p for p in tensor_list(parameters, "clip_grads_with_norm_") if p.grad is not None]
    if not params:
        return
    total = total_norm.item() if isinstance(total_norm, Tensor) else float(total_norm)
    coef = _clip_coef(max_norm, total)
    if coef != 1.0:  # (PyTorch multiplies by the clamped 1.0 too: the same values)
        _scale_grads(params, coef)


def clip_grad_norm(
    parameters,
    max_norm: float,
    norm_type: float | str = 2.0,
    error_if_nonfinite: bool = False,
    foreach: bool | None = None,
) -> Tensor:
    """Deprecated spelling of `clip_grad_norm_` (a FutureWarning, as PyTorch's)."""
    warnings.warn(
        "nn.utils.clip_grad_norm is now deprecated in favor of nn.utils.clip_grad_norm_.",
        FutureWarning,
        stacklevel=2,
    )
    return clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)


def clip_grad_value_(parameters, clip_value: float, foreach: bool | None = None) -> None:
    """Clamp every gradient of `parameters` into [-clip_value, clip_value] (new arrays)."""
    clip_value = float(clip_value)
    if clip_value < 0:
        raise ValueError(f"clip_grad_value_: clip_value must be >= 0, got {clip_value}")
    for p in tensor_list(parameters, "clip_grad_value_"):
        g = p.grad
        if g is None:
            continue
        if g._op is not None:
            p.grad = g.clip(-clip_value, clip_value)
        else:
            p.grad = Tensor(np.clip(g.numpy(), -clip_value, clip_value).astype(g.dtype, copy=False))
