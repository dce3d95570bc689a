"""Magnitude pruning, as `torch.nn.utils.prune`: mask weights and keep them zero while training.

Pruning `module.<name>` moves the Parameter (the same object, so optimizers
built earlier keep updating it) to `<name>_orig`, keeps a 0/1 buffer
`<name>_mask` of its dtype, and recomputes ``<name> = <name>_orig * <name>_mask``
before every forward (see `_reparam`). Masked entries of the weight are
therefore exactly zero in every forward, and their gradient with respect to
`<name>_orig` is zero; `remove` makes the pruning permanent.

Pruning twice combines the masks: the new `amount` applies to the entries
that are still unpruned, so pruning 50% and then 50% leaves 25%. `amount` is a
count (int) or a fraction of those entries (float in [0, 1], rounded as
``round(amount * n)``, like PyTorch). Ties in magnitude go to the lower flat index.
"""

from __future__ import annotations

import numbers

import numpy as np

from autograd import Tensor
from autograd import random_kernels as _rk
from autograd.generator import resolve

from . import _reparam

__all__ = [
    "L1Unstructured",
    "RandomUnstructured",
    "custom_from_mask",
    "global_unstructured",
    "identity",
    "is_pruned",
    "l1_unstructured",
    "ln_structured",
    "random_unstructured",
    "remove",
    "sparsity",
    "SparsityReport",
]


class _Masked:
    """The recipe ``<name> = <name>_orig * <name>_mask``."""

    def __init__(self, name: str):
        self.name = name

    def __call__(self, module) -> Tensor:
        orig = getattr(module, self.name + "_orig")
        mask = _reparam.array(getattr(module, self.name + "_mask"))
        return orig * Tensor(mask.astype(orig.dtype, copy=False))


def _n_to_prune(amount, n: int) -> int:
    """How many of n entries `amount` (a count or a fraction) asks to prune."""
    if isinstance(amount, bool) or not isinstance(amount, numbers.Real):
        raise TypeError(f"prune: amount must be an int or a float, got {type(amount).__name__}")
    if isinstance(amount, numbers.Integral):
        if amount < 0:
            raise ValueError(f"prune: amount={amount} must be a non-negative count")
        if amount > n:
            raise ValueError(f"prune: amount={amount} is more than the {n} unpruned entries")
        return int(amount)
    if not 0.0 <= amount <= 1.0:
        raise ValueError(f"prune: a fractional amount must be in [0, 1], got {amount}")
    return round(amount * n)


def _smallest(scores: np.ndarray, k: int) -> np.ndarray:
    """Flat indices of the k smallest scores (stable: ties go to the lower index)."""
    return np.argsort(scores, kind="stable")[:k]


class L1Unstructured:
    """Prune the `amount` entries of smallest absolute value."""

    PRUNING_TYPE = "unstructured"

    def __init__(self, amount):
        self.amount = amount

    def compute_mask(self, importance: np.ndarray, default_mask: np.ndarray) -> np.ndarray:
        """A new mask: default_mask with the smallest unpruned |importance| entries zeroed."""
        mask = default_mask.astype(bool).reshape(-1)
        alive = np.flatnonzero(mask)
        k = _n_to_prune(self.amount, alive.size)
        scores = self._scores(np.abs(importance).reshape(-1)[alive])
        new = mask.copy()
        new[alive[_smallest(scores, k)]] = False
        return new.reshape(default_mask.shape)

    def _scores(self, magnitudes: np.ndarray) -> np.ndarray:
        return magnitudes


class RandomUnstructured(L1Unstructured):
    """Prune `amount` unpruned entries chosen at random: as PyTorch, the entries with the
    largest of `rand_like` draws (one per unpruned entry, from the default generator)."""

    def _scores(self, magnitudes: np.ndarray) -> np.ndarray:
        return -_rk.uniform(resolve(None), magnitudes.size, magnitudes.dtype)


def _current_mask(module, name: str, shape) -> np.ndarray:
    if name in _reparam.table(module):
        return _reparam.array(getattr(module, name + "_mask")).astype(bool)
    return np.ones(shape, dtype=bool)


def _apply_mask(module, name: str, mask: np.ndarray) -> None:
    """Install (or replace) the mask of `module.<name>`."""
    compute = _reparam.table(module).get(name)
    if compute is None:
        p = _reparam.parameter(module, name, "prune")
        if mask.shape != p.shape:
            raise ValueError(f"prune: mask of shape {mask.shape} for {name} of shape {p.shape}")
        _reparam.rename(module, name, name + "_orig", p)
        _reparam.set_buffer(module, name + "_mask", mask.astype(p.dtype))
        _reparam.register(module, name, _Masked(name))
    elif isinstance(compute, _Masked):
        orig = getattr(module, name + "_orig")
        _reparam.set_buffer(module, name + "_mask", mask.astype(orig.dtype))
        _reparam.register(module, name, compute)
    else:
        raise ValueError(
            f"prune: {type(module).__name__}.{name} is reparametrized by "
            f"{type(compute).__name__}; remove that before pruning"
        )


