"""Normalisation layers: BatchNorm1d/2d, LayerNorm, GroupNorm, InstanceNorm2d and functions.

layer_norm is one fused node (nn/norm_ops.py: its backward is the closed form, written
once over `xp`, so double backward works too). The others are composed from engine ops
(mean, multiply, power), so their backward and double backward come from the engine (a
fused group norm measured 7-12% faster: not worth a second kernel).

Running statistics follow PyTorch: with momentum m, running = (1 - m) * running + m *
batch_statistic, where the variance that enters the running estimate is the unbiased
batch variance (the normalisation itself uses the biased one); momentum=None gives a
cumulative average over the batches seen.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from autograd import Tensor
from autograd.argcheck import integer, integers, number
from autograd.composite import composite
from autograd.dtypes import HALF
from autograd.op import value

from . import init
from .module import Module, Parameter, factory_dtype
from .norm_ops import layer_norm_op

__all__ = [
    "BatchNorm1d",
    "BatchNorm2d",
    "GroupNorm",
    "InstanceNorm2d",
    "LayerNorm",
    "batch_norm",
    "group_norm",
    "instance_norm",
    "layer_norm",
    "RMSNorm",
    "rms_norm",
]


def _normalize(x: Tensor, axes: tuple, eps: float) -> tuple[Tensor, Tensor, Tensor]:
    """(x - mean) / sqrt(var + eps) over axes (biased variance); also the mean and variance.

    float16 is normalised in float32 and rounded once, as PyTorch does (squares of float16
    values beyond 256 overflow); the mean and variance are then float32.
    """
    if x._data.dtype is HALF:
        y, mean, var = _normalize(x.astype(np.float32), axes, eps)
        return y.astype(HALF), mean, var
    mean = x.mean(axis=axes, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=axes, keepdims=True)
    return centred * (var + eps) ** -0.5, mean, var


def _update_running(running, batch: np.ndarray, momentum, num_batches: int | None) -> None:
    """In place: running = (1 - m) running + m batch (m = 1/num_batches when momentum is None)."""
    r = value(running)
    m = 1.0 / num_batches if momentum is None else momentum
    r *= 1 - m
    r += (m * batch).astype(r.dtype, copy=False)


def _affine(y: Tensor, weight, bias, shape: tuple) -> Tensor:
    if weight is not None:
        y = y * weight.reshape(shape)
    if bias is not None:
        y = y + bias.reshape(shape)
    return y


@composite(
    show=(
        "training",
        "eps",
    )
)
def batch_norm(
    input: Tensor,
    running_mean,
    running_var,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    training: bool = False,
    momentum: float | None = 0.1,
    eps: float = 1e-5,
    _num_batches: int | None = None,
) -> Tensor:
    """Normalise each channel (axis 1) over the batch and spatial axes, as F.batch_norm.

    In training, batch statistics are used and running_mean / running_var (numpy arrays,
    or None) are updated in place; otherwise the running statistics are used.
    """
    x = input
    c = x.shape[1]
    axes = (0,) + tuple(range(2, x.ndim))
    shape = (1, c) + (1,) * (x.ndim - 2)
    if training or running_mean is None:
        n = math.prod(x.shape) // c
        if training and n <= 1:
            raise ValueError(
                f"batch_norm: expected more than 1 value per channel when training, "
                f"got input of shape {tuple(x.shape)}"
            )
        y, mean, var = _normalize(x, axes, eps)
        if training and running_mean is not None:
            _update_running(running_mean, mean._data.reshape(c), momentum, _num_batches)
            unbiased = var._data.reshape(c) * (n / max(n - 1, 1))
            _update_running(running_var, unbiased, momentum, _num_batches)
    else:
        rm = value(running_mean).reshape(shape).astype(x.dtype, copy=False)
        rv = value(running_var).reshape(shape).astype(x.dtype, copy=False)
        y = (x - Tensor(rm)) * Tensor((rv + eps) ** -0.5)
    return _affine(y, weight, bias, shape)


@composite(show=("eps",))
def layer_norm(
    input: Tensor,
    normalized_shape,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise over the trailing `normalized_shape` axes, as F.layer_norm."""
    shape = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    if tuple(input.shape[input.ndim - len(shape) :]) != shape:
        raise ValueError(
            f"layer_norm: input of shape {tuple(input.shape)} does not end with "
            f"normalized_shape {shape}"
        )
    for name, p in (("weight", weight), ("bias", bias)):
        if p is not None and tuple(p.shape) != shape:
            raise ValueError(
                f"layer_norm: expected {name} of shape normalized_shape {shape}, "
                f"got {tuple(p.shape)}"
            )
    return layer_norm_op(input, len(shape), weight, bias, eps)


