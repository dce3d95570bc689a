"""Upscaling digit images 3x with a sub-pixel convolutional network.

Each bundled 28x28 digit is cropped to 27x27 (the target) and shrunk to 9x9 by averaging
3x3 blocks (the input). Three convolutions produce 9 channels at low resolution, which
`nn.PixelShuffle(3)` rearranges into one channel at full resolution. Trained with MSE
and Adam; after each epoch the held-out PSNR is printed and the whole model is saved
as a checkpoint.

Idioms: `nn.Conv2d` with tuple kernel sizes, strides and paddings, `nn.PixelShuffle`,
`init.orthogonal_` with `init.calculate_gain('relu')`, `import torch.utils.data as data`
and a `data.Dataset` subclass calling `super().__init__()`, `DataLoader(dataset=...,
num_workers=0, shuffle=True)`, `enumerate(loader, 1)`, `nn.MSELoss`, PSNR from
`mse.item()`, `torch.save(model, path)` (pickling the whole model), argparse.

In the manner of pytorch/examples' super_resolution.
"""

import argparse
import math

import numpy as np

import autograd as torch
import nn
import nn.data as data
import nn.init as init
import optim


class PairsFromDigits(data.Dataset):
    """(low-resolution, full-resolution) pairs made from the bundled digit images."""

    def __init__(self, split, count, factor):
        super().__init__()
        with np.load("mnist_subset.npz") as archive:
            pixels = archive[f"x_{split}"][:count].astype(np.float32) / 255.0
        side = (pixels.shape[-1] // factor) * factor
        start = (pixels.shape[-1] - side) // 2
        self.high = pixels[:, start : start + side, start : start + side]
        small = side // factor
        blocks = self.high.reshape(len(pixels), small, factor, small, factor)
        self.low = blocks.mean(axis=(2, 4))

    def __getitem__(self, i):
        return torch.from_numpy(self.low[i][None]), torch.from_numpy(self.high[i][None])

    def __len__(self):
        return len(self.high)


class SubPixelNet(nn.Module):
    def __init__(self, factor, width=32):
        super().__init__()
        self.relu = nn.ReLU()
        self.c1 = nn.Conv2d(1, width, (5, 5), (1, 1), (2, 2))
        self.c2 = nn.Conv2d(width, width, (3, 3), (1, 1), (1, 1))
        self.c3 = nn.Conv2d(width, factor**2, (3, 3), (1, 1), (1, 1))
        self.shuffle = nn.PixelShuffle(factor)
        gain = init.calculate_gain("relu")
        init.orthogonal_(self.c1.weight, gain)
        init.orthogonal_(self.c2.weight, gain)
        init.orthogonal_(self.c3.weight)

    def forward(self, x):
        x = self.relu(self.c1(x))
        x = self.relu(self.c2(x))
        return self.shuffle(self.c3(x))


ap = argparse.ArgumentParser(description="sub-pixel super-resolution of digits")
ap.add_argument("--factor", type=int, default=3)
ap.add_argument("--batch", type=int, default=16)
ap.add_argument("--eval-batch", type=int, default=32)
ap.add_argument("--epochs", type=int, default=3)
ap.add_argument("--lr", type=float, default=2e-3)
ap.add_argument("--n-train", type=int, default=96)
ap.add_argument("--n-test", type=int, default=48)
ap.add_argument("--seed", type=int, default=99)
args = ap.parse_args()
print(args)

torch.manual_seed(args.seed)
train_loader = data.DataLoader(
    dataset=PairsFromDigits("train", args.n_train, args.factor),
    num_workers=0,
    batch_size=args.batch,
    shuffle=True,
)
test_loader = data.DataLoader(
    dataset=PairsFromDigits("test", args.n_test, args.factor),
    num_workers=0,
    batch_size=args.eval_batch,
    shuffle=False,
)

model = SubPixelNet(args.factor)
mse = nn.MSELoss()
opt = optim.Adam(model.parameters(), lr=args.lr)

for epoch in range(1, args.epochs + 1):
    running = 0.0
    for step, (low, high) in enumerate(train_loader, 1):
        opt.zero_grad()
        loss = mse(model(low), high)
        running += loss.item()
        loss.backward()
        opt.step()
        print(f"epoch {epoch} batch {step}/{len(train_loader)}: mse {loss.item():.5f}")
    print(f"epoch {epoch} mean training mse {running / len(train_loader):.5f}")

    psnr_sum = 0.0
    with torch.no_grad():
        for low, high in test_loader:
            err = mse(model(low), high)
            psnr_sum += 10 * math.log10(1 / err.item())
    print(f"epoch {epoch} held-out PSNR {psnr_sum / len(test_loader):.3f} dB")

    checkpoint = f"subpixel_epoch_{epoch}.pth"
    torch.save(model, checkpoint)
    print(f"wrote {checkpoint}")
