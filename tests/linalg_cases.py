"""Cases of PyTorch's matrix, shape and linear-algebra functions, written once for both
libraries (the `Case` of tests/tensor_api_cases.py).

tools/make_linalg_fixtures.py runs them with PyTorch and records outputs, dtypes, the
inputs' gradients and the type of any error in tests/data/linalg_pytorch.npz;
tests/test_linalg_pytorch.py runs them with graphgrad and compares.
"""

from __future__ import annotations

import numpy as np
from tensor_api_cases import Case, array, upstream  # noqa: F401 (array, upstream: re-exported)

INT = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 10]], dtype=np.int64)
I32 = np.array([[1, -2], [3, 4]], dtype=np.int32)
F32 = np.array([[0.5, -1.5, 2.0], [3.0, 0.25, -2.0], [1.0, 1.0, 4.0]], dtype=np.float32)
BOOL = np.array([True, False, False, True, True])
SINGULAR = np.array([[1.0, 2.0], [2.0, 4.0]])
RANK2 = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0], [7.0, 8.0, 9.0]])
DIAG_ZERO = np.array([[1.0, 0.0], [0.0, 0.0]])
NEAR = np.array([[1.0, 2.0], [2.0, 4.0 + 1e-9]])
NEGATIVE_DET = np.array([[0.0, 1.0], [1.0, 0.0]])
SPD = np.array([[4.0, 1.0, 0.5], [1.0, 3.0, 0.2], [0.5, 0.2, 2.0]])
NOT_PD = np.array([[1.0, 2.0], [2.0, 1.0]])
ROWS = np.array([[0.0, 0.0], [1.0, 2.0], [3.0, -1.0]])  # cdist: a zero distance to ROWS2[0]
ROWS2 = np.array([[0.0, 0.0], [1.0, 1.0]])
VEC0 = np.array([0.0, 1.5, -2.0, 0.0])
NAN_IN = np.array([[np.nan, 1.0], [np.inf, 2.0]])
EMPTY_SQ = np.zeros((0, 0))
EMPTY_BATCH = np.zeros((0, 3, 3))


def _spd(T, a):
    return a @ a.mT + 3 * T.eye(a.shape[-1], dtype=a.dtype)


def _diagonal_writes(T, x):
    y = x.clone()
    y.diagonal(1).fill_(0.0)
    y.diagonal(dim1=-1, dim2=-2).mul_(2.0)
    return y


def _eigh(T, a):
    w, v = T.linalg.eigh(a + a.mT)
    return w, v * v  # eigenvectors are defined up to sign: v * v is not


def _svd(T, a, full=False):
    u, s, vh = T.linalg.svd(a, full_matrices=full)
    k = s.shape[-1]
    return s, u[..., :k] * u[..., :k], vh[..., :k, :] * vh[..., :k, :], u[..., :1] * vh[..., :1, :]


def _svd_old(T, a):
    u, s, v = T.svd(a)
    return s, u * u, v * v


