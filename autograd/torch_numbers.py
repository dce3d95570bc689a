"""Module-level number functions with PyTorch's signatures: the forms of Tensor's `gcd`,
`lcm`, `heaviside`, `copysign`, `float_power`, `frexp`, `ldexp`, `nextafter`, `signbit`,
`angle`, `real`, `imag`, `conj`, ... (autograd/tensor_numbers.py), and `isin`, `rsub`,
`unravel_index`, `broadcast_shapes`, `scalar_tensor`, `is_signed`, `is_same_size`,
`is_inference`, and PyTorch's constants `e`, `pi`, `inf`, `nan`, `newaxis`.
"""

from __future__ import annotations

import math

import numpy as np

from . import dtypes
from .creation import full
from .shapes import Size
from .tensor_class import Tensor
from .torch_math import _out, _tensor

__all__ = [
    "angle", "bitwise_left_shift", "bitwise_right_shift", "broadcast_shapes", "conj",
    "conj_physical", "copysign", "e", "float_power", "frexp", "gcd", "heaviside", "imag", "inf",
    "is_conj", "is_inference", "is_neg", "is_same_size", "is_signed", "isin", "isreal", "lcm",
    "ldexp", "nan", "newaxis", "nextafter", "pi", "real", "resolve_conj", "resolve_neg", "rsub",
    "scalar_tensor", "signbit", "unravel_index",
]  # fmt: skip

e = math.e  # PyTorch's constants are Python floats (math's)
pi = math.pi
inf = math.inf
nan = math.nan
newaxis = None  # x[autograd.newaxis] adds a dim, as numpy's and PyTorch's None


def gcd(input, other, *, out=None) -> Tensor:
    """The greatest common divisor, elementwise (integer tensors)."""
    return _out(_tensor(input).gcd(other), out)


def lcm(input, other, *, out=None) -> Tensor:
    """The least common multiple, elementwise (integer tensors)."""
    return _out(_tensor(input).lcm(other), out)


def bitwise_left_shift(input, other, *, out=None) -> Tensor:
    """input << other, elementwise (integer tensors; either may be a number)."""
    if not isinstance(input, Tensor):
        return _out(_tensor(other).__rlshift__(input), out)
    return _out(input.bitwise_left_shift(other), out)


def bitwise_right_shift(input, other, *, out=None) -> Tensor:
    """input >> other, elementwise, keeping the sign (integer tensors)."""
    if not isinstance(input, Tensor):
        return _out(_tensor(other).__rrshift__(input), out)
    return _out(input.bitwise_right_shift(other), out)


def heaviside(input, values, *, out=None) -> Tensor:
    """The step function: 0 below 0, 1 above, `values` at 0 (no gradient)."""
    return _out(_tensor(input).heaviside(values), out)


def copysign(input, other, *, out=None) -> Tensor:
    """|input| with the sign of other, elementwise."""
    return _out(_tensor(input).copysign(other), out)


def float_power(input, exponent, *, out=None) -> Tensor:
    """input ** exponent in float64 (complex128 for complex operands); either may be a number."""
    if not isinstance(input, Tensor):
        wide = np.complex128 if isinstance(input, complex) else np.float64
        input = Tensor(np.asarray(input, dtype=wide))
    return _out(input.float_power(exponent), out)


def frexp(input, *, out=None):
    """(mantissa, exponent) with input = mantissa * 2**exponent (an int32 exponent)."""
    result = _tensor(input).frexp()
    if out is None:
        return result
    mantissa, exponent = out
    return type(result)(_out(result[0], mantissa), _out(result[1], exponent))


def ldexp(input, other, *, out=None) -> Tensor:
    """input * 2**other (other a tensor)."""
    return _out(_tensor(input).ldexp(other), out)


def nextafter(input, other, *, out=None) -> Tensor:
    """The next floating-point value after input towards other, elementwise."""
    return _out(_tensor(input).nextafter(other), out)


def signbit(input, *, out=None) -> Tensor:
    """Whether the sign bit is set (-0.0 too), a bool tensor."""
    return _out(_tensor(input).signbit(), out)


def angle(input, *, out=None) -> Tensor:
    """The argument: pi where input < 0, else 0, for a real tensor."""
    return _out(_tensor(input).angle(), out)


def real(input) -> Tensor:
    """The real part: a real tensor itself."""
    return _tensor(input).real


def imag(input) -> Tensor:
    """The imaginary part (complex tensors only; a real one raises, as PyTorch)."""
    return _tensor(input).imag


def isreal(input) -> Tensor:
    """Whether each element is real (a bool tensor)."""
    return _tensor(input).isreal()


def conj(input) -> Tensor:
    """The complex conjugate: a real tensor itself."""
    return _tensor(input).conj()


