"""The ops of the differential program fuzz (tests/test_fuzz_programs.py): every public op.

One `Entry` per public operation (a Tensor method or operator, an autograd function, an
nn.functional function): how to call it on graphgrad Tensors, its float64 numpy
reference, the parameters it draws, which operands it takes, and where it has kinks
(points where it is not differentiable, or its derivative is not: finite differences
are skipped there). `EXCLUDED` lists the public names that are not fuzzed, each with
its reason; tests/test_fuzz_programs.py checks that every public name and every
registered primitive is in one or the other.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st

import autograd
import nn.functional as F

INF = math.inf


def _never(*arrays, **params) -> float:
    return INF


def _any(*arrays) -> bool:
    return True


def _no_params(draw, arrays) -> dict:
    return {}


class Entry:
    """One public op: `call(*tensors, **params)`, `ref(*arrays, **params)` (float64 numpy).

    api: the public names it covers ("F.relu, Tensor.relu"); params(draw, arrays): its
    parameters; fits(*arrays): the operands it takes; kink(*arrays, **params): how far an
    operand is from a kink; example: operand shapes for the coverage test; cuts: it
    cuts the graph (detach), so finite differences of the program do not apply;
    undefined(*arrays): True if its derivative is not a real number there (a**b in b for
    a < 0), where NaN is the answer.
    """

    def __init__(
        self,
        api: str,
        call: Callable,
        ref: Callable,
        arity: int = 1,
        params: Callable = _no_params,
        fits: Callable = _any,
        kink: Callable = _never,
        example: tuple = ((2, 3),),
        cuts: bool = False,
        undefined: Callable | None = None,
    ):
        self.api, self.call, self.ref, self.arity = api, call, ref, arity
        self.params, self.fits, self.kink, self.example = params, fits, kink, example
        self.cuts = cuts  # cuts the graph (detach): finite differences do not apply
        self.undefined = undefined  # (*arrays) -> True where the derivative is not real
        self.names = [n.strip() for n in api.split(",")]

    def __repr__(self) -> str:
        return self.names[0]


def _dist(*values) -> float:
    """The smallest |value| (distances to a kink), INF for no values."""
    m = INF
    for v in values:
        v = np.abs(np.asarray(v, dtype=np.float64))
        if v.size:
            m = min(m, float(np.nanmin(v)) if not np.isnan(v).all() else INF)
    return m


def _sigmoid(a):
    e = np.exp(-np.abs(a))
    return np.where(a >= 0, 1 / (1 + e), e / (1 + e))


_erf = np.vectorize(math.erf, otypes=[np.float64])


def _axis(draw, a, none=True, tuples=True):
    """A valid axis (dim) of a, None, or a tuple of axes."""
    n = a.ndim
    options = [st.integers(-max(n, 1), max(n, 1) - 1)]
    if none:
        options.append(st.none())
    if tuples and n >= 2:
        options.append(st.sets(st.integers(0, n - 1), min_size=1, max_size=n).map(tuple))
    return draw(st.one_of(*options))


def _red(method: str, ref, empty_ok=True):
    """A reduction method with axis and keepdims."""

    def params(draw, arrays):
        return {"axis": _axis(draw, arrays[0]), "keepdims": draw(st.booleans())}

    return dict(
        call=lambda x, axis, keepdims: getattr(x, method)(axis=axis, keepdims=keepdims),
        ref=lambda a, axis, keepdims: ref(a, axis=axis, keepdims=keepdims),
        params=params,
    )


def _gap(a, axis) -> float:
    """How far the largest value along axis is from the next one (0 at ties)."""
    if not a.size:
        return INF
    s = np.sort(a.reshape(-1) if axis is None else np.moveaxis(a, axis, -1), axis=-1)
    if s.shape[-1] < 2:
        return INF
    return _dist(s[..., -1] - s[..., -2], s[..., 1] - s[..., 0])


def _max_kink(a, axis, keepdims):
    if not a.ndim:
        return INF
    axes = (axis,) if isinstance(axis, int) or axis is None else axis
    if axis is None or len(axes) != 1:
        return _gap(a, None) if axis is None else _gap(a.reshape(-1), None)
    return _gap(a, axes[0])


def _unbiased(fn, a, axis, keepdims):
    """var/std as PyTorch's (correction 1): nan where there is one element or none."""
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return fn(a, axis=axis, keepdims=keepdims, ddof=1)


def _row_std(a):  # (quiet on overflowing or infinite rows: a predicate, not a reference)
    with np.errstate(all="ignore"):
        return np.std(a, axis=1)


def _var_kink(a, axis, keepdims):  # std is sqrt(var): not differentiable where var is 0
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpy's "Degrees of freedom <= 0" of an empty slice
        return _dist(np.var(a, axis=axis) * 10)


def _logsumexp(a, axis, keepdims):
    with np.errstate(all="ignore"):
        m = np.max(a, axis=axis, keepdims=True, initial=-INF)
        m = np.where(np.isfinite(m), m, 0)
        out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def _softmax(a, axis):
    if not a.size:
        return a.copy()
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _log_softmax(a, axis):
    if not a.size:
        return a.copy()
    s = a - a.max(axis=axis, keepdims=True)
    return s - np.log(np.exp(s).sum(axis=axis, keepdims=True))


def _dim(draw, arrays):
    return {"dim": _axis(draw, arrays[0], none=False, tuples=False)}


_EXPONENTS = [0, 1, 2, 3, -1, -2, 0.5, 1.5, 2.5, -0.5, 0.0, 1.0]
_SCALARS = [0.0, 1.0, -1.0, 0.5, 2.0, -3.0, 1e-300, 1e300, INF, -INF]


def _pow_kink(a, p):
    if float(p) == int(p) and p >= 0:
        return INF
    return _dist(a)  # a pole at 0, or no real value below it


def _clip_params(draw, arrays):
    a = arrays[0]
    pick = st.one_of(st.sampled_from([-1.0, 0.0, 0.5, 1.0]), st.floats(-3, 3))
    if a.size:  # a bound equal to a value: a tie
        pick = st.one_of(pick, st.sampled_from([float(v) for v in a.reshape(-1)[:4]]))
    lo, hi = draw(st.one_of(st.none(), pick)), draw(st.one_of(st.none(), pick))
    if lo is None and hi is None:
        lo = 0.0
    return {"lo": lo, "hi": hi}


def _clip_kink(a, lo, hi):
    return _dist(*[a - b for b in (lo, hi) if b is not None])


def _perm(draw, arrays):
    return {"perm": tuple(draw(st.permutations(range(arrays[0].ndim))))}


def _broadcastable(*arrays) -> bool:
    try:
        np.broadcast_shapes(*[a.shape for a in arrays])
        return True
    except ValueError:
        return False


def _matmul_fits(a, b) -> bool:
    return a.ndim >= 1 and b.ndim >= 1 and a.shape[-1] == b.shape[-2 if b.ndim >= 2 else 0]


def _cond(draw, arrays):
    shape = np.broadcast_shapes(arrays[0].shape, arrays[1].shape)
    bits = np.array(draw(st.lists(st.booleans(), min_size=1, max_size=5)))
    return {"cond": np.resize(bits, shape)}


def _same_shape(a, b) -> bool:
    return a.shape == b.shape


def _index(draw, arrays):
    a = arrays[0]
    n = a.shape[0]
    kind = draw(st.sampled_from(["int", "slice", "array", "mask", "newaxis"]))
    if kind == "int" and n:
        return {"idx": draw(st.integers(-n, n - 1))}
    if kind == "array" and n:  # repeats: the gradient adds up
        return {"idx": np.array(draw(st.lists(st.integers(-n, n - 1), max_size=4)), np.int64)}
    if kind == "mask":
        return {"idx": np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), bool)}
    if kind == "newaxis":
        return {"idx": (None, Ellipsis)}
    return {"idx": slice(draw(st.integers(-3, 3)), None, draw(st.sampled_from([1, 2, -1])))}


def _reshape(draw, arrays):
    a = arrays[0]
    options = [(-1,), (a.size, 1), (1, a.size), (1,) * a.ndim + (-1,)]
    if a.size == 1:
        options.append(())
    return {"shape": draw(st.sampled_from(options))}


def _classes(draw, arrays):
    x = arrays[0]
    c = x.shape[1] if x.ndim == 2 else x.shape[0]
    shape = (x.shape[0],) if x.ndim == 2 else ()
    n = int(np.prod(shape))
    t = np.array(draw(st.lists(st.integers(0, c - 1), min_size=n, max_size=n)), np.int64)
    t = t.reshape(shape)
    return {"target": t, "reduction": draw(st.sampled_from(["mean", "sum", "none"]))}


def _logits(x) -> bool:
    return x.ndim in (1, 2) and x.shape[-1] >= 1 and (x.ndim == 1 or x.shape[0] >= 1)


def _ce_ref(x, target, reduction):
    logp = _log_softmax(x, -1)
    loss = -np.take_along_axis(logp.reshape(-1, logp.shape[-1]), target.reshape(-1, 1), 1)
    loss = loss.reshape(target.shape)
    return {"mean": np.mean, "sum": np.sum, "none": lambda v: v}[reduction](loss)


def _nll_ref(x, target, reduction):
    loss = -np.take_along_axis(x.reshape(-1, x.shape[-1]), target.reshape(-1, 1), 1)
    loss = loss.reshape(target.shape)
    return {"mean": np.mean, "sum": np.sum, "none": lambda v: v}[reduction](loss)


def _margin_ref(x, target, reduction):
    x2 = x.reshape(-1, x.shape[-1])
    t = target.reshape(-1)
    rows = np.arange(x2.shape[0])
    z = 1.0 - x2[rows, t][:, None] + x2
    z[rows, t] = 0
    loss = (np.where(z > 0, z, 0).sum(axis=1) / x2.shape[1]).reshape(target.shape)
    return {"mean": np.mean, "sum": np.sum, "none": lambda v: v}[reduction](loss)


def _margin_kink(x, target, reduction):
    x2 = x.reshape(-1, x.shape[-1])
    t = target.reshape(-1)
    rows = np.arange(x2.shape[0])
    z = 1.0 - x2[rows, t][:, None] + x2
    z[rows, t] = 1.0
    return _dist(z)


_REDUCE = {"mean": np.mean, "sum": np.sum, "none": lambda v: v}


def _reduction(draw, arrays):
    return {"reduction": draw(st.sampled_from(["mean", "sum", "none"]))}


def _standardized_ref(a, axes, eps=1e-5):
    m = a.mean(axis=axes, keepdims=True)
    v = ((a - m) ** 2).mean(axis=axes, keepdims=True)
    return (a - m) / np.sqrt(v + eps)


def _as_row(a):
    return a.reshape(1, 1, 1, -1)


def _conv_ref(x, w):
    x, k = x.reshape(-1), w.reshape(-1)
    n = x.size - k.size + 1
    return np.array([x[i : i + k.size] @ k for i in range(n)]).reshape(1, 1, 1, n)


def _pool_ref(x, reduce):
    x = x.reshape(-1)
    n = x.size // 2
    return reduce(x[: 2 * n].reshape(n, 2), axis=1).reshape(1, 1, 1, n)


def _pool_kink(x):
    x = x.reshape(-1)
    n = x.size // 2
    return _dist(x[: 2 * n : 2] - x[1 : 2 * n : 2])


