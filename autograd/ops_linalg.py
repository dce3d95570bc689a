"""Linear-algebra primitives: inverse, determinant, log |det|, solve, Cholesky, pseudo-inverse.

numpy.linalg computes each factorisation (batched over leading dims); the backward rules
are the standard ones, written once with matmuls and these same ops, so that they record
themselves under create_graph (second derivatives):

- inverse: X = A^-1, gA = -X^T g X^T
- det: gA = g * cof(A), the cofactor matrix (det(A) A^-T where A is invertible; from the SVD
  where it is singular, so the gradient stays the exact derivative there)
- log |det|: gA = g * A^-T (infinite or NaN where A is singular, as PyTorch's)
- solve: X = A^-1 B, gB = A^-T g, gA = -gB X^T
- Cholesky: A = L L^T, gA = L^-T Φ L^-1 with Φ = ½(T + tril(T, -1)^T), T = tril(L^T g)
- pseudo-inverse: Golub and Pereyra's derivative (constant rank)
- QR, eigh, SVD: PyTorch's rules (below, with their factors packed into one output)
- Euclidean distances (cdist): gX1 = X1 * rowsum(W) - W X2 with W = g / D (0 where D = 0)

Real matrices only (float32 and float64). A singular or non-positive-definite input raises
`LinAlgError`, a RuntimeError as PyTorch's `torch.linalg.LinAlgError`.
"""

from __future__ import annotations

import numpy as np

from .op import Op, value, xp


class LinAlgError(RuntimeError):
    """A matrix that cannot be factorised (singular, or not positive-definite)."""


def singular_values_failed() -> LinAlgError:
    """PyTorch's error for an SVD of a matrix with NaN or infinite entries."""
    return LinAlgError(
        "linalg.svd: The algorithm failed to converge because the input matrix contained "
        "non-finite values."
    )


def swap(m):
    """The last two dims swapped (a batch of transposes), for arrays and Tensors."""
    return m.swapaxes(-1, -2)


def _eye(n: int, dtype) -> np.ndarray:
    return np.eye(n, dtype=dtype)


def _cofactor_svd(a: np.ndarray) -> np.ndarray:
    """The cofactor matrix of each matrix in a, from its SVD: exact for singular matrices.

    With A = U S V^T, cof(A) = det(U) det(V^T) U diag(prod_{j != i} s_j) V^T; the products
    leave out one singular value each, without dividing by it.
    """
    if not np.isfinite(a).all():
        return np.full(a.shape, np.nan, a.dtype)
    u, s, vh = np.linalg.svd(a)
    n = s.shape[-1]
    left = np.concatenate([np.ones_like(s[..., :1]), np.cumprod(s, -1)[..., :-1]], -1)
    right = np.concatenate(
        [np.cumprod(s[..., ::-1], -1)[..., :-1][..., ::-1], np.ones_like(s[..., :1])], -1
    )
    others = left * right if n else s
    sign = np.linalg.det(u) * np.linalg.det(vh)
    return (sign[..., None, None] * (u * others[..., None, :])) @ vh


def _invertible(d) -> bool:
    return bool(np.all(np.asarray(value(d)) != 0))


class Inverse(Op):
    """The inverse of each square matrix (numpy.linalg.inv)."""

    __slots__ = ()

    def forward(self, a):
        try:
            return np.linalg.inv(a)
        except np.linalg.LinAlgError:
            raise LinAlgError(
                "linalg.inv: the matrix is singular (not invertible); linalg.pinv gives the "
                "pseudo-inverse"
            ) from None

    def backward(self, g, out, a):
        t = swap(out)
        return (-(t @ g @ t),)


class Det(Op):
    """The determinant of each square matrix."""

    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):  # NaN in, NaN out (silently, as PyTorch's)
            return np.linalg.det(a)

    def backward(self, g, out, a):
        g = g.reshape(g.shape + (1, 1))
        if _invertible(out):
            try:
                return (g * (out.reshape(out.shape + (1, 1)) * swap(Inverse.call(a))),)
            except LinAlgError:
                pass
        return (g * _cofactor_svd(np.asarray(value(a))).astype(value(a).dtype),)


class LogAbsDet(Op):
    """log |det A| of each square matrix (-inf where A is singular)."""

    __slots__ = ()

    def forward(self, a):
        with np.errstate(all="ignore"):
            return np.linalg.slogdet(a)[1]

    def backward(self, g, out, a):
        g = g.reshape(g.shape + (1, 1))
        arr = np.asarray(value(a))
        det = np.linalg.det(arr)
        if np.all(det != 0) and np.all(np.isfinite(value(out))):
            try:
                return (g * swap(Inverse.call(a)),)
            except LinAlgError:
                pass
        with np.errstate(all="ignore"):  # inf or nan, as PyTorch's
            return (g * (_cofactor_svd(arr) / det[..., None, None]).astype(arr.dtype),)


