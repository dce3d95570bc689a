"""Affine maps, non-linearities, and a bag-of-words topic classifier.

First a few building blocks on random data: a linear map applied to a batch, ReLU, and
softmax / log-softmax of one vector. Then a logistic-regression classifier reads short
sentences as word-count vectors and learns whether each is about cooking or sport,
trained one sentence at a time with SGD on the negative log-likelihood.

Idioms: `nn.Linear`, `F.relu`, `F.softmax(dim=0)`, `F.log_softmax`, a bag-of-words
vector filled with `vec[i] += 1` and reshaped with `view(1, -1)`, targets made with the
legacy `torch.LongTensor([label])`, printing the parameters, a column
`next(model.parameters())[:, j]`, `nn.NLLLoss`, `optim.SGD`, `model.zero_grad()`,
scoring under `torch.no_grad()`.

In the manner of the PyTorch tutorials' "Deep Learning with PyTorch" (Deep Learning for
NLP).
"""

import autograd as torch
import nn
import nn.functional as F
import optim

torch.manual_seed(1)

# --- building blocks
mapping = nn.Linear(4, 2)  # from R^4 to R^2
batch = torch.randn(3, 4)
print(mapping(batch))
print(F.relu(torch.randn(2, 3)))
scores = torch.randn(5)
print(scores)
print(F.softmax(scores, dim=0))
print(F.softmax(scores, dim=0).sum())
print(F.log_softmax(scores, dim=0))

# --- a bag-of-words classifier
train = [
    ("stir the sauce and add salt".split(), "COOKING"),
    ("the team scored a late goal".split(), "SPORT"),
    ("bake the bread for an hour".split(), "COOKING"),
    ("the keeper saved the penalty".split(), "SPORT"),
    ("add butter and stir the eggs".split(), "COOKING"),
    ("a goal in the last minute won the match".split(), "SPORT"),
]
held_out = [
    ("stir the eggs and bake".split(), "COOKING"),
    ("the team won the match".split(), "SPORT"),
]

vocabulary = {}
for words, _ in train + held_out:
    for word in words:
        vocabulary.setdefault(word, len(vocabulary))
print(vocabulary)
TOPICS = {"COOKING": 0, "SPORT": 1}


def bag_of_words(words):
    """A (1, V) row of word counts."""
    vec = torch.zeros(len(vocabulary))
    for word in words:
        vec[vocabulary[word]] += 1
    return vec.view(1, -1)


def target(topic):
    """The class index of a topic, as a one-element LongTensor."""
    return torch.LongTensor([TOPICS[topic]])


class TopicClassifier(nn.Module):
    """Log probabilities of the topics from a bag of words: log_softmax(W x + b)."""

    def __init__(self, n_topics, vocab_size):
        super().__init__()
        self.linear = nn.Linear(vocab_size, n_topics)

    def forward(self, bow):
        return F.log_softmax(self.linear(bow), dim=1)


model = TopicClassifier(len(TOPICS), len(vocabulary))
for param in model.parameters():
    print(param)


def report(title):
    """Print the log probabilities of the held-out sentences and the column of 'stir'."""
    print(title)
    with torch.no_grad():
        for words, _ in held_out:
            print(model(bag_of_words(words)))
    print(next(model.parameters())[:, vocabulary["stir"]])


report("before training")
criterion = nn.NLLLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)
for epoch in range(60):
    total = 0.0
    for words, topic in train:
        model.zero_grad()
        loss = criterion(model(bag_of_words(words)), target(topic))
        loss.backward()
        optimizer.step()
        total += loss.item()
    if epoch % 20 == 19:
        print(f"epoch {epoch + 1}: loss {total:.6f}")
report("after training")
