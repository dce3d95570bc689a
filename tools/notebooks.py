"""Keep the notebooks' stored outputs true: execute them, compare, and refresh.

``python -m tools.notebooks check [NOTEBOOK ...]`` executes each notebook (in a temporary
folder, with the Agg backend) and compares the fresh outputs with the stored ones;
``python -m tools.notebooks refresh [NOTEBOOK ...]`` executes and saves them
(``make notebooks-refresh``). tests/test_notebooks.py runs the check in the suite.

The comparison, cell by cell:

- text (printed output, ``repr`` results, warnings): equal once numbers are compared with
  a tolerance (relative 1e-3, or one unit of the last printed digit, whichever is
  larger; integers within 1e-3 relative; numbers below 1e-12 are all equal); timings
  (``0.7s``, ``12 ms``) and memory addresses are ignored;
- pictures: a PNG must have the same size and differ from the stored one by less than
  ``PNG_TOLERANCE`` in mean absolute pixel value (0..1); an SVG (a graph drawing) must
  hold the same texts (labels, values, in any order), numbers compared as above;
- a cell tagged ``volatile`` (cell metadata ``"tags": ["volatile"]``) is executed but its
  outputs are not compared (for output that legitimately changes between runs).
"""

from __future__ import annotations

import base64
import io
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
PNG_TOLERANCE = 0.01
RTOL = 1e-3
ATOL = 1e-12
VOLATILE = "volatile"
TIMEOUT = 600
_KERNEL_ENV = {
    "MPLBACKEND": "module://matplotlib_inline.backend_inline",
    "COLUMNS": "100",
    "LINES": "40",
}
_KERNEL_UNSET = ("CI", "BUILD_NUMBER")

_NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?")
_TIMING = re.compile(
    r"[-+]?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\s*(?:s|ms|µs|us|ns|sec|seconds|min)\b(?!\w)"
)
_ADDRESS = re.compile(r"0x[0-9a-fA-F]{6,}")


def execute(path: Path, timeout: int = TIMEOUT):
    """The notebook at ``path``, executed top to bottom in a fresh kernel (a copy run in a
    temporary folder, so files it writes go there)."""
    import nbclient
    import nbformat

    nb = nbformat.read(path, as_version=4)
    # The kernel inherits the environment: plots go inline even if MPLBACKEND says Agg,
    # and the terminal width that tools such as pytest wrap to is the same in every run.
    # CI is unset for the same reason: pytest does not shorten its summary lines under CI.
    saved = {k: os.environ.get(k) for k in (*_KERNEL_ENV, *_KERNEL_UNSET)}
    os.environ.update(_KERNEL_ENV)
    for k in _KERNEL_UNSET:
        os.environ.pop(k, None)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            client = nbclient.NotebookClient(
                nb,
                timeout=timeout,
                kernel_name="python3",
                resources={"metadata": {"path": tmp}},
                store_widget_state=False,
                record_timing=False,
            )
            client.execute()
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return nb


# ------------------------------------------------------------------------ comparison


def _normalise(text: str) -> str:
    text = _TIMING.sub("<time>", text)
    text = _ADDRESS.sub("0x…", text)
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _close(a: str, b: str) -> bool:
    x, y = float(a), float(b)
    if abs(x) < ATOL and abs(y) < ATOL:  # rounding noise, e.g. a residual of 1e-15
        return True
    if "." not in b:  # an integer: a count, an epoch, a size
        return abs(x - y) <= RTOL * abs(y)
    decimals = len(b.split(".")[1].split("e")[0].split("E")[0])
    unit = 10.0 ** (_exponent(b) - decimals)  # one unit of the last printed digit
    return abs(x - y) <= max(RTOL * abs(y), unit * (1 + 1e-9))


def _exponent(number: str) -> int:
    m = re.search(r"[eE]([-+]?\d+)$", number)
    return int(m.group(1)) if m else 0


def compare_text(stored: str, fresh: str) -> str | None:
    """None if the texts agree (numbers within tolerance), else the first difference."""
    s, f = _normalise(stored), _normalise(fresh)
    if s == f:
        return None
    s_parts, f_parts = _NUMBER.split(s), _NUMBER.split(f)
    s_nums, f_nums = _NUMBER.findall(s), _NUMBER.findall(f)
    if s_parts != f_parts or len(s_nums) != len(f_nums):
        return _first_line_diff(s, f)
    for a, b in zip(f_nums, s_nums):
        if not _close(a, b):
            return f"number {b} is now {a}: " + _first_line_diff(s, f)
    return None


