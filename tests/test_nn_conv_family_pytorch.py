"""The convolution family and resampling against PyTorch 2.13, and their gradients.

Recorded by tools/make_conv_family_fixtures.py (tests/data/conv_family.npz): the functions
(conv1d, conv_transpose1d/2d, max/avg_pool1d, max-pool indices, max_unpool1d/2d,
unfold/fold, pixel_shuffle/unshuffle, interpolate) with their outputs, first and (in
float64) second derivatives; the layers' default initialisation for a seed (the same
weights, bit for bit); and seeded modules' outputs. Then finite-difference gradient checks
(single and double backward) and the errors for bad input.
"""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
import optim
from autograd import Tensor, gradcheck, gradgradcheck

DATA = np.load(Path(__file__).parent / "data" / "conv_family.npz")


def _cases(prefix: str) -> list[str]:
    keys = {k.split("/")[0] for k in DATA.files if k.startswith(prefix)}
    return sorted(keys, key=lambda k: int(k[1:]))


def _config(key: str) -> dict:
    return json.loads(str(DATA[f"{key}/config"]))


def _args(v):
    """JSON lists back to the tuples PyTorch was given."""
    if isinstance(v, list):
        return tuple(_args(e) for e in v)
    if isinstance(v, dict):
        return {k: _args(e) for k, e in v.items()}
    return v


def _tol(dtype: str) -> dict:
    return {"rtol": 1e-5, "atol": 1e-5} if dtype == "float32" else {"rtol": 1e-10, "atol": 1e-11}


FUNCTIONS = _cases("f")


def _pytorch_backward_differs(cfg: dict, tensors: dict) -> bool:
    """Where PyTorch's backward is not its forward's derivative (docs/from-pytorch.md):
    max_unpool with a repeated index (PyTorch sends the gradient to every copy, the forward
    keeps the last), and 1-d or 3-d nearest interpolation by a factor that keeps an axis's
    length (or doubles it) without being 1 (or 2) (PyTorch's backward sends the gradient to
    i, or i // 2, not where its forward read), and bicubic interpolation by a factor that
    is not 1 to the input's size (PyTorch's backward copies). graphgrad's gradient is the
    forward's derivative, checked against finite differences instead."""
    if cfg["fn"].startswith("max_unpool"):
        idx = tensors["indices"].numpy()
        flat = idx.reshape(*idx.shape[:2], -1)
        return any(len(np.unique(row)) < len(row) for row in flat.reshape(-1, flat.shape[-1]))
    shape = tensors["x"].shape
    kw = cfg["kwargs"]
    if cfg["fn"] == "interpolate" and kw.get("mode") == "bicubic":
        out = DATA[f"{cfg['key']}/y"].shape
        return out == shape and kw.get("scale_factor") not in (None, 1, [1, 1])
    if cfg["fn"] != "interpolate" or kw.get("mode", "nearest") != "nearest":
        return False
    factors = kw.get("scale_factor")
    if len(shape) == 4 or factors is None or kw.get("recompute_scale_factor"):
        return False
    factors = factors if isinstance(factors, list) else [factors] * (len(shape) - 2)
    return any(int(n * f) in (n, 2 * n) and f not in (1, 2) for n, f in zip(shape[2:], factors))


