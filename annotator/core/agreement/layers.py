"""One annotator's work on one document, in the shapes the comparisons need (built once per document
and annotator, then compared with every other annotator)."""

from __future__ import annotations

import json
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import groupby
from operator import ge, itemgetter
from typing import Any

from ..domain import CUE_RELATION, KIND_ATTRIBUTE, SPEAKER_RELATION, STANCE_ATTRIBUTE, TARGET_ATTRIBUTE
from ..model import CUE, ENTITY, QUOTATION, Layer, LayerRows, Schema
from . import iob
from .spans import Span3
from .unitizing import Layout, Unit, layouts, units_by_category

KINDS = (ENTITY, QUOTATION, CUE)  # the span layers compared: entities, quotations, cues
_ROW_ID, _ROW_LABEL = itemgetter(1), itemgetter(5)  # of a span row


# what a layer's spans of one kind make, shared by the layers with the same spans: units by label, their
# layout, the units left out (`units_by_category`)
SharedUnits = tuple[dict[Hashable, list[Unit]], dict[Hashable, Layout], int]


@dataclass(slots=True)
class Quote:
    speaker: Span3 | None = None
    cue: Span3 | None = None
    kind: str | None = None


@dataclass
class LayerView:
    spans: dict[str, list[Span3]]  # ENTITY / QUOTATION / CUE -> sorted spans without repeats
    quotes: dict[Span3, Quote]
    doc_labels: dict[tuple[str, str], str]  # (task, target) -> value
    quote_stances: dict[tuple[int, int, str], str]  # (start, end, target) -> stance of a quotation
    units: dict[str, dict[Hashable, list[Unit]]] = field(default_factory=dict)  # kind -> label -> units
    layouts: dict[str, dict[Hashable, Layout]] = field(default_factory=dict)  # kind -> label -> their layout
    units_left_out: int = 0
    _tags: iob.EntityLayer | None = None

    def tags(self, doc_tokens: iob.DocumentTokens) -> iob.EntityLayer:
        """The outermost entities, which IOB tags hold (`iob.entity_layer`; made on first use: only
        documents with two annotators need them)."""
        if self._tags is None:
            self._tags = iob.entity_layer(doc_tokens, self.spans[ENTITY])
        return self._tags


class Labels(dict[str, tuple[str, str]]):
    """label -> (one str object for it, its kind: entity / quotation / cue); labels outside the schema
    count as entities, as an import adds them. Every span's label is replaced by its one object: each row
    read brings a new str, and 100,000s of them, scattered in memory, made every count and comparison of
    labels slower."""

    def __init__(self, schema: Schema):
        super().__init__((lab.name, (lab.name, lab.category)) for lab in schema.labels)
        self.names = {label: found[0] for label, found in self.items()}  # label -> its one object
        self.others = {label for label, found in self.items() if found[1] != ENTITY}  # labels of no entity

    def __missing__(self, label: str) -> tuple[str, str]:
        found = self[label] = (label, ENTITY)
        self.names[label] = label
        return found


def layer_view(layer: Layer, labels: Labels) -> LayerView:
    return build_view(
        [(None, r.id, layer.annotator, r.start, r.end, r.label, r.attributes) for r in layer.spans],
        [(r.type, r.source, r.target) for r in layer.relations],
        {(x.task, x.target): x.value for x in layer.doc_labels},
        labels,
    )


def _by_annotator(
    rows: LayerRows,
) -> tuple[
    dict[str, Sequence[RowSpan]], dict[str, list[tuple[str, Hashable, Hashable]]], dict[str, dict[tuple[str, str], str]]
]:
    """A document's rows by annotator: spans (in the rows' order), relations (type, source, target),
    document labels ((task, target) -> value)."""
    spans: dict[str, Sequence[RowSpan]] = {
        annotator: list(group) for annotator, group in groupby(rows.spans, key=itemgetter(2))
    }
    relations: dict[str, list[tuple[str, Hashable, Hashable]]] = {}
    for _, annotator, kind, source, target in rows.relations:
        relations.setdefault(annotator, []).append((kind, source, target))
    doc_labels: dict[str, dict[tuple[str, str], str]] = {}
    for _, annotator, task, stance_target, value in rows.doc_labels:
        doc_labels.setdefault(annotator, {})[(task, stance_target)] = value
    return spans, relations, doc_labels


