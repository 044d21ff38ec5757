"""Imports that changed what they stored without a word (issue 22, item 5): each is now refused in one
line naming the file and the fix, or imported exactly."""

import json
import re

import pytest

from annotator.cli import main
from annotator.core import errors
from annotator.core.errors import InputError
from annotator.core.formats.registry import FORMATS
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project
from annotator.core.text_files import read_text_file

EMOJI_TEXT = "😀 قال نتنياهو"  # the emoji is two UTF-16 units: UIMA offsets of what follows are one more


def refused(capsys, *args) -> str:
    """Run the command expecting a one-line refusal (exit 2); the line."""
    capsys.readouterr()
    assert main(list(map(str, args))) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    return err


# ---- XMI offsets inside a surrogate pair ----------------------------------------------------------


def _xmi_with_entity(tmp_path, schema, start: int, end: int):
    """An exported XMI folder whose one entity is moved to UTF-16 offsets [start, end)."""
    doc = AnnotatedDocument("emoji", EMOJI_TEXT, {}, [Layer("A", [SpanRecord("T1", 6, 13, "PER")])])
    out = tmp_path / "xmi"
    FORMATS["xmi"].write([doc], schema, out)
    (xmi_file,) = out.glob("*.xmi")
    xml = xmi_file.read_text(encoding="utf-8")
    assert 'begin="7" end="14"' in xml  # written in UTF-16 units: the emoji counts two
    xmi_file.write_text(xml.replace('begin="7" end="14"', f'begin="{start}" end="{end}"'), encoding="utf-8")
    return out, xmi_file


def test_xmi_offsets_are_utf16_units_and_come_back_exact(tmp_path, schema):
    out, _ = _xmi_with_entity(tmp_path, schema, 7, 14)
    (doc,) = FORMATS["xmi"].read(out)
    assert [(s.start, s.end, doc.text[s.start : s.end]) for s in doc.layers[0].spans] == [(6, 13, "نتنياهو")]


@pytest.mark.parametrize("start, end, which", [(1, 14, "begin"), (0, 1, "end")])
def test_an_xmi_offset_inside_an_emoji_is_refused_with_the_offset(tmp_path, schema, capsys, start, end, which):
    """Offset 1 is between the two halves of the emoji: cassis kept it unconverted, so the span moved
    silently (begin 1 became code point 1: the space after the emoji, not the emoji)."""
    out, xmi_file = _xmi_with_entity(tmp_path, schema, start, end)
    with pytest.raises(InputError, match=f"{which} offset 1 falls between the two UTF-16 units") as err:
        FORMATS["xmi"].read(out)
    assert err.value.file == str(xmi_file) and err.value.line is not None
    err_line = refused(capsys, "import", tmp_path / "p.annotator", out)
    assert f"{xmi_file}:" in err_line and "UIMA offsets count UTF-16 units" in err_line
    assert not (tmp_path / "p.annotator").exists()


# ---- a relation from a span to itself -----------------------------------------------------------


def _relation_line(relations, spans=None) -> str:
    spans = spans or [{"id": "T1", "start": 0, "end": 3, "label": "QUOTE"}]
    return (
        json.dumps(
            {
                "name": "d",
                "text": "قال شيئا",
                "annotations": [{"annotator": "A", "spans": spans, "relations": relations}],
            },
            ensure_ascii=False,
        )
        + "\n"
    )


def test_a_relation_to_itself_is_refused_by_the_api(tmp_path):
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents([AnnotatedDocument("d", "قال شيئا")])
        doc_id = project.documents.list()[0].id
        span = project.spans.add(doc_id, "A", 0, 3, "QUOTE")
        with pytest.raises(InputError, match="two different spans"):
            project.relations.add("CUE", span.id, span.id)


@pytest.mark.parametrize(
    "spans, relation, why",
    [
        (None, {"type": "CUE", "from": "T1", "to": "T1"}, "from and to are both 'T1'"),
        # two ids for one span (same offsets and label): the project holds them as one span
        (
            [
                {"id": "T1", "start": 0, "end": 3, "label": "QUOTE"},
                {"id": "T2", "start": 0, "end": 3, "label": "QUOTE"},
            ],
            {"type": "CUE", "from": "T1", "to": "T2"},
            "from 'T1' and to 'T2' are the same span, [0, 3) QUOTE",
        ),
    ],
)
def test_a_relation_to_itself_is_refused_from_a_file_by_the_same_rule(tmp_path, capsys, spans, relation, why):
    path = tmp_path / "self.jsonl"
    path.write_text(_relation_line([relation], spans), encoding="utf-8")
    err = refused(capsys, "import", tmp_path / "p.annotator", path)
    assert f"{path}:1: annotations[0].relations[0]: a relation links two different spans" in err, err
    assert why in err
    assert not (tmp_path / "p.annotator").exists()


