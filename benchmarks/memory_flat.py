"""Memory of an MLP training loop: traced memory after 100 steps versus after 10,000.

A 64-32-10 MLP (Linear, ReLU, cross-entropy, SGD with momentum) on a fixed
batch of 32. Graphs are freed by reference counting alone, so the memory
traced by `tracemalloc` must not grow with the number of steps, and the
garbage collector must find nothing to collect. Goal: growth under 64 KiB and
no cycles.
"""

from __future__ import annotations

import gc
import tracemalloc

import numpy as np

import nn
import optim
from autograd import Tensor, manual_seed
from benchmarks.common import result, run_as_script


def make_loop(batch: int = 32):
    """A model, its optimizer and a function running one training step."""
    manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((batch, 64)).astype(np.float32))
    y = Tensor(rng.integers(0, 10, batch))

    def step():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()
        return loss

    return step


def measure(first: int = 100, total: int = 10_000) -> dict:
    """Traced memory after `first` steps and after `total` steps, and gc's finds."""
    step = make_loop()
    gc.collect()
    tracemalloc.start()
    try:
        for _ in range(first):
            step()
        gc.collect()
        early = tracemalloc.get_traced_memory()[0]
        collected = 0
        for i in range(first, total):
            step()
            if i % 1000 == 0:
                collected += gc.collect()
        collected += gc.collect()
        late = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    return {"early": early, "late": late, "collected": collected, "steps": total}


def run(quick: bool = False) -> list[dict]:
    m = measure(100, 2_000 if quick else 10_000)
    n = m["steps"]
    return [
        result("memory_flat after 100 steps", m["early"] / 1024, "KiB"),
        result(f"memory_flat after {n:,} steps", m["late"] / 1024, "KiB"),
        result(
            f"memory_flat growth 100 -> {n:,} steps",
            (m["late"] - m["early"]) / 1024,
            "KiB",
            goal="< 64 KiB",
        ),
        result("memory_flat objects freed by gc (cycles)", m["collected"], "objects", goal="0"),
    ]


if __name__ == "__main__":
    run_as_script(run)
