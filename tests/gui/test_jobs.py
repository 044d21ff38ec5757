"""File › Import, File › Export and Tools › Check in the window: off the GUI thread, with Cancel that
leaves nothing; the documents list follows imports made here and by the command line."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from annotator.cli import main
from annotator.core.project import Project

NEWS = Path("/work/shared/corpus/news")
ARABIC = "قال الرئيس إن الوفد لن يسافر"


@pytest.fixture
def texts(tmp_path):
    folder = tmp_path / "incoming"
    folder.mkdir()
    sources = sorted(NEWS.glob("*.txt"))[:2] if NEWS.is_dir() else []
    for i, source in enumerate(sources):
        (folder / f"news{i}.txt").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    for i in range(len(sources), 3):
        (folder / f"news{i}.txt").write_text(f"{ARABIC} {i}", encoding="utf-8")
    return folder


def names(project_path):
    with Project(project_path) as project:
        return [d.name for d in project.documents.list()]


def finish(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.job is not None and dialog.job.outcome is not None, timeout=20000)
    return dialog.job.outcome


def test_import_a_folder_from_the_menu_and_the_list_follows(window, qtbot, texts, project):
    window.dialogs.file_choosers["import"] = {"choose_folder": lambda parent: str(texts)}
    window.dialogs.import_dialog()
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    [add_folder] = [b for b in dialog.options.findChildren(type(dialog.start_button)) if b.text() == "Add a folder…"]
    add_folder.click()
    dialog.start_button.click()
    assert finish(qtbot, dialog) == "done"
    assert "imported 3 new documents" in dialog.status.text()
    assert len(window.session.documents) == 6  # the window shows them at once
    assert window.workspace.navigator.topLevelItemCount() == 6
    assert {"news0", "news1", "news2"} <= set(names(project.path))


def test_a_cancelled_import_leaves_nothing(window, qtbot, texts, project, monkeypatch):
    import annotator.core.text_files as text_files

    real = text_files.read_text_file
    entered, gate = threading.Event(), threading.Event()

    def slow_reader(path, encoding=None):  # the first file blocks until the test has pressed Cancel
        entered.set()
        gate.wait(10)
        return real(path, encoding)

    monkeypatch.setattr(text_files, "read_text_file", slow_reader)
    window.dialogs.import_dialog([str(texts)])
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    assert entered.wait(10)
    assert not dialog.options.isEnabled() and dialog.job.running
    dialog.cancel_button.click()
    gate.set()
    assert finish(qtbot, dialog) == "cancelled"
    assert dialog.status.text() == "cancelled: nothing was written"
    assert names(project.path) == ["01 article", "02 gaza", "03 cairo"]
    assert dialog.options.isEnabled()


def test_a_file_in_another_encoding_is_refused_then_imported_with_the_encoding(window, qtbot, tmp_path, project):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(ARABIC.encode("cp1256"))
    window.dialogs.import_dialog([str(legacy)])
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    dialog.start_button.click()
    assert finish(qtbot, dialog) == "failed"
    assert "not done:" in dialog.status.text() and "“Encoding of .txt files”" in dialog.status.text()  # the field
    assert "legacy" not in names(project.path)
    dialog.encoding.setCurrentText("cp1256")
    dialog.start_button.click()
    assert finish(qtbot, dialog) == "done" and "imported 1 new document," in dialog.status.text()
    with Project(project.path) as p:
        assert p.documents.by_name("legacy").text == ARABIC


def test_files_dropped_onto_the_window_open_the_import_dialog(window, qtbot, texts):
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(texts / "news0.txt")), QUrl.fromLocalFile(str(texts / "news1.txt"))])
    event = QDropEvent(
        QPointF(10, 10), Qt.DropAction.CopyAction, data, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
    )
    window.dropEvent(event)
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    assert dialog.chosen()["inputs"] == [str(texts / "news0.txt"), str(texts / "news1.txt")]


def test_export_every_format_choice_and_the_core_refusal_is_shown(window, qtbot, tmp_path, project):
    out = tmp_path / "out.jsonl"
    window.dialogs.file_choosers["export"] = {"choose_output": lambda parent, fmt: str(out)}
    window.dialogs.export_dialog()
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    assert [dialog.format.itemText(i) for i in range(dialog.format.count())] == [
        "jsonl",
        "conll",
        "spacy",
        "hf",
        "brat",
        "xmi",
        "stance",
        "quotes",
    ]
    [choose] = [b for b in dialog.options.findChildren(type(dialog.start_button)) if b.text() == "Choose…"]
    choose.click()
    dialog.only_current.setChecked(True)
    dialog.start_button.click()
    assert finish(qtbot, dialog) == "done"
    assert out.exists() and len(out.read_text(encoding="utf-8").splitlines()) == 1
    assert "1 document" in dialog.status.text()
    # Over the project file itself: the core refuses, and its message is shown.
    dialog.out.setText(str(project.path))
    dialog.start_button.click()
    assert finish(qtbot, dialog) == "failed"
    assert "not done:" in dialog.status.text() and str(project.path.name) in dialog.status.text()
    assert names(project.path)  # still a sound project


def test_a_cancelled_export_writes_nothing(window, qtbot, tmp_path, monkeypatch):
    import annotator.core.project as project_module

    real = project_module.annotated_documents
    entered, gate = threading.Event(), threading.Event()

    def slow(project, **kwargs):
        for i, document in enumerate(real(project, **kwargs)):
            if i == 1:
                entered.set()
                gate.wait(10)
            yield document

    monkeypatch.setattr(project_module, "annotated_documents", slow)
    out = tmp_path / "cancelled.conll"
    window.dialogs.export_dialog()
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("conll")
    dialog.out.setText(str(out))
    dialog.start_button.click()
    assert entered.wait(10)
    dialog.cancel_button.click()
    gate.set()
    assert finish(qtbot, dialog) == "cancelled"
    assert not out.exists() and [p.name for p in tmp_path.iterdir() if "cancelled" in p.name] == []


def test_tools_check_lists_the_findings(window, qtbot):
    assert window.session.document.text.startswith("قال الرئيس")
    window.session.span_ops.add(window.session.document_id, 0, 4, "PER")  # "قال " ends with a space
    window.session.span_ops.add(window.session.document_id, 4, 10, "ORG")  # "الرئيس": clean
    window.dialogs.check_dialog()
    dialog = window.dialogs.job_dialog
    qtbot.addWidget(dialog)
    assert finish(qtbot, dialog) == "done"
    assert dialog.findings.toPlainText().count("warning:") == 1
    assert "'قال ' in '01 article' ends with white space" in dialog.findings.toPlainText()
    assert dialog.status.text().startswith("the project is sound")


def test_an_import_by_the_command_line_appears_in_the_open_window(window, qtbot, texts, project):
    assert main(["import", str(project.path), str(texts / "news2.txt")]) == 0
    qtbot.waitUntil(lambda: len(window.session.documents) == 4, timeout=5000)  # the watch timer's doing
    assert window.workspace.navigator.topLevelItemCount() == 4


def test_closing_the_window_during_an_import_cancels_it(window, qtbot, texts, project, monkeypatch):
    import annotator.core.text_files as text_files

    real = text_files.read_text_file
    entered = threading.Event()

    def slow_reader(path, encoding=None):
        entered.set()
        threading.Event().wait(0.3)
        return real(path, encoding)

    monkeypatch.setattr(text_files, "read_text_file", slow_reader)
    window.dialogs.import_dialog([str(texts)])
    window.dialogs.job_dialog.start_button.click()
    assert entered.wait(10)
    job = window.dialogs.job_dialog.job
    window.close()
    assert job.wait(0), "the import's thread still runs after the window closed"
    assert names(project.path) == ["01 article", "02 gaza", "03 cairo"]


# ---- the export options, offered per format (core/export_options.py) ---------------------------------


def test_the_export_dialog_writes_the_splits_of_hf_as_the_command_line_does(qtbot, tmp_path, project):
    from annotator.core.formats.splits import assign_splits
    from annotator.gui.dialogs.transfer import ExportDialog

    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    assert dialog.option_widgets == {}  # jsonl takes none
    dialog.format.setCurrentText("hf")
    widgets = dialog.option_widgets
    assert list(widgets) == ["split", "seed", "include_unlabelled", "max_tokens"]
    digests = {name: digest for name, (_, digest) in project.documents.fingerprints().items()}
    seed = next(s for s in range(50) if len(set(assign_splits(digests, {"train": 0.5, "test": 0.5}, s).values())) == 2)
    widgets["split"].setText("train=0.5,test=0.5")
    widgets["seed"].setValue(seed)
    widgets["include_unlabelled"].setChecked(True)  # nobody has worked on these yet
    dialog.out.setText(str(tmp_path / "hf"))
    dialog.start_button.click()
    assert finish(qtbot, dialog) == "done", dialog.status.text()
    tokens = tmp_path / "hf" / "tokens"
    assert sorted(p.name for p in tokens.iterdir()) == ["test.jsonl", "train.jsonl"]
    assert (
        main(
            [
                "export",
                str(project.path),
                "--format",
                "hf",
                "--out",
                str(tmp_path / "cli"),
                "--split",
                "train=0.5,test=0.5",
                "--seed",
                str(seed),
                "--include-unlabelled",
            ]
        )
        == 0
    )
    for split in ("train", "test"):
        assert (tokens / f"{split}.jsonl").read_bytes() == (tmp_path / "cli" / "tokens" / f"{split}.jsonl").read_bytes()


def test_an_invalid_split_is_refused_in_one_line_naming_the_dialogs_control(qtbot, tmp_path, project):
    from annotator.gui.dialogs.transfer import ExportDialog

    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("hf")
    dialog.option_widgets["split"].setText("train=0.5,test=0.6")
    dialog.out.setText(str(tmp_path / "hf"))
    dialog.start_button.click()
    assert finish(qtbot, dialog) == "failed"
    text = dialog.status.text()
    assert text == "not done: “Split by document” 'train=0.5,test=0.6': the shares add up to 1.1, not 1"
    assert "\n" not in text and not any("hf" in p.name for p in tmp_path.iterdir())  # nothing written


def test_spacy_offers_the_role_and_the_unlabelled_documents(qtbot, tmp_path, project):
    pytest.importorskip("spacy")
    from annotator.gui.dialogs.transfer import ExportDialog

    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("spacy")
    widgets = dialog.option_widgets
    assert list(widgets) == ["split", "seed", "include_unlabelled", "role"]
    role = widgets["role"]
    assert [role.itemText(i) for i in range(role.count())] == ["as the file's name says", "train", "dev", "test"]
    role.setCurrentIndex(role.findData("test"))
    widgets["include_unlabelled"].setChecked(True)
    out = tmp_path / "corpus" / "news.spacy"
    dialog.out.setText(str(out))
    dialog.start_button.click()
    assert finish(qtbot, dialog) == "done", dialog.status.text()
    assert "3 documents" in dialog.status.text()
    assert f'"test": "{out.resolve()}"' in (out.parent / "config.cfg").read_text(encoding="utf-8")
    # a refusal of the writer names the dialog's controls too
    widgets["split"].setText("train=0.5,dev=0.5")
    dialog.start_button.click()
    assert finish(qtbot, dialog) == "failed"
    assert dialog.status.text().startswith(
        "not done: “Role in config.cfg” names the role of one file; with "
        "“Split by document” the split names give the roles"
    )


def test_what_the_core_says_it_is_doing_is_shown_in_the_windows_language(qapp):
    """The core's progress words (core/progress.py) are English; the job's dialog shows them translated."""
    import re

    from annotator.core.project import CHECKING, LOOKING_AT_EDGES
    from annotator.gui import i18n
    from annotator.gui.jobs import in_window_words

    words = [
        "reading news0.txt",
        "writing 3 documents to the project",
        "writing d000",
        CHECKING,
        LOOKING_AT_EDGES,
        "imported",
    ]
    assert [in_window_words(w) for w in words] == [*words[:-1], "done"]
    assert i18n.install("ar", qapp) == "ar"
    try:
        for what in words:
            assert re.search("[\u0600-\u06ff]", in_window_words(what)), what
        assert "news0.txt" in in_window_words("reading news0.txt")
        assert in_window_words("something the window does not know") == "something the window does not know"
    finally:
        i18n.install("en", qapp)
