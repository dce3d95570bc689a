"""autograd.distributions beyond the values recorded from PyTorch (those are in
test_distributions_pytorch.py): gradcheck of log_prob and rsample in float64, the gamma
family's implicit gradient against the exact one, PyTorch's errors of the new families,
transforms' caching and inverses, expand, moments of seeded samples, and a Gumbel-softmax
policy trained through rsample."""

from __future__ import annotations

import math

import distribution_cases as cases
import numpy as np
import pytest

import autograd
import optim
from autograd import distributions as D
from autograd import special

T = D.transforms


def _f64(values) -> autograd.Tensor:
    return autograd.tensor(values, dtype=autograd.float64)


class _Given:
    """A stand-in for the tensor library of `cases.build`: hands out the given tensors."""

    float64, int64 = autograd.float64, autograd.int64

    def __init__(self, tensors):
        self._it = iter(tensors)

    def tensor(self, value, dtype=None, requires_grad=False):
        return next(self._it)


@pytest.fixture
def no_validation():
    D.Distribution.set_default_validate_args(False)  # (finite differences leave the support)
    yield
    D.Distribution.set_default_validate_args(True)


LOG_PROB_CASES = [
    "lognormal", "gumbel", "cauchy", "halfnormal", "halfcauchy", "weibull", "pareto",
    "logisticnormal", "relaxedbernoulli", "relaxedonehot_logits", "geometric", "binomial",
    "multinomial", "negbinomial", "gamma", "chi2", "beta", "dirichlet", "studentt",
    "transformed", "transformed_tanh", "transformed_stick", "fisher", "kumaraswamy",
    "contbern", "vonmises", "lowrank", "mixture", "mixture_event", "inversegamma", "lkj",
]  # fmt: skip


@pytest.mark.parametrize("name", LOG_PROB_CASES)
def test_log_prob_gradcheck_and_gradgradcheck(name, no_validation):
    leaves: list = []
    cases.build(D, autograd, name, leaves)
    vals = cases.values(autograd, name)

    def fn(*params):
        return cases.build(D, _Given(params), name).log_prob(vals)

    assert autograd.gradcheck(fn, tuple(leaves))
    assert autograd.gradgradcheck(fn, tuple(leaves))


RSAMPLE_CASES = [
    "lognormal", "gumbel", "cauchy", "halfnormal", "weibull", "pareto", "logisticnormal",
    "relaxedbernoulli", "relaxedonehot", "transformed_tanh", "transformed_stick",
    "kumaraswamy", "contbern", "lowrank",
]  # fmt: skip


@pytest.mark.parametrize("name", RSAMPLE_CASES)
def test_rsample_gradcheck_under_a_seed(name, no_validation):
    """With the generator re-seeded, rsample is a smooth function of the parameters."""
    leaves: list = []
    cases.build(D, autograd, name, leaves)

    def fn(*params):
        autograd.manual_seed(3)
        return cases.build(D, _Given(params), name).rsample((3,))

    assert autograd.gradcheck(fn, tuple(leaves))


@pytest.mark.parametrize(
    ("alpha", "x"),
    [(0.3, 0.1), (0.5, 1.5), (1.0, 0.5), (2.0, 2.0), (3.0, 4.0), (7.0, 5.0), (12.0, 12.5),
     (12.0, 5.0), (12.0, 20.0), (50.0, 49.0)],
)  # fmt: skip
def test_standard_gamma_gradient_is_the_implicit_one(alpha, x):
    """dx/dalpha of a draw x = -(dF/dalpha) / f at x, F the gamma cdf (gammainc): PyTorch's
    series, saddle-point and rational approximations agree with it to 1e-3."""
    a = autograd.tensor([alpha], dtype=autograd.float64, requires_grad=True)
    from autograd.distributions.samplers import standard_gamma_grad

    got = standard_gamma_grad(np.array([alpha]), np.array([x]))[0]
    h = 1e-6
    df_da = (
        special.gammainc(_f64(alpha + h), _f64(x)) - special.gammainc(_f64(alpha - h), _f64(x))
    ).item() / (2 * h)
    xt = autograd.tensor(x, dtype=autograd.float64, requires_grad=True)
    special.gammainc(a.detach(), xt).sum().backward()
    assert got == pytest.approx(-df_da / xt.grad.item(), rel=1e-3)


