"""MkDocs hooks that assemble the documentation site (mkdocs.yml: ``hooks:``).

- The home page is README.md (its ``docs/`` links rewritten for the site).
- Guides: every docs/*.md, in GUIDES order and then alphabetically, so a new page shows
  up in the navigation by itself (titled by its first heading).
- Notebooks: every notebooks/*.ipynb, rendered by mkdocs-jupyter from its stored outputs.
  Their TeX is turned into MathML here (browsers draw it natively; no MathJax from a CDN)
  and scripts from other hosts are dropped, so the site works offline.
- API reference: one page per entry of tools/public_api.PAGES, generated from the
  modules' ``__all__`` (mkdocstrings renders each name), grouped by source module.
- A public name without a docstring is a warning, so ``mkdocs build --strict`` fails.
- A code block preceded by ``<!-- excerpt -->`` is titled as an excerpt (tests that run
  the docs' code blocks skip it).
"""

from __future__ import annotations

import html
import importlib
import inspect
import logging
import re
import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import public_api  # noqa: E402

log = logging.getLogger("mkdocs.hooks.graphgrad")

# Guides first in this order; any other docs/*.md follows alphabetically, then these last.
GUIDES = ["graphs.md", "testing.md", "optimizers.md", "reliability.md"]
GUIDES_LAST = ["engine-internals.md", "documentation.md"]

EXCERPT = re.compile(r"^<!--\s*excerpt(?::\s*(.*?))?\s*-->\n(```+)(\w+)([^\n]*)\n", re.M)


def _guides(docs_dir: Path) -> list[str]:
    found = sorted(p.name for p in docs_dir.glob("*.md") if p.name != "index.md")
    middle = [g for g in found if g not in GUIDES and g not in GUIDES_LAST]
    return [g for g in GUIDES if g in found] + middle + [g for g in GUIDES_LAST if g in found]


def _notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("*.ipynb"))


def on_config(config):
    docs_dir = Path(config["docs_dir"])
    config["nav"] = [
        {"Home": "index.md"},
        {"Guides": _guides(docs_dir)},
        {"Notebooks": [f"notebooks/{p.name}" for p in _notebooks()]},
        {"API reference": [{title: f"api/{slug}.md"} for slug, title, _ in public_api.PAGES]},
    ]
    return config


@event_priority(50)  # before mkdocs-jupyter's on_files, so that it takes the notebooks
def on_files(files: Files, config) -> Files:
    files.append(File.generated(config, "index.md", content=_home_page()))
    for nb in _notebooks():
        files.append(
            File(
                f"notebooks/{nb.name}",
                src_dir=str(ROOT),
                dest_dir=config["site_dir"],
                use_directory_urls=config["use_directory_urls"],
            )
        )
    for slug, title, modules in public_api.PAGES:
        files.append(File.generated(config, f"api/{slug}.md", content=_api_page(title, modules)))
    return files


def on_pre_build(config) -> None:
    missing, pending = public_api.split_pending(public_api.undocumented())
    for name in missing:
        log.warning("public name without a docstring: %s", name)
    if pending:
        log.info(
            "%d public names in %s without a docstring (pending)",
            len(pending),
            ", ".join(sorted(public_api.PENDING)),
        )


# ----------------------------------------------------------------------------- pages


def _home_page() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    # README links are relative to the repository root; the site's root is docs/.
    return re.sub(r"\]\(docs/", "](", text)


_SECTION_TITLES = {
    "autograd.tensor_class": "Tensor",
    "autograd.creation": "Creating tensors",
    "autograd.grad_mode": "Grad modes",
    "autograd.engine": "Gradients",
    "autograd.function": "Custom ops",
    "autograd.gradcheck": "Gradient checks",
    "autograd.anomaly": "Anomaly detection",
    "autograd.dtypes": "Default dtype",
    "autograd.drawing": "Drawing graphs",
    "nn.module": "Modules and containers",
    "nn.linear": "Linear layers",
    "nn.conv": "Convolution and pooling",
    "nn.norm": "Normalisation",
    "nn.rnn": "Recurrent layers",
    "nn.dropout": "Dropout",
    "nn.embedding": "Embedding",
    "nn.residual": "Residual blocks",
    "nn.activations": "Activations",
    "nn.losses": "Losses",
    "nn.serialization": "Saving and loading",
    "nn.checkpoint": "Saving and loading",
    "nn.summary": "Model summary",
}


def _source_module(obj, default: str) -> str:
    name = getattr(obj, "__module__", None) or default
    return name


