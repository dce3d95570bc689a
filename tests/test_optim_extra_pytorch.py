"""NAdam, RAdam, Adamax, Rprop and ASGD against PyTorch's trajectories
(tests/data/optim_extra.npz, written by tools/make_optim_extra_fixtures.py with PyTorch
2.13): the same problem (parameters of shapes (3, 5), (5,), (5, 1) and ()), options and
dtype give the same loss at every step, the same parameters after every step and the same
state (PyTorch's keys and values) at the end, in float64 and float32, with weight decay on
and off, maximize, decoupled weight decay and two param groups. Also state-dict round trips,
defaults and errors."""

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

FIX = dict(np.load(Path(__file__).parent / "data" / "optim_extra.npz"))
CASES = json.loads(str(FIX["optimizer_cases"]))
DATA = {k[5:]: v for k, v in FIX.items() if k.startswith("data.")}
NAMES = ["w1", "b1", "w2", "scale"]
NEW = ["NAdam", "RAdam", "Adamax", "Rprop", "ASGD"]


def _loss(params, dtype):
    w1, b1, w2, scale = params
    x, y = Tensor(DATA["x"].astype(dtype)), Tensor(DATA["y"].astype(dtype))
    return ((((x @ w1 + b1).tanh() @ w2) * scale - y) ** 2).mean()


def _setup(case):
    dtype = np.dtype(case["dtype"])
    params = [Tensor(DATA[n].astype(dtype), requires_grad=True) for n in NAMES]
    cls = getattr(optim, case["opt"])
    kw = dict(case["kw"])
    for key in ("betas", "etas", "step_sizes"):
        if key in kw:
            kw[key] = tuple(kw[key])
    if case.get("groups"):
        opt = cls([{"params": params[:2]}, {"params": params[2:], "lr": 0.03}], **kw)
    else:
        opt = cls(params, **kw)
    sign = -1.0 if case["negate"] else 1.0

    def step():
        opt.zero_grad()
        loss = sign * _loss(params, dtype)
        loss.backward()
        opt.step()
        return float(loss)

    return params, opt, step


def _run(case):
    """Run a case under the default dtype PyTorch ran it with (its scalar state's dtype)."""
    before = autograd.get_default_dtype()
    autograd.set_default_dtype(np.dtype(case["dtype"]))
    try:
        params, opt, step = _setup(case)
        losses, flat = [], []
        for _ in range(case["steps"]):
            losses.append(step())
            flat.append(np.concatenate([p.data.ravel() for p in params]))
    finally:
        autograd.set_default_dtype(before)
    return params, opt, np.array(losses), np.array(flat)


def _tolerances(dtype):
    return dict(rtol=1e-9, atol=1e-12) if dtype == "float64" else dict(rtol=2e-5, atol=2e-6)


@pytest.mark.parametrize("name", CASES)
def test_trajectory_and_state_match_pytorch(name):
    case = json.loads(str(FIX[f"{name}.config"]))
    params, opt, losses, flat = _run(case)
    tol = _tolerances(case["dtype"])
    np.testing.assert_allclose(losses, FIX[f"{name}.losses"], **tol)
    np.testing.assert_allclose(flat, FIX[f"{name}.params"], **tol)
    assert all(p.data.dtype == np.dtype(case["dtype"]) for p in params)
    state = opt.state[params[0]]
    assert sorted(state) == case["state_keys"]
    for key in case["state_keys"]:
        got = np.concatenate(
            [np.asarray(opt.state[p][key], dtype=np.float64).ravel() for p in params]
        )
        np.testing.assert_allclose(got, FIX[f"{name}.state.{key}"], **tol, err_msg=key)
        value = state[key]
        if isinstance(value, np.ndarray):
            assert value.dtype == np.dtype(case["dtype"]), key
        else:  # step, mu_product, eta, mu: PyTorch's values exactly (float32-rounded ones too)
            np.testing.assert_array_equal(got, FIX[f"{name}.state.{key}"], err_msg=key)


