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
from autograd.argcheck import integer, integers

from . import init
from .conv_kernels import Geom, last_writes, lowest, max_pool_indices
from .conv_ops import AvgPool2dOp, Conv2dOp, MaxPool2dOp, MaxUnpool2dOp, PoolGather, _pair
from .module import Module, Parameter, factory_dtype
from .padding import pad

__all__ = [
    "AvgPool1d",
    "AvgPool2d",
    "Conv1d",
    "Conv2d",
    "MaxPool1d",
    "MaxPool2d",
    "MaxUnpool1d",
    "MaxUnpool2d",
    "avg_pool1d",
    "avg_pool2d",
    "conv1d",
    "conv2d",
    "max_pool1d",
    "max_pool1d_with_indices",
    "max_pool2d",
    "max_pool2d_with_indices",
    "max_unpool1d",
    "max_unpool2d",
]


# ------------------------------------------------------------------ functions
def _shape_str(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _check_image(x: Tensor, who: str, channels: int | None = None) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    c = "C" if channels is None else channels
    want = f"(N, {c}, H, W)"
    if x.ndim != 4:
        raise ValueError(
            f"{who}: expected a 4-d input {want} (or one image ({c}, H, W)), got {x.ndim}-d "
            f"input {_shape_str(x.shape)}"
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
    """2-d cross-correlation, as torch.nn.functional.conv2d: input (N, C, H, W) or one image
    (C, H, W).

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
    if isinstance(x, Tensor) and x.ndim == 3:  # one image (C, H, W), as PyTorch takes it
        if weight.ndim == 4 and x.shape[0] != weight.shape[1] * integer(groups, "groups", who):
            raise ValueError(
                f"{who}: expected input (N, {weight.shape[1] * groups}, H, W) or "
                f"({weight.shape[1] * groups}, H, W), got {_shape_str(x.shape)}"
            )
        y = _conv2d(x.unsqueeze(0), weight, bias, stride, padding, dilation, who, groups)
        return y.squeeze(0)
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


def _pool_geom(x, kernel_size, stride, padding, who, dilation=1) -> Geom:
    _check_image(x, who)
    k = _pair(kernel_size, "kernel_size", who)
    s = k if stride is None else _pair(stride, "stride", who)
    p = _pair(padding, "padding", who)
    if p[0] * 2 > k[0] or p[1] * 2 > k[1]:
        raise ValueError(f"{who}: padding {p} must be at most half the kernel size {k}")
    return Geom(k, s, p, _pair(dilation, "dilation", who, 1))


def _ceil_extra(n: int, k: int, s: int, p: int, d: int) -> int:
    """Rows (columns) ceil_mode adds past the padding: PyTorch's output size rounds up, but
    the last window must start inside the image or its left padding."""
    span = d * (k - 1) + 1
    out = (n + 2 * p - span + s - 1) // s + 1
    if (out - 1) * s >= n + p:
        out -= 1
    return max(0, (out - 1) * s + span - (n + 2 * p))


def _pooled(x, kernel_size, stride, padding, dilation, ceil_mode, who, fill):
    """(x as (N, C, H, W), unbatched, x extended for ceil_mode with `fill`, the geometry)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    if x.ndim not in (3, 4):
        raise ValueError(
            f"{who}: expected a 3-d (C, H, W) or 4-d (N, C, H, W) input, got {x.ndim}-d input "
            f"{_shape_str(x.shape)}"
        )
    unbatched = x.ndim == 3
    x4 = x.unsqueeze(0) if unbatched else x
    geom = _pool_geom(x4, kernel_size, stride, padding, who, dilation)
    ext = x4
    if ceil_mode:
        n, c, h, w = x4.shape
        eh, ew = (
            _ceil_extra(*args)
            for args in zip((h, w), geom.kernel, geom.stride, geom.padding, geom.dilation)
        )
        if fill == -np.inf:  # max pooling: the dtype's lowest value (the kernels pad with it)
            fill = lowest(x4.dtype)
        if eh:
            ext = autograd.concatenate([ext, Tensor(np.full((n, c, eh, w), fill, x4.dtype))], 2)
        if ew:
            pad = Tensor(np.full((n, c, h + eh, ew), fill, x4.dtype))
            ext = autograd.concatenate([ext, pad], 3)
    _check_fits(ext.shape, geom, who)
    return x4, unbatched, ext, geom


def _max_pool(x, kernel_size, stride, padding, dilation, ceil_mode, return_indices, who):
    x4, unbatched, ext, geom = _pooled(
        x, kernel_size, stride, padding, dilation, ceil_mode, who, -np.inf
    )
    if not return_indices:
        y = MaxPool2dOp.apply(ext, geom=geom)
        return y.squeeze(0) if unbatched else y
    index = max_pool_indices(ext.numpy(), geom)
    n, c, h, w = x4.shape
    if ext.shape[3] != w:  # indices into the image itself (no window's maximum is outside)
        index = index // ext.shape[3] * w + index % ext.shape[3]
    rows = np.arange(n)[:, None, None], np.arange(c)[None, :, None]
    values = x4.reshape(n, c, h * w)[(*rows, index.reshape(n, c, -1))].reshape(index.shape)
    if unbatched:
        return values.squeeze(0), Tensor(index[0])
    return values, Tensor(index)


def _avg_divisors(in_hw, geom: Geom, out_hw, count_include_pad: bool) -> np.ndarray:
    """Each window's divisor, as PyTorch's: its size clipped to the padded image (and to the
    image itself when padded zeros do not count), (Ho, Wo)."""
    sizes = []
    for n, k, s, p, o in zip(in_hw, geom.kernel, geom.stride, geom.padding, out_hw):
        start = np.arange(o) * s - p
        end = np.minimum(start + k, n + p)
        if not count_include_pad:
            start, end = np.maximum(start, 0), np.minimum(end, n)
        sizes.append(end - start)
    return np.multiply.outer(*sizes)


def _avg_pool(x, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override,
              who) -> Tensor:  # fmt: skip
    x4, unbatched, ext, geom = _pooled(x, kernel_size, stride, padding, 1, ceil_mode, who, 0)
    kh, kw = geom.kernel
    if divisor_override is None and count_include_pad and not ceil_mode:  # all kh * kw
        y = AvgPool2dOp.apply(ext, geom=geom)
        return y.squeeze(0) if unbatched else y
    if divisor_override is not None:
        divisor_override = integer(divisor_override, "divisor_override", who)
        if divisor_override == 0:
            raise ValueError(f"{who}: divisor_override must be non-zero")
        div = np.full(geom.out_hw(*ext.shape[2:]), divisor_override)
    else:
        div = _avg_divisors(x4.shape[2:], geom, geom.out_hw(*ext.shape[2:]), count_include_pad)
    if (div == kh * kw).all():
        y = AvgPool2dOp.apply(ext, geom=geom)
    else:  # the window sums (PyTorch's order), each divided by its own divisor
        one = np.dtype(ext.dtype).type(1) if ext.dtype.kind == "f" else np.float64(1)
        y = PoolGather.apply(ext, geom=geom, _share=one) / Tensor(div.astype(one.dtype))
    return y.squeeze(0) if unbatched else y


def max_pool2d(
    input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False,
):  # fmt: skip
    """Max over each window of (N, C, H, W) or (C, H, W) (stride defaults to the kernel size;
    `dilation` spaces a window's pixels; `ceil_mode` rounds the output size up, as PyTorch);
    at ties the gradient goes to one maximum, as PyTorch's.

    With `return_indices=True`, (values, indices) as max_pool2d_with_indices: the gradient
    then goes to the indexed (first) maximum, as in PyTorch.
    """
    return _max_pool(
        input, kernel_size, stride, padding, dilation, ceil_mode, return_indices, "max_pool2d"
    )


def max_pool2d_with_indices(
    input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False,
) -> tuple[Tensor, Tensor]:  # fmt: skip
    """(values, indices) of max pooling, as torch.nn.functional.max_pool2d_with_indices.

    indices (int64) point into each flattened H * W image at the first maximum of each
    window (a NaN wins, as in PyTorch); the gradient goes there. MaxUnpool2d inverts it.
    """
    return _max_pool(
        input, kernel_size, stride, padding, dilation, ceil_mode, True, "max_pool2d_with_indices"
    )


def avg_pool2d(
    input: Tensor, kernel_size, stride=None, padding=0, ceil_mode=False,
    count_include_pad=True, divisor_override=None,
) -> Tensor:  # fmt: skip
    """Mean over each window of (N, C, H, W) or (C, H, W) (stride defaults to the kernel
    size), as PyTorch's: padded zeros count unless `count_include_pad=False`, `ceil_mode`
    rounds the output size up (a window past the padding divides by what it covers), and
    `divisor_override` replaces every divisor."""
    return _avg_pool(
        input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override,
        "avg_pool2d",
    )  # fmt: skip


# ------------------------------------------------------------------ modules
_PADDING_MODES = ("zeros", "reflect", "replicate", "circular")


def _same_pads(kernel, dilation) -> tuple:
    """'same' padding per axis as (before, after): an odd total puts the extra one after."""
    return tuple(
        (d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip(kernel, dilation)
    )


def _conv_repr(m: Module) -> str:
    """PyTorch's repr of a convolution (transposed or not): the arguments that differ from
    their defaults, in PyTorch's order, a padding string unquoted."""
    n = len(m.kernel_size)
    s = f"{m.in_channels}, {m.out_channels}, kernel_size={m.kernel_size}, stride={m.stride}"
    if m.padding != (0,) * n:
        s += f", padding={m.padding}"
    if m.dilation != (1,) * n:
        s += f", dilation={m.dilation}"
    output_padding = getattr(m, "output_padding", None)
    if output_padding is not None and output_padding != (0,) * n:
        s += f", output_padding={output_padding}"
    if m.groups != 1:
        s += f", groups={m.groups}"
    if m.bias is None:
        s += ", bias=False"
    if m.padding_mode != "zeros":
        s += f", padding_mode={m.padding_mode}"
    return s


def _conv_channels(who: str, in_channels, out_channels, groups) -> tuple[int, int, int]:
    """(in_channels, out_channels, groups) checked with PyTorch's words."""
    cin = integer(in_channels, "in_channels", who, minimum=0)
    cout = integer(out_channels, "out_channels", who, minimum=0)
    g = integer(groups, "groups", who)
    if g <= 0:
        raise ValueError(f"{who}: groups must be a positive integer (got groups={g})")
    if cin % g:
        raise ValueError(
            f"{who}: in_channels must be divisible by groups (in_channels={cin}, groups={g})"
        )
    if cout % g:
        raise ValueError(
            f"{who}: out_channels must be divisible by groups (out_channels={cout}, groups={g})"
        )
    return cin, cout, g


def _reset_conv(module: Module) -> None:
    """PyTorch's default: kaiming_uniform_(a=sqrt(5)); bias U(-1/sqrt(fan_in), +)."""
    init.kaiming_uniform_(module.weight, a=math.sqrt(5))
    if module.bias is not None:
        fan_in, _ = init._calculate_fan_in_and_fan_out(module.weight)
        bound = 1 / math.sqrt(fan_in) if fan_in > 0 else 0
        init.uniform_(module.bias, -bound, bound)


class _ConvNd(Module):
    """What Conv1d/2d/3d share, as PyTorch's `_ConvNd`: the argument checks (PyTorch's
    messages), the parameters, the initialisation, padding_mode and the repr."""

    _dims = 2

    def __init__(
        self, in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
        padding_mode, device, dtype,
    ):  # fmt: skip
        super().__init__()
        who, n = type(self).__name__, self._dims
        self.in_channels, self.out_channels, self.groups = _conv_channels(
            who, in_channels, out_channels, groups
        )
        self.kernel_size = _ints(kernel_size, "kernel_size", who, length=n, minimum=1)
        self.stride = _ints(stride, "stride", who, length=n, minimum=1)
        if isinstance(padding, str):
            if padding not in ("same", "valid"):
                raise ValueError(
                    f"{who}: Invalid padding string {padding!r}, should be one of "
                    "{'same', 'valid'} (or an int, or a tuple of ints)"
                )
            if padding == "same" and any(s != 1 for s in self.stride):
                raise ValueError(
                    f"{who}: padding='same' is not supported for strided convolutions (got "
                    f"stride={self.stride}; pad explicitly, or use stride 1)"
                )
            self.padding = padding
        else:
            self.padding = _ints(padding, "padding", who, length=n, minimum=0)
        self.dilation = _ints(dilation, "dilation", who, length=n, minimum=1)
        if padding_mode not in _PADDING_MODES:
            raise ValueError(
                f"{who}: padding_mode must be one of {{'zeros', 'reflect', 'replicate', "
                f"'circular'}}, but got padding_mode={padding_mode!r}"
            )
        self.padding_mode = padding_mode
        dt = factory_dtype(device, dtype, who)
        shape = (self.out_channels, self.in_channels // self.groups, *self.kernel_size)
        self.weight = Parameter(np.empty(shape, dt))
        self.bias = Parameter(np.empty((self.out_channels,), dt)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default: kaiming_uniform_(a=sqrt(5)); bias U(-1/sqrt(fan_in), +)."""
        _reset_conv(self)

    def _mode_padded(self, input):
        """(input, padding) for the convolution: with a padding_mode other than 'zeros', the
        input padded that way (as PyTorch's F.pad) and no more padding."""
        if self.padding_mode == "zeros":
            return input, self.padding
        if self.padding == "valid":
            pads = ((0, 0),) * self._dims
        elif self.padding == "same":
            pads = _same_pads(self.kernel_size, self.dilation)
        else:
            pads = tuple((p, p) for p in self.padding)
        amounts = tuple(a for pair in reversed(pads) for a in pair)
        if isinstance(input, Tensor) and any(amounts):
            input = pad(input, amounts, mode=self.padding_mode)
        return input, 0

    def extra_repr(self) -> str:
        return _conv_repr(self)


class Conv2d(_ConvNd):
    """2-d convolution over NCHW input; weight (out, in / groups, kh, kw), bias (out,).
    padding_mode: 'zeros', 'reflect', 'replicate' or 'circular', as PyTorch's."""

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
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
            padding_mode, device, dtype,
        )  # fmt: skip

    def _who(self) -> str:
        k = self.kernel_size
        ks = str(k[0]) if k[0] == k[1] else f"{k[0]}x{k[1]}"
        return f"Conv2d({self.in_channels} -> {self.out_channels}, kernel {ks})"

    def forward(self, input: Tensor) -> Tensor:
        x, padding = self._mode_padded(input)
        return _conv2d(
            x, self.weight, self.bias, self.stride, padding, self.dilation, self._who(),
            self.groups,
        )  # fmt: skip


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
    """Max pooling; at ties the gradient goes to PyTorch's choice, the first maximum of a
    window in row-major order (the last NaN)."""

    def __init__(
        self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
        ceil_mode=False,
    ):  # fmt: skip
        super().__init__(kernel_size, stride, padding)
        self.dilation = _pool_arg(dilation, "dilation", "MaxPool2d", 1)
        self.return_indices = bool(return_indices)
        self.ceil_mode = bool(ceil_mode)

    def forward(self, input: Tensor):
        return _max_pool(
            input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
            self.return_indices, self._who(),
        )  # fmt: skip

    def extra_repr(self) -> str:
        return f"{super().extra_repr()}, dilation={self.dilation}, ceil_mode={self.ceil_mode}"

    def _who(self) -> str:
        return f"MaxPool2d(kernel {self.kernel_size})"


class AvgPool2d(_Pool2d):
    """Average pooling (padded zeros count in the average unless count_include_pad=False)."""

    def __init__(
        self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True,
        divisor_override=None,
    ):  # fmt: skip
        super().__init__(kernel_size, stride, padding)
        self.ceil_mode = bool(ceil_mode)
        self.count_include_pad = bool(count_include_pad)
        if divisor_override is not None:
            divisor_override = integer(divisor_override, "divisor_override", "AvgPool2d")
        self.divisor_override = divisor_override

    def forward(self, input: Tensor) -> Tensor:
        return _avg_pool(
            input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
            self.count_include_pad, self.divisor_override, self._who(),
        )  # fmt: skip

    def _who(self) -> str:
        return f"AvgPool2d(kernel {self.kernel_size})"


# ------------------------------------------------------------------ unpooling
def _ints(value, what: str, who: str, length: int | None = None, minimum: int | None = None):
    """`integers`, with the elements' types checked before the length (a TypeError for
    (2, 2.5) whatever the number of dimensions)."""
    if isinstance(value, (tuple, list)):
        integers(value, what, who, minimum=minimum)
    return integers(value, what, who, length=length, minimum=minimum)


def _unpool_size(in_hw, kernel, stride, padding, output_size, who: str) -> tuple:
    default = tuple((n - 1) * s + k - 2 * p for n, k, s, p in zip(in_hw, kernel, stride, padding))
    if output_size is None:
        size = default
    else:
        size = tuple(_ints(output_size, "output_size", who))
        if len(size) == len(kernel) + 2:
            size = size[2:]
        if len(size) != len(kernel):
            raise ValueError(
                f"{who}: output_size must have {len(kernel)} or {len(kernel) + 2} elements, "
                f"got {output_size!r}"
            )
        for d, (want, n, s) in enumerate(zip(size, default, stride)):
            if not n - s < want < n + s:
                raise ValueError(
                    f"{who}: invalid output_size {tuple(output_size)} (dim {d} must be between "
                    f"{n - s} and {n + s}, exclusive)"
                )
    if min(size) < 0:
        raise ValueError(f"{who}: the output size {size} is negative; lower the padding")
    return size


def _max_unpool(x, indices, kernel_size, stride, padding, output_size, who, dims) -> Tensor:
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    if x.ndim not in (dims + 1, dims + 2):
        raise ValueError(
            f"{who}: expected a {dims + 1}-d or {dims + 2}-d input, got shape {tuple(x.shape)}"
        )
    index = indices.numpy() if isinstance(indices, Tensor) else np.asarray(indices)
    if index.dtype.kind not in "iu" or index.shape != tuple(x.shape):
        raise ValueError(
            f"{who}: indices must be integers of the input's shape {tuple(x.shape)} (as "
            f"max_pool{dims}d(..., return_indices=True) gives), got {index.dtype} "
            f"{tuple(index.shape)}"
        )
    k = _ints(kernel_size, "kernel_size", who, length=dims, minimum=1)
    s = k if stride is None else _ints(stride, "stride", who, length=dims, minimum=1)
    p = _ints(padding, "padding", who, length=dims, minimum=0)
    size = _unpool_size(x.shape[-dims:], k, s, p, output_size, who)
    unbatched = x.ndim == dims + 1
    x4 = x.unsqueeze(0) if unbatched else x
    index = index[None] if unbatched else index
    if dims == 1:
        x4, index, size = x4.unsqueeze(-2), index[..., None, :], (1, size[0])
    total = size[0] * size[1]
    bad = (index < 0) | (index >= total)
    if bad.any():
        raise ValueError(
            f"{who}: found an invalid max index {int(index[bad][0])} (the output images are "
            f"{' x '.join(str(n) for n in size[-dims:])}, {total} values)"
        )
    index = index.astype(np.int64, copy=False)
    last = last_writes(index, total)
    y = MaxUnpool2dOp.apply(x4, indices=index, out_hw=size, last=last)
    if dims == 1:
        y = y.squeeze(-2)
    return y.squeeze(0) if unbatched else y


def max_unpool2d(
    input: Tensor, indices, kernel_size, stride=None, padding=0, output_size=None
) -> Tensor:
    """The partial inverse of max_pool2d: each value put back at its index (from
    `return_indices=True`), zeros elsewhere; the output is (H - 1) * stride - 2 * padding +
    kernel_size high (and wide) unless `output_size` says otherwise. A repeated index (from
    overlapping windows) takes the last value, which alone gets the gradient (PyTorch sends
    it to every copy)."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size,
                       "max_unpool2d", 2)  # fmt: skip


def max_unpool1d(
    input: Tensor, indices, kernel_size, stride=None, padding=0, output_size=None
) -> Tensor:
    """The partial inverse of max_pool1d: each value of (N, C, L) put back at its index,
    zeros elsewhere (length (L - 1) * stride - 2 * padding + kernel_size by default)."""
    return _max_unpool(input, indices, kernel_size, stride, padding, output_size,
                       "max_unpool1d", 1)  # fmt: skip


class _MaxUnpool(Module):
    _dims = 2

    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        who, n = type(self).__name__, self._dims
        self.kernel_size = _ints(kernel_size, "kernel_size", who, length=n, minimum=1)
        self.stride = (
            self.kernel_size
            if stride is None
            else _ints(stride, "stride", who, length=n, minimum=1)
        )
        self.padding = _ints(padding, "padding", who, length=n, minimum=0)

    def forward(self, input: Tensor, indices, output_size=None) -> Tensor:
        return _max_unpool(
            input, indices, self.kernel_size, self.stride, self.padding, output_size,
            type(self).__name__, self._dims,
        )  # fmt: skip

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


class MaxUnpool2d(_MaxUnpool):
    """The partial inverse of MaxPool2d: `forward(input, indices, output_size=None)`."""


class MaxUnpool1d(_MaxUnpool):
    """The partial inverse of MaxPool1d: `forward(input, indices, output_size=None)`."""

    _dims = 1


# ------------------------------------------------------------------ 1-d: height-1 images
def _check_1d(x, who: str, channels: int | None = None) -> bool:
    """Checks a (N, C, L) or (C, L) input; True if unbatched."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    want = f"(N, {channels}, L) or ({channels}, L)" if channels is not None else "(N, C, L)"
    if x.ndim not in (2, 3) or (channels is not None and x.shape[-2] != channels):
        raise ValueError(
            f"{who}: expected input {want}, got {x.ndim}-d input {_shape_str(x.shape)}"
        )
    return x.ndim == 2


def _one(v, what: str, who: str, minimum: int | None = None) -> int:
    return _ints(v, what, who, length=1, minimum=minimum)[0]


def conv1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    dilation=1,
    groups: int = 1,
) -> Tensor:
    """1-d cross-correlation, as torch.nn.functional.conv1d: input (N, Cin, L) or (Cin, L),
    weight (Cout, Cin / groups, k), bias (Cout,); padding an int, "valid" or "same" (stride
    1; an odd total puts the extra zero at the end). A conv2d of an image of height 1."""
    return _conv1d(input, weight, bias, stride, padding, dilation, groups, "conv1d")


def _conv1d(x, weight, bias, stride, padding, dilation, groups, who) -> Tensor:
    if not isinstance(weight, Tensor) or weight.ndim != 3:
        got = _shape_str(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__
        raise ValueError(f"{who}: weight must be (out, in / groups, k), got {got}")
    groups = integer(groups, "groups", who)
    unbatched = _check_1d(x, who, weight.shape[1] * groups if groups > 0 else None)
    s, d = _one(stride, "stride", who), _one(dilation, "dilation", who)
    if not isinstance(padding, str):
        padding = (0, _one(padding, "padding", who))
    x4 = x.unsqueeze(-2)
    if unbatched:
        x4 = x4.unsqueeze(0)
    if not isinstance(padding, str) or padding == "valid":
        k, p = weight.shape[2], 0 if isinstance(padding, str) else padding[1]
        if min(s, d) < 1 or p < 0:
            raise ValueError(f"{who}: stride and dilation must be >= 1 and padding >= 0")
        if d * (k - 1) + 1 > x.shape[-1] + 2 * p:
            raise ValueError(
                f"{who}: kernel size {d * (k - 1) + 1} (with dilation) is larger than the padded "
                f"input length {x.shape[-1] + 2 * p} (input {_shape_str(x.shape)}, padding {p})"
            )
    y = _conv2d(x4, weight.unsqueeze(2), bias, (1, s), padding, (1, d), who, groups)
    y = y.squeeze(-2)
    return y.squeeze(0) if unbatched else y


class Conv1d(_ConvNd):
    """1-d convolution over (N, C, L); weight (out, in / groups, k), bias (out,).
    padding_mode: 'zeros', 'reflect', 'replicate' or 'circular', as PyTorch's."""

    _dims = 1

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
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, dilation, groups, bias,
            padding_mode, device, dtype,
        )  # fmt: skip

    def forward(self, input: Tensor) -> Tensor:
        x, padding = self._mode_padded(input)
        if not isinstance(padding, (str, int)):
            padding = padding[0]
        who = f"Conv1d({self.in_channels} -> {self.out_channels}, kernel {self.kernel_size[0]})"
        return _conv1d(
            x, self.weight, self.bias, self.stride[0], padding, self.dilation[0], self.groups,
            who,
        )  # fmt: skip


def _pool1d_args(x, kernel_size, stride, padding, dilation, ceil_mode, who) -> tuple:
    """(x as (N, C, 1, L), unbatched, and the 2-d pools' kernel, stride, padding, dilation)."""
    unbatched = _check_1d(x, who)
    k = _one(kernel_size, "kernel_size", who, 1)
    s = k if stride is None else _one(stride, "stride", who, 1)
    p = _one(padding, "padding", who, 0)
    d = _one(dilation, "dilation", who, 1)
    if 2 * p > k:
        raise ValueError(f"{who}: padding {p} must be at most half the kernel size {k}")
    span, length = d * (k - 1) + 1, x.shape[-1] + 2 * p
    if span > length + (_ceil_extra(x.shape[-1], k, s, p, d) if ceil_mode else 0):
        raise ValueError(
            f"{who}: kernel size {span} (with dilation) is larger than the padded input length "
            f"{length} (input {_shape_str(x.shape)}, padding {p})"
        )
    x4 = x.unsqueeze(-2)
    return (x4.unsqueeze(0) if unbatched else x4), unbatched, (1, k), (1, s), (0, p), (1, d)


def _unpack1d(y, unbatched: bool):
    y = y.squeeze(-2)
    return y.squeeze(0) if unbatched else y


def max_pool1d(
    input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False,
):  # fmt: skip
    """Max over each window of (N, C, L) or (C, L) (stride defaults to the kernel size;
    dilation and ceil_mode as max_pool2d's); ties as max_pool2d's.
    `return_indices=True`: (values, indices into L), the gradient to the first maximum."""
    who = "max_pool1d"
    x4, unbatched, *geom = _pool1d_args(
        input, kernel_size, stride, padding, dilation, ceil_mode, who
    )
    out = _max_pool(x4, *geom, ceil_mode, return_indices, who)
    if return_indices:
        return _unpack1d(out[0], unbatched), _unpack1d(out[1], unbatched)
    return _unpack1d(out, unbatched)


def avg_pool1d(
    input: Tensor, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True
) -> Tensor:
    """Mean over each window of (N, C, L) or (C, L), as avg_pool2d's (padded zeros count
    unless count_include_pad=False; ceil_mode rounds the output size up)."""
    who = "avg_pool1d"
    x4, unbatched, k, s, p, _ = _pool1d_args(input, kernel_size, stride, padding, 1, ceil_mode, who)
    return _unpack1d(_avg_pool(x4, k, s, p, ceil_mode, count_include_pad, None, who), unbatched)


class _Pool1d(Module):
    def __init__(self, kernel_size, stride=None, padding=0):
        super().__init__()
        who = type(self).__name__
        self.kernel_size = _pool_arg1(kernel_size, "kernel_size", who, 1)
        self.stride = self.kernel_size if stride is None else _pool_arg1(stride, "stride", who, 1)
        self.padding = _pool_arg1(padding, "padding", who, 0)

    def extra_repr(self) -> str:
        return f"kernel_size={self.kernel_size}, stride={self.stride}, padding={self.padding}"


def _pool_arg1(v, what: str, who: str, minimum: int):
    """A 1-d pooling size: an int stays an int, a 1-tuple stays a tuple (as PyTorch)."""
    one = _ints(v, what, who, length=1, minimum=minimum)
    return one if isinstance(v, (tuple, list)) else one[0]


class MaxPool1d(_Pool1d):
    """Max pooling over (N, C, L); ties as MaxPool2d's (the first maximum gets the gradient)."""

    def __init__(
        self, kernel_size, stride=None, padding=0, dilation=1, return_indices=False,
        ceil_mode=False,
    ):  # fmt: skip
        super().__init__(kernel_size, stride, padding)
        self.dilation = _pool_arg1(dilation, "dilation", "MaxPool1d", 1)
        self.return_indices = bool(return_indices)
        self.ceil_mode = bool(ceil_mode)

    def forward(self, input: Tensor):
        return max_pool1d(
            input, self.kernel_size, self.stride, self.padding, self.dilation, self.ceil_mode,
            self.return_indices,
        )  # fmt: skip

    def extra_repr(self) -> str:
        return f"{super().extra_repr()}, dilation={self.dilation}, ceil_mode={self.ceil_mode}"


class AvgPool1d(_Pool1d):
    """Average pooling over (N, C, L) (padded zeros count unless count_include_pad=False)."""

    def __init__(
        self, kernel_size, stride=None, padding=0, ceil_mode=False, count_include_pad=True
    ):
        super().__init__(kernel_size, stride, padding)
        self.ceil_mode = bool(ceil_mode)
        self.count_include_pad = bool(count_include_pad)
        # PyTorch keeps AvgPool1d's sizes as 1-tuples
        self.kernel_size, self.stride, self.padding = (
            v if isinstance(v, tuple) else (v,)
            for v in (self.kernel_size, self.stride, self.padding)
        )

    def forward(self, input: Tensor) -> Tensor:
        return avg_pool1d(
            input, self.kernel_size, self.stride, self.padding, self.ceil_mode,
            self.count_include_pad,
        )  # fmt: skip


def max_pool1d_with_indices(
    input: Tensor, kernel_size, stride=None, padding=0, dilation=1, ceil_mode=False,
    return_indices=False,
) -> tuple[Tensor, Tensor]:  # fmt: skip
    """(values, indices) of 1-d max pooling, as torch.nn.functional.max_pool1d_with_indices
    (indices into L; the gradient goes to the first maximum of each window)."""
    return max_pool1d(input, kernel_size, stride, padding, dilation, ceil_mode, True)
