"""Colours, palettes and label formatting for `autograd.draw`.

Everything here is pure formatting: numbers to short strings, arrays to
summaries, node kinds to fill colours, gradient magnitudes to a log-scale
palette, and escaping for Graphviz's HTML-like labels.
"""

from __future__ import annotations

import math

import numpy as np

FONT = "Helvetica"

# Fill colours of tensor kinds (the legend shows the ones a drawing uses).
KIND_FILL = {
    "output": "#ffd8a8",  # orange: the tensor(s) drawn from
    "parameter": "#b2f2bb",  # green: a model's named parameter
    "leaf": "#a5d8ff",  # blue: a leaf that requires grad
    "constant": "#e9ecef",  # grey: data or a constant (no gradient)
    "intermediate": "#ffffff",  # white: computed by an op
}
KIND_TEXT = {
    "output": "output",
    "parameter": "parameter",
    "leaf": "leaf (requires grad)",
    "constant": "constant / data",
    "intermediate": "intermediate",
}
OP_FILL = "#fff3bf"
CLUSTER_FILLS = ("#f8f9fa", "#eef2f7", "#e7ecf3", "#dfe6ef")
COLLAPSED_FILL = "#e5dbff"
NONFINITE = "red"
FORWARD_EDGE = "#495057"
BACKWARD_EDGE = "#c92a2a"

# Gradient-flow palette, from vanishing (dark) to large (yellow): viridis in 9 steps.
FLOW_PALETTE = (
    "#440154",
    "#472d7b",
    "#3b528b",
    "#2c728e",
    "#21918c",
    "#28ae80",
    "#5ec962",
    "#addc30",
    "#fde725",
)
FLOW_DARK = 4  # the first FLOW_DARK colours take white text
ZERO_GRAD_FILL = "#dee2e6"

# What each op does to the gradient, shown on op nodes when backward=True.
BACKWARD_RULES = {
    "Add": "distribute",
    "Sub": "distribute, negate",
    "Mul": "swap",
    "Div": "swap, scale",
    "MatMul": "swap (matmul)",
    "Maximum": "route",
    "Max": "route",
    "Where": "route",
    "GetItem": "route (scatter)",
    "Sum": "copy (broadcast)",
    "BroadcastTo": "sum",
    "Copy": "pass",
    "Reshape": "reshape",
    "Transpose": "transpose",
    "Tanh": "× (1 − out²)",
    "Sigmoid": "× out·(1 − out)",
    "Exp": "× out",
    "Log": "÷ x",
    "Pow": "× p·x^(p−1)",
}


def esc(s: str) -> str:
    """Escape text for a Graphviz HTML-like label."""
    return (
        str(s)
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
    )


def fmt(x, precision: int = 4) -> str:
    """A number in at most `precision` significant digits ('nan', 'inf' as such)."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    s = f"{x:.{precision}g}"
    return "0" if s == "-0" else s


def fmt_array(a: np.ndarray, precision: int = 4) -> str:
    """Small arrays in full, nested like numpy ('[[1, 2], [3, 4]]'), on one line."""
    a = np.asarray(a)
    if a.ndim == 0:
        return fmt(a, precision) if a.dtype.kind in "fc" else str(a.item())

    def rec(x):
        if x.ndim == 0:
            return fmt(x, precision) if x.dtype.kind in "fc" else str(x.item())
        return "[" + ", ".join(rec(v) for v in x) + "]"

    return rec(a)


def fmt_shape(shape: tuple, dtype) -> str:
    dims = "×".join(str(n) for n in shape) if shape else "scalar"
    return f"{dims} {np.dtype(dtype).name}"


def short(v) -> str:
    """An op attribute in a few characters: large arrays by shape, long reprs cut."""
    if isinstance(v, np.ndarray):
        return f"array{tuple(v.shape)}" if v.size > 6 else fmt_array(v)
    if isinstance(v, (float, np.floating)):
        return fmt(v)
    if isinstance(v, np.dtype):
        return v.name
    s = repr(v)
    return s if len(s) <= 24 else s[:21] + "..."


def op_label(op, backward: bool) -> str:
    """An op node's text: its name, its set attributes and, for backward=True, its rule."""
    lines = [op.name]
    for k, v in op.attributes().items():
        if k == "fn" or v is None or v is False:
            continue
        if isinstance(v, tuple) and len(v) == 1:
            v = v[0]
        lines.append(f"{k}={short(v)}")
    if backward and op.name in BACKWARD_RULES:
        lines.append(f"({BACKWARD_RULES[op.name]})")
    return "\\n".join(lines)


