"""Record PyTorch's answers to the in-place programs of tests/inplace_cases.py (the
written cases and 300 random chains) in tests/data/inplace_pytorch.json.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_inplace_fixtures.py

Each program is recorded with its source, whether PyTorch refused it (a RuntimeError, and
the first line of its message) and otherwise `result`: each tensor as a nested list (None
for a gradient that is None).
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "tests" / "data" / "inplace_pytorch.json"

import inplace_cases  # noqa: E402

RANDOM = 300


def run(code: str) -> dict:
    """The program's answer: {"error": message} or {"result": [...]}."""
    env = {"A": torch, "F": F}
    try:
        exec(inplace_cases.LEAVES + code, env)
    except RuntimeError as e:
        return {"error": str(e).splitlines()[0]}
    result = env["result"]
    return {"result": [None if t is None else t.detach().tolist() for t in result]}


def shape_of(lines: list[str]) -> dict | None:
    """The shapes of the values (h*, e*) after running lines, None if they raise."""
    env = {"A": torch, "F": F}
    try:
        exec(inplace_cases.LEAVES + "\n".join(lines), env)
    except RuntimeError:
        return None
    return {k: tuple(v.shape) for k, v in env.items() if k[0] in "he" and k[1:].isdigit()}


def main() -> None:
    torch.set_num_threads(1)
    record = {}
    for name, code in inplace_cases.CASES.items():
        record[name] = {"code": code, **run(code)}
    rng = random.Random(7)
    for i in range(RANDOM):
        code = inplace_cases.random_program(rng, shape_of)
        record[f"random_{i:03d}"] = {"code": code, **run(code)}
    OUT.write_text(json.dumps(record, indent=1) + "\n")
    refused = sum("error" in r for r in record.values())
    print(f"{len(record)} programs ({refused} refused by PyTorch) -> {OUT}")


if __name__ == "__main__":
    main()
