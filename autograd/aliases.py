"""The torch-style names that load on first use, and imports through them.

`autograd.nn` is the nn package, `autograd.optim` optim, `autograd.utils.data` nn.data,
`autograd.save`/`load` the torch-style saving functions; importing `autograd` loads none
of them (nn sits above autograd). An import finder lets the mechanical spelling of
PyTorch's imports work too: `import autograd.nn as nn`, `from autograd.utils.data import
DataLoader`, `from autograd.cuda.amp import GradScaler` find the same objects.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.util
import sys
import types

from . import saving
from .accelerators import accelerator, backends, cuda, mps
from .unsupported import distributed, jit, onnx

MISSING = object()
cuda.__path__ = []  # a package: autograd.cuda.amp is imported through the finder

# packages reached through autograd: autograd.<alias>[.sub] -> <target>[.sub]
_PACKAGES = {"nn": "nn", "optim": "optim", "utils.data": "nn.data"}
# namespaces that are objects, not files: importable as autograd.<name>
_OBJECTS = {
    "accelerator": accelerator,
    "backends": backends,
    "cuda": cuda,
    "cuda.amp": cuda.amp,
    "distributed": distributed,
    "jit": jit,
    "mps": mps,
    "onnx": onnx,
}


def _utils() -> types.ModuleType:
    m = sys.modules.get("autograd.utils")
    if m is None:
        import nn.data

        m = types.ModuleType("autograd.utils", "torch.utils: `data` is graphgrad's nn.data.")
        m.data = nn.data
        m.__path__ = []  # a package: autograd.utils.data is imported through the finder
        sys.modules["autograd.utils"] = m
    return m


def _version() -> types.ModuleType:
    m = types.ModuleType("autograd.version", "graphgrad's version (torch.version's fields).")
    m.__version__ = _version_string()
    m.cuda = None  # not built with CUDA (PyTorch's CPU builds say the same)
    m.hip = None
    return m


def _version_string() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("graphgrad")
    except PackageNotFoundError:
        return "0+unknown"


def lazy(name: str):
    """The value of autograd.<name> for the names loaded on first use, else MISSING."""
    if name in ("nn", "optim"):
        return importlib.import_module(name)
    if name == "utils":
        return _utils()
    if name == "testing":
        return importlib.import_module("autograd.testing")
    if name in ("save", "load"):
        return getattr(saving, name)
    if name == "version":
        return _version()
    if name == "__version__":
        return _version_string()
    return MISSING


def _target(rest: str):
    """The module object for autograd.<rest>, or None if it is not an alias."""
    if rest in _OBJECTS:
        return _OBJECTS[rest]
    if rest == "utils":
        return _utils()
    for alias, real in _PACKAGES.items():
        if rest == alias or rest.startswith(alias + "."):
            if alias == "utils.data":
                _utils()
            return importlib.import_module(real + rest[len(alias) :])
    return None


class _Finder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds autograd.nn, autograd.utils.data, autograd.cuda, ... as the objects above."""

    def __init__(self, package: str):
        self.prefix = package + "."

    def find_spec(self, fullname, path=None, target=None):
        if not fullname.startswith(self.prefix):
            return None
        rest = fullname[len(self.prefix) :]
        if rest.split(".")[0] not in ("nn", "optim", "utils", *_OBJECTS):
            return None
        return importlib.util.spec_from_loader(fullname, self)

    def create_module(self, spec):
        module = _target(spec.name[len(self.prefix) :])
        if module is None:
            raise ModuleNotFoundError(f"No module named {spec.name!r}", name=spec.name)
        self._spec = getattr(module, "__spec__", None)
        return module

    def exec_module(self, module) -> None:
        # the import system set __spec__ to the alias's: give a real module its own back
        real = getattr(self, "_spec", None)
        if real is not None:
            module.__spec__ = real


def install(package: str) -> None:
    """Put the finder on sys.meta_path (once)."""
    if not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.append(_Finder(package))
