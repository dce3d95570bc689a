"""Operands cast to PyTorch's result dtype (`dtypes.result_type`, `torch.result_type`).

numpy and PyTorch agree within a category (bool < integer < floating < complex) but not
across: numpy widens int64 with float32 to float64, PyTorch keeps float32; and a 0-d
tensor or a Python number raises the category of the result but not its size (float32
with a float64 0-d tensor is float32). The operators call `promote` only when the dtypes
differ (or for a division of integers), so same-dtype operands never come here.
"""

from __future__ import annotations

from . import dtypes


def promote(a, b, divides: bool = False):
    """Tensors a and b cast to PyTorch's result dtype for an op on both; `divides`: a true
    division, which gives integers the default floating dtype."""
    da, db = a._data.dtype, b._data.dtype
    if da is db and (not divides or da.kind not in "iub"):
        return a, b
    dt = dtypes.result_type(a, b)
    if divides and dt.kind in "iub":
        dt = dtypes.get_default_dtype()
    if da != dt:
        a = a.astype(dt)
    if db != dt:
        b = b.astype(dt)
    return a, b
