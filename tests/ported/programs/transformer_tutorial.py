"""A small causal Transformer language model over a bundled word corpus.

The corpus (corpus/train.txt, valid.txt, test.txt) is split into lower-case words and
numbered by a vocabulary built from the training split (unknown words map to <unk>).
Each split becomes one long stream of indices cut into `batch_size` columns; training
walks down the columns `bptt` rows at a time, predicting every next word through a
`TransformerEncoder` with a causal mask. The learning rate decays by a step schedule,
and the best model by validation loss is saved in a temporary directory and reloaded
for the final test.

Idioms: `from torch import nn, Tensor`, `from torch.nn import TransformerEncoder,
TransformerEncoderLayer`, `from torch.utils.data import dataset` (annotations),
`TransformerEncoderLayer(d_model, nhead, d_hid, dropout)` (sequence first),
`nn.Transformer.generate_square_subsequent_mask`, a sinusoidal positional-encoding
buffer filled by strided item assignment (`pe[:, 0, 0::2] = torch.sin(...)`) and
`register_buffer`, `.data.uniform_`/`.zero_` initialisation,
`torch.cat(tuple(filter(lambda t: t.numel() > 0, data)))`, `view(bsz, -1).t().contiguous()`,
`nn.CrossEntropyLoss`, `clip_grad_norm_`, `SGD` with `StepLR(optimizer, 1.0, gamma=0.9)`,
`torch.save`/`torch.load` of the best state dict in a `TemporaryDirectory`.

In the manner of the PyTorch tutorials' "Language Modeling with nn.Transformer".
"""

import math
import os
import re
from tempfile import TemporaryDirectory

import autograd as torch
from autograd import Tensor, nn
from nn import TransformerEncoder, TransformerEncoderLayer
from nn.data import dataset

torch.manual_seed(0)


def words_of(line: str) -> list:
    """Lower-case words and punctuation marks of a line."""
    return re.findall(r"[a-z']+|[.,!?]", line.lower())


class WordVocab:
    """Word <-> index, with <unk> (index 0) for words outside the training split."""

    def __init__(self, lines):
        self.itos = ["<unk>"]
        for line in lines:
            for w in words_of(line):
                if w not in self.itos:
                    self.itos.append(w)
        self.stoi = {w: i for i, w in enumerate(self.itos)}

    def __len__(self):
        return len(self.itos)

    def __call__(self, words):
        return [self.stoi.get(w, 0) for w in words]


def read(name):
    with open(os.path.join("corpus", name), encoding="utf-8") as f:
        return [line for line in f]


vocab = WordVocab(read("train.txt"))


def to_stream(lines: list | dataset.Dataset) -> Tensor:
    """All the lines' word indices, empty lines skipped, as one 1-d tensor."""
    data = [torch.tensor(vocab(words_of(line)), dtype=torch.long) for line in lines]
    return torch.cat(tuple(filter(lambda t: t.numel() > 0, data)))


def into_columns(stream: Tensor, bsz: int) -> Tensor:
    """(len // bsz, bsz): the stream cut into bsz columns (the remainder dropped)."""
    rows = stream.size(0) // bsz
    return stream[: rows * bsz].view(bsz, rows).t().contiguous()


def chunk(source: Tensor, i: int, bptt: int):
    """The inputs source[i:i+n] and their next words, flattened."""
    n = min(bptt, len(source) - 1 - i)
    return source[i : i + n], source[i + 1 : i + 1 + n].reshape(-1)


class SinusoidalPositions(nn.Module):
    """Adds sin/cos position codes (a buffer of shape (max_len, 1, d_model)), then dropout."""

    def __init__(self, d_model: int, dropout: float = 0.1, max_len: int = 256):
        super().__init__()
        self.dropout = nn.Dropout(p=dropout)
        position = torch.arange(max_len).unsqueeze(1)
        freq = torch.exp(torch.arange(0, d_model, 2) * (-math.log(10000.0) / d_model))
        pe = torch.zeros(max_len, 1, d_model)
        pe[:, 0, 0::2] = torch.sin(position * freq)
        pe[:, 0, 1::2] = torch.cos(position * freq)
        self.register_buffer("pe", pe)

    def forward(self, x: Tensor) -> Tensor:
        return self.dropout(x + self.pe[: x.size(0)])


class CausalLM(nn.Module):
    """Embedding * sqrt(d), positions, a TransformerEncoder, and a linear read-out."""

    def __init__(self, ntoken, d_model, nhead, d_hid, nlayers, dropout=0.1):
        super().__init__()
        self.d_model = d_model
        self.embed = nn.Embedding(ntoken, d_model)
        self.positions = SinusoidalPositions(d_model, dropout)
        layer = TransformerEncoderLayer(d_model, nhead, d_hid, dropout)
        self.encoder = TransformerEncoder(layer, nlayers)
        self.readout = nn.Linear(d_model, ntoken)
        self.embed.weight.data.uniform_(-0.1, 0.1)
        self.readout.bias.data.zero_()
        self.readout.weight.data.uniform_(-0.1, 0.1)

    def forward(self, src: Tensor, mask: Tensor) -> Tensor:
        x = self.positions(self.embed(src) * math.sqrt(self.d_model))
        return self.readout(self.encoder(x, mask))


def evaluate(model: nn.Module, source: Tensor, bptt: int) -> float:
    """The mean next-word loss over a split, weighted by chunk length."""
    model.eval()
    total = 0.0
    with torch.no_grad():
        for i in range(0, source.size(0) - 1, bptt):
            x, y = chunk(source, i, bptt)
            mask = nn.Transformer.generate_square_subsequent_mask(x.size(0))
            out = model(x, mask)
            total += len(x) * criterion(out.view(-1, len(vocab)), y).item()
    return total / (len(source) - 1)


def train_epoch(model, source, bptt, optimizer, scheduler):
    model.train()
    for batch, i in enumerate(range(0, source.size(0) - 1, bptt)):
        x, y = chunk(source, i, bptt)
        mask = nn.Transformer.generate_square_subsequent_mask(x.size(0))
        loss = criterion(model(x, mask).view(-1, len(vocab)), y)
        optimizer.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 0.5)
        optimizer.step()
        print(f"  batch {batch}  lr {scheduler.get_last_lr()[0]:.4f}  loss {loss.item():.4f}")


splits: dict = {}
for name, bsz in (("train", 4), ("valid", 2), ("test", 2)):
    splits[name] = into_columns(to_stream(read(f"{name}.txt")), bsz)
print(f"vocabulary {len(vocab)}; train {tuple(splits['train'].shape)}")

bptt = 8
model = CausalLM(len(vocab), d_model=32, nhead=2, d_hid=32, nlayers=2, dropout=0.1)
criterion = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=2.0)
scheduler = torch.optim.lr_scheduler.StepLR(optimizer, 1.0, gamma=0.9)

best_loss = float("inf")
with TemporaryDirectory() as tmp:
    best_path = os.path.join(tmp, "best.pt")
    for epoch in range(1, 4):
        train_epoch(model, splits["train"], bptt, optimizer, scheduler)
        val_loss = evaluate(model, splits["valid"], bptt)
        print(f"epoch {epoch}: valid loss {val_loss:5.2f}  ppl {math.exp(val_loss):8.2f}")
        if val_loss < best_loss:
            best_loss = val_loss
            torch.save(model.state_dict(), best_path)
        scheduler.step()
    model.load_state_dict(torch.load(best_path))

test_loss = evaluate(model, splits["test"], bptt)
print(f"test loss {test_loss:5.2f}  ppl {math.exp(test_loss):8.2f}")