@pytest.mark.filterwarnings("ignore:invalid value")  # inf * 0 weights: NaN, as PyTorch's
@pytest.mark.parametrize("key", FUNCTIONS, ids=lambda k: f"{k}-{_config(k)['fn']}")
def test_function_matches_pytorch(key):
    cfg = dict(_config(key), key=key)
    tensors = {}
    for name in cfg["tensors"]:
        a = DATA[f"{key}/{name}"]
        tensors[name] = Tensor(a, requires_grad=a.dtype.kind == "f")
    kwargs = _args(cfg["kwargs"])
    out = getattr(F, cfg["fn"])(*tensors.values(), *_args(cfg["args"]), **kwargs)
    if f"{key}/indices_out" in DATA.files:
        out, indices = out
        assert indices.dtype == np.int64
        np.testing.assert_array_equal(indices.numpy(), DATA[f"{key}/indices_out"])
    want = DATA[f"{key}/y"]
    assert out.shape == want.shape and out.dtype == want.dtype
    tol = _tol(cfg["dtype"])
    np.testing.assert_allclose(out.numpy(), want, equal_nan=True, **tol)
    if f"{key}/g" not in DATA.files:
        return
    if _pytorch_backward_differs(cfg, tensors):
        rest = [t for n, t in tensors.items() if n != "x"]
        fn = getattr(F, cfg["fn"])
        assert gradcheck(lambda x: fn(x, *rest, *_args(cfg["args"]), **kwargs), tensors["x"])
        return
    floating = [n for n, t in tensors.items() if t.requires_grad]
    g = Tensor(DATA[f"{key}/g"], requires_grad=True)
    second = f"{key}/v" in DATA.files
    grads = autograd.grad(out, [tensors[n] for n in floating], g, create_graph=second)
    for n, gr in zip(floating, grads):
        assert gr.shape == tensors[n].shape and gr.dtype == tensors[n].dtype, n
        np.testing.assert_allclose(gr.numpy(), DATA[f"{key}/g{n}"], err_msg=n, **tol)
    if second:
        v = Tensor(DATA[f"{key}/v"])
        leaves = [tensors[n] for n in floating] + [g]
        hs = autograd.grad((grads[0] * v).sum(), leaves, allow_unused=True)
        for n, h in zip(floating + ["g"], hs):
            got = np.zeros(DATA[f"{key}/h{n}"].shape) if h is None else h.numpy()
            np.testing.assert_allclose(got, DATA[f"{key}/h{n}"], err_msg=f"h{n}", **tol)


INITS = _cases("i")


@pytest.mark.skipif(
    not autograd.random.matches_pytorch_cpu(),
    reason="recorded on x86-64 with AVX2/AVX-512 (PyTorch's float32 draws differ by CPU)",
)
@pytest.mark.parametrize("key", INITS, ids=lambda k: f"{k}-{_config(k)['cls']}")
def test_default_initialisation_matches_pytorch(key):
    cfg = _config(key)
    autograd.set_default_dtype(cfg["dtype"])
    try:
        autograd.manual_seed(cfg["seed"])
        m = getattr(nn, cfg["cls"])(*_args(cfg["args"]), **_args(cfg["kwargs"]))
        if "input" in cfg:  # a lazy layer: sized and drawn at its first forward
            m(autograd.ones(*cfg["input"]))
        params = dict(m.named_parameters())
        prefix = f"{key}/param/"
        want = {k[len(prefix) :]: DATA[k] for k in DATA.files if k.startswith(prefix)}
        assert list(params) == list(want)  # the same parameters, in PyTorch's order
        for name, arr in want.items():
            got = params[name].numpy()
            assert got.dtype == arr.dtype and got.shape == arr.shape, name
            np.testing.assert_array_equal(got, arr, err_msg=name)
        np.testing.assert_array_equal(autograd.rand(3).numpy(), DATA[f"{key}/rand"])
    finally:
        autograd.set_default_dtype(np.float32)


MODULES = _cases("m")


@pytest.mark.parametrize("key", MODULES, ids=lambda k: f"{k}-{_config(k)['cls']}")
def test_module_matches_pytorch(key):
    cfg = _config(key)
    m = getattr(nn, cfg["cls"])(*_args(cfg["args"]), **_args(cfg["kwargs"]))
    prefix = f"{key}/param/"
    state = {k[len(prefix) :]: DATA[k] for k in DATA.files if k.startswith(prefix)}
    assert list(dict(m.named_parameters())) == list(state)
    m.load_state_dict(state)  # PyTorch's weights (test_default_initialisation checks those)
    assert repr(m) == cfg["repr"]
    y = m(Tensor(DATA[f"{key}/x"]), **_args(cfg["forward"]))
    want = DATA[f"{key}/y"]
    assert y.shape == want.shape and y.dtype == want.dtype
    np.testing.assert_allclose(y.numpy(), want, rtol=1e-5, atol=1e-6)


