"""The op base class and its registry, `unbroadcast`, and `xp`: what backward rules call.

Every primitive is one `Op` subclass with `forward` and `backward` side by side.
`forward(self, *arrays)` computes on numpy arrays and may keep on `self` what the
backward needs. `backward(self, g, out, *inputs)` returns one gradient per input
(None where there is none). It is written once, for both kinds of backward: with
operators and methods that numpy arrays and Tensors share (`g * b`, `g.sum(axis)`,
`.reshape`), functions from `xp(g)` (`xp(g).exp`, `xp(g).where`), constant masks
read with `value(x)`, and other ops called with `Op.call`. In an ordinary backward
`g`, `out` and the inputs are arrays and the rule computes with numpy; under
`create_graph=True` they are Tensors and the rule records itself, which gives
derivatives of any order.

This module sits below the Tensor class: it knows tensors by their fields
(`TensorBase`) and makes results through the one recorder of autograd/tensor_class.py,
reached from the inputs (`inputs[0]._record`).
"""

from __future__ import annotations

import numpy as np

from .tensor_base import TensorBase

_new = object.__new__


def value(x):
    """The numpy value of a Tensor, or x itself."""
    return x._data if isinstance(x, TensorBase) else x


def index_value(index):
    """An index with the Tensors inside it replaced by their arrays."""
    if isinstance(index, TensorBase):
        return index._data
    if isinstance(index, tuple):
        return tuple(i._data if isinstance(i, TensorBase) else i for i in index)
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
        try:  # free unless a filter raised numpy's overflow (or inf + -inf) warning
            g = g.sum(axis=axes, keepdims=True)
        except RuntimeWarning:  # the same sum, quietly
            with np.errstate(all="ignore"):
                g = g.sum(axis=axes, keepdims=True)
    return g.reshape(shape)


_SAME_SIZE_INT = {2: np.int16, 4: np.int32, 8: np.int64}  # a float's bits, by itemsize


def sign(a):
    """np.sign with PyTorch's sign(nan) = 0 (numpy's is nan): the sign a gradient scales by."""
    s = np.sign(a)
    if s.dtype.kind == "f" and np.isnan(s).any():
        s = np.where(np.isnan(s), s.dtype.type(0), s)
    return s


def masked(g, mask, invert: bool = False):
    """g where `mask` holds, else 0: the gradient of an op that is flat where mask is False.

    Not `g * mask`, which is nan where g is infinite (0 * inf): relu(x).sqrt() at x = -1
    has derivative 0 (PyTorch's masked_fill and threshold_backward give 0 too). `mask` is a
    boolean array (or a numpy bool) that broadcasts to g's shape; g an array, a numpy
    scalar, or a Tensor (then the result is recorded, for create_graph). With `invert`,
    g where `mask` does not hold (PyTorch's threshold_backward: `where(x <= 0, 0, g)`
    keeps g at NaN, which no `x > 0` mask does).

    On float arrays of more than a few elements this is an `and` of g's bits with the mask
    spread to every bit: as fast as `g * mask`, where np.where runs several times slower
    on irregular masks (relu's, say).
    """
    if isinstance(g, TensorBase):
        return g._functions.where(np.logical_not(mask) if invert else mask, g, 0)
    if g.__class__ is not np.ndarray:  # a numpy scalar (0-d results)
        keep = not mask if invert else mask
        return g if keep else g.__class__(0)  # (its class: several times faster than .dtype)
    mask = np.asarray(mask)
    ints = _SAME_SIZE_INT.get(g.itemsize) if g.dtype.kind == "f" else None
    if ints is None or g.size <= 128 or mask.shape != g.shape:
        return np.where(mask, 0, g) if invert else np.where(mask, g, 0)  # (0 keeps g's dtype)
    bits = mask.astype(ints)
    if invert:
        np.subtract(bits, 1, out=bits)  # True -> 0, False -> all bits set (-1)
    else:
        np.negative(bits, out=bits)  # True -> all bits set (-1), False -> 0
    np.bitwise_and(g.view(ints), bits, out=bits)
    return bits.view(g.dtype)


