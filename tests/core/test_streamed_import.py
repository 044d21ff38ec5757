"""An import streams (core/ingest.py, core/importing.py, issue 27 item 2): documents are read, checked,
planned and written a batch at a time inside the one transaction, so an import holds one batch, never
the file. These tests hold it to the same rows as one batch would write, to its all-or-nothing promise,
and to memory that does not grow with the file.
"""

import json
import sqlite3
import tracemalloc

import pytest

from annotator.core import ingest
from annotator.core.errors import InputError
from annotator.core.importing import import_files
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, RelationRecord, SpanRecord
from annotator.core.project import Project

WORDS = ["قال", "الرئيس", "إن", "إسرائيل", "ستنسحب", "من", "غزة", "وأضاف", "الوزير", "أمس"]
TIME_COLUMNS = {"at", "applied_at", "changed_at", "created_at", "updated_at"}


def article(i, annotators=("A", "B"), label=None, pad=0):
    text = " ".join(WORDS[(i + k) % len(WORDS)] for k in range(12))
    layers = []
    for a in annotators:
        spans, pos = [], 0
        for k, word in enumerate(text.split(" ")):
            if k % 3 == 0:
                spans.append(SpanRecord(f"T{k}", pos, pos + len(word), label or ("PER" if k % 2 else "GPE")))
            pos += len(word) + 1
        relations = [RelationRecord("SPEAKER", spans[0].id, spans[1].id)]
        labels = [DocLabelRecord("stance", f"هدف{i % 3}", "AGAINST")]
        layers.append(Layer(a, spans, relations, labels, "done" if i % 2 else None))
    return AnnotatedDocument(f"doc-{i}", text, {"n": i, **({"note": "x" * pad} if pad else {})}, layers)


def corpus():
    """Documents where batches matter: a label and a target first seen late, and documents repeated
    later (same text, more layers: merged into the first)."""
    docs = [article(i) for i in range(12)]
    docs.append(article(12, label="EVENT"))
    docs += [article(1, annotators=("C",)), article(2, annotators=("A",)), article(13)]
    return docs


def rows(path):
    """Every table's rows, time stamps left out, in a stable order."""
    conn = sqlite3.connect(path)
    out = {}
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
        keep = [i for i, c in enumerate(cols) if c not in TIME_COLUMNS]
        out[name] = sorted((tuple(r[i] for i in keep) for r in conn.execute(f'SELECT * FROM "{name}"')), key=repr)
    conn.close()
    return out


def import_with(path, docs, batch, monkeypatch, before=()):
    monkeypatch.setattr(ingest, "BATCH", batch)
    with Project(path) as project:
        if before:
            project.import_documents(before)
        return project.import_documents(docs)


@pytest.mark.parametrize("batch", [1, 3, 5])
def test_batches_write_what_one_batch_writes(tmp_path, monkeypatch, batch):
    before = [article(3, annotators=("A",)), article(40)]
    whole = import_with(tmp_path / "whole.annotator", corpus(), 10**9, monkeypatch, before)
    streamed = import_with(tmp_path / "streamed.annotator", corpus(), batch, monkeypatch, before)
    assert streamed == whole
    assert whole.documents_existing == 1 and whole.notices  # the late label and targets were noticed
    assert rows(tmp_path / "streamed.annotator") == rows(tmp_path / "whole.annotator")


def test_a_bad_document_in_a_later_batch_leaves_nothing(tmp_path, monkeypatch):
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents([article(40)])
    before = rows(path)
    bad = corpus()
    bad[9].layers[0].spans[0].start = 10_000
    monkeypatch.setattr(ingest, "BATCH", 2)
    with Project(path) as project, pytest.raises(InputError, match=r"annotations\[0\].spans\[0\]"):
        project.import_documents(bad)
    assert rows(path) == before


def write_jsonl(path, docs, deep_at=None):
    from annotator.core.formats.jsonl import document_to_json

    with path.open("w", encoding="utf-8") as handle:
        for i, doc in enumerate(docs):
            obj = document_to_json(doc)
            if i == deep_at:
                deep = []
                for _ in range(150):
                    deep = [deep]
                obj["meta"]["deep"] = deep
            handle.write(json.dumps(obj, ensure_ascii=False) + "\n")
    return path


