"""What a drawing shows and how it is laid out: after backward, functions as one node, op
labels, the column it is shown in, gradient flow across batch sizes, unrolled loops."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, draw
from autograd.drawing import layout, style

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


def labels(g) -> list[str]:
    """The plain labels of the drawing's op nodes (DOT's \\n as a line break)."""
    found = re.findall(
        r'^\s*[oc]\d+ \[label="?((?:[^"\\]|\\.)*?)"? (?:fillcolor|margin)', g.source, re.M
    )
    return [x.replace("\\n", "\n") for x in found]


def test_drawing_lives_in_a_package_that_cannot_shadow_the_function():
    code = (
        "from autograd.drawing import GraphvizNotFoundError\n"
        "import autograd, autograd.drawing.style\n"
        "x = autograd.Tensor(1.0, requires_grad=True)\n"
        "assert callable(autograd.draw), autograd.draw\n"
        "assert 'digraph' in autograd.draw(x * 2).source\n"
        "assert autograd.GraphvizNotFoundError is GraphvizNotFoundError\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_functions_are_one_node_and_expand_to_their_ops():
    x = Tensor(np.arange(6.0).reshape(2, 3), requires_grad=True, name="x")
    y = Tensor(np.ones((2, 3)), name="y")
    loss = (
        nn.functional.mse_loss(x, y)
        + x.std()
        + nn.functional.binary_cross_entropy_with_logits(x, y)
    )
    folded = labels(draw(loss))
    assert sorted(folded) == ["Add", "Add", "binary_cross_entropy_with_logits", "mse_loss", "std"]
    src = draw(loss).source
    assert src.count("peripheries=2") == 3  # functions of several ops: a double border
    opened = labels(draw(loss, expand=True))
    assert {"Sub", "Mul", "Sum", "Div", "Sqrt", "Log1pExp"} <= set(opened)
    assert not {"mse_loss", "std"} & set(opened)
    assert re.search(r"label=\"?mse_loss\"? ", draw(loss, expand=True).source)  # its cluster
    only_std = labels(draw(loss, expand="std"))
    assert "mse_loss" in only_std and "std" not in only_std
    assert any(x.startswith("Var\n") for x in only_std)  # var: one op
    # a number a function used (the n of mean) is not drawn with it folded
    assert "data 6" not in draw(x.mean()).source


def test_module_functions_and_ops_are_labelled_by_what_users_know():
    autograd.manual_seed(0)
    model = nn.Sequential(
        nn.Conv2d(1, 2, 3, stride=2, padding=1),
        nn.ReLU(),
        nn.Flatten(),
        nn.Linear(2 * 4 * 4, 5),
        nn.LayerNorm(5),
        nn.Dropout(0.5),
    )
    out = model(autograd.randn(4, 1, 8, 8))
    loss = nn.functional.cross_entropy(out, Tensor(np.arange(4))) + out[:, 1].sum()
    src = draw(loss, model=model).source
    for internal in ("Affine", "geom=", "needs_input_grad", "GetItem", "Reshape", "object at"):
        assert internal not in src
    found = labels(draw(loss, model=model))
    assert "0: Conv2d 3×3\nstride 2\npadding 1" in found
    assert {"1: ReLU", "2: Flatten", "3: Linear", "4: LayerNorm", "cross_entropy"} <= set(found)
    assert any(x.startswith("5: Dropout") for x in found)
    assert "x[:, 1]" in found  # indexing as Python writes it
    named = Tensor(np.ones((3, 4)), requires_grad=True, name="h")
    assert labels(draw(named[..., 1:3].sum())) == ["Sum", "h[..., 1:3]"]


@needs_dot
def test_show_nothing_draws_no_empty_boxes():
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    loss = model(autograd.randn(2, 3)).pow(2).sum()
    src = draw(loss, model=model, show=(), legend=False).source
    assert "<TD></TD>" not in src and "<TD> </TD>" not in src
    tables = re.findall(r"<TABLE BORDER=\"\d\"[^>]*>(.*?)</TABLE>", src)
    assert all(re.sub(r"<[^>]+>", "", t).strip() for t in tables)  # each with its name
    assert "64×" not in src and "float32" not in src  # no shapes: intermediates are elided


def test_one_element_values_are_numbers():
    w = Tensor(np.array([[0.99991]], dtype=np.float32), requires_grad=True, name="w")
    src = draw((w * 2).sum()).source
    assert "data 0.9999" in src and "[[" not in src


def test_after_backward_values_go_and_shapes_stay():
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 8), nn.Tanh(), nn.Linear(8, 2))
    x = Tensor(np.ones((4, 3), dtype=np.float32), name="x")
    held = model[0](x)  # a tensor the user keeps: its values stay
    loss = model[2](model[1](held)).sum()
    loss.backward()
    g = draw(loss, model=model)
    src = g.source
    assert "values freed by backward()" in src
    assert src.count("4×8 float32") == 2  # the Linear's output (held) and Tanh's (freed)
    assert "min " not in src  # (no stats asked)
    s = draw(loss, model=model, show=("shape", "stats")).source
    assert s.count("data min") == 1 + 4  # the held activation and the four parameters
    assert "grad min" in s  # the parameters' stored gradients


def test_beyond_the_kept_structure_a_note_says_what_went(monkeypatch):
    from autograd import engine

    monkeypatch.setattr(engine, "KEEP_STRUCTURE", 3)
    x = Tensor(1.0, requires_grad=True, name="x")
    y = x
    for _ in range(6):
        y = y * 1.5 + 1
    y.backward()
    src = draw(y).source
    assert "inputs freed by backward()" in src and "3 nodes nearest its output" in src
    assert src.count("Add") + src.count("Mul") >= 3


def _mlp_loss(batch: int, repeat: int = 1):
    """A healthy tanh MLP's loss on `batch` points, the batch given `repeat` times."""
    autograd.manual_seed(0)
    model = nn.Sequential(
        nn.Linear(4, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 1)
    )
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, 4)).astype(np.float32)
    y = (x[:, :1] * 2 - x[:, 1:2]).astype(np.float32)
    x, y = np.tile(x, (repeat, 1)), np.tile(y, (repeat, 1))
    return model, nn.functional.mse_loss(model(Tensor(x)), Tensor(y))


