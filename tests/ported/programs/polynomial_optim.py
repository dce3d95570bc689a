"""Fit a cubic to the logistic curve 1 / (1 + exp(-3x)) on [-2, 2], trained with RMSprop.

The features (x, x^2, x^3) come from ``x.unsqueeze(-1).pow(powers)``; a
``Sequential(Linear(3, 1), Flatten(0, 1))`` maps them to predictions, the loss is
``MSELoss(reduction="sum")`` and ``torch.optim.RMSprop`` takes the steps.

Idioms: ``torch.nn.Sequential``/``Linear``/``Flatten``/``MSELoss`` and
``torch.optim.RMSprop`` reached through ``torch.``, ``torch.tensor([...])`` as an integer
exponent, ``optimizer.zero_grad()``, ``loss.backward()``, ``optimizer.step()``,
``optimizer.param_groups[0]["lr"]``, ``model[0]``, ``state_dict()``.
In the manner of pytorch/tutorials' "Learning PyTorch with Examples" (optim).
"""

import autograd as torch


def build(n_features: int):
    """The linear model on polynomial features, flattened to one output per point."""
    return torch.nn.Sequential(torch.nn.Linear(n_features, 1), torch.nn.Flatten(0, 1))


def main():
    """Train with RMSprop and print its progress; returns the trained model."""
    torch.manual_seed(21)
    x = torch.linspace(-2, 2, 1000)
    target = 1 / (1 + torch.exp(-3 * x))
    powers = torch.tensor([1, 2, 3])
    inputs = x.unsqueeze(-1).pow(powers)

    model = build(len(powers))
    criterion = torch.nn.MSELoss(reduction="sum")
    optimizer = torch.optim.RMSprop(model.parameters(), lr=2e-3)
    print("learning rate", optimizer.param_groups[0]["lr"])

    for epoch in range(1, 901):
        prediction = model(inputs)
        loss = criterion(prediction, target)
        if epoch % 100 == 0:
            print(f"epoch {epoch}: loss {loss.item():.5f}")
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

    layer = model[0]
    coefs = ", ".join(f"{v:.4f}" for v in layer.weight.detach()[0].tolist())
    print(f"intercept {layer.bias.item():.4f}; x, x^2, x^3 coefficients {coefs}")
    return model


if __name__ == "__main__":
    model = main()
