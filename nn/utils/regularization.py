"""Weight penalties to add to a loss: L1, L2 and elastic net, and `weights_only`.

Conventions (the penalties are sums, never means, and carry no factor):

- ``l1_penalty(ps) = sum_p sum_i |p_i|``; its derivative at 0 is 0 (sign(0) = 0).
- ``l2_penalty(ps) = sum_p sum_i p_i**2``, the squared L2 norm *without* the 1/2.
  Weight decay ``lambda`` in SGD (``g += lambda * w``) is the gradient of
  ``(lambda / 2) * l2_penalty``, so ``loss + lam / 2 * l2_penalty(ps)`` trains
  like ``SGD(..., weight_decay=lam)``; Adam's weight decay is the same, AdamW's
  decoupled decay is not a penalty at all.
- ``elastic_net(ps, alpha, l1_ratio) = alpha * (l1_ratio * L1 + (1 - l1_ratio) / 2 * L2)``,
  scikit-learn's parametrisation (without its 1 / n_samples data term).

`parameters` is a Tensor, an iterable of Tensors or a Module (all its
parameters); biases are usually left out with `weights_only(model)`.
"""

from __future__ import annotations

from autograd import Tensor

from ._common import tensor_list

__all__ = ["elastic_net", "l1_penalty", "l2_penalty", "weights_only"]


def _total(terms: list[Tensor]) -> Tensor:
    if not terms:
        return Tensor(0.0)
    out = terms[0]
    for t in terms[1:]:
        out = out + t
    return out


def l1_penalty(parameters) -> Tensor:
    """sum |w| over all entries of `parameters`, a differentiable 0-d Tensor."""
    return _total([p.abs().sum() for p in tensor_list(parameters, "l1_penalty")])


def l2_penalty(parameters) -> Tensor:
    """sum w**2 over all entries of `parameters` (no 1/2 factor), a differentiable 0-d Tensor."""
    return _total([(p * p).sum() for p in tensor_list(parameters, "l2_penalty")])


def elastic_net(parameters, alpha: float = 1.0, l1_ratio: float = 0.5) -> Tensor:
    """alpha * (l1_ratio * L1 + (1 - l1_ratio) / 2 * L2), as scikit-learn's ElasticNet."""
    if not 0.0 <= l1_ratio <= 1.0:
        raise ValueError(f"elastic_net: l1_ratio must be in [0, 1], got {l1_ratio}")
    params = tensor_list(parameters, "elastic_net")
    return alpha * (l1_ratio * l1_penalty(params) + (1.0 - l1_ratio) / 2 * l2_penalty(params))


def weights_only(model, min_ndim: int = 1) -> list[Tensor]:
    """The parameters of `model` that are not biases, in `named_parameters()` order.

    A parameter counts as a bias when the last part of its dotted name starts
    with "bias" (`bias`, `bias_ih_l0`, ...). `min_ndim=2` also leaves out the
    1-d scales of normalisation layers (BatchNorm's and LayerNorm's `weight`),
    another common choice for weight decay.
    """
    return [
        p
        for name, p in model.named_parameters()
        if not name.rsplit(".", 1)[-1].startswith("bias") and p.ndim >= min_ndim
    ]
