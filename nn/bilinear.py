"""`Bilinear` and `bilinear`: y_o = x1^T A_o x2 + b_o, PyTorch's bilinear layer."""

from __future__ import annotations

import math

import numpy as np

from autograd.argcheck import integer
from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor

from . import init
from .module import Module, Parameter, factory_dtype

__all__ = ["Bilinear", "bilinear"]


def _check(x1: Tensor, x2: Tensor, weight: Tensor, bias) -> None:
    """PyTorch's checks (its messages): batch shapes equal, feature sizes as the weight's."""
    s1, s2, ws = tuple(x1.shape), tuple(x2.shape), tuple(weight.shape)
    if len(ws) != 3:
        raise IndexError(
            f"bilinear(): weight must be 3-d (out_features, in1_features, in2_features), got "
            f"shape {ws}"
        )
    if not s1 or not s2:
        raise IndexError("Dimension specified as -1 but tensor has no dimensions")
    if len(s1) != len(s2):
        raise RuntimeError(
            f"bilinear(): input dimensions do not match: got {len(s1)} and {len(s2)}"
        )
    for i, (a, b) in enumerate(zip(s1[:-1], s2[:-1], strict=True)):
        if a != b:
            raise RuntimeError(
                f"bilinear(): input batch dimensions do not match at dim {i}: got {a} and {b}"
            )
    if s1[-1] != ws[1]:
        raise RuntimeError(
            f"bilinear(): input1 size does not match weight size: got {s1[-1]} but expected {ws[1]}"
        )
    if s2[-1] != ws[2]:
        raise RuntimeError(
            f"bilinear(): input2 size does not match weight size: got {s2[-1]} but expected {ws[2]}"
        )
    if bias is not None and (len(bias.shape) != 1 or bias.shape[0] != ws[0]):
        got = bias.shape[0] if len(bias.shape) == 1 else tuple(bias.shape)
        raise RuntimeError(
            f"bilinear(): bias size does not match weight size: got {got} but expected {ws[0]}"
        )


@composite()
def bilinear(input1, input2, weight, bias=None) -> Tensor:
    """y[..., o] = sum_ij input1[..., i] weight[o, i, j] input2[..., j] + bias[o], for inputs
    of shapes (..., in1_features) and (..., in2_features) with the same leading axes."""
    x1, x2, w = as_tensor(input1), as_tensor(input2), as_tensor(weight)
    b = None if bias is None else as_tensor(bias)
    _check(x1, x2, w, b)
    # (..., i) x (o, i, j) -> (..., o, j), then the dot with x2 over j
    o, i, j = w.shape
    lead = tuple(x1.shape[:-1])
    a = (x1.reshape(-1, i) @ w.permute(1, 0, 2).reshape(i, o * j)).reshape(-1, o, j)
    y = (a * x2.reshape(-1, 1, j)).sum(-1).reshape(lead + (o,))
    return y if b is None else y + b


class Bilinear(Module):
    """y = x1^T A x2 + b with A of shape (out_features, in1_features, in2_features);
    weight and bias from U(-1/sqrt(in1_features), 1/sqrt(in1_features)), as PyTorch."""

    def __init__(self, in1_features: int, in2_features: int, out_features: int,
                 bias: bool = True, device=None, dtype=None):  # fmt: skip
        super().__init__()
        self.in1_features = integer(in1_features, "in1_features", "Bilinear", minimum=0)
        self.in2_features = integer(in2_features, "in2_features", "Bilinear", minimum=0)
        self.out_features = integer(out_features, "out_features", "Bilinear", minimum=0)
        dtype = factory_dtype(device, dtype, "Bilinear")
        shape = (self.out_features, self.in1_features, self.in2_features)
        self.weight = Parameter(np.empty(shape, dtype=dtype))
        self.bias = Parameter(np.empty(self.out_features, dtype=dtype)) if bias else None
        self.reset_parameters()

    def reset_parameters(self) -> None:
        """New weight and bias from U(-1/sqrt(in1_features), 1/sqrt(in1_features))."""
        if self.in1_features <= 0:
            raise ValueError(
                f"in1_features must be > 0, but got (in1_features={self.in1_features})"
            )
        bound = 1 / math.sqrt(self.weight.shape[1])
        init.uniform_(self.weight, -bound, bound)
        if self.bias is not None:
            init.uniform_(self.bias, -bound, bound)

    def forward(self, input1, input2) -> Tensor:
        return bilinear(input1, input2, self.weight, self.bias)

    def extra_repr(self) -> str:
        return (
            f"in1_features={self.in1_features}, in2_features={self.in2_features}, "
            f"out_features={self.out_features}, bias={self.bias is not None}"
        )