def conj_physical(input, *, out=None) -> Tensor:
    """The complex conjugate, computed: a real tensor itself."""
    return _out(_tensor(input).conj_physical(), out)


def resolve_conj(input) -> Tensor:
    """The tensor with a pending conjugation applied (graphgrad has none: itself)."""
    return _tensor(input).resolve_conj()


def resolve_neg(input) -> Tensor:
    """The tensor with a pending negation applied (graphgrad has none: itself)."""
    return _tensor(input).resolve_neg()


def is_conj(input) -> bool:
    """Whether a conjugation is pending (never)."""
    return _tensor(input).is_conj()


def is_neg(input) -> bool:
    """Whether a negation is pending (never)."""
    return _tensor(input).is_neg()


def is_signed(input) -> bool:
    """Whether the tensor's dtype has a sign (False for uint8 and bool)."""
    return _tensor(input).is_signed()


def is_same_size(input, other) -> bool:
    """Whether the two tensors have the same shape."""
    return _tensor(input).is_same_size(_tensor(other))


def is_inference(input) -> bool:
    """Whether the tensor was made in inference mode."""
    return _tensor(input).is_inference()


def rsub(input, other, *, alpha=1) -> Tensor:
    """other - alpha * input (the reversed `sub`; other may be a number)."""
    x = _tensor(input)
    return x._operand(other).sub(x, alpha=alpha)


def isin(elements, test_elements, *, assume_unique: bool = False, invert: bool = False,
         out=None) -> Tensor:  # fmt: skip
    """Whether each element is one of test_elements (either may be a number), a bool
    tensor of elements' shape; `invert=True`: whether it is not. NaN is in nothing."""
    if not isinstance(elements, Tensor) and not isinstance(test_elements, Tensor):
        raise TypeError("isin(): elements or test_elements must be a Tensor")
    a = np.asarray(getattr(elements, "_data", elements))
    b = np.asarray(getattr(test_elements, "_data", test_elements)).reshape(-1)
    found = np.isin(a, b, invert=invert)
    return _out(Tensor(np.asarray(found, dtype=bool)), out)


def unravel_index(indices, shape) -> tuple:
    """The coordinates in a tensor of `shape` of flat indices: one int64 tensor per dim (an
    index outside the tensor wraps around, as PyTorch's)."""
    if not isinstance(indices, Tensor):
        raise TypeError(
            f"unravel_index(): expected 'indices' to be a Tensor, got {type(indices).__name__}"
        )
    if indices._data.dtype.kind not in "iu":
        raise TypeError(
            f"expected 'indices' to be integer dtype, but got torch.{indices._data.dtype.name}"
        )
    dims = (shape,) if isinstance(shape, (int, np.integer)) else tuple(shape)
    if any(not isinstance(d, (int, np.integer)) for d in dims):
        raise TypeError(f"unravel_index(): 'shape' must be a sequence of ints, got {shape!r}")
    if any(d < 0 for d in dims):
        raise ValueError(f"'shape' cannot have negative values, but got {tuple(dims)}")
    flat = np.asarray(indices._data, dtype=np.int64)
    out = []
    for d in reversed(dims):
        out.append(np.mod(flat, d) if d else np.zeros_like(flat))
        flat = np.floor_divide(flat, d) if d else flat
    return tuple(Tensor(c) for c in reversed(out))


def broadcast_shapes(*shapes) -> Size:
    """The shape tensors of these shapes broadcast to (ints count as 1-d shapes)."""
    dims = [(s,) if isinstance(s, (int, np.integer)) else tuple(s) for s in shapes]
    n = max((len(s) for s in dims), default=0)
    result = [1] * n
    for s in dims:
        for i in range(-1, -len(s) - 1, -1):
            if s[i] < 0:
                raise RuntimeError(f"Trying to create tensor with negative dimension {s[i]}: {s}")
            if result[i] == 1:
                result[i] = s[i]
    for k, s in enumerate(dims):
        for i in range(-1, -len(s) - 1, -1):
            if s[i] != 1 and s[i] != result[i]:
                raise RuntimeError(
                    f"Attempting to broadcast a dimension of length {s[i]} at {i}! Mismatching "
                    f"argument at index {k} had {tuple(s)}; but expected shape should be "
                    f"broadcastable to {result}"
                )
    return Size(result)


def scalar_tensor(s, *, dtype=None, layout=None, device=None, pin_memory=None,
                  requires_grad: bool = False) -> Tensor:  # fmt: skip
    """A 0-d tensor of the number s, in the default floating dtype unless `dtype` is given."""
    dt = dtypes.get_default_dtype() if dtype is None else dtype
    return full((), s, dtype=dt, layout=layout, device=device, requires_grad=requires_grad)