def test_gamma_rsample_gradient_flows_and_sample_has_none():
    conc = autograd.tensor([0.5, 3.0], dtype=autograd.float64, requires_grad=True)
    rate = autograd.tensor([1.0, 2.0], dtype=autograd.float64, requires_grad=True)
    d = D.Gamma(conc, rate)
    assert not d.sample((2,)).requires_grad
    autograd.manual_seed(0)
    x = d.rsample((5,))
    x.sum().backward()
    assert conc.grad is not None and (conc.grad.numpy() > 0).all()
    np.testing.assert_allclose(rate.grad.numpy(), -(x.detach() / rate.detach()).sum(0).numpy())


def test_dirichlet_rsample_gradient_is_unbiased():
    """Over many draws, the mean of d(w . x)/dalpha is d(w . E[x])/dalpha."""
    autograd.manual_seed(0)
    alpha = autograd.tensor([0.7, 2.0, 3.5], dtype=autograd.float64, requires_grad=True)
    w = _f64([1.0, -2.0, 0.5])
    n = 4000
    (D.Dirichlet(alpha).rsample((n,)) * w).sum().backward()
    mc = alpha.grad.numpy() / n
    a = alpha.detach().numpy()
    a0 = a.sum()
    exact = w.numpy() / a0 - (w.numpy() @ a) / a0**2
    np.testing.assert_allclose(mc, exact, atol=0.01)


def test_validation_errors_are_pytorchs():
    with pytest.raises(ValueError, match="Expected parameter concentration .* of distribution"):
        D.Gamma(_f64([-1.0]), _f64([1.0]))
    with pytest.raises(ValueError, match="Expected parameter probs .* to be positive but found"):
        D.Geometric(_f64([0.0, 0.5]))
    with pytest.raises(ValueError, match="Either `probs` or `logits` must be specified"):
        D.RelaxedBernoulli(_f64(0.5))
    with pytest.raises(ValueError, match=r"constraint IntegerGreaterThan\(lower_bound=0\)"):
        D.Binomial(_f64([2.5]), _f64([0.5]))
    with pytest.raises(NotImplementedError, match="inhomogeneous total_count is not supported"):
        D.Multinomial(_f64([3.0]), _f64([0.5, 0.5]))
    with pytest.raises(ValueError, match="`concentration` parameter must be at least one-dim"):
        D.Dirichlet(_f64(1.0))
    with pytest.raises(ValueError, match=r"within the support \(Interval\(lower_bound=0.0"):
        D.Beta(_f64([1.0]), _f64([2.0])).log_prob(_f64([1.5]))
    with pytest.raises(ValueError, match=r"within the support \(GreaterThanEq\(lower_bound="):
        D.Pareto(_f64([1.0]), _f64([2.0])).log_prob(_f64([0.5]))
    with pytest.raises(ValueError, match="constraint HalfOpenInterval"):
        D.NegativeBinomial(_f64([2.0]), _f64([1.0]))
    with pytest.raises(ValueError, match="Expected parameter df .* of distribution Chi2()"):
        D.StudentT(_f64([-1.0]))
    with pytest.raises(NotImplementedError, match="Inhomogeneous total count not supported by"):
        D.Binomial(_f64([2.0, 3.0]), _f64([0.5, 0.5])).entropy()
    with pytest.raises(NotImplementedError, match="KL between Binomials where q.total_count >"):
        D.kl_divergence(D.Binomial(_f64([2.0]), _f64([0.5])), D.Binomial(_f64([3.0]), _f64([0.5])))


def test_transform_errors_are_pytorchs():
    with pytest.raises(ValueError, match="cache_size must be 0 or 1"):
        T.ExpTransform(cache_size=2)
    with pytest.raises(ValueError, match="transforms must be a Transform or list, but was exp"):
        D.TransformedDistribution(D.Normal(0.0, 1.0), "exp")
    with pytest.raises(ValueError, match="transforms must be a Transform or a list of Transforms"):
        D.TransformedDistribution(D.Normal(0.0, 1.0), [1])
    with pytest.raises(ValueError, match=r"needs to have shape with size at least 1, but got"):
        D.TransformedDistribution(D.Normal(0.0, 1.0), [T.StickBreakingTransform()])
    with pytest.raises(ValueError, match="in_shape, out_shape have different numbers"):
        T.ReshapeTransform((2,), (3,))
    with pytest.raises(ValueError, match="Please use either .domain.event_dim or .codomain"):
        _event_dim_mismatch()


def _event_dim_mismatch():
    class _Widen(T.Transform):
        domain = D.constraints.real
        codomain = D.constraints.real_vector

    return _Widen().event_dim


