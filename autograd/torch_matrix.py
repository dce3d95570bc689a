"""Module-level matrix and shape functions with PyTorch's signatures: diagonals, products
(`tensordot`, `kron`, `inner`, `addmm`, ...), grids (`meshgrid`, `cartesian_prod`,
`combinations`), stacking (`dstack`, `column_stack`, `block_diag`), `cdist`, `vander`,
and `det`/`inverse`/`slogdet`/... (their `linalg.` forms are in autograd/linalg.py).

A function that PyTorch also has as a Tensor method calls the method (one definition of
each op, in autograd/tensor_matrix.py); the rest are composed here of recorded ops, so
their gradients (single and double) come from those.
"""

from __future__ import annotations

import itertools
import math

import numpy as np

from .argcheck import integer
from .devices import check as check_device
from .dtypes import get_default_dtype, promote_types, to_dtype
from .layouts import check_layout, check_out_dtype
from .ops_linalg import Cdist, Eigh, unpack
from .shapes import dim_index
from .tensor_class import Tensor, as_tensor
from .tensor_class import concatenate as _concatenate
from .tensor_class import stack as _stack
from .tensor_matrix import floating, square, tensor_qr, tensor_svd

__all__ = [
    "addbmm",
    "addmm",
    "addmv",
    "atleast_1d",
    "atleast_2d",
    "atleast_3d",
    "baddbmm",
    "block_diag",
    "broadcast_tensors",
    "cartesian_prod",
    "cdist",
    "cholesky",
    "cholesky_inverse",
    "cholesky_solve",
    "column_stack",
    "combinations",
    "cross",
    "det",
    "diag",
    "diag_embed",
    "diagflat",
    "diagonal",
    "diff",
    "dstack",
    "fliplr",
    "flipud",
    "inner",
    "inverse",
    "kron",
    "logdet",
    "matrix_power",
    "meshgrid",
    "pinverse",
    "qr",
    "rot90",
    "slogdet",
    "svd",
    "tensordot",
    "trace",
    "tril_indices",
    "triu_indices",
    "vander",
    "vdot",
]


def _tensor(x) -> Tensor:
    return as_tensor(x)


def out_into(result: Tensor, out) -> Tensor:
    """result, or written into `out` in place (PyTorch's `out=`, as torch_functions')."""
    if out is None:
        return result
    if not isinstance(out, Tensor):
        raise TypeError(f"out= must be a Tensor, got {type(out).__name__}")
    return out._store("out=", result)


def outs_into(results: tuple, out):
    """A named tuple of results, or each written into the tensors of the tuple `out`."""
    if out is None:
        return results
    if not isinstance(out, (tuple, list)) or len(out) != len(results):
        raise TypeError(f"out= must be a tuple of {len(results)} Tensors, got {out!r}")
    return type(results)(*[out_into(r, o) for r, o in zip(results, out)])


def _tensors(tensors: tuple, who: str) -> list[Tensor]:
    """The arguments, or the one list/tuple given, as Tensors."""
    if len(tensors) == 1 and isinstance(tensors[0], (list, tuple)):
        tensors = tuple(tensors[0])
    return [_tensor(t) for t in tensors]


def _promoted(tensors: list[Tensor]) -> list[Tensor]:
    kinds = {t._data.dtype for t in tensors}
    if len(kinds) <= 1:
        return tensors
    dt = kinds.pop()
    for k in kinds:
        dt = promote_types(dt, k)
    return [t if t._data.dtype == dt else t.astype(dt) for t in tensors]


