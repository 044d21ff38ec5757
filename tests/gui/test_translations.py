"""The interface in Arabic: every visible string translated, the .ts finished, the .qm up to date with it, the
window mirrored (the documents list on the right), and the language chosen by --lang, ANNOTATOR_LANG, the
setting or the system."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from gui_texts import ARTICLE, SECOND
from open_windows import open_window_as_a
from PySide6.QtCore import QLocale, QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

from annotator import __version__
from annotator.core.formats.registry import FORMATS
from annotator.gui import i18n, terms
from annotator.gui import settings as prefs
from annotator.gui.fonts import ARABIC_FAMILIES

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "i18n" / "annotator_ar.ts"
QM = ROOT / "resources" / "i18n" / "annotator_ar.qm"

# Latin words an Arabic interface keeps: key names, file formats and encodings, program and font names, the
# coefficient F1, and examples of what the user types (OLD=NEW, NORP, gold).
ALLOWED_WORDS = {
    "Ctrl",
    "Shift",
    "Alt",
    "Del",
    "Esc",
    "Tab",
    "Enter",
    "Return",
    "Backspace",
    "PgDn",
    "PgUp",
    "PgDown",
    "annotator",
    "CoNLL",
    "conll",
    "JSONL",
    "jsonl",
    "spaCy",
    "hf",
    "brat",
    "xmi",
    "txt",
    "tsv",
    "UTF",
    "BOM",
    "SQLite",
    "F1",
    "OLD",
    "NEW",
    "NORP",
    "gold",
    "MIT",
    "Noto",
    "Naskh",
    "Arabic",
    "Amiri",
}
ISOLATED = re.compile("\u2068[^\u2069]*\u2069")  # user data (names, quotes) inside isolates
KEY_NAME = re.compile(r"\b(?:F\d{1,2}|[A-Z])\b")  # F1..F12 and single-letter keys: S, K, Q, 1-9 ...
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]+")


def untranslated(text: str, allowed: set[str]) -> list[str]:
    """The Latin words of `text` that are neither allowed nor user data."""
    text = ISOLATED.sub(" ", html.unescape(re.sub(r"<[^>]+>", " ", text)))
    for word in sorted(allowed, key=len, reverse=True):  # multi-word names (documents, families) first
        text = re.sub(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", " ", text)
    text = re.sub(r"\S*[/\\.]annotator\S*|\S+\.(?:tsv|txt|png)\b", " ", text)  # file names and paths
    text = KEY_NAME.sub(" ", text)
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_WORDS]


def visible_texts(widget: QWidget) -> list[tuple[str, str]]:
    """(where, text) of everything a widget and its children show: labels, buttons, placeholders, tooltips,
    titles, tabs, combo items, header sections and menus (user content of lists and editors is data)."""
    found: list[tuple[str, str]] = []
    for w in [widget, *widget.findChildren(QWidget)]:
        where = f"{type(w).__name__} {w.objectName()}"
        if w.isWindow():
            found.append((where + " title", w.windowTitle()))
        found.append((where + " tooltip", w.toolTip()))
        if isinstance(w, (QLabel, QAbstractButton)):
            found.append((where, w.text()))
        elif isinstance(w, QLineEdit) and not isinstance(w.parent(), QComboBox):
            found.append((where + " placeholder", w.placeholderText()))
        elif isinstance(w, QComboBox) and not w.isEditable():
            found += [(where + " item", w.itemText(i)) for i in range(w.count())]
        elif isinstance(w, QComboBox) and w.lineEdit() is not None:
            found.append((where + " placeholder", w.lineEdit().placeholderText()))
        elif isinstance(w, QTabWidget):
            found += [(where + " tab", w.tabText(i)) for i in range(w.count())]
        elif isinstance(w, QPlainTextEdit):
            found.append((where + " placeholder", w.placeholderText()))
        elif isinstance(w, QMenu):
            for action in w.actions():
                found += [(where + " action", action.text()), (where + " action tip", action.toolTip())]
        header = w.horizontalHeader() if isinstance(w, QTableView) else w.header() if isinstance(w, QTreeView) else None
        if header is not None and w.model() is not None:
            model = w.model()
            columns = header.count()
            found += [
                (where + " header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")) for c in range(columns)
            ]
            found += [
                (
                    where + " header tip",
                    str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) or ""),
                )
                for c in range(columns)
            ]
    return found


@pytest.fixture
def arabic(qapp):
    assert i18n.install("ar", qapp) == "ar"
    yield
    i18n.install("en", qapp)


@pytest.fixture
def two_annotators(project):
    """A's and B's work in the fixture project, so agreement and curation have something to show."""
    first = project.documents.by_name("01 article").id
    second = project.documents.by_name("02 gaza").id
    start = ARTICLE.index("جو بايدن")
    for who in "AB":
        project.spans.add(first, who, start, start + len("جو بايدن"), "PER")
    start = SECOND.index("غزة")
    project.spans.add(second, "B", start, start + 3, "GPE")
    return project


@pytest.fixture
def arabic_window(qtbot, arabic, two_annotators):
    return open_window_as_a(qtbot, two_annotators.path)


def allowed_for(window) -> set[str]:
    """User data and names the interface shows as they are: labels, targets, annotators, documents."""
    project = window.project
    schema = window.session.schema
    return (
        {lab.name for lab in schema.labels}
        | set(schema.stance_values)
        | set(schema.targets)
        | set(project.annotators.list())
        | {d.name for d in window.session.documents}
        | {project.path.name, str(project.path), __version__}
        | set(FORMATS)
        | set(ARABIC_FAMILIES)
    )


def open_every_dialog(window, qtbot) -> list[QWidget]:
    """The window's dialogs, each opened the way its menu opens it."""
    from annotator.gui.find_bar import LabelAllPreview

    opened = []
    window.dialogs.show_help()
    window.dialogs.show_about()
    window.dialogs.edit_schema()
    window.dialogs.import_dialog()
    window.dialogs.export_dialog()
    window.dialogs.check_dialog()
    qtbot.waitUntil(lambda: not window.dialogs.job_dialog.job.running, timeout=10000)
    window.dialogs.merge_projects()
    window.dialogs.open_suggestions()
    window.dialogs.open_agreement()
    window.dialogs.agreement_dialog.wait()
    qtbot.waitUntil(lambda: window.dialogs.agreement_dialog.report is not None, timeout=10000)
    window.dialogs.open_curation()
    window.open_find()
    window.find_bar.query.setText("بايدن")
    opened.append(LabelAllPreview(window.find_bar.hits, "PER", "A", window))
    opened += [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]
    tools = window.dialogs  # the docked tools
    opened += [tools.suggestions_dialog, tools.agreement_dialog, tools.curation_dialog]
    return opened


