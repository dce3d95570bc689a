"""A feed-forward style-transfer network trained on content and Gram-matrix style losses.

The image transformation network downsamples with reflection-padded strided
convolutions and instance normalisation, passes through residual blocks, and upsamples
with nearest-neighbour interpolation followed by a convolution. A few Adam steps train
it so that its output keeps the content of random "photos" while matching the Gram
matrices of one random "style" image. Without pretrained feature extractors (which would
need a download), both losses are taken on the normalised pixels themselves.

Idioms: `torch.nn.Module` subclasses reached through `torch.nn`,
`torch.nn.ReflectionPad2d`, `torch.nn.InstanceNorm2d(affine=True)` in train and eval
mode, `torch.nn.functional.interpolate(mode='nearest', scale_factor=2)`, the residual
sum, `y.size()` unpacked, `view`, `transpose(1, 2)`, `bmm`, `batch.new_tensor`,
`batch.div_(255.0)` in place on the network's output and on a `repeat`ed tensor,
`torch.nn.MSELoss`, `torch.optim.Adam` reached as `optim.Adam`, argparse.

In the manner of pytorch/examples' fast_neural_style.
"""

import argparse

import autograd as torch
import optim


class PaddedConv(torch.nn.Module):
    """A convolution whose input is reflection-padded to keep the size (up to the stride)."""

    def __init__(self, c_in, c_out, kernel, stride=1):
        super().__init__()
        self.pad = torch.nn.ReflectionPad2d(kernel // 2)
        self.conv = torch.nn.Conv2d(c_in, c_out, kernel, stride)

    def forward(self, x):
        return self.conv(self.pad(x))


class Residual(torch.nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.a = PaddedConv(channels, channels, 3)
        self.norm_a = torch.nn.InstanceNorm2d(channels, affine=True)
        self.b = PaddedConv(channels, channels, 3)
        self.norm_b = torch.nn.InstanceNorm2d(channels, affine=True)
        self.relu = torch.nn.ReLU()

    def forward(self, x):
        y = self.relu(self.norm_a(self.a(x)))
        return x + self.norm_b(self.b(y))


class UpConv(torch.nn.Module):
    """Nearest-neighbour upsampling by 2, then a padded convolution."""

    def __init__(self, c_in, c_out, kernel):
        super().__init__()
        self.conv = PaddedConv(c_in, c_out, kernel)

    def forward(self, x):
        x = torch.nn.functional.interpolate(x, mode="nearest", scale_factor=2)
        return self.conv(x)


class StyleNet(torch.nn.Module):
    def __init__(self, width=8, blocks=3):
        super().__init__()
        self.head = PaddedConv(3, width, 9)
        self.head_norm = torch.nn.InstanceNorm2d(width, affine=True)
        self.down = PaddedConv(width, 2 * width, 3, stride=2)
        self.down_norm = torch.nn.InstanceNorm2d(2 * width, affine=True)
        self.body = torch.nn.Sequential(*[Residual(2 * width) for _ in range(blocks)])
        self.up = UpConv(2 * width, width, 3)
        self.up_norm = torch.nn.InstanceNorm2d(width, affine=True)
        self.tail = PaddedConv(width, 3, 9)
        self.relu = torch.nn.ReLU()

    def forward(self, x):
        x = self.relu(self.head_norm(self.head(x)))
        x = self.relu(self.down_norm(self.down(x)))
        x = self.body(x)
        x = self.relu(self.up_norm(self.up(x)))
        return self.tail(x)


def gram(y):
    b, c, h, w = y.size()
    f = y.view(b, c, h * w)
    return f.bmm(f.transpose(1, 2)) / (c * h * w)


def normalise(batch):
    """Pixels in [0, 255] to ImageNet-standardised values (divides the batch in place)."""
    mean = batch.new_tensor([0.485, 0.456, 0.406]).view(-1, 1, 1)
    std = batch.new_tensor([0.229, 0.224, 0.225]).view(-1, 1, 1)
    batch = batch.div_(255.0)
    return (batch - mean) / std


ap = argparse.ArgumentParser(description="train a small style-transfer network")
ap.add_argument("--batch", type=int, default=2)
ap.add_argument("--size", type=int, default=32)
ap.add_argument("--steps", type=int, default=3)
ap.add_argument("--lr", type=float, default=1e-5)
ap.add_argument("--content-weight", type=float, default=1e5)
ap.add_argument("--style-weight", type=float, default=1e10)
ap.add_argument("--seed", type=int, default=8)
args = ap.parse_args()

torch.manual_seed(args.seed)
net = StyleNet()
opt = optim.Adam(net.parameters(), lr=args.lr)
mse = torch.nn.MSELoss()

style_image = torch.rand(1, 3, args.size, args.size) * 255
style_grams = gram(normalise(style_image.repeat(args.batch, 1, 1, 1)))

net.train()
for step in range(1, args.steps + 1):
    photos = torch.rand(args.batch, 3, args.size, args.size) * 255
    opt.zero_grad()
    styled = net(photos)
    styled_n = normalise(styled)
    content_loss = args.content_weight * mse(styled_n, normalise(photos.clone()))
    style_loss = args.style_weight * mse(gram(styled_n), style_grams)
    total = content_loss + style_loss
    total.backward()
    opt.step()
    g = net.tail.conv.weight.grad.norm().item()
    print(
        f"step {step}: content {content_loss.item():.6g}  style {style_loss.item():.6g}  "
        f"total {total.item():.6g}  |grad tail| {g:.6g}"
    )

net.eval()
with torch.no_grad():
    output = net(torch.rand(1, 3, args.size, args.size) * 255)
print(f"eval output: mean {output.mean().item():.6f}, std {output.std().item():.6f}")
