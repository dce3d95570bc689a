"""MultiheadAttention, scaled_dot_product_attention, multi_head_attention_forward and the
Transformer modules against PyTorch's numbers (tests/data/attention.npz, written by
tools/make_attention_fixtures.py with PyTorch 2.13): the same state dict and inputs give
the same outputs, attention weights and gradients (inputs and parameters) in float64."""

import json
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.functional as F
from autograd import Tensor

DATA = Path(__file__).parent / "data" / "attention.npz"
TOL = dict(rtol=1e-9, atol=1e-10)


def _unpack(path: Path) -> dict:
    """The arrays that tools/make_attention_fixtures.py packed (see its `pack`)."""
    with np.load(path) as z:
        index = json.loads(str(z["index"]))
        floats, bools, texts = z["floats"], z["bools"], json.loads(str(z["texts"]))
    out = {}
    for key, entry in index.items():
        if entry[0] == "s":
            out[key] = texts[entry[1]]
            continue
        flat = floats if entry[0] == "f" else bools
        shape = tuple(entry[2])
        out[key] = flat[entry[1] : entry[1] + int(np.prod(shape))].reshape(shape)
    return out


FIX = _unpack(DATA)
CASES = json.loads(FIX["cases"])


def _activation(value):
    if isinstance(value, str) and value.startswith("callable:"):
        return {"callable:tanh": lambda x: x.tanh()}[value]
    return value


def _build(kind: str, ctor: dict):
    ctor = {k: _activation(v) for k, v in ctor.items()}
    if kind == "mha":
        return nn.MultiheadAttention(**ctor, dtype=np.float64)
    if kind == "encoder_layer":
        return nn.TransformerEncoderLayer(**ctor, dtype=np.float64)
    if kind == "decoder_layer":
        return nn.TransformerDecoderLayer(**ctor, dtype=np.float64)
    if kind in ("encoder", "decoder"):
        layer_cls = nn.TransformerEncoderLayer if kind == "encoder" else nn.TransformerDecoderLayer
        stack_cls = nn.TransformerEncoder if kind == "encoder" else nn.TransformerDecoder
        layer = layer_cls(**{k: _activation(v) for k, v in ctor["layer"].items()}, dtype=np.float64)
        d = ctor["layer"]["d_model"]
        norm = nn.LayerNorm(d, dtype=np.float64) if ctor.get("norm") else None
        return stack_cls(layer, ctor["num_layers"], norm, **ctor.get("extra", {}))
    if kind == "transformer":
        return nn.Transformer(**ctor, dtype=np.float64)
    return None


def _params(case: str) -> dict:
    prefix = f"{case}.param."
    return {k[len(prefix) :]: v for k, v in FIX.items() if k.startswith(prefix)}


def _run(case: str):
    """Our module and call for a recorded case: (module or params, inputs, out, weights)."""
    cfg = json.loads(FIX[f"{case}.config"])
    kind, call = cfg["kind"], dict(cfg["call"])
    ins = {
        k: Tensor(FIX[f"{case}.in.{k}"], requires_grad=not cfg["no_grad"]) for k in cfg["inputs"]
    }
    masks = {k: FIX[f"{case}.mask.{k}"] for k in cfg["masks"]}
    args = list(ins.values())
    if cfg["same"] == "qkv":
        args = [ins["query"]] * 3
    elif cfg["same"] == "kv":
        args = [ins["query"], ins["key"], ins["key"]]
    module = _build(kind, cfg["ctor"])
    params = {k: nn.Parameter(v.copy()) for k, v in _params(case).items()}
    if module is not None:
        module.load_state_dict(_params(case))
        module.train(cfg["train"])
        params = dict(module.named_parameters())
    with autograd.set_grad_enabled(not cfg["no_grad"]):
        if kind == "sdpa":
            out = F.scaled_dot_product_attention(*args, **masks, **call)
        elif kind == "mha_functional":
            out = _functional(params, ins, args, masks, call)
        else:
            out = module(*args, **masks, **call)
    weights = None
    if isinstance(out, tuple):
        out, weights = out
    return params, ins, out, weights


