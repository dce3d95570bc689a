"""Validation schemes on top of scikit-learn's model_selection.

The splitting is scikit-learn's (``train_test_split`` and any splitter object with a
``split(X, y, groups)`` method); this module adds a model-agnostic ``cross_validate`` that
runs a callable per fold and summarises its metrics, and short names for the schemes of
the lectures: hold-out, k-fold, stratified k-fold, repeated random splits, leave-p-out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:  # scikit-learn is imported on first use: it takes a second to load
    from sklearn.model_selection import (
        KFold,
        LeaveOneOut,
        LeavePOut,
        RepeatedKFold,
        RepeatedStratifiedKFold,
        ShuffleSplit,
        StratifiedKFold,
        StratifiedShuffleSplit,
    )

from .loader import as_array

__all__ = [
    "holdout_split",
    "cross_validate",
    "split_indices",
    "CVResult",
    "kfold",
    "stratified_kfold",
    "repeated_splits",
    "repeated_kfold",
    "leave_one_out",
    "leave_p_out",
]


def holdout_split(
    X: Any, y: Any, test_size: float | int = 0.25, stratify: bool = False, seed: int = 0
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hold-out split ``X_train, X_test, y_train, y_test`` (sklearn's train_test_split)."""
    from sklearn.model_selection import train_test_split

    X, y = as_array(X), as_array(y)
    return tuple(
        train_test_split(
            X, y, test_size=test_size, random_state=seed, stratify=y if stratify else None
        )
    )


def kfold(n_splits: int = 5, shuffle: bool = True, seed: int | None = 0) -> KFold:
    """k-fold: k disjoint validation folds covering the data."""
    from sklearn.model_selection import KFold

    return KFold(n_splits, shuffle=shuffle, random_state=seed if shuffle else None)


def stratified_kfold(
    n_splits: int = 5, shuffle: bool = True, seed: int | None = 0
) -> StratifiedKFold:
    """Stratified k-fold: every fold keeps the class proportions of y."""
    from sklearn.model_selection import StratifiedKFold

    return StratifiedKFold(n_splits, shuffle=shuffle, random_state=seed if shuffle else None)


def repeated_splits(
    n_splits: int = 10, test_size: float | int = 0.25, stratified: bool = False, seed: int = 0
) -> ShuffleSplit | StratifiedShuffleSplit:
    """Repeated random hold-out ("random k-fold"): n_splits independent random splits."""
    from sklearn.model_selection import ShuffleSplit, StratifiedShuffleSplit

    cls = StratifiedShuffleSplit if stratified else ShuffleSplit
    return cls(n_splits=n_splits, test_size=test_size, random_state=seed)


def repeated_kfold(
    n_splits: int = 5, n_repeats: int = 3, stratified: bool = False, seed: int = 0
) -> RepeatedKFold | RepeatedStratifiedKFold:
    """k-fold repeated n_repeats times with a different shuffle each time."""
    from sklearn.model_selection import RepeatedKFold, RepeatedStratifiedKFold

    cls = RepeatedStratifiedKFold if stratified else RepeatedKFold
    return cls(n_splits=n_splits, n_repeats=n_repeats, random_state=seed)


def leave_one_out() -> LeaveOneOut:
    """Leave-one-out: each sample is the validation set once."""
    from sklearn.model_selection import LeaveOneOut

    return LeaveOneOut()


def leave_p_out(p: int) -> LeavePOut:
    """Leave-p-out: every subset of p samples is the validation set once (C(n, p) folds)."""
    from sklearn.model_selection import LeavePOut

    return LeavePOut(p)


class CVResult:
    """Per-fold metrics of a cross-validation, with their mean and standard deviation.

    ``scores`` maps each metric name to an array with one value per fold (a callable that
    returns a float gives the single metric ``"score"``). ``mean`` and ``std`` are floats
    for a single metric and dicts otherwise; ``result["accuracy"]`` is the per-fold array.
    """

    def __init__(self, scores: Mapping[str, np.ndarray], fold_sizes: list[tuple[int, int]]):
        self.scores = {k: np.asarray(v, dtype=np.float64) for k, v in scores.items()}
        self.fold_sizes = fold_sizes  # (n_train, n_val) per fold

    @property
    def n_folds(self) -> int:
        """The number of folds (or splits) evaluated."""
        return len(self.fold_sizes)

    @property
    def single(self) -> bool:
        """Whether one unnamed metric ("score") was evaluated."""
        return list(self.scores) == ["score"]

    def _summary(self, fn: Callable) -> float | dict[str, float]:
        out = {k: float(fn(v)) for k, v in self.scores.items()}
        return out["score"] if self.single else out

    @property
    def mean(self) -> float | dict[str, float]:
        """Mean over folds: a float for a single metric, else a dict by metric name."""
        return self._summary(np.mean)

    @property
    def std(self) -> float | dict[str, float]:
        """Population standard deviation over folds (ddof=0, as numpy)."""
        return self._summary(np.std)

    def __getitem__(self, name: str) -> np.ndarray:
        return self.scores[name]

    def __repr__(self) -> str:
        parts = [f"{k}={np.mean(v):.4g} ± {np.std(v):.2g}" for k, v in self.scores.items()]
        return f"CVResult({self.n_folds} folds: {', '.join(parts)})"


