"""Cases of the window and adjoint views and the in-place view forms (autograd/tensor_views.py),
written once for both libraries (the `Case` of tests/tensor_api_cases.py: fn(T, *tensors), T
being torch or autograd).

tools/make_views_fixtures.py runs them with PyTorch and records the outputs, dtypes,
gradients and errors (type and message) in tests/data/views_pytorch.npz;
tests/test_views_pytorch.py runs them with graphgrad and compares. Needs only numpy.
"""

from __future__ import annotations

import numpy as np
from tensor_api_cases import Case

SEQ = np.arange(7.0)
M34 = np.arange(12.0).reshape(3, 4) / 3 - 1
B234 = np.arange(24.0).reshape(2, 3, 4) / 5 - 2


def _inplace_view(name: str, *args):
    """y = x * 1 (inside the graph), y.<name>_(*args), then y * 2: the view is recorded."""

    def fn(T, x):
        y = x * 1
        out = getattr(y, f"{name}_")(*args)
        assert out is y
        return y * 2

    return fn


CASES = [
    # ------------------------------------------------------------------- unfold
    Case("unfold_overlap", lambda T, x: x.unfold(0, 3, 2), [SEQ]),
    Case("unfold_step1", lambda T, x: x.unfold(1, 2, 1), [M34]),
    Case("unfold_gaps", lambda T, x: x.unfold(-1, 1, 3), [B234]),
    Case("unfold_dim0_3d", lambda T, x: x.unfold(0, 2, 1), [B234]),
    Case("unfold_middle", lambda T, x: x.unfold(1, 2, 2), [B234]),
    Case("unfold_whole", lambda T, x: x.unfold(1, 4, 5), [M34]),
    Case("unfold_size0", lambda T, x: x.unfold(0, 0, 1), [SEQ]),
    Case("unfold_0d", lambda T, x: x.unfold(0, 1, 1), [np.float64(2.5)]),
    Case("unfold_empty", lambda T, x: x.unfold(0, 0, 2), [np.zeros(0)]),
    Case("unfold_float32", lambda T, x: x.unfold(0, 2, 1), [M34.astype(np.float32)]),
    Case("unfold_int", lambda T, x: x.unfold(0, 2, 2), [np.arange(5)], grad=False),
    Case("unfold_keywords", lambda T, x: x.unfold(dimension=1, size=3, step=1), [M34]),
    Case("unfold_too_big", lambda T, x: x.unfold(0, 8, 1), [SEQ], grad=False),
    Case("unfold_step0", lambda T, x: x.unfold(0, 2, 0), [SEQ], grad=False),
    Case("unfold_0d_size2", lambda T, x: x.unfold(0, 2, 1), [np.float64(1.0)], grad=False),
    Case("unfold_twice", lambda T, x: x.unfold(1, 2, 1).unfold(0, 2, 1), [M34]),
    # -------------------------------------------------------------- sum_to_size
    Case("sum_to_size_lead", lambda T, x: x.sum_to_size(3, 4), [B234]),
    Case("sum_to_size_ones", lambda T, x: x.sum_to_size(1, 3, 1), [B234]),
    Case("sum_to_size_tuple", lambda T, x: x.sum_to_size((4,)), [B234]),
    Case("sum_to_size_keyword", lambda T, x: x.sum_to_size(size=(1, 4)), [M34]),
    Case("sum_to_size_same", lambda T, x: x.sum_to_size(3, 4), [M34]),
    Case("sum_to_size_bad", lambda T, x: x.sum_to_size(2, 4), [M34], grad=False),
    Case("sum_to_size_longer", lambda T, x: x.sum_to_size(1, 3, 4), [M34], grad=False),
    # ------------------------------------------------------------------ adjoints
    Case("H", lambda T, x: x.H, [M34]),
    Case("mH", lambda T, x: x.mH, [B234]),
    Case("adjoint", lambda T, x: (x.adjoint(), T.adjoint(x)), [B234]),
    Case("H_3d", lambda T, x: x.H, [B234], grad=False),
    Case("H_1d", lambda T, x: x.H, [SEQ], grad=False),
    Case("mH_1d", lambda T, x: x.mH, [SEQ], grad=False),
    Case("adjoint_1d", lambda T, x: x.adjoint(), [SEQ], grad=False),
    # ----------------------------------------------------------- fill_diagonal_
    Case("fill_diagonal", lambda T, x: (x * 1).fill_diagonal_(5.0), [M34]),
    Case("fill_diagonal_tall", lambda T, x: (x * 1).fill_diagonal_(-1.0), [np.ones((7, 3))]),
    Case("fill_diagonal_wrap", lambda T, x: (x * 1).fill_diagonal_(2, True), [np.ones((7, 3))]),
    Case("fill_diagonal_wide_wrap", lambda T, x: (x * 1).fill_diagonal_(2, wrap=True), [M34]),
    Case("fill_diagonal_cube", lambda T, x: (x * 1).fill_diagonal_(9), [np.zeros((3, 3, 3))]),
    Case("fill_diagonal_int", lambda T, x: x.fill_diagonal_(7), [np.zeros((2, 2), np.int64)]),
    Case("fill_diagonal_1d", lambda T, x: x.fill_diagonal_(1), [SEQ], grad=False),
    Case("fill_diagonal_uneven", lambda T, x: x.fill_diagonal_(1), [B234], grad=False),
    Case("fill_diagonal_leaf", lambda T, x: x.fill_diagonal_(1), [M34]),
    # ----------------------------------------------------- the in-place view forms
    Case("squeeze_", _inplace_view("squeeze"), [np.arange(3.0).reshape(1, 3, 1)]),
    Case("squeeze_dim", _inplace_view("squeeze", 0), [np.arange(3.0).reshape(1, 3, 1)]),
    Case("unsqueeze_", _inplace_view("unsqueeze", -1), [M34]),
    Case("transpose_", _inplace_view("transpose", 0, 2), [B234]),
    Case("t_", _inplace_view("t"), [M34]),
    Case("t_1d", _inplace_view("t"), [SEQ]),
    Case("t_3d", _inplace_view("t"), [B234], grad=False),
    Case("squeeze_leaf", lambda T, x: x.squeeze_(), [np.ones((1, 3))]),
    Case("t_leaf", lambda T, x: x.t_(), [M34]),
    Case("t_view_of_leaf", lambda T, x: x[0:2].t_(), [M34]),
    Case(
        "t_no_grad",
        lambda T, x: (lambda y: (y.t_(), y.t_().t_().unsqueeze_(0)))(x.detach()),
        [M34],
        grad=False,
    ),
]

