"""Peak resident memory of 100 training steps of the MLP at batch 512.

Each implementation runs in a fresh subprocess that imports only what it
needs (graphgrad's packages, or numpy alone), so the peak RSS (ru_maxrss)
(its VmHWM) counts imports and work: graphgrad's MLP against the hand-written numpy MLP of
shared/bench/tensor_mlp.py. Goal:
at most 1.25x numpy (PyTorch: 7.5x). Also checks that a training step leaves
no reference cycles: gc.collect() after a step frees nothing.
"""

from __future__ import annotations

import json
import subprocess
import sys

from benchmarks.common import ROOT, result, run_as_script, shared_bench

OURS = """
import gc, json, sys
sys.path.insert(0, {root!r})
from benchmarks.mlp import graphgrad_step
step = graphgrad_step(512)
"""

NUMPY = """
import gc, json, sys
sys.path.insert(0, {root!r})
from benchmarks.mlp import numpy_step
step = numpy_step(512)
"""

MEASURE = """
gc.collect()
for _ in range(100):
    step()
freed = gc.collect()
# VmHWM is this process's own peak (ru_maxrss would include the parent's at fork time)
with open("/proc/self/status") as f:
    peak = next(int(l.split()[1]) for l in f if l.startswith("VmHWM:")) / 1024.0
print(json.dumps({"peak_mb": peak, "gc_freed": freed}))
"""


def _child(setup: str) -> dict:
    """Peak RSS of 100 steps in a fresh interpreter that imports only what it needs."""
    code = setup.format(root=str(ROOT)) + MEASURE
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def run(quick: bool = False) -> list[dict]:
    if shared_bench("tensor_mlp") is None:
        return [result("memory", float("nan"), "MiB", goal="needs shared/bench/tensor_mlp.py")]
    ours, ref = _child(OURS), _child(NUMPY)
    return [
        result(
            "memory peak RSS, MLP batch 512 (apart)",
            ours["peak_mb"],
            "MiB",
            f"numpy {ref['peak_mb']:.1f} MiB",
            ours["peak_mb"] / ref["peak_mb"],
            "<= 1.25x numpy",
        ),
        result("memory gc.collect() after steps", ours["gc_freed"], "objects", goal="0"),
    ]


if __name__ == "__main__":
    run_as_script(run)