def split_indices(
    cv: Any, X: Any, y: Any = None, groups: Any = None, seed: int = 0
) -> list[tuple[np.ndarray, np.ndarray]]:
    """The ``(train_idx, val_idx)`` pairs of a validation scheme over ``X`` (and ``y``).

    ``cv`` is an int k (shuffled `kfold` with k folds, seeded with ``seed``), a fraction in
    (0, 1) (one hold-out split with that share for validation), any scikit-learn splitter
    with ``split(X, y, groups)`` (the schemes above, GroupKFold with ``groups``, ...), or an
    iterable of ``(train_idx, val_idx)`` index pairs.
    """
    if isinstance(cv, bool):
        raise TypeError(f"cv must be an int, a fraction, a splitter or index pairs, got {cv!r}")
    if isinstance(cv, int | np.integer):
        cv = kfold(int(cv), shuffle=True, seed=seed)
    elif isinstance(cv, float):
        if not 0.0 < cv < 1.0:
            raise ValueError(f"a hold-out fraction cv must be in (0, 1), got {cv}")
        cv = repeated_splits(1, test_size=cv, seed=seed)
    if hasattr(cv, "split"):
        pairs = cv.split(X, y, groups)
    elif isinstance(cv, Iterable) and not isinstance(cv, str | bytes | np.ndarray):
        pairs = cv
    else:
        raise TypeError(
            "cv must be an int (k-fold), a fraction (hold-out), a splitter with a split "
            f"method, or an iterable of (train_idx, val_idx) pairs, got {cv!r}"
        )
    n = len(X)
    out = []
    for i, pair in enumerate(pairs):
        try:
            tr, va = pair
        except (TypeError, ValueError):
            raise TypeError(f"cv: fold {i} is not a (train_idx, val_idx) pair: {pair!r}") from None
        tr, va = _indices(tr, n, i, "train"), _indices(va, n, i, "validation")
        out.append((tr, va))
    if not out:
        raise ValueError(f"{cv!r} produced no folds")
    return out


def _indices(idx: Any, n: int, fold: int, what: str) -> np.ndarray:
    idx = np.asarray(idx)
    if idx.dtype == bool:
        if idx.shape != (n,):
            raise ValueError(f"cv: fold {fold}'s {what} mask has shape {idx.shape}, not ({n},)")
        return np.flatnonzero(idx)
    if idx.ndim != 1 or (idx.size and not np.issubdtype(idx.dtype, np.integer)):
        raise TypeError(f"cv: fold {fold}'s {what} indices must be a 1-d integer array")
    if idx.size == 0:
        raise ValueError(f"cv: fold {fold} has no {what} samples")
    if idx.min() < -n or idx.max() >= n:
        raise IndexError(f"cv: fold {fold}'s {what} indices go outside the {n} samples")
    return idx.astype(np.intp, copy=False)


def cross_validate(
    make_model_and_score: Callable[..., float | Mapping[str, float]],
    X: Any,
    y: Any = None,
    cv: int | Any = 5,
    seed: int = 0,
    groups: Any = None,
) -> CVResult:
    """Run ``fn(X_train, y_train, X_val, y_val) -> float | dict`` on each fold of ``cv``.

    ``cv`` is an int (shuffled ``KFold`` with that many folds, seeded with ``seed``), a
    fraction (one hold-out split), any scikit-learn splitter (KFold, StratifiedKFold,
    RepeatedKFold, ShuffleSplit, LeaveOneOut, LeavePOut, GroupKFold with ``groups``, ...)
    or an iterable of ``(train_idx, val_idx)`` pairs (see `split_indices`).
    `nn.training.cross_validate` trains a model per fold (in parallel if asked).
    """
    X = as_array(X)
    y = None if y is None else as_array(y)
    scores: dict[str, list[float]] = {}
    sizes = []
    for i, (tr, va) in enumerate(split_indices(cv, X, y, groups, seed)):
        res = make_model_and_score(
            X[tr], None if y is None else y[tr], X[va], None if y is None else y[va]
        )
        metrics = dict(res) if isinstance(res, Mapping) else {"score": res}
        if i and set(metrics) != set(scores):
            raise ValueError(f"fold {i} returned metrics {sorted(metrics)}, not {sorted(scores)}")
        for k, v in metrics.items():
            scores.setdefault(k, []).append(float(v))
        sizes.append((len(tr), len(va)))
    return CVResult(scores, sizes)
