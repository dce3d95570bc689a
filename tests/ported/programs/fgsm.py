"""Adversarial Example Generation: the fast gradient sign attack (PyTorch tutorials),
ported: only the imports changed.

Offline: torchvision's MNIST test set with ToTensor() and Normalize((0.1307,),
(0.3081,)) is replaced by the small `MNIST` dataset class and `transforms` namespace
below (the same three transforms over tensors), over the MNIST subset that ships with
graphgrad (the first `n_test` test images). The tutorial loads a model pretrained by
pytorch/examples' MNIST script from a download; here the program first trains the same
`Net` briefly (one epoch of Adadelta over the first `n_train` training images, as that
script does) and saves its state dict to `pretrained_model`, which the tutorial's code
then loads. Dropped: the matplotlib figures (accuracy against epsilon, the adversarial
examples).
Source: https://github.com/pytorch/tutorials/blob/main/beginner_source/fgsm_tutorial.py
"""

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim

######################################################################
# The data (torchvision's MNIST and transforms, for this offline run)
# -------------------------------------------------------------------


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


class MNIST(torch.utils.data.Dataset):
    def __init__(self, root, train=True, transform=None, size=None):
        with np.load(root + "/mnist_subset.npz") as f:
            split = "train" if train else "test"
            self.images, self.labels = f["x_" + split][:size], f["y_" + split][:size]
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, idx):
        return self.transform(self.images[idx]), int(self.labels[idx])


n_train, n_test = 640, 24

######################################################################
# Inputs
# ~~~~~~

epsilons = [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3]
pretrained_model = "lenet_mnist_model.pth"
use_cuda = True
# Set random seed for reproducibility
torch.manual_seed(42)


######################################################################
# Model Under Attack
# ~~~~~~~~~~~~~~~~~~


# LeNet Model definition
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 32, 3, 1)
        self.conv2 = nn.Conv2d(32, 64, 3, 1)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(9216, 128)
        self.fc2 = nn.Linear(128, 10)

    def forward(self, x):
        x = self.conv1(x)
        x = F.relu(x)
        x = self.conv2(x)
        x = F.relu(x)
        x = F.max_pool2d(x, 2)
        x = self.dropout1(x)
        x = torch.flatten(x, 1)
        x = self.fc1(x)
        x = F.relu(x)
        x = self.dropout2(x)
        x = self.fc2(x)
        output = F.log_softmax(x, dim=1)
        return output


######################################################################
# The pretrained model, trained here briefly (pytorch/examples' MNIST training step)

normalize = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
train_loader = torch.utils.data.DataLoader(
    MNIST(".", train=True, transform=normalize, size=n_train), batch_size=64, shuffle=True
)
teacher = Net()
optimizer = optim.Adadelta(teacher.parameters(), lr=1.0)
teacher.train()
for batch_idx, (data, target) in enumerate(train_loader):
    optimizer.zero_grad()
    loss = F.nll_loss(teacher(data), target)
    loss.backward()
    optimizer.step()
    if batch_idx % 5 == 0:
        print(f"Train: [{batch_idx * len(data)}/{n_train}]\tLoss: {loss.item():.6f}")
torch.save(teacher.state_dict(), pretrained_model)

# MNIST Test dataset and dataloader declaration
test_loader = torch.utils.data.DataLoader(
    MNIST(
        ".",
        train=False,
        transform=transforms.Compose(
            [
                transforms.ToTensor(),
                transforms.Normalize((0.1307,), (0.3081,)),
            ]
        ),
        size=n_test,
    ),
    batch_size=1,
    shuffle=True,
)

# Define what device we are using
print("CUDA Available: ", torch.cuda.is_available())
device = torch.device("cuda" if use_cuda and torch.cuda.is_available() else "cpu")

# Initialize the network
model = Net().to(device)

# Load the pretrained model
model.load_state_dict(torch.load(pretrained_model, map_location=device, weights_only=True))

