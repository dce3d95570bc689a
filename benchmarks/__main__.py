"""Run graphgrad's benchmarks: `python -m benchmarks [--quick] [name ...]`.

Each prints one line per figure, with its ratio against a reference measured in the same
run: a hand-written numpy version, and PyTorch when an interpreter has it (this one, or
$TORCH_PYTHON); a goal written as a bound says "met" or "MISSED", and the last line counts
them. A line says how it was measured: "apart" (each side in a process of its
own, alternating rounds: the best round and the range) or "in process" (both timed in
alternation in this process). See docs/performance.md.
"""

from __future__ import annotations

import argparse
import importlib
import json
import time

from benchmarks.common import goal_met, line

ALL = [
    "op_overhead",
    "mlp",
    "scalar_mlp",
    "deep_chain",
    "memory",
    "optim_step",
    "cnn",
    "lstm",
    "transformer",
    "fit_digits",
    "draw_large",
    "memory_flat",
    "cv_parallel",
    "random_normal",
]


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("names", nargs="*", help=f"benchmarks to run (default: all of {ALL})")
    ap.add_argument("--quick", action="store_true", help="fewer repeats and smaller sizes")
    ap.add_argument("--json", help="also write the results to this JSON file")
    args = ap.parse_args(argv)
    results = []
    for name in args.names or ALL:
        t0 = time.perf_counter()
        module = importlib.import_module(f"benchmarks.{name}")
        try:
            rows = module.run(quick=args.quick)
        except TypeError:  # a module whose run() takes other arguments
            rows = module.run()
        for r in rows:
            print(line(r), flush=True)
        print(f"  [{name}: {time.perf_counter() - t0:.1f} s]", flush=True)
        results.extend(rows)
    missed = [r["name"] for r in results if goal_met(r) is False]
    checked = sum(goal_met(r) is not None for r in results)
    print(
        f"goals: {checked - len(missed)} of {checked} met"
        + "".join(f"\n  MISSED: {n}" for n in missed)
    )
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=1, default=float)


if __name__ == "__main__":
    main()
