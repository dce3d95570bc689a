"""numpy's floating-point warnings inside graphgrad's ops are silenced (PyTorch is silent);
the user's own numpy calls keep them; GRAPHGRAD_FLOAT_WARNINGS=1 leaves the filter out
(autograd/float_warnings.py; the kernels themselves: tests/test_float_warnings_ops.py).
Each case runs in a fresh interpreter with RuntimeWarnings turned into errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROGRAM = """
import numpy as np
import autograd as A
import nn
x = A.tensor([0.0, 1.0], requires_grad=True)
y = A.log(x).sum() + (x / 0.0).sum() + nn.functional.softplus(x * 1e30).sum()
y.backward()
print("ops", A.log(A.tensor(0.0)).item(), (A.tensor(0.0) / 0.0).isnan().item())
try:
    np.log(np.float64(0.0))
except RuntimeWarning as e:
    print("user", e)
"""


def _run(env_extra: dict) -> subprocess.CompletedProcess:
    env = {**os.environ, **env_extra}
    return subprocess.run(
        [sys.executable, "-W", "error::RuntimeWarning", "-c", PROGRAM],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip


def test_ops_are_silent_and_user_numpy_still_warns():
    r = _run({"GRAPHGRAD_FLOAT_WARNINGS": ""})
    assert r.returncode == 0, r.stderr
    assert "ops -inf True" in r.stdout
    assert "user divide by zero encountered in log" in r.stdout


def test_the_ops_are_quiet_at_the_source_without_the_filter():
    """GRAPHGRAD_FLOAT_WARNINGS=1 leaves the filter out: the kernels are quiet by themselves
    (np.errstate, or a quiet retry of a hot kernel), and the user's numpy still warns."""
    r = _run({"GRAPHGRAD_FLOAT_WARNINGS": "1"})
    assert r.returncode == 0, r.stderr
    assert "ops -inf True" in r.stdout
    assert "user divide by zero encountered in log" in r.stdout


def test_the_filter_is_added_once_and_not_with_the_switch(monkeypatch):
    import warnings

    from autograd import float_warnings

    def ours():
        return [
            f
            for f in warnings.filters
            if f[1] is not None and f[1].pattern == float_warnings.MESSAGE
        ]

    with warnings.catch_warnings():
        warnings.resetwarnings()
        monkeypatch.setenv("GRAPHGRAD_FLOAT_WARNINGS", "1")
        assert float_warnings.silence() is False and not ours()
        monkeypatch.delenv("GRAPHGRAD_FLOAT_WARNINGS")
        assert float_warnings.silence() and float_warnings.silence()
        assert len(ours()) == 1