def test_a_too_deep_line_after_the_first_batch_is_refused_with_its_line(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "BATCH", 2)
    source = write_jsonl(tmp_path / "in.jsonl", corpus(), deep_at=6)
    path = tmp_path / "p.annotator"
    with Project(path) as project:
        project.import_documents([article(40)])
    before = rows(path)
    with pytest.raises(InputError) as caught:
        import_files([source], lambda: Project(path))
    assert str(caught.value) == (
        f"{source}:7: JSON nested deeper than 100 levels; no document needs that: check the file"
    )
    assert rows(path) == before


def test_renaming_a_file_of_two_annotators_is_refused_after_the_first_batch_too(tmp_path, monkeypatch):
    monkeypatch.setattr(ingest, "BATCH", 2)
    docs = [article(i, annotators=("A",)) for i in range(5)] + [article(9, annotators=("B",))]
    source = write_jsonl(tmp_path / "in.jsonl", docs)
    path = tmp_path / "p.annotator"
    with pytest.raises(InputError, match="holds the work of A, B; --annotator can rename one annotator only"):
        import_files([source], lambda: Project(path), annotator="X")
    with Project(path) as project:
        assert project.documents.count() == 0


def peak_of_import(tmp_path, n):
    source = write_jsonl(tmp_path / f"in-{n}.jsonl", [article(i, pad=6000) for i in range(n)])
    path = tmp_path / f"p-{n}.annotator"
    tracemalloc.start()
    try:
        report = import_files([source], lambda: Project(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert report.documents_added == n
    return peak


def test_import_memory_does_not_grow_with_the_file(tmp_path, monkeypatch):
    # Both files are many batches long, and over the MiB that telling formats apart reads of a file: the
    # peak is one batch's, plus each document's name and id. (Read whole, 2,000 would be ten times 200.)
    monkeypatch.setattr(ingest, "BATCH", 50)
    peak_of_import(tmp_path, 60)  # what a first import loads once (the tokenizer's word lists)
    small = peak_of_import(tmp_path, 200)
    large = peak_of_import(tmp_path, 2000)
    assert large < 1.5 * small, (small, large)


def test_an_import_asks_for_its_batches_names_never_for_every_name(tmp_path, monkeypatch):
    """A batch asks the project which of its own names it holds (an earlier batch's documents included, in
    the same transaction), so an import keeps no name of the project's or of its own earlier batches."""
    from annotator.core.store.documents import DocumentRows

    asked = []
    real = DocumentRows.document_fingerprints_of

    def spy(self, names):
        names = list(names)
        asked.append(len(names))
        return real(self, names)

    monkeypatch.setattr(DocumentRows, "document_fingerprints", lambda self: pytest.fail("read every name"))
    monkeypatch.setattr(DocumentRows, "document_fingerprints_of", spy)
    path = tmp_path / "p.annotator"
    import_with(path, corpus(), 3, monkeypatch, before=[article(0), article(5)])
    assert asked and max(asked) <= 3
    plain = tmp_path / "plain.annotator"
    monkeypatch.undo()
    import_with(plain, corpus(), 1000, monkeypatch, before=[article(0), article(5)])
    assert rows(path) == rows(plain)  # the same rows as one batch that held every name


def test_the_records_made_per_span_relation_and_label_hold_no_dict():
    # an import makes one per span (944,000 at 10,000 articles): with slots, in half the time and memory
    import pickle

    from annotator.core.model import DocLabelRecord, RelationRecord, SpanRecord

    records = [SpanRecord("T1", 0, 3, "PER", {"k": "v"}, "قال"), RelationRecord("speaker", "T1", "T2")]
    records.append(DocLabelRecord("stance", "غزة", "FAVOR"))
    for record in records:
        assert not hasattr(record, "__dict__"), type(record).__name__
        assert pickle.loads(pickle.dumps(record)) == record  # (documents go to export workers by pickle)
