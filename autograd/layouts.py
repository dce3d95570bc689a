"""PyTorch's storage options, accepted where they mean what graphgrad does.

graphgrad's tensors are dense numpy arrays in row-major order on the CPU, so of PyTorch's
`layout=`, `memory_format=`, `pin_memory=` and `non_blocking=` arguments, the values that
describe that are accepted: `layout=autograd.strided`, `memory_format=` `preserve_format` or
`contiguous_format`, `pin_memory=False`, `non_blocking=` either (a copy on the CPU is
synchronous). Others raise an error saying what to write. The values are also names of
`autograd` (`autograd.strided`, `autograd.channels_last`, ...), as in `torch`. Also here:
the refusal of the matrix products' `out_dtype=`, which PyTorch computes on CUDA only.
"""

from __future__ import annotations

__all__ = [
    "channels_last",
    "channels_last_3d",
    "check_layout",
    "check_memory_format",
    "check_out_dtype",
    "check_pin_memory",
    "check_storage",
    "contiguous_format",
    "layout",
    "memory_format",
    "preserve_format",
    "sparse_coo",
    "sparse_csr",
    "strided",
]


class layout:  # noqa: N801 (PyTorch's name)
    """A tensor layout (PyTorch's `torch.layout`): graphgrad's tensors are `strided`."""

    __slots__ = ("_name",)

    def __init__(self, name: str):
        self._name = name

    def __repr__(self) -> str:
        return f"autograd.{self._name}"


class memory_format:  # noqa: N801 (PyTorch's name)
    """A memory format (PyTorch's `torch.memory_format`): graphgrad's are row-major."""

    __slots__ = ("_name",)

    def __init__(self, name: str):
        self._name = name

    def __repr__(self) -> str:
        return f"autograd.{self._name}"


strided = layout("strided")
sparse_coo = layout("sparse_coo")
sparse_csr = layout("sparse_csr")
preserve_format = memory_format("preserve_format")
contiguous_format = memory_format("contiguous_format")
channels_last = memory_format("channels_last")
channels_last_3d = memory_format("channels_last_3d")


def check_layout(value, what: str) -> None:
    """Nothing for None or `strided`; else a RuntimeError saying graphgrad's tensors are dense."""
    if value is None or value is strided:
        return
    raise RuntimeError(
        f"{what}: layout={value!r} is not supported: graphgrad's tensors are dense numpy "
        "arrays (layout=autograd.strided); leave layout out"
    )


def check_memory_format(value, what: str) -> None:
    """Nothing for None, `preserve_format` or `contiguous_format`; else a RuntimeError."""
    if value is None or value is preserve_format or value is contiguous_format:
        return
    if isinstance(value, memory_format):
        raise RuntimeError(
            f"{what}: memory_format={value!r} is not supported: graphgrad keeps every tensor "
            "in row-major (contiguous) order, which gives the same values; leave memory_format "
            "out"
        )
    raise TypeError(
        f"{what}: memory_format must be a memory format (such as "
        f"autograd.preserve_format), got {type(value).__name__}"
    )


def check_pin_memory(value, what: str) -> None:
    """Nothing for False or None; pinned memory needs an accelerator, which graphgrad lacks."""
    if value is None or value is False:
        return
    if value is True:
        raise RuntimeError(
            f"{what}: pin_memory=True needs an accelerator (pinned memory speeds up copies to "
            "a GPU) and graphgrad runs on the CPU; leave pin_memory out"
        )
    raise TypeError(f"{what}: pin_memory must be a bool, got {type(value).__name__}")


def check_storage(what: str, layout=None, pin_memory=None, memory_format=None) -> None:
    """The checks above, for a factory's `layout=`, `pin_memory=` and `memory_format=`."""
    check_layout(layout, what)
    check_pin_memory(pin_memory, what)
    check_memory_format(memory_format, what)


def check_out_dtype(out_dtype, what: str) -> None:
    """Nothing for None; PyTorch computes a product in another dtype on CUDA only."""
    if out_dtype is not None:
        raise NotImplementedError(
            f"{what}(out_dtype=...) is not supported (PyTorch has it for CUDA only): cast the "
            f"result instead, {what}(...).to(dtype)"
        )
