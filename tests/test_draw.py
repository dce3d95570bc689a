"""autograd.draw: render real SVGs with Graphviz's `dot` and check what they show.

tests/test_draw_layout.py covers what is new in a drawing's shape: after backward,
functions as one node, op labels, fitting the column, gradient flow across batch sizes,
unrolled recurrent layers; tests/test_pictures.py the documentation's and notebooks'.
"""

from __future__ import annotations

import math
import re
import shutil
import xml.etree.ElementTree as ET

import graphviz
import numpy as np
import pytest

import autograd
from autograd import GraphvizNotFoundError, Tensor, draw
from autograd import grad_mode as gm
from autograd.drawing import style

NS = "{http://www.w3.org/2000/svg}"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz's dot is missing")


class Svg:
    """The nodes, edges and clusters of a rendered drawing, keyed by their DOT ids."""

    def __init__(self, g: graphviz.Digraph):
        root = ET.fromstring(g.pipe(format="svg"))
        self.nodes, self.clusters = {}, {}
        self.edges = []  # (title, element): parallel edges share a title
        graph = next(el for el in root.iter(NS + "g") if el.get("class") == "graph")
        # the key (and the title) is the graph's own label: its texts outside any node
        self.key = [t.text.strip() for t in graph.findall(NS + "text") if t.text and t.text.strip()]
        for el in root.iter(NS + "g"):
            title = el.find(NS + "title")
            if el.get("class") == "node":
                self.nodes[title.text] = el
            elif el.get("class") == "cluster":
                self.clusters[title.text] = el
            elif el.get("class") == "edge":
                self.edges.append((title.text, el))

    @staticmethod
    def texts(el) -> list[str]:
        return [t.text.strip() for t in el.iter(NS + "text") if t.text and t.text.strip()]

    def text(self, el) -> str:
        return " ".join(self.texts(el))

    def node_with(self, *words) -> ET.Element:
        """The one node whose text contains all the words."""
        hits = [el for el in self.nodes.values() if all(w in self.texts(el) for w in words)]
        assert len(hits) == 1, (words, [self.texts(el) for el in self.nodes.values()])
        return hits[0]

    @staticmethod
    def fills(el) -> set[str]:
        return {s.get("fill") for s in el.iter() if s.get("fill") not in (None, "none")}

    @staticmethod
    def strokes(el) -> set[str]:
        return {s.get("stroke") for s in el.iter() if s.get("stroke") not in (None, "none")}


def neuron():
    """micrograd's neuron: o = tanh(x1*w1 + x2*w2 + b)."""
    x1 = Tensor(2.0, requires_grad=True, name="x1")
    x2 = Tensor(0.0, requires_grad=True, name="x2")
    w1 = Tensor(-3.0, requires_grad=True, name="w1")
    w2 = Tensor(1.0, requires_grad=True, name="w2")
    b = Tensor(6.8813735870195432, requires_grad=True, name="b")
    n = x1 * w1 + x2 * w2 + b
    n.name = "n"
    o = n.tanh()
    o.name = "o"
    return o


@needs_dot
def test_sum_times_z_every_node_value_and_grad():
    x = Tensor(2.0, requires_grad=True, name="x")
    y = Tensor(3.0, requires_grad=True, name="y")
    z = Tensor(4.0, requires_grad=True, name="z")
    q = x + y
    q.name = "q"
    f = q * z
    f.name = "f"
    s = Svg(draw(f))
    # f = 20; df/dq = z = 4, df/dz = q = 5, df/dx = df/dy = 4 (add distributes)
    s.node_with("f", "data 20", "grad 1")
    s.node_with("q", "data 5", "grad 4")
    s.node_with("x", "data 2", "grad 4")
    s.node_with("y", "data 3", "grad 4")
    s.node_with("z", "data 4", "grad 5")
    s.node_with("Add")
    s.node_with("Mul")
    assert x.grad is None and q.grad is None  # draw computed, .grad untouched
    # distinct kinds: the output and the leaves have their own fills
    assert style.KIND_FILL["output"] in s.fills(s.node_with("f"))
    assert style.KIND_FILL["leaf"] in s.fills(s.node_with("x"))
    assert {"output", "leaf", "computed", "op", "grad = d(output)/d(tensor)"} <= set(s.key)


