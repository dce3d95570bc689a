"""`scatter_reduce`'s primitive: src's values reduced into a copy of the input at an index.

`ScatterReduce` is a primitive because its gradients are not those of any composition of
the existing ops: PyTorch's rules (autograd's `scatter_reduce_backward`) split the gradient
of amax/amin evenly among every element equal to the result (the input's own value
included, whenever it equals the result), divide by the element counts for mean, and
take the product of the others for prod, with single zeros handled exactly. The backward
is written once: on Tensors (create_graph) prod's partial products are recorded
ScatterReduce ops too.
"""

from __future__ import annotations

import numpy as np

from .float_warnings import quiet
from .op import Op, masked, value, xp

REDUCES = ("sum", "prod", "mean", "amax", "amin")
# amax/amin: NaN wins, as PyTorch's (np.fmax would drop it)
_UFUNC = {
    "sum": np.add,
    "mean": np.add,
    "prod": np.multiply,
    "amax": np.maximum,
    "amin": np.minimum,
}


def _identity(reduce: str, dtype: np.dtype):
    """The value a position starts from when its own value is left out."""
    if reduce in ("sum", "mean"):
        return 0
    if reduce == "prod":
        return 1
    big = np.inf if dtype.kind == "f" else np.iinfo(dtype).max
    if dtype.kind == "b":
        return reduce == "amin"
    return -big if reduce == "amax" else big


def counts(shape: tuple, index: tuple, include_self: bool) -> np.ndarray:
    """How many values each position of the result reduces (0 where none)."""
    n = np.full(shape, int(include_self), dtype=np.int64)
    np.add.at(n, index, 1)
    return n


def scatter_reduce_array(
    a: np.ndarray, index: tuple, src: np.ndarray, reduce: str, include_self: bool
) -> np.ndarray:
    """a's copy with src reduced into it at the advanced index `index` (numpy arrays)."""
    out = np.array(a, copy=True)
    if not include_self:
        out[index] = _identity(reduce, out.dtype)
    _UFUNC[reduce].at(out, index, src)
    if reduce == "mean":
        n = np.maximum(counts(out.shape, index, include_self), 1)
        if out.dtype.kind in "iub":
            out = np.floor_divide(out, n).astype(out.dtype)
        else:
            out = (out / n).astype(out.dtype)
    return out


@quiet
class ScatterReduce(Op):
    """a's copy with src's values reduced in at `index` (advanced indices into a, one per
    element of src): sum, prod, mean, amax or amin, a's own values in or out."""

    __slots__ = ("index", "reduce", "include_self")

    def forward(self, a, src):
        return scatter_reduce_array(a, self.index, src, self.reduce, self.include_self)

    def backward(self, g, out, a, src):
        idx, reduce, keep = self.index, self.reduce, self.include_self
        av, sv = value(a), value(src)
        if reduce == "sum":
            ga, gs = g, g[idx]
        elif reduce == "mean":
            n = np.maximum(counts(av.shape, idx, keep), 1).astype(av.dtype)
            ga = g / n
            gs = ga[idx]
        elif reduce == "prod":
            ga, gs = self._prod(g, out, a, src, av, sv)
        else:  # amax, amin: split evenly among the elements equal to the result
            rv = value(out)
            self_is, src_is = av == rv, sv == rv[idx]
            n = self_is.astype(av.dtype)
            np.add.at(n, idx, src_is.astype(av.dtype))
            share = g / np.where(n == 0, 1, n).astype(av.dtype)
            ga, gs = masked(share, self_is), masked(share[idx], src_is)
            zero = n == 0  # a NaN result equals nothing: PyTorch's 0 * (g / 0) is NaN
            if zero.any():
                f, nan = xp(g), av.dtype.type(np.nan)
                ga, gs = f.where(zero, nan, ga), f.where(zero[idx], nan, gs)
        if not keep:
            hit = np.zeros(av.shape, dtype=bool)
            hit[idx] = True
            ga = masked(ga, hit, invert=True)
        return ga, gs

    def _prod(self, g, out, a, src, av, sv):
        """PyTorch's rule: the product of the others, exact at a single zero (0 where two
        or more values of a position are zero)."""
        f, idx, keep = xp(g), self.index, self.include_self
        self_zero = av == 0
        masked_a = f.where(self_zero, av.dtype.type(1), a)
        others = ScatterReduce.call(masked_a, src, index=idx, reduce="prod", include_self=keep)
        ga = g * others / masked_a
        src_zero = sv == 0
        zeros = np.zeros(av.shape, dtype=np.int64)
        np.add.at(zeros, idx, src_zero)
        single = src_zero & (zeros[idx] == 1)
        masked_src = f.where(single, sv.dtype.type(1), src)
        rest = ScatterReduce.call(a, masked_src, index=idx, reduce="prod", include_self=keep)
        gs = f.where(
            single, (g * rest)[idx], (g * out)[idx] / f.where(src_zero, sv.dtype.type(1), src)
        )
        return ga, gs
