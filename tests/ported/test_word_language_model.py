"""A word-level language model: a 2-layer LSTM trained by truncated backpropagation
through time with a hand-written SGD step and gradient clipping, pickled whole when it
improves.

In the manner of pytorch/examples' word_language_model.

programs/word_language_model.py exercises: argparse, a vocabulary class
(`torch.tensor(ids).type(torch.int64)`, `torch.cat`), laying the stream out in columns
(`data.size(0)`, `data.narrow`, `view(bsz, -1).t().contiguous()`), `nn.Embedding`,
`getattr(nn, 'LSTM')(..., dropout=)`, `nn.init.uniform_`/`zeros_`, `weight.new_zeros`,
hidden states detached between chunks, `flatten(0, 1)`, `F.log_softmax`, `nn.NLLLoss`,
`torch.nn.utils.clip_grad_norm_`, `p.data.add_(p.grad, alpha=-lr)`, evaluation under
no_grad, and `torch.save(model, f)`: pickling the whole model.

Compared with PyTorch: the training log and the validation loss of the first epoch (a
2-layer LSTM of width 16 on a 170-word corpus, bptt 5, batches of 4); then the program
must stop at `torch.save(model, f)`, which graphgrad cannot do (it never pickles), with
an error that says to save `model.state_dict()` instead. PyTorch's run goes on to a
second epoch and the test set; those lines are recorded but not compared.

Tolerance: rtol 1e-5 (float32; the log prints 2 to 3 decimals).

Randomness: seeded by the program (`--seed 1111`; initialisation and dropout): equal
since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, failing_line, run

PROGRAM = "word_language_model"
ARGV = (
    "--data corpus --emsize 16 --nhid 16 --nlayers 2 --bptt 5 --batch_size 4 "
    "--epochs 2 --log-interval 2 --dropout 0.2"
)
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
62 words; 132 training tokens
epoch  1 chunk   2/  7 lr 20.000 loss  3.945 perplexity     51.67
epoch  1 chunk   4/  7 lr 20.000 loss  4.075 perplexity     58.87
epoch  1 chunk   6/  7 lr 20.000 loss  4.346 perplexity     77.14
== end of epoch 1: validation loss 3.592, perplexity    36.31
============================================================
epoch  2 chunk   2/  7 lr 20.000 loss  3.559 perplexity     35.11
epoch  2 chunk   4/  7 lr 20.000 loss  4.459 perplexity     86.40
epoch  2 chunk   6/  7 lr 20.000 loss  3.854 perplexity     47.20
== end of epoch 2: validation loss 4.118, perplexity    61.42
============================================================
test loss 3.989, perplexity    53.98
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_word_language_model():
    got = run(PROGRAM, ARGV, RECORD)
    # graphgrad never pickles: torch.save(model, f) must refuse, saying what to write instead
    assert got.error is not None, "torch.save(model, f) saved a whole model"
    assert "state_dict()" in str(got.error), f"unhelpful error: {got.error!r}"
    assert failing_line(got) == "torch.save(model, f)", got.error
    want = PYTORCH_STDOUT.splitlines()
    first_epoch = want[: next(i for i, s in enumerate(want) if "end of epoch" in s) + 2]
    assert_printed(got.stdout, "\n".join(first_epoch), rtol=1e-5)
