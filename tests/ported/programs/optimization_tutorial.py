"""Training and evaluating a small MLP on handwritten digits, one function per loop.

The digits are the MNIST subset that ships with graphgrad, served by a map-style
`Dataset` that turns each uint8 image into a float tensor in [0, 1] through a transform.
A `Flatten` + `Sequential` network is trained with SGD on cross-entropy for a few
epochs; after each epoch the held-out images are scored under `no_grad`.

Idioms: `from torch import nn`, a map-style `Dataset` with a `transform`, `DataLoader`
(shuffled for training), `nn.Flatten`, `nn.Sequential`, `nn.CrossEntropyLoss`,
`torch.optim.SGD`, `model.train()`/`model.eval()`, `loss.item()`, and the accuracy count
`(pred.argmax(1) == y).type(torch.float).sum().item()`.

In the manner of the PyTorch tutorials' "Optimizing Model Parameters".
"""

import argparse

import numpy as np

import autograd as torch
from autograd import nn
from nn.data import DataLoader, Dataset


class Digits(Dataset):
    """The first `count` images of one split of the bundled MNIST subset."""

    def __init__(self, split, count, transform=None):
        archive = np.load("mnist_subset.npz")
        self.images = archive[f"x_{split}"][:count]
        self.labels = archive[f"y_{split}"][:count].astype(np.int64)
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        image = self.images[index]
        if self.transform is not None:
            image = self.transform(image)
        return image, int(self.labels[index])


def to_unit_float(image):
    """A (1, 28, 28) float tensor in [0, 1] from a uint8 image."""
    return torch.tensor(image[None].astype(np.float32) / 255.0)


class DigitMLP(nn.Module):
    """Flatten, then two hidden ReLU layers and ten logits."""

    def __init__(self, hidden=64):
        super().__init__()
        self.flatten = nn.Flatten()
        self.layers = nn.Sequential(
            nn.Linear(28 * 28, hidden),
            nn.ReLU(),
            nn.Linear(hidden, hidden),
            nn.ReLU(),
            nn.Linear(hidden, 10),
        )

    def forward(self, x):
        return self.layers(self.flatten(x))


def train_one_epoch(loader, model, criterion, optimizer, log_every):
    """One pass over the loader; prints the loss every `log_every` batches."""
    model.train()
    seen = 0
    for step, (x, y) in enumerate(loader):
        loss = criterion(model(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        seen += len(x)
        if step % log_every == 0:
            print(f"  step {step:3d}  loss {loss.item():.6f}  [{seen}/{len(loader.dataset)}]")


def evaluate(loader, model, criterion):
    """The accuracy and the mean batch loss over the loader."""
    model.eval()
    total_loss, correct = 0.0, 0.0
    with torch.no_grad():
        for x, y in loader:
            pred = model(x)
            total_loss += criterion(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()
    return correct / len(loader.dataset), total_loss / len(loader)


def main():
    parser = argparse.ArgumentParser(description="an MLP on the bundled MNIST subset")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.2)
    parser.add_argument("--n-train", type=int, default=512)
    parser.add_argument("--n-test", type=int, default=200)
    args = parser.parse_args()

    torch.manual_seed(0)
    train_set = Digits("train", args.n_train, transform=to_unit_float)
    test_set = Digits("test", args.n_test, transform=to_unit_float)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=50)

    model = DigitMLP()
    criterion = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    for epoch in range(1, args.epochs + 1):
        print(f"epoch {epoch}")
        train_one_epoch(train_loader, model, criterion, optimizer, log_every=5)
        accuracy, loss = evaluate(test_loader, model, criterion)
        print(f"  held out: accuracy {100 * accuracy:.1f}%  mean loss {loss:.6f}")
    return model


if __name__ == "__main__":
    model = main()
