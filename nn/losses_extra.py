"""PyTorch's other losses: ranking and embedding losses (margin ranking, hinge embedding,
cosine embedding, triplet margin, with or without a distance function), soft-margin
losses (soft margin, multi-label soft margin) and likelihood losses (Poisson and Gaussian
negative log-likelihood), each a function (re-exported by `nn.functional`) and a Module.

They take `reduction="mean" | "sum" | "none"` (and PyTorch's deprecated size_average /
reduce where PyTorch has them), are composed from engine ops, so second derivatives come
for free, and follow PyTorch's formulas to the clamp: a hinge max(z, 0) passes the
gradient at z = 0, as PyTorch's clamp_min does.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from autograd.argcheck import number
from autograd.composite import composite
from autograd.op import value
from autograd.tensor_class import Tensor, as_tensor, minimum, where

from .activations import Log1pExp
from .activations_extra import logsigmoid
from .distance import PairwiseDistance, pairwise_distance
from .losses import _check_reduction, _legacy_reduction, _Loss, _reduce

__all__ = [
    "CosineEmbeddingLoss", "GaussianNLLLoss", "HingeEmbeddingLoss", "MarginRankingLoss",
    "MultiLabelSoftMarginLoss", "PoissonNLLLoss", "SoftMarginLoss", "TripletMarginLoss",
    "TripletMarginWithDistanceLoss",
    "cosine_embedding_loss", "gaussian_nll_loss", "hinge_embedding_loss", "margin_ranking_loss",
    "multilabel_soft_margin_loss", "poisson_nll_loss", "soft_margin_loss", "triplet_margin_loss",
    "triplet_margin_with_distance_loss",
]  # fmt: skip


def _broadcast(who: str, **arrays) -> None:
    """Refuse inputs whose shapes do not broadcast, naming each (PyTorch's RuntimeError)."""
    shapes = {k: tuple(np.shape(value(a))) for k, a in arrays.items() if a is not None}
    try:
        np.broadcast_shapes(*shapes.values())
    except ValueError:
        named = ", ".join(f"{k} {s}" for k, s in shapes.items())
        raise RuntimeError(f"{who}: the shapes of {named} do not broadcast together") from None


def _hinge(z: Tensor) -> Tensor:
    """max(z, 0) with PyTorch's clamp_min gradient: 1 where z >= 0 (the kink included)."""
    v = z._data
    return where(~(v < 0), z, np.zeros((), v.dtype))


# ------------------------------------------------------------------- ranking
@composite(show=("margin", "reduction"))
def margin_ranking_loss(
    input1, input2, target, margin: float = 0.0, size_average=None, reduce=None,
    reduction: str = "mean",
) -> Tensor:  # fmt: skip
    """max(0, -target (input1 - input2) + margin): input1 should rank higher where target
    is 1, lower where it is -1. The three inputs have the same number of dims (they
    broadcast)."""
    reduction = _legacy_reduction("margin_ranking_loss", size_average, reduce, reduction)
    _check_reduction("margin_ranking_loss", reduction)
    x1, x2, y = as_tensor(input1), as_tensor(input2), as_tensor(target)
    if not x1.ndim == x2.ndim == y.ndim:
        raise RuntimeError(
            "margin_ranking_loss : All input tensors should have same dimension but got sizes: "
            f"input1: {x1.shape}, input2: {x2.shape}, target: {y.shape}"
        )
    _broadcast("margin_ranking_loss", input1=x1, input2=x2, target=y)
    margin = number(margin, "margin", "margin_ranking_loss")
    return _reduce(_hinge(-y * (x1 - x2) + margin), reduction)


@composite(show=("margin", "reduction"))
def hinge_embedding_loss(
    input, target, margin: float = 1.0, size_average=None, reduce=None, reduction: str = "mean"
) -> Tensor:
    """input where target is 1, max(0, margin - input) where it is -1 (PyTorch's formula:
    a target that is neither gets both terms)."""
    reduction = _legacy_reduction("hinge_embedding_loss", size_average, reduce, reduction)
    _check_reduction("hinge_embedding_loss", reduction)
    x, y = as_tensor(input), value(target)
    _broadcast("hinge_embedding_loss", input=x, target=y)
    margin = number(margin, "margin", "hinge_embedding_loss")
    zero = np.zeros((), x.dtype if x.dtype.kind in "fc" else np.float32)
    below = where(y != 1, _hinge(margin - x), zero)
    return _reduce(below + where(y != -1, x, zero), reduction)


_EPSILON = 1e-12  # PyTorch's, added to each squared norm


@composite(show=("margin", "reduction"))
def cosine_embedding_loss(
    input1, input2, target, margin: float = 0.0, size_average=None, reduce=None,
    reduction: str = "mean",
) -> Tensor:  # fmt: skip
    """1 - cos(x1, x2) where target is 1, max(0, cos(x1, x2) - margin) where it is -1;
    rows of (N, D) inputs with an (N,) target, or (D,) inputs with a 0-d target."""
    reduction = _legacy_reduction("cosine_embedding_loss", size_average, reduce, reduction)
    _check_reduction("cosine_embedding_loss", reduction)
    x1, x2, y = as_tensor(input1), as_tensor(input2), value(target)
    yd = np.ndim(y)
    if yd not in (0, 1):
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    if x1.ndim != yd + 1 or x2.ndim != yd + 1:
        raise RuntimeError(
            f"cosine_embedding_loss: {yd}D target tensor expects {yd + 1}D input tensors, but "
            f"found inputs with sizes {list(x1.shape)} and {list(x2.shape)}."
        )
    _broadcast("cosine_embedding_loss", input1=x1, input2=x2)
    if yd and np.shape(y)[0] not in (1, max(x1.shape[0], x2.shape[0])):
        raise RuntimeError(
            f"cosine_embedding_loss: the target has {np.shape(y)[0]} elements for "
            f"{max(x1.shape[0], x2.shape[0])} pairs of inputs"
        )
    margin = number(margin, "margin", "cosine_embedding_loss")
    prod = (x1 * x2).sum(yd)
    mag1, mag2 = (x1 * x1).sum(yd) + _EPSILON, (x2 * x2).sum(yd) + _EPSILON
    cos = prod / (mag1 * mag2).sqrt()
    zero = np.zeros((), cos.dtype)
    out = where(y == 1, 1 - cos, zero) + where(y == -1, _hinge(cos - margin), zero)
    return _reduce(out, reduction)


def _triplet(who, anchor, positive, negative, distance, margin, swap, reduction) -> Tensor:
    a, p, n = as_tensor(anchor), as_tensor(positive), as_tensor(negative)
    if not a.ndim == p.ndim == n.ndim:
        raise RuntimeError(
            "The anchor, positive, and negative tensors are expected to have the same number "
            f"of dimensions, but got: anchor {a.ndim}D, positive {p.ndim}D, and negative "
            f"{n.ndim}D inputs"
        )
    dist_pos, dist_neg = distance(a, p), distance(a, n)
    if swap:
        dist_neg = minimum(as_tensor(dist_neg), distance(p, n))
    return _reduce(_hinge(margin + dist_pos - dist_neg), reduction)


def _positive_margin(who: str, margin) -> float:
    margin = number(margin, "margin", who)
    if not margin > 0:
        raise ValueError(f"{who}: margin must be greater than 0, got {margin}")
    return margin


@composite(show=("margin", "p", "swap", "reduction"))
def triplet_margin_loss(
    anchor, positive, negative, margin: float = 1.0, p: float = 2, eps: float = 1e-6,
    swap: bool = False, size_average=None, reduce=None, reduction: str = "mean",
) -> Tensor:  # fmt: skip
    """max(d(a, p) - d(a, n) + margin, 0), d the p-norm pairwise distance (with eps);
    swap=True uses min(d(a, n), d(p, n)) for the negative distance."""
    reduction = _legacy_reduction("triplet_margin_loss", size_average, reduce, reduction)
    _check_reduction("triplet_margin_loss", reduction)
    margin = _positive_margin("triplet_margin_loss", margin)
    p, eps = number(p, "p", "triplet_margin_loss"), number(eps, "eps", "triplet_margin_loss")
    if np.ndim(value(anchor)) == np.ndim(value(positive)) == np.ndim(value(negative)):
        _broadcast("triplet_margin_loss", anchor=anchor, positive=positive, negative=negative)

    def distance(x1, x2):
        return pairwise_distance(x1, x2, p, eps)

    return _triplet("triplet_margin_loss", anchor, positive, negative, distance, margin, swap,
                    reduction)  # fmt: skip


@composite(show=("margin", "swap", "reduction"))
def triplet_margin_with_distance_loss(
    anchor, positive, negative, *, distance_function: Callable | None = None,
    margin: float = 1.0, swap: bool = False, reduction: str = "mean",
) -> Tensor:  # fmt: skip
    """max(d(a, p) - d(a, n) + margin, 0) with any distance function d (default
    `pairwise_distance`); swap=True uses min(d(a, n), d(p, n))."""
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    margin = _positive_margin("triplet_margin_with_distance_loss", margin)
    distance = pairwise_distance if distance_function is None else distance_function
    return _triplet("triplet_margin_with_distance_loss", anchor, positive, negative, distance,
                    margin, swap, reduction)  # fmt: skip


# -------------------------------------------------------------- soft margins
@composite(show=("reduction",))
def soft_margin_loss(
    input, target, size_average=None, reduce=None, reduction: str = "mean"
) -> Tensor:
    """log(1 + exp(-target input)), the two-class logistic loss for targets +-1 (computed
    without overflow)."""
    reduction = _legacy_reduction("soft_margin_loss", size_average, reduce, reduction)
    _check_reduction("soft_margin_loss", reduction)
    x, y = as_tensor(input), as_tensor(target)
    _broadcast("soft_margin_loss", input=x, target=y)
    return _reduce(Log1pExp.apply(-x * y), reduction)


@composite(show=("reduction",))
def multilabel_soft_margin_loss(
    input, target, weight=None, size_average=None, reduce=None, reduction: str = "mean"
) -> Tensor:
    """-(y log sigmoid(x) + (1 - y) log sigmoid(-x)), times weight, averaged over the
    classes (the last dim): one loss per sample, then reduced."""
    reduction = _legacy_reduction("multilabel_soft_margin_loss", size_average, reduce, reduction)
    _check_reduction("multilabel_soft_margin_loss", reduction)
    x, y = as_tensor(input), as_tensor(target)
    if x.ndim == 0:
        raise IndexError(
            "multilabel_soft_margin_loss: the input has no class dimension (it is 0-d); "
            "give one row of class scores, e.g. input.reshape(1)"
        )
    _broadcast("multilabel_soft_margin_loss", input=x, target=y, weight=weight)
    loss = -(y * logsigmoid(x) + (1 - y) * logsigmoid(-x))
    if weight is not None:
        loss = loss * weight
    return _reduce(loss.sum(x.ndim - 1) / x.shape[-1], reduction)


# --------------------------------------------------------------- likelihoods
@composite(show=("log_input", "full", "reduction"))
def poisson_nll_loss(
    input, target, log_input: bool = True, full: bool = False, size_average=None,
    eps: float = 1e-8, reduce=None, reduction: str = "mean",
) -> Tensor:  # fmt: skip
    """The Poisson negative log-likelihood: exp(input) - target input for log-rates
    (log_input=True), else input - target log(input + eps); full=True adds Stirling's
    term target log(target) - target + log(2 pi target) / 2 where target > 1."""
    reduction = _legacy_reduction("poisson_nll_loss", size_average, reduce, reduction)
    _check_reduction("poisson_nll_loss", reduction)
    x, y = as_tensor(input), as_tensor(target)
    _broadcast("poisson_nll_loss", input=x, target=y)
    eps = number(eps, "eps", "poisson_nll_loss")
    loss = x.exp() - y * x if log_input else x - y * (x + eps).log()
    if full:
        big = np.asarray(y._data > 1)
        t = where(big, y, np.ones((), y.dtype) * 2)  # a safe stand-in where the term is 0
        stirling = t * t.log() - t + (t * (2 * math.pi)).log() * 0.5
        loss = loss + where(big, stirling, np.zeros((), stirling.dtype))
    return _reduce(loss, reduction)


@composite(show=("full", "reduction"))
def gaussian_nll_loss(
    input, target, var, full: bool = False, eps: float = 1e-6, reduction: str = "mean"
) -> Tensor:
    """The Gaussian negative log-likelihood (log(var) + (input - target)^2 / var) / 2 (plus
    log(2 pi) / 2 with full=True). var: one per element, one per row with the last dim
    left out or of size 1, one mismatched dim of size 1, or a number; clamped at eps
    (outside the graph, as PyTorch's)."""
    x, y = as_tensor(input), as_tensor(target)
    _broadcast("gaussian_nll_loss", input=x, target=y)
    if isinstance(var, (int, float)) and not isinstance(var, bool):
        if var < 0:
            raise ValueError("gaussian_nll_loss: var has negative entry/entries")
        v = Tensor(np.full(x.shape, var, x.dtype if x.dtype.kind == "f" else np.float32))
    else:
        v = as_tensor(var)
        if (np.asarray(v._data) < 0).any():
            raise ValueError("gaussian_nll_loss: var has negative entry/entries")
    if v.shape != x.shape:
        if x.shape[:-1] == v.shape:  # one variance per row: broadcast along the last dim
            v = v.unsqueeze(-1)
        elif not (x.ndim == v.ndim and sum(b for a, b in zip(x.shape, v.shape) if a != b) == 1):
            raise ValueError(
                f"gaussian_nll_loss: var is of incorrect size {v.shape} for input of shape "
                f"{x.shape}: give one per element, one per row (the last dim left out or 1), "
                "or a shape that differs in one dim of size 1"
            )
    if reduction not in ("mean", "sum", "none"):
        raise ValueError(f"{reduction} is not valid")
    eps = number(eps, "eps", "gaussian_nll_loss")
    vv = v._data
    lift = np.where(vv < eps, eps - vv, 0).astype(
        vv.dtype, copy=False
    )  # the clamp, outside the graph
    v = v + Tensor(lift)
    d = x - y
    loss = (v.log() + d * d / v) * 0.5
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return _reduce(loss, reduction)


# ------------------------------------------------------------------- modules
class _PlainLoss(_Loss):
    """A loss module that prints as PyTorch's (its options are not shown)."""

    def extra_repr(self) -> str:
        return ""


class MarginRankingLoss(_PlainLoss):
    """max(0, -target (x1 - x2) + margin) (`nn.functional.margin_ranking_loss`)."""

    def __init__(self, margin: float = 0.0, size_average=None, reduce=None,
                 reduction: str = "mean"):  # fmt: skip
        super().__init__(_legacy_reduction("MarginRankingLoss", size_average, reduce, reduction))
        self.margin = number(margin, "margin", "MarginRankingLoss")

    def forward(self, input1, input2, target) -> Tensor:
        """The loss of input1 ranked against input2 as target says."""
        return margin_ranking_loss(input1, input2, target, self.margin, reduction=self.reduction)


class HingeEmbeddingLoss(_PlainLoss):
    """x where target is 1, max(0, margin - x) where it is -1
    (`nn.functional.hinge_embedding_loss`)."""

    def __init__(self, margin: float = 1.0, size_average=None, reduce=None,
                 reduction: str = "mean"):  # fmt: skip
        super().__init__(_legacy_reduction("HingeEmbeddingLoss", size_average, reduce, reduction))
        self.margin = number(margin, "margin", "HingeEmbeddingLoss")

    def forward(self, input, target) -> Tensor:
        """The hinge embedding loss of input (distances) against target (+-1)."""
        return hinge_embedding_loss(input, target, self.margin, reduction=self.reduction)


class CosineEmbeddingLoss(_PlainLoss):
    """1 - cos(x1, x2) for similar pairs, max(0, cos - margin) for dissimilar ones
    (`nn.functional.cosine_embedding_loss`)."""

    def __init__(self, margin: float = 0.0, size_average=None, reduce=None,
                 reduction: str = "mean"):  # fmt: skip
        super().__init__(_legacy_reduction("CosineEmbeddingLoss", size_average, reduce, reduction))
        self.margin = number(margin, "margin", "CosineEmbeddingLoss")

    def forward(self, input1, input2, target) -> Tensor:
        """The cosine embedding loss of the pairs (input1, input2) labelled by target."""
        return cosine_embedding_loss(input1, input2, target, self.margin, reduction=self.reduction)


class SoftMarginLoss(_PlainLoss):
    """log(1 + exp(-target x)) (`nn.functional.soft_margin_loss`)."""

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(_legacy_reduction("SoftMarginLoss", size_average, reduce, reduction))

    def forward(self, input, target) -> Tensor:
        """The soft margin loss of input against targets +-1."""
        return soft_margin_loss(input, target, reduction=self.reduction)


class MultiLabelSoftMarginLoss(_PlainLoss):
    """Per-class logistic loss averaged over the classes, `weight` per class
    (`nn.functional.multilabel_soft_margin_loss`)."""

    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(
            _legacy_reduction("MultiLabelSoftMarginLoss", size_average, reduce, reduction)
        )
        self.register_buffer("weight", value(weight))

    def forward(self, input, target) -> Tensor:
        """The multi-label soft margin loss of logits against 0/1 targets."""
        return multilabel_soft_margin_loss(input, target, self.weight, reduction=self.reduction)


class TripletMarginLoss(_PlainLoss):
    """max(d(a, p) - d(a, n) + margin, 0) with the p-norm distance
    (`nn.functional.triplet_margin_loss`)."""

    def __init__(self, margin: float = 1.0, p: float = 2.0, eps: float = 1e-6, swap: bool = False,
                 size_average=None, reduce=None, reduction: str = "mean"):  # fmt: skip
        super().__init__(_legacy_reduction("TripletMarginLoss", size_average, reduce, reduction))
        self.margin = _positive_margin("TripletMarginLoss", margin)
        self.p = number(p, "p", "TripletMarginLoss")
        self.eps = number(eps, "eps", "TripletMarginLoss")
        self.swap = bool(swap)

    def forward(self, anchor, positive, negative) -> Tensor:
        """The triplet loss of (anchor, positive, negative)."""
        return triplet_margin_loss(anchor, positive, negative, self.margin, self.p, self.eps,
                                   self.swap, reduction=self.reduction)  # fmt: skip


class TripletMarginWithDistanceLoss(_PlainLoss):
    """The triplet margin loss with any distance function
    (`nn.functional.triplet_margin_with_distance_loss`)."""

    def __init__(self, *, distance_function: Callable | None = None, margin: float = 1.0,
                 swap: bool = False, reduction: str = "mean"):  # fmt: skip
        super().__init__(reduction)
        self.margin = _positive_margin("TripletMarginWithDistanceLoss", margin)
        # PyTorch's default is a PairwiseDistance module (a child module, in the repr)
        self.distance_function = (
            PairwiseDistance() if distance_function is None else distance_function
        )
        self.swap = bool(swap)

    def forward(self, anchor, positive, negative) -> Tensor:
        """The triplet loss of (anchor, positive, negative) under distance_function."""
        return triplet_margin_with_distance_loss(
            anchor, positive, negative, distance_function=self.distance_function,
            margin=self.margin, swap=self.swap, reduction=self.reduction,
        )  # fmt: skip


class PoissonNLLLoss(_PlainLoss):
    """The Poisson negative log-likelihood (`nn.functional.poisson_nll_loss`)."""

    def __init__(self, log_input: bool = True, full: bool = False, size_average=None,
                 eps: float = 1e-8, reduce=None, reduction: str = "mean"):  # fmt: skip
        super().__init__(_legacy_reduction("PoissonNLLLoss", size_average, reduce, reduction))
        self.log_input, self.full = bool(log_input), bool(full)
        self.eps = number(eps, "eps", "PoissonNLLLoss")

    def forward(self, log_input, target) -> Tensor:
        """The loss of the predicted rates (or log-rates) against the counts in target."""
        return poisson_nll_loss(log_input, target, self.log_input, self.full, eps=self.eps,
                                reduction=self.reduction)  # fmt: skip


class GaussianNLLLoss(_PlainLoss):
    """The Gaussian negative log-likelihood with predicted variances
    (`nn.functional.gaussian_nll_loss`)."""

    def __init__(self, *, full: bool = False, eps: float = 1e-6, reduction: str = "mean"):
        super().__init__(reduction)
        self.full = bool(full)
        self.eps = number(eps, "eps", "GaussianNLLLoss")

    def forward(self, input, target, var) -> Tensor:
        """The loss of the predicted means (input) and variances (var) against target."""
        return gaussian_nll_loss(input, target, var, self.full, self.eps, self.reduction)
