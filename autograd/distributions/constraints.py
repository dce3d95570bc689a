"""The constraints of `autograd.distributions` (PyTorch's `torch.distributions.constraints`):
what a parameter or a sample must satisfy. `check(value)` gives a boolean tensor, one
entry per event (event dims are reduced with `all`)."""

from __future__ import annotations

import numpy as np

from ..tensor_class import Tensor, as_tensor

__all__ = [
    "boolean",
    "cat",
    "Constraint",
    "corr_cholesky",
    "dependent",
    "dependent_property",
    "greater_than",
    "greater_than_eq",
    "half_open_interval",
    "independent",
    "integer_interval",
    "interval",
    "is_dependent",
    "less_than",
    "lower_cholesky",
    "lower_triangular",
    "MixtureSameFamilyConstraint",
    "multinomial",
    "nonnegative",
    "nonnegative_integer",
    "one_hot",
    "positive",
    "positive_definite",
    "positive_integer",
    "positive_semidefinite",
    "real",
    "real_vector",
    "simplex",
    "square",
    "stack",
    "symmetric",
    "unit_interval",
]


def _bool(values: np.ndarray) -> Tensor:
    return Tensor(np.asarray(values, dtype=bool))


def _data(value) -> np.ndarray:
    return as_tensor(value)._data


