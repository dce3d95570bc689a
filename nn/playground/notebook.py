"""`show()`: the playground inside a Jupyter notebook, as an inline frame.

The page is the same one `graphgrad-playground` serves, from a server started once per
kernel in a child process (so its training never shares graphgrad's process-wide state
with the notebook's own code). The browser must reach 127.0.0.1 on the kernel's machine:
local Jupyter works; a remote kernel needs the port forwarded.
"""

from __future__ import annotations

import atexit
import json
import socket
import subprocess
import sys
import time
import urllib.request

__all__ = ["show", "stop"]

_server: tuple[subprocess.Popen, str] | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(port: int | None) -> str:
    global _server
    if _server is not None and _server[0].poll() is None:
        return _server[1]
    port = port or _free_port()
    cmd = [sys.executable, "-m", "nn.playground.cli", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(300):  # up to about 15 s for the server to answer
        if proc.poll() is not None:
            raise RuntimeError(f"the playground server did not start: {proc.stderr.read()}")
        try:
            with urllib.request.urlopen(url + "api/status", timeout=2) as r:
                json.loads(r.read())
            break
        except OSError:
            time.sleep(0.05)
    else:
        proc.kill()
        raise RuntimeError(f"the playground server did not answer on {url}")
    _server = (proc, url)
    return url


def show(width: str | int = "100%", height: int = 1150, port: int | None = None):
    """The playground page in an inline frame (starts its server on first use)."""
    from IPython.display import IFrame

    return IFrame(_start(port), width=width, height=height)


def stop() -> None:
    """Stop the server `show()` started (it also stops when the kernel exits)."""
    global _server
    if _server is not None:
        proc, _ = _server
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        _server = None


atexit.register(stop)
