"""Speed-up of an 8-fold `nn.training.cross_validate` on 2 worker processes over 1 process.

The workload: the demo's MLP (64-128-64-10, Adam, batch 32) on the 1,797 digits, 8 folds
of 30 epochs each (10 in --quick), validated after every epoch. The sequential run trains
the folds one after another in this process (``n_jobs=1``, one BLAS thread, as loky gives
each of its workers); the parallel one on joblib's loky processes (``n_jobs=2``): "cold"
with the worker pool shut down before the run, so that it includes starting the workers
and importing graphgrad in them (as a user's first call pays), and "warm" on the pool the
cold run left. The three runs alternate so that the load of a shared machine hits them
alike; each speed-up is the median ratio, with its range over the rounds. The ideal on 2
cores is 2x. Every run gives the same scores (checked).

On a shared machine the ideal is what the other work leaves: each round also times a
fixed numpy loop once alone and twice at once in two processes of a pool started
beforehand; twice the first time over the second is the machine's "2-process capacity"
at that moment (2x when two cores are free, 1x when only one is), which the speed-up is
to be read against. Run: ``python -m benchmarks.cv_parallel``.
"""

from __future__ import annotations

import functools
import multiprocessing
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import optim
from benchmarks.common import result, run_as_script
from nn.data import load_digits
from nn.demo import blas_threads, build_model
from nn.losses import CrossEntropyLoss
from nn.training import cross_validate

FOLDS = 8


def _busy(n: int = 8000) -> float:
    """A fixed amount of small-matrix numpy work in a Python loop (like a fit's)."""
    import numpy as np

    a = np.random.default_rng(0).standard_normal((64, 64))
    t0 = time.perf_counter()
    for _ in range(n):
        a = np.tanh(a @ a.T * 0.01)
    return time.perf_counter() - t0


def _capacity(pool) -> float:
    """How many processes' worth of CPU the machine gives two busy processes right now."""
    alone = pool.submit(_busy).result()
    pair = [f.result() for f in [pool.submit(_busy), pool.submit(_busy)]]
    return 2 * alone / max(pair)


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
    same, capacity = True, []
    pool = ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn"))
    with pool, blas_threads(1):
        _cv(X, y, 1, 1)  # warm-up: imports, first allocations
        [f.result() for f in [pool.submit(_busy, 1), pool.submit(_busy, 1)]]  # start the pool
        for _ in range(repeats):
            capacity.append(_capacity(pool))
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
            goal="close to the capacity",
        ))  # fmt: skip
    capacity.sort()
    out.append(result(
        "machine's 2-process capacity", statistics.median(capacity), "x",
        range=f"{capacity[0]:.2f}-{capacity[-1]:.2f}", rounds=repeats, ideal="2x on 2 idle cores",
    ))  # fmt: skip
    return out


if __name__ == "__main__":
    run_as_script(run)
