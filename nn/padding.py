"""Padding: `pad` (re-exported by `nn.functional`) and the modules ZeroPad, ConstantPad,
ReflectionPad, ReplicationPad and CircularPad in 1, 2 and 3 dimensions.

`pad` takes PyTorch's pad tuple, which starts from the last dimension:
(left, right) pads the last one, (left, right, top, bottom) the last two. A negative
amount crops. Composed from engine ops: constant padding is a crop and a concatenation,
the other modes gather the padded dimension with an index (reflect mirrors without
repeating the edge, replicate repeats it, circular wraps around), so the gradient of a
border element adds into the element it copies, and second derivatives come for free.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence

import numpy as np

from autograd.argcheck import integer, number
from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor, concatenate

from .module import Module

__all__ = [
    "CircularPad1d", "CircularPad2d", "CircularPad3d", "ConstantPad1d", "ConstantPad2d",
    "ConstantPad3d", "ReflectionPad1d", "ReflectionPad2d", "ReflectionPad3d",
    "ReplicationPad1d", "ReplicationPad2d", "ReplicationPad3d", "ZeroPad1d", "ZeroPad2d",
    "ZeroPad3d", "pad",
]  # fmt: skip

_MODES = ("constant", "reflect", "replicate", "circular")
_LETTERS = "WHD"  # PyTorch's names for the last, second-last and third-last dimensions


def _pad_amounts(pad) -> tuple[int, ...]:
    """The pad tuple as ints; a TypeError for anything but a sequence of ints."""
    if isinstance(pad, (str, bytes)) or not isinstance(pad, Sequence):
        raise TypeError(
            f"pad: pad must be a tuple of ints, got {type(pad).__name__}; "
            "write e.g. pad(x, (1, 1)) for one element each side of the last dimension"
        )
    return tuple(integer(p, f"pad[{i}]", "pad") for i, p in enumerate(pad))


@composite(show=("mode", "value"))
def pad(input, pad: Sequence[int], mode: str = "constant", value: float | None = None) -> Tensor:
    """x padded by `pad` = (left, right[, top, bottom[, front, back]]), from the last dim
    back; negative amounts crop. mode: "constant" (value, default 0), "reflect",
    "replicate" or "circular" (these pad 1 to 3 trailing dims of an input with one or two
    more dims: (C, W) or (N, C, W) for two amounts).

    Examples:
        >>> nn.functional.pad(autograd.Tensor([[1.0, 2.0, 3.0]]), (1, 2)).tolist()
        [[0.0, 1.0, 2.0, 3.0, 0.0, 0.0]]
    """
    x = as_tensor(input)
    amounts = _pad_amounts(pad)
    if len(amounts) % 2:
        raise RuntimeError("Padding length must be divisible by 2")
    k = len(amounts) // 2
    if k > x.ndim:
        raise RuntimeError(
            "Padding length should be less than or equal to two times the input dimension "
            f"but got padding length {len(amounts)} and input of dimension {x.ndim}"
        )
    pairs = [(amounts[2 * i], amounts[2 * i + 1], x.ndim - 1 - i) for i in range(k)]
    if mode == "constant":
        fill = 0 if value is None else number(value, "value", "pad")
        out = _constant(x, pairs, fill)
    elif mode in _MODES:
        if value is not None and value != 0:
            raise RuntimeError(f'Padding mode "{mode}" doesn\'t take in value argument')
        if not (1 <= k <= 3 and x.ndim in (k + 1, k + 2)):
            raise NotImplementedError(
                f"Padding size {2 * k} is not supported for {x.ndim}D input tensor "
                f"(mode {mode!r} pads {k} trailing dims of a {k + 1}D or {k + 2}D input)."
            )
        out = _circular(x, pairs) if mode == "circular" else _mirror(x, pairs, mode, k)
    else:
        raise NotImplementedError(
            f"Unrecognised padding mode {mode}; use one of {', '.join(map(repr, _MODES))}"
        )
    return x.clone() if out is x else out


def _crop(x: Tensor, left: int, right: int, d: int) -> Tensor:
    """x without its first -left and last -right elements along d (negative pads)."""
    lo, hi = max(-left, 0), x.shape[d] - max(-right, 0)
    if lo == 0 and hi == x.shape[d]:
        return x
    return x[(slice(None),) * d + (slice(lo, hi),)]


def _constant(x: Tensor, pairs, fill) -> Tensor:
    for left, right, d in pairs:
        n = x.shape[d]
        if n + left + right < 0:
            raise RuntimeError(
                f"pad: the pads ({left}, {right}) crop more than the {n} elements of dimension {d}"
            )
        x = _crop(x, left, right, d)
        parts = []
        for amount in (left, right):
            shape = x.shape[:d] + (max(amount, 0),) + x.shape[d + 1 :]
            parts.append(Tensor(np.full(shape, fill).astype(x.dtype, copy=False)))
        if left > 0 or right > 0:
            x = concatenate([parts[0], x, parts[1]], d)
    return x


def _mirror(x: Tensor, pairs, mode: str, k: int) -> Tensor:
    """Reflect or replicate: each padded dim gathered with an index into the original."""
    if any(s == 0 for s in x.shape[x.ndim - k - 1 :]):
        raise RuntimeError(
            f"pad: expected a {k + 1}D or {k + 2}D (batch mode) tensor with possibly 0 batch "
            f"size and other non-zero dimensions for input, but got: {list(x.shape)}"
        )
    for i, (left, right, d) in enumerate(pairs):
        n = x.shape[d]
        if mode == "reflect" and (left >= n or right >= n):
            raise RuntimeError(
                "pad: Padding size should be less than the corresponding input dimension, but "
                f"got: padding ({left}, {right}) at dimension {d} of input {list(x.shape)}"
            )
        if n + left + right < 1:
            raise RuntimeError(
                f"pad: input ({_LETTERS[i]}: {n}) is too small. "
                f"Calculated output {_LETTERS[i]}: {n + left + right}"
            )
        if left == 0 and right == 0:
            continue
        index = np.arange(-left, n + right)
        if mode == "reflect":  # mirror at 0 and at n - 1, the edge not repeated
            index = np.abs(index)
            index = np.where(index > n - 1, 2 * (n - 1) - index, index)
        else:
            index = np.clip(index, 0, n - 1)
        x = x.index_select(d, index)
    return x


def _circular(x: Tensor, pairs) -> Tensor:
    """Circular: crop the negative pads, then wrap around what is left (once at most)."""
    for left, right, d in pairs:
        n = x.shape[d]
        if left > n or right > n:
            raise RuntimeError(
                f"pad: Padding value causes wrapping around more than once (pads ({left}, "
                f"{right}) on dimension {d} of size {n})."
            )
        if n + left + right < 0:
            raise RuntimeError("pad: Negative padding value is resulting in an empty dimension")
        x = _crop(x, left, right, d)
        m, left, right = x.shape[d], max(left, 0), max(right, 0)
        if left > m or right > m:
            raise RuntimeError(
                f"pad: Padding value causes wrapping around more than once (pads ({left}, "
                f"{right}) on dimension {d}, {m} elements after cropping)."
            )
        if left or right:
            x = x.index_select(d, np.arange(-left, m + right) % m)
    return x


# ------------------------------------------------------------------- modules
def _padding(value, k: int, who: str) -> tuple[int, ...]:
    """An int (the same amount on every side) or 2k ints, as a tuple of 2k ints."""
    if isinstance(value, Sequence) and not isinstance(value, (str, bytes)):
        out = tuple(integer(v, f"padding[{i}]", who) for i, v in enumerate(value))
        if len(out) != 2 * k:
            raise ValueError(f"{who}: padding must be an int or {2 * k} ints, got {value!r}")
        return out
    try:
        n = operator.index(value)
    except TypeError:
        raise TypeError(
            f"{who}: padding must be an int or a tuple of {2 * k} ints, got {value!r} "
            f"({type(value).__name__})"
        ) from None
    return (n,) * (2 * k)


class _PadNd(Module):
    """A module applying `pad` with a fixed padding and mode."""

    _dims = 1
    _mode = "constant"

    def __init__(self, padding: int | Sequence[int]):
        super().__init__()
        self.padding = _padding(padding, self._dims, type(self).__name__)

    def forward(self, input) -> Tensor:
        """Pad `input` (see `nn.functional.pad`)."""
        return pad(input, self.padding, self._mode)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class _ConstantPadNd(_PadNd):
    def __init__(self, padding: int | Sequence[int], value: float):
        super().__init__(padding)
        self.value = number(value, "value", type(self).__name__)

    def forward(self, input) -> Tensor:
        """Pad `input` with value (see `nn.functional.pad`)."""
        return pad(input, self.padding, "constant", self.value)

    def extra_repr(self) -> str:
        return f"padding={self.padding}, value={self.value}"


class ConstantPad1d(_ConstantPadNd):
    """Pads the last dim with `value`; padding: an int or (left, right)."""

    _dims = 1


class ConstantPad2d(_ConstantPadNd):
    """Pads the last two dims with `value`; padding: an int or (left, right, top, bottom)."""

    _dims = 2


class ConstantPad3d(_ConstantPadNd):
    """Pads the last three dims with `value`; padding: an int or 6 ints, last dim first."""

    _dims = 3


class _ZeroPadNd(_ConstantPadNd):
    def __init__(self, padding: int | Sequence[int]):
        super().__init__(padding, 0.0)

    def extra_repr(self) -> str:
        return f"{self.padding}"


class ZeroPad1d(_ZeroPadNd):
    """Pads the last dim with zeros; padding: an int or (left, right)."""

    _dims = 1


class ZeroPad2d(_ZeroPadNd):
    """Pads the last two dims with zeros; padding: an int or (left, right, top, bottom)."""

    _dims = 2


class ZeroPad3d(_ZeroPadNd):
    """Pads the last three dims with zeros; padding: an int or 6 ints, last dim first."""

    _dims = 3


class ReflectionPad1d(_PadNd):
    """Pads (C, W) or (N, C, W) by reflection at the edges (the edge not repeated)."""

    _dims, _mode = 1, "reflect"


class ReflectionPad2d(_PadNd):
    """Pads (C, H, W) or (N, C, H, W) by reflection at the edges."""

    _dims, _mode = 2, "reflect"


class ReflectionPad3d(_PadNd):
    """Pads (C, D, H, W) or (N, C, D, H, W) by reflection at the edges."""

    _dims, _mode = 3, "reflect"


class ReplicationPad1d(_PadNd):
    """Pads (C, W) or (N, C, W) by repeating the edge values."""

    _dims, _mode = 1, "replicate"


class ReplicationPad2d(_PadNd):
    """Pads (C, H, W) or (N, C, H, W) by repeating the edge values."""

    _dims, _mode = 2, "replicate"


class ReplicationPad3d(_PadNd):
    """Pads (C, D, H, W) or (N, C, D, H, W) by repeating the edge values."""

    _dims, _mode = 3, "replicate"


class _CircularPadNd(_PadNd):
    _mode = "circular"

    def forward(self, input) -> Tensor:
        """Pad `input` circularly (see `nn.functional.pad`)."""
        ndim, k = as_tensor(input).ndim, self._dims
        if ndim not in (k + 1, k + 2):
            raise ValueError(f"expected {k + 1}D or {k + 2}D input (got {ndim}D input)")
        return pad(input, self.padding, "circular")


class CircularPad1d(_CircularPadNd):
    """Pads (C, W) or (N, C, W) by wrapping around (the other end's values)."""

    _dims = 1


class CircularPad2d(_CircularPadNd):
    """Pads (C, H, W) or (N, C, H, W) by wrapping around."""

    _dims = 2


class CircularPad3d(_CircularPadNd):
    """Pads (C, D, H, W) or (N, C, D, H, W) by wrapping around."""

    _dims = 3
