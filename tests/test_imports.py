"""Imports flow one way: every module imports alone, and only from the layers below it.

autograd's layers, lowest first (docs/engine-internals.md draws them). A module may
import only from lower layers; no module imports at the bottom of the file or inside
a function (the packages' `__init__` may load optional parts on first use). Each
module is also imported alone, in a fresh interpreter, with its package's
`__init__` left out: it must work without anything another module set up first.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

LAYERS = [
    # nothing from graphgrad: dtypes, argument shapes, the clock and in-place versions,
    # the per-thread modes, a tensor's fields (the graph node), range values, and the
    # runtime settings and namespaces that need no tensor; tensor hooks and the named
    # tuples functions return
    {"argcheck", "float_warnings"},  # argument checks; numpy's floating-point warnings filter
    {"dtypes", "shapes", "versions", "grad_mode", "tensor_base", "hooks", "return_types"}
    | {"layouts"},  # PyTorch's layout and memory-format values
    {"ranges", "amp", "runtime", "unsupported", "special_kernels", "printing"},
    {"malloc", "threads"}  # process settings: glibc's thresholds, the kernels' threads
    | {"torch_special_kernels"},  # erfcx, ndtri, i0, zeta, gammainc, ... on numpy arrays
    # random streams: the generator, its math; the device (parses dtypes too); operands
    # cast to PyTorch's result dtype
    {"generator", "random_math", "random_avx2", "devices", "promotion"}
    | {"bessel_polynomials"},  # Bessel and Airy functions, orthogonal polynomials (arrays)
    {"op", "random_kernels", "composite"},  # the op base (Op, its registry, xp), composite marks
    {"anomaly"},  # anomaly mode's checks and the stale-input message
    {"ops_elementwise", "ops_reduce", "ops_shape", "ops_einsum", "ops_linalg"}  # primitives
    | {"ops_special", "ops_torch_special", "ops_scatter"},
    {"ops_lu"},  # LU and the matrix exponential (their backward calls ops_linalg's Inverse)
    {"engine"},  # the backward (Tensor.backward calls it)
    {"tensor_order"},  # order statistics and index arithmetic (mixed in by tensor_reduce)
    # Tensor's mixins, and the array `Tensor.data` returns
    {"inplace", "interop", "tensor_shape", "tensor_reduce", "random_methods", "tensor_convert"}
    | {"tensor_hooks", "data_array", "tensor_memory", "tensor_scatter"}
    | {"tensor_views"},  # unfold, sum_to_size, H/mH/adjoint, the in-place view forms
    {"tensor_math", "tensor_matrix", "tensor_pointwise"}  # (complex_only: tensor_reduce)
    | {"tensor_stats"},  # cov, corrcoef, renorm
    {"tensor_numbers"}  # gcd, copysign, frexp, ...; real/imag of reals (tensor_pointwise's _)
    | {"tensor_lu", "tensor_stft"},  # LU and Householder methods (tensor_matrix's checks); stft
    {"tensor_class"},  # the Tensor, its operators and the one recorder
    # functions (torch_functions, torch_math: module-level functions mirroring Tensor's methods)
    {"function", "creation", "random", "gradcheck", "functional", "reference", "torch_functions"}
    | {"torch_math", "torch_matrix", "torch_dropout", "torch_poisson"}
    | {"vmap"},  # torch.vmap, a loop over the mapped dim
    # indexing and scatter functions (uses torch_functions' out=); LU, matrix_exp, lstsq
    {"torch_scatter", "linalg_lu"},
    {"spectral", "torch_lu"},  # window functions, stft; torch-level LU functions
    {"torch_order"},  # order statistics, searchsorted (uses torch_functions' out=)
    {"torch_pointwise", "torch_numbers", "torch_calculus", "torch_inplace"},  # (torch_math's
    # `out=`): elementwise and number functions, integrals, the module-level in-place forms
    # the torch-style namespaces: torch.autograd, torch.cuda/backends, torch.save/load,
    # torch.linalg
    {"autograd", "accelerators", "saving", "linalg", "special"}
    | {"legacy_tensors"},  # torch.LongTensor([1, 2]), torch.FloatTensor(2, 3), ...
    {
        "torch_stats",
        "torch_lowrank",
    },  # cov, addr, chain_matmul, nuclear_norm, ... (uses torch.linalg's)
    {"aliases"},  # the names loaded on first use (nn, optim, utils.data) and their imports
]
# Above every layer: the package autograd.drawing (drawings read the graph, never nn).
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}
# Imports from a higher layer, inside a function, that are known and why (to be removed):
UPWARD = {
    ("generator", "tensor_class"): "Generator.get_state returns a Tensor (PyTorch's API)",
    ("random_methods", "random"): "Tensor.bernoulli/multinomial call autograd.random's",
    ("tensor_pointwise", "special"): "Tensor.i0/sinc/xlogy/igamma/igammac call autograd.special's, "
    "loaded on first use (importing autograd loads no special kernels)",
}


def _modules(package: str) -> list[str]:
    """The package's modules and subpackages, as dotted names relative to it."""
    base = ROOT / package
    out = []
    for path in sorted(base.rglob("*.py")):
        rel = path.relative_to(base).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        if parts:
            out.append(".".join(parts))
    return out


