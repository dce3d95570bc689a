"""The default floating dtype (float32 unless changed)."""

from __future__ import annotations

import numpy as np

_default = np.dtype(np.float32)


def set_default_dtype(dtype) -> None:
    """Set the dtype that Python floats and new floating tensors take."""
    global _default
    d = np.dtype(dtype)
    if d.kind != "f":
        raise TypeError(f"set_default_dtype: only floating dtypes are allowed, got {d}")
    _default = d


def get_default_dtype() -> np.dtype:
    """The dtype that Python floats and new floating tensors take."""
    return _default


def is_differentiable(dtype: np.dtype) -> bool:
    """Only floating (and complex) tensors can require grad."""
    return dtype.kind in "fc"
