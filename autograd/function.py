"""User-defined ops, as in `torch.autograd.function`: `Function` and its `Context`.

A `Function` subclass gives static `forward(ctx, *args)` and `backward(ctx, grad)`;
`Function.apply` runs the forward on arrays and records one node, `_FunctionOp`,
through the recorder every op uses (`tensor.record`).
"""

from __future__ import annotations

import numpy as np

from . import versions
from .op import Op
from .tensor_class import Tensor, record


class Context:
    """What a `Function` keeps between its forward and backward."""

    def __init__(self):
        self._saved: tuple = ()
        self._graph = (
            None  # (input arrays, input tensors, out array, out tensor) under create_graph
        )
        self.needs_input_grad: tuple[bool, ...] = ()

    def save_for_backward(self, *arrays) -> None:
        """Keep values (inputs, the output, others) for `backward`: `ctx.saved_tensors`."""
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

    __slots__ = ("fn", "_ctx", "_positions", "_nargs", "_reads")

    @property
    def name(self) -> str:
        return self.fn.__name__

    @property
    def reads(self):  # type: ignore[override]
        """What the backward reads (`Op.reads`): the inputs and output whose values
        `save_for_backward` kept, as PyTorch checks its saved tensors (None once freed)."""
        return getattr(self, "_reads", None)

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


def _saved_values(saved: tuple, inputs: list, out) -> tuple:
    """Which inputs (their positions among the Tensor arguments) and whether the output
    (-1) the saved values are, or share memory with."""
    owners = [versions.owner(a) for a in inputs]
    found = set()
    for a in saved:
        if a is out or (isinstance(a, np.ndarray) and versions.owner(a) is versions.owner(out)):
            found.add(-1)
        if isinstance(a, np.ndarray):
            found.update(i for i, o in enumerate(owners) if o is versions.owner(a))
    return tuple(sorted(found))


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
        """The output from the inputs' arrays (override; save what backward needs on ctx)."""
        raise NotImplementedError

    @staticmethod
    def backward(ctx: Context, grad):
        """Return one gradient (or None) per input of forward, given the output's gradient."""
        raise NotImplementedError

    @classmethod
    def apply(cls, *args):
        """Run forward on the arguments and record the result (how a Function is called).

        Example: `y = Cube.apply(x)`.
        """
        positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        tensors = tuple(args[i] for i in positions)
        ctx = Context()
        ctx.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        raw = [a._data if isinstance(a, Tensor) else a for a in args]
        data = cls.forward(ctx, *raw)
        if isinstance(data, Tensor):
            data = data._data
        if isinstance(data, (tuple, list)):
            raise TypeError(
                f"{cls.__name__}.forward returned {len(data)} outputs: an autograd.Function "
                "has one output here (PyTorch allows several); write one Function per output, "
                "or return one array (np.stack them) and index the result"
            )
        if not isinstance(data, (np.ndarray, np.generic)):
            data = np.asarray(data)
        needs = tuple(t._requires_grad for t in tensors)
        if True not in needs:
            return Tensor._result(data)
        op = _FunctionOp.__new__(_FunctionOp)
        op.fn, op._ctx, op._positions, op._nargs = cls, ctx, positions, len(args)
        op._reads = (_saved_values(ctx._saved, [raw[i] for i in positions], data),)
        op.needs = needs
        n = len(tensors)
        return record(
            data, op, tensors[0], tensors[1] if n > 1 else None, tensors if n > 2 else None
        )
