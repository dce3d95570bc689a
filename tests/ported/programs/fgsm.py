"""The fast gradient sign attack against a small MNIST convolutional network.

A compact CNN is trained for one epoch on the bundled MNIST subset and its weights are
saved, then loaded back as a fresh "victim". Each test image (one per batch) is pushed
by epsilon times the sign of the loss's gradient with respect to the pixels; the
pixels are kept in [0, 1] by undoing the normalisation, clamping and redoing it. The
victim's accuracy is reported at several epsilons, and a few adversarial examples are
kept.

Idioms: `nn.Conv2d`, `nn.Dropout`, `F.max_pool2d`, `torch.flatten`, `F.log_softmax`,
`optim.Adadelta`, `torch.save(model.state_dict(), path)` and
`torch.load(path, map_location=device, weights_only=True)`, `DataLoader(batch_size=1,
shuffle=True)`, `data.requires_grad = True` on a batch from the loader,
`output.max(1, keepdim=True)[1]`, `F.nll_loss`, `model.zero_grad()`, `data.grad.data`,
`.sign()`, `torch.clamp`, normalisation undone and redone with `view(1, -1, 1, 1)`
broadcasting, `squeeze().detach().cpu().numpy()`.

In the manner of the PyTorch tutorials' "Adversarial Example Generation".
"""

import argparse

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim
from nn.data import DataLoader, Dataset

MEAN, STD = 0.1307, 0.3081


class NormalisedDigits(Dataset):
    """The first `count` images of a split, as normalised (1, 28, 28) float tensors."""

    def __init__(self, split, count):
        archive = np.load("mnist_subset.npz")
        self.images = archive[f"x_{split}"][:count].astype(np.float32) / 255.0
        self.labels = archive[f"y_{split}"][:count].astype(np.int64)

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        image = (torch.tensor(self.images[i]) - MEAN) / STD
        return image.unsqueeze(0), int(self.labels[i])


class SmallCNN(nn.Module):
    """conv 5x5 -> pool -> conv 3x3 -> pool -> dropout -> two linear layers."""

    def __init__(self):
        super().__init__()
        self.conv_a = nn.Conv2d(1, 4, 5)
        self.conv_b = nn.Conv2d(4, 8, 3)
        self.drop_features = nn.Dropout(0.25)
        self.drop_hidden = nn.Dropout(0.5)
        self.hidden = nn.Linear(8 * 5 * 5, 32)
        self.logits = nn.Linear(32, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv_a(x)), 2)
        x = F.max_pool2d(F.relu(self.conv_b(x)), 2)
        x = torch.flatten(self.drop_features(x), 1)
        x = self.drop_hidden(F.relu(self.hidden(x)))
        return F.log_softmax(self.logits(x), dim=1)


def train_victim(loader, path):
    """Train a SmallCNN for one epoch with Adadelta and save its state dict at path."""
    model = SmallCNN()
    optimizer = optim.Adadelta(model.parameters(), lr=1.0)
    model.train()
    for step, (x, y) in enumerate(loader):
        optimizer.zero_grad()
        loss = F.nll_loss(model(x), y)
        loss.backward()
        optimizer.step()
        if step % 5 == 0:
            print(f"train step {step:2d}  loss {loss.item():.6f}")
    torch.save(model.state_dict(), path)


def fgsm_step(image, epsilon, gradient):
    """Move a normalised image by epsilon * sign(gradient) in pixel space, kept in [0, 1]."""
    mean = torch.tensor([MEAN]).view(1, -1, 1, 1)
    std = torch.tensor([STD]).view(1, -1, 1, 1)
    pixels = image * std + mean
    pushed = torch.clamp(pixels + epsilon * gradient.sign(), 0, 1)
    return (pushed - mean) / std


def attack(model, device, loader, epsilon, keep=2):
    """The accuracy at epsilon and up to `keep` (true, adversarial, image) examples."""
    correct, examples = 0, []
    for data, target in loader:
        data, target = data.to(device), target.to(device)
        data.requires_grad = True
        output = model(data)
        first_guess = output.max(1, keepdim=True)[1]
        if first_guess.item() != target.item():
            continue  # already wrong: nothing to attack
        loss = F.nll_loss(output, target)
        model.zero_grad()
        loss.backward()
        adversarial = fgsm_step(data, epsilon, data.grad.data)
        guess = model(adversarial).max(1, keepdim=True)[1]
        if guess.item() == target.item():
            correct += 1
        elif len(examples) < keep:
            image = adversarial.squeeze().detach().cpu().numpy()
            examples.append((first_guess.item(), guess.item(), image))
    accuracy = correct / float(len(loader))
    print(f"epsilon {epsilon}\taccuracy {correct} / {len(loader)} = {accuracy}")
    return accuracy, examples


def main():
    parser = argparse.ArgumentParser(description="FGSM against a small MNIST CNN")
    parser.add_argument("--n-train", type=int, default=640)
    parser.add_argument("--n-test", type=int, default=24)
    parser.add_argument("--weights", default="victim.pt")
    args = parser.parse_args()

    torch.manual_seed(7)
    device = torch.device("cpu")
    train_loader = DataLoader(NormalisedDigits("train", args.n_train), batch_size=32, shuffle=True)
    train_victim(train_loader, args.weights)

    model = SmallCNN().to(device)
    model.load_state_dict(torch.load(args.weights, map_location=device, weights_only=True))
    model.eval()
    test_loader = DataLoader(NormalisedDigits("test", args.n_test), batch_size=1, shuffle=True)
    accuracies, examples = [], []
    for epsilon in (0.0, 0.05, 0.1, 0.2, 0.3):
        accuracy, kept = attack(model, device, test_loader, epsilon)
        accuracies.append(accuracy)
        examples.append(kept)
    return accuracies, examples


if __name__ == "__main__":
    accuracies, examples = main()
