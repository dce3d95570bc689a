"""makemore part 3 (Karpathy, Zero to Hero): a character MLP with a hand-written BatchNorm,
then a deeper 'PyTorchified' one.

Source:
https://github.com/karpathy/nn-zero-to-hero/blob/master/lectures/makemore/makemore_part3_bn.ipynb

Ported as programs/makemore_bn.py: `torch.Generator().manual_seed(2147483647)`,
`torch.randn(..., generator=g)`, `torch.randint(0, n, (32,), generator=g)`, `C[Xb]`,
`emb.view(emb.shape[0], -1)`, `hpreact.mean(0, keepdim=True)`, `hpreact.std(0,
keepdim=True)` and `x.var(0, keepdim=True)` (unbiased), running statistics under
no_grad, `F.cross_entropy`, `p.grad = None`, `p.data += -lr * p.grad`, `loss.log10()`,
`@torch.no_grad()`, `layer.out.retain_grad()`, `gamma *= 0.1` under no_grad, `'%+.2f' %
t.mean()`, `(t.abs() > 0.97).float().mean()`, `torch.histogram`, `p.data.std()`,
`F.softmax`, `torch.multinomial(probs, num_samples=1, generator=g)`.

Compared with PyTorch: everything it prints (losses, split losses, activation and
gradient statistics, 20 sampled names, exactly), every 20th loss, the last
update-to-data ratios, the final parameters and the last histogram (200 names, 500 + 300
steps).

Tolerance: rtol 1e-4 (float32; measured 5e-7 on the printed numbers, 1e-5 on the
parameters after 800 steps).

Randomness: seeded (the lecture's `torch.Generator`s): equal since graphgrad draws
PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "makemore_bn"
ARGV = ""
RECORD = {"lossi": "lossi[::20]", "ud": "ud[-1]", "parameters": "parameters", "hy": "hy"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
['emma', 'olivia', 'ava', 'isabella', 'sophia', 'charlotte', 'mia', 'amelia']
200
{1: 'a', 2: 'b', 3: 'c', 4: 'd', 5: 'e', 6: 'f', 7: 'g', 8: 'h', 9: 'i', 10: 'j', 11: \
'k', 12: 'l', 13: 'm', 14: 'n', 15: 'o', 16: 'p', 17: 'q', 18: 'r', 19: 's', 20: 't', 21: \
'u', 22: 'v', 23: 'w', 24: 'x', 25: 'y', 26: 'z', 0: '.'}
27
torch.Size([1105, 3]) torch.Size([1105])
torch.Size([136, 3]) torch.Size([136])
torch.Size([129, 3]) torch.Size([129])
12097
      0/    500: 3.3029
train 2.039398193359375
val 2.7135562896728516
47024
      0/    300: 3.3060
layer 2 (      Tanh): mean -0.00, std 0.63, saturated: 2.94%
layer 5 (      Tanh): mean -0.00, std 0.64, saturated: 2.50%
layer 8 (      Tanh): mean -0.00, std 0.64, saturated: 2.56%
layer 11 (      Tanh): mean +0.00, std 0.64, saturated: 2.41%
layer 14 (      Tanh): mean -0.00, std 0.64, saturated: 2.56%
layer 2 (      Tanh): mean -0.000000, std 4.928818e-03
layer 5 (      Tanh): mean +0.000000, std 4.217711e-03
layer 8 (      Tanh): mean +0.000000, std 3.998382e-03
layer 11 (      Tanh): mean -0.000000, std 3.708820e-03
layer 14 (      Tanh): mean -0.000000, std 3.454923e-03
weight   (27, 10) | mean +0.000000 | std 1.297487e-02 | grad:data ratio 1.296407e-02
weight  (30, 100) | mean +0.000258 | std 1.869781e-02 | grad:data ratio 9.925308e-02
weight (100, 100) | mean +0.000147 | std 1.589719e-02 | grad:data ratio 1.566650e-01
weight (100, 100) | mean -0.000181 | std 1.434609e-02 | grad:data ratio 1.405399e-01
weight (100, 100) | mean +0.000028 | std 1.279058e-02 | grad:data ratio 1.259924e-01
weight (100, 100) | mean +0.000154 | std 1.188998e-02 | grad:data ratio 1.172276e-01
weight  (100, 27) | mean -0.000317 | std 2.156883e-02 | grad:data ratio 2.111715e-01
train 2.029897928237915
val 2.653916597366333
carpaixqtonh.
vihkemrr.
han.
cannaa.
saejerontofipery.
charqeiu.
eleanthchaiiv.
eslegeph.
lma.
santqhan.
hanlilea.
vianqian.
ella.
jaryxixfk.
euliardile.
decoia.
gtleley.
fr.
hapae.
ova.
"""
PYTORCH = {
    "lossi": [
        0.5192970037460327,
        0.4972166121006012,
        0.47183579206466675,
        0.47217538952827454,
        0.45481258630752563,
        0.4249342083930969,
        0.44028782844543457,
        0.39490771293640137,
        0.39845311641693115,
        0.4219458997249603,
        0.3756769895553589,
        0.3346775770187378,
        0.3879375457763672,
        0.3606182634830475,
        0.3529894948005676,
    ],
    "ud": {
        "shape": [19],
        "norm": 7.307693068085069,
        "head": [
            -2.887258768081665,
            -2.00325608253479,
            -1.178004503250122,
            -1.2020806074142456,
            -1.8050280809402466,
            -1.0933116674423218,
        ],
    },
    "parameters": {
        "0": {
            "shape": [27, 10],
            "norm": 16.41795130330163,
            "head": [
                1.6243085861206055,
                -0.22617562115192413,
                0.002622211817651987,
                -1.1044672727584839,
                0.3308525085449219,
                0.008585152216255665,
            ],
        },
        "1": {
            "shape": [30, 100],
            "norm": 10.318373351907635,
            "head": [
                -0.23364073038101196,
                0.030017010867595673,
                -0.3444736897945404,
                0.15932375192642212,
                -0.22317729890346527,
                0.12219373881816864,
            ],
        },
        "2": {
            "shape": [100],
            "norm": 10.041941405272148,
            "head": [
                1.0057331323623657,
                1.0218286514282227,
                1.018540859222412,
                1.0045626163482666,
                1.0094358921051025,
                1.0009454488754272,
            ],
        },
        "3": {
            "shape": [100],
            "norm": 0.13216772804271956,
            "head": [
                -0.001557832001708448,
                -0.0039096106775105,
                0.006228906102478504,
                -0.011412429623305798,
                -0.0032914888579398394,
                -3.6475626984611154e-05,
            ],
        },
        "4": {
            "shape": [100, 100],
            "norm": 10.1468080301871,
            "head": [
                0.04831678420305252,
                0.19365046918392181,
                -0.06681129336357117,
                0.033749524503946304,
                0.10829862207174301,
                -0.15081174671649933,
            ],
        },
        "5": {
            "shape": [100],
            "norm": 10.063761164017427,
            "head": [
                1.007544755935669,
                1.0151313543319702,
                1.0135780572891235,
                1.008346438407898,
                1.0111241340637207,
                0.9986412525177002,
            ],
        },
        "6": {
            "shape": [100],
            "norm": 0.14842815999440054,
            "head": [
                0.004665634129196405,
                -0.026626450940966606,
                0.019014641642570496,
                -0.009617957286536694,
                -0.0022434163838624954,
                -0.016797339543700218,
            ],
        },
        "7": {
            "shape": [100, 100],
            "norm": 10.207511492858321,
            "head": [
                0.04553251713514328,
                -0.10665106773376465,
                0.08939726650714874,
                -0.13272610306739807,
                -0.030387552455067635,
                0.034724656492471695,
            ],
        },
        "8": {
            "shape": [100],
            "norm": 10.060841925098579,
            "head": [
                1.0104117393493652,
                1.020696997642517,
                1.0122565031051636,
                1.0067819356918335,
                1.0080360174179077,
                0.9974406957626343,
            ],
        },
        "9": {
            "shape": [100],
            "norm": 0.12214228132375866,
            "head": [
                0.0035630937200039625,
                0.01331166923046112,
                -0.0002514829975552857,
                0.0012112802360206842,
                0.018159881234169006,
                -0.01178102195262909,
            ],
        },
        "10": {
            "shape": [100, 100],
            "norm": 10.153728583091032,
            "head": [
                -0.07866574078798294,
                -0.08142028003931046,
                0.16497176885604858,
                0.07553394883871078,
                0.07178156822919846,
                0.00244659511372447,
            ],
        },
        "11": {
            "shape": [100],
            "norm": 10.067533466353794,
            "head": [
                1.0105403661727905,
                1.0016990900039673,
                1.010276198387146,
                1.0131118297576904,
                1.0052757263183594,
                1.0020911693572998,
            ],
        },
        "12": {
            "shape": [100],
            "norm": 0.13156050436043243,
            "head": [
                -0.007290733978152275,
                0.0025819665752351284,
                0.0005291446577757597,
                -0.022375941276550293,
                -0.01339596789330244,
                0.0365845263004303,
            ],
        },
        "13": {
            "shape": [100, 100],
            "norm": 10.142160069764556,
            "head": [
                -0.054625801742076874,
                -0.0391719751060009,
                0.07330172508955002,
                -0.0634390115737915,
                0.10857663303613663,
                -0.13199225068092346,
            ],
        },
        "14": {
            "shape": [100],
            "norm": 10.050931910582152,
            "head": [
                1.011492371559143,
                1.0055772066116333,
                1.0056796073913574,
                1.0080784559249878,
                1.0041260719299316,
                1.0065737962722778,
            ],
        },
        "15": {
            "shape": [100],
            "norm": 0.09701595740512572,
            "head": [
                -0.0015744148986414075,
                0.020098697394132614,
                -0.005738002248108387,
                0.006426803767681122,
                0.008258526213467121,
                0.007992018014192581,
            ],
        },
        "16": {
            "shape": [100, 27],
            "norm": 5.306314924982143,
            "head": [
                -0.07836955040693283,
                0.20772460103034973,
                -0.04004012048244476,
                0.1058930903673172,
                0.01286327838897705,
                0.08185388147830963,
            ],
        },
        "17": {
            "shape": [27],
            "norm": 3.78889477387011,
            "head": [
                1.828847885131836,
                1.2183111906051636,
                0.029874859377741814,
                0.4098166525363922,
                0.4919959604740143,
                0.9885793924331665,
            ],
        },
        "18": {
            "shape": [27],
            "norm": 2.7171988809181675,
            "head": [
                0.8302173614501953,
                1.3419030904769897,
                -0.3048143982887268,
                -0.23805531859397888,
                -0.17130333185195923,
                0.9660784006118774,
            ],
        },
    },
    "hy": {
        "shape": [100],
        "norm": 210.01660027964058,
        "head": [0.1531837433576584, 0.1531837433576584, 0.0, 0.1531837433576584, 0.0, 0.0],
    },
}
# --- end of PyTorch's output ---


def test_makemore_bn():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-4)
    assert got.stdout.splitlines()[-20:] == PYTORCH_STDOUT.splitlines()[-20:]  # the names
    assert_values(got.values, PYTORCH, rtol=1e-4)
