"""A 784-256-128-10 ReLU MLP training step (softmax cross-entropy, SGD), float32.

ms per step (forward, loss, backward, update) at batch 32 and 512, against the
hand-written numpy forward/backward/update of shared/bench/tensor_mlp.py (no
graph, preallocated buffers) run in the same process, and PyTorch when it is
installed (in its own process: see `_shared_run`). Goal: within 1.30x of numpy at batch
32 and 1.10x at batch 512.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import numpy as np

import nn
import optim
from autograd import Tensor
from benchmarks.common import interleaved, result, run_as_script, shared_bench

SIZES = (784, 256, 128, 10)
GOALS = {32: 1.30, 512: 1.10}


def make_model(weights, biases):
    """The MLP with the given (in, out) weights, as graphgrad modules."""
    layers = []
    for k, (w, b) in enumerate(zip(weights, biases)):
        lin = nn.Linear(*w.shape)
        lin.weight.data = np.ascontiguousarray(w.T)
        lin.bias.data = b.copy()
        layers.append(lin)
        if k < len(weights) - 1:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def graphgrad_step(batch: int, seed: int = 0, lr: float = 0.01):
    ref = shared_bench("tensor_mlp")
    X, y = ref.make_data(batch, SIZES[0], SIZES[-1], seed)
    Ws, bs = ref.init_params(list(SIZES), seed)
    model = make_model(Ws, bs)
    opt = optim.SGD(model.parameters(), lr=lr)
    x, target = Tensor(X), Tensor(y)

    def step():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), target)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def numpy_step(batch: int, seed: int = 0, lr: float = 0.01):
    ref = shared_bench("tensor_mlp")
    X, y = ref.make_data(batch, SIZES[0], SIZES[-1], seed)
    Ws, bs = ref.init_params(list(SIZES), seed)
    model = ref.NumpyMLP(Ws, bs, batch)

    def step():
        loss = model.forward_backward(X, y)
        model.sgd(lr)
        return loss

    return step


def _shared_run(impl: str, batch: int, quick: bool) -> float:
    """Median ms/step of shared/bench/tensor_mlp.py --impl impl, in a fresh process."""
    script = shared_bench("tensor_mlp").__file__
    steps = "50" if quick else "200"
    out = subprocess.run(
        [sys.executable, script, "--impl", impl, "--batch", str(batch), "--steps", steps],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])["ms_per_step"]["median"]


def run(quick: bool = False) -> list[dict]:
    if shared_bench("tensor_mlp") is None:
        return [result("mlp", float("nan"), "ms/step", goal="needs shared/bench/tensor_mlp.py")]
    has_torch = importlib.util.find_spec("torch") is not None  # run apart, see _shared_run
    out = []
    for batch in (32, 512):
        ours, ref = graphgrad_step(batch), numpy_step(batch)
        assert abs(ours() - ref()) < 1e-4, "mlp: graphgrad and numpy disagree on the loss"
        repeats = (20 if batch == 512 else 60) if quick else (100 if batch == 512 else 300)
        t = interleaved({"graphgrad": ours, "numpy": ref}, repeats, warmup=10)
        ratio = t["graphgrad"] / t["numpy"]
        extra = {}
        if has_torch:
            # PyTorch runs in its own processes (the shared script, against its numpy
            # version): its worker threads keep spinning after each op and would slow
            # whatever else runs in this process on a 2-core machine
            tm, nm = _shared_run("torch", batch, quick), _shared_run("numpy", batch, quick)
            extra["torch_ms"] = tm
            extra["torch_ratio"] = tm / nm
        out.append(
            result(
                f"mlp batch {batch}",
                t["graphgrad"] * 1e3,
                "ms/step",
                f"numpy {t['numpy'] * 1e3:.3f} ms",
                ratio,
                f"<= {GOALS[batch]}x numpy",
                **extra,
            )
        )
    return out


if __name__ == "__main__":
    run_as_script(run)
