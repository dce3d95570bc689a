"""Weight reparametrizations: weight standardisation and weight normalisation.

Both move the Parameter `module.<name>` (the same object, so optimizers built
earlier keep working) to a new name and recompute `module.<name>` from it
before every forward (see `_reparam`), differentiably:

- `weight_standardization`: ``w_hat = (v - mean(v)) / (std(v) + eps)``, mean and
  (population, ddof=0) std over every axis but the output axis 0, so each output
  unit's weights have zero mean and unit std (Qiao et al., 2019). The
  parameter becomes `<name>_orig`. `weight_standardization(Conv2d(...))` is
  the usual "WSConv2d".
- `weight_norm`: ``w = g * v / ||v||``, as `torch.nn.utils.weight_norm`, with
  Parameters `<name>_g` and `<name>_v`.
"""

from __future__ import annotations

from autograd import Tensor, no_grad

from ..module import Parameter
from . import _reparam

__all__ = [
    "remove_weight_norm",
    "remove_weight_standardization",
    "standardize_weight",
    "weight_norm",
    "weight_standardization",
]


def standardize_weight(w: Tensor, eps: float = 1e-5) -> Tensor:
    """(w - mean) / (std + eps) over all axes but 0 (ddof=0), differentiable."""
    if w.ndim < 2:
        raise ValueError(f"weight standardisation needs a weight of 2 or more axes, got {w.shape}")
    axes = tuple(range(1, w.ndim))
    centred = w - w.mean(axis=axes, keepdims=True)
    std = (centred * centred).mean(axis=axes, keepdims=True).sqrt()
    return centred / (std + eps)


class _Standardized:
    """The recipe ``<name> = standardize_weight(<name>_orig)``."""

    def __init__(self, name: str, eps: float):
        self.name, self.eps = name, eps

    def __call__(self, module) -> Tensor:
        return standardize_weight(getattr(module, self.name + "_orig"), self.eps)


def weight_standardization(module, name: str = "weight", eps: float = 1e-5):
    """Standardise `module.<name>` per output unit before every forward; returns the module."""
    p = _reparam.parameter(module, name, "weight_standardization")
    if p.ndim < 2:
        raise ValueError(
            f"weight_standardization: {type(module).__name__}.{name} has shape {p.shape}; "
            "it needs 2 or more axes"
        )
    _reparam.rename(module, name, name + "_orig", p)
    _reparam.register(module, name, _Standardized(name, eps))
    return module


def remove_weight_standardization(module, name: str = "weight"):
    """Bake the standardised weight into a plain Parameter `module.<name>`; returns the module."""
    compute = _reparam.table(module).get(name)
    if not isinstance(compute, _Standardized):
        raise ValueError(f"weight standardisation of {name!r} not found in {module!r}")
    orig = getattr(module, name + "_orig")
    with no_grad():
        orig.data = compute(module).numpy()
    _reparam.unregister(module, name)
    _reparam.rename(module, name + "_orig", name, orig)
    return module


def _norm_except(v, dim):
    """The L2 norm of v over every axis but `dim` (all axes if dim is None), keepdims."""
    if dim is None:
        return (v * v).sum().sqrt()
    axes = tuple(a for a in range(v.ndim) if a != dim % v.ndim)
    return (v * v).sum(axis=axes, keepdims=True).sqrt()


class _WeightNorm:
    """The recipe ``<name> = <name>_g * <name>_v / ||<name>_v||``."""

    def __init__(self, name: str, dim):
        self.name, self.dim = name, dim

    def __call__(self, module) -> Tensor:
        g = getattr(module, self.name + "_g")
        v = getattr(module, self.name + "_v")
        return v * (g / _norm_except(v, self.dim))


def weight_norm(module, name: str = "weight", dim: int | None = 0):
    """Split `module.<name>` into a magnitude `<name>_g` and a direction `<name>_v`.

    As `torch.nn.utils.weight_norm`: `dim` is the axis kept by the norm (0: one
    magnitude per output unit; None: one for the whole tensor).
    """
    p = _reparam.parameter(module, name, "weight_norm")
    g = Parameter(_norm_except(Tensor(p.numpy()), dim).numpy())
    _reparam.rename(module, name, name + "_g", g)
    # the direction keeps the original Parameter object and values
    vars(module)[name + "_v"] = p
    _reparam.register(module, name, _WeightNorm(name, dim))
    return module


def remove_weight_norm(module, name: str = "weight"):
    """Replace `<name>_g` and `<name>_v` by the plain Parameter `module.<name>`."""
    compute = _reparam.table(module).get(name)
    if not isinstance(compute, _WeightNorm):
        raise ValueError(f"weight_norm of {name!r} not found in {module!r}")
    v = getattr(module, name + "_v")
    with no_grad():
        v.data = compute(module).numpy()
    _reparam.unregister(module, name)
    vars(module).pop(name + "_v")
    _reparam.rename(module, name + "_g", name, v)
    return module
