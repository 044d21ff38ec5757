"""Property: any text (astral characters, combining marks, ZWJ, bidi marks) with any spans survives
import -> export -> import exactly, and every stored span's text is text[start:end]."""

import io
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.core.formats import jsonl
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project

# Any code point but surrogates and NUL (which no text file can hold), weighted toward the hard cases.
hard = st.sampled_from(
    [
        "🇺🇸",
        "👩\u200d👩\u200d👧",
        "\u064e",
        "\u0640",
        "\u200f",
        "\u200e",
        "\ufefb",
        "\r\n",
        "\r",
        "«",
        "»",
        "١",
        "ل",
        "و",
        "\u200c",
        "\u200d",
    ]
)
any_char = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
texts = st.lists(st.one_of(hard, any_char), min_size=1, max_size=60).map("".join)


@st.composite
def documents(draw):
    text = draw(texts)
    n = len(text)
    spans = []
    for i, (a, b) in enumerate(draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, n)), max_size=8))):
        start, end = min(a, b), max(a, b)
        if start == end:
            end = start + 1
        label = draw(st.sampled_from(["PER", "ORG", "QUOTE", "X-NEW"]))
        spans.append(SpanRecord(f"T{i + 1}", start, min(end, n), label, {"k": draw(st.text(max_size=3))}))
    return AnnotatedDocument("doc", text, {"m": "ميتا"}, [Layer("A", spans)])


def export(project):
    out = io.StringIO()
    jsonl.write_lines(project.annotated_documents(), out)
    return out.getvalue()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_round_trip_of_random_texts_and_spans(doc):
    with tempfile.TemporaryDirectory() as tmp:
        with Project(Path(tmp) / "a.annotator") as first:
            first.import_documents([doc])
            stored = first.documents.get(first.documents.list()[0].id)
            assert stored.text == doc.text  # stored exactly, \r included (only .txt intake changes newlines)
            for span in first.spans.for_document(stored.id):
                assert span.text == doc.text[span.start : span.end]
            assert first.check() == []
            exported = export(first)
        path = Path(tmp) / "x.jsonl"
        path.write_text(exported, encoding="utf-8", newline="\n")
        with Project(Path(tmp) / "b.annotator") as second:
            second.import_documents(jsonl.read(path))
            assert export(second) == exported
        unique = {(s.start, s.end, s.label) for s in doc.layers[0].spans}
        assert exported.count('"label"') == len(unique)
