"""pytorch/examples: a variational autoencoder on MNIST, ported: only the imports changed.

Source: https://github.com/pytorch/examples/blob/main/vae/main.py
Offline: torchvision's `datasets.MNIST` with `transforms.ToTensor()` is replaced by the
small `MNIST` dataset class below, which reads the MNIST subset that ships with graphgrad
(nn/data/mnist_subset.npz, linked into the working directory) and does what ToTensor
does; `--train-size`/`--test-size` take the first images of it. torchvision's
`save_image` is replaced by `save_image` below, which writes the images' array to a .npy
file (it draws no PNG).
"""

from __future__ import print_function

import argparse
import os

import numpy as np

import autograd as torch
import nn
import optim
from nn import functional as F
from nn.data import Dataset


class MNIST(Dataset):
    """torchvision.datasets.MNIST with transforms.ToTensor()."""

    def __init__(self, root, train=True, size=None):
        with np.load(os.path.join(root, "mnist_subset.npz")) as f:
            split = "train" if train else "test"
            self.images, self.labels = f["x_" + split][:size], f["y_" + split][:size]

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, index):
        img = torch.from_numpy(self.images[index]).unsqueeze(0).float().div(255)  # ToTensor
        return img, int(self.labels[index])


def save_image(tensor, fp, nrow=8):
    """torchvision.utils.save_image, offline: the images' array, written to a .npy file."""
    os.makedirs(os.path.dirname(fp) or ".", exist_ok=True)
    np.save(os.path.splitext(fp)[0] + ".npy", tensor.detach().numpy())


parser = argparse.ArgumentParser(description="VAE MNIST Example")
parser.add_argument("--batch-size", type=int, default=128, metavar="N",
                    help="input batch size for training (default: 128)")  # fmt: skip
parser.add_argument("--epochs", type=int, default=10, metavar="N",
                    help="number of epochs to train (default: 10)")  # fmt: skip
parser.add_argument("--no-accel", action="store_true",
                    help="disables accelerator")  # fmt: skip
parser.add_argument("--seed", type=int, default=1, metavar="S",
                    help="random seed (default: 1)")  # fmt: skip
parser.add_argument("--log-interval", type=int, default=10, metavar="N",
                    help="how many batches to wait before logging training status")  # fmt: skip
# offline: how many images of the bundled subset to use
parser.add_argument("--train-size", type=int, default=None)
parser.add_argument("--test-size", type=int, default=None)
args = parser.parse_args()

use_accel = not args.no_accel and torch.accelerator.is_available()

torch.manual_seed(args.seed)


if use_accel:
    device = torch.accelerator.current_accelerator()
else:
    device = torch.device("cpu")

print(f"Using device: {device}")

kwargs = {"num_workers": 1, "pin_memory": True} if use_accel else {}
train_loader = torch.utils.data.DataLoader(
    MNIST(".", train=True, size=args.train_size),
    batch_size=args.batch_size, shuffle=True, **kwargs)  # fmt: skip
test_loader = torch.utils.data.DataLoader(
    MNIST(".", train=False, size=args.test_size),
    batch_size=args.batch_size, shuffle=False, **kwargs)  # fmt: skip


class VAE(nn.Module):
    def __init__(self):
        super(VAE, self).__init__()

        self.fc1 = nn.Linear(784, 400)
        self.fc21 = nn.Linear(400, 20)
        self.fc22 = nn.Linear(400, 20)
        self.fc3 = nn.Linear(20, 400)
        self.fc4 = nn.Linear(400, 784)

    def encode(self, x):
        h1 = F.relu(self.fc1(x))
        return self.fc21(h1), self.fc22(h1)

    def reparameterize(self, mu, logvar):
        std = torch.exp(0.5 * logvar)
        eps = torch.randn_like(std)
        return mu + eps * std

    def decode(self, z):
        h3 = F.relu(self.fc3(z))
        return torch.sigmoid(self.fc4(h3))

    def forward(self, x):
        mu, logvar = self.encode(x.view(-1, 784))
        z = self.reparameterize(mu, logvar)
        return self.decode(z), mu, logvar


model = VAE().to(device)
optimizer = optim.Adam(model.parameters(), lr=1e-3)


# Reconstruction + KL divergence losses summed over all elements and batch
def loss_function(recon_x, x, mu, logvar):
    BCE = F.binary_cross_entropy(recon_x, x.view(-1, 784), reduction="sum")

    # see Appendix B from VAE paper:
    # Kingma and Welling. Auto-Encoding Variational Bayes. ICLR, 2014
    # https://arxiv.org/abs/1312.6114
    # 0.5 * sum(1 + log(sigma^2) - mu^2 - sigma^2)
    KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())

    return BCE + KLD


def train(epoch):
    model.train()
    train_loss = 0
    for batch_idx, (data, _) in enumerate(train_loader):
        data = data.to(device)
        optimizer.zero_grad()
        recon_batch, mu, logvar = model(data)
        loss = loss_function(recon_batch, data, mu, logvar)
        loss.backward()
        train_loss += loss.item()
        optimizer.step()
        if batch_idx % args.log_interval == 0:
            print(
                "Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                    epoch,
                    batch_idx * len(data),
                    len(train_loader.dataset),
                    100.0 * batch_idx / len(train_loader),
                    loss.item() / len(data),
                )
            )

    print(
        "====> Epoch: {} Average loss: {:.4f}".format(epoch, train_loss / len(train_loader.dataset))
    )


def test(epoch):
    model.eval()
    test_loss = 0
    with torch.no_grad():
        for i, (data, _) in enumerate(test_loader):
            data = data.to(device)
            recon_batch, mu, logvar = model(data)
            test_loss += loss_function(recon_batch, data, mu, logvar).item()
            if i == 0:
                n = min(data.size(0), 8)
                comparison = torch.cat([data[:n], recon_batch.view(args.batch_size, 1, 28, 28)[:n]])
                save_image(
                    comparison.cpu(), "results/reconstruction_" + str(epoch) + ".png", nrow=n
                )

    test_loss /= len(test_loader.dataset)
    print("====> Test set loss: {:.4f}".format(test_loss))


if __name__ == "__main__":
    for epoch in range(1, args.epochs + 1):
        train(epoch)
        test(epoch)
        with torch.no_grad():
            sample = torch.randn(64, 20).to(device)
            sample = model.decode(sample).cpu()
            save_image(sample.view(64, 1, 28, 28), "results/sample_" + str(epoch) + ".png")
