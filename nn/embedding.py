"""`Embedding`: a lookup table of learnable vectors."""

from __future__ import annotations

import numpy as np

from autograd.argcheck import integer, number
from autograd.op import Op, value
from autograd.tensor_class import Tensor, where
from autograd.versions import bump

from . import init
from .module import Module, Parameter, factory_dtype


def _unsupported(sparse, who: str) -> None:
    if sparse:
        raise NotImplementedError(
            f"{who}(sparse=True) is not supported: graphgrad's gradients are dense arrays "
            "(the same values); leave sparse out"
        )


class ScaleGrad(Op):
    """The rows looked up, unchanged; their gradient multiplied by `_scale` (one factor
    per row: `scale_grad_by_freq`'s 1 / the count of its index in the batch, PyTorch's
    `grad * (1.0 / count)`)."""

    __slots__ = ("_scale",)

    def forward(self, a):
        return a.copy()

    def backward(self, g, out, a):
        return (g * self._scale,)


def _by_frequency(out: Tensor, idx: np.ndarray) -> Tensor:
    """`out` (weight[idx]) with each row's gradient divided by its index's count in idx."""
    _, inverse, counts = np.unique(idx, return_inverse=True, return_counts=True)
    scale = (1.0 / counts.astype(np.float64))[inverse.reshape(idx.shape)]
    return ScaleGrad.apply(out, _scale=scale[..., None].astype(out.dtype))


def _renorm_(weight, idx: np.ndarray, max_norm: float, norm_type: float) -> None:
    """PyTorch's embedding_renorm_: each row looked up whose norm exceeds max_norm is
    scaled in place (no gradient) by max_norm / (norm + 1e-7)."""
    w = value(weight)
    changed = False
    for i in np.unique(idx):
        row = w[i]
        norm = float(np.linalg.norm(row, ord=norm_type))
        if norm > max_norm:
            row *= row.dtype.type(max_norm / (norm + 1e-7))
            changed = True
    if changed and isinstance(weight, Tensor):
        bump(weight)  # an in-place change, as PyTorch's


def embedding(
    input,
    weight,
    padding_idx: int | None = None,
    max_norm: float | None = None,
    norm_type: float = 2.0,
    scale_grad_by_freq: bool = False,
    sparse: bool = False,
) -> Tensor:
    """weight[input]; repeated indices accumulate their gradients, the padding row gets none.

    With `max_norm`, the rows looked up whose `norm_type`-norm exceeds it are first scaled
    down to it in `weight` itself (in place, as PyTorch's). With `scale_grad_by_freq`, the
    gradient of each lookup is divided by the number of times its index occurs in input."""
    _unsupported(sparse, "embedding")
    idx = np.asarray(value(input))
    n = weight.shape[0]
    if idx.dtype.kind not in "iu":
        raise TypeError(f"Embedding: indices must be integers, got dtype {idx.dtype}")
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        bad = idx[(idx < 0) | (idx >= n)].flat[0]
        raise IndexError(
            f"Embedding({n}, {weight.shape[1]}): index {int(bad)} is out of range [0, {n})"
        )
    if padding_idx is not None and padding_idx < 0:
        padding_idx += n
    if max_norm is not None:
        _renorm_(weight, idx, float(max_norm), float(norm_type))
    out = weight[idx]
    if scale_grad_by_freq and out.requires_grad:
        out = _by_frequency(out, idx)
    if padding_idx is not None and out.requires_grad:
        pad = idx == padding_idx
        if pad.any():  # same values, but no gradient flows to the padding row
            out = where(pad[..., None], out.detach(), out)
    return out


class Embedding(Module):
    """num_embeddings vectors of size embedding_dim, drawn from N(0, 1) (padding row zero)."""

    def __init__(
        self,
        num_embeddings: int,
        embedding_dim: int,
        padding_idx: int | None = None,
        max_norm: float | None = None,
        norm_type: float = 2.0,
        scale_grad_by_freq: bool = False,
        sparse: bool = False,
        _weight=None,
        _freeze: bool = False,
        device=None,
        dtype=None,
    ):
        super().__init__()
        _unsupported(sparse, "Embedding")
        self.max_norm = None if max_norm is None else number(max_norm, "max_norm", "Embedding")
        self.norm_type = number(norm_type, "norm_type", "Embedding")
        self.scale_grad_by_freq, self.sparse = scale_grad_by_freq, sparse
        self.num_embeddings = integer(num_embeddings, "num_embeddings", "Embedding", minimum=0)
        self.embedding_dim = integer(embedding_dim, "embedding_dim", "Embedding", minimum=0)
        if padding_idx is not None:
            padding_idx = integer(padding_idx, "padding_idx", "Embedding")
            if not -self.num_embeddings <= padding_idx < self.num_embeddings:
                raise ValueError(
                    f"Embedding: padding_idx {padding_idx} is out of range "
                    f"[0, {self.num_embeddings})"
                )
            padding_idx %= self.num_embeddings
        self.padding_idx = padding_idx
        shape = (self.num_embeddings, self.embedding_dim)
        if _weight is not None:  # PyTorch's private way in for from_pretrained
            if tuple(_weight.shape) != shape:
                raise AssertionError(
                    "Shape of weight does not match num_embeddings and embedding_dim"
                )
            self.weight = Parameter(value(_weight))
        else:
            dt = factory_dtype(device, dtype, "Embedding")
            self.weight = Parameter(np.empty(shape, dtype=dt))
            self.reset_parameters()
        if _freeze:
            self.weight.requires_grad_(False)

    def reset_parameters(self) -> None:
        """Draw new vectors from N(0, 1); the `padding_idx` row is zero."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight.numpy()[self.padding_idx] = 0

    def forward(self, input) -> Tensor:
        return embedding(
            input, self.weight, self.padding_idx, self.max_norm, self.norm_type,
            self.scale_grad_by_freq,
        )  # fmt: skip

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        s += f", padding_idx={self.padding_idx}" if self.padding_idx is not None else ""
        s += f", max_norm={self.max_norm}" if self.max_norm is not None else ""
        s += f", norm_type={self.norm_type}" if self.norm_type != 2 else ""
        return s + (", scale_grad_by_freq=True" if self.scale_grad_by_freq else "")
