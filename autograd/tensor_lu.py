"""Tensor methods for LU, triangular solves, the matrix exponential and Householder QR
(`lu`, `lu_solve`, `triangular_solve`, `matrix_exp`, `geqrf`, `orgqr`, `ormqr`), and the
helpers the torch-level and `linalg` functions share (autograd/linalg_lu.py,
autograd/torch_lu.py).

The LU factors are the `LUFactor` primitive (autograd/ops_lu.py); the solves, the unpacked
factors and the Householder products are compositions of recorded ops (masks, matmuls,
`Solve`), so their gradients reach every input as PyTorch's do. `geqrf` is numpy's
Householder QR in LAPACK's layout, without a gradient (as PyTorch's).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

import numpy as np

from . import return_types
from .ops_linalg import LinAlgError, Solve
from .ops_lu import LUFactor, MatrixExp, lu_array, permutation_array
from .tensor_matrix import floating, square

if TYPE_CHECKING:
    from .tensor_class import Tensor


def matrices(A: Tensor, who: str) -> Tensor:
    """A, checked to be floating matrices (at least 2 dims), or PyTorch's error."""
    if A.ndim < 2:
        raise RuntimeError(f"{who}: The input tensor A must have at least 2 dimensions.")
    floating(A, who)
    return A


def factor(A: Tensor, who: str, pivot: bool = True) -> tuple[Tensor, Tensor, Tensor]:
    """(packed LU, pivots int32, info int32) of A; the LU recorded for square A."""
    if not pivot:
        raise RuntimeError(f"{who}: LU without pivoting is not implemented on the CPU")
    lu, piv, info = lu_array(A._data)
    if A.requires_grad and A.shape[-1] == A.shape[-2]:
        packed = LUFactor.apply(A)
    elif A.requires_grad:
        raise NotImplementedError(
            f"{who}: the gradient of the LU factors is implemented for square matrices only "
            f"(got {A.shape[-2]}x{A.shape[-1]}); factor A.detach() for the values"
        )
    else:
        packed = A._result(lu)
    return packed, A._result(piv), A._result(info)


def raise_singular(who: str, info: np.ndarray) -> None:
    """PyTorch's error for a zero pivot: the first batch element and column."""
    flat = np.asarray(info).reshape(-1)
    b = int(np.flatnonzero(flat)[0])
    at = f"(Batch element {b}): " if np.ndim(info) else ""
    raise LinAlgError(
        f"{who}: {at}U[{flat[b]},{flat[b]}] is zero and using it on lu_solve would result in "
        "a division by zero. If you still want to perform the factorization, consider calling "
        "linalg.lu(A, pivot) or linalg.lu_factor_ex(A, pivot)"
    )


def _pivots(pivots) -> np.ndarray:
    return np.asarray(getattr(pivots, "_data", pivots))


def unpack(packed: Tensor, pivots, m: int, n: int) -> tuple[Tensor, Tensor, Tensor]:
    """(P, L, U) of packed LU factors: L m x k unit lower, U k x n upper (k = min(m, n))."""
    k = min(m, n)
    dtype = packed._data.dtype
    L = packed[..., :, :k].tril(-1) + np.eye(m, k, dtype=dtype)
    U = packed[..., :k, :].triu()
    P = packed._result(permutation_array(_pivots(pivots), m, dtype))
    return P, L, U


def triangular(T: Tensor, B: Tensor, upper: bool, unit: bool) -> Tensor:
    """X with T X = B, reading T's upper or lower triangle (unit: its diagonal as ones)."""
    n = T.shape[-1]
    if unit:
        T = (T.triu(1) if upper else T.tril(-1)) + np.eye(n, dtype=T._data.dtype)
    else:
        T = T.triu() if upper else T.tril()
    return Solve.apply(T, B)


def solve_packed(LU: Tensor, pivots, B: Tensor, left: bool, adjoint: bool) -> Tensor:
    """X with A X = B (adjoint: A^T X = B; left=False: X A = B) for A = P L U."""
    if not left:  # X A = B is A^T X^T = B^T
        return solve_packed(LU, pivots, B.swapaxes(-1, -2), True, not adjoint).swapaxes(-1, -2)
    n = LU.shape[-1]
    P = LU._result(permutation_array(_pivots(pivots), n, LU._data.dtype))
    if adjoint:  # A^T = U^T L^T P^T: X = P L^-T U^-T B
        y = triangular(LU.swapaxes(-1, -2), B, upper=False, unit=False)
        return P @ triangular(LU.swapaxes(-1, -2), y, upper=True, unit=True)
    y = triangular(LU, P.swapaxes(-1, -2) @ B, upper=False, unit=True)
    return triangular(LU, y, upper=True, unit=False)


