"""The AVX2 Box-Muller of `torch.randn` for float32 tensors of 16 or more elements, bit for bit.

ATen's `NormalFill16<float>` in its AVX2 kernel (which PyTorch runs on AVX-512 machines
too: `normal_` is not dispatched to AVX-512) takes the log and the sine and cosine from
`avx_mathfun.h` (cephes polynomials on 8 floats at once). This module performs the same
operations as GCC compiled them, including each fused multiply-add it formed (read from
libtorch's machine code), on numpy arrays: the fused ones in double (the product of two
floats is exact there) rounded once to float.
"""

from __future__ import annotations

import numpy as np

_F32, _F64 = np.float32, np.float64
_U64 = np.uint64


def _f(bits: int) -> np.float32:
    return np.uint32(bits).view(_F32)


# avx_mathfun.h's constants (cephes), as stored in libtorch
_LOG_P = [_f(b) for b in (0x3D9021BB, 0xBDEBD1B8, 0x3DEF251A, 0xBDFE5D4F, 0x3E11E9BF,
                          0xBE2AAE50, 0x3E4CCEAC, 0xBE7FFFFC, 0x3EAAAAAA)]  # fmt: skip
_LOG_Q1, _LOG_Q2 = _f(0xB95E8083), _f(0x3F318000)
_SQRTHF = _f(0x3F3504F3)
_TWO_PI = _f(0x40C90FDB)  # float(2 pi)
_FOPI = _f(0x3FA2F983)  # 4 / pi
_DP = (_f(0xBF490000), _f(0xB97DA000), _f(0xB3222169))  # -pi/4 in three parts
_COS_P = (_f(0x37CCF5CE), _f(0xBAB6061A), _f(0x3D2AAAA5))
_SIN_P = (_f(0xB94CA1F9), _f(0x3C08839E), _f(0xBE2AAAA3))
_ONE, _HALF, _ZERO = _F32(1.0), _F32(0.5), _F32(0.0)

_CHUNK = 1024  # rows of 16 per pass: 8192 lanes, arrays of 64 kB (in cache, no mmap)
_MID_MASK, _MID = _U64(0x1FFFFFFF), _U64(0x10000000)  # a double on a float tie
_I32 = np.int32


class _Lanes:
    """Float arithmetic with fused multiply-adds on `n` lanes, in preallocated buffers.

    A fused multiply-add runs in double (the product of two floats is exact there) and
    rounds once to float. Where the double sum lands exactly on a float tie it may have
    been rounded itself, and the second rounding could then go the wrong way: those few
    lanes are checked with an exact two-sum and nudged off the tie. `exact=True` marks
    fmas whose double sum is provably exact (no check). `get(name, dtype)` hands out a
    named work array, the same one on every pass (numpy allocating fresh ones of this
    size costs more than the arithmetic).
    """

    def __init__(self, n: int):
        self.n = n
        self.s = np.empty(n, _F64)
        self.bits = self.s.view(_U64)
        self.tmp = np.empty(n, _U64)
        self.hit = np.empty(n, bool)
        self._arrays: dict = {}

    def get(self, name: str, dtype) -> np.ndarray:
        arr = self._arrays.get(name)
        if arr is None:
            arr = self._arrays[name] = np.empty(self.n, dtype)
        return arr

    def fma(self, a, b, c, out, exact=False):
        """out = float(a * b + c): a a double array, b and c double arrays or numbers (mixed
        float and double operands would make numpy cast inside the loop, which is slow)."""
        s = self.s
        np.multiply(a, b, out=s)
        if exact:
            return np.add(s, c, out=out, casting="same_kind")
        s += c
        np.bitwise_and(self.bits, _MID_MASK, out=self.tmp)
        np.equal(self.tmp, _MID, out=self.hit)
        if self.hit.any():
            self._settle_ties(a, b, c)
        np.copyto(out, s, casting="same_kind")
        return out

    def _settle_ties(self, a, b, c) -> None:
        idx = np.flatnonzero(self.hit)
        pick = lambda v: np.asarray(v)[idx].astype(_F64) if np.ndim(v) else np.float64(v)  # noqa: E731
        p, cm, sm = pick(a) * pick(b), pick(c), self.s[idx]
        bb = sm - p
        err = (p - (sm - bb)) + (cm - bb)  # what the double sum lost (two-sum)
        self.s[idx] = np.where(err == 0, sm, np.nextafter(sm, np.copysign(np.inf, err)))


