"""A word-level language model on a subclass of `nn.Transformer` (whose encoder it uses)
with sinusoidal positional encodings, trained by hand-written SGD with clipping:
programs/word_language_model_transformer.py, in the manner of pytorch/examples'
word_language_model (its Transformer model).

Idioms: `class WordTransformer(nn.Transformer)` calling `super().__init__(d_model=,
nhead=, dim_feedforward=, num_encoder_layers=)` (which builds a 6-layer decoder the
model never uses, drawing its initial weights all the same), `self.encoder(src,
mask=...)` with the causal mask `torch.log(torch.tril(torch.ones(n, n)))` (0 and -inf),
`register_buffer('table', ...)` filled by `table[:, 0::2] = torch.sin(...)`,
`nn.Embedding`, `F.log_softmax(dim=-1)`, `output.view(-1, vocab)`, `nn.NLLLoss`,
`torch.nn.utils.clip_grad_norm_`, `p.data.add_(p.grad, alpha=-lr)`, evaluation under
no_grad, and `torch.save(model, f)`: pickling the whole model.

Compared with PyTorch: the training log and the validation loss of the first epoch (a
2-layer encoder of width 16, 2 heads, feed-forward 32, on a 170-word corpus, windows of
5 words, 4 columns); then the program must stop at `torch.save(model, f)`, which
graphgrad cannot do (it never pickles), with an error that says to save
`model.state_dict()` instead. PyTorch's run goes on to a second epoch and the test set;
those lines are recorded but not compared.

Tolerance: rtol 2e-5 (float32; the losses print 3 decimals, the perplexities exp(loss)
2 decimals of numbers near 100, whose last digits move with float32 rounding of the
loss).

Randomness: seeded by the program (`--seed 1111`; initialisation and dropout): equal
since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, failing_line, run

PROGRAM = "word_language_model_transformer"
ARGV = (
    "--corpus corpus --width 16 --ff 32 --layers 2 --heads 2 --span 5 --columns 4 "
    "--epochs 2 --log-every 2 --dropout 0.2 --seed 1111"
)
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
vocabulary 62 words; train (33, 4), valid (14, 2)
epoch 1 batch 2/7 lr 5.00 loss 3.917 ppl 50.23
epoch 1 batch 4/7 lr 5.00 loss 4.471 ppl 87.41
epoch 1 batch 6/7 lr 5.00 loss 4.425 ppl 83.53
end of epoch 1: valid loss 4.094, valid ppl 59.97
saved wordmodel.pt
epoch 2 batch 2/7 lr 5.00 loss 3.771 ppl 43.40
epoch 2 batch 4/7 lr 5.00 loss 4.766 ppl 117.46
epoch 2 batch 6/7 lr 5.00 loss 5.303 ppl 200.86
end of epoch 2: valid loss 4.245, valid ppl 69.72
test loss 4.833, test ppl 125.53
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_word_language_model_transformer():
    got = run(PROGRAM, ARGV, RECORD)
    # graphgrad never pickles: torch.save(model, f) must refuse, saying what to write instead
    assert got.error is not None, "torch.save(model, f) saved a whole model"
    assert "state_dict()" in str(got.error), f"unhelpful error: {got.error!r}"
    assert failing_line(got) == "torch.save(model, f)", got.error
    want = PYTORCH_STDOUT.splitlines()
    first_epoch = want[: next(i for i, s in enumerate(want) if s.startswith("saved "))]
    assert_printed(got.stdout, "\n".join(first_epoch), rtol=2e-5)
