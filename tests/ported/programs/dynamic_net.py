"""A polynomial of random degree whose higher terms all share one coefficient.

Each forward pass draws how many terms to use (four to six), and every term past the
cubic reuses the same parameter: a model whose graph changes from call to call, built
with ordinary Python control flow. It is fitted to cos(x) on [-2, 2] with summed
squared error and SGD with momentum.

Idioms: `nn.Parameter(torch.randn(()))` (0-d parameters), a `forward` with a Python loop
over `random.randint(4, 6)` terms reusing one parameter, `torch.linspace`,
`nn.MSELoss(reduction='sum')`, `torch.optim.SGD(momentum=0.9)`, `loss.item()`,
`model.state_dict()`.

In the manner of the PyTorch tutorials' "Control Flow + Weight Sharing" example.
"""

import math
import random

import autograd as torch
import nn


class SharedTailPolynomial(nn.Module):
    """c0 + c1 x + c2 x^2 + c3 x^3 + tail * (x^4 + x^5 ...), the tail's length random."""

    def __init__(self):
        super().__init__()
        self.c0 = nn.Parameter(torch.randn(()))
        self.c1 = nn.Parameter(torch.randn(()))
        self.c2 = nn.Parameter(torch.randn(()))
        self.c3 = nn.Parameter(torch.randn(()))
        self.tail = nn.Parameter(torch.randn(()))

    def forward(self, x):
        y = self.c0 + self.c1 * x + self.c2 * x**2 + self.c3 * x**3
        for power in range(4, random.randint(4, 6) + 1):
            y = y + self.tail * x**power
        return y

    def describe(self):
        """The polynomial with its longest tail, as text."""
        c = [p.item() for p in (self.c0, self.c1, self.c2, self.c3, self.tail)]
        return (
            f"y = {c[0]:.4f} + {c[1]:.4f} x + {c[2]:.4f} x^2 + {c[3]:.4f} x^3"
            f" + {c[4]:.4f} (x^4 + x^5 + x^6)"
        )


random.seed(0)
torch.manual_seed(0)

x = torch.linspace(-2.0, 2.0, 1000)
y = torch.cos(x)

model = SharedTailPolynomial()
criterion = nn.MSELoss(reduction="sum")
optimizer = torch.optim.SGD(model.parameters(), lr=1e-7, momentum=0.9)
for step in range(2000):
    loss = criterion(model(x), y)
    if step % 250 == 249:
        print(f"step {step + 1:5d}  loss {loss.item():.6f}")
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()

print(model.describe())
print(f"at x = pi / 4: {model(torch.tensor(math.pi / 4)).item():.4f}")