def masked_into(g: np.ndarray, mask, invert: bool = False) -> np.ndarray:
    """`masked(g, mask, invert)` written into g itself, for a backward that owns g (see
    `Op.backward_owned`); `mask`, a boolean array made for the call, is overwritten. The
    mask reaches g's bits through a one-byte integer view of it, so no array of g's size
    is made (relu's backward on (1024, 256) float32: 142 -> 86 us)."""
    mask = np.asarray(mask)
    ints = _SAME_SIZE_INT.get(g.itemsize) if g.dtype.kind == "f" else None
    if ints is None or g.size <= 128 or mask.shape != g.shape or mask.dtype != np.bool_:
        return masked(g, mask, invert)
    m8 = mask.view(np.int8) if mask.flags.writeable and mask.base is None else mask.astype(np.int8)
    if invert:
        np.subtract(m8, 1, out=m8)  # True -> 0, False -> -1 (all bits set)
    else:
        np.negative(m8, out=m8)  # True -> -1, False -> 0
    bits = g.view(ints)
    if ints is np.int32:  # widened in one cast first: bitwise_and of an int32 and an int8
        # array casts the int8 in small buffers inside its loop, slower for 4-byte floats
        # (relu's backward on (512, 256) float32: 41 -> 37 us; 8-byte floats lose)
        m8 = m8.astype(np.int32)
    np.bitwise_and(bits, m8, out=bits)  # (m8 widens to g's width, its sign extended)
    return g


def _is_basic(index) -> bool:
    """Basic indexing (ints, slices, None, ...) never repeats an element."""
    items = index if isinstance(index, tuple) else (index,)
    return all(i is None or i is Ellipsis or isinstance(i, (int, np.integer, slice)) for i in items)


class SparseGrad:
    """A gradient that is `values` at `index` and zero elsewhere, made dense when summed.

    The backward of `x[index]` on arrays: taking `x[t]` for every step of a sequence
    then costs O(length) in total, not O(length^2). The engine sums it (`dense`,
    `add_into`) when the tensor it belongs to is taken.
    """

    __slots__ = ("index", "values", "shape")
    made = False  # True once one was made: until then no gradient's parts are looked over

    def __init__(self, index, values, shape: tuple):
        self.index, self.values, self.shape = index, values, shape
        if not SparseGrad.made:  # (set once: writing a class attribute resets type caches)
            SparseGrad.made = True

    def add_into(self, z: np.ndarray) -> None:
        with np.errstate(all="ignore"):  # inf + -inf is nan, quietly (an in-place sum)
            if _is_basic(self.index):
                z[self.index] += self.values
            else:
                np.add.at(z, self.index, self.values)

    def dense(self) -> np.ndarray:
        z = np.zeros(self.shape, dtype=self.values.dtype)
        self.add_into(z)
        return z


def sigmoid(a, out=None):
    """1 / (1 + exp(-a)), computed as exp(min(a, 0)) / (1 + exp(-|a|)).

    Neither exponent is positive (no overflow) and very negative inputs keep their full
    relative precision (PyTorch's values down to float32's denormals); `out` may be `a`.
    """
    if a.dtype.kind == "c":  # not ordered: the plain formula
        return np.divide(1, 1 + np.exp(-a), out=out)
    if type(a) is not np.ndarray or not a.ndim:  # 0-d: numpy gives scalars (immutable)
        return np.exp(np.minimum(a, 0)) / (1 + np.exp(-np.abs(a)))
    den = np.abs(a)
    np.negative(den, out=den)
    np.exp(den, out=den)
    den += 1
    num = np.minimum(a, 0, out=out)
    np.exp(num, out=num)
    return np.divide(num, den, out=num)


