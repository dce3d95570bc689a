"""`autograd.linalg`: PyTorch's `torch.linalg` functions most programs use.

`inv`, `det`, `slogdet`, `solve`, `cholesky`, `pinv`, `matrix_power`, the factorisations
`qr`, `eigh`/`eigvalsh`, `svd`/`svdvals` (differentiable, batched over leading dims: the
primitives of autograd/ops_linalg.py), the norms (`vector_norm`, `matrix_norm`, `norm`),
`matrix_rank`, products (`matmul`, `multi_dot`, `vecdot`, `cross`), `solve_triangular`,
`vander`, `diagonal`, the LU functions (`lu_factor`, `lu`, `lu_solve`), `matrix_exp`,
`householder_product`, `lstsq`, `tensorinv`/`tensorsolve` (autograd/linalg_lu.py), the
`_ex` forms (`solve_ex`, `inv_ex`, `cholesky_ex`: an info code instead of an error), and
`LinAlgError` (a RuntimeError, raised for singular or non-positive-definite input). Real
matrices (float32, float64).
"""

from __future__ import annotations

import functools
import inspect

import numpy as np

from . import return_types
from .argcheck import integer
from .linalg_lu import (
    householder_product,
    lstsq,
    lu,
    lu_factor,
    lu_factor_ex,
    lu_solve,
    matrix_exp,
    tensorinv,
    tensorsolve,
)
from .ops_linalg import Cholesky, LinAlgError, Pinverse, Solve, singular_values_failed
from .ops_lu import lu_array, permutation_array
from .shapes import dims_arg
from .tensor_class import Tensor, as_tensor
from .tensor_class import concatenate as _concatenate
from .tensor_matrix import floating, square
from .torch_matrix import eigh_factors, out_into, outs_into, qr_factors, svd_factors

__all__ = [
    "LinAlgError",
    "cholesky",
    "cholesky_ex",
    "cond",
    "cross",
    "det",
    "diagonal",
    "eig",
    "eigh",
    "eigvals",
    "eigvalsh",
    "householder_product",
    "inv",
    "inv_ex",
    "lstsq",
    "lu",
    "lu_factor",
    "lu_factor_ex",
    "lu_solve",
    "matmul",
    "matrix_exp",
    "matrix_norm",
    "matrix_power",
    "matrix_rank",
    "multi_dot",
    "norm",
    "pinv",
    "qr",
    "slogdet",
    "solve",
    "solve_ex",
    "solve_triangular",
    "svd",
    "svdvals",
    "tensorinv",
    "tensorsolve",
    "vander",
    "vecdot",
    "vector_norm",
]


_out = out_into


def inv(A, *, out=None) -> Tensor:
    """The inverse of each square matrix; a singular one raises LinAlgError."""
    return _out(as_tensor(A).inverse(), out)


def det(A, *, out=None) -> Tensor:
    """The determinant of each square matrix (its gradient is the cofactor matrix, singular
    matrices included)."""
    return _out(as_tensor(A).det(), out)


def slogdet(A, *, out=None):
    """(sign, logabsdet) of the determinant of each square matrix, a named tuple."""
    return outs_into(as_tensor(A).slogdet(), out)


def pinv(input, rcond=None, hermitian: bool = False, *, atol=None, rtol=None, out=None) -> Tensor:
    """The pseudo-inverse of each matrix: singular values below max(atol, rtol * the largest)
    are taken as zero (rtol: eps * max(m, n) by default, 0 when only atol > 0 is given, as
    PyTorch's); hermitian=True computes it from the eigenvalues of the lower triangle.
    rcond (PyTorch's older positional form) is rtol with atol=0."""
    atol, rtol = _old_tolerance("linalg.pinv", "rcond", rcond, atol, rtol, relative=True)
    A = as_tensor(input)
    if A.ndim < 2:
        raise RuntimeError(f"linalg.pinv: expected a tensor with 2 or more dims, got {A.ndim}")
    floating(A, "linalg.pinv")
    if hermitian:
        square(A, "linalg.pinv")
    rcond = _relative_tolerance(A, atol, rtol)
    if atol is not None and A._data.size:
        top = np.max(_singular_values(A._data, hermitian), -1)
        with np.errstate(all="ignore"):
            rcond = np.maximum(rcond, np.where(top > 0, float(atol) / top, np.inf))
    rcond = rcond if isinstance(rcond, np.ndarray) else float(rcond)
    return _out(Pinverse.apply(A, rcond=rcond, hermitian=bool(hermitian)), out)


