"""`autograd.distributions`: PyTorch's `torch.distributions`.

`Distribution` and `ExponentialFamily` (batch and event shapes, `sample`/`rsample` with a
`sample_shape`, `log_prob`, `entropy`, `mean`/`mode`/`variance`/`stddev`, `cdf`/`icdf`,
`expand`, validation with PyTorch's errors, `arg_constraints`/`support`) and the families:
`Normal`, `Uniform`, `Bernoulli`, `Categorical`, `OneHotCategorical` (and its
straight-through form), `Exponential`, `Laplace`, `Poisson`, `MultivariateNormal`
(`covariance_matrix`, `precision_matrix` or `scale_tril`), `Independent`; `transforms`
(`ExpTransform`, `AffineTransform`, `SigmoidTransform`, `TanhTransform`, `SoftmaxTransform`,
`StickBreakingTransform`, `PowerTransform`, `ComposeTransform`, ...) and
`TransformedDistribution`, with `LogNormal`, `Gumbel`, `HalfNormal`, `HalfCauchy`,
`Weibull`, `Pareto`, `LogisticNormal`, `RelaxedBernoulli` and `RelaxedOneHotCategorical`
(Gumbel-softmax) made from them; `Cauchy`, `Geometric`, `Binomial`, `Multinomial`,
`NegativeBinomial`; `Gamma`, `Chi2`, `Beta`, `Dirichlet`, `StudentT`, `FisherSnedecor`,
`InverseGamma`; `GeneralizedPareto`, `Kumaraswamy`, `ContinuousBernoulli`, `VonMises`,
`LowRankMultivariateNormal`, `MixtureSameFamily`, `LKJCholesky`, `Wishart`; `biject_to` and
`transform_to`; and `kl_divergence` with PyTorch's registered pairs among them
(`register_kl` adds more).

`rsample` is differentiable in the parameters (the reparameterisation a VAE's loss
backpropagates through; the gamma and Dirichlet families' by PyTorch's implicit gradients),
and `sample` draws from the PyTorch-compatible generator: under `autograd.manual_seed(s)`
the samples are PyTorch's, the gamma, beta, Dirichlet, Student's t and binomial ones
included.

Loaded on first use (`autograd.distributions`, or `import autograd.distributions`).
"""

from . import constraints, kl_families, transforms
from .bernoulli import Bernoulli
from .beta import Beta
from .binomial import Binomial
from .categorical import Categorical, OneHotCategorical, OneHotCategoricalStraightThrough
from .cauchy import Cauchy
from .chi2 import Chi2
from .constraint_registry import biject_to, transform_to
from .continuous_bernoulli import ContinuousBernoulli
from .dirichlet import Dirichlet
from .distribution import Distribution
from .exp_family import ExponentialFamily
from .exponential import Exponential
from .fishersnedecor import FisherSnedecor
from .gamma import Gamma
from .generalized_pareto import GeneralizedPareto
from .geometric import Geometric
from .gumbel import Gumbel
from .half_cauchy import HalfCauchy
from .half_normal import HalfNormal
from .independent import Independent
from .inverse_gamma import InverseGamma
from .kl import kl_divergence, register_kl
from .kumaraswamy import Kumaraswamy
from .laplace import Laplace
from .lkj_cholesky import LKJCholesky
from .log_normal import LogNormal
from .logistic_normal import LogisticNormal
from .lowrank_multivariate_normal import LowRankMultivariateNormal
from .mixture_same_family import MixtureSameFamily
from .multinomial import Multinomial
from .multivariate_normal import MultivariateNormal
from .negative_binomial import NegativeBinomial
from .normal import Normal
from .pareto import Pareto
from .poisson import Poisson
from .relaxed_bernoulli import LogitRelaxedBernoulli, RelaxedBernoulli
from .relaxed_categorical import ExpRelaxedCategorical, RelaxedOneHotCategorical
from .student_t import StudentT
from .transformed_distribution import TransformedDistribution
from .transforms import (
    AbsTransform,
    AffineTransform,
    CatTransform,
    ComposeTransform,
    CorrCholeskyTransform,
    CumulativeDistributionTransform,
    ExpTransform,
    IndependentTransform,
    LowerCholeskyTransform,
    PositiveDefiniteTransform,
    PowerTransform,
    ReshapeTransform,
    SigmoidTransform,
    SoftmaxTransform,
    SoftplusTransform,
    StackTransform,
    StickBreakingTransform,
    TanhTransform,
    Transform,
    identity_transform,
)
from .uniform import Uniform
from .von_mises import VonMises
from .weibull import Weibull
from .wishart import Wishart

_ = kl_families  # (registers its pairs on import)

__all__ = [
    "AbsTransform",
    "AffineTransform",
    "Bernoulli",
    "Beta",
    "Binomial",
    "CatTransform",
    "Categorical",
    "Cauchy",
    "Chi2",
    "ComposeTransform",
    "ContinuousBernoulli",
    "CorrCholeskyTransform",
    "CumulativeDistributionTransform",
    "Dirichlet",
    "Distribution",
    "ExpRelaxedCategorical",
    "ExpTransform",
    "Exponential",
    "ExponentialFamily",
    "FisherSnedecor",
    "Gamma",
    "GeneralizedPareto",
    "Geometric",
    "Gumbel",
    "HalfCauchy",
    "HalfNormal",
    "Independent",
    "IndependentTransform",
    "InverseGamma",
    "Kumaraswamy",
    "LKJCholesky",
    "Laplace",
    "LogNormal",
    "LogisticNormal",
    "LogitRelaxedBernoulli",
    "LowRankMultivariateNormal",
    "LowerCholeskyTransform",
    "MixtureSameFamily",
    "Multinomial",
    "MultivariateNormal",
    "NegativeBinomial",
    "Normal",
    "OneHotCategorical",
    "OneHotCategoricalStraightThrough",
    "Pareto",
    "Poisson",
    "PositiveDefiniteTransform",
    "PowerTransform",
    "RelaxedBernoulli",
    "RelaxedOneHotCategorical",
    "ReshapeTransform",
    "SigmoidTransform",
    "SoftmaxTransform",
    "SoftplusTransform",
    "StackTransform",
    "StickBreakingTransform",
    "StudentT",
    "TanhTransform",
    "Transform",
    "TransformedDistribution",
    "Uniform",
    "VonMises",
    "Weibull",
    "Wishart",
    "biject_to",
    "constraints",
    "identity_transform",
    "kl_divergence",
    "register_kl",
    "transform_to",
    "transforms",
]
