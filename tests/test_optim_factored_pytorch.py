"""Adafactor and Muon against PyTorch's trajectories (tests/data/optim_factored.npz, written
by tools/make_optim_factored_fixtures.py with PyTorch 2.13): the same problem, options and
dtype give the same loss at every step, the same parameters after every step (25 steps) and
the same state at the end, in float64 (to 1e-12) and float32, with maximize, two param
groups and a StepLR schedule. Also SparseAdam's refusal, state-dict round trips, defaults,
signatures and errors, each as PyTorch's."""

from __future__ import annotations

import copy
import inspect
import json
from pathlib import Path

import numpy as np
import pytest

import autograd
import optim
from autograd import Tensor

FIX = dict(np.load(Path(__file__).parent / "data" / "optim_factored.npz"))
CASES = json.loads(str(FIX["cases"]))
NAMES = json.loads(str(FIX["names"]))
DATA = {k[5:]: v for k, v in FIX.items() if k.startswith("data.")}


def _loss(p, dtype):
    t = {n: Tensor(v.astype(dtype)) for n, v in DATA.items()}
    t.update(p)
    h = (t["x"] @ t["w1"] + t["b1"]).tanh()
    loss = (((h @ t["w2"]) * t["scale"] - t["y"]) ** 2).mean()
    loss = loss + ((t["k"].tanh() - t["target"]) ** 2).mean()
    return loss + ((t["z"] @ t["m"]).sin() ** 2).mean()


def _setup(case):
    dtype = np.dtype(case["dtype"])
    params = {n: Tensor(DATA[n].astype(dtype), requires_grad=True) for n in NAMES[case["opt"]]}
    plist = list(params.values())
    kw = {k: tuple(v) if isinstance(v, list) else v for k, v in case["kw"].items()}
    cls = getattr(optim, case["opt"])
    if case.get("groups"):
        opt = cls([{"params": plist[:2]}, {"params": plist[2:], "lr": 0.03}], **kw)
    else:
        opt = cls(plist, **kw)
    sched = None
    if case.get("steplr"):
        step_size, gamma = case["steplr"]
        sched = optim.lr_scheduler.StepLR(opt, step_size=step_size, gamma=gamma)
    sign = -1.0 if case["negate"] else 1.0

    def step():
        opt.zero_grad()
        loss = sign * _loss(params, dtype)
        loss.backward()
        opt.step()
        if sched is not None:
            sched.step()
        return float(loss)

    return plist, opt, step


def _run(case, steps=None):
    """Run a case under the default dtype PyTorch ran it with (its scalar state's dtype)."""
    before = autograd.get_default_dtype()
    autograd.set_default_dtype(np.dtype(case["dtype"]))
    try:
        params, opt, step = _setup(case)
        losses, flat = [], []
        for _ in range(steps or case["steps"]):
            losses.append(step())
            flat.append(np.concatenate([p.data.ravel() for p in params]))
    finally:
        autograd.set_default_dtype(before)
    return params, opt, np.array(losses), np.array(flat)


