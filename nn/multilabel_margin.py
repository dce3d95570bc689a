"""`MultiLabelMarginLoss` and `multilabel_margin_loss`: a hinge loss for several labels.

A sample's target lists its classes (as indices) up to the first -1; the loss is
sum over target classes j and other classes i of max(0, 1 - (x[j] - x[i])), divided by
the number of classes C. A class listed twice counts twice, as in PyTorch.
"""

from __future__ import annotations

import numpy as np

from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor, where

from .losses import _check_reduction, _legacy_reduction, _Loss, _reduce

__all__ = ["MultiLabelMarginLoss", "multilabel_margin_loss"]


def _counts(t: np.ndarray, c: int) -> tuple[np.ndarray, np.ndarray]:
    """(how often each class is listed before the first -1, whether it is listed) per row."""
    counts = np.zeros(t.shape, np.int64)
    for r in range(t.shape[0]):
        for j in t[r]:
            if j < 0:
                break
            counts[r, j] += 1
    return counts, counts > 0


@composite(show=("reduction",))
def multilabel_margin_loss(
    input, target, size_average=None, reduce=None, reduction: str = "mean"
) -> Tensor:
    """sum_{j listed, i not} max(0, 1 - x[j] + x[i]) / C per sample, for input (C) or (N, C)
    and an int64 target of the same shape (class indices, ended by -1)."""
    reduction = _legacy_reduction("multilabel_margin_loss", size_average, reduce, reduction)
    _check_reduction("multilabel_margin_loss", reduction)
    x, t = as_tensor(input), as_tensor(target)
    shape = tuple(x.shape)
    if len(shape) > 2 or (len(shape) == 2 and shape[1] == 0) or (len(shape) == 1 and not shape[0]):
        raise RuntimeError(
            "multilabel_margin_loss: Expected non-empty vector or matrix with optional 0-dim "
            f"batch size, but got: {list(shape)}"
        )
    if t.dtype != np.int64:
        raise RuntimeError(
            f"multilabel_margin_loss: expected scalar type Long but found {t.dtype} for the "
            "target (class indices, int64)"
        )
    if tuple(t.shape) != shape:
        raise RuntimeError(
            f"multilabel_margin_loss: inconsistent target size: {list(t.shape)} for input of "
            f"size: {list(shape)}"
        )
    x2 = x.reshape(-1, shape[-1] if shape else 1)
    c = x2.shape[1]
    tv = t.numpy().reshape(x2.shape)
    if ((tv < -1) | (tv >= c)).any():
        raise RuntimeError(
            f"multilabel_margin_loss: argument #2 'target' is out of range (class indices in "
            f"[0, {c}) or -1 to end the list)"
        )
    counts, listed = _counts(tv, c)
    # pair (j, i): weight = times j is listed, where i is not listed
    w = counts[:, :, None] * ~listed[:, None, :]
    z = 1.0 - x2.unsqueeze(2) + x2.unsqueeze(1)  # z[n, j, i] = 1 - x[j] + x[i]
    zero = np.zeros((), x2.dtype)
    hinge = where(z._data > 0, z, zero) * w.astype(x2.dtype)
    loss = hinge.sum((1, 2)) / c
    loss = loss.reshape(shape[:-1]) if len(shape) == 2 else loss.reshape(())
    return _reduce(loss, reduction)


class MultiLabelMarginLoss(_Loss):
    """Hinge loss between each sample's listed classes and the others
    (`nn.functional.multilabel_margin_loss`)."""

    def __init__(self, size_average=None, reduce=None, reduction: str = "mean"):
        super().__init__(reduction, size_average=size_average, reduce=reduce)

    def forward(self, input, target) -> Tensor:
        """The loss of input (C) or (N, C) against int64 targets of the same shape."""
        return multilabel_margin_loss(input, target, reduction=self.reduction)

    def extra_repr(self) -> str:
        return ""
