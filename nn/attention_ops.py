"""Attention's kernel: the fused `ScaledDotProductAttention` primitive, the weights path
built from engine ops (`_attend`), and the masks as additive float biases."""

from __future__ import annotations

import numpy as np

from autograd import devices
from autograd.float_warnings import quiet
from autograd.op import Op, value, xp
from autograd.tensor_class import Tensor, as_tensor, concatenate, where
from autograd.threads import parallel_for

from .dropout import dropout as _dropout
from .dropout import dropout_factors

_t = as_tensor  # x if it is a Tensor, else a constant Tensor of it


def _value(x) -> np.ndarray:
    """The array behind a Tensor, or x as an array."""
    return np.asarray(value(x))


def _check_device(device, who: str) -> None:
    devices.check(device, who)


# ---------------------------------------------------------------------- masks
def _float_mask(mask, name: str, dtype, masked_when: bool = True):
    """An additive mask: a bool mask becomes 0 / -inf (-inf where it equals `masked_when`);
    a float mask stays as it is (a Tensor keeps its graph, so a learned bias gets a grad)."""
    if mask is None:
        return None
    arr = _value(mask)
    if arr.dtype == np.bool_:
        return np.where(arr == masked_when, -np.inf, 0.0).astype(dtype)
    if arr.dtype.kind != "f":
        raise TypeError(f"only bool and floating types of {name} are supported, got {arr.dtype}")
    if isinstance(mask, Tensor):
        return mask.astype(dtype) if mask.requires_grad else arr.astype(dtype, copy=False)
    return arr.astype(dtype, copy=False)


def _add_masks(a, b):
    """The sum of two additive masks (either may be None, an array or a Tensor)."""
    if a is None or b is None:
        return b if a is None else a
    if isinstance(b, Tensor) and not isinstance(a, Tensor):
        return b + a
    return a + b


def _pad_key(mask):
    """A zero (not masked) column appended on the key axis (for bias_k and add_zero_attn)."""
    if mask is None:
        return None
    if isinstance(mask, Tensor):
        zeros = np.zeros(mask.shape[:-1] + (1,), dtype=mask.dtype)
        return concatenate([mask, Tensor(zeros)], axis=-1)
    return np.pad(mask, [(0, 0)] * (mask.ndim - 1) + [(0, 1)])


def _causal_mask(n_q: int, n_k: int, dtype) -> np.ndarray:
    """0 on and below the diagonal (query i sees keys 0..i), -inf above."""
    return np.triu(np.full((n_q, n_k), -np.inf, dtype=dtype), 1)


def _splittable(q, k, v, bt) -> bool:
    """Whether the attention can run on pieces of the first batch axis, written into
    buffers of the whole: q, k and v with the same batch axes and dtype, a bias (or none)
    that broadcasts into the scores, and at least one query and one key."""
    batch = q.shape[:-2]
    if not batch or k.shape[:-2] != batch or v.shape[:-2] != batch:
        return False
    if k.dtype != q.dtype or v.dtype != q.dtype or not q.shape[-2] or not k.shape[-2]:
        return False
    if bt is None:
        return True
    scores = batch + (k.shape[-2], q.shape[-2])
    return bt.dtype == q.dtype and np.broadcast_shapes(scores, bt.shape) == scores


def _max_over_keys(st: np.ndarray) -> np.ndarray:
    """st.max(axis=-2, keepdims=True) by halving: each step takes the larger of two halves
    of the rows, one call on runs of rows (numpy's reduction over axis -2 steps through the
    short rows one by one: (128, 32, 32) float32, 92 -> 65 us)."""
    n = st.shape[-2]
    if n == 1:
        return st.copy()
    h = n // 2
    m = np.maximum(st[..., :h, :], st[..., h : 2 * h, :])
    if n % 2:
        np.maximum(m[..., :1, :], st[..., 2 * h :, :], out=m[..., :1, :])
    while h > 1:
        n, h = h, h // 2
        np.maximum(m[..., :h, :], m[..., h : 2 * h, :], out=m[..., :h, :])
        if n % 2:
            np.maximum(m[..., :1, :], m[..., 2 * h : n, :], out=m[..., :1, :])
    return m[..., :1, :]


def _add_bias(st: np.ndarray, bt: np.ndarray) -> None:
    """st += bt, in place. A bias shared by every matrix of the batch (a causal mask, say)
    is added with the matrices flattened into rows, so numpy's inner loop runs over whole
    matrices rather than their short rows ((128, 32, 32) float32 scores and a (32, 32) mask:
    30 -> 19 us)."""
    size = st.shape[-2] * st.shape[-1]
    shared = bt.size == size and bt.shape[-2:] == st.shape[-2:]  # (1, ..., S, L)
    if shared and size and st.flags.c_contiguous and bt.flags.c_contiguous:
        flat = st.reshape(-1, size)
        np.add(flat, bt.reshape(1, size), out=flat)
    else:
        st += bt


