"""`CrossMapLRN2d`: the legacy (Lua Torch) local response normalisation of (N, C, H, W).

Each value is multiplied by (k + alpha / size * s)^-beta, s a running sum of squares across
channels, computed as PyTorch's legacy kernel computes it: the first channel's window holds
channels 0 .. (size - 1) // 2, and each next channel adds the square entering the window
and, from channel pre_pad + 1 on (pre_pad = (size - 1) // 2 + 1), removes the one leaving
it; channel 0's square is never removed (the kernel's quirk), so from channel pre_pad on
the sums differ from `LocalResponseNorm`'s unless there are at most pre_pad channels. The
gradient is that kernel's own closed form (which ignores the quirk), so it matches PyTorch's
rather than finite differences when the quirk applies; it has no derivative of its own.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd.argcheck import integer, number
from autograd.op import Op
from autograd.tensor_class import as_tensor

from .module import Module

__all__ = ["CrossMapLRN2d"]


def _scale(x: np.ndarray, size: int, alpha: float, k: float) -> np.ndarray:
    """k + alpha / size * the legacy running sum of squares across channels."""
    sq = x * x
    c = x.shape[1]
    pre_pad = int((size - 1) / 2 + 1)
    scale = np.empty_like(x)
    scale[:, 0] = 0
    for j in range(min(pre_pad, c)):
        scale[:, 0] += sq[:, j]
    for j in range(1, c):
        scale[:, j] = scale[:, j - 1]
        if j < c - pre_pad + 1:
            scale[:, j] += sq[:, j + pre_pad - 1]
        if j > pre_pad:
            scale[:, j] -= sq[:, j - pre_pad]
    return scale * (alpha / size) + k


class CrossMapLRN2dOp(Op):
    """x * scale^-beta (see the module docstring); scale is kept for the backward."""

    __slots__ = ("size", "alpha", "beta", "k", "_scale")

    def forward(self, x):
        self._scale = _scale(x, self.size, self.alpha, self.k)
        return np.power(self._scale, -self.beta) * x

    def backward(self, g, out, x):
        return (CrossMapLRN2dGrad.call(g, x, out, _of=self),)


class CrossMapLRN2dGrad(Op):
    """The legacy kernel's gradient of `CrossMapLRN2dOp` (no derivative of its own)."""

    __slots__ = ("_of",)

    def forward(self, g, x, out):
        op = self._of
        size, n, c = op.size, x.shape[0], x.shape[1]
        inverse = int(size - (size - 1) / 2)
        if inverse + c > c + size - 1:
            raise RuntimeError(
                f"start ({inverse}) + length ({c}) exceeds dimension size ({c + size - 1})."
            )
        grad = np.power(op._scale, -op.beta) * g
        ratio = np.zeros((n, c + size - 1) + x.shape[2:], x.dtype)
        ratio[:, inverse : inverse + c] = g * out / op._scale
        window = np.zeros_like(x)
        for j in range(size):
            window += ratio[:, j : j + c]
        return grad - (2 * op.alpha * op.beta / size) * x * window

    def backward(self, gg, out, g, x, y):
        raise RuntimeError("CrossMapLRN2d: its gradient has no derivative (as in PyTorch)")


class CrossMapLRN2d(Module):
    """Legacy cross-channel local response normalisation of 4-d input (see the module
    docstring for how it differs from `LocalResponseNorm`)."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1) -> None:
        super().__init__()
        self.size = integer(size, "size", "CrossMapLRN2d", minimum=1)
        for name, v in (("alpha", alpha), ("beta", beta), ("k", k)):
            number(v, name, "CrossMapLRN2d")  # checked, kept as given (PyTorch prints k=1)
            setattr(self, name, v if isinstance(v, (int, float)) else float(v))

    def forward(self, input: Tensor) -> Tensor:
        """The normalised input (N, C, H, W)."""
        x = as_tensor(input)
        if x.ndim != 4:
            raise ValueError(f"CrossMapLRN2d: Expected input to be 4D, got {x.ndim}D instead.")
        return CrossMapLRN2dOp.apply(
            x, size=self.size, alpha=self.alpha, beta=self.beta, k=self.k, _scale=None
        )

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