class Solve(Op):
    """X with A X = B, for each square A and matrix B (batch dims broadcast)."""

    __slots__ = ()
    broadcasts = True  # the batch dims of A and B broadcast

    def forward(self, a, b):
        try:
            return np.linalg.solve(a, b)
        except np.linalg.LinAlgError:
            raise LinAlgError(
                "linalg.solve: the matrix A is singular; linalg.lstsq or linalg.pinv(A) @ B "
                "gives a least-squares answer"
            ) from None

    def backward(self, g, out, a, b):
        need_a, need_b = self.needs
        gb = Solve.call(swap(a), g)
        ga = -(gb @ swap(out)) if need_a else None
        return ga, (gb if need_b else None)


class Cholesky(Op):
    """The lower-triangular L with L L^T = A, for each symmetric positive-definite A."""

    __slots__ = ()

    def forward(self, a):
        try:
            return np.linalg.cholesky(a)
        except np.linalg.LinAlgError:
            raise LinAlgError(
                "linalg.cholesky: the input is not positive-definite (the factorization could "
                "not be completed)"
            ) from None

    def backward(self, g, out, a):
        n = out.shape[-1]
        lower = np.tri(n, dtype=bool)
        t = (swap(out) @ g) * lower
        phi = (t + swap(t * np.tri(n, k=-1, dtype=bool))) * 0.5
        inv = Inverse.call(out)
        return (swap(inv) @ phi @ inv,)


class Pinverse(Op):
    """The Moore-Penrose pseudo-inverse of each matrix (singular values below rcond times the
    largest are taken as zero; `hermitian`: from the eigenvalues of the lower triangle)."""

    __slots__ = ("rcond", "hermitian")

    def forward(self, a):
        try:
            return np.linalg.pinv(a, rcond=self.rcond, hermitian=self.hermitian)
        except np.linalg.LinAlgError:
            raise singular_values_failed() from None

    def backward(self, g, out, a):
        # dX = -X dA X + X X^T dA^T (I - A X) + (I - X A) dA^T X^T X, transposed into a VJP
        m, n = a.shape[-2], a.shape[-1]
        dtype = value(a).dtype
        p = -(a @ out) + _eye(m, dtype)
        q = -(out @ a) + _eye(n, dtype)
        gt = swap(g)
        xt = swap(out)
        ga = -(xt @ g @ xt) + p @ gt @ (out @ xt) + (xt @ out) @ gt @ q
        return (ga,)


class Cdist(Op):
    """The Euclidean distances between the rows of x1 (..., P, M) and of x2 (..., R, M).

    A primitive so that neither pass holds the (..., P, R, M) differences: the backward is
    two matrix products, and a large forward uses |x|^2 + |y|^2 - 2 x.y (as PyTorch's, from
    25 rows). The gradient at a zero distance is 0, as PyTorch's.
    """

    __slots__ = ()
    broadcasts = True  # batch dims broadcast

    def forward(self, x1, x2):
        if x1.shape[-2] <= 25 and x2.shape[-2] <= 25:  # exact differences
            d = x1[..., :, None, :] - x2[..., None, :, :]
            return np.sqrt((d * d).sum(-1))
        square = (x1 * x1).sum(-1)[..., :, None] + (x2 * x2).sum(-1)[..., None, :]
        square -= 2 * (x1 @ swap(x2))
        return np.sqrt(np.maximum(square, 0))

    def backward(self, g, out, x1, x2):
        need1, need2 = self.needs
        zero = value(out) == 0
        w = xp(g).where(zero, 0, g / xp(g).where(zero, 1, out))
        g1 = x1 * w.sum(-1, keepdims=True) - w @ x2 if need1 else None
        wt = swap(w)
        g2 = x2 * wt.sum(-1, keepdims=True) - wt @ x1 if need2 else None
        return g1, g2


# ------------------------------------------------ factorisations with several outputs
# One op returns one array: QR, Eigh and SVD return their factors packed side by side,
# flattened over the last dims ((..., m*k + k*n) for QR); autograd/linalg.py slices them
# out. A factor nobody uses gets a zero gradient, as PyTorch's undefined gradient.