def _weight_values(module, name: str) -> np.ndarray:
    if name in _reparam.table(module):
        if not isinstance(_reparam.table(module)[name], _Masked):
            _reparam.parameter(module, name, "prune")  # raises the clear error
        return getattr(module, name + "_orig").numpy()
    return _reparam.parameter(module, name, "prune").numpy()


def _prune(module, name: str, method, importance_scores=None):
    values = _weight_values(module, name)
    scores = values if importance_scores is None else _reparam.array(importance_scores)
    if scores.shape != values.shape:
        raise ValueError(
            f"prune: importance_scores of shape {scores.shape} for {name} of shape {values.shape}"
        )
    mask = method.compute_mask(scores, _current_mask(module, name, values.shape))
    _apply_mask(module, name, mask)
    return module


def identity(module, name: str):
    """Reparametrize `module.<name>` with an all-ones mask (nothing pruned yet)."""
    return _prune(module, name, L1Unstructured(0))


def l1_unstructured(module, name: str, amount, importance_scores=None):
    """Zero the `amount` entries of `module.<name>` with the smallest |value| (or score)."""
    return _prune(module, name, L1Unstructured(amount), importance_scores)


def random_unstructured(module, name: str, amount):
    """Zero `amount` entries of `module.<name>` chosen at random."""
    return _prune(module, name, RandomUnstructured(amount))


def ln_structured(module, name: str, amount, n=2, dim: int = 0, importance_scores=None):
    """Zero whole slices along `dim` (e.g. output units for dim=0) of smallest L`n` norm.

    `amount` counts (or is a fraction of) the slices that are still unpruned.
    """
    values = _weight_values(module, name)
    scores = values if importance_scores is None else _reparam.array(importance_scores)
    mask = _current_mask(module, name, values.shape)
    dim = dim % values.ndim
    other = tuple(a for a in range(values.ndim) if a != dim)
    norms = _slice_norms(scores, n, dim) if other else np.abs(scores)
    alive = np.flatnonzero(mask.any(axis=other) if other else mask)
    k = _n_to_prune(amount, alive.size)
    keep = np.ones(values.shape[dim], dtype=bool)
    keep[alive[_smallest(norms[alive], k)]] = False
    shape = [1] * values.ndim
    shape[dim] = -1
    _apply_mask(module, name, mask & keep.reshape(shape))
    return module


def _slice_norms(scores: np.ndarray, n, dim: int) -> np.ndarray:
    """The `n`-norm of each slice along `dim` (n: a number, inf, -inf, "fro" or "nuc")."""
    slices = np.moveaxis(scores, dim, 0)
    if n == "nuc":  # the nuclear norm needs matrices: 2-d slices of a 3-d tensor
        if slices.ndim != 3:
            raise ValueError(
                f"ln_structured: n='nuc' needs 2-d slices (a 3-d tensor), got {scores.ndim}-d"
            )
        return np.linalg.norm(slices, ord="nuc", axis=(1, 2))
    if n == "fro":  # of a slice taken as one vector, as PyTorch
        n = 2
    if isinstance(n, str):
        raise ValueError(f"ln_structured: n must be a number, inf, -inf, 'fro' or 'nuc', got {n!r}")
    return np.linalg.norm(slices.reshape(slices.shape[0], -1), ord=n, axis=1)


def custom_from_mask(module, name: str, mask):
    """Prune `module.<name>` where `mask` (same shape) is 0, combined with any earlier mask."""
    values = _weight_values(module, name)
    mask = _reparam.array(mask).astype(bool)
    if mask.shape != values.shape:
        raise ValueError(f"prune: mask of shape {mask.shape} for {name} of shape {values.shape}")
    _apply_mask(module, name, _current_mask(module, name, values.shape) & mask)
    return module


