"""MultiplicativeLR, ConstantLR, PolynomialLR, CosineAnnealingWarmRestarts, CyclicLR,
OneCycleLR and ChainedScheduler against PyTorch 2.13's sequences (tests/data/optim_extra.npz,
written by tools/make_optim_extra_fixtures.py): ``get_last_lr()`` after construction and
after every step, and the cycled momentum (SGD's ``momentum``, Adam's ``betas[0]``); state
dict round trips that resume the sequence; errors."""

from __future__ import annotations

import copy
import json
import math
from pathlib import Path

import numpy as np
import pytest

import optim
from autograd import Tensor
from optim import lr_scheduler as S

FIX = dict(np.load(Path(__file__).parent / "data" / "optim_extra.npz"))
CASES = json.loads(str(FIX["schedule_cases"]))


def _make_scheduler(name, opt, kw):
    if name == "multiplicative":
        return S.MultiplicativeLR(opt, [lambda e: 0.9, lambda e: 0.5 + 0.01 * e])
    if name.startswith("constant"):
        return S.ConstantLR(opt, **kw)
    if name.startswith("polynomial"):
        return S.PolynomialLR(opt, **kw)
    if name.startswith("warm_restarts"):
        return S.CosineAnnealingWarmRestarts(opt, **(kw or dict(T_0=5, T_mult=2)))
    if name.startswith("cyclic"):
        return S.CyclicLR(opt, **kw)
    if name.startswith("onecycle"):
        return S.OneCycleLR(opt, **kw)
    if name == "chained":
        return S.ChainedScheduler(
            [S.ConstantLR(opt, factor=0.1, total_iters=2), S.ExponentialLR(opt, gamma=0.9)]
        )
    if name == "sequential":
        return S.SequentialLR(
            opt,
            [S.ConstantLR(opt, factor=0.1, total_iters=2), S.PolynomialLR(opt, total_iters=6)],
            milestones=[3],
        )
    raise KeyError(name)


def _momentum(opt):
    group = opt.param_groups[0]
    return group["betas"][0] if "betas" in group else group.get("momentum", math.nan)


def _setup(name, case):
    w = Tensor(np.zeros(2), requires_grad=True)
    v = Tensor(np.zeros(2), requires_grad=True)
    cls = getattr(optim, case.get("opt", "SGD"))
    extra = {"momentum": 0.9} if cls is optim.SGD else {}
    if case.get("groups") == 2:
        opt = cls([{"params": [w]}, {"params": [v], "lr": 0.5}], lr=0.1, **extra)
    else:
        opt = cls([w], lr=0.1, **extra)
    return opt, _make_scheduler(name, opt, case.get("kw", {}))


def _advance(opt, sched, case, start=0):
    lrs, momenta = [], []
    if "epochs" in case:
        for epoch in case["epochs"][start:]:
            sched.step(epoch)
            lrs.append(sched.get_last_lr())
            momenta.append(_momentum(opt))
    else:
        for _ in range(case["steps"] - start):
            sched.step()
            lrs.append(sched.get_last_lr())
            momenta.append(_momentum(opt))
    return lrs, momenta


@pytest.mark.parametrize("name", CASES)
def test_sequence_matches_pytorch(name):
    case = json.loads(str(FIX[f"sched.{name}.config"]))
    opt, sched = _setup(name, case)
    lrs, momenta = [list(sched.get_last_lr())], [_momentum(opt)]
    more_lrs, more_momenta = _advance(opt, sched, case)
    np.testing.assert_allclose(lrs + more_lrs, FIX[f"sched.{name}.lrs"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(
        momenta + more_momenta, FIX[f"sched.{name}.momenta"], rtol=1e-12, atol=1e-15
    )
    assert [g["lr"] for g in opt.param_groups] == sched.get_last_lr()


@pytest.mark.parametrize("name", CASES)
def test_state_dict_round_trip_resumes_the_sequence(name):
    case = json.loads(str(FIX[f"sched.{name}.config"]))
    opt, sched = _setup(name, case)
    half = len(case["epochs"]) // 2 if "epochs" in case else case["steps"] // 2
    if "epochs" in case:
        for epoch in case["epochs"][:half]:
            sched.step(epoch)
    else:
        for _ in range(half):
            sched.step()
    saved_opt = copy.deepcopy(opt.state_dict())
    saved = copy.deepcopy(sched.state_dict())
    assert "optimizer" not in saved
    fresh_opt, fresh = _setup(name, case)
    fresh_opt.load_state_dict(saved_opt)
    fresh.load_state_dict(saved)
    got, got_momenta = _advance(fresh_opt, fresh, case, start=half)
    np.testing.assert_allclose(got, FIX[f"sched.{name}.lrs"][half + 1 :], rtol=1e-12, atol=1e-15)
    want_momenta = FIX[f"sched.{name}.momenta"][half + 1 :]
    np.testing.assert_allclose(got_momenta, want_momenta, rtol=1e-12, atol=1e-15)


class _Halve:
    """A callable object: its attributes are saved by the state dict (PyTorch's rule)."""

    def __init__(self):
        self.factor = 0.5

    def __call__(self, x):
        return self.factor**x


def test_callable_objects_keep_their_attributes_through_state_dicts():
    opt = optim.SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0)
    fn = _Halve()
    sched = S.MultiplicativeLR(opt, fn)
    fn.factor = 0.25
    saved = sched.state_dict()
    assert saved["lr_lambdas"] == [{"factor": 0.25}]
    other = _Halve()
    again = S.MultiplicativeLR(optim.SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0), other)
    again.load_state_dict(saved)
    assert other.factor == 0.25
    assert S.MultiplicativeLR(opt, lambda e: 0.5).state_dict()["lr_lambdas"] == [None]
    lam = S.LambdaLR(opt, fn)  # LambdaLR keeps them too, as PyTorch's
    assert lam.state_dict()["lr_lambdas"] == [{"factor": 0.25}]
    third = _Halve()
    S.LambdaLR(opt, third).load_state_dict(lam.state_dict())
    assert third.factor == 0.25
    cyc = S.CyclicLR(opt, 0.1, 1.0, step_size_up=2, scale_fn=_Halve(), cycle_momentum=True)
    assert cyc.state_dict()["_scale_fn_custom"] == {"factor": 0.5}
    cyc.step()
    np.testing.assert_allclose(cyc.get_last_lr(), [0.1 + 0.9 * 0.5 * 0.5])