def _functional(p: dict, ins: dict, args: list, masks: dict, call: dict):
    sep = {}
    if call.get("use_separate_proj_weight"):
        sep = {k: p[k] for k in ("q_proj_weight", "k_proj_weight", "v_proj_weight")}
    statics = {k: ins[k] for k in ("static_k", "static_v") if k in ins}
    return F.multi_head_attention_forward(
        *args[:3], 8, 2, p["in_proj_weight"], p["in_proj_bias"], p.get("bias_k"),
        p.get("bias_v"), call.get("add_zero_attn", False), 0.0, p["out_proj_weight"],
        p["out_proj_bias"], key_padding_mask=masks.get("key_padding_mask"),
        attn_mask=masks.get("attn_mask"), need_weights=call.get("need_weights", True),
        use_separate_proj_weight=call.get("use_separate_proj_weight", False),
        average_attn_weights=call.get("average_attn_weights", True), **sep, **statics,
    )  # fmt: skip


@pytest.mark.filterwarnings("ignore:Support for mismatched")
@pytest.mark.parametrize("case", CASES)
def test_matches_pytorch(case):
    params, ins, out, weights = _run(case)
    np.testing.assert_allclose(out.data, FIX[f"{case}.out"], **TOL, equal_nan=True)
    if f"{case}.weights" in FIX:
        np.testing.assert_allclose(weights.data, FIX[f"{case}.weights"], **TOL, equal_nan=True)
    else:
        assert weights is None
    if f"{case}.gout" not in FIX:
        return
    loss = (out * Tensor(FIX[f"{case}.gout"])).sum()
    if f"{case}.gweights" in FIX:
        loss = loss + (weights * Tensor(FIX[f"{case}.gweights"])).sum()
    loss.backward()
    for k, t in ins.items():
        want = FIX.get(f"{case}.grad.in.{k}")
        got = None if t.grad is None else t.grad.data
        if want is None:
            assert got is None or not np.any(got), k
        else:
            np.testing.assert_allclose(got, want, **TOL, err_msg=f"d/d {k}")
    for k, p in params.items():
        want = FIX.get(f"{case}.grad.param.{k}")
        if want is None:
            assert p.grad is None, k
        else:
            np.testing.assert_allclose(p.grad.data, want, **TOL, err_msg=f"d/d {k}")


# ------------------------------------------------------------ initialisation
_MAKE = {
    "mha": lambda: nn.MultiheadAttention(8, 2),
    "mha_kdim_bias_kv": lambda: nn.MultiheadAttention(8, 2, add_bias_kv=True, kdim=5, vdim=6),
    "mha_no_bias": lambda: nn.MultiheadAttention(8, 2, bias=False),
    "encoder_layer": lambda: nn.TransformerEncoderLayer(8, 2, 16),
    "decoder_layer": lambda: nn.TransformerDecoderLayer(8, 2, 16),
    "encoder": lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 2),
    "transformer": lambda: nn.Transformer(8, 2, 2, 1, 16),
}


