"""Window functions and the short-time Fourier transform: `hann_window`,
`hamming_window`, `blackman_window`, `bartlett_window`, `kaiser_window`, `stft`, `istft`.

The windows are computed as PyTorch's kernels compute them, in the requested dtype (a
periodic window of length N is the symmetric one of length N + 1 without its last point).
graphgrad has no complex dtype, so `stft` gives PyTorch's real form only
(`return_complex=False`: the real and imaginary parts in a last dim of 2), differentiable
in the input and the window; `return_complex=True`, and `istft` (whose input PyTorch
requires complex), raise saying so.
"""

from __future__ import annotations

import math

import numpy as np

from . import devices, dtypes
from .layouts import check_storage
from .tensor_class import Tensor, as_tensor

__all__ = [
    "bartlett_window",
    "blackman_window",
    "hamming_window",
    "hann_window",
    "istft",
    "kaiser_window",
    "stft",
]


def _window(
    name: str,
    window_length,
    periodic,
    dtype,
    layout,
    device,
    requires_grad,
    compute,
    pin_memory=None,
) -> Tensor:
    """The window of `window_length` points that `compute(n, d)` gives for the symmetric
    length n in dtype d (periodic: n + 1 points, the last dropped)."""
    if isinstance(window_length, bool) or not isinstance(window_length, (int, np.integer)):
        raise TypeError(
            f"{name}(): argument 'window_length' (position 1) must be int, not "
            f"{type(window_length).__name__}"
        )
    if not isinstance(periodic, (bool, np.bool_)):
        raise TypeError(
            f"{name}(): argument 'periodic' (position 2) must be bool, not "
            f"{type(periodic).__name__}"
        )
    check_storage(name, layout=layout, pin_memory=pin_memory)
    devices.check(device, name)
    d = np.dtype(dtypes.get_default_dtype() if dtype is None else dtypes.to_dtype(dtype))
    if d.kind != "f":
        raise RuntimeError(f"{name} expects floating point dtypes, got: {d}")
    n = int(window_length)
    if n < 0:
        raise RuntimeError(f"{name} requires non-negative window_length, got window_length={n}")
    if n <= 1:
        arr = np.ones(n, d)
    else:
        m = n + 1 if periodic else n
        arr = np.asarray(compute(m, d), d)[:n]
    return Tensor(arr, requires_grad=requires_grad)


def _cosine_sum(m: int, d: np.dtype, alpha: float, beta: float) -> np.ndarray:
    """alpha - beta cos(2 pi k / (m - 1)), in dtype d (PyTorch's hamming_window kernel)."""
    w = np.arange(m, dtype=d) * d.type(math.pi * 2.0 / (m - 1))
    return np.cos(w) * d.type(-beta) + d.type(alpha)


def hann_window(
    window_length: int,
    periodic: bool = True,
    *,
    dtype=None,
    layout=None,
    device=None,
    pin_memory: bool = False,
    requires_grad: bool = False,
) -> Tensor:
    """The Hann window: 0.5 - 0.5 cos(2 pi k / (N - 1)) (periodic: N + 1 points, less the
    last)."""
    return _window(
        "hann_window",
        window_length,
        periodic,
        dtype,
        layout,
        device,
        requires_grad,
        lambda m, d: _cosine_sum(m, d, 0.5, 0.5),
        pin_memory=pin_memory,
    )


def hamming_window(
    window_length: int,
    periodic: bool = True,
    alpha: float = 0.54,
    beta: float = 0.46,
    *,
    dtype=None,
    layout=None,
    device=None,
    pin_memory: bool = False,
    requires_grad: bool = False,
) -> Tensor:
    """The Hamming window: alpha - beta cos(2 pi k / (N - 1))."""
    return _window(
        "hamming_window",
        window_length,
        periodic,
        dtype,
        layout,
        device,
        requires_grad,
        lambda m, d: _cosine_sum(m, d, alpha, beta),
        pin_memory=pin_memory,
    )


def _blackman(m: int, d: np.dtype) -> np.ndarray:
    w = np.arange(m, dtype=d) * d.type(math.pi / (m - 1))
    return np.cos(w * d.type(4)) * d.type(0.08) - np.cos(w * d.type(2)) * d.type(0.5) + d.type(0.42)


def blackman_window(
    window_length: int,
    periodic: bool = True,
    *,
    dtype=None,
    layout=None,
    device=None,
    pin_memory: bool = False,
    requires_grad: bool = False,
) -> Tensor:
    """The Blackman window: 0.42 - 0.5 cos(2 pi k / (N - 1)) + 0.08 cos(4 pi k / (N - 1))."""
    return _window(
        "blackman_window",
        window_length,
        periodic,
        dtype,
        layout,
        device,
        requires_grad,
        _blackman,
        pin_memory=pin_memory,
    )


def _bartlett(m: int, d: np.dtype) -> np.ndarray:
    w = np.arange(m, dtype=d) * d.type(2.0 / (m - 1))
    half = ((m - 1) >> 1) + 1
    w[half:] = d.type(2) - w[half:]
    return w


def bartlett_window(
    window_length: int,
    periodic: bool = True,
    *,
    dtype=None,
    layout=None,
    device=None,
    pin_memory: bool = False,
    requires_grad: bool = False,
) -> Tensor:
    """The Bartlett (triangular) window: 1 - |2k / (N - 1) - 1|."""
    return _window(
        "bartlett_window",
        window_length,
        periodic,
        dtype,
        layout,
        device,
        requires_grad,
        _bartlett,
        pin_memory=pin_memory,
    )


def kaiser_window(
    window_length: int,
    periodic: bool = True,
    beta: float = 12.0,
    *,
    dtype=None,
    layout=None,
    device=None,
    pin_memory: bool = False,
    requires_grad: bool = False,
) -> Tensor:
    """The Kaiser window: I0(beta sqrt(1 - ((k - a) / a)^2)) / I0(beta), a = (N - 1) / 2."""

    def compute(m: int, d: np.dtype) -> np.ndarray:
        a = (m - 1) / 2.0
        k = np.arange(m, dtype=np.float64)
        arg = beta * np.sqrt(np.abs(1.0 - ((k - a) / a) ** 2))
        return np.i0(arg) / np.i0(np.float64(beta))  # (numpy's Cephes series)

    return _window(
        "kaiser_window",
        window_length,
        periodic,
        dtype,
        layout,
        device,
        requires_grad,
        compute,
        pin_memory=pin_memory,
    )


# ------------------------------------------------------------------ stft
def stft(
    input,
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
    return as_tensor(input).stft(n_fft, hop_length, win_length, window, center, pad_mode,
                                 normalized, onesided, return_complex,
                                 align_to_window)  # fmt: skip


def istft(
    input,
    n_fft: int,
    hop_length: int | None = None,
    win_length: int | None = None,
    window=None,
    center: bool = True,
    normalized: bool = False,
    onesided: bool | None = None,
    length: int | None = None,
    return_complex: bool = False,
) -> Tensor:
    """Refused: PyTorch's istft takes a complex spectrogram, and graphgrad has no complex
    dtype."""
    return as_tensor(input).istft(n_fft)


istft._refusal = True  # shown as absent in docs/from-pytorch.md's table
