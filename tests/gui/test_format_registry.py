"""A format is one module plus one entry in formats/registry.py: a format registered there (and nowhere
else) is offered by the CLI and by the window's dialogs, detected by its suffix, imported and exported."""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from annotator.cli import build_parser, main
from annotator.core import export_options
from annotator.core.export_options import FLAG, ExportOption
from annotator.core.formats.common import ExportResult
from annotator.core.formats.registry import FORMATS, Format, format_of, writable
from annotator.core.importing import expand_inputs, read_inputs
from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project
from annotator.gui.dialogs.transfer import ExportDialog, ImportDialog

HEADER = "# fake export\n"


def read_fake(path: Path, *, annotator: str | None = None) -> list[AnnotatedDocument]:
    lines = Path(path).read_text(encoding="utf-8").removeprefix(HEADER).splitlines()
    return [AnnotatedDocument(*line.split("\t", 1)) for line in lines]


def write_fake(documents, schema, out: Path, *, options=None) -> ExportResult:
    docs = list(documents)
    out.write_text(HEADER + "".join(f"{d.name}\t{d.text}\n" for d in docs), encoding="utf-8")
    return ExportResult([str(out)], len(docs))


FAKE = Format(
    "fake",
    "a made-up format that only this test knows",
    read_fake,
    write_fake,
    suffixes=(".fake",),
    is_earlier_export=lambda path: path.read_text(encoding="utf-8").startswith(HEADER),
)


@pytest.fixture
def fake(monkeypatch):
    monkeypatch.setitem(FORMATS, "fake", FAKE)
    return FAKE


def choices(parser: argparse.ArgumentParser, command: str) -> list[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return list(next(a for a in sub.choices[command]._actions if a.dest == "format").choices)


def test_the_cli_offers_what_the_registry_holds(fake):
    parser = build_parser()
    assert choices(parser, "import") == ["txt", "jsonl", "conll", "spacy", "brat", "xmi", "fake"]
    assert choices(parser, "export") == [*FORMATS]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert fake.description in " ".join(sub.choices["export"].format_help().split())


def test_the_dialogs_offer_what_the_registry_holds(qtbot, project, fake):
    importing = ImportDialog(project.path)
    exporting = ExportDialog(project)
    qtbot.addWidget(importing)
    qtbot.addWidget(exporting)
    assert "fake" in [importing.format.itemText(i) for i in range(importing.format.count())]
    assert [exporting.format.itemText(i) for i in range(exporting.format.count())] == [*FORMATS]


def test_a_registered_format_is_detected_imported_and_exported(tmp_path, capsys, fake):
    source = tmp_path / "two.fake"
    source.write_text("one\tنص أول\ntwo\tنص ثان\n", encoding="utf-8")
    assert format_of(source) is fake
    assert [d.name for d in read_inputs(expand_inputs([str(source)]))] == ["one", "two"]
    project_path = tmp_path / "p.annotator"
    assert main(["import", str(project_path), str(source)]) == 0
    with Project(project_path) as project:
        assert [d.name for d in project.documents.list()] == ["one", "two"]
    out = tmp_path / "out.fake"
    out.write_text("someone's notes\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["export", str(project_path), "--format", "fake", "--out", str(out)]) == 2
    assert "is not an earlier fake export" in capsys.readouterr().err
    out.unlink()
    assert main(["export", str(project_path), "--format", "fake", "--out", str(out)]) == 0
    assert main(["export", str(project_path), "--format", "fake", "--out", str(out)]) == 0  # its own: fine
    assert read_fake(out)[1].text == "نص ثان"


def export_flags(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {a.option_strings[0]: a for a in sub.choices["export"]._actions if a.option_strings}


def taken_by(fmt: str) -> set[str]:
    """The export options the registry gives `fmt` (and those qualifying them: the seed of a split)."""
    return {o.name for o in export_options.OPTIONS if (o.of or o.name) in FORMATS[fmt].options}


def test_the_cli_and_the_export_dialog_offer_each_formats_registry_options(qtbot, project):
    flags = export_flags(build_parser())
    for option in export_options.OPTIONS:
        assert flags[option.flag].dest == option.name
        if option.of is None:
            assert flags[option.flag].help.startswith(", ".join(f for f in writable() if option.name in taken_by(f)))
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    seen = set()
    for fmt in writable():
        dialog.format.setCurrentText(fmt)
        assert set(dialog.option_widgets) == taken_by(fmt), fmt
        controls = [
            w
            for w in dialog.format_options.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly)
            if not isinstance(w, QLabel)
        ]
        assert sorted(map(id, controls)) == sorted(map(id, dialog.option_widgets.values()))  # the others' are gone
        seen |= taken_by(fmt)
    assert seen == {o.name for o in export_options.OPTIONS}


def test_an_export_option_described_once_is_offered_by_the_cli_and_the_dialog(qtbot, project, monkeypatch):
    shuffle = ExportOption(
        "shuffle", "--shuffle", FLAG, default=False, help="{formats}: shuffle the rows", label="Shuffle the rows"
    )
    monkeypatch.setattr(export_options, "OPTIONS", (*export_options.OPTIONS, shuffle))
    monkeypatch.setitem(FORMATS, "fake", dataclasses.replace(FAKE, options=frozenset({"shuffle"})))
    assert export_flags(build_parser())["--shuffle"].help == "fake: shuffle the rows"
    dialog = ExportDialog(project)
    qtbot.addWidget(dialog)
    dialog.format.setCurrentText("fake")
    assert list(dialog.option_widgets) == ["shuffle"] and dialog.option_widgets["shuffle"].text() == "Shuffle the rows"
