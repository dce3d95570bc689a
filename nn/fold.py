"""Unfold / Fold (unfold / fold): sliding blocks of an image as columns and back, as PyTorch's.

`unfold` is the im2col of the convolution kernels (nn/conv_kernels.py): (N, C, H, W) ->
(N, C * kh * kw, L), rows in (c, i, j) order, L the number of blocks; `fold` sums such
columns back onto their pixels (col2im, overlaps add). Each is the other's adjoint, so
both have gradients of every order.
"""

from __future__ import annotations

from autograd import Tensor

from .conv import _ints
from .conv_kernels import Geom
from .conv_ops import FoldOp, UnfoldOp
from .module import Module

__all__ = ["Fold", "Unfold", "fold", "unfold"]


def _geom(kernel_size, dilation, padding, stride, who: str) -> Geom:
    return Geom(
        _ints(kernel_size, "kernel_size", who, length=2, minimum=1),
        _ints(stride, "stride", who, length=2, minimum=1),
        _ints(padding, "padding", who, length=2, minimum=0),
        _ints(dilation, "dilation", who, length=2, minimum=1),
    )


def _blocks(hw, geom: Geom, who: str, what: str) -> tuple[int, int]:
    ho, wo = geom.out_hw(*hw)
    if ho < 1 or wo < 1:
        raise ValueError(
            f"{who}: given {what} {tuple(hw)}, kernel_size={geom.kernel}, dilation="
            f"{geom.dilation}, padding={geom.padding}, the array of sliding blocks would be "
            f"({ho}, {wo}), but its components must be at least one"
        )
    return ho, wo


def unfold(input: Tensor, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Sliding blocks as columns, as torch.nn.functional.unfold: (N, C, H, W) or (C, H, W)
    -> (N, C * kh * kw, L) or (C * kh * kw, L)."""
    who = "unfold"
    if not isinstance(input, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(input).__name__}")
    if input.ndim not in (3, 4):
        raise ValueError(
            f"{who}: expected a 3-d (C, H, W) or 4-d (N, C, H, W) input, got "
            f"{input.ndim}-d input {tuple(input.shape)}"
        )
    geom = _geom(kernel_size, dilation, padding, stride, who)
    _blocks(input.shape[-2:], geom, who, "an input of spatial size")
    if input.ndim == 3:
        return UnfoldOp.apply(input.unsqueeze(0), geom=geom).squeeze(0)
    return UnfoldOp.apply(input, geom=geom)


def fold(input: Tensor, output_size, kernel_size, dilation=1, padding=0, stride=1) -> Tensor:
    """Columns summed back onto an image (overlaps add), as torch.nn.functional.fold:
    (N, C * kh * kw, L) or (C * kh * kw, L) -> (N, C, *output_size) or (C, *output_size)."""
    who = "fold"
    if not isinstance(input, Tensor):
        raise TypeError(f"{who}: expected a Tensor input, got {type(input).__name__}")
    if input.ndim not in (2, 3):
        raise ValueError(
            f"{who}: expected a 2-d (C * kh * kw, L) or 3-d (N, C * kh * kw, L) input, got "
            f"{input.ndim}-d input {tuple(input.shape)}"
        )
    geom = _geom(kernel_size, dilation, padding, stride, who)
    hw = _ints(output_size, "output_size", who, length=2, minimum=0)
    k = geom.kernel[0] * geom.kernel[1]
    rows, length = input.shape[-2:]
    if rows % k:
        raise ValueError(
            f"{who}: the input's dimension {input.ndim - 2} ({rows}) must be divisible by the "
            f"product of kernel_size {geom.kernel} ({k})"
        )
    ho, wo = _blocks(hw, geom, who, "output_size")
    if length != ho * wo:
        raise ValueError(
            f"{who}: given output_size={hw}, kernel_size={geom.kernel}, dilation="
            f"{geom.dilation}, padding={geom.padding}, stride={geom.stride}, the input's last "
            f"dimension must be the number of sliding blocks {ho} * {wo} = {ho * wo}, but got "
            f"{length}"
        )
    x = input.unsqueeze(0) if input.ndim == 2 else input
    y = FoldOp.apply(x, x_shape=(x.shape[0], rows // k, *hw), geom=geom)
    return y.squeeze(0) if input.ndim == 2 else y


def _stored(who: str, **args) -> list:
    """A module's sizes checked, as given (an int stays an int, a pair a tuple, as PyTorch)."""
    low = {"kernel_size": 1, "stride": 1, "dilation": 1}
    out = []
    for name, v in args.items():
        pair = _ints(v, name, who, length=2, minimum=low.get(name, 0))
        out.append(pair if isinstance(v, (tuple, list)) else pair[0])
    return out


class Unfold(Module):
    """Sliding blocks of (N, C, H, W) as columns (N, C * kh * kw, L) (see `unfold`)."""

    def __init__(self, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        args = _stored("Unfold", kernel_size=kernel_size, dilation=dilation, padding=padding,
                       stride=stride)  # fmt: skip
        self.kernel_size, self.dilation, self.padding, self.stride = args

    def forward(self, input: Tensor) -> Tensor:
        return unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (
            f"kernel_size={self.kernel_size}, dilation={self.dilation}, padding={self.padding}, "
            f"stride={self.stride}"
        )


class Fold(Module):
    """Columns (N, C * kh * kw, L) summed back onto (N, C, *output_size) (see `fold`)."""

    def __init__(self, output_size, kernel_size, dilation=1, padding=0, stride=1):
        super().__init__()
        args = _stored("Fold", output_size=output_size, kernel_size=kernel_size,
                       dilation=dilation, padding=padding, stride=stride)  # fmt: skip
        self.output_size, self.kernel_size, self.dilation, self.padding, self.stride = args

    def forward(self, input: Tensor) -> Tensor:
        return fold(
            input, self.output_size, self.kernel_size, self.dilation, self.padding, self.stride
        )

    def extra_repr(self) -> str:
        return (
            f"output_size={self.output_size}, kernel_size={self.kernel_size}, dilation="
            f"{self.dilation}, padding={self.padding}, stride={self.stride}"
        )
