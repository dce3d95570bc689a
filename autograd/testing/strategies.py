"""Hypothesis strategies for ops: tensors, broadcastable shapes, axes, indices, property tests.

Needs hypothesis (`pip install hypothesis`). `op_property_test` turns an op and
its numpy reference into a test that compares values and checks gradients
with `check_op`.
"""

from __future__ import annotations

from collections.abc import Callable

try:
    import hypothesis.extra.numpy as hnp
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError as e:  # pragma: no cover - exercised without hypothesis installed
    raise ImportError(
        "autograd.testing's strategies need hypothesis, which is not installed: "
        "pip install hypothesis"
    ) from e

import numpy as np

from ..tensor_class import Tensor
from . import config
from .checks import check_op

__all__ = ["axes", "broadcastable_shapes", "index_expressions", "op_property_test", "tensors"]


def _strategy(x) -> st.SearchStrategy:
    return x if isinstance(x, st.SearchStrategy) else st.just(x)


@st.composite
def tensors(
    draw,
    shape=None,
    dtype=np.float64,
    elements=None,
    requires_grad: bool = True,
    min_value: float = -10.0,
    max_value: float = 10.0,
) -> Tensor:
    """Tensors of `shape` (a tuple or a strategy of tuples; default up to 3-d) with finite values.

    elements: a strategy of values (default: floats in [min_value, max_value],
    no NaN or infinity). requires_grad applies to floating dtypes.
    """
    dtype = np.dtype(dtype)
    if shape is None:
        shape = hnp.array_shapes(min_dims=0, max_dims=3, max_side=4)
    if elements is None:
        if dtype.kind == "f":
            elements = st.floats(
                min_value,
                max_value,
                allow_nan=False,
                allow_infinity=False,
                width=dtype.itemsize * 8,
            )
        else:
            elements = st.integers(int(min_value), int(max_value))
    data = draw(hnp.arrays(dtype, _strategy(shape), elements=elements))
    return Tensor(data, requires_grad=requires_grad and dtype.kind == "f")


def broadcastable_shapes(
    n: int, min_dims: int = 0, max_dims: int = 4, min_side: int = 1, max_side: int = 5
) -> st.SearchStrategy:
    """(shapes, result_shape): n mutually broadcastable shapes and the shape they broadcast to."""
    return hnp.mutually_broadcastable_shapes(
        num_shapes=n, min_dims=min_dims, max_dims=max_dims, min_side=min_side, max_side=max_side
    ).map(lambda b: (tuple(b.input_shapes), tuple(b.result_shape)))


@st.composite
def axes(draw, ndim: int, keepdims: bool = False, allow_none: bool = True):
    """Reduction axes for ndim dimensions: None, an int or a tuple, possibly negative.

    With keepdims=True, draws (axis, keepdims) pairs instead.
    """
    options = ["tuple"] + (["int"] if ndim else []) + (["none"] if allow_none else [])
    kind = draw(st.sampled_from(options))
    if kind == "none":
        axis = None
    elif kind == "int":
        axis = draw(st.integers(-ndim, ndim - 1))
    else:
        chosen = (
            draw(st.lists(st.integers(0, ndim - 1), unique=True, max_size=ndim)) if ndim else []
        )
        axis = tuple(a - ndim if draw(st.booleans()) else a for a in chosen)
    if keepdims:
        return axis, draw(st.booleans())
    return axis


