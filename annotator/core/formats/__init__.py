"""File formats: each module turns model objects into files and back, and never opens a project.

The registries below are what the CLI (and the GUI's Import / Export) offer.
"""
from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..files import atomic_file
from ..intake_policy import is_folder, list_folder, parse_json, text_lines
from ..model import AnnotatedDocument, Schema
from . import jsonl
from .splits import ExportOptions


@dataclass
class ExportResult:
    paths: list[str] = field(default_factory=list)  # what was written
    documents: int = 0
    spans: int = 0
    notes: list[str] = field(default_factory=list)  # what the format could not represent, counted


# An exporter writes documents (with the layers chosen by the caller) to `out`; the options (split,
# --max-tokens, --with-text) matter to the formats that have them.
Exporter = Callable[..., ExportResult]


def _counted(documents: Iterable[AnnotatedDocument], result: ExportResult) -> Iterator[AnnotatedDocument]:
    """The documents, counted into `result` as they stream past (exports never hold them all)."""
    for doc in documents:
        result.documents += 1
        result.spans += sum(len(lay.spans) for lay in doc.layers)
        yield doc


def export_jsonl(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path,
                 options: ExportOptions | None = None) -> ExportResult:
    result = ExportResult(paths=[str(out)])
    with atomic_file(out) as handle:
        jsonl.write(_counted(documents, result), handle)
    return result


def export_conll(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path,
                 options: ExportOptions | None = None) -> ExportResult:
    from . import conll
    paths, n_docs, n_spans, notes = conll.write(documents, schema, out, options or ExportOptions())
    return ExportResult(paths, n_docs, n_spans, notes)


def export_spacy(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path,
                 options: ExportOptions | None = None) -> ExportResult:
    from . import spacy
    paths, n_docs, n_spans, notes = spacy.write(documents, schema, out, options or ExportOptions())
    return ExportResult(paths, n_docs, n_spans, notes)


def export_hf(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path,
              options: ExportOptions | None = None) -> ExportResult:
    from . import hf
    n_docs, n_spans, notes = hf.write(documents, schema, out, options or ExportOptions())
    return ExportResult([str(out)], n_docs, n_spans, notes)


def _folder_exporter(module_name: str) -> Exporter:
    def export(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path,
               options: ExportOptions | None = None) -> ExportResult:
        module = importlib.import_module(f"{__name__}.{module_name}")  # heavy imports (cassis) only when used
        n_docs, n_spans, notes = module.write(documents, schema, out)
        return ExportResult([str(out)], n_docs, n_spans, notes)
    export.__name__ = f"export_{module_name}"
    return export


def _table_exporter(kind: str) -> Exporter:
    def export(documents: Iterable[AnnotatedDocument], schema: Schema, out: Path,
               options: ExportOptions | None = None) -> ExportResult:
        from . import tables
        result = ExportResult(paths=[str(out)])
        with_text = bool(options and options.with_text)
        if kind == "stance":
            rows = tables.write_rows(tables.documents_to_stance_rows(_counted(documents, result), with_text),
                                     tables.stance_columns(with_text), out)
        else:
            rows = tables.write_rows(tables.documents_to_quote_rows(_counted(documents, result), schema),
                                     tables.QUOTE_COLUMNS, out)
        result.notes.append(f"{rows} rows, one per {'stance label' if kind == 'stance' else 'quotation'}")
        return result
    export.__name__ = f"export_{kind}"
    return export


# What --out is for each format, and how to tell an earlier export of it from someone else's file.
FOLDER_FORMATS = ("hf", "brat", "xmi")


def output_paths(fmt: str, out: Path, options: ExportOptions | None = None) -> list[Path]:
    """Every path an export of `fmt` to `out` may write: one file per --split, and the spaCy export's
    DocBin and config.cfg beside its JSONL."""
    from .splits import split_path
    splits = (options.split_names if options else None) or [""]
    if fmt == "conll":
        return [split_path(out, s) for s in splits]
    if fmt == "spacy":
        jsonl_base = out.with_suffix(".jsonl") if out.suffix == ".spacy" else out
        return [*(split_path(jsonl_base, s) for s in splits), *(split_path(out.with_suffix(".spacy"), s)
                                                                  for s in splits), out.parent / "config.cfg"]
    return [out]


