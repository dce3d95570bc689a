"""`History`: the per-epoch metrics of a `fit` run, and their learning curves."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Any

__all__ = ["History"]


class History:
    """Per-epoch logs of `fit`, as in Keras.

    ``history.history`` maps each name ("loss", "accuracy", "val_loss", "val_accuracy",
    "lr", ...) to one value per epoch; ``history.epoch`` holds the epoch indices (from 0);
    ``history.params`` the settings of the run; ``history.timing`` the seconds spent in the
    whole run ("total") and inside the model's forward, loss, backward and optimizer step
    ("model").
    """

    def __init__(self) -> None:
        self.history: dict[str, list[float]] = {}
        self.epoch: list[int] = []
        self.params: dict[str, Any] = {}
        self.timing: dict[str, float] = {"total": 0.0, "model": 0.0}

    def append(self, epoch: int, logs: dict[str, float]) -> None:
        """Record the logs of one epoch (names missing from earlier epochs are padded)."""
        n = len(self.epoch)
        self.epoch.append(epoch)
        for k, v in logs.items():
            self.history.setdefault(k, [math.nan] * n).append(float(v))
        for vals in self.history.values():
            if len(vals) < n + 1:
                vals.append(math.nan)

    def __getitem__(self, key: str) -> list[float]:
        return self.history[key]

    def __contains__(self, key: str) -> bool:
        return key in self.history

    def __len__(self) -> int:
        return len(self.epoch)

    def __repr__(self) -> str:
        return f"History(epochs={len(self.epoch)}, keys={list(self.history)})"

    def best(self, monitor: str = "val_loss", mode: str = "auto") -> tuple[int, float]:
        """(epoch, value) of the best value of ``monitor`` (mode "min", "max" or "auto")."""
        vals = self.history[monitor]
        maximise = _maximise(monitor, mode)
        ok = [(v, e) for e, v in zip(self.epoch, vals) if not math.isnan(v)]
        if not ok:
            raise ValueError(f"no value of {monitor!r} was recorded")
        v, e = max(ok) if maximise else min(ok)
        return e, v

    def plot(
        self,
        path: str | os.PathLike | None = None,
        metrics: list[str] | None = None,
        figsize: tuple[float, float] | None = None,
        title: str | None = None,
        dpi: int = 100,
    ):
        """Learning curves, one panel per metric (training and validation); returns the Figure.

        ``metrics`` are base names ("loss", "accuracy"); by default every recorded one but
        the learning rate. With ``path`` the figure is drawn with the Agg backend (no
        display, pyplot state untouched) and saved there (the format from the suffix);
        without it the figure comes from pyplot, so it shows in notebooks.
        """
        if metrics is None:
            metrics = []
            for k in self.history:
                base = k[4:] if k.startswith("val_") else k
                if base != "lr" and base not in metrics:
                    metrics.append(base)
        if not metrics:
            raise ValueError("nothing to plot: the history is empty")
        n = len(metrics)
        figsize = figsize or (4.2 * n, 3.4)
        if path is None:
            import matplotlib.pyplot as plt

            fig = plt.figure(figsize=figsize, dpi=dpi)
        else:
            from matplotlib.backends.backend_agg import FigureCanvasAgg
            from matplotlib.figure import Figure

            fig = Figure(figsize=figsize, dpi=dpi)
            FigureCanvasAgg(fig)
        axes = fig.subplots(1, n, squeeze=False)[0]
        x = [e + 1 for e in self.epoch]
        for ax, base in zip(axes, metrics):
            found = False
            for key, label, style in (
                (base, "training", "o-"),
                (f"val_{base}", "validation", "s-"),
            ):
                if key in self.history:
                    ax.plot(x, self.history[key], style, markersize=3, label=label)
                    found = True
            if not found:
                raise KeyError(f"{base!r} was not recorded; recorded: {list(self.history)}")
            ax.set_xlabel("epoch")
            ax.set_ylabel(base)
            ax.set_title(base)
            ax.grid(True, alpha=0.3)
            ax.legend()
        if title:
            fig.suptitle(title)
        fig.tight_layout()
        if path is not None:
            path = Path(path)
            path.parent.mkdir(parents=True, exist_ok=True)
            fig.savefig(path)
        return fig


def _maximise(monitor: str, mode: str) -> bool:
    """Whether larger is better for ``monitor`` (mode "auto": accuracy-like names and R^2)."""
    if mode not in ("auto", "min", "max"):
        raise ValueError(f"mode must be 'auto', 'min' or 'max', got {mode!r}")
    if mode == "auto":
        name = monitor.lower()
        return any(s in name for s in ("acc", "auc", "f1", "precision", "recall", "r2"))
    return mode == "max"
