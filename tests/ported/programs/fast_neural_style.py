"""pytorch/examples fast_neural_style: the image transformation network (reflection-padded
convolutions, InstanceNorm2d, residual blocks, nearest-neighbour upsampling), ported:
only the imports changed.

transformer_net.py and the two tensor functions of utils.py (`gram_matrix`,
`normalize_batch`) as they are, driven by a few training steps in the manner of
neural_style.py's `train`. Offline: neural_style.py computes its losses on the features of
a VGG-16 with pretrained weights, which must be downloaded, from images read with PIL;
here the driver below computes the same content and style losses (MSE of normalised
batches, MSE of Gram matrices, weighted as there) on the pixels themselves, on seeded
random images of `--image-size` pixels.
Sources: https://github.com/pytorch/examples/blob/main/fast_neural_style/neural_style/transformer_net.py
         https://github.com/pytorch/examples/blob/main/fast_neural_style/neural_style/utils.py
         https://github.com/pytorch/examples/blob/main/fast_neural_style/neural_style/neural_style.py
"""

import argparse

import autograd as torch
from optim import Adam

# ---------------------------------------------------------------- transformer_net.py


class TransformerNet(torch.nn.Module):
    def __init__(self):
        super(TransformerNet, self).__init__()
        # Initial convolution layers
        self.conv1 = ConvLayer(3, 32, kernel_size=9, stride=1)
        self.in1 = torch.nn.InstanceNorm2d(32, affine=True)
        self.conv2 = ConvLayer(32, 64, kernel_size=3, stride=2)
        self.in2 = torch.nn.InstanceNorm2d(64, affine=True)
        self.conv3 = ConvLayer(64, 128, kernel_size=3, stride=2)
        self.in3 = torch.nn.InstanceNorm2d(128, affine=True)
        # Residual layers
        self.res1 = ResidualBlock(128)
        self.res2 = ResidualBlock(128)
        self.res3 = ResidualBlock(128)
        self.res4 = ResidualBlock(128)
        self.res5 = ResidualBlock(128)
        # Upsampling Layers
        self.deconv1 = UpsampleConvLayer(128, 64, kernel_size=3, stride=1, upsample=2)
        self.in4 = torch.nn.InstanceNorm2d(64, affine=True)
        self.deconv2 = UpsampleConvLayer(64, 32, kernel_size=3, stride=1, upsample=2)
        self.in5 = torch.nn.InstanceNorm2d(32, affine=True)
        self.deconv3 = ConvLayer(32, 3, kernel_size=9, stride=1)
        # Non-linearities
        self.relu = torch.nn.ReLU()

    def forward(self, X):
        y = self.relu(self.in1(self.conv1(X)))
        y = self.relu(self.in2(self.conv2(y)))
        y = self.relu(self.in3(self.conv3(y)))
        y = self.res1(y)
        y = self.res2(y)
        y = self.res3(y)
        y = self.res4(y)
        y = self.res5(y)
        y = self.relu(self.in4(self.deconv1(y)))
        y = self.relu(self.in5(self.deconv2(y)))
        y = self.deconv3(y)
        return y


class ConvLayer(torch.nn.Module):
    def __init__(self, in_channels, out_channels, kernel_size, stride):
        super(ConvLayer, self).__init__()
        reflection_padding = kernel_size // 2
        self.reflection_pad = torch.nn.ReflectionPad2d(reflection_padding)
        self.conv2d = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride)

    def forward(self, x):
        out = self.reflection_pad(x)
        out = self.conv2d(out)
        return out


class ResidualBlock(torch.nn.Module):
    """ResidualBlock
    introduced in: https://arxiv.org/abs/1512.03385
    recommended architecture: http://torch.ch/blog/2016/02/04/resnets.html
    """

    def __init__(self, channels):
        super(ResidualBlock, self).__init__()
        self.conv1 = ConvLayer(channels, channels, kernel_size=3, stride=1)
        self.in1 = torch.nn.InstanceNorm2d(channels, affine=True)
        self.conv2 = ConvLayer(channels, channels, kernel_size=3, stride=1)
        self.in2 = torch.nn.InstanceNorm2d(channels, affine=True)
        self.relu = torch.nn.ReLU()

    def forward(self, x):
        residual = x
        out = self.relu(self.in1(self.conv1(x)))
        out = self.in2(self.conv2(out))
        out = out + residual
        return out


class UpsampleConvLayer(torch.nn.Module):
    """UpsampleConvLayer
    Upsamples the input and then does a convolution. This method gives better results
    compared to ConvTranspose2d.
    ref: http://distill.pub/2016/deconv-checkerboard/
    """

    def __init__(self, in_channels, out_channels, kernel_size, stride, upsample=None):
        super(UpsampleConvLayer, self).__init__()
        self.upsample = upsample
        reflection_padding = kernel_size // 2
        self.reflection_pad = torch.nn.ReflectionPad2d(reflection_padding)
        self.conv2d = torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride)

    def forward(self, x):
        x_in = x
        if self.upsample:
            x_in = torch.nn.functional.interpolate(x_in, mode="nearest", scale_factor=self.upsample)
        out = self.reflection_pad(x_in)
        out = self.conv2d(out)
        return out


# --------------------------------------------------------------------------- utils.py


def gram_matrix(y):
    (b, ch, h, w) = y.size()
    features = y.view(b, ch, w * h)
    features_t = features.transpose(1, 2)
    gram = features.bmm(features_t) / (ch * h * w)
    return gram


def normalize_batch(batch):
    # normalize using imagenet mean and std
    mean = batch.new_tensor([0.485, 0.456, 0.406]).view(-1, 1, 1)
    std = batch.new_tensor([0.229, 0.224, 0.225]).view(-1, 1, 1)
    batch = batch.div_(255.0)
    return (batch - mean) / std


# ----------------------------------- offline: neural_style.py's training step, without VGG

if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--batch-size", type=int, default=4)
    parser.add_argument("--image-size", type=int, default=256)
    parser.add_argument("--steps", type=int, default=2)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--content-weight", type=float, default=1e5)
    parser.add_argument("--style-weight", type=float, default=1e10)
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    transformer = TransformerNet()
    optimizer = Adam(transformer.parameters(), args.lr)
    mse_loss = torch.nn.MSELoss()

    style = torch.rand(1, 3, args.image_size, args.image_size).mul(255)
    style = style.repeat(args.batch_size, 1, 1, 1)
    gram_style = gram_matrix(normalize_batch(style))

    transformer.train()
    for step in range(args.steps):
        x = torch.rand(args.batch_size, 3, args.image_size, args.image_size).mul(255)
        optimizer.zero_grad()
        y = transformer(x)

        y = normalize_batch(y)
        x = normalize_batch(x)

        content_loss = args.content_weight * mse_loss(y, x)
        style_loss = args.style_weight * mse_loss(gram_matrix(y), gram_style)

        total_loss = content_loss + style_loss
        total_loss.backward()
        optimizer.step()
        print(
            "step {}\tcontent: {:.6f}\tstyle: {:.6f}\ttotal: {:.6f}".format(
                step + 1, content_loss.item(), style_loss.item(), total_loss.item()
            )
        )
        print("conv1 grad norm: {:.6f}".format(transformer.conv1.conv2d.weight.grad.norm().item()))

    transformer.eval()
    with torch.no_grad():
        output = transformer(style[:1])
    print("eval output mean: {:.6f}, std: {:.6f}".format(output.mean().item(), output.std().item()))
