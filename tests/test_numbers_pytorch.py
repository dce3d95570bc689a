"""graphgrad's number functions, statistics, integrals and module-level in-place forms against
PyTorch's recorded answers, and their derivatives against finite differences.

The cases (tests/numbers_cases.py) are written once for both libraries; PyTorch's outputs,
dtypes, gradients and errors (type and message) were recorded by
tools/make_numbers_fixtures.py into tests/data/numbers_pytorch.npz. Each case must give the
same values (float64: to 1e-10; float32: 1e-6), dtypes and gradients, or raise the same type
of error; the errors of the new functions with the same message.
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
import numbers_cases as cases  # noqa: E402
from tensor_api_cases import array, upstream  # noqa: E402

FIXTURES = np.load(HERE / "data" / "numbers_pytorch.npz")
# errors whose message is graphgrad's own (the in-place rules name what to write instead;
# a float result cast into an integer tensor names the tensor's dtype; trapezoid's number x
# says to write dx=)
OWN_MESSAGE = {
    "torch_abs_leaf", "torch_exp_view_of_leaf", "method_leaf_refused", "torch_sqrt_ints",
    "trapezoid_number_x",
}  # fmt: skip
# PyTorch's deprecation warnings, which graphgrad gives too
DEPRECATED = ("chain_matmul", "frobenius_norm", "nuclear_norm")
# cov's warning when the degrees of freedom are not positive (PyTorch's too)
NO_FREEDOM = {"cov_0d", "cov_empty"}


def _leaves(out) -> list:
    if isinstance(out, (tuple, list)):
        return [x for o in out for x in _leaves(o)]
    return [out]


def _record(x) -> tuple[np.ndarray, str]:
    if isinstance(x, Tensor):
        return np.asarray(x.numpy()).copy(), str(x.dtype)
    return np.asarray(x), type(x).__name__


def _close(got, want, what: str) -> None:
    if want.dtype.kind in "fc":
        tol = 1e-10 if want.dtype == np.float64 else 1e-6 if want.dtype == np.float32 else 1e-3
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol, equal_nan=True, err_msg=what)
        # the sign of a zero is part of the answer (copysign, signbit, nextafter)
        zeros = (want == 0) & (got == 0)
        np.testing.assert_array_equal(np.signbit(got[zeros]), np.signbit(want[zeros]), what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


def _run(case, xs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        if case.name.startswith(DEPRECATED):
            with pytest.warns(UserWarning, match="deprecated"):
                return case.fn(autograd, *xs)
        if case.name in NO_FREEDOM:
            with pytest.warns(UserWarning, match="degrees of freedom is <= 0"):
                return case.fn(autograd, *xs)
        return case.fn(autograd, *xs)


@pytest.mark.parametrize("case", cases.CASES, ids=[c.name for c in cases.CASES])
def test_case_matches_pytorch(case):
    arrays = [array(spec, case.name, i) for i, spec in enumerate(case.inputs)]
    xs = [Tensor(a.copy(), requires_grad=case.needs_grad and a.dtype.kind == "f") for a in arrays]
    error = f"{case.name}.error"
    if error in FIXTURES.files:
        with pytest.raises(Exception) as info:
            _run(case, xs)
        assert type(info.value).__name__ == str(FIXTURES[error]), info.value
        if case.name not in OWN_MESSAGE:
            assert str(info.value) == str(FIXTURES[f"{case.name}.message"])
        return
    parts = _leaves(_run(case, xs))
    n = sum(1 for k in FIXTURES.files if k.startswith(f"{case.name}.out"))
    assert len(parts) == n, f"{case.name}: {len(parts)} outputs, PyTorch's {n}"
    for k, part in enumerate(parts):
        got, dtype = _record(part)
        want = FIXTURES[f"{case.name}.out{k}"]
        assert dtype == str(FIXTURES[f"{case.name}.dtype{k}"]), f"{case.name} output {k} dtype"
        assert got.shape == want.shape, f"{case.name} output {k}: {got.shape} != {want.shape}"
        _close(got, want, f"{case.name} output {k}")
    if not case.grad:
        return
    loss = None
    for k, part in enumerate(parts):
        if isinstance(part, Tensor) and part.requires_grad:
            g = Tensor(upstream(case.name, k, part.shape).astype(part.dtype))
            term = (part * g).sum()
            loss = term if loss is None else loss + term
    if loss is not None:
        loss.backward()
    for i, x in enumerate(xs):
        key = f"{case.name}.grad{i}"
        if key in FIXTURES.files:
            got = x.grad.numpy() if x.grad is not None else np.zeros(x.shape)
            np.testing.assert_allclose(
                got, FIXTURES[key], rtol=1e-6, atol=1e-6, equal_nan=True,
                err_msg=f"{case.name} gradient of input {i}",
            )  # fmt: skip


def test_every_case_was_recorded():
    recorded = {k.split(".")[0] for k in FIXTURES.files if "." in k}
    assert {c.name for c in cases.CASES} == recorded, "run tools/make_numbers_fixtures.py"


# ------------------------------------------- derivatives against finite differences
def _x(*shape, positive=False, seed=0):
    rng = np.random.default_rng(seed + len(shape))
    a = rng.uniform(0.5, 1.5, shape) if positive else rng.standard_normal(shape)
    return Tensor(a, requires_grad=True)


DIFFERENTIABLE = {
    "copysign": (lambda x, y: x.copysign(y), lambda: [_x(2, 3), _x(3, seed=1)]),
    "float_power": (lambda x, y: x.float_power(y), lambda: [_x(2, 3, positive=True), _x(3)]),
    "ldexp": (lambda x: x.ldexp(Tensor(np.array([1, -2, 0]))), lambda: [_x(2, 3)]),
    "frexp": (lambda x: autograd.frexp(x).mantissa, lambda: [_x(2, 3)]),
    "nextafter": (lambda x, y: autograd.nextafter(x, y), lambda: [_x(4), _x(4, seed=2)]),
    "cov": (lambda x: x.cov(), lambda: [_x(3, 5)]),
    "cov_weights": (
        lambda x, w: autograd.cov(x, fweights=Tensor(np.array([1, 2, 1, 1])), aweights=w),
        lambda: [_x(2, 4), _x(4, positive=True)],
    ),
    "corrcoef": (lambda x: autograd.corrcoef(x), lambda: [_x(3, 5)]),
    "renorm": (lambda x: x.renorm(2, 1, 1.0), lambda: [_x(3, 4)]),
    "renorm_p3": (lambda x: autograd.renorm(x, 3, 0, 0.8), lambda: [_x(2, 3, 2)]),
    "addr": (lambda m, a, b: m.addr(a, b, beta=0.5, alpha=-2), lambda: [_x(2, 3), _x(2), _x(3)]),
    "rsub": (lambda x, y: autograd.rsub(x, y, alpha=3), lambda: [_x(2, 3), _x(3)]),
    "trapezoid": (lambda y: autograd.trapezoid(y, dx=0.5), lambda: [_x(2, 5)]),
    "trapezoid_x": (lambda y, x: autograd.trapezoid(y, x), lambda: [_x(5), _x(5)]),
    "cumulative_trapezoid": (lambda y: autograd.cumulative_trapezoid(y, dim=0), lambda: [_x(4, 2)]),
    "gradient": (lambda f: autograd.gradient(f, spacing=0.5), lambda: [_x(3, 4)]),
    "gradient_order2": (lambda f: autograd.gradient(f, edge_order=2)[0], lambda: [_x(5)]),
    "gradient_coordinates": (
        lambda f: autograd.gradient(
            f, spacing=(Tensor(np.array([0.0, 0.5, 2.0, 2.5, 4.0])),), edge_order=2
        )[0],  # fmt: skip
        lambda: [_x(5)],
    ),
    "chain_matmul": (
        lambda a, b, c: autograd.chain_matmul(a, b, c),
        lambda: [_x(2, 3), _x(3, 4), _x(4, 2)],
    ),
    "frobenius_norm": (lambda x: autograd.frobenius_norm(x, (0, 1)), lambda: [_x(2, 3)]),
    "nuclear_norm": (lambda x: autograd.nuclear_norm(x), lambda: [_x(3, 2)]),
    "fill": (lambda x, v: autograd.fill(x, v), lambda: [_x(2, 3), _x()]),
    "torch_exp_": (lambda x: autograd.exp_(x * 1), lambda: [_x(2, 3)]),
    "torch_clamp_": (lambda x: autograd.clamp_(x * 1, -0.5, 0.5), lambda: [_x(2, 3, seed=3)]),
}


@pytest.mark.parametrize("name", sorted(DIFFERENTIABLE))
def test_derivatives_match_finite_differences(name):
    fn, make = DIFFERENTIABLE[name]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the deprecated functions' warnings
        assert autograd.gradcheck(fn, make())
        assert autograd.gradgradcheck(fn, make())


# ------------------------------------------------------------- behaviour details
def test_real_tensors_are_their_own_real_part_and_conjugate():
    x = Tensor(np.ones(3), requires_grad=True)
    for same in (x.real, x.conj(), x.conj_physical(), x.resolve_conj(), x.resolve_neg()):
        assert same is x
    assert autograd.real(x) is x and autograd.conj(x) is x
    assert x.conj_physical_() is x


def test_inplace_forms_are_the_methods_rules():
    leaf = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf Tensor that requires grad"):
        autograd.exp_(leaf)
    with autograd.no_grad():
        assert autograd.exp_(leaf) is leaf
    np.testing.assert_allclose(leaf.data, np.e)
    with pytest.raises(TypeError, match="must be Tensor"):
        autograd.abs_(np.ones(3))
    x = Tensor(np.array([-1.0, 2.0]))
    assert autograd.zero_(x) is x and not x.data.any()
    assert autograd.fill_(x, 4) is x and (x.data == 4).all()


def test_every_listed_inplace_form_exists_and_is_documented():
    from autograd import torch_inplace

    for name, fn in torch_inplace.FUNCTIONS.items():
        assert getattr(autograd, name) is fn and name in autograd.__all__
        assert fn.__doc__ and fn.__name__ == name


def test_constants_are_pytorchs():
    assert autograd.e == np.e and autograd.pi == np.pi and autograd.inf == np.inf
    assert np.isnan(autograd.nan) and autograd.newaxis is None


def test_heaviside_has_no_gradient():
    x = Tensor(np.array([-1.0, 0.0, 2.0]), requires_grad=True)
    assert not x.heaviside(Tensor(np.array(0.5))).requires_grad


def test_copysign_gives_the_sign_source_a_zero_gradient():
    # PyTorch 2.13: other's gradient is zeros (never None), broadcast back to its shape
    x = autograd.tensor([1.0, -2.0, 0.0], requires_grad=True)
    y = autograd.tensor([-1.0, float("inf"), -0.0], requires_grad=True)
    autograd.copysign(x, y).sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [-1.0, -1.0, 0.0])
    np.testing.assert_array_equal(y.grad.numpy(), [0.0, 0.0, 0.0])
    y = autograd.tensor([[-1.0], [2.0]], requires_grad=True)
    z = autograd.copysign(autograd.tensor([1.0, -2.0]), y)
    z.sum().backward()
    np.testing.assert_array_equal(z.numpy(), [[-1.0, -2.0], [1.0, 2.0]])
    np.testing.assert_array_equal(y.grad.numpy(), [[0.0], [0.0]])
