"""Guessing a surname's language with a character-level RNN written by hand.

programs/char_rnn_classification.py, in the manner of the PyTorch tutorials' "NLP From
Scratch: Classifying Names with a Character-Level RNN": a Dataset of names read with
glob from data/names/*.txt, one-hot tensors built by item assignment
(`tensor[li][0][i] = 1`), `torch.set_default_device`, `torch.utils.data.random_split(
data, [.8, .2], generator=torch.Generator(device=device).manual_seed(1))`, a hand-written
RNN cell (`nn.Linear`, `F.tanh`, `nn.LogSoftmax`) unrolled over each name,
`output.topk(1)`, minibatches from `np.array_split` summed into one loss,
`nn.utils.clip_grad_norm_`, `torch.optim.SGD`, and a confusion matrix filled with
`confusion[i][j] += 1` and normalised row by row.

Compared with PyTorch: everything it prints (the one-hot tensors, the split, the module
tree, the first output, the average loss of each epoch to 16 digits, the confusion
matrix) and the final weights (72 names of 6 languages, 4 epochs of about 8-name
minibatches, hidden size 32).

Tolerance: rtol 1e-5 (float32; the losses are sums over minibatches of 3 to 11 steps of
a recurrence, printed in full, so they differ from PyTorch's in the 7th digit).

Randomness: seeded by the program (`torch.manual_seed(0)` and `random.seed(0)`; the
initial weights, the split's permutation and the minibatch shuffles): equal since
graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "char_rnn_classification"
ARGV = ""
RECORD = {"weights": "rnn.state_dict()", "losses": "all_losses"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
72 surnames in 6 languages: ['English', 'German', 'Italian', 'Japanese', 'Polish', \
'Spanish']
tensor([[[0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 1., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0.]],

        [[0., 1., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0., 0.,
          0., 0., 0., 0., 0., 0., 0.]]])
torch.Size([8, 1, 58])
train 58, test 14
LetterRNN(
  (input_map): Linear(in_features=58, out_features=32, bias=True)
  (recur): Linear(in_features=32, out_features=32, bias=True)
  (readout): Linear(in_features=32, out_features=6, bias=True)
  (log_softmax): LogSoftmax(dim=1)
)
tensor([[-1.7161, -1.8029, -1.7838, -1.9410, -2.1052, -1.5049]],
       grad_fn=<LogSoftmaxBackward0>)
('Spanish', 5)
epoch 0: average loss 1.8115536996296473
epoch 1: average loss 1.729117444583348
epoch 2: average loss 1.6372326271874564
epoch 3: average loss 1.491756728717259
tensor([[0.0000, 0.5000, 0.5000, 0.0000, 0.0000, 0.0000],
        [0.0000, 1.0000, 0.0000, 0.0000, 0.0000, 0.0000],
        [0.0000, 0.0000, 1.0000, 0.0000, 0.0000, 0.0000],
        [0.0000, 0.0000, 1.0000, 0.0000, 0.0000, 0.0000],
        [0.0000, 0.0000, 0.3333, 0.0000, 0.6667, 0.0000],
        [0.0000, 0.7500, 0.0000, 0.0000, 0.0000, 0.2500]])
"""
PYTORCH = {
    "weights": {
        "input_map.weight": {
            "shape": [32, 58],
            "norm": 3.632711225778231,
            "head": [
                -0.06823257356882095,
                0.07546056807041168,
                -0.12755084037780762,
                -0.09067109227180481,
                -0.059177424758672714,
                0.035124003887176514,
            ],
        },
        "input_map.bias": {
            "shape": [32],
            "norm": 0.4648227618514819,
            "head": [
                0.08536878973245621,
                0.11864554136991501,
                -0.005176580045372248,
                0.0581115297973156,
                -0.05171005427837372,
                0.07842408120632172,
            ],
        },
        "recur.weight": {
            "shape": [32, 32],
            "norm": 3.3115029525896813,
            "head": [
                -0.12966153025627136,
                -0.07910863310098648,
                -0.00010015925363404676,
                0.14938688278198242,
                0.15858867764472961,
                -0.015610589645802975,
            ],
        },
        "recur.bias": {
            "shape": [32],
            "norm": 0.4975756419176281,
            "head": [
                0.08409076184034348,
                -0.11192868649959564,
                0.06559335440397263,
                0.06137339398264885,
                -0.1365981549024582,
                0.11429720371961594,
            ],
        },
        "readout.weight": {
            "shape": [6, 32],
            "norm": 2.0047725851265095,
            "head": [
                -0.08192622661590576,
                -0.0978504866361618,
                0.1921883523464203,
                0.10286001116037369,
                -0.1233895793557167,
                -0.006938038859516382,
            ],
        },
        "readout.bias": [
            -0.09254255145788193,
            0.1155288964509964,
            0.07405471801757812,
            0.12473572790622711,
            -1.163661181635689e-05,
            -0.06617583334445953,
        ],
    },
    "losses": [1.8115536996296473, 1.729117444583348, 1.6372326271874564, 1.491756728717259],
}
# --- end of PyTorch's output ---


def test_char_rnn_classification():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
