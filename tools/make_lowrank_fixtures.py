"""Record PyTorch's svd_lowrank and pca_lowrank outputs for tests/lowrank_cases.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_lowrank_fixtures.py

It writes tests/data/lowrank_pytorch.npz: each call's U, S and V ("<call>.U", ...).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "tests" / "data" / "lowrank_pytorch.npz"

import lowrank_cases  # noqa: E402


def main() -> None:
    torch.set_num_threads(1)
    record = lowrank_cases.draws(torch)
    record["torch_version"] = np.asarray(torch.__version__.split("+")[0])
    np.savez_compressed(OUT, **record)
    print(f"wrote {OUT} ({len(record)} arrays)")


if __name__ == "__main__":
    main()
