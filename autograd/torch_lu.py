"""torch-level LU, triangular-solve and Householder functions: `lu`, `lu_solve`,
`lu_unpack`, `triangular_solve`, `matrix_exp`, `geqrf`, `orgqr`, `ormqr`.

PyTorch's older argument orders (`lu_solve(b, LU, pivots)`, `triangular_solve(b, A)`),
on the kernels of autograd/linalg_lu.py. `geqrf` has no gradient (nor has PyTorch's); the
others are differentiable.
"""

from __future__ import annotations

import warnings

import numpy as np

from . import return_types
from .linalg_lu import (
    _matrices,
    factor,
    householder_product,
    householder_q,
    matrix_exp,
    unpack,
)
from .linalg_lu import lu_solve as linalg_lu_solve
from .ops_linalg import Solve
from .tensor_class import Tensor, as_tensor
from .torch_matrix import outs_into

__all__ = [
    "geqrf",
    "lu",
    "lu_solve",
    "lu_unpack",
    "matrix_exp",
    "orgqr",
    "ormqr",
    "triangular_solve",
]


def lu(A, pivot: bool = True, get_infos: bool = False, out=None):
    """(LU, pivots) of each matrix (get_infos: (LU, pivots, infos), and no error for a
    singular matrix): `linalg.lu_factor`'s packed factors."""
    warnings.warn(
        "torch.lu is deprecated in favor of torch.linalg.lu_factor / torch.linalg.lu_factor_ex "
        "and will be removed in a future PyTorch release.",
        UserWarning,
        stacklevel=2,
    )
    A = _matrices(A, "lu")
    packed, piv, info = factor(A, "torch.lu", pivot)
    return outs_into((packed, piv, info) if get_infos else (packed, piv), out)


def lu_solve(b, LU_data, LU_pivots, *, out=None) -> Tensor:  # noqa: N803 (PyTorch's names)
    """X with A X = b from `lu`'s (LU_data, LU_pivots) (`linalg.lu_solve(LU, pivots, b)`)."""
    return linalg_lu_solve(LU_data, LU_pivots, b, out=out)


def lu_unpack(
    LU_data, LU_pivots, unpack_data: bool = True, unpack_pivots: bool = True, *, out=None
):  # noqa: N803 (PyTorch's names)
    """(P, L, U) from `lu`'s packed factors, A = P L U (an empty tensor for what is not
    unpacked); L and U carry LU_data's gradient."""
    LU = _matrices(LU_data, "lu_unpack")
    piv = np.asarray(getattr(LU_pivots, "_data", LU_pivots))
    if piv.dtype != np.int32:
        raise RuntimeError(
            f"lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype. "
            f"Note: this function is intended to be used with the output produced by "
            f"torch.linalg.lu_factor, got {piv.dtype}"
        )
    P, L, U = unpack(LU, piv, LU.shape[-2], LU.shape[-1])
    empty = Tensor(np.zeros(0, LU._data.dtype))
    result = return_types.lu_unpack(
        P if unpack_pivots else empty, L if unpack_data else empty, U if unpack_data else empty
    )
    return outs_into(result, out)


def triangular_solve(
    b, A, upper: bool = True, transpose: bool = False, unitriangular: bool = False, *, out=None
):
    """(solution, cloned_coefficient): X with A X = b (transpose: A^T X = b) for triangular
    A (only its upper or lower triangle read; unitriangular: a unit diagonal), batched."""
    A, b = as_tensor(A), as_tensor(b)
    if A.ndim < 2 or b.ndim < 2:
        raise RuntimeError(
            f"torch.triangular_solve: Expected b to have at least 2 dimensions, but it has "
            f"{b.ndim} dimensions instead"
            if b.ndim < 2
            else f"torch.triangular_solve: Expected A to have at least 2 dimensions, but it has "
            f"{A.ndim} dimensions instead"
        )
    if A.dtype != b.dtype:
        raise RuntimeError(
            f"torch.triangular_solve: Expected b and A to have the same dtype, but found b of "
            f"type {b.dtype} and A of type {A.dtype} instead."
        )
    n = A.shape[-1]
    if A.shape[-2] != n or b.shape[-2] != n:
        raise RuntimeError(
            f"torch.triangular_solve: Incompatible matrix sizes for triangular_solve: each A "
            f"matrix is {A.shape[-2]} by {n} but each b matrix is {b.shape[-2]} by {b.shape[-1]}"
        )
    if unitriangular:
        T = (A.triu(1) if upper else A.tril(-1)) + np.eye(n, dtype=A._data.dtype)
    else:
        T = A.triu() if upper else A.tril()
    X = Solve.apply(T.swapaxes(-1, -2) if transpose else T, b)
    return outs_into(return_types.triangular_solve(X, A.clone()), out)


def geqrf(input, *, out=None):
    """(a, tau): LAPACK's Householder QR of each matrix, R on and above a's diagonal and the
    reflectors' vectors below it (no gradient, as PyTorch's)."""
    A = _matrices(input, "geqrf")
    a = np.array(A._data, copy=True)
    *batch, m, n = a.shape
    k = min(m, n)
    flat = a.reshape(-1, m, n)
    tau = np.zeros((flat.shape[0], k), a.dtype)
    for b, mat in enumerate(flat):
        for j in range(k):
            alpha, x = mat[j, j], mat[j + 1 :, j]
            xnorm = np.linalg.norm(x)
            if xnorm == 0:
                continue  # H = I, tau = 0 (LAPACK's dlarfg)
            beta = -np.copysign(np.hypot(alpha, xnorm), alpha)
            tau[b, j] = (beta - alpha) / beta
            mat[j + 1 :, j] = x / (alpha - beta)
            mat[j, j] = beta
            v = np.concatenate([[1.0], mat[j + 1 :, j]]).astype(a.dtype)
            w = v @ mat[j:, j + 1 :]
            mat[j:, j + 1 :] -= tau[b, j] * np.outer(v, w)
    return outs_into(return_types.geqrf(Tensor(a), Tensor(tau.reshape((*batch, k)))), out)


def orgqr(input, tau) -> Tensor:
    """The first n columns of the product of `geqrf`'s reflectors (`linalg.householder_product`)."""
    return householder_product(input, tau)


def ormqr(input, input2, input3, left: bool = True, transpose: bool = False, *, out=None) -> Tensor:
    """Q other (left=False: other Q; transpose: with Q^T) for the m x m Q of `geqrf`'s
    reflectors (input, tau = input2), other = input3; differentiable."""
    A, tau, C = _matrices(input, "ormqr"), as_tensor(input2), as_tensor(input3)
    m = A.shape[-2]
    if C.ndim < 2 or (C.shape[-2] if left else C.shape[-1]) != m:
        raise RuntimeError(
            f"torch.ormqr: other.shape[{-2 if left else -1}] must be equal to "
            f"input.shape[-2] (got {list(C.shape)} and {list(A.shape)})"
        )
    k = min(C.shape[-2] if left else C.shape[-1], A.shape[-1])
    if tau.ndim < 1 or tau.shape[-1] != k:
        raise RuntimeError(
            f"torch.ormqr: tau.shape[-1] must be equal to min(other.shape[{-2 if left else -1}], "
            "input.shape[-1])"
        )
    Q = householder_q(A, tau, m)
    Q = Q.swapaxes(-1, -2) if transpose else Q
    result = Q @ C if left else C @ Q
    return result if out is None else outs_into((result,), (out,))[0]