# ------------------------------------------------------------------ finite differences
def _unpool_indices(shape, k, s=None, p=0, dims=2):
    """Max-pool indices for an image of `shape` (distinct: unpooling is then invertible)."""
    x = Tensor(np.random.default_rng(5).permutation(int(np.prod(shape))).reshape(shape) * 1.0)
    pool = F.max_pool2d if dims == 2 else F.max_pool1d
    return pool(x, k, s, p, return_indices=True)[1]


IDX2 = _unpool_indices((1, 2, 5, 6), 2, 2)  # (1, 2, 2, 3) into 5 x 6
IDX_OVERLAP = _unpool_indices((1, 2, 5, 5), 3, 2, 1)  # overlapping windows, padding
IDX1 = _unpool_indices((2, 2, 7), 3, 2, 0, dims=1)

# name: (function of float64 tensors, their shapes)
GRAD_CASES = {
    "conv_transpose2d": (
        lambda x, w, b: F.conv_transpose2d(x, w, b, stride=2, padding=1, output_padding=1),
        [(2, 3, 3, 3), (3, 2, 3, 3), (2,)],
    ),
    "conv_transpose2d_groups_dilation": (
        lambda x, w: F.conv_transpose2d(x, w, None, (1, 2), (0, 1), 0, 2, (2, 1)),
        [(1, 4, 3, 3), (4, 1, 2, 3)],
    ),
    "conv_transpose2d_output_padding_by_dilation": (
        lambda x, w: F.conv_transpose2d(x, w, padding=1, output_padding=1, dilation=2),
        [(1, 2, 3, 3), (2, 2, 2, 2)],
    ),
    "conv_transpose2d_unbatched": (
        lambda x, w: F.conv_transpose2d(x, w),
        [(2, 2, 3), (2, 1, 2, 2)],
    ),
    "conv_transpose1d": (
        lambda x, w, b: F.conv_transpose1d(x, w, b, 2, 1, 1, 1, 2),
        [(2, 3, 4), (3, 2, 3), (2,)],
    ),
    "conv1d": (lambda x, w, b: F.conv1d(x, w, b, 2, 1, 2), [(2, 3, 8), (4, 3, 3), (4,)]),
    "conv1d_same_groups": (
        lambda x, w: F.conv1d(x, w, padding="same", groups=2),
        [(2, 4, 6), (2, 2, 4)],
    ),
    "max_pool1d": (lambda x: F.max_pool1d(x, 3, 2, 1), [(2, 2, 7)]),
    "max_pool1d_indices": (lambda x: F.max_pool1d(x, 2, return_indices=True)[0], [(2, 6)]),
    "max_pool1d_dilated": (lambda x: F.max_pool1d(x, 3, 1, 1, 2), [(2, 2, 8)]),
    "max_pool2d_dilated_indices": (
        lambda x: F.max_pool2d(x, 2, 1, 1, (2, 1), return_indices=True)[0],
        [(1, 2, 5, 5)],
    ),
    "max_pool2d_dilated": (lambda x: nn.MaxPool2d(3, 2, 1, dilation=2)(x), [(1, 2, 7, 7)]),
    "avg_pool1d": (lambda x: F.avg_pool1d(x, 3, 2, 1), [(2, 2, 7)]),
    "avg_pool1d_ceil_no_pad_count": (lambda x: F.avg_pool1d(x, 3, 2, 1, True, False), [(2, 6)]),
    "avg_pool2d_ceil": (lambda x: nn.AvgPool2d(3, 2, 1, ceil_mode=True)(x), [(1, 2, 6, 5)]),
    "avg_pool2d_divisor": (lambda x: F.avg_pool2d(x, 2, 1, 1, divisor_override=3), [(2, 3, 3)]),
    "max_pool2d_ceil": (lambda x: nn.MaxPool2d(2, 2, ceil_mode=True)(x), [(1, 2, 5, 5)]),
    "max_pool1d_ceil_indices": (lambda x: F.max_pool1d(x, 3, 2, 1, 2, True, True)[0], [(2, 2, 8)]),
    "max_pool2d_with_indices": (lambda x: F.max_pool2d_with_indices(x, 3, 2, 1)[0], [(1, 2, 5, 5)]),
    "max_unpool2d": (lambda x: F.max_unpool2d(x, IDX2, 2, output_size=(5, 6)), [(1, 2, 2, 3)]),
    "max_unpool2d_overlap": (
        lambda x: F.max_unpool2d(x, IDX_OVERLAP, 3, 2, 1, output_size=(5, 5)),
        [(1, 2, 3, 3)],
    ),
    "max_unpool1d": (lambda x: F.max_unpool1d(x, IDX1, 3, 2, output_size=7), [(2, 2, 3)]),
    "unfold": (lambda x: F.unfold(x, (2, 3), (1, 2), 1, (2, 1)), [(2, 2, 4, 5)]),
    "unfold_unbatched_pointwise": (lambda x: F.unfold(x, 1), [(2, 3, 3)]),
    "fold": (lambda x: F.fold(x, (4, 5), 2, padding=1, stride=2), [(2, 8, 9)]),
    "fold_unbatched_overlap": (lambda x: F.fold(x, (3, 4), 2), [(4, 6)]),
    "pixel_shuffle": (lambda x: F.pixel_shuffle(x, 2), [(2, 8, 2, 3)]),
    "pixel_unshuffle": (lambda x: F.pixel_unshuffle(x, 2), [(3, 4, 6)]),
    "interpolate_nearest": (lambda x: F.interpolate(x, scale_factor=1.7), [(1, 2, 3, 4)]),
    "interpolate_nearest_down": (lambda x: F.interpolate(x, size=(2, 3)), [(1, 2, 5, 4)]),
    "interpolate_nearest_exact_1d": (
        lambda x: F.interpolate(x, size=7, mode="nearest-exact"),
        [(2, 2, 4)],
    ),
    "interpolate_bilinear": (
        lambda x: F.interpolate(x, size=(5, 3), mode="bilinear"),
        [(1, 2, 3, 4)],
    ),
    "interpolate_bilinear_corners": (
        lambda x: F.interpolate(x, scale_factor=1.5, mode="bilinear", align_corners=True),
        [(1, 1, 3, 4)],
    ),
    "interpolate_bicubic": (
        lambda x: F.interpolate(x, size=(5, 3), mode="bicubic"),
        [(1, 2, 3, 4)],
    ),
    "interpolate_bicubic_corners_same_size": (
        lambda x: F.interpolate(x, scale_factor=(1.3, 1.2), mode="bicubic", align_corners=True),
        [(1, 1, 3, 4)],
    ),
    "interpolate_linear": (lambda x: F.interpolate(x, size=9, mode="linear"), [(2, 2, 4)]),
    "interpolate_trilinear": (
        lambda x: F.interpolate(x, size=(3, 2, 4), mode="trilinear"),
        [(1, 1, 2, 3, 3)],
    ),
    "interpolate_area": (lambda x: F.interpolate(x, size=(2, 3), mode="area"), [(1, 2, 5, 4)]),
    "interpolate_nearest_3d_keeps_length": (  # PyTorch's forward rule, its own derivative
        lambda x: F.interpolate(x, scale_factor=1.3),
        [(1, 2, 3)],
    ),
}


