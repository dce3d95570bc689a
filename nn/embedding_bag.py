"""`EmbeddingBag` and `embedding_bag`: sums, means or maxima of bags of embeddings.

The bags are the rows of a 2-d index tensor, or the slices of a 1-d one that `offsets`
starts (PyTorch's layout). The vectors looked up are combined by a (bags x entries) matrix
of ones (`sum`, times the per-sample weights) or of 1/count (`mean`), or by each bag's
first largest entry per feature (`max`); entries equal to `padding_idx` are left out (an
empty bag gives zeros), so the gradient reaches the rows looked up (and the per-sample
weights) as PyTorch's.
"""

from __future__ import annotations

import numpy as np

from autograd.argcheck import integer, number
from autograd.composite import composite
from autograd.op import value
from autograd.tensor_class import Tensor, as_tensor, where

from . import init
from .embedding import _renorm_, _unsupported
from .module import Module, Parameter, factory_dtype

__all__ = ["EmbeddingBag", "embedding_bag"]

_MODES = ("sum", "mean", "max")


def _refuse(scale_grad_by_freq, sparse, who: str) -> None:
    """The options graphgrad's bags do not have: a clear error."""
    if scale_grad_by_freq:
        raise NotImplementedError(
            f"{who}(scale_grad_by_freq=True) is not supported: the rows' gradients are summed "
            "over the bags; leave scale_grad_by_freq out (or divide the loss yourself)"
        )
    _unsupported(sparse, who)


def _bags(idx: np.ndarray, offsets, include_last_offset: bool) -> tuple[np.ndarray, np.ndarray]:
    """(flat indices, bag starts and ends as (B, 2)) from PyTorch's input and offsets."""
    if idx.ndim == 2:
        if offsets is not None:
            raise ValueError(
                "if input is 2D, then offsets has to be None, as input is treated is a "
                f"mini-batch of fixed length sequences. However, found offsets of type "
                f"{type(offsets)}"
            )
        b, n = idx.shape
        starts = np.arange(b) * n
        return idx.reshape(-1), np.stack([starts, starts + n], 1)
    if idx.ndim != 1:
        raise ValueError(f"input has to be 1D or 2D Tensor, but got Tensor of dimension {idx.ndim}")
    if offsets is None:
        raise ValueError("offsets has to be a 1D Tensor but got None")
    off = np.asarray(value(offsets))
    if off.ndim != 1:
        raise ValueError("offsets has to be a 1D Tensor")
    if off.dtype.kind not in "iu":
        raise RuntimeError(
            f"embedding_bag: offsets must be an integer tensor (int64 or int32), got {off.dtype}"
        )
    n = idx.shape[0]
    if off.size and off[0] != 0:
        raise RuntimeError(
            "offsets[0] has to be 0, i.e., the first sequence in the mini-batch has to start "
            f"from position 0. However, got {int(off[0])}"
        )
    if off.size and off[-1] > n:
        raise RuntimeError(
            f"offsets[-1] can not be greater than input's length {n} but got offsets[-1] of "
            f"{int(off[-1])}"
        )
    if np.any(np.diff(off) < 0):
        raise RuntimeError("embedding_bag: offsets must be non-decreasing")
    if include_last_offset:  # PyTorch: the last offset closes nothing; the last bag ends at n
        off = off[:-1]
    ends = np.append(off[1:], n) if off.size else off
    return idx, np.stack([off, ends], 1).astype(np.int64)


@composite(show=("mode",))
def embedding_bag(
    input,
    weight,
    offsets=None,
    max_norm: float | None = None,
    norm_type: float = 2,
    scale_grad_by_freq: bool = False,
    mode: str = "mean",
    sparse: bool = False,
    per_sample_weights=None,
    include_last_offset: bool = False,
    padding_idx: int | None = None,
) -> Tensor:
    """The sum, mean or max of each bag of embeddings: (B, embedding_dim), bags the rows of
    a 2-d `input` or the slices of a 1-d one that `offsets` starts. `per_sample_weights`
    (mode "sum") scales each looked-up vector; entries equal to `padding_idx` are left out."""
    weight = as_tensor(weight)
    idx = np.asarray(value(input))
    if per_sample_weights is not None and tuple(per_sample_weights.shape) != idx.shape:
        raise ValueError(
            f"embedding_bag: If per_sample_weights ({tuple(per_sample_weights.shape)}) is not "
            f"None, then it must have the same shape as the input ({idx.shape})"
        )
    if len(weight.shape) != 2:
        raise ValueError(
            f"weight has to be a 2D Tensor, but got Tensor of dimension {len(weight.shape)}"
        )
    if idx.dtype.kind not in "iu":
        raise RuntimeError(
            f"embedding_bag: expected input to be an integer tensor (int64 or int32), got "
            f"{idx.dtype}"
        )
    flat, bags = _bags(idx, offsets, include_last_offset)
    if mode not in _MODES:
        raise ValueError("mode has to be one of sum, mean or max")
    if mode == "max" and scale_grad_by_freq:
        raise ValueError("max mode does not support scaling the gradient by the frequency")
    if mode == "max" and sparse:
        raise ValueError("max mode does not support sparse weights")
    _refuse(scale_grad_by_freq, sparse, "embedding_bag")
    n = weight.shape[0]
    if flat.size and (flat.min() < 0 or flat.max() >= n):
        at = int(np.flatnonzero((flat < 0) | (flat >= n))[0])
        raise RuntimeError(  # PyTorch's words and type
            f"Index {at} of input takes value {int(flat[at])} which is not in the valid range "
            f"[0, {n})"
        )
    if max_norm is not None:
        _renorm_(weight, flat, number(max_norm, "max_norm", "embedding_bag"),
                 number(norm_type, "norm_type", "embedding_bag"))  # fmt: skip
    if per_sample_weights is not None and mode != "sum":
        raise NotImplementedError(
            "embedding_bag: per_sample_weights was not None. per_sample_weights is only "
            f"supported for mode='sum' (got mode='{mode}'). Please open a feature request on "
            "GitHub."
        )
    if padding_idx is not None:
        padding_idx = integer(padding_idx, "padding_idx", "embedding_bag")
        padding_idx = padding_idx + n if padding_idx < 0 else padding_idx
    keep = flat != padding_idx if padding_idx is not None else np.ones(flat.shape, bool)
    positions = np.arange(flat.size)
    member = (positions[None, :] >= bags[:, :1]) & (positions[None, :] < bags[:, 1:]) & keep
    rows = weight[flat]  # (entries, D); repeated indices accumulate their gradients
    if mode == "max":
        return _max(rows, member, weight.dtype)
    m = member.astype(weight.dtype)
    if mode == "mean":
        count = m.sum(1, keepdims=True)
        m = m / np.maximum(count, 1)
    if per_sample_weights is not None:
        return (as_tensor(per_sample_weights).reshape(1, -1) * m) @ rows
    return Tensor(m) @ rows


