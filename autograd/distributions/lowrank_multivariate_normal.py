"""The multivariate normal with a low-rank plus diagonal covariance."""

from __future__ import annotations

import math

from ..creation import empty
from ..linalg import cholesky, solve_triangular
from ..tensor_class import Tensor
from ..torch_matrix import broadcast_tensors
from . import constraints
from .distribution import Distribution, _size
from .multivariate_normal import batch_mahalanobis, batch_mv
from .utils import lazy_property

__all__ = ["LowRankMultivariateNormal"]


def _plus_identity(k: Tensor) -> Tensor:
    n = k.shape[-1]
    return k + k.new_ones(n).diag_embed()


def batch_capacitance_tril(w: Tensor, d: Tensor) -> Tensor:
    """cholesky(I + W^T D^-1 W) (the capacitance matrix's factor)."""
    wt_dinv = w.mT / d.unsqueeze(-2)
    return cholesky(_plus_identity(wt_dinv @ w))


def batch_lowrank_logdet(w: Tensor, d: Tensor, capacitance_tril: Tensor) -> Tensor:
    """log det(W W^T + D) by the matrix determinant lemma."""
    return 2 * capacitance_tril.diagonal(dim1=-2, dim2=-1).log().sum(-1) + d.log().sum(-1)


def batch_lowrank_mahalanobis(w: Tensor, d: Tensor, x: Tensor, capacitance_tril: Tensor):
    """x^T (W W^T + D)^-1 x by the Woodbury identity."""
    wt_dinv_x = batch_mv(w.mT / d.unsqueeze(-2), x)
    return (x.pow(2) / d).sum(-1) - batch_mahalanobis(capacitance_tril, wt_dinv_x)


