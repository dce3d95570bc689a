"""LazyLinear: a Linear layer whose in_features is read from its first input, as PyTorch's.

Until then its weight is an (out_features, 0) Parameter and its bias a (0,) one (PyTorch's
uninitialized parameters). The first forward, or loading a state dict, sizes them in place
(the same Parameter objects, so an optimizer built before keeps them), draws PyTorch's
initialisation (the weight, then the bias, as Linear) and turns the module into a Linear.
Loading a state dict draws nothing: the module becomes a Linear with in_features set
(PyTorch keeps a LazyLinear with in_features=0 until the next forward).
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor, as_tensor
from autograd.argcheck import integer

from .linear import Linear
from .module import Module, Parameter, factory_dtype

__all__ = ["LazyLinear"]


class LazyLinear(Linear):
    """A Linear layer whose in_features is inferred from the first input's last axis (then
    it becomes an nn.Linear, with PyTorch's initialisation drawn at that moment)."""

    cls_to_become = Linear

    def __init__(self, out_features: int, bias: bool = True, device=None, dtype=None):
        Module.__init__(self)
        self.in_features = 0
        self.out_features = integer(out_features, "out_features", "LazyLinear", minimum=0)
        dt = factory_dtype(device, dtype, "LazyLinear")
        self.weight = Parameter(np.empty((self.out_features, 0), dtype=dt))
        self.bias = Parameter(np.empty((0,), dtype=dt)) if bias else None

    def has_uninitialized_params(self) -> bool:
        """True until the first input (or a state dict) gives in_features."""
        return type(self) is LazyLinear

    def reset_parameters(self) -> None:
        """PyTorch's Linear initialisation, once the sizes are known (nothing before)."""
        if not self.has_uninitialized_params() or self.in_features != 0:
            super().reset_parameters()

    def initialize_parameters(self, input) -> None:
        """Size the weight (out_features, input.shape[-1]) and the bias, and initialise them."""
        if not self.has_uninitialized_params():
            return
        shape = as_tensor(input).shape
        if not shape:
            raise ValueError("LazyLinear: the input must have at least one axis (the features)")
        self._materialize(shape[-1])

    def _materialize(self, in_features: int, draw: bool = True) -> None:
        self.in_features = in_features
        dt = self.weight.dtype
        self.weight.data = np.zeros((self.out_features, in_features), dt)
        if self.bias is not None:
            self.bias.data = np.zeros((self.out_features,), dt)
        if draw:
            self.reset_parameters()
        self.__class__ = self.cls_to_become

    def _materialize_from_state(self, state, prefix: str) -> None:
        """Called by load_state_dict: the sizes from the state dict's weight (its values are
        then copied in; nothing is drawn)."""
        w = state.get(prefix + "weight")
        if self.has_uninitialized_params() and w is not None and np.ndim(w) == 2:
            self._materialize(int(np.shape(w)[1]), draw=False)

    def forward(self, input) -> Tensor:
        self.initialize_parameters(input)
        return self.forward(input)  # now Linear's forward
