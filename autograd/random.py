"""Random tensors with PyTorch's numbers: the same seed gives the same draws, bit for bit.

`manual_seed`, `Generator` and the functions below reproduce PyTorch's CPU generator
(see generator.py) and distribution kernels (random_kernels.py): `rand`, `randn`,
`randint`, `randperm`, `multinomial`, `normal`, `bernoulli` and the `*_like` forms,
with `generator=` on each. The Tensor methods `uniform_`, `normal_`, `random_`,
`bernoulli_`, `exponential_` (random_methods.py) draw the same way.

What "the same" depends on is in docs/randomness.md: PyTorch 2.13 on an x86-64 CPU
with AVX2 and FMA, under glibc (`matches_pytorch_cpu()` says whether this machine is
one); elsewhere the draws are the same words through the same transforms, and a few
float32 normals may differ in the last bit.
"""

from __future__ import annotations

import platform
from functools import cache

import numpy as np

from . import devices, dtypes
from . import random_kernels as _k
from .generator import (
    Generator,
    default_generator,
    get_rng_state,
    initial_seed,
    manual_seed,
    resolve,
    seed,
    set_rng_state,
)
from .layouts import check_storage as _check_storage
from .shapes import shape_arg as _shape_arg
from .tensor_class import Tensor

__all__ = [
    "Generator",
    "bernoulli",
    "cpu_capability",
    "default_generator",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "matches_pytorch_cpu",
    "multinomial",
    "normal",
    "rand",
    "rand_like",
    "randint",
    "randint_like",
    "randn",
    "randn_like",
    "randperm",
    "seed",
    "set_rng_state",
]


def _make(arr: np.ndarray, requires_grad: bool, out=None, what: str = "") -> Tensor:
    if out is not None:  # PyTorch's out=: the draws written into it
        if not isinstance(out, Tensor):
            raise TypeError(f"{what}(): out= must be a Tensor, got {type(out).__name__}")
        return out._store(f"{what}(out=...)", Tensor(arr))
    return Tensor(arr, requires_grad=requires_grad)


def _out_dtype(dtype, out):
    """`dtype`, else the dtype of `out` (PyTorch draws in the out tensor's dtype)."""
    return out.dtype if dtype is None and isinstance(out, Tensor) else dtype


def _sizes(sizes: tuple, size, what: str) -> tuple:
    """The shape given as ints, one tuple, or PyTorch's keyword `size=`."""
    if size is None:
        return _size(sizes)
    if sizes:
        raise TypeError(f"{what}(): the size was given both by position and as size=")
    return _size((size,) if isinstance(size, int) else tuple(size))


def _float_dtype(dtype) -> np.dtype:
    return np.dtype(dtype) if dtype is not None else dtypes.get_default_dtype()


def _size(size) -> tuple:
    shape = _shape_arg(tuple(size))
    return tuple(int(s) for s in shape)


# ---------------------------------------------------------------- creation
def rand(
    *sizes,
    size=None,
    generator=None,
    dtype=None,
    requires_grad=False,
    device=None,
    out=None,
    layout=None,
    pin_memory: bool = False,
) -> Tensor:
    """Uniform on [0, 1): PyTorch's numbers for the same seed."""
    _check_storage("rand", layout=layout, pin_memory=pin_memory)
    devices.check(device)
    shape, dtype = _sizes(sizes, size, "rand"), _float_dtype(_out_dtype(dtype, out))
    values = _k.uniform(resolve(generator), int(np.prod(shape)), dtype)
    return _make(values.reshape(shape), requires_grad, out, "rand")


def randn(
    *sizes,
    size=None,
    generator=None,
    dtype=None,
    requires_grad=False,
    device=None,
    out=None,
    layout=None,
    pin_memory: bool = False,
) -> Tensor:
    """Standard normal: PyTorch's numbers for the same seed."""
    _check_storage("randn", layout=layout, pin_memory=pin_memory)
    devices.check(device)
    shape, dtype = _sizes(sizes, size, "randn"), _float_dtype(_out_dtype(dtype, out))
    values = _k.normal(resolve(generator), int(np.prod(shape)), dtype)
    return _make(values.reshape(shape), requires_grad, out, "randn")


