"""3-d convolutions on (N, C, D, H, W) volumes: Conv3d, ConvTranspose3d, conv3d,
conv_transpose3d, as PyTorch's.

A 3-d convolution is one primitive, `Conv3dOp` (nn/conv3d_ops.py): im2col + one GEMM
per sample, as the 2-d one, with its input- and weight-gradient partners for double
backward (a grouped one runs it per group). A transposed convolution runs the 2-d
transposed convolution (nn/conv_transpose.py) on the N * D input planes, each giving the
kd output planes it adds to (as channels), and adds those at depth d * stride + i *
dilation - padding (an interleave when the stride is the kernel's depth).
"""

from __future__ import annotations

import numpy as np

import autograd
from autograd import Tensor
from autograd.argcheck import integer

from .conv import _ConvNd, _ints, _same_pads
from .conv3d_ops import Conv3dOp, Geom3
from .conv_transpose import _conv_transpose, _ConvTransposeNd
from .padding import pad

__all__ = ["Conv3d", "ConvTranspose3d", "conv3d", "conv_transpose3d"]


def _shape_str(shape) -> str:
    return "(" + ", ".join(str(s) for s in shape) + ")"


def _triple(v, what: str, who: str, minimum: int | None = None) -> tuple[int, int, int]:
    return _ints(v, what, who, length=3, minimum=minimum)


def _check_volume(x, who: str, channels: int) -> bool:
    """Checks a (N, C, D, H, W) or (C, D, H, W) input of `channels` channels; True if unbatched."""
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(x).__name__}")
    if x.ndim not in (4, 5):
        raise ValueError(
            f"{who}: expected a 5-d input (N, {channels}, D, H, W) or a 4-d one "
            f"({channels}, D, H, W), got {x.ndim}-d input {_shape_str(x.shape)}"
        )
    if x.shape[-4] != channels:
        raise ValueError(
            f"{who}: expected input (N, {channels}, D, H, W) or ({channels}, D, H, W) "
            f"({channels} channels), got {_shape_str(x.shape)}"
        )
    return x.ndim == 4


def conv3d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    dilation=1,
    groups: int = 1,
) -> Tensor:
    """3-d cross-correlation, as torch.nn.functional.conv3d: input (N, C, D, H, W) or
    (C, D, H, W), weight (O, C / groups, kd, kh, kw), bias (O,).

    `padding` is an int, a triple, "valid" (none) or "same" (the output keeps the input's
    sizes; stride 1; an odd total puts the extra zero at the end of the axis).
    """
    return _conv3d(input, weight, bias, stride, padding, dilation, groups, "conv3d")