def _old_tolerance(who: str, name: str, value, atol, rtol, relative: bool) -> tuple:
    """(atol, rtol) of PyTorch's older overloads: `pinv(A, rcond)` and `matrix_rank(A, tol)`."""
    if value is None:
        return atol, rtol
    if atol is not None or rtol is not None:
        raise TypeError(
            f"{who}: {name} cannot be given with atol or rtol (it is PyTorch's older form); "
            f"write {'rtol' if relative else 'atol'}= instead"
        )
    value = value.item() if isinstance(value, Tensor) else float(value)
    return (0.0, value) if relative else (value, 0.0)


def _relative_tolerance(A: Tensor, atol, rtol) -> float:
    if rtol is not None:
        return float(rtol)
    if atol is not None and atol > 0:
        return 0.0
    return float(np.finfo(A.dtype).eps * max(A.shape[-2:])) if A.ndim >= 2 else 0.0


def _singular_values(a: np.ndarray, hermitian: bool = False) -> np.ndarray:
    try:
        return np.linalg.svd(a, compute_uv=False, hermitian=hermitian)
    except np.linalg.LinAlgError:
        raise singular_values_failed() from None


def matrix_power(input, n: int, *, out=None) -> Tensor:
    """The n-th power of each square matrix (n < 0: of the inverse)."""
    return _out(as_tensor(input).matrix_power(n), out)


def solve(A, B, *, left: bool = True, out=None) -> Tensor:
    """X with A X = B (left=False: X A = B) for square A; B a matrix or a vector (shape
    A.shape[:-1]); batch dims broadcast."""
    A, B = as_tensor(A), as_tensor(B)
    if A.dtype != B.dtype:
        raise RuntimeError(
            f"linalg.solve: Expected A and B to have the same dtype, but found A of type "
            f"{A.dtype} and B of type {B.dtype}"
        )
    square(A, "linalg.solve")
    floating(B, "linalg.solve")
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and B.shape == A.shape[:-1])
    if not left:  # X A = B is A^T X^T = B^T
        A = A.swapaxes(-1, -2)
        if not vector:
            return _out(solve(A, B.swapaxes(-1, -2)).swapaxes(-1, -2), out)
    n = A.shape[-1]
    rows = B.shape[-1] if vector else (B.shape[-2] if B.ndim >= 2 else None)
    if rows != n:
        raise RuntimeError(
            f"linalg.solve: Incompatible shapes of A and B for the equation AX = B "
            f"({'x'.join(map(str, A.shape[-2:]))} and {'x'.join(map(str, B.shape))})"
        )
    if vector:
        return _out(Solve.apply(A, B.unsqueeze(-1)).squeeze(-1), out)
    return _out(Solve.apply(A, B), out)


def solve_triangular(
    A, B, *, upper: bool, left: bool = True, unitriangular: bool = False, out=None
) -> Tensor:
    """X with A X = B (left=False: X A = B) for triangular A: only A's upper (upper=True) or
    lower triangle is read, and its diagonal taken as ones if unitriangular; batched.
    The gradient for A lies in that triangle, as PyTorch's."""
    A, B = as_tensor(A), as_tensor(B)
    square(A, "linalg.solve_triangular")
    if B.ndim < 2:
        raise RuntimeError(
            "linalg.solve_triangular: The input tensor B must have at least 2 dimensions."
        )
    if A.dtype != B.dtype:
        raise RuntimeError(
            f"linalg.solve_triangular: Expected A and B to have the same dtype, but found A of "
            f"type {A.dtype} and B of type {B.dtype}"
        )
    n = A.shape[-1]
    if unitriangular:
        T = (A.triu(1) if upper else A.tril(-1)) + np.eye(n, dtype=A.dtype)
    else:
        T = A.triu() if upper else A.tril()
    if not left:  # X A = B is A^T X^T = B^T
        return _out(solve(T.swapaxes(-1, -2), B.swapaxes(-1, -2)).swapaxes(-1, -2), out)
    return _out(solve(T, B), out)


