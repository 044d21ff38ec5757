"""brat standoff: a folder with `NAME.txt` + `NAME.ann` per document, `annotation.conf`, `visual.conf`
and `documents.json`.

    T1	GPE 12 18	واشنطن                 every span: entities, QUOTE, CUE (one word labels)
    T2	QUOTE 40 95;96 120	...            a span across a line break is cut there, as brat itself does
    R1	SPEAKER Arg1:T2 Arg2:T1               relations: Arg1 is the source (the QUOTE)
    A1	kind T2 direct                        attributes with a text value: kind, stance, target
    A3	target T2 مجلس%20الأمن                 (escaped: see below)
    #1	AnnotatorNotes T2	attributes: {"n": 3}   the rest (numbers, lists, ...), as JSON

brat keeps entity and relation types in one namespace (a relation named like an entity type breaks its
annotation UI: nlplab/brat issues 419 and 1069), so a relation type named like a label (CUE: QUOTE ->
CUE) is written CUE_REL, and documents.json maps it back on import.

An attribute value on an A line (and in annotation.conf) is one word: brat splits at white space and
uses | , : = ; # in its config. So every text value is percent-encoded there: each white space
character and each of | , : = ; # % becomes %XX of its UTF-8 bytes (مجلس الأمن -> مجلس%20الأمن);
documents.json says `"attribute_values": "percent-encoded"` and import decodes them (files without it,
from other tools, are read as they are).

Offsets are what brat counts: brat reads the .txt as UTF-8 into a Python str without newline
translation, so offsets are code points of the file's text (server/src/annotation.py, open_textfile).
The .txt holds the stored text exactly (LF newlines, no BOM); on import, a BOM or CRLF in a foreign .txt
is removed and the offsets are moved with it.

File names: a document name that is plain ASCII without spaces is the file stem; any other (Arabic,
spaces) becomes `doc-00001...`. `documents.json` maps stems back to the real name, the annotator, the
status, the meta and the document labels (stance), which brat has no place for. One layer per document:
several annotators in one export are refused (choose --annotator or --gold).

Import reads such a folder (or one .ann file); `--annotator` names the layer (default: the annotator in
documents.json). E (event), N (normalisation) and * (equivalence) lines have no place in the model and
are skipped; a discontinuous span becomes one span from its first to its last character.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from ..domain import STANCE_TASK
from ..errors import InputError
from ..files import atomic_folder
from ..intake_policy import LIMITS, is_folder, list_folder, parse_json, text_lines
from ..model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, Schema, SpanRecord
from .common import ExportResult, OneLayer, read_utf8, safe_stems
from .splits import ExportOptions

NOTES_PREFIX = "attributes: "
_LINE_BREAKS = re.compile("[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")  # where brat's readlines() breaks
_ONE_WORD = re.compile(r"[^\s|,:=;#]+")  # what an A line and annotation.conf can hold as a name
_ESCAPED = re.compile(r"[\s|,:=;#%]")
PERCENT_ENCODED = "percent-encoded"  # documents.json "attribute_values": how A line values are written


def escape_value(value: str) -> str:
    """A text attribute value as one brat word: white space and | , : = ; # % as %XX (UTF-8)."""
    return _ESCAPED.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), value)


def unescape_value(value: str) -> str:
    return unquote(value, errors="strict")


def _attribute_value(value: object) -> str | None:
    """What an A line holds for a value: "" for True (a flag), the escaped text, or None (a note)."""
    if value is True:
        return ""
    if isinstance(value, str) and value:
        return escape_value(value)
    return None


# ---- writing ----------------------------------------------------------------------------------------


def fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) cut at line breaks (an .ann line cannot hold one); empty pieces are left out."""
    out, pos = [], start
    for m in _LINE_BREAKS.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        out.append((pos, end))
    return out or [(start, end)]


def brat_relation_names(schema: Schema, layers: list[Layer]) -> dict[str, str]:
    """Relation type -> its name in brat. brat keeps one namespace for entity and relation types, so a
    relation named like a label (CUE: QUOTE -> CUE) is written as CUE_REL; documents.json maps it back."""
    labels = {lab.name for lab in schema.labels} | {s.label for lay in layers for s in lay.spans}
    types = list(
        dict.fromkeys([r.name for r in schema.relation_types] + [r.type for lay in layers for r in lay.relations])
    )
    out = {}
    for name in types:
        brat_name = name
        while brat_name in labels:
            brat_name += "_REL"
        out[name] = brat_name
    return out


def layer_to_ann(text: str, layer: Layer, relation_names: dict[str, str] | None = None) -> str:
    """The .ann content of one layer; ids are renumbered T1.. in the layer's order."""
    relation_names = relation_names or {}
    lines: list[str] = []
    tid: dict[str, str] = {}
    attr_lines: list[str] = []
    note_lines: list[str] = []
    for i, span in enumerate(layer.spans, 1):
        tid[span.id] = f"T{i}"
        frags = fragments(text, span.start, span.end)
        offsets = ";".join(f"{s} {e}" for s, e in frags)
        lines.append(f"T{i}\t{span.label} {offsets}\t{' '.join(text[s:e] for s, e in frags)}")
        rest = {}
        for key, value in span.attributes.items():
            word = _attribute_value(value) if _ONE_WORD.fullmatch(key) else None
            if word is None:
                rest[key] = value
            else:
                attr_lines.append(f"A{len(attr_lines) + 1}\t{key} T{i}" + (f" {word}" if word else ""))
        if rest:
            note_lines.append(
                f"#{len(note_lines) + 1}\tAnnotatorNotes T{i}\t{NOTES_PREFIX}" + json.dumps(rest, ensure_ascii=False)
            )
    for i, rel in enumerate(layer.relations, 1):
        lines.append(f"R{i}\t{relation_names.get(rel.type, rel.type)} Arg1:{tid[rel.source]} Arg2:{tid[rel.target]}")
    return "".join(line + "\n" for line in lines + attr_lines + note_lines)


def annotation_conf(schema: Schema, layers: list[Layer], relation_names: dict[str, str]) -> str:
    """An annotation.conf declaring every type, relation and attribute value the layers use."""
    labels = list(dict.fromkeys([lab.name for lab in schema.labels] + [s.label for lay in layers for s in lay.spans]))
    out = [
        "# written by annotator: every label, relation type and attribute value of the export",
        "",
        "[entities]",
        *labels,
        "",
        "[relations]",
    ]
    out += _relation_lines(schema, relation_names)
    out += [
        "# quotations contain entities, and annotators' spans may nest or cross",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
        "",
        "[attributes]",
    ]
    for name, (labs, words) in _attributes_used(schema, layers).items():
        out.append(f"{name}\tArg:{'|'.join(sorted(labs))}" + (f", Value:{'|'.join(words)}" if words else ""))
    return "\n".join(out) + "\n"


def _relation_lines(schema: Schema, relation_names: dict[str, str]) -> list[str]:
    """annotation.conf's [relations] lines: each relation type under its brat name, with its ends' labels."""
    rel_types = {r.name: r for r in schema.relation_types}
    out = []
    for name, brat_name in relation_names.items():
        if brat_name != name:
            out.append(f"# {brat_name} is the {name} relation: brat keeps entity and relation types in one namespace")
        rt = rel_types.get(name)
        arg1 = "|".join(rt.from_labels) if rt and rt.from_labels else "<ENTITY>"
        arg2 = "|".join(rt.to_labels) if rt and rt.to_labels else "<ENTITY>"
        out.append(f"{brat_name}\tArg1:{arg1}, Arg2:{arg2}")
    return out


def _attributes_used(schema: Schema, layers: list[Layer]) -> dict[str, tuple[set[str], dict[str, None]]]:
    """Every attribute the schema declares or a span uses (whose name brat can hold): name -> (the labels
    it goes on, its values as written, in order)."""
    attrs: dict[str, tuple[set[str], dict[str, None]]] = {}  # name -> (labels, values)
    for lab in schema.labels:
        for name, values in lab.attributes.items():
            if _ONE_WORD.fullmatch(name):
                entry = attrs.setdefault(name, (set(), {}))
                entry[0].add(lab.name)
                entry[1].update((escape_value(v), None) for v in values if v)
    for span in (span for lay in layers for span in lay.spans):
        for name, value in span.attributes.items():
            word = _attribute_value(value) if _ONE_WORD.fullmatch(name) else None
            if word is not None:
                entry = attrs.setdefault(name, (set(), {}))
                entry[0].add(span.label)
                if word:
                    entry[1][word] = None
    if STANCE_TASK in attrs:  # the schema's stance values belong to QUOTE's stance attribute
        attrs[STANCE_TASK][1].update((escape_value(v), None) for v in schema.stance_values if v)
    return attrs


