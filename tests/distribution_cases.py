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
    # transformed distributions and the families made from them
    "transformed": (
        "TransformedDistribution",
        {"base": "normal_2d", "transforms": "affine_sigmoid"},
        [[0.2, 0.7], [0.5, 0.9]],
    ),
    "transformed_tanh": (
        "TransformedDistribution",
        {"base": "normal_2d", "transforms": "tanh_affine"},
        [[0.0, 1.0], [3.0, -1.5]],
    ),
    "transformed_power": (
        "TransformedDistribution",
        {"base": "normal_2d", "transforms": "exp_power"},
        [[0.5, 2.0], [1.5, 0.2]],
    ),
    "transformed_stick": (
        "TransformedDistribution",
        {"base": "normal_2d", "transforms": "stick_breaking"},
        [[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]],
    ),
    "lognormal": ("LogNormal", {"loc": [0.0, 1.0], "scale": [1.0, 0.5]}, [[0.5, 2.0], [1.0, 3.0]]),
    "lognormal2": ("LogNormal", {"loc": [0.5, 0.0], "scale": [2.0, 1.0]}, None),
    "gumbel": ("Gumbel", {"loc": [0.0, 1.0], "scale": [1.0, 2.0]}, [[0.3, -1.0], [2.0, 5.0]]),
    "gumbel2": ("Gumbel", {"loc": [1.0, 0.0], "scale": [0.5, 1.0]}, None),
    "cauchy": ("Cauchy", {"loc": [0.0, 1.0], "scale": [1.0, 2.0]}, [[0.3, -1.0], [2.0, 5.0]]),
    "cauchy2": ("Cauchy", {"loc": [1.0, -1.0], "scale": [0.5, 1.0]}, None),
    "halfnormal": ("HalfNormal", {"scale": [1.0, 2.0]}, [[0.3, 1.0], [2.0, 0.1]]),
    "halfnormal2": ("HalfNormal", {"scale": [0.5, 3.0]}, None),
    "halfcauchy": ("HalfCauchy", {"scale": [1.0, 2.0]}, [[0.3, 1.0], [2.0, 0.1]]),
    "weibull": (
        "Weibull",
        {"scale": [1.0, 2.0], "concentration": [0.5, 3.0]},
        [[0.3, 1.0], [2.0, 0.1]],
    ),
    "pareto": ("Pareto", {"scale": [1.0, 2.0], "alpha": [0.5, 3.0]}, [[1.5, 2.0], [3.0, 10.0]]),
    "pareto2": ("Pareto", {"scale": [0.5, 1.0], "alpha": [2.0, 4.0]}, None),
    "pareto3": ("Pareto", {"scale": [1.0, 2.0], "alpha": [3.0, 4.0]}, None),
    "pareto4": ("Pareto", {"scale": [0.05, 0.1], "alpha": [2.0, 3.0]}, None),
    "logisticnormal": (
        "LogisticNormal",
        {"loc": [[0.0, 1.0], [0.5, -1.0]], "scale": [[1.0, 0.5], [2.0, 1.0]]},
        [[0.2, 0.3, 0.5], [0.1, 0.6, 0.3]],
    ),
    "relaxedbernoulli": (
        "RelaxedBernoulli",
        {"temperature": 0.5, "probs": [0.2, 0.7]},
        [[0.3, 0.9], [0.5, 0.01]],
    ),
    "relaxedbernoulli_logits": (
        "RelaxedBernoulli",
        {"temperature": 2.0, "logits": [-1.0, 2.0]},
        [[0.3, 0.9]],
    ),
    "relaxedonehot": (
        "RelaxedOneHotCategorical",
        {"temperature": 0.7, "probs": [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]},
        [[0.1, 0.2, 0.7], [0.3, 0.3, 0.4]],
    ),
    "relaxedonehot_logits": (
        "RelaxedOneHotCategorical",
        {"temperature": 1.5, "logits": [[0.5, -1.0, 2.0], [0.0, 0.0, 0.0]]},
        [[0.1, 0.2, 0.7]],
    ),
    "geometric": ("Geometric", {"probs": [0.2, 0.7]}, [[0.0, 3.0], [5.0, 1.0]]),
    "geometric_logits": ("Geometric", {"logits": [-1.0, 0.5]}, [[2.0, 0.0]]),
    "binomial": (
        "Binomial",
        {"total_count": [10.0, 10.0], "probs": [0.3, 0.8]},
        [[0.0, 3.0], [10.0, 7.0]],
    ),
    "binomial2": ("Binomial", {"total_count": [10.0, 10.0], "logits": [0.5, -1.0]}, None),
    "binomial_big": (
        "Binomial",
        {"total_count": [100.0, 50.0, 200.0], "probs": [0.4, 0.9, 0.5]},
        [[40.0, 44.0, 95.0]],
    ),
    "multinomial": (
        "Multinomial",
        {"total_count": 5, "probs": [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]]},
        [[1.0, 1.0, 3.0], [5.0, 0.0, 0.0]],
    ),
    "multinomial_logits": (
        "Multinomial",
        {"total_count": 7, "logits": [[0.5, -1.0, 2.0], [0.0, 0.0, 0.0]]},
        [[2.0, 0.0, 5.0]],
    ),
    "negbinomial": (
        "NegativeBinomial",
        {"total_count": [3.0, 10.0], "probs": [0.4, 0.7]},
        [[0.0, 5.0], [2.0, 20.0]],
    ),
    "negbinomial_logits": (
        "NegativeBinomial",
        {"total_count": [2.5, 1.0], "logits": [0.3, -1.0]},
        [[1.0, 4.0]],
    ),
    "gamma": (
        "Gamma",
        {"concentration": [0.5, 3.0, 12.0], "rate": [1.0, 2.0, 0.5]},
        [[0.3, 1.0, 20.0], [2.0, 0.1, 25.0]],
    ),
    "gamma2": ("Gamma", {"concentration": [2.0, 1.0, 10.0], "rate": [0.5, 1.0, 1.0]}, None),
    "gamma_b2": ("Gamma", {"concentration": [2.0, 0.7], "rate": [1.0, 3.0]}, None),
    "chi2": ("Chi2", {"df": [1.0, 4.0]}, [[0.3, 2.0], [3.0, 5.0]]),
    "beta": (
        "Beta",
        {"concentration1": [0.5, 2.0], "concentration0": [1.5, 3.0]},
        [[0.3, 0.6], [0.9, 0.1]],
    ),
    "beta2": ("Beta", {"concentration1": [1.0, 4.0], "concentration0": [2.0, 1.0]}, None),
    "dirichlet": (
        "Dirichlet",
        {"concentration": [[0.5, 1.0, 2.0], [3.0, 0.7, 1.2]]},
        [[0.2, 0.3, 0.5], [0.6, 0.3, 0.1]],
    ),
    "dirichlet2": ("Dirichlet", {"concentration": [[1.0, 1.0, 1.0], [2.0, 2.0, 0.5]]}, None),
    "dirichlet_small": ("Dirichlet", {"concentration": [[0.3, 0.5, 0.2]]}, None),
    "studentt": (
        "StudentT",
        {"df": [0.8, 1.5, 5.0], "loc": [0.0, 1.0, -1.0], "scale": [1.0, 2.0, 0.5]},
        [[0.3, -1.0, 2.0]],
    ),
    "uniform3": ("Uniform", {"low": [0.1, 0.2], "high": [0.5, 0.9]}, [[0.3, 0.5]]),
    "fisher": ("FisherSnedecor", {"df1": [3.0, 6.0], "df2": [5.0, 10.0]}, [[1.0, 2.0], [0.5, 3.0]]),
    "inversegamma": (
        "InverseGamma",
        {"concentration": [0.5, 3.0, 12.0], "rate": [1.0, 2.0, 0.5]},
        [[0.3, 1.0, 0.05], [2.0, 0.1, 0.1]],
    ),
    "lkj": (
        "LKJCholesky",
        {"dim": 3, "concentration": [0.5, 2.0]},
        [  # (CorrCholeskyTransform of [[0.3, -0.5, 1.2], [0.1, 0.7, -0.4]], from PyTorch)
            [
                [1.0, 0.0, 0.0],
                [0.2913126124515909, 0.9566279119002483, 0.0],
                [-0.4621171572600098, 0.73930064820703, 0.48977779096912166],
            ],
            [
                [1.0, 0.0, 0.0],
                [0.09966799462495582, 0.9950207489532265, 0.0],
                [0.6043677771171635, -0.30270741274736446, 0.7369584874674118],
            ],
        ],
    ),
    "wishart": (
        "Wishart",
        {"df": [4.0, 5.0], "covariance_matrix": [[2.0, 0.3], [0.3, 1.0]]},
        [[[1.0, 0.2], [0.2, 0.5]], [[3.0, -0.5], [-0.5, 2.0]]],
    ),
    "wishart_tril": (
        "Wishart",
        {"df": [3.0], "scale_tril": [[1.5, 0.0], [-0.4, 0.7]]},
        [[[1.0, 0.2], [0.2, 0.5]]],
    ),
    "fisher3": ("FisherSnedecor", {"df1": [3.0, 6.0], "df2": [9.0, 12.0]}, None),
    "kumaraswamy": (
        "Kumaraswamy",
        {"concentration1": [2.0, 0.5], "concentration0": [3.0, 1.5]},
        [[0.3, 0.6], [0.9, 0.1]],
    ),
    "contbern": (
        "ContinuousBernoulli",
        {"probs": [0.2, 0.5, 0.9]},
        [[0.3, 0.3, 0.3], [0.9, 0.1, 0.5]],
    ),
    "contbern_logits": ("ContinuousBernoulli", {"logits": [-1.0, 0.002, 2.0]}, [[0.3, 0.7, 0.5]]),
    "contbern2": ("ContinuousBernoulli", {"probs": [0.3, 0.8]}, None),
    "vonmises": (
        "VonMises",
        {"loc": [0.0, 1.0], "concentration": [0.5, 4.0]},
        [[0.1, 0.2], [3.0, -2.0]],
    ),
    "lowrank": (
        "LowRankMultivariateNormal",
        {
            "loc": [0.0, 1.0, 2.0],
            "cov_factor": [[1.0, 0.0], [0.5, 1.0], [0.0, 2.0]],
            "cov_diag": [1.0, 2.0, 0.5],
        },
        [[0.0, 0.0, 0.0], [1.0, 2.0, 3.0]],
    ),
    "lowrank2": (
        "LowRankMultivariateNormal",
        {"loc": [1.0, 0.0, 0.0], "cov_factor": [[0.5], [1.0], [0.2]], "cov_diag": [1.0, 1.0, 1.0]},
        None,
    ),
    "mvn3": (
        "MultivariateNormal",
        {
            "loc": [0.0, 0.0, 1.0],
            "scale_tril": [[1.0, 0.0, 0.0], [0.3, 2.0, 0.0], [-0.5, 0.1, 0.7]],
        },
        None,
    ),
    "mixture": (
        "MixtureSameFamily",
        {"mixture_distribution": "cat_mix", "component_distribution": "normal_mix"},
        [[0.5, 2.0], [1.0, -1.0]],
    ),
    "mixture_event": (
        "MixtureSameFamily",
        {"mixture_distribution": "cat_mix1", "component_distribution": "independent_mix"},
        [[0.0, 1.0], [2.0, -1.0]],
    ),
}
# name -> the transforms of a TransformedDistribution case: (class (".inv" for the
# inverse), keyword arguments)
TRANSFORMS = {
    "affine_sigmoid": [("AffineTransform", {"loc": 0.5, "scale": 2.0}), ("SigmoidTransform", {})],
    "tanh_affine": [("TanhTransform", {}), ("AffineTransform", {"loc": 1.0, "scale": 3.0})],
    "exp_power": [("ExpTransform", {}), ("PowerTransform", {"exponent": 2.0})],
    "stick_breaking": [("StickBreakingTransform", {})],
}
BASES = {
    "normal_2d": ("Normal", {"loc": [[0.0, 1.0], [2.0, -1.0]], "scale": [[1.0, 2.0], [0.5, 1.0]]}),
    "normal_2d_b": ("Normal", {"loc": [[1.0, 1.0], [0.0, 0.0]], "scale": [[2.0, 1.0], [1.5, 0.5]]}),
    "cat_mix": ("Categorical", {"probs": [[0.3, 0.7], [0.5, 0.5]]}),
    "normal_mix": ("Normal", {"loc": [[0.0, 3.0], [1.0, -1.0]], "scale": [[1.0, 0.5], [2.0, 1.0]]}),
    "cat_mix1": ("Categorical", {"logits": [0.4, -0.2]}),
    "independent_mix": ("Independent", {"base": "normal_2d", "reinterpreted_batch_ndims": 1}),
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
    ("lognormal", "lognormal2"),  # (TransformedDistribution's pair: the base KL)
    ("gumbel", "gumbel2"),
    ("cauchy", "cauchy2"),
    ("halfnormal", "halfnormal2"),
    ("pareto", "pareto2"),
    ("geometric", "geometric_logits"),
    ("binomial", "binomial2"),
    ("gamma", "gamma2"),
    ("chi2", "gamma_b2"),
    ("beta", "beta2"),
    ("dirichlet", "dirichlet2"),
    ("beta", "exponential"),
    ("beta", "gamma_b2"),
    ("beta", "normal_b2"),
    ("beta", "uniform"),
    ("beta", "pareto3"),  # (inf)
    ("exponential", "gamma_b2"),
    ("exponential", "gumbel"),
    ("gamma_b2", "exponential"),
    ("gamma_b2", "gumbel"),
    ("gamma_b2", "normal_b2"),
    ("gamma_b2", "uniform"),  # (inf)
    ("gumbel", "normal_b2"),
    ("gumbel", "exponential"),  # (inf)
    ("normal_b2", "gumbel"),
    ("normal_b2", "gamma_b2"),  # (inf)
    ("laplace", "gamma_b2"),  # (inf)
    ("pareto3", "exponential"),
    ("pareto3", "gamma_b2"),
    ("pareto3", "normal_b2"),
    ("pareto", "exponential"),  # (alpha <= 1: inf)
    ("uniform3", "beta"),
    ("uniform3", "gamma_b2"),
    ("uniform", "gumbel"),
    ("uniform3", "pareto4"),
    ("uniform3", "pareto2"),  # (inf)
    ("contbern", "contbern_logits"),
    ("beta", "contbern2"),
    ("contbern2", "exponential"),
    ("contbern2", "normal_b2"),
    ("contbern2", "uniform"),  # (inf where low >= 0)
    ("contbern2", "pareto3"),  # (inf)
    ("exponential", "contbern2"),  # (inf)
    ("uniform3", "contbern2"),
    ("lowrank", "lowrank2"),
    ("mvn3", "lowrank"),
    ("lowrank", "mvn3"),
]
# name -> (transform specs: one, or several composed, (class, keyword arguments); inputs x)
TRANSFORM_CASES = {
    "exp": ([("ExpTransform", {})], [[-1.0, 0.5], [2.0, 0.0]]),
    "exp_inv": ([("ExpTransform.inv", {})], [[0.3, 0.5], [2.0, 1.0]]),
    "affine": ([("AffineTransform", {"loc": 1.0, "scale": -2.0})], [[-1.0, 0.5], [2.0, 0.0]]),
    "affine_event": (
        [("AffineTransform", {"loc": 0.5, "scale": 3.0, "event_dim": 1})],
        [[-1.0, 0.5], [2.0, 0.0]],
    ),
    "sigmoid": ([("SigmoidTransform", {})], [[-1.0, 0.5], [2.0, 0.0]]),
    "tanh": ([("TanhTransform", {})], [[-1.0, 0.5], [2.0, 0.0]]),
    "softplus": ([("SoftplusTransform", {})], [[-1.0, 0.5], [2.0, 0.0]]),
    "power": ([("PowerTransform", {"exponent": 3.0})], [[0.5, 1.5], [2.0, 0.1]]),
    "abs": ([("AbsTransform", {})], [[-1.0, 0.5], [2.0, 0.0]]),
    "softmax": ([("SoftmaxTransform", {})], [[-1.0, 0.5, 0.2], [2.0, 0.0, -3.0]]),
    "stick_breaking": ([("StickBreakingTransform", {})], [[-1.0, 0.5], [2.0, 0.0]]),
    "lower_cholesky": ([("LowerCholeskyTransform", {})], [[0.5, 2.0], [-1.0, 0.3]]),
    "compose": (
        [
            ("AffineTransform", {"loc": 0.5, "scale": 2.0}),
            ("TanhTransform", {}),
            ("AffineTransform", {"loc": 1.0, "scale": 3.0}),
        ],
        [[-1.0, 0.5], [2.0, 0.0]],
    ),
    "corr_cholesky": ([("CorrCholeskyTransform", {})], [[0.3, -0.5, 1.2], [0.0, 2.0, -1.0]]),
    "cat": (
        [
            (
                "CatTransform",
                {
                    "tseq": [("ExpTransform", {}), ("SigmoidTransform", {})],
                    "dim": 1,
                    "lengths": [1, 1],
                },
            )
        ],
        [[-1.0, 0.5], [2.0, 0.0]],
    ),
    "stack": (
        [("StackTransform", {"tseq": [("ExpTransform", {}), ("TanhTransform", {})], "dim": 1})],
        [[-1.0, 0.5], [2.0, 0.0]],
    ),
    "compose_event": (
        [("ExpTransform", {}), ("StickBreakingTransform", {})],
        [[-1.0, 0.5], [2.0, 0.0]],
    ),
}
SEEDS = [0, 1234]
SAMPLE_SHAPES = [(), (5,), (2, 3)]


