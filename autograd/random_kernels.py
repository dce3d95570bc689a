"""PyTorch's CPU distribution kernels over a `Generator`, as numpy (ATen's DistributionTemplates).

Each function draws from the generator exactly as ATen's CPU kernel does (the same
words, in the same order, the same transform) and returns a flat array in the
kernel's iteration order; `write` puts such values into an array the way
TensorIterator walks it (memory order).

The transforms, from aten/src/ATen/core/TransformationHelper.h and DistributionsHelper.h:
- uniform: float from 24 bits of one word, double from 53 bits of `random64()`,
  then `x * (to - from) + from` (one fused multiply-add: the kernel is built with FMA),
  and a value that rounds up to `to` becomes `from`;
- normal: for a contiguous tensor of 16 or more elements, all uniforms first, then
  Box-Muller on blocks of 16 (u1 = the first 8, u2 = the last 8; a partial last block
  is redrawn as 16 new uniforms and overwrites the tail); otherwise element by element
  from doubles (Box-Muller on two `random64()` uniforms, the second value cached in the
  generator for the next call);
- integers by modulo (`random()` below a range of 2^28, `random64()` from there on);
- bernoulli: one uniform per element (double for a scalar p), `u < p`;
- exponential: `-1 / lambda * log1p(-u)` with a double u;
- randperm: Fisher-Yates with `random() % (n - i)` (n below 2^32 / 20);
- multinomial: without replacement (or one sample) the exponential trick
  `argmax / topk(p / Exp(1))`; with replacement a binary search of a uniform double
  in the normalised cumulative sum.
"""

from __future__ import annotations

import math

import numpy as np

from . import random_math as rm
from .generator import Generator
from .random_avx2 import normal_fill_f32

_F16, _F32, _F64 = np.dtype(np.float16), np.dtype(np.float32), np.dtype(np.float64)
_U64 = np.uint64
_MASK24, _MASK53 = np.uint32((1 << 24) - 1), _U64((1 << 53) - 1)
_TWO_PI = 2.0 * math.pi
_FLOATS = (_F16, _F32, _F64)
_ROWS = 1024  # rows of 16 per pass in the double Box-Muller (arrays of 64 kB)


# ---------------------------------------------------------------- iteration order
UNSET = object()  # a parameter not given (uniform_'s and random_'s `from`)


def from_keyword(method: str, frm, kwargs: dict, default):
    """`from` of `uniform_(from=..)` / `random_(from=..)`: a Python keyword, so it arrives
    in **kwargs (as PyTorch's Python binding takes it), or as graphgrad's `from_`."""
    extra = sorted(k for k in kwargs if k != "from")
    if extra:
        raise TypeError(f"{method}() got an unexpected keyword argument {extra[0]!r}")
    if "from" in kwargs:
        if frm is not UNSET:
            raise TypeError(f"{method}() got multiple values for argument 'from'")
        return kwargs["from"]
    return default if frm is UNSET else frm


def write(arr: np.ndarray, values: np.ndarray) -> None:
    """Store flat `values` into `arr` in memory order (TensorIterator's walk of an output)."""
    if arr.flags.c_contiguous:
        arr.reshape(-1)[...] = values
        return
    order = sorted(range(arr.ndim), key=lambda d: -abs(arr.strides[d]))
    view = arr.transpose(order)
    view[...] = values.reshape(view.shape)


def _floating(dtype, what: str) -> np.dtype:
    dtype = np.dtype(dtype)
    if dtype not in _FLOATS:
        raise RuntimeError(f"{what}: not implemented for dtype {dtype}; use a floating dtype")
    return dtype


# ---------------------------------------------------------------- uniform
def _uniform01_f32(g: Generator, n: int) -> np.ndarray:
    halves = g._words(n).view(np.uint32)  # each word in a uint64: its low half is it
    low = halves[0::2] if np.little_endian else halves[1::2]
    bits = np.bitwise_and(low, _MASK24)
    v = np.empty(n, _F32)
    np.copyto(v, bits, casting="unsafe")  # 24-bit integers: exact in float
    v *= np.float32(2.0**-24)
    return v