def randint(*args, size=None, generator=None, dtype=None, requires_grad=False, device=None,
            low=None, high=None, out=None, layout=None,
            pin_memory: bool = False) -> Tensor:  # fmt: skip
    """Integers in [low, high): `randint(high, size)` or `randint(low, high, size)` (int64)."""
    _check_storage("randint", layout=layout, pin_memory=pin_memory)
    devices.check(device)
    args = list(args)
    if size is None and args and isinstance(args[-1], (tuple, list)):
        size = args.pop()
    if high is None and args:
        high = args.pop()
    if low is None:
        low = args.pop() if args else 0
    if args or high is None or size is None:
        raise TypeError(
            "randint: expected randint(high, size) or randint(low, high, size), "
            "e.g. randint(0, 10, (3,))"
        )
    dtype = _out_dtype(dtype, out)
    dtype = np.dtype(np.int64) if dtype is None else np.dtype(dtype)
    shape = _size((size,))
    values = _k.random_(resolve(generator), int(np.prod(shape)), dtype, int(low), int(high))
    return _make(values.reshape(shape), requires_grad, out, "randint")


def randperm(
    n: int,
    *,
    generator=None,
    dtype=None,
    requires_grad=False,
    device=None,
    out=None,
    layout=None,
    pin_memory: bool = False,
) -> Tensor:
    """A random permutation of 0..n-1 (int64)."""
    _check_storage("randperm", layout=layout, pin_memory=pin_memory)
    devices.check(device)
    values = _k.randperm(resolve(generator), n)
    dtype = _out_dtype(dtype, out)
    if dtype is not None:
        values = values.astype(dtype)
    return _make(values, requires_grad, out, "randperm")


def multinomial(
    input, num_samples: int, replacement: bool = False, *, generator=None, out=None
) -> Tensor:
    """Category indices drawn from each row of the (unnormalised) probabilities `input`."""
    probs = input._data if isinstance(input, Tensor) else np.asarray(input)
    values = _k.multinomial(resolve(generator), probs, num_samples, replacement)
    return _make(values, False, out, "multinomial")


def normal(mean=0.0, std=1.0, size=None, *, generator=None, dtype=None, requires_grad=False,
           device=None, out=None, layout=None, pin_memory: bool = False) -> Tensor:  # fmt: skip
    """N(mean, std^2): scalars with a `size`, or tensors of means and/or stds (broadcast),
    as `torch.normal`'s overloads."""
    _check_storage("normal", layout=layout, pin_memory=pin_memory)
    devices.check(device)
    g = resolve(generator)
    m_t, s_t = isinstance(mean, (Tensor, np.ndarray)), isinstance(std, (Tensor, np.ndarray))
    if not (m_t or s_t):
        if size is None:
            raise TypeError("normal(mean, std, size): give a size when mean and std are numbers")
        shape, dt = _size((size,)), _float_dtype(_out_dtype(dtype, out))
        values = _k.normal(g, int(np.prod(shape)), dt, mean, std)
        return _make(values.reshape(shape), requires_grad, out, "normal")
    if size is not None:
        raise TypeError("normal: size is only for numeric mean and std")
    m = np.asarray(getattr(mean, "_data", mean))
    s = np.asarray(getattr(std, "_data", std))
    if s_t and s.size and not (s >= 0).all():
        raise RuntimeError("normal expects all elements of std >= 0.0")
    out_dtype = m.dtype if m_t else s.dtype
    shape = np.broadcast_shapes(m.shape, s.shape) if (m_t and s_t) else (m if m_t else s).shape
    n = int(np.prod(shape))
    if m_t and not s_t:  # normal_(0, std), then + mean
        values = _k.normal(g, n, out_dtype, 0.0, float(std)).reshape(shape)
        values = values + m.astype(out_dtype)
    else:  # normal_(0, 1), then * std + mean (two roundings, as mul_ then add_)
        values = _k.normal(g, n, out_dtype, 0.0, 1.0).reshape(shape)
        values = values * s.astype(out_dtype)
        values = values + (m.astype(out_dtype) if m_t else out_dtype.type(mean))
    return _make(np.asarray(values, out_dtype), requires_grad, out, "normal")


