"""What `cross_validate` and `search` return: `ValidationResults` and `SearchResults`.

Both hold tidy `Table`s: ``folds`` (one row per fit: its parameters, fold, status, the
last epoch's metrics as `fit` logs them, and the error text of a failed fit) and
``summary`` (one row per candidate: mean and standard deviation of every metric over
its folds).
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from .history import History
from .table import Table

__all__ = ["ValidationResults", "SearchResults"]


def _fmt(v: float) -> str:
    return f"{v:.4g}"


class ValidationResults:
    """The cross-validation of one set of parameters: per-fold rows and their mean ± std.

    ``folds``: a `Table` with a row per fold. ``scores``: each metric's values over the
    folds that succeeded (a numpy array), ``mean`` / ``std`` (population, ddof=0): dicts of
    floats. ``histories``: each fold's `History` (None for a failed fold); ``models``: the
    trained models when ``return_models=True`` was asked. ``failures``: the failed folds.
    """

    def __init__(
        self,
        params: Mapping[str, Any],
        folds: Table,
        metrics: Sequence[str],
        histories: Sequence[History | None],
        models: Sequence[Any] | None = None,
    ):
        self.params = dict(params)
        self.folds = folds
        self.metrics = list(metrics)
        self.histories = list(histories)
        self.models = None if models is None else list(models)
        ok = [r for r in folds if r["status"] == "ok"]
        self.scores = {m: np.array([r[m] for r in ok], dtype=np.float64) for m in self.metrics}

    @property
    def n_folds(self) -> int:
        """How many folds (fits) there were, failed ones included."""
        return len(self.folds)

    @property
    def n_failed(self) -> int:
        """How many folds failed after their retry."""
        return sum(r["status"] != "ok" for r in self.folds)

    @property
    def failures(self) -> Table:
        """The rows of the folds that failed, with their parameters and error text."""
        return self.folds.where(status="failed")

    @property
    def mean(self) -> dict[str, float]:
        """Each metric's mean over the folds that succeeded."""
        return {m: _mean(v) for m, v in self.scores.items()}

    @property
    def std(self) -> dict[str, float]:
        """Each metric's population standard deviation (ddof=0) over the folds that succeeded."""
        return {m: _std(v) for m, v in self.scores.items()}

    def summary_row(self) -> dict[str, Any]:
        """Parameters, fold counts, and mean_/std_ of every metric."""
        row: dict[str, Any] = dict(self.params)
        row["n_folds"], row["n_failed"] = self.n_folds, self.n_failed
        for m in self.metrics:
            row[f"mean_{m}"], row[f"std_{m}"] = self.mean[m], self.std[m]
        secs = [r["seconds"] for r in self.folds if r["seconds"] is not None]
        row["mean_seconds"] = float(np.mean(secs)) if secs else math.nan
        return row

    @property
    def summary(self) -> Table:
        """A one-row `Table`: the parameters, fold counts, mean_ and std_ of every metric."""
        return Table([self.summary_row()])

    def __getitem__(self, metric: str) -> np.ndarray:
        return self.scores[metric]

    def to_csv(self, path: str | os.PathLike | None = None) -> str | None:
        """The per-fold table as CSV (see `Table.to_csv`)."""
        return self.folds.to_csv(path)

    def _headline(self) -> str:
        """The first line: the fold count and each validation metric's mean ± std."""
        shown = [m for m in self.metrics if m.startswith("val_")] or self.metrics
        parts = [f"{m} {_fmt(self.mean[m])} ± {self.std[m]:.2g}" for m in shown]
        failed = f" ({self.n_failed} failed)" if self.n_failed else ""
        return f"ValidationResults: {self.n_folds} folds{failed}, " + ", ".join(parts)

    def _shown(self) -> Table:
        """The per-fold table without the columns that hold nothing (no errors)."""
        return self.folds.select(
            [c for c in self.folds.columns if any(v is not None for v in self.folds[c])]
        )

    def __repr__(self) -> str:
        return self._headline() + "\n" + repr(self._shown())

    def _repr_html_(self) -> str:
        import html

        return f"<p>{html.escape(self._headline())}</p>" + self._shown()._repr_html_()


