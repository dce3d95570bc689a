"""Word embeddings: a trigram language model and a CBOW model trained word by word.

programs/word_embeddings.py, in the manner of the PyTorch tutorials' "Word Embeddings:
Encoding Lexical Semantics": `nn.Embedding` looked up with a `torch.tensor([...],
dtype=torch.long)`, `.view((1, -1))` (a shape as one tuple), two `nn.Linear`, `F.relu`,
`F.log_softmax`, `nn.NLLLoss`, `model.zero_grad()`, `optim.SGD`, about 500
single-example steps, and CBOW context vectors summed over `dim=0`.

Compared with PyTorch: what it prints (the first embedding, the trigrams, the total loss
of each epoch of both models, the CBOW data) and the trained embeddings, the trigram
losses and one context vector.

Tolerance: rtol 1e-5 (float32; the epoch losses are sums of about 60 losses printed in
full, agreeing to about 1e-7).

Randomness: seeded by the program (`torch.manual_seed(1)`; the initialisation): equal
since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "word_embeddings"
ARGV = ""
RECORD = {
    "embeddings": "model.embeddings.weight",
    "cbow": "cbow.embeddings.weight",
    "losses": "losses",
    "context": "make_context_vector(data[0][0], word_to_ix)",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
tensor([[ 0.0663, -0.4370,  0.7626,  0.4415,  1.1651]],
       grad_fn=<EmbeddingBackward0>)
[(['the', 'keeper'], 'climbs'), (['keeper', 'climbs'], 'the'), (['climbs', 'the'], \
'tower')]
epoch 0: total loss 174.61560022830963
epoch 1: total loss 151.28799450397491
epoch 2: total loss 136.44631980359554
epoch 3: total loss 122.81575202196836
epoch 4: total loss 109.81270546466112
epoch 5: total loss 96.33566724509001
epoch 6: total loss 83.44190426543355
epoch 7: total loss 71.33030111342669
[(['the', 'keeper', 'the', 'tower'], 'climbs'), (['keeper', 'climbs', 'tower', 'every'], \
'the')]
cbow epoch 0: total loss 194.833550
cbow epoch 1: total loss 147.860380
cbow epoch 2: total loss 121.672374
"""
PYTORCH = {
    "embeddings": {
        "shape": [30, 8],
        "norm": 16.11482506792018,
        "head": [
            0.9177711606025696,
            0.9929131269454956,
            0.28329208493232727,
            -0.8002645373344421,
            0.5802395939826965,
            1.379150152206421,
        ],
    },
    "cbow": {
        "shape": [30, 8],
        "norm": 16.336515647139965,
        "head": [
            0.29349061846733093,
            -0.14375412464141846,
            0.4464101791381836,
            -1.8544467687606812,
            1.0393222570419312,
            -0.9810831546783447,
        ],
    },
    "losses": [
        174.61560022830963,
        151.28799450397491,
        136.44631980359554,
        122.81575202196836,
        109.81270546466112,
        96.33566724509001,
        83.44190426543355,
        71.33030111342669,
    ],
    "context": [25, 9, 25, 26],
}
# --- end of PyTorch's output ---


def test_word_embeddings():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
