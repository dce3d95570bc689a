"""Fit a cubic to atan(2x) + exp(-x / 2) on [-2, 2] with a custom nn.Module of scalar Parameters.

``Cubic`` holds its coefficients as ``torch.nn.Parameter(torch.randn(()))`` attributes, so
``model.parameters()`` finds them for ``torch.optim.SGD`` (with momentum); its
``formula()`` method renders the current polynomial as text.

Idioms: a ``torch.nn.Module`` subclass calling ``super().__init__()``, scalar
``torch.nn.Parameter`` attributes, ``forward``, ``torch.nn.MSELoss(reduction="sum")``,
``torch.optim.SGD(..., lr=, momentum=)``, ``zero_grad``/``backward``/``step``,
``named_parameters()``, a custom method, ``state_dict()``.
In the manner of pytorch/tutorials' "Learning PyTorch with Examples" (custom nn Modules).
"""

import autograd as torch


class Cubic(torch.nn.Module):
    """y = c0 + c1 x + c2 x^2 + c3 x^3 with trainable scalar coefficients."""

    def __init__(self):
        super().__init__()
        self.c0 = torch.nn.Parameter(torch.randn(()))
        self.c1 = torch.nn.Parameter(torch.randn(()))
        self.c2 = torch.nn.Parameter(torch.randn(()))
        self.c3 = torch.nn.Parameter(torch.randn(()))

    def forward(self, x):
        # Horner's scheme: fewer multiplications than summing the powers
        return self.c0 + x * (self.c1 + x * (self.c2 + x * self.c3))

    def formula(self) -> str:
        """The polynomial with its current coefficients."""
        c = [p.item() for p in (self.c0, self.c1, self.c2, self.c3)]
        return f"y = {c[0]:.5f} + {c[1]:.5f} x + {c[2]:.5f} x^2 + {c[3]:.5f} x^3"


def main():
    """Fit the cubic and print its progress; returns the trained model."""
    torch.manual_seed(8)
    x = torch.linspace(-2.0, 2.0, 1600)
    y = torch.atan(2.0 * x) + torch.exp(-0.5 * x)

    model = Cubic()
    print("parameters:", [name for name, _ in model.named_parameters()])
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.SGD(model.parameters(), lr=2e-6, momentum=0.9)

    for step in range(1000):
        loss = criterion(model(x), y)
        if step % 100 == 99:
            print(f"step {step + 1}: {loss.item():.5f}")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    print(model.formula())
    return model


if __name__ == "__main__":
    model = main()
