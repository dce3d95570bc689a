"""Alpha dropout for SELU networks: `AlphaDropout`, `FeatureAlphaDropout` and their functions.

A dropped unit is set to SELU's negative saturation value and every unit is then scaled
and shifted so the mean and variance stay those of the input (PyTorch's formula and its
noise for the same seed: `bernoulli_(1 - p)` per element, or per channel for the feature
form, see autograd.torch_dropout). The functions are identity unless `training=True`
(PyTorch's default for these two is `training=False`).
"""

from __future__ import annotations

from autograd.argcheck import number
from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor
from autograd.torch_dropout import alpha_noise

from .module import Module

__all__ = ["AlphaDropout", "FeatureAlphaDropout", "alpha_dropout", "feature_alpha_dropout"]


def _p(p, who: str = "alpha_dropout") -> float:
    x = number(p, "p", who)
    if not 0.0 <= x <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    return x


def _alpha(x, p: float, training: bool, feature: bool) -> Tensor:
    x = as_tensor(x)
    if not training or p == 0.0 or x.size == 0:
        return x
    shape = tuple(x.shape)
    if feature:
        if len(shape) < 2:
            raise RuntimeError(
                "Feature dropout requires at least 2 dimensions in the input (got "
                f"{len(shape)}-d input of shape {shape}; use alpha_dropout)"
            )
        shape = shape[:2] + (1,) * (len(shape) - 2)
    if p == 1.0:
        return x * 0.0
    a, b = alpha_noise(shape, p, x.dtype)
    return x * a + b


@composite(show=("p",))
def alpha_dropout(input, p: float = 0.5, training: bool = False, inplace: bool = False) -> Tensor:
    """Alpha dropout of each element with probability p (identity unless training).
    `inplace` is accepted and computes out of place (use the result)."""
    return _alpha(input, _p(p), training, feature=False)


@composite(show=("p",))
def feature_alpha_dropout(
    input, p: float = 0.5, training: bool = False, inplace: bool = False
) -> Tensor:
    """Alpha dropout of whole channels (axis 1) of (N, C, ...) input with probability p
    (identity unless training)."""
    return _alpha(input, _p(p), training, feature=True)


class AlphaDropout(Module):
    """Alpha dropout in training (keeps a SELU network's mean and variance), identity in
    eval. (`inplace` is accepted; the result is computed out of place.)"""

    def __init__(self, p: float = 0.5, inplace: bool = False):
        super().__init__()
        self.p = _p(p, type(self).__name__)
        self.inplace = bool(inplace)

    def forward(self, input) -> Tensor:
        return alpha_dropout(input, self.p, self.training)

    def extra_repr(self) -> str:
        return f"p={self.p}, inplace={self.inplace}"


class FeatureAlphaDropout(AlphaDropout):
    """Alpha dropout of whole channels (axis 1) in training, identity in eval."""

    def forward(self, input) -> Tensor:
        return feature_alpha_dropout(input, self.p, self.training)
