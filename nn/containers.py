"""The containers `Sequential`, `ModuleList`, `ModuleDict`, `ParameterList`, `ParameterDict`.

Their entries live in `_modules` (modules) or `_parameters` (parameters), whose keys are
the entries' names without a prefix (`0.weight`, `encoder.bias`); the API is PyTorch's:
indexing and slicing, `append/extend/insert/pop`, `keys/values/items/update`, `in`,
`len`, iteration in insertion order, and attribute access (`model.encoder`).
"""

from __future__ import annotations

import operator
from collections import OrderedDict
from collections.abc import Iterable, Iterator, Mapping
from itertools import chain
from typing import Any

import numpy as np

from autograd.tensor_class import Tensor

from .module import Module, Parameter, check_child_name


def _abs_index(i, n: int, who: str) -> int:
    """A list index in [0, n) (negative ones count from the end), or IndexError."""
    i = operator.index(i)
    if not -n <= i < n:
        raise IndexError(f"{who}: index {i} is out of range for {n} entries")
    return i % n


def _pairs(values, who: str) -> Iterator[tuple[Any, Any]]:
    """(key, value) pairs of a mapping or of an iterable of pairs, checked as PyTorch does."""
    if not isinstance(values, Iterable):
        raise TypeError(
            f"{who}.update should be called with an iterable of key/value pairs, "
            f"but got {type(values).__name__}"
        )
    if isinstance(values, (Mapping, ModuleDict, ParameterDict)):
        yield from values.items()
        return
    for j, pair in enumerate(values):
        if not isinstance(pair, Iterable):
            raise TypeError(
                f"{who} update sequence element #{j} should be Iterable; is {type(pair).__name__}"
            )
        pair = tuple(pair)
        if len(pair) != 2:
            raise ValueError(
                f"{who} update sequence element #{j} has length {len(pair)}; 2 is required"
            )
        yield pair


def _check_module(who: str, key, module, owner: Module | None = None) -> None:
    if not isinstance(module, Module):
        raise TypeError(f"{who}: {key!r} is {type(module).__name__}, not a Module")
    if owner is not None:
        check_child_name(owner, key)


def _repr_lines(items: list[tuple[str, str]]) -> str:
    """PyTorch's container repr, runs of equal entries folded into `(0-5): 6 x Layer(...)`."""
    blocks: list[list] = []  # [first index, last index, repr]
    for i, (_, text) in enumerate(items):
        if blocks and blocks[-1][2] == text:
            blocks[-1][1] = i
        else:
            blocks.append([i, i, text])
    lines = []
    for first, last, text in blocks:
        text = text.replace("\n", "\n  ")
        if first == last:
            lines.append(f"({items[first][0]}): {text}")
        else:
            lines.append(f"({first}-{last}): {last - first + 1} x {text}")
    return "\n  " + "\n  ".join(lines) + "\n"


def _describe(p) -> str:
    """`Parameter containing: [float32 of size 2x3]`, as PyTorch's parameter containers."""
    if isinstance(p, Tensor):
        kind = "Parameter" if isinstance(p, Parameter) else "Tensor"
        size = "x".join(str(n) for n in p.shape)
        return f"{kind} containing: [{p.dtype} of size {size}]"
    return f"Object of type: {type(p).__name__}"


class Sequential(Module):
    """Modules applied in order; `Sequential(a, b)` or `Sequential(OrderedDict(name=module))`."""

    def __init__(self, *modules):
        super().__init__()
        if len(modules) == 1 and isinstance(modules[0], OrderedDict):
            self._modules = OrderedDict(modules[0])
        else:
            self._modules = OrderedDict((str(i), m) for i, m in enumerate(modules))
        for name, m in self._modules.items():
            _check_module("Sequential", name, m, self)

    def forward(self, input):
        """Run the modules in order, each on the previous one's output."""
        for m in self._modules.values():
            input = m(input)
        return input

    def append(self, module: Module) -> Sequential:
        """Add a module at the end; returns the Sequential."""
        _check_module("Sequential", len(self._modules), module)
        self._modules[str(len(self._modules))] = module
        return self

    def extend(self, modules: Iterable[Module]) -> Sequential:
        """Add each module of an iterable at the end; returns the Sequential."""
        for m in modules:
            self.append(m)
        return self

    def insert(self, index: int, module: Module) -> Sequential:
        """Insert a module before position `index`; returns the Sequential."""
        _check_module("Sequential", index, module)
        n = len(self._modules)
        if not -n <= index <= n:
            raise IndexError(f"Sequential.insert: index {index} is out of range for {n} modules")
        mods = list(self._modules.values())
        mods.insert(index, module)
        self._modules = OrderedDict((str(i), m) for i, m in enumerate(mods))
        return self

    def pop(self, key: int) -> Module:
        """Remove the module at position `key` and return it."""
        v = self[key]
        del self[key]
        return v

    def __getitem__(self, i):
        items = list(self._modules.items())
        if isinstance(i, slice):
            return Sequential(OrderedDict(items[i]))
        return items[_abs_index(i, len(items), "Sequential")][1]

    def __setitem__(self, i: int, module: Module) -> None:
        _check_module("Sequential", i, module)
        key = list(self._modules)[_abs_index(i, len(self._modules), "Sequential")]
        self._modules[key] = module

    def __delitem__(self, i) -> None:
        keys = list(self._modules)
        doomed = keys[i] if isinstance(i, slice) else [keys[_abs_index(i, len(keys), "Sequential")]]
        for k in doomed:
            del self._modules[k]
        # as PyTorch: the remaining entries are renumbered, keeping their order
        self._modules = OrderedDict((str(j), m) for j, m in enumerate(self._modules.values()))

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(self._modules.values())


