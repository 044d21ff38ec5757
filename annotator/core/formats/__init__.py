"""File formats: each module turns model objects into files and back, and never opens a project.

The registries below are what the CLI (and the GUI's Import / Export) offer.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..files import atomic_file
from ..model import AnnotatedDocument, Schema
from . import jsonl


@dataclass
class ExportResult:
    paths: list[str] = field(default_factory=list)  # what was written
    documents: int = 0
    spans: int = 0
    notes: list[str] = field(default_factory=list)  # what the format could not represent, counted


# An exporter writes documents (with the layers chosen by the caller) to `out`.
Exporter = Callable[[Iterable[AnnotatedDocument], Schema, Path], ExportResult]


def export_jsonl(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path) -> ExportResult:
    result = ExportResult(paths=[str(out)])

    def counted(docs: Iterable[AnnotatedDocument]):
        for doc in docs:
            result.documents += 1
            result.spans += sum(len(lay.spans) for lay in doc.layers)
            yield doc

    with atomic_file(out) as handle:
        jsonl.write(counted(documents), handle)
    return result


EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
}


# An importer reads a file (or folder) into documents; `annotator` names the layer for formats that
# carry no annotator names (in the interchange JSONL it renames the file's single annotator).
Importer = Callable[[Path, "str | None"], list[AnnotatedDocument]]


def import_jsonl(path: Path, annotator: str | None = None) -> list[AnnotatedDocument]:
    docs = list(jsonl.read(path))
    if annotator is not None:
        names = sorted({layer.annotator for doc in docs for layer in doc.layers})
        if len(names) > 1:
            raise InputError(f"the file holds the work of {', '.join(names)}; --annotator can rename one "
                             "annotator only: leave it out to keep their names", file=str(path))
        for doc in docs:
            for layer in doc.layers:
                layer.annotator = annotator
    return docs


def importer_for(path: Path) -> Importer:
    """The importer for an annotated file by its suffix (plain .txt is handled by intake)."""
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return import_jsonl
    raise InputError(f"unknown file type {suffix or '(none)'}; import .txt, .jsonl files", file=str(path))
