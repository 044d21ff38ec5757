"""Stance and quotation tables, for spreadsheets, pandas and training code: CSV (UTF-8 with a BOM, so
Excel and LibreOffice show Arabic) or JSONL, chosen by the suffix of --out (`.jsonl`; anything else is
CSV). Both have the same columns. A CSV export also writes its JSONL twin beside it (`OUT.csv` ->
`OUT.jsonl`): the CSV is for spreadsheets (formula-escaped, see below), the JSONL for training code
(every value exact, so a quote is `text[start:end]`, and typed: text columns are strings, "" when empty,
where a CSV column that is empty throughout reads as float64 NaN in pandas).

stance: one row per (document, annotator, task, target, value) of every layer given (all annotators
unless the export chose one); `--with-text` adds the document's `text`, so it trains without a join.

quotes: one row per QUOTE span (any span whose label is a quotation label of the schema): the quote's
text, offsets and attributes (kind, stance, target), how many cues and speakers it has, and the texts,
offsets and labels of the spans its CUE and SPEAKER relations point to, as lists in the same order.
Offsets are code points, half-open.

Encoding, chosen so the column types never depend on the data:
- integer columns (`start`, `end`, `cues`, `speakers`) always hold a whole number, never an empty cell,
  so pandas reads them as int64;
- list columns (`cue`, `cue_start`, `cue_end`, `speaker`, `speaker_label`, `speaker_start`,
  `speaker_end`) are JSON arrays: real lists in JSONL, JSON text in CSV (`[4, 12]`, `[]` when none:
  `df.cue_start.map(json.loads)`);
- text columns may be empty (a quote without a stance); read the CSV with `keep_default_na=False` to
  get "" rather than NaN there.
- Spreadsheet formulas: a CSV text cell that begins with = + - @, a tab or a carriage return gets a
  leading `'` (the OWASP rule against CSV injection), so a spreadsheet shows it as text instead of running
  it. Only in CSV: the JSONL keeps every value exactly.

Tables are for reading, not for import; `rows_from_csv` / `rows_from_jsonl` read them back for checks.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..domain import CUE_RELATION, KIND_ATTRIBUTE, QUOTE_LABEL, SPEAKER_RELATION, STANCE_ATTRIBUTE, TARGET_ATTRIBUTE
from ..files import atomic_file
from ..intake_policy import read_bytes
from ..model import QUOTATION, AnnotatedDocument, Schema, SpanRecord
from .common import first_line, json_keys

STANCE_COLUMNS = ["document", "annotator", "task", "target", "value"]
QUOTE_COLUMNS = [
    "document",
    "annotator",
    "quote_id",
    "start",
    "end",
    "quote",
    KIND_ATTRIBUTE,
    STANCE_ATTRIBUTE,
    TARGET_ATTRIBUTE,
    "cues",
    "cue",
    "cue_start",
    "cue_end",
    "speakers",
    "speaker",
    "speaker_label",
    "speaker_start",
    "speaker_end",
]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # OWASP: what makes a spreadsheet read a cell as a formula


def stance_columns(with_text: bool = False) -> list[str]:
    return STANCE_COLUMNS + (["text"] if with_text else [])


def documents_to_stance_rows(
    documents: Iterable[AnnotatedDocument], with_text: bool = False
) -> Iterator[dict[str, Any]]:
    for doc in documents:
        for layer in doc.layers:
            for d in layer.doc_labels:
                row = {
                    "document": doc.name,
                    "annotator": layer.annotator,
                    "task": d.task,
                    "target": d.target,
                    "value": d.value,
                }
                if with_text:
                    row["text"] = doc.text
                yield row


def documents_to_quote_rows(documents: Iterable[AnnotatedDocument], schema: Schema) -> Iterator[dict[str, Any]]:
    quote_labels = {lab.name for lab in schema.labels_of(QUOTATION)} or {QUOTE_LABEL}
    for doc in documents:
        for layer in doc.layers:
            by_id = {s.id: s for s in layer.spans}
            linked: dict[tuple[str, str], list[SpanRecord]] = {}
            for rel in layer.relations:
                linked.setdefault((rel.source, rel.type), []).append(by_id[rel.target])
            for span in layer.spans:
                if span.label not in quote_labels:
                    continue
                cues = linked.get((span.id, CUE_RELATION), [])
                speakers = linked.get((span.id, SPEAKER_RELATION), [])
                attrs = span.attributes
                yield {
                    "document": doc.name,
                    "annotator": layer.annotator,
                    "quote_id": span.id,
                    "start": span.start,
                    "end": span.end,
                    "quote": doc.text[span.start : span.end],
                    KIND_ATTRIBUTE: attrs.get(KIND_ATTRIBUTE, ""),
                    STANCE_ATTRIBUTE: attrs.get(STANCE_ATTRIBUTE, ""),
                    "target": attrs.get("target", ""),
                    "cues": len(cues),
                    "cue": [doc.text[c.start : c.end] for c in cues],
                    "cue_start": [c.start for c in cues],
                    "cue_end": [c.end for c in cues],
                    "speakers": len(speakers),
                    "speaker": [doc.text[s.start : s.end] for s in speakers],
                    "speaker_label": [s.label for s in speakers],
                    "speaker_start": [s.start for s in speakers],
                    "speaker_end": [s.end for s in speakers],
                }


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: a list as JSON text, a text that a spreadsheet would run as a formula
    behind a `'`, anything else as it is."""
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def rows_to_csv(rows: Iterable[dict[str, Any]], columns: list[str], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: csv_cell(v) for k, v in row.items()})
        n += 1
    return n


