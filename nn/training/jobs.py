"""One fit of a validation or search run, as it runs in a worker: `FitSetup`, `FitJob`, `run_fit`.

A worker gets the run's `FitSetup` (the functions that build the model, loss and
optimizer, and `fit`'s settings), one `FitJob` (the parameters, the fold's indices and its
seeds) and the data; it seeds graphgrad's generator, builds the model and trains it with
`fit`. It sends back only numbers, text and, when asked, the trained state dict as `.npz`
bytes; never a module, so nothing but graphgrad and numpy is needed to read the results.
"""

from __future__ import annotations

import copy
import inspect
import io
import threading
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd import manual_seed, set_default_dtype

from ..data import Dataset, Subset
from ..serialization import load, save
from .loop import fit

__all__ = ["FitSetup", "FitJob", "run_fit", "route_params", "state_from_bytes"]

# fit's arguments that a search may vary (the others are fixed for the run)
FIT_PARAMS = ("epochs", "batch_size", "shuffle")

# A fit seeds graphgrad's one random generator and sets its default dtype: a worker process
# with several threads (`dask worker` without --nthreads 1) runs its fits one at a time.
_ONE_FIT_AT_A_TIME = threading.Lock()


@dataclass(frozen=True)
class FitSetup:
    """What every fit of a run shares: the builders and `fit`'s fixed settings."""

    model_fn: Callable
    loss_fn: Any
    optimizer_fn: Callable
    scheduler_fn: Callable | None = None
    fit_kwargs: Mapping[str, Any] = field(default_factory=dict)
    dtype: str = "float32"
    return_state: bool = False


@dataclass(frozen=True)
class FitJob:
    """One fit: candidate ``candidate``'s ``params`` on fold ``fold`` (None: all the data)."""

    candidate: int
    fold: int | None
    params: Mapping[str, Any]
    train_idx: np.ndarray | None  # None: every sample
    val_idx: np.ndarray | None  # None: no validation data
    seed: int  # graphgrad's generator (initial weights, dropout) ...
    shuffle_seed: int  # ... and the batch order


def _accepts(fn: Callable, skip_first: bool = False) -> tuple[set[str], bool]:
    """The keyword names ``fn`` takes (a class: its ``__init__``) and whether it has **kwargs.

    ``skip_first`` leaves out the first parameter (an optimizer's parameters, a scheduler's
    optimizer), which the fit passes itself.
    """
    try:
        sig = inspect.signature(fn)
    except (TypeError, ValueError):  # builtins without a signature
        return set(), False
    params = list(sig.parameters.items())
    if skip_first and params and params[0][1].kind is not inspect.Parameter.VAR_KEYWORD:
        params = params[1:]
    names = {n for n, p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    var_kw = any(p.kind is p.VAR_KEYWORD for _, p in params)
    return names, var_kw


def _loss_is_factory(loss_fn: Any) -> bool:
    """A loss class (``nn.CrossEntropyLoss``) is built per fit; a loss or function is used as is."""
    target = loss_fn.func if hasattr(loss_fn, "func") and hasattr(loss_fn, "keywords") else loss_fn
    return isinstance(target, type)


def route_params(params: Mapping[str, Any], setup: FitSetup) -> dict[str, dict[str, Any]]:
    """Which builder gets each searched parameter: ``{"model": {...}, "optimizer": {...}, ...}``.

    A name goes to every builder that names it in its signature (model_fn, optimizer_fn
    after its first argument, a loss class, scheduler_fn after its first argument); else to
    `fit` if it is one of `FIT_PARAMS`; else to the builders that take ``**kwargs``.
    """
    builders: dict[str, Callable] = {"model": setup.model_fn, "optimizer": setup.optimizer_fn}
    if _loss_is_factory(setup.loss_fn):
        builders["loss"] = setup.loss_fn
    if setup.scheduler_fn is not None:
        builders["scheduler"] = setup.scheduler_fn
    accepts = {k: _accepts(fn, k in ("optimizer", "scheduler")) for k, fn in builders.items()}
    out: dict[str, dict[str, Any]] = {k: {} for k in [*builders, "fit"]}
    for name, value in params.items():
        named = [k for k, (names, _) in accepts.items() if name in names]
        if named:
            for k in named:
                out[k][name] = value
        elif name in FIT_PARAMS:
            out["fit"][name] = value
        else:
            open_ = [k for k, (_, var_kw) in accepts.items() if var_kw]
            if not open_:
                raise ValueError(
                    f"parameter {name!r} is taken by none of "
                    + ", ".join(f"{k}_fn" for k in builders)
                    + f" and is not one of fit's {list(FIT_PARAMS)}; their parameters are "
                    + "; ".join(f"{k}_fn: {sorted(n)}" for k, (n, _) in accepts.items())
                )
            for k in open_:
                out[k][name] = value
    return out


def _take(data: Sequence, idx: np.ndarray | None):
    """The samples ``idx`` of a Dataset or of a tuple of arrays (all of them for None)."""
    if len(data) == 1 and isinstance(data[0], Dataset):
        return data[0] if idx is None else Subset(data[0], idx)
    return tuple(data) if idx is None else tuple(a[idx] for a in data)


def run_fit(job: FitJob, setup: FitSetup, *data) -> dict[str, Any]:
    """Train one model as `job` says; a dict of results, ``{"ok": False, "error": ...}`` on failure.

    ``data`` is one `Dataset` or the arrays (X, y, ...). Errors are returned as text (with
    the traceback), so a failed fit never takes the others down.
    """
    with _ONE_FIT_AT_A_TIME:
        return _run_fit(job, setup, data)


def _run_fit(job: FitJob, setup: FitSetup, data: tuple) -> dict[str, Any]:
    t0 = time.perf_counter()
    try:
        set_default_dtype(setup.dtype)
        manual_seed(job.seed)
        kw = route_params(job.params, setup)
        model = setup.model_fn(**kw["model"])
        loss = setup.loss_fn(**kw["loss"]) if "loss" in kw else setup.loss_fn
        optimizer = setup.optimizer_fn(model.parameters(), **kw["optimizer"])
        fit_kwargs = {**setup.fit_kwargs, **kw["fit"]}
        if "callbacks" in fit_kwargs:  # each fit gets fresh callbacks, whatever the backend
            fit_kwargs["callbacks"] = copy.deepcopy(list(fit_kwargs["callbacks"]))
        if setup.scheduler_fn is not None:
            fit_kwargs["scheduler"] = setup.scheduler_fn(optimizer, **kw["scheduler"])
        history = fit(
            model,
            loss,
            optimizer,
            _take(data, job.train_idx),
            val_data=None if job.val_idx is None else _take(data, job.val_idx),
            seed=job.shuffle_seed,
            progress=False,
            **fit_kwargs,
        )
        out: dict[str, Any] = {
            "ok": True,
            "logs": {k: v[-1] for k, v in history.history.items() if k != "lr"},
            "history": {k: list(v) for k, v in history.history.items()},
            "epochs": len(history),
        }
        if setup.return_state:
            buf = io.BytesIO()
            save(model.state_dict(), buf)
            out["state"] = buf.getvalue()
    except Exception as e:
        out = {"ok": False, "error": _error_text(e)}
    out["seconds"] = time.perf_counter() - t0
    return out


def _error_text(e: BaseException) -> str:
    """The exception and the innermost frames of its traceback (short enough for a table)."""
    frames = traceback.format_exception(type(e), e, e.__traceback__, limit=-4)
    return "".join(frames).strip()


def state_from_bytes(data: bytes):
    """The state dict in `.npz` bytes sent back by a worker."""
    return load(io.BytesIO(data))
