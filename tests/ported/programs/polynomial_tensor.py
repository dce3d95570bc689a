"""Fit a cubic to cos(x) + sin(x) / 2 on [-2, 2], with plain tensors and hand-worked gradients.

No autograd is involved: the forward pass, the summed squared error and the derivative of
that error with respect to each of the four coefficients are written out, and every
coefficient takes its gradient step in place (``c0 -= lr * g0``).

Idioms: ``torch.float``, ``torch.device``, ``torch.linspace`` and ``torch.randn`` with
``dtype=`` and ``device=``, ``torch.cos``, ``torch.sin``, elementwise ``*``/``**`` and
``.pow``, ``torch.stack``, ``torch.matmul(input=, other=)``, ``.sum()``, ``.item()``,
in-place ``-=`` on tensors, printing losses and a formatted polynomial.
In the manner of pytorch/tutorials' "Learning PyTorch with Examples" (tensors).
"""

import autograd as torch

STEPS = 1500
LEARNING_RATE = 1e-5


def cubic(coeffs, x):
    """c0 + c1 x + c2 x^2 + c3 x^3, with the coefficients as 0-d tensors."""
    c0, c1, c2, c3 = coeffs
    return c0 + c1 * x + c2 * x**2 + c3 * x.pow(3)


def main() -> None:
    torch.manual_seed(11)
    device = torch.device("cpu")
    dtype = torch.float

    xs = torch.linspace(-2.0, 2.0, 1500, dtype=dtype, device=device)
    ys = torch.cos(xs) + 0.5 * torch.sin(xs)
    coeffs = [torch.randn((), dtype=dtype, device=device) for _ in range(4)]
    powers = torch.stack([xs**0, xs, xs * xs, xs**3])  # 4 x N

    for step in range(STEPS):
        pred = cubic(coeffs, xs)
        residual = pred - ys
        loss = residual.pow(2).sum().item()
        if step % 150 == 149:
            print(f"step {step + 1:5d}  loss {loss:.6f}")

        # d(loss)/d(ck) = sum(2 * residual * x^k): one row of powers times the residuals
        grads = torch.matmul(input=powers, other=2.0 * residual)
        for c, g in zip(coeffs, grads):
            c -= LEARNING_RATE * g

    c0, c1, c2, c3 = (c.item() for c in coeffs)
    print(f"fit: y = {c0:.5f} + {c1:.5f} x + {c2:.5f} x^2 + {c3:.5f} x^3")


if __name__ == "__main__":
    main()
