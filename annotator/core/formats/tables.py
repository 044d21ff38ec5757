"""Stance and quotation tables, for spreadsheets and pandas: CSV (UTF-8 with a BOM, so Excel and
LibreOffice show Arabic) or JSONL, chosen by the suffix of --out (`.jsonl`; anything else is CSV).

stance: one row per (document, annotator, task, target, value) of every layer given (all annotators
unless the export chose one).

quotes: one row per QUOTE span (any span whose label is a quotation label of the schema): the quote's
text, offsets and attributes (kind, stance, target), and the texts, offsets and labels of the spans its
CUE and SPEAKER relations point to. In CSV several cues or speakers of one quote are joined with " | "
(offsets too, in the same order); JSONL gives them as lists. Offsets are code points, half-open.

Tables are for reading, not for import; `rows_from_csv` / `rows_from_jsonl` read them back for checks.
"""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..files import atomic_file
from ..model import QUOTATION, AnnotatedDocument, Schema

STANCE_COLUMNS = ["document", "annotator", "task", "target", "value"]
QUOTE_COLUMNS = ["document", "annotator", "quote_id", "start", "end", "quote", "kind", "stance", "target",
                 "cue", "cue_start", "cue_end", "speaker", "speaker_label", "speaker_start", "speaker_end"]
JOIN = " | "


def documents_to_stance_rows(documents: Iterable[AnnotatedDocument]) -> Iterator[dict[str, Any]]:
    for doc in documents:
        for layer in doc.layers:
            for d in layer.doc_labels:
                yield {"document": doc.name, "annotator": layer.annotator, "task": d.task, "target": d.target,
                       "value": d.value}


def documents_to_quote_rows(documents: Iterable[AnnotatedDocument], schema: Schema) -> Iterator[dict[str, Any]]:
    quote_labels = {lab.name for lab in schema.labels_of(QUOTATION)} or {"QUOTE"}
    for doc in documents:
        for layer in doc.layers:
            by_id = {s.id: s for s in layer.spans}
            linked: dict[tuple[str, str], list] = {}
            for rel in layer.relations:
                linked.setdefault((rel.source, rel.type), []).append(by_id[rel.target])
            for span in layer.spans:
                if span.label not in quote_labels:
                    continue
                cues = linked.get((span.id, "CUE"), [])
                speakers = linked.get((span.id, "SPEAKER"), [])
                attrs = span.attributes
                yield {"document": doc.name, "annotator": layer.annotator, "quote_id": span.id,
                       "start": span.start, "end": span.end, "quote": doc.text[span.start:span.end],
                       "kind": attrs.get("kind", ""), "stance": attrs.get("stance", ""),
                       "target": attrs.get("target", ""),
                       "cue": [doc.text[c.start:c.end] for c in cues], "cue_start": [c.start for c in cues],
                       "cue_end": [c.end for c in cues],
                       "speaker": [doc.text[s.start:s.end] for s in speakers],
                       "speaker_label": [s.label for s in speakers],
                       "speaker_start": [s.start for s in speakers], "speaker_end": [s.end for s in speakers]}


def _flat(value: Any) -> Any:
    return JOIN.join(str(v) for v in value) if isinstance(value, list) else value


def rows_to_csv(rows: Iterable[dict[str, Any]], columns: list[str], out: io.TextIOBase) -> int:
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: _flat(v) for k, v in row.items()})
        n += 1
    return n


def rows_from_csv(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def rows_to_jsonl(rows: Iterable[dict[str, Any]], out: io.TextIOBase) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def rows_from_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def write_rows(rows: Iterable[dict[str, Any]], columns: list[str], out: Path) -> int:
    """Write a table atomically by the suffix of `out`; returns the number of rows."""
    if out.suffix.lower() == ".jsonl":
        with atomic_file(out) as handle:
            return rows_to_jsonl(rows, handle)
    # utf-8-sig writes the BOM spreadsheet programs need to read UTF-8; csv wants newline="" (it writes \r\n)
    with atomic_file(out, encoding="utf-8-sig", newline="") as handle:
        return rows_to_csv(rows, columns, handle)
