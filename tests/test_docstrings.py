"""Every public name has a docstring, and the examples in docstrings run and print what they say.

The public names are those the API reference shows (tools/public_api.py: each module's
``__all__`` and the methods and properties of its classes).
"""

import doctest
import importlib
import importlib.util
import inspect
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import optim

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("public_api", ROOT / "tools" / "public_api.py")
public_api = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(public_api)

PACKAGES = sorted({m.split(".")[0] for m in public_api.MODULES})


def _params():
    for pkg in PACKAGES:
        marks = []
        if pkg in public_api.PENDING:
            # Not finished yet: expected to fail, and strict, so that the run which completes
            # the package's docstrings fails here until it leaves PENDING.
            marks = [pytest.mark.xfail(strict=True, reason=f"{pkg}'s docstrings are pending")]
        yield pytest.param(pkg, marks=marks, id=pkg)


@pytest.mark.parametrize("package", list(_params()))
def test_every_public_name_has_a_docstring(package):
    # Names are reported where they are defined: Tensor's methods (inherited by
    # nn.Parameter) belong to autograd.
    missing = [n for n in public_api.undocumented() if n.split(".")[0] == package]
    assert not missing, f"{len(missing)} public names without a docstring:\n" + "\n".join(missing)


def test_the_checker_finds_a_missing_docstring(monkeypatch):
    def undocumented_function():
        pass

    monkeypatch.setattr(nn, "__all__", [*nn.__all__, "undocumented_function"])
    monkeypatch.setattr(nn, "undocumented_function", undocumented_function, raising=False)
    missing = public_api.undocumented(["nn"])
    assert "nn.undocumented_function" in missing
    assert not [n for n in missing if n.startswith("nn.") and n != "nn.undocumented_function"]


def _examples():
    finder = doctest.DocTestFinder(exclude_empty=True)
    seen = set()
    for mname in public_api.MODULES:
        if mname.split(".")[0] in public_api.PENDING:
            continue
        mod = importlib.import_module(mname)
        for name in public_api.public_names(mod):
            obj = getattr(mod, name)
            if inspect.ismodule(obj) or id(obj) in seen:
                continue
            seen.add(id(obj))
            for test in finder.find(obj, f"{mname}.{name}"):
                if test.examples:
                    yield pytest.param(test, id=test.name)


@pytest.mark.parametrize("test", list(_examples()))
def test_docstring_example(test):
    test.globs = {"autograd": autograd, "nn": nn, "optim": optim, "np": np}
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    out: list[str] = []
    runner.run(test, out=out.append)
    assert runner.failures == 0, "".join(out)
