"""Milliseconds per training step of the small CNN of shared/bench/conv_cnn.py.

conv(1->8, 3x3, pad 1) - ReLU - maxpool 2 - conv(8->16, 3x3, pad 1) - ReLU - maxpool 2 -
flatten - linear(784->10), softmax cross-entropy, SGD lr 0.01, batch 64 of 28x28, float32.
graphgrad's model (nn.Conv2d, nn.MaxPool2d, nn.Linear, optim.SGD) starts from the same
weights as the hand-written numpy version of the shared script, imported from it and timed
in alternation in the same process. Goal: within 1.15x of the numpy version.
Run: ``python -m benchmarks.cnn``.
"""

from __future__ import annotations

import nn
import optim
from autograd import Tensor
from benchmarks.common import interleaved, result, run_as_script, shared_bench
from nn import functional as F


def _model(p: dict) -> nn.Sequential:
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
        m[i].weight.data[...] = p[w]
        m[i].bias.data[...] = p[b]
    return m


def run(quick: bool = False) -> list[dict]:
    ref = shared_bench("conv_cnn")
    if ref is None:
        print("cnn: shared/bench/conv_cnn.py not found, skipped")
        return []
    X, y = ref.make_data(64, 28, 0)
    params = ref.init_params(8, 16, 784, 0)
    numpy_model = ref.NumpyCNN(params, 1, 28)
    model = _model(params)
    opt = optim.SGD(model.parameters(), lr=0.01)
    xt = Tensor(X)

    # same weights, same data: the first losses agree
    loss0 = F.cross_entropy(model(xt), y).item()
    assert abs(loss0 - ref.NumpyCNN(params, 1, 28).forward_backward(X, y)) < 1e-4

    def ours():
        opt.zero_grad()
        loss = F.cross_entropy(model(xt), y)
        loss.backward()
        opt.step()

    def numpy_step():
        numpy_model.forward_backward(X, y)
        numpy_model.sgd(0.01)

    repeats = 10 if quick else 60
    t = interleaved({"ours": ours, "numpy": numpy_step}, repeats, 3)
    ms, ref_ms = t["ours"] * 1e3, t["numpy"] * 1e3
    return [
        result("cnn train step (numpy by hand)", ref_ms, "ms"),
        result("cnn train step", ms, "ms", "numpy by hand", ms / ref_ms, "<= 1.15x"),
    ]


if __name__ == "__main__":
    run_as_script(run)
