"""nn.playground without a server: data sets, the settings' rules, Session, SessionManager."""

import base64

import numpy as np
import pytest

from nn.playground import DATASETS, Config, ConfigError, Session, validate
from nn.playground.datasets import make_circle, make_gaussians, make_spiral, make_xor
from nn.playground.manager import SessionManager, TooManySessions
from nn.playground.session import GRID, THUMB

XOR_FAST = {"dataset": "xor", "hidden": [8, 8], "activation": "relu", "optimizer": "adam"}


# ---------------------------------------------------------------- data sets


@pytest.mark.parametrize("name", list(DATASETS))
def test_datasets_shapes_and_seed(name):
    make, problem = DATASETS[name]
    X, y = make(100, 0.2, seed=3)
    assert X.shape == (100, 2) and X.dtype == np.float32 and y.shape == (100,)
    assert np.abs(X).max() < 9
    if problem == "classification":
        assert y.dtype == np.int64 and set(np.unique(y)) == {0, 1}
    else:
        assert y.dtype == np.float32 and np.abs(y).max() <= 1.25
    X2, y2 = make(100, 0.2, seed=3)
    np.testing.assert_array_equal(X, X2)
    np.testing.assert_array_equal(y, y2)
    assert not np.array_equal(X, make(100, 0.2, seed=4)[0])


def test_dataset_geometry_without_noise():
    X, y = make_circle(400, 0.0)
    r = np.hypot(X[:, 0], X[:, 1])
    assert np.all(r[y == 1] < 2.5) and np.all(r[y == 0] >= 3.5) and y.sum() == 200
    X, y = make_xor(400, 0.0)
    assert np.all((X[:, 0] * X[:, 1] >= 0) == (y == 1)) and np.abs(X).min() >= 0.3
    X, y = make_gaussians(400, 0.0)
    assert X[y == 1].mean() > 1.5 and X[y == 0].mean() < -1.5
    X, y = make_spiral(400, 0.0)
    assert np.hypot(*X.T).max() < 5 and y.sum() == 200


def test_noise_flips_labels_near_the_border():
    _, clean = make_xor(500, 0.0, seed=1)
    X, noisy = make_xor(500, 0.5, seed=1)
    assert np.all((X[:, 0] * X[:, 1] >= 0) == (clean == 1))
    assert 0 < np.sum((X[:, 0] * X[:, 1] >= 0) != (noisy == 1)) < 250


# ---------------------------------------------------------------- rules


def test_validate_defaults_and_strings():
    assert validate({}) == Config()
    c = validate({"learning_rate": " 0.3 ", "seed": "42", "hidden": ["3", 5], "noise": 10})
    assert (c.learning_rate, c.seed, c.hidden, c.noise) == (0.3, 42, (3, 5), 10)
    assert validate({"hidden": []}).hidden == ()  # no hidden layer: logistic regression
    assert validate({"features": ["x2", "x1"]}).features == ("x1", "x2")  # the page's order


@pytest.mark.parametrize(
    "settings, field, message",
    [
        ({"learning_rate": -0.1}, "learning_rate",
         "Learning rate must be greater than 0 (got -0.1)"),
        ({"learning_rate": "0"}, "learning_rate", "Learning rate must be greater than 0 (got 0)"),
        ({"learning_rate": "abc"}, "learning_rate", "Learning rate must be a number, not “abc”"),
        ({"learning_rate": "inf"}, "learning_rate", "Learning rate must be a number, not “inf”"),
        ({"learning_rate": ""}, "learning_rate", "Learning rate is empty; enter a number"),
        ({"learning_rate": None}, "learning_rate", "Learning rate must be a number"),
        ({"reg_rate": "11"}, "reg_rate", "Regularization rate must be between 0 and 10 (got 11)"),
        ({"seed": "1.5"}, "seed", "Seed must be a whole number, not 1.5"),
        ({"seed": True}, "seed", "Seed must be a whole number"),
        ({"hidden": [4, 10000]}, "hidden", "Neurons per layer must be between 1 and 8 (got 10000)"),
        ({"hidden": [0]}, "hidden", "Neurons per layer must be between 1 and 8 (got 0)"),
        ({"hidden": [2] * 7}, "hidden", "Hidden layers: at most 6 (got 7)"),
        ({"hidden": 3}, "hidden", "Hidden layers must be a list of unit counts"),
        ({"features": []}, "features", "Features: turn on at least 1 input feature"),
        ({"activation": "gelu"}, "activation", "Activation must be one of relu, tanh, sigmoid, "
         "linear (got “gelu”)"),
        ({"problem": "regression"}, "dataset", "Data set circle is for classification; for "
         "regression choose plane or multigauss"),
    ],
)  # fmt: skip
def test_validate_refuses_with_a_message(settings, field, message):
    with pytest.raises(ConfigError) as e:
        validate(settings)
    assert e.value.errors == {field: message}


