"""torch.linalg's LU functions, the matrix exponential, Householder products, least
squares and the tensor inverse/solve (re-exported by autograd/linalg.py).

`lu_factor`/`lu` factor with partial pivoting (autograd/ops_lu.py: the gradient for
square matrices, PyTorch's rule); `lu_solve` and `lu_unpack`'s factors are compositions of
recorded ops (masks, matmuls, `Solve`), so their gradients reach LU and B as PyTorch's do.
`householder_product` multiplies the reflectors out with recorded ops; `lstsq` is the
pseudo-inverse's solution (differentiable; PyTorch's CPU default driver "gelsy" gives the
same one for full-rank A).
"""

from __future__ import annotations

import math

import numpy as np

from . import return_types
from .argcheck import integer
from .ops_linalg import Pinverse, Solve
from .tensor_class import Tensor, as_tensor
from .tensor_lu import (
    factor,
    householder_checked,
    matrices,
    raise_singular,
    solve_checked,
    unpack,
)
from .torch_matrix import out_into, outs_into

__all__ = [
    "householder_product",
    "lstsq",
    "lu",
    "lu_factor",
    "lu_factor_ex",
    "lu_solve",
    "matrix_exp",
    "tensorinv",
    "tensorsolve",
]


def _matrices(A, who: str) -> Tensor:
    """A as a Tensor of floating matrices (at least 2 dims), or PyTorch's error."""
    return matrices(as_tensor(A), who)


def lu_factor(A, *, pivot: bool = True, out=None):
    """(LU, pivots) of each matrix: L (unit lower, below the diagonal) and U (upper) packed
    into one matrix, pivots LAPACK's 1-based row interchanges (int32); A = P L U."""
    A = _matrices(A, "linalg.lu_factor")
    packed, piv, info = factor(A, "linalg.lu_factor", pivot)
    bad = np.asarray(info._data).reshape(-1)
    if bad.size and bad.max() > 0:
        raise_singular("linalg.lu_factor", info._data)
    return outs_into(return_types.linalg_lu_factor(packed, piv), out)


def lu_factor_ex(A, *, pivot: bool = True, check_errors: bool = False, out=None):
    """(LU, pivots, info): `lu_factor` with info > 0 (the first zero pivot's column)
    instead of an error for a singular matrix, unless check_errors."""
    A = _matrices(A, "linalg.lu_factor_ex")
    packed, piv, info = factor(A, "linalg.lu_factor_ex", pivot)
    if check_errors and np.any(info._data):
        raise_singular("linalg.lu_factor_ex", info._data)
    return outs_into(return_types.linalg_lu_factor_ex(packed, piv, info), out)


def lu(A, *, pivot: bool = True, out=None):
    """(P, L, U) with A = P L U: P a permutation, L unit lower triangular (m x k), U upper
    (k x n), k = min(m, n)."""
    A = _matrices(A, "linalg.lu")
    packed, piv, _ = factor(A, "linalg.lu", pivot)
    P, L, U = unpack(packed, piv, A.shape[-2], A.shape[-1])
    return outs_into(return_types.linalg_lu(P, L, U), out)


def lu_solve(LU, pivots, B, *, left: bool = True, adjoint: bool = False, out=None) -> Tensor:
    """X with A X = B (adjoint: A^T X = B; left=False: X A = B) from `lu_factor`'s
    (LU, pivots); differentiable in LU and B."""
    LU, B = _matrices(LU, "linalg.lu_solve"), as_tensor(B)
    return out_into(solve_checked(LU, pivots, B, left, adjoint, "linalg.lu_solve"), out)


def matrix_exp(input) -> Tensor:
    """exp(A) = I + A + A^2/2! + ... of each square matrix (differentiable, any order)."""
    return as_tensor(input).matrix_exp()


def householder_product(input, tau, *, out=None) -> Tensor:
    """The first n columns of the product of the Householder reflectors stored in A's
    columns (below the diagonal) and tau (LAPACK's orgqr: Q of `geqrf`); differentiable."""
    A, tau = as_tensor(input), as_tensor(tau)
    return out_into(householder_checked(A, tau, "torch.linalg.householder_product"), out)


