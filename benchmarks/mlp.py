"""A 784-256-128-10 ReLU MLP training step (softmax cross-entropy, SGD), float32, run apart.

ms per step (forward, loss, backward, update) at batch 32 and 512: graphgrad, the
hand-written numpy forward/backward/update of shared/bench/tensor_mlp.py (no graph,
preallocated buffers) and PyTorch when an interpreter has it, each in a process of its
own, in alternating rounds (benchmarks/apart.py). Goal: within 1.30x of numpy and of
PyTorch at batch 32, 1.10x at batch 512.
"""

from __future__ import annotations

from benchmarks.common import run_as_script, shared_bench, torch_sgd_step

SIZES = (784, 256, 128, 10)
GOALS = {32: 1.30, 512: 1.10}


def make_model(weights, biases):
    """The MLP with the given (in, out) weights, as graphgrad modules."""
    import numpy as np

    import nn

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
    """One graphgrad training step on the shared workload (returns the loss)."""
    import nn
    import optim
    from autograd import Tensor

    ref = shared_bench("tensor_mlp")
    X, y = ref.make_data(batch, SIZES[0], SIZES[-1], seed)
    model = make_model(*ref.init_params(list(SIZES), seed))
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
    """One step of the shared script's hand-written numpy MLP."""
    ref = shared_bench("tensor_mlp")
    X, y = ref.make_data(batch, SIZES[0], SIZES[-1], seed)
    model = ref.NumpyMLP(*ref.init_params(list(SIZES), seed), batch)

    def step():
        loss = model.forward_backward(X, y)
        model.sgd(lr)
        return loss

    return step


def torch_step(batch: int, seed: int = 0, lr: float = 0.01):
    """One PyTorch step on the same weights and data (nn.Linear, F.cross_entropy, SGD)."""
    import torch

    ref = shared_bench("tensor_mlp")
    X, y = ref.make_data(batch, SIZES[0], SIZES[-1], seed)
    Ws, bs = ref.init_params(list(SIZES), seed)
    layers = []
    for k, (w, b) in enumerate(zip(Ws, bs)):
        lin = torch.nn.Linear(*w.shape)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(w.T.copy()))
            lin.bias.copy_(torch.from_numpy(b))
        layers.append(lin)
        if k < len(Ws) - 1:
            layers.append(torch.nn.ReLU())
    return torch_sgd_step(torch.nn.Sequential(*layers), X, y, lr)


def setup(impl: str, batch: int = 32):
    """The training step of `impl` (graphgrad, numpy or torch); checks the first loss."""
    make = {"graphgrad": graphgrad_step, "numpy": numpy_step, "torch": torch_step}[impl]
    step = make(batch)
    first, expected = step(), numpy_step(batch)()
    assert abs(first - expected) < 1e-4, f"mlp: {impl}'s first loss {first} != {expected}"
    return step


def run(quick: bool = False) -> list[dict]:
    from benchmarks.apart import apart_rows, compare_apart

    if shared_bench("tensor_mlp") is None:
        return [{"name": "mlp", "value": float("nan"), "unit": "ms", "goal": "needs tensor_mlp"}]
    out = []
    for batch in (32, 512):
        steps = (50 if batch == 32 else 10) if quick else (200 if batch == 32 else 30)
        t = compare_apart("mlp", {"batch": batch}, rounds=3 if quick else 9, steps=steps)
        goal = f"<= {GOALS[batch]}x"
        out += apart_rows(f"mlp step, batch {batch}", t, {"numpy": goal, "torch": goal})
    return out


if __name__ == "__main__":
    run_as_script(run)
