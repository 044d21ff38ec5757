"""Hostile files: links, special files, sizes, depths and XML tricks are refused in one line by every
importer, and nothing is imported (core/intake_policy.py, formats/xmi.py)."""

import base64
import json
import os
import re
import tracemalloc

import pytest
from format_fixtures import with_annotator

from annotator.cli import main
from annotator.core.errors import InputError
from annotator.core.formats import jsonl
from annotator.core.formats.registry import FORMATS, readable
from annotator.core.intake_policy import LIMITS, json_depth
from annotator.core.project import Project
from annotator.core.text_files import read_text_file

SECRET = "TOKEN=hunter2 (a file outside the folder)"


@pytest.fixture
def secret(tmp_path):
    path = tmp_path / "outside" / "secret.txt"
    path.parent.mkdir()
    path.write_text(SECRET, encoding="utf-8")
    return path


def import_refused(capsys, project, *args) -> str:
    """Run `annotator import` expecting a one-line refusal (exit 2) and no project left; the message."""
    capsys.readouterr()
    assert main(["import", str(project), *map(str, args)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("annotator: error: ") and err.count("\n") == 1 and "Traceback" not in err, err
    assert not project.exists()
    return err


def test_a_link_in_a_txt_folder_is_refused_naming_it(tmp_path, capsys, secret):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("نص", encoding="utf-8")
    (folder / "b.txt").symlink_to(secret)
    err = import_refused(capsys, tmp_path / "p.annotator", folder)
    assert f"{folder / 'b.txt'}: a symbolic link (to {secret})" in err and "copy the file" in err


def test_a_link_given_as_a_file_is_refused(tmp_path, capsys, secret):
    for name in ("link.txt", "link.jsonl", "link.conll"):
        (tmp_path / name).symlink_to(secret)
        err = import_refused(capsys, tmp_path / "p.annotator", tmp_path / name, "--annotator", "A")
        assert "symbolic link" in err
    with pytest.raises(InputError, match="symbolic link"):
        read_text_file(tmp_path / "link.txt")


def test_links_inside_brat_and_xmi_folders_are_refused(tmp_path, capsys, secret, corpus, schema):
    for fmt, suffix in (("brat", ".txt"), ("brat", ".ann"), ("xmi", ".xmi")):
        out = tmp_path / f"{fmt}-{suffix[1:]}"
        FORMATS[fmt].write(corpus[:2], schema, out)
        victim = sorted(out.glob(f"*{suffix}"))[0]
        victim.unlink()
        victim.symlink_to(secret)
        err = import_refused(capsys, tmp_path / "p.annotator", out, "--annotator", "A")
        assert f"{victim}: a symbolic link" in err, err
    xmi_out = tmp_path / "xmi-ts"
    FORMATS["xmi"].write(corpus[:1], schema, xmi_out)
    (xmi_out / "TypeSystem.xml").unlink()
    (xmi_out / "TypeSystem.xml").symlink_to(secret)
    assert "symbolic link" in import_refused(capsys, tmp_path / "p.annotator", xmi_out, "--annotator", "A")


def test_a_linked_folder_is_refused(tmp_path, capsys, corpus, schema):
    FORMATS["brat"].write(corpus[:1], schema, tmp_path / "brat")
    (tmp_path / "alias").symlink_to(tmp_path / "brat")
    assert "symbolic link" in import_refused(capsys, tmp_path / "p.annotator", tmp_path / "alias", "--annotator", "A")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_fifos_are_never_opened(tmp_path, capsys):
    """Opening a FIFO for reading blocks until a writer comes: the import would hang."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("نص", encoding="utf-8")
    os.mkfifo(folder / "pipe.txt")
    assert f"{folder / 'pipe.txt'}: a FIFO" in import_refused(capsys, tmp_path / "p.annotator", folder)
    os.mkfifo(tmp_path / "pipe.jsonl")
    for fmt in ("txt", *readable()):
        err = import_refused(
            capsys, tmp_path / "p.annotator", tmp_path / "pipe.jsonl", "--format", fmt, "--annotator", "A"
        )
        assert "FIFO" in err, (fmt, err)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero here")
def test_devices_are_never_read(tmp_path, capsys):
    """/dev/zero never ends: reading it would fill the memory."""
    for fmt in ("txt", "jsonl", "conll"):
        assert "a device" in import_refused(
            capsys, tmp_path / "p.annotator", "/dev/zero", "--format", fmt, "--annotator", "A"
        )


# ---- sizes and depths -------------------------------------------------------------------------------


def test_a_200_mb_jsonl_line_is_refused_without_reading_it_whole(tmp_path, capsys):
    big = tmp_path / "big.jsonl"
    with big.open("wb") as handle:  # sparse: 200 MB of one line costs no disk
        handle.write(b'{"name": "a", "text": "')
        handle.truncate(200 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="longer than the limit of 64 MB") as err:
            list(FORMATS["jsonl"].read(big))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert err.value.file == str(big) and err.value.line == 1
    assert peak < 100 * 1024 * 1024, f"read {peak} bytes into memory"


def test_line_limit_counts_bytes_and_allows_a_line_exactly_at_it(tmp_path, monkeypatch):
    line = json.dumps({"name": "a", "text": "نص"}, ensure_ascii=False).encode() + b"\n"
    path = tmp_path / "a.jsonl"
    path.write_bytes(line + line.replace(b'"a"', b'"b"'))
    monkeypatch.setattr(LIMITS, "line_bytes", len(line) - 1)
    assert [d.name for d in FORMATS["jsonl"].read(path)] == ["a", "b"]  # the newline is not counted
    monkeypatch.setattr(LIMITS, "line_bytes", len(line) - 2)
    with pytest.raises(InputError, match="longer than the limit") as err:
        FORMATS["jsonl"].read(path)
    assert err.value.line == 1


def test_deep_json_is_refused_with_file_and_line(tmp_path, capsys):
    deep = "[" * 100_000 + "]" * 100_000
    for fmt, first in (("jsonl", '{"name": "a", "text": "x"}'), ("spacy", '{"text": "x", "spans": []}')):
        path = tmp_path / f"deep-{fmt}.jsonl"
        path.write_text(first + "\n" + '{"name": "b", "text": "y", "meta": {"x": ' + deep + "}}\n")
        err = import_refused(capsys, tmp_path / "p.annotator", path, "--format", fmt, "--annotator", "A")
        assert f"{path}:2: JSON nested deeper than 100 levels" in err, err


def test_json_depth_counts_nesting_not_brackets_in_strings():
    assert json_depth(json.loads('{"a": "[[[[{{{", "b": [1, {"c": "\\"]]]"}]}')) == 3
    assert json_depth([]) == 1 and json_depth("[") == 0 and json_depth([[[[]]]], stop_after=2) == 3


def test_a_document_over_the_size_limit_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(LIMITS, "document_chars", 10)
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps({"name": "a", "text": "قال المتحدث اليوم"}) + "\n", encoding="utf-8")
    assert "more than the limit of 10" in import_refused(capsys, tmp_path / "p.annotator", path)


@pytest.mark.parametrize("content", ["", "\n\n  \n", "\ufeff\n"])
@pytest.mark.parametrize("fmt", ["jsonl", "spacy"])
def test_a_jsonl_file_without_documents_is_refused(tmp_path, capsys, content, fmt):
    path = tmp_path / "empty.jsonl"
    path.write_text(content, encoding="utf-8")
    err = import_refused(capsys, tmp_path / "p.annotator", path, "--format", fmt)
    assert f"{path}: the file holds no documents" in err


# ---- XML --------------------------------------------------------------------------------------------

BOMB_BODY = """<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore" xmi:version="2.0"><cas:Sofa \
xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="&c;"/></xmi:XMI>"""
XXE_BODY = BOMB_BODY.replace('<!ENTITY a "aaaaaaaaaa">', '<!ENTITY a SYSTEM "file:///etc/hostname">')


def utf7_without_plain_markup(text: str) -> bytes:
    """UTF-7 in which every character but letters, digits, spaces and newlines is base64: the bytes hold
    no '<!DOCTYPE' for a byte pattern to find (what a pattern guard missed)."""

    def encoded(m):
        return "+" + base64.b64encode(m.group().encode("utf-16-be")).decode().rstrip("=") + "-"

    return re.sub(r"[^A-Za-z0-9 \n]+", encoded, text).encode("ascii")


def encoded_xml(body: str, encoding: str) -> bytes:
    head = f'<?xml version="1.0" encoding="{encoding}"?>\n'
    if encoding == "UTF-7":
        return head.encode("ascii") + utf7_without_plain_markup(body)
    return (head + body).encode(encoding.lower())


@pytest.mark.parametrize("body", [BOMB_BODY, XXE_BODY], ids=["expansion", "external"])
@pytest.mark.parametrize("encoding", ["UTF-7", "UTF-16", "UTF-32", "UTF-8"])
def test_xml_with_entities_is_refused_whatever_its_encoding(tmp_path, capsys, body, encoding):
    path = tmp_path / "evil.xmi"
    path.write_bytes(encoded_xml(body, encoding))
    if encoding == "UTF-7":
        assert b"<!DOCTYPE" not in path.read_bytes() and b"ENTITY" in path.read_bytes()
    err = import_refused(capsys, tmp_path / "p.annotator", path, "--annotator", "A")
    assert f"{path}:2: the XML declares a DOCTYPE or entities" in err, err


@pytest.mark.parametrize("encoding", ["UTF-7", "UTF-16"])
def test_a_type_system_with_entities_is_refused_whatever_its_encoding(tmp_path, capsys, corpus, schema, encoding):
    out = tmp_path / "xmi"
    FORMATS["xmi"].write(corpus[:1], schema, out)
    types = (out / "TypeSystem.xml").read_text(encoding="utf-8").split("\n", 1)[1]
    evil = '<!DOCTYPE t [<!ENTITY a "aaaa">]>\n' + types.replace("<description>", "<description>&a;", 1)
    (out / "TypeSystem.xml").write_bytes(encoded_xml(evil, encoding))
    err = import_refused(capsys, tmp_path / "p.annotator", out, "--annotator", "A")
    assert "TypeSystem.xml:2: the XML declares a DOCTYPE" in err, err


def test_clean_xmi_in_another_encoding_is_refused_as_not_utf8(tmp_path, corpus, schema):
    out = tmp_path / "xmi"
    FORMATS["xmi"].write(corpus[:1], schema, out)
    (xmi_file,) = out.glob("*.xmi")
    xml = xmi_file.read_text(encoding="utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"')
    xmi_file.write_bytes(xml.encode("utf-16"))
    with pytest.raises(InputError, match="UTF-16(LE)?, not UTF-8"):
        FORMATS["xmi"].read(out, annotator="A")


def test_refusals_leave_an_existing_project_unchanged(tmp_path, capsys, corpus):
    project = tmp_path / "p.annotator"
    good = tmp_path / "good.jsonl"
    with good.open("w", encoding="utf-8") as handle:
        jsonl.write_lines(with_annotator(corpus[:2], "A"), handle)
    assert main(["import", str(project), str(good)]) == 0
    with Project(project) as p:
        before = p.stats()
    other = tmp_path / "other.jsonl"
    with other.open("w", encoding="utf-8") as handle:
        jsonl.write_lines(with_annotator(corpus[2:], "B"), handle)
    evil = tmp_path / "evil.xmi"
    evil.write_bytes(encoded_xml(BOMB_BODY, "UTF-7"))
    capsys.readouterr()
    assert main(["import", str(project), str(other), str(evil), "--annotator", "B"]) == 2
    with Project(project) as p:
        assert p.stats() == before


# ---- what the fuzz run found (tests/core/formats/test_fuzz.py) ---------------------------------------


@pytest.mark.parametrize("where", ["meta", "attributes"])
def test_a_lone_surrogate_escape_in_meta_or_attributes_is_refused(tmp_path, capsys, where):
    """json.loads turns "\\ud800" into half a character, which SQLite's UTF-8 cannot store: it crashed
    the import with UnicodeEncodeError."""
    doc = {
        "name": "a",
        "text": "قال 😀 المتحدث",
        "meta": {"emoji": "😀"},
        "annotations": [
            {
                "annotator": "A",
                "spans": [{"id": "T1", "start": 0, "end": 3, "label": "PER", "attributes": {"kind": "x"}}],
            }
        ],
    }
    path = tmp_path / "a.jsonl"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")  # the emoji as an escaped pair: fine
    assert main(["import", str(tmp_path / "ok.annotator"), str(path)]) == 0
    if where == "meta":
        doc["meta"]["source"] = "\ud800"
    else:
        doc["annotations"][0]["spans"][0]["attributes"]["kind"] = "x\udc00"
    path.write_text(json.dumps(doc) + "\n", encoding="utf-8")
    err = import_refused(capsys, tmp_path / "p.annotator", path)
    assert f"{path}:1: column " in err and "lone surrogate" in err


def test_nan_and_infinity_are_not_json(tmp_path, capsys):
    path = tmp_path / "a.jsonl"
    path.write_text('{"name": "a", "text": "نص", "meta": {"score": NaN}}\n', encoding="utf-8")
    assert f"{path}:1: NaN is not JSON" in import_refused(capsys, tmp_path / "p.annotator", path)


@pytest.mark.parametrize("note", ["[" * 5000, '{"k": "\\ud800"}', '{"k": Infinity}'])
def test_brat_notes_are_read_as_strict_json(tmp_path, capsys, corpus, schema, note):
    """A deep note ended in RecursionError (exit 1) before."""
    out = tmp_path / "brat"
    FORMATS["brat"].write(corpus[:1], schema, out)
    (ann,) = out.glob("*.ann")
    with ann.open("a", encoding="utf-8") as handle:
        handle.write(f"#99\tAnnotatorNotes T1\tattributes: {note}\n")
    err = import_refused(capsys, tmp_path / "p.annotator", out)
    assert f"{ann}:" in err and ("JSON" in err or "surrogate" in err), err


def test_a_deep_documents_json_is_refused(tmp_path, capsys, corpus, schema):
    out = tmp_path / "brat"
    FORMATS["brat"].write(corpus[:1], schema, out)
    (out / "documents.json").write_text('{"documents": ' + "[" * 5000 + "]" * 5000 + "}", encoding="utf-8")
    assert "documents.json: JSON nested deeper" in import_refused(capsys, tmp_path / "p.annotator", out)


def test_a_parser_message_with_a_line_break_is_refused_on_one_line(tmp_path, capsys, corpus, schema):
    """Found by the slow fuzz run: libxml2's message for a NUL in the XML ends in a newline."""
    out = tmp_path / "xmi"
    FORMATS["xmi"].write(corpus[:1], schema, out)
    types = (out / "TypeSystem.xml").read_bytes()
    assert len(types) > 5000  # past the first 4 KB, where a NUL says "binary or UTF-16"
    (out / "TypeSystem.xml").write_bytes(types.replace(b"</types>", b"\x00</types>"))
    err = import_refused(capsys, tmp_path / "p.annotator", out, "--annotator", "A")  # checks: one line
    assert "TypeSystem.xml:2: not well-formed XML (Invalid character" in err