@pytest.mark.parametrize("name", sorted(GRAD_CASES))
def test_gradients_match_finite_differences(name):
    fn, shapes = GRAD_CASES[name]
    rng = np.random.default_rng(len(name))
    xs = tuple(Tensor(rng.standard_normal(s), requires_grad=True) for s in shapes)
    assert gradcheck(fn, xs)
    assert gradgradcheck(fn, xs)


def test_empty_batches_and_channels():
    x = Tensor(np.zeros((0, 3, 4, 5)), requires_grad=True)
    w = Tensor(np.ones((3, 2, 3, 3)), requires_grad=True)
    y = F.conv_transpose2d(x, w, stride=2)
    assert y.shape == (0, 2, 9, 11)
    y.sum().backward()
    assert x.grad.shape == x.shape and w.grad.shape == w.shape and not w.grad.numpy().any()
    assert F.conv1d(Tensor(np.zeros((0, 2, 5))), Tensor(np.ones((3, 2, 2)))).shape == (0, 3, 4)
    assert F.unfold(Tensor(np.zeros((0, 2, 3, 3))), 2).shape == (0, 8, 4)
    assert F.fold(Tensor(np.zeros((0, 8, 4))), 3, 2).shape == (0, 2, 3, 3)
    assert F.interpolate(Tensor(np.zeros((0, 2, 3, 3))), scale_factor=2).shape == (0, 2, 6, 6)
    assert F.pixel_shuffle(Tensor(np.zeros((0, 4, 1, 1))), 2).shape == (0, 1, 2, 2)
    assert F.max_pool1d(Tensor(np.zeros((0, 2, 4))), 2).shape == (0, 2, 2)


