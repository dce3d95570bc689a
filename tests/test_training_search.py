"""nn.training.cross_validate and search: results, seeds, retries, and the same numbers in
this process, on local worker processes (loky) and on a Dask cluster of 2 processes."""

import functools
import math
import os
import subprocess
import sys
import threading
import warnings

import numpy as np
import pytest

import nn
import optim
from nn.data import TensorDataset, kfold, make_moons, stratified_kfold
from nn.training import (
    SearchResults,
    Table,
    ValidationResults,
    cross_validate,
    evaluate,
    param_grid,
    sample_params,
    search,
)
from nn.training.parallel import plan

# ---- small, fast problems: a 2-16-2 network on 120 moons, a few epochs ----


def moons():
    return make_moons(120, noise=0.25, seed=3)


def make_model(hidden=8, dropout=0.0):
    layers = [nn.Linear(2, hidden), nn.Tanh()]
    if dropout:
        layers.append(nn.Dropout(dropout))
    return nn.Sequential(*layers, nn.Linear(hidden, 2))


def make_model_or_fail(hidden=8, fail_on=None):
    """Raises for one hidden size: a candidate whose every fit fails."""
    if hidden == fail_on:
        raise ValueError(f"no model with {hidden} hidden units")
    return make_model(hidden)


def make_model_or_die(hidden=8, marker=None, die_on=None, always=False):
    """Kills its own worker process when building the model for ``die_on`` hidden units: once
    (the first time, leaving ``marker`` behind), or every time with ``always``."""
    if hidden == die_on and (always or not os.path.exists(marker)):
        open(marker, "w").close()
        os._exit(7)
    return make_model(hidden)


ADAM = functools.partial(optim.Adam, lr=0.05)
GRID = {"hidden": [4, 16], "lr": [0.05, 0.005]}


def metric_columns(table: Table) -> Table:
    """The columns that must not depend on where the fits ran (not seconds)."""
    return table.select([c for c in table.columns if c != "seconds"])


def run_search(**kw):
    kw.setdefault("epochs", 3)
    return search(make_model, nn.CrossEntropyLoss(), optim.Adam, moons(), GRID, cv=3, **kw)


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cluster = distributed.LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            host="127.0.0.1",
            dashboard_address=None,
        )
    client = distributed.Client(cluster)
    try:
        yield client
    finally:
        client.close()
        cluster.close()


@pytest.fixture(scope="module")
def reference():
    """The search run in this process, once."""
    return run_search(n_jobs=1, progress=False)


# ---- candidates ----


def test_param_grid():
    assert param_grid({"a": [1, 2], "b": ["x"], "c": (3, 4)}) == [
        {"a": 1, "b": "x", "c": (3, 4)},
        {"a": 2, "b": "x", "c": (3, 4)},
    ]  # a tuple is one fixed value, a list the choices
    assert param_grid([{"a": [1]}, {"b": range(2)}]) == [{"a": 1}, {"b": 0}, {"b": 1}]
    assert type(param_grid({"a": np.array([1, 2])})[0]["a"]) is int
    with pytest.raises(ValueError, match="'a' has no choices"):
        param_grid({"a": []})


def test_sample_params():
    scipy_stats = pytest.importorskip("scipy.stats")
    spec = {
        "lr": scipy_stats.loguniform(1e-4, 1e-1),
        "hidden": [4, 8, 16],
        "width": lambda rng: int(rng.integers(1, 5)),
        "epochs": 3,
    }
    a = sample_params(spec, 6, seed=1)
    assert a == sample_params(spec, 6, seed=1) and a != sample_params(spec, 6, seed=2)
    assert len(a) == 6 and all(1e-4 <= c["lr"] <= 1e-1 and c["epochs"] == 3 for c in a)
    assert {c["hidden"] for c in a} <= {4, 8, 16} and all(1 <= c["width"] < 5 for c in a)
    assert all(type(c["lr"]) is float for c in a)
    grid = {"a": [1, 2, 3], "b": [0, 1]}
    picked = sample_params(grid, 4, seed=0)  # lists only: distinct points of the grid
    assert len({tuple(c.items()) for c in picked}) == 4
    assert all(c in param_grid(grid) for c in picked)
    assert sample_params(grid, 10) == param_grid(grid)  # the whole grid when it is smaller
    with pytest.raises(ValueError, match="n_iter"):
        sample_params(grid, 0)
    fixed = sample_params({"act": nn.ReLU, "f": [np.tanh], "h": lambda rng: 3}, 2)
    assert fixed == [{"act": nn.ReLU, "f": np.tanh, "h": 3}] * 2  # classes are values


