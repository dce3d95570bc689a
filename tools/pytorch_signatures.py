"""PyTorch's parameter lists, recorded for tests/test_signatures.py.

    /work/torchenv/bin/python -m tools.pytorch_signatures record   # with torch

`record` runs once with a Python that has torch (never a graphgrad dependency) and writes
tools/pytorch_signatures.json: for every name of tools/pytorch_names.json that is called
(functions, methods, classes' constructors), its overloads, each a list of
[parameter name, kind, has a default] (the kinds are `inspect.Parameter`'s); and under
"methods", the public methods of the classes of METHOD_OWNERS (Module, Optimizer, ...);
and under "forwards", `forward` of every torch.nn Module class listed (`Linear.forward(input)`,
so that `layer(input=x)` works).

Where they come from: `inspect.signature` for PyTorch's Python functions and classes; for
its C functions and Tensor methods, the overloads PyTorch's argument parser lists when
given arguments it cannot match (its error message names every Python overload), else the
first line of the docstring, corrected by PyTorch itself: the required positional
parameters are the ones its "missing required positional arguments" error names (some
Tensor methods' docstrings say `mul(value)` where the parameter is `other`). Overloads for
named dimensions (Dimname) are left out, as graphgrad has no named tensors.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import sys
import typing
from pathlib import Path

HERE = Path(__file__).resolve().parent
NAMES_FILE = HERE / "pytorch_names.json"
SIGS_FILE = HERE / "pytorch_signatures.json"

PK, KO = "POSITIONAL_OR_KEYWORD", "KEYWORD_ONLY"

# Classes whose methods programs call with keywords (`model.state_dict(prefix=...)`,
# `optimizer.zero_grad(set_to_none=...)`): their public methods are recorded too.
METHOD_OWNERS = [
    "torch.nn.Module",
    "torch.optim.Optimizer",
    "torch.optim.lr_scheduler.LRScheduler",
    "torch.utils.data.DataLoader",
]

# C functions with no docstring (or a first line that names no parameters), written out
# from PyTorch's answers to calls (its errors name each parameter and its position).
MANUAL = {
    "torch.relu": [[["input", PK, False]]],
    "torch.log_softmax": [[["input", PK, False], ["dim", PK, False], ["dtype", PK, True]]],
    "torch.dropout": [[["input", PK, False], ["p", PK, False], ["train", PK, False]]],
    "torch.set_num_threads": [[["int", "POSITIONAL_ONLY", False]]],
    "torch.set_num_interop_threads": [[["int", "POSITIONAL_ONLY", False]]],
    "torch.Tensor.relu": [[]],
    "torch.Tensor.relu_": [[]],
    "torch.Tensor.detach": [[]],
    "torch.Tensor.detach_": [[]],
    "torch.Tensor.log_softmax": [[["dim", PK, False], ["dtype", PK, True]]],
}


def _listing(text: str) -> list[list] | None:
    """The overloads of an argument-parser error message, or None if it lists none."""
    if "expected one of:" in text:
        lines = [ln.strip()[2:] for ln in text.split("\n") if ln.strip().startswith("* (")]
    else:
        m = re.search(r"but expected (\(.*\))\s*$", text)
        if not m:
            return None
        lines = [m.group(1)]
    out = []
    for line in lines:
        inner = line.strip()[1:-1].strip()
        if re.search(r"\b(Dimname|names)\b", inner):
            continue  # a named-dimension overload
        params, kind = [], PK
        for tok in _split(inner):  # `int[] dim={-2,-1}`: commas inside braces stay
            if tok == "*":
                kind = KO
                continue
            head, _, default = tok.partition("=")
            name = head.split()[-1]
            params.append([name, kind, bool(default.strip())])
        out.append(params)
    return out


def _missing(text: str) -> list[str] | None:
    m = re.search(r"missing \d+ required positional arguments?: (.*)$", text)
    return re.findall(r"[\"'](\w+)[\"']", m.group(1)) if m else None


def _split(text: str) -> list[str]:
    """Split a parameter list at the commas outside brackets."""
    out, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "([{" and 1 or 0
        depth -= ch in ")]}" and 1 or 0
        if ch == "," and depth == 0:
            out.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return [t for t in [*out, cur.strip()] if t]


def _positional_limit(text: str) -> int | None:
    """The most positional arguments an error message says a function takes."""
    m = re.search(r"takes (?:from \d+ to )?(\d+|no) positional arguments?", text)
    if not m:
        m = re.search(r"takes (no) arguments", text)
    if not m:
        return None
    return 0 if m.group(1) == "no" else int(m.group(1))


def _docstring(obj, name: str) -> list | None:
    """The parameters of the docstring's first line (`f(a, b=1, *, out=None) -> T`)."""
    doc = (getattr(obj, "__doc__", None) or "").strip().replace("\\*", "*")
    m = re.match(r"^[\w.]*?\b" + re.escape(name) + r"\(", doc)
    if not m:
        return None
    depth, end = 1, m.end()
    while depth and end < len(doc):  # the parenthesis closing the parameter list
        depth += {"(": 1, ")": -1}.get(doc[end], 0)
        end += 1
    params, kind = [], PK
    for tok in _split(doc[m.end() : end - 1]):
        if tok == "*":
            kind = KO
            continue
        head, eq, _ = tok.partition("=")
        pname, _, annotation = head.partition(":")
        pname = pname.strip()
        if pname.startswith("*"):
            kw = pname.startswith("**")
            params.append([pname.lstrip("*"), "VAR_KEYWORD" if kw else "VAR_POSITIONAL", False])
            kind = KO
            continue
        if not re.match(r"^\w+$", pname):
            return None
        # the annotated docstrings leave out `= None` of their Optional keywords
        params.append([pname, kind, bool(eq) or "Optional[" in annotation or "None]" in annotation])
    return params


