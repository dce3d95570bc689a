"""nn.summary: layers in call order, output shapes, parameter counts."""

import numpy as np
import pytest

import nn


def test_summary_of_a_cnn():
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1), nn.BatchNorm2d(8), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(8 * 14 * 14, 10),
    )  # fmt: skip
    model[1].requires_grad_(False)
    model.train()
    s = nn.summary(model, (2, 1, 28, 28))
    assert [r["type"] for r in s.rows] == [
        "Sequential", "Conv2d", "BatchNorm2d", "ReLU", "MaxPool2d", "Flatten", "Linear"
    ]  # fmt: skip
    assert [r["output_shape"] for r in s.rows][1:] == [
        (2, 8, 28, 28), (2, 8, 28, 28), (2, 8, 28, 28), (2, 8, 14, 14), (2, 1568), (2, 10)
    ]  # fmt: skip
    assert s.rows[0]["depth"] == 0 and s.rows[1]["depth"] == 1
    assert [r["params"] for r in s.rows] == [0, 80, 16, 0, 0, 0, 15690]
    assert s.total_params == sum(p.size for p in model.parameters()) == 15786
    assert s.trainable_params == 15770 and s.non_trainable_params == 16
    assert model.training  # the mode is restored
    assert "forward" not in vars(model[0])  # nothing left patched
    text = str(s)
    assert "0 (Conv2d)" in text and "[2, 8, 14, 14]" in text and "15,690" in text
    assert "Non-trainable params: 16" in text and "Input shape: [2, 1, 28, 28]" in text


def test_summary_of_several_outputs_inputs_and_integer_inputs():
    s = nn.summary(nn.LSTM(4, 16, batch_first=True), (2, 5, 4))
    assert s.rows[0]["output_shape"] == [(2, 5, 16), (1, 2, 16), (1, 2, 16)]
    s = nn.summary(nn.Embedding(10, 4), (2, 3), dtype=np.int64)
    assert s.rows[0]["output_shape"] == (2, 3, 4)
    s = nn.summary(nn.Linear(3, 2), input_data=np.ones((5, 3), dtype=np.float32))
    assert s.rows[0]["output_shape"] == (5, 2) and s.input_shape == (5, 3)


def test_summary_shared_module_counts_parameters_once():
    lin = nn.Linear(4, 4)
    s = nn.summary(nn.Sequential(lin, nn.ReLU(), lin), (1, 4))
    assert [r["type"] for r in s.rows].count("Linear") == 2
    assert s.total_params == 20


def test_summary_errors_say_what_to_pass():
    with pytest.raises(TypeError, match=r"batch first, e.g. \(1, 64\)"):
        nn.summary(nn.Linear(64, 2), 64)
    with pytest.raises(TypeError, match="input_shape .* or input_data"):
        nn.summary(nn.Linear(64, 2))
    with pytest.raises(TypeError, match="must be an nn.Module"):
        nn.summary(lambda x: x, (1, 2))
