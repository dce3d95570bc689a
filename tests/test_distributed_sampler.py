"""nn.data.DistributedSampler: the indices each rank takes equal PyTorch 2.13's for the same
arguments and epoch (tests/data/print_sampler.json, recorded by
tools/make_print_sampler_fixtures.py): shuffled by a generator seeded by seed + epoch, padded
by repeating indices or cut with drop_last; and its refusals."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import autograd
from nn.data import DataLoader, DistributedSampler, TensorDataset

FIX = json.loads((Path(__file__).parent / "data" / "print_sampler.json").read_text())
CASES = FIX["samplers"]


@pytest.mark.parametrize(
    "case", CASES, ids=lambda c: "n{n}_r{num_replicas}_s{seed}_e{epoch}".format(**c)
)
def test_indices_match_pytorch(case):
    args = {k: case[k] for k in ("num_replicas", "shuffle", "seed", "drop_last")}
    for rank, want in enumerate(case["ranks"]):
        s = DistributedSampler(range(case["n"]), rank=rank, **args)
        s.set_epoch(case["epoch"])
        assert list(s) == want["indices"] and len(s) == want["len"]
        assert list(s) == want["indices"]  # the same order again within an epoch


def test_ranks_cover_the_dataset_and_epochs_reshuffle():
    n, replicas = 10, 3
    samplers = [DistributedSampler(range(n), num_replicas=replicas, rank=r) for r in range(3)]
    seen = sorted(i for s in samplers for i in s)
    assert set(seen) == set(range(n)) and len(seen) == 12  # two repeated to pad
    first = list(samplers[0])
    samplers[0].set_epoch(1)
    assert list(samplers[0]) != first


def test_in_a_data_loader():
    ds = TensorDataset(autograd.arange(8.0))
    sampler = DistributedSampler(ds, num_replicas=2, rank=1, shuffle=False)
    batches = [b[0].tolist() for b in DataLoader(ds, batch_size=2, sampler=sampler)]
    assert batches == [[1.0, 3.0], [5.0, 7.0]]


def test_refusals():
    with pytest.raises(RuntimeError, match="Requires distributed package to be available"):
        DistributedSampler(range(4))
    with pytest.raises(
        ValueError, match=r"Invalid rank 2, rank should be in the interval \[0, 1\]"
    ):
        DistributedSampler(range(4), num_replicas=2, rank=2)
    with pytest.raises(ValueError, match="Invalid rank -1"):
        DistributedSampler(range(4), num_replicas=2, rank=-1)
    assert np.array_equal(list(DistributedSampler(range(0), num_replicas=2, rank=0)), [])