def lstsq(input, b, rcond: float | None = None, *, driver: str | None = None):
    """(solution, residuals, rank, singular_values) of min ||A X - B||: the solution is
    pinv(A) B (differentiable); residuals (||A X - B||^2 per column) when m > n, every A
    has full rank and the driver is not "gelsy"; rank for gelsy/gelsd/gelss; singular
    values for gelsd/gelss; the rest empty, as PyTorch's."""
    who = "torch.linalg.lstsq"
    A, B = _matrices(input, who), as_tensor(b)
    if driver is None:
        driver = "gelsy"
    if driver not in ("gels", "gelsy", "gelsd", "gelss"):
        raise RuntimeError(
            f"{who}: parameter `driver` should be one of (gels, gelsy, gelsd, gelss)"
        )
    vector = B.ndim == A.ndim - 1
    Bm = B.unsqueeze(-1) if vector else B
    if Bm.ndim < 2 or Bm.shape[-2] != A.shape[-2]:
        raise RuntimeError(f"{who}: input.size(-2) should match other.size(-2)")
    if A.dtype != B.dtype:
        raise RuntimeError(
            f"{who}: Expected input and other to have the same dtype, but got input's dtype "
            f"{A.dtype} and other's dtype {B.dtype}"
        )
    m, n = A.shape[-2], A.shape[-1]
    s = np.linalg.svd(A._data, compute_uv=False) if A._data.size else np.zeros(A.shape[:-2] + (0,))
    eps = np.finfo(A._data.dtype).eps
    tol = (eps * max(m, n) if rcond is None or rcond < 0 else rcond) * (
        s[..., :1] if s.shape[-1] else 0
    )
    rank = (s > tol).sum(-1).astype(np.int64)
    cut = float(eps * max(m, n) if rcond is None or rcond < 0 else rcond)
    X = Pinverse.apply(A, rcond=cut, hermitian=False) @ Bm
    X = X.squeeze(-1) if vector else X
    empty = Tensor(np.zeros(0, A._data.dtype))
    residuals = empty
    if m > n and driver in ("gelsd", "gelss") and np.all(rank == n):
        r = A @ (X.unsqueeze(-1) if vector else X) - Bm
        residuals = (r * r).sum(-2)
        residuals = residuals.squeeze(-1) if vector else residuals
    rank_t = Tensor(rank) if driver != "gels" else Tensor(np.zeros(0, np.int64))
    if driver == "gels" and m > n:  # gels assumes full rank: its residuals are always given
        r = A @ (X.unsqueeze(-1) if vector else X) - Bm
        residuals = (r * r).sum(-2)
    sv = Tensor(s.astype(A._data.dtype)) if driver in ("gelsd", "gelss") else empty
    return return_types.linalg_lstsq(X, residuals, rank_t, sv)


def tensorinv(input, ind: int = 2, *, out=None) -> Tensor:
    """The inverse of A read as a matrix of its first `ind` dims by the rest: shape
    A.shape[ind:] + A.shape[:ind] (tensordot(tensorinv(A), A, ind) is the identity)."""
    A = as_tensor(input)
    ind = integer(ind, "ind", "linalg.tensorinv")
    if ind <= 0:
        raise RuntimeError(f"Expected a strictly positive integer for 'ind', but got {ind}")
    rows, cols = math.prod(A.shape[:ind]), math.prod(A.shape[ind:])
    if rows != cols:
        raise RuntimeError(
            f"Expected self to satisfy the requirement prod(self.shape[ind:]) == "
            f"prod(self.shape[:ind]), but got {cols} != {rows}"
        )
    inv = A.reshape(rows, cols).inverse()
    return out_into(inv.reshape(A.shape[ind:] + A.shape[:ind]), out)


def tensorsolve(input, other, dims=None, *, out=None) -> Tensor:
    """X with tensordot(A, X, X.ndim) = B (A = input, B = other; dims: A's dims moved to the
    end first)."""
    A, B = as_tensor(input), as_tensor(other)
    if dims is not None:
        dims = [d % A.ndim for d in (dims if isinstance(dims, (list, tuple)) else [dims])]
        rest = [d for d in range(A.ndim) if d not in dims]
        A = A.permute(rest + dims)
    rows = int(np.size(B._data))
    x_shape = A.shape[B.ndim :]
    cols = math.prod(x_shape)
    if math.prod(A.shape[: B.ndim]) != rows or A.shape[: B.ndim] != B.shape or rows != cols:
        raise RuntimeError(
            f"Expected self to satisfy the requirement prod(self.shape[other.ndim:]) == "
            f"prod(self.shape[:other.ndim]), but got {cols} != {math.prod(A.shape[: B.ndim])}"
        )
    X = Solve.apply(A.reshape(rows, cols), B.reshape(rows, 1))
    return out_into(X.reshape(x_shape), out)
