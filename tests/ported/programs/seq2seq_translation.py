"""English to French with a GRU encoder and an attention decoder, on a tiny corpus.

Sentence pairs are read from data/eng-fra.txt (tab-separated), folded to lower-case
ASCII with the punctuation split off, and numbered word by word in two vocabularies.
Each sentence becomes a fixed-length row of indices ended by EOS (zero-padded), and the
rows are served in random order by a `DataLoader` with a `RandomSampler`. The encoder is
an embedding and a batch-first GRU; the decoder, unrolled for MAX_LENGTH steps, attends
over the encoder's outputs with additive attention before each GRU step. Training feeds
it the true previous word; translation feeds back its own best guess.

Idioms: `np.zeros` index arrays turned into tensors with `torch.LongTensor(array)`,
`TensorDataset`, `RandomSampler`, `DataLoader(sampler=...)`, `nn.Embedding`,
`nn.GRU(batch_first=True)`, `nn.Dropout`, additive attention (`torch.tanh`,
`squeeze(2).unsqueeze(1)`, `F.softmax`, `torch.bmm`, `hidden.permute(1, 0, 2)`), teacher
forcing with `target[:, i].unsqueeze(1)`, greedy decoding with `topk(1)` and
`squeeze(-1).detach()`, `torch.empty(...).fill_(SOS)`, `F.log_softmax`, `nn.NLLLoss` over
`view(-1, ...)`, two `optim.Adam` (`from torch import optim`), `eval()` and `no_grad`.

In the manner of the PyTorch tutorials' "NLP From Scratch: Translation with a Sequence
to Sequence Network and Attention".
"""

import random
import re
import unicodedata

import numpy as np

import autograd as torch
import nn
import nn.functional as F
from autograd import optim
from nn.data import DataLoader, RandomSampler, TensorDataset

random.seed(0)
torch.manual_seed(0)

SOS, EOS = 0, 1
MAX_LENGTH = 12
HIDDEN = 32


class Vocab:
    """Words numbered in the order they are first seen (0 and 1 are SOS and EOS)."""

    def __init__(self, language):
        self.language = language
        self.index = {}
        self.words = ["<sos>", "<eos>"]

    def add(self, sentence):
        for word in sentence.split(" "):
            if word not in self.index:
                self.index[word] = len(self.words)
                self.words.append(word)

    def encode(self, sentence):
        """The sentence's indices followed by EOS."""
        return [self.index[w] for w in sentence.split(" ")] + [EOS]


def simplify(text):
    """Lower-case ASCII, punctuation split off, anything else dropped."""
    text = "".join(
        c for c in unicodedata.normalize("NFD", text.lower()) if unicodedata.category(c) != "Mn"
    )
    text = re.sub(r"([.!?])", r" \1", text)
    return " ".join(re.sub(r"[^a-z.!?]+", " ", text).split())


def read_pairs(path):
    """(english, french) pairs short enough for MAX_LENGTH (EOS included)."""
    pairs = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            english, french = (simplify(part) for part in line.rstrip("\n").split("\t"))
            if max(len(english.split()), len(french.split())) < MAX_LENGTH:
                pairs.append((english, french))
    return pairs


pairs = read_pairs("data/eng-fra.txt")
source, target = Vocab("eng"), Vocab("fra")
for english, french in pairs:
    source.add(english)
    target.add(french)
print(f"{len(pairs)} pairs; {len(source.words)} English and {len(target.words)} French words")
print(random.choice(pairs))

src_rows = np.zeros((len(pairs), MAX_LENGTH), dtype=np.int64)
tgt_rows = np.zeros((len(pairs), MAX_LENGTH), dtype=np.int64)
for row, (english, french) in enumerate(pairs):
    ids = source.encode(english)
    src_rows[row, : len(ids)] = ids
    ids = target.encode(french)
    tgt_rows[row, : len(ids)] = ids
dataset = TensorDataset(torch.LongTensor(src_rows), torch.LongTensor(tgt_rows))
loader = DataLoader(dataset, sampler=RandomSampler(dataset), batch_size=16)


