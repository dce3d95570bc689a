"""The random fills cauchy_, log_normal_ and geometric_, written once for both libraries:
`draws(T)` runs them from one seed (T being torch or autograd) and returns the filled arrays.

tools/make_random_fill_fixtures.py records PyTorch's in tests/data/random_fills_pytorch.npz;
tests/test_random_fills_pytorch.py checks graphgrad gives the same numbers. Needs only numpy.
"""

from __future__ import annotations


def draws(T) -> dict:
    """The filled tensors' values by name (one seed; the order of the draws matters)."""
    T.manual_seed(7)
    out = {
        "cauchy_f64": T.zeros(5, dtype=T.float64).cauchy_(),
        "cauchy_f32": T.zeros(2, 3).cauchy_(1.0, 0.5),
        "log_normal_f64": T.zeros(5, dtype=T.float64).log_normal_(),
        "log_normal_f32": T.zeros(3).log_normal_(0.0, 0.25),
        "geometric_i64": T.zeros(7, dtype=T.int64).geometric_(0.3),
        "geometric_f32": T.zeros(4).geometric_(0.9),
        "cauchy_transposed": T.zeros(3, 2, dtype=T.float64).t().cauchy_(),
        "randn_between": T.randn(3, dtype=T.float64),  # leaves a cached normal behind
        "log_normal_after": T.zeros(3, dtype=T.float64).log_normal_(),
        "log_normal_odd": T.zeros(1, dtype=T.float64).log_normal_(0.5, 1.5),
        "cauchy_0d": T.tensor(0.0, dtype=T.float64).cauchy_(median=2.0, sigma=3.0),
    }
    g = T.Generator().manual_seed(3)
    out["geometric_generator"] = T.zeros(4, dtype=T.float64).geometric_(0.5, generator=g)
    return {k: v.numpy().copy() for k, v in out.items()}


# (call, error type, message) of the fills PyTorch refuses
ERRORS = [
    (lambda T: T.zeros(3).geometric_(0), "RuntimeError",
     "geometric_ expects p to be in (0, 1), but got p=0"),
    (lambda T: T.zeros(3).geometric_(1.5), "RuntimeError",
     "geometric_ expects p to be in (0, 1), but got p=1.5"),
    (lambda T: T.zeros(3).log_normal_(0, 0), "RuntimeError",
     "log_normal_ expects std > 0.0, but found std=0"),
    (lambda T: T.zeros(3).cauchy_(0, -1), "RuntimeError",
     "cauchy_ expects sigma > 0.0, but found sigma=-1"),
    (lambda T: T.zeros(3, dtype=T.int64).log_normal_(), "NotImplementedError",
     "\"log_normal_cpu\" not implemented for 'Long'"),
    (lambda T: T.zeros(3, dtype=T.int64).cauchy_(), "RuntimeError",
     "Cauchy distribution is a continuous probability distribution. dtype must be a floating "
     "point but you specified long int"),
]  # fmt: skip
