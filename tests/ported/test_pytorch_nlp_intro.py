"""A tour of tensors for text work: building, slicing, joining, reshaping and autograd.

programs/pytorch_nlp_intro.py, in the manner of the PyTorch tutorials' "Introduction to
PyTorch" (Deep Learning for NLP): `torch.tensor` of nested lists, indexing to a 0-d
tensor and `.item()`, `torch.randn((3, 4, 5))` (a size as one tuple), `torch.cat` along
rows and columns, `view(2, 12)`/`view(2, -1)`, `requires_grad=True`, printing `grad_fn`
(None for leaves and detached tensors), `s.backward()`, `requires_grad_()`, `detach()`,
`no_grad()`.

Compared with PyTorch: everything it prints (the tensors, the random draws, the
gradients, and the lines that are only True, False or None: the flags and the missing
graph nodes) and the tensors differentiated and the last random ones.

Tolerance: rtol 1e-6 (float32; the values print 4 decimals).

Randomness: seeded by the program (`torch.manual_seed(1)`): equal since graphgrad draws
PyTorch's numbers (issue 21).
"""

from harness import assert_printed, assert_values, run

PROGRAM = "pytorch_nlp_intro"
ARGV = ""
RECORD = {"u.grad": "u.grad", "v.grad": "v.grad", "a": "a", "b": "b", "grid": "grid"}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
tensor([3., 0., 1.])
tensor([[1., 0., 2.],
        [0., 4., 1.]])
tensor([[[1., 2.],
         [3., 4.]],

        [[5., 6.],
         [7., 8.]]])
tensor(3.)
3.0
tensor([0., 4., 1.])
tensor([5., 6.])
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
tensor([[-0.8029,  0.2366,  0.2857,  0.6898],
        [-0.6331,  0.8795, -0.6842,  0.4533],
        [ 0.2912, -0.8317, -0.5525,  0.6355],
        [-0.3968, -0.6571, -1.6428,  0.9803],
        [-0.0421, -0.8206,  0.3133, -1.1352]])
tensor([[ 0.3773, -0.2824, -2.5667, -0.4057,  1.1341],
        [-1.4303,  0.5009,  0.5438, -1.1115,  0.3501]])
tensor([[-1.0371, -1.0669, -0.2085, -0.2155,  0.2705,  0.5597, -0.3184,  1.5117,
          0.4175, -0.2127, -0.8400, -0.4200],
        [-0.6240, -0.9773,  0.8748,  0.9873,  0.3096,  1.5207,  1.2052, -1.8156,
         -0.4035, -0.9591, -0.0052, -0.0789]])
tensor([[-1.0371, -1.0669, -0.2085, -0.2155,  0.2705,  0.5597, -0.3184,  1.5117,
          0.4175, -0.2127, -0.8400, -0.4200],
        [-0.6240, -0.9773,  0.8748,  0.9873,  0.3096,  1.5207,  1.2052, -1.8156,
         -0.4035, -0.9591, -0.0052, -0.0789]])
tensor([4.0000, 0.0000, 7.5000], grad_fn=<AddBackward0>)
<AddBackward0 object at 0x7f511549b7c0>
tensor(11.5000, grad_fn=<SumBackward0>)
<SumBackward0 object at 0x7f511549b850>
tensor([2.0000, 0.0000, 1.5000])
tensor([2., 3., 5.])
False False
None
<MulBackward0 object at 0x7f511549b490>
None
True False
True
False
"""
PYTORCH = {
    "u.grad": [2.0, 0.0, 1.5],
    "v.grad": [2.0, 3.0, 5.0],
    "a": [[-0.09946747869253159, -0.7212567925453186], [1.270782232284546, -0.002022507833316922]],
    "b": [[-1.0951849222183228, 0.6016450524330139], [0.6984142065048218, -0.8005223870277405]],
    "grid": {
        "shape": [2, 3, 4],
        "norm": 4.184417693768322,
        "head": [
            -1.0371166467666626,
            -1.06690514087677,
            -0.20850393176078796,
            -0.21552248299121857,
            0.270527720451355,
            0.5596919655799866,
        ],
    },
}
# --- end of PyTorch's output ---


def test_pytorch_nlp_intro():
    got = run(PROGRAM, ARGV, RECORD)
    got.check()
    assert_printed(got.stdout, PYTORCH_STDOUT, rtol=1e-6)
    assert_values(got.values, PYTORCH, rtol=1e-6)
