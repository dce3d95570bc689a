"""Names a package module provides on first use (PEP 562), from one table.

A package lists its rarely needed names in a table, name -> the submodule that defines
it (relative to the package), and hands it to `install`: the module gets a module-level
`__getattr__` that imports the submodule on the first access and caches the value, and
a `__dir__` that lists the names before they are loaded. The names stay in the module's
`__all__`, so `from nn import *`, `dir(nn)`, `nn.X`, `import nn.data` and pickling (a
class keeps the `__module__` of the file that defines it) work as if the names were
imported eagerly; `import nn` does not pay for them.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping
from typing import Any


def install(
    module_name: str, package: str, table: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """`__getattr__` and `__dir__` for module `module_name`, loading `table`'s names lazily.

    `table` maps a public name to the submodule of `package` that defines it; in the
    package itself, a name equal to its submodule's stands for the submodule (`"data":
    "data"`: `nn.data`). Elsewhere it is the submodule's attribute (`nn.functional.fold`
    is `nn.fold.fold`).
    """

    def __getattr__(name: str) -> Any:
        sub = table.get(name)
        if sub is None:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        defining = importlib.import_module(f"{package}.{sub}")
        own = defining.__name__ == f"{module_name}.{name}"  # the package's own submodule
        value = defining if own else getattr(defining, name)
        setattr(sys.modules[module_name], name, value)  # later lookups skip __getattr__
        return value

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[module_name])) | set(table))

    return __getattr__, __dir__


def table(by_module: Mapping[str, str]) -> dict[str, str]:
    """The name -> submodule table from submodule -> its names (one string, space-separated)."""
    return {name: sub for sub, names in by_module.items() for name in names.split()}
