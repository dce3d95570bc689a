"""Training: `fit`, `evaluate`, `predict`, `History`, callbacks and metrics; `cross_validate`
and `search` (grid and random) over many fits, in parallel with joblib if asked.

`fit` picks its metrics from the task: accuracy for classification, MAE, RMSE and R^2
for regression (``metrics="auto"``); pass names or functions to choose.

```python
from nn.training import EarlyStopping, fit
history = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters()),
              (X_train, y_train), val_data=(X_val, y_val), epochs=30,
              callbacks=[EarlyStopping(patience=5)])
history.plot("out/learning_curves.png")
results = search(make_model, nn.CrossEntropyLoss(), optim.Adam, (X, y),
                 {"hidden": [16, 64], "lr": [1e-2, 1e-3]}, cv=5, n_jobs=-1)
```
"""

from .callbacks import Callback, EarlyStopping, LearningRateScheduler, ModelCheckpoint
from .history import History
from .loop import evaluate, fit, predict
from .metrics import accuracy, mae, mse, r2, resolve_metrics, rmse
from .results import SearchResults, ValidationResults
from .search import cross_validate, param_grid, sample_params, search
from .table import Table

__all__ = [
    "Callback",
    "EarlyStopping",
    "History",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "SearchResults",
    "Table",
    "ValidationResults",
    "accuracy",
    "cross_validate",
    "evaluate",
    "fit",
    "mae",
    "mse",
    "param_grid",
    "predict",
    "r2",
    "resolve_metrics",
    "rmse",
    "sample_params",
    "search",
]