def householder_q(A: Tensor, tau: Tensor, columns: int) -> Tensor:
    """The first `columns` columns of H_1 ... H_k, H_i = I - tau_i v_i v_i^T, v_i the i-th
    column of A below the diagonal with a 1 on it (LAPACK's reflectors), recorded."""
    m, k = A.shape[-2], tau.shape[-1]
    dtype = A._data.dtype
    batch = np.broadcast_shapes(A.shape[:-2], tau.shape[:-1])
    Q = A._result(np.broadcast_to(np.eye(m, dtype=dtype), batch + (m, m)).copy())
    for i in range(k):
        below = (np.arange(m) > i).astype(dtype)
        v = A[..., :, i] * below + (np.arange(m) == i).astype(dtype)
        Qv = (Q @ v.unsqueeze(-1)).squeeze(-1)
        Q = Q - (tau[..., i : i + 1] * Qv).unsqueeze(-1) * v.unsqueeze(-2)
    return Q[..., :, :columns]


def householder_checked(A: Tensor, tau: Tensor, who: str) -> Tensor:
    """`householder_q`'s first n columns, with PyTorch's checks of the shapes."""
    matrices(A, who)
    if A.shape[-2] < A.shape[-1]:
        raise RuntimeError(
            f"{who}: input.shape[-2] must be greater than or equal to input.shape[-1]"
        )
    if tau.ndim < 1 or A.shape[-1] < tau.shape[-1]:
        raise RuntimeError(f"{who}: input.shape[-1] must be greater than or equal to tau.shape[-1]")
    if tau.ndim != A.ndim - 1 or tau.shape[:-1] != A.shape[:-2]:
        raise RuntimeError(
            f"{who}: Expected batch dimensions of tau to be equal to input.shape[:-2], but "
            f"got {list(tau.shape[:-1])}"
        )
    if tau.dtype != A.dtype:
        raise RuntimeError(f"{who}: tau dtype {tau.dtype} does not match input dtype {A.dtype}")
    return householder_q(A, tau, A.shape[-1])


