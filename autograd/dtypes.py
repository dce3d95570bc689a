"""dtypes: the default floating dtype, PyTorch's dtype names, type promotion, finfo/iinfo.

dtypes are numpy dtypes: `autograd.float32 is np.dtype("float32")`, so `x.dtype ==
autograd.float32` and `x.dtype == np.float32` both hold. PyTorch's names map to them
(`NAMES`; `float` is float32, `double` float64, `long` int64, ...). Where numpy has no such
dtype (bfloat16, complex32) the name is an `Unavailable` marker: naming it is fine (a dict
of dtypes by name), using it as a dtype raises a TypeError that says what to write.

`promote_types`, `result_type` and `can_cast` follow PyTorch's rules (categories bool <
integer < floating < complex; a higher category wins with its own dtype; zero-dim tensors
and Python numbers only raise the category), which differ from numpy's (numpy: int32 +
float32 -> float64, PyTorch: float32). The ops use `result_type`.
`in_float32` computes a float16 reduction in float32 and rounds once.
"""

from __future__ import annotations

import numpy as np

_default = np.dtype(np.float32)
HALF = np.dtype(np.float16)


def to_dtype(dtype, what: str = "dtype") -> np.dtype:
    """A numpy dtype from a numpy dtype, a numpy type, a name ("float32") or an autograd one."""
    if type(dtype) is np.dtype:
        return dtype
    if isinstance(dtype, Unavailable):
        raise TypeError(dtype.message())
    if isinstance(dtype, str) and dtype.startswith("torch."):
        dtype = dtype[len("torch.") :]
    if isinstance(dtype, str) and dtype in NAMES:
        return to_dtype(NAMES[dtype], what)
    try:
        return np.dtype(dtype)
    except TypeError:
        raise TypeError(
            f"{what}: {dtype!r} is not a dtype (write e.g. autograd.float32 or np.float64)"
        ) from None


def set_default_dtype(dtype) -> None:
    """Set the dtype that Python floats and new floating tensors take (float32 or float64)."""
    global _default
    d = to_dtype(dtype, "set_default_dtype")
    if d.kind != "f":
        raise TypeError(f"set_default_dtype: only floating dtypes are allowed, got {d}")
    _default = d


def get_default_dtype() -> np.dtype:
    """The dtype that Python floats and new floating tensors take."""
    return _default


def default_complex() -> np.dtype:
    """The dtype Python complex numbers take: complex64, or complex128 under float64."""
    return np.dtype(np.complex128 if _default == np.float64 else np.complex64)


def is_differentiable(dtype: np.dtype) -> bool:
    """Only floating (and complex) tensors can require grad."""
    return dtype.kind in "fc"


# ------------------------------------------------------------------------- names
class Unavailable:
    """A PyTorch dtype numpy does not have (bfloat16, complex32): an error when used."""

    __slots__ = ("name", "instead")

    def __init__(self, name: str, instead: str):
        self.name, self.instead = name, instead

    def message(self) -> str:
        return (
            f"dtype {self.name} is not available: graphgrad's tensors are numpy arrays and "
            f"numpy has no {self.name}; use {self.instead}"
        )

    @property
    def dtype(self):  # numpy asks for `.dtype` when given an object: np.dtype(bfloat16)
        raise TypeError(self.message())

    @property
    def is_floating_point(self) -> bool:
        return self.name == "bfloat16"

    def __repr__(self) -> str:
        return f"autograd.{self.name} (unavailable: numpy has no {self.name})"


bfloat16 = Unavailable("bfloat16", "autograd.float32 (or float16)")
complex32 = Unavailable("complex32", "autograd.complex64")
chalf = complex32

dtype = np.dtype  # torch.dtype: the class of graphgrad's dtypes, which are numpy's

# PyTorch's dtype names (autograd exports these, and float, int and bool; see NAMES)
float16 = half = np.dtype(np.float16)
float32 = np.dtype(np.float32)
float64 = double = np.dtype(np.float64)
complex64 = cfloat = np.dtype(np.complex64)
complex128 = cdouble = np.dtype(np.complex128)
uint8 = np.dtype(np.uint8)
uint16 = np.dtype(np.uint16)
uint32 = np.dtype(np.uint32)
uint64 = np.dtype(np.uint64)
int8 = np.dtype(np.int8)
int16 = short = np.dtype(np.int16)
int32 = np.dtype(np.int32)
int64 = long = np.dtype(np.int64)
bool_ = np.dtype(np.bool_)

