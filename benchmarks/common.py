"""Shared helpers: timing, result lines, and the team's reference workloads.

Two ways to compare, and each figure says which it used:

- apart (`apart.compare_apart`): each side (graphgrad, the hand-written numpy version,
  PyTorch) runs in a process of its own, as a user runs it, with its default threads; rounds
  alternate between the sides; a side's figure is its best round (the median step of the
  round) with the range over rounds, since the machine's speed swings and noise only adds
  time. Page faults and CPU time per step are reported beside the time. This is the
  comparison for workloads with large arrays: a process's allocator state, thread pools
  and imports change the other side's speed when they share a process.
- in process (`interleaved`, `median_time`): both sides timed in alternation in one
  process. Kept where it is the honest comparison: tiny arrays (op overhead), pure Python
  (scalar engine), in-place updates on preallocated arrays (optimizers).
"""

from __future__ import annotations

import importlib.util
import os
import re
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


def torch_python() -> str | None:
    """An interpreter that has PyTorch: $TORCH_PYTHON, or this one if it has it.

    PyTorch is never a dependency; its figures appear only when one of these exists.
    """
    path = os.environ.get("TORCH_PYTHON")
    if path:
        return path if Path(path).exists() else None
    return sys.executable if importlib.util.find_spec("torch") is not None else None


def torch_or_none():
    """PyTorch if this interpreter has it, on two threads (for the in-process comparisons that
    call it directly; it is never a dependency)."""
    try:
        import torch
    except ImportError:
        return None
    torch.set_num_threads(2)
    return torch


def run_as_script(run) -> None:
    """`python -m benchmarks.<name>`: print the module's figures, one line each."""
    for r in run():
        print(line(r))


def shared_bench(name: str):
    """Import a reference workload script from shared/bench (in this folder or one above it,
    or $GRAPHGRAD_SHARED_BENCH), or None."""
    env = os.environ.get("GRAPHGRAD_SHARED_BENCH")
    bases = [Path(env)] if env else [d / "shared" / "bench" for d in (ROOT, *ROOT.parents)]
    for base in bases:
        path = base / f"{name}.py"
        if path.exists():
            spec = importlib.util.spec_from_file_location(f"_shared_{name}", path)
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module
    return None


def torch_sgd_step(model, X, y, lr: float):
    """A PyTorch training step (cross-entropy, plain SGD) on arrays X, y: returns the loss."""
    import torch
    import torch.nn.functional as F

    opt = torch.optim.SGD(model.parameters(), lr=lr)
    xt, yt = torch.from_numpy(X), torch.from_numpy(y)

    def step():
        opt.zero_grad(set_to_none=True)
        loss = F.cross_entropy(model(xt), yt)
        loss.backward()
        opt.step()
        return float(loss.detach())

    return step


def result(name, value, unit, reference=None, ratio=None, goal=None, **extra) -> dict:
    """One figure: `ratio` is the figure over `reference` (a label), `goal` a text."""
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
    text = f"{r['name']:<44} {r['value']:>9.4g} {r['unit']}"
    if "range" in r:
        text += f" ({r['range']})"
    if "ratio" in r:
        text += f"   {r['ratio']:.3g}x {r.get('reference', 'the reference')}"
    for k, v in r.items():
        if k not in ("name", "value", "unit", "range", "ratio", "reference", "goal"):
            text += f"   {k}={v:.4g}" if isinstance(v, float) else f"   {k}={v}"
    if "goal" in r:
        met = goal_met(r)
        verdict = "" if met is None else ": met" if met else ": MISSED"
        text += f"   (goal: {r['goal']}{verdict})"
    return text


_GOAL = re.compile(r"^\s*(<=|<|>=|>|within)?\s*([0-9.]+)\s*(x|%)?(.*)$")


def goal_met(r: dict) -> bool | None:
    """Whether a result meets its goal, for the goals written as a bound: "<= 1.3x" or
    "within 3x numpy" (the ratio), ">= 5x faster" (the speedup), "<= 1.5 us", "< 20 s",
    "< 10%", "0" (the value).
    None when the goal is a text this does not read, or the figure is missing."""
    m = _GOAL.match(str(r.get("goal", "")))
    if m is None or not m.group(2).replace(".", "", 1).isdigit():
        return None
    op, bound, kind = m.group(1) or "==", float(m.group(2)), m.group(3)
    op = "<=" if op == "within" else op
    if kind == "x":
        if op.startswith(">"):
            got = r.get("speedup", 1 / r["ratio"] if r.get("ratio") else None)
        else:
            got = r.get("ratio")
    else:
        got = r.get("value")
    if got is None or got != got:  # absent or NaN
        return None
    return {"<=": got <= bound, "<": got < bound, ">=": got >= bound, ">": got > bound,
            "==": got == bound}[op]  # fmt: skip
