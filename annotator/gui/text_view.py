"""The article view: right-to-left text with annotations drawn as ExtraSelections over the visible part.

Right to left for real, not only the widget's direction: the document's default text option says
RightToLeft and AlignRight|AlignAbsolute (a plain AlignRight flips to the left in a right-to-left layout),
and every block says so too, so a paragraph that starts with "CNN", a digit or an emoji still reads right
to left and its short last line sits on the right.

Only the spans that overlap what is on screen become selections, recomputed on scroll, resize and
change: painting cost follows the window, not the article (20,000 spans cost nothing off screen). A
scroll recomputes them at once, before the frame that shows the new place is painted, and only when other
blocks came on screen (a jump with Ctrl+End shows its highlights in its first frame).
A paragraph longer than a few thousand characters is laid out in display chunks (gui/offsets.py,
`display_breaks`): Qt lays out and repaints one block at a time, and a one-paragraph article of a million
characters would otherwise be one block. Copying gives the stored text, not the chunked display.
"""

from __future__ import annotations

import bisect
from typing import cast

from PySide6.QtCore import QCoreApplication, QEvent, QMimeData, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QTextBlockFormat, QTextCursor, QTextOption
from PySide6.QtWidgets import QPlainTextEdit, QToolTip

from ..core.model import Span
from .fonts import DEFAULT_FAMILY, DEFAULT_POINT_SIZE, article_font
from .highlights import HighlightStyle, extra_selections, ghost_selections, search_selections
from .layer import DocumentLayer
from .offsets import OffsetMap, display_breaks, display_text
from .terms import attribute_name, attribute_value, label_name

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignAbsolute
ZOOM_STEP, MIN_POINT, MAX_POINT = 1.0, 8.0, 48.0

# Keys the window's shortcuts own even while the view has focus (a read-only text view would otherwise
# claim page keys for scrolling).
_WINDOW_KEYS = (
    Qt.Key.Key_PageDown,
    Qt.Key.Key_PageUp,
    Qt.Key.Key_Delete,
    Qt.Key.Key_Backspace,
    Qt.Key.Key_Tab,
    Qt.Key.Key_Backtab,
)


def rtl_text_option() -> QTextOption:
    option = QTextOption()
    option.setTextDirection(Qt.LayoutDirection.RightToLeft)
    option.setAlignment(RIGHT)
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    return option


