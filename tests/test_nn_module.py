"""Module: parameter discovery, names and order, containers, modes, state dicts, repr."""

from collections import OrderedDict

import numpy as np
import pytest

import autograd
import nn
from autograd import Tensor


class Block(nn.Module):
    def __init__(self):
        super().__init__()
        self.fc = nn.Linear(2, 3)
        self.scale = nn.Parameter(np.ones(3, dtype=np.float32))
        self.register_buffer("count", np.zeros(1))

    def forward(self, x):
        return self.fc(x) * self.scale


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.block = Block()
        self.layers = [nn.Linear(3, 3), nn.Linear(3, 1)]
        self.heads = {"a": nn.Linear(1, 2), "b": nn.Linear(1, 2, bias=False)}
        self.extra = [nn.Parameter(np.zeros(2, dtype=np.float32))]
        self.not_a_param = Tensor(np.ones(2))

    def forward(self, x):
        x = self.block(x)
        for layer in self.layers:
            x = layer(x)
        return self.heads["a"](x)


NAMES = [
    "extra.0",
    "block.scale",
    "block.fc.weight",
    "block.fc.bias",
    "layers.0.weight",
    "layers.0.bias",
    "layers.1.weight",
    "layers.1.bias",
    "heads.a.weight",
    "heads.a.bias",
    "heads.b.weight",
]


def test_parameter_is_a_tensor_that_requires_grad():
    p = nn.Parameter(np.zeros((2, 2), dtype=np.float32))
    assert isinstance(p, Tensor) and p.requires_grad and p.is_leaf
    assert repr(p).startswith("Parameter(")
    assert hash(p) == object.__hash__(p)
    assert {p: 1}[p] == 1
    assert nn.Parameter([1.0]).dtype == np.float32


def test_named_parameters_order_and_names():
    net = Net()
    assert [n for n, _ in net.named_parameters()] == NAMES
    assert len(list(net.parameters())) == len(NAMES)
    assert [n for n, _ in net.named_children()] == [
        "block",
        "layers.0",
        "layers.1",
        "heads.a",
        "heads.b",
    ]
    assert [n for n, _ in net.named_modules()][:3] == ["", "block", "block.fc"]
    assert len(list(net.modules())) == 7
    assert [n for n, _ in net.named_buffers()] == ["block.count"]


def test_shared_parameters_and_modules_yielded_once():
    shared = nn.Linear(2, 2)
    seq = nn.Sequential(shared, nn.ReLU(), shared)
    assert [n for n, _ in seq.named_parameters()] == ["0.weight", "0.bias"]
    assert len(list(seq.modules())) == 3
    a = nn.Linear(2, 2)
    b = nn.Linear(2, 2)
    b.weight = a.weight  # tied weights
    m = nn.Sequential(a, b)
    assert [n for n, _ in m.named_parameters()] == ["0.weight", "0.bias", "1.bias"]
    # state_dict lists every name, as PyTorch 2.13's (a GPT's tied embedding loads)
    assert list(m.state_dict()) == ["0.weight", "0.bias", "1.weight", "1.bias"]
    assert list(seq.state_dict()) == ["0.weight", "0.bias", "2.weight", "2.bias"]
    m.load_state_dict(m.state_dict())  # strict: every name expected, the tie kept
    assert m[1].weight is m[0].weight


def test_train_eval_reach_every_submodule():
    net = Net()
    assert net.eval() is net
    assert all(not m.training for m in net.modules())
    assert net.train() is net
    assert all(m.training for m in net.modules())
    net.train(False)
    assert not net.heads["b"].training


def test_zero_grad_and_backward_through_module():
    net = Net()
    out = net(Tensor(np.ones((4, 2), dtype=np.float32)))
    out.sum().backward()
    assert net.block.fc.weight.grad is not None and net.block.scale.grad is not None
    assert net.heads["b"].weight.grad is None  # unused
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_call_sets_and_restores_module_scope():
    from autograd import grad_mode

    seen = []

    class Probe(nn.Module):
        def forward(self, x):
            seen.append(grad_mode.current_scope())
            return x * 2

    probe = Probe()
    outer = nn.Sequential(probe)
    x = Tensor(np.ones(2), requires_grad=True)
    y = outer(x)
    assert seen == [(outer, probe)]
    assert grad_mode.current_scope() is None
    assert y._scope == (outer, probe)  # the module path the tensor was recorded in

    class Boom(nn.Module):
        def forward(self, x):
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        Boom()(x)
    assert grad_mode.current_scope() is None


def test_state_dict_round_trip_in_place():
    autograd.manual_seed(0)
    a, b = Net(), Net()
    sd = a.state_dict()
    assert isinstance(sd, OrderedDict)
    assert list(sd) == [
        "extra.0",
        "block.scale",
        "block.count",
        "block.fc.weight",
        "block.fc.bias",
        *NAMES[4:],
    ]
    sd["block.fc.weight"][...] = 7  # a copy: the model is untouched
    assert not np.all(a.block.fc.weight.data == 7)
    before = b.block.fc.weight
    arr_before = b.block.fc.weight.numpy()
    b.load_state_dict(a.state_dict())
    assert b.block.fc.weight is before and b.block.fc.weight.numpy() is arr_before
    for (n1, v1), (n2, v2) in zip(a.state_dict().items(), b.state_dict().items()):
        assert n1 == n2
        np.testing.assert_array_equal(v1, v2)
    # Tensors are accepted too
    b.load_state_dict({k: Tensor(v) for k, v in a.state_dict().items()})


