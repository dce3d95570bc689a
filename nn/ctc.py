"""`CTCLoss` and `ctc_loss`: the connectionist temporal classification loss.

For each sample, the negative log of the summed probability of every alignment of its
target to its input frames: the labels with a blank between and around them (l'), walked
frame by frame, staying on a label, moving to the next, or skipping a blank between two
different labels. Graves et al.'s forward (alpha) recursion in log space gives the loss; the
gradient is their closed form from alpha and the backward (beta) recursion, as PyTorch's CPU
kernel computes it: exp(log_probs) - exp(log(sum of alpha * beta over the positions of each
label) + loss - log_probs), zero past a sample's input length. That is the gradient with
respect to the logits when `log_probs` is a `log_softmax` of them (the usual and intended
input), not the derivative with respect to `log_probs` themselves; as in PyTorch, it has no
derivative of its own. An impossible alignment (a target too long for its input) costs inf
(its gradient is nan), or 0 with a zero gradient under `zero_infinity=True`.
"""

from __future__ import annotations

import numpy as np

from autograd.argcheck import integer
from autograd.op import Op
from autograd.tensor_class import Tensor, as_tensor, where

from .module import Module

__all__ = ["CTCLoss", "ctc_loss"]

_WHO = "ctc_loss_allocate_outputs"


def _log_add3(a: np.ndarray, b: np.ndarray, c: np.ndarray) -> np.ndarray:
    """log(exp(a) + exp(b) + exp(c)), elementwise, shifted by the largest (0 if all -inf)."""
    m = np.maximum(np.maximum(a, b), c)
    m = np.where(m == -np.inf, 0, m)
    return np.log(np.exp(a - m) + np.exp(b - m) + np.exp(c - m)) + m


def _primes(target: np.ndarray, blank: int) -> tuple[np.ndarray, np.ndarray]:
    """l' (the target with blanks around and between its labels) and where a position may
    be reached by skipping the blank before it (a label unlike the one two positions back)."""
    lp = np.full(2 * len(target) + 1, blank, np.int64)
    lp[1::2] = target
    skip = np.zeros(len(lp), bool)
    skip[2:] = lp[2:] != lp[:-2]
    return lp, skip


def _alpha(lp: np.ndarray, primes: np.ndarray, skip: np.ndarray) -> np.ndarray:
    """log alpha, (T, S'): the log probability of the prefixes ending at each position."""
    neg = np.array(-np.inf, lp.dtype)
    alpha = np.full((lp.shape[0], len(primes)), neg)
    alpha[0, :2] = lp[0, primes[:2]]
    for t in range(1, lp.shape[0]):
        prev = alpha[t - 1]
        one = np.concatenate(([neg], prev[:-1]))
        two = np.where(skip, np.concatenate(([neg, neg], prev[:-2]))[: len(prev)], neg)
        alpha[t] = _log_add3(prev, one, two) + lp[t, primes]
    return alpha


def _beta(lp: np.ndarray, primes: np.ndarray, skip: np.ndarray) -> np.ndarray:
    """log beta, (T, S'): the log probability of the suffixes starting at each position."""
    neg = np.array(-np.inf, lp.dtype)
    n = len(primes)
    beta = np.full((lp.shape[0], n), neg)
    beta[-1, max(n - 2, 0) :] = lp[-1, primes[max(n - 2, 0) :]]
    ahead = np.concatenate((skip[2:], [False, False]))[:n]  # s + 2 reachable from s
    for t in range(lp.shape[0] - 2, -1, -1):
        nxt = beta[t + 1]
        one = np.concatenate((nxt[1:], [neg]))
        two = np.where(ahead, np.concatenate((nxt[2:], [neg, neg]))[:n], neg)
        beta[t] = _log_add3(nxt, one, two) + lp[t, primes]
    return beta


def _nll(alpha_last: np.ndarray) -> np.ndarray:
    """The loss from the last frame's alphas: -log(alpha[S'-1] + alpha[S'-2])."""
    if len(alpha_last) == 1:
        return -alpha_last[0]
    a, b = alpha_last[-1], alpha_last[-2]
    m = max(a, b)
    m = 0 if m == -np.inf else m
    return -(np.log(np.exp(a - m) + np.exp(b - m)) + m)


