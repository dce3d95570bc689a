"""The harness of the ported programs: the import mapping, running a program, comparing output."""

import ast
import re
import textwrap

import numpy as np
import pytest
from harness import (
    HERE,
    PROGRAMS,
    assert_printed,
    assert_values,
    execute,
    failing_line,
    numbers,
    summarize,
    to_pytorch,
)

TESTS = sorted(p for p in HERE.glob("test_*.py") if p.name != "test_harness.py")


def test_import_mapping():
    source = textwrap.dedent(
        """\
        import math
        import autograd as torch
        import nn
        import nn.functional as F
        import nn.parallel
        import nn.data as data
        import autograd.backends.cudnn as cudnn
        from autograd.distributions import Categorical
        from nn import functional as G  # a comment stays
        import optim
        from optim.lr_scheduler import StepLR
        from nn.data import DataLoader, Dataset
        from autograd import optim
        from autograd import nn, Tensor
        import autograd.autograd as autograd
            import nn  # noqa: E402
        x = torch.nn.Linear(2, 3)  # the body is left alone, torch.nn included
        """
    )
    assert to_pytorch(source) == textwrap.dedent(
        """\
        import math
        import torch
        import torch.nn as nn
        import torch.nn.functional as F
        import torch.nn.parallel
        import torch.utils.data as data
        import torch.backends.cudnn as cudnn
        from torch.distributions import Categorical
        from torch.nn import functional as G  # a comment stays
        import torch.optim as optim
        from torch.optim.lr_scheduler import StepLR
        from torch.utils.data import DataLoader, Dataset
        from torch import optim
        from torch import nn, Tensor
        import torch.autograd as autograd
            import torch.nn as nn  # noqa: E402
        x = torch.nn.Linear(2, 3)  # the body is left alone, torch.nn included
        """
    )


@pytest.mark.parametrize("line", ["import autograd", "from autograd import Tensor as T"])
def test_import_mapping_refuses_what_it_cannot_map(line):
    with pytest.raises(ValueError, match="no PyTorch spelling"):
        to_pytorch(line)


@pytest.mark.parametrize("test", TESTS, ids=lambda p: p.stem)
def test_each_test_names_a_program_whose_imports_map(test):
    names = {
        n.targets[0].id: ast.literal_eval(n.value)
        for n in ast.parse(test.read_text()).body
        if isinstance(n, ast.Assign) and isinstance(n.targets[0], ast.Name)
    }
    program = PROGRAMS / f"{names['PROGRAM']}.py"
    assert test.stem == f"test_{names['PROGRAM']}"
    text = to_pytorch(program.read_text())
    assert not re.search(r"^\s*(import|from)\s+(autograd|nn|optim)\b", text, re.M)
    assert "import torch" in text
    assert isinstance(names["PYTORCH_STDOUT"], str) and names["PYTORCH_STDOUT"]


def test_every_program_has_a_test():
    programs = {p.stem for p in PROGRAMS.glob("*.py")}
    assert programs == {t.stem.removeprefix("test_") for t in TESTS}


def test_numbers_in_printed_text():
    text = (
        "tensor([-0.1007, 2.5e-03], grad_fn=<AddmmBackward0>) torch.Size([64, 10])\n"
        "1999 12.286677360534668 <MseLossBackward0 object at 0x7f42> -inf\n"
        "Train Epoch: 1 [96/192 (50%)]\tLoss: 2.276522"
    )
    assert numbers(text)[:7] == [-0.1007, 2.5e-3, 64, 10, 1999, 12.286677360534668, -np.inf]
    assert numbers(text)[7:] == [1, 96, 192, 50, 2.276522]
    assert np.isnan(numbers("loss nan")[0])


def test_assert_printed_agrees_to_the_printed_precision():
    assert_printed("Tensor([-0.10066913, 0.5])", "tensor([-0.1007, 0.5000])", rtol=1e-6)
    with pytest.raises(AssertionError, match="number 0 printed: -0.1005"):
        assert_printed("Tensor([-0.1005, 0.5])", "tensor([-0.1007, 0.5000])", rtol=1e-6)
    assert_printed("99 24804.93", "99 24804.931640625", rtol=1e-6)
    with pytest.raises(AssertionError, match="rtol 1e-06"):
        assert_printed("99 24804.87", "99 24804.931640625", rtol=1e-6)
    with pytest.raises(AssertionError, match="printed 1 numbers, PyTorch printed 2"):
        assert_printed("loss 1.0", "loss 1.0 2.0", rtol=1e-6)
    assert_printed("a 1e-9", "a 3e-9", rtol=1e-6, atol=1e-8)


def test_summaries_and_their_comparison():
    small, large = np.arange(4.0), np.linspace(-1, 1, 50).reshape(5, 10)
    got = summarize({"w": large, "b": small, "xs": [small, large]})
    assert got["b"] == [0.0, 1.0, 2.0, 3.0] and list(got["xs"]) == ["0", "1"]
    assert got["w"]["shape"] == [5, 10] and len(got["w"]["head"]) == 6
    assert got["w"]["norm"] == pytest.approx(np.linalg.norm(large))
    assert_values(got, summarize({"w": large * (1 + 1e-7), "b": small, "xs": [small, large]}), 1e-6)
    with pytest.raises(AssertionError):
        assert_values(got, summarize({"w": -large, "b": small, "xs": [small, large]}), 1e-6)
    with pytest.raises(AssertionError, match="shape"):
        assert_values(summarize(large.T), got["w"], 1e-6)
    with pytest.raises(AssertionError):
        assert_values([1.0, 2.0], [1.0, 2.1], 1e-6)


def test_execute_captures_output_values_and_the_failing_line(tmp_path):
    program = tmp_path / "prog.py"
    program.write_text(
        textwrap.dedent(
            """\
            import sys
            total = sum(int(a) for a in sys.argv[1:])
            print("total", total)
            if total > 5:
                raise RuntimeError("too big: write a smaller number")
            """
        )
    )
    ok = execute(program, "1 2", {"t": "total", "twice": "[total, total * 2]"})
    assert ok.error is None and ok.stdout == "total 3\n"
    assert ok.values == {"t": 3, "twice": [3, 6]}
    failed = execute(program, ["3", "4"])
    assert isinstance(failed.error, RuntimeError) and failed.stdout == "total 7\n"
    assert failing_line(failed) == 'raise RuntimeError("too big: write a smaller number")'
    with pytest.raises(RuntimeError, match="too big"):
        failed.check()


def test_run_restores_the_settings_a_program_changes(tmp_path, monkeypatch):
    import harness

    import autograd

    (tmp_path / "settings.py").write_text(
        textwrap.dedent(
            """\
            import autograd as torch
            torch.set_default_dtype(torch.float64)
            torch.use_deterministic_algorithms(True)  # as the DCGAN tutorial does
            """
        )
    )
    monkeypatch.setattr(harness, "PROGRAMS", tmp_path)
    before = autograd.get_default_dtype(), autograd.are_deterministic_algorithms_enabled()
    harness.run("settings").check()
    after = autograd.get_default_dtype(), autograd.are_deterministic_algorithms_enabled()
    assert after == before and autograd.get_deterministic_debug_mode() == 0
