"""A tiny character-level transformer language model with hand-written masked multi-head
attention, trained with AdamW and sampled from.

In the manner of the "Let's build GPT" lecture's character-level model (Zero to Hero).

programs/gpt.py exercises: `torch.tensor(encode(text), dtype=torch.long)`,
`torch.randint(len(data) - block_size, (batch_size,))`,
`torch.stack([data[i:i+block_size] for i in ix])`, `@torch.no_grad()`, the output
layer's weight shared with the token embedding (counted once by `parameters()`),
`register_buffer('mask', torch.tril(torch.ones(T, T)))`, `q @
k.transpose(-2, -1) * k.shape[-1]**-0.5`, `scores.masked_fill(self.mask[:T, :T] == 0,
float('-inf'))`, `F.softmax`, `nn.Dropout`, `nn.ModuleList`, `torch.cat(..., dim=-1)`,
`nn.Sequential`, `nn.GELU`, `nn.LayerNorm`, `nn.Embedding`, `self.apply(self._init)` with
`torch.nn.init.normal_`/`zeros_`, `torch.arange(T, device=device)`, `logits.view(B*T,
C)`, `F.cross_entropy`, `torch.optim.AdamW`, `zero_grad(set_to_none=True)`,
`f'{losses["train"]:.4f}'`, `torch.multinomial`, `torch.zeros((1, 1), dtype=torch.long,
device=device)`, `.tolist()`.

Compared with PyTorch: the losses printed at each evaluation and the generated text,
exactly (2 layers of width 24, 3 heads, blocks of 10 characters, 40 steps on a
900-character text).

Tolerance: rtol 1e-5 (float32; the log prints 4 decimals, which agree exactly).

Randomness: seeded by the program (`torch.manual_seed(2024)`; batches, initialisation,
dropout, sampling): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, run

PROGRAM = "gpt"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
890 characters, 37 distinct
13128 parameters (the embedding shared)
step   0 | train 3.6144 | val 3.5913
step  10 | train 3.2019 | val 3.2273
step  20 | train 3.0203 | val 2.9772
step  30 | train 2.8546 | val 2.8985
step  40 | train 2.8138 | val 2.8209
--- sample ---

fhe.io se niWCaordoocef  ph yesateefthterwrn errf  .eh rd m:
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_gpt():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    generated = PYTORCH_STDOUT.partition("--- sample ---\n")[2]
    assert got.stdout.endswith(generated)
