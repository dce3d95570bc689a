"""Tests of the containers (nn/containers.py) against PyTorch's documented API, and of
deep copies of modules."""

import copy
from collections import OrderedDict

import numpy as np
import pytest

import nn
from autograd import Tensor


def _names(m):
    return [n for n, _ in m.named_parameters()]


def test_sequential_attribute_access_delete_insert_pop():
    seq = nn.Sequential(OrderedDict([("fc1", nn.Linear(2, 3)), ("act", nn.ReLU())]))
    assert seq.fc1 is seq[0] and isinstance(seq.act, nn.ReLU)
    with pytest.raises(AttributeError, match="'Sequential' object has no attribute 'fc9'"):
        _ = seq.fc9
    seq.insert(1, nn.Tanh())
    assert [type(m).__name__ for m in seq] == ["Linear", "Tanh", "ReLU"]
    assert isinstance(seq.pop(1), nn.Tanh) and len(seq) == 2
    seq.extend([nn.Identity(), nn.Identity()])
    del seq[2:]
    assert len(seq) == 2 and list(seq._modules) == ["0", "1"]
    with pytest.raises(TypeError, match="not a Module"):
        seq.append(3)


def test_module_list_api():
    a, b, c = nn.Linear(1, 1), nn.ReLU(), nn.Tanh()
    ml = nn.ModuleList([a, b])
    ml += [c]
    assert list(ml) == [a, b, c] and ml[-1] is c and b in ml and len(ml) == 3
    assert isinstance(ml[1:], nn.ModuleList) and list(ml[1:]) == [b, c]
    both = ml + nn.ModuleList([nn.Identity()])
    assert isinstance(both, nn.ModuleList) and len(both) == 4 and len(ml) == 3
    ml[1] = nn.Sigmoid()
    assert isinstance(ml[1], nn.Sigmoid)
    assert ml.pop(0) is a and _names(ml) == []
    ml.insert(0, a)
    ml.insert(-1, nn.Identity())  # list semantics: before the last entry
    assert [type(m).__name__ for m in ml] == ["Linear", "Sigmoid", "Identity", "Tanh"]
    del ml[::2]
    assert [type(m).__name__ for m in ml] == ["Sigmoid", "Tanh"] and list(ml._modules) == ["0", "1"]
    with pytest.raises(IndexError, match="out of range"):
        ml[2]
    with pytest.raises(TypeError, match="iterable"):
        ml.extend(5)


def test_module_list_repr_folds_repeats_like_pytorch():
    ml = nn.ModuleList([nn.Linear(2, 2) for _ in range(3)] + [nn.ReLU()])
    assert repr(ml) == (
        "ModuleList(\n"
        "  (0-2): 3 x Linear(in_features=2, out_features=2, bias=True)\n"
        "  (3): ReLU()\n"
        ")"
    )
    assert repr(nn.ModuleList()) == "ModuleList()"


def test_module_dict_api():
    md = nn.ModuleDict({"b": nn.Linear(1, 1), "a": nn.Linear(1, 2)})
    assert list(md) == ["b", "a"]  # a mapping keeps its own order (no sorting)
    assert md.a is md["a"] and "a" in md and "z" not in md
    md.update([("c", nn.ReLU())])
    md.head = nn.Linear(2, 1)  # attribute assignment adds an entry, as in PyTorch
    assert list(md.keys()) == ["b", "a", "c", "head"] and len(md) == 4
    assert _names(md) == ["b.weight", "b.bias", "a.weight", "a.bias", "head.weight", "head.bias"]
    assert [k for k, _ in md.items()] == list(md) and len(list(md.values())) == 4
    assert isinstance(md.pop("c"), nn.ReLU) and "c" not in md
    del md["b"]
    assert list(md) == ["a", "head"]
    md.clear()
    assert len(md) == 0 and _names(md) == []
    with pytest.raises(ValueError, match="element #0 has length 3"):
        md.update([("x", nn.ReLU(), 1)])
    with pytest.raises(TypeError, match="not a Module"):
        md["x"] = 3


