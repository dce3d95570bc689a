"""The fused normalisation primitive behind layer_norm and group_norm (nn/norm.py).

`LayerNormOp` normalises the trailing axes of its input and applies the optional
elementwise affine. Composed from engine ops a layer norm is eight nodes forward and as
many backward, each a pass over the activations; fused it is one node whose backward is
the closed form

    gx = rstd * (gxh - mean(gxh) - xhat * mean(gxh * xhat)),  gxh = g * weight,

with xhat the normalised input and rstd = 1 / sqrt(var + eps) per row. The backward is
written once, over `xp` (autograd/op.py): on arrays in an ordinary backward, on Tensors
under create_graph, where xhat and rstd are recomputed with engine ops so that the
backward is differentiable again. float16 input is normalised in float32 (its
statistics are float32 sums) and the result rounded back to float16, as PyTorch does.
"""

from __future__ import annotations

import math

import numpy as np

from autograd.float_warnings import quiet
from autograd.op import Op, xp


def _compute_dtype(dtype: np.dtype) -> np.dtype:
    """float16 computes in float32; float32 and float64 in themselves."""
    return np.result_type(dtype, np.float32)


def _row_means(a, n: int):
    """The means of the rows of a (m, n) as (m, 1), for arrays and Tensors alike: a
    matrix-vector product (numpy reduces rows of tens of elements several times slower)."""
    return a @ np.full((n, 1), 1.0 / n if n else 0.0, dtype=a.dtype)


def _column_sums(a, m: int):
    """The sums of the columns of a (m, n) as (n,): a vector-matrix product."""
    return np.ones(m, dtype=a.dtype) @ a


