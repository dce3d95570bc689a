"""Milliseconds per training step of the small CNN of shared/bench/conv_cnn.py, run apart.

conv(1->8, 3x3, pad 1) - ReLU - maxpool 2 - conv(8->16, 3x3, pad 1) - ReLU - maxpool 2 -
flatten - linear(784->10), softmax cross-entropy, SGD lr 0.01, batch 64 of 28x28, float32.
graphgrad's model (nn.Conv2d, nn.MaxPool2d, nn.Linear, optim.SGD), the hand-written numpy
version of the shared script and PyTorch (when an interpreter has it, see
`common.torch_python`) start from the same weights, each in a process of its own with its
default threads, in alternating rounds (`common.compare_apart`). Goals: at most 1.0x the
numpy version and 1.0x PyTorch. Run: ``python -m benchmarks.cnn``.
"""

from __future__ import annotations

from benchmarks.common import run_as_script, shared_bench, torch_sgd_step

GOALS = {"numpy": "<= 1.0x", "torch": "<= 1.0x"}


def _graphgrad(ref, params, X, y, lr):
    import nn
    import optim
    from autograd import Tensor
    from nn import functional as F

    m = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(784, 10),
    )
    for i, w, b in ((0, "w1", "b1"), (3, "w2", "b2"), (7, "w3", "b3")):
        m[i].weight.data[...] = params[w]
        m[i].bias.data[...] = params[b]
    opt = optim.SGD(m.parameters(), lr=lr)
    xt, yt = Tensor(X), Tensor(y)

    def step():
        opt.zero_grad()
        loss = F.cross_entropy(m(xt), yt)
        loss.backward()
        opt.step()
        return loss.item()

    return step


def _numpy(ref, params, X, y, lr):
    model = ref.NumpyCNN(params, 1, X.shape[2])

    def step():
        loss = model.forward_backward(X, y)
        model.sgd(lr)
        return loss

    return step


def _torch(ref, params, X, y, lr):
    return torch_sgd_step(ref.torch_model(params, 1), X, y, lr)


def setup(impl: str, batch: int = 64, lr: float = 0.01):
    """One training step of `impl` (graphgrad, numpy or torch) on the shared workload."""
    ref = shared_bench("conv_cnn")
    X, y = ref.make_data(batch, 28, 0)
    params = ref.init_params(8, 16, 784, 0)
    step = {"graphgrad": _graphgrad, "numpy": _numpy, "torch": _torch}[impl](ref, params, X, y, lr)
    first = step()
    expected = ref.NumpyCNN(params, 1, 28).forward_backward(X, y)
    assert abs(first - expected) < 1e-4, f"cnn: {impl}'s first loss {first} != {expected}"
    return step


def run(quick: bool = False) -> list[dict]:
    if shared_bench("conv_cnn") is None:
        print("cnn: shared/bench/conv_cnn.py not found, skipped")
        return []
    from benchmarks.apart import apart_rows, compare_apart

    rounds, steps = (3, 10) if quick else (9, 30)
    t = compare_apart("cnn", {"batch": 64}, rounds=rounds, steps=steps)
    return apart_rows("cnn step, batch 64", t, GOALS)


if __name__ == "__main__":
    run_as_script(run)
