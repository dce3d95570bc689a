"""The half-Cauchy distribution."""

from __future__ import annotations

import math

from ..creation import full
from ..tensor_class import Tensor
from .cauchy import Cauchy
from .half_normal import _Half
from .transforms import AbsTransform

__all__ = ["HalfCauchy"]


class HalfCauchy(_Half):
    """|X|, X ~ Cauchy(0, `scale`)."""

    def __init__(self, scale, validate_args: bool | None = None):
        base_dist = Cauchy(0, scale, validate_args=False)
        super().__init__(base_dist, AbsTransform(), validate_args=validate_args)

    @property
    def mean(self) -> Tensor:
        """inf."""
        return full(self._extended_shape(), math.inf, dtype=self.scale.dtype)

    @property
    def variance(self) -> Tensor:
        """inf (the Cauchy's)."""
        return self.base_dist.variance
