"""`Transformer`, its encoder and decoder stacks and layers, with PyTorch's arguments,
parameter names, initialisation and masks.

A stack deep-copies the layer it is given (`num_layers` independent copies, all starting
from the same values, as PyTorch's). Masks may be bool (True = masked) or float
(added); `is_causal=None` on the stacks detects a causal mask, as PyTorch does.

As PyTorch's `TransformerEncoder` (with `enable_nested_tensor=True`) in eval mode without
gradients, a `src_key_padding_mask` that pads only at the ends of the sequences gives
zeros at the padded positions (before the final norm). PyTorch's other eval-mode fast
paths give NaN for a query whose keys are all masked; graphgrad gives the training
path's answer there (zeros from the attention), in every mode.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from autograd import grad_mode
from autograd.argcheck import integer, number
from autograd.dtypes import get_default_dtype
from autograd.tensor_class import Tensor

from . import init
from .activations import GELU, ReLU, gelu, relu
from .attention import MultiheadAttention
from .attention_ops import _check_device, _float_mask, _value
from .containers import ModuleList
from .dropout import Dropout
from .linear import Linear
from .module import Module
from .norm import LayerNorm

__all__ = [
    "Transformer",
    "TransformerDecoder",
    "TransformerDecoderLayer",
    "TransformerEncoder",
    "TransformerEncoderLayer",
]


def _activation(activation: str | Callable) -> Callable:
    if isinstance(activation, str):
        if activation == "relu":
            return relu
        if activation == "gelu":
            return gelu
        raise RuntimeError(f"activation should be relu/gelu, not {activation}")
    return activation


def _square_subsequent_mask(size: int, dtype=None) -> Tensor:
    """(size, size) float mask: 0 on and below the diagonal, -inf above (causal attention)."""
    dt = np.dtype(dtype) if dtype is not None else get_default_dtype()
    return Tensor(np.triu(np.full((size, size), -np.inf, dtype=dt), 1))


def _seq_len(src, batch_first: bool) -> int:
    shape = src.shape
    return shape[0] if len(shape) == 2 else shape[1 if batch_first else 0]


def _detect_is_causal_mask(mask, is_causal: bool | None, size: int | None) -> bool:
    """PyTorch's rule: an explicit hint wins; with None, is `mask` the causal mask?"""
    if is_causal is not None or mask is None:
        return is_causal is True
    additive = _value(_float_mask(mask, "mask", np.float64))
    n = size if size is not None else additive.shape[-2]
    causal = np.triu(np.full((n, n), -np.inf), 1)
    return additive.shape == causal.shape and bool(np.all(additive == causal))


def _clones(module: Module, n: int) -> ModuleList:
    return ModuleList([copy.deepcopy(module) for _ in range(n)])


def _check_layer_args(who: str, d_model, nhead, dim_feedforward, dropout, eps) -> None:
    """TypeError / ValueError naming the layer for bad sizes and numbers (before the
    sublayers would report them under their own names)."""
    integer(d_model, "d_model", who, minimum=1)
    integer(nhead, "nhead", who, minimum=1)
    integer(dim_feedforward, "dim_feedforward", who, minimum=0)
    if not 0 <= number(dropout, "dropout", who) <= 1:
        raise ValueError(f"{who}: dropout probability must be in [0, 1], got {dropout}")
    number(eps, "layer_norm_eps", who)


