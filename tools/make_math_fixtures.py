"""Record PyTorch's answers to the cases of tests/math_cases.py, and its special functions
over wide ranges.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_math_fixtures.py

It writes tests/data/math_ops_pytorch.npz: per case, as tools/make_tensor_api_fixtures.py
records them (each output and its dtype, the inputs' gradients, or the exception's type);
and, for each special function of `math_cases.SPECIAL`, PyTorch's values at the points of
`math_cases.special_grid` in float64 ("special.<name>.float64") and, from the points
rounded to float32, in float32 ("special.<name>.float32").
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))
OUT = ROOT / "tests" / "data" / "math_ops_pytorch.npz"

import math_cases  # noqa: E402
from make_tensor_api_fixtures import run  # noqa: E402

SPECIAL = {
    "erf": torch.erf,
    "erfc": torch.erfc,
    "erfinv": torch.erfinv,
    "lgamma": torch.lgamma,
    "digamma": torch.digamma,
    "trigamma": lambda x: torch.polygamma(1, x),
    "polygamma2": lambda x: torch.polygamma(2, x),
}


def main() -> None:
    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    record: dict[str, np.ndarray] = {}
    for case in math_cases.CASES:
        try:
            record.update(run(case))
        except Exception as e:  # noqa: BLE001 - the error is what is recorded
            record[f"{case.name}.error"] = np.asarray(type(e).__name__)
    for name in math_cases.SPECIAL:
        x = math_cases.special_grid(name)
        fn = SPECIAL[name]
        record[f"special.{name}.float64"] = fn(torch.tensor(x)).numpy()
        with np.errstate(over="ignore"):
            record[f"special.{name}.float32"] = fn(torch.tensor(x.astype(np.float32))).numpy()
    record["torch_version"] = np.asarray(torch.__version__.split("+")[0])
    np.savez_compressed(OUT, **{k: np.asarray(v) for k, v in record.items()})
    print(f"wrote {OUT} ({len(math_cases.CASES)} cases, {len(record)} arrays)")


if __name__ == "__main__":
    main()
