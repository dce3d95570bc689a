"""Record PyTorch's printed text under `set_printoptions` and DistributedSampler's indices
for tests/test_printoptions.py and tests/test_distributed_sampler.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_print_sampler_fixtures.py

It writes tests/data/print_sampler.json: per print case the values (nested lists), dtype,
default dtype, the options given to `torch.set_printoptions` (after
`profile="default"`) and `repr(tensor)`; per sampler case its arguments, the epoch set and
the indices each rank's sampler yields.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import torch

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "print_sampler.json"
rng = np.random.default_rng(3)


def _f32(a):
    return np.asarray(a, dtype=np.float32).tolist()


PRINT_CASES = [
    ("fixed", _f32([1.5, 2.0]), "float32", {}),
    ("small_sci", _f32([1e-5, 3.0]), "float32", {}),
    ("summarized", _f32(np.arange(2000.0).reshape(40, 50)), "float32", {}),
    ("ints", np.arange(12).reshape(3, 4).tolist(), "int64", {}),
    ("precision2", _f32(rng.standard_normal((4, 6)) * 10), "float32", {"precision": 2}),
    ("sci_on", _f32(rng.standard_normal((3, 3))), "float32", {"sci_mode": True}),
    ("sci_off", _f32([1e-8, 1e9, 2.5]), "float32", {"sci_mode": False}),
    ("linewidth", _f32(rng.standard_normal(30)), "float32", {"linewidth": 40}),
    ("threshold", _f32(np.arange(20.0)), "float32", {"threshold": 5, "edgeitems": 2}),
    ("short", _f32(rng.standard_normal((5, 5))), "float32", {"profile": "short"}),
    ("full", np.arange(1500).tolist(), "int64", {"profile": "full"}),
    ("full_float", _f32(np.linspace(0, 1, 1200).reshape(30, 40)), "float32", {"profile": "full"}),
    ("scalar", _f32(3.14159), "float32", {"precision": 2}),
    ("nonfinite", _f32([math.nan, math.inf, -math.inf, 1.0, 0.0]), "float32", {}),
    ("nonfinite_frac", _f32([math.nan, -math.inf, 1.25]), "float32", {}),
    ("bools", [[True, False], [False, True]], "bool", {}),
    ("three_d", _f32(rng.standard_normal((2, 3, 4))), "float32", {}),
    ("three_d_summary", _f32(np.arange(240.0).reshape(6, 8, 5) / 7), "float32",
     {"threshold": 100, "edgeitems": 1, "linewidth": 60}),
    ("empty", [], "float32", {}),
    ("zeros", _f32([0.0, -0.0, 0.0]), "float32", {}),
    ("integral_floats", _f32([1.0, -20.0, 300.0]), "float32", {}),
    ("no_edges", np.arange(10).tolist(), "int64", {"threshold": 3, "edgeitems": 0}),
    ("float64_precision", (np.arange(1, 6) / 3).tolist(), "float64", {"precision": 10}),
    ("wide_sci_short", _f32([1e-3, 1.0, 1e6]), "float32", {"profile": "short"}),
]  # fmt: skip

SAMPLER_CASES = [
    dict(n=10, num_replicas=3, shuffle=True, seed=0, drop_last=False, epoch=0),
    dict(n=10, num_replicas=3, shuffle=True, seed=0, drop_last=False, epoch=1),
    dict(n=10, num_replicas=3, shuffle=True, seed=5, drop_last=True, epoch=2),
    dict(n=10, num_replicas=3, shuffle=False, seed=0, drop_last=False, epoch=0),
    dict(n=10, num_replicas=3, shuffle=False, seed=0, drop_last=True, epoch=0),
    dict(n=3, num_replicas=8, shuffle=True, seed=1, drop_last=False, epoch=0),  # pads twice
    dict(n=100, num_replicas=4, shuffle=True, seed=42, drop_last=False, epoch=7),
    dict(n=7, num_replicas=1, shuffle=True, seed=3, drop_last=False, epoch=0),
]


def main():
    prints = []
    for name, values, dtype, options in PRINT_CASES:
        default = torch.float64 if dtype == "float64" else torch.float32
        torch.set_default_dtype(default)
        t = torch.tensor(values, dtype=getattr(torch, dtype))
        torch.set_printoptions(profile="default")
        torch.set_printoptions(**options)
        text = repr(t)
        torch.set_printoptions(profile="default")
        torch.set_default_dtype(torch.float32)
        prints.append(
            dict(name=name, values=values, dtype=dtype, default_dtype=str(default)[6:],
                 options=options, text=text)
        )  # fmt: skip
        print(name, text[:60].replace("\n", " "))
    samplers = []
    for case in SAMPLER_CASES:
        ranks = []
        for rank in range(case["num_replicas"]):
            s = torch.utils.data.DistributedSampler(
                range(case["n"]),
                num_replicas=case["num_replicas"],
                rank=rank,
                shuffle=case["shuffle"],
                seed=case["seed"],
                drop_last=case["drop_last"],
            )
            s.set_epoch(case["epoch"])
            ranks.append(dict(indices=list(s), len=len(s)))
        samplers.append(dict(case, ranks=ranks))
    OUT.write_text(json.dumps(dict(pytorch=torch.__version__, prints=prints, samplers=samplers)))
    print(f"wrote {OUT} (torch {torch.__version__})")


if __name__ == "__main__":
    main()
