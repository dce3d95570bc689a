"""Helpers shared by the distributions: broadcasting parameters, logits and probabilities,
and `lazy_property` (a parameter derived from another on first use, then cached)."""

from __future__ import annotations

import numbers

import numpy as np

from ..creation import tensor
from ..dtypes import finfo, get_default_dtype
from ..tensor_class import Tensor
from ..torch_matrix import broadcast_tensors

__all__ = [
    "broadcast_all",
    "clamp_probs",
    "lazy_property",
    "logits_to_probs",
    "probs_to_logits",
    "tril_matrix_to_vec",
    "vec_to_tril_matrix",
]

euler_constant = 0.57721566490153286060  # the Euler-Mascheroni constant


def broadcast_all(*values) -> tuple[Tensor, ...]:
    """The values broadcast to one shape; numbers become tensors of the first tensor's
    dtype (the default dtype if there is none)."""
    if not all(isinstance(v, (Tensor, numbers.Number)) for v in values):
        raise ValueError(
            "Input arguments must all be instances of Number, autograd.Tensor or objects "
            "implementing __torch_function__."
        )
    dtype = next((v.dtype for v in values if isinstance(v, Tensor)), get_default_dtype())
    return tuple(
        broadcast_tensors(*[v if isinstance(v, Tensor) else tensor(v, dtype=dtype) for v in values])
    )


def clamp_probs(probs: Tensor) -> Tensor:
    """probs clamped to [eps, 1 - eps] (eps the dtype's machine epsilon)."""
    eps = finfo(probs.dtype).eps
    return probs.clamp(min=eps, max=1 - eps)


def probs_to_logits(probs: Tensor, is_binary: bool = False) -> Tensor:
    """Log-odds (binary) or log-probabilities (over the last dim) of probabilities."""
    p = clamp_probs(probs)
    if is_binary:
        return p.log() - (-p).log1p()
    return p.log()


def logits_to_probs(logits: Tensor, is_binary: bool = False) -> Tensor:
    """Probabilities from log-odds (binary: sigmoid) or logits (softmax over the last dim)."""
    if is_binary:
        return logits.sigmoid()
    return logits.softmax(dim=-1)


def _tril_mask(n: int, diag: int) -> np.ndarray:
    arange = np.arange(n)
    return arange < arange.reshape(-1, 1) + (diag + 1)


def tril_matrix_to_vec(mat: Tensor, diag: int = 0) -> Tensor:
    """The lower-triangular entries (below diagonal `diag`) of square matrices, in row order."""
    n = mat.shape[-1]
    if diag < -n or diag >= n:
        raise ValueError(f"diag ({diag}) provided is outside [{-n}, {n - 1}].")
    index = tensor(np.flatnonzero(_tril_mask(n, diag)))
    return mat.reshape(tuple(mat.shape[:-2]) + (n * n,)).index_select(-1, index)


def vec_to_tril_matrix(vec: Tensor, diag: int = 0) -> Tensor:
    """Vectors of lower-triangular entries in row order as square matrices (zeros above)."""
    k = vec.shape[-1]
    n = (-(1 + 2 * diag) + ((1 + 2 * diag) ** 2 + 8 * k + 4 * abs(diag) * (diag + 1)) ** 0.5) / 2
    if round(n) - n > finfo(vec.dtype).eps:
        raise ValueError(
            f"The size of last dimension is {k} which cannot be expressed as the lower "
            "triangular part of a square D x D matrix."
        )
    n = round(n)
    batch = tuple(vec.shape[:-1])
    index = tensor(np.flatnonzero(_tril_mask(n, diag))).expand(batch + (k,))
    mat = vec.new_zeros(batch + (n * n,)).scatter(-1, index, vec)
    return mat.reshape(batch + (n, n))


class lazy_property:
    """A property computed on first access and then stored on the instance."""

    def __init__(self, wrapped):
        self.wrapped = wrapped
        self.__doc__ = wrapped.__doc__
        self.__name__ = wrapped.__name__

    def __get__(self, instance, obj_type=None):
        if instance is None:
            return self
        value = self.wrapped(instance)
        setattr(instance, self.wrapped.__name__, value)
        return value


def set_count_and_param(d, total_count, probs, logits) -> None:
    """Binomial's and NegativeBinomial's parameters: total_count broadcast with probs or
    logits (exactly one given) and cast to its dtype; `d._param` is the one given."""
    if (probs is None) == (logits is None):
        raise ValueError("Either `probs` or `logits` must be specified, but not both.")
    if probs is not None:
        d.total_count, d.probs = broadcast_all(total_count, probs)
        d.total_count = d.total_count.type_as(d.probs)
        d._param = d.probs
    else:
        d.total_count, d.logits = broadcast_all(total_count, logits)
        d.total_count = d.total_count.type_as(d.logits)
        d._param = d.logits


def expand_probs_or_logits(d, new, shape) -> None:
    """`new`'s probs or logits (whichever d holds; both if both computed): d's expanded to
    shape, `new._param` the last of them, as PyTorch's expand."""
    if "probs" in d.__dict__:
        new.probs = d.probs.expand(shape)
        new._param = new.probs
    if "logits" in d.__dict__:
        new.logits = d.logits.expand(shape)
        new._param = new.logits


def expand_count_and_param(d, new, batch_shape) -> None:
    """`new`'s total_count and probs/logits: d's expanded to batch_shape (a Size)."""
    new.total_count = d.total_count.expand(batch_shape)
    expand_probs_or_logits(d, new, batch_shape)
