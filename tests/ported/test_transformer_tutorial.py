"""Language Modeling with nn.Transformer: a causal TransformerEncoder language model.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/transformer_tutorial.py

Ported as programs/transformer_tutorial.py: `from torch import nn, Tensor`,
`from torch.nn import TransformerEncoder, TransformerEncoderLayer`,
`from torch.utils.data import dataset` (annotations), `TransformerEncoderLayer(d_model,
nhead, d_hid, dropout)` (sequence first), `nn.Transformer.generate_square_subsequent_mask`,
a sinusoidal `PositionalEncoding` buffer filled by strided item assignment
(`pe[:, 0, 0::2] = torch.sin(...)`) and `register_buffer`, `.data.uniform_`/`.zero_`
initialisation, `torch.cat(tuple(filter(lambda t: t.numel() > 0, data)))`, `view(bsz,
seq_len).t().contiguous()`, `nn.CrossEntropyLoss`, `clip_grad_norm_`, `SGD` with
`StepLR(optimizer, 1.0, gamma=0.95)`, saving and reloading the best state dict in a
`TemporaryDirectory`.

Compared with PyTorch: what it prints (the validation loss and perplexity of each epoch
and the test loss; the epoch times are left out, they differ from run to run) and the
trained weights (the bundled 122-word corpus, embedding and feed-forward widths 32).

Tolerance: rtol 1e-5 (float32; the log prints 2 decimals; the weights after 3 SGD steps
at lr 5 agree to about 1e-6).

Randomness: seeded (`torch.manual_seed(0)`, the added line; the initialisation and the
dropout masks): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

import re

from harness import assert_printed, assert_values, run

PROGRAM = "transformer_tutorial"
ARGV = ""
RECORD = {"weights": "model.state_dict()", "test_loss": "test_loss"}
# the epoch's time ("time:  0.05s")
TIMES = r"time: +[\d.]+s"

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
-----------------------------------------------------------------------------------------
| end of epoch   1 | time:  0.04s | valid loss  4.80 | valid ppl   121.72
-----------------------------------------------------------------------------------------
-----------------------------------------------------------------------------------------
| end of epoch   2 | time:  0.02s | valid loss  6.42 | valid ppl   613.85
-----------------------------------------------------------------------------------------
-----------------------------------------------------------------------------------------
| end of epoch   3 | time:  0.01s | valid loss  3.32 | valid ppl    27.62
-----------------------------------------------------------------------------------------
=========================================================================================
| End of training | test loss  3.69 | test ppl    40.04
=========================================================================================
"""
PYTORCH = {
    "weights": {
        "pos_encoder.pe": {
            "shape": [5000, 1, 32],
            "norm": 282.84271240666243,
            "head": [0.0, 1.0, 0.0, 1.0, 0.0, 1.0],
        },
        "transformer_encoder.layers.0.self_attn.in_proj_weight": {
            "shape": [96, 32],
            "norm": 6.8812660989794345,
            "head": [
                0.1768253743648529,
                0.08238674700260162,
                0.1820635199546814,
                -0.074673593044281,
                -0.11900251358747482,
                0.18650121986865997,
            ],
        },
        "transformer_encoder.layers.0.self_attn.in_proj_bias": {
            "shape": [96],
            "norm": 0.17942306244914952,
            "head": [
                0.0022192231845110655,
                0.001318269525654614,
                0.0023875373881310225,
                -0.00038399218465201557,
                -0.000849975214805454,
                0.0015099586453288794,
            ],
        },
        "transformer_encoder.layers.0.self_attn.out_proj.weight": {
            "shape": [32, 32],
            "norm": 3.399608465801259,
            "head": [
                -0.03592132776975632,
                0.06933847814798355,
                -0.14160703122615814,
                -0.1233166977763176,
                -0.11093908548355103,
                0.03733514994382858,
            ],
        },
        "transformer_encoder.layers.0.self_attn.out_proj.bias": {
            "shape": [32],
            "norm": 0.3261582197907871,
            "head": [
                0.10302902013063431,
                0.01896148920059204,
                0.07530030608177185,
                0.05510324239730835,
                0.08477027714252472,
                0.05947223678231239,
            ],
        },
        "transformer_encoder.layers.0.linear1.weight": {
            "shape": [32, 32],
            "norm": 3.270773591508677,
            "head": [
                -0.13508588075637817,
                -0.11194570362567902,
                -0.08483828604221344,
                -0.007091545034199953,
                -0.057238440960645676,
                -0.10800930857658386,
            ],
        },
        "transformer_encoder.layers.0.linear1.bias": {
            "shape": [32],
            "norm": 0.5567363206079983,
            "head": [
                0.1424124538898468,
                0.12111815065145493,
                0.17976854741573334,
                0.07280348986387253,
                0.0651659220457077,
                -0.038789764046669006,
            ],
        },
        "transformer_encoder.layers.0.linear2.weight": {
            "shape": [32, 32],
            "norm": 3.3195092203601453,
            "head": [
                0.15234294533729553,
                -0.07090361416339874,
                0.15607985854148865,
                0.05643758550286293,
                0.16670382022857666,
                0.17355027794837952,
            ],
        },
        "transformer_encoder.layers.0.linear2.bias": {
            "shape": [32],
            "norm": 0.677746891664827,
            "head": [
                0.15508835017681122,
                -0.004359283484518528,
                -0.07095851749181747,
                0.14974193274974823,
                -0.1094324141740799,
                -0.07031715661287308,
            ],
        },
        "transformer_encoder.layers.0.norm1.weight": {
            "shape": [32],
            "norm": 5.6583461118631595,
            "head": [
                1.0611971616744995,
                1.0196906328201294,
                0.9929616451263428,
                1.0164992809295654,
                0.9869697690010071,
                0.9996140003204346,
            ],
        },
        "transformer_encoder.layers.0.norm1.bias": {
            "shape": [32],
            "norm": 0.2749508449048191,
            "head": [
                0.08172973990440369,
                0.010926666669547558,
                0.059260427951812744,
                0.047470469027757645,
                0.07995746284723282,
                0.04761870205402374,
            ],
        },
        "transformer_encoder.layers.0.norm2.weight": {
            "shape": [32],
            "norm": 5.667776291404098,
            "head": [
                1.0958787202835083,
                1.0108144283294678,
                0.9920904636383057,
                1.026456594467163,
                0.9515210390090942,
                1.0064027309417725,
            ],
        },
        "transformer_encoder.layers.0.norm2.bias": {
            "shape": [32],
            "norm": 0.30353780589918894,
            "head": [
                0.10109467059373856,
                0.006526857148855925,
                0.05437764525413513,
                0.04989810660481453,
                0.07845781743526459,
                0.04322930425405502,
            ],
        },
        "transformer_encoder.layers.1.self_attn.in_proj_weight": {
            "shape": [96, 32],
            "norm": 6.889029413439743,
            "head": [
                0.17531126737594604,
                0.08433087170124054,
                0.1826150119304657,
                -0.07548309117555618,
                -0.11781872063875198,
                0.18707214295864105,
            ],
        },
        "transformer_encoder.layers.1.self_attn.in_proj_bias": {
            "shape": [96],
            "norm": 0.1464847249132547,
            "head": [
                -0.001716052065603435,
                -0.0010539807844907045,
                -0.002666434971615672,
                0.0015384858706966043,
                -0.0013634380884468555,
                0.0022734180092811584,
            ],
        },
        "transformer_encoder.layers.1.self_attn.out_proj.weight": {
            "shape": [32, 32],
            "norm": 3.4299984374142145,
            "head": [
                0.0033449826296418905,
                0.1502043753862381,
                -0.18033918738365173,
                -0.15288743376731873,
                -0.08418197929859161,
                0.055953480303287506,
            ],
        },
        "transformer_encoder.layers.1.self_attn.out_proj.bias": {
            "shape": [32],
            "norm": 0.26930850600933115,
            "head": [
                0.06648626178503036,
                0.015651334077119827,
                0.03868404030799866,
                0.059966105967760086,
                0.05896088853478432,
                0.048902951180934906,
            ],
        },
        "transformer_encoder.layers.1.linear1.weight": {
            "shape": [32, 32],
            "norm": 3.3181035196686732,
            "head": [
                -0.16258956491947174,
                -0.11785273253917694,
                -0.07064906507730484,
                -0.03186691924929619,
                -0.0651700496673584,
                -0.13092409074306488,
            ],
        },
        "transformer_encoder.layers.1.linear1.bias": {
            "shape": [32],
            "norm": 0.5624988973231145,
            "head": [
                0.1448797732591629,
                0.1159650906920433,
                0.1935092955827713,
                0.06917152553796768,
                0.0638100728392601,
                -0.0417073518037796,
            ],
        },
        "transformer_encoder.layers.1.linear2.weight": {
            "shape": [32, 32],
            "norm": 3.3900545287091055,
            "head": [
                0.16879676282405853,
                -0.07563210278749466,
                0.17145971953868866,
                0.07327365130186081,
                0.16921690106391907,
                0.17009228467941284,
            ],
        },
        "transformer_encoder.layers.1.linear2.bias": {
            "shape": [32],
            "norm": 0.7129367813057998,
            "head": [
                0.16869398951530457,
                -0.014639507047832012,
                -0.06706192344427109,
                0.1773083508014679,
                -0.11429551243782043,
                -0.07519792020320892,
            ],
        },
        "transformer_encoder.layers.1.norm1.weight": {
            "shape": [32],
            "norm": 5.667051228535888,
            "head": [
                1.1282089948654175,
                0.9861748218536377,
                0.9745848774909973,
                1.0478847026824951,
                0.9951143264770508,
                1.0302504301071167,
            ],
        },
        "transformer_encoder.layers.1.norm1.bias": {
            "shape": [32],
            "norm": 0.30515141821176306,
            "head": [
                0.08751872926950455,
                0.002687246073037386,
                0.05022090673446655,
                0.07466347515583038,
                0.07084126770496368,
                0.05777229368686676,
            ],
        },
        "transformer_encoder.layers.1.norm2.weight": {
            "shape": [32],
            "norm": 4.9809103476212515,
            "head": [
                0.7608164548873901,
                0.8508411645889282,
                0.7857040166854858,
                0.947816014289856,
                0.7161383032798767,
                0.9417762160301208,
            ],
        },
        "transformer_encoder.layers.1.norm2.bias": {
            "shape": [32],
            "norm": 0.19700198971826016,
            "head": [
                -0.09246563166379929,
                -0.022773675620555878,
                -0.016643162816762924,
                -0.011299782432615757,
                0.016178276389837265,
                -0.01915239728987217,
            ],
        },
        "embedding.weight": {
            "shape": [60, 32],
            "norm": 2.725381466889171,
            "head": [
                -0.08984539657831192,
                0.04894798994064331,
                0.00476573733612895,
                -0.029252422973513603,
                0.05121889337897301,
                0.041069891303777695,
            ],
        },
        "linear.weight": {
            "shape": [60, 32],
            "norm": 2.712678049309992,
            "head": [
                -0.011563093401491642,
                -0.06348461657762527,
                -0.012919822707772255,
                -0.06834390014410019,
                -0.032154861837625504,
                0.04089324176311493,
            ],
        },
        "linear.bias": {
            "shape": [60],
            "norm": 0.6199416719296172,
            "head": [
                -0.049679189920425415,
                0.5765236616134644,
                0.12441369891166687,
                0.03849130496382713,
                -0.03366553783416748,
                0.04021527245640755,
            ],
        },
    },
    "test_loss": 3.6898574829101562,
}
# --- end of PyTorch's output ---


def test_transformer_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(re.sub(TIMES, "", got.stdout), re.sub(TIMES, "", PYTORCH_STDOUT), rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
