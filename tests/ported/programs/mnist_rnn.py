"""pytorch/examples: MNIST with an LSTM (rows as time steps), ported: only the imports changed.

Source: https://github.com/pytorch/examples/blob/main/mnist_rnn/main.py
Offline: torchvision's `datasets.MNIST` and its ToTensor + Normalize transforms are
replaced by the small `MNIST` dataset class below, which reads the MNIST subset that
ships with graphgrad (nn/data/mnist_subset.npz, linked into the working directory) and
does what those transforms do; `--train-size`/`--test-size` take the first images of it.
"""

from __future__ import print_function

import argparse
import os

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from nn.data import Dataset
from optim.lr_scheduler import StepLR


class MNIST(Dataset):
    """torchvision.datasets.MNIST with ToTensor() and Normalize((0.1307,), (0.3081,))."""

    def __init__(self, root, train=True, size=None):
        with np.load(os.path.join(root, "mnist_subset.npz")) as f:
            split = "train" if train else "test"
            self.images, self.labels = f["x_" + split][:size], f["y_" + split][:size]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        img = torch.from_numpy(self.images[index]).unsqueeze(0).float().div(255)  # ToTensor
        return (img - 0.1307) / 0.3081, int(self.labels[index])  # Normalize


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.rnn = nn.LSTM(input_size=28, hidden_size=64, batch_first=True)
        self.batchnorm = nn.BatchNorm1d(64)
        self.dropout1 = nn.Dropout2d(0.25)
        self.dropout2 = nn.Dropout2d(0.5)
        self.fc1 = nn.Linear(64, 32)
        self.fc2 = nn.Linear(32, 10)

    def forward(self, input):
        # Shape of input is (batch_size,1, 28, 28)
        # converting shape of input to (batch_size, 28, 28)
        # as required by RNN when batch_first is set True
        input = input.reshape(-1, 28, 28)
        output, hidden = self.rnn(input)

        # RNN output shape is (seq_len, batch, input_size)
        # Get last output of RNN
        output = output[:, -1, :]
        output = self.batchnorm(output)
        output = self.dropout1(output)
        output = self.fc1(output)
        output = F.relu(output)
        output = self.dropout2(output)
        output = self.fc2(output)
        output = F.log_softmax(output, dim=1)
        return output


def train(args, model, device, train_loader, optimizer, epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)
        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % args.log_interval == 0:
            print(
                "Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                    epoch,
                    batch_idx * len(data),
                    len(train_loader.dataset),
                    100.0 * batch_idx / len(train_loader),
                    loss.item(),
                )
            )
            if args.dry_run:
                break


def test(args, model, device, test_loader):
    model.eval()
    test_loss = 0
    correct = 0
    with torch.no_grad():
        for data, target in test_loader:
            data, target = data.to(device), target.to(device)
            output = model(data)
            test_loss += F.nll_loss(output, target, reduction="sum").item()  # sum up batch loss
            pred = output.argmax(dim=1, keepdim=True)  # get the index of the max log-probability
            correct += pred.eq(target.view_as(pred)).sum().item()
            if args.dry_run:
                break

    test_loss /= len(test_loader.dataset)

    print(
        "\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n".format(
            test_loss,
            correct,
            len(test_loader.dataset),
            100.0 * correct / len(test_loader.dataset),
        )
    )


def main():
    # Training settings
    parser = argparse.ArgumentParser(description="PyTorch MNIST Example using RNN")
    parser.add_argument("--batch-size", type=int, default=64, metavar="N",
                        help="input batch size for training (default: 64)")  # fmt: skip
    parser.add_argument("--test-batch-size", type=int, default=1000, metavar="N",
                        help="input batch size for testing (default: 1000)")  # fmt: skip
    parser.add_argument("--epochs", type=int, default=14, metavar="N",
                        help="number of epochs to train (default: 14)")  # fmt: skip
    parser.add_argument("--lr", type=float, default=0.1, metavar="LR",
                        help="learning rate (default: 0.1)")  # fmt: skip
    parser.add_argument("--gamma", type=float, default=0.7, metavar="M",
                        help="learning rate step gamma (default: 0.7)")  # fmt: skip
    parser.add_argument("--accel", action="store_true",
                        help="enables accelerator")  # fmt: skip
    parser.add_argument("--dry-run", action="store_true",
                        help="quickly check a single pass")  # fmt: skip
    parser.add_argument("--seed", type=int, default=1, metavar="S",
                        help="random seed (default: 1)")  # fmt: skip
    parser.add_argument("--log-interval", type=int, default=10, metavar="N",
                        help="how many batches to wait before logging training status")  # fmt: skip
    parser.add_argument("--save-model", action="store_true",
                        help="for Saving the current Model")  # fmt: skip
    # offline: how many images of the bundled subset to use
    parser.add_argument("--train-size", type=int, default=None)
    parser.add_argument("--test-size", type=int, default=None)
    args = parser.parse_args()

    if args.accel:
        device = torch.accelerator.current_accelerator()
    else:
        device = torch.device("cpu")

    torch.manual_seed(args.seed)

    kwargs = {"num_workers": 1, "pin_memory": True} if args.accel else {}
    train_loader = torch.utils.data.DataLoader(
        MNIST(".", train=True, size=args.train_size),
        batch_size=args.batch_size, shuffle=True, **kwargs)  # fmt: skip
    test_loader = torch.utils.data.DataLoader(
        MNIST(".", train=False, size=args.test_size),
        batch_size=args.test_batch_size, shuffle=True, **kwargs)  # fmt: skip

    model = Net().to(device)
    optimizer = optim.Adadelta(model.parameters(), lr=args.lr)

    scheduler = StepLR(optimizer, step_size=1, gamma=args.gamma)
    for epoch in range(1, args.epochs + 1):
        train(args, model, device, train_loader, optimizer, epoch)
        test(args, model, device, test_loader)
        scheduler.step()

    if args.save_model:
        torch.save(model.state_dict(), "mnist_rnn.pt")


if __name__ == "__main__":
    main()
