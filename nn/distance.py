"""Distances and normalisation along a dimension: `normalize`, `cosine_similarity`,
`pairwise_distance`, `pdist` (re-exported by `nn.functional`) and the modules
CosineSimilarity and PairwiseDistance.

Composed from engine ops (the p-norm's gradient at the zero vector is 0, as PyTorch's),
so second derivatives come for free. `cosine_similarity` follows PyTorch 2.13: each
input is divided by its norm clamped at eps, and the clamp is outside the graph, so the
gradient flows through the unclamped norm.
"""

from __future__ import annotations

import numpy as np

from autograd.argcheck import integer, number
from autograd.composite import composite
from autograd.dtypes import promote_types
from autograd.tensor_class import Tensor, as_tensor, where

from .module import Module

__all__ = [
    "CosineSimilarity",
    "PairwiseDistance",
    "cosine_similarity",
    "normalize",
    "pairwise_distance",
    "pdist",
]


def _floating(x: Tensor, who: str) -> Tensor:
    if x.dtype.kind not in "fc":
        raise RuntimeError(
            f"{who}: expected a floating point tensor, got {x.dtype}; convert it first, "
            "e.g. x.float()"
        )
    return x


def _dim(dim, ndim: int, who: str) -> int:
    dim = integer(dim, "dim", who)
    n = max(ndim, 1)
    if not -n <= dim < n:
        raise IndexError(
            f"{who}: Dimension out of range (expected to be in range of [{-n}, {n - 1}], "
            f"but got {dim})"
        )
    return dim


def _pnorm(x: Tensor, p: float, dim: int, keepdim: bool = False) -> Tensor:
    """x.norm(p, dim); p = 0 (the count of nonzeros) stays in the graph with gradient 0."""
    out = x.norm(p, dim, keepdim=keepdim)
    if p == 0 and x.requires_grad:
        never = np.zeros(x.shape, dtype=bool)  # x's values nowhere: a zero gradient
        out = out + where(never, x, np.zeros((), x.dtype)).sum(dim, keepdim)
    return out


def _clamped_outside_graph(t: Tensor, low: float) -> Tensor:
    """max(t, low) in value, with the gradient of t itself (PyTorch clamps under no_grad)."""
    v = t._data
    if not t.requires_grad:
        return Tensor(np.maximum(v, low).astype(v.dtype, copy=False))
    lift = np.where(v < low, low - v, 0).astype(v.dtype, copy=False)  # (inf - inf would be nan)
    return t + Tensor(lift)


@composite(show=("p", "dim"))
def normalize(input, p: float = 2.0, dim: int = 1, eps: float = 1e-12, out=None) -> Tensor:
    """x / max(||x||_p, eps) along dim: unit vectors, and 0 (no NaN) for a zero vector."""
    if out is not None:
        raise TypeError("normalize: out= is not supported; write y = F.normalize(x, ...)")
    x = _floating(as_tensor(input), "normalize")
    p, eps = number(p, "p", "normalize"), number(eps, "eps", "normalize")
    d = _dim(dim, x.ndim, "normalize")
    if x.ndim == 0:
        return normalize(x.reshape(1), p, 0, eps).reshape(())
    return x / x.norm(p, d, keepdim=True).clamp_min(eps)


@composite(show=("dim",))
def cosine_similarity(x1, x2, dim: int = 1, eps: float = 1e-8) -> Tensor:
    """The cosine of the angle between x1 and x2 along dim (they broadcast; dim counts in
    the broadcast shape): sum((x1 / n1) (x2 / n2)), n the norms clamped at eps."""
    a, b = as_tensor(x1), as_tensor(x2)
    common = promote_types(a.dtype, b.dtype)
    if common.kind not in "fc":
        raise RuntimeError(
            f"cosine_similarity: expected common dtype to be floating point, yet common dtype "
            f"is {common}; convert the inputs first, e.g. x.float()"
        )
    eps = number(eps, "eps", "cosine_similarity")
    try:
        shape = np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise RuntimeError(
            f"cosine_similarity: x1 of shape {a.shape} and x2 of shape {b.shape} do not "
            "broadcast to a common shape"
        ) from None
    a, b = a.astype(common).broadcast_to(shape), b.astype(common).broadcast_to(shape)
    d = _dim(dim, len(shape), "cosine_similarity")
    if not shape:
        a, b, d = a.reshape(1), b.reshape(1), 0
    n1 = _clamped_outside_graph(a.norm(2, d, keepdim=True), eps)
    n2 = _clamped_outside_graph(b.norm(2, d, keepdim=True), eps)
    out = ((a / n1) * (b / n2)).sum(d)
    return out.reshape(()) if not shape else out


@composite(show=("p",))
def pairwise_distance(x1, x2, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False) -> Tensor:
    """||x1 - x2 + eps||_p along the last dim (the inputs broadcast); eps keeps the
    gradient finite for equal vectors."""
    a, b = as_tensor(x1), as_tensor(x2)
    p, eps = number(p, "p", "pairwise_distance"), number(eps, "eps", "pairwise_distance")
    try:
        np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise RuntimeError(
            f"pairwise_distance: x1 of shape {a.shape} and x2 of shape {b.shape} do not "
            "broadcast to a common shape"
        ) from None
    diff = a - b + eps
    if diff.dtype.kind not in "fc":
        diff = diff.astype(np.float32)
    last = max(a.ndim, b.ndim) - 1
    if diff.ndim == 0:
        out = _pnorm(diff.reshape(1), p, 0, keepdim)
        return out.reshape(()) if not keepdim else out.reshape(1)
    return _pnorm(diff, p, last, keepdim)


@composite(show=("p",))
def pdist(input, p: float = 2.0) -> Tensor:
    """The p-norm distances between the rows of an (N, M) input, pair (i, j) for i < j in
    order: N (N - 1) / 2 values (the upper triangle of the distance matrix)."""
    x = as_tensor(input)
    if x.ndim != 2:
        raise RuntimeError(f"pdist only supports 2D tensors, got: {x.ndim}D")
    if x.dtype.kind != "f":
        raise RuntimeError(f"pdist only supports floating-point dtypes, got {x.dtype}")
    p = number(p, "p", "pdist")
    if not p >= 0:
        raise RuntimeError(f"pdist only supports non-negative p values, got {p}")
    i, j = np.triu_indices(x.shape[0], 1)
    return _pnorm(x[i] - x[j], p, 1)


class CosineSimilarity(Module):
    """The cosine similarity of two inputs along dim (`nn.functional.cosine_similarity`)."""

    def __init__(self, dim: int = 1, eps: float = 1e-8):
        super().__init__()
        self.dim = integer(dim, "dim", "CosineSimilarity")
        self.eps = number(eps, "eps", "CosineSimilarity")

    def forward(self, x1, x2) -> Tensor:
        """The cosine similarity of x1 and x2 along dim."""
        return cosine_similarity(x1, x2, self.dim, self.eps)


class PairwiseDistance(Module):
    """The p-norm distance ||x1 - x2 + eps||_p along the last dim
    (`nn.functional.pairwise_distance`)."""

    def __init__(self, p: float = 2.0, eps: float = 1e-6, keepdim: bool = False):
        super().__init__()
        self.norm = number(p, "p", "PairwiseDistance")
        self.eps = number(eps, "eps", "PairwiseDistance")
        self.keepdim = bool(keepdim)

    def forward(self, x1, x2) -> Tensor:
        """The distances between x1 and x2 along the last dim."""
        return pairwise_distance(x1, x2, self.norm, self.eps, self.keepdim)
