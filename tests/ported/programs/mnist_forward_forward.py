"""Digits classified by a network trained with the forward-forward algorithm.

No gradient flows between layers: each layer is a `nn.Linear` subclass with its own
Adam, trained greedily to give a high "goodness" (mean squared activation) to positive
data (an image with its true label written into its first ten pixels) and a low one to
negative data (the same image with a wrong label). A digit is then predicted as the
label whose embedding gives the largest goodness summed over the layers.

Idioms: a `Linear` subclass calling `super().__init__(d_in, d_out, bias, device, dtype)`
positionally and overriding `train`, a Module with its layers in a plain list whose
`train` is overridden too, `x.norm(2, 1, keepdim=True)`, `self.weight.T`, `torch.mm`,
`torch.log1p(torch.exp(...))`, `z[:, :10] *= 0.0` and `z[range(n), y] = x.max()` on a
clone, `torch.tensor(list)[torch.randint(k, size=(1,))].item()` written into
`wrong[i]`, `sum()` of a list of tensors, `next(iter(DataLoader))` over a dataset with a
composed transform, and `.eq(y).float().mean()`.

In the manner of pytorch/examples' mnist_forward_forward.
"""

import argparse

import numpy as np

import autograd as torch
import nn
import optim
from nn.data import DataLoader, Dataset

CLASSES = 10


class Compose:
    """Applies a list of callables in turn."""

    def __init__(self, steps):
        self.steps = steps

    def __call__(self, x):
        for step in self.steps:
            x = step(x)
        return x


def to_unit_float(pixels):
    return torch.from_numpy(pixels.astype(np.float32) / 255.0)


def standardise(mean, std):
    return lambda x: (x - mean) / std


class DigitImages(Dataset):
    def __init__(self, split, count, transform):
        with np.load("mnist_subset.npz") as archive:
            self.pixels = archive[f"x_{split}"][:count]
            self.labels = archive[f"y_{split}"][:count].astype(np.int64)
        self.transform = transform

    def __len__(self):
        return len(self.labels)

    def __getitem__(self, i):
        return self.transform(self.pixels[i]), int(self.labels[i])


def with_label(x, y):
    """Images with their first ten pixels replaced by a one-hot label at the image's max."""
    z = x.clone()
    z[:, :CLASSES] *= 0.0
    z[range(x.shape[0]), y] = x.max()
    return z


class GoodnessLayer(nn.Linear):
    def __init__(self, d_in, d_out, bias=True, device=None, dtype=None, lr=0.02, rounds=20):
        super().__init__(d_in, d_out, bias, device, dtype)
        self.relu = nn.ReLU()
        self.opt = optim.Adam(self.parameters(), lr=lr)
        self.margin = 1.5
        self.rounds = rounds

    def forward(self, x):
        direction = x / (x.norm(2, 1, keepdim=True) + 1e-4)
        return self.relu(torch.mm(direction, self.weight.T) + self.bias.unsqueeze(0))

    def train(self, pos, neg, every=10):
        for r in range(self.rounds):
            good_pos = self.forward(pos).pow(2).mean(1)
            good_neg = self.forward(neg).pow(2).mean(1)
            gaps = torch.cat([self.margin - good_pos, good_neg - self.margin])
            loss = torch.log1p(torch.exp(gaps)).mean()
            self.opt.zero_grad()
            loss.backward()
            self.opt.step()
            if r % every == 0:
                print(f"  round {r:2d}: softplus loss {loss.item():.6f}")
        return self.forward(pos).detach(), self.forward(neg).detach()


class ForwardForwardNet(nn.Module):
    def __init__(self, sizes, rounds):
        super().__init__()
        self.layers = []
        for d_in, d_out in zip(sizes[:-1], sizes[1:]):
            self.layers += [GoodnessLayer(d_in, d_out, rounds=rounds)]

    def predict(self, x):
        scores = []
        for label in range(CLASSES):
            h = with_label(x, label)
            goodness = []
            for layer in self.layers:
                h = layer(h)
                goodness += [h.pow(2).mean(1)]
            scores += [sum(goodness).unsqueeze(1)]
        return torch.cat(scores, 1).argmax(1)

    def train(self, pos, neg, every=10):
        for k, layer in enumerate(self.layers):
            print(f"layer {k}")
            pos, neg = layer.train(pos, neg, every)


def wrong_labels(y):
    """For each label a different one, drawn uniformly from the other nine."""
    wrong = y.clone()
    for i, label in enumerate(y):
        others = [c for c in range(CLASSES) if c != label.item()]
        wrong[i] = torch.tensor(others)[torch.randint(len(others), size=(1,))].item()
    return wrong


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="forward-forward training on digits")
    ap.add_argument("--rounds", type=int, default=40, help="Adam steps per layer")
    ap.add_argument("--every", type=int, default=10)
    ap.add_argument("--hidden", type=int, default=120)
    ap.add_argument("--n-train", type=int, default=300)
    ap.add_argument("--n-test", type=int, default=100)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args()
    torch.manual_seed(args.seed)

    transform = Compose([to_unit_float, standardise(0.13, 0.31), lambda x: x.reshape(-1)])
    train_set = DigitImages("train", args.n_train, transform)
    test_set = DigitImages("test", args.n_test, transform)
    x, y = next(iter(DataLoader(train_set, batch_size=args.n_train)))
    x_test, y_test = next(iter(DataLoader(test_set, batch_size=args.n_test)))

    net = ForwardForwardNet([784, args.hidden, args.hidden], args.rounds)
    y_neg = wrong_labels(y)
    net.train(with_label(x, y), with_label(x, y_neg), args.every)

    train_error = 1.0 - net.predict(x).eq(y).float().mean().item()
    test_error = 1.0 - net.predict(x_test).eq(y_test).float().mean().item()
    print(f"train error {train_error:.4f}, test error {test_error:.4f}")
