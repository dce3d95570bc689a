"""Fit a cubic to exp(-x^2) + sin(x) / 3 on [-2.5, 2.5], letting autograd find the gradients.

The four coefficients are 0-d tensors created with ``requires_grad=True``; the summed
squared error is differentiated with ``loss.backward()`` and the coefficients step in place
inside ``torch.no_grad()``, their gradients cleared with ``p.grad = None``.

Idioms: ``torch.accelerator`` choosing the device, ``torch.set_default_device``,
``torch.float``, ``torch.randn((), dtype=, requires_grad=True)``, ``torch.exp``,
``torch.sin``, ``.pow``, ``(...).sum()``, ``loss.backward()``,
``with torch.no_grad(): p -= lr * p.grad``, ``p.grad = None``, ``.item()``,
``.requires_grad``, ``print`` of a detached tensor.
In the manner of pytorch/tutorials' "Learning PyTorch with Examples" (autograd).
"""

import autograd as torch


def make_data(n: int, dtype):
    """n points of the curve to fit, evenly spaced."""
    x = torch.linspace(-2.5, 2.5, n, dtype=dtype)
    y = torch.exp(-x.pow(2)) + torch.sin(x) / 3
    return x, y


def main() -> None:
    torch.manual_seed(5)
    if torch.accelerator.is_available():
        device = torch.accelerator.current_accelerator().type
    else:
        device = "cpu"
    print("running on", device)
    torch.set_default_device(device)
    dtype = torch.float
    x, y = make_data(1200, dtype)

    names = ("bias", "linear", "square", "cube")
    params = [torch.randn((), dtype=dtype, requires_grad=True) for _ in names]
    lr = 4e-6

    for it in range(1, 1801):
        bias, linear, square, cube = params
        y_hat = bias + linear * x + square * x**2 + cube * x**3
        loss = (y_hat - y).pow(2).sum()
        if it % 200 == 0:
            print(it, loss.item())
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
                p.grad = None

    print("final loss:", loss.detach())
    print("still requires grad:", all(p.requires_grad for p in params))
    for name, p in zip(names, params):
        print(f"{name:>6} = {p.item():+.5f}")


if __name__ == "__main__":
    main()
