"""The PostgreSQL store's bulk path (issue 25): an import's rows reach the server as COPY, not one INSERT a row,
and arrive exactly as given (tabs, backslashes, line breaks, emoji, JSON attributes). The server tests are
skipped without ANNOTATOR_TEST_POSTGRES (tests/postgres_server.py starts a server)."""

from __future__ import annotations

import pytest
from postgres_databases import drop_databases, new_database, server_or_skip

from annotator.core.model import AnnotatedDocument, Layer, SpanRecord
from annotator.core.project import Project


def test_only_inserts_of_plain_values_become_copy():
    pytest.importorskip("psycopg")
    from annotator.core.store.postgres import _copy_statement

    assert _copy_statement('INSERT INTO spans (id, document_id, "end") VALUES (?, ?, ?)') == (
        'COPY spans (id, document_id, "end") FROM STDIN'
    )
    assert _copy_statement("INSERT OR REPLACE INTO settings (key, value_json) VALUES (?, ?)") is None
    assert _copy_statement("INSERT OR IGNORE INTO annotators (name) VALUES (?)") is None
    assert _copy_statement("INSERT INTO documents (name, meta) VALUES (?, json(?))") is None
    assert _copy_statement("INSERT INTO documents (name, text) SELECT name, text FROM old") is None
    assert _copy_statement("UPDATE documents SET tokens = ? WHERE id = ?") is None


def test_an_import_goes_as_copy_and_arrives_exactly(monkeypatch):
    server_or_skip()
    import psycopg

    copies: list[str] = []
    real_copy = psycopg.Cursor.copy

    def counted(self, statement, *args, **kwargs):
        copies.append(str(statement))
        return real_copy(self, statement, *args, **kwargs)

    monkeypatch.setattr(psycopg.Cursor, "copy", counted)
    word = "كلمة\tو\\n👩‍👩‍👧 "
    text = word * 100 + "\nسطر آخر"
    spans = [
        SpanRecord(f"T{k}", k * len(word), k * len(word) + 6, "PER", {"note": '\\t\t"', "k": k}) for k in range(100)
    ]
    try:
        url = new_database()
        with Project(url) as p:
            p.import_documents([AnnotatedDocument("a \\ b", text, layers=[Layer("A", spans)])])
        assert any(c.startswith("COPY spans") for c in copies)
        with Project(url, read_only=True) as p:
            (doc,) = p.documents.list()
            assert doc.name == "a \\ b" and p.documents.get(doc.id).text == text
            stored = p.spans.for_document(doc.id, "A")
            assert [(s.start, s.end, s.text, s.attributes) for s in stored] == [
                (r.start, r.end, text[r.start : r.end], r.attributes) for r in spans
            ]
    finally:
        drop_databases()
