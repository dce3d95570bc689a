"""pytorch/examples gcn: a two-layer graph convolutional network on Cora, whose features
and normalised adjacency matrix are sparse tensors.

Source:
https://github.com/pytorch/examples/blob/main/gcn/main.py

Ported as programs/gcn.py (Cora replaced by a seeded synthetic set in its format, see
the program's docstring): `np.genfromtxt` of the data files, `torch.FloatTensor(array)`,
`torch.sum(x, dim=1)`, `1 / x`, `x[x == float('inf')] = 0`, `torch.diag`, and then
`torch.diag(scale_vector).to_sparse()`: graphgrad has no sparse layouts, and the program
has no dense path (its `torch.sparse_coo_tensor` adjacency and `torch.spmm` follow).

Compared with PyTorch: the program must stop at the first sparse call, `.to_sparse()`,
with a TypeError saying what to write instead (keep the dense tensor; a sparse matrix
from indices and values as `index_put_` with `accumulate=True`), after printing what
PyTorch printed up to there. PyTorch's run goes on to train (20 epochs on 1700 papers
with 60 words); its log, which holds timings, is recorded but not compared.
"""

from harness import assert_printed, failing_line, run

PROGRAM = "gcn"
ARGV = "--epochs 20 --val-every 5 --nodes 1700 --features 60"
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
Using cpu device
Downloading dataset...
Loading dataset...
Epoch: 0005 (0.0037s) loss_train: 1.9171 acc_train: 0.2300 loss_val: 1.9261 acc_val: \
0.1980
Epoch: 0010 (0.0081s) loss_train: 1.8805 acc_train: 0.3900 loss_val: 1.8989 acc_val: \
0.2900
Epoch: 0015 (0.0040s) loss_train: 1.8361 acc_train: 0.4400 loss_val: 1.8657 acc_val: \
0.3560
Epoch: 0020 (0.0078s) loss_train: 1.7817 acc_train: 0.4700 loss_val: 1.8245 acc_val: \
0.4120
Test set results: loss 1.8196 accuracy 0.4380
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_gcn():
    got = run(PROGRAM, ARGV, RECORD)
    # no sparse layouts: the first sparse call refuses, saying what to write instead
    assert isinstance(got.error, TypeError), got.error
    assert "no sparse layouts" in str(got.error) and "leave out .to_sparse()" in str(got.error)
    assert failing_line(got).startswith(").to_sparse()  # Convert the scale vector"), got.error
    want = PYTORCH_STDOUT.splitlines()
    assert got.stdout.splitlines() == want[: want.index("Loading dataset...") + 1]
    assert_printed(got.stdout, "\n".join(want[:3]), rtol=0)
