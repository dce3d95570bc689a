"""Colours, fonts, text widths and number formatting for `autograd.draw`.

Everything here is pure formatting: numbers to short strings that round consistently,
arrays to summaries, node kinds to fills, the gradient-flow measure and its palette,
Helvetica's character widths (to estimate a drawing's size before `dot` lays it out)
and escaping for Graphviz's HTML-like labels.
"""

from __future__ import annotations

import math

import numpy as np

FONT = "Helvetica"
# Point sizes. A drawing is shown at most `max_width` pixels wide (a notebook column, 900
# by default): it is laid out so that its smallest text, scaled to that width, is at
# least MIN_TEXT_PX pixels high (a point is 4/3 of a CSS pixel).
NODE_PT = 11  # nodes, cluster titles and the key
EDGE_PT = 10  # the gradients on the edges of a backward view: the smallest text drawn
TITLE_PT = 13
MIN_TEXT_PX = 9.0

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
    "leaf": "leaf",
    "constant": "data / constant",
    "intermediate": "computed",
}
OP_FILL = "#fff3bf"
COMPOSITE_FILL = "#ffe8cc"
CLUSTER_FILLS = ("#f8f9fa", "#eef2f7", "#e7ecf3", "#dfe6ef")
COLLAPSED_FILL = "#e5dbff"
NONFINITE = "red"
FORWARD_EDGE = "#495057"
BACKWARD_EDGE = "#c92a2a"
MUTED = "#868e96"

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
FLOW_STATS = ("relative", "norm", "mean_abs")

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

# Helvetica's advance widths in 1/1000 em (Adobe's AFM), for ASCII 32..126; other
# characters count as 0.6 em. Enough to estimate a label's width within a few percent.
_WIDTHS = (
    "278,278,355,556,556,889,667,191,333,333,389,584,278,333,278,278,556,556,556,556,556,556,"
    "556,556,556,556,278,278,584,584,584,556,1015,667,667,722,722,667,611,778,722,278,500,667,"
    "556,833,722,778,667,778,722,667,611,722,667,944,667,667,611,278,278,278,469,556,333,556,"
    "556,500,556,556,278,556,556,222,222,500,222,833,556,556,556,556,333,500,278,556,500,722,"
    "500,500,500,334,260,334,584"
)
_EM = {chr(32 + i): int(w) / 1000 for i, w in enumerate(_WIDTHS.split(","))}


def text_width(text: str, pt: float) -> float:
    """The width in points of one line of Helvetica text at `pt` points."""
    return pt * sum(_EM.get(c, 0.6) for c in text)


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


def rounded(a, precision: int = 4) -> np.ndarray:
    """a rounded to `precision` significant digits, as `fmt` shows it (floats only)."""
    a = np.asarray(a)
    if a.dtype.kind not in "fc" or a.size == 0:
        return a
    x = a.astype(np.float64)
    with np.errstate(all="ignore"):
        mag = np.floor(np.log10(np.abs(np.where(np.isfinite(x) & (x != 0), x, 1.0))))
        scale = 10.0 ** (precision - 1 - mag)
        return np.where(np.isfinite(x) & (x != 0), np.round(x * scale) / scale, x)


def fmt_array(a, precision: int = 4) -> str:
    """Small arrays in full, nested like numpy ('[[1, 2], [3, 4]]'); a one-element array
    as its number."""
    a = np.asarray(a)
    if a.size == 1:
        a = a.reshape(())
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


def magnitude(g, x=None, stat: str = "relative") -> float:
    """The size of a gradient g of a tensor whose value is x.

    "relative" (the default): ‖g‖·‖x‖, the first-order change of the output when x changes
    by its own size. It does not depend on the batch size of a mean-reduced loss (an
    activation's gradient shrinks as 1/B while its norm grows as √B, and so does its
    value's) nor on how a tensor is scaled; None when x is unknown (freed). "norm": ‖g‖.
    "mean_abs": the mean of |g|.
    """
    if stat not in FLOW_STATS:
        raise ValueError(f"draw: flow_stat must be one of {FLOW_STATS}, got {stat!r}")
    g = np.asarray(g, dtype=np.float64)
    if g.size == 0:
        return 0.0
    if stat == "mean_abs":
        return float(np.mean(np.abs(g)))
    norm = float(np.sqrt(np.sum(g * g)))
    if stat == "norm":
        return norm
    if x is None:
        return float("nan") if not np.isfinite(norm) else None
    x = np.asarray(x, dtype=np.float64)
    return norm * float(np.sqrt(np.sum(x * x)))


