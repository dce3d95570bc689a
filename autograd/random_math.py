"""Floating-point arithmetic that PyTorch's CPU random kernels do and numpy does not, bit for bit.

- `fma32`, `fma64`: fused multiply-add (one rounding), which the compiled kernels use
  wherever a product feeds a sum (GCC contracts `x * (to - from) + from`).
- `log`, `log1p_neg`, `cos`, `sin`: the C library's double functions, which the scalar
  kernels call. numpy's own loops call them too, except where it has a vector version:
  on AVX-512 machines numpy's double `log` and `log1p` are Intel's SVML, which differs
  from glibc in the last bit of some values. Their scalar loop, which calls the C
  library, runs when the output overlaps the input (`_libm_shifted`); `cos` and `sin`
  are numpy's plain ones. Each is checked once against `math` (the C library) on a
  sample; where one differs, `log` falls back to the correctly rounded value computed
  in double-double precision (glibc's `log` is within 0.52 ulp, so it agrees outside a
  hair of a rounding tie, where the C library itself is asked), `log1p_neg` to glibc's
  fdlibm `log1p` operation by operation, and `cos`/`sin` to `math` element by element.

Everything works on numpy arrays; nothing here draws random numbers. The float32
Box-Muller of the AVX2 kernel is in random_avx2.py.
"""

from __future__ import annotations

import math
from functools import cache

import numpy as np

_F32, _F64 = np.float32, np.float64
_U64 = np.uint64

# ---------------------------------------------------------------- fused multiply-add
_SPLIT = 134217729.0  # 2**27 + 1: Veltkamp's splitting constant for doubles


def _split(a):
    t = a * _SPLIT
    hi = t - (t - a)
    return hi, a - hi


def _two_sum(a, b):
    s = a + b
    bb = s - a
    return s, (a - (s - bb)) + (b - bb)


def fma64(a, b, c) -> np.ndarray:
    """Correctly rounded a * b + c for doubles (Boldo and Melquiond's emulation with
    rounding to odd; exact for the magnitudes random kernels meet: no overflow, no
    subnormal intermediate results)."""
    a, b, c = np.asarray(a, _F64), np.asarray(b, _F64), np.asarray(c, _F64)
    ph = a * b
    ah, al = _split(a)
    bh, bl = _split(b)
    pl = ((ah * bh - ph) + ah * bl + al * bh) + al * bl  # a * b == ph + pl exactly
    th, tl = _two_sum(c, ph)
    s, e = _two_sum(tl, pl)
    # round tl + pl to odd: an inexact sum keeps an odd last bit
    bits = np.atleast_1d(s).view(np.int64)
    fix = np.atleast_1d((e != 0) & ((bits & 1) == 0))
    if fix.any():
        step = np.where(np.atleast_1d((e > 0) == (s > 0)), 1, -1)
        s = np.where(fix, bits + step, bits).view(_F64).reshape(np.shape(s))
    return th + s


def _round_f32(s: np.ndarray, p, c) -> np.ndarray:
    """s = p + c rounded to double, then to float; fixes the (rare) double rounding."""
    s = np.asarray(s, _F64)
    mid = (s.view(_U64) & _U64(0x1FFFFFFF)) == _U64(0x10000000)  # a float tie, maybe inexact
    if mid.any():
        s = s.copy()
        pm = np.broadcast_to(p, s.shape)[mid]
        cm = np.broadcast_to(c, s.shape)[mid]
        err = _two_sum(pm, cm)[1]  # the part of p + c the double lost
        s[mid] = np.where(err == 0, s[mid], np.nextafter(s[mid], np.copysign(np.inf, err)))
    return s.astype(_F32)


def fma32(a, b, c) -> np.ndarray:
    """Correctly rounded a * b + c for floats: the product is exact in double."""
    p = np.multiply(a, b, dtype=_F64)
    c64 = np.asarray(c, _F64)
    return _round_f32(p + c64, p, c64)


