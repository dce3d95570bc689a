"""Reductions: sum, max, the fused softmax / log-softmax, and the scans cumsum / cumprod."""

from __future__ import annotations

import numpy as np

from .dtypes import HALF
from .float_warnings import quiet, quiet_when_raised
from .op import Op, masked, sign, value, xp


def _kept_shape(shape: tuple, axis) -> tuple:
    """The shape a reduction over `axis` has with keepdims=True."""
    if axis is None:
        return (1,) * len(shape)
    return tuple(1 if i in axis else n for i, n in enumerate(shape))


class Sum(Op):
    """Sum over `axis`, in `dtype` (None: the input's). float16 accumulates in float32
    and is rounded once (numpy's float16 sum of 100,000 ones is inf; PyTorch's is too, but
    its partial sums are float32 like these)."""

    __slots__ = ("axis", "keepdims", "dtype")
    reads = ((),)

    def forward(self, a):
        if a.dtype is HALF and self.dtype is None:
            total = a.sum(axis=self.axis, keepdims=self.keepdims, dtype=np.float32)
            with np.errstate(all="ignore"):  # beyond 65504: inf, as PyTorch (no warning)
                return total.astype(HALF)
        try:  # free unless a filter raised numpy's inf + -inf (or overflow) warning
            return a.sum(axis=self.axis, keepdims=self.keepdims, dtype=self.dtype)
        except RuntimeWarning:  # the same sum, quietly (nan or inf, as PyTorch)
            with np.errstate(all="ignore"):
                return a.sum(axis=self.axis, keepdims=self.keepdims, dtype=self.dtype)

    def backward(self, g, out, a):
        # the backward of a sum is a broadcast (copy gates sum their gradients going forward)
        shape = a.shape
        if not self.keepdims:
            g = g.reshape(_kept_shape(shape, self.axis))
        if self.dtype is not None and g.dtype != a.dtype:  # sum(dtype=...): cast back
            g = g.astype(a.dtype)
        return (xp(g).broadcast_to(g, shape),)


class Max(Op):
    """Largest value over `axis`; at ties the maxima share the gradient evenly.

    `scaled` picks which of PyTorch's two rules: False is max() over all elements (a NaN
    is the maximum of its slice and the NaNs share the gradient; 0 elsewhere, whatever g
    is); True is amax/amin's `(g / count) * mask` (a slice whose maximum is NaN has no
    element equal to it: NaN over the slice; an infinite or NaN g gives NaN off the maxima;
    -0.0 off them where g < 0).
    """

    __slots__ = ("axis", "keepdims", "scaled")

    def attributes(self) -> dict:
        """axis and keepdims (`scaled`, which gradient rule, is an internal: not drawn)."""
        return {"axis": self.axis, "keepdims": self.keepdims}

    def forward(self, a):
        return a.max(axis=self.axis, keepdims=self.keepdims)

    def backward(self, g, out, a):
        kept = _kept_shape(a.shape, self.axis)
        av = value(a)
        m = np.reshape(value(out), kept)
        hit = av == m
        if not self.keepdims:
            g = g.reshape(kept)
        if self.scaled:
            count = hit.sum(axis=self.axis, keepdims=True)
            with np.errstate(all="ignore"):
                if (count != 1).any():  # ties share; no element (a NaN slice): g / 0
                    g = g / count.astype(av.dtype)
                return (g * hit.astype(av.dtype),)
        if av.dtype.kind == "f" and np.isnan(m).any():  # a NaN is the maximum: its positions
            hit |= np.isnan(av) & np.isnan(m)  # get the gradient, as PyTorch's max()
        count = hit.sum(axis=self.axis, keepdims=True)
        if (count != 1).any():  # ties: each maximum gets an equal share
            g = g / count.astype(av.dtype)
        # masked, not g * hit: the other elements are flat (g may be inf: max(x).sqrt() at 0)
        return (masked(xp(g).broadcast_to(g, av.shape), hit),)


class Min(Max):
    """Smallest value over `axis`: `Max`'s rules, mirrored (the gradient off the minima is
    +0.0, as PyTorch's, not the -0.0 of -max(-x))."""

    __slots__ = ()

    def forward(self, a):
        return a.min(axis=self.axis, keepdims=self.keepdims)