def _pack(*factors):
    batch = factors[0].shape[: factors[0].ndim - 2]
    flat = [f.reshape(batch + (int(np.prod(f.shape[len(batch) :])),)) for f in factors]
    return np.concatenate(flat, -1)


def unpack(packed, batch: tuple, shapes: list[tuple]) -> list:
    """The factors in `packed` (their shapes without the batch dims), for arrays and Tensors."""
    out, start = [], 0
    for shape in shapes:
        size = int(np.prod(shape))
        out.append(packed[..., start : start + size].reshape(batch + tuple(shape)))
        start += size
    return out


def _diag(v):
    """The batch of diagonal matrices with v (..., k) on the diagonal (arrays and Tensors)."""
    k = v.shape[-1]
    return v.reshape(v.shape + (1,)) * _eye(k, value(v).dtype)


class QR(Op):
    """The reduced QR factorisation of each matrix with m >= n rows: Q (m, n) with
    orthonormal columns and upper-triangular R (n, n), packed (see `unpack`)."""

    __slots__ = ()

    def forward(self, a):
        q, r = np.linalg.qr(a, mode="reduced")
        return _pack(q, r)

    def backward(self, g, out, a):
        # M = tril(Q^T gQ - gQ^T Q + R gR^T - gR R^T); gA = (Q (gR + M R^-T) + gQ - Q Q^T gQ) R^-T
        m, n = a.shape[-2], a.shape[-1]
        batch = tuple(a.shape[:-2])
        q, r = unpack(out, batch, [(m, n), (n, n)])
        gq, gr = unpack(g, batch, [(m, n), (n, n)])
        qdq = swap(q) @ gq
        rdr = r @ swap(gr)
        lower = (qdq - swap(qdq) + rdr - swap(rdr)) * np.tri(n, dtype=bool)
        r_inv_t = swap(Inverse.call(r))
        return (q @ (gr + lower @ r_inv_t) + (gq - q @ qdq) @ r_inv_t,)


class Eigh(Op):
    """The eigenvalues (ascending) and orthonormal eigenvectors of each symmetric matrix
    (the triangle `uplo` read: "L" or "U"), packed: L (n), then V (n, n)."""

    __slots__ = ("uplo",)

    def forward(self, a):
        w, v = np.linalg.eigh(a, UPLO=self.uplo)
        return _pack(w[..., None, :], v)

    def backward(self, g, out, a):
        # gA = V (skew(V^T gV) / E + diag(gL)) V^T with E_ij = L_j - L_i (1 on the diagonal)
        n = a.shape[-1]
        batch = tuple(a.shape[:-2])
        w, v = unpack(out, batch, [(n,), (n, n)])
        gw, gv = unpack(g, batch, [(n,), (n, n)])
        vgv = swap(v) @ gv
        skew = (vgv - swap(vgv)) * 0.5
        e = w.reshape(batch + (1, n)) - w.reshape(batch + (n, 1)) + _eye(n, value(w).dtype)
        return (v @ (skew / e + _diag(gw)) @ swap(v),)


class SVD(Op):
    """The reduced SVD of each matrix, A = U diag(S) Vh with k = min(m, n): U (m, k), S (k)
    descending, Vh (k, n), packed."""

    __slots__ = ()

    def forward(self, a):
        try:
            u, s, vh = np.linalg.svd(a, full_matrices=False)
        except np.linalg.LinAlgError:
            raise singular_values_failed() from None
        return _pack(u, s[..., None, :], vh)

    def backward(self, g, out, a):
        # PyTorch's svd_backward: E_jk = S_k^2 - S_j^2, skew(X) = X - X^T
        m, n = a.shape[-2], a.shape[-1]
        k = min(m, n)
        batch = tuple(a.shape[:-2])
        u, s, vh = unpack(out, batch, [(m, k), (k,), (k, n)])
        gu, gs, gvh = unpack(g, batch, [(m, k), (k,), (k, n)])
        v, gv = swap(vh), swap(gvh)
        row, col = s.reshape(batch + (1, k)), s.reshape(batch + (k, 1))
        e = row * row - col * col + _eye(k, value(s).dtype)
        ugu = swap(u) @ gu
        vgv = swap(v) @ gv
        ga = ((ugu - swap(ugu)) * row + col * (vgv - swap(vgv))) / e + _diag(gs)
        if m > k:
            gu_s = gu / row
            ga = (u @ ga + gu_s - u @ (swap(u) @ gu_s)) @ vh
        elif n > k:
            gv_s = gv / row
            ga = u @ (ga @ vh + swap(gv_s) - (swap(gv_s) @ v) @ vh)
        else:
            ga = u @ ga @ vh
        return (ga,)
