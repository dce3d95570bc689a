"""Milliseconds per step of attention models against PyTorch, run apart.

- block: forward + backward of one `nn.TransformerEncoderLayer` (d_model 64, 4 heads,
  feed-forward 256, sequence 32, batch 32, float32, causal mask, batch_first, dropout 0),
  the loss `out.sum()`. Goal: within 1.3x of PyTorch.
- gpt: one training step of a small character GPT (vocabulary 65, 4 pre-norm blocks of
  width 64 with 4 heads, context 32, batch 32; token and position embeddings, a final
  LayerNorm and a linear head, cross-entropy, AdamW), the shape of Karpathy's
  ng-video-lecture gpt.py built from nn.TransformerEncoderLayer.

The same code builds both sides, given `torch` or `autograd` (a PyTorch program with its
imports changed). PyTorch is never a dependency: its side runs when an interpreter has it
(`common.torch_python`). Each side runs in a process of its own with its default threads,
in alternating rounds (benchmarks/apart.py). Run: ``python -m benchmarks.transformer``.
"""

from __future__ import annotations

import numpy as np

from benchmarks.common import run_as_script

D, HEADS, FF, L, N = 64, 4, 256, 32, 32
VOCAB, LAYERS = 65, 4
GOALS = {"block": {"torch": "<= 1.3x"}, "gpt": {}}


def _lib(impl: str):
    """(torch-like namespace, nn, optim) of `impl`."""
    if impl == "torch":
        import torch

        return torch, torch.nn, torch.optim
    import autograd
    import nn
    import optim

    return autograd, nn, optim


def _block(T, nn, optim):
    T.manual_seed(0)
    layer = nn.TransformerEncoderLayer(D, HEADS, FF, dropout=0.0, batch_first=True)
    x0 = np.random.default_rng(0).standard_normal((N, L, D)).astype(np.float32)
    x = T.from_numpy(x0).requires_grad_()
    mask = nn.Transformer.generate_square_subsequent_mask(L)

    def step():
        layer.zero_grad()
        x.grad = None
        layer(x, src_mask=mask, is_causal=True).sum().backward()

    return step


def _gpt(T, nn, optim):
    T.manual_seed(0)

    class GPT(nn.Module):
        def __init__(self):
            super().__init__()
            self.tok = nn.Embedding(VOCAB, D)
            self.pos = nn.Embedding(L, D)
            layer = nn.TransformerEncoderLayer(
                D, HEADS, 4 * D, dropout=0.0, batch_first=True, norm_first=True
            )
            self.blocks = nn.TransformerEncoder(layer, LAYERS, enable_nested_tensor=False)
            self.norm = nn.LayerNorm(D)
            self.head = nn.Linear(D, VOCAB)
            self.register_buffer("positions", T.arange(L))

        def forward(self, idx, mask):
            h = self.tok(idx) + self.pos(self.positions)
            return self.head(self.norm(self.blocks(h, mask=mask, is_causal=True)))

    model = GPT()
    opt = optim.AdamW(model.parameters(), lr=3e-4)
    rng = np.random.default_rng(0)
    idx = T.from_numpy(rng.integers(0, VOCAB, (N, L)))
    target = T.from_numpy(rng.integers(0, VOCAB, (N * L,)))
    mask = nn.Transformer.generate_square_subsequent_mask(L)

    def step():
        opt.zero_grad(set_to_none=True)
        logits = model(idx, mask)
        loss = nn.functional.cross_entropy(logits.view(N * L, VOCAB), target)
        loss.backward()
        opt.step()

    return step


def setup(impl: str, model: str = "block"):
    """The step of `model` (block or gpt) in `impl` (graphgrad or torch)."""
    step = {"block": _block, "gpt": _gpt}[model](*_lib(impl))
    step()
    return step


def run(quick: bool = False) -> list[dict]:
    from benchmarks.apart import apart_rows, compare_apart

    rows = []
    for model, label in (("block", "transformer block fwd+bwd"), ("gpt", "gpt train step")):
        t = compare_apart(
            "transformer",
            {"model": model},
            rounds=3 if quick else 9,
            steps=5 if quick else 20,
            impls=("graphgrad", "torch"),
        )
        rows += apart_rows(label, t, GOALS[model])
    return rows


if __name__ == "__main__":
    run_as_script(run)
