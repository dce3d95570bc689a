"""Adadelta and LBFGS against PyTorch's trajectories (tests/data/optim.npz, written by
tools/make_optim_fixtures.py with PyTorch 2.13): the same problem, starting point and
options give the same loss at every step, the same parameters after every step and, for
LBFGS, the same numbers of closure calls and iterations. Also: Optimizer.state as a
defaultdict (optimizers written for PyTorch), state dicts, and step(closure) semantics."""

import copy
import json
from pathlib import Path

import numpy as np
import pytest

import autograd
import optim
from autograd import Tensor

FIX = dict(np.load(Path(__file__).parent / "data" / "optim.npz"))
CASES = json.loads(str(FIX["cases"]))
DATA = {k[5:]: v for k, v in FIX.items() if k.startswith("data.")}


def _mlp_loss(params):
    w1, b1, w2, b2 = params
    x, y = Tensor(DATA["x"]), Tensor(DATA["y"])
    return ((((x @ w1 + b1).tanh() @ w2 + b2) - y) ** 2).mean()


def _rosenbrock(params):
    (p,) = params
    return (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2


PROBLEMS = {"mlp": (["w1", "b1", "w2", "b2"], _mlp_loss), "rosen": (["rosen"], _rosenbrock)}


def _setup(case):
    names, loss_fn = PROBLEMS[case["problem"]]
    params = [Tensor(DATA[n].copy(), requires_grad=True) for n in names]
    cls = getattr(optim, case["opt"])
    if case.get("groups"):
        groups = [{"params": params[:2]}, {"params": params[2:], "lr": 0.3, "rho": 0.5}]
        opt = cls(groups, **case["kw"])
    else:
        opt = cls(params, **case["kw"])
    sign = -1.0 if case.get("negate") else 1.0

    def closure():
        opt.zero_grad()
        loss = sign * loss_fn(params)
        loss.backward()
        return loss

    return params, opt, closure


@pytest.mark.parametrize("name", CASES)
def test_trajectory_matches_pytorch(name):
    case = json.loads(str(FIX[f"{name}.config"]))
    params, opt, closure = _setup(case)
    losses, flat, counters = [], [], []
    for _ in range(case["steps"]):
        losses.append(float(opt.step(closure)))
        flat.append(np.concatenate([p.data.ravel() for p in params]))
        if case["opt"] == "LBFGS":
            s = opt.state[params[0]]
            counters.append([s["func_evals"], s["n_iter"]])
    np.testing.assert_allclose(losses, FIX[f"{name}.losses"], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(flat, FIX[f"{name}.params"], rtol=1e-9, atol=1e-11)
    want = FIX[f"{name}.counters"].reshape(-1, 2)  # LBFGS: closure calls and iterations
    np.testing.assert_array_equal(np.reshape(counters, (-1, 2)), want)


def test_lbfgs_state_dict_round_trip_resumes_the_trajectory():
    case = json.loads(str(FIX["lbfgs_strong_wolfe.config"]))
    params, opt, closure = _setup(case)
    opt.step(closure)
    saved_params = [p.data.copy() for p in params]
    saved = copy.deepcopy(opt.state_dict())
    opt.step(closure)
    want = [p.data.copy() for p in params]
    for p, v in zip(params, saved_params):
        p.data[...] = v
    fresh_params, fresh, fresh_closure = _setup(case)
    for p, v in zip(fresh_params, saved_params):
        p.data[...] = v
    fresh.load_state_dict(saved)
    assert fresh.state[fresh_params[0]]["n_iter"] == 20
    fresh.step(fresh_closure)
    for p, w in zip(fresh_params, want):
        np.testing.assert_array_equal(p.data, w)


def test_lbfgs_arguments():
    p = Tensor(np.zeros(2), requires_grad=True)
    opt = optim.LBFGS([p])
    g = opt.param_groups[0]
    assert (g["lr"], g["max_iter"], g["max_eval"], g["history_size"]) == (1, 20, 25, 100)
    assert (g["tolerance_grad"], g["tolerance_change"], g["line_search_fn"]) == (1e-7, 1e-9, None)
    with pytest.raises(ValueError, match="doesn't support per-parameter options"):
        optim.LBFGS([{"params": [p]}, {"params": [Tensor(np.zeros(1), requires_grad=True)]}])
    with pytest.raises(ValueError, match="only line_search_fn='strong_wolfe'"):
        optim.LBFGS([p], line_search_fn="backtracking")
    with pytest.raises(RuntimeError, match="needs a closure"):
        opt.step(None)

    def at_optimum():  # zero gradient: one evaluation, nothing moves
        opt.zero_grad()
        loss = (p * 0.0).sum()
        loss.backward()
        return loss

    assert float(opt.step(at_optimum)) == 0.0 and opt.state[p]["func_evals"] == 1


def test_adadelta_defaults_state_and_errors():
    p = Tensor(np.ones(3), requires_grad=True)
    opt = optim.Adadelta([p])
    g = opt.param_groups[0]
    assert (g["lr"], g["rho"], g["eps"], g["weight_decay"], g["maximize"]) == (
        1.0, 0.9, 1e-6, 0.0, False,
    )  # fmt: skip
    p.grad = Tensor(np.array([1.0, -2.0, 0.5]))
    opt.step()
    s = opt.state[p]
    assert s["step"] == 1 and set(s) == {"step", "square_avg", "acc_delta"}
    np.testing.assert_allclose(s["square_avg"], 0.1 * p.grad.data**2)
    with pytest.raises(ValueError, match="Invalid rho"):
        optim.Adadelta([p], rho=1.5)
    with pytest.raises(ValueError, match="Invalid lr"):
        optim.Adadelta([p], lr=-1.0)


# ------------------------------------------------- Optimizer.state, step(closure)
class _SignSGD(optim.Optimizer):
    """An optimizer written the way PyTorch's documentation writes them."""

    def __init__(self, params, lr=0.1, momentum=0.5):
        super().__init__(params, dict(lr=lr, momentum=momentum))

    @autograd.no_grad()
    def step(self, closure=None):
        loss = None
        if closure is not None:
            with autograd.enable_grad():
                loss = closure()
        for group in self.param_groups:
            for p in group["params"]:
                if p.grad is None:
                    continue
                state = self.state[p]
                if len(state) == 0:
                    state["step"] = 0
                    state["buf"] = np.zeros_like(p.data)
                state["step"] += 1
                buf = state["buf"]
                buf *= group["momentum"]
                buf += np.sign(p.grad.data)
                p.data[...] -= group["lr"] * buf
        return loss


def test_optimizers_written_for_pytorch_work():
    w = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    opt = _SignSGD([w])
    assert len(opt.state) == 0 and opt.state[w] == {}  # a defaultdict, keyed by parameter
    for _ in range(2):
        opt.zero_grad()
        (w * w).sum().backward()
        opt.step()
    np.testing.assert_allclose(w.data, [1.0 - 0.1 - 0.15, -2.0 + 0.1 + 0.15])
    saved = opt.state_dict()
    assert saved["state"][0]["step"] == 2
    again = _SignSGD([Tensor(np.zeros(2), requires_grad=True)])
    again.load_state_dict(saved)
    p2 = again.param_groups[0]["params"][0]
    np.testing.assert_array_equal(again.state[p2]["buf"], saved["state"][0]["buf"])
    assert isinstance(again.state, type(opt.state)) and again.state[Tensor(np.ones(1))] == {}


@pytest.mark.parametrize(
    "make",
    [
        lambda ps: optim.SGD(ps, lr=0.1, momentum=0.9),
        lambda ps: optim.Adam(ps),
        lambda ps: optim.AdamW(ps),
        lambda ps: optim.RMSprop(ps),
        lambda ps: optim.Adagrad(ps),
        lambda ps: optim.Adadelta(ps),
        lambda ps: optim.LBFGS(ps, max_iter=2),
    ],
)
def test_step_closure_runs_with_grad_enabled_and_returns_its_loss(make):
    w = Tensor(np.array([1.0, -2.0]), requires_grad=True)
    opt = make([w])
    seen = []

    def closure():
        seen.append(autograd.is_grad_enabled())
        opt.zero_grad()
        loss = (w * w).sum()
        loss.backward()
        return loss

    with autograd.no_grad():
        loss = opt.step(closure)
    assert isinstance(loss, Tensor) and float(loss) == 5.0 and all(seen) and seen
    assert not np.array_equal(w.data, [1.0, -2.0])