@pytest.mark.parametrize("name", json.loads(FIX["init"]))
def test_initialisation_draws_in_pytorchs_order(name, monkeypatch):
    """The same random draws (kind, shape, bounds), in the same order, as PyTorch's
    constructor: with a generator that reproduces PyTorch's stream the values agree."""
    draws = []
    real_uniform, real_normal = nn.init.uniform_, nn.init.normal_

    def uniform_(t, a=0.0, b=1.0, *args, **kwargs):
        draws.append(["uniform", list(t.shape), float(a), float(b)])
        return real_uniform(t, a, b, *args, **kwargs)

    def normal_(t, mean=0.0, std=1.0, *args, **kwargs):
        draws.append(["normal", list(t.shape), float(mean), float(std)])
        return real_normal(t, mean, std, *args, **kwargs)

    monkeypatch.setattr(nn.init, "uniform_", uniform_)
    monkeypatch.setattr(nn.init, "normal_", normal_)
    module = _MAKE[name]()
    want = json.loads(FIX[f"init.{name}.draws"])
    assert [d[:2] for d in draws] == [d[:2] for d in want]
    np.testing.assert_allclose([d[2:] for d in draws], [d[2:] for d in want], rtol=1e-12)
    prefix = f"init.{name}.state."
    names = [k[len(prefix) :] for k in FIX if k.startswith(prefix)]
    assert list(module.state_dict()) == names  # PyTorch's names, in PyTorch's order
    for k, v in module.state_dict().items():
        assert v.shape == FIX[prefix + k].shape, k
    for k, v in FIX.items():  # the values that are not random: zeros and ones
        if k.startswith(prefix) and (np.all(v == 0) or np.all(v == 1)):
            np.testing.assert_array_equal(module.state_dict()[k[len(prefix) :]], v, err_msg=k)


# ------------------------------------------------------------------ gradcheck
def _r(*shape, seed=[0]):  # noqa: B006 (a counter: each call draws new numbers)
    seed[0] += 1
    return Tensor(np.random.default_rng(seed[0]).standard_normal(shape), requires_grad=True)


def test_sdpa_gradcheck_with_learned_float_mask_and_dead_rows():
    q, k, v = _r(1, 2, 3, 4), _r(1, 2, 4, 4), _r(1, 2, 4, 3)
    bias = _r(2, 3, 4)  # a learned additive mask (relative-position style) gets a gradient

    def f(q, k, v, bias):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=bias, scale=0.7)

    assert autograd.gradcheck(f, (q, k, v, bias))
    assert autograd.gradgradcheck(f, (q, k, v, bias))
    keep = np.ones((3, 4), bool)
    keep[1] = False  # query 1 sees no key: zero output, zero gradient

    def g(q, k, v):
        return F.scaled_dot_product_attention(q, k, v, attn_mask=keep)

    assert autograd.gradcheck(g, (q, k, v))
    assert autograd.gradgradcheck(g, (q, k, v))
    out = g(q, k, v)
    assert np.all(out.data[:, :, 1] == 0)
    out.sum().backward()
    assert np.all(q.grad.data[:, :, 1] == 0)


@pytest.mark.parametrize("need_weights", [True, False])
def test_multi_head_attention_forward_gradcheck_all_parameters(need_weights):
    E, H, L, S, N = 4, 2, 2, 3, 2
    q, k, v = _r(L, N, E), _r(S, N, E), _r(S, N, E)
    w_in, b_in, w_out, b_out = _r(3 * E, E), _r(3 * E), _r(E, E), _r(E)
    bias_k, bias_v = _r(1, 1, E), _r(1, 1, E)
    kpm = np.array([[False, True, False], [False, False, True]])

    def f(q, k, v, w_in, b_in, bias_k, bias_v, w_out, b_out):
        out, w = F.multi_head_attention_forward(
            q, k, v, E, H, w_in, b_in, bias_k, bias_v, True, 0.0, w_out, b_out,
            key_padding_mask=kpm, need_weights=need_weights, average_attn_weights=False,
        )  # fmt: skip
        return (out, w) if need_weights else out

    args = (q, k, v, w_in, b_in, bias_k, bias_v, w_out, b_out)
    assert autograd.gradcheck(f, args)
    some = (q, k.detach(), v, w_in, b_in.detach(), bias_k.detach(), bias_v, w_out.detach(), b_out)
    assert autograd.gradgradcheck(f, some)


