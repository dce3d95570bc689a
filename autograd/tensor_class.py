"""The Tensor: a numpy array that records the ops applied to it; the one recorder.

`record` sets up every result of an op on tensors that require grad, whoever calls
it: the operators (`+ - * / @`, in the class body below), `Op.apply` (through
`Tensor._record`) and `Function.apply`. Methods are one-liners over the primitives
in ops_*.py; derived ops (sub-expressions of primitives) are written here. The
module-level functions that build a tensor from several (`where`, `stack`, ...)
and `TensorFunctions`, what backward rules call on Tensors (`op.xp`), live here too.
"""

from __future__ import annotations

import functools

import numpy as np

from . import dtypes, engine, printing, promotion, versions
from . import grad_mode as _gm
from .anomaly import after_forward
from .composite import mark, start
from .data_array import DataArray
from .float_warnings import quietly
from .inplace import InPlaceMethods
from .interop import NumpyInterop
from .op import op_error, value
from .ops_elementwise import (
    Add,
    Cast,
    Div,
    Mul,
    Pow,
    PowTensor,
    Sub,
    Where,
)
from .ops_shape import Concatenate, MatMul, ScatterAdd
from .random_methods import RandomMethods
from .shapes import axis_arg
from .tensor_base import Node, Released, TensorBase
from .tensor_convert import ConversionMethods
from .tensor_hooks import HookMethods
from .tensor_lu import LUMethods
from .tensor_math import ElementwiseMethods
from .tensor_matrix import MatrixMethods
from .tensor_memory import MemoryMethods
from .tensor_numbers import NumberMethods
from .tensor_pointwise import PointwiseMethods
from .tensor_reduce import ReductionMethods
from .tensor_scatter import ScatterMethods
from .tensor_shape import ShapeMethods
from .tensor_stats import StatisticsMethods
from .tensor_stft import STFTMethods
from .tensor_views import ViewMethods

_new = object.__new__
_ndarray = np.ndarray
_inferring = _gm.inferring  # the threads' states in inference mode (usually none)
_next, _clock = next, versions.clock  # next(_clock): a stamp, cheaper than tick()
_SCALARS = (int, float, bool)
_INEXACT = {np.float16, np.float32, np.float64, np.longdouble, np.complex64, np.complex128}
_NUMERIC = "biufc"  # dtype kinds a tensor may hold: bool, integers, floats, complex


def _odd_element(arr: np.ndarray) -> type | None:
    """The type of the first element of an object array that is not a number (None: none)."""
    numbers = (int, float, complex, np.number)
    return next((type(x) for x in arr.reshape(-1) if not isinstance(x, numbers)), None)


def _not_numeric(data, arr: np.ndarray):
    """The TypeError for data that is not numbers or bools (strings, dates, objects, None)."""
    kind = arr.dtype.kind
    if kind == "O":
        odd = _odd_element(arr)
        what = "object (numbers numpy cannot hold)" if odd is None else odd.__name__
    else:
        what = {"U": "str", "S": "bytes", "M": "datetime64", "m": "timedelta64"}.get(kind)
        what = what or f"{arr.dtype} (structured)"
    if data is None:
        raise TypeError("Tensor(None): a tensor needs data (numbers or bools); got None")
    if kind in "OUS" or data is not arr:
        raise TypeError(
            f"Tensor: data must be numbers or bools, got {what} elements (from "
            f"{type(data).__name__}); convert them first, e.g. np.asarray(data, dtype=float)"
        )
    raise TypeError(f"Tensor: data must be numbers or bools, got {what} elements")


_CONSTANTS: dict = {}  # dtype -> {Python number: constant Tensor}
_SCALAR_CONSTANTS: dict = {}  # the same dictionaries by numpy scalar class (np.float32, ...)


