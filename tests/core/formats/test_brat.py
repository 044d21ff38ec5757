"""brat standoff: .txt + .ann pairs, annotation.conf, real names in documents.json; import back."""

import json
import re
from pathlib import Path

import pytest
from format_fixtures import relation_view, span_view, with_annotator

from annotator.core.errors import InputError
from annotator.core.formats.brat import ann_to_layer, fragments, layer_to_ann, read
from annotator.core.formats.registry import FORMATS, format_of


def test_ann_pair_round_trips_a_layer(all_docs):
    for doc in all_docs:
        layer = doc.layers[0]
        back, text = ann_to_layer(layer_to_ann(doc.text, layer), doc.text, "A", "x.ann", escaped=True)
        assert text == doc.text
        assert span_view(doc, back) == span_view(doc)
        assert relation_view(back) == relation_view(layer)


def test_folder_round_trip_keeps_names_meta_status_and_stances(tmp_path, all_docs, schema):
    out = tmp_path / "brat"
    result = FORMATS["brat"].write(all_docs, schema, out)
    assert result.documents == len(all_docs)
    assert any("documents.json" in n for n in result.notes)  # Arabic names with spaces got safe file names
    assert all(
        re.fullmatch(r"[A-Za-z0-9_-]+\.(txt|ann)", p.name) for p in out.iterdir() if p.suffix in (".txt", ".ann")
    )
    assert format_of(out).name == "brat"
    back = read(out)  # the annotator comes from documents.json
    by_name = {d.name: d for d in back}
    for doc in all_docs:
        got = by_name[doc.name]
        assert got.text == doc.text and got.meta == doc.meta
        layer = got.layers[0]
        assert layer.annotator == "A" and layer.status == "done"
        assert span_view(got) == span_view(doc)
        assert relation_view(layer) == relation_view(doc.layers[0])
        assert [(d.task, d.target, d.value) for d in layer.doc_labels] == [
            (d.task, d.target, d.value) for d in doc.layers[0].doc_labels
        ]


def test_ann_lines_offsets_and_attributes(tmp_path, tricky, schema, corpus):
    FORMATS["brat"].write([tricky, corpus[1]], schema, tmp_path / "b")
    ann = (tmp_path / "b" / "doc-00001-tricky-lines.ann").read_text(encoding="utf-8")
    text = (tmp_path / "b" / "doc-00001-tricky-lines.txt").read_text(encoding="utf-8")
    assert text == tricky.text
    start = text.index("علَمان")  # after two flags: brat counts code points, as Python does
    assert f"MISC {start} {start + 6}\tعلَمان" in ann
    assert re.search(r"^A\d+\tkind T\d+ direct$", ann, re.M) and re.search(r"^A\d+\tstance T\d+ AGAINST$", ann, re.M)
    assert re.search(r"^R\d+\tSPEAKER Arg1:T\d+ Arg2:T\d+$", ann, re.M)
    other = (tmp_path / "b" / "doc-00002-02.ann").read_text(encoding="utf-8")
    # a value with a space: on its A line like every target, escaped; no note
    assert re.search(r"^A\d+\ttarget T\d+ مجلس%20الأمن$", other, re.M) and "AnnotatorNotes" not in other
    assert re.search(r"^A\d+\ttarget T\d+ إسرائيل$", ann, re.M)


def test_annotation_conf_declares_everything_used(tmp_path, all_docs, schema):
    FORMATS["brat"].write(all_docs, schema, tmp_path / "b")
    conf = (tmp_path / "b" / "annotation.conf").read_text(encoding="utf-8")
    sections = dict(re.findall(r"\[(\w+)\]\n(.*?)(?=\n\[|\Z)", conf, re.S))
    entities = {line.strip() for line in sections["entities"].splitlines() if line.strip() and not line.startswith("#")}
    relations = {
        line.split("\t")[0] for line in sections["relations"].splitlines() if line and not line.startswith("#")
    }
    attributes = {line.split("\t")[0]: line for line in sections["attributes"].splitlines() if line}
    assert {s.label for d in all_docs for s in d.layers[0].spans} <= entities
    assert {"SPEAKER", "CUE_REL", "<OVERLAP>"} <= relations and not relations & entities
    assert "Value:direct|indirect|mixed" in attributes["kind"] and "AGAINST" in attributes["stance"]
    for path in (tmp_path / "b").glob("*.ann"):
        for line in path.read_text(encoding="utf-8").splitlines():
            kind, rest = line.split("\t", 1)
            name = rest.split(" ")[0]
            if kind[0] == "T":
                assert name in entities
            elif kind[0] == "R":
                assert name in relations
            elif kind[0] == "A":
                assert name in attributes


def test_a_span_across_a_line_break_is_cut_there_and_comes_back_whole(corpus):
    doc = corpus[0]
    cut = doc.text.index("\n")
    frags = fragments(doc.text, cut - 5, cut + 6)
    assert frags == [(cut - 5, cut), (cut + 1, cut + 6)]
    layer = doc.layers[0]
    layer.spans.append(type(layer.spans[0])("X1", cut - 5, cut + 6, "QUOTE", {"kind": "mixed"}))
    ann = layer_to_ann(doc.text, layer)
    assert f"QUOTE {cut - 5} {cut};{cut + 1} {cut + 6}\t" in ann and ann.count("\n") == len(ann.splitlines())
    back, _ = ann_to_layer(ann, doc.text, "A", "x.ann")
    assert span_view(doc, back) == span_view(doc)