def vander(x, *, N: int | None = None) -> Tensor:  # noqa: N803 (PyTorch's name)
    """The Vandermonde matrices of the vectors in x's last dim: columns x**0 ... x**(N-1)
    (N defaults to x's last dim); integers become int64."""
    x = as_tensor(x)
    n = (x.shape[-1] if x.ndim else 0) if N is None else integer(N, "N", "linalg.vander")
    if n <= 1:
        raise RuntimeError(
            f"linalg.vander: N must be greater than 1, got {n} (x of shape {x.shape})"
        )
    if x._data.dtype.kind in "bui":
        x = x.astype(np.int64)
    ones = x._result(np.ones(x.shape + (1,), x.dtype))
    columns = _concatenate([ones, x.unsqueeze(-1).broadcast_to(x.shape + (n - 1,))], -1)
    return columns.cumprod(-1)


def cholesky(input, *, upper: bool = False, out=None) -> Tensor:
    """The lower-triangular L with L L^T = A (upper=True: U = L^T, with U^T U = A), for
    symmetric positive-definite A (only its lower triangle is read)."""
    A = as_tensor(input)
    square(A, "linalg.cholesky")
    L = Cholesky.apply(A)
    return _out(L.swapaxes(-1, -2) if upper else L, out)


def cross(input, other, *, dim: int = -1, out=None) -> Tensor:
    """The cross product of 3-vectors along dim (the last by default)."""
    return _out(as_tensor(input).cross(other, dim), out)


def qr(A, mode: str = "reduced", *, out=None):
    """(Q, R) with A = QR, Q with orthonormal columns, R upper triangular: a named tuple.
    mode "reduced" (default), "complete" or "r"; differentiable (R must be invertible)."""
    return outs_into(return_types.linalg_qr(*qr_factors(A, mode)), out)


def eigh(input, UPLO: str = "L", *, out=None):  # noqa: N803 (PyTorch's name)
    """(eigenvalues ascending, eigenvectors as columns) of each symmetric matrix (the triangle
    UPLO is read): a named tuple. Eigenvectors are defined up to sign; the gradient is
    infinite where eigenvalues repeat, as PyTorch's."""
    return outs_into(return_types.linalg_eigh(*eigh_factors(input, UPLO)), out)


def eigvalsh(input, UPLO: str = "L", *, out=None) -> Tensor:  # noqa: N803
    """The eigenvalues (ascending) of each symmetric matrix."""
    return _out(eigh_factors(input, UPLO)[0], out)


def svd(A, full_matrices: bool = True, *, driver=None, out=None):
    """(U, S, Vh) with A = U diag(S) Vh, S descending: a named tuple. Singular vectors are
    defined up to sign; the gradient is infinite where singular values repeat."""
    return outs_into(return_types.linalg_svd(*svd_factors(A, full_matrices)), out)


def svdvals(A, *, driver=None, out=None) -> Tensor:
    """The singular values of each matrix, descending (differentiable)."""
    return _out(svd_factors(A, full_matrices=False)[1], out)


def matrix_rank(
    input, tol=None, hermitian: bool = False, *, atol=None, rtol=None, out=None
) -> Tensor:
    """The number of singular values above max(atol, rtol * the largest) of each matrix, int64
    (rtol: eps * max(m, n) by default, 0 when only atol > 0 is given); hermitian=True reads
    only the lower triangle. tol (PyTorch's older positional form) is atol with rtol=0."""
    atol, rtol = _old_tolerance("linalg.matrix_rank", "tol", tol, atol, rtol, relative=False)
    A = as_tensor(input)
    if A.ndim < 2:
        raise RuntimeError(
            f"linalg.matrix_rank: The input tensor A must have at least 2 dimensions, got {A.ndim}"
        )
    floating(A, "linalg.matrix_rank")
    if hermitian:
        square(A, "linalg.matrix_rank")
    s = _singular_values(A._data, hermitian)
    top = s.max(-1, initial=0.0)
    tol = np.maximum(0.0 if atol is None else float(atol), _relative_tolerance(A, atol, rtol) * top)
    return _out(A._result(np.asarray((s > tol[..., None]).sum(-1), dtype=np.int64)), out)


