"""The lazy convolutions and norms: LazyConv1d/2d/3d, LazyConvTranspose1d/2d/3d,
LazyBatchNorm1d/2d/3d and LazyInstanceNorm1d/2d/3d, as PyTorch's.

They build on the lazy base of nn/lazy.py (LazyLinear's): until the first input the
channel count is 0, the parameters are UninitializedParameters and a norm's running
statistics UninitializedBuffers. The first forward reads the channels (a convolution:
axis 1 of a batch, axis 0 of one sample; a norm: axis 1, as PyTorch), materialises the
same objects in place (an optimizer built before keeps them), draws PyTorch's
initialisation and turns the module into the layer it stands for (`cls_to_become`).
Loading a state dict materialises them from the dict's weight (or running mean) and draws
nothing; the class stays lazy until the next forward, as PyTorch's.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd.argcheck import integer

from .conv import Conv1d, Conv2d, _ints
from .conv3d import Conv3d, ConvTranspose3d
from .conv_transpose import ConvTranspose1d, ConvTranspose2d
from .lazy import UninitializedBuffer, UninitializedParameter, _LazyModule, is_lazy
from .norm import BatchNorm1d, BatchNorm2d, InstanceNorm2d
from .norm3d import BatchNorm3d, InstanceNorm1d, InstanceNorm3d

__all__ = [
    "LazyBatchNorm1d",
    "LazyBatchNorm2d",
    "LazyBatchNorm3d",
    "LazyConv1d",
    "LazyConv2d",
    "LazyConv3d",
    "LazyConvTranspose1d",
    "LazyConvTranspose2d",
    "LazyConvTranspose3d",
    "LazyInstanceNorm1d",
    "LazyInstanceNorm2d",
    "LazyInstanceNorm3d",
]


# ------------------------------------------------------------------ convolutions
class _LazyConv(_LazyModule):
    _dims = 2
    _transposed = False

    def _channels(self, x: Tensor) -> int:
        n, name = self._dims, type(self).__name__
        if x.ndim not in (n + 1, n + 2):
            raise RuntimeError(
                f"{name}: Expected {n + 2}D (batched) or {n + 1}D (unbatched) input, but got "
                f"input of size: {list(x.shape)}"
            )
        channels = x.shape[1] if x.ndim == n + 2 else x.shape[0]
        if channels % self.groups:
            raise ValueError(f"{name}: in_channels must be divisible by groups")
        return channels

    def _set_channels(self, channels: int) -> None:
        self.in_channels = channels

    def _shapes(self, channels: int) -> dict:
        k, g = tuple(self.kernel_size), self.groups
        if self._transposed:
            weight = (channels, self.out_channels // g, *k)
        else:
            weight = (self.out_channels, channels // g, *k)
        return {"weight": weight, "bias": (self.out_channels,)}

    def _channels_in_state(self, state, prefix: str) -> int | None:
        w = state.get(prefix + "weight")
        if w is None or is_lazy(w) or np.ndim(w) != self._dims + 2:
            return None
        shape = np.shape(w)
        return int(shape[0]) if self._transposed else int(shape[1]) * self.groups


def _unsized(self, device, dtype) -> None:
    """The weight and bias as PyTorch's: uninitialized parameters until the first input."""
    self.weight = UninitializedParameter(device=device, dtype=dtype)
    if self.bias is not None:
        self.bias = UninitializedParameter(device=device, dtype=dtype)


def _check_conv(self, out_channels, kernel_size, stride, padding, dilation, groups,
                output_padding=0) -> None:  # fmt: skip
    """The arguments checked under the lazy layer's own name (before the layer's checks)."""
    who, n = type(self).__name__, self._dims
    integer(out_channels, "out_channels", who, minimum=0)
    integer(groups, "groups", who, minimum=1)
    for what, v, low in (
        ("kernel_size", kernel_size, 1),
        ("stride", stride, 1),
        ("dilation", dilation, 1),
        ("output_padding", output_padding, 0),
    ):
        _ints(v, what, who, length=n, minimum=low)  # fmt: skip
    if not isinstance(padding, str):
        _ints(padding, "padding", who, length=n, minimum=0)