@quiet
class Norm(Op):
    """The p-norm of real floats over `axis`: p = 2, inf, -inf or any p > 0.

    A primitive for PyTorch's gradient, `norm_backward`, written once over xp so that its
    second derivative is PyTorch's too. At the zero vector the gradient is 0 for a finite
    upstream gradient; what a NaN or infinite one gives depends on p, as PyTorch's: p = 1,
    2, inf and p < 1 multiply it by 0 (NaN), p > 1 other than 2 masks it (0).
    """

    __slots__ = ("p", "axis", "keepdims")

    def forward(self, a):
        x = a.astype(np.float32) if a.dtype is HALF else a
        ax, keep, p = self.axis, self.keepdims, self.p
        if p == 2:
            out = np.sqrt((x * x).sum(axis=ax, keepdims=keep))
        elif np.isinf(p):
            out = (np.max if p > 0 else np.min)(np.abs(x), axis=ax, keepdims=keep)
        elif p == 1:
            out = np.abs(x).sum(axis=ax, keepdims=keep)
        else:
            with np.errstate(all="ignore"):
                out = (np.abs(x) ** p).sum(axis=ax, keepdims=keep) ** (1 / p)
        return np.asarray(out).astype(a.dtype, copy=False)

    def backward(self, g, out, a):
        kept = _kept_shape(np.shape(value(a)), self.axis)
        if not self.keepdims:
            g, out = g.reshape(kept), out.reshape(kept)
        p, av = self.p, value(a)
        sgn = sign(av)  # sgn has no gradient: a constant, as in PyTorch (0 at NaN)
        with np.errstate(all="ignore"):
            if p == 1:
                return (g * sgn,)
            zero = value(out) != 0  # masked_fill(norm == 0, 0): keep where the norm is not 0
            if p == 2:
                return (g * masked(a / out, zero),)
            if np.isinf(p):  # amax/amin of |a|, NaNs counted as extremes
                mask = (np.abs(av) == value(out)) | np.isnan(av)
                share = g / mask.sum(axis=self.axis, keepdims=True).astype(av.dtype)
                return (sgn * (share * mask.astype(av.dtype)),)
            if p < 1:
                scaled = sgn * masked(abs(a) ** (p - 1), av != 0)
                return (scaled * g * out ** (1 - p),)
            scaled = sgn * abs(a) ** (p - 1) if p < 2 else a * abs(a) ** (p - 2)
            return (scaled * masked(g / out ** (p - 1), zero),)


class SharedPick(Op):
    """The element at `index` of the flattened input, its gradient shared evenly by the
    elements in `mask` (those equal to it): median over all elements, whose value is one
    element (its sign of zero too) and whose gradient PyTorch spreads over the ties."""

    __slots__ = ("index", "mask")

    def forward(self, a):
        return a.reshape(-1)[self.index]

    def backward(self, g, out, a):
        share = g / int(np.count_nonzero(self.mask))
        return (masked(xp(g).broadcast_to(share, np.shape(value(a))), self.mask),)


@quiet
class Var(Op):
    """The variance of n elements over `axis`, divided by max(n - correction, 0).

    Fused: its gradient 2 (x - mean) / (n - correction) * g is one expression, where the
    composed form adds a mean term that cancels only in exact arithmetic (and gives NaN
    where PyTorch gives inf). The edge cases are PyTorch's var_backward: over all
    elements with no degrees of freedom, g * (NaN where x == mean, else inf). Under
    create_graph the mean is recorded, so second derivatives are exact.
    """

    __slots__ = ("axis", "keepdims", "n", "correction")

    def _centred(self, a):
        """a minus its mean over the axis (over no elements: numpy's mean warns; the sum
        gives the same empty result quietly)."""
        if self.n == 0:
            return a - a.sum(axis=self.axis, keepdims=True)
        return a - a.mean(axis=self.axis, keepdims=True)

    def forward(self, a):
        centred = self._centred(a)
        dof = a.dtype.type(max(self.n - self.correction, 0))
        with np.errstate(all="ignore"):
            return (centred * centred).sum(axis=self.axis, keepdims=self.keepdims) / dof

    def backward(self, g, out, a):
        if not self.keepdims:
            g = g.reshape(_kept_shape(np.shape(value(a)), self.axis))
        centred = self._centred(a)
        dof = self.n - self.correction
        if self.axis is None and dof <= 0:
            same = value(centred) == 0
            return (g * xp(g).where(same, np.nan, np.inf),)
        scale = 2.0 / dof if dof else np.inf
        with np.errstate(all="ignore"):
            return (g * (centred * scale),)


