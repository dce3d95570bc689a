"""`torch.svd_lowrank` and `torch.pca_lowrank`: PyTorch's randomized low-rank SVD (Halko et
al. 2009, algorithm 5.1, as torch/_lowrank.py), composed of `randn`, `linalg.qr` and
`linalg.svd`, so that the same seed gives PyTorch's numbers and gradients flow through.
"""

from __future__ import annotations

from .linalg import qr, svd
from .random import randn
from .tensor_class import Tensor, as_tensor


def _floating_dtype(A: Tensor):
    """A's dtype if floating, else float32 (PyTorch's get_floating_dtype)."""
    return A.dtype if A._data.dtype.kind == "f" else "float32"


def _approximate_basis(A: Tensor, q: int, niter: int, M: Tensor | None) -> Tensor:
    """Q with orthonormal columns whose range approximates A's (q columns, niter power
    iterations), from one randn(n, q) draw."""
    R = randn(A.shape[-1], q, dtype=_floating_dtype(A))
    X = A @ R if M is None else A @ R - M @ R
    Q = qr(X).Q
    for _ in range(niter):
        X = A.mH @ Q if M is None else A.mH @ Q - M.mH @ Q
        Q = qr(X).Q
        X = A @ Q if M is None else A @ Q - M @ Q
        Q = qr(X).Q
    return Q


def svd_lowrank(A, q: int | None = 6, niter: int | None = 2, M=None) -> tuple:
    """(U, S, V) with A ~ U diag(S) V^T of rank q (V, not V^T, as PyTorch's), by a randomized
    range finder with niter power iterations; M (broadcast to A) is subtracted from A first.
    Draws from the default generator as PyTorch's does."""
    A = as_tensor(A)
    q = 6 if q is None else q
    niter = 2 if niter is None else niter
    m, n = A.shape[-2:]
    if M is not None:
        M = as_tensor(M).broadcast_to(A.shape)
    if m < n:  # as for a tall matrix, on the transpose
        A = A.mH
        M = None if M is None else M.mH
    Q = _approximate_basis(A, q, niter, M)
    B = Q.mH @ A if M is None else Q.mH @ A - Q.mH @ M
    U, S, Vh = svd(B, full_matrices=False)
    V = Vh.mH
    U = Q @ U
    if m < n:
        U, V = V, U
    return U, S, V


def pca_lowrank(A, q: int | None = None, center: bool = True, niter: int = 2) -> tuple:
    """(U, S, V) of the principal components of A's rows: svd_lowrank of A minus its column
    means (center=True); q defaults to min(6, m, n)."""
    A = as_tensor(A)
    m, n = A.shape[-2:]
    if q is None:
        q = min(6, m, n)
    elif not (q >= 0 and q <= min(m, n)):
        raise ValueError(
            f"q(={q}) must be non-negative integer and not greater than min(m, n)={min(m, n)}"
        )
    if not niter >= 0:
        raise ValueError(f"niter(={niter}) must be non-negative integer")
    if not center:
        return svd_lowrank(A, q, niter=niter)
    return svd_lowrank(A - A.mean(dim=(-2,), keepdim=True), q, niter=niter)