# ---------------------------------------------------------------- glibc's double log
_LN2_HI = float.fromhex("0x1.62e42fefa3800p-1")  # 42 significant bits: e * _LN2_HI is exact
_LN2_LO = float.fromhex("0x1.ef35793c76730p-45")
_LOG_TABLE_BITS = 10


@cache
def _log_table() -> tuple[np.ndarray, ...]:
    """Reciprocals r_i (12 bits) near 1 / (1 + i / 1024), split in halves of 26 bits, and
    -log(r_i) as hi + lo (computed once, in 40-digit decimal arithmetic)."""
    from decimal import Decimal, localcontext  # only here: its import costs 9 ms

    n = 1 << _LOG_TABLE_BITS
    i = np.arange(-(n // 2) + 1, n // 2 + 1)
    r = np.round(4096.0 / (1.0 + i / n)) / 4096.0
    hi, lo = np.empty(len(r)), np.empty(len(r))
    with localcontext() as ctx:
        ctx.prec = 40
        for k, ri in enumerate(r.tolist()):
            v = -Decimal(ri).ln()
            hi[k] = float(v)
            lo[k] = float(v - Decimal(hi[k]))
    rh, rl = _split(r)
    return r, rh, rl, hi, lo


def _log_dd(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """log(u) for positive normal doubles as hi + lo, about 2^-64 relative error."""
    r_tab, rh_tab, rl_tab, l_hi, l_lo = _log_table()
    n = 1 << _LOG_TABLE_BITS
    m, e = np.frexp(u)  # u = m 2^e, m in [0.5, 1)
    low = m < math.sqrt(0.5)
    np.multiply(m, 2.0, out=m, where=low)  # m in [sqrt(1/2), sqrt(2))
    e = e.astype(_F64)
    e -= low
    idx = ((m - 1.0) * n).round().astype(np.intp)
    idx += n // 2 - 1
    r, rh, rl = r_tab[idx], rh_tab[idx], rl_tab[idx]
    p = m * r
    mh, ml = _split(m)
    pl = ((mh * rh - p) + mh * rl + ml * rh) + ml * rl  # m r == p + pl exactly
    p -= 1.0  # exact: p is within 2^-10 of 1
    th = p + pl  # t = m r - 1 = th + tl exactly, |t| < 2^-10
    tl = pl - (th - p)
    sh = th * th
    th_h, th_l = _split(th)
    sl = ((th_h * th_h - sh) + 2 * th_h * th_l) + th_l * th_l  # th^2 == sh + sl
    # log1p(t) = t - t^2/2 + t^3 (1/3 - t/4 + t^2/5 - t^3/6); the tail needs only doubles
    tail = ((th * (-1 / 6) + 0.2) * th - 0.25) * th + 1 / 3
    tail *= th * sh
    hi, err1 = _two_sum(e * _LN2_HI, l_hi[idx])
    hi, err2 = _two_sum(hi, th)
    hi, err3 = _two_sum(hi, -0.5 * sh)
    lo = err1 + err2 + err3 + (e * _LN2_LO + l_lo[idx]) + (tl - th * tl - 0.5 * sl) + tail
    return _two_sum(hi, lo)


_SMALL = 64  # up to this many values, the C library itself (through math) is faster
_TIE_WINDOW = 0.03  # in ulps: glibc's log is within 0.52 ulp, so it rounds correctly outside


def _log_exact(u: np.ndarray) -> np.ndarray:
    """glibc's `log` of positive normal doubles without numpy's log: the correctly rounded
    value, and glibc itself (through `math.log`) where the exact value lies within a hair
    of a tie. The fallback of `log`; about 40 times slower."""
    hi, lo = _log_dd(u)
    ulp = np.spacing(np.abs(hi))
    near_tie = np.abs(np.abs(lo) - 0.5 * ulp) < _TIE_WINDOW * ulp
    near_tie |= u == 1.0  # log(1) = 0 exactly (the table sum leaves a signed zero)
    if near_tie.any():
        hi = hi.copy()
        hi[near_tie] = [math.log(v) for v in u[near_tie].tolist()]
    return hi


# ---------------------------------------------------------------- the C library through numpy
def _libm_shifted(fn, buf: np.ndarray) -> None:
    """In place: buf[:-1] = fn(buf[1:]), by numpy's loop that calls the C library.

    numpy's vector loops for double `log` and `log1p` (SVML on AVX-512 machines) run only
    when input and output do not overlap, or are the same array. Here the output trails
    the input by one element: numpy makes no copy (each element is read before it is
    overwritten) and runs its scalar loop, which calls the C library's function, as
    PyTorch's scalar kernels do. `_verified` checks the result against `math` once.
    """
    fn(buf[1:], out=buf[:-1])


def log_shifted(buf: np.ndarray) -> None:
    """In place: buf[:-1] = glibc's `log` of buf[1:] (positive normal doubles)."""
    if _verified("log"):
        _libm_shifted(np.log, buf)
    else:
        buf[:-1] = _log_exact(buf[1:])


def log(u: np.ndarray) -> np.ndarray:
    """glibc's `log` of positive normal doubles."""
    u = np.asarray(u, _F64)
    if u.size <= _SMALL:
        return np.array([math.log(v) for v in u.ravel().tolist()], _F64).reshape(u.shape)
    buf = np.empty(u.size + 1)
    buf[1:] = u.reshape(-1)
    log_shifted(buf)
    return buf[:-1].reshape(u.shape)


# ---------------------------------------------------------------- glibc's log1p (fdlibm, FMA build)
_LP = {  # fdlibm's Lp1..Lp7, as stored in glibc's libm
    1: float.fromhex("0x1.5555555555593p-1"),
    2: float.fromhex("0x1.999999997fa04p-2"),
    3: float.fromhex("0x1.2492494229359p-2"),
    4: float.fromhex("0x1.c71c51d8e78afp-3"),
    5: float.fromhex("0x1.7466496cb03dep-3"),
    6: float.fromhex("0x1.39a09d078c69fp-3"),
    7: float.fromhex("0x1.2f112df3e5244p-3"),
}
_FD_LN2_HI = float.fromhex("0x1.62e42feep-1")
_FD_LN2_LO = float.fromhex("0x1.a39ef35793c76p-33")


def _log1p_neg_fdlibm(u: np.ndarray) -> np.ndarray:
    """log1p(-u) for u in [0, 1), the operations of glibc 2.3x's `__log1p_fma`."""
    x = -u
    hx = (x.view(_U64) >> _U64(32)).astype(np.uint32)  # high words (x <= 0: sign set)
    out = np.empty_like(x)
    tiny = u < 2.0**-29
    out[tiny] = _fma_neg_half_sq(x[tiny])
    big = ~tiny & (hx >= np.uint32(0xBFD2BEC4))  # x <= -0.2929: reduce 1 + x = 2^k (1 + f)
    mid = ~tiny & ~big  # -0.2929 < x: f = x, k = 0
    f = x[mid]
    out[mid] = _log1p_core(f, 0.5 * f * f, np.zeros(f.shape), None, np.ones(f.shape, bool))
    if big.any():
        xb = x[big]
        v = 1.0 + xb
        hu = (v.view(_U64) >> _U64(32)).astype(np.int64)
        k = (hu >> 20) - 0x3FF
        c = np.where(k > 0, 1.0 - (v - xb), xb - (v - 1.0)) / v
        hu &= 0xFFFFF
        up = hu > 0x6A09D
        high = np.where(up, hu | 0x3FE00000, hu | 0x3FF00000)
        k = k + up
        hu = np.where(up, (0x100000 - hu) >> 2, hu)
        lowbits = v.view(_U64) & _U64(0xFFFFFFFF)
        vn = ((high.astype(_U64) << _U64(32)) | lowbits).view(_F64)
        fb = vn - 1.0
        hfsq = (fb * 0.5) * fb
        out[big] = _log1p_core(fb, hfsq, c, k.astype(_F64), hu != 0)
    return out


def _fma_neg_half_sq(x):
    sq = x * x
    return np.where(x == 0, x, x - sq * 0.5)  # fnmadd with an exact product


def _log1p_core(f, hfsq, c, k, hu_nonzero):
    out = np.empty_like(f)
    gen = hu_nonzero
    if gen.any():
        fg, hg = f[gen], hfsq[gen]
        s = fg / (fg + 2.0)
        z = s * s
        a = fma64(z, _LP[3], _LP[2])
        b = fma64(z, _LP[5], _LP[4])
        d = fma64(z, _LP[7], _LP[6])
        z2 = z * z
        z4 = z2 * z2
        z6 = z2 * z4
        r = fma64(z, _LP[1], z2 * a)
        r = fma64(z4, b, r)
        r = fma64(z6, d, r)
        w = (r + hg) * s
        if k is None:
            out[gen] = fg - (hg - w)
        else:
            kg = k[gen]
            t = fma64(kg, _FD_LN2_LO, c[gen]) + w
            out[gen] = kg * _FD_LN2_HI - ((hg - t) - fg)  # k * ln2_hi is exact
    rest = ~gen
    if rest.any():  # hu == 0 (only after the reduction)
        fr, hr, kr, cr = f[rest], hfsq[rest], k[rest], c[rest]
        lo = fma64(kr, _FD_LN2_LO, cr)
        big_r = fma64(-fr, 0.6666666666666666, 1.0) * hr
        with_f = np.where(kr == 0, fr - big_r, kr * _FD_LN2_HI - ((big_r - lo) - fr))
        zero_f = np.where(kr == 0, 0.0, kr * _FD_LN2_HI + lo)
        out[rest] = np.where(fr == 0, zero_f, with_f)
    return out


@cache
def _verified(name: str) -> bool:
    """Whether the vectorised `name` equals the C library (through `math`) on a sample
    (about 16,000 values; SVML's log differs from glibc's on about 0.3% of them)."""
    x = (np.arange(1, 4097) * 0.6180339887498949) % 1.0
    x = np.concatenate([x, x * 2.0**-20, x * 2.0**-40, 1.0 - x * 2.0**-30, [0.0]])
    x = x[x < 1.0]
    if name == "log1p_fdlibm":
        return bool(np.array_equal(_log1p_neg_fdlibm(x), [math.log1p(-v) for v in x.tolist()]))
    if name in ("log", "log1p"):
        arg = 1.0 - x if name == "log" else -x
        buf = np.empty(len(arg) + 1)
        buf[1:] = arg
        _libm_shifted(getattr(np, name), buf)
        return bool(np.array_equal(buf[:-1], [getattr(math, name)(v) for v in arg.tolist()]))
    t = x * 2 * math.pi
    fn = getattr(np, name)
    return bool(np.array_equal(fn(t), [getattr(math, name)(v) for v in t.tolist()]))


def log1p_neg(u: np.ndarray) -> np.ndarray:
    """glibc's `log1p(-u)` for doubles u in [0, 1)."""
    u = np.asarray(u, _F64)
    if u.size > _SMALL:
        if _verified("log1p"):
            buf = np.empty(u.size + 1)
            np.negative(u.reshape(-1), out=buf[1:])
            _libm_shifted(np.log1p, buf)
            return buf[:-1].reshape(u.shape)
        if _verified("log1p_fdlibm"):
            return _log1p_neg_fdlibm(u)
    return np.array([math.log1p(-v) for v in u.ravel().tolist()], _F64).reshape(u.shape)


def cos(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The C library's `cos` of doubles (into `out` if given)."""
    if _verified("cos"):
        return np.cos(x, out=out)
    v = np.array([math.cos(v) for v in np.ravel(x).tolist()], _F64).reshape(np.shape(x))
    if out is None:
        return v
    out[...] = v
    return out


def sin(x: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """The C library's `sin` of doubles (into `out` if given)."""
    if _verified("sin"):
        return np.sin(x, out=out)
    v = np.array([math.sin(v) for v in np.ravel(x).tolist()], _F64).reshape(np.shape(x))
    if out is None:
        return v
    out[...] = v
    return out