def _rows(a, lo: int, hi: int, nd: int):
    """a's part for batch rows lo:hi of an nd-dim whole (a itself where it broadcasts)."""
    if a is None or a.ndim < nd or a.shape[0] == 1:
        return a
    return a[lo:hi]


# ------------------------------------------------------------------ the core
@quiet
class ScaledDotProductAttention(Op):
    """softmax(q k^T * scale + bias) @ v over the last two axes, dropout on the weights.

    Fused for speed (the Transformer's hot path): one node instead of eight, the scores
    updated in place, and kept transposed, (..., S, L), so that the softmax reduces across
    rows rather than along the short contiguous axis, which numpy does several times
    slower. Inputs q, k, v and, if it needs a gradient, the bias; a constant bias is the
    slot `_bias`. `_keep` (0/1 per query, (..., L, 1)) zeroes queries that see no key;
    `_drop` holds the dropout factors (0 or 1/(1-p)), transposed. Under create_graph the
    backward recomputes the weights with engine ops, so it is differentiable again.

    The sums over the keys are products with a row of ones (BLAS), the max is taken by
    halving (`_max_over_keys`); the backward works in place on its own buffers. When q, k
    and v share their batch axes, forward and backward run on pieces of the first batch
    axis written into buffers of the whole (`parallel_for`: split between threads from a
    million scores on; the same numbers on any number of threads).
    """

    __slots__ = ("scale", "_bias", "_keep", "_drop", "_weights_t")
    broadcasts = True  # batch axes (and the bias) broadcast

    def label(self, inputs: tuple = ()) -> str:
        return f"attention\nsoftmax(q·kᵀ × {self.scale:.3g}) · v"

    def forward(self, q, k, v, bias=None):
        return self._attention(q, k, v, bias, None)

    def _attention(self, q, k, v, bias, out):
        """The forward, written into `out` (a view of q's shape) when given and splittable."""
        b = self._bias if bias is None else bias
        bt = None if b is None else b.swapaxes(-1, -2)
        keep = None if self._keep is None else self._keep.swapaxes(-1, -2)
        if not _splittable(q, k, v, bt):  # one piece (the batch broadcasts, say)
            st = self._weights(k @ q.swapaxes(-1, -2), bt, keep)
            self._weights_t = st
            if self._drop is not None:
                st = st * self._drop
            res = st.swapaxes(-1, -2) @ v
            if out is None:
                return res
            out[...] = res
            return out
        nd, drop = q.ndim, self._drop
        st = np.empty(k.shape[:-1] + q.shape[-2:-1], q.dtype)
        if out is None:
            out = np.empty(q.shape[:-1] + v.shape[-1:], q.dtype)

        def part(lo: int, hi: int) -> None:
            w = np.matmul(k[lo:hi], q[lo:hi].swapaxes(-1, -2), out=st[lo:hi])
            w = self._weights(w, _rows(bt, lo, hi, nd), _rows(keep, lo, hi, nd))
            if drop is not None:
                w = w * _rows(drop, lo, hi, nd)
            np.matmul(w.swapaxes(-1, -2), v[lo:hi], out=out[lo:hi])

        parallel_for(part, q.shape[0], st.size)
        self._weights_t = st
        return out

    def _weights(self, st, bt, keep):
        """The softmax over the keys (axis -2) of the transposed scores st, in place."""
        st *= self.scale
        if bt is not None:
            if np.broadcast_shapes(st.shape, bt.shape) == st.shape:
                _add_bias(st, bt)
            else:
                st = st + bt
        if st.shape[-2]:  # (no keys: no weights, the output is zeros, as PyTorch's)
            st -= _max_over_keys(st)
            np.exp(st, out=st)
            st /= np.ones((1, st.shape[-2]), st.dtype) @ st  # the sums, one product per matrix
        if keep is not None:
            st *= keep
        return st

    def backward(self, g, out, q, k, v, bias=None):
        if (
            type(g) is np.ndarray
            and g.dtype == q.dtype
            and self._weights_t.shape[:-2] == q.shape[:-2]
        ):
            b = self._bias if bias is None else bias
            if _splittable(q, k, v, None if b is None else b.swapaxes(-1, -2)):
                return self._backward_parts(g, q, k, v, bias, self.needs[:3], (None,) * 3)
        return self._backward_any(g, q, k, v, bias, self.needs)

    def _backward_any(self, g, q, k, v, bias, need):
        """The backward over arrays or (under create_graph) Tensors; need: q, k, v's."""
        # the forward's weights; under create_graph, recomputed with engine ops
        wt = xp(g).saved(self._weights_t, lambda: self._recompute(q, k, bias))
        drop = self._drop
        gv = (wt if drop is None else wt * drop) @ g if need[2] else None
        dwt = v @ g.swapaxes(-1, -2)  # d weights, transposed
        if drop is not None:
            dwt = dwt * drop
        # the softmax's backward: w * (dw - sum(dw * w)) over the keys
        dst = (dwt - (dwt * wt).sum(axis=-2, keepdims=True)) * wt
        gq = (dst.swapaxes(-1, -2) @ k) * self.scale if need[0] else None
        gk = (dst @ q) * self.scale if need[1] else None
        if bias is None:
            return gq, gk, gv
        return gq, gk, gv, dst.swapaxes(-1, -2)

    def _backward_parts(self, g, q, k, v, bias, need, outs):
        """The backward above on arrays, the batch split between threads (same numbers);
        q, k and v's gradients written into `outs` where given (views of their shapes)."""
        wt, drop, nd, dt = self._weights_t, self._drop, q.ndim, q.dtype
        scale = self.scale
        gq, gk, gv = (
            (np.empty(a.shape, dt) if o is None else o) if n else None
            for a, o, n in zip((q, k, v), outs, need)
        )
        dst = np.empty(wt.shape, dt) if bias is not None else None  # the bias's gradient

        def part(lo: int, hi: int) -> None:
            w, gp, d = wt[lo:hi], g[lo:hi], _rows(drop, lo, hi, nd)
            if gv is not None:
                np.matmul(w if d is None else w * d, gp, out=gv[lo:hi])
            ds = np.matmul(v[lo:hi], gp.swapaxes(-1, -2), out=None if dst is None else dst[lo:hi])
            if d is not None:
                ds *= d
            ds -= np.einsum("...sl,...sl->...l", ds, w)[..., None, :]  # sum(ds * w) over keys
            ds *= w
            if gq is not None:
                np.multiply(
                    np.matmul(ds.swapaxes(-1, -2), k[lo:hi], out=gq[lo:hi]), scale, out=gq[lo:hi]
                )
            if gk is not None:
                np.multiply(np.matmul(ds, q[lo:hi], out=gk[lo:hi]), scale, out=gk[lo:hi])

        parallel_for(part, q.shape[0], wt.size)
        if bias is None:
            return gq, gk, gv
        return gq, gk, gv, dst.swapaxes(-1, -2)

    def _recompute(self, q, k, bias):
        """The weights, transposed, with engine ops (for a differentiable backward)."""
        s = (q @ k.swapaxes(-1, -2)) * self.scale
        b = self._bias if bias is None else bias
        w = (s if b is None else s + b).softmax(-1)
        if self._keep is not None:
            w = w * self._keep
        return w.swapaxes(-1, -2)