def test_max_pool_indices_edge_values():
    x = np.array([[[[1.0, 1.0, -np.inf, -np.inf], [0.0, 1.0, -np.inf, np.nan]]]])
    values, idx = F.max_pool2d(Tensor(x, requires_grad=True), 2, return_indices=True)
    # PyTorch: the first of tied maxima; a NaN wins; an all -inf window points at its first
    np.testing.assert_array_equal(idx.numpy(), [[[[0, 7]]]])
    assert values.numpy()[0, 0, 0, 0] == 1.0 and np.isnan(values.numpy()[0, 0, 0, 1])
    x = Tensor(np.full((1, 1, 2, 2), -np.inf))
    values, idx = F.max_pool2d(x, 2, return_indices=True, padding=1)
    np.testing.assert_array_equal(idx.numpy(), [[[[0, 1], [2, 3]]]])


def test_return_indices_routes_the_gradient_to_the_index():
    x = Tensor(np.array([[[[2.0, 2.0], [2.0, 2.0]]]]), requires_grad=True)
    F.max_pool2d(x, 2, return_indices=True)[0].sum().backward()
    np.testing.assert_array_equal(x.grad.numpy(), [[[[1.0, 0.0], [0.0, 0.0]]]])
    x.grad = None
    F.max_pool2d(x, 2).sum().backward()  # without indices: the same index, as PyTorch's
    np.testing.assert_array_equal(x.grad.numpy(), [[[[1.0, 0.0], [0.0, 0.0]]]])


def test_modules_round_trip():
    autograd.manual_seed(0)
    pool, unpool = nn.MaxPool2d(2, return_indices=True), nn.MaxUnpool2d(2)
    x = autograd.rand(1, 2, 4, 4) + 0.5  # positive: the zeros unpooling adds stay below
    y, idx = pool(x)
    back = unpool(y, idx)
    assert back.shape == x.shape
    np.testing.assert_array_equal(pool(back)[0].numpy(), y.numpy())
    conv, convt = nn.Conv2d(2, 3, 3, stride=2, padding=1), nn.ConvTranspose2d(3, 2, 3, 2, 1)
    assert convt(conv(x), output_size=x.shape).shape == x.shape
    unfold, fold = nn.Unfold(2, stride=2), nn.Fold((4, 4), 2, stride=2)
    np.testing.assert_array_equal(fold(unfold(x)).numpy(), x.numpy())  # blocks do not overlap
    shuffle, unshuffle = nn.PixelShuffle(2), nn.PixelUnshuffle(2)
    np.testing.assert_array_equal(shuffle(unshuffle(x)).numpy(), x.numpy())


def test_deprecated_upsample_aliases_warn_and_interpolate():
    x = Tensor(np.arange(12.0).reshape(1, 1, 3, 4))
    with pytest.warns(UserWarning, match="upsample` is deprecated"):
        a = F.upsample(x, scale_factor=2)
    with pytest.warns(UserWarning, match="upsample_nearest` is deprecated"):
        b = F.upsample_nearest(x, scale_factor=2)
    with pytest.warns(UserWarning, match="upsample_bilinear` is deprecated"):
        c = F.upsample_bilinear(x, size=(5, 7))
    np.testing.assert_array_equal(a.numpy(), F.interpolate(x, scale_factor=2).numpy())
    np.testing.assert_array_equal(b.numpy(), a.numpy())
    want = F.interpolate(x, size=(5, 7), mode="bilinear", align_corners=True)
    np.testing.assert_array_equal(c.numpy(), want.numpy())
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        nn.UpsamplingBilinear2d(scale_factor=2)(x)  # the modules do not warn