def _conv_init(self, cls, out_channels, kernel_size, stride, padding, dilation, groups, bias,
               padding_mode, device, dtype) -> None:  # fmt: skip
    _check_conv(self, out_channels, kernel_size, stride, padding, dilation, groups)
    cls.__init__(self, 0, out_channels, kernel_size, stride, padding, dilation, groups, bias,
                 padding_mode, device, dtype)  # fmt: skip
    _unsized(self, device, dtype)


def _transpose_init(self, cls, out_channels, kernel_size, stride, padding, output_padding,
                    groups, bias, dilation, padding_mode, device, dtype) -> None:  # fmt: skip
    _check_conv(self, out_channels, kernel_size, stride, padding, dilation, groups,
                output_padding)  # fmt: skip
    cls.__init__(self, 0, out_channels, kernel_size, stride, padding, output_padding, groups,
                 bias, dilation, padding_mode, device, dtype)  # fmt: skip
    _unsized(self, device, dtype)


class LazyConv1d(_LazyConv, Conv1d):
    """A Conv1d whose in_channels is read from the first input (then it becomes a Conv1d)."""

    cls_to_become = Conv1d
    _dims = 1

    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None,
                 dtype=None):  # fmt: skip
        _conv_init(self, Conv1d, out_channels, kernel_size, stride, padding, dilation, groups,
                   bias, padding_mode, device, dtype)  # fmt: skip


class LazyConv2d(_LazyConv, Conv2d):
    """A Conv2d whose in_channels is read from the first input (then it becomes a Conv2d)."""

    cls_to_become = Conv2d

    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None,
                 dtype=None):  # fmt: skip
        _conv_init(self, Conv2d, out_channels, kernel_size, stride, padding, dilation, groups,
                   bias, padding_mode, device, dtype)  # fmt: skip


class LazyConv3d(_LazyConv, Conv3d):
    """A Conv3d whose in_channels is read from the first input (then it becomes a Conv3d)."""

    cls_to_become = Conv3d
    _dims = 3

    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, dilation=1,
                 groups: int = 1, bias: bool = True, padding_mode: str = "zeros", device=None,
                 dtype=None):  # fmt: skip
        _conv_init(self, Conv3d, out_channels, kernel_size, stride, padding, dilation, groups,
                   bias, padding_mode, device, dtype)  # fmt: skip


class LazyConvTranspose1d(_LazyConv, ConvTranspose1d):
    """A ConvTranspose1d whose in_channels is read from the first input."""

    cls_to_become = ConvTranspose1d
    _dims, _transposed = 1, True

    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,
                 groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = "zeros",
                 device=None, dtype=None):  # fmt: skip
        _transpose_init(self, ConvTranspose1d, out_channels, kernel_size, stride, padding,
                        output_padding, groups, bias, dilation, padding_mode, device,
                        dtype)  # fmt: skip


class LazyConvTranspose2d(_LazyConv, ConvTranspose2d):
    """A ConvTranspose2d whose in_channels is read from the first input."""

    cls_to_become = ConvTranspose2d
    _transposed = True

    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,
                 groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = "zeros",
                 device=None, dtype=None):  # fmt: skip
        _transpose_init(self, ConvTranspose2d, out_channels, kernel_size, stride, padding,
                        output_padding, groups, bias, dilation, padding_mode, device,
                        dtype)  # fmt: skip


class LazyConvTranspose3d(_LazyConv, ConvTranspose3d):
    """A ConvTranspose3d whose in_channels is read from the first input."""

    cls_to_become = ConvTranspose3d
    _dims, _transposed = 3, True

    def __init__(self, out_channels: int, kernel_size, stride=1, padding=0, output_padding=0,
                 groups: int = 1, bias: bool = True, dilation=1, padding_mode: str = "zeros",
                 device=None, dtype=None):  # fmt: skip
        _transpose_init(self, ConvTranspose3d, out_channels, kernel_size, stride, padding,
                        output_padding, groups, bias, dilation, padding_mode, device,
                        dtype)  # fmt: skip


