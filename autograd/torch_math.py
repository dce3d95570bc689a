"""Module-level elementwise functions mirroring Tensor methods, with PyTorch's signatures.

`autograd.tanh(x)`, `autograd.add(x, y, alpha=2)`, `autograd.matmul(input=a, other=b,
out=c)`, `autograd.where(cond, x, 0.0)`, ...: each calls the Tensor method (one
definition of each op) and takes PyTorch's keyword names; `out=` as in
autograd/torch_functions.py (which has the reductions, shape functions and the rest).
"""

from __future__ import annotations

from .layouts import check_out_dtype
from .tensor_class import Tensor, as_tensor
from .tensor_class import where as _where

__all__ = [
    "abs",
    "absolute",
    "add",
    "addcdiv",
    "addcmul",
    "allclose",
    "bmm",
    "ceil",
    "clamp",
    "clamp_max",
    "clamp_min",
    "clip",
    "cos",
    "div",
    "divide",
    "dot",
    "eq",
    "equal",
    "exp",
    "exp2",
    "expm1",
    "fix",
    "floor",
    "floor_divide",
    "fmax",
    "fmin",
    "frac",
    "ge",
    "greater",
    "greater_equal",
    "gt",
    "isclose",
    "isfinite",
    "isinf",
    "isnan",
    "isneginf",
    "isposinf",
    "le",
    "lerp",
    "less",
    "less_equal",
    "log",
    "log10",
    "log1p",
    "log2",
    "logical_and",
    "logical_not",
    "logical_or",
    "logical_xor",
    "lt",
    "masked_fill",
    "matmul",
    "maximum",
    "minimum",
    "mm",
    "mul",
    "multiply",
    "mv",
    "ne",
    "neg",
    "negative",
    "nonzero",
    "not_equal",
    "outer",
    "pow",
    "reciprocal",
    "relu",
    "remainder",
    "round",
    "rsqrt",
    "sgn",
    "sigmoid",
    "sign",
    "sin",
    "sqrt",
    "square",
    "sub",
    "subtract",
    "tanh",
    "true_divide",
    "trunc",
    "where",
]


def _out(result, out):
    """result, or written into `out` in place (PyTorch's `out=`)."""
    if out is None:
        return result
    if not isinstance(out, Tensor):
        raise TypeError(f"out= must be a Tensor, got {type(out).__name__}")
    return out._store("out=", result)


def _tensor(x) -> Tensor:
    return as_tensor(x)


def abs(input, *, out=None) -> Tensor:  # noqa: A001 (PyTorch's name)
    """|x|, elementwise (the derivative at 0 is 0)."""
    return _out(_tensor(input).abs(), out)


def absolute(input, *, out=None) -> Tensor:
    """|x|, elementwise."""
    return _out(_tensor(input).absolute(), out)


def neg(input, *, out=None) -> Tensor:
    """-x, elementwise."""
    return _out(_tensor(input).neg(), out)


def negative(input, *, out=None) -> Tensor:
    """-x, elementwise."""
    return _out(_tensor(input).negative(), out)


def exp(input, *, out=None) -> Tensor:
    """e ** x, elementwise."""
    return _out(_tensor(input).exp(), out)


def exp2(input, *, out=None) -> Tensor:
    """2 ** x, elementwise."""
    return _out(_tensor(input).exp2(), out)


def expm1(input, *, out=None) -> Tensor:
    """exp(x) - 1, exact for small x."""
    return _out(_tensor(input).expm1(), out)


def log(input, *, out=None) -> Tensor:
    """The natural logarithm, elementwise."""
    return _out(_tensor(input).log(), out)


def log10(input, *, out=None) -> Tensor:
    """The base-10 logarithm, elementwise."""
    return _out(_tensor(input).log10(), out)


def log2(input, *, out=None) -> Tensor:
    """The base-2 logarithm, elementwise."""
    return _out(_tensor(input).log2(), out)


def log1p(input, *, out=None) -> Tensor:
    """log(1 + x), exact for small x."""
    return _out(_tensor(input).log1p(), out)


