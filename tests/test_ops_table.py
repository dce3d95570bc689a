"""graphgrad's op table: every primitive (autograd's and nn's) and derived op, checked
with `check_op`.

One row per case: (name, fn, input shapes, options). The parametrized test runs
every check of `autograd.testing.check_op` (gradients and second derivatives
against central differences with random upstream gradients, linearity,
shapes and dtypes, mutation, aliasing, non-contiguous inputs) on each row.
Options: `inputs` ("normal", "positive", or "away" from the points in `kinks`),
`dtype`, and any keyword of check_op (second_order defaults to True: every
primitive of the engine supports double backward).
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest

import autograd
import nn.functional as F
from autograd import Tensor, special
from autograd.ops_shape import ScatterAdd
from autograd.testing import check_op
from nn.adaptive_pool import AdaptiveAvgSpread, _Windows
from nn.attention_ops import PackedSelfAttention
from nn.conv3d_ops import Conv3dWeightGradOp, ConvTranspose3dOp, Geom3
from nn.conv_kernels import Geom, max_pool
from nn.conv_ops import Conv2dWeightGradOp, ConvTranspose2dOp, PoolGather, PoolScatter
from nn.cross_map_lrn import CrossMapLRN2d
from nn.linear_cross_entropy import LinearCrossEntropyOptions
from nn.resample import AxisSum
from nn.rnn_ops import GRUPointwise, LSTMPointwise, RecurrentLayer

# Add returns one gradient array to both operands by design; the engine copies
# it before it reaches any .grad (tests/test_engine.py, test_leaf_gradients_never_share_memory).
SHARED_BY_DESIGN = ("aliasing",)

MASK = np.array([[True, False, True], [False, False, True]])
TARGETS = np.array([2, 0, 1, 2])
SCATTER_INDEX = np.array([[0, 1, 2, 0], [1, 1, 1, 1], [0, 2, 2, 1]])  # repeated targets
GEOM = Geom((2, 2), (1, 1), (1, 1))  # a 2x2 window, stride 1, padding 1: windows overlap
GEOM3 = Geom3((2, 2, 2), (1, 1, 1), (1, 1, 1), (1, 1, 1))  # its 3-d twin
SHARE = np.random.default_rng(3).uniform(0.5, 1.5, (2, 2, 1, 1, 3, 3))  # PoolScatter weights
# max-pooling's scatter: an image with a tie in one window, and its maxima (constants)
POOLED = np.array([[[[1.0, 3.0, 0.5], [2.0, 3.0, -1.0], [0.0, 1.5, 2.5]]]])
MAXIMA = (POOLED, max_pool(POOLED, GEOM))
UNPOOL_INDEX = np.array([[[[0, 7], [11, 18]], [[6, 3], [15, 13]]]])  # distinct, into 4 x 5
PM1 = np.array([1.0, -1.0, -1.0, 1.0, 1.0, -1.0])  # +-1 targets of the losses below
COUNTS = np.array([[0.0, 1.0, 2.0], [3.0, 5.0, 0.0]])  # Poisson counts (Stirling's term)
ZEROS = np.array([[1.0, 0.0, 1.0, 1.0], [0.0, 1.0, 0.0, 1.0]])  # exact zeros for prod/cumprod


def _iops(a, b):
    """The in-place operators on a graph tensor (recorded, as PyTorch's)."""
    a += b
    a *= b
    a -= 0.5
    a /= b
    a **= 2
    return a


def _view_add(x, v):
    x[1:].t()[1:3].mul_(v[1:3, None]).add_(v[:1])  # x changed through a view: CopySlices
    return x


def _setitem(x, index, value):
    x[index] = value  # recorded: x is in a graph, or value requires grad
    return x


def _layer(mode, bias=True):
    """A RecurrentLayer over x (3, 2, 2), h0 (2, 3) (and c0), weights and biases."""
    return lambda *ts: RecurrentLayer.apply(*ts, mode=mode, bias=bias)


def _rnn_shapes(gates, lstm=False, bias=True):
    shapes = [(3, 2, 2), (2, 3)] + [(2, 3)] * lstm + [(3 * gates, 2), (3 * gates, 3)]
    return shapes + [(3 * gates,)] * 2 * bias


OPS = [
    # ------------------------------------------------------------ elementwise
    ("add", lambda a, b: a + b, [(3, 1), (4,)], {}),
    ("add_same_shape", lambda a, b: a + b, [(2, 3), (2, 3)], {"skip": SHARED_BY_DESIGN}),
    ("add_scalar_tensor", lambda a, b: a + b, [(), (2, 3)], {}),
    ("add_python_scalar", lambda a: a + 2.0, [(2, 3)], {}),
    ("sub", lambda a, b: a - b, [(2, 3), (3,)], {}),
    ("rsub", lambda a: 1.5 - a, [(2, 3)], {}),
    ("neg", lambda a: -a, [(4,)], {}),
    ("mul", lambda a, b: a * b, [(2, 1, 3), (4, 1)], {}),
    ("mul_float32", lambda a, b: a * b, [(2, 3), (3,)], {"dtype": np.float32}),
    ("div", lambda a, b: a / b, [(2, 3), (3,)], {"inputs": "positive"}),
    ("rdiv", lambda a: 2.0 / a, [(3,)], {"inputs": "positive"}),
    ("pow_int", lambda a: a**3, [(2, 3)], {}),
    ("pow_square", lambda a: a**2, [(2, 3)], {}),
    ("pow_negative", lambda a: a**-1.5, [(2, 3)], {"inputs": "positive"}),
    (
        "pow_array_exponent",
        lambda a: a ** np.array([0.5, 2.0, 3.0]),
        [(2, 3)],
        {"inputs": "positive"},
    ),
    ("pow_method", lambda a: a.pow(2.5), [(3,)], {"inputs": "positive"}),
    ("sqrt", lambda a: a.sqrt(), [(2, 3)], {"inputs": "positive"}),
    ("pow_tensor", lambda a, b: a**b, [(3, 1), (4,)], {"inputs": "positive"}),
    ("rpow", lambda a: 2.0**a, [(3,)], {}),
    ("exp", lambda a: a.exp(), [(2, 3)], {}),
    ("log", lambda a: a.log(), [(2, 3)], {"inputs": "positive"}),
    ("sin", lambda a: a.sin(), [(2, 3)], {}),
    ("cos", lambda a: a.cos(), [(2, 3)], {}),
    ("tanh", lambda a: a.tanh(), [(2, 3)], {}),
    ("sigmoid", lambda a: a.sigmoid(), [(2, 3)], {}),
    ("maximum", lambda a, b: autograd.maximum(a, b), [(3, 1), (1, 4)], {}),
    ("maximum_scalar", lambda a: a.maximum(0.3), [(5,)], {"inputs": "away", "kinks": (0.3,)}),
    ("minimum", lambda a, b: a.minimum(b), [(2, 3), (3,)], {}),
    ("remainder", lambda a, b: a % b, [(2, 3), (3,)], {"inputs": "positive"}),
    ("remainder_rmod", lambda b: 5.0 % b, [(4,)], {"inputs": "positive"}),
    ("fmax", lambda a, b: a.fmax(b), [(3, 1), (1, 4)], {}),
    ("fmin", lambda a, b: autograd.fmin(a, b), [(2, 3), (3,)], {}),
    ("where", lambda a, b: autograd.where(MASK, a, b), [(2, 3), (3,)], {}),
    # values computed outside the graph with a constant derivative (autograd.ops_elementwise
    # .Rescaled): frexp's mantissa, nextafter, copysign
    ("frexp_mantissa", lambda a: a.frexp().mantissa, [(2, 3)], {}),
    ("nextafter", lambda a, b: a.nextafter(b), [(2, 3), (3,)], {}),
    ("copysign", lambda a: a.copysign(-1.0), [(2, 3)], {}),
    ("where_scalar", lambda a: autograd.where(MASK, a, 0.0), [(2, 3)], {}),
    ("where_scalar_first", lambda b: autograd.where(MASK, 1.0, b), [(1, 3)], {}),
    (
        "cast_roundtrip",
        lambda a: a.astype(np.float32).astype(np.float64) * 2.0,
        [(2, 3)],
        {"eps": 1e-3, "atol": 1e-3, "rtol": 1e-2},
    ),
    ("double", lambda a: a.double(), [(3,)], {"dtype": np.float32}),
    ("abs", lambda a: a.abs(), [(2, 3)], {"inputs": "away", "kinks": (0.0,)}),
    ("abs_operator", lambda a: abs(a), [(4,)], {"inputs": "away", "kinks": (0.0,)}),
    ("relu", lambda a: a.relu(), [(2, 3)], {"inputs": "away", "kinks": (0.0,)}),
    ("clip", lambda a: a.clip(-0.5, 0.5), [(3, 4)], {"inputs": "away", "kinks": (-0.5, 0.5)}),
    ("clip_upper", lambda a: a.clip(None, 0.2), [(5,)], {"inputs": "away", "kinks": (0.2,)}),
    # ------------------------------------------------------------ reductions
    ("sum_all", lambda a: a.sum(), [(2, 3)], {}),
    ("sum_axis_keepdims", lambda a: a.sum(axis=1, keepdims=True), [(2, 3, 4)], {}),
    ("sum_axes", lambda a: a.sum(axis=(0, -1)), [(2, 3, 4)], {}),
    ("sum_0d", lambda a: a.sum(), [()], {}),
    ("max_all", lambda a: a.max(), [(3, 4)], {}),
    ("max_axis", lambda a: a.max(axis=-1), [(2, 3, 4)], {}),
    ("max_axes_keepdims", lambda a: a.max(axis=(0, 2), keepdims=True), [(2, 3, 4)], {}),
    ("min_axis", lambda a: a.min(axis=0), [(3, 4)], {}),
    ("mean", lambda a: a.mean(), [(2, 3)], {}),
    ("mean_axis", lambda a: a.mean(axis=-1, keepdims=True), [(2, 3, 4)], {}),
    ("var", lambda a: a.var(axis=1), [(3, 4)], {}),
    ("var_ddof", lambda a: a.var(ddof=1), [(5,)], {}),
    ("std", lambda a: a.std(axis=0), [(4, 3)], {}),
    ("logsumexp", lambda a: a.logsumexp(axis=-1), [(3, 4)], {}),
    ("logsumexp_all", lambda a: a.logsumexp(), [(2, 3)], {}),
    ("softmax", lambda a: a.softmax(axis=-1), [(2, 5)], {}),
    ("softmax_axis0", lambda a: a.softmax(axis=0), [(3, 2, 2)], {}),
    ("log_softmax", lambda a: a.log_softmax(axis=-1), [(2, 5)], {}),
    ("log_softmax_axis1", lambda a: a.log_softmax(axis=1), [(2, 3, 2)], {}),
    # ----------------------------------------------------------------- shape
    ("reshape", lambda a: a.reshape(4, -1), [(2, 3, 2)], {}),
    ("reshape_0d", lambda a: a.reshape(()), [(1, 1)], {}),
    ("transpose", lambda a: a.transpose(2, 0, 1), [(2, 3, 4)], {}),
    ("transpose_reverse", lambda a: a.transpose(), [(2, 3, 4)], {}),
    ("T", lambda a: a.T, [(2, 3)], {}),
    ("swapaxes", lambda a: a.swapaxes(0, -1), [(2, 3, 4)], {}),
    ("squeeze", lambda a: a.squeeze(), [(1, 3, 1)], {}),
    ("squeeze_axis", lambda a: a.squeeze(0), [(1, 3, 1)], {}),
    ("unsqueeze", lambda a: a.unsqueeze(1), [(2, 3)], {}),
    ("flatten", lambda a: a.flatten(), [(2, 3, 2)], {}),
    ("flatten_start", lambda a: a.flatten(1), [(2, 3, 2)], {}),
    ("broadcast_to", lambda a: a.broadcast_to(2, 3, 4), [(3, 1)], {}),
    ("copy", lambda a: a.copy(), [(2, 3)], {}),
    # -------------------------------------------------------------- indexing
    ("getitem_int", lambda a: a[1], [(3, 4)], {}),
    ("getitem_slices", lambda a: a[1:, ::2], [(3, 5)], {}),
    ("getitem_negative_step", lambda a: a[::-2, 1:3], [(5, 4)], {}),
    ("getitem_newaxis_ellipsis", lambda a: a[..., None, 0], [(2, 3, 4)], {}),
    ("getitem_int_array_repeats", lambda a: a[[0, 2, 0, -1]], [(3, 2)], {}),
    ("getitem_two_arrays", lambda a: a[[0, 1, 1], [2, 0, 2]], [(2, 3)], {}),
    ("getitem_array_after_slice", lambda a: a[:, np.array([[1, 1], [0, 2]])], [(2, 3)], {}),
    ("getitem_bool_mask", lambda a: a[MASK], [(2, 3)], {}),
    ("getitem_tensor_index", lambda a: a[Tensor(np.array([1, 1, 0]))], [(2, 2)], {}),
    (
        "scatter_add",
        lambda g: ScatterAdd.apply(g, index=np.array([0, 2, 0]), shape=(4, 3)),
        [(3, 3)],
        {},
    ),
    (
        "scatter_add_basic",
        lambda g: ScatterAdd.apply(g, index=(slice(1, 3),), shape=(4, 2)),
        [(2, 2)],
        {},
    ),
    # ---------------------------------------------------------- many inputs
    ("concatenate", lambda a, b, c: autograd.concatenate([a, b, c]), [(2, 3), (1, 3), (3, 3)], {}),
    ("concatenate_axis1", lambda a, b: autograd.concatenate([a, b], axis=-1), [(2, 1), (2, 3)], {}),
    ("stack", lambda a, b: autograd.stack([a, b], axis=1), [(2, 3), (2, 3)], {}),
    ("matmul_1d_1d", lambda a, b: a @ b, [(4,), (4,)], {}),
    ("matmul_1d_2d", lambda a, b: a @ b, [(3,), (3, 4)], {}),
    ("matmul_2d_1d", lambda a, b: a @ b, [(2, 3), (3,)], {}),
    ("matmul_2d_2d", lambda a, b: autograd.matmul(a, b), [(2, 3), (3, 4)], {}),
    ("matmul_batched_broadcast", lambda a, b: a @ b, [(2, 1, 3, 4), (5, 4, 2)], {}),
    ("matmul_1d_batched", lambda a, b: a @ b, [(3,), (2, 3, 2)], {}),
    ("matmul_batched_1d", lambda a, b: autograd.matmul(a, b), [(2, 2, 3), (3,)], {}),
    ("matmul_rmatmul_array", lambda a: np.ones((2, 3)) @ a, [(3, 2)], {}),
    # ------------------------------------------------------------------- nn
    ("linear", lambda x, w, b: F.linear(x, w, b), [(2, 3), (4, 3), (4,)], {}),
    ("linear_3d_no_bias", lambda x, w: F.linear(x, w), [(2, 2, 3), (4, 3)], {}),
    ("linear_bias_of_one", lambda x, w, b: F.linear(x, w, b), [(2, 2, 3), (4, 3), (1,)], {}),
    (
        "binary_cross_entropy",
        lambda p, y: F.binary_cross_entropy(p.sigmoid(), y.sigmoid(), reduction="none"),
        [(2, 3), (2, 3)],
        {},
    ),
    ("softplus", lambda a: F.softplus(a), [(2, 3)], {}),
    ("gelu", lambda a: F.gelu(a), [(2, 3)], {}),
    ("arctan", lambda a: F.arctan(a), [(2, 3)], {}),
    ("cross_entropy", lambda x: F.cross_entropy(x, TARGETS), [(4, 3)], {}),
    (
        "cross_entropy_weighted_smoothed_ignored",
        lambda x: F.cross_entropy(
            x, TARGETS, weight=np.array([0.5, 2.0, 1.0]), ignore_index=0, label_smoothing=0.2
        ),
        [(4, 3)],
        {},
    ),
    (
        "cross_entropy_none_2d_positions",
        lambda x: F.cross_entropy(x, TARGETS.reshape(2, 2), reduction="none"),
        [(2, 3, 2)],
        {},
    ),
    ("lstm_pointwise", lambda g, c: LSTMPointwise.apply(g, c), [(2, 8), (2, 2)], {}),
    ("gru_pointwise", lambda gi, gh, h: GRUPointwise.apply(gi, gh, h), [(2, 6)] * 2 + [(2, 2)], {}),
    # (LSTM and RNN give both biases one gradient array, as Add gives its operands)
    ("recurrent_lstm", _layer("LSTM"), _rnn_shapes(4, lstm=True), {"skip": SHARED_BY_DESIGN}),
    ("recurrent_gru", _layer("GRU"), _rnn_shapes(3), {}),
    ("recurrent_tanh_no_bias", _layer("RNN_TANH", bias=False), _rnn_shapes(1, bias=False), {}),
    (
        "recurrent_relu",
        _layer("RNN_RELU"),
        _rnn_shapes(1),
        {"inputs": "away", "kinks": (0.0,), "eps": 1e-7, "skip": SHARED_BY_DESIGN},
    ),
    (
        "conv2d",
        lambda x, w, b: F.conv2d(x, w, b, padding=1),
        [(2, 2, 4, 4), (3, 2, 3, 3), (3,)],
        {},
    ),
    (
        "conv_transpose",
        lambda g, w: ConvTranspose2dOp.apply(g, w, x_shape=(1, 2, 3, 3), geom=GEOM),
        [(1, 3, 4, 4), (3, 2, 2, 2)],
        {},
    ),
    (
        "conv_weight_grad",
        lambda x, g: Conv2dWeightGradOp.apply(x, g, geom=GEOM, bias=False, _cols=None),
        [(1, 2, 3, 3), (1, 3, 4, 4)],
        {},
    ),
    (
        "conv_weight_and_bias_grad",
        lambda x, g: Conv2dWeightGradOp.apply(x, g, geom=GEOM, bias=True, _cols=None),
        [(1, 2, 3, 3), (1, 3, 4, 4)],
        {},
    ),
    (
        "conv3d",
        lambda x, w, b: F.conv3d(x, w, b, padding=1),
        [(2, 2, 3, 3, 2), (3, 2, 2, 2, 2), (3,)],
        {},
    ),
    (
        "conv3d_strided",
        lambda x, w, b: F.conv3d(x, w, b, stride=(2, 1, 2), dilation=(1, 2, 1)),
        [(1, 2, 4, 4, 3), (3, 2, 2, 2, 2), (3,)],
        {},
    ),
    (
        "conv3d_input_grad",
        lambda g, w: ConvTranspose3dOp.apply(g, w, x_shape=(1, 2, 3, 3, 2), geom=GEOM3),
        [(1, 3, 4, 4, 3), (3, 2, 2, 2, 2)],
        {},
    ),
    (
        "conv3d_weight_and_bias_grad",
        lambda x, g: Conv3dWeightGradOp.apply(x, g, geom=GEOM3, bias=True, _cols=None),
        [(1, 2, 3, 3, 2), (1, 3, 4, 4, 3)],
        {},
    ),
    ("max_pool", lambda x: F.max_pool2d(x, 2), [(1, 2, 4, 4)], {}),
    (  # ScaleGrad: at repeated indices a rescaled gradient, not a derivative: distinct here
        "embedding_scale_grad_by_freq",
        lambda w: F.embedding(Tensor(np.array([[0, 2], [1, 3]])), w, None, None, 2.0, True),
        [(4, 3)],
        {},
    ),
    ("avg_pool", lambda x: F.avg_pool2d(x, 2, 1, 1), [(1, 2, 3, 3)], {}),
    # adaptive windows of 5 -> 3 and 4 -> 3 overlap; 2 -> 3 reads inputs twice (add.at)
    ("adaptive_avg_pool", lambda x: F.adaptive_avg_pool2d(x, (3, 3)), [(2, 2, 5, 4)], {}),
    ("adaptive_avg_pool_up", lambda x: F.adaptive_avg_pool2d(x, (3, 2)), [(1, 2, 2, 2)], {}),
    ("adaptive_avg_pool_1x1", lambda x: F.adaptive_avg_pool2d(x, 1), [(2, 3, 3, 2)], {}),
    ("adaptive_avg_pool1d", lambda x: F.adaptive_avg_pool1d(x, 3), [(2, 2, 7)], {}),
    ("adaptive_max_pool", lambda x: F.adaptive_max_pool2d(x, (2, 3)), [(2, 2, 5, 4)], {}),
    (
        "adaptive_avg_spread",
        lambda g: AdaptiveAvgSpread.apply(g, win=_Windows((5, 2), (3, 3))),
        [(2, 1, 3, 3)],
        {},
    ),
    (
        "pool_scatter",
        lambda g: PoolScatter.apply(
            g, x_shape=(1, 2, 2, 2), geom=GEOM, _share=SHARE[:, :, :1], _max_of=None
        ),
        [(1, 2, 3, 3)],
        {},
    ),
    (
        "pool_scatter_max",
        lambda g: PoolScatter.apply(
            g, x_shape=(1, 1, 3, 3), geom=GEOM, _share=None, _max_of=MAXIMA
        ),
        [(1, 1, 4, 4)],
        {},
    ),
    (
        "pool_gather",
        lambda x: PoolGather.apply(x, geom=GEOM, _share=SHARE[:, :, :1]),
        [(1, 2, 2, 2)],
        {},
    ),
    # closed-form gradients without a derivative of their own (as PyTorch's): first order
    (  # CTC's gradient is the logits' through log_softmax (tests/test_nn_extra_pytorch.py)
        "ctc_loss",
        lambda x: F.ctc_loss(
            x.log_softmax(2), Tensor(np.array([[1, 2], [2, 2]])), (5, 4), (2, 2), reduction="sum"
        ),
        [(5, 2, 3)],
        {"second_order": False},
    ),
    (  # the legacy kernel's gradient is the derivative when channels <= (size - 1) // 2 + 1
        "cross_map_lrn2d",
        lambda x: CrossMapLRN2d(9, 0.5, 0.75, 2.0)(x),
        [(2, 3, 2, 2)],
        {"second_order": False},
    ),
    (
        "linear_cross_entropy_chunked",
        lambda x, w, b: F.linear_cross_entropy(
            x,
            w,
            Tensor(np.array([0, 2, 1, 2, 0])),
            linear_bias=b,
            options=LinearCrossEntropyOptions(batch_chunk_size=2),
        ),
        [(5, 3), (3, 3), (3,)],
        {"second_order": False},
    ),
    (
        "attention_causal",
        lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True),
        [(2, 3, 4), (2, 5, 4), (2, 5, 3)],
        {},
    ),
    (
        "attention_float_mask",
        lambda q, k, v, m: F.scaled_dot_product_attention(q, k, v, attn_mask=m),
        [(3, 4), (3, 4), (3, 2), (3, 3)],
        {},
    ),
    (
        "attention_packed",  # self-attention on the packed projection, batch first
        lambda qkv: PackedSelfAttention.apply(
            qkv,
            scale=0.5,
            heads=2,
            batch_first=True,
            _bias=None,
            _keep=None,
            _drop=None,
            _weights_t=None,
        ),  # fmt: skip
        [(2, 3, 12)],
        {},
    ),
    (
        "attention_packed_seq_first_masked",  # (L, N, 3E), a causal bias
        lambda qkv: PackedSelfAttention.apply(
            qkv,
            scale=0.7,
            heads=2,
            batch_first=False,
            _weights_t=None,
            _keep=None,
            _drop=None,
            _bias=np.triu(np.full((3, 3), -np.inf), 1),
        ),  # fmt: skip
        [(3, 2, 12)],
        {},
    ),
    (
        "layer_norm",
        lambda x, w, b: F.layer_norm(x, (2, 3), w, b, eps=1e-2),
        [(4, 2, 3), (2, 3), (2, 3)],
        {},
    ),
    ("layer_norm_no_affine", lambda x: F.layer_norm(x, (5,), eps=1e-2), [(3, 5)], {}),
    ("layer_norm_weight_only", lambda x, w: F.layer_norm(x, 4, w), [(2, 4), (4,)], {}),
    # ------------------------------------- PyTorch's methods (issue 13), derived
    ("log10", lambda a: a.log10(), [(2, 3)], {"inputs": "positive"}),
    ("log2", lambda a: a.log2(), [(3,)], {"inputs": "positive"}),
    ("log1p", lambda a: a.log1p(), [(2, 3)], {"inputs": "positive"}),
    ("expm1", lambda a: a.expm1(), [(2, 3)], {}),
    ("rsqrt", lambda a: a.rsqrt(), [(3,)], {"inputs": "positive"}),
    ("square_reciprocal", lambda a: a.square() + a.reciprocal(), [(3,)], {"inputs": "positive"}),
    ("frac", lambda a: (a * 3).frac(), [(4,)], {"inputs": "away", "kinks": (0.0,)}),
    ("floor_round_zero_grad", lambda a: a.floor() + a.round() + a.sign() + a, [(4,)], {}),
    ("clamp", lambda a: a.clamp(-0.5, 0.5), [(3, 4)], {"inputs": "away", "kinks": (-0.5, 0.5)}),
    ("masked_fill", lambda a: a.masked_fill(MASK, -1.0), [(2, 3)], {}),
    ("masked_fill_tensor", lambda a, v: a.masked_fill(MASK, v), [(2, 3), ()], {}),
    ("add_alpha", lambda a, b: a.add(b, alpha=-2.5), [(2, 3), (3,)], {}),
    (
        "lerp_addcmul_addcdiv",
        lambda a, b, c: a.lerp(b, 0.3).addcmul(b, c, value=2).addcdiv(b, c),
        [(3,), (3,), (3,)],
        {"inputs": "positive"},
    ),
    ("var_correction", lambda a: a.var(1, correction=2), [(3, 4)], {}),
    ("var_unbiased_false", lambda a: a.var(0, unbiased=False, keepdim=True), [(3, 4)], {}),
    ("std_unbiased", lambda a: a.std(), [(5,)], {}),
    ("var_mean", lambda a: sum(a.var_mean(1)), [(3, 4)], {}),
    ("max_dim", lambda a: a.max(1).values, [(3, 4)], {}),
    ("min_dim_keepdim", lambda a: a.min(0, keepdim=True).values, [(3, 4)], {}),
    ("amax", lambda a: a.amax(dim=(0, 2)), [(2, 3, 4)], {}),
    ("amin", lambda a: a.amin(-1, keepdim=True), [(3, 4)], {}),
    ("norm_2", lambda a: a.norm(), [(3, 4)], {}),
    ("norm_1_dim", lambda a: a.norm(1, dim=1), [(3, 4)], {"inputs": "away", "kinks": (0.0,)}),
    (
        "norm_3",
        lambda a: a.norm(3, dim=0, keepdim=True),
        [(3, 4)],
        {"inputs": "away", "kinks": (0.0,)},
    ),
    (
        "norm_inf",
        lambda a: a.norm(float("inf"), dim=-1),
        [(3, 4)],
        {"inputs": "away", "kinks": (0.0,)},
    ),
    ("prod_all", lambda a: a.prod(), [(2, 3)], {}),
    ("prod_dim", lambda a: a.prod(1, keepdim=True), [(2, 3, 2)], {}),
    ("prod_with_zeros", lambda a: (a * ZEROS).prod(-1), [(2, 4)], {}),
    ("cumsum", lambda a: a.cumsum(1), [(2, 3, 2)], {}),
    ("cumsum_flat", lambda a: a.cumsum(), [(2, 3)], {}),
    ("cumprod", lambda a: a.cumprod(-1), [(2, 4)], {}),
    ("cumprod_with_zeros", lambda a: (a * ZEROS).cumprod(1), [(2, 4)], {}),
    ("sort_values", lambda a: a.sort(1, descending=True).values, [(3, 4)], {}),
    ("topk_values", lambda a: a.topk(2, dim=0).values, [(4, 3)], {}),
    # ------------------------------------------- shape methods, PyTorch's meanings
    ("transpose_swap_2d", lambda a: a.transpose(0, 1), [(2, 3)], {}),
    ("transpose_swap_nd", lambda a: a.transpose(-2, -1), [(2, 3, 4)], {}),
    ("permute", lambda a: a.permute(2, 0, 1), [(2, 3, 4)], {}),
    ("t_mT_movedim", lambda a: a.mT.movedim(0, -1) + a.mT.movedim(0, -1), [(2, 3, 4)], {}),
    ("unflatten_narrow", lambda a: a.unflatten(1, (2, -1)).narrow(2, 1, 2), [(2, 6)], {}),
    ("expand", lambda a: a.expand(2, -1, 4), [(3, 1)], {}),
    (
        "split_chunk_unbind",
        lambda a: a.split(2, 1)[1] * a.chunk(2, 1)[0][:, :1] + a.unbind(1)[0][:, None],
        [(2, 4)],
        {},
    ),
    ("flip_roll", lambda a: a.flip(0) + a.roll(1, 1) + a.roll((1, -1), (0, 1)), [(3, 4)], {}),
    ("repeat_tile", lambda a: a.repeat(2, 1, 3) + a.tile((2, 1, 3)), [(2, 3)], {}),
    ("repeat_interleave", lambda a: a.repeat_interleave(2, dim=0), [(2, 3)], {}),
    ("repeat_interleave_counts", lambda a: a.repeat_interleave(np.array([0, 2, 1])), [(3,)], {}),
    ("gather", lambda a: a.gather(1, np.array([[0, 0], [2, 1], [1, 1]])), [(3, 3)], {}),
    ("scatter", lambda a, b: a.scatter(0, np.array([[1, 0, 2]]), b), [(3, 3), (1, 3)], {}),
    (
        "scatter_add",
        lambda a, b: a.scatter_add(1, np.array([[0, 0], [2, 1]]), b),
        [(2, 3), (2, 2)],
        {},
    ),
    *[
        (
            f"scatter_reduce_{r}_{inc}",
            lambda a, b, r=r, inc=inc: a.scatter_reduce(0, SCATTER_INDEX, b, r, include_self=inc),
            [(3, 4), (3, 4)],
            {},
        )
        for r in ("sum", "prod", "mean", "amax", "amin")
        for inc in (True, False)
    ],  # fmt: skip
    (
        "index_reduce",
        lambda a, b: a.index_reduce(0, np.array([2, 0, 2]), b, "prod"),
        [(3, 4), (3, 4)],
        {},
    ),  # fmt: skip
    ("index_select", lambda a: a.index_select(1, np.array([2, 0, 2])), [(2, 3)], {}),
    ("take_along_dim", lambda a: a.take_along_dim(np.array([[1], [0]]), 1), [(2, 3)], {}),
    ("masked_select", lambda a: a.masked_select(MASK), [(2, 3)], {}),
    ("tril_triu", lambda a: a.tril() + a.triu(1) * 2, [(2, 3, 3)], {}),
    ("index_put", lambda a, v: a.index_put((np.array([0, 2]),), v), [(3, 2), (2,)], {}),
    (
        "index_put_accumulate",
        lambda a, v: a.index_put((np.array([0, 2, 0]),), v, accumulate=True),
        [(3, 2), (3, 2)],
        {},
    ),
    ("einsum_matmul", lambda a, b: autograd.einsum("ij,jk->ik", a, b), [(2, 3), (3, 4)], {}),
    (
        "einsum_batched_ellipsis",
        lambda a, b: autograd.einsum("...ij,...jk", a, b),
        [(2, 2, 3), (2, 3, 4)],
        {},
    ),
    (
        "einsum_diagonal_trace",
        lambda a: autograd.einsum("ii->i", a) + autograd.einsum("ii", a),
        [(3, 3)],
        {},
    ),
    (
        "einsum_three_sum_out",
        lambda a, b, c: autograd.einsum("i,ij,j->", a, b, c),
        [(2,), (2, 3), (3,)],
        {},
    ),
    ("einsum_broadcast_one", lambda a, b: autograd.einsum("ij,ij->ij", a, b), [(1, 3), (4, 3)], {}),
    ("einsum_summed_inside", lambda a, b: autograd.einsum("ij,k->ik", a, b), [(2, 3), (4,)], {}),
    # ------------------- matrices and linear algebra (autograd/tensor_matrix.py, linalg.py)
    ("diagonal_offset_dims", lambda a: a.diagonal(1, 2, 0), [(3, 2, 4)], {}),
    ("unfold_overlapping", lambda a: a.unfold(1, 3, 1), [(2, 5, 3)], {}),
    ("unfold_gaps", lambda a: a.unfold(-1, 2, 3), [(3, 7)], {}),
    ("unfold_0d", lambda a: a.unfold(0, 1, 1), [()], {}),
    ("diag_embed_offset", lambda a: autograd.diag_embed(a, -1, 0, 2), [(2, 3)], {}),
    (
        "diag_vector_matrix",
        lambda a, b: autograd.diag(a, 1) + autograd.diag(b).sum(),
        [(3,), (3, 4)],
        {},
    ),
    ("trace", lambda a: a.trace(), [(3, 4)], {}),
    ("diff_prepend_append", lambda a, p, q: a.diff(2, 0, p, q), [(3, 2), (1, 2), (2, 2)], {}),
    ("kron", lambda a, b: autograd.kron(a, b), [(2, 3), (2, 1, 2)], {}),
    (
        "tensordot",
        lambda a, b: autograd.tensordot(a, b, ([0, 2], [1, 0])),
        [(2, 3, 4), (4, 2, 5)],
        {},
    ),
    ("inner", lambda a, b: autograd.inner(a, b), [(2, 3), (4, 3)], {}),
    ("vdot", lambda a, b: autograd.vdot(a, b), [(4,), (4,)], {}),
    ("cross", lambda a, b: autograd.cross(a, b, dim=1), [(2, 3, 1), (1, 3, 4)], {}),
    (
        "addmm_family",
        lambda i, a, b, c: (
            autograd.addmm(i, a, b, beta=0.5, alpha=2)
            + autograd.baddbmm(i, c, c.mT, alpha=-1).sum(0)
            + autograd.addbmm(i, c, c.mT, beta=0)
            + autograd.addmv(i[0], a, b[:, 0])[:, None]
        ),
        [(3,), (3, 2), (2, 3), (4, 3, 2)],
        {},
    ),
    (
        "cdist_p2_p1_p3",
        lambda a, b: autograd.cdist(a, b) + autograd.cdist(a, b, 1.0) + autograd.cdist(a, b, 3.0),
        [(2, 3, 2), (2, 4, 2)],
        {},
    ),
    (
        "grids",
        lambda a, b: (
            sum(autograd.meshgrid(a, b, indexing="xy"))
            + autograd.cartesian_prod(a, a).sum(1).reshape(3, 3)[:2]
            + autograd.broadcast_tensors(a, b[:, None])[1]
        ),
        [(3,), (2,)],
        {},
    ),
    ("combinations", lambda a: autograd.combinations(a, 2, with_replacement=True), [(3,)], {}),
    (
        "stacking",
        lambda a, b: (
            autograd.block_diag(a, b, a[0, 0]).sum()
            + autograd.dstack([a, a]).sum(2)
            + autograd.column_stack([a[:, 0], a]).sum(1, keepdim=True)
            + autograd.atleast_3d(b)[0].T
        ),
        [(2, 3), (3,)],
        {},
    ),
    (
        "rot90_flips",
        lambda a: a.rot90(1, (1, 2)) + a.rot90(3, (2, 1)).fliplr().flipud(),
        [(2, 3, 3)],
        {},
    ),
    ("vander", lambda a: autograd.vander(a, 4), [(3,)], {}),
    ("vander_at_zero", lambda a: autograd.vander(a * 0, increasing=True), [(3,)], {}),
    ("det", lambda a: a.det(), [(2, 3, 3)], {}),
    ("slogdet_logdet", lambda a: a.slogdet().logabsdet + (a @ a.mT).logdet(), [(3, 3)], {}),
    ("inverse", lambda a: a.inverse(), [(2, 3, 3)], {}),
    ("lu_factor", lambda a: autograd.linalg.lu_factor(a).LU, [(2, 3, 3)], {}),
    (
        "lu_solve",
        lambda a, b: autograd.linalg.lu_solve(*autograd.linalg.lu_factor(a), b),
        [(3, 3), (3, 2)],
        {},
    ),  # fmt: skip
    ("matrix_exp", lambda a: autograd.linalg.matrix_exp(a), [(2, 3, 3)], {}),
    ("matrix_power", lambda a: a.matrix_power(3) + a.matrix_power(-2), [(3, 3)], {}),
    ("pinverse_wide", lambda a: a.pinverse(), [(2, 4)], {}),
    ("pinverse_tall", lambda a: autograd.linalg.pinv(a), [(2, 4, 3)], {}),
    (
        "pinv_hermitian_atol",
        lambda a: autograd.linalg.pinv(
            a @ a.mT + autograd.eye(3, dtype=a.dtype), atol=0.1, hermitian=True
        ),
        [(3, 3)],
        {},
    ),
    ("linalg_solve", lambda a, b: autograd.linalg.solve(a, b), [(2, 3, 3), (3, 2)], {}),
    (
        "linalg_solve_triangular_vander",
        lambda a, b: (
            autograd.linalg.solve_triangular(a + 3 * autograd.eye(3, dtype=a.dtype), b, upper=True)
            + autograd.linalg.vander(b[:, 0])
        ),
        [(3, 3), (3, 3)],
        {},
    ),
    (
        "linalg_solve_vector",
        lambda a, b: autograd.linalg.solve(a, b, left=False),
        [(3, 3), (3,)],
        {},
    ),
    (
        "linalg_cholesky",
        lambda a: autograd.linalg.cholesky(a @ a.mT + 3 * autograd.eye(3, dtype=a.dtype)),
        [(2, 3, 3)],
        {},
    ),
    (
        "linalg_norms",
        lambda a: (
            autograd.linalg.matrix_norm(a)
            + autograd.linalg.matrix_norm(a, 1)
            + autograd.linalg.norm(a, float("inf"), dim=(0, 1))
            + autograd.linalg.vector_norm(a, 3)
        ),
        [(3, 4)],
        {},
    ),
    (
        "linalg_qr_tall",
        lambda a: sum(autograd.linalg.qr(a)[k].sum() * (k + 1) for k in (0, 1)),
        [(4, 3)],
        {},
    ),
    (
        "linalg_qr_wide",
        lambda a: autograd.linalg.qr(a).R * 2 + autograd.qr(a).Q.sum(),
        [(2, 2, 4)],
        {},
    ),
    (
        "linalg_eigh",
        lambda a: (lambda w, v: w * 3 + (v * v).sum(-2))(*autograd.linalg.eigh(a + a.mT)),
        [(2, 3, 3)],
        {},
    ),
    (
        "linalg_svd",
        lambda a: (lambda u, s, vh: (u * u).sum(-1) + s.sum() + (u[:, :1] * vh[:1]).sum(1))(
            *autograd.linalg.svd(a, full_matrices=False)
        ),
        [(4, 3)],
        {},
    ),
    (
        "linalg_svd_wide_norms",
        lambda a: (
            autograd.linalg.svdvals(a)
            + autograd.linalg.matrix_norm(a, "nuc")[:, None]
            + autograd.linalg.matrix_norm(a, -2)[:, None]
        ),
        [(2, 3, 5)],
        {},
    ),
    (
        "linalg_products",
        lambda a, b, c: (
            autograd.linalg.multi_dot([a, b, c]) + autograd.linalg.vecdot(a, a.flip(1))[:, None]
        ),
        [(2, 4), (4, 3), (3, 2)],
        {},
    ),
    ("cdist_large", lambda a, b: autograd.cdist(a, b), [(26, 2), (2, 3, 2)], {}),
    # ------------------------------------- in place on a graph tensor (recorded)
    ("inplace_add_mul", lambda a, b: (a * 1).add_(b, alpha=2).mul_(b), [(2, 3), (3,)], {}),
    ("inplace_operators", lambda a, b: _iops(a * 1, b), [(2, 3), (2, 3)], {"inputs": "positive"}),
    ("inplace_setitem", lambda a, v: _setitem(a * 2, (slice(None), 1), v), [(3, 3), (3,)], {}),
    (
        "inplace_setitem_into_constant",
        lambda v: _setitem(Tensor(np.zeros((3, 2))), 1, v),
        [(2,)],
        {},
    ),
    # (exp_().sqrt_() PyTorch refuses: Exp's backward reads its output, which sqrt_ changes)
    ("inplace_unary", lambda a: (a * 1).sin_().mul_(2).exp_(), [(4,)], {}),
    ("inplace_through_view", lambda a, v: _view_add(a * 1, v), [(3, 4), (4,)], {}),
    (
        "inplace_clamp_fill",
        lambda a: (a * 1).clamp_(-0.5, 0.5) + (a * 1).fill_(2.0),
        [(3, 4)],
        {"inputs": "away", "kinks": (-0.5, 0.5)},
    ),
    # ----------------------------------------------------------- composites
    ("same_tensor_twice", lambda a: a * a + a, [(3,)], {}),
    (
        "diamond",
        lambda a: (a.exp() + a.sin()) * a.tanh(),
        [(2, 2)],
        {},
    ),  # ---------------------------- order statistics, running extremes, indexing
    ("logcumsumexp", lambda a: a.logcumsumexp(1), [(2, 4)], {}),
    ("logcumsumexp_0d", lambda a: autograd.logcumsumexp(a, 0), [()], {}),
    ("median_all", lambda a: a.median(), [(3, 4)], {}),
    ("median_dim_keepdim", lambda a: a.median(1, keepdim=True).values, [(3, 4)], {}),
    ("nanmedian_dim", lambda a: autograd.nanmedian(a, 0).values, [(4, 3)], {}),
    ("kthvalue", lambda a: a.kthvalue(2, 0).values, [(4, 3)], {}),
    ("mode", lambda a: a.mode(1).values, [(3, 4)], {}),
    ("cummax_cummin", lambda a: a.cummax(1).values + a.cummin(0).values, [(3, 4)], {}),
    ("cummax_0d", lambda a: a.cummax(0).values, [()], {}),
    ("msort", lambda a: a.msort(), [(4, 3)], {}),
    ("take", lambda a: a.take(np.array([[0, 5], [5, -1]])), [(2, 3)], {}),
    (
        "index_add",
        lambda a, b: a.index_add(0, np.array([2, 0, 2]), b, alpha=0.5),
        [(3, 2), (3, 2)],
        {},
    ),
    ("index_add_0d", lambda a, b: a.index_add(0, np.array([0]), b), [(), ()], {}),
    (
        "tensor_split",
        lambda a: a.tensor_split(3, 1)[0] * a.tensor_split([1, 3], 1)[1],
        [(2, 5)],
        {},
    ),
    # convolution family and resampling (nn/conv.py, conv_transpose.py, fold.py, resample.py)
    (
        "conv_transpose2d_layer",
        lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
        [(2, 3, 3, 3), (3, 2, 3, 3), (2,)],
        {},
    ),
    (
        "conv_transpose1d_groups",
        lambda x, w: F.conv_transpose1d(x, w, groups=2),
        [(2, 4, 5), (4, 1, 3)],
        {},
    ),
    (
        "conv1d_dilated",
        lambda x, w, b: F.conv1d(x, w, b, 2, 1, 2),
        [(2, 3, 8), (4, 3, 3), (4,)],
        {},
    ),
    ("max_pool1d", lambda x: F.max_pool1d(x, 3, 2, 1), [(2, 2, 7)], {}),
    ("avg_pool1d", lambda x: F.avg_pool1d(x, 3, 2, 1), [(2, 2, 7)], {}),
    ("max_pool2d_with_indices", lambda x: F.max_pool2d_with_indices(x, 2)[0], [(1, 2, 4, 4)], {}),
    (
        "max_unpool2d",
        lambda x: F.max_unpool2d(x, UNPOOL_INDEX, 2, output_size=(4, 5)),
        [(1, 2, 2, 2)],
        {},
    ),
    ("unfold", lambda x: F.unfold(x, (2, 3), (1, 2), 1, (2, 1)), [(2, 2, 4, 5)], {}),
    ("fold", lambda x: F.fold(x, (3, 4), 2), [(2, 8, 6)], {}),
    (
        "pixel_shuffle_unshuffle",
        lambda x: F.pixel_unshuffle(F.pixel_shuffle(x, 2) * 2, 2),
        [(1, 8, 2, 3)],
        {},
    ),
    ("interpolate_nearest", lambda x: F.interpolate(x, scale_factor=1.5), [(1, 2, 3, 4)], {}),
    (
        "interpolate_bilinear",
        lambda x: F.interpolate(x, size=(5, 3), mode="bilinear"),
        [(1, 2, 3, 4)],
        {},
    ),
    (
        "avg_pool2d_ceil_no_pad_count",  # window sums divided by their own divisors
        lambda x: F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False),
        [(1, 2, 4, 5)],
        {},
    ),
    ("max_pool2d_ceil_dilated", lambda x: F.max_pool2d(x, 2, 2, 1, 2, True), [(1, 2, 5, 6)], {}),
    (
        "axis_sum",  # interpolation's adjoint: runs of a sorted index, and a gap (position 2)
        lambda g: AxisSum.apply(g, axis=1, index=np.array([0, 0, 1, 3, 3, 3]), length=5),
        [(2, 6, 3)],
        {},
    ),
    # ------------------------- trigonometric, hyperbolic and special functions (mathops)
    ("tan", lambda a: a.tan(), [(2, 3)], {"inputs": "away", "kinks": (-1.5708, 1.5708)}),
    ("asin_acos", lambda a: (a.tanh() * 0.9).asin() + (a.tanh() * 0.8).acos(), [(2, 3)], {}),
    ("atan", lambda a: a.atan(), [(2, 3)], {}),
    ("atan2", lambda a, b: autograd.atan2(a, b), [(3, 1), (1, 4)], {}),
    ("atan2_0d", lambda a, b: a.arctan2(b), [(), (3,)], {}),
    ("sinh_cosh", lambda a: a.sinh() + a.cosh(), [(2, 3)], {}),
    ("asinh", lambda a: a.asinh(), [(2, 3)], {}),
    ("acosh", lambda a: (a + 1.0).acosh(), [(2, 3)], {"inputs": "positive"}),
    ("atanh", lambda a: (a.tanh() * 0.9).atanh(), [(2, 3)], {}),
    ("hypot", lambda a, b: a.hypot(b), [(3, 1), (1, 4)], {}),
    ("logaddexp", lambda a, b: a.logaddexp(b), [(2, 3), (3,)], {}),
    ("logaddexp2", lambda a, b: autograd.logaddexp2(a, b), [(2, 3), ()], {}),
    ("fmod", lambda a, b: a.fmod(b), [(2, 3), (3,)], {"inputs": "positive"}),
    ("fmod_negative", lambda a: (-3 * a).fmod(0.7), [(4,)], {"inputs": "positive"}),
    ("erf_erfc", lambda a: a.erf() + a.erfc() * 2, [(2, 3)], {}),
    ("erfinv", lambda a: (a.tanh() * 0.9).erfinv(), [(2, 3)], {}),
    ("lgamma", lambda a: a.lgamma(), [(2, 3)], {"inputs": "positive"}),
    ("lgamma_negative", lambda a: (-a - 0.3).lgamma(), [(4,)], {"inputs": "positive"}),
    ("digamma", lambda a: a.digamma(), [(2, 3)], {"inputs": "positive"}),
    ("digamma_negative", lambda a: (-a - 0.3).digamma(), [(4,)], {"inputs": "positive"}),
    # autograd.special's primitives (autograd/ops_torch_special.py)
    ("special_erfcx", lambda a: special.erfcx(a * 2), [(2, 3)], {}),
    ("special_ndtri", lambda a: special.ndtri(a.sigmoid()), [(2, 3)], {}),
    ("special_log_ndtr", lambda a: special.log_ndtr(a * 4), [(2, 3)], {}),
    ("special_i0_i1", lambda a: special.i0(a * 3) + special.i1(a * 3), [(2, 3)], {}),
    (
        "special_i0e_i1e",
        lambda a: special.i0e(a * 3) * special.i1e(a * 3),
        [(2, 3)],
        {"kinks": (0,)},
    ),
    ("special_xlogy", lambda a, b: special.xlogy(a, b), [(2, 3), (3,)], {"inputs": "positive"}),
    ("special_xlog1py", lambda a, b: special.xlog1py(a, b), [(2, 3), ()], {"inputs": "positive"}),
    ("special_entr", lambda a: special.entr(a), [(2, 3)], {"inputs": "positive"}),
    ("special_sinc", lambda a: special.sinc(a), [(2, 3)], {}),
    ("special_zeta", lambda a: special.zeta(3.5, a), [(2, 3)], {"inputs": "positive"}),
    (
        "special_gammainc",
        lambda a: special.gammainc(1.5, a) + special.gammaincc(2.5, a),
        [(2, 3)],
        {"inputs": "positive"},
    ),
    (
        "polygamma",
        lambda a: a.polygamma(2) + autograd.polygamma(1, a) + a.polygamma(0),
        [(2, 3)],
        {"inputs": "positive"},
    ),
    ("polygamma_negative", lambda a: (-a - 0.3).polygamma(3), [(4,)], {"inputs": "positive"}),
    ("logit", lambda a: (a * 0.4).logit(), [(2, 3)], {"inputs": "positive"}),
    (
        "logit_eps",
        lambda a: a.sigmoid().logit(eps=0.3),
        [(2, 3)],
        {"inputs": "away", "kinks": (-0.8473, 0.8473)},
    ),
    ("nan_to_num", lambda a: a.log().nan_to_num(), [(2, 3)], {"inputs": "away", "kinks": (0.0,)}),
    ("deg2rad_rad2deg", lambda a: a.deg2rad() + a.rad2deg(), [(3,)], {}),
    ("nanmean", lambda a: a.log().nanmean(1), [(3, 4)], {"inputs": "away", "kinks": (0.0,)}),
    ("nanmean_all", lambda a: autograd.nanmean(a), [(2, 3)], {}),
    ("aminmax", lambda a: sum(autograd.aminmax(a, dim=1, keepdim=True)), [(3, 4)], {}),
    ("aminmax_all", lambda a: a.aminmax().max - a.aminmax().min, [(2, 3)], {}),
    ("dist", lambda a, b: a.dist(b), [(2, 3), (3,)], {}),
    ("dist_p3", lambda a, b: autograd.dist(a, b, p=3), [(2, 3), (2, 3)], {}),
    (
        "inplace_math",
        lambda a, b: (a * 1).atan_().sinh_().atan2_(b).erf_().hypot_(b).fmod_(0.6),
        [(2, 3), (3,)],
        {},
    ),
    # ------------- more activations, padding, distances, losses (nn/*_extra.py, ...)
    (
        "hardtanh",
        lambda a: F.hardtanh(a, -0.5, 1.0),
        [(2, 3)],
        {"inputs": "away", "kinks": (-0.5, 1.0)},
    ),
    ("relu6_0d", lambda a: F.relu6(a * 4), [()], {"inputs": "away", "kinks": (0.0, 1.5)}),
    (
        "hardsigmoid",
        lambda a: F.hardsigmoid(a * 3),
        [(3, 4)],
        {"inputs": "away", "kinks": (-1.0, 1.0)},
    ),
    ("hardswish", lambda a: F.hardswish(a * 3), [(3, 4)], {"inputs": "away", "kinks": (-1.0, 1.0)}),
    ("mish", lambda a: F.mish(a), [(2, 3)], {}),
    ("logsigmoid", lambda a: F.logsigmoid(a), [(2, 3)], {}),
    ("celu", lambda a: F.celu(a, 0.5), [(2, 3)], {"inputs": "away", "kinks": (0.0,)}),
    ("softshrink", lambda a: F.softshrink(a), [(3, 4)], {"inputs": "away", "kinks": (-0.5, 0.5)}),
    ("hardshrink", lambda a: F.hardshrink(a), [(3, 4)], {"inputs": "away", "kinks": (-0.5, 0.5)}),
    ("tanhshrink", lambda a: F.tanhshrink(a), [(2, 3)], {}),
    (
        "threshold",
        lambda a: F.threshold(a, 0.1, -2.0),
        [(2, 3)],
        {"inputs": "away", "kinks": (0.1,)},
    ),
    ("softmin", lambda a: F.softmin(a, 0), [(3, 2)], {}),
    ("glu", lambda a: F.glu(a, 1), [(2, 4, 1)], {}),
    ("pad_constant_crop", lambda a: F.pad(a, (1, -1, 2, 0), value=0.5), [(2, 3, 3)], {}),
    ("pad_reflect", lambda a: F.pad(a, (2, 1), "reflect"), [(2, 3, 4)], {}),
    ("pad_replicate_2d", lambda a: F.pad(a, (1, 2, 2, 0), "replicate"), [(1, 2, 2, 3)], {}),
    ("pad_circular_3d", lambda a: F.pad(a, (1, 0, 1, 1, 0, 2), "circular"), [(2, 2, 2, 3)], {}),
    ("normalize", lambda a: F.normalize(a, p=3.0, dim=0), [(3, 2)], {}),
    ("cosine_similarity", lambda a, b: F.cosine_similarity(a, b, dim=-1), [(2, 1, 3), (4, 3)], {}),
    ("pairwise_distance", lambda a, b: F.pairwise_distance(a, b, keepdim=True), [(3, 4), (4,)], {}),
    ("pdist", lambda a: F.pdist(a), [(4, 3)], {}),
    ("rms_norm", lambda a, w: F.rms_norm(a, (2, 3), w), [(2, 2, 3), (2, 3)], {}),
    ("margin_ranking_loss", lambda a, b: F.margin_ranking_loss(a, b, PM1, 0.1), [(6,), (6,)], {}),
    ("soft_margin_loss", lambda a: F.soft_margin_loss(a, PM1.reshape(2, 3)), [(2, 3)], {}),
    (
        "hinge_embedding_loss",
        lambda a: F.hinge_embedding_loss(a, PM1, 0.3, reduction="sum"),
        [(6,)],
        {"inputs": "away", "kinks": (0.3,)},
    ),
    (
        "cosine_embedding_loss",
        lambda a, b: F.cosine_embedding_loss(a, b, PM1[:4], 0.2),
        [(4, 3), (4, 3)],
        {},
    ),
    (
        "triplet_margin_loss",
        lambda a, p, n: F.triplet_margin_loss(a, p, n, 3.0, swap=True),
        [(3, 4), (3, 4), (3, 4)],
        {},
    ),
    ("poisson_nll_loss", lambda a: F.poisson_nll_loss(a, COUNTS, full=True), [(2, 3)], {}),
    (
        "gaussian_nll_loss",
        lambda a, v: F.gaussian_nll_loss(a, ZEROS[:, :3], v, full=True),
        [(2, 3), (2,)],
        {"inputs": "positive"},
    ),
    (
        "multilabel_soft_margin_loss",
        lambda a: F.multilabel_soft_margin_loss(a, ZEROS),
        [(2, 4)],
        {},
    ),
]


