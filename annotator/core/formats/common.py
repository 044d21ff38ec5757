"""Helpers shared by the formats: the one result of every `write`, choosing the one layer a format holds,
entity selection, file names, and peeking at a file's first line to recognise a format."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..files import read_head
from ..intake_policy import json_too_deep, read_bytes
from ..model import AnnotatedDocument, Layer, Schema, SpanRecord


@dataclass
class ExportResult:
    """What every format's `write` returns."""

    paths: list[str] = field(default_factory=list)  # what was written
    documents: int = 0
    spans: int = 0
    notes: list[str] = field(default_factory=list)  # what the format could not represent, counted


def counted(documents: Iterable[AnnotatedDocument], result: ExportResult) -> Iterator[AnnotatedDocument]:
    """The documents, counted into `result` as they stream past (exports never hold them all)."""
    for doc in documents:
        result.documents += 1
        result.spans += sum(len(lay.spans) for lay in doc.layers)
        yield doc


def first_line(path: Path) -> str:
    """The first non-blank line of a text file (within its first MiB), stripped; "" when there is none."""
    head = read_head(path, 1 << 20)  # never a plain open of a project open in this process
    if head is None:
        return ""
    text = head.decode("utf-8", "replace").removeprefix("\ufeff")
    lines = text.split("\n")
    if len(head) == 1 << 20:
        lines = lines[:-1]  # the last may be cut
    return next((line.strip() for line in lines if line.strip()), "")


def json_keys(line: str) -> set[str]:
    """The keys of a line holding a JSON object; empty for anything else, nested too deeply included (its
    depth is bounded before it is decoded: the reader then refuses it with file, line and limit)."""
    if json_too_deep(line):
        return set()
    try:
        obj = json.loads(line)
    except (ValueError, RecursionError):
        return set()
    return set(obj) if isinstance(obj, dict) else set()


def read_utf8(
    path: Path, kind: str, missing: str = "no such file; check the path", max_bytes: int | None = None
) -> str:
    """The text of a UTF-8 file exactly (a BOM stays: some formats count it), read under the intake policy
    (no links or special files, bounded size); refused in one line naming the file, and for bad bytes the
    byte offset and line. `kind` names the format in the message."""
    if not path.exists() and not path.is_symlink():
        raise InputError(missing, file=str(path))
    raw = read_bytes(path, max_bytes)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not valid UTF-8 at byte {exc.start}; {kind} files are UTF-8",
            file=str(path),
            line=raw.count(b"\n", 0, exc.start) + 1,
        ) from None


@dataclass
class OneLayer:
    """Walks documents for a format that holds one annotation layer per document (conll, spacy, hf,
    brat, xmi). Several annotators in one export would mix their work into one training set, so that is
    refused with the fix (--annotator NAME or --gold); documents the chosen annotator never touched are
    written with no annotations and counted."""

    fmt: str
    annotators: set[str] = field(default_factory=set)
    empty: int = 0

    def __call__(self, documents: Iterable[AnnotatedDocument]) -> Iterator[tuple[AnnotatedDocument, Layer]]:
        for doc in documents:
            for lay in doc.layers:
                self.annotators.add(lay.annotator)
            if len(self.annotators) > 1:
                raise InputError(
                    f"{self.fmt} holds one annotation layer per document, and these documents carry "
                    f"the work of {', '.join(sorted(self.annotators))}: choose one with "
                    "--annotator NAME or --gold"
                )
            if not doc.layers:
                self.empty += 1
            yield doc, (doc.layers[0] if doc.layers else Layer(""))

    def notes(self) -> list[str]:
        if not self.empty:
            return []
        return [f"{self.empty} documents have no annotations in the chosen layer: written without annotations"]


def worked_on(layer: Layer) -> bool:
    """Whether an annotator worked on a document: a span, relation or document label of theirs, or a status
    past `new` (a document marked done with no entity is a real "no entity here" example). Agreement
    compares the documents both annotators have a layer on; this is the same notion, less a bare `new`."""
    return bool(layer.spans or layer.relations or layer.doc_labels or layer.status not in (None, "new"))


def outermost_entities(spans: Iterable[SpanRecord], schema: Schema) -> tuple[list[SpanRecord], int, int]:
    """Entity spans that do not overlap, the outermost (then the earliest) kept: what IOB and spaCy's
    `doc.ents` can hold. Returns (kept sorted by start, nested dropped, crossing dropped)."""
    ents = sorted((s for s in spans if schema.is_entity(s.label)), key=lambda s: (s.start, -s.end))
    kept: list[SpanRecord] = []
    nested = crossing = 0
    for span in ents:
        if kept and span.start < kept[-1].end:
            if span.end <= kept[-1].end:
                nested += 1
            else:
                crossing += 1
            continue
        kept.append(span)
    return kept, nested, crossing


def dropped_notes(nested: int, crossing: int, other: int, fmt: str) -> list[str]:
    notes = []
    if nested:
        notes.append(f"{nested} nested entity spans dropped from {fmt} (the outermost entity is kept)")
    if crossing:
        notes.append(f"{crossing} entity spans that cross another entity dropped from {fmt} (the earlier is kept)")
    if other:
        notes.append(
            f"{other} quotation, cue and other non-entity spans are not entities: not in {fmt} "
            "(use jsonl, brat or xmi for them)"
        )
    return notes


_SAFE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,99}")
_RESERVED = {"annotation", "visual", "tools", "kb_shortcuts", "typesystem", "documents", "readme"}
# names Windows keeps for devices, in any case and with any extension: `CON.txt` cannot be created there
_WINDOWS_DEVICES = re.compile(r"(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])(\..*)?", re.IGNORECASE)


class StemMaker:
    """A file stem per document name, one call at a time (so an export can stream): the name itself when
    it is plain ASCII without spaces and not a name Windows reserves (CON, nul, COM1, ...), otherwise
    `doc-00001` plus whatever ASCII it has. Stems never collide, even on case-insensitive file systems,
    and the real names travel in a names file of the format."""

    def __init__(self) -> None:
        self.count = 0
        self.taken: set[str] = set()

    def __call__(self, name: str) -> str:
        self.count += 1
        stem = name
        if (
            not _SAFE.fullmatch(name)
            or name.lower() in self.taken
            or name.lower() in _RESERVED
            or _WINDOWS_DEVICES.fullmatch(name)
        ):
            slug = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")[:40]
            stem = f"doc-{self.count:05d}" + (f"-{slug}" if slug else "")
            while stem.lower() in self.taken:  # a real document may already be called doc-00001
                stem += "_"
        self.taken.add(stem.lower())
        return stem


def safe_stems(names: Iterable[str]) -> dict[str, str]:
    """Stems (see StemMaker) of all the names at once."""
    make = StemMaker()
    return {name: make(name) for name in names}
