"""The one device, the CPU: `autograd.device` (the class), `device=` arguments, the default one.

graphgrad's tensors are numpy arrays in main memory. `device("cpu")` (or "cpu:0") and
`device=None` are accepted everywhere PyTorch takes a device; a device of another kind
can be named, as in PyTorch on a machine without it (`device("cuda")`), but using it for a
tensor or a module raises a RuntimeError that says graphgrad runs on the CPU.
"""

from __future__ import annotations

from . import dtypes
from .layouts import check_memory_format

# The device types PyTorch knows (a name outside this list is an error at construction).
_KNOWN = (
    "cpu cuda ipu xpu mkldnn opengl opencl ideep hip ve fpga maia xla lazy vulkan mps meta "
    "hpu mtia privateuseone"
).split()


class device:
    """A device, as `torch.device`: `device("cpu")`, `device("cpu", 0)`, `device("cpu:0")`.

    Its `type` and `index` are PyTorch's; it prints as `cpu` and its repr is
    `device(type='cpu')`. Equal to another device of the same type and index (not to a
    string, as in PyTorch). Only the CPU holds tensors; used as a context manager it sets
    the default device, which can only be the CPU.
    """

    __slots__ = ("type", "index")

    def __init__(self, type: str | device, index: int | None = None):
        if isinstance(type, device):
            self.type, self.index = type.type, type.index
            return
        if isinstance(type, int) and not isinstance(type, bool):
            raise RuntimeError(
                f"device({type}): a bare index names an accelerator, and graphgrad runs on "
                "the CPU; write device('cpu')"
            )
        if not isinstance(type, str):
            raise TypeError(f"device(): expected a string such as 'cpu', got {type!r}")
        name, colon, rest = type.partition(":")
        if name not in _KNOWN:
            raise RuntimeError(
                f"Expected one of {', '.join(_KNOWN)} device type at start of device string: {type}"
            )
        if colon:
            if index is not None:
                raise RuntimeError(f"device(): the string {type!r} already has an index")
            if not rest.isdigit():
                raise RuntimeError(f"Invalid device string: {type!r}")
            index = int(rest)
        if index is not None and (not isinstance(index, int) or index < 0):
            raise RuntimeError(f"device(): the index must be a non-negative int, got {index!r}")
        self.type, self.index = name, index

    def __repr__(self) -> str:
        if self.index is None:
            return f"device(type={self.type!r})"
        return f"device(type={self.type!r}, index={self.index})"

    def __str__(self) -> str:
        return self.type if self.index is None else f"{self.type}:{self.index}"

    def __eq__(self, other) -> bool:
        if not isinstance(other, device):
            return NotImplemented
        return self.type == other.type and self.index == other.index

    def __hash__(self) -> int:
        return hash((self.type, self.index))

    def __reduce__(self):
        return (device, (self.type, self.index))

    def __enter__(self) -> device:
        set_default_device(self)
        return self

    def __exit__(self, *exc) -> None:
        return None


CPU = device("cpu")


def _cpu_index_ok(d: device) -> bool:
    return d.index in (None, 0)


def unavailable(d, what: str = "") -> RuntimeError:
    """The error for using device `d`, which is not the CPU."""
    where = f"{what}: " if what else ""
    return RuntimeError(
        f"{where}device {str(d)!r} is not available: graphgrad runs on the CPU only (numpy "
        "arrays in main memory). Write device='cpu' or leave device= out; "
        "autograd.cuda.is_available() is False"
    )


def check(d, what: str = "") -> None:
    """Nothing for None, "cpu", "cpu:0" or a CPU device; else the RuntimeError above."""
    if d is None or d is CPU:
        return
    if isinstance(d, str) and d in ("cpu", "cpu:0"):
        return
    dev = d if isinstance(d, device) else device(d)
    if dev.type != "cpu" or not _cpu_index_ok(dev):
        raise unavailable(dev, what)


def is_device(x) -> bool:
    """Whether x names a device (a device, or a string such as "cpu" or "cuda:0")."""
    if isinstance(x, device):
        return True
    if isinstance(x, str):
        return x.partition(":")[0] in _KNOWN
    return False


def set_default_device(device) -> None:
    """Set the device new tensors are made on: only the CPU (or None) is accepted."""
    check(device, "set_default_device")


def get_default_device() -> device:
    """The device new tensors are made on: always the CPU."""
    return CPU


def parse_to(args: tuple, kwargs: dict, what: str = "to"):
    """(device, dtype, copy) from the arguments of PyTorch's `Tensor.to` / `Module.to`:
    `to(dtype)`, `to(device)`, `to(device, dtype)`, `to(tensor)`, keywords `device=`,
    `dtype=`, `tensor=`, `copy=`, `non_blocking=` (no effect on the CPU) and `memory_format=`
    (row-major ones); None for what is not asked for."""
    dev = kwargs.pop("device", None)
    dtype = kwargs.pop("dtype", None)
    like = kwargs.pop("tensor", None)  # to(tensor=other): PyTorch's keyword of to(other)
    if like is not None:
        if dev is not None or dtype is not None or args:
            raise TypeError(f"{what}(): tensor= is given alone (its dtype and device are used)")
        args = (like,)
    copy = bool(kwargs.pop("copy", False))
    kwargs.pop("non_blocking", None)  # a copy on the CPU is synchronous either way
    check_memory_format(kwargs.pop("memory_format", None), f"{what}()")
    if kwargs:
        raise TypeError(f"{what}() got unexpected keyword arguments {sorted(kwargs)}")
    args = list(args)
    pair_ok = len(args) < 2 or is_device(args[0]) or args[0] is None or isinstance(args[1], bool)
    if len(args) > 3 or not pair_ok:
        raise TypeError(
            f"{what}(): expected to(dtype), to(device), to(device, dtype) or to(tensor), "
            f"got {len(args)} positional arguments"
        )
    for a in args:
        if isinstance(a, bool):  # to(dtype, non_blocking) and to(tensor, non_blocking)
            continue
        if a is None:
            continue
        if is_device(a):
            dev = a
        elif hasattr(a, "_data") and hasattr(a, "dtype"):  # a tensor: its dtype and device
            dtype = a.dtype
            dev = CPU
        else:
            dtype = dtypes.to_dtype(a, what)
    if dtype is not None:
        dtype = dtypes.to_dtype(dtype, what)
    check(dev, what)
    return dev, dtype, copy