def test_transform_cache_inverse_and_equality():
    x = _f64([0.5, -1.0])
    cached = T.ExpTransform(cache_size=1)
    y = cached(x)
    assert cached.inv(y) is x  # the cached pair: no log computed
    assert cached(x) is y
    uncached = T.ExpTransform()
    assert uncached.inv(uncached(x)) is not x
    np.testing.assert_allclose(uncached.inv(uncached(x)).numpy(), x.numpy(), rtol=1e-15)
    assert uncached.inv.inv is uncached
    assert T.ExpTransform() == T.ExpTransform() and T.ExpTransform() != T.SigmoidTransform()
    assert T.AffineTransform(1.0, 2.0) == T.AffineTransform(1.0, 2.0)
    assert T.AffineTransform(1.0, 2.0) != T.AffineTransform(1.0, 3.0)
    assert uncached.with_cache(1)._cache_size == 1
    compose = T.ComposeTransform([T.ExpTransform(), T.AffineTransform(0.0, 2.0)], cache_size=1)
    assert all(p._cache_size == 1 for p in compose.parts)
    assert compose.inv.inv is compose and compose.sign == 1 and compose.bijective
    assert T.identity_transform(x) is x
    assert T.AffineTransform(0.0, -2.0).sign == -1 and not T.AbsTransform().bijective
    assert repr(T.ExpTransform().inv) == "_InverseTransform(ExpTransform())"


def test_transformed_distribution_cdf_of_a_decreasing_map():
    """A negative scale flips the cdf (PyTorch's _monotonize_cdf)."""
    base = D.Normal(_f64([0.0]), _f64([1.0]))
    d = D.TransformedDistribution(base, [T.AffineTransform(1.0, -2.0)])
    value = _f64([0.0])
    expected = 1 - base.cdf((value - 1.0) / -2.0)
    np.testing.assert_allclose(d.cdf(value).numpy(), expected.numpy(), rtol=1e-15)
    np.testing.assert_allclose(d.icdf(d.cdf(value)).numpy(), value.numpy(), atol=1e-14)


EXPAND_CASES = [
    "lognormal", "gumbel", "cauchy", "halfnormal", "halfcauchy", "weibull", "pareto",
    "logisticnormal", "relaxedbernoulli", "relaxedonehot", "geometric", "binomial",
    "multinomial", "negbinomial", "gamma", "chi2", "beta", "dirichlet", "studentt",
    "transformed", "transformed_stick", "fisher", "kumaraswamy", "contbern", "vonmises",
    "lowrank", "mixture", "mixture_event", "inversegamma", "lkj", "wishart",
]  # fmt: skip


@pytest.mark.parametrize("name", EXPAND_CASES)
def test_expand_adds_batch_dims_and_keeps_log_prob(name):
    d = cases.build(D, autograd, name)
    new_batch = (4,) + tuple(d.batch_shape)
    e = d.expand(new_batch)
    assert type(e) is type(d) and tuple(e.batch_shape) == new_batch
    assert e.event_shape == d.event_shape
    sample = e.sample((2,))
    assert tuple(sample.shape) == (2, *new_batch, *d.event_shape)
    vals = cases.values(autograd, name)[:1]  # (a leading 1 broadcasts with the new dim)
    expected = d.log_prob(vals).detach().numpy()
    got = e.log_prob(vals).detach().numpy()
    np.testing.assert_allclose(got, np.broadcast_to(expected, got.shape), rtol=1e-14)


MOMENT_CASES = [
    ("gamma", 20000), ("chi2", 20000), ("beta", 20000), ("dirichlet", 20000),
    ("binomial_big", 20000), ("negbinomial", 20000), ("geometric", 20000),
    ("weibull", 20000), ("gumbel", 20000), ("lognormal", 20000), ("halfnormal", 20000),
    ("kumaraswamy", 20000), ("contbern", 20000), ("lowrank", 20000), ("mixture", 20000),
    ("mixture_event", 20000), ("fisher3", 20000),
]  # fmt: skip


@pytest.mark.parametrize(("name", "n"), MOMENT_CASES)
def test_seeded_samples_have_the_distributions_mean_and_variance(name, n):
    d = cases.build(D, autograd, name)
    autograd.manual_seed(1)
    x = d.sample((n,)).numpy()
    mean, var = d.mean.detach().numpy(), d.variance.detach().numpy()
    se = np.sqrt(var / n)
    assert (np.abs(x.mean(0) - mean) < 5 * se).all(), (x.mean(0), mean)
    np.testing.assert_allclose(x.var(0), var, rtol=0.1)