class Encoder(nn.Module):
    """Embedding, dropout and a batch-first GRU."""

    def __init__(self, vocab_size, hidden):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, hidden)
        self.dropout = nn.Dropout(0.1)
        self.gru = nn.GRU(hidden, hidden, batch_first=True)

    def forward(self, words):
        return self.gru(self.dropout(self.embedding(words)))


class AdditiveAttention(nn.Module):
    """score(q, k) = v . tanh(Wq q + Wk k); returns the context and the weights."""

    def __init__(self, hidden):
        super().__init__()
        self.query_map = nn.Linear(hidden, hidden)
        self.key_map = nn.Linear(hidden, hidden)
        self.v = nn.Linear(hidden, 1, bias=False)

    def forward(self, query, keys):
        scores = self.v(torch.tanh(self.query_map(query) + self.key_map(keys)))
        weights = F.softmax(scores.squeeze(2).unsqueeze(1), dim=-1)
        return torch.bmm(weights, keys), weights


class AttentionDecoder(nn.Module):
    """A GRU decoder that reads [word embedding, attention context] at each step."""

    def __init__(self, hidden, vocab_size):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, hidden)
        self.attention = AdditiveAttention(hidden)
        self.gru = nn.GRU(2 * hidden, hidden, batch_first=True)
        self.out = nn.Linear(hidden, vocab_size)
        self.dropout = nn.Dropout(0.1)

    def step(self, word, hidden, keys):
        embedded = self.dropout(self.embedding(word))
        context, weights = self.attention(hidden.permute(1, 0, 2), keys)
        output, hidden = self.gru(torch.cat((embedded, context), dim=2), hidden)
        return self.out(output), hidden, weights

    def forward(self, keys, hidden, target=None):
        word = torch.empty(keys.size(0), 1, dtype=torch.long).fill_(SOS)
        logits, attentions = [], []
        for i in range(MAX_LENGTH):
            out, hidden, weights = self.step(word, hidden, keys)
            logits.append(out)
            attentions.append(weights)
            if target is not None:
                word = target[:, i].unsqueeze(1)  # teacher forcing
            else:
                _, best = out.topk(1)
                word = best.squeeze(-1).detach()
        log_probs = F.log_softmax(torch.cat(logits, dim=1), dim=-1)
        return log_probs, hidden, torch.cat(attentions, dim=1)


encoder = Encoder(len(source.words), HIDDEN)
decoder = AttentionDecoder(HIDDEN, len(target.words))
enc_opt = optim.Adam(encoder.parameters(), lr=0.01)
dec_opt = optim.Adam(decoder.parameters(), lr=0.01)
criterion = nn.NLLLoss()

for epoch in range(1, 31):
    total = 0.0
    for src, tgt in loader:
        enc_opt.zero_grad()
        dec_opt.zero_grad()
        keys, hidden = encoder(src)
        log_probs, _, _ = decoder(keys, hidden, tgt)
        loss = criterion(log_probs.view(-1, log_probs.size(-1)), tgt.view(-1))
        loss.backward()
        enc_opt.step()
        dec_opt.step()
        total += loss.item()
    if epoch % 10 == 0:
        print(f"epoch {epoch}: mean loss {total / len(loader):.4f}")


def evaluate(encoder, decoder, sentence, source, target):
    """The greedy translation's words (up to EOS) and the attention weights."""
    encoder.eval()
    decoder.eval()
    with torch.no_grad():
        src = torch.tensor([source.encode(sentence)], dtype=torch.long)
        keys, hidden = encoder(src)
        log_probs, _, attention = decoder(keys, hidden)
        _, best = log_probs.topk(1)
        words = []
        for i in best.squeeze().tolist():
            if i == EOS:
                words.append("<eos>")
                break
            words.append(target.words[i])
    return words, attention


for _ in range(5):
    english, french = random.choice(pairs)
    words, _ = evaluate(encoder, decoder, english, source, target)
    print(f"> {english}\n= {french}\n< {' '.join(words)}")
for sentence in ("we are at home .", "i am sorry if this is a stupid question ."):
    words, attention = evaluate(encoder, decoder, sentence, source, target)
    print(f"{sentence} -> {' '.join(words)}")
    print(attention[0, : len(words), : len(sentence.split()) + 1])
