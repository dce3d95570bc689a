"""PyTorch's other activations: the piecewise-linear ones (hardtanh, relu6, hardsigmoid,
hardswish, threshold, the shrinks), the smooth ones (mish, logsigmoid, celu, tanhshrink),
softmin, GLU and Softmax2d, each a function (re-exported by `nn.functional`) and a Module,
and the in-place functional forms (`relu_`, `elu_`, ...).

All are composed from engine ops, so second derivatives come for free. A piecewise
function is a `where` between its pieces, with PyTorch's rule at the kinks: the flat side
wins (hardtanh's derivative at min_val and max_val is 0, softshrink's at +-lambd is 0),
and where both sides have a slope the outer piece owns the kink (hardswish's derivative
is 0 at -3 and 1 at 3; celu's second derivative at 0 is the linear side's 0).
"""

from __future__ import annotations

import warnings

import numpy as np

from autograd.argcheck import integer, number
from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor, where

from .activations import Log1pExp, _elu, _leaky_relu, _overwrite, _rrelu, _selu, _SimpleInplace
from .module import Module

__all__ = [
    "CELU", "GLU", "Hardshrink", "Hardsigmoid", "Hardswish", "Hardtanh", "LogSigmoid", "Mish",
    "ReLU6", "Softmax2d", "Softmin", "Softshrink", "Tanhshrink", "Threshold",
    "celu", "celu_", "elu_", "glu", "hardshrink", "hardsigmoid", "hardswish", "hardtanh",
    "hardtanh_", "leaky_relu_", "logsigmoid", "mish", "relu6", "relu_", "rrelu_", "selu_",
    "softmin",
    "softshrink", "tanhshrink", "threshold", "threshold_",
]  # fmt: skip


def _floating(x: Tensor, what: str) -> Tensor:
    """x, refused unless it holds real floats (PyTorch has no other kernel for `what`)."""
    if x.dtype.kind != "f":
        raise NotImplementedError(
            f'"{what}" not implemented for {x.dtype} input (integer, bool or complex); '
            "convert it first, e.g. x.float()"
        )
    return x


def _real(x: Tensor, what: str) -> Tensor:
    """x, refused if it holds bools or complex numbers (integers and floats are kept)."""
    if x.dtype.kind not in "iuf":
        raise NotImplementedError(
            f'"{what}" not implemented for {x.dtype} input; convert it first, e.g. x.float()'
        )
    return x


def _constant(x: Tensor, values) -> np.ndarray:
    """values as an array of x's dtype (a piece of a piecewise function that is flat)."""
    return np.asarray(values).astype(x.dtype, copy=False)


# ------------------------------------------------------------ piecewise linear
def hardtanh(input, min_val: float = -1.0, max_val: float = 1.0, inplace: bool = False) -> Tensor:
    """x clipped to [min_val, max_val]; the derivative is 1 strictly inside, 0 elsewhere
    (at the ends too, as PyTorch's). Integer tensors stay integer."""
    min_val, max_val = (
        number(min_val, "min_val", "hardtanh"),
        number(max_val, "max_val", "hardtanh"),
    )
    if min_val > max_val:
        raise ValueError("hardtanh: min_val cannot be greater than max_val")
    if inplace:
        return _overwrite(input, lambda t: _hardtanh(t, min_val, max_val), "hardtanh_")
    return _hardtanh(input, min_val, max_val)


