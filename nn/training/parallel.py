"""Independent jobs run in this process or through joblib, with one retry each.

`run_jobs` calls ``fn(job, *shared)`` for every job. One job at a time (``n_jobs`` 1 or
None and no ``joblib.parallel_config`` in force) runs here, in a plain loop, and needs
nothing beyond graphgrad. Otherwise the jobs go through ``joblib.Parallel``: local
processes with loky (``n_jobs=-1``: every core), or a Dask cluster under
``joblib.parallel_config(backend="dask")`` with a ``distributed.Client``. joblib is
imported only then; it comes with the ``graphgrad[parallel]`` extra.

``fn`` reports the failure of a job in its result (``{"ok": False, "error": text}``)
instead of raising. A job that fails, or whose worker process dies, is run again once;
after a second failure its result says so. When a worker dies the pool loses the jobs it
was running, and the culprit is not known: the unfinished jobs are run again, and those
caught in two such losses run one at a time, so that a job that kills its worker is
found and reported without taking the others with it. (A Dask cluster also restarts a
dead worker and re-runs its job on its own, up to its ``allowed-failures`` setting.)
"""

from __future__ import annotations

import numbers
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

from .loop import _progress

__all__ = ["run_jobs", "import_joblib", "EXTRA"]

EXTRA = "pip install 'graphgrad[parallel]'"
ATTEMPTS = 2  # a job is retried once


def import_joblib(why: str):
    """joblib, or an ImportError that says how to install it."""
    try:
        import joblib
    except ImportError as e:
        raise ImportError(
            f"{why} needs joblib, which graphgrad's 'parallel' extra installs: {EXTRA} "
            "(it brings joblib and dask[distributed])"
        ) from e
    return joblib


def _backend_name(backend: Any) -> str:
    if isinstance(backend, str):
        return backend
    name = type(backend).__name__  # joblib's backend classes: LokyBackend, ...
    return name[: -len("Backend")].lower() if name.endswith("Backend") else name


def plan(n_jobs: int | None, backend: Any = None):
    """joblib when the jobs go through it, None when they run here one after another."""
    if n_jobs == 0 or isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Integral | None):
        raise ValueError(f"n_jobs must be a non-zero int or None, got {n_jobs!r}")
    if backend is None and n_jobs in (None, 1) and "joblib" not in sys.modules:
        return None  # no parallel_config can be in force without joblib imported
    why = f"n_jobs={n_jobs}" if backend is None else f"backend={backend!r}"
    joblib = import_joblib(why)
    if backend is None:
        active, config_n_jobs = joblib.parallel.get_active_backend()
        name = _backend_name(active)
        n = int(n_jobs) if n_jobs is not None else config_n_jobs
    else:
        name, n = _backend_name(backend), None if n_jobs is None else int(n_jobs)
    if name == "threading" and n != 1:
        raise ValueError(
            "the threading backend cannot run fits side by side: every fit seeds graphgrad's "
            "one random generator (autograd.manual_seed); use processes (loky, the default) "
            "or a Dask cluster"
        )
    if name == "sequential" or (
        n in (None, 1) and name in ("loky", "multiprocessing", "threading")
    ):
        return None
    if name == "dask":
        try:
            import distributed  # noqa: F401
        except ImportError as e:
            raise ImportError(f"the dask backend needs dask.distributed: {EXTRA}") from e
    return joblib


def check_picklable(items: Mapping[str, Any], who: str) -> None:
    """A TypeError naming the first of ``items`` that cannot be sent to a worker process.

    Worker processes receive functions with cloudpickle (loky and Dask both use it): a
    lambda or a local function pickles, a closure over a lock or an open file does not.
    Checked here because a Dask cluster waits forever for a task it could not receive.
    """
    try:
        import cloudpickle  # a dependency of joblib >= 1.5 and of distributed
    except ImportError:
        from joblib.externals import cloudpickle  # vendored by older joblib

    for name, obj in items.items():
        try:
            cloudpickle.dumps(obj)
        except Exception as e:
            raise TypeError(
                f"{who}: {name} cannot be sent to the worker processes "
                f"({type(e).__name__}: {e}). Give a function defined with `def` at the top "
                "level of a module (or a functools.partial of one), and keep objects that "
                "cannot be pickled (locks, open files, generators, connections) out of its "
                "closure, defaults and arguments; or run in this process with n_jobs=1"
            ) from e


