"""Transposed convolutions: ConvTranspose1d/2d and conv_transpose1d/2d, as PyTorch's.

A transposed convolution is the input gradient of a convolution, so it runs on the same
primitive, `ConvTranspose2dOp` (nn/conv_ops.py): the input x (N, Cin, H, W) plays the
convolution's output gradient and the weight (Cin, Cout / groups, kh, kw) the convolution's
weight; its backward is a convolution and a weight gradient, with double backward. The
output is (N, Cout, Ho, Wo) with Ho = (H - 1) * stride - 2 * padding + dilation * (kh - 1)
+ output_padding + 1. The 1-d forms are the 2-d ones on an image of height 1, as PyTorch.
"""

from __future__ import annotations

import numpy as np

import autograd
from autograd import Tensor
from autograd.argcheck import integer

from .conv import _conv_channels, _conv_repr, _ints, _reset_conv
from .conv_kernels import Geom
from .conv_ops import ConvTranspose2dOp
from .module import Module, Parameter, factory_dtype

__all__ = ["ConvTranspose1d", "ConvTranspose2d", "conv_transpose1d", "conv_transpose2d"]


def _shape_str(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _tuple(v, what: str, who: str, n: int, minimum: int | None = None) -> tuple:
    return _ints(v, what, who, length=n, minimum=minimum)


def _output_hw(in_hw, geom: Geom, output_padding, who: str) -> tuple[int, int]:
    out = []
    for n, k, s, p, d, op in zip(
        in_hw, geom.kernel, geom.stride, geom.padding, geom.dilation, output_padding
    ):
        if op >= s and op >= d:
            raise ValueError(
                f"{who}: output_padding must be smaller than either stride or dilation, got "
                f"output_padding={tuple(output_padding)}, stride={geom.stride}, "
                f"dilation={geom.dilation}"
            )
        out.append((n - 1) * s - 2 * p + d * (k - 1) + op + 1)
    if min(out) < 1:
        raise ValueError(
            f"{who}: the output size {_shape_str(out)} is too small (input {_shape_str(in_hw)}, "
            f"kernel {geom.kernel}, stride {geom.stride}, padding {geom.padding}, dilation "
            f"{geom.dilation}); lower the padding"
        )
    return tuple(out)


def _padding_for_size(in_hw, geom: Geom, output_size, who: str) -> tuple[int, int]:
    """The output_padding that gives `output_size` (PyTorch's ConvTranspose forward)."""
    size = list(output_size)
    if len(size) > 2:  # the full shape: the last two are the spatial sizes
        size = size[-2:]
    if len(size) != 2:
        raise ValueError(f"{who}: output_size must have 2 (or 4) elements, got {output_size!r}")
    pads = []
    for n, k, s, p, d, want in zip(
        in_hw, geom.kernel, geom.stride, geom.padding, geom.dilation, size
    ):
        low = (n - 1) * s - 2 * p + d * (k - 1) + 1
        if not low <= want < low + s:
            raise ValueError(
                f"{who}: requested an output size of {tuple(size)}, but valid sizes range from "
                f"{low} to {low + s - 1} (for an input of {_shape_str(in_hw)})"
            )
        pads.append(want - low)
    return tuple(pads)


def _conv_transpose(
    x, weight, bias, stride, padding, output_padding, groups, dilation, who, output_size=None
) -> Tensor:
    """The 2-d transposed convolution of x (N, Cin, H, W) or (Cin, H, W)."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    if not isinstance(weight, Tensor) or weight.ndim != 4:
        got = _shape_str(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__
        raise ValueError(f"{who}: weight must be (in, out / groups, kh, kw), got {got}")
    groups = integer(groups, "groups", who)
    cin = weight.shape[0]
    if groups < 1 or cin % groups:
        raise ValueError(
            f"{who}: groups={groups} must be a positive int dividing the {cin} input channels"
        )
    if x.ndim not in (3, 4) or x.shape[-3] != cin:
        raise ValueError(
            f"{who}: expected input (N, {cin}, H, W) or ({cin}, H, W), got {x.ndim}-d input "
            f"{_shape_str(x.shape)}"
        )
    unbatched = x.ndim == 3
    if unbatched:
        x = x.unsqueeze(0)
    geom = Geom(
        tuple(weight.shape[2:]),
        _tuple(stride, "stride", who, 2, 1),
        _tuple(padding, "padding", who, 2, 0),
        _tuple(dilation, "dilation", who, 2, 1),
    )
    in_hw = x.shape[2:]
    if output_size is not None:
        output_padding = _padding_for_size(in_hw, geom, output_size, who)
    output_padding = _tuple(output_padding, "output_padding", who, 2, 0)
    out_hw = _output_hw(in_hw, geom, output_padding, who)
    cout = weight.shape[1] * groups
    if bias is not None and tuple(bias.shape) != (cout,):
        raise ValueError(f"{who}: bias must have shape ({cout},), got {_shape_str(bias.shape)}")
    full = geom.out_hw(*out_hw)  # a convolution of the output: more rows when op >= stride
    if full != tuple(in_hw):  # x plays the gradient of those rows: zeros
        n, (eh, ew) = x.shape[0], (full[0] - in_hw[0], full[1] - in_hw[1])
        if eh:
            x = autograd.concatenate([x, Tensor(np.zeros((n, cin, eh, in_hw[1]), x.dtype))], 2)
        if ew:
            x = autograd.concatenate([x, Tensor(np.zeros((n, cin, full[0], ew), x.dtype))], 3)
    shape = (x.shape[0], weight.shape[1], *out_hw)
    if groups == 1:
        y = ConvTranspose2dOp.apply(x, weight, x_shape=shape, geom=geom)
    else:
        ci = cin // groups
        y = autograd.concatenate(
            [
                ConvTranspose2dOp.apply(
                    x[:, i * ci : (i + 1) * ci],
                    weight[i * ci : (i + 1) * ci],
                    x_shape=shape,
                    geom=geom,
                )  # fmt: skip
                for i in range(groups)
            ],
            axis=1,
        )
    if bias is not None:
        y = y + bias.reshape(1, cout, 1, 1)
    return y.squeeze(0) if unbatched else y


def conv_transpose2d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    output_padding=0,
    groups: int = 1,
    dilation=1,
) -> Tensor:
    """2-d transposed convolution ("deconvolution"), as torch.nn.functional.conv_transpose2d.

    input (N, Cin, H, W) or (Cin, H, W), weight (Cin, Cout / groups, kh, kw), bias (Cout,):
    the gradient of `conv2d` with respect to its input. `output_padding` adds rows and
    columns at the bottom and right of the output (smaller than stride or dilation).
    """
    return _conv_transpose(
        input, weight, bias, stride, padding, output_padding, groups, dilation,
        "conv_transpose2d",
    )  # fmt: skip


def conv_transpose1d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    output_padding=0,
    groups: int = 1,
    dilation=1,
) -> Tensor:
    """1-d transposed convolution, as torch.nn.functional.conv_transpose1d: input (N, Cin, L)
    or (Cin, L), weight (Cin, Cout / groups, k); a 2-d one on an image of height 1."""
    return _transpose1d(
        input, weight, bias, stride, padding, output_padding, groups, dilation,
        "conv_transpose1d",
    )  # fmt: skip


def _transpose1d(x, weight, bias, stride, padding, output_padding, groups, dilation, who,
                 output_size=None) -> Tensor:  # fmt: skip
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    if not isinstance(weight, Tensor) or weight.ndim != 3:
        got = _shape_str(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__
        raise ValueError(f"{who}: weight must be (in, out / groups, k), got {got}")
    if x.ndim not in (2, 3):
        raise ValueError(
            f"{who}: expected input (N, C, L) or (C, L), got {x.ndim}-d input {_shape_str(x.shape)}"
        )
    one = _tuple(stride, "stride", who, 1, 1), _tuple(padding, "padding", who, 1, 0)
    one += (_tuple(output_padding, "output_padding", who, 1, 0),)
    one += (_tuple(dilation, "dilation", who, 1, 1),)
    (s,), (p,), (op,), (d,) = one
    if output_size is not None:
        size = list(output_size)
        output_size = (1, size[-1]) if size else size
    y = _conv_transpose(
        x.unsqueeze(-2), weight.unsqueeze(2), bias, (1, s), (0, p), (0, op), groups, (1, d),
        who, output_size,
    )  # fmt: skip
    return y.squeeze(-2)


# ------------------------------------------------------------------ modules
class _ConvTransposeNd(Module):
    """What ConvTranspose1d/2d/3d share: the argument checks (PyTorch's messages), the
    parameters, the initialisation and the repr."""

    _dims = 2

    def __init__(
        self, in_channels, out_channels, kernel_size, stride, padding, output_padding,
        groups, bias, dilation, padding_mode, device, dtype,
    ):  # fmt: skip
        super().__init__()
        who, n = type(self).__name__, self._dims
        if padding_mode != "zeros":
            raise ValueError(
                f'{who}: Only "zeros" padding mode is supported for {who} (got '
                f"padding_mode={padding_mode!r}; pad the input with F.pad first)"
            )
        self.in_channels, self.out_channels, self.groups = _conv_channels(
            who, in_channels, out_channels, groups
        )
        self.kernel_size = _tuple(kernel_size, "kernel_size", who, n, 1)
        self.stride = _tuple(stride, "stride", who, n, 1)
        self.padding = _tuple(padding, "padding", who, n, 0)
        self.output_padding = _tuple(output_padding, "output_padding", who, n, 0)
        self.dilation = _tuple(dilation, "dilation", who, n, 1)
        self.padding_mode = padding_mode
        dt = factory_dtype(device, dtype, who)
        shape = (self.in_channels, self.out_channels // self.groups, *self.kernel_size)
        self.weight = Parameter(np.empty(shape, dt))
        self.bias = Parameter(np.empty((self.out_channels,), dt)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """PyTorch's default: kaiming_uniform_(a=sqrt(5)); bias U(-1/sqrt(fan_in), +), fan_in
        from the weight's second axis (out_channels / groups) times the kernel size."""
        _reset_conv(self)

    def extra_repr(self) -> str:
        return _conv_repr(self)


class ConvTranspose2d(_ConvTransposeNd):
    """2-d transposed convolution; weight (in, out / groups, kh, kw), bias (out,).
    `forward(x, output_size=None)`: output_size picks the output_padding (as PyTorch)."""

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        groups: int = 1,
        bias: bool = True,
        dilation=1,
        padding_mode: str = "zeros",
        device=None,
        dtype=None,
    ):
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, output_padding, groups,
            bias, dilation, padding_mode, device, dtype,
        )  # fmt: skip

    def forward(self, input: Tensor, output_size=None) -> Tensor:
        return _conv_transpose(
            input, self.weight, self.bias, self.stride, self.padding, self.output_padding,
            self.groups, self.dilation, "ConvTranspose2d", output_size,
        )  # fmt: skip


class ConvTranspose1d(_ConvTransposeNd):
    """1-d transposed convolution over (N, C, L); weight (in, out / groups, k), bias (out,).
    `forward(x, output_size=None)`: output_size picks the output_padding (as PyTorch)."""

    _dims = 1

    def __init__(
        self,
        in_channels: int,
        out_channels: int,
        kernel_size,
        stride=1,
        padding=0,
        output_padding=0,
        groups: int = 1,
        bias: bool = True,
        dilation=1,
        padding_mode: str = "zeros",
        device=None,
        dtype=None,
    ):
        super().__init__(
            in_channels, out_channels, kernel_size, stride, padding, output_padding, groups,
            bias, dilation, padding_mode, device, dtype,
        )  # fmt: skip

    def forward(self, input: Tensor, output_size=None) -> Tensor:
        return _transpose1d(
            input, self.weight, self.bias, self.stride, self.padding, self.output_padding,
            self.groups, self.dilation, "ConvTranspose1d", output_size,
        )  # fmt: skip
