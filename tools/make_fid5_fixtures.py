"""Record PyTorch's answers for tests/test_nn_fidelity5.py (instance norms, convolution
reprs and errors, lazy modules).

Run with a Python that has torch (never a graphgrad dependency):

    /work/torchenv/bin/python tools/make_fid5_fixtures.py

It writes tests/data/fid5_pytorch.npz:

- "inorm/<cls>/<case>/...": InstanceNorm1d/2d/3d (float64) for the cases "train" (affine,
  tracked, training), "eval" (the same module after that step, evaluated on an unbatched
  input), "none" (momentum=None, tracked, training), "plain" (no affine, not tracked,
  evaluation): the input "x", the upstream "g", the output "out", the gradients "gx" (and
  "gw", "gb" with affine) of sum(out * g), the running statistics "rm", "rv" after the
  step (tracked cases) and the modules' num_batches_tracked "nbt";
- "inorm_meta": JSON, per class, the state-dict keys and reprs for every combination of
  affine and track_running_stats;
- "conv_reprs": JSON, [class name, args, kwargs, repr] for a table of configurations;
- "conv_errors": JSON, [class name, args, kwargs, error type, message] for bad arguments
  (a message listing a set of choices is cut before the set, whose order varies);
- "lazy_meta": JSON, the reprs of the lazy modules before and after their first call.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "fid5_pytorch.npz"

SHAPES = {
    "InstanceNorm1d": (2, 3, 5),
    "InstanceNorm2d": (2, 3, 4, 3),
    "InstanceNorm3d": (2, 3, 3, 2, 3),
}

CONV_REPRS = [
    ("Conv1d", (2, 4, 3), {}),
    (
        "Conv1d",
        (2, 4, 3),
        dict(padding="same", padding_mode="reflect", dilation=2, groups=2, bias=False),
    ),
    ("Conv1d", (2, 4, 3), dict(padding="valid", stride=2)),
    ("Conv1d", (2, 4, (3,)), dict(padding=(1,), padding_mode="circular")),
    ("Conv2d", (2, 4, 3), {}),
    (
        "Conv2d",
        (2, 4, (3, 5)),
        dict(
            stride=(2, 1),
            padding=(1, 2),
            dilation=(1, 2),
            groups=2,
            bias=False,
            padding_mode="replicate",
        ),
    ),
    ("Conv2d", (2, 4, 3), dict(padding="same")),
    ("Conv2d", (2, 4, 3), dict(padding="valid")),
    ("Conv2d", (2, 4, 3), dict(padding=0, padding_mode="reflect")),
    ("Conv2d", (2, 4, 3), dict(padding=1, dilation=2, groups=2)),
    ("Conv3d", (2, 4, 3), {}),
    ("Conv3d", (2, 4, 3), dict(padding="same", dilation=2, bias=False)),
    ("Conv3d", (2, 4, (1, 2, 3)), dict(stride=2, padding=1, groups=2, padding_mode="circular")),
    ("Conv3d", (2, 4, 3), dict(padding="valid", padding_mode="replicate")),
    ("ConvTranspose1d", (2, 4, 3), {}),
    (
        "ConvTranspose1d",
        (2, 4, 3),
        dict(stride=2, padding=1, output_padding=1, groups=2, bias=False, dilation=2),
    ),
    ("ConvTranspose2d", (2, 4, 3), {}),
    (
        "ConvTranspose2d",
        (2, 4, (3, 2)),
        dict(stride=(2, 3), padding=(1, 0), output_padding=(1, 2), bias=False),
    ),
    ("ConvTranspose3d", (2, 4, 3), dict(stride=2, output_padding=1, dilation=3)),
    ("ConvTranspose3d", (2, 4, 3), dict(groups=2, padding=(0, 1, 2))),
]

CONV_ERRORS = [
    ("Conv2d", (3, 4, 3), dict(groups=2)),
    ("Conv2d", (4, 3, 3), dict(groups=2)),
    ("Conv2d", (4, 4, 3), dict(groups=0)),
    ("Conv2d", (4, 4, 3), dict(padding="same", stride=2)),
    ("Conv2d", (4, 4, 3), dict(padding="full")),
    ("Conv2d", (4, 4, 3), dict(padding_mode="mirror")),
    ("Conv1d", (3, 4, 3), dict(groups=2)),
    ("Conv1d", (4, 4, 3), dict(padding="same", stride=2)),
    ("Conv1d", (4, 4, 3), dict(padding_mode="zero")),
    ("Conv3d", (4, 3, 3), dict(groups=2)),
    ("Conv3d", (4, 4, 3), dict(padding="same", stride=(1, 2, 1))),
    ("Conv3d", (4, 4, 3), dict(padding="full")),
    ("ConvTranspose2d", (4, 4, 3), dict(padding_mode="reflect")),
    ("ConvTranspose1d", (3, 4, 3), dict(groups=2)),
    ("ConvTranspose3d", (4, 3, 3), dict(groups=2)),
]

LAZY = [
    ("LazyLinear", (3,), {}, (2, 5)),
    ("LazyConv1d", (4, 2), {}, (2, 3, 8)),
    ("LazyConv2d", (4, 3), dict(padding="same", bias=False), (1, 2, 5, 5)),
    ("LazyConv3d", (4, 2), dict(stride=2), (1, 2, 4, 4, 4)),
    ("LazyConvTranspose1d", (4, 2), {}, (2, 3, 8)),
    ("LazyConvTranspose2d", (4, 2), dict(output_padding=1, stride=2), (2, 3, 4, 4)),
    ("LazyConvTranspose3d", (4, 2), {}, (1, 2, 3, 3, 3)),
    ("LazyBatchNorm1d", (), {}, (4, 3)),
    ("LazyBatchNorm2d", (), dict(affine=False), (2, 3, 2, 2)),
    ("LazyBatchNorm3d", (), {}, (2, 3, 2, 2, 2)),
    ("LazyInstanceNorm1d", (), {}, (2, 3, 4)),
    ("LazyInstanceNorm2d", (), dict(track_running_stats=False), (2, 3, 4, 4)),
    ("LazyInstanceNorm3d", (), {}, (2, 3, 2, 2, 2)),
]


def _instance_norms(out: dict) -> None:
    rng = np.random.default_rng(5)
    meta = {}
    for name, shape in SHAPES.items():
        cls = getattr(nn, name)
        meta[name] = [
            [affine, track, list(m.state_dict()), repr(m)]
            for affine in (False, True)
            for track in (False, True)
            for m in [cls(3, affine=affine, track_running_stats=track)]
        ]
        m = cls(3, affine=True, track_running_stats=True, momentum=0.3, dtype=torch.float64)
        with torch.no_grad():
            m.weight.copy_(torch.from_numpy(rng.uniform(0.5, 1.5, 3)))
            m.bias.copy_(torch.from_numpy(rng.standard_normal(3)))
        cases = [("train", m, shape, True)]
        cases.append(("eval", m, shape[1:], False))
        none = cls(3, track_running_stats=True, momentum=None, dtype=torch.float64)
        cases.append(("none", none, shape, True))
        cases.append(("plain", cls(3, dtype=torch.float64), shape[1:], False))
        for case, mod, xs, training in cases:
            mod.train(training)
            key = f"inorm/{name}/{case}/"
            x = torch.from_numpy(rng.standard_normal(xs) * 2 + 1).requires_grad_(True)
            g = torch.from_numpy(rng.standard_normal(xs))
            if mod.affine:
                out[key + "w"] = mod.weight.detach().numpy().copy()
                out[key + "b"] = mod.bias.detach().numpy().copy()
                mod.weight.grad = mod.bias.grad = None
            if mod.track_running_stats:
                out[key + "rm0"] = mod.running_mean.numpy().copy()
                out[key + "rv0"] = mod.running_var.numpy().copy()
            y = mod(x)
            (y * g).sum().backward()
            out[key + "x"], out[key + "g"] = x.detach().numpy(), g.numpy()
            out[key + "out"], out[key + "gx"] = y.detach().numpy(), x.grad.numpy()
            if mod.affine:
                out[key + "gw"], out[key + "gb"] = mod.weight.grad.numpy(), mod.bias.grad.numpy()
            if mod.track_running_stats:
                out[key + "rm"] = mod.running_mean.numpy().copy()
                out[key + "rv"] = mod.running_var.numpy().copy()
                out[key + "nbt"] = mod.num_batches_tracked.numpy().copy()
    out["inorm_meta"] = np.array(json.dumps(meta))


def _convs(out: dict) -> None:
    reprs = [[c, list(a), k, repr(getattr(nn, c)(*a, **k))] for c, a, k in CONV_REPRS]
    out["conv_reprs"] = np.array(json.dumps(reprs))
    errors = []
    for c, a, k in CONV_ERRORS:
        try:
            getattr(nn, c)(*a, **k)
        except Exception as e:  # noqa: BLE001 - recording what PyTorch raises
            msg = str(e)
            if "{" in msg:  # a set of choices: its order varies from run to run
                msg = msg.split("{")[0]
            errors.append([c, list(a), k, type(e).__name__, msg])
        else:
            raise AssertionError(f"{c}{a}{k} did not raise")
    out["conv_errors"] = np.array(json.dumps(errors))


def _lazy(out: dict) -> None:
    meta = []
    for name, args, kwargs, shape in LAZY:
        m = getattr(nn, name)(*args, **kwargs)
        before = repr(m)
        kinds = [type(p).__name__ for p in m.parameters()]
        keys = list(m.state_dict())
        m(torch.zeros(shape))
        meta.append(
            [
                name,
                list(args),
                kwargs,
                list(shape),
                before,
                repr(m),
                kinds,
                keys,
                list(m.state_dict()),
            ]
        )
    out["lazy_meta"] = np.array(json.dumps(meta))


def main() -> None:
    """Write tests/data/fid5_pytorch.npz."""
    out: dict = {}
    _instance_norms(out)
    _convs(out)
    _lazy(out)
    np.savez_compressed(OUT, **out)
    print(f"wrote {OUT} ({len(out)} arrays)")


if __name__ == "__main__":
    main()