def test_load_state_dict_lists_all_problems():
    net = Net()
    sd = net.state_dict()
    del sd["block.scale"]
    del sd["heads.b.weight"]
    sd["bogus"] = np.zeros(1)
    sd["layers.0.weight"] = np.zeros((5, 5))
    sd["layers.1.bias"] = np.zeros(4)
    with pytest.raises(RuntimeError) as e:
        net.load_state_dict(sd)
    msg = str(e.value)
    for part in [
        "block.scale",
        "heads.b.weight",
        "bogus",
        "layers.0.weight",
        "layers.1.bias",
        "(5, 5)",
    ]:
        assert part in msg
    # strict=False: only the shape errors raise
    with pytest.raises(RuntimeError) as e:
        net.load_state_dict(sd, strict=False)
    assert "layers.0.weight" in str(e.value) and "bogus" not in str(e.value)
    sd["layers.0.weight"] = np.zeros((3, 3))
    sd["layers.1.bias"] = np.zeros(1)
    missing, unexpected = net.load_state_dict(sd, strict=False)
    assert missing == ["block.scale", "heads.b.weight"] and unexpected == ["bogus"]
    np.testing.assert_array_equal(net.layers[0].weight.data, 0)


def test_optimizer_keeps_working_after_load():
    import optim

    net = nn.Linear(2, 1)
    opt = optim.SGD(net.parameters(), lr=0.1)
    net.load_state_dict({"weight": np.ones((1, 2)), "bias": np.zeros(1)})
    net(Tensor(np.ones((1, 2), dtype=np.float32))).sum().backward()
    opt.step()
    np.testing.assert_allclose(net.weight.data, [[0.9, 0.9]], rtol=1e-6)


def test_sequential():
    autograd.manual_seed(0)
    seq = nn.Sequential(nn.Linear(4, 3), nn.ReLU(), nn.Linear(3, 2))
    assert len(seq) == 3 and isinstance(seq[1], nn.ReLU) and seq[-1] is seq[2]
    assert [type(m).__name__ for m in seq] == ["Linear", "ReLU", "Linear"]
    sub = seq[1:]
    assert isinstance(sub, nn.Sequential) and len(sub) == 2
    x = Tensor(np.ones((2, 4), dtype=np.float32))
    np.testing.assert_allclose(seq(x).data, seq[2](seq[1](seq[0](x))).data)
    named = nn.Sequential(OrderedDict([("enc", nn.Linear(2, 2)), ("act", nn.Tanh())]))
    assert [n for n, _ in named.named_parameters()] == ["enc.weight", "enc.bias"]
    named.append(nn.Identity())
    assert len(named) == 3
    with pytest.raises(IndexError):
        seq[5]


def test_module_list_and_dict():
    ml = nn.ModuleList([nn.Linear(1, 1)])
    ml.append(nn.Linear(1, 2))
    ml.extend([nn.ReLU()])
    assert len(ml) == 3 and isinstance(ml[-1], nn.ReLU)
    assert [n for n, _ in ml.named_parameters()] == ["0.weight", "0.bias", "1.weight", "1.bias"]
    ml.insert(0, nn.Linear(3, 3))
    assert [n for n, _ in ml.named_parameters()][0] == "0.weight" and ml[0].in_features == 3
    md = nn.ModuleDict({"x": nn.Linear(1, 1)})
    md["y"] = nn.Linear(1, 1, bias=False)
    assert "y" in md and len(md) == 2 and list(md) == ["x", "y"]
    assert [n for n, _ in md.named_parameters()] == ["x.weight", "x.bias", "y.weight"]

    class Holder(nn.Module):
        def __init__(self):
            super().__init__()
            self.blocks = nn.ModuleList([nn.Linear(1, 1), nn.Linear(1, 1)])

    assert [n for n, _ in Holder().named_parameters()][2] == "blocks.1.weight"


def test_apply_to_and_double():
    net = Net()
    visited = []
    assert net.apply(lambda m: visited.append(type(m).__name__)) is net
    assert visited[-1] == "Net" and visited.count("Linear") == 5
    net.double()
    assert all(p.dtype == np.float64 for p in net.parameters())
    assert net.block.count.dtype == np.float64
    net.float()
    assert all(p.dtype == np.float32 for p in net.parameters())


def test_repr_nested_like_pytorch():
    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU(), nn.Sequential(nn.Dropout(0.2)))
    assert repr(seq) == (
        "Sequential(\n"
        "  (0): Linear(in_features=2, out_features=3, bias=True)\n"
        "  (1): ReLU()\n"
        "  (2): Sequential(\n"
        "    (0): Dropout(p=0.2)\n"
        "  )\n"
        ")"
    )


def test_layers_use_default_dtype():
    autograd.set_default_dtype(np.float64)
    try:
        assert nn.Linear(2, 2).weight.dtype == np.float64
        assert nn.Embedding(3, 2).weight.dtype == np.float64
    finally:
        autograd.set_default_dtype(np.float32)
    assert nn.Linear(2, 2).weight.dtype == np.float32


def test_flatten_unflatten_identity():
    x = Tensor(np.arange(24, dtype=np.float32).reshape(2, 3, 4), requires_grad=True)
    y = nn.Flatten()(x)
    assert y.shape == (2, 12)
    assert nn.Flatten(0, 1)(x).shape == (6, 4)
    assert nn.Unflatten(1, (3, 4))(y).shape == (2, 3, 4)
    assert nn.Identity(5, foo=1)(x) is x


def test_forward_not_implemented():
    with pytest.raises(NotImplementedError):
        nn.Module()(1)
