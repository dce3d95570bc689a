"""Benchmark: `autograd.draw` on a chain of 100,000 ops (`y = y * 1.0001`, 300,001 graph nodes).

Cases: building the Digraph with values only; with every gradient computed (an
`autograd.grad` over the whole chain); and building plus rendering SVG with `dot`
(skipped when Graphviz is missing). The drawing keeps the `max_nodes` nodes nearest
the output and summarises the rest in one box. Reports seconds (goal: a few seconds).

Run: ``python benchmarks/draw_large.py [--quick]``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from autograd import Tensor, draw  # noqa: E402


def _chain(n: int) -> Tensor:
    y = x = Tensor(1.0, requires_grad=True, name="x")
    for _ in range(n):
        y = y * 1.0001
    y.name = "y"
    del x
    return y


def _seconds(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def run(quick: bool = False) -> list[dict]:
    n = 10_000 if quick else 100_000
    y = _chain(n)
    label = f"{n:,}-op chain"
    results = [
        {
            "name": f"draw {label}, values only",
            "value": _seconds(lambda: draw(y, show=("value",))),
            "unit": "s",
        },
        {
            "name": f"draw {label}, with every gradient",
            "value": _seconds(lambda: draw(y)),
            "unit": "s",
        },
    ]
    if shutil.which("dot"):
        results.append(
            {
                "name": f"draw {label} and render SVG with dot",
                "value": _seconds(lambda: draw(y).pipe(format="svg")),
                "unit": "s",
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a 10,000-op chain")
    args = parser.parse_args()
    for r in run(args.quick):
        print(f"{r['name']:<55} {r['value']:8.3f} {r['unit']}")


if __name__ == "__main__":
    main()
