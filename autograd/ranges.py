"""The values of `arange`, `linspace` and `logspace`, as PyTorch's CPU kernels compute them.

numpy's `arange` and `linspace` round differently from PyTorch's in the last bit for
fractional steps (numpy: `start + i * step` in one place, PyTorch: symmetric halves, fused
multiply-adds and vector lanes), so these follow PyTorch's kernels (ATen
RangeFactoriesKernel.cpp and RangeFactories.cpp, 2.x):

- `arange` (floating): in float64, the elements in blocks of two vectors (8 float32 or 4
  float64 lanes) as `base + k * step` from a per-vector `base = start + step * i` rounded
  to the dtype; the rest `start + step * i`; each product-and-sum one fused multiply-add.
- `linspace`: `start + step * i` for the first half and `end - step * (steps - i - 1)` for
  the second, in the dtype (float64 for integer dtypes), with fused multiply-adds.
- `logspace`: `base ** e`, e as linspace's halves in float64 (no fused multiply-add here).

The fused multiply-add (one rounding of `a * b + c`) is computed exactly with numpy (an
error-free product and sum, then a sum rounded to odd: Boldo and Melquiond, "Emulation of
FMA and correctly rounded sums", IEEE TC 2008). Identical to PyTorch's for float32 and
float64 up to 32768 elements (beyond that PyTorch splits the range between its threads,
which moves the vector blocks); `logspace` in float64 calls the C library's `pow`, which
may differ from PyTorch's by one unit in the last place.
"""

from __future__ import annotations

import math

import numpy as np

_LANES = {np.dtype(np.float32): 8, np.dtype(np.float64): 4}  # 256-bit vectors


def _split(a: np.ndarray):
    c = 134217729.0 * a  # 2**27 + 1: Veltkamp's split into two 26-bit halves
    hi = c - (c - a)
    return hi, a - hi


def _two_prod(a, b):
    """p, e with p + e == a * b exactly (p the rounded product)."""
    p = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    return p, ((ah * bh - p) + ah * bl + al * bh) + al * bl


def _two_sum(a, b):
    """s, e with s + e == a + b exactly (s the rounded sum)."""
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def _odd(s: np.ndarray, e: np.ndarray) -> np.ndarray:
    """s (the rounded value of s + e) rounded to odd instead: if inexact, the neighbour of the
    exact value whose last significand bit is 1."""
    fix = (e != 0) & ((s.view(np.int64) & 1) == 0)
    if fix.any():
        s = np.where(fix, np.nextafter(s, np.copysign(np.inf, e)), s)
    return s


def fma(a, b, c) -> np.ndarray:
    """a * b + c with one rounding, in float64 (arrays or numbers, broadcast)."""
    a, b, c = (np.asarray(x, np.float64) for x in (a, b, c))
    with np.errstate(all="ignore"):
        uh, ul = _two_prod(a, b)
        th, tl = _two_sum(c, uh)
        return th + _odd(*_two_sum(tl, ul))


def fma32(a, b, c) -> np.ndarray:
    """a * b + c with one rounding to float32, for float32 a, c and an integer b < 2**29."""
    p = np.asarray(a, np.float64) * np.asarray(b, np.float64)  # exact: 24 + 29 bits
    s, e = _two_sum(np.asarray(c, np.float64), p)
    return _odd(s, e).astype(np.float32)  # odd at 53 bits, then nearest at 24: one rounding


# ----------------------------------------------------------------------------- arange
def arange_size(start, end, step, dtype: np.dtype) -> int:
    """The number of elements, with PyTorch's checks (int64 ranges counted in integers)."""
    acc = (int(start), int(end), int(step)) if dtype.kind in "iub" else (start, end, step)
    xstart, xend, xstep = acc
    if not xstep:
        raise RuntimeError("arange: step must be nonzero")
    if not (math.isfinite(xstart) and math.isfinite(xend)):
        raise RuntimeError(f"arange: unsupported range: {xstart} -> {xend}")
    if (xstep > 0 and xend < xstart) or (xstep < 0 and xend > xstart):
        raise RuntimeError("arange: upper bound and larger bound inconsistent with step sign")
    if dtype == np.int64:  # the quotient is >= 0: floor division truncates as C's
        return (xend - xstart + xstep - (1 if xstep > 0 else -1)) // xstep
    return int(math.ceil((float(end) - float(start)) / float(step)))


