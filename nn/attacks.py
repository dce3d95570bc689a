"""Adversarial attacks on classifiers: FGSM, iterated FGSM / PGD, one-pixel, adversarial patch.

Every attack is a function over a model (logits out), a batch of inputs ``x`` (numpy, in
the ``clip`` range, [0, 1] by default) and their labels ``y``, and returns an
`AttackResult` with the perturbed inputs and the success rate. Untargeted attacks succeed
on a sample the model classified correctly when its prediction changes; targeted attacks
(``target=`` a class or one class per sample) when the prediction becomes the target,
counted over correctly classified samples whose label is not the target. The model runs
in eval mode with its parameters frozen (no gradients are computed for them), and both
are restored afterwards.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from autograd import Tensor, enable_grad, grad, no_grad

from .data import as_array

__all__ = [
    "AttackResult",
    "apply_patch",
    "bim",
    "evaluate_attack",
    "fgsm",
    "iterated_fgsm",
    "one_pixel",
    "patch_attack",
    "pgd",
]

Clip = tuple[float, float] | None


@dataclass
class AttackResult:
    """Perturbed inputs and how well the attack did.

    ``success``: per sample, whether the attack succeeded (False for samples not counted);
    ``eligible``: the samples counted in ``success_rate`` (correctly classified, and for a
    targeted attack not already of the target class); ``info``: attack-specific details
    (the patch, the pixels changed, ...).
    """

    x_adv: np.ndarray
    success_rate: float
    success: np.ndarray
    eligible: np.ndarray
    labels: np.ndarray
    pred_clean: np.ndarray
    pred_adv: np.ndarray
    target: np.ndarray | None = None
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def clean_accuracy(self) -> float:
        """Accuracy on the unperturbed inputs."""
        return float(np.mean(self.pred_clean == self.labels))

    @property
    def adv_accuracy(self) -> float:
        """Accuracy on the adversarial inputs."""
        return float(np.mean(self.pred_adv == self.labels))

    def __repr__(self) -> str:
        kind = "targeted" if self.target is not None else "untargeted"
        return (
            f"AttackResult({kind}, success_rate={self.success_rate:.3f}, "
            f"accuracy {self.clean_accuracy:.3f} -> {self.adv_accuracy:.3f}, n={len(self.labels)})"
        )


@contextmanager
def _attack_mode(model):
    """Eval mode and frozen parameters (only the input's gradient is computed)."""
    was_training = model.training
    params = [p for p in model.parameters() if p.requires_grad]
    model.eval()
    for p in params:
        p.requires_grad_(False)
    try:
        yield
    finally:
        for p in params:
            p.requires_grad_(True)
        model.train(was_training)


def _default_loss(loss_fn: Callable | None) -> Callable:
    if loss_fn is not None:
        return loss_fn
    from .losses import cross_entropy

    return cross_entropy


def _logits(model, x: np.ndarray, batch_size: int) -> np.ndarray:
    with no_grad():
        return np.concatenate(
            [model(Tensor(x[i : i + batch_size])).numpy() for i in range(0, len(x), batch_size)]
        )


def _input_grad(model, x, labels, loss_fn, batch_size: int) -> np.ndarray:
    """d loss / d x, batch by batch (the sign is all the gradient attacks need)."""
    out = np.empty_like(x)
    with enable_grad():
        for i in range(0, len(x), batch_size):
            xt = Tensor(x[i : i + batch_size], requires_grad=True)
            loss = loss_fn(model(xt), Tensor(labels[i : i + batch_size]))
            (g,) = grad(loss, [xt])
            out[i : i + batch_size] = g.numpy()
    return out


def _prepare(x, y, target):
    x = as_array(x)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float32)
    y = as_array(y).astype(np.int64).reshape(len(x))
    if target is not None:
        target = np.broadcast_to(np.asarray(target, dtype=np.int64), y.shape).copy()
    return x, y, target


def _clip(x: np.ndarray, clip: Clip) -> np.ndarray:
    return x if clip is None else np.clip(x, clip[0], clip[1], out=x)


def evaluate_attack(
    model,
    x,
    y,
    x_adv,
    target=None,
    info: dict | None = None,
    batch_size: int = 512,
    pred_clean: np.ndarray | None = None,
) -> AttackResult:
    """An `AttackResult` for any perturbed inputs ``x_adv`` of ``x`` (e.g. random noise)."""
    x, y, target = _prepare(x, y, target)
    x_adv = as_array(x_adv)
    with _attack_mode(model):
        if pred_clean is None:
            pred_clean = _logits(model, x, batch_size).argmax(-1)
        pred_adv = _logits(model, x_adv, batch_size).argmax(-1)
    eligible = pred_clean == y
    if target is None:
        success = eligible & (pred_adv != y)
    else:
        eligible &= y != target
        success = eligible & (pred_adv == target)
    n = int(eligible.sum())
    rate = float(success.sum() / n) if n else math.nan
    return AttackResult(
        x_adv, rate, success, eligible, y, pred_clean, pred_adv, target, dict(info or {})
    )