# ---- cross_validate in this process ----


def test_cross_validate_rows_and_summary():
    X, y = moons()
    res = cross_validate(make_model, nn.CrossEntropyLoss(), ADAM, (X, y), cv=4, epochs=3)
    assert isinstance(res, ValidationResults) and res.n_folds == 4 and res.n_failed == 0
    assert res.folds["fold"] == [0, 1, 2, 3] and set(res.folds["status"]) == {"ok"}
    assert res.folds["n_val"] == [30, 30, 30, 30] and res.folds["n_train"] == [90] * 4
    for m in ("loss", "val_loss", "val_accuracy"):
        assert res.scores[m] == pytest.approx(res.folds[m])
        assert res.mean[m] == pytest.approx(np.mean(res.folds[m]))
        assert res.std[m] == pytest.approx(np.std(res.folds[m]))
    assert [len(h) for h in res.histories] == [3] * 4
    assert res.histories[2]["val_loss"][-1] == res.folds[2]["val_loss"]
    head = repr(res).splitlines()[0]
    assert head.startswith("ValidationResults: 4 folds, val_loss ") and "val_accuracy" in head
    assert "<table" in res._repr_html_()
    assert res.summary[0]["mean_val_loss"] == pytest.approx(res.mean["val_loss"])
    again = cross_validate(make_model, nn.CrossEntropyLoss(), ADAM, (X, y), cv=4, epochs=3)
    assert metric_columns(again.folds) == metric_columns(res.folds)  # seeded per fold


def test_cv_forms_and_datasets_agree():
    X, y = moons()
    loss = nn.CrossEntropyLoss()
    run = functools.partial(cross_validate, make_model, loss, ADAM, epochs=2, progress=False)
    base = metric_columns(run((X, y), cv=3).folds)
    assert metric_columns(run((X, y), cv=kfold(3, seed=0)).folds) == base
    pairs = list(kfold(3, seed=0).split(X))
    assert metric_columns(run((X, y), cv=pairs).folds) == base
    assert metric_columns(run(TensorDataset(X, y), cv=3).folds) == base
    holdout = run((X, y), cv=0.25)
    assert holdout.n_folds == 1 and holdout.folds[0]["n_val"] == 30
    strat = run((X, y), cv=stratified_kfold(3))
    assert strat.n_folds == 3
    with pytest.raises(TypeError, match="DataLoader cannot be split"):
        run(nn.data.DataLoader(TensorDataset(X, y)), cv=3)


def test_fold_seeds_reach_the_model():
    """Dropout draws from graphgrad's generator: seeded per fold, so reruns agree, and a
    different seed gives different numbers."""
    X, y = moons()
    run = functools.partial(
        cross_validate, make_model, nn.CrossEntropyLoss(), ADAM, (X, y), cv=2, epochs=2,
        params={"dropout": 0.3}, progress=False,
    )  # fmt: skip
    a, b, c = run(seed=5), run(seed=5), run(seed=6)
    assert a.folds["val_loss"] == b.folds["val_loss"]
    assert a.folds["val_loss"] != c.folds["val_loss"]


def test_returned_models_are_the_trained_ones():
    X, y = moons()
    loss = nn.CrossEntropyLoss()
    res = cross_validate(make_model, loss, ADAM, (X, y), cv=3, epochs=2, return_models=True)
    for (_, va), model, row in zip(kfold(3, seed=0).split(X), res.models, res.folds):
        assert isinstance(model, nn.Sequential)
        assert evaluate(model, (X[va], y[va]), loss)["loss"] == pytest.approx(row["val_loss"])