class ModuleList(Module):
    """A list of modules, registered as "0", "1", ..."""

    def __init__(self, modules: Iterable[Module] | None = None):
        super().__init__()
        self._modules = OrderedDict()
        if modules is not None:
            self.extend(modules)

    def _renumber(self, mods: list) -> None:
        self._modules = OrderedDict((str(i), m) for i, m in enumerate(mods))

    def append(self, module: Module) -> ModuleList:
        """Add a module at the end; returns the list."""
        _check_module("ModuleList", len(self._modules), module)
        self._modules[str(len(self._modules))] = module
        return self

    def extend(self, modules: Iterable[Module]) -> ModuleList:
        """Add each module of an iterable at the end; returns the list."""
        if not isinstance(modules, Iterable):
            raise TypeError(
                "ModuleList.extend should be called with an iterable, but got "
                + type(modules).__name__
            )
        for m in modules:
            self.append(m)
        return self

    def insert(self, index: int, module: Module) -> None:
        """Insert before index (list semantics: negative indices count from the end)."""
        _check_module("ModuleList", index, module)
        mods = list(self._modules.values())
        mods.insert(index, module)
        self._renumber(mods)

    def pop(self, key: int | slice):
        """Remove the module (or slice of modules) at `key` and return it."""
        v = self[key]
        del self[key]
        return v

    def __getitem__(self, i):
        mods = list(self._modules.values())
        if isinstance(i, slice):
            return type(self)(mods[i])
        return mods[_abs_index(i, len(mods), "ModuleList")]

    def __setitem__(self, i: int, module: Module) -> None:
        _check_module("ModuleList", i, module)
        self._modules[str(_abs_index(i, len(self._modules), "ModuleList"))] = module

    def __delitem__(self, i) -> None:
        mods = list(self._modules.values())
        if isinstance(i, slice):
            del mods[i]
        else:
            del mods[_abs_index(i, len(mods), "ModuleList")]
        self._renumber(mods)

    def __iadd__(self, modules: Iterable[Module]) -> ModuleList:
        return self.extend(modules)

    def __add__(self, other: Iterable[Module]) -> ModuleList:
        return ModuleList(chain(self, other))

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[Module]:
        return iter(list(self._modules.values()))

    def __repr__(self) -> str:
        if not self._modules:
            return f"{type(self).__name__}()"
        items = [(k, repr(m)) for k, m in self._modules.items()]
        return f"{type(self).__name__}({_repr_lines(items)})"


class ModuleDict(Module):
    """An ordered dict of modules, registered under their keys; `md.key` works too."""

    def __init__(self, modules=None):
        super().__init__()
        self._modules = OrderedDict()
        if modules is not None:
            self.update(modules)

    def update(self, modules) -> None:
        """Add the entries of a mapping (in its order) or of an iterable of (key, module)."""
        for k, m in _pairs(modules, "ModuleDict"):
            self[k] = m

    def __getitem__(self, key: str) -> Module:
        return self._modules[key]

    def __setitem__(self, key: str, module: Module) -> None:
        _check_module("ModuleDict", key, module, self)
        self._modules[str(key)] = module

    def __setattr__(self, name: str, value) -> None:
        # `md.head = nn.Linear(...)` adds an entry, as in PyTorch
        if isinstance(value, Module) and "_modules" in vars(self):
            vars(self).pop(name, None)
            self[name] = value
        else:
            super().__setattr__(name, value)

    def __delitem__(self, key: str) -> None:
        del self._modules[key]

    def __contains__(self, key) -> bool:
        return key in self._modules

    def __len__(self) -> int:
        return len(self._modules)

    def __iter__(self) -> Iterator[str]:
        return iter(self._modules)

    def clear(self) -> None:
        """Remove every module."""
        self._modules.clear()

    def pop(self, key: str) -> Module:
        """Remove the module named `key` and return it."""
        return self._modules.pop(key)

    def keys(self):
        """The names, in insertion order."""
        return self._modules.keys()

    def values(self):
        """The modules, in insertion order."""
        return self._modules.values()

    def items(self):
        """(name, module) pairs, in insertion order."""
        return self._modules.items()


def _as_parameter(value):
    """Tensors and arrays become Parameters (as PyTorch's containers do); others stay."""
    if isinstance(value, Parameter) or value is None:
        return value
    if isinstance(value, (Tensor, np.ndarray)):
        return Parameter(value.numpy() if isinstance(value, Tensor) else value)  # requires grad
    return value