def test_a_relation_to_itself_is_refused_from_brat_too(tmp_path, capsys):
    folder = tmp_path / "brat"
    folder.mkdir()
    (folder / "d.txt").write_text("قال شيئا", encoding="utf-8")
    (folder / "d.ann").write_text("T1\tQUOTE 0 3\tقال\nR1\tCUE Arg1:T1 Arg2:T1\n", encoding="utf-8")
    err = refused(capsys, "import", tmp_path / "p.annotator", folder, "--annotator", "A")
    assert "d.ann: annotations[0].relations[0]: a relation links two different spans" in err, err


def test_a_relation_between_two_spans_still_imports(tmp_path, capsys):
    path = tmp_path / "ok.jsonl"
    path.write_text(
        _relation_line(
            [{"type": "CUE", "from": "T1", "to": "T2"}],
            [{"id": "T1", "start": 0, "end": 8, "label": "QUOTE"}, {"id": "T2", "start": 0, "end": 3, "label": "CUE"}],
        ),
        encoding="utf-8",
    )
    assert main(["import", str(tmp_path / "p.annotator"), str(path)]) == 0
    with Project(tmp_path / "p.annotator") as project:
        assert project.stats()["relations"] == 1


# ---- control characters in file names ---------------------------------------------------------


@pytest.mark.parametrize("name", ["bad\x1b[31mred\x1b[0m.jsonl", "two\nlines.jsonl", "bell\x07\u2028\x9b.jsonl"])
def test_a_file_name_with_control_characters_is_printed_escaped(tmp_path, capsys, name):
    path = tmp_path / f"مقال {name}"
    path.write_text("not json\n", encoding="utf-8")
    err = refused(capsys, "import", tmp_path / "p.annotator", path)
    assert not re.search("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]", err), repr(err)  # only the final newline
    assert repr(name)[1:-1] in err and "مقال " in err, err  # escaped as Python writes them; Arabic and spaces kept


def test_shown_escapes_control_characters_only():
    shown = errors.shown
    assert shown("مقال ١\x1b[31m\t\n\x85.txt") == "مقال ١\\x1b[31m\\t\\n\\x85.txt"
    assert shown("plain name with spaces, «quotes» and 😀") == "plain name with spaces, «quotes» and 😀"
    err = InputError("bad", file="a\x1bb")
    assert str(err) == "a\\x1bb: bad" and err.file == "a\x1bb"  # the path itself stays usable


# ---- a UTF-8 file imported with --encoding cp1256 ---------------------------------------------


def test_a_utf8_file_given_a_legacy_encoding_is_refused_not_garbled(tmp_path, capsys):
    path = tmp_path / "utf8.txt"
    path.write_text("قال المتحدث باسم الحكومة\n", encoding="utf-8")
    for encoding in ("cp1256", "iso-8859-6", "latin-1"):
        with pytest.raises(InputError, match="this file is valid UTF-8") as err:
            read_text_file(path, encoding)
        assert "import it without --encoding" in str(err.value)
    err_line = refused(capsys, "import", tmp_path / "p.annotator", path, "--encoding", "cp1256")
    assert f"{path}: this file is valid UTF-8" in err_line
    assert not (tmp_path / "p.annotator").exists()


def test_legacy_and_ascii_files_still_import_with_encoding(tmp_path):
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes("قال المتحدث\r\n".encode("cp1256"))
    assert read_text_file(legacy, "cp1256").text == "قال المتحدث\n"
    ascii_file = tmp_path / "ascii.txt"
    ascii_file.write_bytes(b"Reuters said\n")
    assert read_text_file(ascii_file, "cp1256").text == "Reuters said\n"  # the same in either encoding
    bom = tmp_path / "bom.txt"
    bom.write_bytes("\ufeffقال".encode())
    assert read_text_file(bom, "utf-8-sig").text == "قال"