def _inputs(shapes, options, rng) -> list:
    kind = options.get("inputs", "normal")
    dtype = options.get("dtype", np.float64)
    xs = []
    for shape in shapes:
        if kind == "positive":
            x = rng.uniform(0.5, 2.0, shape)
        else:
            x = rng.standard_normal(shape)
            for k in options.get("kinks", ()):  # keep every value 0.1 or more from each kink
                near = np.abs(x - k) < 0.1
                x = np.where(near, k + np.where(x >= k, 0.2, -0.2), x)
        xs.append(Tensor(np.asarray(x, dtype=dtype), requires_grad=True))
    return xs


_CHECK_OPTIONS = ("eps", "atol", "rtol", "skip", "second_order")


@pytest.mark.parametrize(("name", "fn", "shapes", "options"), OPS, ids=[r[0] for r in OPS])
def test_op(name, fn, shapes, options):
    rng = np.random.default_rng(zlib.crc32(name.encode()))
    xs = _inputs(shapes, options, rng)
    kwargs = {k: options[k] for k in _CHECK_OPTIONS if k in options}
    kwargs.setdefault("second_order", True)
    report = check_op(fn, *xs, **kwargs)
    assert not [n for n in report.notes if n.check == "kink"], report


def _op_names(fn, shapes, options) -> set:
    """Qualified names of the ops in the forward graph and its create_graph backward graph."""
    xs = _inputs(shapes, options, np.random.default_rng(0))
    xs = [x.double() if x.dtype != np.float64 else x for x in xs]
    for x in xs:
        x.requires_grad_()
    out = fn(*xs)
    roots = [out]
    grads = autograd.grad(out, xs, Tensor(np.ones(out.shape)), create_graph=True, allow_unused=True)
    roots += [g for g in grads if g is not None]
    names, seen, stack = set(), set(), list(roots)
    while stack:
        t = stack.pop()
        if id(t) in seen or t.grad_fn is None:
            continue
        seen.add(id(t))
        cls = type(t.grad_fn.op)
        names.add(f"{cls.__module__}.{cls.__qualname__}")
        stack.extend(t.grad_fn.inputs or ())
    return names


def test_every_registered_primitive_has_a_row():
    primitives = {n for n in autograd.Op.registry if n.startswith(("autograd.", "nn."))}
    covered = set()
    for _, fn, shapes, options in OPS:
        covered |= _op_names(fn, shapes, options)
    missing = sorted(primitives - covered)
    assert not missing, f"primitives without a row in the op table: {missing}"


def test_engine_leaf_gradients_do_not_share_memory():
    a = Tensor(np.ones(3), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    ((a + b) ** 2).sum().backward()
    a.grad.data[...] = 0.0  # e.g. an in-place gradient update of one parameter
    np.testing.assert_array_equal(b.grad.data, [4.0, 4.0, 4.0])
