"""The character-level MLP of Karpathy's "makemore" lecture (part 2), in PyTorch, seeded.

Records what it computes (the initial parameters and every minibatch by SHA-256, the
losses of 1,000 steps, the dev loss and ten sampled names, in float32 and float64) into
tests/data/makemore_pytorch.npz; tests/test_random_lecture.py runs the same program with
graphgrad. The names are 200 common English first names (tests/ported/data/names.txt) instead
of the lecture's 32,000, so it runs offline and fast. Run with a Python that has PyTorch:

    /path/to/torch-python tools/makemore_mlp_pytorch.py
"""

import hashlib
import random
import sys
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"
NAMES = DATA.parent / "ported" / "data" / "names.txt"  # 200 common first names


def makemore(dtype, steps=1000):
    words = NAMES.read_text().splitlines()
    chars = sorted(set("".join(words)))
    stoi = {s: i + 1 for i, s in enumerate(chars)}
    stoi["."] = 0
    itos = {i: s for s, i in stoi.items()}
    vocab_size = len(itos)
    block_size = 3

    def build_dataset(words):
        X, Y = [], []
        for w in words:
            context = [0] * block_size
            for ch in w + ".":
                ix = stoi[ch]
                X.append(context)
                Y.append(ix)
                context = context[1:] + [ix]
        return torch.tensor(X), torch.tensor(Y)

    random.seed(42)
    random.shuffle(words)
    n1 = int(0.8 * len(words))
    Xtr, Ytr = build_dataset(words[:n1])
    Xdev, Ydev = build_dataset(words[n1:])

    torch.manual_seed(42)
    g = torch.Generator().manual_seed(2147483647)
    C = torch.randn((vocab_size, 10), generator=g, dtype=dtype)
    W1 = torch.randn((30, 200), generator=g, dtype=dtype)
    b1 = torch.randn(200, generator=g, dtype=dtype)
    W2 = torch.randn((200, vocab_size), generator=g, dtype=dtype)
    b2 = torch.randn(vocab_size, generator=g, dtype=dtype)
    parameters = [C, W1, b1, W2, b2]
    for p in parameters:
        p.requires_grad = True
    first = torch.cat([p.detach().reshape(-1) for p in parameters]).numpy().copy()

    losses, batches = [], []
    for i in range(steps):
        ix = torch.randint(0, Xtr.shape[0], (32,))
        batches.append(ix.numpy())
        emb = C[Xtr[ix]]
        h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
        logits = h @ W2 + b2
        loss = F.cross_entropy(logits, Ytr[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        lr = 0.1 if i < steps // 2 else 0.01
        for p in parameters:
            p.data += -lr * p.grad
        losses.append(loss.item())
        if i % 100 == 0:
            print(f"{i:5d}/{steps}: {loss.item():.4f}")

    with torch.no_grad():
        emb = C[Xdev]
        h = torch.tanh(emb.view(-1, 30) @ W1 + b1)
        dev = F.cross_entropy(h @ W2 + b2, Ydev).item()
    print(f"dev loss {dev:.4f}")

    g = torch.Generator().manual_seed(2147483647 + 10)
    names = []
    for _ in range(10):
        out, context = [], [0] * block_size
        while True:
            with torch.no_grad():
                emb = C[torch.tensor([context])]
                h = torch.tanh(emb.view(1, -1) @ W1 + b1)
                probs = F.softmax(h @ W2 + b2, dim=1)
            ix = torch.multinomial(probs, num_samples=1, generator=g).item()
            context = context[1:] + [ix]
            out.append(ix)
            if ix == 0:
                break
        names.append("".join(itos[i] for i in out))
    print(" ".join(names))
    return {  # the random draws exactly (by SHA-256), the arithmetic's results as numbers
        "init_sha256": _digest(first),
        "batches_sha256": _digest(np.stack(batches)),
        "losses": np.array(losses),
        "dev": np.array(dev),
        "names": np.array(names),
    }


def _digest(a: np.ndarray) -> np.ndarray:
    return np.frombuffer(
        hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest().encode(), np.uint8
    )


if __name__ == "__main__":
    out = {}
    for name, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        for key, value in makemore(dtype).items():
            out[f"{name}/{key}"] = value
    np.savez_compressed(DATA / "makemore_pytorch.npz", **out)
    print("wrote tests/data/makemore_pytorch.npz", file=sys.stderr)