# ------------------------------------------------------------------ the recorder
def record(data, op, in0, in1=None, many=None) -> Tensor:
    """A new tensor holding `data`, made by `op` from its inputs (one or two, or `many`).

    The one place an op's result is set up when an input requires grad: with grad mode
    on (in this thread) it is a node of the graph (it keeps op, inputs and a stamp, and
    the module scope), else a constant; anomaly mode checks it and notes where it was
    made. Results of ops on constants are made by `_constant`.
    """
    t = _new(Tensor)
    t._data = data
    t.grad = None
    t._retain = False
    if not _gm.off:  # every thread in the default modes: a node, and nothing else to do
        t._requires_grad = True
        t._op = op
        t._in0 = in0
        t._in1 = in1
        t._many = many
        t._stamp = _next(_clock)
        return t
    st = _gm.local.state
    if st.grad:
        t._requires_grad = True
        t._op = op
        t._in0 = in0
        t._in1 = in1
        t._many = many
        t._stamp = _next(_clock)
        if st.scope is not None:
            t._scope = st.scope
    else:
        t._requires_grad = False
        t._op = None
        if st.inference:
            t._inf = True
    if st.anomaly:
        after_forward(op, t, many or ((in0,) if in1 is None else (in0, in1)))
    return t


def _constant(data) -> Tensor:
    """A new tensor holding `data`, outside any graph (a result of ops on constants)."""
    t = _new(Tensor)
    t._data = data
    t.grad = None
    t._requires_grad = False
    t._op = None
    if _inferring and _gm.local.state.inference:  # an empty set unless inference mode is on
        t._inf = True
    return t


def _operators(cls, name: str):
    """Tensor's `a op b` and reflected `b op a` for the two-input primitive cls (Add, ...).

    The hot path of scalar graphs: the op is the shared instance for the inputs that
    need grad (cls.shared[2 * a._requires_grad + b._requires_grad]), nothing is allocated
    but the result, and only tensors that need grad go through the recorder.
    """
    ops = cls.shared
    forward = ops[3].forward
    divides = cls is Div  # true division of integers gives the default float dtype

    def operator(a: Tensor, b) -> Tensor:
        if not isinstance(b, Tensor):
            b = a._operand(b)
        ad, bd = a._data, b._data
        # PyTorch's result dtype where numpy's differs (_promote). Cheap when the dtypes are
        # the same: arrays compare dtypes, numpy scalars their classes (one dtype per class;
        # a scalar's .dtype is slower to read). Division also promotes integers to floats.
        ac = ad.__class__  # (read once: a numpy scalar's class is a slow attribute)
        if ac is _ndarray:
            dt = ad.dtype
            if dt is not bd.dtype or (divides and dt.kind in "iub"):
                a, b = _promote(a, b, divides)
                ad, bd = a._data, b._data
        elif ac is not bd.__class__ or (divides and ac not in _INEXACT):
            a, b = _promote(a, b, divides)
            ad, bd = a._data, b._data
        try:  # free unless raised (zero-cost exceptions): numpy's message reworded
            data = forward(ad, bd)
        except ValueError as e:
            raise op_error(ops[3], (ad, bd), e) from None
        except RuntimeWarning:  # inf * 0, 1 / 0 under an "error" filter: IEEE's value, quietly
            data = quietly(forward, ad, bd)
        if a._requires_grad:
            return record(data, ops[3] if b._requires_grad else ops[2], a, b)
        if b._requires_grad:
            return record(data, ops[1], a, b)
        return _constant(data)

    def reflected(a: Tensor, b) -> Tensor:  # b op a, for a number or an array b
        return operator(a._operand(b), a)

    operator.__name__ = operator.__qualname__ = f"__{name}__"
    reflected.__name__ = reflected.__qualname__ = f"__r{name}__"
    operator.__doc__ = f"self {name} other, recorded as op {cls.__name__}"
    reflected.__doc__ = f"other {name} self, recorded as op {cls.__name__}"
    return operator, reflected


_promote = promotion.promote


def _comparison(ufunc):
    """A Tensor method `self ufunc other` that records nothing (comparisons, logic)."""

    def method(self: Tensor, other) -> Tensor:
        return _constant(ufunc(self._data, value(other)))

    method.__name__ = method.__qualname__ = ufunc.__name__
    return method


# ------------------------------------------------------- functions of several tensors
def as_tensor(x) -> Tensor:
    """x if it is a Tensor, else a new constant Tensor of it."""
    return x if isinstance(x, Tensor) else Tensor(x)


