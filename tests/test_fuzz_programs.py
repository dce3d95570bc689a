"""Differential fuzz: random programs over every public op, against numpy and finite differences.

A program is a few steps, each a public op (tests/fuzz_table.py) applied to earlier
values: the inputs (0-d, empty and broadcasting shapes) or results, the same value
twice included (`x * x`, `f(x, x)`). Input values come from three regimes: moderate,
ties (a few repeated values, so maxima and clip bounds tie and relu sits at 0) and
extreme (0, -0, +-inf, NaN, 1e300, 5e-324, +-30/300/800 where exp and sigmoid saturate).
Everything runs in float64, and for each program:

- every step's values equal its numpy reference (float64) at the same operands;
- the fast engine's gradients equal a plain reference traversal's (random upstream
  gradient);
- no NaN where the math is finite: along the backward (and the create_graph backward
  of the second derivatives), an op whose inputs and output are finite and whose
  received gradient holds no NaN may return NaN only where its own derivative is
  infinite (0 * inf, as in PyTorch); a masking op (relu, maximum, max, where, max
  pooling) never, whatever it received: where its mask is off it is flat, so its
  gradient there is 0 even when an infinite gradient reached it (`x.relu().sqrt()` at -1);
- at moderate points away from every op's kinks (explicitly skipped: relu at 0, ties
  of max, clip bounds, poles), the first derivative along a random direction and the
  Hessian-vector product equal central differences (Richardson-extrapolated; a point
  where two step sizes disagree is counted as not smooth and skipped).

The test suite runs a fast, reproducible profile (hypothesis' `ci` or `dev` profile
sets how many programs); `make fuzz` (benchmarks/fuzz.py) runs fresh programs for
minutes. `STATS` counts what was checked.
"""

from __future__ import annotations

import inspect
import os
import warnings
import zlib
from collections import Counter

import numpy as np
import pytest

hypothesis = pytest.importorskip("hypothesis")
from fuzz_table import ENTRIES, EXCLUDED, EXCLUDED_OPS, Entry  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from hypothesis.extra import numpy as hnp  # noqa: E402

import autograd  # noqa: E402
import nn.functional as F  # noqa: E402
from autograd import Tensor  # noqa: E402
from autograd.op import SparseGrad, unbroadcast  # noqa: E402
from autograd.reference import topological_order  # noqa: E402

STATS: Counter = Counter()  # programs run, derivatives checked, kinks skipped (benchmarks)
MASKING = {"Relu", "Maximum", "Max", "Where", "MaxPool2dOp"}  # flat where the mask is off
# where an op's derivative is not a real number (NaN is the answer): d/db a**b for a < 0
UNDEFINED = {"PowTensor": lambda a, b: bool(np.any(np.asarray(a) < 0))}
EXTREMES = [0.0, -0.0, np.inf, -np.inf, np.nan, 1e300, -1e300, 1e-300, 5e-324]
EXTREMES += [30.0, -30.0, 300.0, -300.0, 800.0, -800.0, 1e10, -1e10, 1e50, 1e-50]
MASKS = {"Tensor.relu", "Tensor.maximum", "Tensor.minimum", "Tensor.clip", "Tensor.max"}
MASKS |= {"Tensor.min", "F.max_pool2d", "autograd.where", "F.leaky_relu", "F.bipolar_relu"}
MASKS |= {"F.multi_margin_loss", "F.elu", "F.binary_cross_entropy", "Tensor.std"}
SINGULAR = {"Tensor.sqrt", "Tensor.log", "Tensor.pow", "operator.truediv", "operator.rtruediv"}
SINGULAR |= {"operator.pow", "F.kl_div", "Tensor.std", "F.layer_norm"}
KINK = 1e-3  # skip finite differences when an op's operand is this close to a kink
MODERATE = 1e6  # ... or when a value is larger than this


class Step:
    """One op of a program: an entry, the indices of its operands among the program's values
    (inputs first), its parameters."""

    def __init__(self, entry: Entry, operands: tuple, params: dict):
        self.entry, self.operands, self.params = entry, operands, params

    def __repr__(self) -> str:
        return f"Step({self.entry!r}, operands={self.operands}, params={self.params})"


