"""Digit classification with a small convolutional network, Adadelta and a step schedule.

Reads the MNIST subset bundled in mnist_subset.npz (the first ``--train-size`` training
and ``--test-size`` test images), trains a two-convolution network with dropout for a few
epochs and reports the average test loss and accuracy after each one; optionally saves
the weights and checks that a fresh model loaded from them scores the same.
Idioms: argparse, ``torch.accelerator``, ``torch.device``, a map-style ``Dataset`` whose
``__getitem__`` returns ``(Tensor, int)`` batched by ``DataLoader``'s default collate,
``torch.from_numpy``, ``Conv2d``, ``Dropout``, ``F.relu``, ``F.max_pool2d``,
``torch.flatten``, ``F.log_softmax``, ``F.nll_loss(reduction="sum")``,
``output.argmax(dim=1, keepdim=True)``, ``pred.eq(target.view_as(pred))``,
``optim.Adadelta``, ``StepLR`` with ``get_last_lr``, ``.to(device)``, ``train()``/``eval()``,
``torch.no_grad()``, ``torch.save``/``torch.load`` of a ``state_dict``, ``.item()``.
In the manner of pytorch/examples' MNIST.
"""

import argparse

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from nn.data import DataLoader, Dataset
from optim.lr_scheduler import StepLR

PIXEL_MEAN, PIXEL_STD = 0.1307, 0.3081


class DigitImages(Dataset):
    """The first `limit` images of one split, as normalised 1x28x28 tensors and int labels."""

    def __init__(self, path, split, limit):
        with np.load(path) as archive:
            self.images = archive[f"x_{split}"][:limit]
            self.labels = archive[f"y_{split}"][:limit]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        pixels = torch.from_numpy(self.images[index].astype(np.float32) / 255.0)
        pixels = (pixels - PIXEL_MEAN) / PIXEL_STD
        return pixels.unsqueeze(0), int(self.labels[index])


class SmallConvNet(nn.Module):
    """conv 5x5 -> pool -> conv 3x3 -> pool -> dropout -> hidden layer -> 10 log-probabilities."""

    def __init__(self, hidden=48):
        super().__init__()
        self.features1 = nn.Conv2d(1, 6, kernel_size=5)
        self.features2 = nn.Conv2d(6, 16, kernel_size=3, stride=1)
        self.drop_features = nn.Dropout(0.25)
        self.hidden = nn.Linear(16 * 5 * 5, hidden)
        self.drop_hidden = nn.Dropout(0.5)
        self.classify = nn.Linear(hidden, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.features1(x)), 2)  # 24x24 -> 12x12
        x = F.max_pool2d(F.relu(self.features2(x)), 2)  # 10x10 -> 5x5
        x = self.drop_features(x)
        x = torch.flatten(x, 1)
        x = self.drop_hidden(F.relu(self.hidden(x)))
        return F.log_softmax(self.classify(x), dim=1)


def train_one_epoch(model, device, loader, optimizer, epoch, log_every):
    """One pass over the training set, logging the batch loss every `log_every` batches."""
    model.train()
    seen = 0
    for step, (images, labels) in enumerate(loader):
        images, labels = images.to(device), labels.to(device)
        optimizer.zero_grad()
        loss = F.nll_loss(model(images), labels)
        loss.backward()
        optimizer.step()
        seen += len(images)
        if step % log_every == 0:
            share = 100.0 * seen / len(loader.dataset)
            print(
                f"epoch {epoch} | {seen:4d}/{len(loader.dataset)} ({share:3.0f}%) | loss {loss.item():.6f}"
            )


def evaluate(model, device, loader):
    """Average negative log-likelihood and number of correct predictions over a split."""
    model.eval()
    total_loss, correct = 0.0, 0
    with torch.no_grad():
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            output = model(images)
            total_loss += F.nll_loss(output, labels, reduction="sum").item()
            pred = output.argmax(dim=1, keepdim=True)
            correct += pred.eq(labels.view_as(pred)).sum().item()
    return total_loss / len(loader.dataset), correct


def parse_args():
    parser = argparse.ArgumentParser(description="small CNN on bundled MNIST digits")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--test-batch-size", type=int, default=500)
    parser.add_argument("--epochs", type=int, default=3)
    parser.add_argument("--lr", type=float, default=1.0)
    parser.add_argument("--gamma", type=float, default=0.7, help="learning-rate decay per epoch")
    parser.add_argument("--no-accel", action="store_true", help="stay on the CPU")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log-interval", type=int, default=10)
    parser.add_argument("--train-size", type=int, default=2000)
    parser.add_argument("--test-size", type=int, default=500)
    parser.add_argument("--save-model", action="store_true")
    return parser.parse_args()


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    use_accel = not args.no_accel and torch.accelerator.is_available()
    device = torch.accelerator.current_accelerator() if use_accel else torch.device("cpu")
    print(f"device: {device.type}")

    train_set = DigitImages("mnist_subset.npz", "train", args.train_size)
    test_set = DigitImages("mnist_subset.npz", "test", args.test_size)
    train_loader = DataLoader(train_set, batch_size=args.batch_size)
    test_loader = DataLoader(test_set, batch_size=args.test_batch_size)

    model = SmallConvNet().to(device)
    optimizer = optim.Adadelta(model.parameters(), lr=args.lr)
    schedule = StepLR(optimizer, step_size=1, gamma=args.gamma)
    for epoch in range(1, args.epochs + 1):
        train_one_epoch(model, device, train_loader, optimizer, epoch, args.log_interval)
        test_loss, correct = evaluate(model, device, test_loader)
        accuracy = 100.0 * correct / len(test_set)
        print(f"test: mean loss {test_loss:.4f}, {correct}/{len(test_set)} right ({accuracy:.1f}%)")
        schedule.step()
        print(f"learning rate now {schedule.get_last_lr()[0]:.4f}")

    if args.save_model:
        torch.save(model.state_dict(), "digits_cnn.pt")
        reloaded = SmallConvNet()
        reloaded.load_state_dict(torch.load("digits_cnn.pt"))
        again, right = evaluate(reloaded.to(device), device, test_loader)
        print(f"reloaded: mean loss {again:.4f}, {right}/{len(test_set)} right")


if __name__ == "__main__":
    main()