class TransformerEncoderLayer(Module):
    """Self-attention and a feed-forward block, each with a residual connection and a
    LayerNorm after it (or before it, with `norm_first=True`)."""

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str | Callable = relu,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        _check_device(device, "TransformerEncoderLayer")
        _check_layer_args(
            "TransformerEncoderLayer", d_model, nhead, dim_feedforward, dropout, layer_norm_eps
        )
        self.self_attn = MultiheadAttention(
            d_model, nhead, dropout=dropout, bias=bias, batch_first=batch_first, dtype=dtype
        )
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        activation = _activation(activation)
        if activation is relu or isinstance(activation, ReLU):
            self.activation_relu_or_gelu = 1
        elif activation is gelu or isinstance(activation, GELU):
            self.activation_relu_or_gelu = 2
        else:
            self.activation_relu_or_gelu = 0
        self.activation = activation

    def forward(
        self, src, src_mask=None, src_key_padding_mask=None, is_causal: bool = False
    ) -> Tensor:
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            x = x + self._ff_block(self.norm2(x))
        else:
            x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
            x = self.norm2(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal: bool) -> Tensor:
        x = self.self_attn(
            x,
            x,
            x,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            need_weights=False,
            is_causal=is_causal,
        )[0]
        return self.dropout1(x)

    def _ff_block(self, x) -> Tensor:
        return self.dropout2(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerDecoderLayer(Module):
    """Self-attention, attention over the encoder's output (memory) and a feed-forward
    block, each with a residual connection and a LayerNorm after (or before) it."""

    def __init__(
        self,
        d_model: int,
        nhead: int,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str | Callable = relu,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        _check_device(device, "TransformerDecoderLayer")
        _check_layer_args(
            "TransformerDecoderLayer", d_model, nhead, dim_feedforward, dropout, layer_norm_eps
        )
        kw = dict(dropout=dropout, batch_first=batch_first, bias=bias, dtype=dtype)
        self.self_attn = MultiheadAttention(d_model, nhead, **kw)
        self.multihead_attn = MultiheadAttention(d_model, nhead, **kw)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, dtype=dtype)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, dtype=dtype)
        self.norm_first = norm_first
        self.norm1 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm2 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.norm3 = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
        self.dropout1 = Dropout(dropout)
        self.dropout2 = Dropout(dropout)
        self.dropout3 = Dropout(dropout)
        self.activation = _activation(activation)

    def forward(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal: bool = False,
        memory_is_causal: bool = False,
    ) -> Tensor:
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask, tgt_is_causal)
            x = x + self._mha_block(
                self.norm2(x), memory, memory_mask, memory_key_padding_mask, memory_is_causal
            )
            x = x + self._ff_block(self.norm3(x))
        else:
            x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
            x = self.norm2(
                x
                + self._mha_block(x, memory, memory_mask, memory_key_padding_mask, memory_is_causal)
            )
            x = self.norm3(x + self._ff_block(x))
        return x

    def _sa_block(self, x, attn_mask, key_padding_mask, is_causal: bool) -> Tensor:
        x = self.self_attn(
            x,
            x,
            x,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            is_causal=is_causal,
            need_weights=False,
        )[0]
        return self.dropout1(x)

    def _mha_block(self, x, mem, attn_mask, key_padding_mask, is_causal: bool) -> Tensor:
        x = self.multihead_attn(
            x,
            mem,
            mem,
            attn_mask=attn_mask,
            key_padding_mask=key_padding_mask,
            is_causal=is_causal,
            need_weights=False,
        )[0]
        return self.dropout2(x)

    def _ff_block(self, x) -> Tensor:
        return self.dropout3(self.linear2(self.dropout(self.activation(self.linear1(x)))))


def _why_not_nested(layer) -> str:
    """Why PyTorch's TransformerEncoder would not use its nested-tensor path ("" if it would)."""
    if not isinstance(layer, TransformerEncoderLayer):
        return "encoder_layer was not TransformerEncoderLayer"
    attn = layer.self_attn
    reasons = [
        (layer.norm_first, "norm_first was True"),
        (not attn.batch_first, "self_attn.batch_first was not True"),
        (not attn._qkv_same_embed_dim, "self_attn._qkv_same_embed_dim was not True"),
        (attn.in_proj_bias is None, "self_attn was passed bias=False"),
        (not layer.activation_relu_or_gelu, "activation_relu_or_gelu was not True"),
        (layer.norm1.eps != layer.norm2.eps, "norm1.eps was not equal to norm2.eps"),
        (attn.num_heads % 2 == 1, "self_attn.num_heads is odd"),
    ]
    return next((why for bad, why in reasons if bad), "")


