"""An LSTM stepped by hand, then an LSTM that tags each word with its part of speech.

First a small `nn.LSTM` is fed a random sequence one element at a time, carrying its
`(h, c)` state by hand, and then the whole sequence at once from a fresh state. Then a
tagger (embedding, LSTM, linear layer) learns the parts of speech of the words in three
short sentences, trained a sentence at a time with SGD; the tag scores of one sentence
are printed under `no_grad` before and after training.

Idioms: `nn.LSTM(4, 3)` stepped with `view(1, 1, -1)` inputs and a `(h, c)` tuple, a
whole sequence `torch.cat(seq).view(len(seq), 1, -1)`, printing the output and the
`(h, c)` tuple, `nn.Embedding` + `nn.LSTM` + `nn.Linear`, `F.log_softmax`, `nn.NLLLoss`,
`optim.SGD(lr=0.1)`, `model.zero_grad()`, index tensors `torch.tensor(ix,
dtype=torch.long)`.

In the manner of the PyTorch tutorials' "Sequence Models and Long Short-Term Memory
Networks" (Deep Learning for NLP).
"""

import autograd as torch
import nn
import nn.functional as F
import optim

torch.manual_seed(1)

# --- one step at a time, then all at once
cell = nn.LSTM(4, 3)  # input size 4, hidden size 3
steps = [torch.randn(1, 4) for _ in range(4)]
state = (torch.randn(1, 1, 3), torch.randn(1, 1, 3))
for x in steps:
    out, state = cell(x.view(1, 1, -1), state)
print(out)
print(state)

whole = torch.cat(steps).view(len(steps), 1, -1)
start = (torch.randn(1, 1, 3), torch.randn(1, 1, 3))
out, state = cell(whole, start)
print(out)
print(state)

# --- a part-of-speech tagger
sentences = [
    ("birds sing loud songs".split(), ["NOUN", "VERB", "ADJ", "NOUN"]),
    ("old dogs sleep".split(), ["ADJ", "NOUN", "VERB"]),
    ("cats chase small birds".split(), ["NOUN", "VERB", "ADJ", "NOUN"]),
]
word_to_ix = {}
for words, _ in sentences:
    for word in words:
        if word not in word_to_ix:
            word_to_ix[word] = len(word_to_ix)
print(word_to_ix)
tag_to_ix = {"NOUN": 0, "VERB": 1, "ADJ": 2}


def encode(items, to_ix):
    """Indices of a list of words or tags, as a long tensor."""
    return torch.tensor([to_ix[item] for item in items], dtype=torch.long)


class Tagger(nn.Module):
    """Log probabilities of each word's tag from an LSTM over the word embeddings."""

    def __init__(self, embed_dim, hidden_dim, vocab_size, n_tags):
        super().__init__()
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim)
        self.to_tags = nn.Linear(hidden_dim, n_tags)

    def forward(self, words):
        vectors = self.embed(words)
        hidden, _ = self.lstm(vectors.view(len(words), 1, -1))
        return F.log_softmax(self.to_tags(hidden.view(len(words), -1)), dim=1)


model = Tagger(5, 4, len(word_to_ix), len(tag_to_ix))
criterion = nn.NLLLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)

with torch.no_grad():
    print(model(encode(sentences[0][0], word_to_ix)))

for epoch in range(150):
    for words, tags in sentences:
        model.zero_grad()
        loss = criterion(model(encode(words, word_to_ix)), encode(tags, tag_to_ix))
        loss.backward()
        optimizer.step()
    if epoch % 50 == 49:
        print(f"epoch {epoch + 1}: last loss {loss.item():.6f}")

with torch.no_grad():
    tag_scores = model(encode(sentences[0][0], word_to_ix))
    print(tag_scores)
    print(tag_scores.argmax(dim=1))
