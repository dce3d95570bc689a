"""Deep Learning with PyTorch (Deep Learning for NLP): affine maps, non-linearities and a
bag-of-words logistic regression.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/nlp/deep_learning_tutorial.py

Ported as programs/deep_learning_nlp.py: `nn.Linear`, `F.relu`, `F.softmax(dim=0)`,
`F.log_softmax`, a bag-of-words vector built with `vec[i] += 1` and `view(1, -1)`, the
targets made with the legacy `torch.LongTensor([label])`, printing parameters, a column
`next(model.parameters())[:, j]`, `nn.NLLLoss`, `optim.SGD`, 400 single-example steps.

Compared with PyTorch: everything it prints (the maps, the non-linearities, the
vocabulary, the parameters, the log probabilities before and after training, the "creo"
column) and the trained weights.

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
tensor([[ 0.1755, -0.3268, -0.5069],
        [-0.6602,  0.2260,  0.1089]], grad_fn=<AddmmBackward0>)
tensor([[-0.5404, -2.2102],
        [ 2.1130, -0.0040]])
tensor([[0.0000, 0.0000],
        [2.1130, 0.0000]])
tensor([ 1.3800, -1.3505,  0.3455,  0.5046,  1.8213])
tensor([0.2948, 0.0192, 0.1048, 0.1228, 0.4584])
tensor(1.)
tensor([-1.2214, -3.9519, -2.2560, -2.0969, -0.7801])
{'me': 0, 'gusta': 1, 'comer': 2, 'en': 3, 'la': 4, 'cafeteria': 5, 'Give': 6, 'it': 7, \
'to': 8, 'No': 9, 'creo': 10, 'que': 11, 'sea': 12, 'una': 13, 'buena': 14, 'idea': 15, \
'is': 16, 'not': 17, 'a': 18, 'good': 19, 'get': 20, 'lost': 21, 'at': 22, 'Yo': 23, \
'si': 24, 'on': 25}
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
tensor([[-0.5378, -0.8771]])
tensor([[-0.9297, -0.5020]])
tensor([[-0.6388, -0.7506]])
tensor([-0.1488, -0.1313], grad_fn=<SelectBackward0>)
tensor([[-0.2093, -1.6669]])
tensor([[-2.5330, -0.0828]])
tensor([ 0.2803, -0.5605], grad_fn=<SelectBackward0>)
"""
PYTORCH = {
    "weights": {
        "linear.weight": {
            "shape": [2, 26],
            "norm": 2.9087848289038924,
            "head": [
                0.024313561618328094,
                0.48681312799453735,
                0.2991738021373749,
                0.5533337593078613,
                0.545009970664978,
                0.599882185459137,
            ],
        },
        "linear.bias": [0.14741386473178864, 0.062152035534381866],
    }
}
# --- end of PyTorch's output ---


def test_deep_learning_nlp():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
