"""`convert_conv2d_weight_memory_format` and `convert_conv3d_weight_memory_format`.

PyTorch stores the weights of a model's Conv2d/ConvTranspose2d (or 3-d) layers in the
asked memory format, which changes their strides, never their values. graphgrad keeps
every tensor row-major, so the values, which are all a program reads, stay as they are;
the formats PyTorch refuses are refused with its messages (`preserve_format`, a format
for the wrong rank).
"""

from __future__ import annotations

from autograd.layouts import channels_last, channels_last_3d, memory_format, preserve_format

from ..module import Module

__all__ = ["convert_conv2d_weight_memory_format", "convert_conv3d_weight_memory_format"]


def _check(format_, rank: int) -> None:
    if not isinstance(format_, memory_format):
        raise TypeError(
            f"memory_format must be a memory format (such as autograd.channels_last), got "
            f"{type(format_).__name__}"
        )
    if format_ is preserve_format:
        raise RuntimeError("Unsupported memory formatPreserve")
    if format_ is channels_last and rank != 4:
        raise RuntimeError("required rank 4 tensor to use channels_last format")
    if format_ is channels_last_3d and rank != 5:
        raise RuntimeError("required rank 5 tensor to use channels_last_3d format")


def _convert(module: Module, format_, kinds: tuple[str, ...], rank: int) -> Module:
    if type(module).__name__ in kinds or any(k.__name__ in kinds for k in type(module).__mro__):
        _check(format_, rank)
    for child in module.children():
        _convert(child, format_, kinds, rank)
    return module


def convert_conv2d_weight_memory_format(module: Module, memory_format) -> Module:
    """The module, its Conv2d and ConvTranspose2d weights in `memory_format` (values
    unchanged: graphgrad's one layout holds them); PyTorch's errors for other formats."""
    return _convert(module, memory_format, ("Conv2d", "ConvTranspose2d"), 4)


def convert_conv3d_weight_memory_format(module: Module, memory_format) -> Module:
    """The module, its Conv3d and ConvTranspose3d weights in `memory_format` (values
    unchanged); PyTorch's errors for other formats."""
    return _convert(module, memory_format, ("Conv3d", "ConvTranspose3d"), 5)