def _tolerances(dtype):
    return dict(rtol=1e-12, atol=1e-12) if dtype == "float64" else dict(rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", CASES)
def test_trajectory_and_state_match_pytorch(name):
    case = json.loads(str(FIX[f"{name}.config"]))
    params, opt, losses, flat = _run(case)
    tol = _tolerances(case["dtype"])
    assert len(losses) >= 20
    np.testing.assert_allclose(losses, FIX[f"{name}.losses"], **tol)
    np.testing.assert_allclose(flat, FIX[f"{name}.params"], **tol)
    assert all(p.data.dtype == np.dtype(case["dtype"]) for p in params)
    assert sorted(opt.state[params[0]]) == case["state_keys"]
    keys = sorted({k for p in params for k in opt.state[p]})
    assert keys == sorted(k[len(name) + 7 :] for k in FIX if k.startswith(f"{name}.state."))
    for key in keys:
        got = np.concatenate(
            [np.asarray(opt.state[p][key], dtype=np.float64).ravel() for p in params
             if key in opt.state[p]]
        )  # fmt: skip
        np.testing.assert_allclose(got, FIX[f"{name}.state.{key}"], **tol, err_msg=key)
        for p in params:
            if isinstance(opt.state[p].get(key), np.ndarray):
                assert opt.state[p][key].dtype == np.dtype(case["dtype"]), key


@pytest.mark.parametrize("opt_name", ["Adafactor", "Muon"])
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_state_dict_round_trip_resumes_the_trajectory(opt_name, dtype):
    case = json.loads(str(FIX[f"{opt_name.lower()}_1_{dtype}.config"]))
    params, opt, _, _ = _run(case, steps=4)
    saved = copy.deepcopy(opt.state_dict())
    saved_params = [p.data.copy() for p in params]
    assert sorted(saved["state"]) == list(range(len(params)))
    assert sorted(saved["state"][0]) == case["state_keys"]
    _, _, _, want = _run(case, steps=7)  # the uninterrupted run
    fresh_params, fresh, step = _setup(case)
    for p, v in zip(fresh_params, saved_params):
        p.data[...] = v
    fresh.load_state_dict(saved)
    before = autograd.get_default_dtype()
    autograd.set_default_dtype(np.dtype(dtype))
    try:
        got = []
        for _ in range(3):
            step()
            got.append(np.concatenate([p.data.ravel() for p in fresh_params]))
    finally:
        autograd.set_default_dtype(before)
    np.testing.assert_array_equal(np.array(got), want[4:])


def test_adafactor_factors_the_last_two_dims():
    k = Tensor(np.ones((2, 3, 4)), requires_grad=True)
    v = Tensor(np.ones(4), requires_grad=True)
    opt = optim.Adafactor([k, v])
    ((k * k).sum() + (v * v).sum()).backward()
    opt.step()
    assert opt.state[k]["row_var"].shape == (2, 3, 1)
    assert opt.state[k]["col_var"].shape == (2, 1, 4)
    assert sorted(opt.state[v]) == ["step", "variance"] and opt.state[v]["step"] == 1.0


def test_sparse_adam_refuses_dense_gradients_as_pytorch():
    p = Tensor(np.ones(3), requires_grad=True)
    opt = optim.SparseAdam([p])
    assert opt.step() is None  # no gradient yet: nothing to do
    assert opt.step(lambda: 7.0) == 7.0
    (p * p).sum().backward()
    with pytest.raises(RuntimeError, match=r"^SparseAdam does not support dense gradients, "
                       "please consider Adam instead$"):  # fmt: skip
        opt.step()
    assert np.all(p.data == 1.0) and not opt.state[p]


def test_muon_refuses_parameters_that_are_not_matrices():
    w = Tensor(np.ones((2, 3)), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    with pytest.raises(
        ValueError,
        match=r"^Muon only supports 2D parameters whereas we found a parameter with size: "
        r"Size\(\[3\]\)$",
    ):
        optim.Muon([w, b])
    optim.Muon([w])  # fine


DEFAULTS = {
    "Adafactor": dict(lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0,
                      foreach=None, maximize=False),
    "Muon": dict(lr=1e-3, weight_decay=0.1, momentum=0.95, nesterov=True,
                 ns_coefficients=(3.4445, -4.7750, 2.0315), eps=1e-7, ns_steps=5,
                 adjust_lr_fn=None),
    "SparseAdam": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=False),
}  # fmt: skip
SIGNATURES = {  # PyTorch 2.13's parameters, in order (keyword-only ones after "*")
    "Adafactor": "params lr beta2_decay eps d weight_decay * foreach maximize",
    "Muon": "params lr weight_decay momentum nesterov ns_coefficients eps ns_steps adjust_lr_fn",
    "SparseAdam": "params lr betas eps maximize",
}


@pytest.mark.parametrize("opt_name", list(DEFAULTS))
def test_defaults_and_signature_match_pytorch(opt_name):
    p = Tensor(np.ones((2, 2)), requires_grad=True)
    group = getattr(optim, opt_name)([p]).param_groups[0]
    assert {k: group[k] for k in DEFAULTS[opt_name]} == DEFAULTS[opt_name]
    names = []
    for param in inspect.signature(getattr(optim, opt_name)).parameters.values():
        if param.kind is param.KEYWORD_ONLY and "*" not in names:
            names.append("*")
        names.append(param.name)
    assert " ".join(names) == SIGNATURES[opt_name]


@pytest.mark.parametrize(
    "make, error, match",
    [
        (lambda ps: optim.Adafactor(ps, lr=-1.0), ValueError, "Learning rate should be >= 0"),
        (lambda ps: optim.Adafactor(ps, beta2_decay=0.1), ValueError, "beta2_decay should be"),
        (lambda ps: optim.Adafactor(ps, eps=(-1.0, 1e-3)), ValueError, "epsilon1 should be"),
        (lambda ps: optim.Adafactor(ps, eps=(None, -1.0)), ValueError, "epsilon2 should be"),
        (lambda ps: optim.Adafactor(ps, d=0.5), ValueError, "Clipping threshold d"),
        (lambda ps: optim.Adafactor(ps, weight_decay=-1), ValueError, "weight_decay should"),
        (lambda ps: optim.Adafactor(ps, lr="fast"), TypeError, "lr"),
        (lambda ps: optim.Muon(ps, lr=-1.0), ValueError, "Learning rate should be >= 0"),
        (lambda ps: optim.Muon(ps, momentum=-1.0), ValueError, "momentum should be >= 0"),
        (lambda ps: optim.Muon(ps, weight_decay=-1), ValueError, "weight decay should be"),
        (lambda ps: optim.Muon(ps, adjust_lr_fn="x"), ValueError, "function x is not supported"),
        (lambda ps: optim.SparseAdam(ps, lr=0.0), ValueError, "Invalid learning rate: 0.0"),
        (lambda ps: optim.SparseAdam(ps, eps=0.0), ValueError, "Invalid epsilon value: 0.0"),
        (lambda ps: optim.SparseAdam(ps, betas=(1.0, 0.9)), ValueError, "index 0: 1.0"),
    ],
)
def test_bad_options_raise_pytorchs_errors(make, error, match):
    with pytest.raises(error, match=match):
        make([Tensor(np.ones((2, 2)), requires_grad=True)])


def test_muon_newton_schulz_refusals_and_the_ns_steps_limit():
    w = Tensor(np.ones((2, 3)), requires_grad=True)
    opt = optim.Muon([w], ns_steps=100)
    (w * w).sum().backward()
    with pytest.raises(ValueError, match="Number of steps must be less than 100"):
        opt.step()


@pytest.mark.parametrize("opt_name", ["Adafactor", "Muon"])
def test_parameters_without_grad_are_skipped_and_nothing_is_recorded(opt_name):
    a = Tensor(np.ones((2, 3)), requires_grad=True)
    b = Tensor(np.ones((2, 3)), requires_grad=True)
    opt = getattr(optim, opt_name)([a, b], lr=0.1)
    (a * a * np.arange(6.0).reshape(2, 3)).sum().backward()
    opt.step()
    assert b not in opt.state and np.all(b.data == 1.0)
    assert a.grad_fn is None and a.is_leaf and not np.all(a.data == 1.0)