@composite(show=("eps",))
def group_norm(
    input: Tensor,
    num_groups: int,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each group of channels over the channels and spatial axes, as F.group_norm."""
    n, c = input.shape[:2]
    if c % num_groups:
        raise ValueError(f"group_norm: {c} channels are not divisible into {num_groups} groups")
    grouped = input.reshape(n, num_groups, -1)
    y = _normalize(grouped, (2,), eps)[0].reshape(input.shape)
    return _affine(y, weight, bias, (1, c) + (1,) * (input.ndim - 2))


@composite(show=("eps",))
def instance_norm(
    input: Tensor,
    running_mean=None,
    running_var=None,
    weight: Tensor | None = None,
    bias: Tensor | None = None,
    use_input_stats: bool = True,
    momentum: float = 0.1,
    eps: float = 1e-5,
) -> Tensor:
    """Normalise each (sample, channel) over the spatial axes, as F.instance_norm."""
    x = input
    n, c = x.shape[:2]
    shape = (1, c) + (1,) * (x.ndim - 2)
    if not use_input_stats:
        rm = value(running_mean).reshape(shape).astype(x.dtype, copy=False)
        rv = value(running_var).reshape(shape).astype(x.dtype, copy=False)
        return _affine((x - Tensor(rm)) * Tensor((rv + eps) ** -0.5), weight, bias, shape)
    if math.prod(x.shape[2:]) <= 1:  # PyTorch's check (its words say training: any input stats)
        raise ValueError(
            f"Expected more than 1 spatial element when training, got input size {x.size()!r}"
        )
    axes = tuple(range(2, x.ndim))
    y, mean, var = _normalize(x, axes, eps)
    if running_mean is not None:
        m = math.prod(x.shape) // (n * c)
        _update_running(running_mean, mean._data.reshape(n, c).mean(0), momentum, None)
        unbiased = var._data.reshape(n, c) * (m / max(m - 1, 1))
        _update_running(running_var, unbiased.mean(0), momentum, None)
    return _affine(y, weight, bias, shape)


class _BatchNorm(Module):
    _dims: tuple[int, ...] = ()
    _layout = ""

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = True,
        track_running_stats: bool = True,
        device=None,
        dtype=None,
        *,
        bias: bool = True,
    ):
        super().__init__()
        who = type(self).__name__
        self.num_features = n = integer(num_features, "num_features", who, minimum=0)
        self.eps = number(eps, "eps", who)
        self.momentum = None if momentum is None else number(momentum, "momentum", who)
        self.affine, self.track_running_stats = affine, track_running_stats
        self._has_bias = bool(bias)  # PyTorch's bias=False: an affine weight without a bias
        dt = factory_dtype(device, dtype, who)
        if affine:
            self.weight = Parameter(np.ones(n, dt))
            self.bias = Parameter(np.zeros(n, dt)) if bias else None
        else:
            self.weight = self.bias = None
        if track_running_stats:
            self.register_buffer("running_mean", np.zeros(n, dt))
            self.register_buffer("running_var", np.ones(n, dt))
            self.register_buffer("num_batches_tracked", np.array(0, dtype=np.int64))
        else:
            self.running_mean = self.running_var = self.num_batches_tracked = None

    def reset_running_stats(self) -> None:
        """Reset the running mean to 0, the running variance to 1 and the batch count to 0."""
        if self.track_running_stats:
            value(self.running_mean)[...] = 0
            value(self.running_var)[...] = 1
            value(self.num_batches_tracked)[...] = 0

    def reset_parameters(self) -> None:
        """Reset the running statistics, and the affine weight to 1 and bias to 0."""
        self.reset_running_stats()
        if self.affine:
            init.ones_(self.weight)
            if self.bias is not None:
                init.zeros_(self.bias)

    def forward(self, input: Tensor) -> Tensor:
        name = type(self).__name__
        if input.ndim not in self._dims or input.shape[1] != self.num_features:
            want = self._layout.format(self.num_features)
            raise ValueError(
                f"{name}({self.num_features}): expected input {want}, got {tuple(input.shape)}"
            )
        nbt = None
        if self.training and self.track_running_stats:
            nbt = value(self.num_batches_tracked)
            nbt[...] = nbt + 1
            nbt = int(nbt)
        use_batch = self.training or not self.track_running_stats
        try:
            return batch_norm(
                input,
                self.running_mean if self.training or not use_batch else None,
                self.running_var if self.training or not use_batch else None,
                self.weight,
                self.bias,
                use_batch,
                self.momentum,
                self.eps,
                nbt,
            )
        except ValueError as e:
            raise ValueError(f"{name}({self.num_features}): {e}") from None

    def extra_repr(self) -> str:
        return (  # PyTorch's: bias= says whether there is one (False without affine)
            f"{self.num_features}, eps={self.eps}, momentum={self.momentum}, "
            f"affine={self.affine}, bias={self.bias is not None}, "
            f"track_running_stats={self.track_running_stats}"
        )


class BatchNorm1d(_BatchNorm):
    """Batch normalisation of (N, C) or (N, C, L) input, per channel."""

    _dims = (2, 3)
    _layout = "(N, {0}) or (N, {0}, L)"


class BatchNorm2d(_BatchNorm):
    """Batch normalisation of (N, C, H, W) input, per channel."""

    _dims = (4,)
    _layout = "(N, {0}, H, W)"


class LayerNorm(Module):
    """Normalisation over the trailing `normalized_shape` axes, with per-element affine."""

    def __init__(
        self,
        normalized_shape,
        eps: float = 1e-5,
        elementwise_affine: bool = True,
        bias: bool = True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        self.normalized_shape = integers(
            normalized_shape, "normalized_shape", "LayerNorm", minimum=0
        )
        self.eps = number(eps, "eps", "LayerNorm")
        self.elementwise_affine = elementwise_affine
        dt = factory_dtype(device, dtype, "LayerNorm")
        self.weight = Parameter(np.ones(self.normalized_shape, dt)) if elementwise_affine else None
        has_bias = elementwise_affine and bias
        self.bias = Parameter(np.zeros(self.normalized_shape, dt)) if has_bias else None

    def forward(self, input: Tensor) -> Tensor:
        try:
            return layer_norm(input, self.normalized_shape, self.weight, self.bias, self.eps)
        except ValueError as e:
            raise ValueError(f"LayerNorm({self.normalized_shape}): {e}") from None

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
        )


class GroupNorm(Module):
    """Normalisation over groups of channels (and the spatial axes), per-channel affine."""

    def __init__(self, num_groups: int, num_channels: int, eps: float = 1e-5, affine: bool = True,
                 device=None, dtype=None, *, bias: bool = True):  # fmt: skip
        super().__init__()
        num_groups = integer(num_groups, "num_groups", "GroupNorm", minimum=1)
        num_channels = integer(num_channels, "num_channels", "GroupNorm", minimum=0)
        if num_channels % num_groups:
            raise ValueError(
                f"GroupNorm: num_channels {num_channels} must be divisible by num_groups "
                f"{num_groups}"
            )
        self.num_groups, self.num_channels = num_groups, num_channels
        self.eps, self.affine = number(eps, "eps", "GroupNorm"), affine
        self._has_bias = bool(bias)  # PyTorch's bias=False: an affine weight without a bias
        dt = factory_dtype(device, dtype, "GroupNorm")
        if affine:
            self.weight = Parameter(np.ones(num_channels, dt))
            self.bias = Parameter(np.zeros(num_channels, dt)) if bias else None
        else:
            self.weight = self.bias = None

    def forward(self, input: Tensor) -> Tensor:
        if input.ndim < 2 or input.shape[1] != self.num_channels:
            raise ValueError(
                f"GroupNorm({self.num_groups}, {self.num_channels}): expected input "
                f"(N, {self.num_channels}, *), got {tuple(input.shape)}"
            )
        return group_norm(input, self.num_groups, self.weight, self.bias, self.eps)

    def extra_repr(self) -> str:
        no_bias = "" if getattr(self, "_has_bias", True) else ", bias=False"
        return (
            f"{self.num_groups}, {self.num_channels}, eps={self.eps}, affine={self.affine}"
            + no_bias
        )


class _InstanceNormNd(_BatchNorm):
    """What InstanceNorm1d/2d/3d share, as PyTorch's `_InstanceNorm`: batch norm's
    parameters and buffers (num_batches_tracked with track_running_stats, never counted);
    an unbatched input (one sample without its batch axis) is normalised as a batch of one;
    a channel count other than num_features is an error with affine=True and a warning
    otherwise; the running statistics are updated in training when tracked (momentum=None
    leaves them as they are: PyTorch passes momentum 0) and used in evaluation."""

    _spatial = 2

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float | None = 0.1,
        affine: bool = False,
        track_running_stats: bool = False,
        device=None,
        dtype=None,
        *,
        bias: bool = True,
    ):
        super().__init__(
            num_features, eps, momentum, affine, track_running_stats, device, dtype, bias=bias
        )

    def forward(self, input: Tensor) -> Tensor:
        name, unbatched_dims = type(self).__name__, self._spatial + 1
        if not isinstance(input, Tensor):
            raise TypeError(f"{name}: expected a Tensor input, got {type(input).__name__}")
        if input.ndim not in (unbatched_dims, unbatched_dims + 1):
            raise ValueError(
                f"{name}({self.num_features}): expected {unbatched_dims}D or "
                f"{unbatched_dims + 1}D input (got {input.ndim}D input)"
            )
        feature_dim = input.ndim - unbatched_dims
        channels = input.shape[feature_dim]
        if channels != self.num_features:
            if self.affine:
                raise ValueError(
                    f"{name}: expected input's size at dim={feature_dim} to match num_features "
                    f"({self.num_features}), but got: {channels}."
                )
            warnings.warn(
                f"input's size at dim={feature_dim} does not match num_features. You can "
                "silence this warning by not passing in num_features, which is not used "
                "because affine=False",
                stacklevel=3,  # the caller of the module
            )
            if self.running_mean is not None:  # as PyTorch's instance_norm: it counts N*C
                batch = 1 if input.ndim == unbatched_dims else input.shape[0]
                raise RuntimeError(
                    f"{name}: running_mean should contain {batch * channels} elements not "
                    f"{batch * self.num_features}"
                )
        unbatched = input.ndim == unbatched_dims
        x = input.unsqueeze(0) if unbatched else input
        use_input_stats = self.training or not self.track_running_stats
        y = instance_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            use_input_stats,
            self.momentum if self.momentum is not None else 0.0,
            self.eps,
        )
        return y.squeeze(0) if unbatched else y


class InstanceNorm2d(_InstanceNormNd):
    """Per-sample, per-channel normalisation of (N, C, H, W) or (C, H, W) input over H and W
    (batch norm's parameters and buffers, with PyTorch's defaults affine=False,
    track_running_stats=False)."""


# ---- root-mean-square normalisation (RMSNorm, rms_norm) ----
@composite(show=("eps",))
def rms_norm(
    input: Tensor, normalized_shape, weight: Tensor | None = None, eps: float | None = None
) -> Tensor:
    """x / sqrt(mean(x^2) + eps) over the trailing `normalized_shape` dims, times weight;
    eps=None is the machine epsilon of x's dtype (as F.rms_norm)."""
    x = input if isinstance(input, Tensor) else Tensor(input)
    shape = integers(normalized_shape, "normalized_shape", "rms_norm", minimum=0)
    if not shape:
        raise RuntimeError(
            "rms_norm: Expected normalized_shape to be at least 1-dimensional, i.e., containing "
            "at least one element, but got normalized_shape = []"
        )
    if tuple(x.shape[x.ndim - len(shape) :]) != shape or x.ndim < len(shape):
        raise RuntimeError(
            f"rms_norm: Given normalized_shape={list(shape)}, expected input with shape "
            f"[*, {', '.join(map(str, shape))}], but got input of size {list(x.shape)}"
        )
    if weight is not None and tuple(weight.shape) != shape:
        raise RuntimeError(
            "rms_norm: Expected weight to be of same shape as normalized_shape, but got weight "
            f"of shape {list(weight.shape)} and normalized_shape = {list(shape)}"
        )
    if x.dtype.kind != "f":
        raise NotImplementedError(
            f'"rms_norm" not implemented for {x.dtype} input; convert it first, e.g. x.float()'
        )
    half = x.dtype == HALF  # float16 is computed in float32 and rounded once, as PyTorch's
    if half:
        x = x.astype(np.float32)
    eps = float(np.finfo(x.dtype).eps) if eps is None else number(eps, "eps", "rms_norm")
    axes = tuple(range(x.ndim - len(shape), x.ndim))
    y = x * ((x * x).mean(axes, keepdims=True) + eps) ** -0.5
    if weight is not None:
        y = y * (weight.astype(np.float32) if half and weight.dtype == HALF else weight)
    return y.astype(HALF) if half else y


class RMSNorm(Module):
    """Root-mean-square normalisation over the trailing `normalized_shape` dims, with a
    per-element scale `weight` (`nn.functional.rms_norm`); eps=None: the dtype's epsilon."""

    def __init__(
        self,
        normalized_shape,
        eps: float | None = None,
        elementwise_affine: bool = True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        self.normalized_shape = integers(normalized_shape, "normalized_shape", "RMSNorm", minimum=0)
        self.eps = None if eps is None else number(eps, "eps", "RMSNorm")
        self.elementwise_affine = bool(elementwise_affine)
        dt = factory_dtype(device, dtype, "RMSNorm")
        self.weight = Parameter(np.ones(self.normalized_shape, dt)) if elementwise_affine else None

    def forward(self, x: Tensor) -> Tensor:
        """Normalise `x` over the trailing normalized_shape dims."""
        return rms_norm(x, self.normalized_shape, self.weight, self.eps)

    def reset_parameters(self) -> None:
        """Set the weight back to ones."""
        if self.weight is not None:
            init.ones_(self.weight)

    def extra_repr(self) -> str:
        return (
            f"{self.normalized_shape}, eps={self.eps}, elementwise_affine={self.elementwise_affine}"
        )
