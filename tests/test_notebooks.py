"""The notebooks run top to bottom, and their stored outputs are still what they print.

Each notebook is executed in a fresh kernel (tools/notebooks.py; two at a time) and its
outputs are compared with the stored ones: text with tolerances for numbers and timings,
pictures regenerated and compared pixel by pixel, so a stale output fails here. After a
change that moves a result, run ``make notebooks-refresh`` and look at the diff. A cell
tagged ``volatile`` is run but not compared.
"""

import importlib.util
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
pytest.importorskip("nbclient")

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("notebook_tools", ROOT / "tools" / "notebooks.py")
tools = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(tools)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.fixture(scope="module")
def executions():
    """Every notebook's execution, started at once on two workers (kernels are processes,
    so two run in parallel on two cores); each test waits for its own."""
    pool = ThreadPoolExecutor(max_workers=2)
    # the longest first, so that it overlaps with the others
    order = sorted(NOTEBOOKS, key=lambda p: -p.stat().st_size)
    futures = {p: pool.submit(tools.execute, p) for p in order}
    yield futures
    pool.shutdown(wait=True, cancel_futures=True)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_outputs_are_current(path, executions):
    fresh = executions[path].result()  # raises if a cell fails (the notebooks assert)
    problems = tools.compare(nbformat.read(path, as_version=4), fresh)
    assert not problems, (
        f"{path.name}: stored outputs differ from a fresh run (run `make notebooks-refresh` "
        "if the change is intended):\n  " + "\n  ".join(problems)
    )


def test_the_comparison_catches_stale_text_and_pictures():
    assert tools.compare_text("loss 0.1234 in 1.2s", "loss 0.1235 in 7.9s") is None
    assert tools.compare_text("accuracy 0.880", "accuracy 0.884") is not None
    assert tools.compare_text("residual 1.0e-15", "residual 7.1e-16") is None
    assert tools.compare_text("<Tensor at 0x7f3a2b1c9d10>", "<Tensor at 0x7f00aa11bb22>") is None
    assert tools.compare_text("epoch 1/2", "epoch 1/3") is not None
    import base64
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def png(y):
        fig, ax = plt.subplots(figsize=(2, 2), dpi=50)
        ax.plot([0, 1], [0, y], lw=8)
        buf = io.BytesIO()
        fig.savefig(buf, format="png")
        plt.close(fig)
        return base64.b64encode(buf.getvalue()).decode()

    assert tools.compare_png(png(1), png(1)) is None
    assert "picture differs" in tools.compare_png(png(1), png(-1))