def visual_conf(schema: Schema) -> str:
    out = ["[labels]", "", "[drawing]"]
    out += [
        f"{lab.name}\tbgColor:{lab.colour}" for lab in schema.labels if re.fullmatch(r"#[0-9a-fA-F]{6}", lab.colour)
    ]
    return "\n".join(out) + "\n"


def write(
    documents: Iterable[AnnotatedDocument], schema: Schema, out: Path, *, options: ExportOptions | None = None
) -> ExportResult:
    """Write the folder atomically (no options apply)."""
    one = OneLayer("brat")
    pairs = list(one(documents))
    stems = safe_stems(doc.name for doc, _ in pairs)
    layers = [lay for _, lay in pairs]
    relation_names = brat_relation_names(schema, layers)
    index = {}
    spans = 0
    with atomic_folder(out, "brat") as tmp:
        for doc, layer in pairs:
            stem = stems[doc.name]
            (tmp / f"{stem}.txt").write_text(doc.text, encoding="utf-8", newline="")
            (tmp / f"{stem}.ann").write_text(
                layer_to_ann(doc.text, layer, relation_names), encoding="utf-8", newline=""
            )
            index[stem] = {
                "name": doc.name,
                "annotator": layer.annotator or None,
                "status": layer.status,
                "meta": doc.meta,
                "doc_labels": [{"task": d.task, "target": d.target, "value": d.value} for d in layer.doc_labels],
            }
            spans += len(layer.spans)
        (tmp / "annotation.conf").write_text(annotation_conf(schema, layers, relation_names), encoding="utf-8")
        (tmp / "visual.conf").write_text(visual_conf(schema), encoding="utf-8")
        renamed_relations = {b: name for name, b in relation_names.items() if b != name}
        (tmp / "documents.json").write_text(
            json.dumps(
                {"documents": index, "relation_types": renamed_relations, "attribute_values": PERCENT_ENCODED},
                ensure_ascii=False,
                indent=1,
            ),
            encoding="utf-8",
        )
    renamed = sum(1 for name, stem in stems.items() if name != stem)
    notes = one.notes()
    if renamed:
        notes.append(
            f"{renamed} document names are not plain file names: files are doc-NNNNN, real names in documents.json"
        )
    return ExportResult([str(out)], len(pairs), spans, notes)


# ---- reading ----------------------------------------------------------------------------------------


def _normalised(raw: str) -> tuple[str, list[int] | None]:
    """The text as the project stores it (no BOM, LF newlines) and, if that changed anything, a map
    from brat's offsets (into the raw text) to offsets into the stored text."""
    if not raw.startswith("\ufeff") and "\r" not in raw:
        return raw, None
    mapping: list[int] = []
    out: list[str] = []
    i = 1 if raw.startswith("\ufeff") else 0
    if i:
        mapping.append(0)
    while i < len(raw):
        mapping.append(len(out))
        if raw[i] == "\r" and raw[i + 1 : i + 2] == "\n":
            i += 1  # the CR of CRLF goes: both positions map to the one LF
            mapping.append(len(out))
        out.append("\n" if raw[i] == "\r" else raw[i])
        i += 1
    mapping.append(len(out))
    return "".join(out), mapping


def ann_to_layer(
    ann: str | Iterable[tuple[int, str]], raw_text: str, annotator: str, file: str, escaped: bool = False
) -> tuple[Layer, str]:
    """A .ann file's content (its text, or its numbered lines as `text_lines` reads them) as a layer over
    the text of its .txt; returns (layer, stored text). `escaped`: attribute values are percent-encoded
    (this package's export says so in documents.json)."""
    text, mapping = _normalised(raw_text)
    lines = enumerate(ann.split("\n"), 1) if isinstance(ann, str) else ann
    spans, pending = _read_ann_lines(lines, raw_text, text, mapping, file)
    layer = Layer(annotator)
    layer.spans = list(spans.values())
    for no, ann_id, fields in pending:

        def fail(problem: str, no: int = no) -> InputError:  # one per pending line
            return InputError(problem, file=file, line=no)

        if ann_id[0] == "R":
            layer.relations.append(_relation(ann_id, fields, spans, fail))
        elif ann_id[0] in "AM":
            _attribute(ann_id, fields, spans, escaped, fail)
        else:  # '#': AnnotatorNotes ID<TAB>note
            _note(ann_id, fields, spans, file, no, fail)
    return layer, text


