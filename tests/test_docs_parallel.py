"""docs/parallel.md's script runs on this machine's cores and on a cluster started with the
page's own commands (`dask scheduler`, `dask worker`), and gives the same results there
(epochs and folds cut down to keep it quick). The page's other blocks run in
tests/test_doc_code_blocks.py."""

import os
import re
import signal
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from nn.training import Table

DOC = Path(__file__).resolve().parents[1] / "docs" / "parallel.md"


def python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)


def quick(code: str) -> str:
    return (
        code.replace("epochs=20", "epochs=1")
        .replace("cv=5", "cv=2")
        .replace("kfold(5)", "kfold(2)")
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(args: list[str], log: Path) -> subprocess.Popen:
    dask = Path(sys.executable).with_name("dask")
    return subprocess.Popen(
        [str(dask), *args], stdout=log.open("w"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def test_the_script_runs_here_and_on_a_cluster(tmp_path):
    distributed = pytest.importorskip("distributed")
    script = tmp_path / "search_digits.py"
    script.write_text(quick(python_blocks()[-1]))
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    here, there = tmp_path / "here", tmp_path / "cluster"
    here.mkdir()
    there.mkdir()
    subprocess.run([sys.executable, str(script)], cwd=here, check=True, env=env, timeout=300,
                   capture_output=True)  # fmt: skip
    address = f"tcp://127.0.0.1:{_free_port()}"
    port = address.rsplit(":", 1)[1]
    scheduler = _start(["scheduler", "--host", "127.0.0.1", "--port", port, "--no-dashboard"],
                       tmp_path / "scheduler.log")  # fmt: skip
    workers = None
    try:
        workers = _start(["worker", address, "--nworkers", "2", "--nthreads", "1",
                          "--no-dashboard"], tmp_path / "workers.log")  # fmt: skip
        with distributed.Client(address, timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        out = subprocess.run([sys.executable, str(script), address], cwd=there, env=env,
                             timeout=300, capture_output=True, text=True)  # fmt: skip
        assert out.returncode == 0, out.stderr[-3000:]
    finally:
        if workers is not None:
            _stop(workers)
        _stop(scheduler)
    assert "SearchResults: 8 candidates x 2 folds" in out.stdout
    for name in ("search_summary.csv", "search_folds.csv"):
        a, b = Table.from_csv(here / name), Table.from_csv(there / name)
        keep = [c for c in a.columns if "seconds" not in c]
        assert a.select(keep) == b.select(keep)
    assert (here / "best_model.npz").read_bytes() == (there / "best_model.npz").read_bytes()
