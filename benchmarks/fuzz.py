"""The long fuzz runs: the cases of tests/test_fuzz_public_ops.py and the programs of
tests/test_fuzz_programs.py, many more of each, fresh (not the suite's fixed ones).

Single ops: every op of the first test's table (Tensor methods, autograd functions,
a selection of nn.functional and layers) gets `--examples` random cases (shapes,
dtypes bool/int/uint/float16/32/64/complex, NaN/Inf, empty and 0-d arrays); each
must match numpy or raise a clear error, and backward must give gradients of the
inputs' shapes and dtypes. Programs: random programs over every public op, checked
against numpy, the reference traversal, finite differences (first and second
derivatives) and the NaN rules (see tests/test_fuzz_programs.py), for `--minutes`
(or `--programs`). Prints the counts and any failure with hypothesis' minimal example.

    python -m benchmarks.fuzz [--examples N] [--ops name,name] [--minutes M | --programs N]
    make fuzz   # 500 cases per op, then programs for 10 minutes
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
import time
import traceback
import warnings

from benchmarks.common import ROOT, line, result

try:  # pytest.fail's exception is a BaseException
    from _pytest.outcomes import Failed as _Failed
except ImportError:  # pragma: no cover
    _Failed = Exception


def _load(name: str):
    """A test module by path (fresh random cases: GRAPHGRAD_FUZZ=1)."""
    os.environ["GRAPHGRAD_FUZZ"] = "1"  # fresh random cases, not the test suite's fixed ones
    warnings.simplefilter("ignore")  # numpy's references warn on empty slices, overflow
    tests = str(ROOT / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)  # test_fuzz_programs imports fuzz_table
    spec = importlib.util.spec_from_file_location(f"_{name}", ROOT / "tests" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _settings(examples: int):
    from hypothesis import HealthCheck, settings

    return settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )


def _failure(e: BaseException) -> str:
    return "".join(traceback.format_exception_only(type(e), e)).strip()


def fuzz(examples: int = 500, ops=None, verbose: bool = True) -> dict:
    """Run `examples` cases of each op; returns {op: (cases, seconds, failure or None)}."""
    from hypothesis import given
    from hypothesis import strategies as st

    cases = _load("test_fuzz_public_ops")
    names = sorted(cases.OPS) if not ops else list(ops)
    out = {}

    def runner(name):
        @_settings(examples)
        @given(data=st.data())
        def run_op(data):
            cases.check_case(name, data.draw)

        return run_op

    for name in names:
        before, t0, failure = cases.CASES[name], time.perf_counter(), None
        try:
            runner(name)()
        except (Exception, _Failed) as e:  # noqa: BLE001 - reported, then the next op
            failure = _failure(e)
        out[name] = (cases.CASES[name] - before, time.perf_counter() - t0, failure)
        if verbose:
            count, seconds, failure = out[name]
            status = "ok" if failure is None else "FAILED"
            print(f"{name:<22} {count:>7,} cases {seconds:7.1f} s  {status}", flush=True)
            if failure:
                print("    " + failure.replace("\n", "\n    "))
    return out


def fuzz_programs(minutes: float = 10.0, programs: int | None = None, verbose: bool = True):
    """Random programs in batches of 1,000 until `minutes` pass (or `programs` ran).

    Returns (the counts of tests/test_fuzz_programs.py's STATS, failures).
    """
    from hypothesis import given

    module = _load("test_fuzz_programs")
    failures: list[str] = []
    t0 = time.perf_counter()
    while True:
        ran = module.STATS["programs"]
        left = 1000 if programs is None else min(1000, programs - ran)
        if left <= 0 or (programs is None and time.perf_counter() - t0 > minutes * 60):
            break

        @_settings(left)
        @given(program=module.programs())
        def run(program):
            module.check_program(program)

        try:
            run()
        except (Exception, _Failed) as e:  # noqa: BLE001 - reported; the next batch goes on
            failures.append(_failure(e))
            if verbose:
                print("FAILED\n    " + failures[-1].replace("\n", "\n    "), flush=True)
        if verbose:
            stats = ", ".join(f"{k} {v:,}" for k, v in module.STATS.most_common())
            print(f"{time.perf_counter() - t0:7.0f} s  {stats}", flush=True)
    return dict(module.STATS), failures


def run(quick: bool = False) -> list[dict]:
    report = fuzz(100 if quick else 500, verbose=not quick)
    total = sum(c for c, _, _ in report.values())
    failed = [k for k, (_, _, f) in report.items() if f]
    stats, failures = fuzz_programs(programs=500 if quick else 5000, verbose=not quick)
    return [
        result("fuzz ops and layers", len(report), "ops"),
        result("fuzz cases", total, "cases"),
        result("fuzz failures", len(failed), "ops", goal="0", failed=",".join(failed) or "-"),
        result("fuzz programs", stats["programs"], "programs"),
        result("fuzz program derivatives checked", stats.get("derivatives checked", 0), "programs"),
        result("fuzz program failures", len(failures), "batches", goal="0"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=500, help="cases per op (0: none)")
    parser.add_argument("--ops", default="", help="comma-separated op names (default: all)")
    parser.add_argument("--minutes", type=float, default=10.0, help="programs for this long")
    parser.add_argument("--programs", type=int, default=None, help="this many programs instead")
    args = parser.parse_args()
    ops = [s for s in args.ops.split(",") if s]
    t0 = time.perf_counter()
    lines = []
    if args.examples:
        report = fuzz(args.examples, ops)
        total = sum(c for c, _, _ in report.values())
        failed = [k for k, (_, _, f) in report.items() if f]
        lines += [
            result("fuzz ops and layers", len(report), "ops"),
            result("fuzz cases", total, "cases", seconds=time.perf_counter() - t0),
            result("fuzz failures", len(failed), "ops", goal="0"),
        ]
    if args.minutes or args.programs:
        t1 = time.perf_counter()
        stats, failures = fuzz_programs(args.minutes, args.programs)
        lines += [
            result(
                "fuzz programs",
                stats.get("programs", 0),
                "programs",
                seconds=time.perf_counter() - t1,
            ),  # noqa: E501
            result(
                "fuzz program derivatives checked", stats.get("derivatives checked", 0), "programs"
            ),  # noqa: E501
            result("fuzz program failures", len(failures), "batches", goal="0"),
        ]
    for r in lines:
        print(line(r))


if __name__ == "__main__":
    main()
