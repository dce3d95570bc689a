"""Affine maps, non-linearities and a bag-of-words logistic regression on topics.

programs/deep_learning_nlp.py, in the manner of the PyTorch tutorials' "Deep Learning
with PyTorch" (Deep Learning for NLP): `nn.Linear`, `F.relu`, `F.softmax(dim=0)`,
`F.log_softmax`, a bag-of-words vector built with `vec[i] += 1` and `view(1, -1)`, the
targets made with the legacy `torch.LongTensor([label])`, printing parameters, a column
`next(model.parameters())[:, j]`, `nn.NLLLoss`, `optim.SGD`, 360 single-sentence steps.

Compared with PyTorch: everything it prints (the maps, the non-linearities, the
vocabulary, the parameters, the log probabilities before and after training, the column
of one word, the epoch losses) and the trained weights.

Tolerance: rtol 1e-5 (float32; the values print 4 decimals).

Randomness: seeded by the program (`torch.manual_seed(1)`; the data and the
initialisation): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "deep_learning_nlp"
ARGV = ""
RECORD = {"weights": "model.state_dict()"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
tensor([[-0.1304, -0.5425],
        [ 0.1579,  0.9425],
        [ 0.0456,  0.3138]], grad_fn=<AddmmBackward0>)
tensor([[0.3935, 1.1322, 0.0000],
        [0.0000, 2.1130, 0.0000]])
tensor([ 1.3800, -1.3505,  0.3455,  0.5046,  1.8213])
tensor([0.2948, 0.0192, 0.1048, 0.1228, 0.4584])
tensor(1.)
tensor([-1.2214, -3.9519, -2.2560, -2.0969, -0.7801])
{'stir': 0, 'the': 1, 'sauce': 2, 'and': 3, 'add': 4, 'salt': 5, 'team': 6, 'scored': 7, \
'a': 8, 'late': 9, 'goal': 10, 'bake': 11, 'bread': 12, 'for': 13, 'an': 14, 'hour': 15, \
'keeper': 16, 'saved': 17, 'penalty': 18, 'butter': 19, 'eggs': 20, 'in': 21, 'last': 22, \
'minute': 23, 'won': 24, 'match': 25}
Parameter containing:
tensor([[ 0.1194,  0.0609, -0.1268,  0.1274,  0.1191,  0.1739, -0.1099, -0.0323,
         -0.0038,  0.0286, -0.1488, -0.1392,  0.1067, -0.0460,  0.0958,  0.0112,
          0.0644,  0.0431,  0.0713,  0.0972, -0.1816,  0.0987, -0.1379, -0.1480,
          0.0119, -0.0334],
        [ 0.1152, -0.1136, -0.1743,  0.1427, -0.0291,  0.1103,  0.0630, -0.1471,
          0.0394,  0.0471, -0.1313, -0.0931,  0.0669,  0.0351, -0.0834, -0.0594,
          0.1796, -0.0363,  0.1106,  0.0849, -0.1268, -0.1668,  0.1882,  0.0102,
          0.1344,  0.0406]], requires_grad=True)
Parameter containing:
tensor([0.0631, 0.1465], requires_grad=True)
before training
tensor([[-0.7037, -0.6827]])
tensor([[-0.7465, -0.6425]])
tensor([0.1194, 0.1152], grad_fn=<SelectBackward0>)
epoch 20: loss 0.242118
epoch 40: loss 0.119518
epoch 60: loss 0.079252
after training
tensor([[-0.0384, -3.2779]])
tensor([[-2.9909, -0.0516]])
tensor([ 0.7234, -0.4888], grad_fn=<SelectBackward0>)
"""
PYTORCH = {
    "weights": {
        "linear.weight": {
            "shape": [2, 26],
            "norm": 3.02685979084946,
            "head": [
                0.7233895659446716,
                -0.40071558952331543,
                0.16499212384223938,
                0.73134845495224,
                0.7230246663093567,
                0.4656998813152313,
            ],
        },
        "linear.bias": [0.19915087521076202, 0.010415061376988888],
    }
}
# --- end of PyTorch's output ---


def test_deep_learning_nlp():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
