"""One annotator's work on one document, in the shapes the comparisons need (built once per document
and annotator, then compared with every other annotator)."""
from __future__ import annotations

from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass, field
from typing import Any

from ..domain import CUE_RELATION, KIND_ATTRIBUTE, SPEAKER_RELATION, STANCE_ATTRIBUTE, TARGET_ATTRIBUTE
from ..model import CUE, ENTITY, QUOTATION, Layer, Schema
from . import iob
from .spans import Span3
from .unitizing import Layout, Unit, layouts, units_by_category

KINDS = (ENTITY, QUOTATION, CUE)  # the span layers compared: entities, quotations, cues


@dataclass
class Quote:
    speaker: Span3 | None = None
    cue: Span3 | None = None
    kind: str | None = None


@dataclass
class LayerView:
    spans: dict[str, list[Span3]]  # ENTITY / QUOTATION / CUE -> sorted spans without repeats
    label_counts: dict[str, Counter]  # per kind, spans per label
    quotes: dict[Span3, Quote]
    doc_labels: dict[tuple[str, str], str]  # (task, target) -> value
    quote_stances: dict[tuple[int, int, str], str]  # (start, end, target) -> stance of a quotation
    units: dict[str, dict[Hashable, list[Unit]]] = field(default_factory=dict)  # kind -> label -> units
    layouts: dict[str, dict[Hashable, Layout]] = field(default_factory=dict)  # kind -> label -> their layout
    units_left_out: int = 0
    _tags: Any = None

    def tags(self, doc_tokens: iob.DocumentTokens):
        """IOB pieces of the entities (built on first use: only documents with two annotators need them)."""
        if self._tags is None:
            self._tags = iob.entity_tags(doc_tokens, self.spans[ENTITY])
        return self._tags


def layer_view(layer: Layer, schema: Schema, categories: dict[str, str]) -> LayerView:
    """`categories`: label -> entity / quotation / cue (labels outside the schema count as entities, as
    an import adds them)."""
    spans: dict[str, set[Span3]] = {ENTITY: set(), QUOTATION: set(), CUE: set()}
    by_id: dict[str, Span3] = {}
    attributes: dict[Span3, dict] = {}
    kind_of = categories.get
    for record in layer.spans:
        span = by_id[record.id] = (record.start, record.end, record.label)
        kind = kind_of(record.label, ENTITY)
        spans[kind].add(span)
        if kind == QUOTATION:
            attributes[span] = record.attributes or {}
    quotes = {span: Quote(kind=_text(attrs.get(KIND_ATTRIBUTE))) for span, attrs in attributes.items()}
    for relation in layer.relations:
        source = by_id.get(relation.source)
        quote = quotes.get(source) if source is not None else None
        if quote is None:
            continue
        if relation.type == SPEAKER_RELATION:
            quote.speaker = by_id[relation.target]
        elif relation.type == CUE_RELATION:
            quote.cue = by_id[relation.target]
    quote_stances = {}
    for span, attrs in attributes.items():
        stance = _text(attrs.get(STANCE_ATTRIBUTE))
        if stance:
            quote_stances[(span[0], span[1], _text(attrs.get(TARGET_ATTRIBUTE)) or "")] = stance
    sorted_spans = {kind: sorted(found) for kind, found in spans.items()}
    view = LayerView(
        spans=sorted_spans,
        label_counts={kind: Counter(s[2] for s in found) for kind, found in sorted_spans.items()},
        quotes=quotes,
        doc_labels={(x.task, x.target): x.value for x in layer.doc_labels},
        quote_stances=quote_stances,
    )
    for kind, found in sorted_spans.items():
        units, left_out = units_by_category(found)
        view.units[kind] = units
        view.layouts[kind] = layouts(units)
        view.units_left_out += left_out
    return view


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value else None
