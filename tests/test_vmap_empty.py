"""vmap over a mapped dimension of size 0, as PyTorch 2.13's (its shapes and draws, recorded)."""

import numpy as np
import pytest

import autograd as torch


def test_outputs_have_size_0_where_mapped_and_keep_the_graph():
    x = torch.ones(0, 3, requires_grad=True)
    calls = []

    def f(r):
        calls.append(tuple(r.shape))
        return r * 2, r.sum()

    doubled, sums = torch.vmap(f, out_dims=(1, 0))(x)
    assert calls == [(3,)]  # called once, as PyTorch's, with an entry's shape
    assert doubled.shape == (3, 0) and sums.shape == (0,)
    assert doubled.requires_grad and sums.dtype == torch.float32
    (doubled.sum() + sums.sum()).backward()
    assert x.grad.shape == (0, 3)


@pytest.mark.parametrize(
    "call, shape, dtype",
    [
        (lambda: torch.vmap(torch.sum)(torch.ones(0, 3)), (0,), torch.float32),
        (lambda: torch.vmap(lambda r: r.sum(), in_dims=1)(torch.ones(3, 0)), (0,), torch.float32),
        (
            lambda: torch.vmap(lambda r, w: r @ w, in_dims=(0, None))(
                torch.ones(0, 3), torch.ones(3, 4)
            ),
            (0, 4),
            torch.float32,
        ),
        (
            lambda: torch.vmap(lambda r: r + 1)(torch.ones(0, 2, dtype=torch.int64)),
            (0, 2),
            torch.int64,
        ),
        (
            lambda: torch.vmap(torch.vmap(lambda a: a * 3))(torch.ones(2, 0, 5)),
            (2, 0, 5),
            torch.float32,
        ),
    ],
)
def test_shapes_and_dtypes(call, shape, dtype):
    out = call()
    assert out.shape == shape and out.dtype == dtype


def test_randomness_error_still_refuses_and_an_empty_batch_draws_nothing():
    with pytest.raises(RuntimeError, match="randomness error mode"):
        torch.vmap(lambda r: r + torch.randn(3))(torch.ones(0, 3))
    torch.manual_seed(0)
    out = torch.vmap(lambda r: r + torch.randn(3), randomness="different")(torch.ones(0, 3))
    assert out.shape == (0, 3)
    # PyTorch: the next draws after the empty vmap are seed 0's first ones
    np.testing.assert_allclose(torch.randn(2).numpy(), [1.5409961, -0.2934289], rtol=1e-6)