def test_validate_lists_every_fault_and_unknown_fields():
    with pytest.raises(ConfigError) as e:
        validate({"learning_rate": "x", "noise": 99, "colour": "red"})
    assert set(e.value.errors) == {"learning_rate", "noise", "colour"}
    assert "unknown setting 'colour'" in e.value.errors["colour"]


# ---------------------------------------------------------------- Session


def _weights(s: Session) -> list[np.ndarray]:
    return [p.data.copy() for p in s.model.parameters()]


def test_same_seed_same_run_other_seed_other_run():
    runs = []
    for seed in (5, 5, 6):
        s = Session({"seed": seed, "dataset": "spiral"})
        for _ in range(3):
            s.step()
        runs.append((s.X_train, _weights(s), s.history))
    np.testing.assert_array_equal(runs[0][0], runs[1][0])
    for a, b in zip(runs[0][1], runs[1][1]):
        np.testing.assert_array_equal(a, b)
    assert runs[0][2] == runs[1][2]
    assert not np.array_equal(runs[0][0], runs[2][0])


def test_interleaved_sessions_do_not_disturb_each_other():
    alone = Session({"seed": 1})
    for _ in range(2):
        alone.step()
    a, b = Session({"seed": 1}), Session({"seed": 2})
    for _ in range(2):
        a.step()
        b.step()
    for x, y in zip(_weights(alone), _weights(a)):
        np.testing.assert_array_equal(x, y)


def test_xor_reaches_full_test_accuracy():
    s = Session(XOR_FAST)
    assert s.metrics()["test_acc"] < 0.9
    for _ in range(30):
        s.step()
        if s.metrics()["test_acc"] == 1.0:
            break
    m = s.metrics()
    assert m["test_acc"] == 1.0 and m["train_acc"] == 1.0 and m["test_loss"] < 0.1


def test_epochs_batches_and_history():
    s = Session({"batch_size": 30, "train_ratio": 50})  # 250 points: 9 batches per epoch
    assert s.batches_per_epoch == 9 and s.epoch == 0 and len(s.history) == 1
    assert s.train_batches(4) == 4 and s.epoch == 0
    assert s.train_batches(100) == 5 and s.epoch == 1  # stops at the end of the epoch
    s.step()
    assert s.epoch == 2 and s.batches == 18 and [h[0] for h in s.history] == [0, 1, 2]
    s.reset()
    assert s.epoch == 0 and s.batches == 0 and len(s.history) == 1


def test_history_is_thinned_not_unbounded():
    s = Session({"hidden": [], "batch_size": 30, "train_ratio": 10})  # 2 batches per epoch
    for _ in range(1100):
        s.train_batches(2)
    assert s.epoch == 1100 and len(s.history) <= 500
    epochs = [h[0] for h in s.history]
    assert epochs[0] == 0 and epochs == sorted(epochs) and epochs[-1] >= 1000


def test_configure_live_settings_keep_training_others_restart():
    s = Session()
    s.step()
    before = _weights(s)
    assert s.configure({"learning_rate": "0.1", "optimizer": "adam", "batch_size": 5}) is False
    assert s.epoch == 1 and s.optimizer.param_groups[0]["lr"] == 0.1
    for a, b in zip(before, _weights(s)):
        np.testing.assert_array_equal(a, b)
    assert s.configure({"hidden": [3]}) is True
    assert s.epoch == 0 and s.model[0].out_features == 3