def _first_line(path: Path) -> str:
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            for line in handle:
                if line.strip():
                    return line.strip()
                if handle.tell() > 1 << 20:
                    break
    except OSError:
        pass
    return ""


def _json_keys(line: str) -> set[str]:
    try:
        obj = json.loads(line)
    except ValueError:
        return set()
    return set(obj) if isinstance(obj, dict) else set()


def looks_like_export(fmt: str, path: Path) -> bool:
    """Whether an existing file has the shape an export of `fmt` writes (so writing over it is expected)."""
    if fmt == "spacy" and path.name == "config.cfg":
        return _first_line(path).startswith("# written by `annotator export --format spacy`")
    if fmt == "spacy" and path.suffix == ".spacy":
        with open(path, "rb") as handle:
            return handle.read(1) == b"\x78"  # a DocBin is zlib-compressed
    line = _first_line(path)
    if fmt == "conll":
        return line.startswith("-DOCSTART-")
    if fmt == "jsonl":
        return {"name", "text"} <= _json_keys(line)
    if fmt == "spacy":
        return {"text", "spans"} <= _json_keys(line)
    if fmt in ("stance", "quotes"):
        return "document" in _json_keys(line) or line.split(",", 1)[0].strip('"') == "document"
    return False


EXPORTERS: dict[str, Exporter] = {
    "jsonl": export_jsonl,
    "conll": export_conll,
    "spacy": export_spacy,
    "hf": export_hf,
    "brat": _folder_exporter("brat"),
    "xmi": _folder_exporter("xmi"),
    "stance": _table_exporter("stance"),
    "quotes": _table_exporter("quotes"),
}
SPLITTABLE = ("conll", "spacy", "hf")  # the token-based exports: --split and --seed



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


def import_conll(path: Path, annotator: str | None = None) -> list[AnnotatedDocument]:
    from . import conll
    return conll.read(path, annotator)


def import_spacy(path: Path, annotator: str | None = None) -> list[AnnotatedDocument]:
    from . import spacy
    return spacy.read(path, annotator)


def import_brat(path: Path, annotator: str | None = None) -> list[AnnotatedDocument]:
    from . import brat
    return brat.read(path, annotator)


def import_xmi(path: Path, annotator: str | None = None) -> list[AnnotatedDocument]:
    from . import xmi
    return xmi.read(path, annotator)


# What `annotator import --format FMT` names; without --format the file's suffix (or content) chooses.
IMPORTERS: dict[str, Importer] = {
    "jsonl": import_jsonl,
    "conll": import_conll,
    "spacy": import_spacy,
    "brat": import_brat,
    "xmi": import_xmi,
}


def _first_json_object(path: Path) -> dict | None:
    """The first line of a JSONL file as an object, or None (the importer then reports what is wrong)."""
    try:
        for line_no, line in text_lines(path, "JSONL"):
            if line.strip():
                obj = parse_json(line, str(path), line_no)
                return obj if isinstance(obj, dict) else None
    except (InputError, ValueError):
        return None
    return None


def annotated_folder_importer(path: Path) -> Importer | None:
    """The importer of a brat folder (.ann files) or a UIMA XMI folder (.xmi files), which reads it whole;
    None for another folder."""
    if list_folder(path, (".ann",)):
        return import_brat
    if list_folder(path, (".xmi",)):
        return import_xmi
    return None


def importer_for(path: Path) -> Importer:
    """The importer for an annotated file or folder (plain .txt is handled by intake).

    A folder with .ann files is brat, with .xmi files UIMA XMI. JSONL is told apart by content: the
    interchange format has "name" and "annotations", spaCy's has "text" and "spans" without a name.
    """
    if is_folder(path):
        importer = annotated_folder_importer(path)
        if importer is None:
            raise InputError("the folder holds no .ann (brat) or .xmi files", file=str(path))
        return importer
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        first = _first_json_object(path)
        if first is not None and "name" not in first and "annotations" not in first and "spans" in first:
            return import_spacy
        return import_jsonl
    if suffix in (".conll", ".iob", ".bio", ".conll03", ".conllx"):
        return import_conll
    if suffix == ".ann":
        return import_brat
    if suffix == ".xmi":
        return import_xmi
    raise InputError(f"unknown file type {suffix or '(none)'}; import .txt, .jsonl (interchange or spaCy), "
                     ".conll, .xmi files or brat folders", file=str(path))
