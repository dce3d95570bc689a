"""The gamma distribution, and `standard_gamma`: PyTorch's seeded gamma draws with its
implicit reparameterisation gradient."""

from __future__ import annotations

from numbers import Number

import numpy as np

from ..creation import as_tensor
from ..dtypes import finfo
from ..function import Function
from ..generator import resolve
from ..grad_mode import no_grad
from ..special import gammainc, xlogy
from ..tensor_class import Tensor
from . import constraints
from .exp_family import ExponentialFamily
from .samplers import standard_gamma as _draw_gamma
from .samplers import standard_gamma_grad
from .utils import broadcast_all

__all__ = ["Gamma", "standard_gamma"]


class _StandardGamma(Function):
    """Gamma(alpha, 1) draws; backward: the implicit reparameterisation gradient
    dx/dalpha = -(dF/dalpha) / f at the draw (PyTorch's `_standard_gamma_grad`)."""

    @staticmethod
    def forward(ctx, alpha):
        x = _draw_gamma(np.asarray(alpha), resolve(None))
        ctx.save_for_backward(alpha, x)
        return x

    @staticmethod
    def backward(ctx, grad):
        alpha, x = ctx._saved
        return grad * standard_gamma_grad(np.asarray(alpha), np.asarray(x))


def standard_gamma(concentration: Tensor) -> Tensor:
    """Gamma(concentration, 1) draws (`torch._standard_gamma`): PyTorch's numbers under the
    same seed, differentiable in the concentration."""
    if concentration.dtype.kind != "f":
        raise NotImplementedError(
            f'"gamma_cpu" not implemented for {concentration.dtype}: pass floats'
        )
    return _StandardGamma.apply(concentration)


class Gamma(ExponentialFamily):
    """The gamma distribution with shape `concentration` and inverse scale `rate`: samples
    are PyTorch's under the same seed; rsample's gradient is PyTorch's implicit one."""

    arg_constraints = {"concentration": constraints.positive, "rate": constraints.positive}
    support = constraints.nonnegative
    _batch_params = ("concentration", "rate")
    has_rsample = True
    _mean_carrier_measure = 0

    def __init__(self, concentration, rate, validate_args: bool | None = None):
        self.concentration, self.rate = broadcast_all(concentration, rate)
        scalar = isinstance(concentration, Number) and isinstance(rate, Number)
        super().__init__(() if scalar else self.concentration.shape, validate_args=validate_args)

    @property
    def mean(self) -> Tensor:
        """concentration / rate."""
        return self.concentration / self.rate

    @property
    def mode(self) -> Tensor:
        """(concentration - 1) / rate, at least 0."""
        return ((self.concentration - 1) / self.rate).clamp(min=0)

    @property
    def variance(self) -> Tensor:
        """concentration / rate ** 2."""
        return self.concentration / self.rate.pow(2)

    def rsample(self, sample_shape=()) -> Tensor:
        """standard_gamma(concentration) / rate, at least the dtype's tiny."""
        shape = self._extended_shape(sample_shape)
        value = standard_gamma(self.concentration.expand(shape)) / self.rate.expand(shape)
        tiny = finfo(value.dtype).tiny
        with no_grad():  # PyTorch clamps the values in place: the gradient is unchanged
            lift = value.clamp(min=tiny) - value
        return value + lift

    def log_prob(self, value) -> Tensor:
        """a log(rate) + (a - 1) log(value) - rate value - lgamma(a)."""
        value = as_tensor(value, dtype=self.rate.dtype)
        if self._validate_args:
            self._validate_sample(value)
        a = self.concentration
        return xlogy(a, self.rate) + xlogy(a - 1, value) - self.rate * value - a.lgamma()

    def entropy(self) -> Tensor:
        """a - log(rate) + lgamma(a) + (1 - a) digamma(a)."""
        a = self.concentration
        return a - self.rate.log() + a.lgamma() + (1.0 - a) * a.digamma()

    def cdf(self, value) -> Tensor:
        """The regularised lower incomplete gamma function P(a, rate value)."""
        if self._validate_args:
            self._validate_sample(value)
        return gammainc(self.concentration, self.rate * value)

    @property
    def _natural_params(self) -> tuple[Tensor, Tensor]:
        return (self.concentration - 1, -self.rate)

    def _log_normalizer(self, x, y):
        return (x + 1).lgamma() + (x + 1) * (-y.reciprocal()).log()
