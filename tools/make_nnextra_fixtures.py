"""Record PyTorch's numbers for nn's CTC loss, fractional max pooling, adaptive log-softmax,
linear cross-entropy, CrossMapLRN2d, conv_tbc, SyncBatchNorm and DataParallel, for
tests/test_nn_extra_pytorch.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_nnextra_fixtures.py

It writes tests/data/nnextra_pytorch.npz, in the format of tools/make_nnmisc_fixtures.py:
each case is one expression, written as a PyTorch program with its imports changed (`F`
is nn.functional, `nn` is nn, `autograd` is torch), stored under "<name>/..." with its
"config" (JSON: the expression, the inputs that require grad, whether finite differences
apply, whether PyTorch has a second derivative, the dtype and the seed the default
generator is given before the expression runs), the inputs "in/<x>", PyTorch's result "y",
an upstream gradient "g", the gradients "grad/<x>" and, in float64 where PyTorch has them,
a direction "v/<x>" and the second derivatives "gg/<x>". Then the modules' reprs, PyTorch's
exception types and messages for bad input, and a state_dict of AdaptiveLogSoftmaxWithLoss
with its outputs.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "nnextra_pytorch.npz"


def _spec(spec, rng):
    """An input from its spec: a shape (normal values), ("unit", shape), or explicit values."""
    if isinstance(spec, tuple) and spec and isinstance(spec[0], str):
        kind, shape = spec[0], spec[1]
        if kind == "unit":  # samples in [0, 1)
            return rng.uniform(0.0, 1.0, shape)
        raise ValueError(kind)
    if isinstance(spec, tuple):
        return rng.standard_normal(spec) * 1.5
    return np.asarray(spec)


F32 = {"dtype": "float32"}
NO2 = {"second": False}  # PyTorch has no second derivative here
S0, S1, S2 = {"seed": 0}, {"seed": 1}, {"seed": 2}
T3 = [[1, 2, 2], [3, 3, 0], [4, 1, 1]]
CTC = {"x": (6, 3, 5), "t": T3}
LS = "x.log_softmax(2)"
FP2 = {"x": (2, 3, 9, 7), "s": ("unit", (2, 3, 2))}
FP3 = {"x": (2, 2, 7, 8, 6), "s": ("unit", (2, 2, 3))}
ASM = "nn.AdaptiveLogSoftmaxWithLoss(6, 12, [3, 7], div_value=2.0, dtype=autograd.float64)"
ASM_X = {"x": (5, 6), "t": [0, 4, 11, 2, 8]}
LCE = {"x": (7, 4), "w": (6, 4), "b": (6,), "t": [0, 5, 2, -100, 3, 3, 1]}
CHUNK = "options=nn.LinearCrossEntropyOptions(batch_chunk_size=3)"
# (name, expression, {input: spec}, inputs that require grad (one letter each, or a list),
# options: dtype (float64 by default), fd (False: finite differences do not apply),
# second (False: PyTorch has no second derivative), seed)
CASES = [
    # ---------------------------------------------------------------- CTC loss
    ("ctc_mean", f"F.ctc_loss({LS}, t, (6, 5, 3), (3, 2, 1))", CTC, "x", NO2),
    ("ctc_none", f"F.ctc_loss({LS}, t, (6, 6, 2), (3, 2, 1), reduction='none')", CTC, "x", NO2),
    ("ctc_sum_blank", f"F.ctc_loss({LS}, t, (6, 4, 6), (3, 3, 2), blank=4, reduction='sum')",
     {"x": (6, 3, 5), "t": [[1, 2, 2], [3, 3, 0], [0, 1, 1]]}, "x", NO2),
    ("ctc_concatenated", f"F.ctc_loss({LS}, t, (6, 5, 4), (2, 1, 3), reduction='none')",
     {"x": (6, 3, 5), "t": [1, 1, 3, 2, 4, 2]}, "x", NO2),
    ("ctc_tensor_lengths", f"F.ctc_loss({LS}, t, il, tl)",
     {**CTC, "il": [6, 3, 5], "tl": [3, 1, 2]}, "x", NO2),
    ("ctc_unbatched", "F.ctc_loss(x.log_softmax(1), t, (7,), (3,), reduction='none')",
     {"x": (7, 4), "t": [1, 3, 3]}, "x", NO2),
    ("ctc_empty_target", f"F.ctc_loss({LS}, t, (6, 2, 4), (0, 1, 0), reduction='none')", CTC,
     "x", NO2),
    ("ctc_zero_input", f"F.ctc_loss({LS}, t, (6, 0, 0), (2, 0, 1), reduction='none')", CTC,
     "x", {**NO2, "fd": False}),
    ("ctc_impossible", f"F.ctc_loss({LS}, t, (6, 2, 1), (3, 2, 1), reduction='none')", CTC,
     "x", {**NO2, "fd": False}),
    ("ctc_impossible_sum", f"F.ctc_loss({LS}, t, (6, 1, 5), (3, 2, 1), reduction='sum')", CTC,
     "x", {**NO2, "fd": False}),
    ("ctc_zero_infinity", f"F.ctc_loss({LS}, t, (6, 2, 4), (3, 2, 1), zero_infinity=True)", CTC,
     "x", NO2),
    ("ctc_zero_infinity_none", f"F.ctc_loss({LS}, t, (6, 3, 1), (3, 2, 1), reduction='none', "
     "zero_infinity=True)", CTC, "x", NO2),
    ("ctc_log_probs", "F.ctc_loss(lp, t, (6, 5, 3), (3, 2, 1), reduction='sum')",
     {"lp": (6, 3, 5), "t": T3}, ["lp"], {**NO2, "fd": False}),
    ("ctc_f32", f"F.ctc_loss({LS}, t, (6, 5, 3), (3, 2, 1))", CTC, "x", {**NO2, **F32}),
    ("ctc_float_targets", f"F.ctc_loss({LS}, t, (6, 5, 3), (3, 2, 1))",
     {"x": (6, 3, 5), "t": np.array(T3, np.float64)}, "x", NO2),
    ("ctc_long", f"F.ctc_loss({LS}, t, (30, 25), (6, 5), reduction='none')",
     {"x": (30, 2, 6), "t": [[1, 2, 2, 5, 3, 3], [4, 4, 4, 1, 2, 0]]}, "x", NO2),
    ("CTCLoss", "nn.CTCLoss(blank=1, reduction='sum', zero_infinity=True)(x.log_softmax(2), t, "
     "(6, 5, 2), (3, 2, 2))", {"x": (6, 3, 5), "t": [[2, 3, 3], [4, 0, 0], [0, 2, 2]]}, "x", NO2),
    # ---------------------------------------------------------------- fractional max pooling
    ("fmp2d", "F.fractional_max_pool2d(x, 2, output_size=(4, 3), _random_samples=s)", FP2, "x",
     {}),
    ("fmp2d_indices", "F.fractional_max_pool2d(x, (3, 2), output_ratio=(0.5, 0.7), "
     "return_indices=True, _random_samples=s)[1]", FP2, "", {}),
    ("fmp2d_with_indices", "F.fractional_max_pool2d_with_indices(x, 3, 5, _random_samples=s)[0]",
     FP2, "x", F32),
    ("fmp2d_unbatched", "F.fractional_max_pool2d(x, 2, output_size=5, _random_samples=s)",
     {"x": (3, 9, 7), "s": ("unit", (1, 3, 2))}, "x", {}),
    ("fmp2d_one", "F.fractional_max_pool2d(x, 2, output_size=(1, 6), _random_samples=s)",
     {"x": (1, 2, 5, 7), "s": ("unit", (1, 2, 2))}, "x", {}),
    ("fmp2d_seeded", "F.fractional_max_pool2d(x, 2, output_size=4)", {"x": (2, 3, 8, 9)}, "x",
     S0),
    ("fmp2d_seeded_f32", "F.fractional_max_pool2d(x, 3, output_ratio=(0.5, 0.5), "
     "return_indices=True)[1]", {"x": (3, 2, 12, 11)}, "", {**S1, **F32}),
    ("fmp3d", "F.fractional_max_pool3d(x, 2, output_size=(3, 4, 3), _random_samples=s)", FP3,
     "x", {}),
    ("fmp3d_indices", "F.fractional_max_pool3d(x, (2, 3, 2), output_ratio=0.5, "
     "return_indices=True, _random_samples=s)[1]", FP3, "", {}),
    ("fmp3d_with_indices", "F.fractional_max_pool3d_with_indices(x, 2, (4, 3, 2), "
     "_random_samples=s)[0]", FP3, "x", F32),
    ("fmp3d_unbatched", "F.fractional_max_pool3d(x, 2, output_size=3, _random_samples=s)",
     {"x": (2, 5, 6, 7), "s": ("unit", (1, 2, 3))}, "x", {}),
    ("fmp3d_seeded", "F.fractional_max_pool3d(x, 2, output_size=(2, 3, 3))",
     {"x": (2, 2, 5, 6, 6)}, "x", S2),
    ("FractionalMaxPool2d", "nn.FractionalMaxPool2d(3, output_ratio=0.5)(x)",
     {"x": (2, 2, 10, 9)}, "x", S1),
    ("FractionalMaxPool2d_samples", "nn.FractionalMaxPool2d(2, (3, 4), return_indices=True, "
     "_random_samples=s)(x)[1]", {"x": (2, 3, 7, 8), "s": ("unit", (2, 3, 2))}, "", {}),
    ("FractionalMaxPool3d", "nn.FractionalMaxPool3d(2, output_size=3)(x)",
     {"x": (1, 2, 6, 6, 5)}, "x", {**S2, **F32}),
    # ---------------------------------------------------------------- adaptive log-softmax
    ("asm_output", f"{ASM}(x, t).output", ASM_X, "x", S0),
    ("asm_loss", f"{ASM}(x, t).loss", ASM_X, "x", S1),
    ("asm_head_only", f"{ASM}(x, t).loss", {"x": (4, 6), "t": [0, 2, 1, 1]}, "x", S1),
    ("asm_head_bias", "nn.AdaptiveLogSoftmaxWithLoss(6, 10, [2, 4, 8], head_bias=True, "
     "dtype=autograd.float64)(x, t).output", {"x": (6, 6), "t": [9, 0, 3, 5, 1, 7]}, "x", S2),
    ("asm_unbatched", f"{ASM}(x, t).output", {"x": (6,), "t": 9}, "x", S0),
    ("asm_log_prob", f"{ASM}.log_prob(x)", {"x": (4, 6)}, "x", S0),
    ("asm_predict", f"{ASM}.predict(x)", {"x": (9, 6)}, "", S1),
    ("asm_f32", "nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 10, 15])(x, t).loss",
     {"x": (6, 8), "t": [0, 5, 12, 19, 3, 11]}, "x", {**S0, **F32}),
    ("asm_tail_grad", f"(lambda m: autograd.autograd.grad(m(x, t).loss, m.tail[1][0].weight, "
     f"create_graph=True)[0])({ASM})", ASM_X, "x", S0),
    # ---------------------------------------------------------------- linear cross-entropy
    *[
        (f"lce_{r}{'_chunked' if c else ''}",
         f"F.linear_cross_entropy(x, w, t, linear_bias=b, reduction='{r}'"
         f"{', ' + CHUNK if c else ''})",
         LCE, "xwb", NO2 if c else {})
        for r in ("mean", "sum", "none")
        for c in (False, True)
    ],
    ("lce_weight", "F.linear_cross_entropy(x, w, t, weight=cw, ignore_index=3)",
     {**LCE, "t": [0, 5, 2, 1, 3, 3, 1], "cw": ("unit", (6,))}, "xw", {}),
    ("lce_weight_chunked", f"F.linear_cross_entropy(x, w, t, weight=cw, ignore_index=3, {CHUNK})",
     {**LCE, "t": [0, 5, 2, 1, 3, 3, 1], "cw": ("unit", (6,))}, "xw", NO2),
    ("lce_auto_chunks", "F.linear_cross_entropy(x, w, t, options=nn.LinearCrossEntropyOptions())",
     {"x": (20, 3), "w": (9, 3), "t": list(range(9)) * 2 + [0, 1]}, "xw", NO2),
    ("lce_unbatched", "F.linear_cross_entropy(x, w, t, linear_bias=b)",
     {"x": (4,), "w": (6, 4), "b": (6,), "t": 2}, "xwb", {}),
    ("lce_unbatched_chunked", f"F.linear_cross_entropy(x, w, t, reduction='none', {CHUNK})",
     {"x": (4,), "w": (6, 4), "t": 5}, "xw", NO2),
    ("lce_kdim", "F.linear_cross_entropy(x, w, t, linear_bias=b)",
     {"x": (3, 4), "w": (5, 2, 3, 4), "b": (5, 2, 3), "t": [[[0, 4, 1], [2, 2, 3]],
      [[1, 1, 0], [4, 3, 2]], [[0, 0, 0], [1, 2, 3]]]}, "xwb", {}),
    ("lce_probs", "F.linear_cross_entropy(x, w, t.softmax(1), label_smoothing=0.1)",
     {"x": (5, 4), "w": (6, 4), "t": (5, 6)}, "xw", {}),
    ("lce_smoothing", "F.linear_cross_entropy(x, w, t, label_smoothing=0.2)",
     {"x": (7, 4), "w": (6, 4), "t": [0, 5, 2, 1, 3, 3, 1]}, "xw", {}),
    ("lce_f32_chunked", f"F.linear_cross_entropy(x, w, t, linear_bias=b, {CHUNK})", LCE, "xwb",
     {**NO2, **F32}),
    ("LinearCrossEntropyLoss", "nn.LinearCrossEntropyLoss(4, 6, bias=True)(x, t)",
     {"x": (7, 4), "t": [0, 5, 2, 1, 3, 3, 1]}, "x", {**S0, **F32}),
    ("LinearCrossEntropyLoss_kdim", "nn.LinearCrossEntropyLoss(4, 3, out_features=(2,), "
     "dtype=autograd.float64, reduction='sum')(x, t)", {"x": (5, 4), "t": [[0, 1], [2, 2],
     [1, 0], [0, 0], [2, 1]]}, "x", S1),
    ("LinearCrossEntropyLoss_chunked", "nn.LinearCrossEntropyLoss(4, 6, dtype=autograd.float64, "
     f"ignore_index=2, {CHUNK})(x, t)", {"x": (7, 4), "t": [0, 5, 2, 1, 3, 3, 1]}, "x",
     {**S2, **NO2}),
    # ---------------------------------------------------------------- CrossMapLRN2d
    ("cross_map_lrn", "nn.CrossMapLRN2d(3, 0.5, 0.75, 2.0)(x)", {"x": (2, 7, 3, 2)}, "x",
     {**NO2, "fd": False}),
    ("cross_map_lrn_even", "nn.CrossMapLRN2d(4, 0.3, 0.5, 1.5)(x)", {"x": (2, 6, 2, 3)}, "x",
     {**NO2, "fd": False}),
    ("cross_map_lrn_few", "nn.CrossMapLRN2d(9, 0.5, 0.75, 2.0)(x)", {"x": (2, 3, 3, 2)}, "x",
     NO2),
    ("cross_map_lrn_2", "nn.CrossMapLRN2d(2, 0.5)(x)", {"x": (1, 2, 2, 2)}, "x",
     {**NO2, "fd": False}),
    ("cross_map_lrn_f32", "nn.CrossMapLRN2d(5)(x)", {"x": (2, 6, 3, 3)}, "x", {**NO2, **F32}),
    # ---------------------------------------------------------------- conv_tbc
    ("conv_tbc", "F.conv_tbc(x, w, b)", {"x": (5, 2, 3), "w": (2, 3, 4), "b": (4,)}, "xwb", {}),
    ("conv_tbc_pad", "F.conv_tbc(x, w, b, 2)", {"x": (4, 3, 2), "w": (3, 2, 5), "b": (5,)},
     "xwb", {}),
    ("conv_tbc_f32", "F.conv_tbc(x, w, b, pad=1)", {"x": (6, 2, 3), "w": (3, 3, 2), "b": (2,)},
     "xwb", F32),
    # ---------------------------------------------------------------- one process, no GPU
    ("SyncBatchNorm", "nn.SyncBatchNorm(3)(x)", {"x": (4, 3, 2)}, "x", F32),
    ("SyncBatchNorm_2d", "nn.SyncBatchNorm(3, momentum=None, dtype=autograd.float64)(x)",
     {"x": (5, 3)}, "x", {}),
    ("SyncBatchNorm_5d", "nn.SyncBatchNorm(2, affine=False, dtype=autograd.float64)(x)",
     {"x": (2, 2, 2, 3, 2)}, "x", {}),
    ("SyncBatchNorm_eval", "nn.SyncBatchNorm(3).eval()(x)", {"x": (4, 3, 2, 2)}, "x", F32),
    ("SyncBatchNorm_running", "(lambda m: (m(x), m.running_var)[1])(nn.SyncBatchNorm(3))",
     {"x": (4, 3, 2, 2)}, "", F32),
    ("convert_sync_batchnorm", "nn.SyncBatchNorm.convert_sync_batchnorm(nn.Sequential("
     "nn.Linear(3, 3), nn.BatchNorm1d(3)))(x)", {"x": (4, 3)}, "x", {**S0, **F32}),
    ("DataParallel", "nn.DataParallel(nn.Linear(3, 2))(x)", {"x": (4, 3)}, "x", {**S0, **F32}),
]  # fmt: skip

# The modules' reprs (text), as PyTorch prints them.
REPRS = [
    "nn.CTCLoss()", "nn.CTCLoss(blank=3, reduction='sum', zero_infinity=True)",
    "nn.FractionalMaxPool2d(3, output_ratio=0.5)", "nn.FractionalMaxPool3d(2, output_size=4)",
    "nn.AdaptiveLogSoftmaxWithLoss(8, 20, [4, 10, 15], head_bias=True)",
    "nn.LinearCrossEntropyLoss(4, 6)",
    "nn.LinearCrossEntropyLoss(4, 3, out_features=(2, 5), bias=True, reduction='sum', "
    "ignore_index=1, label_smoothing=0.1, "
    "options=nn.LinearCrossEntropyOptions(batch_chunk_size=4))",
    "nn.LinearCrossEntropyOptions()", "nn.LinearCrossEntropyOptions(True, 8, None, 'accurate')",
    "nn.CrossMapLRN2d(3)", "nn.CrossMapLRN2d(5, alpha=0.1, beta=0.5, k=2.0)",
    "nn.SyncBatchNorm(3)", "nn.SyncBatchNorm(4, eps=0.001, momentum=None, affine=False)",
    "nn.SyncBatchNorm.convert_sync_batchnorm(nn.Sequential(nn.Conv2d(3, 3, 1), "
    "nn.BatchNorm2d(3), nn.Sequential(nn.BatchNorm1d(3, affine=False)), nn.InstanceNorm2d(3)))",
    "nn.DataParallel(nn.Linear(2, 3))",
]  # fmt: skip

E_CTC = {"x": (5, 2, 4), "t": [[1, 2], [3, 3]]}
E_LCE = {"x": (3, 4), "w": (5, 4), "t": [0, 1, 4]}
# Bad input: (name, expression, inputs). PyTorch's exception type and message are recorded;
# the test also names the words graphgrad's message must contain.
ERRORS = [
    ("ctc_float_lengths", "F.ctc_loss(x, t, il, tl)", {**E_CTC, "il": [5.0, 4.0], "tl": [2, 2]}),
    ("ctc_input_too_long", "F.ctc_loss(x, t, (6, 4), (2, 2))", E_CTC),
    ("ctc_batch_lengths", "F.ctc_loss(x, t, (5, 4, 3), (2, 2))", E_CTC),
    ("ctc_target_size", "F.ctc_loss(x, t, (5, 4), (2, 3))", E_CTC),
    ("ctc_blank", "F.ctc_loss(x, t, (5, 4), (2, 2), blank=4)", E_CTC),
    ("ctc_reduction", "F.ctc_loss(x, t, (5, 4), (2, 2), reduction='foo')", E_CTC),
    ("ctc_concatenated_size", "F.ctc_loss(x, t, (5, 4), (2, 2))", {"x": (5, 2, 4),
     "t": [1, 2, 3]}),
    ("ctc_padded_batch", "F.ctc_loss(x, t, (5, 4), (2, 2))", {"x": (5, 2, 4), "t": [[1, 2, 3]]}),
    ("ctc_negative_length", "F.ctc_loss(x, t, (5, -1), (2, 2))", E_CTC),
    ("ctc_negative_target_length", "F.ctc_loss(x, t, (5, 4), (2, -1))", E_CTC),
    ("ctc_4d", "F.ctc_loss(x, t, (5, 4), (2, 2))", {"x": (5, 2, 4, 1), "t": [[1, 2], [3, 3]]}),
    ("ctc_empty", "F.ctc_loss(x, t, (0, 0), (0, 1))", {"x": (0, 2, 3), "t": [[1], [2]]}),
    ("ctc_module_reduction", "nn.CTCLoss(reduction='avg')(x, t, (5, 4), (2, 2))", E_CTC),
    ("fmp_no_size", "F.fractional_max_pool2d(x, 2)", {"x": (2, 3, 8, 8)}),
    ("fmp_pool_height", "F.fractional_max_pool2d(x, 4, output_size=6)", {"x": (2, 3, 8, 8)}),
    ("fmp_pool_width", "F.fractional_max_pool2d(x, 2, output_size=(4, 8))", {"x": (2, 3, 8, 8)}),
    ("fmp_ratio_length", "F.fractional_max_pool2d(x, 2, output_ratio=(0.5, 0.5, 0.5))",
     {"x": (2, 3, 8, 8)}),
    ("fmp_samples_dims", "F.fractional_max_pool2d(x, 2, output_size=4, _random_samples=s)",
     {"x": (2, 3, 8, 8), "s": ("unit", (2, 3, 3))}),
    ("fmp_samples_batch", "F.fractional_max_pool2d(x, 2, output_size=4, _random_samples=s)",
     {"x": (2, 3, 8, 8), "s": ("unit", (1, 3, 2))}),
    ("fmp_samples_dtype", "F.fractional_max_pool2d(x, 2, output_size=4, _random_samples=s)",
     {"x": (2, 3, 8, 8), "s": np.zeros((2, 3, 2), np.float32)}),
    ("fmp_2d_input", "F.fractional_max_pool2d(x, 2, output_size=4)", {"x": (8, 8)}),
    ("fmp3d_pool_time", "F.fractional_max_pool3d(x, 2, output_size=4)", {"x": (1, 2, 3, 8, 8)}),
    ("FractionalMaxPool2d_no_size", "nn.FractionalMaxPool2d(2)", {}),
    ("FractionalMaxPool2d_both", "nn.FractionalMaxPool2d(2, 3, 0.5)", {}),
    ("FractionalMaxPool2d_ratio", "nn.FractionalMaxPool2d(2, output_ratio=1.5)", {}),
    ("FractionalMaxPool3d_kernel", "nn.FractionalMaxPool3d(0, output_ratio=0.5)", {}),
    ("asm_no_cutoffs", "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [])", {}),
    ("asm_cutoffs", "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [5, 3])", {}),
    ("asm_cutoff_range", "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3, 10])", {}),
    ("asm_target_range", "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3])(x, t)",
     {"x": np.zeros((2, 4), np.float32), "t": [1, 12]}),
    ("asm_batch", "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3])(x, t)",
     {"x": np.zeros((2, 4), np.float32), "t": [1, 2, 3]}),
    ("asm_target_2d", "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3])(x, t)",
     {"x": np.zeros((2, 4), np.float32), "t": [[1], [2]]}),
    ("asm_input_3d", "nn.AdaptiveLogSoftmaxWithLoss(4, 10, [3])(x, t)",
     {"x": np.zeros((2, 1, 4), np.float32), "t": [1, 2]}),
    ("lce_input_3d", "F.linear_cross_entropy(x, w, t)", {"x": (3, 1, 4), "w": (5, 4),
     "t": [0, 1, 4]}),
    ("lce_weight_1d", "F.linear_cross_entropy(x, w, t)", {"x": (3, 4), "w": (4,),
     "t": [0, 1, 4]}),
    ("lce_in_features", "F.linear_cross_entropy(x, w, t)", {"x": (3, 4), "w": (5, 3),
     "t": [0, 1, 4]}),
    ("lce_bias_shape", "F.linear_cross_entropy(x, w, t, linear_bias=b)", {**E_LCE, "b": (4,)}),
    ("lce_kdim_unbatched", "F.linear_cross_entropy(x, w, t)", {"x": (4,), "w": (5, 2, 4),
     "t": [0, 1]}),
    ("lce_probs_ignore", "F.linear_cross_entropy(x, w, t, ignore_index=1)", {"x": (3, 4),
     "w": (5, 4), "t": (3, 5)}),
    ("lce_policy", "nn.LinearCrossEntropyOptions(acc_policy='fast')", {}),
    ("lce_method", "nn.LinearCrossEntropyOptions(chunking_method='rows')", {}),
    ("lce_chunk_size", "nn.LinearCrossEntropyOptions(batch_chunk_size=0)", {}),
    ("lce_chunk_conflict", "F.linear_cross_entropy(x, w, t, options=nn.LinearCrossEntropyOptions("
     "batch_chunk_size=1, chunking_method='aspect_ratio'))", E_LCE),
    ("LinearCrossEntropyLoss_weight", "nn.LinearCrossEntropyLoss(4, 5, weight=w)",
     {"w": (4,)}),
    ("LinearCrossEntropyLoss_smoothing", "nn.LinearCrossEntropyLoss(4, 5, label_smoothing=1.5)",
     {}),
    ("cross_map_lrn_3d", "nn.CrossMapLRN2d(3)(x)", {"x": (2, 3, 4)}),
    ("conv_tbc_input", "F.conv_tbc(x, w, b)", {"x": (5, 3), "w": (2, 3, 4), "b": (4,)}),
    ("conv_tbc_weight", "F.conv_tbc(x, w, b)", {"x": (5, 2, 3), "w": (3, 4), "b": (4,)}),
    ("conv_tbc_bias", "F.conv_tbc(x, w, b)", {"x": (5, 2, 3), "w": (2, 3, 4), "b": (1, 4)}),
    ("conv_tbc_channels", "F.conv_tbc(x, w, b)", {"x": (5, 2, 2), "w": (2, 3, 4), "b": (4,)}),
    ("conv_tbc_bias_size", "F.conv_tbc(x, w, b)", {"x": (5, 2, 3), "w": (2, 3, 4), "b": (3,)}),
    ("assert_int_or_pair", "F.assert_int_or_pair((3, 4, 5), 'kernel', '{} must be an int or "
     "a pair')", {}),
    ("sync_batchnorm_1d", "nn.SyncBatchNorm(3)(x)", {"x": (3,)}),
    ("sync_batchnorm_channels", "nn.SyncBatchNorm(0)(x)", {"x": np.zeros((2, 0, 3), np.float32)}),
    ("memory_format_rank", "nn.utils.convert_conv3d_weight_memory_format(nn.Conv3d(2, 3, 3), "
     "autograd.channels_last)", {}),
    ("memory_format_rank_3d", "nn.utils.convert_conv2d_weight_memory_format(nn.Conv2d(2, 3, 3), "
     "autograd.channels_last_3d)", {}),
    ("memory_format_preserve", "nn.utils.convert_conv2d_weight_memory_format("
     "nn.Sequential(nn.Conv2d(2, 3, 3)), autograd.preserve_format)", {}),
]  # fmt: skip


def _run(expr, env):
    return eval(expr, {"F": F, "nn": nn, "autograd": torch, **env})  # noqa: S307 (lambdas see env)


def _inputs(specs, rng, dtype):
    """The inputs as arrays (floats cast to dtype)."""
    arrays = {}
    for k, spec in specs.items():
        a = np.asarray(_spec(spec, rng))
        if a.dtype.kind == "f" and a.dtype != np.float32:
            a = a.astype(dtype)
        arrays[k] = a
    return arrays


def record_case(name, expr, specs, grads, opts, rng, out):
    grads = list(grads)
    dtype = opts.get("dtype", "float64")
    second = opts.get("second", True)
    arrays = _inputs(specs, rng, dtype)
    env = {k: torch.tensor(a, requires_grad=k in grads) for k, a in arrays.items()}
    seed = opts.get("seed")
    if seed is not None:
        torch.manual_seed(seed)
    y = _run(expr, env)
    config = {"expr": expr, "grads": grads, "fd": opts.get("fd", True), "dtype": dtype,
              "seed": seed, "second": second}  # fmt: skip
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
    first = torch.autograd.grad(y, leaves, g, create_graph=second, allow_unused=True)
    for k, d in zip(grads, first, strict=True):
        out[f"{name}/grad/{k}"] = (torch.zeros_like(env[k]) if d is None else d).numpy(force=True)
    if dtype != "float64" or not second:
        return
    vs = {k: torch.tensor(rng.standard_normal(env[k].shape)) for k in grads}
    s = sum((d * vs[k]).sum() for k, d in zip(grads, first, strict=True) if d is not None)
    if isinstance(s, torch.Tensor) and s.requires_grad:
        second_d = torch.autograd.grad(s, leaves, allow_unused=True)
    else:
        second_d = [None] * len(leaves)
    for k, d in zip(grads, second_d, strict=True):
        out[f"{name}/v/{k}"] = vs[k].numpy()
        out[f"{name}/gg/{k}"] = (torch.zeros_like(env[k]) if d is None else d).numpy(force=True)


def record_state_dict(rng, out):
    """An AdaptiveLogSoftmaxWithLoss's state_dict (random values) and its outputs."""
    m = nn.AdaptiveLogSoftmaxWithLoss(5, 9, [2, 6], head_bias=True)
    with torch.no_grad():
        for p in m.parameters():
            p.copy_(torch.tensor(rng.standard_normal(tuple(p.shape))))
    x = torch.tensor(rng.standard_normal((4, 5)), dtype=torch.float32)
    t = torch.tensor([8, 0, 3, 6])
    for k, v in m.state_dict().items():
        out[f"asm_state/param/{k}"] = v.numpy()
    out["asm_state/keys"] = np.array(list(m.state_dict()))
    out["asm_state/x"], out["asm_state/t"] = x.numpy(), t.numpy()
    res = m(x, t)
    out["asm_state/output"] = res.output.detach().numpy()
    out["asm_state/loss"] = res.loss.detach().numpy()
    out["asm_state/log_prob"] = m.log_prob(x).detach().numpy()
    out["asm_state/predict"] = m.predict(x).numpy()


def main() -> None:
    warnings.simplefilter("ignore")
    torch.set_default_dtype(torch.float32)
    rng = np.random.default_rng(2027)
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
    record_state_dict(rng, out)
    OUT.parent.mkdir(exist_ok=True)
    np.savez_compressed(OUT, **out)
    print(f"wrote {OUT}: {len(names)} cases, {len(REPRS)} reprs, {len(errors)} errors")


if __name__ == "__main__":
    main()
