"""The documentation site builds in strict mode, offline, with every page it should have.

Strict: a broken link or cross-reference, a public name without a docstring
(tools/mkdocs_hooks.py) or an asset from another host fails the build.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("mkdocs", reason="the docs extra: pip install -e '.[docs]'")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    warnings = [line for line in proc.stderr.splitlines() if "WARNING" in line or "ERROR" in line]
    assert proc.returncode == 0, "mkdocs build --strict failed:\n" + "\n".join(warnings[:40])
    return out


def test_site_has_home_guides_notebooks_and_api(site):
    assert "A short tour" in (site / "index.html").read_text()
    for page in (ROOT / "docs").glob("*.md"):
        assert (site / page.with_suffix(".html").name).exists(), page.name
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        html = (site / "notebooks" / nb.with_suffix(".html").name).read_text()
        assert "jupyter-wrapper" in html, nb.name  # rendered, with its stored outputs
    api = {p.stem for p in (site / "api").glob("*.html")}
    assert {"autograd", "autograd.Tensor", "nn", "nn.functional", "optim"} <= api


def test_api_pages_show_every_public_name(site):
    import nn
    import optim

    text = (site / "api" / "nn.html").read_text()
    for name in nn.__all__:
        obj = getattr(nn, name)
        if not isinstance(obj, type(nn)):  # modules have pages of their own
            # a name nn loads on first use is documented at the module that defines it
            anchor = f"{obj.__module__}.{name}" if name in nn._LAZY else f"nn.{name}"
            assert f'id="{anchor}"' in text, name
    text = (site / "api" / "optim.html").read_text()
    for name in optim.__all__:
        if name != "lr_scheduler":
            assert f'id="optim.{name}"' in text, name


def test_notebook_math_is_mathml_and_no_external_script(site):
    html = (site / "notebooks" / "02_backprop_by_hand.html").read_text()
    assert "<math" in html and "$f(x" not in html
    assert not re.search(r'<script[^>]+src="https?://', html)


def test_excerpts_are_titled(site):
    html = (site / "engine-internals.html").read_text()
    assert "Excerpt: the library&#x27;s own Mul" in html
