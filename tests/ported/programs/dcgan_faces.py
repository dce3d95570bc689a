"""A deep convolutional GAN on small synthetic "face-like" colour images.

The data set is made in the program: seeded 32x32 RGB images of a soft elliptical blob
(a "face") on a shaded background, in [-1, 1]. A generator of transposed convolutions
turns 16-dimensional noise into such images; a discriminator of strided convolutions
scores images as real or fake. Both start from the usual DCGAN initialisation (conv
weights from N(0, 0.02), batch-norm scales from N(1, 0.02)). Each step trains the
discriminator on a real batch and a fake batch (their gradients accumulate before one
optimiser step), then the generator to fool it.

Idioms: `import torch.nn.parallel`, `import torch.utils.data`,
`torch.use_deterministic_algorithms(True)`, `nn.ConvTranspose2d` and `nn.Conv2d` without
bias, `nn.BatchNorm2d`, `nn.ReLU(True)`, `nn.LeakyReLU(0.2, inplace=True)`, `nn.Tanh`,
`nn.Sigmoid`, `net.apply(init_fn)` choosing layers by `m.__class__.__name__` and
re-drawing them with `nn.init.normal_(m.weight.data, ...)`/`nn.init.constant_`,
`nn.BCELoss`, `torch.full((b,), 1.0, dtype=torch.float)`, `label.fill_`, `fake.detach()`,
two `optim.Adam(betas=(0.5, 0.999))`, samples from fixed noise under `no_grad`.

In the manner of the PyTorch tutorials' "DCGAN Tutorial".
"""

import argparse

import numpy as np

import autograd as torch
import nn
import nn.data
import nn.parallel
import optim

NZ, NGF, NDF, NC = 16, 8, 8, 3


class BlobFaces(torch.utils.data.Dataset):
    """Seeded 32x32 RGB images: an ellipse of one colour on a vertical gradient."""

    def __init__(self, count, size=32, seed=0):
        rng = np.random.default_rng(seed)
        ys, xs = np.mgrid[0:size, 0:size] / (size - 1)
        images = []
        for _ in range(count):
            cy, cx = rng.uniform(0.35, 0.65, 2)
            ry, rx = rng.uniform(0.2, 0.35), rng.uniform(0.15, 0.3)
            skin, top, bottom = rng.uniform(-1, 1, (3, NC))
            inside = np.exp(-((((ys - cy) / ry) ** 2 + ((xs - cx) / rx) ** 2) ** 2))
            background = top[:, None, None] * (1 - ys) + bottom[:, None, None] * ys
            image = inside * skin[:, None, None] + (1 - inside) * background
            images.append(np.clip(image, -1, 1).astype(np.float32))
        self.images = images

    def __len__(self):
        return len(self.images)

    def __getitem__(self, i):
        return torch.tensor(self.images[i]), 0


def dcgan_init(m):
    """N(0, 0.02) convolution weights; N(1, 0.02) batch-norm scales and zero shifts."""
    kind = m.__class__.__name__
    if kind in ("Conv2d", "ConvTranspose2d"):
        nn.init.normal_(m.weight.data, mean=0.0, std=0.02)
    elif kind.startswith("BatchNorm"):
        nn.init.normal_(m.weight.data, mean=1.0, std=0.02)
        nn.init.constant_(m.bias.data, 0.0)


class Generator(nn.Module):
    """(N, NZ, 1, 1) noise -> (N, 3, 32, 32) images in [-1, 1]."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.ConvTranspose2d(NZ, NGF * 4, 4, 1, 0, bias=False),  # 4x4
            nn.BatchNorm2d(NGF * 4),
            nn.ReLU(True),
            nn.ConvTranspose2d(NGF * 4, NGF * 2, 4, 2, 1, bias=False),  # 8x8
            nn.BatchNorm2d(NGF * 2),
            nn.ReLU(True),
            nn.ConvTranspose2d(NGF * 2, NGF, 4, 2, 1, bias=False),  # 16x16
            nn.BatchNorm2d(NGF),
            nn.ReLU(True),
            nn.ConvTranspose2d(NGF, NC, 4, 2, 1, bias=False),  # 32x32
            nn.Tanh(),
        )

    def forward(self, z):
        return self.net(z)


class Discriminator(nn.Module):
    """(N, 3, 32, 32) images -> (N,) probabilities of being real."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Conv2d(NC, NDF, 4, 2, 1, bias=False),  # 16x16
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(NDF, NDF * 2, 4, 2, 1, bias=False),  # 8x8
            nn.BatchNorm2d(NDF * 2),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(NDF * 2, NDF * 4, 4, 2, 1, bias=False),  # 4x4
            nn.BatchNorm2d(NDF * 4),
            nn.LeakyReLU(0.2, inplace=True),
            nn.Conv2d(NDF * 4, 1, 4, 1, 0, bias=False),  # 1x1
            nn.Sigmoid(),
        )

    def forward(self, x):
        return self.net(x).view(-1)


def main():
    parser = argparse.ArgumentParser(description="a DCGAN on synthetic blob faces")
    parser.add_argument("--images", type=int, default=64)
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--lr", type=float, default=0.0002)
    args = parser.parse_args()

    torch.manual_seed(5)
    torch.use_deterministic_algorithms(True)
    loader = torch.utils.data.DataLoader(
        BlobFaces(args.images), batch_size=args.batch_size, shuffle=True, num_workers=0
    )

    netG = Generator()
    netG.apply(dcgan_init)
    print(netG)
    netD = Discriminator()
    netD.apply(dcgan_init)
    print(netD)

    criterion = nn.BCELoss()
    fixed_noise = torch.randn(8, NZ, 1, 1)
    real_label, fake_label = 1.0, 0.0
    optD = optim.Adam(netD.parameters(), lr=args.lr, betas=(0.5, 0.999))
    optG = optim.Adam(netG.parameters(), lr=args.lr, betas=(0.5, 0.999))

    g_hist, d_hist = [], []
    for epoch in range(args.epochs):
        for i, (real, _) in enumerate(loader):
            b = real.size(0)
            # the discriminator: real images towards 1, generated ones towards 0
            netD.zero_grad()
            label = torch.full((b,), real_label, dtype=torch.float)
            out_real = netD(real)
            loss_real = criterion(out_real, label)
            loss_real.backward()
            fake = netG(torch.randn(b, NZ, 1, 1))
            label.fill_(fake_label)
            out_fake = netD(fake.detach())
            loss_fake = criterion(out_fake, label)
            loss_fake.backward()
            optD.step()
            # the generator: its images should be scored as real
            netG.zero_grad()
            label.fill_(real_label)
            out_after = netD(fake)
            loss_g = criterion(out_after, label)
            loss_g.backward()
            optG.step()

            loss_d = loss_real + loss_fake
            g_hist.append(loss_g.item())
            d_hist.append(loss_d.item())
            print(
                f"[{epoch}/{args.epochs}][{i}/{len(loader)}] loss_D {loss_d.item():.4f} "
                f"loss_G {loss_g.item():.4f} D(x) {out_real.mean().item():.4f} "
                f"D(G(z)) {out_fake.mean().item():.4f} / {out_after.mean().item():.4f}"
            )

    with torch.no_grad():
        samples = netG(fixed_noise).detach()
    print(
        f"samples {tuple(samples.shape)} in [{samples.min().item():.4f}, "
        f"{samples.max().item():.4f}]"
    )
    return netG, netD, g_hist, d_hist, samples


if __name__ == "__main__":
    netG, netD, G_losses, D_losses, fake = main()
