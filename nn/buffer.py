"""`Buffer`: a Tensor that a Module registers as a buffer when it is assigned to an
attribute (PyTorch 2's `nn.Buffer`), with its `persistent` flag."""

from __future__ import annotations

import numpy as np

from autograd import dtypes as _dtypes
from autograd.op import value
from autograd.tensor_class import Tensor

__all__ = ["Buffer"]


class Buffer(Tensor):
    """Module state that is not a parameter (a running mean): `module.name = nn.Buffer(t)`
    registers it as `register_buffer(name, t, persistent)` does; `persistent=False` leaves
    it out of `state_dict`."""

    __slots__ = ("persistent",)

    def __init__(self, data=None, *, persistent: bool = True):
        if data is None:
            data = np.empty(0, dtype=_dtypes.get_default_dtype())
        requires_grad = bool(getattr(data, "requires_grad", False))
        super().__init__(value(data), requires_grad=requires_grad)  # detached, same values
        self.persistent = bool(persistent)
