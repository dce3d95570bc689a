"""Folding an eval-mode BatchNorm into the convolution or linear layer before it.

In eval mode BatchNorm is an affine map per channel, ``y = (x - mean) / sqrt(var + eps) *
gamma + beta``, so it can be absorbed into the preceding layer's weight and bias: one layer
instead of two at inference, with the same outputs (to rounding), as in
``torch.nn.utils.fusion``.
"""

from __future__ import annotations

import copy
from typing import Any, TypeVar

import numpy as np

from autograd import Tensor

from ..module import Parameter

__all__ = [
    "fuse_conv_bn_eval",
    "fuse_conv_bn_weights",
    "fuse_linear_bn_eval",
    "fuse_linear_bn_weights",
]

ConvT = TypeVar("ConvT")
LinearT = TypeVar("LinearT")


def _array(x: Any) -> np.ndarray:
    return x.numpy() if isinstance(x, Tensor) else np.asarray(x)


def _requires_grad(x: Any) -> bool:
    return bool(getattr(x, "requires_grad", False))


def _check_eval(layer: Any, bn: Any) -> None:
    if layer.training or bn.training:
        raise AssertionError(
            "Fusion only for eval! Call .eval() on both modules first (in training mode "
            "BatchNorm normalises with the batch's statistics, which cannot be folded)"
        )
    if getattr(bn, "running_mean", None) is None or getattr(bn, "running_var", None) is None:
        raise AssertionError(
            "bn.running_mean and bn.running_var must not be None (a BatchNorm built with "
            "track_running_stats=False cannot be fused)"
        )


def fuse_conv_bn_weights(
    conv_w: Any,
    conv_b: Any | None,
    bn_rm: Any,
    bn_rv: Any,
    bn_eps: float,
    bn_w: Any | None,
    bn_b: Any | None,
    transpose: bool = False,
) -> tuple[Parameter, Parameter]:
    """The weight and bias of a convolution followed by an eval-mode BatchNorm, as one
    convolution's (new Parameters; missing bias/affine terms count as 0 and 1; a bias
    made from none does not require grad, as PyTorch's).

    ``transpose``: the weight is a transposed convolution's, output channels on axis 1.
    """
    w = _array(conv_w)
    rm, rv = _array(bn_rm), _array(bn_rv)
    b = _array(conv_b) if conv_b is not None else np.zeros_like(rm)
    gamma = _array(bn_w) if bn_w is not None else np.ones_like(rm)
    beta = _array(bn_b) if bn_b is not None else np.zeros_like(rm)
    bias_dtype = b.dtype if conv_b is not None else w.dtype
    rsqrt = 1.0 / np.sqrt(rv + bn_eps)
    shape = [1, -1] if transpose else [-1, 1]
    shape += [1] * (w.ndim - 2)
    fused_w = (w * (gamma * rsqrt).reshape(shape)).astype(w.dtype, copy=False)
    fused_b = ((b - rm) * rsqrt * gamma + beta).astype(bias_dtype, copy=False)
    return (
        Parameter(fused_w, requires_grad=_requires_grad(conv_w)),
        Parameter(fused_b, requires_grad=_requires_grad(conv_b)),
    )


def fuse_conv_bn_eval(conv: ConvT, bn: Any, transpose: bool = False) -> ConvT:
    """A new convolution computing ``bn(conv(x))`` of two eval-mode modules (copied;
    the originals are left as they are)."""
    _check_eval(conv, bn)
    fused = copy.deepcopy(conv)
    fused.weight, fused.bias = fuse_conv_bn_weights(
        fused.weight,
        fused.bias,
        bn.running_mean,
        bn.running_var,
        bn.eps,
        bn.weight,
        bn.bias,
        transpose,
    )
    return fused


def fuse_linear_bn_weights(
    linear_w: Any,
    linear_b: Any | None,
    bn_rm: Any,
    bn_rv: Any,
    bn_eps: float,
    bn_w: Any,
    bn_b: Any,
) -> tuple[Parameter, Parameter]:
    """The weight and bias of a Linear followed by an eval-mode BatchNorm1d over its
    outputs, as one Linear's (new Parameters; a missing bias counts as 0)."""
    w = _array(linear_w)
    rm, rv = _array(bn_rm), _array(bn_rv)
    b = _array(linear_b) if linear_b is not None else np.zeros_like(rm)
    bias_dtype = b.dtype if linear_b is not None else w.dtype
    scale = _array(bn_w) / np.sqrt(rv + bn_eps)
    fused_w = (w * scale[..., None].astype(w.dtype, copy=False)).astype(w.dtype, copy=False)
    fused_b = ((b - rm) * scale + _array(bn_b)).astype(bias_dtype, copy=False)
    return (
        Parameter(fused_w, requires_grad=_requires_grad(linear_w)),
        Parameter(fused_b, requires_grad=_requires_grad(linear_b)),
    )


def fuse_linear_bn_eval(linear: LinearT, bn: Any) -> LinearT:
    """A new Linear computing ``bn(linear(x))`` of two eval-mode modules; ``bn`` has
    ``linear.out_features`` features, or 1."""
    _check_eval(linear, bn)
    if linear.out_features != bn.num_features and bn.num_features != 1:
        raise AssertionError(
            "To fuse, linear.out_features == bn.num_features or bn.num_features == 1, "
            f"got linear.out_features={linear.out_features} and "
            f"bn.num_features={bn.num_features}"
        )
    if bn.weight is None or bn.bias is None:
        raise AssertionError(
            "fuse_linear_bn_eval needs an affine BatchNorm (affine=True), as PyTorch's"
        )
    fused = copy.deepcopy(linear)
    fused.weight, fused.bias = fuse_linear_bn_weights(
        fused.weight,
        fused.bias,
        bn.running_mean,
        bn.running_var,
        bn.eps,
        bn.weight,
        bn.bias,
    )
    return fused
