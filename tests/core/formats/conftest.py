"""Fixtures of the format tests: the demo articles and the tricky lines, annotated (format_fixtures.py)."""

from __future__ import annotations

import pytest
from format_fixtures import DATA, NAMES, TRICKY_NAMES, annotate

from annotator.core.demo import demo_documents
from annotator.core.model import AnnotatedDocument, default_schema


@pytest.fixture
def schema():
    return default_schema()


@pytest.fixture
def corpus() -> list[AnnotatedDocument]:
    """The five demo articles (Arabic names with spaces) annotated by A."""
    docs = [annotate(doc, NAMES) for doc in demo_documents()]
    # one quotation target with a space, one without: brat keeps them differently
    quote = [s.label for s in docs[1].layers[0].spans].index("QUOTE")
    docs[1].layers[0].spans[quote].attributes["target"] = "مجلس الأمن"
    return docs


@pytest.fixture
def tricky() -> AnnotatedDocument:
    text = (DATA / "tricky.txt").read_text(encoding="utf-8")
    return annotate(AnnotatedDocument("tricky lines ١", text), TRICKY_NAMES)


@pytest.fixture
def all_docs(corpus, tricky) -> list[AnnotatedDocument]:
    return corpus + [tricky]
