"""graphgrad's window and adjoint views, in-place view forms, vmap and linalg.cond against
PyTorch's recorded answers, and their derivatives against finite differences (single and
double backward).

The cases (tests/views_cases.py, tests/cond_cases.py) are written once for both libraries;
PyTorch's outputs, dtypes, gradients and errors (type and message) were recorded by
tools/make_views_fixtures.py into tests/data/views_pytorch.npz and cond_pytorch.npz. Each
case must give the same values, dtypes and gradients, or raise the same type of error with
the same message (the in-place rules' messages are graphgrad's own: they name what to write
instead).
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
import cond_cases  # noqa: E402
import views_cases  # noqa: E402
from tensor_api_cases import array, upstream  # noqa: E402

FIXTURES = {
    "views": np.load(HERE / "data" / "views_pytorch.npz"),
    "cond": np.load(HERE / "data" / "cond_pytorch.npz"),
}
ALL = [("views", c) for c in views_cases.CASES] + [("cond", c) for c in cond_cases.CASES]
OWN_MESSAGE = {"fill_diagonal_leaf", "squeeze_leaf", "t_leaf", "t_view_of_leaf"}


def _leaves(out) -> list:
    if isinstance(out, (tuple, list)):
        return [x for o in out for x in _leaves(o)]
    return [out]


@pytest.mark.parametrize("group, case", ALL, ids=[c.name for _, c in ALL])
def test_case_matches_pytorch(group, case):
    fixtures = FIXTURES[group]
    arrays = [array(spec, case.name, i) for i, spec in enumerate(case.inputs)]
    xs = [Tensor(a.copy(), requires_grad=case.needs_grad and a.dtype.kind == "f") for a in arrays]
    error = f"{case.name}.error"
    if error in fixtures.files:
        with pytest.raises(Exception) as info:
            case.fn(autograd, *xs)
        assert type(info.value).__name__ == str(fixtures[error]), info.value
        if case.name not in OWN_MESSAGE:
            assert str(info.value) == str(fixtures[f"{case.name}.message"])
        else:
            assert "leaf" in str(info.value) and "in-place" in str(info.value)
        return
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parts = _leaves(case.fn(autograd, *xs))
    n = sum(1 for k in fixtures.files if k.startswith(f"{case.name}.out"))
    assert len(parts) == n, f"{case.name}: {len(parts)} outputs, PyTorch's {n}"
    for k, part in enumerate(parts):
        want = fixtures[f"{case.name}.out{k}"]
        assert str(part.dtype) == str(fixtures[f"{case.name}.dtype{k}"]), case.name
        assert part.shape == want.shape, f"{case.name} output {k}: {part.shape} != {want.shape}"
        np.testing.assert_allclose(part.numpy(), want, rtol=1e-12, atol=1e-12)
    if not case.grad:
        return
    loss = None
    for k, part in enumerate(parts):
        if part.requires_grad:
            term = (part * Tensor(upstream(case.name, k, part.shape).astype(part.dtype))).sum()
            loss = term if loss is None else loss + term
    if loss is not None:
        loss.backward()
    for i, x in enumerate(xs):
        key = f"{case.name}.grad{i}"
        if key in fixtures.files:
            got = x.grad.numpy() if x.grad is not None else np.zeros(x.shape)
            np.testing.assert_allclose(got, fixtures[key], rtol=1e-6, atol=1e-6)


@pytest.mark.parametrize("group, module", [("views", views_cases), ("cond", cond_cases)])
def test_every_case_was_recorded(group, module):
    recorded = {k.split(".")[0] for k in FIXTURES[group].files if "." in k}
    assert {c.name for c in module.CASES} == recorded, "run tools/make_views_fixtures.py"


def _x(*shape, seed=0):
    values = np.random.default_rng(seed).standard_normal(shape)
    if len(shape) == 2 and shape[0] == shape[1]:
        values += 3 * np.eye(shape[0])  # well conditioned, no ties in the 1-norm
    return Tensor(values, dtype=autograd.float64, requires_grad=True)


DIFFERENTIABLE = {
    "unfold_overlap": lambda x: x.unfold(1, 3, 1) ** 2,
    "unfold_gaps": lambda x: x.unfold(0, 2, 3) ** 2,
    "unfold_3d_middle": lambda x: x.unfold(1, 2, 2).unfold(0, 1, 1) ** 2,
    "sum_to_size": lambda x: x.sum_to_size(1, 5) ** 2,
    "mH": lambda x: x.mH**2,
    "H": lambda x: x.H**2,
    "fill_diagonal_": lambda x: (x * x).fill_diagonal_(0.5, wrap=True),
    "transpose_": lambda x: (x * x).transpose_(0, 1) * x.t(),
    "squeeze_unsqueeze_": lambda x: (x * x).unsqueeze_(0).squeeze_(0) ** 2,
    "t_": lambda x: (x * 1).t_() ** 2,
    "vmap": lambda x: autograd.vmap(lambda r: (r @ x).tanh(), in_dims=1)(x),
    "vmap_nested": lambda x: autograd.vmap(autograd.vmap(lambda a: a.sin() * a))(x),
    "cond": lambda x: autograd.linalg.cond(x),
    "cond_fro": lambda x: autograd.linalg.cond(x, "fro"),
    "cond_1": lambda x: autograd.linalg.cond(x, 1),
}
SHAPES = {
    "unfold_3d_middle": (3, 4, 2),
    "fill_diagonal_": (7, 3),
    "transpose_": (4, 4),
    "vmap": (4, 4),
    "cond_fro": (3, 3),
    "cond_1": (3, 3),
}


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
def test_derivatives_match_finite_differences(name):
    fn = DIFFERENTIABLE[name]
    x = _x(*SHAPES.get(name, (4, 5)))
    assert autograd.gradcheck(fn, (x,))
    assert autograd.gradgradcheck(fn, (x,))


def test_unfold_is_a_read_only_view():
    x = autograd.arange(6.0)
    w = x.unfold(0, 2, 1)
    assert np.shares_memory(w._data, x._data)
    with pytest.raises(ValueError, match="read-only"):
        w.add_(1)


def test_an_inplace_view_keeps_the_memory_and_refuses_stale_uses():
    x = autograd.zeros(2, 3)
    x.t_()
    assert x.shape == (3, 2)
    x[0, 1] = 5.0
    w = _x(2, 3)
    y = w * 2
    z = y.sum()
    y.t_()
    assert y.shape == (3, 2)
    y.sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), np.full((2, 3), 2.0))
    with pytest.raises(RuntimeError):
        z.backward()


def test_vmap_randomness_same_and_different():
    x = autograd.zeros(3, 2)
    autograd.manual_seed(0)
    same = autograd.vmap(lambda a: autograd.rand(2) + a, randomness="same")(x)
    autograd.manual_seed(0)
    once = autograd.rand(2)
    np.testing.assert_array_equal(same.numpy(), np.broadcast_to(once.numpy(), (3, 2)))
    autograd.manual_seed(0)
    different = autograd.vmap(lambda a: autograd.rand(2) + a, randomness="different")(x)
    autograd.manual_seed(0)
    loop = autograd.stack([autograd.rand(2) for _ in range(3)])
    np.testing.assert_array_equal(different.numpy(), loop.numpy())


def test_vmap_refuses_what_a_loop_cannot_do():
    assert autograd.vmap(autograd.sin)(autograd.zeros(0, 3)).shape == (
        0,
        3,
    )  # tests/test_vmap_empty.py
    with pytest.raises(ValueError, match="out_dim is None"):
        autograd.vmap(lambda a: a, out_dims=None)(autograd.arange(3.0))
    assert autograd.vmap(lambda a: a.sum() * 0, out_dims=None)(autograd.ones(3, 2)).shape == ()