def fgsm(
    model,
    x,
    y,
    eps: float = 0.1,
    loss_fn: Callable | None = None,
    clip: Clip = (0.0, 1.0),
    target=None,
    batch_size: int = 512,
) -> AttackResult:
    """Fast gradient sign method (Goodfellow et al., 2015): x + eps * sign(grad_x loss).

    Targeted (``target=``): x - eps * sign(grad_x loss(target)), towards the target class.
    ``loss_fn(logits, labels)`` defaults to cross-entropy.
    """
    x, y, target = _prepare(x, y, target)
    loss_fn = _default_loss(loss_fn)
    with _attack_mode(model):
        labels, sign = (y, 1.0) if target is None else (target, -1.0)
        g = _input_grad(model, x, labels, loss_fn, batch_size)
    x_adv = _clip(x + (sign * eps) * np.sign(g).astype(x.dtype), clip)
    return evaluate_attack(model, x, y, x_adv, target, {"eps": eps}, batch_size)


def pgd(
    model,
    x,
    y,
    eps: float = 0.1,
    alpha: float | None = None,
    steps: int = 10,
    random_start: bool = True,
    loss_fn: Callable | None = None,
    clip: Clip = (0.0, 1.0),
    target=None,
    seed: int | None = 0,
    batch_size: int = 512,
) -> AttackResult:
    """Projected gradient descent (Madry et al., 2018): iterated FGSM in the L-inf eps ball.

    ``steps`` signed steps of size ``alpha`` (default 2.5 * eps / steps), each followed by a
    projection onto ``[x - eps, x + eps]`` and the ``clip`` range; ``random_start`` begins
    at a uniform random point of the ball.
    """
    x, y, target = _prepare(x, y, target)
    loss_fn = _default_loss(loss_fn)
    alpha = 2.5 * eps / steps if alpha is None else alpha
    lo, hi = x - eps, x + eps
    x_adv = x.copy()
    if random_start:
        rng = np.random.default_rng(seed)
        x_adv += rng.uniform(-eps, eps, size=x.shape).astype(x.dtype)
        _clip(x_adv, clip)
    labels, sign = (y, 1.0) if target is None else (target, -1.0)
    with _attack_mode(model):
        for _ in range(steps):
            g = _input_grad(model, x_adv, labels, loss_fn, batch_size)
            x_adv += (sign * alpha) * np.sign(g).astype(x.dtype)
            np.clip(x_adv, lo, hi, out=x_adv)
            _clip(x_adv, clip)
    info = {"eps": eps, "alpha": alpha, "steps": steps, "random_start": random_start}
    return evaluate_attack(model, x, y, x_adv, target, info, batch_size)


def iterated_fgsm(
    model,
    x,
    y,
    eps: float = 0.1,
    alpha: float | None = None,
    steps: int = 10,
    loss_fn: Callable | None = None,
    clip: Clip = (0.0, 1.0),
    target=None,
    batch_size: int = 512,
) -> AttackResult:
    """Iterated FGSM, the basic iterative method (Kurakin et al., 2017): `pgd` from x itself."""
    return pgd(
        model, x, y, eps, alpha, steps, False, loss_fn, clip, target, None, batch_size
    )  # fmt: skip


bim = iterated_fgsm


def _pixel_view(x: np.ndarray) -> np.ndarray:
    """x as (N, C, P): channels and pixel positions (features of a flat input are pixels)."""
    if x.ndim == 2:
        return x.reshape(len(x), 1, x.shape[1])
    if x.ndim == 3:
        return x.reshape(len(x), 1, -1)
    if x.ndim == 4:
        return x.reshape(x.shape[0], x.shape[1], -1)
    raise ValueError(f"expected inputs (N, D), (N, H, W) or (N, C, H, W), got {x.shape}")


