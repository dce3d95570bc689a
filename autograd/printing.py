"""`set_printoptions`: PyTorch's print options, and its text for a tensor's values.

Until `set_printoptions` is first called, a Tensor prints its values as numpy prints the
array (`Tensor([1.5, 2. ])`). From the first call on, it prints them as PyTorch does
(`Tensor([1.5000, 2.0000])`): PyTorch's choice of fixed, integer or scientific notation
for the whole tensor, its widths, its summary of large tensors (`...` past `threshold`
elements, `edgeitems` at each end) and its line breaks at `linewidth`, with the options
given. Only the values' text follows PyTorch: the suffixes stay graphgrad's
(`dtype=float64`, `grad_fn=<Mul>`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["set_printoptions"]

_DEFAULTS = {"precision": 4, "threshold": 1000, "edgeitems": 3, "linewidth": 80}
_PROFILES = {
    "default": _DEFAULTS,
    "short": {"precision": 2, "threshold": 1000, "edgeitems": 2, "linewidth": 80},
    "full": {"precision": 4, "threshold": math.inf, "edgeitems": 3, "linewidth": 80},
}
OPTIONS: dict[str, Any] = dict(_DEFAULTS, sci_mode=None)
active = False  # False until set_printoptions is called: numpy's text


def set_printoptions(
    precision: int | None = None,
    threshold: float | None = None,
    edgeitems: int | None = None,
    linewidth: int | None = None,
    profile: str | None = None,
    sci_mode: bool | None = None,
) -> None:
    """Set how tensors print, as PyTorch's (and switch to PyTorch's text for the values).

    ``profile`` ('default', 'short' or 'full') sets the four numbers first; the other
    arguments then override it; ``sci_mode`` is always set (None: chosen per tensor).
    """
    global active
    if profile in _PROFILES:  # (PyTorch ignores an unknown profile)
        OPTIONS.update(_PROFILES[profile])
    for name, value in (
        ("precision", precision),
        ("threshold", threshold),
        ("edgeitems", edgeitems),
        ("linewidth", linewidth),
    ):
        if value is not None:
            OPTIONS[name] = value
    OPTIONS["sci_mode"] = sci_mode
    active = True


def get_printoptions() -> dict[str, Any]:
    """The current options (PyTorch keeps this in `torch._tensor_str`)."""
    return dict(OPTIONS)


def reset() -> None:
    """Back to the start: PyTorch's default options and numpy's text for the values."""
    global active
    OPTIONS.update(_DEFAULTS, sci_mode=None)
    active = False


class _Formatter:
    """PyTorch's `_Formatter`: one notation and width for all the values shown."""

    def __init__(self, values: np.ndarray) -> None:
        self.floating = values.dtype.kind == "f"
        self.int_mode, self.sci_mode, self.max_width = True, False, 1
        p = OPTIONS["precision"]
        flat = values.reshape(-1)
        if not self.floating:
            for v in flat.tolist():
                self.max_width = max(self.max_width, len(f"{v}"))
            return
        nz = flat[np.isfinite(flat) & (flat != 0)]
        if nz.size == 0:
            return
        mag = np.abs(nz).astype(np.float64)
        lo, hi = float(mag.min()), float(mag.max())
        self.int_mode = bool(np.all(nz == np.ceil(nz)))
        sci = OPTIONS["sci_mode"]
        self.sci_mode = (hi / lo > 1000.0 or hi > 1.0e8 or lo < 1.0e-4) if sci is None else sci
        for v in nz.tolist():
            if self.sci_mode:
                width = len(f"{v:.{p}e}")
            elif self.int_mode:
                width = len(f"{v:.0f}") + 1
            else:
                width = len(f"{v:.{p}f}")
            self.max_width = max(self.max_width, width)

    def format(self, value: Any) -> str:
        p = OPTIONS["precision"]
        if self.floating:
            if self.sci_mode:
                ret = f"{value:{self.max_width}.{p}e}"
            elif self.int_mode:
                ret = f"{value:.0f}"
                if not (math.isinf(value) or math.isnan(value)):
                    ret += "."
            else:
                ret = f"{value:.{p}f}"
        else:
            ret = f"{value}"
        return (self.max_width - len(ret)) * " " + ret


def _summarized(a: np.ndarray) -> np.ndarray:
    """The values a summary shows (PyTorch's `get_summarized_data`), flattened."""
    e = OPTIONS["edgeitems"]
    if a.ndim == 0:
        return a.reshape(-1)
    if a.ndim == 1:
        return np.concatenate([a[:e], a[-e:]]) if a.shape[0] > 2 * e else a
    if not e:
        return a.reshape(-1)[:0]
    rows = list(range(e)) + list(range(len(a) - e, len(a))) if a.shape[0] > 2 * e else None
    rows = range(a.shape[0]) if rows is None else rows
    return np.concatenate([_summarized(a[i]).reshape(-1) for i in rows])


def _vector(a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    e, width = OPTIONS["edgeitems"], OPTIONS["linewidth"]
    per_line = max(1, math.floor((width - indent) / (fmt.max_width + 2)))
    if summarize and not e:
        data = ["..."]
    elif summarize and a.shape[0] > 2 * e:
        data = [fmt.format(v) for v in a[:e].tolist()] + [" ..."]
        data += [fmt.format(v) for v in a[-e:].tolist()]
    else:
        data = [fmt.format(v) for v in a.tolist()]
    lines = [", ".join(data[i : i + per_line]) for i in range(0, len(data), per_line)]
    return "[" + (",\n" + " " * (indent + 1)).join(lines) + "]"


def _nested(a: np.ndarray, indent: int, summarize: bool, fmt: _Formatter) -> str:
    if a.ndim == 0:
        return fmt.format(a.item())
    if a.ndim == 1:
        return _vector(a, indent, summarize, fmt)
    e = OPTIONS["edgeitems"]
    if summarize and a.shape[0] > 2 * e:
        slices = [_nested(a[i], indent + 1, summarize, fmt) for i in range(e)] + ["..."]
        slices += [_nested(a[i], indent + 1, summarize, fmt) for i in range(len(a) - e, len(a))]
    else:
        slices = [_nested(a[i], indent + 1, summarize, fmt) for i in range(a.shape[0])]
    return "[" + ("," + "\n" * (a.ndim - 1) + " " * (indent + 1)).join(slices) + "]"


def values_text(a: np.ndarray, indent: int) -> str:
    """PyTorch's text for the values of array a, lines after the first indented by
    ``indent`` (the length of the prefix, ``Tensor(``)."""
    a = np.asarray(a)
    if a.size == 0:
        return "[]"
    summarize = a.size > OPTIONS["threshold"]
    fmt = _Formatter(_summarized(a) if summarize else a)
    return _nested(a, indent, summarize, fmt)
