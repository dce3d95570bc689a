"""pytorch/examples word_language_model: a 2-layer LSTM language model trained by
hand-written SGD with clipping.

Source:
https://github.com/pytorch/examples/blob/main/word_language_model/main.py

Ported as programs/word_language_model.py: a Dictionary/Corpus tokenizer
(`torch.tensor(ids).type(torch.int64)`, `torch.cat`), `batchify` (`data.size(0)`,
`data.narrow`, `view(bsz, -1).t().contiguous()`), `nn.Embedding`, `getattr(nn,
'LSTM')(..., dropout=)`, `nn.init.uniform_`/`zeros_`, `weight.new_zeros`, hidden-state
repackaging with `detach`, `nn.NLLLoss`, `torch.nn.utils.clip_grad_norm_`,
`p.data.add_(p.grad, alpha=-lr)`, evaluation under no_grad, and `torch.save(model, f)`:
pickling the whole model.

Compared with PyTorch: the training log and the validation loss of the first epoch (a
2-layer LSTM of width 16 on a 170-word corpus, bptt 5, batches of 4); then the program
must stop at `torch.save(model, f)`, which graphgrad cannot do (it never pickles), with
an error that says to save `model.state_dict()` instead. PyTorch's run goes on to a
second epoch and the test set; those lines are recorded but not compared.

Tolerance: rtol 1e-5 (float32; the log prints 2 decimals).

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
Using device: cpu
| epoch   1 |     2/    6 batches | lr 20.00 | loss  6.05 | ppl   423.75
| epoch   1 |     4/    6 batches | lr 20.00 | loss  4.27 | ppl    71.61
| epoch   1 |     6/    6 batches | lr 20.00 | loss  4.10 | ppl    60.14
-----------------------------------------------------------------------------------------
| end of epoch   1 | valid loss  3.90 | valid ppl    49.54
-----------------------------------------------------------------------------------------
| epoch   2 |     2/    6 batches | lr 20.00 | loss  5.85 | ppl   347.23
| epoch   2 |     4/    6 batches | lr 20.00 | loss  3.96 | ppl    52.66
| epoch   2 |     6/    6 batches | lr 20.00 | loss  3.63 | ppl    37.68
-----------------------------------------------------------------------------------------
| end of epoch   2 | valid loss  4.70 | valid ppl   110.34
-----------------------------------------------------------------------------------------
=========================================================================================
| End of training | test loss  3.76 | test ppl    42.79
=========================================================================================
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
