"""A word-level language model built on `nn.Transformer`'s encoder, trained by hand.

Reads a small corpus (train/valid/test text files in a folder), turns each into one
long stream of word ids with an end-of-line token, cuts the stream into parallel
columns, and trains a causal Transformer encoder with sinusoidal positional encodings
to predict the next word. The parameters are updated by a hand-written SGD step after
clipping the gradient norm; after each epoch the validation loss and perplexity are
printed and the whole model is saved if it improved.

Idioms: `class WordTransformer(nn.Transformer)` calling `super().__init__(d_model=,
nhead=, dim_feedforward=, num_encoder_layers=)` and using only `self.encoder(src,
mask=...)`, the causal mask `torch.log(torch.tril(torch.ones(n, n)))` (0 and -inf),
`register_buffer('table', ...)` filled by `table[:, 0::2] = torch.sin(...)`,
`nn.Embedding`, `F.log_softmax(dim=-1)`, `output.view(-1, vocab)`, `nn.NLLLoss`,
`torch.nn.utils.clip_grad_norm_`, `p.data.add_(p.grad, alpha=-lr)`, evaluation under
`no_grad`, and `torch.save(model, f)` into an open file (pickling the whole model).

In the manner of pytorch/examples' word_language_model (its Transformer model).
"""

import argparse
import math
import os

import autograd as torch
import nn
import nn.functional as F


class Vocabulary:
    def __init__(self):
        self.index = {}
        self.words = []

    def id(self, word):
        if word not in self.index:
            self.index[word] = len(self.words)
            self.words.append(word)
        return self.index[word]


def read_stream(path, vocab):
    ids = []
    with open(path, encoding="utf8") as f:
        for line in f:
            ids.extend(vocab.id(w) for w in line.split() + ["<eol>"])
    return torch.tensor(ids, dtype=torch.int64)


def columns(stream, n):
    """The stream cut into n equal columns, shape (length, n) (the tail is dropped)."""
    rows = stream.size(0) // n
    return stream[: rows * n].view(n, rows).t().contiguous()


class SinusoidalPositions(nn.Module):
    def __init__(self, width, dropout, longest=256):
        super().__init__()
        self.drop = nn.Dropout(dropout)
        pos = torch.arange(longest, dtype=torch.float).unsqueeze(1)
        rates = torch.exp(torch.arange(0, width, 2).float() * (-math.log(10000.0) / width))
        table = torch.zeros(longest, width)
        table[:, 0::2] = torch.sin(pos * rates)
        table[:, 1::2] = torch.cos(pos * rates)
        self.register_buffer("table", table.unsqueeze(1))

    def forward(self, x):
        return self.drop(x + self.table[: x.size(0)])


class WordTransformer(nn.Transformer):
    def __init__(self, vocab, width, heads, ff, layers, dropout):
        super().__init__(d_model=width, nhead=heads, dim_feedforward=ff, num_encoder_layers=layers)
        self.width = width
        self.embed = nn.Embedding(vocab, width)
        self.positions = SinusoidalPositions(width, dropout)
        self.project = nn.Linear(width, vocab)
        nn.init.uniform_(self.embed.weight, -0.1, 0.1)
        nn.init.zeros_(self.project.bias)
        nn.init.uniform_(self.project.weight, -0.1, 0.1)

    @staticmethod
    def causal_mask(n):
        return torch.log(torch.tril(torch.ones(n, n)))

    def forward(self, src):
        mask = self.causal_mask(src.size(0))
        x = self.positions(self.embed(src) * math.sqrt(self.width))
        x = self.encoder(x, mask=mask)
        return F.log_softmax(self.project(x), dim=-1)


def window(source, start, length):
    n = min(length, source.size(0) - 1 - start)
    return source[start : start + n], source[start + 1 : start + 1 + n].reshape(-1)


def main():
    ap = argparse.ArgumentParser(description="Transformer word language model")
    ap.add_argument("--corpus", default="corpus")
    ap.add_argument("--width", type=int, default=32)
    ap.add_argument("--heads", type=int, default=2)
    ap.add_argument("--ff", type=int, default=64)
    ap.add_argument("--layers", type=int, default=2)
    ap.add_argument("--dropout", type=float, default=0.1)
    ap.add_argument("--lr", type=float, default=5.0)
    ap.add_argument("--clip", type=float, default=0.5)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--columns", type=int, default=4)
    ap.add_argument("--span", type=int, default=6, help="words per training window")
    ap.add_argument("--log-every", type=int, default=3)
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--save", default="wordmodel.pt")
    args = ap.parse_args()

    torch.manual_seed(args.seed)
    vocab = Vocabulary()
    splits = {
        s: read_stream(os.path.join(args.corpus, f"{s}.txt"), vocab)
        for s in ("train", "valid", "test")
    }
    train = columns(splits["train"], args.columns)
    valid = columns(splits["valid"], 2)
    test = columns(splits["test"], 2)
    n_words = len(vocab.words)
    print(f"vocabulary {n_words} words; train {tuple(train.shape)}, valid {tuple(valid.shape)}")

    model = WordTransformer(n_words, args.width, args.heads, args.ff, args.layers, args.dropout)
    nll = nn.NLLLoss()

    def evaluate(source):
        model.eval()
        total, count = 0.0, 0
        with torch.no_grad():
            for start in range(0, source.size(0) - 1, args.span):
                x, y = window(source, start, args.span)
                out = model(x).view(-1, n_words)
                total += len(x) * nll(out, y).item()
                count += len(x)
        return total / count

    lr, best = args.lr, None
    for epoch in range(1, args.epochs + 1):
        model.train()
        running, batches = 0.0, 0
        starts = range(0, train.size(0) - 1, args.span)
        for k, start in enumerate(starts, 1):
            x, y = window(train, start, args.span)
            model.zero_grad()
            loss = nll(model(x).view(-1, n_words), y)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), args.clip)
            for p in model.parameters():
                if p.grad is not None:
                    p.data.add_(p.grad, alpha=-lr)
            running += loss.item()
            batches += 1
            if k % args.log_every == 0:
                mean = running / batches
                print(
                    f"epoch {epoch} batch {k}/{len(starts)} lr {lr:.2f} loss {mean:.3f} ppl {math.exp(mean):.2f}"
                )
                running, batches = 0.0, 0
        val = evaluate(valid)
        print(f"end of epoch {epoch}: valid loss {val:.3f}, valid ppl {math.exp(val):.2f}")
        if best is None or val < best:
            best = val
            with open(args.save, "wb") as f:
                torch.save(model, f)
            print(f"saved {args.save}")
        else:
            lr /= 4.0
    test_loss = evaluate(test)
    print(f"test loss {test_loss:.3f}, test ppl {math.exp(test_loss):.2f}")


if __name__ == "__main__":
    main()
