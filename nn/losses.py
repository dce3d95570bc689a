"""Loss functions: each a function (re-exported by `nn.functional`) and a Module.

All take `reduction="mean" | "sum" | "none"` with PyTorch's meaning. They are
composed from engine ops (so double backward works), except two fused
primitives: cross-entropy with class-index targets, the hot path of classifier
training (`CrossEntropy` computes the log-softmax once and its backward is
(softmax - onehot) * scale, with no intermediate nodes), and binary
cross-entropy (`BinaryCrossEntropy`: PyTorch's clamped logs and its gradient,
finite at probabilities of exactly 0 and 1).
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from autograd.argcheck import integer, number
from autograd.composite import composite
from autograd.dtypes import HALF, in_float32
from autograd.float_warnings import quiet
from autograd.op import Op, value, xp
from autograd.tensor_class import Tensor, as_tensor, where

from .activations import Log1pExp
from .module import Module

_REDUCTIONS = ("mean", "sum", "none")


def _check_reduction(name: str, reduction: str, extra=()) -> None:
    if reduction not in _REDUCTIONS + tuple(extra):
        raise ValueError(
            f"{name}: reduction must be one of {_REDUCTIONS + tuple(extra)}, got {reduction!r}"
        )


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    if reduction == "mean":
        return loss.mean()
    if reduction == "sum":
        return loss.sum()
    return loss


def _same_shape(name: str, x: Tensor, y: Tensor) -> None:
    if x.shape != y.shape:
        raise ValueError(
            f"{name}: input shape {x.shape} and target shape {y.shape} differ; "
            "they must be the same"
        )


def _pair(name, input, target, reduction):
    _check_reduction(name, reduction)
    x, y = as_tensor(input), as_tensor(target)
    _same_shape(name, x, y)
    return x, y


# --------------------------------------------------------------- regression
@composite(show=("reduction",))
def mse_loss(
    input, target, size_average=None, reduce=None, reduction: str = "mean", weight=None
) -> Tensor:
    """Mean squared error: (input - target)^2 (times `weight`), reduced by `reduction`."""
    reduction = _legacy_reduction("mse_loss", size_average, reduce, reduction)
    x, y = _pair("mse_loss", input, target, reduction)
    d = x - y
    if weight is not None:
        return _weighted("mse_loss", d * d, weight, reduction, True)
    return _reduce(d * d, reduction)


@composite(show=("reduction",))
def l1_loss(
    input, target, size_average=None, reduce=None, reduction: str = "mean", weight=None
) -> Tensor:
    """Mean absolute error: |input - target| (times `weight`), reduced by `reduction`."""
    reduction = _legacy_reduction("l1_loss", size_average, reduce, reduction)
    x, y = _pair("l1_loss", input, target, reduction)
    if weight is not None:
        return _weighted("l1_loss", (x - y).abs(), weight, reduction, True)
    return _reduce((x - y).abs(), reduction)


@composite(
    show=(
        "reduction",
        "delta",
    )
)
def huber_loss(input, target, reduction: str = "mean", delta: float = 1.0, weight=None) -> Tensor:
    """0.5 d^2 where |d| < delta, else delta (|d| - delta / 2), with d = input - target
    (times `weight`, whose "mean" is over the elements, as PyTorch's)."""
    x, y = _pair("huber_loss", input, target, reduction)
    delta = number(delta, "delta", "huber_loss", low=0, low_open=True)
    d = x - y
    a = d.abs()
    loss = where(a._data < delta, d * d * 0.5, (a - 0.5 * delta) * delta)
    if weight is not None:
        return _weighted("huber_loss", loss, weight, reduction, False)
    return _reduce(loss, reduction)


def _legacy_reduction(name: str, size_average, reduce, reduction: str) -> str:
    """PyTorch's deprecated size_average / reduce arguments, mapped as PyTorch does (either
    given: reduce=False is "none", else size_average=False is "sum", else "mean"; `reduction`
    is then ignored), with PyTorch's warning."""
    if size_average is None and reduce is None:
        return reduction
    for arg, v in (("size_average", size_average), ("reduce", reduce)):
        if isinstance(v, str):  # reduction passed by position, where PyTorch has these
            raise TypeError(
                f"{name}: {arg} must be a bool or None, got {v!r}; the deprecated "
                f"size_average and reduce come before reduction: write reduction={v!r}"
            )
    size_average = True if size_average is None else size_average
    reduce = True if reduce is None else reduce
    ret = "none" if not reduce else "mean" if size_average else "sum"
    warnings.warn(
        f"size_average and reduce args will be deprecated, please use reduction='{ret}' instead.",
        UserWarning,
        stacklevel=4,  # the caller of the loss (through its composite or _Loss.__init__)
    )
    return ret


def _weighted(name: str, loss: Tensor, weight, reduction: str, mean_by_weight: bool):
    """PyTorch's elementwise `weight=` of mse/l1/huber_loss: loss * weight, then reduced
    ("mean" divides by weight.sum() for mse and l1, by the element count for huber)."""
    w = as_tensor(weight)
    if w.shape != loss.shape:
        raise ValueError("Weights and input must have the same size.")
    loss = loss * w
    if reduction == "mean" and mean_by_weight:
        return loss.sum() / w.sum()
    return _reduce(loss, reduction)


@composite(
    show=(
        "reduction",
        "beta",
    )
)
def smooth_l1_loss(
    input, target, size_average=None, reduce=None, reduction: str = "mean", beta: float = 1.0
) -> Tensor:
    """0.5 d^2 / beta where |d| < beta, else |d| - beta / 2, with d = input - target
    (beta = 0 is the L1 loss), as F.smooth_l1_loss."""
    reduction = _legacy_reduction("smooth_l1_loss", size_average, reduce, reduction)
    if number(beta, "beta", "smooth_l1_loss") < 0:
        raise ValueError(f"smooth_l1_loss does not support negative values for beta, got {beta}")
    x, y = _pair("smooth_l1_loss", input, target, reduction)
    d = x - y
    a = d.abs()
    if beta == 0:
        return _reduce(a, reduction)
    return _reduce(where(a._data < beta, d * d * (0.5 / beta), a - 0.5 * beta), reduction)


# ------------------------------------------------------------------- binary
_BCE_EPS = float(np.float32(1e-12))  # PyTorch's EPSILON (a float constant) in d/dx
_LOG_FLOOR = math.exp(-100)  # below it, a log is clamped at -100


def _clamped_log(f, x, xv):
    """max(log x, -100), with a gradient that is 0 where clamped (not 0 * inf = nan)."""
    ok = xv >= _LOG_FLOOR
    return f.where(ok, f.log(f.where(ok, x, 1.0)), -100.0)


class BinaryCrossEntropy(Op):
    # Fused, as PyTorch's: -(y max(log x, -100) + (1 - y) max(log(1 - x), -100)). Composed
    # from log and clip, the backward is 0 / 0 = nan at x = 0 or 1, which a saturated float32
    # sigmoid reaches (one such element made the whole batch's gradient nan). Here
    # d/dx = (x - y) / max(x (1 - x), 1e-12), PyTorch's formula, finite everywhere; d/dy is
    # the clamped logs' difference (PyTorch's -logit(x) is infinite at 0 and 1).
    __slots__ = ()
    reads = ((0, 1), (0, 1))

    def forward(self, x, y):
        with np.errstate(all="ignore"):
            log_x = np.maximum(np.log(x), -100)
            log_1mx = np.maximum(np.log1p(-x), -100)
        return -(y * log_x + (1 - y) * log_1mx)

    def backward(self, g, out, x, y):
        need_x, need_y = self.needs
        f, xv = xp(g), value(x)
        gx = gy = None
        if need_x:
            d = x * (1 - x)
            gx = g * (x - y) / f.where(value(d) > _BCE_EPS, d, _BCE_EPS)
        if need_y:
            gy = g * (_clamped_log(f, 1 - x, 1 - xv) - _clamped_log(f, x, xv))
        return gx, gy


@composite(show=("reduction",))
def binary_cross_entropy(
    input, target, weight=None, size_average=None, reduce=None, reduction: str = "mean"
) -> Tensor:
    """-(y log x + (1 - y) log(1 - x)), each log clamped at -100 as in PyTorch; the gradient
    is finite at x = 0 and 1 (PyTorch's (x - y) / max(x (1 - x), 1e-12))."""
    reduction = _legacy_reduction("binary_cross_entropy", size_average, reduce, reduction)
    x, y = _pair("binary_cross_entropy", input, target, reduction)
    xv = x._data
    if xv.size and (np.min(xv) < 0 or np.max(xv) > 1):
        raise ValueError("binary_cross_entropy: input values must be probabilities in [0, 1]")
    loss = BinaryCrossEntropy.apply(x, y)
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


@composite(show=("reduction",))
def binary_cross_entropy_with_logits(
    input,
    target,
    weight=None,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
    pos_weight=None,
) -> Tensor:
    """BCE of sigmoid(input), stable for any logits: (1 - y) x + (1 + (pw - 1) y) softplus(-x)."""
    name = "binary_cross_entropy_with_logits"
    reduction = _legacy_reduction(name, size_average, reduce, reduction)
    x, y = _pair("binary_cross_entropy_with_logits", input, target, reduction)
    sp = Log1pExp.apply(-x)  # log(1 + exp(-x)) = -log sigmoid(x), never overflows
    if pos_weight is not None:
        sp = sp * ((pos_weight - 1) * y + 1)
    loss = (1 - y) * x + sp
    if weight is not None:
        loss = loss * weight
    return _reduce(loss, reduction)


# -------------------------------------------------------------- multi-class
def _class_targets(name: str, x: Tensor, target, ignore_index: int) -> tuple[np.ndarray, bool]:
    """Check class-index targets against input (N, C, d1, ...) or (C,).

    Returns the int array and whether every target is a class (none is ignore_index).
    """
    t = np.asarray(value(target))
    if t.dtype.kind not in "iu":
        raise ValueError(f"{name}: class-index targets must be integers, got dtype {t.dtype}")
    if x.ndim == 0:
        raise ValueError(f"{name}: input must have a class axis, got a 0-d tensor")
    expected = x.shape[:1] + x.shape[2:] if x.ndim >= 2 else ()
    if t.shape != expected:
        raise ValueError(
            f"{name}: target shape {t.shape} does not fit input shape {x.shape} "
            f"(expected target shape {expected})"
        )
    c = x.shape[1] if x.ndim >= 2 else x.shape[0]
    # the common case, all in 0..c-1, in one reduction: negatives read as unsigned are huge
    if t.size == 0 or np.maximum.reduce(t.view(f"u{t.itemsize}"), axis=None) < c:
        return t, not 0 <= ignore_index < c
    bad = ((t < 0) | (t >= c)) & (t != ignore_index)
    if bad.any():
        raise ValueError(
            f"{name}: target value {int(t[bad].flat[0])} is out of range for {c} classes "
            f"(valid: 0..{c - 1}, or ignore_index={ignore_index})"
        )
    return t, False


def _class_weight(name: str, weight, c: int, dtype) -> np.ndarray | None:
    if weight is None:
        return None
    w = np.asarray(value(weight), dtype=dtype)
    if w.shape != (c,):
        raise ValueError(f"{name}: weight must have shape ({c},) (one per class), got {w.shape}")
    return w


def _expand(a):
    """(N, d1, ...) -> (N, 1, d1, ...): line a per-position value up with the class axis."""
    return a.reshape(a.shape[:1] + (1,) + a.shape[1:])


def _col(v):
    """_expand for per-position arrays (or Tensors); numbers pass through."""
    return _expand(v) if getattr(v, "ndim", 0) else v


def _class_shape(w: np.ndarray, ndim: int) -> np.ndarray:
    """Class weights (C,) shaped to broadcast along axis 1 of an ndim-d input."""
    return w.reshape((w.size,) + (1,) * (ndim - 2))


def _row_max(x: np.ndarray) -> np.ndarray:
    """x.max(axis=1, keepdims=True) of (N, C) logits. numpy's reduction along short rows pays
    about 50 ns a row; with many rows and few classes, C - 1 maximums of whole columns are
    faster ((512, 10) float32: 27 -> 9 us). The same values (a max is exact; NaN propagates)."""
    n, c = x.shape
    if c < 2 or n < 16 * c:
        return np.maximum.reduce(x, axis=1, keepdims=True)
    m = x[:, :1].copy()
    for j in range(1, c):
        np.maximum(m, x[:, j : j + 1], out=m)
    return m


@quiet
class CrossEntropy(Op):
    # Fused log-softmax + NLL (+ label smoothing) over axis 1 of (N, C, d1, ...): the
    # log-sum-exp is computed once and the backward is (softmax - smoothed onehot) * scale,
    # with no intermediate nodes. The backward is written once: under create_graph the
    # softmax is that of the input Tensor (recorded), so second derivatives are right too.
    #   loss_n = (1 - eps) w[y] (-logp[n, y]) + eps / C sum_k w[k] (-logp[n, k])
    #   dloss_n/dx_k = p_k ((1 - eps) w[y] + eps / C sum w) - (1 - eps) w[y] [k == y] - eps / C w[k]
    __slots__ = ("reduction", "label_smoothing", "_t", "_mask", "_w", "_p", "_scale")

    def label(self, inputs: tuple = ()) -> str:
        lines = ["cross_entropy"]
        if self.reduction != "mean":
            lines.append(f"reduction={self.reduction}")
        if self.label_smoothing:
            lines.append(f"label_smoothing={self.label_smoothing:g}")
        return "\n".join(lines)

    def forward(self, x):
        t, mask, w, eps = self._t, self._mask, self._w, self.label_smoothing
        if x.ndim == 2 and w is None and not eps and mask is None and self.reduction != "none":
            return self._forward_plain(x, t)
        c = x.shape[1]
        shifted = x - x.max(axis=1, keepdims=True)
        e = np.exp(shifted)
        s = e.sum(axis=1, keepdims=True)
        log_s = np.log(s)
        e /= s
        self._p = e  # the probabilities, for the backward
        loss = (log_s - np.take_along_axis(shifted, _expand(t), axis=1))[:, 0]
        wy = None if w is None else w[t]
        if wy is not None:
            loss = loss * wy
        if eps:
            logp = shifted - log_s
            if w is not None:
                logp = logp * _class_shape(w, x.ndim)
            loss = loss * (1 - eps) - logp.sum(axis=1) * (eps / c)
        scale = 1.0 if mask is None else mask.astype(x.dtype)
        if mask is not None:
            loss = np.where(mask, loss, 0)
        if self.reduction == "mean":
            if wy is not None:
                denom = wy.sum() if mask is None else wy[mask].sum()
            else:
                denom = t.size if mask is None else mask.sum()
            if denom == 0:  # nothing counted (all ignored, or empty): nan, zero gradient
                self._scale = 0.0
                return x.dtype.type(np.nan)
            scale = scale / denom
            self._scale = scale
            return x.dtype.type(loss.sum() / denom)
        self._scale = scale
        if self.reduction == "sum":
            return x.dtype.type(loss.sum())
        return loss.astype(x.dtype, copy=False)

    def _forward_plain(self, x, t):
        # (N, C) logits, class indices, no weights, smoothing or ignored targets: the
        # training-loop case, kept to a handful of numpy calls (ufunc reductions called
        # directly: ndarray.sum and .max go through a Python wrapper)
        rows = np.arange(t.shape[0])
        shifted = x - _row_max(x)
        e = np.exp(shifted)
        s = np.add.reduce(e, axis=1, keepdims=True)
        e /= s
        self._p = e
        total = np.add.reduce(np.log(s), axis=None) - np.add.reduce(shifted[rows, t])
        if self.reduction == "mean":
            if t.shape[0] == 0:  # an empty batch: nan, as PyTorch's, with a zero gradient
                self._scale = 0.0
                return x.dtype.type(np.nan)
            self._scale = 1.0 / t.shape[0]
            return x.dtype.type(total / t.shape[0])
        self._scale = 1.0
        return x.dtype.type(total)

    def backward(self, g, out, x):
        t, w, eps = self._t, self._w, self.label_smoothing
        shape = x.shape
        c = shape[1]
        wy = 1.0 if w is None else w[t]
        sub = np.zeros(shape, dtype=x.dtype)  # subtracted: the (smoothed, weighted) onehot
        if x.ndim == 2:
            sub[np.arange(shape[0]), t] = (1 - eps) * wy
        else:
            np.put_along_axis(sub, _expand(t), np.broadcast_to((1 - eps) * wy, t.shape)[:, None], 1)
        if eps:
            sub += (eps / c) * (1.0 if w is None else _class_shape(w, len(shape)))
        p = xp(g).saved(self._p, lambda: x.softmax(axis=1))  # the forward's probabilities
        if w is not None:  # p's coefficient (1 - eps) w[y] + eps / C sum(w); 1 without weights
            p = p * _col((1 - eps) * wy + (eps / c) * w.sum())
        gs = _col(self._scale * g)  # per position, or one number
        grad = p * gs - sub * gs  # (not (p - sub) * gs: p * gs - gs, to the bit, at the target)
        return (grad if grad.dtype == x.dtype else grad.astype(x.dtype),)


@composite(
    show=(
        "reduction",
        "label_smoothing",
        "ignore_index",
    )
)
def cross_entropy(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index: int = -100,
    reduce=None,
    reduction: str = "mean",
    label_smoothing: float = 0.0,
) -> Tensor:
    """Softmax cross-entropy of logits (N, C) or (N, C, d1, ...) (or (C,)).

    `target` holds class indices (N, d1, ...), or class probabilities of the
    input's shape (soft labels; then `ignore_index` does not apply and "mean"
    divides by the number of positions, as in PyTorch).
    """
    name = "cross_entropy"
    reduction = _legacy_reduction(name, size_average, reduce, reduction)
    _check_reduction(name, reduction)
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"{name}: label_smoothing must be in [0, 1], got {label_smoothing}")
    x = as_tensor(input)
    if x._data.dtype is HALF:  # in float32, rounded once (as PyTorch's)
        return in_float32(
            x,
            lambda t: cross_entropy(
                t,
                target,
                weight,
                ignore_index=ignore_index,
                reduction=reduction,
                label_smoothing=label_smoothing,
            ),
        )
    tv = np.asarray(value(target))
    ax = 1 if x.ndim >= 2 else 0
    if tv.dtype.kind == "f":  # probability targets: composed from engine ops
        y = as_tensor(target)
        if y.shape != x.shape:
            raise ValueError(
                f"{name}: target of dtype {tv.dtype} and shape {y.shape} for input of shape "
                f"{x.shape}: class indices must be integers (e.g. target.astype(np.int64)), "
                f"or pass class probabilities of the input's shape {x.shape}"
            )
        c = x.shape[ax]
        if label_smoothing:
            y = y * (1 - label_smoothing) + label_smoothing / c
        w = _class_weight(name, weight, c, x.dtype)
        logp = x.log_softmax(axis=ax)
        if w is not None:
            logp = logp * (_class_shape(w, x.ndim) if x.ndim >= 2 else w)
        return _reduce(-(y * logp).sum(axis=ax), reduction)
    t, clean = _class_targets(name, x, tv, ignore_index)
    c = x.shape[ax]
    single = x.ndim == 1
    if single:
        x, t = x.reshape(1, c), t.reshape(1)
    mask = None
    if not clean:
        mask = t != ignore_index
        if mask.all():
            mask = None
        else:
            t = np.where(mask, t, 0)
    out = CrossEntropy.apply(
        x,
        reduction=reduction,
        label_smoothing=float(label_smoothing),
        _t=t,
        _mask=mask,
        _w=_class_weight(name, weight, c, x.dtype),
        _scale=None,
    )
    return out.reshape(()) if single and reduction == "none" else out


