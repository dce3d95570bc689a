"""Sequence Models and LSTMs: stepping an LSTM, and an LSTM part-of-speech tagger (Deep
Learning for NLP).

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/nlp/sequence_models_tutorial.py

Ported as programs/sequence_models.py: `nn.LSTM(3, 3)` stepped one element at a time with
a `(h, c)` tuple and over a whole `torch.cat(...).view(len, 1, -1)` sequence, printing the
output and the `(h, c)` tuple; an `nn.Embedding` + `nn.LSTM` + `nn.Linear` tagger with
`F.log_softmax`, `nn.NLLLoss`, `optim.SGD(lr=0.1)`, 600 single-sentence steps, scores
under `no_grad` before and after.

Compared with PyTorch: everything it prints (the LSTM's outputs and state, the
vocabulary, the tag scores before and after training) and the trained weights.

Tolerance: rtol 1e-5 (float32; the scores print 4 decimals; the weights after 600 SGD
steps agree to about 1e-6).

Randomness: seeded by the program (`torch.manual_seed(1)`; the inputs and the
initialisation): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "sequence_models"
ARGV = ""
RECORD = {"weights": "model.state_dict()", "tag_scores": "tag_scores"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
tensor([[[-0.0187,  0.1713, -0.2944]],

        [[-0.3521,  0.1026, -0.2971]],

        [[-0.3191,  0.0781, -0.1957]],

        [[-0.1634,  0.0941, -0.1637]],

        [[-0.3368,  0.0959, -0.0538]]], grad_fn=<MkldnnRnnLayerBackward0>)
(tensor([[[-0.3368,  0.0959, -0.0538]]], grad_fn=<StackBackward0>), tensor([[[-0.9825,  \
0.4715, -0.0633]]], grad_fn=<StackBackward0>))
{'The': 0, 'dog': 1, 'ate': 2, 'the': 3, 'apple': 4, 'Everybody': 5, 'read': 6, 'that': \
7, 'book': 8}
tensor([[-1.1389, -1.2024, -0.9693],
        [-1.1065, -1.2200, -0.9834],
        [-1.1286, -1.2093, -0.9726],
        [-1.1190, -1.1960, -0.9916],
        [-1.0137, -1.2642, -1.0366]])
tensor([[-0.0462, -4.0106, -3.6096],
        [-4.8205, -0.0286, -3.9045],
        [-3.7876, -4.1355, -0.0394],
        [-0.0185, -4.7874, -4.6013],
        [-5.7881, -0.0186, -4.1778]])
"""
PYTORCH = {
    "weights": {
        "word_embeddings.weight": {
            "shape": [9, 6],
            "norm": 8.439074954845884,
            "head": [
                0.7341207265853882,
                0.0008067591697908938,
                -0.3375800549983978,
                0.6244581341743469,
                0.20486406981945038,
                -1.0972646474838257,
            ],
        },
        "lstm.weight_ih_l0": {
            "shape": [24, 6],
            "norm": 4.245742746051829,
            "head": [
                -0.3363998532295227,
                -0.2644418179988861,
                0.5200057029724121,
                -0.1998862475156784,
                0.13370171189308167,
                0.12057515978813171,
            ],
        },
        "lstm.weight_hh_l0": {
            "shape": [24, 6],
            "norm": 3.018616428462113,
            "head": [
                -0.3679756820201874,
                -0.14153754711151123,
                0.10198740661144257,
                -0.05093010887503624,
                -0.3958607614040375,
                0.09418170154094696,
            ],
        },
        "lstm.bias_ih_l0": {
            "shape": [24],
            "norm": 2.136902503127674,
            "head": [
                -0.01189742423593998,
                0.2556876242160797,
                -0.08799136430025101,
                1.0510493516921997,
                0.7542892098426819,
                -0.336414635181427,
            ],
        },
        "lstm.bias_hh_l0": {
            "shape": [24],
            "norm": 1.9733880698404211,
            "head": [
                0.18340881168842316,
                -0.16663070023059845,
                0.4771535396575928,
                0.7617794871330261,
                0.24822357296943665,
                0.4168449342250824,
            ],
        },
        "hidden2tag.weight": {
            "shape": [3, 6],
            "norm": 5.145422441185533,
            "head": [
                -0.24227486550807953,
                -0.8033355474472046,
                0.7121421694755554,
                -1.9271572828292847,
                1.9856740236282349,
                0.3269593417644501,
            ],
        },
        "hidden2tag.bias": [0.01979353092610836, 0.4493195712566376, -0.3634469211101532],
    },
    "tag_scores": [
        [-0.04623840004205704, -4.0105695724487305, -3.6096038818359375],
        [-4.820530414581299, -0.028619704768061638, -3.9044761657714844],
        [-3.787626266479492, -4.1354660987854, -0.03941104933619499],
        [-0.018544159829616547, -4.787384986877441, -4.601276397705078],
        [-5.788149356842041, -0.018567679449915886, -4.17776346206665],
    ],
}
# --- end of PyTorch's output ---


def test_sequence_models():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
