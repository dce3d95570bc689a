"""Adaptive pooling: AdaptiveAvgPool1d/2d and AdaptiveMaxPool1d/2d, and their functions.

The output has the asked size whatever the input's: output cell i of an axis of length n
pooled to m covers inputs `floor(i * n / m)` to `ceil((i + 1) * n / m)` (excluded), PyTorch's
windows, which overlap when m does not divide n. The average sums each window in PyTorch's
order (rows, then columns) and divides by its height, then its width, and its backward adds
each cell's share in cell order, as PyTorch's CPU kernels: the same bits. An output of
1 x 1 is the mean over the spatial axes, as in PyTorch (graphgrad's mean, which may round
the last bit differently from PyTorch's). The maximum
routes the gradient to the first largest value of each window (PyTorch's index, which
`return_indices=True` gives, flattened over H * W). The 1-d forms pool (N, C, L) as a
2-d pool of height 1, as PyTorch does.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd.argcheck import integer
from autograd.op import Op

from .module import Module

__all__ = [
    "AdaptiveAvgPool1d",
    "AdaptiveAvgPool2d",
    "AdaptiveMaxPool1d",
    "AdaptiveMaxPool2d",
    "adaptive_avg_pool1d",
    "adaptive_avg_pool2d",
    "adaptive_max_pool1d",
    "adaptive_max_pool2d",
]


class _Windows:
    """PyTorch's adaptive windows for (H, W) -> (oh, ow): starts, lengths and their maxima."""

    __slots__ = ("hs", "kh", "ws", "kw", "in_hw", "out_hw")

    def __init__(self, in_hw: tuple, out_hw: tuple):
        (h, w), (oh, ow) = in_hw, out_hw
        self.in_hw, self.out_hw = (h, w), (oh, ow)
        self.hs, self.kh = _bounds(h, oh)
        self.ws, self.kw = _bounds(w, ow)

    def steps(self):
        """(rows, cols, mask) per offset (dh, dw) in PyTorch's order: the input row and column
        each output cell reads at that offset, and whether the offset is inside its window."""
        for dh in range(int(self.kh.max(initial=0))):
            rows = np.minimum(self.hs + dh, self.in_hw[0] - 1)[:, None]
            for dw in range(int(self.kw.max(initial=0))):
                cols = np.minimum(self.ws + dw, self.in_hw[1] - 1)[None, :]
                mask = (dh < self.kh)[:, None] & (dw < self.kw)[None, :]
                yield rows, cols, mask

    def divide(self, s: np.ndarray) -> np.ndarray:
        """s / kh / kw per cell, in s's dtype (two divisions, as PyTorch's kernel)."""
        t = s.dtype.type
        return s / self.kh.astype(t)[:, None] / self.kw.astype(t)[None, :]

    def __repr__(self) -> str:
        return f"{self.in_hw} -> {self.out_hw}"