_PendingLine = tuple[int, str, list[str]]  # an A, R, M or # line: number, id, fields


def _read_ann_lines(
    lines: Iterable[tuple[int, str]], raw_text: str, text: str, mapping: list[int] | None, file: str
) -> tuple[dict[str, SpanRecord], list[_PendingLine]]:
    """The first pass over a .ann file: its text-bound spans (T lines) by id, and the A, R, M and # lines,
    resolved once every T is known (E, N and * lines are skipped)."""
    spans: dict[str, SpanRecord] = {}
    pending: list[_PendingLine] = []
    seen: set[str] = set()
    for no, line in lines:
        line = line.rstrip("\n").rstrip("\r")
        if not line.strip():
            continue

        def fail(problem: str, no: int = no) -> InputError:
            return InputError(f"{problem} (brat lines are ID<TAB>TYPE ARGS[<TAB>TEXT])", file=file, line=no)

        ann_id, sep, rest = line.partition("\t")
        if not sep or not re.fullmatch(r"[A-Za-z#*][0-9]*\S*", ann_id):
            raise fail(f"cannot read {line[:60]!r}")
        kind = ann_id[0]
        if ann_id in seen and kind != "*":
            raise fail(f"id {ann_id} is used twice")
        seen.add(ann_id)
        data, _, tail = rest.partition("\t")
        fields = data.split()
        if kind == "T":
            spans[ann_id] = _textbound(ann_id, fields, tail, raw_text, text, mapping, fail)
        elif kind in "RA#M":
            pending.append((no, ann_id, fields + [tail] if kind == "#" else fields))
        elif kind not in "EN*":
            raise fail(f"unknown annotation kind {kind!r}")
    return spans, pending


# the error of one line of a .ann file, naming it
Fail = Callable[[str], InputError]


def _relation(ann_id: str, fields: list[str], spans: dict[str, SpanRecord], fail: Fail) -> RelationRecord:
    """An R line: TYPE Arg1:ID Arg2:ID, both ends text-bound annotations."""
    if len(fields) != 3 or not fields[1].startswith("Arg1:") or not fields[2].startswith("Arg2:"):
        raise fail(f"{ann_id}: a relation is TYPE Arg1:ID Arg2:ID")
    source, target = fields[1][5:], fields[2][5:]
    for ref in (source, target):
        if ref not in spans:
            raise fail(f"{ann_id}: no text-bound annotation {ref}")
    return RelationRecord(fields[0], source, target)


def _attribute(ann_id: str, fields: list[str], spans: dict[str, SpanRecord], escaped: bool, fail: Fail) -> None:
    """An A (or M) line: NAME ID [VALUE], set on the span's attributes (True without a value)."""
    if len(fields) not in (2, 3) or fields[1] not in spans:
        raise fail(f"{ann_id}: an attribute is NAME ID [VALUE] on a text-bound annotation")
    value: str | bool = fields[2] if len(fields) == 3 else True
    if escaped and isinstance(value, str):
        try:
            value = unescape_value(value)
        except UnicodeDecodeError:
            raise fail(f"{ann_id}: value {value!r} is not percent-encoded UTF-8 (write a space as %20)") from None
    spans[fields[1]].attributes[fields[0]] = value


def _note(ann_id: str, fields: list[str], spans: dict[str, SpanRecord], file: str, no: int, fail: Fail) -> None:
    """A # line (AnnotatorNotes ID<TAB>note) on a span: its attributes when the note holds them as JSON
    (NOTES_PREFIX), else the attribute "note"."""
    if len(fields) < 3 or fields[1] not in spans:
        return  # notes on events or relations have no place in the model
    note = fields[-1]
    if not note.startswith(NOTES_PREFIX):
        spans[fields[1]].attributes["note"] = note
        return
    try:
        extra = parse_json(note[len(NOTES_PREFIX) :], file, no)
    except json.JSONDecodeError as exc:
        raise fail(f"{ann_id}: attributes note is not valid JSON ({exc.msg})") from None
    if not isinstance(extra, dict):
        raise fail(f"{ann_id}: attributes note must be a JSON object")
    spans[fields[1]].attributes.update(extra)


