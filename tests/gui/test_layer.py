"""The in-memory span index the view draws from: range queries agree with a plain scan after any edits."""

from hypothesis import given
from hypothesis import strategies as st

from annotator.core.model import DocumentId, Relation, RelationId, Span, SpanId
from annotator.gui.layer import DocumentLayer

ranges = st.tuples(st.integers(0, 80), st.integers(1, 25)).map(lambda t: (t[0], t[0] + t[1]))


def make(i, start, end, label="PER"):
    return Span(SpanId(i), DocumentId(1), "A", start, end, label, "x" * (end - start))


@given(st.lists(ranges, max_size=40), st.lists(st.integers(0, 39), max_size=15), ranges)
def test_spans_in_matches_a_plain_scan_after_adds_and_removes(spans, removals, query):
    layer = DocumentLayer()
    kept = {}
    for i, (s, e) in enumerate(spans):
        layer.add_span(make(i, s, e))
        kept[i] = (s, e)
    for i in removals:
        layer.remove_span(i)
        kept.pop(i, None)
    a, b = query
    expected = sorted(i for i, (s, e) in kept.items() if s < b and e > a)
    assert sorted(s.id for s in layer.spans_in(a, b)) == expected
    assert len(layer) == len(kept)
    assert sum(layer.label_counts().values()) == len(kept)


def test_removing_a_span_drops_its_relations_and_quotations_pair_up():
    layer = DocumentLayer(
        [make(1, 0, 20, "QUOTE"), make(2, 21, 24, "CUE"), make(3, 25, 30)],
        [
            Relation(RelationId(1), DocumentId(1), "A", "CUE", SpanId(1), SpanId(2)),
            Relation(RelationId(2), DocumentId(1), "A", "SPEAKER", SpanId(1), SpanId(3)),
        ],
    )
    [q] = layer.quotations()
    assert (q.cue.id, q.speaker.id) == (2, 3)
    layer.remove_span(3)
    [q] = layer.quotations()
    assert q.speaker is None and len(layer.relations()) == 1
    layer.update_span(make(1, 2, 20, "QUOTE"))  # moved: its CUE relation stays
    assert layer.quotations()[0].cue.id == 2 and layer.spans_at(1) == []
