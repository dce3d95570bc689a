"""The main job (`make demo`, `python -m nn.demo`, `graphgrad-demo`): train, test, draw, attack.

Trains a network on offline data with a progress bar, prints the test accuracy, and
writes to ``--out`` (default ``out/``):

- ``graph.svg``: the model's computation graph for the loss of a 4-sample batch,
  clustered by module (`autograd.draw`);
- ``learning_curves.png``: loss and accuracy per epoch (`History.plot`);
- ``model.npz``: the trained weights (`nn.save`; read back with `nn.load`).

By default an MLP 64-128-64-10 learns the 8x8 digits. A stratified quarter is held out as
the test set, touched once at the end; the per-epoch validation curves come from a
stratified sixth of the rest (``--val-fraction``), so the test accuracy is an honest
estimate. ``--dataset mnist`` uses the shipped real-MNIST subset (5,000 training and 1,000
test images) and ``--model cnn`` a small convolutional network. Unless ``--no-attack``, it
finally reports the test accuracy under FGSM and PGD perturbations.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from pathlib import Path

import autograd
import optim

from . import attacks
from .activations import ReLU
from .containers import Sequential
from .conv import Conv2d, MaxPool2d
from .data import holdout_split, load_digits, load_mnist
from .linear import Flatten, Linear
from .losses import CrossEntropyLoss
from .module import Module
from .serialization import save
from .training import evaluate, fit

DEFAULT_EPOCHS = {"digits": 30, "mnist": 8}


def build_model(kind: str, dataset: str) -> Module:
    """The demo networks: an MLP or a small CNN, sized for 8x8 digits or 28x28 MNIST."""
    side = 8 if dataset == "digits" else 28
    if kind == "mlp":
        return Sequential(
            Linear(side * side, 128), ReLU(), Linear(128, 64), ReLU(), Linear(64, 10)
        )  # fmt: skip
    if dataset == "digits":  # 1x8x8 -> 16x4x4
        return Sequential(
            Conv2d(1, 16, 3, padding=1), ReLU(), MaxPool2d(2),
            Flatten(), Linear(16 * 4 * 4, 64), ReLU(), Linear(64, 10),
        )  # fmt: skip
    return Sequential(  # 1x28x28 -> 8x14x14 -> 16x7x7
        Conv2d(1, 8, 3, padding=1), ReLU(), MaxPool2d(2),
        Conv2d(8, 16, 3, padding=1), ReLU(), MaxPool2d(2),
        Flatten(), Linear(16 * 7 * 7, 64), ReLU(), Linear(64, 10),
    )  # fmt: skip


def split_validation(X_train, y_train, fraction: float, seed: int = 0):
    """X_train, X_val, y_train, y_val: a stratified ``fraction`` of the training set held out
    for validation (the test set stays untouched until the end)."""
    return holdout_split(X_train, y_train, test_size=fraction, stratify=True, seed=seed)


def load_data(dataset: str, kind: str, seed: int = 0):
    """X_train, X_test, y_train, y_test: flat for the MLP, (N, 1, H, W) for the CNN."""
    if dataset == "digits":
        X, y = load_digits(flatten=kind == "mlp")
        return holdout_split(X, y, test_size=0.25, stratify=True, seed=seed)
    (X_train, y_train), (X_test, y_test) = load_mnist()
    if kind == "mlp":
        X_train, X_test = X_train.reshape(len(X_train), -1), X_test.reshape(len(X_test), -1)
    return X_train, X_test, y_train, y_test


def write_graph(model, loss_fn, X, y, path: Path) -> Path | None:
    """Render the graph of a small batch's loss to SVG; None (with a note) without Graphviz."""
    import graphviz

    model.eval()
    loss = loss_fn(model(autograd.Tensor(X[:4])), autograd.Tensor(y[:4]))
    title = f"{type(model).__name__}: cross-entropy of a 4-sample batch"
    dot = autograd.draw(loss, model=model, title=title)
    try:
        svg = dot.pipe(format="svg")
    except graphviz.ExecutableNotFound:
        src = path.with_suffix(".gv")
        src.write_text(dot.source)
        print(
            f"note: Graphviz's 'dot' is not installed, so no SVG; wrote the source to {src} "
            "(sudo apt-get install graphviz, then re-run)"
        )
        return None
    path.write_bytes(svg)
    return path


def blas_threads(n: int | None):
    """Limit numpy's BLAS to n threads (None: leave it). The demo's matrices are small:
    one thread is as fast as several on an idle machine and far faster on a busy one,
    where BLAS threads spin waiting for each other."""
    if n is None:
        return contextlib.nullcontext()
    try:
        from threadpoolctl import threadpool_limits  # installed with scikit-learn
    except ImportError:
        return contextlib.nullcontext()
    return threadpool_limits(limits=n, user_api="blas")


