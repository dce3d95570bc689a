"""autograd.threads: set_num_threads / get_num_threads, parallel_for's chunks and errors."""

import os

import numpy as np
import pytest

import autograd
from autograd import threads


@pytest.fixture
def restore_threads():
    before = autograd.get_num_threads()
    yield
    autograd.set_num_threads(before)


def test_set_and_get_num_threads(restore_threads):
    autograd.set_num_threads(1)
    assert autograd.get_num_threads() == 1
    autograd.set_num_threads(3)
    assert autograd.get_num_threads() == 3
    for bad in (0, -1, 2.0, True, "2"):
        with pytest.raises(ValueError, match="set_num_threads: expected a positive int"):
            autograd.set_num_threads(bad)


@pytest.mark.parametrize("n", [0, 1, 2, 5, 64])
def test_parallel_for_covers_the_range_once(n, restore_threads):
    autograd.set_num_threads(3)
    seen = np.zeros(n, int)
    threads.parallel_for(
        lambda lo, hi: seen.__setitem__(slice(lo, hi), seen[lo:hi] + 1), n, 1 << 30
    )
    assert (seen == 1).all()


def test_parallel_for_raises_a_chunks_error_after_all_chunks_finish(restore_threads):
    autograd.set_num_threads(2)
    done = []

    def fn(lo, hi):
        if lo == 0:
            raise ValueError("first chunk")
        done.append((lo, hi))

    with pytest.raises(ValueError, match="first chunk"):
        threads.parallel_for(fn, 12, 1 << 30)
    assert done == [(6, 12)]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_gets_a_pool_of_its_own(restore_threads):
    autograd.set_num_threads(2)
    threads.parallel_for(lambda lo, hi: None, 4, 1 << 30)  # the parent's pool exists
    pid = os.fork()
    if pid == 0:  # the child: would hang on the parent's (threadless) pool
        out = np.zeros(4)
        threads.parallel_for(lambda lo, hi: out.__setitem__(slice(lo, hi), 1), 4, 1 << 30)
        os._exit(0 if out.sum() == 4 else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0


def test_parallel_for_leaves_no_reference_to_its_function(restore_threads, monkeypatch):
    # a worker that is slow to let go of its task must not keep the chunks' function (and
    # the arrays its closure holds) alive after parallel_for returns: the engine writes
    # gradients in place only into arrays nothing else references
    import sys
    import threading

    autograd.set_num_threads(2)
    release = threading.Event()
    run = threads._Chunks.run

    def lingering_run(self):
        run(self)
        if threading.current_thread() is not threading.main_thread():
            release.wait(10)  # the worker keeps its task until the test is done

    monkeypatch.setattr(threads._Chunks, "run", lingering_run)
    out = np.zeros(8)
    base = sys.getrefcount(out)
    fn = lambda lo, hi, out=out: out.__setitem__(slice(lo, hi), 1.0)  # noqa: E731
    try:
        threads.parallel_for(fn, 8, 1 << 30)
        del fn
        assert (out == 1).all()
        assert sys.getrefcount(out) == base
    finally:
        release.set()
