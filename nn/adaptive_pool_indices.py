"""`adaptive_max_pool1d_with_indices` and `adaptive_max_pool2d_with_indices`: PyTorch's
forms of adaptive max pooling that always return (values, indices)."""

from __future__ import annotations

from autograd.tensor_class import Tensor

from .adaptive_pool import adaptive_max_pool1d, adaptive_max_pool2d

__all__ = ["adaptive_max_pool1d_with_indices", "adaptive_max_pool2d_with_indices"]


def adaptive_max_pool1d_with_indices(
    input: Tensor, output_size, return_indices: bool = False
) -> tuple[Tensor, Tensor]:
    """(values, indices) of `adaptive_max_pool1d` (`return_indices` is ignored, as PyTorch)."""
    return adaptive_max_pool1d(input, output_size, return_indices=True)


def adaptive_max_pool2d_with_indices(
    input: Tensor, output_size, return_indices: bool = False
) -> tuple[Tensor, Tensor]:
    """(values, indices) of `adaptive_max_pool2d`: each index points into the flattened
    H * W (`return_indices` is ignored, as PyTorch)."""
    return adaptive_max_pool2d(input, output_size, return_indices=True)