def _uniform01_f64(g: Generator, n: int) -> np.ndarray:
    v = (g.random64(n) & _MASK53).astype(_F64)
    v *= 2.0**-53
    return v


def _uniform01_f64_into(g: Generator, out: np.ndarray, bits: np.ndarray) -> None:
    """out[:] = len(out) double uniforms (as `_uniform01_f64`), with `bits` (uint64, at
    least as long) as work space."""
    n = len(out)
    words = g._words(2 * n)  # random64() = (first << 32) | second; its low 53 bits
    b = np.bitwise_and(words[0::2], _U64(0x1FFFFF), out=bits[:n])
    b <<= _U64(32)
    b |= words[1::2]
    np.multiply(b, 2.0**-53, out=out, casting="unsafe")  # exact: 53-bit integers


def uniform(g: Generator, n: int, dtype, low: float = 0.0, high: float = 1.0) -> np.ndarray:
    """n values of U(low, high) (`uniform_`)."""
    dtype = _floating(dtype, "uniform_")
    low, high = float(low), float(high)
    if not low <= high:
        raise RuntimeError(
            f"uniform_ expects to return a [from, to) range, but found from={low} > to={high}"
        )
    if not high - low <= float(np.finfo(dtype).max):
        raise RuntimeError(
            f"uniform_ expects to-from <= the largest {dtype}, but found to={high} and "
            f"from={low} which result in to-from to exceed the limit"
        )
    if dtype == _F64:
        v = _uniform01_f64(g, n)
        if (low, high) != (0.0, 1.0):
            v = rm.fma64(v, high - low, low)
        return np.where(v == high, low, v)
    lo, hi = np.float32(low), np.float32(high)  # computed in float (opmath) for float and half
    v = _uniform01_f32(g, n)
    if (low, high) != (0.0, 1.0):
        v = rm.fma32(v, hi - lo, lo)
    v = v.astype(dtype, copy=False)
    return np.where(v == dtype.type(high), dtype.type(low), v)


# ---------------------------------------------------------------- normal
def _fma_or_shift(values, mean, std, fma):
    if std == 1.0 and mean == 0.0:
        return values + values.dtype.type(0.0)  # fma(x, 1, 0): only -0.0 changes
    return fma(values, std, mean)


def _fill16_f64(u: np.ndarray, mean: float, std: float, work: dict | None = None) -> np.ndarray:
    """ATen's scalar NormalFill16<double> on rows of 16 uniforms, in place (glibc log, cos,
    sin); returns u. `work`: the work arrays (`_work_f64`), made here if None."""
    rows = len(u)
    work = _work_f64(min(rows, _ROWS)) if work is None else work
    logs, theta, trig = work["logs"], work["theta"], work["trig"]
    plain = std == 1.0 and mean == 0.0
    for start in range(0, rows, _ROWS):
        block = u[start : start + _ROWS]
        m = len(block)
        lanes = logs[: 8 * m + 1]  # log's input in lanes[1:], its output in lanes[:-1]
        np.subtract(1.0, block[:, :8], out=lanes[1:].reshape(m, 8))
        rm.log_shifted(lanes)
        radius = lanes[:-1].reshape(m, 8)
        radius *= -2.0
        np.sqrt(radius, out=radius)
        th = np.multiply(block[:, 8:], _TWO_PI, out=theta[:m])
        for half, fn in ((block[:, :8], rm.cos), (block[:, 8:], rm.sin)):
            v = fn(th, out=trig[:m])
            if plain:
                np.multiply(radius, v, out=half)
            else:
                v *= radius
                half[...] = rm.fma64(v, std, mean)
        if plain:
            block += 0.0  # fma(x, 1, 0) = x + 0: only -0.0 changes
    return u


