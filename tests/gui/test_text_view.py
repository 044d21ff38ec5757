"""The article view: right to left for real, highlights that never change glyphs, only what is visible."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QTextCharFormat, QTextCursor, QTextLayout
from view_points import point_of

from annotator.core.model import DocumentId, Span, SpanId, default_schema
from annotator.gui.highlights import HighlightStyle
from annotator.gui.layer import DocumentLayer
from annotator.gui.offsets import OffsetMap
from annotator.gui.text_view import ArticleView, rtl_text_option

LONG = (
    "واستخدمت الولايات المتحدة حق النقض ضد ثلاثة قرارات سابقة لمجلس الأمن التابع للأمم المتحدة تدعو إلى "
    "إنهاء الحرب في غزة بين إسرائيل وحماس، متفقة مع حجة إسرائيل بأنها ستترك حماس سليمة."
)


def span(i, start, end, label, text):
    return Span(SpanId(i), DocumentId(1), "A", start, end, label, text[start:end])


@pytest.fixture
def view(qtbot):
    v = ArticleView(point_size=14)
    qtbot.addWidget(v)
    v.resize(600, 400)
    v.show()
    qtbot.waitExposed(v)
    return v


def show(view, text, spans=()):
    view.show_text(text, OffsetMap(text), DocumentLayer(spans), HighlightStyle(default_schema()))
    view.repaint()


def x_of(view, utf16_pos):
    cursor = QTextCursor(view.document())
    cursor.setPosition(utf16_pos)
    return view.cursorRect(cursor).x()


@pytest.mark.parametrize("first", ["CNN", "28", "😀", "🇺🇸"])
def test_a_paragraph_starting_with_latin_digits_or_emoji_reads_right_to_left(view, first):
    show(view, f"{first} قالت إن الوفد سيصل يوم الاثنين")
    width = view.viewport().width()
    arabic_start = len(first.encode("utf-16-le")) // 2 + 1
    # The first character sits on the right half, the Arabic that follows it further left.
    assert x_of(view, 0) > width / 2
    assert x_of(view, arabic_start) < x_of(view, 0)


def test_the_document_itself_is_right_to_left_not_only_the_widget(view):
    show(view, "CNN قالت")
    assert view.document().defaultTextOption().textDirection() == Qt.LayoutDirection.RightToLeft
    block = view.document().firstBlock()
    assert block.blockFormat().layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert block.layout().textOption().alignment() & Qt.AlignmentFlag.AlignAbsolute


def test_the_short_last_line_of_a_paragraph_sits_on_the_right(view):
    show(view, LONG + "\nسطر تالٍ")
    block = view.document().firstBlock()
    layout = block.layout()
    assert layout.lineCount() >= 2
    last = layout.lineAt(layout.lineCount() - 1)
    assert last.naturalTextWidth() < view.viewport().width() / 2  # it is short
    xs = [x_of(view, block.position() + last.textStart() + k) for k in range(last.textLength())]
    width = view.viewport().width()
    assert max(xs) > width - 40  # it touches the right margin...
    assert min(xs) > width / 3  # ...and leaves the left side empty


def glyph_ids(layout: QTextLayout, start: int, length: int) -> list[tuple[int, float]]:
    """The glyphs drawn for [start, start+length) in visual order, with their x positions.

    A format boundary splits glyph runs, so runs are merged and ordered by position: the same glyphs at
    the same places means the same shaping (joined letters stay joined).
    """
    glyphs = []
    for run in layout.glyphRuns(start, length):
        glyphs += [(round(p.x(), 1), g) for g, p in zip(run.glyphIndexes(), run.positions(), strict=False)]
    return [(g, x) for x, g in sorted(glyphs)]


def test_highlights_inside_words_leave_the_glyphs_unchanged(view):
    text = "وأضاف أن الوفد لن يسافر لواشنطن هذا الأسبوع في الولايات المتحدة"
    word1 = text.index("لواشنطن")
    word2 = text.index("المتحدة")
    show(view, text)
    layout = view.document().firstBlock().layout()
    before = glyph_ids(layout, 0, len(text))
    # One highlight starts after the clitic ل, one ends inside a word.
    spans = [span(1, word1 + 1, word1 + 7, "GPE", text), span(2, word2, word2 + 3, "ORG", text)]
    show(view, text, spans)
    selections = view.extraSelections()
    assert {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in selections} == {
        (word1 + 1, word1 + 7),
        (word2, word2 + 3),
    }
    layout = view.document().firstBlock().layout()
    assert glyph_ids(layout, 0, len(text)) == before

    # The highlight formats themselves are colours only: applied as real formats on a fresh layout they
    # still give the same glyphs (a bold or resized highlight would not; checked below).
    def laid_out(formats):
        tl = QTextLayout(text, view.font())
        tl.setTextOption(rtl_text_option())
        tl.setFormats(formats)
        tl.beginLayout()
        tl.createLine()
        tl.endLayout()
        return glyph_ids(tl, 0, len(text))

    plain = laid_out([])
    ranges = []
    for s in selections:
        r = QTextLayout.FormatRange()
        start, end = s.cursor.selectionStart(), s.cursor.selectionEnd()
        r.start, r.length, r.format = start, end - start, s.format
        ranges.append(r)
    assert laid_out(ranges) == plain
    bold = QTextCharFormat()
    bold.setFontWeight(QFont.Weight.Bold)
    r = QTextLayout.FormatRange()
    r.start, r.length, r.format = word1 + 1, 6, bold
    assert laid_out([r]) != plain, "the comparison must notice a highlight that changes the font"


def test_only_spans_on_screen_become_selections(view):
    paragraph = "قال الرئيس بايدن إن الولايات المتحدة لن تستخدم الفيتو."
    text = "\n".join([paragraph] * 400)
    spans = []
    pos = 0
    for i in range(400):
        start = pos + paragraph.index("بايدن")
        spans.append(span(i + 1, start, start + 5, "PER", text))
        pos += len(paragraph) + 1
    show(view, text, spans)
    shown = len(view.extraSelections())
    assert 0 < shown < 60
    view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
    view.refresh_highlights()
    selections = view.extraSelections()
    assert selections[-1].cursor.selectionStart() == spans[-1].start  # scrolled to the end: the last span is drawn


def test_nested_and_overlapping_spans_are_all_drawn_and_reachable_by_clicks(view, qtbot):
    text = "قال الأمين العام إن الأمم المتحدة في خطر."
    org = text.index("الأمم المتحدة")
    spans = [
        span(1, 0, len(text) - 1, "QUOTE", text),
        span(2, org, org + len("الأمم المتحدة"), "ORG", text),
        span(3, org + 6, org + len("الأمم المتحدة"), "GPE", text),
        span(4, 0, 3, "CUE", text),
    ]
    show(view, text, spans)
    assert len(view.extraSelections()) == 4
    clicked = []
    view.spanClicked.connect(clicked.append)
    point = point_of(view, org + 8)  # inside المتحدة: GPE inside ORG inside QUOTE
    for _ in range(4):
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert clicked == [3, 2, 1, 3]  # innermost first, then outward, then around again
    assert [s.label for s in view.spans_under(point)] == ["GPE", "ORG", "QUOTE"]


def test_zoom_changes_the_point_size_within_limits(view):
    show(view, "نص")
    size = view.point_size
    view.zoom(2)
    assert view.point_size == size + 2 and view.font().pointSizeF() == size + 2
    view.zoom(-100)
    assert view.point_size == 8