@quiet
class LayerNormOp(Op):
    """(x - mean) / sqrt(var + eps) over the trailing `normalized_ndim` axes (biased
    variance), times `weight` plus `bias` when they are given (elementwise, of the
    normalised shape). Inputs: x, then the weight if `weight`, then the bias if `bias`.

    Saved by the forward: `_xhat`, the normalised input as (rows, n), in the compute
    dtype (float32 for float16 input); `_rstd`, 1 / sqrt(var + eps) as (rows, 1).
    """

    __slots__ = ("normalized_ndim", "eps", "weight", "bias", "_xhat", "_rstd")

    def _affine(self, params: tuple) -> tuple:
        """(weight, bias) from the inputs after x (either may be None)."""
        w = params[0] if self.weight else None
        b = params[-1] if self.bias else None
        return w, b

    def _rows(self, shape: tuple) -> tuple[int, int]:
        """(rows, n): the leading axes flattened, and the number of normalised elements."""
        lead = len(shape) - self.normalized_ndim
        return math.prod(shape[:lead]), math.prod(shape[lead:])

    # ---------------------------------------------------------------- forward
    def forward(self, x, *params):
        w, b = self._affine(params)
        m, n = self._rows(x.shape)
        ct = _compute_dtype(x.dtype)
        x2 = x.reshape(m, n).astype(ct, copy=False)
        xhat = x2 - _row_means(x2, n)
        var = np.einsum("ij,ij->i", xhat, xhat).reshape(m, 1)
        var *= 1.0 / n if n else 0.0
        var += ct.type(self.eps)
        rstd = np.sqrt(var, out=var)
        np.divide(1.0, rstd, out=rstd)
        xhat *= rstd
        self._xhat, self._rstd = xhat, rstd
        out = np.result_type(x.dtype, *(p.dtype for p in params))
        y = xhat.reshape(x.shape)
        if w is None and b is None:
            return y.astype(out)  # a copy: the output must not share the saved xhat
        if w is not None:
            y = y * w
        if b is not None:
            y = np.add(y, b, out=y) if w is not None and y.dtype == out else y + b
        return y.astype(out, copy=False)

    def _recompute(self, x):
        """(xhat, rstd) with engine ops: the composed definition, differentiable."""
        m, n = self._rows(x.shape)
        x2 = x.reshape(m, n)
        ct = _compute_dtype(x.dtype)
        if x2.dtype != ct:
            x2 = x2.astype(ct)
        centred = x2 - _row_means(x2, n)
        rstd = (_row_means(centred * centred, n) + self.eps) ** -0.5
        return centred * rstd, rstd

    # ---------------------------------------------------------------- backward
    def backward(self, g, out, x, *params):
        return self._backward(g, x, params, False)

    def backward_owned(self, g, out, x, *params):
        """`backward`, x's gradient written into g (called only when the engine owns g)."""
        with np.errstate(all="ignore"):  # (as `quiet` makes forward and backward)
            return self._backward(g, x, params, True)

    def _backward(self, g, x, params: tuple, owned: bool) -> tuple:
        w, b = self._affine(params)
        saved = (self._xhat, self._rstd)
        xhat, rstd = xp(g).saved(saved, lambda: self._recompute(x))
        m, n = self._rows(x.shape)
        g2 = g.reshape(m, n)
        if g2.dtype != xhat.dtype:
            g2 = g2.astype(xhat.dtype)
            owned = True  # (a copy of its own)
        elif type(g2) is np.ndarray and g2.base is None:
            owned = True  # reshape copied g (a broadcast gradient, say): the copy is ours
        need = self.needs
        need_w = w is not None and need[1]
        gx = gw = gb = None
        gxhat = None  # g * xhat: the weight's gradient before the sum, and reused for x's
        if need[0] or need_w:
            gxhat = g2 * xhat
        if need_w:
            gw = _like(_column_sums(gxhat, m), w)
        if b is not None and need[-1]:
            gb = _like(_column_sums(g2, m), b)
        if need[0]:
            # with gxh = g * weight: mean(gxh) = g @ weight / n, mean(gxh * xhat) likewise
            scale = np.full((n, 1), 1.0 / n if n else 0.0, dtype=xhat.dtype)
            if w is not None:
                scale = w.reshape(n, 1) * scale
            if type(g2) is np.ndarray:
                wr = w.reshape(1, n) if w is not None else None
                gx = _x_grad(g2, xhat, rstd, gxhat, scale, wr, owned)
            else:  # Tensors, under create_graph
                gxh = g2 * w.reshape(1, n) if w is not None else g2
                # gx = (gxh - mean(gxh) - xhat * mean(gxh * xhat)) * rstd
                gx = xhat * (gxhat @ scale) + g2 @ scale - gxh
                gx = gx * -rstd
            gx = _like(gx, x)
        grads = [gx]
        if w is not None:
            grads.append(gw)
        if b is not None:
            grads.append(gb)
        return tuple(grads)


def _x_grad(g2, xhat, rstd, gxhat, scale, w, owned: bool) -> np.ndarray:
    """x's gradient on arrays, (gxh - mean(gxh) - xhat * mean(gxh * xhat)) * rstd with
    gxh = g2 * w, written into gxhat's buffer (its sums are taken first) and, when the
    backward owns g2, into g2: at most one new array, none beside gxhat when owned. The
    same bits either way ((a - b) * r is -((b - a) * -r) exactly)."""
    c = gxhat @ scale  # mean(gxh * xhat), per row
    t = np.multiply(xhat, c, out=gxhat)
    t += g2 @ scale  # + mean(gxh)
    if owned:
        gxh = g2 if w is None else np.multiply(g2, w, out=g2)
        gxh -= t
        gxh *= rstd
        return gxh
    t -= g2 if w is None else g2 * w
    t *= -rstd
    return t


def _like(grad, ref):
    """grad in the shape and dtype of ref (float16 inputs get float16 gradients)."""
    grad = grad.reshape(ref.shape)
    return grad if grad.dtype == ref.dtype else grad.astype(ref.dtype)


def layer_norm_op(x, normalized_ndim: int, weight, bias, eps: float):
    """LayerNormOp on Tensors (weight and bias may be None)."""
    params = tuple(p for p in (weight, bias) if p is not None)
    return LayerNormOp.apply(
        x,
        *params,
        normalized_ndim=normalized_ndim,
        eps=float(eps),
        weight=weight is not None,
        bias=bias is not None,
        _xhat=None,
        _rstd=None,
    )
