"""Module-level forms of Tensor's trigonometric, hyperbolic and special-function methods
(autograd/tensor_pointwise.py), with PyTorch's signatures: `autograd.atan2(y, x)`,
`autograd.erf(x, out=y)`, `autograd.nan_to_num(x, posinf=1e4)`, `autograd.aminmax(x,
dim=1)`, ..., and `is_floating_point`, `is_complex`, `is_nonzero`.
"""

from __future__ import annotations

from .tensor_class import Tensor
from .torch_math import _out, _tensor

__all__ = [
    "acos",
    "acosh",
    "aminmax",
    "arccos",
    "arccosh",
    "arcsin",
    "arcsinh",
    "arctan",
    "arctan2",
    "arctanh",
    "asin",
    "asinh",
    "atan",
    "atan2",
    "atanh",
    "bitwise_and",
    "bitwise_not",
    "bitwise_or",
    "bitwise_xor",
    "cosh",
    "deg2rad",
    "digamma",
    "dist",
    "erf",
    "erfc",
    "erfinv",
    "fmod",
    "hypot",
    "is_complex",
    "is_floating_point",
    "is_nonzero",
    "lgamma",
    "logaddexp",
    "logaddexp2",
    "logit",
    "nan_to_num",
    "nanmean",
    "nansum",
    "polygamma",
    "rad2deg",
    "sinh",
    "tan",
]


def _unary(name: str):
    method = getattr(Tensor, name)

    def fn(input, *, out=None) -> Tensor:
        return _out(method(_tensor(input)), out)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = f"{method.__doc__.rstrip('.')}, elementwise."
    return fn


def _binary(name: str):
    method = getattr(Tensor, name)

    def fn(input, other, *, out=None) -> Tensor:
        return _out(method(_tensor(input), other), out)

    fn.__name__ = fn.__qualname__ = name
    fn.__doc__ = method.__doc__.replace("self", "input")
    return fn


tan = _unary("tan")
asin = _unary("asin")
arcsin = _unary("arcsin")
acos = _unary("acos")
arccos = _unary("arccos")
atan = _unary("atan")
arctan = _unary("arctan")
sinh = _unary("sinh")
cosh = _unary("cosh")
asinh = _unary("asinh")
arcsinh = _unary("arcsinh")
acosh = _unary("acosh")
arccosh = _unary("arccosh")
atanh = _unary("atanh")
arctanh = _unary("arctanh")
erf = _unary("erf")
erfc = _unary("erfc")
erfinv = _unary("erfinv")
lgamma = _unary("lgamma")
digamma = _unary("digamma")
deg2rad = _unary("deg2rad")
rad2deg = _unary("rad2deg")
bitwise_not = _unary("bitwise_not")

atan2 = _binary("atan2")
arctan2 = _binary("arctan2")
hypot = _binary("hypot")
logaddexp = _binary("logaddexp")
logaddexp2 = _binary("logaddexp2")
fmod = _binary("fmod")
bitwise_and = _binary("bitwise_and")
bitwise_or = _binary("bitwise_or")
bitwise_xor = _binary("bitwise_xor")


def logit(input, eps: float | None = None, *, out=None) -> Tensor:
    """log(x / (1 - x)), elementwise; with eps, x is first clamped to [eps, 1 - eps]."""
    return _out(_tensor(input).logit(eps), out)


def polygamma(n: int, input, *, out=None) -> Tensor:
    """The n-th derivative of digamma (n = 0: digamma itself), elementwise."""
    return _out(_tensor(input).polygamma(n), out)


def nan_to_num(input, nan: float = 0.0, posinf: float | None = None,
               neginf: float | None = None, *, out=None) -> Tensor:  # fmt: skip
    """NaN, +inf and -inf replaced (by default by 0 and the dtype's largest and lowest
    finite values); the gradient passes where the input is finite."""
    return _out(_tensor(input).nan_to_num(nan, posinf, neginf), out)


def nansum(input, dim=None, keepdim: bool = False, *, dtype=None, out=None) -> Tensor:
    """The sum over dims (all by default), NaNs counted as 0."""
    return _out(_tensor(input).nansum(dim, keepdim, dtype=dtype), out)


def nanmean(input, dim=None, keepdim: bool = False, *, dtype=None, out=None) -> Tensor:
    """The mean over dims (all by default) of the elements that are not NaN."""
    return _out(_tensor(input).nanmean(dim, keepdim, dtype=dtype), out)


def aminmax(input, *, dim: int | None = None, keepdim: bool = False, out=None):
    """(min, max) over dim (all elements by default), a named tuple `aminmax`."""
    result = _tensor(input).aminmax(dim=dim, keepdim=keepdim)
    if out is None:
        return result
    return type(result)(*(_out(r, o) for r, o in zip(result, out, strict=True)))


def dist(input, other, p: float = 2) -> Tensor:
    """The p-norm of input - other (broadcast)."""
    return _tensor(input).dist(other, p)


def _need_tensor(input, who: str) -> Tensor:
    if not isinstance(input, Tensor):
        raise TypeError(f"{who}(): argument 'input' must be Tensor, not {type(input).__name__}")
    return input


def is_floating_point(input) -> bool:
    """Whether the tensor's dtype is a floating one (float16, float32, float64)."""
    return _need_tensor(input, "is_floating_point").is_floating_point()


def is_complex(input) -> bool:
    """Whether the tensor's dtype is a complex one."""
    return _need_tensor(input, "is_complex").is_complex()


def is_nonzero(input) -> bool:
    """The truth of a one-element tensor (a RuntimeError for any other size)."""
    return _need_tensor(input, "is_nonzero").is_nonzero()
