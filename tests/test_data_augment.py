"""Tests for nn.data.augment: shapes, dtypes, labels, seeds, and what each transform does."""

import numpy as np
import pytest

from nn.data import (
    BrightnessContrast,
    Compose,
    DataLoader,
    GaussianNoise,
    Mixup,
    RandomCrop,
    RandomErasing,
    RandomFlip,
    RandomRotation,
    RandomShift,
    TensorDataset,
)


def batch(n=16, c=1, h=8, w=8, seed=0):
    return np.random.default_rng(seed).random((n, c, h, w)).astype(np.float32)


TRANSFORMS = [
    lambda s: RandomFlip(horizontal=True, vertical=True, seed=s),
    lambda s: RandomRotation(20, seed=s),
    lambda s: RandomShift(2, seed=s),
    lambda s: RandomCrop(8, padding=2, seed=s),
    lambda s: BrightnessContrast(0.3, 0.3, seed=s),
    lambda s: GaussianNoise(0.1, seed=s),
    lambda s: RandomErasing(p=1.0, seed=s),
    lambda s: Compose([RandomShift(1, seed=s), GaussianNoise(0.05, seed=s + 1)]),
]


@pytest.mark.parametrize("make", TRANSFORMS)
@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_shape_dtype_and_seed(make, dtype):
    x = batch(c=3).astype(dtype)
    x_before = x.copy()
    a, b, c = make(0), make(0), make(123)
    ya, yb = a(x), b(x)
    assert ya.shape == x.shape and ya.dtype == x.dtype
    np.testing.assert_array_equal(ya, yb)  # same seed, same output
    np.testing.assert_array_equal(a(x), b(x))  # ... call after call
    assert not np.array_equal(ya, a(x))  # the generator moves on
    assert not np.array_equal(ya, c(x))  # another seed differs
    np.testing.assert_array_equal(x, x_before)  # the input is not modified


def test_flip_known_image():
    x = np.arange(6, dtype=np.float32).reshape(1, 1, 2, 3).repeat(200, axis=0)
    out = RandomFlip(p=0.5, seed=0)(x)
    flipped = (out[:, 0] == x[0, 0, :, ::-1]).all(axis=(1, 2))
    kept = (out[:, 0] == x[0, 0]).all(axis=(1, 2))
    assert (flipped | kept).all() and 60 < flipped.sum() < 140
    always = RandomFlip(horizontal=False, vertical=True, p=1.0)(x[:1])
    np.testing.assert_array_equal(always[0, 0], [[3, 4, 5], [0, 1, 2]])
    np.testing.assert_array_equal(RandomFlip(p=0.0)(x), x)


def test_shift_known_image():
    x = np.zeros((300, 1, 5, 5), np.float32)
    x[:, 0, 2, 2] = 1.0  # one bright pixel in the middle
    out = RandomShift(2, seed=0)(x)
    assert (out.sum(axis=(1, 2, 3)) == 1).all()  # the pixel stays whole, never wraps
    rows, cols = np.nonzero(out[:, 0])[1:]
    assert set(rows - 2) == set(cols - 2) == {-2, -1, 0, 1, 2}
    # a shift of the known image moves the content down/right and fills with `fill`
    img = np.arange(9, dtype=np.float32).reshape(1, 1, 3, 3) + 1
    shifted = RandomShift(1, fill=-1.0, seed=0)
    out = shifted(img.repeat(50, axis=0))
    assert any(
        np.array_equal(o[0], [[-1, -1, -1], [-1, 1, 2], [-1, 4, 5]]) for o in out
    )  # dy = dx = +1 occurs


def test_rotation_exact_cases():
    x = batch(4, 2, 6, 6)
    np.testing.assert_allclose(RandomRotation(0)(x), x, atol=1e-6)
    r90 = RandomRotation((90, 90))(x)
    np.testing.assert_allclose(r90, np.rot90(x, 1, axes=(2, 3)), atol=1e-5)
    # a small rotation keeps the centre of a symmetric blob and most of its mass
    blob = np.zeros((8, 1, 9, 9), np.float32)
    blob[:, :, 3:6, 3:6] = 1
    out = RandomRotation(10, seed=0)(blob)
    assert (out[:, 0, 4, 4] > 0.99).all()
    np.testing.assert_allclose(out.sum(axis=(1, 2, 3)), 9, rtol=0.1)


