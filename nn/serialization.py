"""`save` and `load`: state dicts as `.npz` files, never pickle.

The archive holds exactly the state dict's entries, one `<name>.npy` per name, in the
state dict's order (`numpy.load(path).files` lists them in that order too), with their
dtypes and shapes. graphgrad's metadata is the zip archive comment, a short JSON object
`{"graphgrad": "state_dict", "version": 2}` that neither `nn.load` nor `numpy.load` shows
as an entry. Files written by graphgrad before version 2 (an extra `__graphgrad_order__`
entry holding the names) still load, without that entry.

`save` writes to a path atomically (nn/atomic.py: modes kept, symlinks followed,
temporaries cleaned up) or into an open binary file. `load` reads a path or an open binary
file, refuses pickled objects and, before inflating anything, archives whose arrays add up
to more than `max_bytes` (default `max_load_bytes`); a truncated, foreign or corrupt file is
a `ValueError` naming it (nn/npz_io.py).
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping

import numpy as np

from autograd.tensor_class import Tensor

from .module import Module
from .npz_io import describe, read_npz, write_npz

__all__ = ["load", "max_load_bytes", "save"]

max_load_bytes: int = 1 << 30
"""The default bound of `load` (1 GiB of uncompressed array data); set it to change it."""

_VERSION = 2
_COMMENT = json.dumps({"graphgrad": "state_dict", "version": _VERSION}).encode()
_ORDER = "__graphgrad_order__"  # version 1's entry holding the names in order
_CHECKPOINT = "__graphgrad_checkpoint__"  # the manifest entry of nn.save_checkpoint's files

_NOT_A_STATE_DICT = (
    "nn.save writes a state dict (a mapping of names to arrays or Tensors), never pickle; "
)


def _refuse(obj) -> None:
    """TypeError for things PyTorch users pass to torch.save, saying what to write instead."""
    if isinstance(obj, Module):
        raise TypeError(
            _NOT_A_STATE_DICT + f"got a {type(obj).__name__} module. Write "
            "nn.save(model.state_dict(), path) and load it with "
            "model.load_state_dict(nn.load(path))"
        )
    if hasattr(obj, "param_groups") and hasattr(obj, "state_dict"):
        raise TypeError(
            _NOT_A_STATE_DICT + f"got a {type(obj).__name__} optimizer. Write "
            "nn.save_checkpoint(path, model=model, optimizer=optimizer) and restore it with "
            "nn.load_checkpoint(path, model=model, optimizer=optimizer)"
        )
    if isinstance(obj, (Tensor, np.ndarray)):
        raise TypeError(
            _NOT_A_STATE_DICT + f"got a {type(obj).__name__}. Name it: "
            "nn.save({'x': x}, path), and read it back with nn.load(path)['x']"
        )
    if not isinstance(obj, Mapping):
        raise TypeError(
            _NOT_A_STATE_DICT + f"got {type(obj).__name__}. For nested values (lists, dicts, "
            "numbers) use nn.checkpoint.save_state(value, path)"
        )


def _array(key: str, value) -> np.ndarray:
    if isinstance(value, Tensor):
        return value._data
    what = None
    if isinstance(value, Module):
        what = f"a {type(value).__name__} module (save its state_dict() instead)"
    elif isinstance(value, (Mapping, list, tuple, set)) and not _numeric_sequence(value):
        what = (
            f"a {type(value).__name__}; nn.save writes flat name -> array mappings "
            "(for nested state use nn.save_checkpoint or nn.checkpoint.save_state)"
        )
    else:
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError):  # ragged lists and the like
            arr = None
        if arr is not None and not arr.dtype.hasobject:
            return arr
        what = f"a {type(value).__name__}; only numbers and arrays can be saved"
    raise TypeError(f"nn.save: entry {key!r} is {what} (anything else would need pickle)")


def _numeric_sequence(value) -> bool:
    if isinstance(value, (Mapping, set)):
        return False
    try:
        return not np.asarray(value).dtype.hasobject
    except (TypeError, ValueError):
        return False


def save(state_dict, f) -> None:
    """Write a mapping of names to arrays (or Tensors) to `f`, a path or an open binary file.

    As `torch.save(model.state_dict(), f)`, without pickle: `nn.save(model.state_dict(), f)`.
    Written to a path, the file is replaced atomically (a crash leaves the old or the new one).
    """
    _refuse(state_dict)
    arrays = OrderedDict()
    for k, v in state_dict.items():
        if not isinstance(k, str):
            raise TypeError(f"nn.save: keys must be strings, got {k!r}")
        if k == _ORDER or "\x00" in k:
            raise ValueError(f"nn.save: the key {k!r} is reserved or not a valid name")
        arrays[k] = _array(k, v)
    write_npz(f, arrays, "nn.save", _COMMENT)


def _metadata(comment: bytes) -> dict | None:
    """graphgrad's metadata from a zip comment (None for no comment or someone else's)."""
    try:
        meta = json.loads(comment.decode("utf-8")) if comment else None
    except (UnicodeDecodeError, ValueError, RecursionError):
        return None
    return meta if isinstance(meta, dict) and meta.get("graphgrad") == "state_dict" else None


def load(f, max_bytes: float | None = None) -> OrderedDict:
    """Read a state dict written by `save` (or any .npz of arrays): names -> numpy arrays.

    `f` is a path or an open binary file. `max_bytes` (default `max_load_bytes`, 1 GiB)
    bounds the uncompressed size of the arrays; it is checked before anything is inflated.
    Load into a model with `model.load_state_dict(nn.load(path))`.
    """
    limit = max_load_bytes if max_bytes is None else max_bytes
    data, comment = read_npz(f, "nn.load", "a saved state dict", limit)
    meta, name = _metadata(comment), describe(f)
    if meta is not None:
        version = meta.get("version")
        if not isinstance(version, int) or isinstance(version, bool) or version > _VERSION:
            raise ValueError(
                f"nn.load: {name!r} has state dict format version {version!r}; this graphgrad "
                f"reads versions up to {_VERSION} (upgrade graphgrad)"
            )
        return OrderedDict(data)
    if _CHECKPOINT in data:
        raise ValueError(
            f"nn.load: {name!r} is a checkpoint, not a state dict: read it with "
            "nn.load_checkpoint(path, model=..., optimizer=...)"
        )
    if _ORDER not in data:  # a plain .npz (numpy keeps the order of its entries)
        return OrderedDict(data)
    order = data.pop(_ORDER)  # written by graphgrad before version 2
    if order.ndim != 1 or order.dtype.kind != "U" or sorted(map(str, order)) != sorted(data):
        raise ValueError(f"nn.load: {name!r} is corrupt: its list of names does not match")
    return OrderedDict((str(k), data[str(k)]) for k in order)