# every name, as to_dtype reads them ("float", "torch.long", ...)
NAMES: dict = {
    "float16": float16,
    "half": half,
    "float32": float32,
    "float": float32,
    "float64": float64,
    "double": double,
    "bfloat16": bfloat16,
    "complex32": complex32,
    "chalf": chalf,
    "complex64": complex64,
    "cfloat": cfloat,
    "complex128": complex128,
    "cdouble": cdouble,
    "uint8": uint8,
    "uint16": uint16,
    "uint32": uint32,
    "uint64": uint64,
    "int8": int8,
    "int16": int16,
    "short": short,
    "int32": int32,
    "int": int32,
    "int64": int64,
    "long": long,
    "bool": bool_,
}

# Tensor.type(): PyTorch's legacy type names
_TYPE_NAMES = {
    "float16": "HalfTensor",
    "float32": "FloatTensor",
    "float64": "DoubleTensor",
    "complex64": "ComplexFloatTensor",
    "complex128": "ComplexDoubleTensor",
    "uint8": "ByteTensor",
    "int8": "CharTensor",
    "int16": "ShortTensor",
    "int32": "IntTensor",
    "int64": "LongTensor",
    "bool": "BoolTensor",
}
_FROM_TYPE_NAME = {v: k for k, v in _TYPE_NAMES.items()}


def type_name(dtype: np.dtype) -> str:
    """PyTorch's name of a tensor type: "torch.FloatTensor" for float32 (Tensor.type())."""
    name = _TYPE_NAMES.get(dtype.name)
    return f"torch.{name}" if name else f"torch.{dtype.name}"


def from_type_name(name: str) -> np.dtype:
    """The dtype of a PyTorch tensor type name ("torch.DoubleTensor") or of a dtype name."""
    short = name.rsplit(".", 1)[-1]
    if short in _FROM_TYPE_NAME:
        return np.dtype(_FROM_TYPE_NAME[short])
    return to_dtype(name, "type")


# ----------------------------------------------------------------- type promotion
def category(dtype: np.dtype) -> int:
    """PyTorch's category: 0 bool, 1 integer, 2 floating, 3 complex."""
    return {"b": 0, "u": 1, "i": 1, "f": 2, "c": 3}[dtype.kind]


def _is_big_unsigned(d: np.dtype) -> bool:
    return d.kind == "u" and d.itemsize > 1


def promote_types(type1, type2) -> np.dtype:
    """The smallest dtype both can be cast to, by PyTorch's table (int32 + float32 -> float32)."""
    a, b = to_dtype(type1, "promote_types"), to_dtype(type2, "promote_types")
    if a == b:
        return a
    if (_is_big_unsigned(a) or _is_big_unsigned(b)) and a.kind in "biu" and b.kind in "biu":
        raise RuntimeError(
            f"Promotion for uint16, uint32, uint64 types is not supported, attempted to "
            f"promote {a} and {b}"
        )
    ca, cb = category(a), category(b)
    if ca == cb or {ca, cb} == {2, 3}:  # within a category, and float with complex: numpy's
        return np.promote_types(a, b)
    return a if ca > cb else b  # a higher category wins with its own dtype


def can_cast(from_, to) -> bool:
    """Whether PyTorch allows casting `from_` to `to` in a type-promoting op: never to a lower
    category (float -> int, complex -> float, int -> bool); any size within one."""
    a, b = to_dtype(from_, "can_cast"), to_dtype(to, "can_cast")
    return category(a) <= category(b)


def _scalar_dtype(x) -> np.dtype | None:
    """The dtype PyTorch gives a Python number taking part in an op (None: not a number)."""
    if isinstance(x, bool):
        return np.dtype(np.bool_)
    if isinstance(x, int):
        return np.dtype(np.int64)
    if isinstance(x, float):
        return _default
    if isinstance(x, complex):
        return default_complex()
    if isinstance(x, np.generic) and x.dtype.kind in "biufc":
        # numpy scalars take part as Python numbers of their kind (as in PyTorch)
        return _scalar_dtype(x.item())
    return None


