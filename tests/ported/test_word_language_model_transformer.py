"""pytorch/examples word_language_model with `--model Transformer`: a subclass of
`nn.Transformer` (whose encoder it uses) with sinusoidal positional encodings, trained by
hand-written SGD with clipping.

Source:
https://github.com/pytorch/examples/blob/main/word_language_model/main.py (with model.py
and data.py)

Ported as programs/word_language_model_transformer.py (all of main.py, model.py and
data.py, their prints as they are): `class TransformerModel(nn.Transformer)` calling
`super().__init__(d_model=, nhead=, dim_feedforward=, num_encoder_layers=)` (which builds
a 6-layer decoder the model never uses, drawing its initial weights all the same),
`self.encoder(src, mask=...)` with the causal mask `torch.log(torch.tril(torch.ones(sz,
sz)))` (0 and -inf), `register_buffer('pe', ...)` filled by `pe[:, 0::2] =
torch.sin(...)`, `nn.Embedding`, `F.log_softmax(dim=-1)`, `output.view(-1, ntokens)`,
`torch.nn.utils.clip_grad_norm_`, `p.data.add_(p.grad, alpha=-lr)`, evaluation under
no_grad, and `torch.save(model, f)`: pickling the whole model.

Compared with PyTorch: the training log and the validation loss of the first epoch (a
2-layer encoder of width 16, 2 heads, feed-forward 32, on a 170-word corpus, bptt 5,
batches of 4), without the times they print (`ms/batch`, `time:`); then the program
must stop at `torch.save(model, f)`, which graphgrad cannot do (it never pickles), with
an error that says to save `model.state_dict()` instead. PyTorch's run goes on to a
second epoch and the test set; those lines are recorded but not compared.

Tolerance: rtol 2e-5 (float32; the losses print 2 decimals, the perplexities exp(loss)
2 decimals of numbers near 3e4, whose last digits move with float32 rounding of the loss:
~1e-5 relative).

Randomness: seeded by the program (`--seed 1111`; initialisation and dropout): equal
since graphgrad draws PyTorch's numbers (issue 21).
"""

import re

from harness import assert_printed, failing_line, run

PROGRAM = "word_language_model_transformer"
ARGV = (
    "--data corpus --model Transformer --emsize 16 --nhid 32 --nlayers 2 --nhead 2 "
    "--bptt 5 --batch_size 4 --epochs 2 --log-interval 2 --dropout 0.2"
)
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Using device: cpu
| epoch   1 |     2/    6 batches | lr 20.00 | ms/batch 13.68 | loss  7.89 | ppl  2680.46
| epoch   1 |     4/    6 batches | lr 20.00 | ms/batch 10.59 | loss  6.58 | ppl   723.23
| epoch   1 |     6/    6 batches | lr 20.00 | ms/batch  6.63 | loss  4.57 | ppl    96.74
-----------------------------------------------------------------------------------------
| end of epoch   1 | time:  0.07s | valid loss 10.27 | valid ppl 28729.02
-----------------------------------------------------------------------------------------
| epoch   2 |     2/    6 batches | lr 20.00 | ms/batch 13.78 | loss 11.76 | ppl 127861.60
| epoch   2 |     4/    6 batches | lr 20.00 | ms/batch  4.81 | loss  6.97 | ppl  1068.10
| epoch   2 |     6/    6 batches | lr 20.00 | ms/batch  8.92 | loss  4.55 | ppl    94.76
-----------------------------------------------------------------------------------------
| end of epoch   2 | time:  0.06s | valid loss  9.58 | valid ppl 14494.74
-----------------------------------------------------------------------------------------
=========================================================================================
| End of training | test loss  8.69 | test ppl  5926.55
=========================================================================================
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_word_language_model_transformer():
    got = run(PROGRAM, ARGV, RECORD)
    # graphgrad never pickles: torch.save(model, f) must refuse, saying what to write instead
    assert got.error is not None, "torch.save(model, f) saved a whole model"
    assert "state_dict()" in str(got.error), f"unhelpful error: {got.error!r}"
    assert failing_line(got) == "torch.save(model, f)", got.error
    times = re.compile(r"ms/batch +[\d.]+|time: +[\d.]+s")  # not compared
    want = PYTORCH_STDOUT.splitlines()
    first_epoch = want[: next(i for i, s in enumerate(want) if "end of epoch" in s) + 2]
    assert_printed(times.sub("", got.stdout), times.sub("", "\n".join(first_epoch)), rtol=2e-5)
