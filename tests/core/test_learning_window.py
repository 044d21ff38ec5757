"""What the window's model loop asks of the core (issue 26): the model folder beside the project, and the
model's suggestions for one document (the open one) rather than every undone one."""

from pathlib import Path

import pytest

from annotator.core.errors import InputError
from annotator.core.learning import default_model_dir, suggest_with_model, train
from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project


def test_the_window_keeps_an_annotators_model_beside_the_project(tmp_path):
    project = tmp_path / "news.annotator"
    assert default_model_dir(project, "A") == tmp_path / "news.annotator.models" / "A"
    assert default_model_dir(project, "ليلى") == tmp_path / "news.annotator.models" / "ليلى"
    assert default_model_dir(project, "a/b:c") == tmp_path / "news.annotator.models" / "a_b_c"
    assert default_model_dir(project, "..").name == "_"
    with pytest.raises(InputError, match="server"):
        default_model_dir(Path("postgresql://me:***@host/news"), "A")


def test_suggestions_for_the_open_document_only(tmp_path, monkeypatch):
    pytest.importorskip("spacy")
    from annotator.core.learning import training

    monkeypatch.setattr(training, "MIN_UPDATES", 5)
    text = "قال أحمد إن الوفد سيصل إلى القاهرة غدا.\n"
    a, q = text.index("أحمد"), text.index("القاهرة")
    spans = [SpanRecord("T1", a, a + 4, "PER"), SpanRecord("T2", q, q + 7, "GPE")]
    done = [AnnotatedDocument(f"d{i}", text, layers=[Layer("A", spans, status="done")]) for i in range(4)]
    with Project(tmp_path / "news.annotator") as project:
        project.import_documents([*done, AnnotatedDocument("open", text), AnnotatedDocument("other", text)])
        folder = default_model_dir(project.path, "A")
        train(project, "A", folder, holdout=0, epochs=2)
        opened, other = project.documents.by_name("open").id, project.documents.by_name("other").id
        suggest_with_model(project, "A", folder, min_score=0.0, document_ids=[opened])
        assert project.suggestions.for_document(other, "A") == []
        done_id = project.documents.by_name("d0").id
        suggest_with_model(project, "A", folder, min_score=0.0, document_ids=[done_id])  # done: never
        assert project.suggestions.for_document(done_id, "A") == []
