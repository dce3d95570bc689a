"""The half-normal distribution, and the base of the half-Cauchy: |X| of a centred
distribution."""

from __future__ import annotations

import math

from ..creation import as_tensor, zeros_like
from ..tensor_class import Tensor, where
from . import constraints
from .normal import Normal
from .transformed_distribution import TransformedDistribution
from .transforms import AbsTransform

__all__ = ["HalfNormal"]


class _Half(TransformedDistribution):
    """|X| of a base distribution symmetric about 0."""

    arg_constraints = {"scale": constraints.positive}
    support = constraints.nonnegative
    has_rsample = True

    def expand(self, batch_shape, _instance=None):
        """The same family with the scale expanded to batch_shape."""
        new = self._get_checked_instance(type(self), _instance)
        return super().expand(batch_shape, _instance=new)

    @property
    def scale(self) -> Tensor:
        """The base distribution's scale."""
        return self.base_dist.scale

    @property
    def mode(self) -> Tensor:
        """0."""
        return zeros_like(self.scale)

    def log_prob(self, value) -> Tensor:
        """The base log-density + log 2 on [0, inf), -inf below."""
        if self._validate_args:
            self._validate_sample(value)
        value = as_tensor(value, dtype=self.scale.dtype)
        log_prob = self.base_dist.log_prob(value) + math.log(2)
        return where(value >= 0, log_prob, -math.inf)

    def cdf(self, value) -> Tensor:
        """2 base.cdf(value) - 1."""
        if self._validate_args:
            self._validate_sample(value)
        return 2 * self.base_dist.cdf(value) - 1

    def icdf(self, prob) -> Tensor:
        """base.icdf((prob + 1) / 2)."""
        return self.base_dist.icdf((prob + 1) / 2)

    def entropy(self) -> Tensor:
        """The base entropy - log 2."""
        return self.base_dist.entropy() - math.log(2)


class HalfNormal(_Half):
    """|X|, X ~ Normal(0, `scale`)."""

    def __init__(self, scale, validate_args: bool | None = None):
        base_dist = Normal(0, scale, validate_args=False)
        super().__init__(base_dist, AbsTransform(), validate_args=validate_args)

    @property
    def mean(self) -> Tensor:
        """scale sqrt(2 / pi)."""
        return self.scale * math.sqrt(2 / math.pi)

    @property
    def variance(self) -> Tensor:
        """scale ** 2 (1 - 2 / pi)."""
        return self.scale.pow(2) * (1 - 2 / math.pi)
