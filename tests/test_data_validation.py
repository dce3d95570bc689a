"""Tests for nn.data.validation: each scheme against its definition, and cross_validate."""

from math import comb

import numpy as np
import pytest
from sklearn.model_selection import GroupKFold, LeaveOneOut, RepeatedKFold

from nn.data import (
    CVResult,
    cross_validate,
    holdout_split,
    kfold,
    leave_one_out,
    leave_p_out,
    repeated_kfold,
    repeated_splits,
    stratified_kfold,
)


def imbalanced(n=103):
    X = np.arange(2 * n, dtype=np.float32).reshape(n, 2)
    y = np.zeros(n, np.int64)
    y[:31] = 1  # 30% ones
    y[31:41] = 2  # ~10% twos
    return X, y


def folds(splitter, X, y):
    return [(tr, va) for tr, va in splitter.split(X, y)]


def test_holdout_split():
    X, y = imbalanced()
    Xtr, Xte, ytr, yte = holdout_split(X, y, test_size=0.25, seed=0)
    assert len(Xte) == 26 and len(Xtr) == 77
    ids = np.concatenate([Xtr[:, 0], Xte[:, 0]]) // 2
    assert sorted(ids.astype(int).tolist()) == list(range(103))
    np.testing.assert_array_equal(ytr, y[(Xtr[:, 0] // 2).astype(int)])  # rows stay paired
    again = holdout_split(X, y, test_size=0.25, seed=0)
    np.testing.assert_array_equal(Xte, again[1])
    _, _, ytr, yte = holdout_split(X, y, test_size=0.25, stratify=True, seed=0)
    for c in range(3):
        assert abs((yte == c).sum() - 0.25 * (y == c).sum()) <= 1


@pytest.mark.parametrize("k", [2, 5, 10])
def test_kfold_disjoint_and_covering(k):
    X, y = imbalanced()
    fs = folds(kfold(k, seed=1), X, y)
    assert len(fs) == k
    val = np.concatenate([va for _, va in fs])
    assert sorted(val.tolist()) == list(range(103))  # each sample validated exactly once
    for tr, va in fs:
        assert not set(tr) & set(va)
        assert len(tr) + len(va) == 103
        assert len(va) in (103 // k, 103 // k + 1)


def test_stratified_kfold_keeps_class_ratios():
    X, y = imbalanced()
    k = 5
    fs = folds(stratified_kfold(k, seed=0), X, y)
    assert sorted(np.concatenate([va for _, va in fs]).tolist()) == list(range(103))
    for _, va in fs:
        for c in range(3):
            expected = (y == c).sum() * len(va) / len(y)
            assert abs((y[va] == c).sum() - expected) <= 1


def test_repeated_splits():
    X, y = imbalanced()
    fs = folds(repeated_splits(7, test_size=0.2, seed=0), X, y)
    assert len(fs) == 7
    for tr, va in fs:
        assert len(va) == 21 and not set(tr) & set(va) and len(tr) + len(va) == 103
    assert not np.array_equal(np.sort(fs[0][1]), np.sort(fs[1][1]))
    for _, va in folds(repeated_splits(4, test_size=0.3, stratified=True), X, y):
        for c in range(3):
            assert abs((y[va] == c).sum() - 0.3 * (y == c).sum()) <= 1
    rk = folds(repeated_kfold(4, n_repeats=3, seed=0), X, y)
    assert len(rk) == 12
    for r in range(3):
        val = np.concatenate([va for _, va in rk[4 * r : 4 * r + 4]])
        assert sorted(val.tolist()) == list(range(103))


def test_leave_one_and_p_out():
    X, y = imbalanced(7)
    assert len(folds(leave_one_out(), X, y)) == 7
    fs = folds(leave_p_out(2), X, y)
    assert len(fs) == comb(7, 2)
    assert {tuple(sorted(va)) for _, va in fs} == {
        (i, j) for i in range(7) for j in range(i + 1, 7)
    }
    assert all(len(tr) == 5 and not set(tr) & set(va) for tr, va in fs)


def nearest_mean(Xtr, ytr, Xva, yva):
    """A tiny classifier: accuracy of assigning each sample to the nearest class mean."""
    classes = np.unique(ytr)
    means = np.stack([Xtr[ytr == c].mean(0) for c in classes])
    pred = classes[((Xva[:, None] - means) ** 2).sum(-1).argmin(1)]
    return float((pred == yva).mean())


def test_cross_validate_int_and_splitters():
    rng = np.random.default_rng(0)
    y = np.repeat([0, 1], 40)
    X = rng.normal(size=(80, 2)) + 3 * y[:, None]
    res = cross_validate(nearest_mean, X, y, cv=4)
    assert isinstance(res, CVResult) and res.n_folds == 4
    assert res["score"].shape == (4,)
    assert res.mean == pytest.approx(res["score"].mean()) and res.mean > 0.9
    assert res.std == pytest.approx(res["score"].std())
    assert "4 folds" in repr(res) and "score=" in repr(res)
    assert [va for _, va in res.fold_sizes] == [20, 20, 20, 20]
    assert cross_validate(nearest_mean, X, y, cv=4).mean == res.mean  # seeded
    for splitter, n in [
        (stratified_kfold(5), 5),
        (RepeatedKFold(n_splits=2, n_repeats=3, random_state=0), 6),
        (LeaveOneOut(), 80),
        (repeated_splits(3, test_size=0.5), 3),
    ]:
        assert cross_validate(nearest_mean, X, y, cv=splitter).n_folds == n
    groups = np.arange(80) % 4
    seen = []
    cross_validate(
        lambda a, b, c, d: seen.append(len(c)) or 1.0, X, y, cv=GroupKFold(4), groups=groups
    )
    assert seen == [20, 20, 20, 20]
    with pytest.raises(TypeError):
        cross_validate(nearest_mean, X, y, cv="five")


def test_cross_validate_metric_dict():
    X, y = imbalanced()

    def fn(Xtr, ytr, Xva, yva):
        return {"n_val": len(yva), "share_of_ones": float((yva == 1).mean())}

    res = cross_validate(fn, X, y, cv=stratified_kfold(5))
    assert set(res.mean) == {"n_val", "share_of_ones"}
    assert res.mean["n_val"] == pytest.approx(103 / 5)
    assert res.std["share_of_ones"] < 0.02
    np.testing.assert_array_equal(res["n_val"], [n_val for _, n_val in res.fold_sizes])
    assert "n_val=" in repr(res) and "share_of_ones=" in repr(res) and "±" in repr(res)