@pytest.mark.parametrize("opt_name", NEW)
@pytest.mark.parametrize("dtype", ["float64", "float32"])
def test_state_dict_round_trip_resumes_the_trajectory(opt_name, dtype):
    case = json.loads(str(FIX[f"{opt_name.lower()}_1_{dtype}.config"]))
    case["steps"] = 4
    params, opt, _, _ = _run(case)
    saved = copy.deepcopy(opt.state_dict())
    saved_params = [p.data.copy() for p in params]
    assert sorted(saved["state"]) == [0, 1, 2, 3]
    assert sorted(saved["state"][0]) == case["state_keys"]
    assert saved["param_groups"][0]["params"] == [0, 1, 2, 3]
    # the uninterrupted run, three more steps
    _, _, _, want = _run(dict(case, steps=7))
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


DEFAULTS = {
    "NAdam": dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                  momentum_decay=4e-3, decoupled_weight_decay=False, maximize=False),
    "RAdam": dict(lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0,
                  decoupled_weight_decay=False, maximize=False),
    "Adamax": dict(lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, maximize=False),
    "Rprop": dict(lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), maximize=False),
    "ASGD": dict(lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0.0, maximize=False),
}  # fmt: skip
SIGNATURES = {  # PyTorch 2.13's parameters, in order (keyword-only ones after "*")
    "NAdam": "params lr betas eps weight_decay momentum_decay decoupled_weight_decay * "
    "foreach maximize capturable differentiable",
    "RAdam": "params lr betas eps weight_decay decoupled_weight_decay * foreach maximize "
    "capturable differentiable",
    "Adamax": "params lr betas eps weight_decay foreach * maximize differentiable capturable",
    "Rprop": "params lr etas step_sizes * capturable foreach maximize differentiable",
    "ASGD": "params lr lambd alpha t0 weight_decay foreach maximize differentiable capturable",
}


@pytest.mark.parametrize("opt_name", NEW)
def test_defaults_and_signature_match_pytorch(opt_name):
    p = Tensor(np.ones(2), requires_grad=True)
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
        (lambda ps: optim.NAdam(ps, lr=-1.0), ValueError, "Invalid lr"),
        (lambda ps: optim.NAdam(ps, momentum_decay=-0.1), ValueError, "Invalid momentum_decay"),
        (lambda ps: optim.NAdam(ps, betas=(1.0, 0.9)), ValueError, "beta parameter at index 0"),
        (lambda ps: optim.RAdam(ps, betas=(0.9, -0.1)), ValueError, "index 1"),
        (lambda ps: optim.RAdam(ps, weight_decay=-1), ValueError, "Invalid weight_decay"),
        (lambda ps: optim.Adamax(ps, eps=-1e-8), ValueError, "Invalid eps"),
        (lambda ps: optim.Adamax(ps, lr="fast"), TypeError, "lr"),
        (lambda ps: optim.Rprop(ps, etas=(1.5, 1.2)), ValueError, "Invalid eta values"),
        (lambda ps: optim.Rprop(ps, etas=(0.5, 0.9)), ValueError, "Invalid eta values"),
        (lambda ps: optim.Rprop(ps, step_sizes=1e-6), TypeError, "pair"),
        (lambda ps: optim.Rprop(ps, etas=None), TypeError, "Rprop: etas must be a pair"),
        (lambda ps: optim.Rprop(ps, step_sizes=(1e-6, "50")), TypeError, r"step_sizes\[1\]"),
        (lambda ps: optim.ASGD(ps, lr=-0.1), ValueError, "Invalid lr"),
        (lambda ps: optim.ASGD(ps, t0=None), TypeError, "t0"),
        (lambda ps: optim.NAdam(ps, capturable=True), NotImplementedError, "CUDA graphs"),
        (lambda ps: optim.ASGD(ps, differentiable=True), NotImplementedError, "tensor operations"),
    ],
)
def test_bad_options_raise_clear_errors(make, error, match):
    with pytest.raises(error, match=match):
        make([Tensor(np.ones(2), requires_grad=True)])


