"""Record PyTorch's answers to the cases of tests/views_cases.py (unfold, sum_to_size, H/mH,
fill_diagonal_, the in-place view forms, vmap) and tests/cond_cases.py (linalg.cond).

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_views_fixtures.py

It writes tests/data/views_pytorch.npz and tests/data/cond_pytorch.npz as
tools/make_tensor_api_fixtures.py records its cases (each output and its dtype, the inputs'
gradients), and, for a case that raises, the exception's type ("<case>.error") and the first
line of its message ("<case>.message").
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))
DATA = ROOT / "tests" / "data"

import cond_cases  # noqa: E402
import views_cases  # noqa: E402
from make_tensor_api_fixtures import run  # noqa: E402


def main() -> None:
    for module, name in ((views_cases, "views"), (cond_cases, "cond")):
        out = DATA / f"{name}_pytorch.npz"
        torch.set_default_dtype(torch.float32)
        torch.set_num_threads(1)
        record: dict[str, np.ndarray] = {}
        for case in module.CASES:
            try:
                record.update(run(case))
            except Exception as e:  # noqa: BLE001 - the error is what is recorded
                record[f"{case.name}.error"] = np.asarray(type(e).__name__)
                record[f"{case.name}.message"] = np.asarray(str(e).split("\n")[0])
        record["torch_version"] = np.asarray(torch.__version__.split("+")[0])
        np.savez_compressed(out, **{k: np.asarray(v) for k, v in record.items()})
        print(f"wrote {out} ({len(module.CASES)} cases, {len(record)} arrays)")


if __name__ == "__main__":
    main()
