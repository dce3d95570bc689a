"""Conv2d, MaxPool2d, AvgPool2d: against naive loops, gradcheck, double backward, errors."""

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor, gradcheck, gradgradcheck
from nn import functional as F


def _rand(*shape, seed=0, grad=True):
    rng = np.random.default_rng(seed)
    return Tensor(rng.standard_normal(shape), requires_grad=grad)


def naive_conv(x, w, b, stride, padding, dilation=1):
    n, c, h, wd = x.shape
    o, _, kh, kw = w.shape
    xp = np.pad(x, ((0, 0), (0, 0), (padding, padding), (padding, padding)))
    ho = (h + 2 * padding - dilation * (kh - 1) - 1) // stride + 1
    wo = (wd + 2 * padding - dilation * (kw - 1) - 1) // stride + 1
    out = np.zeros((n, o, ho, wo))
    for b_ in range(n):
        for oc in range(o):
            for i in range(ho):
                for j in range(wo):
                    acc = 0.0
                    for ic in range(c):
                        for a in range(kh):
                            for q in range(kw):
                                acc += (
                                    w[oc, ic, a, q]
                                    * xp[
                                        b_, ic, i * stride + a * dilation, j * stride + q * dilation
                                    ]
                                )
                    out[b_, oc, i, j] = acc + (b[oc] if b is not None else 0.0)
    return out


def naive_pool(x, k, s, p, mode):
    n, c, h, w = x.shape
    fill = -np.inf if mode == "max" else 0.0
    xp = np.pad(x, ((0, 0), (0, 0), (p, p), (p, p)), constant_values=fill)
    ho, wo = (h + 2 * p - k) // s + 1, (w + 2 * p - k) // s + 1
    out = np.zeros((n, c, ho, wo))
    for i in range(ho):
        for j in range(wo):
            win = xp[:, :, i * s : i * s + k, j * s : j * s + k]
            out[:, :, i, j] = win.max(axis=(2, 3)) if mode == "max" else win.mean(axis=(2, 3))
    return out


CONV_CASES = [
    # (N, C, H, W, O, k, stride, padding, dilation, bias)
    (2, 3, 7, 6, 4, 3, 1, 0, 1, True),
    (2, 3, 7, 6, 4, 3, 1, 1, 1, False),
    (1, 2, 8, 7, 3, 3, 2, 0, 1, True),
    (2, 2, 7, 7, 3, 3, 2, 1, 1, True),
    (1, 2, 9, 8, 2, 2, 1, 1, 2, True),
    (1, 1, 5, 5, 2, 5, 1, 0, 1, True),
    (2, 3, 5, 4, 4, 1, 1, 0, 1, True),  # pointwise: the columns are x, the bias is added
    (2, 3, 5, 5, 2, 1, 2, 0, 1, True),  # 1x1 with stride: columns copied
    (2, 2, 6, 6, 3, 2, 2, 0, 1, False),  # disjoint windows: col2im assigns
]


