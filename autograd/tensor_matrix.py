"""Tensor's matrix methods (`diagonal`, `trace`, `diff`, `kron`, `cross`, `addmm`, `rot90`,
`det`, `inverse`, ...), a mixin.

A diagonal is a view (Diagonal), a diagonal matrix its transpose (ScatterAdd); products are matmuls;
determinants, inverses and pseudo-inverses are the primitives of autograd/ops_linalg.py.
Signatures, dims and errors follow PyTorch (a RuntimeError where PyTorch raises one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import return_types
from .argcheck import integer
from .grad_mode import is_grad_enabled
from .ops_elementwise import Where
from .ops_linalg import QR, SVD, Cholesky, Det, Inverse, LogAbsDet, Pinverse, Solve, unpack
from .ops_shape import Diagonal, ScatterAdd, diagonal_index
from .shapes import dim_index

if TYPE_CHECKING:
    from .tensor_class import Tensor


def square(x, who: str) -> None:
    """Refuse what is not a batch of square floating matrices (PyTorch's checks)."""
    if x.ndim < 2 or x.shape[-1] != x.shape[-2]:
        shape = "x".join(str(n) for n in x.shape[-2:]) if x.ndim >= 2 else f"{x.ndim}-d"
        raise RuntimeError(
            f"{who}: A must be batches of square matrices, but they are {shape} "
            f"(shape {tuple(x.shape)})"
        )
    floating(x, who)


def floating(x, who: str) -> None:
    """Refuse integer, bool and complex tensors for the linear-algebra functions."""
    kind = x._data.dtype.kind
    if x._data.dtype == np.float16:
        raise NotImplementedError(
            f"{who}: float16 is not supported (nor is it by PyTorch on the CPU); convert with "
            ".float()"
        )
    if kind == "c":
        raise TypeError(f"{who}: complex matrices are not supported; use real tensors")
    if kind != "f":
        raise RuntimeError(
            f"{who}: expected a floating point tensor as input, got {x._data.dtype}; "
            "convert it with .double() or .float()"
        )


def _refuse_grad(A: Tensor, what: str) -> None:
    if A.requires_grad and is_grad_enabled():
        raise RuntimeError(
            f"{what} is not differentiable (as PyTorch's); compute it under no_grad() or on "
            "A.detach()"
        )


def tensor_qr(A: Tensor, mode: str = "reduced") -> tuple:
    """(Q, R) of A = QR, batched: mode "reduced" (Q: m x k, k = min(m, n)), "complete"
    (Q: m x m) or "r" (R only; Q empty). Differentiable except "complete" with m > n."""
    if mode not in ("reduced", "complete", "r"):
        raise RuntimeError(f"qr received unrecognized mode '{mode}' but expected one of "
                           "'reduced' (default), 'r', or 'complete'")  # fmt: skip
    if A.ndim < 2:
        raise RuntimeError(
            f"linalg.qr: The input tensor A must have at least 2 dimensions, got {A.ndim}"
        )
    floating(A, "linalg.qr")
    m, n = A.shape[-2:]
    batch = tuple(A.shape[:-2])
    if mode == "complete" and m > n:
        _refuse_grad(A, "linalg.qr(mode='complete') of a matrix with more rows than columns")
        q, r = np.linalg.qr(A._data, mode="complete")
        return A._result(q), A._result(r)
    if m >= n:
        q, r = unpack(QR.apply(A), batch, [(m, n), (n, n)])
    else:  # A = [X Y] with X square: X = QR_x, R = [R_x, Q^T Y]
        q, rx = tensor_qr(A[..., :m])
        r = A._functions.concatenate([rx, q.swapaxes(-1, -2) @ A[..., m:]], -1)
    if mode == "r":
        return A._result(np.zeros(0, A.dtype)), r
    return q, r


def tensor_svd(A: Tensor, full_matrices: bool = True) -> tuple:
    """(U, S, Vh) with A = U diag(S) Vh, S descending; full_matrices adds the columns that
    complete U and Vh to square (constants: PyTorch's gradient ignores them too)."""
    if A.ndim < 2:
        raise RuntimeError(
            f"linalg.svd: The input tensor A must have at least 2 dimensions, got {A.ndim}"
        )
    floating(A, "linalg.svd")
    m, n = A.shape[-2:]
    k = min(m, n)
    u, s, vh = unpack(SVD.apply(A), tuple(A.shape[:-2]), [(m, k), (k,), (k, n)])
    if full_matrices and m != n:
        uf, _, vhf = np.linalg.svd(A._data, full_matrices=True)
        join = A._functions.concatenate
        if m > k:
            u = join([u, A._result(np.ascontiguousarray(uf[..., k:]))], -1)
        else:
            vh = join([vh, A._result(np.ascontiguousarray(vhf[..., k:, :]))], -2)
    return u, s, vh


def _factor(L: Tensor, upper: bool, who: str) -> Tensor:
    """A = L L^T (upper: U^T U) from a Cholesky factor: from its triangle alone if the
    other holds nonzeros (LAPACK reads only the triangle), else from L itself (the same
    values, and PyTorch's gradient, which is not confined to the triangle)."""
    square(L, who)
    floating(L, who)
    other = np.triu(L._data, 1) if not upper else np.tril(L._data, -1)
    if other.any():
        L = L.triu() if upper else L.tril()
    Lt = L.swapaxes(-1, -2)
    return Lt @ L if upper else L @ Lt


class MatrixMethods:
    """Methods on matrices and their diagonals, products with accumulation, determinants."""

    __slots__ = ()

    # -------------------------------------------------------------- diagonals
    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        """The diagonal `offset` of the matrices over dims (dim1, dim2), as a new last dim."""
        offset = integer(offset, "offset", "diagonal")
        n = self.ndim
        if n < 2:
            raise IndexError(f"diagonal: the tensor needs at least 2 dims, got {n}")
        d1, d2 = dim_index(dim1, n, "diagonal"), dim_index(dim2, n, "diagonal")
        if d1 == d2:
            raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
        return Diagonal.apply(self, offset=offset, dim1=d1, dim2=d2)

    def diag_embed(self, offset: int = 0, dim1: int = -2, dim2: int = -1) -> Tensor:
        """Matrices (in dims dim1, dim2 of the result) with the last dim on diagonal `offset`."""
        offset = integer(offset, "offset", "diag_embed")
        if self.ndim == 0:
            raise IndexError("diag_embed: the input needs at least 1 dim (the diagonal's), got 0")
        n = self.ndim + 1
        d1, d2 = dim_index(dim1, n, "diag_embed"), dim_index(dim2, n, "diag_embed")
        if d1 == d2:
            raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
        x = self
        m = x.shape[-1] + abs(offset)
        rows, cols = diagonal_index(m, m, offset)
        out = ScatterAdd.apply(x, index=(Ellipsis, rows, cols), shape=x.shape[:-1] + (m, m))
        return out.movedim((-2, -1), (d1, d2))

    def diag(self, diagonal: int = 0) -> Tensor:
        """A 1-d tensor: the square matrix with it on diagonal `diagonal`; a 2-d tensor: that
        diagonal of it (1-d)."""
        k = integer(diagonal, "diagonal", "diag")
        if self.ndim == 1:
            return self.diag_embed(k)
        if self.ndim == 2:
            return self.diagonal(k).clone()  # a copy, as PyTorch's (diagonal is the view)
        raise RuntimeError(f"diag(): Supports 1D or 2D tensors. Got {self.ndim}D")

    def diagflat(self, offset: int = 0) -> Tensor:
        """The square matrix with the flattened tensor on diagonal `offset`."""
        return self.reshape(-1).diag_embed(integer(offset, "offset", "diagflat"))

    def trace(self) -> Tensor:
        """The sum of the main diagonal of a 2-d tensor (integers sum to int64)."""
        if self.ndim != 2:
            raise RuntimeError(f"trace: expected a matrix, but got tensor with dim {self.ndim}")
        if self.dtype == np.bool_:
            raise NotImplementedError(
                "trace: not implemented for bool tensors (as PyTorch's); convert with .long()"
            )
        return self.diagonal().sum()

    # --------------------------------------------------------- differences
    def diff(self, n: int = 1, dim: int = -1, prepend=None, append=None) -> Tensor:
        """The n-th forward difference along dim (after joining prepend and append there);
        for bool tensors, whether neighbours differ."""
        n = integer(n, "n", "diff", minimum=0)
        if self.ndim == 0:
            raise RuntimeError("diff expects input to be at least one-dimensional")
        d = dim_index(dim, self.ndim, "diff")
        parts = [self._operand(p) for p in (prepend,) if p is not None]
        parts += [self] + [self._operand(p) for p in (append,) if p is not None]
        for p in parts:
            if p.ndim != self.ndim:
                raise RuntimeError(
                    f"diff expects prepend or append to be the same dimension as input "
                    f"({self.ndim}), got {p.ndim}"
                )
        x = self._functions.concatenate(parts, d) if len(parts) > 1 else self
        before, after = (
            (slice(None),) * d + (slice(None, -1),),
            (slice(None),) * d + (slice(1, None),),
        )
        for _ in range(n):
            if x.shape[d] == 0:
                break
            x = (x[after] != x[before]) if x.dtype == np.bool_ else x[after] - x[before]
        return x

    # ------------------------------------------------------------- products
    def kron(self, other) -> Tensor:
        """The Kronecker product: blocks self[i] * other, in a tensor of the larger ndim."""
        other = self._operand(other)
        n = max(self.ndim, other.ndim)
        a = self.reshape((1,) * (n - self.ndim) + self.shape)
        b = other.reshape((1,) * (n - other.ndim) + other.shape)
        spread_a = tuple(v for s in a.shape for v in (s, 1))
        spread_b = tuple(v for s in b.shape for v in (1, s))
        out = a.reshape(spread_a) * b.reshape(spread_b)
        return out.reshape(tuple(p * q for p, q in zip(a.shape, b.shape)))

    def cross(self, other, dim: int | None = None) -> Tensor:
        """The cross product of 3-vectors along dim (by default the first dim of length 3),
        the two tensors broadcast."""
        other = self._operand(other)
        if self.ndim != other.ndim:
            raise RuntimeError(
                f"linalg.cross: inputs must have the same number of dimensions, got "
                f"{self.ndim} and {other.ndim}"
            )
        try:
            shape = np.broadcast_shapes(self.shape, other.shape)
        except ValueError:
            raise RuntimeError(
                f"linalg.cross: shapes {tuple(self.shape)} and {tuple(other.shape)} do not "
                "broadcast"
            ) from None
        a, b = self.broadcast_to(shape), other.broadcast_to(shape)
        if dim is None:
            threes = [i for i, s in enumerate(shape) if s == 3]
            if not threes:
                raise RuntimeError(f"cross: no dimension of size 3 in input (shape {shape})")
            d = threes[0]
        else:
            d = dim_index(dim, len(shape), "cross")
        if shape[d] != 3:
            raise RuntimeError(
                f"linalg.cross: inputs dimension {d} must have length 3. "
                f"Got {self.shape[d] if self.ndim == len(shape) else shape[d]} and "
                f"{other.shape[d] if other.ndim == len(shape) else shape[d]}"
            )
        a0, a1, a2 = a.unbind(d)
        b0, b1, b2 = b.unbind(d)
        return self._functions.stack([a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0], d)

    def inner(self, other) -> Tensor:
        """The sums of products over the last dims (a scalar's product for a 0-d tensor):
        shape self.shape[:-1] + other.shape[:-1]."""
        other = self._operand(other)
        if self.ndim == 0 or other.ndim == 0:
            return self * other
        if self.shape[-1] != other.shape[-1]:
            raise RuntimeError(
                f"inner() the last dimension must match on both input tensors but got shapes "
                f"{tuple(self.shape)} and {tuple(other.shape)}"
            )
        a = self.reshape(-1, self.shape[-1]) if self.ndim != 2 else self
        b = other.reshape(-1, other.shape[-1]) if other.ndim != 2 else other
        return (a @ b.swapaxes(0, 1)).reshape(self.shape[:-1] + other.shape[:-1])

    def vdot(self, other) -> Tensor:
        """The dot product of two 1-d tensors (the first conjugated: the same for reals)."""
        other = self._operand(other)
        if self.ndim != 1 or other.ndim != 1:
            raise RuntimeError(
                f"1D tensors expected, but got {self.ndim}D and {other.ndim}D tensors"
            )
        if self.dtype.kind == "c" or other.dtype.kind == "c":
            if self.requires_grad or other.requires_grad:
                raise TypeError("vdot of complex tensors is not differentiable here; use .detach()")
            return self._result(np.asarray(np.vdot(self._data, other._data)))
        return self.dot(other)

    def _accumulate(self, product, beta, alpha, shape: tuple, who: str) -> Tensor:
        """beta * self + alpha * product, self broadcast to `shape` (beta=0 ignores self)."""
        if np.broadcast_shapes(self.shape, shape) != shape:
            raise RuntimeError(
                f"{who}: the input of shape {tuple(self.shape)} does not broadcast to the "
                f"product's shape {shape}"
            )
        out = product if alpha == 1 else product * alpha
        if beta == 0:
            kind = np.result_type(self._data.dtype, out._data.dtype)
            out = out.broadcast_to(shape)
            return out if out.dtype == kind else out.astype(kind)
        return (self if beta == 1 else self * beta) + out

    def addmm(self, mat1, mat2, *, beta=1, alpha=1) -> Tensor:
        """beta * self + alpha * (mat1 @ mat2) for 2-d mat1 and mat2 (self broadcasts)."""
        mat1, mat2 = self._operand(mat1), self._operand(mat2)
        if mat1.ndim != 2 or mat2.ndim != 2:
            raise RuntimeError(
                f"addmm: mat1 and mat2 must be matrices, got {mat1.ndim}-d and {mat2.ndim}-d"
            )
        product = mat1.mm(mat2)
        return self._accumulate(product, beta, alpha, product.shape, "addmm")

    def addr(self, vec1, vec2, *, beta=1, alpha=1) -> Tensor:
        """beta * self + alpha * outer(vec1, vec2) for 1-d vec1 and vec2 (self broadcasts)."""
        vec1, vec2 = self._operand(vec1), self._operand(vec2)
        for v, name in ((vec1, "vec1"), (vec2, "vec2")):
            if v.ndim != 1:
                raise RuntimeError(f"addr: Expected 1-D argument {name}, but got {v.ndim}-D")
        if self._data.dtype.kind in "iub" and any(isinstance(c, float) for c in (beta, alpha)):
            which = "beta" if isinstance(beta, float) else "alpha"
            raise RuntimeError(
                f"For integral input tensors, argument {which} must not be a floating point number."
            )
        product = vec1.outer(vec2)
        return self._accumulate(product, beta, alpha, product.shape, "addr")

    def addmv(self, mat, vec, *, beta=1, alpha=1) -> Tensor:
        """beta * self + alpha * (mat @ vec) for a 2-d mat and a 1-d vec."""
        mat, vec = self._operand(mat), self._operand(vec)
        product = mat.mv(vec)
        return self._accumulate(product, beta, alpha, product.shape, "addmv")

    def baddbmm(self, batch1, batch2, *, beta=1, alpha=1) -> Tensor:
        """beta * self + alpha * (batch1 @ batch2) for 3-d batches of matrices."""
        batch1, batch2 = self._operand(batch1), self._operand(batch2)
        product = batch1.bmm(batch2)
        return self._accumulate(product, beta, alpha, product.shape, "baddbmm")

    def addbmm(self, batch1, batch2, *, beta=1, alpha=1) -> Tensor:
        """beta * self + alpha * (the sum over the batch of batch1[i] @ batch2[i])."""
        b1, b2 = self._operand(batch1), self._operand(batch2)
        if b1.ndim != 3 or b2.ndim != 3:
            raise RuntimeError(
                f"addbmm: batch1 and batch2 must be 3-d, got {b1.ndim}-d and {b2.ndim}-d"
            )
        if b1.shape[0] != b2.shape[0] or b1.shape[2] != b2.shape[1]:
            raise RuntimeError(
                f"addbmm: batch1 {tuple(b1.shape)} and batch2 {tuple(b2.shape)} do not match"
            )
        k, n, m = b1.shape
        p = b2.shape[2]
        product = b1.swapaxes(0, 1).reshape(n, k * m) @ b2.reshape(k * m, p)
        return self._accumulate(product, beta, alpha, (n, p), "addbmm")

    # ------------------------------------------------------- flips, rotations
    def fliplr(self) -> Tensor:
        """The columns (dim 1) in reverse order; at least 2 dims."""
        if self.ndim < 2:
            raise RuntimeError("Input must be >= 2-d.")
        return self.flip(1)

    def flipud(self) -> Tensor:
        """The rows (dim 0) in reverse order; at least 1 dim."""
        if self.ndim < 1:
            raise RuntimeError("Input must be >= 1-d.")
        return self.flip(0)

    def rot90(self, k: int = 1, dims=(0, 1)) -> Tensor:
        """Rotated by 90 degrees k times in the plane of dims, from the first towards the
        second."""
        k = integer(k, "k", "rot90")
        dims = tuple(dims)
        if len(dims) != 2:
            raise RuntimeError(f"expected total rotation dims == 2, but got dims = {len(dims)}")
        if self.ndim < 2:
            raise RuntimeError(f"expected total dims >= 2, but got total dims = {self.ndim}")
        d0, d1 = dim_index(dims[0], self.ndim, "rot90"), dim_index(dims[1], self.ndim, "rot90")
        if d0 == d1:
            raise RuntimeError(
                f"expected rotation dims to be different, but got dim0 = {d0} and dim1 = {d1}"
            )
        k %= 4
        if k == 1:
            return self.flip(d1).transpose(d0, d1)
        if k == 2:
            return self.flip(d0, d1)
        if k == 3:
            return self.flip(d0).transpose(d0, d1)
        return self.clone()

    # ------------------------------------------------- determinants, inverses
    def det(self) -> Tensor:
        """The determinant of each square matrix (over the last two dims)."""
        square(self, "linalg.det")
        return Det.apply(self)

    def slogdet(self):
        """(sign, logabsdet) of the determinant of each square matrix: a named tuple; the
        sign is a constant (its derivative is zero)."""
        square(self, "linalg.slogdet")
        with np.errstate(all="ignore"):  # NaN in, NaN out
            sign, logabsdet = np.linalg.slogdet(self._data)
        sign = np.where(np.isnan(logabsdet), 0, sign)  # PyTorch's sign of NaN: 0
        return return_types.slogdet(
            self._result(np.asarray(sign, self.dtype)), LogAbsDet.apply(self)
        )

    def logdet(self) -> Tensor:
        """log det of each square matrix: NaN where the determinant is negative, -inf where
        it is zero."""
        sign, logabsdet = self.slogdet()
        negative = np.asarray(sign._data < 0)
        if not negative.any():
            return logabsdet
        return Where.apply(logabsdet._operand(float("nan")), logabsdet, _cond=negative)

    def inverse(self) -> Tensor:
        """The inverse of each square matrix; a singular one raises LinAlgError."""
        square(self, "linalg.inv")
        return Inverse.apply(self)

    def pinverse(self, rcond: float = 1e-15) -> Tensor:
        """The pseudo-inverse of each matrix (singular values below rcond times the largest
        are taken as zero)."""
        if self.ndim < 2:
            raise RuntimeError(f"pinverse: expected a tensor with 2 or more dims, got {self.ndim}")
        floating(self, "linalg.pinv")
        rcond = rcond if isinstance(rcond, np.ndarray) else float(rcond)
        return Pinverse.apply(self, rcond=rcond, hermitian=False)

    def matrix_power(self, n: int) -> Tensor:
        """The n-th power of each square matrix (by repeated squaring; n < 0 inverts first,
        n = 0 is the identity)."""
        n = integer(n, "n", "matrix_power")
        if self.ndim < 2 or self.shape[-1] != self.shape[-2]:
            raise RuntimeError(
                f"linalg.matrix_power: A must be batches of square matrices, got shape "
                f"{tuple(self.shape)}"
            )
        if n == 0:
            eye = np.broadcast_to(np.eye(self.shape[-1], dtype=self.dtype), self.shape)
            return self._result(np.array(eye))
        x = self.inverse() if n < 0 else self
        n = abs(n)
        out = None
        while n:
            if n & 1:
                out = x if out is None else out @ x
            n >>= 1
            if n:
                x = x @ x
        return out

    # ---------------------------------------------------------- factorisations
    def svd(self, some: bool = True, compute_uv: bool = True):
        """(U, S, V) with self = U diag(S) V^T, a named tuple (V, not linalg.svd's Vh);
        some=False gives square U and V, compute_uv=False zero square U and V."""
        u, s, vh = tensor_svd(self, full_matrices=not some)
        if not compute_uv:  # zero U (m x m) and V (n x n), whatever `some` says
            m, n = self.shape[-2:]
            batch = tuple(self.shape[:-2])
            zeros = [self._result(np.zeros(batch + (k, k), self.dtype)) for k in (m, n)]
            return return_types.svd(zeros[0], s, zeros[1])
        return return_types.svd(u, s, vh.swapaxes(-1, -2))

    def qr(self, some: bool = True):
        """(Q, R) with self = QR, a named tuple: reduced (some=True) or complete."""
        return return_types.qr(*tensor_qr(self, "reduced" if some else "complete"))

    def cholesky(self, upper: bool = False) -> Tensor:
        """L with L L^T = self (upper=True: U with U^T U = self), for symmetric
        positive-definite matrices (only the lower triangle is read)."""
        square(self, "cholesky")
        L = Cholesky.apply(self)
        return L.swapaxes(-1, -2) if upper else L

    def cholesky_solve(self, input2, upper: bool = False) -> Tensor:
        """X with A X = self, where A = L L^T and L = input2 is its Cholesky factor (upper:
        A = U^T U); batch dims broadcast."""
        L = self._operand(input2)
        if self.ndim < 2:
            raise RuntimeError(
                f"cholesky_solve: b should have at least 2 dimensions, but has {self.ndim} "
                "dimensions instead"
            )
        return Solve.apply(_factor(L, upper, "cholesky_solve"), self)

    def cholesky_inverse(self, upper: bool = False) -> Tensor:
        """The inverse of A = L L^T, L = self its Cholesky factor (upper: A = U^T U)."""
        return Inverse.apply(_factor(self, upper, "cholesky_inverse"))
