"""Record PyTorch's numbers for the 3-d layers, the power-average pools and the lazy
convolutions and norms, for tests/test_nn3d_pytorch.py.

Run from the repository's root with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python -m tools.make_nn3d_fixtures

It writes tests/data/nn3d.npz in tools/make_conv_family_fixtures.py's format (functions
"f<i>/...", with first and, in float64, second derivatives; initialisations "i<i>/...";
seeded modules "m<i>/..."); indices for max_unpool3d come from max-pooling a volume of
the size the spec names ("pool3:k:s:p:D,H,W").
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from tools.make_conv_family_fixtures import record_init, record_module

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "nn3d.npz"

X = (1, 4, 4, 5, 6)  # the volume most cases pool or convolve
# (function, {tensor name: shape or a kind}, other positional args, keywords, dtype)
FUNCTIONS = [
    ("conv3d", {"x": X, "weight": (6, 4, 2, 3, 2), "bias": (6,)}, [], {}, "float64"),
    ("conv3d", {"x": X, "weight": (6, 2, 3, 2, 3), "bias": (6,)}, [],
     {"stride": (2, 1, 3), "padding": (1, 2, 0), "dilation": (2, 1, 2), "groups": 2},
     "float64"),
    ("conv3d", {"x": X, "weight": (4, 1, 2, 3, 4)}, [],
     {"padding": "same", "groups": 4, "dilation": (1, 2, 1)}, "float64"),
    ("conv3d", {"x": (4, 5, 6, 7), "weight": (3, 4, 3, 3, 3), "bias": (3,)}, [],
     {"padding": "valid", "stride": 2}, "float64"),
    ("conv3d", {"x": (1, 3, 5, 6, 6), "weight": (8, 3, 3, 3, 3), "bias": (8,)}, [],
     {"padding": 1}, "float32"),
    ("conv3d", {"x": (0, 4, 5, 6, 7), "weight": (2, 4, 1, 1, 1)}, [], {}, "float64"),
    ("conv_transpose3d", {"x": X, "weight": (4, 3, 2, 3, 2), "bias": (3,)}, [], {}, "float64"),
    ("conv_transpose3d", {"x": X, "weight": (4, 3, 2, 3, 2), "bias": (6,)}, [],
     {"stride": (2, 1, 3), "padding": (1, 2, 0), "output_padding": (1, 0, 2), "groups": 2,
      "dilation": (2, 1, 2)}, "float64"),
    ("conv_transpose3d", {"x": (4, 3, 3, 4), "weight": (4, 2, 3, 3, 3)}, [],
     {"stride": 2, "padding": 2, "output_padding": 1}, "float64"),
    ("conv_transpose3d", {"x": (2, 4, 3, 4, 4), "weight": (4, 2, 4, 4, 4), "bias": (2,)}, [],
     {"stride": 2, "padding": 1}, "float32"),
    ("max_pool3d", {"x": X}, [(3, 2, 3)], {}, "float64"),
    ("max_pool3d", {"x": X}, [(3, 2, 3)],
     {"stride": (1, 2, 1), "padding": (1, 0, 1), "return_indices": True}, "float64"),
    ("max_pool3d", {"x": X}, [(3, 2, 3)],
     {"stride": 2, "padding": 1, "dilation": (2, 1, 2), "ceil_mode": True,
      "return_indices": True}, "float64"),
    ("max_pool3d", {"x": "ties"}, [2], {"stride": 1, "return_indices": True}, "float64"),
    ("max_pool3d", {"x": "nan_inf"}, [2], {"padding": 1, "return_indices": True}, "float64"),
    ("max_pool3d", {"x": (4, 5, 6, 7)}, [2], {"ceil_mode": True}, "float32"),
    ("max_pool3d_with_indices", {"x": X}, [(2, 3, 2)], {"stride": (1, 2, 3)}, "float64"),
    ("avg_pool3d", {"x": X}, [(3, 2, 3)], {}, "float64"),
    ("avg_pool3d", {"x": X}, [(3, 2, 3)], {"stride": (1, 2, 1), "padding": (1, 0, 1)},
     "float64"),
    ("avg_pool3d", {"x": X}, [3],
     {"stride": 2, "padding": 1, "ceil_mode": True, "count_include_pad": False}, "float64"),
    ("avg_pool3d", {"x": X}, [(3, 2, 3)],
     {"stride": 2, "padding": 1, "ceil_mode": True}, "float64"),
    ("avg_pool3d", {"x": (4, 5, 6, 7)}, [2], {"stride": (2, 3, 2), "ceil_mode": True,
                                              "divisor_override": 5}, "float64"),
    ("avg_pool3d", {"x": (1, 3, 5, 6, 6)}, [2], {}, "float32"),
    ("adaptive_avg_pool3d", {"x": X}, [(3, 4, 5)], {}, "float64"),
    ("adaptive_avg_pool3d", {"x": X}, [(None, 2, 4)], {}, "float64"),
    ("adaptive_avg_pool3d", {"x": (4, 5, 6, 7)}, [1], {}, "float64"),
    ("adaptive_avg_pool3d", {"x": (1, 3, 5, 6, 6)}, [(4, 3, 5)], {}, "float32"),
    ("adaptive_max_pool3d", {"x": X}, [(3, 4, 5)], {"return_indices": True}, "float64"),
    ("adaptive_max_pool3d", {"x": (4, 5, 6, 7)}, [(2, None, 3)], {}, "float64"),
    ("adaptive_max_pool3d", {"x": "nan_inf"}, [(2, 3, 2)], {"return_indices": True},
     "float64"),
    ("adaptive_max_pool3d_with_indices", {"x": X}, [(5, 5, 5)], {}, "float64"),
    ("max_unpool3d", {"x": (2, 3, 2, 3, 3), "indices": "pool3:2:2:0:5,6,7"}, [2],
     {"output_size": (5, 6, 7)}, "float64"),
    ("max_unpool3d", {"x": (3, 2, 3, 3), "indices": "pool3:2:2:0:4,6,6"}, [2], {}, "float64"),
    ("max_unpool3d", {"x": (1, 2, 3, 3, 4), "indices": "pool3:3:2:1:5,6,7"}, [3, 2, 1],
     {"output_size": (1, 2, 5, 6, 7)}, "float64"),
    ("lp_pool3d", {"x": "positive"}, [2, (3, 2, 3)], {}, "float64"),
    ("lp_pool3d", {"x": "positive"}, [3.5, 2, (1, 2, 3)], {"ceil_mode": True}, "float64"),
    ("lp_pool3d", {"x": X}, [1, 2], {}, "float64"),
    ("lp_pool2d", {"x": (2, 4, 6, 7)}, [2, (2, 3)], {"stride": 1, "ceil_mode": True},
     "float64"),
    ("lp_pool2d", {"x": (4, 6, 7)}, [3, 2], {}, "float32"),
    ("lp_pool1d", {"x": (2, 4, 7)}, [2, 3], {"stride": 2, "ceil_mode": True}, "float64"),
    ("lp_pool1d", {"x": (4, 7)}, [1.5, 2], {}, "float64"),
]  # fmt: skip

# (seed, default dtype, module, positional arguments, keywords; "_input": a lazy layer's
# first input shape)
INITS = [
    (0, "float32", "Conv3d", [3, 8, 3], {}),
    (1, "float64", "Conv3d", [4, 6, (2, 3, 1)], {"groups": 2, "bias": False}),
    (2, "float32", "ConvTranspose3d", [4, 6, 2], {"groups": 2}),
    (3, "float64", "ConvTranspose3d", [3, 2, (1, 2, 3)], {}),
    (4, "float32", "LazyConv3d", [5, 2], {"_input": (2, 3, 4, 4, 4)}),
    (5, "float32", "LazyConv2d", [6, 3], {"groups": 2, "_input": (4, 5, 5)}),
    (6, "float64", "LazyConv1d", [4, 3], {"bias": False, "_input": (2, 3, 6)}),
    (7, "float32", "LazyConvTranspose3d", [5, 2], {"_input": (2, 3, 4, 4, 4)}),
    (8, "float32", "LazyConvTranspose2d", [6, 3], {"groups": 3, "_input": (2, 3, 4, 4)}),
    (9, "float64", "LazyConvTranspose1d", [4, 3], {"_input": (3, 6)}),
    (10, "float32", "LazyBatchNorm3d", [], {"_input": (2, 3, 2, 2, 2)}),
    (11, "float32", "LazyInstanceNorm1d", [], {"_input": (2, 3, 5)}),
]

# (seed, module, positional arguments, keywords, input shape, forward keywords)
MODULES = [
    (20, "Conv3d", [4, 6, 3], {"stride": 2, "padding": 1}, (2, 4, 5, 6, 7), {}),
    (21, "Conv3d", [4, 4, (3, 2, 3)], {"padding": "same", "groups": 2, "bias": False},
     (2, 4, 5, 6, 7), {}),
    (22, "Conv3d", [2, 4, 3], {"padding": (1, 2, 1), "padding_mode": "reflect"},
     (2, 2, 4, 5, 6), {}),
    (23, "Conv3d", [2, 4, 3], {"padding": 1, "padding_mode": "replicate", "dilation": 2},
     (2, 2, 4, 5, 6), {}),
    (24, "Conv3d", [2, 4, (2, 3, 3)], {"padding": "same", "padding_mode": "circular"},
     (2, 4, 5, 6), {}),
    (25, "ConvTranspose3d", [4, 2, 3], {"stride": 2, "padding": 1},
     (2, 4, 3, 4, 5), {"output_size": (6, 8, 10)}),
    (26, "ConvTranspose3d", [4, 2, 2], {"stride": (1, 2, 3), "output_padding": (0, 1, 2),
                                        "dilation": (2, 3, 3), "groups": 2, "bias": False},
     (4, 3, 4, 5), {}),
    (27, "MaxPool3d", [3], {"stride": 2, "padding": 1, "ceil_mode": True}, (2, 3, 5, 6, 7), {}),
    (28, "MaxPool3d", [(2, 3, 2)], {"dilation": 2}, (2, 3, 5, 6, 7), {}),
    (29, "AvgPool3d", [(2, 3, 2)], {"stride": 1, "padding": 1, "count_include_pad": False},
     (2, 3, 5, 6, 7), {}),
    (30, "AvgPool3d", [3], {"divisor_override": 2}, (3, 5, 6, 7), {}),
    (31, "AdaptiveAvgPool3d", [(2, None, 3)], {}, (2, 3, 5, 6, 7), {}),
    (32, "AdaptiveMaxPool3d", [2], {}, (2, 3, 5, 6, 7), {}),
    (33, "BatchNorm3d", [3], {}, (2, 3, 4, 5, 6), {}),
    (34, "BatchNorm3d", [3], {"affine": False, "momentum": None}, (2, 3, 4, 5, 6), {}),
    (35, "InstanceNorm1d", [3], {}, (2, 3, 8), {}),
    (36, "InstanceNorm1d", [3], {"affine": True, "track_running_stats": True}, (3, 8), {}),
    (37, "InstanceNorm3d", [3], {"affine": True}, (2, 3, 4, 5, 6), {}),
    (38, "InstanceNorm3d", [3], {"bias": False, "affine": True}, (3, 4, 5, 6), {}),
    (39, "LPPool1d", [2, 3], {"stride": 2}, (2, 3, 9), {}),
    (40, "LPPool2d", [1.5, (2, 3)], {"ceil_mode": True}, (2, 3, 5, 7), {}),
    (41, "LPPool3d", [2, 2], {}, (2, 3, 4, 5, 6), {}),
    (42, "MaxUnpool3d", [2], {}, (2, 3, 2, 3, 3), {"indices": "pool3:2:2:0:4,6,6"}),
]  # fmt: skip


def _tensor(spec, rng, dtype):
    if isinstance(spec, tuple):
        return torch.tensor(rng.standard_normal(spec)).to(getattr(torch, dtype))
    if spec == "positive":
        return torch.tensor(np.abs(rng.standard_normal(X)) + 0.1)
    if spec == "ties":  # windows with equal maxima (PyTorch's index: the first)
        return torch.tensor(rng.integers(0, 3, (2, 2, 4, 4, 5)).astype(np.float64))
    if spec == "nan_inf":
        a = rng.standard_normal((1, 2, 4, 5, 6))
        a[0, 0, 0, 0, 1] = a[0, 0, 1, 0, 0] = np.nan
        a[0, 0, 2, 3, 3] = np.inf
        a[0, 1, :, 1:4, :] = -np.inf
        return torch.tensor(a)
    raise ValueError(spec)


def _indices(spec: str, lead: tuple, rng) -> torch.Tensor:
    """Indices from max-pooling a volume of the spec's size (so unpooling inverts it)."""
    _, k, s, p, size = spec.split(":")
    size = tuple(int(n) for n in size.split(","))
    src = torch.tensor(rng.standard_normal(lead + size))
    return F.max_pool3d(src, int(k), int(s), int(p), return_indices=True)[1]


