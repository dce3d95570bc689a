"""`linear_cross_entropy`, `LinearCrossEntropyLoss` and `LinearCrossEntropyOptions`.

`linear_cross_entropy(input, linear_weight, target, ...)` is `cross_entropy(linear(input,
linear_weight, linear_bias), target, ...)`. With `options=None` it is computed exactly so
(the reference path, every derivative). With a `LinearCrossEntropyOptions` it runs the
batch in chunks of rows, as PyTorch's chunked path: each chunk's logits (chunk, C) are made,
reduced to losses and dropped, so the (N, C) logits never exist at once; the backward
computes each chunk's logits again and adds its share of the gradients (it keeps only the
inputs, so a second backward works, and, as in PyTorch, there is no second derivative).
The chunk size is PyTorch's (`batch_chunk_size`, or the `chunking_method` heuristic). The
chunked path takes class-index targets with no label smoothing and no `out_features`;
otherwise `options` is ignored with PyTorch's warning.
"""

from __future__ import annotations

import dataclasses
import math
import warnings
from typing import Literal

import numpy as np

from autograd import Tensor
from autograd.argcheck import integer, integers, number
from autograd.dtypes import HALF
from autograd.op import Op
from autograd.tensor_class import as_tensor

from .linear import Linear, linear
from .losses import _class_weight, cross_entropy
from .module import Module

__all__ = ["LinearCrossEntropyLoss", "LinearCrossEntropyOptions", "linear_cross_entropy"]

_POLICIES = ("auto", "accurate", "balanced", "compact")
_AUTO_FALLBACK = ("compact", "aspect_ratio:2")
_AUTO_HALF = ("accurate", "aspect_ratio")  # PyTorch's pick for float16 on the CPU


