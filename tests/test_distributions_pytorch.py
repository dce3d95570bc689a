"""autograd.distributions against PyTorch's torch.distributions: properties, log_prob,
cdf, icdf, entropy and their gradients, samples under a seed, kl_divergence, PyTorch's
errors; and a reparameterised loss trained by gradient descent (a Normal fitted to data,
a tiny VAE)."""

from __future__ import annotations

from pathlib import Path

import distribution_cases as cases
import numpy as np
import pytest

import autograd
import nn
import optim
from autograd import distributions as D
from autograd.random import matches_pytorch_cpu

HERE = Path(__file__).resolve().parent
FIXTURES = np.load(HERE / "data" / "distributions_pytorch.npz")
SAME_STREAMS = pytest.mark.skipif(
    not matches_pytorch_cpu(), reason="PyTorch's numbers differ in the last bit on this CPU"
)


def _get(d, prop):
    return d.entropy() if prop == "entropy" else getattr(d, prop)


def _compare(fn, expected, rtol=1e-13, *args):
    if expected.dtype.kind == "U":  # PyTorch raised
        error = {"raise:NotImplementedError": NotImplementedError, "raise:ValueError": ValueError}
        with pytest.raises(error[str(expected)]):
            fn(*args)
        return
    got = fn(*args)
    got = np.asarray(tuple(got)) if isinstance(got, tuple) else got.detach().numpy()
    assert got.shape == expected.shape
    np.testing.assert_allclose(got, expected, rtol=rtol, atol=1e-15, equal_nan=True)


@pytest.mark.parametrize("prop", cases.PROPERTIES)
@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_properties_equal_pytorchs(name, prop):
    d = cases.build(D, autograd, name)
    _compare(_get, FIXTURES[f"{name}.{prop}"], 1e-13, d, prop)


@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_log_prob_cdf_icdf_equal_pytorchs(name):
    d = cases.build(D, autograd, name)
    vals = cases.values(autograd, name)
    if vals is not None:
        _compare(d.log_prob, FIXTURES[f"{name}.log_prob"], 1e-13, vals)
        _compare(d.cdf, FIXTURES[f"{name}.cdf"], 1e-13, vals)
    probs = autograd.tensor([0.1, 0.5, 0.95], dtype=autograd.float64)
    probs = probs.reshape((3,) + (1,) * len(d.batch_shape))
    _compare(d.icdf, FIXTURES[f"{name}.icdf"], 1e-13, probs)


@pytest.mark.parametrize("name", sorted(n for n in cases.CASES if cases.CASES[n][2] is not None))
def test_gradients_of_log_prob_and_entropy_equal_pytorchs(name):
    leaves: list = []
    d = cases.build(D, autograd, name, leaves)
    loss = d.log_prob(cases.values(autograd, name)).sum()
    if FIXTURES[f"{name}.entropy"].dtype.kind != "U":
        loss = loss + d.entropy().sum()
    loss.backward()
    for i, t in enumerate(leaves):
        np.testing.assert_allclose(
            t.grad.numpy(), FIXTURES[f"{name}.grad.{i}"], rtol=1e-12, atol=1e-15
        )


@SAME_STREAMS
@pytest.mark.parametrize("seed", cases.SEEDS)
@pytest.mark.parametrize("name", sorted(cases.CASES))
def test_samples_under_a_seed_are_pytorchs(name, seed):
    d = cases.build(D, autograd, name)
    autograd.manual_seed(seed)
    for shape in cases.SAMPLE_SHAPES:
        key = "x".join(map(str, shape)) or "scalar"
        for method in ("sample", "rsample"):
            expected = FIXTURES[f"{name}.{method}.{seed}.{key}"]
            _compare(getattr(d, method), expected, 1e-15, shape)


@pytest.mark.parametrize(("p", "q"), cases.KL_PAIRS)
def test_kl_divergence_and_its_gradients_equal_pytorchs(p, q):
    leaves: list = []
    dp = cases.build(D, autograd, p, leaves)
    dq = cases.build(D, autograd, q, leaves)
    kl = D.kl_divergence(dp, dq)
    expected = FIXTURES[f"kl.{p}.{q}"]
    np.testing.assert_allclose(kl.detach().numpy(), expected, rtol=1e-12, atol=1e-15)
    if np.isfinite(expected).all():
        kl.sum().backward()
        for i, t in enumerate(leaves):
            grad = t.grad.numpy() if t.grad is not None else np.zeros(t.shape)
            np.testing.assert_allclose(
                grad, FIXTURES[f"kl.{p}.{q}.grad.{i}"], rtol=1e-11, atol=1e-14
            )


def test_kl_of_an_unregistered_pair_raises_pytorchs_error():
    with pytest.raises(
        NotImplementedError,
        match="No KL\\(p \\|\\| q\\) is implemented for p type Poisson and q type Laplace",
    ):
        D.kl_divergence(D.Poisson(autograd.tensor([1.0])), D.Laplace(0.0, 1.0))
    with pytest.raises(  # two exponential families: PyTorch's Bregman pair refuses
        NotImplementedError,
        match="The cross KL-divergence between different exponential families cannot {29}be",
    ):
        D.kl_divergence(D.Poisson(autograd.tensor([1.0])), D.Normal(0.0, 1.0))