def _work_f64(rows: int) -> dict:
    """Work arrays for `_fill16_f64` on blocks of `rows` rows, and for their uniforms."""
    return {
        "logs": np.empty(8 * rows + 1),
        "theta": np.empty((rows, 8)),
        "trig": np.empty((rows, 8)),
        "bits": np.empty(16 * rows, _U64),
    }


def _normal_fill_f64(g: Generator, n: int, mean: float, std: float) -> np.ndarray:
    """`normal_fill` for doubles, drawn and transformed block by block (the same words in
    the same order: the n uniforms, then 16 new ones that replace a partial last block)."""
    out = np.empty(n, _F64)
    body = n // 16 * 16
    work = _work_f64(max(1, min(body // 16, _ROWS)))
    step = 16 * _ROWS
    for start in range(0, body, step):
        block = out[start : min(start + step, body)]
        _uniform01_f64_into(g, block, work["bits"])
        _fill16_f64(block.reshape(-1, 16), mean, std, work)
    if n % 16:
        g._words(2 * (n - body))  # the partial block's uniforms, overwritten below
        tail = out[n - 16 :]
        _uniform01_f64_into(g, tail, work["bits"])
        _fill16_f64(tail.reshape(1, 16), mean, std, work)
    return out


def _normal_fill(g: Generator, n: int, dtype: np.dtype, mean: float, std: float) -> np.ndarray:
    if dtype == _F64:
        return _normal_fill_f64(g, n, mean, std)
    draw, fill = _uniform01_f32, normal_fill_f32
    body = n // 16 * 16
    if dtype == _F16:  # the reduced-precision loop draws block by block: no partial block
        out = np.empty(n, _F32)
        out[:body] = fill(draw(g, body).reshape(-1, 16), mean, std).reshape(-1)
    else:
        out = draw(g, n)
        fill(out[:body].reshape(-1, 16), mean, std)  # in place
    if n % 16:  # recompute the last 16 values from 16 new uniforms
        out[n - 16 :] = fill(draw(g, 16).reshape(1, 16), mean, std).reshape(-1)
    return out.astype(dtype, copy=False)


def normal_doubles(g: Generator, n: int, mean: float = 0.0, std: float = 1.0) -> np.ndarray:
    """n draws of ATen's scalar `normal_distribution<double>` (with the generator's cache)."""
    out = np.empty(n, _F64)
    k = 0
    if n and g._normal_double is not None:
        out[0], g._normal_double, k = g._normal_double, None, 1
    pairs = (n - k + 1) // 2
    if pairs:
        u = _uniform01_f64(g, 2 * pairs)
        radius = np.sqrt(-2.0 * rm.log1p_neg(u[1::2]))
        theta = _TWO_PI * u[0::2]
        both = np.empty(2 * pairs)
        both[0::2] = radius * rm.cos(theta)
        both[1::2] = radius * rm.sin(theta)
        out[k:] = both[: n - k]
        if (n - k) % 2:
            g._normal_double = float(both[-1])  # the unused sine waits for the next draw
    return _fma_or_shift(out, mean, std, rm.fma64)


def normal(
    g: Generator, n: int, dtype, mean: float = 0.0, std: float = 1.0, contiguous: bool = True
) -> np.ndarray:
    """n values of N(mean, std^2) (`normal_`)."""
    dtype = _floating(dtype, "normal_")
    mean, std = float(mean), float(std)
    if not std >= 0.0:
        raise RuntimeError(f"normal expects std >= 0.0, but found std {std}")
    if n >= 16 and contiguous:
        return _normal_fill(g, n, dtype, mean, std)
    return normal_doubles(g, n, mean, std).astype(dtype)


# ---------------------------------------------------------------- integers
def _digits(dtype: np.dtype) -> int:
    return np.finfo(dtype).nmant + 1


def _int_max(dtype: np.dtype) -> int:
    if dtype == np.bool_:
        return 1
    if dtype.kind == "f":
        return min(2 ** _digits(dtype), 2**63 - 1)
    return int(np.iinfo(dtype).max)


def _update_from(frm: int, dtype: np.dtype) -> int:
    """ATen's update_from: the first `from` the float dtype represents exactly."""
    plus1 = int(dtype.type(frm + 1))
    if plus1 < frm:
        n = abs(frm + 1).bit_length() - 1
        frm = plus1 + (1 << (n - _digits(dtype) + 1))
    return frm


def _update_to(to: int, dtype: np.dtype) -> int:
    minus1 = int(dtype.type(to - 1))
    if minus1 >= to:
        n = abs(to - 1).bit_length() - 1
        to = minus1 - (1 << (n - _digits(dtype) + 1))
    return to


def _check_range(frm: int, to_inc: int, dtype: np.dtype) -> None:
    if dtype == np.bool_:
        lo, hi = 0, 1
    elif dtype.kind == "f":
        lo, hi = -_int_max(dtype), _int_max(dtype)
    else:
        lo, hi = int(np.iinfo(dtype).min), int(np.iinfo(dtype).max)
    for name, v in (("from", frm), ("to - 1", to_inc)):
        if not lo <= v <= hi:
            raise RuntimeError(
                f"random_: {name} = {v} is out of bounds for dtype {dtype} (expected [{lo}, {hi}])"
            )


def _from_range(g: Generator, n: int, span: int, base: int) -> np.ndarray:
    """`(word % span) + base` as int64, wrapping as the kernel's 64-bit arithmetic does."""
    if span >= 1 << 28:
        words = g.random64(n)
    else:
        words = g.random(n).astype(_U64)
    if span < 1 << 64:
        words = words % _U64(span)
    return (words + _U64(base % 2**64)).view(np.int64)


def random_(g: Generator, n: int, dtype, frm: int | None = None, to: int | None = None):
    """n values of `random_(from, to)`: integers in [from, to) (to=None: up to the dtype's
    largest, or its largest consecutive integer for floats; no arguments: from 0)."""
    dtype = np.dtype(dtype)
    if frm is None and to is None:  # random_(): the kernel of its own
        if dtype == np.bool_:
            return (g.random(n) & np.uint32(1)).astype(bool)
        if dtype in (_F64, np.dtype(np.int64)):
            v = g.random64(n) % _U64(2 ** _digits(dtype) + 1 if dtype == _F64 else 2**63)
        elif dtype.kind == "f":
            v = g.random(n).astype(_U64) % _U64(2 ** _digits(dtype) + 1)
        else:
            v = g.random(n).astype(_U64) % _U64(int(np.iinfo(dtype).max) + 1)
        return v.astype(dtype)
    frm = int(frm or 0)
    if to is not None:
        to = int(to)
        if not frm < to:
            raise RuntimeError(
                f"random_ expects 'from' to be less than 'to', but got from={frm} >= to={to}"
            )
        if dtype.kind == "f":
            frm, to = _update_from(frm, dtype), _update_to(to, dtype)
            if not frm < to:
                raise RuntimeError(
                    f"random_ expects 'from' casted to dtype to be less than 'to' casted to "
                    f"dtype, but got from={frm} >= to={to}"
                )
        _check_range(frm, to - 1, dtype)
        span = to - frm
    elif frm != -(2**63):
        to_inc = _int_max(dtype)
        if dtype.kind == "f":
            frm = _update_from(frm, dtype)
            if not frm < to_inc:
                raise RuntimeError(
                    f"random_ expects 'from' casted to dtype to be less than or equal to "
                    f"'to_inc' casted to dtype, but got from={frm} > to_inc={to_inc}"
                )
        _check_range(frm, to_inc, dtype)
        span = to_inc - frm + 1
    else:  # the whole int64 range
        if dtype not in (np.dtype(np.int64), _F64, _F32):
            raise RuntimeError(f"random_: the full 64-bit range needs int64 or float, not {dtype}")
        return g.random64(n).view(np.int64).astype(dtype)
    if n == 0:
        return np.empty(0, dtype)
    return _from_range(g, n, span, frm).astype(dtype)


# ---------------------------------------------------------------- bernoulli, exponential
def bernoulli_scalar(g: Generator, n: int, dtype, p: float) -> np.ndarray:
    """n draws of Bernoulli(p) as dtype (`bernoulli_(p)`: a double uniform per element)."""
    p = float(p)
    if not 0.0 <= p <= 1.0:
        raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
    return (_uniform01_f64(g, n) < p).astype(dtype)


def bernoulli_tensor(g: Generator, p: np.ndarray, dtype) -> np.ndarray:
    """One draw per element of the probabilities `p` (flat, already in iteration order)."""
    p = np.asarray(p)
    if p.dtype.kind != "f":
        raise RuntimeError(f"bernoulli: probabilities must be floating, got dtype {p.dtype}")
    if p.size and not ((p >= 0) & (p <= 1)).all():
        raise RuntimeError("bernoulli: all probabilities must be in [0, 1]")
    if p.dtype == _F64:
        u = _uniform01_f64(g, p.size)
    else:  # float probabilities: a float uniform from one word
        u = _uniform01_f32(g, p.size)
        p = p.astype(_F32)
    return (u < p.reshape(-1)).astype(dtype)


def exponential(g: Generator, n: int, dtype, lambd: float = 1.0) -> np.ndarray:
    """n values of Exp(lambd) (`exponential_`)."""
    dtype = _floating(dtype, "exponential_")
    lambd = float(lambd)
    if not lambd > 0.0:
        raise RuntimeError(f"exponential_ expects lambda > 0.0, but found lambda={lambd}")
    return ((-1.0 / lambd) * rm.log1p_neg(_uniform01_f64(g, n))).astype(dtype)


def cauchy(g: Generator, n: int, dtype, median: float = 0.0, sigma: float = 1.0) -> np.ndarray:
    """n values of Cauchy(median, sigma) (`cauchy_`): median + sigma tan(pi (u - 1/2)), u one
    double uniform per value, as ATen's cauchy_distribution<double>."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "f":
        raise RuntimeError(
            "Cauchy distribution is a continuous probability distribution. dtype must be a "
            f"floating point but you specified {_C_NAMES.get(dtype.name, dtype.name)}"
        )
    sigma = float(sigma)
    if not sigma > 0.0:
        raise RuntimeError(f"cauchy_ expects sigma > 0.0, but found sigma={sigma:g}")
    u = _uniform01_f64(g, n)
    return (float(median) + sigma * np.tan(np.pi * (u - 0.5))).astype(dtype)


def log_normal(g: Generator, n: int, dtype, mean: float = 1.0, std: float = 2.0) -> np.ndarray:
    """n values of exp(N(mean, std^2)) (`log_normal_`), from ATen's normal_distribution<double>
    (the generator's cached second value included)."""
    dtype = np.dtype(dtype)
    if dtype.kind not in "f":
        raise NotImplementedError(
            f"\"log_normal_cpu\" not implemented for '{_TYPE_NAMES.get(dtype.name, dtype.name)}'"
        )
    std = float(std)
    if not std > 0.0:
        raise RuntimeError(f"log_normal_ expects std > 0.0, but found std={std:g}")
    return np.exp(normal_doubles(g, n, float(mean), std)).astype(dtype)


def geometric(g: Generator, n: int, dtype, p: float) -> np.ndarray:
    """n values of Geometric(p) on 1, 2, ... (`geometric_`): ceil(log(u) / log1p(-p)), u one
    double uniform per value, as ATen's geometric_distribution<double>; any dtype."""
    p = float(p)
    if not 0.0 < p < 1.0:
        raise RuntimeError(f"geometric_ expects p to be in (0, 1), but got p={p:g}")
    u = _uniform01_f64(g, n)
    with np.errstate(divide="ignore"):
        return np.ceil(np.log(u) / np.log1p(-p)).astype(dtype)


# PyTorch's names of dtypes in its messages: C type names, and its scalar type names
_C_NAMES = {"int64": "long int", "int32": "int", "int16": "short int", "int8": "signed char",
            "uint8": "unsigned char", "bool": "bool"}  # fmt: skip
_TYPE_NAMES = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char",
               "uint8": "Byte", "bool": "Bool"}  # fmt: skip


# ---------------------------------------------------------------- permutations, sampling
def randperm(g: Generator, n: int) -> np.ndarray:
    """A random permutation of 0..n-1 as int64 (ATen's randperm_cpu)."""
    n = int(n)
    if n < 0:
        raise RuntimeError(f"randperm: n must be non-negative, got {n}")
    perm = list(range(n))
    if n < (2**32 - 1) // 20:  # Fisher-Yates from the front, random() % (n - i)
        if n > 1:
            z = g.random(n - 1).astype(np.int64) % np.arange(n, 1, -1)
            for i, j in enumerate((z + np.arange(n - 1)).tolist()):
                perm[i], perm[j] = perm[j], perm[i]
    else:  # the "inside-out" variant with random64() % (i + 1)
        z = g.random64(n)
        for i in range(n):
            j = int(z[i] % _U64(i + 1))
            perm[i] = perm[j]
            perm[j] = i
    return np.array(perm, np.int64)


def multinomial(g: Generator, probs: np.ndarray, n: int, replacement: bool) -> np.ndarray:
    """Indices sampled from each row of `probs` (1-d or 2-d), as int64 (ATen's multinomial)."""
    probs = np.asarray(probs)
    n = int(n)
    if probs.ndim not in (1, 2):
        raise RuntimeError(f"multinomial: prob_dist must be 1 or 2 dim, got {probs.ndim}")
    if probs.dtype.kind != "f":
        raise RuntimeError(
            f"multinomial only supports floating-point dtypes for input, got: {probs.dtype}"
        )
    if n <= 0:
        raise RuntimeError("multinomial: cannot sample n_sample <= 0 samples")
    cats = probs.shape[-1]
    if not replacement and n > cats:
        raise RuntimeError(
            "multinomial: cannot sample n_sample > prob_dist.size(-1) samples without "
            f"replacement (n_sample={n}, {cats} categories)"
        )
    if cats > 2**24:
        raise RuntimeError("multinomial: number of categories cannot exceed 2^24")
    rows = probs.reshape(-1, cats)
    shape = (n,) if probs.ndim == 1 else (len(rows), n)
    if not rows.size:
        return np.empty(shape, np.int64)
    if not replacement or n == 1:
        if not (np.max(rows) < np.inf and np.min(rows) >= 0):
            raise RuntimeError(
                "multinomial: probability tensor contains either `inf`, `nan` or element < 0"
            )
        if (rows.sum(axis=1) == 0).any():
            raise RuntimeError(
                "multinomial: invalid multinomial distribution (sum of probabilities <= 0)"
            )
        q = exponential(g, rows.size, rows.dtype).reshape(rows.shape)
        q = rows / q  # the Gumbel-max trick: p / Exp(1)
        if n == 1:
            return np.argmax(q, axis=1).reshape(shape)
        order = np.argsort(-q, axis=1, kind="stable")  # topk: descending
        return order[:, :n].reshape(shape)
    out = np.empty((len(rows), n), np.int64)
    for i, row in enumerate(rows):
        if (row < 0).any():
            raise RuntimeError(
                "multinomial: invalid multinomial distribution (encountering probability entry < 0)"
            )
        if not np.isfinite(row).all():
            raise RuntimeError(
                "multinomial: invalid multinomial distribution (encountering probability "
                "entry = infinity or NaN)"
            )
        cum = np.cumsum(row)  # sequential, in the row's dtype
        total = cum[-1]
        if not total > 0:
            raise RuntimeError(
                "multinomial: invalid multinomial distribution (sum of probabilities <= 0)"
            )
        cum = cum / total
        cum[-1] = 1
        out[i] = np.searchsorted(cum, _uniform01_f64(g, n), side="left")
    return out.reshape(shape)
