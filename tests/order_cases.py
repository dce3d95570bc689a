"""Cases of PyTorch's order statistics, counting and index functions, written once for both
libraries (the `Case` of tests/tensor_api_cases.py: `fn(T, *tensors)`, `T` torch or
autograd).

tools/make_order_fixtures.py runs them with PyTorch and records the outputs, their dtypes
and the inputs' gradients in tests/data/order_pytorch.npz; tests/test_order_ops_pytorch.py
runs them with graphgrad and compares. Ties, NaN, -0.0, empty and 0-d inputs are here on
purpose. Where PyTorch's index at ties is implementation-defined (mode of slices longer
than 16, which its unstable sort decides) a case records the values and whether each
index points at an element equal to its value, not the index itself. Needs only numpy.
"""

from __future__ import annotations

import numpy as np
from tensor_api_cases import Case

NAN, INF = float("nan"), float("inf")
TIES = [[3.0, 1.0, 2.0, 1.0, 3.0, 2.0], [2.0, 0.0, 1.0, 0.0, 2.0, 1.0]]
RUNS = [2.0, 0.0, 1.0, 0.0, 2.0, 1.0, 2.0, 0.0, 1.0, 1.0]
WITH_NAN = [1.0, NAN, 3.0, NAN, 0.0]
SIGNED_ZEROS = [0.0, -0.0, 0.0, -0.0]
SMALL_TIES = [[1.0, 2.0, 2.0], [3.0, 3.0, 3.0], [0.0, -0.0, 0.0], [5.0, 4.0, 5.0]]
NAN_ROWS = [[3.0, NAN, 1.0], [1.0, 2.0, 2.0], [NAN, NAN, 0.0], [NAN, NAN, NAN]]
INT = np.array([[4, 1, 3, 1], [2, 2, 7, 0], [5, 5, 5, 9]], dtype=np.int64)
F32 = np.array([[0.5, -1.5, 2.0, 0.5], [3.0, 0.25, -2.0, 1.0]], dtype=np.float32)
EMPTY_ROWS = np.zeros((0, 3))
LONG = np.random.default_rng(7).integers(0, 3, (3, 40)).astype(np.float64)  # many ties
LONG_NAN = np.where(np.random.default_rng(8).random((3, 40)) < 0.3, np.nan, LONG)


def _mode_index_points_at_value(T, x):
    """mode along long slices with ties: the values, and whether each index is one of the
    elements equal to its value (which one PyTorch's unstable sort decides)."""
    res = x.mode(1)
    picked = x.gather(1, res.indices.unsqueeze(1)).squeeze(1)
    return res.values, picked == res.values


def _i(T, values):
    return T.tensor(np.asarray(values, dtype=np.int64))