def where(condition, a, b) -> Tensor:
    """Elements of a where condition holds, else of b (either may be a Python scalar)."""
    cond = np.asarray(value(condition), dtype=bool)
    if not isinstance(a, Tensor):
        a = b._operand(a) if isinstance(b, Tensor) else Tensor(a)
    if not isinstance(b, Tensor):
        b = a._operand(b)
    a, b = _promote(a, b)
    return Where.apply(a, b, _cond=cond)


def maximum(a, b) -> Tensor:
    """Elementwise max; at ties the gradient is split evenly."""
    return (a if isinstance(a, Tensor) else b._operand(a)).maximum(b)


def minimum(a, b) -> Tensor:
    """Elementwise min; at ties the gradient is split evenly."""
    return (a if isinstance(a, Tensor) else b._operand(a)).minimum(b)


def matmul(a, b) -> Tensor:
    """The matrix product (numpy's matmul: 1-d, 2-d and batched)."""
    return as_tensor(a) @ b


def concatenate(tensors, axis: int = 0) -> Tensor:
    """The tensors joined along an existing dim (their dtypes promoted as PyTorch's)."""
    tensors = [as_tensor(t) for t in tensors]
    if not tensors:
        raise ValueError("concatenate: need at least one tensor")
    kinds = {t._data.dtype for t in tensors}
    if len(kinds) > 1:
        dt = functools.reduce(dtypes.promote_types, kinds)
        tensors = [t if t._data.dtype == dt else t.astype(dt) for t in tensors]
    return Concatenate.apply(*tensors, axis=axis_arg(axis, tensors[0].ndim, "concatenate"))


def stack(tensors, axis: int = 0) -> Tensor:
    """The tensors (all of one shape) joined along a new dim."""
    tensors = [as_tensor(t) for t in tensors]
    if not tensors:
        raise ValueError("stack: need at least one tensor")
    axis = axis_arg(axis, tensors[0].ndim + 1, "stack")
    shapes = {t.shape for t in tensors}
    if len(shapes) != 1:
        raise ValueError(f"stack: all tensors must have the same shape, got {sorted(shapes)}")
    t0 = start()
    return mark(concatenate([t.unsqueeze(axis) for t in tensors], axis), t0, "stack")


class TensorFunctions:
    """`xp(g)` for Tensors: `op.ArrayFunctions`' names, recorded (for create_graph)."""

    exp = staticmethod(lambda x: x.exp())
    log = staticmethod(lambda x: x.log())
    sin = staticmethod(lambda x: x.sin())
    cos = staticmethod(lambda x: x.cos())
    tanh = staticmethod(lambda x: x.tanh())
    sqrt = staticmethod(lambda x: x.sqrt())
    sigmoid = staticmethod(lambda x: x.sigmoid())
    where = staticmethod(where)
    broadcast_to = staticmethod(lambda x, shape: x.broadcast_to(shape))
    concatenate = staticmethod(concatenate)
    stack = staticmethod(stack)

    @staticmethod
    def scatter_add(g, index, shape: tuple) -> Tensor:
        """Zeros of `shape` with g added at index (recorded: ScatterAdd)."""
        return ScatterAdd.apply(g, index=index, shape=shape)

    @staticmethod
    def saved(array, recompute):
        """A value forward saved for the backward: recomputed here with recorded ops."""
        return recompute()


def _sizes_given(*args) -> None:
    """`Tensor(3, 4)` is PyTorch's uninitialised 3 x 4 tensor; here the second argument is
    requires_grad: a TypeError saying what to write."""
    sizes = ", ".join(str(a) for a in args if type(a) is int)
    raise TypeError(
        f"Tensor({sizes}): Tensor's arguments are (data, requires_grad, dtype); PyTorch's "
        f"torch.Tensor({sizes}) is an uninitialised tensor of that size: write "
        f"autograd.empty({sizes}) (or zeros)"
    )


