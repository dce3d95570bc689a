"""Let's build GPT (Karpathy, ng-video-lecture gpt.py): a character-level GPT with
hand-written attention.

Source:
https://github.com/karpathy/ng-video-lecture/blob/master/gpt.py

Ported as programs/gpt.py: `torch.tensor(encode(text), dtype=torch.long)`,
`torch.randint(len(data) - block_size, (batch_size,))`,
`torch.stack([data[i:i+block_size] for i in ix])`, `@torch.no_grad()`,
`register_buffer('tril', torch.tril(torch.ones(T, T)))`, `q @ k.transpose(-2, -1) *
k.shape[-1]**-0.5`, `wei.masked_fill(self.tril[:T, :T] == 0, float('-inf'))`,
`F.softmax`, `nn.Dropout`, `nn.ModuleList`, `torch.cat(..., dim=-1)`, `nn.LayerNorm`,
`nn.Embedding`, `self.apply(self._init_weights)` with `torch.nn.init.normal_`/`zeros_`,
`torch.arange(T, device=device)`, `logits.view(B*T, C)`, `F.cross_entropy`,
`torch.optim.AdamW`, `zero_grad(set_to_none=True)`, `f'{losses["train"]:.4f}'`,
`torch.multinomial`, `torch.zeros((1, 1), dtype=torch.long, device=device)`,
`.tolist()`.

Compared with PyTorch: the losses printed at each evaluation and the generated text,
exactly (2 layers of width 16, 2 heads, blocks of 8 characters, 30 steps on a
900-character text).

Tolerance: rtol 1e-5 (float32; the log prints 4 decimals, which agree exactly).

Randomness: seeded by the program (`torch.manual_seed(1337)`; batches, initialisation,
dropout, sampling): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, run

PROGRAM = "gpt"
ARGV = ""
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
0.007845 M parameters
step 0: train loss 3.6263, val loss 3.6197
step 10: train loss 3.3622, val loss 3.3023
step 20: train loss 3.1529, val loss 3.0558
step 29: train loss 3.0555, val loss 2.8114

sekpn
fan etbpfd Khmi mmaAgKHgodotatrnphslve
eiW iom t hrean
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_gpt():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    generated = PYTORCH_STDOUT.partition("step 29:")[2].partition("\n")[2]
    assert got.stdout.endswith(generated)
