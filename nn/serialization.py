"""`save` and `load`: state dicts as `.npz` files, never pickle.

Writes are atomic: the archive goes to a temporary file in the same directory,
which is flushed, fsynced and then renamed over the target, so a crash leaves
either the old file or the new one. The key order is stored in the archive
and restored on load; dtypes are kept. Loading refuses object arrays and
reports a truncated or foreign file as a `ValueError` naming it.
"""

from __future__ import annotations

import os
import tempfile
from collections import OrderedDict

import numpy as np

from autograd.tensor import Tensor

_ORDER = "__graphgrad_order__"


def _array(key: str, value) -> np.ndarray:
    arr = value._data if isinstance(value, Tensor) else value
    arr = np.asarray(arr)
    if arr.dtype.hasobject:
        raise ValueError(
            f"nn.save: entry {key!r} is not a numeric array ({type(value).__name__}); "
            "only numbers and arrays can be saved (no pickle)"
        )
    return arr


def save(state_dict, path) -> None:
    """Write a mapping of names to arrays (or Tensors) to `path` as an .npz archive."""
    path = os.fspath(path)
    arrays = OrderedDict()
    for k, v in state_dict.items():
        if not isinstance(k, str):
            raise TypeError(f"nn.save: keys must be strings, got {k!r}")
        if k == _ORDER:
            raise ValueError(f"nn.save: the key {_ORDER!r} is reserved")
        arrays[k] = _array(k, v)
    order = np.array(list(arrays), dtype=str) if arrays else np.zeros(0, dtype="<U1")
    write_npz_atomic(path, {_ORDER: order, **arrays})


def write_npz_atomic(path: str, arrays: dict) -> None:
    """Write arrays to path as .npz: a temporary file, fsynced, then renamed over path.

    A crash at any point leaves either the old file or the new one, never a torn one.
    """
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **arrays)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual permissions
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable (not possible on every platform)
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def read_npz(path: str, who: str, what: str) -> dict:
    """All arrays of an .npz archive, refusing pickles; every failure a ValueError naming path.

    `who` prefixes the messages (the public function), `what` says what the file should be.
    """
    with open(path, "rb") as f:
        head = f.read(4)
    if head != b"PK\x03\x04":
        raise ValueError(f"{who}: {path!r} is not {what}: it is not an .npz (zip) archive")
    data = {}
    try:
        with np.load(path, allow_pickle=False) as npz:
            for k in npz.files:
                try:
                    data[k] = npz[k]
                except ValueError as e:
                    if "pickle" in str(e) or "Object arrays" in str(e):
                        raise ValueError(
                            f"{who}: {path!r} holds entry {k!r} as pickled objects, which "
                            "are refused (only numeric arrays can be loaded)"
                        ) from None
                    raise
    except ValueError as e:
        if str(e).startswith(who):
            raise
        raise ValueError(f"{who}: {path!r} is truncated or corrupt ({e})") from e
    except Exception as e:  # BadZipFile, EOFError, zlib errors, a bad CRC...
        raise ValueError(f"{who}: {path!r} is truncated or corrupt ({e})") from e
    return data


def load(path) -> OrderedDict:
    """Read an archive written by `save`: an OrderedDict of names to numpy arrays."""
    path = os.fspath(path)
    data = read_npz(path, "nn.load", "a saved state dict")
    names = list(data)
    order = [str(k) for k in data.pop(_ORDER)] if _ORDER in data else names
    missing = [k for k in order if k not in data]
    if missing:
        raise ValueError(f"nn.load: {path!r} is corrupt: entries {missing} are missing")
    return OrderedDict((k, data[k]) for k in order)
