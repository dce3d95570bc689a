"""Classifying the papers of a citation graph with a two-layer graph convolutional network.

The program first writes a seeded synthetic citation graph in the two plain-text files
such data sets come in (papers.content: a paper id, binary word features and a topic
name per line; papers.cites: pairs of paper ids, mostly within a topic), then reads them
back with numpy as a user would read a downloaded set. The word features are
row-normalised with a sparse diagonal matrix, the graph becomes a row-normalised sparse
adjacency matrix with self-loops, and a GCN (two graph convolutions with dropout
between them) is trained with Adam on a few labelled papers, reporting the validation
accuracy every few epochs and the test accuracy at the end.

Idioms: `np.genfromtxt` of the data files, `torch.FloatTensor(array)`,
`torch.LongTensor`, `torch.sum(x, dim=1)`, `1 / x`, `x[x == float('inf')] = 0`,
`torch.diag(...).to_sparse()`, `torch.sparse_coo_tensor`, `torch.spmm`,
`torch.bincount`, an `nn.Parameter` layer with `nn.init.xavier_uniform_`,
`F.dropout(training=self.training)`, `F.log_softmax`, `F.nll_loss` on index masks,
`optim.Adam(weight_decay=...)`, argparse.

In the manner of pytorch/examples' gcn.
"""

import argparse
import os

import numpy as np

import autograd as torch
import nn
import nn.functional as F
import optim


def write_citation_graph(folder, papers, words, topics, seed):
    """A synthetic citation graph: topic-dependent words, citations mostly within a topic."""
    rng = np.random.RandomState(seed)
    os.makedirs(folder, exist_ok=True)
    ids = rng.choice(10**6, size=papers, replace=False)
    topic = rng.randint(topics, size=papers)
    favourite = rng.rand(topics, words) < 0.15
    with open(os.path.join(folder, "papers.content"), "w") as f:
        for pid, t in zip(ids, topic):
            p = np.where(favourite[t], 0.4, 0.03)
            bits = (rng.rand(words) < p).astype(int)
            f.write("\t".join([str(pid), *map(str, bits), f"topic_{t}"]) + "\n")
    with open(os.path.join(folder, "papers.cites"), "w") as f:
        for i in range(papers):
            for _ in range(rng.randint(1, 4)):
                same = np.flatnonzero(topic == topic[i])
                j = rng.choice(same) if rng.rand() < 0.8 else rng.randint(papers)
                if j != i:
                    f.write(f"{ids[j]}\t{ids[i]}\n")


def scale_rows(m):
    """Each row divided by its sum (empty rows stay zero), through a sparse diagonal."""
    rowsum = torch.sum(m, dim=1)
    inverse = 1 / rowsum
    inverse[inverse == float("inf")] = 0
    return torch.spmm(torch.diag(inverse).to_sparse(), m)


def read_citation_graph(folder):
    content = np.genfromtxt(os.path.join(folder, "papers.content"), dtype=str)
    cites = np.genfromtxt(os.path.join(folder, "papers.cites"), dtype=np.int64)
    position = {int(pid): i for i, pid in enumerate(content[:, 0])}
    names = sorted(set(content[:, -1]))
    labels = torch.LongTensor([names.index(s) for s in content[:, -1]])
    features = scale_rows(torch.FloatTensor(content[:, 1:-1].astype(np.float32)))

    n = len(position)
    pairs = np.array([[position[a], position[b]] for a, b in cites])
    loops = np.stack([np.arange(n), np.arange(n)], axis=1)
    edges = np.unique(np.concatenate([pairs, pairs[:, ::-1], loops]), axis=0)
    index = torch.LongTensor(edges.T.copy())
    degree = torch.bincount(index[0], minlength=n).float()
    adjacency = torch.sparse_coo_tensor(index, (1 / degree)[index[0]], (n, n))
    return features, adjacency, labels, len(names)


class GraphConv(nn.Module):
    def __init__(self, d_in, d_out):
        super().__init__()
        self.weight = nn.Parameter(torch.empty(d_in, d_out))
        self.bias = nn.Parameter(torch.zeros(d_out))
        nn.init.xavier_uniform_(self.weight)

    def forward(self, x, adjacency):
        return torch.spmm(adjacency, x @ self.weight) + self.bias


class GCN(nn.Module):
    def __init__(self, d_in, hidden, classes, dropout):
        super().__init__()
        self.conv1 = GraphConv(d_in, hidden)
        self.conv2 = GraphConv(hidden, classes)
        self.dropout = dropout

    def forward(self, x, adjacency):
        x = F.dropout(x, self.dropout, training=self.training)
        x = F.relu(self.conv1(x, adjacency))
        x = F.dropout(x, self.dropout, training=self.training)
        return F.log_softmax(self.conv2(x, adjacency), dim=1)


def accuracy(logp, labels):
    return (logp.argmax(1) == labels).float().mean().item()


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description="GCN on a synthetic citation graph")
    ap.add_argument("--papers", type=int, default=600)
    ap.add_argument("--words", type=int, default=50)
    ap.add_argument("--topics", type=int, default=4)
    ap.add_argument("--hidden", type=int, default=16)
    ap.add_argument("--dropout", type=float, default=0.5)
    ap.add_argument("--lr", type=float, default=0.02)
    ap.add_argument("--weight-decay", type=float, default=5e-4)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--report", type=int, default=10)
    ap.add_argument("--seed", type=int, default=12)
    args = ap.parse_args()
    torch.manual_seed(args.seed)

    print(f"papers {args.papers}, words {args.words}, topics {args.topics}")
    write_citation_graph("graph", args.papers, args.words, args.topics, args.seed)
    print("reading the citation graph...")
    features, adjacency, labels, n_topics = read_citation_graph("graph")
    order = torch.randperm(args.papers)
    train_idx, val_idx, test_idx = order[:80], order[80:200], order[200:]

    model = GCN(features.size(1), args.hidden, n_topics, args.dropout)
    opt = optim.Adam(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
    for epoch in range(1, args.epochs + 1):
        model.train()
        opt.zero_grad()
        out = model(features, adjacency)
        loss = F.nll_loss(out[train_idx], labels[train_idx])
        loss.backward()
        opt.step()
        if epoch % args.report == 0:
            model.eval()
            with torch.no_grad():
                out = model(features, adjacency)
            val = accuracy(out[val_idx], labels[val_idx])
            print(f"epoch {epoch:3d}  train nll {loss.item():.4f}  val accuracy {val:.3f}")
    model.eval()
    with torch.no_grad():
        out = model(features, adjacency)
    print(f"test accuracy {accuracy(out[test_idx], labels[test_idx]):.3f}")
