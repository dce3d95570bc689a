"""Running a PyTorch program under graphgrad and comparing what it printed with PyTorch's.

A program (``programs/<name>.py``) is a PyTorch script written for these tests, in the
manner of a well-known public example (its docstring says which, and the idioms it
exercises), spelled with graphgrad's imports (``torch`` -> ``autograd``, ``torch.nn`` ->
``nn``, ``torch.optim`` -> ``optim``, ``torch.utils.data`` -> ``nn.data``); nothing else
differs between the two runs. ``run`` executes it as ``__main__``
in a scratch directory that holds its data files, with ``sys.argv`` set, and returns what
it printed, the values named by the test's ``RECORD`` expressions (evaluated in the
program's globals, summarised by ``summarize``) and the exception it stopped on, if any.

tools/record_ported.py runs the same file with the imports mapped back to PyTorch's
(``to_pytorch``) under a Python that has torch, and writes PyTorch's output into the
test as literals. This module needs only numpy and the standard library, so that tool
can import it too (it never imports graphgrad).
"""

from __future__ import annotations

import contextlib
import io
import linecache
import math
import os
import random
import re
import runpy
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
PROGRAMS = HERE / "programs"
DATA = HERE / "data"
ROOT = HERE.parents[1]
# The files a program finds in its working directory.
DATA_FILES = {
    "names.txt": DATA / "names.txt",
    "input.txt": DATA / "input.txt",
    "corpus": DATA / "corpus",
    "data": DATA / "tutorials",  # the pytorch/tutorials programs' data/ directory
    "mnist_subset.npz": ROOT / "nn" / "data" / "mnist_subset.npz",
}

# ------------------------------------------------------------------ the import mapping
# graphgrad's spelling -> PyTorch's, one rule per import form a port may use.
_IMPORTS = [
    (r"import autograd as torch", "import torch"),
    (
        r"from autograd import ((?:optim|nn|Tensor)(?:, (?:optim|nn|Tensor))*)",
        r"from torch import \1",
    ),
    (r"import autograd\.([\w.]+) as (\w+)", r"import torch.\1 as \2"),
    (r"from autograd\.([\w.]+) import (.+)", r"from torch.\1 import \2"),
    (r"import nn", "import torch.nn as nn"),
    (r"import nn\.data as (\w+)", r"import torch.utils.data as \1"),
    (r"import nn\.data", "import torch.utils.data"),
    (r"import nn\.(\w+) as (\w+)", r"import torch.nn.\1 as \2"),
    (r"import nn\.(\w+)", r"import torch.nn.\1"),
    (r"import optim", "import torch.optim as optim"),
    (r"from nn\.data import (.+)", r"from torch.utils.data import \1"),
    (r"from nn(\.[\w.]+)? import (.+)", r"from torch.nn\1 import \2"),
    (r"from optim(\.[\w.]+)? import (.+)", r"from torch.optim\1 import \2"),
]
_OURS = re.compile(r"^\s*(import|from)\s+(autograd|nn|optim)\b")


def to_pytorch(source: str) -> str:
    """The program with graphgrad's imports mapped back to PyTorch's (nothing else changes)."""
    lines = []
    for line in source.splitlines():
        if _OURS.match(line):
            indent = line[: len(line) - len(line.lstrip())]
            code, hash_, comment = line.strip().partition("#")
            for pattern, repl in _IMPORTS:
                m = re.fullmatch(pattern, code.strip())
                if m:
                    line = indent + m.expand(repl) + (f"  #{comment}" if hash_ else "")
                    break
            else:
                raise ValueError(f"no PyTorch spelling for the import line {line.strip()!r}")
        lines.append(line)
    return "\n".join(lines) + "\n"


# ------------------------------------------------------------------------ running one
@dataclass
class Run:
    """What a program did: its output, the recorded values and the exception it ended on."""

    stdout: str
    values: dict = field(default_factory=dict)
    error: BaseException | None = None
    path: Path | None = None

    def check(self) -> None:
        """Re-raise the exception the program stopped on (so a test fails with its message)."""
        if self.error is not None:
            raise self.error


@contextlib.contextmanager
def workdir():
    """A scratch directory holding (links to) the data files, made the working directory."""
    old = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="ported-") as tmp:
        for name, src in DATA_FILES.items():
            if src.exists():
                os.symlink(src, Path(tmp) / name)
        os.chdir(tmp)
        try:
            yield Path(tmp)
        finally:
            os.chdir(old)