def status_messages(window) -> list[tuple[str, str]]:
    """What the status bar says after the workspace's commands, undo and redo, and moving between documents."""
    said: list[str] = []
    window.statusBar().messageChanged.connect(lambda text: said.append(text) if text else None)
    workspace = window.workspace
    for command in (
        workspace.speaker,
        workspace.cycle_kind,
        workspace.delete_selected,
        workspace.quote,
        workspace.cue,
        lambda: workspace.apply_label("PER"),
        lambda: workspace.cycle_focus(1),
        workspace.undo,
        workspace.redo,
        workspace.redo,
        workspace.toggle_done,
        workspace.toggle_done,
        workspace.previous_document,
        workspace.next_document,
        workspace.next_document,
        workspace.next_document,
    ):
        command()
    return [("status bar", text) for text in said]


def test_every_visible_string_of_the_window_and_its_dialogs_is_arabic(arabic_window, qtbot):
    window = arabic_window
    messages = status_messages(window)
    assert len(messages) >= 12
    dialogs = open_every_dialog(window, qtbot)
    assert len({type(d).__name__ for d in dialogs}) >= 10  # keys, about, schema, import, export, ... curation
    allowed = allowed_for(window)
    keys_table = window.dialogs.keys_dialog.table  # the F1 list is interface, not data
    texts = [
        *visible_texts(window),
        *(t for d in dialogs for t in visible_texts(d)),
        *messages,
        *(("keys", keys_table.item(r, c).text()) for r in range(keys_table.rowCount()) for c in (0, 1)),
    ]
    window.close_project()  # the start page
    texts += visible_texts(window.start_page)
    assert len([t for _, t in texts if t]) > 200
    left = sorted({(where, text) for where, text in texts if untranslated(text, allowed)})
    assert left == [], "\n".join(f"{where}: {text!r}" for where, text in left)