def matmul(input, other, *, out=None) -> Tensor:
    """The matrix product (`autograd.matmul`)."""
    return _out(as_tensor(input) @ other, out)


def diagonal(A, *, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """The diagonal `offset` of each matrix over the last two dims (`Tensor.diagonal` with
    linalg's default dims)."""
    return as_tensor(A).diagonal(offset, dim1, dim2)


def vecdot(x, y, *, dim: int = -1, out=None) -> Tensor:
    """The dot products of the vectors along dim (x and y broadcast)."""
    x, y = as_tensor(x), as_tensor(y)
    return _out((x * y).sum(dim), out)


def multi_dot(tensors, *, out=None) -> Tensor:
    """The product of a chain of matrices (the first may be a 1-d row, the last a 1-d
    column), in the order with the fewest multiplications."""
    ts = [as_tensor(t) for t in tensors]
    if len(ts) < 2:
        raise RuntimeError(f"multi_dot(): expected at least 2 tensors but got {len(ts)}")
    for i, t in enumerate(ts):
        ends = i in (0, len(ts) - 1)
        if t.ndim != 2 and not (ends and t.ndim == 1):
            raise RuntimeError(
                f"multi_dot(): tensor {i} must be 2D{' or 1D' if ends else ''} but got {t.ndim}D"
            )
    row, col = ts[0].ndim == 1, ts[-1].ndim == 1
    mats = [ts[0].unsqueeze(0) if row else ts[0], *ts[1:-1], ts[-1].unsqueeze(1) if col else ts[-1]]
    result = _chain(mats, 0, len(mats) - 1, _chain_order([m.shape for m in mats]))
    if row:
        result = result.squeeze(0)
    if col:
        result = result.squeeze(-1)
    return _out(result, out)


def _chain_order(shapes: list) -> list:
    """The split points of the cheapest parenthesisation (the textbook dynamic program)."""
    n = len(shapes)
    dims = [shapes[0][0]] + [s[1] for s in shapes]
    cost = [[0] * n for _ in range(n)]
    split = [[0] * n for _ in range(n)]
    for length in range(1, n):
        for i in range(n - length):
            j = i + length
            cost[i][j] = None
            for k in range(i, j):
                c = cost[i][k] + cost[k + 1][j] + dims[i] * dims[k + 1] * dims[j + 1]
                if cost[i][j] is None or c < cost[i][j]:
                    cost[i][j], split[i][j] = c, k
    return split


def _chain(mats: list, i: int, j: int, split: list) -> Tensor:
    if i == j:
        return mats[i]
    k = split[i][j]
    return _chain(mats, i, k, split) @ _chain(mats, k + 1, j, split)


def _cast(x: Tensor, dtype, who: str) -> Tensor:
    if x._data.dtype.kind in "fc" and dtype is not None:
        x = x.astype(dtype)
    if x._data.dtype.kind not in "fc":
        raise RuntimeError(
            f"{who}: Expected a floating point or complex tensor as input. Got {x.dtype}"
        )
    return x


def vector_norm(input, ord=2, dim=None, keepdim: bool = False, *, dtype=None, out=None) -> Tensor:
    """The ord-norm of the elements over dim (all by default): any real ord, inf, -inf, 0
    (the count of nonzeros). The gradient at the zero vector is 0, as PyTorch's."""
    x = _cast(as_tensor(input), dtype, "linalg.vector_norm")
    if isinstance(ord, str):
        raise RuntimeError(f"linalg.vector_norm: ord must be a number, got {ord!r}")
    return _out(x.norm(ord, dim, keepdim), out)


def matrix_norm(input, ord="fro", dim=(-2, -1), keepdim: bool = False, *, dtype=None, out=None):
    """The norm of each matrix over the two dims: "fro" (Frobenius), "nuc" (the sum of the
    singular values), 2 / -2 (the largest / smallest singular value), 1 / -1 (the largest /
    smallest column sum of |A|), inf / -inf (row sums)."""
    A = _cast(as_tensor(input), dtype, "linalg.matrix_norm")
    if A.ndim < 2:
        raise RuntimeError(
            f"linalg.matrix_norm: The input tensor A must have at least 2 dimensions, got {A.ndim}"
        )
    d0, d1 = dims_arg((tuple(dim),), A.ndim, "linalg.matrix_norm")
    if A.shape[d0] == 0 or A.shape[d1] == 0:  # every norm of an empty matrix is 0
        shape = [1 if d in (d0, d1) else n for d, n in enumerate(A.shape)]
        shape = shape if keepdim else [n for d, n in enumerate(shape) if d not in (d0, d1)]
        return _out(A._result(np.zeros(shape, A.dtype)), out)
    if ord == "fro":
        return _out(A.norm(2, (d0, d1), keepdim), out)
    if ord in ("nuc", 2, -2):
        moved = A.movedim((d0, d1), (-2, -1))
        s = svdvals(moved)
        value = s.sum(-1) if ord == "nuc" else (s.amax(-1) if ord == 2 else s.amin(-1))
        if keepdim:
            value = value.unsqueeze(min(d0, d1)).unsqueeze(max(d0, d1))
        return _out(value, out)
    if ord not in (1, -1, float("inf"), float("-inf")):
        raise RuntimeError(f"linalg.matrix_norm: Order {ord} not supported.")
    summed, picked = (d0, d1) if ord in (1, -1) else (d1, d0)
    sums = A.abs().sum(summed, keepdim=True)
    out_ = sums.amax(picked, keepdim=True) if ord > 0 else sums.amin(picked, keepdim=True)
    if not keepdim:
        out_ = out_.squeeze(max(d0, d1)).squeeze(min(d0, d1))
    return _out(out_, out)


def norm(input, ord=None, dim=None, keepdim: bool = False, *, out=None, dtype=None) -> Tensor:
    """A vector norm (dim an int, or ord None and dim None: over all elements) or a matrix
    norm (dim a pair, or a 2-d A with ord given)."""
    A = as_tensor(input)
    if isinstance(dim, (int, np.integer)):
        dim = (int(dim),)
    if dim is not None and len(dim) == 2 or (dim is None and ord is not None and A.ndim == 2):
        dims = (-2, -1) if dim is None else dim
        return matrix_norm(A, "fro" if ord is None else ord, dims, keepdim, dtype=dtype, out=out)
    if dim is None and ord is not None and A.ndim != 1:
        raise RuntimeError(
            f"linalg.norm: If dim is not specified but ord is, the input must be 1D or 2D. "
            f"Got {A.ndim}D."
        )
    return vector_norm(A, 2 if ord is None else ord, dim, keepdim, dtype=dtype, out=out)


# ------------------------------------------------------------------ the _ex forms
def _singular_error(who: str, info: np.ndarray) -> LinAlgError:
    flat = info.reshape(-1)
    b = int(np.flatnonzero(flat)[0])
    at = f"(Batch element {b}): " if info.ndim else ""
    return LinAlgError(
        f"{who}: {at}The diagonal element {flat[b]} is zero, the inversion could not be "
        "completed because the input matrix is singular."
    )


def _lu_solve_values(lu: np.ndarray, piv: np.ndarray, b: np.ndarray) -> np.ndarray:
    """LAPACK getrs on arrays: a zero pivot gives the infinities PyTorch returns."""
    n = lu.shape[-1]
    x = np.swapaxes(permutation_array(piv, n, lu.dtype), -1, -2) @ b
    x = np.array(
        np.broadcast_to(x, np.broadcast_shapes(lu.shape[:-2], x.shape[:-2]) + x.shape[-2:])
    )
    with np.errstate(all="ignore"):
        for i in range(n):  # L y = P^T b, unit diagonal
            x[..., i + 1 :, :] -= lu[..., i + 1 :, i : i + 1] * x[..., i : i + 1, :]
        for i in reversed(range(n)):  # U x = y
            x[..., i : i + 1, :] /= lu[..., i : i + 1, i : i + 1]
            x[..., :i, :] -= lu[..., :i, i : i + 1] * x[..., i : i + 1, :]
    return x


def solve_ex(A, B, *, left: bool = True, check_errors: bool = False, out=None):
    """(result, info): `solve` with info > 0 (the first zero pivot of A's LU, 1-based) for
    a singular A instead of an error, unless check_errors; the result is then LAPACK's
    (infinite or NaN), outside the graph."""
    A, B = as_tensor(A), as_tensor(B)
    square(A, "linalg.solve_ex")
    lu, piv, info = lu_array(A._data)
    if not info.any():
        return outs_into(return_types.linalg_solve_ex(solve(A, B, left=left), Tensor(info)), out)
    if check_errors:
        raise _singular_error("linalg.solve_ex", info)
    vector = B.ndim == 1 or (B.ndim == A.ndim - 1 and B.shape == A.shape[:-1])
    b = B._data[..., None] if vector else B._data
    if not left:
        lu, piv, _ = lu_array(np.swapaxes(A._data, -1, -2))
        b = np.swapaxes(b, -1, -2)
    x = _lu_solve_values(lu, piv, b)
    x = np.swapaxes(x, -1, -2) if not left and not vector else x
    x = x[..., 0] if vector else x
    return outs_into(return_types.linalg_solve_ex(Tensor(x), Tensor(info)), out)


def inv_ex(A, *, check_errors: bool = False, out=None):
    """(inverse, info): `inv` with info > 0 for a singular matrix instead of an error,
    unless check_errors (the inverse is then LAPACK's infinities, outside the graph)."""
    A = as_tensor(A)
    square(A, "linalg.inv_ex")
    lu, piv, info = lu_array(A._data)
    if not info.any():
        return outs_into(return_types.linalg_inv_ex(A.inverse(), Tensor(info)), out)
    if check_errors:
        raise _singular_error("linalg.inv_ex", info)
    eye = np.broadcast_to(np.eye(A.shape[-1], dtype=A._data.dtype), A.shape)
    return outs_into(return_types.linalg_inv_ex(Tensor(_lu_solve_values(lu, piv, eye)),
                                                Tensor(info)), out)  # fmt: skip


def _cholesky_info(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(L, info) of each matrix by the unblocked Cholesky (LAPACK potf2): at the first
    non-positive pivot d, L holds d there and info its 1-based index; later columns keep
    the input's lower triangle."""
    *batch, n, _ = a.shape
    flat = np.tril(np.array(a, copy=True)).reshape(-1, n, n)
    info = np.zeros(flat.shape[0], np.int32)
    for b, m in enumerate(flat):
        for j in range(n):
            d = m[j, j] - m[j, :j] @ m[j, :j]
            if not d > 0:
                m[j, j] = d
                info[b] = j + 1
                break
            m[j, j] = np.sqrt(d)
            m[j + 1 :, j] = (m[j + 1 :, j] - m[j + 1 :, :j] @ m[j, :j]) / m[j, j]
    return flat.reshape(a.shape), info.reshape(batch)


def cholesky_ex(input, *, upper: bool = False, check_errors: bool = False, out=None):
    """(L, info): `cholesky` with info > 0 (the order of the first leading minor that is
    not positive-definite) instead of an error, unless check_errors."""
    A = as_tensor(input)
    square(A, "linalg.cholesky_ex")
    L, info = _cholesky_info(A._data)
    if not info.any():
        return outs_into(return_types.linalg_cholesky_ex(cholesky(A, upper=upper),
                                                         Tensor(info)), out)  # fmt: skip
    if check_errors:
        flat = info.reshape(-1)
        b = int(np.flatnonzero(flat)[0])
        at = f"(Batch element {b}): " if info.ndim else ""
        raise LinAlgError(
            f"linalg.cholesky_ex: {at}The factorization could not be completed because the "
            f"input is not positive-definite (the leading minor of order {flat[b]} is not "
            "positive-definite)."
        )
    L = np.swapaxes(L, -1, -2) if upper else L
    return outs_into(return_types.linalg_cholesky_ex(Tensor(L), Tensor(info)), out)


_COND_ORDERS = (None, 2, -2, "fro", "nuc", np.inf, -np.inf, 1, -1)


def cond(input, p=None, *, out=None) -> Tensor:
    """The condition number of each matrix in the norm p: for None, 2 and -2 the ratio of its
    largest and smallest singular values (any shape; -2: the smallest over the largest);
    for "fro", "nuc", inf, -inf, 1 and -1, norm(A) * norm(inverse of A), square matrices
    only, norm(A) * inf for a singular one (an exactly zero pivot), as PyTorch's.
    Differentiable."""
    A = as_tensor(input)
    if A.ndim < 2:
        raise RuntimeError("linalg.cond: The input tensor must have at least 2 dimensions.")
    if isinstance(p, bool) or not any(
        p is q or (type(p) is not str and type(q) is not str and p == q) or p == q
        for q in _COND_ORDERS
        if (q is None) == (p is None)
    ):
        raise RuntimeError(f"linalg.cond got an invalid norm type: {p}")
    floating(A, "linalg.cond")
    m, n = A.shape[-2:]
    if p not in (None, 2, -2) and m != n:
        raise RuntimeError(
            f"linalg.cond(ord={p}): A must be batches of square matrices, but they are {m} "
            f"by {n} matrices"
        )
    if m == 0 or n == 0:
        return _out(A._result(np.zeros(A.shape[:-2], A.dtype)), out)
    if p in (None, 2, -2):
        s = svdvals(A)
        big, small = s[..., 0], s[..., -1]
        return _out(small / big if p == -2 else big / small, out)
    flat = A._data.reshape(-1, n, n)
    singular = np.zeros(len(flat), np.bool_)
    for i, a in enumerate(flat):  # LAPACK's getrf: singular where a pivot is exactly zero
        try:
            np.linalg.inv(a)
        except np.linalg.LinAlgError:
            singular[i] = True
    singular = singular.reshape(A.shape[:-2])
    safe = A
    if singular.any():  # an identity in place of each singular matrix, then inf there
        mask = singular[..., None, None]
        safe = A * ~mask + np.where(mask, np.eye(n, dtype=A.dtype), 0)
    inverse_norm = matrix_norm(safe.inverse(), p)
    if singular.any():  # as PyTorch's inverse of inf: norm(A) * inf (NaN for a zero A)
        inverse_norm = inverse_norm.masked_fill(A._result(singular), float("inf"))
    return _out(matrix_norm(A, p) * inverse_norm, out)


_NO_COMPLEX_EIG = (
    "graphgrad has no complex dtype, and a general matrix's eigenvalues and eigenvectors "
    "are complex; for a symmetric matrix use autograd.linalg.eigh / eigvalsh (real and "
    "differentiable); for a general matrix's values without a gradient, "
    "numpy.linalg.eig(A.numpy())"
)


def eig(A, *, out=None):
    """Refused (no complex dtype): `eigh` for symmetric matrices, numpy's `eig` otherwise."""
    raise TypeError(f"linalg.eig(): {_NO_COMPLEX_EIG}")


def eigvals(A, *, out=None):
    """Refused (no complex dtype): `eigvalsh` for symmetric matrices, numpy's otherwise."""
    raise TypeError(f"linalg.eigvals(): {_NO_COMPLEX_EIG}")


# Marked for tools/pytorch_names.py: names that only raise do not count as present.
eig._refusal = eigvals._refusal = True  # type: ignore[attr-defined]


def _numpy_names(f):
    """`f` also taking `input` as x=, a= or x1= (PyTorch's parser accepts numpy's names)."""

    @functools.wraps(f)
    def call(*args, **kwargs):
        for alias in ("x", "a", "x1"):
            if alias in kwargs:
                if args or "input" in kwargs:
                    raise TypeError(f"{f.__name__}() got multiple values for argument 'input'")
                kwargs["input"] = kwargs.pop(alias)
        return f(*args, **kwargs)

    return call


for _name in __all__:  # every function whose tensor argument PyTorch calls `input`
    _f = globals()[_name]
    if inspect.isfunction(_f) and _f.__code__.co_varnames[:1] == ("input",):
        globals()[_name] = _numpy_names(_f)
del _name, _f
