"""BatchNorm3d, InstanceNorm1d and InstanceNorm3d, as PyTorch's (the functions and the
batch-norm base are nn/norm.py's).

The instance norms share nn/norm.py's `_InstanceNormNd` (PyTorch's `_InstanceNorm`).
"""

from __future__ import annotations

from .norm import _BatchNorm, _InstanceNormNd

__all__ = ["BatchNorm3d", "InstanceNorm1d", "InstanceNorm3d"]


class BatchNorm3d(_BatchNorm):
    """Batch normalisation of (N, C, D, H, W) input, per channel."""

    _dims = (5,)
    _layout = "(N, {0}, D, H, W)"


class InstanceNorm1d(_InstanceNormNd):
    """Per-sample, per-channel normalisation of (N, C, L) or (C, L) input over L (batch
    norm's parameters and buffers, with PyTorch's defaults affine=False,
    track_running_stats=False)."""

    _spatial = 1


class InstanceNorm3d(_InstanceNormNd):
    """Per-sample, per-channel normalisation of (N, C, D, H, W) or (C, D, H, W) input over
    D, H and W (PyTorch's defaults affine=False, track_running_stats=False)."""

    _spatial = 3