CASES = [
    # ------------------------------------------------------------------ median
    Case("median_all", lambda T, x: x.median(), [(3, 4)]),
    Case("median_all_ties_share_grad", lambda T, x: T.median(x), [[3.0, 1.0, 2.0, 2.0, 3.0, 2.0]]),
    Case("median_all_nan", lambda T, x: x.median(), [[3.0, NAN, 2.0, NAN, 3.0, 2.0]]),
    Case("median_all_even_lower", lambda T, x: x.median(), [[4.0, 1.0, 3.0, 2.0]]),
    Case(
        "median_all_signed_zeros",
        lambda T, x, y, z: (x.median(), y.median(), z.nanmedian()),
        [[0.0, -0.0, 0.0], [-0.0, 0.0], [1.0, -0.0, NAN, 0.0, 2.0]],
    ),
    Case("median_all_empty", lambda T, x: x.median(), [np.zeros(0)]),
    Case("median_all_0d", lambda T, x: x.median(), [np.float64(2.5)]),
    Case("median_all_int", lambda T, x: T.median(x), [INT]),
    Case("median_all_float32", lambda T, x: x.median(), [F32]),
    Case("median_dim", lambda T, x: T.median(x, 1), [(3, 5)]),
    Case("median_dim_keepdim", lambda T, x: x.median(0, keepdim=True), [(4, 3)]),
    Case("median_dim_negative", lambda T, x: x.median(dim=-1), [(2, 3, 4)]),
    Case("median_dim_small_ties", lambda T, x: x.median(1), [SMALL_TIES]),
    Case("median_dim_nan", lambda T, x: x.median(1), [NAN_ROWS]),
    Case("median_dim_0d", lambda T, x: x.median(0), [np.float64(1.5)]),
    Case("median_dim_empty_rows", lambda T, x: x.median(1), [EMPTY_ROWS]),
    Case("median_dim_int", lambda T, x: x.median(1), [INT]),
    Case("median_dim_long_ties", lambda T, x: (x.median(1), x.nanmedian(0)), [LONG]),
    Case("median_dim_long_nan", lambda T, x: (x.median(1), x.nanmedian(1)), [LONG_NAN]),
    Case("nanmedian_all", lambda T, x: x.nanmedian(), [WITH_NAN]),
    Case("nanmedian_all_nan", lambda T, x: T.nanmedian(x), [[NAN, NAN]]),
    Case("nanmedian_all_no_nan", lambda T, x: x.nanmedian(), [(5,)]),
    Case("nanmedian_dim", lambda T, x: x.nanmedian(1), [NAN_ROWS]),
    Case("nanmedian_dim_keepdim", lambda T, x: T.nanmedian(x, 0, keepdim=True), [(3, 4)]),
    # ----------------------------------------------------------------- kthvalue
    Case("kthvalue", lambda T, x: x.kthvalue(2, 0), [(4, 5)]),
    Case("kthvalue_last_dim_keepdim", lambda T, x: T.kthvalue(x, 3, keepdim=True), [(2, 4)]),
    Case("kthvalue_k_is_n", lambda T, x: x.kthvalue(5), [(3, 5)]),
    Case("kthvalue_nan", lambda T, x: (x.kthvalue(4), x.kthvalue(5), x.kthvalue(3)), [WITH_NAN]),
    Case("kthvalue_small_ties", lambda T, x: x.kthvalue(2, 1), [SMALL_TIES]),
    Case("kthvalue_0d", lambda T, x: x.kthvalue(1), [np.float64(-1.0)]),
    Case("kthvalue_int", lambda T, x: x.kthvalue(2, 0), [INT]),
    Case(
        "kthvalue_long_ties",
        lambda T, x: (x.kthvalue(1, 1), x.kthvalue(17, 1), x.kthvalue(40, 1), x.kthvalue(2, 0)),
        [LONG],
    ),
    Case("kthvalue_long_nan", lambda T, x: (x.kthvalue(5, 1), x.kthvalue(38, 1)), [LONG_NAN]),
    Case("kthvalue_all_equal", lambda T, x: (x.kthvalue(3), x.kthvalue(9)), [np.ones(9)]),
    # --------------------------------------------------------------------- mode
    Case("mode_ties", lambda T, x: x.mode(), [TIES]),
    Case("mode_dim0_keepdim", lambda T, x: T.mode(x, 0, keepdim=True), [TIES]),
    Case("mode_runs", lambda T, x: x.mode(0), [RUNS]),
    Case("mode_signed_zeros", lambda T, x: x.mode(), [SIGNED_ZEROS]),
    Case("mode_int", lambda T, x: x.mode(1), [INT]),
    Case("mode_bool", lambda T, x: x.mode(), [np.array([True, False, True, False])]),
    Case("mode_0d", lambda T, x: x.mode(), [np.float64(3.0)]),
    Case("mode_distinct", lambda T, x: x.mode(1), [(3, 4)]),
    Case(
        "mode_long_ties",
        lambda T, x: _mode_index_points_at_value(T, x),
        [LONG],
        grad=False,
    ),
    # ------------------------------------------------------- cummax and cummin
    Case("cummax_runs", lambda T, x: x.cummax(0), [RUNS]),
    Case("cummin_runs", lambda T, x: T.cummin(x, 0), [RUNS]),
    Case("cummax_dims", lambda T, x: (x.cummax(0), x.cummax(-1)), [(3, 4)]),
    Case("cummin_dims", lambda T, x: (x.cummin(1), T.cummin(x, dim=0)), [(3, 4)]),
    Case("cummax_nan", lambda T, x: (x.cummax(0), x.cummin(0)), [WITH_NAN]),
    Case("cummax_signed_zeros", lambda T, x: (x.cummax(0), x.cummin(0)), [SIGNED_ZEROS]),
    Case("cummax_int", lambda T, x: (x.cummax(1), x.cummin(0)), [INT]),
    Case("cummax_bool", lambda T, x: x.cummax(0), [np.array([True, False, True])]),
    Case("cummax_0d", lambda T, x: (x.cummax(0), x.cummin(-1)), [np.float64(2.0)]),
    Case("cummax_empty", lambda T, x: (x.cummax(0), x.cummin(1)), [EMPTY_ROWS]),
    Case("cummax_float32", lambda T, x: x.cummax(1), [F32]),
    # ------------------------------------------------------------ logcumsumexp
    Case("logcumsumexp", lambda T, x: x.logcumsumexp(1), [(3, 4)]),
    Case("logcumsumexp_dim0", lambda T, x: T.logcumsumexp(x, 0), [(3, 4)]),
    Case(
        "logcumsumexp_wide_range",
        lambda T, x: x.logcumsumexp(0),
        [[-1000.0, 0.0, -1000.0, 700.0, 1.0]],
    ),
    Case("logcumsumexp_neg_inf", lambda T, x: x.logcumsumexp(0), [[-INF, -INF, 0.0, 1.0]]),
    Case("logcumsumexp_pos_inf", lambda T, x: x.logcumsumexp(0), [[1.0, INF, 2.0]], grad=False),
    Case("logcumsumexp_float32", lambda T, x: x.logcumsumexp(-1), [F32]),
    Case("logcumsumexp_float16", lambda T, x: x.logcumsumexp(1), [F32.astype(np.float16)]),
    Case(
        "order_float16",
        lambda T, x: (x.median(), x.kthvalue(2, 1), x.cummax(1)),
        [F32.astype(np.float16)],
    ),
    Case("logcumsumexp_0d", lambda T, x: x.logcumsumexp(0), [np.float64(0.5)]),
    Case("logcumsumexp_empty", lambda T, x: x.logcumsumexp(0), [EMPTY_ROWS]),
    # -------------------------------------------------------------------- msort
    Case("msort", lambda T, x: T.msort(x), [(4, 3)]),
    Case("msort_method_nan", lambda T, x: x.msort(), [[[2.0, NAN], [NAN, 1.0], [0.0, 0.5]]]),
    Case("msort_0d", lambda T, x: x.msort(), [np.float64(1.0)]),
    # ------------------------------------------------------------------- unique
    Case("unique_sorted", lambda T, x: T.unique(x), [[3.0, 1.0, 2.0, 1.0, 3.0]], grad=False),
    Case(
        "unique_inverse_counts",
        lambda T, x: T.unique(x, return_inverse=True, return_counts=True),
        [INT],
        grad=False,
    ),
    Case("unique_counts", lambda T, x: x.unique(return_counts=True), [RUNS], grad=False),
    Case("unique_inverse", lambda T, x: x.unique(return_inverse=True), [TIES], grad=False),
    Case("unique_unsorted", lambda T, x: x.unique(sorted=False), [[3, 1, 2, 1]], grad=False),
    Case(
        "unique_nan_and_zeros",
        lambda T, x: x.unique(return_counts=True),
        [[NAN, 0.0, -0.0, 1.0, NAN, 0.0]],
        grad=False,
    ),
    Case(
        "unique_dim0",
        lambda T, x: T.unique(x, return_inverse=True, return_counts=True, dim=0),
        [np.array([[1, 2], [1, 2], [0, 5], [1, 0]])],
        grad=False,
    ),
    Case(
        "unique_dim1",
        lambda T, x: x.unique(dim=1, return_inverse=True, return_counts=True),
        [np.array([[1, 2, 1], [3, 0, 3]])],
        grad=False,
    ),
    Case(
        "unique_dim_nan_rows", lambda T, x: x.unique(dim=0), [[[NAN, 1.0], [NAN, 1.0]]], grad=False
    ),
    Case(
        "unique_bool",
        lambda T, x: x.unique(return_counts=True),
        [np.array([True, False, True])],
        grad=False,
    ),
    Case(
        "unique_0d",
        lambda T, x: x.unique(return_inverse=True, return_counts=True),
        [np.float64(3.0)],
        grad=False,
    ),
    Case(
        "unique_empty",
        lambda T, x: x.unique(return_inverse=True, return_counts=True),
        [np.zeros(0)],
        grad=False,
    ),
    Case("unique_float32", lambda T, x: x.unique(), [F32], grad=False),
    Case(
        "unique_consecutive",
        lambda T, x: T.unique_consecutive(x, return_inverse=True, return_counts=True),
        [np.array([1, 1, 2, 2, 3, 1, 1, 2])],
        grad=False,
    ),
    Case(
        "unique_consecutive_dim0",
        lambda T, x: x.unique_consecutive(return_inverse=True, return_counts=True, dim=0),
        [np.array([[1, 1], [1, 1], [2, 3], [1, 1]])],
        grad=False,
    ),
    Case(
        "unique_consecutive_nan",
        lambda T, x: x.unique_consecutive(),
        [[NAN, NAN, 1.0, 1.0]],
        grad=False,
    ),
    Case(
        "unique_consecutive_2d_flat",
        lambda T, x: x.unique_consecutive(return_counts=True),
        [[[1.0, 1.0], [1.0, 2.0]]],
        grad=False,
    ),
    # ----------------------------------------------------------------- bincount
    Case("bincount", lambda T, x: T.bincount(x), [np.array([0, 2, 2, 5])]),
    Case("bincount_minlength", lambda T, x: x.bincount(minlength=8), [np.array([0, 2, 2, 5])]),
    Case(
        "bincount_empty",
        lambda T, x: (x.bincount(), x.bincount(minlength=3)),
        [np.zeros(0, np.int64)],
    ),
    Case("bincount_uint8", lambda T, x: x.bincount(), [np.array([1, 2, 2], np.uint8)]),
    Case(
        "bincount_weights",
        lambda T, x, w: (T.bincount(x, w), x.bincount(w.float()), x.bincount(w.long())),
        [np.array([0, 2, 2]), np.array([0.5, 1.0, 2.0])],
        grad=False,
    ),
    # --------------------------------------------------- bucketize, searchsorted
    Case(
        "bucketize",
        lambda T, x: (
            T.bucketize(x, _i(T, [1, 3, 5, 7, 9])),
            T.bucketize(x, _i(T, [1, 3, 5, 7, 9]), right=True),
        ),
        [np.array([[1, 5], [3, 9]])],
    ),
    Case(
        "bucketize_float_nan",
        lambda T, x: T.bucketize(x, T.tensor([1.0, 3.0, 5.0]), out_int32=True),
        [[1.0, NAN, 10.0, -INF, 3.0]],
        grad=False,
    ),
    Case("bucketize_scalar", lambda T: T.bucketize(3, _i(T, [1, 3, 5])), []),
    Case(
        "bucketize_mixed_dtypes",
        lambda T, x: (T.bucketize(x, T.tensor([1.5, 3.0, 5.0])), T.bucketize(x, _i(T, []))),
        [np.array([1, 5])],
    ),
    Case(
        "searchsorted_rows",
        lambda T, s, v: (
            T.searchsorted(s, v),
            T.searchsorted(s, v, right=True),
            T.searchsorted(s, v, side="right"),
        ),
        [np.array([[1, 3, 5, 7, 9], [2, 4, 6, 8, 10]]), np.array([[3, 6, 9], [3, 6, 9]])],
    ),
    Case(
        "searchsorted_1d",
        lambda T, s, v: (
            T.searchsorted(s, v),
            T.searchsorted(s, 3),
            T.searchsorted(s, v, out_int32=True),
        ),
        [np.array([1, 3, 5]), np.array([[3, 4], [0, 9]])],
    ),
    Case(
        "searchsorted_sorter",
        lambda T, s, v: T.searchsorted(s, v, sorter=_i(T, [1, 2, 0])),
        [np.array([5, 1, 3]), np.array([3, 4, 6])],
    ),
    Case(
        "searchsorted_nan",
        lambda T, s, v: (T.searchsorted(s, v), T.searchsorted(s, v, right=True)),
        [[1.0, NAN], [NAN, 0.0, 2.0]],
        grad=False,
    ),
    Case(
        "searchsorted_float",
        lambda T, s, v: T.searchsorted(s, v, side="left"),
        [[-1.0, 0.0, 0.0, 2.5], [-0.0, 0.0, 2.5, 3.0, -2.0]],
        grad=False,
    ),
    # ---------------------------------------------------------------- index_add
    Case(
        "index_add", lambda T, x, s: x.index_add(0, _i(T, [0, 2, 0]), s, alpha=2), [(3, 2), (3, 2)]
    ),
    Case("index_add_dim1", lambda T, x, s: T.index_add(x, 1, _i(T, [3, 1]), s), [(2, 4), (2, 2)]),
    Case(
        "index_add_0d",
        lambda T, x, s: x.index_add(0, _i(T, [0]), s),
        [np.float64(1.0), np.float64(2.0)],
    ),
    Case(
        "index_add_int_alpha",
        lambda T, x, s: x.index_add(0, _i(T, [1, 1]), s, alpha=2),
        [np.zeros(3, np.int64), np.array([2, 3])],
    ),
    Case(
        "index_add_float32",
        lambda T, x, s: x.index_add(0, _i(T, [1, 0]), s, alpha=-0.5),
        [F32, F32],
    ),
    Case(
        "index_add_inplace", lambda T, x, s: (x * 1).index_add_(0, _i(T, [2, 2]), s), [(3,), (2,)]
    ),
    Case(
        "index_add_empty_index",
        lambda T, x, s: x.index_add(0, _i(T, []), s),
        [(3, 2), np.zeros((0, 2))],
    ),
    # --------------------------------------------------------------------- take
    Case("take", lambda T, x: T.take(x, _i(T, [[0, 5], [-1, 5]])), [(2, 3)]),
    Case("take_0d_index", lambda T, x: x.take(_i(T, 4)), [(2, 3)]),
    Case("take_empty", lambda T, x: x.take(_i(T, [])), [np.zeros(0)]),
    Case("take_int", lambda T, x: x.take(_i(T, [2, 0])), [INT]),
    # ---------------------------------------------------------- histc, argwhere
    Case("histc_method", lambda T, x: x.histc(bins=4), [np.arange(4.0)], grad=False),
    Case("histc_range", lambda T, x: (x.histc(5, -1, 1), T.histc(x, bins=3)), [(20,)], grad=False),
    Case("argwhere", lambda T, x: T.argwhere(x), [np.array([[0, 1], [2, 0]])]),
    Case(
        "argwhere_nan_0d",
        lambda T, x, y: (x.argwhere(), T.argwhere(y)),
        [[NAN, 0.0, -0.0], np.float64(3.0)],
        grad=False,
    ),
    # ------------------------------------------------------------- tensor_split
    Case("tensor_split_sections", lambda T, x: T.tensor_split(x, 3), [(7,)]),
    Case("tensor_split_more_sections", lambda T, x: x.tensor_split(5), [(3,)]),
    Case("tensor_split_indices", lambda T, x: x.tensor_split((1, 5)), [(7, 2)]),
    Case(
        "tensor_split_indices_odd",
        lambda T, x: (x.tensor_split([5, 2]), x.tensor_split([1, 9]), x.tensor_split([-2])),
        [(7,)],
    ),
    Case("tensor_split_dim1", lambda T, x: T.tensor_split(x, 2, dim=1), [(2, 3)]),
    Case("tensor_split_tensor_sections", lambda T, x: x.tensor_split(_i(T, 3)), [(7,)]),
    Case("tensor_split_tensor_indices", lambda T, x: x.tensor_split(_i(T, [1, 5]), -1), [(2, 7)]),
    Case(
        "tensor_split_keywords",
        lambda T, x: (
            T.tensor_split(x, sections=3),
            x.tensor_split(indices=[1, 3]),
            T.tensor_split(x, tensor_indices_or_sections=_i(T, 2), dim=0),
        ),
        [(7,)],
    ),
    Case("tensor_split_no_indices", lambda T, x: x.tensor_split([]), [(4,)]),
]
