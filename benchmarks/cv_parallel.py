"""Speed-up of an 8-fold `nn.training.cross_validate` on 2 worker processes over 1 process.

The workload: the demo's MLP (64-128-64-10, Adam, batch 32) on the 1,797 digits, 8 folds
of 30 epochs each (10 in --quick), validated after every epoch. The sequential run trains
the folds one after another in this process (``n_jobs=1``, one BLAS thread, as loky gives
each of its workers); the parallel one on joblib's loky processes (``n_jobs=2``): "cold"
with the worker pool shut down before the run, so that it includes starting the workers
and importing graphgrad in them (as a user's first call pays), and "warm" on the pool the
cold run left. The three runs alternate so that the load of a shared machine hits them
alike; each speed-up is the median ratio, with its range over the rounds. The ideal on 2
cores is 2x. Every run gives the same scores (checked). Run:
``python -m benchmarks.cv_parallel``.
"""

from __future__ import annotations

import functools
import statistics
import time

import optim
from benchmarks.common import result, run_as_script
from nn.data import load_digits
from nn.demo import blas_threads, build_model
from nn.losses import CrossEntropyLoss
from nn.training import cross_validate

FOLDS = 8


def _cv(X, y, epochs: int, n_jobs: int):
    return cross_validate(
        functools.partial(build_model, "mlp", "digits"), CrossEntropyLoss(),
        functools.partial(optim.Adam, lr=5e-3), (X, y), cv=FOLDS, epochs=epochs,
        batch_size=32, n_jobs=n_jobs, progress=False,
    )  # fmt: skip


def _fresh_pool() -> None:
    """Stop loky's reusable workers, so the next parallel run starts its own."""
    from joblib.externals.loky import get_reusable_executor

    get_reusable_executor().shutdown(wait=True)


def run(quick: bool = False) -> list[dict]:
    X, y = load_digits(flatten=True)
    epochs, repeats = (10, 2) if quick else (30, 4)
    times: dict[str, list[float]] = {
        "1 process": [],
        "2 processes cold": [],
        "2 processes warm": [],
    }
    same = True
    with blas_threads(1):
        _cv(X, y, 1, 1)  # warm-up: imports, first allocations
        for _ in range(repeats):
            runs = []
            for name, n_jobs in (
                ("1 process", 1),
                ("2 processes cold", 2),
                ("2 processes warm", 2),
            ):
                if name.endswith("cold"):
                    _fresh_pool()
                t0 = time.perf_counter()
                runs.append(_cv(X, y, epochs, n_jobs))
                times[name].append(time.perf_counter() - t0)
            same &= all(r.folds["val_loss"] == runs[0].folds["val_loss"] for r in runs)
    out = [
        result(
            f"cv {FOLDS}x{epochs} epochs, {name}", statistics.median(t), "s", min=min(t), max=max(t)
        )  # fmt: skip
        for name, t in times.items()
    ]
    for kind in ("cold", "warm"):
        ratios = sorted(s / p for s, p in zip(times["1 process"], times[f"2 processes {kind}"]))
        out.append(result(
            f"cv speed-up on 2 cores, {kind} pool", statistics.median(ratios), "x",
            range=f"{ratios[0]:.2f}-{ratios[-1]:.2f}", rounds=repeats, same_scores=same,
            goal="close to 2x",
        ))  # fmt: skip
    return out


if __name__ == "__main__":
    run_as_script(run)