# (norms written |g|: the double bar ‖ is missing from some fonts browsers fall back to)
FLOW_WHAT = {"relative": "|grad|·|value|", "norm": "|grad|", "mean_abs": "mean abs grad"}
FLOW_SHORT = {"relative": "|g|·|x|", "norm": "|g|", "mean_abs": "mean |g|"}


def magnitude_text(what: str, m: float, stat: str) -> str:
    """A gradient's size in a few characters, e.g. 'grad |g|·|x| 0.012' (L2 norms)."""
    return f"{what} {FLOW_SHORT[stat]} {fmt(m, 2)}".strip()


class FlowScale:
    """Maps gradient magnitudes to FLOW_PALETTE on a log10 scale: each colour a third of a
    decade (1, 2, 5, 10, ...) when the drawing's gradients span at most three decades,
    else a whole number of decades, the brightest ending at the largest."""

    def __init__(self, magnitudes):
        logs = [math.log10(m) for m in magnitudes if m is not None and m > 0 and math.isfinite(m)]
        n = len(FLOW_PALETTE)
        if not logs:
            logs = [0.0]
        top = max(logs)
        span = top - min(logs)
        step = 1 / 3 if span <= 3 else max(1, round(span / n))  # below lo: the darkest
        hi = math.ceil(top / step - 1e-9) * step
        if hi == top:  # the largest falls in the top colour, not past it
            hi += step
        self.lo, self.hi = hi - n * step, hi

    def index(self, m: float | None) -> int | None:
        """Palette index of magnitude m (None for 0, unknown or non-finite)."""
        if m is None or not (m > 0 and math.isfinite(m)):
            return None
        t = (math.log10(m) - self.lo) / (self.hi - self.lo)
        n = len(FLOW_PALETTE)
        return min(n - 1, max(0, int(t * n)))

    def color(self, m: float | None) -> str:
        if m is not None and not math.isfinite(m):
            return NONFINITE
        i = self.index(m)
        return ZERO_GRAD_FILL if i is None else FLOW_PALETTE[i]

    def text_color(self, m: float | None) -> str:
        i = self.index(m)
        return "white" if i is not None and i < FLOW_DARK else "black"

    def ticks(self) -> list[tuple[str, str]]:
        """(colour, lower bound) pairs for the legend, one per palette entry."""
        n = len(FLOW_PALETTE)
        return [
            (
                c,
                f"{10.0 ** (self.lo + (self.hi - self.lo) * i / n):.0e}".replace("e+00", "")
                .replace("e-0", "e-")
                .replace("e+0", "e"),
            )
            for i, c in enumerate(FLOW_PALETTE)
        ]


def fmt_sum(parts: list, precision: int = 4) -> tuple[str, list[str]]:
    """A gradient shown as the sum of its parts, rounded so that the shown numbers add up:
    every number gets the same decimals (enough for `precision` significant digits of the
    largest) and the total is the sum of the rounded parts. Returns (total, parts)."""
    arrays = [np.asarray(p, dtype=np.float64) for p in parts]
    biggest = max(float(np.max(np.abs(a[np.isfinite(a)]), initial=0.0)) for a in arrays)
    decimals = precision - 1 - (math.floor(math.log10(biggest)) if biggest > 0 else 0)
    decimals = max(decimals, 0)
    rounded_parts = [np.round(a, decimals) for a in arrays]
    total = np.sum(rounded_parts, axis=0)

    def text(a):
        def one(v):
            if not math.isfinite(v):
                return fmt(v)
            s = f"{v:.{decimals}f}"
            if "." in s:
                s = s.rstrip("0").rstrip(".")
            return "0" if s in ("-0", "") else s

        a = np.asarray(a)
        if a.size == 1:
            return one(float(a.reshape(())))

        def rec(x):
            return one(float(x)) if x.ndim == 0 else "[" + ", ".join(rec(v) for v in x) + "]"

        return rec(a)

    return text(total), [text(p) for p in rounded_parts]


def tensor_table(cells: list[str], one_line: bool, fill: str, border: str, width: str) -> str:
    """A tensor node's HTML-like label: its lines (`cells`) in a rounded table; a tensor
    of one element is micrograd's one-line record, name | data | grad."""
    if one_line:
        rows = "<TR>" + "<VR/>".join(f"<TD>{c}</TD>" for c in cells) + "</TR>"
    else:  # arrays stack their lines, which keeps wide values readable
        rows = "<HR/>".join(f"<TR><TD>{c}</TD></TR>" for c in cells)
    return (
        f'<<TABLE BORDER="{width}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="2" '
        f'STYLE="ROUNDED" BGCOLOR="{fill}" COLOR="{border}">{rows}</TABLE>>'
    )
