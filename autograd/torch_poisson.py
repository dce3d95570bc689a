"""`poisson(input, generator=None)`: Poisson draws with rates `input`, as PyTorch's.

PyTorch's CPU sampler, element by element in memory order from the generator's double
uniforms: for a rate below 10 the product of uniforms (Knuth), from 10 on Hormann's
transformed rejection (PTRS), so a seed gives PyTorch's numbers. The result has the
input's dtype; its gradient is zero (PyTorch's).
"""

from __future__ import annotations

import math

import numpy as np

from .generator import resolve
from .random_kernels import _uniform01_f64
from .tensor_class import Tensor, as_tensor, where

__all__ = ["poisson"]


def _draw(lam: float, g) -> int:
    """One Poisson(lam) draw (PyTorch's sample_poisson)."""
    if lam >= 10:
        slam, loglam = math.sqrt(lam), math.log(lam)
        b = 0.931 + 2.53 * slam
        a = -0.059 + 0.02483 * b
        invalpha = 1.1239 + 1.1328 / (b - 3.4)
        vr = 0.9277 - 3.6224 / (b - 2)
        while True:
            u, v = _uniform01_f64(g, 2)
            u -= 0.5
            us = 0.5 - abs(u)
            k = math.floor((2 * a / us + b) * u + lam + 0.43)
            if us >= 0.07 and v <= vr:
                return k
            if k < 0 or (us < 0.013 and v > us):
                continue
            if math.log(v) + math.log(invalpha) - math.log(a / (us * us) + b) <= (
                -lam + k * loglam - math.lgamma(k + 1.0)
            ):
                return k
    if lam == 0:
        return 0
    enlam, x, prod = math.exp(-lam), 0, 1.0
    while True:
        prod *= float(_uniform01_f64(g, 1)[0])
        if prod > enlam:
            x += 1
        else:
            return x


def poisson(input, generator=None) -> Tensor:
    """A Poisson draw per element with rate input (non-negative floats), in the input's
    dtype, from `generator` (the default one if None); no gradient flows back."""
    x = as_tensor(input)
    if x.dtype.kind != "f":
        raise NotImplementedError(
            f'"poisson_cpu" not implemented for {x.dtype}: pass float rates (x.float())'
        )
    rates = x.numpy()
    if (~(rates >= 0)).any():  # NaN too
        raise RuntimeError("invalid Poisson rate, expected rate to be non-negative")
    g = resolve(generator)
    flat = np.ascontiguousarray(rates).reshape(-1)
    draws = np.array([_draw(float(r), g) for r in flat], dtype=x.dtype).reshape(rates.shape)
    if not x.requires_grad:
        return Tensor(draws)
    return where(np.zeros(rates.shape, bool), x, draws)  # the values; a zero gradient
