"""pytorch/examples: super-resolution with an efficient sub-pixel network (PixelShuffle),
ported: only the imports changed.

model.py, data.py, dataset.py and main.py as one script.
Offline: BSDS300 cannot be downloaded, and PIL and torchvision's transforms are not used:
data.py and dataset.py are replaced by the small functions and `DatasetFromImages` class
below, which do what they do on the MNIST subset that ships with graphgrad
(nn/data/mnist_subset.npz, linked into the working directory; its images serve as the
luminance channel): a centre crop to a multiple of the upscale factor (of the 28x28
images, where the original crops 256 pixels of BSDS300's), a resize to 1/upscale by
averaging blocks of pixels (PIL's bilinear resize in the original) and ToTensor.
`--train-size`/`--test-size` take the first images.
Sources: https://github.com/pytorch/examples/blob/main/super_resolution/main.py
         https://github.com/pytorch/examples/blob/main/super_resolution/model.py
         https://github.com/pytorch/examples/blob/main/super_resolution/data.py
         https://github.com/pytorch/examples/blob/main/super_resolution/dataset.py
"""

from __future__ import print_function

import argparse
from math import log10

import numpy as np

import autograd as torch
import nn
import nn.data as data
import nn.init as init
import optim
from nn.data import DataLoader

# ------------------------------------------------------------------------ model.py


class Net(nn.Module):
    def __init__(self, upscale_factor):
        super(Net, self).__init__()

        self.relu = nn.ReLU()
        self.conv1 = nn.Conv2d(1, 64, (5, 5), (1, 1), (2, 2))
        self.conv2 = nn.Conv2d(64, 64, (3, 3), (1, 1), (1, 1))
        self.conv3 = nn.Conv2d(64, 32, (3, 3), (1, 1), (1, 1))
        self.conv4 = nn.Conv2d(32, upscale_factor**2, (3, 3), (1, 1), (1, 1))
        self.pixel_shuffle = nn.PixelShuffle(upscale_factor)

        self._initialize_weights()

    def forward(self, x):
        x = self.relu(self.conv1(x))
        x = self.relu(self.conv2(x))
        x = self.relu(self.conv3(x))
        x = self.pixel_shuffle(self.conv4(x))
        return x

    def _initialize_weights(self):
        init.orthogonal_(self.conv1.weight, init.calculate_gain("relu"))
        init.orthogonal_(self.conv2.weight, init.calculate_gain("relu"))
        init.orthogonal_(self.conv3.weight, init.calculate_gain("relu"))
        init.orthogonal_(self.conv4.weight)


# ------------------------------------------- offline: data.py and dataset.py


def calculate_valid_crop_size(crop_size, upscale_factor):
    return crop_size - (crop_size % upscale_factor)


def center_crop(img, size):
    top, left = (img.shape[0] - size) // 2, (img.shape[1] - size) // 2
    return img[top : top + size, left : left + size]


def input_transform(crop_size, upscale_factor):
    def transform(img):  # CenterCrop, Resize (by block averages), ToTensor
        img = center_crop(img, crop_size).astype(np.float32)
        n = crop_size // upscale_factor
        img = img.reshape(n, upscale_factor, n, upscale_factor).mean(axis=(1, 3))
        return torch.from_numpy(img).unsqueeze(0).div(255)

    return transform


def target_transform(crop_size):
    def transform(img):  # CenterCrop, ToTensor
        img = center_crop(img, crop_size).astype(np.float32)
        return torch.from_numpy(img).unsqueeze(0).div(255)

    return transform


class DatasetFromImages(data.Dataset):
    def __init__(self, images, input_transform=None, target_transform=None):
        super(DatasetFromImages, self).__init__()
        self.images = images

        self.input_transform = input_transform
        self.target_transform = target_transform

    def __getitem__(self, index):
        input = self.images[index]
        target = input.copy()
        if self.input_transform:
            input = self.input_transform(input)
        if self.target_transform:
            target = self.target_transform(target)

        return input, target

    def __len__(self):
        return len(self.images)


