"""nn.demo: the main job writes a valid graph.svg, learning_curves.png and model.npz."""

import shutil
import xml.etree.ElementTree as ET

import matplotlib.image
import numpy as np
import pytest

import nn
from nn import demo

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


@needs_dot
def test_demo_writes_valid_outputs(tmp_path, capsys):
    assert demo.main(["--epochs", "3", "--out", tmp_path, "--no-progress"]) == 0
    out = capsys.readouterr().out
    assert "test accuracy:" in out and "graph.svg" in out

    root = ET.parse(tmp_path / "graph.svg").getroot()
    assert root.tag.endswith("svg")
    groups = [g.get("class") for g in root.iter("{http://www.w3.org/2000/svg}g")]
    assert "cluster" in groups  # nodes grouped by module
    titles = " ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text"))
    assert "weight" in titles

    img = matplotlib.image.imread(tmp_path / "learning_curves.png")
    assert img.ndim == 3 and min(img.shape[:2]) > 100

    state = nn.load(tmp_path / "model.npz")
    model = demo.build_model("mlp", "digits")
    model.load_state_dict(state)
    X_train, X_test, y_train, y_test = demo.load_data("digits", "mlp")
    acc = nn.training.evaluate(model, (X_test, y_test))["accuracy"]
    assert acc > 0.85
    assert f"{acc:.2%}" in out  # the saved model is the one that was tested


@needs_dot
def test_demo_cnn_on_mnist(tmp_path):
    res = demo.run("mnist", "cnn", epochs=1, out=tmp_path, progress=False, attack=False)
    assert res["accuracy"] > 0.8
    assert (tmp_path / "graph.svg").stat().st_size > 1000
    state = nn.load(tmp_path / "model.npz")
    assert state["0.weight"].shape == (8, 1, 3, 3)


def test_demo_data_split_is_a_stratified_quarter():
    X_train, X_test, y_train, y_test = demo.load_data("digits", "mlp", seed=0)
    assert len(X_test) == pytest.approx((len(X_train) + len(X_test)) / 4, abs=1)
    np.testing.assert_allclose(
        np.bincount(y_test) / len(y_test), np.bincount(y_train) / len(y_train), atol=0.01
    )
    X_img, *_ = demo.load_data("digits", "cnn")
    assert X_img.shape[1:] == (1, 8, 8)
