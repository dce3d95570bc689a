"""Shared test set-up: a headless matplotlib backend, the hypothesis profiles, fixtures.

Profiles: ``ci`` (few, reproducible examples), ``dev`` (the default locally) and
``thorough`` (many examples). ``ci`` is loaded when the CI environment variable is
set, ``dev`` otherwise; ``HYPOTHESIS_PROFILE=<name>`` overrides both.
"""

import os

# Must happen before anything imports matplotlib.pyplot.
os.environ.setdefault("MPLBACKEND", "Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402

import autograd  # noqa: E402


@pytest.fixture
def f64():
    """float64 as the default dtype for the test (float32 again afterwards)."""
    autograd.set_default_dtype(np.float64)
    yield
    autograd.set_default_dtype(np.float32)


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


try:
    from hypothesis import HealthCheck, settings
except ImportError:  # hypothesis is optional: tests that need it import it themselves
    settings = None
else:
    settings.register_profile(
        "ci",
        max_examples=15,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow],
    )
    settings.register_profile("dev", max_examples=50, deadline=None)
    # No deadline here either: the first call of a numpy op can be slow.
    settings.register_profile("thorough", max_examples=500, deadline=None)
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if _ci() else "dev"))
