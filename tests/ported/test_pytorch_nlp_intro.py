"""Introduction to PyTorch (Deep Learning for NLP): tensors, their operations and autograd.

Source:
https://github.com/pytorch/tutorials/blob/main/beginner_source/nlp/pytorch_tutorial.py

Ported as programs/pytorch_nlp_intro.py: `torch.tensor` of nested lists, indexing to a
0-d tensor and `.item()`, `torch.randn((3, 4, 5))` (a size as one tuple), `torch.cat`
along rows and columns, `view(2, 12)`/`view(2, -1)`, `requires_grad=True`, printing
`grad_fn` (None for leaves and detached tensors), `s.backward()`, `requires_grad_()`,
`detach()`, `no_grad()`.

Compared with PyTorch: everything it prints (the tensors, the random draws, the
gradient, and the lines that are only True, False or None: the flags and the missing
graph nodes) and the last random tensors.

Tolerance: rtol 1e-6 (float32; the values print 4 decimals).

Randomness: seeded by the program (`torch.manual_seed(1)`): equal since graphgrad draws
PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "pytorch_nlp_intro"
ARGV = ""
RECORD = {"x": "x", "y": "y", "z_2": "z_2"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
tensor([1., 2., 3.])
tensor([[1., 2., 3.],
        [4., 5., 6.]])
tensor([[[1., 2.],
         [3., 4.]],

        [[5., 6.],
         [7., 8.]]])
tensor(1.)
1.0
tensor([1., 2., 3.])
tensor([[1., 2.],
        [3., 4.]])
tensor([[[-1.5256, -0.7502, -0.6540, -1.6095, -0.1002],
         [-0.6092, -0.9798, -1.6091, -0.7121,  0.3037],
         [-0.7773, -0.2515, -0.2223,  1.6871,  0.2284],
         [ 0.4676, -0.6970, -1.1608,  0.6995,  0.1991]],

        [[ 0.8657,  0.2444, -0.6629,  0.8073,  1.1017],
         [-0.1759, -2.2456, -1.4465,  0.0612, -0.6177],
         [-0.7981, -0.1316,  1.8793, -0.0721,  0.1578],
         [-0.7735,  0.1991,  0.0457,  0.1530, -0.4757]],

        [[-0.1110,  0.2927, -0.1578, -0.0288,  0.4533],
         [ 1.1422,  0.2486, -1.7754, -0.0255, -1.0233],
         [-0.5962, -1.0055,  0.4285,  1.4761, -1.7869],
         [ 1.6103, -0.7040, -0.1853, -0.9962, -0.8313]]])
tensor([5., 7., 9.])
tensor([[-0.8029,  0.2366,  0.2857,  0.6898, -0.6331],
        [ 0.8795, -0.6842,  0.4533,  0.2912, -0.8317],
        [-0.5525,  0.6355, -0.3968, -0.6571, -1.6428],
        [ 0.9803, -0.0421, -0.8206,  0.3133, -1.1352],
        [ 0.3773, -0.2824, -2.5667, -1.4303,  0.5009]])
tensor([[ 0.5438, -0.4057,  1.1341, -0.1473,  0.6272,  1.0935,  0.0939,  1.2381],
        [-1.1115,  0.3501, -0.7703, -1.3459,  0.5119, -0.6933, -0.1668, -0.9999]])
tensor([[[ 0.4175, -0.2127, -0.8400, -0.4200],
         [-0.6240, -0.9773,  0.8748,  0.9873],
         [-0.0594, -2.4919,  0.2423,  0.2883]],

        [[-0.1095,  0.3126,  1.5038,  0.5038],
         [ 0.6223, -0.4481, -0.2856,  0.3880],
         [-1.1435, -0.6512, -0.1032,  0.6937]]])
tensor([[ 0.4175, -0.2127, -0.8400, -0.4200, -0.6240, -0.9773,  0.8748,  0.9873,
         -0.0594, -2.4919,  0.2423,  0.2883],
        [-0.1095,  0.3126,  1.5038,  0.5038,  0.6223, -0.4481, -0.2856,  0.3880,
         -1.1435, -0.6512, -0.1032,  0.6937]])
tensor([[ 0.4175, -0.2127, -0.8400, -0.4200, -0.6240, -0.9773,  0.8748,  0.9873,
         -0.0594, -2.4919,  0.2423,  0.2883],
        [-0.1095,  0.3126,  1.5038,  0.5038,  0.6223, -0.4481, -0.2856,  0.3880,
         -1.1435, -0.6512, -0.1032,  0.6937]])
tensor([5., 7., 9.], grad_fn=<AddBackward0>)
<AddBackward0 object at 0x7fabebea2e60>
tensor(21., grad_fn=<SumBackward0>)
<SumBackward0 object at 0x7fabebea1ea0>
tensor([1., 1., 1.])
False False
None
<AddBackward0 object at 0x7fabebea1c90>
True
None
True
True
False
"""
PYTORCH = {
    "x": [[-1.6475664377212524, 1.0156296491622925], [-0.20195621252059937, -1.2864707708358765]],
    "y": [[0.8231099843978882, -0.6100623607635498], [-1.295988917350769, -0.9434162378311157]],
    "z_2": [
        [
            0.5437674522399902,
            -0.4057423770427704,
            1.1340515613555908,
            -0.14726622402668,
            0.627178966999054,
            1.0934529304504395,
            0.09390314668416977,
            1.23806631565094,
        ],
        [
            -1.1115385293960571,
            0.3500675857067108,
            -0.7702727913856506,
            -1.34589421749115,
            0.5118972659111023,
            -0.6932776570320129,
            -0.1667601615190506,
            -0.9998821020126343,
        ],
    ],
}
# --- end of PyTorch's output ---


def test_pytorch_nlp_intro():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-6)
    assert_values(got.values, PYTORCH, rtol=1e-6)
    # the flags and the missing graph nodes, as PyTorch prints them
    flags = [line for line in got.stdout.splitlines() if line in ("True", "False", "None")]
    want = [line for line in PYTORCH_STDOUT.splitlines() if line in ("True", "False", "None")]
    assert flags == want
