"""The random Tensor methods (`uniform_`, `normal_`, `random_`, `bernoulli_`, `exponential_`,
`cauchy_`, `log_normal_`, `geometric_`, `bernoulli`, `multinomial`), mixed into Tensor.

Each fills the tensor's memory in place with PyTorch's numbers (random_kernels.py), in
memory order as PyTorch's TensorIterator does, and bumps the version counter like the
other in-place methods (inplace.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from . import random_kernels as _k
from . import versions
from .generator import resolve

if TYPE_CHECKING:
    from .tensor_class import Tensor

_UNSET = object()  # random_(to) versus random_(from_, None)


class RandomMethods:
    """Random in-place methods of Tensor (allowed where other in-place methods are)."""

    __slots__ = ()

    def _fill_random_(self, what: str, draw) -> Tensor:
        """Fill with draw(n, dtype, contiguous) -> flat values in iteration order."""
        self._inplace(what)
        d = self._data
        if type(d) is np.ndarray:
            _k.write(d, draw(d.size, d.dtype, d.flags.c_contiguous))
        else:  # a 0-d tensor holds an immutable numpy scalar: replace it
            self._data = draw(1, d.dtype, True).reshape(())[()]
        versions.bump(self)
        return self

    def uniform_(self, from_: float = _k.UNSET, to: float = 1.0, *, generator=None, **kwargs):
        """Fill with U(from, to) (PyTorch's `uniform_(from=0, to=1)`; `from`, a Python
        keyword, is passed by position, as `**{"from": a}` or as `from_=`)."""
        from_ = _k.from_keyword("uniform_", from_, kwargs, 0.0)
        g = resolve(generator)
        return self._fill_random_("uniform_", lambda n, dt, c: _k.uniform(g, n, dt, from_, to))

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator=None) -> Tensor:
        """Fill with N(mean, std^2)."""
        g = resolve(generator)
        return self._fill_random_("normal_", lambda n, dt, c: _k.normal(g, n, dt, mean, std, c))

    def random_(self, from_=_k.UNSET, to=_UNSET, *, generator=None, **kwargs) -> Tensor:
        """Fill with integers: `random_(to)` in [0, to), `random_(from, to)` in [from, to)
        (to=None: up to the dtype's largest), `random_()` from 0 to the dtype's largest
        (its largest consecutive integer for floating dtypes). `from`, a Python keyword,
        is passed by position, as `**{"from": a}` (with `to`, as PyTorch) or as `from_=`."""
        if "from" in kwargs and (to is _UNSET or kwargs["from"] is None):
            got = ", ".join(
                f"{k}={type(v).__name__}"
                for k, v in {"to": to, **kwargs}.items()
                if v is not _UNSET
            )
            raise TypeError(
                f"random_() received an invalid combination of arguments - got ({got}): "
                "write random_(to), random_(from, to) or random_(**{'from': a, 'to': b})"
            )
        from_ = _k.from_keyword("random_", from_, kwargs, None)
        g = resolve(generator)
        if to is _UNSET:
            from_, to = (None, None) if from_ is None else (0, from_)
        elif from_ is None:
            from_ = 0
        return self._fill_random_("random_", lambda n, dt, c: _k.random_(g, n, dt, from_, to))

    def bernoulli_(self, p=0.5, *, generator=None) -> Tensor:
        """Fill with 0/1 draws: one probability `p`, or a tensor of them (broadcast)."""
        g = resolve(generator)
        if isinstance(p, (int, float, np.floating, np.integer)) and not isinstance(p, bool):
            return self._fill_random_(
                "bernoulli_", lambda n, dt, c: _k.bernoulli_scalar(g, n, dt, p)
            )
        probs = np.asarray(getattr(p, "_data", p))
        shape = np.shape(self._data)

        def draw(n, dt, contiguous):
            full = np.broadcast_to(probs, shape)
            order = full if contiguous else _memory_view(self._data, full)
            return _k.bernoulli_tensor(g, np.ascontiguousarray(order).reshape(-1), dt)

        return self._fill_random_("bernoulli_", draw)

    def exponential_(self, lambd: float = 1.0, *, generator=None) -> Tensor:
        """Fill with Exp(lambd) draws."""
        g = resolve(generator)
        return self._fill_random_("exponential_", lambda n, dt, c: _k.exponential(g, n, dt, lambd))

    def cauchy_(self, median: float = 0.0, sigma: float = 1.0, *, generator=None) -> Tensor:
        """Fill with Cauchy(median, sigma) draws (PyTorch's numbers for the same seed)."""
        g = resolve(generator)
        return self._fill_random_("cauchy_", lambda n, dt, c: _k.cauchy(g, n, dt, median, sigma))

    def log_normal_(self, mean: float = 1.0, std: float = 2.0, *, generator=None) -> Tensor:
        """Fill with exp(N(mean, std^2)) draws (PyTorch's numbers for the same seed)."""
        g = resolve(generator)
        return self._fill_random_(
            "log_normal_", lambda n, dt, c: _k.log_normal(g, n, dt, mean, std)
        )

    def geometric_(self, p: float, *, generator=None) -> Tensor:
        """Fill with Geometric(p) draws: the number of trials up to the first success."""
        g = resolve(generator)
        return self._fill_random_("geometric_", lambda n, dt, c: _k.geometric(g, n, dt, p))

    def bernoulli(self, p=None, *, generator=None) -> Tensor:
        """0/1 draws with probabilities self (or one probability p): `autograd.bernoulli`."""
        from .random import bernoulli  # noqa: PLC0415 (random.py sits above Tensor)

        return bernoulli(self, p, generator=generator)

    def multinomial(self, num_samples: int, replacement: bool = False, *, generator=None):
        """Indices drawn from the rows of self: `autograd.multinomial`."""
        from .random import multinomial  # noqa: PLC0415

        return multinomial(self, num_samples, replacement, generator=generator)


def _memory_view(arr: np.ndarray, other: np.ndarray) -> np.ndarray:
    """`other` (arr's shape) with its axes in the order `write` walks arr."""
    order = sorted(range(arr.ndim), key=lambda d: -abs(arr.strides[d]))
    return other.transpose(order)
