"""Record PyTorch's answers to the cases of tests/order_cases.py (order statistics,
counting and index functions).

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_order_fixtures.py

It writes tests/data/order_pytorch.npz in the format of tools/make_tensor_api_fixtures.py
(whose `run` records each case): per case its outputs and their dtypes, the inputs'
gradients, or the type of the exception it raised.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "tests" / "data" / "order_pytorch.npz"

import order_cases  # noqa: E402

from tools.make_tensor_api_fixtures import run  # noqa: E402


def main() -> None:
    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    record: dict[str, np.ndarray] = {}
    for case in order_cases.CASES:
        try:
            record.update(run(case))
        except Exception as e:  # noqa: BLE001 - the error is what is recorded
            record[f"{case.name}.error"] = np.asarray(type(e).__name__)
            print(f"{case.name}: {type(e).__name__}: {e}")
    record["torch_version"] = np.asarray(torch.__version__.split("+")[0])
    np.savez_compressed(OUT, **{k: np.asarray(v) for k, v in record.items()})
    print(f"wrote {OUT} ({len(order_cases.CASES)} cases, {len(record)} arrays)")


if __name__ == "__main__":
    main()
