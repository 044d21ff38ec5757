"""A long paragraph shown in display chunks: offsets, selection, highlights and glyphs stay exact."""

from __future__ import annotations

import test_text_view
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QGuiApplication, QTextCursor, QTextLayout
from test_text_view import show

from annotator.core.model import DocumentId, Span, SpanId
from annotator.gui.offsets import CHUNK_CHARS, display_breaks, display_text
from annotator.gui.text_view import rtl_text_option

view = test_text_view.view  # the article view fixture, shared with test_text_view

WORDS = ["قال", "الرئيس", "لواشنطن", "بايدن،", "😀", "🇺🇸", "مُحَمَّد", "CNN", "28", "الأمن.", "«هذه»", "و‍ل"]


def one_paragraph(n_words: int, seed: int = 3) -> str:
    import random

    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) for _ in range(n_words))


PARAGRAPH = one_paragraph(3000)  # ~20,000 characters, no line break


def test_breaks_fall_on_spaces_keep_chunks_small_and_prefer_sentence_ends():
    breaks = display_breaks(PARAGRAPH)
    assert len(breaks) >= len(PARAGRAPH) // CHUNK_CHARS - 1
    assert all(PARAGRAPH[i] == " " for i in breaks)
    shown = display_text(PARAGRAPH, breaks)
    assert len(shown) == len(PARAGRAPH) and shown.replace("\n", " ") == PARAGRAPH
    assert max(len(chunk) for chunk in shown.split("\n")) <= CHUNK_CHARS * 3 // 2
    # A sentence end in reach is where a chunk ends.
    sentence_ends = sum(PARAGRAPH[i - 1] in ".؟!" for i in breaks)
    assert sentence_ends > len(breaks) // 2


def test_short_paragraphs_and_spaceless_runs_are_left_alone():
    text = "\n".join([one_paragraph(100, seed)[:600] for seed in range(50)])
    assert display_breaks(text) == []
    assert display_breaks("ب" * 10_000) == []


def test_a_long_paragraph_becomes_many_small_blocks(view):
    show(view, PARAGRAPH)
    assert view.document().blockCount() == len(display_breaks(PARAGRAPH)) + 1 > 10
    assert view.text == PARAGRAPH  # the stored text, as it was


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_random_selections_on_a_chunked_paragraph_map_to_exact_stored_offsets(view, data):
    if view.text != PARAGRAPH:
        show(view, PARAGRAPH)
    offsets = view.offsets
    breaks = view.display_breaks
    # Half the selections start or end right at a chunk edge.
    edge = data.draw(st.sampled_from(breaks))
    start = data.draw(st.one_of(st.integers(0, len(PARAGRAPH)), st.integers(edge - 3, edge + 3)))
    end = data.draw(st.one_of(st.integers(0, len(PARAGRAPH)), st.integers(edge - 3, edge + 3)))
    start, end = sorted((start, end))
    view.set_selection(start, end)
    assert view.selection() == ((start, end) if start < end else None)
    # The same range made from raw Qt positions (as a mouse drag makes it) maps back to it.
    cursor = QTextCursor(view.document())
    cursor.setPosition(offsets.cp_to_utf16(end))
    cursor.setPosition(offsets.cp_to_utf16(start), QTextCursor.MoveMode.KeepAnchor)
    assert offsets.span_to_cp(cursor.selectionStart(), cursor.selectionEnd()) == (start, end)
    # What Qt shows there is the stored text, block edges standing for the spaces they replace.
    assert cursor.selectedText().replace("\u2029", " ") == PARAGRAPH[start:end]


def test_a_highlight_across_a_chunk_edge_covers_exactly_its_span(view):
    edge = display_breaks(PARAGRAPH)[2]
    start, end = PARAGRAPH.rindex(" ", 0, edge - 1) + 1, PARAGRAPH.index(" ", edge + 1)
    quote = Span(SpanId(1), DocumentId(1), "A", start, end, "QUOTE", PARAGRAPH[start:end])
    show(view, PARAGRAPH, [quote])
    view.select_span(1)
    offsets = view.offsets
    cursors = {(s.cursor.selectionStart(), s.cursor.selectionEnd()) for s in view.extraSelections()}
    assert (offsets.cp_to_utf16(start), offsets.cp_to_utf16(end)) in cursors
    assert view.document().findBlock(offsets.cp_to_utf16(start)) != view.document().findBlock(offsets.cp_to_utf16(end))


def test_copy_gives_the_stored_text_not_the_chunk_edges(view):
    show(view, PARAGRAPH)
    edge = view.display_breaks[0]
    view.set_selection(edge - 10, edge + 10)
    view.copy()
    clipboard = QGuiApplication.clipboard()
    try:
        assert clipboard.text() == PARAGRAPH[edge - 10 : edge + 10]
    finally:
        clipboard.clear()  # Qt's offscreen platform crashes at exit if the clipboard still holds data


def _glyphs(layout: QTextLayout, start: int, length: int) -> list[int]:
    glyphs = []
    for run in layout.glyphRuns(start, length):
        glyphs += [(p.x(), g) for g, p in zip(run.glyphIndexes(), run.positions(), strict=False)]
    return [g for _, g in sorted(glyphs)]


def test_words_at_chunk_edges_keep_their_joined_glyphs(view):
    """The words either side of every edge are shaped as in the unchunked paragraph."""
    text = " ".join(["لواشنطن", "مُحَمَّد", "الولايات"] * 600)
    show(view, text)
    whole = QTextLayout(text, view.font())
    whole.setTextOption(rtl_text_option())
    whole.beginLayout()
    while whole.createLine().isValid():
        whole.lineAt(whole.lineCount() - 1).setLineWidth(550)
    whole.endLayout()
    document = view.document()
    checked = 0
    for edge in view.display_breaks:
        for w_start, w_end in ((text.rindex(" ", 0, edge) + 1, edge), (edge + 1, text.index(" ", edge + 1))):
            block = document.findBlock(w_start)
            assert block == document.findBlock(w_end - 1), "a word was cut by a chunk edge"
            document.documentLayout().blockBoundingRect(block)  # lays the block out, even off screen
            chunked = _glyphs(block.layout(), w_start - block.position(), w_end - w_start)
            assert chunked and chunked == _glyphs(whole, w_start, w_end - w_start)
            checked += 1
    assert checked >= 4
