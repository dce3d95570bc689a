"""A DCGAN: a generator of transposed convolutions against a discriminator of strided
convolutions, trained adversarially on synthetic face-like images.

programs/dcgan_faces.py, in the manner of the PyTorch tutorials' "DCGAN Tutorial":
`import torch.nn.parallel`, `import torch.utils.data`,
`torch.use_deterministic_algorithms(True)`, `nn.ConvTranspose2d` and `nn.Conv2d` without
bias, `nn.BatchNorm2d`, `nn.ReLU(True)`, `nn.LeakyReLU(0.2, inplace=True)`, `nn.Tanh`,
`nn.Sigmoid`, `netG.apply(init)` choosing layers by `m.__class__.__name__` and
re-drawing them with `nn.init.normal_(m.weight.data, ...)`/`nn.init.constant_`,
`nn.BCELoss`, `torch.full((b,), 1.0, dtype=torch.float)`, `label.fill_`, gradients of the
real and fake batches accumulated before `optD.step()`, `fake.detach()`, two
`optim.Adam(betas=(0.5, 0.999))`, the generator under `no_grad`.

Compared with PyTorch: what it prints (the two module trees and each batch's losses and
discriminator outputs), the loss histories, both networks' weights and the generator's
images from the fixed noise (64 synthetic 32x32 images, 4 batches of 16, 8 base
channels).

Tolerance: rtol 1e-5 throughout (float32; measured 4e-6 at most, on a batch-norm shift
of the generator, 1e-7 elsewhere). Adam's first steps are lr times the sign of each
gradient, so a weight whose gradient is at rounding level (a float32 sum of cancelling
terms) could step the other way in one library; in this run none does.

Randomness: seeded by the program (`torch.manual_seed(5)`; the initialisation and its
re-draw by the init function, the loader's shuffle, the noise; the images come from a
seeded numpy generator): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

import autograd

PROGRAM = "dcgan_faces"
ARGV = ""
RECORD = {
    "G_losses": "G_losses",
    "D_losses": "D_losses",
    "netG": "netG.state_dict()",
    "netD": "netD.state_dict()",
    "fake": "fake",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Generator(
  (net): Sequential(
    (0): ConvTranspose2d(16, 32, kernel_size=(4, 4), stride=(1, 1), bias=False)
    (1): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (2): ReLU(inplace=True)
    (3): ConvTranspose2d(32, 16, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (4): BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (5): ReLU(inplace=True)
    (6): ConvTranspose2d(16, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (7): BatchNorm2d(8, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (8): ReLU(inplace=True)
    (9): ConvTranspose2d(8, 3, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), \
bias=False)
    (10): Tanh()
  )
)
Discriminator(
  (net): Sequential(
    (0): Conv2d(3, 8, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (1): LeakyReLU(negative_slope=0.2, inplace=True)
    (2): Conv2d(8, 16, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (3): BatchNorm2d(16, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (4): LeakyReLU(negative_slope=0.2, inplace=True)
    (5): Conv2d(16, 32, kernel_size=(4, 4), stride=(2, 2), padding=(1, 1), bias=False)
    (6): BatchNorm2d(32, eps=1e-05, momentum=0.1, affine=True, bias=True, \
track_running_stats=True)
    (7): LeakyReLU(negative_slope=0.2, inplace=True)
    (8): Conv2d(32, 1, kernel_size=(4, 4), stride=(1, 1), bias=False)
    (9): Sigmoid()
  )
)
[0/1][0/4] loss_D 1.4748 loss_G 0.7055 D(x) 0.4910 D(G(z)) 0.5292 / 0.4960
[0/1][1/4] loss_D 1.4187 loss_G 0.7161 D(x) 0.5163 D(G(z)) 0.5249 / 0.4925
[0/1][2/4] loss_D 1.4307 loss_G 0.7347 D(x) 0.5050 D(G(z)) 0.5182 / 0.4871
[0/1][3/4] loss_D 1.3585 loss_G 0.7696 D(x) 0.5187 D(G(z)) 0.4985 / 0.4666
samples (8, 3, 32, 32) in [-0.4601, 0.4778]
"""
PYTORCH = {
    "G_losses": [0.7055021524429321, 0.7160900831222534, 0.7346857190132141, 0.7695685625076294],
    "D_losses": [1.4748454093933105, 1.4186878204345703, 1.4306657314300537, 1.3585025072097778],
    "netG": {
        "net.0.weight": {
            "shape": [16, 32, 4, 4],
            "norm": 1.824032329456497,
            "head": [
                0.03646736219525337,
                0.016483809798955917,
                0.016564106568694115,
                -0.014554815366864204,
                -0.019541485235095024,
                -0.00041524411062709987,
            ],
        },
        "net.1.weight": {
            "shape": [32],
            "norm": 5.648450616726408,
            "head": [
                0.9461029767990112,
                1.007994294166565,
                1.007919192314148,
                0.9990289807319641,
                1.0231642723083496,
                0.998435378074646,
            ],
        },
        "net.1.bias": {
            "shape": [32],
            "norm": 0.0029960406697167315,
            "head": [
                -0.00040939380414783955,
                0.000665533181745559,
                0.0004762562457472086,
                2.8384456527419388e-05,
                -0.000580819440074265,
                -0.00027645472437143326,
            ],
        },
        "net.1.running_mean": {
            "shape": [32],
            "norm": 0.0070576890987809745,
            "head": [
                -0.0014602096052840352,
                -0.00026849110145121813,
                0.000752339547034353,
                0.0017370928544551134,
                0.0013109995052218437,
                0.00031862460309639573,
            ],
        },
        "net.1.running_var": {
            "shape": [32],
            "norm": 3.356488158747615,
            "head": [
                0.5934655666351318,
                0.5930604934692383,
                0.5932585000991821,
                0.5933482646942139,
                0.5929269194602966,
                0.5933536291122437,
            ],
        },
        "net.1.num_batches_tracked": 5,
        "net.3.weight": {
            "shape": [32, 16, 4, 4],
            "norm": 1.8335517480249948,
            "head": [
                -0.006723731756210327,
                -0.05072949081659317,
                0.023381048813462257,
                0.03261973336338997,
                -0.01655876263976097,
                -0.03405335918068886,
            ],
        },
        "net.4.weight": [
            0.951678991317749,
            1.0105704069137573,
            0.9936586022377014,
            1.0229759216308594,
            1.0171067714691162,
            0.9846723675727844,
            0.9849357008934021,
            1.0002371072769165,
            1.036177635192871,
            0.995931088924408,
            0.9555837512016296,
            1.0107061862945557,
            1.0178077220916748,
            0.9964714050292969,
            1.0289558172225952,
            0.9850999116897583,
        ],
        "net.4.bias": [
            -0.0007024264195933938,
            -0.0004191835760138929,
            -0.00010509638377698138,
            -0.0005246438668109477,
            0.00014465507410932332,
            0.0008152361260727048,
            -0.0005079962429590523,
            0.0006734889466315508,
            -0.00032046635169535875,
            -0.0006569551769644022,
            0.0004714422975666821,
            0.0003562650235835463,
            -0.00029936706414446235,
            0.0002053491334663704,
            0.0005600040312856436,
            0.00014092634955886751,
        ],
        "net.4.running_mean": [
            0.0034388629719614983,
            0.0008974845986813307,
            -0.001589994877576828,
            -0.0056377071887254715,
            0.006861574947834015,
            -0.028240380808711052,
            0.0023316536098718643,
            0.0013247034512460232,
            -0.016421625390648842,
            -0.03077567368745804,
            0.003919581882655621,
            -0.026922855526208878,
            -0.013827667571604252,
            0.002505216049030423,
            0.017855294048786163,
            0.005430517252534628,
        ],
        "net.4.running_var": [
            0.5991289019584656,
            0.6005783677101135,
            0.5978466868400574,
            0.5979844331741333,
            0.5967060923576355,
            0.5969516634941101,
            0.5977180600166321,
            0.598921537399292,
            0.599224328994751,
            0.5983235836029053,
            0.5976935625076294,
            0.6003481149673462,
            0.5960981249809265,
            0.5976517200469971,
            0.5984013676643372,
            0.5962017774581909,
        ],
        "net.4.num_batches_tracked": 5,
        "net.6.weight": {
            "shape": [16, 8, 4, 4],
            "norm": 0.9159294798041487,
            "head": [
                -0.02244657836854458,
                -0.03391250967979431,
                0.011324562132358551,
                -0.03334598243236542,
                0.012325736694037914,
                -0.03542241454124451,
            ],
        },
        "net.7.weight": [
            0.9977896213531494,
            0.981867253780365,
            0.9976838231086731,
            1.0005089044570923,
            1.0113946199417114,
            1.0050753355026245,
            1.007464051246643,
            0.9867479801177979,
        ],
        "net.7.bias": [
            -0.0007219926337711513,
            0.0008110927883535624,
            -0.0006057939608581364,
            -0.0004475872847251594,
            0.0005746277747675776,
            -0.0002602766908239573,
            -0.0002332341973669827,
            0.0007373522385023534,
        ],
        "net.7.running_mean": [
            0.005239394027739763,
            -0.0032145415898412466,
            0.0003708419972099364,
            -0.006437036674469709,
            0.01588180847465992,
            0.013747061602771282,
            0.01328475121408701,
            -0.0036786142736673355,
        ],
        "net.7.running_var": [
            0.5954926013946533,
            0.5958294868469238,
            0.5945276618003845,
            0.5955584049224854,
            0.5959538817405701,
            0.59486985206604,
            0.5946041345596313,
            0.5941636562347412,
        ],
        "net.7.num_batches_tracked": 5,
        "net.9.weight": {
            "shape": [8, 3, 4, 4],
            "norm": 0.39567339036552485,
            "head": [
                -0.008063842542469501,
                0.01687726192176342,
                0.00023793136642780155,
                0.04586126282811165,
                -0.02876966819167137,
                -0.007596536539494991,
            ],
        },
    },
    "netD": {
        "net.0.weight": {
            "shape": [8, 3, 4, 4],
            "norm": 0.3670523457774075,
            "head": [
                0.0007650109473615885,
                -0.02534320019185543,
                0.025002669543027878,
                -0.013580326922237873,
                0.010807212442159653,
                0.007930570282042027,
            ],
        },
        "net.2.weight": {
            "shape": [16, 8, 4, 4],
            "norm": 0.9093328932171534,
            "head": [
                -0.02954418957233429,
                0.0027830563485622406,
                0.010453617200255394,
                0.05051228404045105,
                -0.04175712540745735,
                -0.019720859825611115,
            ],
        },
        "net.3.weight": [
            0.9826089143753052,
            1.0391896963119507,
            0.9894598126411438,
            0.9959984421730042,
            1.0489169359207153,
            0.9995388388633728,
            0.9734482169151306,
            0.9919835329055786,
            0.9952727556228638,
            1.0389147996902466,
            0.9915890693664551,
            0.9718008041381836,
            0.961562991142273,
            0.9976361989974976,
            0.9838520884513855,
            0.9542185664176941,
        ],
        "net.3.bias": [
            -0.00037032162072137,
            -0.0006086975336074829,
            -0.0005013674963265657,
            0.0003689965233206749,
            -0.0003602833894547075,
            -0.0008227830985561013,
            -0.0007677215617150068,
            -0.0007194249774329364,
            0.00041433447040617466,
            0.0007933634333312511,
            -0.0007433311548084021,
            0.0007613254128955305,
            0.00032686826307326555,
            0.0008255023858509958,
            -0.00016023640637286007,
            -0.0007520238286815584,
        ],
        "net.3.running_mean": [
            0.0012905803741887212,
            -0.001202383660711348,
            -0.0009550110553391278,
            0.001267348532564938,
            0.0015702630626037717,
            -0.002238340675830841,
            0.0017894302727654576,
            -0.0012757453368976712,
            0.0001685262395767495,
            5.3158226364757866e-05,
            0.00031953651341609657,
            -0.0025625484995543957,
            -0.00026357852038927376,
            -0.0005075534572824836,
            -0.0008584760944359004,
            0.001619543181732297,
        ],
        "net.3.running_var": [
            0.2824426293373108,
            0.28243687748908997,
            0.28244268894195557,
            0.2824375331401825,
            0.2824416160583496,
            0.2824609875679016,
            0.2824409008026123,
            0.2824338376522064,
            0.2824411988258362,
            0.2824360430240631,
            0.2824346423149109,
            0.28243666887283325,
            0.28243765234947205,
            0.28244414925575256,
            0.28243759274482727,
            0.28243786096572876,
        ],
        "net.3.num_batches_tracked": 12,
        "net.5.weight": {
            "shape": [32, 16, 4, 4],
            "norm": 1.8033334490621087,
            "head": [
                -0.023483112454414368,
                0.05788759887218475,
                0.020593198016285896,
                -0.021924324333667755,
                -0.01631893590092659,
                0.014221929013729095,
            ],
        },
        "net.6.weight": {
            "shape": [32],
            "norm": 5.6419478098186255,
            "head": [
                0.9944079518318176,
                0.9924596548080444,
                0.9835795164108276,
                0.9757577776908875,
                1.00851571559906,
                0.9990535974502563,
            ],
        },
        "net.6.bias": {
            "shape": [32],
            "norm": 0.003177407215976033,
            "head": [
                -0.00047676704707555473,
                0.0008192665409296751,
                -0.00028698245296254754,
                -0.0006353069329634309,
                -0.0004718588897958398,
                0.00012177257303847,
            ],
        },
        "net.6.running_mean": {
            "shape": [32],
            "norm": 0.19770221474890368,
            "head": [
                0.05083221197128296,
                -0.0027646541129797697,
                0.00010696600656956434,
                0.0011805571848526597,
                -0.006657661870121956,
                -0.05538083240389824,
            ],
        },
        "net.6.running_var": {
            "shape": [32],
            "norm": 1.642218250694943,
            "head": [
                0.29165804386138916,
                0.28869980573654175,
                0.293189138174057,
                0.28929585218429565,
                0.2895261347293854,
                0.2896924316883087,
            ],
        },
        "net.6.num_batches_tracked": 12,
        "net.8.weight": {
            "shape": [1, 32, 4, 4],
            "norm": 0.4636871314567754,
            "head": [
                -0.029450038447976112,
                -0.015647143125534058,
                -0.01750623993575573,
                -0.04242577776312828,
                -0.011998556554317474,
                0.02050626464188099,
            ],
        },
    },
    "fake": {
        "shape": [8, 3, 32, 32],
        "norm": 11.875125411179852,
        "head": [
            -0.008032217621803284,
            -0.034300677478313446,
            -0.012263569049537182,
            -0.012451058253645897,
            0.00647445023059845,
            -0.0013205232098698616,
        ],
    },
}
# --- end of PyTorch's output ---


def test_dcgan_faces():
    mode = autograd.get_deterministic_debug_mode()
    try:
        got = run(PROGRAM, ARGV, RECORD)
    finally:  # the program switches deterministic algorithms on for the whole process
        autograd.set_deterministic_debug_mode(mode)
    assert autograd.get_deterministic_debug_mode() == mode
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
