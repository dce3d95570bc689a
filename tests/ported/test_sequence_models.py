"""Sequence models: stepping an LSTM by hand, and an LSTM part-of-speech tagger.

programs/sequence_models.py, in the manner of the PyTorch tutorials' "Sequence Models
and Long Short-Term Memory Networks" (Deep Learning for NLP): `nn.LSTM(4, 3)` stepped
one element at a time with a `(h, c)` tuple and over a whole `torch.cat(...).view(len,
1, -1)` sequence, printing the output and the `(h, c)` tuple; an `nn.Embedding` +
`nn.LSTM` + `nn.Linear` tagger with `F.log_softmax`, `nn.NLLLoss`, `optim.SGD(lr=0.1)`,
450 single-sentence steps, scores under `no_grad` before and after.

Compared with PyTorch: everything it prints (the LSTM's outputs and state, the
vocabulary, the tag scores before and after training, the losses) and the trained
weights.

Tolerance: rtol 1e-5 (float32; the scores print 4 decimals; the weights after 450 SGD
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
tensor([[[0.0858, 0.0155, 0.0158]]], grad_fn=<MkldnnRnnLayerBackward0>)
(tensor([[[0.0858, 0.0155, 0.0158]]], grad_fn=<StackBackward0>), tensor([[[0.3520, \
0.0586, 0.0270]]], grad_fn=<StackBackward0>))
tensor([[[-0.2208,  0.1862,  0.0057]],

        [[-0.2835, -0.0987,  0.1233]],

        [[-0.0406,  0.0028, -0.0199]],

        [[ 0.0398,  0.0693, -0.0760]]], grad_fn=<MkldnnRnnLayerBackward0>)
(tensor([[[ 0.0398,  0.0693, -0.0760]]], grad_fn=<StackBackward0>), tensor([[[ 0.1621,  \
0.2359, -0.1262]]], grad_fn=<StackBackward0>))
{'birds': 0, 'sing': 1, 'loud': 2, 'songs': 3, 'old': 4, 'dogs': 5, 'sleep': 6, 'cats': \
7, 'chase': 8, 'small': 9}
tensor([[-1.2877, -1.0847, -0.9517],
        [-1.2197, -1.0109, -1.0765],
        [-1.2372, -1.0706, -1.0024],
        [-1.3862, -1.0820, -0.8890]])
epoch 50: last loss 0.984451
epoch 100: last loss 0.597766
epoch 150: last loss 0.204946
tensor([[-0.0801, -2.9639, -3.6735],
        [-2.5550, -0.1026, -3.9201],
        [-2.4812, -3.5946, -0.1178],
        [-0.1166, -2.9401, -2.8618]])
tensor([0, 1, 2, 0])
"""
PYTORCH = {
    "weights": {
        "embed.weight": {
            "shape": [10, 5],
            "norm": 7.757154464920512,
            "head": [
                -0.6393625140190125,
                -1.203334927558899,
                1.217394232749939,
                1.2427995204925537,
                0.261704683303833,
                -0.9760776162147522,
            ],
        },
        "lstm.weight_ih_l0": {
            "shape": [16, 5],
            "norm": 4.04766686894695,
            "head": [
                -0.17311421036720276,
                -0.553796112537384,
                0.6353093385696411,
                -0.43098410964012146,
                0.2218921035528183,
                0.19441090524196625,
            ],
        },
        "lstm.weight_hh_l0": {
            "shape": [16, 4],
            "norm": 2.4533282003182535,
            "head": [
                0.050968289375305176,
                -0.1809179037809372,
                -0.426731675863266,
                -0.11110326647758484,
                0.3398243486881256,
                -0.4912666976451874,
            ],
        },
        "lstm.bias_ih_l0": [
            0.627561628818512,
            0.3459739089012146,
            0.568688154220581,
            0.6281018257141113,
            0.054755110293626785,
            -0.2227373868227005,
            -0.610224723815918,
            -0.342037558555603,
            0.5618228912353516,
            -0.19971638917922974,
            0.07621090859174728,
            0.573923647403717,
            0.705146312713623,
            0.48729032278060913,
            0.8050985336303711,
            0.09688123315572739,
        ],
        "lstm.bias_hh_l0": [
            0.5104253888130188,
            0.6273388862609863,
            0.8246915936470032,
            -0.057495877146720886,
            0.30060967803001404,
            -0.2748250961303711,
            -0.11894045025110245,
            0.203342005610466,
            0.6239617466926575,
            0.21779069304466248,
            0.14441008865833282,
            0.6045752167701721,
            0.53078693151474,
            -0.03780291974544525,
            0.7994657754898071,
            -0.1983899027109146,
        ],
        "to_tags.weight": [
            [1.666180968284607, -1.0860600471496582, 0.8579254150390625, 0.5894064903259277],
            [-1.974972128868103, -0.06799405813217163, 1.3683390617370605, -1.3920255899429321],
            [0.14761869609355927, 1.2518550157546997, -2.078357696533203, 0.8023086786270142],
        ],
        "to_tags.bias": [-0.7611382603645325, 0.21269655227661133, -0.3631674349308014],
    },
    "tag_scores": [
        [-0.08013418316841125, -2.9638583660125732, -3.673471212387085],
        [-2.5550246238708496, -0.10261902213096619, -3.9201090335845947],
        [-2.4812235832214355, -3.594576597213745, -0.11778536438941956],
        [-0.11656127125024796, -2.9400923252105713, -2.86183762550354],
    ],
}
# --- end of PyTorch's output ---


def test_sequence_models():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
