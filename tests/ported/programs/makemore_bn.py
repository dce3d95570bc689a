"""A character-level name model with batch normalisation, written twice, with diagnostics.

Reads names.txt, builds (context of 4 characters -> next character) examples split 80/10/10,
then (1) trains an embedding + one hidden layer MLP whose batch normalisation is written
out with tensors (batch mean and standard deviation, running statistics kept under
``no_grad``), and (2) rebuilds it as a stack of small hand-made layer classes (Dense,
BatchNorm with ``var``, Tanh), trains that, and prints what one looks at to judge the
training: the tanh activations' spread and saturation, the gradients reaching them, each
weight's gradient-to-data ratio, the update-to-data ratios and an activation histogram.
Finally it samples names from the model.
Idioms: ``torch.Generator().manual_seed``, ``torch.randn``/``torch.randint``/
``torch.multinomial`` with ``generator=``, ``C[Xb]``, ``emb.view(emb.shape[0], -1)``,
``mean(0, keepdim=True)``, ``std(0, keepdim=True)``, ``var(0, keepdim=True)``,
``mul_(...).add_(..., alpha=...)`` on running statistics,
``F.cross_entropy``, ``p.grad = None``, ``p.data += -lr * p.grad``, ``loss.log10()``,
``@torch.no_grad()``, ``retain_grad()``, ``*=`` on a parameter under ``no_grad``,
``'%+.2f' % t.mean()``, ``(t.abs() > 0.97).float().mean()``, ``torch.histogram``,
``p.data.std()``, ``F.softmax``, ``.item()``, ``.tolist()``.
In the manner of makemore's batch-normalisation lecture (Zero to Hero, part 3).
"""

import random

import autograd as torch
import nn.functional as F

CONTEXT = 4
EMBED = 8
BATCH = 32

with open("names.txt") as handle:
    names = handle.read().split()
print(len(names), "names, e.g.", names[:4])
alphabet = sorted(set("".join(names)))
to_id = {ch: i + 1 for i, ch in enumerate(alphabet)}
to_id["."] = 0
to_char = {i: ch for ch, i in to_id.items()}
vocab = len(to_id)
print("vocabulary", vocab, "".join(to_char[i] for i in range(vocab)))


def examples(words):
    """Every (last CONTEXT ids, next id) pair of the words, '.'-padded at both ends."""
    contexts, nexts = [], []
    for word in words:
        window = [0] * CONTEXT
        for ch in word + ".":
            contexts.append(window)
            nexts.append(to_id[ch])
            window = window[1:] + [to_id[ch]]
    return torch.tensor(contexts), torch.tensor(nexts)


random.seed(7)
shuffled = names[:]
random.shuffle(shuffled)
cut1, cut2 = int(0.8 * len(shuffled)), int(0.9 * len(shuffled))
Xtr, Ytr = examples(shuffled[:cut1])
Xdev, Ydev = examples(shuffled[cut1:cut2])
Xte, Yte = examples(shuffled[cut2:])
for X, Y in ((Xtr, Ytr), (Xdev, Ydev), (Xte, Yte)):
    print(X.shape, Y.shape)

# ---------------------------------------------------------- part 1: batch norm by hand
hidden = 64
g = torch.Generator().manual_seed(90210)
C = torch.randn((vocab, EMBED), generator=g)
W1 = torch.randn((CONTEXT * EMBED, hidden), generator=g) * (5 / 3) / (CONTEXT * EMBED) ** 0.5
W2 = torch.randn((hidden, vocab), generator=g) * 0.01
b2 = torch.zeros(vocab)
bn_gain = torch.ones((1, hidden))
bn_bias = torch.zeros((1, hidden))
running_mean = torch.zeros((1, hidden))
running_std = torch.ones((1, hidden))
params = [C, W1, W2, b2, bn_gain, bn_bias]
print("part 1 parameters:", sum(p.nelement() for p in params))
for p in params:
    p.requires_grad = True


def logits_by_hand(X, training):
    """Scores for contexts X: batch statistics while training (updating the running ones)."""
    emb = C[X]
    pre = emb.view(emb.shape[0], -1) @ W1  # no bias: the normalisation's shift replaces it
    if training:
        mu = pre.mean(0, keepdim=True)
        sigma = pre.std(0, keepdim=True)
        with torch.no_grad():
            running_mean.mul_(0.99).add_(mu, alpha=0.01)
            running_std.mul_(0.99).add_(sigma, alpha=0.01)
    else:
        mu, sigma = running_mean, running_std
    return torch.tanh(bn_gain * (pre - mu) / sigma + bn_bias) @ W2 + b2


def learning_rate(step, total):
    """A step decay: the last quarter of the steps at a fifth of the rate."""
    return 0.1 if step < 0.75 * total else 0.02


steps1 = 400
losses1 = []
for step in range(steps1):
    rows = torch.randint(0, Xtr.shape[0], (BATCH,), generator=g)
    loss = F.cross_entropy(logits_by_hand(Xtr[rows], training=True), Ytr[rows])
    for p in params:
        p.grad = None
    loss.backward()
    lr = learning_rate(step, steps1)
    for p in params:
        p.data += -lr * p.grad
    losses1.append(loss.log10().item())
    if step % 100 == 0:
        print(f"step {step:4d}/{steps1}: loss {loss.item():.4f}")


@torch.no_grad()
def split_loss_by_hand(X, Y):
    """Loss of part 1's model on a split, normalising with the running statistics."""
    return F.cross_entropy(logits_by_hand(X, training=False), Y).item()


