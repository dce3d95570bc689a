"""Record PyTorch's convolution-family and resampling numbers for
tests/test_nn_conv_family_pytorch.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_conv_family_fixtures.py

It writes tests/data/conv_family.npz with three kinds of case:

- functions ("f<i>/..."): "config" (JSON: the torch.nn.functional name, which tensors it
  takes, the other positional arguments, the keywords, the dtype), the input tensors by
  name, PyTorch's output "y" (and "indices" where it returns them), an upstream gradient
  "g" and the gradients "g<name>" of every floating input; float64 cases also a direction
  "v" and the gradients "h<name>" of sum(g<first> * v) with respect to every floating input
  and to g ("hg"): double backward.
- initialisation ("i<i>/..."): "config" (seed, default dtype, module, arguments; for a
  lazy layer the shape of the ones it is first called on), each parameter by name in
  PyTorch's order, and "rand" (torch.rand(3) after building: the
  generator's position).
- modules ("m<i>/..."): "config" (module, arguments, forward keywords, repr), the input
  "x", PyTorch's output "y" and the module's parameters "param/<name>".
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "conv_family.npz"

W = "w"  # a tensor argument: its shape follows
# (function, {tensor name: shape or an array}, other positional args, keywords, dtype)
FUNCTIONS = [
    ("conv_transpose2d", {"x": (2, 3, 4, 5), "weight": (3, 2, 3, 3), "bias": (2,)}, [], {},
     "float64"),
    ("conv_transpose2d", {"x": (2, 3, 4, 5), "weight": (3, 2, 3, 2), "bias": (2,)}, [],
     {"stride": 2, "padding": 1, "output_padding": 1}, "float64"),
    ("conv_transpose2d", {"x": (2, 4, 3, 4), "weight": (4, 2, 3, 3), "bias": (4,)}, [],
     {"stride": (2, 3), "padding": (1, 2), "output_padding": (1, 0), "groups": 2,
      "dilation": (1, 2)}, "float64"),
    ("conv_transpose2d", {"x": (2, 4, 4, 5), "weight": (4, 1, 3, 3)}, [],
     {"padding": 2, "output_padding": 1, "groups": 2, "dilation": 2}, "float64"),
    ("conv_transpose2d", {"x": (3, 4, 5), "weight": (3, 2, 2, 2)}, [],
     {"stride": 3, "output_padding": 2}, "float64"),
    ("conv_transpose2d", {"x": (2, 8, 7, 7), "weight": (8, 4, 4, 4), "bias": (4,)}, [],
     {"stride": 2, "padding": 1}, "float32"),
    ("conv_transpose2d", {"x": (0, 3, 4, 5), "weight": (3, 2, 3, 3), "bias": (2,)}, [], {},
     "float64"),
    ("conv_transpose1d", {"x": (2, 3, 7), "weight": (3, 2, 3), "bias": (2,)}, [],
     {"stride": 2, "padding": 1, "output_padding": 1}, "float64"),
    ("conv_transpose1d", {"x": (3, 7), "weight": (3, 1, 4)}, [],
     {"stride": 2, "padding": 1, "output_padding": 2, "dilation": 3, "groups": 1}, "float64"),
    ("conv1d", {"x": (2, 3, 9), "weight": (4, 3, 3), "bias": (4,)}, [],
     {"stride": 2, "padding": 1, "dilation": 2}, "float64"),
    ("conv1d", {"x": (2, 4, 9), "weight": (4, 2, 4)}, [],
     {"padding": "same", "groups": 2}, "float64"),
    ("conv1d", {"x": (3, 9), "weight": (2, 3, 3), "bias": (2,)}, [], {"padding": "valid"},
     "float64"),
    ("conv1d", {"x": (4, 8, 50), "weight": (16, 8, 5), "bias": (16,)}, [], {"padding": 2},
     "float32"),
    ("max_pool1d", {"x": (2, 3, 9)}, [3], {"stride": 2, "padding": 1}, "float64"),
    ("max_pool1d", {"x": (3, 8)}, [2], {"return_indices": True}, "float64"),
    ("max_pool1d", {"x": (2, 3, 11)}, [3], {"stride": 2, "padding": 1, "dilation": 2,
     "return_indices": True}, "float64"),
    ("max_pool2d", {"x": (2, 2, 9, 10)}, [(3, 2)], {"stride": 1, "padding": 1,
     "dilation": (2, 3)}, "float64"),
    ("max_pool2d_with_indices", {"x": (1, 2, 9, 9)}, [3], {"stride": 2, "dilation": 2},
     "float32"),
    ("avg_pool1d", {"x": (2, 3, 9)}, [3], {"stride": 2, "padding": 1}, "float64"),
    ("avg_pool1d", {"x": (2, 3, 8)}, [3], {"stride": 2, "padding": 1, "ceil_mode": True,
     "count_include_pad": False}, "float64"),
    ("avg_pool2d", {"x": (2, 2, 7, 6)}, [3], {"stride": 2, "padding": 1, "ceil_mode": True},
     "float64"),
    ("avg_pool2d", {"x": (2, 2, 7, 6)}, [(3, 2)], {"stride": (2, 1), "padding": 1,
     "count_include_pad": False}, "float32"),
    ("avg_pool2d", {"x": (2, 5, 6)}, [2], {"stride": 1, "padding": 1,
     "divisor_override": 3}, "float64"),
    ("max_pool2d", {"x": (2, 2, 7, 6)}, [3], {"stride": 2, "padding": 1, "ceil_mode": True,
     "return_indices": True}, "float64"),
    ("max_pool1d", {"x": (2, 3, 10)}, [4], {"stride": 3, "ceil_mode": True}, "float64"),
    ("avg_pool1d", {"x": (3, 8)}, [4], {}, "float32"),
    ("max_pool2d", {"x": (2, 3, 6, 7)}, [2], {"return_indices": True}, "float64"),
    ("max_pool2d_with_indices", {"x": (2, 3, 6, 7)}, [(3, 2)],
     {"stride": (1, 2), "padding": 1}, "float64"),
    ("max_pool2d_with_indices", {"x": "ties"}, [2], {"stride": 1}, "float64"),
    ("max_pool2d_with_indices", {"x": "nan_inf"}, [3], {"stride": 2, "padding": 1}, "float64"),
    ("max_unpool2d", {"x": (2, 3, 3, 3), "indices": "pool:2:2:0:6,7"}, [2],
     {"output_size": (6, 7)}, "float64"),
    ("max_unpool2d", {"x": (1, 2, 4, 4), "indices": "pool:3:2:1:8,8"}, [3, 2, 1],
     {"output_size": [1, 2, 8, 8]},
     "float64"),
    ("max_unpool1d", {"x": (2, 3, 4), "indices": "pool1:2:2:0:9"}, [2],
     {"output_size": (9,)}, "float64"),
    ("unfold", {"x": (2, 3, 6, 7)}, [2], {}, "float64"),
    ("unfold", {"x": (3, 6, 7)}, [(3, 2)],
     {"dilation": (1, 2), "padding": (1, 0), "stride": (2, 1)}, "float64"),
    ("unfold", {"x": (2, 2, 5, 5)}, [1], {}, "float64"),
    ("fold", {"x": (2, 12, 30)}, [(6, 7), 2], {}, "float64"),
    ("fold", {"x": (12, 15)}, [(6, 7), (3, 2)],
     {"dilation": (1, 2), "padding": (1, 0), "stride": (2, 1)}, "float64"),
    ("fold", {"x": (2, 8, 9)}, [(6, 6), 2], {"stride": 2}, "float32"),
    ("pixel_shuffle", {"x": (2, 8, 3, 4)}, [2], {}, "float64"),
    ("pixel_shuffle", {"x": (2, 1, 9, 2, 3)}, [3], {}, "float64"),
    ("pixel_unshuffle", {"x": (2, 2, 4, 6)}, [2], {}, "float64"),
    ("pixel_unshuffle", {"x": (3, 6, 3)}, [3], {}, "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [], {"scale_factor": 2}, "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [], {"size": (3, 11)}, "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [], {"scale_factor": 1.7}, "float32"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [], {"scale_factor": (1.3, 0.6)}, "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [],
     {"scale_factor": 1.7, "recompute_scale_factor": True}, "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [], {"scale_factor": 2.3, "mode": "nearest-exact"},
     "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [], {"size": (8, 4), "mode": "bilinear"}, "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [],
     {"size": (8, 4), "mode": "bilinear", "align_corners": True}, "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [], {"scale_factor": 1.7, "mode": "bilinear"},
     "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [],
     {"scale_factor": (0.5, 3.0), "mode": "bilinear", "align_corners": True}, "float32"),
    ("interpolate", {"x": (2, 3, 8, 8)}, [], {"scale_factor": 2, "mode": "bilinear"},
     "float32"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [], {"size": (8, 4), "mode": "bicubic"}, "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [],
     {"scale_factor": 1.7, "mode": "bicubic", "align_corners": True}, "float64"),
    ("interpolate", {"x": (1, 2, 6, 6)}, [], {"scale_factor": 2, "mode": "bicubic"}, "float32"),
    ("interpolate", {"x": (1, 2, 3, 5)}, [], {"scale_factor": (1.3, 1.0), "mode": "bicubic"},
     "float64"),
    ("interpolate", {"x": (2, 3, 7)}, [], {"size": 12, "mode": "linear"}, "float64"),
    ("interpolate", {"x": (2, 3, 7)}, [], {"scale_factor": 1.5}, "float64"),
    ("interpolate", {"x": (2, 3, 7)}, [], {"scale_factor": 1.3}, "float64"),
    ("interpolate", {"x": (1, 2, 3, 4, 5)}, [], {"size": (4, 5, 3), "mode": "trilinear"},
     "float64"),
    ("interpolate", {"x": (1, 2, 3, 4, 5)}, [], {"scale_factor": (1.3, 2.9, 0.6)}, "float64"),
    ("interpolate", {"x": (2, 3, 5, 7)}, [], {"size": (3, 4), "mode": "area"}, "float64"),
    ("interpolate", {"x": "nan_inf"}, [], {"size": (5, 9), "mode": "bilinear"}, "float64"),
    ("interpolate", {"x": (0, 3, 5, 7)}, [], {"size": (3, 4), "mode": "bilinear"}, "float64"),
    ("interpolate", {"x": "uint8"}, [], {"scale_factor": 1.5}, "uint8"),
]  # fmt: skip

# (seed, default dtype, module, positional arguments, keywords)
INITS = [
    (0, "float32", "ConvTranspose2d", [3, 4, 3], {}),
    (1, "float32", "ConvTranspose2d", [4, 6, (3, 2)], {"groups": 2, "stride": 2}),
    (2, "float64", "ConvTranspose2d", [2, 3, 2], {"bias": False}),
    (3, "float32", "ConvTranspose1d", [3, 4, 5], {}),
    (4, "float32", "Conv1d", [3, 4, 5], {}),
    (5, "float64", "Conv1d", [4, 6, 3], {"groups": 2, "padding": "same"}),
    (6, "float32", "Conv1d", [2, 3, 3], {"bias": False}),
    (7, "float32", "LazyLinear", [3], {"_input": (2, 5)}),
    (8, "float64", "LazyLinear", [4], {"bias": False, "_input": (3, 2, 6)}),
]

# (seed, module, positional arguments, keywords, input shape, forward keywords)
MODULES = [
    (10, "ConvTranspose2d", [3, 2, 3], {"stride": 2, "padding": 1}, (2, 3, 4, 5),
     {"output_size": (8, 10)}),
    (11, "ConvTranspose1d", [3, 2, 3], {"stride": 2}, (2, 3, 5), {"output_size": [2, 2, 12]}),
    (12, "Conv1d", [3, 4, 3], {"padding": 1}, (2, 3, 8), {}),
    (13, "Upsample", [], {"scale_factor": 2, "mode": "nearest"}, (1, 2, 3, 4), {}),
    (14, "Upsample", [], {"size": (5, 7), "mode": "bilinear"}, (1, 2, 3, 4), {}),
    (15, "UpsamplingNearest2d", [], {"scale_factor": 3}, (1, 2, 3, 4), {}),
    (16, "UpsamplingBilinear2d", [], {"size": (5, 7)}, (1, 2, 3, 4), {}),
    (17, "PixelShuffle", [2], {}, (1, 8, 2, 3), {}),
    (18, "PixelUnshuffle", [2], {}, (1, 2, 4, 6), {}),
    (19, "Unfold", [(2, 3)], {"padding": 1}, (2, 2, 4, 5), {}),
    (20, "Fold", [(4, 5), 2], {}, (2, 8, 12), {}),
    (21, "MaxPool1d", [3], {"stride": 2}, (2, 3, 9), {}),
    (22, "AvgPool1d", [3], {"stride": 1, "padding": 1}, (2, 3, 9), {}),
]  # fmt: skip


def _tensor(spec, rng, dtype):
    if isinstance(spec, tuple):
        return torch.tensor(rng.standard_normal(spec)).to(getattr(torch, dtype))
    if spec == "ties":  # windows with equal maxima (PyTorch's index: the first)
        a = rng.integers(0, 3, (2, 2, 5, 5)).astype(np.float64)
        return torch.tensor(a)
    if spec == "nan_inf":
        a = rng.standard_normal((1, 2, 4, 5))
        a[0, 0, 0, 1] = a[0, 0, 0, 2] = np.nan
        a[0, 0, 2, 3] = np.inf
        a[0, 1, 1:3, :] = -np.inf
        return torch.tensor(a)
    if spec == "uint8":
        return torch.tensor(rng.integers(0, 255, (1, 2, 3, 4)).astype(np.uint8))
    raise ValueError(spec)


def _indices(spec: str, x: torch.Tensor, rng) -> torch.Tensor:
    """Indices from max pooling an image of the given size (so unpooling inverts it)."""
    kind, k, s, p, size = spec.split(":")
    size = tuple(int(n) for n in size.split(","))
    lead = tuple(x.shape[:-2]) if kind == "pool" else tuple(x.shape[:-1])
    src = torch.tensor(rng.standard_normal(lead + size))
    if kind == "pool":
        _, idx = F.max_pool2d(src, int(k), int(s), int(p), return_indices=True)
    else:
        _, idx = F.max_pool1d(src, int(k), int(s), int(p), return_indices=True)
    assert idx.shape == x.shape, (idx.shape, x.shape)
    return idx


def record_function(i, spec, rng, arrays):
    fn, tensors, args, kwargs, dtype = spec
    key = f"f{i}"
    made = {}
    for name, shape in tensors.items():
        if name == "indices":
            made[name] = _indices(shape, made["x"], rng)
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
    if not floating or not out.requires_grad:
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


def record_init(i, spec, arrays):
    seed, dtype, cls, args, kwargs = spec
    torch.set_default_dtype(getattr(torch, dtype))
    try:
        torch.manual_seed(seed)
        lazy = kwargs.pop("_input", None)
        m = getattr(torch.nn, cls)(*args, **kwargs)
        if lazy is not None:  # a lazy layer draws at its first forward
            m(torch.ones(lazy))
        config = {"seed": seed, "dtype": dtype, "cls": cls, "args": args, "kwargs": kwargs}
        if lazy is not None:
            config["input"] = lazy
        arrays[f"i{i}/config"] = np.array(json.dumps(config))
        for name, p in m.named_parameters():
            arrays[f"i{i}/param/{name}"] = p.detach().numpy()
        arrays[f"i{i}/rand"] = torch.rand(3).numpy()
    finally:
        torch.set_default_dtype(torch.float32)


def record_module(i, spec, rng, arrays):
    seed, cls, args, kwargs, shape, fkw = spec
    torch.manual_seed(seed)
    m = getattr(torch.nn, cls)(*args, **kwargs)
    x = torch.tensor(rng.standard_normal(shape).astype(np.float32))
    y = m(x, **fkw)
    config = {"seed": seed, "cls": cls, "args": args, "kwargs": kwargs, "forward": fkw,
              "repr": repr(m)}  # fmt: skip
    arrays[f"m{i}/config"] = np.array(json.dumps(config))
    arrays[f"m{i}/x"] = x.numpy()
    arrays[f"m{i}/y"] = y.detach().numpy()
    for name, p in m.named_parameters():
        arrays[f"m{i}/param/{name}"] = p.detach().numpy()


def main() -> None:
    rng = np.random.default_rng(2026)
    arrays: dict[str, np.ndarray] = {}
    for i, spec in enumerate(FUNCTIONS):
        record_function(i, spec, rng, arrays)
    for i, spec in enumerate(INITS):
        record_init(i, spec, arrays)
    for i, spec in enumerate(MODULES):
        record_module(i, spec, rng, arrays)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({len(FUNCTIONS)} functions, {len(INITS)} initialisations, "
          f"{len(MODULES)} modules; torch {torch.__version__})")  # fmt: skip


if __name__ == "__main__":
    main()