def arange(start, end, step, dtype: np.dtype) -> np.ndarray:
    """PyTorch's `arange` values in dtype."""
    n = arange_size(start, end, step, dtype)
    if dtype.kind in "iub":
        return (int(start) + int(step) * np.arange(n, dtype=np.int64)).astype(dtype)
    if dtype.kind == "c":
        return (complex(start) + complex(step) * np.arange(n)).astype(dtype)
    lanes = _LANES.get(dtype, 8)
    start, step = float(start), float(step)
    idx = np.arange(n, dtype=np.int64)
    nv = n - n % (2 * lanes)  # the rest are computed one by one
    first = idx[:nv] - idx[:nv] % lanes  # each element's vector start
    base = fma(step, first, start).astype(dtype).astype(np.float64)
    out = np.empty(n, dtype)
    out[:nv] = fma(idx[:nv] - first, step, base)
    out[nv:] = fma(step, idx[nv:], start)
    return out


# --------------------------------------------------------------------------- linspace
def linspace(start, end, steps: int, dtype: np.dtype) -> np.ndarray:
    """PyTorch's `linspace` values in dtype."""
    steps = _steps(steps, "linspace")
    if steps <= 1:
        return np.full(steps, start).astype(dtype)
    if dtype.kind == "c":
        return np.linspace(complex(start), complex(end), steps).astype(dtype)
    half = steps // 2
    i = np.arange(steps, dtype=np.int64)
    lo, hi = i[:half], steps - i[half:] - 1
    if dtype.kind == "f" and dtype.itemsize <= 4:
        f32 = np.float32
        s, e = f32(start), f32(end)
        step = f32((e - s) / f32(steps - 1))
        out = np.concatenate([fma32(step, lo, s), fma32(-step, hi, e)])
        return out.astype(dtype)
    if dtype.kind == "f":
        s, e = float(start), float(end)
    else:  # integer dtypes: start and end in the dtype, the step in float64
        s, e = float(dtype.type(start)), float(dtype.type(end))
    step = (e - s) / (steps - 1)
    out = np.concatenate([fma(step, lo, s), fma(-step, hi, e)])
    if dtype.kind in "iu":
        out = np.trunc(out)
    return out.astype(dtype)


def logspace(start, end, steps: int, base: float, dtype: np.dtype) -> np.ndarray:
    """PyTorch's `logspace` values in dtype: base ** (exponents as linspace's, in float64)."""
    steps = _steps(steps, "logspace")
    if steps == 0:
        return np.empty(0, dtype)
    if steps == 1:
        return np.array([float(base) ** float(start)]).astype(dtype)
    if dtype.kind == "c":
        e = np.linspace(complex(start), complex(end), steps)
        return np.power(complex(base), e).astype(dtype)
    s, e = dtype.type(start), dtype.type(end)
    step = float(e - s) / (steps - 1)  # the difference in the dtype, the step in float64
    s, e = float(s), float(e)
    half = steps // 2
    i = np.arange(steps, dtype=np.int64)
    x = np.concatenate([s + step * i[:half], e - step * (steps - i[half:] - 1)])
    with np.errstate(all="ignore"):
        return np.power(float(base), x).astype(dtype)


def _steps(steps, what: str) -> int:
    if isinstance(steps, bool) or not isinstance(steps, (int, np.integer)):
        raise TypeError(f"{what}: steps must be an int, got {type(steps).__name__}")
    if steps < 0:
        raise RuntimeError(f"{what}: number of steps must be non-negative")
    return int(steps)
