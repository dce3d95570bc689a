"""Activation functions: each a function (re-exported by `nn.functional`) and a Module.

They are composed from engine ops, so first and second derivatives come for
free. Where the composition would be unstable or slow, a small fused primitive
does the work (`Log1pExp`, `NormalCDF`, `Arctan`), with a backward written for
both plain and `create_graph` backward passes.

Branches are written so that the unused side of a `where` never overflows
(its gradient would be 0 * inf = nan): ELU takes exp of min(x, 0), softplus
uses log(1 + exp(x)) computed stably.
"""

from __future__ import annotations

import math

import numpy as np

from autograd import random_kernels as _rk
from autograd.argcheck import integer, number
from autograd.composite import composite
from autograd.float_warnings import quiet
from autograd.generator import resolve
from autograd.op import Op, xp
from autograd.tensor_class import Tensor, as_tensor, where

from .module import Module, Parameter, factory_dtype


def _erf(a):
    """erf from scipy (it ships with scikit-learn), imported on first use: it is large."""
    try:
        from scipy.special import erf
    except ImportError:  # pragma: no cover
        erf = np.vectorize(math.erf, otypes=[np.float64])
    globals()["_erf"] = erf
    return erf(a)


_SQRT_HALF = 1 / math.sqrt(2.0)
_INV_SQRT_2PI = 1 / math.sqrt(2 * math.pi)


@quiet
class Log1pExp(Op):
    # Fused log(1 + exp(x)) = logaddexp(0, x): never overflows, and its derivative at 0 is
    # exactly sigmoid(0) = 1/2 (a max(x, 0) + log1p(exp(-|x|)) composition gives 0 there).
    __slots__ = ()

    def forward(self, a):
        return np.logaddexp(0, a).astype(a.dtype, copy=False)

    def backward(self, g, out, a):
        return (g * xp(g).sigmoid(a),)


@quiet
class NormalCDF(Op):
    # Phi(x) = (1 + erf(x / sqrt 2)) / 2; numpy has no erf, so the forward is a primitive.
    __slots__ = ()

    def forward(self, a):
        return (0.5 * (1.0 + _erf(a * _SQRT_HALF))).astype(a.dtype, copy=False)

    def backward(self, g, out, a):
        return (g * (xp(g).exp(a * a * -0.5) * _INV_SQRT_2PI),)


@quiet
class Arctan(Op):
    # numpy's arctan has no composition from the engine's primitives.
    __slots__ = ()

    def forward(self, a):
        return np.arctan(a)

    def backward(self, g, out, a):
        return (g / (a * a + 1),)


# ----------------------------------------------------------------- functions
def identity(x) -> Tensor:
    """x itself (as a Tensor)."""
    return as_tensor(x)