def rows_from_csv(path: Path) -> list[dict[str, str]]:
    text = read_bytes(path).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def rows_to_jsonl(rows: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def rows_from_jsonl(path: Path) -> list[dict[str, Any]]:
    text = read_bytes(path).decode("utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def is_csv(out: Path) -> bool:
    return out.suffix.lower() != ".jsonl"


def jsonl_twin(out: Path) -> Path:
    """The exact JSONL written beside a CSV table: `quotes.csv` -> `quotes.jsonl`."""
    return out.with_suffix(".jsonl")


def table_outputs(out: Path, options: Any = None) -> list[Path]:
    """The files a table export to `out` writes: the JSONL, or the CSV and its JSONL twin."""
    return [out, jsonl_twin(out)] if is_csv(out) else [out]


def write_rows(rows: Iterable[dict[str, Any]], columns: list[str], out: Path) -> int:
    """Write a table atomically by the suffix of `out` (a CSV with its JSONL twin); returns the number of
    rows."""
    if not is_csv(out):
        with atomic_file(out) as handle:
            return rows_to_jsonl(rows, handle)
    # utf-8-sig writes the BOM spreadsheet programs need to read UTF-8; csv wants newline="" (it writes \r\n)
    with atomic_file(out, encoding="utf-8-sig", newline="") as table, atomic_file(jsonl_twin(out)) as twin:

        def into_twin() -> Iterator[dict[str, Any]]:  # one pass over the rows, exact in the twin
            for row in rows:
                twin.write(json.dumps(row, ensure_ascii=False) + "\n")
                yield row

        return rows_to_csv(into_twin(), columns, table)


def table_notes(out: Path, rows: int, what: str) -> list[str]:
    notes = [f"{rows} rows, one per {what}"]
    if is_csv(out):
        notes.append(
            f"{out.name} is for spreadsheets (a text cell starting with = + - @ gets a leading '); "
            f"{jsonl_twin(out).name} has the same rows exactly, for training code"
        )
    return notes


def looks_like_table(path: Path) -> bool:
    """Whether a file starts like a stance or quotes table (so writing over it is expected)."""
    line = first_line(path)
    return "document" in json_keys(line) or line.split(",", 1)[0].strip('"') == "document"