def test_configure_refuses_bad_settings_and_keeps_the_old_ones():
    s = Session()
    with pytest.raises(ConfigError) as e:
        s.configure({"learning_rate": "-1", "hidden": [10_000]})
    assert set(e.value.errors) == {"learning_rate", "hidden"}
    assert s.config == Config()


def test_l2_regularization_shrinks_weights():
    norms = {}
    for reg in ("none", "L2"):
        s = Session({"regularization": reg, "reg_rate": 0.3, "learning_rate": 0.1})
        for _ in range(5):
            s.step()
        norms[reg] = sum(float((w**2).sum()) for w in _weights(s)[::2])
    assert norms["L2"] < 0.5 * norms["none"]


def test_regression_trains_and_reports_no_accuracy():
    s = Session({"problem": "regression", "dataset": "plane", "hidden": [2]})
    first = s.metrics()["test_loss"]
    for _ in range(10):
        s.step()
    m = s.metrics()
    assert m["test_acc"] is None and m["test_loss"] < first


def test_frame_contents():
    s = Session({"hidden": [3, 2], "features": ["x1", "x2", "sin(x1)"]})
    f = s.frame()
    assert len(base64.b64decode(f["output"])) == GRID * GRID
    assert [len(layer) for layer in f["neurons"]] == [3, 2]
    assert len(base64.b64decode(f["neurons"][0][0])) == THUMB * THUMB
    assert [np.shape(w) for w in f["weights"]] == [(3, 3), (2, 3), (1, 2)]
    assert f["epoch"] == 0 and 0 <= f["test_acc"] <= 1 and f["history"][0][0] == 0
    p = s.points()
    assert len(p["train"]) == 250 and len(p["test"]) == 250 and len(p["train"][0]) == 3


def test_output_plane_matches_the_model():
    s = Session(XOR_FAST)
    for _ in range(10):
        s.step()
    out, neurons = s.planes(4)  # cell centres at +-1.5, +-4.5, rows from the top
    grid = out.reshape(4, 4)
    assert grid[0, 0] < 0 and grid[0, 3] > 0 and grid[3, 0] > 0 and grid[3, 3] < 0
    assert all(np.all(v >= 0) for v in neurons[0])  # ReLU outputs


def test_graph_draws_the_loss_with_module_names():
    s = Session({"regularization": "L1", "reg_rate": 0.01})
    source = s.graph().source
    for name in ("hidden1.weight", "output.bias", "act1: Tanh", "features", "|grad|·|value|"):
        assert name in source
    assert s.epoch == 0 and all(p.grad is None for p in s.model.parameters())


# ---------------------------------------------------------------- SessionManager


def test_manager_caps_and_frees_sessions():
    m = SessionManager(max_sessions=2)
    a, _ = m.open()
    b, _ = m.open({"dataset": "xor"})
    assert len(m) == 2 and a != b and m.get(b).config.dataset == "xor"
    with pytest.raises(TooManySessions, match="2 open sessions"):
        m.open()
    m.close(a)
    m.close(a)
    assert len(m) == 1 and a not in m
    c, _ = m.open()
    assert c not in (a, b)


def test_manager_reaps_idle_sessions():
    now = [0.0]
    m = SessionManager(max_sessions=4, idle_timeout=10.0, clock=lambda: now[0])
    a, _ = m.open()
    b, _ = m.open()
    now[0] = 8.0
    m.touch(b)
    now[0] = 12.0
    assert m.reap() == [a] and len(m) == 1
    now[0] = 30.0
    assert m.reap() == [b] and len(m) == 0


def test_manager_checks_its_arguments():
    with pytest.raises(ValueError, match="max_sessions"):
        SessionManager(max_sessions=0)
    with pytest.raises(ValueError, match="idle_timeout"):
        SessionManager(idle_timeout=0)