@pytest.mark.parametrize("norm_first", [False, True])
def test_transformer_layers_gradcheck(norm_first):
    autograd.manual_seed(0)
    kw = dict(dim_feedforward=6, dropout=0.0, activation="gelu", norm_first=norm_first)
    enc = nn.TransformerEncoderLayer(4, 2, batch_first=True, dtype=np.float64, **kw)
    dec = nn.TransformerDecoderLayer(4, 2, dtype=np.float64, **kw)
    src, tgt, mem = _r(2, 3, 4), _r(3, 2, 4), _r(2, 2, 4)
    causal = nn.Transformer.generate_square_subsequent_mask(3, dtype=np.float64)
    kpm = np.array([[False, False, True], [False, False, False]])
    assert autograd.gradcheck(lambda x: enc(x, src_key_padding_mask=kpm), (src,))
    assert autograd.gradgradcheck(lambda x: enc(x, src_mask=causal), (src,))
    assert autograd.gradcheck(lambda t, m: dec(t, m, tgt_mask=causal), (tgt, mem))
    assert autograd.gradgradcheck(
        lambda t, m: dec(t, m, tgt_is_causal=True, tgt_mask=causal), (tgt, mem)
    )


# ------------------------------------------------------------- behaviour
def test_mha_attributes_and_parameter_names():
    m = nn.MultiheadAttention(8, 2, kdim=5, vdim=6, add_bias_kv=True, batch_first=True)
    assert (m.embed_dim, m.num_heads, m.head_dim, m.kdim, m.vdim) == (8, 2, 4, 5, 6)
    assert m._qkv_same_embed_dim is False and m.in_proj_weight is None and m.batch_first
    assert [n for n, _ in m.named_parameters()] == [
        "q_proj_weight", "k_proj_weight", "v_proj_weight", "in_proj_bias", "bias_k", "bias_v",
        "out_proj.weight", "out_proj.bias",
    ]  # fmt: skip
    assert np.all(m.in_proj_bias.data == 0) and np.all(m.out_proj.bias.data == 0)
    with pytest.raises(ValueError, match="divisible"):
        nn.MultiheadAttention(6, 4)
    with pytest.raises(ValueError, match="greater than 0"):
        nn.MultiheadAttention(0, 1)
    with pytest.raises(RuntimeError, match="CPU only"):
        nn.MultiheadAttention(8, 2, device="cuda")


def test_mha_shape_and_mask_errors():
    m = nn.MultiheadAttention(4, 2)
    x = Tensor(np.zeros((3, 2, 4)))
    with pytest.raises(ValueError, match="unbatched 2-d or batched 3-d"):
        m(Tensor(np.zeros((1, 3, 2, 4))), x, x)
    with pytest.raises(ValueError, match="key and value must be 3-d"):
        m(x, x[0], x[0])
    with pytest.raises(RuntimeError, match=r"2D attn_mask is \(3, 2\), but should be \(3, 3\)"):
        m(x, x, x, attn_mask=np.zeros((3, 2), bool))
    with pytest.raises(RuntimeError, match=r"3D attn_mask .* should be \(4, 3, 3\)"):
        m(x, x, x, attn_mask=np.zeros((2, 3, 3), bool))
    with pytest.raises(ValueError, match=r"key_padding_mask of shape \(2, 3\)"):
        m(x, x, x, key_padding_mask=np.zeros((2, 4), bool))
    with pytest.raises(TypeError, match="only bool and floating types of attn_mask"):
        m(x, x, x, attn_mask=np.zeros((3, 3), int))
    with pytest.raises(RuntimeError, match="Need attn_mask if specifying the is_causal hint"):
        m(x, x, x, is_causal=True)
    with pytest.raises(ValueError, match="expected embedding dimension 4, got 5"):
        m(Tensor(np.zeros((3, 2, 5))), x, x)
    with pytest.warns(UserWarning, match="mismatched key_padding_mask and attn_mask"):
        m(x, x, x, key_padding_mask=np.zeros((2, 3), bool), attn_mask=np.zeros((3, 3)))