def record_function(i, spec, rng, arrays):
    fn, tensors, args, kwargs, dtype = spec
    key = f"f{i}"
    made = {}
    for name, shape in tensors.items():
        if name == "indices":
            made[name] = _indices(shape, tuple(made["x"].shape[:-3]), rng)
            assert made[name].shape == made["x"].shape
        else:
            made[name] = _tensor(shape, rng, dtype)
    floating = [n for n, t in made.items() if t.is_floating_point()]
    for n in floating:
        made[n].requires_grad_()
    out = getattr(F, fn)(*made.values(), *args, **kwargs)
    indices = None
    if isinstance(out, tuple):
        out, indices = out
    config = {"fn": fn, "tensors": list(made), "args": args, "kwargs": kwargs, "dtype": dtype}
    arrays[f"{key}/config"] = np.array(json.dumps(config))
    for n, t in made.items():
        arrays[f"{key}/{n}"] = t.detach().numpy()
    arrays[f"{key}/y"] = out.detach().numpy()
    if indices is not None:
        arrays[f"{key}/indices_out"] = indices.numpy()
    if not out.requires_grad:
        return
    g = torch.tensor(rng.standard_normal(tuple(out.shape))).to(out.dtype).requires_grad_()
    leaves = [made[n] for n in floating]
    second = dtype == "float64"
    grads = torch.autograd.grad(out, leaves, g, create_graph=second)
    arrays[f"{key}/g"] = g.detach().numpy()
    for n, gr in zip(floating, grads):
        arrays[f"{key}/g{n}"] = gr.detach().numpy()
    if second and grads[0].requires_grad:
        v = torch.tensor(rng.standard_normal(tuple(grads[0].shape)))
        hs = torch.autograd.grad((grads[0] * v).sum(), leaves + [g], allow_unused=True)
        arrays[f"{key}/v"] = v.numpy()
        for n, h in zip(floating + ["g"], hs):
            h = torch.zeros_like(made[n] if n != "g" else g) if h is None else h
            arrays[f"{key}/h{n}"] = h.detach().numpy()


