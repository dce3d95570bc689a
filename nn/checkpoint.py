"""Training checkpoints without pickle: model, optimizer state, the random generator's state
and extra values in one `.npz`.

A checkpoint carries the default generator's state (`autograd.get_rng_state()`), and
`load_checkpoint` restores it, so the run continues with the same dropout masks and
shuffles as if it had never stopped (pass a DataLoader's `state_dict()` in `extra` to
resume in the middle of an epoch).

`save_checkpoint(path, model=..., optimizer=..., extra=...)` flattens the nested
structure (the model's state dict, the optimizer's `state_dict()`, and any
dicts, lists, tuples, numbers, strings and arrays in `extra`) into numbered
arrays plus a JSON manifest that records the structure and the shape and dtype
of every array. The write is atomic (temporary file, fsync, rename), so a crash
leaves the previous checkpoint intact. `load_checkpoint` refuses pickled
objects and archives larger than its bound (nn/npz_io.py), and reports any
truncated, foreign, tampered or malformed file (the manifest included) as a
`ValueError` naming it. Both take a path or an open binary file.
"""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from autograd.generator import get_rng_state, set_rng_state
from autograd.tensor_class import Tensor

from . import serialization
from .npz_io import describe, read_npz, write_npz

__all__ = ["load_checkpoint", "load_state", "save_checkpoint", "save_state"]

_MANIFEST = "__graphgrad_checkpoint__"
_FORMAT = "graphgrad-checkpoint"
_VERSION = 1
_MAX_DEPTH = 100  # nesting of saved values (and of the manifest read back)


# ------------------------------------------------------------------ encoding
class _Encoder:
    """Turns a nested value into JSON-able structure, collecting arrays on the side."""

    def __init__(self) -> None:
        self.arrays: dict[str, np.ndarray] = {}
        self.specs: dict[str, list] = {}

    def array(self, value, where: str) -> dict:
        arr = np.asarray(value._data if isinstance(value, Tensor) else value)
        tag = "$array" if isinstance(value, Tensor) else "$ndarray"  # a Tensor, or numpy's
        if arr.dtype.hasobject:
            raise TypeError(
                f"save_checkpoint: {where} is an object array; only numbers can be saved"
            )
        key = f"a{len(self.arrays)}"
        self.arrays[key] = arr
        self.specs[key] = [list(arr.shape), arr.dtype.str]
        return {tag: key}

    def encode(self, value, where: str, depth: int = 0):
        if depth > _MAX_DEPTH:
            raise ValueError(
                f"save_checkpoint: {where[:60]}... is nested deeper than {_MAX_DEPTH} levels"
            )
        depth += 1
        if isinstance(value, np.generic):  # numpy scalars come back as numpy scalars
            return {"$scalar": self.array(value, where)["$ndarray"]}
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
                items.append([k, self.encode(v, f"{where}[{k!r}]", depth)])
            return {"$dict": items}
        if isinstance(value, tuple):
            return {"$tuple": [self.encode(v, f"{where}[{i}]", depth) for i, v in enumerate(value)]}
        if isinstance(value, list):
            return [self.encode(v, f"{where}[{i}]", depth) for i, v in enumerate(value)]
        raise TypeError(
            f"save_checkpoint: {where} is a {type(value).__name__}; only dicts, lists, tuples, "
            "numbers, strings, None and arrays can be saved (no pickle)"
        )


def _decode(node, arrays: dict, path: str, used: set, depth: int = 0, wrap=None):
    """The value a manifest node describes; ValueError naming the file for a malformed node.
    `wrap` (if given) is applied to the arrays saved from Tensors ("$array"), not to those
    saved as numpy arrays ("$ndarray")."""

    def bad(what: str) -> ValueError:
        return ValueError(f"load_checkpoint: {path!r} is corrupt: {what} in the manifest")

    if depth > _MAX_DEPTH:
        raise bad(f"nesting deeper than {_MAX_DEPTH} levels")
    depth += 1
    if node is None or isinstance(node, (bool, int, float, str)):
        return node
    if isinstance(node, list):
        return [_decode(v, arrays, path, used, depth, wrap) for v in node]
    if not isinstance(node, dict) or len(node) != 1:
        raise bad("a malformed entry")
    ((tag, body),) = node.items()
    if tag in ("$array", "$ndarray", "$scalar"):
        if not isinstance(body, str) or body not in arrays:
            raise ValueError(f"load_checkpoint: {path!r} is corrupt: array {body!r} is missing")
        used.add(body)
        if tag == "$array":
            return arrays[body] if wrap is None else wrap(arrays[body])
        if tag == "$ndarray":
            return arrays[body]
        if arrays[body].ndim != 0:
            raise bad(f"a scalar {body!r} that is not 0-d")
        return arrays[body][()]
    if tag == "$float":
        if body not in ("nan", "inf", "-inf"):
            raise bad(f"a special float {body!r:.40}")
        return float(body)
    if tag == "$tuple" and isinstance(body, list):
        return tuple(_decode(v, arrays, path, used, depth, wrap) for v in body)
    if tag == "$dict" and isinstance(body, list):
        out = {}
        for item in body:
            if not (isinstance(item, list) and len(item) == 2):
                raise bad("a malformed dict item")
            k, v = item
            if isinstance(k, bool) or not isinstance(k, (str, int)):
                raise bad(f"a dict key {k!r:.40}")
            out[k] = _decode(v, arrays, path, used, depth, wrap)
        return out
    raise ValueError(f"load_checkpoint: {path!r} is corrupt: unknown manifest tag {tag!r:.40}")


