"""One playground run: the data, the network, its optimizer, and the frames the page draws.

A `Session` knows nothing of the web: the server calls `train_batches`, `step`, `frame`
and `graph`, and tests call them directly. Everything random (data, split, initial
weights, batch order) comes from the config's seed, so two sessions with one config
train identically.
"""

from __future__ import annotations

import base64
import math
from collections import OrderedDict

import numpy as np

import autograd
import nn
import optim
from autograd import Tensor

from .config import LIVE_FIELDS, Config, validate
from .datasets import DATASETS

__all__ = ["Session", "DOMAIN", "GRID", "THUMB"]

DOMAIN = 6.0  # the input plane is [-6, 6]^2, as in the original
GRID = 50  # cells per side of the output heat map
THUMB = 20  # cells per side of a neuron's thumbnail
HISTORY = 500  # loss-curve points kept (older ones are thinned)

_FEATURE_FN = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}
_ACTIVATION = {"relu": nn.ReLU, "tanh": nn.Tanh, "sigmoid": nn.Sigmoid, "linear": nn.Identity}


def features(names, X: np.ndarray) -> np.ndarray:
    """The input features `names` of points X (n, 2), as an (n, len(names)) float32 array."""
    x1, x2 = X[:, 0].astype(np.float64), X[:, 1].astype(np.float64)
    return np.stack([_FEATURE_FN[n](x1, x2) for n in names], axis=1).astype(np.float32)


def plane(n: int) -> np.ndarray:
    """Cell centres of an n x n grid over the input plane, row by row from the top."""
    c = (np.arange(n) + 0.5) / n * 2 * DOMAIN - DOMAIN
    x1, x2 = np.meshgrid(c, c[::-1])
    return np.stack([x1.ravel(), x2.ravel()], axis=1)


def encode(values: np.ndarray) -> str:
    """Values in [-1, 1] (clipped) as base64 bytes 0..255, the page's heat-map format."""
    q = np.rint((np.clip(np.nan_to_num(values), -1.0, 1.0) + 1.0) * 127.5).astype(np.uint8)
    return base64.b64encode(q.tobytes()).decode("ascii")


