"""Helpers of the format tests: annotated documents (the demo articles and the tricky lines, each with
entities found by string search, a QUOTE with kind, stance and target, a CUE, SPEAKER / CUE relations and
stance labels, as one annotator's layer) and views that compare layers by content."""

from __future__ import annotations

import copy
import re
from pathlib import Path

from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, SpanRecord

DATA = Path(__file__).resolve().parents[2] / "data"

NAMES = {
    "واشنطن": "GPE",
    "نتنياهو": "PER",
    "بلينكن": "PER",
    "رفح": "GPE",
    "مجلس الأمن": "ORG",
    "إسرائيل": "GPE",
    "غزة": "GPE",
    "بايدن": "PER",
}
# the tricky lines: clitics, tatweel, tashkeel, Latin, text after emoji and ZWJ sequences
TRICKY_NAMES = {
    "واشنطن": "GPE",
    "نتنيـــــاهو": "PER",
    "بلينكن": "PER",
    "المُتَحَدِّثُ": "PER",
    "CNN": "ORG",
    "علَمان": "MISC",
    "عائلة": "MISC",
    "ٱلرحمن": "PER",
    "إبراهيم": "PER",
    "وصل\u200dصفري": "MISC",
}
QUOTE_MARKS = re.compile(r"“[^”\n]+”|«[^»\n]+»|\"[^\"\n]+\"")


def annotate(
    doc: AnnotatedDocument, names: dict[str, str], annotator: str = "A", quote_target: str = "إسرائيل"
) -> AnnotatedDocument:
    text = doc.text
    spans: list[SpanRecord] = []
    for name, label in names.items():
        for m in re.finditer(re.escape(name), text):
            spans.append(SpanRecord("", m.start(), m.end(), label))
    spans.sort(key=lambda s: (s.start, -s.end))
    layer = Layer(annotator, status="done")
    for span in spans:
        if layer.spans and span.start < layer.spans[-1].end:
            continue  # the fixture's entities do not overlap; nesting is tested on its own
        layer.spans.append(span)
    quote = QUOTE_MARKS.search(text)
    assert quote, f"{doc.name}: no quotation marks"
    q = SpanRecord(
        "", quote.start() + 1, quote.end() - 1, "QUOTE", {"kind": "direct", "stance": "AGAINST", "target": quote_target}
    )
    layer.spans.append(q)
    cue_match = re.search(r"قال|أضاف|أكد|قالت", text)
    cue = SpanRecord("", cue_match.start(), cue_match.end(), "CUE")
    if not any(s.start < cue.end and cue.start < s.end for s in layer.spans):
        layer.spans.append(cue)
    layer.spans.sort(key=lambda s: (s.start, -s.end, s.label))
    for i, span in enumerate(layer.spans, 1):
        span.id = f"T{i}"
    speaker = next(s for s in layer.spans if s.label == "PER")
    layer.relations.append(RelationRecord("SPEAKER", q.id, speaker.id))
    if cue in layer.spans:
        layer.relations.append(RelationRecord("CUE", q.id, cue.id))
    layer.doc_labels = [
        DocLabelRecord("stance", "إسرائيل", "AGAINST"),
        DocLabelRecord("stance", "مجلس الأمن", "NEUTRAL"),
    ]
    doc.layers = [layer]
    doc.meta = {"source": "test", "file": doc.name}
    return doc


def with_annotator(docs: list[AnnotatedDocument], name: str) -> list[AnnotatedDocument]:
    out = copy.deepcopy(docs)
    for doc in out:
        for layer in doc.layers:
            layer.annotator = name
    return out


def span_view(doc: AnnotatedDocument, layer: Layer | None = None) -> list[tuple]:
    """Spans by content (ids aside): (start, end, label, surface text, attributes)."""
    layer = layer or doc.layers[0]
    return sorted(
        (s.start, s.end, s.label, doc.text[s.start : s.end], tuple(sorted(s.attributes.items()))) for s in layer.spans
    )


def relation_view(layer: Layer) -> list[tuple]:
    by_id = {s.id: (s.start, s.end, s.label) for s in layer.spans}
    return sorted((r.type, by_id[r.source], by_id[r.target]) for r in layer.relations)