@quiet_when_raised
class Softmax(Op):
    # Fused: exp(x - max) / sum is stable and its backward needs only the output.
    __slots__ = ("axis",)
    reads = ((-1,),)

    def forward(self, a):
        if not a.size:  # a 0-length axis: nothing to normalise (PyTorch's empty result)
            return a.copy()
        e = np.exp(a - a.max(axis=self.axis, keepdims=True))
        e /= e.sum(axis=self.axis, keepdims=True)
        return e

    def backward(self, g, out, a):
        return (out * (g - (g * out).sum(axis=self.axis, keepdims=True)),)


@quiet_when_raised
class LogSoftmax(Op):
    # Fused: x - max - log(sum(exp(x - max))) never overflows and never takes log(0).
    __slots__ = ("axis",)
    reads = ((-1,),)

    def forward(self, a):
        if not a.size:  # a 0-length axis: nothing to normalise (PyTorch's empty result)
            return a.copy()
        shifted = a - a.max(axis=self.axis, keepdims=True)
        return shifted - np.log(np.exp(shifted).sum(axis=self.axis, keepdims=True))

    def backward(self, g, out, a):
        return (g - xp(g).exp(out) * g.sum(axis=self.axis, keepdims=True),)


def _flip(x, axis: int):
    """x reversed along axis (a view; recorded on Tensors)."""
    return x[(slice(None),) * axis + (slice(None, None, -1),)]


def _reverse_cumsum(x, axis: int):
    """Sums from each position to the end along axis: the backward of cumsum."""
    return _flip(Cumsum.call(_flip(x, axis), axis=axis), axis)


@quiet
class Cumsum(Op):
    # A primitive: as a product with a triangular matrix it would cost O(n^2).
    __slots__ = ("axis",)

    def forward(self, a):
        return np.cumsum(a, axis=self.axis)

    def backward(self, g, out, a):
        return (_reverse_cumsum(g, self.axis),)


@quiet
class Cumprod(Op):
    """Running products along `axis`. The gradient is exact where inputs are 0 (as
    PyTorch's): without zeros it is sum_k>=i g_k out_k / x_i; with zeros, element j gets
    prod_i<j x_i * S_j, where S_j = g_j + x_j+1 S_j+1 (no division, so its derivatives are
    exact too: the Hessian of cumprod([0, 0]).sum() is [[0, 1], [1, 0]], as PyTorch's)."""

    __slots__ = ("axis",)

    def forward(self, a):
        return np.cumprod(a, axis=self.axis)

    def backward(self, g, out, a):
        axis, av = self.axis, value(a)
        if not (av == 0).any():
            return (_reverse_cumsum(g * out, axis) / a,)
        n = av.shape[axis]
        cut = (slice(None),) * axis

        def at(x, j):  # position j along axis, the axis kept
            return x[cut + (slice(j, j + 1),)]

        sums = [at(g, n - 1)]  # S_j from the end
        for j in range(n - 2, -1, -1):
            sums.append(at(g, j) + at(a, j + 1) * sums[-1])
        sums.reverse()
        parts, before = [sums[0]], None  # prod_i<j x_i, built as j goes
        for j in range(1, n):
            before = at(a, 0) if before is None else before * at(a, j - 1)
            parts.append(before * sums[j])
        return (xp(g).concatenate(parts, axis),)


@quiet
class LogCumSumExp(Op):
    """log(cumsum(exp(x))) along `axis`: numpy's logaddexp, running (fused: the composed
    form overflows, or takes log(0) where exp underflows). The backward is PyTorch's:
    sum_j>=i g_j exp(x_i - out_j), the positive and negative parts of g each summed as a
    reversed logcumsumexp in log space, so it is stable and differentiable again."""

    __slots__ = ("axis",)

    def forward(self, a):
        return np.logaddexp.accumulate(a, axis=self.axis)

    def backward(self, g, out, a):
        axis, fns, gv = self.axis, xp(g), value(g)
        lowest = float(np.finfo(gv.dtype).min)  # log(0), finite: no inf - inf
        pos, neg = gv > 0, gv < 0
        log_size = fns.log(fns.where(pos | neg, fns.where(pos, g, -g), 1.0))  # log |g|

        def part(mask):
            logs = fns.where(mask, log_size, lowest) - out
            return fns.exp(_flip(LogCumSumExp.call(_flip(logs, axis), axis=axis), axis) + a)

        # lowest + a may round to -inf (exp gives 0); -inf inputs give NaN, as PyTorch's
        with np.errstate(all="ignore"):
            return (part(pos) - part(neg),)
