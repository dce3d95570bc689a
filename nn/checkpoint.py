"""Training checkpoints without pickle: model, optimizer state and extra values in one `.npz`.

`save_checkpoint(path, model=..., optimizer=..., extra=...)` flattens the nested
structure (the model's state dict, the optimizer's `state_dict()`, and any
dicts, lists, tuples, numbers, strings and arrays in `extra`) into numbered
arrays plus a JSON manifest that records the structure and the shape and dtype
of every array. The write is atomic (temporary file, fsync, rename), so a crash
leaves the previous checkpoint intact. `load_checkpoint` refuses pickled
objects (`allow_pickle=False`) and reports a truncated, foreign or tampered
file as a `ValueError` naming it.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import numpy as np

from autograd.tensor import Tensor

from .serialization import read_npz, write_npz_atomic

__all__ = ["load_checkpoint", "load_state", "save_checkpoint", "save_state"]

_MANIFEST = "__graphgrad_checkpoint__"
_FORMAT = "graphgrad-checkpoint"
_VERSION = 1


# ------------------------------------------------------------------ encoding
class _Encoder:
    """Turns a nested value into JSON-able structure, collecting arrays on the side."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self.specs: dict[str, list] = {}

    def array(self, value, where: str) -> dict:
        arr = np.asarray(value._data if isinstance(value, Tensor) else value)
        if arr.dtype.hasobject:
            raise TypeError(
                f"save_checkpoint: {where} is an object array; only numbers can be saved"
            )
        key = f"a{len(self.arrays)}"
        self.arrays[key] = arr
        self.specs[key] = [list(arr.shape), arr.dtype.str]
        return {"$array": key}

    def encode(self, value, where: str):
        if isinstance(value, np.generic):  # numpy scalars come back as numpy scalars
            return {"$scalar": self.array(value, where)["$array"]}
        if isinstance(value, (np.ndarray, Tensor)):
            return self.array(value, where)
        if value is None or isinstance(value, (bool, str)):
            return value
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            if math.isfinite(value):
                return value
            return {"$float": repr(value)}  # nan, inf, -inf: not valid JSON numbers
        if isinstance(value, dict):
            items = []
            for k, v in value.items():
                if not isinstance(k, (str, int)) or isinstance(k, bool):
                    raise TypeError(
                        f"save_checkpoint: {where} has a key {k!r} of type {type(k).__name__}; "
                        "only str and int keys can be saved"
                    )
                items.append([k, self.encode(v, f"{where}[{k!r}]")])
            return {"$dict": items}
        if isinstance(value, tuple):
            return {"$tuple": [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]}
        if isinstance(value, list):
            return [self.encode(v, f"{where}[{i}]") for i, v in enumerate(value)]
        raise TypeError(
            f"save_checkpoint: {where} is a {type(value).__name__}; only dicts, lists, tuples, "
            "numbers, strings, None and arrays can be saved (no pickle)"
        )


def _decode(node, arrays: dict, path: str, used: set):
    if isinstance(node, list):
        return [_decode(v, arrays, path, used) for v in node]
    if not isinstance(node, dict):
        return node
    if len(node) != 1:
        raise ValueError(f"load_checkpoint: {path!r} is corrupt: malformed manifest entry")
    ((tag, body),) = node.items()
    if tag in ("$array", "$scalar"):
        if body not in arrays:
            raise ValueError(f"load_checkpoint: {path!r} is corrupt: array {body!r} is missing")
        used.add(body)
        return arrays[body] if tag == "$array" else arrays[body][()]
    if tag == "$float":
        return float(body)
    if tag == "$tuple":
        return tuple(_decode(v, arrays, path, used) for v in body)
    if tag == "$dict":
        return {k: _decode(v, arrays, path, used) for k, v in body}
    raise ValueError(f"load_checkpoint: {path!r} is corrupt: unknown manifest tag {tag!r}")