# ------------------------------------------------------------------ errors
X4 = Tensor(np.zeros((1, 2, 4, 4)))
X3 = Tensor(np.zeros((1, 2, 6)))
W_T = Tensor(np.zeros((2, 3, 3, 3)))

ERRORS = [
    (lambda: F.conv_transpose2d(X4, Tensor(np.zeros((3, 3, 3, 3)))), ValueError,
     r"expected input \(N, 3, H, W\)"),
    (lambda: F.conv_transpose2d(X4, W_T, output_padding=2, stride=2), ValueError,
     "output_padding must be smaller than either stride or dilation"),
    (lambda: F.conv_transpose2d(X4, W_T, groups=3), ValueError, "groups=3 must be"),
    (lambda: F.conv_transpose2d(X4, W_T, Tensor(np.zeros(2))), ValueError,
     r"bias must have shape \(3,\)"),
    (lambda: F.conv_transpose2d(X4, W_T, padding=3), ValueError, "output size .* too small"),
    (lambda: F.conv_transpose2d(X4, Tensor(np.zeros((2, 3, 3)))), ValueError,
     "weight must be"),
    (lambda: nn.ConvTranspose2d(2, 3, 3, stride=2)(X4, output_size=(12, 9)), ValueError,
     "valid sizes range from 9 to 10"),
    (lambda: nn.ConvTranspose2d(2, 3, 3, padding_mode="reflect"), ValueError,
     'Only "zeros" padding mode is supported for ConvTranspose2d'),
    (lambda: F.conv1d(X4, Tensor(np.zeros((3, 2, 3)))), ValueError,
     r"expected input \(N, 2, L\)"),
    (lambda: F.conv1d(X3, Tensor(np.zeros((3, 2, 8)))), ValueError, "larger than the padded"),
    (lambda: F.conv1d(X3, Tensor(np.zeros((3, 2, 3))), stride=2, padding="same"), ValueError,
     "needs stride 1"),
    (lambda: nn.Conv1d(2, 3, (2, 2)), ValueError, "sequence of 1 ints"),
    (lambda: F.max_pool1d(X3, 3, padding=2), ValueError, "at most half the kernel"),
    (lambda: F.max_pool1d(X3, 8), ValueError, "larger than the padded input length 6"),
    (lambda: F.max_pool1d(X3, 9, 2, ceil_mode=True), ValueError, "larger than the padded"),
    (lambda: F.max_pool2d(Tensor(np.zeros((4, 4))), 2), ValueError,
     r"expected a 3-d \(C, H, W\) or 4-d \(N, C, H, W\) input, got 2-d"),
    (lambda: F.avg_pool2d(X4, 2, divisor_override=0), ValueError, "must be non-zero"),
    (lambda: F.max_unpool2d(X4, Tensor(np.zeros((1, 2, 4, 4), np.int64)), 2,
                            output_size=(12, 12)), ValueError, "invalid output_size"),
    (lambda: F.max_unpool2d(X4, Tensor(np.full((1, 2, 4, 4), 64)), 2), ValueError,
     "invalid max index 64"),
    (lambda: F.max_unpool2d(X4, Tensor(np.zeros((1, 2, 4, 4))), 2), ValueError,
     "indices must be integers"),
    (lambda: F.unfold(Tensor(np.zeros((4, 4))), 2), ValueError, "expected a 3-d .* or 4-d"),
    (lambda: F.unfold(X4, 5), ValueError, "must be at least one"),
    (lambda: F.fold(Tensor(np.zeros((1, 7, 9))), 4, 2), ValueError,
     r"divisible by the product of kernel_size \(2, 2\)"),
    (lambda: F.fold(Tensor(np.zeros((1, 8, 8))), 4, 2), ValueError,
     "number of sliding blocks 3 \\* 3 = 9, but got 8"),
    (lambda: F.pixel_shuffle(Tensor(np.zeros((1, 3, 2, 2))), 2), ValueError,
     "not divisible by 4"),
    (lambda: F.pixel_shuffle(Tensor(np.zeros((4, 2))), 2), ValueError, "at least 3 dim"),
    (lambda: F.pixel_unshuffle(Tensor(np.zeros((1, 1, 3, 4))), 2), ValueError,
     r"height must be divisible by downscale_factor, but input.shape\[-2\]=3"),
    (lambda: F.pixel_shuffle(X4, 0), ValueError, "must be greater than 0"),
    (lambda: F.interpolate(X4), ValueError, "either size or scale_factor"),
    (lambda: F.interpolate(X4, size=2, scale_factor=2), ValueError, "only one of size"),
    (lambda: F.interpolate(X4, size=(2, 2, 2)), ValueError, "same number of spatial"),
    (lambda: F.interpolate(X4, size=2, align_corners=True), ValueError,
     "align_corners option can only be set"),
    (lambda: F.interpolate(X3, size=2, mode="bilinear"), NotImplementedError,
     "got 3-d input, but bilinear mode needs 4-d input"),
    (lambda: F.interpolate(X4, size=2, mode="cubic"), NotImplementedError, "mode='cubic'"),
    (lambda: F.interpolate(X4, size=0), ValueError, "greater than 0"),
    (lambda: F.interpolate(X4, size=2, recompute_scale_factor=True), ValueError,
     "not meaningful with an explicit size"),
    (lambda: F.interpolate(Tensor(np.zeros((1, 1, 2, 2), np.int64)), size=3, mode="bilinear"),
     TypeError, "floating-point"),
    (lambda: F.interpolate(Tensor(np.zeros((2, 2))), size=3), NotImplementedError,
     "only 3-d, 4-d and 5-d"),
]  # fmt: skip


