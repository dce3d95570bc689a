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
import zipfile
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
    directory = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".npz", dir=directory)
    try:
        with os.fdopen(fd, "wb") as f:
            np.savez(f, **{_ORDER: order}, **arrays)
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


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load(path) -> OrderedDict:
    """Read an archive written by `save`: an OrderedDict of names to numpy arrays."""
    path = os.fspath(path)
    with open(path, "rb") as f:
        head = f.read(4)
    if head != b"PK\x03\x04":
        raise ValueError(
            f"nn.load: {path!r} is not a saved state dict: it is not an .npz (zip) archive"
        )
    try:
        with np.load(path, allow_pickle=False) as npz:
            names = list(npz.files)
            data = {}
            for k in names:
                try:
                    data[k] = npz[k]
                except ValueError as e:
                    if "pickle" in str(e) or "Object arrays" in str(e):
                        raise ValueError(
                            f"nn.load: {path!r} holds entry {k!r} as pickled objects, which "
                            "are refused (only numeric arrays can be loaded)"
                        ) from None
                    raise
    except ValueError as e:
        if str(e).startswith("nn.load"):
            raise
        raise ValueError(f"nn.load: {path!r} is truncated or corrupt ({e})") from e
    except (zipfile.BadZipFile, EOFError, OSError, KeyError) as e:
        raise ValueError(f"nn.load: {path!r} is truncated or corrupt ({e})") from e
    except Exception as e:  # zlib errors and the like
        raise ValueError(f"nn.load: {path!r} is truncated or corrupt ({e})") from e
    order = [str(k) for k in data.pop(_ORDER)] if _ORDER in data else names
    missing = [k for k in order if k not in data]
    if missing:
        raise ValueError(f"nn.load: {path!r} is corrupt: entries {missing} are missing")
    return OrderedDict((k, data[k]) for k in order)
