"""`AdaptiveLogSoftmaxWithLoss`: Grave et al.'s adaptive softmax for many classes.

The classes, sorted by frequency, are split at `cutoffs`: the first `cutoffs[0]` (the
shortlist) and one entry per further cluster make the head, a Linear layer; each cluster
has its own tail, two Linear layers through a smaller hidden size (in_features //
div_value ** (i + 1)). A class in cluster i has log probability head[cluster i] + tail_i
[its place in the cluster]. Layers, parameter names (`head.weight`, `tail.0.0.weight`, ...)
and their initialisation are PyTorch's, so the same seed gives the same weights and a
PyTorch state_dict loads.
"""

from __future__ import annotations

import itertools
from collections import namedtuple
from collections.abc import Sequence

import numpy as np

import autograd
from autograd import Tensor
from autograd.argcheck import integer, number
from autograd.tensor_class import as_tensor

from .activations import log_softmax
from .containers import ModuleList, Sequential
from .linear import Linear
from .module import Module

__all__ = ["AdaptiveLogSoftmaxWithLoss"]

_ASMoutput = namedtuple("_ASMoutput", ["output", "loss"])


class AdaptiveLogSoftmaxWithLoss(Module):
    """Adaptive softmax: a head over the frequent classes and the clusters, and a smaller
    tail per cluster; forward returns (output: each target's log probability, loss: their
    mean negative), `log_prob` every class's, `predict` the most likely class."""

    def __init__(
        self,
        in_features: int,
        n_classes: int,
        cutoffs: Sequence[int],
        div_value: float = 4.0,
        head_bias: bool = False,
        device=None,
        dtype=None,
    ) -> None:
        super().__init__()
        who = "AdaptiveLogSoftmaxWithLoss"
        in_features = integer(in_features, "in_features", who)
        n_classes = integer(n_classes, "n_classes", who)
        div_value = number(div_value, "div_value", who)
        if not isinstance(cutoffs, Sequence) or isinstance(cutoffs, (str, bytes)):
            raise TypeError(f"{who}: cutoffs must be a sequence of ints, got {cutoffs!r}")
        cutoffs = list(cutoffs)
        if len(cutoffs) == 0:
            raise ValueError("cutoffs should be a sequence of length larger than 0")
        if (
            (cutoffs != sorted(cutoffs))
            or (min(cutoffs) <= 0)
            or (max(cutoffs) > (n_classes - 1))
            or (len(set(cutoffs)) != len(cutoffs))
            or any(int(c) != c for c in cutoffs)
        ):
            raise ValueError(
                "cutoffs should be a sequence of unique, positive integers sorted in an "
                "increasing order, where each value is between 1 and n_classes-1"
            )
        kw = {"device": device, "dtype": dtype}
        self.in_features = in_features
        self.n_classes = n_classes
        self.cutoffs = cutoffs + [n_classes]
        self.div_value = div_value
        self.head_bias = head_bias
        self.shortlist_size = self.cutoffs[0]
        self.n_clusters = len(self.cutoffs) - 1
        self.head_size = self.shortlist_size + self.n_clusters
        self.head = Linear(self.in_features, self.head_size, bias=self.head_bias, **kw)
        self.tail = ModuleList()
        for i in range(self.n_clusters):
            hsz = int(self.in_features // (self.div_value ** (i + 1)))
            osz = self.cutoffs[i + 1] - self.cutoffs[i]
            self.tail.append(
                Sequential(
                    Linear(self.in_features, hsz, bias=False, **kw),
                    Linear(hsz, osz, bias=False, **kw),
                )
            )

    def reset_parameters(self) -> None:
        """New parameters for the head and the tails, as at construction."""
        self.head.reset_parameters()
        for i2h, h2o in self.tail:
            i2h.reset_parameters()
            h2o.reset_parameters()

    def forward(self, input_: Tensor, target_: Tensor) -> _ASMoutput:
        """(output, loss): the log probability of each target (N) or () and the mean of
        their negatives, for input (N, in_features) or (in_features)."""
        input_, target_ = as_tensor(input_), as_tensor(target_)
        targ_dim = target_.ndim
        if targ_dim == 1:
            if input_.shape[0] != target_.shape[0]:
                raise RuntimeError(
                    "Input and target should have the same size in the batch dimension."
                )
            if input_.ndim != 2:
                raise RuntimeError(
                    "1D target tensor expects 2D input tensors, but found inputs with size "
                    f"{input_.size()}"
                )
        elif targ_dim == 0:
            if input_.ndim != 1:
                raise RuntimeError(
                    "0D target tensor expects 1D input tensors, but found inputs with size "
                    f"{input_.size()}"
                )
        else:
            raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
        batched = targ_dim > 0
        input = input_ if batched else input_.unsqueeze(0)
        tv = target_.numpy().reshape(-1).astype(np.int64)
        batch = tv.shape[0]
        gather = np.empty(batch, np.int64)
        rows_all, parts = [], []
        bounds = [0] + self.cutoffs
        for i in range(len(bounds) - 1):
            low, high = bounds[i], bounds[i + 1]
            rows = np.flatnonzero((tv >= low) & (tv < high))
            if rows.size == 0:
                continue
            if i == 0:
                gather[rows] = tv[rows]
                parts.append(input.new_zeros(rows.size))
            else:
                cluster = self.tail[i - 1](input[rows])
                gather[rows] = self.shortlist_size + i - 1
                local = log_softmax(cluster, dim=1).gather(1, Tensor((tv[rows] - low)[:, None]))
                parts.append(local.squeeze(1))
            rows_all.append(rows)
        used = sum(r.size for r in rows_all)
        if used != batch:
            raise RuntimeError(
                f"Target values should be in [0, {self.n_classes - 1}], but values in range "
                f"[{tv.min()}, {tv.max()}] were found. "
            )
        if parts:
            order = np.argsort(np.concatenate(rows_all), kind="stable")
            output = autograd.cat(parts)[order]
        else:
            output = input.new_zeros(0)
        head_logprob = log_softmax(self.head(input), dim=1)
        output = output + head_logprob.gather(1, Tensor(gather[:, None])).reshape(-1)
        loss = (-output).mean()
        if not batched:
            output = output.squeeze(0)
        return _ASMoutput(output, loss)

    def _get_full_log_prob(self, input: Tensor, head_output: Tensor) -> Tensor:
        """The log probability of every class, from the input and the head's output."""
        head_logprob = log_softmax(head_output, dim=1)
        pieces = [head_logprob[:, : self.shortlist_size]]
        for i, _ in enumerate(itertools.pairwise(self.cutoffs)):
            cluster_logprob = log_softmax(self.tail[i](input), dim=1)
            pieces.append(cluster_logprob + head_logprob[:, self.shortlist_size + i].unsqueeze(1))
        return autograd.cat(pieces, 1)

    def log_prob(self, input: Tensor) -> Tensor:
        """Log probabilities of all n_classes classes: (N, in_features) -> (N, n_classes)."""
        input = as_tensor(input)
        return self._get_full_log_prob(input, self.head(input))

    def predict(self, input: Tensor) -> Tensor:
        """The most likely class of each example, (N); `log_prob(input).argmax(1)`, computing
        the tails only for the rows whose head prefers a cluster."""
        input = as_tensor(input)
        head_output = self.head(input)
        output = autograd.argmax(head_output, dim=1)
        outside = output.numpy() >= self.shortlist_size
        if not outside.any():
            return output
        if outside.all():
            return autograd.argmax(self._get_full_log_prob(input, head_output), dim=1)
        full = self._get_full_log_prob(input[outside], head_output[outside])
        result = output.numpy().copy()
        result[outside] = autograd.argmax(full, dim=1).numpy()
        return Tensor(result)
