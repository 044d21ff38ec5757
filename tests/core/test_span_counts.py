"""Spans.counts: per document and label, one annotator's spans (the GUI's document list shows them)."""

from annotator.core.model import AnnotatedDocument
from annotator.core.project import Project


def test_counts_per_document_and_label_for_one_annotator(tmp_path):
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents(
            [AnnotatedDocument("a", "قال نتنياهو في واشنطن"), AnnotatedDocument("b", "بايدن في غزة")]
        )
        a, b = (project.documents.by_name(n).id for n in ("a", "b"))
        project.spans.add(a, "A", 4, 11, "PER")
        project.spans.add(a, "A", 15, 21, "GPE")
        project.spans.add(a, "B", 4, 11, "PER")
        project.spans.add(b, "A", 0, 5, "PER")
        project.spans.add(b, "A", 9, 12, "GPE")
        project.spans.add(b, "A", 0, 12, "QUOTE")
        assert project.spans.counts("A") == {a: {"PER": 1, "GPE": 1}, b: {"PER": 1, "GPE": 1, "QUOTE": 1}}
        assert project.spans.counts("B") == {a: {"PER": 1}}
        assert project.spans.counts("nobody") == {}
