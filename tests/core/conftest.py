from pathlib import Path

import pytest

from annotator.core.demo import demo_documents
from annotator.core.project import Project

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.fixture
def project(tmp_path):
    with Project(tmp_path / "p.annotator") as p:
        yield p


@pytest.fixture
def corpus_project(tmp_path):
    """A project holding the five demo articles and the tricky lines as documents."""
    with Project(tmp_path / "corpus.annotator") as p:
        docs = demo_documents()
        tricky = (DATA / "tricky.txt").read_text(encoding="utf-8")
        from annotator.core.model import AnnotatedDocument
        docs.append(AnnotatedDocument("tricky", tricky))
        p.import_documents(docs)
        yield p
