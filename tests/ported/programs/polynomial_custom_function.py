"""Fit y = a + b T3(c + d x) to tanh(1.5 x), T3 a Chebyshev polynomial with its own backward.

``Chebyshev3`` is a ``torch.autograd.Function``: its forward computes T3(u) = 4u^3 - 3u and
saves its input for the backward, which multiplies the incoming gradient by
T3'(u) = 12u^2 - 3. The four weights start from fixed values (``torch.full``), so the run
draws no random numbers; they step in place under ``torch.no_grad()``.

Idioms: a ``torch.autograd.Function`` subclass with static ``forward(ctx, ...)`` and
``backward(ctx, grad_output)``, ``ctx.save_for_backward``, ``ctx.saved_tensors``,
``Chebyshev3.apply``, ``torch.full((), v, device=, dtype=, requires_grad=True)``,
``loss.backward()``, in-place ``-=`` and ``.grad.zero_()`` under ``torch.no_grad()``.
In the manner of pytorch/tutorials' "Learning PyTorch with Examples" (new autograd
Functions).
"""

import autograd as torch


class Chebyshev3(torch.autograd.Function):
    """The Chebyshev polynomial T3(u) = 4u^3 - 3u, differentiated by hand."""

    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return 4 * u**3 - 3 * u

    @staticmethod
    def backward(ctx, grad_output):
        (u,) = ctx.saved_tensors
        return grad_output * (12 * u**2 - 3)


def weight(value: float, dtype, device):
    """A 0-d trainable weight holding value."""
    return torch.full((), value, device=device, dtype=dtype, requires_grad=True)


def main() -> None:
    dtype = torch.float
    device = torch.device("cpu")

    x = torch.linspace(-2, 2, 1000, device=device, dtype=dtype)
    y = torch.tanh(1.5 * x)

    a = weight(0.0, dtype, device)
    b = weight(-0.8, dtype, device)
    c = weight(0.0, dtype, device)
    d = weight(0.25, dtype, device)
    weights = (a, b, c, d)

    lr = 5e-6
    for step in range(1, 1201):
        t3 = Chebyshev3.apply
        y_pred = a + b * t3(c + d * x)
        loss = ((y_pred - y) ** 2).sum()
        if step % 100 == 0:
            print(f"{step:4d}  {loss.item():.6f}")
        loss.backward()
        with torch.no_grad():
            for w in weights:
                w -= lr * w.grad
                w.grad.zero_()

    print(f"y = {a.item():.6f} + {b.item():.6f} * T3({c.item():.6f} + {d.item():.6f} x)")


if __name__ == "__main__":
    main()
