"""A small deep convolutional GAN trained on synthetic noise images.

A generator of transposed convolutions turns a latent vector into a 3x32x32 image; a
discriminator of strided convolutions says how real an image looks. The "real" images
are uniform noise, each drawn from the default generator seeded by its index (the
global random state is saved and restored around the draw). Both networks are trained
against each other with BCELoss and Adam, a few batches per epoch, with a log line per
batch, the images generated from a fixed noise batch and checkpoints of both networks.

Idioms: module-level argparse and `print(opts)`, `random.seed`, `import
torch.backends.cudnn as cudnn` with `cudnn.benchmark = True`, `import torch.nn.parallel`,
`torch.get_rng_state`/`set_rng_state`, `DataLoader(shuffle=True, num_workers=0)`,
`Module.apply(init_fn)` dispatching on `m.__class__.__name__`, `nn.init.normal_`/`zeros_`,
printed model reprs, `x.is_cuda or x.is_xpu`, `out.view(-1, 1).squeeze(1)`,
`torch.full(..., dtype=real.dtype)`, `labels.fill_`, `fake.detach()`, gradients of two
backward calls accumulated before one step, `%`-formatted logs and
`torch.save(net.state_dict(), ...)`.

In the manner of pytorch/examples' DCGAN.
"""

import argparse
import os
import random

import numpy as np

import autograd as torch
import autograd.backends.cudnn as cudnn
import nn
import nn.parallel  # noqa: F401  (what a multi-device script imports)
import optim
from nn.data import DataLoader, Dataset

parser = argparse.ArgumentParser()
parser.add_argument("--images", type=int, default=16, help="size of the synthetic set")
parser.add_argument("--batch", type=int, default=8)
parser.add_argument("--side", type=int, default=32, help="image side (fixed by the nets)")
parser.add_argument("--latent", type=int, default=16)
parser.add_argument("--gwidth", type=int, default=8)
parser.add_argument("--dwidth", type=int, default=8)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--lr", type=float, default=2e-4)
parser.add_argument("--beta1", type=float, default=0.5)
parser.add_argument("--seed", type=int, default=11)
parser.add_argument("--out", default="gan_out", help="folder for images and checkpoints")
opts = parser.parse_args()
print(opts)

os.makedirs(opts.out, exist_ok=True)
random.seed(opts.seed)
torch.manual_seed(opts.seed)
cudnn.benchmark = True


class NoiseImages(Dataset):
    """Uniform-noise images, image i drawn from the default generator seeded with i."""

    def __init__(self, count, side):
        self.count, self.side = count, side

    def __len__(self):
        return self.count

    def __getitem__(self, i):
        saved = torch.get_rng_state()
        torch.manual_seed(i)
        image = torch.rand(3, self.side, self.side)
        torch.set_rng_state(saved)
        return image, 0


def init_weights(m):
    kind = m.__class__.__name__
    if "Conv" in kind:
        nn.init.normal_(m.weight, 0.0, 0.02)
    elif "BatchNorm" in kind:
        nn.init.normal_(m.weight, 1.0, 0.02)
        nn.init.zeros_(m.bias)


def on_accelerator(x):
    return x.is_cuda or x.is_xpu


class Painter(nn.Module):
    def __init__(self, latent, width):
        super().__init__()
        self.layers = nn.Sequential(
            nn.ConvTranspose2d(latent, width * 4, 4, 1, 0, bias=False),
            nn.BatchNorm2d(width * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(width * 4, width * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(width * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(width * 2, width, 4, 2, 1, bias=False),
            nn.BatchNorm2d(width),
            nn.ReLU(True),
            nn.ConvTranspose2d(width, 3, 4, 2, 1, bias=False),
            nn.Tanh(),
        )

    def forward(self, z):
        if on_accelerator(z):
            raise RuntimeError("this example runs on the CPU")
        return self.layers(z)


class Judge(nn.Module):
    def __init__(self, width):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(3, width, 4, 2, 1, bias=False),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(width, width * 2, 4, 2, 1, bias=False),
            nn.BatchNorm2d(width * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(width * 2, width * 4, 4, 2, 1, bias=False),
            nn.BatchNorm2d(width * 4),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(width * 4, 1, 4, 1, 0, bias=False),
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.layers(x).view(-1, 1).squeeze(1)


painter = Painter(opts.latent, opts.gwidth)
painter.apply(init_weights)
print(painter)
judge = Judge(opts.dwidth)
judge.apply(init_weights)
print(judge)

loader = DataLoader(
    NoiseImages(opts.images, opts.side), batch_size=opts.batch, shuffle=True, num_workers=0
)
bce = nn.BCELoss()
fixed_z = torch.randn(opts.batch, opts.latent, 1, 1)
REAL, FAKE = 1.0, 0.0
opt_judge = optim.Adam(judge.parameters(), lr=opts.lr, betas=(opts.beta1, 0.999))
opt_painter = optim.Adam(painter.parameters(), lr=opts.lr, betas=(opts.beta1, 0.999))

for epoch in range(opts.epochs):
    for i, (real, _) in enumerate(loader):
        n = real.size(0)
        # the judge: real images towards 1, generated ones towards 0, one step for both
        judge.zero_grad()
        labels = torch.full((n,), REAL, dtype=real.dtype)
        out_real = judge(real)
        loss_real = bce(out_real, labels)
        loss_real.backward()
        z = torch.randn(n, opts.latent, 1, 1)
        fake = painter(z)
        labels.fill_(FAKE)
        out_fake = judge(fake.detach())
        loss_fake = bce(out_fake, labels)
        loss_fake.backward()
        opt_judge.step()

        # the painter: make the judge say 1 for its images
        painter.zero_grad()
        labels.fill_(REAL)
        out_fooled = judge(fake)
        loss_painter = bce(out_fooled, labels)
        loss_painter.backward()
        opt_painter.step()

        print(
            "epoch %d batch %d/%d  judge %.4f  painter %.4f  D(real) %.4f  D(fake) %.4f -> %.4f"
            % (
                epoch,
                i,
                len(loader),
                (loss_real + loss_fake).item(),
                loss_painter.item(),
                out_real.mean().item(),
                out_fake.mean().item(),
                out_fooled.mean().item(),
            )
        )
    with torch.no_grad():
        sample = painter(fixed_z)
    np.save("%s/fixed_epoch_%02d.npy" % (opts.out, epoch), sample.numpy())
    torch.save(painter.state_dict(), "%s/painter_epoch_%d.pth" % (opts.out, epoch))
    torch.save(judge.state_dict(), "%s/judge_epoch_%d.pth" % (opts.out, epoch))
