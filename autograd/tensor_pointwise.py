"""Tensor's trigonometric, hyperbolic and special-function methods (`tan`, `atan2`,
`erf`, `lgamma`, `polygamma`, `logit`, `nan_to_num`, `fmod`, `bitwise_and`, ...), the reductions
`nanmean`, `aminmax` and `dist`, and small facts (`stride`, `nbytes`, `is_contiguous`,
`detach_`), a mixin.

As PyTorch: a function of floats given an integer tensor computes in the default floating
dtype; their in-place forms (`tan_`, `atan2_`, ...) are at the end.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from . import dtypes, return_types
from .composite import mark, start
from .ops_elementwise import Fmod, Where
from .ops_special import (
    Acos,
    Acosh,
    Asin,
    Asinh,
    Atan,
    Atan2,
    Atanh,
    Cosh,
    Digamma,
    Erf,
    Erfc,
    Erfinv,
    Hypot,
    Lgamma,
    LogAddExp,
    LogAddExp2,
    Logit,
    Polygamma,
    Sinh,
    Tan,
)
from .promotion import promote
from .shapes import axis_args, dim_index, norm_axis, reducible

if TYPE_CHECKING:
    from .tensor_class import Tensor

_DEG2RAD = math.pi / 180.0
_RAD2DEG = 180.0 / math.pi
_LOG_PI = math.log(math.pi)


def _floating(t: Tensor) -> Tensor:
    """t, or t cast to the default floating dtype if it is an integer or bool tensor."""
    return t if t._data.dtype.kind in "fc" else t.astype(dtypes.get_default_dtype())


def _unary(op, name: str, doc: str):
    def method(self) -> Tensor:
        if self._data.dtype.kind == "c":
            raise TypeError(f"{name}: a real function; for a complex tensor, take .real first")
        return op.apply(_floating(self))

    method.__name__ = method.__qualname__ = name
    method.__doc__ = doc
    return method


def _pair(self, other, name: str, ints: bool = True):
    """self and other promoted to one floating dtype (integers: the default floating one,
    unless `ints` is False: then PyTorch's error)."""
    a, b = promote(self, self._operand(other))
    kind = a._data.dtype.kind
    if kind == "c":
        raise TypeError(f"{name}: a real function; for complex tensors, take .real first")
    if kind not in "f":
        if not ints:
            raise TypeError(
                f"{name}: not defined for {a._data.dtype} tensors; cast to a floating dtype "
                f"first (x.float())"
            )
        a, b = _floating(a), _floating(b)
    return a, b


def _bitwise(self, other, ufunc, name: str) -> Tensor:
    b = self._operand(other)
    for t in (self, b):
        if t._data.dtype.kind not in "iub":
            raise TypeError(
                f"{name}: only integer and bool tensors have bits to combine, got "
                f"{t._data.dtype}; for floats, cast first (x.long()) or use logical_*"
            )
    return self._result(ufunc(self._data, b._data))


class PointwiseMethods:
    """Trigonometric, hyperbolic and special functions, nan-aware reductions, facts."""

    __slots__ = ()

    tan = _unary(Tan, "tan", "The tangent.")
    asin = arcsin = _unary(Asin, "asin", "The inverse sine (NaN outside [-1, 1]).")
    acos = arccos = _unary(Acos, "acos", "The inverse cosine (NaN outside [-1, 1]).")
    atan = arctan = _unary(Atan, "atan", "The inverse tangent.")
    sinh = _unary(Sinh, "sinh", "The hyperbolic sine.")
    cosh = _unary(Cosh, "cosh", "The hyperbolic cosine.")
    asinh = arcsinh = _unary(Asinh, "asinh", "The inverse hyperbolic sine.")
    acosh = arccosh = _unary(Acosh, "acosh", "The inverse hyperbolic cosine (NaN below 1).")
    atanh = arctanh = _unary(Atanh, "atanh", "The inverse hyperbolic tangent (+-inf at +-1).")
    erf = _unary(Erf, "erf", "The error function, 2/sqrt(pi) times the integral of exp(-t**2).")
    erfc = _unary(Erfc, "erfc", "1 - erf(x), accurate where erf(x) is near 1.")
    erfinv = _unary(Erfinv, "erfinv", "The inverse of erf (+-inf at +-1, NaN outside).")
    lgamma = _unary(Lgamma, "lgamma", "log |Gamma(x)| (+inf at 0 and the negative integers).")
    digamma = _unary(Digamma, "digamma", "The derivative of lgamma (psi).")

    def polygamma(self, n: int) -> Tensor:
        """The n-th derivative of digamma (n = 0: digamma itself)."""
        if type(n) is not int:
            raise TypeError(f"polygamma: n must be an int, got {type(n).__name__}")
        if n < 0:
            raise RuntimeError("polygamma(n, x) does not support negative n.")
        if self._data.dtype.kind == "c":
            raise TypeError("polygamma: a real function; for a complex tensor, take .real first")
        x = _floating(self)
        return Digamma.apply(x) if n == 0 else Polygamma.apply(x, n=n)

    # torch.special's functions as methods, loaded on first use (importing autograd loads no
    # special kernels): one definition each, autograd.special's
    def i0(self) -> Tensor:
        """The modified Bessel function of the first kind, order 0 (special.i0)."""
        return _special("i0")(self)

    def sinc(self) -> Tensor:
        """sin(pi x) / (pi x), 1 at 0: the normalized sinc (special.sinc)."""
        return _special("sinc")(self)

    def xlogy(self, other) -> Tensor:
        """self * log(other), 0 where self is 0 (unless other is NaN) (special.xlogy)."""
        return _special("xlogy")(self, other)

    def igamma(self, other) -> Tensor:
        """The regularized lower incomplete gamma function (special.gammainc)."""
        return _special("gammainc")(self, other)

    def igammac(self, other) -> Tensor:
        """The regularized upper incomplete gamma function (special.gammaincc)."""
        return _special("gammaincc")(self, other)

    def i0_(self) -> Tensor:
        """`i0`, in place."""
        return self._update("i0_", _special("i0"))

    def sinc_(self) -> Tensor:
        """`sinc`, in place."""
        return self._update("sinc_", _special("sinc"))

    def xlogy_(self, other) -> Tensor:
        """`xlogy`, in place."""
        fn = _special("xlogy")
        return self._update("xlogy_", lambda t: fn(t, other), (other,))

    def igamma_(self, other) -> Tensor:
        """`igamma`, in place."""
        fn = _special("gammainc")
        return self._update("igamma_", lambda t: fn(t, other), (other,))

    def igammac_(self, other) -> Tensor:
        """`igammac`, in place."""
        fn = _special("gammaincc")
        return self._update("igammac_", lambda t: fn(t, other), (other,))

    def mvlgamma(self, p: int) -> Tensor:
        """The multivariate log-gamma function of dimension p (special.multigammaln)."""
        if self._data.dtype.kind == "c":
            raise TypeError("mvlgamma: a real function; for a complex tensor, take .real first")
        if type(p) is not int or p < 1:
            raise RuntimeError(f"p has to be greater than or equal to 1, got {p!r}")
        x = _floating(self)
        total = x.lgamma()
        for j in range(1, p):
            total = total + (x - j / 2).lgamma()
        return total + p * (p - 1) / 4 * _LOG_PI

    def deg2rad(self) -> Tensor:
        """Degrees converted to radians."""
        return _floating(self) * _DEG2RAD

    def rad2deg(self) -> Tensor:
        """Radians converted to degrees."""
        return _floating(self) * _RAD2DEG

    def logit(self, eps: float | None = None) -> Tensor:
        """log(x / (1 - x)); with eps, x is first clamped to [eps, 1 - eps]."""
        return Logit.apply(_floating(self), eps=eps)

    def atan2(self, other) -> Tensor:
        """The angle of the point (other, self), in (-pi, pi]."""
        return Atan2.apply(*_pair(self, other, "atan2"))

    arctan2 = atan2

    def hypot(self, other) -> Tensor:
        """sqrt(self**2 + other**2), without overflow."""
        return Hypot.apply(*_pair(self, other, "hypot", ints=False))

    def logaddexp(self, other) -> Tensor:
        """log(exp(self) + exp(other)), without overflow."""
        return LogAddExp.apply(*_pair(self, other, "logaddexp", ints=False))

    def logaddexp2(self, other) -> Tensor:
        """log2(2**self + 2**other), without overflow."""
        return LogAddExp2.apply(*_pair(self, other, "logaddexp2", ints=False))

    def fmod(self, other) -> Tensor:
        """self - trunc(self / other) * other: C's remainder, with the sign of self."""
        a, b = promote(self, self._operand(other))
        if a._data.dtype.kind in "iub":
            if not np.all(b._data):
                raise RuntimeError("fmod: integer division by zero (ZeroDivisionError)")
            return a._result(np.fmod(a._data, b._data))
        if not (a._requires_grad or b._requires_grad):
            with np.errstate(all="ignore"):
                return a._result(np.fmod(a._data, b._data))
        return Fmod.apply(a, b)

    def nan_to_num(self, nan: float = 0.0, posinf: float | None = None,
                   neginf: float | None = None) -> Tensor:  # fmt: skip
        """NaN, +inf and -inf replaced (by default by 0 and the dtype's largest and lowest
        finite values); the gradient passes where x is finite."""
        d = self._data
        if d.dtype.kind not in "fc":
            return self._result(d.copy())
        if d.dtype.kind == "c":
            raise TypeError("nan_to_num: complex tensors are not supported")
        info = np.finfo(d.dtype)
        hi = info.max if posinf is None else posinf
        lo = info.min if neginf is None else neginf
        with np.errstate(all="ignore"):
            fill = np.where(np.isnan(d), nan, np.where(d > 0, hi, lo)).astype(d.dtype)
        finite = np.isfinite(d)
        if not self.requires_grad:
            return self._result(np.where(finite, d, fill))
        return Where.apply(self, self._result(fill), _cond=finite)

    # ---------------------------------------------------------------- bits
    def bitwise_and(self, other) -> Tensor:
        """self & other, bit by bit (integer and bool tensors)."""
        return _bitwise(self, other, np.bitwise_and, "bitwise_and")

    def bitwise_or(self, other) -> Tensor:
        """self | other, bit by bit (integer and bool tensors)."""
        return _bitwise(self, other, np.bitwise_or, "bitwise_or")

    def bitwise_xor(self, other) -> Tensor:
        """self ^ other, bit by bit (integer and bool tensors)."""
        return _bitwise(self, other, np.bitwise_xor, "bitwise_xor")

    def bitwise_not(self) -> Tensor:
        """~self, bit by bit (integer and bool tensors)."""
        return _bitwise(self, self, lambda a, _: np.invert(a), "bitwise_not")

    # ---------------------------------------------------------- reductions
    def nanmean(self, axis=None, keepdims: bool = False, *, dim=None, keepdim=None, dtype=None):
        """The mean over dims (all by default) of the elements that are not NaN (NaN where
        all are)."""
        if self._data.dtype.kind not in "fc" and dtype is None:
            raise RuntimeError(
                "nanmean(): expected input to have floating point or complex dtype but got "
                f"{self._data.dtype}"
            )
        x = self if dtype is None else self.astype(dtypes.to_dtype(dtype, "nanmean"))
        axis, keep = axis_args(axis, keepdims, dim, keepdim)
        ax = norm_axis(axis, self.ndim, "nanmean")
        kept = ~np.isnan(x._data)
        n = np.sum(kept, axis=ax, keepdims=keep)
        t0 = start()
        count = x._result(n.astype(x._data.dtype))
        with np.errstate(all="ignore"):
            out = x.nansum(ax, keep) / count
            empty = np.sum(kept, axis=ax, keepdims=True) == 0
            if x.requires_grad and empty.any():  # an all-NaN slice: its gradient is NaN
                # too, as PyTorch's (g / 0 times 0); the term's value is 0 elsewhere
                zero = x._result(np.zeros_like(x._data))
                out = out + (Where.apply(x, zero, _cond=empty) * 0.0).sum(ax, keep) / count
        return mark(out, t0, "nanmean", {"dim": ax})

    def aminmax(self, *, dim: int | None = None, keepdim: bool = False):
        """(min, max) over dim (all elements by default), a named tuple `aminmax`."""
        if dim is None:
            if not self._data.size:
                raise RuntimeError(
                    "aminmax(): cannot compute aminmax over an empty dimension as the "
                    "operation has no identity."
                )
            ax = None
        else:
            ax = (dim_index(dim, self.ndim, "aminmax"),) if self.ndim else None
            reducible("aminmax", self.shape, ax)
        return return_types.aminmax(self.amin(ax, keepdim), self.amax(ax, keepdim))

    def dist(self, other, p: float = 2) -> Tensor:
        """The p-norm of self - other (broadcast)."""
        a, b = promote(self, self._operand(other))
        if a._data.dtype.kind not in "fc":
            raise RuntimeError(
                f"dist: input dtype should be either floating point or complex, got "
                f"{a._data.dtype} (cast first: x.float())"
            )
        t0 = start()
        return mark((a - b).norm(p), t0, "dist", {"p": p})

    # --------------------------------------------------------------- facts
    @property
    def itemsize(self) -> int:
        """The size of one element in bytes."""
        return self._data.dtype.itemsize

    @property
    def nbytes(self) -> int:
        """The size of the elements in bytes (numel * itemsize)."""
        return self._data.dtype.itemsize * int(np.size(self._data))

    def stride(self, dim: int | None = None):
        """The steps between elements along each dim, in elements (a tuple), or along one
        dim; a broadcast (expanded) dim has stride 0."""
        d = self._data
        steps = tuple(s // d.dtype.itemsize for s in d.strides) if np.ndim(d) else ()
        if dim is None:
            return steps
        if not steps:
            raise IndexError(f"stride: dimension specified as {dim} but the tensor has no dims")
        return steps[dim_index(dim, d.ndim, "stride")]

    def is_contiguous(self, memory_format=None) -> bool:
        """Whether the elements are laid out in row-major order without gaps."""
        d = self._data
        return type(d) is not np.ndarray or bool(d.flags.c_contiguous)

    def is_nonzero(self) -> bool:
        """The truth of a one-element tensor (an error for any other size)."""
        n = int(np.size(self._data))
        if n != 1:
            raise RuntimeError(
                "Boolean value of Tensor with "
                + ("no values" if n == 0 else "more than one value")
                + " is ambiguous"
            )
        return bool(np.asarray(self._data).reshape(()))

    def detach_(self) -> Tensor:
        """Cut this tensor from its graph, in place: it becomes a leaf that does not require
        grad (its values, memory and version stay)."""
        self._op = self._in0 = self._in1 = self._many = None
        self._requires_grad = False
        return self


def _inplace(name: str):
    """`name_`: self changed in place to self.name(*args)."""

    def method(self, *args, **kwargs) -> Tensor:
        others = [a for a in args if hasattr(a, "_data")]
        return self._update(f"{name}_", lambda t: getattr(t, name)(*args, **kwargs), others)

    method.__name__ = method.__qualname__ = f"{name}_"
    method.__doc__ = f"`{name}`, in place."
    return method


for _name in (
    "tan", "asin", "arcsin", "acos", "arccos", "atan", "arctan", "atan2", "arctan2", "sinh",
    "cosh", "asinh", "arcsinh", "acosh", "arccosh", "atanh", "arctanh", "erf", "erfc",
    "erfinv", "lgamma", "digamma", "deg2rad", "rad2deg", "logit", "hypot", "fmod",
    "nan_to_num", "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not", "polygamma",
    # PyTorch's other in-place forms of methods defined elsewhere (same shape out as in)
    "absolute", "negative", "sgn", "fix", "exp2", "multiply", "divide", "true_divide",
    "subtract", "floor_divide", "remainder", "eq", "ne", "not_equal", "lt", "less", "le",
    "less_equal", "gt", "greater", "ge", "greater_equal", "logical_and", "logical_or",
    "logical_xor", "logical_not", "cumsum", "cumprod", "tril", "triu", "addmm", "addmv",
    "addbmm", "baddbmm", "addr", "renorm", "mvlgamma",
):  # fmt: skip
    setattr(PointwiseMethods, f"{_name}_", _inplace(_name))
del _name


def _special(name: str):
    """autograd.special's function `name`, its module loaded on first use."""
    from . import special  # not at the top: importing autograd loads no special kernels

    return getattr(special, name)
