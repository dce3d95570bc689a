"""The schedules' base class: ``LRScheduler`` counts epochs and writes each group's rate.

Schedulers store each group's starting rate as ``group["initial_lr"]`` and read it back
as ``base_lrs``; ``step()`` advances ``last_epoch`` and calls the subclass's ``get_lr()``
(or, given an epoch, its closed form ``_get_closed_form_lr()`` when it has one).
"""

from __future__ import annotations

import copy
import types
from collections.abc import Callable
from typing import Any

from autograd.argcheck import number

from .optimizer import Optimizer

__all__ = ["LRScheduler"]


def _numbers(who: str, **values) -> None:
    """TypeError naming the first of ``values`` that is not a number (a string, None...)."""
    for name, value in values.items():
        number(value, name, who)


class LRScheduler:
    """Base class: ``last_epoch`` counts ``step()`` calls (0 after construction)."""

    def __init__(self, optimizer: Optimizer, last_epoch: int = -1) -> None:
        if not isinstance(optimizer, Optimizer):
            raise TypeError(f"{type(optimizer).__name__} is not an Optimizer")
        self.optimizer = optimizer
        if last_epoch == -1:
            for group in optimizer.param_groups:
                group.setdefault("initial_lr", group["lr"])
        else:
            for i, group in enumerate(optimizer.param_groups):
                if "initial_lr" not in group:
                    raise KeyError(
                        f"param 'initial_lr' is not specified in param_groups[{i}] "
                        "when resuming a scheduler (last_epoch != -1)"
                    )
        self.base_lrs: list[float] = [group["initial_lr"] for group in optimizer.param_groups]
        self.last_epoch = last_epoch
        self._initial_step()

    def _initial_step(self) -> None:
        self._step_count = 0
        self._is_initial = True  # get_lr may tell the construction's step from later ones
        try:
            self.step()
        finally:
            self._is_initial = False

    def get_lr(self) -> list[float]:
        """The rates for the current ``last_epoch`` (called by ``step``)."""
        raise NotImplementedError

    def get_last_lr(self) -> list[float]:
        """The rates set by the last ``step()``, one per param group."""
        return list(self._last_lr)

    def step(self, epoch: int | None = None) -> None:
        """Advance one epoch (or jump to ``epoch``) and write the new rates to the groups."""
        self._step_count += 1
        if epoch is None:
            self.last_epoch += 1
            values = self.get_lr()
        else:
            self.last_epoch = epoch
            closed = getattr(self, "_get_closed_form_lr", None)
            values = closed() if closed is not None else self.get_lr()
        for group, lr in zip(self.optimizer.param_groups, values):
            group["lr"] = lr
        self._last_lr = [group["lr"] for group in self.optimizer.param_groups]

    def state_dict(self) -> dict[str, Any]:
        """Everything but the optimizer (deep copies)."""
        return {k: copy.deepcopy(v) for k, v in self.__dict__.items() if k != "optimizer"}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore a ``state_dict()``."""
        self.__dict__.update(copy.deepcopy(state_dict))

    def _group_lrs(self) -> list[float]:
        return [group["lr"] for group in self.optimizer.param_groups]


def _functions_state(fns: list[Callable]) -> list[dict | None]:
    """What a state dict keeps of ``lr_lambda``-style functions, as PyTorch: a callable
    object's attributes (copied), None for a function or lambda (it cannot be saved)."""
    return [
        None if isinstance(fn, types.FunctionType) else copy.deepcopy(fn.__dict__) for fn in fns
    ]


def _restore_functions(fns: list[Callable], saved: list[dict | None]) -> None:
    """Give callable objects back the attributes ``_functions_state`` kept."""
    for fn, attrs in zip(fns, saved):
        if attrs is not None:
            fn.__dict__.update(copy.deepcopy(attrs))