def test_rprop_step_sizes_follow_sign_changes_and_are_clamped():
    p = Tensor(np.zeros(3), requires_grad=True)
    opt = optim.Rprop([p], lr=0.1, etas=(0.5, 2.0), step_sizes=(0.04, 0.3))
    grads = [[1.0, 1.0, 0.0], [1.0, -1.0, 2.0], [1.0, 3.0, 2.0], [1.0, 3.0, 2.0]]
    for g in grads:
        p.grad = Tensor(np.array(g))
        opt.step()
    s = opt.state[p]
    # entry 0: same sign throughout, 0.1 -> 0.2 -> 0.3 (clamped) -> 0.3
    # entry 1: a flip at step 2 (0.1 -> 0.05, no step, prev 0), factor 1 at step 3, then 0.1
    # entry 2: 0 first (factor 1, no step), then 0.1 -> 0.2 -> 0.3
    # (the values PyTorch 2.13 gives)
    np.testing.assert_allclose(s["step_size"], [0.3, 0.1, 0.3])
    np.testing.assert_allclose(p.data, [-0.9, -0.25, -0.6])


def test_asgd_keeps_the_average_in_state_only():
    p = Tensor(np.array([1.0, -1.0]), requires_grad=True)
    opt = optim.ASGD([p], lr=0.1, t0=1)
    seen = []
    for _ in range(4):
        p.grad = Tensor(np.array([1.0, 2.0]))
        opt.step()
        seen.append(p.data.copy())
    # mu is 1 until step - t0 > 1: ax equals p after steps 1-2, then averages
    s = opt.state[p]
    assert s["mu"] == pytest.approx(1 / 3) and s["step"] == 4
    ax = seen[2]  # mu was 1 for step 3 (set from step 2: 1 / max(1, 1))
    ax = ax + 0.5 * (seen[3] - ax)  # step 4 used mu = 1 / max(1, 3 - 1)
    np.testing.assert_allclose(s["ax"], ax)


@pytest.mark.parametrize("opt_name", NEW)
def test_parameters_without_grad_are_skipped_and_nothing_is_recorded(opt_name):
    a = Tensor(np.ones(3), requires_grad=True)
    b = Tensor(np.ones(3), requires_grad=True)
    opt = getattr(optim, opt_name)([a, b])
    (a * a).sum().backward()
    opt.step()
    assert b not in opt.state and np.all(b.data == 1.0)
    assert a.grad_fn is None and a.is_leaf and not np.all(a.data == 1.0)


@pytest.mark.parametrize("opt_name", NEW)
def test_edge_values_match_pytorch(opt_name):
    """Gradients 0, +-inf, nan and 1e-30, two steps, beside an empty parameter."""
    p = Tensor(np.linspace(-1.0, 1.0, 6), requires_grad=True)
    e = Tensor(np.zeros(0), requires_grad=True)
    before = autograd.get_default_dtype()
    autograd.set_default_dtype(np.float64)
    try:
        opt = getattr(optim, opt_name)([p, e])
        got = []
        for _ in range(2):
            p.grad = Tensor(FIX["edge.grad"].copy())
            e.grad = Tensor(np.zeros(0))
            with np.errstate(all="ignore"):
                opt.step()
            got.append(p.data.copy())
    finally:
        autograd.set_default_dtype(before)
    np.testing.assert_allclose(got, FIX[f"edge.{opt_name}"], rtol=1e-12, atol=0)
    assert e.data.shape == (0,) and all(v.shape == (0,) for v in _arrays(opt.state[e]))


def _arrays(state):
    return [v for v in state.values() if isinstance(v, np.ndarray)]
