"""The op base class, the op registry, user-defined Functions and `unbroadcast`.

Every primitive is one `Op` subclass with `forward` and `backward` side by
side. `forward(self, *arrays)` computes on numpy arrays and may keep on `self`
what the backward needs. `backward(self, g, out, *inputs)` returns one
gradient per input (None where there is none). It is written with operators
and methods that numpy arrays and Tensors share, and takes functions such as
`exp` or `where` from `xp(g)`, so the same rule runs on arrays in an ordinary
backward and on Tensors under `create_graph=True`, which records the backward
itself and gives derivatives of any order.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from . import anomaly as _anomaly
from . import grad_mode as _gm

_new = object.__new__

# Set by tensor.py once the Tensor class exists (tensor.py imports this module).
Tensor: Any = None
_record: Any = None  # Tensor._record
tensor_ns: Any = None  # the namespace of graphgrad functions that mirror numpy's


def xp(x):
    """numpy for arrays, graphgrad's own functions for Tensors."""
    return tensor_ns if isinstance(x, Tensor) else np


def value(x):
    """The numpy value of a Tensor, or x itself."""
    return x._data if isinstance(x, Tensor) else x


def index_value(index):
    """An index with the Tensors inside it replaced by their arrays."""
    if isinstance(index, Tensor):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, Tensor) else i for i in index)
    if isinstance(index, list):
        return np.asarray([value(i) for i in index])
    return index


def unbroadcast(g, shape: tuple):
    """Sum `g` down to `shape`: the backward of numpy broadcasting."""
    if g.shape == shape:
        return g
    extra = g.ndim - len(shape)
    axes = tuple(range(extra)) + tuple(
        i + extra for i, n in enumerate(shape) if n == 1 and g.shape[i + extra] != 1
    )
    if axes:
        g = g.sum(axis=axes, keepdims=True)
    return g.reshape(shape)


class Op:
    """The rule of a primitive: `forward` and `backward` (see the module docstring).

    A recorded tensor keeps its op in `_op` and its inputs in `_a`/`_b`. An op
    class without slots of its own is stateless: it is shared by every tensor
    it makes (one instance per combination of inputs that need a gradient),
    so recording costs no object. Slots hold an op's state, one instance per
    recording: slots whose names start with "_" are saved buffers, dropped
    when the graph is freed; the others are attributes shown when the graph is
    drawn. `needs` tells the backward which inputs need a gradient. Class
    attribute `broadcasts`: inputs may broadcast, so the engine sums gradients
    back to each input's shape.
    """

    __slots__ = ("needs",)
    registry: dict[str, type[Op]] = {}
    broadcasts = False
    _buffers: tuple[str, ...] = ()
    stateless = True
    shared: list  # a stateless binary op's instances, by 2 * needs[0] + needs[1]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = cls.__mro__[: cls.__mro__.index(Op)]
        slots = [s for k in own for s in vars(k).get("__slots__", ())]
        cls._buffers = tuple(s for s in slots if s.startswith("_"))
        cls.stateless = not slots and all("__slots__" in vars(k) for k in own)
        if cls.stateless:
            cls._by_needs = {}
            cls.shared = [None, *(cls._shared((a, b)) for a, b in ((0, 1), (1, 0), (1, 1)))]
        if not cls.__name__.startswith("_"):
            other = Op.registry.get(cls.__name__)
            if other is not None and other.__qualname__ + other.__module__ != (
                cls.__qualname__ + cls.__module__
            ):
                raise TypeError(
                    f"op name {cls.__name__!r} is taken by {other.__module__}.{other.__qualname__}"
                )
            Op.registry[cls.__name__] = cls

    @classmethod
    def _shared(cls, needs: tuple) -> Op:
        """The instance of a stateless op for inputs that need grad as in `needs`."""
        needs = tuple(bool(n) for n in needs)
        op = cls._by_needs.get(needs)
        if op is None:
            op = cls._by_needs[needs] = _new(cls)
            op.needs = needs
        return op

    @classmethod
    def apply(cls, *inputs, **attrs):
        """Run forward on the inputs' data and record the op if any input requires grad."""
        if cls.stateless:
            if attrs:
                raise TypeError(f"{cls.__name__} has no attributes (no slots), got {sorted(attrs)}")
            op = cls.shared[3]
        else:
            op = _new(cls)
            for k, v in attrs.items():
                setattr(op, k, v)
        n = len(inputs)
        try:  # free unless raised (zero-cost exceptions): numpy's errors reworded below
            if n == 2:
                a, b = inputs
                data = op.forward(a._data, b._data)
                record = a.requires_grad or b.requires_grad
            elif n == 1:
                data = op.forward(inputs[0]._data)
                record = inputs[0].requires_grad
            else:  # from a list: tuple(generator) resizes, which tracemalloc sees as growth
                needs = tuple([t.requires_grad for t in inputs])
                data = op.forward(*[t._data for t in inputs])
                record = True in needs
        except (ValueError, IndexError) as e:
            raise _anomaly.op_error(op, [t._data for t in inputs], e) from None
        if record and _gm._enabled:
            if n == 1:
                needs = (True,)
            elif n == 2:
                needs = (inputs[0].requires_grad, inputs[1].requires_grad)
            if cls.stateless:
                op = cls._by_needs.get(needs) or cls._shared(needs)
            else:
                op.needs = needs
            return _record(data, op, inputs)
        return Tensor._result(data)

    def forward(self, *arrays):
        raise NotImplementedError

    def backward(self, g, out, *inputs):
        raise NotImplementedError

    @property
    def name(self) -> str:
        return type(self).__name__

    def attributes(self) -> dict:
        """The op's public attributes (axis, exponent, ...), for display."""
        out = {}
        for k in type(self).__mro__:
            for s in getattr(k, "__slots__", ()):
                if not s.startswith("_") and s != "needs" and hasattr(self, s):
                    out[s] = getattr(self, s)
        return out

    def free(self) -> None:
        """Drop the saved buffers: the graph cannot be backpropagated again."""
        for s in self._buffers:
            setattr(self, s, None)

    def __repr__(self) -> str:
        return f"<{self.name}>"


