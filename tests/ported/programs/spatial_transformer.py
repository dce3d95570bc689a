"""An MNIST classifier that first straightens its input with a learned affine warp.

A small localisation network looks at each image and regresses the six numbers of an
affine transform; `F.affine_grid` turns them into sampling points and `F.grid_sample`
resamples the image there, so the classifier behind it sees a warped copy. The
regressor's last layer starts at the identity transform. Trained for one epoch on the
bundled MNIST subset, then scored on held-out images (summed loss and accuracy).

Idioms: `nn.Conv2d`, `nn.MaxPool2d(2, stride=2)`, `nn.ReLU(True)` (in place),
`nn.Sequential`, `.weight.data.zero_()` and `.bias.data.copy_(torch.tensor([1, 0, 0, 0, 1,
0], dtype=torch.float))`, `F.affine_grid(theta, x.size())` and `F.grid_sample(x, grid)`
at their defaults, `nn.Dropout2d`, `F.dropout(training=self.training)`, `F.max_pool2d`,
`F.log_softmax`, `F.nll_loss(..., size_average=False)` (the deprecated spelling of a sum),
`pred.eq(target.view_as(pred)).sum().item()`, DataLoaders with `shuffle=True,
num_workers=4`, a transform pipeline of ToTensor and Normalize written as small classes.

In the manner of the PyTorch tutorials' "Spatial Transformer Networks Tutorial".
"""

import argparse

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from nn.data import DataLoader, Dataset


class ToTensor:
    """uint8 (H, W) -> float (1, H, W) in [0, 1]."""

    def __call__(self, image):
        return torch.tensor(image.astype(np.float32) / 255.0).unsqueeze(0)


class Normalize:
    """(x - mean) / std, one value per channel."""

    def __init__(self, mean, std):
        self.mean, self.std = mean, std

    def __call__(self, x):
        return (x - self.mean[0]) / self.std[0]


class Pipeline:
    """Apply the steps in order."""

    def __init__(self, steps):
        self.steps = steps

    def __call__(self, x):
        for step in self.steps:
            x = step(x)
        return x


class MnistSubset(Dataset):
    """The first `count` images of a split of the bundled MNIST subset."""

    def __init__(self, split, count, transform):
        archive = np.load("mnist_subset.npz")
        self.images = archive[f"x_{split}"][:count]
        self.labels = archive[f"y_{split}"][:count].astype(np.int64)
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.transform(self.images[i]), int(self.labels[i])


CLASSIFIER = ("conv_", "fc_")  # the parameters behind the warp
LOCATOR = ("locator.", "theta_head.0.")  # the warp's, but for the regressor's last layer


class WarpThenClassify(nn.Module):
    """A spatial transformer in front of a two-convolution classifier."""

    def __init__(self):
        super().__init__()
        self.locator = nn.Sequential(
            nn.Conv2d(1, 4, kernel_size=7),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
            nn.Conv2d(4, 6, kernel_size=5),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
        )
        self.theta_head = nn.Sequential(nn.Linear(6 * 3 * 3, 16), nn.ReLU(True), nn.Linear(16, 6))
        self.theta_head[2].weight.data.zero_()
        self.theta_head[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))
        self.conv_a = nn.Conv2d(1, 6, kernel_size=5)
        self.conv_b = nn.Conv2d(6, 10, kernel_size=5)
        self.conv_drop = nn.Dropout2d()
        self.fc_a = nn.Linear(160, 32)
        self.fc_b = nn.Linear(32, 10)

    def warp(self, x):
        """The input resampled at the affine transform the locator predicts."""
        features = self.locator(x).view(-1, 6 * 3 * 3)
        theta = self.theta_head(features).view(-1, 2, 3)
        grid = F.affine_grid(theta, x.size())
        return F.grid_sample(x, grid)

    def forward(self, x):
        x = self.warp(x)
        x = F.relu(F.max_pool2d(self.conv_a(x), 2))
        x = F.relu(F.max_pool2d(self.conv_drop(self.conv_b(x)), 2))
        x = F.relu(self.fc_a(x.view(-1, 160)))
        x = F.dropout(x, training=self.training)
        return F.log_softmax(self.fc_b(x), dim=1)


def train(model, loader, optimizer):
    model.train()
    for step, (data, target) in enumerate(loader):
        optimizer.zero_grad()
        loss = F.nll_loss(model(data), target)
        loss.backward()
        optimizer.step()
        if step % 5 == 0:
            print(f"train [{step * len(data)}/{len(loader.dataset)}]  loss {loss.item():.6f}")


def test(model, loader):
    model.eval()
    total, correct = 0.0, 0
    with torch.no_grad():
        for data, target in loader:
            output = model(data)
            total += F.nll_loss(output, target, size_average=False).item()
            pred = output.max(1, keepdim=True)[1]
            correct += pred.eq(target.view_as(pred)).sum().item()
    n = len(loader.dataset)
    print(f"test: average loss {total / n:.4f}, accuracy {correct}/{n}")


def main():
    parser = argparse.ArgumentParser(description="a spatial transformer on MNIST")
    parser.add_argument("--n-train", type=int, default=640)
    parser.add_argument("--n-test", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.01)
    args = parser.parse_args()

    torch.manual_seed(3)
    transform = Pipeline([ToTensor(), Normalize((0.1307,), (0.3081,))])
    train_loader = DataLoader(
        MnistSubset("train", args.n_train, transform), batch_size=32, shuffle=True, num_workers=4
    )
    test_loader = DataLoader(
        MnistSubset("test", args.n_test, transform), batch_size=32, shuffle=True, num_workers=4
    )
    model = WarpThenClassify()
    optimizer = optim.SGD(model.parameters(), lr=args.lr)
    train(model, train_loader, optimizer)
    test(model, test_loader)
    return model, test_loader


if __name__ == "__main__":
    model, test_loader = main()
