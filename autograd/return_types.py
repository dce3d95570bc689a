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
