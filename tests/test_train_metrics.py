"""fit picks metrics from the task; regression metrics are exact over a dataset."""

import numpy as np
import pytest

import autograd
import nn
import optim
from nn.training import evaluate, fit, mae, r2, resolve_metrics, rmse


def _regression(n=120, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, 3))
    y = X @ np.array([[1.0], [2.0], [-1.0]]) + 0.1 * rng.standard_normal((n, 1))
    return X, y


@pytest.mark.parametrize(
    "loss, expected",
    [
        (nn.MSELoss(), ["mae", "rmse", "r2"]),
        (nn.L1Loss(), ["mae", "rmse", "r2"]),
        (nn.HuberLoss(), ["mae", "rmse", "r2"]),
        (nn.functional.mse_loss, ["mae", "rmse", "r2"]),
        (nn.CrossEntropyLoss(), ["accuracy"]),
        (nn.NLLLoss(), ["accuracy"]),
        (nn.BCELoss(), ["accuracy"]),
        (nn.BCEWithLogitsLoss(), ["accuracy"]),
        (nn.functional.cross_entropy, ["accuracy"]),
    ],
)
def test_auto_metrics_follow_the_loss(loss, expected):
    assert [n for n, _ in resolve_metrics("auto", loss)] == expected


def test_auto_metrics_of_another_loss_follow_the_targets():
    def my_loss(out, y):
        return ((out - y) ** 2).mean()

    assert [n for n, _ in resolve_metrics("auto", my_loss, np.array([1, 0]))] == ["accuracy"]
    floats = np.array([0.5, 1.5])
    assert [n for n, _ in resolve_metrics("auto", my_loss, floats)] == ["mae", "rmse", "r2"]


def test_regression_fit_reports_regression_metrics_not_accuracy():
    X, y = _regression()
    autograd.manual_seed(0)
    model = nn.Linear(3, 1)
    h = fit(model, nn.MSELoss(), optim.Adam(model.parameters(), lr=0.05), (X[:90], y[:90]),
            val_data=(X[90:], y[90:]), epochs=15, batch_size=16, progress=False)  # fmt: skip
    assert not any("acc" in k for k in h.history)
    assert {"mae", "rmse", "r2", "val_mae", "val_rmse", "val_r2"} <= set(h.history)
    assert h.history["val_r2"][-1] > 0.95
    # the epoch values are over the whole validation set, not means of batch values
    pred = nn.training.predict(model, X[90:])
    res = pred - y[90:]
    assert h.history["val_rmse"][-1] == pytest.approx(np.sqrt(np.mean(res**2)), rel=1e-6)
    assert h.history["val_mae"][-1] == pytest.approx(np.mean(np.abs(res)), rel=1e-6)
    ss_tot = np.sum((y[90:] - y[90:].mean()) ** 2)
    assert h.history["val_r2"][-1] == pytest.approx(1 - np.sum(res**2) / ss_tot, rel=1e-6)
    ev = evaluate(model, (X[90:], y[90:]), nn.MSELoss(), batch_size=7)
    assert set(ev) == {"loss", "mae", "rmse", "r2"}
    assert ev["r2"] == pytest.approx(h.history["val_r2"][-1], rel=1e-6)


def test_classification_fit_reports_accuracy_only():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((64, 4))
    y = (X[:, 0] > 0).astype(np.int64)
    model = nn.Linear(4, 2)
    h = fit(model, nn.CrossEntropyLoss(), optim.SGD(model.parameters(), lr=0.1), (X, y),
            epochs=2, progress=False)  # fmt: skip
    assert [k for k in h.history if k not in ("loss", "lr")] == ["accuracy"]


def test_user_metrics_by_name_or_callable():
    X, y = _regression(40)
    model = nn.Linear(3, 1)

    def max_error(output, target):
        return float(np.max(np.abs(output - target)))

    h = fit(model, nn.MSELoss(), optim.SGD(model.parameters(), lr=0.01), (X, y), epochs=1,
            metrics=["mae", max_error], progress=False)  # fmt: skip
    assert [k for k in h.history if k not in ("loss", "lr")] == ["mae", "max_error"]
    with pytest.raises(ValueError, match="unknown metric 'f2'"):
        resolve_metrics(["f2"])


def test_metric_functions_match_their_definitions():
    o = np.array([[1.0, 2.0], [3.0, 5.0], [0.0, 1.0]])
    t = np.array([[1.5, 2.0], [2.0, 4.0], [0.0, 3.0]])
    assert mae(o, t) == pytest.approx(np.mean(np.abs(o - t)))
    assert rmse(o, t) == pytest.approx(np.sqrt(np.mean((o - t) ** 2)))
    from sklearn.metrics import r2_score

    assert r2(o, t) == pytest.approx(r2_score(t, o))
    assert r2(t[:, 0], t[:, 0]) == 1.0
    assert rmse(np.array([1.0, 2.0]), np.array([[1.0], [2.0]])) == 0.0  # (N,) vs (N, 1)