def _combine(higher, lower):
    """PyTorch's combine_categories: the result of a higher-priority group with a lower one."""
    if higher is None:
        return lower
    if lower is None or higher.kind == "c":
        return higher
    if lower.kind == "c":  # keep the higher's precision: float32 dims with a complex -> complex64
        if higher.kind == "f":
            return np.result_type(higher, np.complex64)
        return lower
    if higher.kind == "f":
        return higher
    if higher.kind == "b" or lower.kind == "f":
        return promote_types(higher, lower)
    return higher


def result_type(*operands) -> np.dtype:
    """The dtype of an op on these tensors (or arrays) and Python numbers, by PyTorch's rules.

    Tensors with dimensions promote among themselves; zero-dim tensors, then Python numbers,
    take part only when they are of a higher category (float > int > bool): float32 + an
    int64 tensor -> float32, float32 + a float64 0-d tensor -> float32, int64 + 1.5 -> the
    default dtype, uint8 + 300 -> uint8.
    """
    dims = zero = wrapped = None
    for x in operands:
        d = _scalar_dtype(x)
        if d is not None:
            wrapped = d if wrapped is None else promote_types(wrapped, d)
            continue
        dt = getattr(x, "dtype", None)
        if not isinstance(dt, np.dtype) or not hasattr(x, "ndim"):
            raise TypeError(
                f"result_type: expected tensors, arrays or numbers, got {type(x).__name__}"
            )
        if x.ndim:
            dims = dt if dims is None else promote_types(dims, dt)
        else:
            zero = dt if zero is None else promote_types(zero, dt)
    if dims is None and zero is None and wrapped is None:
        raise TypeError("result_type: expected at least one tensor or number")
    return _combine(dims, _combine(zero, wrapped))


# ------------------------------------------------------------------ finfo / iinfo
class finfo:
    """Machine limits of a floating dtype (PyTorch's fields; complex dtypes give their
    real part's). `finfo()` is the default dtype's."""

    def __init__(self, type=None):
        d = _default if type is None else to_dtype(type, "finfo")
        if d.kind not in "fc":
            raise TypeError(
                "finfo() requires a floating point input type. Use iinfo to handle 'finfo'"
            )
        f = np.finfo(d)
        self.bits: int = int(f.bits)
        self.eps: float = float(f.eps)
        self.max: float = float(f.max)
        self.min: float = float(f.min)
        self.tiny: float = float(f.smallest_normal)
        self.smallest_normal: float = self.tiny
        self.resolution: float = 10.0 ** -int(f.precision)
        self.dtype: str = f.dtype.name

    def __repr__(self) -> str:
        return (
            f"finfo(resolution={self.resolution:g}, min={self.min:g}, max={self.max:g}, "
            f"eps={self.eps:g}, smallest_normal={self.smallest_normal:g}, tiny={self.tiny:g}, "
            f"dtype={self.dtype})"
        )


class iinfo:
    """Machine limits of an integer dtype (PyTorch's fields: bits, min, max, dtype)."""

    def __init__(self, type):
        d = to_dtype(type, "iinfo")
        if d.kind == "b":
            raise TypeError(f"{d} is not supported by iinfo")
        if d.kind not in "iu":
            raise TypeError("iinfo() requires an integer input type. Use finfo to handle 'iinfo'")
        i = np.iinfo(d)
        self.bits: int = int(i.bits)
        self.min: int = int(i.min)
        self.max: int = int(i.max)
        self.dtype: str = d.name

    def __repr__(self) -> str:
        return f"iinfo(min={self.min:g}, max={self.max:g}, dtype={self.dtype})"


def in_float32(t, compute):
    """compute(t) for a float16 tensor t, done in float32 and rounded to float16 once.

    Reductions, softmax, norms and losses of float16 tensors accumulate in float32, as
    PyTorch's do (a float16 sum of more than 65504 ones is inf; PyTorch's mean of them is
    1). The casts are differentiable, so gradients flow in float16 as before.
    """
    out = compute(t.astype(np.float32))
    return out.astype(HALF)