def record_unpool_module(i, spec, rng, arrays):
    """A MaxUnpool3d module case: its input, the indices and PyTorch's output."""
    seed, cls, args, kwargs, shape, fkw = spec
    m = getattr(torch.nn, cls)(*args, **kwargs)
    x = torch.tensor(rng.standard_normal(shape).astype(np.float32))
    idx = _indices(fkw["indices"], tuple(shape[:-3]), rng)
    config = {"seed": seed, "cls": cls, "args": args, "kwargs": kwargs, "forward": {},
              "repr": repr(m), "indices": True}  # fmt: skip
    arrays[f"m{i}/config"] = np.array(json.dumps(config))
    arrays[f"m{i}/x"] = x.numpy()
    arrays[f"m{i}/indices"] = idx.numpy()
    arrays[f"m{i}/y"] = m(x, idx).numpy()


def main() -> None:
    rng = np.random.default_rng(3)
    arrays: dict[str, np.ndarray] = {}
    for i, spec in enumerate(FUNCTIONS):
        record_function(i, spec, rng, arrays)
    for i, spec in enumerate(INITS):
        record_init(i, (spec[0], spec[1], spec[2], spec[3], dict(spec[4])), arrays)
    for i, spec in enumerate(MODULES):
        if "indices" in spec[5]:
            record_unpool_module(i, spec, rng, arrays)
        else:
            record_module(i, spec, rng, arrays)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({len(FUNCTIONS)} functions, {len(INITS)} initialisations, "
          f"{len(MODULES)} modules; torch {torch.__version__})")  # fmt: skip


if __name__ == "__main__":
    main()