def test_every_export_option_is_marked_for_translation_and_arabic_in_the_export_dialog(arabic, qtbot, project):
    """The export options' window words live in the core (core/export_options.py); the GUI marks the same
    strings for lupdate, and each format's option controls show Arabic."""
    from annotator.core.export_options import OPTIONS
    from annotator.gui.dialogs.transfer import EXPORT_OPTION_TEXTS, ExportDialog

    words = [w for o in OPTIONS for w in (o.label, o.tip, o.unset, o.example, *o.choices) if w]
    assert sorted(EXPORT_OPTION_TEXTS) == sorted(words)
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    left = []
    for fmt in FORMATS:
        dialog.format.setCurrentText(fmt)
        texts = visible_texts(dialog.format_options)
        texts += [
            (f"{fmt} {name} none", w.specialValueText())
            for name, w in dialog.option_widgets.items()
            if hasattr(w, "specialValueText")
        ]
        left += [(where, text) for where, text in texts if untranslated(text, set(FORMATS))]
    assert left == []


def test_the_walk_finds_an_untranslated_string():
    """The check itself: an English phrase fails it; keys, formats and user data in isolates do not."""
    assert untranslated("Dismiss", set()) == ["Dismiss"]
    assert untranslated("<b>Label all…</b>", set()) == ["Label", "all"]
    assert untranslated("اضغط Ctrl+Shift+Z أو F3 ثم S", set()) == []
    assert untranslated("ملف ‎.conll — \u2068Joe Biden\u2069 — PER", {"PER"}) == []


def test_the_translation_has_no_unfinished_or_empty_message():
    messages = ET.parse(TS).getroot().iter("message")
    problems = []
    for message in messages:
        source = message.findtext("source")
        translation = message.find("translation")
        forms = (
            [f.text or "" for f in translation.iter("numerusform")]
            if message.get("numerus") == "yes"
            else [translation.text or ""]
        )
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not all(f.strip() for f in forms):
            problems.append(f"unfinished: {source!r}")
        for form in forms:  # the same {placeholders}, so .format() fills every one
            if sorted(re.findall(r"\{\w*\}", form)) != sorted(re.findall(r"\{\w*\}", source)):
                problems.append(f"placeholders differ: {source!r} -> {form!r}")
        if message.get("numerus") == "yes" and len(forms) != 6:  # Arabic has six plural forms
            problems.append(f"{len(forms)} plural forms: {source!r}")
        problems += [f"starts left to right without a RLM: {form!r}" for form in forms if starts_left_to_right(form)]
    assert problems == []


def starts_left_to_right(translation: str) -> bool:
    """Whether Qt would lay the sentence out left to right: its first strong character is Latin, or it starts
    with a placeholder (a Latin name, often). Such translations begin with U+200F RIGHT-TO-LEFT MARK instead."""
    if translation.startswith(("\u200f", "<", "&")):
        return False
    for ch in translation.replace("%n", "0"):
        if unicodedata.bidirectional(ch) in ("R", "AL"):
            return False
        if unicodedata.bidirectional(ch) == "L" or ch == "{":
            return True
    return False