def _textbound(
    ann_id: str, fields: list[str], tail: str, raw_text: str, text: str, mapping: list[int] | None, fail: Fail
) -> SpanRecord:
    if len(fields) < 3:
        raise fail(f"{ann_id}: a text-bound annotation is TYPE START END (a truncated line?)")
    try:
        frags = [tuple(int(x) for x in part.split()) for part in " ".join(fields[1:]).split(";")]
    except ValueError:
        raise fail(f"{ann_id}: offsets must be whole numbers") from None
    if any(len(f) != 2 or not 0 <= f[0] <= f[1] <= len(raw_text) for f in frags):
        raise fail(
            f"{ann_id}: offsets {' '.join(fields[1:])} are outside the text (length {len(raw_text)}); "
            "brat offsets count Unicode code points of the .txt"
        )
    expected = " ".join(raw_text[s:e] for s, e in frags)
    if tail and tail != expected and not tail.startswith(expected):
        raise fail(f"{ann_id}: text {tail!r} differs from the .txt at those offsets: {expected!r}")
    start, end = min(f[0] for f in frags), max(f[1] for f in frags)
    if mapping is not None:
        start, end = mapping[start], mapping[end]
    if start >= end:
        raise fail(f"{ann_id}: the span is empty")
    return SpanRecord(ann_id, start, end, fields[0], {}, text[start:end])


def read(path: Path, *, annotator: str | None = None) -> list[AnnotatedDocument]:
    """Documents of a brat folder (every .ann with its .txt) or of one .ann file."""
    folder_given = is_folder(path)
    ann_files = list_folder(path, (".ann",)) if folder_given else [path]
    folder = path if folder_given else path.parent
    if not ann_files:
        raise InputError("no .ann files in the folder", file=str(path))
    index, relation_types, escaped = _index(folder)
    docs = []
    for ann_path in ann_files:
        txt_path = ann_path.with_suffix(".txt")
        entry = index.get(ann_path.stem, {})
        who = annotator or entry.get("annotator")
        raw_text = read_utf8(
            txt_path, "brat", missing="missing: every .ann needs its .txt beside it", max_bytes=LIMITS.text_file_bytes
        )
        # line by line, each bounded: a .ann is never held whole (nor a hostile one-line file read whole)
        lines = text_lines(ann_path, "brat .ann", holds="one annotation: is this a brat .ann file?")
        layer, text = ann_to_layer(lines, raw_text, who or "", str(ann_path), escaped)
        for rel in layer.relations:
            rel.type = relation_types.get(rel.type, rel.type)
        if not who and (layer.spans or entry.get("doc_labels")):
            raise InputError(
                "brat files name no annotator: say whose work it is with --annotator NAME", file=str(ann_path)
            )
        layer.doc_labels = [DocLabelRecord(d["task"], d["target"], d["value"]) for d in entry.get("doc_labels", [])]
        layer.status = entry.get("status")
        keep = layer.spans or layer.doc_labels or layer.status
        docs.append(
            AnnotatedDocument(
                entry.get("name", ann_path.stem),
                text,
                entry.get("meta") or {},
                [layer] if keep else [],
                source_file=str(ann_path),
                source_line=None,
            )
        )
    return docs


def _index(folder: Path) -> tuple[dict[str, dict[str, Any]], dict[str, str], bool]:
    """documents.json of an exported folder, checked for shape: (documents by stem, relation names,
    whether A line values are percent-encoded)."""
    path = folder / "documents.json"
    if not path.exists() and not path.is_symlink():
        return {}, {}, False
    problem = InputError(
        'not the documents.json of a brat export ({"documents": {stem: {"name": ...}}})', file=str(path)
    )
    try:
        data = parse_json(read_utf8(path, "documents.json"), str(path))
        docs, relation_types = data["documents"], data.get("relation_types", {})
    except (ValueError, KeyError, TypeError, AttributeError):
        raise problem from None
    if (
        not isinstance(docs, dict)
        or not isinstance(relation_types, dict)
        or not all(isinstance(v, str) for v in relation_types.values())
    ):
        raise problem
    for entry in docs.values():
        labels = entry.get("doc_labels", []) if isinstance(entry, dict) else None
        if (
            not isinstance(entry, dict)
            or not isinstance(entry.get("name", ""), str)
            or not isinstance(entry.get("meta") or {}, dict)
            or not isinstance(labels, list)
            or not all(
                isinstance(d, dict) and all(isinstance(d.get(k), str) for k in ("task", "target", "value"))
                for d in labels
            )
        ):
            raise problem
    return docs, relation_types, data.get("attribute_values") == PERCENT_ENCODED
