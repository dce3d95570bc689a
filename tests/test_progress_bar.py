"""fit's progress bar: a widget in a notebook with ipywidgets, text without it, no warning."""

import importlib.util
import sys

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

TRAIN = """
import warnings
warnings.simplefilter("always")
import numpy as np
import nn, optim
model = nn.Linear(4, 2)
X, y = np.zeros((64, 4), np.float32), np.zeros(64, np.int64)
h = nn.training.fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1),
                    (X, y), epochs=2, batch_size=8)
"""


def _run(cells: list[str]) -> list[list[dict]]:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in cells]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3").execute()
    return [c.outputs for c in nb.cells]


def _text(outputs: list[dict]) -> str:
    return "".join(o.get("text", "") for o in outputs if o["output_type"] == "stream")


def _widgets(outputs: list[dict]) -> int:
    return sum(
        "application/vnd.jupyter.widget-view+json" in o.get("data", {})
        for o in outputs
        if o["output_type"] == "display_data"
    )


def test_notebook_progress_bar_without_and_with_ipywidgets():
    # First without ipywidgets (hidden from the kernel): a text bar, no "IProgress" warning.
    cells = ["import sys; sys.modules['ipywidgets'] = None\n" + TRAIN]
    have_widgets = importlib.util.find_spec("ipywidgets") is not None
    if have_widgets:
        cells.append("del sys.modules['ipywidgets']\n" + TRAIN)
    outputs = _run(cells)
    text = _text(outputs[0])
    assert "IProgress" not in text and "Warning" not in text
    assert "epoch 1/2:   0%" in text and "/8 [" in text  # the text bar
    assert "epoch 2/2  loss" in text  # the line per epoch
    assert _widgets(outputs[0]) == 0
    if have_widgets:
        assert _widgets(outputs[1]) == 2  # one widget bar per epoch
        assert "IProgress" not in _text(outputs[1]) and "Warning" not in _text(outputs[1])


def test_terminal_and_pipe(capsys):
    from nn.training.loop import _progress

    assert _progress(10, "epoch 1/1", enabled=False) is None
    assert not sys.stderr.isatty() and _progress(10, "epoch 1/1", enabled=True) is None