def test_the_shipped_qm_is_compiled_from_the_ts(tmp_path):
    """resources/i18n/*.qm ships in the wheel and the bundle: run packaging/translations.py after editing the .ts."""
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent))
    assert lrelease, "pyside6-lrelease comes with PySide6-Essentials"
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == QM.read_bytes(), "the .qm is stale: python packaging/translations.py"


def test_the_ts_knows_every_string_of_the_sources(tmp_path):
    """A tr() string added to the GUI without refreshing the .ts would show in English."""
    lupdate = shutil.which("pyside6-lupdate", path=str(Path(sys.executable).parent))
    assert lupdate
    copy = tmp_path / "annotator_ar.ts"
    shutil.copy(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "annotator" / "gui").rglob("*.py"))
    run = subprocess.run(
        [lupdate, "-no-obsolete", "-locations", "none", *sources, "-ts", str(copy)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "(0 new and" in run.stdout, run.stdout
    unfinished = [
        m.findtext("source")
        for m in ET.parse(copy).getroot().iter("message")
        if m.find("translation").get("type") == "unfinished"
    ]
    assert unfinished == []


def test_arabic_mirrors_the_window_with_the_documents_list_on_the_right(arabic_window):
    window = arabic_window
    workspace = window.workspace
    assert window.isRightToLeft() and workspace.splitter.isRightToLeft()
    assert workspace.panel_shown(workspace.navigator)
    navigator_left = workspace.navigator.mapToGlobal(QPoint(0, 0)).x()
    view = workspace.view
    assert navigator_left >= view.mapToGlobal(QPoint(view.width(), 0)).x()
    side = workspace.side
    assert side.mapToGlobal(QPoint(side.width(), 0)).x() <= view.mapToGlobal(QPoint(0, 0)).x()
    menus = window.menuBar().actions()  # File is the rightmost menu, Help the leftmost
    x_of = [window.menuBar().actionGeometry(a).x() for a in menus]
    assert x_of == sorted(x_of, reverse=True)


def test_english_keeps_the_documents_list_on_the_left(window):
    workspace = window.workspace
    assert not window.isRightToLeft()
    view = workspace.view
    navigator_right = workspace.navigator.mapToGlobal(QPoint(workspace.navigator.width(), 0)).x()
    assert navigator_right <= view.mapToGlobal(QPoint(0, 0)).x()
    assert window.menuBar().actions()[0].text() == "&File"


def test_arabic_counts_use_the_six_plural_forms(arabic):
    assert [terms.spans(n) for n in (0, 1, 2, 5, 11, 100)] == [
        "0 مقطع",
        "مقطع واحد",
        "مقطعان",
        "5 مقاطع",
        "11 مقطعًا",
        "100 مقطع",
    ]


def test_english_counts_stay_english():
    assert [terms.spans(n) for n in (0, 1, 2)] == ["0 spans", "1 span", "2 spans"]
    assert terms.kind_name("indirect") == "indirect" and terms.status_name("in_progress") == "in progress"


def test_arabic_shows_the_stored_values_in_arabic_but_keeps_storing_english(arabic_window, qtbot):
    """The kind combo shows مباشر but the quotation's attribute stays "direct" (the data never depends on the
    interface language)."""
    window = arabic_window
    session = window.session
    session.open_name("01 article")
    start = ARTICLE.index("الولايات")
    quote = session.span_ops.add_quote(session.document_id, start, start + 20)
    session.select_span(quote.id)
    panel = window.workspace.quotations
    qtbot.waitUntil(lambda: panel.kind.isEnabled())
    assert panel.kind.currentText() == "مباشر"
    panel.kind.setCurrentIndex(panel.kind.findData("indirect"))
    panel.kind.activated.emit(panel.kind.currentIndex())
    assert window.project.spans.get(quote.id).attributes["kind"] == "indirect"
    assert window.workspace.navigator.topLevelItem(0).text(1) == "قيد العمل"  # in_progress


def test_qt_standard_buttons_are_arabic_too(arabic, qtbot):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close | QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(box)
    assert all(not untranslated(b.text(), set()) for b in box.buttons())


def test_the_interface_language_setting():
    assert prefs.interface_language() == "system"
    prefs.set_interface_language("ar")
    assert prefs.interface_language() == "ar" and i18n.chosen_language(environ={}) == "ar"
    with pytest.raises(ValueError, match="system, en, ar"):
        prefs.set_interface_language("fr")
    prefs.settings().setValue(prefs.INTERFACE_LANGUAGE_KEY, "klingon")  # a hand-edited file
    assert prefs.interface_language() == "system"


def test_the_option_beats_the_environment_which_beats_the_setting(monkeypatch):
    prefs.set_interface_language("en")
    assert i18n.chosen_language(environ={}) == "en"
    assert i18n.chosen_language(environ={"ANNOTATOR_LANG": "ar"}) == "ar"
    assert i18n.chosen_language("en", environ={"ANNOTATOR_LANG": "ar"}) == "en"
    assert i18n.chosen_language(environ={"ANNOTATOR_LANG": "AR "}) == "ar"
    assert i18n.chosen_language(environ={"ANNOTATOR_LANG": "nonsense"}) == "en"  # ignored: the setting
    prefs.set_interface_language("system")
    monkeypatch.setattr(
        QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.Arabic, QLocale.Country.Egypt))
    )
    assert i18n.chosen_language(environ={}) == "ar"
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale(QLocale.Language.French)))
    assert i18n.chosen_language(environ={}) == "en"