def test_exponential_family_entropy_and_kl_are_bregman_divergences():
    """ExponentialFamily's generic entropy and same-family KL (from the log-normaliser)
    equal the closed forms."""
    from autograd.distributions.kl_families import _kl_expfamily_expfamily

    p = D.Normal(autograd.tensor([0.5, -1.0]), autograd.tensor([2.0, 0.3]))
    q = D.Normal(autograd.tensor([0.0, 1.0]), autograd.tensor([1.0, 0.7]))
    for d in (p, D.Gamma(autograd.tensor([2.0]), autograd.tensor([3.0])), D.Bernoulli(0.3)):
        np.testing.assert_allclose(
            D.ExponentialFamily.entropy(d).detach().numpy(), d.entropy().numpy(), rtol=1e-5
        )
    np.testing.assert_allclose(
        _kl_expfamily_expfamily(p, q).detach().numpy(),
        D.kl_divergence(p, q).numpy(),
        rtol=1e-5,
    )


def test_register_kl_adds_a_pair():
    class MyNormal(D.Normal):
        pass

    @D.register_kl(MyNormal, D.Normal)
    def _kl(p, q):
        return autograd.zeros(p.batch_shape)

    assert D.kl_divergence(MyNormal(0.0, 1.0), D.Normal(3.0, 1.0)).item() == 0.0
    assert D.kl_divergence(D.Normal(0.0, 1.0), MyNormal(0.0, 2.0)).item() > 0  # (the base pair)


def test_validation_errors_are_pytorchs():
    with pytest.raises(
        ValueError,
        match=r"Expected parameter scale \(Tensor of shape \(1,\)\) of distribution Normal",
    ):
        D.Normal(autograd.tensor([0.0]), autograd.tensor([-1.0]))
    with pytest.raises(ValueError, match="to be within the support \\(Boolean\\(\\)\\)"):
        D.Bernoulli(autograd.tensor([0.5])).log_prob(autograd.tensor([0.5]))
    with pytest.raises(ValueError, match="The value argument to log_prob must be a Tensor"):
        D.Normal(0.0, 1.0).log_prob(1.0)
    with pytest.raises(ValueError, match="The right-most size of value must match event_shape"):
        D.MultivariateNormal(autograd.zeros(2), scale_tril=autograd.eye(2)).log_prob(
            autograd.zeros(3)
        )
    with pytest.raises(
        ValueError, match="Either `probs` or `logits` must be specified, but not both."
    ):
        D.Categorical()
    with pytest.raises(
        ValueError, match="Exactly one of covariance_matrix or precision_matrix or scale_tril"
    ):
        D.MultivariateNormal(autograd.zeros(2))
    with pytest.raises(ValueError, match="Uniform is not defined when low>= high"):
        D.Uniform(1.0, 0.0)
    with pytest.raises(ValueError, match="Expected reinterpreted_batch_ndims <= len"):
        D.Independent(D.Normal(0.0, 1.0), 1)
    D.Normal(autograd.tensor([0.0]), autograd.tensor([-1.0]), validate_args=False)  # not checked
    with pytest.raises(NotImplementedError, match="has no rsample"):
        D.Bernoulli(0.3).rsample()


def test_shapes_expand_and_enumerate_support():
    n = D.Normal(autograd.zeros(3), autograd.ones(3)).expand((2, 3))
    assert n.batch_shape == autograd.Size((2, 3)) and n.sample((4,)).shape == (4, 2, 3)
    ind = D.Independent(n, 1)
    assert (ind.batch_shape, ind.event_shape) == (autograd.Size((2,)), autograd.Size((3,)))
    assert ind.log_prob(autograd.zeros(2, 3)).shape == (2,)
    assert D.Categorical(logits=autograd.zeros(4, 3)).expand((2, 4)).sample().shape == (2, 4)
    support = D.Bernoulli(autograd.tensor([0.3, 0.5])).enumerate_support()
    assert support.tolist() == [[0.0, 0.0], [1.0, 1.0]]
    one_hot = D.OneHotCategorical(autograd.tensor([0.2, 0.8])).enumerate_support()
    assert one_hot.tolist() == [[1.0, 0.0], [0.0, 1.0]]
    assert repr(D.Independent(D.Normal(0.0, 1.0).expand((2,)), 1)).startswith("Independent(Normal(")


def test_sample_has_no_gradient_and_rsample_has_one():
    loc = autograd.tensor([0.0, 1.0], requires_grad=True)
    d = D.Normal(loc, 1.0)
    assert not d.sample().requires_grad
    d.rsample((3,)).sum().backward()
    assert loc.grad.tolist() == [3.0, 3.0]
    probs = autograd.tensor([0.2, 0.8], requires_grad=True)
    st = D.OneHotCategoricalStraightThrough(probs)
    (st.rsample() * autograd.tensor([1.0, 2.0])).sum().backward()
    assert probs.grad is not None