class ArrayFunctions:
    """`xp(g)` for numpy arrays: the functions backward rules call, computed with numpy.

    autograd/tensor_class.py's `TensorFunctions` has the same names for Tensors (recorded);
    a test keeps the two complete.
    """

    exp = staticmethod(np.exp)
    log = staticmethod(np.log)
    sin = staticmethod(np.sin)
    cos = staticmethod(np.cos)
    tanh = staticmethod(np.tanh)
    sqrt = staticmethod(np.sqrt)
    sigmoid = staticmethod(sigmoid)
    where = staticmethod(np.where)
    broadcast_to = staticmethod(np.broadcast_to)
    concatenate = staticmethod(np.concatenate)
    stack = staticmethod(np.stack)

    @staticmethod
    def scatter_add(g, index, shape: tuple):
        """Zeros of `shape` with g added at index: here lazily, as a SparseGrad."""
        return SparseGrad(index, g, shape)

    @staticmethod
    def saved(array, recompute):
        """A value forward saved for the backward: here the array itself."""
        return array


def xp(x):
    """The functions a backward rule calls on x: `ArrayFunctions`, or Tensors' (recorded)."""
    return x._functions if isinstance(x, TensorBase) else ArrayFunctions


class Op:
    """The rule of a primitive: `forward` and `backward` (see the module docstring).

    A recorded tensor keeps its op in `_op` and its inputs in `_in0`, `_in1` (and
    `_many`). An op class without slots of its own is stateless: it is shared by every
    tensor it makes (one instance per combination of inputs that need a gradient),
    so recording costs no object. Slots hold an op's state, one instance per
    recording: slots whose names start with "_" are saved buffers, dropped when the
    graph is freed; the others are attributes shown when the graph is drawn. `needs`
    tells the backward which inputs need a gradient. Class attribute `broadcasts`:
    inputs may broadcast, so the engine sums gradients back to each input's shape.

    `Op.registry` lists every op class by qualified name (module and class), for the
    tests and the drawing; names starting with "_" are left out.

    Class attribute `backward_owned`: None, or a backward with the same arguments that
    may overwrite the gradient g it is given. The engine calls it instead of `backward`
    (not under create_graph or anomaly mode) when g is an array that nothing but the
    engine holds (writable, its own memory or the only view of it, no other reference: a
    gradient another op just made), so the rule can work in place instead of making an
    array of g's size. Class attribute `via_step` (set from the two): the engine's loop
    leaves an op that broadcasts or has a `backward_owned` to `backward_step` rather than
    calling its rule itself, so other ops pay no check. Class attribute `passes`: the
    backward of this two-input op gives both inputs g itself (Add's `return g, g`); the
    loop's inlined step, which sees only gradients of the output's shape, then passes g
    on without calling the rule (a test checks that the rule agrees). A subclass whose
    `backward` is another function (its own or a mixin's) has `passes` False; one that
    assigns a `backward` after its class statement must set `passes = False` too.

    Class attribute `reads`: which values the backward reads, PyTorch's saved tensors. None
    (the default): every input and the output. Else one tuple per input, the values the
    gradient of that input reads: input positions, -1 for the output (the last tuple
    serves the inputs beyond; `()` for none at all). An input modified in place after the
    op used it refuses the backward only if an input that needs a gradient reads it
    (`reads_value`); otherwise its gradient goes to the node it was (autograd/inplace.py).
    A subclass with a `backward` of its own does not inherit `reads` (it is None again).
    """

    __slots__ = ("needs",)
    registry: dict[str, type[Op]] = {}
    broadcasts = False
    backward_owned = None
    via_step = False
    passes = False
    reads: tuple[tuple[int, ...], ...] | None = None
    _buffers: tuple[str, ...] = ()
    stateless = True
    shared: list  # a stateless op's instances for two inputs, by 2 * needs[0] + needs[1]

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        own = cls.__mro__[: cls.__mro__.index(Op)]
        slots = [s for k in own for s in vars(k).get("__slots__", ())]
        cls._buffers = tuple(s for s in slots if s.startswith("_"))
        cls.stateless = not slots and all("__slots__" in vars(k) for k in own)
        cls.via_step = bool(cls.broadcasts) or cls.backward_owned is not None
        if cls.passes:  # only while the rule is still the one of the class that said so
            owner = next(k for k in cls.__mro__ if "passes" in vars(k))
            cls.passes = cls.backward is vars(owner).get("backward", cls.backward)
        if cls.reads is not None and "reads" not in vars(cls):  # inherited with its rule only
            owner = next(k for k in cls.__mro__ if "reads" in vars(k))
            if cls.backward is not vars(owner).get("backward", cls.backward):
                cls.reads = None
        if cls.stateless:
            cls._by_needs = {}
            cls.shared = [None, *(cls._shared((a, b)) for a, b in ((0, 1), (1, 0), (1, 1)))]
        if not cls.__name__.startswith("_"):
            # a class defined again under the same name (a notebook cell run twice) replaces it
            Op.registry[f"{cls.__module__}.{cls.__qualname__}"] = cls

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
    def _instance(cls, attrs: dict) -> Op:
        """The op to run: the shared instance if stateless, else a new one holding attrs."""
        if cls.stateless:
            if attrs:
                raise TypeError(f"{cls.__name__} has no attributes (no slots), got {sorted(attrs)}")
            return cls.shared[3]
        op = _new(cls)
        for k, v in attrs.items():
            setattr(op, k, v)
        return op

    @classmethod
    def apply(cls, *inputs, **attrs):
        """Run forward on the Tensors' data; the result is recorded if an input requires grad.

        (The one recorder, `Tensor._record`, also checks grad mode and anomaly mode.)
        """
        op = cls._instance(attrs)
        n = len(inputs)
        first = inputs[0]
        try:  # free unless raised (zero-cost exceptions): numpy's errors reworded below
            if n == 2:
                second = inputs[1]
                data = op.forward(first._data, second._data)
            elif n == 1:
                data = op.forward(first._data)
            else:
                data = op.forward(*[t._data for t in inputs])
        except (ValueError, IndexError) as e:
            raise op_error(op, [t._data for t in inputs], e) from None
        if n == 2:
            need = 2 * first._requires_grad + second._requires_grad
            if not need:
                return first._result(data)
            if cls.stateless:
                op = cls.shared[need]
            else:
                op.needs = (first._requires_grad, second._requires_grad)
            return first._record(data, op, first, second)
        if n == 1:
            if not first._requires_grad:
                return first._result(data)
            if cls.stateless:
                op = cls._by_needs.get((True,)) or cls._shared((True,))
            else:
                op.needs = (True,)
            return first._record(data, op, first)
        # from a list: tuple(generator) resizes, which tracemalloc sees as growth
        needs = tuple([t._requires_grad for t in inputs])
        if True not in needs:
            return first._result(data)
        if cls.stateless:
            op = cls._by_needs.get(needs) or cls._shared(needs)
        else:
            op.needs = needs
        return first._record(data, op, first, inputs[1], inputs)

    @classmethod
    def call(cls, *inputs, **attrs):
        """The op on arrays (its forward, nothing recorded) or on Tensors (`apply`).

        For backward rules written once: the backward of an op is often another op (a
        transposed convolution for a convolution), computed on arrays in an ordinary
        backward and recorded under create_graph.
        """
        if isinstance(inputs[0], TensorBase):
            return cls.apply(*inputs, **attrs)
        return cls._instance(attrs).forward(*inputs)

    def forward(self, *arrays):
        """The op's value: numpy arrays in, one array out (override)."""
        raise NotImplementedError

    def backward(self, g, out, *inputs):
        """One gradient (or None) per input, given the output's gradient `g` (override).

        Written once for arrays and Tensors: under `create_graph=True` the same rule runs
        on Tensors and is itself recorded.
        """
        raise NotImplementedError

    @property
    def name(self) -> str:
        """The op's display name (its class name unless the op says otherwise)."""
        return type(self).__name__

    def attributes(self) -> dict:
        """The op's public attributes (axis, exponent, ...), for display."""
        out = {}
        for k in type(self).__mro__:
            for s in getattr(k, "__slots__", ()):
                if not s.startswith("_") and s != "needs" and hasattr(self, s):
                    out[s] = getattr(self, s)
        return out

    def label(self, inputs: tuple = ()) -> str:
        """The op's text in a drawing: its name, then the attributes worth showing, one a
        line (numbers, names, small tuples; never objects' reprs). `inputs`: the names of
        its input tensors ("" where unnamed). Ops whose class name or attributes are
        internals override it (Affine draws as Linear, GetItem as `x[:, 1]`)."""
        lines = [self.name]
        for k, v in self.attributes().items():
            text = shown(v)
            if text is not None and not k.startswith("needs"):
                lines.append(f"{k}={text}")
        return "\n".join(lines)

    def unrolled(self, *inputs):
        """For an op that fuses a loop (a recurrent layer over its time steps): its output
        computed again from `inputs` (Tensors) with recorded ops, a composite per step,
        which `draw(..., unroll=True)` shows in its place. None: nothing to unroll."""
        return None

    def free(self) -> None:
        """Drop the saved buffers: the graph cannot be backpropagated again."""
        for s in self._buffers:
            setattr(self, s, None)

    def __repr__(self) -> str:
        return f"<{self.name}>"