def _bounds(n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    i = np.arange(m, dtype=np.int64)
    start = (i * n) // m
    end = ((i + 1) * n + m - 1) // m
    return start, end - start


def _avg(x: np.ndarray, win: _Windows) -> np.ndarray:
    """Each window's mean: its sum in PyTorch's order, divided by its height and width."""
    acc = np.zeros(x.shape[:-2] + win.out_hw, x.dtype)
    for rows, cols, mask in win.steps():
        part = x[..., rows, cols]
        acc += part if mask.all() else np.where(mask, part, x.dtype.type(0))
    return win.divide(acc)


def _spread(g: np.ndarray, win: _Windows) -> np.ndarray:
    """The adjoint of `_avg`: every input gets g / kh / kw of each cell whose window holds
    it, added in PyTorch's order (cell by cell, rows then columns)."""
    share = win.divide(g)
    (ch, nh), (cw, nw) = (
        _covers(win.hs, win.kh, win.in_hw[0]),
        _covers(win.ws, win.kw, win.in_hw[1]),
    )
    out = np.zeros(g.shape[:-2] + win.in_hw, g.dtype)
    zero = g.dtype.type(0)
    for dh in range(int(nh.max(initial=0))):
        rows = np.minimum(ch + dh, win.out_hw[0] - 1)[:, None]
        for dw in range(int(nw.max(initial=0))):
            cols = np.minimum(cw + dw, win.out_hw[1] - 1)[None, :]
            mask = (dh < nh)[:, None] & (dw < nw)[None, :]
            part = share[..., rows, cols]
            out += part if mask.all() else np.where(mask, part, zero)
    return out


def _covers(start: np.ndarray, length: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Per input position: the first output cell whose window holds it, and how many do (the
    cells holding one position are consecutive)."""
    pos = np.arange(n)[:, None]
    inside = (start[None, :] <= pos) & (pos < (start + length)[None, :])
    return inside.argmax(axis=1), inside.sum(axis=1)


class AdaptiveAvgPool2dOp(Op):
    """The mean of each adaptive window (see the module doc)."""

    __slots__ = ("win",)

    def forward(self, x):
        return _avg(x, self.win)

    def backward(self, g, out, x):
        return (AdaptiveAvgSpread.call(g, win=self.win),)


class AdaptiveAvgSpread(Op):
    """Backward of the adaptive average: the gradient spread over the windows (linear, so
    its own backward is the adaptive average again)."""

    __slots__ = ("win",)

    def forward(self, g):
        return _spread(g, self.win)

    def backward(self, gg, out, g):
        return (AdaptiveAvgPool2dOp.call(gg, win=self.win),)


# ------------------------------------------------------------------ arguments
def _output_size(output_size, who: str, length: int):
    """output_size checked: an int >= 0, or a tuple of `length` ints >= 0 or None (keep that
    axis); an int stays an int, a sequence becomes a tuple (as PyTorch prints them)."""
    if isinstance(output_size, (tuple, list)):
        size = tuple(
            None if v is None else integer(v, f"output_size[{i}]", who, minimum=0)
            for i, v in enumerate(output_size)
        )
        if len(size) != length:
            raise ValueError(
                f"{who}: output_size must be an int or {length} ints, got {output_size!r}"
            )
        return size
    return integer(output_size, "output_size", who, minimum=0)


def _size2(output_size, in_hw: tuple, who: str) -> tuple[int, int]:
    size = _output_size(output_size, who, 2)
    pair = size if isinstance(size, tuple) else (size, size)
    return tuple(n if v is None else v for v, n in zip(pair, in_hw))


def _check(x, who: str, ndim: tuple) -> None:
    if not isinstance(x, Tensor):
        raise TypeError(f"{who}: expected a Tensor, got {type(x).__name__}")
    if x.ndim not in ndim or any(s == 0 for s in x.shape[1:]):
        want = " or ".join(f"{n}-d" for n in ndim)
        raise ValueError(
            f"{who}: expected a {want} input with non-zero sizes for the non-batch dimensions, "
            f"got shape {tuple(x.shape)}"
        )


# ------------------------------------------------------------------ functions
def adaptive_avg_pool2d(input: Tensor, output_size) -> Tensor:
    """Mean over PyTorch's adaptive windows: (N, C, H, W) or (C, H, W) -> (..., oh, ow)."""
    _check(input, "adaptive_avg_pool2d", (3, 4))
    oh, ow = _size2(output_size, input.shape[-2:], "adaptive_avg_pool2d")
    if (oh, ow) == (1, 1):  # PyTorch takes the mean over the spatial axes here
        return input.mean(axis=(-2, -1), keepdims=True)
    return AdaptiveAvgPool2dOp.apply(input, win=_Windows(input.shape[-2:], (oh, ow)))


def adaptive_max_pool2d(input: Tensor, output_size, return_indices: bool = False):
    """Max over PyTorch's adaptive windows; with `return_indices`, also the index (into the
    flattened H * W) of each window's first largest value, which receives the gradient."""
    _check(input, "adaptive_max_pool2d", (3, 4))
    h, w = input.shape[-2:]
    oh, ow = _size2(output_size, (h, w), "adaptive_max_pool2d")
    win = _Windows((h, w), (oh, ow))
    x = input._data
    best = np.full(x.shape[:-2] + (oh, ow), -np.inf, dtype=np.result_type(x.dtype, np.float16))
    first = win.hs[:, None] * w + win.ws[None, :]  # PyTorch starts at the window's first
    index = np.broadcast_to(first, best.shape).copy()
    for rows, cols, mask in win.steps():
        part = x[..., rows, cols]
        take = mask & ((part > best) | np.isnan(part))  # a NaN wins, as in PyTorch
        best = np.where(take, part, best)
        index = np.where(take, rows * w + cols, index)
    lead = input.shape[:-2]
    flat = input.reshape(*lead, h * w)
    grids = np.ix_(*[np.arange(n) for n in lead], np.arange(oh * ow))[:-1]
    values = flat[(*grids, index.reshape(*lead, oh * ow))].reshape(*lead, oh, ow)
    return (values, Tensor(index)) if return_indices else values


def adaptive_avg_pool1d(input: Tensor, output_size) -> Tensor:
    """Mean over PyTorch's adaptive windows: (N, C, L) or (C, L) -> (..., output_size)."""
    _check(input, "adaptive_avg_pool1d", (2, 3))
    size = _one(output_size, "adaptive_avg_pool1d")
    return adaptive_avg_pool2d(input.unsqueeze(-2), (1, size)).squeeze(-2)


def adaptive_max_pool1d(input: Tensor, output_size, return_indices: bool = False):
    """Max over PyTorch's adaptive windows: (N, C, L) or (C, L) -> (..., output_size)."""
    _check(input, "adaptive_max_pool1d", (2, 3))
    size = _one(output_size, "adaptive_max_pool1d")
    out = adaptive_max_pool2d(input.unsqueeze(-2), (1, size), return_indices)
    if return_indices:
        return out[0].squeeze(-2), out[1].squeeze(-2)
    return out.squeeze(-2)


def _one(output_size, who: str) -> int:
    size = _output_size(output_size, who, 1)
    return size[0] if isinstance(size, tuple) else size


# ------------------------------------------------------------------ modules
class _Adaptive(Module):
    _dims = 2

    def __init__(self, output_size):
        super().__init__()
        self.output_size = _output_size(output_size, type(self).__name__, self._dims)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}"


class AdaptiveAvgPool2d(_Adaptive):
    """Mean pooling to `output_size` (an int, a pair, None keeps that axis) from any size."""

    def forward(self, input: Tensor) -> Tensor:
        return adaptive_avg_pool2d(input, self.output_size)


class AdaptiveMaxPool2d(_Adaptive):
    """Max pooling to `output_size` from any size; `return_indices=True` also returns the
    indices (into the flattened H * W)."""

    def __init__(self, output_size, return_indices: bool = False):
        super().__init__(output_size)
        self.return_indices = return_indices

    def forward(self, input: Tensor):
        return adaptive_max_pool2d(input, self.output_size, self.return_indices)


class AdaptiveAvgPool1d(_Adaptive):
    """Mean pooling of (N, C, L) to length `output_size`."""

    _dims = 1

    def forward(self, input: Tensor) -> Tensor:
        return adaptive_avg_pool1d(input, self.output_size)


class AdaptiveMaxPool1d(_Adaptive):
    """Max pooling of (N, C, L) to length `output_size`."""

    _dims = 1

    def __init__(self, output_size, return_indices: bool = False):
        super().__init__(output_size)
        self.return_indices = return_indices

    def forward(self, input: Tensor):
        return adaptive_max_pool1d(input, self.output_size, self.return_indices)
