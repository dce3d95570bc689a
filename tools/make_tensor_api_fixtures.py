"""Record PyTorch's answers to the cases of tests/tensor_api_cases.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_tensor_api_fixtures.py

It writes tests/data/tensor_api_pytorch.npz: per case, each output ("<case>.out<k>") with
its dtype ("<case>.dtype<k>": torch's name without "torch.", or the Python type of a
number), and, for cases that record gradients, each input's gradient ("<case>.grad<i>")
of the sum of every floating output times a fixed random array; a case that raises
records the exception's type ("<case>.error").
"""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
OUT = ROOT / "tests" / "data" / "tensor_api_pytorch.npz"

import tensor_api_cases as cases  # noqa: E402


def leaves(out) -> list:
    """The outputs of a case, nested tuples and lists flattened."""
    if isinstance(out, (tuple, list)) and not (
        isinstance(out, list) and out and not isinstance(out[0], torch.Tensor)
    ):
        return [x for o in out for x in leaves(o)]
    return [out]


def as_record(x) -> tuple[np.ndarray, str]:
    if isinstance(x, torch.Tensor):
        return x.detach().numpy().copy(), str(x.dtype).replace("torch.", "")
    return np.asarray(x), type(x).__name__


def run(case) -> dict:
    arrays = [cases.array(spec, case.name, i) for i, spec in enumerate(case.inputs)]
    xs = [torch.tensor(a, requires_grad=case.needs_grad and a.dtype.kind == "f") for a in arrays]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = case.fn(torch, *xs)
    got = {}
    parts = leaves(out)
    for k, part in enumerate(parts):
        got[f"{case.name}.out{k}"], got[f"{case.name}.dtype{k}"] = as_record(part)
    if case.grad:
        loss = 0
        for k, part in enumerate(parts):
            if isinstance(part, torch.Tensor) and part.requires_grad:
                g = torch.tensor(cases.upstream(case.name, k, tuple(part.shape)), dtype=part.dtype)
                loss = loss + (part * g).sum()
        if isinstance(loss, torch.Tensor):
            loss.backward()
        for i, x in enumerate(xs):
            if x.requires_grad:
                grad = x.grad if x.grad is not None else torch.zeros_like(x)
                got[f"{case.name}.grad{i}"] = grad.numpy().copy()
    return got


def main() -> None:
    torch.set_default_dtype(torch.float32)
    torch.set_num_threads(1)
    record: dict[str, np.ndarray] = {}
    for case in cases.CASES:
        try:
            record.update(run(case))
        except Exception as e:  # noqa: BLE001 - the error is what is recorded
            record[f"{case.name}.error"] = np.asarray(type(e).__name__)
    record["torch_version"] = np.asarray(torch.__version__.split("+")[0])
    np.savez_compressed(OUT, **{k: np.asarray(v) for k, v in record.items()})
    print(f"wrote {OUT} ({len(cases.CASES)} cases, {len(record)} arrays)")


if __name__ == "__main__":
    main()
