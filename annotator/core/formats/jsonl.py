"""The interchange JSONL of DESIGN.md: one document per line, lossless.

    {"name": "doc-1", "text": "...", "meta": {...},
     "annotations": [{"annotator": "A", "status": "done",
                      "spans": [{"id": "T1", "start": 0, "end": 5, "label": "PER", "attributes": {}, "text": "..."}],
                      "relations": [{"type": "SPEAKER", "from": "T2", "to": "T1"}],
                      "doc_labels": [{"task": "stance", "target": "...", "value": "AGAINST"}]}]}

`status` and span `text` are optional on input; the text, when given, must equal text[start:end].
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..errors import InputError
from ..files import atomic_file
from ..intake_policy import parse_json, text_and_byte_lines
from ..model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, Schema, SpanRecord
from .common import ExportResult, counted, first_line, json_keys
from .splits import ExportOptions


def document_to_json(doc: AnnotatedDocument) -> dict[str, Any]:
    return {
        "name": doc.name,
        "text": doc.text,
        "meta": doc.meta,
        "annotations": [
            {
                "annotator": lay.annotator,
                **({"status": lay.status} if lay.status is not None else {}),
                "spans": [
                    {
                        "id": s.id,
                        "start": s.start,
                        "end": s.end,
                        "label": s.label,
                        "attributes": s.attributes,
                        "text": doc.text[s.start : s.end],
                    }
                    for s in lay.spans
                ],
                "relations": [{"type": r.type, "from": r.source, "to": r.target} for r in lay.relations],
                "doc_labels": [{"task": d.task, "target": d.target, "value": d.value} for d in lay.doc_labels],
            }
            for lay in doc.layers
        ],
    }


class _Fields:
    """Reads fields of one JSON object, naming file, line and field path in every complaint."""

    def __init__(self, file: str, line: int):
        self.file, self.line = file, line

    def fail(self, field: str, problem: str) -> InputError:
        return InputError(f"{field}: {problem}", file=self.file, line=self.line)

    def get(self, obj: Any, key: str, path: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if not isinstance(obj, dict):
            raise self.fail(path, "must be an object")
        if key not in obj:
            if default is ...:
                raise self.fail(f"{path}.{key}".lstrip("."), "is missing")
            return default
        value = obj[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            raise self.fail(f"{path}.{key}".lstrip("."), f"must be {names}, not {type(value).__name__}")
        return value


def _quick_span(sp: Any) -> SpanRecord | None:
    """A well-formed span read without per-field checks (the common case, and the import's hot path)."""
    try:
        sid, start, end, label = sp["id"], sp["start"], sp["end"], sp["label"]
        attributes, text = sp.get("attributes", {}), sp.get("text")
    except (KeyError, TypeError, AttributeError):
        return None
    if (
        type(sid) is str
        and type(start) is int
        and type(end) is int
        and type(label) is str
        and type(attributes) is dict
        and (text is None or type(text) is str)
    ):
        return SpanRecord(sid, start, end, label, attributes, text)
    return None


def _quick_relation(rel: Any) -> RelationRecord | None:
    """A well-formed relation read without per-field checks (the common case; `_quick_span`'s twin)."""
    try:
        kind, source, target = rel["type"], rel["from"], rel["to"]
    except (KeyError, TypeError):
        return None
    if type(kind) is str and type(source) is str and type(target) is str:
        return RelationRecord(kind, source, target)
    return None


def json_to_document(obj: Any, file: str, line: int) -> AnnotatedDocument:
    f = _Fields(file, line)
    if not isinstance(obj, dict):
        raise f.fail("line", "must be one JSON object per line")
    doc = AnnotatedDocument(
        f.get(obj, "name", "", str),
        f.get(obj, "text", "", str),
        f.get(obj, "meta", "", dict, {}),
        [],
        source_file=file,
        source_line=line,
    )
    for li, ann in enumerate(f.get(obj, "annotations", "", list, [])):
        p = f"annotations[{li}]"
        layer = Layer(f.get(ann, "annotator", p, str), status=f.get(ann, "status", p, str, None))
        for si, sp in enumerate(f.get(ann, "spans", p, list, [])):
            quick = _quick_span(sp)
            if quick is not None:
                layer.spans.append(quick)
                continue
            sp_path = f"{p}.spans[{si}]"  # the careful path, which names what is wrong
            span_id = f.get(sp, "id", sp_path, (str, int))
            layer.spans.append(
                SpanRecord(
                    str(span_id),
                    f.get(sp, "start", sp_path, int),
                    f.get(sp, "end", sp_path, int),
                    f.get(sp, "label", sp_path, str),
                    f.get(sp, "attributes", sp_path, dict, {}),
                    f.get(sp, "text", sp_path, str, None),
                )
            )
        for ri, rel in enumerate(f.get(ann, "relations", p, list, [])):
            quick_relation = _quick_relation(rel)
            if quick_relation is not None:
                layer.relations.append(quick_relation)
                continue
            r_path = f"{p}.relations[{ri}]"  # the careful path, which names what is wrong
            layer.relations.append(
                RelationRecord(
                    f.get(rel, "type", r_path, str),
                    str(f.get(rel, "from", r_path, (str, int))),
                    str(f.get(rel, "to", r_path, (str, int))),
                )
            )
        for di, dl in enumerate(f.get(ann, "doc_labels", p, list, [])):
            d_path = f"{p}.doc_labels[{di}]"
            layer.doc_labels.append(
                DocLabelRecord(
                    f.get(dl, "task", d_path, str), f.get(dl, "target", d_path, str), f.get(dl, "value", d_path, str)
                )
            )
        doc.layers.append(layer)
    return doc


def json_lines(path: str | Path, kind: str) -> Iterator[tuple[int, Any]]:
    """(line number, parsed object) of each non-blank line of a UTF-8 JSON Lines file, read under the
    intake policy (no links, bounded line length and nesting); a line that is not JSON, or bytes that are
    not UTF-8, are refused naming the line. A file with no line at all is refused: importing it would
    only make an empty project. `kind` names the format in messages."""
    path = Path(path)
    found = False
    for line_no, line, raw in text_and_byte_lines(path, kind):
        if not line or line.isspace():  # (not strip(): a copy of every line)
            continue
        try:
            obj = parse_json(line, str(path), line_no, raw=raw)
        except json.JSONDecodeError as exc:
            cut = "" if line.endswith("\n") else " (the line is cut short: a truncated file?)"
            raise InputError(
                f"column {exc.colno}: not valid JSON ({exc.msg}){cut}; each line must be one complete JSON document",
                file=str(path),
                line=line_no,
            ) from None
        found = True
        yield line_no, obj
    if not found:
        raise InputError(f"the file holds no documents; a {kind} file has one JSON document per line", file=str(path))


def iter_documents(path: str | Path) -> Iterator[AnnotatedDocument]:
    """Documents of an interchange file one at a time, checked for shape; `ingest` checks offsets
    against the text."""
    for line_no, obj in json_lines(path, "interchange"):
        yield json_to_document(obj, str(path), line_no)


def read(path: str | Path, *, annotator: str | None = None) -> list[AnnotatedDocument]:
    """Documents of an interchange file; `annotator` renames the file's single annotator (a file holding
    several is refused: their names are what tells their work apart)."""
    return list(stream(path, annotator=annotator))


def stream(path: str | Path, *, annotator: str | None = None) -> Iterator[AnnotatedDocument]:
    """`read`, one document at a time (an import holds a batch of them, never the file). With `annotator`,
    a file holding several annotators is refused at the document where a second one appears (naming
    every annotator of the file, as `read` does): what was yielded before is the caller's to drop."""
    seen: str | None = None
    documents = iter_documents(path)
    for doc in documents:
        if annotator is not None:
            for layer in doc.layers:
                if seen is None:
                    seen = layer.annotator
                elif layer.annotator != seen:
                    names = {seen, *(lay.annotator for lay in doc.layers)}
                    names.update(lay.annotator for rest in documents for lay in rest.layers)
                    raise InputError(
                        f"the file holds the work of {', '.join(sorted(names))}; --annotator can "
                        "rename one annotator only: leave it out to keep their names",
                        file=str(path),
                    )
            for layer in doc.layers:
                layer.annotator = annotator
        yield doc


def write_lines(documents: Iterable[AnnotatedDocument], out: IO[str]) -> int:
    """Write documents to an open file, one JSON object per line; returns how many."""
    n = 0
    for doc in documents:
        out.write(json.dumps(document_to_json(doc), ensure_ascii=False) + "\n")
        n += 1
    return n


def write(
    documents: Iterable[AnnotatedDocument], schema: Schema, out: Path, *, options: ExportOptions | None = None
) -> ExportResult:
    """The interchange file at `out`, written whole or not at all (every layer, lossless)."""
    result = ExportResult(paths=[str(out)])
    with atomic_file(out) as handle:
        write_lines(counted(documents, result), handle)
    return result


def looks_like_export(path: Path) -> bool:
    """Whether a file starts like an interchange export (so writing over it is expected)."""
    return {"name", "text"} <= json_keys(first_line(path))
