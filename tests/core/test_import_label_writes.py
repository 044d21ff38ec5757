"""An import writes the document labels and statuses of its new documents in bulk (core/ingest.py `_write`,
issue 27 item 2): no look-up per row, since a new document has none yet; the rows are those the look-up and
write per row gave (the same ids, values and order), for new documents, for documents the project held and
for a document repeated within the import.
"""

import sqlite3

import pytest

from annotator.core import ingest
from annotator.core.model import AnnotatedDocument, DocLabelRecord, Layer, SpanRecord
from annotator.core.project import Project

TIME_COLUMNS = {"at", "applied_at", "changed_at", "created_at", "updated_at"}


def document(name, stance, status, targets=("إسرائيل",), annotators=("A", "B")):
    text = f"قال الرئيس إن {name} ستنسحب"
    layers = [
        Layer(
            a,
            [SpanRecord("T1", 4, 10, "PER")],
            doc_labels=[DocLabelRecord("stance", target, stance) for target in targets],
            status=status,
        )
        for a in annotators
    ]
    return AnnotatedDocument(name, text, {}, layers)


def imports():
    """A project holding `old`, then an import mixing new documents, `old` again (labels set anew) and new
    documents repeated with another value (the last value wins), after `old` and right after themselves."""
    first = [document("old", "AGAINST", "new")]
    second = [
        document("a", "FAVOR", "done", targets=("إسرائيل", "غزة")),
        document("old", "FAVOR", "done", targets=("إسرائيل", "مصر")),
        document("b", "NONE", None),
        document("a", "AGAINST", "in_progress", annotators=("A",)),
        document("c", "FAVOR", "done"),
        document("c", "AGAINST", "new", annotators=("B",)),  # repeated at once: within one bulk write
    ]
    return first, second


def rows(path):
    conn = sqlite3.connect(path)
    out = {}
    for table in ("doc_labels", "status"):
        cols = [r[1] for r in conn.execute(f'PRAGMA table_info("{table}")')]
        keep = [i for i, c in enumerate(cols) if c not in TIME_COLUMNS]
        out[table] = [tuple(r[i] for i in keep) for r in conn.execute(f'SELECT * FROM "{table}" ORDER BY id')]
    conn.close()
    return out


def run(path, monkeypatch, batch, per_row):
    monkeypatch.setattr(ingest, "BATCH", batch)
    if per_row:  # every row looked up and written one by one, as before the bulk path
        monkeypatch.setattr(ingest._Bulk, "add", lambda self, new, key, value: False)
    first, second = imports()
    with Project(path) as project:
        project.import_documents(first)
        project.import_documents(second)
    return rows(path)


@pytest.mark.parametrize("batch", [1, 2, 512])
def test_bulk_label_writes_give_the_rows_of_writes_one_by_one(tmp_path, monkeypatch, batch):
    bulk = run(tmp_path / "bulk.annotator", monkeypatch, batch, per_row=False)
    monkeypatch.undo()
    one_by_one = run(tmp_path / "rows.annotator", monkeypatch, batch, per_row=True)
    assert bulk == one_by_one
    labels = {(doc, annotator, target): value for _, doc, annotator, _, target, value in bulk["doc_labels"]}
    assert labels[(2, "A", "إسرائيل")] == "AGAINST" and labels[(2, "B", "إسرائيل")] == "FAVOR"  # a, repeated
    assert labels[(1, "A", "إسرائيل")] == "FAVOR" and labels[(1, "A", "مصر")] == "FAVOR"  # old, set anew
    statuses = {(doc, annotator): status for _, doc, annotator, status in bulk["status"]}
    assert labels[(4, "A", "إسرائيل")] == "FAVOR" and labels[(4, "B", "إسرائيل")] == "AGAINST"
    assert statuses[(4, "A")] == "done" and statuses[(4, "B")] == "new"
    assert statuses[(2, "A")] == "in_progress" and statuses[(2, "B")] == "done" and (3, "A") not in statuses


def test_labels_of_new_documents_are_not_looked_up(tmp_path, monkeypatch):
    looked_up = []
    first, second = imports()
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents(first)
        store = project.store
        for name in ("doc_label", "status"):
            method = getattr(store, name)
            monkeypatch.setattr(
                store, name, lambda *args, _m=method, _n=name: looked_up.append((_n, args[0])) or _m(*args)
            )
        project.import_documents([doc for doc in second if doc.layers[0].status != "in_progress"])  # a once
    assert looked_up and {doc for _, doc in looked_up} == {1}  # only the document the project held


def test_document_label_names_are_checked_once_an_import_and_a_bad_one_is_still_refused(tmp_path, monkeypatch):
    checked = []
    problem_of = ingest.name_problem
    monkeypatch.setattr(
        ingest, "name_problem", lambda name, what: checked.append((name, what)) or problem_of(name, what)
    )
    docs = [document(f"d{k}", "FAVOR", None, targets=("إسرائيل", "غزة")) for k in range(20)]
    with Project(tmp_path / "p.annotator") as project:
        project.import_documents(docs)
        # task, two targets, one value; each checked once in 20 documents by two annotators
        assert sorted(checked) == sorted(
            [("stance", "task"), ("إسرائيل", "stance target"), ("غزة", "stance target"), ("FAVOR", "stance value")]
        )
        bad = [document("e1", "FAVOR", None), document("e2", "FAVOR", None, targets=("غزة\u202e",))]
        with pytest.raises(ingest.InputError, match=r"annotations\[0\]\.doc_labels\[0\]\.target: .*bidi control"):
            project.import_documents(bad)
        assert project.documents.count() == 20


def project_rows(project):
    """The document labels and statuses through the project (any backend), time stamps left out."""
    out = []
    for summary in sorted(project.documents.list(), key=lambda d: d.id):
        for annotator in ("A", "B"):
            out += [
                (summary.name, annotator, x.task, x.target, x.value)
                for x in project.store.doc_labels_of(summary.id, annotator)
            ]
            status = project.store.status(summary.id, annotator)
            out.append((summary.name, annotator, status.status if status else None))
    return out


@pytest.mark.parametrize("batch", [1, 512])
def test_bulk_label_writes_on_postgresql(monkeypatch, batch):
    from postgres_databases import drop_databases, new_database, server_or_skip

    server_or_skip()
    found = []
    try:
        for per_row in (False, True):
            monkeypatch.setattr(ingest, "BATCH", batch)
            if per_row:
                monkeypatch.setattr(ingest._Bulk, "add", lambda self, new, key, value: False)
            url = new_database()
            first, second = imports()
            with Project(url) as project:
                project.import_documents(first)
                project.import_documents(second)
                found.append(project_rows(project))
            monkeypatch.undo()
    finally:
        drop_databases()
    assert found[0] == found[1] and ("c", "B", "stance", "إسرائيل", "AGAINST") in found[0]
