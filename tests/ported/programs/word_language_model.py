"""A word-level recurrent language model trained by truncated backpropagation through time.

Reads train/valid/test text files from a directory (one sentence a line, ``<eos>``
appended), numbers the words, cuts the stream into ``--batch_size`` parallel columns and
trains an embedding -> recurrent network (LSTM, GRU or plain RNN, picked by name) ->
softmax model with plain SGD written by hand and gradient-norm clipping, halving the
learning rate when the validation loss stops improving. After each epoch the best model
is pickled whole with ``torch.save(model, f)``.
Idioms: argparse, a vocabulary class, ``torch.tensor(ids).type(torch.int64)``,
``torch.cat``, ``data.size(0)``, ``data.narrow``, ``view(bsz, -1).t().contiguous()``,
``nn.Embedding``, ``getattr(nn, "LSTM")(..., dropout=)``, ``nn.Dropout``,
``nn.init.uniform_``/``nn.init.zeros_``, ``weight.new_zeros``, hidden state detached
between chunks, ``flatten(0, 1)``, ``F.log_softmax``, ``nn.NLLLoss``,
``nn.utils.clip_grad_norm_``, ``p.data.add_(p.grad, alpha=-lr)``, ``model.zero_grad()``,
evaluation under
``torch.no_grad()``, ``math.exp`` perplexities, ``torch.save(model, f)``.
In the manner of pytorch/examples' word_language_model.
"""

import argparse
import math
import os

import autograd as torch
import nn
import nn.functional as F


class Vocabulary:
    """Words <-> consecutive ids, in order of first appearance."""

    def __init__(self):
        self.index = {}
        self.words = []

    def add(self, word):
        if word not in self.index:
            self.index[word] = len(self.words)
            self.words.append(word)
        return self.index[word]

    def __len__(self):
        return len(self.words)


def read_ids(path, vocab):
    """The file's words (an <eos> after each line) as one int64 tensor of ids."""
    pieces = []
    with open(path, encoding="utf8") as handle:
        for line in handle:
            ids = [vocab.add(word) for word in line.split() + ["<eos>"]]
            pieces.append(torch.tensor(ids).type(torch.int64))
    return torch.cat(pieces)


def into_columns(stream, columns, device):
    """Drop the tail that does not fill a row and lay the stream out as `columns` columns."""
    rows = stream.size(0) // columns
    stream = stream.narrow(0, 0, rows * columns)
    return stream.view(columns, -1).t().contiguous().to(device)


def chunks(source, length):
    """(inputs, next words flattened) for consecutive slices of at most `length` rows."""
    last = source.size(0) - 1
    for start in range(0, last, length):
        n = min(length, last - start)
        yield source[start : start + n], source[start + 1 : start + 1 + n].reshape(-1)


class RecurrentLM(nn.Module):
    """Embedding, a stacked recurrent layer picked by name, dropout and a word decoder."""

    def __init__(self, cell, n_words, n_embed, n_hidden, n_layers, dropout=0.5):
        super().__init__()
        self.cell = cell
        self.state_shape = (n_layers, n_hidden)
        self.embed = nn.Embedding(n_words, n_embed)
        self.rnn = getattr(nn, cell)(n_embed, n_hidden, n_layers, dropout=dropout)
        self.drop = nn.Dropout(dropout)
        self.decode = nn.Linear(n_hidden, n_words)
        self.reset_weights(embed_range=0.1, decode_range=0.05)

    def reset_weights(self, embed_range, decode_range):
        """Small uniform embeddings and decoder weights, a zero decoder bias."""
        nn.init.uniform_(self.embed.weight, -embed_range, embed_range)
        nn.init.uniform_(self.decode.weight, -decode_range, decode_range)
        nn.init.zeros_(self.decode.bias)

    def forward(self, words, state):
        outputs, state = self.rnn(self.drop(self.embed(words)), state)
        scores = self.decode(self.drop(outputs)).flatten(0, 1)  # (time * batch, words)
        return F.log_softmax(scores, dim=1), state

    def initial_state(self, batch):
        """Zero hidden (and, for an LSTM, cell) states for `batch` columns."""
        layers, hidden = self.state_shape
        h = self.decode.weight.new_zeros(layers, batch, hidden)
        return (
            (h, self.decode.weight.new_zeros(layers, batch, hidden)) if self.cell == "LSTM" else h
        )


