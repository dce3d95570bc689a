"""Guessing the language of a surname with a character-level recurrent network.

Surnames in six languages are read from data/names/<Language>.txt (one file per
language, found with glob), folded to ASCII and turned into one-hot letter sequences.
A recurrent cell written by hand (two linear maps and a tanh) reads a name letter by
letter and a linear read-out scores the languages. The data are split 80/20 with a
seeded generator, the network is trained on shuffled minibatches whose per-name losses
are summed into one loss, and the held-out names fill a confusion matrix.

Idioms: a `Dataset` built with `glob`, one-hot tensors filled by item assignment
(`tensor[li][0][ix] = 1`), `torch.set_default_device`, `torch.utils.data.random_split(
data, [.8, .2], generator=torch.Generator(device=device).manual_seed(1))`, `nn.Linear`,
`F.tanh`, `nn.LogSoftmax`, `nn.NLLLoss`, `output.topk(1)`, minibatches from
`np.array_split` over a `random.shuffle`d list, `nn.utils.clip_grad_norm_`,
`torch.optim.SGD`, a confusion matrix filled with `confusion[i][j] += 1` and normalised
row by row.

In the manner of the PyTorch tutorials' "NLP From Scratch: Classifying Names with a
Character-Level RNN".
"""

import glob
import os
import random
import string
import unicodedata

import numpy as np

import autograd as torch
import nn
import nn.data
import nn.functional as F

random.seed(0)
torch.manual_seed(0)
device = "cpu"
torch.set_default_device(device)

LETTERS = string.ascii_letters + " .,;'-"
N_LETTERS = len(LETTERS)


def to_ascii(text):
    """Drop accents and anything outside LETTERS ('Wiśniewski' -> 'Wisniewski')."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn" and c in LETTERS)


def name_to_tensor(name):
    """A (len(name), 1, N_LETTERS) one-hot tensor, one row per letter."""
    onehot = torch.zeros(len(name), 1, N_LETTERS)
    for li, letter in enumerate(name):
        onehot[li][0][LETTERS.index(letter)] = 1
    return onehot


class Surnames(torch.utils.data.Dataset):
    """(language index tensor, one-hot name, language, name) for every bundled surname."""

    def __init__(self, folder):
        self.items = []
        languages = set()
        for path in sorted(glob.glob(os.path.join(folder, "*.txt"))):
            language = os.path.splitext(os.path.basename(path))[0]
            languages.add(language)
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.strip():
                        self.items.append((language, to_ascii(line.strip())))
        self.languages = sorted(languages)

    def __len__(self):
        return len(self.items)

    def __getitem__(self, i):
        language, name = self.items[i]
        target = torch.tensor([self.languages.index(language)], dtype=torch.long)
        return target, name_to_tensor(name), language, name


class LetterRNN(nn.Module):
    """h_t = tanh(U x_t + W h_{t-1}); the languages' log probabilities from the last h."""

    def __init__(self, n_in, n_hidden, n_out):
        super().__init__()
        self.n_hidden = n_hidden
        self.input_map = nn.Linear(n_in, n_hidden)
        self.recur = nn.Linear(n_hidden, n_hidden)
        self.readout = nn.Linear(n_hidden, n_out)
        self.log_softmax = nn.LogSoftmax(dim=1)

    def forward(self, letters):
        h = torch.zeros(1, self.n_hidden)
        for t in range(letters.size(0)):
            h = F.tanh(self.input_map(letters[t]) + self.recur(h))
        return self.log_softmax(self.readout(h))


def best_language(output, languages):
    """The most likely language and its index."""
    _, top_i = output.topk(1)
    i = top_i[0].item()
    return languages[i], i


surnames = Surnames("data/names")
print(f"{len(surnames)} surnames in {len(surnames.languages)} languages: {surnames.languages}")
print(name_to_tensor("Ab"))
print(name_to_tensor("Kowalski").size())

train_set, test_set = torch.utils.data.random_split(
    surnames, [0.8, 0.2], generator=torch.Generator(device=device).manual_seed(1)
)
print(f"train {len(train_set)}, test {len(test_set)}")

rnn = LetterRNN(N_LETTERS, 32, len(surnames.languages))
print(rnn)
first = rnn(name_to_tensor("Rossi"))
print(first)
print(best_language(first, surnames.languages))

criterion = nn.NLLLoss()
optimizer = torch.optim.SGD(rnn.parameters(), lr=0.3)
all_losses = []
order = list(range(len(train_set)))
rnn.train()
for epoch in range(4):
    random.shuffle(order)
    epoch_loss = 0.0
    batches = np.array_split(order, len(order) // 8)
    for batch in batches:
        loss = 0
        for i in batch:
            target, letters, _, _ = train_set[int(i)]
            loss += criterion(rnn(letters), target)
        loss = loss / len(batch)
        loss.backward()
        nn.utils.clip_grad_norm_(rnn.parameters(), 3)
        optimizer.step()
        optimizer.zero_grad()
        epoch_loss += loss.item()
    all_losses.append(epoch_loss / len(batches))
    print(f"epoch {epoch}: average loss {all_losses[-1]}")

n = len(surnames.languages)
confusion = torch.zeros(n, n)
rnn.eval()
with torch.no_grad():
    for target, letters, language, name in test_set:
        _, guess = best_language(rnn(letters), surnames.languages)
        confusion[target.item()][guess] += 1
for i in range(n):
    total = confusion[i].sum()
    if total > 0:
        confusion[i] = confusion[i] / total
print(confusion)
