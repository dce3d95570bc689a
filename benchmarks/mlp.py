"""A 784-256-128-10 ReLU MLP training step (softmax cross-entropy, SGD), float32.

ms per step (forward, loss, backward, update) at batch 32 and 512, against the
hand-written numpy forward/backward/update of shared/bench/tensor_mlp.py (no
graph, preallocated buffers) run in the same process, and PyTorch when it is
installed. Goal: within 1.30x of numpy at batch 32 and 1.10x at batch 512.
"""

from __future__ import annotations

import numpy as np

import nn
import optim
from autograd import Tensor
from benchmarks.common import interleaved, line, result, shared_bench, torch_or_none

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


def torch_step(torch, batch: int, seed: int = 0, lr: float = 0.01):
    ref = shared_bench("tensor_mlp")
    X, y = ref.make_data(batch, SIZES[0], SIZES[-1], seed)
    Ws, bs = ref.init_params(list(SIZES), seed)
    layers = []
    for k, (w, b) in enumerate(zip(Ws, bs)):
        lin = torch.nn.Linear(*w.shape)
        with torch.no_grad():
            lin.weight.copy_(torch.from_numpy(np.ascontiguousarray(w.T)))
            lin.bias.copy_(torch.from_numpy(b))
        layers.append(lin)
        if k < len(Ws) - 1:
            layers.append(torch.nn.ReLU())
    model = torch.nn.Sequential(*layers)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = torch.nn.functional.cross_entropy(model(xt), yt)
        loss.backward()
        opt.step()
        return float(loss.detach())

    return step


def run(quick: bool = False) -> list[dict]:
    if shared_bench("tensor_mlp") is None:
        return [result("mlp", float("nan"), "ms/step", goal="needs shared/bench/tensor_mlp.py")]
    torch = torch_or_none()
    out = []
    for batch in (32, 512):
        ours, ref = graphgrad_step(batch), numpy_step(batch)
        assert abs(ours() - ref()) < 1e-4, "mlp: graphgrad and numpy disagree on the loss"
        fns = {"graphgrad": ours, "numpy": ref}
        if torch is not None:
            fns["torch"] = torch_step(torch, batch)
        repeats = (20 if batch == 512 else 60) if quick else (100 if batch == 512 else 300)
        t = interleaved(fns, repeats, warmup=10)
        ratio = t["graphgrad"] / t["numpy"]
        extra = {}
        if torch is not None:
            extra["torch_ms"] = t["torch"] * 1e3
            extra["torch_ratio"] = t["torch"] / t["numpy"]
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


def main() -> None:
    for r in run():
        print(line(r))


if __name__ == "__main__":
    main()
