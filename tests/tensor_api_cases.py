"""Cases of PyTorch's Tensor API, written once for both libraries (issue 13).

Each case is a function of the module (`T`: torch, or autograd) and the input tensors,
using only spellings both share. tools/make_tensor_api_fixtures.py runs them with
PyTorch and records the outputs, their dtypes and the inputs' gradients (of the sum of
every floating output times a fixed random array) in tests/data/tensor_api_pytorch.npz;
tests/test_tensor_api_pytorch.py runs them with graphgrad and compares. This module
needs only numpy (the tool imports it under torch's Python).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

import numpy as np


@dataclass
class Case:
    """fn(T, *tensors) -> a tensor, a number, or a tuple/list of them."""

    name: str
    fn: object
    inputs: list = field(default_factory=list)  # arrays, or shapes (random normal)
    grad: bool = True  # the inputs' gradients are recorded
    requires_grad: bool | None = None  # floating inputs require grad (default: grad)

    @property
    def needs_grad(self) -> bool:
        return self.grad if self.requires_grad is None else self.requires_grad


def array(spec, name: str, i: int) -> np.ndarray:
    """An input: the array itself, or a float64 standard normal one of shape spec."""
    if isinstance(spec, tuple):
        rng = np.random.default_rng(zlib.crc32(f"{name}.{i}".encode()))
        return rng.standard_normal(spec)
    return np.asarray(spec)


def upstream(name: str, k: int, shape: tuple) -> np.ndarray:
    """The fixed random gradient for output k of a case."""
    rng = np.random.default_rng(zlib.crc32(f"{name}.out{k}".encode()))
    return rng.standard_normal(shape)


TIES = [[1.0, 5.0, 5.0], [2.0, 2.0, 1.0]]
ZEROS = [[0.5, 0.0, 2.0, 3.0], [0.0, 1.5, 0.0, 2.0], [1.0, 2.0, 3.0, 4.0]]
EDGES = [-1.0, -0.5, 0.0, 0.5, 1.0]
INT = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.int64)
F32 = np.array([[0.5, -1.5, 2.0], [3.0, 0.25, -2.0]], dtype=np.float32)
MASK = np.array([[True, False, True], [False, False, True]])


def _inplace_chain(T, x, b):
    y = x * 2
    y += b
    y *= b
    y -= 1
    y /= 2
    y **= 2
    return y


def _inplace_methods(T, x, b):
    y = x + 0
    y.add_(b, alpha=0.5).mul_(3).sub_(b).clamp_(-2.0, 5.0)
    return y


def _buffer_rows(T, h):
    buf = T.zeros(3, 2, dtype=h.dtype)
    for i in range(3):
        buf[i] = h[i] * (i + 1)
    return buf


def _setitem_graph(T, x, v):
    y = x * 1
    y[:, 1] = v
    y[0, 0] = 5.0
    return y


def _masked_fill_inplace(T, x):
    y = x * 1
    y.masked_fill_(T.tensor([[True, False, False], [False, True, False]]), 0.0)
    return y


def _hook_case(T, x):
    y = x * 3
    y.register_hook(lambda g: g * 2)
    y.retain_grad()
    z = (y * y).sum()
    z.backward()
    return x.grad, y.grad


def _leaf_hook_in_grad(T, x):
    x.register_hook(lambda g: g * 100)
    return T.autograd.grad((x * 2).sum(), x)[0]


def _retain_after_hook(T, x):
    y = x * 3
    y.retain_grad()
    y.register_hook(lambda g: g * 10)
    (y * 1).sum().backward()
    return y.grad, x.grad


def _removed_hook(T, x):
    y = x * 3
    h = y.register_hook(lambda g: g * 2)
    h.remove()
    (y * y).sum().backward()
    return x.grad


def _post_accumulate(T, x):
    seen = []
    x.register_post_accumulate_grad_hook(lambda t: seen.append(t.grad.clone()))
    (x * 2).sum().backward()
    return seen[0]


def _out_matmul(T, a, b):
    out = T.zeros(2, 2, dtype=a.dtype)
    with T.no_grad():
        T.matmul(a, b, out=out)
    return out


CASES = [
    # ------------------------------------------------------- transpose, permute, t
    Case("transpose_2d", lambda T, x: x.transpose(0, 1), [(2, 3)]),
    Case("transpose_last_two", lambda T, x: x.transpose(-2, -1), [(2, 3, 4)]),
    Case("transpose_fn", lambda T, x: T.transpose(x, 0, 2), [(2, 3, 4)]),
    Case("T_2d", lambda T, x: x.T, [(2, 3)]),
    Case("t", lambda T, x: x.t(), [(2, 3)]),
    Case("t_1d", lambda T, x: x.t(), [(3,)]),
    Case("mT", lambda T, x: x.mT, [(2, 3, 4)]),
    Case("permute", lambda T, x: x.permute(2, 0, 1), [(2, 3, 4)]),
    Case("permute_fn", lambda T, x: T.permute(x, (1, 2, 0)), [(2, 3, 4)]),
    Case("movedim", lambda T, x: x.movedim(0, -1), [(2, 3, 4)]),
    # ------------------------------------------------------------- sizes, views
    Case(
        "size",
        lambda T, x: (tuple(x.size()), x.size(1), x.size(-1), x.numel(), x.dim()),
        [(2, 3, 4)],
    ),
    Case("nelement_0d", lambda T, x: (x.nelement(), x.dim(), tuple(x.size())), [()]),
    Case("view", lambda T, x: x.view(-1, 4), [(2, 3, 4)]),
    Case("view_as", lambda T, x, y: x.view_as(y), [(2, 6), (3, 4)]),
    Case("contiguous_narrow", lambda T, x: x.t().contiguous().narrow(0, 1, 2), [(3, 4)]),
    Case("unflatten", lambda T, x: x.unflatten(1, (2, 3)), [(2, 6)]),
    Case("expand_as", lambda T, x, y: x.expand_as(y), [(3, 1), (2, 3, 4)]),
    Case("expand_minus_one", lambda T, x: x.expand(2, -1, 4), [(3, 1)]),
    Case("squeeze_dim_not_one", lambda T, x: x.squeeze(0), [(2, 1)]),
    Case("squeeze_unsqueeze", lambda T, x: x.squeeze(1).unsqueeze(-1), [(2, 1, 3)]),
    Case("flatten_fn", lambda T, x: T.flatten(x, 1), [(2, 3, 4)]),
    # -------------------------------------------------------------- var and std
    Case("var", lambda T, x: x.var(), [(3, 4)]),
    Case("std", lambda T, x: x.std(), [(3, 4)]),
    Case("var_dim_keepdim", lambda T, x: x.var(0, keepdim=True), [(3, 4)]),
    Case("std_correction_0", lambda T, x: x.std(1, correction=0), [(3, 4)]),
    Case("var_unbiased_false", lambda T, x: x.var(unbiased=False), [(3, 4)]),
    Case("var_correction_2", lambda T, x: x.var(1, correction=2), [(3, 4)]),
    Case("std_constant", lambda T, x: x.std(), [[2.0, 2.0, 2.0]]),
    Case("std_constant_rows", lambda T, x: x.std(1), [[[1.0, 1.0], [0.0, 3.0]]]),
    Case("std_one_element", lambda T, x: x.std(), [[3.0]]),
    Case("var_one_element", lambda T, x: x.var(), [[3.0]]),
    Case("var_correction_n", lambda T, x: x.var(correction=2), [[3.0, 1.0]]),
    Case("var_mean", lambda T, x: T.var_mean(x, 1), [(3, 4)]),
    Case("std_mean", lambda T, x: T.std_mean(x, 0, keepdim=True), [(3, 4)]),
    Case("std_fn", lambda T, x: T.std(x, dim=1), [(3, 4)]),
    # ------------------------------------------------------------ max, min, arg
    Case("max_dim", lambda T, x: tuple(x.max(1)), [TIES]),
    Case("max_dim_fields", lambda T, x: (x.max(dim=1).values, x.max(dim=1).indices), [TIES]),
    Case("max_dim_keepdim", lambda T, x: tuple(x.max(0, keepdim=True)), [TIES]),
    Case("min_dim", lambda T, x: tuple(x.min(1)), [TIES]),
    Case("max_all_ties", lambda T, x: x.max(), [TIES]),
    Case("min_all", lambda T, x: x.min(), [TIES]),
    Case("amax_ties", lambda T, x: x.amax(1), [TIES]),
    Case("amin_dims", lambda T, x: x.amin((0, 1)), [TIES]),
    Case("max_other", lambda T, x, y: x.max(y), [TIES, [[5.0, 1.0, 5.0], [0.0, 2.0, 3.0]]]),
    Case("max_fn_dim", lambda T, x: tuple(T.max(x, 1)), [(3, 4)]),
    Case("argmax_dim", lambda T, x: (x.argmax(dim=1), T.argmax(x), x.argmin(0)), [TIES]),
    # --------------------------------------------------------- sort, topk, scans
    Case("sort", lambda T, x: tuple(x.sort()), [(3, 4)]),
    Case("sort_descending_ties", lambda T, x: tuple(x.sort(1, descending=True)), [TIES]),
    Case("sort_ties_stable", lambda T, x: tuple(x.sort(stable=True)), [TIES]),
    Case("argsort", lambda T, x: x.argsort(0, descending=True), [(3, 4)]),
    Case("topk", lambda T, x: tuple(x.topk(2)), [(3, 4)]),
    Case("topk_smallest", lambda T, x: tuple(T.topk(x, 2, dim=0, largest=False)), [(3, 4)]),
    Case("cumsum", lambda T, x: x.cumsum(1), [(3, 4)]),
    Case("cumsum_fn", lambda T, x: T.cumsum(x, dim=0), [(3, 4)]),
    Case("cumprod", lambda T, x: x.cumprod(1), [(3, 4)]),
    Case("cumprod_zeros", lambda T, x: x.cumprod(1), [ZEROS]),
    Case("prod", lambda T, x: x.prod(), [(3, 4)]),
    Case("prod_dim_zeros", lambda T, x: x.prod(1), [ZEROS]),
    Case("prod_two_zeros", lambda T, x: x.prod(), [[1.0, 0.0, 2.0, 0.0]]),
    Case("prod_fn", lambda T, x: T.prod(x, 0, keepdim=True), [(3, 4)]),
    # -------------------------------------------------------------------- norm
    Case("norm", lambda T, x: x.norm(), [(3, 4)]),
    Case("norm_p1_dim", lambda T, x: x.norm(1, dim=1), [(3, 4)]),
    Case("norm_p3", lambda T, x: x.norm(3), [(3, 4)]),
    Case("norm_inf", lambda T, x: x.norm(float("inf"), dim=0), [(3, 4)]),
    Case("norm_zero_vector", lambda T, x: x.norm(), [[0.0, 0.0, 0.0]]),
    Case("norm_fn_keepdim", lambda T, x: T.norm(x, dim=1, keepdim=True), [(3, 4)]),
    # ---------------------------------------------------------------- elementwise
    Case("clamp_edges", lambda T, x: x.clamp(-0.5, 0.5), [EDGES]),
    Case("clamp_min_max", lambda T, x: x.clamp_min(0.0) + x.clamp_max(0.5), [EDGES]),
    Case("clamp_fn", lambda T, x: T.clamp(x, min=-0.5), [EDGES]),
    Case("masked_fill", lambda T, x: x.masked_fill(T.tensor(MASK), -1.0), [(2, 3)]),
    Case(
        "masked_fill_inf_softmax",
        lambda T, x: x.masked_fill(T.tensor(MASK), float("-inf")).softmax(-1),
        [(2, 3)],
    ),
    Case("add_alpha", lambda T, x, y: (x.add(y, alpha=2), T.sub(x, y, alpha=0.5)), [(2, 3), (3,)]),
    Case("mul_div_pow_methods", lambda T, x, y: x.mul(y).div(y.exp()).pow(2), [(2, 3), (2, 3)]),
    Case(
        "matmul_mm_bmm",
        lambda T, a, b, c: (a.matmul(b), T.mm(a, b), T.bmm(c, c.transpose(1, 2))),
        [(2, 3), (3, 2), (2, 2, 3)],
    ),
    Case(
        "log_family",
        lambda T, x: (x.log10(), x.log2(), x.log1p(), T.log10(x)),
        [[0.001, 0.5, 2.0, 30.0]],
    ),
    Case(
        "expm1_rsqrt_square",
        lambda T, x: (x.expm1(), x.rsqrt(), x.square(), x.reciprocal(), x.neg()),
        [[1e-8, 0.5, 2.0, 3.0]],
    ),
    Case(
        "step_functions",
        lambda T, x: (x.sign(), x.floor(), x.ceil(), x.round(), x.trunc(), x.frac()),
        [[-2.5, -1.5, -0.3, 0.0, 0.5, 1.5, 2.7]],
    ),
    Case(
        "tests",
        lambda T, x: (x.isnan(), x.isinf(), x.isfinite()),
        [[1.0, float("nan"), float("inf"), -float("inf")]],
        grad=False,
    ),
    Case(
        "comparisons",
        lambda T, x, y: (x.eq(y), x.ne(y), x.lt(y), x.le(y), x.gt(y), x.ge(y), T.eq(x, y)),
        [[1.0, 2.0, 3.0], [1.0, 3.0, 2.0]],
        grad=False,
    ),
    Case(
        "all_any",
        lambda T, x: (x.all(), x.any(), (x > 0).all(1), T.any(x > 1, 0)),
        [[[1.0, 0.0], [2.0, 3.0]]],
        grad=False,
    ),
    Case(
        "allclose_equal",
        lambda T, x, y: (
            x.allclose(y),
            T.allclose(x, y + 1e-9),
            x.isclose(y),
            x.equal(x),
            T.equal(x, y),
        ),
        [[1.0, 2.0], [1.0, 2.5]],
        grad=False,
    ),
    Case(
        "unary_functions",
        lambda T, x: (T.tanh(x), T.exp(x), T.sin(x), T.cos(x), T.sigmoid(x), T.relu(x), T.abs(x)),
        [(2, 3)],
    ),
    Case("sqrt_log_fn", lambda T, x: (T.sqrt(x), T.log(x)), [[0.5, 2.0, 3.0]]),
    Case("pow_fn", lambda T, x: (T.pow(x, 2), T.pow(2.0, x), T.pow(x, x)), [[0.5, 2.0, 3.0]]),
    # -------------------------------------------------------------- pieces, joins
    Case("split", lambda T, x: x.split(2, 1), [(2, 5)]),
    Case("split_sizes", lambda T, x: T.split(x, [1, 3, 1], dim=1), [(2, 5)]),
    Case("chunk", lambda T, x: x.chunk(3, 1), [(2, 5)]),
    Case("unbind", lambda T, x: x.unbind(1), [(2, 3)]),
    Case(
        "cat_stack",
        lambda T, x, y: (T.cat([x, y], dim=1), T.stack([x, y], dim=1), T.cat((x, y))),
        [(2, 3), (2, 3)],
    ),
    Case("repeat", lambda T, x: x.repeat(2, 1, 3), [(2, 3)]),
    Case("tile", lambda T, x: x.tile((2,)), [(2, 3)]),
    Case(
        "repeat_interleave",
        lambda T, x: (x.repeat_interleave(2, dim=1), x.repeat_interleave(2)),
        [(2, 3)],
    ),
    Case(
        "flip_roll",
        lambda T, x: (x.flip(0), x.flip(0, 1), x.roll(1, 1), x.roll(2), T.roll(x, (1, -1), (0, 1))),
        [(3, 4)],
    ),
    Case("gather", lambda T, x: x.gather(1, T.tensor([[0, 0], [2, 1]])), [(2, 3)]),
    Case("scatter", lambda T, x, s: x.scatter(0, T.tensor([[1, 0, 2]]), s), [(3, 3), (1, 3)]),
    Case("scatter_value", lambda T, x: x.scatter(1, T.tensor([[0], [2]]), 7.0), [(2, 3)]),
    Case(
        "scatter_add",
        lambda T, x, s: x.scatter_add(1, T.tensor([[0, 0], [2, 1]]), s),
        [(2, 3), (2, 2)],
    ),
    Case("index_select", lambda T, x: x.index_select(1, T.tensor([2, 0, 2])), [(2, 3)]),
    Case("tril_triu", lambda T, x: (x.tril(), x.triu(1), T.tril(x, -1), T.triu(x)), [(3, 4)]),
    Case("tril_of_ones", lambda T: T.tril(T.ones(3, 3)), []),
    Case("where", lambda T, x, y: (T.where(x > 0, x, y), T.where(x > 0, x, 0.0)), [(2, 3), (2, 3)]),
    Case(
        "where_method", lambda T, x, y: (x.where(x > 0, y), x.where(y > 0, 1.5)), [(2, 3), (2, 3)]
    ),
    Case(
        "floordiv_rmod",  # no gradient in PyTorch (floor_divide; remainder of a number)
        lambda T, x, y: (x // y, 7.0 // y, x // 0.5, x // -0.75, 5.0 % y),
        [(2, 3), (2, 3)],
        grad=False,
    ),
    Case(
        "mod",
        lambda T, x, y: (x % y, x.remainder(y), x % -0.75),
        [(2, 3), (2, 3)],
    ),
    Case(
        "floordiv_mod_int",
        lambda T, a, b: (a // b, a % b, -7 // b, a.remainder(-4)),
        [np.array([[7, -7, 9], [-9, 0, 13]]), np.array([[2, 3, -4], [5, -2, 6]])],
    ),
    Case(
        "index_put_duplicates",
        lambda T, x, v: x.index_put((T.tensor([0, 2, 0]),), v),
        [(3, 2), (3, 2)],
    ),
    Case("einsum_matmul", lambda T, a, b: T.einsum("ij,jk->ik", a, b), [(2, 3), (3, 4)]),
    Case("einsum_batch", lambda T, a, b: T.einsum("bij,bjk->bik", a, b), [(2, 2, 3), (2, 3, 4)]),
    Case("einsum_trace_diag", lambda T, a: (T.einsum("ii", a), T.einsum("ii->i", a)), [(3, 3)]),
    Case("einsum_outer_implicit", lambda T, a, b: T.einsum("i,j", a, b), [(2,), (3,)]),
    Case(
        "einsum_ellipsis", lambda T, a, b: T.einsum("...ij,...jk->...ik", a, b), [(2, 2, 3), (3, 2)]
    ),
    Case("einsum_list", lambda T, a, b, c: T.einsum("i,ij,j->", [a, b, c]), [(2,), (2, 3), (3,)]),
    # ------------------------------------------------------- numbers, formatting
    Case(
        "item_tolist",
        lambda T, x: (x.sum().item(), x.tolist()),
        [[[1.0, 2.0], [3.0, 4.0]]],
        grad=False,
    ),
    Case(
        "histc",
        lambda T, x: T.histc(x, bins=4, min=-1, max=1),
        [[-1.0, -0.5, 0.0, 0.2, 0.5, 1.0, 2.0]],
        grad=False,
    ),
    Case("histc_data_range", lambda T, x: T.histc(x, bins=5), [(50,)], grad=False),
    Case("histogram", lambda T, x: tuple(T.histogram(x, bins=4)), [(50,)], grad=False),
    Case(
        "histogram_density_range",
        lambda T, x: tuple(T.histogram(x, bins=5, range=(-1.0, 1.0), density=True)),
        [(50,)],
        grad=False,
    ),
    Case(
        "histogram_constant",
        lambda T, x: tuple(T.histogram(x, bins=4)),
        [[2.0, 2.0, 2.0]],
        grad=False,
    ),
    Case(
        "one_hot",
        lambda T: (
            T.nn.functional.one_hot(T.tensor([0, 2, 1])),
            T.nn.functional.one_hot(T.tensor([[1], [0]]), 4),
        ),
        [],
    ),
    # -------------------------------------------------------------- type promotion
    Case(
        "promote_float32_int64",
        lambda T, x, i: (x * i, x + i, i - x, x ** i[:1, :1]),
        [F32, INT],
        grad=False,
    ),
    Case(
        "promote_zero_dim",
        lambda T, x, s: (x * s, s * x, x + s.double()),
        [F32, np.float64(2.5)],
        grad=False,
    ),
    Case("promote_int_division", lambda T, i: (i / i, i / 2, i // 2), [INT], grad=False),
    Case(
        "promote_int_python_float",
        lambda T, i: (i + 0.5, i * 2, i.float().mean()),
        [INT],
        grad=False,
    ),
    Case(
        "promote_pow_int_tensor",
        lambda T, x, p: x.unsqueeze(-1).pow(p),
        [np.array([0.5, 2.0], np.float32), np.array([1, 2, 3])],
        grad=False,
    ),
    Case(
        "promote_cat_where_maximum",
        lambda T, x, i: (T.cat([x, i]), T.where(x > 0, x, i), T.maximum(x, i)),
        [F32, INT],
        grad=False,
    ),
    Case(
        "int_float_functions",
        lambda T, i: (i.exp(), i.sqrt(), i.sigmoid(), T.tanh(i)),
        [INT],
        grad=False,
    ),
    # ------------------------------------------------------- in place, recorded
    Case("inplace_operators_graph", _inplace_chain, [(2, 3), (2, 3)]),
    Case("inplace_methods_graph", _inplace_methods, [(2, 3), (2, 3)]),
    Case("setitem_buffer_rows", _buffer_rows, [(3, 2)]),
    Case("setitem_graph", _setitem_graph, [(2, 3), (2,)]),
    Case("masked_fill_inplace_graph", _masked_fill_inplace, [(2, 3)]),
    Case("out_matmul", _out_matmul, [(2, 3), (3, 2)], grad=False),
    # ------------------------------------------------------------ 0-d and empty
    Case(
        "zero_dim_scans_and_max",
        lambda T, x: (
            x.cumsum(0),
            x.cumprod(0),
            x.max(0).values,
            x.sort().values,
            x.norm(),
            x.prod(),
        ),
        [()],
    ),
    Case("empty_reductions", lambda T, x: (x.var(), x.norm(), x.prod(), x.sum()), [(0,)]),
    Case(
        "empty_shapes",
        lambda T, x: (x.cumsum(0), x.tril(), x.flip(0), x.sort(1).values, x.topk(0, dim=1).values),
        [(0, 3)],
    ),
    Case("einsum_empty", lambda T, a, b: T.einsum("ij,jk->ik", a, b), [(2, 0), (0, 3)]),
    # -------------------------------------------------------------------- hooks
    Case("hook_and_retain_grad", _hook_case, [(2, 3)], grad=False, requires_grad=True),
    Case("leaf_hook_in_autograd_grad", _leaf_hook_in_grad, [(3,)], grad=False, requires_grad=True),
    Case("retain_grad_after_hook", _retain_after_hook, [(3,)], grad=False, requires_grad=True),
    Case("removed_hook", _removed_hook, [(3,)], grad=False, requires_grad=True),
    Case("post_accumulate_grad_hook", _post_accumulate, [(3,)], grad=False, requires_grad=True),
]
