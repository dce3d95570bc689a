"""nn.training: fit, History and its plot, callbacks, evaluate and predict."""

import math

import matplotlib.image
import numpy as np
import pytest

import autograd
import nn
import optim
from nn.data import DataLoader, holdout_split, load_digits, logic_gate
from nn.training import (
    EarlyStopping,
    History,
    LearningRateScheduler,
    ModelCheckpoint,
    accuracy,
    evaluate,
    fit,
    predict,
)


def _mlp(sizes=(64, 32, 10)):
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [nn.Linear(a, b), nn.ReLU()]
    return nn.Sequential(*layers[:-1])


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits()
    return holdout_split(X[:600], y[:600], test_size=0.25, stratify=True, seed=0)


def test_fit_xor_with_logits_accuracy():
    autograd.manual_seed(0)
    X, y = logic_gate("xor")
    y = y.astype(np.float32).reshape(-1, 1)
    model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 1))
    opt = optim.Adam(model.parameters(), lr=0.05)
    h = fit(model, nn.BCEWithLogitsLoss(), opt, (X, y), epochs=300, batch_size=4, progress=False)
    # "accuracy" after a ...WithLogits loss thresholds the logits at 0
    assert h.history["accuracy"][-1] == 1.0
    assert h.history["loss"][-1] < 0.1
    assert ((predict(model, X) > 0) == (y > 0.5)).all()


def test_fit_digits_history_and_evaluate(digits):
    X_tr, X_te, y_tr, y_te = digits
    autograd.manual_seed(0)
    model = _mlp()
    opt = optim.Adam(model.parameters(), lr=3e-3)
    h = fit(model, nn.CrossEntropyLoss(), opt, (X_tr, y_tr), val_data=(X_te, y_te), epochs=8,
            progress=False)  # fmt: skip
    assert isinstance(h, History) and h.epoch == list(range(8)) and len(h) == 8
    for key in ("loss", "accuracy", "val_loss", "val_accuracy", "lr"):
        assert len(h.history[key]) == 8, key
    assert h.history["loss"][-1] < h.history["loss"][0]
    assert h.history["val_accuracy"][-1] > 0.9
    res = evaluate(model, (X_te, y_te), nn.CrossEntropyLoss())
    assert set(res) == {"loss", "accuracy"}
    assert math.isclose(res["accuracy"], h.history["val_accuracy"][-1])
    assert math.isclose(res["loss"], h.history["val_loss"][-1], rel_tol=1e-5)
    out = predict(model, X_te, batch_size=7)
    assert out.shape == (len(X_te), 10) and isinstance(out, np.ndarray)
    assert math.isclose(accuracy(out, y_te), res["accuracy"])
    assert 0 < h.timing["model"] <= h.timing["total"]
    assert model.training  # fit leaves train mode; evaluate/predict restore it


def test_fit_accepts_loaders_and_restores_modes(digits):
    X_tr, X_te, y_tr, y_te = digits
    autograd.manual_seed(1)
    model = nn.Sequential(nn.Linear(64, 32), nn.Dropout(0.1), nn.ReLU(), nn.Linear(32, 10))
    modes = []

    def mode(output, target):
        modes.append(model.training)
        return 0.0

    loader = DataLoader((X_tr, y_tr), batch_size=16, shuffle=True, seed=0)
    val = DataLoader((X_te, y_te), batch_size=64)
    opt = optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    h = fit(model, nn.CrossEntropyLoss(), opt, loader, val, epochs=2, metrics=["acc", mode],
            progress=False)  # fmt: skip
    assert {"acc", "mode", "val_acc", "val_mode"} <= set(h.history)
    assert True in modes and False in modes  # training batches in train, validation in eval


def test_same_seed_same_history(digits):
    X_tr, _, y_tr, _ = digits
    runs = []
    for _ in range(2):
        autograd.manual_seed(3)
        model = _mlp()
        opt = optim.SGD(model.parameters(), lr=0.05)
        runs.append(fit(model, nn.CrossEntropyLoss(), opt, (X_tr, y_tr), epochs=2, seed=5,
                        progress=False).history["loss"])  # fmt: skip
    assert runs[0] == runs[1]


def test_progress_bar_goes_to_stderr(digits, capsys):
    X_tr, _, y_tr, _ = digits
    model = _mlp()
    fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.01), (X_tr, y_tr),
        epochs=2, progress=True)  # fmt: skip
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "epoch 2/2" in captured.err and "loss" in captured.err


def test_history_plot_writes_png(digits, tmp_path):
    h = History()
    for e in range(5):
        h.append(e, {"loss": 1 / (e + 1), "accuracy": e / 5, "val_loss": 1.2 / (e + 1),
                     "val_accuracy": e / 6, "lr": 0.1})  # fmt: skip
    path = tmp_path / "sub" / "curves.png"
    fig = h.plot(path)
    assert len(fig.axes) == 2  # loss and accuracy; the learning rate is not plotted
    img = matplotlib.image.imread(path)
    assert img.ndim == 3 and img.shape[0] > 100 and img.shape[1] > 200
    assert h.best("val_loss") == (4, 1.2 / 5)
    assert h.best("val_accuracy") == (4, 4 / 6)