def bernoulli(input, p=None, *, generator=None, out=None) -> Tensor:
    """0/1 draws: with probabilities `input` (elementwise), or with one probability `p` in
    the shape and dtype of `input`."""
    x = input._data if isinstance(input, Tensor) else np.asarray(input)
    g = resolve(generator)
    if p is None:
        values = _k.bernoulli_tensor(g, np.ascontiguousarray(x).reshape(-1), x.dtype)
    else:
        values = _k.bernoulli_scalar(g, x.size, x.dtype, p)
    return _make(values.reshape(x.shape), False, out, "bernoulli")


def _like(input):
    x = input._data if isinstance(input, Tensor) else np.asarray(input)
    return x.shape, x.dtype


def rand_like(
    input,
    *,
    dtype=None,
    requires_grad=False,
    generator=None,
    device=None,
    layout=None,
    pin_memory: bool = False,
    memory_format=None,
) -> Tensor:
    """`rand` in the shape (and dtype) of `input`."""
    _check_storage("rand_like", layout=layout, pin_memory=pin_memory, memory_format=memory_format)
    devices.check(device)
    shape, dt = _like(input)
    return rand(shape, dtype=dtype or dt, requires_grad=requires_grad, generator=generator)


def randn_like(
    input,
    *,
    dtype=None,
    requires_grad=False,
    generator=None,
    device=None,
    layout=None,
    pin_memory: bool = False,
    memory_format=None,
) -> Tensor:
    """`randn` in the shape (and dtype) of `input`."""
    _check_storage("randn_like", layout=layout, pin_memory=pin_memory, memory_format=memory_format)
    devices.check(device)
    shape, dt = _like(input)
    return randn(shape, dtype=dtype or dt, requires_grad=requires_grad, generator=generator)


def randint_like(input, low=0, high=None, *, dtype=None, requires_grad=False,
                 generator=None, device=None, layout=None, pin_memory: bool = False,
                 memory_format=None) -> Tensor:  # fmt: skip
    """`randint` in the shape (and dtype) of `input`: `(input, high)` or `(input, low, high)`."""
    _check_storage(
        "randint_like", layout=layout, pin_memory=pin_memory, memory_format=memory_format
    )
    devices.check(device)
    if high is None:
        low, high = 0, low
    shape, dt = _like(input)
    return randint(low, high, shape, dtype=dtype or dt, requires_grad=requires_grad,
                   generator=generator)  # fmt: skip


# ---------------------------------------------------------------- the machine
@cache
def cpu_capability() -> str:
    """The CPU kernel set PyTorch picks on this machine: "AVX512", "AVX2" or "DEFAULT"
    (x86-64 feature flags as numpy reports them; anything else is "DEFAULT")."""
    if platform.machine().lower() not in ("x86_64", "amd64"):
        return "DEFAULT"
    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # numpy < 2
        from numpy.core._multiarray_umath import __cpu_features__ as features
    if all(features.get(f) for f in ("AVX512F", "AVX512VL", "AVX512BW", "AVX512DQ", "FMA3")):
        return "AVX512"
    if features.get("AVX2") and features.get("FMA3"):
        return "AVX2"
    return "DEFAULT"


def matches_pytorch_cpu() -> bool:
    """Whether this machine takes the PyTorch kernels graphgrad reproduces: x86-64 with
    AVX2 and FMA (PyTorch's AVX2 or AVX512 kernels) under glibc."""
    return cpu_capability() in ("AVX2", "AVX512") and platform.libc_ver()[0] == "glibc"
