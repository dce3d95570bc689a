"""Convolution and pooling on NCHW images: Conv2d, MaxPool2d, AvgPool2d and their functions.

The primitives (im2col + one GEMM per sample, pooling by window views) and their
double-backward partners are in nn/conv_ops.py, their numpy kernels in nn/conv_kernels.py;
here are the argument checks, the functions and modules.
"""

from __future__ import annotations

import math

import numpy as np

import autograd
from autograd import Tensor
from autograd.argcheck import integer

from . import init
from .conv_kernels import Geom
from .conv_ops import AvgPool2dOp, Conv2dOp, MaxPool2dOp, _pair
from .module import Module, Parameter, factory_dtype

__all__ = ["AvgPool2d", "Conv2d", "MaxPool2d", "avg_pool2d", "conv2d", "max_pool2d"]


# ------------------------------------------------------------------ functions
def _shape_str(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _check_image(x: Tensor, who: str, channels: int | None = None) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    want = f"(N, {channels}, H, W)" if channels is not None else "(N, C, H, W)"
    if x.ndim != 4:
        raise ValueError(
            f"{who}: expected a 4-d input {want}, got {x.ndim}-d input {_shape_str(x.shape)}"
        )
    if channels is not None and x.shape[1] != channels:
        raise ValueError(f"{who}: expected input {want}, got {_shape_str(x.shape)}")


def _check_fits(x_shape, geom: Geom, who: str) -> None:
    (kh, kw), (ph, pw), (dh, dw) = geom.kernel, geom.padding, geom.dilation
    hp, wp = x_shape[2] + 2 * ph, x_shape[3] + 2 * pw
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
    if eh > hp or ew > wp:
        raise ValueError(
            f"{who}: kernel {eh}x{ew} is larger than the padded input {hp}x{wp} "
            f"(input {_shape_str(x_shape)}, padding {geom.padding})"
        )
    if min(geom.stride) < 1 or min(geom.dilation) < 1 or min(geom.padding) < 0:
        raise ValueError(f"{who}: stride and dilation must be >= 1 and padding >= 0")


def conv2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    dilation=1,
    groups: int = 1,
) -> Tensor:
    """2-d cross-correlation, as torch.nn.functional.conv2d.

    `padding` is an int, a pair, or "valid" (none) or "same" (the output keeps
    the input's height and width; stride 1 only). As in PyTorch (and Keras), an
    odd amount of "same" padding puts the extra row and column at the bottom
    and right. With `groups` g, weight is (out, in / g, kh, kw): each group of
    in / g input channels has its own out / g filters (g = in: depthwise).
    """
    return _conv2d(input, weight, bias, stride, padding, dilation, "conv2d", groups)


