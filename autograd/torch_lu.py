"""torch-level LU, triangular-solve and Householder functions: `lu`, `lu_solve`,
`lu_unpack`, `triangular_solve`, `matrix_exp`, `geqrf`, `orgqr`, `ormqr`.

PyTorch's older argument orders (`lu_solve(b, LU, pivots)`, `triangular_solve(b, A)`); each
calls the Tensor method of autograd/tensor_lu.py (one definition per op). `geqrf` has no
gradient (nor has PyTorch's); the others are differentiable.
"""

from __future__ import annotations

import numpy as np

from . import return_types
from .linalg_lu import matrix_exp
from .tensor_class import Tensor, as_tensor
from .tensor_lu import matrices, unpack
from .torch_matrix import out_into, outs_into

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
    """(LU, pivots) of each matrix (get_infos: (LU, pivots, infos)): `linalg.lu_factor`'s
    packed factors, without its error for a singular matrix (as PyTorch's)."""
    return outs_into(as_tensor(A).lu(pivot, get_infos), out)


def lu_solve(input, LU_data, LU_pivots, *, out=None) -> Tensor:  # noqa: N803 (PyTorch's)
    """X with A X = input from `lu`'s (LU_data, LU_pivots) (`linalg.lu_solve(LU, pivots,
    input)`)."""
    return out_into(as_tensor(input).lu_solve(as_tensor(LU_data), LU_pivots), out)


def lu_unpack(
    LU_data,  # noqa: N803 (PyTorch's names)
    LU_pivots,  # noqa: N803
    unpack_data: bool = True,
    unpack_pivots: bool = True,
    *,
    out=None,
):
    """(P, L, U) from `lu`'s packed factors, A = P L U (an empty tensor for what is not
    unpacked); L and U carry LU_data's gradient."""
    LU = matrices(as_tensor(LU_data), "lu_unpack")
    piv = np.asarray(getattr(LU_pivots, "_data", LU_pivots))
    if piv.dtype != np.int32:
        raise RuntimeError(
            "lu_unpack: LU_pivots is expected to be a contiguous tensor of torch.int32 dtype. "
            "Note: this function is intended to be used with the output produced by "
            f"torch.linalg.lu_factor, got {piv.dtype}"
        )
    P, L, U = unpack(LU, piv, LU.shape[-2], LU.shape[-1])
    empty = Tensor(np.zeros(0, LU._data.dtype))
    result = return_types.lu_unpack(
        P if unpack_pivots else empty, L if unpack_data else empty, U if unpack_data else empty
    )
    return outs_into(result, out)


def triangular_solve(
    input, A, upper: bool = True, transpose: bool = False, unitriangular: bool = False, *, out=None
):
    """(solution, cloned_coefficient): X with A X = input (transpose: A^T X = input) for triangular
    A (only its upper or lower triangle read; unitriangular: a unit diagonal), batched."""
    return outs_into(as_tensor(input).triangular_solve(as_tensor(A), upper, transpose,
                                                   unitriangular), out)  # fmt: skip


def geqrf(input, *, out=None):
    """(a, tau): LAPACK's Householder QR of each matrix, R on and above a's diagonal and the
    reflectors' vectors below it (no gradient, as PyTorch's)."""
    return outs_into(as_tensor(input).geqrf(), out)


def orgqr(input, input2) -> Tensor:
    """The first n columns of the product of `geqrf`'s reflectors (input, tau = input2), as
    `linalg.householder_product`."""
    return as_tensor(input).orgqr(as_tensor(input2))


def ormqr(input, input2, input3, left: bool = True, transpose: bool = False, *, out=None):
    """Q other (left=False: other Q; transpose: with Q^T) for the m x m Q of `geqrf`'s
    reflectors (input, tau = input2), other = input3; differentiable."""
    return out_into(as_tensor(input).ormqr(as_tensor(input2), as_tensor(input3), left,
                                           transpose), out)  # fmt: skip