def reads_value(op: Op, index: int, n: int) -> bool:
    """Whether op's backward (of n inputs) reads input `index` (-1: its output), given which
    inputs need a gradient (`op.needs`) and what each one's gradient reads (`Op.reads`)."""
    reads = op.reads
    if reads is None:
        return True
    if not reads:
        return False
    needs = getattr(op, "needs", None) or (True,) * n
    last = len(reads) - 1
    return any(need and index in reads[i if i < last else last] for i, need in enumerate(needs))


def shown(v) -> str | None:
    """An attribute as a drawing shows it, or None to leave it out (unset, False, or an
    object whose repr would only show internals)."""
    if v is None or v is False:
        return None
    if isinstance(v, (bool, str, int, np.integer)):
        return str(v)
    if isinstance(v, (float, np.floating)):
        return f"{float(v):.4g}"
    if isinstance(v, np.dtype) or (isinstance(v, type) and issubclass(v, np.generic)):
        return np.dtype(v).name
    if isinstance(v, (tuple, list)) and len(v) <= 6:
        items = [shown(x) for x in v]
        if None in items:
            return None
        return items[0] if len(items) == 1 else "(" + ", ".join(items) + ")"
    if isinstance(v, np.ndarray) and v.size <= 6 and v.dtype.kind in "biuf":
        return shown(v.tolist() if v.ndim else v.item())
    return None