def views_from_rows(rows: LayerRows, labels: Labels) -> dict[str, LayerView]:
    """annotator -> view of one document read as rows (`Project.layer_rows`), in annotator order: the
    views `layer_view` makes of the layers `Project.annotated_documents` gives."""
    spans, relations, doc_labels = _by_annotator(rows)
    views = {}
    shared: dict[tuple[Span3, ...], SharedUnits] = {}  # annotators' identical spans of a kind share their units
    for annotator in sorted(spans.keys() | relations.keys() | doc_labels.keys() | {a for _, a, _ in rows.statuses}):
        found = spans.get(annotator, [])
        links = relations.get(annotator, [])
        if len(links) > 1:  # in the order annotated_documents gives a layer's relations (the last link wins)
            rank: dict[Hashable, int] = {span[1]: k for k, span in enumerate(found)}
            links.sort(key=lambda r: (rank[r[1]], r[0], rank[r[2]]))
        views[annotator] = build_view(found, links, doc_labels.get(annotator, {}), labels, shared)
    return views


# document id (unused), id, annotator, start, end, label, attributes (a dict, or JSON text or None as read)
RowSpan = tuple[Any, Hashable, str, int, int, str, "dict[str, Any] | str | None"]


def build_view(
    records: Sequence[RowSpan],
    relations: Iterable[tuple[str, Hashable, Hashable]],
    doc_labels: dict[tuple[str, str], str],
    labels: Labels,
    shared: dict[tuple[Span3, ...], SharedUnits] | None = None,
) -> LayerView:
    """The view of one layer: its spans (as `LayerRows` has them) in (start, end, id) order, its
    relations (type, source id, target id) in the layer's order, its document labels. `shared`: the units
    made for other layers of the document, by their spans (reused where this layer has the same)."""
    spans: dict[str, set[Span3]] = {ENTITY: set(), QUOTATION: set(), CUE: set()}
    by_id: dict[Hashable, Span3] = {}
    attributes: dict[Span3, dict[str, Any]] = {}
    for _, span_id, _, start, end, label, attrs in records:
        label, kind = labels[label]
        span = by_id[span_id] = (start, end, label)
        spans[kind].add(span)
        if kind == QUOTATION:
            attributes[span] = (_decoded(attrs) if isinstance(attrs, str) else attrs) or {}
    quotes = {span: Quote(kind=_text(attrs.get(KIND_ATTRIBUTE))) for span, attrs in attributes.items()}
    _link_quotes(quotes, relations, by_id)
    quote_stances = _quote_stances(attributes)
    sorted_spans = {kind: sorted(found) for kind, found in spans.items()}
    view = LayerView(
        spans=sorted_spans,
        quotes=quotes,
        doc_labels=doc_labels,
        quote_stances=quote_stances,
    )
    for kind, found in sorted_spans.items():
        key = tuple(found)
        made = shared.get(key) if shared is not None else None
        if made is None:
            units, left_out = units_by_category(found)
            made = (units, layouts(units), left_out)
            if shared is not None:
                shared[key] = made
        view.units[kind], view.layouts[kind], left_out = made
        view.units_left_out += left_out
    return view


@lru_cache(maxsize=4096)
def _decoded(attributes: str) -> dict[str, Any]:
    """A quotation's attributes as stored: a handful of texts ({"kind": "direct"}, ...) recur across a
    project, so each is decoded once (the dict is only read)."""
    decoded: dict[str, Any] = json.loads(attributes)
    return decoded


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None


@dataclass
class BatchView:
    """One annotator's work on a batch of documents laid end to end, each document's offsets shifted by
    the lengths of the texts before it (`batch_views`): what a `LayerView` holds for one document, for
    the whole batch, so that each comparison runs once per batch rather than once per document (spans
    of two documents never overlap). The document labels and quotation stances stay per document, in
    the documents' own offsets."""

    spans: dict[str, list[Span3]]  # kind -> sorted spans without repeats (batch offsets)
    quotes: dict[Span3, Quote]  # (batch offsets)
    doc_labels: list[dict[tuple[str, str], str]]  # per document
    quote_stances: list[dict[tuple[int, int, str], str]]  # per document (the document's offsets)
    units: dict[str, dict[Hashable, list[Unit]]] = field(default_factory=dict)
    layouts: dict[str, dict[Hashable, Layout]] = field(default_factory=dict)
    units_left_out: int = 0
    _tags: iob.EntityLayer | None = None

    def tags(self, doc_tokens: iob.DocumentTokens) -> iob.EntityLayer:
        if self._tags is None:
            self._tags = iob.entity_layer(doc_tokens, self.spans[ENTITY])
        return self._tags


