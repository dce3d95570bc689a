"""autograd.complex/polar: graphgrad has no complex dtype, so both raise a TypeError saying
what to write with two real tensors; the names table counts them (and SparseAdam, whose
every step refuses dense gradients) as absent."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

import autograd

ROOT = Path(__file__).resolve().parent.parent
# loaded from its file, as tests/test_from_pytorch_table.py does (the table needs no torch)
_spec = importlib.util.spec_from_file_location("pytorch_names", ROOT / "tools" / "pytorch_names.py")
pytorch_names = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pytorch_names)


def test_complex_and_polar_refuse_with_what_to_write():
    re, im = autograd.ones(2), autograd.zeros(2)
    with pytest.raises(TypeError, match="no complex dtype.*two real tensors"):
        autograd.complex(re, im)
    with pytest.raises(TypeError, match=r"re = abs \* autograd.cos\(angle\)"):
        autograd.polar(re, im)


def test_refusals_are_not_counted_as_present():
    found = {theirs: ours for r in pytorch_names.rows().values() for theirs, ours, _ in r}
    assert found["torch.complex"] is None and found["torch.polar"] is None
    assert found["torch.optim.SparseAdam"] is None
    assert found["torch.optim.Adafactor"] == "optim.Adafactor"
    assert found["torch.set_printoptions"] == "autograd.set_printoptions"
    assert found["torch.utils.data.DistributedSampler"] == "nn.data.DistributedSampler"


def test_general_eigendecompositions_refuse_with_what_to_write():
    A = autograd.tensor([[2.0, 1.0], [0.0, 3.0]])
    for f in (autograd.linalg.eig, autograd.linalg.eigvals):
        with pytest.raises(TypeError, match="no complex dtype.*eigh / eigvalsh.*numpy.linalg"):
            f(A)
    found = {theirs: ours for r in pytorch_names.rows().values() for theirs, ours, _ in r}
    assert found["torch.linalg.eig"] is None and found["torch.linalg.eigvals"] is None