def dims(shape: tuple) -> str:
    """A shape as a drawing shows it: '4×784' ('scalar' for ())."""
    return "×".join(str(n) for n in shape) if shape else "scalar"


def op_error(op, arrays, e: Exception) -> Exception:
    """numpy's error from op's forward, reworded to name the op and its input shapes."""
    if isinstance(e, np.exceptions.AxisError):
        return e
    shapes = [tuple(np.shape(a)) for a in arrays]
    name = op.name if hasattr(op, "name") else type(op).__name__
    msg = str(e)
    if isinstance(e, IndexError):
        where = "t[index]" if name == "GetItem" else name
        return IndexError(f"{where}: {msg} (the tensor has shape {shapes[0] if shapes else ()})")
    if name == "MatMul" and len(shapes) == 2:
        text = f"matmul: shapes {shapes[0]} and {shapes[1]} are not aligned"
        if shapes[0] and shapes[1]:
            k1 = shapes[0][-1]
            k2 = shapes[1][-2] if len(shapes[1]) > 1 else shapes[1][0]
            text += f" ({k1} columns vs {k2} rows)" if k1 != k2 else ""
        return ValueError(text if "mismatch" in msg or "aligned" in msg else f"{text}: {msg}")
    if "broadcast" in msg and len(shapes) >= 2:
        return ValueError(
            f"{name}: cannot broadcast shapes {' and '.join(map(str, shapes))} together"
        )
    return ValueError(f"{name} (input shapes {', '.join(map(str, shapes))}): {msg}")