def _call(fn, *args, **kwargs) -> str | None:
    try:
        fn(*args, **kwargs)
    except Exception as e:  # noqa: BLE001 (any error message is what we read)
        return str(e)
    return None


def _builtin(obj, name: str, bound) -> tuple[list, str]:
    """The overloads of a C function (bound: the callable on a sample tensor for methods)."""
    junk = object()
    for args, kwargs in (((), {"_probe_": 1}), ((junk,), {}), ((junk,) * 6, {})):
        text = _call(bound, *args, **kwargs) or ""
        found = _listing(text)
        if found:
            return found, "parser"
    params = _docstring(obj, name)
    if params is None:
        return [], "none"
    most = _positional_limit(_call(bound, *(junk,) * 9) or "")
    if most is not None:  # docstrings leave out some `*`: PyTorch says how many it takes
        positional = [p for p in params if p[1] == PK]
        for p in positional[most:]:
            print(f"  {name}: {p[0]!r} is keyword-only")
            p[1] = KO
    needed = _missing(_call(bound) or "")
    if needed is not None:  # the names PyTorch reports missing are the true ones
        required = [p for p in params if p[1] == PK and not p[2]]
        if [p[0] for p in required] != needed and len(required) == len(needed):
            for p, n in zip(required, needed, strict=True):
                if p[0] == n:
                    continue
                print(f"  {name}: docstring says {p[0]!r}, PyTorch wants {n!r}")
                p[0] = n
    return [params], "doc"


def _params(sig: inspect.Signature, drop_self: bool) -> list:
    params = [
        [p.name, p.kind.name, p.default is not inspect.Parameter.empty]
        for p in sig.parameters.values()
    ]
    return [p for p in params if p[0] != "self"] if drop_self else params


