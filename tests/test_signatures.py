"""Every graphgrad name with a PyTorch counterpart takes PyTorch's parameters.

tools/pytorch_signatures.json holds PyTorch's parameter lists (recorded by
`/work/torchenv/bin/python -m tools.pytorch_signatures record`). For each name graphgrad
has (tools/pytorch_names.py's lookup), in each of PyTorch's overloads: every parameter
PyTorch takes by keyword is a keyword graphgrad takes; PyTorch's positional parameters fit
graphgrad's positional slots in the same order (a slot carries PyTorch's name, or numpy's
spelling of it (ALIASES), or the name another overload gives that position when graphgrad
tells the two apart by type, as `max(input, dim)` and `max(input, other)`); and a parameter
PyTorch lets a caller leave out has a default. The exceptions are listed below, each with
its reason. The tests after the table check what the mapped keywords do, against PyTorch's
answers recorded by tools/make_signature_fixtures.py.
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import re
import typing
from pathlib import Path

import numpy as np
import pytest

import autograd
import nn
import nn.data
import nn.functional as F
import optim
from autograd import Tensor

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("pytorch_names", ROOT / "tools" / "pytorch_names.py")
pytorch_names = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(pytorch_names)

_RECORDED = json.loads((ROOT / "tools" / "pytorch_signatures.json").read_text())
SIGS = {**_RECORDED["signatures"], **_RECORDED["methods"], **_RECORDED["forwards"]}
# the classes whose methods are recorded too, and graphgrad's
METHOD_OWNERS = {
    "torch.nn.Module": nn.Module,
    "torch.optim.Optimizer": optim.Optimizer,
    "torch.optim.lr_scheduler.LRScheduler": optim.lr_scheduler.LRScheduler,
    "torch.utils.data.DataLoader": nn.data.DataLoader,
}

_VAR = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)

# graphgrad's own name of a positional slot -> PyTorch's names of it (numpy's spellings, which
# graphgrad's methods take by position and keyword beside PyTorch's keyword names, and the
# name PyTorch's documentation gives a slot its overloads name apart)
ALIASES = {
    "axis": {"dim"},
    "keepdims": {"keepdim"},
    "start_axis": {"start_dim"},
    "end_axis": {"end_dim"},
    "indices_or_sections": {"indices", "sections", "tensor_indices_or_sections"},
}

# (PyTorch name, parameter) -> why graphgrad does not take it as PyTorch does. A parameter
# of "*" excuses the whole name.
EXCEPTIONS: dict[tuple[str, str], str] = {
    ("torch.Tensor.uniform_", "from"): "a Python keyword: its slot is from_; **{'from': a} works",
    ("torch.Tensor.random_", "from"): "a Python keyword: its slot is from_; **{'from': a} works",
    ("torch.Tensor.random_", "to"): "random_(to) is told from random_(from, to) by count",
    ("torch.pow", "self"): "the keyword of PyTorch's overload for a number base: by position",
    ("torch.remainder", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.where", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.bitwise_and", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.bitwise_or", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.bitwise_xor", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.bucketize", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.searchsorted", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.subtract", "alpha"): "by position only in PyTorch's overload for a number other",
    ("torch.Tensor.subtract", "alpha"): "by position only in PyTorch's overload for a number other",
    ("torch.xlogy", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.special.xlogy", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.special.xlog1py", "self"): "the keyword of PyTorch's overload for a number: "
    "by position",
    ("torch.special.zeta", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.float_power", "self"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.bitwise_left_shift", "self"): "the keyword of PyTorch's overload for a number: "
    "by position",
    ("torch.bitwise_right_shift", "self"): "the keyword of PyTorch's overload for a number: "
    "by position",
    ("torch.isin", "element"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.isin", "test_element"): "the keyword of PyTorch's overload for a number: by position",
    ("torch.Tensor.frexp", "input"): "a keyword-only `input` of the method's recorded overload "
    "(PyTorch's own docstring artefact); x.frexp() takes no argument",
    ("torch.result_type", "*"): "graphgrad's takes any number of tensors and numbers",
    ("torch.nn.Container", "args"): "PyTorch's deprecation wrapper's (*args); its __init__ "
    "takes the submodules by keyword only, as graphgrad's",
    ("torch.nn.Sequential", "arg"): "the OrderedDict of PyTorch's second overload: by position",
}


def _graphgrad_objects():
    for section, rows in pytorch_names.rows().items():
        owner, prefix = pytorch_names._ours(section)
        for theirs, ours, _ in rows:
            key = theirs
            if ours is None or key not in SIGS:
                continue
            yield key, getattr(owner, ours.rpartition(".")[2])
    for key in _RECORDED["methods"]:
        owner, _, name = key.rpartition(".")
        ours = getattr(METHOD_OWNERS[owner], name, None)
        if ours is not None:
            yield key, ours
    for key in _RECORDED["forwards"]:  # layer(input=x): forward takes PyTorch's names
        cls = getattr(nn, key.split(".")[2], None)
        if isinstance(cls, type) and cls.forward is not nn.Module.forward:
            yield key, cls.forward


def _signature(obj) -> list[inspect.Parameter] | None:
    if isinstance(obj, property):  # Tensor.size: a count that is also PyTorch's size(dim)
        obj = typing.get_type_hints(obj.fget)["return"].__call__
    target = obj.__init__ if isinstance(obj, type) else obj
    try:
        sig = inspect.signature(target)
    except (TypeError, ValueError):
        return None
    params = list(sig.parameters.values())
    if isinstance(obj, type) or (params and params[0].name == "self"):
        params = [p for p in params if p.name != "self"]
    if isinstance(obj, type) and not params and obj.__new__ is not object.__new__:
        # no_grad, enable_grad: a bare decorator's function arrives in __new__
        params = [p for p in inspect.signature(obj.__new__).parameters.values()]
        params = [p for p in params if p.name != "cls"]
    return params


def problems(key: str, obj, exceptions=EXCEPTIONS) -> list[str]:
    """What keeps a PyTorch call of `key` from working on graphgrad's `obj`."""
    ours = _signature(obj)
    if ours is None:
        return ["graphgrad's signature cannot be read"]
    by_name = {p.name: p for p in ours if p.kind is not p.POSITIONAL_ONLY and p.kind not in _VAR}
    any_kw = any(p.kind is p.VAR_KEYWORD for p in ours)
    positional = [p for p in ours if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    star = next((i for i, p in enumerate(ours) if p.kind is p.VAR_POSITIONAL), None)
    at_position: dict[int, set] = {}  # PyTorch's names at each position, over the overloads
    for overload in SIGS[key]:
        pos = [n for n, k, _ in overload if k in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")]
        for i, n in enumerate(pos):
            at_position.setdefault(i, set()).add(n)
    out = []
    for overload in SIGS[key]:
        names = {n for n, _, _ in overload}
        pos_i = 0
        for name, kind, has_default in overload:
            if (key, name) in exceptions:
                pos_i += kind in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD")
                continue
            if kind in ("POSITIONAL_OR_KEYWORD", "KEYWORD_ONLY") and name not in by_name:
                if not any_kw:
                    out.append(f"no keyword {name!r}")
            if kind in ("POSITIONAL_ONLY", "POSITIONAL_OR_KEYWORD", "VAR_POSITIONAL"):
                if star is not None and pos_i >= star:
                    pass  # graphgrad's *args takes it
                elif pos_i >= len(positional):
                    out.append(f"{name!r} cannot be passed by position ({pos_i})")
                else:
                    slot = positional[pos_i]
                    same = (
                        kind == "POSITIONAL_ONLY"
                        or slot.name == name
                        or (name in ALIASES.get(slot.name, ()) and slot.name not in names)
                        # one slot for two overloads, told apart by type, as PyTorch's
                        # max(input, dim) and max(input, other)
                        or (slot.name in at_position.get(pos_i, ()) and (name in by_name or any_kw))
                    )
                    if not same and kind != "VAR_POSITIONAL":
                        out.append(f"position {pos_i} is {slot.name!r}, PyTorch's is {name!r}")
                    if has_default and slot.default is inspect.Parameter.empty:
                        out.append(
                            f"{slot.name!r} needs a value (PyTorch's {name!r} has a default)"
                        )
                pos_i += 1
            elif has_default and name in by_name:
                p = by_name[name]
                if p.default is inspect.Parameter.empty:
                    out.append(f"{name!r} needs a value (PyTorch's has a default)")
    return sorted(set(out))


ALL = dict(_graphgrad_objects())


@pytest.mark.parametrize("key", sorted(ALL))
def test_pytorch_parameters_are_taken(key):
    if (key, "*") in EXCEPTIONS:
        pytest.skip(EXCEPTIONS[key, "*"])
    assert problems(key, ALL[key]) == []


@pytest.mark.parametrize("key, param", sorted(EXCEPTIONS))
def test_every_exception_is_still_needed(key, param):
    assert key in ALL, f"{key}: not a name graphgrad shares with PyTorch"
    if param != "*":
        others = {k: v for k, v in EXCEPTIONS.items() if k != (key, param)}
        assert problems(key, ALL[key], others), f"{key}: {param!r} no longer needs excusing"


# ------------------------------------------------------ behaviour of the mapped keywords
FIX = np.load(ROOT / "tests" / "data" / "signatures.npz")  # tools/make_signature_fixtures.py


def _fix(prefix: str) -> dict:
    return {k[len(prefix) + 1 :]: FIX[k] for k in FIX.files if k.startswith(prefix + "/")}


@pytest.mark.parametrize("key", sorted(json.loads(str(FIX["legacy"]))))
def test_size_average_and_reduce_map_as_pytorchs_legacy_rule(key):
    reduction, message = json.loads(str(FIX["legacy"]))[key]
    name, sa, rd = key.split("|")
    flags = {"None": None, "True": True, "False": False}
    with pytest.warns(UserWarning, match=re.escape(message)):
        m = getattr(nn, name)(size_average=flags[sa], reduce=flags[rd])
    assert m.reduction == reduction


def test_losses_take_size_average_and_reduce_by_pytorchs_positions():
    x = Tensor(np.array([[0.5, 1.0, -1.0], [2.0, 0.0, 1.0]]))
    t = Tensor(np.array([2, 0]))
    with pytest.warns(UserWarning, match="reduction='sum'"):
        m = nn.CrossEntropyLoss(None, False, 1)  # weight, size_average, ignore_index
    assert (m.reduction, m.ignore_index) == ("sum", 1)
    with pytest.warns(UserWarning, match="reduction='none'"):
        m = nn.NLLLoss(None, None, -100, False)  # ..., ignore_index, reduce
    assert m.reduction == "none"
    with pytest.warns(UserWarning, match="reduction='sum'"):
        out = F.cross_entropy(x, t, None, False)
    np.testing.assert_allclose(out.item(), F.cross_entropy(x, t, reduction="sum").item())
    with pytest.warns(UserWarning, match="reduction='none'"):
        out = F.mse_loss(x, x * 2, None, False)
    assert out.shape == x.shape
    assert nn.MSELoss(None, None, "sum").reduction == "sum"
    assert nn.KLDivLoss(None, None, "batchmean", True).log_target


@pytest.mark.parametrize(
    "call",
    [
        lambda x: F.mse_loss(x, x, "sum"),
        lambda x: nn.MSELoss("sum"),
        lambda x: F.kl_div(x, x, "batchmean"),
        lambda x: nn.L1Loss(True, "none"),
    ],
)
def test_a_reduction_in_the_place_of_size_average_is_refused(call):
    # PyTorch would read the string as size_average=True ("mean"); graphgrad says why
    with pytest.raises(TypeError, match="size_average and reduce come before reduction"):
        call(Tensor(np.ones(3)))


@pytest.mark.parametrize(
    "key", sorted({k.rsplit("/", 1)[0] for k in FIX.files if k.startswith("weight/")})
)
def test_elementwise_weight_of_regression_losses(key):
    _, fn, reduction = key.split("/")
    f = _fix(key)
    x, w = Tensor(f["x"], requires_grad=True), Tensor(f["w"], requires_grad=True)
    out = getattr(F, fn)(x, Tensor(f["y"]), reduction=reduction, weight=w)
    np.testing.assert_allclose(out.numpy(), f["out"], rtol=1e-12, atol=1e-14)
    (out * Tensor(f["g"])).sum().backward()
    np.testing.assert_allclose(x.grad.numpy(), f["gx"], rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(w.grad.numpy(), f["gw"], rtol=1e-12, atol=1e-14)
    y = Tensor(f["y"])
    # away from |d| = delta and d = 0, where huber and l1 are not differentiable
    fn_ = getattr(F, fn)
    assert autograd.gradcheck(lambda a, b: fn_(a, y, reduction=reduction, weight=b), (x, w))
    assert autograd.gradgradcheck(lambda a, b: fn_(a, y, reduction=reduction, weight=b), (x, w))


def test_weight_of_another_shape_is_refused_as_pytorch():
    x = Tensor(np.ones((2, 3)))
    with pytest.raises(ValueError, match="Weights and input must have the same size."):
        F.mse_loss(x, x, weight=Tensor(np.ones(3)))


@pytest.mark.parametrize(
    "case", sorted({k.split("/")[1] for k in FIX.files if k.startswith("embed/")})
)
def test_embedding_max_norm_renormalises_as_pytorch(case):
    f = _fix(f"embed/{case}")
    max_norm, norm_type, pad = json.loads(str(f["config"]))
    norm_type = float(norm_type)
    w = nn.Parameter(f["w"].copy())
    out = F.embedding(Tensor(f["idx"]), w, pad, max_norm, norm_type)
    tol = dict(rtol=1e-6, atol=1e-7) if f["w"].dtype == np.float32 else dict(rtol=1e-13)
    np.testing.assert_allclose(w.numpy(), f["w_after"], **tol)
    np.testing.assert_allclose(out.numpy(), f["out"], **tol)
    (out * Tensor(f["g"])).sum().backward()
    np.testing.assert_allclose(w.grad.numpy(), f["gw"], **tol)
    layer = nn.Embedding(*f["w"].shape, pad, max_norm, norm_type, _weight=Tensor(f["w"].copy()))
    np.testing.assert_allclose(layer(Tensor(f["idx"])).numpy(), f["out"], **tol)


def test_embedding_refuses_what_it_does_not_do():
    with pytest.raises(NotImplementedError, match="sparse=True"):
        nn.Embedding(3, 2, sparse=True)
    with pytest.raises(NotImplementedError, match="sparse=True"):
        F.embedding(Tensor(np.array([0])), Tensor(np.ones((3, 2))), sparse=True)
    with pytest.raises(AssertionError, match="Shape of weight does not match"):
        nn.Embedding(3, 2, _weight=Tensor(np.ones((2, 2))))
    frozen = nn.Embedding(3, 2, _freeze=True)
    assert not frozen.weight.requires_grad
    e = nn.Embedding(3, 2, None, 1.0, 1.0, False, False, None, False, "cpu", np.float64)
    assert e.weight.dtype == np.float64  # device and dtype at PyTorch's positions
    assert repr(e) == "Embedding(3, 2, max_norm=1.0, norm_type=1.0)"


@pytest.mark.parametrize("name", ["BatchNorm1d", "InstanceNorm2d", "GroupNorm"])
def test_norm_layers_without_bias(name):
    f = _fix(f"norm/{name}")
    text, keys = json.loads(str(FIX["norm_meta"]))[name]
    m = {
        "BatchNorm1d": lambda: nn.BatchNorm1d(3, bias=False),
        "InstanceNorm2d": lambda: nn.InstanceNorm2d(3, affine=True, bias=False),
        "GroupNorm": lambda: nn.GroupNorm(2, 4, bias=False),
    }[name]()
    m.double()
    m.weight.numpy()[...] = f["weight"]
    assert m.bias is None
    assert list(m.state_dict()) == keys
    assert repr(m) == text
    np.testing.assert_allclose(m(Tensor(f["x"])).numpy(), f["out"], rtol=1e-12, atol=1e-14)


def test_softmax_dtype():
    x = Tensor(FIX["softmax/x"])
    out = F.softmax(x, dim=1, dtype=np.float64)
    assert out.dtype == np.float64
    np.testing.assert_allclose(out.numpy(), FIX["softmax/out"], rtol=1e-14)
    out = F.log_softmax(x, 0, 3, np.float64)  # input, dim, _stacklevel, dtype
    np.testing.assert_allclose(out.numpy(), FIX["softmax/log_out"], rtol=1e-14)
    np.testing.assert_allclose(
        autograd.log_softmax(x, 0, np.float64).numpy(), FIX["softmax/log_out"], rtol=1e-14
    )


def test_backward_into_chosen_inputs():
    a = Tensor(np.array([1.5, -2.0]), requires_grad=True)
    b = Tensor(np.array([0.5, 3.0]), requires_grad=True)
    y = a * b
    ((y * y).sum() + b.sum()).backward(inputs=[y, b])
    for name, t in (("a", a), ("b", b), ("y", y)):
        want = FIX[f"backward_inputs/{name}"]
        if np.isnan(want).all():
            assert t.grad is None
        else:
            np.testing.assert_allclose(t.grad.numpy(), want, rtol=1e-15)
    c = Tensor(np.array(2.0), requires_grad=True)
    autograd.autograd.backward([c * c], inputs=c)
    assert c.grad.item() == 4.0
    with pytest.raises(RuntimeError, match="cannot be empty"):
        (c * c).backward(inputs=[])
    with pytest.warns(FutureWarning, match="grad_variables"):
        autograd.autograd.backward(c * 3, grad_variables=Tensor(np.array(1.0)))
    assert c.grad.item() == 7.0


def test_grad_flags():
    a = Tensor(np.array([1.0, 2.0]), requires_grad=True)
    b = Tensor(np.array([3.0]), requires_grad=True)
    ga, gb = autograd.grad((a * a).sum(), [a, b], materialize_grads=True)
    assert gb.numpy().tolist() == [0.0] and ga.numpy().tolist() == [2.0, 4.0]
    with pytest.raises(ValueError, match="allow_unused to be True or not passed"):
        autograd.grad((a * a).sum(), [a, b], allow_unused=False, materialize_grads=True)
    with pytest.warns(FutureWarning, match="only_inputs argument is deprecated"):
        autograd.grad((a * a).sum(), a, only_inputs=False)
    with pytest.raises(NotImplementedError, match="is_grads_batched"):
        autograd.grad((a * a).sum(), a, is_grads_batched=True)
    # PyTorch's positions: ..., create_graph, only_inputs, allow_unused
    assert autograd.grad((a * a).sum(), [a, b], None, None, False, True, True)[1] is None


def test_gradcheck_takes_pytorchs_keywords():
    x = Tensor(np.array([0.3, 0.7]), requires_grad=True)
    assert autograd.gradcheck(func=lambda t: t * t, inputs=(x,), nondet_tol=0.0, fast_mode=True)
    assert autograd.gradcheck(fn=lambda t: t * t, inputs=x, check_undefined_grad=False)
    assert autograd.gradgradcheck(func=lambda t: t**3, inputs=(x,), check_grad_dtypes=True)
    with pytest.raises(NotImplementedError, match="check_forward_ad=True"):
        autograd.gradcheck(lambda t: t, (x,), check_forward_ad=True)
    with pytest.raises(NotImplementedError, match="check_rev_over_rev=False"):
        autograd.gradgradcheck(lambda t: t, (x,), check_rev_over_rev=False)
    with pytest.raises(TypeError, match="got the function twice"):
        autograd.gradcheck(lambda t: t, (x,), fn=lambda t: t)
    with pytest.raises(TypeError, match="missing required argument: 'inputs'"):
        autograd.gradcheck(lambda t: t)


@pytest.mark.parametrize(
    "call",
    [
        lambda: autograd.zeros(2, layout=autograd.strided),
        lambda: autograd.empty(2, memory_format=autograd.contiguous_format, pin_memory=False),
        lambda: autograd.ones_like(autograd.ones(2), memory_format=autograd.preserve_format),
        lambda: autograd.tensor([1.0], pin_memory=False),
        lambda: autograd.ones(2).float(memory_format=autograd.preserve_format),
        lambda: autograd.ones(2).clone(memory_format=autograd.contiguous_format),
        lambda: autograd.ones(2).contiguous(autograd.contiguous_format),
        lambda: autograd.ones(2).to(memory_format=autograd.preserve_format, non_blocking=True),
        lambda: autograd.ones(2).new_zeros(size=(3,), layout=autograd.strided),
        lambda: autograd.ones(2).copy_(autograd.zeros(2), non_blocking=True),
        lambda: autograd.rand_like(autograd.ones(2), memory_format=autograd.preserve_format),
    ],
)
def test_storage_options_at_their_cpu_values_are_accepted(call):
    assert isinstance(call(), Tensor)


@pytest.mark.parametrize(
    "call, error, match",
    [
        (lambda: autograd.zeros(2, layout=autograd.sparse_coo), RuntimeError, "layout="),
        (lambda: autograd.arange(3, pin_memory=True), RuntimeError, "pin_memory=True"),
        (
            lambda: autograd.empty(2, memory_format=autograd.channels_last),
            RuntimeError,
            "row-major",
        ),
        (lambda: autograd.ones(2).float(memory_format="x"), TypeError, "memory_format must be"),
        (
            lambda: autograd.ones(2).to(memory_format=autograd.channels_last),
            RuntimeError,
            "row-major",
        ),
        (lambda: autograd.randn(2, layout=autograd.sparse_csr), RuntimeError, "dense"),
        (lambda: autograd.ones(2).new_ones(2, pin_memory=True), RuntimeError, "accelerator"),
    ],
)
def test_storage_options_graphgrad_lacks_are_refused(call, error, match):
    with pytest.raises(error, match=match):
        call()


def test_optimizer_implementation_flags():
    p = [nn.Parameter(np.ones(2))]
    for flags in ({"foreach": True}, {"foreach": False, "fused": None}, {"fused": True}):
        optim.Adam(p, lr=0.1, **flags)
        optim.AdamW(p, **flags)
        optim.SGD(p, lr=0.1, **flags)
        optim.Adagrad(p, **flags)
    optim.RMSprop(p, 0.01, 0.99, 1e-8, 0, 0, False, False, None, False, False)
    optim.Adadelta(p, foreach=True, capturable=False, differentiable=False)
    with pytest.raises(RuntimeError, match="cannot be `True` together"):
        optim.SGD(p, lr=0.1, foreach=True, fused=True)
    with pytest.raises(NotImplementedError, match="capturable=True"):
        optim.Adam(p, capturable=True)
    with pytest.raises(NotImplementedError, match="differentiable=True"):
        optim.RMSprop(p, differentiable=True)
    with pytest.raises(TypeError, match="foreach must be None or a bool"):
        optim.SGD(p, lr=0.1, foreach="yes")


def test_pytorch_keywords_give_graphgrad_results():
    x = Tensor(np.array([[1.0, -2.0], [3.0, 0.5]]))
    v = Tensor(np.array([1.0, 2.0]))
    assert F.relu(input=x).numpy().tolist() == [[1.0, 0.0], [3.0, 0.5]]
    assert F.linear(input=x, weight=x).shape == (2, 2)
    assert F.one_hot(input=Tensor(np.array([1, 0])), num_classes=2).numpy().tolist() == [
        [0, 1],
        [1, 0],
    ]
    w = nn.Parameter(np.empty((2, 2)))
    assert nn.init.zeros_(tensor=w) is w and w.numpy().sum() == 0
    assert autograd.outer(v, vec2=v).shape == (2, 2)
    assert autograd.dot(v, tensor=v).item() == 5.0 and v.dot(tensor=v).item() == 5.0
    assert autograd.swapaxes(x, axis0=0, axis1=1).numpy().tolist() == x.numpy().T.tolist()
    assert autograd.max(x, other=-x).numpy().tolist() == np.abs(x.numpy()).tolist()
    assert x.min(other=-x).numpy().tolist() == (-np.abs(x.numpy())).tolist()
    assert x.view(size=(4,)).shape == (4,) and x.flip(dims=(0,))[0, 0].item() == 3.0
    assert x.broadcast_to(size=(3, 2, 2)).shape == (3, 2, 2)
    assert [t.shape for t in x.split(split_size=1)] == [(1, 2), (1, 2)]
    assert x.norm(2, None, False, np.float32).dtype == np.float32
    assert autograd.rand(size=(2, 3)).shape == (2, 3)
    with pytest.raises(TypeError, match="both by position and as size="):
        autograd.randn(2, size=(2,))
    for call in (
        lambda: autograd.mm(x, x, out_dtype=np.float64),
        lambda: autograd.addmm(x, x, x, np.float64),
        lambda: autograd.baddbmm(x[None], x[None], x[None], out_dtype=np.float64),
    ):
        with pytest.raises(NotImplementedError, match="out_dtype"):
            call()
    assert autograd.tril_indices(3, 3, layout=autograd.strided).shape == (2, 6)
    with pytest.raises(RuntimeError, match="layout="):
        autograd.triu_indices(3, 3, layout=autograd.sparse_coo)
    with pytest.raises(NotImplementedError, match="sparse_grad=True"):
        autograd.gather(x, 0, Tensor(np.zeros((1, 2), np.int64)), sparse_grad=True)
    cell = nn.LSTMCell(2, 3, True, "cpu", np.float64)  # device, dtype at PyTorch's positions
    assert cell.weight_ih.dtype == np.float64
    gru = nn.GRU(2, 3, 1, True, False, 0.0, False, "cpu", np.float64)
    lstm = nn.LSTM(2, 3, 1, True, False, 0.0, False, 0, "cpu", np.float64)
    rnn = nn.RNN(2, 3, 1, "relu", True, False, 0.0, False, "cpu", np.float64)
    assert {m.weight_ih_l0.dtype for m in (gru, lstm, rnn)} == {np.dtype(np.float64)}
    y = Tensor(np.arange(6.0).reshape(2, 3))
    assert y.reshape(shape=(3, 2)).shape == (3, 2) and y.permute(dims=(1, 0)).shape == (3, 2)
    assert y.expand(size=(2, 2, 3)).shape == (2, 2, 3) and y.repeat(repeats=(2, 1)).shape == (4, 3)
    assert autograd.zeros(size=(2,)).shape == (2,) and autograd.ones(size=3).shape == (3,)
    assert autograd.empty(size=[1, 2]).shape == (1, 2) and y.new_ones(size=(2,)).shape == (2,)
    with pytest.raises(TypeError, match="both by position and by keyword"):
        y.permute(1, 0, dims=(1, 0))


@pytest.mark.parametrize(
    "fn, args",
    [
        ("sum", (1,)), ("mean", (0,)), ("prod", (1,)), ("amax", (0,)), ("amin", (1,)),
        ("all", ()), ("any", (1,)), ("logsumexp", (1,)), ("norm", ()), ("std", (0,)),
        ("var", (1,)), ("argsort", (1,)), ("tril", ()), ("triu", (1,)), ("nonzero", ()),
    ],
)  # fmt: skip
def test_out_takes_the_result(fn, args):
    x = Tensor(np.array([[1.0, -2.0, 0.0], [3.0, 0.5, 4.0]]))
    want = getattr(autograd, fn)(x, *args)
    out = autograd.empty(0, dtype=want.dtype)
    got = getattr(autograd, fn)(x, *args, out=out)
    assert got is out and np.array_equal(out.numpy(), want.numpy())


@pytest.mark.parametrize("fn, args", [("sort", (1,)), ("topk", (2,)), ("max", (1,)), ("min", (0,))])
def test_out_takes_named_tuples(fn, args):
    x = Tensor(np.array([[1.0, -2.0, 0.0], [3.0, 0.5, 4.0]]))
    want = getattr(autograd, fn)(x, *args)
    outs = (autograd.empty(0), autograd.empty(0, dtype=np.int64))
    got = getattr(autograd, fn)(x, *args, out=outs)
    assert type(got) is type(want) and got[0] is outs[0] and got[1] is outs[1]
    assert np.array_equal(outs[0].numpy(), want.values.numpy())
    assert np.array_equal(outs[1].numpy(), want.indices.numpy())
    with pytest.raises(TypeError, match="a tuple of 2 Tensors"):
        getattr(autograd, fn)(x, *args, out=autograd.empty(0))


def test_random_functions_fill_out():
    out = autograd.empty(4, dtype=np.float64)
    autograd.manual_seed(3)
    got = autograd.rand(4, out=out)
    autograd.manual_seed(3)
    assert got is out and np.array_equal(out.numpy(), autograd.rand(4, dtype=np.float64).numpy())
    for call in (
        lambda o: autograd.randn(2, out=o),
        lambda o: autograd.normal(0.0, 1.0, (2,), out=o),
        lambda o: autograd.bernoulli(autograd.full((2,), 0.5), out=o),
    ):
        o = autograd.empty(2)
        assert call(o) is o
    o = autograd.empty(3, dtype=np.int64)
    assert autograd.randperm(3, out=o) is o and sorted(o.numpy().tolist()) == [0, 1, 2]
    o = autograd.empty(2, dtype=np.int64)
    assert autograd.multinomial(autograd.ones(3), 2, out=o) is o


def test_small_keywords():
    p = nn.Parameter(np.array([3.0, 4.0]))
    p.grad = Tensor(np.array([3.0, 4.0]))
    total = nn.utils.clip_grad_norm_([p], 1.0, 2.0, False, None)  # ..., foreach
    assert total.item() == 5.0
    nn.utils.clip_grad_value_([p], 0.1, foreach=True)
    assert p.grad.numpy().max() <= 0.1
    bad = [Tensor(np.array([np.inf, 1.0]))]
    assert np.isinf(nn.utils.get_total_norm(bad, 2.0, False, False).item())
    with pytest.raises(RuntimeError, match="error_if_nonfinite=False"):
        nn.utils.get_total_norm(bad, error_if_nonfinite=True)
    with pytest.warns(FutureWarning, match="`min_value` is deprecated and renamed to `min_val`"):
        assert nn.Hardtanh(min_value=-2.0).min_val == -2.0
    with pytest.warns(FutureWarning, match="`max_value` is deprecated"):
        assert nn.Hardtanh(-1.0, 1.0, False, None, 3.0).max_val == 3.0
    model = nn.Linear(2, 2)
    assert autograd.compile(model, name="m", recompile_limit=8, isolate_recompiles=True) is model
    autograd.set_default_device(device="cpu")
    t = Tensor(np.zeros(2))
    assert t.to(tensor=Tensor(np.zeros(1, np.float32))).dtype == np.float32
    assert t.to(dtype=np.float32, non_blocking=True, copy=True).dtype == np.float32
    assert t.numpy(force=True) is t.numpy()
    assert t.requires_grad_(requires_grad=True).requires_grad
    with pytest.raises(TypeError, match="out= must be a Tensor"):
        autograd.rand(2, out=np.zeros(2))


class _Net(nn.Module):
    def __init__(self, shared: bool):
        super().__init__()
        self.register_buffer("mask", Tensor(np.ones(2)), persistent=False)
        self.register_buffer("count", Tensor(np.zeros(1)))
        self.a = nn.Linear(2, 2)
        if shared:
            self.b = self.a
        self.c = nn.Sequential(nn.Linear(2, 1), self.a if shared else nn.Linear(1, 2))


def test_module_methods_take_pytorchs_keywords():
    want = json.loads(str(FIX["module_names"]))
    plain, net = _Net(False), _Net(True)
    assert list(plain.state_dict()) == want["state_dict"]  # the non-persistent mask left out
    assert list(plain.state_dict(prefix="model.")) == want["state_dict_prefix"]
    assert [n for n, _ in net.named_modules()] == want["named_modules"]
    assert [n for n, _ in net.named_modules(remove_duplicate=False)] == want["named_modules_all"]
    assert [n for n, _ in net.named_parameters()] == want["named_parameters"]
    got = [n for n, _ in net.named_parameters(remove_duplicate=False)]
    assert got == want["named_parameters_all"]
    assert [n for n, _ in net.named_buffers()] == want["named_buffers"]
    assert len(list(net.modules(remove_duplicate=False))) == len(want["named_modules_all"])
    kept = plain.state_dict(keep_vars=True)
    assert kept["a.weight"] is plain.a.weight
    dest = {}
    assert plain.state_dict(destination=dest) is dest and list(dest) == want["state_dict"]
    with pytest.warns(FutureWarning, match="Positional args are being deprecated"):
        assert list(plain.state_dict(None, "p.")) == ["p." + k for k in want["state_dict"]]
    plain.load_state_dict(state_dict=plain.state_dict(), strict=True)
    plain.load_state_dict(state=plain.state_dict())  # graphgrad's earlier keyword
    with pytest.raises(NotImplementedError, match="assign=True"):
        plain.load_state_dict(plain.state_dict(), assign=True)
    assert plain.to(np.float64).mask.dtype == np.float64  # a non-persistent buffer moves too
    plain.requires_grad_(requires_grad=False)
    assert not any(p.requires_grad for p in plain.parameters())


def test_layers_take_their_input_by_pytorchs_keyword():
    x = Tensor(np.random.default_rng(0).normal(size=(2, 3, 4, 4)))
    for layer in (nn.Conv2d(3, 2, 3), nn.ReLU(), nn.BatchNorm2d(3), nn.MaxPool2d(2)):
        np.testing.assert_array_equal(layer(input=x).numpy(), layer(x).numpy())
    flat = Tensor(np.ones((2, 3)))
    model = nn.Sequential(nn.Linear(3, 2), nn.Tanh())
    np.testing.assert_array_equal(model(input=flat).numpy(), model(flat).numpy())
    assert nn.MSELoss()(input=flat, target=flat).item() == 0.0
    with pytest.raises(TypeError):
        nn.Linear(3, 2)(x=flat)  # PyTorch's name only, as PyTorch


def test_pytorch_keywords_of_the_renamed_parameters():
    """Calls PyTorch programs write with keywords, and PyTorch's older positional forms
    (values recorded from PyTorch 2.13)."""
    a = autograd.tensor(np.diag([10.0, 1.0, 0.1, 0.01]))
    spd = autograd.tensor([[4.0, 1.0], [1.0, 3.0]], dtype=autograd.float64)
    L = autograd.linalg.cholesky(input=spd)
    np.testing.assert_allclose((L @ L.mT).numpy(), spd.numpy())
    assert autograd.linalg.eigvalsh(input=spd, UPLO="U").shape == (2,)
    assert autograd.linalg.matrix_power(input=spd, n=2).shape == (2, 2)
    assert float(autograd.linalg.vector_norm(input=spd, ord=1)) == 9.0
    assert float(autograd.linalg.matrix_norm(spd, "fro", (-2, -1), True)[0, 0]) > 0
    # PyTorch: matrix_rank(a, 0.5) == 2, matrix_rank(a, 0.05) == 3 (tol is atol, rtol 0)
    assert int(autograd.linalg.matrix_rank(a, 0.5)) == 2
    assert int(autograd.linalg.matrix_rank(a, tol=0.05, hermitian=True)) == 3
    # PyTorch: pinv(a, 0.05).diag() == [0.1, 1, 0, 0] (rcond is rtol, atol 0)
    np.testing.assert_allclose(autograd.linalg.pinv(a, 0.05).numpy().diagonal(), [0.1, 1, 0, 0])
    with pytest.raises(TypeError, match="write rtol="):
        autograd.linalg.pinv(a, rcond=0.05, rtol=0.1)
    with pytest.raises(TypeError, match="write atol="):
        autograd.linalg.matrix_rank(a, tol=0.5, atol=0.1)
    x = autograd.tensor([0.5, 1.5], dtype=autograd.float64)
    sp = autograd.special
    assert np.allclose(sp.chebyshev_polynomial_t(x=x, n=2).numpy(), 2 * x.numpy() ** 2 - 1)
    assert np.allclose(sp.airy_ai(x=x).numpy(), sp.airy_ai(x).numpy())
    assert np.allclose(sp.spherical_bessel_j0(x=x).numpy(), np.sin(x.numpy()) / x.numpy())
    assert np.allclose(autograd.xlogy(input=x, other=x).numpy(), x.numpy() * np.log(x.numpy()))
    m = autograd.arange(12.0).reshape(2, 6)
    assert [p.shape for p in m.hsplit(sections=3)] == [(2, 2)] * 3
    assert [p.shape for p in autograd.hsplit(m, indices=[1])] == [(2, 1), (2, 5)]
    assert [p.shape for p in m.hsplit([1, 4])] == [(2, 1), (2, 3), (2, 2)]
    with pytest.raises(TypeError, match="got both"):
        m.hsplit(2, indices=[1])
    assert m.tile(dims=(2,)).shape == (2, 12)
    assert m.swapdims(dim0=0, dim1=1).shape == (6, 2)
    assert m.cdouble(memory_format=autograd.preserve_format).dtype == autograd.complex128


def test_linalg_takes_numpys_names_for_input_as_pytorch_does():
    # PyTorch's parser takes x= (also a=, x1=) for a parameter it calls `input`
    v, m = autograd.tensor([3.0, 4.0]), autograd.eye(2) * 4
    norm = autograd.linalg.vector_norm
    assert norm(x=v).item() == norm(input=v).item() == 5.0
    assert np.array_equal(autograd.linalg.cholesky(x=m).numpy(), 2 * np.eye(2))
    assert autograd.linalg.matrix_norm(a=m).item() == autograd.linalg.matrix_norm(m).item()
    with pytest.raises(TypeError, match="multiple values for argument 'input'"):
        autograd.linalg.vector_norm(v, x=v)
