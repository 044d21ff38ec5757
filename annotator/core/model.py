"""The data model: plain dataclasses that cross the boundary between the core and its callers.

The GUI, the CLI and the formats see these objects only, never rows or SQL. Offsets are Unicode code
points into the stored document text, half-open [start, end).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple, NewType, TypeAlias

from .domain import (
    CUE_COLOUR,
    CUE_KEY,
    CUE_LABEL,
    CUE_RELATION,
    ENTITY_COLOURS,
    KIND_ATTRIBUTE,
    LABEL_KEYS,
    QUOTE_COLOUR,
    QUOTE_KEY,
    QUOTE_KINDS,
    QUOTE_LABEL,
    SPEAKER_RELATION,
    STANCE_TASK,
    STANCE_VALUES,
    UNKNOWN_COLOUR,
)

DocumentId = NewType("DocumentId", int)
SpanId = NewType("SpanId", int)
RelationId = NewType("RelationId", int)
DocLabelId = NewType("DocLabelId", int)

GOLD = "gold"  # the reserved annotator that holds the adjudicated layer

STATUSES = ("new", "in_progress", "done")

# Label categories of the schema.
ENTITY = "entity"
QUOTATION = "quotation"
CUE = "cue"
CATEGORIES = (ENTITY, QUOTATION, CUE)


@dataclass(frozen=True)
class Document:
    id: DocumentId
    name: str
    text: str
    sha256: str
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class DocumentSummary:
    """A document without its text: what a navigator lists."""

    id: DocumentId
    name: str
    length: int
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Span:
    id: SpanId
    document_id: DocumentId
    annotator: str
    start: int
    end: int
    label: str
    text: str
    attributes: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Relation:
    id: RelationId
    document_id: DocumentId
    annotator: str
    type: str
    source: SpanId  # e.g. the QUOTE span
    target: SpanId  # e.g. the PER span (SPEAKER) or the CUE span (CUE)


@dataclass(frozen=True)
class DocLabel:
    id: DocLabelId
    document_id: DocumentId
    annotator: str
    task: str  # e.g. "stance"
    target: str  # e.g. "إسرائيل"
    value: str  # e.g. "AGAINST"


@dataclass(frozen=True)
class Event:
    """One entry of the append-only history."""

    id: int
    annotator: str
    at: str  # ISO 8601, UTC
    action: str  # e.g. "span.add", "undo", "import"
    document_id: DocumentId | None
    summary: str
    undoable: bool


@dataclass(frozen=True)
class DocumentStatus:
    """Where one annotator is with one document (new / in_progress / done), and since when."""

    id: int
    document_id: DocumentId
    annotator: str
    status: str
    updated_at: str  # ISO 8601, UTC


@dataclass(frozen=True)
class CurationMark:
    """A disagreement the curator settled without a gold annotation (decision: rejected)."""

    id: int
    document_id: DocumentId
    category: str
    start: int
    end: int
    decision: str


@dataclass(frozen=True)
class Suggestion:
    """A suggested span. For a quotation (label QUOTE) `extra` may hold "cue": {"start", "end"},
    "speaker": {"start", "end", "label"} and "kind"; for the other sources, the surface that matched.
    `score`: the model's probability that the span and label are right, in [0, 1] (source `model`
    only; None for the rule-based sources)."""

    id: int
    document_id: DocumentId
    annotator: str
    source: str
    start: int
    end: int
    label: str
    text: str
    extra: dict[str, Any] = field(default_factory=dict)
    state: str = "open"
    score: float | None = None


# What one change of the history is about, and the change itself: the thing before and after (None: absent).
# Undo applies it backwards; the store keeps it in a versioned form (store/history.py, HISTORY_FORMAT).
Record: TypeAlias = Document | Span | Relation | DocLabel | DocumentStatus | CurationMark | Suggestion
Change: TypeAlias = tuple[Record | None, Record | None]


# A new span or relation of a bulk import, positional (a dataclass per row costs more than its insert):
# span (id, document, annotator, start, end, label, text, attributes); relation (document, annotator, type,
# source span, target span).
ImportedSpan: TypeAlias = tuple[int, int, str, int, int, str, str, dict[str, Any]]
ImportedRelation: TypeAlias = tuple[int, str, str, int, int]

# A document's annotation rows as the store reads them for `LayerRows`, each led by the document's id: span
# (document, id, annotator, start, end, label, attributes as JSON text or None); relation (document,
# annotator, type, source, target); document label (document, annotator, task, target, value); status
# (document, annotator, status).
SpanRow: TypeAlias = tuple[DocumentId, SpanId, str, int, int, str, "str | None"]
RelationRow: TypeAlias = tuple[DocumentId, str, str, SpanId, SpanId]
DocLabelRow: TypeAlias = tuple[DocumentId, str, str, str, str]
StatusRow: TypeAlias = tuple[DocumentId, str, str]


@dataclass(frozen=True)
class HistoryEvent:
    """An event as undo and redo read it: the event, the event it undid or redid, and its changes."""

    event: Event
    target_event: int | None
    changes: list[Change]


@dataclass
class LabelDef:
    name: str
    category: str = ENTITY  # entity | quotation | cue
    colour: str = UNKNOWN_COLOUR
    key: str = ""  # a single key that applies the label in the GUI ("1".."9"), or ""
    # Allowed attribute values, e.g. QUOTE: {"kind": ["direct", "indirect", "mixed"]}
    attributes: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class RelationTypeDef:
    name: str
    from_labels: list[str] = field(default_factory=list)  # empty = any label
    to_labels: list[str] = field(default_factory=list)


@dataclass
class Schema:
    labels: list[LabelDef] = field(default_factory=list)
    relation_types: list[RelationTypeDef] = field(default_factory=list)
    tasks: list[str] = field(default_factory=lambda: [STANCE_TASK])
    stance_values: list[str] = field(default_factory=list)
    targets: list[str] = field(default_factory=list)

    def label(self, name: str) -> LabelDef | None:
        return next((lab for lab in self.labels if lab.name == name), None)

    def labels_of(self, category: str) -> list[LabelDef]:
        return [lab for lab in self.labels if lab.category == category]

    @property
    def entity_labels(self) -> list[str]:
        return [lab.name for lab in self.labels_of(ENTITY)]

    def is_entity(self, label: str) -> bool:
        found = self.label(label)
        return found is not None and found.category == ENTITY

    def relation_type(self, name: str) -> RelationTypeDef | None:
        return next((r for r in self.relation_types if r.name == name), None)

    def category_of(self, label: str) -> str:
        """The category of a label; one the schema does not know is drawn and handled as an entity."""
        found = self.label(label)
        return found.category if found else ENTITY


def default_schema() -> Schema:
    """The schema of a new project (DESIGN.md's defaults, named in domain.py)."""
    labels = [
        LabelDef(name, ENTITY, colour, key)
        for key, (name, colour) in zip(LABEL_KEYS, ENTITY_COLOURS.items(), strict=False)
    ]
    labels.append(LabelDef(QUOTE_LABEL, QUOTATION, QUOTE_COLOUR, QUOTE_KEY, {KIND_ATTRIBUTE: list(QUOTE_KINDS)}))
    labels.append(LabelDef(CUE_LABEL, CUE, CUE_COLOUR, CUE_KEY))
    return Schema(
        labels=labels,
        relation_types=[
            RelationTypeDef(SPEAKER_RELATION, [QUOTE_LABEL], []),
            RelationTypeDef(CUE_RELATION, [QUOTE_LABEL], [CUE_LABEL]),
        ],
        tasks=[STANCE_TASK],
        stance_values=list(STANCE_VALUES),
        targets=[],
    )


# ---- interchange records: a document with its annotation layers, as files carry them -------------
# Every format reads into and writes from these; ids are local to one layer (e.g. "T1"). The records of
# spans, relations and labels have slots: an import makes one for each (944,000 spans at 10,000 articles),
# and one with slots is made in half the time (0.26 against 0.52 us) and holds no dict.


@dataclass(slots=True)
class SpanRecord:
    id: str
    start: int
    end: int
    label: str
    attributes: dict[str, Any] = field(default_factory=dict)
    text: str | None = None  # the surface text, when the file gives it; checked against the document


@dataclass(slots=True)
class RelationRecord:
    type: str
    source: str  # a SpanRecord id of the same layer
    target: str


@dataclass(slots=True)
class DocLabelRecord:
    task: str
    target: str
    value: str


@dataclass
class Layer:
    """One annotator's work on one document."""

    annotator: str
    spans: list[SpanRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    doc_labels: list[DocLabelRecord] = field(default_factory=list)
    status: str | None = None


@dataclass
class AnnotatedDocument:
    name: str
    text: str
    meta: dict[str, Any] = field(default_factory=dict)
    layers: list[Layer] = field(default_factory=list)
    # Where it came from, for error messages: file and 1-based line (or None).
    source_file: str | None = None
    source_line: int | None = None


@dataclass
class ImportReport:
    documents_added: int = 0
    documents_existing: int = 0
    spans_added: int = 0
    relations_added: int = 0
    doc_labels_set: int = 0
    notices: list[str] = field(default_factory=list)


class LayerRows(NamedTuple):
    """One document's annotation rows by some annotators, as plain tuples, each led by the document's id
    (rows as SQLite gives them): for readers of every document (agreement), where a record object, or a
    copy, per span costs more than the comparison. Span and relation ids are the project's (`SpanId`),
    not layer-local ones."""

    id: DocumentId
    name: str
    text: str
    tokens: int | None  # the text's token count (`tokens.count`) as stored, None where not counted
    spans: list[SpanRow]  # document id, id, annotator, start, end, label, attributes (JSON text, decoded
    # where used; None for none); ordered by annotator, start, end, id
    relations: list[RelationRow]  # document id, annotator, type, source, target; by id
    doc_labels: list[DocLabelRow]  # document id, annotator, task, target, value
    statuses: list[StatusRow]  # document id, annotator, status
