"""Record PyTorch's attention and Transformer numbers for tests/test_nn_attention.py.

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_attention_fixtures.py

It writes tests/data/attention.npz (packed: see `pack`). Every case stores its
configuration (JSON), the module's state dict, the inputs and masks, the upstream
gradients, and PyTorch's outputs, attention weights and gradients (inputs and
parameters), all in float64. Keys are
"<case>.<what>[.<name>]". It also records, per constructor, the random draws its
initialisation makes in order ("init.<name>.draws") and the initial state dict after
torch.manual_seed(0) ("init.<name>.state.<param>").
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "attention.npz"
E, H, N, L, S = 8, 2, 2, 3, 4  # embed dim, heads, batch, query length, key length

torch.set_default_dtype(torch.float64)
arrays: dict[str, np.ndarray] = {}
cases: list[str] = []


def rand(*shape):
    return torch.randn(*shape)


def causal(n, m=None):
    return torch.triu(torch.full((n, m or n), float("-inf")), 1)


# ------------------------------------------------------------------ one case
def record(
    name,
    kind,
    ctor,
    inputs,
    masks=None,
    call=None,
    *,
    same=None,
    train=True,
    no_grad=False,
    weights_loss=True,
):
    """Build, perturb the parameters, run, backprop a random upstream gradient, store."""
    masks = masks or {}
    call = call or {}
    module = build(kind, ctor)
    if module is not None:
        module.train(train)
        with torch.no_grad():
            for p in module.parameters():  # non-trivial biases and norms
                p.add_(0.3 * torch.randn_like(p))
    ins = {k: v.clone().requires_grad_(not no_grad) for k, v in inputs.items()}
    args = [ins[k] for k in ins]
    if same == "qkv":
        args = [ins["query"]] * 3
    elif same == "kv":
        args = [ins["query"], ins["key"], ins["key"]]
    with torch.set_grad_enabled(not no_grad):
        out = run(kind, module, ins, args, masks, call)
    weights = None
    if isinstance(out, tuple):
        out, weights = out
    key = f"{name}."
    arrays[key + "out"] = out.detach().numpy()
    if weights is not None:
        arrays[key + "weights"] = weights.detach().numpy()
    for k, v in ins.items():
        arrays[key + "in." + k] = v.detach().numpy()
    for k, v in masks.items():
        arrays[key + "mask." + k] = v.numpy()
    if module is not None:
        for k, v in module.state_dict().items():
            arrays[key + "param." + k] = v.numpy()
    if not no_grad:
        gout = torch.randn_like(out)
        arrays[key + "gout"] = gout.numpy()
        loss = (out * gout).sum()
        if weights is not None and weights_loss:
            gw = torch.randn_like(weights)
            arrays[key + "gweights"] = gw.numpy()
            loss = loss + (weights * gw).sum()
        loss.backward()
        for k, v in ins.items():
            if v.grad is not None:
                arrays[key + "grad.in." + k] = v.grad.numpy()
        if module is not None:
            for k, p in module.named_parameters():
                if p.grad is not None:
                    arrays[key + "grad.param." + k] = p.grad.numpy()
    config = dict(
        kind=kind,
        ctor=ctor,
        inputs=list(inputs),
        masks=list(masks),
        call=call,
        same=same,
        train=train,
        no_grad=no_grad,
    )
    arrays[key + "config"] = np.array(json.dumps(config))
    cases.append(name)


def activation(value):
    if isinstance(value, str) and value.startswith("callable:"):
        return {"callable:tanh": torch.tanh}[value]
    return value


def build(kind, ctor):
    ctor = {k: activation(v) for k, v in ctor.items()}
    if kind == "mha":
        return nn.MultiheadAttention(**ctor)
    if kind == "encoder_layer":
        return nn.TransformerEncoderLayer(**ctor)
    if kind == "decoder_layer":
        return nn.TransformerDecoderLayer(**ctor)
    if kind == "encoder":
        layer = nn.TransformerEncoderLayer(**ctor["layer"])
        norm = nn.LayerNorm(ctor["layer"]["d_model"]) if ctor.get("norm") else None
        return nn.TransformerEncoder(layer, ctor["num_layers"], norm, **ctor.get("extra", {}))
    if kind == "decoder":
        layer = nn.TransformerDecoderLayer(**ctor["layer"])
        norm = nn.LayerNorm(ctor["layer"]["d_model"]) if ctor.get("norm") else None
        return nn.TransformerDecoder(layer, ctor["num_layers"], norm)
    if kind == "transformer":
        return nn.Transformer(**ctor)
    if kind == "mha_functional":
        return MHAParams(**ctor)
    return None


class MHAParams(nn.Module):
    """The parameters of a multi_head_attention_forward call, as a module (for the record)."""

    def __init__(self, bias_kv=False, separate=False):
        super().__init__()
        self.in_proj_weight = nn.Parameter(rand(3 * E, E))
        self.in_proj_bias = nn.Parameter(rand(3 * E))
        self.out_proj_weight = nn.Parameter(rand(E, E))
        self.out_proj_bias = nn.Parameter(rand(E))
        if bias_kv:
            self.bias_k = nn.Parameter(rand(1, 1, E))
            self.bias_v = nn.Parameter(rand(1, 1, E))
        if separate:
            self.q_proj_weight = nn.Parameter(rand(E, E))
            self.k_proj_weight = nn.Parameter(rand(E, 5))
            self.v_proj_weight = nn.Parameter(rand(E, 6))


def run(kind, module, ins, args, masks, call):
    if kind == "sdpa":
        return F.scaled_dot_product_attention(*args, **masks, **call)
    if kind == "mha_functional":
        p = module
        statics = {k: ins[k] for k in ("static_k", "static_v") if k in ins}
        sep = {}
        if call.get("use_separate_proj_weight"):
            sep = dict(
                q_proj_weight=p.q_proj_weight,
                k_proj_weight=p.k_proj_weight,
                v_proj_weight=p.v_proj_weight,
            )
        return F.multi_head_attention_forward(
            *args[:3],
            E,
            H,
            p.in_proj_weight,
            p.in_proj_bias,
            getattr(p, "bias_k", None),
            getattr(p, "bias_v", None),
            call.get("add_zero_attn", False),
            0.0,
            p.out_proj_weight,
            p.out_proj_bias,
            key_padding_mask=masks.get("key_padding_mask"),
            attn_mask=masks.get("attn_mask"),
            need_weights=call.get("need_weights", True),
            use_separate_proj_weight=call.get("use_separate_proj_weight", False),
            average_attn_weights=call.get("average_attn_weights", True),
            **sep,
            **statics,
        )
    out = module(*args, **masks, **call)
    return out


def seq(n, batch_first, d=E, batched=True):
    if not batched:
        return rand(n, d)
    return rand(N, n, d) if batch_first else rand(n, N, d)


def bool_mask(*shape, p=0.3, keep_first=True):
    m = torch.rand(*shape) < p
    if keep_first:
        m[..., 0] = False  # every query keeps a key
    return m


def float_mask(*shape):
    m = 0.5 * torch.randn(*shape)
    m[torch.rand(*shape) < 0.25] = float("-inf")
    m[..., 0] = 0.0
    return m


# ------------------------------------------------------------------ MHA cases
# fmt: off
def mha_cases():
    base = dict(embed_dim=E, num_heads=H)
    bf = {**base, "batch_first": True}
    q, k, v = seq(L, False), seq(S, False), seq(S, False)
    qb, kb, vb = seq(L, True), seq(S, True), seq(S, True)
    sq, sqb = seq(L, False), seq(L, True)
    qkv, qkvb = {"query": q, "key": k, "value": v}, {"query": qb, "key": kb, "value": vb}
    record("mha_self", "mha", base, {"query": sq}, same="qkv")
    record("mha_self_bf_heads", "mha", bf, {"query": sqb}, call={"average_attn_weights": False},
           same="qkv")
    record("mha_kv_same", "mha", base, {"query": q, "key": k}, same="kv")
    record("mha_qkv_differ", "mha", bf, qkvb)
    record("mha_kdim_vdim", "mha", {**bf, "kdim": 5, "vdim": 6},
           {"query": qb, "key": rand(N, S, 5), "value": rand(N, S, 6)})
    record("mha_bool_mask_noweights", "mha", base, qkv, {"attn_mask": bool_mask(L, S)},
           {"need_weights": False})
    record("mha_float_mask3d", "mha", base, qkv, {"attn_mask": float_mask(N * H, L, S)})
    for nw in (True, False):
        record(f"mha_kpm_and_mask_{nw}", "mha", bf, qkvb,
               {"key_padding_mask": bool_mask(N, S), "attn_mask": bool_mask(L, S)},
               {"need_weights": nw})
    record("mha_float_kpm", "mha", base, qkv, {"key_padding_mask": float_mask(N, S)})
    for nw in (True, False):
        record(f"mha_causal_hint_{nw}", "mha", base, {"query": sq}, {"attn_mask": causal(L)},
               {"is_causal": True, "need_weights": nw}, same="qkv")
    # a wrong hint: PyTorch's SDPA path uses the causal mask, its weights path the given mask
    record("mha_wrong_hint", "mha", base, {"query": sq}, {"attn_mask": bool_mask(L, L)},
           {"is_causal": True, "need_weights": False}, same="qkv")
    record("mha_causal_hint_kpm", "mha", base, {"query": sq},
           {"attn_mask": causal(L), "key_padding_mask": bool_mask(N, L)},
           {"is_causal": True, "need_weights": False}, same="qkv")
    record("mha_bias_kv", "mha", {**base, "add_bias_kv": True}, qkv,
           {"attn_mask": bool_mask(L, S), "key_padding_mask": bool_mask(N, S)})
    record("mha_zero_attn", "mha", {**bf, "add_zero_attn": True}, qkvb,
           {"attn_mask": float_mask(L, S), "key_padding_mask": float_mask(N, S)},
           {"need_weights": False})
    record("mha_all_options", "mha",
           {**base, "add_bias_kv": True, "add_zero_attn": True, "kdim": 5, "vdim": 6},
           {"query": q, "key": rand(S, N, 5), "value": rand(S, N, 6)},
           {"attn_mask": bool_mask(N * H, L, S), "key_padding_mask": bool_mask(N, S)},
           {"average_attn_weights": False})
    record("mha_no_bias", "mha", {**base, "bias": False}, qkv,
           {"key_padding_mask": bool_mask(N, S)})
    record("mha_unbatched", "mha", base,
           {"query": rand(L, E), "key": rand(S, E), "value": rand(S, E)},
           {"attn_mask": bool_mask(H, L, S), "key_padding_mask": bool_mask(S)})
    record("mha_unbatched_self", "mha", bf, {"query": rand(L, E)}, {"attn_mask": causal(L)},
           {"average_attn_weights": False}, same="qkv")
    # every key of some queries masked: zeros without weights, NaN with them (PyTorch's paths)
    dead_kpm = torch.zeros(N, S, dtype=torch.bool)
    dead_kpm[1] = True
    dead_mask = torch.zeros(L, S, dtype=torch.bool)
    dead_mask[1] = True
    record("mha_dead_rows_noweights", "mha", base, qkv,
           {"key_padding_mask": dead_kpm, "attn_mask": dead_mask}, {"need_weights": False})
    record("mha_dead_rows_weights", "mha", base, qkv, {"attn_mask": dead_mask}, no_grad=True)
    record("mha_eval_dropout", "mha", {**bf, "dropout": 0.5}, {"query": sqb},
           {"key_padding_mask": bool_mask(N, L)}, train=False, same="qkv")
    record("mha_eval_nograd_fastpath", "mha", bf, {"query": sqb},
           {"key_padding_mask": bool_mask(N, L)}, train=False, no_grad=True, same="qkv")


def functional_cases():
    q, k, v = seq(L, False), seq(S, False), seq(S, False)
    record("mhaf_static_kv", "mha_functional", {},
           {"query": q, "key": k, "value": v, "static_k": rand(N * H, 5, E // H),
            "static_v": rand(N * H, 5, E // H)},
           {"key_padding_mask": bool_mask(N, 5)})
    record("mhaf_separate_bias_kv", "mha_functional", {"bias_kv": True, "separate": True},
           {"query": q, "key": rand(S, N, 5), "value": rand(S, N, 6)},
           {"attn_mask": bool_mask(L, S)},
           {"use_separate_proj_weight": True, "add_zero_attn": True})


def sdpa_cases():
    q, k, v = rand(N, H, L, 6), rand(N, H, S, 6), rand(N, H, S, 5)
    qkv = {"query": q, "key": k, "value": v}
    record("sdpa_plain", "sdpa", {}, qkv)
    record("sdpa_bool_mask", "sdpa", {}, qkv, {"attn_mask": ~bool_mask(L, S)})
    record("sdpa_float_mask_bcast", "sdpa", {}, qkv, {"attn_mask": float_mask(N, 1, L, S)},
           {"scale": 0.3})
    record("sdpa_causal_long_query", "sdpa", {}, {"query": rand(N, H, 6, 6), "key": k, "value": v},
           call={"is_causal": True})
    record("sdpa_3d", "sdpa", {},
           {"query": rand(N, L, 6), "key": rand(N, S, 6), "value": rand(N, S, 6)})
    record("sdpa_gqa", "sdpa", {}, {"query": rand(N, 4, L, 6), "key": k, "value": v},
           call={"enable_gqa": True})
    dead = ~bool_mask(L, S)
    dead[1] = False
    record("sdpa_dead_rows", "sdpa", {}, qkv, {"attn_mask": dead})


# ------------------------------------------------------------ Transformer
def layer_kw(**kw):
    return {"d_model": E, "nhead": H, "dim_feedforward": 16, "dropout": 0.0, **kw}


def transformer_cases():
    n = L + 1
    for bf in (False, True):
        for nf in (False, True):
            record(f"enc_layer_bf{int(bf)}_nf{int(nf)}", "encoder_layer",
                   layer_kw(batch_first=bf, norm_first=nf), {"src": seq(n, bf)},
                   {"src_mask": bool_mask(n, n), "src_key_padding_mask": bool_mask(N, n)})
    record("enc_layer_gelu_causal", "encoder_layer", layer_kw(activation="gelu"),
           {"src": seq(L, False)}, {"src_mask": causal(L)}, {"is_causal": True})
    record("enc_layer_tanh_nobias", "encoder_layer",
           layer_kw(activation="callable:tanh", bias=False, layer_norm_eps=1e-3,
                    batch_first=True),
           {"src": seq(L, True)}, {"src_key_padding_mask": bool_mask(N, L)})
    record("enc_layer_unbatched", "encoder_layer", layer_kw(), {"src": rand(L, E)},
           {"src_mask": float_mask(L, L)})
    record("encoder_causal_detect", "encoder",
           {"layer": layer_kw(), "num_layers": 2, "norm": True},
           {"src": seq(L, False)}, {"mask": causal(L)})
    record("encoder_bf_kpm", "encoder",
           {"layer": layer_kw(batch_first=True, norm_first=True), "num_layers": 2, "norm": False},
           {"src": seq(n, True)}, {"src_key_padding_mask": bool_mask(N, n)})
    kpm = torch.zeros(N, n, dtype=torch.bool)
    kpm[0, -1] = True
    kpm[1] = True
    record("encoder_eval_nested", "encoder",
           {"layer": layer_kw(batch_first=True), "num_layers": 2, "norm": True},
           {"src": seq(n, True)}, {"src_key_padding_mask": kpm}, train=False, no_grad=True)
    kpm2 = torch.zeros(N, n, dtype=torch.bool)
    kpm2[0, 0] = True  # padding before a kept token: not left-aligned, no nested path
    record("encoder_eval_not_left_aligned", "encoder",
           {"layer": layer_kw(batch_first=True), "num_layers": 1, "norm": False},
           {"src": seq(n, True)}, {"src_key_padding_mask": kpm2}, train=False, no_grad=True)
    for bf in (False, True):
        for nf in (False, True):
            record(f"dec_layer_bf{int(bf)}_nf{int(nf)}", "decoder_layer",
                   layer_kw(batch_first=bf, norm_first=nf),
                   {"tgt": seq(L, bf), "memory": seq(S, bf)},
                   {"tgt_mask": causal(L), "memory_mask": bool_mask(L, S),
                    "tgt_key_padding_mask": bool_mask(N, L),
                    "memory_key_padding_mask": bool_mask(N, S)})
    record("decoder_detect", "decoder",
           {"layer": layer_kw(activation="gelu"), "num_layers": 2, "norm": True},
           {"tgt": seq(L, False), "memory": seq(S, False)},
           {"tgt_mask": causal(L) == float("-inf")})
    tkw = {"d_model": E, "nhead": H, "num_encoder_layers": 2, "num_decoder_layers": 2,
           "dim_feedforward": 16, "dropout": 0.0}
    record("transformer_full", "transformer", tkw, {"src": seq(S, False), "tgt": seq(L, False)},
           {"src_mask": bool_mask(S, S), "tgt_mask": causal(L), "memory_mask": bool_mask(L, S),
            "src_key_padding_mask": bool_mask(N, S), "tgt_key_padding_mask": bool_mask(N, L),
            "memory_key_padding_mask": bool_mask(N, S)})
    record("transformer_bf_nf_nobias", "transformer",
           {**tkw, "batch_first": True, "norm_first": True, "bias": False, "activation": "gelu"},
           {"src": seq(S, True), "tgt": seq(L, True)}, {"tgt_mask": causal(L)},
           {"tgt_is_causal": True})
# fmt: on


# ---------------------------------------------------------- initialisation
INIT = {
    "mha": lambda: nn.MultiheadAttention(E, H),
    "mha_kdim_bias_kv": lambda: nn.MultiheadAttention(E, H, add_bias_kv=True, kdim=5, vdim=6),
    "mha_no_bias": lambda: nn.MultiheadAttention(E, H, bias=False),
    "encoder_layer": lambda: nn.TransformerEncoderLayer(E, H, 16),
    "decoder_layer": lambda: nn.TransformerDecoderLayer(E, H, 16),
    "encoder": lambda: nn.TransformerEncoder(nn.TransformerEncoderLayer(E, H, 16), 2),
    "transformer": lambda: nn.Transformer(E, H, 2, 1, 16),
}


def init_records():
    draws: list = []
    real_uniform, real_normal = torch.Tensor.uniform_, torch.Tensor.normal_

    def uniform_(t, a=0.0, b=1.0, *, generator=None):
        draws.append(["uniform", list(t.shape), float(a), float(b)])
        return real_uniform(t, a, b, generator=generator)

    def normal_(t, mean=0.0, std=1.0, *, generator=None):
        draws.append(["normal", list(t.shape), float(mean), float(std)])
        return real_normal(t, mean, std, generator=generator)

    torch.Tensor.uniform_, torch.Tensor.normal_ = uniform_, normal_
    try:
        for name, make in INIT.items():
            draws.clear()
            torch.manual_seed(0)
            module = make()
            arrays[f"init.{name}.draws"] = np.array(json.dumps(draws))
            for k, v in module.state_dict().items():
                arrays[f"init.{name}.state.{k}"] = v.numpy()
    finally:
        torch.Tensor.uniform_, torch.Tensor.normal_ = real_uniform, real_normal


def pack(named: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """All arrays in three (floats, bools, JSON strings) plus an index: a few zip entries
    instead of ~1500, whose headers would cost more than the numbers."""
    index, floats, bools, texts = {}, [], [], []
    sizes = {"f": 0, "b": 0}
    for key, a in named.items():
        if a.dtype.kind == "U":
            index[key] = ["s", len(texts)]
            texts.append(str(a))
            continue
        kind = "b" if a.dtype == np.bool_ else "f"
        (bools if kind == "b" else floats).append(a.ravel())
        index[key] = [kind, sizes[kind], list(a.shape)]
        sizes[kind] += a.size
    return {
        "index": np.array(json.dumps(index)),
        "floats": np.concatenate(floats).astype(np.float64),
        "bools": np.concatenate(bools) if bools else np.zeros(0, bool),
        "texts": np.array(json.dumps(texts)),
    }


def main():
    torch.manual_seed(1234)
    mha_cases()
    functional_cases()
    sdpa_cases()
    transformer_cases()
    init_records()
    arrays["cases"] = np.array(json.dumps(cases))
    arrays["init"] = np.array(json.dumps(list(INIT)))
    OUT.parent.mkdir(exist_ok=True)
    np.savez_compressed(OUT, **pack(arrays))
    print(
        f"wrote {OUT} ({OUT.stat().st_size // 1024} KiB, {len(cases)} cases, "
        f"torch {torch.__version__})"
    )


if __name__ == "__main__":
    main()