def test_sdpa_errors():
    q = Tensor(np.zeros((2, 3, 4)))
    with pytest.raises(RuntimeError, match="attn_mask should not be set when is_causal=True"):
        F.scaled_dot_product_attention(q, q, q, attn_mask=np.ones((3, 3), bool), is_causal=True)
    with pytest.raises(ValueError, match="same last dim"):
        F.scaled_dot_product_attention(q, Tensor(np.zeros((2, 3, 5))), q)
    with pytest.raises(ValueError, match="not a multiple"):
        k = Tensor(np.zeros((1, 2, 3, 4)))
        F.scaled_dot_product_attention(Tensor(np.zeros((1, 3, 3, 4))), k, k, enable_gqa=True)


def test_attention_dropout_in_training_only():
    autograd.manual_seed(0)
    m = nn.MultiheadAttention(8, 2, dropout=0.5, dtype=np.float64)
    x = Tensor(np.random.default_rng(0).standard_normal((5, 3, 8)))
    _, w = m(x, x, x, average_attn_weights=False)
    dropped = w.data == 0
    assert 0.2 < dropped.mean() < 0.8  # about half the weights dropped...
    kept = np.where(dropped, 0, w.data).sum(-1)
    m.eval()
    _, w_eval = m(x, x, x, average_attn_weights=False)
    np.testing.assert_allclose(w_eval.data.sum(-1), 1.0)  # ...and none in eval mode
    # the kept ones scaled by 1 / (1 - p), as PyTorch (the weights returned are the dropped ones)
    np.testing.assert_allclose(kept, 2 * np.where(dropped, 0, w_eval.data).sum(-1))


def test_stacks_copy_the_layer():
    layer = nn.TransformerEncoderLayer(8, 2, 16)
    enc = nn.TransformerEncoder(layer, 3)
    assert len(enc.layers) == 3 and all(lay is not layer for lay in enc.layers)
    w = [lay.self_attn.in_proj_weight for lay in enc.layers]
    assert w[0] is not w[1] and np.array_equal(w[0].data, w[1].data)
    assert np.array_equal(w[0].data, layer.self_attn.in_proj_weight.data)
    names = [n for n, _ in enc.named_parameters()]
    assert names[0] == "layers.0.self_attn.in_proj_weight" and "layers.2.norm2.bias" in names
    assert "(0-2): 3 x TransformerEncoderLayer(" in repr(enc)


def test_generate_square_subsequent_mask():
    m = nn.Transformer.generate_square_subsequent_mask(3)
    assert m.dtype == autograd.get_default_dtype()
    np.testing.assert_array_equal(m.data, [[0, -np.inf, -np.inf], [0, 0, -np.inf], [0, 0, 0]])
    assert nn.Transformer.generate_square_subsequent_mask(2, dtype=np.float64).dtype == np.float64


def test_encoder_eval_nested_path_zeroes_padding_only_where_pytorch_does():
    autograd.manual_seed(0)
    layer = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True)
    x = Tensor(np.random.default_rng(1).standard_normal((2, 4, 8)).astype(np.float32))
    kpm = np.array([[False, False, True, True], [False, False, False, False]])
    enc = nn.TransformerEncoder(layer, 2).eval()
    with autograd.no_grad():
        out = enc(x, src_key_padding_mask=kpm).data
    assert np.all(out[0, 2:] == 0) and np.all(out[0, :2] != 0) and np.all(out[1] != 0)
    train_path = enc(x, src_key_padding_mask=kpm).data  # with gradients: no nested path
    assert np.all(train_path[0, 2:] != 0)
    np.testing.assert_allclose(train_path[:, :2], out[:, :2], rtol=1e-5)
    flat = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16), 1)  # batch_first=False
    assert flat.use_nested_tensor is False and enc.use_nested_tensor is True