class Tensor(
    TensorBase,
    ElementwiseMethods,
    PointwiseMethods,
    NumberMethods,
    StatisticsMethods,
    ReductionMethods,
    ShapeMethods,
    ScatterMethods,
    ViewMethods,
    MatrixMethods,
    LUMethods,
    STFTMethods,
    InPlaceMethods,
    RandomMethods,
    ConversionMethods,
    HookMethods,
    NumpyInterop,
    MemoryMethods,
):
    """An n-dimensional array with reverse-mode automatic differentiation.

    `data` is anything `numpy.asarray` takes, or a Tensor. Python floats take
    the default dtype (float32); numpy arrays and numpy scalars keep theirs.
    """

    __slots__ = ()
    __hash__ = object.__hash__

    def __init__(self, data, requires_grad: bool = False, dtype=None, name: str | None = None):
        if type(data) is int and (type(requires_grad) is int or type(dtype) is int):
            _sizes_given(data, requires_grad, dtype)
        if isinstance(data, Tensor):
            data = data._data
        if isinstance(data, np.ndarray):
            if data.dtype.kind not in _NUMERIC:  # before a cast could parse strings
                _not_numeric(data, data)
            arr = np.asarray(data, dtype=dtype)  # shares memory unless a cast is asked for
        else:
            if dtype is not None and not isinstance(data, _SCALARS):
                probe = np.asarray(data)  # strings are refused, not parsed by the cast
                kind = probe.dtype.kind
                if kind in "USMmV" or (kind == "O" and _odd_element(probe) is not None):
                    _not_numeric(data, probe)
            arr = np.asarray(data, dtype=dtype)
            if dtype is None and arr.dtype == np.float64 and not isinstance(data, np.generic):
                arr = arr.astype(dtypes.get_default_dtype())
        if arr.dtype.kind not in _NUMERIC:
            _not_numeric(data, arr)
        if arr.ndim == 0 and not isinstance(data, np.ndarray):
            arr = arr[()]  # numbers become numpy scalars: scalar graphs stay fast
        self._data = arr
        self.grad = None
        self._requires_grad = False
        self._op = None
        self._retain = False
        if name is not None:
            self._name = name
        if _inferring and _gm.local.state.inference:
            self._inf = True
        if requires_grad:
            self.requires_grad_(True)

    _result = staticmethod(_constant)  # for the layers below, which reach it from a tensor
    _record = staticmethod(record)

    _functions = TensorFunctions  # op.xp(t): what backward rules call on Tensors

    @property
    def name(self) -> str | None:
        """The tensor's name (shown by repr and in drawings), or None."""
        return getattr(self, "_name", None)

    @name.setter
    def name(self, name: str | None) -> None:
        versions.check_mutable(self, "setting .name")
        self._name = name

    @property
    def grad_fn(self) -> Node | None:
        """The node that produced this tensor: its op and inputs (None for leaves)."""
        return None if self._op is None else Node(self)

    # ----------------------------------------------------------------- data
    @property
    def data(self) -> DataArray:
        """The values, as a numpy array sharing the tensor's memory (a `DataArray`: an
        ndarray that also has PyTorch's in-place methods and meanings, `p.data.add_(g,
        alpha=-lr)`, `p.data.std()` unbiased; see autograd/data_array.py). Nothing done
        through it is recorded."""
        return self.numpy().view(DataArray)

    @data.setter
    def data(self, value) -> None:
        """Replace the values (an in-place change: ops that saved the old ones will refuse)."""
        versions.check_mutable(self, "setting .data")
        d = self._data
        if (
            type(value) is DataArray
            and type(d) is np.ndarray
            and value.shape == d.shape
            and value.strides == d.strides
            and value.dtype == d.dtype
            and value.__array_interface__["data"][0] == d.__array_interface__["data"][0]
        ):  # `p.data += g`: numpy wrote into the memory, and gives the same array back
            versions.bump(self)
            return
        arr = value._data if isinstance(value, Tensor) else np.asarray(value)
        self._data = arr[()] if arr.ndim == 0 else arr
        versions.bump(
            self, memory=False
        )  # other memory, not written into: its sharers are unchanged

    @property
    def _version(self) -> int:
        """0, or the stamp of the last in-place change of these values (through any tensor)."""
        return max(getattr(self, "_vers", 0), versions.memory_version(self._data))

    @property
    def shape(self) -> tuple:
        """The dimensions, a tuple of ints (`x.size()` gives PyTorch's `Size`)."""
        return self._data.shape

    @property
    def ndim(self) -> int:
        """The number of dimensions (0 for a scalar); the same as `dim()`."""
        return self._data.ndim

    @property
    def dtype(self) -> np.dtype:
        """The element type, a numpy dtype (`autograd.float32` is `np.dtype("float32")`)."""
        return self._data.dtype

    @property
    def is_leaf(self) -> bool:
        """True for a tensor no recorded op produced (made by the user, or a parameter)."""
        return self._op is None

    @property
    def T(self) -> Tensor:
        """The dims reversed (the transpose of a matrix)."""
        return self.transpose()

    def numpy(self, *, force: bool = False) -> np.ndarray:
        """The values as a plain numpy array (shared memory; `force` is PyTorch's, needed
        there for a tensor that requires grad, and the same array here)."""
        d = self._data
        if type(d) is not np.ndarray:
            if versions.frozen and id(self) in versions.frozen:  # a read-only copy
                d = np.array(d)
                d.flags.writeable = False
                return d
            d = self._data = np.asarray(d)
        return d

    def item(self):
        """The one element as a Python number."""
        return self._one("item")

    def tolist(self):
        """The values as (nested) Python lists of Python numbers."""
        return self._data.tolist()

    def detach(self) -> Tensor:
        """The same values, cut from the graph."""
        return _constant(self._data)

    @property
    def requires_grad(self) -> bool:
        """Whether gradients are computed for this tensor (set it on leaves, as PyTorch)."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, flag: bool) -> None:
        if flag and not dtypes.is_differentiable(self._data.dtype):
            raise RuntimeError(
                "only Tensors of floating point and complex dtype can require gradients, got "
                f"dtype {self._data.dtype}"
            )
        if not flag and self._op is not None:
            raise RuntimeError(
                "you can only change requires_grad flags of leaf variables; to use a computed "
                "tensor without its graph, use t.detach()"
            )
        if flag != self._requires_grad:
            versions.check_mutable(self, "setting .requires_grad")
        self._requires_grad = bool(flag)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Make this leaf require grad (or not); returns self."""
        flag = requires_grad
        if flag and not dtypes.is_differentiable(self.dtype):
            raise TypeError(f"only floating-point tensors can require grad, got dtype {self.dtype}")
        if flag and getattr(self, "_inf", False) and not _gm.local.state.inference:
            raise RuntimeError(
                "requires_grad_(): this tensor was made in inference mode and cannot require "
                "grad outside it; use .clone() to get a normal tensor"
            )
        if not flag and self._op is not None:
            raise RuntimeError("requires_grad_(False): only leaf tensors can stop requiring grad")
        versions.check_mutable(self, "requires_grad_()")
        self._requires_grad = bool(flag)
        return self

    def zero_grad(self) -> None:
        """Set `.grad` to None."""
        self.grad = None

    def backward(
        self, gradient=None, retain_graph: bool = False, create_graph: bool = False, inputs=None
    ):
        """Accumulate d(self)/d(leaf) into `.grad` of every leaf that requires grad (of the
        tensors in `inputs` only, when given)."""
        engine.backward(self, gradient, retain_graph, create_graph, inputs)

    def __repr__(self) -> str:
        if self._data.__class__ is Released:  # (reached through a freed graph's links)
            body = f"<freed by backward(): shape {self.shape}, dtype {self.dtype}>"
        elif printing.active:  # after set_printoptions: PyTorch's text
            body = printing.values_text(self.numpy(), len("Tensor("))
        else:
            body = np.array2string(self.numpy(), separator=", ", prefix="Tensor(")
        extra = ""
        if self.dtype != dtypes.get_default_dtype() and self.dtype.kind == "f":
            extra += f", dtype={self.dtype}"
        if self._op is not None:
            extra += f", grad_fn=<{self._op.name}>"
        elif self._requires_grad:
            extra += ", requires_grad=True"
        if self.name:
            extra += f", name={self.name!r}"
        return f"Tensor({body}{extra})"

    # ----------------------------------------------------------- arithmetic
    __add__, __radd__ = _operators(Add, "add")
    __sub__, __rsub__ = _operators(Sub, "sub")
    __mul__, __rmul__ = _operators(Mul, "mul")
    __truediv__, __rtruediv__ = _operators(Div, "truediv")
    __matmul__, __rmatmul__ = _operators(MatMul, "matmul")

    def _operand(self, x) -> Tensor:
        """A constant tensor for a non-Tensor operand (Python scalars follow numpy's weak rules)."""
        if type(x) in _SCALARS:
            # a 0-d tensor's numpy scalar finds its constants by its class (reading the
            # scalar's dtype is slow): the scalar graph's `w * x` with a data point x
            cache = _SCALAR_CONSTANTS.get(self._data.__class__)
            if cache is not None:
                t = cache.get(x)
                if t is not None:
                    return t
        elif isinstance(x, Tensor):
            return x
        if type(x) in _SCALARS:
            dt = self._data.dtype
            if dt.kind in "fc":
                # Python numbers recur (x * 0.5, 1 - p, data points): one constant each, made
                # once; fewer objects per op is less work for Python's garbage collector
                cache = _CONSTANTS.get(dt)
                if cache is None:
                    cache = _CONSTANTS[dt] = _SCALAR_CONSTANTS[dt.type] = {}
                t = cache.get(x)
                if t is None:
                    t = _constant(dt.type(x))
                    if x and x == x and len(cache) < 4096:  # not 0 (its sign) nor NaN
                        cache[x] = t
                        versions.freeze(t)  # shared by every op with x: it refuses changes
                return t
            if type(x) is float:
                return _constant(dtypes.get_default_dtype().type(x))
            if dt.kind in "iu" and type(x) is int:
                try:  # as numpy's weak Python ints: int8 + 1 stays int8
                    return _constant(dt.type(x))
                except OverflowError:
                    pass
            return _constant(np.asarray(x))
        return Tensor(x)

    def __pow__(self, exponent):
        sd = self._data
        if type(exponent) in _SCALARS:  # Python numbers are weak: the tensor's dtype stays
            if sd.dtype.kind not in "fc":
                if type(exponent) is float:  # an integer tensor ** 0.5: the default dtype
                    return self.astype(dtypes.get_default_dtype()) ** exponent
                return _constant(sd**exponent)  # not differentiable: numpy's integer power
            return Pow.apply(self, exponent=exponent)
        e = exponent if isinstance(exponent, Tensor) else Tensor(exponent)
        base, e = _promote(self, e)
        if base._data.dtype.kind not in "fc":
            return _constant(base._data**e._data)
        if e._requires_grad or (e._data.ndim and e._data.shape != base._data.shape):
            return PowTensor.apply(base, e)  # the op that differentiates (or broadcasts) b
        return Pow.apply(base, exponent=e._data)

    def __rpow__(self, base):
        base, e = _promote(self._operand(base), self)
        if base._data.dtype.kind not in "fc":
            return _constant(base._data**e._data)
        return PowTensor.apply(base, e)

    def __neg__(self):
        if self._data.dtype.kind not in "fc":  # integers keep their dtype; bool: numpy's error
            return _constant(np.negative(self._data))
        if self._data.dtype.kind == "c":  # (-1 + 0j) * (inf + 0j) is -inf + nan j
            return Sub.apply(self._operand(0), self)
        return Mul.apply(self, self._operand(-1))

    def __pos__(self):
        return self

    def __abs__(self):
        return self.abs()

    # comparisons and logic: boolean tensors, never differentiable
    __lt__ = _comparison(np.less)
    __le__ = _comparison(np.less_equal)
    __gt__ = _comparison(np.greater)
    __ge__ = _comparison(np.greater_equal)
    __eq__ = _comparison(np.equal)
    __ne__ = _comparison(np.not_equal)
    __and__ = _comparison(np.bitwise_and)
    __or__ = _comparison(np.bitwise_or)
    __xor__ = _comparison(np.bitwise_xor)

    def __invert__(self):
        return _constant(~self._data)

    def astype(self, dtype):
        """Cast; differentiable between floating dtypes."""
        dtype = dtypes.to_dtype(dtype, "astype")
        if dtype == self.dtype:
            return self
        if dtype.kind not in "fc" or not self._requires_grad:
            return _constant(self._data.astype(dtype))
        return Cast.apply(self, dtype=dtype)
