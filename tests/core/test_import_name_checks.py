"""An import checks each span label and relation type name once (issue 27 item 2: the same few names recur in
every document, and checking them per span and per relation was a tenth of checking an import): a name found
good is remembered for the import (`validate_document`'s `good_names`), a bad one is refused wherever it
comes, with its field, and a name that is not text is never taken for one seen before."""

import pytest

from annotator.core.errors import InputError
from annotator.core.ingest import validate_document
from annotator.core.model import AnnotatedDocument, Layer, RelationRecord, SpanRecord
from annotator.core.project import Project

TEXT = "قال الرئيس إن إسرائيل ستنسحب"


def document(name, label="PER", relation="SPEAKER"):
    spans = [SpanRecord("q", 0, 3, "CUE"), SpanRecord("p", 4, 10, label)]
    return AnnotatedDocument(name, TEXT, layers=[Layer("A", spans, [RelationRecord(relation, "q", "p")])])


def test_good_names_are_remembered_for_the_import_and_bad_ones_refused_after_them():
    good: set[tuple[str, str]] = set()
    validate_document(document("a"), good)
    assert {("PER", "label"), ("CUE", "label"), ("SPEAKER", "relation type")} <= good
    with pytest.raises(InputError, match=r"annotations\[0\]\.spans\[1\]\.label"):
        validate_document(document("b", label="has space"), good)
    with pytest.raises(InputError, match=r"annotations\[0\]\.relations\[0\]\.type"):
        validate_document(document("c", relation="has space"), good)
    with pytest.raises(InputError, match=r"annotations\[0\]\.relations\[0\]\.type"):
        validate_document(document("d", relation=["SPEAKER"]), good)  # (a list, from JSON)
    assert not {("has space", "label"), ("has space", "relation type")} & good


def test_an_import_refuses_a_bad_name_in_a_later_document_and_writes_nothing(tmp_path):
    with Project(tmp_path / "p.annotator") as project:
        with pytest.raises(InputError, match="relations"):
            project.import_documents([document(f"d{i}") for i in range(5)] + [document("bad", relation="a b")])
        assert project.documents.count() == 0