def test_transformer_checks_and_custom_parts():
    t = nn.Transformer(8, 2, 1, 1, 16, batch_first=True)
    src, tgt = Tensor(np.zeros((2, 3, 8))), Tensor(np.zeros((3, 3, 8)))
    with pytest.raises(RuntimeError, match="batch number of src and tgt must be equal"):
        t(src, tgt)
    with pytest.raises(RuntimeError, match="feature number"):
        t(src, Tensor(np.zeros((2, 3, 4))))
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, batch_first=True), 1)
    custom = nn.Transformer(8, 2, 1, 1, 16, custom_encoder=enc, batch_first=True)
    assert custom.encoder is enc
    with pytest.raises(RuntimeError, match="activation should be relu/gelu, not swish"):
        nn.TransformerEncoderLayer(8, 2, activation="swish")
    act = nn.GELU()
    layer = nn.TransformerEncoderLayer(8, 2, activation=act)
    assert layer.activation is act and layer.activation_relu_or_gelu == 2


def test_fused_attention_op_equals_its_composed_definition():
    """ScaledDotProductAttention (one node, the scores kept transposed) against the same
    formula from engine ops: values and gradients, with dropout factors, a learned bias,
    broadcast batch axes and a query that sees no key; and gradcheck of both orders."""
    from nn.attention_ops import ScaledDotProductAttention

    rng = np.random.default_rng(5)
    q, k, v = _r(2, 2, 3, 4), _r(1, 2, 5, 4), _r(1, 2, 5, 3)
    bias = _r(3, 5)
    drop = np.where(rng.random((2, 2, 5, 3)) < 0.3, 0.0, 1 / 0.7)  # transposed: (.., S, L)
    keep = np.array([[1.0], [0.0], [1.0]])

    def fused(q, k, v, bias):
        return ScaledDotProductAttention.apply(
            q, k, v, bias, scale=0.6, _bias=None, _keep=keep, _drop=drop, _weights_t=None
        )

    def composed(q, k, v, bias):
        w = ((q @ k.swapaxes(-1, -2)) * 0.6 + bias).softmax(-1) * keep
        return (w * drop.swapaxes(-1, -2)) @ v

    g = rng.standard_normal((2, 2, 3, 3))
    grads = []
    for f in (fused, composed):
        for t in (q, k, v, bias):
            t.grad = None
        out = f(q, k, v, bias)
        (out * Tensor(g)).sum().backward()
        grads.append([out.data] + [t.grad.data for t in (q, k, v, bias)])
    for a, b in zip(*grads):
        np.testing.assert_allclose(a, b, rtol=1e-12, atol=1e-14)
    assert autograd.gradcheck(fused, (q, k, v, bias))
    assert autograd.gradgradcheck(fused, (q, k, v, bias))
    const = bias.data.copy()

    def fused_const(q, k, v):  # a constant bias is an attribute, not an input
        return ScaledDotProductAttention.apply(
            q, k, v, scale=0.6, _bias=const, _keep=None, _drop=None, _weights_t=None
        )

    assert autograd.gradgradcheck(fused_const, (q, k, v))


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_fused_attention_split_between_threads_gives_the_same_numbers(dtype, monkeypatch):
    """With q, k and v of the same batch axes the fused op runs on pieces of the batch
    (autograd.threads.parallel_for): on one thread and on three, with a learned bias, a
    query that sees no key and dropout factors, the values and gradients are the same
    bits, and equal the composed definition."""
    from autograd import threads
    from nn import attention_ops
    from nn.attention_ops import ScaledDotProductAttention

    rng = np.random.default_rng(7)
    monkeypatch.setattr(threads, "MIN_WORK", 1)  # split even these small arrays
    before = autograd.get_num_threads()

    def t(*shape):
        return Tensor(rng.standard_normal(shape).astype(dtype), requires_grad=True)

    q, k, v, bias = t(5, 2, 3, 4), t(5, 2, 6, 4), t(5, 2, 6, 3), t(3, 6)
    drop = np.where(rng.random((5, 2, 6, 3)) < 0.3, 0.0, 1 / 0.7).astype(dtype)
    keep = np.array([[1.0], [0.0], [1.0]], dtype)
    g = Tensor(rng.standard_normal((5, 2, 3, 3)).astype(dtype))

    def run(threads_, learned):
        autograd.set_num_threads(threads_)
        for x in (q, k, v, bias):
            x.grad = None
        args = (q, k, v, bias) if learned else (q, k, v)
        out = ScaledDotProductAttention.apply(
            *args, scale=0.6, _bias=None if learned else bias.data, _keep=keep, _drop=drop,
            _weights_t=None,
        )  # fmt: skip
        (out * g).sum().backward()
        return [out.data] + [x.grad.data for x in args]

    calls = []

    def spy(fn, n, work):
        calls.append(n)
        threads.parallel_for(fn, n, work)

    monkeypatch.setattr(attention_ops, "parallel_for", spy)
    try:
        for learned in (True, False):
            one, three = run(1, learned), run(3, learned)
            for a, b in zip(one, three):
                assert a.dtype == dtype and np.array_equal(a, b)
            for x in (q, k, v, bias):
                x.grad = None
            w = ((q @ k.swapaxes(-1, -2)) * 0.6 + bias).softmax(-1) * keep
            composed = (w * drop.swapaxes(-1, -2)) @ v
            (composed * g).sum().backward()
            tol = 1e-5 if dtype == np.float32 else 1e-12
            expected = [composed.data] + [x.grad.data for x in (q, k, v, bias)]
            for a, b in zip(one, expected):
                np.testing.assert_allclose(a, b, rtol=tol, atol=tol)
    finally:
        autograd.set_num_threads(before)
    assert calls == [5] * 8  # forward and backward, two runs each, both kinds of bias


