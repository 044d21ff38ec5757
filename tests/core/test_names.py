"""The names policy (core/names.py), enforced by the project for import, schema editing, targets and
annotators, and file names the brat export must not write (Windows devices)."""

import json

import pytest

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.formats.registry import FORMATS
from annotator.core.model import (
    AnnotatedDocument,
    DocLabelRecord,
    LabelDef,
    Layer,
    RelationRecord,
    SpanRecord,
    default_schema,
)
from annotator.core.names import check_identifier, check_name
from annotator.core.project import Project

TEXT = "قال المتحدث في واشنطن"
BAD_NAMES = {
    "right-to-left override": "PER\u202eGPE",
    "isolate": "\u2067A\u2069",
    "right-to-left mark": "A\u200f",
    "Arabic letter mark": "\u061cA",
    "newline": "A\nB",
    "tab": "A\tB",
    "escape": "A\x1b[31m",
    "line separator": "A\u2028B",
    "markup": "<img src=x onerror=alert(1)>",
    "too long": "A" * 201,
    "leading space": " A",
    "empty": "",
}
GOOD_NAMES = ["مجلس الأمن", "الأمم المتحدة (أونروا)", 'Reuters "wire"', "نتن\u200cياهو", "A" * 200]
BAD_LABELS = ["[relations]", "PER ORG", "A:B", "A=B", "A,B", "A|B", "#A", "-A", "_A", 'A"', "A.B", "<ENTITY>"]
GOOD_LABELS = ["PER", "شخص", "NORP", "B-PER", "PER_2", "2024"]


@pytest.mark.parametrize("name", BAD_NAMES.values(), ids=BAD_NAMES.keys())
def test_bad_names_are_refused_saying_why(name):
    with pytest.raises(InputError) as err:
        check_name(name, "annotator")
    assert "annotator name" in str(err.value) and "\n" not in str(err.value)


@pytest.mark.parametrize("name", GOOD_NAMES)
def test_real_names_pass(name):
    assert check_name(name, "stance target") == name


@pytest.mark.parametrize("label", BAD_LABELS + list(BAD_NAMES.values()))
def test_labels_are_identifiers_brat_can_declare(label):
    with pytest.raises(InputError):
        check_identifier(label, "label")


@pytest.mark.parametrize("label", GOOD_LABELS)
def test_good_labels_pass(label):
    assert check_identifier(label, "label") == label


def test_the_project_api_enforces_the_policy(tmp_path):
    with Project(tmp_path / "p.annotator") as project:
        before = project.schema.get()
        with pytest.raises(InputError, match="bidi control U\\+202E"):
            project.annotators.add("\u202eA")
        with pytest.raises(InputError, match="one word"):
            project.schema.add_label(LabelDef("[relations]", "entity", "#ffffff", ""))
        with pytest.raises(InputError, match="one word"):
            project.schema.update_label("PER", new_name="PER ORG")
        with pytest.raises(InputError, match="control characters"):
            project.schema.add_target("مجلس\nالأمن")
        with pytest.raises(InputError, match="not markup"):
            project.schema.add_target("<b>x</b>")
        with pytest.raises(InputError, match="bidi"):
            schema = project.schema.get()
            schema.stance_values.append("FAVOR\u200e")
            project.schema.save(schema)
        with pytest.raises(InputError, match="control characters"):
            project.documents.add("doc\x00one", TEXT)
        doc = project.documents.add("doc-1", TEXT)
        with pytest.raises(InputError, match="bidi"):
            project.doc_labels.set(doc.id, "A", "stance", "إسرائيل\u202b", "AGAINST")
        assert project.schema.get() == before
        assert project.annotators.list() == []
        project.schema.add_target("مجلس الأمن")  # a real target with a space
        project.annotators.add("ليلى")


def _jsonl(path, doc: AnnotatedDocument):
    from annotator.core.formats import jsonl

    with path.open("w", encoding="utf-8") as handle:
        jsonl.write_lines([doc], handle)
    return path


@pytest.mark.parametrize(
    "field, change",
    [
        ("annotations[0].spans[0].label", lambda lay: setattr(lay.spans[0], "label", "[relations]")),
        ("annotations[0].relations[0].type", lambda lay: setattr(lay.relations[0], "type", "SPEAKER OF")),
        ("annotations[0].doc_labels[0].target", lambda lay: setattr(lay.doc_labels[0], "target", "\u202eإسرائيل")),
        ("annotations[0].doc_labels[0].value", lambda lay: setattr(lay.doc_labels[0], "value", "AGAINST\n")),
        ("annotations[0].annotator", lambda lay: setattr(lay, "annotator", "A\u2066")),
    ],
)
def test_import_refuses_bad_names_naming_file_line_and_field(tmp_path, capsys, field, change):
    layer = Layer(
        "A",
        [SpanRecord("T1", 0, 3, "PER"), SpanRecord("T2", 4, 11, "QUOTE")],
        [RelationRecord("SPEAKER", "T2", "T1")],
        [DocLabelRecord("stance", "إسرائيل", "AGAINST")],
    )
    change(layer)
    path = _jsonl(tmp_path / "in.jsonl", AnnotatedDocument("doc-1", TEXT, {}, [layer]))
    project = tmp_path / "p.annotator"
    assert main(["import", str(project), str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"annotator: error: {path}:1: {field}: ") and err.count("\n") == 1, err
    assert not project.exists()


def test_a_document_name_with_a_bidi_override_is_refused(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"name": "doc\u202e1", "text": TEXT}) + "\n", encoding="utf-8")
    with Project(tmp_path / "p.annotator") as project, pytest.raises(InputError, match=f"{path}:1: name: .*bidi"):
        project.import_documents(FORMATS["jsonl"].read(path))


@pytest.mark.parametrize("name", ["CON", "nul", "Aux", "prn", "COM1", "com9", "LPT1", "lpt5"])
def test_brat_never_writes_windows_device_names(tmp_path, name):
    docs = [
        AnnotatedDocument(name, TEXT, {}, [Layer("A", [SpanRecord("T1", 0, 3, "PER")])]),
        AnnotatedDocument("plain", TEXT, {}, [Layer("A")]),
    ]
    out = tmp_path / "brat"
    FORMATS["brat"].write(docs, default_schema(), out)
    stems = {p.name.split(".")[0].upper() for p in out.iterdir()}
    assert name.upper() not in stems and "PLAIN" in stems
    assert [d.name for d in FORMATS["brat"].read(out, annotator=None)] == [name, "plain"]
