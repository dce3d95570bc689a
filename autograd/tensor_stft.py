"""Tensor.stft: the short-time Fourier transform in PyTorch's real form (graphgrad has no
complex dtype), and Tensor.istft, refused (PyTorch's takes a complex spectrogram).

The frames (centre-padded by reflection, replication, wrapping or zeros) are multiplied by
the window and by the cosine and sine matrices of the DFT: recorded ops throughout, so the
result is differentiable in the signal and the window, to any order.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import numpy as np

from .argcheck import integer
from .op import xp

if TYPE_CHECKING:
    from .tensor_class import Tensor

_NO_COMPLEX = (
    "graphgrad has no complex dtype: write return_complex=False for PyTorch's real form "
    "(the real and imaginary parts in a last dim of size 2)"
)


def _pad_index(n: int, pad: int, mode: str) -> np.ndarray:
    """The source positions of a signal of n samples padded by `pad` on both sides."""
    k = np.arange(-pad, n + pad)
    if mode == "reflect":
        if pad >= n:
            raise RuntimeError(
                f"stft: reflect padding of {pad} needs a signal longer than {pad} samples, got {n}"
            )
        k = np.abs(k)
        return np.where(k >= n, 2 * (n - 1) - k, k)
    if mode == "replicate":
        return np.clip(k, 0, n - 1)
    if mode == "circular":
        return k % n
    raise ValueError(
        f"stft: pad_mode must be 'reflect', 'constant', 'replicate' or 'circular', got {mode!r}"
    )


class STFTMethods:
    """`stft` (the real form) and `istft` (refused: no complex dtype)."""

    __slots__ = ()

    def stft(
        self,
        n_fft: int,
        hop_length: int | None = None,
        win_length: int | None = None,
        window=None,
        center: bool = True,
        pad_mode: str = "reflect",
        normalized: bool = False,
        onesided: bool | None = None,
        return_complex: bool | None = None,
        align_to_window: bool | None = None,
    ) -> Tensor:
        """The short-time Fourier transform of a 1-d signal or a (B, L) batch, in PyTorch's
        real form: (B, n_fft // 2 + 1, frames, 2), the last dim the real and imaginary parts
        (return_complex=False is required: graphgrad has no complex dtype)."""
        if align_to_window is not None and center:
            raise RuntimeError("stft align_to_window should only be set when center = false")
        if align_to_window:
            raise NotImplementedError(
                "stft(align_to_window=True) is not supported: graphgrad centres a shorter "
                "window in each n_fft frame, as align_to_window=False (or None) does"
            )
        if return_complex is None:
            raise RuntimeError(
                "stft requires the return_complex parameter be given for real inputs, and will "
                "further require that return_complex=True in a future PyTorch release. "
                + _NO_COMPLEX
            )
        if return_complex:
            raise RuntimeError(f"stft(return_complex=True): {_NO_COMPLEX}")
        warnings.warn(
            "stft with return_complex=False is deprecated. In a future pytorch release, stft will "
            "return complex tensors for all inputs, and return_complex=False will raise an error.",
            UserWarning,
            stacklevel=2,
        )
        x = self
        if x.ndim not in (1, 2):
            raise RuntimeError(f"stft: expected a 1D or 2D tensor, but got {x.ndim}D")
        if x.dtype.kind != "f":
            raise RuntimeError(f"stft: expected a floating-point input, got {x.dtype}")
        n_fft = integer(n_fft, "n_fft", "stft")
        hop = n_fft // 4 if hop_length is None else integer(hop_length, "hop_length", "stft")
        win = n_fft if win_length is None else integer(win_length, "win_length", "stft")
        batched = x.ndim == 2
        x = x if batched else x.unsqueeze(0)
        if center:
            pad = n_fft // 2
            if pad_mode == "constant":
                zeros = x._result(np.zeros((x.shape[0], pad), x.dtype))
                x = xp(x).concatenate([zeros, x, zeros], 1)
            else:
                x = x[:, _pad_index(x.shape[1], pad, pad_mode)]
        length = x.shape[1]
        if not 0 < n_fft <= length:
            raise RuntimeError(f"stft: expected 0 < n_fft <= {length}, but got n_fft={n_fft}")
        if hop <= 0:
            raise RuntimeError(f"stft: expected hop_length > 0, but got hop_length={hop}")
        if not 0 < win <= n_fft:
            raise RuntimeError(f"stft: expected 0 < win_length <= n_fft, but got win_length={win}")
        if window is None:
            warnings.warn(
                "A window was not provided. A rectangular window will be applied,which is known to "
                "cause spectral leakage. Other windows such as torch.hann_window or "
                "torch.hamming_window are recommended to reduce spectral leakage.To suppress this "
                "warning and use a rectangular window, explicitly set `window=torch.ones(n_fft, "
                "device=<device>)`.",
                UserWarning,
                stacklevel=2,
            )
            w = x._result(np.ones(win, x.dtype))
        else:
            w = window if hasattr(window, "_data") else x._operand(window)
            if w.ndim != 1 or w.shape[0] != win:
                raise RuntimeError(
                    f"stft: expected a 1D window tensor of size equal to win_length={win}, but got "
                    f"window with size {list(w.shape)}"
                )
        if win < n_fft:
            left = (n_fft - win) // 2
            zeros = np.zeros(left, w.dtype), np.zeros(n_fft - win - left, w.dtype)
            w = xp(w).concatenate([w._result(zeros[0]), w, w._result(zeros[1])])
        frames = 1 + (length - n_fft) // hop
        at = np.arange(frames)[:, None] * hop + np.arange(n_fft)
        framed = x[:, at] * w  # (B, frames, n_fft)
        n_freq = n_fft // 2 + 1 if onesided is None or onesided else n_fft
        angle = 2 * np.pi * ((np.arange(n_fft)[:, None] * np.arange(n_freq)) % n_fft) / n_fft
        cos, sin = np.cos(angle).astype(x.dtype), np.sin(angle).astype(x.dtype)
        out = xp(framed).stack([framed @ cos, -(framed @ sin)], -1)  # (B, frames, n_freq, 2)
        if normalized:
            out = out * x.dtype.type(1.0 / math.sqrt(n_fft))
        out = out.transpose(1, 2)
        return out if batched else out[0]

    def istft(self, n_fft: int, *args, **kwargs) -> Tensor:
        """Refused: PyTorch's istft takes a complex spectrogram (stft's
        return_complex=True), and graphgrad has no complex dtype."""
        raise RuntimeError(
            "istft requires a complex-valued input tensor matching the output from stft with "
            "return_complex=True; graphgrad has no complex dtype, so it has no istft (invert "
            "the real form by hand: an inverse DFT of each frame, overlap-add, divided by the "
            "summed squared window)"
        )


STFTMethods.istft._refusal = True  # shown as absent in docs/from-pytorch.md's table
