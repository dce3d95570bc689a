"""`LocalResponseNorm` and `local_response_norm`: AlexNet's normalisation across channels.

Each value is divided by (k + alpha/size * sum of squares over a window of `size` channels
around it)^beta; the window holds size//2 channels before and (size-1)//2 after, and
channels beyond the edges count as zeros (PyTorch's zero-padded average pool).
"""

from __future__ import annotations

from autograd.argcheck import integer, number
from autograd.composite import composite
from autograd.tensor_class import Tensor, as_tensor

from .module import Module
from .padding import pad

__all__ = ["LocalResponseNorm", "local_response_norm"]


@composite(show=("size",))
def local_response_norm(
    input, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0
) -> Tensor:
    """x / (k + alpha * mean of x^2 over `size` neighbouring channels)^beta, for input of
    shape (N, C, *) with at least 3 dimensions."""
    x = as_tensor(input)
    size = integer(size, "size", "local_response_norm")
    dim = len(x.shape)
    if dim < 3:
        raise ValueError(
            f"local_response_norm: Expected 3D or higher dimensionality input (got {dim} "
            "dimensions)"
        )
    if x.size == 0:
        return x
    if size <= 0:
        raise RuntimeError(
            f"local_response_norm: kernel size should be greater than zero, but got {size}"
        )
    c = x.shape[1]
    sq = pad(x * x, (0, 0) * (dim - 2) + (size // 2, (size - 1) // 2))
    total = sq[:, 0:c]
    for s in range(1, size):
        total = total + sq[:, s : s + c]
    alpha = number(alpha, "alpha", "local_response_norm")
    beta = number(beta, "beta", "local_response_norm")
    k = number(k, "k", "local_response_norm")
    div = (total / size * alpha + k) ** beta
    return x / div


class LocalResponseNorm(Module):
    """Normalise each value by the squares of its neighbouring channels
    (`local_response_norm`)."""

    def __init__(self, size: int, alpha: float = 1e-4, beta: float = 0.75, k: float = 1.0):
        super().__init__()
        self.size = integer(size, "size", "LocalResponseNorm")
        # checked as numbers, kept as given (the repr prints them as PyTorch's: k=2, k=1.0)
        for name, v in (("alpha", alpha), ("beta", beta), ("k", k)):
            number(v, name, "LocalResponseNorm")
            setattr(self, name, v if isinstance(v, (int, float)) else float(v))

    def forward(self, input) -> Tensor:
        return local_response_norm(input, self.size, self.alpha, self.beta, self.k)

    def extra_repr(self) -> str:
        return f"{self.size}, alpha={self.alpha}, beta={self.beta}, k={self.k}"