# Set the model in evaluation mode. In this case this is for the Dropout layers
model.eval()


######################################################################
# FGSM Attack
# ~~~~~~~~~~~


# FGSM attack code
def fgsm_attack(image, epsilon, data_grad):
    # Collect the element-wise sign of the data gradient
    sign_data_grad = data_grad.sign()
    # Create the perturbed image by adjusting each pixel of the input image
    perturbed_image = image + epsilon * sign_data_grad
    # Adding clipping to maintain [0,1] range
    perturbed_image = torch.clamp(perturbed_image, 0, 1)
    # Return the perturbed image
    return perturbed_image


# restores the tensors to their original scale
def denorm(batch, mean=[0.1307], std=[0.3081]):  # noqa: B006
    """
    Convert a batch of tensors to their original scale.

    Args:
        batch (torch.Tensor): Batch of normalized tensors.
        mean (torch.Tensor or list): Mean used for normalization.
        std (torch.Tensor or list): Standard deviation used for normalization.

    Returns:
        torch.Tensor: batch of tensors without normalization applied to them.
    """
    if isinstance(mean, list):
        mean = torch.tensor(mean).to(device)
    if isinstance(std, list):
        std = torch.tensor(std).to(device)

    return batch * std.view(1, -1, 1, 1) + mean.view(1, -1, 1, 1)


######################################################################
# Testing Function
# ~~~~~~~~~~~~~~~~


def test(model, device, test_loader, epsilon):
    # Accuracy counter
    correct = 0
    adv_examples = []

    # Loop over all examples in test set
    for data, target in test_loader:
        # Send the data and label to the device
        data, target = data.to(device), target.to(device)

        # Set requires_grad attribute of tensor. Important for Attack
        data.requires_grad = True

        # Forward pass the data through the model
        output = model(data)
        init_pred = output.max(1, keepdim=True)[1]  # get the index of the max log-probability

        # If the initial prediction is wrong, don't bother attacking, just move on
        if init_pred.item() != target.item():
            continue

        # Calculate the loss
        loss = F.nll_loss(output, target)

        # Zero all existing gradients
        model.zero_grad()

        # Calculate gradients of model in backward pass
        loss.backward()

        # Collect ``datagrad``
        data_grad = data.grad.data

        # Restore the data to its original scale
        data_denorm = denorm(data)

        # Call FGSM Attack
        perturbed_data = fgsm_attack(data_denorm, epsilon, data_grad)

        # Reapply normalization
        perturbed_data_normalized = transforms.Normalize((0.1307,), (0.3081,))(perturbed_data)

        # Re-classify the perturbed image
        output = model(perturbed_data_normalized)

        # Check for success
        final_pred = output.max(1, keepdim=True)[1]  # get the index of the max log-probability
        if final_pred.item() == target.item():
            correct += 1
            # Special case for saving 0 epsilon examples
            if epsilon == 0 and len(adv_examples) < 5:
                adv_ex = perturbed_data.squeeze().detach().cpu().numpy()
                adv_examples.append((init_pred.item(), final_pred.item(), adv_ex))
        else:
            # Save some adv examples for visualization later
            if len(adv_examples) < 5:
                adv_ex = perturbed_data.squeeze().detach().cpu().numpy()
                adv_examples.append((init_pred.item(), final_pred.item(), adv_ex))

    # Calculate final accuracy for this epsilon
    final_acc = correct / float(len(test_loader))
    print(f"Epsilon: {epsilon}\tTest Accuracy = {correct} / {len(test_loader)} = {final_acc}")

    # Return the accuracy and an adversarial example
    return final_acc, adv_examples


######################################################################
# Run Attack
# ~~~~~~~~~~

accuracies = []
examples = []

# Run test for each epsilon
for eps in epsilons:
    acc, ex = test(model, device, test_loader, eps)
    accuracies.append(acc)
    examples.append(ex)