# ------------------------------------------------------------------ diagonals
def diagonal(input, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """The diagonal `offset` of the matrices over dims (dim1, dim2), as a new last dim."""
    return _tensor(input).diagonal(offset, dim1, dim2)


def diag(input, diagonal: int = 0, *, out=None) -> Tensor:
    """1-d: the square matrix with input on diagonal `diagonal`; 2-d: that diagonal."""
    return out_into(_tensor(input).diag(diagonal), out)


def diag_embed(input, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
    """Matrices (in dims dim1, dim2) with input's last dim on diagonal `offset`."""
    return _tensor(input).diag_embed(offset, dim1, dim2)


def diagflat(input, offset: int = 0) -> Tensor:
    """The square matrix with the flattened input on diagonal `offset`."""
    return _tensor(input).diagflat(offset)


def trace(input) -> Tensor:
    """The sum of the main diagonal of a 2-d tensor."""
    return _tensor(input).trace()


def tril_indices(
    row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None
) -> Tensor:
    """The (row, column) indices of the lower triangle of a row x col matrix, a 2 x N
    int64 tensor (rows in order)."""
    check_layout(layout, "tril_indices")
    return _triangle_indices(row, col, offset, dtype, device, "tril_indices")


def triu_indices(
    row: int, col: int, offset: int = 0, *, dtype=None, device=None, layout=None
) -> Tensor:
    """The (row, column) indices of the upper triangle of a row x col matrix, a 2 x N
    int64 tensor (rows in order)."""
    check_layout(layout, "triu_indices")
    return _triangle_indices(row, col, offset, dtype, device, "triu_indices")


def _triangle_indices(row, col, offset, dtype, device, who: str) -> Tensor:
    row, col = integer(row, "row", who), integer(col, "col", who)
    offset = integer(offset, "offset", who)
    if row < 0 or col < 0:
        raise RuntimeError(f"{who}: row must be non-negative, got {row}; col {col}")
    keep = np.tri(row, col, offset, dtype=bool)
    if who == "triu_indices":
        keep = ~np.tri(row, col, offset - 1, dtype=bool)
    check_device(device, who)
    rows, cols = np.nonzero(keep)
    kind = np.int64 if dtype is None else to_dtype(dtype, who)
    return Tensor(np.stack([rows, cols]).astype(kind))


# ------------------------------------------------------------------- products
def tensordot(a, b, dims=2, out=None) -> Tensor:
    """The sum of products over dims of a and b: `dims` an int (a's last dims with b's
    first) or a pair of lists ([a's dims], [b's dims])."""
    a, b = _tensor(a), _tensor(b)
    if isinstance(dims, Tensor):
        dims = dims.tolist()
    if isinstance(dims, (int, np.integer)):
        k = int(dims)
        if k < 0:
            raise RuntimeError(f"tensordot expects dims >= 0, but got dims={k}")
        if k > min(a.ndim, b.ndim):
            raise RuntimeError(f"tensordot expects dims < ndim_a or ndim_b, but got dims={k}")
        da, db = list(range(a.ndim - k, a.ndim)), list(range(k))
    else:
        if len(dims) != 2:
            raise RuntimeError("tensordot expects dims to be an int or a pair of dim lists")
        da, db = ([d] if isinstance(d, (int, np.integer)) else list(d) for d in dims)
        if len(da) != len(db):
            raise RuntimeError(
                f"both dimension lists should have same length, got {len(da)} and {len(db)}"
            )
        da = [dim_index(d, a.ndim, "tensordot") for d in da]
        db = [dim_index(d, b.ndim, "tensordot") for d in db]
    for i, j in zip(da, db):
        if a.shape[i] != b.shape[j]:
            raise RuntimeError(
                f"contracted dimensions need to match, but first has size {a.shape[i]} in dim "
                f"{i} and second has size {b.shape[j]} in dim {j}"
            )
    free_a = [d for d in range(a.ndim) if d not in da]
    free_b = [d for d in range(b.ndim) if d not in db]
    n = math.prod(a.shape[d] for d in da)
    left = a.permute(free_a + da).reshape(math.prod(a.shape[d] for d in free_a), n)
    right = b.permute(db + free_b).reshape(n, math.prod(b.shape[d] for d in free_b))
    result = (left @ right).reshape(
        tuple(a.shape[d] for d in free_a) + tuple(b.shape[d] for d in free_b)
    )
    return out_into(result, out)


def kron(input, other, *, out=None) -> Tensor:
    """The Kronecker product."""
    return out_into(_tensor(input).kron(other), out)


def inner(input, other, *, out=None) -> Tensor:
    """The sums of products over the last dims of input and other."""
    return out_into(_tensor(input).inner(other), out)


def vdot(input, other, *, out=None) -> Tensor:
    """The dot product of two 1-d tensors (the first conjugated)."""
    return out_into(_tensor(input).vdot(other), out)


def cross(input, other, dim: int | None = None, *, out=None) -> Tensor:
    """The cross product of 3-vectors along dim (default: the first dim of length 3)."""
    return out_into(_tensor(input).cross(other, dim), out)


def addmm(input, mat1, mat2, out_dtype=None, *, beta=1, alpha=1, out=None) -> Tensor:
    """beta * input + alpha * (mat1 @ mat2)."""
    check_out_dtype(out_dtype, "addmm")
    return out_into(_tensor(input).addmm(mat1, mat2, beta=beta, alpha=alpha), out)


def addmv(input, mat, vec, *, beta=1, alpha=1, out=None) -> Tensor:
    """beta * input + alpha * (mat @ vec)."""
    return out_into(_tensor(input).addmv(mat, vec, beta=beta, alpha=alpha), out)


def baddbmm(input, batch1, batch2, out_dtype=None, *, beta=1, alpha=1, out=None) -> Tensor:
    """beta * input + alpha * (batch1 @ batch2), batched."""
    check_out_dtype(out_dtype, "baddbmm")
    return out_into(_tensor(input).baddbmm(batch1, batch2, beta=beta, alpha=alpha), out)


def addbmm(input, batch1, batch2, *, beta=1, alpha=1, out=None) -> Tensor:
    """beta * input + alpha * the sum over the batch of batch1[i] @ batch2[i]."""
    return out_into(_tensor(input).addbmm(batch1, batch2, beta=beta, alpha=alpha), out)


def cdist(x1, x2, p: float = 2.0, compute_mode: str = "use_mm_for_euclid_dist_if_necessary"):
    """The p-norm distances between each row of x1 (..., P, M) and each row of x2 (..., R, M):
    shape (..., P, R). The gradient at zero distance is 0, as PyTorch's."""
    x1, x2 = _tensor(x1), _tensor(x2)
    for x, name in ((x1, "X1"), (x2, "X2")):
        if x._data.dtype.kind != "f":
            raise RuntimeError(f"cdist only supports floating-point dtypes, {name} got: {x.dtype}")
        if x.ndim < 2:
            raise RuntimeError(f"cdist only supports at least 2D tensors, {name} got: {x.ndim}D")
    if x1.shape[-1] != x2.shape[-1]:
        raise RuntimeError(
            f"X1 and X2 must have the same number of columns. X1: {x1.shape[-1]} X2: {x2.shape[-1]}"
        )
    if not p >= 0:
        raise RuntimeError(f"cdist only supports non-negative p values, got {p}")
    if x1.dtype != x2.dtype:
        raise RuntimeError(
            f"cdist: X1 and X2 must have the same dtype, got {x1.dtype} and {x2.dtype}"
        )
    floating(x1, "cdist")
    if p == 2:
        return Cdist.apply(x1, x2)
    difference = x1.unsqueeze(-2) - x2.unsqueeze(-3)
    return difference.norm(p, dim=-1)


# ---------------------------------------------------------------------- grids
def meshgrid(*tensors, indexing: str | None = None) -> tuple:
    """Coordinate grids of 1-d tensors: indexing "ij" (the default, as PyTorch's) gives
    grids of shape (len(t0), len(t1), ...); "xy" swaps the first two dims."""
    ts = _tensors(tensors, "meshgrid")
    if not ts:
        raise RuntimeError("meshgrid expects a non-empty TensorList")
    if indexing is None:
        indexing = "ij"
    if indexing not in ("ij", "xy"):
        raise ValueError(
            f'torch.meshgrid: indexing must be one of "xy" or "ij", but received: {indexing}'
        )
    for t in ts:
        if t.ndim > 1:
            raise RuntimeError(
                f"torch.meshgrid: Expected 0D or 1D tensor in the tensor list but got: {t.ndim}D"
            )
    if len({t._data.dtype for t in ts}) > 1:
        raise RuntimeError("meshgrid expects all tensors to have the same dtype")
    sizes = [t.numel() for t in ts]
    swap = indexing == "xy" and len(ts) >= 2
    order = list(range(len(ts)))
    if swap:
        order[0], order[1] = 1, 0
    shape = tuple(sizes[i] for i in order)
    grids = []
    for i, t in enumerate(ts):
        place = order.index(i)
        grids.append(
            t.reshape((1,) * place + (-1,) + (1,) * (len(ts) - place - 1)).broadcast_to(shape)
        )
    return tuple(grids)


def broadcast_tensors(*tensors) -> tuple:
    """The tensors broadcast to one shape (numpy's rules)."""
    ts = _tensors(tensors, "broadcast_tensors")
    try:
        shape = np.broadcast_shapes(*[t.shape for t in ts])
    except ValueError:
        raise RuntimeError(
            f"broadcast_tensors: shapes {', '.join(str(tuple(t.shape)) for t in ts)} do not "
            "broadcast to one shape"
        ) from None
    return tuple(t.broadcast_to(shape) for t in ts)


def cartesian_prod(*tensors) -> Tensor:
    """Every combination of one element of each 1-d tensor, as rows (one tensor: itself)."""
    ts = _tensors(tensors, "cartesian_prod")
    for t in ts:
        if t.ndim != 1:
            raise RuntimeError(f"Expect a 1D vector, but got shape {list(t.shape)}")
    if len(ts) == 1:
        return ts[0]
    grids = meshgrid(*ts, indexing="ij")
    return _stack([g.reshape(-1) for g in grids], 1)


def combinations(input, r: int = 2, with_replacement: bool = False) -> Tensor:
    """The r-element combinations of a 1-d tensor's elements, as rows (in order)."""
    x = _tensor(input)
    r = integer(r, "r", "combinations")
    if x.ndim != 1:
        raise RuntimeError(f"Expect a 1D vector, but got shape {list(x.shape)}")
    if r < 0:
        raise RuntimeError(f"Expect a non-negative number, but got {r}")
    if r == 0:
        return x[np.zeros(0, dtype=np.int64)]
    pick = itertools.combinations_with_replacement if with_replacement else itertools.combinations
    index = np.array(list(pick(range(x.shape[0]), r)), dtype=np.int64).reshape(-1, r)
    return x[index]


# ------------------------------------------------------------------- stacking
def _atleast(tensors: tuple, n: int):
    ts = _tensors(tensors, f"atleast_{n}d")
    out = []
    for t in ts:
        if t.ndim >= n:
            out.append(t)
        elif n == 3 and t.ndim == 2:
            out.append(t.unsqueeze(-1))
        elif n == 3 and t.ndim == 1:
            out.append(t.reshape(1, -1, 1))
        else:
            out.append(t.reshape((1,) * (n - t.ndim) + t.shape))
    single = len(tensors) == 1 and not isinstance(tensors[0], (list, tuple))
    return out[0] if single else tuple(out)


def atleast_1d(*tensors):
    """Each tensor with at least 1 dim (0-d becomes shape (1,)); one tensor, or a tuple."""
    return _atleast(tensors, 1)


def atleast_2d(*tensors):
    """Each tensor with at least 2 dims (leading ones added); one tensor, or a tuple."""
    return _atleast(tensors, 2)


def atleast_3d(*tensors):
    """Each tensor with at least 3 dims ((n,) -> (1, n, 1), (m, n) -> (m, n, 1)); one tensor,
    or a tuple."""
    return _atleast(tensors, 3)


def dstack(tensors, *, out=None) -> Tensor:
    """Joined along dim 2 (depth), after atleast_3d."""
    ts = _atleast((_tensors((tensors,), "dstack"),), 3)  # (a list in: a tuple out)
    result = _concatenate(list(ts), 2)
    return out_into(result, out)


def column_stack(tensors, *, out=None) -> Tensor:
    """Joined as columns (dim 1): 0-d and 1-d tensors become columns first."""
    ts = [t.reshape(-1, 1) if t.ndim < 2 else t for t in _tensors((tensors,), "column_stack")]
    result = _concatenate(ts, 1)
    return out_into(result, out)


def block_diag(*tensors) -> Tensor:
    """The tensors (0-d, 1-d as a row, or 2-d) on the diagonal of one matrix, zeros elsewhere."""
    ts = _tensors(tensors, "block_diag")
    for i, t in enumerate(ts):
        if t.ndim > 2:
            raise RuntimeError(
                f"torch.block_diag: Input tensors must have 2 or fewer dimensions. Input {i} "
                f"has {t.ndim} dimensions"
            )
    if not ts:
        return Tensor(np.zeros((1, 0), dtype=get_default_dtype()))
    ts = _promoted([t.reshape(1, -1) if t.ndim < 2 else t for t in ts])
    width = sum(t.shape[1] for t in ts)
    dtype = ts[0].dtype
    rows, left = [], 0
    for t in ts:
        r, c = t.shape
        parts = [
            Tensor(np.zeros((r, left), dtype)),
            t,
            Tensor(np.zeros((r, width - left - c), dtype)),
        ]
        rows.append(_concatenate(parts, 1))
        left += c
    return _concatenate(rows, 0)


def fliplr(input) -> Tensor:
    """The columns (dim 1) in reverse order."""
    return _tensor(input).fliplr()


def flipud(input) -> Tensor:
    """The rows (dim 0) in reverse order."""
    return _tensor(input).flipud()


def rot90(input, k: int = 1, dims=(0, 1)) -> Tensor:
    """Rotated by 90 degrees k times in the plane of dims."""
    return _tensor(input).rot90(k, dims)


def diff(input, n: int = 1, dim: int = -1, prepend=None, append=None) -> Tensor:
    """The n-th forward difference along dim."""
    return _tensor(input).diff(n, dim, prepend, append)


def vander(x, N: int | None = None, increasing: bool = False) -> Tensor:  # noqa: N803
    """The Vandermonde matrix of a 1-d x: columns x**(N-1), ..., x**0 (increasing: the other
    way), as running products (exact gradients at zeros)."""
    x = _tensor(x)
    if x.ndim != 1:
        raise RuntimeError("x must be a one-dimensional tensor.")
    n = x.shape[0] if N is None else integer(N, "N", "vander")
    if n < 0:
        raise RuntimeError("N must be non-negative.")
    if x._data.dtype.kind in "bui":
        x = x.astype(np.int64)
    if n == 0:
        return x._result(np.zeros((x.shape[0], 0), x.dtype))
    ones = x._result(np.ones((x.shape[0], 1), x.dtype))
    columns = _concatenate([ones, x.unsqueeze(1).broadcast_to((x.shape[0], n - 1))], 1)
    out = columns.cumprod(1)
    return out if increasing else out.flip(1)


# ------------------------------------------------------- determinants, inverses
def det(input) -> Tensor:
    """The determinant of each square matrix."""
    return _tensor(input).det()


def logdet(input) -> Tensor:
    """log det of each square matrix (NaN for a negative determinant)."""
    return _tensor(input).logdet()


def slogdet(input):
    """(sign, logabsdet) of the determinant of each square matrix, a named tuple."""
    return _tensor(input).slogdet()


def inverse(input, *, out=None) -> Tensor:
    """The inverse of each square matrix."""
    return out_into(_tensor(input).inverse(), out)


def pinverse(input, rcond: float = 1e-15) -> Tensor:
    """The pseudo-inverse of each matrix."""
    return _tensor(input).pinverse(rcond)


def matrix_power(input, n: int, *, out=None) -> Tensor:
    """The n-th power of each square matrix."""
    return out_into(_tensor(input).matrix_power(n), out)


# ------------------------------------------------------------------ factorisations
def qr_factors(A, mode: str = "reduced") -> tuple:
    """(Q, R) of A = QR, batched: mode "reduced", "complete" or "r" (tensor_matrix's)."""
    return tensor_qr(as_tensor(A), mode)


def eigh_factors(A, uplo: str = "L") -> tuple:
    """(eigenvalues ascending, eigenvectors as columns) of each symmetric matrix."""
    A = as_tensor(A)
    square(A, "linalg.eigh")
    if uplo not in ("L", "U"):
        raise RuntimeError(f"Expected UPLO argument to be 'L' or 'U', but got {uplo}")
    n = A.shape[-1]
    return tuple(unpack(Eigh.apply(A, uplo=uplo), tuple(A.shape[:-2]), [(n,), (n, n)]))


def svd_factors(A, full_matrices: bool = True) -> tuple:
    """(U, S, Vh) with A = U diag(S) Vh, S descending (tensor_matrix's)."""
    return tensor_svd(as_tensor(A), full_matrices)


def qr(input, some: bool = True, *, out=None):
    """(Q, R) with input = QR: reduced (some=True) or complete; a named tuple."""
    return outs_into(_tensor(input).qr(some), out)


def svd(input, some: bool = True, compute_uv: bool = True, *, out=None):
    """(U, S, V) with input = U diag(S) V^T (V, not Vh: PyTorch's older function); some=False
    gives square U and V; compute_uv=False gives zero U and V."""
    return outs_into(_tensor(input).svd(some, compute_uv), out)


def cholesky(input, upper: bool = False, *, out=None) -> Tensor:
    """PyTorch's older `torch.cholesky`: L with L L^T = input (upper=True: U with U^T U)."""
    return out_into(_tensor(input).cholesky(upper), out)


def cholesky_solve(input, input2, upper: bool = False, *, out=None) -> Tensor:
    """X with A X = input, A = L L^T given its Cholesky factor L = input2 (upper: U^T U)."""
    return out_into(_tensor(input).cholesky_solve(input2, upper), out)


def cholesky_inverse(input, upper: bool = False, *, out=None) -> Tensor:
    """The inverse of A = L L^T given its Cholesky factor L = input (upper: U^T U)."""
    return out_into(_tensor(input).cholesky_inverse(upper), out)
