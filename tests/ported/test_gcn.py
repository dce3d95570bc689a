"""A two-layer graph convolutional network on a synthetic citation graph, whose
normalised features and adjacency matrix are sparse tensors: programs/gcn.py, in the
manner of pytorch/examples' gcn.

Idioms: `np.genfromtxt` of the data files, `torch.FloatTensor(array)`,
`torch.sum(x, dim=1)`, `1 / x`, `x[x == float('inf')] = 0`, `torch.diag`, and then
`torch.diag(inverse).to_sparse()`: graphgrad has no sparse layouts, and the program
has no dense path (its `torch.spmm`, `torch.sparse_coo_tensor` adjacency and graph
convolutions follow).

Compared with PyTorch: the program must stop at the first sparse call, `.to_sparse()`,
with a TypeError saying what to write instead (keep the dense tensor; a sparse matrix
from indices and values as `index_put_` with `accumulate=True`), after printing what
PyTorch printed up to there. PyTorch's run goes on to train (20 epochs on 500 papers
with 40 words); its log is recorded but not compared.
"""

from harness import assert_printed, failing_line, run

PROGRAM = "gcn"
ARGV = "--epochs 20 --report 5 --papers 500 --words 40"
RECORD = {}

# --- PyTorch's output, recorded by tools/record_ported.py (PyTorch 2.13.0); do not edit ---
PYTORCH_STDOUT = """\
papers 500, words 40, topics 4
reading the citation graph...
epoch   5  train nll 1.2709  val accuracy 0.592
epoch  10  train nll 1.0731  val accuracy 0.958
epoch  15  train nll 0.8475  val accuracy 0.975
epoch  20  train nll 0.6762  val accuracy 0.967
test accuracy 0.973
"""
PYTORCH = {}
# --- end of PyTorch's output ---


def test_gcn():
    got = run(PROGRAM, ARGV, RECORD)
    # no sparse layouts: the first sparse call refuses, saying what to write instead
    assert isinstance(got.error, TypeError), got.error
    assert "no sparse layouts" in str(got.error) and "leave out .to_sparse()" in str(got.error)
    assert failing_line(got) == "return torch.spmm(torch.diag(inverse).to_sparse(), m)", got.error
    want = PYTORCH_STDOUT.splitlines()
    assert got.stdout.splitlines() == want[: want.index("reading the citation graph...") + 1]
    assert_printed(got.stdout, "\n".join(want[:2]), rtol=0)
