"""`cross_validate` and `search`: many independent trainings, from one core to a cluster.

Every fit is an independent job (`jobs.run_fit`): the validation folds come from
`nn.data.split_indices` (k-fold, a hold-out fraction, any scheme of `nn.data.validation`
or index pairs), each model is trained by `fit`, and the jobs run in this process or in
parallel through joblib (`parallel.run_jobs`):

```python
results = search(make_model, nn.CrossEntropyLoss, partial(optim.Adam, lr=1e-3), (X, y),
                 {"hidden": [16, 64], "lr": [1e-2, 1e-3]}, cv=5, epochs=20, n_jobs=-1)
results.best_params_, results.best_score_, results.best_model_
with joblib.parallel_config(backend="dask"):    # the same call, on a Dask cluster
    results = search(...)
```

Each fit's seeds come from ``seed`` and the fold alone (numpy's SeedSequence), so the
numbers do not depend on the backend, the number of workers, or the order of completion.
"""

from __future__ import annotations

import itertools
import math
import numbers
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from autograd import get_default_dtype, manual_seed

from ..data import Dataset, TensorDataset, split_indices
from .history import _maximise
from .jobs import FitJob, FitSetup, route_params, run_fit, state_from_bytes
from .metrics import resolve_metrics
from .parallel import run_jobs
from .results import SearchResults, ValidationResults, history_from
from .table import Table

__all__ = ["cross_validate", "search", "param_grid", "sample_params"]


class _FitDefault:
    def __repr__(self) -> str:
        return "<fit's default>"


FIT_DEFAULT: Any = _FitDefault()  # metrics: whatever `fit` picks when none are given


def _is_choices(v: Any) -> bool:
    return isinstance(v, list | range) or (isinstance(v, np.ndarray) and v.ndim == 1)


def _plain(v: Any) -> Any:
    return v.item() if isinstance(v, np.generic) else v