def test_von_mises_samples_have_its_circular_mean_and_variance():
    d = D.VonMises(_f64([0.5, -2.0]), _f64([0.5, 4.0]))
    autograd.manual_seed(3)
    x = d.sample((20000,)).numpy()
    assert ((x >= -np.pi) & (x < np.pi)).all()
    resultant = np.exp(1j * x).mean(0)
    np.testing.assert_allclose(np.angle(resultant), d.mean.numpy(), atol=0.05)
    np.testing.assert_allclose(1 - np.abs(resultant), d.variance.numpy(), atol=0.02)


def test_student_t_samples_of_a_finite_variance_df():
    d = D.StudentT(_f64([5.0]), _f64([1.0]), _f64([2.0]))
    autograd.manual_seed(2)
    x = d.sample((20000,)).numpy()
    assert abs(x.mean() - 1.0) < 0.1 and abs(x.var() / d.variance.item() - 1) < 0.1


def test_gumbel_softmax_policy_learns_the_best_arm():
    """A relaxed one-hot sample (rsample) scored by a reward: gradient ascent moves the
    logits to the best arm (the Gumbel-softmax estimator)."""
    autograd.manual_seed(0)
    logits = autograd.zeros(4, requires_grad=True)
    reward = autograd.tensor([0.1, 0.2, 1.0, 0.3])
    opt = optim.Adam([logits], lr=0.1)
    for _ in range(150):
        d = D.RelaxedOneHotCategorical(autograd.tensor(0.5), logits=logits)
        loss = -(d.rsample((32,)) * reward).sum(-1).mean()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert logits.argmax().item() == 2
    assert D.Categorical(logits=logits.detach()).probs[2].item() > 0.8


def test_kl_of_transformed_distributions_needs_equal_transforms():
    p = D.LogNormal(_f64([0.0]), _f64([1.0]))
    q = D.TransformedDistribution(D.Normal(_f64([0.0]), _f64([1.0])), [T.SigmoidTransform()])
    with pytest.raises(NotImplementedError):
        D.kl_divergence(p, q)
    assert D.kl_divergence(p, D.LogNormal(_f64([0.0]), _f64([1.0]))).item() == 0.0
    kl = D.kl_divergence(D.Gamma(_f64([2.0]), _f64([1.0])), D.Beta(_f64([1.0]), _f64([1.0])))
    assert math.isinf(kl.item())


def test_generalized_pareto_density_cdf_icdf_and_samples():
    """(PyTorch 2.13's log_prob refuses float64, comparing with a float32 zero: its values
    are checked here by their definitions.)"""
    loc = _f64([0.0, 1.0, 0.0])
    scale = _f64([1.0, 2.0, 0.5])
    conc = autograd.tensor([0.3, -0.2, 0.0], dtype=autograd.float64, requires_grad=True)
    d = D.GeneralizedPareto(loc, scale, conc)
    x = _f64([0.5, 2.0, 0.3])
    np.testing.assert_allclose(d.icdf(d.cdf(x)).detach().numpy(), x.numpy(), rtol=1e-12)
    h = 1e-6
    density = (d.cdf(x + h) - d.cdf(x - h)).detach().numpy() / (2 * h)
    np.testing.assert_allclose(d.log_prob(x).detach().numpy(), np.log(density), rtol=1e-7)
    c = conc.detach().numpy()
    np.testing.assert_allclose(d.support.upper_bound.numpy()[1], 1.0 + 2.0 / 0.2)
    np.testing.assert_allclose(
        d.entropy().detach().numpy(), np.log(scale.numpy()) + c + 1, rtol=1e-15
    )
    off_zero = autograd.tensor([0.3, -0.2, 0.05], dtype=autograd.float64, requires_grad=True)
    assert autograd.gradcheck(  # (at 0 exactly it is the exponential: no gradient in c)
        lambda cc: D.GeneralizedPareto(loc, scale, cc, validate_args=False).log_prob(x),
        (off_zero,),
    )
    autograd.manual_seed(0)
    samples = D.GeneralizedPareto(loc, scale, _f64([0.1, -0.2, 0.0])).sample((40000,)).numpy()
    mean = D.GeneralizedPareto(loc, scale, _f64([0.1, -0.2, 0.0])).mean.numpy()
    np.testing.assert_allclose(samples.mean(0), mean, rtol=0.03)


