"""`Parameter` and `Module` (the containers are in containers.py).

A Module finds its parameters and submodules by walking its attributes in
insertion order: a `Parameter` or `Module` attribute, or one inside a list,
tuple or dict attribute (at any depth), is registered under its dotted name
(`fc1.weight`, `layers.0.bias`, `heads.cls.weight`). Containers keep their
entries in the attributes `_modules` and `_parameters`, whose keys are used without
a prefix (`0.weight`) and are also reachable as attributes (`seq.fc1`). Buffers
(running statistics) are named with `register_buffer`.

Order follows PyTorch: a module's own parameters (then its buffers in a
state_dict) come before those of its submodules, which follow in pre-order.
A parameter or module reached twice (shared weights) is yielded once.
"""

from __future__ import annotations

import warnings
from collections import OrderedDict, namedtuple
from collections.abc import Callable, Iterator

import numpy as np

from autograd import devices as _devices
from autograd import dtypes as _dtypes
from autograd import printing, versions
from autograd.grad_mode import enter_scope, exit_scope
from autograd.tensor_class import Tensor

from .buffer import Buffer

_ENTRIES = ("_modules", "_parameters")  # containers' entries: named without a prefix

IncompatibleKeys = namedtuple("IncompatibleKeys", ["missing_keys", "unexpected_keys"])


def factory_dtype(device, dtype, who: str) -> np.dtype:
    """The dtype of a layer's new parameters (PyTorch's `factory_kwargs`): `dtype`, else the
    default dtype; `device` must be the CPU (None, "cpu", `autograd.device("cpu")`)."""
    _devices.check(device, who)
    return _dtypes.get_default_dtype() if dtype is None else _dtypes.to_dtype(dtype, who)


class Parameter(Tensor):
    """A Tensor that requires grad and that a Module registers as a parameter."""

    __slots__ = ()

    def __init__(self, data=None, requires_grad: bool = True):
        if data is None:
            data = np.empty(0, dtype=_dtypes.get_default_dtype())
        super().__init__(data, requires_grad=requires_grad)

    def __repr__(self) -> str:
        if printing.active:  # after set_printoptions: PyTorch's text for the values
            body = printing.values_text(self.numpy(), len("Parameter("))
        else:
            body = np.array2string(self.numpy(), separator=", ", prefix="Parameter(")
        extra = ""
        if self.dtype != _dtypes.get_default_dtype():
            extra += f", dtype={self.dtype}"
        if not self.requires_grad:
            extra += ", requires_grad=False"
        return f"Parameter({body}{extra})"


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix and name else prefix or name


def _walk(prefix: str, value) -> Iterator[tuple[str, object]]:
    """(dotted name, object) for every Parameter and Module inside a value (lists, dicts...)."""
    if isinstance(value, (Parameter, Module)):
        yield prefix, value
    elif isinstance(value, (list, tuple)):
        for i, v in enumerate(value):
            if isinstance(v, (Parameter, Module, list, tuple, dict)):
                yield from _walk(_join(prefix, str(i)), v)
    elif isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (Parameter, Module, list, tuple, dict)):
                yield from _walk(_join(prefix, str(k)), v)


def _contents(value, found: list) -> None:
    """Append every Parameter and Module inside a value to found, in `_walk`'s order."""
    if isinstance(value, (Parameter, Module)):
        found.append(value)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _contents(v, found)
    elif isinstance(value, dict):
        for v in value.values():
            _contents(v, found)


def check_child_name(owner: Module, name) -> None:
    """PyTorch's rules for a submodule's name: a non-empty string without a dot that does
    not hide an attribute (`training`, `forward`, a non-module value)."""
    if not isinstance(name, str):
        raise TypeError(f"module name should be a string. Got {type(name).__name__}")
    if "." in name:
        raise KeyError(f'module name can\'t contain ".", got: {name}')
    if name == "":
        raise KeyError('module name can\'t be empty string ""')
    current = owner.__dict__.get(name)
    if hasattr(type(owner), name) or (current is not None and not isinstance(current, Module)):
        raise KeyError(f"attribute '{name}' already exists")


