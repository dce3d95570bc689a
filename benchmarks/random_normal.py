"""Benchmark: a million standard normals with PyTorch's numbers, against numpy's own.

`autograd.randn(1_000_000)` (float32, the default dtype; and float64) against numpy's
`Generator.standard_normal(1_000_000)` (float64, its default; ziggurat) timed in
alternation in this process, and PyTorch's `torch.randn` when it is installed. Reports
the median time and the ratio to numpy: the median of the per-round ratios and their
interquartile range (goal: within 3x numpy). float64 costs as much: its Box-Muller
calls the C library's log, cos and sin per element, as PyTorch's scalar kernel does.

Run: ``python -m benchmarks random_normal`` (or ``python benchmarks/random_normal.py``).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import autograd  # noqa: E402
from benchmarks.common import result, run_as_script, torch_or_none  # noqa: E402

N = 1_000_000


def _rounds(fns: dict, repeats: int) -> dict:
    """Seconds of each fn per round, the fns run in alternation every round."""
    for fn in fns.values():
        fn()
    times = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return times


def run(quick: bool = False) -> list[dict]:
    repeats = 7 if quick else 21
    rng = np.random.default_rng(0)
    autograd.manual_seed(0)
    fns = {
        "numpy": lambda: rng.standard_normal(N),
        "float32": lambda: autograd.randn(N),
        "float64": lambda: autograd.randn(N, dtype=np.float64),
    }
    torch = torch_or_none()
    if torch is not None:
        fns["torch"] = lambda: torch.randn(N)
    times = _rounds(fns, repeats)
    ref = times["numpy"]
    out = [result("random_normal numpy standard_normal 1e6", 1e3 * statistics.median(ref), "ms")]
    for name in ("float32", "float64"):
        ratios = [t / r for t, r in zip(times[name], ref)]
        q1, _, q3 = statistics.quantiles(ratios, n=4)
        out.append(
            result(
                f"random_normal autograd.randn 1e6 {name}",
                1e3 * statistics.median(times[name]),
                "ms",
                reference="numpy",
                ratio=statistics.median(ratios),
                goal="within 3x numpy",
                ratio_q1=q1,
                ratio_q3=q3,
            )
        )
    if torch is not None:
        out.append(
            result("random_normal torch.randn 1e6", 1e3 * statistics.median(times["torch"]), "ms")
        )
    return out


if __name__ == "__main__":
    run_as_script(run)
