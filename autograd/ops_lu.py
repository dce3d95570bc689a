"""LU factorisation and the matrix exponential: two primitives and their numpy kernels.

- `LUFactor`: P^T A = L U with partial pivoting (LAPACK getrf's choice: the largest
  |value| in the column, the first of ties), L unit lower triangular and U upper, packed
  into one matrix as LAPACK stores them. Backward (square A, PyTorch's rule):
  gA = P L^-T (tril(L^T gL, -1) + triu(gU U^T)) U^-T.
- `MatrixExp`: exp(A) by scaling and squaring with a [13/13] Padé approximant (Higham
  2005). Backward: the upper-right block of exp([[A^T, g], [0, A^T]]), itself a
  MatrixExp, so second derivatives come free.

Real matrices (float32, float64), batched over leading dims.
"""

from __future__ import annotations

import numpy as np

from .float_warnings import quiet
from .op import Op, value, xp
from .ops_linalg import Inverse, swap


def lu_array(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(LU packed, pivots int32 1-based as LAPACK's ipiv, info int32) of each m x n
    matrix: info > 0 is the first zero pivot's (1-based) column, as getrf's."""
    *batch, m, n = a.shape
    k = min(m, n)
    flat = np.array(a, copy=True).reshape(-1, m, n)
    piv = np.zeros((flat.shape[0], k), np.int32)
    info = np.zeros(flat.shape[0], np.int32)
    rows = np.arange(flat.shape[0])
    with np.errstate(all="ignore"):
        for j in range(k):
            p = j + np.argmax(np.abs(flat[:, j:, j]), axis=1)
            piv[:, j] = p + 1
            top = flat[rows, j, :].copy()
            flat[rows, j, :] = flat[rows, p, :]
            flat[rows, p, :] = top
            pivot = flat[:, j, j]
            zero = pivot == 0
            info[(info == 0) & zero] = j + 1
            flat[:, j + 1 :, j] /= np.where(zero, 1, pivot)[:, None]  # a zero column stays
            flat[:, j + 1 :, j + 1 :] -= flat[:, j + 1 :, j : j + 1] * flat[:, j : j + 1, j + 1 :]
    return flat.reshape(a.shape), piv.reshape((*batch, k)), info.reshape(batch)


def permutation_array(pivots: np.ndarray, m: int, dtype) -> np.ndarray:
    """The permutation matrices P (A = P L U) of LAPACK's 1-based row interchanges."""
    batch = pivots.shape[:-1]
    flat = pivots.reshape(-1, pivots.shape[-1]).astype(np.int64) - 1
    perm = np.tile(np.arange(m), (flat.shape[0], 1))
    rows = np.arange(flat.shape[0])
    for j in range(flat.shape[1]):
        p = flat[:, j]
        top = perm[rows, j].copy()
        perm[rows, j] = perm[rows, p]
        perm[rows, p] = top
    out = np.zeros((flat.shape[0], m, m), dtype)
    out[rows[:, None], perm, np.arange(m)] = 1  # row perm[i] of A is row i of L U
    return out.reshape((*batch, m, m))


@quiet
class LUFactor(Op):
    """The packed LU factors of each square matrix (pivots: kept for the backward)."""

    __slots__ = ("_perm",)

    def forward(self, a):
        lu, piv, _ = lu_array(a)
        self._perm = permutation_array(piv, a.shape[-2], a.dtype)
        return lu

    def backward(self, g, out, a):
        n = value(out).shape[-1]
        lower = np.tri(n, k=-1, dtype=bool)
        eye = np.eye(n, dtype=value(out).dtype)
        L = xp(out).where(lower, out, 0) + eye
        U = xp(out).where(np.triu(np.ones((n, n), bool)), out, 0)
        phi = xp(g).where(lower, swap(L) @ g, 0) + xp(g).where(~lower, g @ swap(U), 0)
        return (self._perm @ swap(Inverse.call(L)) @ phi @ swap(Inverse.call(U)),)


# ------------------------------------------------------------------ matrix exponential
_PADE13 = (
    64764752532480000.0,
    32382376266240000.0,
    7771770303897600.0,
    1187353796428800.0,
    129060195264000.0,
    10559470521600.0,
    670442572800.0,
    33522128640.0,
    1323241920.0,
    40840800.0,
    960960.0,
    16380.0,
    182.0,
    1.0,
)
_THETA13 = 5.371920351148152


def expm_array(a: np.ndarray) -> np.ndarray:
    """exp(A) of each square matrix: scaling and squaring, [13/13] Padé, in float64."""
    *batch, n, _ = a.shape
    if a.size == 0:
        return np.array(a, copy=True)
    flat = np.asarray(a, np.float64).reshape(-1, n, n)
    out = np.empty_like(flat)
    eye = np.eye(n)
    b = _PADE13
    for i, m in enumerate(flat):
        norm = np.abs(m).sum(axis=0).max() if n else 0.0
        if not np.isfinite(norm):  # an inf or NaN entry: all NaN, as PyTorch's
            out[i] = np.full((n, n), np.nan)
            continue
        s = max(0, int(np.ceil(np.log2(norm / _THETA13)))) if norm > _THETA13 else 0
        x = m / 2.0**s
        x2 = x @ x
        x4 = x2 @ x2
        x6 = x4 @ x2
        u = x @ (
            x6 @ (b[13] * x6 + b[11] * x4 + b[9] * x2)
            + b[7] * x6
            + b[5] * x4
            + b[3] * x2
            + b[1] * eye
        )
        v = (
            x6 @ (b[12] * x6 + b[10] * x4 + b[8] * x2)
            + b[6] * x6
            + b[4] * x4
            + b[2] * x2
            + b[0] * eye
        )
        r = np.linalg.solve(v - u, v + u)
        for _ in range(s):
            r = r @ r
        out[i] = r
    return out.reshape(a.shape).astype(a.dtype, copy=False)


@quiet
class MatrixExp(Op):
    """exp(A) of each square matrix."""

    __slots__ = ()

    def forward(self, a):
        return expm_array(a)

    def backward(self, g, out, a):
        n = value(a).shape[-1]
        at = swap(a)
        f = xp(g)
        zero = g * 0
        top = f.concatenate([at, g], -1)
        bottom = f.concatenate([zero, at], -1)
        big = MatrixExp.call(f.concatenate([top, bottom], -2))
        return (big[..., :n, n:],)
