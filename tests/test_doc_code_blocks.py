"""Every Python code block in README.md and docs/*.md runs as written.

The blocks of a page run top to bottom as one script, in a fresh interpreter, in a
temporary folder, with matplotlib's Agg backend (nothing is shown or downloaded). A block
that is an excerpt (a line of a larger program, a function body) says so with the line
``<!-- excerpt -->`` (or ``<!-- excerpt: why -->``) right above its fence; it is skipped
here and titled "Excerpt" on the site.
"""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]

FENCE = re.compile(
    r"^(?P<excerpt><!--\s*excerpt\b[^>]*-->\n)?(?P<indent>[ \t]*)(?P<fence>```+)(?P<info>[^\n`]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)


def code_blocks(text: str) -> list[tuple[str, str, bool, int]]:
    """(language, code, is an excerpt, line number) of each fenced block."""
    out = []
    for m in FENCE.finditer(text):
        info = m.group("info").strip().split()
        lang = info[0].lower() if info else ""
        body = textwrap.dedent(m.group("body"))
        line = text.count("\n", 0, m.start("fence")) + 1
        out.append((lang, body, m.group("excerpt") is not None, line))
    return out


def page_script(path: Path) -> str:
    """The page's runnable Python blocks, joined, each with a comment naming its line."""
    parts = []
    for lang, body, excerpt, line in code_blocks(path.read_text(encoding="utf-8")):
        if lang in ("python", "py") and not excerpt:
            parts.append(f"# ---- {path.name}, line {line}\n{body}")
    return "\n".join(parts)


def test_block_parsing_and_excerpt_marks():
    text = (
        "Run:\n\n```python\nx = 1\n```\n\n<!-- excerpt: a loop body -->\n```python\n"
        "loss.backward()\n```\n\n- in a list:\n\n  ```python\n  y = x + 1\n  ```\n\n```\nout\n```\n"
    )
    blocks = code_blocks(text)
    assert [(b[0], b[1], b[2]) for b in blocks] == [
        ("python", "x = 1\n", False),
        ("python", "loss.backward()\n", True),
        ("python", "y = x + 1\n", False),
        ("", "out\n", False),
    ]


@pytest.mark.parametrize("page", PAGES, ids=[p.name for p in PAGES])
def test_page_code_blocks_run_as_written(page, tmp_path):
    script = page_script(page)
    if not script:
        pytest.skip(f"{page.name} has no runnable Python block")
    file = tmp_path / f"{page.stem}_blocks.py"
    file.write_text(script, encoding="utf-8")
    env = dict(os.environ, MPLBACKEND="Agg", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, str(file)], cwd=tmp_path, env=env, capture_output=True, text=True,
        timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, (
        f"{page.name}: its code blocks fail when run top to bottom:\n{proc.stderr[-3000:]}"
    )