class PackedSelfAttention(ScaledDotProductAttention):
    """Self-attention from the packed in-projection: qkv (N, L, 3E) batch first, or
    (L, N, 3E), to the heads' outputs merged back, (N, L, E) or (L, N, E).

    q, k and v are views of qkv split into `heads` (no copies, BLAS reads the strided
    rows); the output is written into the merged layout and the gradients of q, k and v
    straight into one (N, L, 3E) buffer: one node where slicing, splitting and merging
    took eight, and no zeroed buffer summed from three slices. Under create_graph the
    backward is the same formula with engine ops. Masks only as the constant `_bias`.
    """

    __slots__ = ("heads", "batch_first")
    broadcasts = False

    def label(self, inputs: tuple = ()) -> str:
        return f"self-attention ({self.heads} heads)\nsoftmax(q·kᵀ × {self.scale:.3g}) · v"

    def _split(self, qkv):
        """q, k, v: (N, heads, L, E // heads) views of qkv (arrays or Tensors)."""
        *lead, e3 = qkv.shape
        h = self.heads
        x = qkv.reshape(*lead, 3, h, e3 // (3 * h))
        parts = (x[:, :, j] for j in range(3))
        if self.batch_first:  # (N, L, H, D) -> (N, H, L, D)
            return tuple(p.swapaxes(1, 2) for p in parts)
        return tuple(p.swapaxes(0, 1).swapaxes(1, 2) for p in parts)  # from (L, N, H, D)

    def _merged(self, t):
        """(N, H, L, D) -> the token layout's (N, L, H, D) or (L, N, H, D), a view."""
        t = t.swapaxes(1, 2)
        return t if self.batch_first else t.swapaxes(0, 1)

    def forward(self, qkv):
        q, k, v = self._split(qkv)
        *lead, e3 = qkv.shape
        out = np.empty((*lead, self.heads, e3 // (3 * self.heads)), qkv.dtype)
        self._attention(q, k, v, None, self._heads_view(out))
        return out.reshape(*lead, e3 // 3)

    def _heads_view(self, a):
        """(N, L, H, D) or (L, N, H, D) -> (N, H, L, D), a view."""
        return a.swapaxes(1, 2) if self.batch_first else a.swapaxes(0, 1).swapaxes(1, 2)

    def backward(self, g, out, qkv):
        q, k, v = self._split(qkv)
        *lead, e = g.shape
        if isinstance(g, np.ndarray):
            g = g.astype(qkv.dtype, copy=False)
        gh = self._heads_view(g.reshape(*lead, self.heads, e // self.heads))
        if isinstance(g, np.ndarray) and qkv.size:
            buf = np.empty((*lead, 3, self.heads, e // self.heads), qkv.dtype)
            outs = tuple(self._heads_view(buf[:, :, j]) for j in range(3))
            self._backward_parts(gh, q, k, v, None, (True,) * 3, outs)
            return (buf.reshape(qkv.shape),)
        grads = [self._merged(t) for t in self._backward_any(gh, q, k, v, None, (True,) * 3)]
        if isinstance(g, np.ndarray):
            return (np.stack(grads, axis=2).reshape(qkv.shape),)
        return (concatenate([t.unsqueeze(2) for t in grads], axis=2).reshape(qkv.shape),)


def _dead_rows(bias, dtype):
    """(bias, keep): queries whose keys are all masked (-inf) get a zero bias row, so the
    softmax stays finite, and a 0 in keep (else keep is None)."""
    neg_inf = np.isneginf(_value(bias))
    if not neg_inf.any():
        return bias, None
    dead = neg_inf.all(axis=-1, keepdims=True)
    if not dead.any():
        return bias, None
    fixed = where(dead, 0.0, bias) if isinstance(bias, Tensor) else np.where(dead, 0.0, bias)
    return fixed, (~dead).astype(dtype)


def _attend(q: Tensor, k: Tensor, v: Tensor, bias, scale: float, dropout_p: float, weights: bool):
    """softmax(q k^T * scale + bias) @ v over the last two axes: (output, weights or None).

    Without weights, PyTorch's SDPA: queries that see no key get zeros (one fused node).
    With weights, PyTorch's MultiheadAttention(need_weights=True): they are NaN.
    """
    if weights:
        scores = (q * scale) @ k.swapaxes(-1, -2)
        if bias is None:
            w = scores.softmax(-1)
        else:
            with np.errstate(all="ignore"):  # -inf - -inf: NaN rows, as PyTorch's
                w = (scores + bias).softmax(-1)
        if dropout_p > 0.0:
            w = _dropout(w, dropout_p, True)
        return w @ v, w
    keep = drop = None
    if bias is not None:
        bias, keep = _dead_rows(bias, q.dtype)
    if dropout_p > 0.0:
        batch = np.broadcast_shapes(q.shape[:-2], k.shape[:-2])
        # drawn in the weights' (L, S) order, as PyTorch draws them, then transposed
        drop = dropout_factors(batch + (q.shape[-2], k.shape[-2]), dropout_p, q.dtype)
        drop = np.ascontiguousarray(drop.swapaxes(-1, -2))
    args = (q, k, v)
    if isinstance(bias, Tensor) and bias.requires_grad:
        args += (bias,)
        bias = None
    elif isinstance(bias, Tensor):
        bias = bias.numpy()
    out = ScaledDotProductAttention.apply(
        *args, scale=scale, _bias=bias, _keep=keep, _drop=drop, _weights_t=None
    )
    return out, None


def _attend_packed(
    qkv: Tensor, heads: int, batch_first: bool, bias, scale: float, dropout_p: float
):
    """Self-attention from the packed in-projection qkv, (N, L, 3E) or (L, N, 3E), to the
    merged heads' output, as `_attend` without weights; None where the bias needs a gradient
    (then the caller splits qkv itself)."""
    if isinstance(bias, Tensor) and bias.requires_grad:
        return None
    keep = drop = None
    if bias is not None:
        bias, keep = _dead_rows(bias, qkv.dtype)
        if isinstance(bias, Tensor):
            bias = bias.numpy()
    n, n_q = (qkv.shape[0], qkv.shape[1]) if batch_first else (qkv.shape[1], qkv.shape[0])
    if dropout_p > 0.0:
        drop = dropout_factors((n, heads, n_q, n_q), dropout_p, qkv.dtype)
        drop = np.ascontiguousarray(drop.swapaxes(-1, -2))
    return PackedSelfAttention.apply(
        qkv, scale=scale, heads=heads, batch_first=batch_first, _bias=bias, _keep=keep,
        _drop=drop, _weights_t=None,
    )  # fmt: skip
