"""The Bernoulli distribution."""

from __future__ import annotations

from numbers import Number

from ..creation import arange
from ..grad_mode import no_grad
from ..random import bernoulli
from ..tensor_class import Tensor, where
from . import constraints
from .distribution import Distribution, _size
from .exp_family import ExponentialFamily
from .utils import (
    broadcast_all,
    expand_probs_or_logits,
    lazy_property,
    logits_to_probs,
    probs_to_logits,
)

__all__ = ["Bernoulli"]


def softplus(x: Tensor) -> Tensor:
    """log(1 + exp(x)) without overflow."""
    return x.logaddexp(x.new_zeros(()))  # (smooth at 0, where a clamp + |x| form has kinks)


def bce_with_logits(logits: Tensor, value) -> Tensor:
    """-(value log sigmoid(logits) + (1 - value) log sigmoid(-logits)), elementwise."""
    return (1 - value) * logits + softplus(-logits)


class Bernoulli(ExponentialFamily):
    """The Bernoulli distribution: 1 with probability `probs` (or sigmoid(`logits`)), else 0."""

    arg_constraints = {"probs": constraints.unit_interval, "logits": constraints.real}
    support = constraints.boolean
    has_enumerate_support = True
    _mean_carrier_measure = 0

    def __init__(self, probs=None, logits=None, validate_args: bool | None = None):
        if (probs is None) == (logits is None):
            raise ValueError("Either `probs` or `logits` must be specified, but not both.")
        if probs is not None:
            scalar = isinstance(probs, Number)
            (self.probs,) = broadcast_all(probs)
        else:
            scalar = isinstance(logits, Number)
            (self.logits,) = broadcast_all(logits)
        self._param = self.probs if probs is not None else self.logits
        super().__init__(() if scalar else self._param.shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """A Bernoulli with its parameter expanded to batch_shape."""
        new = self._get_checked_instance(Bernoulli, _instance)
        batch_shape = _size(batch_shape)
        expand_probs_or_logits(self, new, batch_shape)
        Distribution.__init__(new, batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

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
        """The shape of the parameter."""
        return self._param.size()

    @property
    def mean(self) -> Tensor:
        """probs."""
        return self.probs

    @property
    def mode(self) -> Tensor:
        """1 where probs > 1/2, 0 below, NaN at 1/2."""
        mode = (self.probs >= 0.5).type_as(self.probs)
        return where(self.probs == 0.5, float("nan"), mode)

    @property
    def variance(self) -> Tensor:
        """probs (1 - probs)."""
        return self.probs * (1 - self.probs)

    def sample(self, sample_shape=()) -> Tensor:
        """bernoulli(probs) of the extended shape: PyTorch's draws under the same seed."""
        shape = self._extended_shape(sample_shape)
        with no_grad():
            return bernoulli(self.probs.expand(shape))

    def log_prob(self, value) -> Tensor:
        """value log(probs) + (1 - value) log(1 - probs), from the logits."""
        if self._validate_args:
            self._validate_sample(value)
        logits, value = broadcast_all(self.logits, value)
        return -bce_with_logits(logits, value)

    def entropy(self) -> Tensor:
        """-(probs log(probs) + (1 - probs) log(1 - probs))."""
        return bce_with_logits(self.logits, self.probs)

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """0 and 1 along dim 0, broadcast over the batch."""
        values = arange(2, dtype=self._param.dtype)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = values.expand((-1,) + tuple(self._batch_shape))
        return values

    @property
    def _natural_params(self) -> tuple[Tensor]:
        return (self.probs.logit(),)

    def _log_normalizer(self, x):
        return x.exp().log1p()
