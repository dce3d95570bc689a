"""`fit`, `evaluate` and `predict`: a Keras-style training loop over PyTorch-style modules.

Data is given as ``(X, y)`` numpy arrays (or Tensors), an `nn.data.Dataset`, or a
`DataLoader` (any re-iterable of ``(inputs, targets, ...)`` batches works). The loop
keeps its per-batch work small: a batch is wrapped in Tensors without copying, metrics
come from numpy on the output's array, and the progress bar's text is refreshed only
every few batches.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from autograd import Generator, Tensor, no_grad
from autograd import random_kernels as _rk
from autograd.generator import resolve

from ..data import DataLoader, Dataset, TensorDataset
from .callbacks import Callback, LearningRateScheduler
from .history import History
from .metrics import Accumulator, Metric, resolve_metrics

__all__ = ["fit", "evaluate", "predict"]

_POSTFIX_EVERY = 8  # batches between updates of the progress bar's running metrics
_EVAL_BATCH = 256


class _ArrayBatches:
    """Batches of in-memory arrays: one gather per epoch, then contiguous slices.

    The same batches as ``DataLoader(arrays, batch_size, shuffle, seed=seed)`` (the same
    draws: a base seed, then a permutation; the default generator when seed is None), at
    a fraction of its per-batch cost.
    """

    def __init__(self, arrays: tuple[np.ndarray, ...], batch_size: int, shuffle: bool, seed):
        self.arrays, self.batch_size, self.shuffle = arrays, batch_size, shuffle
        self.generator = None if seed is None else Generator().manual_seed(seed)

    def __len__(self) -> int:
        return -(-len(self.arrays[0]) // self.batch_size)

    def __iter__(self):
        arrays = self.arrays
        perm = _epoch_order(self.generator, len(arrays[0]), self.shuffle)
        if perm is not None:
            arrays = tuple(a[perm] for a in arrays)
        bs = self.batch_size
        for start in range(0, len(arrays[0]), bs):
            yield tuple(a[start : start + bs] for a in arrays)


def _epoch_order(generator, n: int, shuffle: bool):
    """A DataLoader epoch's draws: the base seed, then RandomSampler's permutation."""
    _rk.random_(resolve(generator), 1, np.int64)
    if not shuffle:
        return None
    if generator is None:
        generator = Generator().manual_seed(int(_rk.random_(resolve(None), 1, np.int64)[0]))
    return _rk.randperm(generator, n)


def _loader(data: Any, batch_size: int, shuffle: bool = False, seed: int | None = 0):
    """A re-iterable of batches from arrays, a Dataset or a loader."""
    if isinstance(data, DataLoader):
        return data
    if isinstance(data, Dataset):
        return DataLoader(data, batch_size=batch_size, shuffle=shuffle, seed=seed)
    if isinstance(data, tuple | list):
        return _ArrayBatches(TensorDataset(*data).arrays, batch_size, shuffle, seed)
    if isinstance(data, Iterable) and not isinstance(data, np.ndarray):
        return data
    raise TypeError(
        "data must be an (X, y) tuple of arrays, a Dataset or a DataLoader, got "
        f"{type(data).__name__}"
    )


def _tensor(a) -> Tensor:
    return a if isinstance(a, Tensor) else Tensor(a)


def _in_notebook() -> bool:
    """Whether we run in a Jupyter kernel (where a widget can show)."""
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return False
    try:
        shell = ipython.get_ipython()
    except AttributeError:
        return False
    return shell is not None and "IPKernelApp" in getattr(shell, "config", {})


def _has_widgets() -> bool:
    try:
        import ipywidgets  # noqa: F401
    except ImportError:
        return False
    return True


def _progress(total: int | None, desc: str, enabled: bool, unit: str = "batch"):
    """A tqdm bar on stderr that disappears when done: a widget in a notebook with
    ipywidgets, a text bar in a notebook without it (silently: no "IProgress not found"
    warning) and in a terminal, and nothing when stderr is a file or pipe outside a
    notebook (logs keep only the one line per epoch)."""
    if not enabled:
        return None
    kw = dict(total=total, desc=desc, leave=False, file=sys.stderr, unit=unit, mininterval=0.2)
    if _in_notebook():
        if _has_widgets():
            from tqdm.notebook import tqdm as widget_tqdm

            try:
                return widget_tqdm(**kw)
            except ImportError:  # an ipywidgets too old for tqdm: the text bar
                pass
        from tqdm.std import tqdm

        return tqdm(**kw)
    isatty = getattr(sys.stderr, "isatty", None)
    if isatty is None or not isatty():
        return None
    from tqdm.std import tqdm

    return tqdm(**kw)


def _postfix(loss: float, acc: Accumulator) -> str:
    values = {"loss": loss, **acc.result()}
    return " ".join(f"{k}={v:.4f}" for k, v in values.items())


def _peek_target(data: Any):
    """A few targets of the training data (for choosing metrics), or None."""
    try:
        if isinstance(data, tuple | list) and len(data) >= 2:
            return np.asarray(data[1].numpy() if isinstance(data[1], Tensor) else data[1])[:1]
        dataset = data.dataset if isinstance(data, DataLoader) else data
        if isinstance(dataset, Dataset) and len(dataset):
            y = dataset[0][1]
            return np.asarray(y.numpy() if isinstance(y, Tensor) else y)
    except (TypeError, IndexError, KeyError, AttributeError):
        pass
    return None


def _run_eval(model, loader, loss, metric_fns, timer: list[float] | None = None):
    """Mean loss and metrics over a loader, in eval mode without recording a graph."""
    was_training = model.training
    model.eval()
    acc = Accumulator(metric_fns)
    count, inside, loss_sum = 0, 0.0, 0.0
    try:
        with no_grad():
            for batch in loader:
                xb, yb = batch[0], batch[1]
                t0 = time.perf_counter()
                out = model(_tensor(xb))
                lv = float(loss(out, _tensor(yb)).item()) if loss is not None else 0.0
                inside += time.perf_counter() - t0
                n = len(xb)
                loss_sum += lv * n
                acc.add(out.numpy(), yb.numpy() if isinstance(yb, Tensor) else yb)
                count += n
    finally:
        model.train(was_training)
    if timer is not None:
        timer[0] += inside
    if count == 0:
        raise ValueError("evaluation data is empty")
    return ({"loss": loss_sum / count} if loss is not None else {}) | acc.result()


def fit(
    model,
    loss: Callable,
    optimizer,
    train_data: Any,
    val_data: Any = None,
    epochs: int = 10,
    batch_size: int = 32,
    metrics: str | Sequence[str | Metric] | Mapping[str, Metric] | None = "auto",
    callbacks: Sequence[Callback] = (),
    shuffle: bool = True,
    seed: int | None = 0,
    progress: bool = True,
    scheduler: Any = None,
) -> History:
    """Train ``model`` for ``epochs`` epochs and return its `History`.

    Every batch runs ``optimizer.zero_grad()``, ``loss(model(x), y).backward()`` and
    ``optimizer.step()`` with the model in train mode; after every epoch the model is
    evaluated on ``val_data`` (if given) in eval mode under `no_grad`, giving the "val_"
    metrics. ``loss`` is a module or function with mean reduction. Arrays are batched
    with ``batch_size`` and, when ``shuffle``, a new order every epoch drawn from ``seed``
    (a given DataLoader keeps its own settings). ``metrics``: "auto" (accuracy for
    classification: a cross-entropy, NLL, BCE or multi-margin loss, or integer targets;
    MAE, RMSE and R^2 for regression), or a list of names ("accuracy", "mae", "mse",
    "rmse", "r2") and functions ``metric(output, target) -> float`` on numpy arrays, e.g.
    ``metrics=["mae", my_metric]``; None for none. ``scheduler``: an
    `optim.lr_scheduler` stepped after every epoch (see `LearningRateScheduler`). With
    ``progress`` a bar per epoch shows the running loss and metrics, and one line per
    epoch sums it up (both on stderr).
    """
    t_start = time.perf_counter()
    train_loader = _loader(train_data, batch_size, shuffle, seed)
    eval_batch = max(batch_size, _EVAL_BATCH)
    val_loader = _loader(val_data, eval_batch) if val_data is not None else None
    metric_fns = resolve_metrics(metrics, loss, _peek_target(train_data))
    callbacks = list(callbacks)
    if scheduler is not None:
        callbacks.append(LearningRateScheduler(scheduler))
    history = History()
    history.params = {"epochs": epochs, "batch_size": batch_size, "steps": _len(train_loader)}
    for cb in callbacks:
        cb.set_context(model, optimizer, history)
    logs: dict[str, float] = {}
    for cb in callbacks:
        cb.on_train_begin(logs)
    timer = [0.0]  # seconds inside forward, loss, backward and step
    try:
        for epoch in range(epochs):
            for cb in callbacks:
                cb.on_epoch_begin(epoch, logs)
            t_epoch = time.perf_counter()
            logs = _train_epoch(
                model, loss, optimizer, train_loader, metric_fns, timer,
                _progress(_len(train_loader), f"epoch {epoch + 1}/{epochs}", progress),
            )  # fmt: skip
            if val_loader is not None:
                val = _run_eval(model, val_loader, loss, metric_fns, timer)
                logs.update({f"val_{k}": v for k, v in val.items()})
            logs["lr"] = float(optimizer.param_groups[0]["lr"])
            history.append(epoch, logs)
            if progress:
                _print_epoch(epoch, epochs, logs, time.perf_counter() - t_epoch)
            for cb in callbacks:
                cb.on_epoch_end(epoch, logs)
            if any(cb.stop_training for cb in callbacks):
                break
    finally:
        for cb in callbacks:
            cb.on_train_end(logs)
        history.timing = {"total": time.perf_counter() - t_start, "model": timer[0]}
    return history


def _len(loader) -> int | None:
    try:
        return len(loader)
    except TypeError:
        return None


def _add_metrics(acc: Accumulator, outs: list, targets: list) -> None:
    """Add the metrics of a few batches' outputs into the accumulator."""
    o = outs[0] if len(outs) == 1 else np.concatenate(outs)
    t = targets[0] if len(targets) == 1 else np.concatenate(targets)
    acc.add(o, t)
    outs.clear()
    targets.clear()


