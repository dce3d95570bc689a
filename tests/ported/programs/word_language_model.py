"""A word-level recurrent language model trained by truncated backpropagation through time.

Reads train/valid/test text files from a directory (one sentence a line, ``<eos>``
appended), numbers the words, cuts the stream into ``--batch_size`` parallel columns and
trains an embedding -> recurrent network (LSTM, GRU or plain RNN, picked by name) ->
softmax model with plain SGD written by hand and gradient-norm clipping, quartering the
learning rate when the validation loss stops improving. After each epoch the best model
is pickled whole with ``torch.save(model, f)``.
Idioms: argparse, a vocabulary class, ``torch.tensor(ids).type(torch.int64)``,
``torch.cat``, ``data.size(0)``, ``data.narrow``, ``view(bsz, -1).t().contiguous()``,
``nn.Embedding``, ``getattr(nn, "LSTM")(..., dropout=)``, ``nn.Dropout``,
``nn.init.uniform_``/``nn.init.zeros_``, ``weight.new_zeros``, hidden state detached
between chunks, ``F.log_softmax``, ``nn.NLLLoss``, ``nn.utils.clip_grad_norm_``,
``p.data.add_(p.grad, alpha=-lr)``, ``model.zero_grad()``, evaluation under
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


def chunk(source, start, length):
    """Inputs source[start:start+n] and their next words, flattened, for n <= length."""
    n = min(length, len(source) - 1 - start)
    return source[start : start + n], source[start + 1 : start + 1 + n].reshape(-1)


class RecurrentLM(nn.Module):
    """Embedding, a stacked recurrent layer picked by name, dropout and a word decoder."""

    def __init__(self, cell, n_words, n_embed, n_hidden, n_layers, dropout=0.5, tie=False):
        super().__init__()
        self.cell = cell
        self.n_hidden, self.n_layers = n_hidden, n_layers
        self.embed = nn.Embedding(n_words, n_embed)
        self.drop = nn.Dropout(dropout)
        self.rnn = getattr(nn, cell)(n_embed, n_hidden, n_layers, dropout=dropout)
        self.decode = nn.Linear(n_hidden, n_words)
        if tie:
            if n_hidden != n_embed:
                raise ValueError("tied weights need --nhid equal to --emsize")
            self.decode.weight = self.embed.weight
        spread = 0.1
        nn.init.uniform_(self.embed.weight, -spread, spread)
        nn.init.zeros_(self.decode.bias)
        nn.init.uniform_(self.decode.weight, -spread, spread)

    def forward(self, words, state):
        vectors = self.drop(self.embed(words))
        hidden_seq, state = self.rnn(vectors, state)
        scores = self.decode(self.drop(hidden_seq)).view(-1, self.decode.out_features)
        return F.log_softmax(scores, dim=1), state

    def initial_state(self, batch):
        """Zero hidden (and, for an LSTM, cell) states for `batch` columns."""
        w = next(self.parameters())
        if self.cell == "LSTM":
            return (
                w.new_zeros(self.n_layers, batch, self.n_hidden),
                w.new_zeros(self.n_layers, batch, self.n_hidden),
            )
        return w.new_zeros(self.n_layers, batch, self.n_hidden)


def cut_history(state):
    """The same state values with no graph behind them."""
    if isinstance(state, tuple):
        return tuple(cut_history(s) for s in state)
    return state.detach()


def mean_loss(model, criterion, source, args):
    """Average per-word loss over a column-laid split, in evaluation mode."""
    model.eval()
    total = 0.0
    state = model.initial_state(source.size(1))
    with torch.no_grad():
        for start in range(0, source.size(0) - 1, args.bptt):
            inputs, targets = chunk(source, start, args.bptt)
            log_probs, state = model(inputs, state)
            total += len(inputs) * criterion(log_probs, targets).item()
            state = cut_history(state)
    return total / (len(source) - 1)


def train_epoch(model, criterion, source, epoch, lr, args):
    """One pass of truncated BPTT with a hand-written SGD step; logs every few chunks."""
    model.train()
    running = 0.0
    state = model.initial_state(args.batch_size)
    n_chunks = (len(source) - 1 + args.bptt - 1) // args.bptt
    for k, start in enumerate(range(0, source.size(0) - 1, args.bptt), 1):
        inputs, targets = chunk(source, start, args.bptt)
        state = cut_history(state)
        model.zero_grad()
        log_probs, state = model(inputs, state)
        loss = criterion(log_probs, targets)
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        for p in model.parameters():
            p.data.add_(p.grad, alpha=-lr)
        running += loss.item()
        if k % args.log_interval == 0:
            avg = running / args.log_interval
            print(
                f"epoch {epoch:2d} chunk {k:3d}/{n_chunks:3d} lr {lr:6.3f} loss {avg:6.3f} perplexity {math.exp(avg):9.2f}"
            )
            running = 0.0


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
    parser.add_argument("--tied", action="store_true")
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

    model = RecurrentLM(
        args.model, len(vocab), args.emsize, args.nhid, args.nlayers, args.dropout, args.tied
    ).to(device)
    criterion = nn.NLLLoss()
    lr, best = args.lr, None
    for epoch in range(1, args.epochs + 1):
        train_epoch(model, criterion, train_data, epoch, lr, args)
        valid = mean_loss(model, criterion, valid_data, args)
        print(
            f"== end of epoch {epoch}: validation loss {valid:5.3f}, perplexity {math.exp(valid):8.2f}"
        )
        print("=" * 60)
        if best is None or valid < best:
            with open(args.save, "wb") as f:
                torch.save(model, f)
            best = valid
        else:
            lr /= 4.0

    with open(args.save, "rb") as f:
        model = torch.load(f, weights_only=False)
    test = mean_loss(model, criterion, test_data, args)
    print(f"test loss {test:5.3f}, perplexity {math.exp(test):8.2f}")


if __name__ == "__main__":
    main()
