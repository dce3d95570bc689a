"""Training: `fit`, `evaluate`, `predict`, `History`, callbacks and metrics.

`fit` picks its metrics from the task: accuracy for classification, MAE, RMSE and R^2
for regression (``metrics="auto"``); pass names or functions to choose.

```python
from nn.training import EarlyStopping, fit
history = fit(model, nn.CrossEntropyLoss(), optim.Adam(model.parameters()),
              (X_train, y_train), val_data=(X_val, y_val), epochs=30,
              callbacks=[EarlyStopping(patience=5)])
history.plot("out/learning_curves.png")
```
"""

from .callbacks import Callback, EarlyStopping, LearningRateScheduler, ModelCheckpoint
from .history import History
from .loop import evaluate, fit, predict
from .metrics import accuracy, mae, mse, r2, resolve_metrics, rmse

__all__ = [
    "Callback",
    "EarlyStopping",
    "History",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "accuracy",
    "evaluate",
    "fit",
    "mae",
    "mse",
    "predict",
    "r2",
    "resolve_metrics",
    "rmse",
]