def test_params_are_routed_to_their_builders():
    X, y = moons()
    seen = {}

    def opt(params, lr=0.1, momentum=0.0):
        seen["opt"] = (lr, momentum)
        return optim.SGD(params, lr=lr, momentum=momentum)

    res = cross_validate(
        make_model, nn.CrossEntropyLoss, opt, (X, y), cv=2,
        params={"hidden": 3, "lr": 0.2, "momentum": 0.5, "epochs": 2, "label_smoothing": 0.1},
    )  # fmt: skip
    assert seen["opt"] == (0.2, 0.5) and res.folds["epochs"] == [2, 2]
    assert res.folds["hidden"] == [3, 3] and res.folds["label_smoothing"] == [0.1, 0.1]
    with pytest.raises(ValueError, match="'depth' is taken by none of model_fn, optimizer_fn"):
        cross_validate(make_model, nn.CrossEntropyLoss(), ADAM, (X, y), params={"depth": 2})


def test_schedulers_and_callbacks_are_fresh_per_fit():
    X, y = moons()
    stop = nn.training.EarlyStopping(monitor="val_loss", patience=0, min_delta=10.0)
    res = cross_validate(
        make_model, nn.CrossEntropyLoss(), ADAM, (X, y), cv=3, epochs=5,
        scheduler_fn=functools.partial(optim.lr_scheduler.StepLR, step_size=1),
        params={"gamma": 0.5}, callbacks=[stop], n_jobs=1,
    )  # fmt: skip
    assert res.folds["epochs"] == [2, 2, 2]  # every fold stopped by its own copy
    assert [h["lr"] for h in res.histories] == [[0.05, 0.025]] * 3  # halved after epoch 1
    assert not hasattr(stop, "model")  # the caller's callback was not used


# ---- search ----


def test_search_ranks_and_refits(reference):
    res = reference
    assert isinstance(res, SearchResults) and len(res.candidates) == 4
    summary = res.summary
    assert summary["hidden"] == [4, 4, 16, 16] and summary["lr"] == [0.05, 0.005] * 2
    means = summary["mean_val_loss"]
    assert res.best_index_ == int(np.argmin(means)) and res.best_score_ == min(means)
    assert res.best_params_ == param_grid(GRID)[res.best_index_]
    assert sorted(summary["rank"]) == [1, 2, 3, 4]
    assert summary[res.best_index_]["rank"] == 1
    assert len(res.folds) == 12 and res.folds.columns[:4] == ["candidate", "hidden", "lr", "fold"]
    model = res.best_model_
    assert model[0].out_features == res.best_params_["hidden"]
    X, y = moons()
    assert len(res.refit_history_) == 3  # trained on all 120 samples for 3 epochs
    assert evaluate(model, (X, y), nn.CrossEntropyLoss())["loss"] < res.refit_history_["loss"][0]
    text = repr(res)
    lines = text.splitlines()
    assert lines[0] == f"SearchResults: 4 candidates x 3 folds, best val_loss {res.best_score_:.4g}"
    assert lines[1] == f"best parameters: {res.best_params_}"
    assert lines[2].split()[:3] == ["candidate", "hidden", "lr"]
    assert "<table" in res._repr_html_()


def test_search_maximises_accuracy_and_samples():
    res = search(
        make_model, nn.CrossEntropyLoss(), ADAM, moons(), {"hidden": [2, 4, 8, 16]},
        n_iter=2, cv=2, epochs=2, scoring="val_accuracy", metrics=["accuracy"], refit=False,
    )  # fmt: skip
    assert len(res.candidates) == 2 and res.maximise and res.best_model_ is None
    acc = res.summary["mean_val_accuracy"]
    assert res.best_score_ == max(acc)
    with pytest.raises(ValueError, match="scoring='val_f1' is not logged"):
        search(make_model, nn.CrossEntropyLoss(), ADAM, moons(), {"hidden": [2]},
               scoring="val_f1", metrics=["accuracy"])  # fmt: skip