def test_crlf_and_bom_in_a_foreign_txt_move_the_offsets(tmp_path):
    (tmp_path / "a.txt").write_bytes("\ufeffسطر\r\nقال واشنطن".encode())
    raw = "\ufeffسطر\r\nقال واشنطن"
    start = raw.index("واشنطن")
    (tmp_path / "a.ann").write_text(f"T1\tGPE {start} {start + 6}\tواشنطن\n", encoding="utf-8")
    doc = read(tmp_path, annotator="B")[0]
    assert doc.text == "سطر\nقال واشنطن" and doc.name == "a"
    span = doc.layers[0].spans[0]
    assert doc.text[span.start : span.end] == "واشنطن" and doc.layers[0].annotator == "B"


def test_several_annotators_are_refused(tmp_path, corpus, schema):
    with pytest.raises(InputError, match="--annotator NAME or --gold"):
        FORMATS["brat"].write(corpus[:1] + with_annotator(corpus[1:2], "B"), schema, tmp_path / "b")
    assert not (tmp_path / "b").exists()


@pytest.mark.parametrize(
    "ann, line, words",
    [
        ("T1\tGPE 4 10\tواشنطن\nT2\tPER 0", 2, "truncated"),
        ("T1\tGPE 4 99\tواشنطن\n", 1, "outside the text"),
        ("T1\tGPE 0 3\tواشنطن\n", 1, "differs"),
        ("T1\tGPE 4 10\tواشنطن\nR1\tSPEAKER Arg1:T1 Arg2:T9\n", 2, "no text-bound annotation T9"),
        ("T1\tGPE 4 10\tواشنطن\nT1\tGPE 4 10\tواشنطن\n", 2, "used twice"),
        ("T1\tGPE x 10\tواشنطن\n", 1, "whole numbers"),
        ("garbage line\n", 1, "cannot read"),
        ("T1\tGPE 4 10\tواشنطن\nA1\tkind T7 direct\n", 2, "attribute"),
    ],
)
def test_hostile_ann_files_are_refused_naming_file_and_line(tmp_path, ann, line, words):
    (tmp_path / "d.txt").write_text("قال واشنطن", encoding="utf-8")
    (tmp_path / "d.ann").write_text(ann, encoding="utf-8")
    with pytest.raises(InputError, match=words) as err:
        read(tmp_path, annotator="A")
    assert err.value.line == line and err.value.file.endswith("d.ann")


def test_missing_txt_bad_documents_json_and_missing_annotator(tmp_path):
    (tmp_path / "d.ann").write_text("T1\tGPE 0 3\tقال\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs its .txt"):
        read(tmp_path, annotator="A")
    (tmp_path / "d.txt").write_text("قال", encoding="utf-8")
    with pytest.raises(InputError, match="--annotator"):
        read(tmp_path, annotator=None)
    (tmp_path / "documents.json").write_text(json.dumps({"documents": {"d": {"name": 5}}}), encoding="utf-8")
    with pytest.raises(InputError, match="documents.json"):
        read(tmp_path, annotator="A")


def test_values_brat_cannot_hold_are_escaped_and_come_back_exactly(tmp_path, corpus, schema):
    from annotator.core.formats.brat import escape_value, unescape_value

    awkward = ["مجلس الأمن", "a|b,c:d=e;f#g", "100%", "سطر\nآخر", "x\u00a0y", "%20"]
    for value in awkward:
        word = escape_value(value)
        assert unescape_value(word) == value and not re.search(r"[\s|,:=;#]", word)
    doc = corpus[0]
    quote = next(s for s in doc.layers[0].spans if s.label == "QUOTE")
    quote.attributes.update({"target": awkward[1], "note2": awkward[2], "n": 3})
    FORMATS["brat"].write([doc], schema, tmp_path / "b")
    conf = (tmp_path / "b" / "annotation.conf").read_text(encoding="utf-8")
    assert escape_value(awkward[1]) in conf.split("[attributes]")[1]
    back = read(tmp_path / "b")[0]
    got = next(s for s in back.layers[0].spans if s.label == "QUOTE").attributes
    assert got == quote.attributes  # the number travels in a note, the texts on A lines


def test_cue_relation_name_agrees_with_the_formats_doc_and_comes_back(tmp_path, corpus, schema):
    from annotator.core.formats.brat import brat_relation_names

    names = brat_relation_names(schema, [corpus[0].layers[0]])
    assert names == {"SPEAKER": "SPEAKER", "CUE": "CUE_REL"}  # brat: one namespace for entity and relation types
    formats_doc = (Path(__file__).resolve().parents[3] / "docs" / "formats.md").read_text(encoding="utf-8")
    assert "R: `SPEAKER`, `CUE_REL`" in formats_doc
    FORMATS["brat"].write([corpus[0]], schema, tmp_path / "b")
    ann = next((tmp_path / "b").glob("*.ann")).read_text(encoding="utf-8")
    assert re.search(r"^R\d+\tCUE_REL Arg1:T\d+ Arg2:T\d+$", ann, re.M) and "\tCUE Arg1" not in ann
    assert {r.type for r in read(tmp_path / "b")[0].layers[0].relations} == {"SPEAKER", "CUE"}
