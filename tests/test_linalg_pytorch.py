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