class TransformerEncoder(Module):
    """`num_layers` copies of an encoder layer, then an optional norm."""

    def __init__(
        self,
        encoder_layer: TransformerEncoderLayer,
        num_layers: int,
        norm: Module | None = None,
        enable_nested_tensor: bool = True,
        mask_check: bool = True,
    ):
        super().__init__()
        num_layers = integer(num_layers, "num_layers", "TransformerEncoder", minimum=0)
        self.layers = _clones(encoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm
        self.enable_nested_tensor = enable_nested_tensor
        self.use_nested_tensor = enable_nested_tensor and not _why_not_nested(encoder_layer)
        self.mask_check = mask_check

    def forward(self, src, mask=None, src_key_padding_mask=None, is_causal: bool | None = None):
        first = self.layers[0]
        batch_first = first.self_attn.batch_first
        padded = self._zeroed_positions(src, mask, src_key_padding_mask)
        kpm = src_key_padding_mask
        is_causal = _detect_is_causal_mask(mask, is_causal, _seq_len(src, batch_first))
        output = src
        for layer in self.layers:
            output = layer(output, src_mask=mask, is_causal=is_causal, src_key_padding_mask=kpm)
        if padded is not None:
            output = output * padded
        if self.norm is not None:
            output = self.norm(output)
        return output

    def _zeroed_positions(self, src, mask, key_padding_mask) -> np.ndarray | None:
        """(N, L, 1) 0/1 factors when PyTorch would take its nested-tensor path (padded
        positions come out as zeros), else None."""
        if (
            not self.use_nested_tensor
            or self.layers[0].training
            or len(src.shape) != 3
            or key_padding_mask is None
            or mask is not None
        ):
            return None
        if grad_mode.is_grad_enabled() and (
            getattr(src, "requires_grad", False)
            or any(p.requires_grad for p in self.layers[0].parameters())
        ):
            return None
        kept = _value(_float_mask(key_padding_mask, "src_key_padding_mask", np.float64)) == 0
        if self.mask_check and np.any(kept[:, 1:] & ~kept[:, :-1]):
            return None  # not left-aligned (padding before a kept token): PyTorch's own path
        return kept[:, :, None].astype(_value(src).dtype)


class TransformerDecoder(Module):
    """`num_layers` copies of a decoder layer, then an optional norm."""

    def __init__(self, decoder_layer: TransformerDecoderLayer, num_layers: int, norm=None):
        super().__init__()
        num_layers = integer(num_layers, "num_layers", "TransformerDecoder", minimum=0)
        self.layers = _clones(decoder_layer, num_layers)
        self.num_layers = num_layers
        self.norm = norm

    def forward(
        self,
        tgt,
        memory,
        tgt_mask=None,
        memory_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        tgt_is_causal: bool | None = None,
        memory_is_causal: bool = False,
    ) -> Tensor:
        output = tgt
        seq_len = _seq_len(tgt, self.layers[0].self_attn.batch_first)
        tgt_is_causal = _detect_is_causal_mask(tgt_mask, tgt_is_causal, seq_len)
        for layer in self.layers:
            output = layer(
                output,
                memory,
                tgt_mask=tgt_mask,
                memory_mask=memory_mask,
                tgt_key_padding_mask=tgt_key_padding_mask,
                memory_key_padding_mask=memory_key_padding_mask,
                tgt_is_causal=tgt_is_causal,
                memory_is_causal=memory_is_causal,
            )
        if self.norm is not None:
            output = self.norm(output)
        return output


class Transformer(Module):
    """The encoder-decoder Transformer of "Attention Is All You Need", PyTorch's module:
    every parameter with more than one dimension is re-drawn with xavier_uniform_."""

    def __init__(
        self,
        d_model: int = 512,
        nhead: int = 8,
        num_encoder_layers: int = 6,
        num_decoder_layers: int = 6,
        dim_feedforward: int = 2048,
        dropout: float = 0.1,
        activation: str | Callable = relu,
        custom_encoder: Module | None = None,
        custom_decoder: Module | None = None,
        layer_norm_eps: float = 1e-5,
        batch_first: bool = False,
        norm_first: bool = False,
        bias: bool = True,
        device=None,
        dtype=None,
    ):
        super().__init__()
        _check_device(device, "Transformer")
        _check_layer_args("Transformer", d_model, nhead, dim_feedforward, dropout, layer_norm_eps)
        integer(num_encoder_layers, "num_encoder_layers", "Transformer", minimum=0)
        integer(num_decoder_layers, "num_decoder_layers", "Transformer", minimum=0)
        layer_args = (d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps)
        layer_kw = dict(batch_first=batch_first, norm_first=norm_first, bias=bias, dtype=dtype)
        if custom_encoder is not None:
            self.encoder = custom_encoder
        else:
            layer = TransformerEncoderLayer(*layer_args, **layer_kw)
            norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
            self.encoder = TransformerEncoder(layer, num_encoder_layers, norm)
        if custom_decoder is not None:
            self.decoder = custom_decoder
        else:
            layer = TransformerDecoderLayer(*layer_args, **layer_kw)
            norm = LayerNorm(d_model, eps=layer_norm_eps, bias=bias, dtype=dtype)
            self.decoder = TransformerDecoder(layer, num_decoder_layers, norm)
        self._reset_parameters()
        self.d_model = integer(d_model, "d_model", "Transformer")
        self.nhead = integer(nhead, "nhead", "Transformer")
        self.batch_first = batch_first

    def forward(
        self,
        src,
        tgt,
        src_mask=None,
        tgt_mask=None,
        memory_mask=None,
        src_key_padding_mask=None,
        tgt_key_padding_mask=None,
        memory_key_padding_mask=None,
        src_is_causal: bool | None = None,
        tgt_is_causal: bool | None = None,
        memory_is_causal: bool = False,
    ) -> Tensor:
        batched = len(src.shape) == 3
        axis = 0 if self.batch_first else 1
        if batched and src.shape[axis] != tgt.shape[axis]:
            raise RuntimeError("the batch number of src and tgt must be equal")
        if src.shape[-1] != self.d_model or tgt.shape[-1] != self.d_model:
            raise RuntimeError("the feature number of src and tgt must be equal to d_model")
        memory = self.encoder(
            src, mask=src_mask, src_key_padding_mask=src_key_padding_mask, is_causal=src_is_causal
        )
        return self.decoder(
            tgt,
            memory,
            tgt_mask=tgt_mask,
            memory_mask=memory_mask,
            tgt_key_padding_mask=tgt_key_padding_mask,
            memory_key_padding_mask=memory_key_padding_mask,
            tgt_is_causal=tgt_is_causal,
            memory_is_causal=memory_is_causal,
        )

    @staticmethod
    def generate_square_subsequent_mask(sz: int, device=None, dtype=None) -> Tensor:
        """(sz, sz) float mask: 0 on and below the diagonal, -inf above."""
        _check_device(device, "generate_square_subsequent_mask")
        return _square_subsequent_mask(sz, dtype)

    def _reset_parameters(self) -> None:
        for p in self.parameters():
            if p.ndim > 1:
                init.xavier_uniform_(p)