@st.composite
def index_expressions(draw, shape: tuple, basic: bool = True, advanced: bool = True):
    """Indices for an array of `shape`.

    Basic: ints, slices with steps (negative too), None and Ellipsis.
    Advanced: integer arrays (with repeats and negative entries) on one or two
    axes, possibly after slices, and boolean masks over leading dimensions.
    """
    shape = tuple(shape)
    kinds = (["basic"] if basic else []) + (["integer", "mask"] if advanced and shape else [])
    if not kinds:
        raise ValueError("index_expressions: nothing to draw (advanced indexing of a 0-d array)")
    kind = draw(st.sampled_from(kinds))
    if kind == "basic":
        return draw(hnp.basic_indices(shape, min_dims=0, allow_newaxis=True, allow_ellipsis=True))
    if kind == "mask":
        k = draw(st.integers(1, len(shape)))
        return draw(hnp.arrays(np.bool_, shape[:k], elements=st.booleans()))
    # integer arrays: on axis `start` (after `start` full slices), maybe also on the next axis
    sides = [n for n in shape]
    if not all(sides):
        return draw(hnp.basic_indices(shape, allow_newaxis=True, allow_ellipsis=True))
    start = draw(st.integers(0, len(shape) - 1))
    count = draw(st.integers(1, min(2, len(shape) - start)))
    idx_shape = draw(hnp.array_shapes(min_dims=1, max_dims=2, max_side=4))
    arrays = tuple(
        draw(hnp.arrays(np.intp, idx_shape, elements=st.integers(-sides[a], sides[a] - 1)))
        for a in range(start, start + count)
    )
    return (slice(None),) * start + arrays


def _is_broadcast_pair(drawn) -> bool:
    if len(drawn) != 2 or not isinstance(drawn[0], (tuple, list)) or not drawn[0]:
        return False
    if not all(isinstance(s, tuple) for s in drawn[0]) or not isinstance(drawn[1], tuple):
        return False
    return np.broadcast_shapes(*drawn[0]) == drawn[1]


def op_property_test(
    op: Callable,
    numpy_reference: Callable,
    shapes=None,
    kwargs=None,
    dtype=np.float64,
    elements=None,
    min_value: float = -5.0,
    max_value: float = 5.0,
    check_gradients: bool = True,
    max_grad_size: int = 48,
    atol: float = 1e-7,
    rtol: float = 1e-7,
    check_op_options: dict | None = None,
):
    """A hypothesis test that checks `op` against `numpy_reference`, and its gradients.

    op: called with Tensors (and keyword arguments); numpy_reference: the same
    with numpy arrays. shapes (default: two broadcastable shapes): a strategy
    of tuples of input shapes, or of (shapes, result_shape) pairs as
    `broadcastable_shapes` draws. kwargs: a
    dict, a strategy of dicts, or a callable taking the drawn shapes and
    returning a strategy of dicts (for axes that depend on the shapes).
    Values must match to atol/rtol; gradients are checked with `check_op`
    (options in check_op_options) when the inputs hold at most max_grad_size
    elements in total. Assign the result to a `test_...` name; the number of
    examples comes from the hypothesis profile, or from `--graphgrad-examples`.
    """
    options = dict(check_op_options or {})
    if shapes is None:
        shapes = broadcastable_shapes(2, max_dims=3, max_side=4)

    @st.composite
    def cases(draw):
        drawn = draw(_strategy(shapes))
        if _is_broadcast_pair(drawn):
            drawn = drawn[0]  # (shapes, result_shape) from broadcastable_shapes
        in_shapes = [tuple(s) for s in drawn]
        if callable(kwargs) and not isinstance(kwargs, st.SearchStrategy):
            kw = draw(kwargs(in_shapes))
        else:
            kw = draw(_strategy(kwargs if kwargs is not None else {}))
        xs = [draw(tensors(s, dtype, elements, True, min_value, max_value)) for s in in_shapes]
        return xs, kw

    @given(case=cases())
    def test(case):
        xs, kw = case
        got = op(*xs, **kw)
        want = numpy_reference(*[x.numpy().copy() for x in xs], **kw)
        got_arr = got.numpy() if isinstance(got, Tensor) else np.asarray(got)
        want = np.asarray(want)
        assert got_arr.shape == want.shape, f"shape {got_arr.shape}, numpy gives {want.shape}"
        np.testing.assert_allclose(got_arr, want, atol=atol, rtol=rtol)
        if check_gradients and sum(x.size for x in xs) <= max_grad_size:
            opts = {"seed": config.seed, **options}
            check_op(lambda *ts: op(*ts, **kw), *xs, **opts)

    name = getattr(op, "__name__", "op")
    test.__name__ = test.__qualname__ = f"test_{name}_matches_numpy"
    test._graphgrad_property_test = True
    return test
