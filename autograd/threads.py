"""Threads for graphgrad's large kernels: `set_num_threads` / `get_num_threads`, as in PyTorch.

numpy runs each call on one core (BLAS aside). The convolution and pooling kernels
(nn/conv_kernels.py) split their batch into one chunk per thread with `parallel_for`;
numpy releases the interpreter lock inside its loops and copies, so the chunks run at the
same time. The default is one thread per CPU this process may use (or $OMP_NUM_THREADS, as
PyTorch reads it). `set_num_threads(n)` also sets numpy's BLAS threads (with threadpoolctl),
so `set_num_threads(1)` makes graphgrad single-threaded, as it makes PyTorch.
"""

from __future__ import annotations

import contextvars
import os
import threading
from typing import TYPE_CHECKING

if (
    TYPE_CHECKING
):  # the pool is made on the first parallel kernel (concurrent.futures loads logging)
    from concurrent.futures import ThreadPoolExecutor

# a chunk touches at least this many elements: numpy calls on smaller arrays are so short
# that two threads spend their time handing the interpreter lock to each other
MIN_WORK = 1 << 19


def _default() -> int:
    env = os.environ.get("OMP_NUM_THREADS", "").strip()
    if env.isdigit() and int(env) > 0:
        return int(env)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


_threads = _default()
_pool: ThreadPoolExecutor | None = None
_lock = threading.Lock()
_local = threading.local()


def get_num_threads() -> int:
    """The number of threads graphgrad's kernels use."""
    return _threads


def set_num_threads(n: int) -> None:
    """Use n threads in graphgrad's kernels and in numpy's BLAS (torch.set_num_threads)."""
    global _threads, _pool
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"set_num_threads: expected a positive int, got {n!r}")
    with _lock:
        _threads = n
        if _pool is not None:
            _pool.shutdown(wait=False)
            _pool = None
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(n, user_api="blas")
    except ImportError:  # pragma: no cover - threadpoolctl is a dependency
        pass


def _mark_worker() -> None:
    _local.worker = True


def _get_pool() -> ThreadPoolExecutor:
    global _pool
    with _lock:
        if _pool is None:
            from concurrent.futures import ThreadPoolExecutor

            _pool = ThreadPoolExecutor(
                _threads - 1, thread_name_prefix="graphgrad", initializer=_mark_worker
            )
        return _pool


def _forget_pool() -> None:  # a forked child has none of its parent's threads
    global _pool, _lock
    _pool, _lock = None, threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_pool)


class _Chunks:
    """The chunks of one `parallel_for` call, taken by whichever thread is free first."""

    __slots__ = ("fn", "cuts", "order", "left", "lock", "done", "error")

    def __init__(self, fn, cuts):
        self.fn, self.cuts = fn, cuts
        self.order = iter(range(len(cuts) - 1))  # next() on it is atomic under the GIL
        self.left = len(cuts) - 1
        self.lock = threading.Lock()
        self.done = threading.Event()
        self.error = None

    def run(self) -> None:
        for i in self.order:
            try:
                self.fn(self.cuts[i], self.cuts[i + 1])
            except BaseException as e:  # noqa: BLE001 - raised in the caller
                self.error = self.error or e
            with self.lock:
                self.left -= 1
                if not self.left:
                    self.done.set()


def parallel_for(fn, n: int, work: int) -> None:
    """Call fn(lo, hi) on chunks covering range(n) from several threads; return when all
    are done, raising the first chunk's error if any did.

    One chunk per thread (fewer if a chunk would touch under MIN_WORK of the `work`
    elements), each taken by the first free thread (the caller too); the caller waits for
    the chunks, not for the threads: on a busy machine a thread that gets no core leaves
    its chunk to the caller. Small work, one thread, or a call from inside a worker runs
    fn(0, n) directly. The chunks must write disjoint memory.
    """
    k = min(n, _threads, work // max(1, MIN_WORK))  # chunks of at least MIN_WORK
    t = min(_threads, k)
    if t <= 1 or getattr(_local, "worker", False):
        fn(0, n)
        return
    chunks = _Chunks(fn, [n * i // k for i in range(k + 1)])
    pool = _get_pool()
    for _ in range(t - 1):  # in the caller's context: its np.errstate holds in the workers
        pool.submit(contextvars.copy_context().run, chunks.run)
    chunks.run()
    chunks.done.wait()
    # a worker may still hold its task (and through it fn's closure, with the arrays the
    # kernel wrote) for a moment after the last chunk: drop the closure here, so that the
    # result's only references are the caller's (the engine then writes gradients in
    # place, see Op.backward_owned)
    chunks.fn = None
    if chunks.error is not None:
        raise chunks.error
