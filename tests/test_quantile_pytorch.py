"""quantile/nanquantile against PyTorch 2.13's values, gradients and messages (recorded
as literals from the same calls in PyTorch)."""

from __future__ import annotations

import numpy as np
import pytest

import autograd
from autograd import gradcheck


def _t(a, **kw):
    return autograd.tensor(np.asarray(a, dtype=np.float64), **kw)


def _x():
    return _t(np.arange(12.0).reshape(3, 4)[::-1].copy(), requires_grad=True)


def test_values_and_gradient_equal_pytorchs():
    x = _x()
    y = x.quantile(_t([0.3, 0.75]), dim=1)
    y.sum().backward()
    assert y.tolist() == [[8.9, 4.9, 0.8999999999999999], [10.25, 6.25, 2.25]]
    assert x.grad.tolist() == [[0.10000000000000009, 0.8999999999999999, 0.75, 0.25]] * 3
    assert x.quantile(0.3).item() == 3.3
    assert x.quantile(_t([0.2, 0.9]), keepdim=True).shape == (2, 1, 1)
    assert x.quantile(0.5, dim=0, keepdim=True).shape == (1, 4)
    w = _t([2.0, 7.0, 1.0, 4.0, 4.0], requires_grad=True)
    autograd.quantile(w, 0.625).backward()
    assert w.grad.tolist() == [0.0, 0.0, 0.0, 0.5, 0.5]  # ties: the stable sort's order


@pytest.mark.parametrize(
    "how, at40, at50",
    [
        ("lower", [9.0, 5.0, 1.0], [9.0, 5.0, 1.0]),
        ("higher", [10.0, 6.0, 2.0], [10.0, 6.0, 2.0]),
        ("midpoint", [9.5, 5.5, 1.5], [9.5, 5.5, 1.5]),
        ("nearest", [9.0, 5.0, 1.0], [10.0, 6.0, 2.0]),  # half to even
    ],
)
def test_interpolations_equal_pytorchs(how, at40, at50):
    x = _x()
    assert x.quantile(0.4, dim=1, interpolation=how).tolist() == at40
    assert x.quantile(0.5, dim=1, interpolation=how).tolist() == at50


def test_nan_rules_equal_pytorchs():
    z = _t([[1.0, np.nan, 3.0], [np.nan] * 3, [4.0, 5.0, 6.0]])
    np.testing.assert_array_equal(z.quantile(0.5, dim=1).numpy(), [np.nan, np.nan, 5.0])
    np.testing.assert_array_equal(z.nanquantile(0.5, dim=1).numpy(), [2.0, np.nan, 5.0])
    assert z.nanquantile(0.5).item() == 4.0
    assert autograd.nanquantile(z, _t([0.1, 0.7]), dim=0).tolist() == [
        [1.3, 5.0, 3.3],
        [3.0999999999999996, 5.0, 5.1],
    ]


def test_errors_are_pytorchs():
    x = _x()
    with pytest.raises(RuntimeError, match=r"q must be in the range \[0, 1\] but got 1.5"):
        x.quantile(1.5)
    with pytest.raises(RuntimeError, match="must be either float or double dtype"):
        autograd.tensor([1, 2, 3]).quantile(0.5)
    with pytest.raises(RuntimeError, match="nearest, but got cubic"):
        x.quantile(0.5, interpolation="cubic")
    with pytest.raises(RuntimeError, match="input tensor must be non-empty"):
        _t([]).quantile(0.5)


def test_gradcheck_in_float64():
    rng = np.random.default_rng(0)
    x = _t(rng.standard_normal((3, 5)), requires_grad=True)
    q = _t([0.1, 0.5, 0.85])
    assert gradcheck(lambda a: a.quantile(q, dim=1), (x,))
    assert gradcheck(lambda a: a.nanquantile(0.3), (x,))
