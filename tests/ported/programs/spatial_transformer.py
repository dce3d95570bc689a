"""Spatial Transformer Networks Tutorial (PyTorch tutorials), ported: only the imports
changed.

Offline: torchvision's MNIST with ToTensor() and Normalize((0.1307,), (0.3081,)) is
replaced by the small `MNIST` dataset class and `transforms` namespace below (the same
three transforms over tensors), over the MNIST subset that ships with graphgrad (the
first `n_train`/`n_test` images); the urllib opener set up for the download is left out.
Added: torch.manual_seed(0) (the initialisation, dropout and the loaders' shuffles are
unseeded), so that the run can be compared with PyTorch's. Changed: 1 epoch instead of
20. Dropped: `visualize_stn` (torchvision.utils.make_grid and matplotlib) and the
interactive plotting calls.
Source: https://github.com/pytorch/tutorials/blob/main/intermediate_source/spatial_transformer_tutorial.py
"""

# License: BSD
# Author: Ghassen Hamrouni

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim

torch.manual_seed(0)


class transforms:
    """The three torchvision transforms the tutorial uses, on tensors."""

    class Compose:
        def __init__(self, transforms):
            self.transforms = transforms

        def __call__(self, x):
            for t in self.transforms:
                x = t(x)
            return x

    class ToTensor:
        def __call__(self, image):  # HxW uint8 -> 1xHxW float in [0, 1]
            return torch.tensor(image, dtype=torch.float32).unsqueeze(0) / 255

    class Normalize:
        def __init__(self, mean, std):
            self.mean, self.std = torch.tensor(mean), torch.tensor(std)

        def __call__(self, x):
            return (x - self.mean.view(-1, 1, 1)) / self.std.view(-1, 1, 1)


class datasets:
    """torchvision.datasets.MNIST over the bundled subset (the first `size` images)."""

    class MNIST(torch.utils.data.Dataset):
        def __init__(self, root, train=True, download=False, transform=None, size=None):
            with np.load(root + "/mnist_subset.npz") as f:
                split = "train" if train else "test"
                self.images, self.labels = f["x_" + split][:size], f["y_" + split][:size]
            self.transform = transform

        def __len__(self):
            return len(self.labels)

        def __getitem__(self, idx):
            return self.transform(self.images[idx]), int(self.labels[idx])


n_train, n_test = 640, 128

######################################################################
# Loading the data
# ----------------

device = torch.device("cuda" if torch.cuda.is_available() else "cpu")

# Training dataset
train_loader = torch.utils.data.DataLoader(
    datasets.MNIST(
        root=".",
        train=True,
        download=True,
        transform=transforms.Compose(
            [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
        ),
        size=n_train,
    ),
    batch_size=64,
    shuffle=True,
    num_workers=4,
)
# Test dataset
test_loader = torch.utils.data.DataLoader(
    datasets.MNIST(
        root=".",
        train=False,
        transform=transforms.Compose(
            [transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))]
        ),
        size=n_test,
    ),
    batch_size=64,
    shuffle=True,
    num_workers=4,
)

######################################################################
# Depicting spatial transformer networks
# --------------------------------------


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 10, kernel_size=5)
        self.conv2 = nn.Conv2d(10, 20, kernel_size=5)
        self.conv2_drop = nn.Dropout2d()
        self.fc1 = nn.Linear(320, 50)
        self.fc2 = nn.Linear(50, 10)

        # Spatial transformer localization-network
        self.localization = nn.Sequential(
            nn.Conv2d(1, 8, kernel_size=7),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
            nn.Conv2d(8, 10, kernel_size=5),
            nn.MaxPool2d(2, stride=2),
            nn.ReLU(True),
        )

        # Regressor for the 3 * 2 affine matrix
        self.fc_loc = nn.Sequential(nn.Linear(10 * 3 * 3, 32), nn.ReLU(True), nn.Linear(32, 3 * 2))

        # Initialize the weights/bias with identity transformation
        self.fc_loc[2].weight.data.zero_()
        self.fc_loc[2].bias.data.copy_(torch.tensor([1, 0, 0, 0, 1, 0], dtype=torch.float))

    # Spatial transformer network forward function
    def stn(self, x):
        xs = self.localization(x)
        xs = xs.view(-1, 10 * 3 * 3)
        theta = self.fc_loc(xs)
        theta = theta.view(-1, 2, 3)

        grid = F.affine_grid(theta, x.size())
        x = F.grid_sample(x, grid)

        return x

    def forward(self, x):
        # transform the input
        x = self.stn(x)

        # Perform the usual forward pass
        x = F.relu(F.max_pool2d(self.conv1(x), 2))
        x = F.relu(F.max_pool2d(self.conv2_drop(self.conv2(x)), 2))
        x = x.view(-1, 320)
        x = F.relu(self.fc1(x))
        x = F.dropout(x, training=self.training)
        x = self.fc2(x)
        return F.log_softmax(x, dim=1)


model = Net().to(device)

######################################################################
# Training the model
# ------------------

optimizer = optim.SGD(model.parameters(), lr=0.01)


def train(epoch):
    model.train()
    for batch_idx, (data, target) in enumerate(train_loader):
        data, target = data.to(device), target.to(device)

        optimizer.zero_grad()
        output = model(data)
        loss = F.nll_loss(output, target)
        loss.backward()
        optimizer.step()
        if batch_idx % 500 == 0:
            print(
                "Train Epoch: {} [{}/{} ({:.0f}%)]\tLoss: {:.6f}".format(
                    epoch,
                    batch_idx * len(data),
                    len(train_loader.dataset),
                    100.0 * batch_idx / len(train_loader),
                    loss.item(),
                )
            )


#
# A simple test procedure to measure the STN performances on MNIST.
#


def test():
    with torch.no_grad():
        model.eval()
        test_loss = 0
        correct = 0
        for data, target in test_loader:
            data, target = data.to(device), target.to(device)
            output = model(data)

            # sum up batch loss
            test_loss += F.nll_loss(output, target, size_average=False).item()
            # get the index of the max log-probability
            pred = output.max(1, keepdim=True)[1]
            correct += pred.eq(target.view_as(pred)).sum().item()

        test_loss /= len(test_loader.dataset)
        print(
            "\nTest set: Average loss: {:.4f}, Accuracy: {}/{} ({:.0f}%)\n".format(
                test_loss,
                correct,
                len(test_loader.dataset),
                100.0 * correct / len(test_loader.dataset),
            )
        )


######################################################################
# Visualizing the STN results
# ---------------------------


def convert_image_np(inp):
    """Convert a Tensor to numpy image."""
    inp = inp.numpy().transpose((1, 2, 0))
    mean = np.array([0.485, 0.456, 0.406])
    std = np.array([0.229, 0.224, 0.225])
    inp = std * inp + mean
    inp = np.clip(inp, 0, 1)
    return inp


for epoch in range(1, 1 + 1):
    train(epoch)
    test()
