"""The optimizer base class: param groups, per-parameter state, zero_grad, state dicts.

``step`` walks every parameter that has a gradient, adds the L2 term and the sign of
``maximize`` (``_effective_grad``) and calls the subclass's ``_update(p, data, g, group)``,
which updates the ``.data`` array in place (so nothing is recorded in the graph).
Subclasses may also define ``_validate(options)``, which raises ``ValueError`` for a bad
option, and ``_l2(group)``, the coefficient of the L2 term (AdamW decays the weights itself).
"""

from __future__ import annotations

import copy
import warnings
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from autograd.argcheck import number
from autograd.dtypes import get_default_dtype
from autograd.grad_mode import enable_grad
from autograd.versions import bump as _bump

__all__ = ["Optimizer"]


def _check_nonneg(options: dict, *names: str, who: str = "optimizer") -> None:
    """For each option in ``names`` that is set: TypeError unless it is a number (a string,
    None), ValueError if it is negative or NaN."""
    for name in names:
        if name not in options:
            continue
        value = options[name]
        if not number(value, name, who) >= 0:  # also catches NaN
            raise ValueError(f"Invalid {name}: {value!r} (must be >= 0)")


def _check_betas(options: dict, who: str = "optimizer") -> None:
    """TypeError unless betas is a pair of numbers; ValueError unless both lie in [0, 1)."""
    betas = options.get("betas")
    if betas is None:
        return
    if isinstance(betas, (str, bytes)) or not hasattr(betas, "__len__"):
        raise TypeError(f"{who}: betas must be a pair of numbers, got {betas!r}")
    if len(betas) != 2:
        raise ValueError(f"Invalid betas: {betas!r} (must be a pair (beta1, beta2))")
    for i, beta in enumerate(betas):
        if not 0.0 <= number(beta, f"betas[{i}]", who) < 1.0:
            raise ValueError(f"Invalid beta parameter at index {i}: {beta!r} (must be in [0, 1))")