def one_pixel(
    model,
    x,
    y,
    pixels: int = 1,
    popsize: int = 40,
    maxiter: int = 30,
    mutation: float = 0.5,
    clip: tuple[float, float] = (0.0, 1.0),
    target=None,
    seed: int | None = 0,
    batch_size: int = 2048,
) -> AttackResult:
    """One-pixel attack (Su et al., 2019): differential evolution over changed pixels.

    A candidate is ``pixels`` (position, value per channel) pairs; a population of
    ``popsize`` candidates per image evolves by DE/rand/1 (mutant = a + mutation * (b - c),
    kept when it lowers the true class's probability, or raises the target's), for at most
    ``maxiter`` generations, and stops early on the images already fooled. All candidates
    of all images are evaluated in batches of ``batch_size`` forward passes. Out-of-range
    genes are redrawn uniformly, as in scipy's DE. ``info["pixels"]`` holds the changed
    positions ((row, col) for images, the feature index for flat inputs), and
    ``info["values"]`` their new values.
    """
    x, y, target = _prepare(x, y, target)
    rng = np.random.default_rng(seed)
    xv = _pixel_view(x)
    n, c, npos = xv.shape
    lo, hi = clip
    genes = 1 + c  # position, then one value per channel
    dim = pixels * genes
    span_lo = np.tile(np.r_[0.0, np.full(c, lo)], pixels)
    span_hi = np.tile(np.r_[float(npos), np.full(c, hi)], pixels)
    cls = y if target is None else target

    def draw(shape):
        return span_lo + rng.random(shape + (dim,)) * (span_hi - span_lo)

    def perturb(idx: np.ndarray, cand: np.ndarray) -> np.ndarray:
        """Images idx (M,) with candidates cand (M, S, dim) applied: (M, S, C, P)."""
        m, s = cand.shape[:2]
        out = np.repeat(xv[idx][:, None], s, axis=1)
        g = cand.reshape(m, s, pixels, genes)
        pos = np.minimum(g[..., 0].astype(np.int64), npos - 1)
        mi, si = np.arange(m)[:, None], np.arange(s)[None, :]
        for j in range(pixels):
            out[mi, si, :, pos[..., j]] = g[..., j, 1:].astype(x.dtype)
        return out

    def fitness(idx, cand):
        """(M, S) values to minimise and whether each candidate already succeeds."""
        imgs = perturb(idx, cand)
        m, s = cand.shape[:2]
        flat = imgs.reshape((m * s,) + x.shape[1:])
        logits = _logits(model, flat, batch_size).reshape(m, s, -1)
        z = logits - logits.max(-1, keepdims=True)
        p = np.exp(z)
        p /= p.sum(-1, keepdims=True)
        pc = np.take_along_axis(p, cls[idx][:, None, None], -1)[..., 0]
        pred = logits.argmax(-1)
        if target is None:
            return pc, pred != y[idx][:, None]
        return 1.0 - pc, pred == target[idx][:, None]

    with _attack_mode(model):
        pred_clean = _logits(model, x, batch_size).argmax(-1)
        all_idx = np.arange(n)
        pop = draw((n, popsize))
        fit, ok = fitness(all_idx, pop)
        done = ok.any(1)
        generations = np.zeros(n, dtype=np.int64)
        for _ in range(maxiter):
            active = np.flatnonzero(~done)
            if len(active) == 0:
                break
            generations[active] += 1
            p = pop[active]
            m = len(active)
            # three distinct partners per member, none the member itself
            keys = rng.random((m, popsize, popsize))
            keys[:, np.arange(popsize), np.arange(popsize)] = np.inf
            r = np.argsort(keys, axis=-1)[..., :3]
            mi = np.arange(m)[:, None]
            a, b, cc = p[mi, r[..., 0]], p[mi, r[..., 1]], p[mi, r[..., 2]]
            trial = a + mutation * (b - cc)
            bad = (trial < span_lo) | (trial >= span_hi)
            if bad.any():
                trial[bad] = draw((m, popsize))[bad]
            tf, tok = fitness(active, trial)
            better = tf <= fit[active]
            pop[active] = np.where(better[..., None], trial, p)
            fit[active] = np.where(better, tf, fit[active])
            ok[active] = np.where(better, tok, ok[active])
            done[active] = ok[active].any(1)
        # the winner: a successful candidate if any, else the fittest
        best = np.argmin(np.where(ok, -np.inf, fit), axis=1)
        winner = pop[all_idx, best][:, None]
        x_adv = perturb(all_idx, winner)[:, 0].reshape(x.shape)
    g = winner[:, 0].reshape(n, pixels, genes)
    pos = np.minimum(g[..., 0].astype(np.int64), npos - 1)
    where = np.stack(np.unravel_index(pos, x.shape[-2:]), -1) if x.ndim >= 3 else pos
    info = {"pixels": where, "values": g[..., 1:], "generations": generations}
    return evaluate_attack(
        model, x, y, x_adv, target, info, batch_size, pred_clean=pred_clean
    )  # fmt: skip


def _image_view(x: np.ndarray, image_shape: tuple[int, ...] | None) -> np.ndarray:
    """x as (N, C, H, W); flat inputs (N, D) need image_shape unless D is a square."""
    if image_shape is not None:
        shape = tuple(image_shape)
        return x.reshape((len(x),) + ((1,) + shape if len(shape) == 2 else shape))
    if x.ndim == 4:
        return x
    if x.ndim == 3:
        return x[:, None]
    if x.ndim == 2:
        side = math.isqrt(x.shape[1])
        if side * side == x.shape[1]:
            return x.reshape(len(x), 1, side, side)
    raise ValueError(f"cannot read inputs of shape {x.shape} as images: pass image_shape=(C, H, W)")