def _classes(model, loss, stat) -> list[int | None]:
    """The gradient-flow colour of every tensor and edge drawn, in order."""
    src = draw(loss, model=model, gradient_flow=True, flow_stat=stat, show=()).source
    return [
        style.FLOW_PALETTE.index(c)
        for c in re.findall(r"(#[0-9a-f]{6})", src)
        if c in style.FLOW_PALETTE
    ]


def test_gradient_flow_colours_do_not_depend_on_the_batch_size():
    # the same 32 points, once and 16 times over (a batch of 512): the same loss and the same
    # parameter gradients; each activation's gradient is 16 times smaller per element
    small, large = _mlp_loss(32), _mlp_loss(32, 16)
    assert float(small[1].item()) == pytest.approx(float(large[1].item()), rel=1e-5)
    assert _classes(*small, "relative") == _classes(*large, "relative")
    assert _classes(*small, "mean_abs") != _classes(*large, "mean_abs")  # (what it replaces)


@pytest.mark.parametrize("cell", [nn.RNN, nn.LSTM, nn.GRU])
def test_a_recurrent_layer_unrolls_into_its_steps(cell):
    autograd.manual_seed(0)
    rnn = cell(1, 2)
    x = Tensor(np.array([[[0.1]], [[0.5]], [[0.9]]], dtype=np.float32), name="x")
    out = rnn(x)[0]
    loss = out.sum()
    fused = labels(draw(loss, model=rnn))
    assert any(x.endswith("all steps") for x in fused)
    steps = [x for x in labels(draw(loss, model=rnn, unroll=True)) if "Cell" in x]
    name = {"RNN": "RNNCell", "LSTM": "LSTMCell", "GRU": "GRUCell"}[cell.__name__]
    assert sorted(steps) == [f"{name}\nt={t}" for t in (1, 2, 3)]
    src = draw(loss, model=rnn, unroll=True).source
    assert src.count("rnn.weight_hh_l0") == 0 and "weight_hh_l0" in src
    # the steps' own gradients: the last hidden state gets d(sum)/dh = 1 from the output
    expanded = draw(loss, model=rnn, unroll=True, expand=True)
    assert "MatMul" in labels(expanded)
    loss.backward()  # drawn after backward too (shapes, no values)
    assert "Cell" in draw(loss, model=rnn, unroll=True).source


def test_the_direction_fits_the_column():
    x = Tensor(2.0, requires_grad=True, name="x")
    y = (x * 3 + 1).tanh()
    assert "rankdir=LR" in draw(y).source  # small: left to right, micrograd's look
    assert "rankdir=TB" in draw(y, max_width=150).source  # a narrow column
    assert "rankdir=BT" in draw(y, rankdir="BT").source
    autograd.manual_seed(0)
    deep = nn.Sequential(*[m for _ in range(6) for m in (nn.Linear(8, 8), nn.Tanh())])
    assert "rankdir=TB" in draw(deep(autograd.randn(2, 8)).sum(), model=deep).source


def test_long_chains_fold_into_columns_and_repeats_are_drawn_once():
    autograd.manual_seed(0)
    layers = []
    for _ in range(20):
        layers += [nn.Linear(4, 4), nn.Sigmoid()]
    deep = nn.Sequential(*layers)
    loss = deep(autograd.randn(2, 4)).sum()
    folded = draw(loss, model=deep, gradient_flow=True, collapse=True, show=()).source
    assert "newrank=true" in folded and folded.count("rank=same") >= 5
    plain = draw(loss, model=deep, show=("shape",)).source  # side inputs: not folded
    assert "newrank" not in plain
    assert "2 … 37: 18 more ×\\nLinear → Sigmoid" in plain  # the first, 18 more, the last
    assert "0: Linear" in plain and "38: Linear" in plain and "20: Linear" not in plain
    assert "more ×" not in draw(loss, model=deep, rankdir="TB").source  # asked: all of it


def test_size_estimates_follow_dot():
    # the estimate picks the direction: it must be close to what dot lays out
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    g = draw(model(autograd.randn(2, 3)).sum(), model=model, rankdir="LR")
    if shutil.which("dot") is None:
        pytest.skip("Graphviz's dot is missing")
    svg = g.pipe(format="svg").decode()
    width = float(re.search(r'<svg width="([\d.]+)pt"', svg).group(1))
    assert layout.budget_pt(900, 11) == pytest.approx(1100)
    plan_width = layout.node_size({"shape": "ellipse", "label": "0: Linear"})[0]
    assert 40 < plan_width < 120 and width > 3 * plan_width
