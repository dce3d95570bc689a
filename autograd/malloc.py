"""glibc's malloc tuned for numpy's large temporaries: set at the first backward, switchable.

A training step allocates and frees the same large arrays (activations, im2col columns,
gradients) every step. glibc's defaults give each allocation above 128 KiB a fresh
mapping from the kernel, raising that threshold only as large blocks are freed, and give
memory at the top of the heap back to the kernel whenever more than twice the threshold
is free there. Depending on the heap's layout (what the program imported first), every
step then returns its arrays to the kernel and faults them back in page by page: about
3,800 minor page faults per step of the small CNN benchmark (15 MiB), which made it take
twice as long.

`tune()` fixes both thresholds, so arrays up to 32 MiB are reused from the heap and up to
256 MiB of free memory stays at its top: the same benchmark then has no page faults. The
price is resident memory that a peak leaves behind (up to the trim threshold). It is the
only process-wide setting graphgrad changes, the way numpy madvises huge pages for its
large arrays (NUMPY_MADVISE_HUGEPAGE).

When: the first backward pass (`settle()`, called by the engine), when the steady state of
a training loop begins. Applied at import instead, the thresholds would keep the arrays a
program allocates and frees while it sets up (data, initialisation) in the heap, where
they fragment it: 3 MiB more peak memory on the MLP benchmark's 50.

Switch: GRAPHGRAD_MALLOC=default in the environment, before the first `import autograd`,
leaves glibc's behaviour alone; `autograd.malloc.tune()` applies the setting at once. Other
C libraries (macOS, musl) are left alone. See docs/performance.md.
"""

from __future__ import annotations

import os

MMAP_THRESHOLD = 32 << 20  # glibc's upper limit for M_MMAP_THRESHOLD on 64-bit systems
TRIM_THRESHOLD = 256 << 20
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # from <malloc.h>

_settings: dict | None = None
_function = None  # mallopt, once found
pending = False  # tune() is due at the first backward (GRAPHGRAD_MALLOC is not "default")


def _glibc() -> bool:
    try:
        return os.confstr("CS_GNU_LIBC_VERSION").startswith("glibc")
    except (AttributeError, ValueError, OSError):
        return False


def tune(mmap_threshold: int = MMAP_THRESHOLD, trim_threshold: int = TRIM_THRESHOLD) -> bool:
    """Fix glibc's mmap and trim thresholds (bytes); False where the C library is not glibc.

    mallopt's effect lasts for the process: glibc's own adjustment of the thresholds
    stays off from then on.
    """
    global _settings, pending
    pending = False
    mallopt = _mallopt()
    if mallopt is None:
        return False
    ok = mallopt(_M_MMAP_THRESHOLD, int(mmap_threshold)) == 1
    ok = mallopt(_M_TRIM_THRESHOLD, int(trim_threshold)) == 1 and ok
    if ok:
        _settings = {"mmap_threshold": int(mmap_threshold), "trim_threshold": int(trim_threshold)}
    return ok


def _mallopt():
    """glibc's mallopt through ctypes (found once), or None on other C libraries."""
    global _function
    if _function is None and _glibc():
        import ctypes

        _function = ctypes.CDLL(None).mallopt
        _function.argtypes = (ctypes.c_int, ctypes.c_int)
    return _function


def settings() -> dict | None:
    """The thresholds graphgrad set in this process, or None (glibc's own behaviour)."""
    return None if _settings is None else dict(_settings)


def settle() -> None:
    """Apply the pending setting (the engine calls this at each backward; once is enough)."""
    if pending:
        tune()


def _at_import() -> None:
    global pending
    choice = os.environ.get("GRAPHGRAD_MALLOC", "tuned").strip().lower()
    if choice == "default":
        return
    if choice != "tuned":
        import warnings

        warnings.warn(
            f"GRAPHGRAD_MALLOC={choice!r} is not 'tuned' or 'default'; using 'tuned'",
            stacklevel=3,
        )
    pending = True
    _mallopt()  # ctypes found now: the first backward only calls it (and leaves no garbage)


_at_import()