def _same_padding(x: Tensor, kernel, stride, dilation, who: str) -> tuple[Tensor, tuple]:
    """x padded at the end where "same" needs an odd total, and the symmetric padding left."""
    if stride != (1, 1):
        raise ValueError(f"{who}: padding='same' needs stride 1 (got stride {stride})")
    pads = []
    for axis, k, d in ((2, kernel[0], dilation[0]), (3, kernel[1], dilation[1])):
        total = d * (k - 1)
        if total % 2:  # one more at the end: a zero row (column) appended
            shape = list(x.shape)
            shape[axis] = 1
            x = autograd.concatenate([x, Tensor(np.zeros(shape, x.dtype))], axis=axis)
        pads.append(total // 2)
    return x, tuple(pads)


def _conv2d(x, weight, bias, stride, padding, dilation, who, groups=1):
    if weight.ndim != 4:
        raise ValueError(f"{who}: weight must be (out, in, kh, kw), got {_shape_str(weight.shape)}")
    groups = integer(groups, "groups", who)
    if groups < 1 or weight.shape[0] % groups:
        raise ValueError(
            f"{who}: groups={groups} must be a positive int dividing the "
            f"{weight.shape[0]} output channels"
        )
    _check_image(x, who, weight.shape[1] * groups)
    stride, dilation = _pair(stride, "stride", who), _pair(dilation, "dilation", who)
    if isinstance(padding, str):
        if padding == "same":
            x, padding = _same_padding(x, weight.shape[2:], stride, dilation, who)
        elif padding == "valid":
            padding = 0
        else:
            raise ValueError(
                f"{who}: padding must be an int, a pair, 'same' or 'valid', got {padding!r}"
            )
    geom = Geom(tuple(weight.shape[2:]), stride, _pair(padding, "padding", who), dilation)
    _check_fits(x.shape, geom, who)
    if bias is not None and bias.shape != (weight.shape[0],):
        raise ValueError(
            f"{who}: bias must have shape ({weight.shape[0]},), got {_shape_str(bias.shape)}"
        )
    if groups > 1:
        return _grouped(x, weight, bias, geom, groups)
    if bias is not None:
        return Conv2dOp.apply(x, weight, bias, geom=geom)
    return Conv2dOp.apply(x, weight, geom=geom)


def _grouped(x: Tensor, weight: Tensor, bias, geom: Geom, groups: int) -> Tensor:
    """A grouped convolution: one convolution per group of channels, joined on axis 1."""
    cin, cout = weight.shape[1], weight.shape[0] // groups
    outs = []
    for i in range(groups):
        part = (x[:, i * cin : (i + 1) * cin], weight[i * cout : (i + 1) * cout])
        if bias is not None:
            part += (bias[i * cout : (i + 1) * cout],)
        outs.append(Conv2dOp.apply(*part, geom=geom))
    return autograd.concatenate(outs, axis=1)


def _pool_geom(x, kernel_size, stride, padding, who) -> Geom:
    _check_image(x, who)
    k = _pair(kernel_size, "kernel_size", who)
    s = k if stride is None else _pair(stride, "stride", who)
    p = _pair(padding, "padding", who)
    if p[0] * 2 > k[0] or p[1] * 2 > k[1]:
        raise ValueError(f"{who}: padding {p} must be at most half the kernel size {k}")
    geom = Geom(k, s, p)
    _check_fits(x.shape, geom, who)
    return geom


def _refuse_pool_options(
    who: str,
    dilation=1,
    ceil_mode=False,
    return_indices=False,
    count_include_pad=True,
    divisor_override=None,
) -> None:
    """PyTorch's pooling options graphgrad does not have: an error that says what to write."""
    if _pair(dilation, "dilation", who, 1) != (1, 1):
        raise NotImplementedError(
            f"{who}: dilation={dilation!r} is not implemented (pooling windows here are "
            "contiguous); pool without dilation"
        )
    if ceil_mode:
        raise NotImplementedError(
            f"{who}: ceil_mode=True is not implemented; crop the input, or extend it with "
            "autograd.cat (a row and a column of -inf for max pooling), so that size + 2 * "
            "padding - kernel is a multiple of the stride, and keep ceil_mode=False"
        )
    if return_indices:
        raise NotImplementedError(
            f"{who}: return_indices=True is not implemented (nor MaxUnpool2d); the "
            "gradient of max pooling already routes to the maxima"
        )
    if not count_include_pad:
        raise NotImplementedError(
            f"{who}: count_include_pad=False is not implemented (padded zeros count in "
            "the average); divide by the same pooling of autograd.ones_like(x) to leave "
            "them out"
        )
    if divisor_override is not None:
        raise NotImplementedError(
            f"{who}: divisor_override is not implemented; multiply the result by "
            "kernel_h * kernel_w / divisor"
        )  # fmt: skip


def max_pool2d(
    input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False,
) -> Tensor:  # fmt: skip
    """Max over each window (stride defaults to the kernel size); ties split the gradient."""
    _refuse_pool_options("max_pool2d", dilation, ceil_mode, return_indices)
    return MaxPool2dOp.apply(
        input, geom=_pool_geom(input, kernel_size, stride, padding, "max_pool2d")
    )


def avg_pool2d(
    input: Tensor, kernel_size, stride=None, padding=0, ceil_mode=False,
    count_include_pad=True, divisor_override=None,
) -> Tensor:  # fmt: skip
    """Mean over each window (stride defaults to the kernel size; padded zeros count)."""
    _refuse_pool_options(
        "avg_pool2d", ceil_mode=ceil_mode, count_include_pad=count_include_pad,
        divisor_override=divisor_override,
    )  # fmt: skip
    return AvgPool2dOp.apply(
        input, geom=_pool_geom(input, kernel_size, stride, padding, "avg_pool2d")
    )


# ------------------------------------------------------------------ modules
class Conv2d(Module):
    """2-d convolution over NCHW input; weight (out, in, kh, kw), bias (out,)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        dilation=1,
        groups: int = 1,
        bias: bool = True,
        padding_mode: str = "zeros",
        device=None,
        dtype=None,
    ):
        super().__init__()
        if padding_mode != "zeros":
            raise ValueError(
                f"Conv2d: padding_mode={padding_mode!r} is not supported; only 'zeros' (pad "
                "the input yourself with the values you need)"
            )
        self.in_channels = integer(in_channels, "in_channels", "Conv2d", minimum=0)
        self.out_channels = integer(out_channels, "out_channels", "Conv2d", minimum=0)
        self.groups = integer(groups, "groups", "Conv2d", minimum=1)
        self.kernel_size = _pair(kernel_size, "kernel_size", "Conv2d", minimum=1)
        self.stride = _pair(stride, "stride", "Conv2d", minimum=1)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"{self._who()}: padding must be 'same' or 'valid', got {padding!r}"
                )
            self.padding = padding
        else:
            self.padding = _pair(padding, "padding", "Conv2d", minimum=0)
        self.dilation = _pair(dilation, "dilation", "Conv2d", minimum=1)
        if padding == "same" and self.stride != (1, 1):
            raise ValueError(f"{self._who()}: padding='same' needs stride 1 (got {self.stride})")
        g = self.groups
        if self.in_channels % g or self.out_channels % g:
            raise ValueError(
                f"{self._who()}: groups={groups} must be a positive int dividing both channel "
                "counts"
            )
        dt = factory_dtype(device, dtype, "Conv2d")
        self.weight = Parameter(
            np.empty((self.out_channels, self.in_channels // g, *self.kernel_size), dt)
        )
        self.bias = Parameter(np.empty((self.out_channels,), dt)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default: kaiming_uniform_(a=sqrt(5)); bias U(-1/sqrt(fan_in), +)."""
        init.kaiming_uniform_(self.weight, a=math.sqrt(5))
        if self.bias is not None:
            fan_in, _ = init._calculate_fan_in_and_fan_out(self.weight)
            bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
            init.uniform_(self.bias, -bound, bound)

    def _who(self) -> str:
        k = self.kernel_size
        ks = str(k[0]) if k[0] == k[1] else f"{k[0]}x{k[1]}"
        return f"Conv2d({self.in_channels} -> {self.out_channels}, kernel {ks})"

    def forward(self, x: Tensor) -> Tensor:
        return _conv2d(
            x,
            self.weight,
            self.bias,
            self.stride,
            self.padding,
            self.dilation,
            self._who(),
            self.groups,
        )

    def extra_repr(self) -> str:
        s = (
            f"{self.in_channels}, {self.out_channels}, kernel_size={self.kernel_size}, "
            f"stride={self.stride}"
        )
        if self.padding != (0, 0):
            s += f", padding={self.padding!r}"
        if self.dilation != (1, 1):
            s += f", dilation={self.dilation}"
        if self.groups != 1:
            s += f", groups={self.groups}"
        if self.bias is None:
            s += ", bias=False"
        return s


def _pool_arg(v, what: str, who: str, minimum: int):
    """A pooling size, checked: an int stays an int and a pair becomes a tuple (as PyTorch)."""
    pair = _pair(v, what, who, minimum)
    return pair if isinstance(v, (tuple, list)) else pair[0]


class _Pool2d(Module):
    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        who = type(self).__name__
        self.kernel_size = _pool_arg(kernel_size, "kernel_size", who, 1)
        self.stride = self.kernel_size if stride is None else _pool_arg(stride, "stride", who, 1)
        self.padding = _pool_arg(padding, "padding", who, 0)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxPool2d(_Pool2d):
    """Max pooling; ties split the gradient evenly between the maxima of a window."""

    def __init__(
        self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
        ceil_mode=False,
    ):  # fmt: skip
        _refuse_pool_options("MaxPool2d", dilation, ceil_mode, return_indices)
        super().__init__(kernel_size, stride, padding)

    def forward(self, x: Tensor) -> Tensor:
        geom = _pool_geom(x, self.kernel_size, self.stride, self.padding, self._who())
        return MaxPool2dOp.apply(x, geom=geom)

    def _who(self) -> str:
        return f"MaxPool2d(kernel {self.kernel_size})"


class AvgPool2d(_Pool2d):
    """Average pooling (padded zeros count in the average)."""

    def __init__(
        self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
        divisor_override=None,
    ):  # fmt: skip
        _refuse_pool_options(
            "AvgPool2d", ceil_mode=ceil_mode, count_include_pad=count_include_pad,
            divisor_override=divisor_override,
        )  # fmt: skip
        super().__init__(kernel_size, stride, padding)

    def forward(self, x: Tensor) -> Tensor:
        geom = _pool_geom(x, self.kernel_size, self.stride, self.padding, self._who())
        return AvgPool2dOp.apply(x, geom=geom)

    def _who(self) -> str:
        return f"AvgPool2d(kernel {self.kernel_size})"
