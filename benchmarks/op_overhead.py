"""Microseconds per recorded elementwise op on shape-(4,) tensors that require grad.

The workload of shared/bench/op_overhead.py: 10,000 alternating mul/add,
`y = y * w; y = y + b`, forward only and forward + backward (graph teardown
included), against the same ops on plain numpy arrays, and PyTorch when it is
installed. Goal: at most 1.5 us forward and 4 us forward + backward per op.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from benchmarks.common import interleaved, result, run_as_script, torch_or_none


def _chain(x, w, b, half):
    y = x
    for _ in range(half):
        y = y * w
        y = y + b
    return y


def run(quick: bool = False) -> list[dict]:
    n = 2_000 if quick else 10_000
    half = n // 2
    repeats = 5 if quick else 25
    rng = np.random.default_rng(0)
    x0 = rng.standard_normal(4).astype(np.float32)
    w0 = (1 + 1e-5 * rng.standard_normal(4)).astype(np.float32)
    b0 = (1e-4 * rng.standard_normal(4)).astype(np.float32)
    x, w, b = (Tensor(a.copy(), requires_grad=True) for a in (x0, w0, b0))

    def fwd():
        _chain(x, w, b, half)

    def fwd_bwd():
        x.grad = w.grad = b.grad = None
        _chain(x, w, b, half).sum().backward()

    fns = {"numpy": lambda: _chain(x0, w0, b0, half), "fwd": fwd, "fwd_bwd": fwd_bwd}
    torch = torch_or_none()
    if torch is not None:
        xt, wt, bt = (torch.tensor(a).requires_grad_() for a in (x0, w0, b0))
        fns["torch_fwd"] = lambda: _chain(xt, wt, bt, half)

        def torch_fwd_bwd():
            xt.grad = wt.grad = bt.grad = None
            _chain(xt, wt, bt, half).sum().backward()

        fns["torch_fwd_bwd"] = torch_fwd_bwd
    t = {k: v * 1e6 / n for k, v in interleaved(fns, repeats, 2).items()}
    expected = np.prod([w0.astype(np.float64)] * half, axis=0)
    assert np.allclose(x.grad.data, expected, rtol=1e-3), "op_overhead: wrong gradient"
    out = [
        result("op_overhead numpy op", t["numpy"], "us/op"),
        result(
            "op_overhead forward", t["fwd"], "us/op", "numpy op", t["fwd"] / t["numpy"], "<= 1.5 us"
        ),
        result(
            "op_overhead forward+backward",
            t["fwd_bwd"],
            "us/op",
            "numpy op",
            t["fwd_bwd"] / t["numpy"],
            "<= 4 us",
        ),
    ]
    if torch is not None:
        out.append(
            result(
                "op_overhead forward (torch)",
                t["torch_fwd"],
                "us/op",
                "graphgrad",
                t["torch_fwd"] / t["fwd"],
            )
        )
        out.append(
            result(
                "op_overhead forward+backward (torch)",
                t["torch_fwd_bwd"],
                "us/op",
                "graphgrad",
                t["torch_fwd_bwd"] / t["fwd_bwd"],
            )
        )
    return out


if __name__ == "__main__":
    run_as_script(run)
