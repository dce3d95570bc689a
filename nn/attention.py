"""Attention: `scaled_dot_product_attention`, `multi_head_attention_forward` and the
`MultiheadAttention` module, with PyTorch's signatures, parameter names and masks.

The projections are the fused `linear`; heads are split by one reshape and one
permutation (views), all heads attend at once (batched matmuls, one softmax), and heads
are merged by one permuted copy. The attention itself is one fused node
(`ScaledDotProductAttention`, in attention_ops.py), except where the weights are returned
(MultiheadAttention with `need_weights=True`: engine ops). Double backward works on both.
Masks become additive float biases; bool masks mean "masked" in the MHA functions and
"may attend" in `scaled_dot_product_attention`, as in PyTorch.

Rows whose keys are all masked: `scaled_dot_product_attention` (and so MultiheadAttention
with `need_weights=False`, used by the Transformer layers) gives them zero weights and
zero gradients, as PyTorch's; MultiheadAttention with `need_weights=True` gives NaN there,
as PyTorch's does.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

from autograd.argcheck import integer, number
from autograd.composite import composite
from autograd.dtypes import get_default_dtype, to_dtype
from autograd.tensor_class import Tensor, concatenate

from . import init
from .attention_ops import (
    _add_masks,
    _attend,
    _attend_packed,
    _causal_mask,
    _check_device,
    _float_mask,
    _pad_key,
    _t,
    _value,
)
from .linear import Linear, linear
from .module import Module, Parameter

__all__ = ["MultiheadAttention", "multi_head_attention_forward", "scaled_dot_product_attention"]


def scaled_dot_product_attention(
    query,
    key,
    value,
    attn_mask=None,
    dropout_p: float = 0.0,
    is_causal: bool = False,
    scale: float | None = None,
    enable_gqa: bool = False,
) -> Tensor:
    """softmax(query @ key^T * scale + mask) @ value over the last two axes, as PyTorch's.

    `attn_mask` broadcasts to (..., L, S): bool (True = may attend) or float (added);
    `is_causal` lets query i see keys 0..i; `scale` defaults to 1/sqrt(E); dropout is
    applied whenever `dropout_p > 0` (pass 0 in eval). Rows with every key masked give
    zeros. `enable_gqa`: key/value with fewer heads (axis -3) are shared by groups of
    query heads.
    """
    q, k, v = _t(query), _t(key), _t(value)
    if q.ndim < 2 or k.ndim < 2 or v.ndim < 2:
        raise ValueError(
            "scaled_dot_product_attention: query, key and value need at least 2 dims "
            f"(..., L, E), got shapes {q.shape}, {k.shape}, {v.shape}"
        )
    if q.shape[-1] != k.shape[-1] or k.shape[-2] != v.shape[-2]:
        raise ValueError(
            "scaled_dot_product_attention: query and key need the same last dim and key and "
            f"value the same length (axis -2); got shapes {q.shape}, {k.shape}, {v.shape}"
        )
    if is_causal and attn_mask is not None:
        raise RuntimeError(
            "scaled_dot_product_attention: explicit attn_mask should not be set when is_causal=True"
        )
    if not 0.0 <= dropout_p <= 1.0:
        raise ValueError(
            f"scaled_dot_product_attention: dropout_p must be in [0, 1], got {dropout_p}"
        )
    if enable_gqa and q.ndim >= 3 and k.shape[-3] != q.shape[-3]:
        k, v = _repeat_heads(k, q.shape[-3]), _repeat_heads(v, q.shape[-3])
    n_q, n_k = q.shape[-2], k.shape[-2]
    if is_causal:
        bias = _causal_mask(n_q, n_k, q.dtype)
    else:
        bias = _float_mask(attn_mask, "attn_mask", q.dtype, masked_when=False)
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    return _attend(q, k, v, bias, scale, dropout_p, weights=False)[0]


def _repeat_heads(t: Tensor, n_heads: int) -> Tensor:
    """(..., Hk, S, E) -> (..., n_heads, S, E), each head repeated n_heads // Hk times."""
    *lead, hk, s, e = t.shape
    if n_heads % hk:
        raise ValueError(
            f"scaled_dot_product_attention(enable_gqa=True): {n_heads} query heads are not a "
            f"multiple of {hk} key/value heads"
        )
    expanded = t.unsqueeze(-3).broadcast_to((*lead, hk, n_heads // hk, s, e))
    return expanded.reshape(*lead, n_heads, s, e)


# ------------------------------------------------------------- multi-head
def _check_shapes(q: Tensor, k: Tensor, v: Tensor, kpm, attn_mask, num_heads: int) -> bool:
    """PyTorch's shape rules; True for batched (3-d) input, False for unbatched (2-d)."""
    if q.ndim not in (2, 3):
        raise ValueError(
            f"MultiheadAttention: query should be unbatched 2-d or batched 3-d, got {q.ndim}-d"
        )
    batched = q.ndim == 3
    if k.ndim != q.ndim or v.ndim != q.ndim:
        raise ValueError(
            f"MultiheadAttention: for a {q.ndim}-d query, key and value must be {q.ndim}-d too, "
            f"got {k.ndim}-d and {v.ndim}-d"
        )
    if kpm is not None and np.ndim(_value(kpm)) != q.ndim - 1:
        raise ValueError(
            f"MultiheadAttention: for a {q.ndim}-d query, key_padding_mask must be "
            f"{q.ndim - 1}-d, got shape {np.shape(_value(kpm))}"
        )
    if attn_mask is not None:
        shape = np.shape(_value(attn_mask))
        if len(shape) not in (2, 3):
            raise ValueError(f"MultiheadAttention: attn_mask must be 2-d or 3-d, got shape {shape}")
        if not batched and len(shape) == 3 and shape != (num_heads, q.shape[0], k.shape[0]):
            raise ValueError(
                "MultiheadAttention: for unbatched input a 3-d attn_mask must have shape "
                f"{(num_heads, q.shape[0], k.shape[0])}, got {shape}"
            )
    return batched


@composite(name="split heads", show=("heads",))
def _split_heads(t: Tensor, heads: int, batch_first: bool) -> Tensor:
    """(N, S, E) or (S, N, E) -> (N, heads, S, E // heads): one reshape and one permute (views)."""
    if batch_first:
        n_, s, e = t.shape
        return t.reshape(n_, s, heads, e // heads).permute(0, 2, 1, 3)
    s, n_, e = t.shape
    return t.reshape(s, n_, heads, e // heads).permute(1, 2, 0, 3)


@composite(name="merge heads")
def _merge_heads(t: Tensor, batch_first: bool) -> Tensor:
    """(N, H, L, D) -> (N, L, H*D) or (L, N, H*D): one copy that also puts the axes in order."""
    n, h, l_, d = t.shape
    if batch_first:
        return t.permute(0, 2, 1, 3).reshape(n, l_, h * d)
    return t.permute(2, 0, 1, 3).reshape(l_, n, h * d)


def _static(t, n: int, heads: int, head_dim: int, name: str) -> Tensor:
    t = _t(t)
    if t.ndim != 3 or t.shape[0] != n * heads or t.shape[2] != head_dim:
        raise ValueError(
            f"multi_head_attention_forward: expecting {name} of shape "
            f"({n * heads}, S, {head_dim}), got {t.shape}"
        )
    return t.reshape(n, heads, t.shape[1], head_dim)


def _project(query, key, value, E: int, in_w, in_b, separate) -> tuple[Tensor, Tensor, Tensor]:
    """The input projections, in the token layout; self-attention is one matmul."""
    q, k, v = _t(query), _t(key), _t(value)
    if separate is None:
        if in_w is None:
            raise ValueError("multi_head_attention_forward: in_proj_weight is None")
        if key is value:
            if query is key:  # self-attention: one product, sliced into q, k, v (views)
                qkv = linear(q, in_w, in_b)
                return qkv[..., :E], qkv[..., E : 2 * E], qkv[..., 2 * E :]
            b_q = b_kv = None
            if in_b is not None:
                b_q, b_kv = in_b[:E], in_b[E:]
            kv = linear(k, in_w[E:], b_kv)
            return linear(q, in_w[:E], b_q), kv[..., :E], kv[..., E:]
        ws = in_w[:E], in_w[E : 2 * E], in_w[2 * E :]
    else:
        ws = separate
        for w, x, name in zip(ws, (q, k, v), ("q", "k", "v")):
            if w is None:
                raise ValueError(
                    f"multi_head_attention_forward: use_separate_proj_weight=True needs "
                    f"{name}_proj_weight"
                )
            if tuple(w.shape) != (E, x.shape[-1]):
                raise ValueError(
                    f"multi_head_attention_forward: expecting {name}_proj_weight of shape "
                    f"{(E, x.shape[-1])}, got {tuple(w.shape)}"
                )
    bs = (None, None, None) if in_b is None else (in_b[:E], in_b[E : 2 * E], in_b[2 * E :])
    return linear(q, ws[0], bs[0]), linear(k, ws[1], bs[1]), linear(v, ws[2], bs[2])


def _mha(
    query,
    key,
    value,
    embed_dim_to_check: int,
    num_heads: int,
    in_proj_weight,
    in_proj_bias,
    bias_k,
    bias_v,
    add_zero_attn: bool,
    dropout_p: float,
    out_proj_weight,
    out_proj_bias,
    training: bool,
    key_padding_mask,
    need_weights: bool,
    attn_mask,
    separate,
    static_k,
    static_v,
    average_attn_weights: bool,
    is_causal: bool,
    batch_first: bool,
):
    """multi_head_attention_forward in either token layout, (N, L, E) or (L, N, E)."""
    q_in, k_in, v_in = _t(query), _t(key), _t(value)
    batched = _check_shapes(q_in, k_in, v_in, key_padding_mask, attn_mask, num_heads)
    if not batched:  # one sequence: a batch of one, batch first
        batch_first = True
        same_kv = key is value
        same_qk = query is key
        query = q_in = q_in.unsqueeze(0)
        key = k_in = query if same_qk else k_in.unsqueeze(0)
        value = v_in = key if same_kv else v_in.unsqueeze(0)
        if key_padding_mask is not None:
            key_padding_mask = _t(key_padding_mask).unsqueeze(0)
    seq = 1 if batch_first else 0
    n, n_q, E = q_in.shape[1 - seq], q_in.shape[seq], q_in.shape[2]
    n_k = k_in.shape[seq]
    dtype = q_in.dtype
    if (
        key_padding_mask is not None
        and attn_mask is not None
        and (_value(key_padding_mask).dtype == np.bool_) != (_value(attn_mask).dtype == np.bool_)
    ):
        warnings.warn(
            "Support for mismatched key_padding_mask and attn_mask is deprecated. "
            "Use same type for both instead.",
            stacklevel=4,  # the caller of MultiheadAttention(...)
        )
    kpm = _float_mask(key_padding_mask, "key_padding_mask", dtype)
    if is_causal and attn_mask is None:
        raise RuntimeError(
            "Need attn_mask if specifying the is_causal hint. You may use the Transformer "
            "module method `generate_square_subsequent_mask` to create this mask."
        )
    causal = is_causal and kpm is None and not need_weights
    if causal:  # the hint alone decides (a causal mask), as PyTorch passes it to SDPA
        attn_mask = None
    else:
        attn_mask = _float_mask(attn_mask, "attn_mask", dtype)
    if E != embed_dim_to_check:
        raise ValueError(
            f"MultiheadAttention: expected embedding dimension {embed_dim_to_check}, got {E}"
        )
    head_dim = E // num_heads
    if head_dim * num_heads != E:
        raise ValueError(f"embed_dim {E} not divisible by num_heads {num_heads}")
    kv_shape = k_in.shape[:2] == v_in.shape[:2] if separate else k_in.shape == v_in.shape
    if not kv_shape:
        raise ValueError(
            f"MultiheadAttention: key shape {k_in.shape} does not match value shape {v_in.shape}"
        )
    packed = (  # self-attention without weights: one node from the packed projection
        separate is None
        and in_proj_weight is not None
        and query is key
        and key is value
        and bias_k is None
        and bias_v is None
        and static_k is None
        and static_v is None
        and not add_zero_attn
        and not need_weights
    )
    if packed:
        qkv = linear(q_in, in_proj_weight, in_proj_bias)
        q, k, v = qkv, None, None  # split below only if the packed node cannot take the mask
    else:
        q, k, v = _project(query, key, value, E, in_proj_weight, in_proj_bias, separate)

    if attn_mask is not None:
        if attn_mask.ndim == 2 and attn_mask.shape != (n_q, n_k):
            raise RuntimeError(
                f"The shape of the 2D attn_mask is {attn_mask.shape}, but should be {(n_q, n_k)}."
            )
        if attn_mask.ndim == 3:
            if attn_mask.shape != (n * num_heads, n_q, n_k):
                raise RuntimeError(
                    f"The shape of the 3D attn_mask is {attn_mask.shape}, but should be "
                    f"{(n * num_heads, n_q, n_k)}."
                )
            attn_mask = attn_mask.reshape(n, num_heads, n_q, n_k)
    if (bias_k is None) != (bias_v is None):
        raise ValueError("MultiheadAttention: bias_k and bias_v must both be set or both be None")
    if bias_k is not None:  # one learned key/value appended to every sequence
        if static_k is not None or static_v is not None:
            raise ValueError("multi_head_attention_forward: bias cannot be added to static k/v")
        one = (n, 1, E) if batch_first else (1, n, E)
        k = concatenate([k, bias_k.reshape(E).broadcast_to(one)], axis=seq)
        v = concatenate([v, bias_v.reshape(E).broadcast_to(one)], axis=seq)
        attn_mask, kpm = _pad_key(attn_mask), _pad_key(kpm)
    if packed:
        if kpm is not None and tuple(kpm.shape) != (n, n_k):
            raise ValueError(
                f"MultiheadAttention: expected key_padding_mask of shape {(n, n_k)}, "
                f"got {tuple(kpm.shape)}"
            )
        bias = _add_masks(attn_mask, None if kpm is None else kpm.reshape(n, 1, 1, n_k))
        if causal:
            bias = _causal_mask(n_q, n_k, dtype)
        p = dropout_p if training else 0.0
        merged = _attend_packed(qkv, num_heads, batch_first, bias, head_dim**-0.5, p)
        if merged is not None:
            out = linear(merged, out_proj_weight, out_proj_bias)
            return (out if batched else out.squeeze(0)), None
        q, k, v = qkv[..., :E], qkv[..., E : 2 * E], qkv[..., 2 * E :]
    q = _split_heads(q, num_heads, batch_first)
    k = _split_heads(k, num_heads, batch_first) if static_k is None else None
    v = _split_heads(v, num_heads, batch_first) if static_v is None else None
    if static_k is not None:
        k = _static(static_k, n, num_heads, head_dim, "static_k")
    if static_v is not None:
        v = _static(static_v, n, num_heads, head_dim, "static_v")
    if add_zero_attn:  # one all-zero key/value appended
        zeros = Tensor(np.zeros((n, num_heads, 1, head_dim), dtype=k.dtype))
        k, v = concatenate([k, zeros], axis=2), concatenate([v, zeros], axis=2)
        attn_mask, kpm = _pad_key(attn_mask), _pad_key(kpm)
    n_k = k.shape[2]
    if kpm is not None:
        if tuple(kpm.shape) != (n, n_k):
            raise ValueError(
                f"MultiheadAttention: expected key_padding_mask of shape {(n, n_k)}, "
                f"got {tuple(kpm.shape)}"
            )
        kpm = kpm.reshape(n, 1, 1, n_k)
    bias = _add_masks(attn_mask, kpm)
    if causal:
        bias = _causal_mask(n_q, n_k, dtype)
    p = dropout_p if training else 0.0
    out, weights = _attend(q, k, v, bias, head_dim**-0.5, p, weights=need_weights)
    out = linear(_merge_heads(out, batch_first), out_proj_weight, out_proj_bias)
    if not need_weights:
        return (out if batched else out.squeeze(0)), None
    if average_attn_weights:
        weights = weights.mean(axis=1)
    if not batched:
        out, weights = out.squeeze(0), weights.squeeze(0)
    return out, weights


def multi_head_attention_forward(
    query,
    key,
    value,
    embed_dim_to_check: int,
    num_heads: int,
    in_proj_weight,
    in_proj_bias,
    bias_k,
    bias_v,
    add_zero_attn: bool,
    dropout_p: float,
    out_proj_weight,
    out_proj_bias,
    training: bool = True,
    key_padding_mask=None,
    need_weights: bool = True,
    attn_mask=None,
    use_separate_proj_weight: bool = False,
    q_proj_weight=None,
    k_proj_weight=None,
    v_proj_weight=None,
    static_k=None,
    static_v=None,
    average_attn_weights: bool = True,
    is_causal: bool = False,
) -> tuple[Tensor, Tensor | None]:
    """PyTorch's F.multi_head_attention_forward: sequence-first (L, N, E) or unbatched (L, E)
    input; returns (output, attention weights or None)."""
    separate = (q_proj_weight, k_proj_weight, v_proj_weight) if use_separate_proj_weight else None
    return _mha(
        query, key, value, embed_dim_to_check, num_heads, in_proj_weight, in_proj_bias,
        bias_k, bias_v, add_zero_attn, dropout_p, out_proj_weight, out_proj_bias, training,
        key_padding_mask, need_weights, attn_mask, separate, static_k, static_v,
        average_attn_weights, is_causal, batch_first=False,
    )  # fmt: skip


class MultiheadAttention(Module):
    """Multi-head attention (Vaswani et al.), PyTorch's parameters, names and forward.

    Parameters: `in_proj_weight` (3E, E) (or `q_proj_weight`, `k_proj_weight`,
    `v_proj_weight` when kdim/vdim differ from embed_dim), `in_proj_bias` (3E,),
    `out_proj.weight`, `out_proj.bias`, and `bias_k`, `bias_v` (1, 1, E) with add_bias_kv.
    `forward` returns (output, weights): weights averaged over heads, (N, L, S), unless
    `average_attn_weights=False` (N, H, L, S); None with `need_weights=False`.
    """

    def __init__(
        self,
        embed_dim: int,
        num_heads: int,
        dropout: float = 0.0,
        bias: bool = True,
        add_bias_kv: bool = False,
        add_zero_attn: bool = False,
        kdim: int | None = None,
        vdim: int | None = None,
        batch_first: bool = False,
        device=None,
        dtype=None,
    ):
        super().__init__()
        _check_device(device, "MultiheadAttention")
        who = "MultiheadAttention"
        embed_dim, num_heads = (
            integer(embed_dim, "embed_dim", who),
            integer(num_heads, "num_heads", who),
        )
        kdim = None if kdim is None else integer(kdim, "kdim", who, minimum=0)
        vdim = None if vdim is None else integer(vdim, "vdim", who, minimum=0)
        dropout = number(dropout, "dropout", who, 0, 1)
        if embed_dim <= 0 or num_heads <= 0:
            raise ValueError(
                "embed_dim and num_heads must be greater than 0, "
                f"got embed_dim={embed_dim} and num_heads={num_heads} instead"
            )
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = dropout
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self.head_dim * num_heads != embed_dim:
            raise ValueError(
                f"embed_dim ({embed_dim}) must be divisible by num_heads ({num_heads})"
            )
        dt = get_default_dtype() if dtype is None else to_dtype(dtype, who)
        E = embed_dim
        if self._qkv_same_embed_dim:
            self.in_proj_weight = Parameter(np.empty((3 * E, E), dt))
            self.q_proj_weight = self.k_proj_weight = self.v_proj_weight = None
        else:
            self.q_proj_weight = Parameter(np.empty((E, E), dt))
            self.k_proj_weight = Parameter(np.empty((E, self.kdim), dt))
            self.v_proj_weight = Parameter(np.empty((E, self.vdim), dt))
            self.in_proj_weight = None
        self.in_proj_bias = Parameter(np.empty(3 * E, dt)) if bias else None
        self.out_proj = Linear(E, E, bias=bias, dtype=dt)
        if add_bias_kv:
            self.bias_k = Parameter(np.empty((1, 1, E), dt))
            self.bias_v = Parameter(np.empty((1, 1, E), dt))
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        # PyTorch's order: out_proj drew its Linear initialisation above; then these
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            init.xavier_uniform_(self.q_proj_weight)
            init.xavier_uniform_(self.k_proj_weight)
            init.xavier_uniform_(self.v_proj_weight)
        if self.in_proj_bias is not None:
            init.constant_(self.in_proj_bias, 0.0)
            init.constant_(self.out_proj.bias, 0.0)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
        if self.bias_v is not None:
            init.xavier_normal_(self.bias_v)

    def forward(
        self,
        query,
        key,
        value,
        key_padding_mask=None,
        need_weights: bool = True,
        attn_mask=None,
        average_attn_weights: bool = True,
        is_causal: bool = False,
    ) -> tuple[Tensor, Tensor | None]:
        separate = None
        if not self._qkv_same_embed_dim:
            separate = (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight)
        return _mha(
            query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight,
            self.in_proj_bias, self.bias_k, self.bias_v, self.add_zero_attn, self.dropout,
            self.out_proj.weight, self.out_proj.bias, self.training, key_padding_mask,
            need_weights, attn_mask, separate, None, None, average_attn_weights, is_causal,
            batch_first=self.batch_first,
        )  # fmt: skip