def tensor_table(cells: list[str], scalar: bool, fill: str, border: str, width: str) -> str:
    """A tensor node's HTML-like label: its lines (`cells`) in a rounded table."""
    if scalar:  # micrograd's one-line record: name | data | grad
        rows = "<TR>" + "<VR/>".join(f"<TD>{c}</TD>" for c in cells) + "</TR>"
    else:  # arrays stack their lines, which keeps wide values readable
        rows = "<HR/>".join(f"<TR><TD>{c}</TD></TR>" for c in cells)
    return (
        f'<<TABLE BORDER="{width}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="4" '
        f'STYLE="ROUNDED" BGCOLOR="{fill}" COLOR="{border}">{rows}</TABLE>>'
    )


def stats(a: np.ndarray, precision: int = 4) -> str:
    """min / max / mean of an array (over its finite entries, with a count of the others)."""
    a = np.asarray(a, dtype=np.float64) if np.asarray(a).dtype.kind in "fcb" else np.asarray(a)
    if a.size == 0:
        return "empty"
    finite = np.isfinite(a)
    bad = a.size - int(finite.sum())
    f = a[finite]
    if f.size == 0:
        return f"all {bad} non-finite"
    lo, hi, mean = (fmt(v, precision) for v in (f.min(), f.max(), f.mean()))
    s = f"min {lo} · max {hi} · mean {mean}"
    if bad:
        s += f" · {bad} nan/inf"
    return s


def magnitude(g: np.ndarray, stat: str = "mean_abs") -> float:
    """The size of a gradient: mean |g| (default) or its L2 norm."""
    g = np.asarray(g, dtype=np.float64)
    if g.size == 0:
        return 0.0
    if stat == "norm":
        return float(np.sqrt(np.sum(g * g)))
    if stat == "mean_abs":
        return float(np.mean(np.abs(g)))
    raise ValueError(f"draw: flow_stat must be 'mean_abs' or 'norm', got {stat!r}")


def magnitude_text(what: str, m: float, stat: str) -> str:
    """A gradient's size in words, e.g. 'grad mean abs 0.0123'."""
    return f"{what} {stat.replace('_', ' ')} {fmt(m, 3)}"


class FlowScale:
    """Maps gradient magnitudes to FLOW_PALETTE on a log10 scale spanning whole decades."""

    def __init__(self, magnitudes):
        logs = [math.log10(m) for m in magnitudes if m > 0 and math.isfinite(m)]
        if logs:
            lo, hi = math.floor(min(logs)), math.ceil(max(logs))
        else:
            lo, hi = -1, 0
        if hi - lo < 1:
            hi = lo + 1
        self.lo, self.hi = lo, hi

    def index(self, m: float) -> int | None:
        """Palette index of magnitude m (None for 0 or non-finite)."""
        if not (m > 0 and math.isfinite(m)):
            return None
        t = (math.log10(m) - self.lo) / (self.hi - self.lo)
        n = len(FLOW_PALETTE)
        return min(n - 1, max(0, int(t * n)))

    def color(self, m: float) -> str:
        if not math.isfinite(m):
            return NONFINITE
        i = self.index(m)
        return ZERO_GRAD_FILL if i is None else FLOW_PALETTE[i]

    def text_color(self, m: float) -> str:
        i = self.index(m)
        return "white" if i is not None and i < FLOW_DARK else "black"

    def ticks(self) -> list[tuple[str, str]]:
        """(colour, label) pairs for the legend, one per palette entry."""
        n = len(FLOW_PALETTE)
        out = []
        for i, c in enumerate(FLOW_PALETTE):
            a = self.lo + (self.hi - self.lo) * i / n
            b = self.lo + (self.hi - self.lo) * (i + 1) / n
            out.append((c, f"{10.0**a:.2g} – {10.0**b:.2g}"))
        return out
