"""Edge-value answers checked against PyTorch 2.13's, recorded as literals.

Each expected value below was printed by PyTorch 2.13 (CPU, float64) for the same call;
-0.0 and 0.0 are told apart, NaN equals NaN. Gradchecks cover the differentiable paths.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd
from autograd import Tensor

NAN, INF = float("nan"), float("inf")


def _same(got, want) -> None:
    """Equal values (NaN == NaN) with the same sign of every zero."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=0, equal_nan=True)
    signs = np.isnan(want) | (np.signbit(got) == np.signbit(want))  # a NaN's sign is free
    assert signs.all(), (got, want)


def _value_and_grad(fn, x, upstream=None):
    t = Tensor(np.asarray(x, dtype=np.float64), requires_grad=True)
    y = fn(t)
    y.backward(autograd.ones_like(y) if upstream is None else Tensor(np.float64(upstream)))
    return y.data, t.grad.data


# ------------------------------------------------------------------ amax, amin, max, min
REDUCTIONS = {
    "amax": lambda x: x.amax(),
    "amin": lambda x: x.amin(),
    "max": lambda x: x.max(),
    "min": lambda x: x.min(),
    "max_dim": lambda x: x.max(0).values,
    "amax_dim": lambda x: x.amax(0),
}

# PyTorch 2.13: x = [1., 2., 3.], the upstream gradient -1, inf, nan, -inf. amax/amin use
# (g / count) * mask (NaN off the extreme for a non-finite g; -0.0 for g < 0); max()/min()
# and max(dim) fill zeros.
UPSTREAM = {
    "amax": [[-0.0, -0.0, -1.0], [NAN, NAN, INF], [NAN, NAN, NAN], [NAN, NAN, -INF]],
    "amin": [[-1.0, -0.0, -0.0], [INF, NAN, NAN], [NAN, NAN, NAN], [-INF, NAN, NAN]],
    "max": [[0.0, 0.0, -1.0], [0.0, 0.0, INF], [0.0, 0.0, NAN], [0.0, 0.0, -INF]],
    "min": [[-1.0, 0.0, 0.0], [INF, 0.0, 0.0], [NAN, 0.0, 0.0], [-INF, 0.0, 0.0]],
    "max_dim": [[0.0, 0.0, -1.0], [0.0, 0.0, INF], [0.0, 0.0, NAN], [0.0, 0.0, -INF]],
    "amax_dim": [[-0.0, -0.0, -1.0], [NAN, NAN, INF], [NAN, NAN, NAN], [NAN, NAN, -INF]],
}


@pytest.mark.parametrize("name", sorted(UPSTREAM))
def test_extreme_gradients_for_signed_and_non_finite_upstream_match_pytorch(name):
    for up, want in zip([-1.0, INF, NAN, -INF], UPSTREAM[name]):
        with np.errstate(all="ignore"):
            _, grad = _value_and_grad(REDUCTIONS[name], [1.0, 2.0, 3.0], up)
        _same(grad, want)


@pytest.mark.parametrize(
    ("fn", "x", "value", "grad"),
    [  # PyTorch 2.13's values and gradients (upstream ones)
        (lambda x: x.amax(), [1.0, NAN, 3.0, NAN], NAN, [NAN, NAN, NAN, NAN]),
        (lambda x: x.max(), [1.0, NAN, 3.0, NAN], NAN, [0.0, 0.5, 0.0, 0.5]),
        (lambda x: x.amax(1), [[1, NAN, 3], [1, 2, 2]], [NAN, 2], [[NAN] * 3, [0, 0.5, 0.5]]),
        (lambda x: x.amin(1), [[1, NAN, 3], [1, 2, 1]], [NAN, 1], [[NAN] * 3, [0.5, 0, 0.5]]),
        (lambda x: x.amax(0), [[1, 2], [1, NAN]], [1, NAN], [[0.5, NAN], [0.5, NAN]]),
        (lambda x: x.amin((0, 1)), [[1, 2], [1, 3]], 1.0, [[0.5, 0.0], [0.5, 0.0]]),
        (lambda x: x.amin(), [1.0, 2.0, 3.0], 1.0, [1.0, 0.0, 0.0]),
        (lambda x: x.amin(), [-0.0, 1.0, 2.0], -0.0, [1.0, 0.0, 0.0]),
        (lambda x: x.amax(), [0.0, -0.0, 1.0], 1.0, [0.0, 0.0, 1.0]),
        (lambda x: x.amax(), [INF, 1.0, INF], INF, [0.5, 0.0, 0.5]),
        (lambda x: x.max(), [3.0, 1.0, 3.0], 3.0, [0.5, 0.0, 0.5]),
        (lambda x: x.min(), [3.0, 1.0, 1.0], 1.0, [0.0, 0.5, 0.5]),
        (lambda x: x.min(0).values, [-0.0, 1.0, 2.0], -0.0, [1.0, 0.0, 0.0]),
        # max(dim)/min(dim): the gradient goes to the returned index, the first extreme
        # (the first NaN of a NaN slice)
        (lambda x: x.max(1).values, [[3, 1, 3], [1, NAN, NAN]], [3, NAN], [[1, 0, 0], [0, 1, 0]]),
        (lambda x: x.min(1).values, [[3, 1, 1], [1, NAN, NAN]], [1, NAN], [[0, 1, 0], [0, 1, 0]]),
        (lambda x: x.max(1).indices.double(), [[3, 1, 3], [1, NAN, NAN]], [0, 1], None),
    ],
)
def test_extreme_values_ties_and_nan_slices_match_pytorch(fn, x, value, grad):
    if grad is None:
        _same(fn(Tensor(np.asarray(x, dtype=np.float64))).data, value)
        return
    got_value, got_grad = _value_and_grad(fn, x)
    _same(got_value, value)
    _same(got_grad, grad)


def test_extreme_double_backward_matches_pytorch():
    x = Tensor([[3.0, 1.0, 3.0], [0.0, -1.0, 2.0]], requires_grad=True)
    want = {  # PyTorch 2.13: d(y)/dx with create_graph (upstream ones)
        "amax": [[0.5, 0.0, 0.5], [0.0, 0.0, 1.0]],
        "amin": [[0.0, 1.0, 0.0], [0.0, 1.0, 0.0]],
        "max": [[0.5, 0.0, 0.5], [0.0, 0.0, 0.0]],
        "max_dim": [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]],
    }
    fns = {
        "amax": lambda t: t.amax(1),
        "amin": lambda t: t.amin(1),
        "max": lambda t: t.max(),
        "max_dim": lambda t: t.max(1).values,
    }
    for name, fn in fns.items():
        y = fn(x)
        gy = autograd.ones_like(y).requires_grad_()
        (gx,) = autograd.grad(y, x, gy, create_graph=True)
        assert gx.requires_grad
        _same(gx.data, want[name])
        x2 = Tensor(np.random.default_rng(0).normal(size=(2, 3)), requires_grad=True)
        assert autograd.gradgradcheck(fn, (x2,))
