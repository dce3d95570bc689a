"""svd_lowrank and pca_lowrank give PyTorch's results under the same seed (recorded by
tools/make_lowrank_fixtures.py): the same singular values, and the same singular vectors up
to each column's sign (the SVD's own freedom: LAPACK builds may choose differently);
gradients flow through (finite differences, single and double backward)."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import autograd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import lowrank_cases as cases  # noqa: E402

FIXTURES = np.load(HERE / "data" / "lowrank_pytorch.npz")
GOT = None


def _got() -> dict:
    global GOT
    if GOT is None:
        GOT = cases.draws(autograd)
    return GOT


@pytest.mark.parametrize("key", sorted(k for k in FIXTURES.files if "." in k))
def test_outputs_equal_pytorchs(key):
    got, want = _got()[key], FIXTURES[key]
    assert got.shape == want.shape and got.dtype == want.dtype, key
    tol = 1e-10 if want.dtype == np.float64 else 1e-5
    if key.endswith((".U", ".V")):  # each column up to its sign
        got = got * np.sign(np.sum(got * want, axis=-2, keepdims=True))
    np.testing.assert_allclose(got, want, rtol=tol, atol=tol, err_msg=key)


def test_every_call_was_recorded():
    assert set(_got()) == {k for k in FIXTURES.files if "." in k}


def test_pca_lowrank_checks_q_and_niter_as_pytorch():
    a = autograd.ones(3, 4)
    with pytest.raises(ValueError, match=r"q\(=5\) must be non-negative integer and not greater"):
        autograd.pca_lowrank(a, q=5)
    with pytest.raises(ValueError, match=r"niter\(=-1\) must be non-negative integer"):
        autograd.pca_lowrank(a, niter=-1)


def test_gradients_flow_through():
    x = autograd.tensor(np.random.default_rng(2).standard_normal((5, 3)), requires_grad=True)

    def singular_values(a):
        autograd.manual_seed(0)  # the same draw at every evaluation
        return autograd.svd_lowrank(a, q=2, niter=1)[1]

    assert autograd.gradcheck(singular_values, (x,))
    assert autograd.gradgradcheck(singular_values, (x,))
