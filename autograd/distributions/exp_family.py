"""`ExponentialFamily`: the base of the distributions whose density is
p(x) = h(x) exp(<t(x), theta> - F(theta)), with the entropy and KL divergence that follow
from the log-normaliser F (Bregman divergences)."""

from __future__ import annotations

from ..autograd import grad
from ..tensor_class import Tensor
from .distribution import Distribution

__all__ = ["ExponentialFamily"]


class ExponentialFamily(Distribution):
    """An exponential family: subclasses give `_natural_params` (theta), `_log_normalizer`
    (F) and `_mean_carrier_measure` (E[log h(x)])."""

    @property
    def _natural_params(self) -> tuple[Tensor, ...]:
        raise NotImplementedError

    def _log_normalizer(self, *natural_params) -> Tensor:
        raise NotImplementedError

    @property
    def _mean_carrier_measure(self):
        raise NotImplementedError

    def entropy(self) -> Tensor:
        """F(theta) - <theta, grad F(theta)> - E[log h(x)] (a Bregman divergence)."""
        result = -self._mean_carrier_measure
        nparams = [p.detach().requires_grad_() for p in self._natural_params]
        lg_normal = self._log_normalizer(*nparams)
        gradients = grad(lg_normal.sum(), nparams, create_graph=True)
        result = result + lg_normal
        for p, g in zip(nparams, gradients):
            result = result - (p * g).reshape(tuple(self._batch_shape) + (-1,)).sum(-1)
        return result