class CTCLossOp(Op):
    """The per-sample CTC loss of log_probs (T, N, C): (N,) (see the module docstring)."""

    __slots__ = ("blank", "zero_infinity", "_targets", "_lengths", "_nll")

    def forward(self, lp):
        nll = np.empty(lp.shape[1], lp.dtype)
        with np.errstate(all="ignore"):
            for b, (target, (length, _)) in enumerate(zip(self._targets, self._lengths)):
                if length == 0:
                    nll[b] = 0 if len(target) == 0 else np.inf
                    continue
                primes, skip = _primes(target, self.blank)
                nll[b] = _nll(_alpha(lp[:length, b], primes, skip)[-1])
        self._nll = nll
        return nll

    def backward(self, g, out, lp):
        return (CTCLossGrad.call(g, lp, _of=self),)


class CTCLossGrad(Op):
    """The gradient of `CTCLossOp` from alpha and beta (PyTorch's closed form); like
    PyTorch's, it has no derivative of its own."""

    __slots__ = ("_of",)  # the CTCLossOp: targets, lengths, blank, the losses

    def forward(self, g, lp):
        op = self._of
        grad = np.zeros_like(lp)
        with np.errstate(all="ignore"):
            for b, (target, (length, _)) in enumerate(zip(op._targets, op._lengths)):
                nll = op._nll[b]
                if length == 0 or (op.zero_infinity and nll == np.inf):
                    continue
                x = lp[:length, b]
                primes, skip = _primes(target, op.blank)
                ab = _alpha(x, primes, skip) + _beta(x, primes, skip)  # (T, S')
                # log of the sum of alpha * beta over the positions of each label
                top = np.full(x.shape, -np.inf, x.dtype)
                np.maximum.at(top, (slice(None), primes), ab)
                shift = np.where(top == -np.inf, 0, top)
                acc = np.zeros(x.shape, x.dtype)
                np.add.at(acc, (slice(None), primes), np.exp(ab - shift[:, primes]))
                lcab = np.log(acc) + shift
                grad[:length, b] = (np.exp(x) - np.exp(lcab + nll - x)) * g[b]
        return grad

    def backward(self, gg, out, g, lp):
        raise RuntimeError("derivative for aten::_ctc_loss_backward is not implemented")


# ------------------------------------------------------------------ arguments
def _lengths(v, name: str) -> list[int]:
    """input_lengths / target_lengths as ints: a sequence of ints or an integer Tensor."""
    if isinstance(v, Tensor) or isinstance(v, np.ndarray):
        a = v.numpy() if isinstance(v, Tensor) else v
        if a.dtype.kind not in "iu":
            raise RuntimeError(f"{name} must be integral")
        return [int(i) for i in a.reshape(-1)]
    if isinstance(v, (int, np.integer)):
        raise TypeError(
            f"ctc_loss: {name} must be a tuple of ints or an integer Tensor, got an int; "
            f"write ({int(v)},) or autograd.tensor({int(v)})"
        )
    return [integer(i, name, "ctc_loss") for i in v]


def _split_targets(t: np.ndarray, target_lengths: list[int], batch: int) -> list[np.ndarray]:
    """Each sample's target, from padded (N, S) or concatenated 1-d targets (PyTorch's checks)."""
    if t.ndim == 1:
        total = sum(target_lengths)
        if t.shape[0] != total:
            raise RuntimeError(
                f"Expected tensor to have size {total} at dimension 0, but got size "
                f"{t.shape[0]} for argument #2 'targets' (while checking arguments for {_WHO})"
            )
        starts = np.cumsum([0, *target_lengths])
        return [t[starts[i] : starts[i + 1]] for i in range(batch)]
    if t.ndim != 2:
        raise RuntimeError(
            f"ctc_loss: targets must be 2-d (N, S) padded or 1-d concatenated, got {t.ndim}-d"
        )
    if t.shape[0] != batch:
        raise RuntimeError(
            f"Expected tensor to have size {batch} at dimension 0, but got size {t.shape[0]} "
            f"for argument #2 'targets' (while checking arguments for {_WHO})"
        )
    longest = max(target_lengths, default=0)
    if t.shape[1] < longest:
        raise RuntimeError(
            f"Expected tensor to have size at least {longest} at dimension 1, but got size "
            f"{t.shape[1]} for argument #2 'targets' (while checking arguments for {_WHO})"
        )
    return [t[i, :n] for i, n in enumerate(target_lengths)]


