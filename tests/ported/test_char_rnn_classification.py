"""NLP From Scratch: Classifying Names with a Character-Level RNN.

Source:
https://github.com/pytorch/tutorials/blob/main/intermediate_source/char_rnn_classification_tutorial.py

Ported as programs/char_rnn_classification.py: a Dataset of names read with glob from
data/names/*.txt, one-hot tensors built by item assignment (`tensor[li][0][i] = 1`),
`torch.set_default_device`, `torch.utils.data.random_split(alldata, [.8, .2],
generator=torch.Generator(device=device).manual_seed(1))`, a hand-written RNN cell
(`nn.Linear`, `F.tanh`, `nn.LogSoftmax`) unrolled over each name, `output.topk(1)`,
minibatches from `np.array_split` summed into one loss, `nn.utils.clip_grad_norm_`,
`torch.optim.SGD`, and a confusion matrix filled with `confusion[i][j] += 1` and
normalised row by row.

Compared with PyTorch: everything it prints (the one-hot tensors, the module tree, the
first outputs, the average loss of each epoch to 16 digits, the confusion matrix) and the
final weights (72 names of 6 languages, 3 epochs of 16-name minibatches).

Tolerance: rtol 1e-5 (float32; the losses are sums over 16 names of 3 to 11 steps of a
128-wide recurrence, printed in full, so they differ from PyTorch's in the 7th digit).

Randomness: seeded (`torch.manual_seed(0)` and `random.seed(0)`, the added lines; the
initial weights, the split's permutation and the minibatch shuffles): equal since
graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "char_rnn_classification"
ARGV = ""
RECORD = {"weights": "rnn.state_dict()", "losses": "all_losses"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Using device = cpu
label=Polish, text=Slusarski
label=none, text=a
tensor = tensor([[[1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]]])
label=Korean, text=Ahn
tensor = tensor([[[0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]],

        [[0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]],

        [[0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]]])
loaded 72 items of data
example = (tensor([4]), tensor([[[0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., \
0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]],

        [[0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]],

        [[0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]],

        [[1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]],

        [[0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]],

        [[0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]],

        [[0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]],

        [[0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0.]]]), 'Polish', 'Kowalski')
train examples = 58, validation examples = 14
RNN(
  (i2h): Linear(in_features=57, out_features=128, bias=True)
  (h2h): Linear(in_features=128, out_features=128, bias=True)
  (h2o): Linear(in_features=128, out_features=6, bias=True)
  (softmax): LogSoftmax(dim=1)
)
tensor([[-1.8532, -1.8610, -1.7980, -1.6597, -1.7915, -1.8005]],
       grad_fn=<LogSoftmaxBackward0>)
tensor([[-1.9133, -1.7718, -1.7621, -1.6831, -1.8218, -1.8129]],
       grad_fn=<LogSoftmaxBackward0>)
('Japanese', 3)
training on data set with n = 58
1 (33%): \t average batch loss = 1.7703766672234786
2 (67%): \t average batch loss = 1.4215873668068333
3 (100%): \t average batch loss = 1.1059052952548913
tensor([[0.0000, 0.6667, 0.3333, 0.0000, 0.0000, 0.0000],
        [0.0000, 1.0000, 0.0000, 0.0000, 0.0000, 0.0000],
        [0.0000, 0.0000, 1.0000, 0.0000, 0.0000, 0.0000],
        [0.0000, 0.0000, 0.5000, 0.2500, 0.0000, 0.2500],
        [0.0000, 0.0000, 0.0000, 0.0000, 1.0000, 0.0000],
        [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 1.0000]])
"""
PYTORCH = {
    "weights": {
        "i2h.weight": {
            "shape": [128, 57],
            "norm": 6.895227738082828,
            "head": [
                -0.059074766933918,
                0.007060304284095764,
                -0.08385742455720901,
                0.04256272315979004,
                -0.12118034064769745,
                0.010735652409493923,
            ],
        },
        "i2h.bias": {
            "shape": [128],
            "norm": 0.6944081027298634,
            "head": [
                -0.02967567928135395,
                -0.04045207053422928,
                -0.10404710471630096,
                0.07093758881092072,
                -0.11099330335855484,
                0.03090471588075161,
            ],
        },
        "h2h.weight": {
            "shape": [128, 128],
            "norm": 6.6628543279641175,
            "head": [
                0.03586559370160103,
                -0.05679138004779816,
                -0.04893435165286064,
                0.08397015184164047,
                0.0509309358894825,
                0.04635839909315109,
            ],
        },
        "h2h.bias": {
            "shape": [128],
            "norm": 0.4923662707846347,
            "head": [
                -0.018588120117783546,
                -0.03343004733324051,
                0.07826956361532211,
                0.001617864123545587,
                0.00950807984918356,
                0.005376867484301329,
            ],
        },
        "h2o.weight": {
            "shape": [6, 128],
            "norm": 2.7066151335233712,
            "head": [
                0.08790331333875656,
                -0.08233445882797241,
                -0.08903818577528,
                0.024524373933672905,
                0.016992533579468727,
                -0.019169000908732414,
            ],
        },
        "h2o.bias": [
            0.006607428193092346,
            0.07390310615301132,
            0.008956843055784702,
            -0.05830654501914978,
            -0.12091963738203049,
            -0.008252044208347797,
        ],
    },
    "losses": [1.7703766672234786, 1.4215873668068333, 1.1059052952548913],
}
# --- end of PyTorch's output ---


def test_char_rnn_classification():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