class Constraint:
    """A region of values: `check(value)` says, per event, whether the value is in it."""

    is_discrete = False
    event_dim = 0

    def check(self, value) -> Tensor:
        """A boolean tensor: whether each event of value satisfies the constraint."""
        raise NotImplementedError

    def _test(self, v: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def __repr__(self) -> str:
        return type(self).__name__.lstrip("_") + "()"


class _Elementwise(Constraint):
    def check(self, value) -> Tensor:
        return _bool(self._test(_data(value)))


class _Dependent(Constraint):
    """A constraint that depends on other parameters (not checked)."""

    def __init__(self, *, is_discrete: bool = False, event_dim: int = 0):
        self.is_discrete = is_discrete
        self.event_dim = event_dim

    def __call__(self, *, is_discrete: bool = False, event_dim: int = 0) -> _Dependent:
        return _Dependent(is_discrete=is_discrete, event_dim=event_dim)

    def check(self, value) -> Tensor:
        raise ValueError("Cannot determine validity of dependent constraint")


def is_dependent(constraint) -> bool:
    """Whether the constraint depends on other parameters (and so is not checked)."""
    return isinstance(constraint, _Dependent)


class dependent_property(property):
    """A property whose value is a constraint that depends on the distribution's parameters."""

    def __init__(self, fn=None, *, is_discrete: bool = False, event_dim: int = 0):
        super().__init__(fn)
        self.is_discrete = is_discrete
        self.event_dim = event_dim

    def __call__(self, fn) -> dependent_property:
        """Used as `@dependent_property(is_discrete=..., event_dim=...)`."""
        return dependent_property(fn, is_discrete=self.is_discrete, event_dim=self.event_dim)


class _Real(_Elementwise):
    def _test(self, v):
        return v == v  # not NaN


class _Boolean(_Elementwise):
    is_discrete = True

    def _test(self, v):
        return (v == 0) | (v == 1)


class _GreaterThan(_Elementwise):
    """Values above `lower_bound`."""

    def __init__(self, lower_bound):
        self.lower_bound = lower_bound

    def _test(self, v):
        return v > _data(self.lower_bound)

    def __repr__(self) -> str:
        return f"GreaterThan(lower_bound={self.lower_bound})"


class _GreaterThanEq(_GreaterThan):
    """Values at or above `lower_bound`."""

    def _test(self, v):
        return v >= _data(self.lower_bound)

    def __repr__(self) -> str:
        return f"GreaterThanEq(lower_bound={self.lower_bound})"


class _LessThan(_Elementwise):
    """Values below `upper_bound`."""

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def _test(self, v):
        return v < _data(self.upper_bound)

    def __repr__(self) -> str:
        return f"LessThan(upper_bound={self.upper_bound})"


class _Interval(_Elementwise):
    """Values in [lower_bound, upper_bound]."""

    def __init__(self, lower_bound, upper_bound):
        self.lower_bound = lower_bound
        self.upper_bound = upper_bound

    def _test(self, v):
        return (_data(self.lower_bound) <= v) & (v <= _data(self.upper_bound))

    def __repr__(self) -> str:
        return f"Interval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"


class _HalfOpenInterval(_Interval):
    """Values in [lower_bound, upper_bound)."""

    def _test(self, v):
        return (_data(self.lower_bound) <= v) & (v < _data(self.upper_bound))

    def __repr__(self) -> str:
        return f"HalfOpenInterval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"


class _IntegerInterval(_Interval):
    """Integers in [lower_bound, upper_bound]."""

    is_discrete = True

    def _test(self, v):
        return (v % 1 == 0) & super()._test(v)

    def __repr__(self) -> str:
        return f"IntegerInterval(lower_bound={self.lower_bound}, upper_bound={self.upper_bound})"


class _IntegerGreaterThan(_GreaterThanEq):
    is_discrete = True

    def _test(self, v):
        return (v % 1 == 0) & super()._test(v)

    def __repr__(self) -> str:
        return f"IntegerGreaterThan(lower_bound={self.lower_bound})"


class _Independent(Constraint):
    """A constraint whose rightmost `reinterpreted_batch_ndims` dims form one event."""

    def __init__(self, base_constraint: Constraint, reinterpreted_batch_ndims: int):
        self.base_constraint = base_constraint
        self.reinterpreted_batch_ndims = reinterpreted_batch_ndims

    @property
    def is_discrete(self) -> bool:
        """Whether the base constraint is discrete."""
        return self.base_constraint.is_discrete

    @property
    def event_dim(self) -> int:
        """The base constraint's event dims plus the reinterpreted ones."""
        return self.base_constraint.event_dim + self.reinterpreted_batch_ndims

    def check(self, value) -> Tensor:
        result = self.base_constraint.check(value)._data
        n = self.reinterpreted_batch_ndims
        if result.ndim < n:
            raise ValueError(
                f"Expected value.dim() >= {n + self.base_constraint.event_dim} but got "
                f"{_data(value).ndim}"
            )
        return _bool(result.reshape(result.shape[: result.ndim - n] + (-1,)).all(-1))

    def __repr__(self) -> str:
        return f"IndependentConstraint({self.base_constraint!r}, {self.reinterpreted_batch_ndims})"


class _Simplex(Constraint):
    event_dim = 1

    def check(self, value) -> Tensor:
        v = _data(value)
        return _bool(np.all(v >= 0, axis=-1) & (np.abs(v.sum(-1) - 1) < 1e-6))


class _OneHot(Constraint):
    is_discrete = True
    event_dim = 1

    def check(self, value) -> Tensor:
        v = _data(value)
        return _bool(np.all((v == 0) | (v == 1), axis=-1) & (v.sum(-1) == 1))


class _LowerCholesky(Constraint):
    event_dim = 2

    def check(self, value) -> Tensor:
        v = _data(value)
        lower = np.all(np.tril(v) == v, axis=(-2, -1))
        positive = np.all(np.diagonal(v, axis1=-2, axis2=-1) > 0, axis=-1)
        return _bool(lower & positive)


class _LowerTriangular(Constraint):
    event_dim = 2

    def check(self, value) -> Tensor:
        v = _data(value)
        return _bool(np.all(np.tril(v) == v, axis=(-2, -1)))


class _Square(Constraint):
    event_dim = 2

    def check(self, value) -> Tensor:
        v = _data(value)
        return _bool(np.full(v.shape[:-2], v.shape[-2] == v.shape[-1], dtype=bool))


class _Symmetric(_Square):
    def check(self, value) -> Tensor:
        v = _data(value)
        if v.shape[-2] != v.shape[-1]:
            return _bool(np.zeros(v.shape[:-2], dtype=bool))
        return _bool(np.all(np.isclose(v, np.swapaxes(v, -1, -2), atol=1e-6), axis=(-2, -1)))


class _PositiveSemidefinite(_Symmetric):
    def check(self, value) -> Tensor:
        sym = super().check(value)._data
        if not sym.all():
            return _bool(sym)
        return _bool(np.all(np.linalg.eigvalsh(_data(value)) >= 0, axis=-1))


class _PositiveDefinite(Constraint):
    event_dim = 2

    def check(self, value) -> Tensor:
        v = _data(value)
        sym = np.all(np.isclose(v, np.swapaxes(v, -1, -2), atol=1e-6), axis=(-2, -1))
        flat = v.reshape((-1,) + v.shape[-2:])
        ok = np.array([_cholesky_ok(m) for m in flat], dtype=bool).reshape(v.shape[:-2])
        return _bool(sym & ok)


def _cholesky_ok(m: np.ndarray) -> bool:
    try:
        np.linalg.cholesky(m)
    except np.linalg.LinAlgError:
        return False
    return True


class _Multinomial(Constraint):
    """Non-negative integer vectors whose sum is at most `upper_bound`."""

    is_discrete = True
    event_dim = 1

    def __init__(self, upper_bound):
        self.upper_bound = upper_bound

    def check(self, value) -> Tensor:
        v = _data(value)
        return _bool(np.all(v >= 0, axis=-1) & (v.sum(-1) <= self.upper_bound))


class MixtureSameFamilyConstraint(Constraint):
    """A MixtureSameFamily's support: the component's constraint, checked with the
    component dim put back and reduced."""

    def __init__(self, base_constraint: Constraint):
        if not isinstance(base_constraint, Constraint):
            raise AssertionError(
                f"base_constraint must be a Constraint, got {type(base_constraint).__name__}"
            )
        self.base_constraint = base_constraint

    @property
    def is_discrete(self) -> bool:
        """Whether the component's constraint is discrete."""
        return self.base_constraint.is_discrete

    @property
    def event_dim(self) -> int:
        """The component's event dims."""
        return self.base_constraint.event_dim

    def check(self, value) -> Tensor:
        v = as_tensor(value)
        result = self.base_constraint.check(v.unsqueeze(-1 - self.event_dim))._data
        if v.dim() < self.event_dim:
            raise ValueError(f"Expected value.dim() >= {self.event_dim} but got {v.dim()}")
        keep = v.dim() - self.event_dim
        return _bool(result.reshape(result.shape[:keep] + (-1,)).all(-1))

    def __repr__(self) -> str:
        return f"{self.__class__.__name__}({self.base_constraint!r})"


class _CorrCholesky(Constraint):
    """Lower-triangular matrices with a positive diagonal and rows of unit length."""

    event_dim = 2

    def check(self, value) -> Tensor:
        v = _data(value)
        tol = np.finfo(v.dtype).eps * v.shape[-1] * 10
        unit = np.all(np.abs(np.linalg.norm(v, axis=-1) - 1.0) <= tol, axis=-1)
        return _bool(_LowerCholesky().check(value)._data & unit)


class _Cat(Constraint):
    """The constraints `cseq` on consecutive slices (of `lengths`) along `dim`."""

    def __init__(self, cseq, dim: int = 0, lengths=None):
        if not all(isinstance(c, Constraint) for c in cseq):
            raise AssertionError("All elements of cseq must be Constraint instances")
        self.cseq = list(cseq)
        self.lengths = list(lengths) if lengths is not None else [1] * len(self.cseq)
        if len(self.lengths) != len(self.cseq):
            raise AssertionError(
                f"lengths ({len(self.lengths)}) must match cseq ({len(self.cseq)})"
            )
        self.dim = dim

    @property
    def is_discrete(self) -> bool:
        """Whether any part is discrete."""
        return any(c.is_discrete for c in self.cseq)

    @property
    def event_dim(self) -> int:
        """The largest part's event dims."""
        return max(c.event_dim for c in self.cseq)

    def check(self, value) -> Tensor:
        v = as_tensor(value)
        if not -v.dim() <= self.dim < v.dim():
            raise AssertionError(f"dim {self.dim} out of range for value with {v.dim()} dimensions")
        checks, start = [], 0
        for constr, length in zip(self.cseq, self.lengths):
            checks.append(constr.check(v.narrow(self.dim, start, length))._data)
            start += length
        return _bool(np.concatenate(checks, self.dim))


class _Stack(Constraint):
    """The constraints `cseq` on the slices along `dim`."""

    def __init__(self, cseq, dim: int = 0):
        if not all(isinstance(c, Constraint) for c in cseq):
            raise AssertionError("All elements of cseq must be Constraint instances")
        self.cseq = list(cseq)
        self.dim = dim

    @property
    def is_discrete(self) -> bool:
        """Whether any part is discrete."""
        return any(c.is_discrete for c in self.cseq)

    @property
    def event_dim(self) -> int:
        """The largest part's event dims (one more when dim counts into them)."""
        dim = max(c.event_dim for c in self.cseq)
        return dim + 1 if self.dim + dim < 0 else dim

    def check(self, value) -> Tensor:
        v = as_tensor(value)
        if not -v.dim() <= self.dim < v.dim():
            raise AssertionError(f"dim {self.dim} out of range for value with {v.dim()} dimensions")
        parts = [c.check(v.select(self.dim, i))._data for i, c in enumerate(self.cseq)]
        return _bool(np.stack(parts, self.dim))


class _RealVector(_Independent):
    def __init__(self):
        super().__init__(_Real(), 1)


dependent = _Dependent()
boolean = _Boolean()
one_hot = _OneHot()
nonnegative_integer = _IntegerGreaterThan(0)
positive_integer = _IntegerGreaterThan(1)
integer_interval = _IntegerInterval
real = _Real()
real_vector = _RealVector()
positive = _GreaterThan(0.0)
nonnegative = _GreaterThanEq(0.0)
greater_than = _GreaterThan
greater_than_eq = _GreaterThanEq
less_than = _LessThan
unit_interval = _Interval(0.0, 1.0)
interval = _Interval
half_open_interval = _HalfOpenInterval
simplex = _Simplex()
multinomial = _Multinomial
lower_cholesky = _LowerCholesky()
positive_definite = _PositiveDefinite()
corr_cholesky = _CorrCholesky()
cat = _Cat
stack = _Stack
lower_triangular = _LowerTriangular()
square = _Square()
symmetric = _Symmetric()
positive_semidefinite = _PositiveSemidefinite()
independent = _Independent
