"""A long fuzz run of the public ops: the cases of tests/test_fuzz_public_ops.py, many more.

Every op of the test's table (Tensor methods, autograd functions, a selection
of nn.functional and layers) gets `--examples` fresh random cases (shapes,
dtypes bool/int/uint/float16/32/64/complex, NaN/Inf, empty and 0-d arrays);
each must match numpy or raise a clear TypeError/ValueError/IndexError, and
backward must give gradients of the inputs' shapes and dtypes. Prints the
number of cases per op and any failure (with hypothesis' minimal example).
About five minutes with the default 500 examples per op; not part of CI.

    python -m benchmarks.fuzz [--examples N] [--ops name,name]
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import time
import traceback

from benchmarks.common import ROOT, line, result


def _load_cases():
    os.environ["GRAPHGRAD_FUZZ"] = "1"  # fresh random cases, not the test suite's fixed ones
    path = ROOT / "tests" / "test_fuzz_public_ops.py"
    spec = importlib.util.spec_from_file_location("_fuzz_public_ops", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fuzz(examples: int = 500, ops=None, verbose: bool = True) -> dict:
    """Run `examples` cases of each op; returns {op: (cases, seconds, failure or None)}."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    cases = _load_cases()
    names = sorted(cases.OPS) if not ops else list(ops)
    out = {}
    for name in names:
        out[name] = _fuzz_one(cases, name, examples, settings, given, st, HealthCheck)
        if verbose:
            count, seconds, failure = out[name]
            status = "ok" if failure is None else "FAILED"
            print(f"{name:<22} {count:>7,} cases {seconds:7.1f} s  {status}", flush=True)
            if failure:
                print("    " + failure.replace("\n", "\n    "))
    return out


def _fuzz_one(cases, name, examples, settings, given, st, HealthCheck):
    """(cases run, seconds, failure message or None) for one op."""

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(data=st.data())
    def run_op(data):
        cases.check_case(name, data.draw)

    before = cases.CASES[name]
    t0 = time.perf_counter()
    failure = None
    try:
        run_op()
    except Exception as e:  # noqa: BLE001 - reported, then the next op
        failure = "".join(traceback.format_exception_only(type(e), e)).strip()
    return cases.CASES[name] - before, time.perf_counter() - t0, failure


def run(quick: bool = False) -> list[dict]:
    report = fuzz(100 if quick else 500, verbose=not quick)
    total = sum(c for c, _, _ in report.values())
    failed = [k for k, (_, _, f) in report.items() if f]
    return [
        result("fuzz ops and layers", len(report), "ops"),
        result("fuzz cases", total, "cases"),
        result("fuzz failures", len(failed), "ops", goal="0", failed=",".join(failed) or "-"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="cases per op")
    parser.add_argument("--ops", default="", help="comma-separated op names (default: all)")
    args = parser.parse_args()
    ops = [s for s in args.ops.split(",") if s]
    t0 = time.perf_counter()
    report = fuzz(args.examples, ops)
    total = sum(c for c, _, _ in report.values())
    failed = [k for k, (_, _, f) in report.items() if f]
    print(line(result("fuzz ops and layers", len(report), "ops")))
    print(line(result("fuzz cases", total, "cases", seconds=time.perf_counter() - t0)))
    print(line(result("fuzz failures", len(failed), "ops", goal="0")))


if __name__ == "__main__":
    main()
