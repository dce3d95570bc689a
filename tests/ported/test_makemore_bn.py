"""A character-level name model with batch normalisation: an MLP whose batch norm is
written out with tensors, then a deeper stack of hand-made layer classes with the
activation, gradient and update statistics one inspects while training.

In the manner of makemore's batch-normalisation lecture (Zero to Hero, part 3).

programs/makemore_bn.py exercises: `torch.Generator().manual_seed(...)`,
`torch.randn(..., generator=g)`, `torch.randint(0, n, (32,), generator=g)`, `C[Xb]`,
`emb.view(emb.shape[0], -1)`, `pre.mean(0, keepdim=True)`, `pre.std(0, keepdim=True)`
and `x.var(0, keepdim=True)` (unbiased), running statistics under no_grad,
`F.cross_entropy`, `p.grad = None`, `p.data += -lr * p.grad`, `loss.log10()`,
`@torch.no_grad()`, `layer.out.retain_grad()`, `gamma *= 0.1` under no_grad, `'%+.2f' %
t.mean()`, `(t.abs() > 0.97).float().mean()`, `torch.histogram(..., density=True)`,
`p.data.std()`, `F.softmax`, `torch.multinomial(probs, num_samples=1, generator=g)`.

Compared with PyTorch: everything it prints (losses, split losses, activation and
gradient statistics, 15 sampled names, exactly), every 20th loss of both models, the last
update-to-data ratios, the final parameters and the histogram (200 names, 400 + 250
steps).

Tolerance: rtol 1e-4 (float32; the printed numbers and the parameters after 650 steps).

Randomness: seeded (the program's `torch.Generator`s): equal since graphgrad draws
PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "makemore_bn"
ARGV = ""
RECORD = {
    "losses1": "losses1[::20]",
    "losses2": "losses2[::20]",
    "ud": "ud[-1]",
    "parameters": "parameters",
    "hy": "hy",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
200 names, e.g. ['emma', 'olivia', 'ava', 'isabella']
vocabulary 27 .abcdefghijklmnopqrstuvwxyz
torch.Size([1099, 4]) torch.Size([1099])
torch.Size([139, 4]) torch.Size([139])
torch.Size([132, 4]) torch.Size([132])
part 1 parameters: 4147
step    0/400: loss 3.3037
step  100/400: loss 2.4623
step  200/400: loss 2.4156
step  300/400: loss 2.1310
part 1 train 2.2474262714385986
part 1 dev 2.333009958267212
part 2 parameters: 10398
step    0/250: loss 3.3117
step  100/250: loss 2.9693
step  200/250: loss 2.4461
tanh activations:
  after layer 2: mean -0.00, std 0.63, saturated 3.12%
  after layer 5: mean -0.00, std 0.64, saturated 2.15%
  after layer 8: mean +0.00, std 0.64, saturated 1.89%
  after layer 11: mean -0.01, std 0.64, saturated 1.82%
gradients at the tanh outputs:
  after layer 2: mean -0.000000, std 5.575588e-03
  after layer 5: mean -0.000000, std 5.020388e-03
  after layer 8: mean +0.000000, std 4.409969e-03
  after layer 11: mean -0.000000, std 3.936633e-03
weights:
  (27, 8)    mean -0.000000 std 9.484867e-03 grad/data 9.183167e-03
  (32, 48)   mean +0.000559 std 1.212363e-02 grad/data 4.068586e-02
  (48, 48)   mean +0.000068 std 1.109699e-02 grad/data 4.548382e-02
  (48, 48)   mean +0.000012 std 9.910460e-03 grad/data 4.141211e-02
  (48, 48)   mean +0.000047 std 8.670336e-03 grad/data 3.546536e-02
  (48, 27)   mean -0.000138 std 1.196984e-02 grad/data 5.041704e-02
first tanh histogram (density): [0.7161, 0.5176, 0.5143, 0.3711, 0.3743, 0.4199, 0.3548, \
0.4362, 0.6445, 0.651]
part 2 train 2.5037002563476562
part 2 dev 2.632511615753174
ennfeyr
iyiu
eildbga

xoljoieg
xanla
dlymrwinv
ydeasnnea
aueia
hchiiz
dqjh
bkxwen
pov
ev
trel
"""
PYTORCH = {
    "losses1": {
        "shape": [20],
        "norm": 1.7770761605205547,
        "head": [
            0.5189955830574036,
            0.4889313876628876,
            0.48553118109703064,
            0.4242365062236786,
            0.3921460807323456,
            0.391333669424057,
        ],
    },
    "losses2": [
        0.5200470685958862,
        0.5005176067352295,
        0.4682168960571289,
        0.4720446467399597,
        0.47543859481811523,
        0.47265297174453735,
        0.4218718111515045,
        0.445296049118042,
        0.37662622332572937,
        0.42481154203414917,
        0.38847869634628296,
        0.4062469005584717,
        0.42435240745544434,
    ],
    "ud": [
        -3.0370075702667236,
        -2.390556573867798,
        -1.4034922122955322,
        -1.3192139863967896,
        -2.3421430587768555,
        -1.2285865545272827,
        -1.4822030067443848,
        -2.3828725814819336,
        -1.295913577079773,
        -1.4298245906829834,
        -2.450195550918579,
        -1.2769256830215454,
        -1.4710661172866821,
        -2.2974226474761963,
        -1.9923523664474487,
        -2.1028976440429688,
    ],
    "parameters": {
        "0": {
            "shape": [27, 8],
            "norm": 15.149447186491228,
            "head": [
                1.2219146490097046,
                -0.07547339797019958,
                1.1147385835647583,
                -0.47942179441452026,
                3.073821783065796,
                0.8677347898483276,
            ],
        },
        "1": {
            "shape": [32, 48],
            "norm": 11.681112535858919,
            "head": [
                0.015060647390782833,
                -0.524368166923523,
                -0.5078339576721191,
                -0.005961806979030371,
                -0.45109108090400696,
                -0.013738084584474564,
            ],
        },
        "2": {
            "shape": [48],
            "norm": 6.936839014434663,
            "head": [
                0.9788656830787659,
                1.0140621662139893,
                0.9842648506164551,
                1.0399335622787476,
                0.9651229977607727,
                1.0186725854873657,
            ],
        },
        "3": {
            "shape": [48],
            "norm": 0.13910516953061627,
            "head": [
                -0.015094123780727386,
                -0.01726546511054039,
                -0.01844470202922821,
                0.020831823348999023,
                -0.04537277668714523,
                -0.009137600660324097,
            ],
        },
        "4": {
            "shape": [48, 48],
            "norm": 11.710400740142864,
            "head": [
                -0.21487192809581757,
                -0.1241544783115387,
                0.023811526596546173,
                0.4021587073802948,
                0.14833590388298035,
                -0.24551889300346375,
            ],
        },
        "5": {
            "shape": [48],
            "norm": 6.922010759176517,
            "head": [
                0.9891237616539001,
                1.002245306968689,
                0.9673541188240051,
                0.9991673827171326,
                1.0132253170013428,
                0.9865056872367859,
            ],
        },
        "6": {
            "shape": [48],
            "norm": 0.14557165202799638,
            "head": [
                0.01397597324103117,
                0.008474969305098057,
                0.013508361764252186,
                -0.009057654067873955,
                -0.0029586078599095345,
                -0.029803654178977013,
            ],
        },
        "7": {
            "shape": [48, 48],
            "norm": 11.485719881823526,
            "head": [
                0.1542389690876007,
                -0.05474502220749855,
                -0.32914894819259644,
                -0.3306114375591278,
                -0.2368389219045639,
                0.2492288202047348,
            ],
        },
        "8": {
            "shape": [48],
            "norm": 6.939713837235581,
            "head": [
                1.0035381317138672,
                1.006758213043213,
                0.9881883859634399,
                1.0005806684494019,
                0.9955080151557922,
                0.9881139397621155,
            ],
        },
        "9": {
            "shape": [48],
            "norm": 0.13424221020160018,
            "head": [
                -0.0586099810898304,
                -0.018698714673519135,
                0.02494865655899048,
                0.02337896265089512,
                0.04916844144463539,
                -0.0067537277936935425,
            ],
        },
        "10": {
            "shape": [48, 48],
            "norm": 11.732848714779248,
            "head": [
                0.32491233944892883,
                0.18503524363040924,
                -0.22387225925922394,
                0.017191467806696892,
                0.4389442801475525,
                0.046932075172662735,
            ],
        },
        "11": {
            "shape": [48],
            "norm": 6.941115593376866,
            "head": [
                0.9996689558029175,
                1.0003352165222168,
                0.9918236136436462,
                0.996283233165741,
                1.0190454721450806,
                0.9731593728065491,
            ],
        },
        "12": {
            "shape": [48],
            "norm": 0.12244793602320464,
            "head": [
                -0.00019201388931833208,
                -0.01490603294223547,
                -0.0019305258756503463,
                -0.03600004315376282,
                -0.012669187039136887,
                -0.0016026002122089267,
            ],
        },
        "13": {
            "shape": [48, 27],
            "norm": 8.546825691366742,
            "head": [
                0.07207653671503067,
                0.020709941163659096,
                0.267193078994751,
                0.18194755911827087,
                -0.27606889605522156,
                0.1176699623465538,
            ],
        },
        "14": {
            "shape": [27],
            "norm": 2.4071635242016947,
            "head": [
                1.642006754875183,
                0.7438716292381287,
                -0.04940970987081528,
                -0.0831589549779892,
                0.0676969513297081,
                0.5272881984710693,
            ],
        },
        "15": {
            "shape": [27],
            "norm": 2.6125899658375267,
            "head": [
                0.9343999028205872,
                1.228137493133545,
                -0.32369378209114075,
                -0.13935743272304535,
                -0.21618257462978363,
                0.9140933156013489,
            ],
        },
    },
    "hy": [
        0.7161458730697632,
        0.5175781846046448,
        0.514322817325592,
        0.3710937798023224,
        0.3743489980697632,
        0.419921875,
        0.3548177182674408,
        0.43619781732559204,
        0.6445313096046448,
        0.6510416865348816,
    ],
}
# --- end of PyTorch's output ---


def test_makemore_bn():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-4)
    assert got.stdout.splitlines()[-15:] == PYTORCH_STDOUT.splitlines()[-15:]  # the names
    assert_values(got.values, PYTORCH, rtol=1e-4)