print("part 1 train", split_loss_by_hand(Xtr, Ytr))
print("part 1 dev", split_loss_by_hand(Xdev, Ydev))


# ------------------------------------------------------- part 2: layers as classes
class Dense:
    """x @ weight (+ bias), weight drawn with gain/sqrt(fan_in) scaling."""

    def __init__(self, fan_in, fan_out, bias=True, gain=1.0):
        self.weight = torch.randn((fan_in, fan_out), generator=g2) * (gain / fan_in**0.5)
        self.bias = torch.zeros(fan_out) if bias else None

    def __call__(self, x):
        self.out = x @ self.weight
        if self.bias is not None:
            self.out = self.out + self.bias
        return self.out

    def parameters(self):
        return [self.weight] + ([] if self.bias is None else [self.bias])


class BatchNorm:
    """Normalises each feature by the batch's statistics (running ones when evaluating)."""

    def __init__(self, dim, eps=1e-5, momentum=0.1):
        self.eps, self.momentum = eps, momentum
        self.training = True
        self.gamma, self.beta = torch.ones(dim), torch.zeros(dim)
        self.running_mean, self.running_var = torch.zeros(dim), torch.ones(dim)

    def __call__(self, x):
        if self.training:
            mean, var = x.mean(0, keepdim=True), x.var(0, keepdim=True)
        else:
            mean, var = self.running_mean, self.running_var
        self.out = self.gamma * (x - mean) / torch.sqrt(var + self.eps) + self.beta
        if self.training:
            with torch.no_grad():
                m = self.momentum
                self.running_mean = (1 - m) * self.running_mean + m * mean
                self.running_var = (1 - m) * self.running_var + m * var
        return self.out

    def parameters(self):
        return [self.gamma, self.beta]


class Tanh:
    def __call__(self, x):
        self.out = torch.tanh(x)
        return self.out

    def parameters(self):
        return []


g2 = torch.Generator().manual_seed(31337)
width = 48
C2 = torch.randn((vocab, EMBED), generator=g2)
TANH_GAIN = 5 / 3
layers = []
for fan_in in [CONTEXT * EMBED] + [width] * 3:
    layers += [Dense(fan_in, width, bias=False, gain=TANH_GAIN), BatchNorm(width), Tanh()]
layers += [Dense(width, vocab, bias=False), BatchNorm(vocab)]
with torch.no_grad():
    layers[-1].gamma *= 0.1  # a less confident start
parameters = [C2] + [p for layer in layers for p in layer.parameters()]
print("part 2 parameters:", sum(p.nelement() for p in parameters))
for p in parameters:
    p.requires_grad = True

steps2 = 250
losses2, ud = [], []
for step in range(steps2):
    rows = torch.randint(0, Xtr.shape[0], (BATCH,), generator=g2)
    Xb, Yb = Xtr[rows], Ytr[rows]
    x = C2[Xb].view(BATCH, -1)
    for layer in layers:
        x = layer(x)
    loss = F.cross_entropy(x, Yb)
    for layer in layers:
        layer.out.retain_grad()
    for p in parameters:
        p.grad = None
    loss.backward()
    lr = 0.1
    for p in parameters:
        p.data += -lr * p.grad
    if step % 100 == 0:
        print(f"step {step:4d}/{steps2}: loss {loss.item():.4f}")
    losses2.append(loss.log10().item())
    with torch.no_grad():
        ratios = []
        for p in parameters:
            step_spread = (lr * p.grad).std()
            ratios.append((step_spread / p.data.std()).log10().item())
        ud.append(ratios)

tanh_outputs = [(i, layer.out) for i, layer in enumerate(layers) if isinstance(layer, Tanh)]
print("tanh activations (mean, std, share beyond +-0.97):")
for i, t in tanh_outputs:
    saturated = (t.abs() > 0.97).float().mean()
    print("  #%-2d %+.2f %.2f %5.2f%%" % (i, t.mean(), t.std(), 100 * saturated))
print("their gradients (mean, std):")
for i, t in tanh_outputs:
    print("  #%-2d %+f %e" % (i, t.grad.mean(), t.grad.std()))
print("weights:")
for p in parameters:
    if p.ndim == 2:
        ratio = p.grad.std() / p.data.std()
        print(
            "  %-10s mean %+f std %e grad/data %e"
            % (tuple(p.shape), p.grad.mean(), p.grad.std(), ratio)
        )
counts, edges = torch.histogram(layers[2].out, bins=10, range=(-1.0, 1.0), density=True)
print("first tanh histogram (density):", [round(c, 4) for c in counts.tolist()])
hy = counts

for layer in layers:
    if isinstance(layer, BatchNorm):
        layer.training = False


@torch.no_grad()
def split_loss(X, Y):
    """Loss of part 2's model on a split, in evaluation mode."""
    x = C2[X].view(X.shape[0], -1)
    for layer in layers:
        x = layer(x)
    return F.cross_entropy(x, Y).item()


print("part 2 train", split_loss(Xtr, Ytr))
print("part 2 dev", split_loss(Xdev, Ydev))

g3 = torch.Generator().manual_seed(4242)
for _ in range(15):
    window, out = [0] * CONTEXT, []
    while True:
        x = C2[torch.tensor([window])].view(1, -1)
        for layer in layers:
            x = layer(x)
        probs = F.softmax(x, dim=1)
        nxt = torch.multinomial(probs, num_samples=1, generator=g3).item()
        window = window[1:] + [nxt]
        if nxt == 0:
            break
        out.append(to_char[nxt])
    print("".join(out))
