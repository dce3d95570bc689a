"""The named tuples some functions return, as PyTorch's `torch.return_types`.

`values, indices = x.max(1)`, `x.max(1).indices`, `x.sort().values`, ... each a
`collections.namedtuple` named after its function.
"""

from __future__ import annotations

from collections import namedtuple

max = namedtuple("max", ["values", "indices"])
min = namedtuple("min", ["values", "indices"])
sort = namedtuple("sort", ["values", "indices"])
topk = namedtuple("topk", ["values", "indices"])
histogram = namedtuple("histogram", ["hist", "bin_edges"])
aminmax = namedtuple("aminmax", ["min", "max"])

for _cls in (max, min, sort, topk):
    _cls.__doc__ = f"The result of `{_cls.__name__}` with a dim: (values, indices)."
histogram.__doc__ = "The result of `histogram`: (hist, bin_edges)."
aminmax.__doc__ = "The result of `aminmax`: (min, max)."

# order statistics and running extremes
median = namedtuple("median", ["values", "indices"])
nanmedian = namedtuple("nanmedian", ["values", "indices"])
mode = namedtuple("mode", ["values", "indices"])
kthvalue = namedtuple("kthvalue", ["values", "indices"])
cummax = namedtuple("cummax", ["values", "indices"])
cummin = namedtuple("cummin", ["values", "indices"])
frexp = namedtuple("frexp", ["mantissa", "exponent"])
histogramdd = namedtuple("histogramdd", ["hist", "bin_edges"])
for _cls in (median, nanmedian, mode, kthvalue, cummax, cummin):
    _cls.__doc__ = f"The result of `{_cls.__name__}` with a dim: (values, indices)."
del _cls
frexp.__doc__ = "The result of `frexp`: (mantissa, exponent), input = mantissa * 2**exponent."
histogramdd.__doc__ = "The result of `histogramdd`: (hist, bin_edges), one tensor of edges per dim."

__all__ = ["histogram", "max", "min", "sort", "topk"]
__all__ += ["cummax", "cummin", "kthvalue", "median", "mode", "nanmedian", "frexp", "histogramdd"]

# linear algebra (autograd/tensor_matrix.py, autograd/linalg.py)
slogdet = namedtuple("slogdet", ["sign", "logabsdet"])
slogdet.__doc__ = "The result of `slogdet`: (sign, logabsdet)."
qr = namedtuple("qr", ["Q", "R"])
qr.__doc__ = "The result of `qr`: (Q, R)."
linalg_qr = namedtuple("linalg_qr", ["Q", "R"])
linalg_qr.__doc__ = "The result of `linalg.qr`: (Q, R)."
linalg_eigh = namedtuple("linalg_eigh", ["eigenvalues", "eigenvectors"])
linalg_eigh.__doc__ = "The result of `linalg.eigh`: (eigenvalues, eigenvectors)."
svd = namedtuple("svd", ["U", "S", "V"])
svd.__doc__ = "The result of `svd`: (U, S, V), A = U diag(S) V^T."
linalg_svd = namedtuple("linalg_svd", ["U", "S", "Vh"])
linalg_svd.__doc__ = "The result of `linalg.svd`: (U, S, Vh), A = U diag(S) Vh."
__all__ += ["linalg_eigh", "linalg_qr", "linalg_svd", "qr", "slogdet", "svd"]
__all__ += ["aminmax"]

# LU, triangular solves, Householder QR, the *_ex functions, least squares
linalg_lu_factor = namedtuple("linalg_lu_factor", ["LU", "pivots"])
linalg_lu_factor.__doc__ = "The result of `linalg.lu_factor`: (LU, pivots)."
linalg_lu_factor_ex = namedtuple("linalg_lu_factor_ex", ["LU", "pivots", "info"])
linalg_lu_factor_ex.__doc__ = "The result of `linalg.lu_factor_ex`: (LU, pivots, info)."
linalg_lu = namedtuple("linalg_lu", ["P", "L", "U"])
linalg_lu.__doc__ = "The result of `linalg.lu`: (P, L, U)."
lu_unpack = namedtuple("lu_unpack", ["P", "L", "U"])
lu_unpack.__doc__ = "The result of `lu_unpack`: (P, L, U)."
triangular_solve = namedtuple("triangular_solve", ["solution", "cloned_coefficient"])
triangular_solve.__doc__ = "The result of `triangular_solve`: (solution, cloned_coefficient)."
geqrf = namedtuple("geqrf", ["a", "tau"])
geqrf.__doc__ = "The result of `geqrf`: (a, tau)."
linalg_solve_ex = namedtuple("linalg_solve_ex", ["result", "info"])
linalg_solve_ex.__doc__ = "The result of `linalg.solve_ex`: (result, info)."
linalg_inv_ex = namedtuple("linalg_inv_ex", ["inverse", "info"])
linalg_inv_ex.__doc__ = "The result of `linalg.inv_ex`: (inverse, info)."
linalg_cholesky_ex = namedtuple("linalg_cholesky_ex", ["L", "info"])
linalg_cholesky_ex.__doc__ = "The result of `linalg.cholesky_ex`: (L, info)."
linalg_lstsq = namedtuple("linalg_lstsq", ["solution", "residuals", "rank", "singular_values"])
linalg_lstsq.__doc__ = "The result of `linalg.lstsq`: (solution, residuals, rank, singular_values)."
__all__ += [
    "linalg_lu_factor",
    "linalg_lu_factor_ex",
    "linalg_lu",
    "lu_unpack",
    "triangular_solve",
    "geqrf",
    "linalg_solve_ex",
    "linalg_inv_ex",
    "linalg_cholesky_ex",
    "linalg_lstsq",
]