@needs_dot
def test_micrograd_neuron_values_and_grads():
    s = Svg(draw(neuron()))
    # o = tanh(0.8814) = 0.7071, do/dn = 1 - o^2 = 0.5; x1 grad = w1 * 0.5 = -1.5, ...
    s.node_with("o", "data 0.7071", "grad 1")
    s.node_with("n", "data 0.8814", "grad 0.5")
    s.node_with("x1", "data 2", "grad -1.5")
    s.node_with("w1", "data -3", "grad 1")
    s.node_with("x2", "data 0", "grad 0.5")
    s.node_with("w2", "data 1", "grad 0")
    s.node_with("b", "data 6.881", "grad 0.5")
    ops = [s.text(el) for k, el in s.nodes.items() if k.startswith("o")]
    assert sorted(ops) == ["Add", "Add", "Mul", "Mul", "Tanh"]


@needs_dot
def test_stored_grads_and_shapes_stats_and_attributes():
    a = Tensor(np.arange(12.0, dtype=np.float32).reshape(3, 4), requires_grad=True, name="A")
    loss = (a**2).sum(axis=1).max()
    loss.backward(retain_graph=True)
    s = Svg(draw(loss, show=("shape", "stats"), grads="stored"))
    node = s.node_with("A", "3×4 float32")
    assert "data min 0 · max 11 · mean 5.5" in s.texts(node)
    # the gradient flows only to the row with the largest sum: 2 * [8, 9, 10, 11]
    assert "grad min 0 · max 22 · mean 6.333" in s.texts(node)
    s.node_with("Pow", "exponent=2")
    s.node_with("Sum", "axis=1")
    s.node_with("Max")


@needs_dot
def test_constants_and_small_vectors():
    x = Tensor([1.0, -2.0], requires_grad=True, name="x")
    y = (3 * x).sum()
    s = Svg(draw(y))
    s.node_with("x", "data [1, -2]", "grad [3, 3]")
    const = s.node_with("data 3")
    assert style.KIND_FILL["constant"] in s.fills(const)


class _Mod:
    """A stand-in for nn.Module: named_parameters(), named_modules() and op scopes."""

    def __init__(self, **items):
        self._items = items
        for k, v in items.items():
            setattr(self, k, v)

    def __call__(self, x):
        with gm.module_scope(self):
            return self.forward(x)

    def named_modules(self, prefix=""):
        stack = [(prefix, self)]
        while stack:
            name, m = stack.pop(0)
            yield name, m
            for k, v in m._items.items():
                if isinstance(v, _Mod):
                    stack.append((f"{name}.{k}" if name else k, v))

    def named_parameters(self):
        for name, m in self.named_modules():
            for k, v in m._items.items():
                if isinstance(v, Tensor):
                    yield (f"{name}.{k}" if name else k), v


class _Linear(_Mod):
    def __init__(self, n_in, n_out, seed):
        rng = np.random.default_rng(seed)
        w = rng.standard_normal((n_out, n_in)).astype(np.float32)
        super().__init__(
            weight=Tensor(w, requires_grad=True),
            bias=Tensor(np.zeros(n_out, np.float32), requires_grad=True),
        )

    def forward(self, x):
        return x @ self.weight.T + self.bias


class _Block(_Mod):
    def forward(self, x):
        return self.conv(x).tanh()


class _Net(_Mod):
    def forward(self, x):
        return self.fc1(self.block2(x))


def _net():
    return _Net(block2=_Block(conv=_Linear(3, 4, 0)), fc1=_Linear(4, 2, 1))


@needs_dot
def test_stand_in_model_names_and_nested_clusters():
    net = _net()
    x = Tensor(np.ones((2, 3), np.float32), name="x")
    loss = net(x).sum()
    s = Svg(draw(loss, model=net))
    for name in ("fc1.weight", "fc1.bias", "block2.conv.weight", "block2.conv.bias"):
        s.node_with(name)
    labels = {s.text(el).split(" ")[0]: el for el in s.clusters.values()}
    assert {"fc1", "block2", "block2.conv"} <= set(labels)  # modules of several ops
    # nesting: the block2.conv cluster lies inside the block2 cluster
    assert _inside(labels["block2.conv"], labels["block2"])
    assert not _inside(labels["block2.conv"], labels["fc1"])
    # the parameter nodes are drawn inside their module's cluster box
    assert _inside(s.node_with("fc1.weight"), labels["fc1"])
    assert _inside(s.node_with("block2.conv.weight"), labels["block2.conv"])
    assert not _inside(s.node_with("fc1.weight"), labels["block2"])


def _box(el):
    pts = []
    for shape in el.iter():
        for attr in ("points", "d"):
            if shape.get(attr):
                for a, b in re.findall(r"(-?[\d.]+),(-?[\d.]+)", shape.get(attr)):
                    pts.append((float(a), float(b)))
        if shape.tag == NS + "text":
            pts.append((float(shape.get("x")), float(shape.get("y"))))
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def _inside(inner, outer) -> bool:
    """Whether the centre of `inner` lies within the bounding box of `outer` (SVG geometry)."""
    x0, y0, x1, y1 = _box(inner)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    a0, b0, a1, b1 = _box(outer)
    return a0 <= cx <= a1 and b0 <= cy <= b1


