"""Stance and quotation tables: CSV with a BOM for spreadsheets, or JSONL."""

import json

import pytest
from format_fixtures import with_annotator

from annotator.core.formats.registry import FORMATS
from annotator.core.formats.splits import ExportOptions
from annotator.core.formats.tables import (
    QUOTE_COLUMNS,
    STANCE_COLUMNS,
    csv_cell,
    documents_to_quote_rows,
    documents_to_stance_rows,
    rows_from_csv,
    rows_from_jsonl,
)
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, SpanRecord


def test_stance_rows_cover_every_annotator(corpus):
    docs = corpus[:2] + with_annotator(corpus[:1], "B")
    rows = list(documents_to_stance_rows(docs))
    assert len(rows) == 6
    assert rows[0] == {
        "document": corpus[0].name,
        "annotator": "A",
        "task": "stance",
        "target": "إسرائيل",
        "value": "AGAINST",
    }
    assert {r["annotator"] for r in rows} == {"A", "B"}


def test_quote_rows_resolve_cue_and_speaker(tricky, schema):
    (row,) = documents_to_quote_rows([tricky], schema)
    assert row["quote"] == "لا تعليق" and tricky.text[row["start"] : row["end"]] == "لا تعليق"
    assert (row["kind"], row["stance"], row["target"]) == ("direct", "AGAINST", "إسرائيل")
    assert row["cue"] == ["قال"] and row["speaker"] == ["المُتَحَدِّثُ"] and row["speaker_label"] == ["PER"]
    assert tricky.text[row["speaker_start"][0] : row["speaker_end"][0]] == "المُتَحَدِّثُ"


@pytest.mark.parametrize("fmt, columns", [("stance", STANCE_COLUMNS), ("quotes", QUOTE_COLUMNS)])
def test_csv_has_a_bom_and_reads_back(tmp_path, all_docs, schema, fmt, columns):
    out = tmp_path / f"{fmt}.csv"
    result = FORMATS[fmt].write(all_docs, schema, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = rows_from_csv(out)
    assert list(rows[0]) == columns
    expected = list(
        documents_to_stance_rows(all_docs) if fmt == "stance" else documents_to_quote_rows(all_docs, schema)
    )
    assert len(rows) == len(expected) and f"{len(rows)} " in result.notes[0]
    for got, want in zip(rows, expected, strict=False):
        assert got == {k: json.dumps(v, ensure_ascii=False) if isinstance(v, list) else str(v) for k, v in want.items()}


@pytest.mark.parametrize("fmt", ["stance", "quotes"])
def test_jsonl_by_suffix_reads_back_exactly(tmp_path, all_docs, schema, fmt):
    out = tmp_path / f"{fmt}.jsonl"
    FORMATS[fmt].write(all_docs, schema, out)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    expected = list(
        documents_to_stance_rows(all_docs) if fmt == "stance" else documents_to_quote_rows(all_docs, schema)
    )
    assert rows_from_jsonl(out) == expected


def awkward_document() -> AnnotatedDocument:
    """One quotation with two speakers and no cue, one with a cue and no speaker, cells that look like
    formulas."""
    text = "=HYPERLINK(1) قال بايدن ونتنياهو «نعم» ثم أكد «-لا» @x"

    def at(word, label, sid, nth=0):
        start = text.index(word) if not nth else text.index(word, text.index(word) + 1)
        return SpanRecord(sid, start, start + len(word), label)

    spans = [
        at("بايدن", "PER", "P1"),
        at("نتنياهو", "PER", "P2"),
        at("نعم", "QUOTE", "Q1"),
        at("أكد", "CUE", "C1"),
        at("-لا", "QUOTE", "Q2"),
    ]
    spans[2].attributes = {"kind": "direct", "target": "+target"}
    relations = [
        RelationRecord("SPEAKER", "Q1", "P1"),
        RelationRecord("SPEAKER", "Q1", "P2"),
        RelationRecord("CUE", "Q2", "C1"),
    ]
    labels = [DocLabelRecord("stance", "@إسرائيل", "AGAINST")]
    return AnnotatedDocument("=cmd|' /C calc'!A0", text, {}, [Layer("A", spans, relations, labels)])


def test_csv_column_types_do_not_depend_on_the_data(tmp_path, schema):
    pandas = pytest.importorskip("pandas")
    out = tmp_path / "quotes.csv"
    FORMATS["quotes"].write([awkward_document()], schema, out)
    df = pandas.read_csv(out, encoding="utf-8-sig", keep_default_na=False)
    assert list(df.columns) == QUOTE_COLUMNS
    for column in ("start", "end", "cues", "speakers"):
        assert str(df[column].dtype) == "int64", column
    assert df["speakers"].tolist() == [2, 0] and df["cues"].tolist() == [0, 1]
    text = awkward_document().text
    assert [json.loads(v) for v in df["speaker_start"]] == [[text.index("بايدن"), text.index("نتنياهو")], []]
    assert [json.loads(v) for v in df["cue_end"]] == [[], [text.index("أكد") + 3]]
    assert df["stance"].tolist() == ["", ""]  # empty text stays text


def test_formula_cells_are_quoted_in_csv_only(tmp_path, schema):
    doc = awkward_document()
    FORMATS["quotes"].write([doc], schema, tmp_path / "quotes.csv")
    FORMATS["stance"].write([doc], schema, tmp_path / "stance.csv", options=ExportOptions(with_text=True))
    quotes, stance = rows_from_csv(tmp_path / "quotes.csv"), rows_from_csv(tmp_path / "stance.csv")
    assert quotes[0]["document"] == "'=cmd|' /C calc'!A0" and quotes[0]["target"] == "'+target"
    assert quotes[1]["quote"] == "'-لا"
    assert stance[0]["target"] == "'@إسرائيل" and stance[0]["text"] == "'" + doc.text
    assert all(not v.startswith(("=", "+", "-", "@", "\t", "\r")) for row in quotes + stance for v in row.values())
    FORMATS["quotes"].write([doc], schema, tmp_path / "quotes.jsonl")
    exact = rows_from_jsonl(tmp_path / "quotes.jsonl")
    assert exact[0]["document"] == doc.name and exact[1]["quote"] == "-لا" and exact[0]["target"] == "+target"
    assert [csv_cell(v) for v in ("\tx", "\rx", "a=b", 5, -1)] == ["'\tx", "'\rx", "a=b", 5, -1]


def test_stance_rows_with_text_train_without_a_join(tmp_path, corpus, schema):
    out = tmp_path / "stance.jsonl"
    FORMATS["stance"].write(corpus, schema, out, options=ExportOptions(with_text=True))
    rows = rows_from_jsonl(out)
    assert rows[0]["text"] == corpus[0].text and list(rows[0]) == STANCE_COLUMNS + ["text"]
    FORMATS["stance"].write(corpus, schema, tmp_path / "plain.csv")
    assert list(rows_from_csv(tmp_path / "plain.csv")[0]) == STANCE_COLUMNS
