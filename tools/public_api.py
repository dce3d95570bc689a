"""The public names of graphgrad's packages, and which of them lack a docstring.

Used by the documentation site (tools/mkdocs_hooks.py generates the API reference from
it and fails a strict build on a missing docstring) and by tests/test_docstrings.py.
Only the standard library is needed: ``python tools/public_api.py`` prints the names
without a docstring.

Public names: a module's ``__all__`` (a module without one: the names it defines itself
that do not start with "_"); for a public class, every attribute that does not start with
"_" and is a function, property, class or static method defined in a class of graphgrad's
own packages (so methods inherited from a private base class count too). A method that
overrides a documented one inherits its docstring, as ``help()`` and ``inspect.getdoc``
show it. Data attributes (``Module.training``, ``autograd.testing.CHECKS``) are not
checked: a docstring cannot be attached to a value.
"""

from __future__ import annotations

import importlib
import inspect
import sys
from pathlib import Path
from types import ModuleType

# The API reference, one page per entry (title, modules shown on the page).
PAGES: list[tuple[str, str, list[str]]] = [
    ("autograd", "autograd: Tensor, ops, grad modes, gradcheck", ["autograd"]),
    ("autograd.Tensor", "autograd.Tensor", ["autograd.Tensor"]),
    ("autograd.functional", "autograd.functional: Jacobians and Hessians", ["autograd.functional"]),
    ("autograd.testing", "autograd.testing: checking your own ops", ["autograd.testing"]),
    ("nn", "nn: modules, layers, activations, losses", ["nn"]),
    ("nn.functional", "nn.functional", ["nn.functional"]),
    ("nn.init", "nn.init: initialisers", ["nn.init"]),
    ("nn.data", "nn.data: datasets, loaders, validation, augmentation", ["nn.data"]),
    ("nn.training", "nn.training: fit, callbacks, metrics", ["nn.training"]),
    ("nn.utils", "nn.utils: clipping, penalties, pruning", ["nn.utils", "nn.utils.prune"]),
    ("nn.attacks", "nn.attacks: adversarial examples", ["nn.attacks"]),
    ("optim", "optim: optimizers", ["optim"]),
    ("optim.lr_scheduler", "optim.lr_scheduler: learning-rate schedules", ["optim.lr_scheduler"]),
    ("autograd.linalg", "autograd.linalg: linear algebra", ["autograd.linalg"]),
    ("autograd.special", "autograd.special: special functions", ["autograd.special"]),
    (
        "autograd.distributions",
        "autograd.distributions: probability distributions",
        ["autograd.distributions", "autograd.distributions.constraints"],
    ),
]

# Every module whose public names must have docstrings.
MODULES = [m for _, _, mods in PAGES for m in mods if m != "autograd.Tensor"]

# Packages whose docstrings are still being written: reported, but not yet a failure
# (tests/test_docstrings.py marks them as expected to fail, so finishing one is noticed).
PENDING: set[str] = set()

_OURS = ("autograd", "nn", "optim")


def _ours(module_name: str | None) -> bool:
    return bool(module_name) and module_name.split(".")[0] in _OURS


def public_names(mod: ModuleType) -> list[str]:
    """The module's ``__all__``, or the public names it defines itself."""
    names = getattr(mod, "__all__", None)
    if names is not None:
        return list(names)
    return [
        n
        for n, v in vars(mod).items()
        if not n.startswith("_")
        and not inspect.ismodule(v)
        and getattr(v, "__module__", None) == mod.__name__
    ]


def _member_doc(cls: type, name: str) -> tuple[type, str | None] | None:
    """(defining class, docstring) of a public method or property; None for data."""
    for klass in cls.__mro__:
        if name in vars(klass):
            raw = vars(klass)[name]
            break
    else:
        return None
    if not _ours(getattr(klass, "__module__", None)):
        return None
    if isinstance(raw, property):
        doc = raw.__doc__
        if not doc:  # an overriding property inherits the docstring of the one it overrides
            for base in cls.__mro__[1:]:
                other = vars(base).get(name)
                if isinstance(other, property) and other.__doc__:
                    doc = other.__doc__
                    break
        return klass, doc
    if isinstance(raw, staticmethod | classmethod) or inspect.isfunction(raw):
        return klass, inspect.getdoc(getattr(cls, name))
    return None


def undocumented(modules: list[str] | None = None) -> list[str]:
    """Dotted names of public functions, classes, methods and properties without a docstring."""
    missing: list[str] = []
    seen: set[tuple[int, str]] = set()
    for mname in modules or MODULES:
        mod = importlib.import_module(mname)
        for name in public_names(mod):
            obj = getattr(mod, name)
            if inspect.ismodule(obj):
                continue
            if inspect.isclass(obj) or callable(obj):
                if not (obj.__doc__ if inspect.isclass(obj) else inspect.getdoc(obj)):
                    missing.append(f"{mname}.{name}")
            if not inspect.isclass(obj) or not _ours(obj.__module__):
                continue
            for member in dir(obj):
                if member.startswith("_"):
                    continue
                found = _member_doc(obj, member)
                if found is None:
                    continue
                klass, doc = found
                key = (id(klass), member)
                if key in seen:
                    continue
                seen.add(key)
                if not doc:
                    owner = f"{mname}.{name}"
                    if klass is not obj:
                        owner = f"{klass.__module__}.{klass.__qualname__}"
                    missing.append(f"{owner}.{member}")
    return missing


def split_pending(names: list[str]) -> tuple[list[str], list[str]]:
    """(names in finished packages, names in PENDING packages)."""
    pending = [n for n in names if n.split(".")[0] in PENDING]
    return [n for n in names if n.split(".")[0] not in PENDING], pending


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    names = undocumented(sys.argv[1:] or None)
    print("\n".join(names))
    print(f"{len(names)} public names without a docstring", file=sys.stderr)
    sys.exit(1 if names else 0)
