"""`gumbel_softmax`: a differentiable sample from a categorical distribution.

Gumbel noise -log(Exp(1)) from the default generator (PyTorch's draws for the same seed)
is added to the logits, divided by `tau` and passed through softmax; with `hard=True`
the result is the one-hot of the largest entry in the forward pass and the soft sample's
gradient in the backward (straight-through).
"""

from __future__ import annotations

import warnings

import numpy as np

from autograd.argcheck import integer
from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor

__all__ = ["gumbel_softmax"]


@composite(show=("tau", "hard"))
def gumbel_softmax(
    logits, tau: float = 1, hard: bool = False, eps: float = 1e-10, dim: int = -1
) -> Tensor:
    """softmax((logits + Gumbel noise) / tau) along `dim`; `hard=True` returns its one-hot
    (the gradient is the soft sample's). `eps` is deprecated and has no effect, as PyTorch."""
    if eps != 1e-10:
        warnings.warn("`eps` parameter is deprecated and has no effect.", stacklevel=3)
    x = as_tensor(logits)
    dim = integer(dim, "dim", "gumbel_softmax")
    if x.dtype.kind != "f":
        raise RuntimeError(
            "gumbel_softmax: Exponential distribution is a continuous probability "
            f"distribution. dtype must be a floating point but you specified {x.dtype} "
            "(pass float logits)"
        )
    nd = max(len(x.shape), 1)
    if not -nd <= dim < nd:
        raise IndexError(
            f"Dimension out of range (expected to be in range of [{-nd}, {nd - 1}], but got {dim})"
        )
    noise = Tensor(np.empty(tuple(x.shape), x.dtype)).exponential_()
    gumbels = -noise.log()  # ~Gumbel(0, 1)
    y_soft = ((x + gumbels) / tau).softmax(dim)
    if not hard:
        return y_soft
    soft = y_soft.numpy().reshape(tuple(x.shape) or (1,))
    y_hard = np.zeros(soft.shape, x.dtype)  # one-hot of the first largest entry
    if soft.size:
        np.put_along_axis(y_hard, soft.argmax(dim, keepdims=True), 1, dim)
    y_hard = y_hard.reshape(tuple(x.shape))
    return y_hard - y_soft.detach() + y_soft