def batch_views(
    docs: Sequence[LayerRows], offsets: Sequence[int], annotators: Sequence[str], labels: Labels
) -> dict[str, BatchView]:
    """annotator -> `BatchView` of documents read as rows, every one of which each of `annotators` worked
    on; `offsets`: where each document starts in the batch."""
    found: dict[str, dict[str, list[Span3]]] = {a: {ENTITY: [], QUOTATION: [], CUE: []} for a in annotators}
    views = {a: BatchView(spans=found[a], quotes={}, doc_labels=[], quote_stances=[]) for a in annotators}
    for rows, offset in zip(docs, offsets, strict=True):
        spans, relations, doc_labels = _by_annotator(rows)
        for annotator, view in views.items():
            records = spans.get(annotator, [])
            links = relations.get(annotator, [])
            view.doc_labels.append(doc_labels.get(annotator, {}))
            view.quote_stances.append(_add_document(view, found[annotator], records, links, labels, offset))
    for view in views.values():
        for kind, spans_of_kind in view.spans.items():
            # read in (start, end, id) order and laid end to end: mostly sorted and without repeats already,
            # which one pass in C sees (a set and a sort of 10,000s of spans cost ten times that)
            if any(map(ge, spans_of_kind, spans_of_kind[1:])):
                view.spans[kind] = sorted(set(spans_of_kind))
        for kind, sorted_spans in view.spans.items():
            units, left_out = units_by_category(sorted_spans)
            view.units[kind], view.layouts[kind] = units, layouts(units)
            view.units_left_out += left_out
    return views


def _add_document(
    view: BatchView,
    found: dict[str, list[Span3]],
    records: Sequence[RowSpan],
    relations: Sequence[tuple[str, Hashable, Hashable]],
    labels: Labels,
    offset: int,
) -> dict[tuple[int, int, str], str]:
    """`build_view` of one document into a batch: its spans (shifted by `offset`) into `found`, its
    quotations into the view; returns its quotation stances (in the document's offsets)."""
    names = labels.names
    try:
        made = [(start + offset, end + offset, names[label]) for _, _, _, start, end, label, _ in records]
    except KeyError:  # a label outside the schema: known from now on
        for record in records:
            labels[record[5]]  # noqa: B018 (`Labels.__missing__` adds it)
        made = [(start + offset, end + offset, names[label]) for _, _, _, start, end, label, _ in records]
    others = labels.others
    odd = [k for k, label in enumerate(map(_ROW_LABEL, records)) if label in others]  # quotations and cues
    entities = found[ENTITY]
    attributes: dict[Span3, dict[str, Any]] = {}
    after = 0
    for k in odd:
        entities += made[after:k]
        after = k + 1
        span = made[k]
        if labels[records[k][5]][1] == QUOTATION:
            found[QUOTATION].append(span)
            attrs = records[k][6]
            attributes[span] = (_decoded(attrs) if isinstance(attrs, str) else attrs) or {}
        else:
            found[CUE].append(span)
    entities += made[after:]
    if not attributes:
        return {}
    quotes = {span: Quote(kind=_text(attrs.get(KIND_ATTRIBUTE))) for span, attrs in attributes.items()}
    if relations:
        by_id: dict[Hashable, Span3] = dict(zip(map(_ROW_ID, records), made, strict=True))
        if len(relations) > 1:  # in the order `views_from_rows` gives them: records are in (start, end, id) order
            relations = sorted(relations, key=lambda r: (*by_id[r[1]][:2], r[1], r[0], *by_id[r[2]][:2], r[2]))
        _link_quotes(quotes, relations, by_id)
    view.quotes.update(quotes)
    return _quote_stances(attributes, offset)


def _link_quotes(
    quotes: dict[Span3, Quote], relations: Iterable[tuple[str, Hashable, Hashable]], by_id: dict[Hashable, Span3]
) -> None:
    """Each quotation's speaker and cue, from the relations whose source it is (the last of a type wins)."""
    for relation_type, source_id, target_id in relations:
        source = by_id.get(source_id)
        quote = quotes.get(source) if source is not None else None
        if quote is None:
            continue
        if relation_type == SPEAKER_RELATION:
            quote.speaker = by_id[target_id]
        elif relation_type == CUE_RELATION:
            quote.cue = by_id[target_id]


def _quote_stances(attributes: dict[Span3, dict[str, Any]], offset: int = 0) -> dict[tuple[int, int, str], str]:
    """The stances the quotations' attributes give, by (start, end, target) in the document's offsets (the
    spans' less `offset`: a batch's)."""
    stances = {}
    for span, attrs in attributes.items():
        stance = _text(attrs.get(STANCE_ATTRIBUTE))
        if stance:
            stances[(span[0] - offset, span[1] - offset, _text(attrs.get(TARGET_ATTRIBUTE)) or "")] = stance
    return stances
