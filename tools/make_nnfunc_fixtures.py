"""Record PyTorch's numbers for the activations, padding, distances, RMSNorm and losses of
nn.functional, for tests/test_nn_functional_pytorch.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_nnfunc_fixtures.py

It writes tests/data/nnfunc_pytorch.npz. Each case is one expression, written as a PyTorch
program with its imports changed (`F` is nn.functional, `nn` is nn, `autograd` is torch),
so the test evaluates the same text with graphgrad. A case stores, under "<name>/...": its
"config" (JSON: the expression, the inputs that require grad, whether the point is away
from kinks so finite differences apply), the inputs "in/<x>", PyTorch's result "y" (or
"text" for a repr, "error" for an exception's type), an upstream gradient "g" and the
gradients "grad/<x>"; float64 cases also a direction "v/<x>" per input and the gradients
of sum(grad * v) ("gg/<x>": double backward).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "nnfunc_pytorch.npz"

# Values on and around every kink: -3, 3 (hardsigmoid, hardswish), +-1 (hardtanh), +-0.5
# (the shrinks), 0 and 6 (relu6), 1 (threshold below).
KINKS = [-4.0, -3.0, -2.5, -1.0, -0.5, -0.25, 0.0, 0.5, 1.0, 2.5, 3.0, 4.0, 6.0, 7.0]
LARGE = [-1000.0, -60.0, -30.0, -1.0, 0.0, 1.0, 30.0, 60.0, 1000.0]
X46, F16 = {"x": (4, 6)}, {"dtype": "float16"}  # the float16 cases
NONFINITE = [float("nan"), float("inf"), -float("inf"), 0.0, -5.0, 5.0]


def _spec(spec, rng):
    """An input from its spec: a shape (normal values), ("pos", shape), ("pm1", shape),
    ("int", shape, lo, hi), ("01", shape), or explicit values; then a dtype."""
    if isinstance(spec, tuple) and spec and isinstance(spec[0], str):
        kind, shape = spec[0], spec[1]
        if kind == "pos":
            return rng.uniform(0.2, 2.0, shape)
        if kind == "pm1":
            return rng.choice([-1.0, 1.0], shape)
        if kind == "01":
            return rng.integers(0, 2, shape).astype(np.float64)
        if kind == "int":
            return rng.integers(spec[2], spec[3], shape)
        raise ValueError(kind)
    if isinstance(spec, tuple):
        return rng.standard_normal(spec) * 1.5
    return np.asarray(spec)


# (name, expression, {input: spec}, inputs that require grad, options)
# options: dtype (of the float inputs, float64 by default), fd (False: on a kink, where
# finite differences do not apply; PyTorch's gradient is recorded instead).
A = {"x": (3, 4)}
CASES = [
    # ---------------------------------------------------------------- activations
    ("hardtanh_nonfinite", "F.hardtanh(x)", {"x": NONFINITE}, "", {}),
    ("relu6_nonfinite", "F.relu6(x)", {"x": NONFINITE}, "", {}),
    ("hardsigmoid_nonfinite", "F.hardsigmoid(x)", {"x": NONFINITE}, "", {}),
    ("hardswish_nonfinite", "F.hardswish(x)", {"x": NONFINITE}, "", {}),
    ("mish_nonfinite", "F.mish(x)", {"x": NONFINITE}, "", {}),
    ("logsigmoid_nonfinite", "F.logsigmoid(x)", {"x": NONFINITE}, "", {}),
    ("celu_nonfinite", "F.celu(x)", {"x": NONFINITE}, "", {}),
    ("softshrink_nonfinite", "F.softshrink(x)", {"x": NONFINITE}, "", {}),
    ("hardshrink_nonfinite", "F.hardshrink(x)", {"x": NONFINITE}, "", {}),
    ("tanhshrink_nonfinite", "F.tanhshrink(x)", {"x": NONFINITE}, "", {}),
    ("threshold_nonfinite", "F.threshold(x, 0.1, -2.0)", {"x": NONFINITE}, "", {}),
    ("hardtanh_f16", "F.hardtanh(x)", X46, "", F16),
    ("hardsigmoid_f16", "F.hardsigmoid(x * 3)", X46, "", F16),
    ("hardswish_f16", "F.hardswish(x * 3)", X46, "", F16),
    ("mish_f16", "F.mish(x * 3)", X46, "", F16),
    ("logsigmoid_f16", "F.logsigmoid(x * 5)", X46, "", F16),
    ("celu_f16", "F.celu(x, 0.5)", X46, "", F16),
    ("softshrink_f16", "F.softshrink(x)", X46, "", F16),
    ("tanhshrink_f16", "F.tanhshrink(x)", X46, "", F16),
    ("softmin_f16", "F.softmin(x, 1)", X46, "", F16),
    ("glu_f16", "F.glu(x)", X46, "", F16),
    ("normalize_f16", "F.normalize(x)", X46, "", F16),
    ("cosine_f16", "F.cosine_similarity(x, x.flip(0))", X46, "", F16),
    ("pairwise_f16", "F.pairwise_distance(x, x.flip(0))", X46, "", F16),
    ("pad_f16", "F.pad(x, (1, 2), 'replicate')", X46, "", F16),
    ("soft_margin_f16", "F.soft_margin_loss(x, x.sign())", X46, "", F16),
    ("poisson_f16", "F.poisson_nll_loss(x, x.abs())", X46, "", F16),
    ("gaussian_f16", "F.gaussian_nll_loss(x, x.flip(0), x.abs() + 0.5)", X46, "", F16),
    ("multilabel_f16", "F.multilabel_soft_margin_loss(x, (x > 0).half())", X46, "", F16),
    ("hardtanh_kinks", "F.hardtanh(x)", {"x": KINKS}, "x", {"fd": False}),
    ("hardtanh_range", "F.hardtanh(x, -0.5, 2.5)", {"x": KINKS}, "x", {"fd": False}),
    ("hardtanh_kw", "F.hardtanh(x, min_val=-2.0, max_val=0.5)", A, "x", {}),
    ("hardtanh_0d", "F.hardtanh(x, -0.5, 0.5)", {"x": 0.75}, "x", {}),
    ("hardtanh_int", "F.hardtanh(x, -2.5, 3.5)", {"x": ("int", (6,), -6, 7)}, "", {}),
    ("relu6_kinks", "F.relu6(x)", {"x": KINKS}, "x", {"fd": False}),
    ("relu6_int", "F.relu6(x)", {"x": [-3, 0, 4, 6, 9]}, "", {}),
    ("hardsigmoid_kinks", "F.hardsigmoid(x)", {"x": KINKS}, "x", {"fd": False}),
    ("hardsigmoid", "F.hardsigmoid(x * 3)", A, "x", {}),
    ("hardswish_kinks", "F.hardswish(x)", {"x": KINKS}, "x", {"fd": False}),
    ("hardswish", "F.hardswish(x * 3)", A, "x", {}),
    ("hardswish_f32", "F.hardswish(x)", {"x": KINKS}, "x", {"fd": False, "dtype": "float32"}),
    ("mish", "F.mish(x)", A, "x", {}),
    ("mish_large", "F.mish(x)", {"x": LARGE}, "x", {}),
    ("mish_f32", "F.mish(x)", {"x": LARGE}, "x", {"dtype": "float32"}),
    ("logsigmoid", "F.logsigmoid(x)", A, "x", {}),
    ("logsigmoid_large", "F.logsigmoid(x)", {"x": LARGE}, "x", {}),
    ("logsigmoid_f32", "F.logsigmoid(x)", {"x": LARGE}, "x", {"dtype": "float32"}),
    ("logsigmoid_empty", "F.logsigmoid(x)", {"x": (0, 3)}, "x", {}),
    ("celu", "F.celu(x)", {"x": KINKS}, "x", {"fd": False}),
    ("celu_alpha", "F.celu(x, 0.5)", A, "x", {}),
    ("celu_alpha_big", "F.celu(x, alpha=2.5)", {"x": LARGE}, "x", {"fd": False}),
    ("softshrink_kinks", "F.softshrink(x)", {"x": KINKS}, "x", {"fd": False}),
    ("softshrink_lambd", "F.softshrink(x, 1.0)", {"x": KINKS}, "x", {"fd": False}),
    ("softshrink_zero", "F.softshrink(x, 0.0)", A, "x", {}),
    ("hardshrink_kinks", "F.hardshrink(x)", {"x": KINKS}, "x", {"fd": False}),
    ("hardshrink_lambd", "F.hardshrink(x, lambd=1.0)", {"x": KINKS}, "x", {"fd": False}),
    ("tanhshrink", "F.tanhshrink(x)", A, "x", {}),
    ("tanhshrink_int", "F.tanhshrink(x)", {"x": [-5, 0, 2, 7]}, "", {}),
    ("threshold_kinks", "F.threshold(x, 1.0, 20.0)", {"x": KINKS}, "x", {"fd": False}),
    ("threshold_neg", "F.threshold(x, -0.5, -2.0)", A, "x", {}),
    ("threshold_int", "F.threshold(x, 1, 20)", {"x": [-5, 0, 1, 2, 7]}, "", {}),
    ("threshold_int_float", "F.threshold(x, 1.5, 2.5)", {"x": [-5, 0, 1, 2, 7]}, "", {}),
    ("softmin_dim0", "F.softmin(x, dim=0)", A, "x", {}),
    ("softmin_dim1", "F.softmin(x, 1)", {"x": (2, 3, 4)}, "x", {}),
    ("softmin_dtype", "F.softmin(x, -1, dtype=autograd.float64)", A, "x", {"dtype": "float32"}),
    ("glu", "F.glu(x)", {"x": (3, 4)}, "x", {}),
    ("glu_dim0", "F.glu(x, 0)", {"x": (4, 3)}, "x", {}),
    ("glu_dim1", "F.glu(x, dim=1)", {"x": (2, 6, 2)}, "x", {}),
    ("glu_empty", "F.glu(x)", {"x": (0, 4)}, "x", {}),
    ("softmax2d_4d", "nn.Softmax2d()(x)", {"x": (2, 3, 2, 2)}, "x", {}),
    ("softmax2d_3d", "nn.Softmax2d()(x)", {"x": (3, 2, 2)}, "x", {}),
    ("Hardtanh", "nn.Hardtanh(-2.0, 0.5)(x)", A, "x", {}),
    ("ReLU6", "nn.ReLU6()(x * 4)", A, "x", {}),
    ("Hardsigmoid", "nn.Hardsigmoid()(x)", A, "x", {}),
    ("Hardswish", "nn.Hardswish()(x)", A, "x", {}),
    ("Mish", "nn.Mish()(x)", A, "x", {}),
    ("LogSigmoid", "nn.LogSigmoid()(x)", A, "x", {}),
    ("CELU", "nn.CELU(2.0)(x)", A, "x", {}),
    ("Softshrink", "nn.Softshrink(0.3)(x)", A, "x", {}),
    ("Hardshrink", "nn.Hardshrink(0.3)(x)", A, "x", {}),
    ("Tanhshrink", "nn.Tanhshrink()(x)", A, "x", {}),
    ("Threshold", "nn.Threshold(0.1, 20.0)(x)", A, "x", {}),
    ("Softmin", "nn.Softmin(dim=1)(x)", A, "x", {}),
    ("GLU", "nn.GLU(0)(x)", {"x": (4, 3)}, "x", {}),
    # in place: on a non-leaf, recorded in the graph
    ("relu_", "F.relu_(x * 1)", A, "x", {}),
    ("elu_", "F.elu_(x * 1, 0.5)", A, "x", {}),
    ("leaky_relu_", "F.leaky_relu_(x * 1, 0.2)", A, "x", {}),
    ("selu_", "F.selu_(x * 1)", A, "x", {}),
    ("celu_", "F.celu_(x * 1, 1.5)", A, "x", {}),
    ("hardtanh_", "F.hardtanh_(x * 1, -0.5, 0.5)", A, "x", {}),
    ("threshold_", "F.threshold_(x * 1, 0.5, -2.0)", A, "x", {}),
    ("rrelu_", "F.rrelu_(x * 1, 0.1, 0.3)", A, "x", {}),
    ("rrelu_inplace", "F.rrelu(x * 1, inplace=True)", A, "x", {}),
    ("RReLU_inplace", "nn.RReLU(0.2, 0.4, inplace=True).eval()(x * 1)", A, "x", {}),
    ("relu6_inplace", "F.relu6(x * 3, inplace=True)", A, "x", {}),
    ("hardsigmoid_inplace", "F.hardsigmoid(x * 3, inplace=True)", A, "x", {}),
    ("mish_inplace", "F.mish(x * 1, inplace=True)", A, "x", {}),
    ("Hardtanh_inplace", "nn.Hardtanh(inplace=True)(x * 1)", A, "x", {}),
    ("CELU_inplace", "nn.CELU(inplace=True)(x * 1)", A, "x", {}),
    # ------------------------------------------------------------------- padding
    ("pad_constant", "F.pad(x, (1, 2))", {"x": (2, 3)}, "x", {}),
    ("pad_constant_2d", "F.pad(x, (1, 2, 0, 1), value=2.5)", {"x": (2, 3, 4)}, "x", {}),
    ("pad_constant_3d", "F.pad(x, [1, 1, 2, 0, 0, 1])", {"x": (2, 2, 3, 3)}, "x", {}),
    ("pad_constant_crop", "F.pad(x, (-1, 2, 1, -1))", {"x": (2, 3, 4)}, "x", {}),
    ("pad_constant_all_dims", "F.pad(x, (1, 0, 0, 1))", {"x": (2, 3)}, "x", {}),
    ("pad_constant_crop_all", "F.pad(x, (-3, 0))", {"x": (2, 3)}, "x", {}),
    ("pad_constant_int", "F.pad(x, (1, 1), value=2.5)", {"x": [1, 2]}, "", {}),
    ("pad_constant_bool", "F.pad(x, (1, 0))", {"x": [True, False]}, "", {}),
    ("pad_constant_nan", "F.pad(x, (1, 0), value=float('nan'))", {"x": (2,)}, "x", {}),
    ("pad_0d", "F.pad(x, ())", {"x": 1.5}, "x", {}),
    ("pad_empty", "F.pad(x, (1, 1))", {"x": (0, 3)}, "x", {}),
    ("pad_reflect", "F.pad(x, (2, 1), mode='reflect')", {"x": (2, 3, 4)}, "x", {}),
    ("pad_reflect_2d", "F.pad(x, (1, 2, 2, 1), 'reflect')", {"x": (1, 2, 3, 4)}, "x", {}),
    ("pad_reflect_3d", "F.pad(x, (1, 2, 0, 1, 2, 1), 'reflect')", {"x": (1, 1, 3, 3, 3)}, "x",
     {}),
    ("pad_reflect_crop", "F.pad(x, (-1, 2), 'reflect')", {"x": (1, 2, 3)}, "x", {}),
    ("pad_reflect_2d_input", "F.pad(x, (2, 2), 'reflect')", {"x": (2, 3)}, "x", {}),
    ("pad_reflect_int", "F.pad(x, (1, 1), 'reflect')", {"x": [[0, 1, 2]]}, "", {}),
    ("pad_replicate", "F.pad(x, (3, 1), mode='replicate')", {"x": (2, 3, 2)}, "x", {}),
    ("pad_replicate_2d", "F.pad(x, (0, 0, 2, 1), 'replicate')", {"x": (1, 2, 3)}, "x", {}),
    ("pad_replicate_3d", "F.pad(x, (1, 1, 1, 1, 1, 1), 'replicate')", {"x": (1, 1, 2, 2, 2)},
     "x", {}),
    ("pad_replicate_crop", "F.pad(x, (2, -1), 'replicate')", {"x": (1, 2, 3)}, "x", {}),
    ("pad_circular", "F.pad(x, (1, 2), mode='circular')", {"x": (2, 3, 4)}, "x", {}),
    ("pad_circular_full", "F.pad(x, (3, 0), 'circular')", {"x": (1, 2, 3)}, "x", {}),
    ("pad_circular_2d", "F.pad(x, (1, 1, 2, 1), 'circular')", {"x": (1, 2, 3, 3)}, "x", {}),
    ("pad_circular_3d", "F.pad(x, (1, 0, 0, 1, 1, 1), 'circular')", {"x": (1, 2, 2, 2)}, "x",
     {}),
    ("pad_circular_crop", "F.pad(x, (-1, 2), 'circular')", {"x": (1, 1, 3)}, "x", {}),
    ("pad_circular_crop_left", "F.pad(x, (2, -1), 'circular')", {"x": (1, 1, 3)}, "x", {}),
    ("ZeroPad1d", "nn.ZeroPad1d(2)(x)", {"x": (2, 3)}, "x", {}),
    ("ZeroPad2d", "nn.ZeroPad2d((1, 2, 0, 1))(x)", {"x": (1, 2, 3)}, "x", {}),
    ("ZeroPad3d", "nn.ZeroPad3d(1)(x)", {"x": (1, 2, 2, 2)}, "x", {}),
    ("ConstantPad1d", "nn.ConstantPad1d((1, 2), 3.5)(x)", {"x": (2, 3)}, "x", {}),
    ("ConstantPad2d", "nn.ConstantPad2d(1, -1.0)(x)", {"x": (2, 3)}, "x", {}),
    ("ConstantPad3d", "nn.ConstantPad3d((1, 0, 0, 1, 1, 0), 2.0)(x)", {"x": (1, 2, 2, 2)}, "x",
     {}),
    ("ReflectionPad1d", "nn.ReflectionPad1d((2, 1))(x)", {"x": (2, 3)}, "x", {}),
    ("ReflectionPad2d", "nn.ReflectionPad2d(1)(x)", {"x": (1, 2, 3, 3)}, "x", {}),
    ("ReflectionPad3d", "nn.ReflectionPad3d(1)(x)", {"x": (1, 2, 2, 3)}, "x", {}),
    ("ReplicationPad1d", "nn.ReplicationPad1d((3, 0))(x)", {"x": (2, 2, 3)}, "x", {}),
    ("ReplicationPad2d", "nn.ReplicationPad2d((1, 0, 2, 1))(x)", {"x": (2, 2, 3)}, "x", {}),
    ("ReplicationPad3d", "nn.ReplicationPad3d(1)(x)", {"x": (1, 1, 2, 2, 2)}, "x", {}),
    ("CircularPad1d", "nn.CircularPad1d(2)(x)", {"x": (2, 3)}, "x", {}),
    ("CircularPad2d", "nn.CircularPad2d((1, 0, 1, 2))(x)", {"x": (1, 2, 3, 3)}, "x", {}),
    ("CircularPad3d", "nn.CircularPad3d(1)(x)", {"x": (1, 2, 2, 2)}, "x", {}),
    # ---------------------------------------------------------------- distances
    ("normalize", "F.normalize(x)", {"x": (3, 4)}, "x", {}),
    ("normalize_p1_dim0", "F.normalize(x, p=1, dim=0)", {"x": (3, 4)}, "x", {}),
    ("normalize_p3", "F.normalize(x, 3.0, -1)", {"x": (2, 3, 4)}, "x", {}),
    ("normalize_inf", "F.normalize(x, p=float('inf'))", {"x": [[3.0, -4.0], [1.0, 2.0]]}, "x",
     {}),
    ("normalize_zero", "F.normalize(x)", {"x": [[0.0, 0.0, 0.0], [1.0, 2.0, 2.0]]}, "x",
     {"fd": False}),
    ("normalize_eps", "F.normalize(x, eps=5.0)", {"x": (3, 4)}, "x", {}),
    ("normalize_1d", "F.normalize(x, dim=0)", {"x": (5,)}, "x", {}),
    ("normalize_0d", "F.normalize(x, dim=0)", {"x": -3.0}, "x", {}),
    ("normalize_f32", "F.normalize(x)", {"x": (3, 4)}, "x", {"dtype": "float32"}),
    ("cosine", "F.cosine_similarity(a, b)", {"a": (3, 4), "b": (3, 4)}, "ab", {}),
    ("cosine_dim", "F.cosine_similarity(a, b, dim=-1)", {"a": (2, 1, 4), "b": (3, 4)}, "ab", {}),
    ("cosine_zero", "F.cosine_similarity(a, b)",
     {"a": [[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [1e-9, 0.0, 0.0]],
      "b": [[1.0, 2.0, 2.0], [3.0, 2.0, 1.0], [1.0, 0.0, 0.0]]}, "ab", {"fd": False}),
    # the clamp at eps is outside PyTorch's graph: its gradient is not the derivative there
    ("cosine_eps", "F.cosine_similarity(a, b, 1, 2.0)", {"a": (3, 4), "b": (3, 4)}, "ab",
     {"fd": False}),
    ("cosine_1d", "F.cosine_similarity(a, b, dim=0)", {"a": (4,), "b": (4,)}, "ab", {}),
    ("cosine_0d", "F.cosine_similarity(a, b, dim=0)", {"a": 2.0, "b": -3.0}, "ab", {}),
    ("cosine_empty_dim", "F.cosine_similarity(a, b)", {"a": (2, 0), "b": (2, 0)}, "ab", {}),
    ("cosine_mixed", "F.cosine_similarity(a.float(), b)", {"a": (3, 4), "b": (3, 4)}, "b", {}),
    ("pairwise", "F.pairwise_distance(a, b)", {"a": (3, 4), "b": (3, 4)}, "ab", {}),
    ("pairwise_p1", "F.pairwise_distance(a, b, p=1.0)", {"a": (3, 4), "b": (3, 4)}, "ab", {}),
    ("pairwise_p3_keepdim", "F.pairwise_distance(a, b, 3.0, keepdim=True)",
     {"a": (3, 4), "b": (4,)}, "ab", {}),
    ("pairwise_inf", "F.pairwise_distance(a, b, p=float('inf'))", {"a": (3, 4), "b": (3, 4)},
     "ab", {}),
    ("pairwise_p0", "F.pairwise_distance(a, b, p=0)", {"a": (3, 4), "b": (3, 4)}, "ab",
     {"fd": False}),
    ("pairwise_same", "F.pairwise_distance(a, b, eps=0.0)",
     {"a": [[1.0, 2.0], [1.0, 2.0]], "b": [[1.0, 2.0], [0.0, 0.0]]}, "ab", {"fd": False}),
    ("pairwise_1d", "F.pairwise_distance(a, b)", {"a": (4,), "b": (4,)}, "ab", {}),
    ("pairwise_0d", "F.pairwise_distance(a, b)", {"a": 1.0, "b": 3.0}, "ab", {}),
    ("pairwise_int", "F.pairwise_distance(a, b)", {"a": [[1, 2]], "b": [[0, 0]]}, "", {}),
    ("pairwise_empty", "F.pairwise_distance(a, b)", {"a": (2, 0), "b": (2, 0)}, "ab", {}),
    ("pdist", "F.pdist(x)", {"x": (4, 3)}, "x", {}),
    ("pdist_p1", "F.pdist(x, 1)", {"x": (4, 3)}, "x", {}),
    ("pdist_p15", "F.pdist(x, p=1.5)", {"x": (3, 2)}, "x", {}),
    ("pdist_inf", "F.pdist(x, float('inf'))", {"x": (4, 3)}, "x", {}),
    ("pdist_same_rows", "F.pdist(x)", {"x": [[0.0, 1.0], [0.0, 1.0], [3.0, 5.0]]}, "x",
     {"fd": False}),
    ("pdist_one_row", "F.pdist(x)", {"x": (1, 3)}, "x", {}),
    ("pdist_no_columns", "F.pdist(x)", {"x": (3, 0)}, "x", {}),
    ("CosineSimilarity", "nn.CosineSimilarity(dim=0)(a, b)", {"a": (3, 4), "b": (3, 4)}, "ab",
     {}),
    ("PairwiseDistance", "nn.PairwiseDistance(p=1.0, keepdim=True)(a, b)",
     {"a": (3, 4), "b": (3, 4)}, "ab", {}),
    ("rms_norm", "F.rms_norm(x, (4,))", {"x": (2, 3, 4)}, "x", {}),
    ("rms_norm_weight", "F.rms_norm(x, [3, 4], w, eps=1e-3)", {"x": (2, 3, 4), "w": (3, 4)},
     "xw", {}),
    ("rms_norm_zero_row", "F.rms_norm(x, (3,))", {"x": [[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]}, "x",
     {"fd": False}),
    ("rms_norm_f32", "F.rms_norm(x, (4,))", {"x": (3, 4)}, "x", {"dtype": "float32"}),
    ("rms_norm_f16", "F.rms_norm(x * 200, (2,))", {"x": [[1e-5, 2e-5], [1.5, 2.0]]}, "",
     {"dtype": "float16"}),
    ("rms_norm_empty", "F.rms_norm(x, (3,))", {"x": (0, 3)}, "x", {}),
    ("RMSNorm", "nn.RMSNorm(4)(x)", {"x": (2, 4)}, "x", {}),
    ("RMSNorm_no_affine", "nn.RMSNorm([2, 4], eps=0.1, elementwise_affine=False)(x)",
     {"x": (3, 2, 4)}, "x", {}),
    # ------------------------------------------------------------------- losses
    ("margin_ranking", "F.margin_ranking_loss(a, b, y)",
     {"a": (6,), "b": (6,), "y": ("pm1", (6,))}, "ab", {}),
    ("margin_ranking_none", "F.margin_ranking_loss(a, b, y, margin=0.5, reduction='none')",
     {"a": (2, 3), "b": (2, 3), "y": ("pm1", (2, 3))}, "ab", {}),
    ("margin_ranking_kink", "F.margin_ranking_loss(a, b, y, reduction='sum')",
     {"a": [1.0, 2.0, 0.5], "b": [1.0, 0.0, 1.5], "y": [1.0, -1.0, 1.0]}, "ab", {"fd": False}),
    ("margin_ranking_broadcast", "F.margin_ranking_loss(a, b, y, 0.2)",
     {"a": (3, 1), "b": (1, 4), "y": ("pm1", (3, 4))}, "ab", {}),
    ("margin_ranking_legacy", "F.margin_ranking_loss(a, b, y, size_average=False)",
     {"a": (4,), "b": (4,), "y": ("pm1", (4,))}, "ab", {}),
    ("soft_margin", "F.soft_margin_loss(x, y)", {"x": (3, 4), "y": ("pm1", (3, 4))}, "x", {}),
    ("soft_margin_none", "F.soft_margin_loss(x, y, reduction='none')",
     {"x": (3, 4), "y": ("pm1", (3, 4))}, "x", {}),
    ("hinge_embedding", "F.hinge_embedding_loss(x, y)", {"x": (3, 4), "y": ("pm1", (3, 4))},
     "x", {}),
    ("hinge_embedding_margin", "F.hinge_embedding_loss(x, y, margin=0.5, reduction='none')",
     {"x": [0.5, 0.2, -1.0, 2.0, 0.7], "y": [-1.0, -1.0, 1.0, -1.0, 0.0]}, "x", {"fd": False}),
    ("hinge_embedding_sum", "F.hinge_embedding_loss(x, y, 2.0, reduction='sum')",
     {"x": ("pos", (6,)), "y": ("pm1", (6,))}, "x", {}),
    ("cosine_embedding", "F.cosine_embedding_loss(a, b, y)",
     {"a": (4, 5), "b": (4, 5), "y": ("pm1", (4,))}, "ab", {}),
    ("cosine_embedding_margin", "F.cosine_embedding_loss(a, b, y, 0.2, reduction='none')",
     {"a": (4, 5), "b": (4, 5), "y": [1.0, -1.0, -1.0, 1.0]}, "ab", {}),
    ("cosine_embedding_1d", "F.cosine_embedding_loss(a, b, y, reduction='sum')",
     {"a": (5,), "b": (5,), "y": -1.0}, "ab", {}),
    ("cosine_embedding_zero", "F.cosine_embedding_loss(a, b, y, reduction='none')",
     {"a": [[0.0, 0.0], [1.0, 2.0]], "b": [[1.0, 1.0], [0.0, 0.0]], "y": [1.0, -1.0]}, "ab",
     {"fd": False}),
    ("triplet", "F.triplet_margin_loss(a, p, n)", {"a": (4, 5), "p": (4, 5), "n": (4, 5)},
     "apn", {}),
    ("triplet_swap", "F.triplet_margin_loss(a, p, n, margin=2.0, swap=True, reduction='none')",
     {"a": (6, 3), "p": (6, 3), "n": (6, 3)}, "apn", {}),
    ("triplet_p1", "F.triplet_margin_loss(a, p, n, 3.0, p=1, eps=1e-3, reduction='sum')",
     {"a": (4, 5), "p": (4, 5), "n": (4, 5)}, "apn", {}),
    ("triplet_1d", "F.triplet_margin_loss(a, p, n, 5.0)", {"a": (5,), "p": (5,), "n": (5,)},
     "apn", {}),
    ("triplet_distance", "F.triplet_margin_with_distance_loss(a, p, n)",
     {"a": (4, 5), "p": (4, 5), "n": (4, 5)}, "apn", {}),
    ("triplet_distance_fn",
     "F.triplet_margin_with_distance_loss(a, p, n, distance_function=lambda u, v: "
     "1.0 - F.cosine_similarity(u, v), margin=0.5, swap=True, reduction='none')",
     {"a": (5, 3), "p": (5, 3), "n": (5, 3)}, "apn", {}),
    ("poisson", "F.poisson_nll_loss(x, y)", {"x": (3, 4), "y": ("int", (3, 4), 0, 6)}, "x",
     {}),
    ("poisson_rates", "F.poisson_nll_loss(x, y, log_input=False, reduction='none')",
     {"x": ("pos", (3, 4)), "y": ("int", (3, 4), 0, 6)}, "x", {}),
    ("poisson_full", "F.poisson_nll_loss(x, y, full=True, reduction='none')",
     {"x": (2, 4), "y": [[0.0, 1.0, 2.0, 5.0], [1.5, 0.5, 3.0, 10.0]]}, "xy", {"fd": False}),
    ("poisson_eps", "F.poisson_nll_loss(x, y, False, True, eps=0.1, reduction='sum')",
     {"x": ("pos", (5,)), "y": ("int", (5,), 0, 6)}, "x", {}),
    ("gaussian", "F.gaussian_nll_loss(x, y, v)",
     {"x": (4, 3), "y": (4, 3), "v": ("pos", (4, 3))}, "xyv", {}),
    ("gaussian_row_var", "F.gaussian_nll_loss(x, y, v, reduction='none')",
     {"x": (4, 3), "y": (4, 3), "v": ("pos", (4,))}, "xyv", {}),
    ("gaussian_var_1", "F.gaussian_nll_loss(x, y, v, full=True, reduction='sum')",
     {"x": (4, 3), "y": (4, 3), "v": ("pos", (4, 1))}, "xyv", {}),
    ("gaussian_mismatch_dim", "F.gaussian_nll_loss(x, y, v)",
     {"x": (2, 3, 4), "y": (2, 3, 4), "v": ("pos", (2, 1, 4))}, "xv", {}),
    ("gaussian_float_var", "F.gaussian_nll_loss(x, y, 0.5, eps=1e-3)", {"x": (4, 3),
     "y": (4, 3)}, "x", {}),
    ("gaussian_clamped", "F.gaussian_nll_loss(x, y, v, eps=0.1, reduction='none')",
     {"x": (4,), "y": (4,), "v": [0.01, 0.5, 0.05, 2.0]}, "xv", {"fd": False}),
    ("multilabel_soft_margin", "F.multilabel_soft_margin_loss(x, y)",
     {"x": (3, 4), "y": ("01", (3, 4))}, "x", {}),
    ("multilabel_soft_margin_weight",
     "F.multilabel_soft_margin_loss(x, y, weight=w, reduction='none')",
     {"x": (3, 4), "y": ("01", (3, 4)), "w": ("pos", (4,))}, "xw", {}),
    ("multilabel_soft_margin_1d", "F.multilabel_soft_margin_loss(x, y, reduction='sum')",
     {"x": (5,), "y": ("01", (5,))}, "x", {}),
    ("margin_ranking_0d", "F.margin_ranking_loss(a, b, y, 0.3)", {"a": 0.5, "b": 0.2, "y": -1.0},
     "ab", {}),
    ("soft_margin_0d", "F.soft_margin_loss(x, y)", {"x": 0.7, "y": -1.0}, "x", {}),
    ("hinge_embedding_0d", "F.hinge_embedding_loss(x, y)", {"x": 0.25, "y": -1.0}, "x", {}),
    ("poisson_0d", "F.poisson_nll_loss(x, y, full=True)", {"x": 0.4, "y": 3.0}, "x", {}),
    ("gaussian_0d", "F.gaussian_nll_loss(x, y, v)", {"x": 0.4, "y": 1.0, "v": 2.0}, "xv", {}),
    ("triplet_0d", "F.triplet_margin_loss(a, p, n)", {"a": 0.5, "p": 0.2, "n": 2.0}, "apn", {}),
    ("margin_ranking_empty", "F.margin_ranking_loss(a, b, y)", {"a": (0,), "b": (0,), "y": (0,)},
     "ab", {}),
    ("soft_margin_empty_sum", "F.soft_margin_loss(x, y, reduction='sum')", {"x": (0, 2),
     "y": (0, 2)}, "x", {}),
    ("multilabel_empty", "F.multilabel_soft_margin_loss(x, y)", {"x": (0, 3), "y": (0, 3)}, "x",
     {}),
    ("gaussian_empty", "F.gaussian_nll_loss(x, y, v, reduction='none')",
     {"x": (0, 3), "y": (0, 3), "v": (0, 3)}, "x", {}),
    ("MarginRankingLoss", "nn.MarginRankingLoss(0.5)(a, b, y)",
     {"a": (5,), "b": (5,), "y": ("pm1", (5,))}, "ab", {}),
    ("SoftMarginLoss", "nn.SoftMarginLoss(reduction='sum')(x, y)",
     {"x": (3, 4), "y": ("pm1", (3, 4))}, "x", {}),
    ("HingeEmbeddingLoss", "nn.HingeEmbeddingLoss(margin=2.0)(x, y)",
     {"x": ("pos", (3, 4)), "y": ("pm1", (3, 4))}, "x", {}),
    ("CosineEmbeddingLoss", "nn.CosineEmbeddingLoss(0.1)(a, b, y)",
     {"a": (4, 5), "b": (4, 5), "y": ("pm1", (4,))}, "ab", {}),
    ("TripletMarginLoss", "nn.TripletMarginLoss(margin=0.5, p=1.0, swap=True)(a, p, n)",
     {"a": (4, 5), "p": (4, 5), "n": (4, 5)}, "apn", {}),
    ("TripletMarginWithDistanceLoss",
     "nn.TripletMarginWithDistanceLoss(distance_function=nn.PairwiseDistance(), margin=3.0)"
     "(a, p, n)", {"a": (4, 5), "p": (4, 5), "n": (4, 5)}, "apn", {}),
    ("PoissonNLLLoss", "nn.PoissonNLLLoss(log_input=False, full=True)(x, y)",
     {"x": ("pos", (3, 4)), "y": ("int", (3, 4), 0, 6)}, "x", {}),
    ("GaussianNLLLoss", "nn.GaussianNLLLoss(full=True, reduction='none')(x, y, v)",
     {"x": (4, 3), "y": (4, 3), "v": ("pos", (4, 3))}, "xv", {}),
    ("MultiLabelSoftMarginLoss", "nn.MultiLabelSoftMarginLoss(reduction='sum')(x, y)",
     {"x": (3, 4), "y": ("01", (3, 4))}, "x", {}),
]  # fmt: skip

# The modules' reprs (text), as PyTorch prints them.
REPRS = [
    "nn.Hardtanh()", "nn.Hardtanh(-2.0, 0.5, inplace=True)", "nn.ReLU6()",
    "nn.ReLU6(inplace=True)", "nn.Hardsigmoid()", "nn.Hardswish()", "nn.Mish()",
    "nn.LogSigmoid()", "nn.Softmin(1)", "nn.Threshold(0.1, 20.0)", "nn.GLU()", "nn.CELU(2.0)",
    "nn.Softshrink()", "nn.Hardshrink(0.3)", "nn.Tanhshrink()", "nn.Softmax2d()",
    "nn.ZeroPad1d(2)", "nn.ZeroPad2d((1, 2, 3, 4))", "nn.ZeroPad3d(1)",
    "nn.ConstantPad1d((1, 2), 3.5)", "nn.ConstantPad2d(1, 0.0)", "nn.ConstantPad3d(1, -1.0)",
    "nn.ReflectionPad1d(2)", "nn.ReflectionPad2d((1, 0, 2, 1))", "nn.ReflectionPad3d(1)",
    "nn.ReplicationPad1d(1)", "nn.ReplicationPad2d(1)", "nn.ReplicationPad3d(1)",
    "nn.CircularPad1d(1)", "nn.CircularPad2d((1, 2, 3, 4))", "nn.CircularPad3d(1)",
    "nn.CosineSimilarity()", "nn.PairwiseDistance()", "nn.RMSNorm(3)",
    "nn.RMSNorm([2, 3], eps=0.001, elementwise_affine=False)",
    "nn.MarginRankingLoss()", "nn.SoftMarginLoss()", "nn.HingeEmbeddingLoss()",
    "nn.CosineEmbeddingLoss()", "nn.TripletMarginLoss()", "nn.TripletMarginWithDistanceLoss()",
    "nn.PoissonNLLLoss()", "nn.GaussianNLLLoss()", "nn.MultiLabelSoftMarginLoss()",
]  # fmt: skip

# Bad input: (name, expression, inputs). PyTorch's exception type is recorded; the test
# also names the words graphgrad's message must contain.
ERRORS = [
    ("hardtanh_bounds", "F.hardtanh(x, 2.0, 1.0)", {"x": (3,)}),
    ("Hardtanh_bounds", "nn.Hardtanh(1.0, 1.0)", {}),
    ("celu_alpha_0", "F.celu(x, 0.0)", {"x": (3,)}),
    ("softshrink_negative", "F.softshrink(x, -1.0)", {"x": (3,)}),
    ("glu_odd", "F.glu(x)", {"x": (2, 3)}),
    ("glu_0d", "F.glu(x)", {"x": 1.0}),
    ("mish_int", "F.mish(x)", {"x": [1, 2]}),
    ("softmax2d_2d", "nn.Softmax2d()(x)", {"x": (2, 2)}),
    ("pad_odd", "F.pad(x, (1,))", {"x": (3,)}),
    ("pad_too_long", "F.pad(x, (1, 1, 1, 1))", {"x": (3,)}),
    ("pad_float", "F.pad(x, (1.5, 1))", {"x": (1, 2, 3)}),
    ("pad_mode", "F.pad(x, (1, 1), 'zeros')", {"x": (1, 3)}),
    ("pad_reflect_value", "F.pad(x, (1, 1), 'reflect', value=2.0)", {"x": (1, 3)}),
    ("pad_reflect_1d", "F.pad(x, (1, 1), 'reflect')", {"x": (3,)}),
    ("pad_reflect_4d_two", "F.pad(x, (1, 1), 'reflect')", {"x": (1, 1, 1, 3)}),
    ("pad_reflect_too_much", "F.pad(x, (3, 0), 'reflect')", {"x": (1, 1, 3)}),
    ("pad_reflect_crop_all", "F.pad(x, (-3, 0), 'reflect')", {"x": (1, 1, 3)}),
    ("pad_replicate_empty", "F.pad(x, (1, 1), 'replicate')", {"x": (1, 2, 0)}),
    ("pad_circular_wrap", "F.pad(x, (4, 0), 'circular')", {"x": (1, 1, 3)}),
    ("pad_circular_wrap_crop", "F.pad(x, (-1, 3), 'circular')", {"x": (1, 1, 3)}),
    ("pad_circular_negative", "F.pad(x, (-2, -2), 'circular')", {"x": (1, 1, 3)}),
    ("pad_constant_crop", "F.pad(x, (-2, -2))", {"x": (1, 1, 3)}),
    ("CircularPad1d_1d", "nn.CircularPad1d(1)(x)", {"x": (3,)}),
    ("cosine_int", "F.cosine_similarity(a, b)", {"a": [[1, 2]], "b": [[1, 2]]}),
    ("cosine_dim", "F.cosine_similarity(a, b)", {"a": (3,), "b": (3,)}),
    ("cosine_broadcast", "F.cosine_similarity(a, b)", {"a": (2, 3), "b": (4, 3)}),
    ("normalize_dim", "F.normalize(x)", {"x": (3,)}),
    ("normalize_int", "F.normalize(x)", {"x": [[3, 4]]}),
    ("pdist_1d", "F.pdist(x)", {"x": (3,)}),
    ("pdist_negative_p", "F.pdist(x, -1.0)", {"x": (3, 2)}),
    ("pdist_int", "F.pdist(x)", {"x": [[1, 2], [3, 4]]}),
    ("rms_norm_shape", "F.rms_norm(x, (4,))", {"x": (2, 3)}),
    ("rms_norm_weight", "F.rms_norm(x, (3,), w)", {"x": (2, 3), "w": (2,)}),
    ("rms_norm_empty_shape", "F.rms_norm(x, ())", {"x": 2.0}),
    ("rms_norm_int", "F.rms_norm(x, (2,))", {"x": [[1, 2]]}),
    ("margin_ranking_dims", "F.margin_ranking_loss(a, b, y)",
     {"a": (3,), "b": (3,), "y": (1, 3)}),
    ("margin_ranking_reduction", "F.margin_ranking_loss(a, b, y, reduction='avg')",
     {"a": (3,), "b": (3,), "y": (3,)}),
    ("cosine_embedding_target", "F.cosine_embedding_loss(a, b, y)",
     {"a": (2, 3), "b": (2, 3), "y": (2, 1)}),
    ("cosine_embedding_dims", "F.cosine_embedding_loss(a, b, y)",
     {"a": (2, 3), "b": (2, 3), "y": 1.0}),
    ("triplet_dims", "F.triplet_margin_loss(a, p, n)", {"a": (2, 3), "p": (3,), "n": (2, 3)}),
    ("triplet_margin", "F.triplet_margin_loss(a, p, n, margin=0.0)",
     {"a": (2, 3), "p": (2, 3), "n": (2, 3)}),
    ("triplet_distance_margin", "F.triplet_margin_with_distance_loss(a, p, n, margin=-1.0)",
     {"a": (2, 3), "p": (2, 3), "n": (2, 3)}),
    ("triplet_distance_reduction", "F.triplet_margin_with_distance_loss(a, p, n, reduction='x')",
     {"a": (2, 3), "p": (2, 3), "n": (2, 3)}),
    ("gaussian_negative_var", "F.gaussian_nll_loss(x, y, v)",
     {"x": (2, 3), "y": (2, 3), "v": [[1.0, -1.0, 1.0], [1.0, 1.0, 1.0]]}),
    ("gaussian_negative_float", "F.gaussian_nll_loss(x, y, -1.0)", {"x": (2, 3), "y": (2, 3)}),
    ("gaussian_var_size", "F.gaussian_nll_loss(x, y, v)",
     {"x": (2, 3), "y": (2, 3), "v": ("pos", (3, 2))}),
    ("gaussian_reduction", "F.gaussian_nll_loss(x, y, v, reduction='avg')",
     {"x": (2, 3), "y": (2, 3), "v": ("pos", (2, 3))}),
    ("soft_margin_shapes", "F.soft_margin_loss(x, y)", {"x": (3,), "y": (2,)}),
    ("hinge_embedding_shapes", "F.hinge_embedding_loss(x, y)", {"x": (3,), "y": (2,)}),
    ("margin_ranking_shapes", "F.margin_ranking_loss(a, b, y)", {"a": (3,), "b": (2,), "y": (3,)}),
    ("cosine_embedding_shapes", "F.cosine_embedding_loss(a, b, y)",
     {"a": (2, 3), "b": (2, 4), "y": (2,)}),
    ("cosine_embedding_target_size", "F.cosine_embedding_loss(a, b, y)",
     {"a": (2, 3), "b": (2, 3), "y": (3,)}),
    ("triplet_shapes", "F.triplet_margin_loss(a, p, n)", {"a": (2, 3), "p": (2, 4), "n": (2, 3)}),
    ("poisson_shapes", "F.poisson_nll_loss(x, y)", {"x": (3,), "y": (2,)}),
    ("multilabel_shapes", "F.multilabel_soft_margin_loss(x, y)", {"x": (2, 3), "y": (2, 4)}),
    ("pairwise_shapes", "F.pairwise_distance(a, b)", {"a": (2, 3), "b": (2, 4)}),
    ("multilabel_0d", "F.multilabel_soft_margin_loss(x, y)", {"x": 0.4, "y": 1.0}),
    ("poisson_reduction", "F.poisson_nll_loss(x, y, reduction='avg')", {"x": (3,), "y": (3,)}),
]  # fmt: skip


def _run(expr, env):
    return eval(expr, {"F": F, "nn": nn, "autograd": torch}, env)  # noqa: S307


def _inputs(specs, rng, dtype):
    """The inputs as arrays (floats cast to dtype) and as torch tensors."""
    arrays = {}
    for k, spec in specs.items():
        a = np.asarray(_spec(spec, rng))
        if a.dtype.kind == "f":
            a = a.astype(dtype)
        arrays[k] = a
    return arrays


def record_case(name, expr, specs, grads, opts, rng, out):
    dtype = opts.get("dtype", "float64")
    arrays = _inputs(specs, rng, dtype)
    env = {k: torch.tensor(a, requires_grad=k in grads) for k, a in arrays.items()}
    y = _run(expr, env)
    config = {"expr": expr, "grads": list(grads), "fd": opts.get("fd", True), "dtype": dtype}
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
        except RuntimeError as e:  # PyTorch has no double backward here (hardsigmoid)
            print(f"{name}: no second derivative in PyTorch ({e})")
            return
    else:
        second = [None] * len(leaves)
    for k, d in zip(grads, second, strict=True):
        out[f"{name}/v/{k}"] = vs[k].numpy()
        out[f"{name}/gg/{k}"] = (torch.zeros_like(env[k]) if d is None else d).numpy(force=True)


def main() -> None:
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