class SearchResults:
    """A grid or random search: every candidate's cross-validation, ranked, and the winner.

    ``summary``: a `Table` with a row per candidate (its parameters, ``rank`` by
    ``scoring``, mean_ and std_ of every metric); ``folds``: a row per fit; ``failures``:
    the fits that failed after their retry, with their parameters and error text.
    ``candidates``: the `ValidationResults` of each candidate. ``best_index_``,
    ``best_params_``, ``best_score_`` (mean ``scoring`` over the folds) and ``best_model_``
    (trained on all the data with the best parameters when ``refit=True``; its history in
    ``refit_history_``). Candidates with a failed fold are not ranked.
    """

    def __init__(
        self,
        candidates: Sequence[ValidationResults],
        param_names: Sequence[str],
        scoring: str,
        maximise: bool,
    ):
        self.candidates = list(candidates)
        self.scoring, self.maximise = scoring, maximise
        self.param_names = list(param_names)
        self.best_model_ = None
        self.refit_history_: History | None = None
        self.refit_error_: str | None = None
        scores = [_score(c, scoring) for c in self.candidates]
        order = sorted(
            (i for i, s in enumerate(scores) if s is not None),
            key=lambda i: -scores[i] if maximise else scores[i],
        )
        self.ranks: list[int | None] = [None] * len(self.candidates)
        for pos, i in enumerate(order):  # equal scores share the better rank
            prev = order[pos - 1] if pos else None
            same = prev is not None and scores[prev] == scores[i]
            self.ranks[i] = self.ranks[prev] if same else pos + 1
        self.best_index_: int | None = order[0] if order else None
        best = None if self.best_index_ is None else self.candidates[self.best_index_]
        self.best_params_: dict[str, Any] | None = None if best is None else dict(best.params)
        self.best_score_: float | None = None if best is None else scores[self.best_index_]

    @property
    def summary(self) -> Table:
        """One row per candidate: its parameters, rank, fold counts, mean_ and std_ per metric."""
        rows = []
        for i, (c, rank) in enumerate(zip(self.candidates, self.ranks)):
            row = c.summary_row()
            params = {k: row.pop(k) for k in self.param_names}
            rows.append({"candidate": i, **params, "rank": rank, **row})
        return Table(rows)

    @property
    def folds(self) -> Table:
        """One row per fit: candidate, parameters, fold, status, metrics, error."""
        return Table([r for c in self.candidates for r in c.folds])

    @property
    def failures(self) -> Table:
        """The fits that failed after their retry, with their parameters and error text."""
        return self.folds.where(status="failed")

    def to_csv(self, path: str | os.PathLike | None = None) -> str | None:
        """The per-candidate summary as CSV (``results.folds.to_csv`` for every fit)."""
        return self.summary.to_csv(path)

    def _headline(self) -> str:
        """Two lines: the size of the search and its best score, then the best parameters."""
        n = len(self.candidates)
        k = self.candidates[0].n_folds if self.candidates else 0
        head = f"SearchResults: {n} candidates x {k} folds"
        failed = sum(c.n_failed for c in self.candidates)
        if failed:
            head += f" ({failed} fits failed)"
        if self.best_index_ is None:
            return head + f", no candidate has {self.scoring!r} on every fold"
        return (
            head + f", best {self.scoring} {_fmt(self.best_score_)}\n"
            f"best parameters: {self.best_params_}"
        )

    def _shown(self) -> Table:
        """The summary as displayed: by rank, parameters and validation means (and the
        std of ``scoring``); ``summary`` has every column."""
        summary = self.summary.sort("rank")
        score = [f"mean_{self.scoring}", f"std_{self.scoring}"]
        val = [c for c in summary.columns if c.startswith("mean_val_") and c not in score]
        cols = ["candidate", *self.param_names, "rank", *score, *val, "n_failed"]
        return summary.select([c for c in cols if c in summary.columns])

    def __repr__(self) -> str:
        return self._headline() + "\n" + repr(self._shown())

    def _repr_html_(self) -> str:
        import html

        head = "<br>".join(html.escape(line) for line in self._headline().splitlines())
        return f"<p>{head}</p>" + self._shown()._repr_html_()


def _mean(v: np.ndarray) -> float:
    return float(np.mean(v)) if len(v) else math.nan


def _std(v: np.ndarray) -> float:
    return float(np.std(v)) if len(v) else math.nan


def _score(c: ValidationResults, scoring: str) -> float | None:
    """A candidate's mean score, or None when it cannot be ranked."""
    if c.n_failed or scoring not in c.scores:
        return None
    v = c.mean[scoring]
    return None if math.isnan(v) else v


def history_from(logs: Mapping[str, Sequence[float]]) -> History:
    """A `History` from the per-epoch logs a worker sent back."""
    h = History()
    h.history = {k: list(v) for k, v in logs.items()}
    h.epoch = list(range(len(next(iter(logs.values()), []))))
    return h
