"""Metrics over numpy outputs and targets, and the resolution of metric names for `fit`.

A metric is a callable ``metric(output, target) -> float`` on numpy arrays (the model's
output and the batch's targets), averaged over a batch; `fit` and `evaluate` weight the
batch values by batch size, which gives the exact value over a dataset for accuracy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from functools import partial

import numpy as np

from ..data import as_array

__all__ = ["accuracy", "resolve_metrics"]

Metric = Callable[[np.ndarray, np.ndarray], float]


def accuracy(output, target, threshold: float | None = None) -> float:
    """Fraction of correct predictions.

    Class scores (N, K) with K > 1 are compared by argmax with class indices (N,) or with
    one-hot / soft targets (N, K). One score per sample ((N,) or (N, 1)) is a binary
    prediction, positive above ``threshold`` (0.5 for probabilities; `fit` passes 0 for a
    ``...WithLogits`` loss), compared with targets in {0, 1}.
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


_NAMES = {"accuracy": "accuracy", "acc": "accuracy"}


def _is_logits_loss(loss) -> bool:
    name = getattr(loss, "__name__", None) or type(loss).__name__
    return "logits" in str(name).lower()


def resolve_metrics(
    metrics: Iterable[str | Metric] | Mapping[str, Metric] | None, loss=None
) -> list[tuple[str, Metric]]:
    """(name, function) pairs from names ("accuracy"/"acc"), callables, or a name->fn dict.

    As in Keras, "accuracy" after a ``...WithLogits`` loss thresholds binary outputs at 0.
    """
    if metrics is None:
        return []
    if isinstance(metrics, str) or callable(metrics):
        metrics = [metrics]
    items = metrics.items() if isinstance(metrics, Mapping) else [(None, m) for m in metrics]
    out: list[tuple[str, Metric]] = []
    for name, m in items:
        if isinstance(m, str):
            key = _NAMES.get(m.lower())
            if key is None:
                raise ValueError(
                    f"unknown metric {m!r}; use one of {sorted(_NAMES)} or a callable "
                    "metric(output, target) -> float"
                )
            fn: Metric = accuracy
            if loss is not None and _is_logits_loss(loss):
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
