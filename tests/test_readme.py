"""The README's code runs as written (with a small digits training set defined first)."""

import re
from pathlib import Path

import numpy as np

README = Path(__file__).resolve().parents[1] / "README.md"


def test_readme_python_blocks_run(tmp_path, monkeypatch):
    import autograd.testing  # noqa: F401  (the tour uses autograd.testing.check_op)
    from nn.data import load_digits

    X, y = load_digits()
    monkeypatch.chdir(tmp_path)
    ns = {
        "X_train": X[:300],
        "y_train": y[:300],
        "X_val": X[300:400],
        "y_val": y[300:400],
        "np": np,
    }
    blocks = re.findall(r"```python\n(.*?)```", README.read_text(), re.S)
    assert len(blocks) >= 4
    code = "\n".join(blocks).replace("epochs=20", "epochs=2")
    exec(compile(code, str(README), "exec"), ns)
    assert ns["f"].item() == -12.0
    assert (tmp_path / "model.npz").exists() and (tmp_path / "curves.png").exists()
