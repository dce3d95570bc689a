"""Shared helpers: timing, result lines, and the team's reference workloads."""

from __future__ import annotations

import gc
import importlib.util
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def median_time(fn, repeats: int = 30, warmup: int = 5) -> float:
    """Median seconds of fn() over `repeats` calls after `warmup` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def interleaved(fns: dict, repeats: int = 30, warmup: int = 5) -> dict:
    """Median seconds of each fn, timed in alternation so machine noise hits all alike."""
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: dict = {k: [] for k in fns}
    for _ in range(repeats):
        for k, fn in fns.items():
            t0 = time.perf_counter()
            fn()
            times[k].append(time.perf_counter() - t0)
    return {k: statistics.median(v) for k, v in times.items()}


def run_as_script(run) -> None:
    """`python -m benchmarks.<name>`: print the module's figures, one line each."""
    for r in run():
        print(line(r))


def shared_bench(name: str):
    """Import a reference workload script from the team's shared/bench folder, or None."""
    for base in (ROOT.parent / "shared" / "bench", ROOT / "shared" / "bench"):
        path = base / f"{name}.py"
        if path.exists():
            spec = importlib.util.spec_from_file_location(f"_shared_{name}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    return None


def torch_or_none():
    """PyTorch if it is importable (it is never a dependency: comparisons only)."""
    try:
        import torch

        torch.set_num_threads(2)
        return torch
    except ImportError:
        return None


def result(name, value, unit, reference=None, ratio=None, goal=None, **extra) -> dict:
    out = {"name": name, "value": value, "unit": unit}
    if reference is not None:
        out["reference"] = reference
    if ratio is not None:
        out["ratio"] = ratio
    if goal is not None:
        out["goal"] = goal
    out.update(extra)
    return out


def line(r: dict) -> str:
    """One human-readable line for a result."""
    text = f"{r['name']:<34} {r['value']:>10.4g} {r['unit']}"
    if "ratio" in r:
        text += f"   ratio {r['ratio']:.3g}x vs {r.get('reference', 'reference')}"
    for k, v in r.items():
        if k not in ("name", "value", "unit", "ratio", "reference", "goal"):
            text += f"   {k}={v:.4g}" if isinstance(v, float) else f"   {k}={v}"
    if "goal" in r:
        text += f"   (goal: {r['goal']})"
    return text


def gc_frozen():
    """A context that runs the cyclic collector once before timing."""
    gc.collect()
