"""Training: `fit`, `evaluate`, `predict`, `History`, callbacks and metrics.

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
from .metrics import accuracy, resolve_metrics

__all__ = [
    "Callback",
    "EarlyStopping",
    "History",
    "LearningRateScheduler",
    "ModelCheckpoint",
    "accuracy",
    "evaluate",
    "fit",
    "predict",
    "resolve_metrics",
]
