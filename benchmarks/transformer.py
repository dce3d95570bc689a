"""Milliseconds per forward + backward of one Transformer encoder block, against PyTorch.

d_model 64, 4 heads, feed-forward 256, sequence 32, batch 32, float32, causal mask,
batch_first, dropout 0: `nn.TransformerEncoderLayer` and the loss `out.sum()`. PyTorch is
never a dependency: when a Python with torch is found (this one, or the one named by the
environment variable TORCH_PYTHON), a child process of that Python imports graphgrad from
this checkout and times both blocks in alternation, each on one thread (so that machine
noise hits both alike and neither's thread pool slows the other). Goal: within 1.3x of
PyTorch. Run: ``python -m benchmarks.transformer``.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
D, HEADS, FF, L, N = 64, 4, 256, 32, 32


def _graphgrad_step():
    import autograd
    import nn
    from autograd import Tensor

    autograd.manual_seed(0)
    layer = nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.0, batch_first=True)
    x = Tensor(np.random.default_rng(0).standard_normal((N, L, D)).astype(np.float32))
    x.requires_grad_()
    mask = nn.Transformer.generate_square_subsequent_mask(L)

    def step():
        layer.zero_grad()
        layer(x, src_mask=mask, is_causal=True).sum().backward()

    return step


def _torch_step():
    import torch

    torch.set_num_threads(1)
    torch.manual_seed(0)
    layer = torch.nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.0, batch_first=True)
    x = torch.randn(N, L, D, requires_grad=True)
    mask = torch.nn.Transformer.generate_square_subsequent_mask(L)

    def step():
        layer.zero_grad()
        layer(x, src_mask=mask, is_causal=True).sum().backward()

    return step


def _torch_python() -> str | None:
    named = os.environ.get("TORCH_PYTHON")
    if named:
        return named
    return sys.executable if importlib.util.find_spec("torch") is not None else None


def _pair(repeats: int) -> dict:
    """Both blocks timed in alternation (run in the child process)."""
    from benchmarks.common import interleaved

    t = interleaved({"graphgrad": _graphgrad_step(), "torch": _torch_step()}, repeats, 5)
    return {k: v * 1e3 for k, v in t.items()}


def run(quick: bool = False) -> list[dict]:
    from benchmarks.common import median_time, result

    repeats = 20 if quick else 100
    python = _torch_python()
    if python is None:
        ms = median_time(_graphgrad_step(), repeats, 5) * 1e3
        return [result("transformer block fwd+bwd", ms, "ms", goal="PyTorch not found")]
    one_thread = {k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")}
    env = {**os.environ, **one_thread, "PYTHONPATH": str(ROOT)}
    code = f"import json, benchmarks.transformer as b; print(json.dumps(b._pair({repeats})))"
    out = subprocess.run(
        [python, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    t = json.loads(out.stdout.strip().splitlines()[-1])
    ms, torch_ms = t["graphgrad"], t["torch"]
    return [
        result("transformer block fwd+bwd (PyTorch, 1 thread)", torch_ms, "ms"),
        result(
            "transformer block fwd+bwd (1 thread)", ms, "ms", "PyTorch", ms / torch_ms, "<= 1.3x"
        ),
    ]


if __name__ == "__main__":
    from benchmarks.common import run_as_script

    run_as_script(run)
