"""docs/from-pytorch.md's table of PyTorch names is generated from the code and stays true.

tools/pytorch_names.py looks every PyTorch name of tools/pytorch_names.json up in graphgrad
and writes the table; regenerated here, it must equal the page (run
`python -m tools.pytorch_names` after adding a name, or when one goes away).
"""

import importlib
import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# the tool needs no torch for the table (only its `record` step does)
_spec = importlib.util.spec_from_file_location("pytorch_names", ROOT / "tools" / "pytorch_names.py")
pytorch_names = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pytorch_names)


def test_the_page_has_the_generated_table():
    page = pytorch_names.PAGE.read_text()
    start = page.index(pytorch_names.BEGIN)
    end = page.index(pytorch_names.END) + len(pytorch_names.END)
    assert page[start:end] == pytorch_names.table(), (
        "docs/from-pytorch.md is stale: run `python -m tools.pytorch_names`"
    )


def test_every_listed_graphgrad_name_exists():
    for section in pytorch_names.rows().values():
        for _, ours, _ in section:
            if ours is None:
                continue
            module, _, name = ours.rpartition(".")
            try:
                owner = importlib.import_module(module)
            except ImportError:  # autograd.Tensor, autograd.autograd
                head, _, attr = module.rpartition(".")
                owner = getattr(importlib.import_module(head), attr)
            assert hasattr(owner, name), ours


def test_the_name_list_covers_the_modules_people_use():
    sections = json.loads(pytorch_names.NAMES_FILE.read_text())["sections"]
    assert set(sections) >= {
        "torch", "torch.Tensor", "torch.linalg", "torch.special", "torch.nn",
        "torch.nn.functional", "torch.optim", "torch.utils.data", "torch.autograd",
    }  # fmt: skip
    # the pages' groups are all there, the rarely used ones included (they count as absent)
    for name in ("cov", "gcd", "isin", "stft", "sparse_coo_tensor", "quantize_per_tensor",
                 "_foreach_exp", "quasirandom.SobolEngine", "pi", "newaxis"):  # fmt: skip
        assert name in sections["torch"], name
    for name in ("H", "mH", "real", "gcd_", "to_sparse", "q_scale", "data", "grad_fn"):
        assert name in sections["torch.Tensor"], name
    assert "householder_product" in sections["torch.linalg"]
    for key in pytorch_names.NOTES:  # a note is for a listed name
        section, _, name = key.rpartition(".")
        assert name in sections.get(section, ()), key
