"""PyTorch's values at the edge cases of tests/test_edge_values.py, written as JSON.

Run with PyTorch 2.13 (never a dependency of graphgrad): `/work/torchenv/bin/python
tools/make_edge_gradient_fixtures.py` writes tests/data/torch_edge_values.json. Each
case: the function's value and gradient (and, where asked, the gradient of the
gradient's sum: the second derivative), in float64 unless the name says otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "torch_edge_values.json"


def _grads(fn, *xs, dtype=torch.float64, second=False, head=None):
    """head: keep only the first `head` elements of each gradient (long inputs)."""
    ts = [torch.tensor(x, dtype=dtype, requires_grad=True) for x in xs]
    out = fn(*ts)
    gs = torch.autograd.grad(out.sum(), ts, create_graph=second, allow_unused=True)
    grads = [g.detach().reshape(-1)[:head].tolist() if head else g.detach().tolist() for g in gs]
    row = {"value": out.detach().tolist(), "grads": grads}
    if second:
        total = sum(g.sum() for g in gs if g.requires_grad)
        hs = torch.autograd.grad(total, ts, allow_unused=True, materialize_grads=True)
        row["second"] = [h.tolist() for h in hs]
    return row


CASES = {
    "pow0": lambda: _grads(lambda x: x**0, [0.0, 2.0]),
    "pow1": lambda: _grads(lambda x: x**1, [0.0, 2.0], second=True),
    "pow_tensor_00": lambda: _grads(lambda x, y: x**y, [0.0, 0.0, 2.0], [0.0, 1.0, 0.0]),
    "zero_pow_y": lambda: _grads(lambda y: torch.tensor(0.0, dtype=y.dtype) ** y, [0.0, 0.5, 2.0]),
    "relu_sqrt": lambda: _grads(lambda x: x.relu().sqrt(), [-1.0, 0.0, 4.0], second=True),
    "maximum_sqrt": lambda: _grads(
        lambda x: torch.maximum(x, torch.zeros_like(x)).sqrt(), [-1.0, 4.0], second=True
    ),
    "minimum_sqrt": lambda: _grads(
        lambda x: (-torch.minimum(x, torch.zeros_like(x))).sqrt(), [1.0, -4.0], second=True
    ),
    "clamp_sqrt": lambda: _grads(lambda x: x.clamp(0, 1).sqrt(), [-1.0, 0.25, 2.0], second=True),
    "max_sqrt": lambda: _grads(lambda x: x.max().sqrt(), [-3.0, 0.0, -1.0]),
    "std_constant": lambda: _grads(lambda x: x.std(), [1.5, 1.5, 1.5]),
    "bce": lambda: _grads(
        lambda p: F.binary_cross_entropy(p, torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0], dtype=p.dtype)),
        [0.0, 1.0, 0.0, 1.0, 0.3],
    ),
    "bce_float32": lambda: _grads(
        lambda p: F.binary_cross_entropy(p, torch.tensor([0.0, 1.0, 1.0, 0.0, 1.0])),
        [0.0, 1.0, 0.0, 1.0, 0.3],
        dtype=torch.float32,
    ),
    "bce_sigmoid_batch_float32": lambda: _grads(
        lambda z: F.binary_cross_entropy(z.sigmoid(), torch.tensor([1.0, 0.0, 1.0, 0.0])),
        [20.0, 20.0, -3.0, 0.5],
        dtype=torch.float32,
    ),
    "gelu_tanh_float16": lambda: _grads(
        lambda x: F.gelu(x, approximate="tanh"), [300.0, -300.0, 1.0], dtype=torch.float16
    ),
    "gelu_tanh_float32": lambda: _grads(
        lambda x: F.gelu(x, approximate="tanh"), [300.0, -300.0, 1.0], dtype=torch.float32
    ),
    "layer_norm_float16": lambda: _grads(
        lambda x: F.layer_norm(x, (3,)) * torch.tensor([1.0, 2.0, 3.0], dtype=x.dtype),
        [300.0, 301.0, 302.0],
        dtype=torch.float16,
    ),
    "softmax_float16": lambda: _grads(
        lambda x: x.softmax(0)[:2] * torch.tensor([1.0, 2.0], dtype=x.dtype),
        [1.0] * 5000,
        dtype=torch.float16,
        head=3,
    ),
    "cross_entropy_float16": lambda: _grads(
        lambda x: F.cross_entropy(x, torch.tensor([0, 1, 2, 0])),
        [[300.0, 301.0, 299.0]] * 4,
        dtype=torch.float16,
    ),
}


def main() -> None:
    table = {name: make() for name, make in CASES.items()}
    OUT.write_text(json.dumps(table, indent=1) + "\n")  # inf as Infinity (Python's json)
    print(f"wrote {OUT} ({len(table)} cases)")


if __name__ == "__main__":
    main()