def execute(path: Path, argv=(), record: dict | None = None) -> Run:
    """Run the file at path as __main__ in a scratch directory; never raises.

    argv: the command-line arguments, a sequence or one string split at whitespace.
    """
    argv = argv.split() if isinstance(argv, str) else list(argv)
    out = io.StringIO()
    old_argv = sys.argv
    sys.argv = [path.name, *argv]
    error, namespace = None, {}
    try:
        with workdir(), contextlib.redirect_stdout(out):
            try:
                namespace = runpy.run_path(str(path), run_name="__main__")
            except BaseException as e:  # reported to the test
                if isinstance(e, KeyboardInterrupt):
                    raise
                error = e
                namespace = _frame_globals(e, path)
    finally:
        sys.argv = old_argv
    values = {}
    if error is None:
        for label, expression in (record or {}).items():
            values[label] = summarize(eval(expression, namespace))
    return Run(out.getvalue(), values, error, path)


def failing_line(run: Run) -> str | None:
    """The line of the program the run stopped on, stripped (None if it did not fail)."""
    tb, line = run.error.__traceback__ if run.error else None, None
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(run.path):
            line = linecache.getline(str(run.path), tb.tb_lineno).strip()
        tb = tb.tb_next
    return line


def _frame_globals(error: BaseException, path: Path) -> dict:
    """The program's globals at the point it failed (from the traceback)."""
    tb = error.__traceback__
    found: dict = {}
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == str(path):
            found = tb.tb_frame.f_globals
        tb = tb.tb_next
    return found


def run(name: str, argv=(), record: dict | None = None, seed: int | None = None) -> Run:
    """Run the program programs/<name>.py against graphgrad.

    seed: for a program that does not seed itself, the seed of the default generator and
    of Python's `random` first (the test's ``SEED``, which tools/record_ported.py sets in
    PyTorch too).
    """
    from threadpoolctl import threadpool_limits

    import autograd

    # the process-wide settings a program may change (torch.set_default_dtype,
    # torch.use_deterministic_algorithms, torch.set_default_device), restored after it
    dtype, device = autograd.get_default_dtype(), autograd.get_default_device()
    deterministic = autograd.are_deterministic_algorithms_enabled()
    warn_only = autograd.is_deterministic_algorithms_warn_only_enabled()
    if seed is not None:
        autograd.manual_seed(seed)
        random.seed(seed)
    try:
        # one BLAS thread: the same sums in every run, and no oversubscribed cores
        with threadpool_limits(1):
            return execute(PROGRAMS / f"{name}.py", argv, record)
    finally:
        autograd.set_default_dtype(dtype)
        autograd.set_default_device(device)
        autograd.use_deterministic_algorithms(deterministic, warn_only=warn_only)


# ------------------------------------------------------------------------- comparing
def to_numpy(x) -> np.ndarray:
    """A float64 or integer array from a Tensor (either library's), an array or numbers."""
    if hasattr(x, "detach"):
        x = x.detach()
    if hasattr(x, "numpy"):
        x = x.numpy()
    a = np.asarray(x)
    return a.astype(np.float64) if a.dtype.kind in "fb" else a


def summarize(value):
    """A value as literals: small arrays in full; larger ones as shape, norm and first values."""
    if isinstance(value, dict):
        return {str(k): summarize(v) for k, v in value.items()}
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and value and not _number(value[0]):
        return {str(i): summarize(v) for i, v in enumerate(value)}  # a list of arrays
    a = to_numpy(value)
    if a.size <= 16:
        return a.tolist()
    a = a.astype(np.float64)
    head = a.reshape(-1)[:6].tolist()
    return {"shape": list(a.shape), "norm": float(np.linalg.norm(a)), "head": head}


def _number(x) -> bool:
    return isinstance(x, (int, float, np.number))


# a number as Python, numpy or PyTorch print it; grad_fn=<...>, <class ...> are dropped
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[-+]?\b(?:nan|inf)\b")
_ANGLED = re.compile(r"<[^<>]*>")


def numbers(text: str) -> list[float]:
    """Every number in printed text, in order (what is inside <...> is skipped)."""
    return [float(t) for t in _NUMBER.findall(_ANGLED.sub(" ", text))]


