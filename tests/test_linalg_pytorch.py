"""graphgrad's matrix, shape and linear-algebra functions against PyTorch's recorded answers.

The cases (tests/linalg_cases.py) are written once for both libraries; PyTorch's outputs,
dtypes, gradients and error types were recorded by tools/make_linalg_fixtures.py into
tests/data/linalg_pytorch.npz (PyTorch is never a dependency). Each case runs here with
graphgrad and must give the same values (float64: to 1e-10 relative, 1e-9 for factorised
matrices; float32: 1e-5), dtypes, gradients and error types (PyTorch's `_LinAlgError` is
graphgrad's `autograd.linalg.LinAlgError`, a RuntimeError). Also here: behaviour at singular
matrices, where PyTorch's own values are not the reference (the determinant's gradient),
and double backward of the factorisations against finite differences.
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
import linalg_cases as cases  # noqa: E402

FIXTURES = np.load(HERE / "data" / "linalg_pytorch.npz")
ERRORS = {"_LinAlgError": autograd.linalg.LinAlgError}


def _leaves(out) -> list:
    if isinstance(out, (tuple, list)):
        return [x for o in out for x in _leaves(o)]
    return [out]


def _close(got, want, what: str) -> None:
    if want.dtype.kind in "fc":
        tol = 1e-5 if want.dtype == np.float32 else 1e-9
        np.testing.assert_allclose(got, want, rtol=tol, atol=tol, equal_nan=True, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


@pytest.mark.parametrize("case", cases.CASES, ids=[c.name for c in cases.CASES])
def test_case_matches_pytorch(case):
    arrays = [cases.array(spec, case.name, i) for i, spec in enumerate(case.inputs)]
    xs = [Tensor(a.copy(), requires_grad=case.needs_grad and a.dtype.kind == "f") for a in arrays]
    error = f"{case.name}.error"
    if error in FIXTURES.files:
        name = str(FIXTURES[error])
        with pytest.raises(ERRORS.get(name, Exception)) as info:
            case.fn(autograd, *xs)
        if name not in ERRORS:
            assert type(info.value).__name__ == name, f"{case.name}: {info.value!r}"
        assert str(info.value), "an error says what is wrong"
        return
    out = case.fn(autograd, *xs)
    parts = _leaves(out)
    n = sum(1 for k in FIXTURES.files if k.startswith(f"{case.name}.out"))
    assert len(parts) == n, f"{case.name}: {len(parts)} outputs, PyTorch's {n}"
    for k, part in enumerate(parts):
        assert isinstance(part, Tensor), f"{case.name} output {k} is a {type(part).__name__}"
        want = FIXTURES[f"{case.name}.out{k}"]
        assert str(part.dtype) == str(FIXTURES[f"{case.name}.dtype{k}"]), f"{case.name} dtype {k}"
        assert part.shape == want.shape, f"{case.name} output {k}: {part.shape} != {want.shape}"
        _close(part.numpy(), want, f"{case.name} output {k}")
    if not case.grad:
        return
    loss = None
    for k, part in enumerate(parts):
        if part.requires_grad:
            g = Tensor(cases.upstream(case.name, k, part.shape).astype(part.dtype))
            term = (part * g).sum()
            loss = term if loss is None else loss + term
    if loss is not None:
        loss.backward()
    for i, x in enumerate(xs):
        key = f"{case.name}.grad{i}"
        if key in FIXTURES.files:
            got = x.grad.numpy() if x.grad is not None else np.zeros(x.shape)
            _close(got, FIXTURES[key], f"{case.name} gradient of input {i}")


def test_every_case_was_recorded():
    recorded = {k.split(".")[0] for k in FIXTURES.files if "." in k}
    assert {c.name for c in cases.CASES} == recorded, "run tools/make_linalg_fixtures.py"


def _numeric_gradient(f, a: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    grad = np.zeros_like(a)
    for i in np.ndindex(a.shape):
        up, down = a.copy(), a.copy()
        up[i] += eps
        down[i] -= eps
        grad[i] = (f(up) - f(down)) / (2 * eps)
    return grad


@pytest.mark.parametrize("matrix", [cases.SINGULAR, cases.RANK2, cases.DIAG_ZERO, np.zeros((3, 3))])
def test_det_gradient_at_a_singular_matrix_is_the_cofactor_matrix(matrix):
    # PyTorch 2.13 on the CPU answers 0 here; the derivative is the cofactor matrix
    # (finite differences agree), which graphgrad gives, batched too
    x = Tensor(matrix.copy(), requires_grad=True)
    x.det().backward()
    want = _numeric_gradient(lambda a: np.linalg.det(a), matrix)
    np.testing.assert_allclose(x.grad.numpy(), want, atol=1e-8)
    batch = Tensor(np.stack([matrix, np.eye(len(matrix))]), requires_grad=True)
    autograd.linalg.det(batch).sum().backward()
    np.testing.assert_allclose(batch.grad.numpy()[0], want, atol=1e-8)
    np.testing.assert_allclose(batch.grad.numpy()[1], np.eye(len(matrix)), atol=1e-12)


def test_det_second_derivative_matches_finite_differences():
    x = Tensor(np.random.default_rng(0).standard_normal((3, 3)), requires_grad=True)
    assert autograd.gradgradcheck(lambda a: a.det(), (x,))


def test_logabsdet_gradient_at_a_singular_matrix_is_not_finite_as_pytorch():
    # PyTorch: [[-inf, inf], [inf, -inf]] and [[nan, nan], [nan, inf]]
    for matrix in (cases.SINGULAR, cases.DIAG_ZERO):
        x = Tensor(matrix.copy(), requires_grad=True)
        sign, logabsdet = autograd.linalg.slogdet(x)
        assert sign.item() == 0 and logabsdet.item() == -np.inf
        logabsdet.backward()
        assert not np.isfinite(x.grad.numpy()).any()


def test_logdet_of_a_negative_determinant_is_nan_with_a_zero_gradient():
    x = Tensor(cases.NEGATIVE_DET.copy(), requires_grad=True)
    y = x.logdet()
    assert np.isnan(y.item())
    y.backward()
    np.testing.assert_array_equal(x.grad.numpy(), np.zeros((2, 2)))


def test_singular_and_indefinite_inputs_raise_linalg_error_saying_what_to_use():
    with pytest.raises(autograd.linalg.LinAlgError, match="pinv"):
        autograd.linalg.inv(Tensor(cases.SINGULAR))
    with pytest.raises(RuntimeError, match="singular"):
        autograd.linalg.solve(Tensor(cases.SINGULAR), Tensor(np.ones(2)))
    with pytest.raises(RuntimeError, match="positive-definite"):
        autograd.linalg.cholesky(Tensor(cases.NOT_PD))


def test_near_singular_inverse_and_solve_agree_with_the_residual():
    a = cases.NEAR
    x = autograd.linalg.inv(Tensor(a)).numpy()
    np.testing.assert_allclose(a @ x, np.eye(2), atol=1e-6)
    b = np.array([1.0, 2.0])
    s = autograd.linalg.solve(Tensor(a), Tensor(b)).numpy()
    np.testing.assert_allclose(a @ s, b, atol=1e-6)


def test_linalg_is_a_namespace_importable_as_pytorch_spells_it():
    import autograd.linalg as la

    assert la is autograd.linalg
    assert issubclass(la.LinAlgError, RuntimeError)
    assert autograd.slogdet(Tensor(np.eye(2)))._fields == ("sign", "logabsdet")


def test_defaults_pytorch_warns_about_are_taken_silently():
    # PyTorch 2.13 warns for meshgrid without indexing= (and takes "ij") and for cross
    # without dim= (and takes the first dim of length 3): graphgrad takes the same defaults
    a, b = Tensor(np.arange(3.0)), Tensor(np.arange(2.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        x, y = autograd.meshgrid(a, b)
        c = autograd.cross(Tensor(np.eye(3)), Tensor(np.ones((3, 3))))
    assert x.shape == y.shape == (3, 2)
    np.testing.assert_array_equal(c.numpy(), np.cross(np.eye(3), np.ones((3, 3)), axis=0))


def test_complex_matrices_are_refused_with_a_type_error():
    with pytest.raises(TypeError, match="complex"):
        autograd.linalg.inv(Tensor(np.eye(2, dtype=np.complex128)))


def test_diagonal_is_a_view_as_pytorchs():
    w = Tensor(np.ones((3, 3)), requires_grad=True)
    with autograd.no_grad():
        w.diagonal().fill_(0.0)  # an optimizer-style update writes into w
    np.testing.assert_array_equal(w.numpy(), 1 - np.eye(3))
    with pytest.raises(RuntimeError, match="view of a leaf"):
        w.diagonal(1).add_(1.0)  # PyTorch refuses this too
    c = Tensor(np.zeros((2, 3, 3)))
    c.diagonal(0, 1, 2).add_(Tensor(np.array([[1.0, 2.0, 3.0]])))
    np.testing.assert_array_equal(c.numpy()[1], np.diag([1.0, 2.0, 3.0]))