# --------------------------------------------------------------------------- vmap
X34 = np.arange(12.0).reshape(3, 4) / 4 - 1
W4 = np.array([0.5, -1.0, 2.0, 0.25])
W43 = np.arange(12.0).reshape(4, 3) / 7 - 0.5

CASES += [
    Case("vmap_add", lambda T, x, y: T.vmap(T.add)(x, y), [X34, X34[::-1].copy()]),
    Case("vmap_in_dims", lambda T, x, w: T.vmap(T.mul, in_dims=(1, None))(x, w[:3]), [X34, W4]),
    Case(
        "vmap_out_dims",
        lambda T, x: T.vmap(lambda a: (a * 2, a.sum()), out_dims=(1, 0))(x),
        [X34],
    ),
    Case(
        "vmap_nested",
        lambda T, a, b: T.vmap(T.vmap(T.mul, in_dims=(0, None)), in_dims=(None, 0))(a, b),
        [W4[:3], W4],
    ),
    Case(
        "vmap_dict",
        lambda T, x, w: T.vmap(lambda d: d["a"] * d["b"], in_dims=({"a": 0, "b": None},))(
            {"a": x, "b": w}
        ),
        [X34, W4],
    ),
    Case(
        "vmap_matmul",
        lambda T, x, w: T.vmap(lambda r: (r @ w).tanh(), in_dims=-2, out_dims=-1)(x),
        [X34, W43],
    ),
    Case("vmap_kwargs", lambda T, x: T.vmap(T.sum)(x, dim=0, keepdim=True), [X34]),
    Case("vmap_sizes", lambda T, x, y: T.vmap(T.add)(x, y), [X34, W43], grad=False),
    Case("vmap_number", lambda T, x: T.vmap(T.add, in_dims=(0, 0))(x, 2), [X34], grad=False),
    Case("vmap_bad_dim", lambda T, x: T.vmap(T.sin, in_dims=2)(x), [X34], grad=False),
    Case("vmap_returns_int", lambda T, x: T.vmap(lambda a: 1)(x), [X34], grad=False),
    Case("vmap_chunk_size", lambda T, x: T.vmap(T.sin, chunk_size=0)(x), [X34], grad=False),
    Case("vmap_randomness", lambda T, x: T.vmap(T.sin, randomness="foo")(x), [X34], grad=False),
    Case("vmap_random_op", lambda T, x: T.vmap(lambda a: T.rand(2))(x), [X34], grad=False),
    Case("vmap_in_dims_none", lambda T, x: T.vmap(T.sin, in_dims=None)(x), [X34], grad=False),
    Case("vmap_out_dim_range", lambda T, x: T.vmap(T.sum, out_dims=1)(x), [X34], grad=False),
]
