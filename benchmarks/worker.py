"""One side of a benchmark in a process of its own: `python benchmarks/worker.py WORKLOAD IMPL
[JSON params]`.

The process imports only what its side needs (numpy and the shared reference script for
`numpy`, PyTorch for `torch`, graphgrad for `graphgrad`), builds the workload with the
module's `setup(impl, **params)` (benchmarks/<workload>.py), prints `ready` and then
answers each line `run WARMUP STEPS` on stdin with one JSON line: the seconds of each timed
step, and the minor page faults and CPU seconds (user + system, all threads) over them.
This is how a user runs a training loop; the driver (`common.compare_apart`) alternates
rounds between the sides. Only the standard library and numpy are imported at the top, so
this file runs under any interpreter that has numpy (PyTorch's venv, say).
"""

from __future__ import annotations

import importlib
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _serve(step) -> None:
    out = sys.stdout
    print("ready", file=out, flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            return
        warmup, steps = int(words[1]), int(words[2])
        for _ in range(warmup):
            step()
        times = []
        r0 = resource.getrusage(resource.RUSAGE_SELF)
        for _ in range(steps):
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
        r1 = resource.getrusage(resource.RUSAGE_SELF)
        cpu = r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime
        report = {"times": times, "faults": r1.ru_minflt - r0.ru_minflt, "cpu": cpu}
        print(json.dumps(report), file=out, flush=True)


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    workload, impl = argv[0], argv[1]
    params = json.loads(argv[2]) if len(argv) > 2 else {}
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    stdout, sys.stdout = sys.stdout, sys.stderr  # set-up chatter must not reach the driver
    try:
        step = importlib.import_module(f"benchmarks.{workload}").setup(impl, **params)
    finally:
        sys.stdout = stdout
    _serve(step)


if __name__ == "__main__":
    main()