def sqrt(input, *, out=None) -> Tensor:
    """The square root, elementwise."""
    return _out(_tensor(input).sqrt(), out)


def rsqrt(input, *, out=None) -> Tensor:
    """1 / sqrt(x), elementwise."""
    return _out(_tensor(input).rsqrt(), out)


def square(input, *, out=None) -> Tensor:
    """x * x, elementwise."""
    return _out(_tensor(input).square(), out)


def reciprocal(input, *, out=None) -> Tensor:
    """1 / x, elementwise."""
    return _out(_tensor(input).reciprocal(), out)


def sin(input, *, out=None) -> Tensor:
    """The sine, elementwise."""
    return _out(_tensor(input).sin(), out)


def cos(input, *, out=None) -> Tensor:
    """The cosine, elementwise."""
    return _out(_tensor(input).cos(), out)


def tanh(input, *, out=None) -> Tensor:
    """The hyperbolic tangent, elementwise."""
    return _out(_tensor(input).tanh(), out)


def sigmoid(input, *, out=None) -> Tensor:
    """1 / (1 + exp(-x)), elementwise (without overflow)."""
    return _out(_tensor(input).sigmoid(), out)


def relu(input, *, out=None) -> Tensor:
    """max(x, 0), elementwise (the derivative at 0 is 0)."""
    return _out(_tensor(input).relu(), out)


def sign(input, *, out=None) -> Tensor:
    """-1, 0 or 1, elementwise (zero gradient)."""
    return _out(_tensor(input).sign(), out)


def sgn(input, *, out=None) -> Tensor:
    """-1, 0 or 1, elementwise (zero gradient)."""
    return _out(_tensor(input).sgn(), out)


def floor(input, *, out=None) -> Tensor:
    """The largest integer <= x, elementwise (zero gradient)."""
    return _out(_tensor(input).floor(), out)


def ceil(input, *, out=None) -> Tensor:
    """The smallest integer >= x, elementwise (zero gradient)."""
    return _out(_tensor(input).ceil(), out)


def trunc(input, *, out=None) -> Tensor:
    """x rounded towards zero (zero gradient)."""
    return _out(_tensor(input).trunc(), out)


def fix(input, *, out=None) -> Tensor:
    """x rounded towards zero (zero gradient)."""
    return _out(_tensor(input).fix(), out)


def frac(input, *, out=None) -> Tensor:
    """x - trunc(x), elementwise."""
    return _out(_tensor(input).frac(), out)


def isnan(input, *, out=None) -> Tensor:
    """Where x is NaN (a bool tensor)."""
    return _out(_tensor(input).isnan(), out)


def isinf(input, *, out=None) -> Tensor:
    """Where x is infinite (a bool tensor)."""
    return _out(_tensor(input).isinf(), out)


def isfinite(input, *, out=None) -> Tensor:
    """Where x is finite (a bool tensor)."""
    return _out(_tensor(input).isfinite(), out)


def isposinf(input, *, out=None) -> Tensor:
    """Where x is +inf (a bool tensor)."""
    return _out(_tensor(input).isposinf(), out)


def isneginf(input, *, out=None) -> Tensor:
    """Where x is -inf (a bool tensor)."""
    return _out(_tensor(input).isneginf(), out)


def logical_not(input, *, out=None) -> Tensor:
    """not x, elementwise (a bool tensor)."""
    return _out(_tensor(input).logical_not(), out)


def mul(input, other, *, out=None) -> Tensor:
    """input * other, elementwise (broadcast)."""
    return _out(_tensor(input).mul(other), out)


def multiply(input, other, *, out=None) -> Tensor:
    """input * other, elementwise (broadcast)."""
    return _out(_tensor(input).multiply(other), out)


def true_divide(input, other, *, out=None) -> Tensor:
    """input / other, elementwise."""
    return _out(_tensor(input).true_divide(other), out)


