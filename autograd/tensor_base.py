"""`TensorBase`: the fields of a Tensor, which is also the node of the graph; `Node`.

A recorded tensor keeps the op that made it and its inputs itself: a node of a scalar
graph is one object for the garbage collector, with no op object and no input tuple
of its own, and nothing points from an input to its outputs (no cycles). The layers
below the Tensor class (the op base, the engine, anomaly mode) work on these fields
and recognise tensors with `isinstance(x, TensorBase)`; autograd/tensor_class.py adds the
methods.
"""

from __future__ import annotations


class TensorBase:
    """The fields of a Tensor (see the module docstring); tensor_class.py's Tensor adds methods.

    For the layers below it, Tensor also supplies `_record(data, op, in0, in1, many)` (the
    one recorder), `_result(data)` (a constant) and `_functions` (what `op.xp` returns),
    which they reach from a tensor they were given.
    """

    __slots__ = (
        "_data",  # the values: an ndarray, or a numpy scalar for 0-d results (faster)
        "grad",
        "_requires_grad",  # read by the engine; the public `requires_grad` checks writes
        "_op",  # the rule of the op that made this tensor (None: a leaf or a constant)
        "_in0",  # the op's first input (None for leaves)
        "_in1",  # the op's second input (None for ops of one input)
        "_many",  # all the op's inputs, as a tuple, for ops of three or more (else None)
        "_stamp",  # when the op was recorded (versions.tick), inputs first; negated once freed
        "_scope",  # the modules it was recorded in (grad_mode.module_scope); unset outside
        "_composite",  # (name, start stamp, attributes): the result of a composite op
        "_trace",  # anomaly mode: where it was made and what its inputs held
        "_name",  # unset unless named (the `name` property reads it)
        "_retain",  # False; True: retain_grad() (keep the gradient in .grad); or hooks.Hooks
        "_inf",  # set on tensors made in inference mode (unset: not)
        "_vers",  # set by the first in-place change (versions.bump); unset means 0; a
        # snapshot's (autograd/inplace.py) is minus the stamp of the change it was kept for
        "__weakref__",
    )

    @property
    def _inputs(self) -> tuple | None:
        """The tensors this one was made from (None for leaves and freed graphs)."""
        if self._op is None or self._stamp < 0:
            return None
        if self._many is not None:
            return self._many
        return (self._in0,) if self._in1 is None else (self._in0, self._in1)

    @property
    def _links(self) -> tuple | None:
        """The op's inputs, also after a backward freed the node (None for leaves): the
        structure a drawing shows (None once a backward dropped them too: far from its
        output, engine.KEEP_STRUCTURE). Their values may be `Released`."""
        if self._op is None or self._in0 is None and self._many is None:
            return None
        if self._many is not None:
            return self._many
        return (self._in0,) if self._in1 is None else (self._in0, self._in1)


class Released:
    """What a freed graph keeps of an array nobody else holds: its shape and dtype.

    A backward without `retain_graph` keeps the graph's structure (ops and links, for
    drawing) but drops the arrays: an intermediate that only the graph references gets a
    `Released` as its `_data`, and a large constant input is linked through a stand-in
    holding one (with a weak reference to the constant, `source`).
    """

    __slots__ = ("shape", "dtype", "source")

    def __init__(self, array, source=None):
        self.shape, self.dtype, self.source = array.shape, array.dtype, source

    @property
    def ndim(self) -> int:
        return len(self.shape)

    @property
    def size(self) -> int:
        n = 1
        for k in self.shape:
            n *= k
        return n

    def __array__(self, *args, **kwargs):
        raise RuntimeError(
            "the values of this tensor were freed by backward(); call "
            "backward(retain_graph=True), or keep a reference to the tensor, to keep them"
        )

    def __repr__(self) -> str:
        return f"<released {self.dtype} array of shape {self.shape}>"


class NodeName(str):
    """`grad_fn.name`: the op's name, a string that can also be called (`grad_fn.name()`,
    PyTorch's spelling)."""

    __slots__ = ()

    def __call__(self) -> str:
        return str(self)


class Node:
    """`t.grad_fn`: the op that made tensor t and the tensors it was made from."""

    __slots__ = ("_t",)

    def __init__(self, t: TensorBase):
        self._t = t

    @property
    def op(self):
        """The op (an `Op` instance) whose backward differentiates t."""
        return self._t._op

    @property
    def inputs(self) -> tuple | None:
        """The input tensors; None once a backward has freed the graph (a drawing still
        shows its structure)."""
        return self._t._inputs

    @property
    def name(self) -> NodeName:
        """The op's name (`grad_fn.name` or, as in PyTorch, `grad_fn.name()`)."""
        return NodeName(self._t._op.name)

    @property
    def next_functions(self) -> tuple:
        """One `(node, 0)` per input, as PyTorch's: the input's `grad_fn`, an
        `AccumulateGrad` for a leaf that requires grad, None for an input that does not.
        Empty where a freed backward dropped the links (nodes far from the output)."""
        out = []
        for p in self._t._inputs or ():
            if p._op is not None and p.requires_grad:
                out.append((Node(p), 0))
            elif p.requires_grad:
                out.append((AccumulateGrad(p), 0))
            else:
                out.append((None, 0))
        return tuple(out)

    def attributes(self) -> dict:
        """The op's public attributes (axis, exponent, ...)."""
        return self._t._op.attributes()

    def __eq__(self, other) -> bool:
        return isinstance(other, Node) and other._t is self._t

    def __hash__(self) -> int:
        return id(self._t)

    def __repr__(self) -> str:
        return f"<{self.name}>"


class AccumulateGrad:
    """The node that accumulates a leaf's gradient into its `.grad` (in `next_functions`)."""

    __slots__ = ("variable",)
    next_functions = ()

    def __init__(self, variable: TensorBase):
        self.variable = variable

    def name(self) -> str:
        """ "AccumulateGrad", as PyTorch's."""
        return "AccumulateGrad"

    def __eq__(self, other) -> bool:
        return isinstance(other, AccumulateGrad) and other.variable is self.variable

    def __hash__(self) -> int:
        return id(self.variable)

    def __repr__(self) -> str:
        return "<AccumulateGrad>"
