"""The negative binomial distribution."""

from __future__ import annotations

from ..grad_mode import no_grad
from ..tensor_class import Tensor, where
from ..torch_poisson import poisson
from . import constraints
from .distribution import Distribution, _size
from .gamma import Gamma
from .transforms import logsigmoid
from .utils import (
    expand_count_and_param,
    lazy_property,
    logits_to_probs,
    probs_to_logits,
    set_count_and_param,
)

__all__ = ["NegativeBinomial"]


class NegativeBinomial(Distribution):
    """The number of successes before `total_count` failures of Bernoulli(`probs`) trials;
    samples are Poisson(Gamma(total_count, exp(-logits))) draws, PyTorch's under a seed."""

    arg_constraints = {
        "total_count": constraints.greater_than_eq(0),
        "probs": constraints.half_open_interval(0.0, 1.0),
        "logits": constraints.real,
    }
    support = constraints.nonnegative_integer

    def __init__(self, total_count, probs=None, logits=None, validate_args: bool | None = None):
        set_count_and_param(self, total_count, probs, logits)
        super().__init__(self._param.shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """A NegativeBinomial with the parameters expanded to batch_shape."""
        new = self._get_checked_instance(NegativeBinomial, _instance)
        batch_shape = _size(batch_shape)
        expand_count_and_param(self, new, batch_shape)
        Distribution.__init__(new, batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @property
    def mean(self) -> Tensor:
        """total_count exp(logits)."""
        return self.total_count * self.logits.exp()

    @property
    def mode(self) -> Tensor:
        """floor((total_count - 1) exp(logits)), at least 0."""
        return ((self.total_count - 1) * self.logits.exp()).floor().clamp(min=0.0)

    @property
    def variance(self) -> Tensor:
        """mean / sigmoid(-logits)."""
        return self.mean / (-self.logits).sigmoid()

    @lazy_property
    def logits(self) -> Tensor:
        """log(probs / (1 - probs))."""
        return probs_to_logits(self.probs, is_binary=True)

    @lazy_property
    def probs(self) -> Tensor:
        """sigmoid(logits)."""
        return logits_to_probs(self.logits, is_binary=True)

    @property
    def param_shape(self):
        """The parameter's shape."""
        return self._param.size()

    @lazy_property
    def _gamma(self) -> Gamma:
        return Gamma(self.total_count, (-self.logits).exp(), validate_args=False)

    def sample(self, sample_shape=()) -> Tensor:
        """poisson(Gamma(total_count, exp(-logits)).sample()): PyTorch's draws."""
        with no_grad():
            return poisson(self._gamma.sample(sample_shape))

    def log_prob(self, value) -> Tensor:
        """The log-mass."""
        if self._validate_args:
            self._validate_sample(value)
        n = self.total_count
        unnormalized = n * logsigmoid(-self.logits) + value * logsigmoid(self.logits)
        normalization = -(n + value).lgamma() + (1.0 + value).lgamma() + n.lgamma()
        normalization = where(n + value == 0.0, 0.0, normalization)
        return unnormalized - normalization