def global_unstructured(
    parameters, pruning_method=L1Unstructured, importance_scores=None, **kwargs
):
    """Prune the smallest entries across several tensors at once.

    `parameters` is an iterable of (module, name) pairs; `amount` (keyword, or
    the second positional argument) counts or is a fraction of all their
    unpruned entries together. `pruning_method` is `L1Unstructured` (default)
    or `RandomUnstructured`; `importance_scores` maps (module, name) to an
    array replacing |weight|.
    """
    if isinstance(pruning_method, numbers.Real) and not isinstance(pruning_method, bool):
        kwargs["amount"] = pruning_method  # global_unstructured(params, 0.3)
        pruning_method = L1Unstructured
    if "amount" not in kwargs:
        raise TypeError("global_unstructured: amount= is required")
    if isinstance(pruning_method, type):
        method = pruning_method(**kwargs)
    else:
        method = pruning_method
    if getattr(method, "PRUNING_TYPE", "unstructured") != "unstructured":
        raise TypeError("global_unstructured: only unstructured methods can be applied globally")
    pairs = list(parameters)
    if not pairs:
        raise ValueError("global_unstructured: no (module, name) pairs given")
    importance_scores = importance_scores or {}
    scores, masks, sizes = [], [], []
    for module, name in pairs:
        values = _weight_values(module, name)
        s = importance_scores.get((module, name))
        scores.append((values if s is None else _reparam.array(s)).reshape(-1))
        masks.append(_current_mask(module, name, values.shape).reshape(-1))
        sizes.append(values.shape)
    flat = method.compute_mask(np.concatenate(scores), np.concatenate(masks))
    start = 0
    for (module, name), shape in zip(pairs, sizes):
        n = int(np.prod(shape))
        _apply_mask(module, name, flat[start : start + n].reshape(shape))
        start += n


def remove(module, name: str):
    """Make the pruning of `module.<name>` permanent: a plain Parameter with the zeros in it.

    The Parameter object is the one that was pruned (optimizers keep working);
    `<name>_orig`, `<name>_mask` and the recomputation before forward are gone.
    """
    if not isinstance(_reparam.table(module).get(name), _Masked):
        raise ValueError(
            f"prune.remove: parameter {name!r} of {type(module).__name__} has to be pruned "
            "before pruning can be removed"
        )
    orig = getattr(module, name + "_orig")
    mask = _reparam.array(getattr(module, name + "_mask"))
    _reparam.unregister(module, name)
    orig.data = orig.numpy() * mask.astype(orig.dtype, copy=False)
    _reparam.del_buffer(module, name + "_mask")
    _reparam.rename(module, name + "_orig", name, orig)
    return module


def is_pruned(module) -> bool:
    """Whether `module` or any of its submodules has a pruned tensor."""
    return any(isinstance(c, _Masked) for m in module.modules() for c in _reparam.table(m).values())


class SparsityReport:
    """Zero counts per tensor and in total; `float(report)` is the total fraction of zeros."""

    def __init__(self, counts: dict):
        self.counts = counts  # name -> (zeros, size)
        self.zeros = sum(z for z, _ in counts.values())
        self.size = sum(n for _, n in counts.values())
        self.total = self.zeros / self.size if self.size else 0.0

    def __getitem__(self, name: str) -> float:
        z, n = self.counts[name]
        return z / n if n else 0.0

    def __float__(self) -> float:
        return self.total

    def as_dict(self) -> dict:
        """name -> fraction of zeros, plus "total"."""
        return {**{k: self[k] for k in self.counts}, "total": self.total}

    def __str__(self) -> str:
        width = max([len(k) for k in self.counts] + [5])
        lines = [f"{'tensor':<{width}}  {'zeros':>10}  {'size':>10}  sparsity"]
        for k, (z, n) in self.counts.items():
            lines.append(f"{k:<{width}}  {z:>10}  {n:>10}  {self[k]:8.2%}")
        lines.append(f"{'total':<{width}}  {self.zeros:>10}  {self.size:>10}  {self.total:8.2%}")
        return "\n".join(lines)

    __repr__ = __str__


def sparsity(module_or_params) -> SparsityReport:
    """Fraction of zero entries in the effective weights of a Module, or in some tensors.

    For a Module every parameter is reported under its usual name, with a
    pruned `<name>_orig` replaced by `<name>_orig * <name>_mask` (the weight
    the forward uses).
    """
    counts = {}
    if hasattr(module_or_params, "named_modules"):
        seen = set()
        for prefix, m in module_or_params.named_modules():
            masked = {n for n, c in _reparam.table(m).items() if isinstance(c, _Masked)}
            for name, p in m.named_parameters(recurse=False):
                if id(p) in seen:
                    continue
                seen.add(id(p))
                values = p.numpy()
                if name.endswith("_orig") and name[:-5] in masked:
                    name = name[:-5]
                    values = values * _reparam.array(getattr(m, name + "_mask"))
                key = f"{prefix}.{name}" if prefix else name
                counts[key] = (int(values.size - np.count_nonzero(values)), int(values.size))
    else:
        params = [module_or_params] if isinstance(module_or_params, Tensor) else module_or_params
        for i, p in enumerate(params):
            values = _reparam.array(p)
            key = p.name if isinstance(p, Tensor) and p.name else str(i)
            counts[key] = (int(values.size - np.count_nonzero(values)), int(values.size))
    return SparsityReport(counts)
