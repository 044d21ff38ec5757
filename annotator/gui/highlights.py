"""How annotations look: one text format per label, applied as ExtraSelections (colours only).

Why ExtraSelections and not char formats: they are drawn over the laid-out text, so the document is never
re-shaped or re-laid-out (cursive joining survives a highlight that starts inside a word, and adding a span
to a 1,000,000-character article repaints instead of re-laying out). They change colours and lines only,
never the font: a different weight or size would change the glyphs (tests/gui/test_glyphs.py).

Order matters, because each selection repaints the text of its range: entity backgrounds first (outer
before inner, so nested entities show), then quotation and cue underlines on top, which leave the
backgrounds they cross visible, and the selected span last.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import QTextEdit

from ..core.domain import UNKNOWN_COLOUR
from ..core.model import CUE, ENTITY, QUOTATION, Schema, Span
from .offsets import OffsetMap

_LAYER_ORDER = {ENTITY: 0, QUOTATION: 1, CUE: 2}


class HighlightStyle:
    def __init__(self, schema: Schema):
        self.schema = schema
        self._formats: dict[tuple[str, bool], QTextCharFormat] = {}

    def colour(self, label: str) -> QColor:
        found = self.schema.label(label)
        return QColor(found.colour if found else UNKNOWN_COLOUR)

    def format(self, label: str, selected: bool = False) -> QTextCharFormat:
        key = (label, selected)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = self._make_format(label, selected)
            self._formats[key] = fmt
        return fmt

    def _make_format(self, label: str, selected: bool) -> QTextCharFormat:
        fmt = QTextCharFormat()
        colour = self.colour(label)
        category = self.schema.category_of(label)
        if category == ENTITY:
            fmt.setBackground(colour.darker(135) if selected else colour)
        elif category == QUOTATION:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            fmt.setUnderlineColor(colour)
            if selected:
                tint = QColor(colour)
                tint.setAlpha(60)
                fmt.setBackground(tint)
        else:  # cue: dotted underline
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            fmt.setUnderlineColor(colour)
            if selected:
                tint = QColor(colour)
                tint.setAlpha(60)
                fmt.setBackground(tint)
        return fmt

    def draw_order(self, spans: Iterable[Span]) -> list[Span]:
        """Entities (outer first), then quotations, then cues: see the module docstring."""
        category = self.schema.category_of
        return sorted(spans, key=lambda s: (_LAYER_ORDER.get(category(s.label), 0), s.start, -s.end, s.id))


def extra_selections(
    document: QTextDocument,
    offsets: OffsetMap,
    spans: Iterable[Span],
    style: HighlightStyle,
    selected: int | None = None,
) -> list[QTextEdit.ExtraSelection]:
    out = []
    chosen = None
    for span in style.draw_order(spans):
        if span.id == selected:
            chosen = span
            continue
        out.append(_selection(document, offsets, span, style.format(span.label)))
    if chosen is not None:
        out.append(_selection(document, offsets, chosen, style.format(chosen.label, True)))
    return out


def _selection(document: QTextDocument, offsets: OffsetMap, span: Span, fmt: QTextCharFormat):
    return _range_selection(document, offsets, span.start, span.end, fmt)


def _range_selection(
    document: QTextDocument, offsets: OffsetMap, start: int, end: int, fmt: QTextCharFormat
) -> QTextEdit.ExtraSelection:
    """Code points [start, end) drawn in `fmt` (colour only: the text's shaping is untouched)."""
    u_start, u_end = offsets.span_to_utf16(start, end)
    cursor = QTextCursor(document)
    cursor.setPosition(u_start)
    cursor.setPosition(u_end, QTextCursor.MoveMode.KeepAnchor)
    sel = QTextEdit.ExtraSelection()
    sel.cursor = cursor
    sel.format = fmt
    return sel


SEARCH_COLOUR = "#fff176"  # the find bar's hits: a light yellow under the highlights, colour only


def search_selections(
    document: QTextDocument, offsets: OffsetMap, hits: Iterable[tuple[int, int]]
) -> list[QTextEdit.ExtraSelection]:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(SEARCH_COLOUR))
    return [_range_selection(document, offsets, start, end, fmt) for start, end in hits]


GHOST_COLOUR = "#e0e0e0"  # suggestions: a pale grey with a dashed underline, until accepted


def ghost_selections(
    document: QTextDocument, offsets: OffsetMap, ghosts: Iterable[tuple[int, int]]
) -> list[QTextEdit.ExtraSelection]:
    fmt = QTextCharFormat()
    fmt.setBackground(QColor(GHOST_COLOUR))
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
    fmt.setUnderlineColor(QColor("#757575"))
    return [_range_selection(document, offsets, start, end, fmt) for start, end in ghosts]
