"""One digit classifier written six times, each version using more of torch.nn.

Starts from raw tensors (hand-made weights, a hand-written log-softmax and negative
log-likelihood, a manual gradient step under ``no_grad``) and refactors step by step:
``F.cross_entropy``, a Module holding ``nn.Parameter``s, ``nn.Linear`` with ``optim.SGD``,
``TensorDataset``/``DataLoader`` with a shared ``fit`` loop, a small CNN, and finally an
``nn.Sequential`` with a ``Lambda`` layer fed by a wrapping loader that moves batches to
the device. Data: the first images of the bundled MNIST subset, flattened to 784 floats
in [0, 1]. Idioms: ``map(torch.tensor, arrays)``, ``torch.randn`` weights with
``requires_grad_()``, ``input[range(n), target]``, ``w -= w.grad * lr`` and
``w.grad.zero_()``, ``torch.argmax``, ``F.cross_entropy``, ``nn.Parameter``,
``model.zero_grad()``, ``nn.Linear``, ``optim.SGD`` (with momentum), ``TensorDataset``
slicing, ``DataLoader(shuffle=True)``, ``Conv2d`` (stride, padding), ``F.avg_pool2d``,
``nn.AvgPool2d``, ``nn.AdaptiveAvgPool2d``, ``xb.view(-1, xb.size(1))``,
``torch.cuda.is_available()``, ``.to(dev)``, tensor reprs (summarised, with ``grad_fn``).
In the manner of the PyTorch tutorial "What is torch.nn really?".
"""

import math

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from nn.data import DataLoader, TensorDataset

torch.manual_seed(0)

N_TRAIN, N_VALID = 512, 192
BATCH = 64
LR = 0.5
EPOCHS = 2


def load_digits():
    """Flattened training and validation images in [0, 1] and their labels, as numpy."""
    with np.load("mnist_subset.npz") as archive:
        x_tr = archive["x_train"][:N_TRAIN].reshape(N_TRAIN, -1).astype(np.float32) / 255
        x_va = archive["x_test"][:N_VALID].reshape(N_VALID, -1).astype(np.float32) / 255
        y_tr = archive["y_train"][:N_TRAIN].astype(np.int64)
        y_va = archive["y_test"][:N_VALID].astype(np.int64)
    return x_tr, y_tr, x_va, y_va


x_train, y_train, x_valid, y_valid = map(torch.tensor, load_digits())
n, n_pixels = x_train.shape
print("images", x_train.shape, "labels", y_train.shape, y_train.dtype)
print(x_valid, y_valid)
print("label range", y_train.min(), y_train.max())


# ---------------------------------------------------------------- 1. raw tensors
def log_softmax(z):
    """Log-probabilities along the last dimension, written out by hand."""
    shifted = z - z.max(-1, keepdim=True).values  # no overflow in exp
    return shifted - shifted.exp().sum(-1).log().unsqueeze(-1)


def nll(log_probs, target):
    """Mean negative log-likelihood of the target classes."""
    picked = log_probs[range(len(target)), target]
    return -picked.mean()


def accuracy(scores, target):
    """Share of rows whose highest score is at the target class."""
    return (torch.argmax(scores, dim=1) == target).float().mean()


weights = torch.randn(n_pixels, 10) / math.sqrt(n_pixels)
weights.requires_grad_()
bias = torch.zeros(10, requires_grad=True)


def linear_log_softmax(xb):
    return log_softmax(xb @ weights + bias)


first = x_train[:BATCH]
scores = linear_log_softmax(first)
print(scores[0], scores.shape)
loss = nll(scores, y_train[:BATCH])
print("before:", loss, accuracy(scores, y_train[:BATCH]))

for epoch in range(EPOCHS):
    for start in range(0, n, BATCH):
        xb, yb = x_train[start : start + BATCH], y_train[start : start + BATCH]
        loss = nll(linear_log_softmax(xb), yb)
        loss.backward()
        with torch.no_grad():
            weights -= weights.grad * LR
            bias -= bias.grad * LR
            weights.grad.zero_()
            bias.grad.zero_()
print(
    "after:",
    nll(linear_log_softmax(first), y_train[:BATCH]),
    accuracy(linear_log_softmax(first), y_train[:BATCH]),
)


# ------------------------------------------------------------ 2. F.cross_entropy
def linear_scores(xb):
    return xb @ weights + bias


print("cross_entropy:", F.cross_entropy(linear_scores(first), y_train[:BATCH]))


