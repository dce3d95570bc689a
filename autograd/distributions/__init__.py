"""`autograd.distributions`: PyTorch's `torch.distributions` core.

`Distribution` (batch and event shapes, `sample`/`rsample` with a `sample_shape`,
`log_prob`, `entropy`, `mean`/`mode`/`variance`/`stddev`, `cdf`/`icdf`, `expand`,
validation with PyTorch's errors, `arg_constraints`/`support`), `Normal`, `Uniform`,
`Bernoulli`, `Categorical`, `OneHotCategorical` (and its straight-through form),
`Exponential`, `Laplace`, `Poisson`, `MultivariateNormal` (`covariance_matrix`,
`precision_matrix` or `scale_tril`), `Independent`, and `kl_divergence` with the registered
pairs among them (`register_kl` adds more). `rsample` is differentiable in the parameters
(the reparameterisation a VAE's loss backpropagates through), and `sample` draws from the
PyTorch-compatible generator: under `autograd.manual_seed(s)` the samples are PyTorch's.

Loaded on first use (`autograd.distributions`, or `import autograd.distributions`).
"""

from . import constraints
from .bernoulli import Bernoulli
from .categorical import Categorical, OneHotCategorical, OneHotCategoricalStraightThrough
from .distribution import Distribution
from .exponential import Exponential
from .independent import Independent
from .kl import kl_divergence, register_kl
from .laplace import Laplace
from .multivariate_normal import MultivariateNormal
from .normal import Normal
from .poisson import Poisson
from .uniform import Uniform

__all__ = [
    "Bernoulli",
    "Categorical",
    "Distribution",
    "Exponential",
    "Independent",
    "Laplace",
    "MultivariateNormal",
    "Normal",
    "OneHotCategorical",
    "OneHotCategoricalStraightThrough",
    "Poisson",
    "Uniform",
    "constraints",
    "kl_divergence",
    "register_kl",
]
