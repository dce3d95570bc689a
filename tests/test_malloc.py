"""autograd.malloc: glibc's thresholds set at import, and GRAPHGRAD_MALLOC=default's switch."""

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
    code = "import autograd; print(autograd.malloc.settings())"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip(), out.stderr


@glibc
def test_import_sets_the_thresholds_unless_switched_off():
    tuned, _ = _settings_in_a_fresh_process(None)
    assert tuned == str({"mmap_threshold": 32 << 20, "trim_threshold": 256 << 20})
    assert _settings_in_a_fresh_process("default")[0] == "None"
    out, err = _settings_in_a_fresh_process("of")
    assert out == tuned and "GRAPHGRAD_MALLOC='of' is not 'tuned' or 'default'" in err


@glibc
def test_tune_returns_whether_it_set_the_thresholds():
    assert autograd.malloc.tune() is True
    assert autograd.malloc.settings()["mmap_threshold"] == autograd.malloc.MMAP_THRESHOLD