@pytest.mark.parametrize("case", CONV_CASES)
def test_conv2d_matches_naive_loops(case, f64):
    n, c, h, w, o, k, s, p, d, bias = case
    x, wt = _rand(n, c, h, w, seed=1), _rand(o, c, k, k, seed=2)
    b = _rand(o, seed=3) if bias else None
    y = F.conv2d(x, wt, b, stride=s, padding=p, dilation=d)
    ref = naive_conv(x.data, wt.data, None if b is None else b.data, s, p, d)
    np.testing.assert_allclose(y.data, ref, rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("case", CONV_CASES)
def test_conv2d_gradcheck(case, f64):
    n, c, h, w, o, k, s, p, d, bias = case
    x, wt = _rand(n, c, h, w, seed=1), _rand(o, c, k, k, seed=2)
    args = (x, wt) + ((_rand(o, seed=3),) if bias else ())

    def f(x, wt, b=None):
        return F.conv2d(x, wt, b, stride=s, padding=p, dilation=d)

    assert gradcheck(f, args)


@pytest.mark.parametrize("case", CONV_CASES[:4] + CONV_CASES[6:])
def test_conv2d_double_backward(case, f64):
    n, c, h, w, o, k, s, p, d, bias = case
    x, wt = _rand(n, c, h, w, seed=1), _rand(o, c, k, k, seed=2)
    args = (x, wt) + ((_rand(o, seed=3),) if bias else ())

    def f(x, wt, b=None):
        return F.conv2d(x, wt, b, stride=s, padding=p) ** 2  # nonlinear, so gg matters

    assert gradgradcheck(f, args)


def test_conv2d_skips_input_grad_when_not_needed(f64):
    x = _rand(2, 3, 6, 6, grad=False)
    conv = nn.Conv2d(3, 4, 3)
    conv(x).sum().backward()
    assert x.grad is None and conv.weight.grad is not None
    assert conv.bias.grad.shape == (4,)
    np.testing.assert_allclose(conv.bias.grad.data, np.full(4, 2 * 4 * 4))


@pytest.mark.parametrize("frozen", ["weight", "bias", "both"])
def test_conv2d_computes_only_the_gradients_needed(frozen, f64):
    x, wt, b = _rand(2, 3, 6, 5, seed=1), _rand(4, 3, 3, 3, seed=2), _rand(4, seed=3)
    F.conv2d(x, wt, b, padding=1).pow(2).sum().backward()
    full = {"x": x.grad.data, "weight": wt.grad.data, "bias": b.grad.data}
    x.grad = None
    wt, b = (_rand(4, 3, 3, 3, seed=2, grad=frozen not in ("weight", "both")),
             _rand(4, seed=3, grad=frozen not in ("bias", "both")))  # fmt: skip
    F.conv2d(x, wt, b, padding=1).pow(2).sum().backward()
    np.testing.assert_allclose(x.grad.data, full["x"], rtol=1e-12)
    for name, t in (("weight", wt), ("bias", b)):
        if t.requires_grad:
            np.testing.assert_allclose(t.grad.data, full[name], rtol=1e-12)
        else:
            assert t.grad is None


def test_conv2d_module_shapes_and_init():
    autograd.manual_seed(0)
    conv = nn.Conv2d(3, 8, 3, stride=2, padding=1)
    assert conv.weight.shape == (8, 3, 3, 3) and conv.bias.shape == (8,)
    assert conv.weight.dtype == np.float32
    bound = 1 / np.sqrt(27)  # kaiming_uniform_(a=sqrt(5)) gives U(-1/sqrt(fan_in), +)
    assert np.abs(conv.weight.data).max() <= bound and np.abs(conv.bias.data).max() <= bound
    assert np.abs(conv.weight.data).max() > 0.8 * bound
    y = conv(Tensor(np.zeros((2, 3, 28, 28), np.float32)))
    assert y.shape == (2, 8, 14, 14) and y.dtype == np.float32
    assert nn.Conv2d(3, 8, (3, 5), bias=False).bias is None


def test_conv2d_errors():
    conv = nn.Conv2d(3, 8, 3)
    with pytest.raises(
        ValueError, match=r"Conv2d\(3 -> 8, kernel 3\).*\(N, 3, H, W\).*\(2, 1, 28, 28\)"
    ):
        conv(Tensor(np.zeros((2, 1, 28, 28), np.float32)))
    with pytest.raises(ValueError, match=r"Conv2d\(3 -> 8, kernel 3\).*4-d.*\(28, 28\)"):
        conv(Tensor(np.zeros((28, 28), np.float32)))
    with pytest.raises(ValueError, match=r"Conv2d\(3 -> 8, kernel 3\).*\(3, H, W\).*\(1, 28,"):
        conv(Tensor(np.zeros((1, 28, 28), np.float32)))
    one = Tensor(np.random.default_rng(0).standard_normal((3, 6, 6)), dtype=np.float32)
    np.testing.assert_array_equal(conv(one).numpy(), conv(one.unsqueeze(0))[0].numpy())
    with pytest.raises(ValueError, match="larger than the padded input"):
        conv(Tensor(np.zeros((1, 3, 2, 2), np.float32)))
    with pytest.raises(ValueError, match="larger than the padded input"):
        F.max_pool2d(Tensor(np.zeros((1, 1, 2, 2))), 3)


@pytest.mark.parametrize("k,d", [(3, 1), (2, 1), ((4, 3), (2, 1)), ((2, 5), (3, 1))])
def test_conv2d_same_padding_keeps_the_size(k, d, f64):
    # an odd total padding puts the extra row/column at the bottom/right, as PyTorch and Keras
    kh, kw = (k, k) if isinstance(k, int) else k
    dh, dw = (d, d) if isinstance(d, int) else d
    x, wt, b = _rand(2, 3, 7, 6, seed=1), _rand(4, 3, kh, kw, seed=2), _rand(4, seed=3)
    y = F.conv2d(x, wt, b, padding="same", dilation=d)
    assert y.shape == (2, 4, 7, 6)
    th, tw = dh * (kh - 1), dw * (kw - 1)  # total padding per axis
    xp = np.pad(x.data, ((0, 0), (0, 0), (th // 2, th - th // 2), (tw // 2, tw - tw // 2)))
    ref = naive_conv(xp, wt.data, b.data, 1, 0) if d == 1 else None
    if ref is not None:
        np.testing.assert_allclose(y.data, ref, rtol=1e-10, atol=1e-10)
    assert gradcheck(lambda x, wt, b: F.conv2d(x, wt, b, padding="same", dilation=d), (x, wt, b))
    valid = F.conv2d(x, wt, b, padding="valid", dilation=d)
    np.testing.assert_allclose(valid.data, F.conv2d(x, wt, b, dilation=d).data)


def test_conv2d_padding_strings_in_the_module():
    conv = nn.Conv2d(3, 4, 2, padding="same")
    assert "padding=same" in repr(conv)  # PyTorch's repr: unquoted
    assert conv(Tensor(np.zeros((1, 3, 5, 5), np.float32))).shape == (1, 4, 5, 5)
    assert nn.Conv2d(3, 4, 3, padding="valid")(Tensor(np.zeros((1, 3, 5, 5)))).shape == (
        1,
        4,
        3,
        3,
    )
    with pytest.raises(ValueError, match="padding='same' is not supported for strided"):
        nn.Conv2d(3, 4, 3, stride=2, padding="same")
    with pytest.raises(ValueError, match="Invalid padding string 'full'"):
        nn.Conv2d(3, 4, 3, padding="full")
    with pytest.raises(ValueError, match="padding must be an int, a pair, 'same' or 'valid'"):
        F.conv2d(Tensor(np.zeros((1, 3, 5, 5))), Tensor(np.zeros((4, 3, 3, 3))), padding="full")


@pytest.mark.parametrize("cin,cout,groups", [(4, 6, 2), (3, 3, 3), (4, 8, 4)])
def test_grouped_conv2d_is_one_convolution_per_group(cin, cout, groups, f64):
    x, b = _rand(2, cin, 6, 5, seed=1), _rand(cout, seed=3)
    wt = _rand(cout, cin // groups, 3, 3, seed=2)
    y = F.conv2d(x, wt, b, padding=1, groups=groups)
    ci, co = cin // groups, cout // groups
    for i in range(groups):  # group i: its input channels, its filters
        ref = naive_conv(
            x.data[:, i * ci : (i + 1) * ci],
            wt.data[i * co : (i + 1) * co],
            b.data[i * co : (i + 1) * co],
            1,
            1,
        )
        np.testing.assert_allclose(y.data[:, i * co : (i + 1) * co], ref, rtol=1e-10, atol=1e-10)
    assert gradcheck(lambda x, wt, b: F.conv2d(x, wt, b, padding=1, groups=groups), (x, wt, b))


def test_grouped_conv2d_module():
    depthwise = nn.Conv2d(4, 8, 3, groups=4)
    assert depthwise.weight.shape == (8, 1, 3, 3) and "groups=4" in repr(depthwise)
    bound = 1 / np.sqrt(9)  # fan_in is (in / groups) * kh * kw, as in PyTorch
    assert np.abs(depthwise.weight.data).max() <= bound
    assert depthwise(Tensor(np.zeros((2, 4, 6, 6), np.float32))).shape == (2, 8, 4, 4)
    with pytest.raises(ValueError, match="in_channels must be divisible by groups"):
        nn.Conv2d(4, 8, 3, groups=3)
    with pytest.raises(ValueError, match="groups=3 must be a positive int dividing the 8"):
        F.conv2d(Tensor(np.zeros((1, 4, 5, 5))), Tensor(np.zeros((8, 2, 3, 3))), groups=3)
    with pytest.raises(ValueError, match=r"expected input \(N, 4, H, W\)"):
        F.conv2d(Tensor(np.zeros((1, 5, 5, 5))), Tensor(np.zeros((8, 2, 3, 3))), groups=2)


POOL_CASES = [(2, 2, 0), (2, 1, 0), (3, 2, 1), (3, 3, 0), (2, 2, 1)]


@pytest.mark.parametrize("hw", [(7, 6), (8, 6), (9, 6)])  # (8, 6) tiles for k=2, (9, 6) for 3
@pytest.mark.parametrize("k,s,p", POOL_CASES)
@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool_matches_naive_and_gradcheck(k, s, p, mode, hw, f64):
    rng = np.random.default_rng(0)
    h, w = hw
    x = Tensor(rng.permutation(2 * 3 * h * w).reshape(2, 3, h, w) / 10.0, requires_grad=True)
    fn = F.max_pool2d if mode == "max" else F.avg_pool2d
    y = fn(x, k, s, p)
    np.testing.assert_allclose(y.data, naive_pool(x.data, k, s, p, mode), rtol=1e-12)
    assert gradcheck(lambda t: fn(t, k, s, p), (x,), eps=1e-4)  # distinct values: no ties
    assert gradgradcheck(lambda t: fn(t, k, s, p) ** 2, (x,), eps=1e-4)


def test_maxpool_ties_send_the_gradient_to_pytorchs_index(f64):
    # PyTorch 2.13: the first maximum of each window in row-major order
    x = Tensor(np.array([[[[1.0, 1.0, 0.0, 2.0], [0.0, 1.0, 0.0, 0.0]]]]), requires_grad=True)
    nn.MaxPool2d(2)(x).sum().backward()
    np.testing.assert_array_equal(x.grad.data, [[[[1, 0, 0, 1], [0, 0, 0, 0]]]])


def test_maxpool_ties_in_the_reshaped_path(f64):
    # 4x4 images tile into 2x2 windows (the reshape path): zeros after a ReLU tie
    x = Tensor(np.array([[[[0, 0, 1, 3], [0, 0, 3, 2], [5, 0, -1, -1], [5, 5, -1, -1]]]] * 2,
                        dtype=float), requires_grad=True)  # fmt: skip
    y = nn.MaxPool2d(2)(x.relu())
    np.testing.assert_allclose(y.data[0, 0], [[0, 3], [5, 0]])
    (y * Tensor(np.arange(8.0).reshape(2, 1, 2, 2) + 1)).sum().backward()
    g = np.zeros((2, 1, 4, 4))  # PyTorch 2.13's: the first of the tied 3s and 5s
    g[0, 0, 0, 3], g[0, 0, 2, 0], g[1, 0, 0, 3], g[1, 0, 2, 0] = 2.0, 3.0, 6.0, 7.0
    np.testing.assert_allclose(x.grad.data, g)
    z = Tensor(np.zeros((1, 1, 2, 2)), requires_grad=True)
    nn.MaxPool2d(2)(z).sum().backward()
    np.testing.assert_array_equal(z.grad.data, [[[[1.0, 0.0], [0.0, 0.0]]]])


@pytest.mark.parametrize("dilation", [1, 2])
def test_conv_input_grad_in_pieces_gives_the_same_bits(dilation, monkeypatch):
    # the stride-1 input gradient runs in pieces of samples (their columns kept in cache):
    # pieces of one sample and the whole batch at once give the same bits
    from nn import conv_kernels as K

    rng = np.random.default_rng(0)
    geom = K.Geom((3, 3), (1, 1), (1, 1), (dilation, dilation))
    w = rng.standard_normal((6, 4, 3, 3)).astype(np.float32)
    ho, wo = geom.out_hw(9, 7)
    g = rng.standard_normal((11, 6, ho, wo)).astype(np.float32)
    whole = K.conv_input_grad(g, w, (11, 4, 9, 7), geom)
    monkeypatch.setattr(K, "_CACHED_COLUMNS", 1)
    pieces = K.conv_input_grad(g, w, (11, 4, 9, 7), geom)
    np.testing.assert_array_equal(pieces.view(np.int32), whole.view(np.int32))
    x = Tensor(rng.standard_normal((2, 4, 9, 7)), requires_grad=True)  # and the values
    wt = Tensor(w.astype(np.float64))
    assert gradcheck(lambda t: F.conv2d(t, wt, padding=1, dilation=dilation), (x,))


def test_pool_modules_default_stride_and_odd_sizes(f64):
    x = _rand(1, 2, 5, 7)  # odd sizes: the windows do not tile, the general path runs
    assert nn.MaxPool2d(2)(x).shape == (1, 2, 2, 3)
    assert nn.AvgPool2d(3, stride=2)(x).shape == (1, 2, 2, 3)
    y = nn.MaxPool2d(2)(x)
    y.sum().backward()
    assert x.grad.data[:, :, 4].sum() == 0 and x.grad.data[:, :, :, 6].sum() == 0
    assert x.grad.data.sum() == pytest.approx(12.0)


def test_conv_pool_training_float32():
    autograd.manual_seed(0)
    conv = nn.Conv2d(1, 4, 3, padding=1)
    x = Tensor(np.random.default_rng(0).standard_normal((4, 1, 8, 8)).astype(np.float32))
    y = F.max_pool2d(conv(x).relu(), 2)
    loss = (y * y).mean()
    loss.backward()
    assert conv.weight.grad.dtype == np.float32 and y.dtype == np.float32


@pytest.fixture
def threaded():
    """Kernels split even tiny batches over three threads (more chunks than samples too)."""
    from autograd import threads

    before, threads.MIN_WORK = threads.MIN_WORK, 0
    autograd.set_num_threads(3)
    yield
    threads.MIN_WORK = before
    autograd.set_num_threads(threads._default())


def _net_grads(x, params, pool):
    w1, b1, w2 = params
    for p in (x, *params):
        p.grad = None
    h = F.conv2d(x, w1, b1, padding=1).relu()
    h = pool(h)
    y = F.conv2d(h, w2, None, stride=2)
    (y * y).sum().backward()
    return [y.data] + [p.grad.data for p in (x, *params)]


@pytest.mark.parametrize(
    "pool",
    [
        lambda h: F.max_pool2d(h, 2),
        lambda h: F.max_pool2d(h, 3, 2, 1),
        lambda h: F.avg_pool2d(h, 2),
    ],
    ids=["max-tiles", "max-padded", "avg"],
)
def test_threaded_kernels_give_the_serial_results(pool, threaded, f64):
    x = _rand(5, 2, 8, 8, seed=1)
    params = (_rand(4, 2, 3, 3, seed=2), _rand(4, seed=3), _rand(3, 4, 2, 2, seed=4))
    got = _net_grads(x, params, pool)
    assert gradcheck(lambda t: pool(F.conv2d(t, params[0], params[1], padding=1)), (x,))
    from autograd import threads

    threads.MIN_WORK = 1 << 60  # now serial
    want = _net_grads(x, params, pool)
    for g, w in zip(got, want):
        np.testing.assert_allclose(g, w, rtol=1e-12, atol=1e-12)


def test_results_do_not_depend_on_the_number_of_threads(threaded):
    # float32, a batch of several pieces: the same bits with 3 threads and with 1
    from autograd import threads

    x = Tensor(np.random.default_rng(0).standard_normal((40, 3, 9, 9)).astype(np.float32))
    conv = nn.Conv2d(3, 5, 3, padding=1)

    def grads():
        conv.zero_grad()
        F.max_pool2d(conv(x).relu(), 2).pow(2).sum().backward()
        return conv.weight.grad.data.copy(), conv.bias.grad.data.copy()

    many = grads()
    autograd.set_num_threads(1)
    threads.MIN_WORK = 1 << 60
    one = grads()
    for a, b in zip(many, one):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("n,c,o", [(0, 3, 4), (2, 3, 0), (2, 0, 4)])
@pytest.mark.parametrize("k,p", [(3, 0), (3, 1), (1, 0)])
def test_conv2d_empty_batch_and_channels(n, c, o, k, p, f64):
    x, w, b = _rand(n, c, 5, 5, seed=1), _rand(o, c, k, k, seed=2), _rand(o, seed=3)
    y = F.conv2d(x, w, b, padding=p)
    ho = 5 + 2 * p - k + 1
    assert y.shape == (n, o, ho, ho)
    np.testing.assert_allclose(y.data, naive_conv(x.data, w.data, b.data, 1, p))
    y.sum().backward()
    assert x.grad.shape == x.shape and w.grad.shape == w.shape
    np.testing.assert_allclose(b.grad.data, np.full(o, n * ho * ho))
    if n == 0:  # no samples: nothing to learn from
        assert not w.grad.data.any()


def test_max_pool_of_integers_with_padding_as_pytorch():
    """Integer images pad with the dtype's smallest value (PyTorch 2.13's values and indices)."""
    x = autograd.arange(16).reshape(1, 1, 4, 4) - 100
    out, idx = nn.functional.max_pool2d(x, 2, padding=1, return_indices=True)
    assert out.dtype == autograd.int64
    np.testing.assert_array_equal(
        out.numpy()[0, 0], [[-100, -98, -97], [-92, -90, -89], [-88, -86, -85]]
    )
    np.testing.assert_array_equal(idx.numpy()[0, 0], [[0, 2, 3], [8, 10, 11], [12, 14, 15]])
    low = autograd.full((1, 1, 3, 3), -(2**63), dtype=autograd.int64)
    out, idx = nn.functional.max_pool2d(low, 2, padding=1, return_indices=True)
    assert (out.numpy() == -(2**63)).all()  # the image's own minimum, indices inside it
    np.testing.assert_array_equal(idx.numpy()[0, 0], [[0, 1], [3, 4]])
    kept = x.numpy()[:, :, [0, 2, 3]][:, :, :, [0, 2, 3]]  # each window's last pixel
    np.testing.assert_array_equal(nn.functional.max_pool2d(x, 2, padding=1).numpy(), kept)


def test_max_pool2d_repr_as_pytorch():
    assert repr(nn.MaxPool2d(2)) == (
        "MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)"
    )


@pytest.mark.parametrize(
    "kernel,padding,dilation",
    [((3, 3), (0, 0), (1, 1)), ((3, 3), (1, 1), (2, 2)), ((5, 5), (2, 2), (1, 1)),
     ((1, 3), (0, 1), (1, 1)), ((3, 3), (2, 2), (2, 2)), ((3, 2), (0, 0), (1, 2))],
)  # fmt: skip
def test_stride1_input_grad_keeps_each_channel_in_its_block(kernel, padding, dilation):
    # the stride-1 input gradient adds one run per kernel offset across all channels; what
    # runs past a channel's block must be zeros: the values of the plain col2im, channel by
    # channel (no padding shows a leak at once: the next channel's first pixels are kept)
    from nn import conv_kernels as K

    rng = np.random.default_rng(1)
    geom = K.Geom(kernel, (1, 1), padding, dilation)
    n, o, c, h, w = 3, 5, 4, 9, 8
    ho, wo = geom.out_hw(h, w)
    g = rng.standard_normal((n, o, ho, wo))
    wt = rng.standard_normal((o, c, *kernel))
    got = K.conv_input_grad(g, wt, (n, c, h, w), geom)
    cols = np.matmul(wt.reshape(o, -1).T, g.reshape(n, o, -1)).reshape(n, c, *kernel, ho, wo)
    want = np.empty((n, c, h, w))
    K._col2im_into(cols, geom, want)
    np.testing.assert_allclose(got, want, rtol=1e-13, atol=1e-13)