def test_parameter_list_api():
    pl = nn.ParameterList([nn.Parameter(np.zeros(2)), Tensor(np.ones((2, 3)))])
    assert isinstance(pl[1], nn.Parameter) and pl[1].requires_grad  # Tensors become Parameters
    pl.append(np.full(4, 2.0))
    pl += [nn.Parameter(np.zeros(1))]
    assert len(pl) == 4 and _names(pl) == ["0", "1", "2", "3"]
    assert isinstance(pl[1:3], nn.ParameterList) and len(pl[1:3]) == 2
    p = nn.Parameter(np.ones(5))
    pl[-1] = p
    assert pl[3] is p and list(pl)[3] is p
    with pytest.raises(RuntimeError, match="should not be called"):
        pl(1)
    with pytest.raises(IndexError):
        pl[4]

    class Model(nn.Module):
        def __init__(self):
            super().__init__()
            self.ws = nn.ParameterList([nn.Parameter(np.zeros((2, 2))) for _ in range(2)])

    m = Model()
    assert _names(m) == ["ws.0", "ws.1"]
    assert list(m.state_dict()) == ["ws.0", "ws.1"]
    m.load_state_dict({"ws.0": np.ones((2, 2)), "ws.1": np.full((2, 2), 2.0)})
    np.testing.assert_array_equal(m.ws[1].data, 2.0)
    assert repr(nn.ParameterList([nn.Parameter(np.zeros((2, 3), np.float32))])) == (
        "ParameterList(  (0): Parameter containing: [float32 of size 2x3])"
    )


def test_parameter_dict_api():
    pd = nn.ParameterDict({"b": nn.Parameter(np.zeros(1)), "a": Tensor(np.ones(2))})
    assert list(pd) == ["a", "b"]  # a plain dict is added in sorted order, as in PyTorch
    od = nn.ParameterDict(OrderedDict([("b", np.zeros(1)), ("a", np.zeros(1))]))
    assert list(od) == ["b", "a"]
    assert isinstance(pd["a"], nn.Parameter) and pd.a is pd["a"]
    assert pd.get("zz") is None and "a" in pd and len(pd) == 2
    pd.c = nn.Parameter(np.zeros(3))
    assert list(pd.keys()) == ["a", "b", "c"]
    assert pd.setdefault("d", np.ones(1)) is pd["d"] and list(reversed(pd))[0] == "d"
    merged = pd | nn.ParameterDict(OrderedDict([("e", np.ones(1))]))
    assert list(merged) == ["a", "b", "c", "d", "e"] and merged["a"] is pd["a"]
    k, v = pd.popitem()
    assert k == "d" and isinstance(v, nn.Parameter)
    assert pd.pop("c").shape == (3,) and list(pd) == ["a", "b"]
    assert _names(pd) == ["a", "b"] and list(pd.fromkeys(["x", "y"])) == ["x", "y"]
    cp = pd.copy()
    assert cp["a"] is pd["a"] and cp is not pd
    with pytest.raises(TypeError, match="not a string"):
        pd[1] = np.zeros(1)
    pd.clear()
    assert len(pd) == 0


def test_register_add_get_submodule():
    m = nn.Module()
    m.register_parameter("w", nn.Parameter(np.zeros(2)))
    m.register_parameter("unused", None)
    m.add_module("inner", nn.Sequential(nn.Linear(2, 2)))
    assert _names(m) == ["w", "inner.0.weight", "inner.0.bias"] and m.unused is None
    assert m.get_submodule("inner.0") is m.inner[0]
    assert m.get_parameter("inner.0.bias") is m.inner[0].bias
    with pytest.raises(AttributeError, match="no submodule `nope`"):
        m.get_submodule("inner.nope")
    with pytest.raises(TypeError, match="nn.Parameter or None"):
        m.register_parameter("x", np.zeros(1))


def test_deepcopy_gives_independent_parameters():
    net = nn.Sequential(nn.Linear(3, 2), nn.ReLU(), nn.ModuleList([nn.Linear(2, 2)]))
    clone = copy.deepcopy(net)
    assert _names(clone) == _names(net)
    for p, q in zip(net.parameters(), clone.parameters()):
        assert p is not q and not np.shares_memory(p.data, q.data) and isinstance(q, nn.Parameter)
        np.testing.assert_array_equal(p.data, q.data)
    next(clone.parameters()).data[...] = 7.0
    assert not np.any(next(net.parameters()).data == 7.0)