@pytest.mark.parametrize("call, exc, match", ERRORS)
def test_errors_name_the_problem(call, exc, match):
    with pytest.raises(exc, match=match):
        call()


def test_lazy_linear_sizes_itself_in_place():
    m = nn.LazyLinear(3)
    assert repr(m) == "LazyLinear(in_features=0, out_features=3, bias=True)"
    assert isinstance(m.weight, nn.UninitializedParameter) and m.has_uninitialized_params()
    params = list(m.parameters())
    opt = optim.SGD(params, lr=0.1)  # built before the sizes are known, as in PyTorch
    y = m(autograd.ones(2, 5))
    assert type(m) is nn.Linear and repr(m) == "Linear(in_features=5, out_features=3, bias=True)"
    assert [p is q for p, q in zip(params, m.parameters())] == [True, True]
    assert y.shape == (2, 3) and m.weight.shape == (3, 5) and m.bias.shape == (3,)
    bound = 1 / np.sqrt(5)
    assert np.abs(m.weight.numpy()).max() <= bound and np.abs(m.bias.numpy()).max() <= bound
    before = m.weight.numpy().copy()
    y.sum().backward()
    opt.step()
    np.testing.assert_allclose(m.weight.numpy(), before - 0.1 * 2, rtol=1e-6)
    with pytest.raises(ValueError, match="Linear\\(5 -> 3\\): input has 4 features"):
        m(autograd.ones(2, 4))


def test_lazy_linear_takes_its_size_from_a_state_dict():
    src = nn.Sequential(nn.Linear(4, 2))
    dst = nn.Sequential(nn.LazyLinear(2))
    dst.load_state_dict(src.state_dict())
    assert type(dst[0]) is nn.LazyLinear and not dst[0].has_uninitialized_params()  # PyTorch's
    assert dst[0].in_features == 4 and dst[0].weight.shape == (2, 4)
    dst(autograd.ones(1, 4))  # the next call makes it a Linear
    assert type(dst[0]) is nn.Linear and dst[0].in_features == 4
    np.testing.assert_array_equal(dst[0].weight.numpy(), src[0].weight.numpy())
    np.testing.assert_array_equal(dst[0].bias.numpy(), src[0].bias.numpy())
