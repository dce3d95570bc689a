"""Temporaries of nn.save: removed when SIGTERM or SIGINT ends a save (the user's handlers
chained and restored), and found and removed by the next save when a process died anyway.

The signal tests run a child process that sends itself the signal in the middle of a save
(from inside the fsync of the temporary), so nothing here depends on timing."""

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import nn
from nn import atomic

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX signals and pids")

CHILD = """
import os, signal, sys
import numpy as np
import nn

target, how = sys.argv[1], sys.argv[2]
SIG = signal.SIGINT if how.startswith("sigint") else signal.SIGTERM
calls = []

def user_handler(signum, frame):
    calls.append(signum)
    if how.endswith("exit"):
        sys.exit(3)

if how.endswith("returns") or how.endswith("exit"):
    signal.signal(SIG, user_handler)
before = signal.getsignal(SIG)

real_fsync = os.fsync
def fsync(fd):  # the first fsync is the temporary's, after all data is written
    os.fsync = real_fsync
    os.kill(os.getpid(), SIG)
    real_fsync(fd)
os.fsync = fsync

try:
    nn.save({"w": np.ones(1000)}, target)
except KeyboardInterrupt:
    print("KeyboardInterrupt", flush=True)
    sys.exit(4)
print("saved", calls == [SIG], signal.getsignal(SIG) is before, flush=True)
"""


def _run(tmp_path, how):
    target = tmp_path / "m.npz"
    nn.save({"w": np.zeros(3)}, target)  # the previous version
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(CHILD), str(target), how],
        capture_output=True,
        text=True,
    )
    return proc, target


def test_sigterm_with_default_handler_removes_the_temporary(tmp_path):
    proc, target = _run(tmp_path, "sigterm-default")
    assert proc.returncode == -signal.SIGTERM, proc.stderr  # died of the signal, as before
    assert os.listdir(tmp_path) == ["m.npz"]  # no temporary left
    np.testing.assert_array_equal(nn.load(target)["w"], np.zeros(3))  # the old file intact


def test_sigint_default_raises_keyboardinterrupt_and_removes_the_temporary(tmp_path):
    proc, target = _run(tmp_path, "sigint-default")
    assert proc.returncode == 4 and "KeyboardInterrupt" in proc.stdout, proc.stderr
    assert os.listdir(tmp_path) == ["m.npz"]
    np.testing.assert_array_equal(nn.load(target)["w"], np.zeros(3))


@pytest.mark.parametrize("sig", ["sigterm", "sigint"])
def test_users_handler_that_returns_is_called_and_the_save_completes(tmp_path, sig):
    proc, target = _run(tmp_path, f"{sig}-returns")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["saved", "True", "True"]  # called once; restored after
    assert os.listdir(tmp_path) == ["m.npz"]
    np.testing.assert_array_equal(nn.load(target)["w"], np.ones(1000))


def test_users_handler_that_exits_unwinds_the_save(tmp_path):
    proc, target = _run(tmp_path, "sigterm-exit")
    assert proc.returncode == 3, proc.stderr
    assert os.listdir(tmp_path) == ["m.npz"]
    np.testing.assert_array_equal(nn.load(target)["w"], np.zeros(3))


def test_handlers_are_restored_after_a_save(tmp_path):
    def mine(signum, frame):
        pass

    old = signal.signal(signal.SIGTERM, mine)
    try:
        before = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
        nn.save({"w": np.zeros(3)}, tmp_path / "m.npz")
        with pytest.raises(RuntimeError):
            with atomic.replace(tmp_path / "n.npz"):
                assert signal.getsignal(signal.SIGTERM) is atomic._on_signal
                raise RuntimeError
        assert {s: signal.getsignal(s) for s in before} == before
    finally:
        signal.signal(signal.SIGTERM, old)
    assert os.listdir(tmp_path) == ["m.npz"]


def test_saves_from_other_threads_leave_the_handlers_alone(tmp_path):
    before = signal.getsignal(signal.SIGTERM)
    seen = []

    def work():
        with atomic.replace(tmp_path / "t.npz") as f:
            seen.append(signal.getsignal(signal.SIGTERM))
            f.write(b"data")

    t = threading.Thread(target=work)
    t.start()
    t.join()
    assert seen == [before] and (tmp_path / "t.npz").read_bytes() == b"data"


# ------------------------------------------------------------------ stale temporaries
def _dead_pid() -> int:
    out = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(out.stdout)


def test_next_save_removes_stale_temporaries_of_the_same_target(tmp_path):
    target = tmp_path / "model.npz"
    host, dead, day = atomic._host(), _dead_pid(), atomic.STALE_AFTER
    other_host = "0" * 8 if host != "0" * 8 else "1" * 8
    files = {
        "dead": atomic.temporary_name("model.npz", pid=dead),  # a killed save: removed
        "live": atomic.temporary_name("model.npz", pid=os.getpid()),  # in progress: kept
        "far_old": atomic.temporary_name("model.npz", pid=dead, host=other_host),  # removed
        "far_new": atomic.temporary_name("model.npz", pid=dead, host=other_host),  # kept
        "other_target": atomic.temporary_name("other.npz", pid=dead),  # not ours: kept
        "old_style": ".tmp-abc123xy.npz",  # written by an earlier graphgrad: kept
        "lookalike": f".model.npz.graphgrad-tmp-{host}-{dead}-zzzzzzzz",  # not the pattern
        "user": "model.npz.bak",
    }
    for name in files.values():
        (tmp_path / name).write_bytes(b"partial")
    old = time.time() - day - 60
    os.utime(tmp_path / files["far_old"], (old, old))
    assert sorted(atomic.stale_temporaries(target)) == sorted(
        str(tmp_path / files[k]) for k in ("dead", "far_old")
    )
    nn.save({"w": np.ones(2)}, target)
    left = set(os.listdir(tmp_path))
    assert left == {"model.npz"} | {files[k] for k in files if k not in ("dead", "far_old")}


def test_stale_temporaries_of_a_symlinks_target(tmp_path):
    (tmp_path / "store").mkdir()
    real = tmp_path / "store" / "w.npz"
    link = tmp_path / "w.npz"
    link.symlink_to(real)
    stale = tmp_path / "store" / atomic.temporary_name("w.npz", pid=_dead_pid())
    stale.write_bytes(b"partial")
    nn.save({"w": np.ones(2)}, link)
    assert os.listdir(tmp_path / "store") == ["w.npz"]


def test_temporary_names_stay_short_and_match_their_pattern():
    name = "x" * 250 + ".npz"
    tmp = atomic.temporary_name(name)
    assert len(tmp) < 255 and atomic._pattern(name).fullmatch(tmp)
    assert atomic._pattern("a.npz").fullmatch(atomic.temporary_name("a.npz"))
    assert not atomic._pattern("a.npz").fullmatch(atomic.temporary_name("b.npz"))
