"""No leaks: graphs are freed by reference counting alone, training keeps memory flat."""

import gc
import tracemalloc
import weakref

import numpy as np
import pytest

import nn
import optim
from autograd import Tensor, manual_seed, no_grad


def make_loop(batch: int = 32):
    """One training step of a 64-32-10 MLP (as in benchmarks/memory_flat.py)."""
    manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 32), nn.ReLU(), nn.Linear(32, 10))
    opt = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    rng = np.random.default_rng(0)
    x = Tensor(rng.standard_normal((batch, 64)).astype(np.float32))
    y = Tensor(rng.integers(0, 10, batch))

    def step():
        opt.zero_grad()
        loss = nn.functional.cross_entropy(model(x), y)
        loss.backward()
        opt.step()

    return step


@pytest.fixture
def gc_off():
    """Automatic collection off, so gc.collect() afterwards sees every cycle made."""
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def test_training_memory_is_flat(gc_off):
    # 100 steps, then 2,000 more; the 10,000-step figure is in benchmarks/memory_flat.py
    step = make_loop()
    tracemalloc.start()
    try:
        for _ in range(100):
            step()
        early = tracemalloc.get_traced_memory()[0]
        for _ in range(2_000):
            step()
        late = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert late - early < 16 * 1024, f"memory grew by {late - early} bytes over 2,000 steps"
    assert gc.collect() == 0


def test_training_steps_make_no_reference_cycles(gc_off):
    step = make_loop(batch=8)
    for _ in range(20):
        step()
    assert gc.collect() == 0


def test_graph_is_freed_when_the_loss_goes(gc_off):
    model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 1))
    x = Tensor(np.ones((2, 3), dtype=np.float32))
    loss = (model(x) ** 2).mean()
    nodes, t = [], loss
    while t.grad_fn is not None:  # follow the first input down to the leaves
        nodes.append(weakref.ref(t))
        t = t.grad_fn.inputs[0]
    assert len(nodes) >= 4
    del loss, t
    assert all(r() is None for r in nodes)
    assert gc.collect() == 0


def test_backward_releases_saved_buffers(gc_off):
    x = Tensor(np.ones((5, 5), dtype=np.float32), requires_grad=True)
    h = (x * 2).tanh()
    mid = weakref.ref(h._data)
    loss = h.sum()
    del h
    assert mid() is not None  # kept alive by the graph
    loss.backward()
    assert loss.grad_fn.inputs is None
    assert mid() is None  # the backward freed the arrays behind loss (not its structure)
    assert gc.collect() == 0


def test_losses_kept_after_backward_keep_no_activations(gc_off):
    # the classic `losses.append(loss)`: the graphs' structure stays (draw shows it), their
    # arrays go: intermediates, saved buffers and the input batches
    manual_seed(0)
    model = nn.Sequential(nn.Linear(64, 64), nn.Tanh(), nn.Linear(64, 10))
    rng = np.random.default_rng(0)

    def loss_of_a_fresh_batch():
        x = Tensor(rng.standard_normal((32, 64)).astype(np.float32))
        y = Tensor(rng.integers(0, 10, 32))
        return nn.functional.cross_entropy(model(x), y)

    one = loss_of_a_fresh_batch()
    arrays = []  # weak references to every array the graph behind `one` holds
    stack = [one._links[0]]
    while stack:
        t = stack.pop()
        arrays.append(weakref.ref(t._data))
        stack.extend(t._links or ())
    del t
    one.backward()
    params = {id(p._data) for p in model.parameters()}
    alive = [r() for r in arrays if r() is not None and id(r()) not in params]
    assert alive == []
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        losses = []
        for _ in range(1000):
            loss = loss_of_a_fresh_batch()
            loss.backward()
            losses.append(loss)
        model.zero_grad()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    # a batch is 8 KiB and its activations 17 KiB: 1,000 losses keeping them would hold 25 MB
    per_loss = (after - before) / 1000
    assert per_loss < 4096, f"{per_loss:.0f} bytes kept per loss"  # the structure: ~1.7 KiB
    assert gc.collect() == 0


def test_no_grad_builds_no_graph(gc_off):
    model = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    x = Tensor(np.ones((2, 3), dtype=np.float32), requires_grad=True)
    with no_grad():
        y = model(x)
        z = (y * x.sum()).exp() @ Tensor(np.ones((2, 2), dtype=np.float32))
        w = z[0].sum() + 1
    for t in (y, z, w):
        assert t.grad_fn is None and not t.requires_grad
    hidden = weakref.ref(model[0](x))  # with grad: a graph, freed with its output
    assert hidden() is None
    assert gc.collect() == 0


def test_no_grad_inference_allocates_nothing_lasting():
    model = nn.Sequential(nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 4))
    x = Tensor(np.ones((4, 16), dtype=np.float32))
    with no_grad():
        for _ in range(10):
            model(x)
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            for _ in range(500):
                model(x)
            after = tracemalloc.get_traced_memory()[0]
        finally:
            tracemalloc.stop()
    assert after - before < 8 * 1024


def test_deep_chain_is_freed_without_recursion_error(gc_off):
    x = Tensor(np.float32(1.0), requires_grad=True)
    y = x
    for _ in range(100_000):
        y = y * 1.0
    last = weakref.ref(y.grad_fn.inputs[0])
    del y  # 100,000 nested deallocations: CPython's trashcan keeps the C stack flat
    assert last() is None
    assert gc.collect() == 0


def test_retained_graph_is_freed_with_its_output(gc_off):
    x = Tensor(np.ones(3, dtype=np.float32), requires_grad=True)
    y = (x.exp() * x).sum()
    y.backward(retain_graph=True)
    y.backward(retain_graph=True)
    inner = weakref.ref(y.grad_fn.inputs[0])
    del y
    assert inner() is None
    assert gc.collect() == 0


def test_a_tensor_is_its_slots_without_a_dict():
    # a node is one object with fixed slots: a mixin of Tensor without `__slots__ = ()`
    # would give every tensor a __dict__ (its values allocated and zeroed with each node,
    # traversed by the collector), and let misspelt attributes pass silently
    t = Tensor(1.0, requires_grad=True) * 2.0
    assert not hasattr(t, "__dict__")
    missing = [k.__name__ for k in Tensor.__mro__[:-1] if "__slots__" not in vars(k)]
    assert missing == []
    with pytest.raises(AttributeError):
        t.some_attribute = 1


def test_in_place_changes_keep_no_graph_alive(gc_off):
    # snapshots (the node a tensor was before a recorded change) and CopySlices bases go
    # with the graph: ReLU(inplace=True), a buffer filled row by row, a view changed in place
    manual_seed(0)
    model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(inplace=True), nn.Linear(8, 4))
    x = Tensor(np.ones((4, 8), np.float32))

    def step():
        model.zero_grad()
        h = model(x)
        buf = h * 1
        used = buf.sum()  # a use before the changes: its gradient goes to the snapshot
        for i in range(4):
            buf[i] = h[i] * 2
        buf[:, :2].mul_(3)
        (used + buf.sum()).backward()
        return weakref.ref(h), weakref.ref(buf)

    refs = [step() for _ in range(20)]
    assert all(r() is None for pair in refs for r in pair)  # freed by reference counting
    assert gc.collect() == 0  # ... with no cycle left for the collector
