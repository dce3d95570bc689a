"""A tiny character-level transformer language model, attention written by hand.

Reads input.txt, maps characters to ids, trains a decoder-only transformer (token and
position embeddings, pre-norm blocks of masked multi-head self-attention and a GELU
feed-forward layer, each with a residual connection) with AdamW on random windows of
the text, printing the mean train and validation loss now and then, and finally samples
a few lines of text from it.
Idioms: ``torch.tensor(ids, dtype=torch.long)``, ``torch.randint(n, (batch,))``,
``torch.stack``, ``@torch.no_grad()``, a weight shared by two modules, ``register_buffer`` with ``torch.tril(torch.ones)``,
``q @ k.transpose(-2, -1) * k.shape[-1] ** -0.5``,
``masked_fill(mask[:T, :T] == 0, float("-inf"))``, ``F.softmax``, ``nn.Dropout``,
``nn.ModuleList``, ``torch.cat(..., dim=-1)``, ``nn.Sequential``, ``nn.GELU``,
``nn.LayerNorm``, ``nn.Embedding``, ``self.apply(init)`` with ``nn.init.normal_``/
``nn.init.zeros_``, ``torch.arange(T, device=device)``, ``logits.view(B * T, C)``,
``F.cross_entropy``, ``optim.AdamW``, ``zero_grad(set_to_none=True)``,
``losses["train"]`` formatted with ``:.4f``, ``torch.multinomial``,
``torch.zeros((1, 1), dtype=torch.long, device=device)``, ``.tolist()``.
In the manner of the "Let's build GPT" lecture's character-level model (Zero to Hero).
"""

from dataclasses import dataclass

import autograd as torch
import nn
import nn.functional as F
import optim


@dataclass
class Settings:
    """Model and training sizes (small, so that a run takes about a second)."""

    context: int = 10
    batch: int = 8
    width: int = 24
    heads: int = 3
    layers: int = 2
    dropout: float = 0.1
    lr: float = 3e-3
    steps: int = 40
    eval_every: int = 10
    eval_batches: int = 4
    sample_length: int = 60
    temperature: float = 0.8


cfg = Settings()
device = "cpu"
torch.manual_seed(2024)

with open("input.txt", encoding="utf-8") as handle:
    text = handle.read()
chars = sorted(set(text))
char_to_id = {c: i for i, c in enumerate(chars)}


def encode(s):
    return [char_to_id[c] for c in s]


def decode(ids):
    return "".join(chars[i] for i in ids)


ids = torch.tensor(encode(text), dtype=torch.long)
split_at = int(0.85 * len(ids))
splits = {"train": ids[:split_at], "val": ids[split_at:]}
print(f"{len(text)} characters, {len(chars)} distinct")


def random_windows(split):
    """A batch of inputs and the same windows shifted by one character (the targets)."""
    data = splits[split]
    starts = torch.randint(len(data) - cfg.context, (cfg.batch,))
    x = torch.stack([data[s : s + cfg.context] for s in starts])
    y = torch.stack([data[s + 1 : s + 1 + cfg.context] for s in starts])
    return x.to(device), y.to(device)


class CausalHead(nn.Module):
    """One head of self-attention that sees only earlier positions."""

    def __init__(self, size):
        super().__init__()
        self.query = nn.Linear(cfg.width, size, bias=False)
        self.key = nn.Linear(cfg.width, size, bias=False)
        self.value = nn.Linear(cfg.width, size, bias=False)
        self.register_buffer("mask", torch.tril(torch.ones(cfg.context, cfg.context)))
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x):
        T = x.shape[1]
        q, k = self.query(x), self.key(x)
        scores = q @ k.transpose(-2, -1) * k.shape[-1] ** -0.5
        scores = scores.masked_fill(self.mask[:T, :T] == 0, float("-inf"))
        weights = self.drop(F.softmax(scores, dim=-1))
        return weights @ self.value(x)


class MultiHead(nn.Module):
    """Heads side by side, concatenated and projected back to the model width."""

    def __init__(self, n_heads, size):
        super().__init__()
        self.heads = nn.ModuleList(CausalHead(size) for _ in range(n_heads))
        self.proj = nn.Linear(n_heads * size, cfg.width)
        self.drop = nn.Dropout(cfg.dropout)

    def forward(self, x):
        joined = torch.cat([h(x) for h in self.heads], dim=-1)
        return self.drop(self.proj(joined))


class Block(nn.Module):
    """Pre-norm residual block: attention, then a position-wise feed-forward layer."""

    def __init__(self):
        super().__init__()
        self.norm1 = nn.LayerNorm(cfg.width)
        self.attend = MultiHead(cfg.heads, cfg.width // cfg.heads)
        self.norm2 = nn.LayerNorm(cfg.width)
        self.mlp = nn.Sequential(
            nn.Linear(cfg.width, 3 * cfg.width),
            nn.GELU(),
            nn.Linear(3 * cfg.width, cfg.width),
            nn.Dropout(cfg.dropout),
        )

    def forward(self, x):
        x = x + self.attend(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class CharTransformer(nn.Module):
    """Token + position embeddings, a stack of blocks, a final norm and a vocabulary head."""

    def __init__(self, vocab):
        super().__init__()
        self.tokens = nn.Embedding(vocab, cfg.width)
        self.positions = nn.Embedding(cfg.context, cfg.width)
        self.blocks = nn.Sequential(*[Block() for _ in range(cfg.layers)])
        self.norm = nn.LayerNorm(cfg.width)
        self.head = nn.Linear(cfg.width, vocab, bias=False)
        self.apply(self._init)
        self.head.weight = self.tokens.weight  # one table to read and write characters

    @staticmethod
    def _init(module):
        if isinstance(module, nn.Linear):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets=None):
        B, T = idx.shape
        x = self.tokens(idx) + self.positions(torch.arange(T, device=device))
        logits = self.head(self.norm(self.blocks(x)))
        if targets is None:
            return logits, None
        B, T, C = logits.shape
        return logits, F.cross_entropy(logits.view(B * T, C), targets.view(B * T))


@torch.no_grad()
def continue_text(model, idx, n_new, temperature):
    """idx followed by n_new characters drawn one at a time from the tempered softmax."""
    model.eval()
    for _ in range(n_new):
        logits, _ = model(idx[:, -cfg.context :])
        probs = F.softmax(logits[:, -1, :] / temperature, dim=-1)
        idx = torch.cat((idx, torch.multinomial(probs, num_samples=1)), dim=1)
    return idx


@torch.no_grad()
def mean_losses(model):
    """Mean loss over a few random batches of each split, in evaluation mode."""
    model.eval()
    result = {}
    for split in splits:
        values = [model(*random_windows(split))[1].item() for _ in range(cfg.eval_batches)]
        result[split] = torch.tensor(values).mean()
    model.train()
    return result


model = CharTransformer(len(chars)).to(device)
print(f"{sum(p.numel() for p in model.parameters())} parameters (the embedding shared)")
optimizer = optim.AdamW(model.parameters(), lr=cfg.lr)

for step in range(cfg.steps + 1):
    if step % cfg.eval_every == 0:
        losses = mean_losses(model)
        print(f"step {step:3d} | train {losses['train']:.4f} | val {losses['val']:.4f}")
    if step == cfg.steps:
        break
    x, y = random_windows("train")
    _, loss = model(x, y)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()

print("--- sample ---")
start = torch.zeros((1, 1), dtype=torch.long, device=device)
print(decode(continue_text(model, start, cfg.sample_length, cfg.temperature)[0].tolist()))
