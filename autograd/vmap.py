"""`autograd.vmap`: PyTorch's `torch.vmap` (`torch.func.vmap`) as a loop.

`vmap(f, in_dims, out_dims)(*args)` calls f once per index of the mapped dimension, with
each mapped input sliced there (`x.select(in_dim, i)`), and stacks each output along its
out_dim. That is what a batched implementation computes, one entry at a time: the results
are the same, gradients flow through the slices and the stack, and vmaps nest. It is not
faster than the loop it is. `randomness`: "error" (PyTorch's default) refuses a function
that draws from the default generator; "same" gives every entry the same draws (the
generator restarted from one state); "different" lets the draws follow each other (the
numbers differ from PyTorch's, which draws the whole batch at once). A mapped dimension of
size 0 calls f once, as PyTorch's does, on zeros of an entry's shape, and keeps none of its
rows: the outputs have size 0 there (that call draws no random numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .generator import get_rng_state, set_rng_state
from .tensor_class import Tensor, stack

_RANDOMNESS = ("error", "different", "same")


def _leaves(value) -> list:
    """The leaves of a nest of tuples, lists and dicts, in order."""
    if isinstance(value, (tuple, list)):
        return [leaf for v in value for leaf in _leaves(v)]
    if isinstance(value, dict):
        return [leaf for v in value.values() for leaf in _leaves(v)]
    return [value]


def _rebuild(value, leaves: list):
    """value's nest with its leaves taken in order from the iterator-like list `leaves`."""
    if isinstance(value, (tuple, list)):
        items = [_rebuild(v, leaves) for v in value]
        return type(value)(items) if not hasattr(value, "_fields") else type(value)(*items)
    if isinstance(value, dict):
        return {k: _rebuild(v, leaves) for k, v in value.items()}
    return leaves.pop(0)


def _dims(spec, value, what: str) -> list:
    """One dim (an int or None) per leaf of value, spec being a dim or a nest matching it."""
    if spec is None or isinstance(spec, int):
        return [spec] * len(_leaves(value))
    same = (
        isinstance(spec, (tuple, list))
        and isinstance(value, (tuple, list))
        and len(spec) == len(value)
    ) or (isinstance(spec, dict) and isinstance(value, dict) and spec.keys() == value.keys())
    if not same:
        of = "inputs" if what == "in_dims" else "outputs"
        raise ValueError(
            f"vmap: {what} is not compatible with the structure of the {of}: {spec!r} "
            f"against a {type(value).__name__} of {len(_leaves(value))} leaves"
        )
    if isinstance(spec, dict):
        return [d for k in spec for d in _dims(spec[k], value[k], what)]
    return [d for s, v in zip(spec, value) for d in _dims(s, v, what)]


