"""Advanced: Making Dynamic Decisions and the Bi-LSTM CRF (Deep Learning for NLP).

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/nlp/advanced_tutorial.py

Ported as programs/bilstm_crf.py: `import torch.autograd as autograd`, a bidirectional
`nn.LSTM` with a `(h0, c0)` of `torch.randn(2, 1, h)`, an `nn.Parameter` of transition
scores written through `.data[i, :] = -10000`, the CRF's forward algorithm one tag at a
time (`torch.max(vec, 1)`, `idx.item()`, `vec[0, i]`, `view(1, -1).expand(1, n)`,
`torch.log(torch.sum(torch.exp(...)))`, `torch.cat` of `view(1)`s), the gold path's
score indexed by 0-d tensors (`self.transitions[tags[i + 1], tags[i]]`,
`feat[tags[i + 1]]`), `torch.full`, item assignment `init_alphas[0][j] = 0.`, Viterbi
decoding with Python backpointers, `optim.SGD(weight_decay=1e-4)`.

Compared with PyTorch: what it prints (the Viterbi path score and tags before and after
training) and the trained transitions and LSTM weights (30 epochs instead of 300).

Tolerance: rtol 1e-5 (float32; the scores print 4 decimals; the -10000 entries of the
transitions make the log-sum-exps' sums lose their low digits in both libraries alike).

Randomness: seeded by the program (`torch.manual_seed(1)`; the initialisation and the
random initial LSTM state drawn at each sentence): equal since graphgrad draws PyTorch's
numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "bilstm_crf"
ARGV = ""
RECORD = {"weights": "model.state_dict()", "loss": "loss"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
(tensor(2.6907), [1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1])
(tensor(2.5688), [2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2])
"""
PYTORCH = {
    "weights": {
        "transitions": {
            "shape": [5, 5],
            "norm": 29998.242319257162,
            "head": [
                -0.4148135185241699,
                -1.655483603477478,
                -0.851653516292572,
                -0.5717611312866211,
                -9999.4140625,
                0.14130021631717682,
            ],
        },
        "word_embeds.weight": {
            "shape": [17, 5],
            "norm": 9.016831827671297,
            "head": [
                -1.5241291522979736,
                -0.7372394800186157,
                -0.6511761546134949,
                -1.6119837760925293,
                -0.1053600087761879,
                -0.6279387474060059,
            ],
        },
        "lstm.weight_ih_l0": {
            "shape": [8, 5],
            "norm": 2.8964367223208587,
            "head": [
                -0.12560337781906128,
                0.3868373930454254,
                0.33369800448417664,
                -0.44753384590148926,
                -0.6230106353759766,
                0.7023494839668274,
            ],
        },
        "lstm.weight_hh_l0": [
            [-0.08808021247386932, -0.4359164535999298],
            [0.2515554130077362, 0.2212098240852356],
            [-0.15681196749210358, 0.2725224196910858],
            [0.2410902976989746, 0.437557190656662],
            [0.48237350583076477, -0.20852670073509216],
            [0.6999119520187378, -0.06994585692882538],
            [-0.027293391525745392, -0.6647616624832153],
            [-0.4701780378818512, -0.40466898679733276],
        ],
        "lstm.bias_ih_l0": [
            -0.2855568826198578,
            0.4788193106651306,
            -0.23415473103523254,
            -0.5469169616699219,
            0.21085847914218903,
            0.18558168411254883,
            0.4751312732696533,
            -0.35683995485305786,
        ],
        "lstm.bias_hh_l0": [
            0.17017285525798798,
            -0.2812890112400055,
            -0.16195900738239288,
            -0.5820137858390808,
            -0.3834366798400879,
            -0.25734269618988037,
            0.3195379078388214,
            0.13821929693222046,
        ],
        "lstm.weight_ih_l0_reverse": {
            "shape": [8, 5],
            "norm": 2.6422719623676976,
            "head": [
                0.16939592361450195,
                0.6944144368171692,
                0.6830348968505859,
                0.4757564067840576,
                0.02008420042693615,
                -0.5282638072967529,
            ],
        },
        "lstm.weight_hh_l0_reverse": [
            [0.5164480805397034, 0.6160264015197754],
            [0.5848203301429749, 0.5243145227432251],
            [-0.5109480619430542, -0.2612524926662445],
            [0.6245547533035278, -0.5356360077857971],
            [0.6327307820320129, -0.5492253303527832],
            [-0.5090499520301819, 0.3466627597808838],
            [-0.504467248916626, -0.15972508490085602],
            [0.5177268981933594, 0.5649971961975098],
        ],
        "lstm.bias_ih_l0_reverse": [
            0.6857153177261353,
            -0.15362957119941711,
            -0.5568574070930481,
            0.6997680068016052,
            -0.18902389705181122,
            -0.3106229305267334,
            0.2085358053445816,
            -0.49330899119377136,
        ],
        "lstm.bias_hh_l0_reverse": [
            0.48174452781677246,
            0.4329864978790283,
            -0.568325936794281,
            -0.5771783590316772,
            -0.10033691674470901,
            0.2772732079029083,
            0.015693914145231247,
            -0.35737815499305725,
        ],
        "hidden2tag.weight": {
            "shape": [5, 4],
            "norm": 1.4532927435039718,
            "head": [
                -0.0777134820818901,
                -0.516228437423706,
                -0.48254209756851196,
                -0.3118157684803009,
                0.49229276180267334,
                0.41239356994628906,
            ],
        },
        "hidden2tag.bias": [
            -0.036434680223464966,
            0.013297755271196365,
            -0.40854862332344055,
            0.46193569898605347,
            -0.321419894695282,
        ],
    },
    "loss": [5.691121578216553],
}
# --- end of PyTorch's output ---


def test_bilstm_crf():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