def remainder(input, other, *, out=None) -> Tensor:
    """input - floor(input / other) * other, with the sign of other (Python's %)."""
    return _out(_tensor(input).remainder(other), out)


def floor_divide(input, other, *, out=None) -> Tensor:
    """input / other rounded down (zero gradient)."""
    return _out(_tensor(input).floor_divide(other), out)


def eq(input, other, *, out=None) -> Tensor:
    """input == other, elementwise (a bool tensor)."""
    return _out(_tensor(input).eq(other), out)


def ne(input, other, *, out=None) -> Tensor:
    """input != other, elementwise."""
    return _out(_tensor(input).ne(other), out)


def not_equal(input, other, *, out=None) -> Tensor:
    """input != other, elementwise."""
    return _out(_tensor(input).not_equal(other), out)


def lt(input, other, *, out=None) -> Tensor:
    """input < other, elementwise."""
    return _out(_tensor(input).lt(other), out)


def less(input, other, *, out=None) -> Tensor:
    """input < other, elementwise."""
    return _out(_tensor(input).less(other), out)


def le(input, other, *, out=None) -> Tensor:
    """input <= other, elementwise."""
    return _out(_tensor(input).le(other), out)


def less_equal(input, other, *, out=None) -> Tensor:
    """input <= other, elementwise."""
    return _out(_tensor(input).less_equal(other), out)


def gt(input, other, *, out=None) -> Tensor:
    """input > other, elementwise."""
    return _out(_tensor(input).gt(other), out)


def greater(input, other, *, out=None) -> Tensor:
    """input > other, elementwise."""
    return _out(_tensor(input).greater(other), out)


def ge(input, other, *, out=None) -> Tensor:
    """input >= other, elementwise."""
    return _out(_tensor(input).ge(other), out)


def greater_equal(input, other, *, out=None) -> Tensor:
    """input >= other, elementwise."""
    return _out(_tensor(input).greater_equal(other), out)


def maximum(input, other, *, out=None) -> Tensor:
    """The elementwise maximum; at ties the gradient is split evenly."""
    return _out(_tensor(input).maximum(other), out)


def minimum(input, other, *, out=None) -> Tensor:
    """The elementwise minimum; at ties the gradient is split evenly."""
    return _out(_tensor(input).minimum(other), out)


def fmax(input, other, *, out=None) -> Tensor:
    """The elementwise maximum ignoring NaN (NaN only where both are)."""
    return _out(_tensor(input).fmax(other), out)


def fmin(input, other, *, out=None) -> Tensor:
    """The elementwise minimum ignoring NaN (NaN only where both are)."""
    return _out(_tensor(input).fmin(other), out)


def logical_and(input, other, *, out=None) -> Tensor:
    """input and other, elementwise (a bool tensor)."""
    return _out(_tensor(input).logical_and(other), out)


def logical_or(input, other, *, out=None) -> Tensor:
    """input or other, elementwise (a bool tensor)."""
    return _out(_tensor(input).logical_or(other), out)


def logical_xor(input, other, *, out=None) -> Tensor:
    """input xor other, elementwise (a bool tensor)."""
    return _out(_tensor(input).logical_xor(other), out)


def matmul(input, other, *, out=None) -> Tensor:
    """The matrix product (numpy's matmul: 1-d, 2-d and batched)."""
    return _out(_tensor(input).matmul(other), out)


def outer(input, vec2, *, out=None) -> Tensor:
    """The outer product of two 1-d tensors."""
    return _out(_tensor(input).outer(vec2), out)


def dot(input, tensor, *, out=None) -> Tensor:
    """The dot product of two 1-d tensors."""
    return _out(_tensor(input).dot(tensor), out)


def round(input, *, decimals: int = 0, out=None) -> Tensor:  # noqa: A001 (PyTorch's name)
    """x rounded to `decimals` places, halves to even (zero gradient)."""
    return _out(_tensor(input).round(decimals), out)


def add(input, other, *, alpha=1, out=None) -> Tensor:
    """input + alpha * other."""
    return _out(_tensor(input).add(other, alpha=alpha), out)


