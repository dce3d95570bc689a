"""Replacing a file atomically: the write path under `nn.save` and the checkpoint functions.

`replace(path)` is a context manager giving a binary file to write; when the block ends
without an error, the file replaces the target in one step, so a crash at any moment
leaves either the old file or the new one (never a torn one):

- the data goes to a temporary file in the target's directory, flushed and fsynced, then
  renamed over the target (and the directory fsynced, where the platform allows);
- symlinks are followed: the file a link points to is replaced and the link stays (as
  `open(path, "wb")` and `torch.save` write through it);
- an existing target keeps its permission bits, and one the process may not write (mode
  0o444, another user's) is refused as `open(path, "wb")` would refuse it; a new file gets
  the usual mode (0o666 minus the umask, applied by the kernel: the umask is never read
  or changed);
- a target that exists but is not a regular file (a FIFO, `/dev/null`) is written in
  place, not replaced.

Temporaries are named `.<target name>.graphgrad-tmp-<host>-<pid>-<random>`. One is removed
when the write fails, when SIGINT or SIGTERM arrives during the write (the handler chains
to the one installed before and is removed after the write; main thread only, as Python
allows), and otherwise by the next write to the same target: it removes the temporaries of
that target whose process is gone (same host) or that have not been written for a day
(another host). Nothing else in the directory is touched.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import signal
import socket
import stat
import threading
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

__all__ = ["replace", "stale_temporaries", "temporary_name"]

_MARK = ".graphgrad-tmp-"
_NAME_KEEP = 150  # characters of the target's name kept in a temporary's name (NAME_MAX 255)
STALE_AFTER = 24 * 3600.0  # seconds without a write after which another host's temporary is stale
_SIGNALS = tuple(getattr(signal, s) for s in ("SIGINT", "SIGTERM") if hasattr(signal, s))

_pending: set[str] = set()  # temporaries being written (any thread)
_previous: dict[int, object] = {}  # signal -> the handler ours replaced (main thread only)
_depth = 0  # writes in progress in the main thread


def _host() -> str:
    return f"{zlib.crc32(socket.gethostname().encode('utf-8', 'replace')):08x}"


def temporary_name(target_name: str, pid: int | None = None, host: str | None = None) -> str:
    """The name of a new temporary for `target_name` (a file name, not a path)."""
    pid = os.getpid() if pid is None else pid
    host = _host() if host is None else host
    return f".{target_name[:_NAME_KEEP]}{_MARK}{host}-{pid}-{secrets.token_hex(4)}"


def _pattern(target_name: str) -> re.Pattern:
    head = re.escape(f".{target_name[:_NAME_KEEP]}{_MARK}")
    return re.compile(head + r"([0-9a-f]{8})-([0-9]{1,10})-[0-9a-f]{8}")


def _alive(pid: int) -> bool:
    if os.name != "posix" or pid <= 0:
        return True  # cannot tell safely (os.kill ends processes on Windows): keep it
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except (ProcessLookupError, OverflowError):  # no such process (or no such pid at all)
        return False
    except OSError:  # PermissionError: another user's live process
        return True
    return True


def stale_temporaries(path) -> list[str]:
    """Paths of the temporaries of `path`'s target left by processes that are gone."""
    directory, name = os.path.split(os.path.realpath(os.fsdecode(os.fspath(path))))
    pattern, host, now = _pattern(name), _host(), time.time()
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return []
    stale = []
    for entry in entries:
        m = pattern.fullmatch(entry.name)
        if m is None or entry.path in _pending:
            continue
        try:
            st = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(st.st_mode):
            continue
        if m.group(1) == host:
            gone = not _alive(int(m.group(2)))
        else:  # another machine sharing the directory: its pids mean nothing here
            gone = now - st.st_mtime > STALE_AFTER
        if gone:
            stale.append(entry.path)
    return stale


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


# ------------------------------------------------------------------ signals
def _on_signal(signum: int, frame) -> None:
    previous = _previous.get(signum, signal.SIG_DFL)
    if callable(previous):
        # The user's handler or Python's KeyboardInterrupt: if it raises, the exception
        # unwinds the write, which removes its temporary; if it returns, the write goes on.
        previous(signum, frame)
        return
    if previous == signal.SIG_IGN:
        return
    for tmp in list(_pending):  # the default action ends the process: clean up first
        _unlink(tmp)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


def _install() -> None:
    global _depth
    if threading.current_thread() is not threading.main_thread():
        return
    _depth += 1
    if _depth > 1:
        return
    for sig in _SIGNALS:
        previous = signal.getsignal(sig)
        if previous is None or previous == signal.SIG_IGN or previous is _on_signal:
            continue  # set outside Python (cannot be restored), or ignored anyway
        try:
            signal.signal(sig, _on_signal)
        except (ValueError, OSError):  # not the main interpreter
            continue
        _previous[sig] = previous


def _restore() -> None:
    global _depth
    if threading.current_thread() is not threading.main_thread():
        return
    _depth -= 1
    if _depth > 0:
        return
    for sig, previous in list(_previous.items()):
        if signal.getsignal(sig) is _on_signal:  # unless someone replaced ours meanwhile
            signal.signal(sig, previous)
        del _previous[sig]


# ------------------------------------------------------------------ the write
def _fsync_directory(directory: str) -> None:
    try:  # make the rename itself durable (not possible on every platform)
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def replace(path) -> Iterator[BinaryIO]:
    """A binary file to write; at the end of the block it atomically replaces `path`'s target."""
    target = os.path.realpath(os.fsdecode(os.fspath(path)))
    try:
        st = os.stat(target)
    except FileNotFoundError:
        st = None
    if st is not None and not stat.S_ISREG(st.st_mode):
        with open(target, "wb") as f:  # a device or FIFO: nothing to replace
            yield f
        return
    if st is not None and not os.access(target, os.W_OK):  # as open(path, "wb") would refuse
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(path))
    directory, name = os.path.split(target)
    for tmp in stale_temporaries(target):
        _unlink(tmp)
    tmp = os.path.join(directory, temporary_name(name))
    mode = stat.S_IMODE(st.st_mode) if st is not None else 0o666
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    _pending.add(tmp)
    _install()
    try:
        try:
            fd = os.open(tmp, flags | getattr(os, "O_BINARY", 0), mode & 0o777)
        except OSError as e:  # name the target, not the temporary
            raise type(e)(e.errno or errno.EIO, e.strerror, os.fspath(path)) from None
        try:
            with os.fdopen(fd, "wb") as f:
                if st is not None and hasattr(os, "fchmod"):
                    os.fchmod(f.fileno(), mode)  # the bits the umask took away
                yield f
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, target)
        except BaseException:
            _unlink(tmp)
            raise
    finally:
        _pending.discard(tmp)
        _restore()
    _fsync_directory(directory)
