"""Recovering the coefficients of a random cubic from noisy samples with one Linear layer.

A hidden cubic c1*x + c2*x^2 + c3*x^3 + c0 is drawn at random; fresh batches of points
are drawn from it (with a little noise) and a `torch.nn.Linear(3, 1)` fed the powers of x
is stepped by hand with plain gradient descent on the smooth L1 loss until the loss falls
below a threshold. The fitted and the hidden polynomials are printed side by side.

Idioms: module-level `torch.manual_seed` and `torch.randn`, `torch.cat` of the powers
`x ** k`, `x.mm(w)`, `c0.item()`, `torch.nn.Linear` reached through `torch.nn`,
`F.smooth_l1_loss`, `model.zero_grad()`, `p.data.add_(-lr * p.grad)`, and
`"{:+.3f}".format(t)` of 0-d tensors (`Tensor.__format__`).

In the manner of pytorch/examples' regression.
"""

import autograd as torch
import nn.functional as F

torch.manual_seed(2024)

DEGREE = 3
LEARNING_RATE = 0.05
TARGET_LOSS = 2e-3
MAX_STEPS = 5000

hidden_w = torch.randn(DEGREE, 1) * 2
hidden_b = torch.randn(1) * 2


def powers(x):
    """Columns x, x^2, ..., x^DEGREE of a column of points."""
    x = x.unsqueeze(1)
    return torch.cat([x**k for k in range(1, DEGREE + 1)], 1)


def truth(features):
    return features.mm(hidden_w) + hidden_b.item()


def draw_batch(size=48):
    x = torch.rand(size) * 2 - 1
    features = powers(x)
    y = truth(features) + 0.01 * torch.randn(size, 1)
    return features, y


def describe(weights, bias):
    terms = " ".join("{:+.3f}*x^{}".format(w, k + 1) for k, w in enumerate(weights))
    return "{} {:+.3f}".format(terms, bias)


model = torch.nn.Linear(DEGREE, 1)

step = 0
history = []
while step < MAX_STEPS:
    step += 1
    features, y = draw_batch()
    model.zero_grad()
    loss = F.smooth_l1_loss(model(features), y)
    loss.backward()
    for p in model.parameters():
        p.data.add_(-LEARNING_RATE * p.grad)
    history.append(loss.item())
    if step % 500 == 0:
        print(f"step {step:5d}  smooth L1 {history[-1]:.6f}")
    if history[-1] < TARGET_LOSS:
        break

print("stopped after {} steps at loss {:.6f}".format(step, history[-1]))
print("fitted: y =", describe(model.weight.view(-1), model.bias[0]))
print("hidden: y =", describe(hidden_w.view(-1), hidden_b[0]))