def vmap(
    func: Callable,
    in_dims: Any = 0,
    out_dims: Any = 0,
    randomness: str = "error",
    *,
    chunk_size: int | None = None,
) -> Callable:
    """func mapped over a dimension of its inputs: `vmap(f)(x)` is `stack([f(x[0]), f(x[1]),
    ...])`, computed as that loop (see the module docstring). in_dims: the mapped dim of
    every input (an int), or a tuple with one entry per argument (an int, None for an input
    not mapped, or a nest matching the argument); out_dims: where each output's mapped dim
    goes (None: not mapped). chunk_size is accepted (a loop computes one entry at a time)."""
    if randomness not in _RANDOMNESS:
        raise RuntimeError(
            "Only allowed values for randomness are 'error', 'different', or 'same'. "
            f"Got {randomness}"
        )
    if chunk_size is not None and (not isinstance(chunk_size, int) or chunk_size <= 0):
        raise ValueError(f"vmap: chunk_size should be None or greater than 0. (got {chunk_size})")
    name = getattr(func, "__name__", repr(func))

    def mapped(*args, **kwargs):
        where = f"vmap({name}, in_dims={in_dims!r}, ...)(<inputs>)"
        if not isinstance(in_dims, (int, tuple)):
            raise ValueError(
                f"{where}: expected `in_dims` to be int or a (potentially nested) tuple "
                f"matching the structure of inputs, got: {type(in_dims)}."
            )
        leaves = _leaves(list(args))
        spec = in_dims if isinstance(in_dims, int) else list(in_dims)
        dims = _dims(spec, list(args), "in_dims")
        size = None
        for i, (leaf, d) in enumerate(zip(leaves, dims)):
            if d is None:
                continue
            if not isinstance(leaf, Tensor):
                raise ValueError(
                    f"{where}: Got in_dim={d} for an input but the input is of type "
                    f"{type(leaf)}. We cannot vmap over non-Tensor arguments, please use None "
                    "as the respective in_dim"
                )
            n = leaf.ndim
            if not -n <= d < n:
                raise ValueError(
                    f"{where}: Got in_dim={d} for some input, but that input is a Tensor of "
                    f"dimensionality {n} so expected in_dim to satisfy -{n} <= in_dim < {n}."
                )
            dims[i] = d % n
            if size is not None and leaf.shape[dims[i]] != size:
                sizes = [x.shape[e] for x, e in zip(leaves, dims) if e is not None]
                raise ValueError(
                    "vmap: Expected all tensors to have the same size in the mapped "
                    f"dimension, got sizes {sizes} for the mapped dimension"
                )
            size = leaf.shape[dims[i]]
        if size is None:
            raise ValueError(
                f"{where}: at least one input must be a Tensor mapped over (an in_dim that "
                "is not None)"
            )
        start = get_rng_state()
        results = []
        for i in range(max(size, 1)):
            if randomness == "same" or not size:
                set_rng_state(start)
            if size:
                sliced = [x if d is None else x.select(d, i) for x, d in zip(leaves, dims)]
            else:  # no entry: f sees zeros of an entry's shape once, to learn its outputs
                sliced = [x if d is None else _empty_entry(x, d) for x, d in zip(leaves, dims)]
            results.append(func(*_rebuild(list(args), sliced), **kwargs))
            if randomness == "error" and not np.array_equal(get_rng_state().numpy(), start.numpy()):
                raise RuntimeError(
                    "vmap: called random operation while in randomness error mode. Please "
                    "either use the 'same' or 'different' randomness flags on vmap or perform "
                    "the randomness operation out of vmap"
                )
        if not size:
            set_rng_state(start)  # an empty batch draws nothing
        return _stack_outputs(results, out_dims, name, empty=not size)

    mapped.__name__ = f"vmap_{name}"
    mapped.__doc__ = f"{name} mapped over its inputs' dim {in_dims!r} (autograd.vmap)."
    return mapped


def _empty_entry(x: Tensor, d: int) -> Tensor:
    """Zeros of one entry's shape for an input whose mapped dim d has size 0, in x's graph
    where x is floating (a sum over the empty dim), so the outputs keep requires_grad."""
    if x.dtype.kind in "fc":
        return x.sum(d)
    return x.new_zeros(x.shape[:d] + x.shape[d + 1 :])


def _stack_outputs(results: list, out_dims, name: str, empty: bool = False):
    """Each output's entries stacked along its out_dim (the first entry where it is None);
    `empty`: results holds the one call made for a batch of size 0, whose rows are dropped."""
    first = results[0]
    outs = [_leaves(r) for r in results]
    dims = _dims(out_dims, first, "out_dims")
    stacked = []
    for j, d in enumerate(dims):
        parts = [o[j] for o in outs]
        if d is None:  # not mapped: the same value from every entry
            if any(not _same(p, parts[0]) for p in parts[1:]):
                raise ValueError(
                    f"vmap({name}, ...): `{name}` can not return a BatchedTensor when out_dim "
                    "is None (its value differs between the entries)"
                )
            stacked.append(parts[0])
            continue
        if not all(isinstance(p, Tensor) for p in parts):
            bad = next(p for p in parts if not isinstance(p, Tensor))
            raise ValueError(
                f"vmap({name}, ...): `{name}` must only return Tensors, got type {type(bad)}. "
                "Did you mean to set out_dims= to None for output?"
            )
        n = parts[0].ndim + 1
        if not -n <= d < n:
            raise IndexError(
                f"Dimension out of range (expected to be in range of [{-n}, {n - 1}], but got {d})"
            )
        out = stack(parts, d)
        stacked.append(out.narrow(d, 0, 0) if empty else out)
    return _rebuild(first, stacked)


def _same(a, b) -> bool:
    if isinstance(a, Tensor) and isinstance(b, Tensor):
        return a.shape == b.shape and bool(np.array_equal(a.numpy(), b.numpy(), equal_nan=True))
    return a is b or a == b
