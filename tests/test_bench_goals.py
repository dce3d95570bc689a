"""benchmarks.common.goal_met: the goals written as bounds are read and checked."""

import pytest

from benchmarks.common import goal_met, line, result


@pytest.mark.parametrize(
    ("r", "met"),
    [
        (result("a", 1.0, "ms", "numpy", 1.2, "<= 1.3x"), True),
        (result("a", 1.0, "ms", "numpy", 1.31, "<= 1.3x"), False),
        (result("a", 1.0, "MiB", "numpy", 1.1, "<= 1.25x numpy"), True),
        (result("a", 1.0, "ms", "numpy", 3.2, "within 3x numpy"), False),
        (result("a", 0.7, "us/op", goal="<= 1.5 us"), True),
        (result("a", 1.6, "us/op", goal="<= 1.5 us"), False),
        (result("a", 0.1, "s", "ref", 0.25, ">= 5x faster", speedup=4.0), False),
        (result("a", 0.1, "s", "ref", 0.1, ">= 5x faster"), True),
        (result("a", 0, "objects", goal="0"), True),
        (result("a", 2, "objects", goal="0"), False),
        (result("a", 12.0, "%", goal="< 10%"), False),
        (result("a", 1.0, "x", goal="~1 (linear time)"), None),
        (result("a", float("nan"), "ms", goal="<= 3 ms"), None),
        (result("a", 1.0, "ms"), None),
    ],
)
def test_goal_met(r, met):
    assert goal_met(r) is met
    if met is not None:
        assert line(r).endswith(": met)" if met else ": MISSED)")