def test_the_command_line_takes_lang():
    from annotator.cli import build_parser

    parser = build_parser()
    assert parser.parse_args(["gui", "--lang", "ar"]).lang == "ar"
    assert parser.parse_args(["demo", "--no-gui", "--lang", "en"]).lang == "en"
    assert parser.parse_args(["gui"]).lang is None
    with pytest.raises(SystemExit):
        parser.parse_args(["gui", "--lang", "fr"])


def test_screenshots_of_the_arabic_window(arabic_window, tmp_path, qtbot):
    """Pictures to look at (saved under the test's temporary folder): 1280 and 640 pixels wide."""
    window = arabic_window
    for width in (1280, 640):
        window.resize(width, 760)
        qtbot.wait(50)
        path = tmp_path / f"arabic-{width}.png"
        assert window.grab().save(str(path))
        assert path.stat().st_size > 10000
        workspace = window.workspace
        if width == 640:  # the documents list starts collapsed; the article keeps its width
            assert workspace.view.width() >= 280 and not workspace.panel_shown(workspace.navigator)


def test_screenshots_of_the_arabic_dialogs(arabic_window, tmp_path, qtbot):
    """The dialogs mirrored too (pictures under the test's temporary folder)."""
    dialogs = open_every_dialog(arabic_window, qtbot)
    for dialog in dialogs:
        dialog.show()
        assert dialog.isRightToLeft(), type(dialog).__name__
        assert dialog.grab().save(str(tmp_path / f"{type(dialog).__name__}.png"))


def test_the_hover_text_of_a_span_names_its_attributes_in_arabic(arabic):
    from annotator.core.model import Span
    from annotator.gui.text_view import describe

    quote = Span(1, 1, "A", 0, 5, "QUOTE", "قال ك", {"kind": "indirect", "target": "حماس"})
    assert describe(quote) == "اقتباس (QUOTE) (النوع=غير مباشر، الهدف=حماس): قال ك"


def test_annotator_gui_and_demo_pass_lang_to_the_window(monkeypatch, tmp_path):
    from annotator import cli
    from annotator.gui import app, preflight

    started = []
    monkeypatch.setattr(preflight, "problem", lambda: None)
    monkeypatch.setattr(app, "run", lambda project, language=None: started.append((project, language)) or 0)
    assert cli.main(["gui", "--lang", "ar"]) == 0
    assert cli.main(["demo", "--project", str(tmp_path / "demo.annotator"), "--lang", "en"]) == 0
    assert started == [(None, "ar"), (tmp_path / "demo.annotator", "en")]