@composite(
    show=(
        "reduction",
        "ignore_index",
    )
)
def nll_loss(
    input,
    target,
    weight=None,
    size_average=None,
    ignore_index: int = -100,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """-weight[y] * input[n, y] for log-probabilities input (N, C) or (N, C, d1, ...)."""
    name = "nll_loss"
    reduction = _legacy_reduction(name, size_average, reduce, reduction)
    _check_reduction(name, reduction)
    x = as_tensor(input)
    t, _ = _class_targets(name, x, target, ignore_index)
    c = x.shape[1] if x.ndim >= 2 else x.shape[0]
    if x.ndim == 1:
        x2, tf = x.reshape(1, c), t.reshape(1)
    else:  # move the class axis last, then one row per position
        perm = (0,) + tuple(range(2, x.ndim)) + (1,)
        x2 = (x.permute(perm) if x.ndim > 2 else x).reshape(-1, c)
        tf = t.reshape(-1)
    mask = tf != ignore_index
    safe = np.where(mask, tf, 0)
    picked = x2[np.arange(tf.size), safe]
    w = _class_weight(name, weight, c, x.dtype)
    wy = (w[safe] if w is not None else np.ones(tf.size, dtype=x.dtype)) * mask
    loss = -picked * wy.astype(x.dtype)
    if reduction == "none":
        return loss.reshape(t.shape)
    if reduction == "sum":
        return loss.sum()
    total = wy.sum()
    if total == 0:  # nothing counted (all ignored, or empty): nan with a zero gradient
        return loss.sum() + x.dtype.type(np.nan)
    return loss.sum() / total


@composite(
    show=(
        "reduction",
        "p",
        "margin",
    )
)
def multi_margin_loss(
    input,
    target,
    p: int = 1,
    margin: float = 1.0,
    weight=None,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
) -> Tensor:
    """Multi-class hinge loss: sum over i != y of max(0, margin - x[y] + x[i])^p / C."""
    name = "multi_margin_loss"
    reduction = _legacy_reduction(name, size_average, reduce, reduction)
    _check_reduction(name, reduction)
    if p not in (1, 2):
        raise ValueError(f"{name}: only p = 1 and p = 2 are supported, got {p}")
    x = as_tensor(input)
    if x.ndim not in (1, 2):
        raise ValueError(f"{name}: input must be (N, C) or (C,), got shape {x.shape}")
    t, _ = _class_targets(name, x, target, ignore_index=-(2**62))
    x2 = x.reshape(1, -1) if x.ndim == 1 else x
    t2 = t.reshape(-1)
    n, c = x2.shape
    rows = np.arange(n)
    xy = x2[rows, t2].reshape(n, 1)
    z = x2 - xy + margin
    others = np.ones((n, c), dtype=bool)
    others[rows, t2] = False
    h = where(others & (z._data > 0), z, 0)
    if p == 2:
        h = h * h
    loss = h.sum(axis=1) / c
    w = _class_weight(name, weight, c, x.dtype)
    if w is not None:
        loss = loss * w[t2]
    if x.ndim == 1:
        loss = loss.reshape(())
    return _reduce(loss, reduction)


@composite(
    show=(
        "reduction",
        "log_target",
    )
)
def kl_div(
    input,
    target,
    size_average=None,
    reduce=None,
    reduction: str = "mean",
    log_target: bool = False,
) -> Tensor:
    """target * (log target - input) for log-probabilities input; 0 where target is 0.

    "mean" averages over all elements (as PyTorch); "batchmean" divides the sum
    by the batch size, which is the mathematical KL divergence.
    """
    name = "kl_div"
    reduction = _legacy_reduction(name, size_average, reduce, reduction)
    _check_reduction(name, reduction, ("batchmean",))
    x, y = as_tensor(input), as_tensor(target)
    _same_shape(name, x, y)
    if log_target:
        loss = y.exp() * (y - x)
    else:
        pos = y._data > 0
        safe = where(pos, y, 1)  # log(1) = 0 where target is 0: no -inf, no nan gradient
        loss = where(pos, y * (safe.log() - x), 0)
    if reduction == "batchmean":
        return loss.sum() / (x.shape[0] if x.ndim else 1)
    return _reduce(loss, reduction)


# ------------------------------------------------------------------ modules
class _Loss(Module):
    """A loss module: `reduction` is "mean" (default), "sum" or "none"."""

    _reductions: tuple[str, ...] = ()  # accepted beyond "mean", "sum", "none"

    def __init__(self, reduction: str = "mean", *, size_average=None, reduce=None):
        super().__init__()
        reduction = _legacy_reduction(type(self).__name__, size_average, reduce, reduction)
        _check_reduction(type(self).__name__, reduction, self._reductions)
        self.reduction = reduction

    def extra_repr(self) -> str:
        return f"reduction={self.reduction!r}"


class MSELoss(_Loss):
    """Mean squared error (`nn.functional.mse_loss`), for regression.

    Examples:
        >>> nn.MSELoss()(autograd.Tensor([1.0, 3.0]), autograd.Tensor([1.0, 1.0])).item()
        2.0
    """

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(reduction, size_average=size_average, reduce=reduce)

    def forward(self, input, target) -> Tensor:
        return mse_loss(input, target, reduction=self.reduction)


class L1Loss(_Loss):
    """Mean absolute error (`nn.functional.l1_loss`), for regression."""

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(reduction, size_average=size_average, reduce=reduce)

    def forward(self, input, target) -> Tensor:
        return l1_loss(input, target, reduction=self.reduction)


class HuberLoss(_Loss):
    """Squared error below `delta`, absolute error above (`nn.functional.huber_loss`)."""

    def __init__(self, reduction: str = "mean", delta: float = 1.0):
        super().__init__(reduction)
        self.delta = number(delta, "delta", "HuberLoss", low=0, low_open=True)

    def forward(self, input, target) -> Tensor:
        return huber_loss(input, target, self.reduction, self.delta)


class SmoothL1Loss(_Loss):
    """The smooth L1 loss (quadratic below beta, linear above), PyTorch's arguments."""

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean", beta: float = 1.0):
        super().__init__(reduction, size_average=size_average, reduce=reduce)
        self.beta = number(beta, "beta", "SmoothL1Loss", low=0)

    def forward(self, input, target) -> Tensor:
        return smooth_l1_loss(input, target, reduction=self.reduction, beta=self.beta)


class BCELoss(_Loss):
    """Binary cross-entropy of probabilities in [0, 1] against targets in [0, 1]
    (`nn.functional.binary_cross_entropy`); `weight` rescales each element.
    """

    def __init__(self, weight=None, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(reduction, size_average=size_average, reduce=reduce)
        self.register_buffer("weight", value(weight))

    def forward(self, input, target) -> Tensor:
        return binary_cross_entropy(input, target, self.weight, reduction=self.reduction)


class BCEWithLogitsLoss(_Loss):
    """Binary cross-entropy of logits: sigmoid and BCE in one stable step
    (`nn.functional.binary_cross_entropy_with_logits`); `pos_weight` weights the positives.
    """

    def __init__(
        self,
        weight=None,
        size_average=None,
        reduce=None,
        reduction: str = "mean",
        pos_weight=None,
    ):
        super().__init__(reduction, size_average=size_average, reduce=reduce)
        self.register_buffer("weight", value(weight))
        self.register_buffer("pos_weight", value(pos_weight))

    def forward(self, input, target) -> Tensor:
        return binary_cross_entropy_with_logits(
            input, target, self.weight, reduction=self.reduction, pos_weight=self.pos_weight
        )


class CrossEntropyLoss(_Loss):
    """Softmax cross-entropy of logits (N, C) against class indices (N,) or class
    probabilities (N, C) (`nn.functional.cross_entropy`).

    `weight` rescales each class, `ignore_index` skips targets with that value,
    `label_smoothing` mixes the targets with the uniform distribution.

    Examples:
        >>> logits = autograd.Tensor([[2.0, 0.0], [0.0, 2.0]])
        >>> round(nn.CrossEntropyLoss()(logits, autograd.Tensor([0, 1])).item(), 4)
        0.1269
    """

    def __init__(
        self,
        weight=None,
        size_average=None,
        ignore_index: int = -100,
        reduce=None,
        reduction: str = "mean",
        label_smoothing: float = 0.0,
    ):
        super().__init__(reduction, size_average=size_average, reduce=reduce)
        self.register_buffer("weight", value(weight))
        self.ignore_index = integer(ignore_index, "ignore_index", "CrossEntropyLoss")
        self.label_smoothing = number(label_smoothing, "label_smoothing", "CrossEntropyLoss", 0, 1)

    def forward(self, input, target) -> Tensor:
        return cross_entropy(
            input,
            target,
            self.weight,
            ignore_index=self.ignore_index,
            reduction=self.reduction,
            label_smoothing=self.label_smoothing,
        )


class NLLLoss(_Loss):
    """Negative log-likelihood of log-probabilities (N, C) against class indices
    (`nn.functional.nll_loss`); after `LogSoftmax` it equals `CrossEntropyLoss`.
    """

    def __init__(
        self,
        weight=None,
        size_average=None,
        ignore_index: int = -100,
        reduce=None,
        reduction: str = "mean",
    ):
        super().__init__(reduction, size_average=size_average, reduce=reduce)
        self.register_buffer("weight", value(weight))
        self.ignore_index = integer(ignore_index, "ignore_index", "NLLLoss")

    def forward(self, input, target) -> Tensor:
        return nll_loss(
            input, target, self.weight, ignore_index=self.ignore_index, reduction=self.reduction
        )


class MultiMarginLoss(_Loss):
    """Multi-class hinge loss (`nn.functional.multi_margin_loss`)."""

    def __init__(
        self,
        p: int = 1,
        margin: float = 1.0,
        weight=None,
        size_average=None,
        reduce=None,
        reduction: str = "mean",
    ):
        super().__init__(reduction, size_average=size_average, reduce=reduce)
        self.p = integer(p, "p", "MultiMarginLoss")
        if self.p not in (1, 2):
            raise ValueError(f"MultiMarginLoss: only p = 1 and p = 2 are supported, got {p}")
        self.margin = number(margin, "margin", "MultiMarginLoss")
        self.register_buffer("weight", value(weight))

    def forward(self, input, target) -> Tensor:
        return multi_margin_loss(
            input, target, self.p, self.margin, self.weight, reduction=self.reduction
        )


class KLDivLoss(_Loss):
    """Kullback-Leibler divergence of log-probabilities `input` from `target`
    (`nn.functional.kl_div`).
    """

    _reductions = ("batchmean",)

    def __init__(
        self, size_average=None, reduce=None, reduction: str = "mean", log_target: bool = False
    ):
        super().__init__(reduction, size_average=size_average, reduce=reduce)
        self.log_target = log_target

    def forward(self, input, target) -> Tensor:
        return kl_div(input, target, reduction=self.reduction, log_target=self.log_target)