@needs_dot
def test_collapse_module_to_one_box():
    net = _net()
    x = Tensor(np.ones((2, 3), np.float32), name="x")
    loss = net(x).sum()
    s = Svg(draw(loss, model=net, collapse="block2"))
    box = s.node_with("block2 (_Block)")
    assert "4 ops, 16 parameters" in s.texts(box)
    assert "collapsed module" in s.key
    s.node_with("x", "2×3 float32")  # the input stays outside the box
    assert not any("block2.conv.weight" in s.texts(el) for el in s.nodes.values())
    s.node_with("fc1.weight")
    all_boxes = Svg(draw(loss, model=net, collapse=True))
    all_boxes.node_with("block2 (_Block)")
    all_boxes.node_with("fc1 (_Linear)")


@needs_dot
def test_real_nn_parameter_names_and_clusters():
    nn = pytest.importorskip("nn")
    if not all(hasattr(nn, k) for k in ("Sequential", "Linear", "Tanh")):
        pytest.skip("nn layers are not there yet")
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    loss = model(Tensor(np.ones((2, 3), np.float32))).sum()
    s = Svg(draw(loss, model=model))
    for name in ("0.weight", "0.bias", "2.weight", "2.bias"):
        s.node_with(name)
    # a module of one op has no cluster: its op is named after it, its parameters beside it
    assert {s.text(el) for el in s.clusters.values()} == {"Sequential"}
    s.node_with("0: Linear")
    s.node_with("1: Tanh")
    s.node_with("2: Linear")
    inside = next(iter(s.clusters.values()))
    assert _inside(s.node_with("0.weight"), inside)
    assert _inside(s.node_with("input"), inside)  # the model's input, named and inside


