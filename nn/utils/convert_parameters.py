"""Flatten parameters into one vector and back: `parameters_to_vector`, `vector_to_parameters`."""

from __future__ import annotations

import numpy as np

from autograd import Tensor, concatenate

from ._common import tensor_list

__all__ = ["parameters_to_vector", "vector_to_parameters"]


def parameters_to_vector(parameters) -> Tensor:
    """All entries of `parameters`, flattened and concatenated in order (differentiable)."""
    params = tensor_list(parameters, "parameters_to_vector")
    if not params:
        raise ValueError("parameters_to_vector: no parameters given")
    return concatenate([p.reshape(-1) for p in params])


def vector_to_parameters(vec, parameters) -> None:
    """Copy consecutive slices of the 1-d `vec` into `parameters` (their values, in place).

    Each parameter keeps its shape and dtype and gets new memory, so `vec` and
    the parameters never share an array. Raises `ValueError` when the lengths differ.
    """
    v = vec.numpy() if isinstance(vec, Tensor) else np.asarray(vec)
    if v.ndim != 1:
        raise TypeError(f"vector_to_parameters: expected a 1-d vector, got shape {v.shape}")
    params = tensor_list(parameters, "vector_to_parameters")
    needed = sum(p.numel() for p in params)
    if needed != v.size:
        raise ValueError(
            f"vector_to_parameters: the vector has {v.size} entries but the parameters "
            f"have {needed}"
        )
    start = 0
    for p in params:
        n = p.numel()
        p.data = v[start : start + n].reshape(p.shape).astype(p.dtype, copy=True)
        start += n
