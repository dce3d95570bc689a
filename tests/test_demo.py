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


@pytest.mark.parametrize(
    "args, message",
    [
        (["--epochs", "0"], "argument --epochs: must be >= 1, got 0"),
        (["--batch-size", "0"], "argument --batch-size: must be >= 1, got 0"),
        (["--epochs", "two"], "argument --epochs: expected an integer >= 1, got 'two'"),
        (["--lr", "0"], "argument --lr: must be > 0, got 0"),
        (["--val-fraction", "1"], "argument --val-fraction: must be > 0 and < 1, got 1"),
        (["--threads", "0"], "argument --threads: must be >= 1, got 0"),
        (["--seed", "-1"], "argument --seed: must be >= 0, got -1"),
        (["--dataset", "cifar"], "argument --dataset: invalid choice: 'cifar'"),
        (["--out", __file__], "exists and is not a folder"),
    ],
)
def test_demo_options_are_checked_with_one_line_errors(args, message, capsys):
    with pytest.raises(SystemExit) as info:
        demo.main(args)
    assert info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert message in err[-1] and err[-1].startswith("graphgrad-demo: error:")
    assert not any("Traceback" in line for line in err)


def test_demo_every_option_has_help():
    for action in demo._parser()._actions:
        assert action.help, action.option_strings


def test_demo_validates_on_a_split_of_the_training_set_not_the_test_set():
    X_train, X_test, y_train, y_test = demo.load_data("digits", "mlp", seed=0)
    X_tr, X_val, y_tr, y_val = demo.split_validation(X_train, y_train, 1 / 6, seed=0)
    assert len(X_tr) + len(X_val) == len(X_train)
    assert len(X_val) == pytest.approx(len(X_train) / 6, abs=1)
    rows = {r.tobytes() for r in X_test}
    assert not any(r.tobytes() in rows for r in X_val)  # no test image is used to validate
    np.testing.assert_allclose(
        np.bincount(y_val) / len(y_val), np.bincount(y_tr) / len(y_tr), atol=0.02
    )