def _api_page(title: str, modules: list[str]) -> str:
    if modules == ["autograd.Tensor"]:
        # Every method, those of its mixins (operators, in-place methods, numpy protocols)
        # included, and those still without a docstring (autograd's are being written).
        return (
            f"# {title}\n\n"
            "::: autograd.Tensor\n"
            "    options:\n"
            "      show_root_heading: false\n"
            "      heading_level: 2\n"
            "      inherited_members: true\n"
            "      show_if_no_docstring: true\n"
        )
    out = [f"# {title}\n"]
    for mname in modules:
        mod = importlib.import_module(mname)
        if len(modules) > 1:
            out.append(f"## `{mname}`\n")
        doc = inspect.getdoc(mod) or ""
        if doc:
            out.append(doc + "\n")
        groups: dict[str, list[str]] = {}
        for name in public_api.public_names(mod):
            obj = getattr(mod, name)
            if inspect.ismodule(obj) or (mname == "autograd" and name == "Tensor"):
                continue
            # A name the module provides lazily (a module __getattr__) is documented where
            # it is defined: the static reader sees no such name in the module (even once
            # an earlier getattr has cached it in the module's namespace).
            path = f"{mname}.{name}"
            # (by its own name there when it is an alias: autograd.mvlgamma is multigammaln)
            if name not in _static_names(mod) and hasattr(obj, "__module__"):
                home = importlib.import_module(obj.__module__)
                own = name if hasattr(home, name) else getattr(obj, "__name__", name)
                path = f"{obj.__module__}.{own}"
                if own not in _static_names(home):  # made in a loop (torch_inplace's forms):
                    # listed with the first line of its docstring, as no static reader sees it
                    line = (inspect.getdoc(obj) or "").split("\n")[0]
                    path = f"- `{mname}.{name}`: {line}"
            groups.setdefault(_source_module(obj, mname), []).append(path)
        level = 3 if len(modules) > 1 else 2
        for source, names in groups.items():
            if len(groups) > 1:
                heading = _SECTION_TITLES.get(source) or _first_line(source)
                out.append(f"{'#' * level} {heading}\n")
            made = [p for p in names if p.startswith("- ")]
            if made:
                out.append("\n".join(made) + "\n")
            for path in names:
                if path.startswith("- "):
                    continue
                out.append(
                    f"::: {path}\n"
                    f"    options:\n"
                    f"      heading_level: {level + (1 if len(groups) > 1 else 0)}\n"
                )
    return "\n".join(out)


def _static_names(mod) -> set[str]:
    """The names a module binds at its top level, as a static reader sees its source."""
    import ast

    try:
        tree = ast.parse(inspect.getsource(mod))
    except (OSError, TypeError):
        return set(vars(mod))
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names.update((a.asname or a.name).split(".")[0] for a in node.names)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def _first_line(module_name: str) -> str:
    try:
        doc = inspect.getdoc(importlib.import_module(module_name)) or module_name
    except ImportError:
        return module_name
    return doc.split("\n")[0].rstrip(".")


# ------------------------------------------------------------------- code blocks


def on_page_markdown(markdown: str, page, config, files) -> str:
    def title(m: re.Match) -> str:
        reason = m.group(1) or "not runnable on its own"
        return f'{m.group(2)}{m.group(3)} title="Excerpt: {reason}"{m.group(4)}\n'

    return EXCERPT.sub(title, markdown)


# ------------------------------------------------------------------------- notebooks

_EXTERNAL_SCRIPT = re.compile(
    r"<script[^>]*\bsrc=\"https?://[^\"]*\"[^>]*>\s*</script>|"
    r"<script[^>]*>[^<]*(?:MathJax|mermaid)[^<]*</script>",
    re.S | re.I,
)
_MATH = re.compile(r"\$\$(.+?)\$\$|(?<![\\$\w])\$(?!\s)([^$\n]+?)(?<![\s\\])\$(?!\w)", re.S)
_TEX_FIXES = [(r"\arg\max", r"\operatorname{arg\,max}"), (r"\arg\min", r"\operatorname{arg\,min}")]


def _mathml(tex: str, display: bool) -> str:
    from latex2mathml.converter import convert

    tex = html.unescape(tex)
    for a, b in _TEX_FIXES:
        tex = tex.replace(a, b)
    try:
        return convert(tex, display="block" if display else "inline")
    except Exception as e:  # noqa: BLE001 - any converter failure: keep the TeX, say so
        log.warning("could not convert TeX %r to MathML: %s", tex, e)
        return html.escape(tex)


def _math_in_text(fragment: str) -> str:
    def one(m: re.Match) -> str:
        if m.group(1) is not None:
            return _mathml(m.group(1), True)
        return _mathml(m.group(2), False)

    return _MATH.sub(one, fragment)


_SKIP = re.compile(r"(<(pre|code|script|style)\b.*?</\2>)", re.S | re.I)


def _convert_math(content: str) -> str:
    parts = _SKIP.split(content)
    out = []
    i = 0
    while i < len(parts):
        out.append(_math_in_text(parts[i]))
        if i + 1 < len(parts):
            out.append(parts[i + 1])  # a <pre>/<code>/<script>/<style> element, untouched
        i += 3
    return "".join(out)


def on_page_content(content: str, page, config, files) -> str:
    if page.file.src_uri.endswith(".ipynb"):
        content = _EXTERNAL_SCRIPT.sub("", content)
        content = _convert_math(content)
        _toc_math(page.toc)
    return content


def _toc_math(items) -> None:
    """Headings with TeX in the page's table of contents, drawn as MathML too."""
    for item in items:
        item.title = _math_in_text(item.title)
        _toc_math(item.children)


# ------------------------------------------------------------------------ offline check

_EXTERNAL_ASSET = re.compile(
    r"<(?:script|img|iframe)\b[^>]*\bsrc=\"(https?:)?//|<link\b[^>]*\bhref=\"(https?:)?//", re.I
)


def on_post_build(config) -> None:
    site = Path(config["site_dir"])
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8", errors="replace")
        m = _EXTERNAL_ASSET.search(text)
        if m:
            snippet = text[m.start() : m.start() + 120].replace("\n", " ")
            log.warning("%s loads an asset from another host: %s", page.relative_to(site), snippet)
