"""The Dirichlet distribution."""

from __future__ import annotations

import numpy as np

from ..function import Function
from ..generator import resolve
from ..special import xlogy
from ..tensor_class import Tensor, where
from ..torch_functions import one_hot
from . import constraints
from .distribution import Distribution, _size
from .exp_family import ExponentialFamily
from .samplers import dirichlet, dirichlet_grad

__all__ = ["Dirichlet"]


class _Dirichlet(Function):
    """Dirichlet draws (PyTorch's `_sample_dirichlet`); backward: PyTorch's implicit
    reparameterisation, `_dirichlet_grad(x, alpha, sum(alpha))` times
    (grad - sum(x * grad))."""

    @staticmethod
    def forward(ctx, concentration):
        alpha = np.asarray(concentration)
        x, _ = dirichlet(alpha, resolve(None))
        ctx.save_for_backward(alpha, x)
        return x

    @staticmethod
    def backward(ctx, grad):
        alpha, x = ctx._saved
        total = np.broadcast_to(alpha.sum(-1, keepdims=True), alpha.shape)
        dx = dirichlet_grad(x, alpha, total)
        return dx * (grad - (x * grad).sum(-1, keepdims=True))


class Dirichlet(ExponentialFamily):
    """The Dirichlet distribution on the simplex with `concentration` over the last dim:
    samples are PyTorch's under the same seed, rsample's gradient PyTorch's implicit one."""

    arg_constraints = {"concentration": constraints.independent(constraints.positive, 1)}
    support = constraints.simplex
    has_rsample = True

    def __init__(self, concentration: Tensor, validate_args: bool | None = None):
        if concentration.dim() < 1:
            raise ValueError("`concentration` parameter must be at least one-dimensional.")
        self.concentration = concentration
        shape = concentration.shape
        super().__init__(shape[:-1], shape[-1:], validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """A Dirichlet with the concentration expanded to batch_shape."""
        new = self._get_checked_instance(Dirichlet, _instance)
        batch_shape = _size(batch_shape)
        new.concentration = self.concentration.expand(batch_shape + self.event_shape)
        Distribution.__init__(new, batch_shape, self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def rsample(self, sample_shape=()) -> Tensor:
        """A draw of the extended shape, differentiable in the concentration."""
        shape = self._extended_shape(sample_shape)
        return _Dirichlet.apply(self.concentration.expand(shape))

    def log_prob(self, value) -> Tensor:
        """sum (a - 1) log x + lgamma(sum a) - sum lgamma(a)."""
        if self._validate_args:
            self._validate_sample(value)
        a = self.concentration
        return xlogy(a - 1.0, value).sum(-1) + a.sum(-1).lgamma() - a.lgamma().sum(-1)

    @property
    def mean(self) -> Tensor:
        """a / sum(a)."""
        return self.concentration / self.concentration.sum(-1, True)

    @property
    def mode(self) -> Tensor:
        """(a - 1)+ / sum (a - 1)+; the largest a's vertex where every a is below 1."""
        am1 = (self.concentration - 1).clamp(min=0.0)
        mode = am1 / am1.sum(-1, True)
        mask = (self.concentration < 1).all(dim=-1, keepdim=True)
        vertex = one_hot(mode.argmax(dim=-1), am1.shape[-1]).to(mode.dtype)
        return where(mask, vertex, mode)

    @property
    def variance(self) -> Tensor:
        """a (a0 - a) / (a0 ** 2 (a0 + 1)), a0 = sum(a)."""
        a = self.concentration
        a0 = a.sum(-1, True)
        return a * (a0 - a) / (a0.pow(2) * (a0 + 1))

    def entropy(self) -> Tensor:
        """log B(a) + (a0 - k) digamma(a0) - sum (a - 1) digamma(a)."""
        a = self.concentration
        k = a.size(-1)
        a0 = a.sum(-1)
        return (
            a.lgamma().sum(-1)
            - a0.lgamma()
            - (k - a0) * a0.digamma()
            - ((a - 1.0) * a.digamma()).sum(-1)
        )

    @property
    def _natural_params(self) -> tuple[Tensor]:
        return (self.concentration,)

    def _log_normalizer(self, x):
        return x.lgamma().sum(-1) - x.sum(-1).lgamma()
