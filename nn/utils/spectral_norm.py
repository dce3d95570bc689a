"""Spectral normalisation, as `torch.nn.utils.spectral_norm` (Miyato et al., 2018).

``weight = weight_orig / sigma`` with ``sigma = u^T W v`` the largest singular
value of W (the weight as a matrix, `dim` first), estimated by power
iteration. `u` and `v` are buffers `<name>_u`, `<name>_v` that persist
between calls; in training mode every forward runs `n_power_iterations`
steps on them first (without grad, as PyTorch does), in eval mode they are
used as they are. The gradient flows through sigma into `weight_orig`.
"""

from __future__ import annotations

import numpy as np

from autograd import Tensor
from autograd import random_kernels as _rk
from autograd.generator import resolve

from . import _reparam

__all__ = ["remove_spectral_norm", "spectral_norm"]


def _normalize(x: np.ndarray, eps: float) -> np.ndarray:
    return x / max(float(np.linalg.norm(x)), eps)


class _SpectralNorm:
    """The recipe ``<name> = <name>_orig / sigma``, updating u and v in training."""

    def __init__(self, name: str, n_power_iterations: int, dim: int, eps: float):
        self.name, self.n_power_iterations, self.dim, self.eps = (
            name,
            n_power_iterations,
            dim,
            eps,
        )

    def _perm(self, ndim: int) -> tuple:
        return (self.dim, *(a for a in range(ndim) if a != self.dim))

    def matrix(self, w: np.ndarray) -> np.ndarray:
        """The weight as an (h, w) matrix, axis `dim` first."""
        return np.transpose(w, self._perm(w.ndim)).reshape(w.shape[self.dim], -1)

    def power_iteration(self, module) -> None:
        """n_power_iterations steps on the buffers u and v (new arrays, no grad)."""
        W = self.matrix(getattr(module, self.name + "_orig").numpy())
        u = _reparam.array(getattr(module, self.name + "_u"))
        v = _reparam.array(getattr(module, self.name + "_v"))
        for _ in range(self.n_power_iterations):
            v = _normalize(W.T @ u, self.eps)
            u = _normalize(W @ v, self.eps)
        _reparam.set_buffer(module, self.name + "_u", u.astype(W.dtype, copy=False))
        _reparam.set_buffer(module, self.name + "_v", v.astype(W.dtype, copy=False))

    def weight(self, module) -> Tensor:
        """weight_orig / (u^T W v) with the current u and v (differentiable in weight_orig)."""
        w = getattr(module, self.name + "_orig")
        u = Tensor(_reparam.array(getattr(module, self.name + "_u")).astype(w.dtype, copy=False))
        v = Tensor(_reparam.array(getattr(module, self.name + "_v")).astype(w.dtype, copy=False))
        mat = w.transpose(self._perm(w.ndim)).reshape(w.shape[self.dim], -1)
        sigma = u @ (mat @ v)
        return w / sigma

    def __call__(self, module) -> Tensor:
        if module.training and self.n_power_iterations > 0:
            self.power_iteration(module)
        return self.weight(module)


def spectral_norm(
    module,
    name: str = "weight",
    n_power_iterations: int = 1,
    eps: float = 1e-12,
    dim: int | None = None,
):
    """Divide `module.<name>` by its spectral norm before every forward; returns the module.

    `dim` is the output axis (default 0; PyTorch uses 1 for ConvTranspose).
    The Parameter moves to `<name>_orig` (same object); u and v start as
    normalised standard-normal vectors drawn as PyTorch draws them.
    """
    if n_power_iterations < 0:
        raise ValueError(
            f"spectral_norm: n_power_iterations must be >= 0, got {n_power_iterations}"
        )
    p = _reparam.parameter(module, name, "spectral_norm")
    if p.ndim == 0:
        raise ValueError(f"spectral_norm: {type(module).__name__}.{name} is a scalar")
    dim = 0 if dim is None else dim % p.ndim
    fn = _SpectralNorm(name, n_power_iterations, dim, eps)
    h = p.shape[dim]
    g = resolve(None)  # PyTorch: normal_(0, 1) into new u (h) and v (w), in that order
    u = _normalize(_rk.normal(g, h, p.dtype), eps)
    v = _normalize(_rk.normal(g, p.numel() // h if h else 0, p.dtype), eps)
    _reparam.rename(module, name, name + "_orig", p)
    _reparam.set_buffer(module, name + "_u", u)
    _reparam.set_buffer(module, name + "_v", v)
    _reparam.register(module, name, fn, value=fn.weight(module).detach())
    return module


def remove_spectral_norm(module, name: str = "weight"):
    """Bake weight_orig / sigma (current u, v) into a plain Parameter `module.<name>`."""
    fn = _reparam.table(module).get(name)
    if not isinstance(fn, _SpectralNorm):
        raise ValueError(f"spectral_norm of {name!r} not found in {module!r}")
    orig = getattr(module, name + "_orig")
    value = fn.weight(module).detach().numpy().copy()
    _reparam.unregister(module, name)
    _reparam.del_buffer(module, name + "_u")
    _reparam.del_buffer(module, name + "_v")
    orig.data = value
    _reparam.rename(module, name + "_orig", name, orig)
    return module
