"""Threads: grad mode, anomaly mode and the module scope are per thread; leaf gradients
accumulate without lost updates when several threads run backward into one leaf."""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import Tensor


@pytest.fixture(autouse=True)
def _switch_often():
    """Switch threads every microsecond, so the threads below really interleave."""
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    yield
    sys.setswitchinterval(old)


def _run(*targets) -> None:
    """Run the targets in threads started together; re-raise the first error."""
    errors: list = []
    start = threading.Barrier(len(targets))

    def wrap(fn):
        def run():
            start.wait()
            try:
                fn()
            except BaseException as e:  # noqa: BLE001  (reported in the main thread)
                errors.append(e)

        return run

    threads = [threading.Thread(target=wrap(fn)) for fn in targets]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]


def test_training_in_one_thread_while_another_evaluates_under_no_grad():
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((8, 4)).astype(np.float32))
    y = Tensor(rng.standard_normal((8, 1)).astype(np.float32))
    model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 1))
    opt = optim.SGD(model.parameters(), lr=0.01)
    steps = 400
    failed: list[int] = []
    done = threading.Event()

    def train():
        for i in range(steps):
            opt.zero_grad()
            loss = nn.functional.mse_loss(model(x), y)
            if not loss.requires_grad:  # another thread's no_grad turned recording off here
                failed.append(i)
                continue
            loss.backward()
            opt.step()
        done.set()

    def evaluate():
        while not done.is_set():
            with autograd.no_grad():
                out = model(x)
            assert not out.requires_grad

    _run(train, evaluate)
    assert not failed, f"{len(failed)} of {steps} training steps recorded nothing"


def test_a_new_thread_starts_with_grad_enabled_and_its_own_modes():
    seen = {}

    def probe():
        seen["grad"] = autograd.is_grad_enabled()
        seen["anomaly"] = autograd.is_anomaly_enabled()
        seen["scope"] = autograd.grad_mode.current_scope()
        with autograd.no_grad():
            seen["inner"] = autograd.is_grad_enabled()

    with autograd.no_grad(), autograd.detect_anomaly(), autograd.grad_mode.module_scope("m"):
        thread = threading.Thread(target=probe)
        thread.start()
        thread.join()
        assert not autograd.is_grad_enabled() and autograd.is_anomaly_enabled()
        assert autograd.grad_mode.current_scope() == ("m",)
    assert seen == {"grad": True, "anomaly": False, "scope": None, "inner": False}
    assert autograd.is_grad_enabled() and not autograd.is_anomaly_enabled()


def test_module_scopes_of_two_threads_do_not_mix():
    class Tag(nn.Module):
        def forward(self, x):
            for _ in range(200):
                x = x * 1.0
            return x

    a, b = Tag(), Tag()
    outs: dict = {}

    def run(m, key):
        outs[key] = m(Tensor(np.ones(2), requires_grad=True))

    _run(lambda: run(a, "a"), lambda: run(b, "b"))
    assert outs["a"]._scope == (a,) and outs["b"]._scope == (b,)


def test_concurrent_backward_into_one_leaf_loses_no_update():
    # large enough that numpy releases the GIL while it adds: another thread's backward
    # then reaches the same leaf in the middle of this one's .grad update
    w = Tensor(np.ones(100_000), requires_grad=True)
    loss = w.sum()
    threads, repeats = 4, 50

    def accumulate():
        for _ in range(repeats):
            loss.backward(retain_graph=True)

    _run(*[accumulate] * threads)
    np.testing.assert_array_equal(w.grad.data[:3], np.full(3, float(threads * repeats)))


def test_the_set_of_threads_out_of_the_default_modes_empties_again():
    # while it is empty the recorder skips the thread-local read (see grad_mode)
    from autograd import grad_mode

    assert not grad_mode.off
    with autograd.no_grad():
        assert len(grad_mode.off) == 1 and not grad_mode.is_grad_enabled()
        with autograd.enable_grad():  # back to the default: out of the set
            assert not grad_mode.off and grad_mode.is_grad_enabled()
    inside = []

    class Probe(nn.Module):
        def forward(self, x):
            inside.append(len(grad_mode.off))
            return x

    nn.Sequential(Probe())(Tensor([1.0]))
    _run(lambda: autograd.set_detect_anomaly(True), lambda: autograd.set_detect_anomaly(False))
    assert inside == [1] and len(grad_mode.off) == 1  # a thread that ended in anomaly mode
    grad_mode.off.clear()  # (forget it, for the tests that follow)
