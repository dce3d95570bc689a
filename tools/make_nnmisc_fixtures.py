"""Record PyTorch's numbers for nn's bilinear, gumbel_softmax, alpha dropout, channel
shuffle, local response norm, multilabel margin loss, adaptive max pooling with indices
and the deprecated aliases, for tests/test_nn_misc_pytorch.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_nnmisc_fixtures.py

It writes tests/data/nnmisc_pytorch.npz, in the format of tools/make_nnfunc_fixtures.py:
each case is one expression, written as a PyTorch program with its imports changed (`F`
is nn.functional, `nn` is nn, `autograd` is torch), stored under "<name>/..." with its
"config" (JSON: the expression, the inputs that require grad, whether finite differences
apply, the dtype and the seed the default generator is given before the expression runs,
for the random ones), the inputs "in/<x>", PyTorch's result "y", an upstream gradient "g",
the gradients "grad/<x>" and, in float64, a direction "v/<x>" and the second derivatives
"gg/<x>". Then the modules' reprs and PyTorch's exception types for bad input.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "nnmisc_pytorch.npz"


def _spec(spec, rng):
    """An input from its spec: a shape (normal values), ("pos", shape), or explicit values."""
    if isinstance(spec, tuple) and spec and isinstance(spec[0], str):
        kind, shape = spec[0], spec[1]
        if kind == "pos":
            return rng.uniform(0.2, 2.0, shape)
        if kind == "grid":  # normalised coordinates, some outside [-1, 1]
            return rng.uniform(-1.3, 1.3, shape)
        raise ValueError(kind)
    if isinstance(spec, tuple):
        return rng.standard_normal(spec) * 1.5
    return np.asarray(spec)


F32 = {"dtype": "float32"}
S0, S1 = {"seed": 0}, {"seed": 1}
AB = {"a": (2, 3), "b": (2, 4), "w": (5, 3, 4), "bias": (5,)}
T24 = [[3, 0, -1, 1], [1, 2, 3, -1]]
EB = {"i": [0, 2, 2, 5, 1, 3, 5], "w": (6, 3), "o": [0, 2, 2, 5]}  # bags: 2, 0, 3, 2 entries
# (name, expression, {input: spec}, inputs that require grad (one letter each, or a list),
# options: dtype (float64 by default), fd (False: finite differences do not apply), seed)
CASES = [
    # ---------------------------------------------------------------- bilinear
    ("bilinear", "F.bilinear(a, b, w, bias)", AB, ["a", "b", "w", "bias"], {}),
    ("bilinear_nobias", "F.bilinear(a, b, w)", AB, "abw", {}),
    ("bilinear_1d", "F.bilinear(a, b, w, bias)", {"a": (3,), "b": (4,), "w": (5, 3, 4),
     "bias": (5,)}, ["a", "b", "w", "bias"], {}),
    ("bilinear_3d", "F.bilinear(a, b, w)", {"a": (2, 3, 3), "b": (2, 3, 4), "w": (2, 3, 4)},
     "abw", {}),
    ("bilinear_empty", "F.bilinear(a, b, w, bias)", {"a": (0, 3), "b": (0, 4), "w": (5, 3, 4),
     "bias": (5,)}, ["a", "b", "w", "bias"], {}),
    ("bilinear_f32", "F.bilinear(a, b, w, bias)", AB, ["a", "b", "w", "bias"], F32),
    ("Bilinear", "nn.Bilinear(3, 4, 5)(a, b)", {"a": (2, 3), "b": (2, 4)}, "ab", {**S0, **F32}),
    ("Bilinear_nobias_f64", "nn.Bilinear(3, 4, 2, bias=False, dtype=autograd.float64)(a, b)",
     {"a": (4, 3), "b": (4, 4)}, "ab", S1),
    # ---------------------------------------------------------------- gumbel_softmax
    ("gumbel", "F.gumbel_softmax(x)", {"x": (3, 5)}, "x", S0),
    ("gumbel_tau", "F.gumbel_softmax(x, tau=0.5, dim=0)", {"x": (3, 5)}, "x", S1),
    ("gumbel_hard", "F.gumbel_softmax(x, hard=True)", {"x": (4, 5)}, "x", {**S0, "fd": False}),
    ("gumbel_hard_dim1", "F.gumbel_softmax(x, 2.0, True, dim=1)", {"x": (2, 3, 4)}, "x",
     {**S1, "fd": False}),
    ("gumbel_f32", "F.gumbel_softmax(x)", {"x": (3, 5)}, "x", {**S0, **F32}),
    ("gumbel_0d", "F.gumbel_softmax(x, hard=True)", {"x": 0.3}, "x", {**S0, "fd": False}),
    ("gumbel_empty", "F.gumbel_softmax(x, hard=True)", {"x": (0, 3)}, "x", S0),
    # ---------------------------------------------------------------- alpha dropout
    ("alpha_dropout", "F.alpha_dropout(x, 0.2, True)", {"x": (4, 6)}, "x", S0),
    ("alpha_dropout_f32", "F.alpha_dropout(x, 0.5, training=True)", {"x": (5, 7)}, "x",
     {**S1, **F32}),
    ("alpha_dropout_eval", "F.alpha_dropout(x, 0.5)", {"x": (3, 4)}, "x", S0),
    ("alpha_dropout_p1", "F.alpha_dropout(x, 1.0, True)", {"x": (3, 4)}, "x", S0),
    ("alpha_dropout_0d", "F.alpha_dropout(x, 0.3, True)", {"x": 0.7}, "x", S1),
    ("alpha_dropout_empty", "F.alpha_dropout(x, 0.3, True)", {"x": (0, 4)}, "x", S1),
    ("feature_alpha_dropout", "F.feature_alpha_dropout(x, 0.4, True)", {"x": (3, 5, 2, 2)},
     "x", S0),
    ("feature_alpha_dropout_3d", "F.feature_alpha_dropout(x, 0.3, True)", {"x": (4, 3, 5)}, "x",
     {**S1, **F32}),
    ("AlphaDropout", "nn.AlphaDropout(0.3)(x)", {"x": (6, 5)}, "x", S1),
    ("AlphaDropout_eval", "nn.AlphaDropout(0.3).eval()(x)", {"x": (6, 5)}, "x", S1),
    ("FeatureAlphaDropout", "nn.FeatureAlphaDropout(0.5)(x)", {"x": (2, 6, 3)}, "x", S0),
    ("torch_dropout", "autograd.dropout(x, 0.3, True)", {"x": (5, 6)}, "x", S0),
    ("torch_dropout_f32", "autograd.dropout(x, 0.5, train=True)", {"x": (5, 6)}, "x",
     {**S1, **F32}),
    ("torch_dropout_eval", "autograd.dropout(x, 0.3, False)", {"x": (5, 6)}, "x", S0),
    ("poisson", "autograd.cat([autograd.poisson(x).reshape(-1), autograd.rand(3, dtype=x.dtype)])",
     {"x": [[0.5, 3.0, 12.0], [0.0, 100.0, 7.5], [9.99, 10.0, 1e4]]}, "x", {**S0, "fd": False}),
    ("poisson_f32", "autograd.poisson(x * 20)", {"x": ("pos", (50,))}, "", {**S1, **F32}),
    ("poisson_small", "autograd.poisson(x)", {"x": ("pos", (40,))}, "", S0),
    ("poisson_0d", "autograd.poisson(x)", {"x": 4.5}, "", S1),
    ("poisson_empty", "autograd.poisson(x)", {"x": (0, 2)}, "", S1),
    ("poisson_generator", "autograd.poisson(x, autograd.Generator().manual_seed(7))",
     {"x": ("pos", (6,))}, "", {}),
    # ---------------------------------------------------------------- channel shuffle
    ("channel_shuffle", "F.channel_shuffle(x, 3)", {"x": (2, 6, 3)}, "x", {}),
    ("channel_shuffle_4d", "F.channel_shuffle(x, 2)", {"x": (2, 4, 2, 3)}, "x", {}),
    ("channel_shuffle_empty", "F.channel_shuffle(x, 2)", {"x": (0, 4, 3)}, "x", {}),
    ("ChannelShuffle", "nn.ChannelShuffle(4)(x)", {"x": (1, 8, 2, 2)}, "x", F32),
    # ---------------------------------------------------------------- local response norm
    ("lrn_3d", "F.local_response_norm(x, 3, alpha=0.5)", {"x": (2, 5, 4)}, "x", {}),
    ("lrn_4d", "F.local_response_norm(x, 2, 0.3, 0.5, 2.0)", {"x": (2, 4, 3, 3)}, "x", {}),
    ("lrn_5d", "F.local_response_norm(x, 4, alpha=0.2)", {"x": (1, 6, 2, 2, 3)}, "x", {}),
    ("lrn_big_size", "F.local_response_norm(x, 9, alpha=1.0, beta=1.5)", {"x": (2, 3, 4)},
     "x", {}),
    ("lrn_f32", "F.local_response_norm(x, 3, alpha=0.1)", {"x": (2, 5, 4)}, "x", F32),
    ("lrn_empty", "F.local_response_norm(x, 3)", {"x": (0, 3, 4)}, "x", {}),
    ("LocalResponseNorm", "nn.LocalResponseNorm(3, alpha=0.4, k=1.5)(x)", {"x": (2, 6, 3, 3)},
     "x", {}),
    # ---------------------------------------------------------------- multilabel margin
    ("multilabel_margin", "F.multilabel_margin_loss(x, t)", {"x": (2, 4), "t": T24}, "x", {}),
    ("multilabel_margin_none", "F.multilabel_margin_loss(x, t, reduction='none')",
     {"x": (2, 4), "t": T24}, "x", {}),
    ("multilabel_margin_sum", "F.multilabel_margin_loss(x, t, reduction='sum')",
     {"x": (3, 5), "t": [[4, -1, 0, 0, 0], [0, 1, 2, 3, 4], [-1, 2, 2, 2, 2]]}, "x", {}),
    ("multilabel_margin_dup", "F.multilabel_margin_loss(x, t, reduction='none')",
     {"x": [[0.0, 1.0, 0.5, 0.2]], "t": [[1, 1, -1, 1]]}, "x", {"fd": False}),
    ("multilabel_margin_1d", "F.multilabel_margin_loss(x, t)", {"x": (5,), "t": [0, 3, -1, 1, 2]},
     "x", {}),
    ("multilabel_margin_0d", "F.multilabel_margin_loss(x, t)", {"x": 0.3, "t": 0}, "x", {}),
    ("multilabel_margin_empty", "F.multilabel_margin_loss(x, t, reduction='none')",
     {"x": (0, 3), "t": np.zeros((0, 3), np.int64)}, "x", {}),
    ("multilabel_margin_f32", "F.multilabel_margin_loss(x, t)", {"x": (2, 4), "t": T24}, "x",
     F32),
    ("MultiLabelMarginLoss", "nn.MultiLabelMarginLoss(reduction='sum')(x, t)",
     {"x": (2, 4), "t": T24}, "x", {}),
    ("MultiLabelMarginLoss_legacy", "nn.MultiLabelMarginLoss(size_average=False)(x, t)",
     {"x": (2, 4), "t": T24}, "x", {}),
    # ---------------------------------------------------------------- pooling with indices
    ("adaptive_max_pool2d_with_indices", "F.adaptive_max_pool2d_with_indices(x, (2, 3))[0]",
     {"x": (2, 3, 5, 7)}, "x", {}),
    ("adaptive_max_pool2d_indices", "F.adaptive_max_pool2d_with_indices(x, 3)[1]",
     {"x": (3, 5, 4)}, "", {}),
    ("adaptive_max_pool1d_with_indices", "F.adaptive_max_pool1d_with_indices(x, 3)[0]",
     {"x": (2, 3, 7)}, "x", {}),
    ("adaptive_max_pool1d_indices", "F.adaptive_max_pool1d_with_indices(x, 4, False)[1]",
     {"x": (3, 9)}, "", {}),
    # ---------------------------------------------------------------- embedding bags
    ("embedding_bag_mean", "F.embedding_bag(i, w, o)", EB, "w", {}),
    ("embedding_bag_sum", "F.embedding_bag(i, w, o, mode='sum')", EB, "w", {}),
    ("embedding_bag_max", "F.embedding_bag(i, w, o, mode='max')", EB, "w", {}),
    ("embedding_bag_2d", "F.embedding_bag(i, w, mode='max')", {"i": [[0, 3, 3], [5, 1, 0]],
     "w": (6, 4)}, "w", {}),
    ("embedding_bag_2d_mean", "F.embedding_bag(i, w)", {"i": [[0, 3, 3], [5, 1, 0]],
     "w": (6, 4)}, "w", {}),
    ("embedding_bag_psw", "F.embedding_bag(i, w, o, mode='sum', per_sample_weights=p)",
     {**EB, "p": (7,)}, "wp", {}),
    ("embedding_bag_psw_2d", "F.embedding_bag(i, w, mode='sum', per_sample_weights=p)",
     {"i": [[0, 3, 2], [5, 1, 0]], "w": (6, 4), "p": (2, 3)}, "wp", {}),
    ("embedding_bag_last_offset", "F.embedding_bag(i, w, o, include_last_offset=True)",
     {"i": [0, 2, 2, 5, 1, 3, 4], "w": (6, 3), "o": [0, 2, 5, 7]}, "w", {}),
    ("embedding_bag_padding_mean", "F.embedding_bag(i, w, o, padding_idx=2)", EB, "w", {}),
    ("embedding_bag_padding_sum", "F.embedding_bag(i, w, o, mode='sum', padding_idx=-1, "
     "per_sample_weights=p)", {**EB, "p": (7,)}, "wp", {}),
    ("embedding_bag_padding_max", "F.embedding_bag(i, w, o, mode='max', padding_idx=5)", EB,
     "w", {}),
    ("embedding_bag_max_norm", "F.embedding_bag(i, w, o, max_norm=1.0, mode='sum')", EB, "",
     {}),
    ("embedding_bag_f32", "F.embedding_bag(i, w, o, mode='mean')", EB, "w", F32),
    ("embedding_bag_empty", "F.embedding_bag(i, w, o, mode='sum')",
     {"i": np.zeros(0, np.int64), "w": (6, 3), "o": [0, 0]}, "w", {}),
    ("EmbeddingBag", "nn.EmbeddingBag(10, 3, mode='sum')(i, o)", {"i": [1, 9, 4, 4, 0],
     "o": [0, 3]}, "", S0),
    ("EmbeddingBag_psw", "nn.EmbeddingBag(10, 3, mode='sum', padding_idx=4)(i, o, p)",
     {"i": [1, 9, 4, 4, 0], "o": [0, 3], "p": (5,)}, "p", {**S1, **F32}),
    ("EmbeddingBag_pretrained", "nn.EmbeddingBag.from_pretrained(w, freeze=False, mode='max')(i)",
     {"i": [[1, 2], [0, 0]], "w": (3, 2)}, "", {}),
    # ---------------------------------------------------------------- affine_grid, grid_sample
    *[
        (f"grid_sample_{m}_{p}_{a}", f"F.grid_sample(x, g, '{m}', '{p}', align_corners={a})",
         {"x": (2, 3, 4, 5), "g": ("grid", (2, 3, 4, 2))}, "x" if m == "nearest" else "xg", {})
        for m in ("bilinear", "nearest", "bicubic")
        for p in ("zeros", "border", "reflection")
        for a in (False, True)
    ],
    ("grid_sample_f32", "F.grid_sample(x, g, align_corners=False)",
     {"x": (1, 2, 3, 3), "g": ("grid", (1, 2, 2, 2))}, "xg", F32),
    ("grid_sample_bicubic_f32", "F.grid_sample(x, g, 'bicubic', 'reflection', True)",
     {"x": (1, 2, 3, 3), "g": ("grid", (1, 2, 2, 2))}, "xg", F32),
    ("grid_sample_1x1", "F.grid_sample(x, g, padding_mode='reflection', align_corners=True)",
     {"x": (1, 2, 1, 1), "g": ("grid", (1, 2, 3, 2))}, "x", {}),
    ("grid_sample_empty", "F.grid_sample(x, g, align_corners=False)",
     {"x": (0, 2, 3, 3), "g": ("grid", (0, 2, 2, 2))}, "xg", {}),
    ("affine_grid", "F.affine_grid(t, [2, 3, 4, 5], align_corners=False)", {"t": (2, 2, 3)},
     "t", {}),
    ("affine_grid_corners", "F.affine_grid(t, (1, 1, 3, 2), True)", {"t": (1, 2, 3)}, "t", {}),
    ("affine_grid_3d", "F.affine_grid(t, (2, 1, 2, 3, 4), align_corners=False)",
     {"t": (2, 3, 4)}, "t", {}),
    ("affine_grid_f32", "F.affine_grid(t, (1, 1, 3, 3), align_corners=True)", {"t": (1, 2, 3)},
     "t", F32),
    ("spatial_transformer", "F.grid_sample(x, F.affine_grid(t, (2, 3, 3, 4), "
     "align_corners=False), align_corners=False)", {"x": (2, 3, 5, 5),
     "t": [[[0.913, 0.217, 0.131], [-0.113, 1.071, 0.057]],
           [[0.713, -0.291, -0.187], [0.407, 0.813, 0.293]]]},
     "xt", {}),
    # ---------------------------------------------------------------- deprecated aliases
    ("NLLLoss2d", "nn.NLLLoss2d()(x, t)", {"x": (2, 3, 2, 2), "t": [[[0, 2], [1, 1]],
     [[2, 0], [0, 1]]]}, "x", {}),
    ("NLLLoss2d_weight", "nn.NLLLoss2d(w, reduction='sum')(x, t)", {"x": (4, 3), "t": [0, 2, 1, 2],
     "w": ("pos", (3,))}, "x", {}),
]  # fmt: skip

# The modules' reprs (text), as PyTorch prints them.
REPRS = [
    "nn.Bilinear(3, 4, 5)", "nn.Bilinear(2, 1, 3, bias=False)", "nn.AlphaDropout()",
    "nn.AlphaDropout(0.2)", "nn.FeatureAlphaDropout(0.1, inplace=True)", "nn.ChannelShuffle(2)",
    "nn.LocalResponseNorm(3)", "nn.LocalResponseNorm(2, alpha=0.1, beta=0.5, k=2)",
    "nn.MultiLabelMarginLoss()", "nn.NLLLoss2d()", "nn.Container(a=nn.ReLU(), b=nn.Tanh())",
    "nn.Container()", "nn.EmbeddingBag(10, 3)", "nn.RNNBase('LSTM', 3, 4, num_layers=2)",
    "nn.RNNCellBase(3, 4, True, 4)", "nn.RNNCell(3, 4, bias=False, nonlinearity='relu')",
    "nn.LSTMCell(2, 5)", "nn.GRUCell(2, 3, False)",
    "nn.EmbeddingBag(10, 3, max_norm=1.0, norm_type=1.0, mode='sum', padding_idx=-1)",
]  # fmt: skip

# Bad input: (name, expression, inputs). PyTorch's exception type is recorded; the test
# also names the words graphgrad's message must contain.
ERRORS = [
    ("bilinear_batch", "F.bilinear(a, b, w)", {"a": (2, 3), "b": (3, 4), "w": (5, 3, 4)}),
    ("bilinear_in2", "F.bilinear(a, b, w)", {"a": (2, 3), "b": (2, 5), "w": (5, 3, 4)}),
    ("bilinear_in1", "F.bilinear(a, b, w)", {"a": (2, 4), "b": (2, 4), "w": (5, 3, 4)}),
    ("bilinear_bias", "F.bilinear(a, b, w, c)", {"a": (2, 3), "b": (2, 4), "w": (5, 3, 4),
     "c": (4,)}),
    ("bilinear_0d", "F.bilinear(a, b, w)", {"a": 1.0, "b": 1.0, "w": (5, 1, 1)}),
    ("Bilinear_zero", "nn.Bilinear(0, 2, 3)", {}),
    ("alpha_dropout_p", "F.alpha_dropout(x, 1.5)", {"x": (2, 3)}),
    ("AlphaDropout_p", "nn.AlphaDropout(2)", {}),
    ("feature_alpha_1d", "F.feature_alpha_dropout(x, 0.5, True)", {"x": (3,)}),
    ("torch_dropout_p", "autograd.dropout(x, 1.5, True)", {"x": (2, 3)}),
    ("torch_dropout_train", "autograd.dropout(x, 0.5)", {"x": (2, 3)}),
    ("channel_shuffle_groups", "F.channel_shuffle(x, 2)", {"x": (2, 3, 4)}),
    ("channel_shuffle_2d", "F.channel_shuffle(x, 2)", {"x": (2, 4)}),
    ("channel_shuffle_zero", "F.channel_shuffle(x, 0)", {"x": (2, 4, 3)}),
    ("lrn_2d", "F.local_response_norm(x, 2)", {"x": (2, 3)}),
    ("lrn_size_0", "F.local_response_norm(x, 0)", {"x": (2, 3, 3)}),
    ("multilabel_float_target", "F.multilabel_margin_loss(x, t)", {"x": (2, 4),
     "t": np.zeros((2, 4))}),
    ("multilabel_target_size", "F.multilabel_margin_loss(x, t)", {"x": (2, 4),
     "t": [[3, 0, -1], [1, 2, 3]]}),
    ("multilabel_range", "F.multilabel_margin_loss(x, t)", {"x": (2, 4),
     "t": [[4, 0, -1, 1], [1, 2, 3, -1]]}),
    ("multilabel_no_classes", "F.multilabel_margin_loss(x, t)", {"x": (2, 0),
     "t": np.zeros((2, 0), np.int64)}),
    ("multilabel_3d", "F.multilabel_margin_loss(x, t)", {"x": (2, 3, 4),
     "t": np.zeros((2, 3, 4), np.int64)}),
    ("multilabel_reduction", "F.multilabel_margin_loss(x, t, reduction='x')", {"x": (2, 4),
     "t": T24}),
    ("embedding_bag_first_offset", "F.embedding_bag(i, w, o)", {"i": [0, 1, 2], "w": (3, 2),
     "o": [1, 2]}),
    ("embedding_bag_last_offset", "F.embedding_bag(i, w, o)", {"i": [0, 1, 2], "w": (3, 2),
     "o": [0, 4]}),
    ("embedding_bag_2d_offsets", "F.embedding_bag(i, w, o)", {"i": [[0, 1]], "w": (3, 2),
     "o": [0]}),
    ("embedding_bag_no_offsets", "F.embedding_bag(i, w)", {"i": [0, 1], "w": (3, 2)}),
    ("embedding_bag_3d", "F.embedding_bag(i, w)", {"i": np.zeros((1, 1, 1), np.int64),
     "w": (3, 2)}),
    ("embedding_bag_mode", "F.embedding_bag(i, w, mode='min')", {"i": [[0, 1]], "w": (3, 2)}),
    ("embedding_bag_psw_mean", "F.embedding_bag(i, w, per_sample_weights=p)",
     {"i": [[0, 1]], "w": (3, 2), "p": (1, 2)}),
    ("embedding_bag_psw_shape", "F.embedding_bag(i, w, mode='sum', per_sample_weights=p)",
     {"i": [[0, 1]], "w": (3, 2), "p": (2,)}),
    ("embedding_bag_weight_1d", "F.embedding_bag(i, w)", {"i": [[0, 1]], "w": (3,)}),
    ("grid_sample_mode", "F.grid_sample(x, g, 'area', align_corners=False)",
     {"x": (1, 1, 2, 2), "g": (1, 1, 1, 2)}),
    ("grid_sample_padding", "F.grid_sample(x, g, padding_mode='wrap', align_corners=False)",
     {"x": (1, 1, 2, 2), "g": (1, 1, 1, 2)}),
    ("grid_sample_dims", "F.grid_sample(x, g, align_corners=False)",
     {"x": (1, 1, 2, 2), "g": (1, 1, 2)}),
    ("grid_sample_batch", "F.grid_sample(x, g, align_corners=False)",
     {"x": (2, 1, 2, 2), "g": (1, 1, 1, 2)}),
    ("grid_sample_last", "F.grid_sample(x, g, align_corners=False)",
     {"x": (1, 1, 2, 2), "g": (1, 1, 1, 3)}),
    ("affine_grid_theta", "F.affine_grid(t, (1, 1, 2, 2), align_corners=False)",
     {"t": (1, 3, 3)}),
    ("affine_grid_size", "F.affine_grid(t, (1, 2, 2), align_corners=False)", {"t": (1, 2, 3)}),
    ("affine_grid_int", "F.affine_grid(t, (1, 1, 2, 2), align_corners=False)",
     {"t": [[[1, 0, 0], [0, 1, 0]]]}),
    ("affine_grid_zero", "F.affine_grid(t, (1, 1, 0, 2), align_corners=False)",
     {"t": (1, 2, 3)}),
    ("rnn_base_mode", "nn.RNNBase('X', 3, 4)", {}),
    ("poisson_negative", "autograd.poisson(x)", {"x": [1.0, -0.5]}),
    ("poisson_nan", "autograd.poisson(x)", {"x": [float("nan")]}),
    ("poisson_int", "autograd.poisson(x)", {"x": [1, 2]}),
    ("gumbel_int", "F.gumbel_softmax(x)", {"x": [1, 2, 3]}),
    ("gumbel_dim", "F.gumbel_softmax(x, dim=3)", {"x": (3,)}),
]  # fmt: skip


def _run(expr, env):
    return eval(expr, {"F": F, "nn": nn, "autograd": torch}, env)  # noqa: S307


def _inputs(specs, rng, dtype):
    """The inputs as arrays (floats cast to dtype)."""
    arrays = {}
    for k, spec in specs.items():
        a = np.asarray(_spec(spec, rng))
        if a.dtype.kind == "f":
            a = a.astype(dtype)
        arrays[k] = a
    return arrays


def record_case(name, expr, specs, grads, opts, rng, out):
    grads = list(grads)
    dtype = opts.get("dtype", "float64")
    arrays = _inputs(specs, rng, dtype)
    env = {k: torch.tensor(a, requires_grad=k in grads) for k, a in arrays.items()}
    seed = opts.get("seed")
    if seed is not None:
        torch.manual_seed(seed)
    y = _run(expr, env)
    config = {"expr": expr, "grads": grads, "fd": opts.get("fd", True), "dtype": dtype,
              "seed": seed}  # fmt: skip
    out[f"{name}/config"] = np.array(json.dumps(config))
    for k, a in arrays.items():
        out[f"{name}/in/{k}"] = a
    out[f"{name}/y"] = y.detach().numpy()
    out[f"{name}/ydtype"] = np.array(str(y.dtype).removeprefix("torch."))
    if not grads:
        return
    leaves = [env[k] for k in grads]
    g = torch.tensor(rng.standard_normal(tuple(y.shape))).to(y.dtype)
    out[f"{name}/g"] = g.numpy()
    first = torch.autograd.grad(y, leaves, g, create_graph=True, allow_unused=True)
    for k, d in zip(grads, first, strict=True):
        out[f"{name}/grad/{k}"] = (torch.zeros_like(env[k]) if d is None else d).numpy(force=True)
    if dtype != "float64":
        return
    vs = {k: torch.tensor(rng.standard_normal(env[k].shape)) for k in grads}
    s = sum((d * vs[k]).sum() for k, d in zip(grads, first, strict=True) if d is not None)
    if isinstance(s, torch.Tensor) and s.requires_grad:
        try:
            second = torch.autograd.grad(s, leaves, allow_unused=True)
        except RuntimeError as e:  # PyTorch has no double backward here (multilabel margin)
            print(f"{name}: no second derivative in PyTorch ({e})")
            return
    else:
        second = [None] * len(leaves)
    for k, d in zip(grads, second, strict=True):
        out[f"{name}/v/{k}"] = vs[k].numpy()
        out[f"{name}/gg/{k}"] = (torch.zeros_like(env[k]) if d is None else d).numpy(force=True)


def main() -> None:
    warnings.simplefilter("ignore")  # the deprecated names' and size_average's warnings
    torch.set_default_dtype(torch.float32)
    rng = np.random.default_rng(2026)
    out: dict[str, np.ndarray] = {}
    names = []
    for name, expr, specs, grads, opts in CASES:
        record_case(name, expr, specs, grads, opts, rng, out)
        names.append(name)
    out["cases"] = np.array(names)
    out["reprs"] = np.array(REPRS)
    out["repr_text"] = np.array([repr(_run(r, {})) for r in REPRS])
    errors = []
    for name, expr, specs in ERRORS:
        arrays = _inputs(specs, rng, "float64")
        for k, a in arrays.items():
            out[f"error/{name}/in/{k}"] = a
        env = {k: torch.tensor(a) for k, a in arrays.items()}
        try:
            _run(expr, env)
        except Exception as e:  # noqa: BLE001
            out[f"error/{name}/config"] = np.array(
                json.dumps({"expr": expr, "type": type(e).__name__, "message": str(e)})
            )
            errors.append(name)
        else:
            raise SystemExit(f"{name}: PyTorch raised nothing for {expr}")
    out["errors"] = np.array(errors)
    OUT.parent.mkdir(exist_ok=True)
    np.savez_compressed(OUT, **out)
    print(f"wrote {OUT}: {len(names)} cases, {len(REPRS)} reprs, {len(errors)} errors")


if __name__ == "__main__":
    main()
