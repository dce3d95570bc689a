"""Order statistics, counting and index functions against PyTorch's recorded answers.

The cases (tests/order_cases.py) are written once for both libraries; PyTorch's outputs,
dtypes and gradients were recorded by tools/make_order_fixtures.py into
tests/data/order_pytorch.npz (PyTorch is never a dependency). Each case must give the same
values (float64: to 1e-10; float32: 1e-6; float16: 4e-3; -0.0 and 0.0 told apart),
dtypes, shapes and gradients. Below them: PyTorch's errors for bad input, and the tie
rules stated in the docstrings.
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd
from autograd import Tensor

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import order_cases  # noqa: E402
from tensor_api_cases import array, upstream  # noqa: E402

FIXTURES = np.load(HERE / "data" / "order_pytorch.npz")


def _leaves(out) -> list:
    if isinstance(out, (tuple, list)):
        return [x for o in out for x in _leaves(o)]
    return [out]


def _close(got: np.ndarray, want: np.ndarray, what: str) -> None:
    if want.dtype.kind == "f":
        # float16: PyTorch rounds each step of a backward to float16, graphgrad computes
        # in float32 and rounds once; they differ by a few units in the last place
        tol = {np.float16: 4e-3, np.float32: 1e-6}.get(want.dtype.type, 1e-10)
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol, equal_nan=True, err_msg=what)
        zeros = (want == 0) & (got == 0)
        np.testing.assert_array_equal(np.signbit(got[zeros]), np.signbit(want[zeros]), what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


@pytest.mark.parametrize("case", order_cases.CASES, ids=[c.name for c in order_cases.CASES])
def test_case_matches_pytorch(case):
    arrays = [array(spec, case.name, i) for i, spec in enumerate(case.inputs)]
    xs = [Tensor(a.copy(), requires_grad=case.needs_grad and a.dtype.kind == "f") for a in arrays]
    assert f"{case.name}.error" not in FIXTURES.files, "PyTorch raised: not a value case"
    out = case.fn(autograd, *xs)
    parts = _leaves(out)
    n = sum(1 for k in FIXTURES.files if k.startswith(f"{case.name}.out"))
    assert len(parts) == n, f"{case.name}: {len(parts)} outputs, PyTorch's {n}"
    loss = None
    for k, part in enumerate(parts):
        want = FIXTURES[f"{case.name}.out{k}"]
        assert str(part.dtype) == str(FIXTURES[f"{case.name}.dtype{k}"]), f"output {k} dtype"
        assert part.shape == want.shape, f"output {k}: {part.shape} != {want.shape}"
        _close(np.asarray(part.numpy()), want, f"{case.name} output {k}")
        if case.grad and part.requires_grad:
            term = (part * Tensor(upstream(case.name, k, part.shape).astype(part.dtype))).sum()
            loss = term if loss is None else loss + term
    if loss is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            loss.backward()
    for i, x in enumerate(xs):
        key = f"{case.name}.grad{i}"
        if case.grad and key in FIXTURES.files:
            got = x.grad.numpy() if x.grad is not None else np.zeros(x.shape)
            _close(got, FIXTURES[key], f"{case.name} gradient of input {i}")


def test_every_case_was_recorded():
    recorded = {k.split(".")[0] for k in FIXTURES.files if "." in k}
    assert {c.name for c in order_cases.CASES} == recorded, "run tools/make_order_fixtures.py"


# ------------------------------------------------------------------ bad input
T = autograd.tensor
BAD = [
    (lambda: T([]).median(0), IndexError, r"median\(\): Expected reduction dim 0"),
    (lambda: T([True, False]).median(), TypeError, "median: not implemented for bool"),
    (lambda: T([1.0, 2.0]).kthvalue(3), RuntimeError, "k \\(3\\) out of range"),
    (lambda: T([1.0, 2.0]).kthvalue(0), RuntimeError, "out of range"),
    (lambda: T([1.0, 2.0]).kthvalue(1.5), TypeError, "k must be an int"),
    (lambda: autograd.zeros(0, 3).mode(0), IndexError, "mode"),
    (lambda: T([1.0]).median(2), IndexError, "dimension out of range"),
    (lambda: T([1, 2]).logcumsumexp(0), TypeError, "needs a floating tensor"),
    (lambda: T([0, -1]).bincount(), RuntimeError, "1-d non-negative integral"),
    (lambda: T([[0, 1]]).bincount(), RuntimeError, "1-d non-negative integral"),
    (lambda: T([0.0, 1.0]).bincount(), TypeError, "integer tensor"),
    (lambda: T([0, 1]).bincount(minlength=-1), RuntimeError, "minlength should be >= 0"),
    (lambda: T([0, 1]).bincount(T([1.0])), RuntimeError, "same length as input"),
    (lambda: autograd.bucketize(T([1]), T([[1, 3]])), RuntimeError, "must be 1 dimension"),
    (
        lambda: autograd.searchsorted(T([1, 2]), T([1]), side="left", right=True),
        RuntimeError,
        "side and right can't be set to opposites",
    ),
    (lambda: autograd.searchsorted(T([1, 2]), T([1]), side="x"), RuntimeError, "'left' or"),
    (
        lambda: autograd.searchsorted(T([[1, 2], [3, 4]]), T([[1, 2, 3]])),
        RuntimeError,
        "first N-1 dimensions",
    ),
    (
        lambda: autograd.searchsorted(T([5, 1, 3]), T([3]), sorter=T([1, 2])),
        RuntimeError,
        "boundary and sorter must have the same size",
    ),
    (
        lambda: autograd.zeros(3).index_add(0, T([0]), autograd.ones(1, dtype=autograd.float64)),
        RuntimeError,
        "must have the same dtype",
    ),
    (lambda: autograd.zeros(3).index_add(0, T([3]), autograd.ones(1)), IndexError, "index 3"),
    (lambda: autograd.zeros(3).index_add(0, T([-1]), autograd.ones(1)), IndexError, "index -1"),
    (lambda: autograd.zeros(3).index_add(0, T([0.0]), autograd.ones(1)), TypeError, "integers"),
    (lambda: autograd.zeros(3).index_add(0, T([0, 1]), autograd.ones(1)), RuntimeError, "shape"),
    (lambda: autograd.zeros(3, 2).index_add(0, T([[0]]), autograd.ones(1, 2)), IndexError, "1-d"),
    (lambda: autograd.arange(6.0).take(T([6])), IndexError, "index 6 on a tensor of 6"),
    (lambda: autograd.arange(6.0).take(T([-7])), IndexError, "index -7"),
    (lambda: autograd.arange(6.0).take(T([1.0])), TypeError, "integers"),
    (lambda: T([]).take(T([0])), IndexError, "empty tensor"),
    (lambda: autograd.arange(7).tensor_split(0), RuntimeError, "larger than 0"),
    (lambda: T(1.0).tensor_split(2), RuntimeError, "at least a 1-dimensional"),
    (lambda: autograd.arange(7).tensor_split(T([[1]])), RuntimeError, "0-d or 1-d"),
    (lambda: autograd.arange(7).tensor_split(T([1.0])), RuntimeError, "hold integers"),
    (lambda: autograd.arange(4).histc(), TypeError, "floating"),
    (lambda: autograd.arange(7).tensor_split(2, sections=3), TypeError, "give one of"),
    (lambda: autograd.arange(7).tensor_split(), TypeError, "give one of"),
    (lambda: T([[1.0], [2.0]]).unique(dim=2), IndexError, "dimension out of range"),
]


@pytest.mark.parametrize("call, error, pattern", BAD)
def test_bad_input_raises_pytorchs_error(call, error, pattern):
    with pytest.raises(error, match=pattern):
        call()


# ---------------------------------------------------------------- tie rules
def test_median_and_kthvalue_pick_the_stable_rank_at_ties():
    x = T([2.0, 0.0, 1.0, 0.0, 2.0, 1.0, 2.0, 0.0, 1.0, 1.0])
    assert x.median(0).indices.item() == 5  # sorted stably: 0 0 0 1(2) 1(5) ...
    assert x.kthvalue(3).indices.item() == 7
    assert x.kthvalue(4).indices.item() == 2


def test_mode_picks_the_smallest_most_frequent_at_its_last_occurrence():
    m = T([[3.0, 1.0, 2.0, 1.0, 3.0, 2.0]]).mode()
    assert (m.values.item(), m.indices.item()) == (1.0, 3)


def test_cummax_gradient_follows_the_latest_tie():
    x = T([1.0, 3.0, 3.0, 2.0, 5.0], requires_grad=True)
    x.cummax(0).values.backward(autograd.arange(5.0))
    np.testing.assert_array_equal(x.grad.numpy(), [0.0, 1.0, 5.0, 0.0, 4.0])


def test_median_of_all_shares_the_gradient_between_equal_elements():
    x = T([2.0, 2.0, 1.0, 2.0], dtype=autograd.float64, requires_grad=True)
    x.median().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [1 / 3, 1 / 3, 0.0, 1 / 3])


def test_out_writes_values_and_indices():
    values, indices = autograd.empty(0), autograd.empty(0, dtype=autograd.int64)
    res = autograd.median(T([[1.0, 5.0, 3.0]]), 1, out=(values, indices))
    assert res.values is values and res.indices is indices
    assert values.tolist() == [3.0] and indices.tolist() == [2]
    out = autograd.empty(3)
    assert autograd.logcumsumexp(T([0.0, 0.0, 0.0]), 0, out=out) is out


def test_index_add_in_place_records_the_gradient_to_source():
    x = autograd.zeros(3, dtype=autograd.float64)
    s = T([1.0, 2.0], dtype=autograd.float64, requires_grad=True)
    x.index_add_(0, T([2, 2]), s, alpha=3)
    assert x.tolist() == [0.0, 0.0, 9.0]
    x.sum().backward()
    assert s.grad.tolist() == [3.0, 3.0]


def test_unique_and_bincount_are_not_differentiable():
    x = T([1.0, 1.0, 2.0], requires_grad=True)
    assert not x.unique().requires_grad
    assert not T([0, 1]).bincount(x[:2]).requires_grad
