"""The quotations table (tables.py): one row per quotation with its cues and speakers, CSV (with its exact JSONL
twin) or JSONL by the suffix of `out`. For reading, not for import."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..model import AnnotatedDocument, Schema
from .common import ExportResult, counted
from .splits import ExportOptions
from .tables import QUOTE_COLUMNS, documents_to_quote_rows, looks_like_table, table_notes, table_outputs, write_rows

looks_like_export = looks_like_table
output_paths = table_outputs


def write(
    documents: Iterable[AnnotatedDocument], schema: Schema, out: Path, *, options: ExportOptions | None = None
) -> ExportResult:
    result = ExportResult(paths=[str(path) for path in table_outputs(out)])
    rows = write_rows(documents_to_quote_rows(counted(documents, result), schema), QUOTE_COLUMNS, out)
    result.notes += table_notes(out, rows, "quotation")
    return result
