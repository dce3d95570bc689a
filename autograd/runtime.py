"""Threads, determinism, matmul precision and `compile`: PyTorch's runtime settings.

- `set_num_threads(n)` / `get_num_threads()` live in threads.py (graphgrad's kernels and
  numpy's BLAS); here the inter-op setting, which graphgrad keeps but does not use.
- `use_deterministic_algorithms(True)` is accepted: graphgrad's ops are deterministic on
  the CPU (the same inputs give the same bits, run after run, for a fixed thread count).
- `set_float32_matmul_precision(...)` is kept: float32 products are always full float32
  ("highest"), as on a CPU in PyTorch.
- `compile(model)` returns the model (or function) unchanged: graphgrad runs eagerly, as
  PyTorch does when it cannot compile. The numbers are the same; the speed is graphgrad's.
"""

from __future__ import annotations

import os

_state = {
    "deterministic": False,
    "warn_only": False,
    "matmul": "highest",
    "interop": None,
    "warn_always": False,
}


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


def is_deterministic_algorithms_warn_only_enabled() -> bool:
    """The warn_only of use_deterministic_algorithms (graphgrad is deterministic either way)."""
    return _state["warn_only"]


def set_deterministic_debug_mode(debug_mode: str | int) -> None:
    """use_deterministic_algorithms by a level: "default" or 0 (off), "warn" or 1 (on, warn
    only), "error" or 2 (on)."""
    modes = ("default", "warn", "error")
    if isinstance(debug_mode, str):
        if debug_mode not in modes:
            raise RuntimeError(
                "invalid value of debug_mode, expected one of `default`, `warn`, `error`, but "
                f"got {debug_mode}"
            )
        debug_mode = modes.index(debug_mode)
    elif isinstance(debug_mode, int) and not isinstance(debug_mode, bool):
        if debug_mode not in (0, 1, 2):
            raise RuntimeError(
                f"invalid value of debug_mode, expected 0, 1, or 2, but got {debug_mode}"
            )
    else:
        raise TypeError(f"debug_mode must be str or int, but got {type(debug_mode)}")
    use_deterministic_algorithms(debug_mode > 0, warn_only=debug_mode == 1)


def get_deterministic_debug_mode() -> int:
    """The level set_deterministic_debug_mode set: 0 off, 1 warn only, 2 on."""
    if not _state["deterministic"]:
        return 0
    return 1 if _state["warn_only"] else 2


def set_warn_always(b: bool, /) -> None:
    """Kept for PyTorch programs (its once-only warnings given every time): graphgrad's
    warnings follow Python's `warnings` filters, which decide how often they show."""
    _state["warn_always"] = bool(b)


def is_warn_always_enabled() -> bool:
    """What set_warn_always set (False by default)."""
    return _state["warn_always"]


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
            mode=None, options=None, name=None, disable: bool = False,
            recompile_limit=None, isolate_recompiles: bool = False,
            shapes_spec=None):  # fmt: skip
    """The model or function unchanged (graphgrad runs eagerly); as `@compile` or
    `@compile(mode=...)` a decorator that changes nothing."""
    if model is None:
        return lambda fn: fn
    return model
