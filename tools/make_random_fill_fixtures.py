"""Record PyTorch's numbers for the random fills of tests/random_fill_cases.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_random_fill_fixtures.py

It writes tests/data/random_fills_pytorch.npz: each fill's values, and for each refused call
of ERRORS its exception type and message (checked there against the literal).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "tests" / "data" / "random_fills_pytorch.npz"

import random_fill_cases  # noqa: E402


def main() -> None:
    record = dict(random_fill_cases.draws(torch))
    for i, (call, kind, message) in enumerate(random_fill_cases.ERRORS):
        try:
            call(torch)
        except Exception as e:  # noqa: BLE001 - the error is what is recorded
            assert (type(e).__name__, str(e).split("\n")[0]) == (kind, message), e
            record[f"error{i}"] = np.asarray(type(e).__name__)
    record["torch_version"] = np.asarray(torch.__version__.split("+")[0])
    np.savez_compressed(OUT, **record)
    print(f"wrote {OUT} ({len(record)} arrays)")


if __name__ == "__main__":
    main()
