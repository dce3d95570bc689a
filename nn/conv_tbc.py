"""`conv_tbc` (a 1-d convolution of time-major (T, B, C) sequences) and
`assert_int_or_pair`, two small functions of PyTorch's nn.functional."""

from __future__ import annotations

from autograd import Tensor
from autograd.tensor_class import as_tensor

from .conv import conv1d

__all__ = ["assert_int_or_pair", "conv_tbc"]


def conv_tbc(input: Tensor, weight: Tensor, bias: Tensor, pad: int = 0) -> Tensor:
    """A 1-d convolution of input (time, batch, in_channels) with weight (kernel width,
    in_channels, out_channels) and bias (out_channels), `pad` zeros at both ends of time:
    (time + 2 * pad - kernel width + 1, batch, out_channels)."""
    x, w, b = as_tensor(input), as_tensor(weight), as_tensor(bias)
    if x.ndim != 3:
        raise RuntimeError("Input must have 3 dims: time, batch, in_channel")
    if w.ndim != 3:
        raise RuntimeError(
            "Weight tensor must have 3 dims: kernel_width, in_channels, out_channels."
        )
    if b.ndim != 1:
        raise RuntimeError("Bias must be 1-D")
    if x.shape[2] != w.shape[1]:
        raise RuntimeError("Input dim 2 (input channels) is not == dim 1 in the weight tensor")
    if w.shape[2] != b.shape[0]:
        raise RuntimeError("Bias size must equal dim 2 in the weight tensor (output channels).")
    steps = x.shape[0] + 2 * pad - w.shape[0] + 1
    if steps < 0:
        raise RuntimeError(
            f"Trying to create tensor with negative dimension {steps}: "
            f"[{steps}, {x.shape[1]}, {w.shape[2]}]"
        )
    if steps == 0:  # PyTorch's empty (0, batch, out_channels), still in the graph
        return x[:0, :, :1] * w[0, :1, :] + b
    y = conv1d(x.permute(1, 2, 0), w.permute(2, 1, 0), b, padding=pad)
    return y.permute(2, 0, 1)


def assert_int_or_pair(arg, arg_name: str, message: str) -> None:
    """Raise AssertionError(message.format(arg_name)) unless arg is an int or has 2 items."""
    if not (isinstance(arg, int) or len(arg) == 2):
        raise AssertionError(message.format(arg_name))
