"""The stance table (tables.py): one row per document label of every layer, CSV (with its exact JSONL twin)
or JSONL by the suffix of `out`; `--with-text` adds the document's text to every row. For reading, not for import."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..model import AnnotatedDocument, Schema
from .common import ExportResult, counted
from .splits import ExportOptions
from .tables import documents_to_stance_rows, looks_like_table, stance_columns, table_notes, table_outputs, write_rows

looks_like_export = looks_like_table
output_paths = table_outputs


def write(
    documents: Iterable[AnnotatedDocument], schema: Schema, out: Path, *, options: ExportOptions | None = None
) -> ExportResult:
    result = ExportResult(paths=[str(path) for path in table_outputs(out)])
    with_text = bool(options and options.with_text)
    rows = write_rows(documents_to_stance_rows(counted(documents, result), with_text), stance_columns(with_text), out)
    result.notes += table_notes(out, rows, "stance label")
    return result
