"""Names loaded on first use: `import autograd, nn, optim` stays light, and every lazily
provided name is the object its defining module has (nn/lazy_names.py)."""

from __future__ import annotations

import importlib
import json
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

import nn
import nn.functional as F

ROOT = Path(__file__).resolve().parent.parent

# Loaded by none of `import autograd, nn, optim` (the standard library's heavier modules
# that only saving, the training loop, the data loaders, the kernels' threads, anomaly
# mode or the special functions' series need).
HEAVY_STDLIB = [
    "bz2",
    "concurrent.futures",
    "csv",
    "dataclasses",
    "decimal",
    "fractions",
    "gzip",
    "html",
    "json",
    "logging",
    "lzma",
    "shutil",
    "socket",
    "string",
    "traceback",
    "zipfile",
]

TABLES = {"nn": nn, "nn.functional": F}


def _lazy_submodules() -> set[str]:
    return {f"nn.{sub}" for module in TABLES.values() for sub in module._LAZY.values()}


def test_import_loads_none_of_the_lazy_modules():
    code = (
        "import json, sys\n"
        "import numpy\n"
        "before = set(sys.modules)\n"
        "import autograd, nn, optim\n"
        "print(json.dumps(sorted(set(sys.modules) - before)))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    loaded = set(json.loads(run.stdout))
    lazy = _lazy_submodules()
    assert len(lazy) > 20  # the tables are read: conv, rnn, data, training, ...
    wrong = sorted(m for m in loaded if any(m == s or m.startswith(s + ".") for s in lazy))
    assert not wrong, f"import autograd, nn, optim loads lazily provided modules: {wrong}"
    heavy = sorted(m for m in HEAVY_STDLIB if m in loaded)
    assert not heavy, f"import autograd, nn, optim loads {heavy}"
    assert "nn.functional" in loaded and "optim.sgd" in loaded  # what a training step uses


@pytest.mark.parametrize("where", sorted(TABLES))
def test_every_lazy_name_is_its_defining_modules_object(where):
    module = TABLES[where]
    for name, sub in module._LAZY.items():
        defining = importlib.import_module(f"nn.{sub}")
        expected = defining if module is nn and name == sub else getattr(defining, name)
        assert getattr(module, name) is expected, f"{where}.{name}"
        assert name in module.__all__, f"{where}.{name} not in __all__"
        assert name in dir(module), f"{where}.{name} not in dir()"
        if not isinstance(expected, type(nn)):
            assert expected.__module__ == f"nn.{sub}", f"{where}.{name}"  # pickling finds it


@pytest.mark.parametrize("where", sorted(TABLES))
def test_star_import_and_unknown_names(where):
    module = TABLES[where]
    namespace: dict = {}
    exec(f"from {where} import *", namespace)  # noqa: S102 - the star import under test
    assert set(module.__all__) <= set(namespace)
    with pytest.raises(AttributeError, match="no attribute 'NoSuchLayer'"):
        module.NoSuchLayer  # noqa: B018


def test_lazily_loaded_layer_pickles_and_submodules_import():
    layer = pickle.loads(pickle.dumps(nn.Conv2d(1, 2, 3)))
    assert type(layer) is nn.Conv2d and layer.weight.shape == (2, 1, 3, 3)
    data = importlib.import_module("nn.data")  # `import nn.data` finds the same module
    assert nn.data is data and nn.__dict__["data"] is data and data.DataLoader
    assert F.fold is importlib.import_module("nn.fold").fold  # the function, not nn.fold