# ------------------------------------------------------------------ files
def save_state(state: Any, path) -> None:
    """Write any nested structure of dicts, lists, tuples, numbers and arrays (atomically)."""
    path = os.fspath(path)
    enc = _Encoder()
    tree = enc.encode(state, "state")
    manifest = {"format": _FORMAT, "version": _VERSION, "tree": tree, "arrays": enc.specs}
    text = json.dumps(manifest, allow_nan=False)
    arrays = {_MANIFEST: np.frombuffer(text.encode("utf-8"), dtype=np.uint8)}
    arrays.update(enc.arrays)
    write_npz_atomic(path, arrays)


def load_state(path) -> Any:
    """Read a structure written by `save_state` (arrays come back as numpy arrays)."""
    path = os.fspath(path)
    arrays = read_npz(path, "load_checkpoint", "a checkpoint")
    raw = arrays.pop(_MANIFEST, None)
    if raw is None:
        raise ValueError(
            f"load_checkpoint: {path!r} is not a graphgrad checkpoint (no manifest; "
            "a model state dict saved by nn.save is read with nn.load)"
        )
    try:
        manifest = json.loads(bytes(np.asarray(raw, dtype=np.uint8)).decode("utf-8"))
        fmt, version = manifest["format"], manifest["version"]
        tree, specs = manifest["tree"], manifest["arrays"]
    except (ValueError, TypeError, KeyError) as e:
        raise ValueError(f"load_checkpoint: {path!r} is corrupt: unreadable manifest ({e})") from e
    if fmt != _FORMAT:
        raise ValueError(f"load_checkpoint: {path!r} is not a graphgrad checkpoint ({fmt!r})")
    if version != _VERSION:
        raise ValueError(f"load_checkpoint: {path!r} has format version {version}, expected 1")
    if set(specs) != set(arrays):
        extra, missing = sorted(set(arrays) - set(specs)), sorted(set(specs) - set(arrays))
        raise ValueError(
            f"load_checkpoint: {path!r} does not match its manifest "
            f"(missing arrays {missing}, unexpected arrays {extra})"
        )
    for k, (shape, dtype) in specs.items():
        a = arrays[k]
        if list(a.shape) != list(shape) or a.dtype.str != dtype:
            raise ValueError(
                f"load_checkpoint: {path!r} does not match its manifest: array {k!r} has shape "
                f"{tuple(a.shape)} and dtype {a.dtype}, the manifest says {tuple(shape)} {dtype}"
            )
    used: set = set()
    state = _decode(tree, arrays, path, used)
    if used != set(arrays):
        raise ValueError(f"load_checkpoint: {path!r} does not match its manifest (unused arrays)")
    return state


# ------------------------------------------------------------------ checkpoints
def save_checkpoint(path, model=None, optimizer=None, extra=None) -> None:
    """Save a model's state dict, an optimizer's state and extra values to `path` (atomic)."""
    state: dict[str, Any] = {}
    if model is not None:
        state["model"] = dict(model.state_dict())
    if optimizer is not None:
        state["optimizer"] = optimizer.state_dict()
    if extra is not None:
        state["extra"] = extra
    save_state(state, path)


def load_checkpoint(path, model=None, optimizer=None):
    """Restore what `save_checkpoint` wrote into `model` and `optimizer`; return `extra`.

    `model.load_state_dict` and `optimizer.load_state_dict` check that the saved
    state fits (a mismatch raises their RuntimeError / ValueError).
    """
    p = os.fspath(path)
    state = load_state(p)
    if not isinstance(state, dict):
        raise ValueError(
            f"load_checkpoint: {p!r} is not a checkpoint (its top level is not a dict)"
        )
    for name, target in (("model", model), ("optimizer", optimizer)):
        if target is not None and name not in state:
            raise ValueError(f"load_checkpoint: {p!r} holds no {name} state")
    if model is not None:
        model.load_state_dict(state["model"])
    if optimizer is not None:
        try:
            optimizer.load_state_dict(state["optimizer"])
        except (KeyError, TypeError) as e:
            raise ValueError(
                f"load_checkpoint: {p!r} holds an optimizer state that does not fit ({e!r})"
            ) from e
    return state.get("extra")
