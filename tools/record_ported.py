"""Record what PyTorch prints for the programs under tests/ported, as literals in their tests.

Run with a Python that has torch (never graphgrad's venv):

    /work/torchenv/bin/python tools/record_ported.py [NAME ...]

For each tests/ported/test_<name>.py (all of them, or those named) it reads the test's
literal ``PROGRAM``, ``ARGV``, ``RECORD`` and ``SEED`` (optional: the seed of the default
generator and of Python's `random`, set first, for a program that does not seed itself),
runs tests/ported/programs/<PROGRAM>.py with its imports mapped back to PyTorch's
(``harness.to_pytorch``: nothing else changes) in the same scratch directory the test
uses, and rewrites the block between the markers in the test with what PyTorch printed
(``PYTORCH_STDOUT``) and the recorded values (``PYTORCH``, summarised by
``harness.summarize``). A test's ``PYTORCH_ENV`` (optional) holds environment variables
set for PyTorch's run (``TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD`` for a program written for
PyTorch's `torch.load` before 2.6). Packages a program imports besides torch
(matplotlib) are found in graphgrad's venv when PyTorch's Python lacks them. The tests
import nothing from here.
"""

from __future__ import annotations

import argparse
import ast
import os
import pprint
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORTED = ROOT / "tests" / "ported"
sys.path.insert(0, str(PORTED))
# Packages a program uses besides torch (matplotlib) that PyTorch's Python may lack come
# from graphgrad's venv, looked in last (torch's numpy stays the one imported).
sys.path.extend(str(p) for p in sorted((ROOT / ".venv" / "lib").glob("python3*/site-packages")))

import harness  # noqa: E402

BEGIN = "# --- PyTorch's output, recorded by tools/record_ported.py"
END = "# --- end of PyTorch's output ---"


_LITERALS = ("PROGRAM", "ARGV", "RECORD", "SEED", "PYTORCH_ENV")


def literals(test: Path) -> dict:
    """The test's module-level literal assignments (PROGRAM, ARGV, RECORD, SEED)."""
    found = {}
    for node in ast.parse(test.read_text()).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name) and target.id in _LITERALS:
                found[target.id] = ast.literal_eval(node.value)
    return found


def record(test: Path) -> str:
    """Run the test's program under PyTorch and return the block to write into the test."""
    import torch

    spec = literals(test)
    name = spec["PROGRAM"]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.py"
        path.write_text(harness.to_pytorch((harness.PROGRAMS / f"{name}.py").read_text()))
        torch.set_default_dtype(torch.float32)
        torch.set_num_threads(1)  # its float32 sums then do not depend on the load
        if spec.get("SEED") is not None:
            torch.manual_seed(spec["SEED"])
            random.seed(spec["SEED"])
        saved = {k: os.environ.get(k) for k in spec.get("PYTORCH_ENV", {})}
        os.environ.update(spec.get("PYTORCH_ENV", {}))
        try:
            got = harness.execute(path, spec.get("ARGV", ()), spec.get("RECORD"))
        finally:
            for k, v in saved.items():
                if v is None:
                    del os.environ[k]
                else:
                    os.environ[k] = v
    if got.error is not None:
        raise RuntimeError(f"{name}: PyTorch's run failed") from got.error
    version = torch.__version__.split("+")[0]
    return "\n".join(
        [
            f"{BEGIN} (PyTorch {version}); do not edit ---",
            f'PYTORCH_STDOUT = """\\\n{_escape(got.stdout)}"""',
            f"PYTORCH = {pprint.pformat(got.values, width=92, sort_dicts=False)}",
            END,
        ]
    )


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace("\t", "\\t").replace('"""', '\\"\\"\\"')
    # trailing spaces as escapes, so that the literal survives editors and linters
    lines = [
        line.rstrip(" ") + "\\x20" * (len(line) - len(line.rstrip(" ")))
        for line in text.split("\n")
    ]
    return "\n".join(_fold(line) for line in lines)


def _fold(line: str, width: int = 90) -> str:
    """A long line cut after spaces with backslash-newlines (which the literal does not hold)."""
    parts = []
    while len(line) > width and " " in line[:width]:
        cut = line.rindex(" ", 0, width) + 1
        parts.append(line[:cut])
        line = line[cut:]
    return "\\\n".join([*parts, line])


def rewrite(test: Path, block: str) -> None:
    text = test.read_text()
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < 0:
        raise ValueError(f"{test.name}: no recorded block (markers {BEGIN!r} ... {END!r})")
    test.write_text(text[:start] + block + text[end + len(END) :])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="test names (test_<name>.py); default all")
    args = parser.parse_args()
    tests = sorted(PORTED.glob("test_*.py"))
    if args.names:
        tests = [PORTED / f"test_{n}.py" for n in args.names]
    for test in tests:
        block = record(test)
        rewrite(test, block)
        print(f"recorded {test.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
