"""A small variational autoencoder for handwritten digits, trained with Adam.

Reads the digit subset bundled with graphgrad (mnist_subset.npz in the working directory),
encodes each 28x28 image into a Gaussian over a 6-dimensional code, decodes a code drawn
with the reparametrisation trick, and minimises the summed binary cross-entropy plus the
KL divergence to the unit Gaussian. After each epoch it reports the held-out loss, and at
the end it decodes codes drawn from the prior and writes them to a .npy file.

Idioms: module-level argparse, `torch.accelerator`, a map-style `Dataset` read through
`DataLoader(..., shuffle=True)`, `F.binary_cross_entropy(reduction='sum')`, `torch.exp`,
`torch.randn_like`, `torch.sigmoid`, the KL term written with `.pow(2)` and `.exp()`,
`optim.Adam`, `torch.cat` of images, sampling from the prior under `torch.no_grad()`.

In the manner of pytorch/examples' VAE.
"""

import argparse

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from nn.data import DataLoader, Dataset

parser = argparse.ArgumentParser(description="variational autoencoder on digits")
parser.add_argument("--batch-size", type=int, default=64, metavar="B")
parser.add_argument("--epochs", type=int, default=3, metavar="E")
parser.add_argument("--latent", type=int, default=6, help="size of the code")
parser.add_argument("--hidden", type=int, default=200, help="width of the hidden layers")
parser.add_argument("--lr", type=float, default=2e-3)
parser.add_argument("--seed", type=int, default=7)
parser.add_argument("--log-every", type=int, default=5, help="batches between log lines")
parser.add_argument("--n-train", type=int, default=512)
parser.add_argument("--n-test", type=int, default=128)
parser.add_argument("--samples", type=int, default=16, help="codes decoded at the end")
opts = parser.parse_args()

torch.manual_seed(opts.seed)
if torch.accelerator.is_available():
    device = torch.accelerator.current_accelerator()
else:
    device = torch.device("cpu")
print(f"running on {device}")


class Digits(Dataset):
    """Images of the bundled digit subset as flat float vectors in [0, 1]."""

    def __init__(self, split, count):
        archive = np.load("mnist_subset.npz")
        pixels = archive["x_" + split][:count]
        self.images = pixels.reshape(len(pixels), -1).astype(np.float32) / 255.0
        self.labels = archive["y_" + split][:count].astype(np.int64)

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        return torch.from_numpy(self.images[i]), int(self.labels[i])


train_loader = DataLoader(Digits("train", opts.n_train), batch_size=opts.batch_size, shuffle=True)
test_loader = DataLoader(Digits("test", opts.n_test), batch_size=opts.batch_size)


class Autoencoder(nn.Module):
    def __init__(self, pixels=784, hidden=200, latent=6):
        super().__init__()
        self.enc = nn.Linear(pixels, hidden)
        self.to_mean = nn.Linear(hidden, latent)
        self.to_logvar = nn.Linear(hidden, latent)
        self.dec = nn.Linear(latent, hidden)
        self.out = nn.Linear(hidden, pixels)

    def encode(self, x):
        h = F.relu(self.enc(x))
        return self.to_mean(h), self.to_logvar(h)

    def sample_code(self, mean, logvar):
        std = torch.exp(logvar / 2)
        return mean + std * torch.randn_like(std)

    def decode(self, z):
        return torch.sigmoid(self.out(F.relu(self.dec(z))))

    def forward(self, x):
        mean, logvar = self.encode(x.view(-1, 784))
        return self.decode(self.sample_code(mean, logvar)), mean, logvar


def elbo_loss(recon, x, mean, logvar):
    """Reconstruction cross-entropy plus KL(q(z|x) || N(0, I)), summed over the batch."""
    bce = F.binary_cross_entropy(recon, x.view(-1, 784), reduction="sum")
    kl = -0.5 * torch.sum(1 + logvar - mean.pow(2) - logvar.exp())
    return bce + kl


vae = Autoencoder(hidden=opts.hidden, latent=opts.latent).to(device)
opt = optim.Adam(vae.parameters(), lr=opts.lr)


def train_epoch(epoch):
    vae.train()
    running = 0.0
    for step, (images, _) in enumerate(train_loader):
        images = images.to(device)
        opt.zero_grad()
        recon, mean, logvar = vae(images)
        loss = elbo_loss(recon, images, mean, logvar)
        loss.backward()
        opt.step()
        running += loss.item()
        if step % opts.log_every == 0:
            per_image = loss.item() / len(images)
            print(f"epoch {epoch} step {step:3d}  loss/image {per_image:.5f}")
    return running / len(train_loader.dataset)


def evaluate(epoch):
    vae.eval()
    total = 0.0
    with torch.no_grad():
        for k, (images, _) in enumerate(test_loader):
            images = images.to(device)
            recon, mean, logvar = vae(images)
            total += elbo_loss(recon, images, mean, logvar).item()
            if k == 0:
                shown = min(6, images.size(0))
                pairs = torch.cat([images[:shown], recon[:shown]])
                np.save(f"recon_{epoch}.npy", pairs.view(-1, 1, 28, 28).cpu().numpy())
    return total / len(test_loader.dataset)


for epoch in range(1, opts.epochs + 1):
    train_loss = train_epoch(epoch)
    test_loss = evaluate(epoch)
    print(f"epoch {epoch}: train {train_loss:.4f}  test {test_loss:.4f}")

with torch.no_grad():
    codes = torch.randn(opts.samples, opts.latent).to(device)
    generated = vae.decode(codes).cpu()
    np.save("generated.npy", generated.view(opts.samples, 1, 28, 28).numpy())
print("mean pixel of the generated digits:", round(generated.mean().item(), 5))