def param_grid(params: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Every combination of a grid: a list (or range, 1-d array) is a set of choices, any other
    value (a tuple too) is fixed; a list of grids gives their candidates one after another."""
    grids = [params] if isinstance(params, Mapping) else list(params)
    out = []
    for g in grids:
        if not isinstance(g, Mapping):
            raise TypeError(f"a parameter grid is a dict of name -> choices, got {g!r}")
        names = list(g)
        choices = [list(g[n]) if _is_choices(g[n]) else [g[n]] for n in names]
        for n, c in zip(names, choices):
            if not c:
                raise ValueError(f"parameter {n!r} has no choices")
        for combo in itertools.product(*choices):
            out.append({n: _plain(v) for n, v in zip(names, combo)})
    return out


def sample_params(params: Mapping[str, Any], n_iter: int, seed: int = 0) -> list[dict[str, Any]]:
    """``n_iter`` random candidates: a list is sampled uniformly, an object with ``rvs`` (a
    ``scipy.stats`` distribution) by ``rvs(random_state=rng)``, a function by ``f(rng)``
    (a numpy Generator); other values (classes too) are fixed; a fixed function goes in a
    one-element list. When every value is a list or fixed, the candidates are distinct
    points of the grid (all of it if it has at most n_iter)."""
    if not isinstance(params, Mapping):
        raise TypeError(f"random search takes a dict of name -> choices or sampler, got {params!r}")
    if not isinstance(n_iter, numbers.Integral) or n_iter < 1:
        raise ValueError(f"n_iter must be a positive int, got {n_iter!r}")
    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(2,)))
    if not any(_is_sampler(v) for v in params.values()):
        grid = param_grid(params)
        if len(grid) <= n_iter:
            return grid
        return [grid[i] for i in sorted(rng.choice(len(grid), size=n_iter, replace=False))]
    out = []
    for _ in range(n_iter):
        cand = {}
        for name, v in params.items():
            if hasattr(v, "rvs") and not isinstance(v, type):
                cand[name] = _plain(v.rvs(random_state=rng))
            elif _is_sampler(v):
                cand[name] = _plain(v(rng))
            elif _is_choices(v):
                cand[name] = _plain(list(v)[rng.integers(len(v))])
            else:
                cand[name] = v
        out.append(cand)
    return out


def _is_sampler(v: Any) -> bool:
    return not isinstance(v, type) and (hasattr(v, "rvs") or callable(v))


def _fit_seeds(seed: int, key: tuple[int, ...]) -> tuple[int, int]:
    """Two 32-bit seeds (weights and dropout; batch order) for the fit named by ``key``."""
    a, b = np.random.SeedSequence(seed, spawn_key=key).generate_state(2)
    return int(a), int(b)


def _split_data(data: Any) -> tuple[tuple, np.ndarray, np.ndarray | None, bool]:
    """(what the workers get, X and y for the splitter, whether it is a custom Dataset)."""
    if isinstance(data, TensorDataset):
        data = data.arrays
    if isinstance(data, Dataset):
        n = len(data)
        return (data,), np.zeros((n, 1)), None, True
    if isinstance(data, tuple | list):
        arrays = TensorDataset(*data).arrays  # checks that the lengths agree
        if len(arrays) < 2:
            raise ValueError("data must hold inputs and targets: (X, y)")
        return arrays, arrays[0], arrays[1], False
    raise TypeError(
        "data must be an (X, y) tuple of arrays or a Dataset (folds are taken by index; "
        f"a DataLoader cannot be split), got {type(data).__name__}"
    )


def _check_scoring(scoring: str, metrics: Any, loss_fn: Any) -> None:
    if metrics is FIT_DEFAULT or (isinstance(metrics, str) and metrics == "auto"):
        return  # chosen by fit from the task: known once the first fit has run
    names = ["loss"] + [n for n, _ in resolve_metrics(metrics, loss_fn)]
    known = names + [f"val_{n}" for n in names]
    if scoring not in known:
        raise ValueError(f"scoring={scoring!r} is not logged by fit; it logs {known}")


def _run(
    who: str,
    candidates: list[dict[str, Any]],
    model_fn: Callable,
    loss_fn: Any,
    optimizer_fn: Callable,
    data: Any,
    cv: Any,
    *,
    epochs: int,
    batch_size: int,
    metrics: Any,
    seed: int,
    n_jobs: int | None,
    backend: Any,
    groups: Any,
    scheduler_fn: Callable | None,
    callbacks: Sequence,
    shuffle: bool,
    return_models: bool,
    progress: bool,
) -> tuple[list[ValidationResults], FitSetup, tuple]:
    """Cross-validate every candidate; the results, and what a refit needs."""
    if not isinstance(seed, numbers.Integral) or seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed!r}")
    shared, X, y, custom = _split_data(data)
    folds = split_indices(cv, X, None if y is None else y, groups, seed)
    fit_kwargs: dict[str, Any] = {"epochs": epochs, "batch_size": batch_size, "shuffle": shuffle}
    if metrics is not FIT_DEFAULT:
        fit_kwargs["metrics"] = metrics
    if callbacks:
        fit_kwargs["callbacks"] = list(callbacks)
    setup = FitSetup(
        model_fn, loss_fn, optimizer_fn, scheduler_fn, fit_kwargs,
        str(get_default_dtype()), return_models,
    )  # fmt: skip
    for cand in candidates:
        route_params(cand, setup)  # a parameter that no builder takes fails before any fit
    jobs = [
        FitJob(c, j, cand, tr, va, *_fit_seeds(seed, (0, j)))
        for c, cand in enumerate(candidates)
        for j, (tr, va) in enumerate(folds)
    ]
    check = {"model_fn": model_fn, "loss_fn": loss_fn, "optimizer_fn": optimizer_fn}
    check.update(scheduler_fn=scheduler_fn, metrics=metrics, callbacks=list(callbacks))
    check["the parameters"] = candidates
    if custom:
        check["the dataset"] = data
    outs = run_jobs(
        run_fit, jobs, (setup, *shared), n_jobs, backend, progress,
        desc=who, check=check, who=f"nn.training.{who}",
    )  # fmt: skip
    if not any(o["ok"] for o in outs):
        first = jobs[0]
        raise RuntimeError(
            f"nn.training.{who}: all {len(outs)} fits failed (each was tried twice); the first, "
            f"with parameters {first.params} on fold {first.fold}, failed with:\n"
            + outs[0]["error"]
        )
    names = _names(candidates)
    metric_names = [m for o in outs if o["ok"] for m in o["logs"]]
    metric_names = list(dict.fromkeys(metric_names))
    results = []
    for c, cand in enumerate(candidates):
        mine = [(job, out) for job, out in zip(jobs, outs) if job.candidate == c]
        rows = [_fold_row(job, out, names, metric_names, who == "search") for job, out in mine]
        histories = [history_from(o["history"]) if o["ok"] else None for _, o in mine]
        models = None
        if return_models:
            models = [_model(setup, job, o) if o["ok"] else None for job, o in mine]
        results.append(ValidationResults(cand, Table(rows), metric_names, histories, models))
    n_failed = sum(not o["ok"] for o in outs)
    if n_failed:
        warnings.warn(
            f"nn.training.{who}: {n_failed} of {len(outs)} fits failed after a retry; their "
            "parameters and errors are in the results' `failures` table",
            RuntimeWarning,
            stacklevel=3,
        )
    return results, setup, shared


def _fold_row(job: FitJob, out: dict, names, metric_names, with_candidate: bool) -> dict:
    row: dict[str, Any] = {"candidate": job.candidate} if with_candidate else {}
    row.update({n: job.params.get(n) for n in names})
    row["fold"] = job.fold
    row["status"] = "ok" if out["ok"] else "failed"
    logs = out.get("logs", {})
    row.update({m: float(logs.get(m, math.nan)) for m in metric_names})
    row["epochs"] = out.get("epochs")
    row["n_train"] = len(job.train_idx)
    row["n_val"] = len(job.val_idx)
    row["seconds"] = float(out["seconds"]) if "seconds" in out else None
    row["attempts"] = out["attempts"]
    row["error"] = out.get("error")
    return row


def _model(setup: FitSetup, job: FitJob, out: dict):
    """The trained model, rebuilt here from the state dict a worker sent back."""
    manual_seed(job.seed)
    model = setup.model_fn(**route_params(job.params, setup)["model"])
    model.load_state_dict(state_from_bytes(out["state"]))
    return model


def cross_validate(
    model_fn: Callable,
    loss_fn: Any,
    optimizer_fn: Callable,
    data: Any,
    cv: Any = 5,
    *,
    params: Mapping[str, Any] | None = None,
    epochs: int = 10,
    batch_size: int = 32,
    metrics: Any = FIT_DEFAULT,
    seed: int = 0,
    n_jobs: int | None = None,
    backend: Any = None,
    groups: Any = None,
    scheduler_fn: Callable | None = None,
    callbacks: Sequence = (),
    shuffle: bool = True,
    return_models: bool = False,
    progress: bool = True,
) -> ValidationResults:
    """Train a fresh model on every fold of ``cv`` with `fit` and score it on the held-out part.

    ``model_fn(**params)`` builds the model, ``optimizer_fn(model.parameters(), ...)`` its
    optimizer (``optim.Adam``, ``functools.partial(optim.SGD, lr=0.1)``); ``loss_fn`` is
    the loss (``nn.CrossEntropyLoss()``, a function) or a loss class built per fit.
    ``params`` go to whichever builder names them (or to `fit`: epochs, batch_size,
    shuffle). ``data``: ``(X, y)`` arrays or a Dataset. ``cv``: an int k (shuffled k-fold),
    a fraction (hold-out), a scheme from `nn.data` (``stratified_kfold(5)``,
    ``repeated_kfold``, ``leave_p_out``, ...; ``groups`` for group splitters) or
    ``(train_idx, val_idx)`` pairs. ``metrics``: as `fit` (its default when not given);
    a fold's scores are its last epoch's logs.

    ``n_jobs``: None or 1 runs the folds here, one after another; -1 on every core
    (loky processes); under ``joblib.parallel_config(backend="dask")`` on a Dask cluster
    (``backend`` picks one directly). Fold j is seeded from ``(seed, j)`` with
    `autograd.manual_seed` before its model is built, so the scores are the same on any
    backend. A failed fold is retried once, then reported in ``results.failures``.
    ``return_models`` sends each trained state dict back and rebuilds the models here.
    """
    candidates = [dict(params or {})]
    results, _, _ = _run(
        "cross_validate", candidates, model_fn, loss_fn, optimizer_fn, data, cv,
        epochs=epochs, batch_size=batch_size, metrics=metrics, seed=seed, n_jobs=n_jobs,
        backend=backend, groups=groups, scheduler_fn=scheduler_fn, callbacks=callbacks,
        shuffle=shuffle, return_models=return_models, progress=progress,
    )  # fmt: skip
    return results[0]


def search(
    model_fn: Callable,
    loss_fn: Any,
    optimizer_fn: Callable,
    data: Any,
    params: Mapping[str, Any] | Sequence[Mapping[str, Any]],
    *,
    n_iter: int | None = None,
    cv: Any = 5,
    scoring: str = "val_loss",
    mode: str = "auto",
    refit: bool = True,
    epochs: int = 10,
    batch_size: int = 32,
    metrics: Any = FIT_DEFAULT,
    seed: int = 0,
    n_jobs: int | None = None,
    backend: Any = None,
    groups: Any = None,
    scheduler_fn: Callable | None = None,
    callbacks: Sequence = (),
    shuffle: bool = True,
    progress: bool = True,
) -> SearchResults:
    """Grid or random search: cross-validate every candidate, rank them, refit the best.

    ``params`` is a grid (a dict of name -> list of choices, other values fixed; or a list
    of such dicts), every combination a candidate; with ``n_iter`` it is sampled instead
    (`sample_params`: lists uniformly, ``scipy.stats`` distributions, ``f(rng)``
    callables). Each name goes to the builder that takes it, as in `cross_validate`, whose
    other arguments this shares. Every candidate sees the same folds and the same seeds,
    so they differ only by their parameters. ``scoring`` is a logged metric ("val_loss",
    "val_accuracy", ...), maximised for accuracy-like names with ``mode="auto"``.

    Returns `SearchResults` with ``best_params_``, ``best_score_``, the tables, and with
    ``refit`` ``best_model_``: a model trained on all the data with the best parameters.
    """
    if n_iter is None:
        candidates = param_grid(params)
    else:
        candidates = sample_params(params, n_iter, seed)
    if not candidates:
        raise ValueError("search: no candidates")
    maximise = _maximise(scoring, mode)
    _check_scoring(scoring, metrics, loss_fn)
    results, setup, shared = _run(
        "search", candidates, model_fn, loss_fn, optimizer_fn, data, cv,
        epochs=epochs, batch_size=batch_size, metrics=metrics, seed=seed, n_jobs=n_jobs,
        backend=backend, groups=groups, scheduler_fn=scheduler_fn, callbacks=callbacks,
        shuffle=shuffle, return_models=False, progress=progress,
    )  # fmt: skip
    out = SearchResults(results, _names(candidates), scoring, maximise)
    if out.best_index_ is None:
        logged = results[0].metrics
        why = (
            f"{scoring!r} is not logged by fit (it logs {logged})"
            if scoring not in logged
            else "every candidate has a failed fold"
        )
        warnings.warn(f"nn.training.search: no best candidate: {why}", RuntimeWarning, stacklevel=2)
    elif refit:
        _refit(out, setup, shared, seed, n_jobs, backend)
    return out


def _refit(out: SearchResults, setup: FitSetup, shared: tuple, seed, n_jobs, backend) -> None:
    """Train on all the data with the best parameters (as a job, so on the same workers)."""
    from dataclasses import replace

    setup = replace(setup, return_state=True)
    job = FitJob(out.best_index_, None, out.best_params_, None, None, *_fit_seeds(seed, (1,)))
    (res,) = run_jobs(run_fit, [job], (setup, *shared), n_jobs, backend, progress=False)
    if not res["ok"]:
        out.refit_error_ = res["error"]
        warnings.warn(
            "nn.training.search: refitting the best parameters on all the data failed:\n"
            + res["error"],
            RuntimeWarning,
            stacklevel=3,
        )
        return
    out.best_model_ = _model(setup, job, res)
    out.refit_history_ = history_from(res["history"])


def _names(params: Iterable[Mapping[str, Any]]) -> list[str]:
    """The parameter names of the candidates, in order of first appearance."""
    return list(dict.fromkeys(n for p in params for n in p))