CASES = [
    # ---------------------------------------------------------------- diagonals
    Case("diag_vector", lambda T, x: T.diag(x), [(4,)]),
    Case("diag_vector_offset", lambda T, x: T.diag(x, 2), [(3,)]),
    Case("diag_vector_negative", lambda T, x: T.diag(x, diagonal=-1), [(3,)]),
    Case("diag_matrix", lambda T, x: T.diag(x), [(3, 4)]),
    Case("diag_matrix_offset", lambda T, x: x.diag(-2), [(4, 3)]),
    Case("diag_matrix_far", lambda T, x: T.diag(x, 5), [(3, 4)]),
    Case("diag_int", lambda T, x: T.diag(x), [INT], grad=False),
    Case("diag_3d_error", lambda T, x: T.diag(x), [(2, 2, 2)], grad=False),
    Case("diag_0d_error", lambda T, x: T.diag(x), [np.array(1.5)], grad=False),
    Case("diag_empty", lambda T, x: T.diag(x), [np.zeros(0)]),
    Case("diagonal_default", lambda T, x: T.diagonal(x), [(3, 4)]),
    Case("diagonal_dims", lambda T, x: T.diagonal(x, 1, 0, 2), [(3, 2, 4)]),
    Case(
        "diagonal_negative_dims", lambda T, x: x.diagonal(offset=-1, dim1=-1, dim2=-2), [(2, 3, 4)]
    ),
    Case("diagonal_swapped_dims", lambda T, x: x.diagonal(1, 1, 0), [(3, 4)]),
    Case("diagonal_empty", lambda T, x: T.diagonal(x, 4), [(3, 4)]),
    Case("diagonal_same_dims_error", lambda T, x: T.diagonal(x, 0, 1, 1), [(3, 4)], grad=False),
    Case("diagonal_1d_error", lambda T, x: T.diagonal(x), [(3,)], grad=False),
    Case("diag_embed", lambda T, x: T.diag_embed(x), [(2, 3)]),
    Case("diag_embed_offset_dims", lambda T, x: T.diag_embed(x, 1, 0, 2), [(2, 3)]),
    Case("diag_embed_reversed_dims", lambda T, x: x.diag_embed(-1, dim1=-1, dim2=-2), [(2, 3)]),
    Case("diag_embed_int", lambda T, x: T.diag_embed(x), [INT], grad=False),
    Case("diagflat", lambda T, x: T.diagflat(x), [(2, 2)]),
    Case("diagflat_offset", lambda T, x: x.diagflat(-2), [(3,)]),
    Case("diagflat_0d", lambda T, x: T.diagflat(x), [np.array(2.5)]),
    Case("trace", lambda T, x: T.trace(x), [(3, 4)]),
    Case("trace_method", lambda T, x: x.trace(), [(4, 2)]),
    Case("trace_int", lambda T, x: T.trace(x), [INT], grad=False),
    Case("trace_int32", lambda T, x: T.trace(x), [I32], grad=False),
    Case("trace_f32", lambda T, x: T.trace(x), [F32]),
    Case("trace_empty", lambda T, x: T.trace(x), [np.zeros((0, 3))]),
    Case("trace_3d_error", lambda T, x: T.trace(x), [(2, 2, 2)], grad=False),
    Case("tril_indices", lambda T: T.tril_indices(4, 3), []),
    Case("tril_indices_offset", lambda T: T.tril_indices(3, 5, 1), []),
    Case("tril_indices_negative", lambda T: T.tril_indices(4, 4, offset=-2), []),
    Case("triu_indices", lambda T: T.triu_indices(3, 4), []),
    Case("triu_indices_offset", lambda T: T.triu_indices(4, 3, -1), []),
    Case("triu_indices_empty", lambda T: T.triu_indices(0, 3), []),
    Case("tril_indices_int32", lambda T: T.tril_indices(2, 2, dtype=T.int32), []),
    # ------------------------------------------------------------- differences
    Case("diff", lambda T, x: T.diff(x), [(5,)]),
    Case("diff_n2_dim0", lambda T, x: T.diff(x, n=2, dim=0), [(4, 3)]),
    Case("diff_prepend_append", lambda T, x, p, a: T.diff(x, 1, 1, p, a), [(2, 3), (2, 1), (2, 2)]),
    Case("diff_n_too_large", lambda T, x: x.diff(n=4), [(3,)]),
    Case("diff_n0", lambda T, x: T.diff(x, n=0), [(3,)]),
    Case("diff_bool", lambda T, x: T.diff(x), [BOOL], grad=False),
    Case("diff_int", lambda T, x: T.diff(x, dim=0), [INT], grad=False),
    Case("diff_uint8", lambda T, x: T.diff(x), [np.array([1, 4, 2], dtype=np.uint8)], grad=False),
    Case("diff_0d_error", lambda T, x: T.diff(x), [np.array(1.0)], grad=False),
    Case("diff_empty", lambda T, x: T.diff(x), [np.zeros((2, 0))]),
    # ---------------------------------------------------------------- products
    Case("tensordot_int_dims", lambda T, a, b: T.tensordot(a, b, 2), [(2, 3, 4), (3, 4, 5)]),
    Case("tensordot_default", lambda T, a, b: T.tensordot(a, b), [(2, 3, 4), (3, 4)]),
    Case(
        "tensordot_lists",
        lambda T, a, b: T.tensordot(a, b, dims=([1, 0], [0, 2])),
        [(3, 4, 5), (4, 2, 3)],
    ),
    Case("tensordot_zero", lambda T, a, b: T.tensordot(a, b, dims=0), [(2,), (3,)]),
    Case(
        "tensordot_mismatch_error",
        lambda T, a, b: T.tensordot(a, b, ([0], [0])),
        [(2, 3), (3, 2)],
        grad=False,
    ),
    Case("kron_2d", lambda T, a, b: T.kron(a, b), [(2, 3), (3, 2)]),
    Case("kron_mixed_ndim", lambda T, a, b: a.kron(b), [(2,), (2, 2, 3)]),
    Case("kron_int", lambda T, a, b: T.kron(a, b), [INT, I32], grad=False),
    Case("kron_0d", lambda T, a, b: T.kron(a, b), [np.array(2.0), (3,)]),
    Case("inner_vectors", lambda T, a, b: T.inner(a, b), [(4,), (4,)]),
    Case("inner_nd", lambda T, a, b: T.inner(a, b), [(2, 3, 4), (5, 4)]),
    Case("inner_scalar", lambda T, a, b: a.inner(b), [np.array(1.5), (2, 3)]),
    Case("inner_mismatch_error", lambda T, a, b: T.inner(a, b), [(2, 3), (2,)], grad=False),
    Case("vdot", lambda T, a, b: T.vdot(a, b), [(5,), (5,)]),
    Case("vdot_2d_error", lambda T, a, b: T.vdot(a, b), [(2, 2), (4,)], grad=False),
    Case("addmm", lambda T, i, a, b: T.addmm(i, a, b), [(2, 4), (2, 3), (3, 4)]),
    Case(
        "addmm_broadcast_scaled",
        lambda T, i, a, b: T.addmm(i, a, b, beta=0.5, alpha=-2.0),
        [(4,), (2, 3), (3, 4)],
    ),
    Case(
        "addmm_beta0_nan",
        lambda T, i, a, b: T.addmm(i, a, b, beta=0),
        [np.full((2, 2), np.nan), (2, 3), (3, 2)],
    ),
    Case("addmm_method", lambda T, i, a, b: i.addmm(a, b, alpha=3), [(1, 1), (2, 3), (3, 2)]),
    Case(
        "addmm_int",
        lambda T, i, a, b: T.addmm(i, a, b, beta=2, alpha=3),
        [np.ones((3, 3), np.int64), INT, INT],
        grad=False,
    ),
    Case("addmm_1d_error", lambda T, i, a, b: T.addmm(i, a, b), [(2,), (3,), (3, 2)], grad=False),
    Case(
        "addmm_bad_input_error",
        lambda T, i, a, b: T.addmm(i, a, b),
        [(3, 2, 2), (2, 3), (3, 2)],
        grad=False,
    ),
    Case("addmv", lambda T, i, a, v: T.addmv(i, a, v, beta=2.0, alpha=0.5), [(3,), (3, 4), (4,)]),
    Case("addmv_scalar_input", lambda T, i, a, v: i.addmv(a, v), [np.array(0.5), (3, 2), (2,)]),
    Case(
        "baddbmm",
        lambda T, i, a, b: T.baddbmm(i, a, b, beta=-1.0, alpha=2.0),
        [(2, 3, 4), (2, 3, 5), (2, 5, 4)],
    ),
    Case("baddbmm_broadcast", lambda T, i, a, b: i.baddbmm(a, b), [(3, 1), (2, 3, 2), (2, 2, 4)]),
    Case(
        "addbmm",
        lambda T, i, a, b: T.addbmm(i, a, b, beta=0.5, alpha=1.5),
        [(3, 4), (2, 3, 5), (2, 5, 4)],
    ),
    Case("addbmm_method", lambda T, i, a, b: i.addbmm(a, b), [(4,), (3, 2, 2), (3, 2, 4)]),
    Case("cross_dim", lambda T, a, b: T.cross(a, b, dim=1), [(2, 3), (2, 3)]),
    Case("cross_default_dim", lambda T, a, b: T.cross(a, b), [(3, 4), (3, 4)]),
    Case("cross_broadcast", lambda T, a, b: a.cross(b, dim=-1), [(2, 1, 3), (1, 4, 3)]),
    Case(
        "cross_ndim_error", lambda T, a, b: T.cross(a, b, dim=-1), [(2, 1, 3), (4, 3)], grad=False
    ),
    Case("cross_int", lambda T, a, b: T.cross(a, b, dim=0), [INT, INT.T.copy()], grad=False),
    Case("cross_error", lambda T, a, b: T.cross(a, b, dim=1), [(2, 2), (2, 2)], grad=False),
    Case("linalg_cross", lambda T, a, b: T.linalg.cross(a, b), [(2, 3), (1, 3)]),
    Case("cdist", lambda T, a, b: T.cdist(a, b), [ROWS, ROWS2]),
    Case("cdist_p1", lambda T, a, b: T.cdist(a, b, p=1.0), [ROWS, ROWS2]),
    Case("cdist_p3", lambda T, a, b: T.cdist(a, b, p=3.0), [(3, 2), (4, 2)]),
    Case("cdist_p_inf", lambda T, a, b: T.cdist(a, b, p=float("inf")), [(3, 2), (4, 2)]),
    Case("cdist_p0", lambda T, a, b: T.cdist(a, b, p=0.0), [ROWS, ROWS2]),
    Case("cdist_batched", lambda T, a, b: T.cdist(a, b), [(2, 3, 4), (2, 2, 4)]),
    Case("cdist_self_zero", lambda T, a: T.cdist(a, a), [ROWS]),
    Case("cdist_f32", lambda T, a, b: T.cdist(a, b), [F32, F32[:2]]),
    Case("cdist_int_error", lambda T, a, b: T.cdist(a, b), [INT, INT], grad=False),
    Case(
        "cdist_negative_p_error",
        lambda T, a, b: T.cdist(a, b, p=-1.0),
        [(2, 2), (2, 2)],
        grad=False,
    ),
    Case("cdist_columns_error", lambda T, a, b: T.cdist(a, b), [(2, 2), (2, 3)], grad=False),
    # ------------------------------------------------------------------- grids
    Case("meshgrid_default", lambda T, a, b: T.meshgrid(a, b), [(3,), (2,)]),
    Case(
        "meshgrid_ij_three",
        lambda T, a, b, c: T.meshgrid(a, b, c, indexing="ij"),
        [(2,), (3,), (4,)],
    ),
    Case(
        "meshgrid_xy", lambda T, a, b, c: T.meshgrid([a, b, c], indexing="xy"), [(2,), (3,), (4,)]
    ),
    Case("meshgrid_0d", lambda T, a, b: T.meshgrid(a, b, indexing="xy"), [np.array(1.5), (3,)]),
    Case(
        "meshgrid_2d_error",
        lambda T, a, b: T.meshgrid(a, b, indexing="ij"),
        [(2, 2), (2,)],
        grad=False,
    ),
    Case(
        "broadcast_tensors",
        lambda T, a, b, c: T.broadcast_tensors(a, b, c),
        [(3, 1), (4,), np.array(2.0)],
    ),
    Case(
        "broadcast_tensors_error",
        lambda T, a, b: T.broadcast_tensors(a, b),
        [(3,), (4,)],
        grad=False,
    ),
    Case("cartesian_prod", lambda T, a, b: T.cartesian_prod(a, b), [(3,), (2,)]),
    Case("cartesian_prod_three", lambda T, a, b, c: T.cartesian_prod(a, b, c), [(2,), (2,), (3,)]),
    Case("cartesian_prod_one", lambda T, a: T.cartesian_prod(a), [(3,)]),
    Case(
        "cartesian_prod_int",
        lambda T, a, b: T.cartesian_prod(a, b),
        [np.arange(3), np.arange(2)],
        grad=False,
    ),
    Case("combinations", lambda T, x: T.combinations(x), [(4,)]),
    Case("combinations_r3", lambda T, x: T.combinations(x, r=3), [(5,)]),
    Case(
        "combinations_replacement", lambda T, x: T.combinations(x, 2, with_replacement=True), [(3,)]
    ),
    Case("combinations_r_too_large", lambda T, x: T.combinations(x, 4), [(3,)]),
    Case("combinations_int", lambda T, x: T.combinations(x), [np.arange(4)], grad=False),
    Case("combinations_2d_error", lambda T, x: T.combinations(x), [(2, 2)], grad=False),
    # ---------------------------------------------------------------- stacking
    Case("atleast_1d", lambda T, x: T.atleast_1d(x), [np.array(1.5)]),
    Case("atleast_1d_many", lambda T, a, b: T.atleast_1d(a, b), [np.array(1.5), (2, 3)]),
    Case("atleast_2d", lambda T, a, b, c: T.atleast_2d(a, b, c), [np.array(1.5), (3,), (2, 1, 2)]),
    Case("atleast_2d_list", lambda T, a, b: T.atleast_2d([a, b]), [(3,), (2, 2)]),
    Case(
        "atleast_3d",
        lambda T, a, b, c, d: T.atleast_3d(a, b, c, d),
        [np.array(1.5), (3,), (2, 3), (1, 2, 3, 1)],
    ),
    Case("block_diag", lambda T, a, b, c: T.block_diag(a, b, c), [(2, 3), np.array(1.5), (2,)]),
    Case("block_diag_one", lambda T, a: T.block_diag(a), [(2, 2)]),
    Case("block_diag_mixed", lambda T, a, b: T.block_diag(a, b), [INT, F32], grad=False),
    Case("block_diag_empty_block", lambda T, a, b: T.block_diag(a, b), [np.zeros((0, 2)), (2, 1)]),
    Case("block_diag_3d_error", lambda T, a: T.block_diag(a), [(2, 2, 2)], grad=False),
    Case("dstack", lambda T, a, b: T.dstack([a, b]), [(2, 3), (2, 3)]),
    Case("dstack_1d", lambda T, a, b: T.dstack((a, b)), [(3,), (3,)]),
    Case("column_stack", lambda T, a, b, c: T.column_stack([a, b, c]), [(3,), (3, 2), (3,)]),
    Case("column_stack_0d", lambda T, a, b: T.column_stack([a, b]), [np.array(1.0), np.array(2.0)]),
    Case("fliplr", lambda T, x: T.fliplr(x), [(2, 3, 2)]),
    Case("flipud", lambda T, x: x.flipud(), [(3, 2)]),
    Case("flipud_1d", lambda T, x: T.flipud(x), [(4,)]),
    Case("fliplr_1d_error", lambda T, x: T.fliplr(x), [(3,)], grad=False),
    Case("rot90", lambda T, x: T.rot90(x), [(2, 3)]),
    Case("rot90_k2", lambda T, x: T.rot90(x, 2), [(2, 3)]),
    Case("rot90_k3_dims", lambda T, x: T.rot90(x, 3, [1, 2]), [(2, 3, 4)]),
    Case("rot90_negative_k", lambda T, x: x.rot90(-1, (0, 1)), [(2, 3)]),
    Case("rot90_k4", lambda T, x: T.rot90(x, 4), [(2, 3)]),
    Case("rot90_reversed_dims", lambda T, x: T.rot90(x, 1, [1, 0]), [(2, 3)]),
    Case("rot90_same_dims_error", lambda T, x: T.rot90(x, 1, [0, 0]), [(2, 3)], grad=False),
    # PyTorch's own vander backward raises (an in-place modification): values only here
    Case("vander", lambda T, x: T.vander(x), [VEC0], grad=False),
    Case("vander_n_increasing", lambda T, x: T.vander(x, N=5, increasing=True), [VEC0], grad=False),
    Case("vander_n1", lambda T, x: T.vander(x, 1), [(3,)], grad=False),
    Case("vander_n0", lambda T, x: T.vander(x, 0), [(3,)], grad=False),
    Case("vander_int", lambda T, x: T.vander(x), [np.array([1, 2, 3], dtype=np.int32)], grad=False),
    Case("vander_2d_error", lambda T, x: T.vander(x), [(2, 2)], grad=False),
    # ------------------------------------------------------------ determinants
    Case("det", lambda T, x: T.det(x), [(3, 3)]),
    Case("det_batched", lambda T, x: x.det(), [(2, 4, 4)]),
    Case("det_f32", lambda T, x: T.det(x), [F32]),
    Case("det_singular_value", lambda T, x: T.det(x), [RANK2], grad=False),
    Case("det_near_singular", lambda T, x: T.det(x), [NEAR]),
    Case("det_empty", lambda T, x: T.det(x), [EMPTY_SQ]),
    Case("det_empty_batch", lambda T, x: T.det(x), [EMPTY_BATCH]),
    Case("det_1x1", lambda T, x: T.det(x), [(1, 1)]),
    Case("det_int_error", lambda T, x: T.det(x), [INT], grad=False),
    Case("det_nonsquare_error", lambda T, x: T.det(x), [(2, 3)], grad=False),
    Case("det_nan", lambda T, x: T.det(x), [NAN_IN], grad=False),
    Case("linalg_det", lambda T, x: T.linalg.det(x), [(3, 2, 2)]),
    Case("slogdet", lambda T, x: T.slogdet(x), [(3, 3)]),
    Case("slogdet_negative", lambda T, x: T.linalg.slogdet(x), [NEGATIVE_DET]),
    Case("slogdet_batched", lambda T, x: T.linalg.slogdet(x), [(2, 3, 3)]),
    Case("slogdet_singular_value", lambda T, x: T.slogdet(x), [SINGULAR], grad=False),
    Case("slogdet_fields", lambda T, x: T.slogdet(x).logabsdet - T.slogdet(x).sign, [(2, 2)]),
    Case("logdet", lambda T, x: T.logdet(_spd(T, x)), [(3, 3)]),
    Case("logdet_negative", lambda T, x: T.logdet(x), [NEGATIVE_DET]),
    Case("logdet_singular_value", lambda T, x: x.logdet(), [SINGULAR], grad=False),
    Case("inverse", lambda T, x: T.inverse(x), [(3, 3)]),
    Case("inverse_batched", lambda T, x: x.inverse(), [(2, 3, 3)]),
    Case("inverse_f32", lambda T, x: T.inverse(x), [F32]),
    Case("inverse_empty", lambda T, x: T.inverse(x), [EMPTY_BATCH]),
    Case("inverse_singular_error", lambda T, x: T.inverse(x), [SINGULAR], grad=False),
    Case("inverse_int_error", lambda T, x: T.inverse(x), [INT], grad=False),
    Case("linalg_inv", lambda T, x: T.linalg.inv(x), [(4, 4)]),
    Case("linalg_inv_nonsquare_error", lambda T, x: T.linalg.inv(x), [(3, 4)], grad=False),
    Case("pinverse_square", lambda T, x: T.pinverse(x), [(3, 3)]),
    Case("pinverse_wide", lambda T, x: x.pinverse(), [(2, 4)]),
    Case("pinverse_tall_batched", lambda T, x: T.pinverse(x), [(2, 4, 3)]),
    Case("pinverse_singular", lambda T, x: T.pinverse(x), [SINGULAR], grad=False),
    Case("linalg_pinv", lambda T, x: T.linalg.pinv(x), [(3, 2)]),
    Case("matrix_power_3", lambda T, x: T.matrix_power(x, 3), [(3, 3)]),
    Case("matrix_power_0", lambda T, x: T.matrix_power(x, 0), [(2, 3, 3)]),
    Case("matrix_power_1", lambda T, x: x.matrix_power(1), [(2, 2)]),
    Case("matrix_power_negative", lambda T, x: T.linalg.matrix_power(x, -2), [(2, 3, 3)]),
    Case("matrix_power_int", lambda T, x: T.matrix_power(x, 2), [INT], grad=False),
    Case("matrix_power_nonsquare_error", lambda T, x: T.matrix_power(x, 2), [(2, 3)], grad=False),
    # ------------------------------------------------------------ torch.linalg
    Case("linalg_solve", lambda T, a, b: T.linalg.solve(a, b), [(3, 3), (3, 2)]),
    Case("linalg_solve_vector", lambda T, a, b: T.linalg.solve(a, b), [(3, 3), (3,)]),
    Case("linalg_solve_batch_vector", lambda T, a, b: T.linalg.solve(a, b), [(2, 3, 3), (2, 3)]),
    Case("linalg_solve_broadcast", lambda T, a, b: T.linalg.solve(a, b), [(3, 3), (2, 3, 4)]),
    Case("linalg_solve_right", lambda T, a, b: T.linalg.solve(a, b, left=False), [(3, 3), (2, 3)]),
    Case(
        "linalg_solve_singular_error",
        lambda T, a, b: T.linalg.solve(a, b),
        [SINGULAR, (2,)],
        grad=False,
    ),
    Case(
        "linalg_solve_shape_error",
        lambda T, a, b: T.linalg.solve(a, b),
        [(3, 3), (2, 2)],
        grad=False,
    ),
    Case("linalg_cholesky", lambda T, x: T.linalg.cholesky(_spd(T, x)), [(3, 3)]),
    Case(
        "linalg_cholesky_upper", lambda T, x: T.linalg.cholesky(_spd(T, x), upper=True), [(2, 3, 3)]
    ),
    Case("linalg_cholesky_fixed", lambda T, x: T.linalg.cholesky(x), [SPD], grad=False),
    Case("linalg_cholesky_not_pd_error", lambda T, x: T.linalg.cholesky(x), [NOT_PD], grad=False),
    Case("vector_norm", lambda T, x: T.linalg.vector_norm(x), [(2, 3)]),
    Case(
        "vector_norm_ord_dim",
        lambda T, x: T.linalg.vector_norm(x, 3, dim=1, keepdim=True),
        [(2, 3)],
    ),
    Case(
        "vector_norm_inf", lambda T, x: T.linalg.vector_norm(x, float("inf"), dim=(0, 1)), [(2, 3)]
    ),
    Case(
        "vector_norm_zero_vector",
        lambda T, x: T.linalg.vector_norm(x, dim=1),
        [np.array([[0.0, 0.0], [3.0, 4.0]])],
    ),
    Case("vector_norm_ord0", lambda T, x: T.linalg.vector_norm(x, 0), [VEC0]),
    Case("vector_norm_int_error", lambda T, x: T.linalg.vector_norm(x), [INT], grad=False),
    Case(
        "vector_norm_dtype_error",
        lambda T, x: T.linalg.vector_norm(x, dtype=T.float64),
        [INT],
        grad=False,
    ),
    Case(
        "vector_norm_dtype",
        lambda T, x: T.linalg.vector_norm(x, dtype=T.float64),
        [F32],
        grad=False,
    ),
    Case("matrix_norm_fro", lambda T, x: T.linalg.matrix_norm(x), [(2, 3, 4)]),
    Case("matrix_norm_1", lambda T, x: T.linalg.matrix_norm(x, 1), [(2, 3, 4)]),
    Case(
        "matrix_norm_minus_inf_keepdim",
        lambda T, x: T.linalg.matrix_norm(x, -float("inf"), keepdim=True),
        [(2, 3, 4)],
    ),
    Case(
        "matrix_norm_dims",
        lambda T, x: T.linalg.matrix_norm(x, float("inf"), dim=(2, 0)),
        [(2, 3, 4)],
    ),
    Case("matrix_norm_1d_error", lambda T, x: T.linalg.matrix_norm(x), [(3,)], grad=False),
    Case("linalg_norm_flat", lambda T, x: T.linalg.norm(x), [(2, 3, 4)]),
    Case("linalg_norm_vector_dim", lambda T, x: T.linalg.norm(x, 1, dim=-1), [(2, 3)]),
    Case("linalg_norm_matrix", lambda T, x: T.linalg.norm(x, float("inf")), [(3, 4)]),
    Case("linalg_norm_matrix_dims", lambda T, x: T.linalg.norm(x, dim=(0, 1)), [(3, 4, 2)]),
    Case("linalg_norm_3d_ord_error", lambda T, x: T.linalg.norm(x, 2), [(2, 2, 2)], grad=False),
    # ------------------------------------------------------ factorisations
    Case("linalg_qr_tall", lambda T, x: T.linalg.qr(x), [(4, 3)]),
    Case("linalg_qr_wide", lambda T, x: T.linalg.qr(x), [(2, 4)]),
    Case("linalg_qr_batched_square", lambda T, x: T.linalg.qr(x), [(2, 3, 3)]),
    # PyTorch refuses to differentiate mode="r" (Q is not computed); graphgrad does
    Case("linalg_qr_r", lambda T, x: T.linalg.qr(x, mode="r"), [(4, 3)], grad=False),
    Case("linalg_qr_complete_wide", lambda T, x: T.linalg.qr(x, mode="complete"), [(2, 3)]),
    Case(
        "linalg_qr_complete_tall",
        lambda T, x: T.linalg.qr(x, mode="complete"),
        [(4, 2)],
        grad=False,
    ),
    Case("linalg_qr_fields", lambda T, x: T.linalg.qr(x).R, [(3, 2)]),
    Case("linalg_qr_int_error", lambda T, x: T.linalg.qr(x), [INT], grad=False),
    Case("qr_some", lambda T, x: T.qr(x), [(4, 3)]),
    Case("qr_complete", lambda T, x: T.qr(x, some=False), [(3, 3)]),
    Case("linalg_eigh", _eigh, [(3, 3)]),
    Case("linalg_eigh_batched", _eigh, [(2, 4, 4)]),
    Case("linalg_eigh_upper", lambda T, x: T.linalg.eigh(x, UPLO="U").eigenvalues, [(3, 3)]),
    Case("linalg_eigh_fixed", lambda T, x: T.linalg.eigh(x).eigenvalues, [SPD], grad=False),
    Case("linalg_eigvalsh", lambda T, x: T.linalg.eigvalsh(x + x.mT), [(2, 3, 3)]),
    Case("linalg_eigh_nonsquare_error", lambda T, x: T.linalg.eigh(x), [(2, 3)], grad=False),
    Case("linalg_svd_reduced_tall", lambda T, x: _svd(T, x), [(4, 3)]),
    Case("linalg_svd_reduced_wide", lambda T, x: _svd(T, x), [(2, 3, 5)]),
    Case("linalg_svd_full_tall", lambda T, x: _svd(T, x, True), [(4, 2)]),
    Case("linalg_svd_full_wide", lambda T, x: _svd(T, x, True), [(2, 3)]),
    Case("linalg_svd_square", lambda T, x: _svd(T, x), [(3, 3)]),
    Case(
        "linalg_svd_full_projectors",
        lambda T, x: (lambda u, s, vh: (u @ u.mT, s, vh.mT @ vh))(*T.linalg.svd(x)),
        [(4, 2)],
        grad=False,
    ),
    Case("linalg_svdvals", lambda T, x: T.linalg.svdvals(x), [(2, 3, 4)]),
    Case("linalg_svdvals_rank_deficient", lambda T, x: T.linalg.svdvals(x), [RANK2], grad=False),
    Case("svd_old", _svd_old, [(4, 3)]),
    Case("matrix_norm_2", lambda T, x: T.linalg.matrix_norm(x, 2), [(2, 3, 4)]),
    Case(
        "matrix_norm_minus_2",
        lambda T, x: T.linalg.matrix_norm(x, -2, dim=(0, 2), keepdim=True),
        [(3, 2, 4)],
    ),
    Case("matrix_norm_nuc", lambda T, x: T.linalg.matrix_norm(x, "nuc"), [(3, 4)]),
    Case("linalg_norm_nuc", lambda T, x: T.linalg.norm(x, "nuc"), [(3, 2)]),
    # ------------------------------------------------------- more edge values
    Case("combinations_r0", lambda T, x: T.combinations(x, 0), [(3,)], grad=False),
    Case("block_diag_none", lambda T: T.block_diag(), []),
    Case(
        "cartesian_prod_dtypes_error",
        lambda T, a, b: T.cartesian_prod(a, b),
        [np.arange(2), (2,)],
        grad=False,
    ),
    Case("meshgrid_none_error", lambda T: T.meshgrid(), []),
    Case("det_float16_error", lambda T, x: T.det(x), [np.eye(2, dtype=np.float16)], grad=False),
    Case("kron_empty", lambda T, a, b: T.kron(a, b), [np.zeros((0, 2)), (2, 2)]),
    Case(
        "diff_0d_prepend_error", lambda T, x: T.diff(x, prepend=T.tensor(1.0)), [(3,)], grad=False
    ),
    Case(
        "inner_0d_int",
        lambda T, a, b: T.inner(a, b),
        [np.array(2.0, np.float32), np.array(3)],
        grad=False,
    ),
    Case("matrix_power_empty", lambda T, x: T.matrix_power(x, 3), [EMPTY_BATCH]),
    Case(
        "tensordot_tensor_dims",
        lambda T, a, b: T.tensordot(a, b, dims=T.tensor(1)),
        [(2, 3), (3, 2)],
    ),
    Case("atleast_2d_list_one", lambda T, a: T.atleast_2d([a]), [np.array(1.0)]),
    Case(
        "cdist_float16_error",
        lambda T, a, b: T.cdist(a, b),
        [np.ones((2, 3), np.float16)] * 2,
        grad=False,
    ),
    Case("cdist_dtypes_error", lambda T, a, b: T.cdist(a, b), [F32, np.ones((2, 3))], grad=False),
    Case("trace_bool_error", lambda T, x: T.trace(x), [np.eye(2, dtype=bool)], grad=False),
    Case("diag_embed_0d_error", lambda T, x: T.diag_embed(x), [np.array(2.0)], grad=False),
    Case("dstack_0d", lambda T, a, b: T.dstack([a, b]), [np.array(1.0), np.array(2.0)]),
    Case(
        "vector_norm_empty_negative_error",
        lambda T, x: T.linalg.vector_norm(x, -1),
        [np.zeros(0)],
        grad=False,
    ),
    Case("vector_norm_empty", lambda T, x: T.linalg.vector_norm(x), [np.zeros((0, 2))]),
    Case(
        "linalg_norm_fro_one_dim_error",
        lambda T, x: T.linalg.norm(x, "fro", dim=1),
        [(2, 3)],
        grad=False,
    ),
    Case("rot90_dim_error", lambda T, x: T.rot90(x, 1, [0, 5]), [(2, 3)], grad=False),
    Case("tril_indices_negative_error", lambda T: T.tril_indices(-1, 3), []),
    Case(
        "linalg_solve_dtypes_error",
        lambda T, a, b: T.linalg.solve(a, b),
        [F32, np.ones(3)],
        grad=False,
    ),
    Case("diagonal_int", lambda T, x: T.diagonal(x, -1), [INT], grad=False),
    Case(
        "kron_bool",
        lambda T, a, b: T.kron(a, b),
        [np.eye(2, dtype=bool), np.array([True, False])],
        grad=False,
    ),
    Case("rot90_int", lambda T, x: T.rot90(x), [INT], grad=False),
    Case(
        "column_stack_int",
        lambda T, a, b: T.column_stack((a, b)),
        [INT, INT[:, 0].copy()],
        grad=False,
    ),
    # ------------------------------------------------------ more of torch.linalg
    Case("linalg_vecdot", lambda T, a, b: T.linalg.vecdot(a, b), [(2, 3), (3,)]),
    Case("linalg_vecdot_dim", lambda T, a, b: T.linalg.vecdot(a, b, dim=0), [(2, 3), (2, 1)]),
    Case("linalg_matmul", lambda T, a, b: T.linalg.matmul(a, b), [(2, 3), (3,)]),
    Case("linalg_diagonal", lambda T, a: T.linalg.diagonal(a, offset=1), [(2, 3, 4)]),
    Case(
        "linalg_multi_dot",
        lambda T, a, b, c: T.linalg.multi_dot([a, b, c]),
        [(2, 5), (5, 3), (3, 4)],
    ),
    Case(
        "linalg_multi_dot_vectors",
        lambda T, a, b, c, d: T.linalg.multi_dot((a, b, c, d)),
        [(3,), (3, 4), (4, 2), (2,)],
    ),
    Case("linalg_multi_dot_one_error", lambda T, a: T.linalg.multi_dot([a]), [(2, 2)], grad=False),
    Case(
        "linalg_multi_dot_3d_error",
        lambda T, a, b: T.linalg.multi_dot([a, b]),
        [(2, 2), (2, 2, 2)],
        grad=False,
    ),
    Case("matrix_rank", lambda T, x: T.linalg.matrix_rank(x), [RANK2], grad=False),
    Case(
        "matrix_rank_batched",
        lambda T, x: T.linalg.matrix_rank(x),
        [np.stack([SINGULAR, DIAG_ZERO, NEAR, np.eye(2)])],
        grad=False,
    ),
    Case(
        "matrix_rank_tolerances",
        lambda T, x: T.linalg.matrix_rank(x, atol=1.0, rtol=0.1),
        [(3, 4, 5)],
        grad=False,
    ),
    Case("matrix_rank_wide_f32", lambda T, x: T.linalg.matrix_rank(x), [F32[:2]], grad=False),
    Case("cdist_large", lambda T, a, b: T.cdist(a, b), [(30, 3), (2, 27, 3)]),
    Case(
        "cdist_large_f32",
        lambda T, a, b: T.cdist(a.float(), b.float()),
        [(26, 4), (3, 4)],
        grad=False,
    ),
    # --------------------------------------------- non-finite and empty matrices
    Case("slogdet_nan", lambda T, x: T.linalg.slogdet(x), [NAN_IN], grad=False),
    Case("slogdet_empty_batch", lambda T, x: T.linalg.slogdet(x), [EMPTY_BATCH]),
    Case("svdvals_nan_error", lambda T, x: T.linalg.svdvals(x), [NAN_IN], grad=False),
    Case("pinv_nan_error", lambda T, x: T.linalg.pinv(x), [NAN_IN], grad=False),
    Case("matrix_rank_nan_error", lambda T, x: T.linalg.matrix_rank(x), [NAN_IN], grad=False),
    Case("eigh_nan", lambda T, x: T.linalg.eigvalsh(x), [NAN_IN], grad=False),
    Case("matrix_norm_2_empty", lambda T, x: T.linalg.matrix_norm(x, 2), [EMPTY_BATCH[:, :0]]),
    Case("matrix_norm_nuc_empty", lambda T, x: T.linalg.matrix_norm(x, "nuc"), [np.zeros((3, 0))]),
    Case(
        "matrix_norm_1_empty",
        lambda T, x: T.linalg.matrix_norm(x, 1, keepdim=True),
        [np.zeros((0, 3))],
    ),
    Case(
        "matrix_rank_empty", lambda T, x: T.linalg.matrix_rank(x), [EMPTY_BATCH[:, :0]], grad=False
    ),
    Case("inverse_nan", lambda T, x: T.linalg.inv(x), [NAN_IN], grad=False),
    Case(
        "solve_empty_batch", lambda T, a, b: T.linalg.solve(a, b), [EMPTY_BATCH, np.zeros((0, 3))]
    ),
    # ------------------------------------------------ out=, tolerances, hermitian
    Case(
        "addmm_out",
        lambda T, i, a, b: T.addmm(i, a, b, out=T.zeros(2, 2, dtype=i.dtype)),
        [(2, 2), (2, 3), (3, 2)],
        grad=False,
    ),
    Case(
        "kron_out",
        lambda T, a, b: T.kron(a, b, out=T.empty(0, dtype=a.dtype)),
        [(2,), (3,)],
        grad=False,
    ),
    Case(
        "slogdet_out",
        lambda T, x: T.linalg.slogdet(
            x, out=(T.empty(0, dtype=x.dtype), T.empty(0, dtype=x.dtype))
        ),
        [(3, 3)],
        grad=False,
    ),
    Case("linalg_norm_input_keyword", lambda T, x: T.linalg.norm(input=x, ord=1, dim=0), [(3, 2)]),
    Case("pinv_atol", lambda T, x: T.linalg.pinv(x, atol=1.0), [np.diag([3.0, 0.5, 2.0])]),
    Case("pinv_atol_rtol_batched", lambda T, x: T.linalg.pinv(x, atol=0.5, rtol=0.3), [(2, 3, 4)]),
    Case(
        "pinv_hermitian",
        lambda T, x: T.linalg.pinv(x + 4 * T.eye(3, dtype=x.dtype), hermitian=True),
        [(3, 3)],
    ),
    Case(
        "matrix_rank_hermitian",
        lambda T, x: T.linalg.matrix_rank(x, hermitian=True),
        [RANK2],
        grad=False,
    ),
    Case(
        "matrix_rank_atol_only", lambda T, x: T.linalg.matrix_rank(x, atol=1e-3), [NEAR], grad=False
    ),
    Case("pinverse_rcond", lambda T, x: T.pinverse(x, rcond=0.3), [np.diag([3.0, 0.5, 2.0])]),
    Case(
        "solve_triangular_upper",
        lambda T, a, b: T.linalg.solve_triangular(a + 3 * T.eye(3, dtype=a.dtype), b, upper=True),
        [(3, 3), (3, 2)],
    ),
    Case(
        "solve_triangular_lower_right",
        lambda T, a, b: T.linalg.solve_triangular(
            a + 3 * T.eye(3, dtype=a.dtype), b, upper=False, left=False
        ),
        [(2, 3, 3), (4, 3)],
    ),
    Case(
        "solve_triangular_unit",
        lambda T, a, b: T.linalg.solve_triangular(a, b, upper=False, unitriangular=True),
        [(3, 3), (3, 1)],
    ),
    Case(
        "solve_triangular_vector_error",
        lambda T, a, b: T.linalg.solve_triangular(a, b, upper=True),
        [(3, 3), (3,)],
        grad=False,
    ),
    Case("linalg_vander", lambda T, x: T.linalg.vander(x), [VEC0]),
    Case("linalg_vander_n_batched", lambda T, x: T.linalg.vander(x, N=3), [(2, 4)]),
    Case(
        "linalg_vander_int",
        lambda T, x: T.linalg.vander(x),
        [np.array([1, 2, 3], np.int32)],
        grad=False,
    ),
    Case("linalg_vander_n1_error", lambda T, x: T.linalg.vander(x, N=1), [(3,)], grad=False),
    Case("linalg_vander_0d_error", lambda T, x: T.linalg.vander(x), [np.array(1.0)], grad=False),
    Case("diagonal_view_writes", _diagonal_writes, [(2, 3, 3)], grad=False),
    Case("dstack_one", lambda T, a: T.dstack([a]), [(2, 3)]),
    Case("column_stack_one", lambda T, a: T.column_stack([a]), [(3,)]),
    Case("block_diag_one_vector", lambda T, a: T.block_diag(a), [(3,)]),
]