def _log256(bits: np.ndarray, L: _Lanes) -> np.ndarray:
    """avx_mathfun's log256_ps as compiled, of the floats u1 (given as their bits) with
    2^-24 <= u1 <= 1: its max with the smallest normal and its NaN for u1 <= 0 never act.

    The reduction is integer arithmetic on the bits: with m the 23 mantissa bits, the
    kernel's x in [0.5, 1) is (2^23 + m) 2^-24, and it goes on with 2x - 1 = 2m 2^-24 if
    x < sqrt(1/2) (and one less in the exponent), else with x - 1 = (m - 2^23) 2^-24.
    """
    m = np.bitwise_and(bits, 0x7FFFFF, out=L.get("m", _I32))
    low = np.subtract(m, 0x3504F3, out=L.get("low", _I32))  # x < sqrt(1/2): m < 0x3504F3
    np.right_shift(low, 31, out=low)  # -1 where it is, else 0
    e_int = np.right_shift(bits, 23, out=L.get("e_int", _I32))
    e_int -= 126  # the exponent, plus one
    e_int += low
    v = np.add(m, 1 << 23, out=L.get("v", _I32))
    v &= low
    m -= 1 << 23
    v += m  # 2m or m - 2^23: x times 2^24
    x64 = np.multiply(v, 2.0**-24, out=L.get("x64", _F64))
    x = L.get("x", _F32)
    np.copyto(x, x64, casting="same_kind")
    z = np.multiply(x, x, out=L.get("z", _F32))
    # The Horner steps are exact in double: x is a multiple of 2^-24 below 0.42, every
    # partial value stays above 0.049 in magnitude and the coefficients have at most 24
    # bits from 2^-2 down, so each exact sum spans at most 52 bits.
    y, y64 = L.get("y", _F32), L.get("y64", _F64)
    L.fma(x64, float(_LOG_P[0]), float(_LOG_P[1]), y, exact=True)
    for p in _LOG_P[2:]:
        np.copyto(y64, y)
        L.fma(y64, x64, float(p), y, exact=True)
    y *= x
    e = L.get("e", _F32)
    np.copyto(e, e_int, casting="same_kind")
    t7 = np.multiply(e, _LOG_Q1, out=L.get("t7", _F32))
    np.copyto(y64, y)
    z64 = L.get("z64", _F64)
    np.copyto(z64, z)
    L.fma(y64, z64, t7.astype(_F64), y)
    # A fused multiply-add whose product is exact in float is a float addition: so for
    # y - z * 0.5 and for x + e * q2 (e has 5 bits, q2 9).
    z *= _HALF
    y -= z
    x += y
    e *= _LOG_Q2
    x += e
    return x


def _flip_sign(values: np.ndarray, flags: np.ndarray) -> None:
    """Flip the sign of values (float32) where flags (int32) is 4: the kernel's xor."""
    np.left_shift(flags, 29, out=flags)
    v = values.view(_I32)
    v ^= flags


