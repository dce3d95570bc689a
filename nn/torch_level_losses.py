"""The torch-level forms of nn's losses (`torch.kl_div`, `torch.ctc_loss`, ...), with
PyTorch's signatures at that level: the reduction an integer (0 none, 1 mean, 2 sum), none
by default (PyTorch's Python binding reads its schemas' default, Mean, as 0). Re-exported by
nn/torch_level.py, from which autograd loads them on first use.
"""

from __future__ import annotations

from autograd import Tensor
from autograd.argcheck import integer

from . import functional as F

__all__ = [
    "binary_cross_entropy_with_logits",
    "cosine_embedding_loss",
    "ctc_loss",
    "hinge_embedding_loss",
    "kl_div",
    "margin_ranking_loss",
    "poisson_nll_loss",
    "triplet_margin_loss",
]

_REDUCTIONS = {0: "none", 1: "mean", 2: "sum"}  # at::Reduction


def _reduction(reduction, who: str) -> str:
    """PyTorch's integer reduction as F's string."""
    if isinstance(reduction, str):
        raise TypeError(
            f"{who}(): argument 'reduction' must be int (0 none, 1 mean, 2 sum), not str: "
            f"torch.{who} takes the integer; nn.functional.{who} takes {reduction!r}"
        )
    r = integer(reduction, "reduction", who)
    if r not in _REDUCTIONS:
        raise ValueError(f"{who}: {r} is not a valid value for reduction (0, 1 or 2)")
    return _REDUCTIONS[r]


# ------------------------------------------------------------------ losses
def kl_div(input, target, reduction: int = 0, *, log_target: bool = False) -> Tensor:
    """torch.kl_div: reduction 1 is the mean over every element (at this level PyTorch
    gives it without F.kl_div's warning; "batchmean" is F's only); none by default."""
    r = _reduction(reduction, "kl_div")
    loss = F.kl_div(input, target, reduction="none", log_target=log_target)
    return loss if r == "none" else loss.mean() if r == "mean" else loss.sum()


def poisson_nll_loss(
    input, target, log_input: bool, full: bool, eps: float, reduction: int
) -> Tensor:
    """torch.poisson_nll_loss: every argument given, reduction an integer."""
    r = _reduction(reduction, "poisson_nll_loss")
    return F.poisson_nll_loss(input, target, log_input, full, eps=eps, reduction=r)


def margin_ranking_loss(input1, input2, target, margin: float = 0.0, reduction: int = 0) -> Tensor:
    """torch.margin_ranking_loss: reduction an integer."""
    r = _reduction(reduction, "margin_ranking_loss")
    return F.margin_ranking_loss(input1, input2, target, margin, reduction=r)


def hinge_embedding_loss(input, target, margin: float = 1.0, reduction: int = 0) -> Tensor:
    """torch.hinge_embedding_loss: reduction an integer."""
    r = _reduction(reduction, "hinge_embedding_loss")
    return F.hinge_embedding_loss(input, target, margin, reduction=r)


def triplet_margin_loss(
    anchor,
    positive,
    negative,
    margin: float = 1.0,
    p: float = 2,
    eps: float = 1e-6,
    swap: bool = False,
    reduction: int = 0,
) -> Tensor:
    """torch.triplet_margin_loss: reduction an integer."""
    r = _reduction(reduction, "triplet_margin_loss")
    return F.triplet_margin_loss(anchor, positive, negative, margin, p, eps, swap, reduction=r)


def cosine_embedding_loss(
    input1, input2, target, margin: float = 0.0, reduction: int = 0
) -> Tensor:
    """torch.cosine_embedding_loss: reduction an integer."""
    r = _reduction(reduction, "cosine_embedding_loss")
    return F.cosine_embedding_loss(input1, input2, target, margin, reduction=r)


def binary_cross_entropy_with_logits(
    input, target, weight=None, pos_weight=None, reduction: int = 0
) -> Tensor:
    """torch.binary_cross_entropy_with_logits: reduction an integer."""
    r = _reduction(reduction, "binary_cross_entropy_with_logits")
    return F.binary_cross_entropy_with_logits(
        input, target, weight, reduction=r, pos_weight=pos_weight
    )


def ctc_loss(
    log_probs,
    targets,
    input_lengths,
    target_lengths,
    blank: int = 0,
    reduction: int = 0,
    zero_infinity: bool = False,
) -> Tensor:
    """torch.ctc_loss: reduction an integer (1: each loss over its target length, then the
    mean, as F's "mean")."""
    r = _reduction(reduction, "ctc_loss")
    return F.ctc_loss(log_probs, targets, input_lengths, target_lengths, blank, r, zero_infinity)
