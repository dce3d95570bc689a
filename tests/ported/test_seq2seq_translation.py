"""English to French with a GRU encoder and an additive-attention decoder.

programs/seq2seq_translation.py, in the manner of the PyTorch tutorials' "NLP From
Scratch: Translation with a Sequence to Sequence Network and Attention": a word-level
vocabulary, `np.zeros` index arrays turned into tensors with `torch.LongTensor(array)`,
`TensorDataset`, `RandomSampler`, `DataLoader(sampler=...)`, an `nn.Embedding` +
`nn.GRU(batch_first=True)` encoder, a decoder with additive attention (`torch.tanh`,
`squeeze(2).unsqueeze(1)`, `F.softmax`, `torch.bmm`, `hidden.permute(1, 0, 2)`) unrolled
for `MAX_LENGTH` steps with teacher forcing (`target[:, i].unsqueeze(1)`) or greedy
decoding (`topk(1)`, `squeeze(-1).detach()`), `torch.empty(...).fill_(SOS)`,
`F.log_softmax`, `nn.NLLLoss` over `view(-1, ...)`, two `optim.Adam` (imported as `from
torch import optim`), and greedy translation under `no_grad` after `eval()`.

Compared with PyTorch: what it prints (the vocabulary sizes, the loss every 10 epochs,
five random translations and two chosen ones with their attention weights) and the
words and attention weights of one translation, and the trained weights (the bundled 41
pairs, hidden size 32, 30 epochs of three batches).

Tolerance: rtol 1e-5 (float32; the losses print 4 decimals; the recorded weights agree to
about 1e-6 after 90 Adam steps through the unrolled GRUs).

Randomness: seeded by the program (`torch.manual_seed(0)` and `random.seed(0)`; the
initialisation, the dropout masks, the sampler's permutations and `random.choice`):
equal since graphgrad draws PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "seq2seq_translation"
ARGV = ""
RECORD = {
    "translation": "evaluate(encoder, decoder, 'they are not here .', source, target)",
    "decoder": "decoder.state_dict()",
    "encoder": "encoder.state_dict()",
}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
41 pairs; 62 English and 80 French words
('she s a doctor .', 'elle est medecin .')
epoch 10: mean loss 1.1616
epoch 20: mean loss 0.6315
epoch 30: mean loss 0.3588
> you are late .
= tu es en retard .
< je suis en retard . <eos>
> i am happy .
= je suis heureux .
< je suis professeur . <eos>
> he is reading a book .
= il lit un livre .
< il est grand que son pere . <eos>
> we are at home .
= nous sommes a la maison .
< il dort . <eos>
> we are students .
= nous sommes etudiants .
< il n est pas aussi grand que son pere . <eos>
we are at home . -> il dort . <eos>
tensor([[0.2622, 0.1291, 0.1380, 0.1246, 0.1903, 0.1558],
        [0.2200, 0.1513, 0.1681, 0.1383, 0.1745, 0.1478],
        [0.2739, 0.1237, 0.1379, 0.1236, 0.1870, 0.1538],
        [0.1806, 0.1726, 0.1839, 0.1427, 0.1599, 0.1602]])
i am sorry if this is a stupid question . -> je suis desole si une question question \
question idiote question question idiote
tensor([[0.0462, 0.0548, 0.0764, 0.0843, 0.0911, 0.0547, 0.0527, 0.0437, 0.0859,
         0.0837, 0.3267],
        [0.0408, 0.0462, 0.0710, 0.0793, 0.0851, 0.0437, 0.0407, 0.0324, 0.0993,
         0.1059, 0.3556],
        [0.0439, 0.0500, 0.0718, 0.0747, 0.0772, 0.0456, 0.0425, 0.0356, 0.0871,
         0.0950, 0.3768],
        [0.0637, 0.0711, 0.0866, 0.0902, 0.0949, 0.0722, 0.0687, 0.0612, 0.0824,
         0.0847, 0.2242],
        [0.0631, 0.0687, 0.0821, 0.0895, 0.0944, 0.0746, 0.0703, 0.0640, 0.0948,
         0.0954, 0.2032],
        [0.0531, 0.0594, 0.0780, 0.0918, 0.1019, 0.0618, 0.0598, 0.0513, 0.0970,
         0.0979, 0.2480],
        [0.0513, 0.0564, 0.0769, 0.0885, 0.0953, 0.0635, 0.0600, 0.0505, 0.1061,
         0.1088, 0.2427],
        [0.0664, 0.0718, 0.0867, 0.0983, 0.1076, 0.0823, 0.0794, 0.0720, 0.0899,
         0.0835, 0.1621],
        [0.0658, 0.0717, 0.0875, 0.0969, 0.1055, 0.0817, 0.0786, 0.0706, 0.0893,
         0.0829, 0.1695],
        [0.0657, 0.0715, 0.0876, 0.0957, 0.1039, 0.0815, 0.0781, 0.0700, 0.0884,
         0.0823, 0.1752],
        [0.0576, 0.0628, 0.0787, 0.0931, 0.1023, 0.0712, 0.0679, 0.0600, 0.0955,
         0.0921, 0.2188],
        [0.0649, 0.0697, 0.0843, 0.0957, 0.1046, 0.0803, 0.0767, 0.0691, 0.0914,
         0.0854, 0.1778]])
"""
PYTORCH = {
    "translation": {
        "0": {
            "0": "il",
            "1": "n",
            "2": "est",
            "3": "pas",
            "4": "aussi",
            "5": "grand",
            "6": "que",
            "7": "son",
            "8": "pere",
            "9": ".",
            "10": "<eos>",
        },
        "1": {
            "shape": [1, 12, 6],
            "norm": 1.5656414960837688,
            "head": [
                0.11843928694725037,
                0.09976156800985336,
                0.23475141823291779,
                0.20549821853637695,
                0.1964031308889389,
                0.14514636993408203,
            ],
        },
    },
    "decoder": {
        "embedding.weight": {
            "shape": [80, 32],
            "norm": 52.51802584687401,
            "head": [
                -0.6286758780479431,
                -1.1222366094589233,
                -0.5529186725616455,
                0.6014865636825562,
                0.3335554003715515,
                -1.924984335899353,
            ],
        },
        "attention.query_map.weight": {
            "shape": [32, 32],
            "norm": 5.713114778501193,
            "head": [
                -0.09330654889345169,
                -0.43844419717788696,
                0.18619590997695923,
                0.12809127569198608,
                -0.14810524880886078,
                -0.14046773314476013,
            ],
        },
        "attention.query_map.bias": {
            "shape": [32],
            "norm": 0.8571001884153431,
            "head": [
                -0.007626709062606096,
                -0.07655639946460724,
                -0.2575901746749878,
                0.06530113518238068,
                -0.3217085897922516,
                0.29335272312164307,
            ],
        },
        "attention.key_map.weight": {
            "shape": [32, 32],
            "norm": 4.945368803584002,
            "head": [
                0.06558796763420105,
                -0.21646231412887573,
                0.04594697430729866,
                0.13235481083393097,
                0.07753589004278183,
                0.003731252858415246,
            ],
        },
        "attention.key_map.bias": {
            "shape": [32],
            "norm": 0.9205053693615627,
            "head": [
                0.12968012690544128,
                -0.3026854395866394,
                -0.20079733431339264,
                0.19457697868347168,
                -0.2544180452823639,
                0.15160821378231049,
            ],
        },
        "attention.v.weight": {
            "shape": [1, 32],
            "norm": 0.7403188762286147,
            "head": [
                -0.03926072642207146,
                -0.02994583547115326,
                -0.049510207027196884,
                0.03325682878494263,
                -0.07164853066205978,
                0.10316836833953857,
            ],
        },
        "gru.weight_ih_l0": {
            "shape": [96, 64],
            "norm": 15.402292829501986,
            "head": [
                -0.2717476189136505,
                0.1735505908727646,
                -0.1484546959400177,
                -0.0038514710031449795,
                -0.0059171696193516254,
                0.08359731733798981,
            ],
        },
        "gru.weight_hh_l0": {
            "shape": [96, 32],
            "norm": 10.582264695584756,
            "head": [
                -0.06402496993541718,
                0.18879401683807373,
                0.06747132539749146,
                -0.18370550870895386,
                -0.04867640510201454,
                0.11553481966257095,
            ],
        },
        "gru.bias_ih_l0": {
            "shape": [96],
            "norm": 1.6391357397140154,
            "head": [
                -0.04294736683368683,
                0.0817413255572319,
                -0.13174061477184296,
                -0.19906137883663177,
                -0.06481555104255676,
                0.0713171511888504,
            ],
        },
        "gru.bias_hh_l0": {
            "shape": [96],
            "norm": 1.764963506652153,
            "head": [
                0.07095211744308472,
                0.31852635741233826,
                -0.16366033256053925,
                -0.17756547033786774,
                0.1731397956609726,
                -0.0031398581340909004,
            ],
        },
        "out.weight": {
            "shape": [80, 32],
            "norm": 14.258701588005454,
            "head": [
                -0.39576512575149536,
                -0.263465017080307,
                -0.27076008915901184,
                -0.3442474603652954,
                0.23474767804145813,
                0.2711474895477295,
            ],
        },
        "out.bias": {
            "shape": [80],
            "norm": 1.4497803631154362,
            "head": [
                0.18760232627391815,
                0.13213472068309784,
                0.029972001910209656,
                0.014555701985955238,
                -0.08340026438236237,
                0.07310345023870468,
            ],
        },
    },
    "encoder": {
        "embedding.weight": {
            "shape": [62, 32],
            "norm": 46.93682755721227,
            "head": [
                -1.2348459959030151,
                -1.2259459495544434,
                -0.32359904050827026,
                -0.6021242141723633,
                1.0578012466430664,
                0.7823508381843567,
            ],
        },
        "gru.weight_ih_l0": {
            "shape": [96, 32],
            "norm": 9.785436356493477,
            "head": [
                -0.13023078441619873,
                -0.07242964953184128,
                0.2994528114795685,
                -0.2584211230278015,
                0.044308651238679886,
                0.29732009768486023,
            ],
        },
        "gru.weight_hh_l0": {
            "shape": [96, 32],
            "norm": 9.413855659242254,
            "head": [
                0.009883685037493706,
                0.11971011757850647,
                0.17930537462234497,
                0.15133492648601532,
                0.15405604243278503,
                0.09167183190584183,
            ],
        },
        "gru.bias_ih_l0": {
            "shape": [96],
            "norm": 1.406542674213977,
            "head": [
                -0.1619269996881485,
                0.17236153781414032,
                0.01898546703159809,
                -0.3036689758300781,
                0.013222984038293362,
                0.26444312930107117,
            ],
        },
        "gru.bias_hh_l0": {
            "shape": [96],
            "norm": 1.4149210687321276,
            "head": [
                -0.25301289558410645,
                0.06504605710506439,
                0.06341385841369629,
                -0.13361912965774536,
                0.017055803909897804,
                0.12488438934087753,
            ],
        },
    },
}
# --- end of PyTorch's output ---


def test_seq2seq_translation():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-5)
    assert_values(got.values, PYTORCH, rtol=1e-5)
