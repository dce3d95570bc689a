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


class _Paths:
    """The extended targets of a batch, padded to the longest (N, S' = 2 * max length + 1):
    l' (blanks around and between the labels), where a position may be reached by skipping
    the blank before it (a label unlike the one two positions back), and which positions
    are a sample's own; with the input and target lengths."""

    __slots__ = ("primes", "skip", "own", "inputs", "lengths")

    def __init__(self, targets: list[np.ndarray], lengths: list[tuple[int, int]], blank: int):
        n = len(targets)
        width = 2 * max((len(t) for t in targets), default=0) + 1
        self.primes = np.full((n, width), blank, np.int64)
        for b, t in enumerate(targets):
            self.primes[b, 1 : 2 * len(t) : 2] = t
        self.lengths = np.array([tl for _, tl in lengths], np.int64)
        self.inputs = np.array([il for il, _ in lengths], np.int64)
        self.own = np.arange(width)[None, :] < 2 * self.lengths[:, None] + 1
        self.skip = np.zeros((n, width), bool)
        self.skip[:, 2:] = self.primes[:, 2:] != self.primes[:, :-2]

    def emit(self, lp_t: np.ndarray) -> np.ndarray:
        """log_probs of frame t (N, C) at each sample's positions (N, S')."""
        return np.take_along_axis(lp_t, self.primes, axis=1)

    def alpha(self, lp: np.ndarray) -> np.ndarray:
        """log alpha (T, N, S'): the log probability of the prefixes ending at each position
        (-inf off a sample's positions; frames past its input length are not used)."""
        steps, n, width = lp.shape[0], lp.shape[1], self.primes.shape[1]
        neg = lp.dtype.type(-np.inf)
        alpha = np.full((steps, n, width), neg)
        first = self.emit(lp[0])
        alpha[0, :, 0] = first[:, 0]
        if width > 1:
            alpha[0, :, 1] = np.where(self.lengths > 0, first[:, 1], neg)
        pad = np.full((n, 2), neg)
        for t in range(1, steps):
            prev = np.concatenate((pad, alpha[t - 1]), axis=1)
            one, two = prev[:, 1:-1], np.where(self.skip, prev[:, :-2], neg)
            step = _log_add3(alpha[t - 1], one, two) + self.emit(lp[t])
            alpha[t] = np.where(self.own, step, neg)
        return alpha

    def beta(self, lp: np.ndarray) -> np.ndarray:
        """log beta (T, N, S'): the log probability of the suffixes starting at each position,
        from each sample's last frame back (-inf past it and off its positions)."""
        steps, n, width = lp.shape[0], lp.shape[1], self.primes.shape[1]
        neg = lp.dtype.type(-np.inf)
        beta = np.full((steps, n, width), neg)
        pos = np.arange(width)[None, :]
        last = 2 * self.lengths[:, None]
        ends = (pos == last) | ((pos == last - 1) & (last > 0))  # where a path may end
        ahead = np.concatenate((self.skip[:, 2:], np.zeros((n, 2), bool)), axis=1)
        pad = np.full((n, 2), neg)
        nxt = np.full((n, width), neg)
        for t in range(steps - 1, -1, -1):
            emit = self.emit(lp[t])
            after = np.concatenate((nxt, pad), axis=1)
            one, two = after[:, 1 : width + 1], np.where(ahead, after[:, 2:], neg)
            step = _log_add3(nxt, one, two) + emit
            at_end = (t == self.inputs - 1)[:, None]
            inside = (t < self.inputs - 1)[:, None]
            beta[t] = np.where(at_end & ends, emit, np.where(inside & self.own, step, neg))
            nxt = beta[t]
        return beta

    def nll(self, alpha: np.ndarray | None, dtype) -> np.ndarray:
        """Each sample's loss from its last frame's alphas: -log(alpha[2L] + alpha[2L - 1])."""
        n = self.primes.shape[0]
        out = np.empty(n, dtype)
        for b in range(n):
            il, tl = int(self.inputs[b]), int(self.lengths[b])
            if il == 0:
                out[b] = 0 if tl == 0 else np.inf
            elif tl == 0:
                out[b] = -alpha[il - 1, b, 0]
            else:
                x, y = alpha[il - 1, b, 2 * tl], alpha[il - 1, b, 2 * tl - 1]
                m = max(x, y)
                m = 0 if m == -np.inf else m
                out[b] = -(np.log(np.exp(x - m) + np.exp(y - m)) + m)
        return out


class CTCLossOp(Op):
    """The per-sample CTC loss of log_probs (T, N, C): (N,) (see the module docstring)."""

    __slots__ = ("blank", "zero_infinity", "_paths", "_nll")

    def forward(self, lp):
        paths = self._paths
        steps = int(paths.inputs.max(initial=0))
        with np.errstate(all="ignore"):
            alpha = paths.alpha(lp[:steps]) if steps else None  # (no frames: losses 0 or inf)
            self._nll = paths.nll(alpha, lp.dtype)
        return self._nll

    def backward(self, g, out, lp):
        return (CTCLossGrad.call(g, lp, _of=self),)


class CTCLossGrad(Op):
    """The gradient of `CTCLossOp` from alpha and beta (PyTorch's closed form); like
    PyTorch's, it has no derivative of its own."""

    __slots__ = ("_of",)  # the CTCLossOp: the paths, blank, the losses

    def forward(self, g, lp):
        op, paths = self._of, self._of._paths
        steps = int(paths.inputs.max(initial=0))
        grad = np.zeros_like(lp)
        if steps == 0:
            return grad
        x = lp[:steps]
        with np.errstate(all="ignore"):
            ab = paths.alpha(x) + paths.beta(x)  # (T, N, S')
            # log of the sum of alpha * beta over the positions of each label
            t_i = np.arange(steps)[:, None, None]
            b_i = np.arange(x.shape[1])[None, :, None]
            where = (t_i, b_i, paths.primes[None, :, :])
            top = np.full(x.shape, -np.inf, x.dtype)
            np.maximum.at(top, where, ab)
            shift = np.where(top == -np.inf, 0, top)
            acc = np.zeros(x.shape, x.dtype)
            np.add.at(acc, where, np.exp(ab - shift[where]))
            lcab = np.log(acc) + shift
            nll = op._nll[None, :, None]
            part = (np.exp(x) - np.exp(lcab + nll - x)) * np.asarray(g, x.dtype)[None, :, None]
        used = np.arange(steps)[:, None] < paths.inputs[None, :]  # (T, N)
        if op.zero_infinity:
            used &= (op._nll != np.inf)[None, :]
        grad[:steps] = np.where(used[:, :, None], part, 0)
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
    if x.size == 0:
        raise RuntimeError("log_probs tensor must not be empty")
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
        _paths=_Paths(split, list(zip(ilen, tlen)), blank),
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
        self.blank = integer(blank, "blank", "CTCLoss")
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