class Module:
    """Base class of layers and models: subclass it and write `forward`."""

    training: bool = True
    _buffer_names: tuple | list = ()

    def __init__(self):
        self.training = True

    def forward(self, *args, **kwargs):
        """The computation of the module: override it (call the module, `model(x)`, to run it)."""
        raise NotImplementedError(f"{type(self).__name__} has no forward()")

    def __call__(self, *args, **kwargs):
        outer = enter_scope(self)  # ops record the modules they ran in (for drawing)
        try:
            return self.forward(*args, **kwargs)
        finally:
            exit_scope(outer)

    def __setattr__(self, name: str, value) -> None:
        table = self.__dict__.get("_modules")
        if table is not None and (isinstance(value, Module) or name in table):
            # a container's entry, as PyTorch: `seq.head = m` (or add_module) joins the chain
            if value is None or isinstance(value, Module):
                self.__dict__.pop(name, None)
                table[name] = value
                return
            if not isinstance(value, Parameter) or isinstance(value, Buffer):
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as child module '{name}' "
                    "(nn.Module or None expected)"
                )
            del table[name]  # as PyTorch: a parameter takes the child's place
        if isinstance(value, Buffer):  # PyTorch 2's nn.Buffer: registered on assignment
            current = self.__dict__.get(name)
            if isinstance(current, (Parameter, Module)):
                kind = "parameter" if isinstance(current, Parameter) else "child module"
                raise TypeError(
                    f"cannot assign 'nn.Buffer' as {kind} '{name}' (delete it first: "
                    f"`del module.{name}`)"
                )
            self._note_buffer(name, value.persistent)
            # Buffer only marks the tensor, as PyTorch's: the module keeps a plain Tensor
            # with the same values (shared memory) and requires_grad
            value = Tensor(value._data, requires_grad=value.requires_grad)
        elif name in self.__dict__.get("_buffer_names", ()):
            if isinstance(value, (Parameter, Module)):  # as PyTorch: no longer a buffer
                self._buffer_names.remove(name)
                self.__dict__.get("_non_persistent", set()).discard(name)
            elif value is not None and not isinstance(value, (Tensor, np.ndarray, np.generic)):
                raise TypeError(
                    f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                    "(nn.Buffer, Tensor or None expected)"
                )
        object.__setattr__(self, name, value)

    def __delattr__(self, name: str) -> None:
        table = self.__dict__.get("_modules")
        if table is not None and name in table and name not in self.__dict__:
            del table[name]
        else:
            object.__delattr__(self, name)

    def __getattr__(self, name: str):
        # only reached when normal lookup fails: a container's entry by name (`seq.fc1`)
        d = self.__dict__
        for entries in _ENTRIES:
            table = d.get(entries)
            if table is not None and name in table:
                return table[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    # ------------------------------------------------------------ registration
    def register_parameter(self, name: str, param: Parameter | None) -> None:
        """Set attribute `name` to a Parameter (registered) or None (a slot with no value)."""
        if param is not None and not isinstance(param, Parameter):
            raise TypeError(
                f"cannot assign '{type(param).__name__}' object to parameter '{name}' "
                "(nn.Parameter or None required)"
            )
        setattr(self, name, param)

    def add_module(self, name: str, module: Module | None) -> None:
        """Set attribute `name` to a submodule (or None)."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        check_child_name(self, name)
        setattr(self, name, module)

    register_module = add_module

    def get_submodule(self, target: str) -> Module:
        """The submodule at a dotted path ("" is self), or AttributeError naming the step."""
        mod = self
        for item in target.split(".") if target else ():
            sub = getattr(mod, item, None)
            if not isinstance(sub, Module):
                raise AttributeError(f"{type(mod).__name__} has no submodule `{item}`")
            mod = sub
        return mod

    def get_parameter(self, target: str) -> Parameter:
        """The parameter at a dotted path, such as "encoder.layers.0.linear1.weight"."""
        path, _, name = target.rpartition(".")
        p = getattr(self.get_submodule(path), name, None)
        if not isinstance(p, Parameter):
            raise AttributeError(f"`{target}` is not a parameter")
        return p

    # ------------------------------------------------------------ discovery
    def _members(self) -> Iterator[tuple[str, object]]:
        """Direct Parameters and Modules, in attribute insertion order."""
        for name, value in vars(self).items():
            if name in _ENTRIES:
                yield from _walk("", value)
            elif isinstance(value, (Parameter, Module, list, tuple, dict)):
                yield from _walk(name, value)

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """(name, module) for each direct submodule, in the order they were assigned."""
        seen = set()
        for name, m in self._members():
            if isinstance(m, Module) and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self) -> Iterator[Module]:
        """The direct submodules, in the order they were assigned."""
        for _, m in self.named_children():
            yield m

    def named_modules(
        self, memo: set | None = None, prefix: str = "", remove_duplicate: bool = True
    ) -> Iterator:
        """(dotted name, module) for this module ("") and every submodule, pre-order, once each
        (a module reached by two names: under each, with `remove_duplicate=False`)."""
        if memo is None:
            memo = set()
        if id(self) in memo:
            return
        if remove_duplicate:
            memo.add(id(self))
        yield prefix, self
        if remove_duplicate:
            children = self.named_children()
        else:
            children = ((n, m) for n, m in self._members() if isinstance(m, Module))
        for name, m in children:
            yield from m.named_modules(memo, _join(prefix, name), remove_duplicate)

    def modules(self, remove_duplicate: bool = True) -> Iterator[Module]:
        """This module and every submodule, pre-order, each once (see `named_modules`)."""
        for _, m in self.named_modules(remove_duplicate=remove_duplicate):
            yield m

    def _own_parameters(self) -> Iterator[tuple[str, Parameter]]:
        for name, p in self._members():
            if isinstance(p, Parameter):
                yield name, p

    def named_parameters(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator:
        """(dotted name, Parameter) pairs; a shared parameter is yielded once (under each of
        its names with `remove_duplicate=False`)."""
        seen = set()
        mods = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else [(prefix, self)]
        )
        for mprefix, m in mods:
            for name, p in m._own_parameters():
                if id(p) not in seen:
                    if remove_duplicate:
                        seen.add(id(p))
                    yield _join(mprefix, name), p

    def parameters(self, recurse: bool = True) -> Iterator[Parameter]:
        """Every Parameter of this module (and, with `recurse`, of its submodules), each once.

        Examples:
            >>> sum(p.numel() for p in nn.Linear(3, 2).parameters())
            8
        """
        if not recurse:
            return (p for _, p in self.named_parameters(recurse=False))
        return iter(self._parameter_list())

    def _parameter_list(self) -> list[Parameter]:
        """`named_parameters`' parameters in its order, without making their names: the
        modules pre-order from a stack, each once (what `zero_grad` and optimizers walk)."""
        params, seen, visited, stack = [], set(), set(), [self]
        while stack:
            m = stack.pop()
            if id(m) in visited:
                continue
            visited.add(id(m))
            found = []
            for name, value in vars(m).items():
                if name in _ENTRIES or isinstance(value, (Parameter, Module, list, tuple, dict)):
                    _contents(value, found)
            children = []
            for v in found:
                if isinstance(v, Module):
                    children.append(v)
                elif id(v) not in seen:
                    seen.add(id(v))
                    params.append(v)
            stack.extend(reversed(children))
        return params

    def register_buffer(self, name: str, tensor, persistent: bool = True) -> None:
        """Keep `tensor` (an array, a Tensor that does not require grad, or None) as state;
        a buffer registered with `persistent=False` is left out of `state_dict`."""
        value = tensor
        if isinstance(value, Buffer):  # a marker only: kept as a plain Tensor, as PyTorch's
            value = Tensor(value._data, requires_grad=value.requires_grad)
        if isinstance(value, Tensor) and value.requires_grad:
            raise TypeError(f"register_buffer({name!r}): a buffer must not require grad")
        if value is not None and not isinstance(value, (Tensor, np.ndarray)):
            value = np.asarray(value)
        self._note_buffer(name, persistent)
        object.__setattr__(self, name, value)

    def _note_buffer(self, name: str, persistent: bool) -> None:
        """Record `name` as a buffer (persistent or not), as register_buffer does."""
        if "_non_persistent" not in vars(self):
            self._non_persistent = set()
        (self._non_persistent.discard if persistent else self._non_persistent.add)(name)
        if "_buffer_names" not in vars(self):
            self._buffer_names = []
        if name not in self._buffer_names:
            self._buffer_names.append(name)

    def _own_buffers(self) -> Iterator[tuple[str, object]]:
        for name in self._buffer_names:
            value = getattr(self, name, None)
            if value is not None:
                yield name, value

    def named_buffers(
        self, prefix: str = "", recurse: bool = True, remove_duplicate: bool = True
    ) -> Iterator:
        """(dotted name, array) for each buffer (e.g. `running_mean`), as in `state_dict`."""
        seen = set()
        mods = (
            self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate)
            if recurse
            else [(prefix, self)]
        )
        for mprefix, m in mods:
            for name, b in m._own_buffers():
                if id(b) not in seen:
                    if remove_duplicate:
                        seen.add(id(b))
                    yield _join(mprefix, name), b

    def buffers(self, recurse: bool = True) -> Iterator:
        """Every buffer array (e.g. BatchNorm's `running_mean`), each once."""
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    # ---------------------------------------------------------------- modes
    def train(self, mode: bool = True) -> Module:
        """Set training mode on this module and every submodule; returns self."""
        for m in self.modules():
            m.training = bool(mode)
        return self

    def eval(self) -> Module:
        """Switch to evaluation mode (`train(False)`: dropout off, running statistics used)."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Set `requires_grad` on every parameter (False freezes the module); returns it."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Set every parameter's grad to None (or to zeros with set_to_none=False)."""
        for p in self._parameter_list():
            if set_to_none or p.grad is None:
                p.grad = None
            else:
                p.grad = Tensor._result(np.zeros_like(p.numpy()))

    def apply(self, fn: Callable[[Module], None]) -> Module:
        """Call fn on every submodule (children first) and then on self; returns self."""
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    def to(self, *args, **kwargs) -> Module:
        """`to(device)`, `to(dtype)`, `to(device, dtype)`, `to(tensor)` (its dtype), as PyTorch:
        cast floating parameters (and their grads) and buffers to dtype, in place; the
        device can only be the CPU. Returns the module."""
        if len(args) == 1 and isinstance(args[0], str) and args[0] == "numpy":
            return self  # graphgrad's own spelling of the CPU
        _, dtype, _ = _devices.parse_to(args, kwargs, "Module.to")
        if dtype is None:
            return self
        if dtype.kind not in "fc":
            raise TypeError(
                f"Module.to only accepts floating point or complex dtypes, but got desired "
                f"dtype={dtype}"
            )
        for p in self.parameters():
            if p.dtype.kind == "f" and p.dtype != dtype:
                p._data = p._data.astype(dtype)
                versions.bump(p)
                if p.grad is not None:
                    p.grad = Tensor._result(p.grad._data.astype(dtype))
        for m in self.modules():
            for name, b in m._own_buffers():
                arr = b._data if isinstance(b, Tensor) else b
                if arr.dtype.kind == "f" and arr.dtype != dtype:
                    arr = arr.astype(dtype)
                    setattr(m, name, Tensor(arr) if isinstance(b, Tensor) else arr)
        return self

    def double(self) -> Module:
        """Cast parameters and floating buffers to float64, in place; returns the module."""
        return self.to(np.float64)

    def float(self) -> Module:
        """Cast parameters and floating buffers to float32, in place; returns the module."""
        return self.to(np.float32)

    def half(self) -> Module:
        """Cast parameters and floating buffers to float16, in place; returns the module."""
        return self.to(np.float16)

    def bfloat16(self) -> Module:
        """Refused: numpy has no bfloat16 (a TypeError naming what to use)."""
        return self.to(_dtypes.bfloat16)

    def cpu(self) -> Module:
        """The module itself: it is on the CPU."""
        return self

    def cuda(self, device=None) -> Module:
        """Refused: graphgrad runs on the CPU (a RuntimeError saying so)."""
        raise _devices.unavailable(_devices.device("cuda" if device is None else device),
                                   "Module.cuda()")  # fmt: skip

    # ---------------------------------------------------------------- state
    def _state_targets(self) -> OrderedDict:
        """name -> (parameter, or module and buffer name), in state_dict order: every name,
        as PyTorch's (a shared module or a tied weight is listed under each of its names)."""
        out = OrderedDict()
        for mprefix, m in self.named_modules(remove_duplicate=False):
            for name, p in m._own_parameters():
                out[_join(mprefix, name)] = (p, None, None)
            skip = vars(m).get("_non_persistent", ())
            for name, _ in m._own_buffers():
                if name not in skip:
                    out[_join(mprefix, name)] = (None, m, name)
        return out

    def state_dict(
        self, *args, destination=None, prefix: str = "", keep_vars: bool = False
    ) -> OrderedDict:
        """Dotted name -> numpy array (a copy) for every parameter and persistent buffer.

        PyTorch's options: `prefix` goes before every name, `destination` (a dict) is
        filled and returned, and `keep_vars=True` gives the Parameters and buffers
        themselves instead of copies."""
        if args:
            warnings.warn(
                "Positional args are being deprecated, use kwargs instead. Refer to "
                "https://pytorch.org/docs/main/generated/torch.nn.Module.html"
                "#torch.nn.Module.state_dict for details.",
                FutureWarning,
                stacklevel=2,
            )
            destination = args[0] if destination is None else destination
            prefix = args[1] if len(args) > 1 and prefix == "" else prefix
            keep_vars = args[2] if len(args) > 2 and keep_vars is False else keep_vars
        out = OrderedDict() if destination is None else destination
        for name, (p, m, attr) in self._state_targets().items():
            v = p if p is not None else getattr(m, attr)
            if keep_vars or getattr(v, "_uninitialized", False):  # a lazy module's: itself
                out[prefix + name] = v
            else:
                out[prefix + name] = np.array(v._data if isinstance(v, Tensor) else v, copy=True)
        return out

    def load_state_dict(
        self, state_dict=None, strict: bool = True, assign: bool = False, *, state=None
    ) -> IncompatibleKeys:
        """Copy values into the existing parameters and buffers (in place).

        Missing, unexpected and wrongly shaped entries raise one RuntimeError
        listing all of them; under strict=False only wrong shapes raise. A value
        that is not numeric (a string, None, a dict...) raises TypeError naming it.
        Returns (missing_keys, unexpected_keys). (`state=` is graphgrad's earlier name
        of `state_dict`; PyTorch's `assign=True`, which swaps in the given tensors, is
        refused: the values are copied.)
        """
        if (state is None) == (state_dict is None):
            raise TypeError("load_state_dict() needs one state dict (state_dict=...)")
        state = state_dict if state is None else state
        if assign:
            raise NotImplementedError(
                "load_state_dict(assign=True) is not supported: graphgrad copies the values "
                "into the module's own parameters (the same numbers); leave assign out"
            )
        for prefix, m in self.named_modules():  # lazy layers take their sizes from state
            if hasattr(m, "_materialize_from_state"):
                m._materialize_from_state(state, prefix + "." if prefix else "")
        targets = self._state_targets()
        missing = [k for k in targets if k not in state]
        unexpected = [k for k in state if k not in targets]
        values, mismatched = {}, []
        for k, (p, m, attr) in targets.items():
            if k not in state:
                continue
            target = p if p is not None else getattr(m, attr)
            if getattr(state[k], "_uninitialized", False):  # from a lazy module not yet run
                if not getattr(target, "_uninitialized", False):
                    mismatched.append(
                        f"size mismatch for {k}: the state dict's value is uninitialized (its "
                        "lazy module has not run); call it once before saving its state"
                    )
                continue
            v = _numeric(state[k], k, type(self).__name__)
            cur = p._data if p is not None else getattr(m, attr)
            cur_shape = cur.shape
            if v.shape != tuple(cur_shape):
                mismatched.append(
                    f"size mismatch for {k}: copying a value of shape {tuple(v.shape)} from the "
                    f"state dict, the shape in the current model is {tuple(cur_shape)}"
                )
            values[k] = v
        problems = []
        if strict and missing:
            problems.append("Missing key(s) in state_dict: " + ", ".join(map(repr, missing)) + ".")
        if strict and unexpected:
            problems.append(
                "Unexpected key(s) in state_dict: " + ", ".join(map(repr, unexpected)) + "."
            )
        problems += mismatched
        if problems:
            raise RuntimeError(
                f"Error(s) in loading state_dict for {type(self).__name__}:\n\t"
                + "\n\t".join(problems)
            )
        for k, v in values.items():
            p, m, attr = targets[k]
            if p is not None:
                _copy_into(p, v)
            else:
                cur = getattr(m, attr)
                if isinstance(cur, Tensor):
                    _copy_into(cur, v)
                elif isinstance(cur, np.ndarray) and cur.flags.writeable:
                    np.copyto(cur, v, casting="unsafe")
                else:
                    setattr(m, attr, np.array(v, dtype=np.asarray(cur).dtype))
        return IncompatibleKeys(missing, unexpected)

    # ----------------------------------------------------------------- repr
    def extra_repr(self) -> str:
        """The text inside the parentheses of this module's repr."""
        return ""

    def __repr__(self) -> str:
        lines = []
        extra = self.extra_repr()
        if extra:
            lines += extra.split("\n")
        for name, m in self.named_children():
            child = repr(m).replace("\n", "\n  ")
            lines.append(f"({name}): {child}")
        main = type(self).__name__ + "("
        if lines:
            if len(lines) == 1 and not list(self.named_children()):
                main += lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"


def _numeric(value, key: str, who: str) -> np.ndarray:
    """A state dict value as a numeric array; TypeError naming the key for anything else."""
    if isinstance(value, Tensor):
        return value._data
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError):  # ragged lists and the like
        arr = None
    if arr is None or arr.dtype.kind not in "biufc":
        got = (
            f"an array of dtype {value.dtype}"
            if isinstance(value, np.ndarray)
            else f"{type(value).__name__} {value!r:.60}"
        )
        raise TypeError(
            f"Error in loading state_dict for {who}: the value of {key!r} must be numeric "
            f"(an array, a Tensor or a number), got {got}"
        )
    return arr


def _copy_into(t: Tensor, v: np.ndarray) -> None:
    """Write v into t's array in place (so optimizers holding t keep working)."""
    arr = t._data
    if isinstance(arr, np.ndarray) and arr.flags.writeable:
        np.copyto(arr, v, casting="unsafe")
    else:
        t._data = np.array(v, dtype=arr.dtype)
    versions.bump(t)  # version counter: ops that saved the old values refuse to backward
