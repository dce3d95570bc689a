"""nn.attacks: FGSM, iterated FGSM / PGD, one-pixel and patch attacks on a trained digits MLP."""

import math

import numpy as np
import pytest

import autograd
import nn
import optim
from nn import attacks
from nn.data import holdout_split, load_digits
from nn.training import fit


@pytest.fixture(scope="module")
def trained():
    X, y = load_digits()
    X_tr, X_te, y_tr, y_te = holdout_split(X, y, test_size=0.25, stratify=True, seed=0)
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.ReLU(), nn.Linear(64, 10))
    opt = optim.Adam(model.parameters(), lr=5e-3)
    fit(model, nn.CrossEntropyLoss(), opt, (X_tr, y_tr), epochs=12, progress=False)
    return model, X_te[:150], y_te[:150]


def _check_result(r, x, y):
    assert r.x_adv.shape == x.shape and r.x_adv.dtype == x.dtype
    assert r.success.shape == r.eligible.shape == y.shape
    assert not (r.success & ~r.eligible).any()
    assert r.success_rate == pytest.approx(r.success.sum() / r.eligible.sum())
    assert 0.0 <= r.success_rate <= 1.0


def test_fgsm_lowers_accuracy_within_the_eps_ball(trained):
    model, x, y = trained
    r = attacks.fgsm(model, x, y, eps=0.15)
    _check_result(r, x, y)
    assert r.clean_accuracy > 0.9
    assert r.adv_accuracy < r.clean_accuracy - 0.3
    assert np.abs(r.x_adv - x).max() <= 0.15 + 1e-6
    assert r.x_adv.min() >= 0.0 and r.x_adv.max() <= 1.0
    # success = correctly classified before, misclassified after
    np.testing.assert_array_equal(r.success, (r.pred_clean == y) & (r.pred_adv != y))


def test_fgsm_is_x_plus_eps_sign_grad(trained):
    model, x, y = trained
    xt = autograd.Tensor(x[:5], requires_grad=True)
    loss = nn.functional.cross_entropy(model(xt), autograd.Tensor(y[:5]))
    loss.backward()
    expected = np.clip(x[:5] + 0.05 * np.sign(xt.grad.data), 0, 1)
    r = attacks.fgsm(model, x[:5], y[:5], eps=0.05)
    np.testing.assert_allclose(r.x_adv, expected, atol=1e-6)


def test_attacks_leave_the_model_as_they_found_it(trained):
    model, x, y = trained
    model.train()
    model.zero_grad()
    attacks.pgd(model, x[:10], y[:10], eps=0.1, steps=2)
    assert model.training
    assert all(p.requires_grad and p.grad is None for p in model.parameters())


def test_iterated_fgsm_at_least_as_strong_as_fgsm(trained):
    model, x, y = trained
    eps = 0.1
    one = attacks.fgsm(model, x, y, eps=eps)
    it = attacks.iterated_fgsm(model, x, y, eps=eps, steps=10)
    pgd = attacks.pgd(model, x, y, eps=eps, steps=10, seed=0)
    assert attacks.bim is attacks.iterated_fgsm
    for r in (it, pgd):
        _check_result(r, x, y)
        assert r.success_rate >= one.success_rate
        assert np.abs(r.x_adv - x).max() <= eps + 1e-6  # projected onto the eps ball
        assert r.x_adv.min() >= 0.0 and r.x_adv.max() <= 1.0


def test_targeted_fgsm_moves_towards_the_target(trained):
    model, x, y = trained
    r = attacks.pgd(model, x, y, eps=0.2, steps=10, target=3)
    _check_result(r, x, y)
    assert (r.target == 3).all()
    assert not r.eligible[y == 3].any()
    np.testing.assert_array_equal(r.success, r.eligible & (r.pred_adv == 3))
    assert r.success_rate > 0.3


def test_one_pixel_changes_exactly_one_pixel(trained):
    model, x, y = trained
    x, y = x[:25], y[:25]
    r = attacks.one_pixel(model, x, y, popsize=20, maxiter=8, seed=0)
    _check_result(r, x, y)
    changed = r.x_adv != x
    assert (changed.sum(axis=1) == 1).all()
    np.testing.assert_array_equal(np.argmax(changed, axis=1), r.info["pixels"][:, 0])
    assert r.x_adv.min() >= 0.0 and r.x_adv.max() <= 1.0
    again = attacks.one_pixel(model, x, y, popsize=20, maxiter=8, seed=0)
    np.testing.assert_array_equal(again.x_adv, r.x_adv)  # seeded


def test_one_pixel_on_image_batches(trained):
    model, x, y = trained
    images = x[:10].reshape(10, 1, 8, 8)
    cnn_like = nn.Sequential(nn.Flatten(), model)  # the same weights, image input
    r = attacks.one_pixel(cnn_like, images, y[:10], popsize=10, maxiter=3, seed=1)
    changed = (r.x_adv != images).reshape(10, -1)
    assert (changed.sum(axis=1) == 1).all()
    rows, cols = r.info["pixels"][:, 0, 0], r.info["pixels"][:, 0, 1]
    assert (r.x_adv[np.arange(10), 0, rows, cols] != images[np.arange(10), 0, rows, cols]).all()


def test_apply_patch_pastes_where_told():
    x = np.zeros((3, 64), dtype=np.float32)
    patch = np.arange(1, 5, dtype=np.float32).reshape(1, 2, 2)
    xp, (rows, cols) = attacks.apply_patch(x, patch, location=(5, 1))
    img = xp.reshape(3, 8, 8)
    assert (rows == 5).all() and (cols == 1).all()
    np.testing.assert_array_equal(img[:, 5:7, 1:3], np.broadcast_to(patch[0], (3, 2, 2)))
    assert img.sum() == 3 * patch.sum()
    _, (r, c) = attacks.apply_patch(x, patch, seed=0)
    assert ((r >= 0) & (r <= 6) & (c >= 0) & (c <= 6)).all()


def test_patch_beats_a_random_patch(trained):
    model, x, y = trained
    r = attacks.patch_attack(model, x, y, patch_size=3, steps=60, seed=0)
    _check_result(r, x, y)
    assert r.info["patch"].shape == (1, 3, 3)
    noise = np.random.default_rng(0).uniform(0, 1, (1, 3, 3)).astype(np.float32)
    x_rand, _ = attacks.apply_patch(x, noise, seed=1)
    baseline = attacks.evaluate_attack(model, x, y, x_rand)
    assert r.success_rate > baseline.success_rate + 0.05
    # only the patch region changes
    changed = (r.x_adv != x).reshape(len(x), 8, 8)
    for i in range(len(x)):
        rr, cc = r.info["rows"][i], r.info["cols"][i]
        outside = changed[i].copy()
        outside[rr : rr + 3, cc : cc + 3] = False
        assert not outside.any()


def test_targeted_patch_at_a_fixed_place(trained):
    model, x, y = trained
    r = attacks.patch_attack(model, x, y, patch_size=4, target=0, location=(2, 2), steps=60)
    assert r.success_rate > 0.5
    assert math.isnan(
        attacks.evaluate_attack(model, x[:1], y[:1], x[:1], target=y[:1]).success_rate
    )
