"""`Embedding`: a lookup table of learnable vectors."""

from __future__ import annotations

import numpy as np

from autograd.argcheck import integer
from autograd.op import value
from autograd.tensor_class import Tensor, where

from . import init
from .module import Module, Parameter, factory_dtype


def embedding(indices, weight, padding_idx: int | None = None) -> Tensor:
    """weight[indices]; repeated indices accumulate their gradients, the padding row gets none."""
    idx = np.asarray(value(indices))
    n = weight.shape[0]
    if idx.dtype.kind not in "iu":
        raise TypeError(f"Embedding: indices must be integers, got dtype {idx.dtype}")
    if idx.size and (idx.min() < 0 or idx.max() >= n):
        bad = idx[(idx < 0) | (idx >= n)].flat[0]
        raise IndexError(
            f"Embedding({n}, {weight.shape[1]}): index {int(bad)} is out of range [0, {n})"
        )
    out = weight[idx]
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
        dtype=None,
        device=None,
    ):
        super().__init__()
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
        self.weight = Parameter(np.empty(shape, dtype=factory_dtype(device, dtype, "Embedding")))
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """Draw new vectors from N(0, 1); the `padding_idx` row is zero."""
        init.normal_(self.weight)
        if self.padding_idx is not None:
            self.weight.numpy()[self.padding_idx] = 0

    def forward(self, indices) -> Tensor:
        return embedding(indices, self.weight, self.padding_idx)

    def extra_repr(self) -> str:
        s = f"{self.num_embeddings}, {self.embedding_dim}"
        return s + (f", padding_idx={self.padding_idx}" if self.padding_idx is not None else "")
