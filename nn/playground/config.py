"""A playground run's settings (`Config`) and the one set of rules that checks them.

`RULES` is plain data: the server checks every setting with `validate`, and the page
gets the same table (`rules_json`) and applies it field by field with the same messages,
so a value the page refuses is the value the server refuses, for the same reason.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass, field

from .datasets import DATASETS

__all__ = ["FEATURES", "RULES", "Config", "ConfigError", "LIVE_FIELDS", "validate", "rules_json"]

# name -> label on the page; the functions live in session.py
FEATURES = {
    "x1": "X₁",
    "x2": "X₂",
    "x1^2": "X₁²",
    "x2^2": "X₂²",
    "x1*x2": "X₁X₂",
    "sin(x1)": "sin(X₁)",
    "sin(x2)": "sin(X₂)",
}

# One rule per field: kind ("choice", "int", "float", "subset", "layers") and its bounds.
RULES: dict[str, dict] = {
    "problem": {"kind": "choice", "label": "Problem type",
                "choices": ["classification", "regression"]},
    "dataset": {"kind": "choice", "label": "Data set", "choices": list(DATASETS)},
    "noise": {"kind": "int", "label": "Noise", "min": 0, "max": 50},
    "train_ratio": {"kind": "int", "label": "Ratio of training to test data", "min": 10, "max": 90},
    "batch_size": {"kind": "int", "label": "Batch size", "min": 1, "max": 30},
    "features": {"kind": "subset", "label": "Features", "choices": list(FEATURES), "min": 1},
    "hidden": {"kind": "layers", "label": "Hidden layers", "max_layers": 6,
               "min_units": 1, "max_units": 8},
    "activation": {"kind": "choice", "label": "Activation",
                   "choices": ["relu", "tanh", "sigmoid", "linear"]},
    "learning_rate": {"kind": "float", "label": "Learning rate", "min": 0, "exclusive_min": True,
                      "max": 10},
    "regularization": {"kind": "choice", "label": "Regularization",
                       "choices": ["none", "L1", "L2"]},
    "reg_rate": {"kind": "float", "label": "Regularization rate", "min": 0, "max": 10},
    "optimizer": {"kind": "choice", "label": "Optimizer", "choices": ["sgd", "momentum", "adam"]},
    "seed": {"kind": "int", "label": "Seed", "min": 0, "max": 2**31 - 1},
}  # fmt: skip

# Settings that apply to the running network; every other change starts it again.
LIVE_FIELDS = frozenset({"learning_rate", "regularization", "reg_rate", "optimizer", "batch_size"})


class ConfigError(ValueError):
    """Settings that break a rule; `errors` maps each bad field to its message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(self.errors.values()))


@dataclass(frozen=True)
class Config:
    """One playground run: data, network and training settings (TensorFlow Playground's)."""

    problem: str = "classification"
    dataset: str = "circle"
    noise: int = 0  # percent
    train_ratio: int = 50  # percent of the points used for training
    batch_size: int = 10
    features: tuple[str, ...] = ("x1", "x2")
    hidden: tuple[int, ...] = (4, 2)
    activation: str = "tanh"
    learning_rate: float = 0.03
    regularization: str = "none"
    reg_rate: float = 0.0
    optimizer: str = "sgd"
    seed: int = 0
    n_samples: int = field(default=500, metadata={"fixed": True})

    def replace(self, **changes) -> Config:
        """A validated copy with `changes` applied (ConfigError if any breaks a rule)."""
        return validate({**self.to_dict(), **changes})

    def to_dict(self) -> dict:
        """The settings as JSON-ready values (lists for the tuples)."""
        d = dataclasses.asdict(self)
        d["features"], d["hidden"] = list(self.features), list(self.hidden)
        del d["n_samples"]
        return d


# the number syntax both the server and the page accept (no "inf", "nan", "1_000", "0x10")
NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"


def _fmt(x: float) -> str:
    """A bound as the page prints it: integers without a point, others as shortest repr."""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


def _number(rule: dict, value, integer: bool) -> tuple[float | int | None, str | None]:
    """Parse and range-check one number; the page's checkNumber is this, line for line."""
    label = rule["label"]
    what = "a whole number" if integer else "a number"
    if isinstance(value, str):
        shown = value.strip()
        if not shown:
            return None, f"{label} is empty; enter {what}"
        if not re.match(NUMBER, shown) or not math.isfinite(float(shown)):
            return None, f"{label} must be {what}, not “{shown}”"
        value = float(shown)
    elif isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        shown = _fmt(value)
    else:
        return None, f"{label} must be {what}"
    if integer:
        if not float(value).is_integer():
            return None, f"{label} must be {what}, not {shown}"
        value = int(value)
    lo, hi = rule["min"], rule["max"]
    if rule.get("exclusive_min") and value <= lo:
        return None, f"{label} must be greater than {_fmt(lo)} (got {shown})"
    if value < lo or value > hi:
        return None, f"{label} must be between {_fmt(lo)} and {_fmt(hi)} (got {shown})"
    return value, None


def _check(name: str, value) -> tuple[object, str | None]:
    rule = RULES[name]
    kind, label = rule["kind"], rule["label"]
    if kind in ("int", "float"):
        return _number(rule, value, kind == "int")
    if kind == "choice":
        if value not in rule["choices"]:
            return None, f"{label} must be one of {', '.join(rule['choices'])} (got “{value}”)"
        return value, None
    if kind == "subset":
        if not isinstance(value, list | tuple) or any(v not in rule["choices"] for v in value):
            return None, f"{label} must be chosen from {', '.join(rule['choices'])}"
        if len(value) < rule["min"]:
            return None, f"{label}: turn on at least {rule['min']} input feature"
        return tuple(c for c in rule["choices"] if c in value), None  # the page's order
    # layers: a list of unit counts
    if not isinstance(value, list | tuple):
        return None, f"{label} must be a list of unit counts"
    if len(value) > rule["max_layers"]:
        return None, f"{label}: at most {rule['max_layers']} (got {len(value)})"
    units = []
    unit_rule = {"label": "Neurons per layer", "min": rule["min_units"], "max": rule["max_units"]}
    for v in value:
        n, err = _number(unit_rule, v, integer=True)
        if err:
            return None, err
        units.append(n)
    return tuple(units), None


def validate(settings: dict) -> Config:
    """A Config from JSON-like settings (numbers may be strings); ConfigError lists every fault.

    Missing fields take the defaults; unknown fields are refused.
    """
    if not isinstance(settings, dict):
        raise ConfigError({"settings": "settings must be an object of field: value"})
    errors, values = {}, {}
    for name, value in settings.items():
        if name not in RULES:
            errors[name] = f"unknown setting {name!r}; known: {', '.join(RULES)}"
            continue
        v, err = _check(name, value)
        if err:
            errors[name] = err
        else:
            values[name] = v
    if not errors:
        problem = values.get("problem", Config.problem)
        dataset = values.get("dataset", Config.dataset)
        if DATASETS[dataset][1] != problem:
            fits = [k for k, (_, p) in DATASETS.items() if p == problem]
            errors["dataset"] = (
                f"Data set {dataset} is for {DATASETS[dataset][1]}; for {problem} "
                f"choose {' or '.join(fits)}"
            )
    if errors:
        raise ConfigError(errors)
    return Config(**values)


def rules_json() -> dict:
    """What the page needs to check and show the settings: the rules, defaults, features."""
    return {
        "rules": RULES,
        "defaults": Config().to_dict(),
        "features": FEATURES,
        "datasets": {k: p for k, (_, p) in DATASETS.items()},
        "live": sorted(LIVE_FIELDS),
    }
