"""graphgrad's pytest plugin (registered through the `pytest11` entry point).

- the `gradcheck` fixture: `gradcheck(op, *inputs, **options)` runs `check_op`
  and fails the test with its report (no traceback noise);
- `--graphgrad-examples N`: hypothesis max_examples for tests that use the
  toolkit (tests built by `op_property_test`, hypothesis tests in modules that
  import from `autograd.testing`, and tests marked `graphgrad`);
- `--graphgrad-seed S`: the seed of check_op's random upstream gradients in
  the fixture and in `op_property_test` tests.
"""

from __future__ import annotations

import sys

import pytest

from . import config as _settings
from .checks import OpCheckError, check_op


def pytest_addoption(parser) -> None:
    group = parser.getgroup("graphgrad", "graphgrad gradient checking")
    group.addoption(
        "--graphgrad-examples",
        type=int,
        default=None,
        metavar="N",
        help="hypothesis max_examples for tests that use graphgrad's strategies or "
        "op_property_test (default: the hypothesis profile's)",
    )
    group.addoption(
        "--graphgrad-seed",
        type=int,
        default=0,
        metavar="S",
        help="seed of the random upstream gradients of check_op in the gradcheck fixture "
        "and op_property_test (default: 0)",
    )


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers", "graphgrad: a hypothesis test that --graphgrad-examples applies to"
    )
    _settings.examples = config.getoption("--graphgrad-examples")
    _settings.seed = config.getoption("--graphgrad-seed")


def pytest_report_header(config) -> str | None:
    if config.getoption("--graphgrad-examples") is None and not config.getoption(
        "--graphgrad-seed"
    ):
        return None
    return (
        f"graphgrad: examples={config.getoption('--graphgrad-examples')}, "
        f"seed={config.getoption('--graphgrad-seed')}"
    )


def _uses_toolkit(item) -> bool:
    fn = getattr(item, "obj", None)
    if getattr(fn, "_graphgrad_property_test", False) or item.get_closest_marker("graphgrad"):
        return True
    module = sys.modules.get(getattr(fn, "__module__", None) or "")
    if module is None:
        return False
    return any(
        getattr(v, "__module__", "").startswith("autograd.testing")
        or getattr(v, "__name__", "") == "autograd.testing"
        for v in vars(module).values()
    )


def pytest_collection_modifyitems(session, config, items) -> None:
    n = config.getoption("--graphgrad-examples")
    if n is None:
        return
    from hypothesis import settings  # only here: hypothesis is optional

    for item in items:
        fn = getattr(item, "obj", None)
        inner = getattr(fn, "hypothesis", None)
        if inner is None or not _uses_toolkit(item):
            continue
        # hypothesis reads these settings when the test runs
        current = getattr(fn, "_hypothesis_internal_use_settings", None)
        fn._hypothesis_internal_use_settings = settings(current, max_examples=n)


@pytest.fixture
def gradcheck():
    """`gradcheck(op, *inputs, **check_op_options)`: fail the test with check_op's report."""

    def run(fn_or_function, *inputs, **options):
        __tracebackhide__ = True
        options.setdefault("seed", _settings.seed)
        try:
            return check_op(fn_or_function, *inputs, **options)
        except OpCheckError as e:
            message = str(e)
        pytest.fail(message, pytrace=False)  # outside `except`: no chained traceback

    return run