def test_failed_fits_are_reported_with_their_parameters():
    model_fn = functools.partial(make_model_or_fail, fail_on=4)
    with pytest.warns(RuntimeWarning, match="6 of 12 fits failed"):
        grid = {"hidden": [4, 8], "lr": [0.1, 0.01]}
        res = search(model_fn, nn.CrossEntropyLoss(), ADAM, moons(), grid, cv=3, epochs=1,
                     refit=False)  # fmt: skip
    failed = res.failures
    assert len(failed) == 6 and set(failed["hidden"]) == {4} and set(failed["lr"]) == {0.1, 0.01}
    assert all("ValueError: no model with 4 hidden units" in e for e in failed["error"])
    assert set(failed["attempts"]) == {2}  # retried once
    assert all(math.isnan(v) for v in failed["val_loss"])
    assert res.best_params_["hidden"] == 8
    assert [r["rank"] for r in res.summary if r["hidden"] == 4] == [None, None]
    with pytest.raises(
        RuntimeError,
        match=r"(?s)all 2 fits failed .*parameters {.hidden.: 4}.*ValueError: no model",
    ):
        cross_validate(model_fn, nn.CrossEntropyLoss(), ADAM, moons(), cv=2, params={"hidden": 4})


def test_progress_bar_counts_finished_fits(monkeypatch):
    import nn.training.parallel as parallel

    bars = []

    class Bar:
        def __init__(self, total, desc, enabled, unit):
            self.total, self.desc, self.unit, self.n, self.postfix = total, desc, unit, 0, ""
            self.closed = False
            bars.append(self)

        def update(self, n):
            self.n += n

        def set_postfix_str(self, text, refresh=True):
            self.postfix = text

        def close(self):
            self.closed = True

    monkeypatch.setattr(parallel, "_progress", Bar)
    model_fn = functools.partial(make_model_or_fail, fail_on=4)
    with pytest.warns(RuntimeWarning):
        search(model_fn, nn.CrossEntropyLoss(), ADAM, moons(), {"hidden": [4, 8]}, cv=2,
               epochs=1, refit=False)  # fmt: skip
    (bar,) = bars
    assert (bar.total, bar.n, bar.unit, bar.desc) == (4, 4, "fit", "search")  # failed ones too
    assert bar.postfix == "2 failed" and bar.closed


# ---- the same numbers on every backend ----


def test_same_results_on_two_local_processes(reference):
    res = run_search(n_jobs=2, progress=False)
    assert metric_columns(res.folds) == metric_columns(reference.folds)
    assert res.best_params_ == reference.best_params_
    for a, b in zip(res.best_model_.parameters(), reference.best_model_.parameters()):
        np.testing.assert_array_equal(a.data, b.data)


def test_same_results_on_a_dask_cluster(reference, dask_client):
    import joblib

    with joblib.parallel_config(backend="dask"):
        res = run_search(n_jobs=-1, progress=False)
        pids = joblib.Parallel()(joblib.delayed(os.getpid)() for _ in range(4))
    assert os.getpid() not in pids  # it did run on the cluster's worker processes
    assert metric_columns(res.folds) == metric_columns(reference.folds)
    for a, b in zip(res.best_model_.parameters(), reference.best_model_.parameters()):
        np.testing.assert_array_equal(a.data, b.data)


# ---- workers that die ----


def dying_search(tmp_path, **kw):
    model_fn = functools.partial(make_model_or_die, marker=str(tmp_path / "died"), die_on=16)
    res = search(model_fn, nn.CrossEntropyLoss(), optim.Adam, moons(), GRID, cv=3, epochs=3,
                 progress=False, **kw)  # fmt: skip
    assert (tmp_path / "died").exists()  # a worker did die
    return res


def test_a_killed_loky_worker_is_survived(reference, tmp_path):
    res = dying_search(tmp_path, n_jobs=2)
    assert metric_columns(res.folds).select(["val_loss", "val_accuracy", "status"]) == (
        metric_columns(reference.folds).select(["val_loss", "val_accuracy", "status"])
    )
    assert res.best_params_ == reference.best_params_


def test_a_killed_dask_worker_is_survived(reference, tmp_path, dask_client):
    import joblib

    with joblib.parallel_config(backend="dask"):
        res = dying_search(tmp_path, n_jobs=-1)
    assert res.folds["val_loss"] == reference.folds["val_loss"]