def test_sdpa_dropout():
    q = _r(2, 3, 8, 4)
    autograd.manual_seed(0)
    plain = F.scaled_dot_product_attention(q, q, q).data
    dropped = F.scaled_dot_product_attention(q, q, q, dropout_p=0.5)
    assert not np.allclose(dropped.data, plain)  # applied whenever dropout_p > 0, as PyTorch
    dropped.sum().backward()
    assert np.all(np.isfinite(q.grad.data))
    assert np.all(F.scaled_dot_product_attention(q, q, q, dropout_p=1.0).data == 0)
    many = np.mean(
        [F.scaled_dot_product_attention(q, q, q, dropout_p=0.3).data for _ in range(400)], 0
    )
    np.testing.assert_allclose(many, plain, atol=0.15)  # unbiased: 1/(1-p) scaling


def test_transformer_training_step_leaves_no_cycles():
    import gc

    import optim

    autograd.manual_seed(0)
    model = nn.Transformer(8, 2, 1, 1, 16, dropout=0.1, batch_first=True)
    opt = optim.Adam(model.parameters())
    src = Tensor(np.random.default_rng(0).standard_normal((2, 5, 8)).astype(np.float32))
    tgt = Tensor(np.random.default_rng(1).standard_normal((2, 4, 8)).astype(np.float32))
    mask = nn.Transformer.generate_square_subsequent_mask(4)
    kpm = np.array([[False] * 5, [False] * 3 + [True] * 2])

    def step():
        opt.zero_grad()
        model(src, tgt, tgt_mask=mask, src_key_padding_mask=kpm).pow(2).mean().backward()
        opt.step()

    step()
    gc.collect()
    gc.disable()
    try:
        for _ in range(3):
            step()
        assert gc.collect() == 0  # freed by reference counting alone
    finally:
        gc.enable()


def _op_types(t: Tensor) -> set:
    """The types of the ops in t's graph."""
    seen, todo = set(), [t.grad_fn]
    while todo:
        node = todo.pop()
        if node is None or not hasattr(node, "op") or node in seen:
            continue
        seen.add(node)
        todo += [n for n, _ in node.next_functions]
    return {type(n.op) for n in seen}