def _locations(n: int, size, hw, location, rng) -> tuple[np.ndarray, np.ndarray]:
    (ph, pw), (h, w) = size, hw
    if ph > h or pw > w:
        raise ValueError(f"patch {ph}x{pw} does not fit in {h}x{w} images")
    if location is not None:
        r, c = location
        if not (0 <= r <= h - ph and 0 <= c <= w - pw):
            raise ValueError(f"patch at {location} leaves the {h}x{w} image")
        return np.full(n, r), np.full(n, c)
    return rng.integers(0, h - ph + 1, n), rng.integers(0, w - pw + 1, n)


def _patch_index(rows, cols, size):
    """Index arrays selecting each sample's patch region of (N, H, W, C): (N, ph, pw, C)."""
    ph, pw = size
    n = len(rows)
    return (
        np.arange(n)[:, None, None],
        rows[:, None, None] + np.arange(ph)[None, :, None],
        cols[:, None, None] + np.arange(pw)[None, None, :],
    )


def apply_patch(
    x,
    patch: np.ndarray,
    location: tuple[int, int] | None = None,
    image_shape: tuple[int, ...] | None = None,
    seed: int | None = 0,
) -> tuple[np.ndarray, tuple[np.ndarray, np.ndarray]]:
    """Paste ``patch`` (C, h, w) into every input, at ``location`` (row, col) or at random.

    Returns the patched inputs (in x's shape) and the (rows, cols) of the top-left corners.
    """
    x = as_array(x)
    imgs = _image_view(x, image_shape).copy()
    patch = np.asarray(patch, dtype=x.dtype)
    if patch.ndim == 2:
        patch = patch[None]
    size = patch.shape[1:]
    rows, cols = _locations(len(x), size, imgs.shape[2:], location, np.random.default_rng(seed))
    nhwc = imgs.transpose(0, 2, 3, 1)  # a view: writes go into imgs
    nhwc[_patch_index(rows, cols, size)] = patch.transpose(1, 2, 0)
    return imgs.reshape(x.shape), (rows, cols)


def patch_attack(
    model,
    x,
    y,
    patch_size: int | tuple[int, int] = 3,
    target=None,
    location: tuple[int, int] | None = None,
    steps: int = 100,
    lr: float = 0.05,
    loss_fn: Callable | None = None,
    clip: tuple[float, float] = (0.0, 1.0),
    image_shape: tuple[int, ...] | None = None,
    seed: int | None = 0,
    batch_size: int = 512,
) -> AttackResult:
    """Adversarial patch (Brown et al., 2017): one patch, optimised over the whole batch.

    The patch (C, h, w) starts uniform random and takes ``steps`` signed gradient steps of
    size ``lr``: down the loss of the ``target`` class (targeted), or up the loss of the true
    labels. With ``location`` (row, col) it sits there; otherwise every step pastes it at new
    random places, so it works anywhere, and the result is measured at random places drawn
    from ``seed``. The gradient of the patch is the input gradient summed over the pasted
    regions. ``info["patch"]`` is the patch, for `apply_patch` on new inputs.
    """
    x, y, target = _prepare(x, y, target)
    loss_fn = _default_loss(loss_fn)
    rng = np.random.default_rng(seed)
    imgs = _image_view(x, image_shape)
    n, c, h, w = imgs.shape
    size = (patch_size, patch_size) if isinstance(patch_size, int) else tuple(patch_size)
    lo, hi = clip
    patch = rng.uniform(lo, hi, (c,) + size).astype(x.dtype)
    labels, sign = (y, 1.0) if target is None else (target, -1.0)
    with _attack_mode(model):
        for _ in range(steps):
            xp, (rows, cols) = apply_patch(x, patch, location, image_shape, rng.integers(2**31))
            g = _input_grad(model, xp, labels, loss_fn, batch_size)
            gi = _image_view(g, image_shape).transpose(0, 2, 3, 1)[_patch_index(rows, cols, size)]
            patch += (sign * lr) * np.sign(gi.sum(0).transpose(2, 0, 1)).astype(x.dtype)
            np.clip(patch, lo, hi, out=patch)
    eval_seed = int(rng.integers(2**31)) if seed is None else seed + 1
    x_adv, (rows, cols) = apply_patch(x, patch, location, image_shape, eval_seed)
    info = {"patch": patch, "rows": rows, "cols": cols, "location": location}
    return evaluate_attack(model, x, y, x_adv, target, info, batch_size)
