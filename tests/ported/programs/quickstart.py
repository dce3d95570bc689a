"""Classify handwritten digits with a small MLP: a Dataset, DataLoaders, a training loop,
an evaluation loop, saving and reloading the weights, and one prediction.

The images come from the MNIST subset bundled as ``mnist_subset.npz`` (read with numpy),
served by a map-style ``Dataset`` that scales them to [0, 1] and returns
``(image tensor, int label)`` pairs; ``DataLoader``'s default collate stacks them into
batches. The model is ``Flatten`` then a ``Sequential`` of ``Linear``/``ReLU``; it trains
with ``CrossEntropyLoss`` and ``torch.optim.SGD``, is saved with ``torch.save`` and reloaded
into a fresh model before it names the digit of a test image.

Idioms: a ``Dataset`` subclass (``__len__``/``__getitem__``), ``DataLoader(batch_size=,
shuffle=)``, ``torch.accelerator`` and ``.to(device)``, an ``nn.Module`` holding
``nn.Flatten`` and ``nn.Sequential``, ``print(model)``, ``nn.CrossEntropyLoss``,
``torch.optim.SGD``, ``model.train()``/``model.eval()``, ``torch.no_grad()``,
``(pred.argmax(1) == y).type(torch.float).sum().item()``,
``torch.save(model.state_dict(), path)``,
``model.load_state_dict(torch.load(path, weights_only=True))``,
``classes[pred[0].argmax(0)]``, argparse.
In the manner of pytorch/tutorials' "Learn the Basics: Quickstart".
"""

import argparse

import numpy as np

import autograd as torch
import nn
from nn.data import DataLoader, Dataset

CLASSES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


class DigitImages(Dataset):
    """A slice of the bundled MNIST subset as (1 x 28 x 28 float tensor, int label) pairs."""

    def __init__(self, path: str, split: str, start: int, count: int):
        with np.load(path) as archive:
            images = archive[f"x_{split}"][start : start + count]
            labels = archive[f"y_{split}"][start : start + count]
        self.images = images.astype(np.float32) / 255.0
        self.labels = [int(v) for v in labels]

    def __len__(self) -> int:
        return len(self.labels)

    def __getitem__(self, index: int):
        image = torch.tensor(self.images[index], dtype=torch.float32).unsqueeze(0)
        return image, self.labels[index]


class DigitMLP(nn.Module):
    """Flatten the image, then two hidden layers of ReLU units."""

    def __init__(self, hidden: int = 128):
        super().__init__()
        self.flatten = nn.Flatten()
        self.layers = nn.Sequential(
            nn.Linear(28 * 28, hidden),
            nn.ReLU(),
            nn.Linear(hidden, hidden // 2),
            nn.ReLU(),
            nn.Linear(hidden // 2, len(CLASSES)),
        )

    def forward(self, x):
        return self.layers(self.flatten(x))


def train_epoch(loader, model, loss_fn, optimizer, device, log_every: int) -> None:
    """One pass over the training set, printing the loss now and then."""
    model.train()
    seen = 0
    for batch, (images, labels) in enumerate(loader):
        images, labels = images.to(device), labels.to(device)
        loss = loss_fn(model(images), labels)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
        seen += len(images)
        if batch % log_every == 0:
            print(f"  batch {batch:3d}  loss {loss.item():.6f}  [{seen}/{len(loader.dataset)}]")


def evaluate(loader, model, loss_fn, device) -> tuple[float, float]:
    """The mean loss per batch and the accuracy over a loader."""
    model.eval()
    total_loss, correct = 0.0, 0.0
    with torch.no_grad():
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            pred = model(images)
            total_loss += loss_fn(pred, labels).item()
            correct += (pred.argmax(1) == labels).type(torch.float).sum().item()
    return total_loss / len(loader), correct / len(loader.dataset)


def main():
    """Train, save, reload and predict; returns the reloaded model."""
    parser = argparse.ArgumentParser(description="an MLP on the bundled MNIST subset")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--lr", type=float, default=0.3)
    parser.add_argument("--data", default="mnist_subset.npz")
    args = parser.parse_args()

    torch.manual_seed(1234)
    train_set = DigitImages(args.data, "train", start=2000, count=576)
    test_set = DigitImages(args.data, "test", start=100, count=192)
    train_loader = DataLoader(train_set, batch_size=args.batch_size, shuffle=True)
    test_loader = DataLoader(test_set, batch_size=args.batch_size)

    images, labels = next(iter(test_loader))
    print(f"images: {list(images.shape)} {images.dtype}; labels: {list(labels.shape)}")

    device = (
        torch.accelerator.current_accelerator().type if torch.accelerator.is_available() else "cpu"
    )
    print(f"device: {device}")
    model = DigitMLP().to(device)
    print(model)

    loss_fn = nn.CrossEntropyLoss()
    optimizer = torch.optim.SGD(model.parameters(), lr=args.lr)
    for epoch in range(1, args.epochs + 1):
        print(f"epoch {epoch}")
        train_epoch(train_loader, model, loss_fn, optimizer, device, log_every=6)
        test_loss, accuracy = evaluate(test_loader, model, loss_fn, device)
        print(f"  test: accuracy {100 * accuracy:.1f}%, mean loss {test_loss:.6f}")

    torch.save(model.state_dict(), "digit_mlp.pth")
    print("saved the weights to digit_mlp.pth")

    reloaded = DigitMLP().to(device)
    reloaded.load_state_dict(torch.load("digit_mlp.pth", weights_only=True))
    reloaded.eval()
    image, label = test_set[7]
    with torch.no_grad():
        pred = reloaded(image.unsqueeze(0).to(device))
        print(f'predicted "{CLASSES[pred[0].argmax(0)]}", actual "{CLASSES[label]}"')
    _, again = evaluate(test_loader, reloaded, loss_fn, device)
    print(f"reloaded model accuracy {100 * again:.1f}%")
    return reloaded


if __name__ == "__main__":
    model = main()