@pytest.mark.parametrize("batch_first", [True, False])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_packed_self_attention_equals_the_split_path(batch_first, dtype, monkeypatch):
    """Self-attention (query is key is value, no weights) runs as one PackedSelfAttention
    node from the packed projection: its output and gradients (input, in_proj, out_proj)
    equal the general path's (the same layer given an equal but distinct key/value), with
    a key padding mask, a causal hint, dropout under one seed, unbatched input, and the
    batch split between threads."""
    from autograd import threads
    from nn.attention_ops import PackedSelfAttention

    monkeypatch.setattr(threads, "MIN_WORK", 1)
    autograd.manual_seed(0)
    mha = nn.MultiheadAttention(8, 2, dropout=0.25, batch_first=batch_first, dtype=dtype)
    rng = np.random.default_rng(3)
    shape = (3, 5, 8) if batch_first else (5, 3, 8)
    x0 = rng.standard_normal(shape).astype(dtype)
    kpm = np.array([[False] * 5, [False, False, False, True, True], [False] * 4 + [True]])
    causal = nn.Transformer.generate_square_subsequent_mask(5, dtype=dtype)
    masked = np.triu(np.ones((5, 5), bool), 1)  # True: may not attend
    tol = 1e-5 if dtype == np.float32 else 1e-12
    cases = [
        dict(key_padding_mask=kpm),
        dict(attn_mask=causal, is_causal=True),
        dict(attn_mask=masked, key_padding_mask=kpm),
    ]
    before = autograd.get_num_threads()
    try:
        for kw, train, unbatched, n_threads in [
            (cases[0], False, False, 1),
            (cases[1], False, False, 2),
            (cases[2], True, False, 1),
            (cases[1], True, True, 2),
        ]:
            autograd.set_num_threads(n_threads)
            mha.train(train)
            xv = x0[0] if unbatched and batch_first else x0[:, 0] if unbatched else x0
            if unbatched:
                kw = {k: v for k, v in kw.items() if k != "key_padding_mask"}
            got = []
            for packed in (True, False):
                mha.zero_grad()
                x = Tensor(xv.copy(), requires_grad=True)
                kv = x if packed else x * 1.0
                autograd.manual_seed(1)
                out, w = mha(x, kv, kv, need_weights=False, **kw)
                assert w is None
                assert (PackedSelfAttention in _op_types(out)) == packed
                (out * out).sum().backward()
                got.append(
                    [out.data, x.grad.data]
                    + [p.grad.data.copy() for p in mha.parameters() if p.grad is not None]
                )
            assert len(got[0]) == len(got[1]) == 6
            for a, b in zip(*got):
                assert a.dtype == dtype
                np.testing.assert_allclose(a, b, rtol=tol, atol=tol)
    finally:
        autograd.set_num_threads(before)


def test_packed_self_attention_is_one_node_and_double_differentiable():
    """The Transformer layer's self-attention is one node between the two projections,
    and its backward is differentiable again (gradgradcheck through the packed node, with
    a padding mask that leaves one query with no key)."""
    from nn.attention_ops import PackedSelfAttention

    autograd.manual_seed(0)
    mha = nn.MultiheadAttention(4, 2, batch_first=True, dtype=np.float64)
    x = _r(2, 3, 4)
    out, _ = mha(x, x, x, need_weights=False)
    (attn, _), _, _ = out.grad_fn.next_functions  # the out projection's inputs
    assert type(attn.op) is PackedSelfAttention
    ((proj, _),) = attn.next_functions
    assert proj.name == "Affine" and proj.inputs[0] is x
    kpm = np.array([[False, False, True], [True, True, True]])

    def f(x, w_in, w_out):
        return F.multi_head_attention_forward(
            x, x, x, 4, 2, w_in, mha.in_proj_bias, None, None, False, 0.0, w_out,
            mha.out_proj.bias, key_padding_mask=kpm, need_weights=False,
        )[0]  # fmt: skip

    args = (_r(3, 2, 4), _r(12, 4), _r(4, 4))
    assert autograd.gradcheck(f, args)
    assert autograd.gradgradcheck(f, args)