def _autograd_imports(path: Path) -> list[tuple[str, int, bool]]:
    """(autograd module imported, line, at module top) for each import in the file."""
    tree = ast.parse(path.read_text())
    top, hints = set(), set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            hints.update(id(n) for n in ast.walk(node))  # type hints only: never run
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            top.add(id(node))
    out = []
    for node in ast.walk(tree):
        if id(node) in hints:
            continue
        if isinstance(node, ast.ImportFrom):
            if node.level == 1 and node.module:
                names = [node.module.split(".")[0]]
            elif node.level == 1:
                names = [a.name for a in node.names]
            elif node.module and node.module.split(".")[0] == "autograd":
                rest = node.module.split(".")[1:]
                names = rest[:1] if rest else [a.name for a in node.names]
            else:
                continue
        elif isinstance(node, ast.Import):
            names = [a.name.split(".")[1] for a in node.names if a.name.startswith("autograd.")]
        else:
            continue
        for name in names:
            out.append((name, node.lineno, id(node) in top))
    return out


def _top_imports_first(path: Path) -> list[int]:
    """Lines of module-level imports that come after other code (bottom-of-file imports)."""
    body = ast.parse(path.read_text()).body
    seen_code, late = False, []
    for i, node in enumerate(body):
        docstring = i == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            if seen_code:
                late.append(node.lineno)
        elif not docstring and not (
            isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        ):
            seen_code = True
    return late


@pytest.mark.parametrize("name", sorted(LAYER))
def test_autograd_module_imports_only_from_lower_layers(name):
    path = ROOT / "autograd" / f"{name}.py"
    wrong = []
    for target, line, at_top in _autograd_imports(path):
        if target not in LAYER:
            continue  # a subpackage or a name from autograd/__init__ (none in the layers)
        if not at_top and (name, target) in UPWARD:
            continue
        if not at_top:
            wrong.append(f"line {line}: imports {target} inside a function or a block")
        elif LAYER[target] >= LAYER[name]:
            wrong.append(f"line {line}: imports {target} (layer {LAYER[target]}), not below it")
    late = _top_imports_first(path)
    wrong += [f"line {n}: an import after other code" for n in late]
    assert not wrong, f"autograd/{name}.py (layer {LAYER[name]}): " + "; ".join(wrong)


def test_drawing_imports_only_autograd_below_it_and_never_nn():
    for path in sorted((ROOT / "autograd" / "drawing").glob("*.py")):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
                assert node.module.split(".")[0] in LAYER, (path.name, node.module)
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", None) or ""]
                assert not any(n == "nn" or n.startswith("nn.") for n in names), path.name


def test_every_autograd_module_has_a_layer():
    flat = {p.stem for p in (ROOT / "autograd").glob("*.py")} - {"__init__"}
    assert flat == set(LAYER), f"add to LAYERS: {sorted(flat - set(LAYER))}"


_ALONE = """
import importlib, json, sys, types
package, name, path, bare = sys.argv[1:5]
if bare == "bare":  # the package without its __init__: nothing set up first
    module = types.ModuleType(package)
    module.__path__ = [path]
    sys.modules[package] = module
importlib.import_module(package + "." + name)
print(json.dumps(sorted(m for m in sys.modules if m.startswith(package + "."))))
"""


def _uses_its_package(package: str, name: str) -> bool:
    """Whether the module (or the subpackage it is in) imports its own package by name: an
    application of the package's public API, such as nn.playground, which needs the
    package's __init__ to run first."""
    first = ROOT / package / name.split(".")[0]
    files = sorted(first.rglob("*.py")) if first.is_dir() else [first.with_suffix(".py")]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import) and any(a.name == package for a in node.names):
                return True
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == package:
                return True
    return False


def _import_alone(package: str, name: str, bare: bool) -> tuple[str, list[str] | str]:
    how = "bare" if bare else "package"
    cmd = [sys.executable, "-c", _ALONE, package, name, str(ROOT / package), how]
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, timeout=120)
    if run.returncode:
        return name, run.stderr.strip().splitlines()[-1]
    return name, json.loads(run.stdout)


@pytest.mark.parametrize("package", ["autograd", "nn"])
def test_every_module_imports_alone_in_a_fresh_interpreter(package):
    names = _modules(package)
    bare = {n: not _uses_its_package(package, n) for n in names}  # (ast is not thread-safe)
    with ThreadPoolExecutor(4) as pool:
        results = dict(pool.map(lambda n: _import_alone(package, n, bare[n]), names))
    failed = {n: r for n, r in results.items() if isinstance(r, str)}
    assert not failed, f"modules that do not import alone: {failed}"
    if package == "autograd":  # and they load nothing from the layers above them
        for name, loaded in results.items():
            if name not in LAYER:
                continue
            above = [
                m
                for m in (x.split(".", 1)[1] for x in loaded)
                if m in LAYER and LAYER[m] > LAYER[name]
            ]
            assert not above, f"autograd.{name} loads {above}, from layers above it"
