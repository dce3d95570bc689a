"""A bidirectional LSTM with a linear-chain CRF on top, tagging parts of speech.

The LSTM reads a sentence in both directions and gives each word a score for each tag
(its emissions). A conditional random field adds a learned score for every pair of
consecutive tags, with two extra tags marking the start and the end of a sentence. The
loss is the log partition function (the forward algorithm, run one tag at a time)
minus the score of the gold tag path; decoding is Viterbi with Python back-pointers.

Idioms: `import torch.autograd as autograd` (the module under its usual alias), a
bidirectional `nn.LSTM` started from `(torch.randn(2, 1, h), torch.randn(2, 1, h))`,
an `nn.Parameter` of transition scores written through `.data[:, START] = -10000`, `autograd.grad`,
`torch.max(vec, 1)` and `idx.item()`, `vec[0, i]`, `view(1, -1).expand(1, n)`,
`torch.log(torch.sum(torch.exp(...)))`, `torch.cat` of `view(1)`s, scores indexed by
0-d tensors (`self.transitions[tags[i], tags[i + 1]]`, `emission[tags[i + 1]]`),
`torch.full`, item assignment `start[0][START] = 0.0`, `optim.SGD(weight_decay=1e-4)`,
scoring under `torch.no_grad()`.

In the manner of the PyTorch tutorials' "Advanced: Making Dynamic Decisions and the
Bi-LSTM CRF" (Deep Learning for NLP).
"""

import autograd as torch
import autograd.autograd as autograd
import nn
import optim

torch.manual_seed(1)

TAGS = ["DET", "NOUN", "VERB", "<s>", "</s>"]
TAG_IX = {tag: i for i, tag in enumerate(TAGS)}
START, END = TAG_IX["<s>"], TAG_IX["</s>"]
NEG = -10000.0


def best_index(row):
    """The argmax of a (1, n) row, as a Python int."""
    _, idx = torch.max(row, 1)
    return idx.item()


def log_sum_exp(row):
    """log(sum(exp(row))) of a (1, n) row, shifted by its maximum for stability."""
    peak = row[0, best_index(row)]
    shifted = row - peak.view(1, -1).expand(1, row.size(1))
    return peak + torch.log(torch.sum(torch.exp(shifted)))


class LinearChainCRF(nn.Module):
    """Transition scores between consecutive tags; transitions[a, b] scores a -> b."""

    def __init__(self, n_tags):
        super().__init__()
        self.n_tags = n_tags
        self.transitions = nn.Parameter(torch.randn(n_tags, n_tags))
        self.transitions.data[:, START] = NEG  # nothing moves into the start tag
        self.transitions.data[END, :] = NEG  # nothing leaves the end tag

    def log_partition(self, emissions):
        """log of the summed exp-scores of every tag path (the forward algorithm)."""
        alphas = torch.full((1, self.n_tags), NEG)
        alphas[0][START] = 0.0
        for emission in emissions:
            step = []
            for nxt in range(self.n_tags):
                into = alphas + self.transitions[:, nxt].view(1, -1)
                into = into + emission[nxt].view(1, -1).expand(1, self.n_tags)
                step.append(log_sum_exp(into).view(1))
            alphas = torch.cat(step).view(1, -1)
        return log_sum_exp(alphas + self.transitions[:, END].view(1, -1))

    def path_score(self, emissions, tags):
        """The score of one tag path: its transitions and its emissions."""
        tags = torch.cat([torch.tensor([START], dtype=torch.long), tags])
        score = torch.zeros(1)
        for i, emission in enumerate(emissions):
            score = score + self.transitions[tags[i], tags[i + 1]] + emission[tags[i + 1]]
        return score + self.transitions[tags[-1], END]

    def viterbi(self, emissions):
        """The best path's score and its tags."""
        best = torch.full((1, self.n_tags), NEG)
        best[0][START] = 0.0
        back_pointers = []
        for emission in emissions:
            pointers, scores = [], []
            for nxt in range(self.n_tags):
                into = best + self.transitions[:, nxt].view(1, -1)
                prev = best_index(into)
                pointers.append(prev)
                scores.append(into[0][prev].view(1))
            best = (torch.cat(scores) + emission).view(1, -1)
            back_pointers.append(pointers)
        final = best + self.transitions[:, END].view(1, -1)
        last = best_index(final)
        path = [last]
        for pointers in reversed(back_pointers):
            path.append(pointers[path[-1]])
        assert path.pop() == START
        return final[0][last], path[::-1]


class BiLSTMTagger(nn.Module):
    """Emissions from a bidirectional LSTM over word embeddings, decoded by a CRF."""

    def __init__(self, vocab_size, embed_dim, hidden_dim):
        super().__init__()
        self.hidden_dim = hidden_dim
        self.embed = nn.Embedding(vocab_size, embed_dim)
        self.lstm = nn.LSTM(embed_dim, hidden_dim // 2, num_layers=1, bidirectional=True)
        self.emit = nn.Linear(hidden_dim, len(TAGS))
        self.crf = LinearChainCRF(len(TAGS))

    def emissions(self, words):
        state = (
            torch.randn(2, 1, self.hidden_dim // 2),
            torch.randn(2, 1, self.hidden_dim // 2),
        )
        out, _ = self.lstm(self.embed(words).view(len(words), 1, -1), state)
        return self.emit(out.view(len(words), self.hidden_dim))

    def neg_log_likelihood(self, words, tags):
        """log Z - score(gold path)."""
        emissions = self.emissions(words)
        return self.crf.log_partition(emissions) - self.crf.path_score(emissions, tags)

    def forward(self, words):
        return self.crf.viterbi(self.emissions(words))


corpus = [
    ("the dog chased a cat".split(), "DET NOUN VERB DET NOUN".split()),
    ("a bird saw the dog".split(), "DET NOUN VERB DET NOUN".split()),
    ("the cat slept".split(), "DET NOUN VERB".split()),
]
vocab = {}
for words, _ in corpus:
    for w in words:
        vocab.setdefault(w, len(vocab))


def encode(items, table):
    """Indices as a long tensor."""
    return torch.tensor([table[item] for item in items], dtype=torch.long)


model = BiLSTMTagger(len(vocab), embed_dim=5, hidden_dim=6)
optimizer = optim.SGD(model.parameters(), lr=0.05, weight_decay=1e-4)

with torch.no_grad():
    score, path = model(encode(corpus[0][0], vocab))
    print(score, [TAGS[i] for i in path])

for epoch in range(25):
    for words, tags in corpus:
        model.zero_grad()
        loss = model.neg_log_likelihood(encode(words, vocab), encode(tags, TAG_IX))
        loss.backward()
        optimizer.step()
    if epoch % 5 == 4:
        print(f"epoch {epoch + 1}: loss {loss.item():.6f}")

with torch.no_grad():
    score, path = model(encode(corpus[0][0], vocab))
    print(score, [TAGS[i] for i in path])

# How strongly does the trained loss of one sentence depend on each transition score?
words, tags = encode(corpus[2][0], vocab), encode(corpus[2][1], TAG_IX)
(sensitivity,) = autograd.grad(model.neg_log_likelihood(words, tags), model.crf.transitions)
print(sensitivity[:3, :3])