# ------------------------------------------------------------------ norms
class _LazyNorm(_LazyModule):
    _size_attr = "num_features"

    def _channels(self, x: Tensor) -> int:
        if x.ndim < 2:
            raise ValueError(
                f"{type(self).__name__}: expected an input with a channel axis (axis 1), got "
                f"shape {tuple(x.shape)}"
            )
        return x.shape[1]

    def _set_channels(self, channels: int) -> None:
        self.num_features = channels

    def _shapes(self, channels: int) -> dict:
        names = ("weight", "bias", "running_mean", "running_var")
        return {name: (channels,) for name in names}

    def _channels_in_state(self, state, prefix: str) -> int | None:
        for name in ("weight", "running_mean"):
            v = state.get(prefix + name)
            if v is not None and not is_lazy(v) and np.ndim(v) == 1:
                return int(np.shape(v)[0])
        return None


def _norm_init(self, cls, eps, momentum, affine, track_running_stats, device, dtype,
               bias) -> None:  # fmt: skip
    cls.__init__(self, 0, eps, momentum, affine, track_running_stats, device, dtype, bias=bias)
    if self.weight is not None:
        self.weight = UninitializedParameter(device=device, dtype=dtype)
    if self.bias is not None:
        self.bias = UninitializedParameter(device=device, dtype=dtype)
    if self.running_mean is not None:
        self.running_mean = UninitializedBuffer(device=device, dtype=dtype)
        self.running_var = UninitializedBuffer(device=device, dtype=dtype)


class LazyBatchNorm1d(_LazyNorm, BatchNorm1d):
    """A BatchNorm1d whose num_features is read from the first input's axis 1."""

    cls_to_become = BatchNorm1d

    def __init__(self, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None,
                 bias: bool = True):  # fmt: skip
        _norm_init(self, BatchNorm1d, eps, momentum, affine, track_running_stats, device, dtype,
                   bias)  # fmt: skip


class LazyBatchNorm2d(_LazyNorm, BatchNorm2d):
    """A BatchNorm2d whose num_features is read from the first input's axis 1."""

    cls_to_become = BatchNorm2d

    def __init__(self, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None,
                 bias: bool = True):  # fmt: skip
        _norm_init(self, BatchNorm2d, eps, momentum, affine, track_running_stats, device, dtype,
                   bias)  # fmt: skip


class LazyBatchNorm3d(_LazyNorm, BatchNorm3d):
    """A BatchNorm3d whose num_features is read from the first input's axis 1."""

    cls_to_become = BatchNorm3d

    def __init__(self, eps: float = 1e-5, momentum: float | None = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None,
                 bias: bool = True):  # fmt: skip
        _norm_init(self, BatchNorm3d, eps, momentum, affine, track_running_stats, device, dtype,
                   bias)  # fmt: skip


class LazyInstanceNorm1d(_LazyNorm, InstanceNorm1d):
    """An InstanceNorm1d whose num_features is read from the first input's axis 1
    (PyTorch's lazy defaults: affine=True, track_running_stats=True)."""

    cls_to_become = InstanceNorm1d

    def __init__(self, eps: float = 1e-5, momentum: float = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None,
                 bias: bool = True):  # fmt: skip
        _norm_init(self, InstanceNorm1d, eps, momentum, affine, track_running_stats, device,
                   dtype, bias)  # fmt: skip


class LazyInstanceNorm2d(_LazyNorm, InstanceNorm2d):
    """An InstanceNorm2d whose num_features is read from the first input's axis 1
    (PyTorch's lazy defaults: affine=True, track_running_stats=True)."""

    cls_to_become = InstanceNorm2d

    def __init__(self, eps: float = 1e-5, momentum: float = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None,
                 bias: bool = True):  # fmt: skip
        _norm_init(self, InstanceNorm2d, eps, momentum, affine, track_running_stats, device,
                   dtype, bias)  # fmt: skip


class LazyInstanceNorm3d(_LazyNorm, InstanceNorm3d):
    """An InstanceNorm3d whose num_features is read from the first input's axis 1
    (PyTorch's lazy defaults: affine=True, track_running_stats=True)."""

    cls_to_become = InstanceNorm3d

    def __init__(self, eps: float = 1e-5, momentum: float = 0.1, affine: bool = True,
                 track_running_stats: bool = True, device=None, dtype=None,
                 bias: bool = True):  # fmt: skip
        _norm_init(self, InstanceNorm3d, eps, momentum, affine, track_running_stats, device,
                   dtype, bias)  # fmt: skip