class ParameterList(Module):
    """A list of parameters, registered as "0", "1", ...; Tensors appended become Parameters."""

    def __init__(self, values: Iterable | None = None):
        super().__init__()
        self._parameters = OrderedDict()
        if values is not None:
            self.extend(values)

    def append(self, value) -> ParameterList:
        """Add a parameter at the end; returns the list."""
        self._parameters[str(len(self._parameters))] = _as_parameter(value)
        return self

    def extend(self, values: Iterable) -> ParameterList:
        """Add each parameter of an iterable at the end; returns the list."""
        if not isinstance(values, Iterable) or isinstance(values, (Tensor, np.ndarray)):
            raise TypeError(
                "ParameterList.extend should be called with an iterable, but got "
                + type(values).__name__
            )
        for v in values:
            self.append(v)
        return self

    def __getitem__(self, i):
        values = list(self._parameters.values())
        if isinstance(i, slice):
            return type(self)(values[i])
        return values[_abs_index(i, len(values), "ParameterList")]

    def __setitem__(self, i: int, value) -> None:
        key = str(_abs_index(i, len(self._parameters), "ParameterList"))
        self._parameters[key] = _as_parameter(value)

    def __iadd__(self, values: Iterable) -> ParameterList:
        return self.extend(values)

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator:
        return iter(list(self._parameters.values()))

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterList should not be called.")

    def extra_repr(self) -> str:
        return "\n".join(f"  ({k}): {_describe(p)}" for k, p in self._parameters.items())


class ParameterDict(Module):
    """An ordered dict of parameters, registered under their keys; `pd.key` works too.

    As PyTorch: Tensors stored become Parameters, and `update` with a plain dict (not an
    OrderedDict or ParameterDict) adds its entries in sorted key order.
    """

    def __init__(self, parameters=None):
        super().__init__()
        self._parameters = OrderedDict()
        if parameters is not None:
            self.update(parameters)

    def update(self, parameters) -> None:
        """Add entries from a mapping or an iterable of (key, value) pairs."""
        pairs = _pairs(parameters, "ParameterDict")
        if isinstance(parameters, Mapping) and not isinstance(parameters, OrderedDict):
            pairs = sorted(pairs, key=lambda kv: kv[0])
        for k, v in pairs:
            self[k] = v

    def __getitem__(self, key: str):
        return self._parameters[key]

    def __setitem__(self, key: str, value) -> None:
        if not isinstance(key, str):
            raise TypeError(
                "Index given to ParameterDict cannot be used as a key as it is not a string "
                f"(type is '{type(key).__name__}')"
            )
        self._parameters[key] = _as_parameter(value)

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, Parameter) and "_parameters" in vars(self):
            vars(self).pop(name, None)
            self[name] = value
        else:
            super().__setattr__(name, value)

    def __delitem__(self, key: str) -> None:
        del self._parameters[key]

    def __contains__(self, key) -> bool:
        return key in self._parameters

    def __len__(self) -> int:
        return len(self._parameters)

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __reversed__(self) -> Iterator[str]:
        return reversed(self._parameters)

    def __call__(self, *args, **kwargs):
        raise RuntimeError("ParameterDict should not be called.")

    def keys(self):
        """The names, in insertion order."""
        return self._parameters.keys()

    def values(self):
        """The parameters, in insertion order."""
        return self._parameters.values()

    def items(self):
        """(name, parameter) pairs, in insertion order."""
        return self._parameters.items()

    def get(self, key: str, default=None):
        """The parameter named `key`, or `default`."""
        return self._parameters.get(key, default)

    def setdefault(self, key: str, default=None):
        """The parameter named `key`, set to `default` first if missing."""
        if key not in self._parameters:
            self[key] = default
        return self._parameters[key]

    def pop(self, key: str):
        """Remove the parameter named `key` and return it."""
        return self._parameters.pop(key)

    def popitem(self) -> tuple[str, Any]:
        """Remove the last (name, parameter) pair and return it."""
        return self._parameters.popitem()

    def clear(self) -> None:
        """Remove every parameter."""
        self._parameters.clear()

    def copy(self) -> ParameterDict:
        """A new ParameterDict holding the same Parameter objects."""
        return ParameterDict(OrderedDict(self._parameters))

    def fromkeys(self, keys: Iterable[str], default=None) -> ParameterDict:
        """A new ParameterDict with each of `keys` set to `default`."""
        return ParameterDict((k, default) for k in keys)

    def __or__(self, other: ParameterDict) -> ParameterDict:
        out = self.copy()
        out.update(other)
        return out

    def __ror__(self, other: ParameterDict) -> ParameterDict:
        out = other.copy()
        out.update(self)
        return out

    def __ior__(self, other: ParameterDict) -> ParameterDict:
        self.update(other)
        return self

    def extra_repr(self) -> str:
        return "\n".join(f"  ({k}): {_describe(p)}" for k, p in self._parameters.items())
