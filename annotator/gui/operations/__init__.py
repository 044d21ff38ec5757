"""The GUI changes data only through these helpers, one per area (Anki's CollectionOp pattern).

Each helper calls the core, then emits one `changed` notice on the shared `Changes` hub, which every view
listens to; a core `AnnotatorError` becomes an `error` message instead of an exception.
"""

from .base import Change, Changes
from .document_labels import StanceOps
from .history import HistoryOps
from .schema import SchemaOps
from .spans import SpanOps
from .status import StatusOps

__all__ = ["Change", "Changes", "HistoryOps", "SchemaOps", "SpanOps", "StanceOps", "StatusOps"]
