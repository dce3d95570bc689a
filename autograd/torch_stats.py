"""Module-level statistics and products with PyTorch's signatures: `cov`, `corrcoef`,
`renorm`, `addr`, `ger` (Tensor's, autograd/tensor_stats.py and tensor_matrix.py), and
PyTorch's deprecated `chain_matmul`, `frobenius_norm` and `nuclear_norm`, which warn as
PyTorch's do and compute with torch.linalg's `multi_dot`, `vector_norm` and `matrix_norm`.
"""

from __future__ import annotations

import warnings

from . import linalg
from .tensor_class import Tensor
from .torch_math import _out, _tensor

__all__ = [
    "addr", "chain_matmul", "corrcoef", "cov", "frobenius_norm", "ger", "nuclear_norm",
    "renorm",
]  # fmt: skip


def cov(input, *, correction: int = 1, fweights=None, aweights=None) -> Tensor:
    """The covariance matrix of the variables (rows) over the observations (columns)."""
    return _tensor(input).cov(correction=correction, fweights=fweights, aweights=aweights)


def corrcoef(input) -> Tensor:
    """The Pearson correlation coefficients of the variables (rows)."""
    return _tensor(input).corrcoef()


def renorm(input, p: float, dim: int, maxnorm: float, *, out=None) -> Tensor:
    """Each slice along dim whose p-norm is above maxnorm, scaled to norm maxnorm."""
    return _out(_tensor(input).renorm(p, dim, maxnorm), out)


def addr(input, vec1, vec2, *, beta=1, alpha=1, out=None) -> Tensor:
    """beta * input + alpha * outer(vec1, vec2)."""
    return _out(_tensor(input).addr(vec1, vec2, beta=beta, alpha=alpha), out)


def ger(input, vec2, *, out=None) -> Tensor:
    """The outer product of two 1-d tensors (`outer`'s old name)."""
    return _out(_tensor(input).ger(vec2), out)


def chain_matmul(*matrices, out=None) -> Tensor:
    """The product of the 2-d matrices, in the cheapest order (deprecated: `linalg.multi_dot`)."""
    warnings.warn(
        "torch.chain_matmul is deprecated and will be removed in a future PyTorch release. Use "
        "torch.linalg.multi_dot instead, which accepts a list of two or more tensors rather "
        "than multiple parameters.",
        UserWarning,
        stacklevel=2,
    )
    if not matrices:
        raise RuntimeError("chain_matmul(): Expected one or more matrices")
    ms = [_tensor(m) for m in matrices]
    for m in ms:
        if m.ndim != 2:
            raise RuntimeError(f"Tensor dimension is {m.ndim}, expected 2 instead.")
    if len(ms) == 1:
        return _out(ms[0].clone(), out)
    return _out(linalg.multi_dot(ms), out)


def frobenius_norm(input, dim, keepdim: bool = False, *, out=None) -> Tensor:
    """The 2-norm of the elements over dim (deprecated: `linalg.vector_norm(A, 2, dim)`)."""
    warnings.warn(
        "at::frobenius_norm is deprecated and it is just left for JIT compatibility. It will "
        "be removed in a future PyTorch release. Please use `linalg.vector_norm(A, 2., dim, "
        "keepdim)` instead",
        UserWarning,
        stacklevel=2,
    )
    dims = (dim,) if isinstance(dim, int) else tuple(dim)
    if len(dims) > 2:
        raise RuntimeError(
            f"Expected at most 2 dimensions, but got {len(dims)} dimensions instead."
        )
    return _out(linalg.vector_norm(_tensor(input), 2, dims, keepdim), out)


def nuclear_norm(input, dim=None, keepdim: bool = False, *, out=None) -> Tensor:
    """The sum of the singular values of the matrices over dim (the last two by default;
    deprecated: `linalg.matrix_norm(A, "nuc", dim)`)."""
    warnings.warn(
        "at::nuclear_norm is deprecated and it is just left for JIT compatibility. It will be "
        "removed in a future PyTorch release. Please use `linalg.matrix_norm(A, 'nuc', dim, "
        "keepdim)` instead",
        UserWarning,
        stacklevel=2,
    )
    if isinstance(dim, bool):  # nuclear_norm(input, keepdim): PyTorch's other overload
        dim, keepdim = None, dim
    x = _tensor(input)
    if dim is None:
        if x.ndim != 2:
            raise RuntimeError(
                f"Expected a tensor with 2 dimensions, but got a tensor with {x.ndim} "
                "dimensions instead."
            )
        dim = (-2, -1)
    return _out(linalg.matrix_norm(x, "nuc", tuple(dim), keepdim), out)
