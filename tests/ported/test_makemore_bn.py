"""A character-level name model with batch normalisation: an MLP whose batch norm is
written out with tensors, then a deeper stack of hand-made layer classes with the
activation, gradient and update statistics one inspects while training.

In the manner of makemore's batch-normalisation lecture (Zero to Hero, part 3).

programs/makemore_bn.py exercises: `torch.Generator().manual_seed(...)`,
`torch.randn(..., generator=g)`, `torch.randint(0, n, (32,), generator=g)`, `C[Xb]`,
`emb.view(emb.shape[0], -1)`, `pre.mean(0, keepdim=True)`, `pre.std(0, keepdim=True)`
and `x.var(0, keepdim=True)` (unbiased), running statistics updated in place
(`mul_(0.99).add_(mu, alpha=0.01)`) under no_grad,
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
step    0/400: loss 3.3090
step  100/400: loss 2.8673
step  200/400: loss 2.0864
step  300/400: loss 2.1839
part 1 train 2.24711275100708
part 1 dev 2.332731246948242
part 2 parameters: 10398
step    0/250: loss 3.3117
step  100/250: loss 2.9564
step  200/250: loss 2.4155
tanh activations (mean, std, share beyond +-0.97):
  #2  -0.00 0.63  2.99%
  #5  +0.00 0.64  1.95%
  #8  +0.00 0.65  1.76%
  #11 -0.01 0.64  1.89%
their gradients (mean, std):
  #2  -0.000000 5.532321e-03
  #5  -0.000000 4.995021e-03
  #8  +0.000000 4.342099e-03
  #11 -0.000000 3.817878e-03
weights:
  (27, 8)    mean -0.000000 std 9.348880e-03 grad/data 9.051481e-03
  (32, 48)   mean +0.000704 std 1.202306e-02 grad/data 4.034513e-02
  (48, 48)   mean +0.000117 std 1.104326e-02 grad/data 4.526015e-02
  (48, 48)   mean -0.000032 std 9.624671e-03 grad/data 4.021571e-02
  (48, 48)   mean +0.000078 std 8.235091e-03 grad/data 3.368504e-02
  (48, 27)   mean -0.000336 std 1.849510e-02 grad/data 1.288514e-01
first tanh histogram (density): [0.7129, 0.5143, 0.5208, 0.3711, 0.3711, 0.4199, 0.3483, \
0.446, 0.6315, 0.6641]
part 2 train 2.47654128074646
part 2 dev 2.598839521408081
ennfeyr
iyiu
eildbga

xoljoicg
xanla
dlymrwinv
ydeasnnea
aueia
hchiiz
jojn
bkxwen
pov
ev
trel
"""
PYTORCH = {
    "losses1": {
        "shape": [20],
        "norm": 1.8106575797493267,
        "head": [
            0.5196954011917114,
            0.4650707244873047,
            0.45467013120651245,
            0.42884474992752075,
            0.4592052102088928,
            0.45746713876724243,
        ],
    },
    "losses2": [
        0.5200470089912415,
        0.49956026673316956,
        0.4675408601760864,
        0.47055673599243164,
        0.47394195199012756,
        0.4707619547843933,
        0.4182370603084564,
        0.4421907663345337,
        0.36945831775665283,
        0.42413267493247986,
        0.38301509618759155,
        0.40325596928596497,
        0.42245858907699585,
    ],
    "ud": [
        -3.0432803630828857,
        -2.3942089080810547,
        -1.3957003355026245,
        -1.3288687467575073,
        -2.3442840576171875,
        -1.1840769052505493,
        -1.4588149785995483,
        -2.395604372024536,
        -1.3116856813430786,
        -1.4479087591171265,
        -2.472562789916992,
        -1.241917610168457,
        -1.444154143333435,
        -1.8899109363555908,
        -2.0144729614257812,
        -2.096994400024414,
    ],
    "parameters": {
        "0": {
            "shape": [27, 8],
            "norm": 15.149489990240339,
            "head": [
                1.2287544012069702,
                -0.07866378873586655,
                1.1068048477172852,
                -0.48353111743927,
                3.0843114852905273,
                0.8556388020515442,
            ],
        },
        "1": {
            "shape": [32, 48],
            "norm": 11.682151245395577,
            "head": [
                0.009334849193692207,
                -0.5250945687294006,
                -0.5078613758087158,
                -0.003987683914601803,
                -0.44470417499542236,
                -0.014472623355686665,
            ],
        },
        "2": {
            "shape": [48],
            "norm": 6.941451378560849,
            "head": [
                0.9791915416717529,
                1.006850004196167,
                0.9814761877059937,
                1.0389831066131592,
                0.9682278633117676,
                1.0199739933013916,
            ],
        },
        "3": {
            "shape": [48],
            "norm": 0.13925435586414078,
            "head": [
                -0.01460763718932867,
                -0.010876383632421494,
                -0.01918528787791729,
                0.019595779478549957,
                -0.05043917894363403,
                -0.009434862062335014,
            ],
        },
        "4": {
            "shape": [48, 48],
            "norm": 11.711280919807677,
            "head": [
                -0.21385300159454346,
                -0.12319383025169373,
                0.024690702557563782,
                0.40598064661026,
                0.14332619309425354,
                -0.25292858481407166,
            ],
        },
        "5": {
            "shape": [48],
            "norm": 6.924213830808493,
            "head": [
                0.9919934868812561,
                1.003637433052063,
                0.9670467972755432,
                0.9997054934501648,
                1.0118211507797241,
                0.9914395809173584,
            ],
        },
        "6": {
            "shape": [48],
            "norm": 0.14473545736966265,
            "head": [
                0.010548586957156658,
                0.008729550987482071,
                0.0149361127987504,
                -0.007772388868033886,
                -0.001296925824135542,
                -0.02522735670208931,
            ],
        },
        "7": {
            "shape": [48, 48],
            "norm": 11.486295441743152,
            "head": [
                0.1539289653301239,
                -0.05084970220923424,
                -0.3232251703739166,
                -0.33018994331359863,
                -0.2361777126789093,
                0.2570699453353882,
            ],
        },
        "8": {
            "shape": [48],
            "norm": 6.942410182258803,
            "head": [
                1.007188320159912,
                1.0086361169815063,
                0.9944920539855957,
                0.9987303018569946,
                0.9990770220756531,
                0.9911767840385437,
            ],
        },
        "9": {
            "shape": [48],
            "norm": 0.13582705842227347,
            "head": [
                -0.056981559842824936,
                -0.023001890629529953,
                0.03428838029503822,
                0.027665261179208755,
                0.04070369154214859,
                -0.00784920621663332,
            ],
        },
        "10": {
            "shape": [48, 48],
            "norm": 11.73279119569652,
            "head": [
                0.3160497844219208,
                0.18183818459510803,
                -0.22528547048568726,
                0.01771029271185398,
                0.44227224588394165,
                0.045259375125169754,
            ],
        },
        "11": {
            "shape": [48],
            "norm": 6.94258426775512,
            "head": [
                0.9990823864936829,
                0.9994530081748962,
                0.9910605549812317,
                0.9951155185699463,
                1.0156656503677368,
                0.9748883247375488,
            ],
        },
        "12": {
            "shape": [48],
            "norm": 0.11818430296449484,
            "head": [
                -0.0013275113888084888,
                -0.013696803711354733,
                -0.0035393175203353167,
                -0.031727343797683716,
                -0.004715307150036097,
                -0.012548957020044327,
            ],
        },
        "13": {
            "shape": [48, 27],
            "norm": 5.167221227567987,
            "head": [
                0.0842534750699997,
                0.06083739176392555,
                0.15954670310020447,
                0.1080147996544838,
                -0.16258235275745392,
                0.04153180867433548,
            ],
        },
        "14": {
            "shape": [27],
            "norm": 2.500455197017216,
            "head": [
                1.6493514776229858,
                0.8005521297454834,
                -0.041613318026065826,
                -0.07515069097280502,
                0.07583720237016678,
                0.5935501456260681,
            ],
        },
        "15": {
            "shape": [27],
            "norm": 2.599700486279866,
            "head": [
                0.937576949596405,
                1.209606647491455,
                -0.32155880331993103,
                -0.13660010695457458,
                -0.21430054306983948,
                0.912074625492096,
            ],
        },
    },
    "hy": [
        0.7128906846046448,
        0.5143229365348816,
        0.5208331942558289,
        0.3710937798023224,
        0.3710938096046448,
        0.419921875,
        0.3483073115348816,
        0.44596344232559204,
        0.6315104365348816,
        0.6640625596046448,
    ],
}
# --- end of PyTorch's output ---


def test_makemore_bn():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-4)
    assert got.stdout.splitlines()[-15:] == PYTORCH_STDOUT.splitlines()[-15:]  # the names
    assert_values(got.values, PYTORCH, rtol=1e-4)