def sub(input, other, *, alpha=1, out=None) -> Tensor:
    """input - alpha * other."""
    return _out(_tensor(input).sub(other, alpha=alpha), out)


subtract = sub


def div(input, other, *, rounding_mode=None, out=None) -> Tensor:
    """input / other; `rounding_mode="trunc"` or `"floor"` rounds (zero gradient)."""
    return _out(_tensor(input).div(other, rounding_mode=rounding_mode), out)


divide = div


def pow(input, exponent, *, out=None) -> Tensor:  # noqa: A001
    """input ** exponent (either may be a number)."""
    if not isinstance(input, Tensor):
        return _out(exponent.__rpow__(input), out)
    return _out(input**exponent, out)


def mm(input, mat2, out_dtype=None, *, out=None) -> Tensor:
    """The product of two matrices (2-d tensors)."""
    check_out_dtype(out_dtype, "mm")
    return _out(_tensor(input).mm(mat2), out)


def bmm(input, mat2, out_dtype=None, *, out=None) -> Tensor:
    """A batch of matrix products (3-d tensors)."""
    check_out_dtype(out_dtype, "bmm")
    return _out(_tensor(input).bmm(mat2), out)


def mv(input, vec, *, out=None) -> Tensor:
    """A matrix (2-d) times a vector (1-d)."""
    return _out(_tensor(input).mv(vec), out)


def lerp(input, end, weight, *, out=None) -> Tensor:
    """input + weight * (end - input)."""
    return _out(_tensor(input).lerp(end, weight), out)


def addcmul(input, tensor1, tensor2, *, value=1, out=None) -> Tensor:
    """input + value * tensor1 * tensor2."""
    return _out(_tensor(input).addcmul(tensor1, tensor2, value=value), out)


def addcdiv(input, tensor1, tensor2, *, value=1, out=None) -> Tensor:
    """input + value * tensor1 / tensor2."""
    return _out(_tensor(input).addcdiv(tensor1, tensor2, value=value), out)


def clamp(input, min=None, max=None, *, out=None) -> Tensor:  # noqa: A002
    """Clamp to [min, max]; the gradient passes where min <= x <= max."""
    return _out(_tensor(input).clip(min, max), out)


clip = clamp


def clamp_min(input, min) -> Tensor:  # noqa: A002
    """`clamp(input, min=min)`."""
    return _tensor(input).clip(min, None)


def clamp_max(input, max) -> Tensor:  # noqa: A002
    """`clamp(input, max=max)`."""
    return _tensor(input).clip(None, max)


def masked_fill(input, mask, value) -> Tensor:
    """A copy of input with value where mask (broadcast) is True."""
    return _tensor(input).masked_fill(mask, value)


def where(condition, input=None, other=None, *, out=None):
    """Elements of input where condition holds, else of other (either may be a number);
    `where(condition)` alone is `nonzero(condition, as_tuple=True)`."""
    if input is None and other is None:
        return nonzero(condition, as_tuple=True)
    return _out(_where(condition, input, other), out)


def nonzero(input, *, out=None, as_tuple: bool = False):
    """The indices of the nonzero elements: an (n, ndim) int64 tensor, or one per dim."""
    if out is not None and as_tuple:
        raise RuntimeError("nonzero(): out= is not supported with as_tuple=True")
    return _out(_tensor(input).nonzero(as_tuple=as_tuple), out)


def isclose(input, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False):
    """|input - other| <= atol + rtol * |other|, elementwise (a bool tensor)."""
    return _tensor(input).isclose(other, rtol, atol, equal_nan)


def allclose(input, other, rtol: float = 1e-05, atol: float = 1e-08, equal_nan: bool = False):
    """Whether every element is close (`isclose`): a Python bool."""
    return _tensor(input).allclose(other, rtol, atol, equal_nan)


def equal(input, other) -> bool:
    """Whether the two have the same shape and elements: a Python bool."""
    return _tensor(input).equal(other)