@dataclasses.dataclass(slots=True, frozen=True)
class LinearCrossEntropyOptions:
    """How the chunked `linear_cross_entropy` splits the batch (PyTorch's fields and checks):
    `batch_chunk_size` rows per chunk, or `chunking_method` ("auto", "aspect_ratio",
    "aspect_ratio:N" or None) to choose it; `acc_policy` and `acc_dtype` pick the precision
    of the accumulations, `allow_retain_graph` allows a second backward (always allowed here)."""

    allow_retain_graph: bool = False
    batch_chunk_size: int | None = None
    chunking_method: str | None = "auto"
    acc_policy: Literal["accurate", "balanced", "compact", "auto"] = "auto"
    acc_dtype: object = None

    def __post_init__(self):
        if self.acc_policy not in _POLICIES:
            raise ValueError(f"invalid acc_policy: {self.acc_policy!r}")
        if self.chunking_method is not None and self.chunking_method != "auto":
            name, sep, factor = self.chunking_method.partition(":")
            if not sep:
                factor = "1"
            if not (name == "aspect_ratio" and factor.isdigit() and int(factor) > 0):
                raise ValueError(f"invalid chunking_method: {self.chunking_method!r}")
        if not (
            self.batch_chunk_size is None
            or (isinstance(self.batch_chunk_size, int) and self.batch_chunk_size > 0)
        ):
            raise ValueError(
                f"batch_chunk_size must be positive int or None, got {self.batch_chunk_size!r}"
            )
        if self.acc_dtype is not None and np.dtype(self.acc_dtype) not in (
            np.float16,
            np.float32,
            np.float64,
        ):
            raise ValueError(
                "acc_dtype must be one of {None, autograd.float16, autograd.float32, "
                f"autograd.float64}}, got {self.acc_dtype!r}. Pass acc_dtype=None to let the op "
                "pick automatically."
            )

    @staticmethod
    def _ceil_div(a: int, b: int) -> int:
        return -(-a // b)

    def _compute_batch_chunk_size(
        self, num_batches: int, in_features: int, num_classes: int, method: str | None = None
    ) -> int:
        """The chunk size `chunking_method` (or `method`) gives for these shapes."""
        method = str(method if method is not None else self.chunking_method)
        factor = int(method.split(":", 1)[1]) if ":" in method else 1
        inc_factor = self._ceil_div(num_classes, in_features)
        target = self._ceil_div(num_batches, inc_factor)
        chunk_size = 1 << (target - 1).bit_length()  # next power of 2 >= target
        return min(chunk_size // factor, num_batches)

    def _adjust(self, num_batches, in_features, num_classes, dtype, device=None):
        """The options with "auto" and None resolved for one call (PyTorch's rules, CPU)."""
        acc_policy, chunking_method = self.acc_policy, self.chunking_method
        if chunking_method == "auto" and self.batch_chunk_size is not None:
            chunking_method = None
        if acc_policy == "auto" or chunking_method == "auto":
            half = np.dtype(dtype) == np.float16
            ap, cm = _AUTO_HALF if half and device is not None else _AUTO_FALLBACK
            acc_policy = ap if acc_policy == "auto" else acc_policy
            chunking_method = cm if chunking_method == "auto" else chunking_method
        if self.batch_chunk_size is None:
            size = num_batches
        else:
            size = min(self.batch_chunk_size, num_batches)
        if chunking_method is not None:
            size = self._compute_batch_chunk_size(
                num_batches, in_features, num_classes, chunking_method
            )
            if self.batch_chunk_size is not None and self.batch_chunk_size != size:
                raise ValueError(
                    f"batch_chunk_size (={self.batch_chunk_size}) and chunking_method "
                    f"('{chunking_method}') give different chunk sizes "
                    f"({self.batch_chunk_size} vs {size}); pass only one."
                )
        acc_dtype = self.acc_dtype
        if acc_dtype is None:
            half = np.dtype(dtype) == np.float16
            acc_dtype = np.float32 if self.acc_policy == "auto" and half else dtype
        return dataclasses.replace(
            self,
            acc_policy=acc_policy,
            chunking_method=chunking_method,
            batch_chunk_size=max(1, size),
            acc_dtype=acc_dtype,
        )


# ------------------------------------------------------------------ the chunked op
def _chunk(x, wt, b, t, cw, rows):
    """One chunk's losses (chunk,), softmax (chunk, C) and loss weights (chunk,), from the
    weight transposed (D, C) (row-major: one matrix product per chunk)."""
    z = x[rows] @ wt
    if b is not None:
        z += b
    m = z.max(axis=1, keepdims=True)
    z -= m
    e = np.exp(z)
    s = e.sum(axis=1, keepdims=True)
    tt = t[rows]
    scale = cw[rows]
    loss = (np.log(s[:, 0]) - z[np.arange(len(tt)), tt]) * scale
    e /= s
    return loss, e, scale


class LinearCrossEntropyChunked(Op):
    """cross_entropy(input @ W.T + b, target) over chunks of rows: the losses (N,), or
    their sum or weighted mean (see the module docstring)."""

    __slots__ = ("reduction", "chunk", "_t", "_cw", "_total", "_acc")

    def forward(self, x, w, b=None):
        acc = self._acc
        xa, wt = x.astype(acc, copy=False), np.ascontiguousarray(w.T, acc)
        ba = None if b is None else b.astype(acc, copy=False)
        losses = np.empty(x.shape[0], acc)
        for start in range(0, x.shape[0], self.chunk):
            rows = slice(start, start + self.chunk)
            losses[rows] = _chunk(xa, wt, ba, self._t, self._cw, rows)[0]
        if self.reduction == "none":
            return losses.astype(x.dtype)
        total = losses.sum()
        if self.reduction == "mean":
            total = total / self._total
        return np.asarray(total, x.dtype)

    def backward(self, g, out, x, w, b=None):
        inputs = (x, w) if b is None else (x, w, b)
        flat = LinearCrossEntropyChunkedGrad.call(g, *inputs, _of=self)
        return tuple(_unpack(flat, [i.shape for i in inputs]))


class LinearCrossEntropyChunkedGrad(Op):
    """The gradients of `LinearCrossEntropyChunked` (input, weight, bias stacked in one
    flat array), chunk by chunk; like PyTorch's chunked path, no second derivative."""

    __slots__ = ("_of",)

    def forward(self, g, x, w, b=None):
        op = self._of
        acc = op._acc
        xa, wa = x.astype(acc, copy=False), w.astype(acc, copy=False)
        wt = np.ascontiguousarray(wa.T)
        ba = None if b is None else b.astype(acc, copy=False)
        gx, gwt = np.zeros_like(xa), np.zeros_like(wt)  # the weight's gradient transposed
        gb = None if b is None else np.zeros_like(ba)
        ga = np.asarray(g, acc)
        if op.reduction == "mean":
            ga = ga / op._total
        for start in range(0, x.shape[0], op.chunk):
            rows = slice(start, start + op.chunk)
            _, dz, scale = _chunk(xa, wt, ba, op._t, op._cw, rows)
            tt = op._t[rows]
            dz[np.arange(len(tt)), tt] -= 1
            up = ga[rows] if op.reduction == "none" else ga
            dz *= (scale * up)[:, None]
            gx[rows] = dz @ wa
            gwt += xa[rows].T @ dz
            if gb is not None:
                gb += dz.sum(axis=0)
        parts = [gx.astype(x.dtype).ravel(), gwt.T.astype(w.dtype).ravel()]
        if gb is not None:
            parts.append(gb.astype(b.dtype))
        return np.concatenate(parts)

    def backward(self, gg, out, *inputs):
        raise RuntimeError(
            "linear_cross_entropy: the chunked path (options given) has no second derivative, "
            "as in PyTorch; pass options=None for higher-order gradients"
        )


class _Split(Op):
    """Gradients: the flat array of `LinearCrossEntropyChunkedGrad` back to one input's."""

    __slots__ = ("start", "shape")

    def forward(self, flat):
        n = math.prod(self.shape)
        return flat[self.start : self.start + n].reshape(self.shape)

    def backward(self, g, out, flat):
        raise RuntimeError("linear_cross_entropy: the chunked path has no second derivative")


def _unpack(flat, shapes):
    out, start = [], 0
    for shape in shapes:
        out.append(_Split.call(flat, start=start, shape=tuple(shape)))
        start += math.prod(shape)
    return out


def _targets(t: np.ndarray, n: int, c: int, ignore_index: int) -> np.ndarray:
    """Class-index targets (N,) checked as cross_entropy checks them."""
    if tuple(t.shape) != (n,):
        raise ValueError(
            f"linear_cross_entropy: target shape {tuple(t.shape)} does not fit input of batch "
            f"{n} (expected target shape ({n},))"
        )
    bad = ((t < 0) | (t >= c)) & (t != ignore_index)
    if bad.any():
        raise ValueError(
            f"linear_cross_entropy: target value {int(t[bad][0])} is out of range for {c} "
            f"classes (valid: 0..{c - 1}, or ignore_index={ignore_index})"
        )
    return t


def _chunked(x, w, b, target, weight, reduction, ignore_index, options):
    """The chunked path for (N, D) input and class-index targets (N,)."""
    t = _targets(target, x.shape[0], w.shape[0], ignore_index)
    cw = _class_weight("linear_cross_entropy", weight, w.shape[0], np.float64)
    keep = t != ignore_index
    safe = np.where(keep, t, 0)
    per = np.ones(len(t)) if cw is None else cw[safe]
    per = np.where(keep, per, 0.0)
    acc = np.dtype(options.acc_dtype) if options.acc_dtype is not None else x.dtype
    if acc == np.float16:
        acc = np.dtype(np.float32)
    inputs = (x, w) if b is None else (x, w, b)
    return LinearCrossEntropyChunked.apply(
        *inputs,
        reduction=reduction,
        chunk=options.batch_chunk_size,
        _t=safe,
        _cw=per.astype(acc),
        _total=per.sum().astype(acc),
        _acc=acc,
    )


def linear_cross_entropy(
    input: Tensor,
    linear_weight: Tensor,
    target: Tensor,
    *,
    linear_bias: Tensor | None = None,
    weight: Tensor | None = None,
    reduction: str = "mean",
    ignore_index: int | None = None,
    label_smoothing: float = 0.0,
    options: LinearCrossEntropyOptions | None = None,
) -> Tensor:
    """cross_entropy(linear(input, linear_weight, linear_bias), target, ...), for input
    (in_features) or (N, in_features) and linear_weight (C, in_features) or (C, d1, ...,
    in_features); with `options`, the batch is computed in chunks of rows."""
    x, w = as_tensor(input), as_tensor(linear_weight)
    t = as_tensor(target)
    if x.ndim < 1 or x.ndim > 2:
        raise RuntimeError(f"expected input with dimensionality 1 or 2, got {x.ndim}")
    if w.ndim < 2:
        raise RuntimeError(f"expected linear_weight with dimensionality at least 2, got {w.ndim}")
    num_batches, in_features = tuple(x.shape[:-1]), x.shape[-1]
    if in_features != w.shape[-1]:
        raise RuntimeError(
            "expected equal input and linear_weight last dimensions (in_features), "
            f"got {x.shape[-1]} and {w.shape[-1]}, respectively"
        )
    num_classes, out_features = w.shape[0], tuple(w.shape[1:-1])
    if linear_bias is not None:
        linear_bias = as_tensor(linear_bias)
        if tuple(linear_bias.shape) != (num_classes, *out_features):
            raise RuntimeError(
                f"expected linear_bias shape {(num_classes, *out_features)}, got "
                f"{tuple(linear_bias.shape)}"
            )
    if out_features and not num_batches:
        raise RuntimeError(
            f"K-dimensional loss defined by linear_weight shape {tuple(w.shape)} requires "
            f"batched input, (N, {in_features}), got unbatched input with shape {tuple(x.shape)}"
        )
    logits_shape = (*num_batches, num_classes, *out_features)
    if tuple(t.shape) == logits_shape and ignore_index is not None:
        raise RuntimeError("ignore_index cannot be specified when target contains probabilities")
    ignore_index = ignore_index if ignore_index is not None else -100
    is_long = t.dtype == np.int64
    usable = reduction in ("mean", "sum", "none") and label_smoothing == 0.0 and is_long
    if options is not None and (out_features or not usable):
        warnings.warn(
            "linear_cross_entropy: ``options`` ignored; chunked path needs reduction in "
            "{'mean','sum','none'}, label_smoothing == 0, target.dtype == int64, out_features "
            f"== (). Got reduction={reduction!r}, label_smoothing={label_smoothing}, "
            f"target.dtype={t.dtype}, out_features={out_features}, tracing=False, "
            "linear_bias.shape="
            f"{tuple(linear_bias.shape) if linear_bias is not None else None}.",
            stacklevel=2,
        )
    elif options is not None:
        batched = x.ndim == 2
        x2, t2 = (x, t) if batched else (x.unsqueeze(0), t.reshape(1))
        adjusted = options._adjust(x2.shape[0], in_features, num_classes, x.dtype, "cpu")
        if x2._data.dtype is HALF and adjusted.acc_dtype is None:
            adjusted = dataclasses.replace(adjusted, acc_dtype=np.float32)
        result = _chunked(x2, w, linear_bias, t2.numpy(), weight, reduction, ignore_index, adjusted)
        return result if batched or reduction != "none" else result.squeeze(0)
    if out_features:
        w = w.reshape(math.prod(out_features) * num_classes, in_features)
        if linear_bias is not None:
            linear_bias = linear_bias.reshape(math.prod(out_features) * num_classes)
    logits = linear(x, w, linear_bias).reshape(logits_shape)
    return cross_entropy(
        logits,
        target,
        weight=weight,
        reduction=reduction,
        ignore_index=ignore_index,
        label_smoothing=label_smoothing,
    )


class LinearCrossEntropyLoss(Module):
    """A Linear layer (in_features -> num_classes * prod(out_features)) followed by the
    cross-entropy loss, computed as `linear_cross_entropy` (chunked when `options` is given)."""

    def __init__(
        self,
        in_features: int,
        num_classes: int,
        *,
        out_features: tuple[int, ...] = (),
        bias: bool = False,
        device=None,
        dtype=None,
        reduction: str = "mean",
        weight: Tensor | None = None,
        ignore_index: int | None = None,
        label_smoothing: float = 0.0,
        options: LinearCrossEntropyOptions | None = None,
    ) -> None:
        who = "LinearCrossEntropyLoss"
        in_features = integer(in_features, "in_features", who)
        num_classes = integer(num_classes, "num_classes", who)
        out_features = integers(out_features, "out_features", who) if out_features != () else ()
        if ignore_index is not None:
            ignore_index = integer(ignore_index, "ignore_index", who)
        label_smoothing = number(label_smoothing, "label_smoothing", who)
        if weight is not None and tuple(weight.shape) != (num_classes,):
            raise RuntimeError(
                f"expected weight shape to be {(num_classes,)}, got {tuple(weight.shape)}"
            )
        if label_smoothing < 0 or label_smoothing > 1.0:
            raise RuntimeError(
                f"expected label_smoothing to be in range [0, 1], got {label_smoothing}"
            )
        super().__init__()
        self.register_buffer("weight", weight)
        self.reduction = reduction
        self.num_classes = num_classes
        self.out_features = out_features
        self.ignore_index = ignore_index
        self.label_smoothing = label_smoothing
        self.linear = Linear(
            in_features,
            math.prod(out_features, start=num_classes),
            bias=bias,
            device=device,
            dtype=dtype,
        )
        self.options = options

    def forward(self, input: Tensor, target: Tensor) -> Tensor:
        """The loss of the linear layer's logits of input against target."""
        w = self.linear.weight.reshape(
            (self.num_classes, *self.out_features, self.linear.in_features)
        )
        b = self.linear.bias
        b = None if b is None else b.reshape((self.num_classes, *self.out_features))
        return linear_cross_entropy(
            input,
            w,
            target,
            linear_bias=b,
            weight=self.weight,
            reduction=self.reduction,
            ignore_index=self.ignore_index,
            label_smoothing=self.label_smoothing,
            options=self.options,
        )

    def extra_repr(self) -> str:
        return (
            f"in_features={self.linear.in_features}, num_classes={self.num_classes}, "
            f"out_features={self.out_features}, bias={self.linear.bias is not None}, "
            f"reduction={self.reduction}, ignore_index={self.ignore_index}, "
            f"label_smoothing={self.label_smoothing}, options={self.options}"
        )
