"""cauchy_, log_normal_ and geometric_ give PyTorch's numbers under the same seed (recorded by
tools/make_random_fill_fixtures.py), in memory order, sharing the normal cache with randn, and
refuse what PyTorch refuses with its messages."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

import autograd

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import random_fill_cases as cases  # noqa: E402

FIXTURES = np.load(HERE / "data" / "random_fills_pytorch.npz")


def test_fills_equal_pytorchs_numbers():
    got = cases.draws(autograd)
    for name, values in got.items():
        want = FIXTURES[name]
        assert values.dtype == want.dtype and values.shape == want.shape, name
        np.testing.assert_allclose(values, want, rtol=1e-15, atol=0, err_msg=name)


@pytest.mark.parametrize("i", range(len(cases.ERRORS)))
def test_refused_as_pytorch(i):
    call, kind, message = cases.ERRORS[i]
    assert str(FIXTURES[f"error{i}"]) == kind
    with pytest.raises(Exception) as info:
        call(autograd)
    assert (type(info.value).__name__, str(info.value)) == (kind, message)


def test_a_leaf_that_requires_grad_is_refused():
    with pytest.raises(RuntimeError, match="leaf"):
        autograd.zeros(3, requires_grad=True).cauchy_()
