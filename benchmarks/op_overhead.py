"""Microseconds per recorded elementwise op on shape-(4,) tensors that require grad.

The workload of shared/bench/op_overhead.py: 10,000 alternating mul/add,
`y = y * w; y = y + b`, forward only and forward + backward (graph teardown
included). graphgrad and the same ops on plain numpy arrays are timed in
alternation in one process (in process: tiny arrays, no allocator or thread
effects to hide); PyTorch, when an interpreter has it, runs apart (its worker
threads would slow this process). Goal: at most 1.5 us forward and 4 us
forward + backward per op.
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import interleaved, result, run_as_script, torch_python


def _chain(x, w, b, half):
    y = x
    for _ in range(half):
        y = y * w
        y = y + b
    return y


def _arrays():
    rng = np.random.default_rng(0)
    x0 = rng.standard_normal(4).astype(np.float32)
    w0 = (1 + 1e-5 * rng.standard_normal(4)).astype(np.float32)
    b0 = (1e-4 * rng.standard_normal(4)).astype(np.float32)
    return x0, w0, b0


def setup(impl: str, n: int = 10_000, backward: bool = False):
    """The chain of n ops in `impl` (graphgrad, numpy or torch), with or without backward."""
    half = n // 2
    arrays = _arrays()
    if impl == "numpy":
        return lambda: _chain(*arrays, half)
    if impl == "torch":
        import torch

        x, w, b = (torch.tensor(a).requires_grad_() for a in arrays)
    else:
        from autograd import Tensor

        x, w, b = (Tensor(a.copy(), requires_grad=True) for a in arrays)
    if not backward:
        return lambda: _chain(x, w, b, half)

    def fwd_bwd():
        x.grad = w.grad = b.grad = None
        _chain(x, w, b, half).sum().backward()

    fwd_bwd()
    expected = np.prod([arrays[1].astype(np.float64)] * half, axis=0)
    assert np.allclose(
        np.asarray(x.grad.detach() if impl == "torch" else x.grad.data), expected, rtol=1e-3
    ), f"op_overhead: {impl}'s gradient is wrong"
    return fwd_bwd


def run(quick: bool = False) -> list[dict]:
    n = 2_000 if quick else 10_000
    repeats = 5 if quick else 25
    fwd, fwd_bwd = setup("graphgrad", n), setup("graphgrad", n, backward=True)
    fns = {"numpy": setup("numpy", n), "fwd": fwd, "fwd_bwd": fwd_bwd}
    t = {k: v * 1e6 / n for k, v in interleaved(fns, repeats, 2).items()}
    out = [
        result("op_overhead numpy op (in process)", t["numpy"], "us/op"),
        result(
            "op_overhead forward (in process)",
            t["fwd"],
            "us/op",
            "numpy op",
            t["fwd"] / t["numpy"],
            "<= 1.5 us",
        ),
        result(
            "op_overhead forward+backward (in process)",
            t["fwd_bwd"],
            "us/op",
            "numpy op",
            t["fwd_bwd"] / t["numpy"],
            "<= 4 us",
        ),
    ]
    if torch_python() is not None:
        from benchmarks.apart import compare_apart

        for backward, ours, label in ((False, "fwd", "forward"), (True, "fwd_bwd", "fwd+bwd")):
            params = {"n": n, "backward": backward}
            v = compare_apart("op_overhead", params, 3, repeats, 2, impls=("torch",))["torch"]
            us = v["best"] * 1e6 / n
            out.append(
                result(
                    f"op_overhead {label}, PyTorch (apart)",
                    us,
                    "us/op",
                    "graphgrad / PyTorch",
                    t[ours] / us,
                    range=f"{v['lo'] * 1e6 / n:.3g}-{v['hi'] * 1e6 / n:.3g}",
                )
            )
    return out


if __name__ == "__main__":
    run_as_script(run)
