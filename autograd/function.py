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
_result: Any = None  # Tensor._result
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


_INTERNAL = ("inputs", "scope", "stamp", "trace")  # Op slots that are not attributes


class Op:
    """A recorded primitive (see the module docstring for the protocol).

    Class attributes: `broadcasts` (inputs may broadcast, so the engine sums
    gradients back to each input's shape). Slots whose names start with "_"
    hold saved buffers, dropped when the graph is freed; other slots are
    attributes shown when the graph is drawn.
    """

    __slots__ = ("inputs", "scope", "stamp", "trace")
    registry: dict[str, type[Op]] = {}
    broadcasts = False
    _buffers: tuple[str, ...] = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        slots = [s for k in cls.__mro__ for s in getattr(k, "__slots__", ())]
        cls._buffers = tuple(s for s in slots if s.startswith("_"))
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
    def apply(cls, *inputs, **attrs):
        """Run forward on the inputs' data and record the op if any input requires grad."""
        op = _new(cls)
        if attrs:
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
            else:
                data = op.forward(*[t._data for t in inputs])
                record = any(t.requires_grad for t in inputs)
        except (ValueError, IndexError) as e:
            raise _anomaly.op_error(op, [t._data for t in inputs], e) from None
        if record and _gm._enabled:
            op.inputs = inputs
            op.stamp = _gm._mutations
            if _gm._scope is not None:
                op.scope = _gm._scope
            return _result(data, op)
        return _result(data, None)

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
                if not s.startswith("_") and s not in _INTERNAL and hasattr(self, s):
                    out[s] = getattr(self, s)
        return out

    def free(self) -> None:
        """Drop the inputs and saved buffers: the graph cannot be backpropagated again."""
        self.inputs = None
        for s in self._buffers:
            setattr(self, s, None)

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
            op.inputs = tensors
            op.stamp = _gm._mutations
            if _gm._scope is not None:
                op.scope = _gm._scope
            out = Tensor._result(data, op)
            if _gm._anomaly:
                _anomaly.after_forward(cls, out, tensors)
            return out
        return Tensor._result(data, None)