def build(distributions, lib, name: str, leaves: list | None = None):
    """The case `name` made with `distributions` (PyTorch's or graphgrad's) and `lib`'s
    float64 tensors; with a list `leaves`, the tensors require grad and are appended to it."""
    cls, kwargs, _ = CASES[name] if name in CASES else (*BASES[name], None)
    args = {}
    for key, value in kwargs.items():
        if key == "transforms":
            args[key] = [_transform(distributions, *t) for t in TRANSFORMS[value]]
        elif isinstance(value, str):  # another case: a base or a mixture's part
            arg = "base_distribution" if key == "base" else key
            args[arg] = build(distributions, lib, value, leaves)
        elif isinstance(value, int):  # (reinterpreted_batch_ndims, a Multinomial's count)
            args[key] = value
        else:
            args[key] = lib.tensor(value, dtype=lib.float64, requires_grad=leaves is not None)
            if leaves is not None:
                leaves.append(args[key])
    return getattr(distributions, cls)(**args)


def _transform(distributions, name: str, kwargs: dict):
    if "tseq" in kwargs:  # (CatTransform, StackTransform: their parts are specs too)
        kwargs = {**kwargs, "tseq": [_transform(distributions, *t) for t in kwargs["tseq"]]}
    cls = getattr(distributions.transforms, name.removesuffix(".inv"))(**kwargs)
    return cls.inv if name.endswith(".inv") else cls


def transform(distributions, name: str):
    """The transform of TRANSFORM_CASES[name] made with `distributions`."""
    specs = [_transform(distributions, *spec) for spec in TRANSFORM_CASES[name][0]]
    return specs[0] if len(specs) == 1 else distributions.transforms.ComposeTransform(specs)


def values(lib, name: str):
    """The values the case scores, as a tensor of `lib` (None if it scores none)."""
    cls, _, vals = CASES[name]
    if vals is None:
        return None
    return lib.tensor(vals, dtype=lib.int64 if cls == "Categorical" else lib.float64)
