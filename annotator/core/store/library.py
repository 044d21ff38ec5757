"""sqlite-utils, imported without pandas and numpy.

sqlite-utils imports both when they are installed (they are: the Hugging Face export needs them) only to
map their value types to column types, and the store never inserts such values. Importing them cost
0.6 s at every start of the window and of every command; blocked here, they are imported later, as
usual, by whatever needs them.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import TYPE_CHECKING

__all__ = ["sqlite_utils"]

_SKIPPED = ("pandas", "numpy")


def _import_lean() -> ModuleType:
    blocked = [name for name in _SKIPPED if name not in sys.modules]
    for name in blocked:
        sys.modules[name] = None  # type: ignore[assignment]  # makes `import name` raise ImportError
    try:
        import sqlite_utils
        import sqlite_utils.db  # noqa: F401  (where the optional imports happen)
    finally:
        for name in blocked:
            if sys.modules.get(name, ...) is None:
                del sys.modules[name]
    return sqlite_utils


if TYPE_CHECKING:  # the checker reads the module's types; at run time it is imported as above
    import sqlite_utils
else:
    sqlite_utils = _import_lean()
