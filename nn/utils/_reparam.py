"""Recomputing a module attribute from others before every forward (pruning, norms).

PyTorch does this with forward pre-hooks; our Module has none, so the instance's
`forward` is replaced by a bound `_reparametrized_forward` that first sets each
registered attribute (e.g. `weight = weight_orig * weight_mask`) and then calls
the class's `forward`. The recipes live in the instance dict
`_reparametrizations` (name -> a callable of the module), applied in the order
they were registered. Both are ordinary attributes, so `copy.deepcopy` of a
module gives a copy whose forward uses the copy's own tensors.

Between an optimizer step and the next forward, the computed attribute is
stale (it was made from the old values), exactly as in PyTorch.
"""

from __future__ import annotations

import types

import numpy as np

from autograd import Tensor, no_grad

from ..module import Parameter

TABLE = "_reparametrizations"


def table(module) -> dict:
    """The module's reparametrizations (empty if none)."""
    return vars(module).get(TABLE, {})


def _reparametrized_forward(self, *args, **kwargs):
    for name, compute in vars(self)[TABLE].items():
        setattr(self, name, compute(self))
    return type(self).forward(self, *args, **kwargs)


def rename(module, old: str, new: str, value) -> None:
    """Replace attribute `old` by `new` = value at the same position (keeps parameter order)."""
    d = vars(module)
    items = [(new, value) if k == old else (k, v) for k, v in d.items()]
    d.clear()
    d.update(items)


def parameter(module, name: str, who: str) -> Parameter:
    """The Parameter `module.<name>`, or a clear error."""
    if name in table(module):
        raise ValueError(
            f"{who}: {type(module).__name__}.{name} is already reparametrized "
            f"({type(table(module)[name]).__name__}); remove that first"
        )
    p = vars(module).get(name)
    if not isinstance(p, Parameter):
        raise ValueError(
            f"{who}: {type(module).__name__} has no parameter {name!r} (found {type(p).__name__})"
        )
    return p


def register(module, name: str, compute, value=None) -> None:
    """Make `module.<name>` = compute(module), recomputed before every forward.

    The attribute is set at once to `value`, or (if None) to compute(module) without grad.
    """
    d = vars(module)
    if TABLE not in d:
        d[TABLE] = {}
        d["forward"] = types.MethodType(_reparametrized_forward, module)
    d[TABLE][name] = compute
    if value is None:
        with no_grad():
            value = compute(module)
    setattr(module, name, value)


def unregister(module, name: str) -> None:
    """Stop recomputing `module.<name>` and drop the computed attribute."""
    d = vars(module)
    del d[TABLE][name]
    d.pop(name, None)
    if not d[TABLE]:
        del d[TABLE]
        if isinstance(d.get("forward"), types.MethodType):
            del d["forward"]


def set_buffer(module, name: str, value: np.ndarray) -> None:
    module.register_buffer(name, value)


def del_buffer(module, name: str) -> None:
    names = vars(module).get("_buffer_names")
    if isinstance(names, list) and name in names:
        names.remove(name)
    vars(module).pop(name, None)


def array(value) -> np.ndarray:
    """The numpy array behind a buffer (an array or a Tensor)."""
    return value.numpy() if isinstance(value, Tensor) else np.asarray(value)