def test_crop_is_a_window_of_the_padded_image():
    x = batch(50, 1, 6, 6)
    out = RandomCrop(4, padding=1, seed=0)(x)
    assert out.shape == (50, 1, 4, 4)
    padded = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    offsets = set()
    for i in range(50):
        hits = [
            (t, l)
            for t in range(5)
            for l in range(5)
            if np.array_equal(out[i], padded[i, :, t : t + 4, l : l + 4])
        ]
        assert hits
        offsets.add(hits[0])
    assert len(offsets) > 10
    np.testing.assert_array_equal(RandomCrop(6)(x), x)  # no padding, full size: identity


def test_brightness_contrast():
    x = batch(500)
    out = BrightnessContrast(brightness=0.2, contrast=0.0, seed=0)(x)
    shift = (out - x).reshape(500, -1)
    assert np.allclose(shift, shift[:, :1], atol=1e-6)  # one offset per image
    assert -0.2 <= shift.min() and shift.max() <= 0.2 and shift[:, 0].std() > 0.05
    out = BrightnessContrast(brightness=0.0, contrast=0.5, seed=0)(x)
    np.testing.assert_allclose(out.mean(axis=(1, 2, 3)), x.mean(axis=(1, 2, 3)), atol=1e-6)
    ratio = out.std(axis=(1, 2, 3)) / x.std(axis=(1, 2, 3))
    assert 0.5 <= ratio.min() and ratio.max() <= 1.5
    clipped = BrightnessContrast(0.5, 0.5, clip=(0, 1), seed=0)(x)
    assert clipped.min() >= 0 and clipped.max() <= 1


def test_gaussian_noise_std():
    x = np.full((64, 1, 28, 28), 0.5, np.float32)
    noise = GaussianNoise(std=0.2, seed=0)(x) - x
    assert abs(noise.std() - 0.2) < 0.005 and abs(noise.mean()) < 0.005


def test_random_erasing():
    x = np.ones((200, 1, 10, 10), np.float32)
    out = RandomErasing(p=0.5, scale=(0.1, 0.3), value=0.0, seed=0)(x)
    erased = (out == 0).reshape(200, -1).sum(1)
    touched = erased > 0
    assert 60 < touched.sum() < 140
    frac = erased[touched] / 100
    assert frac.min() >= 0.03 and frac.max() <= 0.45
    for img in out[touched][:20, 0]:  # the erased area is one rectangle
        rows, cols = np.nonzero(img == 0)
        box = img[rows.min() : rows.max() + 1, cols.min() : cols.max() + 1]
        assert (box == 0).all()


def test_mixup():
    rng = np.random.default_rng(0)
    x = rng.random((32, 1, 4, 4)).astype(np.float32)
    labels = rng.integers(0, 3, 32)
    y = np.eye(3, dtype=np.float32)[labels]
    xm, ym = Mixup(alpha=0.4, seed=0)(x, y)
    assert xm.shape == x.shape and xm.dtype == x.dtype and ym.shape == (32, 3)
    np.testing.assert_allclose(ym.sum(1), 1, atol=1e-6)  # still a distribution
    xm2, ym2 = Mixup(alpha=0.4, seed=0)(x, y)
    np.testing.assert_array_equal(xm, xm2)
    np.testing.assert_array_equal(ym, ym2)
    # each mixed input is the same convex combination as its label
    xm, ym = Mixup(alpha=1.0, seed=3)(x, np.eye(32, dtype=np.float32))
    for i in range(32):
        mix = np.tensordot(ym[i], x, axes=1)
        np.testing.assert_allclose(xm[i], mix, atol=1e-5)
    _, y_int = Mixup(alpha=0.2, num_classes=3, seed=0)(x, labels)
    assert y_int.shape == (32, 3)
    with pytest.raises(ValueError, match="one-hot"):
        Mixup()(x, labels)


def test_transforms_in_a_data_loader():
    x = batch(20)
    labels = np.arange(20)
    aug = Compose([RandomFlip(seed=0), RandomShift(1, seed=1)])
    loader = DataLoader(TensorDataset(x, labels), batch_size=8, shuffle=True, seed=0, transform=aug)
    seen = []
    for xb, yb in loader:
        assert xb.shape[1:] == (1, 8, 8) and xb.dtype == np.float32
        seen += yb.tolist()
    assert sorted(seen) == list(range(20))  # labels untouched
    onehot = np.eye(20, dtype=np.float32)
    mix = Compose([GaussianNoise(0.01, seed=0), Mixup(0.2, seed=0)])
    (xb, yb), *_ = DataLoader((x, onehot), batch_size=8, transform=mix)
    assert xb.shape == (8, 1, 8, 8) and yb.shape == (8, 20)
    np.testing.assert_allclose(yb.sum(1), 1, atol=1e-6)


def test_rejects_non_image_batches():
    with pytest.raises(ValueError, match="N, C, H, W"):
        RandomShift(1)(np.zeros((4, 8, 8)))