def _conv3d(x, weight, bias, stride, padding, dilation, groups, who) -> Tensor:
    if not isinstance(weight, Tensor) or weight.ndim != 5:
        got = _shape_str(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__
        raise ValueError(f"{who}: weight must be (out, in / groups, kd, kh, kw), got {got}")
    groups = integer(groups, "groups", who)
    if groups < 1 or weight.shape[0] % groups:
        raise ValueError(
            f"{who}: groups={groups} must be a positive int dividing the {weight.shape[0]} "
            "output channels"
        )
    c = weight.shape[1] * groups
    unbatched = _check_volume(x, who, c)
    if unbatched:
        x = x.unsqueeze(0)
    stride = _triple(stride, "stride", who, 1)
    dilation = _triple(dilation, "dilation", who, 1)
    kernel = tuple(weight.shape[2:])
    if isinstance(padding, str):
        if padding == "same":
            if stride != (1, 1, 1):
                raise ValueError(f"{who}: padding='same' needs stride 1 (got stride {stride})")
            pads = _same_pads(kernel, dilation)
        elif padding == "valid":
            pads = ((0, 0),) * 3
        else:
            raise ValueError(
                f"{who}: padding must be an int, a triple, 'same' or 'valid', got {padding!r}"
            )
    else:
        pads = tuple((p, p) for p in _triple(padding, "padding", who, 0))
    if bias is not None and tuple(bias.shape) != (weight.shape[0],):
        raise ValueError(
            f"{who}: bias must have shape ({weight.shape[0]},), got {_shape_str(bias.shape)}"
        )
    sizes = [n + lo + hi for n, (lo, hi) in zip(x.shape[2:], pads)]
    spans = [d * (k - 1) + 1 for k, d in zip(kernel, dilation)]
    if any(s > n for s, n in zip(spans, sizes)):
        raise ValueError(
            f"{who}: kernel {'x'.join(map(str, spans))} (with dilation) is larger than the "
            f"padded input {'x'.join(map(str, sizes))} (input {_shape_str(x.shape)}, "
            f"padding {padding!r})"
        )
    if all(lo == hi for lo, hi in pads):
        geom = Geom3(kernel, stride, tuple(lo for lo, _ in pads), dilation)
    else:  # an uneven 'same' padding: the extra zero at the end, padded here
        x = pad(x, tuple(a for pair in reversed(pads) for a in pair))
        geom = Geom3(kernel, stride, (0, 0, 0), dilation)
    if groups == 1:
        y = (
            Conv3dOp.apply(x, weight, bias, geom=geom)
            if bias is not None
            else (Conv3dOp.apply(x, weight, geom=geom))
        )
    else:  # one convolution per group of channels, joined on axis 1
        cin, cout = weight.shape[1], weight.shape[0] // groups
        outs = []
        for i in range(groups):
            part = (x[:, i * cin : (i + 1) * cin], weight[i * cout : (i + 1) * cout])
            if bias is not None:
                part += (bias[i * cout : (i + 1) * cout],)
            outs.append(Conv3dOp.apply(*part, geom=geom))
        y = autograd.concatenate(outs, axis=1)
    return y.squeeze(0) if unbatched else y


# ------------------------------------------------------------------ transposed
def _spread(x: Tensor, axis: int, s: int) -> Tensor:
    """x with s - 1 zeros between neighbours along `axis` (a stride-s transposed step)."""
    if s == 1 or x.shape[axis] <= 1:
        return x
    zeros = Tensor(np.zeros(x.shape, x.dtype))
    parts = autograd.stack([x] + [zeros] * (s - 1), axis + 1)
    shape = list(x.shape)
    shape[axis] *= s
    flat = parts.reshape(*shape)
    index = (slice(None),) * axis + (slice(0, (x.shape[axis] - 1) * s + 1),)
    return flat[index]


def _output_padding(in_dhw, kernel, stride, padding, dilation, output_padding, output_size,
                    who) -> tuple:  # fmt: skip
    """The output_padding (from `output_size` when given, as PyTorch), checked."""
    if output_size is not None:
        size = list(_ints(output_size, "output_size", who))
        if len(size) in (4, 5):
            size = size[-3:]
        if len(size) != 3:
            raise ValueError(f"{who}: output_size must have 3 (or 5) elements, got {output_size!r}")
        pads = []
        for n, k, s, p, d, want in zip(in_dhw, kernel, stride, padding, dilation, size):
            low = (n - 1) * s - 2 * p + d * (k - 1) + 1
            if not low <= want < low + s:
                raise ValueError(
                    f"{who}: requested an output size of {tuple(size)}, but valid sizes range "
                    f"from {low} to {low + s - 1} (for an input of {_shape_str(in_dhw)})"
                )
            pads.append(want - low)
        return tuple(pads)
    output_padding = _triple(output_padding, "output_padding", who, 0)
    for op, s, d in zip(output_padding, stride, dilation):
        if op >= s and op >= d:
            raise ValueError(
                f"{who}: output_padding must be smaller than either stride or dilation, got "
                f"output_padding={output_padding}, stride={stride}, dilation={dilation}"
            )
    return output_padding


def conv_transpose3d(
    input: Tensor,
    weight: Tensor,
    bias: Tensor | None = None,
    stride=1,
    padding=0,
    output_padding=0,
    groups: int = 1,
    dilation=1,
) -> Tensor:
    """3-d transposed convolution, as torch.nn.functional.conv_transpose3d: input
    (N, Cin, D, H, W) or (Cin, D, H, W), weight (Cin, Cout / groups, kd, kh, kw), bias (Cout,);
    the gradient of `conv3d` with respect to its input. Each output size is
    (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1."""
    return _conv_transpose3d(
        input, weight, bias, stride, padding, output_padding, groups, dilation,
        "conv_transpose3d",
    )  # fmt: skip


def _conv_transpose3d(x, weight, bias, stride, padding, output_padding, groups, dilation, who,
                      output_size=None) -> Tensor:  # fmt: skip
    if not isinstance(weight, Tensor) or weight.ndim != 5:
        got = _shape_str(weight.shape) if isinstance(weight, Tensor) else type(weight).__name__
        raise ValueError(f"{who}: weight must be (in, out / groups, kd, kh, kw), got {got}")
    groups = integer(groups, "groups", who)
    cin = weight.shape[0]
    if groups < 1 or cin % groups:
        raise ValueError(
            f"{who}: groups={groups} must be a positive int dividing the {cin} input channels"
        )
    unbatched = _check_volume(x, who, cin)
    if unbatched:
        x = x.unsqueeze(0)
    stride = _triple(stride, "stride", who, 1)
    padding = _triple(padding, "padding", who, 0)
    dilation = _triple(dilation, "dilation", who, 1)
    kernel = tuple(weight.shape[2:])
    in_dhw = tuple(x.shape[2:])
    op = _output_padding(
        in_dhw, kernel, stride, padding, dilation, output_padding, output_size, who
    )
    out = [
        (n - 1) * s - 2 * p + d * (k - 1) + e + 1
        for n, k, s, p, d, e in zip(in_dhw, kernel, stride, padding, dilation, op)
    ]
    if min(out) < 1:
        raise ValueError(
            f"{who}: the output size {_shape_str(out)} is too small (input "
            f"{_shape_str(in_dhw)}, kernel {kernel}, stride {stride}, padding {padding}, "
            f"dilation {dilation}); lower the padding"
        )
    cout = weight.shape[1] * groups
    if bias is not None and tuple(bias.shape) != (cout,):
        raise ValueError(f"{who}: bias must have shape ({cout},), got {_shape_str(bias.shape)}")
    y = _depth_transposed(x, weight, stride, padding, op, groups, dilation, who)
    if bias is not None:
        y = y + bias.reshape(1, cout, 1, 1, 1)
    return y.squeeze(0) if unbatched else y


def _depth_transposed(x, weight, stride, padding, op, groups, dilation, who) -> Tensor:
    """The transposed convolution of x (N, Cin, D, H, W): one 2-d transposed convolution of
    the N * D input planes, each giving its kd output planes (as channels), which are then
    added at depth d * stride + i * dilation - padding."""
    n, cin, d, h, w = x.shape
    co, kd = weight.shape[1], weight.shape[2]
    (sd, pd, od, dd), cout = (stride[0], padding[0], op[0], dilation[0]), co * groups
    planes = x.permute(0, 2, 1, 3, 4).reshape(n * d, cin, h, w)
    w2 = weight.reshape(cin, co * kd, *weight.shape[3:])
    z = _conv_transpose(planes, w2, None, stride[1:], padding[1:], op[1:], groups,
                        dilation[1:], who)  # fmt: skip
    ho, wo = z.shape[2:]
    z = z.reshape(n, d, groups, co, kd, ho, wo).permute(0, 2, 3, 4, 1, 5, 6)
    z = z.reshape(n, cout, kd, d, ho, wo)
    full = (d - 1) * sd + dd * (kd - 1) + 1
    if dd == 1 and sd == kd:  # the planes tile the depth: an interleave
        y = z.permute(0, 1, 3, 2, 4, 5).reshape(n, cout, d * kd, ho, wo)
    else:
        y = None
        for i in range(kd):
            part = _spread(z[:, :, i], 2, sd)
            part = pad(part, (0, 0, 0, 0, i * dd, full - i * dd - part.shape[2]))
            y = part if y is None else y + part
    if pd or od:
        y = pad(y, (0, 0, 0, 0, -pd, od - pd))
    return y


# ------------------------------------------------------------------ modules
class Conv3d(_ConvNd):
    """3-d convolution over (N, C, D, H, W); weight (out, in / groups, kd, kh, kw), bias
    (out,). padding_mode: 'zeros', 'reflect', 'replicate' or 'circular', as PyTorch's."""

    _dims = 3

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
        return _conv3d(
            x, self.weight, self.bias, self.stride, padding, self.dilation, self.groups,
            type(self).__name__,
        )  # fmt: skip


class ConvTranspose3d(_ConvTransposeNd):
    """3-d transposed convolution; weight (in, out / groups, kd, kh, kw), bias (out,).
    `forward(x, output_size=None)`: output_size picks the output_padding (as PyTorch)."""

    _dims = 3

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
        return _conv_transpose3d(
            input, self.weight, self.bias, self.stride, self.padding, self.output_padding,
            self.groups, self.dilation, type(self).__name__, output_size,
        )  # fmt: skip
