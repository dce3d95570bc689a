"""Learning to continue sine waves with two stacked LSTM cells and L-BFGS, in float64.

A first stage draws sine waves with random phase offsets and saves the numpy array with
`torch.save`; the second loads it back, trains a network of two `nn.LSTMCell`s and a
linear read-out to predict each next sample from the previous ones (L-BFGS calling a
closure), and then lets the network run on its own predictions for a few more steps.
The held-out waves and their continuations are plotted to a PDF per step.

Idioms: `np.random.randint`, `torch.save` of a numpy array and `torch.load` giving it
back, `torch.from_numpy` of slices, `nn.LSTMCell` stepped by hand over
`x.split(1, dim=1)` with `(h, c)` state from `torch.zeros(..., dtype=torch.double)`,
`net.double()`, `torch.cat` of the outputs, `optim.LBFGS(lr=0.7)` with a closure that
prints the loss, `pred[:, :-future]`, `pred.detach().numpy()`, matplotlib figures saved
as PDF, argparse.

In the manner of pytorch/examples' time_sequence_prediction.
"""

import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import autograd as torch  # noqa: E402
import nn  # noqa: E402
import optim  # noqa: E402


def make_waves(path, count, length, period=16.0, seed=4):
    """Sine waves sampled at unit steps, each shifted by a random offset; saved to path."""
    np.random.seed(seed)
    t = np.arange(length) + np.random.randint(-3 * int(period), 3 * int(period), (count, 1))
    waves = np.sin(2 * np.pi * t / period).astype("float64")
    torch.save(waves, path)


class Continuer(nn.Module):
    def __init__(self, hidden=24):
        super().__init__()
        self.hidden = hidden
        self.cell1 = nn.LSTMCell(1, hidden)
        self.cell2 = nn.LSTMCell(hidden, hidden)
        self.read = nn.Linear(hidden, 1)

    def forward(self, x, future=0):
        n = x.size(0)
        state1 = (torch.zeros(n, self.hidden, dtype=torch.double),) * 2
        state2 = (torch.zeros(n, self.hidden, dtype=torch.double),) * 2
        preds = []

        def one_step(value, state1, state2):
            state1 = self.cell1(value, state1)
            state2 = self.cell2(state1[0], state2)
            return self.read(state2[0]), state1, state2

        for value in x.split(1, dim=1):
            y, state1, state2 = one_step(value, state1, state2)
            preds.append(y)
        for _ in range(future):
            y, state1, state2 = one_step(y, state1, state2)
            preds.append(y)
        return torch.cat(preds, dim=1)


def plot(waves, pred, future, path):
    fig, ax = plt.subplots(figsize=(10, 4))
    seen = waves.shape[1]
    for row, color in zip(pred, "rgbcm"):
        ax.plot(np.arange(seen), row[:seen], color, linewidth=1.5)
        ax.plot(np.arange(seen, seen + future), row[seen:], color + ":", linewidth=1.5)
    ax.set_title("held-out waves (dotted: predicted)")
    fig.savefig(path)
    plt.close(fig)


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="continue sine waves with an LSTM")
    ap.add_argument("--steps", type=int, default=6, help="L-BFGS steps")
    ap.add_argument("--length", type=int, default=40)
    ap.add_argument("--waves", type=int, default=10)
    ap.add_argument("--held-out", type=int, default=3)
    ap.add_argument("--future", type=int, default=12)
    args = ap.parse_args()

    make_waves("waves.pt", args.waves, args.length)
    data = torch.load("waves.pt")
    k = args.held_out
    train_x = torch.from_numpy(data[k:, :-1])
    train_y = torch.from_numpy(data[k:, 1:])
    test_x = torch.from_numpy(data[:k, :-1])
    test_y = torch.from_numpy(data[:k, 1:])

    torch.manual_seed(1)
    net = Continuer().double()
    mse = nn.MSELoss()
    opt = optim.LBFGS(net.parameters(), lr=0.7)
    for step in range(1, args.steps + 1):
        print("L-BFGS step", step)

        def closure():
            opt.zero_grad()
            loss = mse(net(train_x), train_y)
            print("  training loss:", loss.item())
            loss.backward()
            return loss

        opt.step(closure)
        with torch.no_grad():
            pred = net(test_x, future=args.future)
            held_out = mse(pred[:, : -args.future], test_y)
            print("held-out loss:", held_out.item())
        plot(test_x.numpy(), pred.detach().numpy(), args.future, f"continuation_{step}.pdf")
