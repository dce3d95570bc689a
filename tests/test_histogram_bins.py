"""histogram / histogramdd refuse bad bins as PyTorch 2.13 does (its messages, recorded)."""

import numpy as np
import pytest

import autograd as torch

X = torch.tensor([1.0, 2.0, 1.0, 4.0])
P = torch.tensor([[1.0, 2.0], [1.0, 4.0]])


@pytest.mark.parametrize(
    "call, message",
    [
        (
            lambda: torch.histogram(X, torch.tensor([0.0, 2.0, 5.0], dtype=torch.float64)),
            "torch.histogramdd: input tensor and bins tensors should have the same dtype, but "
            "got input with dtype float and bins for dimension 0 with dtype double",
        ),
        (
            lambda: X.histogram(torch.tensor([0, 2, 5])),
            "torch.histogramdd: input tensor and bins tensors should have the same dtype, but "
            "got input with dtype float and bins for dimension 0 with dtype long int",
        ),
        (
            lambda: torch.histogram(X, bins=0),
            "torch.histogram(): bins must be > 0, but got 0 for dimension 0",
        ),
        (
            lambda: torch.histogram(X, bins=-2),
            "torch.histogram(): bins must be > 0, but got -2 for dimension 0",
        ),
        (
            lambda: torch.histogram(X, torch.tensor([1.0])),
            "torch.histogram(): bins must be > 0, but got 0 for dimension 0",
        ),
        (
            lambda: torch.histogram(X, torch.tensor([[0.0, 1.0], [2.0, 3.0]])),
            "torch.histogramdd: bins tensor should have one dimension, but got 2 dimensions in "
            "the bins tensor for dimension 0",
        ),
        (
            lambda: torch.histogramdd(P, bins=[2, 0]),
            "torch.histogram(): bins must be > 0, but got 0 for dimension 1",
        ),
        (
            lambda: torch.histogramdd(
                P, [torch.tensor([0.0, 2.0]), torch.tensor([0.0, 5.0]).double()]
            ),
            "torch.histogramdd: input tensor and bins tensors should have the same dtype, but "
            "got input with dtype float and bins for dimension 1 with dtype double",
        ),
    ],
)
def test_bad_bins_are_refused_with_pytorchs_message(call, message):
    with pytest.raises(RuntimeError) as e:
        call()
    assert str(e.value) == message


def test_good_bins_still_count():
    # PyTorch: hist [2., 2.] for edges [0, 2, 5]; [2., 1., 1.] for 3 bins over [0, 4]
    hist, edges = torch.histogram(X, torch.tensor([0.0, 2.0, 5.0]))
    np.testing.assert_array_equal(hist.numpy(), [2.0, 2.0])
    np.testing.assert_array_equal(edges.numpy(), [0.0, 2.0, 5.0])
    hist, edges = torch.histogram(X.double(), bins=3, range=(0.0, 4.0))
    np.testing.assert_array_equal(hist.numpy(), [2.0, 1.0, 1.0])
    assert hist.dtype == torch.float64
    # a list of edges (numpy's spelling; PyTorch takes only a tensor) is in the input's dtype
    hist, _ = torch.histogram(X, [0.0, 2.0, 5.0])
    np.testing.assert_array_equal(hist.numpy(), [2.0, 2.0])
