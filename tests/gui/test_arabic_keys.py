"""Label keys and shortcuts with an Arabic keyboard layout active.

The key events are built as a platform without a Latin fallback delivers them (Windows without one, X11 or
Wayland with the Arabic layout alone, the offscreen platform): the Qt key is the character's code point
(ض comes as 0x636, as Qt's xkb key mapper names an Arabic keysym), the text is the Arabic character; with
Ctrl the text is a control character and only the key code names the letter.
"""

from __future__ import annotations

import string

from gui_texts import ARTICLE
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication

from annotator.gui.keyboard_layouts import ARABIC_101, latin_equivalent

CTRL = Qt.KeyboardModifier.ControlModifier


def press(widget, text: str, key: int | None = None, modifiers=Qt.KeyboardModifier.NoModifier) -> None:
    """Press and release one key; a non-spontaneous press is offered to the shortcuts first, as a real one is."""
    code = key if key is not None else ord(text) if len(text) == 1 else int(Qt.Key.Key_unknown)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, code, modifiers, text))


def spans(window):
    s = window.session
    return [(x.start, x.end, x.label) for x in s.project.spans.for_document(s.document_id, "A")]


def test_the_table_covers_every_latin_letter_once_and_every_arabic_digit():
    letters = [v for v in ARABIC_101.values() if v in string.ascii_lowercase]
    assert sorted(set(letters)) == list(string.ascii_lowercase)
    assert latin_equivalent("ض") == "q" and latin_equivalent("ؤ") == "c" and latin_equivalent("س") == "s"
    assert latin_equivalent("لا") == "b" == latin_equivalent("\ufefb")  # Windows sends two letters, X11 one
    assert [latin_equivalent(chr(0x660 + d)) for d in range(10)] == list("0123456789")
    assert [latin_equivalent(chr(0x6F0 + d)) for d in range(10)] == list("0123456789")
    assert latin_equivalent("\u064e") is None and latin_equivalent("\u064e", shifted=True) == "q"  # fatha
    assert latin_equivalent("x") is None and latin_equivalent("") is None


def test_arabic_indic_digits_label_and_relabel(window, qtbot):
    view = window.workspace.view
    i = ARTICLE.index("بايدن")
    view.set_selection(i, i + 5)
    press(view, "١")  # ١ U+0661 as its own key code
    assert spans(window) == [(i, i + 5, "PER")]
    press(view, "٢", key=Qt.Key.Key_2)  # as X11 delivers it: Qt already says Key_2
    assert spans(window) == [(i, i + 5, "ORG")]
    press(view, "۳")  # Eastern Arabic-Indic (Persian, Urdu layouts)
    assert spans(window) == [(i, i + 5, "GPE")]


def test_arabic_letters_on_q_c_s_k_make_a_quotation_its_cue_speaker_and_kind(window, qtbot):
    view = window.workspace.view
    quote_at = ARTICLE.index("الولايات المتحدة لن")
    quote_end = ARTICLE.index(".")
    view.set_selection(quote_at, quote_end)
    press(view, "ض")  # the Q key: a quotation
    quote = next(s for s in window.session.layer.spans() if s.label == "QUOTE")
    assert (quote.start, quote.end) == (quote_at, quote_end)
    view.set_selection(0, 3)
    press(view, "ؤ")  # the C key: its cue
    assert any(s.label == "CUE" and (s.start, s.end) == (0, 3) for s in window.session.layer.spans())
    who = ARTICLE.index("جو بايدن")
    view.set_selection(who, who + len("جو بايدن"))
    press(view, "س")  # the S key: its speaker
    speaker = window.session.project.relations.for_document(window.session.document_id, "A")
    assert [r.type for r in speaker].count("SPEAKER") == 1
    press(view, "ن")  # the K key: kind direct -> indirect
    assert window.session.layer.span(quote.id).attributes["kind"] == "indirect"


def test_ctrl_with_an_arabic_letter_runs_the_latin_shortcut(window, qtbot):
    view = window.workspace.view
    i = ARTICLE.index("بايدن")
    view.set_selection(i, i + 5)
    press(view, "١")
    press(view, "\x1a", key=ord("ئ"), modifiers=CTRL)  # Ctrl + the Z key: undo
    assert spans(window) == []
    press(view, "\x19", key=ord("غ"), modifiers=CTRL)  # Ctrl + the Y key: redo
    assert spans(window) == [(i, i + 5, "PER")]


def test_a_text_field_keeps_the_arabic_letters_typed_into_it(window, qtbot):
    window.open_find()
    field = window.find_bar.query
    field.setFocus()
    field.clear()
    for letter in "ضؤ":
        press(field, letter)
    assert field.text() == "ضؤ"
    assert spans(window) == []  # no quotation, no cue


def test_the_stance_keys_under_the_arabic_layout(window, qtbot):
    panel = window.workspace.stance
    window.workspace.side.setCurrentWidget(panel)
    panel.targets.setFocus()
    panel.targets.setCurrentRow(0)
    press(panel.targets, "ب")  # the F key: FAVOR
    s = window.session
    assert s.project.doc_labels.get(s.document_id, "A", "stance", "إسرائيل") == "FAVOR"
    press(panel.targets, "٠")  # Arabic-Indic zero: unset
    assert s.project.doc_labels.get(s.document_id, "A", "stance", "إسرائيل") is None
