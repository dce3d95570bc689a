"""Helpers shared by `nn.utils`: turning "parameters" arguments into lists of tensors."""

from __future__ import annotations

from autograd import Tensor


def tensor_list(parameters, what: str = "parameters") -> list[Tensor]:
    """A list of Tensors from one Tensor, an iterable of Tensors, or a Module (its parameters)."""
    if isinstance(parameters, Tensor):
        return [parameters]
    if hasattr(parameters, "parameters") and callable(parameters.parameters):
        parameters = parameters.parameters()
    out = list(parameters)
    for i, p in enumerate(out):
        if not isinstance(p, Tensor):
            raise TypeError(f"{what}: item {i} is a {type(p).__name__}, not a Tensor")
    return out
