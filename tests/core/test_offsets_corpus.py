"""Offsets are code points into the stored text, and every span's text is text[start:end], on the real corpus."""

import pytest

from annotator.core.errors import InputError

# Substrings that break naive code: emoji and flags (astral, ZWJ), tashkeel, tatweel, «» and “” quotes,
# Arabic-Indic and Latin digits, bidi marks, lam-alef ligature forms.
PIECES = [
    "🇺🇸🇮🇱",
    "👩‍👩‍👧",
    "المُتَحَدِّثُ",
    "نتنيـــــاهو",
    "«لا تعليق»",
    "“مزدوجة”",
    "١٢٣",
    "۴۵۶",
    "789",
    "CNN",
    "اليمين\u200e",
    "ﻻ",
    "لواشنطن",
    "مسئول",
]


def find(project, needle):
    for summary in project.documents.list():
        text = project.documents.get(summary.id).text
        at = text.find(needle)
        if at >= 0:
            return summary.id, text, at
    raise AssertionError(f"{needle!r} not in the corpus")


@pytest.mark.parametrize("needle", PIECES)
def test_span_text_is_the_text_at_its_code_point_offsets(corpus_project, needle):
    doc_id, text, at = find(corpus_project, needle)
    span = corpus_project.spans.add(doc_id, "A", at, at + len(needle), "MISC")
    assert span.text == needle == text[span.start : span.end]
    assert corpus_project.spans.get(span.id).text == needle
    assert corpus_project.check() == []


def test_spans_after_astral_characters_keep_their_offsets(corpus_project):
    doc_id, text, at = find(corpus_project, "علَمان")  # after two flags (4 astral code points)
    assert text[:at].count("🇺") == 1
    span = corpus_project.spans.add(doc_id, "A", at, at + len("علَمان"), "MISC")
    assert span.text == "علَمان"


def test_real_article_quotes_and_names(corpus_project):
    for needle in ("“", "«وقف فوري»", "نتنياهو", "2728", "(AP/Carolyn Kaster)", "جَنُوب", "SCG"):
        doc_id, text, at = find(corpus_project, needle)
        span = corpus_project.spans.add(doc_id, "B", at, at + len(needle), "MISC")
        assert span.text == needle
    assert corpus_project.check() == []


def test_offsets_outside_the_text_are_refused(corpus_project):
    doc_id, text, _ = find(corpus_project, "CNN")
    for start, end in ((-1, 3), (5, 5), (7, 3), (0, len(text) + 1)):
        with pytest.raises(InputError):
            corpus_project.spans.add(doc_id, "A", start, end, "PER")
    with pytest.raises(InputError, match="not in the schema"):
        corpus_project.spans.add(doc_id, "A", 0, 3, "NOPE")


def test_check_finds_a_span_whose_text_no_longer_matches(corpus_project):
    import sqlite3

    doc_id, text, at = find(corpus_project, "CNN")
    span = corpus_project.spans.add(doc_id, "A", at, at + 3, "ORG")
    path = corpus_project.path
    with sqlite3.connect(path) as raw:  # simulate corruption from outside the app
        raw.execute("UPDATE spans SET start = start + 1 WHERE id = ?", [span.id])
    problems = corpus_project.check()
    assert len(problems) == 1 and "does not match" in problems[0]