class Node:
    """`t.grad_fn`: the op that made tensor t and the tensors it was made from."""

    __slots__ = ("_t",)

    def __init__(self, t):
        self._t = t

    @property
    def op(self) -> Op:
        return self._t._op

    @property
    def inputs(self) -> tuple | None:
        """The input tensors; None once a backward has freed the graph."""
        return self._t._inputs

    @property
    def name(self) -> str:
        return self._t._op.name

    def attributes(self) -> dict:
        return self._t._op.attributes()

    def __eq__(self, other) -> bool:
        return isinstance(other, Node) and other._t is self._t

    def __hash__(self) -> int:
        return id(self._t)

    def __repr__(self) -> str:
        return f"<{self.name}>"


_fast_apply = Op.apply.__func__


def _checked_apply(cls, *inputs, **attrs):
    """`Op.apply` in anomaly mode (swapped in by `detect_anomaly`: normal mode pays nothing)."""
    out = _fast_apply(cls, *inputs, **attrs)
    _anomaly.after_forward(cls, out, inputs)
    return out


_anomaly.register(Op, "apply", classmethod(_fast_apply), classmethod(_checked_apply))


class Context:
    """What a `Function` keeps between its forward and backward."""

    def __init__(self):
        self._saved: tuple = ()
        self._graph = (
            None  # (input arrays, input tensors, out array, out tensor) under create_graph
        )
        self.needs_input_grad: tuple[bool, ...] = ()

    def save_for_backward(self, *arrays) -> None:
        self._saved = arrays

    @property
    def saved_tensors(self) -> tuple:
        """The saved arrays; under create_graph, the matching Tensors (differentiable)."""
        if self._graph is None:
            return self._saved
        in_arrays, in_tensors, out_array, out_tensor = self._graph
        result = []
        for a in self._saved:
            t = None
            if a is out_array:
                t = out_tensor
            else:
                for arr, ten in zip(in_arrays, in_tensors):
                    if a is arr:
                        t = ten
                        break
            result.append(t if t is not None else Tensor(a) if isinstance(a, np.ndarray) else a)
        return tuple(result)


class _FunctionOp(Op):
    """The recorded node of a user `Function`; drawn under the Function's name."""

    __slots__ = ("fn", "_ctx", "_positions", "_nargs")

    @property
    def name(self) -> str:
        return self.fn.__name__

    def backward(self, g, out, *inputs):
        ctx = self._ctx
        if ctx is None:
            raise RuntimeError(f"{self.name}: its saved values were freed by an earlier backward")
        graph = isinstance(g, Tensor)
        if graph:
            ctx._graph = (tuple(t._data for t in inputs), inputs, out._data, out)
        try:
            grads = self.fn.backward(ctx, g)
        finally:
            ctx._graph = None
        if not isinstance(grads, tuple):
            grads = (grads,)
        if len(grads) not in (self._nargs, len(inputs)):
            raise RuntimeError(
                f"{self.name}.backward returned {len(grads)} gradients, "
                f"expected {self._nargs} (one per forward input)"
            )
        if len(grads) == self._nargs:
            grads = tuple(grads[i] for i in self._positions)
        result = []
        for i, (gi, t) in enumerate(zip(grads, inputs)):
            if gi is not None:
                if isinstance(gi, Tensor) and not graph:
                    gi = gi._data
                elif not isinstance(gi, Tensor):
                    gi = np.asarray(gi, dtype=t.dtype)
                if gi.shape != t.shape:
                    raise RuntimeError(
                        f"{self.name}.backward returned a gradient of shape {tuple(gi.shape)} "
                        f"for input {self._positions[i]} of shape {t.shape}"
                    )
            result.append(gi)
        return tuple(result)


class Function:
    """A user-defined op: subclass with static `forward(ctx, *args)` and `backward(ctx, grad)`.

    `forward` receives numpy arrays for Tensor arguments (other arguments as
    they are) and returns one array. `backward` returns one gradient (or None)
    per forward input; it receives a numpy array, or a Tensor under
    `create_graph=True`, so a backward written with operators works in both.
    """

    def __init__(self, *args, **kwargs):
        name = type(self).__name__
        raise TypeError(
            f"{name} is an autograd.Function, used through its apply() classmethod: "
            f"write {name}.apply(...) instead of {name}(...)"
        )

    @staticmethod
    def forward(ctx: Context, *args):
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Context, grad):
        raise NotImplementedError

    @classmethod
    def apply(cls, *args):
        positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        tensors = tuple(args[i] for i in positions)
        ctx = Context()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a.requires_grad for a in args)
        raw = [a._data if isinstance(a, Tensor) else a for a in args]
        data = cls.forward(ctx, *raw)
        if isinstance(data, Tensor):
            data = data._data
        if not isinstance(data, (np.ndarray, np.generic)):
            data = np.asarray(data)
        if _gm._enabled and any(t.requires_grad for t in tensors):
            op = _FunctionOp.__new__(_FunctionOp)
            op.fn, op._ctx, op._positions, op._nargs = cls, ctx, positions, len(args)
            op.needs = tuple(t.requires_grad for t in tensors)
            out = _record(data, op, tensors)
            if _gm._anomaly:
                _anomaly.after_forward(cls, out, tensors)
            return out
        return Tensor._result(data)
