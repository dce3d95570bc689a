"""autograd.set_printoptions: a tensor's text under PyTorch's options equals PyTorch 2.13's
(tests/data/print_sampler.json, recorded by tools/make_print_sampler_fixtures.py), with
`Tensor(` for `tensor(` and without PyTorch's `size=` suffix; before the first call, numpy's
text. Every test starts and ends with the defaults (the fixture)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest

import autograd
from autograd import printing

FIX = json.loads((Path(__file__).parent / "data" / "print_sampler.json").read_text())
PRINTS = {c["name"]: c for c in FIX["prints"]}


@pytest.fixture(autouse=True)
def default_printing():
    printing.reset()
    yield
    printing.reset()


def _values_text(torch_text: str) -> str:
    body = torch_text[len("tensor(") : -1]
    return re.sub(r", size=\([0-9, ]*\)$", "", body)


@pytest.mark.parametrize("name", PRINTS)
def test_text_matches_pytorch(name):
    case = PRINTS[name]
    before = autograd.get_default_dtype()
    autograd.set_default_dtype(np.dtype(case["default_dtype"]))
    try:
        t = autograd.tensor(case["values"], dtype=np.dtype(case["dtype"]))
        autograd.set_printoptions(profile="default")
        autograd.set_printoptions(**case["options"])
        assert repr(t) == "Tensor(" + _values_text(case["text"]) + ")"
        assert str(t) == repr(t)
    finally:
        autograd.set_default_dtype(before)


def test_before_set_printoptions_numpy_text_and_reset_restores_it():
    t = autograd.tensor([1.5, 2.0])
    assert repr(t) == "Tensor([1.5, 2. ])"
    autograd.set_printoptions(precision=2)
    assert repr(t) == "Tensor([1.50, 2.00])"
    autograd.set_printoptions(profile="default")
    assert repr(t) == "Tensor([1.5000, 2.0000])"
    printing.reset()
    assert repr(t) == "Tensor([1.5, 2. ])"


def test_options_persist_and_profiles_set_the_four_numbers():
    autograd.set_printoptions(precision=3, linewidth=50)
    assert printing.get_printoptions() == dict(
        precision=3, threshold=1000, edgeitems=3, linewidth=50, sci_mode=None
    )
    autograd.set_printoptions(profile="short", edgeitems=1, sci_mode=True)
    assert printing.get_printoptions() == dict(
        precision=2, threshold=1000, edgeitems=1, linewidth=80, sci_mode=True
    )
    autograd.set_printoptions(threshold=5)  # sci_mode goes back to None, as PyTorch's
    assert printing.get_printoptions()["sci_mode"] is None
    autograd.set_printoptions(profile="full")
    assert printing.get_printoptions()["threshold"] == float("inf")


def test_suffixes_stay_graphgrads():
    autograd.set_printoptions(precision=2)
    w = autograd.tensor([1.0, 2.5], requires_grad=True)
    assert repr(w) == "Tensor([1.00, 2.50], requires_grad=True)"
    assert repr(w * 2) == "Tensor([2., 5.], grad_fn=<Mul>)"
    assert repr(autograd.tensor([0.5], dtype=np.float64)) == "Tensor([0.50], dtype=float64)"


def test_a_parameter_prints_its_values_with_the_options():
    import nn

    p = nn.Parameter(autograd.tensor([1.23456, 2.34567]))
    assert repr(p) == "Parameter([1.23456, 2.34567])"
    autograd.set_printoptions(precision=2)
    assert repr(p) == "Parameter([1.23, 2.35])"  # PyTorch: tensor([1.23, 2.35], ...)
