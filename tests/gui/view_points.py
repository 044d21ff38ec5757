"""Where a test clicks or drags in the article view: viewport points of code points."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

from annotator.gui.text_view import ArticleView


def point_of(view: ArticleView, cp: int) -> QPoint:
    """The viewport point in the middle of the character at code point `cp`."""
    u = view.offsets.cp_to_utf16(cp)
    cursor = QTextCursor(view.document())
    cursor.setPosition(u)
    a = view.cursorRect(cursor)
    cursor.setPosition(u + 1)
    b = view.cursorRect(cursor)
    if a.top() != b.top():  # the character ends a line: use its start edge
        return QPoint(a.center().x() - 2, a.center().y())
    return QPoint((a.center().x() + b.center().x()) // 2, a.center().y())


def edge_point(view: ArticleView, cp: int) -> QPoint:
    """The viewport point of the caret before code point `cp` (a boundary between characters)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.offsets.cp_to_utf16(cp))
    return view.cursorRect(cursor).center()