def _number(kind: type, low: float, low_ok: bool = True, high: float | None = None):
    """An argparse type: a number of ``kind`` above ``low`` (and below ``high``), or a
    one-line error saying what is allowed."""
    what = {int: "an integer", float: "a number"}[kind]
    bound = f">= {low}" if low_ok else f"> {low}"
    if high is not None:
        bound += f" and < {high}"

    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what} {bound}, got {text!r}") from None
        if value < low or (value == low and not low_ok) or (high is not None and value >= high):
            raise argparse.ArgumentTypeError(f"must be {bound}, got {text}")
        return value

    return parse


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="graphgrad-demo",
        description="Train a network on offline data, test it once, and write its "
        "computation graph, learning curves and weights to --out.",
    )
    p.add_argument(
        "--dataset",
        choices=("digits", "mnist"),
        default="digits",
        help="digits: scikit-learn's 1,797 8x8 images (default); mnist: the shipped subset "
        "of MNIST, 5,000 training and 1,000 test 28x28 images",
    )
    p.add_argument(
        "--model",
        choices=("mlp", "cnn"),
        default="mlp",
        help="mlp: two hidden layers (default); cnn: a small convolutional network",
    )
    p.add_argument(
        "--epochs",
        type=_number(int, 1),
        default=None,
        help="training epochs, >= 1 (default: 30 for digits, 8 for mnist)",
    )
    p.add_argument(
        "--batch-size",
        type=_number(int, 1),
        default=32,
        help="samples per training step, >= 1 (default: 32)",
    )
    p.add_argument(
        "--lr",
        type=_number(float, 0, low_ok=False),
        default=5e-3,
        help="Adam's learning rate, > 0 (default: 0.005)",
    )
    p.add_argument(
        "--val-fraction",
        type=_number(float, 0, low_ok=False, high=1),
        default=1 / 6,
        help="share of the training set held out for validation, in (0, 1) (default: 1/6)",
    )
    p.add_argument(
        "--seed",
        type=_number(int, 0),
        default=0,
        help="seed of the weights, the splits and the batch order, >= 0 (default: 0)",
    )
    p.add_argument("--out", default="out", help="output folder (default: out/)")
    p.add_argument(
        "--threads",
        type=_number(int, 1),
        default=1,
        help="BLAS threads, >= 1 (default: 1, the fastest for these small matrices)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--no-attack", action="store_true", help="skip the FGSM/PGD report")
    return p


def run(
    dataset: str = "digits",
    model: str = "mlp",
    epochs: int | None = None,
    batch_size: int = 32,
    lr: float = 5e-3,
    seed: int = 0,
    out: str | Path = "out",
    progress: bool = True,
    attack: bool = True,
    threads: int | None = 1,
    val_fraction: float = 1 / 6,
) -> dict:
    """The whole job; returns the test accuracy, the output paths and the timings."""
    with blas_threads(threads):
        return _run(
            dataset, model, epochs, batch_size, lr, seed, out, progress, attack, val_fraction
        )


def _run(dataset, model, epochs, batch_size, lr, seed, out, progress, attack, val_fraction):
    t0 = time.perf_counter()
    epochs = DEFAULT_EPOCHS[dataset] if epochs is None else epochs
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    autograd.manual_seed(seed)
    X_train, X_test, y_train, y_test = load_data(dataset, model, seed)
    X_train, X_val, y_train, y_val = split_validation(X_train, y_train, val_fraction, seed)
    net = build_model(model, dataset)
    print(
        f"{model.upper()} on {dataset}: {len(X_train)} training, {len(X_val)} validation, "
        f"{len(X_test)} test samples"
    )
    print(net)
    loss_fn = CrossEntropyLoss()
    opt = optim.Adam(net.parameters(), lr=lr)
    history = fit(
        net, loss_fn, opt, (X_train, y_train), val_data=(X_val, y_val), epochs=epochs,
        batch_size=batch_size, seed=seed, progress=progress,
        scheduler=optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs),
    )  # fmt: skip
    train_seconds = history.timing["total"]
    test = evaluate(net, (X_test, y_test), loss_fn)
    print(
        f"test accuracy: {test['accuracy']:.2%} on {len(X_test)} held-out images "
        f"(test loss {test['loss']:.4f}; trained {epochs} epochs in {train_seconds:.1f}s)"
    )
    result = {
        "accuracy": test["accuracy"],
        "loss": test["loss"],
        "val_accuracy": history["val_accuracy"][-1],
        "train_seconds": train_seconds,
    }
    if attack:
        xs, ys = X_test[:200], y_test[:200]
        eps = 0.1
        fg = attacks.fgsm(net, xs, ys, eps=eps)
        pg = attacks.pgd(net, xs, ys, eps=eps, steps=10)
        print(
            f"under attack (eps={eps}, {len(xs)} test images): accuracy {fg.clean_accuracy:.1%}"
            f" -> {fg.adv_accuracy:.1%} with FGSM, {pg.adv_accuracy:.1%} with PGD-10"
        )
        result["fgsm_accuracy"], result["pgd_accuracy"] = fg.adv_accuracy, pg.adv_accuracy
    model_path = out / "model.npz"
    save(net.state_dict(), model_path)
    curves = history.plot(
        out / "learning_curves.png",
        title=f"{model.upper()} on {dataset} ({len(X_val)} validation samples)",
    )
    del curves
    graph = write_graph(net, loss_fn, X_test, y_test, out / "graph.svg")
    print("wrote:")
    for p in (graph, out / "learning_curves.png", model_path):
        if p is not None:
            print(f"  {p}")
    result["seconds"] = time.perf_counter() - t0
    result["paths"] = {"graph": graph, "curves": out / "learning_curves.png", "model": model_path}
    print(f"done in {result['seconds']:.1f}s")
    return result


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: ``python -m nn.demo [--dataset mnist] [--model cnn] ...``."""
    parser = _parser()
    args = parser.parse_args(None if argv is None else [str(a) for a in argv])
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        parser.error(f"argument --out: {out} exists and is not a folder")
    run(
        dataset=args.dataset, model=args.model, epochs=args.epochs,
        batch_size=args.batch_size, lr=args.lr, seed=args.seed, out=args.out,
        progress=not args.no_progress, attack=not args.no_attack, threads=args.threads,
        val_fraction=args.val_fraction,
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
