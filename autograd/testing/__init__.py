"""Tools for testing ops: `check_op`, hypothesis strategies and a pytest plugin.

`check_op` needs only numpy. The strategies (`tensors`, `broadcastable_shapes`,
`axes`, `index_expressions`, `op_property_test`) need hypothesis and are
imported on first use, so `import autograd.testing` works without it.
"""

from __future__ import annotations

from types import SimpleNamespace

from .checks import CHECKS, Finding, OpCheckError, OpCheckReport, check_op

# Set by the pytest plugin: hypothesis max_examples for toolkit tests (None: the
# profile's), and the seed of check_op's random upstream gradients in the fixture
# and in op_property_test.
config = SimpleNamespace(examples=None, seed=0)

_STRATEGIES = ("tensors", "broadcastable_shapes", "axes", "index_expressions", "op_property_test")

__all__ = ["CHECKS", "config", "Finding", "OpCheckError", "OpCheckReport", "check_op", *_STRATEGIES]


def __getattr__(name: str):
    if name in _STRATEGIES:
        from . import strategies  # raises ImportError naming `pip install hypothesis`

        return getattr(strategies, name)
    raise AttributeError(f"module 'autograd.testing' has no attribute {name!r}")