def ctc_loss(
    log_probs,
    targets,
    input_lengths,
    target_lengths,
    blank: int = 0,
    reduction: str = "mean",
    zero_infinity: bool = False,
) -> Tensor:
    """The CTC loss of log_probs (T, N, C) or (T, C) (a `log_softmax` over C) against targets
    (N, S) padded or concatenated 1-d; `reduction='mean'` divides each loss by its target
    length, then averages over the batch."""
    if reduction not in ("none", "mean", "sum"):
        raise ValueError(f"{reduction} is not a valid value for reduction")
    x, t = as_tensor(log_probs), as_tensor(targets)
    batched = x.ndim == 3
    x3 = x if batched else x.unsqueeze(1)
    if x3.ndim != 3:
        raise RuntimeError(
            f"Expected 3-dimensional tensor, but got {x3.ndim}-dimensional tensor for argument "
            f"#1 'log_probs' (while checking arguments for {_WHO})"
        )
    if x.dtype not in (np.float32, np.float64):
        raise NotImplementedError(f'"ctc_loss_cpu" not implemented for {x.dtype}')
    steps, batch, classes = x3.shape
    ilen = _lengths(input_lengths, "input_lengths")
    tlen = _lengths(target_lengths, "target_lengths")
    blank = integer(blank, "blank", "ctc_loss")
    if not 0 <= blank < classes:
        raise RuntimeError("blank must be in label range")
    for name, got in (("input_lengths", ilen), ("target_lengths", tlen)):
        if len(got) != batch:
            raise RuntimeError(f"{name} must be of size batch_size")
    tv = t.numpy().astype(np.int64)
    split = _split_targets(tv, tlen, batch)
    for name, got in (("input_lengths", ilen), ("target_lengths", tlen)):
        if min(got, default=0) < 0:
            raise RuntimeError(
                f"Expected {name} to have value at least 0, but got value {min(got)} "
                f"(while checking arguments for {_WHO})"
            )
    if max(ilen, default=0) > steps:
        raise RuntimeError(
            f"Expected input_lengths to have value at most {steps}, but got value {max(ilen)} "
            f"(while checking arguments for {_WHO})"
        )
    for part in split:
        if part.size and (part.min() < 0 or part.max() >= classes):
            raise RuntimeError(
                f"ctc_loss: target labels must be in [0, {classes}) (the classes of "
                f"log_probs), got {int(part.min())}..{int(part.max())}"
            )
    res = CTCLossOp.apply(
        x3,
        blank=blank,
        zero_infinity=bool(zero_infinity),
        _targets=split,
        _lengths=list(zip(ilen, tlen)),
        _nll=None,
    )
    if zero_infinity:
        res = where(res._data == np.inf, np.zeros((), res.dtype), res)
    if reduction == "mean":
        divide = np.maximum(np.asarray(tlen, res.dtype), 1)
        return (res / divide).mean()
    if reduction == "sum":
        return res.sum()
    return res if batched else res.squeeze(0)


class CTCLoss(Module):
    """The connectionist temporal classification loss (`nn.functional.ctc_loss`); as
    PyTorch's, `reduction` is checked when the loss is computed."""

    def __init__(self, blank: int = 0, reduction: str = "mean", zero_infinity: bool = False):
        super().__init__()
        self.reduction = reduction
        self.blank = blank
        self.zero_infinity = zero_infinity

    def forward(self, log_probs, targets, input_lengths, target_lengths) -> Tensor:
        """The loss of log_probs (T, N, C) against targets, as `ctc_loss`."""
        return ctc_loss(
            log_probs,
            targets,
            input_lengths,
            target_lengths,
            self.blank,
            self.reduction,
            self.zero_infinity,
        )

    def extra_repr(self) -> str:
        return ""