def test_a_fit_that_always_kills_its_worker_is_reported(tmp_path):
    model_fn = functools.partial(
        make_model_or_die, marker=str(tmp_path / "died"), die_on=16, always=True
    )
    with pytest.warns(RuntimeWarning, match="1 of 2 fits failed"):
        res = search(model_fn, nn.CrossEntropyLoss(), ADAM, moons(), {"hidden": [4, 16]},
                     cv=0.5, epochs=1, n_jobs=2, progress=False)  # fmt: skip
    failed = res.failures
    assert failed["hidden"] == [16] and failed["attempts"] == [2]
    assert all("worker process died" in e and "TerminatedWorkerError" in e for e in failed["error"])
    assert res.best_params_ == {"hidden": 4} and res.best_model_ is not None


# ---- what cannot run in parallel says so ----


def test_unpicklable_builders_are_named():
    lock = threading.Lock()

    def model_fn(hidden=4):
        with lock:
            return make_model(hidden)

    X, y = moons()
    with pytest.raises(TypeError, match=r"model_fn cannot be sent to the worker processes.*lock"):
        cross_validate(model_fn, nn.CrossEntropyLoss(), ADAM, (X, y), cv=2, n_jobs=2)
    res = cross_validate(model_fn, nn.CrossEntropyLoss(), ADAM, (X, y), cv=2, epochs=1)
    assert res.n_failed == 0  # in this process nothing is pickled
    local = lambda: make_model(3)  # noqa: E731 (cloudpickle sends lambdas by value)
    assert cross_validate(local, nn.CrossEntropyLoss(), ADAM, (X, y), cv=2, epochs=1,
                          n_jobs=2).n_failed == 0  # fmt: skip


def test_threading_backend_is_refused():
    with pytest.raises(ValueError, match="threading backend"):
        plan(2, "threading")


def test_no_parallel_imports_until_asked():
    code = (
        "import sys, nn.training; "
        "bad = [m for m in ('joblib', 'dask', 'distributed') if m in sys.modules]; "
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_missing_joblib_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "joblib", None)  # `import joblib` raises ImportError
    with pytest.raises(ImportError, match=r"graphgrad\[parallel\]"):
        plan(-1)
    monkeypatch.delitem(sys.modules, "joblib")
    assert plan(1) is None and plan(None) is None  # one at a time needs no joblib


# ---- the table ----


def test_table_csv_round_trip(tmp_path, reference):
    t = Table(
        [
            {"name": "a,b", "x": 1.0 / 3.0, "n": 3, "ok": True, "shape": (32, 16), "err": None},
            {"name": 'line\nbreak "quoted"', "x": math.nan, "n": -1, "ok": False, "err": "E"},
        ]
    )
    assert t.columns == ["name", "x", "n", "ok", "shape", "err"] and t[1]["shape"] is None
    t.to_csv(tmp_path / "t.csv")
    back = Table.from_csv(tmp_path / "t.csv")
    assert back == t and back[0]["x"] == 1.0 / 3.0 and back[0]["shape"] == (32, 16)
    assert Table.from_csv(t.to_csv()) == t
    reference.to_csv(tmp_path / "summary.csv")
    assert Table.from_csv(tmp_path / "summary.csv") == reference.summary
    assert Table.from_csv(reference.folds.to_csv()) == reference.folds
    assert [r["n"] for r in t] == [3, -1] and t["n"] == [3, -1]
    assert t.sort("x", descending=True)["n"] == [3, -1]  # NaN last
    assert t.where(ok=False)["err"] == ["E"]
    with pytest.raises(KeyError, match="the columns are"):
        t["missing"]


def test_table_display():
    t = Table([{"model": f"m{i}", "score": i / 7, "rank": i} for i in range(30)])
    lines = repr(t).splitlines()
    assert lines[0].split() == ["model", "score", "rank"]
    assert lines[1].split() == ["m0", "0", "0"] and lines[2].split() == ["m1", "0.1429", "1"]
    assert "(10 more rows)" in repr(t) and lines[-1] == "[30 rows x 3 columns]"
    html = Table([{"a": "<b>", "b": 1.5}])._repr_html_()
    assert "&lt;b&gt;" in html and '<td class="num">1.5</td>' in html
    assert '<th class="txt">a</th>' in html