class LowRankMultivariateNormal(Distribution):
    """A multivariate normal with covariance `cov_factor @ cov_factor.mT + diag(cov_diag)`:
    log_prob, entropy and samples in O(n m^2) (Woodbury, determinant lemma)."""

    arg_constraints = {
        "loc": constraints.real_vector,
        "cov_factor": constraints.independent(constraints.real, 2),
        "cov_diag": constraints.independent(constraints.positive, 1),
    }
    support = constraints.real_vector
    has_rsample = True

    def __init__(self, loc: Tensor, cov_factor: Tensor, cov_diag: Tensor, validate_args=None):
        if loc.dim() < 1:
            raise ValueError("loc must be at least one-dimensional.")
        event_shape = _size(loc.shape[-1:])
        if cov_factor.dim() < 2:
            raise ValueError(
                "cov_factor must be at least two-dimensional, with optional leading batch "
                "dimensions"
            )
        if _size(cov_factor.shape[-2:-1]) != event_shape:
            raise ValueError(
                f"cov_factor must be a batch of matrices with shape {event_shape[0]} x m"
            )
        if _size(cov_diag.shape[-1:]) != event_shape:
            raise ValueError(f"cov_diag must be a batch of vectors with shape {event_shape}")
        try:
            loc_, self.cov_factor, cov_diag_ = broadcast_tensors(
                loc.unsqueeze(-1), cov_factor, cov_diag.unsqueeze(-1)
            )
        except (RuntimeError, ValueError) as e:
            raise ValueError(
                f"Incompatible batch shapes: loc {loc.shape}, cov_factor {cov_factor.shape}, "
                f"cov_diag {cov_diag.shape}"
            ) from e
        self.loc = loc_[..., 0]
        self.cov_diag = cov_diag_[..., 0]
        self._unbroadcasted_cov_factor = cov_factor
        self._unbroadcasted_cov_diag = cov_diag
        self._capacitance_tril = batch_capacitance_tril(cov_factor, cov_diag)
        super().__init__(self.loc.shape[:-1], event_shape, validate_args=validate_args)

    def expand(self, batch_shape, _instance=None):
        """The same covariance with the batch expanded to batch_shape."""
        new = self._get_checked_instance(LowRankMultivariateNormal, _instance)
        batch_shape = _size(batch_shape)
        loc_shape = batch_shape + self.event_shape
        new.loc = self.loc.expand(loc_shape)
        new.cov_diag = self.cov_diag.expand(loc_shape)
        new.cov_factor = self.cov_factor.expand(tuple(loc_shape) + self.cov_factor.shape[-1:])
        new._unbroadcasted_cov_factor = self._unbroadcasted_cov_factor
        new._unbroadcasted_cov_diag = self._unbroadcasted_cov_diag
        new._capacitance_tril = self._capacitance_tril
        Distribution.__init__(new, batch_shape, self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    @property
    def mean(self) -> Tensor:
        """loc."""
        return self.loc

    @property
    def mode(self) -> Tensor:
        """loc."""
        return self.loc

    def _full(self, value: Tensor, matrix: bool) -> Tensor:
        shape = tuple(self._batch_shape + self._event_shape)
        return value.expand(shape + (tuple(self._event_shape) if matrix else ()))

    @lazy_property
    def variance(self) -> Tensor:
        """The covariance's diagonal."""
        w, d = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        return self._full(w.pow(2).sum(-1) + d, False)

    @lazy_property
    def scale_tril(self) -> Tensor:
        """The covariance's Cholesky factor."""
        d_sqrt = self._unbroadcasted_cov_diag.sqrt().unsqueeze(-1)
        dinvsqrt_w = self._unbroadcasted_cov_factor / d_sqrt
        k = _plus_identity(dinvsqrt_w @ dinvsqrt_w.mT)
        return self._full(d_sqrt * cholesky(k), True)

    @lazy_property
    def covariance_matrix(self) -> Tensor:
        """W W^T + diag(D)."""
        w = self._unbroadcasted_cov_factor
        return self._full(w @ w.mT + self._unbroadcasted_cov_diag.diag_embed(), True)

    @lazy_property
    def precision_matrix(self) -> Tensor:
        """The inverse covariance (Woodbury)."""
        d = self._unbroadcasted_cov_diag
        wt_dinv = self._unbroadcasted_cov_factor.mT / d.unsqueeze(-2)
        a = solve_triangular(self._capacitance_tril, wt_dinv, upper=False)
        return self._full(d.reciprocal().diag_embed() - a.mT @ a, True)

    def rsample(self, sample_shape=()) -> Tensor:
        """loc + W eps_W + sqrt(D) eps_D, eps_W then eps_D from normal_() (PyTorch's order)."""
        shape = tuple(self._extended_shape(sample_shape))
        w_shape = shape[:-1] + tuple(self.cov_factor.shape[-1:])
        eps_w = empty(w_shape, dtype=self.loc.dtype).normal_()
        eps_d = empty(shape, dtype=self.loc.dtype).normal_()
        w, d = self._unbroadcasted_cov_factor, self._unbroadcasted_cov_diag
        return self.loc + batch_mv(w, eps_w) + d.sqrt() * eps_d

    def log_prob(self, value) -> Tensor:
        """-(n log 2 pi + log det + Mahalanobis) / 2."""
        if self._validate_args:
            self._validate_sample(value)
        w, d, c = (
            self._unbroadcasted_cov_factor,
            self._unbroadcasted_cov_diag,
            self._capacitance_tril,
        )
        m = batch_lowrank_mahalanobis(w, d, value - self.loc, c)
        log_det = batch_lowrank_logdet(w, d, c)
        return -0.5 * (self._event_shape[0] * math.log(2 * math.pi) + log_det + m)

    def entropy(self) -> Tensor:
        """(n (1 + log 2 pi) + log det) / 2."""
        w, d, c = (
            self._unbroadcasted_cov_factor,
            self._unbroadcasted_cov_diag,
            self._capacitance_tril,
        )
        h = 0.5 * (
            self._event_shape[0] * (1.0 + math.log(2 * math.pi)) + batch_lowrank_logdet(w, d, c)
        )
        return h if len(self._batch_shape) == 0 else h.expand(tuple(self._batch_shape))
