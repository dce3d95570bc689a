"""`axpy(alpha, x, y)`: y += alpha * x in place, in one pass (BLAS's axpy) where it can.

numpy has no fused multiply-add: `y -= lr * g` reads g, writes a temporary, reads it and y
again and writes y. BLAS's `saxpy`/`daxpy` read x and y once and write y once, with one
rounding per element, as PyTorch's `p.add_(g, alpha=-lr)` (a fused multiply-add: the same
bits). The BLAS is the OpenBLAS numpy itself links (found by threadpoolctl, called with
ctypes; nothing else is loaded), so it runs on numpy's BLAS threads (`set_num_threads`).
On the 784-256-128-10 MLP's six parameters, one thread: 65 -> 27 us per SGD update.

A call costs about 2 us more than a numpy ufunc: arrays under `MIN_SIZE` elements, other
dtypes, non-contiguous arrays and other BLAS libraries use numpy.
"""

from __future__ import annotations

import ctypes

import numpy as np

MIN_SIZE = 8192

_funcs: dict | None = None  # dtype -> the BLAS's cblas axpy, once looked up ({}: none)
_limit = [0]  # the largest n the library's integers hold
_libs: list = []  # threadpoolctl's controllers, kept: dropped, they would be cyclic garbage


def _address(a: np.ndarray) -> int:
    """The address of a writable C-contiguous array's first element."""
    return ctypes.addressof(ctypes.c_char.from_buffer(a))


def _load() -> dict:
    """numpy's OpenBLAS cblas_saxpy/daxpy through ctypes, or {} if it has none."""
    global _funcs
    _funcs = {}
    try:
        from threadpoolctl import ThreadpoolController

        _libs.append(ThreadpoolController())
        libs = _libs[0].select(internal_api="openblas").lib_controllers
    except Exception:  # noqa: BLE001 - any failure: numpy does the work
        return _funcs
    _libs.extend(libs)
    for lib in libs:
        prefix = getattr(lib, "_symbol_prefix", "")
        suffix = getattr(lib, "_symbol_suffix", "")
        config = getattr(lib.dynlib, f"{prefix}openblas_get_config{suffix}", None)
        if config is None:
            continue
        config.restype = ctypes.c_char_p
        # the integer size the library was built with: a wrong one would misread n
        size = ctypes.c_int64 if b"USE64BITINT" in (config() or b"") else ctypes.c_int
        found = {}
        for dtype, name, scalar in (
            (np.float32, "saxpy", ctypes.c_float),
            (np.float64, "daxpy", ctypes.c_double),
        ):
            fn = getattr(lib.dynlib, f"{prefix}cblas_{name}{suffix}", None)
            if fn is None:
                break
            fn.argtypes = [size, scalar, ctypes.c_void_p, size, ctypes.c_void_p, size]
            fn.restype = None
            found[np.dtype(dtype)] = fn
        else:
            _funcs = found
            _limit[0] = 2**63 - 1 if size is ctypes.c_int64 else 2**31 - 1
            break
    return _funcs


def axpy(alpha: float, x: np.ndarray, y: np.ndarray) -> None:
    """y += alpha * x, in place (x and y of one shape and dtype; x is not modified)."""
    n = y.size
    if n >= MIN_SIZE and x.dtype == y.dtype and y.flags.c_contiguous and x.flags.c_contiguous:
        fn = (_funcs if _funcs is not None else _load()).get(y.dtype)
        if fn is not None and y.flags.writeable and x.shape == y.shape and n <= _limit[0]:
            # the addresses through the buffer protocol: `a.ctypes.data` makes an object
            # per call (0.9-1.1 us), a ctypes char over a writable buffer 0.2 us
            px = _address(x) if x.flags.writeable else x.ctypes.data
            fn(n, float(alpha), px, 1, _address(y), 1)
            return
    np.add(y, np.multiply(x, alpha), out=y)
