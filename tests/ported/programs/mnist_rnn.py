"""Classifying digits with an LSTM that reads each image one row at a time.

Each 28x28 image of the bundled digit subset is a sequence of 28 rows; a one-layer LSTM
reads it and its last output goes through BatchNorm1d, Dropout2d and a two-layer head
into log-probabilities over the ten digits. Trained with Adadelta under a StepLR
schedule; after each epoch the held-out loss and accuracy are printed.

Idioms: `nn.LSTM(batch_first=True)` returning `(output, (h, c))`, `output[:, -1, :]`,
`nn.BatchNorm1d` in training and eval mode, `nn.Dropout2d` applied to a 2-D input
(PyTorch's deprecation warning), `DataLoader(shuffle=True)` for both sets, `F.nll_loss`
(summed for the test loss), `argmax(dim=1, keepdim=True)`, `eq(...view_as(...))`,
`optim.Adadelta`, `StepLR`, argparse.

In the manner of pytorch/examples' mnist_rnn.
"""

import argparse

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from nn.data import DataLoader, TensorDataset
from optim.lr_scheduler import StepLR


def load_digits(split, count):
    """The first `count` images of a split, standardised, as (N, 28, 28) and labels."""
    with np.load("mnist_subset.npz") as archive:
        images = archive[f"x_{split}"][:count].astype(np.float32) / 255.0
        labels = archive[f"y_{split}"][:count].astype(np.int64)
    images = (images - 0.13) / 0.31
    return TensorDataset(torch.tensor(images), torch.tensor(labels))


class RowReader(nn.Module):
    def __init__(self, hidden=48, classes=10):
        super().__init__()
        self.lstm = nn.LSTM(input_size=28, hidden_size=hidden, batch_first=True)
        self.norm = nn.BatchNorm1d(hidden)
        self.drop = nn.Dropout2d(0.2)
        self.fc1 = nn.Linear(hidden, 32)
        self.fc2 = nn.Linear(32, classes)

    def forward(self, rows):
        output, (h, c) = self.lstm(rows)
        last = self.norm(output[:, -1, :])
        last = self.drop(last)
        return F.log_softmax(self.fc2(F.relu(self.fc1(last))), dim=1)


def run_epoch(net, loader, opt, epoch, every):
    net.train()
    for i, (rows, target) in enumerate(loader):
        opt.zero_grad()
        loss = F.nll_loss(net(rows), target)
        loss.backward()
        opt.step()
        if i % every == 0:
            done = i * len(rows)
            print(f"[epoch {epoch}] {done:4d}/{len(loader.dataset)} images  nll {loss.item():.5f}")


def score(net, loader):
    net.eval()
    total_loss, hits = 0.0, 0
    with torch.no_grad():
        for rows, target in loader:
            logp = net(rows)
            total_loss += F.nll_loss(logp, target, reduction="sum").item()
            guess = logp.argmax(dim=1, keepdim=True)
            hits += guess.eq(target.view_as(guess)).sum().item()
    n = len(loader.dataset)
    print(f"held out: nll {total_loss / n:.4f}, correct {hits}/{n} ({100.0 * hits / n:.1f}%)")


def main():
    ap = argparse.ArgumentParser(description="row-by-row LSTM digit classifier")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--eval-batch", type=int, default=100)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--lr", type=float, default=0.5)
    ap.add_argument("--decay", type=float, default=0.6, help="StepLR's gamma")
    ap.add_argument("--every", type=int, default=4, help="batches between log lines")
    ap.add_argument("--train-count", type=int, default=256)
    ap.add_argument("--test-count", type=int, default=128)
    ap.add_argument("--seed", type=int, default=3)
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    train = DataLoader(load_digits("train", args.train_count), batch_size=args.batch, shuffle=True)
    test = DataLoader(
        load_digits("test", args.test_count), batch_size=args.eval_batch, shuffle=True
    )

    net = RowReader()
    opt = optim.Adadelta(net.parameters(), lr=args.lr)
    schedule = StepLR(opt, step_size=1, gamma=args.decay)
    for epoch in range(1, args.epochs + 1):
        run_epoch(net, train, opt, epoch, args.every)
        score(net, test)
        schedule.step()


if __name__ == "__main__":
    main()