def _sincos256(theta: np.ndarray, L: _Lanes) -> tuple[np.ndarray, np.ndarray]:
    """avx_mathfun's sincos256_ps as compiled, for theta >= 0."""
    j = L.get("j", _I32)
    t32 = np.multiply(theta, _FOPI, out=L.get("t32", _F32))
    np.copyto(j, t32, casting="unsafe")  # truncation, as cvttps2dq
    j += 1
    j &= ~1
    y = L.get("jf", _F32)
    np.copyto(y, j, casting="same_kind")
    # The reduction x = ((theta + y dp1) + y dp2) + y dp3, fused: y (at most 8) times dp1
    # or dp2 is exact in float (they have 8 and 11 bits), so those are float additions;
    # y dp3 is exact in double, and so is its sum with x.
    x, x64 = L.get("sx", _F32), L.get("sx64", _F64)
    t32 = np.multiply(y, _DP[0], out=t32)
    np.add(theta, t32, out=x)
    np.multiply(y, _DP[1], out=t32)
    x += t32
    np.copyto(x64, x)
    y64 = L.get("j64", _F64)
    np.copyto(y64, y)
    L.fma(y64, float(_DP[2]), x64, x, exact=True)
    np.copyto(x64, x)
    z = np.multiply(x, x, out=L.get("sz", _F32))
    z64 = L.get("sz64", _F64)
    np.copyto(z64, z)
    t64 = L.get("t64", _F64)
    yc, ys = L.get("yc", _F32), L.get("ys", _F32)
    L.fma(z64, float(_COS_P[0]), float(_COS_P[1]), yc)
    np.copyto(t64, yc)
    L.fma(t64, z64, float(_COS_P[2]), yc)
    yc *= z
    np.copyto(t64, yc)
    half = np.multiply(z64, -0.5, out=L.get("half", _F64))
    L.fma(t64, z64, half, yc)  # y z - z / 2, fused (z / 2 is exact)
    yc += _ONE
    L.fma(z64, float(_SIN_P[0]), float(_SIN_P[1]), ys)
    np.copyto(t64, ys)
    L.fma(t64, z64, float(_SIN_P[2]), ys)
    ys *= z
    np.copyto(t64, ys)
    L.fma(t64, x64, x64, ys)
    # the kernel's blend, on the bits: sin from ys where j & 2 == 0, else from yc
    pick = np.bitwise_and(j, 2, out=L.get("pick", _I32))
    pick >>= 1
    pick -= 1  # all ones where j & 2 == 0
    d = np.bitwise_xor(yc.view(_I32), ys.view(_I32), out=L.get("d", _I32))
    d &= pick
    s = np.bitwise_xor(yc.view(_I32), d, out=L.get("s", _I32)).view(_F32)
    c = np.bitwise_xor(ys.view(_I32), d, out=L.get("c", _I32)).view(_F32)
    sign = np.bitwise_and(j, 4, out=pick)
    _flip_sign(s, sign)
    sign = np.subtract(1, j, out=pick)  # ~(j - 2) = 1 - j
    sign &= 4
    _flip_sign(c, sign)
    return s, c


def _fill16(u: np.ndarray, mean, std, L: _Lanes) -> None:
    """The normals of the rows of 16 uniforms u, written over them."""
    rows = len(u)
    halves = u.reshape(rows, 2, 8)
    u1 = L.get("u1", _F32).reshape(rows, 8)
    np.subtract(_ONE, halves[:, 0], out=u1)
    theta = L.get("theta", _F32).reshape(rows, 8)
    np.multiply(_TWO_PI, halves[:, 1], out=theta)
    radius = _log256(u1.reshape(-1).view(_I32), L)
    radius *= _F32(-2.0)
    np.sqrt(radius, out=radius)
    s, c = _sincos256(theta.reshape(-1), L)
    c *= radius
    s *= radius
    for half, v in ((0, c), (1, s)):
        if std == 1 and mean == 0:
            v += _ZERO  # fma(x, 1, 0): -0.0 becomes +0.0
        else:
            v64 = L.get("v64", _F64)
            np.copyto(v64, v)
            L.fma(v64, float(std), float(mean), v)
        halves[:, half] = v.reshape(rows, 8)


def normal_fill_f32(u: np.ndarray, mean: float, std: float) -> np.ndarray:
    """Box-Muller on rows of 16 float32 uniforms in [0, 1), in place: columns 0-7 give u1,
    8-15 u2, and each row becomes its 16 normals (`NormalFill16<float>` of ATen's AVX2
    kernel). Returns u."""
    mean32, std32 = _F32(mean), _F32(std)
    lanes = None
    for start in range(0, len(u), _CHUNK):
        block = u[start : start + _CHUNK]
        if lanes is None or lanes.n != 8 * len(block):
            lanes = _Lanes(8 * len(block))
        _fill16(block, mean32, std32, lanes)
    return u
