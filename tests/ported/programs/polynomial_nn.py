"""Fit a quartic to sin(2x) + exp(-x) / 2 on [-1.5, 1.5] with torch.nn layers, updated by hand.

The input x becomes the features (x, x^2, x^3, x^4) by raising ``x.unsqueeze(-1)`` to an
integer exponent tensor; a ``Linear(4, 1)`` followed by ``Flatten(0, 1)`` maps them to one
prediction per point. The loss is ``MSELoss(reduction="sum")``; the parameters are
stepped by hand under ``torch.no_grad()``.

Idioms: ``torch.nn.Sequential``/``torch.nn.Linear``/``torch.nn.Flatten``/``torch.nn.MSELoss``
reached through ``torch.``, ``torch.arange`` (int64) as a ``.pow`` exponent,
``unsqueeze(-1)``, ``model.zero_grad()``, ``for p in model.parameters(): p -= lr * p.grad``,
``model[0]`` and its ``.weight``/``.bias``, ``state_dict()``.
In the manner of pytorch/tutorials' "Learning PyTorch with Examples" (nn).
"""

import autograd as torch


def features(x, degree: int):
    """The columns x, x^2, ..., x^degree (one row per point)."""
    exponents = torch.arange(1, degree + 1)
    return x.unsqueeze(-1).pow(exponents)


def main() -> torch.nn.Module:
    """Train the model and print its progress; returns the trained model."""
    torch.manual_seed(3)
    x = torch.linspace(-1.5, 1.5, 800)
    y = torch.sin(2 * x) + 0.5 * torch.exp(-x)
    xx = features(x, 4)

    model = torch.nn.Sequential(
        torch.nn.Linear(4, 1),
        torch.nn.Flatten(0, 1),
    )
    loss_fn = torch.nn.MSELoss(reduction="sum")

    learning_rate = 1e-4
    for t in range(1500):
        loss = loss_fn(model(xx), y)
        if t % 100 == 99:
            print(t + 1, loss.item())
        model.zero_grad()
        loss.backward()
        with torch.no_grad():
            for param in model.parameters():
                param -= learning_rate * param.grad

    linear = model[0]
    w = linear.weight[0]
    print(
        f"y = {linear.bias.item():.5f} + {w[0].item():.5f} x + {w[1].item():.5f} x^2"
        f" + {w[2].item():.5f} x^3 + {w[3].item():.5f} x^4"
    )
    return model


if __name__ == "__main__":
    model = main()
