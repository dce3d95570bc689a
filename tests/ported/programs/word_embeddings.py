"""Word embeddings learned by a trigram language model, and a small CBOW model.

A short passage about a lighthouse keeper is cut into trigrams: two words of context
predict the third. The model looks the context up in an `nn.Embedding`, concatenates
the two vectors into one row, and scores the vocabulary with two linear layers. It is
trained one example at a time. Then the passage is turned into continuous-bag-of-words
examples (two words either side predict the middle one) and a CBOW model, which sums
its context's embeddings, is trained for a few epochs.

Idioms: `nn.Embedding` looked up with `torch.tensor([...], dtype=torch.long)`,
`.view((1, -1))` (a shape as one tuple), two `nn.Linear`, `F.relu`, `F.log_softmax`,
`nn.NLLLoss`, `model.zero_grad()`, `optim.SGD`, `loss.item()`, `.sum(dim=0)` of
embeddings, the vocabulary numbered in sorted order (a set's order is not stable).

In the manner of the PyTorch tutorials' "Word Embeddings: Encoding Lexical Semantics".
"""

import autograd as torch
import nn
import nn.functional as F
import optim

torch.manual_seed(1)

CONTEXT = 2
DIM = 8
PASSAGE = """the keeper climbs the tower every night and lights the lamp so that
the ships can see the rocks when the fog comes in from the sea the keeper
watches the light turn and the ships pass the rocks in the dark and when the
morning comes the keeper puts out the lamp and sleeps""".split()

vocab = sorted(set(PASSAGE))
word_to_ix = {word: i for i, word in enumerate(vocab)}

# --- a first look at an embedding table
table = nn.Embedding(len(vocab), 5)
lamp = torch.tensor([word_to_ix["lamp"]], dtype=torch.long)
print(table(lamp))

trigrams = [([PASSAGE[i], PASSAGE[i + 1]], PASSAGE[i + 2]) for i in range(len(PASSAGE) - CONTEXT)]
print(trigrams[:3])


class TrigramModel(nn.Module):
    """log P(next word | two previous words) through embeddings and one hidden layer."""

    def __init__(self, vocab_size, dim, context, hidden=32):
        super().__init__()
        self.embeddings = nn.Embedding(vocab_size, dim)
        self.hidden = nn.Linear(context * dim, hidden)
        self.out = nn.Linear(hidden, vocab_size)

    def forward(self, idx):
        row = self.embeddings(idx).view((1, -1))
        return F.log_softmax(self.out(F.relu(self.hidden(row))), dim=1)


def as_indices(words):
    """The words' indices as a long tensor."""
    return torch.tensor([word_to_ix[w] for w in words], dtype=torch.long)


model = TrigramModel(len(vocab), DIM, CONTEXT)
criterion = nn.NLLLoss()
optimizer = optim.SGD(model.parameters(), lr=0.05)
losses = []
for epoch in range(8):
    total = 0.0
    for context, target in trigrams:
        model.zero_grad()
        log_probs = model(as_indices(context))
        loss = criterion(log_probs, as_indices([target]))
        loss.backward()
        optimizer.step()
        total += loss.item()
    losses.append(total)
    print(f"epoch {epoch}: total loss {total}")

# --- continuous bag of words: two words either side predict the middle one
cbow_data = []
for i in range(CONTEXT, len(PASSAGE) - CONTEXT):
    around = PASSAGE[i - CONTEXT : i] + PASSAGE[i + 1 : i + 1 + CONTEXT]
    cbow_data.append((around, PASSAGE[i]))
print(cbow_data[:2])


def make_context_vector(context, word_to_ix):
    """The context words' indices as a long tensor (the CBOW model's input)."""
    return torch.tensor([word_to_ix[w] for w in context], dtype=torch.long)


class CBOW(nn.Module):
    """log P(middle word | surrounding words) from the sum of their embeddings."""

    def __init__(self, vocab_size, dim):
        super().__init__()
        self.embeddings = nn.Embedding(vocab_size, dim)
        self.out = nn.Linear(dim, vocab_size)

    def forward(self, idx):
        summed = self.embeddings(idx).sum(dim=0).view((1, -1))
        return F.log_softmax(self.out(summed), dim=1)


cbow = CBOW(len(vocab), DIM)
cbow_optimizer = optim.SGD(cbow.parameters(), lr=0.05)
for epoch in range(3):
    total = 0.0
    for context, target in cbow_data:
        cbow.zero_grad()
        loss = criterion(cbow(make_context_vector(context, word_to_ix)), as_indices([target]))
        loss.backward()
        cbow_optimizer.step()
        total += loss.item()
    print(f"cbow epoch {epoch}: total loss {total:.6f}")
data = cbow_data
