"""Learn the Basics: Optimizing Model Parameters (PyTorch tutorials), ported: only the
imports changed.

Offline: torchvision's FashionMNIST with ToTensor() is replaced by the small `MNIST`
dataset class and `ToTensor` below, over the MNIST subset that ships with graphgrad (the
first `n_train`/`n_test` images). Added: torch.manual_seed(0) (the model's
initialisation), so that the run can be compared with PyTorch's; 2 epochs instead of 10.
Source: https://github.com/pytorch/tutorials/blob/main/beginner_source/basics/optimization_tutorial.py
"""

import numpy as np

import autograd as torch
from autograd import nn
from nn.data import DataLoader, Dataset

torch.manual_seed(0)


class ToTensor:
    """An HxW uint8 image as a 1xHxW float tensor in [0, 1] (torchvision's ToTensor)."""

    def __call__(self, image):
        return torch.tensor(image, dtype=torch.float32).unsqueeze(0) / 255


class MNIST(Dataset):
    """The bundled MNIST subset, as torchvision's datasets give it."""

    def __init__(self, root, train=True, transform=None, size=None):
        with np.load(root + "/mnist_subset.npz") as f:
            split = "train" if train else "test"
            self.images, self.labels = f["x_" + split][:size], f["y_" + split][:size]
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return self.transform(self.images[idx]), int(self.labels[idx])


n_train, n_test = 640, 256
training_data = MNIST(root=".", train=True, transform=ToTensor(), size=n_train)

test_data = MNIST(root=".", train=False, transform=ToTensor(), size=n_test)

train_dataloader = DataLoader(training_data, batch_size=64)
test_dataloader = DataLoader(test_data, batch_size=64)


class NeuralNetwork(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.linear_relu_stack = nn.Sequential(
            nn.Linear(28 * 28, 512),
            nn.ReLU(),
            nn.Linear(512, 512),
            nn.ReLU(),
            nn.Linear(512, 10),
        )

    def forward(self, x):
        x = self.flatten(x)
        logits = self.linear_relu_stack(x)
        return logits


model = NeuralNetwork()


##############################################
# Hyperparameters
# -----------------

learning_rate = 1e-3
batch_size = 64
epochs = 5

# Initialize the loss function
loss_fn = nn.CrossEntropyLoss()

optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)


########################################
# Full Implementation
# -----------------------


def train_loop(dataloader, model, loss_fn, optimizer):
    size = len(dataloader.dataset)
    # Set the model to training mode - important for batch normalization and dropout layers
    # Unnecessary in this situation but added for best practices
    model.train()
    for batch, (X, y) in enumerate(dataloader):
        # Compute prediction and loss
        pred = model(X)
        loss = loss_fn(pred, y)

        # Backpropagation
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()

        if batch % 100 == 0:
            loss, current = loss.item(), batch * batch_size + len(X)
            print(f"loss: {loss:>7f}  [{current:>5d}/{size:>5d}]")


def test_loop(dataloader, model, loss_fn):
    # Set the model to evaluation mode - important for batch normalization and dropout layers
    # Unnecessary in this situation but added for best practices
    model.eval()
    size = len(dataloader.dataset)
    num_batches = len(dataloader)
    test_loss, correct = 0, 0

    # Evaluating the model with torch.no_grad() ensures that no gradients are computed during test mode
    # also serves to reduce unnecessary gradient computations and memory usage for tensors with requires_grad=True
    with torch.no_grad():
        for X, y in dataloader:
            pred = model(X)
            test_loss += loss_fn(pred, y).item()
            correct += (pred.argmax(1) == y).type(torch.float).sum().item()

    test_loss /= num_batches
    correct /= size
    print(f"Test Error: \n Accuracy: {(100 * correct):>0.1f}%, Avg loss: {test_loss:>8f} \n")


loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=learning_rate)

epochs = 2
for t in range(epochs):
    print(f"Epoch {t + 1}\n-------------------------------")
    train_loop(train_dataloader, model, loss_fn, optimizer)
    test_loop(test_dataloader, model, loss_fn)
print("Done!")