# ---------------------------------------------------- 3. a Module with Parameters
class HandLogistic(nn.Module):
    """Logistic regression holding its own Parameters."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(n_pixels, 10) / math.sqrt(n_pixels))
        self.b = nn.Parameter(torch.zeros(10))

    def forward(self, xb):
        return xb @ self.w + self.b


model = HandLogistic()
print("fresh module:", F.cross_entropy(model(first), y_train[:BATCH]))
for epoch in range(EPOCHS):
    for start in range(0, n, BATCH):
        loss = F.cross_entropy(
            model(x_train[start : start + BATCH]), y_train[start : start + BATCH]
        )
        loss.backward()
        with torch.no_grad():
            for p in model.parameters():
                p -= p.grad * LR
            model.zero_grad()
print("trained module:", F.cross_entropy(model(first), y_train[:BATCH]))


# ---------------------------------- 4. nn.Linear, optim.SGD and a TensorDataset
class LinearLogistic(nn.Module):
    def __init__(self):
        super().__init__()
        self.out = nn.Linear(n_pixels, 10)

    def forward(self, xb):
        return self.out(xb)


model = LinearLogistic()
opt = optim.SGD(model.parameters(), lr=LR)
train_ds = TensorDataset(x_train, y_train)
print("nn.Linear before:", F.cross_entropy(model(first), y_train[:BATCH]))
for epoch in range(EPOCHS):
    for i in range((n - 1) // BATCH + 1):
        xb, yb = train_ds[i * BATCH : (i + 1) * BATCH]
        loss = F.cross_entropy(model(xb), yb)
        loss.backward()
        opt.step()
        opt.zero_grad()
print("nn.Linear after:", F.cross_entropy(model(first), y_train[:BATCH]))


# ------------------------------------------ 5. DataLoaders and one fit() for all
def make_loaders(train, valid, batch):
    """A shuffling training loader and a validation loader with larger batches."""
    return DataLoader(train, batch_size=batch, shuffle=True), DataLoader(
        valid, batch_size=2 * batch
    )


def batch_loss(model, loss_fn, xb, yb, opt=None):
    """The batch's loss as a float and the batch size; steps `opt` when one is given."""
    loss = loss_fn(model(xb), yb)
    if opt is not None:
        loss.backward()
        opt.step()
        opt.zero_grad()
    return loss.item(), len(xb)


def fit(epochs, model, loss_fn, opt, train_dl, valid_dl):
    """Train, and after each epoch print the mean validation loss per image."""
    for epoch in range(epochs):
        model.train()
        for xb, yb in train_dl:
            batch_loss(model, loss_fn, xb, yb, opt)
        model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for xb, yb in valid_dl:
                value, size = batch_loss(model, loss_fn, xb, yb)
                total, count = total + value * size, count + size
        print(f"epoch {epoch}: validation loss {total / count:.6f}")


train_dl, valid_dl = make_loaders(train_ds, TensorDataset(x_valid, y_valid), BATCH)
model = LinearLogistic()
fit(EPOCHS, model, F.cross_entropy, optim.SGD(model.parameters(), lr=LR), train_dl, valid_dl)


# ------------------------------------------------------------------- 6. a CNN
class DigitCNN(nn.Module):
    """A 5x5 and a 3x3 stride-2 convolution (28 -> 14 -> 7), a 1x1 one to 10 maps, averaged."""

    def __init__(self, width=8):
        super().__init__()
        self.wide = nn.Conv2d(1, width, kernel_size=5, stride=2, padding=2)
        self.narrow = nn.Conv2d(width, 2 * width, kernel_size=3, stride=2, padding=1)
        self.to_classes = nn.Conv2d(2 * width, 10, kernel_size=1)

    def forward(self, xb):
        images = xb.view(-1, 1, 28, 28)
        maps = F.relu(self.narrow(F.relu(self.wide(images))))
        scores = F.avg_pool2d(self.to_classes(maps), 7)
        return scores.view(-1, scores.size(1))


model = DigitCNN()
fit(
    EPOCHS,
    model,
    F.cross_entropy,
    optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
    train_dl,
    valid_dl,
)


# ------------------------------- 7. nn.Sequential, a Lambda layer, a wrapped loader
class Lambda(nn.Module):
    """A layer that applies a plain function."""

    def __init__(self, fn):
        super().__init__()
        self.fn = fn

    def forward(self, x):
        return self.fn(x)


model = nn.Sequential(
    Lambda(lambda x: x.view(-1, 1, 28, 28)),
    nn.Conv2d(1, 8, kernel_size=5, stride=2, padding=2),
    nn.ReLU(),
    nn.Conv2d(8, 10, kernel_size=3, padding=1),
    nn.AvgPool2d(14),
    Lambda(lambda x: x.view(x.size(0), -1)),
)
fit(
    EPOCHS,
    model,
    F.cross_entropy,
    optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
    train_dl,
    valid_dl,
)

dev = torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")
print("device", dev)


class ImageBatches:
    """Iterates over a loader of flat images, giving 1x28x28 batches on `device`."""

    def __init__(self, loader, device):
        self.loader, self.device = loader, device

    def __len__(self):
        return len(self.loader)

    def __iter__(self):
        for flat, labels in self.loader:
            yield flat.view(-1, 1, 28, 28).to(self.device), labels.to(self.device)


train_dl, valid_dl = make_loaders(train_ds, TensorDataset(x_valid, y_valid), BATCH)
train_dl, valid_dl = ImageBatches(train_dl, dev), ImageBatches(valid_dl, dev)
model = nn.Sequential(
    nn.Conv2d(1, 8, kernel_size=5, stride=2, padding=2),
    nn.ReLU(),
    nn.Conv2d(8, 16, kernel_size=3, stride=2, padding=1),
    nn.ReLU(),
    nn.Conv2d(16, 10, kernel_size=1),
    nn.AdaptiveAvgPool2d(1),
    Lambda(lambda x: x.view(-1, x.size(1))),
).to(dev)
print(model)
fit(
    EPOCHS,
    model,
    F.cross_entropy,
    optim.SGD(model.parameters(), lr=0.1, momentum=0.9),
    train_dl,
    valid_dl,
)