def test_fitting_a_normal_by_gradient_descent_on_rsample():
    """Moment matching through rsample: the loss's gradient reaches loc and log_scale."""
    autograd.manual_seed(0)
    target = D.Normal(2.0, 0.5)
    loc = autograd.tensor(0.0, requires_grad=True)
    log_scale = autograd.tensor(0.0, requires_grad=True)
    opt = optim.Adam([loc, log_scale], lr=0.05)
    for _ in range(300):
        q = D.Normal(loc, log_scale.exp())
        x = q.rsample((256,))
        loss = -target.log_prob(x).mean() - q.entropy()  # KL(q || target) up to a constant
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert abs(loc.item() - 2.0) < 0.05 and abs(log_scale.exp().item() - 0.5) < 0.05
    exact = D.kl_divergence(D.Normal(loc.detach(), log_scale.exp().detach()), target)
    assert exact.item() < 5e-3


def test_a_tiny_vae_trains():
    """Encoder to a Normal, rsample, decoder, Bernoulli log-likelihood plus the KL to the
    prior: the ELBO improves, so the reparameterised path carries the gradients."""
    autograd.manual_seed(0)
    data = (autograd.rand(64, 8) > 0.5).float()
    data = autograd.cat([data[:, :4], data[:, :4]], dim=1)  # structure to learn
    enc, dec = nn.Linear(8, 4), nn.Linear(2, 8)
    opt = optim.Adam([*enc.parameters(), *dec.parameters()], lr=0.02)
    prior = D.Normal(autograd.zeros(2), autograd.ones(2))

    def loss_fn():
        h = enc(data)
        q = D.Normal(h[:, :2], (0.5 * h[:, 2:]).exp())
        z = q.rsample()
        likelihood = D.Bernoulli(logits=dec(z)).log_prob(data).sum(1)
        kl = D.kl_divergence(q, prior.expand((64, 2))).sum(1)
        return (kl - likelihood).mean()

    first = loss_fn().item()
    for _ in range(200):
        loss = loss_fn()
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert all(p.grad is not None for p in enc.parameters())
    assert loss_fn().item() < first - 1.0


@pytest.mark.parametrize(
    "name",
    ["normal", "laplace", "exponential", "bernoulli_logits", "categorical", "mvn_tril", "poisson"],
)
def test_log_prob_gradcheck_and_gradgradcheck(name):
    leaves: list = []
    cases.build(D, autograd, name, leaves)
    vals = cases.values(autograd, name)
    if name in ("normal", "laplace", "exponential", "mvn_tril"):
        vals = vals + 0.123  # (off Laplace's kink at loc)

    def fn(*params):
        args = dict(zip(cases.CASES[name][1], params))
        return getattr(D, cases.CASES[name][0])(**args, validate_args=False).log_prob(vals)

    assert autograd.gradcheck(fn, tuple(leaves))
    assert autograd.gradgradcheck(fn, tuple(leaves))


@SAME_STREAMS
@pytest.mark.parametrize(
    "name", sorted(n for n in cases.CASES if f"{n}.rsample_grad.0" in FIXTURES.files)
)
def test_rsample_gradients_equal_pytorchs(name):
    leaves: list = []
    d = cases.build(D, autograd, name, leaves)
    autograd.manual_seed(7)
    x = d.rsample((4,))
    (x * x + x).sum().backward()
    for i, t in enumerate(leaves):
        grad = t.grad.numpy() if t.grad is not None else np.zeros(t.shape)
        np.testing.assert_allclose(
            grad, FIXTURES[f"{name}.rsample_grad.{i}"], rtol=1e-10, atol=1e-13
        )


@pytest.mark.parametrize("name", sorted(cases.TRANSFORM_CASES))
def test_transforms_equal_pytorchs(name):
    t = cases.transform(D, name)
    x = autograd.tensor(cases.TRANSFORM_CASES[name][1], dtype=autograd.float64, requires_grad=True)
    y = t(x)
    key = f"t.{name}"
    np.testing.assert_allclose(y.detach().numpy(), FIXTURES[f"{key}.y"], rtol=1e-14, atol=1e-15)
    np.testing.assert_allclose(
        t.inv(y.detach()).numpy(), FIXTURES[f"{key}.inv"], rtol=1e-13, atol=1e-15
    )
    _compare(lambda: t.log_abs_det_jacobian(x, y), FIXTURES[f"{key}.ladj"], 1e-13)
    shapes = [*t.forward_shape(x.shape), -1, *t.inverse_shape(y.shape)]
    assert shapes == FIXTURES[f"{key}.shapes"].tolist()
    dims = [t.domain.event_dim, t.codomain.event_dim, int(t.bijective)]
    assert dims == FIXTURES[f"{key}.dims"].tolist()
    loss = y.pow(2).sum()
    if FIXTURES[f"{key}.ladj"].dtype.kind != "U":
        loss = loss + t.log_abs_det_jacobian(x, y).sum()
    loss.backward()
    np.testing.assert_allclose(x.grad.numpy(), FIXTURES[f"{key}.grad"], rtol=1e-12, atol=1e-15)
