"""PyTorch options graphgrad does not have fail with an error that says what to write."""

from __future__ import annotations

import pytest

import autograd
import nn
import nn.functional as F

X = autograd.ones(1, 1, 4, 4)

CASES = [
    (lambda: nn.LSTM(3, 4, proj_size=2), r"nn.Linear\(hidden_size, 2, bias=False\)"),
    (lambda: F.interpolate(X, size=2, mode="bilinear", antialias=True), "blur the input"),
]


@pytest.mark.parametrize("make, advice", CASES)
def test_unsupported_options_say_what_to_write(make, advice):
    with pytest.raises(NotImplementedError, match=advice):
        make()


def test_pytorchs_defaults_are_accepted_positionally():
    lstm = nn.LSTM(3, 4, 2, True, True, 0.0, False, 0)
    assert lstm.num_layers == 2 and lstm.batch_first
    assert nn.GRU(3, 4, 1, True, False, 0.0, True).bidirectional  # bidirectional, positional
    assert nn.RNN(3, 4, 1, "relu", True, False, 0.0, False).nonlinearity == "relu"
    assert nn.MaxPool2d(2, 2, 0, 1, False, False)(X).shape == (1, 1, 2, 2)
    assert nn.AvgPool2d(3, 1, 1, False, True, None)(X).shape == (1, 1, 4, 4)
    assert F.max_pool2d(X, 2, 2, 0, 1, False, False).shape == (1, 1, 2, 2)
    assert F.avg_pool2d(X, 2, 2, 0, False, True, None).shape == (1, 1, 2, 2)


def test_pooling_options_are_pytorchs():
    x = autograd.arange(16.0).reshape(1, 1, 4, 4)
    # PyTorch 2.13, F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)[0, 0, 0]
    ours = F.avg_pool2d(x, 3, 1, 1, count_include_pad=False)
    assert ours[0, 0, 0].tolist() == pytest.approx([2.5, 3.0, 4.0, 4.5])
    # PyTorch 2.13: nn.MaxPool2d(3, 2, ceil_mode=True) on 4 x 4 gives 2 x 2 (floor: 1 x 1)
    assert nn.MaxPool2d(3, 2, ceil_mode=True)(x).tolist() == [[[[10.0, 11.0], [14.0, 15.0]]]]
    assert F.avg_pool2d(x, 2, divisor_override=3)[0, 0, 0].tolist() == pytest.approx([10 / 3, 6])