def test_a_module_set_on_a_container_is_one_of_its_entries():
    # as PyTorch: add_module with an existing name replaces the entry, an attribute joins
    # the chain (forward runs it), del removes it; printed and named as PyTorch's
    import autograd

    seq = nn.Sequential(nn.Linear(2, 3), nn.ReLU())
    tanh = nn.Tanh()
    seq.add_module("1", tanh)
    assert len(seq) == 2 and seq[1] is tanh and "(1): Tanh()" in repr(seq)
    seq.head = nn.Linear(3, 1)
    assert len(seq) == 3 and seq[-1] is seq.head
    assert seq(autograd.randn(4, 2)).shape == (4, 1)
    assert _names(seq) == ["0.weight", "0.bias", "head.weight", "head.bias"]
    del seq.head
    assert len(seq) == 2 and not hasattr(seq, "head")
    seq.note = "kept as an attribute"
    assert len(seq) == 2 and seq.note == "kept as an attribute"
    lst = nn.ModuleList([nn.ReLU()])
    lst.add_module("x", nn.Tanh())
    assert len(lst) == 2 and "(x): Tanh()" in repr(lst)
    with pytest.raises(TypeError, match="cannot assign 'int' as child module 'x'"):
        lst.x = 3


def test_parameters_walks_in_named_parameters_order_each_once():
    # parameters() walks the modules from a stack without making names: the same objects in
    # the same order as named_parameters, shared modules and parameters once
    shared = nn.Linear(2, 2)
    net = nn.Module()
    net.a = nn.Sequential(shared, nn.ReLU(), nn.ModuleList([nn.Linear(2, 3), shared]))
    net.w = nn.Parameter(Tensor(np.ones(2)))
    net.blocks = [nn.Linear(3, 1), {"k": nn.Linear(1, 1), "p": net.w}]
    net.d = nn.ModuleDict({"x": nn.Sequential(nn.Linear(1, 2), shared)})
    net.d.y = None
    net.plist = nn.ParameterList([nn.Parameter(Tensor(np.zeros(3))), net.w])
    net.again = net.a
    net.tf = nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0)
    net.lazy = nn.LazyLinear(4)
    for m in [net, net.a, net.tf, shared, nn.ReLU()]:
        named = [p for _, p in m.named_parameters()]
        got = list(m.parameters())
        assert len(got) == len(named) and all(p is q for p, q in zip(got, named))
    own = list(net.parameters(recurse=False))
    named_own = [p for _, p in net.named_parameters(recurse=False)]
    assert len(own) == len(named_own) == 1 and own[0] is named_own[0] is net.w
    net.zero_grad()
    assert all(p.grad is None for p in net.parameters())


def test_submodule_names_follow_pytorchs_rules():
    # PyTorch's KeyErrors (recorded from 2.13): a name may not hide an attribute, hold a
    # dot or be empty; a parameter takes a child's place; train()/eval() keep working
    seq = nn.Sequential(nn.ReLU())
    for name, words in [
        ("training", "attribute 'training' already exists"),
        ("forward", "attribute 'forward' already exists"),
        ("a.b", 'module name can\'t contain ".", got: a.b'),
        ("", 'module name can\'t be empty string ""'),
    ]:
        with pytest.raises(KeyError) as err:
            seq.add_module(name, nn.ReLU())
        assert err.value.args[0] == words
    with pytest.raises(TypeError, match="module name should be a string. Got int"):
        seq.add_module(3, nn.ReLU())
    seq.note = 3
    with pytest.raises(KeyError, match="attribute 'note' already exists"):
        seq.add_module("note", nn.ReLU())
    with pytest.raises(KeyError, match="attribute 'training' already exists"):
        nn.ModuleDict({"training": nn.ReLU()})
    assert seq.eval().training is False
    seq.head = nn.Linear(1, 1)
    seq.head = nn.Parameter(Tensor(np.ones(1)))
    assert [n for n, _ in seq.named_parameters()] == ["head"] and len(seq) == 1