def _is_crash(e: BaseException) -> bool:
    """Whether a joblib call failed because a worker process died (loky or Dask)."""
    from concurrent.futures import BrokenExecutor

    return isinstance(e, BrokenExecutor) or type(e).__name__ == "KilledWorker"


def _crash_text(e: BaseException) -> str:
    lines = [ln for ln in str(e).splitlines() if ln.strip()][:4]
    return f"the worker process died ({type(e).__name__}: {' '.join(lines)})"


def _call(fn: Callable, i: int, job: Any, *shared) -> tuple[int, dict]:
    return i, fn(job, *shared)


def _batch(joblib, fn, jobs, shared, indices, n_jobs, backend) -> Iterator[tuple[int, dict]]:
    if joblib is None:
        for i in indices:
            yield _call(fn, i, jobs[i], *shared)
        return
    # Large arrays are passed as arguments of their own: loky memory-maps them and the Dask
    # backend scatters them once, instead of sending them with every job.
    parallel = joblib.Parallel(n_jobs=n_jobs, backend=backend, return_as="generator_unordered")
    yield from parallel(joblib.delayed(_call)(fn, i, jobs[i], *shared) for i in indices)


def run_jobs(
    fn: Callable[..., dict],
    jobs: Sequence[Any],
    shared: Sequence[Any] = (),
    n_jobs: int | None = None,
    backend: Any = None,
    progress: bool = True,
    desc: str = "fits",
    check: Mapping[str, Any] | None = None,
    who: str = "run_jobs",
) -> list[dict]:
    """``fn(job, *shared)`` for every job (see the module docstring), results in job order.

    Every result has "ok" and "attempts"; a failed one has "error". ``check`` names the
    objects to test for picklability before anything is sent to workers.
    """
    joblib = plan(n_jobs, backend)
    if joblib is not None and check:
        check_picklable(check, who)
    results: list[dict | None] = [None] * len(jobs)
    errors: list[list[str]] = [[] for _ in jobs]
    losses = [0] * len(jobs)  # how often a job was lost with others when a worker died
    queue, alone = list(range(len(jobs))), []
    bar = _progress(len(jobs), desc, progress, unit="fit")
    n_failed = 0

    def finish(i: int, out: dict) -> None:
        nonlocal n_failed
        results[i] = {**out, "attempts": len(errors[i]) + (1 if out["ok"] else 0)}
        if bar is not None:
            if not out["ok"]:
                n_failed += 1
                bar.set_postfix_str(f"{n_failed} failed", refresh=False)
            bar.update(1)

    def failed(i: int, error: str, out: dict | None = None) -> None:
        errors[i].append(error)
        if len(errors[i]) >= ATTEMPTS:
            finish(i, out or {"ok": False, "error": error})
        else:  # a job that killed its worker is retried alone
            (queue if out is not None else alone).append(i)

    try:
        while queue or alone:
            if alone:
                indices = [alone.pop(0)]
            else:
                indices, queue = queue, []
            done: set[int] = set()
            try:
                for i, out in _batch(joblib, fn, jobs, shared, indices, n_jobs, backend):
                    done.add(i)
                    if out["ok"]:
                        finish(i, out)
                    else:
                        failed(i, out["error"], out)
            except Exception as e:
                if joblib is None or not _is_crash(e):
                    raise
                lost = [i for i in indices if i not in done]
                if len(lost) == 1:
                    failed(lost[0], _crash_text(e))
                else:
                    for i in lost:
                        losses[i] += 1
                        (alone if losses[i] >= 2 else queue).append(i)
    finally:
        if bar is not None:
            bar.close()
    return results  # type: ignore[return-value]