def _half_unit(token: str) -> float:
    """Half a unit in the last printed place of a number ("0.0781" -> 5e-5)."""
    mantissa, _, exponent = token.lower().partition("e")
    decimals = len(mantissa.partition(".")[2])
    return 0.5 * 10.0 ** (int(exponent or 0) - decimals) if token[-1:].isdigit() else 0.0


def _tokens(text: str) -> list[str]:
    return _NUMBER.findall(_ANGLED.sub(" ", text))


def assert_printed(got: str, want: str, rtol: float, atol: float = 0.0) -> None:
    """The numbers printed agree with PyTorch's, in order (the words may differ).

    Two numbers agree when they differ by at most atol + rtol * |PyTorch's| plus half a
    unit in the last place each was printed with (PyTorch prints tensors with 4 decimals,
    numpy with 8 digits).
    """
    g_tok, w_tok = _tokens(got), _tokens(want)
    if len(g_tok) != len(w_tok):
        raise AssertionError(
            f"printed {len(g_tok)} numbers, PyTorch printed {len(w_tok)}\n"
            f"--- graphgrad ---\n{_head(got.splitlines())}\n"
            f"--- PyTorch ---\n{_head(want.splitlines())}"
        )
    for i, (gt, wt) in enumerate(zip(g_tok, w_tok)):
        g, w = float(gt), float(wt)
        slack = atol + _half_unit(gt) + _half_unit(wt)
        if not _close(g, w, rtol, slack):
            raise AssertionError(
                f"number {i} printed: {gt}, PyTorch printed {wt} (rtol {rtol}, atol {atol})\n"
                f"in the line: {_line_of(got, i)!r}\nPyTorch's:   {_line_of(want, i)!r}"
            )


def assert_values(got, want, rtol: float, atol: float = 0.0, where: str = "") -> None:
    """Recorded values (nested dicts, lists and numbers) agree with PyTorch's.

    Arrays agree element by element to atol + rtol * (|PyTorch's| + the root mean square
    of PyTorch's array); a summarised array by its shape, its norm (to rtol) and its first
    values (to atol + rtol * the root mean square).
    """
    if isinstance(want, dict) and "norm" in want and "head" in want:
        assert isinstance(got, dict), f"{where}: got {got!r}, PyTorch's is an array {want}"
        assert got["shape"] == want["shape"], f"{where}: shape {got['shape']} != {want['shape']}"
        np.testing.assert_allclose(got["norm"], want["norm"], rtol=rtol, atol=atol, err_msg=where)
        rms = want["norm"] / math.sqrt(math.prod(want["shape"]))
        np.testing.assert_allclose(
            got["head"], want["head"], rtol=0, atol=atol + rtol * rms, err_msg=f"{where} (head)"
        )
    elif isinstance(want, dict):
        assert isinstance(got, dict), f"{where}: got {type(got).__name__}, want a dict"
        assert list(got) == list(want), f"{where}: keys {list(got)} != PyTorch's {list(want)}"
        for k in want:
            assert_values(got[k], want[k], rtol, atol, f"{where}[{k!r}]")
    elif isinstance(want, str):
        assert got == want, f"{where}: {got!r} != PyTorch's {want!r}"
    else:
        g, w = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
        assert g.shape == w.shape, f"{where}: shape {g.shape} != PyTorch's {w.shape}"
        rms = float(np.sqrt(np.mean(w * w))) if w.size else 0.0
        np.testing.assert_allclose(g, w, rtol=rtol, atol=atol + rtol * rms, err_msg=where)


def _close(g: float, w: float, rtol: float, atol: float) -> bool:
    if math.isnan(w):
        return math.isnan(g)
    return g == w or abs(g - w) <= atol + rtol * abs(w)


def _line_of(text: str, index: int) -> str:
    seen = 0
    for line in text.splitlines():
        n = len(numbers(line))
        if seen + n > index:
            return line
        seen += n
    return ""


def _head(lines: list[str], n: int = 40) -> str:
    return "\n".join(lines[:n] + (["..."] if len(lines) > n else []))


def copy_program(name: str, dest: Path) -> Path:
    """Copy programs/<name>.py into dest (for tools that rewrite it)."""
    target = dest / f"{name}.py"
    shutil.copy(PROGRAMS / f"{name}.py", target)
    return target