def cut_history(state):
    """The same state values with no graph behind them."""
    if isinstance(state, tuple):
        return tuple(cut_history(s) for s in state)
    return state.detach()


def mean_loss(model, criterion, source, args):
    """Mean loss per predicted word over a column-laid split, in evaluation mode."""
    model.eval()
    total, count = 0.0, 0
    state = model.initial_state(source.size(1))
    with torch.no_grad():
        for inputs, targets in chunks(source, args.bptt):
            log_probs, state = model(inputs, state)
            total += criterion(log_probs, targets).item() * targets.numel()
            count += targets.numel()
    return total / count


def sgd_step(model, lr, clip):
    """Clip the gradients' global norm, then move every parameter against its gradient."""
    nn.utils.clip_grad_norm_(model.parameters(), clip)
    for p in model.parameters():
        p.data.add_(p.grad, alpha=-lr)


def train_epoch(model, criterion, source, epoch, lr, args):
    """One pass of truncated BPTT; logs the mean loss every few chunks."""
    model.train()
    recent = []
    state = model.initial_state(args.batch_size)
    n_chunks = -(-(source.size(0) - 1) // args.bptt)
    for k, (inputs, targets) in enumerate(chunks(source, args.bptt), 1):
        state = cut_history(state)  # backpropagate through this chunk only
        model.zero_grad()
        log_probs, state = model(inputs, state)
        loss = criterion(log_probs, targets)
        loss.backward()
        sgd_step(model, lr, args.clip)
        recent.append(loss.item())
        if k % args.log_interval == 0:
            avg = sum(recent) / len(recent)
            print(
                f"epoch {epoch:2d} chunk {k:3d}/{n_chunks:3d} lr {lr:6.3f} "
                f"loss {avg:6.3f} perplexity {math.exp(avg):9.2f}"
            )
            recent.clear()


def parse_args():
    parser = argparse.ArgumentParser(description="word-level recurrent language model")
    parser.add_argument("--data", default="corpus", help="directory with train/valid/test.txt")
    parser.add_argument("--model", default="LSTM", choices=["LSTM", "GRU", "RNN"])
    parser.add_argument("--emsize", type=int, default=32)
    parser.add_argument("--nhid", type=int, default=32)
    parser.add_argument("--nlayers", type=int, default=2)
    parser.add_argument("--lr", type=float, default=20.0)
    parser.add_argument("--clip", type=float, default=0.25)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--batch_size", type=int, default=8)
    parser.add_argument("--bptt", type=int, default=10)
    parser.add_argument("--dropout", type=float, default=0.3)
    parser.add_argument("--seed", type=int, default=1111)
    parser.add_argument("--log-interval", type=int, default=5)
    parser.add_argument("--save", default="lm.pt")
    return parser.parse_args()


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    device = torch.device("cpu")

    vocab = Vocabulary()
    splits = {
        name: read_ids(os.path.join(args.data, f"{name}.txt"), vocab)
        for name in ("train", "valid", "test")
    }
    print(f"{len(vocab)} words; {len(splits['train'])} training tokens")
    train_data = into_columns(splits["train"], args.batch_size, device)
    valid_data = into_columns(splits["valid"], 2, device)
    test_data = into_columns(splits["test"], 2, device)

    model = RecurrentLM(args.model, len(vocab), args.emsize, args.nhid, args.nlayers, args.dropout)
    model = model.to(device)
    criterion = nn.NLLLoss()
    lr, best = args.lr, math.inf
    for epoch in range(1, args.epochs + 1):
        train_epoch(model, criterion, train_data, epoch, lr, args)
        valid = mean_loss(model, criterion, valid_data, args)
        print(
            f"== end of epoch {epoch}: validation loss {valid:5.3f}, perplexity {math.exp(valid):8.2f}"
        )
        print("=" * 60)
        if valid >= best:
            lr *= 0.5  # no progress on held-out text: smaller steps
            continue
        best = valid
        with open(args.save, "wb") as f:
            torch.save(model, f)

    with open(args.save, "rb") as f:
        model = torch.load(f, weights_only=False)
    test = mean_loss(model, criterion, test_data, args)
    print(f"test loss {test:5.3f}, perplexity {math.exp(test):8.2f}")


if __name__ == "__main__":
    main()