def _python(obj, section: str, name: str) -> list | None:
    import torch.nn as tnn
    import torch.nn.functional as tF

    if section == "torch.nn.functional" and hasattr(tF, "_" + name):
        # max_pool2d and its kin dispatch on return_indices to a function whose signature
        # is the real one (the public name shows only *args, **kwargs)
        obj = getattr(tF, "_" + name)
    target = obj.__init__ if isinstance(obj, type) else obj
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return None
    drop_self = isinstance(obj, type) or section == "torch.Tensor"
    if isinstance(obj, type) and set(sig.parameters) <= {"self", "args", "kwargs"}:
        new = obj.__new__
        if new is not object.__new__ and inspect.isfunction(getattr(new, "__func__", new)):
            # no_grad, enable_grad: a bare decorator's function arrives in __new__
            params = _params(inspect.signature(new), True)
            return [[p for p in params if p[0] != "cls"]]
    if isinstance(obj, type) and issubclass(obj, tnn.Module) and target is tnn.Module.__init__:
        return [[]]  # a layer without arguments (Module's *args, **kwargs)
    overloads = typing.get_overloads(target) if inspect.isfunction(target) else []
    real = [o for o in overloads if "kwargs" not in inspect.signature(o).parameters]
    if real:  # RNN, LSTM, GRU: typed overloads over an (*args, **kwargs) definition
        return [_params(inspect.signature(o), drop_self) for o in real]
    return [_params(sig, drop_self)]


def _keywords_for_varargs(found: list, bound) -> None:
    """PyTorch's C functions take a `*size` as one keyword too (`zeros(size=(2, 3))`,
    `x.permute(dims=(1, 0))`): an overload `(*, size)` for each that does."""
    for overload in list(found):
        for name, kind, _ in overload:
            if kind == "VAR_POSITIONAL":
                text = _call(bound, **{name: object()}) or ""
                if f"argument '{name}'" in text:
                    found.append([[name, KO, False]])


def forwards(names: list[str]) -> dict:
    """`torch.nn.<Class>.forward` -> its overloads, for each listed Module class with one."""
    import torch.nn as tnn

    out = {}
    for name in names:
        cls = getattr(tnn, name)
        if not (isinstance(cls, type) and issubclass(cls, tnn.Module)):
            continue
        fn = cls.forward
        if fn is tnn.Module.forward:  # containers, Module itself: no forward of their own
            continue
        overloads = [_params(inspect.signature(o), True) for o in typing.get_overloads(fn)]
        plain = _params(inspect.signature(fn), True)
        out[f"torch.nn.{name}.forward"] = [o for o in overloads if o != plain] + [plain]
    return out


def record() -> None:
    """Record the parameter lists of the listed names and write SIGS_FILE."""
    import torch

    sections = json.loads(NAMES_FILE.read_text())["sections"]
    sample = torch.ones(2, 2)
    out, how = {}, {"python": 0, "parser": 0, "doc": 0, "none": 0}
    for section, names in sections.items():
        owner = torch.Tensor if section == "torch.Tensor" else importlib.import_module(section)
        for name in names:
            if "." in name:  # a class in a submodule (quasirandom.SobolEngine): not shared
                continue
            obj = getattr(owner, name)
            if inspect.ismodule(obj) or not callable(obj):
                continue
            found = MANUAL.get(f"{section}.{name}") or _python(obj, section, name)
            if found is not None:
                how["python"] += 1
            else:
                bound = getattr(sample, name) if section == "torch.Tensor" else obj
                found, src = _builtin(obj, name, bound)
                _keywords_for_varargs(found, bound)
                how[src] += 1
            if found:
                out[f"{section}.{name}"] = found
    methods = {}
    for owner_name in METHOD_OWNERS:
        module, _, cls_name = owner_name.rpartition(".")
        cls = getattr(importlib.import_module(module), cls_name)
        for name, fn in vars(cls).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            methods[f"{owner_name}.{name}"] = [_params(inspect.signature(fn), True)]
    data = {
        "pytorch": torch.__version__.split("+")[0],
        "signatures": out,
        "methods": methods,
        "forwards": forwards(sections["torch.nn"]),
    }
    SIGS_FILE.write_text(json.dumps(data, indent=0) + "\n")
    print(f"wrote {SIGS_FILE}: {len(out)} names {how}")


if __name__ == "__main__":
    if sys.argv[1:] != ["record"]:
        raise SystemExit("usage: /work/torchenv/bin/python -m tools.pytorch_signatures record")
    record()
