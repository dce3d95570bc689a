"""autograd.malloc: glibc's thresholds set at the first backward, and GRAPHGRAD_MALLOC=default's
switch."""

import os
import subprocess
import sys

import pytest

import autograd

glibc = pytest.mark.skipif(not autograd.malloc._glibc(), reason="glibc only")


def _settings_in_a_fresh_process(value):
    env = dict(os.environ)
    env.pop("GRAPHGRAD_MALLOC", None)
    if value is not None:
        env["GRAPHGRAD_MALLOC"] = value
    code = (
        "import autograd; print(autograd.malloc.settings()); "
        "x = autograd.Tensor([1.0], requires_grad=True); (x * 2).sum().backward(); "
        "print(autograd.malloc.settings())"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    before, after = out.stdout.split("\n")[:2]
    assert before == "None"  # nothing at import: the arrays of a set-up stay glibc's
    return after, out.stderr


@glibc
def test_the_first_backward_sets_the_thresholds_unless_switched_off():
    tuned, _ = _settings_in_a_fresh_process(None)
    assert tuned == str({"mmap_threshold": 32 << 20, "trim_threshold": 256 << 20})
    assert _settings_in_a_fresh_process("default")[0] == "None"
    out, err = _settings_in_a_fresh_process("of")
    assert out == tuned and "GRAPHGRAD_MALLOC='of' is not 'tuned' or 'default'" in err


@glibc
def test_tune_returns_whether_it_set_the_thresholds():
    assert autograd.malloc.tune() is True
    assert autograd.malloc.settings()["mmap_threshold"] == autograd.malloc.MMAP_THRESHOLD
