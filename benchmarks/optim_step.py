"""Benchmark: one optimizer ``step()`` over the parameters of a 784-256-128-10 MLP.

Cases: SGD with momentum 0.9 and Adam, each against the same update written directly as
in-place numpy on preallocated arrays in this process. Weights are (out, in) float32 and
biases (out,), with fixed random gradients. Reports the median over ``repeats`` timed steps
after a warm-up, in ms, and the ratio optimizer / numpy (goal: within 1.2x).

Run: ``python benchmarks/optim_step.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import optim  # noqa: E402
from autograd import Tensor  # noqa: E402
from benchmarks.common import median_time  # noqa: E402

SIZES = (784, 256, 128, 10)
LR = 0.01
MOMENTUM = 0.9
BETAS = (0.9, 0.999)
EPS = 1e-8


def _arrays(seed: int = 0) -> tuple[list[np.ndarray], list[np.ndarray]]:
    rng = np.random.default_rng(seed)
    params, grads = [], []
    for n_in, n_out in zip(SIZES[:-1], SIZES[1:]):
        for shape in ((n_out, n_in), (n_out,)):
            params.append(rng.standard_normal(shape, dtype=np.float32) * 0.05)
            grads.append(rng.standard_normal(shape, dtype=np.float32) * 0.01)
    return params, grads


def _parameters(arrays: list[np.ndarray], grads: list[np.ndarray]) -> list[Tensor]:
    try:
        from nn import Parameter

        params = [Parameter(a.copy()) for a in arrays]
    except ImportError:
        params = [Tensor(a.copy(), requires_grad=True) for a in arrays]
    for p, g in zip(params, grads):
        p.grad = Tensor(g)
    return params


def _numpy_sgd(arrays, grads):
    """SGD with momentum (dampening 0) as in-place numpy: b = m*b + g; p -= lr*b."""
    bufs = [g.copy() for g in grads]  # the first step initialises the buffer with g
    tmps = [np.empty_like(a) for a in arrays]

    def step():
        for p, g, b, tmp in zip(arrays, grads, bufs, tmps):
            np.multiply(b, MOMENTUM, out=b)
            np.add(b, g, out=b)
            np.multiply(b, LR, out=tmp)
            np.subtract(p, tmp, out=p)

    return step


def _numpy_adam(arrays, grads):
    """Adam as in-place numpy, the same arithmetic as the docstring formula."""
    beta1, beta2 = BETAS
    ms = [np.zeros_like(a) for a in arrays]
    vs = [np.zeros_like(a) for a in arrays]
    tmps = [np.empty_like(a) for a in arrays]
    t = [0]

    def step():
        t[0] += 1
        step_size = LR / (1 - beta1 ** t[0])
        bc2_sqrt = math.sqrt(1 - beta2 ** t[0])
        for p, g, m, v, tmp in zip(arrays, grads, ms, vs, tmps):
            np.subtract(g, m, out=tmp)
            np.multiply(tmp, 1 - beta1, out=tmp)
            np.add(m, tmp, out=m)
            np.multiply(v, beta2, out=v)
            np.multiply(g, g, out=tmp)
            np.multiply(tmp, 1 - beta2, out=tmp)
            np.add(v, tmp, out=v)
            np.sqrt(v, out=tmp)
            np.divide(tmp, bc2_sqrt, out=tmp)
            np.add(tmp, EPS, out=tmp)
            np.divide(m, tmp, out=tmp)
            np.multiply(tmp, step_size, out=tmp)
            np.subtract(p, tmp, out=p)

    return step


CASES = {
    "sgd_momentum": (lambda ps: optim.SGD(ps, lr=LR, momentum=MOMENTUM), _numpy_sgd),
    "adam": (lambda ps: optim.Adam(ps, lr=LR, betas=BETAS, eps=EPS), _numpy_adam),
}


def run(quick: bool = False, repeats: int = 200, warmup: int = 20) -> list[dict]:
    """Time each case; return one dict per case (ms medians and the ratio)."""
    if quick:
        repeats, warmup = 40, 5
    results = []
    for name, (make_opt, make_numpy) in CASES.items():
        arrays, grads = _arrays()
        params = _parameters(arrays, grads)
        opt = make_opt(params)
        ours = median_time(opt.step, repeats, warmup)
        reference = median_time(make_numpy(arrays, grads), repeats, warmup)
        # interleave a second round: the machine is shared and noisy
        ours = min(ours, median_time(opt.step, repeats, warmup)) * 1e3
        reference = min(reference, median_time(make_numpy(arrays, grads), repeats, warmup)) * 1e3
        results.append(
            {
                "name": f"optim_step {name} (in process)",
                "value": ours,
                "unit": "ms",
                "reference": f"in-place numpy {reference:.3f} ms",
                "ratio": ours / reference,
                "goal": "<= 1.2x",
                "case": name,
                "optim_ms": ours,
                "numpy_ms": reference,
            }
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=200)
    args = parser.parse_args()
    for r in run(repeats=args.repeats):
        print(
            f"optim_step {r['case']:<13} optim {r['optim_ms']:7.3f} ms   "
            f"numpy {r['numpy_ms']:7.3f} ms   ratio {r['ratio']:.2f}x"
        )


if __name__ == "__main__":
    main()
