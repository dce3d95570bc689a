"""The Wishart distribution over positive-definite matrices."""

from __future__ import annotations

import math
import warnings
from numbers import Number

from ..creation import arange, eye, tensor
from ..dtypes import finfo
from ..linalg import cholesky, slogdet
from ..random import randn
from ..tensor_class import Tensor, where
from ..torch_matrix import cholesky_solve
from ..torch_numbers import broadcast_shapes
from . import constraints
from .chi2 import Chi2
from .distribution import Distribution, _size
from .exp_family import ExponentialFamily
from .multivariate_normal import _precision_to_scale_tril
from .utils import lazy_property, vec_to_tril_matrix

__all__ = ["Wishart"]

_LOG_2 = math.log(2)


def _mvdigamma(x: Tensor, p: int) -> Tensor:
    """The multivariate digamma: sum over i < p of digamma(x - i / 2)."""
    if not bool(x.gt((p - 1) / 2).all()):
        raise AssertionError("Wrong domain for multivariate digamma function.")
    shifts = arange(p, dtype=x.dtype).div(2).expand(tuple(x.shape) + (-1,))
    return (x.unsqueeze(-1) - shifts).digamma().sum(-1)


class Wishart(ExponentialFamily):
    """The Wishart distribution with `df` degrees of freedom and a scale given as
    `covariance_matrix`, `precision_matrix` or `scale_tril`; rsample by Bartlett's
    decomposition (Chi2 then normal draws: PyTorch's under the same seed)."""

    support = constraints.positive_definite
    has_rsample = True
    _mean_carrier_measure = 0

    @property
    def arg_constraints(self) -> dict:  # type: ignore[override]
        """The scale's constraints, and df > p - 1."""
        return {
            "covariance_matrix": constraints.positive_definite,
            "precision_matrix": constraints.positive_definite,
            "scale_tril": constraints.lower_cholesky,
            "df": constraints.greater_than(self.event_shape[-1] - 1),
        }

    def __init__(
        self,
        df,
        covariance_matrix: Tensor | None = None,
        precision_matrix: Tensor | None = None,
        scale_tril: Tensor | None = None,
        validate_args: bool | None = None,
    ):
        given = [p for p in (covariance_matrix, precision_matrix, scale_tril) if p is not None]
        if len(given) != 1:
            raise AssertionError(
                "Exactly one of covariance_matrix or precision_matrix or scale_tril may be "
                "specified."
            )
        param = given[0]
        if param.dim() < 2:
            raise ValueError(
                "scale_tril must be at least two-dimensional, with optional leading batch "
                "dimensions"
            )
        if isinstance(df, Number):
            batch_shape = _size(param.shape[:-2])
            self.df = tensor(df, dtype=param.dtype)
        else:
            batch_shape = _size(broadcast_shapes(param.shape[:-2], df.shape))
            self.df = df.expand(batch_shape)
        event_shape = _size(param.shape[-2:])
        if bool(self.df.le(event_shape[-1] - 1).any()):
            raise ValueError(
                f"Value of df={df} expected to be greater than ndim - 1 = {event_shape[-1] - 1}."
            )
        full = tuple(batch_shape) + (-1, -1)
        if scale_tril is not None:
            self.scale_tril = param.expand(full)
        elif covariance_matrix is not None:
            self.covariance_matrix = param.expand(full)
        else:
            self.precision_matrix = param.expand(full)
        if bool(self.df.lt(event_shape[-1]).any()):
            warnings.warn(
                "Low df values detected. Singular samples are highly likely to occur for "
                "ndim - 1 < df < ndim.",
                stacklevel=2,
            )
        super().__init__(batch_shape, event_shape, validate_args=validate_args)
        self._batch_dims = [-(x + 1) for x in range(len(self._batch_shape))]
        if scale_tril is not None:
            self._unbroadcasted_scale_tril = scale_tril
        elif covariance_matrix is not None:
            self._unbroadcasted_scale_tril = cholesky(covariance_matrix)
        else:
            self._unbroadcasted_scale_tril = _precision_to_scale_tril(precision_matrix)
        self._dist_chi2 = self._chi2(self.df, batch_shape)

    def _chi2(self, df: Tensor, batch_shape) -> Chi2:
        """Chi2(df - i) for i < p: the squared diagonal of Bartlett's factor."""
        lower = self._unbroadcasted_scale_tril
        shifts = arange(lower.shape[-1], dtype=lower.dtype)
        return Chi2(df.unsqueeze(-1) - shifts.expand(tuple(batch_shape) + (-1,)))

    def expand(self, batch_shape, _instance=None):
        """A Wishart with df and the scale expanded to batch_shape."""
        new = self._get_checked_instance(Wishart, _instance)
        batch_shape = _size(batch_shape)
        cov_shape = batch_shape + self.event_shape
        new._unbroadcasted_scale_tril = self._unbroadcasted_scale_tril.expand(cov_shape)
        new.df = self.df.expand(batch_shape)
        new._batch_dims = [-(x + 1) for x in range(len(batch_shape))]
        for name in ("covariance_matrix", "scale_tril", "precision_matrix"):
            if name in self.__dict__:
                setattr(new, name, self.__dict__[name].expand(cov_shape))
        new._dist_chi2 = new._chi2(new.df, batch_shape)
        Distribution.__init__(new, batch_shape, self.event_shape, validate_args=False)
        new._validate_args = self._validate_args
        return new

    def _full(self, value: Tensor) -> Tensor:
        return value.expand(tuple(self._batch_shape + self._event_shape))

    @lazy_property
    def scale_tril(self) -> Tensor:
        """The scale's Cholesky factor."""
        return self._full(self._unbroadcasted_scale_tril)

    @lazy_property
    def covariance_matrix(self) -> Tensor:
        """The scale matrix L L^T."""
        lower = self._unbroadcasted_scale_tril
        return self._full(lower @ lower.transpose(-2, -1))

    @lazy_property
    def precision_matrix(self) -> Tensor:
        """The scale matrix's inverse."""
        identity = eye(self._event_shape[-1], dtype=self._unbroadcasted_scale_tril.dtype)
        return self._full(cholesky_solve(identity, self._unbroadcasted_scale_tril))

    def _df_matrix(self) -> Tensor:
        return self.df.view(tuple(self._batch_shape) + (1, 1))

    @property
    def mean(self) -> Tensor:
        """df * the scale matrix."""
        return self._df_matrix() * self.covariance_matrix

    @property
    def mode(self) -> Tensor:
        """(df - p - 1) * the scale matrix (NaN for df <= p + 1)."""
        factor = self.df - self.covariance_matrix.shape[-1] - 1
        factor = where(factor <= 0, math.nan, factor)
        return factor.view(tuple(self._batch_shape) + (1, 1)) * self.covariance_matrix

    @property
    def variance(self) -> Tensor:
        """df (V_ij ** 2 + V_ii V_jj)."""
        v = self.covariance_matrix
        diag_v = v.diagonal(dim1=-2, dim2=-1)
        return self._df_matrix() * (v.pow(2) + diag_v.unsqueeze(-1) * diag_v.unsqueeze(-2))

    def _bartlett_sampling(self, sample_shape=()) -> Tensor:
        p = self._event_shape[-1]
        eps = finfo(self.df.dtype).eps
        noise = self._dist_chi2.rsample(sample_shape).sqrt().clamp(min=eps).diag_embed()
        off = randn(
            tuple(_size(sample_shape) + self._batch_shape) + (p * (p - 1) // 2,),
            dtype=noise.dtype,
        )
        chol = self._unbroadcasted_scale_tril @ (noise + vec_to_tril_matrix(off, diag=-1))
        return chol @ chol.transpose(-2, -1)

    def rsample(self, sample_shape=(), max_try_correction=None) -> Tensor:
        """Bartlett's decomposition, then PyTorch 2.13's correction loop as it runs: its test
        flags the samples that *are* positive definite, so every valid draw is redrawn once
        (with its "Singular sample detected." warning); the numbers are PyTorch's."""
        max_try_correction = 10 if max_try_correction is None else max_try_correction
        sample_shape = _size(sample_shape)
        sample = self._bartlett_sampling(sample_shape)
        flagged = self.support.check(sample)  # (sic: PyTorch's test)
        if self._batch_shape:
            flagged = flagged.amax(self._batch_dims)
        if bool(flagged.any()):
            warnings.warn("Singular sample detected.", stacklevel=2)
            for _ in range(max_try_correction):
                count = int(flagged.sum())
                sample_new = self._bartlett_sampling((count,))
                sample = sample.clone()
                sample[flagged] = sample_new
                flagged_new = ~self.support.check(sample_new)
                if self._batch_shape:
                    flagged_new = flagged_new.amax(self._batch_dims)
                flagged = flagged.clone()
                flagged[flagged.clone()] = flagged_new
                if not bool(flagged.any()):
                    break
        return sample

    def log_prob(self, value) -> Tensor:
        """The Wishart log-density."""
        if self._validate_args:
            self._validate_sample(value)
        nu = self.df
        p = self._event_shape[-1]
        lower = self._unbroadcasted_scale_tril
        return (
            -nu * (p * _LOG_2 / 2 + lower.diagonal(dim1=-2, dim2=-1).log().sum(-1))
            - (nu / 2).mvlgamma(p)
            + (nu - p - 1) / 2 * slogdet(value).logabsdet
            - cholesky_solve(value, lower).diagonal(dim1=-2, dim2=-1).sum(dim=-1) / 2
        )

    def entropy(self) -> Tensor:
        """The Wishart entropy."""
        nu = self.df
        p = self._event_shape[-1]
        lower = self._unbroadcasted_scale_tril
        return (
            (p + 1) * (p * _LOG_2 / 2 + lower.diagonal(dim1=-2, dim2=-1).log().sum(-1))
            + (nu / 2).mvlgamma(p)
            - (nu - p - 1) / 2 * _mvdigamma(nu / 2, p)
            + nu * p / 2
        )

    @property
    def _natural_params(self) -> tuple[Tensor, Tensor]:
        p = self._event_shape[-1]
        return (-self.precision_matrix / 2, (self.df - p - 1) / 2)

    def _log_normalizer(self, x, y):
        p = self._event_shape[-1]
        return (y + (p + 1) / 2) * (-slogdet(-2 * x).logabsdet + _LOG_2 * p) + (
            y + (p + 1) / 2
        ).mvlgamma(p)
