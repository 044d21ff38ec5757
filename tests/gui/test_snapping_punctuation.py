"""Word snapping leaves punctuation out, on the demo corpus's own sentences; Alt keeps the exact selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.core.span_edges import is_edge_mark, ragged_edge
from annotator.core.word_snapping import snap_to_words, trim

CORPUS = Path(__file__).resolve().parents[2] / "resources" / "demo"
NEWS = Path("/work/shared/corpus/news")


def corpus_text() -> str:
    folder = NEWS if NEWS.is_dir() else CORPUS
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))]
    if not texts:
        pytest.skip("no news corpus here")
    return "\n".join(texts)


TEXT = corpus_text()


def drag_over(text: str, found: str, occurrence: int = 0) -> tuple[int, int]:
    """The selection of a drag from just before `found` to just after it (one character of slack)."""
    i = -1
    for _ in range(occurrence + 1):
        i = text.index(found, i + 1)
    return i, i + len(found)


@pytest.mark.parametrize(
    "dragged, expected",
    [
        ("الأمم المتحدة،", "الأمم المتحدة"),  # Arabic comma after
        ("«وقف فوري»", "وقف فوري"),  # guillemets both sides
        ("«نيويورك تايمز»", "نيويورك تايمز"),
        ("“نص القرار هذا لم يتضمن إدانة حماس”", "نص القرار هذا لم يتضمن إدانة حماس"),  # curly quotes
        ("(الفيتو)", "الفيتو"),  # brackets
        ("Kaster)؛", "Kaster"),  # bracket and Arabic semicolon
    ],
)
def test_dragging_over_real_text_leaves_the_marks_out(dragged, expected):
    start, end = drag_over(TEXT, dragged)
    s, e = snap_to_words(TEXT, start, end)
    assert TEXT[s:e] == expected
    # Alt keeps the selection exactly as dragged.
    assert trim(TEXT, start, end) == (start, end)


def test_a_drag_starting_mid_word_with_the_comma_still_snaps_to_the_whole_words():
    start, end = drag_over(TEXT, "الأمم المتحدة،")
    s, e = snap_to_words(TEXT, start + 2, end)
    assert TEXT[s:e] == "الأمم المتحدة"


@pytest.mark.parametrize(
    "mark", ["«", "»", "“", "”", '"', "'", "‹", "›", "(", ")", "[", "]", "،", "؛", "؟", ".", "!", ":", "-"]
)
def test_every_mark_is_left_out_on_both_sides(mark):
    sentence = f"قال نتنياهو {mark}رفح{mark} أمس"
    i = sentence.index("رفح")
    assert sentence[slice(*snap_to_words(sentence, i - 1, i + 4))] == "رفح"
    assert is_edge_mark(mark)


def test_marks_that_belong_to_a_name_or_number_stay():
    for text in ("٥٠٪", "50%", "AT&T", "@UN", "#غزة"):
        assert snap_to_words(text, 0, len(text)) == (0, len(text))
        assert ragged_edge(text) is None


def test_inner_punctuation_stays_and_a_lone_mark_is_kept():
    text = "قال: «الولايات المتحدة، وإسرائيل» أمس"
    start, end = text.index("الولايات"), text.index("»") + 1
    assert text[slice(*snap_to_words(text, start, end))] == "الولايات المتحدة، وإسرائيل"
    comma = text.index("،")
    assert snap_to_words(text, comma, comma + 1) == (comma, comma + 1)


def test_ragged_edges_are_named():
    assert ragged_edge("الأمم المتحدة،") == "ends with '،'"
    assert ragged_edge("«هذه") == "begins with '«'"
    assert ragged_edge(" رفح") == "begins with white space"
    assert ragged_edge("رفح") is None


def test_in_the_window_a_drag_over_a_word_and_its_comma_labels_the_word_alone(window, qtbot):
    from gui_texts import ARTICLE
    from PySide6.QtCore import Qt
    from test_entities import core_spans, drag

    view = window.workspace.view
    comma = ARTICLE.index("،")
    word_start = ARTICLE.rindex(" ", 0, comma) + 1
    drag(qtbot, view, word_start, comma + 1)
    qtbot.keyClick(view, Qt.Key.Key_1)
    assert core_spans(window) == [(word_start, comma, "PER", ARTICLE[word_start:comma])]
    # With Alt the comma stays, as dragged.
    drag(qtbot, view, word_start, comma + 1, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert (word_start, comma + 1, "ORG", ARTICLE[word_start : comma + 1]) in core_spans(window)
