"""The driver of benchmarks run apart: each side in a worker process of its own.

See benchmarks/common.py for when a figure is measured apart and when in process, and
benchmarks/worker.py for the worker. Imported only by the driver (never by a worker), so
a worker's process holds no more than its side needs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

from benchmarks.common import ROOT, result, torch_python


def _numpy_env() -> dict:
    """The hand-written numpy side runs with the glibc thresholds graphgrad sets at import
    (autograd/malloc.py), given as glibc's environment variables: whether a plain numpy
    process pays the page-fault storm depends on its heap's layout (what it imported), and
    the reference should be the numpy version at its best."""
    from autograd import malloc

    env = dict(os.environ)
    env["MALLOC_MMAP_THRESHOLD_"] = str(malloc.MMAP_THRESHOLD)
    env["MALLOC_TRIM_THRESHOLD_"] = str(malloc.TRIM_THRESHOLD)
    return env


class _Side:
    """A worker process running one implementation of a workload (benchmarks/worker.py)."""

    def __init__(self, python: str, workload: str, impl: str, params: dict):
        worker = Path(__file__).with_name("worker.py")
        cmd = [python, str(worker), workload, impl, json.dumps(params)]
        self.impl = impl
        env = _numpy_env() if impl == "numpy" else None
        self.proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=ROOT, env=env
        )
        line = self.proc.stdout.readline()
        if line.strip() != "ready":
            self.proc.kill()
            raise RuntimeError(f"benchmark worker {impl} for {workload} failed to start")

    def run(self, warmup: int, steps: int) -> dict:
        self.proc.stdin.write(f"run {warmup} {steps}\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def close(self) -> None:
        try:
            self.proc.stdin.write("quit\n")
            self.proc.stdin.close()
        except OSError:
            pass
        self.proc.wait(timeout=60)


def compare_apart(
    workload: str,
    params: dict,
    rounds: int = 7,
    steps: int = 20,
    warmup: int = 3,
    impls=("graphgrad", "numpy", "torch"),
) -> dict:
    """Time each implementation of benchmarks/<workload>.py in its own process.

    Rounds alternate between the sides (the order rotates each round); each round runs
    `warmup` untimed steps then `steps` timed ones. Returns, per side: `best` (seconds; the
    lowest round median), `lo`/`hi` (the range of round medians), `faults` (minor page
    faults per step) and `cpu` (CPU seconds per step, all threads), both from the best
    round, and `rounds`. PyTorch is skipped when no interpreter has it (`torch_python`).
    """
    pythons = {i: sys.executable for i in impls if i != "torch"}
    if "torch" in impls and torch_python() is not None:
        pythons["torch"] = torch_python()
    sides = [_Side(py, workload, impl, params) for impl, py in pythons.items()]
    per_round: dict = {s.impl: [] for s in sides}
    try:
        for r in range(rounds):
            for s in sides[r % len(sides) :] + sides[: r % len(sides)]:
                rep = s.run(warmup, steps)
                per_round[s.impl].append(
                    (statistics.median(rep["times"]), rep["faults"] / steps, rep["cpu"] / steps)
                )
    finally:
        for s in sides:
            s.close()
    out = {}
    for impl, rows in per_round.items():
        best = min(rows)
        out[impl] = {
            "best": best[0],
            "lo": best[0],
            "hi": max(r[0] for r in rows),
            "faults": best[1],
            "cpu": best[2],
            "rounds": len(rows),
        }
    return out


def load() -> str:
    """The 1-minute load average and the number of CPUs, to print beside noisy figures."""
    return f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs"


def apart_rows(name: str, t: dict, goals: dict, unit_scale: float = 1e3) -> list[dict]:
    """Result rows for `compare_apart`'s output, one per side: its best round in ms with the
    range over rounds, faults and CPU ms per step; for the references, graphgrad's best
    over theirs (the ratio the goals speak of)."""
    rows = []
    ours = t["graphgrad"]["best"]
    for impl, v in t.items():
        extra = {
            "range": f"{v['lo'] * unit_scale:.3g}-{v['hi'] * unit_scale:.3g}",
            "faults/step": round(v["faults"], 1),
            "cpu_ms/step": round(v["cpu"] * 1e3, 3),
        }
        label = f"{name} (apart): {impl}"
        if impl == "graphgrad":
            rows.append(result(label, ours * unit_scale, "ms", **extra))
        else:
            ratio = ours / v["best"]
            rows.append(
                result(
                    label,
                    v["best"] * unit_scale,
                    "ms",
                    "graphgrad / " + impl,
                    ratio,
                    goals.get(impl),
                    **extra,
                )  # fmt: skip
            )
    rows[-1]["load"] = load()
    return rows
