"""The distributions tests/test_distributions_pytorch.py compares with PyTorch's
torch.distributions (recorded by tools/make_distributions_fixtures.py): constructor
arguments, the values to score, the KL pairs and the seeds. Imported by both; `build`
makes a case with either library."""

from __future__ import annotations

_MVN_LOC = [0.5, -1.0]
_COV = [[2.0, 0.3], [0.3, 1.0]]
_TRIL = [[1.5, 0.0], [-0.4, 0.7]]

# name -> (class, keyword arguments (float64 tensors), values to score (or None))
CASES = {
    "normal": (
        "Normal",
        {"loc": [0.0, 1.5, -2.0], "scale": [1.0, 0.5, 3.0]},
        [[0.3, 1.0, -9.0], [0.0, 0.0, 0.0]],
    ),
    "normal2": ("Normal", {"loc": [0.5, 1.0, 0.0], "scale": [2.0, 0.25, 1.0]}, None),
    "normal_b2": ("Normal", {"loc": [0.5, 1.0], "scale": [2.0, 0.25]}, None),
    "uniform": ("Uniform", {"low": [0.0, -1.0], "high": [1.0, 3.0]}, [[0.5, 2.9], [0.0, -1.0]]),
    "uniform2": ("Uniform", {"low": [-1.0, -2.0], "high": [2.0, 4.0]}, None),
    "bernoulli": ("Bernoulli", {"probs": [0.2, 0.5, 0.9]}, [[0.0, 1.0, 1.0], [1.0, 0.0, 0.0]]),
    "bernoulli_logits": ("Bernoulli", {"logits": [-1.0, 0.0, 3.0]}, [[0.0, 1.0, 1.0]]),
    "categorical": ("Categorical", {"probs": [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]}, [[0, 2], [1, 1]]),
    "categorical_logits": (
        "Categorical",
        {"logits": [[0.5, -1.0, 2.0], [0.0, 0.0, 0.0]]},
        [[2, 0]],
    ),
    "onehot": (
        "OneHotCategorical",
        {"probs": [[0.2, 0.3, 0.5], [0.1, 0.1, 0.8]]},
        [[[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]],
    ),
    "onehot2": ("OneHotCategorical", {"logits": [[0.5, -1.0, 2.0], [0.0, 0.0, 0.0]]}, None),
    "exponential": ("Exponential", {"rate": [0.5, 2.0]}, [[0.0, 1.5], [3.0, 0.1]]),
    "exponential2": ("Exponential", {"rate": [1.5, 0.2]}, None),
    "laplace": ("Laplace", {"loc": [0.0, 2.0], "scale": [1.0, 0.5]}, [[0.3, -1.0], [0.0, 2.0]]),
    "laplace2": ("Laplace", {"loc": [1.0, 0.0], "scale": [2.0, 0.3]}, None),
    "poisson": ("Poisson", {"rate": [0.5, 4.0, 30.0]}, [[0.0, 3.0, 25.0], [2.0, 4.0, 31.0]]),
    "poisson2": ("Poisson", {"rate": [1.5, 2.0, 20.0]}, None),
    "mvn_cov": (
        "MultivariateNormal",
        {"loc": _MVN_LOC, "covariance_matrix": _COV},
        [[0.0, 0.0], [1.0, -2.0]],
    ),
    "mvn_tril": (
        "MultivariateNormal",
        {"loc": _MVN_LOC, "scale_tril": _TRIL},
        [[0.0, 0.0], [1.0, -2.0]],
    ),
    "mvn_prec": ("MultivariateNormal", {"loc": [0.0, 1.0], "precision_matrix": _COV}, [[0.0, 0.0]]),
    "mvn_batch": (
        "MultivariateNormal",
        {"loc": [[0.0, 0.0], [1.0, 2.0], [-1.0, 0.5]], "scale_tril": _TRIL},
        [[0.0, 1.0], [2.0, 2.0], [0.0, 0.0]],
    ),
    "independent": (
        "Independent",
        {"base": "normal_2d", "reinterpreted_batch_ndims": 1},
        [[0.1, 0.2], [1.0, -1.0]],
    ),
    "independent2": ("Independent", {"base": "normal_2d_b", "reinterpreted_batch_ndims": 1}, None),
}
BASES = {
    "normal_2d": ("Normal", {"loc": [[0.0, 1.0], [2.0, -1.0]], "scale": [[1.0, 2.0], [0.5, 1.0]]}),
    "normal_2d_b": ("Normal", {"loc": [[1.0, 1.0], [0.0, 0.0]], "scale": [[2.0, 1.0], [1.5, 0.5]]}),
}
# the properties and methods compared (those a class lacks raise in both libraries)
PROPERTIES = ["mean", "variance", "stddev", "mode", "entropy", "batch_shape", "event_shape"]
KL_PAIRS = [
    ("normal", "normal2"),
    ("uniform", "uniform2"),
    ("uniform2", "uniform"),  # (q's support does not cover p's: inf)
    ("bernoulli", "bernoulli_logits"),
    ("categorical", "categorical_logits"),
    ("onehot", "onehot2"),
    ("exponential", "exponential2"),
    ("laplace", "laplace2"),
    ("poisson", "poisson2"),
    ("mvn_cov", "mvn_tril"),
    ("mvn_batch", "mvn_prec"),
    ("independent", "independent2"),
    ("uniform", "normal_b2"),
    ("laplace", "normal_b2"),
    ("normal_b2", "laplace"),
    ("exponential", "normal_b2"),
    ("exponential", "uniform"),  # (inf)
    ("normal", "normal2"),
]
SEEDS = [0, 1234]
SAMPLE_SHAPES = [(), (5,), (2, 3)]


def build(distributions, lib, name: str, leaves: list | None = None):
    """The case `name` made with `distributions` (PyTorch's or graphgrad's) and `lib`'s
    float64 tensors; with a list `leaves`, the tensors require grad and are appended to it."""
    cls, kwargs, _ = CASES[name] if name in CASES else (*BASES[name], None)
    args = {}
    for key, value in kwargs.items():
        if key == "base":
            args["base_distribution"] = build(distributions, lib, value, leaves)
        elif key == "reinterpreted_batch_ndims":
            args[key] = value
        else:
            args[key] = lib.tensor(value, dtype=lib.float64, requires_grad=leaves is not None)
            if leaves is not None:
                leaves.append(args[key])
    return getattr(distributions, cls)(**args)


def values(lib, name: str):
    """The values the case scores, as a tensor of `lib` (None if it scores none)."""
    cls, _, vals = CASES[name]
    if vals is None:
        return None
    return lib.tensor(vals, dtype=lib.int64 if cls == "Categorical" else lib.float64)
