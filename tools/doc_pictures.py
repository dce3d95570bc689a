"""The documentation's drawings, made by the code the pages show.

A page's Python blocks run top to bottom in one namespace (as tests/test_doc_code_blocks.py
runs them). A block followed, before the next block, by a link to `img/NAME.svg` is the
picture's code: its last line is an expression giving a drawing, saved as docs/img/NAME.svg
(what the page shows) and docs/img/NAME.gv (its DOT source: tests/test_pictures.py renders
it with `dot -Tpng` and checks that its text stays readable in a notebook column).

``python -m tools.doc_pictures refresh`` writes them; ``check`` compares the DOT sources
with the stored ones (numbers within the notebooks' tolerance) and exits 1 on a difference.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "img"
PAGES = [ROOT / "docs" / "graphs.md"]
FENCE = re.compile(
    r"^(?P<excerpt><!--\s*excerpt\b[^>]*-->\n)?(?P<indent>[ \t]*)(?P<fence>```+)(?P<info>[^\n`]*)\n"
    r"(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
LINK = re.compile(r"\(img/([\w-]+)\.svg\)")


def pictures(page: Path) -> dict[str, str]:
    """NAME -> DOT source of every picture the page links after a code block."""
    text = page.read_text(encoding="utf-8")
    blocks = [m for m in FENCE.finditer(text) if m.group("info").strip() in ("python", "py")]
    namespace: dict = {"__name__": "__doc_pictures__"}
    out: dict[str, str] = {}
    cwd = os.getcwd()
    os.chdir(_scratch())
    try:
        for k, m in enumerate(blocks):
            if m.group("excerpt"):
                continue
            body = textwrap.dedent(m.group("body"))
            end = blocks[k + 1].start() if k + 1 < len(blocks) else len(text)
            names = LINK.findall(text[m.end() : end])
            tree = ast.parse(body)
            last = tree.body[-1] if names and isinstance(tree.body[-1], ast.Expr) else None
            if last is not None:
                tree.body = tree.body[:-1]
            exec(compile(tree, f"{page.name} block {k + 1}", "exec"), namespace)
            if last is not None:
                graph = eval(compile(ast.Expression(last.value), page.name, "eval"), namespace)
                for name in names:
                    out.setdefault(name, graph.source)
    finally:
        os.chdir(cwd)
    return out


def _scratch() -> str:
    import tempfile

    return tempfile.mkdtemp(prefix="doc_pictures_")


def refresh() -> None:
    import graphviz

    for page in PAGES:
        for name, source in pictures(page).items():
            (IMG / f"{name}.gv").write_text(source, encoding="utf-8")
            svg = graphviz.Source(source).pipe(format="svg").decode()
            (IMG / f"{name}.svg").write_text(svg, encoding="utf-8")
            print(f"wrote docs/img/{name}.svg and .gv")


def check() -> list[str]:
    """The pictures whose stored DOT source differs from what their page's code draws."""
    sys.path.insert(0, str(ROOT / "tools"))
    from notebooks import compare_text

    problems = []
    for page in PAGES:
        for name, source in pictures(page).items():
            stored = IMG / f"{name}.gv"
            if not stored.exists():
                problems.append(f"docs/img/{name}.gv is missing")
                continue
            msg = compare_text(stored.read_text(encoding="utf-8"), source)
            if msg:
                problems.append(f"docs/img/{name}.gv: {msg}")
    return problems


def main(argv: list[str]) -> int:
    if argv[:1] == ["refresh"]:
        refresh()
        return 0
    if argv[:1] == ["check"]:
        problems = check()
        print("\n".join(problems) or "docs/img is current")
        return 1 if problems else 0
    print("usage: python -m tools.doc_pictures refresh|check", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
