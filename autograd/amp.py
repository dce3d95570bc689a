"""`autocast` and `GradScaler` (torch.amp): mixed precision, which graphgrad does not do.

PyTorch's mixed precision runs matmuls and convolutions in float16 or bfloat16. On a
machine without CUDA, PyTorch itself disables CUDA autocast and the (CUDA) GradScaler with
a warning, and they change nothing: graphgrad does the same. CPU autocast (bfloat16 in
PyTorch) and an enabled CPU GradScaler would change the numbers; graphgrad cannot (numpy has
no bfloat16), so they raise a RuntimeError saying what to write instead.
"""

from __future__ import annotations

import functools
import warnings

_CPU_REFUSED = (
    "graphgrad does not do mixed precision: PyTorch's CPU autocast runs matmuls and "
    "convolutions in bfloat16, which numpy lacks, so the numbers would differ. Leave it "
    "out (graphgrad computes in the tensors' own dtype) or pass enabled=False"
)


class autocast:
    """`with autocast(device_type, dtype=None, enabled=True):` disabled for "cuda" (with
    PyTorch's warning: no CUDA here) or when enabled=False; refused for "cpu" (it would
    change the numbers). Also a decorator."""

    def __init__(self, device_type: str = "cuda", dtype=None, enabled: bool = True,
                 cache_enabled=None):  # fmt: skip
        self.device_type = str(device_type).partition(":")[0]
        self.enabled = bool(enabled)
        if self.enabled and self.device_type == "cpu":
            raise RuntimeError("autocast('cpu'): " + _CPU_REFUSED)
        if self.enabled:
            warnings.warn(
                f"{self.device_type.upper()} is not available (graphgrad runs on the CPU). "
                "Disabling autocast.",
                UserWarning,
                stacklevel=2,
            )
            self.enabled = False

    def __enter__(self) -> autocast:
        return self

    def __exit__(self, *exc) -> None:
        return None

    def __call__(self, fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            with self:
                return fn(*args, **kwargs)

        return wrapper


class GradScaler:
    """`GradScaler(device="cuda", ..., enabled=True)`, disabled as in PyTorch without CUDA:
    `scale(loss)` returns loss, `step(optimizer)` steps, `update()` does nothing. Enabled
    on "cpu" it is refused (it would change the numbers)."""

    def __init__(self, device: str = "cuda", init_scale: float = 2.0**16,
                 growth_factor: float = 2.0, backoff_factor: float = 0.5,
                 growth_interval: int = 2000, enabled: bool = True):  # fmt: skip
        self._device = str(device).partition(":")[0]
        if enabled and self._device == "cpu":
            raise RuntimeError("GradScaler('cpu'): " + _CPU_REFUSED)
        if enabled:
            warnings.warn(
                "GradScaler is enabled, but CUDA is not available (graphgrad runs on the "
                "CPU). Disabling.",
                UserWarning,
                stacklevel=2,
            )
        self._enabled = False

    def is_enabled(self) -> bool:
        """False: disabled (no CUDA)."""
        return self._enabled

    def scale(self, outputs):
        """The outputs unchanged (a disabled scaler)."""
        return outputs

    def unscale_(self, optimizer) -> None:
        """Nothing to unscale (a disabled scaler)."""
        return None

    def step(self, optimizer, *args, **kwargs):
        """`optimizer.step(*args, **kwargs)`."""
        return optimizer.step(*args, **kwargs)

    def update(self, new_scale=None) -> None:
        """Nothing to update (a disabled scaler)."""
        return None

    def get_scale(self) -> float:
        """1.0, as PyTorch's disabled scaler."""
        return 1.0

    def state_dict(self) -> dict:
        """{} (a disabled scaler has no state, as in PyTorch)."""
        return {}

    def load_state_dict(self, state_dict: dict) -> None:
        """Nothing to restore (a disabled scaler)."""
        return None


def cuda_autocast(enabled: bool = True, dtype=None, cache_enabled=None) -> autocast:
    """`torch.cuda.amp.autocast(...)`: `autocast("cuda", ...)` (disabled: no CUDA)."""
    return autocast("cuda", dtype=dtype, enabled=enabled, cache_enabled=cache_enabled)


def cuda_grad_scaler(init_scale: float = 2.0**16, growth_factor: float = 2.0,
                     backoff_factor: float = 0.5, growth_interval: int = 2000,
                     enabled: bool = True) -> GradScaler:  # fmt: skip
    """`torch.cuda.amp.GradScaler(...)`: `GradScaler("cuda", ...)` (disabled: no CUDA)."""
    return GradScaler("cuda", init_scale, growth_factor, backoff_factor, growth_interval,
                      enabled)  # fmt: skip
