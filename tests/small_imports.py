"""Small annotated documents for the import's tests: two spans and a relation each, one of them bad on request."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from annotator.core.model import AnnotatedDocument, Layer, RelationRecord, SpanRecord

TEXT = "قال الرئيس اللبناني في بيروت"


def annotated(names: Iterable[str], bad_at: int | None = None) -> Iterator[AnnotatedDocument]:
    """A document per name (A's layer: PER, ORG and a speaker link); the one at `bad_at` has a span past
    the text's end, which the import refuses."""
    for k, name in enumerate(names):
        end = 300 if k == bad_at else 3
        spans = [SpanRecord("T1", 0, end, "PER"), SpanRecord("T2", 4, 10, "ORG")]
        yield AnnotatedDocument(name, TEXT, {}, [Layer("A", spans, [RelationRecord("speaker", "T1", "T2")])])