def hardtanh_(input, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    """In-place `hardtanh`: overwrites input and returns it."""
    return hardtanh(input, min_val, max_val, inplace=True)


@composite(name="hardtanh", show=("min_val", "max_val"))
def _hardtanh(x, min_val: float = -1.0, max_val: float = 1.0) -> Tensor:
    x = _real(as_tensor(x), "hardtanh")
    v = x._data
    if x.dtype.kind in "iu":  # PyTorch clips integers at the bounds made integers
        min_val, max_val = int(np.ceil(min_val)), int(np.floor(max_val))
    inside = (v > min_val) & (v < max_val)
    return where(inside, x, _constant(x, np.clip(v, min_val, max_val)))


def relu6(input, inplace: bool = False) -> Tensor:
    """min(max(x, 0), 6): hardtanh(x, 0, 6), derivative 0 at 0 and at 6 (PyTorch's)."""
    if inplace:
        return _overwrite(input, lambda t: _hardtanh(t, 0.0, 6.0), "relu6_")
    return _hardtanh(input, 0.0, 6.0)


def hardsigmoid(input, inplace: bool = False) -> Tensor:
    """relu6(x + 3) / 6: 0 below -3, 1 above 3, x/6 + 1/2 between (derivative 1/6 strictly
    inside, 0 at -3 and 3)."""
    if inplace:
        return _overwrite(input, _hardsigmoid, "hardsigmoid_")
    return _hardsigmoid(input)


@composite(name="hardsigmoid")
def _hardsigmoid(x) -> Tensor:
    x = _floating(as_tensor(x), "hardsigmoid")
    v = x._data
    flat = np.where(np.isnan(v), v, v >= 3)  # 0 below, 1 above, NaN stays NaN
    return where((v > -3) & (v < 3), x / 6 + 0.5, _constant(x, flat))


def hardswish(input, inplace: bool = False) -> Tensor:
    """x * relu6(x + 3) / 6: 0 below -3, x above 3; the derivative is x/3 + 1/2 strictly
    between, 0 at -3 and 1 at 3 (PyTorch's)."""
    if inplace:
        return _overwrite(input, _hardswish, "hardswish_")
    return _hardswish(input)


@composite(name="hardswish")
def _hardswish(x) -> Tensor:
    x = _floating(as_tensor(x), "hardswish")
    v = x._data
    middle = where(v < 3, x * (x + 3) / 6, x)
    with np.errstate(all="ignore"):
        flat = v * 0  # -0 below -3 (as PyTorch's), and NaN at NaN and at -inf (0 * inf)
    return where(v > -3, middle, _constant(x, flat))


def threshold(input, threshold: float, value: float, inplace: bool = False) -> Tensor:
    """x where x > threshold, else value (derivative 0 there); integer tensors stay integer."""
    threshold = number(threshold, "threshold", "threshold")
    value = number(value, "value", "threshold")
    if inplace:
        return _overwrite(input, lambda t: _threshold(t, threshold, value), "threshold_")
    return _threshold(input, threshold, value)


def threshold_(input, threshold: float, value: float) -> Tensor:
    """In-place `threshold`: overwrites input and returns it."""
    return _threshold_function(input, threshold, value, inplace=True)


_threshold_function = threshold  # (its parameter `threshold` hides the name in threshold_)


@composite(name="threshold", show=("threshold", "value"))
def _threshold(x, threshold: float, value: float) -> Tensor:
    x = _real(as_tensor(x), "threshold")
    v = x._data
    fill = np.full(v.shape, value).astype(x.dtype) if v.dtype.kind in "iu" else value
    return where(v <= threshold, _constant(x, fill), x)  # NaN is kept, as PyTorch's


def softshrink(input, lambd: float = 0.5) -> Tensor:
    """x - lambd above lambd, x + lambd below -lambd, 0 between (derivative 0 on [-lambd,
    lambd], ends included). lambd must be >= 0."""
    lambd = number(lambd, "lambd", "softshrink")
    if not lambd >= 0:
        raise RuntimeError(f"softshrink: lambda must be >= 0, but found {lambd}")
    return _softshrink(input, lambd)


@composite(name="softshrink", show=("lambd",))
def _softshrink(x, lambd: float = 0.5) -> Tensor:
    x = _floating(as_tensor(x), "softshrink")
    v = x._data
    shrunk = where(v > lambd, x - lambd, x + lambd)
    inside = np.where(np.isnan(v), v, 0)  # NaN stays NaN
    return where(np.abs(v) > lambd, shrunk, _constant(x, inside))


def hardshrink(input, lambd: float = 0.5) -> Tensor:
    """x where |x| > lambd, else 0 (derivative 0 on [-lambd, lambd], ends included)."""
    lambd = number(lambd, "lambd", "hardshrink")
    return _hardshrink(input, lambd)


@composite(name="hardshrink", show=("lambd",))
def _hardshrink(x, lambd: float = 0.5) -> Tensor:
    return _floating(as_tensor(x), "hardshrink").hardshrink(lambd)  # Tensor.hardshrink's rule


# ---------------------------------------------------------------------- smooth
def mish(input, inplace: bool = False) -> Tensor:
    """x * tanh(softplus(x)) (Misra, 2019); softplus computed without overflow."""
    if inplace:
        return _overwrite(input, _mish, "mish_")
    return _mish(input)


@composite(name="mish")
def _mish(x) -> Tensor:
    x = _floating(as_tensor(x), "mish")
    return x * Log1pExp.apply(x).tanh()


@composite()
def logsigmoid(input) -> Tensor:
    """log(sigmoid(x)) = -softplus(-x), finite for every finite x (-x itself for x << 0)."""
    x = _floating(as_tensor(input), "log_sigmoid")
    return -Log1pExp.apply(-x)


def celu(input, alpha: float = 1.0, inplace: bool = False) -> Tensor:
    """max(0, x) + min(0, alpha (exp(x / alpha) - 1)); alpha must not be 0."""
    alpha = number(alpha, "alpha", "celu")
    if alpha == 0:
        raise RuntimeError("celu: alpha cannot be 0 (it divides x)")
    if inplace:
        return _overwrite(input, lambda t: _celu(t, alpha), "celu_")
    return _celu(input, alpha)


def celu_(input, alpha: float = 1.0) -> Tensor:
    """In-place `celu`: overwrites input and returns it."""
    return celu(input, alpha, inplace=True)


@composite(name="celu", show=("alpha",))
def _celu(x, alpha: float = 1.0) -> Tensor:
    x = _floating(as_tensor(x), "celu")
    neg = (x.clip(None, 0) / alpha).exp() - 1  # exp of min(x, 0) / alpha: no overflow for alpha > 0
    return where(x._data >= 0, x, neg * alpha)  # at 0 the linear side: PyTorch's 2nd derivative


@composite()
def tanhshrink(input) -> Tensor:
    """x - tanh(x); integer tensors give floats (the default dtype)."""
    x = as_tensor(input)
    if x.dtype.kind in "iub":
        x = x.astype(np.float32)
    return x - x.tanh()


# ------------------------------------------------------------ along a dimension
def _softmax_dim(name: str, ndim: int) -> int:
    """PyTorch's implicit dim (with its deprecation warning) when dim is None."""
    warnings.warn(
        f"Implicit dimension choice for {name} has been deprecated. "
        "Change the call to include dim=X as an argument.",
        UserWarning,
        stacklevel=4,
    )
    return 0 if ndim in (0, 1, 3) else 1


def softmin(input, dim: int | None = None, _stacklevel: int = 3, dtype=None) -> Tensor:
    """softmax(-x) along dim (PyTorch's implicit dim, with a warning, when dim is None);
    dtype= casts the input first."""
    x = as_tensor(input)
    if dim is None:
        dim = _softmax_dim("softmin", x.ndim)
    dim = integer(dim, "dim", "softmin")
    if dtype is not None:
        x = x.astype(dtype)
    _floating(x, "softmin")
    return (-x).softmax(dim)


@composite(show=("dim",))
def glu(input, dim: int = -1) -> Tensor:
    """The gated linear unit: a * sigmoid(b), a and b the two halves of x along dim."""
    x = as_tensor(input)
    dim = integer(dim, "dim", "glu")
    if x.ndim == 0:
        raise RuntimeError("glu does not support scalars because halving size must be even")
    if not -x.ndim <= dim < x.ndim:
        raise IndexError(
            f"glu: dim {dim} is out of range for a tensor of {x.ndim} dimensions "
            f"(expected in [{-x.ndim}, {x.ndim - 1}])"
        )
    d = dim % x.ndim
    n = x.shape[d]
    if n % 2:
        raise RuntimeError(f"Halving dimension must be even, but dimension {d} is size {n}")
    _floating(x, "glu")
    lead = (slice(None),) * d
    a, b = x[lead + (slice(0, n // 2),)], x[lead + (slice(n // 2, n),)]
    return a * b.sigmoid()


# ------------------------------------------------------------- in-place forms
def relu_(input) -> Tensor:
    """In-place `relu`: overwrites input with max(input, 0) and returns it."""
    return _overwrite(input, Tensor.relu, "relu_")


def elu_(input, alpha: float = 1.0) -> Tensor:
    """In-place `elu`: overwrites input and returns it."""
    return _overwrite(input, lambda t: _elu(t, alpha), "elu_")


def leaky_relu_(input, negative_slope: float = 0.01) -> Tensor:
    """In-place `leaky_relu`: overwrites input and returns it."""
    return _overwrite(input, lambda t: _leaky_relu(t, negative_slope), "leaky_relu_")


def selu_(input) -> Tensor:
    """In-place `selu`: overwrites input and returns it."""
    return _overwrite(input, _selu, "selu_")


def rrelu_(input, lower: float = 1 / 8, upper: float = 1 / 3, training: bool = False) -> Tensor:
    """In-place `rrelu`: overwrites input and returns it."""
    return _overwrite(input, lambda t: _rrelu(t, lower, upper, training), "rrelu_")


# ------------------------------------------------------------------- modules
class Hardtanh(Module):
    """x clipped to [min_val, max_val] (`nn.functional.hardtanh`)."""

    def __init__(
        self,
        min_val: float = -1.0,
        max_val: float = 1.0,
        inplace: bool = False,
        min_value: float | None = None,
        max_value: float | None = None,
    ):
        super().__init__()
        who = type(self).__name__
        self.min_val = number(min_val, "min_val", who)
        self.max_val = number(max_val, "max_val", who)
        if min_value is not None:  # PyTorch's earlier names, with its warning
            warnings.warn(
                "keyword argument `min_value` is deprecated and renamed to `min_val`",
                FutureWarning,
                stacklevel=2,
            )
            self.min_val = number(min_value, "min_value", who)
        if max_value is not None:
            warnings.warn(
                "keyword argument `max_value` is deprecated and renamed to `max_val`",
                FutureWarning,
                stacklevel=2,
            )
            self.max_val = number(max_value, "max_value", who)
        self.inplace = bool(inplace)
        if not self.max_val > self.min_val:
            raise ValueError(
                f"{who}: max_val ({self.max_val}) must be greater than min_val ({self.min_val})"
            )

    def forward(self, input) -> Tensor:
        """Clip `input` to [min_val, max_val]."""
        return hardtanh(input, self.min_val, self.max_val, self.inplace)

    def extra_repr(self) -> str:
        inplace = ", inplace=True" if self.inplace else ""
        return f"min_val={self.min_val}, max_val={self.max_val}{inplace}"


class ReLU6(Hardtanh):
    """min(max(x, 0), 6), elementwise (`nn.functional.relu6`)."""

    def __init__(self, inplace: bool = False):
        super().__init__(0.0, 6.0, inplace)

    def extra_repr(self) -> str:
        return "inplace=True" if self.inplace else ""


class Hardsigmoid(_SimpleInplace):
    """relu6(x + 3) / 6, elementwise (`nn.functional.hardsigmoid`)."""

    _fn = staticmethod(hardsigmoid)

    def extra_repr(self) -> str:
        return ""


class Hardswish(_SimpleInplace):
    """x * relu6(x + 3) / 6, elementwise (`nn.functional.hardswish`)."""

    _fn = staticmethod(hardswish)

    def extra_repr(self) -> str:
        return ""


class Mish(_SimpleInplace):
    """x * tanh(softplus(x)), elementwise (`nn.functional.mish`)."""

    _fn = staticmethod(mish)

    def extra_repr(self) -> str:
        return ""


class LogSigmoid(Module):
    """log(sigmoid(x)), elementwise and stable (`nn.functional.logsigmoid`)."""

    def forward(self, input) -> Tensor:
        """Apply logsigmoid to `input`."""
        return logsigmoid(input)


class Tanhshrink(Module):
    """x - tanh(x), elementwise (`nn.functional.tanhshrink`)."""

    def forward(self, input) -> Tensor:
        """Apply tanhshrink to `input`."""
        return tanhshrink(input)


class Threshold(Module):
    """x where x > threshold, else value (`nn.functional.threshold`)."""

    def __init__(self, threshold: float, value: float, inplace: bool = False):
        super().__init__()
        self.threshold = number(threshold, "threshold", "Threshold")
        self.value = number(value, "value", "Threshold")
        self.inplace = bool(inplace)

    def forward(self, input) -> Tensor:
        """Replace the elements of `input` at or below threshold by value."""
        return threshold(input, self.threshold, self.value, self.inplace)

    def extra_repr(self) -> str:
        inplace = ", inplace=True" if self.inplace else ""
        return f"threshold={self.threshold}, value={self.value}{inplace}"


class CELU(Module):
    """max(0, x) + min(0, alpha (exp(x / alpha) - 1)) (`nn.functional.celu`)."""

    def __init__(self, alpha: float = 1.0, inplace: bool = False):
        super().__init__()
        self.alpha = number(alpha, "alpha", "CELU")
        self.inplace = bool(inplace)

    def forward(self, input) -> Tensor:
        """Apply celu to `input`."""
        return celu(input, self.alpha, self.inplace)

    def extra_repr(self) -> str:
        return f"alpha={self.alpha}" + (", inplace=True" if self.inplace else "")


class Softshrink(Module):
    """x -+ lambd outside [-lambd, lambd], 0 inside (`nn.functional.softshrink`)."""

    def __init__(self, lambd: float = 0.5):
        super().__init__()
        self.lambd = number(lambd, "lambd", type(self).__name__)

    def forward(self, input) -> Tensor:
        """Apply softshrink to `input`."""
        return softshrink(input, self.lambd)

    def extra_repr(self) -> str:
        return str(self.lambd)


class Hardshrink(Softshrink):
    """x outside [-lambd, lambd], 0 inside (`nn.functional.hardshrink`)."""

    def forward(self, input) -> Tensor:
        """Apply hardshrink to `input`."""
        return hardshrink(input, self.lambd)


class Softmin(Module):
    """softmax(-x) along dim (`nn.functional.softmin`)."""

    def __init__(self, dim: int | None = None):
        super().__init__()
        self.dim = None if dim is None else integer(dim, "dim", "Softmin")

    def forward(self, input) -> Tensor:
        """Apply softmin to `input` along dim."""
        return softmin(input, self.dim, _stacklevel=5)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class GLU(Module):
    """The gated linear unit along dim (`nn.functional.glu`)."""

    def __init__(self, dim: int = -1):
        super().__init__()
        self.dim = integer(dim, "dim", "GLU")

    def forward(self, input) -> Tensor:
        """Split `input` in halves a, b along dim; return a * sigmoid(b)."""
        return glu(input, self.dim)

    def extra_repr(self) -> str:
        return f"dim={self.dim}"


class Softmax2d(Module):
    """Softmax over the channels at each location, for (C, H, W) or (N, C, H, W) inputs."""

    def forward(self, input) -> Tensor:
        """Apply softmax along dim -3 of a 3-d or 4-d `input`."""
        x = as_tensor(input)
        if x.ndim not in (3, 4):
            raise ValueError(f"Softmax2d: expected input to be 3D or 4D, got {x.ndim}D instead")
        return x.softmax(-3)
