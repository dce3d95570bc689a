"""The binomial distribution."""

from __future__ import annotations

from ..creation import arange
from ..generator import resolve
from ..grad_mode import no_grad
from ..tensor_class import Tensor
from . import constraints
from .distribution import Distribution, _size
from .samplers import binomial
from .utils import (
    expand_count_and_param,
    lazy_property,
    logits_to_probs,
    probs_to_logits,
    set_count_and_param,
)

__all__ = ["Binomial"]


def _clamp_by_zero(x: Tensor) -> Tensor:
    return (x.clamp(min=0) + x - x.clamp(max=0)) / 2


class Binomial(Distribution):
    """The number of successes in `total_count` Bernoulli(`probs`) trials; samples are
    PyTorch's `torch.binomial` draws under the same seed."""

    arg_constraints = {
        "total_count": constraints.nonnegative_integer,
        "probs": constraints.unit_interval,
        "logits": constraints.real,
    }
    has_enumerate_support = True

    def __init__(self, total_count=1, probs=None, logits=None, validate_args: bool | None = None):
        set_count_and_param(self, total_count, probs, logits)
        super().__init__(self._param.shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """A Binomial with the parameters expanded to batch_shape."""
        new = self._get_checked_instance(Binomial, _instance)
        batch_shape = _size(batch_shape)
        expand_count_and_param(self, new, batch_shape)
        Distribution.__init__(new, batch_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @constraints.dependent_property(is_discrete=True, event_dim=0)
    def support(self):
        """The integers 0 .. total_count."""
        return constraints.integer_interval(0, self.total_count)

    @property
    def mean(self) -> Tensor:
        """total_count probs."""
        return self.total_count * self.probs

    @property
    def mode(self) -> Tensor:
        """floor((total_count + 1) probs), at most total_count."""
        return ((self.total_count + 1) * self.probs).floor().clamp(max=self.total_count)

    @property
    def variance(self) -> Tensor:
        """total_count probs (1 - probs)."""
        return self.total_count * self.probs * (1 - self.probs)

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

    def sample(self, sample_shape=()) -> Tensor:
        """torch.binomial(total_count, probs) of the extended shape: PyTorch's draws."""
        shape = self._extended_shape(sample_shape)
        with no_grad():
            count = self.total_count.expand(shape).detach().numpy()
            probs = self.probs.expand(shape).detach().numpy()
            return Tensor(binomial(count, probs, resolve(None)))

    def log_prob(self, value) -> Tensor:
        """log C(n, k) + k logits - n log(1 + exp(logits))."""
        if self._validate_args:
            self._validate_sample(value)
        n = self.total_count
        log_factorial_n = (n + 1).lgamma()
        log_factorial_k = (value + 1).lgamma()
        log_factorial_nmk = (n - value + 1).lgamma()
        normalize_term = (
            n * _clamp_by_zero(self.logits)
            + n * (-self.logits.abs()).exp().log1p()
            - log_factorial_n
        )
        return value * self.logits - log_factorial_k - log_factorial_nmk - normalize_term

    def _homogeneous(self, what: str) -> int:
        total_count = int(self.total_count.max())
        if not self.total_count.min() == total_count:
            raise NotImplementedError(f"Inhomogeneous total count not supported by `{what}`.")
        return total_count

    def entropy(self) -> Tensor:
        """-sum p log p over the support (one total_count for the batch)."""
        self._homogeneous("entropy")
        log_prob = self.log_prob(self.enumerate_support(False))
        return -(log_prob.exp() * log_prob).sum(0)

    def enumerate_support(self, expand: bool = True) -> Tensor:
        """0 .. total_count along dim 0 (one total_count for the batch)."""
        total_count = self._homogeneous("enumerate_support")
        values = arange(1 + total_count, dtype=self._param.dtype)
        values = values.view((-1,) + (1,) * len(self._batch_shape))
        if expand:
            values = values.expand((-1,) + tuple(self._batch_shape))
        return values
