"""Build and backpropagate chains of 10^4, 10^5 and 10^6 recorded ops.

The topological sort and the backward loop are iterative, so depth costs only
time, linear in the number of nodes. Goal: linear time, 10^6 in well under 20 s.
"""

from __future__ import annotations

import time

import numpy as np

from autograd import Tensor
from benchmarks.common import result, run_as_script


def chain(n: int) -> tuple[float, float]:
    """Seconds to build and to backpropagate a chain of n ops on a (4,) tensor."""
    x = Tensor(np.ones(4, np.float32), requires_grad=True)
    t0 = time.perf_counter()
    y = x
    for _ in range(n):
        y = y * 1.0000001
    t1 = time.perf_counter()
    y.sum().backward()
    t2 = time.perf_counter()
    assert x.grad is not None
    return t1 - t0, t2 - t1


def run(quick: bool = False) -> list[dict]:
    sizes = (10**4, 10**5) if quick else (10**4, 10**5, 10**6)
    out = []
    per_node = []
    for n in sizes:
        build, back = chain(n)
        per_node.append((build + back) / n)
        goal = "< 20 s" if n == 10**6 else None
        out.append(
            result(
                f"deep_chain {n:,} nodes",
                build + back,
                "s",
                goal=goal,
                build_s=build,
                backward_s=back,
                us_per_node=1e6 * per_node[-1],
            )
        )
    out.append(
        result(
            "deep_chain largest / smallest per-node cost",
            per_node[-1] / per_node[0],
            "x",
            goal="~1 (linear time)",
        )
    )
    return out


if __name__ == "__main__":
    run_as_script(run)
