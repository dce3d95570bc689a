"""Tests for optim.lr_scheduler: exact learning-rate sequences over 30 epochs, computed
independently here, plus state dicts and argument errors."""

import math

import numpy as np
import pytest

import optim
from autograd import Tensor
from optim import lr_scheduler as S

EPOCHS = 30


def make_opt(lr=0.1, groups=1):
    params = [Tensor(np.zeros(3), requires_grad=True) for _ in range(groups)]
    if groups == 1:
        return optim.SGD(params, lr=lr)
    return optim.SGD([{"params": [p], "lr": lr * (i + 1)} for i, p in enumerate(params)], lr=lr)


def sequence(opt, sched, epochs=EPOCHS):
    """The rate in each epoch 0..epochs-1 (read from the group, as training code does)."""
    lrs = []
    for _ in range(epochs):
        lrs.append(opt.param_groups[0]["lr"])
        assert sched.get_last_lr()[0] == opt.param_groups[0]["lr"]
        opt.step()
        sched.step()
    return lrs


def assert_seq(actual, expected):
    assert len(actual) == len(expected)
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=0)


def test_step_lr():
    opt = make_opt(0.1)
    lrs = sequence(opt, S.StepLR(opt, step_size=7, gamma=0.5))
    assert_seq(lrs, [0.1 * 0.5 ** (e // 7) for e in range(EPOCHS)])
    assert lrs[6] == 0.1 and lrs[7] == 0.05


def test_multistep_lr_with_repeated_milestone():
    opt = make_opt(0.1)
    milestones = [5, 12, 12, 20]
    lrs = sequence(opt, S.MultiStepLR(opt, milestones=milestones, gamma=0.3))
    expected = [0.1 * 0.3 ** sum(m <= e for m in milestones) for e in range(EPOCHS)]
    assert_seq(lrs, expected)


def test_exponential_lr():
    opt = make_opt(0.2)
    lrs = sequence(opt, S.ExponentialLR(opt, gamma=0.9))
    assert_seq(lrs, [0.2 * 0.9**e for e in range(EPOCHS)])


def _pytorch_cosine_recursive(base, eta_min, T_max, epochs):
    """PyTorch's chainable CosineAnnealingLR rule, written out."""
    lrs = [base]
    for e in range(1, epochs):
        lr = lrs[-1]
        if (e - 1 - T_max) % (2 * T_max) == 0:
            lr = lr + (base - eta_min) * (1 - math.cos(math.pi / T_max)) / 2
        else:
            lr = (1 + math.cos(math.pi * e / T_max)) / (1 + math.cos(math.pi * (e - 1) / T_max)) * (
                lr - eta_min
            ) + eta_min
        lrs.append(lr)
    return lrs


def test_cosine_annealing_matches_closed_form_and_pytorch_recursion():
    base, eta_min, T_max = 0.1, 0.001, 10
    opt = make_opt(base)
    lrs = sequence(opt, S.CosineAnnealingLR(opt, T_max=T_max, eta_min=eta_min))
    closed = [
        eta_min + (base - eta_min) * (1 + math.cos(math.pi * e / T_max)) / 2 for e in range(EPOCHS)
    ]
    assert_seq(lrs, closed)
    # past T_max the cosine rises again, exactly as PyTorch's recursion does
    np.testing.assert_allclose(lrs, _pytorch_cosine_recursive(base, eta_min, T_max, EPOCHS),
                               rtol=1e-9)  # fmt: skip
    assert lrs[0] == base and lrs[10] == pytest.approx(eta_min) and lrs[20] == pytest.approx(base)


def test_lambda_lr_per_group():
    opt = make_opt(0.1, groups=2)
    sched = S.LambdaLR(opt, [lambda e: 1 / (1 + e), lambda e: 0.95**e])
    lrs0, lrs1 = [], []
    for _ in range(EPOCHS):
        lrs0.append(opt.param_groups[0]["lr"])
        lrs1.append(opt.param_groups[1]["lr"])
        sched.step()
    assert_seq(lrs0, [0.1 / (1 + e) for e in range(EPOCHS)])
    assert_seq(lrs1, [0.2 * 0.95**e for e in range(EPOCHS)])
    assert [g["initial_lr"] for g in opt.param_groups] == [0.1, 0.2]


@pytest.mark.parametrize("start, end, total", [(0.25, 1.0, 8), (1.0, 0.1, 10), (1 / 3, 1.0, 5)])
def test_linear_lr(start, end, total):
    opt = make_opt(0.1)
    lrs = sequence(opt, S.LinearLR(opt, start_factor=start, end_factor=end, total_iters=total))
    expected = [0.1 * (start + (end - start) * min(e, total) / total) for e in range(EPOCHS)]
    assert_seq(lrs, expected)


def test_linear_lr_defaults():
    opt = make_opt(0.3)
    sched = S.LinearLR(opt)
    assert sched.start_factor == pytest.approx(1 / 3)
    assert (sched.end_factor, sched.total_iters) == (1.0, 5)
    assert opt.param_groups[0]["lr"] == pytest.approx(0.1)


def test_sequential_warmup_then_cosine():
    base, warm, T_max = 0.1, 5, 25
    opt = make_opt(base)
    warmup = S.LinearLR(opt, start_factor=0.1, total_iters=warm)
    cosine = S.CosineAnnealingLR(opt, T_max=T_max)
    lrs = sequence(opt, S.SequentialLR(opt, [warmup, cosine], milestones=[warm]))
    expected = [base * (0.1 + 0.9 * e / warm) for e in range(warm)] + [
        base * (1 + math.cos(math.pi * (e - warm) / T_max)) / 2 for e in range(warm, EPOCHS)
    ]
    assert_seq(lrs, expected)


def test_reduce_on_plateau_with_cooldown_and_min_lr():
    opt = make_opt(1.0)
    sched = S.ReduceLROnPlateau(opt, factor=0.5, patience=3, cooldown=2, min_lr=0.04)
    lrs = []
    for _ in range(EPOCHS):
        sched.step(1.0)  # never improves after the first epoch
        lrs.append(opt.param_groups[0]["lr"])
    # 4 bad epochs trigger a cut, 2 cooldown epochs follow, so cuts at epochs 5, 11, 17, ...
    cuts = [5, 11, 17, 23, 29]
    expected = [max(1.0 * 0.5 ** sum(c <= e for c in cuts), 0.04) for e in range(1, EPOCHS + 1)]
    assert_seq(lrs, expected)
    assert lrs[-1] == 0.04 and sched.get_last_lr() == [0.04]


def test_reduce_on_plateau_improvement_resets_patience():
    opt = make_opt(1.0)
    sched = S.ReduceLROnPlateau(opt, factor=0.5, patience=2, threshold=0.0)
    metrics = [5, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3]
    lrs = []
    for m in metrics:
        sched.step(m)
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs == [1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25]


def test_reduce_on_plateau_max_mode_thresholds():
    # max / rel: better means > best * 1.1
    opt = make_opt(1.0)
    sched = S.ReduceLROnPlateau(opt, mode="max", factor=0.1, patience=0, threshold=0.1)
    lrs = []
    for m in [1.0, 1.2, 1.3, 1.5, 1.5]:
        sched.step(m)
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs == pytest.approx([1.0, 1.0, 0.1, 0.1, 0.01])
    # max / abs: better means > best + 0.1
    opt = make_opt(1.0)
    sched = S.ReduceLROnPlateau(opt, mode="max", patience=0, threshold=0.1, threshold_mode="abs")
    for m, lr in [(1.0, 1.0), (1.2, 1.0), (1.25, 0.1), (1.31, 0.1)]:
        sched.step(m)
        assert opt.param_groups[0]["lr"] == pytest.approx(lr)


def test_scheduler_stores_initial_lr_and_resume_requires_it():
    opt = make_opt(0.1)
    S.StepLR(opt, step_size=2)
    assert opt.param_groups[0]["initial_lr"] == 0.1
    with pytest.raises(KeyError, match="initial_lr"):
        S.StepLR(make_opt(0.1), step_size=2, last_epoch=3)


@pytest.mark.parametrize(
    "make",
    [
        lambda o: S.StepLR(o, step_size=4, gamma=0.5),
        lambda o: S.MultiStepLR(o, [3, 8, 15]),
        lambda o: S.ExponentialLR(o, gamma=0.9),
        lambda o: S.CosineAnnealingLR(o, T_max=12, eta_min=0.01),
        lambda o: S.LinearLR(o, start_factor=0.2, total_iters=20),
        lambda o: S.LambdaLR(o, lambda e: 0.9**e),
    ],
)
def test_state_dict_round_trip(make):
    opt = make_opt(0.1)
    sched = make(opt)
    full = sequence(opt, sched)

    opt = make_opt(0.1)
    sched = make(opt)
    first = sequence(opt, sched, epochs=12)
    opt_state, sched_state = opt.state_dict(), sched.state_dict()
    assert "optimizer" not in sched_state

    opt2 = make_opt(0.5)
    sched2 = make(opt2)
    opt2.load_state_dict(opt_state)
    sched2.load_state_dict(sched_state)
    assert sched2.last_epoch == 12
    rest = sequence(opt2, sched2, epochs=EPOCHS - 12)
    assert first + rest == full


def test_reduce_on_plateau_state_dict():
    opt = make_opt(1.0)
    sched = S.ReduceLROnPlateau(opt, patience=1)
    for m in [3.0, 2.0, 2.5]:
        sched.step(m)
    state = sched.state_dict()
    sched2 = S.ReduceLROnPlateau(make_opt(1.0), patience=5)
    sched2.load_state_dict(state)
    assert (sched2.best, sched2.num_bad_epochs, sched2.patience) == (2.0, 1, 1)


@pytest.mark.parametrize(
    "make, match",
    [
        (lambda o: S.StepLR(o, step_size=0), "step_size"),
        (lambda o: S.CosineAnnealingLR(o, T_max=0), "T_max"),
        (lambda o: S.LinearLR(o, start_factor=0.0), "start_factor"),
        (lambda o: S.LinearLR(o, end_factor=1.5), "end_factor"),
        (lambda o: S.LambdaLR(o, [lambda e: 1.0] * 2), "lr_lambdas"),
        (lambda o: S.ReduceLROnPlateau(o, factor=1.0), "factor"),
        (lambda o: S.ReduceLROnPlateau(o, mode="best"), "mode"),
        (lambda o: S.ReduceLROnPlateau(o, threshold_mode="pct"), "threshold_mode"),
    ],
)
def test_bad_arguments(make, match):
    with pytest.raises(ValueError, match=match):
        make(make_opt())
