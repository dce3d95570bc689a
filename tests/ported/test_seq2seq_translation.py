"""NLP From Scratch: Translation with a Sequence to Sequence Network and Attention.

Source:
https://github.com/pytorch/tutorials/blob/main/intermediate_source/seq2seq_translation_tutorial.py

Ported as programs/seq2seq_translation.py: a word-level `Lang` vocabulary, `np.zeros`
index arrays turned into tensors with `torch.LongTensor(array)`, `TensorDataset`,
`RandomSampler`, `DataLoader(sampler=...)`, an `nn.Embedding` + `nn.GRU(batch_first=True)`
encoder, a decoder with Bahdanau attention (`torch.tanh`, `squeeze(2).unsqueeze(1)`,
`F.softmax`, `torch.bmm`, `hidden.permute(1, 0, 2)`) unrolled for `MAX_LENGTH` steps with
teacher forcing (`target_tensor[:, i].unsqueeze(1)`) or greedy decoding (`topk(1)`,
`squeeze(-1).detach()`), `torch.empty(...).fill_(SOS_token)`, `F.log_softmax`, `nn.NLLLoss`
over `view(-1, ...)`, two `optim.Adam` (imported as `from torch import optim`), and greedy
translation under `no_grad` after `eval()`.

Compared with PyTorch: what it prints (the vocabulary sizes, the loss every 5 epochs,
ten random translations and the four translated sentences; the elapsed and remaining
times are left out, they differ from run to run) and the attention weights and outputs
of one translation, and the trained weights (41 pairs, hidden size 32, 40 epochs of
two batches).

Tolerance: rtol 1e-5 (float32; the losses print 4 decimals; the recorded weights agree to
about 1e-6 after 80 Adam steps through the unrolled GRUs).

Randomness: seeded (`torch.manual_seed(0)` and `random.seed(0)`, the added lines; the
initialisation, the dropout masks, the sampler's permutations and `random.choice`):
equal since graphgrad draws PyTorch's numbers (issue 21).
"""

import re

from harness import assert_printed, assert_values, run

PROGRAM = "seq2seq_translation"
ARGV = ""
RECORD = {
    "translation": (
        "evaluate(encoder, decoder, 'je suis desole si c est une question idiote', "
        "input_lang, output_lang)"
    ),
    # (not the attention's Va.bias: softmax over the positions cancels it, its gradient is
    # rounding noise of either library, which Adam scales up to steps of lr)
    "decoder": "{k: v for k, v in decoder.state_dict().items() if k != 'attention.Va.bias'}",
    "encoder": "encoder.state_dict()",
}
# the elapsed time and the estimate of the time left ("0m 1s (- 0m 3s)")
TIMES = r"\d+m \d+s"

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Reading lines...
Read 41 sentence pairs
Trimmed to 39 sentence pairs
Counting words...
Counted words:
fra 78
eng 60
['elle est medecin', 'she s a doctor']
Reading lines...
Read 41 sentence pairs
Trimmed to 39 sentence pairs
Counting words...
Counted words:
fra 78
eng 60
0m 1s (- 0m 3s) (10 25%) 3.5506
0m 1s (- 0m 1s) (20 50%) 2.5630
0m 1s (- 0m 0s) (30 75%) 2.0689
0m 2s (- 0m 0s) (40 100%) 1.9007
> tu es en retard
= you are late
< SOS SOS SOS SOS SOS SOS SOS SOS SOS SOS

> je suis heureux
= i am happy
< SOS SOS SOS SOS SOS SOS SOS SOS SOS SOS

> il lit un livre
= he is reading a book
< SOS SOS SOS SOS SOS SOS SOS SOS SOS SOS

> nous sommes a la maison
= we are at home
< i <EOS>

> nous sommes etudiants
= we are students
< i <EOS>

> elle est fatiguee
= she s tired
< i am <EOS>

> il dort
= he s sleeping
< SOS SOS SOS SOS SOS SOS SOS SOS SOS SOS

> tu n es pas seul
= you re not alone
< SOS SOS SOS SOS SOS SOS SOS SOS SOS SOS

> elle est tres gentille
= she is very kind
< i am <EOS>

> ils ne sont pas ici
= they are not here
< i <EOS>