def geqrf_arrays(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """LAPACK geqrf's (a, tau) of each matrix: R on and above the diagonal, the reflectors'
    vectors below it (dlarfg's convention: beta = -sign(alpha) |x|, v[0] = 1)."""
    a = np.array(a, copy=True)
    *batch, m, n = a.shape
    k = min(m, n)
    flat = a.reshape(-1, m, n)
    tau = np.zeros((flat.shape[0], k), a.dtype)
    for b, mat in enumerate(flat):
        for j in range(k):
            alpha, x = mat[j, j], mat[j + 1 :, j]
            xnorm = np.linalg.norm(x)
            if xnorm == 0:
                continue  # H = I, tau = 0
            beta = -np.copysign(np.hypot(alpha, xnorm), alpha)
            tau[b, j] = (beta - alpha) / beta
            mat[j + 1 :, j] = x / (alpha - beta)
            mat[j, j] = beta
            v = np.concatenate([[1.0], mat[j + 1 :, j]]).astype(a.dtype)
            w = v @ mat[j:, j + 1 :]
            mat[j:, j + 1 :] -= tau[b, j] * np.outer(v, w)
    return a, tau.reshape((*batch, k))


class LUMethods:
    """LU, triangular solves, the matrix exponential and Householder QR as methods."""

    __slots__ = ()

    def lu(self, pivot: bool = True, get_infos: bool = False):
        """(LU, pivots) of each matrix, packed as LAPACK's (get_infos: (LU, pivots, infos));
        PyTorch's deprecated form of `linalg.lu_factor`, with its warning."""
        warnings.warn(
            "torch.lu is deprecated in favor of torch.linalg.lu_factor / "
            "torch.linalg.lu_factor_ex and will be removed in a future PyTorch release.",
            UserWarning,
            stacklevel=2,
        )
        packed, piv, info = factor(matrices(self, "lu"), "torch.lu", pivot)
        return (packed, piv, info) if get_infos else (packed, piv)

    def lu_solve(self, LU_data, LU_pivots) -> Tensor:  # noqa: N803 (PyTorch's names)
        """X with A X = self from `lu`'s (LU_data, LU_pivots); differentiable in both."""
        LU = matrices(self._operand(LU_data) if not hasattr(LU_data, "_data") else LU_data,
                      "lu_solve")  # fmt: skip
        return solve_checked(LU, LU_pivots, self, True, False, "linalg.lu_solve")

    def triangular_solve(self, A, upper: bool = True, transpose: bool = False,
                         unitriangular: bool = False):  # fmt: skip
        """(solution, cloned_coefficient): X with A X = self (transpose: A^T X = self) for
        triangular A (only its upper or lower triangle read; unitriangular: a unit
        diagonal), batched."""
        b = self
        A = A if hasattr(A, "_data") else b._operand(A)
        who = "torch.triangular_solve"
        if b.ndim < 2:
            raise RuntimeError(
                f"{who}: Expected b to have at least 2 dimensions, but it has {b.ndim} "
                "dimensions instead"
            )
        if A.ndim < 2:
            raise RuntimeError(
                f"{who}: Expected A to have at least 2 dimensions, but it has {A.ndim} "
                "dimensions instead"
            )
        if A.dtype != b.dtype:
            raise RuntimeError(
                f"{who}: Expected b and A to have the same dtype, but found b of type {b.dtype} "
                f"and A of type {A.dtype} instead."
            )
        n = A.shape[-1]
        if A.shape[-2] != n or b.shape[-2] != n:
            raise RuntimeError(
                f"{who}: Incompatible matrix sizes for triangular_solve: each A matrix is "
                f"{A.shape[-2]} by {n} but each b matrix is {b.shape[-2]} by {b.shape[-1]}"
            )
        T = A.swapaxes(-1, -2) if transpose else A
        X = triangular(T, b, upper != bool(transpose), bool(unitriangular))
        return return_types.triangular_solve(X, A.clone())

    def matrix_exp(self) -> Tensor:
        """exp(A) = I + A + A^2/2! + ... of each square matrix (differentiable, any order)."""
        square(matrices(self, "linalg.matrix_exp"), "linalg.matrix_exp")
        return MatrixExp.apply(self)

    def geqrf(self):
        """(a, tau): LAPACK's Householder QR of each matrix (no gradient, as PyTorch's)."""
        a, tau = geqrf_arrays(matrices(self, "geqrf")._data)
        return return_types.geqrf(self._result(a), self._result(tau))

    def orgqr(self, input2) -> Tensor:
        """The first n columns of the product of `geqrf`'s reflectors (tau = input2)."""
        tau = input2 if hasattr(input2, "_data") else self._operand(input2)
        return householder_checked(self, tau, "torch.linalg.householder_product")

    def ormqr(self, input2, input3, left: bool = True, transpose: bool = False) -> Tensor:
        """Q other (left=False: other Q; transpose: with Q^T) for the m x m Q of `geqrf`'s
        reflectors (self, tau = input2), other = input3; differentiable."""
        A = matrices(self, "ormqr")
        tau = input2 if hasattr(input2, "_data") else self._operand(input2)
        C = input3 if hasattr(input3, "_data") else self._operand(input3)
        m = A.shape[-2]
        side = -2 if left else -1
        if C.ndim < 2 or C.shape[side] != m:
            raise RuntimeError(
                f"torch.ormqr: other.shape[{side}] must be equal to input.shape[-2] (got "
                f"{list(C.shape)} and {list(A.shape)})"
            )
        if tau.ndim < 1 or tau.shape[-1] != min(C.shape[side], A.shape[-1]):
            raise RuntimeError(
                f"torch.ormqr: tau.shape[-1] must be equal to min(other.shape[{side}], "
                "input.shape[-1])"
            )
        Q = householder_q(A, tau, m)
        Q = Q.swapaxes(-1, -2) if transpose else Q
        return Q @ C if left else C @ Q


def solve_checked(LU: Tensor, pivots, B: Tensor, left: bool, adjoint: bool, who: str) -> Tensor:
    """`solve_packed` with PyTorch's checks of the shapes and dtypes."""
    square(LU, who)
    if B.ndim < 2:
        raise RuntimeError(f"{who}: Expected B to have at least 2 dimensions.")
    if LU.dtype != B.dtype:
        raise RuntimeError(
            f"{who}: Expected LU and B to have the same dtype, but found LU of type "
            f"{LU.dtype} and B of type {B.dtype} instead"
        )
    n = LU.shape[-1]
    if (B.shape[-2] if left else B.shape[-1]) != n:
        raise RuntimeError(
            f"{who}: Incompatible shapes of A and B for the equation "
            f"{'AX = B' if left else 'XA = B'} ({n}x{n} and {'x'.join(map(str, B.shape[-2:]))})"
        )
    return solve_packed(LU, pivots, B, left, adjoint)