def get_training_set(upscale_factor, size=None):
    with np.load("mnist_subset.npz") as f:
        images = f["x_train"][:size]
    crop_size = calculate_valid_crop_size(28, upscale_factor)

    return DatasetFromImages(images,
                             input_transform=input_transform(crop_size, upscale_factor),
                             target_transform=target_transform(crop_size))  # fmt: skip


def get_test_set(upscale_factor, size=None):
    with np.load("mnist_subset.npz") as f:
        images = f["x_test"][:size]
    crop_size = calculate_valid_crop_size(28, upscale_factor)

    return DatasetFromImages(images,
                             input_transform=input_transform(crop_size, upscale_factor),
                             target_transform=target_transform(crop_size))  # fmt: skip


# ------------------------------------------------------------------------- main.py

# Training settings
parser = argparse.ArgumentParser(description="PyTorch Super Res Example")
parser.add_argument(
    "--upscale_factor", type=int, required=True, help="super resolution upscale factor"
)
parser.add_argument("--batchSize", type=int, default=64, help="training batch size")
parser.add_argument("--testBatchSize", type=int, default=10, help="testing batch size")
parser.add_argument("--nEpochs", type=int, default=2, help="number of epochs to train for")
parser.add_argument("--lr", type=float, default=0.01, help="Learning Rate. Default=0.01")
parser.add_argument(
    "--accel", action="store_true", help="Enables acceleration for training, if available"
)
parser.add_argument(
    "--threads", type=int, default=4, help="number of threads for data loader to use"
)
parser.add_argument("--seed", type=int, default=123, help="random seed to use. Default=123")
# offline: how many images of the bundled subset to use
parser.add_argument("--train-size", type=int, default=None)
parser.add_argument("--test-size", type=int, default=None)
opt = parser.parse_args()

print(opt)

torch.manual_seed(opt.seed)


if opt.accel and torch.accelerator.is_available():
    device = torch.accelerator.current_accelerator()
else:
    device = torch.device("cpu")

print("===> Loading datasets")
train_set = get_training_set(opt.upscale_factor, opt.train_size)
test_set = get_test_set(opt.upscale_factor, opt.test_size)
training_data_loader = DataLoader(
    dataset=train_set, num_workers=opt.threads, batch_size=opt.batchSize, shuffle=True
)
testing_data_loader = DataLoader(
    dataset=test_set, num_workers=opt.threads, batch_size=opt.testBatchSize, shuffle=False
)

print("===> Building model")
model = Net(upscale_factor=opt.upscale_factor).to(device)
criterion = nn.MSELoss()

optimizer = optim.Adam(model.parameters(), lr=opt.lr)


def train(epoch):
    epoch_loss = 0
    for iteration, batch in enumerate(training_data_loader, 1):
        input, target = batch[0].to(device), batch[1].to(device)

        optimizer.zero_grad()
        loss = criterion(model(input), target)
        epoch_loss += loss.item()
        loss.backward()
        optimizer.step()

        print(
            "===> Epoch[{}]({}/{}): Loss: {:.4f}".format(
                epoch, iteration, len(training_data_loader), loss.item()
            )
        )

    print(
        "===> Epoch {} Complete: Avg. Loss: {:.4f}".format(
            epoch, epoch_loss / len(training_data_loader)
        )
    )


def test():
    avg_psnr = 0
    with torch.no_grad():
        for batch in testing_data_loader:
            input, target = batch[0].to(device), batch[1].to(device)

            prediction = model(input)
            mse = criterion(prediction, target)
            psnr = 10 * log10(1 / mse.item())
            avg_psnr += psnr
    print("===> Avg. PSNR: {:.4f} dB".format(avg_psnr / len(testing_data_loader)))


def checkpoint(epoch):
    model_out_path = "model_epoch_{}.pth".format(epoch)
    torch.save(model, model_out_path)
    print("Checkpoint saved to {}".format(model_out_path))


for epoch in range(1, opt.nEpochs + 1):
    train(epoch)
    test()
    checkpoint(epoch)
