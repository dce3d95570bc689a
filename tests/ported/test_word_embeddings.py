"""Word Embeddings: an N-gram language model trained word by word (Deep Learning for NLP).

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/nlp/word_embeddings_tutorial.py

Ported as programs/word_embeddings.py: `nn.Embedding` looked up with a
`torch.tensor([...], dtype=torch.long)`, `.view((1, -1))` (a shape as one tuple), two
`nn.Linear`, `F.relu`, `F.log_softmax`, `nn.NLLLoss`, `model.zero_grad()`,
`optim.SGD`, 1130 single-example steps, and the CBOW exercise's context vectors.

Compared with PyTorch: what it prints (the first embedding, the trigrams, the total loss
of each of the 10 epochs, the CBOW data) and the trained embeddings and the example
context vector.

Tolerance: rtol 1e-5 (float32; the epoch losses are sums of 113 losses printed in full,
agreeing to about 1e-7).

Randomness: seeded by the program (`torch.manual_seed(1)`; the initialisation): equal
since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "word_embeddings"
ARGV = ""
RECORD = {
    "embeddings": "model.embeddings.weight",
    "losses": "losses",
    "context": "make_context_vector(data[0][0], word_to_ix)",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
tensor([[ 0.6614,  0.2669,  0.0617,  0.6213, -0.4519]],
       grad_fn=<EmbeddingBackward0>)
[(['When', 'forty'], 'winters'), (['forty', 'winters'], 'shall'), (['winters', 'shall'], \
'besiege')]
[519.6370105743408, 517.070659160614, 514.5216193199158, 511.9879117012024, \
509.4682364463806, 506.96038246154785, 504.46535897254944, 501.98402523994446, \
499.51380610466003, 497.05486822128296]
[(['We', 'are', 'to', 'study'], 'about'), (['are', 'about', 'study', 'the'], 'to'), \
(['about', 'to', 'the', 'idea'], 'study'), (['to', 'study', 'idea', 'of'], 'the'), \
(['study', 'the', 'of', 'a'], 'idea')]
"""
PYTORCH = {
    "embeddings": {
        "shape": [97, 10],
        "norm": 32.59332639333541,
        "head": [
            0.865662157535553,
            0.24462489783763885,
            -0.6627636551856995,
            0.8074552416801453,
            0.43937650322914124,
            1.1709845066070557,
        ],
    },
    "losses": [
        519.6370105743408,
        517.070659160614,
        514.5216193199158,
        511.9879117012024,
        509.4682364463806,
        506.96038246154785,
        504.46535897254944,
        501.98402523994446,
        499.51380610466003,
        497.05486822128296,
    ],
    "context": [5, 9, 46, 41],
}
# --- end of PyTorch's output ---


def test_word_embeddings():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
