"""A lecture's seeded program prints PyTorch's numbers: the makemore character MLP.

`makemore` below is tools/makemore_mlp_pytorch.py with `torch` replaced by graphgrad
(and two spellings graphgrad does not have yet: `h.tanh()` for `torch.tanh(h)`, and
`p.data += -lr * p.grad.data`). PyTorch's outputs are in tests/data/makemore_pytorch.npz.

What is equal, and how:
- every random draw, bit for bit: the initial parameters (`randn` with a Generator),
  the 1,000 minibatches (`randint` from the default generator after `manual_seed`) and
  the ten sampled names (`multinomial` with a Generator);
- the losses, to the rounding of the matrix products: numpy's BLAS sums in another
  order than PyTorch's MKL, a difference of one unit in the last place that training
  then carries along. Over 1,000 steps float64 agrees to 4e-13 relative (checked to
  1e-11), float32 to 3e-4 (checked to 1e-3; its rounding is 2^29 times coarser). The
  first loss, before any update, is equal; the sampled names are the same in both.
"""

import hashlib
import random
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn.functional as F
from autograd import Tensor

DATA = Path(__file__).parent / "data"
NAMES = DATA.parent / "ported" / "data" / "names.txt"  # 200 common first names
RECORDED = np.load(DATA / "makemore_pytorch.npz")


def makemore(dtype, steps=1000):
    torch = autograd
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
        return Tensor(X), Tensor(Y)

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
    first = np.concatenate([p.data.reshape(-1) for p in parameters])

    losses, batches = [], []
    for i in range(steps):
        ix = torch.randint(0, Xtr.shape[0], (32,))
        batches.append(ix.data)
        emb = C[Xtr[ix]]
        h = (emb.view(-1, 30) @ W1 + b1).tanh()
        logits = h @ W2 + b2
        loss = F.cross_entropy(logits, Ytr[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        lr = 0.1 if i < steps // 2 else 0.01
        for p in parameters:
            p.data += -lr * p.grad.data
        losses.append(loss.item())

    with torch.no_grad():
        emb = C[Xdev]
        h = (emb.view(-1, 30) @ W1 + b1).tanh()
        dev = F.cross_entropy(h @ W2 + b2, Ydev).item()

    g = torch.Generator().manual_seed(2147483647 + 10)
    names = []
    for _ in range(10):
        out, context = [], [0] * block_size
        while True:
            with torch.no_grad():
                emb = C[Tensor([context])]
                h = (emb.view(1, -1) @ W1 + b1).tanh()
                probs = F.softmax(h @ W2 + b2, dim=1)
            ix = torch.multinomial(probs, num_samples=1, generator=g).item()
            context = context[1:] + [ix]
            out.append(ix)
            if ix == 0:
                break
        names.append("".join(itos[i] for i in out))
    return {
        "init_sha256": _digest(first),
        "batches_sha256": _digest(np.stack(batches)),
        "losses": np.array(losses),
        "dev": np.array(dev),
        "names": np.array(names),
    }


def _digest(a: np.ndarray) -> str:
    return hashlib.sha256(np.ascontiguousarray(a).tobytes()).hexdigest()


@pytest.mark.skipif(
    not autograd.random.matches_pytorch_cpu(),
    reason="recorded on x86-64 with AVX2/AVX-512 (PyTorch's float32 normals differ by CPU)",
)
@pytest.mark.parametrize("dtype, rtol", [("float64", 1e-11), ("float32", 1e-3)])
def test_makemore_prints_pytorchs_numbers(dtype, rtol):
    got = makemore(np.dtype(dtype))
    want = {k.split("/", 1)[1]: RECORDED[k] for k in RECORDED.files if k.startswith(dtype)}
    for key in ("init_sha256", "batches_sha256"):  # the draws: bit for bit
        assert got[key] == bytes(want[key]).decode(), key
    assert got["names"].tolist() == want["names"].tolist()
    assert got["losses"][0] == want["losses"][0]  # before any update: the same arithmetic
    np.testing.assert_allclose(got["losses"], want["losses"], rtol=rtol)
    np.testing.assert_allclose(got["dev"], want["dev"], rtol=rtol)