def test_clusters_do_not_depend_on_how_modules_hash(monkeypatch):
    # modules hash by identity: cluster order must come from the graph, not from hashes
    nn = pytest.importorskip("nn")
    autograd.manual_seed(0)
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Sequential(nn.Linear(4, 4), nn.Tanh()))
    loss = model(Tensor(np.ones((2, 3), np.float32))).sum()
    first = draw(loss, model=model).source
    monkeypatch.setattr(nn.Module, "__hash__", lambda self: -id(self) // 16, raising=False)
    assert draw(loss, model=model).source == first


def test_model_may_be_a_submodule():
    # ops record the whole module path; drawn with model=block they start at block, as
    # its parameters do, so the block's ops and parameters share one cluster
    nn = pytest.importorskip("nn")
    autograd.manual_seed(0)
    block = nn.Sequential(nn.Linear(4, 4), nn.Tanh())
    net = nn.Sequential(nn.Linear(3, 4), block)
    out = net(Tensor(np.ones((2, 3), np.float32))).sum()
    src = draw(out, model=block).source
    assert 'label="0: Linear"' in src  # block's own Linear, named as block names it
    assert "0.weight" in src


def _flow_index(el) -> int:
    fills = [style.FLOW_PALETTE.index(f) for f in Svg.fills(el) if f in style.FLOW_PALETTE]
    assert len(fills) == 1, Svg.fills(el)
    return fills[0]


@needs_dot
def test_gradient_flow_colours_follow_magnitude():
    # d loss / d x_k = 10**k: a gradient spanning four decades
    xs = [Tensor(1.0, requires_grad=True, name=f"x{k}") for k in range(4)]
    loss = sum(x * 10.0**k for k, x in enumerate(xs))
    s = Svg(draw(loss, gradient_flow=True))
    idx = [_flow_index(s.node_with(f"x{k}")) for k in range(4)]
    assert idx == sorted(idx) and idx[0] < idx[-1]
    assert "|grad|·|value|:" in s.key


@needs_dot
def test_gradient_flow_sigmoid_mlp_fades_towards_the_input():
    layers = [_Linear(6, 6, k) for k in range(8)]
    net = _Mod(**{f"fc{k}": m for k, m in enumerate(layers)})
    net.forward = lambda x: _chain(layers, x)
    loss = (net(Tensor(np.ones((2, 6), np.float32))) ** 2).mean()
    s = Svg(draw(loss, model=net, gradient_flow=True, collapse=True, show=()))
    idx = [_flow_index(s.node_with(f"fc{k} (_Linear)")) for k in range(8)]
    assert idx[0] < idx[-1]
    assert idx == sorted(idx)


def _chain(layers, x):
    for m in layers:
        x = m(x).sigmoid()
    return x


@needs_dot
def test_nan_and_inf_marked_red():
    x = Tensor([1.0, 0.0], requires_grad=True, name="x")
    with np.errstate(all="ignore"):
        y = x.log()  # log 0 = -inf, and its gradient 1/0 = inf
        y.name = "y"
        loss = (y * 0.0).sum()  # -inf * 0 = nan
        loss.name = "loss"
        s = Svg(draw(loss))
    for name in ("x", "y", "loss"):
        node = s.node_with(name)
        assert "red" in s.strokes(node) and "red" in s.fills(node), name
    assert "red: NaN / Inf" in s.key
    ok = Svg(draw((Tensor([1.0], requires_grad=True, name="x") * 2).sum()))
    assert "red" not in ok.strokes(ok.node_with("x"))


def _edge_labels(s: Svg, node_words, op_words) -> list[str]:
    t = [k for k, el in s.nodes.items() if el is s.node_with(*node_words)][0]
    o = [k for k, el in s.nodes.items() if el is s.node_with(*op_words)][0]
    return sorted(s.text(el) for k, el in s.edges if k == f"{t}->{o}")


@needs_dot
def test_backward_view_shows_the_rules():
    x = Tensor(2.0, requires_grad=True, name="x")
    y = Tensor(3.0, requires_grad=True, name="y")
    z = Tensor(4.0, requires_grad=True, name="z")
    f = (x + y) * z
    s = Svg(draw(f, backward=True))
    s.node_with("Mul", "(swap)")
    s.node_with("Add", "(distribute)")
    assert _edge_labels(s, ("z",), ("Mul", "(swap)")) == ["5"]  # z receives q = 5
    assert _edge_labels(s, ("x",), ("Add", "(distribute)")) == ["4"]
    assert _edge_labels(s, ("y",), ("Add", "(distribute)")) == ["4"]
    # edges point backwards
    src = draw(f, backward=True).source
    assert src.count("dir=back") == 6  # every edge points back
    # fan-out: x * x sends 3 along each edge and x's gradient is their sum
    a = Tensor(3.0, requires_grad=True, name="a")
    s = Svg(draw(a * a, backward=True))
    assert _edge_labels(s, ("a",), ("Mul", "(swap)")) == ["3", "3"]
    assert "= 3 + 3" in s.texts(s.node_with("a"))
    # max routes the whole gradient to the larger input
    u = Tensor(2.0, requires_grad=True, name="u")
    v = Tensor(5.0, requires_grad=True, name="v")
    s = Svg(draw(autograd.maximum(u, v), backward=True))
    assert _edge_labels(s, ("u",), ("Maximum", "(route)")) == ["0"]
    assert _edge_labels(s, ("v",), ("Maximum", "(route)")) == ["1"]


def test_backward_view_of_indexing_shows_dense_edge_gradients():
    # x[i]'s backward is a SparseGrad; the drawing takes it from the engine's own step
    x = Tensor(np.array([1.0, 2.0, 3.0]), requires_grad=True, name="x")
    src = draw(x[0] * 2.0 + x[2] * 5.0, backward=True).source
    assert "grad [2, 0, 5]<BR/>= [2, 0, 0] + [0, 0, 5]" in src
    assert "SparseGrad" not in src


@needs_dot
def test_after_backward_the_whole_graph_is_drawn():
    # micrograd's habit: o.backward(), then draw(o)
    o = neuron()
    o.backward()
    s = Svg(draw(o))
    ops = [s.text(el) for k, el in s.nodes.items() if k.startswith("o")]
    assert sorted(ops) == ["Add", "Add", "Mul", "Mul", "Tanh"]
    s.node_with("o", "data 0.7071")  # held by the user: its value stays
    s.node_with("n", "data 0.8814")
    s.node_with("x1", "data 2", "grad -1.5")  # leaves: values and the stored gradients
    s.node_with("w2", "data 1", "grad 0")
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        draw(o, grads="compute")
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        o.backward()  # a second backward through the freed graph still says what to do
    with pytest.warns(UserWarning, match="freed by backward"):
        draw(o, backward=True)  # the gradients along its edges are gone


def test_large_chain_is_summarised_without_recursion():
    x = Tensor(1.0, requires_grad=True, name="x")
    y = x
    for _ in range(3000):
        y = y * 1.0001
    g = draw(y, max_nodes=50, show=("value",))
    src = g.source
    # 3000 ops + 3001 tensors + one shared constant (1.0001), 50 drawn
    assert "… 5,953 more nodes" in src
    assert "Mul ×2,976" in src
    assert src.count("->") < 80


def test_source_works_and_render_explains_missing_dot(monkeypatch, tmp_path):
    g = draw(neuron())
    assert isinstance(g, graphviz.Digraph)
    assert "Tanh" in g.source and "fontname=Helvetica" in g.source
    monkeypatch.setenv("PATH", str(tmp_path))  # no `dot` on PATH
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz") as info:
        g.pipe(format="svg")
    assert isinstance(info.value, graphviz.ExecutableNotFound)
    with pytest.raises(GraphvizNotFoundError, match="apt-get install graphviz"):
        g.render(tmp_path / "g", format="svg")


def test_bad_arguments():
    t = Tensor(1.0, requires_grad=True) * 2
    with pytest.raises(ValueError, match="unknown show"):
        draw(t, show=("values",))
    with pytest.raises(TypeError, match="root must be a Tensor or a list of Tensors, got float"):
        draw(3.0)
    with pytest.raises(ValueError, match="rankdir"):
        draw(t, rankdir="XY")
    with pytest.raises(ValueError, match="flow_stat"):
        draw(t, gradient_flow=True, flow_stat="max")


def test_format_helpers():
    assert style.fmt(0.70710678) == "0.7071"
    assert style.fmt(float("nan")) == "nan" and style.fmt(-math.inf) == "-inf"
    assert style.fmt_array(np.array([[1.0, 2.0], [3.0, 4.5]])) == "[[1, 2], [3, 4.5]]"
    assert style.esc("<a & b>") == "&lt;a &amp; b&gt;"
    # one colour per decade here (a span of 6), the largest in the brightest
    scale = style.FlowScale([1e-6, 1e-3, 1.0])
    assert scale.index(1.0) == len(style.FLOW_PALETTE) - 1
    assert scale.index(1e-3) == scale.index(1.0) - 3 and scale.index(1e-6) == 2
    assert scale.index(0.0) is None and scale.index(None) is None
    assert [t for _, t in scale.ticks()][:2] == ["1e-8", "1e-7"]
    # a narrow span: thirds of a decade, 1-2-5
    assert [t for _, t in style.FlowScale([0.1, 0.9]).ticks()][-3:] == ["1e-1", "2e-1", "5e-1"]
    assert style.fmt_array(np.array([[0.99991]])) == "0.9999"  # one element: a number
    # a sum whose shown numbers add up: the same decimals for every term
    assert style.fmt_sum([0.12345, 0.23456]) == ("0.358", ["0.1234", "0.2346"])
    assert style.fmt_sum([np.array([2.0, 0, 0]), np.array([0, 0, 5.0])]) == (
        "[2, 0, 5]",
        ["[2, 0, 0]", "[0, 0, 5]"],
    )
    assert style.fmt_sum([0.123456, 1.5]) == ("1.623", ["0.123", "1.5"])


def test_a_shared_constant_is_drawn_once_per_use():
    x = Tensor(1.5, requires_grad=True, name="x")
    y = Tensor(-2.0, requires_grad=True, name="y")
    out = x * 0.5 + y * 0.5  # one cached constant 0.5 feeds both products
    assert out.grad_fn.inputs[0].grad_fn.inputs[1] is out.grad_fn.inputs[1].grad_fn.inputs[1]
    svg = draw(out).pipe(format="svg").decode()
    titles = re.findall(r"<title>(t\d+_\d+_\d+)</title>", svg)
    assert len(titles) == 2  # two constant nodes, each with its own edge


@needs_dot
def test_an_op_recorded_before_an_in_place_change_is_drawn_on_the_values_it_used():
    x = Tensor(np.array([1.0, 2.0]), requires_grad=True, name="x")
    h = x * 2
    y = h * 3
    y.name = "y"
    h.add_(1)  # h becomes the Add's node; y's Mul used h as it was, [2, 4]
    h.name = "h"
    s = Svg(draw(y.sum() + h.sum()))
    s.node_with("h", "data [3, 5]", "grad [1, 1]")
    old = s.node_with("data [2, 4]", "grad [4, 4]")  # 3 from y's Mul, 1 through the Add
    s.node_with("x", "data [1, 2]", "grad [8, 8]")  # PyTorch's x.grad
    ids = {el: k for k, el in s.nodes.items()}
    y_mul = next(t.split("->")[0] for t, _ in s.edges if t.endswith("->" + ids[s.node_with("y")]))
    assert f"{ids[old]}->{y_mul}" in [t for t, _ in s.edges]  # y's Mul takes the old h
