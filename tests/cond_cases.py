"""Cases of linalg.cond, written once for both libraries (the `Case` of
tests/tensor_api_cases.py: fn(T, *tensors), T being torch or autograd).

tools/make_views_fixtures.py records PyTorch's outputs, gradients and errors in
tests/data/cond_pytorch.npz; tests/test_views_pytorch.py compares. Needs only numpy.
"""

from __future__ import annotations

import numpy as np
from tensor_api_cases import Case

INF = float("inf")
A3 = np.array([[2.0, 1.0, 0.5], [1.0, 3.0, 1.0], [0.0, 1.0, 4.0]])
SINGULAR = np.array([[1.0, 2.0], [2.0, 4.0]])
WIDE = np.arange(6.0).reshape(2, 3) + 1
BATCH = np.stack([A3, np.zeros((3, 3)), A3.T * 2])

# PyTorch 2.13 cannot differentiate cond in these norms (its backward finds the inverse it
# saved changed in place), so only their values are recorded; graphgrad's gradients are
# checked against finite differences in tests/test_views_pytorch.py
NO_PYTORCH_GRADIENT = {"fro", "inf", "minf", "1", "m1"}
ORDERS = [("none", None), ("2", 2), ("m2", -2), ("fro", "fro"), ("nuc", "nuc"), ("inf", INF),
          ("minf", -INF), ("1", 1), ("m1", -1)]  # fmt: skip


def _cond(p):
    return lambda T, a: T.linalg.cond(a, p)


CASES = [
    *[Case(f"cond_{n}", _cond(p), [A3], grad=n not in NO_PYTORCH_GRADIENT) for n, p in ORDERS],
    Case("cond_wide", lambda T, a: T.linalg.cond(a), [WIDE]),
    Case("cond_wide_m2", lambda T, a: T.linalg.cond(a, -2), [WIDE]),
    Case("cond_singular_fro", lambda T, a: T.linalg.cond(a, "fro"), [SINGULAR], grad=False),
    Case("cond_singular_1", lambda T, a: T.linalg.cond(a, 1), [SINGULAR], grad=False),
    Case("cond_batch_nuc", lambda T, a: T.linalg.cond(a, "nuc"), [BATCH], grad=False),
    Case("cond_batch", lambda T, a: T.linalg.cond(a[::2]), [BATCH]),
    Case("cond_float32", _cond("fro"), [A3.astype(np.float32)], grad=False),
    Case("cond_empty", lambda T, a: T.linalg.cond(a), [np.zeros((0, 0))], grad=False),
    Case("cond_1d", lambda T, a: T.linalg.cond(a), [np.ones(3)], grad=False),
    Case("cond_wide_fro", lambda T, a: T.linalg.cond(a, "fro"), [WIDE], grad=False),
    Case("cond_bad_ord", lambda T, a: T.linalg.cond(a, 3), [A3], grad=False),
    Case("cond_bad_str", lambda T, a: T.linalg.cond(a, "foo"), [A3], grad=False),
]