class ArticleView(QPlainTextEdit):
    spanClicked = Signal(object)  # span id (the innermost under the click, then outward on re-clicks)
    emptyClicked = Signal()  # a click on text without a span
    zoomChanged = Signal(float)

    def __init__(self, parent=None, *, family: str | None = None, point_size: float | None = None):
        super().__init__(parent)
        family, point_size = family or DEFAULT_FAMILY, point_size or DEFAULT_POINT_SIZE
        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setMouseTracking(True)
        self._family = family
        self._point_size = point_size
        self.setFont(article_font(family, point_size))
        self.offsets = OffsetMap("")
        self.text = ""
        self.display_breaks: list[int] = []  # code points of spaces shown as block edges (long paragraphs)
        self.layer = DocumentLayer()
        self.highlight_style: HighlightStyle | None = None
        self.search_hits: list[tuple[int, int]] = []  # the find bar's hits, code points
        self.ghosts: list[tuple[int, int]] = []  # open suggestions, code points
        self.ghost_tips: list[tuple[tuple[int, int], str]] = []  # (ghost, its hover text)
        self.selected_span: int | None = None
        self.exact_selection = False  # the last mouse selection was made with Alt held: keep it as is
        self.whole_document = False  # render: highlight everything, not only what is on screen
        self._click_cycle: tuple[int, int] = (-1, 0)  # (code point, how many clicks there)
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)  # resize and zoom: once laid out
        self._refresh_timer.timeout.connect(self.refresh_highlights)
        # Not valueChanged -> timer.start: the value (a line number) would become the delay in ms, so the
        # highlights of the end of a long article appeared a second after Ctrl+End.
        self._highlighted_range: tuple[int, int] | None = None  # the visible range the selections cover
        self.highlight_refreshes = 0  # how many times the selections were computed (tests)
        self.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._apply_direction()

    # ---- content ------------------------------------------------------------------------------------
    def show_text(self, text: str, offsets: OffsetMap, layer: DocumentLayer, style: HighlightStyle) -> None:
        self.text, self.offsets, self.layer, self.highlight_style = text, offsets, layer, style
        self.selected_span = None
        self.setExtraSelections([])
        self.display_breaks = display_breaks(text)
        self.setPlainText(display_text(text, self.display_breaks))
        self._apply_direction()
        self.refresh_highlights()

    def set_style(self, style: HighlightStyle) -> None:
        self.highlight_style = style
        self.refresh_highlights()

    def _apply_direction(self) -> None:
        document = self.document()
        document.setDefaultTextOption(rtl_text_option())
        block_format = QTextBlockFormat()
        block_format.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        block_format.setAlignment(RIGHT)
        cursor = QTextCursor(document)
        cursor.select(QTextCursor.SelectionType.Document)
        cursor.mergeBlockFormat(block_format)  # not an edit of the text: undo is off, positions unchanged
        document.setUndoRedoEnabled(False)

    # ---- highlights ---------------------------------------------------------------------------------
    def visible_range(self) -> tuple[int, int]:
        """[start, end) in UTF-16 units of the blocks on screen."""
        if self.whole_document:
            return 0, self.document().characterCount()
        block = self.firstVisibleBlock()
        start = block.position()
        end = start
        offset = self.contentOffset()
        bottom = self.viewport().height()
        while block.isValid():
            end = block.position() + block.length()
            if self.blockBoundingGeometry(block).translated(offset).bottom() >= bottom:
                break
            block = block.next()
        return start, end

    def visible_spans(self) -> list[Span]:
        u_start, u_end = self.visible_range()
        start, end = self.offsets.span_to_cp(u_start, u_end)
        return self.layer.spans_in(start, end)

    def _scrolled(self, _value: int) -> None:
        if self.visible_range() != self._highlighted_range:
            self.refresh_highlights()

    def refresh_highlights(self) -> None:
        if self.highlight_style is None:
            return
        self.highlight_refreshes += 1
        self._highlighted_range = self.visible_range()
        found = ghost_selections(self.document(), self.offsets, self._visible(self.ghosts)) + search_selections(
            self.document(), self.offsets, self._visible(self.search_hits)
        )
        self.setExtraSelections(
            found
            + extra_selections(
                self.document(), self.offsets, self.visible_spans(), self.highlight_style, self.selected_span
            )
        )

    def show_search_hits(self, hits: list[tuple[int, int]]) -> None:
        """Mark the find bar's hits (code points [start, end), sorted); colour only, like the highlights."""
        self.search_hits = hits
        self.refresh_highlights()

    def show_ghosts(self, ghosts: list[tuple[int, int]], tips: list[str] | None = None) -> None:
        """Mark suggestions (code points [start, end), sorted) as ghosts: never saved until accepted. `tips`:
        what hovering each says (its label, source and score)."""
        self.ghosts = ghosts
        self.ghost_tips = list(zip(ghosts, tips, strict=True)) if tips is not None else []
        self.refresh_highlights()

    def _visible(self, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
        if not hits:
            return []
        start, end = self.offsets.span_to_cp(*self.visible_range())
        first = bisect.bisect_left(hits, (start, start)) - 1
        return [h for h in hits[max(first, 0) : bisect.bisect_right(hits, (end, end))] if h[1] > start]

    def select_span(self, span_id: int | None, *, scroll: bool = True) -> None:
        self.selected_span = span_id
        span = self.layer.span(span_id) if span_id is not None else None
        if span is not None and scroll:
            cursor = self.textCursor()
            cursor.setPosition(self.offsets.cp_to_utf16(span.start))
            self.setTextCursor(cursor)
            self.ensureCursorVisible()
        self.refresh_highlights()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._refresh_timer.start()

    # ---- selection and positions ------------------------------------------------------------------
    def selection(self) -> tuple[int, int] | None:
        """The selected text as code points [start, end), or None when nothing is selected."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        return self.offsets.span_to_cp(cursor.selectionStart(), cursor.selectionEnd())

    def createMimeDataFromSelection(self) -> QMimeData:  # noqa: N802 - Qt's name
        """Copy the stored text of the selection: a display chunk edge is a space there, not a line feed."""
        data = QMimeData()
        selection = self.selection()
        data.setText(self.text[selection[0] : selection[1]] if selection else "")
        return data

    def show_range(self, start: int, end: int) -> None:
        """Select code points [start, end) and scroll them into view (a hit, a unit, a disagreement)."""
        self.set_selection(start, end)
        self.ensureCursorVisible()

    def set_selection(self, start: int, end: int) -> None:
        """Select code points [start, end) (tests, find, keyboard helpers)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(self.offsets.cp_to_utf16(start))
        cursor.setPosition(self.offsets.cp_to_utf16(end), QTextCursor.MoveMode.KeepAnchor)
        self.setTextCursor(cursor)

    def char_at(self, point: QPoint) -> int | None:
        """The code point drawn under a viewport point, or None off the text."""
        block = self.cursorForPosition(point).block()
        if not block.isValid():
            return None
        origin = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        x, y = point.x() - origin.x(), point.y() - origin.y()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            if line.y() <= y < line.y() + line.height():
                if not line.x() <= x <= line.x() + line.width():
                    return None
                # PySide's cursorToX returns (x, cursor position); its stubs say only "object"
                first = cast(tuple[float, int], line.cursorToX(line.textStart()))
                last = cast(tuple[float, int], line.cursorToX(line.textStart() + line.textLength()))
                lo, hi = sorted((first[0], last[0]))
                if not lo <= x <= hi:
                    return None  # beside a short line, not on its text
                index = line.xToCursor(x, line.CursorPosition.CursorOnCharacter)
                index = min(max(index, line.textStart()), line.textStart() + max(line.textLength() - 1, 0))
                return self.offsets.utf16_to_cp(block.position() + index)
        return None

    def spans_under(self, point: QPoint) -> list[Span]:
        cp = self.char_at(point)
        return [] if cp is None else self.layer.spans_at(cp)

    # ---- mouse and keys -----------------------------------------------------------------------------
    def mousePressEvent(self, event) -> None:
        self.exact_selection = bool(event.modifiers() & Qt.KeyboardModifier.AltModifier)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        super().mouseReleaseEvent(event)
        if event.button() != Qt.MouseButton.LeftButton or self.textCursor().hasSelection():
            return
        cp = self.char_at(event.position().toPoint())
        spans = self.layer.spans_at(cp) if cp is not None else []
        if cp is None or not spans:
            self._click_cycle = (-1, 0)
            self.emptyClicked.emit()
            return
        # Clicking again at the same character walks outward through nested and overlapping spans.
        count = self._click_cycle[1] + 1 if self._click_cycle[0] == cp else 0
        self._click_cycle = (cp, count)
        self.spanClicked.emit(spans[count % len(spans)].id)

    def tooltip_at(self, point: QPoint) -> str:
        """What hovering a viewport point says: the spans there, then the suggestions (ghosts) there."""
        cp = self.char_at(point)
        if cp is None:
            return ""
        lines = [describe(s) for s in self.layer.spans_at(cp)]
        lines += [tip for (start, end), tip in self.ghost_tips if start <= cp < end]
        return "\n".join(lines)

    def viewportEvent(self, event) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            text = self.tooltip_at(event.pos())
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in _WINDOW_KEYS:
            event.ignore()  # let the window's action have it
            return False
        return super().event(event)

    def wheelEvent(self, event) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.zoom(1 if event.angleDelta().y() > 0 else -1)
            return
        super().wheelEvent(event)

    # ---- zoom ---------------------------------------------------------------------------------------
    @property
    def point_size(self) -> float:
        return self._point_size

    def zoom(self, steps: int) -> None:
        self.set_point_size(self._point_size + steps * ZOOM_STEP)

    def set_point_size(self, size: float) -> None:
        self._point_size = min(MAX_POINT, max(MIN_POINT, size))
        self.setFont(article_font(self._family, self._point_size))
        self.zoomChanged.emit(self._point_size)
        self._refresh_timer.start()

    def set_family(self, family: str) -> None:
        self._family = family
        self.setFont(article_font(family, self._point_size))
        self._refresh_timer.start()


def describe(span: Span) -> str:
    """Hover text: label, attributes, the text itself."""
    attrs = QCoreApplication.translate("Terms", ", ").join(
        f"{attribute_name(k)}={attribute_value(v)}" for k, v in sorted(span.attributes.items())
    )
    text = span.text if len(span.text) <= 60 else span.text[:57] + "…"
    return f"{label_name(span.label)}{' (' + attrs + ')' if attrs else ''}: {text}"