def _first_line_diff(s: str, f: str) -> str:
    sl, fl = s.splitlines(), f.splitlines()
    for i in range(max(len(sl), len(fl))):
        a = sl[i] if i < len(sl) else "<nothing>"
        b = fl[i] if i < len(fl) else "<nothing>"
        if a != b:
            return f"line {i + 1}: stored {a[:160]!r}, now {b[:160]!r}"
    return "texts differ"


def compare_png(stored_b64: str, fresh_b64: str) -> str | None:
    """None if the pictures have one size and differ by less than PNG_TOLERANCE."""
    import matplotlib.image
    import numpy as np

    a = matplotlib.image.imread(io.BytesIO(base64.b64decode(stored_b64)), format="png")
    b = matplotlib.image.imread(io.BytesIO(base64.b64decode(fresh_b64)), format="png")
    if a.shape != b.shape:
        return f"picture size {a.shape[1]}x{a.shape[0]} is now {b.shape[1]}x{b.shape[0]}"
    diff = float(np.mean(np.abs(a.astype(np.float64) - b.astype(np.float64))))
    if diff > PNG_TOLERANCE:
        return f"picture differs: mean absolute pixel difference {diff:.4f} > {PNG_TOLERANCE}"
    return None


def _svg_texts(svg: str) -> str:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    # sorted: the same labels and values, in whatever order Graphviz writes them
    return "\n".join(
        sorted((t.text or "").strip() for t in root.iter() if t.tag.endswith("}text") and t.text)
    )


def _outputs(cell) -> list[tuple[str, str]]:
    """(kind, content) of a cell's outputs, in order; streams of one name are joined."""
    out: list[tuple[str, str]] = []
    for o in cell.get("outputs", []):
        kind = o["output_type"]
        if kind == "stream":
            key = f"stream:{o['name']}"
            if out and out[-1][0] == key:
                out[-1] = (key, out[-1][1] + o["text"])
            else:
                out.append((key, o["text"]))
        elif kind == "error":
            out.append(("error", f"{o['ename']}: {o['evalue']}"))
        else:
            data = o.get("data", {})
            if "image/png" in data:
                out.append(("image/png", data["image/png"]))
            elif "image/svg+xml" in data:
                svg = data["image/svg+xml"]
                out.append(("image/svg+xml", svg if isinstance(svg, str) else "".join(svg)))
            elif "text/plain" in data:
                text = data["text/plain"]
                out.append(("text", text if isinstance(text, str) else "".join(text)))
    return out


def compare(stored_nb, fresh_nb) -> list[str]:
    """The differences between two runs of one notebook, one line per cell that differs."""
    problems = []
    code = [
        (i, s, f)
        for i, (s, f) in enumerate(zip(stored_nb.cells, fresh_nb.cells))
        if s.cell_type == "code"
    ]
    for n, (i, s, f) in enumerate(code, 1):
        if VOLATILE in s.get("metadata", {}).get("tags", []):
            continue
        where = f"code cell {n} (cell {i + 1}, starting {s.source.strip().splitlines()[0][:60]!r})"
        a, b = _outputs(s), _outputs(f)
        if [k for k, _ in a] != [k for k, _ in b]:
            problems.append(f"{where}: outputs {[k for k, _ in a]} are now {[k for k, _ in b]}")
            continue
        for (kind, old), (_, new) in zip(a, b):
            if kind == "image/png":
                msg = compare_png(old, new)
            elif kind == "image/svg+xml":
                msg = compare_text(_svg_texts(old), _svg_texts(new))
            else:
                msg = compare_text(old, new)
            if msg:
                problems.append(f"{where}, {kind}: {msg}")
                break
    return problems


# ------------------------------------------------------------------------------ CLI


def refresh(path: Path) -> None:
    """Execute the notebook and save it with its fresh outputs."""
    import nbformat

    nb = execute(path)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:  # no run-to-run noise in the diff
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def _paths(args: list[str]) -> list[Path]:
    return [Path(a) for a in args] or sorted(NOTEBOOKS.glob("*.ipynb"))


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in ("check", "refresh"):
        print("usage: python -m tools.notebooks check|refresh [NOTEBOOK ...]", file=sys.stderr)
        return 2
    import nbformat

    failed = 0
    for path in _paths(argv[1:]):
        if argv[0] == "refresh":
            refresh(path)
            print(f"refreshed {path}")
            continue
        problems = compare(nbformat.read(path, as_version=4), execute(path))
        failed += bool(problems)
        print(f"{path}: " + ("ok" if not problems else "\n  " + "\n  ".join(problems)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