class Session:
    """A network training on one of the playground's data sets, one batch at a time."""

    def __init__(self, config: Config | dict | None = None):
        if config is None:
            config = Config()
        elif isinstance(config, dict):
            config = validate(config)
        self.config = config
        self.reset()

    # ------------------------------------------------------------------ set-up

    def reset(self) -> None:
        """New data, new initial weights, epoch 0 (all from the seed)."""
        c = self.config
        make, _ = DATASETS[c.dataset]
        X, y = make(c.n_samples, c.noise / 100.0, c.seed)
        rng = np.random.default_rng(c.seed)
        perm = rng.permutation(len(y))
        n_train = int(len(y) * c.train_ratio / 100)
        tr, te = perm[:n_train], perm[n_train:]
        self.X_train, self.y_train, self.X_test, self.y_test = X[tr], y[tr], X[te], y[te]
        self._build_model(rng)
        self._build_optimizer()
        self._rng = rng
        self._order = rng.permutation(n_train)
        self._pos = 0
        self.epoch = 0
        self.batches = 0
        self.history: list[tuple[float, float, float]] = []
        self._stride = 1
        self._record()

    def _build_model(self, rng: np.random.Generator) -> None:
        c = self.config
        self.F_train = features(c.features, self.X_train)
        self.F_test = features(c.features, self.X_test)
        layers: OrderedDict[str, nn.Module] = OrderedDict()
        width = len(c.features)
        for i, units in enumerate(c.hidden, 1):
            layers[f"hidden{i}"] = nn.Linear(width, units)
            layers[f"act{i}"] = _ACTIVATION[c.activation]()
            width = units
        layers["output"] = nn.Linear(width, 1)
        self.model = nn.Sequential(layers)
        # nn.Linear's default initialisation, U(-1/sqrt(fan_in), 1/sqrt(fan_in)), drawn from
        # the session's own generator (so sessions never share or reseed a global one)
        for name, p in self.model.named_parameters():
            fan_in = self.model._modules[name.split(".")[0]].in_features
            bound = 1.0 / math.sqrt(fan_in)
            p.numpy()[...] = rng.uniform(-bound, bound, p.shape)

    def _build_optimizer(self) -> None:
        c, params = self.config, self.model.parameters()
        if c.optimizer == "adam":
            self.optimizer = optim.Adam(params, lr=c.learning_rate)
        else:
            momentum = 0.9 if c.optimizer == "momentum" else 0.0
            self.optimizer = optim.SGD(params, lr=c.learning_rate, momentum=momentum)

    def configure(self, changes: dict) -> bool:
        """Apply settings (ConfigError, and nothing changed, if any is bad).

        Learning rate, regularization, batch size and optimizer apply to the running
        network (a new optimizer starts with empty state); any other change starts
        again from epoch 0. Returns whether it did.
        """
        new = validate({**self.config.to_dict(), **changes})
        changed = {k for k, v in new.to_dict().items() if self.config.to_dict()[k] != v}
        self.config = new
        if changed - LIVE_FIELDS:
            self.reset()
            return True
        if "optimizer" in changed:
            self._build_optimizer()
        elif "learning_rate" in changed:
            for g in self.optimizer.param_groups:
                g["lr"] = new.learning_rate
        return False

    # ------------------------------------------------------------------ training

    @property
    def batches_per_epoch(self) -> int:
        """Mini-batches in one pass over the training points."""
        return max(1, math.ceil(len(self.y_train) / self.config.batch_size))

    def _data_loss(self, out: Tensor, y: np.ndarray) -> Tensor:
        target = Tensor(y.astype(np.float32), name="targets")
        if self.config.problem == "classification":
            return nn.functional.binary_cross_entropy_with_logits(out, target)
        return nn.functional.mse_loss(out, target)

    def loss(self, F: np.ndarray, y: np.ndarray) -> Tensor:
        """The training objective on features F: mean data loss plus the weight penalty."""
        loss = self._data_loss(self.model(Tensor(F, name="features")).reshape(-1), y)
        c = self.config
        if c.regularization != "none" and c.reg_rate > 0:
            weights = nn.utils.weights_only(self.model)
            if c.regularization == "L1":
                loss = loss + c.reg_rate * nn.utils.l1_penalty(weights)
            else:  # rate/2 * sum w^2: its gradient is rate * w, the original's L2
                loss = loss + (c.reg_rate / 2) * nn.utils.l2_penalty(weights)
        return loss

    def _next_batch(self) -> np.ndarray:
        return self._order[self._pos : self._pos + self.config.batch_size]

    def train_batches(self, n: int) -> int:
        """Train on up to `n` mini-batches, stopping at the end of an epoch; returns how many."""
        done = 0
        while done < n:
            idx = self._next_batch()
            loss = self.loss(self.F_train[idx], self.y_train[idx])
            self.optimizer.zero_grad()
            loss.backward()
            self.optimizer.step()
            self._pos += len(idx)
            self.batches += 1
            done += 1
            if self._pos >= len(self._order):
                self._end_epoch()
                break
        return done

    def step(self) -> None:
        """Finish the current epoch (one whole epoch from its start): the Step button."""
        epoch = self.epoch
        while self.epoch == epoch:
            self.train_batches(self.batches_per_epoch)

    def _end_epoch(self) -> None:
        self.epoch += 1
        self._pos = 0
        self._order = self._rng.permutation(len(self._order))
        self._record()

    # ------------------------------------------------------------------ reading

    @autograd.no_grad()
    def metrics(self) -> dict:
        """Train and test loss (the data loss, no penalty) and, for classification, accuracy."""
        out = {}
        for split, F, y in (
            ("train", self.F_train, self.y_train),
            ("test", self.F_test, self.y_test),
        ):
            z = self.model(Tensor(F)).reshape(-1)
            out[f"{split}_loss"] = float(self._data_loss(z, y).item())
            classify = self.config.problem == "classification"
            out[f"{split}_acc"] = float(np.mean((z.numpy() > 0) == (y == 1))) if classify else None
        return out

    def _record(self) -> None:
        if self.epoch % self._stride:
            return
        m = self.metrics()
        self.history.append((self.epoch, m["train_loss"], m["test_loss"]))
        if len(self.history) > HISTORY:  # keep every other point, and record half as often
            self.history = self.history[::2]
            self._stride *= 2

    @autograd.no_grad()
    def planes(self, n: int) -> tuple[np.ndarray, list[list[np.ndarray]]]:
        """Over an n x n grid: the output in [-1, 1] and each hidden neuron's activation."""
        X = plane(n)
        x = Tensor(features(self.config.features, X))
        neurons = []
        for name, m in self.model._modules.items():
            x = m(x)
            if name.startswith("act"):
                neurons.append([x.numpy()[:, j] for j in range(x.shape[1])])
        z = x.numpy().reshape(-1)
        out = np.tanh(z / 2) if self.config.problem == "classification" else z  # 2 sigmoid - 1
        return out, neurons

    def frame(self) -> dict:
        """Everything the page redraws after training: counters, metrics, heat maps, weights."""
        out, _ = self.planes(GRID)
        _, neurons = self.planes(THUMB)
        linears = [m for m in self.model._modules.values() if isinstance(m, nn.Linear)]
        return {
            "epoch": self.epoch,
            "batches": self.batches,
            "epoch_progress": self._pos / max(1, len(self._order)),
            **self.metrics(),
            "history": self.history,
            "grid": GRID,
            "thumb": THUMB,
            "output": encode(out),
            "neurons": [[encode(v) for v in layer] for layer in neurons],
            "weights": [np.round(m.weight.numpy(), 4).tolist() for m in linears],
            "biases": [np.round(m.bias.numpy(), 4).tolist() for m in linears],
        }

    def points(self) -> dict:
        """The training and test points as [x1, x2, label] rows (sent when the data change)."""

        def rows(X, y):
            return np.round(np.column_stack([X, y]).astype(np.float64), 4).tolist()

        return {
            "problem": self.config.problem,
            "train": rows(self.X_train, self.y_train),
            "test": rows(self.X_test, self.y_test),
        }

    def graph(self, max_nodes: int = 200):
        """The computation graph of the loss on the next mini-batch, with gradient-flow colours.

        A `graphviz.Digraph` from `autograd.draw(loss, model=..., gradient_flow=True)`;
        nothing is trained (draw computes the gradients it shows on its own).
        """
        idx = self._next_batch()
        loss = self.loss(self.F_train[idx], self.y_train[idx])
        loss.name = "loss"
        title = f"loss on the next batch of {len(idx)} (epoch {self.epoch})"
        return autograd.draw(
            loss,
            model=self.model,
            gradient_flow=True,
            rankdir="TB",
            max_nodes=max_nodes,
            title=title,
        )