def _overfit_setup(seed=0):
    """A big net on 40 noisy samples with a large learning rate: val loss soon worsens."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(80, 20)).astype(np.float32)
    y = (X[:, 0] > 0).astype(np.int64)
    y[rng.random(80) < 0.3] ^= 1  # label noise
    autograd.manual_seed(seed)
    model = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 2))
    opt = optim.Adam(model.parameters(), lr=0.01)
    return model, opt, (X[:40], y[:40]), (X[40:], y[40:])


def test_early_stopping_restores_best_weights():
    model, opt, train, val = _overfit_setup()
    es = EarlyStopping(monitor="val_loss", patience=3)
    h = fit(model, nn.CrossEntropyLoss(), opt, train, val, epochs=100, batch_size=8,
            callbacks=[es], progress=False)  # fmt: skip
    assert es.stopped_epoch is not None and len(h) < 100  # it did stop early
    assert len(h) == es.stopped_epoch + 1 == es.best_epoch + 1 + 4  # patience 3: 4 worse epochs
    best_epoch, best = h.best("val_loss")
    assert best_epoch == es.best_epoch and best == es.best
    assert h.history["val_loss"][-1] > best  # the last epoch was worse...
    now = evaluate(model, val, nn.CrossEntropyLoss(), metrics=None)["loss"]
    assert math.isclose(now, best, rel_tol=1e-5)  # ...and the best weights are back


def test_early_stopping_without_restore_keeps_last_weights():
    model, opt, train, val = _overfit_setup()
    es = EarlyStopping(patience=3, restore_best_weights=False)
    h = fit(model, nn.CrossEntropyLoss(), opt, train, val, epochs=100, batch_size=8,
            callbacks=[es], progress=False)  # fmt: skip
    now = evaluate(model, val, nn.CrossEntropyLoss(), metrics=None)["loss"]
    assert math.isclose(now, h.history["val_loss"][-1], rel_tol=1e-5)


def test_early_stopping_warns_without_monitored_value(digits):
    X_tr, _, y_tr, _ = digits
    model = _mlp()
    with pytest.warns(RuntimeWarning, match="val_loss"):
        fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.01), (X_tr, y_tr),
            epochs=2, callbacks=[EarlyStopping()], progress=False)  # fmt: skip


def test_model_checkpoint_files_load(tmp_path):
    model, opt, train, val = _overfit_setup(1)
    every = ModelCheckpoint(tmp_path / "ckpt-{epoch:02d}.npz", save_best_only=False)
    best = ModelCheckpoint(tmp_path / "best.npz", monitor="val_loss", save_best_only=True)
    h = fit(model, nn.CrossEntropyLoss(), opt, train, val, epochs=6, batch_size=8,
            callbacks=[every, best], progress=False)  # fmt: skip
    assert [p.name for p in every.saved] == [f"ckpt-{e:02d}.npz" for e in range(1, 7)]
    assert len(best.saved) >= 1 and all(p.exists() for p in every.saved)
    state = nn.load(every.saved[-1])
    assert list(state) == list(model.state_dict())
    for k, v in model.state_dict().items():
        np.testing.assert_array_equal(state[k], v)
    fresh = nn.Sequential(nn.Linear(20, 256), nn.ReLU(), nn.Linear(256, 2))
    fresh.load_state_dict(nn.load(tmp_path / "best.npz"))
    loss = evaluate(fresh, val, nn.CrossEntropyLoss(), metrics=None)["loss"]
    assert math.isclose(loss, min(h.history["val_loss"]), rel_tol=1e-5)
    assert math.isclose(best.best, min(h.history["val_loss"]))


def test_schedulers_step_once_per_epoch(digits):
    X_tr, _, y_tr, _ = digits
    model = _mlp()
    opt = optim.SGD(model.parameters(), lr=0.1)
    h = fit(model, nn.CrossEntropyLoss(), opt, (X_tr, y_tr), epochs=3, progress=False,
            scheduler=optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5))  # fmt: skip
    np.testing.assert_allclose(h.history["lr"], [0.1, 0.05, 0.025])
    opt2 = optim.SGD(model.parameters(), lr=1.0)
    cb = LearningRateScheduler(lambda epoch, lr: 0.1 / (epoch + 1))
    h2 = fit(model, nn.CrossEntropyLoss(), opt2, (X_tr, y_tr), epochs=3, progress=False,
             callbacks=[cb])  # fmt: skip
    np.testing.assert_allclose(h2.history["lr"], [0.1, 0.05, 0.1 / 3])
    opt3 = optim.SGD(model.parameters(), lr=0.1)
    plateau = optim.lr_scheduler.ReduceLROnPlateau(opt3, mode="max", patience=0, factor=0.5)
    fit(model, nn.CrossEntropyLoss(), opt3, (X_tr, y_tr), epochs=2, progress=False,
        callbacks=[LearningRateScheduler(plateau, monitor="accuracy")])  # fmt: skip


def test_accuracy_metric_cases():
    assert accuracy(np.array([[0.1, 0.9], [0.8, 0.2]]), np.array([1, 1])) == 0.5
    assert accuracy(np.array([[0.1, 0.9], [0.8, 0.2]]), np.array([[0, 1], [1, 0]])) == 1.0
    assert accuracy(np.array([0.7, 0.2, 0.6]), np.array([1, 0, 0])) == pytest.approx(2 / 3)
    assert accuracy(np.array([[1.5], [-0.2]]), np.array([1, 0]), threshold=0.0) == 1.0
    with pytest.raises(ValueError, match="unknown metric"):
        fit(_mlp(), nn.CrossEntropyLoss(), None, (np.zeros((2, 64)), np.zeros(2)), metrics=["f2"])
