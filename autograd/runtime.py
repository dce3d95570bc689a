"""Threads, determinism, matmul precision and `compile`: PyTorch's runtime settings.

- `set_num_threads(n)` limits the BLAS library numpy's matrix products run on (through
  threadpoolctl), the one multi-threaded part of graphgrad; `get_num_threads()` reads it.
- `use_deterministic_algorithms(True)` is accepted: graphgrad's ops are deterministic on
  the CPU (the same inputs give the same bits, run after run, for a fixed thread count).
- `set_float32_matmul_precision(...)` is kept: float32 products are always full float32
  ("highest"), as on a CPU in PyTorch.
- `compile(model)` returns the model (or function) unchanged: graphgrad runs eagerly, as
  PyTorch does when it cannot compile. The numbers are the same; the speed is graphgrad's.
"""

from __future__ import annotations

import os

_state = {"deterministic": False, "warn_only": False, "matmul": "highest", "interop": None}
_limits = None  # the threadpoolctl limiter set by set_num_threads


def set_num_threads(n: int) -> None:
    """Use n threads for matrix products (the BLAS library under numpy)."""
    global _limits
    n = int(n)
    if n < 1:
        raise ValueError(f"set_num_threads: the number of threads must be positive, got {n}")
    from threadpoolctl import threadpool_limits

    if _limits is not None:
        _limits.restore_original_limits()
    _limits = threadpool_limits(limits=n, user_api="blas")


def get_num_threads() -> int:
    """The number of threads matrix products use (the BLAS library's setting)."""
    from threadpoolctl import threadpool_info

    counts = [p["num_threads"] for p in threadpool_info() if p.get("user_api") == "blas"]
    return max(counts) if counts else (os.cpu_count() or 1)


def set_num_interop_threads(n: int) -> None:
    """Kept for PyTorch programs: graphgrad runs ops one after another (no inter-op pool)."""
    _state["interop"] = int(n)


def get_num_interop_threads() -> int:
    """What set_num_interop_threads set, else the number of CPUs."""
    return _state["interop"] or (os.cpu_count() or 1)


def use_deterministic_algorithms(mode: bool, *, warn_only: bool = False) -> None:
    """Accepted: graphgrad's ops are deterministic on the CPU already."""
    _state["deterministic"], _state["warn_only"] = bool(mode), bool(warn_only)


def are_deterministic_algorithms_enabled() -> bool:
    """What use_deterministic_algorithms set (graphgrad is deterministic either way)."""
    return _state["deterministic"]


def set_float32_matmul_precision(precision: str) -> None:
    """Kept: "highest", "high" or "medium"; float32 products stay full float32 here."""
    if precision not in ("highest", "high", "medium"):
        raise RuntimeError(
            f"set_float32_matmul_precision: expected 'highest', 'high' or 'medium', "
            f"got {precision!r}"
        )
    _state["matmul"] = precision


def get_float32_matmul_precision() -> str:
    """What set_float32_matmul_precision set ("highest" by default)."""
    return _state["matmul"]


def compile(model=None, *, fullgraph: bool = False, dynamic=None, backend="inductor",
            mode=None, options=None, disable: bool = False):  # fmt: skip
    """The model or function unchanged (graphgrad runs eagerly); as `@compile` or
    `@compile(mode=...)` a decorator that changes nothing."""
    if model is None:
        return lambda fn: fn
    return model
