"""Stance and quotation tables: CSV with a BOM for spreadsheets, or JSONL."""
import pytest
from format_fixtures import with_annotator

from annotator.core.formats import EXPORTERS
from annotator.core.formats.tables import (JOIN, QUOTE_COLUMNS, STANCE_COLUMNS, documents_to_quote_rows,
                                           documents_to_stance_rows, rows_from_csv, rows_from_jsonl)


def test_stance_rows_cover_every_annotator(corpus):
    docs = corpus[:2] + with_annotator(corpus[:1], "B")
    rows = list(documents_to_stance_rows(docs))
    assert len(rows) == 6
    assert rows[0] == {"document": corpus[0].name, "annotator": "A", "task": "stance", "target": "إسرائيل",
                       "value": "AGAINST"}
    assert {r["annotator"] for r in rows} == {"A", "B"}


def test_quote_rows_resolve_cue_and_speaker(tricky, schema):
    (row,) = documents_to_quote_rows([tricky], schema)
    assert row["quote"] == "لا تعليق" and tricky.text[row["start"]:row["end"]] == "لا تعليق"
    assert (row["kind"], row["stance"], row["target"]) == ("direct", "AGAINST", "إسرائيل")
    assert row["cue"] == ["قال"] and row["speaker"] == ["المُتَحَدِّثُ"] and row["speaker_label"] == ["PER"]
    assert tricky.text[row["speaker_start"][0]:row["speaker_end"][0]] == "المُتَحَدِّثُ"


@pytest.mark.parametrize("fmt, columns", [("stance", STANCE_COLUMNS), ("quotes", QUOTE_COLUMNS)])
def test_csv_has_a_bom_and_reads_back(tmp_path, all_docs, schema, fmt, columns):
    out = tmp_path / f"{fmt}.csv"
    result = EXPORTERS[fmt](all_docs, schema, out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = rows_from_csv(out)
    assert list(rows[0]) == columns
    expected = list(documents_to_stance_rows(all_docs) if fmt == "stance" else documents_to_quote_rows(all_docs, schema))
    assert len(rows) == len(expected) and f"{len(rows)} " in result.notes[0]
    for got, want in zip(rows, expected):
        assert got == {k: JOIN.join(map(str, v)) if isinstance(v, list) else str(v) for k, v in want.items()}


@pytest.mark.parametrize("fmt", ["stance", "quotes"])
def test_jsonl_by_suffix_reads_back_exactly(tmp_path, all_docs, schema, fmt):
    out = tmp_path / f"{fmt}.jsonl"
    EXPORTERS[fmt](all_docs, schema, out)
    assert not out.read_bytes().startswith(b"\xef\xbb\xbf")
    expected = list(documents_to_stance_rows(all_docs) if fmt == "stance" else documents_to_quote_rows(all_docs, schema))
    assert rows_from_jsonl(out) == expected
