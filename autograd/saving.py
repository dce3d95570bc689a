"""`save` and `load` with `torch.save`'s and `torch.load`'s signatures, never pickle.

A state dict (names -> Tensors or arrays) is written as `nn.save` writes it (an `.npz` that
`nn.load` and `numpy.load` read); any other structure of dicts, lists, tuples, numbers,
strings, None and tensors (a training checkpoint such as `{"epoch": 3, "model_state_dict":
model.state_dict(), "optimizer_state_dict": opt.state_dict()}`) as
`nn.checkpoint.save_state` writes it. `load` reads either and gives tensors back where
PyTorch would. A whole model or optimizer is refused: graphgrad never pickles (write its
`state_dict()`), and a PyTorch `.pt` file (a pickle) is refused with the way to convert it.
nn is imported on first use: `import autograd` does not load it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import devices
from .tensor_class import Tensor

__all__ = ["load", "save"]

_NEVER = "graphgrad never pickles"


def _refuse(obj) -> None:
    if hasattr(obj, "state_dict") and hasattr(obj, "parameters") and hasattr(obj, "forward"):
        raise TypeError(
            f"autograd.save: {_NEVER}, so a whole {type(obj).__name__} module cannot be saved. "
            "Save its weights: autograd.save(model.state_dict(), f), and load them with "
            "model.load_state_dict(autograd.load(f))"
        )
    if hasattr(obj, "param_groups") and hasattr(obj, "state_dict"):
        raise TypeError(
            f"autograd.save: {_NEVER}, so a whole {type(obj).__name__} optimizer cannot be "
            "saved. Save its state: autograd.save(optimizer.state_dict(), f), and load it "
            "with optimizer.load_state_dict(autograd.load(f))"
        )


def _is_state_dict(obj) -> bool:
    return (
        isinstance(obj, Mapping)
        and len(obj) > 0
        and all(isinstance(k, str) for k in obj)
        and all(isinstance(v, (Tensor, np.ndarray)) for v in obj.values())
    )


def save(obj, f, pickle_module=None, pickle_protocol=None,
         _use_new_zipfile_serialization: bool = True,
         _disable_byteorder_record: bool = False) -> None:  # fmt: skip
    """Write a state dict, or a structure of dicts, lists, numbers, strings and tensors (a
    checkpoint), to `f` (a path or an open binary file) without pickle. (PyTorch's private
    flags of its pickle format are accepted and change nothing.)"""
    from nn import checkpoint, serialization

    if pickle_module is not None or pickle_protocol is not None:
        raise TypeError(f"autograd.save: {_NEVER}; leave out pickle_module and pickle_protocol")
    _refuse(obj)
    if _is_state_dict(obj):
        serialization.save(obj, f)
    else:
        try:
            checkpoint.save_state(obj, f)
        except TypeError as e:
            raise TypeError(
                str(e).replace("save_checkpoint:", "autograd.save:") + f" ({_NEVER})"
            ) from None


def _check_map_location(map_location) -> None:
    if map_location is None or callable(map_location):
        return  # a function maps storages between devices; here there is only the CPU
    if isinstance(map_location, Mapping):
        for v in map_location.values():
            devices.check(v, "load(map_location=...)")
        return
    devices.check(map_location, "load(map_location=...)")


def _pytorch_file(f) -> bool:
    """Whether f is a file PyTorch's torch.save wrote (a zip holding a pickle, or a pickle)."""
    import zipfile

    pos = f.tell() if hasattr(f, "read") else None
    try:
        src = f if pos is not None else open(f, "rb")  # noqa: SIM115
        try:
            head = src.read(2)
            if head[:1] == b"\x80":  # a bare pickle (PyTorch's legacy format)
                return True
            src.seek(0 if pos is None else pos)
            if not zipfile.is_zipfile(src):
                return False
            src.seek(0 if pos is None else pos)
            with zipfile.ZipFile(src) as z:
                return any(n.endswith("data.pkl") for n in z.namelist())
        finally:
            if pos is None:
                src.close()
    except OSError:
        return False
    finally:
        if pos is not None:
            f.seek(pos)


def _tensors(x):
    """x with numpy arrays as Tensors (in dicts, lists and tuples), as torch.load gives."""
    if isinstance(x, np.ndarray):
        return Tensor(x)
    if isinstance(x, dict):
        return type(x)((k, _tensors(v)) for k, v in x.items())
    if isinstance(x, list):
        return [_tensors(v) for v in x]
    if isinstance(x, tuple):
        return tuple(_tensors(v) for v in x)
    return x


def load(f, map_location=None, pickle_module=None, *, weights_only=None, mmap=None,
         **kwargs):  # fmt: skip
    """Read what `save` wrote (or `nn.save`, `nn.checkpoint.save_state`): Tensors as
    Tensors, and numpy arrays saved in a structure as numpy arrays (as PyTorch's pickle
    gives them). `map_location` may name only the CPU; `weights_only` changes nothing (the
    files hold no code either way)."""
    from nn import checkpoint, serialization

    _check_map_location(map_location)
    if pickle_module is not None:
        raise TypeError(f"autograd.load: {_NEVER}; leave out pickle_module")
    if _pytorch_file(f):
        raise ValueError(
            f"autograd.load: {f if isinstance(f, str) else 'the file'!r} was written by "
            f"PyTorch's torch.save (a pickle); {_NEVER}. Convert it in PyTorch: "
            "numpy.savez('weights.npz', **{k: v.numpy() for k, v in torch.load(f).items()}) "
            "for a state dict, then autograd.load('weights.npz')"
        )
    pos = f.tell() if hasattr(f, "read") else None
    try:
        return _tensors(serialization.load(f))
    except ValueError as e:
        if "is a checkpoint" not in str(e):
            raise
    if pos is not None:
        f.seek(pos)
    return checkpoint.load_state(f, wrap=Tensor)  # numpy arrays saved as such stay arrays