def _max(rows: Tensor, member: np.ndarray, dtype) -> Tensor:
    """Per bag and feature, the first largest member entry (0 for an empty bag)."""
    r = rows.numpy()
    b, d = member.shape[0], r.shape[1]
    if not r.size or not b:
        return Tensor(np.zeros((b, d), dtype)) + rows.sum() * 0
    vals = np.where(member[:, :, None], r[None, :, :], -np.inf)  # (B, entries, D)
    arg = vals.argmax(1)  # the first largest
    out = rows.gather(0, Tensor(arg))
    empty = ~member.any(1)
    if empty.any():
        out = where(empty[:, None], np.zeros((), dtype), out)
    return out


class EmbeddingBag(Module):
    """num_embeddings vectors of size embedding_dim (from N(0, 1)), combined per bag by
    `mode` ("mean" by default, "sum" or "max") without building the looked-up sequence."""

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        mode: str = "mean",
        sparse: bool = False,
        _weight=None,
        include_last_offset: bool = False,
        padding_idx: int | None = None,
        device=None,
        dtype=None,
    ):
        super().__init__()
        who = "EmbeddingBag"
        self.num_embeddings = integer(num_embeddings, "num_embeddings", who, minimum=0)
        self.embedding_dim = integer(embedding_dim, "embedding_dim", who, minimum=0)
        self.max_norm = None if max_norm is None else number(max_norm, "max_norm", who)
        self.norm_type = number(norm_type, "norm_type", who)
        self.scale_grad_by_freq = scale_grad_by_freq
        if padding_idx is not None:
            padding_idx = integer(padding_idx, "padding_idx", who)
            if not -self.num_embeddings <= padding_idx < self.num_embeddings:
                raise ValueError(
                    f"EmbeddingBag: padding_idx {padding_idx} is out of range "
                    f"[0, {self.num_embeddings}) (padding_idx must be within num_embeddings)"
                )
            padding_idx %= self.num_embeddings
        self.padding_idx = padding_idx
        if mode not in _MODES:
            raise ValueError("mode has to be one of sum, mean or max")
        _refuse(scale_grad_by_freq, sparse, who)
        shape = (self.num_embeddings, self.embedding_dim)
        if _weight is not None:
            if tuple(_weight.shape) != shape:
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and embedding_dim"
                )
            self.weight = Parameter(value(_weight))
        else:
            self.weight = Parameter(np.empty(shape, dtype=factory_dtype(device, dtype, who)))
            self.reset_parameters()
        self.mode = mode
        self.sparse = sparse
        self.include_last_offset = include_last_offset

    def reset_parameters(self) -> None:
        """Draw new vectors from N(0, 1); the `padding_idx` row is zero."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight.numpy()[self.padding_idx] = 0

    def forward(self, input, offsets=None, per_sample_weights=None) -> Tensor:
        return embedding_bag(
            input,
            self.weight,
            offsets,
            self.max_norm,
            self.norm_type,
            self.scale_grad_by_freq,
            self.mode,
            self.sparse,
            per_sample_weights,
            self.include_last_offset,
            self.padding_idx,
        )

    @classmethod
    def from_pretrained(cls, embeddings, freeze: bool = True, max_norm: float | None = None,
                        norm_type: float = 2.0, scale_grad_by_freq: bool = False,
                        mode: str = "mean", sparse: bool = False,
                        include_last_offset: bool = False,
                        padding_idx: int | None = None) -> EmbeddingBag:  # fmt: skip
        """An EmbeddingBag whose vectors are `embeddings` (rows), frozen unless `freeze=False`."""
        if len(embeddings.shape) != 2:
            raise ValueError("Embeddings parameter is expected to be 2-dimensional")
        rows, cols = embeddings.shape
        bag = cls(rows, cols, max_norm, norm_type, scale_grad_by_freq, mode, sparse, embeddings,
                  include_last_offset, padding_idx)  # fmt: skip
        bag.weight.requires_grad_(not freeze)
        return bag

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        s += f", max_norm={self.max_norm!r}" if self.max_norm is not None else ""
        s += f", norm_type={self.norm_type!r}" if self.norm_type != 2 else ""
        s += f", mode={self.mode!r}"
        return s + (f", padding_idx={self.padding_idx!r}" if self.padding_idx is not None else "")