class Optimizer:
    """Base class of all optimizers.

    ``params`` is an iterable of Tensors that require grad, or of dicts (param groups)
    holding a ``"params"`` entry plus options that override ``defaults`` for that group.
    ``state`` maps each parameter (a Tensor, hashed by identity) to its own dict.
    """

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        self.defaults = dict(defaults)
        self._validate(self.defaults)
        if _is_tensor(params):
            raise TypeError(
                "params argument given to the optimizer should be an iterable of Tensors "
                f"or dicts, but got {type(params).__name__}"
            )
        if isinstance(params, set | frozenset):
            raise TypeError(
                "optimizer parameters must be an ordered iterable (a list or a generator "
                "such as model.parameters()), not a set: the order of a set's elements "
                "is not stable between runs, which breaks state_dict()/load_state_dict()"
            )
        # a defaultdict, as PyTorch's: `state = self.state[p]; if len(state) == 0: ...` in
        # optimizers written for PyTorch creates the parameter's entry
        self.state: defaultdict[Any, dict[str, Any]] = defaultdict(dict)
        self.param_groups: list[dict[str, Any]] = []
        # One flat scratch array per (dtype, slot), viewed in the shape of each parameter
        # in turn: temporaries of the update without allocating per step.
        self._scratch: dict[tuple, np.ndarray] = {}
        self._views: dict[tuple, np.ndarray] = {}  # reshaped views of the scratch arrays
        groups = list(params)
        if len(groups) == 0:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for group in groups:
            self.add_param_group(group)

    def __repr__(self) -> str:
        lines = [f"{type(self).__name__} ("]
        for i, group in enumerate(self.param_groups):
            lines.append(f"Parameter Group {i}")
            for key in sorted(group):
                if key != "params":
                    lines.append(f"    {key}: {group[key]}")
        lines.append(")")
        return "\n".join(lines)

    # ----------------------------------------------------------------- groups
    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters with its own options (missing ones from ``defaults``)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, got {type(param_group).__name__}")
        group = dict(param_group)
        params = group.get("params")
        if params is None:
            raise ValueError("param_group must have a 'params' entry")
        if _is_tensor(params):
            params = [params]
        elif isinstance(params, set | frozenset):
            raise TypeError(
                "optimizer parameters must be an ordered iterable, not a set: the order "
                "of a set's elements is not stable between runs; use a list"
            )
        else:
            params = list(params)
        for p in params:
            if not _is_tensor(p):
                raise TypeError(
                    f"optimizer can only optimize Tensors, but one of the params is "
                    f"{type(p).__name__}"
                )
            if not getattr(p, "is_leaf", True):
                raise ValueError("can't optimize a non-leaf Tensor")
        if len({id(p) for p in params}) != len(params):
            warnings.warn(
                "optimizer contains a parameter group with duplicate parameters; "
                "in future, this will cause an error",
                UserWarning,
                stacklevel=2,
            )
        group["params"] = params
        for name, default in self.defaults.items():
            group.setdefault(name, default)
        self._validate(group)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def _validate(self, options: dict[str, Any]) -> None:
        """Raise TypeError / ValueError for a bad option (overridden by subclasses)."""
        if options.get("lr") is not None:  # optimizers written for PyTorch may use lr=None
            _check_nonneg(options, "lr", who=type(self).__name__)

    # ------------------------------------------------------------------ steps
    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update every parameter that has a gradient; return ``closure()`` if given.

        The closure re-evaluates the model and returns the loss; it runs before the update,
        with gradients enabled (as PyTorch's, even inside `no_grad`).
        """
        loss = None
        if closure is not None:
            with enable_grad():
                loss = closure()
        with np.errstate(all="ignore"):  # an inf or nan gradient: IEEE's values, quietly
            update, ndarray = self._update, np.ndarray
            for group in self.param_groups:
                weight_decay, maximize = self._l2(group), group["maximize"]
                plain = weight_decay == 0 and not maximize  # the gradient as it is
                for p in group["params"]:
                    grad = p.grad
                    if grad is None:
                        continue
                    # the arrays themselves (`numpy()` for anything else: a duck-typed tensor)
                    data, g = getattr(p, "_data", None), getattr(grad, "_data", None)
                    if data.__class__ is not ndarray:
                        data = p.numpy()
                    if g.__class__ is not ndarray:
                        g = grad.numpy()
                    if not plain:
                        g = self._effective_grad(data, g, weight_decay, maximize)
                    update(p, data, g, group)
                    _bump(p)  # version counters: ops that saved p refuse to backward
        return loss

    def _update(self, p: Any, data: np.ndarray, g: np.ndarray, group: dict[str, Any]) -> None:
        """Update parameter p's values `data` in place from its gradient g (never modify g)."""
        raise NotImplementedError

    def _l2(self, group: dict[str, Any]) -> float:
        """The coefficient of the L2 term added to the gradient."""
        return group["weight_decay"]

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients: to None (default), or fill the existing arrays with zeros."""
        for group in self.param_groups:
            for p in group["params"]:
                grad = p.grad
                if grad is None:
                    continue
                if set_to_none:
                    p.grad = None
                    continue
                if getattr(grad, "grad_fn", None) is not None:  # a grad made by create_graph
                    grad = p.grad = grad.detach()
                try:
                    grad.numpy().fill(0)
                except ValueError:  # read-only (e.g. a broadcast view): give it new memory
                    grad.data = np.zeros_like(grad.numpy())

    def _buffer(self, like: np.ndarray, slot: int = 0) -> np.ndarray:
        """A scratch array shaped like ``like``, shared by all parameters (not state)."""
        key = (like.shape, like.dtype, slot)
        view = self._views.get(key)
        if view is None:
            flat_key = (like.dtype, slot)
            flat = self._scratch.get(flat_key)
            if flat is None or flat.size < like.size:
                flat = self._scratch[flat_key] = np.empty(like.size, dtype=like.dtype)
                self._views = {}  # views of the old scratch array are stale
            view = self._views[key] = flat[: like.size].reshape(like.shape)
        return view

    def _effective_grad(self, p: np.ndarray, g: np.ndarray, weight_decay: float, maximize: bool):
        """The gradient with the sign flipped for ``maximize`` and ``weight_decay * p`` added.

        Returns ``g`` itself when neither applies, else scratch slot 1 (never modify ``g``).
        """
        if weight_decay == 0 and not maximize:
            return g
        out = self._buffer(p, 1)
        if weight_decay == 0:
            np.negative(g, out=out)
        else:
            np.multiply(p, weight_decay, out=out)
            if maximize:
                np.subtract(out, g, out=out)  # -g + wd * p
            else:
                np.add(out, g, out=out)  # g + wd * p
        return out

    # ------------------------------------------------------------ state dicts
    def state_dict(self) -> dict[str, Any]:
        """The optimizer's state as plain data (deep copies).

        ``{"state": {index: {name: value}}, "param_groups": [{..., "params": [index]}]}``,
        where ``index`` numbers the parameters of all groups in order, as PyTorch does.
        """
        index: dict[int, int] = {}
        groups = []
        for group in self.param_groups:
            packed = {k: copy.deepcopy(v) for k, v in group.items() if k != "params"}
            ids = []
            for p in group["params"]:
                if id(p) not in index:
                    index[id(p)] = len(index)
                ids.append(index[id(p)])
            packed["params"] = ids
            groups.append(packed)
        state = {
            index[id(p)]: copy.deepcopy(s)
            for group in self.param_groups
            for p in group["params"]
            if (s := self.state.get(p)) is not None
        }
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a ``state_dict()``; resuming then follows the same trajectory."""
        saved_groups = state_dict["param_groups"]
        if len(saved_groups) != len(self.param_groups):
            raise ValueError(
                f"loaded state dict has {len(saved_groups)} parameter groups, "
                f"but the optimizer has {len(self.param_groups)}"
            )
        for i, (mine, saved) in enumerate(zip(self.param_groups, saved_groups)):
            if len(mine["params"]) != len(saved["params"]):
                raise ValueError(
                    f"loaded state dict's parameter group {i} has {len(saved['params'])} "
                    f"parameters, but the optimizer's has {len(mine['params'])}"
                )
        id_map = {}
        for mine, saved in zip(self.param_groups, saved_groups):
            for p, idx in zip(mine["params"], saved["params"]):
                id_map[idx] = p
        new_state: defaultdict[Any, dict[str, Any]] = defaultdict(dict)
        for idx, s in state_dict["state"].items():
            p = id_map.get(int(idx))
            if p is None:
                continue
            new_state[p] = {k: _cast_like(v, p, k) for k, v in s.items()}
        new_groups = []
        for mine, saved in zip(self.param_groups, saved_groups):
            group = {k: copy.deepcopy(v) for k, v in saved.items() if k != "params"}
            group["params"] = mine["params"]
            new_groups.append(group)
        self.state = new_state
        self.param_groups = new_groups


def _cast_like(value: Any, p: Any, key: str) -> Any:
    """A copy of a state value, floating arrays cast to the parameter's dtype (not "step")."""
    if isinstance(value, np.ndarray):
        if key != "step" and np.issubdtype(value.dtype, np.floating):
            return np.array(value, dtype=p.numpy().dtype, copy=True)
        return value.copy()
    if _is_tensor(value):
        return _cast_like(value.numpy(), p, key)
    return copy.deepcopy(value)


def _is_tensor(obj: Any) -> bool:
    """True for a graphgrad Tensor (checked by duck type so optim need not import autograd)."""
    return (
        hasattr(obj, "data")
        and hasattr(obj, "requires_grad")
        and isinstance(getattr(obj, "data", None), np.ndarray)
    )


def _average_square_(v: np.ndarray, g: np.ndarray, beta: float, tmp: np.ndarray) -> None:
    """``v = beta * v + (1 - beta) * g * g`` in place (tmp is clobbered)."""
    np.multiply(v, beta, out=v)
    np.multiply(g, g, out=tmp)
    np.multiply(tmp, 1 - beta, out=tmp)
    np.add(v, tmp, out=v)


def _lerp_(a: np.ndarray, b: np.ndarray, weight: float, tmp: np.ndarray) -> None:
    """``a += weight * (b - a)`` in place, as torch.lerp_ computes it (tmp is clobbered)."""
    np.subtract(b, a, out=tmp)
    if weight < 0.5:
        np.multiply(tmp, weight, out=tmp)
        np.add(a, tmp, out=a)
    else:  # torch's form for large weights: b - (b - a) * (1 - weight)
        np.multiply(tmp, 1 - weight, out=tmp)
        np.subtract(b, tmp, out=a)


def _scalar_dtype() -> type:
    """The dtype PyTorch keeps scalar state in (``mu_product``, ``eta``): float64 when the
    default dtype is float64, else float32; values are rounded to it as PyTorch's are."""
    return np.float64 if get_default_dtype() == np.float64 else np.float32


def _refuse_cuda_options(who: str, capturable: bool, differentiable: bool) -> None:
    """NotImplementedError for PyTorch's ``capturable=True`` / ``differentiable=True``."""
    if capturable:
        raise NotImplementedError(
            f"{who}(capturable=True) is for CUDA graphs, which graphgrad does not have; "
            "leave capturable=False (the default): the updates are the same"
        )
    if differentiable:
        raise NotImplementedError(
            f"{who}(differentiable=True) is not supported: graphgrad's optimizers update "
            "`.data` outside the graph; write the update with tensor operations to "
            "differentiate through it"
        )


def _check_implementation(
    who: str, foreach=None, fused=None, capturable: bool = False, differentiable: bool = False
) -> None:
    """PyTorch's choices of implementation (`foreach`, `fused`, `capturable`,
    `differentiable`), accepted where they give the same update on a CPU.

    graphgrad has one implementation, so `foreach` and `fused` (None, False or True) select
    nothing (PyTorch's updates agree to rounding); `capturable=True` (CUDA graphs) and
    `differentiable=True` (a step recorded for autograd) are refused.
    """
    for name, v in (("foreach", foreach), ("fused", fused)):
        if v is not None and not isinstance(v, (bool, np.bool_)):
            raise TypeError(f"{who}: {name} must be None or a bool, got {type(v).__name__}")
    if fused and foreach:
        raise RuntimeError("`fused` and `foreach` cannot be `True` together.")
    if fused and differentiable:
        raise RuntimeError("`fused` does not support `differentiable`")
    _refuse_cuda_options(who, capturable, differentiable)