def _overwrite(x, fn, what: str) -> Tensor:
    """x overwritten by fn(x), as PyTorch's `inplace=True`: recorded when x is in a graph
    (refused on a leaf that requires grad, outside no_grad, as PyTorch refuses it)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{what}: inplace=True needs a Tensor, got {type(x).__name__}")
    if x._inplace(what):
        return x._rebase(what, fn)
    return x._assign(what, fn(x)._data)


def relu(input, inplace: bool = False) -> Tensor:
    """max(x, 0); the derivative at 0 is 0. `inplace=True` overwrites x (PyTorch's)."""
    if inplace:
        return _overwrite(input, Tensor.relu, "relu_")
    return as_tensor(input).relu()  # the engine's fused Relu primitive


def leaky_relu(input, negative_slope: float = 0.01, inplace: bool = False) -> Tensor:
    """x where x > 0, else negative_slope * x. `inplace=True` overwrites x (PyTorch's)."""
    if inplace:
        return _overwrite(input, lambda t: _leaky_relu(t, negative_slope), "leaky_relu_")
    return _leaky_relu(input, negative_slope)


@composite(name="leaky_relu", show=("negative_slope",))
def _leaky_relu(x, negative_slope: float = 0.01) -> Tensor:
    x = as_tensor(x)
    return where(x._data > 0, x, x * negative_slope)


@composite()
def prelu(input, weight) -> Tensor:
    """leaky ReLU with a learnable slope per channel (axis 1), or one shared slope."""
    input = as_tensor(input)
    w = weight
    if math.prod(w.shape) > 1 and input.ndim >= 2:
        w = w.reshape((1, math.prod(w.shape)) + (1,) * (input.ndim - 2))
    return where(input._data > 0, input, input * w)


def rrelu(
    input, lower: float = 1 / 8, upper: float = 1 / 3, training: bool = False, inplace: bool = False
) -> Tensor:
    """Randomized leaky ReLU: slope ~ U(lower, upper) per element in training, the mean slope
    (lower + upper) / 2 in evaluation. The slopes are PyTorch's: one double uniform per
    element <= 0, in memory order, scaled into [lower, upper) without a fused multiply-add.
    `inplace=True` overwrites x (PyTorch's)."""
    if inplace:
        return _overwrite(input, lambda t: _rrelu(t, lower, upper, training), "rrelu_")
    return _rrelu(input, lower, upper, training)


@composite(name="rrelu", show=("training",))
def _rrelu(input, lower: float = 1 / 8, upper: float = 1 / 3, training: bool = False) -> Tensor:
    input = as_tensor(input)
    if not training:
        return where(input._data > 0, input, input * ((lower + upper) / 2))
    data = np.asarray(input._data)
    dt = data.dtype
    neg = np.ascontiguousarray(data <= 0)
    lo, hi = float(dt.type(lower)), float(dt.type(upper))
    u = _rk.uniform(resolve(None), int(neg.sum()), np.float64)
    slope = np.ones(data.shape, dt)
    slope[neg] = (u * (hi - lo) + lo).astype(dt)
    return where(input._data > 0, input, input * slope)


def elu(input, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """x where x > 0, else alpha (exp(x) - 1). `inplace=True` overwrites x (PyTorch's)."""
    if inplace:
        return _overwrite(input, lambda t: _elu(t, alpha), "elu_")
    return _elu(input, alpha)


@composite(name="elu", show=("alpha",))
def _elu(x, alpha: float = 1.0) -> Tensor:
    x = as_tensor(x)
    neg = x.clip(None, 0)  # exp of min(x, 0) cannot overflow
    return where(x._data > 0, x, (neg.exp() - 1) * alpha)


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(input, inplace: bool = False) -> Tensor:
    """Scaled ELU, scale * elu(x, alpha), with the self-normalising constants of Klambauer et al.

    `inplace=True` overwrites x (PyTorch's)."""
    if inplace:
        return _overwrite(input, _selu, "selu_")
    return _selu(input)


@composite(name="selu")
def _selu(x) -> Tensor:
    return _elu(x, _SELU_ALPHA) * _SELU_SCALE


@composite(show=("approximate",))
def gelu(input, approximate: str = "none") -> Tensor:
    """x * Phi(x) (exact, erf-based) or the tanh approximation (approximate="tanh")."""
    input = as_tensor(input)
    if approximate == "none":
        return input * NormalCDF.apply(input)
    if approximate == "tanh":
        # Beyond |x| = 10 tanh(inner) is +-1 to the last bit, so x is clipped there: its cube
        # would overflow (float16 from |x| = 40, float32 from 1e13) and the backward's
        # 0 * inf would be nan. Values and derivatives are unchanged.
        xc = input.clip(-10.0, 10.0)
        inner = (xc + xc * xc * xc * 0.044715) * math.sqrt(2 / math.pi)
        return input * 0.5 * (inner.tanh() + 1)
    raise ValueError(f"gelu: approximate must be 'none' or 'tanh', got {approximate!r}")


def silu(input, inplace: bool = False) -> Tensor:
    """x * sigmoid(x) (also called swish). `inplace=True` overwrites x (PyTorch's)."""
    if inplace:
        return _overwrite(input, _silu, "silu_")
    return _silu(input)


@composite(name="silu")
def _silu(x) -> Tensor:
    x = as_tensor(x)
    return x * x.sigmoid()


def sigmoid(input) -> Tensor:
    """1 / (1 + exp(-x)), elementwise."""
    return as_tensor(input).sigmoid()


def tanh(input) -> Tensor:
    """The hyperbolic tangent, elementwise."""
    return as_tensor(input).tanh()


@composite(show=("beta",))
def softplus(input, beta: float = 1.0, threshold: float = 20.0) -> Tensor:
    """log(1 + exp(beta x)) / beta, and x itself where beta x > threshold (as PyTorch)."""
    input = as_tensor(input)
    bx = input * beta if beta != 1 else input
    soft = Log1pExp.apply(bx)
    if beta != 1:
        soft = soft / beta
    return where(bx._data > threshold, input, soft)


@composite()
def softsign(input) -> Tensor:
    """x / (1 + |x|)."""
    input = as_tensor(input)
    return input / (input.abs() + 1)


def softmax(
    input, axis: int = -1, _stacklevel: int = 3, dtype=None, *, dim: int | None = None
) -> Tensor:
    """exp(x) / sum(exp(x)) along `axis` (or PyTorch's `dim`), computed stably; with `dtype`,
    the input is cast to it first (PyTorch's; `_stacklevel` is PyTorch's, without effect).

    Examples:
        >>> import nn
        >>> nn.functional.softmax(autograd.Tensor([0.0, 0.0])).tolist()
        [0.5, 0.5]
    """
    x = as_tensor(input) if dtype is None else as_tensor(input).astype(dtype)
    return x.softmax(axis if dim is None else dim)


def log_softmax(
    input, axis: int = -1, _stacklevel: int = 3, dtype=None, *, dim: int | None = None
) -> Tensor:
    """log(softmax(x)) along `axis` (or `dim`), computed stably as x - logsumexp(x); with
    `dtype`, the input is cast to it first (PyTorch's)."""
    x = as_tensor(input) if dtype is None else as_tensor(input).astype(dtype)
    return x.log_softmax(axis if dim is None else dim)


@composite()
def binary_step(x) -> Tensor:
    """1 where x >= 0 else 0. Its gradient is zero everywhere (stays connected to the graph)."""
    x = as_tensor(x)
    step = Tensor._result((x._data >= 0).astype(x.dtype))
    if not x.requires_grad:
        return step
    return where(np.zeros(x.shape, dtype=bool), x, step)  # the values of step, gradient 0


def arctan(x) -> Tensor:
    """The arctangent, elementwise (a bounded activation with range (-pi/2, pi/2))."""
    return Arctan.apply(as_tensor(x))


@composite(show=("alpha",))
def isru(x, alpha: float = 1.0) -> Tensor:
    """Inverse square root unit: x / sqrt(1 + alpha x^2)."""
    x = as_tensor(x)
    return x * (x * x * alpha + 1) ** -0.5


@composite(show=("alpha",))
def isrlu(x, alpha: float = 1.0) -> Tensor:
    """Inverse square root linear unit: x for x >= 0, x / sqrt(1 + alpha x^2) below."""
    x = as_tensor(x)
    return where(x._data >= 0, x, isru(x, alpha))


@composite()
def sqnl(x) -> Tensor:
    """Square nonlinearity: x - x|x|/4 on [-2, 2], sign(x) outside."""
    x = as_tensor(x)
    inside = np.abs(x._data) <= 2
    outside = Tensor._result(np.sign(x._data).astype(x.dtype))
    return where(inside, x - x * x.abs() * 0.25, outside)


@composite()
def bipolar_relu(x, axis: int = -1) -> Tensor:
    """relu(x) at even indices along axis, -relu(-x) at odd ones."""
    x = as_tensor(x)
    v = x._data
    if not v.ndim:  # one element, at index 0 (even)
        return where(v > 0, x, 0)
    n = v.shape[axis]
    shape = [1] * v.ndim
    shape[axis] = n
    even = (np.arange(n) % 2 == 0).reshape(shape)
    keep = np.where(even, v > 0, v < 0)
    return where(keep, x, 0)


# ------------------------------------------------------------------- modules
class Identity(Module):
    """Returns its input (any arguments to the constructor are ignored, as in PyTorch)."""

    def __init__(self, *args, **kwargs):
        super().__init__()

    def forward(self, input):
        """Return `input` unchanged."""
        return input


class _Simple(Module):
    """An activation without parameters: the module form of one function."""

    _fn = staticmethod(identity)

    def forward(self, input) -> Tensor:
        """Apply the activation to `input`, elementwise."""
        return type(self)._fn(input)


class _SimpleInplace(_Simple):
    """An activation with PyTorch's `inplace=` option (it overwrites its input)."""

    def __init__(self, inplace: bool = False):
        super().__init__()
        self.inplace = bool(inplace)

    def forward(self, input) -> Tensor:
        """Apply the activation to `input`, elementwise (overwriting it when `inplace`)."""
        return type(self)._fn(input, inplace=self.inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class ReLU(_SimpleInplace):
    """max(x, 0), elementwise; its derivative at 0 is 0 (`nn.functional.relu`).

    Examples:
        >>> nn.ReLU()(autograd.Tensor([-1.0, 0.0, 2.0])).tolist()
        [0.0, 0.0, 2.0]
    """

    _fn = staticmethod(relu)


class SELU(_SimpleInplace):
    """Scaled ELU with the self-normalising constants (`nn.functional.selu`)."""

    _fn = staticmethod(selu)


class SiLU(_SimpleInplace):
    """x * sigmoid(x), also called swish (`nn.functional.silu`)."""

    _fn = staticmethod(silu)


class Sigmoid(_Simple):
    """1 / (1 + exp(-x)), elementwise (`nn.functional.sigmoid`)."""

    _fn = staticmethod(sigmoid)


class Tanh(_Simple):
    """The hyperbolic tangent, elementwise (`nn.functional.tanh`)."""

    _fn = staticmethod(tanh)


class Softsign(_Simple):
    """x / (1 + |x|), elementwise (`nn.functional.softsign`)."""

    _fn = staticmethod(softsign)


class BinaryStep(_Simple):
    """1 where x >= 0 else 0; zero gradient."""

    _fn = staticmethod(binary_step)


class ArcTan(_Simple):
    """arctan(x), elementwise (`nn.functional.arctan`)."""

    _fn = staticmethod(arctan)


class SQNL(_Simple):
    """Square nonlinearity: x - x|x|/4 on [-2, 2], sign(x) outside (`nn.functional.sqnl`)."""

    _fn = staticmethod(sqnl)


class LeakyReLU(Module):
    """x where x > 0, else `negative_slope` * x (`nn.functional.leaky_relu`)."""

    def __init__(self, negative_slope: float = 0.01, inplace: bool = False):
        super().__init__()
        self.negative_slope = number(negative_slope, "negative_slope", "LeakyReLU")
        self.inplace = bool(inplace)

    def forward(self, input) -> Tensor:
        return leaky_relu(input, self.negative_slope, self.inplace)

    def extra_repr(self) -> str:
        return f"negative_slope={self.negative_slope}" + (", inplace=True" if self.inplace else "")


class PReLU(Module):
    """Leaky ReLU with a learnable slope `weight` (num_parameters slopes, one per channel)."""

    def __init__(self, num_parameters: int = 1, init: float = 0.25, device=None, dtype=None):
        super().__init__()
        self.num_parameters = n = integer(num_parameters, "num_parameters", "PReLU", minimum=0)
        init = number(init, "init", "PReLU")
        self.weight = Parameter(np.full(n, init, dtype=factory_dtype(device, dtype, "PReLU")))

    def forward(self, input) -> Tensor:
        return prelu(input, self.weight)

    def extra_repr(self) -> str:
        return f"num_parameters={self.num_parameters}"


class RReLU(Module):
    """Random slope U(lower, upper) in training, the mean slope in evaluation."""

    def __init__(self, lower: float = 1 / 8, upper: float = 1 / 3, inplace: bool = False):
        super().__init__()
        self.lower, self.upper = number(lower, "lower", "RReLU"), number(upper, "upper", "RReLU")
        if self.lower > self.upper:
            raise ValueError(f"RReLU: lower ({lower}) must be <= upper ({upper})")
        self.inplace = bool(inplace)

    def forward(self, input) -> Tensor:
        return rrelu(input, self.lower, self.upper, self.training, self.inplace)

    def extra_repr(self) -> str:
        return f"lower={self.lower}, upper={self.upper}"


class ELU(Module):
    """x where x > 0, else `alpha` (exp(x) - 1) (`nn.functional.elu`)."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        self.alpha = number(alpha, "alpha", "ELU")
        self.inplace = bool(inplace)

    def forward(self, input) -> Tensor:
        return elu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class GELU(Module):
    """x * Phi(x), Phi the standard normal CDF; `approximate="tanh"` uses the tanh form
    (`nn.functional.gelu`).
    """

    def __init__(self, approximate: str = "none"):
        super().__init__()
        if approximate not in ("none", "tanh"):
            raise ValueError(f"GELU: approximate must be 'none' or 'tanh', got {approximate!r}")
        self.approximate = approximate

    def forward(self, input) -> Tensor:
        return gelu(input, self.approximate)

    def extra_repr(self) -> str:
        return f"approximate={self.approximate!r}"


class Softplus(Module):
    """log(1 + exp(beta x)) / beta, linear above `threshold` (`nn.functional.softplus`)."""

    def __init__(self, beta: float = 1.0, threshold: float = 20.0):
        super().__init__()
        self.beta = number(beta, "beta", "Softplus")
        self.threshold = number(threshold, "threshold", "Softplus")

    def forward(self, input) -> Tensor:
        return softplus(input, self.beta, self.threshold)

    def extra_repr(self) -> str:
        return f"beta={self.beta}, threshold={self.threshold}"


class Softmax(Module):
    """Softmax along `dim` (default -1; `axis=` is accepted too) (`nn.functional.softmax`)."""

    def __init__(self, dim: int | None = None, *, axis: int | None = None):
        super().__init__()
        who = type(self).__name__
        axis = None if axis is None else integer(axis, "axis", who)  # numpy's name for dim
        dim = None if dim is None else integer(dim, "dim", who)
        self.dim = dim if dim is not None else (axis if axis is not None else -1)

    def forward(self, input) -> Tensor:
        return softmax(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class LogSoftmax(Softmax):
    """Log-softmax along `dim` (default -1) (`nn.functional.log_softmax`); pair it with
    `NLLLoss`, or use `CrossEntropyLoss` on the logits.
    """

    def forward(self, input) -> Tensor:
        return log_softmax(input, self.dim)


class ISRU(Module):
    """Inverse square root unit: x / sqrt(1 + alpha x^2) (`nn.functional.isru`)."""

    def __init__(self, alpha: float = 1.0):
        super().__init__()
        self.alpha = number(alpha, "alpha", type(self).__name__)

    def forward(self, x) -> Tensor:
        return isru(x, self.alpha)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}"


class ISRLU(ISRU):
    """Inverse square root linear unit: x for x >= 0, x / sqrt(1 + alpha x^2) below
    (`nn.functional.isrlu`).
    """

    def forward(self, x) -> Tensor:
        return isrlu(x, self.alpha)


class BipolarReLU(Module):
    """relu(x) at even indices along `axis`, -relu(-x) at odd ones
    (`nn.functional.bipolar_relu`).
    """

    def __init__(self, axis: int = -1):
        super().__init__()
        self.axis = integer(axis, "axis", "BipolarReLU")

    def forward(self, x) -> Tensor:
        return bipolar_relu(x, self.axis)

    def extra_repr(self) -> str:
        return f"axis={self.axis}"