def test_cosine_warm_restarts_fractional_epochs_and_defaults():
    opt = optim.SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0)
    sched = S.CosineAnnealingWarmRestarts(opt, T_0=4)
    assert (sched.T_mult, sched.eta_min) == (1, 0.0)
    sched.step(2.0)  # half way through the first period: (1 + cos(pi / 2)) / 2
    assert sched.get_last_lr() == [pytest.approx(0.5)] and sched.last_epoch == 2
    sched.step(5.0)  # one epoch into the second period
    assert sched.T_cur == 1.0 and sched.get_last_lr() == [
        pytest.approx(0.5 + 0.5 * math.cos(math.pi / 4))
    ]
    with pytest.raises(ValueError, match="non-negative epoch"):
        sched.step(-1)


def test_onecycle_refuses_a_step_past_total_steps():
    opt = optim.SGD([Tensor(np.zeros(1), requires_grad=True)], lr=1.0, momentum=0.9)
    sched = S.OneCycleLR(opt, max_lr=1.0, total_steps=3)
    g = opt.param_groups[0]
    assert (g["initial_lr"], g["max_lr"], g["min_lr"]) == (0.04, 1.0, 0.04 / 1e4)
    for _ in range(3):
        sched.step()
    with pytest.raises(
        ValueError, match="Tried to step 4 times. The specified number of total steps is 3"
    ):
        sched.step()


def _opt(cls=optim.SGD, **kw):
    return cls([Tensor(np.zeros(1), requires_grad=True)], lr=0.1, **kw)


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda: S.ConstantLR(_opt(), factor=1.5), ValueError, "between 0 and 1"),
        (lambda: S.ConstantLR(_opt(), factor="x"), TypeError, "factor"),
        (lambda: S.PolynomialLR(_opt(), power=None), TypeError, "power"),
        (lambda: S.MultiplicativeLR(_opt(), 0.5), TypeError, "lr_lambda should be a function"),
        (lambda: S.MultiplicativeLR(_opt(), [abs, abs]), ValueError, "Expected 1 lr_lambdas"),
        (lambda: S.CosineAnnealingWarmRestarts(_opt(), T_0=0), ValueError, "positive integer T_0"),
        (lambda: S.CosineAnnealingWarmRestarts(_opt(), T_0=2.5), ValueError, "T_0"),
        (lambda: S.CosineAnnealingWarmRestarts(_opt(), 5, T_mult=0), ValueError, "T_mult >= 1"),
        (lambda: S.CosineAnnealingWarmRestarts(_opt(), 5, eta_min="0"), ValueError, "eta_min"),
        (lambda: S.CyclicLR(_opt(), 0.1, 1.0, mode="sawtooth"), ValueError, "mode is invalid"),
        (lambda: S.CyclicLR(_opt(), [0.1, 0.2], 1.0), ValueError, "same length"),
        (lambda: S.CyclicLR(_opt(optim.Adagrad), 0.1, 1.0), ValueError, "cycle_momentum=False"),
        (lambda: S.OneCycleLR(_opt(), 1.0), ValueError, "either total_steps OR"),
        (lambda: S.OneCycleLR(_opt(), 1.0, total_steps=0), ValueError, "total_steps"),
        (lambda: S.OneCycleLR(_opt(), 1.0, epochs=2, steps_per_epoch=0), ValueError, "steps_per"),
        (lambda: S.OneCycleLR(_opt(), 1.0, 10, pct_start=1), ValueError, "pct_start"),
        (lambda: S.OneCycleLR(_opt(), 1.0, 10, anneal_strategy="exp"), ValueError, "'cos'"),
        (lambda: S.ChainedScheduler([]), ValueError, "at least one scheduler"),
        (
            lambda: S.ChainedScheduler([S.ReduceLROnPlateau(_opt())]),
            ValueError,
            "ReduceLROnPlateau",
        ),
        (
            lambda: S.ChainedScheduler([S.ConstantLR(_opt()), S.ConstantLR(_opt())]),
            ValueError,
            "same optimizer",
        ),
    ],
)
def test_bad_arguments(make, error, match):
    with pytest.raises(error, match=match):
        make()
