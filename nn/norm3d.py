"""BatchNorm3d, InstanceNorm1d and InstanceNorm3d, as PyTorch's (the functions and the
batch-norm base are nn/norm.py's).

The instance norms follow PyTorch's `_InstanceNorm`: an unbatched input (one sample
without its batch axis) is normalised as a batch of one; a channel count other than
num_features is an error with affine=True and a warning otherwise (the parameters are
then unused); the running statistics are updated in training when tracked, and used
in evaluation; num_batches_tracked stays 0.
"""

from __future__ import annotations

import warnings

from autograd import Tensor

from .norm import _BatchNorm, instance_norm

__all__ = ["BatchNorm3d", "InstanceNorm1d", "InstanceNorm3d"]


class BatchNorm3d(_BatchNorm):
    """Batch normalisation of (N, C, D, H, W) input, per channel."""

    _dims = (5,)
    _layout = "(N, {0}, D, H, W)"


class _InstanceNormNd(_BatchNorm):
    _spatial = 1

    def __init__(
        self,
        num_features: int,
        eps: float = 1e-5,
        momentum: float = 0.1,
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
        if input.shape[feature_dim] != self.num_features:
            if self.affine:
                raise ValueError(
                    f"{name}: expected input's size at dim={feature_dim} to match num_features "
                    f"({self.num_features}), but got: {input.shape[feature_dim]}."
                )
            warnings.warn(
                f"input's size at dim={feature_dim} does not match num_features. You can "
                "silence this warning by not passing in num_features, which is not used "
                "because affine=False",
                stacklevel=2,
            )
        unbatched = input.ndim == unbatched_dims
        x = input.unsqueeze(0) if unbatched else input
        y = instance_norm(
            x,
            self.running_mean,
            self.running_var,
            self.weight,
            self.bias,
            self.training or not self.track_running_stats,
            self.momentum if self.momentum is not None else 0.0,
            self.eps,
        )
        return y.squeeze(0) if unbatched else y


class InstanceNorm1d(_InstanceNormNd):
    """Per-sample, per-channel normalisation of (N, C, L) or (C, L) input over L (batch
    norm's parameters and buffers, with PyTorch's defaults affine=False,
    track_running_stats=False)."""


class InstanceNorm3d(_InstanceNormNd):
    """Per-sample, per-channel normalisation of (N, C, D, H, W) or (C, D, H, W) input over
    D, H and W (PyTorch's defaults affine=False, track_running_stats=False)."""

    _spatial = 3