class Program:
    """Inputs (float64 arrays), steps, and a random upstream gradient for the last value."""

    def __init__(self, inputs: list, steps: list, upstream: np.ndarray):
        self.inputs, self.steps, self.upstream = inputs, steps, upstream

    def __repr__(self) -> str:
        lines = [f"inputs: {[a.tolist() for a in self.inputs]}"]
        for k, s in enumerate(self.steps):
            args = ", ".join(f"v{i}" for i in s.operands)
            lines.append(f"v{len(self.inputs) + k} = {s.entry!r}({args}, **{s.params})")
        lines.append(f"upstream gradient: {self.upstream.tolist()}")
        return "\n".join(lines)


def _elements(regime: str):
    moderate = st.floats(-3, 3, allow_subnormal=False)
    if regime == "moderate":
        return moderate
    if regime == "ties":
        return st.sampled_from([-1.0, 0.0, 0.5, 1.0, 2.0])
    return st.one_of(moderate, st.sampled_from(EXTREMES))


def _ref(entry: Entry, arrays, params):
    with np.errstate(all="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.asarray(entry.ref(*[a.copy() for a in arrays], **params), dtype=np.float64)


@st.composite
def programs(draw, max_steps: int = 4) -> Program:
    """A random program (see the module docstring); steps numpy refuses are left out."""
    regime = draw(st.sampled_from(["moderate", "moderate", "ties", "extreme"]))
    n = draw(st.integers(1, 3))
    if draw(st.booleans()):
        shape = draw(hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
        shapes = [shape] * n
    else:
        shapes = draw(
            hnp.mutually_broadcastable_shapes(num_shapes=n, min_dims=0, max_dims=3, max_side=3)
        ).input_shapes
    elements = _elements(regime)
    inputs = [draw(hnp.arrays(np.float64, s, elements=elements)) for s in shapes]
    values, steps = list(inputs), []
    for _ in range(draw(st.integers(1, max_steps))):
        options = []
        for e in ENTRIES:
            idx = range(len(values))
            tuples = [(i,) for i in idx] if e.arity == 1 else [(i, j) for i in idx for j in idx]
            fitting = [t for t in tuples if e.fits(*[values[i] for i in t])]
            if fitting:
                options.append((e, fitting))
        # a third of the steps a masking op, a third an op with an infinite derivative
        # somewhere (at 0): together they make the 0 * inf cases
        kind = draw(st.sampled_from([MASKS, SINGULAR, None]))
        preferred = [o for o in options if kind is None or o[0].names[0] in kind]
        entry, fitting = draw(st.sampled_from(preferred or options))
        operands = draw(st.sampled_from(fitting))
        arrays = [values[i] for i in operands]
        params = entry.params(draw, arrays)
        try:
            out = _ref(entry, arrays, params)
        except Exception:  # noqa: BLE001 - numpy refuses: not a program to check
            continue
        steps.append(Step(entry, operands, params))
        values.append(out)
    if not steps:
        hypothesis.assume(False)
    upstream = draw(hnp.arrays(np.float64, values[-1].shape, elements=st.floats(-2, 2)))
    return Program(inputs, steps, upstream)


# ---------------------------------------------------------------- running a program
def _finite(*arrays) -> bool:
    return all(bool(np.isfinite(np.asarray(a, dtype=np.float64)).all()) for a in arrays)


def _run(program: Program, leaves: list, check: bool = False) -> tuple:
    """The program's values on graphgrad tensors; with check, compared with numpy per step.

    Returns (values, the smallest distance of an operand to a kink, the largest |value|).
    """
    values = list(leaves)
    near, largest = np.inf, 0.0
    for k, step in enumerate(program.steps):
        ts = [values[i] for i in step.operands]
        arrays = [np.asarray(t.data, dtype=np.float64) for t in ts]
        with np.errstate(all="ignore"):
            out = step.entry.call(*ts, **step.params)  # (graphgrad's warnings stay errors)
            if check:
                with warnings.catch_warnings():  # numpy's own, in the reference: not ours
                    warnings.simplefilter("ignore")
                    near = min(near, step.entry.kink(*arrays, **step.params))
                    undefined = step.entry.undefined and step.entry.undefined(*arrays)
                    expected = _ref(step.entry, arrays, step.params)
                if undefined:
                    near = 0.0  # (no real derivative there: finite differences do not apply)
                got = np.asarray(out.data, dtype=np.float64)
                scale = max(
                    [1.0] + [float(np.abs(a[np.isfinite(a)]).max(initial=0)) for a in arrays]
                )
                assert got.shape == expected.shape, (
                    f"step {k}: shape {got.shape} != {expected.shape}"
                )
                np.testing.assert_allclose(
                    got, expected, rtol=1e-6, atol=1e-9 * scale, equal_nan=True,
                    err_msg=f"step {k} ({step.entry.names[0]}): values differ from numpy",
                )  # fmt: skip
                finite = got[np.isfinite(got)]
                largest = max(largest, float(np.abs(finite).max(initial=0)))
        values.append(out)
    return values, near, largest


def _representable(a, bound: float = 1e100) -> bool:
    """Finite values are 0 or between 1 / bound and bound in magnitude (inf and NaN may be)."""
    m = np.abs(a[np.isfinite(a)])
    return bool(np.all((m == 0) | ((m >= 1 / bound) & (m <= bound))))


def _dense(g):
    return g.dense() if isinstance(g, SparseGrad) else g


def _node_gradients(root: Tensor, grad, where: str = "", stop=(), largest=None) -> dict:
    """The reference traversal (autograd/reference.py), checking each op's NaN rule (unless
    `where` is empty); tensors in `stop` get their gradient but are not gone through.
    `largest` (a list): its first item becomes the largest finite gradient part seen."""
    grads = {root: grad}
    stop = {id(t) for t in stop}
    for t in reversed(topological_order(root)):
        g = grads.get(t)
        if g is None or t._op is None or id(t) in stop:
            continue
        inputs = t._inputs
        datas = [p._data for p in inputs]
        with np.errstate(all="ignore"):
            gs = [_dense(x) for x in t._op.backward(g, t._data, *datas)]
        if where:
            _check_op(t, g, gs, inputs, datas, where)
        for p, gp in zip(inputs, gs):
            if gp is None or not p.requires_grad:
                continue
            gp = unbroadcast(np.asarray(gp), p._data.shape)
            if largest is not None:
                finite = np.abs(gp[np.isfinite(gp)])
                largest[0] = max(largest[0], float(finite.max(initial=0)))
            with np.errstate(all="ignore"):
                grads[p] = grads[p] + gp if p in grads else gp
    return grads


def _has_nan(a) -> bool:
    return a is not None and bool(np.isnan(np.asarray(a)).any())


def _has_inf(a) -> bool:
    return a is not None and bool(np.isinf(np.asarray(a)).any())


def _excused(unit: list, bad: list) -> bool:
    """NaN is excused where the derivative itself (for a unit gradient) is infinite: 0 * inf.
    A derivative that is NaN at finite values is never right."""
    return not any(_has_nan(unit[i]) for i in bad) and any(_has_inf(unit[i]) for i in bad)


def _check_op(t, g, gs, inputs, datas, where: str) -> None:
    """One op's NaN rule: see the module docstring."""
    name = t._op.name
    bad = [i for i, (p, gp) in enumerate(zip(inputs, gs)) if p.requires_grad and _has_nan(gp)]
    if not bad or _has_nan(g) or not _finite(t._data, *datas):
        return
    if name in MASKING:
        pytest.fail(f"{where}: {name} returned NaN in the gradient of input {bad[0]} (masked)")
    if not _finite(g):
        return  # an infinite gradient times a zero derivative: 0 * inf (as PyTorch)
    if name in UNDEFINED and UNDEFINED[name](*datas):
        return
    with np.errstate(all="ignore"):
        unit = [_dense(x) for x in t._op.backward(np.ones_like(g), t._data, *datas)]
    if not _excused(unit, bad):
        pytest.fail(f"{where}: {name} returned NaN in the gradient of input {bad[0]} at finite "
                    "values from a finite gradient")  # fmt: skip


def _check_steps(program: Program, values: list, grads: dict) -> None:
    """Each public op, as a whole, by the same rule: finite operands and output and a finite
    gradient give NaN only where the op's derivative is infinite (a clamped log inside
    binary_cross_entropy is not an excuse)."""
    n = len(program.inputs)
    for k, step in enumerate(program.steps):
        out = values[n + k]
        g = grads.get(out)
        ts = [values[i] for i in step.operands]
        if g is None or not _finite(g, out.data, *[t.data for t in ts]):
            continue
        if step.entry.undefined and step.entry.undefined(*[t.data for t in ts]):
            continue
        if not _finite(*[v for v in step.params.values() if isinstance(v, float)]):
            continue  # an infinite constant inside the op (inf ** x)
        part = _node_gradients(out, g, stop=ts)
        bad = [i for i, t in enumerate(ts) if _has_nan(part.get(t))]
        if not bad:
            continue
        unit = _node_gradients(out, np.ones_like(g), stop=ts)
        if not _excused([unit.get(t) for t in ts], bad):
            pytest.fail(f"step {k}: {step.entry!r} returned NaN in the gradient of operand "
                        f"{bad[0]} at finite values from a finite gradient")  # fmt: skip


def _loss(program: Program, leaves: list) -> float:
    with autograd.no_grad(), np.errstate(all="ignore"):
        out = _run(program, leaves)[0][-1]
    return float(np.sum(np.asarray(out.data, dtype=np.float64) * program.upstream))


def _grads(program: Program, xs: list) -> list:
    leaves = [Tensor(x, requires_grad=True) for x in xs]
    with np.errstate(all="ignore"):
        out = _run(program, leaves)[0][-1]
        if not out.requires_grad:
            return [np.zeros_like(x) for x in xs]
        gs = autograd.grad(out, leaves, program.upstream, allow_unused=True)
    return [np.zeros_like(x) if g is None else g.data for g, x in zip(gs, xs)]


def _richardson(fn, h: float):
    """The central difference of fn(t) at 0, Richardson-extrapolated (error O(h^4))."""

    def central(s):
        with np.errstate(all="ignore"):
            return (np.asarray(fn(s)) - np.asarray(fn(-s))) / (2 * s)

    return (4 * central(h / 2) - central(h)) / 3


def _close(analytic, numeric, atol: float, rtol: float) -> bool:
    return bool(np.all(np.abs(analytic - numeric) <= atol + rtol * np.abs(numeric)))


def check_program(program: Program) -> None:
    """Run one program and check it (see the module docstring)."""
    STATS["programs"] += 1
    leaves = [Tensor(a.copy(), requires_grad=True) for a in program.inputs]
    values, near, largest = _run(program, leaves, check=True)
    out = values[-1]
    if not out.requires_grad:
        return
    w = program.upstream
    with np.errstate(all="ignore"):
        fast = autograd.grad(out, leaves, w, allow_unused=True, retain_graph=True)
    # The NaN rules need values whose products neither overflow nor underflow (1e-211
    # squared is 0, its inverse squared inf, and 0 * inf = nan is then no op's fault).
    rules = all(_representable(a) for a in program.inputs)
    parts = [0.0]
    ref = _node_gradients(out, w, "backward" if rules else "", largest=parts)
    if rules:
        _check_steps(program, values, ref)
    # the engine sums a tensor's gradient parts in another order: cancellation differs
    largest_part = scale = parts[0]
    for i, (x, g) in enumerate(zip(leaves, fast)):
        expected = ref.get(x)
        if g is None or expected is None:
            assert g is None or not np.any(g.data), f"input {i}: gradient without a path"
            continue
        np.testing.assert_allclose(
            g.data, expected, rtol=1e-9, atol=1e-12 * scale + 1e-250, equal_nan=True,
            err_msg=f"input {i}: the engine's gradient differs from the reference traversal's",
        )  # fmt: skip
    grads = [np.zeros(x.shape) if g is None else g.data for g, x in zip(fast, leaves)]
    moderate = largest <= MODERATE and _finite(*program.inputs, *grads)
    moderate = moderate and max(np.abs(a).max(initial=0) for a in program.inputs) <= 100
    STATS["moderate" if moderate else "extreme"] += 1
    # second derivatives: the create_graph backward, along a random direction
    rng = np.random.default_rng(zlib.crc32(repr(program).encode()))  # the same every run
    vs = [rng.standard_normal(x.shape) for x in program.inputs]
    with np.errstate(all="ignore"):
        leaves2 = [Tensor(a.copy(), requires_grad=True) for a in program.inputs]
        out2 = _run(program, leaves2)[0][-1]
        gs = autograd.grad(out2, leaves2, w, create_graph=True, allow_unused=True)
        parts = [(g * v).sum() for g, v in zip(gs, vs) if g is not None and g.requires_grad]
    dot = None  # (no parts: the first derivative is constant)
    for p in parts:
        dot = p if dot is None else dot + p
    if dot is not None:
        _node_gradients(dot, np.ones_like(dot.data), "create_graph backward" if rules else "")
    if not moderate:
        return
    if any(s.entry.cuts for s in program.steps):
        STATS["graph cut"] += 1
        return
    if near <= KINK:
        STATS["kink skipped"] += 1
        return
    with np.errstate(all="ignore"):
        hv = (
            [None] * len(leaves2) if dot is None else autograd.grad(dot, leaves2, allow_unused=True)
        )
    hv = [np.zeros(x.shape) if g is None else g.data for g, x in zip(hv, leaves2)]
    h = 1e-4
    xs = program.inputs

    def moved(s):
        return [x + s * v for x, v in zip(xs, vs)]

    d1 = [
        _richardson(lambda s: _loss(program, [Tensor(x) for x in moved(s)]), k) for k in (h, h / 2)
    ]  # noqa: E501
    terms = sum(float(np.sum(np.abs(g * v))) for g, v in zip(grads, vs))
    analytic = sum(float(np.sum(g * v)) for g, v in zip(grads, vs))
    # rounding in the differences: eps |f| / h (the loss's terms, not its cancelled sum)
    with np.errstate(all="ignore"):
        noise = 1e-11 * (1 + float(np.sum(np.abs(np.asarray(out.data) * w))))
    # the differences at h and h / 2 must agree ten times better than the check below asks
    # (else the function is not smooth enough at this scale: layer_norm of a constant row)
    if not _close(d1[0], d1[1], 1e-5 * terms + noise, 1e-5):
        STATS["not smooth"] += 1
        return
    assert _close(analytic, d1[1], 1e-4 * terms + noise, 1e-4), (
        f"first derivative: analytic {analytic!r}, finite differences {d1[1]!r}"
    )
    # second derivatives square the range (1 / x**2 terms): values beyond 1e+-30 lose every
    # digit to cancellation there (prod of 1e-32s, then kl_div's 1 / target)
    if not (rules and all(_representable(np.asarray(v.data), 1e30) for v in values)):
        STATS["first derivatives only"] += 1
        return
    d2 = [
        _richardson(lambda s: np.concatenate([g.ravel() for g in _grads(program, moved(s))]), k)
        for k in (h, h / 2)
    ]  # noqa: E501
    flat = np.concatenate([g.ravel() for g in hv])
    # rounding in the gradients' differences: their parts before cancellation (largest_part)
    floor = 1e-6 * (1 + max(largest_part, *(float(np.abs(g).max(initial=0)) for g in grads)))
    scale = float(np.abs(d2[1]).max(initial=0)) + floor
    if not _close(d2[0], d2[1], 1e-5 * scale, 1e-5):
        STATS["not smooth"] += 1
        return
    assert _close(flat, d2[1], 1e-4 * scale, 1e-4), (
        f"Hessian-vector product: analytic {flat.tolist()}, finite differences {d2[1].tolist()}"
    )
    STATS["derivatives checked"] += 1


# Reproducible in the test suite; benchmarks/fuzz.py sets GRAPHGRAD_FUZZ=1 for fresh programs.
@settings(
    derandomize=not os.environ.get("GRAPHGRAD_FUZZ"),
    database=None,
    deadline=None,
    max_examples=int(os.environ.get("GRAPHGRAD_FUZZ_PROGRAMS", "0")) or settings().max_examples * 4,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(program=programs())
def test_random_programs(program):
    check_program(program)


# ------------------------------------------------------------------------ coverage
def _public_names() -> set[str]:
    """Every public operation: Tensor's methods and operators, autograd's and nn.functional's
    functions on tensors."""
    names = {f"Tensor.{n}" for n in dir(Tensor) if not n.startswith("_")}
    names |= {"Tensor.__getitem__"}
    names |= {
        f"operator.{n}"
        for n in (
            "add sub mul truediv floordiv mod pow matmul neg abs radd rsub rmul rtruediv rpow"
        ).split()
    }
    names |= {
        f"F.{n}" for n in dir(F) if not n.startswith("_") and inspect.isfunction(getattr(F, n))
    }  # noqa: E501
    names |= {
        f"autograd.{n}" for n in ("where", "maximum", "minimum", "matmul", "concatenate", "stack")
    }  # noqa: E501
    return names


def test_every_public_op_is_fuzzed_or_excluded_with_a_reason():
    covered = {n for e in ENTRIES for n in e.names}
    missing = sorted(_public_names() - covered - set(EXCLUDED))
    assert not missing, f"public ops neither in tests/fuzz_table.py nor EXCLUDED: {missing}"
    stale = sorted((covered | set(EXCLUDED)) - _public_names())
    assert not stale, f"tests/fuzz_table.py names ops that do not exist: {stale}"
    assert all(EXCLUDED.values()) and all(EXCLUDED_OPS.values())


def _first(strategy):
    return hypothesis.find(strategy, lambda _: True, settings=settings(database=None))


def test_every_registered_primitive_is_reached_or_excluded():
    """Each entry, run once on its example shapes (forward and create_graph backward)."""
    seen = set()
    rng = np.random.default_rng(0)
    for entry in ENTRIES:
        leaves = [Tensor(rng.uniform(0.5, 1.5, s), requires_grad=True) for s in entry.example]
        arrays = [x.data for x in leaves]
        out = entry.call(*leaves, **entry.params(_first, arrays))
        up = Tensor(np.ones(out.shape), requires_grad=True)  # so the backward records on it
        gs = autograd.grad(out, leaves, up, create_graph=True, allow_unused=True)
        for root in [out, *[g for g in gs if g is not None]]:
            for t in topological_order(root):
                if t._op is not None:
                    seen.add(f"{type(t._op).__module__}.{type(t._op).__qualname__}")
    primitives = {n for n in autograd.Op.registry if n.startswith(("autograd.", "nn."))}
    missing = sorted(primitives - seen - set(EXCLUDED_OPS))
    assert not missing, f"primitives no fuzz entry reaches (add an entry or a reason): {missing}"


def test_every_reference_runs_and_agrees_on_its_example():
    """Each entry's numpy reference, on its example shapes, runs and gives the entry's
    values (a reference that raises is skipped by the program fuzz, so a broken one would
    leave its op unchecked without a word)."""
    rng = np.random.default_rng(1)
    wrong = []
    for entry in ENTRIES:
        arrays = [rng.uniform(0.5, 1.5, s) for s in entry.example]
        if not entry.fits(*arrays):
            continue
        params = entry.params(_first, arrays)
        try:
            with np.errstate(all="ignore"):  # (outside a domain both sides give NaN)
                ref = np.asarray(entry.ref(*arrays, **params), dtype=np.float64)
        except Exception as e:  # noqa: BLE001 - any failure is the finding
            wrong.append(f"{entry.api}: reference raised {type(e).__name__}: {e}")
            continue
        out = entry.call(*[Tensor(a) for a in arrays], **params).numpy()
        if out.shape != ref.shape or not np.allclose(
            out, ref, rtol=1e-6, atol=1e-9, equal_nan=True
        ):
            wrong.append(f"{entry.api}: values differ from the reference")
    assert not wrong, "\n".join(wrong)