def _train_epoch(model, loss, optimizer, loader, metric_fns, timer, bar) -> dict:
    # Metrics run on chunks of _POSTFIX_EVERY batches (one numpy call instead of many):
    # the per-batch work outside the model is a few list appends.
    model.train()
    acc = Accumulator(metric_fns)
    outs: list[np.ndarray] = []
    targets: list[np.ndarray] = []
    count, loss_sum, inside, perf = 0, 0.0, 0.0, time.perf_counter
    try:
        for i, batch in enumerate(loader):
            xb, yb = batch[0], batch[1]
            t0 = perf()
            out = model(_tensor(xb))
            lt = loss(out, _tensor(yb))
            optimizer.zero_grad()
            lt.backward()
            optimizer.step()
            inside += perf() - t0
            n = len(xb)
            loss_sum += float(lt.item()) * n
            count += n
            if metric_fns:
                outs.append(out.numpy())
                targets.append(yb.numpy() if isinstance(yb, Tensor) else yb)
            if len(outs) == _POSTFIX_EVERY:
                _add_metrics(acc, outs, targets)
            if bar is not None:
                bar.update(1)
                if i % _POSTFIX_EVERY == _POSTFIX_EVERY - 1:
                    bar.set_postfix_str(_postfix(loss_sum / count, acc), refresh=False)
        if outs:
            _add_metrics(acc, outs, targets)
    finally:
        if bar is not None:
            bar.close()
    timer[0] += inside
    if count == 0:
        raise ValueError("training data is empty")
    return {"loss": loss_sum / count} | acc.result()


