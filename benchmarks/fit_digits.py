"""Seconds for 10 epochs of `nn.training.fit` on the demo's MLP, and its overhead.

The demo's setting: MLP 64-128-64-10, Adam, cross-entropy, batch 32, the 1,347 training
digits with the held-out 450 as validation data after every epoch, the accuracy metric
and the progress bar (written to /dev/null here), one BLAS thread as in the demo. `fit`
times its forward + loss + zero_grad + backward + step calls (and the validation
forwards); the rest of the epoch (batching, metrics, progress bar, callbacks) is its
overhead, as a share of the whole run (goal: under 10%). A bare loop doing only the model's
work on the same batches is timed in alternation as a cross-check.
Run: ``python -m benchmarks.fit_digits``.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time

import numpy as np

import autograd
import optim
from benchmarks.common import result, run_as_script
from nn.demo import blas_threads, build_model, load_data
from nn.losses import CrossEntropyLoss
from nn.training import fit

EPOCHS = 10
BATCH = 32


def _setup(seed: int = 0):
    autograd.manual_seed(seed)
    model = build_model("mlp", "digits")
    return model, optim.Adam(model.parameters(), lr=5e-3)


def _fit_run(data) -> dict:
    X_train, X_test, y_train, y_test = data
    model, opt = _setup()
    with open(os.devnull, "w") as sink, contextlib.redirect_stderr(sink):
        h = fit(model, CrossEntropyLoss(), opt, (X_train, y_train), (X_test, y_test),
                epochs=EPOCHS, batch_size=BATCH, progress=True)  # fmt: skip
    return h.timing


def _bare_run(data) -> float:
    """The same model work with no batching helpers, metrics or progress bar."""
    X_train, X_test, y_train, y_test = data
    model, opt = _setup()
    loss_fn = CrossEntropyLoss()
    rng = np.random.default_rng(0)
    t0 = time.perf_counter()
    for _ in range(EPOCHS):
        model.train()
        perm = rng.permutation(len(X_train))
        X, y = X_train[perm], y_train[perm]
        for i in range(0, len(X), BATCH):
            loss = loss_fn(
                model(autograd.Tensor(X[i : i + BATCH])), autograd.Tensor(y[i : i + BATCH])
            )
            opt.zero_grad()
            loss.backward()
            opt.step()
        model.eval()
        with autograd.no_grad():
            for i in range(0, len(X_test), 256):
                loss_fn(
                    model(autograd.Tensor(X_test[i : i + 256])),
                    autograd.Tensor(y_test[i : i + 256]),
                )
    return time.perf_counter() - t0


def run(quick: bool = False) -> list[dict]:
    data = load_data("digits", "mlp")
    repeats = 1 if quick else 5
    totals, shares, bares = [], [], []
    with blas_threads(1):
        _fit_run(data)  # warm-up
        for _ in range(repeats):
            timing = _fit_run(data)
            totals.append(timing["total"])
            shares.append(1.0 - timing["model"] / timing["total"])
            bares.append(_bare_run(data))
    total, share, bare = (statistics.median(v) for v in (totals, shares, bares))
    return [
        result(f"fit_digits {EPOCHS} epochs", total, "s", epochs=EPOCHS, batch=BATCH),
        result("fit_digits outside forward/backward", 100 * share, "%", goal="< 10%"),
        result(
            "fit_digits vs bare loop (in process)", total, "s", "bare loop", total / bare, "< 1.1x"
        ),  # fmt: skip
    ]


if __name__ == "__main__":
    run_as_script(run)
