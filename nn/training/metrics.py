"""Metrics over numpy outputs and targets, and how `fit` picks them.

A metric is a callable ``metric(output, target) -> float`` on numpy arrays (the model's
output and the batch's targets). `fit` and `evaluate` weight a plain metric's batch values
by batch size, which is exact for per-sample means (accuracy, MAE, MSE). `rmse` and `r2`
are not means of per-sample values: they also carry additive statistics (``stats`` and
``from_stats``), so their value over a dataset is exact too.

By default (``metrics="auto"``) the task decides: accuracy for classification (a
cross-entropy, NLL, BCE or multi-margin loss, or integer targets), MAE, RMSE and R^2 for
regression (any other loss with floating targets).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial

import numpy as np

from ..data import as_array

__all__ = ["accuracy", "mae", "mse", "r2", "resolve_metrics", "rmse"]

Metric = Callable[[np.ndarray, np.ndarray], float]


def accuracy(output, target, threshold: float | None = None) -> float:
    """Fraction of correct predictions.

    Class scores (N, K) with K > 1 are compared by argmax with class indices (N,) or with
    one-hot / soft targets (N, K). One score per sample ((N,) or (N, 1)) is a binary
    prediction, positive above ``threshold`` (0.5 for probabilities; `fit` passes 0 for a
    ``...WithLogits`` loss), compared with targets in {0, 1}.

    Examples:
        >>> nn.training.accuracy(np.array([[0.1, 0.9], [0.8, 0.2]]), np.array([1, 1]))
        0.5
    """
    output, target = as_array(output), as_array(target)
    if output.ndim >= 2 and output.shape[-1] > 1:
        pred = output.argmax(-1)
        if target.shape == output.shape:
            target = target.argmax(-1)
        return float(np.mean(pred == target.reshape(pred.shape)))
    thr = 0.5 if threshold is None else threshold
    pred = output.reshape(len(output)) > thr
    return float(np.mean(pred == (target.reshape(len(target)) > 0.5)))


def _pair(output, target) -> tuple[np.ndarray, np.ndarray]:
    """Output and target as float64 arrays of one shape, (N, outputs)."""
    o = np.asarray(as_array(output), dtype=np.float64)
    t = np.asarray(as_array(target), dtype=np.float64)
    if o.shape != t.shape and o.size == t.size:  # (N,) targets for (N, 1) outputs
        t = t.reshape(o.shape)
    if o.shape != t.shape:
        raise ValueError(f"regression metric: output shape {o.shape} and target {t.shape} differ")
    return o.reshape(len(o), -1) if o.ndim else o.reshape(1, 1), t.reshape(o.shape[:1] + (-1,))


def mae(output, target) -> float:
    """Mean absolute error, averaged over samples and outputs.

    Examples:
        >>> nn.training.mae(np.array([1.0, 2.0]), np.array([1.5, 1.0]))
        0.75
    """
    o, t = _pair(output, target)
    return float(np.mean(np.abs(o - t)))


def mse(output, target) -> float:
    """Mean squared error, averaged over samples and outputs."""
    o, t = _pair(output, target)
    return float(np.mean((o - t) ** 2))


class _DatasetMetric:
    """A metric whose value over a dataset comes from summed per-batch statistics."""

    def __init__(self, name: str, stats: Callable, from_stats: Callable, doc: str):
        self.__name__ = self.__qualname__ = name
        self.__module__ = __name__
        self.__doc__ = doc
        self.stats, self.from_stats = stats, from_stats

    def __call__(self, output, target) -> float:
        return self.from_stats(self.stats(output, target))

    def __repr__(self) -> str:
        return f"<metric {self.__name__}>"


def _rmse_stats(output, target) -> np.ndarray:
    o, t = _pair(output, target)
    return np.array([np.sum((o - t) ** 2), o.size])


def _r2_stats(output, target) -> np.ndarray:
    # per output column: n, sum y, sum y^2, residual sum of squares
    o, t = _pair(output, target)
    n = np.full(t.shape[1], len(t), dtype=np.float64)
    return np.stack([n, t.sum(0), (t * t).sum(0), ((o - t) ** 2).sum(0)])


def _r2_from_stats(s: np.ndarray) -> float:
    n, sy, syy, ss_res = s
    ss_tot = syy - sy * sy / np.maximum(n, 1)
    with np.errstate(all="ignore"):
        r2 = np.where(ss_tot > 0, 1 - ss_res / ss_tot, np.where(ss_res > 0, 0.0, 1.0))
    return float(np.mean(r2))  # sklearn's "uniform_average" over outputs


rmse = _DatasetMetric(
    "rmse",
    _rmse_stats,
    lambda s: float(np.sqrt(s[0] / max(s[1], 1))),
    "Root mean squared error: sqrt of the mean of (output - target)^2 over samples and outputs.",
)
r2 = _DatasetMetric(
    "r2",
    _r2_stats,
    _r2_from_stats,
    "Coefficient of determination R^2 = 1 - SS_res / SS_tot, per output, then averaged\n"
    "(scikit-learn's r2_score; 1 is a perfect fit, 0 predicting the mean).",
)

_NAMES: dict[str, Metric] = {
    "accuracy": accuracy,
    "acc": accuracy,
    "mae": mae,
    "mse": mse,
    "rmse": rmse,
    "r2": r2,
}

_CLASSIFICATION = {
    "crossentropyloss", "nllloss", "bceloss", "bcewithlogitsloss", "multimarginloss",
    "cross_entropy", "nll_loss", "binary_cross_entropy", "binary_cross_entropy_with_logits",
    "multi_margin_loss",
}  # fmt: skip
_REGRESSION = {"mseloss", "l1loss", "huberloss", "mse_loss", "l1_loss", "huber_loss"}


def _loss_name(loss) -> str:
    return str(getattr(loss, "__name__", None) or type(loss).__name__).lower()


def _is_logits_loss(loss) -> bool:
    return "logits" in _loss_name(loss)


def _task(loss=None, target=None) -> str:
    """ "classification" or "regression", from the loss (its class or function name) or,
    for another loss, from the targets' dtype (integers: classification)."""
    name = _loss_name(loss) if loss is not None else ""
    if name in _CLASSIFICATION:
        return "classification"
    if name in _REGRESSION:
        return "regression"
    if target is not None and as_array(target).dtype.kind in "iub":
        return "classification"
    return "regression"


