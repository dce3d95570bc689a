"""A small causal Transformer language model over the bundled word corpus.

programs/transformer_tutorial.py, in the manner of the PyTorch tutorials' "Language
Modeling with nn.Transformer": `from torch import nn, Tensor`, `from torch.nn import
TransformerEncoder, TransformerEncoderLayer`, `from torch.utils.data import dataset`
(annotations), `TransformerEncoderLayer(d_model, nhead, d_hid, dropout)` (sequence
first), `nn.Transformer.generate_square_subsequent_mask`, a sinusoidal positional
encoding buffer filled by strided item assignment (`pe[:, 0, 0::2] = torch.sin(...)`)
and `register_buffer`, `.data.uniform_`/`.zero_` initialisation,
`torch.cat(tuple(filter(lambda t: t.numel() > 0, data)))`, `view(bsz,
rows).t().contiguous()`, `nn.CrossEntropyLoss`, `clip_grad_norm_`, `SGD` with
`StepLR(optimizer, 1.0, gamma=0.9)`, `get_last_lr()`, saving and reloading the best
state dict in a `TemporaryDirectory`.

Compared with PyTorch: what it prints (each batch's learning rate and loss, the
validation loss and perplexity of each epoch, the test loss) and the reloaded weights
and the test loss (the bundled 122-word corpus, widths 32, 3 epochs).

Tolerance: rtol 1e-5 (float32; the log prints 2 to 4 decimals; the weights after 12 SGD
steps at lr 2 agree to about 1e-6).

Randomness: seeded by the program (`torch.manual_seed(0)`; the initialisation and the
dropout masks): equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "transformer_tutorial"
ARGV = ""
RECORD = {"weights": "model.state_dict()", "test_loss": "test_loss"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
vocabulary 60; train (30, 4)
  batch 0  lr 2.0000  loss 4.0693
  batch 1  lr 2.0000  loss 3.8127
  batch 2  lr 2.0000  loss 3.7857
  batch 3  lr 2.0000  loss 4.4535
epoch 1: valid loss  3.95  ppl    52.20
  batch 0  lr 1.8000  loss 3.7391
  batch 1  lr 1.8000  loss 3.2950
  batch 2  lr 1.8000  loss 3.2122
  batch 3  lr 1.8000  loss 3.5198
epoch 2: valid loss  3.46  ppl    31.74
  batch 0  lr 1.6200  loss 3.0519
  batch 1  lr 1.6200  loss 2.8101
  batch 2  lr 1.6200  loss 3.0091
  batch 3  lr 1.6200  loss 2.9225
epoch 3: valid loss  3.06  ppl    21.43
test loss  3.61  ppl    36.83
"""
PYTORCH = {
    "weights": {
        "embed.weight": {
            "shape": [60, 32],
            "norm": 3.1623102004441828,
            "head": [
                -0.08984539657831192,
                0.04894798994064331,
                0.00476573733612895,
                -0.029252422973513603,
                0.05121889337897301,
                0.041069891303777695,
            ],
        },
        "positions.pe": {
            "shape": [256, 1, 32],
            "norm": 63.999999939241135,
            "head": [0.0, 1.0, 0.0, 1.0, 0.0, 1.0],
        },
        "encoder.layers.0.self_attn.in_proj_weight": {
            "shape": [96, 32],
            "norm": 6.8571420122365945,
            "head": [
                0.1494612693786621,
                -0.029167620465159416,
                0.02947438508272171,
                0.1354883760213852,
                0.14049559831619263,
                0.1134454607963562,
            ],
        },
        "encoder.layers.0.self_attn.in_proj_bias": {
            "shape": [96],
            "norm": 0.08090889329077652,
            "head": [
                -0.007943534292280674,
                0.00021533800463657826,
                0.0042435172945261,
                -0.002929026260972023,
                0.007555569987744093,
                0.004154335707426071,
            ],
        },
        "encoder.layers.0.self_attn.out_proj.weight": {
            "shape": [32, 32],
            "norm": 3.1264442852009497,
            "head": [
                -0.05810297653079033,
                -0.09986648708581924,
                -0.0013828426599502563,
                0.1337277740240097,
                0.037850648164749146,
                0.1320820450782776,
            ],
        },
        "encoder.layers.0.self_attn.out_proj.bias": {
            "shape": [32],
            "norm": 0.17202951360774432,
            "head": [
                0.02149881236255169,
                -0.008078353479504585,
                0.00031366763869300485,
                0.03527560457587242,
                -0.006442575249820948,
                0.035707373172044754,
            ],
        },
        "encoder.layers.0.linear1.weight": {
            "shape": [32, 32],
            "norm": 3.3235874722491623,
            "head": [
                0.18449711799621582,
                0.008244668133556843,
                -0.10603708028793335,
                0.022693783044815063,
                0.13830330967903137,
                0.03291560336947441,
            ],
        },
        "encoder.layers.0.linear1.bias": {
            "shape": [32],
            "norm": 0.47569465229758395,
            "head": [
                -0.15442925691604614,
                -0.09563684463500977,
                0.05521148070693016,
                0.11386893689632416,
                -0.07317309826612473,
                0.06364554911851883,
            ],
        },
        "encoder.layers.0.linear2.weight": {
            "shape": [32, 32],
            "norm": 3.288453132349844,
            "head": [
                -0.07514599710702896,
                -0.08763252198696136,
                0.0009635252645239234,
                -0.08706636726856232,
                -0.08056531101465225,
                0.024275440722703934,
            ],
        },
        "encoder.layers.0.linear2.bias": {
            "shape": [32],
            "norm": 0.5432044855556479,
            "head": [
                -0.06433015316724777,
                0.07261800765991211,
                0.014176847413182259,
                -0.15902179479599,
                0.09168502688407898,
                0.11607826501131058,
            ],
        },
        "encoder.layers.0.norm1.weight": {
            "shape": [32],
            "norm": 5.670152447628954,
            "head": [
                1.0159776210784912,
                1.0779287815093994,
                0.9701331853866577,
                1.008621335029602,
                0.9777735471725464,
                1.0302681922912598,
            ],
        },
        "encoder.layers.0.norm1.bias": {
            "shape": [32],
            "norm": 0.09530484182153073,
            "head": [
                0.004513043910264969,
                -0.0032029321882873774,
                -0.010946294292807579,
                0.022349556908011436,
                -0.00873697642236948,
                0.01697591319680214,
            ],
        },
        "encoder.layers.0.norm2.weight": {
            "shape": [32],
            "norm": 5.662046026334465,
            "head": [
                1.0042449235916138,
                1.0676612854003906,
                0.9710582494735718,
                1.007979393005371,
                0.9906410574913025,
                1.0342755317687988,
            ],
        },
        "encoder.layers.0.norm2.bias": {
            "shape": [32],
            "norm": 0.08771485369595379,
            "head": [
                -0.0021458384580910206,
                -0.006677411496639252,
                -0.003732743440195918,
                0.01251189224421978,
                -0.008949467912316322,
                0.01643260568380356,
            ],
        },
        "encoder.layers.1.self_attn.in_proj_weight": {
            "shape": [96, 32],
            "norm": 6.840158930973782,
            "head": [
                0.1497003734111786,
                -0.02132144384086132,
                0.02926170825958252,
                0.13913455605506897,
                0.14308953285217285,
                0.11294408142566681,
            ],
        },
        "encoder.layers.1.self_attn.in_proj_bias": {
            "shape": [96],
            "norm": 0.047883998535200055,
            "head": [
                -0.002741832984611392,
                8.393782627535984e-05,
                0.0026983872521668673,
                0.0007834048592485487,
                0.0035673233214765787,
                7.40434043109417e-05,
            ],
        },
        "encoder.layers.1.self_attn.out_proj.weight": {
            "shape": [32, 32],
            "norm": 3.1109475279771086,
            "head": [
                -0.03644299507141113,
                -0.10318923741579056,
                -0.006830562837421894,
                0.13837318122386932,
                0.029056554660201073,
                0.12198679894208908,
            ],
        },
        "encoder.layers.1.self_attn.out_proj.bias": {
            "shape": [32],
            "norm": 0.09059807947335227,
            "head": [
                0.0039911731146276,
                0.004068893846124411,
                -0.0016550823347643018,
                0.00523977680131793,
                -0.0017509072786197066,
                0.02178892306983471,
            ],
        },
        "encoder.layers.1.linear1.weight": {
            "shape": [32, 32],
            "norm": 3.319344549377563,
            "head": [
                0.17686210572719574,
                0.026816202327609062,
                -0.1132885217666626,
                0.025525230914354324,
                0.12346065044403076,
                0.04299861937761307,
            ],
        },
        "encoder.layers.1.linear1.bias": {
            "shape": [32],
            "norm": 0.4841589472029581,
            "head": [
                -0.16815869510173798,
                -0.09932813048362732,
                0.04621732980012894,
                0.12239522486925125,
                -0.07915116846561432,
                0.057888735085725784,
            ],
        },
        "encoder.layers.1.linear2.weight": {
            "shape": [32, 32],
            "norm": 3.2790895553516957,
            "head": [
                -0.0814874991774559,
                -0.08535080403089523,
                -0.0014691049000248313,
                -0.06958026438951492,
                -0.07295015454292297,
                0.019982250407338142,
            ],
        },
        "encoder.layers.1.linear2.bias": {
            "shape": [32],
            "norm": 0.5705962664619826,
            "head": [
                -0.07041452825069427,
                0.04798123240470886,
                0.020080814138054848,
                -0.16297324001789093,
                0.10437361896038055,
                0.13832812011241913,
            ],
        },
        "encoder.layers.1.norm1.weight": {
            "shape": [32],
            "norm": 5.665804671647222,
            "head": [
                1.011625051498413,
                1.063076376914978,
                0.9710251688957214,
                1.0140715837478638,
                0.9914477467536926,
                1.0440236330032349,
            ],
        },
        "encoder.layers.1.norm1.bias": {
            "shape": [32],
            "norm": 0.09561593675333128,
            "head": [
                -0.0006992111448198557,
                -0.01330728642642498,
                0.0005463491543196142,
                0.00979966763406992,
                0.0069442191161215305,
                0.028597043827176094,
            ],
        },
        "encoder.layers.1.norm2.weight": {
            "shape": [32],
            "norm": 5.692046929426967,
            "head": [
                1.0371947288513184,
                1.0513173341751099,
                0.9946656227111816,
                1.0324561595916748,
                1.014032244682312,
                1.038169264793396,
            ],
        },
        "encoder.layers.1.norm2.bias": {
            "shape": [32],
            "norm": 0.13082310721855345,
            "head": [
                0.004222117830067873,
                0.0069776251912117004,
                0.00981268472969532,
                0.024426059797406197,
                0.0059821149334311485,
                0.03731544688344002,
            ],
        },
        "readout.weight": {
            "shape": [60, 32],
            "norm": 3.3852849037000734,
            "head": [
                0.05950070917606354,
                -0.03858557343482971,
                0.014601928181946278,
                -0.014407039619982243,
                -0.03929593414068222,
                0.044062137603759766,
            ],
        },
        "readout.bias": {
            "shape": [60],
            "norm": 0.40218382352206267,
            "head": [
                -0.05171668902039528,
                0.32529595494270325,
                -0.015089662745594978,
                0.032258108258247375,
                0.012097560800611973,
                -0.04095873981714249,
            ],
        },
    },
    "test_loss": 3.606376452879472,
}
# --- end of PyTorch's output ---


def test_transformer_tutorial():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