def _windows(n: int, out: int) -> list[slice]:
    """PyTorch's adaptive pooling windows of n positions into out: floor to ceil."""
    return [slice(i * n // out, -(-(i + 1) * n // out)) for i in range(out)]


def _adaptive_ref(x, rows: int, size: int, reduce):
    """Adaptive pooling of x as a (rows, -1) image to (rows, size) (1 row: the 1-d pools)."""
    x = x.reshape(rows, -1)
    return np.array(
        [[reduce(x[r, w]) for w in _windows(x.shape[1], size)] for r in range(rows)]
    )  # fmt: skip


def _adaptive_kink(x, rows: int, size: int):
    x = x.reshape(rows, -1)
    return min(
        (_gap(x[r, w], None) for r in range(rows) for w in _windows(x.shape[1], size)),
        default=INF,
    )


def _adaptive_params(draw, arrays) -> dict:
    a = arrays[0]
    rows = 2 if a.size % 2 == 0 and draw(st.booleans()) else 1
    n = a.size // rows  # sizes from 2 first (size 1 is the mean or max over everything)
    return {"rows": rows, "size": draw(st.sampled_from(sorted(range(1, n + 1), key=(2).__ne__)))}


def _sdpa_ref(q, k, v):
    return _softmax(q @ k.T / math.sqrt(q.shape[-1]), -1) @ v


def _sdpa_fits(q, k, v=None) -> bool:
    return q.ndim == 2 and k.ndim == 2 and q.shape[1] == k.shape[1] and q.shape[1] >= 1


def _sqnl_ref(a):
    return np.where(np.abs(a) <= 2, a - a * np.abs(a) / 4, np.sign(a))


def _bipolar_ref(a):
    even = (np.arange(a.shape[-1]) % 2 == 0) if a.ndim else np.array(True)
    keep = np.where(even, a > 0, a < 0)
    return np.where(keep, a, 0.0)


def _huber_ref(a, b, reduction, delta=1.0):
    d = np.abs(a - b)
    loss = np.where(d < delta, 0.5 * d * d, delta * (d - 0.5 * delta))
    return _REDUCE[reduction](loss)


def _bce_ref(p, y, reduction):
    with np.errstate(divide="ignore"):
        loss = -(y * np.maximum(np.log(p), -100) + (1 - y) * np.maximum(np.log1p(-p), -100))
    return _REDUCE[reduction](loss)


def _saturated(a, b=None, **params):
    """Within 1e-12 of 0 or 1 (sigmoid beyond +-27), d/dp is PyTorch's guarded formula."""
    return _dist(np.maximum(27 - np.abs(a), 0))


def _elementwise(api, call, ref, kink=_never):
    return Entry(api, call, ref, kink=kink)


def _binary(api, call, ref, kink=_never, fits=_broadcastable, example=((2, 3), (3,))):
    return Entry(api, call, ref, arity=2, fits=fits, kink=kink, example=example)


def _scalar_param(draw, arrays):
    return {"c": draw(st.sampled_from(_SCALARS))}


def _scalar(api, call, ref, kink=_never):
    return Entry(api, call, ref, params=_scalar_param, kink=kink)


# ---------------------------------------------------------- issue 13's methods
def _int_kink(a):  # floor, ceil, trunc, frac jump at the integers
    with np.errstate(all="ignore"):
        return _dist(a - np.round(a))


def _mod_kink(a, b):  # remainder and floor division jump where a / b is an integer
    with np.errstate(all="ignore"):
        q = np.true_divide(a, b)
        return _dist(b, (q - np.round(q)) * b)


def _half_kink(a):  # round jumps halfway between integers
    with np.errstate(all="ignore"):
        return _dist(a - np.floor(a) - 0.5)


def _sorted_kink(a, dim) -> float:
    """How far sort (or topk) along dim is from a tie (where the order swaps)."""
    if a.ndim == 0 or a.shape[dim] < 2:
        return INF
    return _dist(np.diff(np.sort(a, axis=dim), axis=dim))


def _a_dim(draw, arrays) -> dict:
    return {"dim": draw(st.integers(-arrays[0].ndim, arrays[0].ndim - 1))}


def _narrow(draw, arrays) -> dict:
    a = arrays[0]
    d = draw(st.integers(0, a.ndim - 1))
    start = draw(st.integers(0, a.shape[d]))
    return {"dim": d, "start": start, "length": draw(st.integers(0, a.shape[d] - start))}


def _select(draw, arrays) -> dict:
    a = arrays[0]
    d = draw(st.sampled_from([i for i in range(a.ndim) if a.shape[i]]))
    return {"dim": d, "index": draw(st.integers(-a.shape[d], a.shape[d] - 1))}


def _gather(draw, arrays) -> dict:
    a = arrays[0]
    d = draw(st.sampled_from([i for i in range(a.ndim) if a.shape[i]]))
    n = a.shape[d]
    flat = draw(st.lists(st.integers(0, n - 1), min_size=a.size, max_size=a.size))
    return {"dim": d, "index": np.array(flat, np.int64).reshape(a.shape)}


def _index_select(draw, arrays) -> dict:
    a = arrays[0]
    d = draw(st.sampled_from([i for i in range(a.ndim) if a.shape[i]]))
    idx = draw(st.lists(st.integers(0, a.shape[d] - 1), max_size=4))  # repeats add up
    return {"dim": d, "index": np.array(idx, np.int64)}


def _mask(draw, arrays) -> dict:
    a = arrays[0]
    bits = draw(st.lists(st.booleans(), min_size=a.size, max_size=a.size))
    return {"mask": np.array(bits, bool).reshape(a.shape)}


def _sizes(draw, arrays) -> dict:
    n = arrays[0].ndim
    extra = draw(st.integers(0 if n else 1, 1))  # (repeat needs a size per dim, at least one)
    return {
        "sizes": tuple(draw(st.lists(st.integers(1, 2), min_size=n + extra, max_size=n + extra)))
    }


def _norm_params(draw, arrays) -> dict:
    a = arrays[0]
    dim = draw(st.one_of(st.none(), st.integers(-a.ndim, a.ndim - 1))) if a.ndim else None
    # (the inf norm of nothing is an error, as PyTorch's: max has no identity)
    ps = [2, 1, 3, INF] if a.size else [2, 1, 3]
    return {"p": draw(st.sampled_from(ps)), "dim": dim}


def _norm_ref(a, p, dim):
    v = np.abs(a)
    if p == INF:
        return np.max(v, axis=dim, initial=0.0)
    return np.sum(v**p, axis=dim) ** (1 / p)


def _norm_kink(a, p, dim):
    return min(_dist(a), _gap(np.abs(a), dim) if p == INF else INF)


def _pieces(x, pieces, dim):
    """Pieces put back together, each scaled by its position (so a wrong cut shows)."""
    return autograd.concatenate([p * (i + 1) for i, p in enumerate(pieces)], dim)


def _chunk_sizes(n: int, size: int) -> list:
    """The lengths of split(size) along a dim of length n (one empty piece when n == 0)."""
    return [min(size, n - i) for i in range(0, n, size)] or [0]


def _pieces_ref(a, sizes, dim):
    scale = np.concatenate([np.full(s, i + 1.0) for i, s in enumerate(sizes)])
    shape = [1] * a.ndim
    shape[dim] = -1
    return a * scale.reshape(shape)


_ISSUE13 = [
    _elementwise("Tensor.expm1", lambda x: x.expm1(), np.expm1),
    _elementwise("Tensor.log1p", lambda x: x.log1p(), np.log1p, kink=lambda a: _dist(a + 1)),
    _elementwise("Tensor.log2", lambda x: x.log2(), np.log2, kink=lambda a: _dist(a)),
    _elementwise("Tensor.log10", lambda x: x.log10(), np.log10, kink=lambda a: _dist(a)),
    _elementwise(
        "Tensor.rsqrt", lambda x: x.rsqrt(), lambda a: 1 / np.sqrt(a), kink=lambda a: _dist(a)
    ),
    _elementwise("Tensor.square", lambda x: x.square(), np.square),
    _elementwise(
        "Tensor.reciprocal", lambda x: x.reciprocal(), lambda a: 1 / a, kink=lambda a: _dist(a)
    ),
    _elementwise("Tensor.exp2", lambda x: x.exp2(), np.exp2),
    _elementwise("Tensor.neg, Tensor.negative", lambda x: x.neg() + x.negative(), lambda a: -2 * a),
    _elementwise("Tensor.absolute", lambda x: x.absolute(), np.abs, kink=lambda a: _dist(a)),
    _elementwise("Tensor.sgn", lambda x: x.sgn() + x, lambda a: np.sign(a) + a),
    _elementwise(
        "Tensor.floor", lambda x: x.floor() + x, lambda a: np.floor(a) + a, kink=_int_kink
    ),
    _elementwise("Tensor.ceil", lambda x: x.ceil() + x, lambda a: np.ceil(a) + a, kink=_int_kink),
    _elementwise(
        "Tensor.trunc, Tensor.fix",
        lambda x: x.trunc() + x.fix(),
        lambda a: 2 * np.trunc(a),
        kink=_int_kink,
    ),
    _elementwise(
        "Tensor.round", lambda x: x.round() + x, lambda a: np.round(a) + a, kink=_half_kink
    ),
    _elementwise("Tensor.frac", lambda x: x.frac(), lambda a: a - np.trunc(a), kink=_int_kink),
    _elementwise("Tensor.contiguous", lambda x: x.contiguous() * x, lambda a: a * a),
    Entry(
        "Tensor.clamp",
        lambda x, lo, hi: x.clamp(lo, hi),
        lambda a, lo, hi: np.clip(a, lo, hi),
        params=_clip_params,
        kink=_clip_kink,
    ),
    _scalar(
        "Tensor.clamp_min",
        lambda x, c: x.clamp_min(c),
        lambda a, c: np.maximum(a, c),
        kink=lambda a, c: _dist(a - c),
    ),
    _scalar(
        "Tensor.clamp_max",
        lambda x, c: x.clamp_max(c),
        lambda a, c: np.minimum(a, c),
        kink=lambda a, c: _dist(a - c),
    ),
    _binary("Tensor.add", lambda x, y: x.add(y, alpha=-2.5), lambda a, b: a - 2.5 * b),
    _binary(
        "Tensor.sub, Tensor.subtract",
        lambda x, y: x.sub(y) + x.subtract(y, alpha=2),
        lambda a, b: 2 * a - 3 * b,
    ),
    _binary(
        "Tensor.mul, Tensor.multiply", lambda x, y: x.mul(y) + x.multiply(y), lambda a, b: 2 * a * b
    ),
    _binary(
        "Tensor.div, Tensor.divide, Tensor.true_divide",
        lambda x, y: x.div(y) + x.divide(y) + x.true_divide(y),
        lambda a, b: 3 * (a / b),
        kink=lambda a, b: _dist(b),
    ),
    _binary(
        "Tensor.remainder, operator.mod",
        lambda x, y: x.remainder(y) + x % y,
        lambda a, b: 2 * np.remainder(a, b),
        kink=lambda a, b: _mod_kink(a, b),
    ),
    _binary(
        "Tensor.floor_divide, operator.floordiv",
        lambda x, y: x.floor_divide(y) + x // y + x,
        lambda a, b: 2 * np.floor_divide(a, b) + a,
        kink=lambda a, b: _mod_kink(a, b),
    ),
    _binary(
        "Tensor.fmax",
        lambda x, y: x.fmax(y),
        np.fmax,
        kink=lambda a, b: _dist(a - b),
    ),
    _binary(
        "Tensor.fmin",
        lambda x, y: autograd.fmin(x, y),
        np.fmin,
        kink=lambda a, b: _dist(a - b),
    ),
    _binary("Tensor.lerp", lambda x, y: x.lerp(y, 0.3), lambda a, b: a + 0.3 * (b - a)),
    _binary(
        "Tensor.addcmul, Tensor.addcdiv",
        lambda x, y: x.addcmul(y, y, value=2).addcdiv(x, y, value=-0.5),
        lambda a, b: (a + 2 * b * b) - 0.5 * a / b,
        kink=lambda a, b: _dist(b),
    ),
    Entry(
        "Tensor.where",
        lambda x, y, cond: x.where(cond, y),
        lambda a, b, cond: np.where(cond, a, b),
        arity=2,
        fits=_broadcastable,
        params=_cond,
        example=((2, 3), (3,)),
    ),
    Entry(
        "Tensor.masked_fill",
        lambda x, mask: x.masked_fill(mask, -1.5),
        lambda a, mask: np.where(mask, -1.5, a),
        params=_mask,
    ),
    Entry(
        "Tensor.masked_select",
        lambda x, mask: x.masked_select(mask),
        lambda a, mask: a[mask],
        params=_mask,
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.matmul, Tensor.mm",
        lambda x, y: x.matmul(y) + x.mm(y),
        lambda a, b: 2 * (a @ b),
        arity=2,
        fits=lambda a, b: a.ndim == 2 and b.ndim == 2 and a.shape[1] == b.shape[0],
        example=((2, 3), (3, 2)),
    ),
    Entry(
        "Tensor.bmm",
        lambda x, y: x.reshape(1, *x.shape).bmm(y.reshape(1, *y.shape)),
        lambda a, b: (a @ b)[None],
        arity=2,
        fits=lambda a, b: a.ndim == 2 and b.ndim == 2 and a.shape[1] == b.shape[0],
        example=((2, 3), (3, 2)),
    ),
    Entry(
        "Tensor.mv",
        lambda x, y: x.mv(y),
        lambda a, b: a @ b,
        arity=2,
        fits=lambda a, b: a.ndim == 2 and b.ndim == 1 and a.shape[1] == b.shape[0],
        example=((2, 3), (3,)),
    ),
    Entry(
        "Tensor.dot",
        lambda x, y: x.dot(y),
        lambda a, b: np.dot(a, b),
        arity=2,
        fits=lambda a, b: a.ndim == 1 and a.shape == b.shape,
        example=((3,), (3,)),
    ),
    Entry(
        "Tensor.outer, Tensor.ger",
        lambda x, y: x.outer(y) + x.ger(y),
        lambda a, b: 2 * np.outer(a, b),
        arity=2,
        fits=lambda a, b: a.ndim == 1 and b.ndim == 1,
        example=((3,), (2,)),
    ),
    # reductions
    Entry("Tensor.amax", **_red("amax", np.max), kink=_max_kink),
    Entry("Tensor.amin", **_red("amin", np.min), kink=_max_kink),
    Entry("Tensor.nansum", **_red("nansum", np.nansum)),
    Entry("Tensor.prod", **_red("prod", np.prod)),
    Entry(
        "Tensor.cumsum",
        lambda x, dim: x.cumsum(dim),
        lambda a, dim: np.cumsum(a, axis=dim),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.cumprod",
        lambda x, dim: x.cumprod(dim),
        lambda a, dim: np.cumprod(a, axis=dim),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.norm",
        lambda x, p, dim: x.norm(p, dim=dim),
        _norm_ref,
        params=_norm_params,
        kink=_norm_kink,
    ),
    Entry(
        "Tensor.var_mean",
        lambda x: sum(x.var_mean()),
        lambda a: np.var(a, ddof=1) + np.mean(a),
        fits=lambda a: a.size >= 2,
    ),
    Entry(
        "Tensor.std_mean",
        lambda x: sum(x.std_mean()),
        lambda a: np.std(a, ddof=1) + np.mean(a),
        fits=lambda a: a.size >= 2,
        kink=lambda a: _dist(np.var(a) * 10),
    ),
    Entry(
        "Tensor.sort",
        lambda x, dim: x.sort(dim, descending=True).values,
        lambda a, dim: np.flip(np.sort(a, axis=dim), dim),  # NaN largest, as PyTorch
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
        kink=_sorted_kink,
    ),
    Entry(
        "Tensor.topk",
        lambda x, dim: x.topk(min(2, x.shape[dim]), dim).values,
        lambda a, dim: np.take(
            np.flip(np.sort(a, axis=dim), dim), range(min(2, a.shape[dim])), axis=dim
        ),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
        kink=_sorted_kink,
    ),
    # shapes
    Entry(
        "Tensor.flip",
        lambda x, dim: x.flip(dim),
        lambda a, dim: np.flip(a, dim),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.roll",
        lambda x, shift, dim: x.roll(shift, dim),
        lambda a, shift, dim: np.roll(a, shift, dim),
        params=lambda d, a: {"shift": d(st.integers(-3, 3)), **_a_dim(d, a)},
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.narrow",
        lambda x, dim, start, length: x.narrow(dim, start, length),
        lambda a, dim, start, length: np.take(a, range(start, start + length), axis=dim),
        params=_narrow,
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.select",
        lambda x, dim, index: x.select(dim, index),
        lambda a, dim, index: np.take(a, index, axis=dim),
        params=_select,
        fits=lambda a: a.ndim >= 1 and a.size > 0,
    ),
    Entry(
        "Tensor.chunk",
        lambda x, dim: _pieces(x, x.chunk(2, dim), dim),
        lambda a, dim: _pieces_ref(
            a, _chunk_sizes(a.shape[dim], max(-(-a.shape[dim] // 2), 1)), dim
        ),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.split",
        lambda x, dim: _pieces(x, x.split(1, dim), dim),
        lambda a, dim: _pieces_ref(a, _chunk_sizes(a.shape[dim], 1), dim),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.unbind",
        lambda x, dim: autograd.stack([p * (i + 1) for i, p in enumerate(x.unbind(dim))], dim),
        lambda a, dim: _pieces_ref(a, [1] * a.shape[dim], dim),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1 and all(a.shape),
    ),
    Entry(
        "Tensor.movedim, Tensor.swapdims",
        lambda x, dim: x.movedim(dim, -1).swapdims(0, -1),
        lambda a, dim: np.swapaxes(np.moveaxis(a, dim, -1), 0, -1),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
    ),
    Entry("Tensor.t", lambda x: x.t(), lambda a: a.T, fits=lambda a: a.ndim <= 2),
    Entry(
        "Tensor.mT",
        lambda x: x.mT,
        lambda a: np.swapaxes(a, -1, -2),
        fits=lambda a: a.ndim >= 2,
    ),
    Entry(
        "Tensor.mH, Tensor.adjoint, Tensor.H",
        lambda x: x.mH + x.adjoint() + (x.H if x.ndim == 2 else x.mH),
        lambda a: 3 * np.swapaxes(a, -1, -2),
        fits=lambda a: a.ndim >= 2,
    ),
    Entry(
        "Tensor.unfold",
        lambda x, dim, size, step: x.unfold(dim, size, step),
        lambda a, dim, size, step: np.moveaxis(
            np.take(
                np.moveaxis(a, dim, -1),
                np.arange((a.shape[dim] - size) // step + 1)[:, None] * step + np.arange(size),
                axis=-1,
            ),
            -2,
            dim,
        ),
        params=lambda d, a: (
            lambda dim: {
                "dim": dim,
                "size": d(st.integers(0, a[0].shape[dim])),
                "step": d(st.integers(1, 3)),
            }
        )(d(st.integers(0, a[0].ndim - 1))),
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.sum_to_size",
        lambda x, keep: x.sum_to_size(*[n if k else 1 for n, k in zip(x.shape[1:], keep)]),
        lambda a, keep: a.sum(
            (0, *[i + 1 for i, k in enumerate(keep) if not k]), keepdims=True
        ).reshape([n if k else 1 for n, k in zip(a.shape[1:], keep)]),
        params=lambda d, a: {
            "keep": d(st.lists(st.booleans(), min_size=a[0].ndim - 1, max_size=a[0].ndim - 1))
        },
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.tile, Tensor.repeat",
        lambda x, sizes: x.tile(sizes) + x.repeat(*sizes),
        lambda a, sizes: 2 * np.tile(a, sizes),
        params=_sizes,
    ),
    Entry(
        "Tensor.repeat_interleave",
        lambda x, r, dim: x.repeat_interleave(r, dim),
        lambda a, r, dim: np.repeat(a, r, axis=dim),
        params=lambda d, a: {
            "r": d(st.integers(0, 3)),
            "dim": d(st.one_of(st.none(), st.integers(0, a[0].ndim - 1))) if a[0].ndim else None,
        },
    ),
    Entry(
        "Tensor.tril, Tensor.triu",
        lambda x, k: x.tril(k) + 2 * x.triu(-k),
        lambda a, k: np.tril(a, k) + 2 * np.triu(a, -k),
        params=lambda d, a: {"k": d(st.integers(-2, 2))},
        fits=lambda a: a.ndim >= 2,
    ),
    Entry(
        "Tensor.gather, Tensor.take_along_dim",
        lambda x, dim, index: x.gather(dim, index) + x.take_along_dim(index, dim),
        lambda a, dim, index: 2 * np.take_along_axis(a, index, dim),
        params=_gather,
        fits=lambda a: a.ndim >= 1 and a.size > 0,
    ),
    Entry(
        "Tensor.index_select",
        lambda x, dim, index: x.index_select(dim, index),
        lambda a, dim, index: np.take(a, index, axis=dim),
        params=_index_select,
        fits=lambda a: a.ndim >= 1 and a.size > 0,
    ),
    Entry(
        "Tensor.view_as, Tensor.reshape_as",
        lambda x: x.view_as(x.reshape(-1)) + x.reshape_as(x.reshape(-1)),
        lambda a: 2 * a.reshape(-1),
    ),
    Entry(
        "Tensor.expand_as",
        lambda x: x.expand_as(autograd.zeros((2,) + x.shape, dtype=x.dtype)),
        lambda a: np.broadcast_to(a, (2,) + a.shape),
    ),
    Entry(
        "Tensor.unflatten",
        lambda x: x.unflatten(0, (1, -1)),
        lambda a: a.reshape((1, -1) + a.shape[1:]),
        fits=lambda a: a.ndim >= 1 and a.size > 0,  # (-1 of 0 elements: an error, as PyTorch)
    ),
]


# ------------------------------------- order statistics, running extremes, indexing
def _slice_rank(a, dim, rank):
    """The element at `rank` (one per slice, or an int) of each slice sorted, NaN last."""
    rank = np.broadcast_to(rank, np.delete(a.shape, dim))
    return np.take_along_axis(np.sort(a, axis=dim), np.expand_dims(rank, dim), dim).squeeze(dim)


def _median_ref(a, dim, nan: bool):
    if nan:  # nanmedian: the lower median of the numbers
        return _slice_rank(a, dim, np.maximum(((~np.isnan(a)).sum(dim) - 1) // 2, 0))
    v = _slice_rank(a, dim, (a.shape[dim] - 1) // 2)
    return np.where(np.isnan(a).any(dim), np.nan, v)


def _mode_ref(a, dim):
    """The most frequent value per slice (the smallest of equally frequent; NaNs one value)."""
    rows = np.moveaxis(a, dim, -1).reshape(-1, a.shape[dim])
    out = []
    for r in rows:
        values, counts = np.unique(r, return_counts=True)
        out.append(values[np.argmax(counts)])
    return np.asarray(out, dtype=a.dtype).reshape(np.delete(a.shape, dim))


def _dim_rank(draw, arrays) -> dict:
    d = draw(st.integers(-arrays[0].ndim, arrays[0].ndim - 1))
    return {"dim": d, "k": draw(st.integers(1, arrays[0].shape[d]))}


def _sections(draw, arrays) -> dict:
    d = draw(st.integers(-arrays[0].ndim, arrays[0].ndim - 1))
    n = draw(st.integers(1, 4))
    return {"dim": d, "sections": n, "piece": draw(st.integers(0, n - 1))}


def _index_add_params(draw, arrays) -> dict:
    n, m = arrays[0].shape[0], arrays[1].shape[0]
    idx = draw(st.lists(st.integers(0, n - 1), min_size=m, max_size=m))
    return {"index": np.array(idx, np.int64), "alpha": draw(st.sampled_from([1, -0.5, 2.0]))}


def _index_add_ref(a, b, index, alpha):
    out = a.copy()
    np.add.at(out, index, alpha * b)
    return out


_FULL = lambda a: a.ndim >= 1 and a.size > 0  # noqa: E731 (no dim of length 0)
_ORDER = [
    Entry(
        "Tensor.median",
        lambda x, dim: x.median() if dim is None else x.median(dim).values,
        lambda a, dim: _median_ref(a.reshape(-1) if dim is None else a, dim or 0, nan=False),
        params=lambda d, a: {
            "dim": d(st.one_of(st.none(), st.integers(-a[0].ndim, a[0].ndim - 1)))
        },
        fits=_FULL,
        kink=lambda a, dim: _sorted_kink(a.reshape(-1) if dim is None else a, dim or 0),
    ),
    Entry(
        "Tensor.nanmedian",
        lambda x, dim: x.nanmedian(dim, keepdim=True).values.squeeze(dim),
        lambda a, dim: _median_ref(a, dim, nan=True),
        params=_a_dim,
        fits=_FULL,
        kink=_sorted_kink,
    ),
    Entry(
        "Tensor.kthvalue",
        lambda x, dim, k: x.kthvalue(k, dim).values,
        lambda a, dim, k: _slice_rank(a, dim, k - 1),
        params=_dim_rank,
        fits=_FULL,
        kink=lambda a, dim, k: _sorted_kink(a, dim),
    ),
    Entry(
        "Tensor.mode",
        lambda x, dim: x.mode(dim).values,
        _mode_ref,
        params=_a_dim,
        fits=_FULL,
        kink=_sorted_kink,  # with equal values the mode jumps under any change
    ),
    Entry(
        "Tensor.cummax, Tensor.cummin",
        lambda x, dim: x.cummax(dim).values + x.cummin(dim).values,
        lambda a, dim: np.maximum.accumulate(a, axis=dim) + np.minimum.accumulate(a, axis=dim),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
        kink=_sorted_kink,
    ),
    Entry(
        "Tensor.logcumsumexp",
        lambda x, dim: x.logcumsumexp(dim),
        lambda a, dim: np.logaddexp.accumulate(a, axis=dim),
        params=_a_dim,
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.msort",
        lambda x: x.msort(),
        lambda a: np.sort(a, axis=0),
        fits=lambda a: a.ndim >= 1,
        kink=lambda a: _sorted_kink(a, 0),
    ),
    Entry(
        "Tensor.take",
        lambda x, index: x.take(index),
        lambda a, index: a.reshape(-1)[index],
        params=lambda d, a: {
            "index": np.array(
                d(st.lists(st.integers(-a[0].size, a[0].size - 1), max_size=4)), np.int64
            )
        },
        fits=lambda a: a.size >= 1,
    ),
    Entry(
        "Tensor.index_add",
        lambda x, y, index, alpha: x.index_add(0, index, y, alpha=alpha),
        _index_add_ref,
        arity=2,
        params=_index_add_params,
        fits=lambda a, b: (
            a.ndim >= 1 and a.shape[0] >= 1 and b.shape[1:] == a.shape[1:] and b.ndim == a.ndim
        ),
        example=((3, 2), (2, 2)),
    ),
    Entry(
        "Tensor.tensor_split",
        lambda x, dim, sections, piece: x.tensor_split(sections, dim)[piece],
        lambda a, dim, sections, piece: np.array_split(a, sections, axis=dim)[piece],
        params=_sections,
        fits=lambda a: a.ndim >= 1,
    ),
]
_NO_GRADIENT = "an index, count or set result: no gradient (tests/test_order_ops_pytorch.py)"


# convolution family and resampling (nn/conv.py, conv_transpose.py, fold.py, resample.py):
# real floating inputs, as PyTorch's kernels take
def _real(*arrays) -> bool:
    return all(a.dtype.kind == "f" for a in arrays)


def _row3(a):
    return a.reshape(1, 1, -1)


def _unpool_index(n: int) -> np.ndarray:
    """Distinct indices into 2 * n positions, one per window of two (as max_pool1d(2))."""
    return (2 * np.arange(n) + np.arange(n) % 2).reshape(1, 1, n)


def _unpool_ref(a):
    out = np.zeros(2 * a.size, a.dtype)
    out[_unpool_index(a.size).ravel()] = a.ravel()
    return _row3(out)


def _fold_ref(a):
    count = np.full(a.size, 2.0)
    count[[0, -1]] = 1.0
    return (a.reshape(-1) * count.astype(a.dtype)).reshape(1, 1, 1, -1)


_CONV_FAMILY = [
    Entry(
        "F.conv1d",
        lambda x, w: F.conv1d(_row3(x), _row3(w)),
        lambda x, w: _row3(_conv_ref(x, w)),
        arity=2,
        fits=lambda x, w: _real(x, w) and 1 <= w.size <= min(3, x.size),
        example=((2, 3), (2,)),
    ),
    Entry(
        "F.conv_transpose1d, F.conv_transpose2d",
        lambda x, w: (
            F.conv_transpose1d(_row3(x), _row3(w))
            + F.conv_transpose2d(_as_row(x), _as_row(w)).reshape(1, 1, -1)
        ),
        lambda x, w: _row3(2 * np.convolve(x.reshape(-1), w.reshape(-1))),
        arity=2,
        fits=lambda x, w: _real(x, w) and x.size >= 1 and 1 <= w.size <= 3,
        example=((2, 3), (2,)),
    ),
    Entry(
        "F.max_pool1d, F.max_pool1d_with_indices, F.max_pool2d_with_indices",
        lambda x: (
            F.max_pool1d(_row3(x), 2)
            + F.max_pool1d_with_indices(_row3(x), 2)[0]
            + F.max_pool2d_with_indices(_as_row(x), (1, 2))[0].reshape(1, 1, -1)
        ),
        lambda a: 3 * _row3(_pool_ref(a, np.max)),
        fits=lambda a: _real(a) and a.size >= 2,
        kink=_pool_kink,
    ),
    Entry(
        "F.avg_pool1d",
        lambda x: F.avg_pool1d(_row3(x), 2),
        lambda a: _row3(_pool_ref(a, np.mean)),
        fits=lambda a: _real(a) and a.size >= 2,
    ),
    Entry(
        "F.max_unpool1d, F.max_unpool2d",
        lambda x: (
            F.max_unpool1d(_row3(x), _unpool_index(x.size), 2)
            + F.max_unpool2d(
                _as_row(x), _unpool_index(x.size).reshape(1, 1, 1, -1), (1, 2)
            ).reshape(1, 1, -1)
        ),
        lambda a: 2 * _unpool_ref(a),
        fits=lambda a: _real(a) and a.size >= 1,
    ),
    Entry(
        "F.unfold, F.fold",
        lambda x: F.fold(F.unfold(_as_row(x), (1, 2)), (1, x.size), (1, 2)),
        _fold_ref,
        fits=lambda a: _real(a) and a.size >= 2,
    ),
    Entry(
        "F.pixel_shuffle, F.pixel_unshuffle",
        lambda x: (
            F.pixel_shuffle(x.reshape(-1, 4, 1, 1), 2).reshape(-1)
            + F.pixel_unshuffle(x.reshape(-1, 1, 2, 2), 2).reshape(-1)
        ),
        lambda a: 2 * a.reshape(-1),
        fits=lambda a: _real(a) and a.size >= 4 and a.size % 4 == 0,
        example=((2, 4),),
    ),
    Entry(
        "F.interpolate",
        lambda x: F.interpolate(_row3(x), scale_factor=2),
        lambda a: np.repeat(_row3(a), 2, axis=-1),
        fits=lambda a: a.size >= 1 and a.dtype.kind in "fiu",
    ),
]


# ------------------------------------------ trigonometric, hyperbolic, special functions
def _vectorised(fn):
    """A float64 reference from a function of one Python float (math.erf, ...)."""

    def ref(a):
        def one(v):
            try:
                return fn(v)
            except (ValueError, OverflowError):  # math.lgamma's poles
                return math.inf

        return np.vectorize(one, otypes=[np.float64])(a)

    return ref


def _near_one(a):  # asin, acos, atanh: not differentiable at +-1
    return _dist(1 - np.abs(a))


def _lgamma_kink(a):  # the poles at 0, -1, -2, ...
    with np.errstate(all="ignore"):
        return _dist(np.where(a <= 0.5, a - np.round(a), INF))


def _atan2_kink(a, b):  # the origin, and the branch cut along b < 0
    with np.errstate(all="ignore"):
        return _dist(np.hypot(a, b), np.where(b < 0, a, INF))


def _nan_to_num_ref(a):
    return np.nan_to_num(a, nan=0.0, posinf=np.finfo(a.dtype).max, neginf=np.finfo(a.dtype).min)


def _aminmax_ref(a, axis, keepdims):
    return np.min(a, axis=axis, keepdims=keepdims) + np.max(a, axis=axis, keepdims=keepdims)


def _aminmax_params(draw, arrays):
    a = arrays[0]
    dim = draw(st.sampled_from([None] + list(range(-a.ndim, a.ndim))))
    return {"axis": dim, "keepdims": draw(st.booleans())}


def _aminmax_call(x, axis, keepdims):
    m = x.aminmax(dim=axis, keepdim=keepdims)
    return m.min + m.max


# number functions and statistics (autograd/tensor_numbers.py, tensor_stats.py)
def _renorm_ref(a):
    norms = np.sqrt(np.sum(a * a, axis=tuple(range(1, a.ndim)), keepdims=True))
    return a * np.where(norms > 1.5, 1.5 / (norms + 1e-7), 1.0)


def _cov_ref(a):
    return np.cov(a) if a.shape[1] > 1 else np.full((a.shape[0],) * 2, np.nan)


_NUMBERS = [
    _binary(
        "Tensor.copysign",
        lambda x, y: x.copysign(y),
        np.copysign,
        kink=lambda a, b: _dist(a),
    ),
    _binary(
        "Tensor.float_power",
        lambda x, y: x.abs().float_power(y),
        lambda a, b: np.power(np.abs(a), b),
        kink=lambda a, b: _dist(a),
    ),
    _binary("Tensor.ldexp", lambda x, y: x.ldexp(y), lambda a, b: a * np.exp2(b)),
    _binary(
        "Tensor.nextafter",
        lambda x, y: x.nextafter(y),
        np.nextafter,
        kink=lambda a, b: _dist(a - b),
    ),
    _elementwise(
        "Tensor.frexp",
        lambda x: x.frexp().mantissa,
        lambda a: np.frexp(a)[0],
        kink=lambda a: _dist(np.abs(a) - np.exp2(np.round(np.log2(np.abs(a) + 1e-300)))),
    ),
    Entry(
        "Tensor.cov",
        lambda x: x.cov(),
        _cov_ref,
        fits=lambda a: a.ndim == 2 and a.shape[1] > 1,
        example=((2, 4),),
    ),
    Entry(
        "Tensor.corrcoef",
        lambda x: x.corrcoef(),
        np.corrcoef,
        fits=lambda a: a.ndim == 2 and a.shape[1] > 1 and bool(np.all(_row_std(a) > 1e-3)),
        example=((2, 4),),
        kink=lambda a: _dist(1 - np.abs(np.corrcoef(a))[~np.eye(a.shape[0], dtype=bool)]),
    ),
    Entry(
        "Tensor.renorm",
        lambda x: x.renorm(2, 0, 1.5),
        _renorm_ref,
        fits=lambda a: a.ndim >= 2,
        example=((2, 3),),
        kink=lambda a: _dist(np.sqrt(np.sum(a * a, axis=tuple(range(1, a.ndim)))) - 1.5),
    ),
    Entry(
        "Tensor.addr",
        lambda x, y: x.outer(y).addr(x, y, beta=0.5, alpha=2),
        lambda a, b: 2.5 * np.outer(a, b),
        arity=2,
        fits=lambda a, b: a.ndim == 1 and b.ndim == 1,
        example=((3,), (2,)),
    ),
]


_MATHOPS = [
    _elementwise("Tensor.tan", lambda x: x.tan(), np.tan, kink=lambda a: _dist(np.cos(a))),
    _elementwise(
        "Tensor.asin, Tensor.arcsin",
        lambda x: x.asin() + x.arcsin(),
        lambda a: 2 * np.arcsin(a),
        kink=_near_one,
    ),
    _elementwise(
        "Tensor.acos, Tensor.arccos",
        lambda x: x.acos() + x.arccos(),
        lambda a: 2 * np.arccos(a),
        kink=_near_one,
    ),
    _elementwise(
        "Tensor.atan, Tensor.arctan", lambda x: x.atan() + x.arctan(), lambda a: 2 * np.arctan(a)
    ),
    _elementwise("Tensor.sinh", lambda x: x.sinh(), np.sinh),
    _elementwise("Tensor.cosh", lambda x: x.cosh(), np.cosh),
    _elementwise(
        "Tensor.asinh, Tensor.arcsinh",
        lambda x: x.asinh() + x.arcsinh(),
        lambda a: 2 * np.arcsinh(a),
    ),
    _elementwise(
        "Tensor.acosh, Tensor.arccosh",
        lambda x: x.acosh() + x.arccosh(),
        lambda a: 2 * np.arccosh(a),
        kink=lambda a: _dist(a - 1),
    ),
    _elementwise(
        "Tensor.atanh, Tensor.arctanh",
        lambda x: x.atanh() + x.arctanh(),
        lambda a: 2 * np.arctanh(a),
        kink=_near_one,
    ),
    _elementwise("Tensor.erf", lambda x: x.erf(), _vectorised(math.erf)),
    _elementwise("Tensor.erfc", lambda x: x.erfc(), _vectorised(math.erfc)),
    _elementwise(
        "Tensor.lgamma", lambda x: x.lgamma(), _vectorised(math.lgamma), kink=_lgamma_kink
    ),
    _elementwise(
        "Tensor.deg2rad, Tensor.rad2deg",
        lambda x: x.deg2rad() + x.rad2deg(),
        lambda a: np.deg2rad(a) + np.rad2deg(a),
    ),
    _elementwise(
        "Tensor.logit",
        lambda x: x.logit(),
        lambda a: np.log(a / (1 - a)),
        kink=lambda a: _dist(a, 1 - a),
    ),
    _elementwise("Tensor.nan_to_num", lambda x: x.nan_to_num(), _nan_to_num_ref),
    _binary(
        "Tensor.atan2, Tensor.arctan2",
        lambda x, y: x.atan2(y) + x.arctan2(y),
        lambda a, b: 2 * np.arctan2(a, b),
        kink=_atan2_kink,
    ),
    _binary(
        "Tensor.hypot", lambda x, y: x.hypot(y), np.hypot, kink=lambda a, b: _dist(np.hypot(a, b))
    ),
    _binary("Tensor.logaddexp", lambda x, y: x.logaddexp(y), np.logaddexp),
    _binary("Tensor.logaddexp2", lambda x, y: x.logaddexp2(y), np.logaddexp2),
    _binary("Tensor.fmod", lambda x, y: x.fmod(y), np.fmod, kink=lambda a, b: _mod_kink(a, b)),
    _binary(
        "Tensor.dist",
        lambda x, y: x.dist(y),
        lambda a, b: np.sqrt(np.sum((a - b) ** 2)),
        kink=lambda a, b: _dist(np.sqrt(np.sum((a - b) ** 2))),
    ),
    Entry("Tensor.nanmean", **_red("nanmean", np.nanmean)),
    Entry("Tensor.aminmax", _aminmax_call, _aminmax_ref, params=_aminmax_params, kink=_max_kink),
]

_BOOL_RESULT = (
    "a boolean, index or count result: not differentiable (tests/test_tensor_semantics.py)"
)


# ------------------------------------------- matrices (autograd/tensor_matrix.py)
def _two_dims(draw, arrays) -> dict:
    n = arrays[0].ndim
    d1 = draw(st.integers(0, n - 1))
    d2 = draw(st.integers(0, n - 2))
    return {"d1": d1, "d2": d2 + (d2 >= d1)}


def _diag_embed(a, k):
    m = a.shape[-1] + abs(k)
    out = np.zeros(a.shape[:-1] + (m, m), a.dtype)
    i = np.arange(a.shape[-1])
    out[..., i + max(-k, 0), i + max(k, 0)] = a
    return out


def _square(a) -> bool:
    return a.ndim >= 2 and a.shape[-1] == a.shape[-2]


_MATRIX_ENTRIES = [
    Entry(
        "Tensor.diagonal",
        lambda x, k, d1, d2: x.diagonal(k, d1, d2),
        lambda a, k, d1, d2: np.diagonal(a, k, d1, d2),
        params=lambda d, a: {"k": d(st.integers(-2, 2)), **_two_dims(d, a)},
        fits=lambda a: a.ndim >= 2,
    ),
    Entry(
        "Tensor.diag",
        lambda x, k: x.diag(k),
        lambda a, k: np.diag(a, k),
        params=lambda d, a: {"k": d(st.integers(-2, 2))},
        fits=lambda a: a.ndim in (1, 2),
    ),
    Entry(
        "Tensor.diagflat, Tensor.diag_embed",
        lambda x, k: x.diagflat(k).sum() + x.diag_embed(k),
        lambda a, k: np.diagflat(a, k).sum() + _diag_embed(a, k),
        params=lambda d, a: {"k": d(st.integers(-2, 2))},
        fits=lambda a: a.ndim >= 1,
    ),
    Entry("Tensor.trace", lambda x: x.trace(), np.trace, fits=lambda a: a.ndim == 2),
    Entry(
        "Tensor.diff",
        lambda x, n, dim: x.diff(n, dim),
        lambda a, n, dim: np.diff(a, n, dim),
        params=lambda d, a: {"n": d(st.integers(0, 2)), **_a_dim(d, a)},
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.fliplr, Tensor.flipud",
        lambda x: x.fliplr() + x.flipud(),
        lambda a: np.fliplr(a) + np.flipud(a),
        fits=lambda a: a.ndim >= 2 and a.shape[0] == a.shape[1],
        example=((2, 2),),
    ),
    Entry(
        "Tensor.rot90",
        lambda x, k, d1, d2: x.rot90(k, (d1, d2)),
        lambda a, k, d1, d2: np.rot90(a, k, (d1, d2)),
        params=lambda d, a: {"k": d(st.integers(-3, 4)), **_two_dims(d, a)},
        fits=lambda a: a.ndim >= 2,
    ),
    Entry(
        "Tensor.kron",
        lambda x, y: x.kron(y),
        np.kron,
        arity=2,
        fits=lambda a, b: a.size * b.size <= 256,
        example=((2, 3), (2,)),
    ),
    Entry(
        "Tensor.inner",
        lambda x, y: x.inner(y),
        np.inner,
        arity=2,
        fits=lambda a, b: a.ndim == 0 or b.ndim == 0 or a.shape[-1] == b.shape[-1],
        example=((2, 3), (3,)),
    ),
    Entry(
        "Tensor.vdot",
        lambda x, y: x.vdot(y),
        np.vdot,
        arity=2,
        fits=lambda a, b: a.ndim == 1 and a.shape == b.shape,
        example=((3,), (3,)),
    ),
    Entry(
        "Tensor.cross",
        lambda x, y: x.cross(y, dim=-1),
        lambda a, b: np.cross(a, b),
        arity=2,
        fits=lambda a, b: (
            a.ndim == b.ndim >= 1 and a.shape[-1] == b.shape[-1] == 3 and _broadcastable(a, b)
        ),
        example=((2, 3), (1, 3)),
    ),
    Entry(
        "Tensor.addmm",
        lambda x, y: x.mm(y).addmm(x, y, beta=0.5, alpha=2),
        lambda a, b: 2.5 * (a @ b),
        arity=2,
        fits=lambda a, b: a.ndim == 2 and b.ndim == 2 and a.shape[1] == b.shape[0],
        example=((2, 3), (3, 2)),
    ),
    Entry(
        "Tensor.addmv",
        lambda x, y: x.mv(y).addmv(x, y, alpha=-1),
        lambda a, b: 0 * (a @ b),
        arity=2,
        fits=lambda a, b: a.ndim == 2 and b.ndim == 1 and a.shape[1] == b.shape[0],
        example=((2, 3), (3,)),
    ),
    Entry(
        "Tensor.baddbmm, Tensor.addbmm",
        lambda x, y: x.bmm(y).baddbmm(x, y, beta=2) + x.bmm(y).sum(0).addbmm(x, y, beta=0),
        lambda a, b: 3 * (a @ b) + (a @ b).sum(0),
        arity=2,
        fits=lambda a, b: (
            a.ndim == b.ndim == 3 and a.shape[0] == b.shape[0] and a.shape[2] == b.shape[1]
        ),
        example=((2, 2, 3), (2, 3, 2)),
    ),
]


_TABLE_ROWS = "its gradients and second derivatives: tests/test_ops_table.py's rows (issue 13)"


# ------------- more activations, padding, distances, losses (nn/activations_extra.py,
# nn/padding.py, nn/distance.py, nn/losses_extra.py, nn/norm.py's rms_norm)
def _signs(shape) -> np.ndarray:
    """+-1 targets of a shape: 1, -1, 1, ... in memory order."""
    n = math.prod(shape)
    return np.where(np.arange(n) % 2 == 0, 1.0, -1.0).reshape(shape)


def _last_norm(a, p=2.0):
    return np.sum(np.abs(a) ** p, axis=-1) ** (1 / p)


def _pad_ref(a, left, right, mode="constant"):
    return np.pad(a, [(0, 0)] * (a.ndim - 1) + [(left, right)], mode=mode)


def _glu_ref(a):
    h = a.shape[-1] // 2
    return a[..., :h] * _sigmoid(a[..., h:])


def _cosine_ref(a, b):
    na = np.maximum(_last_norm(a), 1e-8)[..., None]
    nb = np.maximum(_last_norm(b), 1e-8)[..., None]
    return np.sum((a / na) * (b / nb), axis=-1)


def _pdist_ref(a):
    i, j = np.triu_indices(a.shape[0], 1)
    return _last_norm(a[i] - a[j])


def _cosine_embedding_ref(a, b, reduction):
    cos = np.sum(a * b, 1) / np.sqrt((np.sum(a * a, 1) + 1e-12) * (np.sum(b * b, 1) + 1e-12))
    t = _signs(cos.shape)
    return _REDUCE[reduction](np.where(t == 1, 1 - cos, np.maximum(cos, 0)))


def _triplet_ref(a, p, reduction):
    d_pos, d_neg = _last_norm(a - p + 1e-6), _last_norm(a + p + 1e-6)
    return _REDUCE[reduction](np.maximum(1 + d_pos - d_neg, 0))


def _triplet_kink(a, p, reduction):
    d_pos, d_neg = _last_norm(a - p + 1e-6), _last_norm(a + p + 1e-6)
    return _dist(1 + d_pos - d_neg, d_pos, d_neg)


def _multilabel_ref(a, b, reduction):
    t = _sigmoid(b)
    loss = t * np.logaddexp(0, -a) + (1 - t) * np.logaddexp(0, a)
    return _REDUCE[reduction](loss.mean(-1))


def _last_dim_even(a) -> bool:
    return a.ndim >= 1 and a.shape[-1] % 2 == 0


def _rows(a) -> bool:
    return a.ndim >= 1


_NNFUNC = [
    _elementwise(
        "F.hardtanh",
        lambda x: F.hardtanh(x, -0.5, 1.0),
        lambda a: np.clip(a, -0.5, 1.0),
        kink=lambda a: _dist(a + 0.5, a - 1.0),
    ),  # fmt: skip
    _elementwise(
        "F.relu6",
        lambda x: F.relu6(x * 3),
        lambda a: np.clip(a * 3, 0, 6),
        kink=lambda a: _dist(a, a - 2),
    ),  # fmt: skip
    _elementwise(
        "F.hardsigmoid",
        lambda x: F.hardsigmoid(x),
        lambda a: np.clip(a / 6 + 0.5, 0, 1),
        kink=lambda a: _dist(a - 3, a + 3),
    ),  # fmt: skip
    _elementwise(
        "F.hardswish",
        lambda x: F.hardswish(x),
        lambda a: a * np.clip(a + 3, 0, 6) / 6,
        kink=lambda a: _dist(a - 3, a + 3),
    ),  # fmt: skip
    _elementwise("F.mish", lambda x: F.mish(x), lambda a: a * np.tanh(np.logaddexp(0, a))),
    _elementwise("F.logsigmoid", lambda x: F.logsigmoid(x), lambda a: -np.logaddexp(0, -a)),
    _elementwise(
        "F.celu",
        lambda x: F.celu(x, 0.5),
        lambda a: np.where(a > 0, a, 0.5 * np.expm1(np.minimum(a, 0) / 0.5)),
        kink=lambda a: _dist(a),  # the second derivative jumps at 0
    ),  # fmt: skip
    _elementwise(
        "F.softshrink",
        lambda x: F.softshrink(x),
        lambda a: np.where(a > 0.5, a - 0.5, np.where(a < -0.5, a + 0.5, a * 0)),
        kink=lambda a: _dist(a - 0.5, a + 0.5),
    ),  # fmt: skip
    _elementwise(
        "F.hardshrink, Tensor.hardshrink",
        lambda x: F.hardshrink(x) + x.hardshrink() - F.hardshrink(x),
        lambda a: np.where((a >= -0.5) & (a <= 0.5), 0.0, a),
        kink=lambda a: _dist(a - 0.5, a + 0.5),
    ),  # fmt: skip
    _elementwise("F.tanhshrink", lambda x: F.tanhshrink(x), lambda a: a - np.tanh(a)),
    _elementwise(
        "F.threshold",
        lambda x: F.threshold(x, 0.1, -2.0),
        lambda a: np.where(a <= 0.1, -2.0, a),
        kink=lambda a: _dist(a - 0.1),
    ),  # fmt: skip
    Entry(
        "F.softmin", lambda x, dim: F.softmin(x, dim), lambda a, dim: _softmax(-a, dim), params=_dim
    ),  # fmt: skip
    Entry("F.glu", lambda x: F.glu(x), _glu_ref, fits=_last_dim_even, example=((2, 4),)),
    Entry(
        "F.pad",
        lambda x: F.pad(x, (1, 2), value=0.5) + F.pad(x, (2, 1), value=-1.0),
        lambda a: (
            np.pad(a, [(0, 0)] * (a.ndim - 1) + [(1, 2)], constant_values=0.5)
            + np.pad(a, [(0, 0)] * (a.ndim - 1) + [(2, 1)], constant_values=-1.0)
        ),
        fits=_rows,
    ),
    Entry(
        "F.pad",
        lambda x: (
            F.pad(x.reshape(1, -1), (1, 1), "reflect")
            + F.pad(x.reshape(1, -1), (2, 0), "replicate")
            + F.pad(x.reshape(1, -1), (0, 2), "circular")
        ),
        lambda a: (
            _pad_ref(a.reshape(1, -1), 1, 1, "reflect")
            + _pad_ref(a.reshape(1, -1), 2, 0, "edge")
            + _pad_ref(a.reshape(1, -1), 0, 2, "wrap")
        ),
        fits=lambda a: a.size >= 2,
    ),
    Entry(
        "F.normalize",
        lambda x: F.normalize(x, dim=-1),
        lambda a: a / np.maximum(_last_norm(a), 1e-12)[..., None],
        fits=_rows,
        kink=lambda a: _dist(_last_norm(a)),  # the norm's kink at the zero vector
    ),
    Entry(
        "F.rms_norm",
        lambda x: F.rms_norm(x, x.shape[-1:]),
        lambda a: a / np.sqrt(np.mean(a * a, -1, keepdims=True) + np.finfo(np.float64).eps),
        fits=_rows,
    ),
    Entry(
        "F.cosine_similarity",
        lambda x, y: F.cosine_similarity(x, y, dim=-1),
        _cosine_ref,
        arity=2,
        fits=lambda a, b: _same_shape(a, b) and a.ndim >= 1,
        kink=lambda a, b: _dist(_last_norm(a) - 1e-8, _last_norm(b) - 1e-8),
        example=((2, 3), (2, 3)),
    ),
    Entry(
        "F.pairwise_distance",
        lambda x, y: F.pairwise_distance(x, y),
        lambda a, b: _last_norm(a - b + 1e-6),
        arity=2,
        fits=lambda a, b: _same_shape(a, b) and a.ndim >= 1,
        kink=lambda a, b: _dist(_last_norm(a - b + 1e-6)),
        example=((2, 3), (2, 3)),
    ),
    Entry(
        "F.pdist",
        lambda x: F.pdist(x),
        _pdist_ref,
        fits=lambda a: a.ndim == 2,
        kink=lambda a: _dist(_pdist_ref(a)),
    ),
    Entry(
        "F.margin_ranking_loss",
        lambda x, y, reduction: F.margin_ranking_loss(
            x, y, _signs(x.shape), 0.5, reduction=reduction
        ),
        lambda a, b, reduction: _REDUCE[reduction](np.maximum(-_signs(a.shape) * (a - b) + 0.5, 0)),
        arity=2,
        fits=_same_shape,
        params=_reduction,
        kink=lambda a, b, reduction: _dist(-_signs(a.shape) * (a - b) + 0.5),
        example=((2, 3), (2, 3)),
    ),  # fmt: skip
    Entry(
        "F.soft_margin_loss",
        lambda x, reduction: F.soft_margin_loss(x, _signs(x.shape), reduction=reduction),
        lambda a, reduction: _REDUCE[reduction](np.logaddexp(0, -_signs(a.shape) * a)),
        params=_reduction,
    ),
    Entry(
        "F.hinge_embedding_loss",
        lambda x, reduction: F.hinge_embedding_loss(x, _signs(x.shape), reduction=reduction),
        lambda a, reduction: _REDUCE[reduction](
            np.where(_signs(a.shape) == 1, a, np.maximum(1 - a, 0))
        ),
        params=_reduction,
        kink=lambda a, reduction: _dist(1 - a),
    ),
    Entry(
        "F.cosine_embedding_loss",
        lambda x, y, reduction: F.cosine_embedding_loss(
            x, y, _signs(x.shape[:1]), reduction=reduction
        ),
        _cosine_embedding_ref,
        arity=2,
        fits=lambda a, b: _same_shape(a, b) and a.ndim == 2,
        params=_reduction,
        kink=lambda a, b, reduction: _dist(np.sum(a * b, 1)),
        example=((2, 3), (2, 3)),
    ),  # fmt: skip
    Entry(
        "F.triplet_margin_loss, F.triplet_margin_with_distance_loss",
        lambda x, y, reduction: (
            (
                F.triplet_margin_loss(x, y, -y, reduction=reduction)
                + F.triplet_margin_with_distance_loss(x, y, -y, reduction=reduction)
            )
            / 2
        ),
        _triplet_ref,
        arity=2,
        fits=lambda a, b: _same_shape(a, b) and a.ndim >= 1,
        params=_reduction,
        kink=_triplet_kink,
        example=((2, 3), (2, 3)),
    ),
    Entry(
        "F.poisson_nll_loss",
        lambda x, y, reduction: F.poisson_nll_loss(x, y, reduction=reduction),
        lambda a, b, reduction: _REDUCE[reduction](np.exp(a) - b * a),
        arity=2,
        fits=_same_shape,
        params=_reduction,
        example=((2, 3), (2, 3)),
    ),
    Entry(
        "F.gaussian_nll_loss",
        lambda x, y, reduction: F.gaussian_nll_loss(x, y.sin(), y * y + 0.1, reduction=reduction),
        lambda a, b, reduction: _REDUCE[reduction](
            0.5 * (np.log(b * b + 0.1) + (a - np.sin(b)) ** 2 / (b * b + 0.1))
        ),
        arity=2,
        fits=_same_shape,
        params=_reduction,
        example=((2, 3), (2, 3)),
    ),  # fmt: skip
    Entry(
        "F.multilabel_soft_margin_loss",
        lambda x, y, reduction: F.multilabel_soft_margin_loss(x, y.sigmoid(), reduction=reduction),
        _multilabel_ref,
        arity=2,
        fits=lambda a, b: _same_shape(a, b) and a.ndim >= 1,
        params=_reduction,
        example=((2, 3), (2, 3)),
    ),  # fmt: skip
]


def _vol(a):
    return a.reshape(1, 1, 1, 1, -1)


def _lp_ref(a):
    """Power-average pooling with p = 2 over windows of two: each pair's Euclidean norm."""
    x = a.reshape(-1)
    n = x.size // 2
    return np.sqrt((x[: 2 * n].reshape(n, 2) ** 2).sum(axis=1))


# the 3-d layers' functions and the power-average pools (nn/conv3d.py, nn/pool3d.py) on
# volumes of one row: the 1-d references
_NN3D = [
    Entry(
        "F.conv3d",
        lambda x, w: F.conv3d(_vol(x), _vol(w)),
        lambda x, w: _vol(_conv_ref(x, w)),
        arity=2,
        fits=lambda x, w: _real(x, w) and 1 <= w.size <= min(3, x.size),
        example=((2, 3), (2,)),
    ),
    Entry(
        "F.conv_transpose3d",
        lambda x, w: F.conv_transpose3d(_vol(x), _vol(w)),
        lambda x, w: _vol(np.convolve(x.reshape(-1), w.reshape(-1))),
        arity=2,
        fits=lambda x, w: _real(x, w) and x.size >= 1 and 1 <= w.size <= 3,
        example=((2, 3), (2,)),
    ),
    Entry(
        "F.max_pool3d, F.max_pool3d_with_indices",
        lambda x: (
            F.max_pool3d(_vol(x), (1, 1, 2)) + F.max_pool3d_with_indices(_vol(x), (1, 1, 2))[0]
        ),
        lambda a: 2 * _vol(_pool_ref(a, np.max)),
        fits=lambda a: _real(a) and a.size >= 2,
        kink=_pool_kink,
    ),
    Entry(
        "F.avg_pool3d",
        lambda x: F.avg_pool3d(_vol(x), (1, 1, 2)),
        lambda a: _vol(_pool_ref(a, np.mean)),
        fits=lambda a: _real(a) and a.size >= 2,
    ),
    Entry(
        "F.lp_pool1d, F.lp_pool2d, F.lp_pool3d",
        lambda x: (
            F.lp_pool1d(_row3(x), 2, 2).reshape(-1)
            + F.lp_pool2d(_as_row(x), 2, (1, 2)).reshape(-1)
            + F.lp_pool3d(_vol(x), 2, (1, 1, 2)).reshape(-1)
        ),
        lambda a: 3 * _lp_ref(a),
        fits=lambda a: _real(a) and a.size >= 2,
        kink=lambda a: _dist(_lp_ref(a)),
    ),
    Entry(
        "F.adaptive_avg_pool3d",
        lambda x, rows, size: F.adaptive_avg_pool3d(
            x.reshape(1, 1, rows, -1), (1, rows, size)
        ).reshape(-1),
        lambda a, rows, size: _adaptive_ref(a, rows, size, np.mean).reshape(-1),
        params=_adaptive_params,
        fits=lambda a: _real(a) and a.size >= 1,
    ),
    Entry(
        "F.adaptive_max_pool3d, F.adaptive_max_pool3d_with_indices",
        lambda x, rows, size: (
            F.adaptive_max_pool3d(x.reshape(1, 1, rows, -1), (1, rows, size)).reshape(-1)
            + F.adaptive_max_pool3d_with_indices(x.reshape(1, 1, rows, -1), (1, rows, size))[
                0
            ].reshape(-1)
        ),
        lambda a, rows, size: 2 * _adaptive_ref(a, rows, size, np.max).reshape(-1),
        params=_adaptive_params,
        fits=lambda a: _real(a) and a.size >= 1,
        kink=lambda a, rows, size: _adaptive_kink(a, rows, size),
    ),
    Entry(
        "F.max_unpool3d",
        lambda x: F.max_unpool3d(_vol(x), _vol(_unpool_index(x.size)), (1, 1, 2)),
        lambda a: _vol(_unpool_ref(a)),
        fits=lambda a: _real(a) and a.size >= 1,
    ),
]


# ------------- bilinear, channel shuffle, local response norm, multilabel margin loss,
# alpha dropout, adaptive max pooling with indices (nn/bilinear.py, ...)
def _bilinear_weight(n: int) -> np.ndarray:
    return np.linspace(-1.0, 1.0, 2 * n * n).reshape(2, n, n)


def _lrn_ref(a):
    sq = np.pad(a.reshape(-1) ** 2, (1, 1))
    window = (sq[:-2] + sq[1:-1] + sq[2:]) / 3
    return (a.reshape(-1) / (1.0 + 0.5 * window) ** 0.75).reshape(a.shape)


def _mlm_target(shape) -> np.ndarray:
    """Row r lists class r % C, then class (r + 1) % C when C > 2, then -1."""
    n, c = shape
    t = np.full(shape, -1, np.int64)
    for r in range(n):
        t[r, 0] = r % c
        if c > 2:
            t[r, 1] = (r + 1) % c
    return t


def _mlm_margins(a):
    t = _mlm_target(a.shape)
    out = []
    for r in range(a.shape[0]):
        listed = sorted({int(j) for j in t[r] if j >= 0})
        others = [i for i in range(a.shape[1]) if i not in listed]
        out.append([1 - a[r, j] + a[r, i] for j in listed for i in others])
    return out


def _mlm_ref(a, reduction):
    loss = np.array([np.sum(np.maximum(m, 0)) for m in _mlm_margins(a)]) / a.shape[1]
    return _REDUCE[reduction](loss)


def _bag_index(n: int) -> np.ndarray:
    return np.array([[0, n - 1, n // 2], [n // 2, 0, 0]])


def _bag_ref(a, mode):
    rows = a[_bag_index(a.shape[0])]  # (2, 3, D)
    return {"sum": np.sum, "mean": np.mean, "max": np.max}[mode](rows, axis=1)


def _bag_kink(a, mode):
    if mode != "max":
        return INF
    rows = a[_bag_index(a.shape[0])]
    return min((_gap(rows[b, :, d], None) for b in range(2) for d in range(a.shape[1])),
               default=INF)  # fmt: skip


def _affine_grid_ref(a):
    xs, ys = np.array([-2 / 3, 0.0, 2 / 3]), np.array([-0.5, 0.5])  # pixel centres, 2 x 3
    base = np.stack([*np.meshgrid(xs, ys), np.ones((2, 3))], -1).reshape(-1, 3)
    return (base @ a.reshape(2, 3).T).reshape(-1)


_NNMISC = [
    Entry(
        "F.affine_grid",
        lambda x: F.affine_grid(x.reshape(1, 2, 3), (1, 1, 2, 3), align_corners=False).reshape(-1),
        _affine_grid_ref,
        fits=lambda a: a.size == 6,
        example=((2, 3),),
    ),
    Entry(
        "F.embedding_bag",
        lambda x, mode: F.embedding_bag(autograd.tensor(_bag_index(x.shape[0])), x, mode=mode),
        _bag_ref,
        params=lambda draw, arrays: {"mode": draw(st.sampled_from(["sum", "mean", "max"]))},
        fits=lambda a: a.ndim == 2 and a.shape[0] >= 1,
        kink=_bag_kink,
    ),
    Entry(
        "F.bilinear",
        lambda x: F.bilinear(x, x.cos(), autograd.tensor(_bilinear_weight(x.shape[-1]))),
        lambda a: np.einsum("...i,oij,...j->...o", a, _bilinear_weight(a.shape[-1]), np.cos(a)),
        fits=lambda a: a.ndim >= 1 and a.shape[-1] >= 1,
    ),
    Entry(
        "F.channel_shuffle",
        lambda x: F.channel_shuffle(x.reshape(1, -1, 1), 2).reshape(x.shape),
        lambda a: a.reshape(2, -1).T.reshape(a.shape),
        fits=lambda a: a.size >= 2 and a.size % 2 == 0,
    ),
    Entry(
        "F.local_response_norm",
        lambda x: F.local_response_norm(x.reshape(1, -1, 1), 3, alpha=0.5).reshape(x.shape),
        _lrn_ref,
        fits=lambda a: a.size >= 1,
    ),
    Entry(
        "F.multilabel_margin_loss",
        lambda x, reduction: F.multilabel_margin_loss(
            x, autograd.tensor(_mlm_target(x.shape)), reduction=reduction
        ),
        _mlm_ref,
        params=_reduction,
        fits=lambda a: a.ndim == 2 and a.shape[1] >= 2,
        kink=lambda a, reduction: _dist(*[m for row in _mlm_margins(a) for m in row]),
        example=((2, 3),),
    ),
    _elementwise(
        "F.alpha_dropout, F.feature_alpha_dropout",
        lambda x: F.alpha_dropout(x, 0.5) + F.feature_alpha_dropout(x, 0.0, True),
        lambda a: 2 * a,
    ),
    Entry(
        "F.adaptive_max_pool1d_with_indices, F.adaptive_max_pool2d_with_indices",
        lambda x, rows, size: (
            F.adaptive_max_pool2d_with_indices(x.reshape(1, rows, -1), (rows, size))[0].reshape(-1)
            if rows == 2
            else F.adaptive_max_pool1d_with_indices(x.reshape(1, 1, -1), size)[0].reshape(-1)
        ),
        lambda a, rows, size: _adaptive_ref(a, rows, size, np.max).reshape(-1),
        params=_adaptive_params,
        fits=lambda a: a.size >= 1,
        kink=lambda a, rows, size: _adaptive_kink(a, rows, size),
    ),
]


ENTRIES: list[Entry] = [
    # ------------------------------------------------------- elementwise, one operand
    _elementwise("Tensor.exp", lambda x: x.exp(), np.exp),
    _elementwise("Tensor.log", lambda x: x.log(), np.log, kink=lambda a: _dist(a)),
    _elementwise("Tensor.sqrt", lambda x: x.sqrt(), np.sqrt, kink=lambda a: _dist(a)),
    _elementwise("Tensor.sin", lambda x: x.sin(), np.sin),
    _elementwise("Tensor.cos", lambda x: x.cos(), np.cos),
    _elementwise("Tensor.tanh, F.tanh", lambda x: x.tanh(), np.tanh),
    _elementwise("Tensor.sigmoid, F.sigmoid", lambda x: F.sigmoid(x), _sigmoid),
    _elementwise(
        "Tensor.relu, F.relu",
        lambda x: x.relu(),
        lambda a: np.maximum(a, 0),
        kink=lambda a: _dist(a),
    ),  # fmt: skip
    _elementwise("Tensor.abs, operator.abs", lambda x: abs(x), np.abs, kink=lambda a: _dist(a)),
    _elementwise("operator.neg", lambda x: -x, np.negative),
    _elementwise("Tensor.sign", lambda x: x.sign() + x * 0, lambda a: np.sign(a) + a * 0),
    Entry("Tensor.detach", lambda x: x.detach() * x, lambda a: a * a, cuts=True),
    _elementwise("Tensor.copy, Tensor.clone", lambda x: x.copy() * x.clone(), lambda a: a * a),
    _elementwise("Tensor.double", lambda x: x.double(), lambda a: a),
    Entry(
        "Tensor.pow",
        lambda x, p: x.pow(p),
        lambda a, p: 1 / np.sqrt(a) if p == -0.5 else np.power(a, p),  # PyTorch's: -0.0 -> -inf
        params=lambda d, a: {"p": d(st.sampled_from(_EXPONENTS))},
        kink=_pow_kink,
    ),
    Entry(
        "Tensor.clip",
        lambda x, lo, hi: x.clip(lo, hi),
        lambda a, lo, hi: np.clip(a, lo, hi),
        params=_clip_params,
        kink=_clip_kink,
    ),
    _scalar("operator.radd", lambda x, c: c + x, lambda a, c: c + a),
    _scalar("operator.rsub", lambda x, c: c - x, lambda a, c: c - a),
    _scalar("operator.rmul", lambda x, c: c * x, lambda a, c: c * a),
    _scalar(
        "operator.rtruediv", lambda x, c: c / x, lambda a, c: c / a, kink=lambda a, c: _dist(a)
    ),
    _scalar(
        "operator.rpow",
        lambda x, c: abs(c) ** x,
        lambda a, c: np.power(abs(c), a),
        kink=lambda a, c: _dist(c),
    ),  # fmt: skip
    _scalar(
        "Tensor.maximum, autograd.maximum",
        lambda x, c: autograd.maximum(x, c),
        lambda a, c: np.maximum(a, c),
        kink=lambda a, c: _dist(a - c),
    ),  # fmt: skip
    _scalar(
        "Tensor.minimum, autograd.minimum",
        lambda x, c: x.minimum(c),
        lambda a, c: np.minimum(a, c),
        kink=lambda a, c: _dist(a - c),
    ),  # fmt: skip
    # ------------------------------------------------------------- two operands
    _binary("operator.add", lambda x, y: x + y, np.add),
    _binary("operator.sub", lambda x, y: x - y, np.subtract),
    _binary("operator.mul", lambda x, y: x * y, np.multiply),
    _binary("operator.truediv", lambda x, y: x / y, np.divide, kink=lambda a, b: _dist(b)),
    Entry(
        "operator.pow",
        lambda x, y: x**y,
        np.power,
        arity=2,
        fits=_broadcastable,
        kink=lambda a, b: _dist(a),
        undefined=lambda a, b: bool(np.any(a < 0)),
        example=((2, 3), (3,)),
    ),  # fmt: skip
    _binary(
        "Tensor.maximum, autograd.maximum",
        lambda x, y: x.maximum(y),
        np.maximum,
        kink=lambda a, b: _dist(a - b),
    ),  # fmt: skip
    _binary(
        "Tensor.minimum, autograd.minimum",
        lambda x, y: autograd.minimum(x, y),
        np.minimum,
        kink=lambda a, b: _dist(a - b),
    ),  # fmt: skip
    Entry(
        "operator.matmul, autograd.matmul",
        lambda x, y: autograd.matmul(x, y),
        np.matmul,
        arity=2,
        fits=_matmul_fits,
        example=((2, 3), (3, 2)),
    ),
    Entry(
        "autograd.where",
        lambda x, y, cond: autograd.where(cond, x, y),
        lambda a, b, cond: np.where(cond, a, b),
        arity=2,
        fits=_broadcastable,
        params=_cond,
        example=((2, 3), (3,)),
    ),
    Entry(
        "autograd.concatenate",
        lambda x, y, axis: autograd.concatenate([x, y], axis),
        lambda a, b, axis: np.concatenate([a, b], axis),
        arity=2,
        fits=lambda a, b: a.ndim >= 1 and a.shape[1:] == b.shape[1:] and a.ndim == b.ndim,
        params=lambda d, a: {"axis": 0},
        example=((2, 3), (1, 3)),
    ),
    Entry(
        "autograd.stack",
        lambda x, y, axis: autograd.stack([x, y], axis),
        lambda a, b, axis: np.stack([a, b], axis),
        arity=2,
        fits=_same_shape,
        params=lambda d, a: {"axis": d(st.integers(-a[0].ndim - 1, a[0].ndim))},
        example=((2, 3), (2, 3)),
    ),
    # ------------------------------------------------------------------ reductions
    Entry("Tensor.sum", **_red("sum", np.sum)),
    Entry("Tensor.mean", **_red("mean", np.mean)),
    Entry("Tensor.max", **_red("max", np.max), kink=_max_kink),
    Entry("Tensor.min", **_red("min", np.min), kink=_max_kink),
    Entry("Tensor.var", **_red("var", lambda a, **k: _unbiased(np.var, a, **k))),
    Entry("Tensor.std", **_red("std", lambda a, **k: _unbiased(np.std, a, **k)), kink=_var_kink),
    Entry("Tensor.logsumexp", **_red("logsumexp", _logsumexp)),
    Entry(
        "Tensor.softmax, F.softmax",
        lambda x, dim: F.softmax(x, dim=dim),
        lambda a, dim: _softmax(a, dim),
        params=_dim,
    ),
    Entry(
        "Tensor.log_softmax, F.log_softmax",
        lambda x, dim: x.log_softmax(dim=dim),
        lambda a, dim: _log_softmax(a, dim),
        params=_dim,
    ),
    Entry(
        "Tensor.argmax, Tensor.argmin",
        lambda x, axis: x.argmax(axis).double() + x.argmin(axis).double() + x.sum() * 0,
        lambda a, axis: np.argmax(a, axis) + np.argmin(a, axis) + 0.0 * np.sum(a),
        params=lambda d, a: {"axis": _axis(d, a[0], tuples=False)},
        fits=lambda a: a.size > 0,
        kink=lambda a, axis: _max_kink(a, axis, False),  # ties: the index jumps
    ),
    # ------------------------------------------------------------------- shapes
    Entry(
        "Tensor.reshape, Tensor.view",
        lambda x, shape: x.reshape(shape).view(shape),
        lambda a, shape: a.reshape(shape),
        params=_reshape,
    ),
    Entry(
        "Tensor.permute, Tensor.T",
        lambda x, perm: x.permute(*perm).T,
        lambda a, perm: np.transpose(a, perm).T,
        params=_perm,
    ),
    Entry(
        "Tensor.transpose",  # PyTorch's: two dims swapped
        lambda x, i, j: x.transpose(i, j),
        lambda a, i, j: np.swapaxes(a, i, j),
        params=lambda d, a: {"i": d(st.integers(0, a[0].ndim - 1)), "j": -1},
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.swapaxes",
        lambda x, i, j: x.swapaxes(i, j),
        lambda a, i, j: np.swapaxes(a, i, j),
        params=lambda d, a: {"i": d(st.integers(0, a[0].ndim - 1)), "j": 0},
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "Tensor.squeeze, Tensor.unsqueeze, Tensor.expand_dims",
        lambda x, axis: x.unsqueeze(axis).expand_dims(0).squeeze(0).squeeze(),
        lambda a, axis: np.squeeze(a),
        params=lambda d, a: {"axis": d(st.integers(-a[0].ndim - 1, a[0].ndim))},
    ),
    Entry(
        "Tensor.flatten",
        lambda x, start: x.flatten(start),
        lambda a, start: a.reshape(a.shape[: start % a.ndim] + (-1,)) if a.ndim else a.reshape(1),
        params=lambda d, a: {"start": d(st.integers(0, max(a[0].ndim - 1, 0)))},
    ),
    Entry(
        "Tensor.broadcast_to, Tensor.expand",
        lambda x, n: x.broadcast_to((n, *x.shape)).expand(n, *x.shape),
        lambda a, n: np.broadcast_to(a, (n, *a.shape)),
        params=lambda d, a: {"n": d(st.integers(0, 2))},
    ),
    Entry(
        "Tensor.__getitem__",
        lambda x, idx: x[idx],
        lambda a, idx: a[idx],
        params=_index,
        fits=lambda a: a.ndim >= 1,
    ),
    # ---------------------------------------------------------------- activations
    _elementwise(
        "F.leaky_relu",
        lambda x: F.leaky_relu(x),
        lambda a: np.where(a > 0, a, 0.01 * a),
        kink=lambda a: _dist(a),
    ),  # fmt: skip
    _elementwise(
        "F.rrelu",
        lambda x: F.rrelu(x),
        lambda a: np.where(a > 0, a, a * (11 / 48)),
        kink=lambda a: _dist(a),
    ),  # fmt: skip
    _elementwise(
        "F.elu",
        lambda x: F.elu(x),
        lambda a: np.where(a > 0, a, np.expm1(np.minimum(a, 0))),  # noqa: E501
        kink=lambda a: _dist(a),
    ),  # fmt: skip
    _elementwise(
        "F.selu",
        lambda x: F.selu(x),
        lambda a: (
            1.0507009873554805 * np.where(a > 0, a, 1.6732632423543772 * np.expm1(np.minimum(a, 0)))
        ),  # noqa: E501
        kink=lambda a: _dist(a),
    ),  # fmt: skip
    Entry(
        "F.gelu",
        lambda x, approximate: F.gelu(x, approximate=approximate),
        lambda a, approximate: (
            0.5 * a * (1 + _erf(a / math.sqrt(2)))
            if approximate == "none"
            else 0.5 * a * (1 + np.tanh(math.sqrt(2 / math.pi) * (a + 0.044715 * a**3)))
        ),
        params=lambda d, a: {"approximate": d(st.sampled_from(["none", "tanh"]))},
    ),
    _elementwise("F.silu", lambda x: F.silu(x), lambda a: a * _sigmoid(a)),
    _elementwise(
        "F.softplus",
        lambda x: F.softplus(x),
        lambda a: np.where(a > 20, a, np.logaddexp(0, a)),
        kink=lambda a: _dist(a - 20),
    ),  # fmt: skip
    _elementwise(
        "F.softsign",
        lambda x: F.softsign(x),
        lambda a: a / (1 + np.abs(a)),
        kink=lambda a: _dist(a),
    ),  # fmt: skip
    _elementwise("F.arctan", lambda x: F.arctan(x), np.arctan),
    _elementwise("F.isru", lambda x: F.isru(x), lambda a: a / np.sqrt(1 + a * a)),
    _elementwise(
        "F.isrlu",
        lambda x: F.isrlu(x),
        lambda a: np.where(a >= 0, a, a / np.sqrt(1 + a * a)),  # noqa: E501
        kink=lambda a: _dist(a),
    ),  # fmt: skip
    _elementwise(
        "F.sqnl", lambda x: F.sqnl(x), _sqnl_ref, kink=lambda a: _dist(a, np.abs(a) - 2)
    ),  # fmt: skip
    _elementwise(
        "F.bipolar_relu", lambda x: F.bipolar_relu(x), _bipolar_ref, kink=lambda a: _dist(a)
    ),  # noqa: E501
    _elementwise(
        "F.binary_step",
        lambda x: F.binary_step(x) + x,
        lambda a: (a >= 0) + a,
        kink=lambda a: _dist(a),  # the step
    ),
    _elementwise("F.identity", lambda x: F.identity(x), lambda a: a),
    _elementwise(
        "F.dropout",
        lambda x: F.dropout(x, 0.0) + F.dropout(x, 0.5, training=False),
        lambda a: 2 * a,
    ),  # fmt: skip
    Entry(
        "F.prelu",
        lambda x, w: F.prelu(x, w),
        lambda a, w: np.where(a > 0, a, a * w),
        arity=2,
        fits=lambda a, w: w.size == 1 and w.ndim <= 1,
        kink=lambda a, w: _dist(a),
        example=((2, 3), (1,)),
    ),
    # -------------------------------------------------------------------- losses
    Entry(
        "F.mse_loss",
        lambda x, y, reduction: F.mse_loss(x, y, reduction=reduction),
        lambda a, b, reduction: _REDUCE[reduction]((a - b) ** 2),
        arity=2,
        fits=_same_shape,
        params=_reduction,
        example=((2, 3), (2, 3)),
    ),  # fmt: skip
    Entry(
        "F.l1_loss",
        lambda x, y, reduction: F.l1_loss(x, y, reduction=reduction),
        lambda a, b, reduction: _REDUCE[reduction](np.abs(a - b)),
        arity=2,
        fits=_same_shape,
        params=_reduction,
        kink=lambda a, b, reduction: _dist(a - b),
        example=((2, 3), (2, 3)),
    ),  # fmt: skip
    Entry(
        "F.huber_loss",
        lambda x, y, reduction: F.huber_loss(x, y, reduction=reduction),
        _huber_ref,
        arity=2,
        fits=_same_shape,
        params=_reduction,
        kink=lambda a, b, reduction: _dist(np.abs(a - b) - 1),
        example=((2, 3), (2, 3)),
    ),  # fmt: skip
    Entry(
        "F.smooth_l1_loss",
        lambda x, y, reduction: F.smooth_l1_loss(x, y, reduction=reduction),
        _huber_ref,
        arity=2,
        fits=_same_shape,
        params=_reduction,
        kink=lambda a, b, reduction: _dist(np.abs(a - b) - 1),
        example=((2, 3), (2, 3)),
    ),  # fmt: skip
    Entry(
        "F.binary_cross_entropy",
        lambda x, y, reduction: F.binary_cross_entropy(
            x.sigmoid(), y.sigmoid(), reduction=reduction
        ),  # noqa: E501
        lambda a, b, reduction: _bce_ref(_sigmoid(a), _sigmoid(b), reduction),
        arity=2,
        fits=_same_shape,
        params=_reduction,
        kink=_saturated,
        example=((2, 3), (2, 3)),
    ),
    Entry(
        "F.binary_cross_entropy_with_logits",
        lambda x, y, reduction: F.binary_cross_entropy_with_logits(
            x, y.sigmoid(), reduction=reduction
        ),  # noqa: E501
        lambda a, b, reduction: _REDUCE[reduction]((1 - _sigmoid(b)) * a + np.logaddexp(0, -a)),
        arity=2,
        fits=_same_shape,
        params=_reduction,
        example=((2, 3), (2, 3)),
    ),
    Entry(
        "F.kl_div",
        lambda x, y, reduction: F.kl_div(x, y.sigmoid(), reduction=reduction),
        lambda a, b, reduction: _REDUCE[reduction](
            np.where(
                _sigmoid(b) > 0,
                _sigmoid(b) * (np.log(np.where(_sigmoid(b) > 0, _sigmoid(b), 1)) - a),
                0,
            )  # noqa: E501
        ),
        arity=2,
        fits=_same_shape,
        params=_reduction,
        example=((2, 3), (2, 3)),
    ),
    Entry(
        "F.cross_entropy",
        lambda x, target, reduction: F.cross_entropy(x, target, reduction=reduction),  # noqa: E501
        _ce_ref,
        params=_classes,
        fits=_logits,
    ),  # fmt: skip
    Entry(
        "F.nll_loss",
        lambda x, target, reduction: F.nll_loss(x, target, reduction=reduction),
        _nll_ref,
        params=_classes,
        fits=lambda a: _logits(a) and a.ndim == 2,
    ),  # fmt: skip
    Entry(
        "F.multi_margin_loss",
        lambda x, target, reduction: F.multi_margin_loss(x, target, reduction=reduction),
        _margin_ref,
        params=_classes,
        fits=_logits,
        kink=_margin_kink,
    ),  # fmt: skip
    # --------------------------------------------------------------------- layers
    Entry(
        "F.linear",
        lambda x, w: F.linear(x, w.reshape(-1, x.shape[-1])),
        lambda a, w: a @ w.reshape(-1, a.shape[-1]).T,
        arity=2,
        fits=lambda a, w: a.ndim >= 1 and a.shape[-1] >= 1 and w.size % a.shape[-1] == 0,
        example=((2, 3), (2, 3)),
    ),
    Entry(
        "F.layer_norm",
        lambda x: F.layer_norm(x, x.shape[-1:]),
        lambda a: _standardized_ref(a, -1),
        fits=lambda a: a.ndim >= 1,
    ),
    Entry(
        "F.group_norm, F.instance_norm, F.batch_norm",
        lambda x: (
            F.group_norm(x.reshape(2, 1, -1), 1).reshape(x.shape)
            + F.instance_norm(x.reshape(1, 2, 1, -1)).reshape(x.shape)
            + F.batch_norm(x.reshape(-1, 2), None, None, training=True).reshape(x.shape)
        ),
        lambda a: (
            _standardized_ref(a.reshape(2, -1), 1).reshape(a.shape)
            + _standardized_ref(a.reshape(2, -1), 1).reshape(a.shape)
            + _standardized_ref(a.reshape(-1, 2), 0).reshape(a.shape)
        ),
        fits=lambda a: a.size >= 4 and a.size % 2 == 0,
    ),
    Entry(
        "F.conv2d",
        lambda x, w: F.conv2d(x.reshape(1, 1, 1, -1), w.reshape(1, 1, 1, -1)),
        _conv_ref,
        arity=2,
        fits=lambda x, w: 1 <= w.size <= min(3, x.size),
        example=((2, 3), (2,)),
    ),
    Entry(
        "F.max_pool2d",
        lambda x: F.max_pool2d(x.reshape(1, 1, 1, -1), (1, 2)),
        lambda a: _pool_ref(a, np.max),
        fits=lambda a: a.size >= 2,
        kink=_pool_kink,
    ),  # fmt: skip
    Entry(
        "F.avg_pool2d",
        lambda x: F.avg_pool2d(x.reshape(1, 1, 1, -1), (1, 2)),
        lambda a: _pool_ref(a, np.mean),
        fits=lambda a: a.size >= 2,
    ),  # fmt: skip
    Entry(
        "F.adaptive_avg_pool1d, F.adaptive_avg_pool2d",
        lambda x, rows, size: (
            F.adaptive_avg_pool2d(x.reshape(1, rows, -1), (rows, size)).reshape(-1)
            if rows == 2
            else F.adaptive_avg_pool1d(x.reshape(1, 1, -1), size).reshape(-1)
        ),
        lambda a, rows, size: _adaptive_ref(a, rows, size, np.mean).reshape(-1),
        params=_adaptive_params,
        fits=lambda a: a.size >= 1,
    ),
    Entry(
        "F.adaptive_max_pool1d, F.adaptive_max_pool2d",
        lambda x, rows, size: (
            F.adaptive_max_pool2d(x.reshape(1, rows, -1), (rows, size)).reshape(-1)
            if rows == 2
            else F.adaptive_max_pool1d(x.reshape(1, 1, -1), size).reshape(-1)
        ),
        lambda a, rows, size: _adaptive_ref(a, rows, size, np.max).reshape(-1),
        params=_adaptive_params,
        fits=lambda a: a.size >= 1,
        kink=lambda a, rows, size: _adaptive_kink(a, rows, size),
    ),
    Entry(
        "F.scaled_dot_product_attention",
        lambda q, k: F.scaled_dot_product_attention(q, k, k),
        lambda q, k: _sdpa_ref(q, k, k),
        arity=2,
        fits=_sdpa_fits,
        example=((2, 3), (4, 3)),
    ),
    Entry(
        "F.embedding",
        lambda w, idx: F.embedding(idx, w),
        lambda w, idx: w[idx],
        params=lambda d, a: {
            "idx": np.array(d(st.lists(st.integers(0, a[0].shape[0] - 1), max_size=4)), np.int64)
        },
        fits=lambda w: w.ndim == 2 and w.shape[0] >= 1,
    ),
    *_ISSUE13,
    *_ORDER,
    *_CONV_FAMILY,
    *_MATRIX_ENTRIES,
    *_MATHOPS,
    *_NNFUNC,
    *_NN3D,
    *_NNMISC,
    *_NUMBERS,
]

# Public names not fuzzed, each with its reason.
_INPLACE = "in place (tests/test_inplace.py): not part of a recorded program"
_RANDOM = "draws random numbers: no deterministic reference (tests/test_random_*.py)"
_NOT_AN_OP = "not an operation on values"
_EXTRA = (
    "tests/test_nn_extra_pytorch.py checks PyTorch's values and gradients, and finite "
    "differences; tests/test_ops_table.py has rows for its primitives"
)
EXCLUDED: dict[str, str] = {
    **{f"Tensor.{n}": _INPLACE for n in "add_ sub_ mul_ div_ zero_ fill_ copy_ clamp_".split()},
    **{
        f"Tensor.{n}": _INPLACE
        for n in "squeeze_ unsqueeze_ transpose_ t_ i0_ sinc_ xlogy_".split()
    },
    "Tensor.igamma_": _INPLACE,
    "Tensor.igammac_": _INPLACE,
    **{
        f"Tensor.{n}": "autograd.special's function as a method (loaded on first use): "
        "tests/test_special_pytorch.py and tests/test_torch_aliases.py check it"
        for n in "i0 sinc xlogy igamma igammac".split()
    },
    "Tensor.nonzero_static": _NO_GRADIENT,
    "Tensor.const_data_ptr": _NOT_AN_OP,
    "Tensor.dim_order": _NOT_AN_OP,
    "Tensor.resize_": _INPLACE,
    "Tensor.resize_as_": _INPLACE,
    **{
        f"Tensor.{n}": _RANDOM
        for n in "bernoulli bernoulli_ exponential_ multinomial normal_ random_ uniform_".split()
        + ["cauchy_", "log_normal_", "geometric_"]
    },
    **{
        f"Tensor.{n}": _NOT_AN_OP
        for n in (
            "backward data dtype grad grad_fn is_leaf item name ndim numpy requires_grad "
            "requires_grad_ retain_grad shape size tolist zero_grad"
        ).split()
    },
    "Tensor.astype": "a float32 round trip is too coarse for float64 finite differences "
    "(tests/test_ops_table.py's cast rows, the float16 tests)",
    "Tensor.float": "as Tensor.astype",
    **{f"Tensor.{n}": "as Tensor.astype" for n in "half to type type_as".split()},
    **{
        f"Tensor.{n}": "a cast to an integer or bool dtype: cuts the graph (no gradient)"
        for n in "bool byte char int long short".split()
    },
    **{
        f"Tensor.{n}": "a cast to complex: the fuzz's references and differences are real"
        for n in "cdouble cfloat".split()
    },
    "Tensor.bfloat16": "refused (numpy has no bfloat16): tests/test_torch_namespace.py",
    **{
        f"Tensor.{n}": _INPLACE
        for n in (
            "abs_ addcdiv_ addcmul_ ceil_ clamp_max_ clamp_min_ clip_ cos_ exp_ expm1_ floor_ "
            "frac_ index_fill_ index_put_ lerp_ log10_ log1p_ log2_ log_ masked_fill_ neg_ pow_ "
            "reciprocal_ relu_ round_ rsqrt_ scatter_ scatter_add_ sigmoid_ sign_ sin_ sqrt_ "
            "square_ tanh_ trunc_"
        ).split()
    },
    **{
        f"Tensor.{n}": _BOOL_RESULT
        for n in (
            "eq ne not_equal ge greater_equal gt greater le less_equal lt less equal allclose "
            "isclose isfinite isinf isnan isneginf isposinf logical_and logical_not logical_or "
            "logical_xor all any count_nonzero nonzero argsort"
        ).split()
    },
    "F.one_hot": _BOOL_RESULT,
    **{
        f"Tensor.{n}": _NOT_AN_OP
        for n in (
            "dim ndimension nelement numel is_inference register_hook "
            "register_post_accumulate_grad_hook retains_grad"
        ).split()
    },
    "Tensor.scatter": _TABLE_ROWS,
    "Tensor.scatter_add": _TABLE_ROWS,
    "Tensor.index_put": _TABLE_ROWS,
    **{
        f"Tensor.{n}": "a new tensor of a size (creation), not an op on values"
        for n in "new_empty new_full new_ones new_tensor new_zeros".split()
    },
    **{
        f"Tensor.{n}": _NOT_AN_OP
        for n in (
            "cpu cuda device element_size get_device is_complex is_cpu is_cuda is_floating_point"
            " is_xpu is_mps"
        ).split()
    },
    "Tensor.to_sparse": "refused (no sparse layouts): tests/test_torch_namespace.py",
    "F.multi_head_attention_forward": "linear projections and scaled_dot_product_attention, both "
    "fuzzed; its many weights are checked in tests/test_nn_attention.py",
    "F.dropout1d": _RANDOM,
    "F.dropout2d": _RANDOM,
    "F.dropout3d": _RANDOM,
    # order statistics, counting and indexing
    **{
        f"Tensor.{n}": _NO_GRADIENT
        for n in "argwhere bincount histc histogram unique unique_consecutive".split()
    },
    "Tensor.index_add_": _INPLACE,
    **{
        f"F.{n}": "a deprecated alias of F.interpolate (it warns): "
        "tests/test_nn_conv_family_pytorch.py"
        for n in ("upsample", "upsample_nearest", "upsample_bilinear")
    },
    **{
        f"Tensor.{n}": "a factorisation: singular inputs raise (LinAlgError) or give infinite "
        "derivatives, which random programs meet; " + _TABLE_ROWS + " and "
        "tests/test_linalg_pytorch.py (PyTorch's values, singular inputs)"
        for n in (
            "det slogdet logdet inverse pinverse matrix_power svd qr cholesky cholesky_solve "
            "cholesky_inverse"
        ).split()
    },
    **{
        f"Tensor.{n}": _INPLACE
        for n in (
            "tan_ asin_ arcsin_ acos_ arccos_ atan_ arctan_ atan2_ arctan2_ sinh_ cosh_ asinh_ "
            "arcsinh_ acosh_ arccosh_ atanh_ arctanh_ erf_ erfc_ erfinv_ lgamma_ digamma_ "
            "deg2rad_ rad2deg_ logit_ hypot_ fmod_ nan_to_num_ bitwise_and_ bitwise_or_ "
            "bitwise_xor_ bitwise_not_ detach_ polygamma_"
        ).split()
    },
    **{
        f"Tensor.{n}": "no float64 reference in numpy or the standard library: "
        "tests/test_math_ops_pytorch.py compares it with PyTorch's values over wide ranges"
        for n in ("erfinv", "digamma", "polygamma")
    },
    **{
        f"Tensor.{n}": "integer and bool tensors only: not differentiable "
        "(tests/test_math_ops_pytorch.py)"
        for n in ("bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_not")
    },
    **{
        f"Tensor.{n}": _NOT_AN_OP
        for n in ("is_contiguous", "is_nonzero", "itemsize", "nbytes", "stride")
    },
    **{
        f"F.{n}": _INPLACE
        for n in "relu_ elu_ leaky_relu_ selu_ celu_ hardtanh_ threshold_".split()
    },
    **{
        f"Tensor.{n}": _NOT_AN_OP
        for n in "data_ptr storage_offset is_shared is_pinned share_memory_ pin_memory".split()
    },
    **{
        f"Tensor.{n}": "Python callables element by element, refused for tensors that require "
        "grad (no graph): tests/test_tensor_memory.py"
        for n in ("apply_", "map_")
    },
    "F.rrelu_": _INPLACE,
    "F.gumbel_softmax": _RANDOM,
    "F.grid_sample": "piecewise in the grid (the taps jump where a point crosses a pixel "
    "line): tests/test_nn_misc_pytorch.py checks PyTorch's values and gradients in every mode, "
    "padding mode and alignment, and finite differences away from the pixel lines",
    "F.assert_int_or_pair": _NOT_AN_OP,
    "F.ctc_loss": "its gradient is PyTorch's closed form (the logits' gradient through a "
    "log_softmax, not the derivative with respect to log_probs) and has no derivative: " + _EXTRA,
    **{
        f"F.fractional_max_pool{d}d{w}": "draws its windows at random unless samples are given, "
        "and its indices are integers: " + _EXTRA
        for d in (2, 3)
        for w in ("", "_with_indices")
    },
    "F.linear_cross_entropy": "cross_entropy(linear(...)) (both fuzzed); its chunked path has "
    "no second derivative, as PyTorch's: " + _EXTRA,
    "F.conv_tbc": "conv1d (fuzzed) over permuted axes: " + _EXTRA,
    **{
        f"Tensor.{n}": f"PyTorch's alias of {target} (fuzzed), delegating to it: "
        "tests/test_torch_aliases.py"
        for n, target in [
            ("moveaxis", "movedim"),
            ("ravel", "reshape(-1)"),
            ("positive", "the tensor itself"),
            ("hsplit", "tensor_split"),
            ("vsplit", "tensor_split"),
            ("dsplit", "tensor_split"),
            ("mvlgamma", "a sum of lgamma"),
        ]
    },
    **{
        f"Tensor.{n}": "sort, take_along_dim and lerp (each fuzzed) composed: "
        "tests/test_quantile_pytorch.py checks PyTorch's values and gradients"
        for n in ("quantile", "nanquantile")
    },
    **{
        f"Tensor.{n}": _INPLACE
        for n in (
            "absolute_ addbmm_ addmm_ addmv_ baddbmm_ addr_ renorm_ cumprod_ cumsum_ divide_ "
            "multiply_ subtract_ true_divide_ floor_divide_ remainder_ negative_ sgn_ fix_ exp2_ "
            "mvlgamma_ tril_ triu_ eq_ ne_ not_equal_ lt_ less_ le_ less_equal_ gt_ greater_ ge_ "
            "greater_equal_ logical_and_ logical_or_ logical_xor_ logical_not_ copysign_ gcd_ "
            "lcm_ ldexp_ nextafter_ float_power_ conj_physical_ bitwise_left_shift_ "
            "bitwise_right_shift_"
        ).split()
    },
    **{f"Tensor.{n}": _BOOL_RESULT for n in "signbit isreal".split()},
    **{f"Tensor.{n}": _NOT_AN_OP for n in "is_conj is_neg is_signed is_same_size imag".split()},
    **{
        f"Tensor.{n}": "a real tensor itself (no op is recorded): tests/test_numbers_pytorch.py"
        for n in "real conj conj_physical resolve_conj resolve_neg".split()
    },
    **{
        f"Tensor.{n}": "integer tensors only: no gradient (tests/test_numbers_pytorch.py checks "
        "PyTorch's values)"
        for n in "gcd lcm bitwise_left_shift bitwise_right_shift".split()
    },
    "Tensor.heaviside": "a step function without a gradient (PyTorch has none): "
    "tests/test_numbers_pytorch.py",
    "Tensor.angle": "0 or pi, zero gradient: tests/test_numbers_pytorch.py",
    # indexing and scatter (autograd/tensor_scatter.py)
    **{
        f"Tensor.{n}": "SetItem, GetItem and ScatterAdd (index_put's, getitem's) composed: "
        "tests/test_torch_level_pytorch.py checks PyTorch's values, gradients and second "
        "derivatives, and finite differences"
        for n in (
            "index_copy index_fill put masked_scatter diagonal_scatter select_scatter "
            "slice_scatter as_strided as_strided_scatter narrow_copy"
        ).split()
    },
    **{
        f"Tensor.{n}": "split and chunk (PyTorch's names for them): "
        "tests/test_torch_level_pytorch.py"
        for n in "split_with_sizes unsafe_split unsafe_chunk unsafe_split_with_sizes".split()
    },
    **{
        f"Tensor.{n}": "the ScatterReduce primitive: " + _TABLE_ROWS + " and "
        "tests/test_torch_level_pytorch.py (PyTorch's values and gradients, ties included)"
        for n in ("scatter_reduce", "index_reduce")
    },
    **{
        f"Tensor.{n}": _INPLACE
        for n in (
            "index_copy_ index_reduce_ masked_scatter_ put_ scatter_reduce_ fill_diagonal_"
        ).split()
    },
    **{
        f"Tensor.{n}": "LUFactor, MatrixExp (" + _TABLE_ROWS + ") and Solve composed: "
        "tests/test_torch_level_pytorch.py checks PyTorch's values and derivatives"
        for n in "lu lu_solve matrix_exp orgqr ormqr triangular_solve".split()
    },
    "Tensor.geqrf": "no gradient (as PyTorch's): tests/test_torch_level_pytorch.py checks "
    "PyTorch's values",
    "Tensor.stft": "the DFT as matmuls of recorded frames: tests/test_torch_level_pytorch.py "
    "checks PyTorch's values and derivatives",
    "Tensor.istft": "refused (no complex dtype): tests/test_torch_level_pytorch.py",
}

# Registered primitives that no entry reaches, each with its reason.
EXCLUDED_OPS: dict[str, str] = {
    "autograd.ops_einsum.Einsum": "autograd.einsum, not a Tensor method: " + _TABLE_ROWS,
    "autograd.ops_shape.CopySlices": "recorded by in-place writes through a view of a "
    "tensor in a graph (the tensor's new node); checked against finite differences in "
    "tests/test_ops_table.py (inplace_through_view) and against PyTorch in "
    "tests/test_inplace_pytorch.py",
    "autograd.ops_shape.SetItem": "recorded by in-place writes (x[i] = v) and index_put: "
    + _TABLE_ROWS,
    "autograd.ops_elementwise.Cast": EXCLUDED["Tensor.astype"],
    "nn.rnn_ops.RecurrentLayer": "only nn.RNN/LSTM/GRU (modules, no functional form) use it; "
    "tests/test_ops_table.py checks its derivatives",
    "nn.rnn_ops.LSTMPointwise": "as RecurrentLayer (nn.LSTMCell)",
    "nn.rnn_ops.GRUPointwise": "as RecurrentLayer (nn.GRUCell)",
    "nn.embedding.ScaleGrad": "F.embedding(..., scale_grad_by_freq=True) rescales the "
    "gradient at repeated indices (not a derivative); tests/test_fidelity_pytorch.py checks "
    "PyTorch's numbers and tests/test_ops_table.py its derivative at distinct indices",
    "nn.attention_ops.PackedSelfAttention": "recorded by MultiheadAttention's self-attention "
    "without weights (the Transformer layers); tests/test_ops_table.py's attention_packed rows "
    "and tests/test_nn_attention.py (against the general path) check it",
    "nn.conv_ops.PoolGather": "recorded only by a third derivative of pooling (the backward "
    "of PoolScatter); tests/test_ops_table.py's pool_gather row checks it",
    **{
        f"autograd.ops_linalg.{n}": EXCLUDED["Tensor.det"]
        for n in "Cholesky Det Eigh Inverse LogAbsDet Pinverse QR SVD Solve".split()
    },
    "autograd.ops_linalg.Cdist": "autograd.cdist, not a Tensor method: "
    + _TABLE_ROWS
    + " and tests/test_linalg_pytorch.py (PyTorch's values and gradients)",
    **{f"autograd.ops_special.{n}": EXCLUDED[f"Tensor.{n.lower()}"] for n in ("Erfinv", "Digamma")},
    "autograd.ops_special.Polygamma": "digamma's derivatives: "
    + EXCLUDED["Tensor.digamma"].split(": ", 1)[1],
    "nn.ctc.CTCLossOp": EXCLUDED["F.ctc_loss"],
    "nn.ctc.CTCLossGrad": EXCLUDED["F.ctc_loss"],
    "nn.linear_cross_entropy.LinearCrossEntropyChunked": EXCLUDED["F.linear_cross_entropy"],
    "nn.linear_cross_entropy.LinearCrossEntropyChunkedGrad": EXCLUDED["F.linear_cross_entropy"],
    "nn.cross_map_lrn.CrossMapLRN2dOp": "nn.CrossMapLRN2d (a module, no functional form), "
    "PyTorch's legacy kernel whose gradient is not the derivative of its value: " + _EXTRA,
    "nn.cross_map_lrn.CrossMapLRN2dGrad": "as CrossMapLRN2dOp",
    **{
        f"autograd.ops_torch_special.{n}": "an autograd.special function, not a Tensor method: "
        "tests/test_ops_table.py's special_* rows and tests/test_special_pytorch.py check it"
        for n in "Erfcx Ndtri LogNdtr I0 I0e I1 I1e Xlogy Xlog1py Entr Sinc Zeta Gammainc "
        "Gammaincc".split()
    },
    "autograd.ops_scatter.ScatterReduce": EXCLUDED["Tensor.scatter_reduce"],
    **{
        f"autograd.ops_lu.{n}": "autograd.linalg's, not a Tensor method: "
        + _TABLE_ROWS
        + " and tests/test_torch_level_pytorch.py (PyTorch's values and gradients)"
        for n in ("LUFactor", "MatrixExp")
    },
}
