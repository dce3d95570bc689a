"""A bidirectional LSTM with a linear-chain CRF, tagging parts of speech.

programs/bilstm_crf.py, in the manner of the PyTorch tutorials' "Advanced: Making
Dynamic Decisions and the Bi-LSTM CRF" (Deep Learning for NLP):
`import torch.autograd as autograd` and `autograd.grad`, a bidirectional `nn.LSTM` with
a `(h0, c0)` of `torch.randn(2, 1, h)`, an `nn.Parameter` of transition scores written
through `.data[:, i] = -10000`, the CRF's forward algorithm one tag at a time
(`torch.max(vec, 1)`, `idx.item()`, `vec[0, i]`, `view(1, -1).expand(1, n)`,
`torch.log(torch.sum(torch.exp(...)))`, `torch.cat` of `view(1)`s), the gold path's
score indexed by 0-d tensors (`self.transitions[tags[i], tags[i + 1]]`,
`emission[tags[i + 1]]`), `torch.full`, item assignment `start[0][j] = 0.`, Viterbi
decoding with Python back-pointers, `optim.SGD(weight_decay=1e-4)`.

Compared with PyTorch: what it prints (the Viterbi path score and tags before and after
training, the loss every 5 epochs, the gradient of one sentence's loss with respect to
the transitions) and the trained weights and the last loss (3 sentences, 25 epochs).

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
tensor(3.3148) ['DET', 'VERB', 'NOUN', 'VERB', 'NOUN']
epoch 5: loss 1.608245
epoch 10: loss 0.985736
epoch 15: loss 0.613199
epoch 20: loss 0.552755
epoch 25: loss 0.428237
tensor(7.2044) ['DET', 'NOUN', 'VERB', 'DET', 'NOUN']
tensor([[ 0.0494, -0.0460,  0.0353],
        [ 0.0749,  0.0837, -0.2378],
        [ 0.0172,  0.0145,  0.0088]])
"""
PYTORCH = {
    "weights": {
        "embed.weight": {
            "shape": [8, 5],
            "norm": 6.402996811505745,
            "head": [
                -1.5570557117462158,
                -0.7725831270217896,
                -0.6772704124450684,
                -1.6716376543045044,
                -0.06584127247333527,
                -0.5899441242218018,
            ],
        },
        "lstm.weight_ih_l0": {
            "shape": [12, 5],
            "norm": 2.5699085067057434,
            "head": [
                -0.019406244158744812,
                -0.3771447241306305,
                0.349083811044693,
                0.18251271545886993,
                -0.3781599998474121,
                0.46283841133117676,
            ],
        },
        "lstm.weight_hh_l0": {
            "shape": [12, 3],
            "norm": 2.124661179650938,
            "head": [
                0.41661807894706726,
                0.35591015219688416,
                -0.4158792793750763,
                -0.41270577907562256,
                -0.3510254919528961,
                0.06517254561185837,
            ],
        },
        "lstm.bias_ih_l0": [
            -0.0742805227637291,
            0.015621365047991276,
            -0.5418370962142944,
            -0.3755478858947754,
            -0.3339453339576721,
            -0.25144845247268677,
            0.4229157269001007,
            -0.1015847697854042,
            -0.46009016036987305,
            0.2135532647371292,
            0.19032825529575348,
            0.37869876623153687,
        ],
        "lstm.bias_hh_l0": [
            -0.30621010065078735,
            0.16058066487312317,
            -0.20719781517982483,
            -0.13376258313655853,
            -0.45670998096466064,
            -0.2676302194595337,
            -0.1641606241464615,
            0.3338145911693573,
            0.07662731409072876,
            0.13406267762184143,
            0.5815881490707397,
            0.5673850774765015,
        ],
        "lstm.weight_ih_l0_reverse": {
            "shape": [12, 5],
            "norm": 2.8603555920029105,
            "head": [
                0.37646207213401794,
                0.009342788718640804,
                -0.4265522360801697,
                0.44954758882522583,
                -0.14403152465820312,
                -0.02648678980767727,
            ],
        },
        "lstm.weight_hh_l0_reverse": {
            "shape": [12, 3],
            "norm": 2.0963752325455656,
            "head": [
                -0.4069989323616028,
                0.3830031156539917,
                0.35861948132514954,
                -0.4616338610649109,
                -0.4807031452655792,
                -0.04967320337891579,
            ],
        },
        "lstm.bias_ih_l0_reverse": [
            0.15967783331871033,
            0.5139758586883545,
            -0.23598690330982208,
            -0.26094210147857666,
            -0.5046563744544983,
            -0.042058877646923065,
            -0.2640267312526703,
            0.0931897908449173,
            -0.1107107549905777,
            0.20464207231998444,
            0.49687036871910095,
            0.1924266219139099,
        ],
        "lstm.bias_hh_l0_reverse": [
            -0.16351602971553802,
            -0.2479093074798584,
            -0.49962353706359863,
            0.4683341681957245,
            -0.1138608455657959,
            0.09812390804290771,
            0.030722109600901604,
            -0.2977241277694702,
            0.332631915807724,
            0.3365892469882965,
            0.026670079678297043,
            -0.30585163831710815,
        ],
        "emit.weight": {
            "shape": [5, 6],
            "norm": 1.4392582194274441,
            "head": [
                -0.029112009331583977,
                -0.16023586690425873,
                -0.24363037943840027,
                -0.29879331588745117,
                -0.0933728739619255,
                -0.3160557448863983,
            ],
        },
        "emit.bias": [
            -0.036266524344682693,
            0.05076322332024574,
            -0.4461499750614166,
            -0.08709381520748138,
            0.20854221284389496,
        ],
        "crf.transitions": {
            "shape": [5, 5],
            "norm": 29988.79437861594,
            "head": [
                -1.7813594341278076,
                2.2815306186676025,
                -0.4822428524494171,
                -9996.2646484375,
                0.09099099040031433,
                -1.7678347826004028,
            ],
        },
    },
    "loss": [0.4282369613647461],
}
# --- end of PyTorch's output ---


def test_bilstm_crf():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
