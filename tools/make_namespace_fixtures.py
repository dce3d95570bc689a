"""Record PyTorch's answers for the torch-style namespace (tests/test_torch_namespace.py).

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_namespace_fixtures.py

It writes tests/data/namespace.npz: the values of `arange`, `linspace` and `logspace` for
a set of ranges, adaptive pooling's outputs and input gradients, and one entry
`__answers__` holding a JSON text of everything else (dtype inference of `torch.tensor`,
`promote_types`, `result_type`, `can_cast`, `finfo`/`iinfo`, reprs, type names).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "namespace.npz"
arrays: dict[str, np.ndarray] = {}
answers: dict = {}

DTYPES = {
    "bool": torch.bool,
    "uint8": torch.uint8,
    "int8": torch.int8,
    "int16": torch.int16,
    "int32": torch.int32,
    "int64": torch.int64,
    "float16": torch.float16,
    "float32": torch.float32,
    "float64": torch.float64,
    "complex64": torch.complex64,
    "complex128": torch.complex128,
}
NAME = {v: k for k, v in DTYPES.items()} | {torch.complex32: "complex32"}

# ------------------------------------------------------------------ ranges
RANGES = [
    (0, 10, 1),
    (0, 1, 0.1),
    (0, 10, 0.3),
    (-3.2, 5.1, 0.07),
    (0.1, 100.3, 0.37),
    (5, -5, -0.7),
    (1, 2.5, 0.5),
    (0, 400, 0.123),
    (-1e3, 1e3, 0.999),
]
answers["arange"] = []
for i, (a, b, s) in enumerate(RANGES):
    for dt in ("float32", "float64"):
        arrays[f"arange_{i}_{dt}"] = torch.arange(a, b, s, dtype=DTYPES[dt]).numpy()
    answers["arange"].append([a, b, s])
answers["arange_int"] = []
for a, b, s in [(0, 10, 3), (-5, 5, 2), (5, -5, -3), (0, 5.5, 1.5), (7, 7, 1)]:
    t = torch.arange(a, b, s)
    answers["arange_int"].append([[a, b, s], NAME[t.dtype], t.tolist()])

LINSPACES = [
    (0, 1, 7),
    (-3.2, 5.1, 119),
    (0.1, 100.3, 271),
    (5, -5, 15),
    (-np.pi, np.pi, 2000),
    (1e-3, 1.0, 999),
    (0, 10, 33),
    (2.5, 2.5, 4),
    (0, 1, 1),
    (0, 1, 0),
]
answers["linspace"] = []
for i, (a, b, n) in enumerate(LINSPACES):
    for dt in ("float32", "float64", "int64", "int32"):
        arrays[f"linspace_{i}_{dt}"] = torch.linspace(a, b, n, dtype=DTYPES[dt]).numpy()
    answers["linspace"].append([a, b, n])
answers["logspace"] = []
for i, (a, b, n, base) in enumerate(
    [(0, 2, 3, 10.0), (-1, 1, 5, 10.0), (-3.2, 5.1, 119, 2.0), (0.5, 3.3, 40, 3.5), (1, 1, 1, 10.0)]
):
    for dt in ("float32", "float64"):
        t = torch.logspace(a, b, n, base=base, dtype=DTYPES[dt])
        arrays[f"logspace_{i}_{dt}"] = t.numpy()
    answers["logspace"].append([a, b, n, base])

# ------------------------------------------------------------------ adaptive pooling
rng = np.random.default_rng(0)
answers["adaptive"] = []
CASES = [
    ("avg2d", (2, 3, 7, 5), (3, 2)),
    ("avg2d", (2, 3, 4, 4), 1),
    ("avg2d", (1, 2, 6, 9), (4, 4)),
    ("avg2d", (1, 2, 2, 3), (5, 4)),
    ("avg2d", (3, 5, 5), (2, None)),
    ("max2d", (2, 3, 7, 5), (3, 2)),
    ("max2d", (1, 2, 6, 9), (4, 4)),
    ("max2d", (1, 2, 2, 3), (5, 4)),
    ("avg1d", (2, 3, 10), 4),
    ("max1d", (2, 3, 10), 4),
]
for i, (kind, shape, size) in enumerate(CASES):
    for dt in ("float32", "float64"):
        x0 = rng.standard_normal(shape).astype(dt)
        g0 = rng.standard_normal(shape).astype(dt)  # only its output-shaped part is used
        x = torch.tensor(x0, requires_grad=True)
        fn = {
            "avg2d": F.adaptive_avg_pool2d,
            "max2d": F.adaptive_max_pool2d,
            "avg1d": F.adaptive_avg_pool1d,
            "max1d": F.adaptive_max_pool1d,
        }[kind]
        y = fn(x, size)
        g = torch.tensor(rng.standard_normal(tuple(y.shape)).astype(dt))
        y.backward(g)
        arrays[f"adaptive_{i}_{dt}_x"] = x0
        arrays[f"adaptive_{i}_{dt}_g"] = g.numpy()
        arrays[f"adaptive_{i}_{dt}_y"] = y.detach().numpy()
        arrays[f"adaptive_{i}_{dt}_dx"] = x.grad.numpy()
        if kind.startswith("max"):
            idx = fn(x, size, return_indices=True)[1]
            arrays[f"adaptive_{i}_{dt}_idx"] = idx.numpy()
    answers["adaptive"].append([kind, list(shape), size])
answers["adaptive_repr"] = [
    repr(torch.nn.AdaptiveAvgPool2d(1)),
    repr(torch.nn.AdaptiveAvgPool2d((2, 3))),
    repr(torch.nn.AdaptiveMaxPool2d((None, 4))),
    repr(torch.nn.AdaptiveAvgPool1d(5)),
]

# ------------------------------------------------------------------ dtypes
names = list(DTYPES)
answers["promote_types"] = {
    f"{a} {b}": NAME[torch.promote_types(DTYPES[a], DTYPES[b])] for a in names for b in names
}
answers["can_cast"] = {
    f"{a} {b}": torch.can_cast(DTYPES[a], DTYPES[b]) for a in names for b in names
}


def operand(spec):
    kind, val = spec
    if kind == "py":
        return val if not isinstance(val, list) else complex(*val)
    dt, nd = kind.split(":")
    return torch.ones((2,) * int(nd), dtype=DTYPES[dt])


RESULT_CASES = []
for a in ("bool:1", "uint8:1", "int32:1", "int64:1", "float16:1", "float32:1", "float64:1"):
    for b in (
        ["py", True],
        ["py", 2],
        ["py", 2.5],
        ["py", [1, 2]],
        ["bool:0", None],
        ["uint8:0", None],
        ["int64:0", None],
        ["float64:0", None],
        ["complex128:0", None],
        ["int8:1", None],
        ["float32:1", None],
    ):
        RESULT_CASES.append([[a, None], b])
RESULT_CASES += [[["py", 1], ["py", 2.0]], [["py", True], ["py", 2]], [["py", 1.0], ["py", [0, 1]]]]
answers["result_type"] = [
    [a, b, NAME[torch.result_type(operand(a), operand(b))]] for a, b in RESULT_CASES
]

DATA_CASES = {
    "[1, 2]": [1, 2],
    "[1.0, 2]": [1.0, 2],
    "[True, False]": [True, False],
    "[True, 2]": [True, 2],
    "3": 3,
    "3.5": 3.5,
    "True": True,
    "(1+2j)": 1 + 2j,
    "[1, 2j]": [1, 2j],
    "[]": [],
    "[[]]": [[]],
    "[[1, 2], [3, 4]]": [[1, 2], [3, 4]],
    "range(3)": range(3),
    "np.float64(1.5)": np.float64(1.5),
    "np.float32(1.5)": np.float32(1.5),
    "[np.float64(1.0), 2.0]": [np.float64(1.0), 2.0],
    "[np.float32(1.0), 2]": [np.float32(1.0), 2],
    "[1, np.int32(2)]": [1, np.int32(2)],
    "np.array([1, 2], dtype=np.int32)": np.array([1, 2], dtype=np.int32),
    "np.array(1.5)": np.array(1.5),
    "[torch.tensor(1.0), torch.tensor(2.0)]": [torch.tensor(1.0), torch.tensor(2.0)],
    "[torch.tensor(1.0, dtype=float64), 2.5]": [torch.tensor(1.0, dtype=torch.float64), 2.5],
}


def plain(x):
    """x (from tolist()) with complex numbers as [re, im], for JSON."""
    if isinstance(x, complex):
        return [x.real, x.imag]
    return [plain(v) for v in x] if isinstance(x, list) else x


answers["tensor_dtype"] = {}
for key, data in DATA_CASES.items():
    t = torch.tensor(data)
    answers["tensor_dtype"][key] = [NAME[t.dtype], list(t.shape), plain(t.tolist())]
torch.set_default_dtype(torch.float64)
answers["tensor_dtype_f64"] = {k: NAME[torch.tensor(DATA_CASES[k]).dtype] for k in DATA_CASES}
torch.set_default_dtype(torch.float32)

answers["finfo"] = {
    dt: {
        k: getattr(torch.finfo(DTYPES[dt]), k)
        for k in ("bits", "eps", "max", "min", "tiny", "smallest_normal", "resolution", "dtype")
    }
    | {"repr": repr(torch.finfo(DTYPES[dt]))}
    for dt in ("float16", "float32", "float64", "complex64")
}
answers["iinfo"] = {
    dt: {k: getattr(torch.iinfo(DTYPES[dt]), k) for k in ("bits", "min", "max", "dtype")}
    | {"repr": repr(torch.iinfo(DTYPES[dt]))}
    for dt in ("uint8", "int8", "int16", "int32", "int64")
}
answers["type_names"] = {dt: torch.zeros(1, dtype=DTYPES[dt]).type() for dt in names}
answers["element_size"] = {dt: torch.zeros(1, dtype=DTYPES[dt]).element_size() for dt in names}

# ------------------------------------------------------------------ creation dtypes
answers["factory_dtype"] = {
    "full(2, 3)": NAME[torch.full((2,), 3).dtype],
    "full(2, 3.0)": NAME[torch.full((2,), 3.0).dtype],
    "full(2, True)": NAME[torch.full((2,), True).dtype],
    "arange(5)": NAME[torch.arange(5).dtype],
    "arange(5.0)": NAME[torch.arange(5.0).dtype],
    "zeros(2)": NAME[torch.zeros(2).dtype],
    "eye(2)": NAME[torch.eye(2).dtype],
    "empty(2)": NAME[torch.empty(2).dtype],
    "linspace(0, 1, 3)": NAME[torch.linspace(0, 1, 3).dtype],
    "full_like(long, 2.7)": torch.full_like(torch.zeros(3, dtype=torch.long), 2.7).tolist(),
    "new_full(float, (2,), 3)": NAME[torch.zeros(1).new_full((2,), 3).dtype],
    "new_tensor(float, [1, 2])": NAME[torch.zeros(1).new_tensor([1, 2]).dtype],
    "zeros_like(long)": NAME[torch.zeros_like(torch.zeros(2, dtype=torch.long)).dtype],
}

# ------------------------------------------------------------------ devices
d = torch.device("cpu")
answers["device"] = {
    "repr": repr(d),
    "str": str(d),
    "repr cpu:0": repr(torch.device("cpu:0")),
    "str cpu:0": str(torch.device("cpu:0")),
    "repr cpu, 0": repr(torch.device("cpu", 0)),
    "type": d.type,
    "index": d.index,
    "== 'cpu'": d == "cpu",
    "cpu == cpu:0": d == torch.device("cpu:0"),
    "tensor.device": repr(torch.zeros(1).device),
    "get_device": torch.zeros(1).get_device(),
    "cuda.is_available": torch.cuda.is_available(),
    "cuda.device_count": torch.cuda.device_count(),
    "accelerator.is_available": torch.accelerator.is_available(),
    "accelerator.current_accelerator": torch.accelerator.current_accelerator(),
    "backends.mps.is_available": torch.backends.mps.is_available(),
}

np.savez_compressed(OUT, __answers__=np.array(json.dumps(answers)), **arrays)
print(f"wrote {OUT} ({len(arrays)} arrays, PyTorch {torch.__version__})")