def _manifest(raw: np.ndarray, path: str) -> tuple:
    """(tree, specs) of a manifest entry, each part checked; ValueError naming the file."""

    def unreadable(why) -> ValueError:
        return ValueError(f"load_checkpoint: {path!r} is corrupt: unreadable manifest ({why})")

    if raw.dtype != np.uint8 or raw.ndim != 1:
        raise unreadable(f"an array of {raw.dtype} and shape {raw.shape}, not bytes")
    try:
        manifest = json.loads(raw.tobytes().decode("utf-8"))
    except (ValueError, RecursionError) as e:  # bad UTF-8 or JSON, too deep, huge integers
        raise unreadable(str(e)[:200] or type(e).__name__) from None
    if not isinstance(manifest, dict) or not {"format", "version", "tree", "arrays"} <= set(
        manifest
    ):
        raise unreadable("not an object with format, version, tree and arrays")
    fmt, version = manifest["format"], manifest["version"]
    if fmt != _FORMAT:
        raise ValueError(f"load_checkpoint: {path!r} is not a graphgrad checkpoint ({fmt!r:.60})")
    if version != _VERSION or isinstance(version, bool):
        raise ValueError(
            f"load_checkpoint: {path!r} has format version {version!r:.60}, expected {_VERSION}"
        )
    specs = manifest["arrays"]
    if not isinstance(specs, dict):
        raise unreadable("its list of arrays is not an object")
    for k, spec in specs.items():
        ok = isinstance(spec, list) and len(spec) == 2 and isinstance(spec[1], str)
        shape = spec[0] if ok else None
        if not (
            isinstance(shape, list)
            and all(isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape)
        ):
            raise unreadable(f"the entry of array {k!r:.40} is not [shape, dtype]")
    return manifest["tree"], specs


# ------------------------------------------------------------------ files
def save_state(state: Any, path) -> None:
    """Write any nested structure of dicts, lists, tuples, numbers and arrays (atomically)."""
    enc = _Encoder()
    tree = enc.encode(state, "state")
    manifest = {"format": _FORMAT, "version": _VERSION, "tree": tree, "arrays": enc.specs}
    text = json.dumps(manifest, allow_nan=False)
    arrays = {_MANIFEST: np.frombuffer(text.encode("utf-8"), dtype=np.uint8)}
    arrays.update(enc.arrays)
    write_npz(path, arrays, "save_checkpoint")


def load_state(path, max_bytes: float | None = None, wrap=None) -> Any:
    """Read a structure written by `save_state` (arrays come back as numpy arrays).

    `max_bytes` bounds the arrays' total size, as in `nn.load` (default
    `nn.serialization.max_load_bytes`). `wrap`, if given, is applied to each array that
    was saved from a Tensor (`autograd.load` gives Tensors back and numpy arrays as such).
    """
    limit = serialization.max_load_bytes if max_bytes is None else max_bytes
    arrays, _ = read_npz(path, "load_checkpoint", "a checkpoint", limit)
    path = describe(path)
    raw = arrays.pop(_MANIFEST, None)
    if raw is None:
        raise ValueError(
            f"load_checkpoint: {path!r} is not a graphgrad checkpoint (no manifest; "
            "a model state dict saved by nn.save is read with nn.load)"
        )
    tree, specs = _manifest(raw, path)
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
    state = _decode(tree, arrays, path, used, wrap=wrap)
    if used != set(arrays):
        raise ValueError(f"load_checkpoint: {path!r} does not match its manifest (unused arrays)")
    return state


# ------------------------------------------------------------------ checkpoints
def save_checkpoint(path, model=None, optimizer=None, extra=None, rng: bool = True) -> None:
    """Save a model's state dict, an optimizer's state, the default generator's state
    (unless rng=False) and extra values to `path` (atomic)."""
    state: dict[str, Any] = {}
    if model is not None:
        state["model"] = dict(model.state_dict())
    if optimizer is not None:
        state["optimizer"] = optimizer.state_dict()
    if rng:
        state["rng_state"] = get_rng_state().numpy()
    if extra is not None:
        state["extra"] = extra
    save_state(state, path)


def load_checkpoint(
    path, model=None, optimizer=None, max_bytes: float | None = None, rng: bool = True
):
    """Restore what `save_checkpoint` wrote into `model` and `optimizer`, and the default
    generator's state (unless rng=False, or the file has none); return `extra`.

    `model.load_state_dict` and `optimizer.load_state_dict` check that the saved
    state fits (a model mismatch raises its RuntimeError; a malformed or
    mismatched state, a ValueError naming the file). `max_bytes` as in `load_state`.
    """
    state = load_state(path, max_bytes)
    p = describe(path)
    if not isinstance(state, dict):
        raise ValueError(
            f"load_checkpoint: {p!r} is not a checkpoint (its top level is not a dict)"
        )
    for name, target in (("model", model), ("optimizer", optimizer)):
        if target is not None and name not in state:
            raise ValueError(f"load_checkpoint: {p!r} holds no {name} state")
    if model is not None:
        saved = state["model"]
        if not isinstance(saved, dict) or not all(isinstance(k, str) for k in saved):
            raise ValueError(f"load_checkpoint: {p!r} holds a model state that is not a dict")
        try:
            model.load_state_dict(saved)
        except TypeError as e:  # a value that is not numeric
            raise ValueError(f"load_checkpoint: {p!r} holds a malformed model state ({e})") from e
    if optimizer is not None:
        try:
            optimizer.load_state_dict(state["optimizer"])
        except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError) as e:
            raise ValueError(
                f"load_checkpoint: {p!r} holds an optimizer state that does not fit ({e!r})"
            ) from e
    if rng and "rng_state" in state:
        try:
            set_rng_state(np.asarray(state["rng_state"], np.uint8))
        except (RuntimeError, TypeError, ValueError) as e:
            raise ValueError(f"load_checkpoint: {p!r} holds a corrupt generator state ({e})") from e
    return state.get("extra")
