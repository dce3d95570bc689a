"""Callbacks for `fit`: early stopping, checkpoints through `nn.save`, learning-rate schedules.

A callback gets ``model``, ``optimizer`` and ``history`` before training starts and is
called at the start and end of training and of every epoch with the logs so far (a dict
such as ``{"loss": ..., "val_loss": ...}``). Setting ``stop_training = True`` ends the run
after the current epoch.
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .history import _maximise

__all__ = ["Callback", "EarlyStopping", "ModelCheckpoint", "LearningRateScheduler"]


class Callback:
    """Base class: override any of the ``on_*`` hooks."""

    stop_training = False

    def set_context(self, model, optimizer, history) -> None:
        """Called by `fit` before training: gives the callback the model, optimizer and history."""
        self.model, self.optimizer, self.history = model, optimizer, history

    def on_train_begin(self, logs: dict[str, float]) -> None:
        """Called once before the first epoch."""
        pass

    def on_epoch_begin(self, epoch: int, logs: dict[str, float]) -> None:
        """Called at the start of each epoch (numbered from 0)."""
        pass

    def on_epoch_end(self, epoch: int, logs: dict[str, float]) -> None:
        """Called after each epoch with its logs ("loss", "val_loss", metrics, "lr")."""
        pass

    def on_train_end(self, logs: dict[str, float]) -> None:
        """Called once after the last epoch, also when training stops early or fails."""
        pass


class _Monitor:
    """Tracks the best value of a logged quantity."""

    def __init__(self, monitor: str, mode: str, min_delta: float = 0.0):
        self.monitor, self.min_delta = monitor, abs(min_delta)
        self.maximise = _maximise(monitor, mode)
        self.reset()

    def reset(self) -> None:
        self.best = -math.inf if self.maximise else math.inf
        self._warned = False

    def value(self, logs: dict[str, float], who: str) -> float | None:
        v = logs.get(self.monitor)
        if v is None or math.isnan(v):
            if not self._warned:
                warnings.warn(
                    f"{who}: {self.monitor!r} is not in the logs (available: {sorted(logs)}); "
                    "pass val_data to fit for the val_ metrics",
                    RuntimeWarning,
                    stacklevel=4,
                )
                self._warned = True
            return None
        return float(v)

    def improved(self, v: float) -> bool:
        if self.maximise:
            return v > self.best + self.min_delta
        return v < self.best - self.min_delta


class EarlyStopping(Callback):
    """Stop when ``monitor`` has not improved by more than ``min_delta`` for ``patience`` epochs.

    With ``restore_best_weights`` the model gets back the weights of its best epoch when
    training ends (stopped early or not). ``mode`` is "min", "max" or "auto" (max for
    accuracy-like names). After the run, ``best``, ``best_epoch`` and ``stopped_epoch``
    (None if it ran to the end) tell what happened.
    """

    def __init__(
        self,
        monitor: str = "val_loss",
        patience: int = 0,
        min_delta: float = 0.0,
        restore_best_weights: bool = True,
        mode: str = "auto",
        verbose: bool = False,
    ):
        self._mon = _Monitor(monitor, mode, min_delta)
        self.monitor, self.patience = monitor, int(patience)
        self.restore_best_weights, self.verbose = restore_best_weights, verbose

    @property
    def best(self) -> float:
        """The best value of the monitored quantity so far."""
        return self._mon.best

    def on_train_begin(self, logs):
        self._mon.reset()
        self.wait, self.best_epoch, self.stopped_epoch = 0, None, None
        self.best_weights = None
        self.stop_training = False

    def on_epoch_end(self, epoch, logs):
        v = self._mon.value(logs, "EarlyStopping")
        if v is None:
            return
        if self._mon.improved(v):
            self._mon.best, self.best_epoch, self.wait = v, epoch, 0
            if self.restore_best_weights:
                self.best_weights = self.model.state_dict()  # copies
            return
        self.wait += 1
        if self.wait > self.patience:
            self.stopped_epoch, self.stop_training = epoch, True

    def on_train_end(self, logs):
        if self.restore_best_weights and self.best_weights is not None:
            self.model.load_state_dict(self.best_weights)
        if self.verbose and self.stopped_epoch is not None:
            print(
                f"early stopping at epoch {self.stopped_epoch + 1}; best {self.monitor} "
                f"{self.best:.4f} at epoch {self.best_epoch + 1}"
            )


class ModelCheckpoint(Callback):
    """Save ``model.state_dict()`` with `nn.save` after every epoch, or only on improvement.

    ``path`` may hold format fields filled from the epoch (from 1) and the logs, as in
    Keras: ``"ckpt/model-{epoch:02d}-{val_loss:.3f}.npz"``. ``saved`` lists the files
    written; ``best`` is the best monitored value seen.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        monitor: str = "val_loss",
        save_best_only: bool = False,
        mode: str = "auto",
        verbose: bool = False,
    ):
        self.path, self.monitor = str(path), monitor
        self.save_best_only, self.verbose = save_best_only, verbose
        self._mon = _Monitor(monitor, mode)
        self.saved: list[Path] = []

    @property
    def best(self) -> float:
        """The best value of the monitored quantity so far."""
        return self._mon.best

    def on_train_begin(self, logs):
        self._mon.reset()
        self.saved = []

    def on_epoch_end(self, epoch, logs):
        if self.save_best_only:
            v = self._mon.value(logs, "ModelCheckpoint")
            if v is None or not self._mon.improved(v):
                return
            self._mon.best = v
        from ..serialization import save

        path = Path(self.path.format(epoch=epoch + 1, **logs))
        path.parent.mkdir(parents=True, exist_ok=True)
        save(self.model.state_dict(), path)
        self.saved.append(path)
        if self.verbose:
            print(f"saved {path}")


class LearningRateScheduler(Callback):
    """Step a learning-rate schedule once per epoch.

    ``schedule`` is an `optim.lr_scheduler` object, stepped at the end of every epoch
    (`ReduceLROnPlateau` with the value of ``monitor``: "val_loss" when validating, else
    "loss"), or a Keras-style function ``schedule(epoch, lr) -> lr`` applied to every
    parameter group at the start of every epoch.
    """

    def __init__(self, schedule: Any | Callable[[int, float], float], monitor: str | None = None):
        self.schedule, self.monitor = schedule, monitor

    def _plateau(self) -> bool:
        from optim.lr_scheduler import ReduceLROnPlateau

        return isinstance(self.schedule, ReduceLROnPlateau)

    def on_epoch_begin(self, epoch, logs):
        if hasattr(self.schedule, "step"):
            return
        for group in self.optimizer.param_groups:
            group["lr"] = float(self.schedule(epoch, group["lr"]))

    def on_epoch_end(self, epoch, logs):
        if not hasattr(self.schedule, "step"):
            return
        if self._plateau():
            monitor = self.monitor or ("val_loss" if "val_loss" in logs else "loss")
            self.schedule.step(logs[monitor])
        else:
            self.schedule.step()