def resolve_metrics(
    metrics: str | Iterable[str | Metric] | Mapping[str, Metric] | None, loss=None, target=None
) -> list[tuple[str, Metric]]:
    """(name, function) pairs from "auto", names, callables, or a name -> function dict.

    Names: "accuracy" (or "acc"), "mae", "mse", "rmse", "r2". "auto" picks ["accuracy"]
    for classification (a cross-entropy, NLL, BCE or multi-margin loss, or, for another
    loss, integer targets: ``target`` is a sample of them) and ["mae", "rmse", "r2"] for
    regression. As in Keras, "accuracy"
    after a ``...WithLogits`` loss thresholds binary outputs at 0.

    Examples:
        >>> [name for name, _ in nn.training.resolve_metrics("auto", nn.MSELoss())]
        ['mae', 'rmse', 'r2']
    """
    if metrics is None:
        return []
    if isinstance(metrics, str) and metrics == "auto":
        regression = _task(loss, target) == "regression"
        metrics = ["mae", "rmse", "r2"] if regression else ["accuracy"]
    if isinstance(metrics, str) or callable(metrics):
        metrics = [metrics]
    items = metrics.items() if isinstance(metrics, Mapping) else [(None, m) for m in metrics]
    out: list[tuple[str, Metric]] = []
    for name, m in items:
        if isinstance(m, str):
            fn = _NAMES.get(m.lower())
            if fn is None:
                raise ValueError(
                    f'unknown metric {m!r}; use one of {sorted(_NAMES)}, "auto", or a '
                    "callable metric(output, target) -> float"
                )
            if fn is accuracy and loss is not None and _is_logits_loss(loss):
                fn = partial(accuracy, threshold=0.0)
            out.append((name or m, fn))
        elif callable(m):
            out.append((name or getattr(m, "__name__", type(m).__name__), m))
        else:
            raise TypeError(f"a metric is a name or a callable, got {m!r}")
    names = [n for n, _ in out]
    if len(set(names)) != len(names) or "loss" in names:
        raise ValueError(f"metric names must be distinct and not 'loss': {names}")
    return out


class Accumulator:
    """Sums metrics over batches: plain metrics weighted by batch size, and the additive
    statistics of `rmse`/`r2`-like metrics (objects with ``stats`` and ``from_stats``)."""

    def __init__(self, metric_fns: list[tuple[str, Metric]]):
        self.metric_fns = metric_fns
        self.sums: dict[str, float | np.ndarray] = dict.fromkeys((n for n, _ in metric_fns), 0.0)
        self.count = 0

    def add(self, output: np.ndarray, target: np.ndarray) -> None:
        """Add one chunk of outputs and targets."""
        n = len(output)
        for name, fn in self.metric_fns:
            stats = getattr(fn, "stats", None)
            value = stats(output, target) if stats else fn(output, target) * n
            self.sums[name] = self.sums[name] + value
        self.count += n

    def result(self) -> dict[str, float]:
        """Each metric's value over everything added."""
        out = {}
        for name, fn in self.metric_fns:
            total = self.sums[name]
            from_stats = getattr(fn, "from_stats", None)
            if from_stats is not None:
                out[name] = from_stats(total) if self.count else 0.0
            else:
                out[name] = total / self.count if self.count else 0.0
        return out