@pytest.mark.parametrize(
    ("constraint", "registry", "kind", "x"),
    [
        (D.constraints.real, D.biject_to, "ComposeTransform", [-1.0, 2.0]),
        (D.constraints.positive, D.biject_to, "ComposeTransform", [-1.0, 2.0]),
        (D.constraints.greater_than(2.0), D.transform_to, "ComposeTransform", [-1.0, 2.0]),
        (D.constraints.less_than(-1.0), D.biject_to, "ComposeTransform", [-1.0, 2.0]),
        (D.constraints.unit_interval, D.biject_to, "SigmoidTransform", [-1.0, 2.0]),
        (D.constraints.interval(-2.0, 3.0), D.transform_to, "ComposeTransform", [-1.0, 2.0]),
        (D.constraints.simplex, D.biject_to, "StickBreakingTransform", [-1.0, 2.0]),
        (D.constraints.simplex, D.transform_to, "SoftmaxTransform", [-1.0, 2.0]),
        (D.constraints.real_vector, D.biject_to, "IndependentTransform", [-1.0, 2.0]),
        (D.constraints.independent(D.constraints.positive, 1), D.transform_to,
         "IndependentTransform", [-1.0, 2.0]),
        (D.constraints.lower_cholesky, D.transform_to, "LowerCholeskyTransform",
         [[0.5, 2.0], [-1.0, 0.3]]),
        (D.constraints.positive_definite, D.transform_to, "PositiveDefiniteTransform",
         [[0.5, 2.0], [-1.0, 0.3]]),
        (D.constraints.corr_cholesky, D.biject_to, "CorrCholeskyTransform", [0.3, -0.5, 1.2]),
        (D.constraints.cat([D.constraints.positive, D.constraints.unit_interval], 0, [1, 1]),
         D.biject_to, "CatTransform", [-1.0, 2.0]),
        (D.constraints.stack([D.constraints.positive, D.constraints.real], 0), D.transform_to,
         "StackTransform", [-1.0, 2.0]),
    ],
)  # fmt: skip
def test_biject_to_and_transform_to_map_the_reals_into_the_constraint(
    constraint, registry, kind, x
):
    """The transforms PyTorch's registries give (their types recorded from PyTorch 2.13)."""
    t = registry(constraint)
    assert type(t).__name__ == kind
    x = _f64(x)
    y = t(x)
    assert bool(constraint.check(y).all())
    if t.bijective:
        np.testing.assert_allclose(t.inv(y).numpy(), x.numpy(), rtol=1e-12, atol=1e-14)


def test_constraint_registry_errors_are_pytorchs():
    with pytest.raises(NotImplementedError, match="Cannot transform _Boolean constraints"):
        D.biject_to(D.constraints.boolean)
    with pytest.raises(TypeError, match="Expected constraint to be either a Constraint"):
        D.biject_to.register(int, lambda c: None)
    assert bool(D.constraints.symmetric.check(_f64([[1.0, 2.0], [2.0, 1.0]])))
    assert not bool(D.constraints.positive_semidefinite.check(_f64([[1.0, 2.0], [2.0, 1.0]])))
    assert bool(D.constraints.lower_triangular.check(_f64([[1.0, 0.0], [2.0, 1.0]])))


def test_wishart_rsample_is_differentiable_and_warns_as_pytorchs():
    """PyTorch 2.13 redraws every valid Wishart sample once, with its warning; the numbers
    are PyTorch's (test_distributions_pytorch) and the gradient reaches the scale."""
    cov = autograd.tensor([[2.0, 0.3], [0.3, 1.0]], dtype=autograd.float64, requires_grad=True)
    d = D.Wishart(_f64([4.0, 5.0]), covariance_matrix=cov)
    autograd.manual_seed(0)
    with pytest.warns(UserWarning, match="Singular sample detected."):
        x = d.rsample((3,))
    assert tuple(x.shape) == (3, 2, 2, 2) and bool(D.constraints.positive_definite.check(x).all())
    x.sum().backward()
    assert cov.grad is not None and np.isfinite(cov.grad.numpy()).all()
    with pytest.raises(ValueError, match="expected to be greater than ndim - 1 = 1"):
        D.Wishart(_f64([0.5]), covariance_matrix=cov.detach())


def test_wishart_log_prob_gradcheck_in_df_and_the_free_entries_of_scale_tril():
    """(Only the lower triangle of scale_tril is free: cholesky_solve reads no other entry,
    while its gradient, as PyTorch's, is the full matrix's.)"""
    from autograd.distributions.utils import vec_to_tril_matrix

    df = autograd.tensor([3.0, 4.5], dtype=autograd.float64, requires_grad=True)
    entries = autograd.tensor([1.5, -0.4, 0.7], dtype=autograd.float64, requires_grad=True)
    value = _f64([[[1.0, 0.2], [0.2, 0.5]], [[3.0, -0.5], [-0.5, 2.0]]])

    def fn(df, entries):
        d = D.Wishart(df, scale_tril=vec_to_tril_matrix(entries), validate_args=False)
        return d.log_prob(value) + d.entropy()

    assert autograd.gradcheck(fn, (df, entries))