def _print_epoch(epoch: int, epochs: int, logs: dict[str, float], seconds: float) -> None:
    from tqdm.std import tqdm

    parts = [f"{k} {v:.4f}" for k, v in logs.items() if k != "lr"]
    width = len(str(epochs))
    tqdm.write(
        f"epoch {epoch + 1:>{width}}/{epochs}  " + "  ".join(parts) + f"  ({seconds:.1f}s)",
        file=sys.stderr,
    )


def evaluate(
    model,
    data: Any,
    loss: Callable | None = None,
    metrics: str | Sequence[str | Metric] | Mapping[str, Metric] | None = "auto",
    batch_size: int = _EVAL_BATCH,
) -> dict[str, float]:
    """Mean loss (if ``loss`` is given) and metrics over ``data``, in eval mode, no graph.

    ``metrics`` as in `fit` ("auto": chosen from the loss, or from the targets).

    Returns a dict such as ``{"loss": 0.08, "accuracy": 0.975}``; the model's train/eval
    mode is restored afterwards.
    """
    metric_fns = resolve_metrics(metrics, loss, _peek_target(data))
    return _run_eval(model, _loader(data, batch_size), loss, metric_fns)


def predict(model, X: Any, batch_size: int = _EVAL_BATCH) -> np.ndarray:
    """The model's outputs for inputs ``X`` (an array, a Tensor, a Dataset or a loader).

    Runs in eval mode under `no_grad`, ``batch_size`` samples at a time, and returns one
    numpy array (N, ...); for a Dataset or loader the first array of each batch is used.
    """
    if isinstance(X, Tensor):
        X = X.numpy()
    loader = _loader((X,) if isinstance(X, np.ndarray) else X, batch_size)
    was_training = model.training
    model.eval()
    outs = []
    try:
        with no_grad():
            for batch in loader:
                xb = batch[0] if isinstance(batch, tuple | list) else batch
                outs.append(model(_tensor(xb)).numpy())
    finally:
        model.train(was_training)
    if not outs:
        raise ValueError("predict: no inputs")
    return np.concatenate(outs)
