"""Record PyTorch's answers to the cases of tests/linalg_cases.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_linalg_fixtures.py

It writes tests/data/linalg_pytorch.npz in the form of tools/make_tensor_api_fixtures.py:
per case each output ("<case>.out<k>") with its dtype ("<case>.dtype<k>"), each input's
gradient ("<case>.grad<i>", of the sum of every floating output times a fixed random
array) for cases that record gradients, and the exception's type for a case that raises
("<case>.error").
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "tools"))
OUT = ROOT / "tests" / "data" / "linalg_pytorch.npz"

import linalg_cases as cases  # noqa: E402
import make_tensor_api_fixtures as recorder  # noqa: E402

recorder.cases = cases  # its `run` reads the inputs and upstream gradients from `cases`


def main() -> None:
    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    record: dict[str, np.ndarray] = {}
    for case in cases.CASES:
        try:
            record.update(recorder.run(case))
        except Exception as e:  # noqa: BLE001 - the error is what is recorded
            record[f"{case.name}.error"] = np.asarray(type(e).__name__)
    record["torch_version"] = np.asarray(torch.__version__.split("+")[0])
    np.savez_compressed(OUT, **{k: np.asarray(v) for k, v in record.items()})
    print(f"wrote {OUT} ({len(cases.CASES)} cases)")


if __name__ == "__main__":
    main()
