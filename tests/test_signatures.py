"""Every graphgrad name with a PyTorch counterpart takes PyTorch's parameters.

tools/pytorch_signatures.json holds PyTorch's parameter lists (recorded by
`/work/torchenv/bin/python -m tools.pytorch_signatures record`). For each name graphgrad
has (tools/pytorch_names.py's lookup), every parameter PyTorch takes by keyword is a
keyword graphgrad takes, PyTorch's positional parameters fit graphgrad's positional slots in
the same order (a slot may carry graphgrad's own name where PyTorch's name is also taken as
a keyword and graphgrad's is not one of PyTorch's), and a parameter PyTorch lets a caller
leave out has a default. The exceptions are listed below, each with its reason.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import typing
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("pytorch_names", ROOT / "tools" / "pytorch_names.py")
pytorch_names = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pytorch_names)

SIGS = json.loads((ROOT / "tools" / "pytorch_signatures.json").read_text())["signatures"]

_VAR = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)

# graphgrad's own name of a positional slot -> PyTorch's name of it (numpy's spellings, which
# graphgrad's methods take by position and keyword beside PyTorch's keyword names)
ALIASES = {
    "axis": "dim",
    "keepdims": "keepdim",
    "start_axis": "start_dim",
    "end_axis": "end_dim",
}

# (PyTorch name, parameter) -> why graphgrad does not take it as PyTorch does. A parameter
# of "*" excuses the whole name.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("torch.Tensor.uniform_", "from"): "a Python keyword: callers pass it by position (from_)",
    ("torch.Tensor.random_", "from"): "a Python keyword: callers pass it by position (from_)",
    ("torch.Tensor.random_", "to"): "random_(to) is told from random_(from, to) by count",
    ("torch.pow", "self"): "the keyword of PyTorch's overload for a number base: by position",
    ("torch.remainder", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.where", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.subtract", "alpha"): "by position only in PyTorch's overload for a number other",
    ("torch.result_type", "*"): "graphgrad's takes any number of tensors and numbers",
    ("torch.save", "_use_new_zipfile_serialization"): "private pickle flag, by keyword",
    ("torch.save", "_disable_byteorder_record"): "private pickle flag, by keyword",
}


def _graphgrad_objects():
    for section, rows in pytorch_names.rows().items():
        owner, prefix = pytorch_names._ours(section)
        for theirs, ours, _ in rows:
            key = theirs
            if ours is None or key not in SIGS:
                continue
            yield key, getattr(owner, ours.rpartition(".")[2])


def _signature(obj) -> list[inspect.Parameter] | None:
    if isinstance(obj, property):  # Tensor.size: a count that is also PyTorch's size(dim)
        obj = typing.get_type_hints(obj.fget)["return"].__call__
    target = obj.__init__ if isinstance(obj, type) else obj
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    if isinstance(obj, type) or (params and params[0].name == "self"):
        params = [p for p in params if p.name != "self"]
    return params


def problems(key: str, obj) -> list[str]:
    """What keeps a PyTorch call of `key` from working on graphgrad's `obj`."""
    ours = _signature(obj)
    if ours is None:
        return ["graphgrad's signature cannot be read"]
    by_name = {p.name: p for p in ours if p.kind is not p.POSITIONAL_ONLY and p.kind not in _VAR}
    any_kw = any(p.kind is p.VAR_KEYWORD for p in ours)
    positional = [p for p in ours if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    star = next((i for i, p in enumerate(ours) if p.kind is p.VAR_POSITIONAL), None)
    at_position: dict[int, set] = {}  # PyTorch's names at each position, over the overloads
    for overload in SIGS[key]:
        pos = [n for n, k, _ in overload if k in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
        for i, n in enumerate(pos):
            at_position.setdefault(i, set()).add(n)
    out = []
    for overload in SIGS[key]:
        names = {n for n, _, _ in overload}
        pos_i = 0
        for name, kind, has_default in overload:
            if (key, name) in EXCEPTIONS:
                pos_i += kind in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")
                continue
            if kind in ("POSITIONAL_OR_KEYWORD", "KEYWORD_ONLY") and name not in by_name:
                if not any_kw:
                    out.append(f"no keyword {name!r}")
            if kind in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL"):
                if star is not None and pos_i >= star:
                    pass  # graphgrad's *args takes it
                elif pos_i >= len(positional):
                    if kind != "VAR_POSITIONAL":
                        out.append(f"{name!r} cannot be passed by position ({pos_i})")
                else:
                    slot = positional[pos_i]
                    same = (
                        kind == "POSITIONAL_ONLY"
                        or slot.name == name
                        or (ALIASES.get(slot.name) == name and slot.name not in names)
                        # one slot for two overloads, told apart by type, as PyTorch's
                        # max(input, dim) and max(input, other)
                        or (slot.name in at_position.get(pos_i, ()) and (name in by_name or any_kw))
                    )
                    if not same and kind != "VAR_POSITIONAL":
                        out.append(f"position {pos_i} is {slot.name!r}, PyTorch's is {name!r}")
                    if has_default and slot.default is inspect.Parameter.empty:
                        out.append(
                            f"{slot.name!r} needs a value (PyTorch's {name!r} has a default)"
                        )
                pos_i += 1
            elif has_default and name in by_name:
                p = by_name[name]
                if p.default is inspect.Parameter.empty:
                    out.append(f"{name!r} needs a value (PyTorch's has a default)")
    return sorted(set(out))


ALL = dict(_graphgrad_objects())


@pytest.mark.parametrize("key", sorted(ALL))
def test_pytorch_parameters_are_taken(key):
    if (key, "*") in EXCEPTIONS:
        pytest.skip(EXCEPTIONS[key, "*"])
    assert problems(key, ALL[key]) == []


def test_every_exception_is_still_needed():
    for key, param in EXCEPTIONS:
        assert key in SIGS, key
        if param != "*":
            assert any(param == n for o in SIGS[key] for n, _, _ in o), (key, param)
