"""Record PyTorch's layer norm and group norm numbers for tests/test_nn_norm_fused.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_norm_fixtures.py

It writes tests/data/norm.npz. Each case "<name>" stores its configuration as JSON
("<name>/config": the function, normalized_shape or num_groups, eps, dtype), the inputs
("x", "weight", "bias" when present), an upstream gradient "g", PyTorch's output "y" and
gradients "gx", "gweight", "gbias"; float64 cases also a direction "v" and the gradients
of sum(gx * v) with respect to x, the weight and g ("hx", "hweight", "hg": double
backward).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "norm.npz"

# name: (function, input shape, normalized_shape or num_groups, weight, bias, eps, dtype, x offset)
CASES = {
    "ln_last": ("layer_norm", (4, 5, 6), (6,), True, True, 1e-5, "float64", 0.0),
    "ln_two_axes": ("layer_norm", (3, 2, 4), (2, 4), True, True, 1e-3, "float64", 0.0),
    "ln_no_affine": ("layer_norm", (5, 7), (7,), False, False, 1e-5, "float64", 0.0),
    "ln_weight_only": ("layer_norm", (2, 3, 8), (8,), True, False, 1e-5, "float64", 0.0),
    "ln_bias_only": ("layer_norm", (2, 3, 8), (8,), False, True, 1e-5, "float64", 0.0),
    "ln_offset": ("layer_norm", (6, 16), (16,), True, True, 1e-5, "float64", 1e4),
    "ln_one_element": ("layer_norm", (3, 1), (1,), True, True, 1e-5, "float64", 0.0),
    "ln_whole": ("layer_norm", (2, 3, 4), (2, 3, 4), True, True, 1e-5, "float64", 0.0),
    "ln_1d": ("layer_norm", (9,), (9,), True, True, 0.1, "float64", 0.0),
    "ln_float32": ("layer_norm", (4, 8, 64), (64,), True, True, 1e-5, "float32", 0.0),
    "ln_float32_offset": ("layer_norm", (16, 64), (64,), True, True, 1e-5, "float32", 300.0),
    "ln_float16": ("layer_norm", (16, 48), (48,), True, True, 1e-5, "float16", 0.0),
    "ln_float16_offset": ("layer_norm", (16, 48), (48,), True, True, 1e-5, "float16", 50.0),
    "gn_groups": ("group_norm", (3, 6, 4, 5), 3, True, True, 1e-5, "float64", 0.0),
    "gn_one_group": ("group_norm", (2, 4, 7), 1, True, True, 1e-4, "float64", 0.0),
    "gn_no_affine": ("group_norm", (2, 4, 3, 3), 4, False, False, 1e-5, "float64", 0.0),
    "gn_float32": ("group_norm", (4, 8, 6, 6), 4, True, True, 1e-5, "float32", 0.0),
}


def record(name, spec, rng, arrays):
    fn, shape, arg, has_w, has_b, eps, dtype, offset = spec
    dt = getattr(torch, dtype)
    x = torch.tensor(rng.standard_normal(shape) * 2 + offset).to(dt).requires_grad_()
    pshape = arg if fn == "layer_norm" else (shape[1],)
    w = torch.tensor(rng.uniform(0.5, 1.5, pshape)).to(dt).requires_grad_() if has_w else None
    b = torch.tensor(rng.standard_normal(pshape)).to(dt).requires_grad_() if has_b else None
    g = torch.tensor(rng.standard_normal(shape)).to(dt).requires_grad_()
    if fn == "layer_norm":
        y = F.layer_norm(x, arg, w, b, eps)
    else:
        y = F.group_norm(x, arg, w, b, eps)
    leaves = [x] + [p for p in (w, b) if p is not None]
    grads = torch.autograd.grad(y, leaves, g, create_graph=dtype == "float64")
    config = {"fn": fn, "arg": list(arg) if isinstance(arg, tuple) else arg, "eps": eps,
              "dtype": dtype}  # fmt: skip
    arrays[f"{name}/config"] = np.array(json.dumps(config))
    put = lambda key, t: arrays.__setitem__(f"{name}/{key}", t.detach().numpy())  # noqa: E731
    put("x", x)
    put("g", g)
    put("y", y)
    put("gx", grads[0])
    names = [k for k, p in (("weight", w), ("bias", b)) if p is not None]
    for k, p, gp in zip(names, [p for p in (w, b) if p is not None], grads[1:]):
        put(k, p)
        put("g" + k, gp)
    if dtype == "float64":  # double backward: d/d(x, weight, g) of sum(gx * v)
        v = torch.tensor(rng.standard_normal(shape))
        wrt = [x] + ([w] if w is not None else []) + [g]
        second = torch.autograd.grad((grads[0] * v).sum(), wrt)
        put("v", v)
        put("hx", second[0])
        if w is not None:
            put("hweight", second[1])
        put("hg", second[-1])


def main() -> None:
    rng = np.random.default_rng(20)
    arrays: dict[str, np.ndarray] = {}
    for name, spec in CASES.items():
        record(name, spec, rng, arrays)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({len(CASES)} cases, torch {torch.__version__})")


if __name__ == "__main__":
    main()