input = il n est pas aussi grand que son pere
output = SOS SOS SOS SOS SOS SOS SOS SOS SOS SOS
input = je suis trop fatigue pour conduire
output = SOS SOS SOS SOS SOS SOS SOS SOS SOS SOS
input = je suis desole si c est une question idiote
output = i am <EOS>
input = je suis reellement fiere de vous
output = SOS SOS SOS SOS SOS SOS SOS SOS SOS SOS
"""
PYTORCH = {
    "translation": {
        "0": {"0": "i", "1": "am", "2": "<EOS>"},
        "1": {
            "shape": [1, 10, 10],
            "norm": 1.0616931036048542,
            "head": [
                0.08471205085515976,
                0.06907255202531815,
                0.06946426630020142,
                0.04750468581914902,
                0.06191033869981766,
                0.1374794989824295,
            ],
        },
    },
    "decoder": {
        "embedding.weight": {
            "shape": [60, 32],
            "norm": 43.01083847180288,
            "head": [
                -0.7945056557655334,
                -0.933851957321167,
                -0.8483269214630127,
                -0.7362890243530273,
                0.8345511555671692,
                1.2345657348632812,
            ],
        },
        "attention.Wa.weight": {
            "shape": [32, 32],
            "norm": 3.314231100118669,
            "head": [
                -0.04017255827784538,
                -0.07109887152910233,
                0.008215704932808876,
                0.044742658734321594,
                -0.21390694379806519,
                0.09315604716539383,
            ],
        },
        "attention.Wa.bias": {
            "shape": [32],
            "norm": 0.5649904407508315,
            "head": [
                0.0758252888917923,
                0.13514874875545502,
                0.06759104132652283,
                0.07226062566041946,
                -0.01624874398112297,
                0.04561317339539528,
            ],
        },
        "attention.Ua.weight": {
            "shape": [32, 32],
            "norm": 3.570526088668336,
            "head": [
                0.08832816779613495,
                -0.05627509206533432,
                0.15414729714393616,
                0.17248760163784027,
                -0.08122148364782333,
                0.03350835666060448,
            ],
        },
        "attention.Ua.bias": {
            "shape": [32],
            "norm": 0.6482888039481143,
            "head": [
                -0.11279428005218506,
                -0.057029739022254944,
                0.14996252954006195,
                0.04877611622214317,
                -0.027777424082159996,
                -0.1514461487531662,
            ],
        },
        "attention.Va.weight": {
            "shape": [1, 32],
            "norm": 0.6515126013108767,
            "head": [
                -0.1415579468011856,
                0.028676405549049377,
                0.06267224252223969,
                -0.12900853157043457,
                0.11268236488103867,
                -0.10550694167613983,
            ],
        },
        "gru.weight_ih_l0": {
            "shape": [96, 64],
            "norm": 8.491929864881609,
            "head": [
                0.10310600697994232,
                -0.0038164195138961077,
                -0.1842866837978363,
                0.09789980202913284,
                0.14500178396701813,
                0.006369509734213352,
            ],
        },
        "gru.weight_hh_l0": {
            "shape": [96, 32],
            "norm": 6.094889962533554,
            "head": [
                -0.019235655665397644,
                0.023498745635151863,
                0.05623628944158554,
                0.03722923994064331,
                -0.023619722574949265,
                0.051830802112817764,
            ],
        },
        "gru.bias_ih_l0": {
            "shape": [96],
            "norm": 0.9975656839671806,
            "head": [
                -0.11581776291131973,
                -0.10310858488082886,
                0.17688533663749695,
                0.1306145340204239,
                -0.058889374136924744,
                0.10042174160480499,
            ],
        },
        "gru.bias_hh_l0": {
            "shape": [96],
            "norm": 1.1243000196393151,
            "head": [
                0.1364833265542984,
                -0.011824093759059906,
                0.04918497055768967,
                0.09881285578012466,
                0.13977693021297455,
                -0.10037027299404144,
            ],
        },
        "out.weight": {
            "shape": [60, 32],
            "norm": 5.085831465049913,
            "head": [
                0.08735686540603638,
                0.11292584985494614,
                0.14534637331962585,
                -0.18033266067504883,
                -0.18105074763298035,
                0.06519648432731628,
            ],
        },
        "out.bias": {
            "shape": [60],
            "norm": 0.7646660111658093,
            "head": [
                -0.11786060780286789,
                0.0889894887804985,
                0.0671766921877861,
                -0.07883215695619583,
                0.04455724358558655,
                -0.07354690879583359,
            ],
        },
    },
    "encoder": {
        "embedding.weight": {
            "shape": [78, 32],
            "norm": 50.416855815203846,
            "head": [
                -1.1729953289031982,
                -1.1608006954193115,
                -0.2339838743209839,
                -0.45252329111099243,
                0.9006093740463257,
                0.6422658562660217,
            ],
        },
        "gru.weight_ih_l0": {
            "shape": [96, 32],
            "norm": 5.854420172159731,
            "head": [
                0.06546244025230408,
                0.13252927362918854,
                -0.15646010637283325,
                0.04854778200387955,
                0.10532620549201965,
                0.13619190454483032,
            ],
        },
        "gru.weight_hh_l0": {
            "shape": [96, 32],
            "norm": 5.989958633895007,
            "head": [
                0.1808561384677887,
                0.18073010444641113,
                0.05764859542250633,
                0.059315502643585205,
                -0.06428560614585876,
                0.051148928701877594,
            ],
        },
        "gru.bias_ih_l0": {
            "shape": [96],
            "norm": 1.0292469134056996,
            "head": [
                0.07742805033922195,
                0.1843823492527008,
                0.18112218379974365,
                0.00543785048648715,
                0.0012926277704536915,
                -0.05631960183382034,
            ],
        },
        "gru.bias_hh_l0": {
            "shape": [96],
            "norm": 1.2183936721976252,
            "head": [
                -0.06596347689628601,
                0.004262953065335751,
                0.19290900230407715,
                -0.046010080724954605,
                0.055984292179346085,
                0.15698197484016418,
            ],
        },
    },
}
# --- end of PyTorch's output ---


def test_seq2seq_translation():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(re.sub(TIMES, "", got.stdout), re.sub(TIMES, "", PYTORCH_STDOUT), rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
